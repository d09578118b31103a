"""Compiled ``re`` patterns kept between runs of ``typolint check`` (a warm one-file run compiled
about 220 patterns, ours and those of the HTTP client's modules, at 25-35 ms a run).

``re.compile`` parses a pattern and generates its program in Python, then hands the program to
the C engine (``_sre.compile``); only the first step is slow. ``load`` puts the patterns of the
cache file, rebuilt by the C step alone from their stored programs, into ``re``'s own cache of
compiled patterns, where ``re.compile`` finds them; ``save`` adds the patterns this run compiled
itself. Every stored program was checked to rebuild a pattern equal (same flags, same code) to
the one ``re.compile`` made, and the file is keyed by the exact Python build, so a pattern comes
out the same as without the cache. This leans on ``re``'s private parts (CPython 3.11 to 3.13:
``re._cache``, ``re._parser``, ``re._compiler._code``); where they differ the cache stays off.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from lint import cachefile

#: Patterns kept at most (``re`` keeps 512; a run compiles fewer than 300).
KEEP = 400
#: New patterns a run must have compiled for the file to be written again. A few patterns differ
#: from run to run (alternations joined from a set, whose order follows the string hashes of the
#: process), so they are never found; a handful more does not pay for a rewrite every run.
MIN_NEW = 8
_SKIP = re.DEBUG | getattr(re, "TEMPLATE", 0)

try:
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _CODE = _compiler._code
    _CACHE: dict = re._cache  # type: ignore[attr-defined]
    _ON = isinstance(_CACHE, dict) and callable(_CODE)
except (ImportError, AttributeError):  # pragma: no cover - Python 3.10 and other engines
    _ON = False

#: The keys (type, pattern, flags) of the patterns ``load`` put in ``re``'s cache.
_loaded: set[tuple] = set()
_stored: dict[tuple, tuple] = {}


#: First bytes of the cache file.
MAGIC = b"typolint-regex-1\n"


def _path() -> Path:
    from lint.paths import cache_dir

    build = hashlib.sha256(f"{sys.version}\n{getattr(_sre, 'MAGIC', '')}".encode()).hexdigest()[:16]
    return cache_dir() / f"regex-{build}.bin"


def load() -> None:
    """Put the cached patterns into ``re``'s cache (a missing or damaged file: nothing)."""
    if not _ON:
        return
    found = cachefile.read(_path(), MAGIC)
    if not isinstance(found, dict):
        return
    for key, parts in found.items():
        try:
            pattern, flags = key
            if type(pattern) not in (str, bytes) or type(flags) is not int or flags & _SKIP:
                continue
            compiled = _sre.compile(pattern, *parts)
        except Exception:  # noqa: BLE001 - a damaged entry is skipped; re.compile makes it
            continue
        cache_key = (type(pattern), pattern, flags)
        if cache_key not in _CACHE and len(_CACHE) < KEEP:
            _CACHE[cache_key] = compiled
            _loaded.add(cache_key)
        _stored[(pattern, flags)] = parts


def save() -> None:
    """Add the patterns this run compiled (now in ``re``'s cache) to the file, if any is new."""
    if not _ON:
        return
    fresh = [(k, compiled) for k, compiled in list(_CACHE.items())
             if k not in _loaded and (k[1], k[2]) not in _stored and k[0] in (str, bytes) and not k[2] & _SKIP]
    if len(fresh) < MIN_NEW:
        return
    new = {}
    for (_, pattern, flags), compiled in fresh:
        parts = _parts(pattern, flags)
        try:
            if parts is not None and _sre.compile(pattern, *parts) == compiled:
                new[(pattern, flags)] = parts
        except Exception:  # noqa: BLE001 - another engine's signature: not cached
            continue
    # This run's patterns first, then older ones, up to KEEP.
    now = {(k[1], k[2]) for k in _CACHE}
    kept = {**new, **{k: v for k, v in _stored.items() if k in now}}
    for k, v in _stored.items():
        if len(kept) >= KEEP:
            break
        kept.setdefault(k, v)
    try:
        data = cachefile.encode(MAGIC, dict(list(kept.items())[:KEEP]))
    except ValueError:
        return
    cachefile.write(_path(), data)
    _stored.update(new)


def _parts(pattern: str | bytes, flags: int) -> tuple | None:
    """What ``re._compiler.compile`` hands ``_sre.compile`` after the pattern: flags, program,
    groups, group index and index group."""
    try:
        p = _parser.parse(pattern, flags)
        code = _CODE(p, flags)
    except Exception:  # noqa: BLE001
        return None
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(flags | p.state.flags), [int(c) for c in code], p.state.groups - 1, groupindex, tuple(indexgroup))
