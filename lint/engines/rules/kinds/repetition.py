"""The repetition kind: a paragraph or heading repeated verbatim or near-verbatim in one text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lint._core import repeated_paragraphs
from lint.engines.rules.kinds.base import Context, Kind, Match, Option
from lint.words import edits1


class Repetition(Kind):
    """Flags the first line of a paragraph that repeats an earlier one of the same text.

    Paragraphs are compared as lowercase word sequences (``\\w+(?:['’]\\w+)*``, each lowered by
    ``str.lower``; punctuation and spacing ignored). Verbatim copies are found by hashing;
    near-verbatim ones (``similarity`` or more, as difflib's ratio over words) among paragraphs
    that share their first or last ``anchor`` words, so the cost stays linear in the number of
    paragraphs. The compiled core does the comparing (``lint._core.repeated_paragraphs``).
    Message fields: ``{line}``, the line of the first copy counted in the checked text (the
    file's own line for plain text; for markup, a line of the extracted prose), ``{paragraph}``
    its 1-based paragraph number, ``{start}`` its first words.
    """

    name = "repetition"
    FIELDS = frozenset({"line", "paragraph", "start"})
    OPTIONS = {
        "min_words": Option(int, 4, doc="shortest paragraph compared; short ones ('Notes') legitimately recur"),
        "similarity": Option((int, float), 0.9, doc="word-sequence ratio from which a copy is near-verbatim"),
        "parallel": Option(bool, False, doc="leave out near copies that have the same number of words and differ only by words put in another's place: parallel paragraphs, a template written out for two cases ('Called immediately before ...', 'Called immediately after ...')"),
        "anchor": Option(int, 4, doc="how many first (and last) words pick near-verbatim candidates"),
    }

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        spans = ctx.paragraphs(text)
        o = self.options
        copies = repeated_paragraphs(text, spans, max(0, o["min_words"]), o["anchor"], float(o["similarity"]))
        if not copies:
            return
        if o["parallel"]:
            by_start = {span[0]: span for span in spans}
            words = _Words(text)
            copies = [c for c in copies if not _parallel(text, spans[c[2]], by_start[c[0]], words)]
            if not copies:
                return
        firsts = sorted({first for _, _, first in copies})
        lines = dict(zip(firsts, _first_lines(text, [spans[f] for f in firsts])))
        details: dict[int, dict[str, str]] = {}  # per first copy: copies of one paragraph share it
        for start, line_end, first in copies:
            detail = details.get(first)
            if detail is None:
                detail = details[first] = _detail(text, spans[first], first, lines[first])
            yield Match(start, line_end, (), detail)


def _detail(text: str, span: tuple[int, int], first: int, line: int) -> dict[str, str]:
    """The message fields of a copy of paragraph ``first`` (0-based), which spans ``span`` (code
    points of ``text``) and starts on ``line``."""
    fs, fe = span
    return {
        "line": str(line),
        "paragraph": str(first + 1),
        "start": " ".join(text[fs:fe].split(maxsplit=6)[:6]),  # the first six words, without splitting them all
    }


def _first_lines(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """1-based line of ``text`` on which each span starts, counted in one pass."""
    lines, line, pos = [], 1, 0
    for start, _ in spans:
        line += text.count("\n", pos, start)
        pos = start
        lines.append(line)
    return lines


_WORD = re.compile(r"\w+(?:['’]\w+)*")


class _Words(dict):
    """A paragraph's words as the core compares them (lowercase), by span of ``text``; a first
    copy's are read once for all its copies."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def __missing__(self, span: tuple[int, int]) -> list[str]:
        words = self[span] = [w.lower() for w in _WORD.findall(self.text, *span)]
        return words


def _parallel(text: str, first: tuple[int, int], copy: tuple[int, int], words: _Words) -> bool:
    """True when the paragraphs at ``first`` and ``copy`` (spans of ``text``) have as many words,
    compared as the core compares them (lowercase), and differ in some: words put in others'
    places, nothing added or dropped, and no word a slip of its counterpart (``_slip``). A
    pasted copy is verbatim, gains or loses words, or differs by a slip ('saved', 'svaed')."""
    if first[1] - first[0] == copy[1] - copy[0] and text.startswith(text[first[0] : first[1]], copy[0]):
        return False  # the same text: a verbatim copy
    a, b = words[first], words[copy]
    if len(a) != len(b) or a == b:
        return False
    return not any(x.isalpha() and y.isalpha() and _slip(x, y) for x, y in zip(a, b) if x != y)


def _slip(x: str, y: str) -> bool:
    """True when one of two different words may be the other with a slip: one typing slip
    (``edits1``), cut short ('azerbaij'), or one letter swapped for another of any alphabet
    (a look-alike: 'bоok')."""
    if x.startswith(y) or y.startswith(x) or y in edits1(x) or x in edits1(y):
        return True
    return len(x) == len(y) and sum(c != d for c, d in zip(x, y)) == 1
