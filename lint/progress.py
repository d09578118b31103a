"""A progress bar on stderr for long runs: files done, findings so far, rate and ETA."""

from __future__ import annotations

import sys
from typing import Protocol


class Progress(Protocol):
    """What the runner reports to while it works; counts are files (or documents)."""

    def stage(self, name: str, total: int) -> None:
        """Start a stage ("rules", "LanguageTool") of ``total`` items."""
        ...

    def advance(self, done: int, hits: int) -> None:
        """``done`` more items finished, with ``hits`` more raw hits among them."""
        ...

    def close(self) -> None: ...


class BarProgress:
    """tqdm bars on stderr, one per stage; stdout is never touched."""

    def __init__(self) -> None:
        self._bar = None
        self._hits = 0

    def stage(self, name: str, total: int) -> None:
        from tqdm import tqdm

        self.close()
        self._bar = tqdm(total=total, desc=name, unit="file", file=sys.stderr, leave=False, dynamic_ncols=True)

    def advance(self, done: int, hits: int) -> None:
        if self._bar is not None:
            self._hits += hits
            self._bar.set_postfix_str(f"{self._hits} hits", refresh=False)
            self._bar.update(done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def make_progress(choice: bool | None) -> Progress | None:
    """``--progress`` (True), ``--no-progress`` (False), or by default: when stderr is a terminal."""
    wanted = sys.stderr.isatty() if choice is None else choice
    return BarProgress() if wanted else None
