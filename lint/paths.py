"""Where typolint keeps per-user files: the cache root (override with TYPOLINT_CACHE_DIR)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: Platforms whose cache root follows the XDG Base Directory specification (what platformdirs
#: gives there too); elsewhere platformdirs decides.
_XDG = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos", "aix")


def cache_dir() -> Path:
    """The per-user cache root; TYPOLINT_CACHE_DIR overrides the platform default.

    On XDG platforms: ``$XDG_CACHE_HOME/typolint`` when that variable holds an absolute path, else
    ``~/.cache/typolint``, computed here: importing platformdirs (and the ``tempfile``, ``random``
    and ``shutil`` it imports) cost 10-20 ms of every one-file run. Elsewhere: platformdirs'
    ``user_cache_dir("typolint")``.
    """
    override = os.environ.get("TYPOLINT_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform.startswith(_XDG):
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not os.path.isabs(base):
            base = os.path.expanduser("~/.cache")
        if os.path.isabs(base):  # else no home directory is known: platformdirs decides
            return Path(base, "typolint")
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("typolint"))
