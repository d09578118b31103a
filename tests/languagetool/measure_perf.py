"""Time the LanguageTool path end to end through the CLI: cold start, warm check, cached re-run, JVM peak RSS.

Run: ``.venv/bin/python tests/languagetool/measure_perf.py [FILE]``. Uses a temporary cache root
(the jars of the real cache) and stops its server at the end.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lint.engines.languagetool import server
from lint.engines.languagetool.install import lt_home

ROOT = Path(__file__).resolve().parents[2]
TYPOLINT = str(Path(sys.executable).parent / "typolint")


def timed(*args: str) -> float:
    """Seconds one ``typolint`` run takes."""
    started = time.monotonic()
    subprocess.run([TYPOLINT, *args], cwd=ROOT, capture_output=True, check=False)
    return time.monotonic() - started


def peak_rss_mb(pid: int) -> int:
    """VmHWM of ``pid`` in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return -1


def main() -> None:
    target = sys.argv[1] if len(sys.argv) > 1 else "seeds/000_a2cbbdacb43e1ffb.txt"
    os.environ["TYPOLINT_LT_HOME"] = str(lt_home())
    os.environ["TYPOLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="typolint-perf-")
    try:
        print(f"file: {target} ({len((ROOT / target).read_text().split())} words)")
        print(f"rules only (--no-languagetool):      {timed('check', '--no-languagetool', target):6.2f} s")
        print(f"cold: server start + check:          {timed('check', '--no-cache', target):6.2f} s")
        print(f"warm: shared server, no cache:       {timed('check', '--no-cache', target):6.2f} s")
        print(f"warm: all seeds, no cache:           {timed('check', '--no-cache', 'seeds/'):6.2f} s")
        timed("check", target)
        print(f"cached re-run:                       {timed('check', target):6.2f} s")
        state = server.read_state()
        if state is not None:
            print(f"JVM peak RSS (VmHWM):                {peak_rss_mb(state.jvm_pid):6d} MB")
    finally:
        server.stop_server()


if __name__ == "__main__":
    main()
