"""CLI snapshot cases: each folder under cases/ is one case, run through the real console script.

A case folder holds ``cmd`` (one ``typolint`` command per line, in shell syntax), an optional
``files/`` tree (copied to a fresh folder that is the working directory) and ``expected``: the
transcript of every command's stdout, stderr and exit status. Set TYPOLINT_UPDATE_SNAPSHOTS=1 to
rewrite the transcripts from the current behaviour; review the diff like code. Adding a
regression test is adding a folder.
"""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

import pytest

from support import run_cli

CASES = Path(__file__).parent / "cases"
UPDATE = os.environ.get("TYPOLINT_UPDATE_SNAPSHOTS") == "1"


def transcript(case: Path, workdir: Path) -> str:
    """Run every command of ``case`` in ``workdir``; return what they printed, normalised."""
    out = []
    env = {"NO_COLOR": "", "GITHUB_ACTIONS": ""}
    for line in (case / "cmd").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        args = shlex.split(line)
        assert args[0] == "typolint", f"{case.name}: each command starts with 'typolint'"
        proc = run_cli(*args[1:], cwd=workdir, env=env)
        out.append(f"$ {line}\n--- stdout\n{proc.stdout}--- stderr\n{proc.stderr}exit: {proc.returncode}\n")
    return _normalise("".join(out), workdir)


def _normalise(text: str, workdir: Path) -> str:
    """Replace machine-specific paths so transcripts compare across machines."""
    text = text.replace(str(workdir.resolve()), "<tmp>").replace(str(workdir), "<tmp>")
    return text.replace(str(Path.home()), "<home>")


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_snapshot(case: Path, tmp_path: Path) -> None:
    workdir = tmp_path / "work"
    if (case / "files").is_dir():
        shutil.copytree(case / "files", workdir, symlinks=True)
    else:
        workdir.mkdir()
    got = transcript(case, workdir)
    expected = case / "expected"
    if UPDATE:
        expected.write_text(got, encoding="utf-8")
    assert expected.exists(), f"{case.name}: no 'expected' transcript (run with TYPOLINT_UPDATE_SNAPSHOTS=1)"
    assert got == expected.read_text(encoding="utf-8")
