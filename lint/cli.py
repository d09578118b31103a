"""Command line: flags -> Config, pick a formatter, print, exit. No linting logic lives here."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from lint import recache

recache.load("cli")  # before click and the modules below compile their patterns
import click  # noqa: E402
import dataclasses  # noqa: E402

from lint import __version__  # noqa: E402
from lint.errors import fail  # noqa: E402

if TYPE_CHECKING:
    from lint.config import Config
    from lint.model import Report
    from lint.runner import Pipeline

#: Output formats; kept here (not imported from lint.formatters) so --version stays fast.
FORMAT_NAMES = ["github", "json", "junit", "sarif", "text"]


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Flags given several times or comma-separated: ('a,b', 'c') -> ('a', 'b', 'c')."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


class LazyGroup(click.Group):
    """A group whose heavier subcommand groups are imported only when used (keeps --version fast)."""

    LAZY = {
        "languagetool": ("lint.engines.languagetool.commands", "languagetool_group"),
        "server": ("lint.engines.languagetool.commands", "server_group"),
        "lsp": ("lint.lsp.command", "lsp_command"),
        "terms": ("lint.terms_commands", "terms_group"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def invoke(self, ctx: click.Context):
        """Run the command; a TypolintError anywhere ends it with one ``error:`` line and its status."""
        from lint.errors import TypolintError

        try:
            return super().invoke(ctx)
        except TypolintError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.status)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            import importlib

            module, attr = self.LAZY[name]
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="typolint")
def main() -> None:
    """typolint: typo and grammar linter for prose (YAML rules + LanguageTool)."""


def _load_config(config_path: Path | None) -> Config:
    from lint.config import find_config, load_config

    return load_config(config_path or find_config(Path.cwd()))


def _apply_flags(config: Config, flags: dict) -> Config:
    """Command-line flags override the configuration file."""
    from lint.config import parse_size
    from lint.errors import UsageError
    from lint.model import Severity

    given = [(f"--{key}", name) for key in ("select", "ignore") for name in _split(flags[key])]
    try:
        max_size = parse_size(flags["max_file_size"]) if flags["max_file_size"] else config.max_file_size
    except ValueError as exc:
        raise UsageError(f"--max-file-size: {exc}") from None
    lt = dataclasses.replace(
        config.languagetool,
        cache=config.languagetool.cache and not flags["no_cache"],
        url=flags["languagetool_url"] or config.languagetool.url,
    )
    return dataclasses.replace(
        config,
        select=_split(flags["select"]) or config.select,
        ignore=config.ignore + _split(flags["ignore"]),
        fail_on=Severity.parse(flags["fail_on"]) if flags["fail_on"] else config.fail_on,
        rule_dirs=config.rule_dirs + tuple(flags["rule_dirs"]),
        languagetool=lt,
        selectors=config.selectors + tuple(given),
        max_file_size=max_size,
        force_exclude=config.force_exclude or flags["force_exclude"],
        respect_gitignore=config.respect_gitignore and not flags["no_ignore"],
    )


def check_options(func):
    """Options shared by ``check`` and ``baseline``: what to check and with which rules."""
    options = [
        click.argument("paths", nargs=-1),
        click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                     help="Use this config file instead of searching for .typolint.yaml / pyproject.toml."),
        click.option("--select", multiple=True, help="Only these rule-id prefixes (comma-separated or repeated)."),
        click.option("--ignore", multiple=True, help="Skip these rule-id prefixes ('typos' covers 'typos.*')."),
        click.option("--no-languagetool", is_flag=True, help="Run the YAML rules only."),
        click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
                     help="An extra folder of YAML rules (repeatable)."),
        click.option("--stdin-filename", default="-", help="The name to report for input read from '-'."),
        click.option("--no-cache", is_flag=True, help="Do not read or write the LanguageTool result cache."),
        click.option("--languagetool-url", default=None, help="Use this LanguageTool server, not a managed one."),
        click.option("--force-exclude", is_flag=True, help="Apply 'exclude' to files named on the command line too."),
        click.option("--no-ignore", is_flag=True, help="Also walk into what .gitignore and git's other excludes ignore."),
        click.option("--fail-on", type=click.Choice(["info", "warning", "error"]), default=None,
                     help="Lowest severity that makes the exit status 1 [default: warning]."),
        click.option("--progress/--no-progress", default=None,
                     help="A progress bar on stderr [default: when stderr is a terminal]."),
        click.option("--max-file-size", default=None, metavar="SIZE",
                     help="Files larger than this are an error, not read, e.g. 200M [default: 64M]."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def output_options(func):
    """Options shared by every command that prints a report: colour and quiet."""
    options = [
        click.option("--color", "colour", type=click.Choice(["auto", "always", "never"]), default="auto",
                     help="Colour the text output [default: auto: on a terminal, unless NO_COLOR is set]."),
        click.option("-q", "--quiet", is_flag=True, help="Print findings and errors only: no notes, no summary."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _pipeline(flags: dict, **extra) -> Pipeline:
    """The configured pipeline for ``check`` and ``baseline``: config file, then flags."""
    from lint.progress import make_progress
    from lint.runner import Pipeline, RunOptions

    config = _apply_flags(_load_config(flags["config_path"]), flags)
    options = RunOptions(languagetool=not flags["no_languagetool"], stdin_filename=flags["stdin_filename"],
                         progress=make_progress(flags["progress"]), **extra)
    return Pipeline(config, options)


def _print_problems(report: Report, quiet: bool) -> None:
    """Errors (and, unless ``quiet``, notes) on stderr, one line each."""
    for error in report.errors:
        if error.is_note and quiet:
            continue
        click.echo(f"{'note' if error.is_note else 'error'}: {error.path}: {error.message}", err=True)


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def use_colour(choice: str) -> bool:
    """``--color``: always/never, or auto: stdout is a terminal and NO_COLOR is unset or empty."""
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def corpus_options(func):
    """Options of ``check`` for record files and Dask clusters (see lint.corpus_cli)."""
    options = [
        click.option("--records", is_flag=True, help="PATHS are record files (.jsonl, .jsonl.gz, .parquet)."),
        click.option("--text-field", default="text", show_default=True, help="The record field with the text."),
        click.option("--id-field", default="id", show_default=True,
                     help="The record field with its id [records without it: their 1-based position]."),
        click.option("--format-field", default=None, help="A record field naming its markup (plain, markdown, rst, html)."),
        click.option("--markup", type=click.Choice(["plain", "markdown", "rst", "html"]), default="plain",
                     help="The markup of records [default: plain]."),
        click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Write one row per finding to this .jsonl, .jsonl.gz or .parquet file."),
        click.option("--summary", is_flag=True, help="With --output: also one row per record (counts per rule, per 1,000 words)."),
        click.option("--executor", type=click.Choice(["local", "dask"]), default="local",
                     help="Where shards run [default: local]."),
        click.option("--scheduler", default=None, help="With --executor dask: a running scheduler, tcp://HOST:PORT."),
        click.option("--workers", type=click.IntRange(1), default=None,
                     help="With --executor dask: start a local cluster of N worker processes."),
        click.option("--resume", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Checkpoint file: skip shards it records as finished, record the rest."),
        click.option("--batch-size", type=click.IntRange(1), default=64, show_default=True, help="Records per shard."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _corpus_settings(flags: dict):
    """Take the corpus options out of ``flags`` (so the file run never sees them); their settings
    when ``check`` must take the corpus path (records, Dask or an output file), else None (the
    plain file run, which then never imports the corpus modules)."""
    names = ("records", "text_field", "id_field", "format_field", "markup", "output", "summary", "executor",
             "scheduler", "workers", "resume", "batch_size")
    given = {name: flags.pop(name) for name in names}
    if not (given["records"] or given["executor"] != "local" or given["output"] is not None):
        return None
    from lint.corpus import RecordFields
    from lint.corpus_cli import CorpusSettings

    fields = RecordFields(given["text_field"], given["id_field"] or None, given["format_field"], given["markup"])
    return CorpusSettings(
        records=given["records"], fields=fields, output=given["output"], summary=given["summary"],
        executor=given["executor"], scheduler=given["scheduler"], workers=given["workers"],
        resume=given["resume"], batch=given["batch_size"],
    )


@main.command()
@check_options
@output_options
@corpus_options
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default=None,
              help="Output format [default: text; github under GitHub Actions].")
@click.option("--statistics", is_flag=True, help="Print counts per rule after the findings.")
@click.option("--fix", is_flag=True, help="Apply safe suggestions to the files, then report what is left.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: also apply the first suggestion of the rest.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Hide findings recorded in this baseline file.")
@click.option("--diff-base", default=None, help="Report only lines added or changed since this git ref.")
@click.option("--staged", is_flag=True, help="Report only lines changed in the git index.")
@click.option("--report-unused-suppressions", is_flag=True,
              help="Report typolint: directives that silenced nothing (rule typolint.unused-suppression).")
@click.option("-v", "--verbose", is_flag=True,
              help="Also report stale baseline entries (rule typolint.stale-baseline-entry).")
def check(paths: tuple[str, ...], fmt: str | None, statistics: bool, fix: bool, unsafe_fixes: bool,
          show_diff: bool, baseline_path: Path | None, diff_base: str | None, staged: bool,
          report_unused_suppressions: bool, verbose: bool, colour: str, quiet: bool, **flags) -> None:
    """Check files and folders (default: the current folder); '-' reads standard input.

    Folders are walked for prose files (Markdown, reST, HTML, text), skipping what git
    ignores; a file named here is always checked.

    Files are checked and reported a batch at a time; the exit status is decided once, at the end.
    """
    recache.load()  # before the imports below compile their patterns
    from lint.formatters import STREAMS, WholeStream, format_diff, format_statistics
    from lint.model import exit_code
    from lint.runner import RUN_GC_THRESHOLD, combine

    gc.set_threshold(*RUN_GC_THRESHOLD)  # this process holds a run's output until each batch is written

    if (fix or show_diff) and "-" in paths:
        fail("--fix and --diff need files, not standard input")
    corpus = _corpus_settings(flags)
    if corpus is not None:
        _check_corpus(paths, flags, corpus, fmt, colour, quiet, statistics,
                      {"--fix": fix, "--diff": show_diff, "--baseline": baseline_path, "--diff-base": diff_base,
                       "--staged": staged, "--report-unused-suppressions": report_unused_suppressions})
    fmt = fmt or _default_format()
    coloured = fmt == "text" and use_colour(colour)
    stream = STREAMS[fmt](coloured, quiet)
    whole = isinstance(stream, WholeStream)
    # Findings are formatted where their files are checked, unless --fix or the format needs them here.
    render = None if fix or show_diff or whole else stream.chunk
    pipeline = _pipeline(flags, baseline=_read_baseline(baseline_path), changed=_changed(diff_base, staged),
                         unused_suppressions=report_unused_suppressions,
                         stale_baseline=baseline_path if verbose else None, render=render)
    done = []
    for batch in pipeline.batches(paths or (".",)):
        if fix or show_diff:
            batch = _fix(batch, unsafe_fixes, write=not show_diff, pipeline=pipeline)
        _print_problems(batch, quiet)
        if show_diff:
            _echo_bytes(format_diff(batch))
        else:
            _echo(stream.batch(batch), coloured)
        # Sources are not kept; nor are findings, once printed, unless the format needs the whole run.
        done.append(dataclasses.replace(batch, checked=[], filtered=None) if whole else batch.release())
    total = combine(done)
    if not show_diff:
        _echo(stream.end(total), coloured)
    if statistics:
        click.echo(format_statistics(total), nl=False, err=fmt != "text" or show_diff)
    recache.save()
    sys.exit(exit_code(total, None if show_diff else pipeline.config.fail_on, diff=show_diff))


def _echo(text: str, coloured: bool) -> None:
    """Write to stdout; click strips escape codes unless told, and --color always must colour a pipe."""
    if text:  # without an escape code there is nothing to strip: skip click's scan of the text
        click.echo(text, nl=False, color=coloured or "\x1b" not in text)


def _check_corpus(paths, flags: dict, corpus, fmt: str | None, colour: str, quiet: bool, statistics: bool,
                  unsupported: dict) -> None:
    """``check --records`` / ``--executor dask``: printed batch by batch like a file run, one exit
    status at the end; with --output, the findings go to the file and stdout gets one closing line."""
    from lint.corpus_cli import run_corpus, summary_line, validate
    from lint.formatters import STREAMS, format_statistics
    from lint.model import exit_code
    from lint.progress import make_progress
    from lint.runner import RunOptions

    validate(corpus, unsupported)
    config = _apply_flags(_load_config(flags["config_path"]), flags)
    options = RunOptions(languagetool=not flags["no_languagetool"], progress=make_progress(flags["progress"]))
    fmt = fmt or _default_format()
    coloured = fmt == "text" and use_colour(colour)
    stream = STREAMS[fmt](coloured, quiet) if corpus.output is None else None

    def on_batch(batch: Report) -> None:
        _print_problems(batch, quiet)
        if stream is not None:
            _echo(stream.batch(batch), coloured)

    total = run_corpus(paths, config, options, corpus, on_batch)
    if stream is None:
        click.echo("" if quiet else summary_line(total, corpus), nl=False)
    else:
        _echo(stream.end(total), coloured)
        if statistics:
            click.echo(format_statistics(total), nl=False, err=fmt != "text")
    sys.exit(exit_code(total, config.fail_on))


def _echo_bytes(data: bytes) -> None:
    """Write bytes to stdout as they are: a --diff of a UTF-16 file is not UTF-8 text."""
    if data:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def _read_baseline(path: Path | None) -> dict | None:
    if path is None:
        return None
    from lint.baseline import read

    return read(path)


def _changed(diff_base: str | None, staged: bool):
    if diff_base is None and not staged:
        return None
    from lint.changed import changed_lines

    return changed_lines(diff_base, staged)


def _fix(report: Report, unsafe: bool, write: bool, pipeline: Pipeline) -> Report:
    """Apply (or, without ``write``, only compute for --diff) the fixes of one batch; return the
    report to print. Fixes are checked again in memory until stable (lint.fix.plan); files that
    were written are checked again, so the report shows what is left."""
    from lint.fix import plan, symlink_note, write_fix
    from lint.model import FileFix

    originals = {item.path: item.encoded for item in report.checked}
    plans, problems = plan(originals, report.findings, lambda texts: pipeline.recheck_texts(texts).findings, unsafe)
    fixes: list[FileFix] = []
    for file in plans:
        problem = write_fix(file) if write else symlink_note(Path(file.path))
        if problem is not None:
            problems.append(problem)
            continue
        if write:
            click.echo(f"fixed: {file.path}: {_fix_count(file.applied)}", err=True)
        fixes.append(FileFix(file.path, file.encoded.text, file.after, file.fixes, written=write,
                             encoding=file.encoded.encoding, bom=file.encoded.bom, applied=file.applied))
    written = {fix.path for fix in fixes if fix.written}
    if written:
        again = pipeline.recheck([c.path for c in report.checked if c.path in written])
        kept = [f for f in report.findings if f.path not in written]
        report = dataclasses.replace(report, findings=sorted(kept + again.findings, key=lambda f: f.sort_key),
                                     errors=list(dict.fromkeys(report.errors + again.errors)))
    return dataclasses.replace(report, errors=report.errors + problems, fixes=fixes)


def _fix_count(applied: tuple) -> str:
    """'3 fixes', or '3 fixes (1 in later passes)' when fixes revealed findings that were fixed too."""
    later = sum(a.fix_pass > 1 for a in applied)
    text = f"{len(applied)} fix{'es' if len(applied) != 1 else ''}"
    return text + (f" ({later} in later passes)" if later else "")


@main.command()
@check_options
@output_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path(".typolint-baseline.json"),
              show_default=True, help="Where to write the baseline.")
def baseline(output: Path, colour: str, quiet: bool, **flags) -> None:
    """Record the current findings so that later runs with --baseline report only new ones."""
    from lint.baseline import write
    from lint.config import relative_to_root
    from lint.model import exit_code

    from lint.runner import combine

    pipeline = _pipeline(flags)
    report = combine(pipeline.batches(flags.pop("paths") or (".",)))
    _print_problems(report, quiet)
    status = exit_code(report, None)
    if status:
        fail("not everything could be checked; no baseline written", status)
    count = write(output, report.findings, lambda p: relative_to_root(p, pipeline.config))
    if not quiet:
        click.echo(f"Wrote {count} entr{'ies' if count != 1 else 'y'} to {output}.")
    sys.exit(status)


@main.command()
@click.option("--force", is_flag=True, help="Overwrite an existing .typolint.yaml.")
def init(force: bool) -> None:
    """Write a commented starter .typolint.yaml in the current folder."""
    from lint.config import STARTER

    target = Path(".typolint.yaml")
    if target.exists() and not force:
        fail(f"{target} already exists (use --force to overwrite)")
    target.write_text(STARTER, encoding="utf-8")
    click.echo(f"Wrote {target}.")


def _languagetool_rules(rule_id: str | None) -> None:
    """List the LanguageTool rules that are on, or explain ``rule_id`` (lint/engines/languagetool/catalogue.py)."""
    from lint.engines.languagetool import catalogue
    from lint.engines.languagetool.install import InstallError

    try:
        if rule_id is None:
            for line in catalogue.listing(_load_config(None).languagetool):
                click.echo(line)
            return
        text = catalogue.explain_id(rule_id)
    except InstallError as exc:
        if rule_id is None:
            click.echo(f"note: LanguageTool rules not listed: {exc}", err=True)
            return
        fail(str(exc), 3)
    if text is None:
        fail(f"no rule {rule_id!r} (see: typolint rules)")
    click.echo(text)


@main.command("rules")
@click.argument("rule_id", required=False)
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path))
def rules_command(rule_id: str | None, rule_dirs: tuple[Path, ...]) -> None:
    """List the rules, or explain RULE_ID with its examples."""
    from lint.engines.rules.rulefile import builtin_rules_dir, load_rules

    rules = load_rules([builtin_rules_dir(), *rule_dirs])
    if rule_id is None:
        width = max(len(r.id) for r in rules)
        for r in sorted(rules, key=lambda r: r.id):
            click.echo(f"{r.id:<{width}}  {r.severity.label:<7}  {r.description}")
        _languagetool_rules(None)
        return
    if rule_id.startswith("lt."):
        _languagetool_rules(rule_id)
        return
    found = [r for r in rules if r.id == rule_id]
    if not found:
        fail(f"no rule {rule_id!r} (see: typolint rules)")
    rule = found[0]
    click.echo(f"{rule.id} ({rule.kind}, {rule.severity.label})\n{rule.description}\nfile: {rule.path}\n")
    for example in rule.examples:
        verdict = ", ".join(f"{e.line}:{e.column} {e.match!r}" for e in example.expect) or "no finding"
        click.echo(f"  {example.text!r}\n    -> {verdict}")

