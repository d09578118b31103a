"""Markdown extraction with markdown-it.rs (the compiled core's ``markdown_prose``): every node carries its source span.

The core parses the document with markdown-it.rs, set up as markdown-it-pyrs 0.4 sets it up (CommonMark,
tables, strikethrough, footnotes), walks its tree and drives the Emitter (the core's own) at code-point
offsets, in one call per document (core/src/markdown.rs). A text node's span start is exact, but
its end is not always (markdown-it.rs 0.6 extends the text before a hard break to a later node), so
only the start is used and the text is checked against the original there. Whatever cannot be
placed exactly is ``Unsupported``, and lint.extract.markdown then parses the document with
markdown-it-py:

- ``$math$``: markdown-it.rs has no dollar-math plugin. ``may_hold_math`` applies the plugin's
  test for an inline formula (mdit_py_plugins.dollarmath, no space inside the dollars, no digit
  before or after) to every '$' of the file, code included, so it errs towards markdown-it-py;
  '$$' anywhere (a math block) goes there too;
- ``^[inline footnotes]``: markdown-it.rs parses them, the markdown-it-py set-up does not;
- footnotes (``[^``): markdown-it.rs orders and de-duplicates definitions its own way;
- a lone CR line ending: block structure (lazy quote lines before a table or list) then differs;
- an unclosed HTML comment, which markdown-it-py runs to the end of the file over blank lines;
- a text node that is not a verbatim copy of the original at its start, beyond the one known
  case: a table cell's ``\\|``, which reaches the text as '|' and is mapped around the backslash;
- more than ``MAX_DEFINITION_RUN`` link reference definitions in a row: markdown-it.rs reads from
  each definition to the next blank line, so a run costs the square of its length (10,000 in a
  row took 7.7 s, 100,000 would take over ten minutes; markdown-it-py: 1 s for 10,000).
"""

from __future__ import annotations

import re

from lint._core import markdown_prose
from lint.extract.common import Emitter, is_label_link
from lint.source import TextSource

_NOT_FRONT = re.compile(r"[^\r\n]")
_LONE_CR = re.compile(r"\r(?!\n)")
#: Most link reference definitions in a row for markdown-it.rs (see the module docstring).
MAX_DEFINITION_RUN = 200
#: A line after a line break that is a link reference definition ('[label]: destination').
_DEFINITION_LINE = re.compile(r"\n {0,3}\[[^\]\n]*+\]:[^\n]*+")


def long_definition_run(original: str) -> bool:
    """True when more than MAX_DEFINITION_RUN lines in a row of ``original`` (after its first) are
    link reference definitions."""
    run, last = 0, -1
    for m in _DEFINITION_LINE.finditer(original):
        run = run + 1 if m.start() == last else 1
        if run > MAX_DEFINITION_RUN:
            return True
        last = m.end()
    return False


class Unsupported(Exception):
    """The document needs markdown-it-py (see the module docstring for the cases)."""


def extract_markdown_rs(original: str, front_end: int = 0) -> TextSource:
    """Build the TextSource of a Markdown file whose front matter ends at ``front_end`` (code points).

    Raises Unsupported when a node cannot be placed exactly.
    """
    if "[^" in original or _LONE_CR.search(original):
        raise Unsupported("footnotes or a lone CR line ending")
    if long_definition_run(original):
        raise Unsupported(f"more than {MAX_DEFINITION_RUN} link reference definitions in a row")
    if "$" in original and ("$$" in original or may_hold_math(original)):
        raise Unsupported("math")
    # Blank the front matter with spaces so that every offset after it stays the same.
    parsed = _NOT_FRONT.sub(" ", original[:front_end]) + original[front_end:] if front_end else original
    out = Emitter(original, "markdown")
    problem = markdown_prose(parsed, out, is_label_link, _html_span)
    if problem is not None:
        raise Unsupported(problem)
    return out.build()


def _html_span(out: Emitter, start: int, end: int) -> None:
    """lint.extract.html.extract_html_span, imported only for a document with HTML blocks."""
    from lint.extract.html import extract_html_span

    extract_html_span(out, start, end)


def may_hold_math(text: str) -> bool:
    """True if some '$' of ``text`` could open inline math as markdown-it-py's dollarmath set-up
    (allow_space=False, allow_digits=False) reads it: its closing '$' is the next unescaped one."""
    opener = text.find("$")
    while opener >= 0:
        closer = _next_dollar(text, opener + 1)
        if (
            closer > opener + 1
            and not _escaped(text, opener)
            and not _white_space(text[opener + 1])
            and not text[opener - 1 : opener].isdigit()
            and not _white_space(text[closer - 1])
            and not text[closer + 1 : closer + 2].isdigit()
        ):
            return True
        opener = text.find("$", opener + 1)
    return False


#: What markdown-it-py's ``isWhiteSpace`` accepts (markdown_it.common.utils: U+2000 to U+200A
#: and these), kept here because importing markdown_it costs 30-40 ms in every worker process
#: of a Markdown run that holds a '$' (tests/unit/test_extract_markdown_rs.py compares the two).
_MD_WHITESPACE = frozenset("\t\n\v\f\r \u00a0\u1680\u202f\u205f\u3000") | frozenset(map(chr, range(0x2000, 0x200B)))


def _white_space(char: str) -> bool:
    """markdown-it-py's ``isWhiteSpace`` of one character."""
    return char in _MD_WHITESPACE


def _next_dollar(text: str, pos: int) -> int:
    """Offset of the first unescaped '$' at or after ``pos``; -1 if none."""
    pos = text.find("$", pos)
    while pos >= 0 and _escaped(text, pos):
        pos = text.find("$", pos + 1)
    return pos


def _escaped(text: str, pos: int) -> bool:
    """True when an odd number of backslashes stands right before ``pos``."""
    start = pos
    while pos > 0 and text[pos - 1] == "\\":
        pos -= 1
    return (start - pos) % 2 == 1


