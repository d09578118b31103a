"""Per-paragraph cache of LanguageTool matches in one private sqlite file; damage means a rebuild.

Every row records which server answered (``managed`` or ``url:...``) and a SHA-256 digest of
key, server and value; a row of another server or with a wrong digest is a miss. The file must
be a regular file of the current user with mode 0600 and of our layout; anything else (a folder
or link in its place, a foreign owner, loose modes, an older layout, not a database) is removed
and the cache is rebuilt. Corrupt pages are found where sqlite reads them (it reports a
malformed database): the look-up is a miss, and the file is removed and rebuilt. A whole-file
``PRAGMA quick_check`` on every open cost 35 ms per run on a 22 MB cache, growing with it. A
cache that cannot be rebuilt is off for the run: it is never trusted and never fatal.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

#: Bumped whenever the table layout changes; a file with another version is rebuilt.
LAYOUT = 2
_SCHEMA = "CREATE TABLE IF NOT EXISTS matches (key TEXT PRIMARY KEY, server TEXT NOT NULL, value TEXT NOT NULL, digest TEXT NOT NULL)"
_SUFFIXES = ("", "-wal", "-shm", "-journal")


def cache_key(text: str, settings: Sequence[str]) -> str:
    """The key of one paragraph: a hash of its text and every setting that changes LT's answer."""
    return hashlib.sha256(json.dumps([text, *settings], ensure_ascii=False).encode("utf-8")).hexdigest()


def digest(key: str, server: str, value: str) -> str:
    """The checksum stored with a row: SHA-256 of key, server and JSON value."""
    return hashlib.sha256("\0".join((key, server, value)).encode("utf-8")).hexdigest()


class ResultCache:
    """Maps cache keys to lists of match dicts answered by ``server``; anything doubtful is a miss.

    sqlite's own locking (WAL, 30 s busy timeout) makes two concurrent runs safe.
    """

    def __init__(self, path: Path | None, server: str = "managed") -> None:
        self.server = server
        self._path = path
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._db = self._open(path) or self._open(remove(path))

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection | None:
        """Open (creating if absent) a sound, private cache file; None if it is not one."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not _private_file(path):
                return None
            db = sqlite3.connect(path, timeout=30.0, isolation_level=None)
        except (sqlite3.Error, OSError):
            return None
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            empty = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
            if version != LAYOUT and not empty:
                raise sqlite3.DatabaseError("another layout")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)
            if version != LAYOUT:  # a new file (a write, with its sync, only then)
                db.execute(f"PRAGMA user_version={LAYOUT}")
            return db
        except sqlite3.Error:
            db.close()
            return None

    def get_many(self, keys: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """Return the sound entries among ``keys`` answered by our server; the rest are misses."""
        found: dict[str, list[dict[str, Any]]] = {}
        if self._db is None:
            return found
        for key in set(keys):
            value = self._get(key)
            if value is not None:
                found[key] = value
        return found

    def _get(self, key: str) -> list[dict[str, Any]] | None:
        if self._db is None:  # a damaged file that could not be rebuilt
            return None
        try:
            row = self._db.execute("SELECT server, value, digest FROM matches WHERE key = ?", (key,)).fetchone()  # type: ignore[union-attr]
            if row is None or row[0] != self.server or row[2] != digest(key, row[0], row[1]):
                return None
            value = json.loads(row[1])
        except sqlite3.Error as exc:
            self._rebuild_if_damaged(exc)
            return None
        except (ValueError, TypeError):
            return None
        ok = isinstance(value, list) and all(isinstance(m, dict) for m in value)
        return value if ok else None

    def put_many(self, entries: dict[str, list[dict[str, Any]]]) -> None:
        """Store ``entries`` as answered by our server, replacing older rows; errors are ignored."""
        if self._db is None or not entries:
            return
        rows = []
        for key, matches in entries.items():
            value = json.dumps(matches, ensure_ascii=False)
            rows.append((key, self.server, value, digest(key, self.server, value)))
        for _ in range(2):  # once more on a rebuilt file if this one proved damaged
            if self._db is None:
                return
            try:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR REPLACE INTO matches (key, server, value, digest) VALUES (?, ?, ?, ?)", rows)
                self._db.execute("COMMIT")
                return
            except sqlite3.Error as exc:
                if self._db.in_transaction:
                    try:
                        self._db.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                if not self._rebuild_if_damaged(exc):
                    return

    def _rebuild_if_damaged(self, exc: sqlite3.Error) -> bool:
        """When ``exc`` says the file is damaged (corrupt pages, not a database: sqlite's plain
        DatabaseError, not a busy or locked OperationalError), remove it and open a new one;
        True if it did."""
        if type(exc) is not sqlite3.DatabaseError or self._db is None or self._path is None:
            return False
        self._db.close()
        self._db = self._open(remove(self._path))
        return True

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _private_file(path: Path) -> bool:
    """Create ``path`` empty with mode 0600 if absent; True when it is a regular file of ours, 0600.

    sqlite gives its -wal and -shm files the mode of the database file.
    """
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:  # a folder, a link, no permission
        return False
    try:
        info = os.fstat(fd)
    finally:
        os.close(fd)
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077 == 0


def remove(path: Path) -> Path:
    """Remove ``path`` and sqlite's side files, whatever they are (a folder too); return ``path``."""
    for suffix in _SUFFIXES:
        side = Path(f"{path}{suffix}")
        try:
            if side.is_dir() and not side.is_symlink():
                shutil.rmtree(side)
            else:
                side.unlink(missing_ok=True)
        except OSError:
            pass
    return path
