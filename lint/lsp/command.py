"""The ``typolint lsp`` command (imported only when used, so that start-up stays fast)."""

from __future__ import annotations

import click


@click.command("lsp")
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default; for editors that pass it).")
@click.option("--no-languagetool", is_flag=True, help="YAML rules only (initializationOptions: {\"languagetool\": false}).")
@click.option("--languagetool-url", default=None, help="Use this LanguageTool server, not the shared managed one.")
@click.option("--debounce", type=float, default=0.15, show_default=True,
              help="Seconds of quiet typing before LanguageTool checks the changed paragraphs.")
def lsp_command(stdio: bool, no_languagetool: bool, languagetool_url: str | None, debounce: float) -> None:
    """Run the language server over stdio (Markdown, reST, HTML and plain text)."""
    from lint.lsp.server import Options, serve

    serve(Options(not no_languagetool, languagetool_url, max(0.0, debounce)))
