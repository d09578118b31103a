"""The extract package API: formats by suffix, and the fallback to plain text on a parse failure."""

from __future__ import annotations

import pytest

import lint.extract as extract_pkg
from lint.extract import DEFAULT_SUFFIXES, EXTRACTORS, extract, format_for


def test_every_suffix_names_an_extractor() -> None:
    assert set(DEFAULT_SUFFIXES.values()) | {"plain"} == set(EXTRACTORS)


@pytest.mark.parametrize(
    ("path", "fmt"),
    [("README.md", "markdown"), ("a/b.MARKDOWN", "markdown"), ("doc.rst", "rst"), ("x.htm", "html"),
     ("x.html", "html"), ("notes.txt", "plain"), ("Makefile", "plain"), ("-", "plain")],
)
def test_format_for_defaults(path: str, fmt: str) -> None:
    assert format_for(path) == fmt


def test_format_for_overrides_win() -> None:
    assert format_for("notes.TXT", {".txt": "markdown"}) == "markdown"
    assert format_for("page.md", {".md": "plain"}) == "plain"
    assert format_for("notes.txt", {"TXT": "rst"}) == "rst"


def test_plain_extraction_keeps_every_line() -> None:
    source, note = extract("a `b` <c>\r\nd\n", "plain")
    assert (source.text, source.fmt, note) == ("a `b` <c>\nd\n", "plain", None)


def test_rst_parse_failure_falls_back_to_plain_with_a_note() -> None:
    # 400 ever deeper block quotes exhaust docutils' recursion limit.
    original = "".join(" " * depth + "Quote hte.\n\n" for depth in range(400))
    source, note = extract(original, "rst")
    assert source.fmt == "plain" and source.text == original
    assert note == "could not parse as rst (maximum recursion depth exceeded); checked as plain text"
    assert source.unparsed and not source.fits(0, 5, "Quote")  # no fix is trusted in it


def test_parsed_sources_take_fixes() -> None:
    source, _ = extract("Quote hte.\n", "rst")
    assert not source.unparsed and source.fits(6, 9, "the")


def test_parser_crash_falls_back_to_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(original: str):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setitem(extract_pkg.EXTRACTORS, "markdown", broken)
    source, note = extract("# Title\n\nBody.\n", "markdown")
    assert source.text == "# Title\n\nBody.\n"
    assert note == "could not parse as markdown (maximum recursion depth exceeded); checked as plain text"


def test_unknown_format_is_plain_with_a_note() -> None:
    source, note = extract("x\n", "asciidoc")
    assert source.fmt == "plain" and note == "unknown format 'asciidoc'; checked as plain text"


@pytest.mark.parametrize("fmt", sorted(EXTRACTORS))
@pytest.mark.parametrize("original", ["", "\n", "\r\n\r\n", "   ", "\ufeff", "<", "``", "::", "|", "$$", "---\n"])
def test_degenerate_inputs_never_crash(fmt: str, original: str) -> None:
    source, _ = extract(original, fmt)
    for seg in source.segments:
        assert source.text[seg.text_start : seg.text_end] == original[seg.orig_start : seg.orig_start + seg.length]


@pytest.mark.parametrize("fmt", ["markdown", "rst", "html"])
def test_long_runs_of_word_characters_stay_linear(fmt: str) -> None:
    import time

    start = time.monotonic()
    extract("a." * 50_000 + "\n", fmt)  # quadratic URL/e-mail matching took minutes here
    assert time.monotonic() - start < 10
