"""Formatters: pure functions from a report to the text printed on stdout."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from lint.model import Finding, Severity

if TYPE_CHECKING:
    from lint.runner import Report

JSON_VERSION = 1

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"


def finding_line(f: Finding, colour: bool = False) -> str:
    """``path:line:col: severity [rule] message (suggestion: X)``; line and column are 1-based."""
    label = f.severity.label
    if colour:
        label = f"{_COLOURS[f.severity]}{label}{_RESET}"
    text = f"{f.path}:{f.location.line}:{f.location.column}: {label} [{f.rule}] {f.message}"
    if f.suggestions:
        text += f" (suggestion: {f.suggestions[0]})"
    return text


def summary(report: Report) -> str:
    counts = Counter(f.severity for f in report.findings)
    total = len(report.findings)
    parts = ", ".join(f"{counts[s]} {s.label}" for s in sorted(Severity, reverse=True) if counts[s])
    files = f"{report.files_checked} file{'s' if report.files_checked != 1 else ''}"
    if not total:
        return f"No findings in {files}."
    return f"Found {total} finding{'s' if total != 1 else ''} ({parts}) in {files}."


def format_text(report: Report, colour: bool = False) -> str:
    lines = [finding_line(f, colour) for f in report.findings]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def finding_dict(f: Finding) -> dict[str, object]:
    """The JSON contract of one finding (see README, 'JSON output')."""
    loc = f.location
    return {
        "path": f.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "rule": f.rule,
        "severity": f.severity.label,
        "message": f.message,
        "suggestions": list(f.suggestions),
        "source": f.source,
    }


def format_json(report: Report, colour: bool = False) -> str:
    doc = {
        "version": JSON_VERSION,
        "files_checked": report.files_checked,
        "findings": [finding_dict(f) for f in report.findings],
        "errors": [{"path": e.path, "message": e.message} for e in report.errors if not e.is_note],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def format_statistics(report: Report) -> str:
    """Counts per rule, most frequent first."""
    counts = Counter(f.rule for f in report.findings)
    width = max((len(r) for r in counts), default=0)
    return "".join(f"{n:6d}  {rule:<{width}}\n" for rule, n in counts.most_common())


FORMATTERS: dict[str, Callable[..., str]] = {"text": format_text, "json": format_json}
