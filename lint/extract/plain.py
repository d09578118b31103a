"""Plain-text extractor: every line is prose (a thin wrapper over lint.source.plain_source)."""

from __future__ import annotations

from lint.source import TextSource, plain_source


def extract_plain(original: str) -> TextSource:
    """Build the TextSource of a plain-text file (offsets in code points of ``original``)."""
    return plain_source(original, "plain")
