"""Finding filters, applied in order: select/ignore, changed lines, suppressions, baseline,
severity, sort. Findings of several engines on one problem are merged before (lint.merge)."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from lint.config import Config, Override, relative_to_root
from lint.model import Finding, Severity
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
    for f in findings:
        enabled = [g for g in (f, *f.merged) if _enabled(g, ctx.config)]
        if not enabled:
            continue
        head, rest = enabled[0], tuple(enabled[1:])
        kept.append(head if head is f and rest == f.merged else replace(head, merged=rest))
    return kept


def _enabled(f: Finding, config: Config) -> bool:
    if not rule_enabled(f.rule, config.select, config.ignore):
        return False
    return all(rule_enabled(f.rule, o.select, o.ignore) for o in overrides_for(f.path, config))


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

    per_file = {path: Suppressions(directives(src)) for path, src in ctx.sources.items()}
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
    out = []
    for f in findings:
        wanted = most_specific(f.rule, ctx.config.severity)
        override = most_specific(f.rule, [s for o in overrides_for(f.path, ctx.config) for s in o.severity])
        wanted = override if override is not None else wanted
        out.append(replace(f, severity=wanted) if wanted is not None and wanted != f.severity else f)
    return out


def sort(findings: list[Finding], ctx: FilterContext) -> list[Finding]:
    return sorted(findings, key=lambda f: f.sort_key)


#: The pipeline, in order.
PIPELINE: list[Filter] = [select_ignore, changed_lines, suppressions, baseline, severity, sort]


def apply(findings: list[Finding], ctx: FilterContext) -> list[Finding]:
    for step in PIPELINE:
        findings = step(findings, ctx)
    return findings
