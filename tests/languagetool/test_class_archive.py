"""AppCDS for the LanguageTool JVM: the archive is written on a clean exit, used on the next start, and never breaks one."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest

from lint.config import LanguageToolConfig
from lint.engines.languagetool import server, supervisor
from lint.engines.languagetool.engine import LanguageToolEngine
from lint.source import plain_source
from lt_fixtures import lt_root, private_root, real_lt_home  # noqa: F401  (fixtures)


def test_no_archive_yet_means_write_one_at_exit(tmp_path: Path) -> None:
    archive = tmp_path / "lt.jsa"
    (flag,) = supervisor.cds_flags(archive)
    assert flag.startswith("-XX:ArchiveClassesAtExit=") and flag.endswith(f"lt.jsa.{os.getpid()}.tmp")


def test_an_archive_of_ours_is_used(tmp_path: Path) -> None:
    archive = tmp_path / "lt.jsa"
    archive.write_bytes(b"x")
    assert supervisor.cds_flags(archive) == [f"-XX:SharedArchiveFile={archive}", "-Xshare:auto"]


def test_an_empty_or_linked_archive_is_not_used(tmp_path: Path) -> None:
    archive = tmp_path / "lt.jsa"
    archive.write_bytes(b"")
    assert supervisor.cds_flags(archive)[0].startswith("-XX:ArchiveClassesAtExit=")
    archive.unlink()
    archive.symlink_to(tmp_path / "elsewhere.jsa")
    (tmp_path / "elsewhere.jsa").write_bytes(b"x")
    assert supervisor.cds_flags(archive)[0].startswith("-XX:ArchiveClassesAtExit=")


def test_partial_archive_of_a_killed_jvm_is_dropped(tmp_path: Path) -> None:
    archive = tmp_path / "lt.jsa"
    pending = Path(supervisor.cds_flags(archive)[0].split("=", 1)[1])
    pending.write_bytes(b"partial")
    supervisor.keep_archive(archive, -9)
    assert not pending.exists() and not archive.exists()
    pending.write_bytes(b"whole")
    supervisor.keep_archive(archive, 143)
    assert archive.read_bytes() == b"whole" and not pending.exists()


def test_archive_of_another_jdk_or_jars_has_another_name() -> None:
    assert supervisor.archive_path("/a/lib/*") != supervisor.archive_path("/b/lib/*")


def _check(text: str) -> list[str]:
    return [h.rule for h in LanguageToolEngine(LanguageToolConfig(cache=False)).hits([plain_source(text)])[0]]


def test_second_start_uses_the_archive_of_the_first(private_root: Path) -> None:
    assert "lt.MORFOLOGIK_RULE_EN_US" in _check(f"A {uuid.uuid4().hex[:4]} mispeled word.")
    archives = lambda: sorted(private_root.glob("languagetool-*.jsa"))  # noqa: E731
    assert archives() == []
    server.stop_server()
    deadline = time.monotonic() + 30
    while not archives() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(archives()) == 1 and archives()[0].stat().st_size > 1_000_000
    assert "lt.MORFOLOGIK_RULE_EN_US" in _check(f"Another {uuid.uuid4().hex[:4]} mispeled word.")
    state = server.read_state()
    assert state is not None
    assert f"-XX:SharedArchiveFile={archives()[0]}".encode() in Path(f"/proc/{state.jvm_pid}/cmdline").read_bytes()


def test_an_unusable_archive_never_breaks_the_start(private_root: Path) -> None:
    from lint.engines.languagetool.install import require_installation

    archive = supervisor.archive_path(require_installation().classpath)
    assert archive is not None
    archive.parent.mkdir(parents=True, exist_ok=True)
    archive.write_bytes(b"not a class data archive" * 100)
    assert "lt.MORFOLOGIK_RULE_EN_US" in _check(f"Yet {uuid.uuid4().hex[:4]} another mispeled word.")
