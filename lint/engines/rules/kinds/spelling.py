"""The spelling kind: non-words that have one confident correction one edit away.

Lowercase words are judged alone. A Capitalised word is judged the same way and then
weighed against the evidence that it is a name (lint.words): a name recurs in the
document, stands beside other names or follows an honorific; a slip does none of these.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import regex

from lint._core import find_runs
from lint.engines.rules.kinds.base import MAX_CACHED_VERDICTS, Context, Kind, Match, Option, bounded, in_address
from lint.lexicon import Lexicon
from lint.words import edits1, in_name_run, misspelt_derivation, sentence_initial

#: Lowercase ASCII words with a vowel; "zstd" and the like are abbreviations, not typos.
_ASCII_WORD = regex.compile(r"[a-z]*[aeiouy][a-z]*")
#: The words checked: lowercase ASCII runs standing alone, in a hyphenated compound or before
#: a possessive 's; not touching digits, other letters, contractions or dots (file names).
_CANDIDATE = regex.compile(r"(?<![\w'’.])[A-Za-z][a-z]+(?:(?=['’]s\b)|(?![\w'’]|\.\w))")
_UNSEEN = object()
#: The words judged are runs of ASCII letters (Context.words): all lowercase, 2+ letters, a cheap
#: superset of the candidates; or Capitalised, 3+ letters ("Goverment").


class Spelling(Kind):
    """Flags a lowercase word missing from the lexicon that is one edit from a common word.

    A Capitalised word is flagged only when, besides, nothing says it is a name (see
    ``_name_evidence``); words with digits, accents or inner capitals, and addresses are
    never checked: precision on names matters more than recall.
    """

    name = "spelling"
    OPTIONS = {
        "min_length": Option(int, 4, doc="shortest word checked (shorter ones are mostly abbreviations)"),
        "min_suggestion_zipf": Option((int, float), 3.0, doc="a correction must be at least this common"),
        "min_gain": Option((int, float), 2.0, doc="Zipf by which the correction must beat the word"),
        "min_margin": Option((int, float), 0.5, doc="Zipf by which it must beat the runner-up"),
        "capitalised": Option(bool, True, doc="also check Capitalised words, weighing the evidence for a name"),
    }

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        self._verdicts: dict[str, tuple[str, ...] | None] = {}
        #: Capitalised words that ``_capitalised`` never flags (see there).
        self._unflagged_titles: set[str] = set()

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        # Decide once per distinct unknown word (the shared runs of letters, a set difference
        # in C), then locate only the flagged words (see _spans).
        flagged = {}
        runs = ctx.words(text).runs
        lower = set(filter(str.islower, runs)) - _ONE_LETTER  # lowercase runs, 2+ letters (picked in C)
        for word in lower - ctx.lexicon.known:
            suggestions = self._verdict(word, ctx)
            if suggestions is not None and not ctx.accepted(word):
                flagged[word] = suggestions
        matches = list(_spans(text, flagged))
        if self.options["capitalised"]:
            matches += self._capitalised(text, ctx)
        yield from sorted(matches, key=lambda m: m.start)

    def _capitalised(self, text: str, ctx: Context) -> list[Match]:
        """Matches on Capitalised non-words whose lowercase form has a confident correction.

        Evidence for a name: the token stands beside another name or after an honorific, or
        it recurs while its correction appears nowhere in the text.
        """
        flagged: dict[str, tuple[str, ...]] = {}
        words = ctx.words(text)
        # Capitalised runs of 3+ letters, with their counts (for a run of ASCII letters, istitle
        # is: a capital, then lowercase letters only; picked in C).
        runs = words.runs
        counts = {w: runs[w] for w in filter(str.istitle, runs) if len(w) > 2}
        # Words whose lowercase form is listed or has no correction never are flagged: they are
        # kept in _unflagged_titles and dropped by one set difference in C.
        unflagged = self._unflagged_titles
        for word in counts.keys() - unflagged:
            low = word.lower()
            suggestions = None if low in ctx.lexicon.known else self._cap_verdict(low, ctx)
            if suggestions is None:
                if len(unflagged) >= MAX_CACHED_VERDICTS:
                    unflagged.clear()
                unflagged.add(word)
                continue
            if ctx.accepted(word):
                continue
            count = counts[word]
            lowered = words.lowercase
            if count > 1 and suggestions[0] not in lowered and suggestions[0].capitalize() not in counts:
                continue  # names recur; a slip rarely does, unless its right form is here too
            flagged[word] = tuple(s[:1].upper() + s[1:] for s in suggestions)
        if not flagged:
            return []
        lowered = words.lowercase
        return [m for m in _spans(text, flagged) if not _named(text, m.start, m.end, lowered, ctx.lexicon)]

    def _cap_verdict(self, low: str, ctx: Context) -> tuple[str, ...] | None:
        """Corrections of the lowercase form of a Capitalised token (cached like ``_verdict``).

        When the slips of lowercase words explain nothing, it tries an extra letter ('Ithe')
        and a wrong last letter ('Thq'), from 3 letters on and without a vowel too: where
        capitals start a sentence or a heading, little jargon hides behind them.
        """
        key = "^" + low
        verdict = self._verdicts.get(key, _UNSEEN)
        if verdict is _UNSEEN:
            verdict = None
            if len(low) >= 3:
                verdict = self._correction(low, ctx.lexicon, edits1(low), vowelless=True)
                if verdict is None:
                    verdict = self._correction(low, ctx.lexicon, _extra_edits(low), vowelless=True)
            bounded(self._verdicts)[key] = verdict
        return verdict

    def _verdict(self, word: str, ctx: Context) -> tuple[str, ...] | None:
        verdict = self._verdicts.get(word, _UNSEEN)
        if verdict is _UNSEEN:
            too_short = len(word) < self.options["min_length"]
            verdict = bounded(self._verdicts)[word] = None if too_short else self._correction(word, ctx.lexicon)
        return verdict

    def _correction(
        self, word: str, lexicon: Lexicon, candidates: set[str] | None = None, vowelless: bool = False
    ) -> tuple[str, ...] | None:
        """Corrections of a non-word, best first; None for a word or when none is convincing.

        A token never seen in wordfreq's 320,000-word usage list is a typo when any common
        word is one edit away (all such words are offered). A token seen in real usage may
        be a rare word or a term, so it needs one correction far more common than itself.
        """
        if len(word) > lexicon.longest + 1:  # no word is one edit away; edits1 would be quadratic
            return None
        if not (vowelless or _ASCII_WORD.fullmatch(word)) or lexicon.is_word(word):
            return None
        floor = self.options["min_suggestion_zipf"]
        ranked = sorted(lexicon.curated_zipfs(candidates or edits1(word)), reverse=True)
        ranked = [(z, c) for z, c in ranked if z >= floor]
        regular = misspelt_derivation(word, _SUFFIXES, lexicon.is_curated)
        if regular is not None:  # 'makeing', 'truely': a word and a suffix joined against the spelling rules
            return tuple(c for _, c in sorted({*ranked, (lexicon.zipf(regular), regular)}, reverse=True)[:3])
        if _inflected(word, lexicon):
            return None
        if not ranked:
            return None
        best_zipf, best = ranked[0]
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
        if best_zipf - runner_up >= self.options["min_margin"]:
            return (best,) if best_zipf - lexicon.zipf(word) >= self.options["min_gain"] else None
        if lexicon.zipf(word) == 0:
            return tuple(c for _, c in ranked[:3])
        return None


_ONE_LETTER = frozenset("abcdefghijklmnopqrstuvwxyz")

#: Suffixes that make an inflected or derived form of a curated word ("destructions").
_SUFFIXES = ("s", "es", "ed", "ing", "ly", "er", "ers", "est", "ness", "ment", "ments")


def _named(text: str, start: int, end: int, lower: frozenset[str], lexicon: Lexicon) -> bool:
    """True when the Capitalised word at ``start:end`` is part of a name: hyphen-joined to a
    word ('Dya-Eddine') or beside another name (not counting what follows a sentence's first word)."""
    if text[start - 1 : start] == "-" or text[end : end + 1] == "-":
        return True  # 'Dya-Eddine'
    if text[end : end + 1] == "." and end - start <= 4:
        return True  # 'Ltd.', 'Thos.': abbreviations
    return in_name_run(text, start, end, look_after=not sentence_initial(text, start), lower=lower, lexicon=lexicon)


def _extra_edits(word: str) -> set[str]:
    """One letter removed ('ithe' -> 'the'), or the last letter replaced ('thq' -> 'the')."""
    deletes = {word[:i] + word[i + 1 :] for i in range(len(word))}
    last = {word[:-1] + c for c in "abcdefghijklmnopqrstuvwxyz"}
    return deletes | last


def _spans(text: str, flagged: dict[str, tuple[str, ...]]) -> Iterator[Match]:
    """A match at every token of ``text`` (the spans _CANDIDATE's tokenizer gives) that is a
    flagged word; positions come from the tokenizer, not from searching for the word."""
    if not flagged:
        return
    # Run the tokenizer only where a flagged word stands: the compiled core finds each place
    # (a whole run of ASCII letters equal to a flagged word), and _CANDIDATE.match there gives
    # the token that a scan from the start of the text would give (tokens start after a non-word
    # character, so a scan never steps over one).
    for start, end in find_runs(text, flagged.keys()):
        token = _CANDIDATE.match(text, start)
        if token is not None and token.end() == end and not in_address(text, start, end):
            yield Match(start, end, flagged[text[start:end]])


def _inflected(word: str, lexicon: Lexicon) -> bool:
    """True when ``word`` is a curated word plus a common suffix, which the curated list omits."""
    if word.endswith("ed") and lexicon.is_curated(word[:-1]):  # "baked" from "bake"
        return True
    return any(
        word.endswith(suffix) and lexicon.is_curated(word[: -len(suffix)]) for suffix in _SUFFIXES
    )
