"""Compiled ``re`` patterns kept between runs of ``typolint check`` (a warm one-file run compiled
about 220 patterns, ours and those of the HTTP client's modules, at 25-35 ms a run).

``re.compile`` parses a pattern and generates its program in Python, then hands the program to
the C engine (``_sre.compile``); only the first step is slow. ``load`` puts the patterns of the
cache file, rebuilt by the C step alone from their stored programs, into ``re``'s own cache of
compiled patterns, where ``re.compile`` finds them; ``save`` adds the patterns this run compiled
itself. Patterns are kept in groups, a file each (see ``load``), so that the code a run does not
import never pushes out the patterns of the code it does. Every stored program was checked to rebuild a pattern equal (same flags, same code) to
the one ``re.compile`` made, and the file is keyed by the exact Python build, so a pattern comes
out the same as without the cache. This leans on ``re``'s private parts (CPython 3.11 to 3.13:
``re._cache``, ``re._parser``, ``re._compiler._code``); where they differ the cache stays off.
"""

from __future__ import annotations

import re
import sys
import zlib
from array import array
from pathlib import Path

from lint import cachefile

#: Patterns kept at most in one group's file. One run compiles fewer than 300, but runs of other
#: formats, with and without LanguageTool, share the file: together they compile about 450.
#: A group's file is loaded whole, its least recently used patterns first: past ``re``'s own limit
#: (512 entries) each pattern a run compiles pushes out the oldest entry.
KEEP = 800
#: New patterns a run must have compiled for a group's file to be written again. A few patterns
#: differ from run to run (alternations joined from a set, whose order follows the string hashes
#: of the process), so they are never found; a handful more does not pay for a rewrite every run.
MIN_NEW = 8
_SKIP = re.DEBUG | getattr(re, "TEMPLATE", 0)

try:
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _CODE = _compiler._code
    _CACHE: dict = re._cache  # type: ignore[attr-defined]
    _ON = isinstance(_CACHE, dict) and callable(_CODE) and _sre.CODESIZE == array("I").itemsize
except (ImportError, AttributeError):  # pragma: no cover - Python 3.10 and other engines
    _ON = False

#: The keys (type, pattern, flags) of the patterns ``load`` put in ``re``'s cache.
_loaded: set[tuple] = set()
#: Per group: the patterns its file holds, (pattern, flags) -> the parts ``_sre.compile`` takes,
#: with the program as the bytes of an ``array("I")`` (marshal reads it at a fraction of the cost
#: of a list of ints).
_stored: dict[str, dict[tuple, tuple]] = {}
#: The groups loaded in this process, in order, each with the keys of ``re``'s cache right after
#: its load: what is compiled from then until the next group's load is the group's.
_groups: list[tuple[str, frozenset]] = []
#: Per group: the keys compiled while it was the last group loaded (filled as groups close).
_fresh: dict[str, set] = {}


#: First bytes of the cache file.
FORMAT = 3
MAGIC = f"typolint-regex-{FORMAT}\n".encode()


def _path(group: str) -> Path:
    from lint.paths import cache_dir

    python = f"{sys.version}\n{getattr(_sre, 'MAGIC', '')}".encode()
    build = f"{zlib.crc32(python):08x}"  # the exact Python build and its regex code format
    # The format in the name: versions of typolint that share the cache (a pre-commit
    # environment and a virtualenv) do not rewrite each other's file on every run.
    return cache_dir() / f"regex-{FORMAT}-{build}-{group}.bin"


def load(group: str = "run") -> None:
    """Put the cached patterns of ``group`` into ``re``'s cache (a missing or damaged file:
    nothing); a group already loaded in this process is not loaded again.

    Groups keep apart the patterns of code that not every run imports: ``cli``, loaded before the
    command line imports click; ``run``, loaded by ``typolint check``; and ``http``, loaded before
    the LanguageTool client's HTTP libraries are imported (about 100 patterns, which a rules-only
    run would otherwise push out of a shared file).
    """
    if not _ON or any(g == group for g, _ in _groups):
        return
    _close_group()
    found = cachefile.read(_path(group), MAGIC)
    stored: dict[tuple, tuple] = {}
    # The file lists the patterns most recently used first; they go into re's cache last, so
    # that its oldest entries, which it pushes out first, are the least recently used.
    for key, parts in (reversed(found.items()) if isinstance(found, dict) else ()):
        try:
            pattern, flags = key
            if type(pattern) not in (str, bytes) or type(flags) is not int or flags & _SKIP:
                continue
            compiled = _compile(pattern, parts)
        except Exception:  # noqa: BLE001 - a damaged entry is skipped; re.compile makes it
            continue
        cache_key = (type(pattern), pattern, flags)
        if cache_key not in _CACHE:
            _CACHE[cache_key] = compiled
            _loaded.add(cache_key)
        stored[(pattern, flags)] = parts
    _stored[group] = dict(reversed(stored.items()))
    _groups.append((group, frozenset(_CACHE)))



def _close_group() -> None:
    """Give the last group loaded what was compiled since its load."""
    if _groups:
        group, after = _groups[-1]
        _fresh.setdefault(group, set()).update(k for k in list(_CACHE) if k not in after)


def save() -> None:
    """Add the patterns this run compiled (now in ``re``'s cache) to their groups' files, for each
    group that has enough new ones."""
    if not _ON or not _groups:
        return
    _close_group()
    _groups[-1] = (_groups[-1][0], frozenset(_CACHE))
    now = {(k[1], k[2]) for k in _CACHE}
    for group, keys in _fresh.items():
        _save_group(group, keys, now)
    _fresh.clear()


def _save_group(group: str, keys: set, now: set) -> None:
    stored = _stored.setdefault(group, {})
    fresh = [(k, _CACHE[k]) for k in keys
             if k in _CACHE and k not in _loaded and (k[1], k[2]) not in stored and k[0] in (str, bytes) and not k[2] & _SKIP]
    if len(fresh) < MIN_NEW:
        return
    new = {}
    for (_, pattern, flags), compiled in fresh:
        parts = _parts(pattern, flags)
        try:
            if parts is not None and _compile(pattern, parts) == compiled:
                new[(pattern, flags)] = parts
        except Exception:  # noqa: BLE001 - another engine's signature: not cached
            continue
    # This run's patterns first, then older ones, up to KEEP.
    kept = {**new, **{k: v for k, v in stored.items() if k in now}}
    for k, v in stored.items():
        if len(kept) >= KEEP:
            break
        kept.setdefault(k, v)
    try:
        data = cachefile.encode(MAGIC, dict(list(kept.items())[:KEEP]))
    except ValueError:
        return
    cachefile.write(_path(group), data)
    stored.update(new)


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
    return (int(flags | p.state.flags), array("I", code).tobytes(), p.state.groups - 1, groupindex, tuple(indexgroup))


def _compile(pattern: str | bytes, parts: tuple) -> re.Pattern:
    """The pattern ``_sre.compile`` builds from stored ``parts`` (see ``_parts``)."""
    flags, code, *rest = parts
    return _sre.compile(pattern, flags, array("I", code).tolist(), *rest)
