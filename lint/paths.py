"""Where typolint keeps per-user files: the cache root (override with TYPOLINT_CACHE_DIR)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """The per-user cache root; TYPOLINT_CACHE_DIR overrides the platform default."""
    override = os.environ.get("TYPOLINT_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("typolint"))
