"""The doubled kind: the same word twice in a row ('the the'), found by the compiled core."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

import regex

from lint._core import doubled_words
from lint.engines.rules.kinds.base import Context, Kind, Match, Option, RuleDefinitionError

_CLASSES = ((1, regex.compile(r"\w")), (2, regex.compile(r"\p{L}")), (4, regex.compile(r"\p{Lu}")),
            (8, regex.compile(r"\p{Ll}")))
_SAME = regex.compile(r"(.)(?i:\1)", regex.S)


@functools.lru_cache(maxsize=None)
def _classify(char: str) -> int:
    """The classes of the ``regex`` module that ``char`` belongs to (bits: \\w, \\p{L}, \\p{Lu}, \\p{Ll})."""
    return sum(bit for bit, pattern in _CLASSES if pattern.match(char))


def _same(a: str, b: str) -> bool:
    """True when the ``regex`` module matches ``b`` to a case-insensitive backreference of ``a``."""
    return _SAME.fullmatch(a + b) is not None


class Doubled(Kind):
    """Flags a word written twice in a row, separated by spaces and at most one line break.

    Exactly the same word twice ('the the'), or the first word of a sentence, a line or the text
    again with its capital in the other case ('The the'); words that differ in case otherwise
    ('Bitwise AND and') are two words. Letters, capitals and word boundaries are those of the
    ``regex`` module (``\\p{L}``, ``\\p{Lu}``, ``\\p{Ll}``, ``\\b``); the scan runs in the compiled
    core (``lint._core.doubled_words``). The suggestion is the word once.
    """

    name = "doubled"
    OPTIONS = {
        "exceptions": Option(list, [], doc="doublings (case-insensitive, however the two words are spaced or "
                             "wrapped) that are right, such as 'had had'"),
        "safe": Option(bool, False, doc="whether --fix may apply the suggestion unasked"),
    }

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        if not all(isinstance(e, str) for e in options["exceptions"]):
            raise RuleDefinitionError("exceptions", "must be a list of strings")
        self.exceptions = frozenset(" ".join(e.lower().split()) for e in options["exceptions"])

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        for start, end, first in doubled_words(text, _classify, _same):
            if " ".join(text[start:end].lower().split()) not in self.exceptions:  # 'that\nthat' too
                yield Match(start, end, (text[start:first],), safe_fix=self.options["safe"])
