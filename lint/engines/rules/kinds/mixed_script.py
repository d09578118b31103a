"""The mixed-script kind: Latin words with Cyrillic or Greek look-alike letters inside them."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterator, Sequence

import regex

from lint._core import cyrillic_greek_letters
from lint.engines.rules.kinds.base import Context, Kind, Match
from lint.lexicon import Lexicon

_TOKEN = regex.compile(r"[\p{L}\p{M}]+")
_FOREIGN = regex.compile(r"[\p{Cyrillic}\p{Greek}]")
_LATIN_ONLY = regex.compile(r"[\p{Latin}\p{M}]+")
_TOKEN_END = regex.compile(r"[\p{L}\p{M}]+$")
_GREEK = regex.compile(r"\p{Greek}")

#: Letters drawn like a Latin letter (lowercase keys; case is applied separately).
VISUAL_TWINS = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ζ": "z", "η": "h", "ι": "i", "κ": "k", "μ": "m",
    "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
}  # fmt: skip
#: Small Cyrillic/Greek letters whose capital, not the small letter, looks Latin.
_CAPITAL_ONLY = {"в", "к", "м", "н", "т", "η", "ν", "μ", "τ"}

#: The Latin letter on the same key of an English keyboard, for the Russian (ЙЦУКЕН)
#: and Greek layouts: typing with the wrong layout active turns "H" into "Р".
KEYBOARD_KEYS = {
    # Russian ЙЦУКЕН
    "й": "q", "ц": "w", "у": "e", "к": "r", "е": "t", "н": "y", "г": "u", "ш": "i",
    "щ": "o", "з": "p", "ф": "a", "ы": "s", "в": "d", "а": "f", "п": "g", "р": "h",
    "о": "j", "л": "k", "д": "l", "я": "z", "ч": "x", "с": "c", "м": "v", "и": "b",
    "т": "n", "ь": "m",
    # Greek
    "α": "a", "β": "b", "ψ": "c", "δ": "d", "ε": "e", "φ": "f", "γ": "g", "η": "h",
    "ι": "i", "ξ": "j", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "τ": "t", "θ": "u", "ω": "v", "ς": "w", "χ": "x", "υ": "y",
    "ζ": "z",
}  # fmt: skip

_MAX_CANDIDATES = 256


def letter_options(char: str) -> tuple[str, ...]:
    """The Latin letters ``char`` may stand for: itself if Latin, else its twin and its key."""
    if not _FOREIGN.match(char):
        return (char,)
    low = char.lower()
    options = []
    twin = VISUAL_TWINS.get(low)
    if twin and (char.isupper() or low not in _CAPITAL_ONLY):
        options.append(twin)
    if low in KEYBOARD_KEYS:
        options.append(KEYBOARD_KEYS[low])
    cased = [o.upper() if char.isupper() else o for o in dict.fromkeys(options)]
    return tuple(cased) or (char,)


def candidates(token: str) -> Iterator[str]:
    """Latin spellings of ``token``: each look-alike swapped for its twin or its key."""
    options: Sequence[tuple[str, ...]] = [letter_options(c) for c in token]
    for combo in itertools.islice(itertools.product(*options), _MAX_CANDIDATES):
        word = "".join(combo)
        if not _FOREIGN.search(word):
            yield word


def best_candidate(token: str, lexicon: Lexicon) -> str | None:
    """The most frequent real English word among the candidates, or None."""
    scored = [(lexicon.zipf(c), c) for c in candidates(token)]
    scored = [(z, c) for z, c in scored if z > 0]
    return max(scored)[1] if scored else None


def _token_around(text: str, pos: int) -> regex.Match:
    """The run of letters that contains ``text[pos]``."""
    window = max(0, pos - 64)
    head = _TOKEN_END.search(text, window, pos)
    return _TOKEN.match(text, head.start() if head else pos)


def is_symbol(token: str) -> bool:
    """True for one Greek letter that looks like no Latin letter, standing alone: a symbol of
    mathematics or science ('2 π', 'the λ parameter'), which only a Greek keyboard layout would
    type for a Latin letter ('ο' and 'α', drawn like 'o' and 'a', stay look-alikes)."""
    return len(token) == 1 and _GREEK.match(token) is not None and not VISUAL_TWINS.get(token.lower())


class MixedScript(Kind):
    """Flags Latin words with Cyrillic/Greek letters, and lone look-alike words between Latin ones."""

    name = "mixed-script"
    OPTIONS = {}
    FIELDS = frozenset({"letters"})

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        end = -1
        # Start from these letters (a hundred in a file at most, as a rule), found by the
        # compiled core: the same offsets as _FOREIGN.finditer, at a small part of its cost.
        for start in cyrillic_greek_letters(text):
            if start < end:
                continue  # another look-alike of the token just reported
            m = _token_around(text, start)
            end = m.end()
            if _LATIN_LETTER.search(m.group()) or self._disguised(text, m, ctx):
                yield self._match(m, ctx)

    def _disguised(self, text: str, m: regex.Match, ctx: Context) -> bool:
        """A wholly foreign token flanked by Latin words that spells a common English word."""
        before = _TOKEN.findall(text[max(0, m.start() - 64) : m.start()])
        after = _TOKEN.search(text, m.end(), m.end() + 64)
        if not (before and after and _LATIN_ONLY.fullmatch(before[-1]) and _LATIN_ONLY.fullmatch(after.group())):
            return False
        if is_symbol(m.group()):
            return False
        word = best_candidate(m.group(), ctx.lexicon)
        return word is not None and ctx.lexicon.zipf(word) >= 4.0

    def _match(self, m: regex.Match, ctx: Context) -> Match:
        token = m.group()
        foreign = [c for c in token if _FOREIGN.match(c)]
        names = ", ".join(f"'{c}' is {unicodedata.name(c, 'U+%04X' % ord(c))}" for c in dict.fromkeys(foreign))
        word = best_candidate(token, ctx.lexicon)
        if word is None:
            twin = "".join(letter_options(c)[0] for c in token)
            suggestion = twin if not _FOREIGN.search(twin) else None
        else:
            suggestion = word
        return Match(
            m.start(),
            m.end(),
            (suggestion,) if suggestion else (),
            {"letters": names},
            safe_fix=word is not None,
        )


_LATIN_LETTER = regex.compile(r"\p{Latin}")
