"""Markdown extraction: what is prose, and exact original positions through TextSource.locate."""

from __future__ import annotations

import re

import pytest

from lint.extract.markdown import extract_markdown, table_cells
from lint.model import Hit, Location, Severity
from lint.source import TextSource


@pytest.fixture(autouse=True, params=["default", "py"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs twice: with markdown-it.rs where it applies, and with markdown-it-py only."""
    if request.param == "py":
        monkeypatch.setenv("TYPOLINT_MARKDOWN", "py")
    return request.param


def hit(source: TextSource, needle: str, nth: int = 0) -> Hit:
    """A hit on the ``nth`` occurrence of ``needle`` in the extracted text (test helper only)."""
    start = [m.start() for m in re.finditer(re.escape(needle), source.text)][nth]
    return Hit(start, start + len(needle), "test.rule", Severity.ERROR, "m")


def where(source: TextSource, needle: str, nth: int = 0) -> tuple[int, int, int, int]:
    loc: Location = source.locate(hit(source, needle, nth))
    assert source.original[loc.start : loc.end] == needle
    return loc.line, loc.column, loc.end_line, loc.end_column


def test_typo_right_after_bold() -> None:
    source = extract_markdown("Intro.\n\nSome **bold**hte and more.\n")
    assert "boldhte" in source.text
    assert where(source, "hte") == (3, 14, 3, 17)


def test_typo_inside_nested_list_item() -> None:
    original = "- one\n  - two with *an* iberated word\n"
    source = extract_markdown(original)
    assert where(source, "iberated") == (2, 19, 2, 27)


def test_typo_inside_table_cell() -> None:
    original = "| Name | Note |\n|------|------|\n| 😀 x | the hte cell |\n"
    source = extract_markdown(original)
    assert where(source, "hte") == (3, 13, 3, 16)
    assert source.text.split("\n\n") == ["Name", "Note", "😀 x", "the hte cell"]


def test_escaped_pipe_in_table_cell() -> None:
    original = "| a |\n|---|\n| x \\| hte |\n"
    assert table_cells(original, 12, 24) == [(14, 22)]
    source = extract_markdown(original)
    assert "x | hte" in source.text
    assert where(source, "hte") == (3, 8, 3, 11)


def test_typo_inside_link_text_and_image_alt() -> None:
    original = "See [the hte docs](http://x.org/hte \"hte\") and ![an hte](hte.png).\n"
    source = extract_markdown(original)
    assert source.text == "See the hte docs and an hte."
    assert where(source, "hte", 0)[:2] == (1, 10)
    assert where(source, "hte", 1)[:2] == (1, 53)


def test_span_across_bold_markers_is_not_contiguous() -> None:
    original = "It was the **the** best.\n"
    source = extract_markdown(original)
    h = hit(source, "the the")
    loc = source.locate(h)
    assert original[loc.start : loc.end] == "the **the"
    assert not source.is_contiguous(h.start, h.end)
    word = hit(source, "best")
    assert source.is_contiguous(word.start, word.end)


def test_inline_code_leaves_a_neutral_placeholder() -> None:
    source = extract_markdown("Use the `x` the same way and `a` `b` too.\n")
    assert "`" not in source.text
    assert not re.search(r"\b(\w+)\s+\1\b", source.text)


def test_lone_backtick_is_prose_but_code_spans_are_not() -> None:
    source = extract_markdown("Azerbaijan`s minister spoke.\n\nRun `make test` now.\n")
    assert "Azerbaijan`s" in source.text
    assert "make" not in source.text
    assert where(source, "`") == (1, 11, 1, 12)


def test_urls_autolinks_and_reference_definitions_are_masked() -> None:
    original = "Go to https://x.org/hte, <https://y.org/hte> or [z][r].\n\n[r]: https://z.org/hte\n"
    source = extract_markdown(original)
    assert "hte" not in source.text
    assert source.text.startswith("Go to CODE0, CODE1 or z.")


def test_code_blocks_front_matter_and_math_are_skipped() -> None:
    original = "---\ntitle: hte\n---\n\n```\nhte\n```\n\n    hte\n\nA $hte$ b.\n\n$$\nhte\n$$\n"
    source = extract_markdown(original)
    assert source.text == "A CODE0 b."


def test_dollar_amounts_are_not_math() -> None:
    source = extract_markdown("It costs $5 and $10 today.\n")
    assert source.text == "It costs $5 and $10 today."


def test_blocks_are_separate_paragraphs_and_soft_breaks_are_not() -> None:
    original = "# Title\n\nOne line\nsame paragraph.\n\n- item one\n- item two\n"
    source = extract_markdown(original)
    parts = [source.text[a:b] for a, b in source.paragraphs()]
    assert parts == ["Title", "One line\nsame paragraph.", "item one", "item two"]


def test_crlf_newlines_become_synthetic_lf() -> None:
    original = "> quoted line\r\n> and the hte\r\n"
    source = extract_markdown(original)
    assert source.text == "quoted line\nand the hte"
    assert where(source, "hte") == (2, 11, 2, 14)


def test_html_comments_are_recorded_and_do_not_double_spaces() -> None:
    original = "<!-- typolint: ignore-next-line -->\nA b <!-- c --> d.\n"
    source = extract_markdown(original)
    assert [original[a:b] for a, b in source.comments] == ["<!-- typolint: ignore-next-line -->", "<!-- c -->"]
    assert source.text == "A b d."


def test_escapes_and_entities() -> None:
    original = "Not \\*emphasis\\* &amp; hte.\n"
    source = extract_markdown(original)
    assert source.text == "Not *emphasis* & hte."
    assert where(source, "hte") == (1, 24, 1, 27)


def test_astral_characters_before_a_typo() -> None:
    source = extract_markdown("## 👩‍💻 𝔘 hte\n")
    assert where(source, "hte") == (1, 10, 1, 13)  # the ZWJ sequence is 3 code points


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_a_line_of_markup_only_does_not_split_the_paragraph(eol: str) -> None:
    source = extract_markdown(f'Text before{eol}<img src="x.png">{eol}and after.{eol}')
    assert source.paragraphs() == [(0, len(source.text))]
    assert source.text == "Text before\nand after."


def test_shortcut_reference_followed_by_an_open_paren_keeps_the_text() -> None:
    source = extract_markdown("See [docs](or hte.\n\n[docs]: https://x.org\n")
    assert source.text == "See CODE0(or hte."  # the label is masked (see the next test)


def test_shortcut_and_collapsed_references_mask_their_label() -> None:
    """'[name]', '[name][]' and '![name]' are linked by their text: a fix there would break the
    link. The text of an inline link or a full reference ('[text][name]') is prose."""
    original = ("A ![cson-npm] and [hte docs][] and [the hte][docs], [hte](http://x), ![alt hte](i.png).\n\n"
                "[cson-npm]: https://a\n[hte docs]: https://b\n[docs]: https://c\n")
    source = extract_markdown(original)
    assert source.text == "A CODE0 and CODE1 and the hte, hte, alt hte."
    assert [where(source, "hte", k)[:2] for k in range(3)] == [(1, 41), (1, 54), (1, 76)]


def test_html_blocks_keep_their_text_but_not_their_tags() -> None:
    original = '<p align="center">A tagline with hte</p>\n\n<details>\n<summary>Click <b>here</b></summary>\n\nInner *md*.\n\n</details>\n'
    source = extract_markdown(original)
    assert [source.text[a:b] for a, b in source.paragraphs()] == ["A tagline with hte", "Click here", "Inner md."]
    assert where(source, "hte") == (1, 34, 1, 37)


def test_an_unclosed_comment_runs_to_the_end() -> None:
    original = "Para.\n\n<!-- unclosed\n\nhte\n"
    source = extract_markdown(original)
    assert source.text == "Para."
    assert [original[a:b] for a, b in source.comments] == ["<!-- unclosed\n\nhte\n"]


def test_footnote_references_are_dropped_and_definitions_are_prose() -> None:
    original = "Text with a note[^1] here.\n\n[^1]: The note hte.\n"
    source = extract_markdown(original)
    assert source.text == "Text with a note here.\n\nThe note hte."
    assert where(source, "hte") == (3, 16, 3, 19)


def test_placeholders_are_distinct_and_fit_a_or_an() -> None:
    # 'an Dummy0' made LanguageTool's EN_A_VS_AN fire; an all-capitals word fits either article.
    source = extract_markdown("Install an `x` and a `y`, or `a` `b`.\n")
    assert source.text == "Install an CODE0 and a CODE1, or CODE2 CODE3."


def test_a_leading_thematic_break_is_not_front_matter() -> None:
    source = extract_markdown("---\n\nIntro hte text.\n\nSection\n---\n")
    assert source.text == "Intro hte text.\n\nSection"
    assert extract_markdown("---\n# comment\nkey: 1\n---\nBody.\n").text == "Body."
    assert extract_markdown("+++\n[params]\nkey = 1\n+++\nBody.\n").text == "Body."


@pytest.mark.parametrize("original", [
    "# Heading with hte #\n",
    "> ## Quoted hte heading ##\n",
    "- ### Item hte heading\n",
    "  #\tTabbed hte heading\t#  \n",
    "# C# and hte #hashtag\n",
])
def test_atx_heading_text_keeps_its_position(original: str) -> None:
    source = extract_markdown(original)
    start = original.index("hte")
    assert where(source, "hte") == (1, start + 1, 1, start + 4)


def test_typolint_markdown_py_parses_with_markdown_it_py(monkeypatch: pytest.MonkeyPatch) -> None:
    from lint.extract import markdown

    monkeypatch.setenv("TYPOLINT_MARKDOWN", "py")
    assert markdown._rust() is None
    source = extract_markdown("Some **bold**hte.\n")
    assert where(source, "hte") == (1, 14, 1, 17)
