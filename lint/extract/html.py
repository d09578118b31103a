"""HTML extractor: text between tags is prose; tags, comments, scripts, styles, code and template tags are not."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from lint.extract.common import Emitter
from lint.source import LineIndex, TextSource

_BLOCK = frozenset(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol option p section summary "
    "table tbody td tfoot th thead title tr ul".split()
)
#: Elements whose content is never prose; the inline ones leave a placeholder in the sentence.
_SKIP = frozenset("script style pre textarea svg template iframe object noscript".split())
_SKIP_INLINE = frozenset("code kbd samp var tt math".split())
#: Class of a ``<span>`` whose text is literal code: docutils and Sphinx write every piece of
#: a literal, and of an API signature's names and parameters, as ``<span class="pre">``.
_CODE_CLASS = "pre"
_BREAK = re.compile(r"[ \t]*(\r\n|\r|\n)\s*")
#: A template's tags in an HTML theme or layout (Jinja, Django, Liquid): '{% if x %}',
#: '{{ page.title }}', '{# note #}'. Code, not prose; an expression stands for a value.
_TEMPLATE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}")
_ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


def extract_html(original: str) -> TextSource:
    """Build the TextSource of an HTML file (offsets in code points of ``original``)."""
    out = Emitter(original, "html")
    extract_html_span(out, 0, len(original))
    return out.build()


def extract_html_span(out: Emitter, start: int, end: int) -> None:
    """Emit the prose of the HTML in ``out.original[start:end]`` (e.g. an HTML block in Markdown)."""
    parser = _Extractor(out, start, end)
    parser.feed(out.original[start:end])
    parser.end_comment()
    # What the parser holds back is an unfinished construct. One that starts with '<' is markup
    # that never closed ('<!-- ...', '<p title="...'): an unclosed comment runs to the end.
    tail = parser.rawdata
    if tail.startswith("<!--"):
        out.comment(end - len(tail), end)
    if not tail.startswith("<"):
        parser.close()
    out.block()


class _Extractor(HTMLParser):
    """Feeds text nodes to an Emitter at their exact original offsets."""

    def __init__(self, out: Emitter, start: int, end: int) -> None:
        super().__init__(convert_charrefs=False)
        self.original = out.original
        self.out = out
        self.start = start
        # HTMLParser counts lines by '\n' only, so its positions are resolved the same way here.
        self._lines = LineIndex(self.original[start:end], lf_only=True)
        self._skip = 0
        self._open = False
        #: Start of the comment just reported; it ends where the parser's next event starts.
        self._comment: int | None = None
        #: True right after a line break, so '<br>' plus a newline is one break, not a blank line.
        self._line_start = False
        #: One entry per open <span>: True when it holds literal code (``_CODE_CLASS``).
        self._spans: list[bool] = []

    def _offset(self) -> int:
        """Original offset (code points) of the construct being reported: html.parser's getpos()."""
        line, column = self.getpos()
        return self.start + self._lines.start_of(line) + column

    def end_comment(self) -> None:
        """Record the pending comment: it ends where the parser stands now (the next event, or
        the end of what it consumed), since html.parser reports a comment before moving past it."""
        if self._comment is not None:
            start, end = self._comment, self._offset()
            self._comment = None
            if self.original.startswith("<!--", start) and self.original[end - 1 : end] == ">":
                self.out.comment(start, end)

    def _block(self) -> None:
        self.out.block()
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.end_comment()
        if tag == "span":
            code = any(k == "class" and v and _CODE_CLASS in v.split() for k, v in attrs)
            self._spans.append(code)
            if code:
                if not self._skip:
                    self.out.placeholder()
                self._skip += 1
        elif tag in _SKIP or tag in _SKIP_INLINE:
            if tag in _SKIP_INLINE and not self._skip:
                self.out.placeholder()
            self._skip += 1
        elif tag in _BLOCK:
            self._block()
        elif tag == "br" and self._open and not self._line_start:
            self.out.synthetic("\n")
            self._line_start = True
        elif tag == "img" and not self._skip:
            self._alt(self._offset(), self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIP and tag not in _SKIP_INLINE and tag != "span":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.end_comment()
        if tag == "span":
            if self._spans and self._spans.pop():
                self._skip = max(0, self._skip - 1)
        elif tag in _SKIP or tag in _SKIP_INLINE:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self._block()

    def _alt(self, start: int, tag_text: str) -> None:
        m = _ALT.search(tag_text)
        if not m or self.original[start : start + len(tag_text)] != tag_text:
            return
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        self._block()
        self.out.prose(start + m.start(group), start + m.end(group))
        self._block()

    def handle_data(self, data: str) -> None:
        self.end_comment()
        start = self._offset()
        if self._skip or self.original[start : start + len(data)] != data:
            return
        pos = start
        for m in _BREAK.finditer(self.original, start, start + len(data)):
            self._text(pos, m.start())
            if self._open and not self._line_start:
                self.out.newline(m.start(1), m.end(1))
                self._line_start = True
            pos = m.end()
        self._text(pos, start + len(data))

    def _text(self, start: int, end: int) -> None:
        if "{" not in self.original[start:end]:
            self._prose(start, end)
            return
        pos = start
        for m in _TEMPLATE.finditer(self.original, start, end):
            self._prose(pos, m.start())
            if m.group().startswith("{{"):  # a value in the sentence
                self.out.placeholder()
                self._open, self._line_start = True, False
            pos = m.end()
        self._prose(pos, end)

    def _prose(self, start: int, end: int) -> None:
        if not self._open:  # a block does not start with the blanks that follow a tag
            chunk = self.original[start:end]
            start += len(chunk) - len(chunk.lstrip())
        if end > start:
            self.out.prose(start, end)
            self._open, self._line_start = True, False

    def _reference(self, ref: str) -> None:
        self.end_comment()
        if not self._skip:
            self.out.synthetic(html.unescape(ref))
            self._open, self._line_start = True, False

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.end_comment()
        self._comment = self._offset()
        self.out.gap()

    def handle_decl(self, decl: str) -> None:
        self.end_comment()

    handle_pi = unknown_decl = handle_decl
