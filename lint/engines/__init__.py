"""The engine protocol: an engine turns TextSources into hits (offsets into ``TextSource.text``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from lint.errors import EngineError
from lint.model import Hit
from lint.source import TextSource

__all__ = ["Done", "Engine", "EngineError", "EngineResult", "Pending"]

#: One hit list per source, in order, and the problems met (never raised for per-run failures).
EngineResult = tuple[list[list[Hit]], list[EngineError]]


class Pending(Protocol):
    """A check that ``Engine.start`` began; the caller ends it with ``result`` or ``cancel``."""

    def result(self) -> EngineResult:
        """Wait for the check: what ``Engine.check`` would have returned for the same sources."""
        ...

    def cancel(self) -> None:
        """Give the check up (the caller failed meanwhile): stop what has not started yet."""
        ...


@dataclass(frozen=True, slots=True)
class Done:
    """A check that finished inside ``start``: for engines that work in the caller's thread."""

    value: EngineResult

    def result(self) -> EngineResult:
        """The finished check's hits and problems."""
        return self.value

    def cancel(self) -> None:
        """Nothing is left to stop."""


class Engine(Protocol):
    """Anything that checks prose; the runner reaches an engine only through ``check`` and ``start``."""

    #: Short id ("rules", "languagetool"); ``label`` names the engine in messages ("LanguageTool").
    name: str
    label: str

    def check(self, sources: Sequence[TextSource]) -> EngineResult:
        """Hits per source (code points of ``source.text``) and the problems met."""
        ...

    def start(self, sources: Sequence[TextSource]) -> Pending:
        """Begin checking ``sources`` and return while the work goes on elsewhere (LanguageTool's
        requests are in flight while the caller runs the YAML rules); an engine that can only
        work in the caller's thread checks them here and returns ``Done``. Never raises for a
        per-run failure: the problems come from ``result``, as from ``check``."""
        ...
