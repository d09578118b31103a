"""Finding filters, applied in order: select/ignore, severity overrides, dedupe, sort."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import PurePath

from lint.config import Config, Override
from lint.model import Finding, Severity
from lint.source import TextSource

Filter = Callable[[list[Finding], Config, Mapping[str, TextSource]], list[Finding]]


def matches_prefix(rule: str, prefixes: Sequence[str]) -> bool:
    """True when ``rule`` is one of the dotted ``prefixes`` or below one ('typos' covers 'typos.x')."""
    return any(rule == p or rule.startswith(p.rstrip(".") + ".") for p in prefixes)


def rule_enabled(rule: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Select narrows to the listed prefixes (all when empty); ignore then removes."""
    if select and not matches_prefix(rule, select):
        return False
    return not matches_prefix(rule, ignore)


def _overrides_for(path: str, config: Config) -> list[Override]:
    normal = PurePath(path).as_posix()
    return [o for o in config.overrides if fnmatch.fnmatch(normal, o.glob)]


def select_ignore(findings: list[Finding], config: Config, _: Mapping[str, TextSource]) -> list[Finding]:
    """Drop findings of rules not selected, globally and by per-glob overrides."""
    kept = []
    for f in findings:
        if not rule_enabled(f.rule, config.select, config.ignore):
            continue
        if all(rule_enabled(f.rule, o.select, o.ignore) for o in _overrides_for(f.path, config)):
            kept.append(f)
    return kept


def most_specific(rule: str, table: Sequence[tuple[str, Severity]]) -> Severity | None:
    """The severity of the longest prefix in ``table`` that covers ``rule``."""
    hits = [(len(prefix), sev) for prefix, sev in table if matches_prefix(rule, [prefix])]
    return max(hits)[1] if hits else None


def severity(findings: list[Finding], config: Config, _: Mapping[str, TextSource]) -> list[Finding]:
    """Apply configured per-rule severities (per-glob overrides win over global ones)."""
    out = []
    for f in findings:
        table = list(config.severity)
        for o in _overrides_for(f.path, config):
            table.extend(o.severity)
        wanted = most_specific(f.rule, table)
        out.append(replace(f, severity=wanted) if wanted is not None and wanted != f.severity else f)
    return out


def dedupe(findings: list[Finding], config: Config, _: Mapping[str, TextSource]) -> list[Finding]:
    """One finding per span: exact repeats go, and a YAML rule beats LanguageTool on the same span."""
    by_span: dict[tuple[str, int, int], Finding] = {}
    for f in findings:
        key = (f.path, f.location.start, f.location.end)
        if key not in by_span or (by_span[key].source != "rules" and f.source == "rules"):
            by_span[key] = f
    kept = list(by_span.values())
    rule_spans = [(f.path, f.location.start, f.location.end) for f in kept if f.source == "rules"]
    return [f for f in kept if f.source == "rules" or not _overlaps_rule(f, rule_spans)]


def _overlaps_rule(f: Finding, rule_spans: list[tuple[str, int, int]]) -> bool:
    # A LanguageTool spelling finding on a word a YAML rule already explained is noise.
    if not f.rule.startswith("lt.") or "MORFOLOGIK" not in f.rule and "SPELL" not in f.rule.upper():
        return False
    return any(p == f.path and s < f.location.end and f.location.start < e for p, s, e in rule_spans)


def sort(findings: list[Finding], config: Config, _: Mapping[str, TextSource]) -> list[Finding]:
    return sorted(findings, key=lambda f: f.sort_key)


#: The pipeline, in order. Later issues insert suppressions and baseline after select_ignore.
PIPELINE: list[Filter] = [select_ignore, severity, dedupe, sort]


def apply(findings: list[Finding], config: Config, sources: Mapping[str, TextSource]) -> list[Finding]:
    for step in PIPELINE:
        findings = step(findings, config, sources)
    return findings
