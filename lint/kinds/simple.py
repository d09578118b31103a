"""Word-list and regex kinds: existence, substitution and pattern."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import regex

from lint.kinds.base import Context, Kind, Match, Option, RuleDefinitionError, match_case
from lint.source import paragraph_spans


def _compile(key: str, pattern: str, flags: int) -> regex.Pattern:
    try:
        return regex.compile(pattern, flags | regex.V0)
    except regex.error as exc:
        raise RuleDefinitionError(key, f"invalid regex: {exc}") from None


class WordList:
    """Finds whole-word occurrences of literal words or phrases, fast.

    A substring test rules out most texts at C speed; what is left is scanned with ``re``
    using ``\b`` (much cheaper than look-arounds at every position), and the hyphen
    boundaries that ``\b`` does not see are checked on the few matches.
    """

    def __init__(self, key: str, words: list[str], ignorecase: bool, followed_by: str = "") -> None:
        if not words or not all(isinstance(w, str) and w for w in words):
            raise RuleDefinitionError(key, "must be a non-empty list of non-empty strings")
        self.ignorecase = ignorecase
        self.literals = sorted({w.lower() if ignorecase else w for w in words}, key=len, reverse=True)
        flags = re.I if ignorecase else 0
        body = "|".join(re.escape(w) for w in self.literals)
        if all(re.match(r"\w", w[0]) and re.match(r"\w", w[-1]) for w in self.literals):
            self.pattern = re.compile(rf"\b(?:{body})\b(?={followed_by})", flags)
            self.exact = False
        else:
            self.pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])(?={followed_by})", flags)
            self.exact = True

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        haystack = text.lower() if self.ignorecase else text
        if not any(w in haystack for w in self.literals):
            return
        for m in self.pattern.finditer(text):
            start, end = m.span()
            if self.exact or not (text[start - 1 : start] == "-" or text[end : end + 1] == "-"):
                yield start, end


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
        for start, end in self.words.finditer(text):
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
        spans = list(self.words.finditer(text))
        if self.capitals is not None:
            spans = sorted(spans + list(self.capitals.finditer(text)))
        for start, end in spans:
            found = text[start:end]
            right = self.swap[found.lower() if self.ignorecase else found]
            yield Match(start, end, (match_case(found, right),), safe_fix=self.options["safe"])


class Pattern(Kind):
    """Flags matches of a regular expression, optionally one group, per text or per paragraph."""

    name = "pattern"
    OPTIONS = {
        "regex": Option(str, required=True, doc="a Python `regex` pattern"),
        "ignorecase": Option(bool, False, doc="match regardless of case"),
        "group": Option((int, str), 0, doc="the group whose span is reported"),
        "suggest": Option(str, None, doc="replacement template; {0}, {1}... or {name} are groups"),
        "safe": Option(bool, False, doc="whether --fix may apply the suggestion unasked"),
        "exceptions": Option(list, [], doc="matched texts (case-insensitive) never flagged"),
        "scope": Option(str, "text", doc="'text', or 'paragraph' to match each paragraph alone"),
    }

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        flags = regex.I if options["ignorecase"] else 0
        self.pattern = _compile("regex", options["regex"], flags | regex.M)
        if options["scope"] not in ("text", "paragraph"):
            raise RuleDefinitionError("scope", "must be 'text' or 'paragraph'")
        group = options["group"]
        if (isinstance(group, int) and group > self.pattern.groups) or (
            isinstance(group, str) and group not in self.pattern.groupindex
        ):
            raise RuleDefinitionError("group", f"the regex has no group {group!r}")
        self.exceptions = frozenset(e.lower() for e in options["exceptions"])

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        if self.options["scope"] == "paragraph":
            for start, end in paragraph_spans(text):
                yield from self._scan(text, start, end, ctx)
        else:
            yield from self._scan(text, 0, len(text), ctx)

    def _scan(self, text: str, pos: int, endpos: int, ctx: Context) -> Iterator[Match]:
        group = self.options["group"]
        template = self.options["suggest"]
        for m in self.pattern.finditer(text, pos, endpos, timeout=ctx.timeout):
            if m.group().lower() in self.exceptions:
                continue
            start, end = m.span(group)
            if start < 0:
                continue
            suggestions = (template.format(m.group(), *m.groups(), **m.groupdict()),) if template else ()
            detail = {k: v for k, v in m.groupdict().items() if v is not None}
            yield Match(start, end, suggestions, detail, safe_fix=self.options["safe"] and bool(suggestions))
