"""The quotes kind: double quotation marks that are unbalanced or mismatched within a paragraph."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from lint.engines.rules.kinds.base import Context, Kind, Match

OPEN, CLOSE, STRAIGHT = "\u201c", "\u201d", '"'
_QUOTE = regex.compile(f"[{OPEN}{CLOSE}{STRAIGHT}]")


class Quotes(Kind):
    """Pairs “ ” and " within each paragraph.

    A straight quote paired with a curly one is reported at the straight quote, with
    its curly counterpart as a safe fix. A quote left open is accepted when the next
    paragraph opens with a quote: the convention for a quotation over several paragraphs.
    """

    name = "quotes"
    OPTIONS = {}
    FIELDS = frozenset({"problem"})

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        spans = ctx.paragraphs(text)
        for i, (start, end) in enumerate(spans):
            nxt = text[spans[i + 1][0]] if i + 1 < len(spans) else ""
            yield from self._paragraph(text, start, end, continued=nxt in (OPEN, STRAIGHT))

    def _paragraph(self, text: str, start: int, end: int, continued: bool) -> Iterator[Match]:
        opened: int | None = None
        for m in _QUOTE.finditer(text, start, end):
            pos, char = m.start(), m.group()
            if opened is None:
                if char == CLOSE:
                    yield Match(pos, pos + 1, detail={"problem": "closing quote without an opening one"})
                else:
                    opened = pos
                continue
            first = text[opened]
            if char == OPEN:
                yield _unclosed(opened)
                opened = pos
            elif first == char == STRAIGHT or (first, char) == (OPEN, CLOSE):
                opened = None
            else:
                yield _mismatch(opened, pos, text)
                opened = None
        if opened is not None and not continued:
            yield _unclosed(opened)


def _unclosed(pos: int) -> Match:
    return Match(pos, pos + 1, detail={"problem": "quotation mark is never closed in this paragraph"})


def _mismatch(opened: int, closed: int, text: str) -> Match:
    """Report the straight quote of a straight/curly pair, suggesting its curly form."""
    if text[opened] == STRAIGHT:
        pos, fix, problem = opened, OPEN, f"opened with {STRAIGHT} but closed with {CLOSE}"
    else:
        pos, fix, problem = closed, CLOSE, f"opened with {OPEN} but closed with {STRAIGHT}"
    return Match(pos, pos + 1, (fix,), {"problem": problem}, safe_fix=True)
