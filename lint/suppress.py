"""Inline suppressions: ``typolint: ignore[...]`` and friends, found in a file's comments.

In plain text a directive may stand anywhere on a line; in Markdown, reST and HTML only
inside the format's comments (``<!-- -->``, ``..``), so prose that merely mentions the
syntax does not switch rules off.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from lint.filters import matches_prefix
from lint.model import Finding, Severity
from lint.source import TextSource

#: What every directive starts with: a text without it has none (and the pattern is not compiled).
_MARK = "typolint:"


@functools.cache
def _directive() -> regex.Pattern:
    return regex.compile(
        r"typolint:\s*(?P<kind>ignore-next-line|ignore|disable-file|disable|enable)\b(?:\[(?P<rules>[^\]]*)\])?"
    )


@dataclass(frozen=True, slots=True)
class Directive:
    """One suppression comment. ``line`` is 1-based; empty ``rules`` means every rule."""

    kind: str
    rules: tuple[str, ...]
    line: int
    column: int
    #: 0-based, half-open span of the directive in the original text (code points).
    start: int = 0
    end: int = 0

    def covers(self, rule: str) -> bool:
        return not self.rules or matches_prefix(rule, self.rules)


def directives(source: TextSource) -> list[Directive]:
    """Every directive of a file, in order of appearance."""
    spans = source.comments if source.fmt != "plain" else ((0, len(source.original)),)
    found = []
    original = source.original
    for start, end in spans:
        if original.find(_MARK, start, end) < 0:
            continue
        for m in _directive().finditer(original, start, end):
            rules = tuple(r.strip() for r in (m.group("rules") or "").split(",") if r.strip())
            line, column = source.lines.position(m.start())
            found.append(Directive(m.group("kind"), rules, line, column, m.start(), m.end()))
    return found


class Suppressions:
    """Answers 'is this finding suppressed, and by which directive?' for one file."""

    def __init__(self, found: list[Directive]) -> None:
        self.directives = found
        self._ranges = _ranges(found)

    def by(self, finding: Finding) -> Directive | None:
        """The directive that silences ``finding`` (under any of its merged rule ids), or None."""
        line = finding.location.line
        rules = finding.rules
        for d in self.directives:
            if not any(d.covers(rule) for rule in rules):
                continue
            if d.kind == "disable-file":
                return d
            if d.kind == "ignore" and d.line == line:
                return d
            if d.kind == "ignore-next-line" and d.line + 1 == line:
                return d
        for d, first, last in self._ranges:
            if first <= line <= last and any(d.covers(rule) for rule in rules):
                return d
        return None


def _ranges(found: list[Directive]) -> list[tuple[Directive, int, float]]:
    """(disable directive, first line, last line) for each disable ... enable range."""
    ranges: list[tuple[Directive, int, float]] = []
    open_: list[Directive] = []
    for d in found:
        if d.kind == "disable":
            open_.append(d)
        elif d.kind == "enable":
            for o in [o for o in open_ if not d.rules or set(o.rules) <= set(d.rules)]:
                ranges.append((o, o.line, d.line))
                open_.remove(o)
    ranges.extend((o, o.line, float("inf")) for o in open_)
    return ranges


#: The rule under which unused directives are reported (as ruff's RUF100).
UNUSED_RULE = "typolint.unused-suppression"
UNUSED_DESCRIPTION = "A typolint: suppression comment that silenced nothing."


def unused(path: str, source: TextSource, used: set) -> list[Finding]:
    """A finding for each directive of ``source`` that silenced nothing (``enable`` never does)."""
    out = []
    for d in directives(source):
        if d.kind != "enable" and (path, d) not in used:
            rules = ",".join(d.rules) or "all rules"
            out.append(Finding(
                path, source.location(d.start, d.end), UNUSED_RULE, Severity.WARNING,
                f"Unused suppression: {d.kind}[{rules}] silenced nothing.",
                match=source.original[d.start : d.end],
            ))
    return out
