"""Helpers shared by the extractors: content-to-original maps and the prose emitter (lines: lint.source)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lint import _core

#: Bare URLs and e-mail addresses in prose; they are masked like inline code. Every match holds
#: '://', 'www.' or '@': the emitter finds those once per document (core/src/emitter.rs, ``hints``)
#: and asks url_spans only of a span that holds one.
_URL = re.compile(
    r"(?:https?|ftp|file)://[^\s<>\"'`]+|\bwww\.[^\s<>\"'`]+\.[^\s<>\"'`]+"
    # The local part is bounded (RFC 5321: 64) so that a long run of word characters stays linear.
    r"|\b[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+"
)
_URL_TRAIL = ".,;:!?'\"*_"


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


class Emitter(_core.Emitter):
    """The prose emitter of every extractor: block breaks, placeholders for masked code and URLs
    (``CODE<n>``, see PLACEHOLDER), newline normalisation, the gap rule, over the builder of the
    TextSource. All of it is the compiled core's (core/src/emitter.rs), which the Markdown walk
    drives directly; this subclass adds the emission of a parser's content through a ContentMap.
    """

    #: Between blocks (headings, items, cells, paragraphs): a blank line, so that
    #: TextSource.paragraphs() splits there and no engine reads two blocks as one sentence.
    BLOCK_SEPARATOR = "\n\n"

    def __new__(cls, original: str, fmt: str) -> Emitter:
        return super().__new__(cls, original, fmt, cls.BLOCK_SEPARATOR)

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


def url_spans(original: str, start: int, end: int) -> list[tuple[int, int]]:
    """The bare URLs and e-mail addresses in ``original[start:end]``, as (start, end) with trailing
    sentence punctuation removed; matches shorter than four characters then are left as prose.
    The emitter asks only of a span that holds '://', 'www.' or '@'."""
    found = []
    for m in _URL.finditer(original, start, end):
        stop = _url_end(original, m.start(), m.end())
        if stop > m.start() + 3:
            found.append((m.start(), stop))
    return found


#: The end of a full reference, '][label]' (a label holds no unescaped bracket).
_FULL_REFERENCE = re.compile(r"\]\[(?:[^\[\]\\]|\\.)+\]\Z", re.DOTALL)


def is_label_link(source: str) -> bool:
    """True when a link's or image's whole ``source`` is a shortcut or collapsed reference, whose
    text is its label: not an inline link ('...)') nor a full reference ('[text][label]')."""
    return not source.endswith(")") and not _FULL_REFERENCE.search(source)
