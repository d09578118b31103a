"""Shared by bench/eval.py and bench/run.py: peer installation, tool commands, output parsing.

Every tool's output is turned into :class:`Span` records. A span is on one line;
``col`` and ``end_col`` are 1-based and counted in code points, ``end_col``
exclusive (the same convention as typolint's JSON ``column``/``end_column``).
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"
RESULTS = BENCH / "results"
PEER_VENV = BENCH / ".venv"

#: Peers and helpers for the benchmark, installed from PyPI into bench/.venv, never
#: into the project venv. Pinned so that numbers are comparable between runs.
PEER_REQUIREMENTS = (
    "codespell==2.4.3",      # GPL-2.0-only
    "typos==1.52.0",         # MIT OR Apache-2.0 (wheel ships the Rust binary)
    "proselint==0.16.0",     # BSD-3-Clause
    "english-words==2.0.2",  # MIT; word lists: web2 (public domain), GCIDE (GPL-3.0)
)

#: A very large column, used for a finding that runs on past the end of a line.
EOL = 10**9


@dataclass(frozen=True, slots=True)
class Span:
    """One finding on one line: 1-based ``line``, 1-based code-point columns, end exclusive."""

    path: str
    line: int
    col: int
    end_col: int
    rule: str


def peer_bin(name: str) -> Path:
    """Path of an executable installed in the peer venv."""
    return PEER_VENV / "bin" / name


def ensure_peers() -> None:
    """Create bench/.venv and install the pinned peers unless that was already done."""
    stamp = PEER_VENV / ".requirements"
    wanted = "\n".join(PEER_REQUIREMENTS)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not (PEER_VENV / "bin" / "python").exists():
        print(f"creating {PEER_VENV.relative_to(ROOT)} for the peer tools", file=sys.stderr)
        venv.create(PEER_VENV, with_pip=True)
    subprocess.run(
        [str(PEER_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", *PEER_REQUIREMENTS],
        check=True,
    )
    stamp.write_text(wanted)


def typolint_bin() -> Path:
    """The typolint console script of the project venv (falls back to PATH); ``$TYPOLINT_BIN``
    names another one (to measure an older checkout in the same harness)."""
    if os.environ.get("TYPOLINT_BIN"):
        return Path(os.environ["TYPOLINT_BIN"])
    local = ROOT / ".venv" / "bin" / "typolint"
    if local.exists():
        return local
    found = subprocess.run(["which", "typolint"], capture_output=True, text=True).stdout.strip()
    return Path(found) if found else local


def tool_version(tool: str) -> str:
    """One-line version string of a tool, or 'unavailable'."""
    cmd = {
        "codespell": [str(peer_bin("codespell")), "--version"],
        "typos": [str(peer_bin("typos")), "--version"],
        "proselint": [str(peer_bin("proselint")), "version"],
        "typolint": [str(typolint_bin()), "--version"],
    }[tool]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unavailable"
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if text else "unavailable"


# --------------------------------------------------------------------------- commands

def command(tool: str, paths: list[Path]) -> list[str]:
    """Command line that checks ``paths`` with ``tool`` (explicit file paths, no discovery)."""
    files = [str(p) for p in paths]
    tl = str(typolint_bin())
    return {
        "typolint-rules": [tl, "check", "--no-languagetool", "--format", "json", *files],
        "typolint-lt": [tl, "check", "--format", "json", *files],
        "codespell": [str(peer_bin("codespell")), *files],
        # --no-ignore: bench/.work is git-ignored, and typos honours .gitignore.
        "typos": [str(peer_bin("typos")), "--no-ignore", "--format", "json", *files],
        "proselint": [str(peer_bin("proselint")), "check", "-o", "json", *files],
    }[tool]


#: Exit codes that mean "ran fine" for each tool (findings or none).
OK_CODES = {
    "typolint-rules": {0, 1},
    "typolint-lt": {0, 1},
    "codespell": {0, 65},
    "typos": {0, 2},
    "proselint": {0, 1},
}


class ToolError(RuntimeError):
    """A tool exited with an unexpected status."""


def run_tool(tool: str, paths: list[Path], timeout: float = 1800) -> list[Span]:
    """Run ``tool`` on ``paths`` and return its findings as spans."""
    out = subprocess.run(command(tool, paths), capture_output=True, text=True, timeout=timeout)
    if out.returncode not in OK_CODES[tool]:
        tail = (out.stderr or out.stdout).strip().splitlines()[-3:]
        raise ToolError(f"{tool} exited {out.returncode}: {' | '.join(tail)}")
    return PARSERS[tool](out.stdout)


# --------------------------------------------------------------------------- parsers

def _norm(path: str) -> str:
    return str(Path(path).resolve())


def parse_typolint(stdout: str) -> list[Span]:
    """typolint --format json: 1-based line/column, end_column exclusive, code points."""
    data = json.loads(stdout)
    spans: list[Span] = []
    for f in data.get("findings", []):
        path, line, end_line = _norm(f["path"]), int(f["line"]), int(f.get("end_line") or f["line"])
        col, end_col = int(f["column"]), int(f.get("end_column") or f["column"] + 1)
        rule = f"{f.get('source', '')}:{f.get('rule', '')}"
        if end_line == line:
            spans.append(Span(path, line, col, max(end_col, col + 1), rule))
            continue
        spans.append(Span(path, line, col, EOL, rule))
        for mid in range(line + 1, end_line):
            spans.append(Span(path, mid, 1, EOL, rule))
        spans.append(Span(path, end_line, 1, max(end_col, 2), rule))
    return spans


_CODESPELL = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<word>.+?) ==> ")


def parse_codespell(stdout: str) -> list[Span]:
    """codespell prints 'path:line: word ==> fix' without a column: locate the word in the line.

    Repeated hits of the same word on one line take its occurrences in order.
    """
    spans: list[Span] = []
    seen: dict[tuple[str, int, str], int] = {}
    lines_cache: dict[str, list[str]] = {}
    for raw in stdout.splitlines():
        m = _CODESPELL.match(raw)
        if not m:
            continue
        path, line, word = _norm(m["path"]), int(m["line"]), m["word"]
        if path not in lines_cache:
            lines_cache[path] = Path(path).read_text(encoding="utf-8", errors="replace").split("\n")
        text = lines_cache[path][line - 1] if line - 1 < len(lines_cache[path]) else ""
        hits = [h.start() for h in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)]
        key = (path, line, word)
        nth = seen.get(key, 0)
        seen[key] = nth + 1
        start = hits[nth] if nth < len(hits) else (hits[0] if hits else 0)
        spans.append(Span(path, line, start + 1, start + 1 + len(word), "codespell"))
    return spans


def parse_typos(stdout: str) -> list[Span]:
    """typos --format json: one object per line; byte_offset is a byte offset into the line."""
    spans: list[Span] = []
    lines_cache: dict[str, list[bytes]] = {}
    for raw in stdout.splitlines():
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError:
            continue
        if obj.get("type") != "typo" or not obj.get("line_num"):
            continue
        path, line = _norm(obj["path"]), int(obj["line_num"])
        if path not in lines_cache:
            lines_cache[path] = Path(path).read_bytes().split(b"\n")
        text = lines_cache[path][line - 1] if line - 1 < len(lines_cache[path]) else b""
        col = len(text[: int(obj["byte_offset"])].decode("utf-8", errors="replace")) + 1
        spans.append(Span(path, line, col, col + len(obj["typo"]), "typos"))
    return spans


def parse_proselint(stdout: str) -> list[Span]:
    """proselint -o json: 'pos' is (line, 1-based column); 'span' gives the length."""
    data = json.loads(stdout) if stdout.strip() else {}
    spans: list[Span] = []
    for uri, body in (data.get("result") or {}).items():
        path = _norm(unquote(urlparse(uri).path) if uri.startswith("file:") else uri)
        for d in body.get("diagnostics", []):
            line, col = (int(x) for x in d["pos"])
            length = max(1, int(d["span"][1]) - int(d["span"][0]))
            spans.append(Span(path, line, col, col + length, f"proselint:{d.get('check_path')}"))
    return spans


PARSERS = {
    "typolint-rules": parse_typolint,
    "typolint-lt": parse_typolint,
    "codespell": parse_codespell,
    "typos": parse_typos,
    "proselint": parse_proselint,
}


# --------------------------------------------------------------------------- misc

def count_words(text: str) -> int:
    """Words as `wc -w` counts them (whitespace-separated tokens)."""
    return len(text.split())


def machine_info() -> dict[str, str]:
    """nproc, CPU model, RAM, OS and Python version, for result headers."""
    cpu = platform.processor() or "unknown"
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                cpu = row.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for row in Path("/proc/meminfo").read_text().splitlines():
            if row.startswith("MemTotal"):
                ram = f"{int(row.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }
