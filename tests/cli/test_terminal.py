"""Terminal conventions: colour only on a terminal and never with NO_COLOR or --color never,
--quiet, and a progress bar on stderr only when it is a terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import termios
import subprocess
from pathlib import Path

from support import SCRIPT, run_cli

RED = "\x1b[31m"


def run_in_terminal(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run the console script with stdout and stderr on a pseudo-terminal; return all it wrote."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # 40 rows, 120 columns
    proc = subprocess.Popen([str(SCRIPT), *args], cwd=cwd, stdin=subprocess.DEVNULL, stdout=follower,
                            stderr=follower, env={**os.environ, "NO_COLOR": "", **(env or {})})
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def make_files(folder: Path, count: int = 1) -> None:
    for i in range(count):
        (folder / f"a{i}.txt").write_text("It was iberated.\n", encoding="utf-8")


def test_colour_on_a_terminal_unless_no_color(tmp_path: Path) -> None:
    make_files(tmp_path)
    assert RED in run_in_terminal(["check", "--no-languagetool", "a0.txt"], tmp_path)
    assert RED not in run_in_terminal(["check", "--no-languagetool", "a0.txt"], tmp_path, {"NO_COLOR": "1"})
    assert RED not in run_in_terminal(["check", "--no-languagetool", "--color", "never", "a0.txt"], tmp_path)


def test_colour_never_in_a_pipe_unless_forced(tmp_path: Path) -> None:
    make_files(tmp_path)
    assert RED not in run_cli("check", "--no-languagetool", "a0.txt", cwd=tmp_path).stdout
    assert RED in run_cli("check", "--no-languagetool", "--color", "always", "a0.txt", cwd=tmp_path).stdout


def test_quiet_hides_notes_and_summary(tmp_path: Path) -> None:
    make_files(tmp_path)
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    loud = run_cli("check", "--no-languagetool", "a0.txt", "b.txt", cwd=tmp_path)
    quiet = run_cli("check", "--no-languagetool", "--quiet", "a0.txt", "b.txt", cwd=tmp_path)
    assert "note: b.txt: binary file skipped" in loud.stderr and "Found 1 finding" in loud.stdout
    assert quiet.stderr == "" and quiet.stdout.splitlines() == loud.stdout.splitlines()[:-1]
    assert quiet.returncode == loud.returncode == 1


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    make_files(tmp_path, 30)
    piped = run_cli("check", "--no-languagetool", ".", cwd=tmp_path)
    assert piped.stderr == "" and "file/s" not in piped.stdout
    on_terminal = run_in_terminal(["check", "--no-languagetool", "."], tmp_path)
    assert "checking:" in on_terminal and "file" in on_terminal
    assert "checking:" not in run_in_terminal(["check", "--no-languagetool", "--no-progress", "."], tmp_path)
