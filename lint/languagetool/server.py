"""The shared local LanguageTool server: find it, start it through its supervisor, stop it, report on it.

One detached supervisor process (``lint.languagetool.supervisor``, its own session) owns the
JVM, listens on 127.0.0.1 only, writes ``state.json`` once the server answers, and stops the JVM
after ``idle_timeout`` seconds in which no client touched ``last-used``. Clients start it under
an exclusive ``flock`` so that concurrent runs share one server; stale state (dead pids, a
server that does not answer) is cleaned up under the same lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from lint.engines import EngineError
from lint.languagetool.install import LT_VERSION, InstallError, cache_root, require_installation

STARTUP_TIMEOUT = 120.0
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True, slots=True)
class ServerState:
    """What the supervisor records once its server answers: pids, port, version and log file."""

    pid: int
    jvm_pid: int
    port: int
    version: str
    log: str
    heap: str = "1g"
    started: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def state_dir() -> Path:
    """The folder with the shared server's state, lock, idle stamp and logs."""
    return cache_root() / "languagetool-server"


def state_path() -> Path:
    return state_dir() / "state.json"


def log_path() -> Path:
    """The JVM's stdout and stderr; named in every error about the server."""
    return state_dir() / "server.log"


def stamp_path() -> Path:
    """Touched by every client; its mtime is the last use the idle timeout counts from."""
    return state_dir() / "last-used"


def read_state() -> ServerState | None:
    """Return the recorded server state, or None when there is none or it is unreadable."""
    try:
        return ServerState(**json.loads(state_path().read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def write_state(state: ServerState) -> None:
    """Record ``state`` atomically (write a temporary file, then rename it)."""
    tmp = state_dir() / f".state.{os.getpid()}"
    tmp.write_text(json.dumps(asdict(state)), encoding="utf-8")
    os.replace(tmp, state_path())


def touch() -> None:
    """Mark the shared server as used now, which postpones its idle shutdown."""
    stamp_path().touch()


def pid_alive(pid: int) -> bool:
    """True when ``pid`` is a live process (zombies count as dead)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def is_our_jvm(pid: int) -> bool:
    """True when ``pid`` is a LanguageTool HTTPServer JVM (guards against reused pids)."""
    try:
        return b"org.languagetool.server.HTTPServer" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def healthy(url: str, timeout: float = 2.0) -> bool:
    """True when ``url``/v2/healthcheck answers 200 within ``timeout`` seconds."""
    try:
        with _NO_PROXY.open(f"{url.rstrip('/')}/v2/healthcheck", timeout=timeout) as resp:
            return resp.status == 200
    except OSError:
        return False


def is_running(state: ServerState) -> bool:
    """True when the recorded supervisor and JVM are alive, of our version, and the server answers."""
    return (
        state.version == LT_VERSION
        and pid_alive(state.pid)
        and pid_alive(state.jvm_pid)
        and is_our_jvm(state.jvm_pid)
        and (healthy(state.url) or healthy(state.url, timeout=10.0))  # a busy JVM may answer late
    )


@contextmanager
def locked(timeout: float = STARTUP_TIMEOUT + 30) -> Iterator[None]:
    """Hold the exclusive start/stop lock of the shared server (raises EngineError on timeout)."""
    state_dir().mkdir(parents=True, exist_ok=True)
    with open(state_dir() / "lock", "w") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise EngineError(f"timed out waiting for the LanguageTool server lock {state_dir() / 'lock'}") from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_server(heap: str = "1g", idle_timeout: int = 1800) -> ServerState:
    """Return the running shared server, starting it if needed; raise EngineError if it cannot run."""
    with locked():
        state = read_state()
        if state is not None and is_running(state):
            touch()
            return state
        if state is not None:
            _kill(state)
        touch()
        return _start(heap, idle_timeout)


def stop_server() -> ServerState | None:
    """Stop the shared server (supervisor and JVM); return its state, or None if none was recorded."""
    with locked():
        state = read_state()
        if state is not None:
            _kill(state)
        return state


def _kill(state: ServerState) -> None:
    """Stop the supervisor and its JVM and forget the state; dead or foreign pids are left alone."""
    if pid_alive(state.pid) and _is_supervisor(state.pid):
        _signal_and_wait(state.pid, 15.0)
    if pid_alive(state.jvm_pid) and is_our_jvm(state.jvm_pid):
        _signal_and_wait(state.jvm_pid, 10.0)
    state_path().unlink(missing_ok=True)


def _is_supervisor(pid: int) -> bool:
    try:
        return b"lint.languagetool.supervisor" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _signal_and_wait(pid: int, grace: float) -> None:
    """SIGTERM ``pid``, wait up to ``grace`` seconds, then SIGKILL it."""
    try:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if pid_alive(pid):
            os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _start(heap: str, idle_timeout: int) -> ServerState:
    """Spawn a detached supervisor and wait until it records a healthy server."""
    try:
        require_installation()
    except InstallError as exc:
        raise EngineError(str(exc)) from None
    state_path().unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "lint.languagetool.supervisor", "--heap", heap, "--idle-timeout", str(idle_timeout)]
    # Tests that start throw-away servers ask for less warm-up work (TYPOLINT_LT_WARMUP=1).
    cmd += ["--warm-up", os.environ["TYPOLINT_LT_WARMUP"]] if os.environ.get("TYPOLINT_LT_WARMUP", "").isdigit() else []
    _rotate_log()
    with open(log_path(), "ab") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True, env=_env())
    return _wait_for_state(proc)


def _rotate_log(limit: int = 1_000_000) -> None:
    """Keep one previous log once the current one grows past ``limit`` bytes."""
    log = log_path()
    if log.exists() and log.stat().st_size > limit:
        os.replace(log, log.with_suffix(".log.1"))


def _env() -> dict[str, str]:
    """The supervisor's environment: ours, with the cache locations made explicit."""
    from lint.languagetool.install import lt_home

    return {**os.environ, "TYPOLINT_CACHE_DIR": str(cache_root()), "TYPOLINT_LT_HOME": str(lt_home())}


def _wait_for_state(proc: subprocess.Popen[bytes]) -> ServerState:
    """Poll for the supervisor's state file; fail with the log path if it exits or takes too long."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        state = read_state()
        if state is not None and state.pid == proc.pid:
            return state
        if proc.poll() is not None:
            raise EngineError(f"LanguageTool server failed to start (exit {proc.returncode}); see {log_path()}")
        time.sleep(0.1)
    _signal_and_wait(proc.pid, 10.0)
    raise EngineError(f"LanguageTool server did not answer within {STARTUP_TIMEOUT:.0f} s; see {log_path()}")
