"""The copy-paste examples of the README's "Large corpora" section, run as written.

Each ```sh block runs command by command in one temporary folder (exit 0 or 1 allowed); the
``# `` lines after a command must appear in its stdout. The ```python block runs as a script and
its ``# `` lines are its expected stdout. The ```bash block that starts a cluster on several hosts
is not run here: tests/corpus/test_dask.py starts the same scheduler and workers on 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path


from support import ROOT

BIN = str(Path(sys.executable).parent)


def _section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("## Large corpora\n", 1)[1].split("\n## ", 1)[0]


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", _section(), re.S)


def _commands(block: str) -> list[tuple[str, list[str]]]:
    """(command, expected stdout lines) pairs; backslash continuations joined."""
    steps: list[tuple[str, list[str]]] = []
    for line in block.replace("\\\n", " ").splitlines():
        if line.startswith("# "):
            steps[-1][1].append(line[2:])
        elif line.strip():
            steps.append((line, []))
    return steps


def test_the_section_has_its_examples():
    assert len(_blocks("sh")) == 3 and len(_blocks("python")) == 1


def test_shell_examples(tmp_path: Path):
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
    for block in _blocks("sh"):
        for command, expected in _commands(block):
            proc = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
            assert proc.returncode in (0, 1), f"{command}\n{proc.stderr}"
            for line in expected:
                assert line in proc.stdout.splitlines(), f"{command}\n{proc.stdout}"


def test_python_example(tmp_path: Path):
    (block,) = _blocks("python")
    expected = [line[2:] for line in block.splitlines() if line.startswith("# ")]
    proc = subprocess.run([sys.executable, "-c", block], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == expected
