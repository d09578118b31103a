"""Corpus mode on Dask: records per second with 1 and 2 workers, the speed-up, per-worker memory.

Usage: python bench/corpus_scaling.py [--kb 300] [--batch 4]

Each configuration starts a real `dask scheduler` and N `dask worker` processes on 127.0.0.1;
every worker gets a LanguageTool server of its own (``LanguageToolPlugin(private=True)``), and
the result cache is off, so the work is LanguageTool-bound. Records are generated from the clean
corpus and the seeds with sentences no server has seen (bench/run.py ``unique_sentences``).

Two layouts are measured:
- pinned: worker i and the JVM it starts run on CPU i only (``taskset``), so N workers use N
  cores: this is the per-core rate and the scaling a cluster of one worker per core gets;
- unpinned: the operating system places everything, as ``--executor dask --workers N`` does.

Results go to stdout, bench/results/corpus.md and corpus.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tools import RESULTS  # noqa: E402

DASK = str(Path(sys.executable).parent / "dask")
_WORD = re.compile(r"\w+")


def make_records(kb: int, nonce: int) -> list[dict]:
    """~``kb`` KB of prose in records of four paragraphs of four unseen sentences each."""
    import run as bench

    gen = bench.unique_sentences(random.Random(nonce), bench.sentences())
    records, size = [], 0
    while size < kb * 1000:
        text = "\n\n".join(" ".join(next(gen) for _ in range(4)) for _ in range(4))
        records.append({"id": f"r{nonce}-{len(records)}", "text": text})
        size += len(text.encode())
    return records


def _memory() -> dict:
    """In a worker: its own peak RSS and its LanguageTool JVM's peak RSS, in MiB."""
    import resource

    from lint.engines.languagetool.server import read_state

    python = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    state = read_state()
    jvm = None
    if state is not None:
        try:
            status = Path(f"/proc/{state.jvm_pid}/status").read_text()
            jvm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
        except (OSError, AttributeError):
            pass
    return {"python_mib": round(python, 1), "jvm_mib": round(jvm, 1) if jvm else None}


def _cpu_seconds() -> float:
    """In a worker: CPU seconds (user + system) used so far by it and by its LanguageTool JVM."""
    from lint.engines.languagetool.server import read_state

    total = sum(os.times()[:2])
    state = read_state()
    if state is not None:
        try:
            fields = Path(f"/proc/{state.jvm_pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    return total


def _stop_server() -> None:
    from lint.engines.languagetool.server import stop_server

    stop_server()


def start(folder: Path, n: int, pinned: bool, env: dict) -> tuple[str, list[subprocess.Popen]]:
    """A scheduler and ``n`` single-threaded workers (worker i on CPU i when ``pinned``)."""
    sched_file = folder / "scheduler.json"
    procs = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                               "--scheduler-file", str(sched_file)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True, env=env)]
    while not sched_file.exists():
        time.sleep(0.1)
    time.sleep(0.2)
    address = json.loads(sched_file.read_text())["address"]
    for i in range(n):
        cmd = [DASK, "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny",
               "--no-dashboard", "--name", f"w{i}"]
        cmd = ["taskset", "-c", str(i % (os.cpu_count() or 1)), *cmd] if pinned else cmd
        procs.append(subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                      start_new_session=True, env=env))
    return address, procs


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in reversed(procs):
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def measure(n: int, pinned: bool, kb: int, batch: int) -> dict:
    """Records/s, words/s and per-worker memory of one layout, after a warm-up run."""
    from distributed import Client

    from lint.config import Config, LanguageToolConfig
    from lint.engines.languagetool.install import lt_home

    folder = Path(tempfile.mkdtemp(prefix="typolint-corpus-bench-"))
    env = {**os.environ, "TYPOLINT_CACHE_DIR": str(folder / "cache"), "TYPOLINT_LT_HOME": str(lt_home())}
    # A short idle timeout: a server left by an interrupted run stops by itself.
    config = Config(languagetool=LanguageToolConfig(cache=False, idle_timeout=120))
    address, procs = start(folder, n, pinned, env)
    try:
        with Client(address, timeout=60) as client:
            try:
                return _timed(client, config, n, pinned, kb, batch)
            finally:
                client.run(_stop_server)
    finally:
        stop(procs)
        shutil.rmtree(folder, ignore_errors=True)


def _timed(client, config, n: int, pinned: bool, kb: int, batch: int) -> dict:
    """Start the servers, warm them up, then time one run over fresh records."""
    from lint.corpus import check_records
    from lint.distributed import DaskExecutor, LanguageToolPlugin

    client.wait_for_workers(n, timeout=120)
    t0 = time.perf_counter()
    client.register_plugin(LanguageToolPlugin(config.languagetool, private=True))
    server_start = time.perf_counter() - t0
    warm = make_records(max(20, kb // 10), nonce=1000 + n)
    sum(1 for _ in check_records(warm, config, batch=batch, executor=DaskExecutor(client)))
    records = make_records(kb, nonce=n * 10 + pinned)
    words = sum(len(_WORD.findall(r["text"])) for r in records)
    load = os.getloadavg()[0]
    cpu0 = sum(client.run(_cpu_seconds).values())
    t0 = time.perf_counter()
    results = list(check_records(records, config, batch=batch, executor=DaskExecutor(client)))
    elapsed = time.perf_counter() - t0
    cpu = sum(client.run(_cpu_seconds).values()) - cpu0
    assert len(results) == len(records) and not any(r.errors for r in results)
    memory = sorted(client.run(_memory).values(), key=lambda m: m["python_mib"])
    size = sum(len(r["text"].encode()) for r in records)
    return {"workers": n, "pinned": pinned, "records": len(records), "kb": round(size / 1000), "words": words,
            "seconds": round(elapsed, 2), "records_per_s": round(len(records) / elapsed, 2),
            "words_per_s": round(words / elapsed), "server_start_s": round(server_start, 1), "memory": memory,
            "findings": sum(len(r.findings) for r in results), "load_before": round(load, 1),
            "cpu_seconds": round(cpu, 1), "words_per_cpu_s": round(words / cpu) if cpu else None}


def render(runs: list[dict], meta: dict) -> str:
    lines = [
        "# Corpus mode on Dask: scaling", "",
        f"Run {meta['date']} on {meta['cpus']} cores; `python bench/corpus_scaling.py --kb {meta['kb']} --batch {meta['batch']}`.",
        "Every worker has its own LanguageTool server; the result cache is off (LanguageTool-bound work).",
        "Pinned: worker i and its JVM on CPU i (`taskset`). Unpinned: as `--executor dask --workers N`.", "",
        "Load: the 1-minute load average just before each timed run (other work on the machine).",
        "CPU s: CPU time of the workers and their JVMs during the timed run; words per CPU second do",
        "not depend on what else runs on the machine, so they show the rate a free core gives.", "",
        "| layout | workers | records | KB | seconds | records/s | words/s | speed-up | CPU s | words per CPU s | Python RSS per worker (MiB) | JVM RSS per worker (MiB) | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    base = {r["pinned"]: r["records_per_s"] for r in runs if r["workers"] == 1}
    for r in runs:
        speed = r["records_per_s"] / base[r["pinned"]]
        py = ", ".join(f"{m['python_mib']:.0f}" for m in r["memory"])
        jvm = ", ".join(f"{m['jvm_mib']:.0f}" if m["jvm_mib"] else "?" for m in r["memory"])
        lines.append(f"| {'pinned' if r['pinned'] else 'unpinned'} | {r['workers']} | {r['records']} | {r['kb']} | "
                     f"{r['seconds']:.1f} | {r['records_per_s']:.2f} | {r['words_per_s']} | {speed:.2f}x | {r['cpu_seconds']} | {r['words_per_cpu_s']} | {py} | {jvm} | {r['load_before']} |")
    one = next(r for r in runs if r["workers"] == 1 and r["pinned"])
    per_hour = one["words_per_s"] * 3600 / 1e6
    lines += ["", f"Per core (pinned, 1 worker): {one['words_per_s']} words/s = {per_hour:.2f} million words per hour "
              f"at the measured load; {one['words_per_cpu_s']} words per CPU second = "
              f"{one['words_per_cpu_s'] * 3600 / 1e6:.2f} million words per hour on a free core.",
              f"Target for 2 workers on 2 cores: >= 1.7x; measured (pinned): "
              f"{next(r['records_per_s'] for r in runs if r['workers'] == 2 and r['pinned']) / one['records_per_s']:.2f}x.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=300, help="KB of records per timed run")
    parser.add_argument("--batch", type=int, default=4, help="records per shard")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up the cluster when stopped
    if shutil.which("taskset") is None:
        print("taskset is missing (util-linux); the pinned layout needs it", file=sys.stderr)
        return 2
    runs = []
    for pinned in (True, False):
        for n in (1, 2):
            runs.append(measure(n, pinned, args.kb, args.batch))
            print(json.dumps(runs[-1]), flush=True)
    meta = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "cpus": os.cpu_count(),
            "kb": args.kb, "batch": args.batch}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "corpus.json").write_text(json.dumps({"meta": meta, "runs": runs}, indent=2) + "\n", encoding="utf-8")
    text = render(runs, meta)
    (RESULTS / "corpus.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
