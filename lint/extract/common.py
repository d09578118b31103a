"""Helpers shared by the extractors: content-to-original maps and the prose emitter (lines: lint.source)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lint.source import SourceBuilder, TextSource

#: Bare URLs and e-mail addresses in prose; they are masked like inline code.
_URL = re.compile(
    r"(?:https?|ftp|file)://[^\s<>\"'`]+|\bwww\.[^\s<>\"'`]+\.[^\s<>\"'`]+"
    # The local part is bounded (RFC 5321: 64) so that a long run of word characters stays linear.
    r"|\b[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+"
)
_URL_TRAIL = ".,;:!?'\"*_"
#: What every match of _URL holds: '://', 'www.' or '@' (occurrences never overlap).
_URL_HINT = re.compile(r"://|www\.|@")


def _url_end(text: str, start: int, end: int) -> int:
    """End of a URL match with trailing sentence punctuation (and unbalanced ')') removed."""
    while end > start:
        ch = text[end - 1]
        if ch in _URL_TRAIL or (ch == ")" and text.count("(", start, end) < text.count(")", start, end)):
            end -= 1
        else:
            break
    return end


@dataclass(slots=True)
class ContentMap:
    """Runs ``(content_start, orig_start, length)`` mapping a parser's content string to the original.

    Runs are added in increasing content order, so lookups bisect.
    """

    runs: list[tuple[int, int, int]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def align(self, content: str, cpos: int, cend: int, original: str, opos: int, oend: int) -> None:
        """Map ``content[cpos:cend]`` onto ``original[opos:oend]`` greedily, skipping original-only chars."""
        cend, oend = min(cend, len(content)), min(oend, len(original))
        if cpos < cend and original.startswith(content[cpos:cend], opos):  # the usual, verbatim case
            self._add(cpos, opos, cend - cpos)
            return
        while cpos < cend and opos < oend:
            if content[cpos] == original[opos]:
                self._add(cpos, opos)
                cpos += 1
            opos += 1

    def _add(self, cpos: int, opos: int, length: int = 1) -> None:
        if self.runs:
            c, o, n = self.runs[-1]
            if c + n == cpos and o + n == opos:
                self.runs[-1] = (c, o, n + length)
                return
        self.runs.append((cpos, opos, length))
        self._starts.append(cpos)

    def pieces(self, start: int, end: int) -> Iterator[tuple[int, int, int | None]]:
        """Split a content span into ``(cstart, cend, orig_start or None)`` pieces, in order."""
        pos = start
        for c, o, n in self.runs[max(bisect.bisect_right(self._starts, start) - 1, 0) :]:
            if c >= end:
                break
            if c + n <= pos:
                continue
            if c > pos:
                yield pos, c, None
                pos = c
            stop = min(end, c + n)
            yield pos, stop, o + pos - c
            pos = stop
        if pos < end:
            yield pos, end, None

    def to_original(self, cpos: int) -> int | None:
        """Original offset of a content offset, or None when it is not mapped."""
        i = bisect.bisect_right(self._starts, cpos) - 1
        if i >= 0:
            c, o, n = self.runs[i]
            if cpos < c + n:
                return o + cpos - c
        return None


class Emitter:
    """Wraps SourceBuilder: block breaks, placeholders for masked code/URLs, newline normalisation."""

    #: Masked inline code, math and URLs become ``CODE<n>``: a neutral word, distinct each time,
    #: so 'the `x` the' is not a doubled word and masked code keeps its role in the sentence.
    PLACEHOLDER = "CODE{}"
    #: Between blocks (headings, items, cells, paragraphs): a blank line, so that
    #: TextSource.paragraphs() splits there and no engine reads two blocks as one sentence.
    BLOCK_SEPARATOR = "\n\n"

    def __init__(self, original: str, fmt: str) -> None:
        self.original = original
        self._builder = SourceBuilder(original, fmt)
        self._count = 0
        self._empty = True
        self._break = False
        self._gap = False
        #: Where each _URL_HINT occurrence of the original starts and ends (found on first use).
        self._hints: tuple[list[int], list[int]] | None = None

    def block(self) -> None:
        """Start a new block: the next prose is separated from the previous one by a blank line."""
        self._break = True

    def _begin(self) -> None:
        if self._break and not self._empty:
            self._builder.synthetic(self.BLOCK_SEPARATOR)
        self._break = False
        self._empty = False
        self._gap = False

    def gap(self) -> None:
        """Something between two spaces was dropped (a comment): the next prose drops one space."""
        self._gap = self._builder.ends_with(" ")

    def prose(self, start: int, end: int) -> None:
        """Copy ``original[start:end]`` verbatim, masking bare URLs and e-mail addresses."""
        if self._gap and self.original.startswith(" ", start):
            start += 1
        if end <= start:
            return
        self._begin()
        pos = start
        if not self._may_hold_url(start, end):
            self._builder.prose(start, end)
            return
        for m in _URL.finditer(self.original, start, end):
            stop = _url_end(self.original, m.start(), m.end())
            if stop <= m.start() + 3:
                continue
            self._builder.prose(pos, m.start())
            self.placeholder()
            pos = stop
        self._builder.prose(pos, end)

    def _may_hold_url(self, start: int, end: int) -> bool:
        """False when ``original[start:end]`` holds none of '://', 'www.' and '@', so _URL cannot
        match: the occurrences are found once per document, and since they never overlap, the
        first one that starts in the span is inside it if any is."""
        if self._hints is None:
            found = list(_URL_HINT.finditer(self.original))
            self._hints = [m.start() for m in found], [m.end() for m in found]
        starts, ends = self._hints
        i = bisect.bisect_left(starts, start)
        return i < len(starts) and ends[i] <= end

    def newline(self, start: int = 0, end: int = 0) -> None:
        """A line break inside a block: copy the LF at ``original[start:end]`` verbatim; write a
        CRLF or CR (or a break with no span) as a synthetic LF.

        Breaks at the start of a block or right after another break are dropped: a line that
        held only markup (an image, a tag) must not turn into a paragraph break.
        """
        if self._empty or self._break or self._builder.ends_with("\n"):
            return
        self._begin()
        if self.original[start:end] == "\n":
            self._builder.prose(start, end)
        else:
            self._builder.synthetic("\n")

    def placeholder(self) -> None:
        """Stand in for masked inline code, math or a URL."""
        self._begin()
        self._builder.synthetic(self.PLACEHOLDER.format(self._count))
        self._count += 1

    def synthetic(self, text: str) -> None:
        self._begin()
        self._builder.synthetic(text)

    def content(self, cmap: ContentMap, content: str, start: int, end: int) -> None:
        """Emit ``content[start:end]`` through ``cmap``; unmapped newlines become synthetic LFs."""
        for cs, ce, orig in cmap.pieces(start, end):
            if orig is not None:
                self._emit_mapped(content, cs, ce, orig)
            elif "\n" in content[cs:ce]:
                self.newline()
            elif content[cs:ce].strip(" \t"):
                self.synthetic(" ")

    def _emit_mapped(self, content: str, cs: int, ce: int, orig: int) -> None:
        pos = cs
        for i in range(cs, ce):
            if content[i] == "\n":
                self.prose(orig + pos - cs, orig + i - cs)
                self.newline(orig + i - cs, orig + i - cs + 1)
                pos = i + 1
        self.prose(orig + pos - cs, orig + ce - cs)

    def comment(self, start: int, end: int) -> None:
        self._builder.comment(start, end)

    @property
    def segment_count(self) -> int:
        return self._builder.segment_count

    def fixed_width(self, since: int) -> None:
        """The prose emitted since segment ``since`` may not grow (a reST title)."""
        self._builder.fixed_width(since)

    def fixed_length(self, since: int) -> None:
        """The prose emitted since segment ``since`` must keep its length (a reST table cell)."""
        self._builder.fixed_length(since)

    def build(self) -> TextSource:
        return self._builder.build()


#: The end of a full reference, '][label]' (a label holds no unescaped bracket).
_FULL_REFERENCE = re.compile(r"\]\[(?:[^\[\]\\]|\\.)+\]\Z", re.DOTALL)


def is_label_link(source: str) -> bool:
    """True when a link's or image's whole ``source`` is a shortcut or collapsed reference, whose
    text is its label: not an inline link ('...)') nor a full reference ('[text][label]')."""
    return not source.endswith(")") and not _FULL_REFERENCE.search(source)
