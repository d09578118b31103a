"""Finding filters, applied in order: select/ignore, learned vocabulary, markup context, changed lines,
suppressions, baseline, severity, sort. Findings of several engines on one problem are merged before (lint.merge)."""

from __future__ import annotations

import fnmatch
import functools
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from lint.config import Config, Override, relative_to_root
from lint import terms
from lint.learned import LearnedVocabulary, neighbours
from lint.lexicon import Lexicon
from lint.structure import (
    attribution, call_argument, call_names, command_verb, conditional_operator, correction_mention, counted,
    english as is_english, given_name, inline_mention, line_prefix, line_span, link_name, locale_code, made_thing,
    name_colon_layout, name_colon_lines, near_copy, open_ended_item, paired_straight_quote, paragraph_text,
    code_literal_quote, quote_of_code, quoted_mention, refrain, release_notes, series_of_names, set_apart, signature_paragraph,
    spelled_address, starts_block, structural, term_list_item, thing_name, traceback_line, whole_cell,
)
from lint.model import Finding, Severity
from lint.words import CLOSED_CLASS, edits1, sentence_initial
from lint.source import TextSource


@dataclass(slots=True)
class FilterContext:
    """What the filters may consult, and what they record for the report."""

    config: Config
    sources: Mapping[str, TextSource]
    #: Fingerprints of accepted findings (see lint.baseline); None when no baseline is used.
    baseline: set | None = None
    #: Absolute path -> changed 1-based lines; None when every line counts.
    changed: Mapping[Path, set[int]] | None = None
    #: Filled in: (path, directive) of every suppression that silenced something.
    used_suppressions: set = field(default_factory=set)
    #: Filled in: baseline fingerprints that matched a finding.
    used_baseline: set = field(default_factory=set)
    #: The project vocabulary learned from the checked files (lint.learned); None: not used.
    learned: LearnedVocabulary | None = None
    #: Ids of the rules whose findings are spelling findings; an ``lt.`` entry is an id prefix
    #: ('lt.MORFOLOGIK_RULE_'). The learned vocabulary applies to these.
    spelling_rules: tuple[str, ...] = ()
    #: typolint's lexicon (loaded on first call), for judging a paragraph's language; None: not judged.
    lexicon: Callable[[], Lexicon] | None = None
    #: Rule id -> kind of the YAML rules ("repetition", ...), for filters that depend on the kind.
    kinds: Mapping[str, str] = field(default_factory=dict)


Filter = Callable[[list[Finding], FilterContext], list[Finding]]


def matches_prefix(rule: str, prefixes: Sequence[str]) -> bool:
    """True when ``rule`` is one of the dotted ``prefixes`` or below one ('typos' covers 'typos.x')."""
    return any(rule == p or rule.startswith(p.rstrip(".") + ".") for p in prefixes)


def rule_enabled(rule: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Select narrows to the listed prefixes (all when empty); ignore then removes."""
    if select and not matches_prefix(rule, select):
        return False
    return not matches_prefix(rule, ignore)


def overrides_for(path: str, config: Config) -> list[Override]:
    """The per-glob overrides that apply to ``path``."""
    if not config.overrides:  # the common case; relative_to_root costs ~100 µs a finding
        return []
    relative = relative_to_root(path, config)
    return [o for o in config.overrides if fnmatch.fnmatch(relative, o.glob)]


def select_ignore(findings: list[Finding], ctx: FilterContext) -> list[Finding]:
    """Drop findings of rules not selected, globally and by per-glob overrides.

    When a finding's own rule is off but a rule merged into it is on, that merged finding
    takes its place.
    """
    kept = []
    config = ctx.config
    by_rule: dict[str, bool] = {}  # without overrides, a rule is on or off everywhere
    for f in findings:
        if not f.merged and not config.overrides:
            on = by_rule.get(f.rule)
            if on is None:
                on = by_rule[f.rule] = _enabled(f, config)
            if on:
                kept.append(f)
            continue
        enabled = [g for g in (f, *f.merged) if _enabled(g, config)]
        if not enabled:
            continue
        head, rest = enabled[0], tuple(enabled[1:])
        kept.append(head if head is f and rest == f.merged else replace(head, merged=rest))
    return kept


def _enabled(f: Finding, config: Config) -> bool:
    if not rule_enabled(f.rule, config.select, config.ignore):
        return False
    return all(rule_enabled(f.rule, o.select, o.ignore) for o in overrides_for(f.path, config))


def _drop(findings: list[Finding], unwanted: Callable[[Finding], bool],
          may_apply: Callable[[Finding], bool]) -> list[Finding]:
    """Drop the findings ``unwanted`` says are noise; findings of other rules merged into a
    dropped one take its place, as in ``select_ignore``. ``may_apply(f)`` is False when
    ``unwanted`` cannot drop any finding of ``f``'s rule in ``f``'s file: it is asked once per
    rule and file, and such findings are kept without a call per finding."""
    kept = []
    judged: dict[str, dict[str, bool]] = {}  # path -> rule id -> may_apply
    for f in findings:
        if not f.merged:  # the common case, without building lists
            by_rule = judged.get(f.path)
            if by_rule is None:
                by_rule = judged[f.path] = {}
            applies = by_rule.get(f.rule)
            if applies is None:
                applies = by_rule[f.rule] = may_apply(f)
            if not applies or not unwanted(f):
                kept.append(f)
            continue
        left = [g for g in (f, *f.merged) if not (may_apply(g) and unwanted(g))]
        if not left:
            continue
        head, rest = left[0], tuple(left[1:])
        kept.append(head if head is f and rest == f.merged else replace(head, merged=rest))
    return kept


def learned_vocabulary(findings: list[Finding], ctx: FilterContext) -> list[Finding]:
    """Drop spelling findings on a word of the project vocabulary learned from the checked files
    (a code word or consistent jargon, see lint.learned), for both engines; and LanguageTool
    speller findings that typolint's evidence does not back: a span of several words each of
    which is a word (``LearnedVocabulary.words_of``); a word the checked files write in
    lowercase again and again that LanguageTool knows in capitals (``_house_case``); a word for
    which LanguageTool has suggestions but none a typing slip away (a name, a handle, jargon),
    unless it is a near miss of a learned word. Spelling findings on a software term of the
    technical vocabulary (lint.terms: 'ctor', 'memoize', 'Bazel'), on a hyphenated compound of
    such a term and English words ('printf-style') or on the singular of a plural term that is
    no English word ('kwarg' of 'kwargs') are dropped too."""

    def may_apply(f: Finding) -> bool:  # every test below is of a spelling finding
        return f.rule.startswith(_LT_SPELLERS) or _spelling(f, ctx)

    def unwanted(f: Finding) -> bool:
        if ctx.learned is not None and _learned_word(f, ctx):
            return True
        if _spelling(f, ctx) and (technical := _terms(ctx)) is not None and _technical(f.match.strip(), technical, ctx):
            return True
        if not f.rule.startswith(_LT_SPELLERS):
            return False
        if ctx.learned is not None and (ctx.learned.words_of(f.match) or _house_case(f, ctx.learned)):
            return True
        from lint.engines.languagetool.evidence import no_slip_suggested  # only LanguageTool's findings get here

        if not f.suggestions or not no_slip_suggested(f.match, f.suggestions, ctx.lexicon and ctx.lexicon()):
            return False
        return ctx.learned is None or not ctx.learned.near_miss(f.match)

    return _drop(findings, unwanted, may_apply)


def markup_context(findings: list[Finding], ctx: FilterContext) -> list[Finding]:
    """Drop findings that the markup around them explains (issue 10, lint.structure):

    - a lowercase 'sentence start' (``lt.UPPERCASE_SENTENCE_START``) that begins a list item,
      a table cell or another block behind markup;
    - in a marked-up document, a repeated paragraph (kind ``repetition``) that is a list item,
      heading or table row, in release notes, or whose first copy is not among the paragraphs just
      before it or lies in another section (a heading or an HTML definition term between them):
      changelog entries, navigation and boilerplate repeat by design;
    - in a marked-up document, a 'dangling' word that is the whole content of an inline element
      (``<em>a</em>``: a variable, not an article);
    - in a marked-up document, a space before punctuation that runs over markup or follows a
      URL, a command-line option or inline code (lint.structure.set_apart), or is the spaced
      '?' or ':' of a conditional operator ('(a ? b : c)');
    - a LanguageTool grammar match whose span runs over markup it did not see, or holds a
      quote mark that is markup or quotes code (lint.structure.quote_of_code);
    - inconsistent spellings in release notes (lint.structure.release_notes);
    - a dash between two version numbers ('3.4 - 3.7'), a range of versions, not a dash;
    - a doubled lowercase word unknown to the lexicon: a reduplicated sound ('womp womp'); a
      word doubled around markup ('the item <em>item</em>': a parameter named after the noun),
      across an image and its caption or two badges, in two cases ('OPEN Open'), three
      times ('NOPE NOPE NOPE') or as a table cell's whole content ('| long long |', a C type);
    - in a marked-up document, a dangling preposition whose object is markup ('presented in
      [Meijaard2007]_.'), and a LanguageTool finding on a colon that is markup (a MyST
      definition's ': ', reST's '::'; a Markdown emoji shortcode ':x:' is masked by the emitter);
    - an apostrophe that LanguageTool takes for an unpaired quotation mark ("doesn’t");
    - a verb that takes a gerund, in the passive, before an infinitive ('Not recommended to
      override'; 'we recommend to use' stays);
    - a word doubled whose second copy opens a hyphenated compound ('in in-line mode');
    - spelling findings on a Capitalised word beside one with a Latin diacritic ('Kornel
      Lesiński') and on the owner of a tagged comment ('TODO(riker)');
    - spelling and LanguageTool findings on a language code named as one ('French [fr]', 'for
      locale fr'; lint.structure.locale_code), spelling findings on a Unix command written as a
      change log's verb ('- Rm deprecated helpers'; lint.structure.command_verb);
    - a LanguageTool grammar match on one camelCase identifier ('"afterAll"') or in an emoticon;
    - repeated spaces in a marked-up document, where they render as one;
    - 'a' or 'an' before an acronym ('a SHA-256 digest'), which may be read as letters or a word;
    - in a marked-up document, spelling findings on a person's name or handle in a contributor
      list, a bracketed credit or a link to a profile page ('* Aaron Berdy', '[reported by
      secoif]', '(Contributed by Victor Stinner in ...)', '[Kees Kluskens](https://github.com/
      spacek33z)'; lint.structure.attribution, link_name), or in a link's text that its
      address spells ('[cattrs](https://catt.rs/)');
    - spelling findings on a handle ('@patt'), a unit after a number ('~100 µs'), a short
      Capitalised name the file writes again and again and never in lowercase ('Patt'), a
      lowercase name before the noun saying what it names ('the apidoc module'), a name after a
      verb of naming ('it was named restserv'), an emphasised name opening a list item that
      credits its maker ('- *Golo* by Philipp Garbe'), a Capitalised name in a series with a
      software term ('Django, Zope, Pylons, and Turbogears');
    - spelling findings on a word called as a function in prose ('substr()', 'nextval(seq)'), on
      a command-line option ('--pastebin') or cut short on purpose, with an ellipsis ('rest
      parameters overl…'); on a misspelling named before an arrow and its correction
      ('middlware -> middleware'); in a marked-up document, on a word
      mentioned alone in quotation marks ('rename "sflo" to ...', '"Dunder" is a contraction');
    - in a marked-up document, a comma that ends a list item or a paragraph before a code block;
    - spelling and LanguageTool findings on a traceback pasted as text (a frame line, 'File
      "cli.py", line 89, in update', and the source line after it), spelling findings on the
      local part and host of an e-mail address spelled out ('raphael DOT barrois AT xelmail DOT
      com') and on the name of its owner before it in brackets ('Matthew Aburn (mattja6 AT ...)');
    - spelling findings on a word that its paragraph writes as an argument of a call or
      signature ('Exception.with_traceback(tb) - set self.__traceback__ to tb');
    - a space before a colon in the 'name : type' layout of a parameter list or a list of terms,
      where the document writes at least three lines so ('numpydoc_xref_param_type : bool'), or
      in a list whose every item is a distinct term of up to three words so laid out ('- local
      ip : the interface ...', '- QoS 0 : received at most once'; lint.structure.term_list_item);
    - in a marked-up document, punctuation and LanguageTool findings in a paragraph that is only a
      signature or a run of its parameters, as Sphinx wraps them into definition terms
      ('TreeBuilder(self, element_factory=None, parser=None,'; lint.structure.signature_paragraph);
    - a quote of a code string literal that a renderer curled ('b’.’.join(...)';
      lint.structure.code_literal_quote);
    - LanguageTool's unpaired quote on a straight double quotation mark whose paragraph holds an even
      number of them ('start with "Process ", "Assess "'; lint.structure.paired_straight_quote);
    - LanguageTool and spelling findings in a document or paragraph that is not English, and
      there a word wholly in another alphabet (typos.mixed-script on Russian 'в' between code).
    """
    english: dict[tuple[str, int], bool] = {}
    recurring: dict[tuple[str, str], bool] = {}
    layouts: dict[str, int] = {}
    arguments: dict[tuple[str, int], frozenset[str]] = {}

    def layout_lines(path: str, source: TextSource) -> int:  # counted once per document
        if path not in layouts:
            layouts[path] = name_colon_lines(source.original)
        return layouts[path]

    def argument(path: str, source: TextSource, start: int, word: str) -> bool:  # names read once a paragraph
        key = (path, source.paragraph_of(start))
        if key not in arguments:
            arguments[key] = call_names(paragraph_text(source, start))
        return word in arguments[key] and call_argument(paragraph_text(source, start), word, arguments[key])

    def unwanted(f: Finding) -> bool:
        source = ctx.sources.get(f.path)
        if source is None or f.record is not None:
            return False
        start = f.location.start
        if f.rule == "lt.UPPERCASE_SENTENCE_START" and starts_block(source.original, start):
            return True
        if ctx.kinds.get(f.rule) == "repetition" and source.fmt != "plain":
            return (structural(source.original, start) or release_notes(f.path) or not near_copy(source, start)
                    or refrain(source, start))
        if ctx.kinds.get(f.rule) == "dangling" and source.fmt != "plain" and inline_mention(
                source.original, start, f.location.end):
            return True
        if f.rule in _SPACING_RULES and source.fmt != "plain" and (
                not source.covers(start, f.location.end) or set_apart(source.original, start)
                or conditional_operator(source.original, start)):
            return True  # '(a ? b : c)': the conditional operator's syntax, spaced on purpose
        if f.rule in _SPACING_RULES and source.fmt != "plain" and name_colon_layout(
                source.original, start, lambda: layout_lines(f.path, source)):
            return True  # 'numpydoc_xref_param_type : bool': a parameter list's 'name : type' layout
        if f.rule in _SPACING_RULES and source.fmt != "plain" and term_list_item(source.original, start):
            return True  # '- local ip : the interface ...': a list of distinct terms laid out so
        if (f.rule.startswith("lt.") or f.rule in _SIGNATURE_RULES) and source.fmt != "plain" and (
                signature_paragraph(paragraph_text(source, start))):
            return True  # 'TreeBuilder(self, parser=None,' wrapped into a definition term: code
        if f.rule.startswith("lt.") and not f.rule.startswith(_LT_SPELLERS) and (
                not source.covers(start, f.location.end) or quote_of_code(source.original, start, f.location.end)):
            return True  # over markup it did not see ('many other _Black_'), quotes of code ("'d hh:mm:ss'")
        if f.rule.startswith("lt.") and not f.rule.startswith(_LT_SPELLERS) and (
                _CAMEL_CASE.fullmatch(f.match) or _emoticon(source.original, start, f.location.end)):
            return True  # one identifier ('"afterAll"' is no 'after all'), an emoticon ('folks. :D')
        if ctx.kinds.get(f.rule) == "consistency" and release_notes(f.path):
            return True  # entries of many hands over years: no one writer's inconsistency
        if f.rule in _DOUBLING_RULES and (_reduplication(f.match, ctx) or _MARKUP_BETWEEN.fullmatch(f.match)
                                          or _BLOCK_BETWEEN.search(f.match) or _case_apart(f.match)
                                          or _shouted(source.original, start, f.location.end, f.match)
                                          or _tripled(source.original, start, f.location.end, f.match)
                                          or whole_cell(source.original, start, f.location.end)
                                          or _COMPOUND_AFTER.match(source.original, f.location.end)
                                          or _c_type(source.original, start, f.location.end, f.match)):
            return True  # 'womp womp'; 'the item <em>item</em>' names a parameter after the noun; a
            # caption after an image's text ('<img alt="Whop"><br><b>Whop</b>'), two badges' texts;
            # 'an OPEN Open Source project', 'NOPE NOPE NOPE': on purpose; a table cell's whole
            # content ('| long long |'): a value or a type; 'in in-line mode': the second word
            # opens a hyphenated compound; 'OH NOPE NOPE': a shout among words in capitals;
            # "unsigned long long", "'long long' instead of 'int'": C's type
        if ctx.kinds.get(f.rule) == "dangling" and source.fmt != "plain" and _OBJECT_IN_MARKUP.match(
                source.original, f.location.end):
            return True  # 'presented in [Meijaard2007]_.': the object is markup the rules did not see
        if f.rule.startswith("lt.") and f.match == ":" and source.fmt != "plain" and _markup_colon(
                source.original, start):
            return True  # a MyST definition (': text' at a line's start), reST's literal-block '::'
        if f.rule in _DASH_RULES and (_version_range(source.original, start, f.location.end)
                                      or (source.fmt != "plain" and _entry_separator(source.original, start))):
            return True
        if f.rule in _INVISIBLE_SPACE_RULES and source.fmt != "plain":
            return True
        if f.rule == "lt.EN_A_VS_AN" and (_ACRONYM_AFTER.match(source.original, f.location.end)
                                         or _an_before_letters(f.match, source.original, f.location.end)):
            return True  # 'a HTTP' or 'an HTTP' by how it is read; 'an npm package', 'an sdist'
        if f.rule in _GERUND_RULES and _PASSIVE_PARTICIPLE.match(f.match):
            return True  # 'Not recommended to override': a passive, whose infinitive is idiomatic
            # ('we recommend to use' stays: the active verb wants the gerund)
        if f.rule in _QUOTE_PAIR_RULES and _apostrophe(source.original, start, f.location.end):
            return True  # "doesn’t", "the subcommands' results": an apostrophe, not a quotation mark
        if f.rule in _CODE_QUOTE_RULES and code_literal_quote(source.original, start, f.location.end):
            return True  # 'b’.’.join(...)': a code literal's quotes, curled by a renderer
        if f.rule in _QUOTE_PAIR_RULES and paired_straight_quote(source.original, start, paragraph_text(source, start)):
            return True  # 'start with "Process ", "Assess "': straight quotes that pair up in turn
        if f.rule in _UNCOUNTABLE_RULES and ctx.lexicon is not None and counted(source.text, f.match, ctx.lexicon()):
            return True  # 'a transport' where the document writes 'transports': countable in its sense
        if f.rule in _ARTICLE_PLURAL_RULES and ctx.lexicon is not None and (
                _noun_after(source.original, f.location.end, ctx.lexicon()) or _label_a(source.original, start)):
            return True  # 'a permissions predicate': a plural noun as a modifier; 'producer A finishes': a label
        spelling = f.rule.startswith(_LT_SPELLERS) or _spelling(f, ctx)
        if source.fmt != "plain" and spelling and (attribution(source.original, start, f.location.end)
                                                   or link_name(source.original, start, f.location.end)):
            return True
        if (spelling or f.rule.startswith("lt.")) and locale_code(source.original, start, f.location.end):
            return True  # a language code named as one ('French [fr]', 'for locale fr', 'the ku locale')
        if (spelling or f.rule.startswith("lt.")) and traceback_line(source.original, start):
            return True  # a traceback pasted as text: its frames and their source lines are code
        if (spelling or f.rule.startswith("lt.")) and spelled_address(source.original, start, f.location.end):
            return True  # an address spelled out ('name AT xelmail DOT com') or its owner's name
        if spelling and argument(f.path, source, start, f.match):
            return True  # 'with_traceback(tb) - set self.__traceback__ to tb': a parameter's name
        if spelling and command_verb(source.original, start, f.location.end):
            return True  # a change log's Unix command as a verb ('- Rm deprecated helpers')
        if spelling and start and (source.original[start - 1] == "@" or _HANDLE_BEFORE.search(
                source.original, max(0, start - HANDLE_REACH), start)):
            return True  # a handle ('@patt', '@steven-aerts'), not a word
        if (spelling or ctx.kinds.get(f.rule) == "mixed-script") and _MICRO_UNIT.fullmatch(f.match):
            return True  # a unit with the micro prefix ('ms and μs timestamps'): no keyboard slip types μ
        if spelling and source.fmt != "plain" and _OPTION_NAME.fullmatch(source.original, start - 1, f.location.end + 1):
            return True  # a directive's option or a field's name between colons (':okwarning:')
        if spelling and _UNIT_AFTER_NUMBER.search(source.original, max(0, start - 12), start) and len(f.match) <= 3:
            return True  # a unit symbol after a number ('~100 µs', '10,000 µs')
        if spelling and (foreign_name(f.match) or _beside_foreign_name(source.original, start, f.location.end, ctx)):
            return True  # 'Bollobás', 'Português': a name or a language's own name, no English word;
            # 'Kornel Lesiński': the rest of such a name
        if spelling and _TAG_OWNER.search(source.original, max(0, start - 12), start) and (
                source.original.startswith(")", f.location.end)):
            return True  # 'TODO(riker): ...': the owner of a tagged comment, a handle
        if spelling and _CAPITALISED.fullmatch(f.match):
            key = (f.path, f.match)
            if key not in recurring:
                recurring[key] = recurring_name(source.text, f.match) and not (
                    len(f.match) >= NAME_SLIP_LENGTH and _slip_of(f.match, ctx))
            if recurring[key]:
                return True  # a name the file writes again and again ('Patt: "..."', 'Hey Patt,')
        if spelling and _CAPITALISED.fullmatch(f.match) and _among_software(source.original, start, f.location.end, ctx):
            return True  # a name in a series of names of software ('Django, Zope, Pylons, and Turbogears')
        if spelling and made_thing(source.original, start, f.location.end) and not _common_among(
                ctx, lambda lexicon: edits1(f.match.lower()), NAME_BESIDE_TWIN_ZIPF):
            return True  # '- *Golo* by Philipp Garbe': the name of a thing credited to its maker; a
            # slip of a very common word stays ('- *Langauge* by ...')
        if spelling and (thing_name(source.original, start, f.location.end) or given_name(
                source.original, start, f.location.end)) and not _slip_of_common(f.match, ctx):
            return True  # a name of the thing the next word says it is ('the apidoc module') or
            # given by a verb of naming ('it was named restserv'); 'named teh' stays a slip
        if spelling and (source.original.startswith(("()", "…", "..."), f.location.end)
                         or _CALL_AFTER.match(source.original, f.location.end)):
            return True  # a function named in prose ('substr() is deprecated', 'nextval(seq)'), an elision ('overl…')
        if spelling and _OPTION_BEFORE.search(source.original, max(0, start - 3), start):
            return True  # a command-line option ('--pastebin'), not a word
        if spelling and correction_mention(source.original, start, f.location.end):
            return True  # a fixed misspelling named on purpose ('middlware -> middleware')
        if spelling and source.fmt != "plain" and quoted_mention(source.original, start, f.location.end):
            return True  # a word mentioned, not used ('rename "sflo" to ...'); in plain text and
            # code, quotes hold the strings a program shows ('label = "Sumbit"'), so they stay
        if f.rule in _OPEN_ENDED_RULES and source.fmt != "plain" and open_ended_item(source.original, start):
            return True
        if ctx.lexicon is not None and (f.rule.startswith("lt.") or _spelling(f, ctx) or (
                ctx.kinds.get(f.rule) == "mixed-script" and not _LATIN_LETTER.search(f.match))):
            # a whole word in another alphabet ('в', 'и') is a slip in English text only
            known = ctx.lexicon().known
            if (f.path, -2) not in english:  # the whole document, then the paragraph
                english[(f.path, -2)] = is_english(source.text, known)
            key = (f.path, source.paragraph_of(start))
            if key not in english:
                english[key] = is_english(paragraph_text(source, start), known)
            return not (english[(f.path, -2)] and english[key])
        return False

    return _drop(findings, unwanted, lambda f: _context_may_apply(f, ctx))


def _context_may_apply(f: Finding, ctx: FilterContext) -> bool:
    """False when no test of ``markup_context`` can drop a finding of ``f``'s rule in ``f``'s
    file, decided once per rule and file rather than per finding: every test there is of a
    LanguageTool rule, a spelling rule, a rule of the repetition, dangling or consistency kind,
    a doubled-word rule, or a rule named in one of the sets below; in plain text (or a file not
    checked in this batch) only those that do not ask for markup. tests/unit/test_filter_gates.py
    holds the two in step: with this gate the filter drops exactly what it drops without it."""
    rule, kind = f.rule, ctx.kinds.get(f.rule)
    if (rule.startswith("lt.") or _spelling(f, ctx) or kind in ("consistency", "mixed-script")
            or rule in _DOUBLING_RULES):
        return True
    source = ctx.sources.get(f.path)
    return source is not None and source.fmt != "plain" and (
        kind in ("repetition", "dangling") or rule in _SPACING_RULES or rule in _OPEN_ENDED_RULES
        or rule in _SIGNATURE_RULES or rule in _CODE_QUOTE_RULES)


#: A letter of the Latin alphabet: a mixed-script finding without one is a word wholly in another.
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
#: C's doubled type word, with what marks it as the type: a sign before it, a type after it,
#: or quotes or code marks around it ('unsigned long long', 'long long int', "'long long'").
_C_SIGN_BEFORE = re.compile(r"\b(?:un)?signed\s+$")
_C_TYPE_AFTER = re.compile(r"\s+(?:int|double)\b")
_OPEN_QUOTES, _CLOSE_QUOTES = frozenset("'\"‘“`"), frozenset("'\"’”`")


def _c_type(original: str, start: int, end: int, match: str) -> bool:
    """True for a doubled 'long' that C's type 'long long' explains; 'the long long report'
    stays."""
    if match.split() != ["long", "long"]:
        return False
    quoted = start > 0 and original[start - 1] in _OPEN_QUOTES and original[end : end + 1] in _CLOSE_QUOTES
    return quoted or bool(_C_SIGN_BEFORE.search(original, max(0, start - 10), start)
                          or _C_TYPE_AFTER.match(original, end))


#: A hyphen and a letter right after a doubled word: its second copy opens a compound ('works
#: in in-line mode'; 'works in in line mode' stays a slip).
_COMPOUND_AFTER = re.compile(r"-[^\W\d_]")
#: LanguageTool's spellers (lint.engines.languagetool.engine.SPELLING_RULE_PREFIXES).
_LT_SPELLERS = ("lt.MORFOLOGIK_RULE_", "lt.HUNSPELL_RULE", "lt.SPELLING_RULE")
#: Rules on a paragraph that ends with a comma, which a list item or a paragraph before a code
#: block may do in a marked-up document.
_OPEN_ENDED_RULES = frozenset({"punctuation.paragraph-ends-with-comma"})
#: Rules on a space before punctuation: over markup (' [^fn1],') or after a URL or an option
#: ('https://x.org .', '-o .') the space is no slip, or not there.
_SPACING_RULES = frozenset({"punctuation.space-before-punctuation"})
#: Rules on punctuation that a signature set as prose trips ('parser=None,' ending a definition
#: term, 'method=”xml”'); LanguageTool's rules are tested as well.
_SIGNATURE_RULES = frozenset({"punctuation.paragraph-ends-with-comma", "punctuation.space-before-punctuation",
                              "punctuation.quotes"})
#: Rules on a word written twice (ours and LanguageTool's). A lowercase word doubled that is
#: neither English to typolint's lexicon nor a word of the project (code word or jargon) is a
#: reduplicated sound ('womp womp', 'tok tok', 'clonk clonk'). On the whole real-docs corpus
#: doubled-word drew 276 findings: 5 on a lowercase word the lexicon does not know, of which
#: 3 are such sounds and one a real slip of jargon ('subtyping subtyping', which the learned
#: vocabulary knows, so it stays); bench/eval.py injects no doubling of this kind.
_DOUBLING_RULES = frozenset({"typos.doubled-word", "lt.ENGLISH_WORD_REPEAT_RULE"})


def _reduplication(match: str, ctx: FilterContext) -> bool:
    """True when ``match`` is one lowercase word twice that neither the lexicon nor the learned
    project vocabulary knows (False when either is not at hand)."""
    words = match.split()
    if len(words) != 2 or words[0] != words[1] or not words[0].isalpha() or not words[0].islower():
        return False
    if len(words[0]) > _SOUND_LENGTH or ctx.lexicon is None or ctx.learned is None:
        return False  # a long token is no sound, and judging it costs edits of every letter
    return words[0] not in ctx.lexicon().known and not ctx.learned.accepts(words[0])


#: Longest reduplicated sound word (letters): 'womp', 'clonk' are short.
_SOUND_LENGTH = 12


#: Between the two copies of a doubled word, a line break, an image or a block of HTML, or the
#: end of one Markdown image and the start of another: a caption after an image's text, two
#: badges' texts ('[![PyPI](...)](...) [![PyPI version](...)](...)'), not one sentence.
_BLOCK_BETWEEN = re.compile(
    r"<(?:br|img|/?(?:p|div|td|th|tr|li|h[1-6]|table|figure|figcaption))\b|\]\([^()]*\)\]?\([^()]*\)\s*\[?!\[",
    re.IGNORECASE)


#: A word in capitals of four letters or more, and a word in capitals at the end or start of
#: the text before or after it (past spaces and punctuation).
_SHOUTED = re.compile(r"[A-Z]{4,}")
_CAPITALS_BEFORE = re.compile(r"\b[A-Z]{2,}[^\w\n]{1,3}$")
_CAPITALS_AFTER = re.compile(r"[^\w\n]{1,3}[A-Z]{2,}\b")


def _shouted(original: str, start: int, end: int, match: str) -> bool:
    """True for a word in capitals written twice among words in capitals, a shout ('OH NOPE
    NOPE.', 'NOPE NOPE LOOK HERE'); 'the JSON JSON file' (an acronym among lowercase words)
    stays a slip."""
    words = re.findall(r"[^\W_]+", match)
    return (len(words) == 2 and words[0] == words[1] and bool(_SHOUTED.fullmatch(words[0]))
            and bool(_CAPITALS_BEFORE.search(original, max(0, start - 40), start)
                     or _CAPITALS_AFTER.match(original, end)))


def _case_apart(match: str) -> bool:
    """True for two copies of a word that differ in case other than a capital at a sentence's
    start ('OPEN Open', 'Bitwise AND and'; not 'The the'): two words, as the doubled kind of
    the YAML rules has it, for LanguageTool's repetition rule too."""
    words = re.findall(r"[^\W_]+", match)
    if len(words) != 2 or words[0] == words[1]:
        return False
    return not (words[0][:1].isupper() and words[0][1:] == words[1][1:] and words[0].lower() == words[1].lower())


def _tripled(original: str, start: int, end: int, match: str) -> bool:
    """True when the doubled word ``match`` at ``start``-``end`` (code points) stands a third
    time right before or after it ('NOPE NOPE NOPE'): a slip doubles, a writer triples, unless
    the word is a closed-class word ('the the the', 'and and and' are slips of editing)."""
    words = match.split()
    if not words or words[0].lower() in CLOSED_CLASS:
        return False
    word = re.escape(words[0])
    return bool(re.match(rf"\s+{word}\b", original[end : end + len(match) + 4], re.IGNORECASE)
                               or re.search(rf"\b{word}\s+$", original[max(0, start - len(match) - 4) : start],
                                            re.IGNORECASE))


#: A number just before a short token: the token is a unit symbol ('100 µs', '5 ms').
_UNIT_AFTER_NUMBER = re.compile(r"\d[ \t\u00a0]?$")
_CAPITALISED = re.compile(r"[A-Z][a-z]+")
#: Times a Capitalised word must stand in a file, once or more inside a sentence, for a name.
NAME_RECURRENCE = 3
#: From this length, a recurring Capitalised word one typing slip from a common word is that
#: word misspelt again and again ('Russion' four times); a shorter one is one slip from many
#: words, so that says nothing ('Patt' and 'part').
NAME_SLIP_LENGTH = 5
#: How common (Zipf) a word one typing slip away must be for that.
NAME_TWIN_ZIPF = 3.0


def _slip_of(word: str, ctx: FilterContext) -> bool:
    """True when ``word`` is one typing slip (``lint.words.edits1``) from a word of the lexicon at
    least NAME_TWIN_ZIPF frequent (True when no lexicon is at hand)."""
    return _common_among(ctx, lambda lexicon: edits1(word.lower()), NAME_TWIN_ZIPF)


def _common_among(ctx: FilterContext, candidates: Callable[[Lexicon], Iterable[str]], floor: float) -> bool:
    """True when one of ``candidates(lexicon)`` is a word of the lexicon at least ``floor``
    frequent (Zipf); True when no lexicon is at hand, so that nothing is dropped unjudged."""
    if ctx.lexicon is None:
        return True
    lexicon = ctx.lexicon()
    return any(lexicon.common(w, floor) for w in candidates(lexicon))


#: How common (Zipf) a word one typing slip away must be for a Capitalised word beside a name
#: with a diacritic to be that word misspelt ('Thsi', 'Teh').
NAME_BESIDE_TWIN_ZIPF = 5.0
#: An all-capitals tag and an opening parenthesis right before a word: 'TODO(riker)', 'FIXME(ana)'.
_TAG_OWNER = re.compile(r"\b[A-Z]{3,}\($")
#: The word after or before a Capitalised word, with spaces or tabs between.
_NAME_AFTER = re.compile(r"[ \t]+([^\W\d_]+)")
_NAME_BEFORE = re.compile(r"([^\W\d_]+)[ \t]+$")


def _beside_foreign_name(original: str, start: int, end: int, ctx: FilterContext) -> bool:
    """True when ``original[start:end]`` (code points) is a Capitalised word, no typing slip of a
    very common word (Zipf ``NAME_BESIDE_TWIN_ZIPF``), right beside a ``foreign_name`` ('Kornel
    Lesiński', 'Zoltán Kovacs'): the other part of that name. 'Thsi Lesiński' (a slip of 'This')
    stays; 'Kornel' is one slip from 'kernel' too, which beside such a name says little."""
    word = original[start:end]
    if not _CAPITALISED.fullmatch(word):
        return False
    after = _NAME_AFTER.match(original, end)
    before = _NAME_BEFORE.search(original, max(0, start - 40), start)
    return bool((after and foreign_name(after.group(1))) or (before and foreign_name(before.group(1)))) and (
        not _common_among(ctx, lambda lexicon: edits1(word.lower()), NAME_BESIDE_TWIN_ZIPF))


def foreign_name(word: str) -> bool:
    """True for a Capitalised word with a Latin letter that carries a diacritic ('Bollobás',
    'Português', 'Šubelj'): English spells almost no word so, and a slip of the hand on an
    English keyboard does not type one, so it is a name or a word of another language."""
    return word[:1].isupper() and any(
        c in _LATIN_WITH_MARK for c in unicodedata.normalize("NFC", word) if not c.isascii())


#: Latin letters with a diacritic (their canonical decomposition is an ASCII letter and marks),
#: and those of other languages that do not decompose ('Rød', 'Łukasz', 'Đorđe', 'Þór').
_LATIN_WITH_MARK = frozenset(
    chr(c) for c in range(0xC0, 0x250)
    if len(d := unicodedata.normalize("NFD", chr(c))) > 1 and d[0].isascii() and d[0].isalpha()) | frozenset(
    "øØłŁđĐðÐþÞħĦ")


def recurring_name(text: str, word: str) -> bool:
    """True when ``text`` (the prose of one file) writes the Capitalised ``word`` NAME_RECURRENCE
    times or more, at least once inside a sentence, and never in lowercase: a name the file
    uses ('Patt' in a dialogue), not a slip, which is rare and inconsistent."""
    hits = [m.start() for m in re.finditer(rf"(?<![\w@]){re.escape(word)}(?!\w)", text)]
    if len(hits) < NAME_RECURRENCE or re.search(rf"(?<![\w@]){re.escape(word.lower())}(?!\w)", text):
        return False
    return any(not sentence_initial(text, h) for h in hits)


#: A word one edit from a word at least this frequent (Zipf) may be its slip ('mian' of 'main',
#: 'dunder' of 'under'), whatever follows it...
SLIP_TWIN_ZIPF = 4.5
#: ... and a word cut short of one at least this frequent may be its truncation ('quer' of 'query').
CUT_TWIN_ZIPF = 3.0
#: Most letters a truncation lost.
CUT_LETTERS = 6


def _among_software(original: str, start: int, end: int, ctx: FilterContext) -> bool:
    """True when ``original[start:end]`` is an item of a series of Capitalised names of which
    another item is a software term (lint.terms), and it is no slip of a software name that is
    no frequent English word: 'Django, Zope, Pylons, and Turbogears' ('zone' is English), not
    'Djnago, Flask and Pyramid' nor a series of countries ('France, Itlay and Spain')."""
    others = series_of_names(original, start, end)
    technical = _terms(ctx) if others and ctx.lexicon is not None else None
    if technical is None or not any(technical.accepts(item) for item in others):
        return False
    lexicon = ctx.lexicon()
    return not any(technical.accepts(n) and lexicon.zipf(n) < SLIP_TWIN_ZIPF
                   for n in neighbours(original[start:end].lower()))


def _slip_of_common(word: str, ctx: FilterContext) -> bool:
    """True when ``word`` is one edit from a word of the lexicon at least SLIP_TWIN_ZIPF frequent,
    or the start of one at least CUT_TWIN_ZIPF frequent (True when no lexicon is at hand)."""
    low = word.lower()
    return (_common_among(ctx, lambda lexicon: neighbours(low), SLIP_TWIN_ZIPF)
            or _common_among(ctx, lambda lexicon: lexicon.completions(low, CUT_LETTERS), CUT_TWIN_ZIPF))


#: LanguageTool's dash rule, which asks for an en dash in a range; a range of versions
#: ('3.4 - 3.7') is written with a hyphen in technical text (issue 10).
_DASH_RULES = frozenset({"lt.DASH_RULE"})
_VERSION_BEFORE = re.compile(r"\bv?\d+(?:\.\d+)+[ \t]*-?$")
_VERSION_AFTER = re.compile(r"-?[ \t]*v?\d+(?:\.\d+)+\b")


#: A heading or a list item that opens with a version, a bracketed version or a link, up to a
#: dash that sets it apart from the entry's text ('## v4.0.12 - September 4th', '## [1.0.0] -
#: 2017-06-20', '- [#705](https://...) - Fix ...').
_ENTRY_REFERENCE = re.compile(r"[ \t]*(?:#{1,6}|[-*+])[ \t]+(?:v?\d+(?:\.\d+)+|\[[^\]\n]*\](?:\([^()\s]*\))?)[ \t]*")


def _entry_separator(original: str, start: int) -> bool:
    """True when the dash at ``start`` (code points of ``original``) follows the version or the
    link that opens a heading or a list item: a changelog entry's separator, not a range nor a
    parenthesis that wants another dash."""
    return _ENTRY_REFERENCE.fullmatch(original, line_span(original, start)[0], start) is not None


def _version_range(original: str, start: int, end: int) -> bool:
    """True when the dash at ``start``-``end`` (code points of ``original``) stands between two
    version numbers ('3.4 - 3.7', 'v1.2-1.4')."""
    return bool(_VERSION_BEFORE.search(original, max(0, start - 20), start) and _VERSION_AFTER.match(original, end))


#: Rules on repeated whitespace, which Markdown, reST and HTML render as one space.
_INVISIBLE_SPACE_RULES = frozenset({"lt.WHITESPACE_RULE", "lt.CONSECUTIVE_SPACES"})
_ACRONYM_AFTER = re.compile(r"\s+[A-Z]{2,}\b")
#: A lowercase token after an article, letters and digits ('npm', 'md5', 'sdist').
_LOWER_TOKEN_AFTER = re.compile(r"[ \t]+`?([a-z][a-z0-9]+)\b")
#: Two consonants that begin English words ('fl', 'sh', 'str'), unlike those of a token read letter
#: by letter ('sd', 'np', 'md', 'ht').
_ONSETS = frozenset("bl br ch cl cr dr dw fl fr gh gl gn gr kl kn kr ph pl pn pr ps pt rh sc sh sk sl sm sn sp sq "
                    "st sw th tr ts tw wh wr".split())
#: LanguageTool's rule on a quotation mark without its pair, which takes an apostrophe for one.
_QUOTE_PAIR_RULES = frozenset({"lt.EN_UNPAIRED_QUOTES"})
#: Rules on quotation marks that do not pair up (ours; LanguageTool's is tested with quote_of_code).
_CODE_QUOTE_RULES = frozenset({"punctuation.quotes"})
#: LanguageTool's rule that a verb such as 'recommend' takes a gerund, not an infinitive; its
#: match starts with the verb. A past participle there is a passive ('is recommended to send').
_GERUND_RULES = frozenset({"lt.ADMIT_ENJOY_VB"})
_PASSIVE_PARTICIPLE = re.compile(r"[a-z]+ed\s+to\b")
#: LanguageTool's article before a noun it lists as uncountable ('a transport', 'an advice').
_UNCOUNTABLE_RULES = frozenset({"lt.A_UNCOUNTABLE"})
#: LanguageTool's article before a plural noun ('a maintainers').
_ARTICLE_PLURAL_RULES = frozenset({"lt.A_NNS"})
#: The word after a flagged phrase, past a quotation mark or emphasis ('a routes "mapper" object').
_NEXT_WORD = re.compile(r"[ \t]+[\"“'‘*_`]?([a-z]+)\b")


def _noun_after(original: str, end: int, lexicon: Lexicon) -> bool:
    """True when a word of the lexicon that is no closed-class word and no participle follows
    ``end`` (code points): the plural before it modifies it, as English plurals may ('a
    permissions check', 'a sports car', 'an existing translations catalog'), unlike 'a
    maintainers given' or 'a more consistent aliases for'."""
    m = _NEXT_WORD.match(original, end)
    if m is None:
        return False
    word = m.group(1)
    return (word in lexicon.known and word not in CLOSED_CLASS
            and not word.endswith(("ed", "en", "ing")) and not (word.endswith("s") and word[:-1] in lexicon.known))


def _an_before_letters(match: str, original: str, end: int) -> bool:
    """True when 'an' stands before a lowercase token that is read letter by letter and whose first
    letter's name starts with a vowel sound ('an npm package', 'an md5 sum', 'an sdist', 'an
    rpm'): a digit in it, no vowel, or two first consonants that begin no English word ('sd', 'np')."""
    if match.lower() != "an":
        return False
    m = _LOWER_TOKEN_AFTER.match(original, end)
    if m is None or m.group(1)[0] not in "fhlmnrsx":
        return False
    token = m.group(1)
    if any(c.isdigit() for c in token) or not any(c in "aeiouy" for c in token):
        return True
    return token[1] not in "aeiouy" and token[:2] not in _ONSETS


def _label_a(original: str, start: int) -> bool:
    """True when a capital 'A' at ``start`` follows a lowercase word in the sentence ('suppose
    that producer A finishes first'): a label, not the article."""
    return original.startswith("A ", start) and re.search(r"[a-z][ \t]+$", original[max(0, start - 40) : start]) is not None


def _apostrophe(original: str, start: int, end: int) -> bool:
    """True when ``original[start:end]`` (code points) is one apostrophe character inside a word
    ("doesn’t") or after an 's' before the next word, which may be quoted or marked up ("the
    subcommands' results", "setuptools' \"install\"", "distutils' ``MANIFEST``", "**date-fns'** FP")."""
    if end - start != 1 or original[start] not in "'’" or start == 0 or not original[start - 1].isalpha():
        return False
    after = original[end : end + 2]
    return after[:1].isalpha() or (original[start - 1] == "s" and _POSSESSED.match(original, end) is not None)


#: What follows a possessive apostrophe after an 's': closing emphasis, a space, then the
#: possessed word, maybe behind a quotation mark or inline markup.
_POSSESSED = re.compile(r"[*_`]*[ \t]+[\"“‘'`*_(]*\w")


#: Two copies of a word with inline markup between them ('item <em>item', 'list *list'): the
#: second names a parameter or a value after the noun, as API docs write. A link's bracket is no
#: such markup: 'un ejemplo [ejemplo práctico](...)' is a slip.
_MARKUP_BETWEEN = re.compile(r"(\w+)\s*(?:<[^<>]*>|[*_`|])+\s*\1")
#: After a dangling preposition, something that is not punctuation before the punctuation the
#: rule saw: a citation, a reference, a role ('in [Meijaard2007]_.', 'to :ref:`x`.').
_OBJECT_IN_MARKUP = re.compile(r"\s*[^\s,.;:!?]")
#: A unit symbol with the micro prefix, the micro sign or Greek mu ('µs', 'μm', 'µA').
_MICRO_UNIT = re.compile(r"[µμ](?:s|m|g|l|L|A|V|F|W|Hz|J|C|K|mol|Pa)")
#: One name between colons: a reST/Sphinx option or field name (':okwarning:', ':noindex:').
_OPTION_NAME = re.compile(r":[a-z][a-z0-9_-]*:")
#: A handle's earlier parts before a word, joined by hyphens or dots ('@steven-aerts').
_HANDLE_BEFORE = re.compile(r"(?<![\w.-])@\w+(?:[-.]\w+)*[-.]$")
#: Most code points looked back over for a handle's '@'.
HANDLE_REACH = 40
#: A call written in prose: a word, then an opening parenthesis at once ('nextval(sequence)'),
#: unless it is a plural's '(s)' or '(es)'.
_CALL_AFTER = re.compile(r"\((?!e?s\))")
#: A command-line option's dashes right before a word ('--pastebin', ' -verbose').
_OPTION_BEFORE = re.compile(r"(?:^|\s)--?$")


def _markup_colon(original: str, start: int) -> bool:
    """True when the colon at ``start`` (code points of ``original``) is markup: a MyST or
    Pandoc definition (': the text' at a line's start) or reST's literal-block marker '::'."""
    if not line_prefix(original, start).strip() and original.startswith(": ", start):
        return True
    return original.startswith("::", start) or original[start - 1 : start] == ":"


#: One identifier written in camelCase ('afterAll', 'toDate'): a name of code, not words.
_CAMEL_CASE = re.compile(r"[a-z]+[A-Z][A-Za-z0-9]*")
#: An emoticon standing alone (':D', ';-)', ':P', '=)'), which LanguageTool reads as punctuation and a word.
_EMOTICON = re.compile(r"[:;=8][-'^o]?[()DPpO3/\\|\[\]{}*]+")


def _emoticon(original: str, start: int, end: int) -> bool:
    """True when ``original[start:end]`` (code points) lies inside an emoticon that stands alone
    between spaces or line ends."""
    low, high = max(0, start - 5), min(len(original), end + 5)  # an emoticon is at most 4 long
    left = max(original.rfind(" ", low, start), original.rfind("\n", low, start)) + 1 or low
    right = min((i for i in (original.find(" ", end, high), original.find("\n", end, high)) if i >= 0), default=high)
    return right - left <= 4 and _EMOTICON.fullmatch(original, left, right) is not None


def _spelling(f: Finding, ctx: FilterContext) -> bool:
    """True for a finding of a spelling rule (``ctx.spelling_rules``)."""
    return _is_spelling_rule(f.rule, ctx.spelling_rules)


@functools.lru_cache(maxsize=4096)
def _is_spelling_rule(rule: str, spelling_rules: tuple[str, ...]) -> bool:
    """True when ``rule`` is one of ``spelling_rules`` (an ``lt.`` entry is an id prefix)."""
    return any(rule == r or (r.startswith("lt.") and rule.startswith(r)) for r in spelling_rules)


def _house_case(f: Finding, learned: LearnedVocabulary) -> bool:
    """True for a speller finding on a lowercase word that LanguageTool suggests first in
    capitals ('mvc' -> 'MVC': it knows the word) and that the checked files write so again and
    again (``LearnedVocabulary.house_spelling``)."""
    word = f.match
    if not (word.isalpha() and word.islower()) or not f.suggestions or f.suggestions[0].lower() != word:
        return False
    return learned.house_spelling(word)


def _technical(word: str, technical: terms.Terms, ctx: FilterContext) -> bool:
    """True for a software term, a compound of one and English words ('printf-style') or the
    singular of a plural term that is no English word ('kwarg')."""
    known = ctx.lexicon().known if ctx.lexicon is not None else None
    return technical.accepts(word, known) or (known is not None and technical.accepts_compound(word, known))


def _terms(ctx: FilterContext) -> terms.Terms | None:
    """The technical vocabulary when the config uses it and it is installed, else None (loaded
    on the first spelling finding, once per process: a run without one never reads it)."""
    return terms.load() if ctx.config.technical_vocabulary else None


#: Markdown's and reST's emphasis and literal marks.
_EMPHASIS_MARKS = re.compile(r"[*`]")


def _learned_word(f: Finding, ctx: FilterContext) -> bool:
    """True for a spelling finding on one word that the learned vocabulary accepts; emphasis
    marks inside the flagged text are markup ('*attrs*-generated')."""
    if not _spelling(f, ctx):  # before the substitution: most findings are of other rules
        return False
    word = _EMPHASIS_MARKS.sub("", f.match.strip())
    return bool(word) and not any(c.isspace() for c in word) and ctx.learned.accepts(word)


def changed_lines(findings: list[Finding], ctx: FilterContext) -> list[Finding]:
    """Keep findings on lines a diff added or changed (--diff-base, --staged)."""
    if ctx.changed is None:
        return findings
    return [
        f
        for f in findings
        if f.location.line in ctx.changed.get(Path(os.path.abspath(f.path)).resolve(), ())
    ]


def suppressions(findings: list[Finding], ctx: FilterContext) -> list[Finding]:
    """Drop findings silenced by inline ``typolint:`` directives, recording which were used."""
    from lint.suppress import Suppressions, directives

    per_file = {path: Suppressions(found) for path, src in ctx.sources.items() if (found := directives(src))}
    if not per_file:  # the common case: no file of the batch has a directive
        return findings
    kept = []
    for f in findings:
        directive = per_file[f.path].by(f) if f.path in per_file else None
        if directive is None:
            kept.append(f)
        else:
            ctx.used_suppressions.add((f.path, directive))
    return kept


def baseline(findings: list[Finding], ctx: FilterContext) -> list[Finding]:
    """Drop findings whose fingerprint is in the baseline, under any of their merged rule ids."""
    if ctx.baseline is None:
        return findings
    from lint.baseline import fingerprints

    kept = []
    for (path, _, match, n), f in fingerprints(findings, lambda p: relative_to_root(p, ctx.config)):
        hit = next(((path, rule, match, n) for rule in f.rules if (path, rule, match, n) in ctx.baseline), None)
        if hit is not None:
            ctx.used_baseline.add(hit)
        else:
            kept.append(f)
    return kept


def most_specific(rule: str, table: Sequence[tuple[str, Severity]]) -> Severity | None:
    """The severity of the longest prefix in ``table`` that covers ``rule``."""
    hits = [(len(prefix), sev) for prefix, sev in table if matches_prefix(rule, [prefix])]
    return max(hits)[1] if hits else None


def severity(findings: list[Finding], ctx: FilterContext) -> list[Finding]:
    """Apply configured per-rule severities (per-glob overrides win over global ones)."""
    if not ctx.config.severity and not any(o.severity for o in ctx.config.overrides):
        return findings  # nothing configured: every finding keeps its rule's severity
    out = []
    for f in findings:
        wanted = most_specific(f.rule, ctx.config.severity)
        override = most_specific(f.rule, [s for o in overrides_for(f.path, ctx.config) for s in o.severity])
        wanted = override if override is not None else wanted
        out.append(replace(f, severity=wanted) if wanted is not None and wanted != f.severity else f)
    return out


def sort(findings: list[Finding], ctx: FilterContext) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key.fget)


#: The pipeline, in order.
PIPELINE: list[Filter] = [select_ignore, learned_vocabulary, markup_context, changed_lines, suppressions, baseline, severity, sort]


def apply(findings: list[Finding], ctx: FilterContext) -> list[Finding]:
    for step in PIPELINE:
        findings = step(findings, ctx)
    return findings
