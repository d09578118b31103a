"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit package on a scratch repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT, run_cli

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, check=True)


def try_repo(repo: Path, hook: str) -> subprocess.CompletedProcess:
    """Run one hook of this checkout on the scratch repo's staged files, as a commit would.

    pre-commit installs the checkout with pip, which builds the compiled core with cargo: rustup's
    ~/.cargo/bin joins PATH when PATH has no cargo (as the Makefile does), and the checkout's own
    cargo target folder, when there is one, spares compiling the crate's dependencies again."""
    env = dict(os.environ)
    if shutil.which("cargo") is None:
        env["PATH"] = os.pathsep.join([str(Path.home() / ".cargo" / "bin"), env.get("PATH", "")])
    if (ROOT / "core" / "target").is_dir():
        env.setdefault("CARGO_TARGET_DIR", str(ROOT / "core" / "target"))
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(ROOT), hook, "--verbose"],
        cwd=repo, capture_output=True, text=True, timeout=1200, env=env,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    (tmp_path / "notes.md").write_text(
        "# Notes\n\nРe said that Azerbaijan`s delegation met the the press.\n", encoding="utf-8"
    )
    (tmp_path / "script.py").write_text("x = 'Рe the the'\n", encoding="utf-8")  # not prose: ignored
    git(tmp_path, "add", ".")
    return tmp_path


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("hook", ["typolint-fast", "typolint"])
def test_hook_blocks_a_typo_and_passes_after_fix(repo, hook):
    blocked = try_repo(repo, hook)
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "notes.md:3:1" in blocked.stdout and "script.py" not in blocked.stdout

    fixed = run_cli("check", "--fix", "--unsafe-fixes", "--no-languagetool", "notes.md", cwd=repo)  # the doubled word is unsafe
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert (repo / "notes.md").read_text(encoding="utf-8") == (
        "# Notes\n\nHe said that Azerbaijan's delegation met the press.\n"
    )
    git(repo, "add", "notes.md")
    passed = try_repo(repo, hook)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    git(repo, "commit", "-q", "-m", "notes")
