"""The engine protocol: an engine turns TextSources into hits (offsets into ``TextSource.text``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from lint.errors import EngineError
from lint.model import Hit
from lint.source import TextSource

__all__ = ["Engine", "EngineError", "EngineResult"]

#: One hit list per source, in order, and the problems met (never raised for per-run failures).
EngineResult = tuple[list[list[Hit]], list[EngineError]]


class Engine(Protocol):
    """Anything that checks prose; the runner reaches an engine only through ``check``."""

    #: Short id ("rules", "languagetool"); ``label`` names the engine in messages ("LanguageTool").
    name: str
    label: str

    def check(self, sources: Sequence[TextSource]) -> EngineResult:
        """Hits per source (code points of ``source.text``) and the problems met."""
        ...
