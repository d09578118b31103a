"""Growth: time per MB and peak memory of one `typolint check` run from 1 MB to 1 GB of input.

Usage: python bench/growth.py [--mb 1,10,100] [--lt-mb 10,30]
(add 1000 for 1 GB: about 15-35 minutes on 2 cores, so it is opt-in).

Rules only (``--no-languagetool``): the corpus is the seeds replicated into files of about 1 MB
(bench/.work/growth-PID/, written for the run and deleted after), so every size has the same text and
the same findings per MB; a run on N MB checks the first N files.

With LanguageTool (``--lt-mb``): 1 MB of generated prose that no server has seen, copied into as
many files as the size needs, checked with the result cache on and a warm private server. The
server checks each paragraph once (the copies are answered from the cache), so a 100 MB run costs
the server's time for 1 MB, while the Python process reads, extracts, rule-checks and builds
LanguageTool hits for every copy: the process whose memory is measured does all its work.

Peak memory is the main Python process's own peak resident set (VmHWM, read by the process
itself at exit: exact, unlike polling), and the peak of the largest process of the tree (from
wait4; from 2 MB on, forked worker processes check, filter and format their share of each 4 MB
batch, and the main process orders and writes their output). Results go to stdout,
bench/results/growth.md and growth.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tools import RESULTS, ROOT, WORK  # noqa: E402

MB = 1_000_000
#: One folder per run (two runs at once must not delete each other's corpus).
FOLDER = WORK / f"growth-{os.getpid()}"
TYPOLINT = Path(sys.executable).parent / "typolint"
#: Runs the console script's entry point in this interpreter and writes the process's own peak
#: resident set (VmHWM, KiB) to the file named by TYPOLINT_HWM_FILE at exit.
_HWM_WRAPPER = (
    "import atexit, os, sys\n"
    "def _hwm():\n"
    "    if os.getpid() != PID: return\n"
    "    kib = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
    "    open(os.environ['TYPOLINT_HWM_FILE'], 'w').write(kib)\n"
    "PID = os.getpid(); atexit.register(_hwm)\n"
    "from lint.cli import main\n"
    "sys.argv[0] = 'typolint'\n"
    "main()\n"
)


def corpus(files: int, folder: Path | None = None) -> list[Path]:
    """``files`` files of ~1 MB each: the seeds joined and repeated (written once, then reused)."""
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    text = "\n\n".join([seeds] * max(1, round(MB / len(seeds.encode()))))
    return copies(text, files, folder or FOLDER, "plain")


def copies(text: str, files: int, folder: Path, stem: str) -> list[Path]:
    """``files`` copies of ``text`` in ``folder`` (reused when already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(files):
        path = folder / f"{stem}_{i:04d}.txt"
        if not path.exists() or path.stat().st_size != len(text.encode()):
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def lt_corpus(files: int, folder: Path) -> list[Path]:
    """``files`` copies of ~1 MB of generated prose with sentences no server has seen."""
    import random

    import run  # the bench's generator of unseen prose

    text = "\n\n".join(p.read_text(encoding="utf-8")
                       for p in run.make_lt_corpus(folder / "unseen", MB, nonce=random.randrange(10**9)))
    return copies(text, files, folder, "prose")


def measure(paths: list[Path], typolint: Path = TYPOLINT, *, languagetool: bool = False) -> dict:
    """One run over ``paths``: wall seconds, main-process and largest-process peak RSS (MiB)."""
    hwm = FOLDER.with_name(FOLDER.name + "-hwm.txt")
    hwm.unlink(missing_ok=True)
    python = typolint.parent / "python"
    flags = ["--quiet"] + ([] if languagetool else ["--no-languagetool"])
    cmd = [str(python), "-c", _HWM_WRAPPER, "check", *flags, *map(str, paths)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            env={**os.environ, "TYPOLINT_HWM_FILE": str(hwm)})
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise RuntimeError(f"typolint exited {code} on {len(paths)} files")
    size = sum(p.stat().st_size for p in paths)
    return {"mb": size / MB, "seconds": seconds, "s_per_mb": seconds / (size / MB),
            "main_rss_mib": int(hwm.read_text()) / 1024, "tree_rss_mib": usage.ru_maxrss / 1024,
            "languagetool": languagetool}


def grow(sizes: list[int], typolint: Path = TYPOLINT) -> list[dict]:
    """Rules-only runs at each size (MB), on a corpus written for them and deleted after."""
    rows = []
    try:
        paths = corpus(max(sizes))
        for n in sizes:
            rows.append(measure(paths[:n], typolint))
            print(json.dumps(rows[-1]), flush=True)
    finally:
        shutil.rmtree(FOLDER, ignore_errors=True)
    return rows


def grow_lt(sizes: list[int], typolint: Path = TYPOLINT) -> list[dict]:
    """LanguageTool runs (cache on, warm private server) at each size (MB); the corpus is deleted after."""
    import run

    folder = FOLDER.with_name(FOLDER.name + "-lt")
    rows = []
    try:
        run.isolate_server()
        paths = lt_corpus(max(sizes), folder)
        measure(paths[:1], typolint, languagetool=True)  # starts the server and fills the cache for the copies
        for n in sizes:
            rows.append(measure(paths[:n], typolint, languagetool=True))
            print(json.dumps(rows[-1]), flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def ratio_rows(rows: list[dict], base_mb: int) -> tuple[dict, dict]:
    """(the row of about ``base_mb`` MB, else the smallest; the largest row)."""
    base = min(rows, key=lambda r: abs(r["mb"] - base_mb))
    return base, max(rows, key=lambda r: r["mb"])


def targets(rows: list[dict], lt_rows: list[dict]) -> list[tuple[str, bool | None, str]]:
    """Issue 16's memory and cost-per-MB targets from rules-only ``rows`` and LanguageTool ``lt_rows``."""
    out: list[tuple[str, bool | None, str]] = []
    if rows:
        ten, last = ratio_rows(rows, 10)
        first = min(rows, key=lambda r: r["mb"])
        rss = last["main_rss_mib"] / ten["main_rss_mib"]
        upto = "" if last["mb"] >= 990 else f"; measured up to {last['mb']:.0f} MB (1 GB: --growth-mb 1,10,1000)"
        out.append(("peak RSS of the Python process, rules only, 1 GB ÷ 10 MB <= 1.2x", rss <= 1.2,
                    f"{rss:.2f}x: {last['main_rss_mib']:.0f} MiB at {last['mb']:.0f} MB, "
                    f"{ten['main_rss_mib']:.0f} MiB at {ten['mb']:.0f} MB{upto}"))
        cost = last["s_per_mb"] / first["s_per_mb"]
        ordered = sorted(rows, key=lambda r: r["mb"])
        sizes = ", ".join(f"{r['mb']:.0f}" for r in ordered)
        out.append(("cost per MB flat or falling from 1 MB to 1 GB (s/MB ratio <= 1.15)", cost <= 1.15,
                    " → ".join(f"{r['s_per_mb']:.3f}" for r in ordered) + f" s/MB at {sizes} MB ({cost:.2f}x){upto}"))
    else:
        out.append(("peak RSS of the Python process, rules only, 1 GB ÷ 10 MB <= 1.2x", None, "not measured"))
    if len(lt_rows) >= 2:
        small, big = min(lt_rows, key=lambda r: r["mb"]), max(lt_rows, key=lambda r: r["mb"])
        rss = big["main_rss_mib"] / small["main_rss_mib"]
        out.append(("peak RSS of the Python process with LanguageTool, 100 MB ÷ 10 MB <= 1.2x", rss <= 1.2,
                    f"{rss:.2f}x: {big['main_rss_mib']:.0f} MiB at {big['mb']:.0f} MB, "
                    f"{small['main_rss_mib']:.0f} MiB at {small['mb']:.0f} MB (cache on, see growth.md)"))
    else:
        out.append(("peak RSS of the Python process with LanguageTool, 100 MB ÷ 10 MB <= 1.2x", None, "not measured"))
    return out


def table(rows: list[dict]) -> list[str]:
    out = ["| size | time | s/MB | MB/s | main process peak RSS | largest process peak RSS |",
           "|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        out.append(f"| {r['mb']:.0f} MB | {r['seconds']:.2f} s | {r['s_per_mb']:.3f} | {1 / r['s_per_mb']:.2f} "
                   f"| {r['main_rss_mib']:.0f} MiB | {r['tree_rss_mib']:.0f} MiB |")
    return out


def render(rows: list[dict], lt_rows: list[dict], meta: dict) -> str:
    out = ["# Growth: time per MB and peak memory", "", f"Generated by `python bench/growth.py` on {meta['date']}; "
           f"load average at the start {meta['load'][0]:.1f}, at the end {meta['load_end'][0]:.1f} (1 min) on "
           f"{os.cpu_count()} CPUs.", "", "## Rules only", "",
           "Plain text (the seeds replicated, ~1 MB files), `typolint check --no-languagetool`, one run per size. "
           "Main process: its own VmHWM at exit.", "", *table(rows)]
    if lt_rows:
        out += ["", "## With LanguageTool", "", "Copies of 1 MB of unseen generated prose, `typolint check` with "
                "the result cache on and a warm private server (each paragraph reaches the server once; every "
                "copy is read, extracted, rule-checked and gets its LanguageTool hits from the cache).", "",
                *table(lt_rows)]
    out += ["", "## Targets", ""]
    out += [f"- **{'SKIP' if ok is None else 'PASS' if ok else 'FAIL'}** {name}: {detail}"
            for name, ok, detail in targets(rows, lt_rows)]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", "--growth-mb", default="1,10,100", help="rules-only sizes in MB, comma-separated (1000 = 1 GB)")
    parser.add_argument("--lt-mb", default="", help="LanguageTool sizes in MB, comma-separated (e.g. 10,100)")
    parser.add_argument("--typolint", type=Path, default=TYPOLINT, help="the typolint executable to measure")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/results alone")
    parser.add_argument("--work", type=Path, default=WORK,
                        help="folder for the generated corpus (deleted after) [default: bench/.work]")
    args = parser.parse_args(argv)
    global FOLDER
    FOLDER = args.work / f"growth-{os.getpid()}"
    meta = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "load": os.getloadavg()}
    rows = grow(sorted(int(s) for s in args.mb.split(",") if s), args.typolint) if args.mb else []
    lt_rows = grow_lt(sorted(int(s) for s in args.lt_mb.split(",") if s), args.typolint) if args.lt_mb else []
    meta["load_end"] = os.getloadavg()
    text = render(rows, lt_rows, meta)
    print(text)
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "growth.json").write_text(json.dumps({"meta": meta, "rows": rows, "lt_rows": lt_rows}, indent=2) + "\n",
                                             encoding="utf-8")
        (RESULTS / "growth.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
