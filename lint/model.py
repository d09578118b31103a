"""Plain data shared by every stage: severities, hits, locations and findings (no I/O)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from enum import IntEnum
from operator import attrgetter
from typing import Any, NamedTuple


class Severity(IntEnum):
    """How serious a finding is; ordered so that comparisons mean 'at least as serious'."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        """Return the severity called ``name`` (case-insensitive); raise ValueError otherwise."""
        try:
            return cls[name.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {name!r} (expected one of: {choices})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


class Hit(NamedTuple):
    """Raw engine output.

    ``start`` and ``end`` are 0-based, half-open offsets counted in code points
    of ``TextSource.text`` (the prose the engine saw), not of the original file.

    Immutable; a named tuple, as a run makes one per finding (a frozen dataclass takes two to
    three times as long to build; so is ``lint.source.Segment``).
    """

    start: int
    end: int
    rule: str
    severity: Severity
    message: str
    suggestions: tuple[str, ...] = ()
    source: str = "rules"
    #: True when the first suggestion is an unambiguous replacement that --fix may apply.
    safe_fix: bool = False


class Location(NamedTuple):
    """A span of the original file.

    ``start``/``end``: 0-based, half-open offsets in code points of the decoded original text.
    ``line``/``column``/``end_line``/``end_column``: 1-based; columns count code points;
    ``end_column`` is exclusive.

    Immutable; a named tuple, as each finding has one (see ``Hit``).
    """

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True, init=False)
class Finding:
    """A hit located in its original file; what filters, formatters and --fix work on.

    Immutable. Its ``__init__`` (below the class) sets each slot through the slot's own
    descriptor: the one a frozen dataclass generates calls ``object.__setattr__`` per field,
    4.5 µs a finding, and a run makes one per finding (45,000 on the plain bench corpus).
    """

    path: str
    location: Location
    rule: str
    severity: Severity
    message: str
    suggestions: tuple[str, ...] = ()
    source: str = "rules"
    #: The original text covered by ``location``.
    match: str = ""
    #: True when --fix may apply ``suggestions[0]`` without asking.
    safe_fix: bool = False
    #: True when the span lies in one prose segment, so a fix cannot touch markup, code or URLs.
    fixable: bool = True
    #: Findings of other rules on the same problem (the same span, an overlapping span, or one
    #: this rule ``supersedes``), merged into this one before any filter runs.
    merged: tuple[Finding, ...] = ()
    #: The record id, for a finding in one record of a record file (``path``); None for files.
    #: Its ``location`` then counts within that record's text.
    record: str | None = None

    #: (path, line, column, rule): the order of a report. ``Finding.sort_key.fget`` is the key
    #: function itself, which a sort calls without a Python frame per finding.
    sort_key = property(attrgetter("path", "location.line", "location.column", "rule"))

    @property
    def rules(self) -> tuple[str, ...]:
        """This finding's rule id first, then the ids of the findings merged into it."""
        return (self.rule, *(m.rule for m in self.merged))


def _finding_init(self: Finding, path: str, location: Location, rule: str, severity: Severity, message: str,
                  suggestions: tuple[str, ...] = (), source: str = "rules", match: str = "", safe_fix: bool = False,
                  fixable: bool = True, merged: tuple[Finding, ...] = (), record: str | None = None) -> None:
    _path(self, path)
    _location(self, location)
    _rule(self, rule)
    _severity(self, severity)
    _message(self, message)
    _suggestions(self, suggestions)
    _source(self, source)
    _match(self, match)
    _safe_fix(self, safe_fix)
    _fixable(self, fixable)
    _merged(self, merged)
    _record(self, record)


(_path, _location, _rule, _severity, _message, _suggestions, _source, _match, _safe_fix, _fixable, _merged,
 _record) = (Finding.__dict__[f].__set__ for f in Finding.__dataclass_fields__)
Finding.__init__ = _finding_init  # type: ignore[method-assign]


@dataclass(frozen=True, slots=True)
class FileError:
    """A path (or, for an engine, the run) that was not fully checked, with a one-line reason."""

    path: str
    message: str
    #: Notes (e.g. 'binary file skipped') do not change the exit code; errors do.
    is_note: bool = False
    #: The exit status this problem implies: 0 for a note, 2 for bad input, 3 when an engine failed.
    status: int = 2

    def __post_init__(self) -> None:
        if self.is_note:
            object.__setattr__(self, "status", 0)


@dataclass(frozen=True, slots=True)
class AppliedFix:
    """One edit --fix made (or --diff shows), as ruff reports every fix of its fix loop.

    ``fix_pass``: 1 for a fix of a finding the check reported; n > 1 for a finding of the text
    as pass n - 1 left it (an earlier fix can reveal or create one). ``location``: the span it
    replaced in the file as read; a later fix that touches text an earlier fix put in covers that
    fix's span too. ``replacement``: the text it put in, in its own pass.
    """

    rule: str
    location: Location
    replacement: str
    fix_pass: int = 1


@dataclass(frozen=True, slots=True)
class FileFix:
    """The fixes for one file: its text before and after, and how many edits were made.

    ``written`` is False for --diff (nothing written) and when the write was refused.
    """

    path: str
    before: str
    after: str
    edits: int
    written: bool = False
    #: The file's encoding and BOM (lint.reading.Encoded), so --diff can show its bytes.
    encoding: str = "utf-8"
    bom: bytes = b""
    #: Every edit made, in pass order (``edits == len(applied)``).
    applied: tuple[AppliedFix, ...] = ()


@dataclass(slots=True)
class Report:
    """The outcome of a run: findings after filtering, problems and notes, fixes made.

    Everything a formatter prints and everything ``exit_code`` decides comes from here.
    """

    findings: list[Finding]
    errors: list[FileError]
    files_checked: int
    #: Per-file data the CLI needs after the run (sources for --fix and suppressions).
    checked: list[Any] = field(default_factory=list)
    #: What the filters recorded: suppressions and baseline entries that silenced findings.
    filtered: Any = None
    #: Rule id -> one-line description, for every YAML rule that ran (for SARIF metadata).
    descriptions: dict[str, str] = field(default_factory=dict)
    #: Fixes made by --fix, or shown by --diff.
    fixes: list[FileFix] = field(default_factory=list)
    #: What ``files_checked`` counts: "file", or "record" for record files.
    unit: str = "file"
    #: Findings counted but no longer held, per (rule, severity): a streamed run keeps only
    #: these for its summary, so its memory does not grow with the number of findings.
    released: Counter[tuple[str, Severity]] = field(default_factory=Counter)
    #: The findings already formatted for the run's output stream, when worker processes
    #: formatted them (``RunOptions.render``): one ``Stream.chunk`` per file with findings, in
    #: order; ``findings`` is then empty and ``released`` counts them.
    rendered: list[str] | None = None

    def counts(self) -> Counter[tuple[str, Severity]]:
        """(rule, severity) -> number of findings, held or released."""
        counts = Counter((f.rule, f.severity) for f in self.findings)
        counts.update(self.released)
        return counts

    def release(self) -> Report:
        """This report with its findings reduced to counts and without per-file data (sources)."""
        return replace(self, findings=[], released=self.counts(), checked=[], filtered=None, rendered=None)


def exit_code(report: Report, fail_on: Severity | None, *, diff: bool = False) -> int:
    """The one place the exit status is decided, after all output.

    3: an engine failed; 2: bad input or setup; 1: findings at or above ``fail_on`` (None: findings
    do not count, as for ``baseline``), or with ``diff`` a fix to show; 0: otherwise.
    """
    worst = max((e.status for e in report.errors), default=0)
    if worst:
        return worst
    if diff and report.fixes:
        return 1
    if fail_on is not None and any(severity >= fail_on for _, severity in report.counts()):
        return 1
    return 0
