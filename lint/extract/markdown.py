"""Markdown extractor (CommonMark, GitHub tables, strikethrough and footnotes, $math$) to TextSource."""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Sequence
from types import ModuleType

from typing import TYPE_CHECKING

from lint.extract.common import ContentMap, Emitter, is_label_link
from lint.extract.html import extract_html_span
from lint.source import LineIndex, TextSource

if TYPE_CHECKING:  # markdown-it-py is imported when it parses (markdown-it.rs usually does)
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_FRONT = {"---": ("---", "..."), "+++": ("+++",)}
_KEY = re.compile(r"""\s*(?:#|[\w."'-]+\s*[:=]|\[)""")
_EMPHASIS = {"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"}
#: Most containers (block quotes, list items) a line may open. Neither parser copes with more:
#: markdown-it.rs 0.6 does not apply its nesting limit to them and recurses once per level (a
#: line of 20,000 '>' or '- ' overflowed its stack and killed the process), and markdown-it-py
#: skips the rest of the document at its limit. Such a document is checked as plain text.
MAX_NESTING = 100
#: The start of a line that may open more than MAX_NESTING containers: a container that deep
#: needs as many markers ('>', a list marker) or characters of indentation before its text on
#: its opening line. Searched from the line break: '^' in multi-line mode is tried at every
#: position, four times slower.
_DEEP = re.compile(r"\n(?:[ \t>]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])){%d}" % (MAX_NESTING + 1))


def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # text_join would merge escapes and entities into text, hiding where they came from.
    md.disable("text_join")
    md.use(footnote_plugin, inline=False)  # GitHub's [^label] footnotes
    return md.use(dollarmath_plugin, allow_space=False, allow_digits=False)


def front_matter_lines(lines: Sequence[str]) -> int:
    """Number of leading lines that form YAML (---) or TOML (+++) front matter; 0 if none.

    The first line inside must look like a key (``title:``, ``title =``) or a comment, so that
    a document opening with a thematic break is not swallowed up to its next '---'.
    """
    closers = _FRONT.get(lines[0].rstrip()) if lines else None
    if not closers or len(lines) < 2 or not (_KEY.match(lines[1]) or lines[1].rstrip() in closers):
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in closers:
            return i + 1
    return 0


def extract_markdown(original: str) -> TextSource:
    """Build the TextSource of a Markdown file (offsets in code points of ``original``).

    markdown-it.rs parses it when it is installed and can place every node exactly
    (lint.extract.markdown_rs); markdown-it-py parses the rest, and is the reference.
    """
    if too_deep(original):
        raise ValueError(f"a line opens more than {MAX_NESTING} nested blocks")
    # The line table only where front matter may be (or for markdown-it-py): the fast path needs none.
    lines: LineIndex | None = None
    texts: list[str] = []
    if original.startswith(tuple(_FRONT)):  # only then can there be front matter
        lines = LineIndex(original)
        texts = [original[ln.start : ln.end] for ln in map(lines.line, range(len(lines)))]
    skip = front_matter_lines(texts)
    front_end = lines.line(skip - 1).eol if lines is not None and skip else 0
    fast = _rust()
    if fast is not None:
        try:
            return fast.extract_markdown_rs(original, front_end)
        except fast.Unsupported:
            pass
    lines = lines if lines is not None else LineIndex(original)
    texts = texts or [original[ln.start : ln.end] for ln in map(lines.line, range(len(lines)))]
    return extract_markdown_py(original, lines, texts, skip)


def too_deep(original: str) -> bool:
    """True when a line of ``original`` may open more than MAX_NESTING containers (the first line
    is looked at through as much of it as MAX_NESTING + 1 of the longest markers can fill)."""
    return _DEEP.match("\n" + original[: 11 * (MAX_NESTING + 1)]) is not None or _DEEP.search(original) is not None


def _rust() -> ModuleType | None:
    """lint.extract.markdown_rs, or None when TYPOLINT_MARKDOWN=py asks for markdown-it-py alone."""
    if os.environ.get("TYPOLINT_MARKDOWN") == "py":
        return None
    return importlib.import_module("lint.extract.markdown_rs")


def extract_markdown_py(original: str, lines: LineIndex, texts: list[str], skip: int) -> TextSource:
    """The markdown-it-py extractor; ``texts`` are the lines of ``original``, the first ``skip`` front matter."""
    # Blank the front matter instead of cutting it, so line numbers stay the same.
    parsed = "\n".join([""] * skip + texts[skip:])
    out = Emitter(original, "markdown")
    _Blocks(original, lines, out).run(_parser().parse(parsed))
    return out.build()


class _Blocks:
    """Walks block tokens; builds a ContentMap per inline block and hands it to _Inline."""

    def __init__(self, original: str, lines: LineIndex, out: Emitter) -> None:
        self.original, self.lines, self.out = original, lines, out
        self.cell = 0

    def run(self, tokens: Sequence[Token]) -> None:
        prev: Token | None = None
        for tok in tokens:
            if tok.type == "tr_open":
                self.cell = 0
            elif tok.type == "html_block" and tok.map:
                self._html(tok.map)
            elif tok.type == "inline" and tok.map and prev is not None:
                self._inline(tok, prev)
            prev = tok

    def _html(self, span: list[int]) -> None:
        """An HTML block: its text is prose, its tags are not, its comments are recorded."""
        self.out.block()
        extract_html_span(self.out, self.lines.line(span[0]).start, self.lines.line(span[1] - 1).eol)

    def _inline(self, tok: Token, opener: Token) -> None:
        if opener.type in ("th_open", "td_open"):
            cmap = self._cell_map(tok)
            self.cell += 1
        elif opener.type == "heading_open" and opener.markup.startswith("#"):
            cmap = self._atx_map(tok)
        else:
            cmap = self._lines_map(tok)
        self.out.block()
        _Inline(tok.content, cmap, self.out).walk(tok.children or [], 0)

    def _lines_map(self, tok: Token) -> ContentMap:
        """Paragraphs: content line k is a suffix (minus trailing blanks) of source line map[0]+k."""
        cmap, cpos = ContentMap(), 0
        for k, part in enumerate(tok.content.split("\n")):
            line = self.lines.line(tok.map[0] + k)
            core = part.strip()
            cstart = cpos + len(part) - len(part.lstrip())
            text = self.original[line.start : line.end].rstrip()
            ostart = line.start + len(text) - len(core) if text.endswith(core) else line.start
            cmap.align(tok.content, cstart, cpos + len(part), self.original, ostart, line.end)
            cmap.align(tok.content, cpos + len(part), cpos + len(part) + 1, self.original, line.end, line.eol)
            cpos += len(part) + 1
        return cmap

    def _atx_map(self, tok: Token) -> ContentMap:
        """ATX headings (CommonMark 4.2): the content is what ends the line once the optional
        closing '#'s and trailing blanks are dropped; a verified suffix, as in _lines_map."""
        line = self.lines.line(tok.map[0])
        text = self.original[line.start : line.end].rstrip(" \t")
        bare = text.rstrip("#")
        if bare != text and (not bare or bare[-1] in " \t"):
            text = bare.rstrip(" \t")
        cmap = ContentMap()
        if tok.content and text.endswith(tok.content):
            ostart = line.start + len(text) - len(tok.content)
            cmap.align(tok.content, 0, len(tok.content), self.original, ostart, line.end)
        return cmap

    def _cell_map(self, tok: Token) -> ContentMap:
        line = self.lines.line(tok.map[0])
        cells = table_cells(self.original, line.start, line.end)
        cmap = ContentMap()
        if self.cell < len(cells):
            start, end = cells[self.cell]
            cmap.align(tok.content, 0, len(tok.content), self.original, start, end)
        return cmap


def table_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of a table row's cells, split on unescaped '|' and stripped, as markdown-it splits them."""
    bounds, pos = [start - 1], start
    while pos < end:
        if text[pos] == "\\":
            pos += 1
        elif text[pos] == "|":
            bounds.append(pos)
        pos += 1
    bounds.append(end)
    spans = []
    for a, b in zip(bounds, bounds[1:]):
        a += 1
        while a < b and text[a] in " \t":
            a += 1
        while b > a and text[b - 1] in " \t":
            b -= 1
        spans.append((a, b))
    # A leading or trailing pipe leaves an empty first or last cell that is not a cell.
    if spans and text[start:end].lstrip().startswith("|"):
        spans = spans[1:]
    if spans and text[start:end].rstrip().endswith("|") and spans[-1][0] == spans[-1][1]:
        spans = spans[:-1]
    return spans


class _Inline:
    """Walks the inline tokens of one block over its content string; emits prose, masks the rest."""

    def __init__(self, content: str, cmap: ContentMap, out: Emitter) -> None:
        self.content, self.cmap, self.out = content, cmap, out
        self.autolink = False
        #: Inside a link whose text is its label: where that text's ']' ends, else -1.
        self.label_end = -1

    def walk(self, tokens: Sequence[Token], pos: int) -> int:
        for tok in tokens:
            pos = self._token(tok, pos)
        return pos

    def _token(self, tok: Token, pos: int) -> int:
        if self.label_end >= 0:  # a label's tokens are masked as a whole, up to the link's end
            if tok.type != "link_close":
                return pos
            end, self.label_end = self.label_end, -1
            return self._tail(end - 1)
        if tok.type in _EMPHASIS:
            return self._skip(tok.markup, pos)
        handler = getattr(self, f"_on_{tok.type}", None)
        return handler(tok, pos) if handler else pos

    def _on_text(self, tok: Token, pos: int) -> int:
        return self._text(tok.content, pos)

    def _on_softbreak(self, tok: Token, pos: int) -> int:
        return self._newline(pos)

    _on_hardbreak = _on_softbreak

    def _on_code_inline(self, tok: Token, pos: int) -> int:
        return self._code(tok.markup, pos)

    def _on_math_inline(self, tok: Token, pos: int) -> int:
        self.out.placeholder()
        return self._skip(tok.markup + tok.content + tok.markup, pos)

    _on_math_inline_double = _on_math_inline

    def _on_html_inline(self, tok: Token, pos: int) -> int:
        return self._html(tok.content, pos)

    def _on_footnote_ref(self, tok: Token, pos: int) -> int:
        return self._skip(f"[^{tok.meta.get('label', '')}]", pos)

    def _on_image(self, tok: Token, pos: int) -> int:
        end = self._label(pos + 1) if self._find("![", pos) == pos else -1
        if end >= 0:
            self.out.placeholder()
            return self._tail(end - 1)
        return self._tail(self.walk(tok.children or [], self._skip("![", pos)))

    def _label(self, pos: int) -> int:
        """When the '[' at ``pos`` opens the text of a shortcut or collapsed reference ('[name]',
        '[name][]'), whose text is the label naming its definition: where that text's ']' ends;
        else -1. The source after ']' decides, as ``_tail`` reads it."""
        end = _balanced(self.content, pos, "[", "]") if self.content.startswith("[", pos) else -1
        if end < 0:
            return -1
        after = end
        for opener, closer in ("()", "[]"):
            if self.content.startswith(opener, end):
                after = max(_balanced(self.content, end, opener, closer), end)
                break
        return end if is_label_link(self.content[pos - (self.content[pos - 1 : pos] == "!") : after]) else -1

    def _find(self, text: str, pos: int) -> int:
        """``pos`` when the token's source ``text`` stands exactly there, else -1 (never searched for).

        The walk is a cursor over the block's content: tokens come in source order, and each
        must start where the previous one ended (spaces the parser dropped aside).
        """
        return pos if self.content.startswith(text, pos) else -1

    def _skip(self, text: str, pos: int) -> int:
        at = self._find(text, pos)
        return pos if at < 0 else at + len(text)

    def _text(self, text: str, pos: int) -> int:
        if self.autolink:
            return pos
        at = self._find(text, pos)
        if at < 0:
            return pos
        self.out.content(self.cmap, self.content, at, at + len(text))
        return at + len(text)

    def _on_text_special(self, tok: Token, pos: int) -> int:
        at = self._find(tok.markup, pos)
        if at < 0:
            return pos
        if tok.info == "escape":
            self.out.content(self.cmap, self.content, at + 1, at + len(tok.markup))
        else:
            self.out.synthetic(tok.content)
        return at + len(tok.markup)

    def _newline(self, pos: int) -> int:
        """A soft or hard break: the blanks (and a hard break's backslash) the parser dropped, then the LF."""
        at = pos
        while at < len(self.content) and self.content[at] in " \t\\":
            at += 1
        if not self.content.startswith("\n", at):
            return pos
        self.out.content(self.cmap, self.content, at, at + 1)
        at += 1
        while at < len(self.content) and self.content[at] in " \t":
            at += 1
        return at

    def _code(self, ticks: str, pos: int) -> int:
        at = self._find(ticks, pos)
        if at < 0:
            return pos
        self.out.placeholder()
        close = re.compile(rf"(?<!`){re.escape(ticks)}(?!`)")
        m = close.search(self.content, at + len(ticks))
        return m.end() if m else at + len(ticks)

    def _html(self, html: str, pos: int) -> int:
        at = self._find(html, pos)
        if at < 0:
            return pos
        start, end = self.cmap.to_original(at), self.cmap.to_original(at + len(html) - 1)
        if html.startswith("<!--") and start is not None and end is not None:
            self.out.comment(start, end + 1)
            self.out.gap()
        return at + len(html)

    def _on_link_open(self, tok: Token, pos: int) -> int:
        if tok.markup == "autolink":
            self.autolink = True
            self.out.placeholder()
            # An autolink is '<', a URI or address without spaces or '>', and '>' (CommonMark 6.5).
            end = self.content.find(">", pos) if self.content.startswith("<", pos) else -1
            return pos if end < 0 else end + 1
        end = self._label(pos)
        if end >= 0:
            self.out.placeholder()
            self.label_end = end
            return pos
        return self._skip("[", pos)

    def _on_link_close(self, tok: Token, pos: int) -> int:
        if self.autolink:
            self.autolink = False
            return pos
        return self._tail(pos)

    def _tail(self, pos: int) -> int:
        """Skip ']' and the link's destination: '(url "title")', '[label]' or nothing."""
        pos = self._skip("]", pos)
        for opener, closer in ("()", "[]"):
            if self.content.startswith(opener, pos):
                end = _balanced(self.content, pos, opener, closer)
                return pos if end < 0 else end
        return pos


def _balanced(text: str, pos: int, opener: str, closer: str) -> int:
    """Offset just past the ``closer`` matching the ``opener`` at ``pos``, or -1 if it is not closed."""
    depth, quote = 0, ""
    while pos < len(text):
        ch = text[pos]
        if ch == "\\":
            pos += 2
            continue
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'" and opener == "(" and depth == 1 and text[pos - 1] in " \t\n":
            quote = ch
        elif ch == opener:
            depth += 1
        elif ch == closer:
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    return -1
