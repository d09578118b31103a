"""The truncation kind: a word cut short ('Governmen', 'internationa', 'th'), of any length or case."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from lint._core import find_tokens
from lint.engines.rules.kinds.base import (
    MAX_CACHED_VERDICTS, Context, Kind, Match, Option, bounded, in_address, match_case,
)
from lint.engines.rules.kinds.simple import Substitution
from lint.words import in_name_run, sentence_initial

_VOWEL = re.compile(r"[aeiouy]")


_UNSEEN = object()  # a verdict not decided yet (None is a verdict: no fragment)

class Truncation(Kind):
    """Flags a non-word that is the start of one clearly most frequent word.

    A token missing from the lexicon whose curated completions (1 to ``max_cut`` more
    letters) include one at least ``min_zipf`` common and ``min_margin`` more common than the
    next is a word cut short. Capitalised tokens weigh the evidence for a name as the
    spelling kind does (a recurring spelling, a neighbouring name). ``known`` lists
    fragments that no prefix search finds (garbled ones such as 'hte'), matched whole-word,
    also Capitalised before a lowercase word.
    """

    name = "truncation"
    OPTIONS = {
        "known": Option(dict, {}, doc="map of known fragment -> word"),
        "max_cut": Option(int, 3, doc="most letters that may be missing from the end"),
        "min_length": Option(int, 4, doc="shortest fragment considered"),
        "min_zipf": Option((int, float), 3.0, doc="how common (Zipf) the completion must be"),
        "max_fragment_zipf": Option((int, float), 2.5, doc="a fragment this common in real usage is a word or an abbreviation ('repo', 'info')"),
        "min_margin": Option((int, float), 0.7, doc="Zipf by which it must beat the next completion"),
        "min_gain": Option((int, float), 2.0, doc="Zipf by which it must beat the fragment itself"),
    }

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        known = options["known"]
        self.known = Substitution({"swap": known, "ignorecase": False, "safe": False, "capitalized": True}) if known else None
        self._verdicts: dict[str, tuple[str, ...] | None] = {}
        #: Pieces (as written) whose verdict is None, for ``find``'s set difference.
        self._no_fragment: set[str] = set()

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        # Decide once per distinct token (findall runs in C), then scan only for the flagged ones.
        found = list(self.known.find(text, ctx)) if self.known else []
        listed = {m.start for m in found}
        words = ctx.words(text)
        # The pieces `[A-Za-z][a-z]+` of the text, counted (compiled core): a superset of the tokens,
        # which find_tokens locates: ASCII words, lowercase or Capitalised, not glued to digits,
        # other letters, dots or apostrophes.
        counts = words.pieces
        # Pieces already judged no fragment are dropped by one set difference in C; the rest
        # (new pieces and fragments) are judged, each piece's verdict kept under the piece itself.
        flagged = {w: c for w in counts.keys() - self._no_fragment if (c := self._completion(w, ctx)) and not ctx.accepted(w)}
        if flagged:
            lower = words.lowercase
            for start, end in find_tokens(text, flagged.keys()):
                word = text[start:end]
                if start in listed or in_address(text, start, end):
                    continue
                if word[0].isupper():
                    after = not sentence_initial(text, start)
                    if counts[word] > 1 or in_name_run(text, start, end, look_after=after, lower=lower, lexicon=ctx.lexicon):
                        continue  # a recurring or neighbouring capitalised token is a name
                found.append(Match(start, end, tuple(match_case(word, c) for c in flagged[word])))
        yield from sorted(found, key=lambda x: x.start)

    def _completion(self, piece: str, ctx: Context) -> tuple[str, ...] | None:
        """The verdict on a piece (``_decide`` of its lowercase form); a piece that is no fragment
        joins ``_no_fragment``, which ``find`` subtracts before judging."""
        low = piece.lower()
        verdict = self._verdicts.get(low, _UNSEEN)
        if verdict is _UNSEEN:
            verdict = bounded(self._verdicts)[low] = self._decide(low, ctx)
        if verdict is None:
            if len(self._no_fragment) >= MAX_CACHED_VERDICTS:
                self._no_fragment.clear()
            self._no_fragment.add(piece)
        return verdict

    def _decide(self, low: str, ctx: Context) -> tuple[str, ...] | None:
        """Completions of the fragment ``low`` (best first), or None when it is no fragment.

        The fragment must be rare in real usage (below ``max_fragment_zipf``: 'repo' and
        'info' stay, while a listed but rare 'publ' or 'contr' is a fragment) and rarer than
        its best completion by ``min_gain``; the best completion alone is offered when it beats
        the next by ``min_margin``, else the three best ('meeti': meeting, meetings).
        """
        lexicon = ctx.lexicon
        own = lexicon.zipf(low)
        if len(low) < self.options["min_length"] or own >= self.options["max_fragment_zipf"] or not _VOWEL.search(low):
            return None
        if low in lexicon.known and (len(low) < 4 or _inflection_of_completion(low, lexicon)):
            return None  # a rare listed word ('isl') or a word with its own inflections
        ranked = sorted(((lexicon.zipf(w), w) for w in lexicon.completions(low, self.options["max_cut"])), reverse=True)
        if not ranked or ranked[0][0] < self.options["min_zipf"]:
            return None
        best_zipf = ranked[0][0]
        if best_zipf - own < self.options["min_gain"]:
            return None
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
        return tuple(w for _, w in ranked[: 1 if best_zipf - runner_up >= self.options["min_margin"] else 3])


def _inflection_of_completion(low: str, lexicon) -> bool:
    """True when ``low`` plus a plural or verb ending is a listed word: then it is a word of its
    own ('cran' has no 'crans', but 'labe' has no 'labes' either; 'tach' has 'taches')."""
    return any(lexicon.is_curated(low + ending) for ending in ("s", "es", "ed", "ing"))
