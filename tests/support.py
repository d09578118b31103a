"""Helpers shared by the test modules: the installed console script and how to run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).parent / "typolint"


def run_cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None, env: dict | None = None):
    """Run the installed ``typolint`` console script; return the CompletedProcess (text output)."""
    proc = subprocess.run(
        [str(SCRIPT), *args],
        cwd=cwd or ROOT,
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )
    proc.stdout = proc.stdout.decode("utf-8")  # type: ignore[assignment]
    proc.stderr = proc.stderr.decode("utf-8")  # type: ignore[assignment]
    return proc


def run_json(*args: str, **kwargs):
    proc = run_cli("check", "--format", "json", *args, **kwargs)
    return proc, json.loads(proc.stdout) if proc.stdout.strip() else None
