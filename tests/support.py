"""Helpers shared by the test modules: the installed console script and how to run it."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
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


class LoopbackServers:
    """Stand-in HTTP servers on 127.0.0.1 for one test (``start`` one per handler class, which
    gets its ``url``); ``close`` stops them all."""

    def __init__(self) -> None:
        self.servers: list[http.server.ThreadingHTTPServer] = []

    def start(self, handler: type) -> type:
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        self.servers.append(httpd)
        handler.url = f"http://127.0.0.1:{httpd.server_address[1]}"
        return handler

    def close(self) -> None:
        for httpd in self.servers:
            httpd.shutdown()
            httpd.server_close()


def hit_row(*fields: object) -> str:
    """One hit as a line of a recorded list: tab-separated fields, tabs and newlines as spaces."""
    return "\t".join(str(f).replace("\t", " ").replace("\n", " ") for f in fields)


def assert_recorded(rows: list[str], golden: Path, minimum: int) -> None:
    """``rows`` equal the recorded list in ``golden``, byte for byte (with TYPOLINT_UPDATE_HITS=1
    the list is written from ``rows`` first; review its diff). ``minimum``: fewer rows than this
    means an engine that found next to nothing, which must fail whatever the list says."""
    if os.environ.get("TYPOLINT_UPDATE_HITS") == "1":
        golden.write_text("\n".join(rows) + "\n", encoding="utf-8")
    expected = golden.read_text(encoding="utf-8").splitlines()
    assert len(rows) > minimum
    missing = [r for r in expected if r not in set(rows)]
    extra = [r for r in rows if r not in set(expected)]
    assert (missing[:20], extra[:20]) == ([], []), f"{len(missing)} hits lost, {len(extra)} new"
    assert rows == expected
