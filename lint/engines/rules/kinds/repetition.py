"""The repetition kind: a paragraph or heading repeated verbatim or near-verbatim in one text."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from lint.engines.rules.kinds.base import Context, Kind, Match, Option

_TOKEN = re.compile(r"\w+(?:['’]\w+)*")


class Repetition(Kind):
    """Flags the first line of a paragraph that repeats an earlier one of the same text.

    Paragraphs are compared as lowercase word sequences (punctuation and spacing ignored).
    Verbatim copies are found by hashing; near-verbatim ones (``similarity`` or more, as
    difflib's ratio over words) among paragraphs that share their first or last words, so the
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
        seen: dict[tuple[str, ...], int] = {}
        anchors: dict[tuple[str, ...], list[int]] = {}
        spans = ctx.paragraphs(text)
        words = _paragraph_words(text, spans)
        lines = _first_lines(text, spans)
        for i, tokens in enumerate(words):
            if len(tokens) < self.options["min_words"]:
                continue
            first = seen.get(tokens)
            if first is None:
                first = self._near(tokens, words, anchors)
            if first is not None:
                yield self._match(text, spans, i, first, lines[first])
                continue
            seen[tokens] = i
            for key in self._anchors(tokens):
                anchors.setdefault(key, []).append(i)

    def _anchors(self, tokens: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        n = self.options["anchor"]
        return (("<", *tokens[:n]), (">", *tokens[-n:]))

    def _near(self, tokens: tuple[str, ...], words: list[tuple[str, ...]], anchors: dict) -> int | None:
        """Index of an earlier paragraph that ``tokens`` copies near-verbatim, or None."""
        candidates = sorted({j for key in self._anchors(tokens) for j in anchors.get(key, ())})
        similarity = self.options["similarity"]
        for j in candidates:
            # The ratio is at most 2·min/(len a + len b) (difflib's real_quick_ratio): check
            # that first, before building a matcher.
            if 2.0 * min(len(words[j]), len(tokens)) / (len(words[j]) + len(tokens)) < similarity:
                continue
            matcher = difflib.SequenceMatcher(None, words[j], tokens, autojunk=False)
            if matcher.quick_ratio() >= similarity and matcher.ratio() >= similarity:
                return j
        return None

    @staticmethod
    def _match(text: str, spans: list[tuple[int, int]], i: int, first: int, line: int) -> Match:
        start, end = spans[i]
        newline = text.find("\n", start, end)
        fs, fe = spans[first]
        detail = {
            "line": str(line),
            "paragraph": str(first + 1),
            "start": " ".join(text[fs:fe].split(maxsplit=6)[:6]),  # the first six words, without splitting them all
        }
        return Match(start, end if newline < 0 else newline, (), detail)


def _paragraph_words(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, ...]]:
    """Each span's lowercase words.

    Lowercasing the whole text once gives the same words as lowercasing each word, unless the
    text holds the two letters whose lowercase depends on their context or changes the length
    ('Σ' at a word's end, 'İ'); every other character keeps its place and its \\w-ness.
    """
    if "Σ" in text or "İ" in text:
        return [tuple(w.lower() for w in _TOKEN.findall(text, s, e)) for s, e in spans]
    lowered = text.lower()
    return [tuple(_TOKEN.findall(lowered, s, e)) for s, e in spans]


def _first_lines(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """1-based line of ``text`` on which each span starts, counted in one pass."""
    lines, line, pos = [], 1, 0
    for start, _ in spans:
        line += text.count("\n", pos, start)
        pos = start
        lines.append(line)
    return lines
