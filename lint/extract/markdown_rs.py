"""Markdown extraction with markdown-it.rs (PyPI ``markdown-it-pyrs``): every node carries its source span.

The parser reports spans (``srcmap``) in UTF-8 bytes; lint.source.ByteOffsets turns them into
code points. A text node's span start is exact, but its end is not always (markdown-it.rs 0.4
extends the text before a hard break to a later node), so only the start is used and the text
is checked against the original there. Whatever this module cannot place exactly raises
``Unsupported``, and lint.extract.markdown then parses the document with markdown-it-py:

- ``$math$``: markdown-it.rs has no dollar-math plugin. ``may_hold_math`` applies the plugin's
  test for an inline formula (mdit_py_plugins.dollarmath, no space inside the dollars, no digit
  before or after) to every '$' of the file, code included, so it errs towards markdown-it-py;
  '$$' anywhere (a math block) goes there too;
- ``^[inline footnotes]``: markdown-it.rs parses them, the markdown-it-py set-up does not;
- footnotes (``[^``): markdown-it.rs orders and de-duplicates definitions its own way;
- a lone CR line ending: block structure (lazy quote lines before a table or list) then differs;
- an unclosed HTML comment, which markdown-it-py runs to the end of the file over blank lines;
- a text node that is not a verbatim copy of the original at its start, beyond the one known
  case: a table cell's ``\\|``, which reaches the text as '|' and is mapped around the backslash.
"""

from __future__ import annotations

import functools
import re

from markdown_it_pyrs import MarkdownIt, Node

from lint.extract.common import Emitter, is_label_link
from lint.source import ByteOffsets, LineIndex, TextSource

#: Inline nodes: a run of them under one parent is one block of prose.
_INLINE = frozenset(
    "text text_special softbreak hardbreak code_inline html_inline em strong strikethrough link image "
    "autolink footnote_ref footnote_inline".split()
)
#: Block nodes whose content is never prose.
_SKIP_BLOCKS = frozenset("code_block fence hr definition footnote_ref_anchor".split())
_NOT_FRONT = re.compile(r"[^\r\n]")
_LONE_CR = re.compile(r"\r(?!\n)")


class Unsupported(Exception):
    """The document needs markdown-it-py (see the module docstring for the cases)."""


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable_many(["table", "strikethrough", "footnote"])


def extract_markdown_rs(original: str, front_end: int = 0, lines: LineIndex | None = None) -> TextSource:
    """Build the TextSource of a Markdown file whose front matter ends at ``front_end`` (code points);
    ``lines`` is its LineIndex when the caller has one.

    Raises Unsupported when a node cannot be placed exactly.
    """
    if "[^" in original or _LONE_CR.search(original):
        raise Unsupported("footnotes or a lone CR line ending")
    if "$" in original and ("$$" in original or may_hold_math(original)):
        raise Unsupported("math")
    # Blank the front matter with spaces so that every offset after it stays the same.
    parsed = _NOT_FRONT.sub(" ", original[:front_end]) + original[front_end:] if front_end else original
    out = Emitter(original, "markdown")
    _Walker(original, ByteOffsets(parsed), lines or LineIndex(original), out).blocks(_parser().tree(parsed))
    return out.build()


def may_hold_math(text: str) -> bool:
    """True if some '$' of ``text`` could open inline math as markdown-it-py's dollarmath set-up
    (allow_space=False, allow_digits=False) reads it: its closing '$' is the next unescaped one."""
    opener = text.find("$")
    if opener < 0:
        return False
    # markdown-it-py's own test; imported only here, as the package costs 30 ms to import.
    from markdown_it.common.utils import isWhiteSpace

    while opener >= 0:
        closer = _next_dollar(text, opener + 1)
        if (
            closer > opener + 1
            and not _escaped(text, opener)
            and not isWhiteSpace(ord(text[opener + 1]))
            and not text[opener - 1 : opener].isdigit()
            and not isWhiteSpace(ord(text[closer - 1]))
            and not text[closer + 1 : closer + 2].isdigit()
        ):
            return True
        opener = text.find("$", opener + 1)
    return False


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


class _Walker:
    """Emits the prose of a markdown-it.rs tree at the exact original offsets of its nodes."""

    def __init__(self, original: str, offsets: ByteOffsets, lines: LineIndex, out: Emitter) -> None:
        self.original, self.offsets, self.lines, self.out = original, offsets, lines, out

    def start(self, node: Node) -> int:
        """Code-point offset where ``node``'s source starts."""
        srcmap = node.srcmap
        if srcmap is None:
            raise Unsupported(f"{node.name} without a source span")
        return self.offsets.to_chars(srcmap[0])

    def blocks(self, node: Node) -> None:
        """Walk block children; each run of inline children is one block of prose."""
        in_run = False
        for child in node.children:
            if child.name in _INLINE:
                if not in_run:
                    self.out.block()
                    in_run = True
                self.inline(child)
            else:
                in_run = False
                self.block(child)

    def block(self, node: Node) -> None:
        if node.name == "html_block":
            self.html_block(node)
        elif node.name not in _SKIP_BLOCKS:
            self.blocks(node)

    def html_block(self, node: Node) -> None:
        """An HTML block, from the start of its first line to the end of its last (terminator included)."""
        content = node.meta.get("content", "")
        if content.startswith("<!--") and "-->" not in content:
            raise Unsupported("an unclosed HTML comment")
        first = self.lines.line(self.lines.index_of(self.start(node)))
        end = self.offsets.to_chars(node.srcmap[1])
        last = self.lines.line(self.lines.index_of(max(end - 1, first.start)))
        self.out.block()
        from lint.extract.html import extract_html_span  # only for a document with HTML blocks

        extract_html_span(self.out, first.start, last.eol)

    def inline(self, node: Node) -> None:
        name = node.name
        if name == "text":
            self.text(node)
        elif name == "text_special":
            self.special(node)
        elif name in ("softbreak", "hardbreak"):
            self.newline(node)
        elif name in ("code_inline", "autolink"):
            self.out.placeholder()
        elif name == "html_inline":
            self.html(node)
        elif name == "footnote_inline":
            raise Unsupported("inline footnote")
        elif name in ("link", "image") and self.labelled(node):
            self.out.placeholder()
        elif name != "footnote_ref":  # emphasis, links and images: their text is prose
            for child in node.children:
                self.inline(child)

    def labelled(self, node: Node) -> bool:
        """True for a shortcut or collapsed reference ('[name]', '[name][]', '![name]'): its text
        is the label that names the link's definition, so a fix there would break the link."""
        if node.srcmap is None:
            raise Unsupported(f"{node.name} without a source span")
        source = self.original[self.start(node) : self.offsets.to_chars(node.srcmap[1])]
        return is_label_link(source)

    def text(self, node: Node) -> None:
        content = node.meta["content"]
        if "\n" in content or "\r" in content:
            raise Unsupported("a line break in a text node")
        start = self.start(node)
        if self.original.startswith(content, start):
            self.out.prose(start, start + len(content))
        else:
            self.unescaped(content, start)

    def unescaped(self, content: str, start: int) -> None:
        """A table cell's text with its '\\|' escapes removed: copy it in runs around each backslash."""
        end = self.lines.line(self.lines.index_of(start)).end
        pos = run = start
        for ch in content:
            if self.original[pos : pos + 2] == "\\" + ch == "\\|":
                self.out.prose(run, pos)
                run = pos = pos + 1
            if pos >= end or self.original[pos] != ch:
                raise Unsupported("a text node that does not copy the original")
            pos += 1
        self.out.prose(run, pos)

    def special(self, node: Node) -> None:
        """An escape ('\\*' copies the '*') or an entity ('&amp;' reads as '&')."""
        info, content, start = node.meta.get("info"), node.meta["content"], self.start(node)
        if info == "escape" and self.original.startswith("\\" + content, start):
            self.out.prose(start + 1, start + 1 + len(content))
        elif info == "entity" and self.original.startswith(node.meta.get("markup", ""), start):
            self.out.synthetic(content)
        else:
            raise Unsupported(f"text_special {info!r}")

    def newline(self, node: Node) -> None:
        """A soft or hard break: the terminator of the line the break starts on (an LF is copied)."""
        line = self.lines.line(self.lines.index_of(self.start(node)))
        if line.eol == line.end:
            raise Unsupported("a line break on the last line")
        self.out.newline(line.eol - 1, line.eol)  # the LF of an LF or CRLF; a lone CR becomes synthetic

    def html(self, node: Node) -> None:
        """Inline HTML is not prose; a comment is recorded, for suppressions."""
        content, start = node.meta["content"], self.start(node)
        if not self.original.startswith(content, start):
            raise Unsupported("inline HTML that does not copy the original")
        if content.startswith("<!--"):
            self.out.comment(start, start + len(content))
            self.out.gap()
