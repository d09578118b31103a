"""The LanguageTool engine: paragraphs -> cached or concurrent server checks -> hits in code points."""

from __future__ import annotations

import bisect
import functools
import itertools
import os
import queue
import re
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lint.config import LanguageToolConfig
from lint.engines import EngineError, EngineResult
from lint.engines.languagetool.cache import ResultCache, cache_key
from lint.engines.languagetool.evidence import not_a_word, rare_real_word, short_noise, unmatched
from lint.engines.languagetool.install import LT_VERSION, cache_root
from lint.engines.rules.kinds.base import in_address
from lint.lexicon import Lexicon, load_lexicon
from lint.metadata import in_metadata, metadata_spans
from lint.model import Hit, Severity
from lint.source import TextSource
from lint.words import Vocabulary, edits1, is_probable_name, lowercase_words

if TYPE_CHECKING:  # imported when a request is due: a cached run never loads the HTTP client
    from lint.engines.languagetool import server
    from lint.engines.languagetool.client import Client

#: LanguageTool rules off by default: they flag a preference (US against British usage, comma
#: style, sentence variety), not an error, and they fired on the clean corpus
#: (bench/corpus/clean) or on correct sentences of seeds/. Measured with
#: tests/languagetool/measure_fp.py; the numbers are in tests/languagetool/README.md.
#: Rules whose comment starts with a count were measured on the real-docs subset of
#: bench/precision.py (150,597 words, issue 10): that many findings, none an error a person
#: would fix (typography, comma style, part-of-speech guesses that jargon defeats), and no
#: bench/eval.py class depends on them (recall per class unchanged, bench/results/precision.md).
#: Rules whose comment says 'debatable' or 'false' were measured on the labelled samples of all
#: four precision subsets (bench/precision_labels.yaml): that many labelled findings, none real.
#: A project turns one back on by setting its own ``disabled-rules`` list (it replaces this one).
DEFAULT_DISABLED_RULES: tuple[str, ...] = (
    "ADVERB_OR_HYPHENATED_ADJECTIVE",  # 2: 'an existing interned string', 'a full featured system'
    "ADVERB_WORD_ORDER",  # 'They often are not.'
    "AFFECT_EFFECT",  # 3: 'side-effects'
    "AFFORD_VBG",  # 3 labelled, none real (2 false, 1 debatable): a gerund after 'afford'
    "AFTERWARDS_US",  # 'afterwards' is correct British English
    "ANYMORE_ADVERB",  # 3 on the precision subsets, all false: "doesn't ... anymore" (an adverb)
    "ANY_BODY",  # 2: 'no body is sent' (an HTTP body)
    # ARROWS: '->' to an arrow; 27 findings on the real-docs subset (bench/precision.py), all '->' in
    # changelogs ('middlware -> middleware') where the ASCII arrow is the convention.
    "ARROWS",
    "ARTICLE_ADJECTIVE_OF",  # 3: 'an iterable of ints'
    "A_BIT_OF",  # 2 false: 'getting a bit aggro' (an adjective after 'a bit')
    # A_INFINITIVE, A_RB_NN, KIND_OF_A, MISSING_COMMA_WITH_NNP, NON_STANDARD_WORD, PREPOSITION_VERB:
    # measured on the real-docs subset of bench/precision.py and a second seeded subset of
    # 150,000 words that shares part of its files: 2-5 distinct findings each, none an error;
    # part-of-speech guesses that code words used as nouns defeat, and comma style.
    "A_INFINITIVE",  # 3: 'after the detach occurs', 'a write() method', 'the ignore case flag'
    "A_INSTALL",  # 4 debatable: 'the install process', 'installs' (a noun in software)
    "A_RB_NN",  # 2: 'an in-place change', 'a finally clause'
    "BEEN_PART_AGREEMENT",  # 3: 'if callback param is object'
    # BIT_HYPHEN: 17 on the second validation subset, all '2048 bit RSA key': hyphenation style.
    "BIT_HYPHEN",
    # ADVERB_OR_HYPHENATED_ADJECTIVE, BOTH_AS_WELL_AS, CA_BRAND_NEW, COPY_PASTE, HAVE_A_LOOK,
    # IN_OR_WITH_REGARDS_TO_OF, MISSING_HYPHEN, ONE_TO_MANY_HYPHEN, RETURN_IN_THE: style and usage
    # preferences, measured on the real-docs subset of bench/precision.py and on its held-out
    # subset (seed 20261203): none of their findings an error, all of them style ('both ... as
    # well as', 'have a look', the hyphens of compound modifiers) or wrong.
    "BOTH_AS_WELL_AS",  # 7: 'both positional as well as keyword arguments'
    "BY_DEFAULT_COMMA",  # 4: comma style
    "CAFE_DIACRITIC",  # 1 false: '"café" becomes "cafe"' (the ASCII form named on purpose)
    "CA_BRAND_NEW",  # 2: 'a brand new project'
    "CD_NN",  # 2: 'default 404 handler'
    "CELSIUS",  # 4 debatable: lowercase unit names of a units library ('celsius', 'fahrenheit')
    # COMMA_AFTER_A_MONTH: 2 on the held-out subset and 20 on the second validation subset, all
    # dates written '17th May, 2023' or 'December, 2021': comma style.
    "COMMA_AFTER_A_MONTH",
    "COMMA_COMPOUND_SENTENCE",
    "COMMA_COMPOUND_SENTENCE_2",  # 'the roads were bad and the trains were worse'
    "COMMA_COMPOUND_SENTENCE_3",  # 2: comma style
    "COMMA_PARENTHESIS_WHITESPACE",  # 34: generated changelog links '( [#6046](...) )', 'cs,ru,sk'
    "COMMA_THANKS",  # 1 false: 'Great thanks for your support!' (no interjection)
    "CONDITIONAL_CLAUSE",  # 4 labelled, none real: the polite 'If you would prefer'
    "COPYRIGHT",  # 4 debatable: 'Copyright (c) 2010' for the sign
    "COPY_PASTE",  # 2: 'copy paste pleasure'
    "CROSS_COMPOUNDS",  # 2 debatable: open or closed compounds
    "DASH_RULE",  # 7 labelled, none real: a hyphen for a dash in '1 - 64', lists, ranges (typography)
    "DOUBLE_CLICK_HYPHEN",  # 4, one labelled debatable, the rest read: 'double clicking' (hyphenation style)
    "DOUBLE_PUNCTUATION",  # 7: a deliberate '..' ellipsis, the '..' of a directive
    "DT_JJ_NO_NOUN",  # 3 false: 'A callable is used', 'An introspectable' (adjectives used as nouns in code)
    "ENGLISH_WORD_REPEAT_BEGINNING_RULE",  # three sentences starting 'On', 'He': style
    # EN_COMPOUNDS: the Java compound rule ('time server' -> 'timeserver', 'case sensitive' ->
    # 'case-sensitive'), outside the COMPOUNDING category: 1 of the 8 false alarms on clean news,
    # 32 findings on the real-docs subset, all hyphenation preferences.
    "EN_COMPOUNDS",
    "EN_UNPAIRED_BRACKETS",  # 12: ranges '[0, n)', link syntax, brackets closed after markup
    "EN_US_SIMPLE_REPLACE_LORRIES",  # 'lorries' is British English
    "ET_AL",  # 3: 'attr.define() et al'
    # FILE_EXTENSIONS_CASE: 16 findings on real docs, all 'html entities', 'js extensions': style.
    "FILE_EXTENSIONS_CASE",
    "FR",  # 7, all false: 'Fr' for Friday in tables of day names, the language code 'fr'
    "HAVE_A_LOOK",  # 5: 'have a look at', which LanguageTool calls British
    "HAVE_PART_AGREEMENT",  # 2: 'a cursor to have execute() called'
    "HELL",  # 2 false: 'shell' in 'the operating system shell prompt'
    # HE_VERB_AGR stays on: it flags agreement errors ('she have a apple'); its 2 false alarms on
    # real docs ('Bug fix for raw queries' heading change-log entries) do not pay for that class.
    "HYPHEN_TO_EN",  # 3: '0-3 arguments', '1-2 months'
    "ID_CASING",  # 3: 'session id', 'a unique id'
    "IF_WE_CANT_COMMA",  # 2 debatable: comma style
    "INDEPENDENTLY_FROM_OF",  # 2 debatable: 'independently from' (usage)
    "IN_OR_WITH_REGARDS_TO_OF",  # 2: 'with regards to'
    "I_LOWERCASE",  # 2: the variable 'i', the option '-i'
    "KIND_OF_A",  # 3: 'the return type of a function call', 'the type of a tuple'
    "LOGGED_IN_HYPHEN",  # 2 debatable: 'the logged in user' (hyphenation of a modifier)
    # MARKDOWN_NNP: 14 on the fourth validation set, 8 sampled: 6 debatable ('markdown syntax'), 2 false
    # (the package 'markdown'): casing of the language's name.
    "MARKDOWN_NNP",
    "META_DATA",  # 2 debatable: 'meta data' (closed or open compound)
    "MISSING_COMMA_AFTER_INTRODUCTORY_PHRASE",  # 2: comma style
    "MISSING_COMMA_AFTER_YEAR",  # 'some style guides suggest'
    "MISSING_COMMA_BETWEEN_DAY_AND_YEAR",  # 2 debatable: date comma style
    "MISSING_COMMA_WITH_NNP",  # 5: 'Thanks Daniel Hahler.' in release notes: comma style
    "MISSING_HYPHEN",  # 2: '10,000 foot view', 'right hand side'
    "NEITHER_NOR_SUPERFLUOUS_COMMA",  # 2 debatable: 'neither the User query, nor the Tweet query' (comma style)
    "NON_STANDARD_WORD",  # 2: the emoticon ':D', the TeX subscript 'alpha_m'
    "NOUN_APOSTROPHE_S_VERB",  # 3, all false: "Alembic's install process", "the module's connect()" (possessives)
    "NOUN_VERB_CONFUSION",  # 4: 'will timeout', 'must opt-in'
    "NO_COMMA_BEFORE_SO",  # 2 debatable: comma style
    # NUMBERS_IN_WORDS: 16 findings on real docs, all commit hashes ('ec3eceb') in changelogs.
    "NUMBERS_IN_WORDS",
    "ONE_PLURAL",  # 2 false: 'step 1 hacks', '1 nodes' where 1 names a step
    "ONE_TO_MANY_HYPHEN",  # 2: 'a one to many relationship'
    "PASSED_PAST",  # 2 false: 'passed' correct as a verb of code
    "PERIOD_QUOTE_PERIOD",  # 3 false: a quoted '.' then the full stop
    "PER_CENT",  # 'per cent' is British English
    "PER_USER_BASIS_HYPHEN",  # 1 debatable: hyphenation of a compound modifier, like SIMPLE_TO_USE_HYPHEN
    # POSSESSIVE_APOSTROPHE: 13 findings on real docs and 2 of the 8 false alarms on clean news,
    # none an error ('the missing satellites problem', 'the values error, warn').
    "POSSESSIVE_APOSTROPHE",
    "PREPOSITION_VERB",  # 2: 'a publish snafu', 'the create statements'
    "PRP_COMMA",  # 3 debatable: a comma to set off a pronoun (comma style)
    "PRP_MD_NN",  # 2 false: 'you can union the' (a noun of code used as a verb)
    "QUOTATION_MARKS_COMMA",  # 2 debatable: US or British placement of a comma
    "REPEATED_VERBS",  # 3 (held-out subset): 'you can set setting keys', a verb and a noun
    "RETURN_IN_THE",  # 2: 'are returned in the response', 'returned in LIFO order'
    "SENTENCE_WHITESPACE",  # 4: '!MemoryDebugger' (reST), '..Understandably'
    # SENT_START_CONJUNCTIVE_LINKING_ADVERB_COMMA: 29 on real docs, all 'However there is': comma style.
    "SENT_START_CONJUNCTIVE_LINKING_ADVERB_COMMA",
    "SHORT_COMPARATIVES",  # 3, one labelled debatable, the rest read: 'more strict' for 'stricter' (usage)
    "SIMPLE_TO_USE_HYPHEN",  # 2 debatable: 'an easy to use class' (hyphenation of a compound modifier)
    "SI_UNITS_OF_MEASUREMENT_ADJECTIVES_BRE",  # '4-metre telescope'
    # SPACE_BEFORE_PARENTHESIS: 43 on real docs, all code or commit scopes ('chore(docs):', 'count(value)').
    "SPACE_BEFORE_PARENTHESIS",
    "THANKS_SENT_END_COMMA",  # 2 debatable: 'sorry' at a sentence end (comma style)
    "THE_PUNCT",  # 2 false: 'func(*a, **kw)' and code set as text
    "THE_SUPERLATIVE",  # 4: 'best effort', 'oldest supported'
    "THIS_NNS",  # 2: 'the *these* argument'
    "THIS_NNS_VB",  # 3, all false: 'This triggers [release automation]', 'this follows:' (verbs)
    "TOO_ADJECTIVE_TO",  # 3, all false: 'Set to False to disable' (the value False, not 'too')
    "TO_DO_HYPHEN",  # 2: the 'todo' directive
    # UNICODE_CASING: 21 on real docs, all 'unicode string' (lowercase, as Python writes it).
    "UNICODE_CASING",
    "UNLIKELY_OPENING_PUNCTUATION",  # 32 labelled false, none real: brackets and colons of code, tables, emoji shortcodes
    "UPPERCASE_SENTENCE_START",  # 95: changelog entries ('closes #12'), list fragments
    "VERB_APOSTROPHE_S",  # 3: 'expand's concurrency' (an operator's name)
    "VICE_VERSA",  # 5 debatable: 'vice-versa' for 'vice versa' (a spelling variant)
    "WHITE_HOUSE",  # 'the white house with the blue shutters'
)

#: LanguageTool categories off by default: those LanguageTool itself types as style, and
#: compounding ('street lamp' -> 'streetlamp', 'time server' -> 'timeserver': 2 of the 8 false
#: alarms on clean news; 32 findings on the real-docs subset, all hyphenation preferences).
#: On the real-docs subset these categories drew 59 findings (0.39 per 1,000 words): 'whether
#: or not', 'outside of', 'all of the', 'etc' without a period; none is an error.
DEFAULT_DISABLED_CATEGORIES: tuple[str, ...] = (
    "AMERICAN_ENGLISH_STYLE",
    "COMPOUNDING",
    "REDUNDANCY",
    "REPETITIONS_STYLE",
    "STYLE",
    "TON_ACADEMIC",
)

SEVERITY_BY_ISSUE_TYPE: Mapping[str, Severity] = {
    "misspelling": Severity.ERROR,
    "grammar": Severity.WARNING,
}
SPELLING_RULE_PREFIXES = ("MORFOLOGIK_RULE_", "HUNSPELL_RULE", "SPELLING_RULE")
#: Longest text sent in one request, in code points (at most twice that in UTF-16 units, which
#: stays under the 50,000 of our own server and the public server's 20 KB for normal prose).
MAX_CHUNK = 10_000
#: Most code points of several paragraphs packed into one request. The server checks small
#: requests slower per character (its log on 1 MB of prose, 4 concurrent requests on 2 CPUs:
#: under 1,000 characters 889 chars/s, 1-3k 1,986, 3-7k 2,126, 7-10k 2,656), so batches are as
#: large as a long paragraph's chunk. A paragraph longer than this goes alone.
BATCH_LIMIT = MAX_CHUNK
#: Batches that paragraphs may still join while packing (``pack``). On 1 MB of the bench's
#: prose, ending a batch at the first paragraph that may not follow it gave 143 requests for
#: 102 full ones' worth of text; keeping 8 open gives 116, nearly all over 9,000 code points.
OPEN_BATCHES = 8
#: What joins the paragraphs of one request: a blank line, where LanguageTool ends a paragraph,
#: so that no sentence runs from one paragraph into the next.
SEPARATOR = "\n\n"
#: Quotes that LanguageTool's UPPERCASE_SENTENCE_START skips before a sentence's first word.
_OPENING_QUOTES = "\"'„»«“‘"
#: Symbols that EN_UNPAIRED_QUOTES and EN_UNPAIRED_BRACKETS pair, also across paragraphs. A
#: paragraph where they pair up within it (in order, every opener closed) leaves nothing open for
#: the next one and may share a request; any other goes alone. An apostrophe inside a word is
#: not one; any other ' or ’ (a possessive 'students’', a single quote) makes the paragraph go alone.
_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»"}
_SYMBOLS = re.compile(r"[()\[\]{}“”«»\"„‘]|(?<!\w)['’]|['’](?!\w)")
_DOUBLE_QUOTES = frozenset('"“”')
#: The quotes of EN_UNPAIRED_QUOTES: '“', '”', '"', '‘' and the other single quotes not inside a word.
_QUOTES = re.compile(r"[“”\"‘]|(?<!\w)['’]|['’](?!\w)")
_DOUBLE = re.compile(r'[“”"]')
#: What a straight double quote that closes beyond doubt follows (LanguageTool's tokens).
_CLOSES = re.compile(r"[^\W_]|[.,!?;:]")
#: An inch mark: a straight double quote right after a digit.
_INCH = re.compile(r'\d"')
#: Rules that compare a paragraph with the rest of the text (one spelling variant of a word, one
#: kind of apostrophe). A batch where one fires is checked again a paragraph at a time; where none
#: fires, no paragraph alone would have made one fire either.
WHOLE_TEXT_RULES = frozenset({"EN_WORD_COHERENCY", "EN_CONSISTENT_APOS"})
MAX_SUGGESTIONS = 3
#: Threads that check requests in LanguageTool's server (its default ``maxCheckThreads``; the
#: managed server's log says "Setting up thread pool with 10 threads"): more in flight only queue.
SERVER_THREADS = 10
_KEPT_REPLACEMENTS = 8
#: How LT 6.8's en-US speller words a correct British spelling ('‘colour’ is British English.').
_VARIANT = re.compile(r"\bis (British|American|Australian|Canadian|New Zealand|South African) English\b")
_BREAKS = re.compile(r"(?<=[.!?])\s+|\n")
_VOWEL = re.compile(r"[aeiouy]")
#: LT's speller says 'Possible spelling mistake found.'; the word 'found' adds nothing once the word is named.
_FOUND = re.compile(r"(?<=spelling mistake) found(?=\.?$)")


def utf16_to_codepoints(text: str, offset: int, length: int) -> tuple[int, int]:
    """Convert a LanguageTool span of ``text`` to code points.

    ``offset`` and ``length`` count UTF-16 code units (as the LT server does); the result is a
    0-based, half-open ``(start, end)`` in code points of ``text``. A position inside a
    surrogate pair rounds outwards, so the span covers whole characters.
    """
    if text.isascii() or max(text) <= "\uffff":
        return offset, offset + length
    units = list(itertools.accumulate((2 if ord(c) > 0xFFFF else 1 for c in text), initial=0))
    start = bisect.bisect_right(units, offset) - 1
    return start, bisect.bisect_left(units, offset + length)


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of one source's ``text`` sent as one request; ``start`` is in code points."""

    source: int
    start: int
    text: str


@dataclass(frozen=True, slots=True)
class Batch:
    """Paragraphs packed into one request, joined by SEPARATOR.

    ``keys`` name the paragraphs (cache keys); ``spans`` are their half-open ``(start, end)`` in
    UTF-16 code units of ``text``, the unit of the server's offsets.
    """

    keys: tuple[str, ...]
    text: str
    spans: tuple[tuple[int, int], ...]

    def split(self, matches: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        """The compact matches of the whole batch, per paragraph key, offsets relative to that
        paragraph (UTF-16 units). A match that does not lie inside one paragraph (it touches a
        separator) is dropped: a paragraph sent alone could not have produced it."""
        found: dict[str, list[dict[str, Any]]] = {k: [] for k in self.keys}
        starts = [start for start, _ in self.spans]
        for m in matches:
            i = bisect.bisect_right(starts, m["offset"]) - 1
            start, end = self.spans[i] if i >= 0 else (0, -1)
            if m["offset"] + m["length"] <= end:
                found[self.keys[i]].append({**m, "offset": m["offset"] - start})
        return found


def pack(texts: Mapping[str, str], limit: int = BATCH_LIMIT, parts: int = 1, brackets: bool = False) -> list[Batch]:
    """Pack ``texts`` (key -> paragraph) into batches of at most ``limit`` code points, and into
    at least ``parts`` batches when there are that many paragraphs, so that small inputs still
    keep ``parts`` server threads busy.

    LanguageTool's text-level rules carry state from one paragraph to the next, so a paragraph
    that opens in lower case (``opens_in_lowercase``) goes alone, and the others are packed so
    that each is checked as if sent alone (``leaves_open``, ``may_follow``): a paragraph whose
    quotes and brackets pair up leaves nothing open; one that leaves double quotes open may be
    followed by paragraphs that cannot close them; any other ends its batch. ``brackets``: the
    bracket rule (EN_UNPAIRED_BRACKETS, off by default) is on, and then every paragraph that
    does not pair up ends its batch. ``WHOLE_TEXT_RULES`` are handled after the answer (``send``).

    A paragraph goes to the first of the batches still open (``OPEN_BATCHES`` at most, in the
    order they were opened) that it fits in and may follow, else it opens one; paragraphs keep
    their order within a batch. Filling earlier batches instead of ending one at every paragraph
    that may not follow it keeps the requests near ``limit``, where the server is fastest.
    """
    total = sum(len(t) + len(SEPARATOR) for t in texts.values())
    limit = max(1, min(limit, -(-total // max(1, parts))))
    groups: list[list[tuple[str, str]]] = []
    #: The batches paragraphs may still join: [index in ``groups``, size, quote families open].
    open_: list[list[Any]] = []
    for key, text in texts.items():
        if opens_in_lowercase(text):
            groups.append([(key, text)])
            continue
        into = next((g for g in open_ if g[1] + len(SEPARATOR) + len(text) <= limit and may_follow(text, g[2])), None)
        if into is None:
            groups.append([])
            into = [len(groups) - 1, -len(SEPARATOR), frozenset()]
            open_.append(into)
            if len(open_) > OPEN_BATCHES:
                open_.remove(max(open_[:-1], key=lambda g: g[1]))  # the fullest other one is done
        groups[into[0]].append((key, text))
        into[1] += len(SEPARATOR) + len(text)
        into[2] = leaves_open(text, into[2], brackets)
        if into[2] is None or into[1] + len(SEPARATOR) >= limit:
            open_.remove(into)
    return [_batch(g) for g in groups]


def leaves_open(text: str, still: frozenset[str], brackets: bool = False) -> frozenset[str] | None:
    """The quote families (``'"'`` for straight double quotes, ``'“'`` for curly ones) that may be
    open after ``text`` when ``still`` were open before it (``may_follow`` held); None when
    nothing may follow ``text`` in its request.

    LanguageTool's EN_UNPAIRED_QUOTES (``GenericUnpairedQuotesRule``) keeps one list of open
    quotes for the whole text and reports every quote still open at its end. Opening a quote
    reports and drops an open one of the same kind, and a closing quote pairs with the open one
    of its kind, so at most one quote of each kind is open, and after a closing quote none is.
    A family is therefore closed after ``text`` when its last quote there closes beyond doubt
    ('”'; a straight one after a letter, a digit or '.,!?;:'), and it stays as it was when
    ``text`` has none of it. An open quote is reported alike whether the text ends there or a
    paragraph follows, as long as that paragraph does not close it (``may_follow``).

    Single quotes (the rule also tracks apostrophes across paragraphs), an inch mark ('a 5"
    screen': it excuses the next stray quote) and, with ``brackets``, brackets that do not pair
    up (EN_UNPAIRED_BRACKETS pairs what is left open over the whole text) end the batch."""
    if _INCH.search(text) or (brackets and not pairs_up(text)) or not pairs_up(text, quotes=False):
        return None
    last = {m.group(): m.start() for m in _DOUBLE.finditer(text)}  # the last of each quote character
    curly = max(last.get("“", -1), last.get("”", -1))
    opened = {"“"} if curly >= 0 and text[curly] == "“" else set()
    straight = last.get('"', -1)
    if straight >= 0 and not (straight > 0 and _CLOSES.fullmatch(text[straight - 1])):
        opened.add('"')
    return frozenset(still - quote_families(text)) | opened


def may_follow(text: str, still: frozenset[str]) -> bool:
    """True when ``text`` has no quote of the families ``still`` open before it, or its first
    quote of all opens one of them beyond doubt (a straight one after a space or at the start,
    or '“'): LanguageTool then reports the earlier open quote as it would at the end of the
    text, and pairs the rest of ``text`` as if it came first."""
    shared = quote_families(text) & still
    if not shared:
        return True
    first = _QUOTES.search(text)
    if len(shared) > 1 or first is None:
        return False
    if shared == {'"'}:
        return first.group() == '"' and text[first.start() - 1 : first.start()] in ("", " ", "\n", "\t")
    return first.group() == "“"


def quote_families(text: str) -> frozenset[str]:
    """The double-quote families in ``text``: ``'"'`` (straight) and ``'“'`` (curly, either side)."""
    return frozenset(f for f, present in (('"', '"' in text), ("“", "“" in text or "”" in text)) if present)


def pairs_up(text: str, quotes: bool = True) -> bool:
    """True when every quote and bracket of ``text`` is closed, in order, within it: the others
    nest; a straight double quote opens after a space or the start and before a word, closes
    after a word and before a space or the end ('it." He said, "If': a closer first and an
    opener last, both left open), and alternates where it is neither; a single quote, '„' or
    '‘' makes it False. ``quotes=False`` passes over double quotes (straight and curly)."""
    stack: list[str] = []
    for m in _SYMBOLS.finditer(text):
        sym = m.group()
        if not quotes and sym in _DOUBLE_QUOTES:
            continue
        if sym == '"':
            before, after = text[m.start() - 1 : m.start()] if m.start() else "", text[m.end() : m.end() + 1]
            opens = (not before or before.isspace() or before in "([{") and after != "" and not after.isspace()
            closes = before != "" and not before.isspace() and (not after or after.isspace() or after in ".,;:!?)]}")
            if closes and not opens:
                if not stack or stack[-1] != '"':
                    return False
                stack.pop()
            elif opens and not closes:
                stack.append('"')
            elif stack and stack[-1] == '"':
                stack.pop()
            else:
                stack.append('"')
        elif sym in _PAIRS:
            stack.append(_PAIRS[sym])
        elif not stack or stack.pop() != sym:  # a closer without its opener, or a quote of one kind
            return False
    return not stack


def opens_in_lowercase(text: str) -> bool:
    """True when ``text`` may start with a lower-case word (after whitespace and quotes), or with
    anything but ASCII. Such a paragraph goes in a request of its own: LanguageTool's
    UPPERCASE_SENTENCE_START treats it differently alone, first in a text of several paragraphs,
    and after a paragraph that ends without a full stop (a heading, a list item)."""
    head = text.lstrip().lstrip(_OPENING_QUOTES).lstrip()[:1]
    return not head.isascii() or head.islower()


def _batch(group: Sequence[tuple[str, str]]) -> Batch:
    """One Batch of ``group`` (key, text) pairs, with each text's span in UTF-16 units."""
    spans, pos, sep = [], 0, utf16_length(SEPARATOR)
    for _, text in group:
        n = utf16_length(text)
        spans.append((pos, pos + n))
        pos += n + sep
    return Batch(tuple(k for k, _ in group), SEPARATOR.join(t for _, t in group), tuple(spans))


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (astral characters count two)."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def split_source(index: int, source: TextSource, limit: int = MAX_CHUNK) -> list[Chunk]:
    """Cut ``source.text`` into paragraphs, and long paragraphs at sentence ends, each <= ``limit``."""
    chunks: list[Chunk] = []
    for start, end in source.paragraphs():
        while end - start > limit:
            cut = _last_break(source.text, start, start + limit)
            chunks.append(Chunk(index, start, source.text[start:cut]))
            start = cut
        chunks.append(Chunk(index, start, source.text[start:end]))
    return chunks


def _last_break(text: str, start: int, stop: int) -> int:
    """The last sentence end or newline in ``text[start:stop]`` (else a space, else ``stop``)."""
    ends = [m.end() for m in _BREAKS.finditer(text, start, stop)]
    if ends and ends[-1] > start:
        return ends[-1]
    space = text.rfind(" ", start + 1, stop)
    return space + 1 if space > start else stop


def in_flight(cpus: int | None = None) -> int:
    """Requests kept in flight: three per CPU (``os.cpu_count()`` if ``cpus`` is None), at most
    ``SERVER_THREADS``. The server works on about one request per CPU at a time; the others wait
    in its queue, so that it never waits while this process turns an answer into the next
    request. Measured on 2 CPUs against 4 in flight (two per CPU): see bench/results/lt.md."""
    return max(2, min(SERVER_THREADS, 3 * (cpus or os.cpu_count() or 1)))


def is_spelling(match: Mapping[str, Any]) -> bool:
    """True for the speller's matches (issue type 'misspelling' or a speller rule id)."""
    return match["issueType"] == "misspelling" or str(match["rule"]).startswith(SPELLING_RULE_PREFIXES)


def compact(match: Mapping[str, Any]) -> dict[str, Any]:
    """Keep the fields of a server match that the engine uses (this is what the cache stores)."""
    return {
        "offset": int(match["offset"]),
        "length": int(match["length"]),
        "rule": str(match["rule"]["id"]),
        "issueType": str(match["rule"].get("issueType", "")),
        "message": str(match["message"]),
        "replacements": [str(r["value"]) for r in match.get("replacements", [])[:_KEPT_REPLACEMENTS]],
    }


def well_formed(match: Any) -> bool:
    """True when a cached match has every field ``to_hits`` reads, with the right types."""
    fields = {"offset": int, "length": int, "rule": str, "issueType": str, "message": str, "replacements": list}
    return isinstance(match, dict) and all(isinstance(match.get(k), t) for k, t in fields.items())


class LanguageToolEngine:
    """Checks prose with a LanguageTool server (the shared local one, or ``config.url``).

    Construction contacts nothing; ``check`` finds or starts the server on first need.
    """

    name = "languagetool"
    label = "LanguageTool"

    def __init__(
        self,
        config: LanguageToolConfig,
        vocabulary: Vocabulary | None = None,
        *,
        severities: Mapping[str, Severity] | None = None,
        workers: int | None = None,
        filter_names: bool = True,
        accept_variants: bool = True,
        lexicon: Callable[[], Lexicon] | None = load_lexicon,
    ) -> None:
        """``severities`` maps LT rule ids (without ``lt.``) to a severity that beats the issue type;
        ``workers``: requests in flight at once (default ``in_flight()``)."""
        self.config = config
        self.vocabulary = vocabulary if vocabulary is not None else Vocabulary()
        self.severities = dict(severities or {})
        self.workers = workers if workers is not None else in_flight()
        #: Most code points per request (several paragraphs packed together); 1 sends each alone.
        self.batch_limit = BATCH_LIMIT
        self.filter_names = filter_names
        self.accept_variants = accept_variants
        #: typolint's lexicon (loaded on first use, once) vetoes hits on words and file names; None: off.
        self.lexicon = functools.cache(lexicon) if lexicon is not None else None
        #: Where to look when something fails; names the log of our own server (set by ``connect``).
        self.hint = "see that server's log"

    @property
    def disabled_rules(self) -> tuple[str, ...]:
        rules = self.config.disabled_rules
        return DEFAULT_DISABLED_RULES if rules is None else rules

    @property
    def disabled_categories(self) -> tuple[str, ...]:
        categories = self.config.disabled_categories
        return DEFAULT_DISABLED_CATEGORIES if categories is None else categories

    @property
    def pairs_brackets(self) -> bool:
        """True when LanguageTool's EN_UNPAIRED_BRACKETS may run (see ``pack``)."""
        return "EN_UNPAIRED_BRACKETS" in self.config.enabled_rules or "EN_UNPAIRED_BRACKETS" not in self.disabled_rules

    def settings(self) -> tuple[str, ...]:
        """Everything besides the text that changes the server's answer (part of the cache key).

        The server's identity is part of it: answers of a ``url`` server never stand in for
        the managed server's, nor the other way round.
        """
        enabled = ",".join(sorted(self.config.enabled_rules))
        disabled = ",".join(sorted(self.disabled_rules))
        categories = ",".join(sorted(self.disabled_categories))
        return (LT_VERSION, self.server_id(), self.config.language, enabled, disabled, categories)

    def cached_hits(self, source: TextSource) -> list[Hit]:
        """Hits of the paragraphs of ``source`` that the result cache already holds, for this
        server and these settings; nothing is sent to a server."""
        chunks = split_source(0, source)
        settings = self.settings()
        keys = [cache_key(c.text, settings) for c in chunks]
        cache = self._cache()
        try:
            known = _sound(cache.get_many(keys))
        finally:
            cache.close()
        return [h for c, k in zip(chunks, keys) if k in known for h in self.to_hits(c, known[k], source.text, source=source)]

    def _cache(self) -> ResultCache:
        """The result cache (a no-op one when caching is off), keyed by the answering server."""
        path = cache_root() / "languagetool-results.sqlite3" if self.config.cache else None
        return ResultCache(path, self.server_id())

    def server_id(self) -> str:
        """Which server answers: ``managed`` (our verified JVM) or the configured URL."""
        return "managed" if self.config.url is None else f"url:{self.config.url}"

    def check(self, sources: Sequence[TextSource]) -> EngineResult:
        """Per source, the hits of LanguageTool (offsets in code points of ``text``), and the
        problems met. On a failure every source gets no hits and the error says why."""
        return self.start(sources).result()

    def start(self, sources: Sequence[TextSource]) -> Check:
        """Look ``sources`` up in the result cache and send the rest to the server in worker
        threads; return at once. ``Check.result`` gives what ``check`` would."""
        return Check(self, sources)

    def hits(self, sources: Sequence[TextSource]) -> list[list[Hit]]:
        """Per source, the hits of LanguageTool; raises EngineError when it cannot check them all."""
        return self.start(sources).hits()

    def connect(self) -> tuple[Client, server.ServerState | None]:
        """Find or start (and verify) the server; a client on it, and the managed server's state."""
        from lint import recache

        recache.load("http")  # before the HTTP libraries are imported: they compile ~100 patterns
        from lint.engines.languagetool import server
        from lint.engines.languagetool.client import Client, Endpoint

        if self.config.url is None:
            self.hint = f"see {server.log_path()}"
            state = server.ensure_server(self.config.heap, self.config.idle_timeout)
            self.hint = f"see {state.log}"
            return Client(Endpoint(state.url, self.config.timeout, direct=True)), state
        url = self.config.url.rstrip("/").removesuffix("/v2")
        if not url.startswith(("http://", "https://")):
            raise EngineError(f"LanguageTool url {self.config.url!r} must start with http:// or https://")
        return Client(Endpoint(url, self.config.timeout, direct=False)), None

    def request(self, client: Client, text: str) -> list[dict[str, Any]]:
        """Check one text; raise EngineError on any failure or an incomplete or malformed answer."""
        from lint.engines.languagetool.client import TransportError

        try:
            matches = [compact(m) for m in client.check(self.form(text))]
        except TransportError as exc:
            raise EngineError(f"{client.endpoint.url}: {_one_line(exc)}; {self.hint}") from None
        except (KeyError, TypeError, AttributeError, ValueError):
            raise EngineError(f"{client.endpoint.url}: malformed match in the answer; {self.hint}") from None
        units = utf16_length(text)
        if any(m["offset"] < 0 or m["length"] < 0 or m["offset"] + m["length"] > units for m in matches):
            raise EngineError(f"{client.endpoint.url}: a match lies outside the text sent; {self.hint}")
        return matches

    def form(self, text: str) -> dict[str, str]:
        """The request form; rule lists sorted, since the server caches pipelines per exact settings."""
        form = {"language": self.config.language, "text": text}
        for key, rules in (("disabledRules", self.disabled_rules), ("enabledRules", self.config.enabled_rules),
                           ("disabledCategories", self.disabled_categories)):
            if rules:
                form[key] = ",".join(sorted(rules))
        return form

    def to_hits(self, chunk: Chunk, matches: list[dict[str, Any]], document: str = "",
                lowercase: Callable[[str], frozenset[str]] | None = None,
                source: TextSource | None = None) -> list[Hit]:
        """Turn the compact matches of one chunk of ``document`` into hits, dropping names and
        vocabulary words; ``lowercase``: see ``lint.words.is_probable_name``. A message names the
        flagged text of ``source``'s file where the span crosses masked code, not its stand-in."""
        hits = []
        metadata = metadata_spans(chunk.text)  # dates, bylines, stamps: spelling only, no sentence rules
        for m in matches:
            start, end = utf16_to_codepoints(chunk.text, m["offset"], m["length"])
            if is_spelling(m) and self.accepted(chunk.text, (start, end), m, document, lowercase):
                continue
            if not is_spelling(m) and in_metadata(metadata, start, end):
                continue
            if self.lexicon is not None and self.vetoed(chunk.text, (start, end), m):
                continue
            severity = self.severities.get(m["rule"], SEVERITY_BY_ISSUE_TYPE.get(m["issueType"], Severity.INFO))
            suggestions = tuple(m["replacements"][:MAX_SUGGESTIONS])
            flagged = chunk.text[start:end]
            if source is not None and not source.is_contiguous(chunk.start + start, chunk.start + end):
                # over masked code ('``repoze.bfg`` 's'): its stand-in is neither named nor offered
                flagged = source.original[slice(*source.to_original(chunk.start + start, chunk.start + end))]
                suggestions = ()
            message = describe(flagged, m["message"], suggestions)
            hits.append(Hit(chunk.start + start, chunk.start + end, f"lt.{m['rule']}", severity, message, suggestions, "languagetool"))
        return hits

    def vetoed(self, text: str, span: tuple[int, int], match: Mapping[str, Any]) -> bool:
        """True for a hit that touches a file name, path, URL or identifier (LanguageTool reads
        them as prose), and for a spelling hit on a word of the curated lexicon or an abbreviation. Measured in tests/languagetool/README.md."""
        start, end = span
        if any(in_address(text, p, p + 1) for p in {start, max(start, end - 1)}):
            return True
        if text[start - 1 : start] == "_" or text[end : end + 1] == "_":
            return True  # part of an identifier: 'dont_merge_cookies', '__kwdefaults__' (issue 10)
        if not str(match["rule"]).startswith(SPELLING_RULE_PREFIXES):  # the speller itself only
            return False
        word = text[start:end]
        lexicon = self.lexicon()
        if lexicon.is_curated(word) or _abbreviation(word.lower(), lexicon):
            return True
        if short_noise(text, start, end) or unmatched(word, match["replacements"], lexicon):
            return True  # issue 10
        return not_a_word(word) or rare_real_word(word, match["replacements"], lexicon)  # issue 10

    def accepted(self, text: str, span: tuple[int, int], match: Mapping[str, Any], document: str,
                 lowercase: Callable[[str], frozenset[str]] | None = None) -> bool:
        """True when spelling ``match`` at ``span`` (code points of ``text``) is a vocabulary word,
        a name, or (with ``accept_variants``) a correct spelling of another English variant."""
        if self.vocabulary.covers(text, *span):
            return True
        if self.accept_variants and _VARIANT.search(match["message"]):
            return True
        lexicon = self.lexicon() if self.lexicon is not None else None
        return self.filter_names and is_probable_name(text, *span, match["replacements"], document, lexicon, lowercase)


class Check:
    """One LanguageTool check under way (``LanguageToolEngine.start``).

    On construction the paragraphs are looked up in the result cache and the others packed into
    batches and handed to worker threads, which connect (finding or starting the server) and send
    them, the largest first, so that the last requests in flight are short ones; the caller's
    thread is free meanwhile (the runner runs the YAML rules). ``hits`` then maps every answer to
    hits as it arrives, while later requests are still with the server. Only the worker threads
    touch the network; only the caller's thread touches the cache and maps answers.
    """

    def __init__(self, engine: LanguageToolEngine, sources: Sequence[TextSource]) -> None:
        """Send what the cache lacks; raises nothing (problems come from ``hits``/``result``)."""
        self.engine, self.sources = engine, sources
        self.chunks = [c for i, s in enumerate(sources) for c in split_source(i, s)]
        settings = engine.settings()
        self.keys = [cache_key(c.text, settings) for c in self.chunks]
        self.cache = engine._cache()
        self.known = _sound(self.cache.get_many(self.keys))
        #: Paragraphs the server checks (cache key -> text), and their answers as they come.
        self.missing = {k: c.text for k, c in zip(self.keys, self.chunks) if k not in self.known}
        self.fresh: dict[str, list[dict[str, Any]]] = {}
        #: The lowercase words of each document, worked out once: answers arrive in any order, so
        #: consecutive mappings alternate between documents (``lint.words.lowercase_words``
        #: remembers only two).
        self.lowercase = functools.cache(lowercase_words.__wrapped__)
        #: Requests sent and not yet mapped; each puts itself in ``done`` when it completes.
        self.pending: set[Future] = set()
        self.done: queue.SimpleQueue[Future] = queue.SimpleQueue()
        self.pool: ThreadPoolExecutor | None = None
        self.link: Future | None = None  # -> (Client, managed server state or None)
        if self.missing:
            self.pool = ThreadPoolExecutor(max_workers=engine.workers)
            # First in the queue, so it imports the HTTP client and finds the server while this
            # thread packs the batches; the requests wait for it.
            self.link = self.pool.submit(engine.connect)
            batches = pack(self.missing, engine.batch_limit, engine.workers, engine.pairs_brackets)
            self._send(sorted(batches, key=lambda b: len(b.text), reverse=True))

    def result(self) -> EngineResult:
        """Hits per source and the problems met; on a failure every source gets no hits."""
        try:
            return self.hits(), []
        except EngineError as exc:
            return [[] for _ in self.sources], [exc]

    def hits(self) -> list[list[Hit]]:
        """Per source, the hits sorted by (start, end, rule); raises the first EngineError.

        For the managed server, the answers count only if the JVM we verified before sending
        still owns the listening socket afterwards (else another process may have answered).
        """
        try:
            found: list[list[Hit] | None] = [None] * len(self.chunks)
            by_key: dict[str, list[int]] = {}
            for i, key in enumerate(self.keys):
                by_key.setdefault(key, []).append(i)
            self._map(self.known, by_key, found)
            while self.pending:
                self._map(self._answers(), by_key, found)
            self._verify()
            self.cache.put_many(self.fresh)
        finally:
            self.cancel()
        per_source: list[list[Hit]] = [[] for _ in self.sources]
        for chunk, hits in zip(self.chunks, found):
            per_source[chunk.source].extend(hits or ())
        return [sorted(h, key=lambda x: (x.start, x.end, x.rule)) for h in per_source]

    def cancel(self) -> None:
        """Stop the requests not yet sent, close the connections and the cache (idempotent)."""
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None
        link, self.link = self.link, None
        if link is not None and link.done() and not link.cancelled() and link.exception() is None:
            link.result()[0].close()
        self.cache.close()

    def _send(self, batches: Sequence[Batch]) -> None:
        """Hand ``batches`` to the worker threads."""
        assert self.pool is not None
        for batch in batches:
            future = self.pool.submit(self._ask, batch)
            self.pending.add(future)
            future.add_done_callback(self.done.put)

    def _ask(self, batch: Batch) -> dict[str, list[dict[str, Any]]] | list[Batch]:
        """In a worker thread: the batch's matches per paragraph key, or, when a rule of
        ``WHOLE_TEXT_RULES`` fired in a batch of several paragraphs, its paragraphs repacked one
        per batch, to be sent again at once (``_answers``)."""
        assert self.link is not None
        client, _ = self.link.result()  # raises connect's EngineError
        found = batch.split(self.engine.request(client, batch.text))
        if len(batch.keys) > 1 and any(m["rule"] in WHOLE_TEXT_RULES for ms in found.values() for m in ms):
            return pack({k: self.missing[k] for k in batch.keys}, limit=1)
        return found

    def _answers(self) -> dict[str, list[dict[str, Any]]]:
        """Wait for at least one request; the matches per key of those answered (a batch to be
        checked a paragraph at a time is sent again here). Raises the request's EngineError."""
        done = [self.done.get()]  # what completed since the last call, without waiting again
        while not self.done.empty():
            done.append(self.done.get())
        answers: dict[str, list[dict[str, Any]]] = {}
        for future in done:
            self.pending.discard(future)
            answer = future.result()
            if isinstance(answer, list):
                self._send(answer)
            else:
                answers.update(answer)
        self.fresh.update(answers)
        return answers

    def _map(self, answers: Mapping[str, list[dict[str, Any]]], by_key: Mapping[str, list[int]],
             found: list[list[Hit] | None]) -> None:
        """Map the matches of each answered key to hits, for every chunk with that text."""
        for key, matches in answers.items():
            for i in by_key[key]:
                chunk = self.chunks[i]
                source = self.sources[chunk.source]
                found[i] = self.engine.to_hits(chunk, matches, source.text, self.lowercase, source)

    def _verify(self) -> None:
        """Raise EngineError when the managed server changed while it answered; else mark it used."""
        if self.link is None:
            return
        from lint.engines.languagetool import server

        _, state = self.link.result()
        if state is not None:
            if not server.still_serving(state):
                raise EngineError(f"the LanguageTool server at {state.url} changed during the run; "
                                  f"answers discarded; {self.engine.hint}")
            server.touch()


def describe(flagged: str, message: str, suggestions: Sequence[str]) -> str:
    """A message that names the flagged text, as the YAML rules do:
    ``'recieve': possible spelling mistake; did you mean 'receive'?``."""
    text = _FOUND.sub("", " ".join(message.split())).rstrip(".")
    if text[:1].isupper() and not text[1:2].isupper():
        text = text[0].lower() + text[1:]
    if suggestions and "did you mean" not in text.lower():
        text += f"; did you mean '{suggestions[0]}'?"
    shown = " ".join(flagged.split())
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    return f"'{shown}': {text}"


def _abbreviation(word: str, lexicon: Lexicon) -> bool:
    """A vowelless token that no single typing slip explains ('zstd'), unlike 'frst' or 'th'."""
    if len(word) < 3 or _VOWEL.search(word):
        return False
    return not any(lexicon.is_curated(c) for c in edits1(word))


def _one_line(exc: BaseException) -> str:
    """The first line of an exception message, shortened; server error pages can be long."""
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def _sound(cached: Mapping[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The cached answers whose every match is well formed (others are fetched again)."""
    return {k: v for k, v in cached.items() if all(map(well_formed, v))}
