"""The dangling kind: an article or preposition left directly before , . or ; by a lost word."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from lint.engines.rules.kinds.base import Context, Kind, Match, Option, RuleDefinitionError

#: Where a clause starts, for the search for a word that licenses a stranded preposition.
_CLAUSE_START = re.compile(r"[.;:!?()\[\]\n]")
_WORDS = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")


class Dangling(Kind):
    """Flags an article, or a preposition, that ends a phrase where a word must follow.

    An article before , . or ; always lacks its noun ('the, '). A preposition may end a
    clause legitimately ('what it was made of.', 'the one they spoke to'): it is flagged
    only when nothing in its clause licenses stranding: no wh-word or relative pronoun
    among the ``reach`` words before it ('what it was made of') and no verb form, pronoun
    or particle right before it (``licensors``; a word ending in -ed before a
    non-particle: 'paid for'; an object pronoun before a particle: 'take it in').
    """

    name = "dangling"
    OPTIONS = {
        "articles": Option(list, ["a", "an", "the"], doc="words that always need a following word"),
        "prepositions": Option(list, required=True, doc="words flagged unless their clause licenses stranding"),
        "relatives": Option(list, [], doc="words that license a stranded preposition later in the clause"),
        "licensors": Option(list, [], doc="words that, right before the preposition, make it a particle or stranded"),
        "particles": Option(list, [], doc="prepositions that are also adverbs ('log in'): an object pronoun licenses them ('take it in'), an -ed word does not"),
        "objects": Option(list, [], doc="pronouns that, right before a particle, make it adverbial"),
        "reach": Option(int, 6, doc="how many words back a relative still licenses the preposition"),
    }

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        keys = ("articles", "prepositions", "relatives", "licensors", "particles", "objects")
        self.articles, self.prepositions, self.relatives, self.licensors, self.particles, self.objects = (
            _words(key, options[key]) for key in keys
        )
        body = "|".join(sorted(self.articles | self.prepositions, key=len, reverse=True))
        # Lowercase only: 'Plan A.' and 'Part The.' are names, a capital 'In,' starts a line.
        self.pattern = re.compile(rf"(?<=[A-Za-z,][ \t])({body})[ \t]?(?=[,.;](?![\w.]))")

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        for m in self.pattern.finditer(text):
            word = m.group(1)
            if word in self.articles or not self._licensed(text, m.start(1), word):
                yield Match(m.start(1), m.end(1))

    def _licensed(self, text: str, start: int, word: str) -> bool:
        """True when the clause before ``start`` allows its preposition ``word`` to end it."""
        clause_start = max((m.end() for m in _CLAUSE_START.finditer(text, max(0, start - 300), start)), default=0)
        words = [w.lower() for w in _WORDS.findall(text, clause_start, start)]
        if not words:
            return True  # a preposition alone: a heading, a list label
        before = words[-1]
        if before in self.licensors or before in self.prepositions:
            return True
        particle = word in self.particles
        if (particle and before in self.objects) or (not particle and before.endswith("ed")):
            return True
        return any(w in self.relatives for w in words[-self.options["reach"] : -1])


def _words(key: str, value: list) -> frozenset[str]:
    """A word-list option, lowercase; anything but plain words is a rule-file error."""
    if not all(isinstance(w, str) and re.fullmatch(r"[A-Za-z]+", w) for w in value):
        raise RuleDefinitionError(key, "must be a list of words (quote yes/no/on/off, which YAML reads as true/false)")
    return frozenset(w.lower() for w in value)
