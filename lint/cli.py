"""Command line: flags -> Config, pick a formatter, print, exit. No linting logic lives here."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from lint import __version__

if TYPE_CHECKING:
    from lint.config import Config
    from lint.runner import Report

#: Output formats; kept here (not imported from lint.formatters) so --version stays fast.
FORMAT_NAMES = ["github", "json", "junit", "sarif", "text"]


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Flags given several times or comma-separated: ('a,b', 'c') -> ('a', 'b', 'c')."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a one-line error on stderr and exit with ``code``."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


class LazyGroup(click.Group):
    """A group whose heavier subcommand groups are imported only when used (keeps --version fast)."""

    LAZY = {
        "languagetool": ("lint.languagetool.commands", "languagetool_group"),
        "server": ("lint.languagetool.commands", "server_group"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

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
    from lint.config import ConfigError, find_config, load_config

    try:
        return load_config(config_path or find_config(Path.cwd()))
    except ConfigError as exc:
        fail(str(exc))


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
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _run(paths: tuple[str, ...], flags: dict, **extra) -> tuple[Config, Report]:
    from lint.reading import InputError
    from lint.rulefile import RuleFileError
    from lint.runner import RunOptions, run

    config = _apply_flags(_load_config(flags["config_path"]), flags)
    options = RunOptions(languagetool=not flags["no_languagetool"], stdin_filename=flags["stdin_filename"], **extra)
    try:
        return config, run(paths, config, options)
    except (RuleFileError, InputError) as exc:
        fail(str(exc))


def _print_problems(report: Report) -> None:
    for error in report.errors:
        prefix = "note" if error.is_note else "error"
        click.echo(f"{prefix}: {error.path}: {error.message}", err=True)
    if report.engine_error:
        click.echo(f"error: LanguageTool: {report.engine_error}", err=True)


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


@main.command()
@check_options
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
@click.option("--report-unused-suppressions", is_flag=True, help="List typolint: directives that matched nothing.")
@click.option("-v", "--verbose", is_flag=True, help="Also list stale baseline entries.")
def check(paths: tuple[str, ...], fmt: str | None, statistics: bool, fix: bool, unsafe_fixes: bool,
          show_diff: bool, baseline_path: Path | None, diff_base: str | None, staged: bool,
          report_unused_suppressions: bool, verbose: bool, **flags) -> None:
    """Check files and folders (default: '.'); '-' reads standard input.

    Folders are walked for prose files (Markdown, reST, HTML, text), skipping what git
    ignores; a file named here is always checked."""
    from lint.formatters import FORMATTERS, format_statistics
    from lint.runner import exit_code

    extra = {"baseline": _read_baseline(baseline_path), "changed": _changed(diff_base, staged)}
    config, report = _run(paths, flags, **extra)
    if fix or show_diff:
        if "-" in paths:
            fail("--fix and --diff need files, not standard input")
        changed_files, fix_problems = _fix(report, (flags, extra), unsafe_fixes, write=not show_diff)
        if show_diff:
            for problem in fix_problems:
                click.echo(f"{'note' if problem.is_note else 'error'}: {problem.path}: {problem.message}", err=True)
            sys.exit(1 if changed_files else 0)
        if changed_files:
            config, report = _run(paths, flags, **extra)  # report what is left
        report.errors.extend(fix_problems)
    _print_problems(report)
    fmt = fmt or _default_format()
    colour = fmt == "text" and sys.stdout.isatty()
    click.echo(FORMATTERS[fmt](report, colour=colour), nl=False)
    if statistics:
        click.echo(format_statistics(report), nl=False, err=fmt != "text")
    if report_unused_suppressions:
        _print_unused_suppressions(report)
    if verbose and baseline_path is not None:
        for entry in sorted(extra["baseline"] - report.filtered.used_baseline):
            click.echo(f"note: {baseline_path}: stale entry {entry[0]} [{entry[1]}] {entry[2]!r}", err=True)
    sys.exit(exit_code(report, config.fail_on))


def _read_baseline(path: Path | None) -> set | None:
    if path is None:
        return None
    from lint.baseline import BaselineError, read

    try:
        return read(path)
    except BaselineError as exc:
        fail(str(exc))


def _changed(diff_base: str | None, staged: bool):
    if diff_base is None and not staged:
        return None
    from lint.changed import GitError, changed_lines

    try:
        return changed_lines(diff_base, staged)
    except GitError as exc:
        fail(str(exc))


def _fix(report: Report, paths_flags: tuple, unsafe: bool, write: bool) -> tuple[int, list]:
    """Apply (or, without ``write``, print as a byte-level diff) the fixes.

    Returns how many files change and the notes and errors about files not written.
    """
    from lint.fix import plan, symlink_note, unified_diff, write_fix

    flags, extra = paths_flags
    originals = {item.path: item.encoded for item in report.checked}

    def recheck(contents):
        return _run(tuple(contents), flags, contents=contents, **extra)[1].findings

    plans, problems = plan(originals, report.findings, recheck, unsafe)
    changed = 0
    for file in plans:
        problem = write_fix(file) if write else symlink_note(Path(file.path))
        if problem is not None:
            problems.append(problem)
            continue
        changed += 1
        if not write:
            sys.stdout.flush()
            sys.stdout.buffer.write(unified_diff(file.path, file.before_bytes, file.after_bytes))
            sys.stdout.buffer.flush()
        else:
            click.echo(f"fixed: {file.path}: {file.fixes} fix{'es' if file.fixes != 1 else ''}", err=True)
    return changed, problems


def _print_unused_suppressions(report: Report) -> None:
    from lint.suppress import directives

    used = report.filtered.used_suppressions
    for item in report.checked:
        for d in directives(item.source):
            if d.kind != "enable" and (item.path, d) not in used:
                rules = ",".join(d.rules) or "all rules"
                click.echo(f"{item.path}:{d.line}:{d.column}: unused suppression: {d.kind}[{rules}]")


@main.command()
@check_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path(".typolint-baseline.json"),
              show_default=True, help="Where to write the baseline.")
def baseline(output: Path, **flags) -> None:
    """Record the current findings so that later runs with --baseline report only new ones."""
    from lint.baseline import write
    from lint.config import relative_to_root

    config, report = _run(flags.pop("paths"), flags)
    _print_problems(report)
    if report.engine_error or any(not e.is_note for e in report.errors):
        fail("not everything could be checked; no baseline written", 3 if report.engine_error else 2)
    count = write(output, report.findings, lambda p: relative_to_root(p, config))
    click.echo(f"Wrote {count} entr{'ies' if count != 1 else 'y'} to {output}.")


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


@main.command("rules")
@click.argument("rule_id", required=False)
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path))
def rules_command(rule_id: str | None, rule_dirs: tuple[Path, ...]) -> None:
    """List the rules, or explain RULE_ID with its examples."""
    from lint.rulefile import RuleFileError, builtin_rules_dir, load_rules

    try:
        rules = load_rules([builtin_rules_dir(), *rule_dirs])
    except RuleFileError as exc:
        fail(str(exc))
    if rule_id is None:
        width = max(len(r.id) for r in rules)
        for r in sorted(rules, key=lambda r: r.id):
            click.echo(f"{r.id:<{width}}  {r.severity.label:<7}  {r.description}")
        return
    found = [r for r in rules if r.id == rule_id]
    if not found:
        fail(f"no rule {rule_id!r} (see: typolint rules)")
    rule = found[0]
    click.echo(f"{rule.id} ({rule.kind}, {rule.severity.label})\n{rule.description}\nfile: {rule.path}\n")
    for example in rule.examples:
        verdict = ", ".join(f"{e.line}:{e.column} {e.match!r}" for e in example.expect) or "no finding"
        click.echo(f"  {example.text!r}\n    -> {verdict}")

