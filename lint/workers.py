"""Forked worker processes that keep state between requests: each answers its own requests in order.

``concurrent.futures`` pools hand any task to any process, so a file checked in one request
cannot be finished by the same process in the next. Here the caller names the worker, and a
worker keeps what it needs between requests (lint.runner keeps each checked file in the worker
that read it, until its batch is filtered and rendered there). Requests and replies go through
``multiprocessing`` queues, whose feeder threads never block the sender, so neither side can
deadlock on a full pipe however large a message is.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import signal
from collections.abc import Callable
from typing import Any

#: Seconds between checks that a worker whose reply is awaited is still alive.
_POLL = 0.5


class WorkerFailed(RuntimeError):
    """A worker process died, or its handler raised (the message names the exception)."""


def _serve(requests: Any, replies: Any, handle: Callable[[Any], Any]) -> None:
    """A worker's loop: answer each request with ``handle``'s result until a None request."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle: it stops the workers
    while True:
        request = requests.get()
        if request is None:
            return
        try:
            replies.put((True, handle(request)))
        except BaseException as exc:  # sent back: the main process raises it, with its type
            replies.put((False, f"{type(exc).__name__}: {exc}"))


class Workers:
    """``count`` processes forked from this one (they inherit its state, such as a loaded
    lexicon), each running ``handle`` on the requests sent to it, in order."""

    def __init__(self, count: int, handle: Callable[[Any], Any]) -> None:
        context = mp.get_context("fork")
        self._requests = [context.Queue() for _ in range(count)]
        self._replies = [context.Queue() for _ in range(count)]
        self._processes = [
            context.Process(target=_serve, args=(self._requests[i], self._replies[i], handle), daemon=True)
            for i in range(count)
        ]
        for process in self._processes:
            process.start()

    def __len__(self) -> int:
        return len(self._processes)

    def send(self, worker: int, request: Any) -> None:
        """Queue ``request`` for ``worker`` (returns at once)."""
        self._requests[worker].put(request)

    def receive(self, worker: int) -> Any:
        """The reply to ``worker``'s oldest unanswered request (waits for it). Raises
        WorkerFailed when the worker raised or died."""
        while True:
            try:
                ok, value = self._replies[worker].get(timeout=_POLL)
                break
            except queue.Empty:
                if not self._processes[worker].is_alive():
                    raise WorkerFailed(f"worker process {worker} exited ({self._processes[worker].exitcode})") from None
        if not ok:
            raise WorkerFailed(value)
        return value

    def close(self) -> None:
        """Stop every worker now (a run stopped early does not wait for work in progress)."""
        for requests in self._requests:
            requests.cancel_join_thread()  # never wait at exit to flush requests nobody reads
        for process in self._processes:
            process.terminate()
        for process in self._processes:
            process.join()
        for q in self._requests + self._replies:
            q.close()
