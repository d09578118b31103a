"""markdown-it.rs extraction: the same TextSource as markdown-it-py wherever it is used, exact spans."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from lint.extract import markdown as md
from lint.extract.markdown_rs import Unsupported, extract_markdown_rs, long_definition_run
from lint.source import LineIndex, TextSource

from test_extract_fuzz import FRAGMENTS

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLES = sorted(DATA.glob("**/*.md"))
#: Fragments where the two parsers agree on block structure. The block quote is left out:
#: after its lazy continuation lines, a table or a list starting at 2 is parsed differently
#: (markdown-it.rs follows CommonMark 5.2 there); positions stay exact either way.
FRAGMENTS_AGREED = [f for f in FRAGMENTS["markdown"] if not f.startswith(">")]


def both(original: str) -> tuple[TextSource | None, TextSource]:
    """(markdown-it.rs result or None when unsupported, markdown-it-py result)."""
    lines = LineIndex(original)
    texts = [original[ln.start : ln.end] for ln in map(lines.line, range(len(lines)))]
    skip = md.front_matter_lines(texts)
    py = md.extract_markdown_py(original, lines, texts, skip)
    try:
        return extract_markdown_rs(original, lines.line(skip - 1).eol if skip else 0), py
    except Unsupported:
        return None, py


def same(a: TextSource, b: TextSource) -> bool:
    return (a.text, a.segments, a.comments) == (b.text, b.segments, b.comments)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples_extract_the_same_with_either_parser(path: Path) -> None:
    rs, py = both(path.read_bytes().decode("utf-8"))
    assert rs is None or same(rs, py)


def test_random_documents_extract_the_same_with_either_parser() -> None:
    rng, used = random.Random(20261201), 0
    for _ in range(400):
        parts = rng.choices(FRAGMENTS_AGREED, k=rng.randint(1, 8))
        original = "".join(p + rng.choice(["\n\n", "\n", " ", "\r\n\r\n", "\r\n"]) for p in parts)
        rs, py = both(original)
        if rs is not None:
            used += 1
            assert same(rs, py), original
    assert used > 100  # most documents do take the fast path


def test_the_text_before_a_hard_break_is_placed_by_its_start() -> None:
    # markdown-it.rs 0.4 gives that text node an end past the break; only its start is used.
    original = "Hard break with spaces  \nnext line\\\nlast line.\n"
    source = extract_markdown_rs(original)
    assert source.text == "Hard break with spaces\nnext line\nlast line."
    assert all(source.text[s.text_start : s.text_end] == original[s.orig_start : s.orig_start + s.length]
               for s in source.segments)


def test_an_escaped_pipe_in_a_cell_maps_around_its_backslash() -> None:
    original = "| a | b |\n|---|---|\n| one \\| two | é \\| 😀 x |\n"
    source = extract_markdown_rs(original)
    assert "one | two" in source.text and "é | 😀 x" in source.text
    for s in source.segments:
        assert source.text[s.text_start : s.text_end] == original[s.orig_start : s.orig_start + s.length]
    assert "\\" not in source.text


def test_byte_spans_become_code_points_after_astral_characters() -> None:
    original = "😀 é 𝔘\n\nA *word* after them.\r\n"
    source = extract_markdown_rs(original)
    start = source.text.index("word")
    assert source.to_original(start, start + 4) == (original.index("word"), original.index("word") + 4)


@pytest.mark.parametrize("original", [
    "Math $x + y$ inline.\n",
    "A note[^1].\n\n[^1]: Its text.\n",
    "Old\rMac line ends.\r",
    "<!-- never closed\n\ntext\n",
])
def test_what_markdown_it_rs_cannot_place_goes_to_markdown_it_py(original: str) -> None:
    with pytest.raises(Unsupported):
        extract_markdown_rs(original)
    assert same(md.extract_markdown(original), both(original)[1])


def test_math_is_still_masked() -> None:
    assert md.extract_markdown("Math $x + y$ inline.\n").text == "Math CODE0 inline."


@pytest.mark.parametrize("original", [
    "It cost $5 million, then $6 million.\n",   # no closing '$' after a space-free opening
    "Prices: 5$ and 6$.\n",
    "Run `echo $HOME` in a shell.\n\n```sh\n$ pip install x\n```\n",
    "Escaped \\$x\\$ dollars.\n",
])
def test_dollars_that_are_not_math_stay_on_the_fast_path(original: str) -> None:
    rs, py = both(original)
    assert rs is not None and same(rs, py)


@pytest.mark.parametrize("original", ["Math $x$ here.\n", "Cells | $a+b$ |\n", "Block\n\n$$\nx\n$$\n", "A $b `c$` d\n"])
def test_possible_math_goes_to_markdown_it_py(original: str) -> None:
    rs, _ = both(original)
    assert rs is None


@pytest.mark.parametrize("original", ["[`", "- [Added `intlFormatDistance` function`.](https://x.org/pull/2173)\n"])
def test_a_document_the_rust_parser_panics_on_goes_to_markdown_it_py(original: str, capfd: pytest.CaptureFixture):
    """markdown-it.rs 0.6.0 panics on an unclosed code span inside a link's text (a real
    changelog line): the document is Unsupported there, and the extraction is markdown-it-py's,
    with nothing printed."""
    rs, py = both(original)
    assert rs is None
    assert same(md.extract_markdown(original), py)
    assert capfd.readouterr().err == ""


def test_the_math_test_reads_white_space_as_markdown_it_py_does() -> None:
    from markdown_it.common.utils import isWhiteSpace

    from lint.extract.markdown_rs import _white_space

    assert [c for c in range(0x3100) if _white_space(chr(c))] == [c for c in range(0x3100) if isWhiteSpace(c)]


def test_a_run_of_more_than_200_link_definitions_goes_to_markdown_it_py() -> None:
    # markdown-it.rs reads from each definition to the next blank line: a long run is quadratic.
    def run(n: int, gap: str = "") -> str:
        return "Text with [a link][7].\n\n" + "".join(f"[{i}]: https://example.com/{i}\n{gap}" for i in range(n))

    assert not long_definition_run(run(200)) and long_definition_run(run(201))
    assert not long_definition_run(run(1_000, gap="\n"))  # blank lines between: no run
    assert both(run(200))[0] is not None
    rs, py = both(run(201))
    assert rs is None and py.text.startswith("Text with a link.")


def test_a_line_that_opens_over_100_containers_is_too_deep_for_either_parser() -> None:
    for opener in (">", "> ", "- ", "1. ", "* > "):
        assert md.too_deep(opener * 101 + "text")
        assert md.too_deep("text\n\n" + opener * 101 + "text")
    assert not md.too_deep("> " * 50 + "text") and not md.too_deep("x\n" + " " * 100 + "code")
    assert not md.too_deep("- a\n  - b\n    - c\n" * 1_000)
    with pytest.raises(ValueError, match="more than 100 nested blocks"):
        md.extract_markdown(">" * 20_000 + " text")
