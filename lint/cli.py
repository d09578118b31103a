"""Command line: flags -> Config, pick a formatter, print, exit. No linting logic lives here."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from lint import __version__


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Flags given several times or comma-separated: ('a,b', 'c') -> ('a', 'b', 'c')."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def fail(message: str, code: int = 2) -> None:
    """Print a one-line error on stderr and exit with ``code``."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="typolint")
def main() -> None:
    """typolint: typo and grammar linter for prose (YAML rules + LanguageTool)."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--select", multiple=True, help="Only these rule-id prefixes (comma-separated or repeated).")
@click.option("--ignore", multiple=True, help="Skip these rule-id prefixes ('typos' covers 'typos.*').")
@click.option("--fail-on", type=click.Choice(["info", "warning", "error"]), default=None,
              help="Lowest severity that makes the exit status 1 [default: warning].")
@click.option("--no-languagetool", is_flag=True, help="Run the YAML rules only.")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="An extra folder of YAML rules (repeatable).")
@click.option("--stdin-filename", default="-", help="The name to report for input read from '-'.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the LanguageTool result cache.")
@click.option("--languagetool-url", default=None, help="Use this LanguageTool server instead of a managed one.")
@click.option("--statistics", is_flag=True, help="Print counts per rule after the findings.")
def check(paths: tuple[str, ...], fmt: str, select, ignore, fail_on, no_languagetool, rule_dirs,
          stdin_filename, no_cache, languagetool_url, statistics) -> None:
    """Check files and folders (recursively); '-' reads standard input."""
    from lint.config import Config
    from lint.formatters import FORMATTERS, format_statistics
    from lint.model import Severity
    from lint.reading import InputError
    from lint.rulefile import RuleFileError
    from lint.runner import RunOptions, exit_code, run

    if not paths:
        fail("no paths given (try: typolint check .)")
    config = Config()
    lt = dataclasses.replace(
        config.languagetool,
        cache=config.languagetool.cache and not no_cache,
        url=languagetool_url or config.languagetool.url,
    )
    config = dataclasses.replace(
        config,
        select=config.select + _split(select),
        ignore=config.ignore + _split(ignore),
        fail_on=Severity.parse(fail_on) if fail_on else config.fail_on,
        rule_dirs=config.rule_dirs + rule_dirs,
        languagetool=lt,
    )
    options = RunOptions(languagetool=not no_languagetool, stdin_filename=stdin_filename)
    try:
        report = run(paths, config, options)
    except (RuleFileError, InputError) as exc:
        fail(str(exc))
    for error in report.errors:
        prefix = "note" if error.is_note else "error"
        click.echo(f"{prefix}: {error.path}: {error.message}", err=True)
    colour = fmt == "text" and sys.stdout.isatty()
    click.echo(FORMATTERS[fmt](report, colour=colour), nl=False)
    if statistics:
        click.echo(format_statistics(report), nl=False, err=fmt != "text")
    if report.engine_error:
        click.echo(f"error: LanguageTool: {report.engine_error}", err=True)
    sys.exit(exit_code(report, config.fail_on))


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
