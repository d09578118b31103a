"""Click commands for LanguageTool: ``languagetool install|path|uninstall|clear-cache`` and ``server start|stop|status``."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import NoReturn

import click

from lint.engines import EngineError
from lint.errors import fail
from lint.engines.languagetool import server
from lint.engines.languagetool.install import InstallError, cache_root, find_installation, install, lt_home

#: Exit status when LanguageTool is unavailable (the same as ``typolint check`` uses).
EXIT_UNAVAILABLE = EngineError.status


def _fail(message: str) -> NoReturn:
    """LanguageTool is unavailable: stop with one ``error:`` line and exit status 3."""
    fail(message, EXIT_UNAVAILABLE)


@click.group("languagetool")
def languagetool_group() -> None:
    """Install LanguageTool and manage its caches."""


@languagetool_group.command("install")
@click.option("--source", type=click.Choice(["maven", "python"]), default="maven", show_default=True,
              help="maven: Maven Central (needs mvn); python: language-tool-python's download (needs internet).")
def install_command(source: str) -> None:
    """Fetch LanguageTool 6.8 into the user cache (does nothing if it is already there)."""
    try:
        install(source, echo=click.echo)
    except InstallError as exc:
        _fail(str(exc))


@languagetool_group.command("path")
def path_command() -> None:
    """Print where the jars, the server state and the result cache live."""
    inst = find_installation()
    click.echo(f"jars:   {lt_home()} ({'installed from ' + inst.source if inst else 'not installed'})")
    click.echo(f"server: {server.state_dir()}")
    click.echo(f"cache:  {cache_root() / 'languagetool-results.sqlite3'}")
    from lint.engines.languagetool.install import maven_repository

    click.echo(f"maven:  {maven_repository()}")


@languagetool_group.command("uninstall")
def uninstall_command() -> None:
    """Stop the server; remove the jars, Maven's downloads, the result cache and the server state."""
    from lint.engines.languagetool.catalogue import catalogue_path
    from lint.engines.languagetool.install import maven_repository

    try:
        if server.state_dir().is_dir():
            server.stop_server()
    except EngineError as exc:
        _fail(str(exc))
    results = cache_root() / "languagetool-results.sqlite3"
    targets = [lt_home(), maven_repository(), server.state_dir(), catalogue_path(),
               *(Path(f"{results}{s}") for s in ("", "-wal", "-shm", "-journal"))]
    freed = 0
    for target in targets:
        size = _size(target)
        if _remove(target):
            freed += size
            click.echo(f"removed {target}")
    click.echo(f"LanguageTool uninstalled ({freed / 1e6:.0f} MB freed)" if freed else "nothing to remove")


def _size(path: Path) -> int:
    """Bytes under ``path`` (a file or a folder), not following links."""
    if path.is_symlink() or path.is_file():
        return path.lstat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) if path.is_dir() else 0


def _remove(path: Path) -> bool:
    """Delete ``path`` whatever it is; True if something was there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
        return True
    if path.exists() or path.is_symlink():
        path.unlink()
        return True
    return False


@languagetool_group.command("clear-cache")
def clear_cache_command() -> None:
    """Delete the per-paragraph result cache."""
    from lint.engines.languagetool.cache import remove

    remove(cache_root() / "languagetool-results.sqlite3")
    click.echo("result cache cleared")


@click.group("server")
def server_group() -> None:
    """The shared local LanguageTool server (stops itself after the idle timeout)."""


@server_group.command("start")
@click.option("--heap", default="1g", show_default=True, help="JVM maximum heap (-Xmx).")
@click.option("--idle-timeout", type=int, default=1800, show_default=True, help="Seconds unused before it stops.")
def start_command(heap: str, idle_timeout: int) -> None:
    """Start the shared server, or confirm that it is running."""
    started = time.monotonic()
    try:
        state = server.ensure_server(heap, idle_timeout)
    except EngineError as exc:
        _fail(str(exc))
    click.echo(f"LanguageTool {state.version} running at {state.url} (pid {state.pid}, JVM {state.jvm_pid}; "
               f"{time.monotonic() - started:.1f} s); log {state.log}")


@server_group.command("stop")
def stop_command() -> None:
    """Stop the shared server (its supervisor and JVM)."""
    try:
        state = server.stop_server()
    except EngineError as exc:
        _fail(str(exc))
    click.echo("no server was running" if state is None else f"stopped LanguageTool server (pid {state.pid}, port {state.port})")


@server_group.command("status")
def status_command() -> None:
    """Tell whether the shared server runs: its pids are alive and its healthcheck answers (exit 3 if not)."""
    state = server.read_state()
    if state is None:
        _fail("no LanguageTool server is running")
    ours = server.verified(state)
    alive = server.pid_alive(state.pid), server.pid_alive(state.jvm_pid) and server.is_our_jvm(state.jvm_pid)
    health = ours and server.healthy(state.url)
    click.echo(f"supervisor pid {state.pid}: {'alive' if alive[0] else 'dead'}")
    click.echo(f"JVM pid {state.jvm_pid}: {'alive' if alive[1] else 'dead'}{_rss(state.jvm_pid) if alive[1] else ''}")
    click.echo(f"127.0.0.1:{state.port}: {'served by that JVM' if ours else 'not served by a JVM of this instance'}")
    click.echo(f"{state.url}/v2/healthcheck: {'ok' if health else 'no answer'}")
    click.echo(f"version {state.version}, heap {state.heap}, log {state.log}")
    if not (all(alive) and health):
        _fail("the LanguageTool server is not healthy (stale state; the next check restarts it)")


def _rss(pid: int) -> str:
    """', RSS x MB (peak y MB)' from /proc/<pid>/status, or '' if unreadable."""
    try:
        fields = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status", encoding="ascii") if ":" in line)
        return f", RSS {int(fields['VmRSS'].split()[0]) // 1024} MB (peak {int(fields['VmHWM'].split()[0]) // 1024} MB)"
    except (OSError, KeyError, ValueError):
        return ""
