"""What the markup around a finding says: a list item, a table cell, a heading, a paragraph
that is not English. Used by the filters to keep documentation quiet (issue 10)."""

from __future__ import annotations

import functools
import re

from collections import Counter
from collections.abc import Callable, Container

from lint import _core
from lint.source import TextSource, paragraph_spans
from lint.lexicon import Lexicon
from lint.words import CLOSED_CLASS

#: Markup that may open a block on a line: list markers, table pipes, quotes, brackets, emphasis,
#: HTML tags. A line whose text before a finding is only these starts a block there.
_BLOCK_MARKUP = re.compile(
    r"""(?:^[^<>]*=\s*"[^"]*"\s*/?>)?  # the tail of a tag opened on an earlier line
    (?:\s+|[-*+•>|#!]+|\d+[.)]|\#\.|[a-zA-Z][.)](?=\s)|[`'"“‘(\[{]+|\*\*|__|<[^<>]*>)*""", re.VERBOSE
)
#: A list marker (Markdown, reST, HTML) at the start of a line.
_LIST_ITEM = re.compile(r"\s*(?:[-*+•]|\d+[.)]|#\.)\s+|.*<li\b", re.IGNORECASE)
#: A heading: Markdown '#', an HTML <h1>-<h6>; reST titles are found by their underline.
_HEADING = re.compile(r"\s*#{1,6}\s|.*<h[1-6]\b", re.IGNORECASE)
_UNDERLINE = re.compile(r"\s*([=\-~^\"'`#*+_.:])\1{2,}\s*$")
#: Two columns of a plain-text table (reST simple tables): text, a gap of 2+ spaces, text.
_COLUMNS = re.compile(r"\S(?: {2,}|\t)\S")
_TABLE_CELL = re.compile(r"[^\s.!?:;](?: {2,}|\t)$|\|\s*$|<t[dh]\b[^>]*>\s*$", re.IGNORECASE)

#: The most frequent English function words: in English prose about one word in three is one.
_FUNCTION_WORDS = frozenset(
    "the of and to a in is it that for on with as was be are by this or from at an not but have "
    "you your can if will which when their they we he she its all has been more one so do there "
    "also may should would must no what how use used using these those then than each other".split()
)
_WORD = re.compile(r"[^\W\d_]+")
#: Words and numbers: 'New in version 3.5.4.' and 'New in version 3.6.1.' are two notes, not a copy.
_TOKEN = re.compile(r"[^\W_]+")
#: How many paragraphs before a repeated one of a marked-up document the first copy may be: in
#: documentation, passages repeat by design ('New in version 3.7.', release notes, notes per
#: section); a paste slip puts the copy right after the original.
NEAR_PARAGRAPHS = 2
#: Shortest paragraph (words) judged for its language; short items are too noisy to judge.
LANGUAGE_MIN_WORDS = 12
#: Below this share of English function words, a paragraph is not English prose (English
#: prose: 0.3-0.5; Spanish or German: under 0.05; a list of names or identifiers: about 0).
ENGLISH_SHARE = 0.08
#: ... and at least this share of its lowercase words unknown to the lexicon (Spanish: about 0.6).
FOREIGN_SHARE = 0.3


#: How far (code points) on either side of a span the filters read its line. A longer line
#: (minified HTML, a text dump or a whole document on one line) is read as the LINE_REACH code
#: points around the span, so that judging a finding costs the same on a line of any length.
#: Read whole, such lines made the filters quadratic: 1,607 findings on a 50 KB one-line
#: Markdown file took 39 s, four times the text over 90 s.
LINE_REACH = 1_000


def line_span(original: str, start: int, end: int | None = None) -> tuple[int, int]:
    """Where the line of ``original`` that holds ``start`` begins, and where the line that holds
    ``end`` (default ``start``) ends, at its line break (code points); each at most LINE_REACH
    from the span."""
    end = start if end is None else end
    low = max(0, start - LINE_REACH)
    high = min(len(original), end + LINE_REACH)
    line_end = original.find("\n", end, high)
    return original.rfind("\n", low, start) + 1 or low, high if line_end < 0 else line_end


def line_prefix(original: str, start: int) -> str:
    """The text of ``original``'s line before offset ``start`` (code points)."""
    return original[line_span(original, start)[0] : start]


def starts_block(original: str, start: int) -> bool:
    """True when only markup (list markers, pipes, quotes, tags) or a table column gap stands
    before ``start`` on its line, or the line is a row of a plain-text table: a list item, a
    table cell, a term, where a lowercase word starts no sentence."""
    prefix = line_prefix(original, start)
    if prefix and _BLOCK_MARKUP.fullmatch(prefix) and prefix.strip():
        return True
    if _TABLE_CELL.search(prefix):
        return True
    rest = original[start : line_span(original, start)[1]]
    return not prefix.strip() and _COLUMNS.search(rest) is not None


def structural(original: str, start: int) -> bool:
    """True when the line at ``start`` is a list item, a heading or a table row, or ``start``
    lies inside an HTML tag (an image's alt text: a badge): parts of a document's structure,
    which legitimately repeat (changelog entries, navigation, tables, badges)."""
    low = max(0, start - LINE_REACH)
    if original.rfind("<", low, start) > original.rfind(">", low, start):
        return True
    begin, end = line_span(original, start)
    line = original[begin:end]
    if _LIST_ITEM.match(line) or _HEADING.match(line) or "|" in line or re.search(r"<t[dh]\b", line, re.I):
        return True
    after = original[end + 1 : line_span(original, end + 1)[1]] if original.startswith("\n", end) else ""
    return bool(_UNDERLINE.match(after)) and len(after.strip()) >= len(line.strip()) > 0


def whole_cell(original: str, start: int, end: int) -> bool:
    """True when ``original[start:end]`` (code points) is all there is in a table cell, once
    tags and whitespace are left out ('| long long |', '<td><p>long long</p></td>'): a cell
    names a value or a type ('long long' in C), it is no sentence that a slip doubled a word of."""
    line_start, line_end = line_span(original, start, end)
    line = original[line_start:line_end]
    s, e = start - line_start, end - line_start
    if "|" in line:
        left, right = line.rfind("|", 0, s), line.find("|", e)
        if left >= 0 and right >= 0 and not line[left + 1 : s].strip(" \t`*_") and not line[e:right].strip(" \t`*_"):
            return True
    low = line.lower()
    cell = max(low.rfind("<td", 0, s), low.rfind("<th", 0, s))
    close = min((i for i in (low.find("</td", e), low.find("</th", e)) if i >= 0), default=len(line))
    return cell >= 0 and not _TAGS.sub("", line[cell:s]).strip() and not _TAGS.sub("", line[e:close]).strip()


_TAGS = re.compile(r"<[^<>]*>|^[^<>]*>")


def _similar(a: list[str], b: list[str]) -> bool:
    """True when the word lists ``a`` and ``b`` are at least 90 % alike (difflib's ratio)."""
    import difflib  # only for a document with paragraphs to compare (2 ms of start-up otherwise)

    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.9


def near_copy(source: TextSource, orig_offset: int, window: int = NEAR_PARAGRAPHS) -> bool:
    """True when the paragraph at ``orig_offset`` (code points of the original) repeats one of
    the ``window`` paragraphs before it, word for word or nearly (a paste slip is local)."""
    index = source.paragraph_of(orig_offset)
    spans = source.paragraphs()
    if index < 0 or source.text[spans[index][1] - 1] == ":":
        return False  # a lead-in to an example ('And from the command line:') repeats by design
    words = _TOKEN.findall(source.text[slice(*spans[index])].lower())
    for j in range(max(0, index - window), index):
        other = _TOKEN.findall(source.text[slice(*spans[j])].lower())
        if other == words or _similar(other, words):
            between = source.to_original(spans[j][1] - 1, spans[j][1])[1], source.to_original(*spans[index])[0]
            if not section_break(source.original, *between):
                return True
    return False


#: Fewest copies of a paragraph, word for word, that make it a refrain written on purpose.
REFRAIN_COPIES = 3


def refrain(source: TextSource, orig_offset: int) -> bool:
    """True when the paragraph at ``orig_offset`` (code points of the original) is written word
    for word REFRAIN_COPIES times or more in the document: a caveat repeated under each example,
    a line closing each section. A paste slip doubles a paragraph once."""
    index = source.paragraph_of(orig_offset)
    if index < 0:
        return False
    words = tuple(_TOKEN.findall(source.text[slice(*source.paragraphs()[index])].lower()))
    return _paragraph_copies(source.text)[words] >= REFRAIN_COPIES


@functools.lru_cache(maxsize=8)
def _paragraph_copies(text: str) -> Counter[tuple[str, ...]]:
    """How often each paragraph of ``text`` (``lint.source.paragraph_spans``, as
    ``TextSource.paragraphs``) is written, as its lowercase words: counted once per text, not
    once per finding."""
    return Counter(tuple(_TOKEN.findall(text[start:end].lower())) for start, end in paragraph_spans(text))


#: What may stand right before a space that sets punctuation apart on purpose: a URL ('see
#: https://x.org .' keeps the stop out of the link, also as an HTML link's text) or a
#: command-line option ('-o .': the dot is a path).
_APART = re.compile(r"(?:\b[a-z][a-z+.-]*://[^\s<>()]+(?:</a>)?|(?<!\S)--?[A-Za-z][\w-]*|`|</code>)$")


def set_apart(original: str, start: int) -> bool:
    """True when the text before ``start`` (code points; a space before punctuation) ends with
    a URL, a command-line option or inline code ('use `.omit` .', '``async with`` .'): the space
    keeps the mark apart from it on purpose, so that it is not read as part of it."""
    return _APART.search(original, max(0, start - 300), start) is not None


#: The conditional operator written in prose, 'a ? b : c' (one operand each, maybe in
#: parentheses): its spaced '?' and ':' are syntax ('Changed the conditional operator (a ? b :
#: c)'); 'Why ? Because' and 'Note : this' have no such pair.
_CONDITIONAL = re.compile(r"[\w)\]]( \?) [\w.()\[\]'\"]+( :) [\w(\['\"-]")


def conditional_operator(original: str, start: int) -> bool:
    """True when the space before punctuation at ``start`` (code points) is the ' ?' or the ' :'
    of a conditional operator's 'a ? b : c' on its line."""
    return any(start in (m.start(1), m.start(2)) for m in _CONDITIONAL.finditer(original, *line_span(original, start)))


#: Straight and curly quotes and apostrophes.
_QUOTES = "'\"‘’“”"
#: What code looks like inside quotes: a colon, equals sign, slash, percent or brace between
#: characters ('hh:mm:ss', 'a=b', '%d'), or a dot inside a token ('ss.sss', 'os.path').
_CODE_INSIDE = re.compile(r"\S[:=/%{}]\S|%\w|\w\.\w")


#: A string literal of code whose quotes a renderer may have curled: after a string prefix that
#: opens a token (b’ab’, r"\d"), no space inside. An attribute's value after '=' is not one: the
#: labels call curled quotes there a slip of the document ('import=”*”' in Mako's change log).
_CODE_LITERAL = re.compile(r"(?<![\w\\])[bBrRuUfF]([‘’“”'\"])[^\s‘’“”'\"]*([‘’“”'\"])")


def code_literal_quote(original: str, start: int, end: int) -> bool:
    """True when ``original[start:end]`` (code points) holds a quote of a code string literal on
    its line: one after a string prefix, or the quote that closes it ('b’.’.join([b’ab’])').
    No prose puts a quote right after a lone 'b', so a slip in prose ('he said “no and
    left') stays, and so do curled quotes of an attribute ('rel=”nofollow”')."""
    line_start, line_end = line_span(original, start, end)
    quotes = [i for i in range(start, end) if original[i] in _QUOTES]
    return bool(quotes) and any(m.start(1) in quotes or m.start(2) in quotes
                                for m in _CODE_LITERAL.finditer(original, line_start, line_end))


def quote_of_code(original: str, start: int, end: int) -> bool:
    """True when ``original[start:end]`` (code points) holds a quote mark that is markup or
    quotes code: doubled (reST's ''glue''), next to a backtick (`attrs`' growth), one of a
    pair on its line around code-like text ('d hh:mm:ss.sss'), or a quote of a string literal
    (code_literal_quote). LanguageTool reads such quotes as unpaired quotes or contractions."""
    if code_literal_quote(original, start, end):
        return True
    for p in (i for i in range(start, end) if original[i] in _QUOTES):
        around = original[p - 1 : p] + original[p + 1 : p + 2]
        if original[p] in around or "`" in around:
            return True
        line_start, line_end = line_span(original, p)
        line = original[line_start:line_end]
        for m in re.finditer(r"(['\"‘“])([^'\"‘’“”\n]*)(['\"’”])", line):
            if m.start() <= p - line_start < m.end() and _CODE_INSIDE.search(m.group(2)):
                return True
    return False


#: File names of release notes: a changelog, history, news or what's-new page.
_RELEASE_NOTES = re.compile(r"(?:change(?:s|log)|history|news|whats_?new|release[-_ ]?notes)(?:[-_ ]?v?[\d._]*\d)?(?:\.\w+)?", re.IGNORECASE)


def release_notes(path: str) -> bool:
    """True when the file at ``path`` is named as release notes ('CHANGELOG.md', 'History.md',
    'docs/news.rst', 'whatsnew/3.2.html', 'changelog-4.4.rst'): entries written over years by
    many hands, where credits and boilerplate lines ('Contributed by ...') repeat by design."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    parent = path.replace("\\", "/").rsplit("/", 2)[-2] if "/" in path else ""
    return bool(_RELEASE_NOTES.fullmatch(name) or _RELEASE_NOTES.fullmatch(parent))


#: Inline markup that may wrap a mention: an HTML tag's end or start, emphasis, a code quote.
_MENTION_OPEN = (">", "*", "_", "`")
_MENTION_CLOSE = ("<", "*", "_", "`")


def inline_mention(original: str, start: int, end: int) -> bool:
    """True when ``original[start:end]`` (code points) is the whole content of an inline element
    (``<em>a</em>``, ``*a*``, ``_a_``, ```a```): a name or a mention, such as a variable
    called 'a', not a word of the sentence."""
    return original[start - 1 : start].startswith(_MENTION_OPEN) and original.startswith(_MENTION_CLOSE, end)


#: A plural this frequent in English (Zipf) is a word of its own ('transports' 3.3), unlike
#: the plurals that writers of uncountable nouns coin ('informations' 2.7, 'softwares' 2.1).
PLURAL_ZIPF = 3.0


def counted(text: str, phrase: str, lexicon: Lexicon) -> bool:
    """True when ``text`` writes the plural of the noun that ends ``phrase`` ('a transport' and
    'the transports'), and that plural is a word of English (PLURAL_ZIPF): then the noun is
    countable in the sense the document uses, whatever a list of uncountable nouns says."""
    noun = phrase.split()[-1].lower() if phrase.split() else ""
    plurals = [noun + "s", noun + "es"] + ([noun[:-1] + "ies"] if noun.endswith("y") else [])
    return any(lexicon.zipf(p) >= PLURAL_ZIPF and re.search(rf"\b{re.escape(p)}\b", text, re.IGNORECASE)
               for p in plurals)


#: A line that opens a section or an entry: a Markdown or HTML heading, an HTML definition term
#: (an API entry of generated docs), or the reST directive that such an entry is written with
#: ('.. class:: RSAPrivateNumbers', '.. py:method:: close()', '.. option:: -v').
_SECTION_LINE = re.compile(
    r"[ \t]*#{1,6}[ \t]|.*<(?:h[1-6]|dt)\b|[ \t]*\.\.[ \t]+(?:[a-z]+:)?(?:class|method|function|attribute|data"
    r"|exception|module|option|envvar|describe|object|decorator|property|classmethod|staticmethod|confval"
    r"|type|member|macro|var|enum|struct)::", re.IGNORECASE)


def section_break(original: str, start: int, end: int) -> bool:
    """True when a heading, a reST title (a line over its underline) or an HTML definition term
    opens between original offsets ``start`` and ``end`` (code points): paragraphs on either
    side belong to parallel sections ('Silver Sponsors' and 'Bronze Sponsors' with the same
    invitation; two options' descriptions), which repeat by design, unlike a paste slip."""
    lines = original[start:end].split("\n")[1:]  # the first is the tail of the earlier copy's line
    for i, line in enumerate(lines):
        if _SECTION_LINE.match(line):
            return True
        below = lines[i + 1] if i + 1 < len(lines) else ""
        if line.strip() and _UNDERLINE.match(below) and len(below.strip()) >= len(line.strip()):
            return True
    return False


def english(text: str, known: Container[str] = frozenset({"*"})) -> bool:
    """False for a paragraph of at least LANGUAGE_MIN_WORDS words in another language: English
    function words are rarer than ENGLISH_SHARE, and at least FOREIGN_SHARE of its lowercase
    words are unknown to ``known`` (the lexicon's words; a list of English names or items,
    with few function words, is still English). Without ``known`` the first test decides."""
    # The words (``_WORD``) and the function words among them, counted by the compiled core
    # without a string per word: the whole document is judged once per file.
    count, function = _core.word_share(text, _FUNCTION_WORDS)
    if count < LANGUAGE_MIN_WORDS:
        return True
    if function >= ENGLISH_SHARE * count:
        return True
    if "*" in known:
        return False
    lower = [w for w in _WORD.findall(text) if w.islower()]
    return not lower or sum(w not in known for w in lower) < FOREIGN_SHARE * len(lower)


def paragraph_text(source: TextSource, orig_offset: int) -> str:
    """The prose paragraph of ``source`` holding an original offset (code points); '' if none."""
    index = source.paragraph_of(orig_offset)
    if index < 0:
        return ""
    start, end = source.paragraphs()[index]
    return source.text[start:end]


#: Link targets, HTML tags and list markers: what is left of a contributor line is its names.
_LINK_TARGET = re.compile(r"\]\((?:[^()]|\([^()]*\))*\)|<[^<>]*>|^\s*(?:[-*+•]|\d+[.)])\s+")
#: A word this frequent in lowercase (Zipf) is no part of a name list ('Getting Started').
NAME_LIST_ZIPF = 4.5
#: Lowercase particles inside names ('Hugo van Kemenade', 'Ana de Armas').
_NAME_PARTICLES = frozenset({"van", "von", "der", "den", "de", "da", "del", "des", "di", "du", "la", "le", "bin", "al",
                             "ten", "ter", "zu", "dos", "das", "v"})  # 'v': 'Martin v Loewis', von cut short
_NAME_WORDS = re.compile(r"[\[\]\s]*((?:@?[^\W\d_][\w'’.-]*[\[\]\s]*){1,3})")
#: An attribution at a line's end: '[pbuyle]', '[reported by secoif]', '[thanks jf]. Closes #12'.
_ATTRIBUTION = re.compile(
    r"(\[(?:(?:reported|suggested|requested|fixed|patch|thanks|thx)(?:\s+(?:by|to))?\s+)?@?[\w.-]+(?:\s[\w.-]+)?\])"
    r"[.,;]?(?:\s+Closes\s+#\d+\.?)?\s*$", re.IGNORECASE,
)
#: A credit and the Capitalised names after it, each maybe in emphasis ('Contributed by Victor
#: Stinner', 'patch by **Brian Luan**', 'Thanks to Ana de Armas and Guo Ci Teo', '(thanks Nevar)':
#: a bare 'thanks' only right after a parenthesis, before a capital); group 1 is the names.
_CREDIT_NAME = r"(?:\*\*|\*|_|<(?:strong|em|b)>)?[A-ZÀ-ÖØ-Þ](?:\.|[\w'’-]*)(?:\*\*|\*|_|</(?:strong|em|b)>)?"
_CREDIT_WORDS = (
    r"\b(?:(?:[Cc]ontributed|[Rr]eported|[Ss]uggested|[Rr]equested|[Ii]mplemented|[Aa]uthored|[Ww]ritten|[Ff]ixed"
    r"|[Pp]atch(?:es|ed)?|[Ff]ix|[Rr]eviewed|[Tt]ests?|PR|[Pp]ull\s+[Rr]equest|[Ii]dea|[Tt]ranslated|[Ss]ponsored)\s+by"
    r"|[Pp]atch(?:es)?\s+from|[Cc]ontributions?\s+(?:by|from)|[Tt]hanks(?:\s+go(?:es)?(?:\s+out)?)?(?:\s+to|,)"
    r"|[Tt]hank\s+you(?:\s+to|,)|[Cc]ourtesy(?:\s+of)?|(?<=\()[Tt](?:hanks|hx)(?=\s+[A-Z@]))")
#: A credit to one handle, in lowercase, that ends the sentence or the item ('Pull request courtesy
#: layday.', 'reported with patch and tests by\n  jomae)'); group 1 is the handle.
_CREDIT_HANDLE = re.compile(rf"{_CREDIT_WORDS}\s+@?([a-z0-9][\w.-]*[a-z0-9])(?=[.,;)]*(?:\s*$|<))", re.MULTILINE)
#: A credit to a list of handles or names of one token each that a parenthesis closes ('(thanks
#: to cthoyt, Evantm, and cyphase)', '(thanks to sk and OJFord)'); group 1 is the list. Words
#: joined by spaces only are no such list ('(thanks to teh team)').
_HANDLE = r"@?[^\W_][\w.-]*[^\W_]|@?[^\W\d_]"
_CREDIT_HANDLES = re.compile(
    rf"{_CREDIT_WORDS}\s+((?:(?:{_HANDLE})(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*))+(?:{_HANDLE}))\s*\)")
#: Names that end a list item after a dash, crediting its author ('Fix the parser. - Nehal J
#: Wani'): two or three Capitalised names (``_person``); after a reference to an issue or pull
#: request ('(:gh:`785`) - ruro', '(#12) - martin f. krafft') one to three words of any case.
#: Group 1: the text before the dash; group 2: the names.
_DASH_CREDIT = re.compile(r"(\S)[ \t]+[-–—][ \t]+([^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*){0,3})[ \t]*$")
#: Credits that name Capitalised people only ('maintained by **Georg Brandl**'; 'created by
#: default.' is no handle).
_NAME_CREDIT_WORDS = rf"(?:{_CREDIT_WORDS}|\b(?:[Mm]aintained|[Cc]reated|[Dd]eveloped)\s+by)"
_CREDIT_NAMES = (rf"({_CREDIT_NAME}(?:(?:,\s*|\s+|\s*,?\s+and\s+|\s*&\s*)"
                 rf"(?:(?:{'|'.join(sorted(_NAME_PARTICLES))})\s+)*{_CREDIT_NAME}){{0,11}})")
_CREDIT = re.compile(rf"{_NAME_CREDIT_WORDS}\s+{_CREDIT_NAMES}")
#: A list item that is a thing and who made it, then maybe a reference ('- French by Joel Closier
#: (#352)', '* Logo by Jane Doe'): the Capitalised names after 'by'; group 1 is the names.
_ITEM_CREDIT = re.compile(rf"^[ \t]*[-*+][ \t]+[A-Z][a-z]+[ \t]+by[ \t]+{_CREDIT_NAMES}[ \t]*(?:\(|$)", re.MULTILINE)
#: A word that each credit pattern (``_CREDIT``, ``_CREDIT_HANDLE``, ``_CREDIT_HANDLES``,
#: ``_ITEM_CREDIT``) holds, lowercase: where none is, those patterns, which try their
#: alternatives at every position, are not run.
_CREDIT_KEYS = ("by", "from", "thank", "thx", "courtesy")
#: Names at a list item's start before a dash that says what the person did ('Andi Albrecht – agogo
#: theme'), an e-mail address ('Georg Brandl <georg@python.org>', '&lt;' in HTML), their handle
#: in parentheses ('Jon Crall (@Erotemic)', reST's 'Jon Crall (`@Erotemic <https://...>`_)') or
#: a field of theirs after a comma ('Dan Schult, GitHub: ...').
_NAMES_THEN_NOTE = re.compile(
    r"[\[\]\s]*((?:@?[^\W\d_][\w'’.-]*[\[\]\s]*){1,3}?)(?:\s+(?:(?:--?|–|—)\s+\S|<|&lt;|\(`?@[\w-])"
    r"|,[ \t]+[A-Z][A-Za-z]+:[ \t])")
_WORD_AT = re.compile(r"@?[^\W\d_][\w'’.-]*")
#: A field whose value is people: ':release-by: Ask Solem', 'Authors: ...', 'Reviewed-by: ...'.
_FIELD_CREDIT = re.compile(
    r"[ \t]*:?(?:[A-Za-z]+-by|authors?|maintainers?|contributors?|credits?|editors?|reviewers?|translators?"
    r"|moderators?)[ \t]*:[ \t]+(\S.*)", re.IGNORECASE)
#: Emphasis around names ('- **Michael Howitz**') and a reST role around a handle
#: (':github_user:`paradox41`'): reduced to their text.
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\w)|(?<=\w)\*(?![\w*])")
_ROLE = re.compile(r":[\w-]+:`([^`<>]+)`")
#: Most words of the line before a signature ('best,', 'have fun and a nice time of the year,').
SIGNATURE_OPENER_WORDS = 12
#: Fewest lines of a block of names, and the share of them that must be Capitalised names.
NAME_BLOCK_LINES = 3
NAME_BLOCK_SHARE = 2 / 3
#: Most lines looked at around a line for its block of names.
NAME_BLOCK_SCAN = 60
#: A one-token line of a block of names rarer than this (Zipf) is a handle or a one-word name.
HANDLE_ZIPF = 3.0
_LEAD = re.compile(r"[ \t]*(?:(?:[-*+•]|\d+[.)])[ \t]+)?")


def attribution(original: str, start: int, end: int) -> bool:
    """True when ``original[start:end]`` (code points) names a person in a marked-up document:
    a list item that is only one to three names or one handle, once links and tags are
    reduced to their text ('* Aaron Berdy', '- [Victor Augusto](https://github.com/...)',
    '* johnkangw'; unless the item is one token, every word Capitalised and none a frequent
    English word, so '* Getting Strated' is no name list), or such names before a dash that
    says what the person did or an e-mail address ('* Andi Albrecht – agogo theme', '* Georg
    Brandl <georg@python.org>'); a bracketed credit at a line's end ('[reported by secoif]',
    '[Dav Glass]. Closes #102'); or the Capitalised names after a credit ('(Contributed by
    Victor Stinner in bpo-36721.)', 'Fix contributed by **Brian Luan**.', 'Patch by Ana de Armas
    and Guo Ci Teo'), also when the credit wraps onto the line, or after 'by' in a list item that
    names a thing and who made it ('- French by Joel Closier (#352)'); the value of a credit field
    (':release-by: Ask Solem', 'Authors: ...'); a handle after a credit that ends its sentence
    ('Pull request courtesy layday.') or handles in a credit that a parenthesis closes ('(thanks
    to cthoyt, Evantm, and cyphase)'); names that end a list item after a dash ('(:gh:`852`) -
    Nehal J Wani', see ``_DASH_CREDIT``); a signature (a line of one to three words after
    a short line that ends in a comma, 'best,' then 'holger krekel'); any line of a block of
    three or more one-to-three-word lines, bulleted or not, most of them Capitalised names or,
    when a third are, handles ('* wim glenn' among '* Fabio Zadrozny', '* Ronny Pfannschmidt',
    ...; '- Dan Schult' among names and '- luzpaz'), names before their handle or a field of
    theirs included ('- Jon Crall (@Erotemic)', '- Dan Schult, GitHub: ...')."""
    line_start, line_end = line_span(original, start, end)
    line = original[line_start:line_end]
    for m in _ATTRIBUTION.finditer(line):
        if m.start(1) <= start - line_start and end - line_start <= m.end(1):
            return True
    before = line_span(original, max(0, line_start - 1))[0]  # a credit may wrap onto this line
    around = original[before : line_start + len(line)].lower()
    if any(key in around for key in _CREDIT_KEYS) and any(
            m.start(1) <= start and end <= m.end(1)
            for credit in (_CREDIT, _CREDIT_HANDLE, _CREDIT_HANDLES, _ITEM_CREDIT)
            for m in credit.finditer(original, before, line_start + len(line))):
        return True  # names after a credit, or one handle that ends the credited sentence
    field = _FIELD_CREDIT.match(line)
    if field and field.start(1) <= start - line_start:
        return True
    tail = _DASH_CREDIT.search(line)
    if tail and tail.start(2) <= start - line_start and _LIST_ITEM.match(line) and (
            _person(tail.group(2)) or (tail.group(1) == ")" and len(tail.group(2).split()) <= 3)):
        return True
    if _tail_credit(original, line_start, line, start, end):
        return True
    if _name_series(line, start - line_start, end - line_start):
        return True
    offset = start - line_start
    names = _line_names(line)
    if names is None or not (offset < len(line) and _in_names(line, offset, names)):
        return False
    if _signature(original, line_start, line):
        return True
    if _LIST_ITEM.match(line) and _proper_names(names):
        return True
    return _in_name_block(original, line_start, len(line))


#: Fewest items of a line's comma-separated list of people, and the share of them that must be
#: a person's names (``_person``).
NAME_SERIES_ITEMS = 3
NAME_SERIES_SHARE = 2 / 3
_SERIES_ITEM = re.compile(r"[ \t]*(?:and[ \t]+)?([^,]*?)[ \t]*(?:,|[.;]?[ \t]*$)")


def _name_series(line: str, start: int, end: int) -> bool:
    """True when ``line[start:end]`` lies in an item of a comma-separated list of people that
    fills the line, wrapped or not ('* Dave Cortesi, David Hoese, ...,' then 'Thomas Waldmann,
    David Weil, Placinta'): NAME_SERIES_ITEMS or more items of one to three Capitalised words
    or of one handle, NAME_SERIES_SHARE of them a person's names ('Install, Configure, Tets,
    and Deploy' is none)."""
    if line.count(",") < NAME_SERIES_ITEMS - 1:
        return False  # every item but the last ends in a comma
    content = _LEAD.sub("", line, count=1)
    lead = len(line) - len(content)
    items = [m for m in _SERIES_ITEM.finditer(content) if m.end() > m.start()]
    if len(items) < NAME_SERIES_ITEMS or items[-1].end() != len(content):
        return False
    names = [m.group(1) for m in items]
    if not all((1 <= len(n.split()) <= 3 and all(w[:1].isupper() or w in _NAME_PARTICLES for w in n.split()))
               or (re.fullmatch(_HANDLE, n) and not _frequent(n.lstrip("@"))) for n in names):
        return False  # items of Capitalised names, or handles ('raphaelauv, Hugo van Kemenade, ...')
    if sum(_person(n) for n in names) < NAME_SERIES_SHARE * len(names):
        return False
    return any(lead + m.start(1) <= start and end <= lead + m.end(1) for m in items)


#: Parenthesised groups that end a line ('... locale (batisteo)', '... (sdispater) (andrewelkins).').
_TAIL_PARENS = re.compile(r"(?:\([^()\n]*\)[ \t]*)+\.?[ \t]*$")
_PAREN = re.compile(r"\(([^()\n]*)\)")
#: Most tokens of a credit in parentheses ('(batisteo)', '(Sylvain Baro)', '(@rvagg)').
TAIL_CREDIT_WORDS = 3
#: Fewest distinct credits ending list items for a file to credit its items so.
TAIL_CREDIT_ITEMS = 3
#: Most lines of one list item looked back over for its bullet.
ITEM_LINES = 6


def _tail_credit(original: str, line_start: int, line: str, start: int, end: int) -> bool:
    """True when ``original[start:end]`` (code points) is in a parenthesised credit that ends a
    list item ('- [NEW] Esperanto locale (batisteo)', '* Fix the crash. (arigo)') in a file
    whose list items end so with TAIL_CREDIT_ITEMS or more different credits: a change log's
    convention for naming who did it. One to TAIL_CREDIT_WORDS handles or names, none a
    frequent English word; '(teh)' inside prose, a parenthesis that does not end its item, and a
    file without the convention stay."""
    tail = _TAIL_PARENS.search(line)
    if tail is None or not line_start + tail.start() <= start:
        return False
    group = next((m for m in _PAREN.finditer(line, tail.start())
                  if line_start + m.start(1) <= start and end <= line_start + m.end(1)), None)
    if group is None or not _credit_content(group.group(1)):
        return False
    return _item_end(original, line_start, len(line)) and len(_tail_credits(original)) >= TAIL_CREDIT_ITEMS


#: An issue or pull request number after a credit's names ('(Alex Gorbatchev, #213)').
_ISSUE_NUMBER = re.compile(r"#\d+|[Gg][Hh]-\d+")


def _credit_content(content: str) -> bool:
    """True for one to TAIL_CREDIT_WORDS handles or names, none a frequent English word, maybe
    joined by commas, 'and' or '&' ('(arigo and ghazel)'), or a person's names (``_person``:
    'Alex Gorbatchev'), each maybe with an issue number after a comma ('(Alex Gorbatchev, #213)')."""
    words = [w for w in content.replace(",", " ").split() if w not in _NAME_PARTICLES and w not in ("and", "&")]
    if "," in content:
        words = [w for w in words if not _ISSUE_NUMBER.fullmatch(w)]
    return 0 < len(words) <= TAIL_CREDIT_WORDS and (all(
        re.fullmatch(_HANDLE, w) and not _frequent(w.lstrip("@")) for w in words) or _person(" ".join(words)))


def _item_end(original: str, line_start: int, length: int) -> bool:
    """True when the line at ``line_start`` (``length`` code points) ends a list item: it or a
    line above it in its paragraph opens the item, and the next line is blank, opens another
    item or ends the text."""
    after = line_start + length
    following = original[after + 1 : line_span(original, after + 1)[1]] if original.startswith("\n", after) else ""
    if following.strip() and not _LIST_ITEM.match(following):
        return False
    at = line_start
    for _ in range(ITEM_LINES):
        line = original[at : line_span(original, at)[1]]
        if not line.strip():
            return False
        if _LIST_ITEM.match(line):
            return True
        if at < 2:
            return False
        at = line_span(original, at - 1)[0]
    return False


@functools.lru_cache(maxsize=8)
def _tail_credits(original: str) -> frozenset[str]:
    """The different credits in parentheses that end list items of ``original``."""
    credits = set()
    at = 0
    while at <= len(original):
        end = original.find("\n", at)
        end = len(original) if end < 0 else end
        line = original[at:end]
        tail = _TAIL_PARENS.search(line) if line.endswith((")", ").", ") ")) else None
        if tail is not None:
            for m in _PAREN.finditer(line, tail.start()):
                if _credit_content(m.group(1)) and _item_end(original, at, len(line)):
                    credits.add(m.group(1))
        at = end + 1
    return frozenset(credits)


#: Nouns that say what kind of thing a name before them is ('the apidoc module', 'the agogo
#: theme', 'the pyversion option', 'the gemnasium badge', 'the feavar feature tag'): what a
#: name in code font would be, written without it.
_KIND_OF_THING = re.compile(
    r"[ \t]+(?:modules?|options?|themes?|extensions?|functions?|methods?|packages?|librar(?:y|ies)|plugins?"
    r"|plug-ins?|directives?|roles?|settings?|attributes?|parameters?|arguments?|keywords?|flags?|commands?"
    r"|fields?|variables?|headers?|backends?|syscalls?|macros?|builtins?|hooks?|decorators?|fixtures?"
    r"|middlewares?|subcommands?|namespaces?|endpoints?|configuration|badges?|bindings?"
    r"|(?:feature[ \t]+)?tags?)\b"
    # a version after the name ('iojs v3.0', 'har-validator to 5.x'): a product's release
    r"|(?:[ \t]+to)?[ \t]+v?\d+(?:\.(?:\d+|x))+\b")
_THING_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def thing_name(original: str, start: int, end: int) -> bool:
    """True when ``original[start:end]`` (code points) is one lowercase token followed by a noun
    that says what kind of thing it names ('the apidoc module', 'the agogo theme', 'its
    pyversion option') or by a version ('iojs v3.0', 'har-validator to 5.x')."""
    return bool(_THING_NAME.fullmatch(original, start, end) and _KIND_OF_THING.match(original, end))


#: A verb of naming right before a word, maybe with an opening quote or emphasis ('it was named
#: restserv', 'a tool called *otool*'): the word is the name given.
_NAMING_VERB = re.compile(r"\b(?:named|called|nicknamed|dubbed|code-?named)[ \t]+[\"“'‘*_`]*$")


def given_name(original: str, start: int, end: int) -> bool:
    """True when ``original[start:end]`` (code points), one token, follows a verb of naming ('at
    the time, it was named restserv', 'a tool called otool'): a name given to something."""
    return _TOKEN.fullmatch(original, start, end) is not None and _NAMING_VERB.search(
        original, max(0, start - 16), start) is not None


#: A list item that names a thing in emphasis and who made it ('- *Golo* by Philipp Garbe',
#: '* **Stata** by [Brian Quistorff][]'): the emphasised word is the thing's name.
_MADE_THING_BEFORE = re.compile(r"(?:^|\n)[ \t]*[-*+•][ \t]+(\*\*|\*|__|_)$")
_MADE_THING_AFTER = re.compile(r"(\*\*|\*|__|_)[ \t]+by[ \t]+\[?[A-Z@]")


def made_thing(original: str, start: int, end: int) -> bool:
    """True when ``original[start:end]`` (code points), one token, is the emphasised name that
    opens a list item crediting its maker ('- *Golo* by Philipp Garbe'): a name of a thing."""
    before = _MADE_THING_BEFORE.search(original, max(0, start - 12), start)
    after = _MADE_THING_AFTER.match(original, end)
    return (before is not None and after is not None and before.group(1) == after.group(1)
            and _TOKEN.fullmatch(original, start, end) is not None)


#: A series of three or more Capitalised tokens joined by commas and a last 'and' or 'or'
#: ('Django, Zope, Pylons, and Turbogears'; 'Component, Jam, SPM, and Volo').
_SERIES = re.compile(r"(?<![\w-])(?:[A-Z][\w.+#-]*,[ \t]+){2,}(?:(?:and|or)[ \t]+)?[A-Z][\w.+#-]*\b"
                     r"|(?<![\w-])(?:[A-Z][\w.+#-]*,[ \t]+)+(?:and|or)[ \t]+[A-Z][\w.+#-]*\b")
_SERIES_SPLIT = re.compile(r",[ \t]+(?:(?:and|or)[ \t]+)?|[ \t]+(?:and|or)[ \t]+")


def series_of_names(original: str, start: int, end: int) -> list[str]:
    """The other items of the series of three or more Capitalised tokens that ``original[start:
    end]`` (code points) is an item of, on its line ('Django, Zope, Pylons, and Turbogears' for
    'Zope': ['Django', 'Pylons', 'Turbogears']); empty when it is in none."""
    for m in _SERIES.finditer(original, *line_span(original, start, end)):
        if m.start() <= start and end <= m.end():
            items = _SERIES_SPLIT.split(m.group())
            word = original[start:end]
            if len(items) >= 3 and word in items:
                return [i for i in items if i != word]
    return []


def _line_names(line: str) -> str | None:
    """The one to three words a line holds, or the names before a dash or an address, once
    bullets, links, tags, emphasis and reST roles are reduced to their text; None for others."""
    content = _ROLE.sub(r"\1", _EMPHASIS.sub(" ", _LINK_TARGET.sub(" ", line))).strip()
    names = _NAME_WORDS.fullmatch(content) or _NAMES_THEN_NOTE.match(content)
    return None if names is None else names.group(1)


def _proper_names(names: str) -> bool:
    """True for one token, or words that are all Capitalised and none a frequent English word
    ('Aaron Berdy'; not 'Getting Strated')."""
    words = names.replace("[", " ").replace("]", " ").split()
    words = [w for w in words if w not in _NAME_PARTICLES]
    return len(words) == 1 or all(w.lstrip("@")[:1].isupper() and not _frequent(w) for w in words)


def _signature(original: str, line_start: int, line: str) -> bool:
    """True when ``line`` (one to three words, at ``line_start``) follows a short line that ends
    in a comma ('best,', 'Happy testing,') and ends its paragraph: a signature."""
    if line_start < 2:
        return False
    previous = original[line_span(original, line_start - 1)[0] : line_start - 1].strip()
    after = original[line_start + len(line) : line_start + len(line) + 2]
    return (previous.endswith(",") and len(previous.split()) <= SIGNATURE_OPENER_WORDS
            and (after in ("", "\n") or after.startswith(("\n\n", "\r\n"))))


def _in_name_block(original: str, line_start: int, length: int) -> bool:
    """True when the line at ``line_start`` (``length`` code points) is one of NAME_BLOCK_LINES
    or more consecutive lines of the same indentation that each hold one to three words
    (``_line_names``), NAME_BLOCK_SHARE or more of them a person's names (``_person``): a list
    of people (a list of titles, 'Getting Started', 'Usage', 'Advanced Topics', has too few
    such lines)."""
    indent = _indent(original[line_start : line_start + length])
    block = [original[line_start : line_start + length]]
    for step in (-1, 1):
        at = line_start
        while len(block) < NAME_BLOCK_SCAN:
            if step < 0:
                if at < 2:
                    break
                begin = line_span(original, at - 1)[0]
                line, at = original[begin : at - 1], begin
            else:
                begin = line_span(original, at)[1]
                if not original.startswith("\n", begin):
                    break
                line = original[begin + 1 : line_span(original, begin + 1)[1]]
                at = begin + 1
            if not line.strip() or _indent(line) != indent:
                break
            block.append(line)
    names = [_line_names(line) for line in block]
    if len(block) < NAME_BLOCK_LINES or names[0] is None:
        return False
    people = [n is not None and _person(n) for n in names]  # a longer line counts against the block
    if not (people[0] or _rare_words(names[0]) or _person(names[0], any_word=True)):
        return False  # this line: a person ('Huon Wilson' too), a handle or names of no frequent word ('wim glenn')
    # One token rarer than HANDLE_ZIPF is a handle or a one-word name ('luzpaz', 'Romain'; not
    # 'Usage'): with a third of the lines people, such lines count with them (contributor lists
    # end in handles).
    handles = sum(n is not None and not p and len(n.split()) == 1 and _zipf(n.strip("[]@")) < HANDLE_ZIPF
                  for n, p in zip(names, people))
    return sum(people) >= NAME_BLOCK_SHARE * len(block) or (
        3 * sum(people) >= len(block) and sum(people) + handles >= NAME_BLOCK_SHARE * len(block))


def _rare_words(names: str) -> bool:
    """True when no word of ``names`` is a frequent English word ('wim glenn', 'aselus-hub';
    not 'the recieve step')."""
    return not any(_frequent(w) for w in names.replace("[", " ").replace("]", " ").split())


def _person(names: str, any_word: bool = False) -> bool:
    """True for two or three Capitalised words, the last no frequent English word ('Alex
    Gaynor', 'Michael Howitz'; first names are often frequent words); with ``any_word``, any one
    of them no frequent word ('Huon Wilson': surnames are often frequent words too)."""
    words = [w for w in names.replace("[", " ").replace("]", " ").split() if w not in _NAME_PARTICLES]
    if not (1 < len(words) <= 3 and all(w[:1].isupper() for w in words)):
        return False
    return not all(_frequent(w) for w in words) if any_word else not _frequent(words[-1])


def _indent(line: str) -> str:
    """The whitespace and bullet that start ``line`` ('  ', '* ', '    - ')."""
    m = _LEAD.match(line)
    return re.sub(r"\d+", "0", m.group()) if m else ""


def _in_names(line: str, offset: int, names: str) -> bool:
    """True when the word at ``offset`` of ``line`` is one of the words of ``names``."""
    m = _WORD_AT.match(line, offset)
    return m is not None and m.group().lstrip("@") in {
        w.lstrip("@") for w in names.replace("[", " ").replace("]", " ").split()}


def _frequent(word: str) -> bool:
    """True for a word frequent in English (wordfreq Zipf >= NAME_LIST_ZIPF): no name."""
    return _zipf(word) >= NAME_LIST_ZIPF


def _zipf(word: str) -> float:
    """How frequent ``word`` is in English, in any case (wordfreq Zipf; 0 for unseen words)."""
    from wordfreq import zipf_frequency  # only for the words of a list item that may be names

    return zipf_frequency(word.lower(), "en")


#: What a paragraph ending in a comma may introduce: a fenced or indented code block, a reST
#: literal block or directive, a list item, an HTML block.
_BLOCK_AFTER = re.compile(r"\s*\n(?:[ \t]*\n)*(?:[ \t]*(?:```|~~~|\.\. |<pre|<div|[-*+•][ \t]|\d+[.)][ \t])|[ \t]{4}|\t)")


def open_ended_item(original: str, offset: int) -> bool:
    """True when the paragraph that ends at ``offset`` (code points of the original) is a list
    item, or introduces a code block, a list or a directive: in a marked-up document such a
    paragraph may end with a comma ('- if so, compare the fields,', 'Or in another way (ES6),')."""
    begin, end = line_span(original, offset)
    line = original[begin:end]
    if _LIST_ITEM.match(line) or original[begin:offset].rstrip().endswith("::"):
        return True
    return original.startswith("\n", end) and _BLOCK_AFTER.match(original, end) is not None


#: An arrow and the word after it, after a word: 'middlware -> middleware', "`teh` → `the`".
_CORRECTION_AFTER = re.compile(r"[`'\"’”]?[ \t]*(?:-{1,2}>|→|=>|⇒)[ \t]*[`'\"‘“]?([^\W\d_][\w'’-]*)")


def correction_mention(original: str, start: int, end: int) -> bool:
    """True when the word ``original[start:end]`` (code points) is followed by an arrow and its
    correction, a word at most two edits from it ('middlware -> middleware'): a changelog or a
    commit message naming a misspelling it fixed, which mentions the misspelling on purpose."""
    from lint.words import within_two

    m = _CORRECTION_AFTER.match(original, end)
    if m is None:
        return False
    word, fixed = original[start:end].lower(), m.group(1).rstrip("'’-").lower()
    return fixed != word and within_two(word, fixed)


#: A person's profile page: one path segment on a code host or social network.
_PROFILE_URL = re.compile(
    r"https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|twitter\.com|x\.com|"
    r"linkedin\.com/in|mastodon\.social/@?|opencollective\.com)/[\w.-]+/?"
)
_HTML_LINK_OPEN = re.compile(r"<a\s[^<>]*?href=[\"']([^\"']*)[\"'][^<>]*>", re.IGNORECASE)
_MD_LINK_AFTER = re.compile(r"[^\[\]\n]*\]\(([^()\s]*)\)")
#: How far (code points) a link's text may reach around a word: a name and an avatar.
_LINK_REACH = 400


def link_name(original: str, start: int, end: int) -> bool:
    """True when ``original[start:end]`` (code points) is in the text of a link to a person's
    profile page ('[Kees Kluskens](https://github.com/spacek33z)', an HTML ``<a>`` around an
    avatar and a handle): contributor and sponsor lists name people and handles there; or in
    the text of a link whose address spells the word ('[*cattrs*](https://catt.rs/)',
    '[lunr](https://lunrjs.com)'): a project or a product named by its own site."""
    url = _link_target(original, start, end)
    if url is None:
        return False
    letters = re.sub(r"[^a-z0-9]", "", original[start:end].lower())
    return _PROFILE_URL.fullmatch(url) is not None or (
        len(letters) >= 3 and letters in re.sub(r"[^a-z0-9]", "", url.lower()))


def _link_target(original: str, start: int, end: int) -> str | None:
    """The address of the Markdown or HTML link whose text holds ``original[start:end]``."""
    low = max(0, start - _LINK_REACH)
    opened = original.rfind("[", low, start)
    if opened >= 0 and "]" not in original[opened:start] and "\n" not in original[opened:start]:
        m = _MD_LINK_AFTER.match(original, end)
        if m:
            return m.group(1)
    tag = original.rfind("<a", low, start)
    if tag < 0 or "</a" in original[tag:start].lower():
        return None
    m = _HTML_LINK_OPEN.match(original, tag)
    closed = original.lower().find("</a", end, end + _LINK_REACH)
    if m is not None and m.end() <= start and closed >= 0 and "<a" not in original[end:closed].lower():
        return m.group(1)
    return None


#: Quotation marks that may enclose a word mentioned rather than used, with their closers.
_QUOTE_PAIRS = {'"': '"', "“": "”", "‘": "’", "'": "'", "«": "»"}


def quoted_mention(original: str, start: int, end: int) -> bool:
    """True when the word ``original[start:end]`` (code points) is all that a pair of quotation
    marks holds ('rename "sflo" to "log_observer"', '"Dunder" is a contraction'): a word
    mentioned, a term defined or a name quoted, not used in the sentence."""
    opener, closer = original[start - 1 : start], original[end : end + 1]
    if start == 0 or _QUOTE_PAIRS.get(opener) != closer:
        return False
    outside = original[start - 2 : start - 1], original[end + 1 : end + 2]
    return not any(c.isalnum() for c in outside)  # not an apostrophe: "o'clock's", 'rock'n'roll'


#: The two-letter language codes of ISO 639-1.
_LANGUAGE_CODES = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el
en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it
iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt
my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl
sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo
za zh zu""".split())
#: A language code named as one: the word 'locale' (or 'language', 'translation') before it, with
#: nothing but punctuation or a parenthesis after it ('for locale fr (#862)'), or after it,
#: maybe past the language's name in parentheses ('the ku (kurdish) locale').
_LOCALE_BEFORE = re.compile(r"\b(?:locales?|languages?|translations?)[ \t]+$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[ \t]*(?:[.,;:)\]]|\(|$)", re.MULTILINE)
_LOCALE_AFTER = re.compile(r"(?:[ \t]+\([^()\n]{1,30}\))?[ \t]+(?:locales?|languages?|translations?)\b",
                           re.IGNORECASE)


def locale_code(original: str, start: int, end: int) -> bool:
    """True when ``original[start:end]`` (code points) is a lowercase two-letter language code
    (ISO 639-1) named as one: alone in square brackets ('French [fr]', a link '[ko](...)'), after
    the word 'locale' at the end of its clause ('for locale fr (#862)'), or before it ('the ku
    (kurdish) locale'). 'the locale fo the user' (a slip of 'for'), '[teh]' (no code) and a code
    that is an English word of a closed class ('an translations object': Aragonese's 'an') stay."""
    token = original[start:end]
    if not (token.islower() and token in _LANGUAGE_CODES) or token in CLOSED_CLASS:
        return False
    if original[start - 1 : start] == "[" and original[end : end + 1] == "]":
        return True
    line_start = line_span(original, start)[0]
    return bool((_LOCALE_BEFORE.search(original, line_start, start) and _CLAUSE_END.match(original, end))
                or _LOCALE_AFTER.match(original, end))


#: Unix commands that change logs write as verbs at an entry's start: '- Rm deprecated kwarg',
#: '- API: Rm default value', '...; rm unused import'. What may stand before one on its line.
_COMMAND_VERBS = frozenset({"rm", "mv"})
_ENTRY_START = re.compile(r"(?:[ \t]*(?:[-*+•]|\d+[.)])[ \t]+(?:[A-Z]{2,}:[ \t]+)?|.*;[ \t]+)$")


def command_verb(original: str, start: int, end: int) -> bool:
    """True when ``original[start:end]`` (code points) is a Unix command used as a change log's
    verb ('- Rm deprecated helpers', '- API: Rm default value', 'add links; rm unused import'):
    at a list item's start or after a semicolon, before a lowercase word. 'The rm is big' (a slip
    of 'room') stays."""
    if original[start:end].lower() not in _COMMAND_VERBS:
        return False
    return bool(_ENTRY_START.match(line_prefix(original, start)) and re.match(r" [a-z]", original[end : end + 2]))


#: An e-mail address written out against harvesters: 'name AT host DOT com', 'name [at] host
#: (dot) org'. The words between the two markers are the host's name. The markers are in
#: capitals or brackets: a bare 'at' is the preposition ('look at teh dot').
_MARK_AT = r"(?:AT|\[at\]|\(at\)|<at>)"
_MARK_DOT = r"(?:DOT|\[dot\]|\(dot\))"
_AT_BEFORE = re.compile(rf"\w[ \t]+{_MARK_AT}[ \t]+(?:[\w-]+[ \t]+{_MARK_DOT}[ \t]+)*$")
_DOT_AFTER = re.compile(rf"[ \t]+{_MARK_DOT}[ \t]+\w")
#: What follows a word of an address's local part: more of it, then the '@' word and a host
#: with at least one '.' word ('nicolas DOT delaby AT ezeep DOT com').
_LOCAL_AFTER = re.compile(rf"(?:[ \t]+{_MARK_DOT}[ \t]+[\w-]+)*[ \t]+{_MARK_AT}[ \t]+[\w-]+[ \t]+{_MARK_DOT}[ \t]+\w")
#: The owner's name before an address in brackets, on an authors list's line: 'Matthew Aburn
#: (mattja6 AT gmail DOT com)', 'Michel Zou <xantares09 AT hotmail DOT com>'.
_OWNER_AFTER = re.compile(rf"(?:[ \t]+[A-Z][\w'’.-]*){{0,2}}[ \t]+[(<\[][ \t]*[\w.+-]+(?:[ \t]+{_MARK_DOT}[ \t]+[\w-]+)*"
                          rf"[ \t]+{_MARK_AT}[ \t]+[\w-]+[ \t]+{_MARK_DOT}[ \t]+\w")
_OWNER_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:[-*+•][ \t]+)?(?:[A-Z][\w'’.-]*[ \t]+){0,2}$")


def spelled_address(original: str, start: int, end: int) -> bool:
    """True when ``original[start:end]`` (code points) is a part of an e-mail address spelled out
    with words for '@' and '.' ('raphael DOT barrois AT xelmail DOT com': its local part or its
    host), or the Capitalised name of its owner that opens the line before it in brackets, as
    authors lists write them ('- Matthew Aburn (mattja6 AT gmail DOT com)')."""
    if _AT_BEFORE.search(original, max(0, start - 120), start) is not None and _DOT_AFTER.match(original, end):
        return True
    if _LOCAL_AFTER.match(original, end) and (start == 0 or not original[start - 1].isalnum()):
        return True
    return bool(original[start:start + 1].isupper() and _OWNER_AFTER.match(original, end)
                and _OWNER_BEFORE.search(original, max(0, start - 120), start))


#: A frame line of a Python traceback: '  File "path", line 89, in update'.
_FRAME = re.compile(r"[ \t]*File \"[^\"\n]*\", line \d+, in [\w<>.]+[ \t]*$")


def traceback_line(original: str, start: int) -> bool:
    """True when the line of ``original`` holding ``start`` (code points) is a Python traceback's
    frame or the source line shown after one: a traceback pasted as text, not prose."""
    line_start, line_end = line_span(original, start)
    if _FRAME.match(original[line_start:line_end]):
        return True
    if line_start == 0:
        return False
    before = line_span(original, line_start - 1)[0]
    return _FRAME.match(original[before : line_start - 1]) is not None


#: A line in the 'name : type' or 'name : description' layout of numpydoc's parameter lists
#: and of lists of terms: one name (an identifier, maybe in a list item) then a spaced colon.
_NAME_COLON = re.compile(r"^[ \t]*(?:[-*+•][ \t]+)?[`*]{0,2}[\w.]+[`*]{0,2}( :)(?:[ \t]|$)", re.MULTILINE)
#: Lines of the layout a document needs to hold for one to be the layout, not a slip.
NAME_COLON_LINES = 3


def name_colon_layout(original: str, start: int, lines: Callable[[], int]) -> bool:
    """True when the spaced colon at ``start`` (code points) follows the one name that opens its
    line ('numpydoc_xref_param_type : bool', '- server : the SSH server') and the document
    writes at least ``NAME_COLON_LINES`` lines so (``lines()``, counted once per document by the
    caller): a layout of parameters or terms, not French spacing. A lone 'Note : ...' stays."""
    line_start, _ = line_span(original, start)
    m = _NAME_COLON.match(original, line_start)
    return m is not None and m.start(1) == start and lines() >= NAME_COLON_LINES


def name_colon_lines(original: str) -> int:
    """How many lines of ``original`` are in the 'name : type' layout (``name_colon_layout``)."""
    return sum(1 for _ in _NAME_COLON.finditer(original))


#: What opens a call or a signature written in prose ('with_traceback(').
_CALL_OPEN = re.compile(r"[\w.]\(")
_NAME = re.compile(r"\w+")


def call_argument(paragraph: str, word: str, candidates: Container[str]) -> bool:
    """True when ``paragraph`` (a paragraph's prose) writes a call or signature with ``word`` as
    one of its arguments ('Exception.with_traceback(tb) - set self.__traceback__ to tb'): the
    word is a parameter's name there and wherever the paragraph uses it. ``candidates`` is
    ``call_names(paragraph)``: a word outside it is no argument, and the paragraph is not read."""
    if not word.isidentifier() or word not in candidates:
        return False
    arg = re.escape(word)
    return re.search(rf"[\w.]\((?:[^()\n]*[,(\s*])?{arg}(?:[\s,=:)][^()\n]*)?\)", paragraph) is not None


def call_names(paragraph: str) -> frozenset[str]:
    """Every name between a call's opening parenthesis and the first ')' after it: the words
    ``call_argument`` can accept, found in one pass over the paragraph, so that a paragraph's
    findings, however many, do not each read all of it (6,400 findings on a paragraph of 200 KB
    took over 40 s)."""
    names: set[str] = set()
    reached = 0
    for m in _CALL_OPEN.finditer(paragraph):
        close = paragraph.find(")", m.end())
        if close < 0:
            break
        if close > reached:  # openers before the same ')' share its span: read it once
            names.update(_NAME.findall(paragraph, max(m.end(), reached), close))
            reached = close
    return frozenset(names)


#: A list item in the 'term : description' layout of a list of terms: a marker, a term of one
#: to three words (maybe emphasised or in code: '*task-loading*', '`resubscribe`', 'local ip',
#: 'QoS 0', 'Merge pull request'), then a spaced colon (group 3) and the description.
_TERM_ITEM = re.compile(r"([ \t]*)([-*+•])[ \t]+([`*]{0,2}[\w.-]+(?:[ \t][\w.-]+){0,2}[`*]{0,2})([ \t]+:)(?:[ \t]|$)")
_ITEM = re.compile(r"([ \t]*)([-*+•])[ \t]+\S")
#: Lines read up and down from a finding's item for the rest of its list.
TERM_LIST_REACH = 60


def term_list_item(original: str, start: int) -> bool:
    """True when the spaced colon at ``start`` (code points) ends the term of a list item and
    every item of its list (two or more, same marker and indent, read up to TERM_LIST_REACH
    lines each way) is a distinct term of one to three words then ' : ' ('- local ip : the
    interface ...', '- QoS 0 : received at most once'): a list of terms laid out so, not French
    spacing. A list whose items repeat a label ('- Fix : ...' twice) or where one item has no
    spaced colon is prose with the slip, and stays."""
    line_start, line_end = line_span(original, start)
    # Cut after the colon, so that a description glued to it ('- a  :`x`') still ends the term.
    m = _TERM_ITEM.fullmatch(original, line_start, min(line_end, start + 3)) or _TERM_ITEM.match(original, line_start)
    if m is None or m.start(4) != start:
        return False
    indent, marker = m.group(1), m.group(2)
    terms = [m.group(3).strip("`*").lower()]
    for step in (-1, 1):
        for line in _list_lines(original, line_start, line_end, step):
            item = _ITEM.match(line)
            if item is None:
                if line.strip() and len(line) - len(line.lstrip()) <= len(indent):
                    break  # a paragraph at the list's indent or less ends the list
                continue  # a blank line or an item's continuation
            if len(item.group(1)) != len(indent) or item.group(2) != marker:
                if len(item.group(1)) < len(indent):
                    break  # an outer list's item
                continue  # a nested list's item
            term = _TERM_ITEM.match(line)
            if term is None:
                return False
            terms.append(term.group(3).strip("`*").lower())
    return len(terms) >= 2 and len(set(terms)) == len(terms)


def _list_lines(original: str, line_start: int, line_end: int, step: int) -> list[str]:
    """Up to TERM_LIST_REACH lines of ``original`` before (``step`` -1, nearest first) or after
    (1) the line from ``line_start`` to ``line_end`` (code points)."""
    if step < 0:
        above = original[max(0, line_start - 200 * TERM_LIST_REACH) : max(0, line_start - 1)].split("\n")
        return above[::-1][:TERM_LIST_REACH] if line_start else []
    return original[line_end + 1 : line_end + 1 + 200 * TERM_LIST_REACH].split("\n")[:TERM_LIST_REACH]


def paired_straight_quote(original: str, start: int, paragraph: str) -> bool:
    """True when ``original[start]`` (code points) is a straight double quotation mark, not glued
    between a letter or digit and more text, and ``paragraph`` (its prose) holds an even number
    of them: they pair up in turn, and LanguageTool's unpaired-quote rule took a closing one
    after a space for an opener ('start with "Process ", "Assess "', 'a space (" ")'). An odd
    number leaves one unpaired, and a quote glued to the word before it lacks its space ('a
    switch name of"--help"'): both stay flagged. A single quote is not judged so: a closing
    one after an s reads as a plural's apostrophe ("'d hh:mm:ss' format", "the subcommands'
    results"), so its count says nothing."""
    if original[start : start + 1] != '"':
        return False
    glued = start > 0 and original[start - 1].isalnum() and original[start + 1 : start + 2].strip() != ""
    return not glued and paragraph.count('"') % 2 == 0


#: One parameter of a signature: a name, maybe starred, with maybe a default value (no space,
#: comma or parenthesis in it: 'None', '”xml”', "b''"), or '...', '/' or '*' alone.
_PARAM = r"[ \t\n]*(?:\*{0,2}[A-Za-z_]\w*(?:[ \t]*=[ \t]*[^\s,()]+)?|\.\.\.|/|\*)[ \t\n]*"
#: A paragraph that is a call's signature or a run of its parameters, as Sphinx and epydoc wrap
#: them into definition terms ('TreeBuilder(self, element_factory=None, parser=None,'): a name
#: and '(' or a default value, parameters with commas between, maybe the ')' and a return type.
_SIGNATURE = re.compile(
    rf"[ \t\n]*(?:[A-Za-z_][\w.]*\((?:{_PARAM}(?:,{_PARAM})*,?)?|(?={_PARAM},)(?=[^()]*=){_PARAM}(?:,{_PARAM})*,?)"
    r"[ \t\n]*(?:\)[ \t\n]*(?:(?:->|→)[ \t\n]*\S+[ \t\n]*)?)?")


def signature_paragraph(paragraph: str) -> bool:
    """True when ``paragraph`` (a paragraph's prose) is nothing but a signature or a run of its
    parameters ('write(self, file, encoding=None, method=”xml”,', 'with_tail=True, doctype=None)'):
    code set as a definition term, whose commas and quotes are no prose punctuation. A sentence
    that names a call ('Call f(a, b) , then g.') is more than that, and stays."""
    return bool(paragraph.strip()) and _SIGNATURE.fullmatch(paragraph) is not None
