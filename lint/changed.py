"""Changed lines from git: which lines of which files a diff adds or modifies."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from lint.errors import UsageError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class GitError(UsageError):
    """git could not answer; one line for the user."""


def changed_lines(base: str | None, staged: bool) -> dict[Path, set[int]]:
    """Absolute path -> 1-based new line numbers added or changed since ``base`` (or in the index)."""
    args = ["git", "diff", "--no-color", "--no-ext-diff", "-U0"]
    args += ["--cached"] if staged else [base or "HEAD"]
    top = _git(["git", "rev-parse", "--show-toplevel"]).strip()
    return parse_diff(_git(args), Path(top))


def _git(args: list[str]) -> str:
    try:
        proc = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if proc.returncode != 0:
        reason = (proc.stderr.strip().splitlines() or ["unknown error"])[0]
        raise GitError(f"{' '.join(args[:3])}: {reason}")
    return proc.stdout


def parse_diff(diff: str, top: Path) -> dict[Path, set[int]]:
    """Parse ``git diff -U0`` output into changed new-side lines per file."""
    result: dict[Path, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else result.setdefault((top / name[2:]).resolve(), set())
        elif current is not None and (m := _HUNK.match(line)):
            start, count = int(m.group(1)), int(m.group(2) or 1)
            current.update(range(start, start + count))
    return result
