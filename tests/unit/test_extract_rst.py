"""reStructuredText extraction: prose blocks, masked inline markup and exact original positions."""

from __future__ import annotations

import re

from lint.extract.rst import comment_spans, extract_rst
from lint.model import Hit, Severity
from lint.source import LineIndex, TextSource


def where(source: TextSource, needle: str, nth: int = 0) -> tuple[int, int]:
    start = [m.start() for m in re.finditer(re.escape(needle), source.text)][nth]
    loc = source.locate(Hit(start, start + len(needle), "test.rule", Severity.ERROR, "m"))
    assert source.original[loc.start : loc.end] == needle
    return loc.line, loc.column


def test_typo_after_strong_and_in_list_item() -> None:
    original = "Title\n=====\n\nSome **bold** hte text.\n\n- item one\n- item with iberated word\n"
    source = extract_rst(original)
    assert source.text == "Title\n\nSome bold hte text.\n\nitem one\n\nitem with iberated word"
    assert where(source, "hte") == (4, 15)
    assert where(source, "iberated") == (7, 13)


def test_typo_inside_grid_table_cells_with_equal_text() -> None:
    original = (
        "+-----+-----+\n| Yes | Yes |\n| hte | hte |\n+-----+-----+\n"
    )
    source = extract_rst(original)
    assert where(source, "hte", 0) == (3, 3)
    assert where(source, "hte", 1) == (3, 9)


def test_typo_inside_link_text_and_emphasis_spans() -> None:
    original = "Read the `hte manual <https://x.org/hte>`_ and *the* the rest.\n"
    source = extract_rst(original)
    assert source.text == "Read the hte manual and the the rest."
    assert where(source, "hte") == (1, 11)
    start = source.text.index("the the")
    loc = source.locate(Hit(start, start + 7, "r", Severity.ERROR, "m"))
    assert original[loc.start : loc.end] == "the* the"  # from inside the emphasis to the next word
    assert not source.is_contiguous(start, start + 7)


def test_literals_roles_and_substitutions_become_placeholders() -> None:
    original = "Use ``the`` the :func:`hte` and |hte| here [#]_.\n\n.. [#] Note.\n"
    source = extract_rst(original)
    assert "hte" not in source.text
    assert not re.search(r"\b(\w+)\s+\1\b", source.text)
    assert source.text.startswith("Use CODE0 the CODE1 and CODE2 here.")


def test_literal_blocks_directives_and_comments_are_skipped() -> None:
    original = (
        "Example::\n\n    hte\n\n.. code-block:: python\n\n   hte = 1\n\n"
        ".. unknown-directive::\n\n   hte\n\n.. a comment hte\n\nDone.\n"
    )
    source = extract_rst(original)
    assert source.text == "Example:\n\nDone."
    assert [original[a:b] for a, b in source.comments] == [".. a comment hte"]


def test_crlf_lines_and_multiline_paragraph() -> None:
    original = "First line\r\nsecond hte line.\r\n"
    source = extract_rst(original)
    assert source.text == "First line\nsecond hte line."
    assert where(source, "hte") == (2, 8)


def test_comment_spans_cover_indented_blocks_only() -> None:
    original = ".. typolint: ignore-next-line\n   continued\n\n.. _target: http://x\n\n..\n\n   quote\n"
    spans = [original[a:b] for a, b in comment_spans(original, LineIndex(original))]
    assert spans == [".. typolint: ignore-next-line\n   continued", ".."]


def test_docinfo_fields_are_prose() -> None:
    original = "=====\nTitle\n=====\n\n:Author: The hte authors\n:Version: 2.0\n:Custom: a hte field\n\nBody.\n"
    source = extract_rst(original)
    assert source.text == "Title\n\nThe hte authors\n\na hte field\n\nBody."
    assert where(source, "hte", 0) == (5, 14)
    assert where(source, "hte", 1) == (7, 12)


def test_table_cells_whose_text_repeats_inside_another_cell() -> None:
    original = "+--------+-----+\n| Yes no | no  |\n+--------+-----+\n"
    source = extract_rst(original)
    assert source.text == "Yes no\n\nno"
    assert [(s.orig_start, s.length) for s in source.segments] == [(19, 6), (28, 2)]


def test_equal_paragraphs_and_titles_map_to_their_own_lines() -> None:
    # Text that repeats nearby must land on the line docutils gives, not on the first match.
    original = "Setup hte\n=========\n\nSetup hte\n\nSetup hte\n---------\n\nSetup hte\n"
    source = extract_rst(original)
    assert [where(source, "hte", k) for k in range(4)] == [(1, 7), (4, 7), (6, 7), (9, 7)]


def test_the_locator_looks_no_further_than_its_window() -> None:
    from docutils import nodes

    from lint.extract.rst import _Locator

    original = "".join(f"line {i}\n" for i in range(20)) + "far away text\n"
    locator = _Locator(original, LineIndex(original))
    near, far = nodes.paragraph("far away text"), nodes.paragraph("far away text")
    near.line = 21 - _Locator.WINDOW  # 1-based; the text is on line 21
    far.line = 20 - _Locator.WINDOW
    assert locator.map(near)[1].runs == [(0, original.index("far"), 13)]
    assert locator.map(far)[1].runs == []


def test_verified_rejects_a_map_that_does_not_copy_the_original() -> None:
    from lint.extract.common import ContentMap
    from lint.extract.rst import verified

    cmap = ContentMap()
    cmap.runs.append((0, 4, 3))
    assert verified("abc", cmap, "xxx abc")
    assert not verified("abd", cmap, "xxx abc")


def test_simple_references_are_masked_with_their_name() -> None:
    """'name_' links to the target 'name': a fix of the name would leave the link dangling."""
    original = "Built on hte parsl_ and parsl-ext__ libraries, not on a_b_c_.\n\n.. _parsl: https://x.org\n"
    source = extract_rst(original)
    assert "parsl" not in source.text and "a_b_c" not in source.text
    assert source.text.startswith("Built on hte CODE0 and CODE1 libraries, not on CODE2.")
    assert where(source, "hte") == (1, 10)
    assert "snake_case words" in extract_rst("Plain snake_case words stay prose.\n").text


def test_fixes_keep_the_length_of_table_cells_and_do_not_lengthen_titles() -> None:
    original = ("Title hte\n=========\n\n+----------+-----+\n| iberated | Yes |\n+----------+-----+\n\n"
                "=========  ===\niberated   x\n=========  ===\n\nBody iberated.\n")
    source = extract_rst(original)
    spans = {word: [m.start() for m in re.finditer(word, original)] for word in ("hte", "iberated")}
    title, (grid, simple, body) = spans["hte"][0], spans["iberated"]
    assert source.fits(title, title + 3, "the") and not source.fits(title, title + 3, "then")
    assert source.fits(title, title + 3, "he")  # a shorter title still fits its underline
    for cell in (grid, simple):
        assert source.fits(cell, cell + 8, "liberatd") and not source.fits(cell, cell + 8, "liberated")
        assert not source.fits(cell, cell + 8, "iberate")  # shorter moves the border too
    assert source.fits(body, body + 8, "liberated") and source.fits(body, body + 8, "x")


def test_a_failing_transform_leaves_the_parse_tree_not_plain_text() -> None:
    # docutils' substitution transform raises KeyError on a substitution whose definition uses
    # an unknown role and that another definition names: the parse tree still holds the prose.
    original = (
        "Store |both| here, says hte manual.\n\n"
        ":param decode: a flag\n\n"
        "Code::\n\n    x  =  1\n\n"
        ".. |json| replace:: :sql:`json`\n"
        ".. |both| replace:: |json| and more\n"
    )
    source = extract_rst(original)
    assert where(source, "hte") == (1, 25)
    assert ":param" not in source.text and "replace::" not in source.text
    assert "x  =" not in source.text
