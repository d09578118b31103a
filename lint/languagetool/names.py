"""Tell a capitalised word the speller does not know (usually a name) from a capitalised typo."""

from __future__ import annotations

import re
from collections.abc import Sequence

from wordfreq import zipf_frequency

#: A suggestion this frequent (Zipf scale; 'the' is 7.7, 'receive' 4.85) is a 'common word' ...
COMMON_ZIPF = 4.0
#: ... if it is this much (Zipf, i.e. log10) more frequent than the flagged word ('recieve' 2.75).
#: Chosen on 15 capitalised typos (14 found) against the names of seeds/ and bench/corpus/clean (none
#: reported); 5.0/2.5 found only 9 of the 15.
MARGIN_ZIPF = 1.5
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
_WORD_BEFORE = re.compile(r"([\w’'.-]+)[ \t]+$")
_WORD_AFTER = re.compile(r"^[ \t]+([\w’'-]+)")
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "prof", "sir", "st"})


def is_probable_name(text: str, start: int, end: int, suggestions: Sequence[str], document: str = "") -> bool:
    """True when the flagged ``text[start:end]`` (code points) should be taken for a name.

    A capitalised unknown word is a name (or, with a capital inside, an identifier such as
    ``AppData``) unless it is one edit away from a common word that
    LanguageTool suggests (``Teh`` -> ``The``, ``Adn`` -> ``and``) and neither here nor anywhere
    else in ``document`` it stands next to another capitalised word (``Metin Eker`` makes
    ``Eker`` a name in the whole document, even though ``ever`` is common).
    """
    word = text[start:end]
    if not word[:1].isupper():
        return False
    if _INNER_CAPITAL.search(word) or not near_common_twin(word, suggestions):  # 'AppData', 'MiB'
        return True
    return in_name_run(text, start, end) or named_elsewhere(word, document)


def named_elsewhere(word: str, document: str) -> bool:
    """True when ``word`` stands next to another capitalised word somewhere in ``document``."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", document):
        if in_name_run(document, m.start(), m.end()):
            return True
    return False


def near_common_twin(word: str, suggestions: Sequence[str]) -> bool:
    """True when a suggestion is a common word at most one edit (or swap) from ``word``."""
    low = word.lower()
    own = zipf_frequency(low, "en")
    for suggestion in suggestions[:5]:
        twin = suggestion.lower()
        if twin != low and one_edit(low, twin):
            freq = zipf_frequency(twin, "en")
            if freq >= COMMON_ZIPF and freq - own >= MARGIN_ZIPF:
                return True
    return False


def in_name_run(text: str, start: int, end: int) -> bool:
    """True when the word touches another capitalised word or an honorific (part of a full name)."""
    before = _WORD_BEFORE.search(text, 0, start)
    after = _WORD_AFTER.search(text[end:])
    if before and before.group(1).rstrip(".").lower() in _HONORIFICS:
        return True
    prev_cap = bool(before) and before.group(1)[:1].isupper() and not before.group(1).endswith(".")
    next_cap = bool(after) and after.group(1)[:1].isupper()
    return prev_cap or next_cap


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
