"""Private marshalled files in the user cache: written atomically, never trusted unless ours.

A file holds a format tag (one line), the CRC-32 of the payload, and the payload written with
``marshal``, which only builds data (unlike pickle it never runs code). A file that is not
private to the user (a regular file of theirs that nobody else may write), of another format, or
whose checksum does not match (damaged, cut short) is ignored, and the caller rebuilds it.
The caller still checks the payload's shape: a cache is a speed-up, never an input.

The checksum guards against damage, not against a writer: whoever may write the user's cache
could write the digest too. CRC-32 (as gzip and zip use) costs no start-up, where ``hashlib``
loads OpenSSL: 5 ms of every run.
"""

from __future__ import annotations

import marshal
import os
import stat
import zlib
from pathlib import Path

#: After the format tag: the layout of the rest (a file of the SHA-256 layout is of another format).
_LAYOUT = b"crc32:"


def read(path: Path, magic: bytes) -> object | None:
    """The payload of the cache file at ``path`` tagged ``magic``, or None when it is missing,
    damaged, of another format or not private to this user."""
    try:
        with path.open("rb") as fh:
            if not private(os.fstat(fh.fileno())):
                return None
            data = fh.read()
    except OSError:
        return None
    tag = magic + _LAYOUT
    head = len(tag) + 4
    if not data.startswith(tag) or zlib.crc32(memoryview(data)[head:]).to_bytes(4, "big") != data[len(tag) : head]:
        return None
    try:
        return marshal.loads(memoryview(data)[head:])
    except (ValueError, EOFError, TypeError):
        return None


def encode(magic: bytes, payload: object) -> bytes:
    """The bytes of a cache file holding ``payload`` (marshallable data), tagged ``magic``."""
    body = marshal.dumps(payload)
    return magic + _LAYOUT + zlib.crc32(body).to_bytes(4, "big") + body


def write(path: Path, data: bytes) -> None:
    """Write a cache file atomically (mode 0600, its folder 0700); a cache that cannot be
    written is not an error."""
    import tempfile  # only when a cache is written (3 ms of imports)

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name.split('-')[0]}-")  # mode 0600
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        pass


def prune(path: Path, keep: int) -> None:
    """Remove the older cache files of ``path``'s kind (the files of its folder named like it up
    to the first '-' and ending in ``.bin``: those of other installs and older formats), so that
    at most ``keep`` stay: ``path`` and the newest others. Installs used side by side keep their
    files; the cache stops growing by one file per install. A file that cannot be removed stays."""
    prefix = path.name.split("-")[0]
    try:
        others = [(p.stat().st_mtime_ns, p) for p in path.parent.glob(f"{prefix}-*.bin") if p.name != path.name]
    except OSError:
        return
    others.sort(reverse=True)
    for _, old in others[max(keep - 1, 0):]:
        try:
            old.unlink()
        except OSError:
            pass


def private(st: os.stat_result) -> bool:
    """True for a regular file owned by this user that nobody else may write."""
    owned = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return stat.S_ISREG(st.st_mode) and owned and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
