"""Hostile LanguageTool servers, a second local user racing for the port, crafted caches, stale state.

Issue 12: each case ends within 20 s with one ``error:`` line, the right exit status and no
traceback; nothing a foreign process says reaches the findings, the cache or a file.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import LoopbackServers

from lint.config import ConfigError, LanguageToolConfig, load_config
from lint.engines.languagetool import server, supervisor
from lint.engines.languagetool.cache import ResultCache, cache_key, digest
from lint.engines.languagetool.client import Client, Endpoint, TransportError
from lint.engines.languagetool.engine import LanguageToolEngine, split_source
from lint.engines.languagetool.install import require_installation
from lint.source import plain_source
from lt_fixtures import lt_root, private_root, real_lt_home  # noqa: F401  (fixtures)
from support import run_cli

IMPOSTOR = Path(__file__).with_name("impostor.py")
DOC = "A mispeled word in a confidential note: PASSWORD-7f3a.\n\nThe second paragraph is fine.\n"
SECRET = "PASSWORD-7f3a"
CACHE_NAME = "languagetool-results.sqlite3"
CAN_SWITCH_USER = os.geteuid() == 0 and shutil.which("setpriv") is not None


# --- Fake servers on 127.0.0.1 ------------------------------------------------------------


class Hostile(http.server.BaseHTTPRequestHandler):
    """A LanguageTool stand-in that misbehaves as ``mode`` says; counts requests and bytes sent."""

    mode = "ok"
    target = ""
    requests: list[str]
    sent: list[int]
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8", "replace")
        self.requests.append(body)
        getattr(self, f"answer_{self.mode.replace('-', '_')}")()

    do_GET = do_POST

    def head(self, status: int, length: int | None, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        if length is not None:
            self.send_header("Content-Length", str(length))
        else:
            self.send_header("Connection", "close")
        self.end_headers()

    def answer_ok(self) -> None:
        body = b'{"matches": []}'
        self.head(200, len(body))
        self.wfile.write(body)

    def answer_error_500(self) -> None:
        body = b'{"matches": []}'
        self.head(500, len(body))
        self.wfile.write(body)

    def answer_error_503(self) -> None:
        body = b'{"matches": [], "warnings": {}}'
        self.head(503, len(body))
        self.wfile.write(body)

    def answer_redirect(self) -> None:
        self.head(307, 0, {"Location": f"{self.target}/v2/check"})

    def answer_huge(self) -> None:
        """A never-ending JSON answer without Content-Length (2 GB in the original report)."""
        self.head(200, None)
        self.close_connection = True
        block = b'{"matches": [' + b" " * (1 << 20)
        try:
            for _ in range(2048):
                self.wfile.write(block)
                self.sent.append(len(block))
        except OSError:
            pass

    def answer_huge_declared(self) -> None:
        self.head(200, 2 * 1024**3)
        self.wfile.write(b'{"matches": [')

    def answer_slow(self) -> None:
        time.sleep(30)

    def answer_drip(self) -> None:
        """Headers at once, then one byte every 0.3 s: every read succeeds, the whole never ends."""
        self.head(200, 10_000)
        try:
            for _ in range(10_000):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.3)
        except OSError:
            pass

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def hostile() -> Iterator[Any]:
    """Start fake servers: ``hostile(mode, target='')`` returns the handler class (with ``url``)."""
    servers = LoopbackServers()

    def start(mode: str, target: str = "") -> Any:
        return servers.start(type("Handler", (Hostile,), {"mode": mode, "target": target, "requests": [], "sent": []}))

    yield start
    servers.close()


def check_cli(tmp_path: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 2) -> tuple[Any, float]:
    """Run ``typolint check`` on DOC (in ``tmp_path``) with ``languagetool.timeout``; (process, seconds)."""
    doc = tmp_path / "doc.txt"
    doc.write_text(DOC, encoding="utf-8")
    config = tmp_path / "typolint.yaml"
    config.write_text(f"languagetool:\n  timeout: {timeout}\n", encoding="utf-8")
    started = time.monotonic()
    proc = run_cli("check", "--config", str(config), *args, str(doc), cwd=tmp_path, env=env)
    return proc, time.monotonic() - started


def assert_one_error(proc: Any, status: int, reason: str) -> None:
    """Exit ``status``, exactly one ``error:`` line naming ``reason``, no traceback."""
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert proc.returncode == status, proc.stderr
    assert len(errors) == 1 and reason in errors[0], proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("error-500", "HTTP 500"),
        ("error-503", "HTTP 503"),
        ("huge", "over the limit"),
        ("huge-declared", "over the limit"),
        ("slow", "no answer within 2 s"),
        ("drip", "no answer within 2 s"),
    ],
)
def test_hostile_server_is_a_failure_with_exit_3(hostile: Any, tmp_path: Path, mode: str, reason: str) -> None:
    fake = hostile(mode)
    env = {"TYPOLINT_CACHE_DIR": str(tmp_path / "cache")}
    proc, seconds = check_cli(tmp_path, "--languagetool-url", fake.url, env=env)
    assert_one_error(proc, 3, reason)
    assert seconds < 20
    assert fake.requests and "text=" in fake.requests[0]  # the fake really was asked
    assert sum(fake.sent) < 64 * 1024**2  # the client hung up at its limit (16 MiB), not at 2 GB
    assert ResultCache(tmp_path / "cache" / CACHE_NAME, f"url:{fake.url}").get_many(_keys(fake.url)) == {}


def test_redirect_is_refused_and_the_text_never_reaches_its_target(hostile: Any, tmp_path: Path) -> None:
    target = hostile("ok")
    fake = hostile("redirect", target.url)
    proc, seconds = check_cli(tmp_path, "--languagetool-url", fake.url, env={"TYPOLINT_CACHE_DIR": str(tmp_path)})
    assert_one_error(proc, 3, "HTTP 307 redirect refused")
    assert fake.requests and target.requests == [] and seconds < 20


def test_timeout_must_be_a_finite_positive_number(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    for bad in (".nan", ".inf", "0", "-1", "'5'", "true"):
        config.write_text(f"languagetool:\n  timeout: {bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="languagetool.timeout"):
            load_config(config)
    config.write_text("languagetool:\n  timeout: 7\n", encoding="utf-8")
    assert load_config(config).languagetool.timeout == 7.0


def _keys(server_url: str | None) -> list[str]:
    """The cache keys of DOC's paragraphs for a default engine on ``server_url`` (None: managed)."""
    engine = LanguageToolEngine(LanguageToolConfig(url=server_url))
    return [cache_key(c.text, engine.settings()) for c in split_source(0, plain_source(DOC))]


# --- Proxies ----------------------------------------------------------------------------


def test_direct_endpoint_ignores_the_proxy_environment(hostile: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    proxy, target = hostile("error-500"), hostile("ok")
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, proxy.url)
    monkeypatch.setenv("NO_PROXY", "")
    monkeypatch.setenv("no_proxy", "")
    assert Client(Endpoint(target.url, 5, direct=True)).check({"text": "x"}) == []
    assert proxy.requests == [] and target.requests == ["text=x"]
    with pytest.raises(TransportError, match="HTTP 500"):
        Client(Endpoint(target.url, 5, direct=False)).check({"text": "y"})
    assert proxy.requests == ["text=y"]


@pytest.mark.usefixtures("lt_root")
def test_managed_server_is_reached_without_the_proxy(hostile: Any, tmp_path: Path) -> None:
    proxy = hostile("error-500")
    env = {name: proxy.url for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")}
    env.update(NO_PROXY="", no_proxy="")
    proc, _ = check_cli(tmp_path, "--format", "json", env=env, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "lt.MORFOLOGIK_RULE_EN_US" in proc.stdout and proxy.requests == []
    # The same environment does send a check of a user-given server through the proxy.
    state = server.read_state()
    assert state is not None
    proc, _ = check_cli(tmp_path, "--languagetool-url", state.url, env=env, timeout=60)
    assert_one_error(proc, 3, "HTTP 500")
    assert proxy.requests


# --- Private files -------------------------------------------------------------------------


@pytest.mark.usefixtures("lt_root")
def test_state_log_and_cache_files_are_private(tmp_path: Path) -> None:
    proc, _ = check_cli(tmp_path, timeout=60)
    assert proc.returncode == 1, proc.stderr
    folder = server.state_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in ("state.json", "server.log", "server.properties", "lock", "last-used"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    cache = server.cache_root() / CACHE_NAME
    for path in (cache, Path(f"{cache}-wal"), Path(f"{cache}-shm")):
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_log_is_rotated_past_its_size_cap(private_root: Path) -> None:
    server.private_dir()
    server.log_path().write_bytes(b"x" * 2000)
    os.chmod(server.log_path(), 0o644)
    server.rotate_log(limit=1000)
    assert server.log_path().stat().st_size == 0
    assert server.log_path().with_suffix(".log.1").read_bytes() == b"x" * 2000
    assert stat.S_IMODE(server.log_path().with_suffix(".log.1").stat().st_mode) == 0o600
    server.rotate_log(limit=1000)  # small again: nothing happens
    assert server.log_path().with_suffix(".log.1").stat().st_size == 2000


# --- The result cache -----------------------------------------------------------------------


def _plant(path: Path, server_id: str, key: str, matches: list[dict[str, Any]], mode: int = 0o600) -> None:
    """Write a cache file with one row whose digest is right (what a forger with the format can do)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    value = json.dumps(matches)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE matches (key TEXT PRIMARY KEY, server TEXT NOT NULL, value TEXT NOT NULL, digest TEXT NOT NULL)")
        db.execute("PRAGMA user_version=2")
        db.execute("INSERT INTO matches VALUES (?, ?, ?, ?)", (key, server_id, value, digest(key, server_id, value)))
    os.chmod(path, mode)


FORGED = [{"offset": 0, "length": 1, "rule": "IMPOSTOR_RULE", "issueType": "misspelling", "message": "forged", "replacements": ["FORGED"]}]


def test_cache_rows_of_another_server_or_with_a_wrong_digest_are_misses(tmp_path: Path) -> None:
    path = tmp_path / CACHE_NAME
    _plant(path, "url:http://127.0.0.1:9", "k", FORGED)
    assert ResultCache(path, "managed").get_many(["k"]) == {}
    assert ResultCache(path, "url:http://127.0.0.1:9").get_many(["k"]) == {"k": FORGED}
    with sqlite3.connect(path) as db:
        db.execute("UPDATE matches SET value = '[]'")
    assert ResultCache(path, "url:http://127.0.0.1:9").get_many(["k"]) == {}


@pytest.mark.parametrize("damage", ["loose-mode", "foreign-owner", "folder", "symlink", "corrupt-pages", "old-layout"])
def test_doubtful_cache_file_is_rebuilt(tmp_path: Path, damage: str) -> None:
    path = tmp_path / CACHE_NAME
    _plant(path, "managed", "k", FORGED)
    if damage == "loose-mode":
        os.chmod(path, 0o666)
    elif damage == "foreign-owner":
        if os.geteuid() != 0:
            pytest.skip("needs root to give the file to another user")
        os.chown(path, 65534, 65534)
    elif damage in ("folder", "symlink"):
        path.unlink()
        if damage == "folder":
            (path / "inner").mkdir(parents=True)
        else:
            path.symlink_to(tmp_path / "elsewhere")
    elif damage == "corrupt-pages":
        _corrupt(path)
    else:
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA user_version=1")
    cache = ResultCache(path, "managed")
    assert cache.get_many(["k"]) == {}
    cache.put_many({"k": []})
    assert cache.get_many(["k"]) == {"k": []}
    cache.close()
    info = os.lstat(path)
    assert stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o600 and info.st_uid == os.getuid()


def _corrupt(path: Path) -> None:
    """Overwrite every page after the first (the header stays valid) with noise."""
    with sqlite3.connect(path) as db:
        db.executemany("INSERT INTO matches VALUES (?, 'managed', ?, 'x')", [(f"pad{i}", "p" * 500) for i in range(50)])
    data = bytearray(path.read_bytes())
    for i in range(4096, len(data), 7):
        data[i] = (data[i] * 31 + 17) % 256
    path.write_bytes(bytes(data))


@pytest.mark.usefixtures("lt_root")
@pytest.mark.parametrize("damage", ["folder", "corrupt-pages", "forged-loose-mode"])
def test_cli_rebuilds_a_damaged_or_crafted_cache(tmp_path: Path, damage: str) -> None:
    path = server.cache_root() / CACHE_NAME
    expected, _ = check_cli(tmp_path, "--no-cache", "--format", "json", timeout=60)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if damage == "folder":
        (path / "inner").mkdir(parents=True)
    else:
        key = _keys(None)[0]
        _plant(path, "managed", key, FORGED, 0o644 if damage == "forged-loose-mode" else 0o600)
        if damage == "corrupt-pages":
            _corrupt(path)
    proc, seconds = check_cli(tmp_path, "--format", "json", timeout=60)
    assert proc.returncode == expected.returncode == 1 and "Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["findings"] == json.loads(expected.stdout)["findings"]
    assert "forged" not in proc.stdout and "IMPOSTOR" not in proc.stdout and seconds < 20
    assert path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600


# --- A second local user ---------------------------------------------------------------------


def _python_for_nobody() -> str:
    return "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable


def _spawn_as_nobody(*args: str) -> subprocess.Popen[str]:
    cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


@pytest.fixture
def impostor() -> Iterator[Any]:
    """Start impostor.py as ``nobody``: ``impostor(mode, *args)`` returns its record file."""
    if not CAN_SWITCH_USER:
        pytest.skip("needs root and setpriv to run a second local user")
    procs: list[subprocess.Popen[str]] = []
    folder = Path(tempfile.mkdtemp(prefix="typolint-impostor-"))
    folder.chmod(0o777)

    def start(mode: str, *args: str) -> Path:
        record = folder / f"record-{len(procs)}.jsonl"
        proc = _spawn_as_nobody(_python_for_nobody(), str(IMPOSTOR), str(record), mode, *args)
        procs.append(proc)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        return record

    yield start
    for proc in procs:
        proc.kill()
        proc.wait()
    shutil.rmtree(folder, ignore_errors=True)


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_impostor_racing_for_the_port_at_cold_start_gets_nothing(private_root: Path, impostor: Any, tmp_path: Path) -> None:
    record = impostor("watch", str(private_root / "languagetool-server"))
    proc, _ = check_cli(tmp_path, "--format", "json", timeout=60)
    assert proc.returncode == 1, proc.stderr
    rules = {f["rule"] for f in json.loads(proc.stdout)["findings"]}
    assert "lt.MORFOLOGIK_RULE_EN_US" in rules and "lt.IMPOSTOR_RULE" not in rules
    seen = _records(record)
    assert any("with --port 0" in r.get("saw", "") for r in seen), seen  # it watched the JVM start
    assert any("cannot read server.properties" in r.get("saw", "") for r in seen), seen
    assert not [r for r in seen if "request" in r or "content" in r], seen  # no text, no file
    cache = (private_root / CACHE_NAME).read_bytes()
    assert b"forged" not in cache and b"IMPOSTOR" not in cache


def _free_ports() -> int:
    """A port P on 127.0.0.1 with P and P + 1 free right now."""
    for _ in range(50):
        port = supervisor.free_port()
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port + 1))
                return port
            except OSError:
                continue
    pytest.fail("no two adjacent free ports")


def test_port_taken_before_the_jvm_binds_is_never_trusted(private_root: Path, impostor: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    classpath = require_installation().classpath
    server.private_dir()
    port = _free_ports()
    monkeypatch.setattr(supervisor, "free_port", lambda: port)  # the race won: it holds our pick
    record = impostor("listen", str(port))
    launched = supervisor.launch(classpath, "512m", attempts=1)
    assert launched is not None
    jvm, bound, inode = launched
    try:
        assert bound == port + 1 and server.listening_sockets(jvm.pid) == {port + 1: inode}
    finally:
        supervisor.shutdown(jvm)
    both = impostor("listen", str(port + 1))  # now both ports of the range are taken
    started = time.monotonic()
    assert supervisor.launch(classpath, "512m", attempts=1) is None
    assert time.monotonic() - started < 20
    assert not [r for r in _records(record) + _records(both) if "request" in r]  # not even a healthcheck


def test_stale_state_naming_foreign_servers_stops_nothing(private_root: Path, impostor: Any, tmp_path: Path, lt_root: Path) -> None:
    # Another instance's live server (the session's) and a process of another user.
    assert run_cli("server", "start", env={"TYPOLINT_CACHE_DIR": str(lt_root)}).returncode == 0
    other = json.loads((lt_root / "languagetool-server" / "state.json").read_text(encoding="utf-8"))
    foreign = _spawn_as_nobody(_python_for_nobody(), "-c", "import time; time.sleep(120)", "org.languagetool.server.HTTPServer")
    try:
        time.sleep(0.3)
        stale = server.ServerState(other["pid"], foreign.pid, other["port"], "6.8", "x", "1g", 0.0,
                                   other["supervisor_start"], server.start_time(foreign.pid), other["inode"])
        server.write_state(stale)
        status = run_cli("server", "status")
        assert status.returncode == 3 and "Traceback" not in status.stderr
        proc, seconds = check_cli(tmp_path, "--format", "json", timeout=60)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert server.read_state().pid != other["pid"]  # type: ignore[union-attr]
        assert server.pid_alive(other["pid"]) and server.pid_alive(other["jvm_pid"]) and foreign.poll() is None
    finally:
        foreign.kill()
        foreign.wait()
