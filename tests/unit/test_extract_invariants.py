"""Offset-map invariants of every extractor on every file of the markup corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.extract import extract, format_for
from lint.source import TextSource

CORPUS = Path(__file__).resolve().parent.parent / "data" / "markup"
FILES = sorted(p for p in CORPUS.iterdir() if p.is_file() and not p.name.startswith("."))
VARIANTS = [p for p in FILES if p.stem.endswith(("_crlf", "_cr"))]


@pytest.fixture(autouse=True, params=["default", "py"])
def markdown_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Markdown runs twice: with markdown-it.rs where it applies, and with markdown-it-py only."""
    if request.param == "py":
        monkeypatch.setenv("TYPOLINT_MARKDOWN", "py")
    return request.param


def _load(path: Path) -> tuple[str, TextSource]:
    original = path.read_bytes().decode("utf-8")
    source, note = extract(original, format_for(str(path)))
    assert note is None, note
    return original, source


def test_corpus_has_every_format() -> None:
    assert {format_for(str(p)) for p in FILES} == {"markdown", "rst", "html"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_segments_copy_the_original(path: Path) -> None:
    original, source = _load(path)
    assert source.segments
    for seg in source.segments:
        assert source.text[seg.text_start : seg.text_end] == original[seg.orig_start : seg.orig_start + seg.length]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_segments_are_sorted_and_disjoint(path: Path) -> None:
    _, source = _load(path)
    segs = source.segments
    assert all(s.length > 0 for s in segs)
    assert all(a.text_end <= b.text_start for a, b in zip(segs, segs[1:]))
    by_orig = sorted(segs, key=lambda s: s.orig_start)
    assert all(a.orig_start + a.length <= b.orig_start for a, b in zip(by_orig, by_orig[1:]))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_markup_code_and_urls_are_not_prose(path: Path) -> None:
    # Every corpus file writes 'notprose' only where prose must not be checked.
    original, source = _load(path)
    assert "notprose" in original
    assert "notprose" not in source.text.lower()
    assert "\r" not in source.text


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_comments_are_recorded(path: Path) -> None:
    original, source = _load(path)
    spans = [original[a:b] for a, b in source.comments]
    assert any("typolint: ignore-next-line" in s for s in spans)
    opener = ".." if source.fmt == "rst" else "<!--"
    assert all(s.startswith(opener) for s in spans)


@pytest.mark.parametrize("path", VARIANTS, ids=lambda p: p.name)
def test_line_endings_do_not_change_the_prose(path: Path) -> None:
    lf = path.with_name(path.name.replace("_crlf", "").replace("_cr", ""))
    assert _load(path)[1].text == _load(lf)[1].text
