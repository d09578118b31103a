"""Warm single-file latency (issue 16) without the rest of ``make bench``: the 5 KB Markdown file of
``bench/run.py``'s ``single_file``, one paragraph changed before each run, the LanguageTool server
up. Runs the commands interleaved (one round = each command once), so that the load of the
machine falls on all of them alike, and prints the median wall time and CPU time (user+system)
of each, with the load average.

    python bench/latency.py [--repeats 10] [--compare LABEL=PATH/TO/typolint ...]

``--compare`` adds the same commands run by another typolint (an older checkout's venv), run in
the same rounds as this one's.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from subprocess import DEVNULL

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402
import tools  # noqa: E402


def timed(cmd: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the process and its waited children, exit code)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=DEVNULL, stdout=DEVNULL, stderr=DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - t0, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--compare", action="append", default=[], metavar="LABEL=PATH",
                    help="another typolint console script, run beside this one (repeatable)")
    args = ap.parse_args()
    one = run.WORK / "bench" / "single" / "README.md"
    one.parent.mkdir(parents=True, exist_ok=True)
    text = run.readme(random.Random(11), run.sentences(), 4_700)
    bins = {"": str(tools.typolint_bin())} | {f"{c.split('=', 1)[0]}: ": c.split("=", 1)[1] for c in args.compare}
    commands: dict[str, list[str]] = {}
    for tag, exe in bins.items():
        commands[f"{tag}typolint"] = [exe, "check", str(one)]
        commands[f"{tag}typolint --no-languagetool"] = [exe, "check", "--no-languagetool", str(one)]
        commands[f"{tag}typolint --version"] = [exe, "--version"]
    commands["codespell"] = tools.command("codespell", [one])
    rows: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    load = os.getloadavg()
    for _ in commands:  # warm-up round: the server's cache, the file system cache
        subprocess.run(commands[_], stdout=DEVNULL, stderr=DEVNULL)
    for k in range(args.repeats):
        names = list(commands) if k % 2 == 0 else list(reversed(commands))
        for name in names:
            paras = text.split("\n\n")
            paras[1] = f"In {random.randrange(10**6)} the text changed. " + paras[1]
            one.write_text("\n\n".join(paras), encoding="utf-8")
            wall, cpu, code = timed(commands[name])
            if code not in (0, 1):
                raise SystemExit(f"{name} exited {code}")
            rows[name].append((wall, cpu))
    print(f"{one.stat().st_size} bytes; {os.cpu_count()} CPUs; load {load[0]:.2f} at the start, "
          f"{os.getloadavg()[0]:.2f} at the end; median of {args.repeats}")
    print(f"| command | wall | CPU | wall runs |\n|---|---:|---:|---|")
    for name, runs in rows.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"| {name} | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms | "
              f"{', '.join(f'{w * 1000:.0f}' for w, _ in runs)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
