"""Corpus mode: records in (JSON Lines, Parquet), checked in shards, findings per record.

``check_records`` is the Python API and the one path the command line takes for records: it cuts
the records into shards of ``batch`` records, checks each shard through ``lint.runner.Pipeline``
(locally or on a Dask cluster, see ``lint.distributed``) and yields one ``RecordResult`` per
record, in input order. Only one window of shards is in memory at a time.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import pickle
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from lint.config import Config
from lint.errors import InputError, UsageError
from lint.model import FileError, Finding, Location, Severity
from lint.runner import Document, Pipeline, RunOptions

#: Records per shard: the unit of work sent to an engine, a Dask worker and the checkpoint.
DEFAULT_BATCH = 64
MARKUPS = ("plain", "markdown", "rst", "html")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class RecordFields:
    """Where a record keeps its text, its id and (optionally) its markup."""

    text: str = "text"
    #: The id field; records without it are named by their 1-based position in the input.
    id: str | None = "id"
    #: A field naming each record's markup ("plain", "markdown", "rst", "html"), or None.
    format: str | None = None
    #: The markup of records without a ``format`` field.
    markup: str = "plain"


@dataclass(frozen=True, slots=True)
class RecordResult:
    """What one record gave: its findings (positions within its text) and its problems."""

    #: 0-based position of the record in the input.
    index: int
    #: The record's id (its id field as a string, else its 1-based position).
    record: str
    findings: tuple[Finding, ...] = ()
    #: Problems: a record without a usable text field (status 2), an engine failure (status 3).
    errors: tuple[FileError, ...] = ()
    #: Words (runs of letters and digits) in the record's prose; 0 when it was not checked.
    words: int = 0


@dataclass(frozen=True, slots=True)
class BadRecord:
    """An input line that is not a record (invalid JSON, not an object); kept for its error."""

    message: str


@dataclass(frozen=True, slots=True)
class Shard:
    """Consecutive records: ``number`` counts shards from 0, ``first`` is the first record's index."""

    number: int
    first: int
    records: tuple[Mapping[str, Any] | BadRecord, ...]

    def digest(self) -> str:
        """A fingerprint of the shard's content, so a checkpoint never reuses another input's results."""
        data = json.dumps([r if isinstance(r, Mapping) else r.message for r in self.records],
                          sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(f"{self.first}\0{data}".encode()).hexdigest()[:32]


class Executor(Protocol):
    """Runs ``fn`` on shards and yields the results in the order of ``jobs``.

    A job is ``(shard, stored)``: ``stored`` is a result from a checkpoint, yielded as it is.
    """

    def map(self, fn: Callable[[Shard], list[RecordResult]],
            jobs: Iterable[tuple[Shard, list[RecordResult] | None]]) -> Iterator[list[RecordResult]]: ...


class LocalExecutor:
    """Runs every shard in this process, one after the other."""

    def map(self, fn: Callable[[Shard], list[RecordResult]],
            jobs: Iterable[tuple[Shard, list[RecordResult] | None]]) -> Iterator[list[RecordResult]]:
        for shard, stored in jobs:
            yield stored if stored is not None else fn(shard)


# --- reading records -----------------------------------------------------------------------


def read_records(path: Path, batch: int = 1024) -> Iterator[Mapping[str, Any] | BadRecord]:
    """The records of a ``.jsonl``, ``.jsonl.gz`` or ``.parquet`` file, streamed.

    Parquet is read ``batch`` rows at a time. Raises InputError for a file that cannot be opened
    or has another suffix; a bad line is a BadRecord (a per-record error), not a failure.
    """
    name = path.name.lower()
    try:
        if name.endswith(".parquet"):
            yield from _read_parquet(path, batch)
        elif name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")):
            yield from _read_jsonl(path)
        else:
            raise InputError(f"{path}: not a record file (expected .jsonl, .jsonl.gz or .parquet)")
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None


def _read_jsonl(path: Path) -> Iterator[Mapping[str, Any] | BadRecord]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace", newline="\n") as fh:  # type: ignore[operator]
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError as exc:
                yield BadRecord(f"line {number}: invalid JSON: {exc.msg}")  # type: ignore[attr-defined]
                continue
            yield value if isinstance(value, dict) else BadRecord(f"line {number}: not a JSON object")


def _read_parquet(path: Path, batch: int) -> Iterator[Mapping[str, Any]]:
    pa, pq = need_pyarrow()

    try:
        handle = pq.ParquetFile(path)
    except pa.ArrowException as exc:
        raise InputError(f"{path}: not a readable Parquet file: {exc}") from None
    for table in handle.iter_batches(batch_size=batch):
        yield from table.to_pylist()


def need_pyarrow():
    """The pyarrow modules (pyarrow, pyarrow.parquet); UsageError when the extra is not installed."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise UsageError("Parquet needs pyarrow: install the corpus extra (pip install '.[corpus]' in a clone)") from None
    return pyarrow, pyarrow.parquet


def parquet_rows(path: Path) -> int | None:
    """The number of rows a Parquet file declares (None for other files); for progress."""
    if not path.name.lower().endswith(".parquet"):
        return None
    _, pq = need_pyarrow()
    try:
        return pq.ParquetFile(path).metadata.num_rows
    except Exception:  # an unreadable file is reported by read_records
        return None


# --- checking ------------------------------------------------------------------------------


def check_records(
    records: Iterable[Mapping[str, Any] | BadRecord],
    config: Config | None = None,
    *,
    fields: RecordFields = RecordFields(),
    source: str = "<records>",
    options: RunOptions = RunOptions(),
    batch: int = DEFAULT_BATCH,
    executor: Executor | None = None,
    checkpoint: Path | None = None,
) -> Iterator[RecordResult]:
    """Check ``records`` (dicts) and yield one RecordResult per record, in input order.

    ``source`` is the ``path`` of every finding (the record file's name); positions count within
    each record's text. ``batch`` records make a shard; ``executor`` runs shards (default: this
    process; ``lint.distributed.DaskExecutor`` for a cluster). With ``checkpoint``, finished shards
    are appended to that file and, on a later run over the same input, not checked again.
    Raises RuleFileError for unusable rules; bad records are per-record errors.
    """
    if batch < 1:
        raise UsageError(f"the batch size must be at least 1, not {batch}")
    config = config if config is not None else Config()
    # A progress bar stays with the caller, which counts records; shards may run in other processes.
    options = dataclasses.replace(options, progress=None)
    task = ShardTask(config, options, fields, source)
    stored = Checkpoint(checkpoint, source, task.fingerprint()) if checkpoint is not None else None
    sent: deque[Shard] = deque()  # shards handed to the executor, whose results come back in order

    def jobs() -> Iterator[tuple[Shard, list[RecordResult] | None]]:
        for shard in shards(records, batch):
            sent.append(shard)
            yield shard, stored.get(shard) if stored is not None else None

    for results in (executor or LocalExecutor()).map(task, jobs()):
        shard = sent.popleft()
        if stored is not None:
            stored.add(shard, results)
        yield from results


def shards(records: Iterable[Mapping[str, Any] | BadRecord], batch: int) -> Iterator[Shard]:
    """Cut ``records`` into consecutive shards of ``batch`` records, lazily."""
    current: list[Mapping[str, Any] | BadRecord] = []
    number = first = 0
    for record in records:
        current.append(record)
        if len(current) == batch:
            yield Shard(number, first, tuple(current))
            number, first, current = number + 1, first + batch, []
    if current:
        yield Shard(number, first, tuple(current))


@dataclass(frozen=True, slots=True)
class ShardTask:
    """The picklable function that checks one shard: what a Dask worker is sent with each shard."""

    config: Config
    options: RunOptions
    fields: RecordFields
    source: str

    def fingerprint(self) -> str:
        """Identifies the settings: a checkpoint made with other rules or fields is not reused."""
        return hashlib.sha256(pickle.dumps((self.config, self.options, self.fields))).hexdigest()[:16]

    def __call__(self, shard: Shard) -> list[RecordResult]:
        """Check every record of ``shard``; the pipeline is built once per process and reused."""
        return check_shard(pipeline_for(self.config, self.options), shard, self.fields, self.source)


_PIPELINES: dict[bytes, Pipeline] = {}
_PIPELINES_LOCK = threading.Lock()


def pipeline_for(config: Config, options: RunOptions) -> Pipeline:
    """One Pipeline per configuration and process (rules and lexicon loaded once per worker)."""
    key = hashlib.sha256(pickle.dumps((config, options))).digest()
    with _PIPELINES_LOCK:  # a Dask worker may run shards in several threads
        if key not in _PIPELINES:
            _PIPELINES.clear()
            _PIPELINES[key] = Pipeline(config, options)
        return _PIPELINES[key]


def check_shard(pipeline: Pipeline, shard: Shard, fields: RecordFields, source: str) -> list[RecordResult]:
    """Check the records of one shard together (one LanguageTool batch) and split the report."""
    names: dict[str, tuple[int, str]] = {}
    problems: dict[int, list[FileError]] = {}
    checked, errors = [], []
    for index, record in enumerate(shard.records, shard.first):
        rid = record_id(record, index, fields)
        doc, problem = _document(record, index, rid, fields, source)
        if problem is not None:
            problems[index] = [problem]
            continue
        names[doc.name] = (index, rid)
        item, notes = pipeline.check_document(doc)
        checked.append(item)
        errors.extend(notes)
    report = pipeline.finish(checked, errors) if checked else None
    return _split(shard, report, names, problems, source, fields)


def record_id(record: Mapping[str, Any] | BadRecord, index: int, fields: RecordFields) -> str:
    """The id of a record: its id field as a string, else its 1-based position in the input."""
    if isinstance(record, Mapping) and fields.id is not None and record.get(fields.id) is not None:
        return str(record[fields.id])
    return str(index + 1)


def _document(record, index: int, rid: str, fields: RecordFields, source: str) -> tuple[Document | None, FileError | None]:
    """The Document for one record, or the per-record error that keeps it from being checked."""
    if isinstance(record, BadRecord):
        return None, FileError(source, f"record {rid}: {record.message}")
    text = record.get(fields.text)
    if not isinstance(text, str):
        what = "missing" if text is None else f"not a string ({type(text).__name__})"
        return None, FileError(source, f"record {rid}: text field '{fields.text}' is {what}")
    markup = record.get(fields.format) if fields.format else None
    markup = fields.markup if markup is None else str(markup).lower()
    if markup not in MARKUPS:
        return None, FileError(source, f"record {rid}: unknown markup '{markup}' (expected one of: {', '.join(MARKUPS)})")
    return Document(f"{source}#{index}", text, markup), None


def _split(shard: Shard, report, names: dict[str, tuple[int, str]], problems: dict[int, list[FileError]],
           source: str, fields: RecordFields) -> list[RecordResult]:
    """One RecordResult per record of ``shard`` from the shard's report; run-level (engine)
    errors go to every record that was checked, since none of them is complete."""
    found: dict[str, list[Finding]] = {}
    words: dict[str, int] = {}
    errors: dict[str, list[FileError]] = {}
    shared: list[FileError] = []
    if report is not None:
        for f in report.findings:
            found.setdefault(f.path, []).append(f)
        words = {c.path: len(_WORD.findall(c.source.text)) for c in report.checked}
        for e in report.errors:
            if e.path in names:
                errors.setdefault(e.path, []).append(FileError(source, f"record {names[e.path][1]}: {e.message}", e.is_note, e.status))
            else:
                shared.append(e)
    by_index = {index: name for name, (index, _) in names.items()}
    results = []
    for index, record in enumerate(shard.records, shard.first):
        rid = record_id(record, index, fields)
        name = by_index.get(index)
        if name is None:
            results.append(RecordResult(index, rid, (), tuple(problems.get(index, ()))))
            continue
        findings = tuple(_in_record(f, source, rid) for f in found.get(name, ()))
        results.append(RecordResult(index, rid, findings, (*errors.get(name, ()), *shared), words.get(name, 0)))
    return results


def _in_record(f: Finding, source: str, rid: str) -> Finding:
    """A finding of a record's document, reported as (record file, record id, position)."""
    merged = tuple(_in_record(m, source, rid) for m in f.merged)
    return dataclasses.replace(f, path=source, record=rid, merged=merged)


# --- checkpoints ---------------------------------------------------------------------------


class Checkpoint:
    """Finished shards of one input, one JSON line each, appended (and flushed) as they finish.

    A line holds the source, the settings' fingerprint, the shard's number and content digest,
    and its results; a shard is skipped on resume only when all of them match, so a changed input
    or configuration is checked again.
    """

    def __init__(self, path: Path, source: str, settings: str = "") -> None:
        self.path = path
        self.source = source
        self.settings = settings
        self.done: dict[int, tuple[str, list[RecordResult]]] = {}
        self._digests: dict[int, str] = {}
        if path.exists():
            self._load()

    def _load(self) -> None:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{self.path}: cannot read the checkpoint: {exc}") from None
        for line in lines:
            try:
                entry = json.loads(line)
                if (entry["source"], entry["settings"]) == (self.source, self.settings):
                    self.done[entry["shard"]] = (entry["digest"], [result_from_json(r) for r in entry["results"]])
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by the interruption: that shard is checked again

    def get(self, shard: Shard) -> list[RecordResult] | None:
        """The stored results of ``shard``, or None when it has to be checked."""
        entry = self.done.get(shard.number)
        return entry[1] if entry is not None and entry[0] == shard.digest() else None

    def add(self, shard: Shard, results: list[RecordResult]) -> None:
        """Record a finished shard, unless it came from this checkpoint."""
        digest = shard.digest()
        if shard.number in self.done and self.done[shard.number][0] == digest:
            return
        line = json.dumps({"source": self.source, "settings": self.settings, "shard": shard.number, "digest": digest,
                           "results": [result_to_json(r) for r in results]}, ensure_ascii=False)
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


def result_to_json(result: RecordResult) -> dict[str, Any]:
    """A RecordResult as plain JSON data (for checkpoints); ``result_from_json`` reverses it."""
    return {"index": result.index, "record": result.record, "words": result.words,
            "findings": [_finding_to_json(f) for f in result.findings],
            "errors": [[e.path, e.message, e.is_note, e.status] for e in result.errors]}


def result_from_json(data: Mapping[str, Any]) -> RecordResult:
    """The RecordResult that ``result_to_json`` wrote."""
    return RecordResult(data["index"], data["record"], tuple(_finding_from_json(f) for f in data["findings"]),
                        tuple(FileError(*e) for e in data["errors"]), data["words"])


def _finding_to_json(f: Finding) -> dict[str, Any]:
    data = {field.name: getattr(f, field.name) for field in dataclasses.fields(f)}
    data["location"] = tuple(f.location)
    data["severity"] = int(f.severity)
    data["merged"] = [_finding_to_json(m) for m in f.merged]
    return data


def _finding_from_json(data: Mapping[str, Any]) -> Finding:
    values = dict(data)
    values["location"] = Location(*data["location"])
    values["severity"] = Severity(data["severity"])
    values["suggestions"] = tuple(data["suggestions"])
    values["merged"] = tuple(_finding_from_json(m) for m in data["merged"])
    return Finding(**values)
