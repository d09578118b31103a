"""HTML extraction: text nodes are prose; tags, attributes, comments, code and scripts are not."""

from __future__ import annotations

import re

from lint.extract.html import extract_html
from lint.model import Hit, Severity
from lint.source import TextSource


def where(source: TextSource, needle: str, nth: int = 0) -> tuple[int, int]:
    start = [m.start() for m in re.finditer(re.escape(needle), source.text)][nth]
    loc = source.locate(Hit(start, start + len(needle), "test.rule", Severity.ERROR, "m"))
    assert source.original[loc.start : loc.end] == needle
    return loc.line, loc.column


def test_tags_attributes_scripts_and_code_are_not_prose() -> None:
    original = (
        '<p class="hte">Run <code>hte</code> and <a href="http://x/hte">the hte link</a>.</p>\n'
        "<script>var hte = 1;</script><style>.hte {}</style><pre>hte</pre>\n"
    )
    source = extract_html(original)
    assert source.text == "Run CODE0 and the hte link."
    assert where(source, "hte") == (1, 68)


def test_blocks_are_paragraphs_and_inline_tags_are_not() -> None:
    source = extract_html("<ul><li>One <b>bold</b>hte</li><li>Two</li></ul><table><tr><td>A</td><td>B</td></tr></table>")
    assert [source.text[a:b] for a, b in source.paragraphs()] == ["One boldhte", "Two", "A", "B"]
    assert where(source, "hte") == (1, 24)


def test_comments_entities_and_line_breaks() -> None:
    original = "<!-- typolint: ignore-next-line -->\r\n<p>a <!-- x --> b&amp;c<br>\r\n  d hte</p>\r\n"
    source = extract_html(original)
    assert [original[a:b] for a, b in source.comments] == ["<!-- typolint: ignore-next-line -->", "<!-- x -->"]
    assert source.text == "a b&c\nd hte"
    assert where(source, "hte") == (3, 5)


def test_image_alt_text_is_prose() -> None:
    source = extract_html('<p>See <img src="hte.png" alt="An hte map"> here.</p>')
    assert where(source, "hte") == (1, 35)
    assert "hte.png" not in source.text


def test_unclosed_markup_at_the_end_is_not_prose() -> None:
    original = "<p>Text.</p>\n<!-- never closed hte\n"
    source = extract_html(original)
    assert source.text.strip() == "Text."
    assert [original[a:b] for a, b in source.comments] == ["<!-- never closed hte\n"]
    assert extract_html('<p>Ok.</p><p title="never closed hte').text.strip() == "Ok."


def test_literal_spans_of_docutils_and_sphinx_are_code() -> None:
    original = (
        '<dt class="sig"><span class="sig-name descname"><span class="pre">add</span></span>'
        '<span class="sig-paren">(</span><em class="sig-param"><span class="n"><span class="pre">elem</span>'
        '</span></em><span class="sig-paren">)</span></dt>\n'
        '<dd><p>Add <span class="pre">elem</span> to the <span class="std">hte</span> set.</p></dd>'
    )
    source = extract_html(original)
    assert "elem" not in source.text and "add" not in source.text.split("\n\n")[0]
    assert "Add CODE" in source.text and "to the hte set." in source.text  # other spans are prose
    assert where(source, "hte") == (2, 67)


def test_template_tags_of_a_theme_are_not_prose() -> None:
    original = ('<nav>{% set class = class ~ " md-nav--lifted" %}\n'
                "<p>Hello {{ user.name }}, welcome to hte site. {# a note #}</p>{% endif %}</nav>\n")
    source = extract_html(original)
    assert source.text == "Hello CODE0, welcome to hte site. "
    assert where(source, "hte") == (2, 38)
