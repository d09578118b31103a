"""TextSource: the original text, the prose engines see, and the one offset-to-position map.

Every conversion from an engine offset to an original offset, line or column
happens here and nowhere else.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from lint import _core
from lint.model import Hit, Location

_NEWLINE = re.compile(r"\r\n|\r|\n")


class Segment(NamedTuple):
    """A run of prose copied verbatim: ``text[text_start:+length] == original[orig_start:+length]``.

    All three fields count code points. Immutable; a named tuple, as a document has thousands and
    each is made once (a frozen dataclass costs five times as much to build).
    """

    text_start: int
    orig_start: int
    length: int

    @property
    def text_end(self) -> int:
        return self.text_start + self.length


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a text: ``start``/``end`` exclude the terminator, ``eol`` is its end (code points)."""

    start: int
    end: int
    eol: int


class LineIndex:
    """The one line table: 0-based code-point offsets of a text <-> lines and 1-based (line, column).

    LF, CRLF and CR end lines; with ``lf_only`` only LF does, as html.parser counts them. The
    table (where each line starts, where its content ends) is built by the compiled core.
    """

    def __init__(self, text: str, lf_only: bool = False) -> None:
        self._starts, self._ends = _core.line_table(text, lf_only)

    def position(self, offset: int) -> tuple[int, int]:
        """Return (line, column), both 1-based, column in code points, for a 0-based offset."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def index_of(self, offset: int) -> int:
        """0-based index of the line holding a 0-based offset (its terminator counts as on it)."""
        return bisect.bisect_right(self._starts, offset) - 1

    def line(self, index: int) -> Line:
        """The line at a 0-based index (clamped to the last line)."""
        index = min(index, len(self._starts) - 1)
        eol = self._starts[index + 1] if index + 1 < len(self._starts) else self._ends[index]
        return Line(self._starts[index], self._ends[index], eol)

    def start_of(self, number: int) -> int:
        """Offset (code points) where the 1-based line ``number`` starts, as parsers report lines."""
        return self._starts[number - 1]

    def __len__(self) -> int:
        return len(self._starts)

    @property
    def line_count(self) -> int:
        return len(self._starts)


@dataclass(slots=True)
class TextSource:
    """A decoded file and the prose extracted from it.

    ``original``: the decoded file (BOM removed). ``text``: what engines see, newlines
    normalised to ``\\n`` and block boundaries as blank lines. ``segments``: sorted,
    non-overlapping verbatim copies; characters of ``text`` outside every segment are
    synthetic (normalised newlines, block separators) and map to the nearest segment edge.
    """

    original: str
    text: str
    segments: tuple[Segment, ...]
    fmt: str = "plain"
    #: Original-text spans (0-based, half-open, code points) of the format's comments,
    #: where inline suppressions live; empty for plain text, where they may stand anywhere.
    comments: tuple[tuple[int, int], ...] = ()
    #: Original-text spans (code points) whose text may not grow: reST section titles, which
    #: must stay no longer than their underline.
    fixed_width: tuple[tuple[int, int], ...] = ()
    #: Original-text spans (code points) whose length may not change: reST table cells, whose
    #: borders and column boundaries are drawn around them.
    fixed_length: tuple[tuple[int, int], ...] = ()
    #: True when the file's markup could not be parsed and all of it was taken as prose: code,
    #: URLs and markup may then lie inside a segment, so no fix fits anywhere.
    unparsed: bool = False
    _lines: LineIndex | None = field(default=None, repr=False)
    _map: _core.SegmentMap | None = field(default=None, repr=False, compare=False)
    _orig_starts: list[int] | None = field(default=None, repr=False)
    _orig_paragraphs: list[int] | None = field(default=None, repr=False)
    _paragraphs: list[tuple[int, int]] | None = field(default=None, repr=False)

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.original)
        return self._lines

    @property
    def _segments(self) -> _core.SegmentMap:
        """The segments as the compiled core's map (lint._core.SegmentMap), which does every
        text-to-original mapping below."""
        if self._map is None:
            self._map = _core.SegmentMap([(s.text_start, s.orig_start, s.length) for s in self.segments])
        return self._map

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``text`` (code points) to a half-open span of ``original``.

        A start in synthetic text moves forward to the next segment; an end moves back
        to the end of the previous one, so a span never grows over markup it did not cover.
        """
        return self._segments.to_original(start, end)

    def covers(self, ostart: int, oend: int) -> bool:
        """True when one segment holds the whole original span ``ostart``-``oend`` (code points):
        verbatim prose, with no markup inside it that the engines did not see."""
        if self._orig_starts is None:
            self._orig_starts = [s.orig_start for s in self.segments]
        i = bisect.bisect_right(self._orig_starts, ostart) - 1
        return i >= 0 and oend <= self.segments[i].orig_start + self.segments[i].length

    def is_contiguous(self, start: int, end: int) -> bool:
        """True when the text span lies inside one segment, i.e. maps to unbroken prose."""
        return self._segments.is_contiguous(start, end)

    def outside_prose(self) -> str:
        """The pieces of ``original`` that no segment covers (markup, code), in order, joined by
        newlines."""
        return self._segments.outside(self.original)

    def locate(self, hit: Hit) -> Location:
        """Return the original-file Location of an engine hit."""
        return self.locate_all([(hit.start, hit.end)])[0][0]

    def locate_all(self, spans: list[tuple[int, int]]) -> list[tuple[Location, bool]]:
        """For each half-open span of ``text`` (code points): its original-file Location
        (``to_original``, then ``location``) and whether it lies inside one segment
        (``is_contiguous``). One call to the compiled core for a whole file's hits."""
        new = tuple.__new__
        return [(new(Location, loc), whole) for loc, whole in self._segments.locate_all(spans, self.lines._starts)]

    def fits(self, ostart: int, oend: int, replacement: str) -> bool:
        """False when ``replacement`` in place of original[ostart:oend] (code points) would change
        the drawing around it: a longer ``fixed_width`` span (a reST title outgrows its underline)
        or a ``fixed_length`` span of another length (a reST table cell moves its border); or
        when the markup was not parsed (``unparsed``), so what is prose is not known."""
        change = len(replacement) - (oend - ostart)
        if self.unparsed:
            return False
        if change > 0 and any(s <= ostart and oend <= e for s, e in self.fixed_width):
            return False
        return change == 0 or not any(s <= ostart and oend <= e for s, e in self.fixed_length)

    def location(self, ostart: int, oend: int) -> Location:
        """The Location of a half-open span of ``original`` (code points)."""
        line, column = self.lines.position(ostart)
        end_line, end_column = self.lines.position(oend)
        return Location(ostart, oend, line, column, end_line, end_column)

    def paragraph_of(self, orig_offset: int) -> int:
        """Index of the paragraph holding an original offset (code points); -1 if in none."""
        if self._orig_paragraphs is None:
            self._orig_paragraphs = self._segments.original_starts([s for s, _ in self.paragraphs()])
        return bisect.bisect_right(self._orig_paragraphs, orig_offset) - 1

    def paragraphs(self) -> list[tuple[int, int]]:
        """Half-open ``text`` spans (code points) of the non-blank paragraphs (found once)."""
        if self._paragraphs is None:
            self._paragraphs = paragraph_spans(self.text)
        return self._paragraphs


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Half-open spans (code points) of the paragraphs of ``text``: runs separated by blank lines
    (``\\n[ \\t]*\\n\\s*``) that hold a non-space character, found by the compiled core.

    Each span ends before the paragraph's trailing whitespace (``str.isspace``).
    """
    return _core.paragraph_spans(text)


#: Builds a TextSource piece by piece (``prose``, ``synthetic``, ``comment``, ``fixed_width``,
#: ``fixed_length``, ``build``), so that the offset map is always right: the compiled core's
#: (core/src/emitter.rs), which lint.extract.common.Emitter extends.
SourceBuilder = _core.SourceBuilder


def plain_source(original: str, fmt: str = "plain") -> TextSource:
    """Build the TextSource of a plain-text file: every line is prose, newlines become ``\\n``."""
    if "\r" not in original:  # the common case: the prose is the file itself
        return TextSource(original, original, (Segment(0, 0, len(original)),) if original else (), fmt)
    builder = SourceBuilder(original, fmt)
    opos = 0
    for m in _NEWLINE.finditer(original):
        builder.prose(opos, m.start())
        if m.group() == "\n":
            builder.prose(m.start(), m.end())
        else:
            builder.synthetic("\n")
        opos = m.end()
    builder.prose(opos, len(original))
    return builder.build()
