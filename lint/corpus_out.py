"""Records out: findings (and per-record summaries) streamed to a JSON Lines or Parquet file."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from lint import __version__
from lint.corpus import RecordResult, need_pyarrow
from lint.errors import UsageError
from lint.formatters import JSON_VERSION, finding_dict
from lint.model import Finding

#: Rows a Parquet writer buffers before it writes a row group.
PARQUET_ROWS = 5000


def header(rules: Sequence[str], languagetool: str | None) -> dict[str, Any]:
    """What produced a file: typolint's version, LanguageTool's (None when it did not run), the rules."""
    return {"kind": "header", "version": JSON_VERSION, "typolint": __version__,
            "languagetool": languagetool, "rules": sorted(rules)}


def finding_row(f: Finding) -> dict[str, Any]:
    """One finding: the JSON contract of ``--format json`` (path, record, line, column, ...)."""
    return {"kind": "finding", **finding_dict(f)}


def summary_row(result: RecordResult, path: str) -> dict[str, Any]:
    """One record: its words, findings per rule, and findings per 1,000 words (None for no words)."""
    rules = Counter(f.rule for f in result.findings)
    total = len(result.findings)
    rate = round(total * 1000 / result.words, 3) if result.words else None
    return {"kind": "summary", "path": path, "record": result.record, "words": result.words,
            "findings": total, "per_1000_words": rate, "rules": dict(sorted(rules.items())),
            "errors": len([e for e in result.errors if not e.is_note])}


class RowWriter(Protocol):
    """Writes rows as they come; ``close`` finishes the file."""

    def write(self, result: RecordResult, path: str) -> int: ...

    def close(self) -> None: ...


def open_writer(path: Path, head: Mapping[str, Any], summary: bool) -> RowWriter:
    """A writer for ``path`` by its suffix: ``.jsonl`` / ``.jsonl.gz`` or ``.parquet``."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        return ParquetWriter(path, head, summary)
    if name.endswith((".jsonl", ".jsonl.gz")):
        return JsonLinesWriter(path, head, summary)
    raise UsageError(f"{path}: --output must end in .jsonl, .jsonl.gz or .parquet")


class JsonLinesWriter:
    """A header line, then one line per finding; with ``summary``, one line per record after them."""

    def __init__(self, path: Path, head: Mapping[str, Any], summary: bool) -> None:
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        self._fh = opener(path, "wt", encoding="utf-8", newline="\n")  # type: ignore[operator]
        self._summary = summary
        self._line(dict(head))

    def _line(self, row: Mapping[str, Any]) -> None:
        self._fh.write(json.dumps(row, ensure_ascii=False) + "\n")

    def write(self, result: RecordResult, path: str) -> int:
        """Write the rows of one record; return the number of finding rows."""
        for f in result.findings:
            self._line(finding_row(f))
        if self._summary:
            self._line(summary_row(result, path))
        return len(result.findings)

    def close(self) -> None:
        self._fh.close()


def parquet_schema(head: Mapping[str, Any]):
    """One table for both kinds of row (``kind``: finding or summary); the header is metadata."""
    pa, _ = need_pyarrow()

    fields = [
        ("kind", pa.string()), ("path", pa.string()), ("record", pa.string()),
        ("line", pa.int64()), ("column", pa.int64()), ("end_line", pa.int64()), ("end_column", pa.int64()),
        ("rule", pa.string()), ("severity", pa.string()), ("message", pa.string()),
        ("suggestions", pa.list_(pa.string())), ("source", pa.string()), ("other_rules", pa.list_(pa.string())),
        ("words", pa.int64()), ("findings", pa.int64()), ("per_1000_words", pa.float64()),
        ("rules", pa.map_(pa.string(), pa.int64())), ("errors", pa.int64()),
    ]
    metadata = {"typolint": json.dumps(dict(head), ensure_ascii=False)}
    return pa.schema(fields, metadata=metadata)


class ParquetWriter:
    """Rows buffered ``PARQUET_ROWS`` at a time into row groups; the header is schema metadata
    under the key ``typolint``."""

    def __init__(self, path: Path, head: Mapping[str, Any], summary: bool) -> None:
        _, pq = need_pyarrow()
        self._schema = parquet_schema(head)
        self._writer = pq.ParquetWriter(path, self._schema)
        self._summary = summary
        self._rows: list[dict[str, Any]] = []

    def write(self, result: RecordResult, path: str) -> int:
        """Buffer the rows of one record; return the number of finding rows."""
        self._rows.extend(finding_row(f) for f in result.findings)
        if self._summary:
            row = summary_row(result, path)
            row["rules"] = list(row["rules"].items())
            self._rows.append(row)
        if len(self._rows) >= PARQUET_ROWS:
            self._flush()
        return len(result.findings)

    def _flush(self) -> None:
        pa, _ = need_pyarrow()

        if self._rows:
            names = self._schema.names
            self._writer.write_table(pa.Table.from_pylist([{n: r.get(n) for n in names} for r in self._rows], self._schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()
