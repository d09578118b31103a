"""Our own evidence on LanguageTool's speller: a hit is kept only where typolint agrees it is a slip.

LanguageTool's en-US speller knows fewer words than real text uses: rare but real words
('borealis'), abbreviations written in lowercase ('ttl'), jargon. typolint's lexicon and
wordfreq's counts of real usage say more, so a speller hit is dropped when the word is
attested in real usage and no common word is one typing slip from it (``rare_real_word``), and
when none of LanguageTool's suggestions is a typing slip away (``no_slip_suggested``). A
misspelling is almost always a slip of a much more common word ('recieve' -> 'receive'), which
keeps it flagged. Measured in bench/results/precision.md and tests/languagetool/README.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lint.lexicon import Lexicon
from lint.words import COMMON_ZIPF, MARGIN_ZIPF, within_two, edits1, is_slip, near_common_twin

#: A word this frequent in real usage (wordfreq Zipf; 'borealis' 2.75, 'recieve' 2.75, 'teh'
#: 3.04, unseen words 0) is attested: a real word unless it is a slip of a common word.
ATTESTED_ZIPF = 2.5
#: Characters no word has, or a capital after the first letter ('CPython', 'QUnit', 'AZM'):
#: identifiers, package specifiers, acronyms.
#: Tokens this short (letters) keep LanguageTool's verdict ('ein' -> 'in', but also 'ci' -> 'CI').
SHORT = 3
_NOT_IN_WORDS = re.compile(r"[^\w\s'’\-.]|[\d_]|(?<=\w)[A-Z]")


def not_a_word(token: str) -> bool:
    """True for a flagged token with characters no word has ('serve-static@', 'v2_beta', 'a/b'):
    an identifier, a package specifier or a path, which the speller reads as a word."""
    return _NOT_IN_WORDS.search(token) is not None


def no_slip_suggested(word: str, suggestions: Sequence[str]) -> bool:
    """True when no suggestion is a misspelling's correction of ``word``: none is a typing slip
    away (``lint.words.is_slip``), or the only ones differ in case ('url' -> 'URL') or by a space
    or hyphen ('timespan' -> 'time span'). Then the word is unknown to the speller (a name, a
    handle, jargon, a closed compound) rather than misspelt."""
    low = word.lower()
    if len(low) <= SHORT:
        return False  # every short token is a slip of some word: no evidence either way
    for suggestion in suggestions[:5]:
        folded = suggestion.lower()
        if folded == low or folded.replace(" ", "").replace("-", "") == low.replace("-", ""):
            continue
        if folded.startswith(low):
            return False  # a truncated word: 'newspa' -> 'newspaper'
        if is_slip(low, folded) or (len(low) >= 6 and within_two(low, folded)):
            return False  # also two slips in a longer word: 'alllready' -> 'already'
    return True


def rare_real_word(word: str, suggestions: Sequence[str], lexicon: Lexicon) -> bool:
    """True when ``word`` is attested in real usage (Zipf >= ATTESTED_ZIPF) and is neither a slip
    of a common word LanguageTool suggests (``near_common_twin``) nor one typing slip from a
    common word of the lexicon. Then the speller's hit is a gap in its dictionary."""
    low = word.lower()
    if not low.isalpha() or lexicon.zipf(low) < ATTESTED_ZIPF:
        return False
    if near_common_twin(word, suggestions):
        return False
    floor = max(COMMON_ZIPF, lexicon.zipf(low) + MARGIN_ZIPF)
    return not any(lexicon.zipf(c) >= floor and lexicon.is_word(c) for c in edits1(low))
