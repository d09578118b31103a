"""Word logic shared by both engines: the vocabulary, typing-slip edits, and name heuristics."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# --- Vocabulary ---------------------------------------------------------------------------

#: Endings that make an inflected form of a vocabulary entry: 'enum' accepts 'enums', "enum's".
INFLECTIONS = ("s", "es", "'s", "’s", "s'", "s’", "ed", "d", "ing", "er", "ers")
#: A vocabulary line with any of these is a regular expression (as in Vale's accept.txt).
_REGEX_CHARS = re.compile(r"[\\\[\](){}*+?|^$]")


class Vocabulary:
    """Accepted words, phrases and patterns, applied alike to every engine.

    An all-lowercase entry matches any case; others match exactly. Every word entry also
    accepts its inflections (INFLECTIONS). A line with regex characters (``[Oo]bservability``)
    is a pattern that must match the whole word.
    """

    def __init__(self, entries: Iterable[str] = ()) -> None:
        entries = {e.strip() for e in entries if e.strip()}
        patterns = sorted(e for e in entries if _REGEX_CHARS.search(e))
        words = entries.difference(patterns)
        self.entries = frozenset(entries)
        self.exact = {w for w in words if " " not in w}
        self.folded = {w for w in self.exact if w == w.lower()}
        phrases = sorted((w for w in words if " " in w), key=len, reverse=True)
        parts = [rf"(?i:\b{re.escape(p)}\b)" if p == p.lower() else rf"\b{re.escape(p)}\b" for p in phrases]
        self.phrases = re.compile("|".join(parts)) if parts else None
        self.pattern = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None

    def __bool__(self) -> bool:
        return bool(self.entries)

    def accepts(self, word: str) -> bool:
        """True when ``word`` (one token) is an entry, an inflection of one, or matches a pattern."""
        if self._known(word):
            return True
        for ending in INFLECTIONS:
            if word.endswith(ending) and len(word) > len(ending) and self._known(word[: -len(ending)]):
                return True
        if word.endswith("ies") and self._known(word[:-3] + "y"):
            return True
        return self.pattern is not None and self.pattern.fullmatch(word) is not None

    def covers(self, text: str, start: int, end: int) -> bool:
        """True when ``text[start:end]`` (code points) is accepted or lies in an accepted phrase."""
        if self.accepts(text[start:end]):
            return True
        if self.phrases is None:
            return False
        return any(m.start() <= start and end <= m.end() for m in self.phrases.finditer(text))

    def _known(self, word: str) -> bool:
        return word in self.exact or word.lower() in self.folded


# --- Typing slips -------------------------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def edits1(word: str) -> set[str]:
    """The strings one typing slip away from ``word``, counting only the slips typos are made of.

    Kept: a dropped letter ("goverment"), two letters swapped ("recieve"), a wrong letter
    inside the word ("definately"), a letter typed twice ("untill"). Left out: an extra
    letter and a wrong first or last letter, the edits that turn jargon into words
    ("codec" -> "code", "venv" -> "vent", "pipx" -> "pipe").
    """
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    doubled = {a + b[1:] for a, b in splits if len(b) > 0 and a[-1:] == b[0]}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits[1:-2] for c in _LETTERS if c != b[0]}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return doubled | transposes | replaces | inserts


# --- Names ----------------------------------------------------------------------------------

#: A suggestion this frequent (Zipf scale; 'the' is 7.7, 'receive' 4.85) is a 'common word' ...
COMMON_ZIPF = 4.0
#: ... if it is this much (Zipf, i.e. log10) more frequent than the flagged word ('recieve' 2.75).
#: Chosen on 15 capitalised typos (14 found) against the names of seeds/ and bench/corpus/clean (none
#: reported); 5.0/2.5 found only 9 of the 15.
MARGIN_ZIPF = 1.5
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
_WORD_BEFORE = re.compile(r"([\w’'.-]+)[ \t]+$")
_WORD_AFTER = re.compile(r"^[ \t]+([\w’'-]+)")
#: A capitalised neighbour this frequent as a word (Zipf) is an ordinary word in Title Case
#: ('Energy', 'Budget'), not evidence of a name; 'Metin' (2.0) and 'Bayramov' are names.
ORDINARY_ZIPF = 4.0
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "prof", "sir", "st"})


def is_probable_name(text: str, start: int, end: int, suggestions: Sequence[str], document: str = "") -> bool:
    """True when the flagged ``text[start:end]`` (code points) should be taken for a name.

    A capitalised unknown word is a name (or, with a capital inside, an identifier such as
    ``AppData``) unless it is one edit away from a common word that LanguageTool suggests
    (``Teh`` -> ``The``, ``Adn`` -> ``and``) and the evidence for a name is missing: it stands
    next to no other name, here or anywhere else in ``document`` (``Metin Eker`` makes ``Eker`` a
    name in the whole document, even though ``ever`` is common). Capitalised neighbours that are
    ordinary words or acronyms are no such evidence: ``Departmnet of Energy``, ``OIC Secretraiat``
    are Title Case slips, not names.
    """
    word = text[start:end]
    if not word[:1].isupper():
        return False
    if _INNER_CAPITAL.search(word) or not near_common_twin(word, suggestions):  # 'AppData', 'MiB'
        return True
    return in_name_run(text, start, end) or named_elsewhere(word, document)


def named_elsewhere(word: str, document: str) -> bool:
    """True when ``word`` stands next to a name or an honorific somewhere in ``document``."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", document):
        if in_name_run(document, m.start(), m.end()):
            return True
    return False


def near_common_twin(word: str, suggestions: Sequence[str]) -> bool:
    """True when a suggestion is a common word at most one edit (or swap) from ``word``."""
    from wordfreq import zipf_frequency  # heavy: only when a capitalised word is judged

    low = word.lower()
    own = zipf_frequency(low, "en")
    for suggestion in suggestions[:5]:
        twin = suggestion.lower()
        if twin != low and one_edit(low, twin):
            freq = zipf_frequency(twin, "en")
            if freq >= COMMON_ZIPF and freq - own >= MARGIN_ZIPF:
                return True
    return False


def in_name_run(text: str, start: int, end: int, *, look_after: bool = True) -> bool:
    """True when the word follows an honorific or touches another capitalised word that is
    itself name-like: not an acronym and not an ordinary word (see ``ordinary_word``).

    ``look_after=False`` ignores the word after: a sentence's first word ('Teh Ottoman
    maps') says nothing about the name that follows it."""
    before = _WORD_BEFORE.search(text, 0, start)
    after = _WORD_AFTER.search(text[end : end + 80]) if look_after else None
    if before and before.group(1).rstrip(".").lower() in _HONORIFICS:
        return True
    prev = before.group(1) if before and not before.group(1).endswith(".") else ""
    return _name_like(prev) or _name_like(after.group(1) if after else "")


def sentence_initial(text: str, start: int) -> bool:
    """True when ``text[start]`` begins a sentence, a line or a paragraph (code points)."""
    before = text[max(0, start - 4) : start].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?\n:"


def _name_like(word: str) -> bool:
    """True for a Capitalised word that is neither an acronym ('OIC') nor an ordinary word ('Energy')."""
    word = re.sub(r"['’]s$", "", word)
    if not word[:1].isupper() or (len(word) > 1 and word.isupper()):
        return False
    return not ordinary_word(word)


def ordinary_word(word: str) -> bool:
    """True when ``word``, lowercased, is a frequent English word (wordfreq Zipf >= ORDINARY_ZIPF)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= ORDINARY_ZIPF


def one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one insertion, deletion, substitution or adjacent swap."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        rest_same = a[i + 1 :] == b[i + 1 :]
        swapped = a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]
        return rest_same or swapped
    return a[i + 1 :] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1 :]
