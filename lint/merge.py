"""Merge the findings of different engines on one problem, per file, before any filter runs."""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import replace

from lint.filters import matches_prefix
from lint.model import Finding
from lint.source import TextSource


def merge_file(
    findings: Sequence[Finding], source: TextSource, supersedes: Mapping[str, tuple[str, ...]]
) -> list[Finding]:
    """One finding per problem in one file, sorted by original offset.

    Exact repeats (same rule, same span) go. A LanguageTool finding on the same span as a YAML
    finding, on a span overlapping it, or of a rule the YAML rule ``supersedes`` in the same
    paragraph, is merged into the YAML finding (kept in ``merged``), so that a suppression or a
    baseline entry for either covers both. Cost: O(n log n) in the file's findings.
    """
    by_span = {(f.location.start, f.location.end, f.rule): f for f in findings}
    if all(f.source == "rules" for f in by_span.values()):  # one engine (a rules-only run)
        return _same_span([by_span[key] for key in sorted(by_span)], supersedes)
    unique = sorted(by_span.values(), key=lambda f: (f.location.start, f.location.end, f.source != "rules", f.rule))
    yaml = _same_span([f for f in unique if f.source == "rules"], supersedes)
    absorbed: dict[int, list[Finding]] = {i: [] for i in range(len(yaml))}
    others = []
    index = _Overlaps(yaml)
    by_paragraph = _superseding(yaml, source, supersedes)
    for f in unique:
        if f.source == "rules":
            continue
        owner = index.first_overlap(f)
        if owner is None:
            owner = next(
                (i for i in by_paragraph.get(source.paragraph_of(f.location.start), ())
                 if matches_prefix(f.rule, supersedes[yaml[i].rule])),
                None,
            )
        if owner is None:
            others.append(f)
        else:
            absorbed[owner].append(f)
    merged = [replace(y, merged=y.merged + tuple(absorbed[i])) if absorbed[i] else y for i, y in enumerate(yaml)]
    return sorted(merged + others, key=lambda f: (f.location.start, f.location.end, f.rule))


def _same_span(yaml: list[Finding], supersedes: Mapping[str, tuple[str, ...]]) -> list[Finding]:
    """``yaml`` (YAML findings sorted by span) with each finding on the same span as a finding of
    a rule that ``supersedes`` its rule merged into that one: one finding per word when two YAML
    rules flag it ('instea': typos.non-word and typos.truncated-word), issue 10."""
    out: list[Finding] = []
    i = 0
    while i < len(yaml):
        j = i + 1
        span = (yaml[i].location.start, yaml[i].location.end)
        while j < len(yaml) and (yaml[j].location.start, yaml[j].location.end) == span:
            j += 1
        group = yaml[i:j]
        if len(group) > 1 and any(supersedes.get(f.rule) for f in group):
            group = _absorb(group, supersedes)
        out.extend(group)
        i = j
    return out


def _absorb(group: list[Finding], supersedes: Mapping[str, tuple[str, ...]]) -> list[Finding]:
    """The findings of one span, each one a rule of another supersedes merged into that one."""
    def over(owner: Finding, f: Finding) -> bool:
        return owner is not f and matches_prefix(f.rule, supersedes.get(owner.rule, ()))

    kept = [f for f in group if not any(over(owner, f) for owner in group)] or group[:1]
    into: dict[int, list[Finding]] = {id(k): [] for k in kept}
    for f in group:
        if id(f) not in into:
            into[id(next((k for k in kept if over(k, f)), kept[0]))].append(f)
    return [replace(k, merged=k.merged + tuple(into[id(k)])) if into[id(k)] else k for k in kept]


class _Overlaps:
    """Finds the YAML finding a given span belongs to: one on the same span, else the narrowest
    that overlaps it (a word's finding, not the repeated paragraph around it)."""

    def __init__(self, yaml: Sequence[Finding]) -> None:
        self.yaml = yaml
        self.starts = [f.location.start for f in yaml]
        #: Running maximum of the ends, so the backward scan can stop early.
        self.max_end: list[int] = []
        top = -1
        for f in yaml:
            top = max(top, f.location.end)
            self.max_end.append(top)

    def first_overlap(self, f: Finding) -> int | None:
        """Index of the YAML finding on ``f``'s span, else of the narrowest one overlapping it
        (the first of equals), or None."""
        start, end = f.location.start, f.location.end
        i = bisect.bisect_left(self.starts, max(end, start + 1)) - 1
        found, width = None, 0
        while i >= 0 and self.max_end[i] > start:
            y = self.yaml[i].location
            if (y.start, y.end) == (start, end):
                return i
            if y.start < end and start < y.end and (found is None or y.end - y.start <= width):
                found, width = i, y.end - y.start
            i -= 1
        return found


def _superseding(
    yaml: Sequence[Finding], source: TextSource, supersedes: Mapping[str, tuple[str, ...]]
) -> dict[int, list[int]]:
    """Paragraph index -> indexes of YAML findings in it whose rule supersedes others."""
    out: dict[int, list[int]] = {}
    for i, y in enumerate(yaml):
        if supersedes.get(y.rule):
            out.setdefault(source.paragraph_of(y.location.start), []).append(i)
    return out
