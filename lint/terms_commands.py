"""``typolint terms``: install, locate and remove the technical vocabulary (lint.terms)."""

from __future__ import annotations

import click

from lint.terms import SOURCES, install, terms_file


@click.group("terms")
def terms_group() -> None:
    """The technical vocabulary: software terms no spelling finding flags."""


@terms_group.command("install")
def install_command() -> None:
    """Fetch cspell's software-term word lists from npm into the user cache (idempotent)."""
    install(echo=click.echo)


@terms_group.command("path")
def path_command() -> None:
    """Print where the word list is, and whether it is installed."""
    path = terms_file()
    click.echo(f"{path} ({'installed' if path.is_file() else 'not installed: typolint terms install'})")
    for s in SOURCES:
        click.echo(f"  {s.name} {s.version} ({s.licence})")


@terms_group.command("uninstall")
def uninstall_command() -> None:
    """Remove the installed word list."""
    path = terms_file()
    if path.is_file():
        path.unlink()
        click.echo(f"removed {path}")
    else:
        click.echo("nothing to remove")
