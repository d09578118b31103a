"""The pipeline: discover -> read -> extract -> engines -> locate -> filters -> report."""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from pathlib import Path

from lint import filters
from lint.config import Config, check_selectors
from lint.engines import Engine, Pending
from lint.engines.rules.engine import DISABLED, RuleEngine
from lint.extract import extract, format_for
from lint.engines.rules.kinds import Context
from lint.lexicon import load_lexicon
from lint.baseline import STALE_DESCRIPTION, STALE_RULE, stale
from lint.merge import merge_file
from lint.progress import Progress
from lint.model import FileError, Finding, Hit, Report
from lint.filters import FilterContext
from lint.learned import LearnedVocabulary, file_words
from lint.discover import discover
from lint.reading import BinaryFile, Encoded, InputError, decode, read_file
from lint.engines.rules.rulefile import Rule, builtin_rules_dir, load_rules
from lint.source import TextSource
from lint.suppress import UNUSED_DESCRIPTION, UNUSED_RULE, unused


@dataclass(slots=True)
class Checked:
    """One file that was read and extracted, with what the engines found in it."""

    path: str
    source: TextSource
    encoded: Encoded
    hits: list[Hit] = field(default_factory=list)
    #: What the file adds to the learned vocabulary (lint.learned.file_words), found where the
    #: file was checked (a worker process, for large input); None when nothing is learned.
    words: Any = None


@dataclass(frozen=True, slots=True)
class RunOptions:
    """Per-invocation choices that are not project configuration."""

    languagetool: bool = True
    stdin_filename: str = "-"
    #: Baseline fingerprints to hide, with their lines in the baseline file (see lint.baseline).
    baseline: Mapping[tuple, int] | None = None
    #: The baseline file, to report its stale entries as findings; None not to report them.
    stale_baseline: Path | None = None
    #: Report suppression comments that silenced nothing as findings.
    unused_suppressions: bool = False
    #: Where to report progress (a bar on stderr); None for none.
    progress: Progress | None = None
    #: Absolute path -> changed lines (see lint.changed); None to report every line.
    changed: Mapping[Path, set[int]] | None = None
    #: Formats one file's findings for the output (``Stream.chunk``). Given, a large rules-only
    #: run filters and formats each file in the worker process that checked it, and its batch
    #: reports carry the text (``Report.rendered``), neither findings nor sources. None (for
    #: --fix, and formats that need the whole run): reports carry findings and sources.
    render: Callable[[list[Finding]], str] | None = None


def select_rules(config: Config) -> list[Rule]:
    """Load the built-in and configured rules, keeping those select/ignore let through.

    Raises ConfigError for a selector that names no rule (see ``check_selectors``).
    """
    rules = load_rules([builtin_rules_dir(), *config.rule_dirs])
    check_selectors(config.selectors, [*(r.id for r in rules), *META_RULES])
    return [r for r in rules if filters.rule_enabled(r.id, config.select, config.ignore)]


@dataclass(frozen=True, slots=True)
class Document:
    """An in-memory text to check (a record, an editor buffer): the name to report, the text
    and its markup ("plain", "markdown", "rst", "html")."""

    name: str
    text: str
    markup: str = "plain"


class Pipeline:
    """One configured run: the rules and engines, built once, applied to any number of files
    or documents, a bounded batch at a time. ``finish`` turns a batch into a Report."""

    def __init__(self, config: Config, options: RunOptions = RunOptions()) -> None:
        """Raises RuleFileError for unusable rules."""
        self.config = config
        self.options = options
        self.rules = select_rules(config)
        self.rule_engine = RuleEngine(self.rules, Context(load_lexicon, config.vocabulary, config.regex_timeout))
        self._languagetool: Engine | None = None
        self._pool: Any = None  # a ProcessPoolExecutor once large input needs one
        self._workers: Any = None  # lint.workers.Workers, for a run rendered in the workers
        self._claimed: Any = None  # files of the current batch taken by the workers (a shared counter)
        #: In a worker process: the files it checked, by position in the run, until their batch is finished.
        self._held: dict[int, Checked] = {}
        #: Baseline entries used by any batch so far (stale entries are the rest, at the end).
        self.used_baseline: set = set()
        #: Messages of rules disabled after a time-out, already reported.
        self._disabled_reported: set[str] = set()
        #: The project vocabulary learned from every file checked so far (issue 10), or None.
        self.learned = LearnedVocabulary(lambda: self.rule_engine.context.lexicon) if self._learns() else None

    def _learns(self) -> bool:
        """True when the config learns a vocabulary and it can matter: a spelling rule is on, or
        LanguageTool (whose speller it also quiets) may run. Otherwise nothing is learned, and a
        run of rules that need no lexicon never loads it."""
        config = self.config
        if not config.learn_vocabulary:
            return False
        lt = self.options.languagetool and config.languagetool.enabled and languagetool_wanted(config)
        return lt or any(r.kind in SPELLING_KINDS for r in self.rules)

    def batches(self, paths: Sequence[str]) -> Iterator[Report]:
        """Check ``paths`` a bounded batch at a time, yielding one Report per batch (at least one).

        At most two batches' sources are in memory at once: while one batch is merged, filtered
        and reported here, the worker processes (for large input) already check the next. A path
        that cannot be walked is an error in the first batch; stale baseline entries come last,
        in a report of their own.
        """
        found = discover(paths, self.config)  # notes and errors for named paths go in the first batch
        errors: list[FileError] = list(found.problems)
        # Sorted up front, so that batch after batch the output is in one sorted order.
        targets = sorted(found.files)
        progress = self.options.progress
        if progress is not None:
            progress.stage("checking", len(targets))
        chunks = _batches(targets, *(LT_BATCH if self.languagetool() is not None else RULES_BATCH))
        # Worker processes or not is decided once, on the whole input: a small last batch of a
        # large run is checked by the workers too, not by this process while they sit idle.
        total = sum(_size(p) for p in targets if p != "-")
        try:
            in_workers = self.options.render is not None and self.languagetool() is None and self._workers_for(targets, total)
            reports = (self._rendered_reports if in_workers else self._reports)(chunks, total, errors)
            for chunk, report in zip(chunks, reports):
                if progress is not None:
                    progress.advance(len(chunk), sum(report.counts().values()))
                yield report
            options = self.options
            if options.stale_baseline is not None and options.baseline is not None:
                found = stale(options.stale_baseline, dict(options.baseline), self.used_baseline)
                yield Report(found, [], 0, descriptions=self.descriptions)
        finally:
            self.close()
            if progress is not None:
                progress.close()

    def _reports(self, chunks: list[list[str]], total: int, errors: list[FileError]) -> Iterator[Report]:
        """One report per chunk, finished in this process; the files are checked here or, for
        large input, by worker processes (one chunk ahead). ``errors`` go in the first report."""
        pooled = self._workers_for([path for chunk in chunks for path in chunk], total)
        upcoming = self._map(chunks[0], total) if pooled else iter(())
        for i, chunk in enumerate(chunks):
            if pooled:  # the workers check the next batch while this one is with LanguageTool
                results, upcoming = upcoming, self._map(chunks[i + 1], total) if i + 1 < len(chunks) else iter(())
                checked, chunk_errors = self._collect(results)
                yield self.finish(checked, errors + chunk_errors)
            else:  # LanguageTool's requests are in flight while the rules run (issue 16)
                checked, chunk_errors, pending = self._check_here(chunk)
                yield self.finish(checked, errors + chunk_errors, pending)
            errors = []
            if self.learned is not None:
                self.learned.settle()  # the batch is done (--fix included): its files are not learned again

    def _rendered_reports(self, chunks: list[list[str]], total: int, errors: list[FileError]) -> Iterator[Report]:
        """One report per chunk, whose files are read, checked, filtered and formatted
        (``RunOptions.render``) in worker processes, each file in the worker that read it. This
        process orders the results and passes on what each file adds to the learned vocabulary,
        so that every worker learns the whole batch, in order, before it filters its own files.
        While this process writes one batch, the workers check the next."""
        workers = self._start_workers()
        self._send_checks(chunks[0], 0)
        start = 0
        for i, chunk in enumerate(chunks):
            checked = sorted((e for w in range(len(workers)) for e in workers.receive(w)), key=lambda e: e[0])
            learned = [(path, words) for _, path, words, _ in checked if path is not None] if self.learned is not None else []
            for w in range(len(workers)):
                workers.send(w, ("finish", learned))
            if i + 1 < len(chunks):
                self._send_checks(chunks[i + 1], start + len(chunk))
            finished = [workers.receive(w) for w in range(len(workers))]
            yield self._rendered_report(checked, finished, errors)
            errors = []
            start += len(chunk)

    def _start_workers(self):
        """The worker processes of a rendered run (forked now: they inherit this pipeline)."""
        from lint.workers import Workers

        import multiprocessing as mp

        self.rule_engine.context.lexicon  # load once here; forked workers inherit it
        self._claimed = mp.get_context("fork").Value("l", 0)  # shared with the workers forked below
        global _PIPELINE
        _PIPELINE = self
        # The workers inherit a collector that skips what exists now (the rules, the compiled
        # patterns: they live as long as the run) and runs less often: a batch allocates many
        # objects that survive until it is finished, and the default thresholds had the collector
        # go over them again and again (4-5% of a worker's time). This process keeps its own
        # (the command line sets RUN_GC_THRESHOLD for itself too; a library caller keeps its own).
        threshold = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(*RUN_GC_THRESHOLD)
        try:
            self._workers = Workers(_worker_count(), _serve_files)
        finally:
            gc.set_threshold(*threshold)
            gc.unfreeze()
        _return_large_blocks()
        return self._workers

    def _send_checks(self, chunk: list[str], start: int) -> None:
        """Give every worker all of ``chunk`` (paths at positions ``start``... of the run),
        largest first: each worker takes the next file not yet taken (``check_held``) until none
        is left, so that the workers finish a batch together however long each file takes.
        Called only when no worker is taking files (before the first batch, or once every
        worker answered the previous one)."""
        self._claimed.value = 0
        files = [(index, path) for _, index, path in
                 sorted(((_size(p), start + i, p) for i, p in enumerate(chunk)), key=lambda e: (-e[0], e[1]))]
        for w in range(len(self._workers)):
            self._workers.send(w, ("check", files))

    def _rendered_report(self, checked: list[tuple], finished: list[tuple], errors: list[FileError]) -> Report:
        """The report of one batch rendered in the workers: ``checked`` holds (position, path or
        None, words, errors) per file, ``finished`` each worker's (position -> formatted
        findings, counts per (rule, severity), baseline entries used)."""
        errors = errors + [e for *_, file_errors in checked for e in file_errors if not self._reported_before(e)]
        texts: dict[int, str] = {}
        counts: Counter = Counter()
        for by_position, worker_counts, used in finished:
            texts.update(by_position)
            counts.update(worker_counts)
            self.used_baseline |= used
        rendered = [texts[position] for position in sorted(texts)]
        files = sum(path is not None for _, path, _, _ in checked)
        return Report([], errors, files, descriptions=self.descriptions, released=counts, rendered=rendered)

    def check_held(self, files: list[tuple[int, str]]) -> list[tuple[int, str | None, Any, list[FileError]]]:
        """In a worker: read, extract and rule-check the files of ``files`` (position, path) that
        this worker takes, one at a time in order, from those the other workers have not taken
        (``_send_checks``), keeping each checked file for ``finish_held``; (position, display
        path or None, words, errors) per file taken."""
        out = []
        while (position_path := self._take(files)) is not None:
            position, path = position_path
            item, errors = _check_file(path, self.config, self.options, self.rule_engine, self.learned is not None)
            if item is not None:
                self._held[position] = item
            out.append((position, None if item is None else item.path, None if item is None else item.words, errors))
        return out

    def _take(self, files: list[tuple[int, str]]) -> tuple[int, str] | None:
        """The next file of ``files`` that no worker has taken yet, now taken; None when none is left."""
        with self._claimed.get_lock():
            taken = self._claimed.value
            if taken >= len(files):
                return None
            self._claimed.value = taken + 1
        return files[taken]

    def finish_held(self, learned: list[tuple[str, Any]]) -> tuple[dict[int, str], Counter, set]:
        """In a worker: learn the batch's words (``learned``: (path, words) of every file of the
        batch, in order), then locate, merge, filter and format the files this worker holds.
        Returns (position -> the text of its findings, for each file with findings; counts per
        (rule, severity); baseline entries used). One string per file, not per finding: the
        process that writes them unpickles, joins and writes far fewer objects."""
        if self.learned is not None:
            for path, words in learned:
                self.learned.learn(path, None, words)
        positions = sorted(self._held)
        checked = [self._held.pop(p) for p in positions]
        report = self.report(checked, [], learn=False)
        if self.learned is not None:
            self.learned.settle()
        position_of = {item.path: p for p, item in zip(positions, checked)}
        by_position: dict[int, list[Finding]] = {}
        for f in report.findings:
            by_position.setdefault(position_of[f.path], []).append(f)
        render = self.options.render
        texts = {p: render(findings) for p, findings in by_position.items()}
        return texts, report.counts(), report.filtered.used_baseline

    def check_files(self, paths: list[str]) -> tuple[list[Checked], list[FileError]]:
        """Read, extract and run the YAML rules on ``paths`` (several processes for large input)."""
        return self._collect(self._map(paths))

    def _check_here(self, paths: list[str]) -> tuple[list[Checked], list[FileError], Pending | None]:
        """Read and extract ``paths`` in this process, start the batch's LanguageTool check, and
        run the YAML rules while its requests are in flight (issue 16): the checked files, their
        errors in path order, and the check under way (None without LanguageTool)."""
        config, options, engine = self.config, self.options, self.rule_engine
        extracted = [_extract_file(path, config, options) for path in paths]
        pending = self.start([item for item, _ in extracted if item is not None])
        try:
            learn = self.learned is not None
            checked, errors = self._collect(
                (item, problems + (_run_rules(item, engine, learn) if item is not None else []))
                for item, problems in extracted)
        except BaseException:
            if pending is not None:
                pending.cancel()
            raise
        return checked, errors, pending

    def _collect(self, results: Iterable[tuple[Checked | None, list[FileError]]]) -> tuple[list[Checked], list[FileError]]:
        """The checked files and errors of one batch's results (see ``_map``), in order."""
        checked: list[Checked] = []
        errors: list[FileError] = []
        for item, file_errors in results:
            errors.extend(e for e in file_errors if not self._reported_before(e))
            if item is not None:
                checked.append(item)
        return checked, errors

    def _reported_before(self, error: FileError) -> bool:
        """True for a rule-disabled error already reported (worker processes each disable the rule)."""
        if not error.message.endswith(DISABLED):
            return False
        seen = error.message in self._disabled_reported
        self._disabled_reported.add(error.message)
        return seen

    def check_document(self, doc: Document) -> tuple[Checked, list[FileError]]:
        """Extract ``doc`` and run the YAML rules on it."""
        encoded = Encoded(doc.text, "utf-8", b"")
        return _check_text(doc.name, encoded, doc.markup, self.rule_engine, self.learned is not None)

    def languagetool(self) -> Engine | None:
        """The LanguageTool engine, or None when it is off or no ``lt.*`` rule is selected."""
        config = self.config
        if not (self.options.languagetool and config.languagetool.enabled and languagetool_wanted(config)):
            return None
        if self._languagetool is None:
            self._languagetool = _languagetool(config, self.rule_engine)
        return self._languagetool

    def spelling_rules(self) -> tuple[str, ...]:
        """Ids of the rules whose findings are spelling findings: the YAML rules of the spelling
        and truncation kinds, and (as id prefixes) LanguageTool's spellers when it runs."""
        ids = tuple(r.id for r in self.rules if r.kind in SPELLING_KINDS)
        if self._languagetool is None:
            return ids
        from lint.engines.languagetool.engine import SPELLING_RULE_PREFIXES

        return ids + tuple(f"lt.{p}" for p in SPELLING_RULE_PREFIXES)

    @functools.cached_property
    def descriptions(self) -> dict[str, str]:
        """Rule id -> one-line description, for every rule of the run (one dict, shared by
        every batch's report: a streamed run keeps one small report per batch)."""
        return {r.id: r.description for r in self.rules} | META_RULES

    def start(self, checked: list[Checked]) -> Pending | None:
        """Begin the LanguageTool check of a batch (see ``Engine.start``); None when it is off."""
        engine = self.languagetool()
        return engine.start([c.source for c in checked]) if engine is not None else None

    def finish(self, checked: list[Checked], errors: list[FileError], pending: Pending | None = None) -> Report:
        """Run LanguageTool on a batch (or wait for the check ``start`` began: ``pending``),
        merge, filter and build its report."""
        if pending is None:
            pending = self.start(checked)
        if pending is not None:
            errors = errors + _add_hits(self.languagetool(), pending, checked)
        return self.report(checked, errors)

    def report(self, checked: list[Checked], errors: list[FileError], learn: bool = True) -> Report:
        """Merge, filter and build the report of the hits already in ``checked`` (no engine runs);
        the learned vocabulary learns ``checked`` first, unless not to ``learn`` (already done)."""
        supersedes = {r.id: tuple(r.supersedes) for r in self.rules if r.supersedes}
        findings = [
            f for item in checked
            for f in merge_file(_locate(item), item.source, supersedes)
        ]
        options = self.options
        ctx = FilterContext(self.config, {c.path: c.source for c in checked}, options.baseline, options.changed)
        if self.learned is not None:
            for item in checked if learn else ():
                self.learned.learn(item.path, item.source, item.words)
            ctx.learned = self.learned
        ctx.spelling_rules, ctx.kinds = self.spelling_rules(), {r.id: r.kind for r in self.rules}
        ctx.lexicon = lambda: self.rule_engine.context.lexicon
        findings = filters.apply(findings, ctx)
        self.used_baseline |= ctx.used_baseline
        if options.unused_suppressions:  # the filters sorted the rest
            findings += [f for c in checked for f in unused(c.path, c.source, ctx.used_suppressions)]
            findings.sort(key=Finding.sort_key.fget)
        return Report(findings, errors, len(checked), checked, ctx, self.descriptions)

    def recheck(self, paths: list[str]) -> Report:
        """Check ``paths`` again as one batch (after --fix wrote them)."""
        return self.finish(*self.check_files(paths))

    def recheck_texts(self, contents: Mapping[str, Encoded]) -> Report:
        """Check in-memory contents (display path -> decoded text) as one batch: --fix checks
        its edits again before anything is written. Markup follows each path's suffix."""
        checked: list[Checked] = []
        errors: list[FileError] = []
        for path, encoded in contents.items():
            markup = format_for(path, dict(self.config.formats))
            learn = self.learned is not None
            item, item_errors = _check_text(path, encoded, markup, self.rule_engine, learn)
            checked.append(item)
            errors.extend(item_errors)
        return self.finish(checked, errors)

    def _map(self, paths: list[str], total: int | None = None) -> Iterator[tuple[Checked | None, list[FileError]]]:
        """(Checked or None, errors) per path, in order; one process per CPU for large input
        (``total`` bytes in the run, if more than ``paths`` hold)."""
        config, options, engine = self.config, self.options, self.rule_engine
        learn = self.learned is not None
        workers = _worker_count()
        if not self._workers_for(paths, total):
            return (_check_file(path, config, options, engine, learn) for path in paths)
        import multiprocessing as mp  # only for large input: 20 ms of imports a run otherwise
        from concurrent.futures import ProcessPoolExecutor

        if self._pool is None:
            engine.context.lexicon  # load once here; forked workers inherit it
            global _WORKER
            _WORKER = (config, options, engine, learn)
            self._pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"))
        return self._pool.map(_check_in_worker, paths, chunksize=max(1, len(paths) // (workers * 4)))

    def _workers_for(self, paths: Sequence[str], total: int | None = None) -> bool:
        """True when ``paths`` (``total`` bytes in the run, if more than they hold) are worth
        worker processes: large input, not standard input, two CPUs or more, and ``fork``."""
        if _worker_count() < 2 or "-" in paths:
            return False
        if (total if total is not None else sum(_size(p) for p in paths)) < PARALLEL_BYTES:
            return False
        import multiprocessing as mp  # only for large input: 20 ms of imports a run otherwise

        return "fork" in mp.get_all_start_methods()

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)  # a run stopped early does not wait for its next batch
            self._pool = None
        if self._workers is not None:
            self._workers.close()
            self._workers = None


def run(paths: Sequence[str], config: Config, options: RunOptions = RunOptions()) -> Report:
    """Check ``paths`` and return one report for the whole run. Raises RuleFileError for
    unusable rules; a path that cannot be read is a per-path error in the report."""
    return combine(Pipeline(config, options).batches(paths))


def combine(reports: Iterable[Report]) -> Report:
    """One report from the reports of consecutive batches, in order."""
    total = Report([], [], 0)
    for report in reports:
        total.findings += report.findings
        total.errors += report.errors
        total.files_checked += report.files_checked
        total.checked += report.checked
        total.descriptions = report.descriptions
        total.filtered = report.filtered
        total.fixes += report.fixes
        total.released.update(report.released)
    return total


def run_documents(documents: Iterable[Document], config: Config, options: RunOptions = RunOptions()) -> Report:
    """Check in-memory documents through the same pipeline as files; paths in the report are
    the documents' names."""
    pipeline = Pipeline(config, options)
    checked: list[Checked] = []
    errors: list[FileError] = []
    for doc in documents:
        item, problems = pipeline.check_document(doc)
        checked.append(item)
        errors.extend(problems)
    return pipeline.finish(checked, errors)


#: (files, bytes) in one batch: bounds memory (two batches at most are held), and how long a
#: progress bar stands still. 4 MB: a run's peak memory is reached from about 8 MB of input on.
RULES_BATCH = (512, 4_000_000)
LT_BATCH = (64, 1_000_000)


def _batches(targets: list[str], max_files: int, max_bytes: int) -> list[list[str]]:
    """Consecutive slices of ``targets`` of at most ``max_files`` files and about ``max_bytes``."""
    chunks: list[list[str]] = [[]]
    size = 0
    for path in targets:
        if chunks[-1] and (len(chunks[-1]) >= max_files or size >= max_bytes):
            chunks.append([])
            size = 0
        chunks[-1].append(path)
        size += _size(path) if path != "-" else 0
    return chunks


#: YAML rule kinds whose findings are spelling findings (the learned vocabulary applies to them).
SPELLING_KINDS = frozenset({"spelling", "truncation"})

#: Rules of typolint itself, whose findings are about its own directives and files.
META_RULES = {UNUSED_RULE: UNUSED_DESCRIPTION, STALE_RULE: STALE_DESCRIPTION}


def languagetool_wanted(config: Config) -> bool:
    """False when select/ignore leave no LanguageTool rule (``lt.*``) on: then it is never contacted."""
    def mentions_lt(prefixes: Sequence[str]) -> bool:
        return any(p == "lt" or p.startswith("lt.") for p in prefixes)

    if mentions_lt([i for i in config.ignore if i == "lt"]):
        return False
    if not config.select:
        return True
    return mentions_lt(config.select) or any(mentions_lt(o.select) for o in config.overrides)




def _add_hits(engine: Engine, pending: Pending, checked: list[Checked]) -> list[FileError]:
    """Wait for an engine's check of ``checked`` and add its hits to each file; its problems
    become run-level errors."""
    results, problems = pending.result()
    for item, hits in zip(checked, results):
        item.hits.extend(hits)
    return [FileError(engine.label, str(p), status=p.status) for p in problems]


#: The garbage collector's thresholds in worker processes and in the command line's process
#: (Python's default: 700, 10, 10): a run's objects (rules, sources, findings, rendered lines)
#: live until their batch is done, and its garbage is freed by reference counts, not by the
#: collector, which at the default thresholds went over them again and again.
RUN_GC_THRESHOLD = (10_000, 20, 10)

#: Below this much input, starting worker processes costs more than it saves.
PARALLEL_BYTES = 2_000_000


_WORKER: tuple | None = None
#: The pipeline of a rendered run, inherited by its forked worker processes.
_PIPELINE: Pipeline | None = None


def _return_large_blocks() -> None:
    """Have glibc's allocator give every block of 128 KiB or more back to the system when it is
    freed, in the process that receives a rendered run's output from its workers (once they are
    forked: their per-file blocks would cost a page fault per page each time). Each batch's
    output passes through it as a few large strings (each file's findings, the batch's text, its
    encoding); by default glibc raises its threshold for such blocks to the largest one freed and
    serves them from the heap after that, and the holes they left kept the process's peak memory
    growing with the corpus (60-66 MiB at 10 MB of plain input, 75-77 MiB at 100 MB; 59 MiB at
    both with the threshold fixed for the whole process). Elsewhere than glibc: nothing."""
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(_M_MMAP_THRESHOLD, 128 * 1024)


#: glibc's ``mallopt`` parameter for the size from which a block is mapped on its own (malloc.h).
_M_MMAP_THRESHOLD = -3


def _worker_count() -> int:
    """Worker processes for large input: one per CPU, at most 8."""
    return min(os.cpu_count() or 1, 8)


def _check_in_worker(path: str):
    return _check_file(path, *_WORKER)


def _serve_files(request: tuple[str, Any]) -> Any:
    """A worker's answer to ("check", files) or ("finish", learned) (see ``Pipeline._rendered_reports``)."""
    kind, payload = request
    return _PIPELINE.check_held(payload) if kind == "check" else _PIPELINE.finish_held(payload)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _check_file(path: str, config: Config, options: RunOptions, engine: RuleEngine, learn: bool = False):
    """Read and decode one file, then extract it and run the YAML rules (see ``_check_text``)."""
    item, errors = _extract_file(path, config, options)
    return item, errors + (_run_rules(item, engine, learn) if item is not None else [])


def _extract_file(path: str, config: Config, options: RunOptions) -> tuple[Checked | None, list[FileError]]:
    """Read, decode and extract one file (no engine runs): None and the errors if it cannot be read."""
    display = options.stdin_filename if path == "-" else path
    try:
        encoded = decode(_read_stdin(config.max_file_size)) if path == "-" else read_file(Path(path), config.max_file_size)
    except BinaryFile as exc:
        return None, [FileError(display, str(exc), is_note=True)]
    except InputError as exc:
        return None, [FileError(display, str(exc))]
    return _extract_text(display, encoded, format_for(display, dict(config.formats)))


def _extract_text(name: str, encoded: Encoded, markup: str) -> tuple[Checked, list[FileError]]:
    """Extract decoded text as ``markup``: the file with no hits yet, and the extractor's note."""
    source, note = extract(encoded.text, markup)
    return Checked(name, source, encoded), [FileError(name, note, is_note=True)] if note else []


def _run_rules(item: Checked, engine: RuleEngine, learn: bool) -> list[FileError]:
    """Run the YAML rules on an extracted file (adding to ``item.hits``) and, with ``learn``, find
    what the file adds to the learned vocabulary (here, so worker processes share that work)."""
    (hits,), problems = engine.check([item.source])
    item.hits.extend(hits)
    if learn:
        item.words = file_words(item.source, engine.context.lexicon)
    return [FileError(item.path, str(p), status=p.status) for p in problems]


def _check_text(name: str, encoded: Encoded, markup: str, engine: RuleEngine,
                learn: bool) -> tuple[Checked, list[FileError]]:
    """Extract decoded text as ``markup`` and run the YAML rules on it (see ``_run_rules``)."""
    item, errors = _extract_text(name, encoded, markup)
    return item, errors + _run_rules(item, engine, learn)


def _read_stdin(limit: int) -> bytes:
    """Standard input, at most ``limit`` bytes (InputError beyond, naming --max-file-size)."""
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"larger than {limit} bytes; raise the limit with --max-file-size")
    return data


def _languagetool(config: Config, rules: RuleEngine) -> Engine:
    from lint.engines.languagetool.engine import LanguageToolEngine

    return LanguageToolEngine(config.languagetool, config.vocabulary, lexicon=lambda: rules.context.lexicon)


def _locate(item: Checked) -> list[Finding]:
    """The findings of a file's hits, in order: every span located in one call (TextSource.locate_all)."""
    source, path = item.source, item.path
    original, fits = source.original, source.fits
    hits = item.hits
    return [
        Finding(path, location, hit.rule, hit.severity, hit.message, hit.suggestions, hit.source,
                original[location.start : location.end], hit.safe_fix,
                contiguous and (not hit.suggestions or fits(location.start, location.end, hit.suggestions[0])))
        for hit, (location, contiguous) in zip(hits, source.locate_all([(h.start, h.end) for h in hits]))
    ]


