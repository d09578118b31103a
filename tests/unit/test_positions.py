"""Offsets to lines and columns: CRLF, CR, BOM, astral characters, combining marks."""

from __future__ import annotations

import pytest

from lint.extract import extract
from lint.model import Hit, Severity
from lint.reading import decode
from lint.source import Line, LineIndex, SourceBuilder, plain_source


def locate(text: str, start: int, end: int):
    source = plain_source(text)
    return source.locate(Hit(start, end, "r", Severity.ERROR, "m"))


def find_hit(source, needle: str) -> Hit:
    start = source.text.index(needle)
    return Hit(start, start + len(needle), "r", Severity.ERROR, "m")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_and_column_with_each_newline(newline):
    text = newline.join(["first line", "second iberated", "third"])
    source = plain_source(text)
    loc = source.locate(find_hit(source, "iberated"))
    assert (loc.line, loc.column, loc.end_line, loc.end_column) == (2, 8, 2, 16)
    assert source.original[loc.start : loc.end] == "iberated"


def test_engines_see_lf_only():
    assert plain_source("a\r\nb\rc\n").text == "a\nb\nc\n"


def test_astral_characters_count_as_one_column():
    source = plain_source("😀🎉 x iberated")
    loc = source.locate(find_hit(source, "iberated"))
    assert loc.column == 6


def test_combining_marks_count_as_code_points():
    # "e" + COMBINING ACUTE is two code points, so the typo starts at column 9, not 8.
    source = plain_source("cafe\u0301 a iberated")
    loc = source.locate(find_hit(source, "iberated"))
    assert (loc.line, loc.column) == (1, 9)


def test_bom_is_not_a_column():
    encoded = decode("iberated".encode("utf-8-sig"))
    source = plain_source(encoded.text)
    assert source.locate(find_hit(source, "iberated")).column == 1


def test_utf16_with_bom_decodes():
    assert decode("Рe said".encode("utf-16")).text == "Рe said"


def test_end_column_is_exclusive_and_span_can_cross_lines():
    loc = locate("ab\ncd", 1, 4)
    assert (loc.line, loc.column, loc.end_line, loc.end_column) == (1, 2, 2, 2)


def test_line_index_positions():
    index = LineIndex("a\r\nbc\rd")
    assert [index.position(i) for i in (0, 3, 4, 6)] == [(1, 1), (2, 1), (2, 2), (3, 1)]


def test_line_index_lines_and_starts():
    index = LineIndex("a\r\nbc\rd")
    assert [index.line(i) for i in range(len(index))] == [Line(0, 1, 3), Line(3, 5, 6), Line(6, 7, 7)]
    assert [index.index_of(i) for i in range(8)] == [0, 0, 0, 1, 1, 1, 2, 2]
    assert [index.start_of(n) for n in (1, 2, 3)] == [0, 3, 6]
    assert index.line(99) == Line(6, 7, 7)


def test_line_index_lf_only_counts_as_html_parser_does():
    index = LineIndex("a\rb\nc", lf_only=True)
    assert len(index) == 2 and index.line(0) == Line(0, 3, 4) and index.position(4) == (2, 1)


def test_markdown_byte_offsets_map_to_code_points():
    """markdown-it.rs reports UTF-8 byte offsets; the compiled core maps them to code points."""
    from lint.extract.markdown_rs import extract_markdown_rs

    original = "a😀é *" + "x" * 600 + "* 𝔘b `c` hte\n\n# 😀 hte\n"
    source = extract_markdown_rs(original)
    for s in source.segments:
        assert source.text[s.text_start : s.text_end] == original[s.orig_start : s.orig_start + s.length]
    starts = [source.to_original(m, m + 3)[0] for m in range(len(source.text)) if source.text.startswith("hte", m)]
    assert starts == [i for i in range(len(original)) if original.startswith("hte", i)]


def test_span_over_synthetic_text_shrinks_to_prose():
    builder = SourceBuilder("AB<x>CD", "test")
    builder.prose(0, 2)
    builder.synthetic("\n\n")
    builder.prose(5, 7)
    source = builder.build()
    assert source.text == "AB\n\nCD"
    assert source.to_original(1, 5) == (1, 6)
    assert not source.is_contiguous(1, 5)
    assert source.is_contiguous(4, 6)


def test_segments_copy_the_original_on_seeds(seed_texts):
    for text in seed_texts:
        source, _ = extract(text, "plain")
        for seg in source.segments:
            assert source.text[seg.text_start : seg.text_end] == text[seg.orig_start : seg.orig_start + seg.length]


@pytest.mark.parametrize("markup, text", [
    ("plain", "a\r\nb😀c\rd\n\ne\u0301f\n"),
    ("markdown", "# Title\n\nSome *emph* and `code` here,\r\nthen 😀 [a link](http://x.y) ends.\n\n- item one\n- item two\n"),
    ("plain", ""),
])
def test_locate_all_is_to_original_then_location_per_span(markup, text):
    """The bulk look-up (one call to the compiled core per file) gives, for every span of the
    checked text, what to_original, location and is_contiguous give one span at a time."""
    source, _ = extract(text, markup)
    n = len(source.text)
    spans = [(s, e) for s in range(n + 1) for e in range(s, min(n, s + 6) + 1)] or [(0, 0)]
    found = source.locate_all(spans)
    assert [loc for loc, _ in found] == [source.location(*source.to_original(s, e)) for s, e in spans]
    assert [whole for _, whole in found] == [source.is_contiguous(s, e) for s, e in spans]
