"""The pipeline: discover -> read -> extract -> engines -> locate -> filters -> report."""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lint import filters
from lint.config import Config
from lint.engines import EngineError
from lint.engines.rules import RuleEngine
from lint.extract import extract, format_for
from lint.kinds import Context
from lint.lexicon import load_lexicon
from lint.model import FileError, Finding, Hit, Severity
from lint.filters import FilterContext
from lint.discover import discover
from lint.reading import BinaryFile, Encoded, InputError, decode, read_file
from lint.rulefile import Rule, builtin_rules_dir, load_rules
from lint.source import TextSource


@dataclass(slots=True)
class Checked:
    """One file that was read and extracted, with what the engines found in it."""

    path: str
    source: TextSource
    encoded: Encoded
    hits: list[Hit] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    """The outcome of a run: findings after filtering, per-file errors and notes, engine failure."""

    findings: list[Finding]
    errors: list[FileError]
    files_checked: int
    #: One line saying why LanguageTool did not check everything; None when it did or was off.
    engine_error: str | None = None
    checked: list[Checked] = field(default_factory=list)
    #: What the filters recorded: suppressions and baseline entries that silenced findings.
    filtered: FilterContext | None = None
    #: Rule id -> one-line description, for every YAML rule that ran (for SARIF metadata).
    descriptions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RunOptions:
    """Per-invocation choices that are not project configuration."""

    languagetool: bool = True
    stdin_filename: str = "-"
    #: Baseline fingerprints to hide (see lint.baseline); None for no baseline.
    baseline: set | None = None
    #: Absolute path -> changed lines (see lint.changed); None to report every line.
    changed: Mapping[Path, set[int]] | None = None
    #: Display path -> content to check instead of reading the file (--fix re-checks its edits).
    contents: Mapping[str, Encoded] | None = None


def select_rules(config: Config) -> list[Rule]:
    """Load the built-in and configured rules, keeping those select/ignore let through."""
    rules = load_rules([builtin_rules_dir(), *config.rule_dirs])
    return [r for r in rules if filters.rule_enabled(r.id, config.select, config.ignore)]


def run(paths: Sequence[str], config: Config, options: RunOptions = RunOptions()) -> Report:
    """Check ``paths`` and return the report. Raises RuleFileError and InputError for bad setup."""
    rules = select_rules(config)
    engine = RuleEngine(rules, Context(load_lexicon, config.vocabulary, config.regex_timeout))
    found = discover(paths, config)
    targets = found.files
    errors: list[FileError] = list(found.problems)
    checked: list[Checked] = []
    for item, file_errors in _check_files(targets, config, options, engine):
        errors.extend(file_errors)
        if item is not None:
            checked.append(item)
    engine_error = None
    if options.languagetool and config.languagetool.enabled:
        engine_error = _run_languagetool(checked, config, lambda: engine.context.lexicon)
    findings = [_locate(item, hit) for item in checked for hit in item.hits]
    ctx = FilterContext(config, {c.path: c.source for c in checked}, options.baseline, options.changed)
    ctx.supersedes = {r.id: r.supersedes for r in rules if r.supersedes}
    findings = filters.apply(findings, ctx)
    descriptions = {r.id: r.description for r in rules}
    return Report(findings, errors, len(checked), engine_error, checked, ctx, descriptions)


#: Below this much input, starting worker processes costs more than it saves.
PARALLEL_BYTES = 2_000_000


def _check_files(targets: list[str], config: Config, options: RunOptions, engine: RuleEngine):
    """Yield (Checked or None, errors) per file, in order; large inputs use one process per CPU."""
    workers = min(os.cpu_count() or 1, 8)
    size = sum(_size(p) for p in targets)
    if workers < 2 or size < PARALLEL_BYTES or "-" in targets or "fork" not in mp.get_all_start_methods():
        for path in targets:
            yield _check_file(path, config, options, engine)
        return
    engine.context.lexicon  # load once here; forked workers inherit it
    global _WORKER
    _WORKER = (config, options, engine)
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
        yield from pool.map(_check_in_worker, targets, chunksize=max(1, len(targets) // (workers * 4)))


_WORKER: tuple | None = None


def _check_in_worker(path: str):
    return _check_file(path, *_WORKER)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _check_file(path: str, config: Config, options: RunOptions, engine: RuleEngine):
    """Read, decode, extract and run the YAML rules on one file."""
    display = options.stdin_filename if path == "-" else path
    try:
        if options.contents is not None and path in options.contents:
            encoded = options.contents[path]
        else:
            encoded = decode(sys.stdin.buffer.read()) if path == "-" else read_file(Path(path))
    except BinaryFile as exc:
        return None, [FileError(display, str(exc), is_note=True)]
    except InputError as exc:
        return None, [FileError(display, str(exc))]
    source, note = extract(encoded.text, format_for(display, dict(config.formats)))
    errors = [FileError(display, note, is_note=True)] if note else []
    hits, rule_errors = engine.check_one(source)
    errors.extend(FileError(display, message) for message in rule_errors)
    return Checked(display, source, encoded, hits), errors


def _run_languagetool(checked: list[Checked], config: Config, lexicon) -> str | None:
    """Add LanguageTool hits to each file; return a one-line reason if it failed."""
    from lint.languagetool.engine import LanguageToolEngine

    try:
        engine = LanguageToolEngine(config.languagetool, config.vocabulary, lexicon=lexicon)
        results = engine.check([c.source for c in checked])
    except EngineError as exc:
        return str(exc)
    for item, hits in zip(checked, results):
        item.hits.extend(hits)
    return None


def _locate(item: Checked, hit: Hit) -> Finding:
    location = item.source.locate(hit)
    return Finding(
        path=item.path,
        location=location,
        rule=hit.rule,
        severity=hit.severity,
        message=hit.message,
        suggestions=hit.suggestions,
        source=hit.source,
        match=item.source.original[location.start : location.end],
        safe_fix=hit.safe_fix,
        fixable=item.source.is_contiguous(hit.start, hit.end),
    )


def exit_code(report: Report, fail_on: Severity) -> int:
    """The one place the exit status is decided: 3 engine failure, 2 bad input, 1 findings, else 0."""
    if report.engine_error:
        return 3
    if any(not e.is_note for e in report.errors):
        return 2
    if any(f.severity >= fail_on for f in report.findings):
        return 1
    return 0
