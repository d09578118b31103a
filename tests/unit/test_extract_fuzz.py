"""Random documents built from markup fragments: extraction never fails and the offset map holds."""

from __future__ import annotations

import random

import pytest

from lint.extract import extract

FRAGMENTS = {
    "markdown": [
        "# Head *x*", "Setext\n===", "para with **bold** and _em_", "`code` the `x`", "[link *t*](u \"t\")",
        "![alt](i.png)", "<http://a.b>", "https://x.org/a_b.", "> quote\n> more", "- item\n  - nested",
        "1. one\n2. two", "| a | b |\n|---|---|\n| c \\| d | `e` |", "```\ncode\n```", "    indented",
        "<!-- c -->", "<div>\n<p>x</p>\n</div>", "$x$ and $$y$$", "\\*esc\\* &amp; &copy;", "line  \nbreak",
        "word[^1]\n\n[^1]: note", "[ref]\n\n[ref]: http://r", "😀 𝔘 e\u0301", "***", "<span>a</span>b", "~~s~~",
        "[unclosed](", "**unclosed", "`unclosed", "<!-- unclosed", "\t\ttabs", "", " ",
    ],
    "rst": [
        "Title\n=====", "Sub\n---", "para with **bold** and *em*", "``code`` the :role:`x`", "`link <http://x>`_",
        "word_ and `named`_", "|sub|", "[#]_", "- item\n\n  - nested", "#. one\n#. two", "Example::\n\n    code",
        ".. code-block:: python\n\n   x = 1", ".. comment", ".. note:: text\n   more", ".. unknown::\n\n   body",
        "+---+---+\n| a | a |\n+---+---+", "===  ===\nA    B\n===  ===\nx    y\n===  ===", "term\n   def",
        ":field: body", "| line\n| block", ">>> 1", "😀 𝔘 e\u0301", "\\*esc", "*unclosed", "``unclosed", "",
    ],
    "html": [
        "<h1>Head <em>x</em></h1>", "<p>para &amp; <b>b</b>old</p>", "<code>x</code> the", "<a href='u'>t</a>",
        "<img alt='alt' src='x'>", "<!-- c -->", "<script>x<y</script>", "<style>p{}</style>", "<pre>x</pre>",
        "<ul><li>a<li>b</ul>", "<table><tr><td>a<td>b</table>", "<br>", "&#x1F600; &nope; &", "<p title='x",
        "<!-- unclosed", "</p></div>", "😀 𝔘 e\u0301", "<![CDATA[x]]>", "<?xml?>", "<!DOCTYPE html>", "",
    ],
}


@pytest.fixture(autouse=True, params=["default", "py"])
def markdown_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Markdown runs twice: with markdown-it.rs where it applies, and with markdown-it-py only."""
    if request.param == "py":
        monkeypatch.setenv("TYPOLINT_MARKDOWN", "py")
    return request.param


def _document(rng: random.Random, fmt: str) -> str:
    parts = rng.choices(FRAGMENTS[fmt], k=rng.randint(1, 12))
    joiners = ["\n\n", "\n", " ", "\r\n\r\n", "\r\n", "\r"]
    return "".join(p + rng.choice(joiners) for p in parts)


@pytest.mark.parametrize("fmt", sorted(FRAGMENTS))
def test_random_documents_keep_the_offset_map(fmt: str) -> None:
    rng = random.Random(20261128)
    for _ in range(300):
        original = _document(rng, fmt)
        source, note = extract(original, fmt)
        assert note is None, (original, note)
        segs = source.segments
        for seg in segs:
            assert source.text[seg.text_start : seg.text_end] == original[seg.orig_start : seg.orig_start + seg.length]
        assert all(a.text_end <= b.text_start for a, b in zip(segs, segs[1:]))
        by_orig = sorted(segs, key=lambda s: s.orig_start)
        assert all(a.orig_start + a.length <= b.orig_start for a, b in zip(by_orig, by_orig[1:])), original
        assert all(0 <= a < b <= len(original) for a, b in source.comments)
