"""The engine protocol: an engine turns TextSources into hits (offsets into ``TextSource.text``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from lint.model import Hit
from lint.source import TextSource


class EngineError(Exception):
    """An engine could not check everything it was given; the message is one line for the user."""


class Engine(Protocol):
    """Anything that checks prose. ``check`` returns one list of hits per source, in order."""

    name: str

    def check(self, sources: Sequence[TextSource]) -> list[list[Hit]]: ...
