"""Shared fixtures."""

from __future__ import annotations

import pytest

from support import ROOT, run_cli


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
