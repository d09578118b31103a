"""`typolint check --records` and `--executor dask`: record files and clusters -> one Report."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lint.config import Config
from lint.corpus import RecordFields, RecordResult, check_records, parquet_rows, read_records
from lint.errors import InputError, UsageError
from lint.model import FileError, Report, Severity
from lint.runner import RunOptions, languagetool_wanted, select_rules


@dataclass(frozen=True, slots=True)
class CorpusSettings:
    """The corpus flags of ``check``."""

    records: bool = False
    fields: RecordFields = RecordFields()
    output: Path | None = None
    summary: bool = False
    executor: str = "local"
    scheduler: str | None = None
    workers: int | None = None
    resume: Path | None = None
    batch: int = 64
    #: One LanguageTool server per Dask worker (not one per host); used to measure scaling.
    private_servers: bool = False


def validate(settings: CorpusSettings, other_flags: dict[str, object]) -> None:
    """Refuse flag combinations that mean nothing here (one ``error:`` line, status 2)."""
    if not settings.records and (settings.output or settings.summary or settings.resume):
        raise UsageError("--output, --summary and --resume need --records")
    if settings.summary and settings.output is None:
        raise UsageError("--summary needs --output")
    if settings.executor == "local" and (settings.scheduler or settings.workers):
        raise UsageError("--scheduler and --workers need --executor dask")
    for flag, value in other_flags.items():
        if value:
            raise UsageError(f"{flag} cannot be used with --records or --executor dask")


def run_corpus(paths: Sequence[str], config: Config, options: RunOptions, settings: CorpusSettings,
               on_batch: Callable[[Report], None] = lambda report: None) -> Report:
    """Check record files (or, with Dask, files), hand each batch's report to ``on_batch`` as it
    comes (in input order), and return the report of the whole run.

    With ``settings.output`` the findings go to that file as they come, and neither the batches
    nor the total hold more than one finding per severity (all the exit status needs), so memory
    does not grow with the corpus.
    """
    with _executor(config, settings) as executor:
        if not settings.records:
            from lint.distributed import check_files

            targets, errors = _targets(paths or (".",), config)
            report = check_files(targets, config, options, executor, max(1, settings.batch // 8))
            report.errors[:0] = errors
            report.descriptions = _descriptions(config)
            on_batch(report)
            return report
        if not paths:
            raise UsageError("--records needs at least one record file")
        return _run_records(paths, config, options, settings, executor, on_batch)


def _descriptions(config: Config) -> dict[str, str]:
    from lint.runner import META_RULES

    return {r.id: r.description for r in select_rules(config)} | META_RULES


@contextlib.contextmanager
def _executor(config: Config, settings: CorpusSettings) -> Iterator[object | None]:
    if settings.executor != "dask":
        yield None
        return
    try:
        from lint.distributed import open_executor
    except ImportError:
        raise UsageError("--executor dask needs dask.distributed: install the corpus extra (pip install '.[corpus]' in a clone)") from None
    with open_executor(config, settings.scheduler, settings.workers, settings.private_servers) as executor:
        yield executor


def _targets(paths: Sequence[str], config: Config) -> tuple[list[str], list[FileError]]:
    """The files a local run would check, and the paths it could not walk."""
    from lint.discover import discover

    found = discover(paths, config)
    targets, errors = sorted(found.files), list(found.problems)  # the order of a local run
    if "-" in targets:
        raise UsageError("--executor dask needs files, not standard input")
    return targets, errors


class _Collector:
    """Gathers records' results into batch reports and the total: every finding, or with an
    output file one per severity."""

    def __init__(self, keep_all: bool, descriptions: dict[str, str]) -> None:
        self.keep_all = keep_all
        self.descriptions = descriptions
        self.total = Report([], [], 0, descriptions=descriptions, unit="record")
        self.batch = self._empty()
        self._engine_errors: set[FileError] = set()
        self._severities: set[Severity] = set()

    def _empty(self) -> Report:
        return Report([], [], 0, descriptions=self.descriptions, unit="record")

    def add(self, result: RecordResult) -> None:
        self.batch.files_checked += 1
        for e in result.errors:
            if e.status == 3:  # an engine failure is said once, not once per record
                if e in self._engine_errors:
                    continue
                self._engine_errors.add(e)
            self.batch.errors.append(e)
        for f in result.findings:
            if self.keep_all or f.severity not in self._severities:
                self._severities.add(f.severity)
                self.batch.findings.append(f)

    def error(self, error: FileError) -> None:
        self.batch.errors.append(error)

    def flush(self) -> Report:
        """The batch so far (added to the total), and a new empty one."""
        batch, self.batch = self.batch, self._empty()
        self.total.findings += batch.findings
        self.total.errors += batch.errors
        self.total.files_checked += batch.files_checked
        return batch


def _run_records(paths: Sequence[str], config: Config, options: RunOptions, settings: CorpusSettings, executor,
                 on_batch: Callable[[Report], None]) -> Report:
    """Every record of every file, in order, into the output file (if any) and batch reports of
    ``settings.batch`` records for ``on_batch``."""
    writer = _writer(config, options, settings)
    collected = _Collector(writer is None, _descriptions(config))
    progress = options.progress
    try:
        for path in paths:
            if progress is not None:
                progress.stage(f"records of {Path(path).name}", parquet_rows(Path(path)))  # type: ignore[arg-type]
            try:
                for result in _results(path, config, options, settings, executor):
                    collected.add(result)
                    if writer is not None:
                        writer.write(result, path)
                    if progress is not None:
                        progress.advance(1, len(result.findings))
                    if collected.batch.files_checked >= settings.batch:
                        on_batch(collected.flush())
            except InputError as exc:
                collected.error(FileError(path, str(exc).removeprefix(f"{Path(path)}: ")))
            on_batch(collected.flush())
    finally:
        if writer is not None:
            writer.close()
        if progress is not None:
            progress.close()
    return collected.total


def _results(path: str, config: Config, options: RunOptions, settings: CorpusSettings, executor):
    resume = settings.resume
    return check_records(read_records(Path(path)), config, fields=settings.fields, source=path, options=options,
                         batch=settings.batch, executor=executor, checkpoint=resume)


def _writer(config: Config, options: RunOptions, settings: CorpusSettings):
    if settings.output is None:
        return None
    from lint.corpus_out import header, open_writer
    from lint.engines.languagetool.install import LT_VERSION

    lt = options.languagetool and config.languagetool.enabled and languagetool_wanted(config)
    rules = [r.id for r in select_rules(config)] + (["lt.*"] if lt else [])
    head = header(rules, LT_VERSION if lt else None)
    try:
        return open_writer(settings.output, head, settings.summary)
    except OSError as exc:
        raise InputError(f"{settings.output}: cannot write: {exc.strerror or exc}") from None


def summary_line(report: Report, settings: CorpusSettings) -> str:
    """The closing line of a run whose findings went to ``--output``."""
    records = f"{report.files_checked} record{'s' if report.files_checked != 1 else ''}"
    errors = [e for e in report.errors if not e.is_note]
    line = f"Checked {records}; findings written to {settings.output}."
    if errors:
        line += f" Not everything was checked: {len(errors)} error{'s' if len(errors) != 1 else ''} (see above)."
    return line + "\n"
