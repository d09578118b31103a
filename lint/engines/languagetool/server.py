"""The shared local LanguageTool server: find it, start it through its supervisor, stop it, report on it.

One detached supervisor process (``lint.engines.languagetool.supervisor``, its own session) owns the
JVM, listens on 127.0.0.1 only, writes ``state.json`` once the server answers, and stops the JVM
after ``idle_timeout`` seconds in which no client touched ``last-used``. Clients start it under
an exclusive ``flock`` so that concurrent runs share one server; stale state (dead pids, a
server that does not answer) is cleaned up under the same lock.

Only our own JVM may answer (issue 12): the state folder is private (0700, files 0600), the
port is chosen inside the private properties file (the JVM's command line says ``--port 0``),
and a client trusts a server only when the listening socket on its port is the one the state
records and belongs to the recorded JVM, checked through ``/proc``. Processes are stopped only
when they are verifiably ours: same user, same start time, and the command line of this
instance.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from lint.engines import EngineError
from lint.engines.languagetool.install import LT_VERSION, InstallError, cache_root, require_installation

STARTUP_TIMEOUT = 120.0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Turn every redirect into an error: our server never redirects."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


#: Reaches our own server directly: no proxy from the environment, no redirects.
DIRECT_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


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
    #: Start times of the supervisor and the JVM, in clock ticks after boot (/proc/PID/stat field 22).
    supervisor_start: int = 0
    jvm_start: int = 0
    #: Inode of the JVM's listening socket on ``port`` (/proc/net/tcp).
    inode: int = 0

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


def private_dir() -> Path:
    """Create the state folder (mode 0700) and return it; EngineError if it is not ours."""
    folder = state_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise EngineError(f"{folder} is not a folder of the current user; remove it and run again")
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(folder, 0o700)
    return folder


def open_private(path: Path, flags: int) -> int:
    """``os.open`` with mode 0600, never through a link; an existing file is narrowed to 0600."""
    fd = os.open(path, flags | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    os.fchmod(fd, 0o600)
    return fd


def read_state() -> ServerState | None:
    """Return the recorded server state, or None when there is none or it is unreadable."""
    try:
        data = json.loads(state_path().read_text(encoding="utf-8"))
        state = ServerState(**data)
    except (OSError, ValueError, TypeError):
        return None
    ints = (state.pid, state.jvm_pid, state.port, state.supervisor_start, state.jvm_start, state.inode)
    if not all(type(v) is int and v >= 0 for v in ints) or not all(isinstance(v, str) for v in (state.version, state.log, state.heap)):
        return None
    return state


def write_state(state: ServerState) -> None:
    """Record ``state`` atomically (write a private temporary file, then rename it)."""
    tmp = private_dir() / f".state.{os.getpid()}"
    tmp.unlink(missing_ok=True)
    with os.fdopen(open_private(tmp, os.O_WRONLY | os.O_TRUNC), "w", encoding="utf-8") as fh:
        fh.write(json.dumps(asdict(state)))
    os.replace(tmp, state_path())


def touch() -> None:
    """Mark the shared server as used now, which postpones its idle shutdown."""
    private_dir()
    os.close(open_private(stamp_path(), os.O_WRONLY))
    os.utime(stamp_path())


def pid_alive(pid: int) -> bool:
    """True when ``pid`` is a live process (zombies count as dead)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def is_our_jvm(pid: int) -> bool:
    """True when ``pid`` is a LanguageTool HTTPServer JVM of this user (guards against reused pids)."""
    return _cmdline(pid, b"org.languagetool.server.HTTPServer") and _uid(pid) == os.getuid()


def start_time(pid: int) -> int:
    """When ``pid`` started, in clock ticks after boot (0 when it does not exist)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return int(f.read().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return 0


def listening_sockets(pid: int) -> dict[int, int]:
    """Map port -> socket inode of the TCP sockets that ``pid`` listens on at 127.0.0.1."""
    inodes = set()
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return {}
    for fd in fds:
        try:  # a descriptor may close while we look
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.add(int(link[8:-1]))
    found: dict[int, int] = {}
    try:
        rows = Path(f"/proc/{pid}/net/tcp").read_text(encoding="ascii").splitlines()[1:]
    except OSError:
        return {}
    for row in rows:
        fields = row.split()
        local, status, inode = fields[1], fields[3], int(fields[9])
        if status == "0A" and inode in inodes and local.startswith("0100007F:"):
            found[int(local[9:], 16)] = inode
    return found


def verified(state: ServerState) -> bool:
    """True when ``state`` names this instance's live supervisor and JVM, and that JVM still owns
    the recorded listening socket on 127.0.0.1:``port`` (no other process can answer there)."""
    return (
        _ours(state.pid, state.supervisor_start, _supervisor_mark())
        and _ours(state.jvm_pid, state.jvm_start, _jvm_mark())
        and state.inode != 0
        and listening_sockets(state.jvm_pid).get(state.port) == state.inode
    )


def still_serving(state: ServerState) -> bool:
    """After a run: the verified JVM is the same process and still owns the same socket."""
    return start_time(state.jvm_pid) == state.jvm_start and listening_sockets(state.jvm_pid).get(state.port) == state.inode


def _ours(pid: int, started: int, mark: bytes) -> bool:
    """``pid`` is a live process of this user that started at ``started`` and has ``mark`` in its command line."""
    return started != 0 and start_time(pid) == started and _uid(pid) == os.getuid() and _cmdline(pid, mark) and pid_alive(pid)


def _uid(pid: int) -> int | None:
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None


def _cmdline(pid: int, mark: bytes) -> bool:
    try:
        return mark in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _supervisor_mark() -> bytes:
    """What only this instance's supervisor has in its command line."""
    return f"lint.engines.languagetool.supervisor\0--state-dir\0{state_dir()}\0".encode()


def _jvm_mark() -> bytes:
    """What only this instance's JVM has in its command line (its private properties file)."""
    return f"--config\0{state_dir() / 'server.properties'}\0".encode()


def healthy(url: str, timeout: float = 2.0) -> bool:
    """True when ``url``/v2/healthcheck answers 200 within ``timeout`` seconds (no proxy, no redirect)."""
    try:
        with DIRECT_OPENER.open(f"{url.rstrip('/')}/v2/healthcheck", timeout=timeout) as resp:
            return resp.status == 200
    except OSError:
        return False


def is_running(state: ServerState) -> bool:
    """True when the recorded supervisor and JVM are ours, of our version, and the server answers."""
    return (
        state.version == LT_VERSION
        and verified(state)
        and (healthy(state.url) or healthy(state.url, timeout=10.0))  # a busy JVM may answer late
    )


@contextmanager
def locked(timeout: float = STARTUP_TIMEOUT + 30) -> Iterator[None]:
    """Hold the exclusive start/stop lock of the shared server (raises EngineError on timeout)."""
    with os.fdopen(open_private(private_dir() / "lock", os.O_WRONLY), "w") as fh:
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
    """Stop the supervisor and its JVM if they are verifiably ours, and forget the state.

    A pid that is dead, reused, of another user or of another typolint instance is left alone.
    """
    if _ours(state.pid, state.supervisor_start, _supervisor_mark()):
        _signal_and_wait(state.pid, 15.0)
    if _ours(state.jvm_pid, state.jvm_start, _jvm_mark()):
        _signal_and_wait(state.jvm_pid, 10.0)
    state_path().unlink(missing_ok=True)


def _signal_and_wait(pid: int, grace: float) -> None:
    """SIGTERM ``pid``, wait up to ``grace`` seconds, then SIGKILL it."""
    try:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if pid_alive(pid):
            os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _start(heap: str, idle_timeout: int) -> ServerState:
    """Spawn a detached supervisor and wait until it records a healthy server."""
    try:
        require_installation()
    except InstallError as exc:
        raise EngineError(str(exc)) from None
    state_path().unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "lint.engines.languagetool.supervisor", "--state-dir", str(private_dir()),
           "--heap", heap, "--idle-timeout", str(idle_timeout)]
    # Tests that start throw-away servers ask for less warm-up work (TYPOLINT_LT_WARMUP=1).
    cmd += ["--warm-up", os.environ["TYPOLINT_LT_WARMUP"]] if os.environ.get("TYPOLINT_LT_WARMUP", "").isdigit() else []
    rotate_log()
    with os.fdopen(open_private(log_path(), os.O_WRONLY | os.O_APPEND), "ab") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True, env=_env())
    return _wait_for_state(proc)


#: Size of server.log, in bytes, past which it is rotated (one previous log is kept).
LOG_LIMIT = 1_000_000


def rotate_log(limit: int = LOG_LIMIT) -> None:
    """Once server.log is past ``limit`` bytes, copy it to server.log.1 and empty it in place.

    Emptying in place (not renaming) lets a running JVM keep its O_APPEND descriptor, so the
    supervisor can call this while it serves.
    """
    log = log_path()
    try:
        if log.stat().st_size <= limit:
            return
        old = log.with_suffix(".log.1")
        old.unlink(missing_ok=True)
        with open(log, "rb") as src, os.fdopen(open_private(old, os.O_WRONLY | os.O_TRUNC), "wb") as dst:
            shutil.copyfileobj(src, dst)
        os.truncate(log, 0)
    except OSError:
        pass


def _env() -> dict[str, str]:
    """The supervisor's environment: ours, with the cache locations made explicit."""
    from lint.engines.languagetool.install import lt_home

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
