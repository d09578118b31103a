"""Dask integration: a real `dask scheduler` and two `dask worker` processes on 127.0.0.1.

The findings through the cluster must equal a local run's, byte for byte, on seeds/ and on a
record file built from them, also when a worker is killed mid-run. LanguageTool is real: the
workers use the host's managed server (the one the CLI tests use).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import ROOT, run_cli

DASK = str(Path(sys.executable).parent / "dask")
STARTUP = 90.0


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen
    workers: list[subprocess.Popen]


def _spawn(args: list[str], log: Path) -> subprocess.Popen:
    # A session of its own, so that cleaning up kills exactly this process group and no other.
    with open(log, "wb") as out:
        return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


@contextmanager
def dask_cluster(folder: Path) -> Iterator[Cluster]:
    """A scheduler and two single-threaded workers (no nanny: a killed worker stays dead)."""
    scheduler_file = folder / "scheduler.json"
    procs: list[subprocess.Popen] = []
    try:
        scheduler = _spawn([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                            "--scheduler-file", str(scheduler_file)], folder / "scheduler.log")
        procs.append(scheduler)
        address = _wait_for_address(scheduler_file, scheduler)
        workers = [
            _spawn([DASK, "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny",
                    "--no-dashboard", "--name", f"w{i}"], folder / f"worker{i}.log")
            for i in range(2)
        ]
        procs.extend(workers)
        _wait_for_workers(address, 2)
        yield Cluster(address, scheduler, workers)
    finally:
        for proc in reversed(procs):
            _stop(proc)


def _wait_for_address(path: Path, proc: subprocess.Popen) -> str:
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        if path.exists():
            try:
                return json.loads(path.read_text())["address"]
            except (ValueError, KeyError):
                pass
        assert proc.poll() is None, "the dask scheduler exited"
        time.sleep(0.1)
    raise AssertionError("the dask scheduler did not start")


def _wait_for_workers(address: str, n: int) -> None:
    from distributed import Client

    with Client(address, timeout=STARTUP) as client:
        client.wait_for_workers(n, timeout=STARTUP)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[Cluster]:
    with dask_cluster(tmp_path_factory.mktemp("dask")) as running:
        yield running


def _paragraph_records() -> list[dict]:
    """Every seed whole (id = its name) and each of its paragraphs (id = name/pN)."""
    records = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        records.append({"id": path.name, "text": text})
        records += [{"id": f"{path.name}/p{i}", "text": p} for i, p in enumerate(text.split("\n\n")) if p.strip()]
    return records


@pytest.fixture(scope="module")
def records_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("records") / "seeds.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for record in _paragraph_records():
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        fh.write(json.dumps({"id": "broken", "body": "no text"}) + "\n")
    return path


def _sorted_lines(text: str) -> list[str]:
    return sorted(text.splitlines())


def test_seeds_through_dask_equal_a_local_run(cluster: Cluster):
    local = run_cli("check", "--format", "json", "seeds/")
    remote = run_cli("check", "--format", "json", "--executor", "dask", "--scheduler", cluster.address, "seeds/")
    assert remote.returncode == local.returncode == 1, remote.stderr
    assert json.loads(local.stdout)["findings"], "the seeds have findings"
    assert _sorted_lines(remote.stdout) == _sorted_lines(local.stdout)
    assert remote.stdout == local.stdout  # same order too
    text_local = run_cli("check", "seeds/")
    text_remote = run_cli("check", "--executor", "dask", "--scheduler", cluster.address, "seeds/")
    assert text_remote.stdout == text_local.stdout


def test_records_through_dask_equal_a_local_run(cluster: Cluster, records_file: Path, tmp_path: Path):
    args = ["check", "--records", str(records_file), "--batch-size", "3", "--summary"]
    local = run_cli(*args, "--output", str(tmp_path / "local.jsonl"))
    remote = run_cli(*args, "--output", str(tmp_path / "remote.jsonl"), "--executor", "dask", "--scheduler", cluster.address)
    assert remote.returncode == local.returncode == 2  # the broken record
    assert remote.stderr == local.stderr == "error: " + str(records_file) + ": record broken: text field 'text' is missing\n"
    local_rows = (tmp_path / "local.jsonl").read_bytes()
    remote_rows = (tmp_path / "remote.jsonl").read_bytes()
    assert sorted(remote_rows.splitlines()) == sorted(local_rows.splitlines())
    assert remote_rows == local_rows  # written in the same order
    assert local_rows.count(b'"kind": "finding"') > 10


def test_whole_seed_records_have_the_findings_of_the_files(records_file: Path):
    by_file = json.loads(run_cli("check", "--format", "json", "seeds/").stdout)["findings"]
    by_record = json.loads(run_cli("check", "--format", "json", "--records", str(records_file)).stdout)["findings"]
    def key(f, name):
        return (name, f["line"], f["column"], f["end_line"], f["end_column"], f["rule"], f["message"])
    files = sorted(key(f, Path(f["path"]).name) for f in by_file)
    records = sorted(key(f, f["record"]) for f in by_record if "/" not in f["record"])
    assert records == files


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(tmp_path: Path):
    from distributed import Client

    from lint.config import Config, LanguageToolConfig
    from lint.corpus import check_records
    from lint.distributed import DaskExecutor, LanguageToolPlugin

    # No result cache: every shard really asks LanguageTool, so the run lasts long enough to kill.
    config = Config(languagetool=LanguageToolConfig(cache=False))
    records = _paragraph_records()
    expected = list(check_records(records, config, batch=2))
    with dask_cluster(tmp_path) as running, Client(running.address) as client:
        client.register_plugin(LanguageToolPlugin(config.languagetool))
        pids = client.run(os.getpid)
        results, killed = [], None
        for result in check_records(records, config, batch=2, executor=DaskExecutor(client, window=6)):
            results.append(result)
            # The window refills as results are taken: kill a worker as soon as one has a shard.
            busy = {w: keys for w, keys in client.processing().items() if keys} if killed is None else {}
            if busy:
                killed = max(busy, key=lambda w: len(busy[w]))
                os.kill(pids[killed], signal.SIGKILL)
        assert killed is not None, "no worker was ever busy when a result came in"
        (dead,) = [p for p in running.workers if p.pid == pids[killed]]
        assert dead.wait(10) == -signal.SIGKILL
    assert [r.index for r in results] == list(range(len(records)))
    assert results == expected
