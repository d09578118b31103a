"""Fixtures for the LanguageTool suite (not a conftest.py: other suites import their conftest by name)."""

# The real jars, with server state and result cache in a temporary root.

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from lint import terms
from lint.engines.languagetool import server
from lint.engines.languagetool.install import find_installation, lt_home

_ENV = ("TYPOLINT_CACHE_DIR", "TYPOLINT_LT_HOME", "TYPOLINT_TERMS")


@pytest.fixture(scope="session")
def real_lt_home() -> Path:
    """The installed jars (``typolint languagetool install``); CI must have them, locally we skip."""
    if find_installation() is None:
        message = f"LanguageTool is not installed in {lt_home()}; run 'make languagetool'"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return lt_home()


def _point_at(root: Path, home: Path) -> dict[str, str | None]:
    """Set the cache root to ``root`` and the jars to ``home``, keeping the installed technical
    vocabulary (lint.terms) where it is; return the previous values."""
    saved = {k: os.environ.get(k) for k in _ENV}
    installed = str(terms.terms_file())  # before the cache root moves
    os.environ["TYPOLINT_CACHE_DIR"], os.environ["TYPOLINT_LT_HOME"] = str(root), str(home)
    os.environ["TYPOLINT_TERMS"] = installed
    return saved


def _restore(saved: dict[str, str | None]) -> None:
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def lt_root(real_lt_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A session-wide cache root of its own (server state, logs, result cache); its server is stopped at the end."""
    root = tmp_path_factory.mktemp("typolint-cache")
    saved = _point_at(root, real_lt_home)
    try:
        yield root
    finally:
        server.stop_server()
        _restore(saved)


@pytest.fixture
def private_root(lt_root: Path, tmp_path: Path) -> Iterator[Path]:
    """A cache root for one test (its own server); whatever server it started is stopped afterwards."""
    saved = _point_at(tmp_path / "cache", Path(os.environ["TYPOLINT_LT_HOME"]))
    os.environ["TYPOLINT_LT_WARMUP"] = "1"  # a throw-away server: one warm-up check is enough
    try:
        yield tmp_path / "cache"
    finally:
        server.stop_server()
        os.environ.pop("TYPOLINT_LT_WARMUP", None)
        _restore(saved)
