"""Markup-aware extraction: pick a format for a path and turn a file into a TextSource."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from pathlib import PurePath

from lint.extract.plain import extract_plain
from lint.source import TextSource, plain_source


def _lazy(module: str, function: str) -> Callable[[str], TextSource]:
    """An extractor whose parser (markdown-it, docutils) is imported on first use, not at start-up."""

    def extractor(original: str) -> TextSource:
        return getattr(importlib.import_module(f"lint.extract.{module}"), function)(original)

    extractor.__name__ = function
    return extractor


#: Format name -> extractor; each returns a TextSource whose offsets count code points of the input.
EXTRACTORS: dict[str, Callable[[str], TextSource]] = {
    "plain": extract_plain,
    "markdown": _lazy("markdown", "extract_markdown"),
    "rst": _lazy("rst", "extract_rst"),
    "html": _lazy("html", "extract_html"),
}

#: Lower-case file suffix -> format name; any other suffix is "plain".
DEFAULT_SUFFIXES: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".rst": "rst",
    ".html": "html",
    ".htm": "html",
}


def format_for(path: str, overrides: Mapping[str, str] = {}) -> str:
    """The format of ``path``: ``overrides`` (suffix -> format, e.g. {".txt": "markdown"}) win.

    Override suffixes may be written with or without the dot, in any case.
    """
    suffix = PurePath(path).suffix.lower()
    wanted = {"." + k.lower().lstrip("."): v for k, v in overrides.items()}
    return wanted.get(suffix) or DEFAULT_SUFFIXES.get(suffix, "plain")


def extract(original: str, fmt: str) -> tuple[TextSource, str | None]:
    """Extract ``original`` as ``fmt``; on an unknown format or a parse failure, fall back to plain.

    Returns the TextSource and a one-line note when it fell back (None otherwise). Never raises.
    A fallback source is ``unparsed``: its findings are reported but never fixed, since a fix
    could land in code or markup that was taken for prose.
    """
    extractor = EXTRACTORS.get(fmt)
    if extractor is None:
        return _unparsed(original), f"unknown format {fmt!r}; checked as plain text"
    try:
        return extractor(original), None
    except Exception as exc:  # noqa: BLE001 - any parser failure must degrade, not crash the run
        reason = " ".join(str(exc).split()) or type(exc).__name__
        return _unparsed(original), f"could not parse as {fmt} ({reason}); checked as plain text"


def _unparsed(original: str) -> TextSource:
    return dataclasses.replace(plain_source(original, "plain"), unparsed=True)
