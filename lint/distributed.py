"""Dask executor: shards of records or files checked on a dask.distributed cluster, in order.

Each worker checks with a LanguageTool server on its own host: a worker plugin starts (or finds)
the managed server when the worker joins, or every worker uses ``languagetool.url`` (the same
address, say ``http://127.0.0.1:8081``, on every host). Only shards and findings cross the network.

Faults: a shard is a pure function of its records, so when a worker dies the scheduler runs its
shards again elsewhere and the client takes exactly one result per shard: nothing is lost or
duplicated. Results are yielded in shard order, whatever order they finish in.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import re
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from lint.config import Config, LanguageToolConfig
from lint.corpus import RecordResult, Shard
from lint.errors import EngineError, UsageError
from lint.model import FileError, Finding, Report
from lint.runner import RunOptions, combine

#: Shards in flight per worker thread. Results are taken in order, so a slow shard at the head
#: holds the window: several per thread keep the other workers busy meanwhile; memory stays
#: bounded by window x batch records.
IN_FLIGHT_PER_THREAD = 4


class LanguageToolPlugin(WorkerPlugin):
    """Makes sure a worker has its LanguageTool server before it takes a shard.

    With ``private``, the worker gets a server (and a result cache) of its own under the cache
    folder, stopped when the worker closes; otherwise workers on one host share the host's
    managed server, as concurrent command-line runs do.
    """

    name = "typolint-languagetool"
    idempotent = True

    def __init__(self, config: LanguageToolConfig, private: bool = False) -> None:
        self.config = config
        self.private = private

    async def setup(self, worker) -> None:
        """Start or find the server (in a thread: it may take a minute and must not block the worker)."""
        if self.private:
            _private_cache(worker.name)
        if self.config.url is None and self.config.enabled:
            from lint.engines.languagetool.server import ensure_server

            await asyncio.to_thread(ensure_server, self.config.heap, self.config.idle_timeout)

    def teardown(self, worker) -> None:
        if self.private and self.config.url is None and self.config.enabled:
            from lint.engines.languagetool.server import stop_server

            stop_server()


def _private_cache(name: object) -> None:
    """Point this worker process at a cache folder of its own, with the shared installation."""
    from lint.engines.languagetool.install import cache_root, lt_home

    home = lt_home()
    folder = cache_root() / "workers" / re.sub(r"[^A-Za-z0-9_.-]", "_", str(name))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["TYPOLINT_LT_HOME"] = str(home)
    os.environ["TYPOLINT_CACHE_DIR"] = str(folder)


class DaskExecutor:
    """Runs shards on a Dask cluster, a bounded window at a time, yielding results in order."""

    def __init__(self, client: Client, window: int | None = None) -> None:
        self.client = client
        threads = sum(client.nthreads().values()) or 1
        self.window = window or max(2, IN_FLIGHT_PER_THREAD * threads)

    def map(self, fn: Callable[[Shard], list[RecordResult]],
            jobs: Iterable[tuple[Shard, list[RecordResult] | None]]) -> Iterator[list[RecordResult]]:
        """``fn`` of every shard without stored results; stored ones are yielded as they are."""
        pending: deque = deque()
        jobs = iter(jobs)
        try:
            while True:
                while len(pending) < self.window and (job := next(jobs, None)) is not None:
                    shard, stored = job
                    pending.append(stored if stored is not None else self._submit(fn, shard))
                if not pending:
                    return
                head = pending.popleft()
                yield head if isinstance(head, list) else _result(head)
        finally:
            for item in pending:
                if not isinstance(item, list):
                    item.cancel()

    def _submit(self, fn, shard):
        # pure=False: two equal shards are two tasks; retries: an exception in the task (not a
        # dead worker, which the scheduler handles by itself) is tried again elsewhere.
        return self.client.submit(fn, shard, pure=False, retries=2, key=f"typolint-shard-{shard.number}-{uuid.uuid4().hex}")


def _result(future):
    """A shard's result; a shard that failed everywhere ends the run as an engine failure."""
    try:
        return future.result()
    except Exception as exc:  # KilledWorker, a lost scheduler, an error inside the task
        raise EngineError(f"Dask could not check a shard: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from None


@contextmanager
def open_executor(config: Config, scheduler: str | None, workers: int | None,
                  private_servers: bool = False) -> Iterator[DaskExecutor]:
    """Connect to ``scheduler`` (``tcp://host:port``) or start a local cluster of ``workers``
    processes on 127.0.0.1, register the LanguageTool plugin, and close it all afterwards."""
    if (scheduler is None) == (workers is None):
        raise UsageError("--executor dask needs either --scheduler tcp://HOST:PORT or --workers N")
    cluster = None
    try:
        if scheduler is None:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address=None, silence_logs=50)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise EngineError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        if config.languagetool.enabled:
            client.register_plugin(LanguageToolPlugin(config.languagetool, private_servers))
        yield DaskExecutor(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --- files --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class FileTask:
    """Checks a shard of files on a worker (which reads them: the files must be on a shared or
    copied file system); returns only findings, errors and the count."""

    config: Config
    options: RunOptions

    def __call__(self, shard: Shard) -> tuple[list[Finding], list[FileError], int]:
        """The findings, errors and number of files checked of one shard of files."""
        from lint.corpus import pipeline_for

        pipeline = pipeline_for(self.config, self.options)  # rules loaded once per worker
        report = combine(pipeline.batches([str(p["path"]) for p in shard.records]))
        return report.findings, report.errors, report.files_checked


def check_files(targets: Sequence[str], config: Config, options: RunOptions, executor: DaskExecutor,
                batch: int) -> Report:
    """Check ``targets`` (files, already discovered) in shards of ``batch`` files on the cluster;
    the report is the one a local run gives (findings sorted the same way)."""
    from lint.corpus import shards

    task = FileTask(config, dataclasses.replace(options, progress=None))
    findings: list[Finding] = []
    errors: list[FileError] = []
    files = 0
    progress = options.progress
    if progress is not None:
        progress.stage("files", len(targets))
    jobs = ((s, None) for s in shards(({"path": t} for t in targets), batch))
    for shard_findings, shard_errors, checked in executor.map(task, jobs):  # type: ignore[arg-type]
        findings += shard_findings
        errors += [e for e in shard_errors if e not in errors]  # an engine failure is reported once
        files += checked
        if progress is not None:
            progress.advance(checked, len(shard_findings))
    if progress is not None:
        progress.close()
    return Report(sorted(findings, key=lambda f: f.sort_key), errors, files)
