"""--fix: apply suggestions to the original files, atomically, keeping encoding and line endings."""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lint.model import Finding
from lint.reading import Encoded, encode


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace original[start:end] (code points of the decoded file) with ``text``."""

    start: int
    end: int
    text: str


def edits_for(findings: Iterable[Finding], unsafe: bool) -> list[Edit]:
    """The edits to make: safe suggestions (all first suggestions with ``unsafe``), never
    inside code, URLs or across markup (``fixable``), never overlapping one another."""
    chosen: list[Edit] = []
    for f in sorted(findings, key=lambda f: (f.location.start, f.location.end)):
        if not f.suggestions or not f.fixable or not (f.safe_fix or unsafe):
            continue
        edit = Edit(f.location.start, f.location.end, f.suggestions[0])
        if chosen and edit.start < chosen[-1].end:
            continue  # overlapping: the next run picks it up if it still applies
        chosen.append(edit)
    return chosen


def apply_edits(text: str, edits: list[Edit]) -> str:
    parts = []
    pos = 0
    for e in edits:
        parts.append(text[pos : e.start])
        parts.append(e.text)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{path}", f"b/{path}"
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


def write_atomic(path: Path, text: str, encoded: Encoded) -> None:
    """Replace ``path`` with ``text`` in the file's own encoding and BOM, keeping its mode.

    The new content goes to a temporary file in the same folder, which is renamed over the
    original only once complete, so an interrupted write never leaves a half-written file.
    """
    data = encode(text, encoded.encoding, encoded.bom)
    mode = stat.S_IMODE(path.stat().st_mode)
    fd, tmp = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.", suffix=".typolint")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path.resolve())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
