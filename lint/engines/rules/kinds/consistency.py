"""The consistency kind: one name in two word orders, or one word in two spellings, in one text."""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from lint._core import find_words_nocase, name_runs, words_ending
from lint.engines.rules.kinds.base import MAX_CACHED_VERDICTS, Context, Kind, Match, Option, RuleDefinitionError, match_case

#: Words that start a sentence or a title rather than a name ('The Harbour Board').
_LEADING = frozenset("the a an in on at of for to by and but or as if when while this that these those our its his her their".split())
#: Regular spelling variants, both directions: (pattern on a lowercase word, the other form).
#: Each needs a stem long enough that short words ('four', 'filled') stay out; both forms must
#: be words of the lexicon, so 'precise' never pairs with 'precize'.
_VARIANTS = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^(\w{3,})our(s|ed|ing|ite|ites|able|ably|ful|less)?$", r"\1or\2"),
        (r"^(\w{3,})or(s|ed|ing|ite|ites|able|ably|ful|less)?$", r"\1our\2"),
        (r"^(\w{2,})is(e|es|ed|ing|ation|ations|er|ers)$", r"\1iz\2"),
        (r"^(\w{2,})iz(e|es|ed|ing|ation|ations|er|ers)$", r"\1is\2"),
        (r"^(\w{2,})ys(e|es|ed|ing|er|ers)$", r"\1yz\2"),
        (r"^(\w{2,})yz(e|es|ed|ing|er|ers)$", r"\1ys\2"),
        (r"^(\w{3,}[tb])re(s|d)?$", r"\1er\2"),
        (r"^(\w{3,}[tb])er(s|ed)?$", r"\1re\2"),
        (r"^(\w{4,})ll(ed|ing|er|ers)$", r"\1l\2"),
        (r"^(\w{4,}[aeiou])l(ed|ing|er|ers)$", r"\1ll\2"),
        (r"^(\w+dg)ement(s)?$", r"\1ment\2"),
        (r"^(\w+dg)ment(s)?$", r"\1ement\2"),
        (r"^(\w{3,})ogue(s)?$", r"\1og\2"),
        (r"^(\w{3,})og(s)?$", r"\1ogue\2"),
    )
)

class Consistency(Kind):
    """Flags the minority form where a text writes one thing two ways.

    Two kinds of pair: a multiword name in two word orders ('Permanent Independent
    Commission' / 'Independent Permanent Commission'), and a word in two spellings, either
    regular variants (-our/-or, -ise/-ize, -tre/-ter, -lled/-led, -dgement/-dgment,
    -ogue/-og) or a pair listed in ``pairs``. Each occurrence of the less frequent form is
    flagged (on a tie, the form that appears later); ``{other}`` names the form it conflicts
    with. ``accept`` lists pairs that may both appear.
    """

    name = "consistency"
    FIELDS = frozenset({"other", "count"})
    OPTIONS = {
        "pairs": Option(list, [], doc="extra spelling pairs, each a two-item list such as [adviser, advisor]"),
        "accept": Option(list, [], doc="pairs that may both appear (e.g. [licence, license] in British English)"),
        "names": Option(bool, True, doc="check multiword names for two word orders"),
    }

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        self.pairs = _pair_map("pairs", options["pairs"])
        self.accepted = {frozenset(p) for p in _pair_list("accept", options["accept"])}

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        found = self._spellings(text, ctx)
        if self.options["names"]:
            found += self._names(text)
        yield from sorted(found, key=lambda m: m.start)

    def _spellings(self, text: str, ctx: Context) -> list[Match]:
        """Matches on minority spellings: groups of word forms that share one canonical key.

        Pairs are found among the distinct words (collected in C); only the words of a pair
        are then located.
        """
        distinct = ctx.words(text).folded  # a superset; spans come from find_words_nocase
        groups: dict[str, set[str]] = defaultdict(set)
        # A listed pair, else a regular variant (only words with one of _ENDINGS have one):
        # the words to try are picked in C, from thousands of distinct words (the compiled
        # core's words_ending).
        listed = self.pairs.keys() & distinct
        tried = [(w, self.pairs[w]) for w in listed]
        tried += [(w, _variant(w)) for w in words_ending(distinct, _ENDINGS) if w not in listed]
        for word, other in tried:
            if other and other in distinct and ctx.lexicon.is_word(word) and ctx.lexicon.is_word(other):
                groups[min(word, other)].update((word, other))
        if not groups:
            return []
        forms = {w for g in groups.values() for w in g}
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        # Whole words (not touching [\w'’-]) equal to a form in any case, as re.IGNORECASE matches them.
        for start, end in find_words_nocase(text, forms):
            spans[text[start:end].lower()].append((start, end))
        return [m for g in groups.values() for m in self._minority(text, {f for f in g if f in spans}, spans)]

    def _names(self, text: str) -> list[Match]:
        """Matches on the minority word order of multiword names written in two orders.

        The runs of two to five Capitalised words joined by single spaces, not touching
        ``[\\w'’-]``, come from the compiled core (``lint._core.name_runs``)."""
        runs = name_runs(text)
        names = {run: _name_of(run) for run in {run for run, _, _ in runs}}  # once per distinct run
        if not _two_orders(names.values()):
            return []
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for run, _, end in runs:
            name = names[run]
            if name:  # the run's end, without its leading function words
                spans[name].append((end - len(name), end))
        groups: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for name in spans:
            groups[tuple(sorted(name.split(" ")))].add(name)
        return [m for forms in groups.values() if len(forms) > 1 for m in self._minority(text, forms, spans)]

    def _minority(self, text: str, forms: set[str], spans: Mapping[str, list[tuple[int, int]]]) -> Iterator[Match]:
        """Matches on every form but the most frequent one (ties: the earliest written wins)."""
        if len(forms) < 2 or frozenset(forms) in self.accepted:
            return
        counts = Counter({f: len(spans[f]) for f in forms})
        major = max(forms, key=lambda f: (counts[f], -spans[f][0][0]))
        for form in forms - {major}:
            for start, end in spans[form]:
                other = match_case(text[start:end], major)
                yield Match(start, end, (other,), {"other": other, "count": str(counts[major])})


#: Every ending a word of _VARIANTS can have (a test checks the patterns against it): one C-speed
#: ``endswith`` rules out most words before the patterns run.
_ENDINGS = tuple(
    f"{stem}{tail}"
    for stems, tails in (
        (("our", "or"), ("", "s", "ed", "ing", "ite", "ites", "able", "ably", "ful", "less")),
        (("is", "iz"), ("e", "es", "ed", "ing", "ation", "ations", "er", "ers")),
        (("ys", "yz"), ("e", "es", "ed", "ing", "er", "ers")),
        (("re",), ("", "s", "d")),
        (("er",), ("", "s", "ed")),
        (("l",), ("ed", "ing", "er", "ers")),
        (("dgement", "dgment", "ogue", "og"), ("", "s")),
    )
    for stem in stems
    for tail in tails
)


def _name_of(run: str) -> str:
    """The name in a run of Capitalised words: the run without its leading function words."""
    words = run.split(" ")
    skip = 0
    while skip < len(words) and words[skip].lower() in _LEADING:
        skip += 1
    return " ".join(words[skip:]) if len(words) - skip >= 2 else ""


def _two_orders(names: Iterable[str]) -> bool:
    """True when some multiword name (``_name_of`` the distinct runs of Capitalised words; '' for
    none) is written in two word orders: a cheap test before any position is grouped."""
    keys: dict[tuple[str, ...], str] = {}
    for name in names:
        if name and keys.setdefault(tuple(sorted(name.split(" "))), name) != name:
            return True
    return False


@functools.lru_cache(maxsize=MAX_CACHED_VERDICTS)
def _variant(word: str) -> str | None:
    """The other regular spelling of ``word`` (lowercase), or None (kept per word: the same
    words recur from file to file)."""
    if not word.endswith(_ENDINGS):
        return None
    for pattern, replacement in _VARIANTS:
        if pattern.match(word):
            return pattern.sub(replacement, word)
    return None


def _pair_list(key: str, value: list) -> list[tuple[str, str]]:
    pairs = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(w, str) and w for w in item)):
            raise RuleDefinitionError(key, f"entry {item!r}: must be a list of two words")
        if item[0].lower() == item[1].lower():
            raise RuleDefinitionError(key, f"entry {item!r} pairs a word with itself")
        pairs.append((item[0].lower(), item[1].lower()))
    return pairs


def _pair_map(key: str, value: list) -> dict[str, str]:
    """Both directions of each listed pair, lowercase."""
    pairs = _pair_list(key, value)
    return {**dict(pairs), **{b: a for a, b in pairs}}
