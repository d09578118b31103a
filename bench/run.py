"""Performance benchmark: throughput, LanguageTool cost, latency, memory and growth.

Usage: python bench/run.py [--mb 10] [--lt-mb 1] [--repeats 3] [--skip-lt]
       [--growth-mb 1,10,100] [--growth-lt-mb 10,100] [--lt-only]

Its Targets section is issue 16's "Done when" list, each a ratio against the peer measured in
the same run; other checks follow apart. Sizes keep one run around 20-30 minutes on 2 cores:
the rules-only throughput corpora are ~10 MB each (3 timed rounds, each running every
tool once in a rotated order, so that the machine's slow spells fall on every tool alike); the LanguageTool
corpus is ~1 MB, checked once per scenario, because LanguageTool checks only about 30-60 KB/s on
2 cores; growth runs rules only at 1, 10 and 100 MB (1 GB with --growth-mb 1,10,100,1000: 20
more minutes) and with LanguageTool at 10 and 100 MB (result cache on: see bench/growth.py).
Timings are wall-clock medians; memory is the peak RSS of the measured process (from wait4, or
the process's own VmHWM for growth) and of the LanguageTool JVM (VmHWM). Generated corpora live
in bench/.work/ (git-ignored); results go to stdout, bench/results/bench.md and bench.json (and
lt.md, growth.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import growth  # noqa: E402
import tools  # noqa: E402
from tools import ROOT, RESULTS, WORK  # noqa: E402

SEEDS = ROOT / "seeds"
CLEAN = tools.BENCH / "corpus" / "clean"
PLAIN_DIR = WORK / "bench" / "plain"
MD_DIR = WORK / "bench" / "markdown"
LT_DIR = WORK / "bench" / "lt"
LT_SEEDS_DIR = WORK / "bench" / "lt-seeds"
DEVNULL = subprocess.DEVNULL
MB = 1_000_000
#: LanguageTool's request limit used by typolint (lint/engines/languagetool/engine.py MAX_CHUNK).
FLOOR_CHUNK = 10_000
FLOOR_WORKERS = 4


# --------------------------------------------------------------------------- measuring

def measure(cmd: list[str], stdin: int | None = DEVNULL) -> tuple[float, int, int]:
    """Run ``cmd``; return (wall seconds, peak RSS in KiB of the process and its waited children, exit code)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=stdin, stdout=DEVNULL, stderr=DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, int(usage.ru_maxrss), proc.returncode


def median_run(cmd: list[str], repeats: int, ok: set[int]) -> dict:
    """Median wall time and the largest peak RSS over ``repeats`` runs; raises on a bad exit."""
    return interleaved({"": (cmd, ok)}, repeats)[""]


def interleaved(cmds: dict[str, tuple[list[str], set[int]]], repeats: int) -> dict[str, dict]:
    """``median_run`` of several commands, run in rounds (each round runs every command once,
    the order rotated from round to round), so that a slow spell of the machine (a virtual
    machine's CPUs vary from minute to minute) falls on every tool alike, not on one tool's runs."""
    names = list(cmds)
    times: dict[str, list[float]] = {n: [] for n in names}
    rss: dict[str, list[int]] = {n: [] for n in names}
    for k in range(repeats):
        for name in names[k % len(names):] + names[: k % len(names)]:
            cmd, ok = cmds[name]
            seconds, maxrss, code = measure(cmd)
            if code not in ok:
                raise RuntimeError(f"{Path(cmd[0]).name} exited {code}: {' '.join(cmd[:6])} ...")
            times[name].append(seconds)
            rss[name].append(maxrss)
    return {n: {"seconds": statistics.median(times[n]), "runs": [round(t, 3) for t in times[n]],
                "rss_mib": max(rss[n]) / 1024} for n in names}


def size_of(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in paths)


# --------------------------------------------------------------------------- corpora

def sentences() -> list[str]:
    """Sentences of the clean corpus and the seeds, for generated documents."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CLEAN.glob("*.txt")))
    text += "\n" + "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    out = []
    for para in text.split("\n"):
        out += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", para.strip()) if len(s) > 40]
    return out


def make_plain(target_bytes: int, files: int = 96) -> list[Path]:
    """The seeds replicated into ``files`` files of equal size, ~``target_bytes`` in all."""
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    per_file = max(1, round(target_bytes / files / len(seeds.encode())))
    return write_corpus(PLAIN_DIR, [(f"plain_{i:03d}.txt", "\n\n".join([seeds] * per_file))
                                    for i in range(files)])


def readme(rng: random.Random, pool: list[str], target: int) -> str:
    """One README-style Markdown document of about ``target`` bytes."""
    name = rng.choice(["atlas", "borealis", "kestrel", "lumen", "quarry", "tessera", "vireo"])
    parts = [f"# {name.capitalize()}\n", " ".join(rng.sample(pool, 3)) + "\n",
             f"[![build](https://ci.example.org/{name}/badge.svg)](https://ci.example.org/{name})\n"]
    n = 0
    while sum(len(p) for p in parts) < target:
        n += 1
        parts.append(f"## {rng.choice(['Installation', 'Usage', 'Configuration', 'Design', 'FAQ'])} {n}\n")
        parts.append(" ".join(rng.sample(pool, 4)) + "\n")
        parts.append(f"```bash\npip install {name}=={n}.0\n{name} --config ./{name}.toml --jobs 4\n```\n")
        parts.append("\n".join(f"- {s} See [the guide](https://docs.example.org/{name}/{n}) "
                               f"and `{name}.run()`." for s in rng.sample(pool, 3)) + "\n")
        parts.append("| Option | Default | Meaning |\n|---|---|---|\n" + "\n".join(
            f"| `--opt-{k}` | `{k * 3}` | {s} |" for k, s in enumerate(rng.sample(pool, 2))) + "\n")
        parts.append("> " + " ".join(rng.sample(pool, 2)) + "\n")
    return "\n".join(parts)


def make_markdown(target_bytes: int, files: int = 192) -> list[Path]:
    """Generated README-style Markdown documents, ~``target_bytes`` in all."""
    rng, pool = random.Random(7), sentences()
    return write_corpus(MD_DIR, [(f"readme_{i:03d}.md", readme(rng, pool, target_bytes // files))
                                 for i in range(files)])


MONTHS = ("January February March April May June July August September October November "
          "December").split()


def unique_sentences(rng: random.Random, pool: list[str]) -> Iterator[str]:
    """Endless corpus sentences made unique by a dated clause ('..., as noted on 3 May 1987.').

    LanguageTool's server caches results per sentence, so text for a timing must never
    repeat a sentence it has already seen; a random date makes each one new.
    """
    plain = [s for s in pool if s.endswith(".") and not s.endswith("..")]
    while True:
        s = rng.choice(plain)
        date = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(1900, 2099)}"
        yield f"{s[:-1]}, as noted on {date}."


def make_lt_corpus(folder: Path, target_bytes: int, nonce: int) -> list[Path]:
    """~``target_bytes`` of prose in 20 KB files, with sentences no server has seen (per ``nonce``)."""
    gen = unique_sentences(random.Random(nonce), sentences())
    docs, size = [], 0
    while size < target_bytes:
        paras = [" ".join(next(gen) for _ in range(4)) for _ in range(min(30, target_bytes // 700 + 1))]
        text = "\n\n".join(paras) + "\n"
        docs.append((f"doc_{len(docs):03d}.txt", text))
        size += len(text.encode())
    return write_corpus(folder, docs)


def write_corpus(folder: Path, docs: list[tuple[str, str]]) -> list[Path]:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = []
    for name, text in docs:
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths


def change_one_paragraph(path: Path, nonce: int) -> None:
    """Rewrite the first paragraph of ``path`` (a new sentence order and a new number)."""
    paras = path.read_text(encoding="utf-8").split("\n\n")
    words = paras[0].split(". ")
    random.Random(nonce).shuffle(words)
    paras[0] = f"In {1000 + nonce % 9000} the text changed. " + ". ".join(words)
    path.write_text("\n\n".join(paras), encoding="utf-8")


# --------------------------------------------------------------------------- LanguageTool server

def typolint(*args: str) -> list[str]:
    return [str(tools.typolint_bin()), *args]


def server_cli(action: str) -> subprocess.CompletedProcess[str] | None:
    """``typolint server ACTION``, or None if this typolint has no such command."""
    out = subprocess.run(typolint("server", action), capture_output=True, text=True, timeout=300)
    if out.returncode == 2 and "No such command" in out.stderr:
        return None
    return out


def server_status() -> tuple[str | None, int | None]:
    """(URL, JVM pid) of the running server, parsed from ``typolint server status``.

    Falls back to the project's recorded server state if the command does not exist.
    """
    out = server_cli("status")
    if out is not None:
        text = out.stdout + out.stderr
        url = re.search(r"https?://[\w.\-]+:\d+", text)
        pid = re.search(r"jvm[ _-]?pid\W+(\d+)", text, re.I) or re.search(r"\bjvm\b\D*?(\d{2,})", text, re.I)
        if url:
            return url[0], int(pid[1]) if pid else None
    try:
        from lint.engines.languagetool import server  # type: ignore[import-not-found]
        state = server.read_state()
        if state is not None and server.is_running(state):
            return state.url, state.jvm_pid
    except Exception:  # noqa: BLE001 - any failure here means 'unknown'
        pass
    return None, None


def server_stop() -> None:
    if server_cli("stop") is None:
        from lint.engines.languagetool import server  # type: ignore[import-not-found]
        server.stop_server()
    time.sleep(0.5)


def server_restart(probe: Path) -> float:
    """Stop the server and start a fresh one; return the start-up time in seconds.

    Uses ``typolint server start``; an older typolint starts it by checking a tiny file.
    """
    server_stop()
    if server_cli("status") is not None:
        seconds, _, code = measure(typolint("server", "start"))
    else:
        seconds, _, code = measure(typolint("check", "--no-cache", str(probe)))
    if code not in (0, 1):
        raise RuntimeError(f"typolint check exited {code} while starting the server")
    return seconds


def jvm_peak_mib(pid: int | None) -> float | None:
    """Peak resident memory (VmHWM) of the JVM in MiB."""
    if pid is None:
        return None
    try:
        for row in Path(f"/proc/{pid}/status").read_text().splitlines():
            if row.startswith("VmHWM"):
                return int(row.split()[1]) / 1024
    except OSError:
        pass
    return None


def floor_params() -> dict[str, str]:
    """The request parameters typolint sends by default (language, disabled rules and
    categories), so the floor asks LanguageTool for the same work."""
    params = {"language": "en-US"}
    try:
        from lint.engines.languagetool.engine import (  # type: ignore[import-not-found]
            DEFAULT_DISABLED_CATEGORIES, DEFAULT_DISABLED_RULES)
        for key, names in (("disabledRules", DEFAULT_DISABLED_RULES), ("disabledCategories", DEFAULT_DISABLED_CATEGORIES)):
            if names:
                params[key] = ",".join(sorted(names))
    except Exception:  # noqa: BLE001 - an older typolint: plain defaults
        pass
    return params


def floor_check(url: str, paths: list[Path]) -> float:
    """Seconds for raw POST /v2/check of the same text, in chunks like typolint's, 4 at a time."""
    chunks = []
    for p in paths:
        text, start = p.read_text(encoding="utf-8"), 0
        while start < len(text):
            cut = min(len(text), start + FLOOR_CHUNK)
            if cut < len(text):
                cut = max(text.rfind("\n\n", start, cut) + 2, start + 1) if "\n\n" in text[start:cut] else cut
            chunks.append(text[start:cut])
            start = cut
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    params = floor_params()

    def post(text: str) -> int:
        data = urllib.parse.urlencode({**params, "text": text}).encode()
        with opener.open(f"{url}/v2/check", data=data, timeout=600) as resp:
            return len(json.load(resp)["matches"])

    t0 = time.perf_counter()
    with ThreadPoolExecutor(FLOOR_WORKERS) as pool:
        list(pool.map(post, chunks))
    return time.perf_counter() - t0


def warm_server(probe: Path) -> tuple[str | None, int | None]:
    """Restart the server, then warm its JIT with ~30 KB of text unrelated to any timed corpus."""
    server_restart(probe)
    url, jvm = server_status()
    warm = make_lt_corpus(WORK / "bench" / "warm-up", 30_000, nonce=random.randrange(10**9))
    if url:
        floor_check(url, warm)
    else:  # no URL to talk to: warm it through typolint instead
        measure(typolint("check", "--no-cache", *map(str, warm)))
    return url, jvm


def lt_scenarios(name: str, variants: list[list[Path]], probe: Path, after_warm=None) -> dict:
    """Cold, warm, floor, cached and one-changed-paragraph timings for one corpus.

    ``variants``: one file list, or three equivalent ones (same generator, different
    sentences) for cold, warm and floor. With three, the running server has never seen
    the text it is timed on, so no restart is needed; with one (the fixed seeds) the
    server is restarted and warmed up on other text before the warm and floor runs.
    ``after_warm`` runs while the server is warm (the pre-commit latency measurement).
    """
    cold_paths, warm_paths, floor_paths = variants if len(variants) == 3 else variants * 3
    fresh = len(variants) == 3
    files = [str(p) for p in warm_paths]
    res: dict = {"corpus": name, "bytes": size_of(warm_paths), "files": len(warm_paths)}
    server_stop()
    res["cold"], rss, code = measure(typolint("check", "--no-cache", *map(str, cold_paths)))
    if code not in (0, 1):
        raise RuntimeError(f"cold typolint check exited {code} (3 = LanguageTool failure; "
                           "is it installed? `make languagetool`)")
    res["cold_rss_mib"] = rss / 1024
    if not fresh:
        warm_server(probe)
    # Fresh text may write the result cache on the warm run; the seeds may already be cached.
    res["warm"], rss, _ = measure(typolint("check", *([] if fresh else ["--no-cache"]), *files))
    res["warm_rss_mib"] = rss / 1024
    if after_warm is not None:
        after_warm()
    peaks = [jvm_peak_mib(server_status()[1])]  # VmHWM of this server so far
    url, jvm = server_status() if fresh else warm_server(probe)
    res["server_url_found"] = url is not None
    res["floor"] = floor_check(url, floor_paths) if url else None
    res["jvm_peak_mib"] = max(filter(None, [*peaks, jvm_peak_mib(jvm)]), default=None)
    if not fresh:
        measure(typolint("check", *files))  # populate typolint's result cache
    res["cached"], _, _ = measure(typolint("check", *files))
    change_one_paragraph(warm_paths[0], nonce=int(time.time()))
    res["changed"], _, _ = measure(typolint("check", *files))
    return res


# --------------------------------------------------------------------------- LanguageTool focus

def jvm_cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds the JVM has used so far (0 when unknown)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, TypeError, IndexError, ValueError):
        return 0.0


def words_in(paths: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in paths)


def cold_start(probe: Path, repeats: int) -> list[float]:
    """Seconds from a stopped server to the first LanguageTool result of ``typolint check`` on
    a one-sentence file (JVM start, warm-up and the check itself), ``repeats`` times."""
    times = []
    for _ in range(repeats):
        server_stop()
        seconds, _, code = measure(typolint("check", "--no-cache", str(probe)))
        if code not in (0, 1):
            raise RuntimeError(f"cold typolint check exited {code}")
        times.append(seconds)
    return times


def client_cpu_seconds() -> float:
    """CPU seconds of this process and its waited-for children (the client side of a check)."""
    import resource

    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


def timed_check(pid: int | None, run) -> dict:
    """Wall, JVM CPU and client CPU seconds of ``run()``."""
    cpu0, own0, t0 = jvm_cpu_seconds(pid), client_cpu_seconds(), time.perf_counter()
    run()
    return {"seconds": time.perf_counter() - t0, "jvm_cpu": jvm_cpu_seconds(pid) - cpu0,
            "client_cpu": client_cpu_seconds() - own0}


def lt_against_floor(size: int, repeats: int, probe: Path) -> dict:
    """typolint (``--no-cache``) against raw ``POST /v2/check`` of equivalent unseen text on the same
    warm server, alternating which goes first, ``repeats`` pairs; words per second per core."""
    url, jvm = warm_server(probe)
    if url is None:
        raise RuntimeError("server URL not found via `typolint server status`")
    # 30 KB leave the JIT compiling through the first timed run (measured: whichever ran first
    # took 1.5x the JVM CPU of the second); warm it on ~150 KB more of other text. Even then the
    # first timed run (always typolint) took 2.2x the JVM CPU of the floor after it, and 1.1x in
    # the next pair: so ~300 KB more go through typolint itself, untimed, before the pairs.
    floor_check(url, make_lt_corpus(WORK / "bench" / "warm-up-focus", 150_000, nonce=random.randrange(10**9)))
    warm = make_lt_corpus(WORK / "bench" / "warm-up-typolint", 300_000, nonce=random.randrange(10**9))
    measure(typolint("check", "--no-cache", *map(str, warm)))
    pairs = []
    for k in range(repeats):
        nonce = random.randrange(10**9)
        mine, floor = (make_lt_corpus(LT_DIR / f"focus-{v}", size, nonce=nonce + i) for i, v in enumerate("ab"))
        runs = {"typolint": lambda: measure(typolint("check", "--no-cache", *map(str, mine))),
                "floor": lambda: floor_check(url, floor)}
        order = ["typolint", "floor"] if k % 2 == 0 else ["floor", "typolint"]
        pair = {name: timed_check(jvm, runs[name]) for name in order}
        pair["words"] = {"typolint": words_in(mine), "floor": words_in(floor)}
        pairs.append(pair)
    ratios = [p["typolint"]["seconds"] / p["floor"]["seconds"] for p in pairs]
    floor_cpu = sum(p["floor"]["jvm_cpu"] for p in pairs)
    floor_wall = sum(p["floor"]["seconds"] for p in pairs)
    words = sum(p["words"]["floor"] for p in pairs)
    return {"bytes": size_of(mine), "pairs": pairs, "ratio": statistics.median(ratios), "ratios": ratios,
            "words_per_cpu_second": words / floor_cpu if floor_cpu else None,
            "words_per_second_per_core": words / floor_wall / (os.cpu_count() or 1),
            "jvm_pid": jvm}


def single_file(repeats: int = 10) -> dict:
    """Warm runs on one ~5 KB generated Markdown file with one paragraph changed before each run
    (so LanguageTool checks it), median of ``repeats``; rules only and codespell beside."""
    one = WORK / "bench" / "single" / "README.md"
    one.parent.mkdir(parents=True, exist_ok=True)
    text = readme(random.Random(11), sentences(), 4_700)
    cmds = {"typolint": typolint("check", str(one)),
            "typolint --no-languagetool": typolint("check", "--no-languagetool", str(one)),
            "codespell": tools.command("codespell", [one])}
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for i in range(repeats):  # in rounds, the order rotated, as ``interleaved`` does
        for name in list(cmds)[i % 3:] + list(cmds)[: i % 3]:
            paras = text.split("\n\n")
            paras[1] = f"In {random.randrange(10**6)} the text changed. " + paras[1]
            one.write_text("\n\n".join(paras), encoding="utf-8")
            times[name].append(measure(cmds[name])[0])
    rows: dict = {name: {"seconds": statistics.median(t), "runs": t} for name, t in times.items()}
    rows["bytes"] = one.stat().st_size
    return rows


def lt_focus(size: int, repeats: int) -> dict:
    """The LanguageTool numbers of issue 16: cold start to first result, typolint against the raw
    server on the same text size in the same run, words per second per core, and the warm
    single-file latency. Leaves the server stopped."""
    probe = WORK / "bench" / "probe.txt"
    probe.parent.mkdir(parents=True, exist_ok=True)
    probe.write_text("This is a short probe that starts the server.\n", encoding="utf-8")
    out: dict = {"cold_start": cold_start(probe, 3)}
    out["vs_floor"] = lt_against_floor(size, repeats, probe)
    out["single_file"] = single_file()
    server_stop()
    return out


def render_focus(r: dict, date: str) -> str:
    """bench/results/lt.md from ``lt_focus``'s result."""
    v, sf = r["vs_floor"], r["single_file"]
    out = ["# LanguageTool: typolint against the raw server", "",
           f"Generated by `python bench/run.py --lt-only` (also part of `make bench`) on {date}, "
           f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the end.", "",
           f"## Warm server, {v['bytes'] / MB:.2f} MB of unseen prose, cache off", "",
           "typolint: `typolint check --no-cache` on the files; floor: raw `POST /v2/check` of "
           f"equivalent unseen text in ≤10,000-character chunks, {FLOOR_WORKERS} concurrent. "
           "Each pair runs back to back on the same warm server, alternating which goes first; "
           "JVM CPU is the server's user+system time during the run.", "",
           "| pair | typolint | floor | typolint ÷ floor | JVM CPU typolint | JVM CPU floor | client CPU typolint | client CPU floor |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for i, p in enumerate(v["pairs"], 1):
        t, f = p["typolint"], p["floor"]
        out.append(f"| {i} | {fmt_s(t['seconds'])} | {fmt_s(f['seconds'])} | {t['seconds'] / f['seconds']:.2f}× | "
                   f"{t['jvm_cpu']:.1f} s | {f['jvm_cpu']:.1f} s | {t['client_cpu']:.1f} s | {f['client_cpu']:.1f} s |")
    wpc = v["words_per_cpu_second"]
    out += ["", f"Median typolint ÷ floor: **{v['ratio']:.2f}×** (target ≤ 1.10×).", "",
            f"LanguageTool words per second per core: {v['words_per_second_per_core']:.0f} (wall clock, "
            f"floor words ÷ seconds ÷ {os.cpu_count()} CPUs); "
            + (f"{wpc:.0f} words per JVM CPU second." if wpc else "JVM CPU not measured."), "",
            "## Cold start", "",
            "Server stopped, then `typolint check --no-cache` on a one-sentence file: JVM start, "
            "warm-up and the first result: " + ", ".join(fmt_s(t) for t in r["cold_start"]) + ". "
            "The managed server uses the JDK's default archive of its own classes; class data sharing "
            "for LanguageTool's classes (AppCDS) needs an explicit class path and a server jar without "
            "its manifest `Class-Path`: see `bench/lt_appcds.py` and the section on it below.", "",
            f"## Warm single-file run ({sf['bytes'] / 1000:.1f} KB Markdown, one paragraph changed per run)", "",
            "| command | median | runs |", "|---|---:|---|"]
    for name in ("typolint", "typolint --no-languagetool", "codespell"):
        out.append(f"| {name} | {fmt_s(sf[name]['seconds'])} | {', '.join(fmt_s(t) for t in sf[name]['runs'])} |")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- report

def fmt_s(x: float | None) -> str:
    return "–" if x is None else (f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s")


def verdict(ok: bool | None) -> str:
    return "SKIP" if ok is None else ("PASS" if ok else "FAIL")


def eval_targets() -> list[tuple[str, bool | None, str]]:
    """Recall and clean-text targets, read from bench/results/eval.json (written by make eval)."""
    path = RESULTS / "eval.json"
    if not path.exists():
        return [("eval recall >= 95% / <= 1 FP per 1,000 words", None, "run `make eval` first")]
    report = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for tool in ("typolint-lt", "typolint-rules"):
        entry = report["tools"].get(tool, {})
        if entry.get("status") != "ok":
            rows.append((f"{tool}: eval", None, "not evaluated"))
            continue
        scores = entry["scores"]
        classes = [c for c in scores if c not in ("all injected", "seeds")]
        worst = min(classes, key=lambda c: scores[c]["recall"])
        overall = scores["all injected"]["recall"]
        rows.append((f"{tool}: recall >= 95% on every injected class", scores[worst]["recall"] >= 0.95,
                     f"overall {overall:.1%}, lowest {worst} {scores[worst]['recall']:.1%} "
                     f"(eval of {report['date']})"))
        fp = entry["clean"]["per_1000"]
        rows.append((f"{tool}: <= 1 FP per 1,000 words of clean text", fp <= 1.0,
                     f"{fp:.2f} per 1,000 words ({entry['clean']['findings']} findings)"))
    return rows


def render(r: dict) -> str:
    m = r["machine"]
    out = ["# typolint performance benchmark", "",
           f"Generated by `make bench` (bench/run.py) on {r['date']}.", "",
           f"Machine: {m['nproc']} CPUs, {m['cpu']}, {m['ram']} RAM, {m['os']}, Python {m['python']}.",
           "", "Versions: " + "; ".join(f"{k} {v}" for k, v in r["versions"].items()) + ".", "",
           "## Rules-only throughput (`typolint check --no-languagetool`)", "",
           f"Median of {r['repeats']} runs, wall clock, whole process including start-up; the tools run in rounds, "
           "one run of each per round in a rotated order.", "",
           "| corpus | size | tool | time | MB/s | typolint ÷ tool | peak RSS |",
           "|---|---:|---|---:|---:|---:|---:|"]
    for corpus, rows in r["throughput"].items():
        mine = rows["typolint"]["mbps"]
        for tool, row in rows.items():
            ratio = "–" if tool == "typolint" else f"{mine / row['mbps']:.2f}×"
            out.append(f"| {corpus} | {rows[tool]['mb']:.1f} MB | {tool} | {fmt_s(row['seconds'])} | "
                       f"{row['mbps']:.2f} | {ratio} | {row['rss_mib']:.0f} MiB |")
    out += ["", "## Growth (bench/growth.py; also in growth.md)", "",
            "Rules only: the seeds replicated into ~1 MB plain files; main process = its own VmHWM at exit.", "",
            *growth.table(r["growth"]["rows"])]
    if r["growth"]["lt_rows"]:
        out += ["", "With LanguageTool: copies of 1 MB of unseen prose, result cache on, warm server.", "",
                *growth.table(r["growth"]["lt_rows"])]
    if r.get("lt"):
        out += ["", "## LanguageTool cost", "",
                "cold: server stopped first, `--no-cache`; warm: server running and warmed up "
                "on other text, never on this text; floor: raw `POST /v2/check` of equivalent "
                f"unseen text in ≤10,000-character chunks, {FLOOR_WORKERS} concurrent, to the "
                "warm server; cached: re-run with typolint's result cache filled; changed: one "
                "paragraph edited, cache on. One run each (a full check is slow). The generated "
                "corpus has three equivalent variants (cold, warm, floor) with sentences the "
                "server has never seen; the seeds are fixed, so the server is restarted and "
                "warmed up on other text before their warm and floor runs.", "",
                "| corpus | size | cold | warm | floor | warm ÷ floor | cached | cached ÷ cold | "
                "changed | JVM peak |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for x in r["lt"]:
            ratio = f"{x['warm'] / x['floor']:.2f}×" if x.get("floor") else "–"
            jvm = f"{x['jvm_peak_mib']:.0f} MiB" if x.get("jvm_peak_mib") else "–"
            out.append(f"| {x['corpus']} | {x['bytes'] / MB:.2f} MB | {fmt_s(x['cold'])} | "
                       f"{fmt_s(x['warm'])} | {fmt_s(x.get('floor'))} | {ratio} | {fmt_s(x['cached'])} | "
                       f"{x['cached'] / x['cold']:.1%} | {fmt_s(x['changed'])} | {jvm} |")
        out += ["", f"Python process peak RSS with LanguageTool: "
                + ", ".join(f"{x['corpus']} {x['warm_rss_mib']:.0f} MiB" for x in r["lt"]) + "."]
    out += ["", "## Latency", "", "| what | median | runs |", "|---|---:|---|"]
    for name, row in r["latency"].items():
        out.append(f"| {name} | {fmt_s(row['seconds'])} | {', '.join(fmt_s(t) for t in row['runs'])} |")
    out += ["", "## Targets (issue 16, each measured in this run)", ""]
    out += [f"- **{verdict(v)}** {name}: {detail}" for name, v, detail in r["targets"]]
    out += ["", "## Other checks", ""]
    out += [f"- **{verdict(v)}** {name}: {detail}" for name, v, detail in r["other_checks"]]
    out += ["", "## Notes", ""] + [f"- {n}" for n in r["notes"]]
    return "\n".join(out) + "\n"


def isolate_server() -> str:
    """Give the benchmark its own cache folder, LanguageTool server and result cache.

    Stopping and restarting the shared server would disturb anyone else using typolint on
    this machine, and their checks would disturb the timings. The LanguageTool jars are
    shared (TYPOLINT_LT_HOME), so nothing is downloaded again.
    """
    try:
        from lint.engines.languagetool.install import lt_home  # type: ignore[import-not-found]
        home = lt_home()
    except Exception as exc:  # noqa: BLE001 - an older typolint: fall back to the shared server
        return f"shared LanguageTool server used (could not isolate: {exc})"
    os.environ.setdefault("TYPOLINT_LT_HOME", str(home))
    os.environ["TYPOLINT_CACHE_DIR"] = str(WORK / "cache")
    return f"private cache and server in {os.environ['TYPOLINT_CACHE_DIR']} (jars: {home})"


def write_focus(args: argparse.Namespace) -> dict:
    """Run the LanguageTool focus, write bench/results/lt.md and lt.json; return the result."""
    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    result = lt_focus(int(args.lt_mb * MB), args.lt_repeats)
    text = render_focus(result, date)
    print(text)
    (RESULTS / "lt.md").write_text(text, encoding="utf-8")
    (RESULTS / "lt.json").write_text(json.dumps({"date": date, **result}, indent=1, default=str), encoding="utf-8")
    return result


def focus_targets(focus: dict | None) -> list[tuple[str, bool | None, str]]:
    """Issue 16's LanguageTool and single-file targets, from ``lt_focus``'s result (None: not measured)."""
    names = ("typolint with LanguageTool <= 1.10x raw HTTP (1 MB, warm server, cache off)",
             "LanguageTool words per second per core recorded", "cold start to the first result recorded",
             "warm single-file run, 5 KB Markdown, with LanguageTool <= 0.5 s (median of 10)",
             "warm single-file run, 5 KB Markdown, rules only <= 0.25 s (median of 10)")
    if focus is None:
        return [(name, None, "skipped") for name in names]
    v, sf, cold = focus["vs_floor"], focus["single_file"], focus["cold_start"]
    spell = sf["codespell"]["seconds"]
    lt, rules = sf["typolint"]["seconds"], sf["typolint --no-languagetool"]["seconds"]
    wpc = v.get("words_per_cpu_second")
    cpu = ", ".join(f"{p['typolint']['jvm_cpu'] / p['floor']['jvm_cpu']:.2f}" for p in v["pairs"] if p["floor"]["jvm_cpu"])
    return [(names[0], v["ratio"] <= 1.10,
             f"{v['ratio']:.2f}x (pairs: {', '.join(f'{x:.2f}' for x in v['ratios'])}; JVM CPU {cpu}x), see lt.md"),
            (names[1], v["words_per_second_per_core"] > 0,
             f"{v['words_per_second_per_core']:.0f} words/s per core (raw server, wall)"
             + (f"; {wpc:.0f} words per JVM CPU second" if wpc else "")),
            (names[2], bool(cold), ", ".join(fmt_s(t) for t in cold) + " (server stopped, one-sentence file)"),
            (names[3], lt <= 0.5, f"{fmt_s(lt)}; codespell {fmt_s(spell)} ({lt / spell:.1f}x codespell)"),
            (names[4], rules <= 0.25, f"{fmt_s(rules)}; codespell {fmt_s(spell)} ({rules / spell:.1f}x codespell)")]


def sizes_of(text: str) -> list[int]:
    """Sizes in MB from a comma-separated list ('1,10,100')."""
    return sorted(int(x) for x in text.split(",") if x.strip())


def write_growth(rows: dict, date: str, load: tuple[float, float, float]) -> None:
    """bench/results/growth.md and growth.json from this run's growth measurements (``load``: at their start)."""
    meta = {"date": date, "load": load, "load_end": os.getloadavg()}
    (RESULTS / "growth.md").write_text(growth.render(rows["rows"], rows["lt_rows"], meta), encoding="utf-8")
    (RESULTS / "growth.json").write_text(json.dumps({"meta": meta, **rows}, indent=2) + "\n", encoding="utf-8")


def issue16_targets(report: dict, focus: dict | None) -> list[tuple[str, bool | None, str]]:
    """Issue 16's "Done when" list, each a ratio against its peer measured in this run."""
    out: list[tuple[str, bool | None, str]] = []
    for corpus, floor in (("plain (seeds replicated)", 1.0), ("markdown (generated READMEs)", 0.5)):
        rows = report["throughput"][corpus]
        ratio = rows["typolint"]["mbps"] / rows["codespell"]["mbps"]
        out.append((f"rules-only throughput >= {floor:.1f}x codespell, {corpus.split()[0]}", ratio >= floor,
                    f"{ratio:.2f}x ({rows['typolint']['mbps']:.2f} vs {rows['codespell']['mbps']:.2f} MB/s)"))
    out += focus_targets(focus)
    out += growth.targets(report["growth"]["rows"], report["growth"]["lt_rows"])
    return out


def other_checks(report: dict) -> list[tuple[str, bool | None, str]]:
    """Informative checks beyond issue 16: cached re-runs, --version, recall and clean text."""
    big = report["lt"][-1] if report["lt"] else None
    out = [("cached re-run <= 10% of cold (LanguageTool corpus)",
            None if big is None else big["cached"] <= 0.10 * big["cold"],
            "–" if big is None else f"{fmt_s(big['cached'])} vs {fmt_s(big['cold'])} ({big['cached'] / big['cold']:.1%})")]
    ver = report["latency"]["typolint --version"]["seconds"]
    out.append(("typolint --version < 150 ms", ver < 0.150, fmt_s(ver)))
    return out + eval_targets()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="size of each throughput corpus")
    ap.add_argument("--lt-mb", type=float, default=1.0, help="size of the LanguageTool corpus")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--skip-lt", action="store_true", help="skip the LanguageTool scenarios")
    ap.add_argument("--lt-only", action="store_true", help="only the LanguageTool focus: bench/results/lt.md")
    ap.add_argument("--lt-repeats", type=int, default=4, help="typolint/floor pairs in the focus (even, so that each goes "
                    "first as often as the other)")
    ap.add_argument("--growth-mb", default="1,10,100", help="rules-only growth sizes in MB (1000 = 1 GB)")
    ap.add_argument("--growth-lt-mb", default="10,100", help="growth sizes with LanguageTool in MB ('' to skip)")
    ap.add_argument("--out", default=str(RESULTS / "bench.md"))
    args = ap.parse_args(argv)
    started = time.perf_counter()
    load_start = f"{os.getloadavg()[0]:.1f}"
    tools.ensure_peers()
    notes: list[str] = [isolate_server()]
    focus = None
    if args.lt_only or not args.skip_lt:
        try:
            focus = write_focus(args)
        except (RuntimeError, OSError, urllib.error.URLError) as exc:
            if args.lt_only:
                raise
            notes.append(f"LanguageTool focus (lt.md) failed: {exc}")
    if args.lt_only:
        return 0
    # One untimed run first, so that one-off set-up (the lexicon cache) is not timed.
    measure(typolint("check", "--no-languagetool", str(sorted(SEEDS.glob("*.txt"))[0])))
    report: dict = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                    "machine": tools.machine_info(), "repeats": args.repeats, "notes": notes,
                    "versions": {t: tools.tool_version(t) for t in ("typolint", "codespell", "typos")}}
    log = lambda msg: print(f"[{time.perf_counter() - started:6.0f}s] {msg}", file=sys.stderr)  # noqa: E731

    # Throughput: each tool over the same explicit file list.
    corpora = {"plain (seeds replicated)": make_plain(int(args.mb * MB)),
               "markdown (generated READMEs)": make_markdown(int(args.mb * MB))}
    report["throughput"] = {}
    for corpus, paths in corpora.items():
        files, mb = [str(p) for p in paths], size_of(paths) / MB
        cmds = {"typolint": (typolint("check", "--no-languagetool", *files), {0, 1}),
                "codespell": (tools.command("codespell", paths), tools.OK_CODES["codespell"]),
                "typos": (tools.command("typos", paths), tools.OK_CODES["typos"])}
        log(f"throughput: {', '.join(cmds)} on {corpus} ({mb:.1f} MB), {args.repeats} rounds")
        rows = {tool: {**row, "mb": mb, "mbps": mb / row["seconds"]}
                for tool, row in interleaved(cmds, args.repeats).items()}
        report["throughput"][corpus] = rows

    # Growth, rules only (bench/growth.py): 1 MB to 100 MB by default, 1 GB with --growth-mb 1,10,100,1000.
    log(f"growth: rules only at {args.growth_mb} MB")
    growth_load = os.getloadavg()
    # --growth-mb '' skips it (and leaves growth.md as it is).
    report["growth"] = {"rows": growth.grow(sizes_of(args.growth_mb)) if sizes_of(args.growth_mb) else [], "lt_rows": []}

    # Latency: --version, and a pre-commit style run on one changed file with the server warm.
    report["latency"] = {}
    log("latency: --version")
    report["latency"]["typolint --version"] = median_run(typolint("--version"), 10, {0})
    log("latency: rules only, one file")
    report["latency"]["rules only (--no-languagetool), one seed file"] = median_run(
        typolint("check", "--no-languagetool", str(sorted(SEEDS.glob("*.txt"))[1])), 5, {0, 1})
    probe = WORK / "bench" / "probe.txt"
    probe.write_text("This is a short probe that starts the server.\n", encoding="utf-8")
    report["lt"] = []
    if not args.skip_lt:
        def precommit() -> None:
            log("latency: pre-commit run on one changed file, server warm")
            one = WORK / "bench" / "precommit" / "article.txt"
            one.parent.mkdir(parents=True, exist_ok=True)
            times = []
            for i in range(5):
                shutil.copy(sorted(SEEDS.glob("*.txt"))[1], one)
                change_one_paragraph(one, nonce=int(time.time() * 1000) + i)
                times.append(measure(typolint("check", str(one)))[0])
            report["latency"]["pre-commit: one changed file, server warm"] = {
                "seconds": statistics.median(times), "runs": times}

        seeds_copy = write_corpus(LT_SEEDS_DIR, [(p.name, p.read_text(encoding="utf-8"))
                                                 for p in sorted(SEEDS.glob("*.txt"))])
        nonce = int(time.time())
        big = [make_lt_corpus(LT_DIR / v, int(args.lt_mb * MB), nonce=nonce + k)
               for k, v in enumerate(("cold", "warm", "floor"))]
        for name, variants, hook in (("seeds/", [seeds_copy], precommit),
                                     (f"~{args.lt_mb:g} MB generated prose", big, None)):
            log(f"LanguageTool: {name}")
            try:
                report["lt"].append(lt_scenarios(name, variants, probe, hook))
            except (RuntimeError, OSError, urllib.error.URLError) as exc:
                notes.append(f"LanguageTool scenarios on {name} failed: {exc}")
        if any(not x.get("server_url_found") for x in report["lt"]):
            notes.append("server URL not found via `typolint server status`: floor not measured")
    else:
        notes.append("LanguageTool scenarios skipped (--skip-lt)")

    if not args.skip_lt and args.growth_lt_mb:
        log(f"growth: with LanguageTool at {args.growth_lt_mb} MB")
        try:
            report["growth"]["lt_rows"] = growth.grow_lt(sizes_of(args.growth_lt_mb))
        except (RuntimeError, OSError) as exc:
            notes.append(f"LanguageTool growth failed: {exc}")
    if report["growth"]["rows"] or report["growth"]["lt_rows"]:
        write_growth(report["growth"], report["date"], growth_load)

    if not args.skip_lt:
        log("language server: didChange and didOpen latencies (bench/lsp_bench.py)")
        try:
            import lsp_bench  # noqa: PLC0415 - needs pygls, only for this scenario

            lsp_bench.main([])  # writes bench/results/lsp.md and lsp.json
        except (ImportError, RuntimeError, OSError) as exc:
            notes.append(f"language-server latencies failed: {exc}")
        server_stop()  # the private server would otherwise idle for half an hour

    # Targets: issue 16's "Done when" list, then other checks.
    targets = issue16_targets(report, focus)
    report["other_checks"] = other_checks(report)
    report["targets"] = targets
    notes.append(f"whole benchmark took {time.perf_counter() - started:.0f} s; load average at the "
                 f"start {load_start}, at the end {os.getloadavg()[0]:.1f} (1 min) on "
                 f"{os.cpu_count()} CPUs: other work on the machine inflates wall times")

    text = render(report)
    print(text)
    for name, ok, detail in targets + report["other_checks"]:
        print(f"{verdict(ok)}: {name}: {detail}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
