"""The repetition kind: a paragraph or heading repeated verbatim or near-verbatim in one text."""

from __future__ import annotations

from collections.abc import Iterator

from lint._core import paragraph_words, similar_words
from lint.engines.rules.kinds.base import Context, Kind, Match, Option


class Repetition(Kind):
    """Flags the first line of a paragraph that repeats an earlier one of the same text.

    Paragraphs are compared as lowercase word sequences (``\\w+(?:['’]\\w+)*``, each lowered by
    ``str.lower``; punctuation and spacing ignored), which the compiled core finds
    (``lint._core.paragraph_words``) and joins with spaces, so a paragraph is one string.
    Verbatim copies are found by hashing; near-verbatim ones (``similarity`` or more, as
    difflib's ratio over words, computed by the compiled core: ``lint._core.similar_words``)
    among paragraphs that share their first or last words, so the
    cost stays linear in the number of paragraphs. Message fields: ``{line}``, the line of the
    first copy counted in the checked text (the file's own line for plain text; for markup,
    a line of the extracted prose), ``{paragraph}`` its 1-based paragraph number, ``{start}``
    its first words.
    """

    name = "repetition"
    FIELDS = frozenset({"line", "paragraph", "start"})
    OPTIONS = {
        "min_words": Option(int, 4, doc="shortest paragraph compared; short ones ('Notes') legitimately recur"),
        "similarity": Option((int, float), 0.9, doc="word-sequence ratio from which a copy is near-verbatim"),
        "anchor": Option(int, 4, doc="how many first (and last) words pick near-verbatim candidates"),
    }

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        seen: dict[str, int] = {}
        anchors: dict[str, list[int]] = {}
        spans = ctx.paragraphs(text)
        # Per paragraph: (number of words, its words, its first and its last `anchor` words).
        words = paragraph_words(text, spans, self.options["anchor"])
        lines = _first_lines(text, spans)
        details: dict[int, dict[str, str]] = {}  # per first copy: copies of one paragraph share it
        min_words = self.options["min_words"]
        for i, (count, joined, head, tail) in enumerate(words):
            if count < min_words:
                continue
            first = seen.get(joined)
            if first is None:
                first = self._near(i, words, anchors)
            if first is not None:
                detail = details.get(first)
                if detail is None:
                    detail = details[first] = _detail(text, spans[first], first, lines[first])
                start, end = spans[i]
                newline = text.find("\n", start, end)
                yield Match(start, end if newline < 0 else newline, (), detail)
                continue
            seen[joined] = i
            anchors.setdefault("<" + head, []).append(i)
            anchors.setdefault(">" + tail, []).append(i)

    def _near(self, i: int, words: list[tuple[int, str, str, str]], anchors: dict) -> int | None:
        """Index of an earlier paragraph that paragraph ``i`` copies near-verbatim, or None."""
        count, joined, head, tail = words[i]
        before, after = anchors.get("<" + head), anchors.get(">" + tail)
        if before is None and after is None:  # no earlier paragraph shares its first or last words
            return None
        candidates = sorted({*(before or ()), *(after or ())})
        similarity = self.options["similarity"]
        for j in candidates:
            # The ratio is at most 2·min/(len a + len b) (difflib's real_quick_ratio): check that
            # first; the compiled core then checks its quick_ratio and computes the ratio.
            if 2.0 * min(words[j][0], count) / (words[j][0] + count) < similarity:
                continue
            if similar_words(words[j][1], joined, similarity):
                return j
        return None


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
