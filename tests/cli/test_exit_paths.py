"""Every way `typolint check` can end, in every output format: the exit status is the one
``exit_code`` decides, and stdout still parses in the chosen format."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from support import run_cli

DOWN = "http://127.0.0.1:9"  # nothing listens on the discard port: LanguageTool unavailable
TEXT_LINE = re.compile(r"^[^:]+:\d+:\d+: (error|warning|info) \[[\w.-]+\] .+$")
STATISTICS = re.compile(r"^ *\d+  [\w.-]+ *$")
SUMMARY = re.compile(r"^(Found \d+ findings? \(.+\)|No findings) in \d+ files?\.( Not everything was checked: .+)?$")

#: name -> (files to write, arguments, expected exit status)
SCENARIOS = {
    "clean": ({"a.txt": "A clean sentence.\n"}, ["--no-languagetool", "a.txt"], 0),
    "findings": ({"a.txt": "It was iberated.\n"}, ["--no-languagetool", "a.txt"], 1),
    "below-fail-on": ({"a.txt": "So , then.\n"}, ["--no-languagetool", "--fail-on", "error", "a.txt"], 0),
    "undecodable": ({"a.txt": "Fine.\n", "b.txt": b"Caf\xe9\n"}, ["--no-languagetool", "a.txt", "b.txt"], 2),
    "missing-path": ({"a.txt": "Fine.\n"}, ["--no-languagetool", "a.txt", "gone.txt"], 2),
    "binary-note": ({"a.txt": "Fine.\n", "b.txt": b"\x00\x01\x02"}, ["--no-languagetool", "a.txt", "b.txt"], 0),
    "languagetool-down": ({"a.txt": "Fine.\n"}, ["--languagetool-url", DOWN, "a.txt"], 3),
    "languagetool-down-and-undecodable": (
        {"a.txt": "Fine.\n", "b.txt": b"Caf\xe9\n"}, ["--languagetool-url", DOWN, "a.txt", "b.txt"], 3),
    "fix-leaves-findings": ({"a.txt": "Azerbaijan`s goverment.\n"}, ["--no-languagetool", "--fix", "a.txt"], 1),
    "fix-languagetool-down": ({"a.txt": "Azerbaijan`s day.\n"}, ["--languagetool-url", DOWN, "--fix", "a.txt"], 3),
    "unused-suppressions": (
        {"a.md": "Fine. <!-- typolint: ignore[typos] -->\n"},
        ["--no-languagetool", "--report-unused-suppressions", "a.md"], 1),
    "statistics": ({"a.txt": "It was iberated.\n"}, ["--no-languagetool", "--statistics", "a.txt"], 1),
}


def parse(fmt: str, stdout: str) -> None:
    """Raise if ``stdout`` is not a document of format ``fmt``."""
    if fmt == "json" or fmt == "sarif":
        doc = json.loads(stdout)
        assert doc["version"] in (1, "2.1.0")
    elif fmt == "junit":
        ET.fromstring(stdout)
    elif fmt == "github":
        assert all(line.startswith("::") for line in stdout.splitlines())
    else:
        lines = [line for line in stdout.splitlines() if not STATISTICS.match(line)]
        assert all(TEXT_LINE.match(line) for line in lines[:-1]) and SUMMARY.match(lines[-1]), stdout


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_exit_status_and_parsable_stdout(scenario: str, fmt: str, tmp_path: Path) -> None:
    files, args, status = SCENARIOS[scenario]
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (tmp_path / name).write_bytes(data)
    proc = run_cli("check", "--format", fmt, *args, cwd=tmp_path)
    assert proc.returncode == status, proc.stderr
    parse(fmt, proc.stdout)
    assert "Traceback" not in proc.stderr
    assert all(line.startswith(("error: ", "note: ", "fixed: ", " ")) for line in proc.stderr.splitlines()), proc.stderr


@pytest.mark.parametrize("scenario", ["findings", "undecodable", "languagetool-down", "clean"])
def test_diff_exit_status_and_patch_output(scenario: str, tmp_path: Path) -> None:
    files, args, status = SCENARIOS[scenario]
    for name, content in files.items():
        (tmp_path / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (tmp_path / "fixme.txt").write_text("Azerbaijan`s day.\n", encoding="utf-8")
    proc = run_cli("check", "--diff", *args, "fixme.txt", cwd=tmp_path)
    # A diff to show is status 1, unless something worse happened (2 bad input, 3 LanguageTool down).
    assert proc.returncode == max(status, 1) if status != 1 else proc.returncode == 1
    assert proc.stdout.startswith("--- a/fixme.txt\n+++ b/fixme.txt\n@@ ")
    assert (tmp_path / "fixme.txt").read_text(encoding="utf-8") == "Azerbaijan`s day.\n"


@pytest.mark.parametrize(("scenario", "status"), [("clean", 0), ("findings", 0), ("undecodable", 2),
                                                   ("missing-path", 2), ("languagetool-down", 3)])
def test_baseline_exit_status(scenario: str, status: int, tmp_path: Path) -> None:
    files, args, _ = SCENARIOS[scenario]
    for name, content in files.items():
        (tmp_path / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    proc = run_cli("baseline", "-o", "bl.json", *args, cwd=tmp_path)
    assert proc.returncode == status, proc.stderr
    assert (tmp_path / "bl.json").exists() == (status == 0)
    if status:
        assert proc.stderr.splitlines()[-1] == "error: not everything could be checked; no baseline written"
