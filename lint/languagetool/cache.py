"""Per-paragraph cache of LanguageTool matches in one sqlite file; a broken cache is never fatal."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

_SCHEMA = "CREATE TABLE IF NOT EXISTS matches (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


def cache_key(text: str, settings: Sequence[str]) -> str:
    """The key of one paragraph: a hash of its text and every setting that changes LT's answer."""
    return hashlib.sha256(json.dumps([text, *settings], ensure_ascii=False).encode("utf-8")).hexdigest()


class ResultCache:
    """Maps cache keys to lists of match dicts; misses, corrupt rows and sqlite errors read as 'absent'.

    sqlite's own locking (WAL, 30 s busy timeout) makes two concurrent runs safe.
    """

    def __init__(self, path: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._db = self._open(path) or self._reset(path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection | None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=30.0, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)
            return db
        except (sqlite3.Error, OSError):
            return None

    def _reset(self, path: Path) -> sqlite3.Connection | None:
        """The file is not a usable database: remove it and start afresh (or run without a cache)."""
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return self._open(path)

    def get_many(self, keys: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """Return the readable entries among ``keys``; anything unreadable counts as a miss."""
        found: dict[str, list[dict[str, Any]]] = {}
        if self._db is None:
            return found
        for key in set(keys):
            value = self._get(key)
            if value is not None:
                found[key] = value
        return found

    def _get(self, key: str) -> list[dict[str, Any]] | None:
        try:
            row = self._db.execute("SELECT value FROM matches WHERE key = ?", (key,)).fetchone()  # type: ignore[union-attr]
            value = json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError, TypeError):
            return None
        ok = isinstance(value, list) and all(isinstance(m, dict) for m in value)
        return value if ok else None

    def put_many(self, entries: dict[str, list[dict[str, Any]]]) -> None:
        """Store ``entries``, replacing older or corrupt values; errors are ignored."""
        if self._db is None or not entries:
            return
        rows = [(k, json.dumps(v, ensure_ascii=False)) for k, v in entries.items()]
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO matches (key, value) VALUES (?, ?)", rows)
            self._db.execute("COMMIT")
        except sqlite3.Error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
