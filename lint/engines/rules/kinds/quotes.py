"""The quotes kind: double quotation marks that are unbalanced or mismatched within a paragraph."""

from __future__ import annotations

from collections.abc import Iterator

from lint._core import quote_problems
from lint.engines.rules.kinds.base import Context, Kind, Match

OPEN, CLOSE, STRAIGHT = "\u201c", "\u201d", '"'


class Quotes(Kind):
    """Pairs “ ” and " within each paragraph.

    A straight quote paired with a curly one is reported at the straight quote, with
    its curly counterpart as a safe fix. A quote left open is accepted when the next
    paragraph opens with a quote: the convention for a quotation over several paragraphs.
    The marks are paired in the compiled core (``lint._core.quote_problems``).
    """

    name = "quotes"
    OPTIONS = {}
    FIELDS = frozenset({"problem"})

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        for pos, problem in quote_problems(text, ctx.paragraphs(text)):
            yield _PROBLEMS[problem](pos)


def _mismatch(fix: str, problem: str):
    """A straight quote of a straight/curly pair, reported with its curly form as a safe fix."""
    return lambda pos: Match(pos, pos + 1, (fix,), {"problem": problem}, safe_fix=True)


#: Problem number (see ``lint._core.quote_problems``) -> its match at a mark's offset.
_PROBLEMS = (
    lambda pos: Match(pos, pos + 1, detail={"problem": "closing quote without an opening one"}),
    lambda pos: Match(pos, pos + 1, detail={"problem": "quotation mark is never closed in this paragraph"}),
    _mismatch(OPEN, f"opened with {STRAIGHT} but closed with {CLOSE}"),
    _mismatch(CLOSE, f"opened with {OPEN} but closed with {STRAIGHT}"),
)
