"""Plain data shared by every stage: severities, hits, locations and findings (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


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


@dataclass(frozen=True, slots=True)
class Hit:
    """Raw engine output.

    ``start`` and ``end`` are 0-based, half-open offsets counted in code points
    of ``TextSource.text`` (the prose the engine saw), not of the original file.
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


@dataclass(frozen=True, slots=True)
class Location:
    """A span of the original file.

    ``start``/``end``: 0-based, half-open offsets in code points of the decoded original text.
    ``line``/``column``/``end_line``/``end_column``: 1-based; columns count code points;
    ``end_column`` is exclusive.
    """

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Finding:
    """A hit located in its original file; what filters, formatters and --fix work on."""

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

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.location.line, self.location.column, self.rule)


@dataclass(frozen=True, slots=True)
class FileError:
    """A file that could not be checked (or was skipped), with a one-line reason."""

    path: str
    message: str
    #: Notes (e.g. 'binary file skipped') do not change the exit code; errors do.
    is_note: bool = False
