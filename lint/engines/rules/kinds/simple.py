"""Word-list and regex kinds: existence, substitution and pattern."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import regex

from lint.engines.rules.kinds.base import Context, Kind, Match, Option, RuleDefinitionError, Words, match_case
from lint.engines.rules.template import TemplateError, parse_template


def _compile(key: str, pattern: str, flags: int) -> regex.Pattern:
    try:
        return regex.compile(pattern, flags | regex.V0)
    except regex.error as exc:
        raise RuleDefinitionError(key, f"invalid regex: {exc}") from None


class WordList:
    """Finds whole-word occurrences of literal words or phrases, fast.

    A test on the text's distinct runs of letters (shared by every word-level rule, see
    ``Context.words``), or for phrases a substring test, rules out most texts at C speed; what
    is left is scanned with ``re`` using ``\b`` (much cheaper than look-arounds at every
    position), and the hyphen boundaries that ``\b`` does not see are checked on the few matches.
    """

    def __init__(self, key: str, words: list[str], ignorecase: bool, followed_by: str = "") -> None:
        if not words or not all(isinstance(w, str) and w for w in words):
            raise RuleDefinitionError(key, "must be a non-empty list of non-empty strings")
        self.ignorecase = ignorecase
        # Longest first; words of one length in code point order, so that the pattern is the same
        # in every process (and found in lint.recache), not in the set's hash order.
        self.literals = sorted({w.lower() if ignorecase else w for w in words}, key=lambda w: (-len(w), w))
        #: Whether every entry is one word of ASCII letters: a match is then a whole run of letters.
        self.single = all(_ASCII_WORD.fullmatch(w) for w in self.literals)
        #: Each entry's leading run of ASCII letters -> the entries it leads, when every entry
        #: starts with an ASCII letter (else None): a match starts with that run as a whole run of
        #: letters of the text (the word boundary before it, the entry's next character or the
        #: boundary after it), so the run is among the text's runs (see ``_pattern_for``).
        leads = [_ASCII_LEAD.match(w) for w in self.literals]
        self.by_lead: dict[str, list[str]] | None = None
        if all(leads):
            self.by_lead = {}
            for w, lead in zip(self.literals, leads):
                self.by_lead.setdefault(lead.group(), []).append(w)
        self.leads = frozenset(self.by_lead or ())
        self.followed_by = followed_by
        self.exact = not all(re.match(r"\w", w[0]) and re.match(r"\w", w[-1]) for w in self.literals)
        self.pattern = self._compile(self.literals)
        #: Patterns of the entries that occur in a text, by those entries (see ``_pattern_for``).
        self._narrowed: dict[frozenset[str], re.Pattern[str]] = {}

    def _compile(self, literals: list[str]) -> re.Pattern[str]:
        r"""The pattern of whole-word occurrences of ``literals``, tried in their order.

        For one-word entries of ASCII letters the ``\b`` before the word is checked on each
        match (``finditer``), not in the pattern: a pattern that starts with ``\b`` is tried at
        every position of the text, one that starts with the words' letters only where one of
        their first letters stands (3 to 70 times faster). A match without a word boundary
        before it is the end of a longer word, and the scan then goes on after it: the same
        matches, since a whole-word match starts at the start of a word, before such an end.
        """
        flags = re.I if self.ignorecase else 0
        body = "|".join(re.escape(w) for w in literals)
        if self.single:
            return re.compile(rf"(?:{body})\b(?={self.followed_by})", flags)
        if not self.exact:
            return re.compile(rf"\b(?:{body})\b(?={self.followed_by})", flags)
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])(?={self.followed_by})", flags)

    def finditer(self, text: str, words: Words | None = None) -> Iterator[tuple[int, int]]:
        """Spans (code points) of whole-word occurrences; ``words``: the text's runs, if known."""
        pattern = self._pattern_for(text, words)
        if pattern is None:
            return
        single, exact = self.single, self.exact
        for m in pattern.finditer(text):
            start, end = m.span()
            if single and start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue  # no word boundary before it (``\w`` of ``re``: alphanumeric or '_')
            if exact or not (text[start - 1 : start] == "-" or text[end : end + 1] == "-"):
                yield start, end

    def _pattern_for(self, text: str, words: Words | None) -> re.Pattern[str] | None:
        """The pattern to scan ``text`` with, or None when no entry can occur in it.

        A match of an entry starts with the entry's leading run of ASCII letters (``by_lead``)
        as a whole run of letters of the text, so that run is among the text's runs (lowercased
        for ``ignorecase``), unless ``re``'s case-insensitive matching pairs an ASCII letter
        with one of the four non-ASCII letters it folds to it ('K' Kelvin sign). Then only the
        entries whose run is among the text's can match, and the pattern of just those (in the
        same order) finds the same spans: ``re`` tries a few alternatives at each word, not
        hundreds.
        """
        if words is not None and self.by_lead is not None and not (self.ignorecase and _folds_to_ascii(text)):
            found = self.leads.intersection(words.folded if self.ignorecase else words.runs)
            if not found:
                return None
            present = frozenset(w for lead in found for w in self.by_lead[lead])
            pattern = self._narrowed.get(present)
            if pattern is None:
                if len(self._narrowed) >= _MAX_NARROWED:
                    self._narrowed.clear()
                pattern = self._narrowed[present] = self._compile([w for w in self.literals if w in present])
            return pattern
        haystack = text.lower() if self.ignorecase else text
        return self.pattern if any(w in haystack for w in self.literals) else None


#: Most narrowed patterns a word list keeps (each text with other entries in it adds one).
_MAX_NARROWED = 256


#: A word of ASCII letters.
_ASCII_WORD = re.compile(r"[A-Za-z]+")
#: The leading run of ASCII letters of an entry.
_ASCII_LEAD = re.compile(r"[A-Za-z]+")
#: The non-ASCII letters that ``re.I`` matches to an ASCII letter (checked by a unit test).
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


def _folds_to_ascii(text: str) -> bool:
    """Whether ``text`` holds one of FOLDS_TO_ASCII (four substring searches: ``re`` trying a
    character class at every position took as long as a whole word-list rule)."""
    return any(c in text for c in FOLDS_TO_ASCII)


class Existence(Kind):
    """Flags any of a list of words or phrases, as whole words."""

    name = "existence"
    OPTIONS = {
        "tokens": Option(list, required=True, doc="words or phrases to flag"),
        "ignorecase": Option(bool, False, doc="match regardless of case"),
    }

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        self.words = WordList("tokens", options["tokens"], options["ignorecase"])

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        for start, end in self.words.finditer(text, ctx.words(text)):
            yield Match(start, end)


class Substitution(Kind):
    """Flags words of a ``swap`` map and suggests their replacement (case preserved)."""

    name = "substitution"
    OPTIONS = {
        "swap": Option(dict, required=True, doc="map of wrong word -> right word"),
        "ignorecase": Option(bool, False, doc="match regardless of case"),
        "safe": Option(bool, False, doc="whether --fix may apply the replacement unasked"),
        "capitalized": Option(bool, False, doc="also match Capitalised keys when a lowercase word follows"),
    }

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        swap = options["swap"]
        for wrong, right in swap.items():
            if not isinstance(right, str) or not isinstance(wrong, str):
                raise RuleDefinitionError("swap", f"entry {wrong!r}: both sides must be strings")
            if wrong.lower() == right.lower():
                raise RuleDefinitionError("swap", f"entry {wrong!r} maps a word to itself")
        self.ignorecase = options["ignorecase"]
        self.swap = {(k.lower() if self.ignorecase else k): v for k, v in swap.items()}
        self.words = WordList("swap", list(swap), self.ignorecase)
        # "Th" starting a sentence is a typo; "Th." or "TH Köln" are abbreviations.
        capitals = {k[:1].upper() + k[1:]: v for k, v in swap.items()} if options["capitalized"] else {}
        self.swap.update(capitals)
        self.capitals = WordList("swap", list(capitals), False, followed_by=r"[ \t]+[a-z]") if capitals else None

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        words = ctx.words(text)
        spans = list(self.words.finditer(text, words))
        if self.capitals is not None:
            spans = sorted(spans + list(self.capitals.finditer(text, words)))
        for start, end in spans:
            found = text[start:end]
            right = self.swap[found.lower() if self.ignorecase else found]
            yield Match(start, end, (match_case(found, right),), safe_fix=self.options["safe"])


class Pattern(Kind):
    """Flags matches of a regular expression, optionally one group, per text or per paragraph.

    The regex runs on RE2 (linear time, no catastrophic backtracking) whenever RE2 accepts it
    with the same meaning; patterns that need look-arounds, back-references, possessive
    quantifiers or Unicode ``\\b``/``\\w`` run on the ``regex`` module, which the rule engine
    runs under a hard time budget.
    """

    name = "pattern"
    OPTIONS = {
        "regex": Option(str, required=True, doc="a Python `regex` pattern (run on RE2 when it can be)"),
        "ignorecase": Option(bool, False, doc="match regardless of case"),
        "group": Option((int, str), 0, doc="the group whose span is reported"),
        "suggest": Option(str, None, doc="replacement template; {0}, {1}... or {name} are groups"),
        "safe": Option(bool, False, doc="whether --fix may apply the suggestion unasked"),
        "exceptions": Option(list, [], doc="matched texts (case-insensitive) never flagged"),
        "scope": Option(str, "text", doc="'text', or 'paragraph' to match each paragraph alone"),
        "candidates": Option((str, list), None, doc="a cheaper pattern for Python's `re` that matches wherever the regex can (a superset),"
                             " or a list of strings one of which every match holds (found by plain substring search, faster still);"
                             " the regex then runs only on the blocks between blank lines that hold a candidate,"
                             " so it must never match across a blank line (\\n\\n)"),
    }

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        flags = regex.I if options["ignorecase"] else 0
        self.pattern = _compile("regex", options["regex"], flags | regex.M)
        #: The same pattern on RE2, or None when only ``regex`` gives it its meaning.
        self.linear = _compile_re2(options["regex"], options["ignorecase"], self.pattern)
        if options["scope"] not in ("text", "paragraph"):
            raise RuleDefinitionError("scope", "must be 'text' or 'paragraph'")
        self.candidates = _compile_candidates(options.get("candidates"), options["scope"])
        group = options["group"]
        if (isinstance(group, int) and not 0 <= group <= self.pattern.groups) or (
            isinstance(group, str) and group not in self.pattern.groupindex
        ):
            raise RuleDefinitionError("group", f"the regex has no group {group!r}")
        if not all(isinstance(e, str) for e in options["exceptions"]):
            raise RuleDefinitionError("exceptions", "must be a list of strings")
        self.exceptions = frozenset(e.lower() for e in options["exceptions"])
        groups = [str(i) for i in range(self.pattern.groups + 1)]
        try:
            self.suggest = parse_template(options["suggest"], [*groups, *self.pattern.groupindex]) if options["suggest"] is not None else None
        except TemplateError as exc:
            raise RuleDefinitionError("suggest", str(exc)) from None

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(self.pattern.groupindex)

    @property
    def backtracks(self) -> bool:
        """True when the pattern runs on the backtracking ``regex`` module (and needs a time budget)."""
        return self.linear is None

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        if self.options["scope"] == "paragraph":
            for start, end in ctx.paragraphs(text):
                yield from self._scan(text, start, end, ctx)
        elif self.candidates is not None:
            for start, end in candidate_blocks(text, self.candidates):
                yield from self._scan(text, start, end, ctx)
        else:
            yield from self._scan(text, 0, len(text), ctx)

    def _scan(self, text: str, pos: int, endpos: int, ctx: Context) -> Iterator[Match]:
        group = self.options["group"]
        if self.linear is not None:
            found = self.linear.finditer(text, pos, endpos)
        else:
            found = self.pattern.finditer(text, pos, endpos, timeout=ctx.scan_timeout)
        for m in found:
            if m.group().lower() in self.exceptions:
                continue
            start, end = m.span(group)
            if start < 0:
                continue
            suggestions = (self.suggest.render(_group_values(m)),) if self.suggest else ()
            detail = {k: v for k, v in m.groupdict().items() if v is not None}
            yield Match(start, end, suggestions, detail, safe_fix=self.options["safe"] and bool(suggestions))


def _compile_candidates(pattern: str | list | None, scope: str) -> re.Pattern[str] | _Linear | tuple[str, ...] | None:
    """The ``candidates`` pattern, on RE2 when RE2 gives it the same meaning (it skips through a
    text faster than ``re`` tries a character class at every position), else for Python's ``re``
    (faster than ``regex`` on simple patterns); or its tuple of literal strings; or None."""
    if pattern is None:
        return None
    if scope != "text":
        raise RuleDefinitionError("candidates", "works with scope 'text' only")
    if isinstance(pattern, list):
        if not pattern or not all(isinstance(c, str) and c for c in pattern):
            raise RuleDefinitionError("candidates", "a list must hold non-empty strings")
        return tuple(pattern)
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise RuleDefinitionError("candidates", f"invalid regex: {exc}") from None
    return _compile_re2(pattern, False, compiled, multiline=False) or compiled


def candidate_blocks(text: str, candidates: re.Pattern[str] | _Linear | tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """Half-open spans (code points) of the blocks of ``text`` that hold a candidate, in order.

    A block runs from just after one blank-line break ("\n\n") to just before the next, so
    a match that never crosses a blank line lies in one block; scanning a block from its start
    finds what a scan of the whole text finds there (no earlier match reaches into it, and
    look-behinds, ``^`` and ``\b`` still see the text before it).
    """
    end = -1
    for start_at, end_at in _candidate_spans(text, candidates):
        if start_at < end:
            continue  # in the block just yielded
        before = text.rfind("\n\n", 0, start_at)
        after = text.find("\n\n", end_at)
        start = before + 1 if before >= 0 else 0
        end = after + 1 if after >= 0 else len(text)
        yield start, end


def _candidate_spans(text: str, candidates: re.Pattern[str] | _Linear | tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """Spans (code points) of the candidates in ``text``, by start. Literal strings are found
    with ``str.find``, which skips through a text many times faster than ``re`` tries a
    character class at every position."""
    if isinstance(candidates, _Linear):
        return (m.span() for m in candidates.finditer(text, 0, len(text)))
    if not isinstance(candidates, tuple):
        return (m.span() for m in candidates.finditer(text))
    spans = []
    for literal in candidates:
        size = len(literal)
        at = text.find(literal)
        while at >= 0:
            spans.append((at, at + size))
            at = text.find(literal, at + 1)
    spans.sort()
    return iter(spans)


def _group_values(m: Any) -> dict[str, str]:
    """Template values of a match: "0" the whole match, "1".. the groups, and the named groups."""
    values = {str(i): v for i, v in enumerate((m.group(), *m.groups())) if v is not None}
    values.update((k, v) for k, v in m.groupdict().items() if v is not None)
    return values


#: Escapes and POSIX classes whose meaning differs between ``regex`` (Unicode) and RE2 (ASCII),
#: ``\Z``, and ``{,n}`` (a quantifier in ``regex``, literal text in RE2).
_NOT_RE2 = re.compile(r"\\[bBwWdDsSZ]|\{,|\[:")


def _compile_re2(pattern: str, ignorecase: bool, reference: regex.Pattern | re.Pattern[str],
                 multiline: bool = True) -> _Linear | None:
    """``pattern`` compiled by RE2 when RE2 gives it the same meaning as ``reference`` (``regex``,
    or ``re``; ``multiline``: with ``^`` and ``$`` at every line), else None."""
    if _NOT_RE2.search(pattern):
        return None
    try:
        import re2
    except ImportError:  # pragma: no cover - google-re2 is a dependency; keep working without it
        return None
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = not ignorecase
    try:
        compiled = re2.compile((b"(?m)" if multiline else b"") + pattern.encode("utf-8"), options)
    except re2.error:
        return None
    names = {k.decode("utf-8") if isinstance(k, bytes) else k: v for k, v in compiled.groupindex.items()}
    if compiled.groups != reference.groups or names != dict(reference.groupindex):
        return None
    return _Linear(compiled, names)


class _Linear:
    """An RE2 pattern run on UTF-8 bytes, with spans turned back into code points.

    google-re2 accepts ``str`` too, but then costs about 13 µs per match; on bytes it costs
    about 3 µs, and offsets are converted here in one forward pass (matches come in order).
    """

    def __init__(self, compiled: Any, groupindex: dict[str, int]) -> None:
        self.compiled = compiled
        self.groupindex = groupindex

    def finditer(self, text: str, pos: int, endpos: int) -> Iterator[_LinearMatch]:
        """Matches in ``text[pos:endpos]``, with spans in code points of ``text``."""
        chunk = text[pos:endpos]
        data = chunk.encode("utf-8", "surrogatepass")
        ascii_only = len(data) == len(chunk)
        last_byte, last_char = 0, pos
        previous = None
        for m in self.compiled.finditer(data):
            if m.span() == previous:  # google-re2 repeats an empty match after another one
                continue
            previous = m.span()
            start = m.start()
            if ascii_only:
                last_char = pos + start
            else:
                last_char += len(data[last_byte:start].decode("utf-8", "surrogatepass"))
            last_byte = start
            yield _LinearMatch(m, data, last_char, ascii_only, self.groupindex)


class _LinearMatch:
    """The part of a match object that Pattern uses: group texts and spans in code points."""

    __slots__ = ("_m", "_data", "_char", "_ascii", "_names")

    def __init__(self, m: Any, data: bytes, char: int, ascii_only: bool, names: dict[str, int]) -> None:
        self._m, self._data, self._char, self._ascii, self._names = m, data, char, ascii_only, names

    def _text(self, group: int) -> str | None:
        start, end = self._m.span(group)
        return None if start < 0 else self._data[start:end].decode("utf-8", "surrogatepass")

    def _index(self, group: int | str) -> int:
        return self._names[group] if isinstance(group, str) else group

    def group(self, group: int | str = 0) -> str | None:
        return self._text(self._index(group))

    def groups(self) -> tuple[str | None, ...]:
        return tuple(self._text(i) for i in range(1, self._m.re.groups + 1))

    def groupdict(self) -> dict[str, str | None]:
        return {name: self._text(i) for name, i in self._names.items()}

    def span(self, group: int | str = 0) -> tuple[int, int]:
        start, end = self._m.span(self._index(group))
        if start < 0:
            return -1, -1
        base = self._m.start()
        if self._ascii:
            return self._char + start - base, self._char + end - base
        head = self._char + len(self._data[base:start].decode("utf-8", "surrogatepass"))
        return head, head + len(self._data[start:end].decode("utf-8", "surrogatepass"))
