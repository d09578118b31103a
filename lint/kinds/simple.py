"""Word-list and regex kinds: existence, substitution and pattern."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import regex

from lint.kinds.base import Context, Kind, Match, Option, RuleDefinitionError, match_case


def _compile(key: str, pattern: str, flags: int) -> regex.Pattern:
    try:
        return regex.compile(pattern, flags | regex.V0)
    except regex.error as exc:
        raise RuleDefinitionError(key, f"invalid regex: {exc}") from None


def _word_alternation(words: list[str]) -> str:
    # Longest first, so that "lorem ipsum dolor" wins over "lorem ipsum".
    body = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return rf"(?<![\w-])(?:{body})(?![\w-])"


class Existence(Kind):
    """Flags any of a list of words or phrases, as whole words."""

    name = "existence"
    OPTIONS = {
        "tokens": Option(list, required=True, doc="words or phrases to flag"),
        "ignorecase": Option(bool, False, doc="match regardless of case"),
    }

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        flags = regex.I if options["ignorecase"] else 0
        self.pattern = _compile("tokens", _word_alternation(options["tokens"]), flags)

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        for m in self.pattern.finditer(text, timeout=ctx.timeout):
            yield Match(m.start(), m.end())


class Substitution(Kind):
    """Flags words of a ``swap`` map and suggests their replacement (case preserved)."""

    name = "substitution"
    OPTIONS = {
        "swap": Option(dict, required=True, doc="map of wrong word -> right word"),
        "ignorecase": Option(bool, False, doc="match regardless of case"),
        "safe": Option(bool, True, doc="whether --fix may apply the replacement unasked"),
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
        flags = regex.I if self.ignorecase else 0
        self.pattern = _compile("swap", _word_alternation(list(swap)), flags)

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        for m in self.pattern.finditer(text, timeout=ctx.timeout):
            found = m.group()
            right = self.swap[found.lower() if self.ignorecase else found]
            yield Match(m.start(), m.end(), (match_case(found, right),), safe_fix=self.options["safe"])


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
            from lint.source import paragraph_spans

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
