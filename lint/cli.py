"""Command line: flags -> Config, pick a formatter, print, exit. No linting logic lives here."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from lint import __version__
from lint.errors import fail

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
        "languagetool": ("lint.languagetool.commands", "languagetool_group"),
        "server": ("lint.languagetool.commands", "server_group"),
        "lsp": ("lint.lsp.command", "lsp_command"),
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
    from lint.model import Severity

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
        click.option("--fail-on", type=click.Choice(["info", "warning", "error"]), default=None,
                     help="Lowest severity that makes the exit status 1 [default: warning]."),
        click.option("--progress/--no-progress", default=None,
                     help="A progress bar on stderr [default: when stderr is a terminal]."),
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


@main.command()
@check_options
@output_options
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
    """Check files and folders (recursively; default: the current folder); '-' reads standard input.

    Files are checked and reported a batch at a time; the exit status is decided once, at the end.
    """
    from lint.formatters import STREAMS, format_diff, format_statistics
    from lint.model import exit_code
    from lint.runner import combine

    if (fix or show_diff) and "-" in paths:
        fail("--fix and --diff need files, not standard input")
    pipeline = _pipeline(flags, baseline=_read_baseline(baseline_path), changed=_changed(diff_base, staged),
                         unused_suppressions=report_unused_suppressions,
                         stale_baseline=baseline_path if verbose else None)
    fmt = fmt or _default_format()
    coloured = fmt == "text" and use_colour(colour)
    stream = STREAMS[fmt](coloured, quiet)
    done = []
    for batch in pipeline.batches(paths or (".",)):
        if fix or show_diff:
            batch = _fix(batch, unsafe_fixes, write=not show_diff, recheck=pipeline.recheck)
        _print_problems(batch, quiet)
        _echo(format_diff(batch) if show_diff else stream.batch(batch), coloured)
        done.append(dataclasses.replace(batch, checked=[], filtered=None))  # sources are not kept
    total = combine(done)
    if not show_diff:
        _echo(stream.end(total), coloured)
    if statistics:
        click.echo(format_statistics(total), nl=False, err=fmt != "text" or show_diff)
    sys.exit(exit_code(total, None if show_diff else pipeline.config.fail_on, diff=show_diff))


def _echo(text: str, coloured: bool) -> None:
    """Write to stdout; click strips escape codes unless told, and --color always must colour a pipe."""
    if text:
        click.echo(text, nl=False, color=coloured)


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


def _fix(report: Report, unsafe: bool, write: bool, recheck) -> Report:
    """Apply (or, without ``write``, only compute for --diff) the fixes of one batch; return the
    report to print. Files that were written are checked again, so the report shows what is left."""
    from lint.fix import apply_edits, edits_for, write_atomic
    from lint.model import FileError, FileFix

    fixes: list[FileFix] = []
    problems: list[FileError] = []
    for item in report.checked:
        edits = edits_for([f for f in report.findings if f.path == item.path], unsafe)
        if not edits:
            continue
        after = apply_edits(item.source.original, edits)
        if write:
            try:
                write_atomic(Path(item.path), after, item.encoded)
            except OSError as exc:
                problems.append(FileError(item.path, f"cannot write the fix: {exc.strerror or exc}"))
                continue
            click.echo(f"fixed: {item.path}: {len(edits)} fix{'es' if len(edits) != 1 else ''}", err=True)
        fixes.append(FileFix(item.path, item.source.original, after, len(edits), written=write))
    written = {fix.path for fix in fixes if fix.written}
    if written:
        again = recheck([c.path for c in report.checked if c.path in written])
        kept = [f for f in report.findings if f.path not in written]
        report = dataclasses.replace(report, findings=sorted(kept + again.findings, key=lambda f: f.sort_key),
                                     errors=list(dict.fromkeys(report.errors + again.errors)))
    return dataclasses.replace(report, errors=report.errors + problems, fixes=fixes)


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
    """List the LanguageTool rules that are on, or explain ``rule_id`` (lint/languagetool/catalogue.py)."""
    from lint.languagetool import catalogue
    from lint.languagetool.install import InstallError

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
    from lint.rulefile import builtin_rules_dir, load_rules

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

