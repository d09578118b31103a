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
from lint.words import (
    COMMON_ZIPF, MARGIN_ZIPF, edits1, is_slip, near_common_twin, stray_substitution, two_letters_apart,
    within_reach,
)

#: A word this frequent in real usage (wordfreq Zipf; 'borealis' 2.75, 'recieve' 2.75, 'teh'
#: 3.04, unseen words 0) is attested: a real word unless it is a slip of a common word.
ATTESTED_ZIPF = 2.5
#: Tokens this short (letters) keep LanguageTool's verdict ('ein' -> 'in', but also 'ci' -> 'CI').
SHORT = 3
#: Characters no word has, or a capital after the first letter ('CPython', 'QUnit', 'AZM'):
#: identifiers, package specifiers, acronyms.
_NOT_IN_WORDS = re.compile(r"[^\w\s'’\-.]|[\d_]|(?<=\w)[A-Z]")
#: Running prose before a short token: a space, a line start or an opening quote (not 'fix(ci)', '[Hh]').
_PROSE_BEFORE = re.compile(r"(?:^|\s|(?:^|\s)[\"“‘'])$")
#: ... and after it: a space and a word, or , . ; ! ? (and closing quotes) and then a space or the end.
_PROSE_AFTER = re.compile(r"[ \t\n]+[A-Za-z0-9\"“'‘(]|[,.;!?][\"”’')]*(?:\s|$)")
#: ... or a colon, when a word stands before the token ('It said onl: "No ships"'), unlike a
#: commit scope at a line's start ('ci: fix the release').
_COLON_AFTER = re.compile(r":(?:\s|$)")
_WORD_BEFORE = re.compile(r"[A-Za-z][ \t]$")
#: A word of code next to a short token ('it-ch, ga, en-SG', 'a/b'): no running prose ('Al-Rashid' is).
_CODE_NEIGHBOUR = re.compile(r"[(\[\"“‘']?(?:[\w-]*[_/#@\[\]{}<>=][\w-]*|[A-Za-z]{1,3}(?:-[A-Za-z0-9]{1,3})+)[,;)]?")
#: Shortest word that LanguageTool's empty list of suggestions says something about.
UNMATCHED_MIN = 5


#: Runs of one consonant, each written two or more times ('kk', 'dddd', 'hhmmss', 'yyyymmdd'),
#: or one letter written three times or more ('eeeee', 'aaaaa'): a date format token or a placeholder.
_CONSONANT_RUNS = re.compile(r"(?:([b-df-hj-np-tv-z])\1+)+|([a-z])\2{2,}", re.IGNORECASE)
#: A language tag (BCP 47: a 2-3 letter language and 2-4 letter subtags; 'oc-lnc', 'sr-cyrl',
#: 'gom-deva'), which locale lists and changelogs of localised software name.
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,4})+", re.IGNORECASE)
#: Prefixes written with a hyphen before a word ('pre-exist', 'co-worker', 'non-zero'), not languages.
_WORD_PREFIXES = frozenset({"pre", "non", "co", "re", "sub", "un", "dis", "mis", "out", "bi", "tri", "ex", "mid"})


def not_a_word(token: str) -> bool:
    """True for a flagged token with characters no word has ('serve-static@', 'v2_beta', 'a/b'):
    an identifier, a package specifier or a path, which the speller reads as a word; or runs of
    repeated consonants ('kk', 'dddd', 'mmss'): a date format token or a placeholder, which no
    slip of a word gives (a word has a vowel, and a doubled key leaves the rest of the word); or
    a name ending in 'js' ('systemjs', 'hamljs'), as JavaScript libraries are named and no
    English word is; or a language tag ('oc-lnc', 'zh-hant')."""
    if _NOT_IN_WORDS.search(token) is not None or _CONSONANT_RUNS.fullmatch(token) is not None:
        return True
    if len(token) > 4 and token.lower().endswith("js"):
        return True
    if _LANGUAGE_TAG.fullmatch(token) is None:
        return False
    return token.split("-", 1)[0].lower() not in _WORD_PREFIXES  # 'pre-exst', 'co-wrk': a prefix and a slip


def no_slip_suggested(word: str, suggestions: Sequence[str], lexicon: Lexicon | None = None) -> bool:
    """True when no suggestion is a misspelling's correction of ``word``: none is a typing slip
    away (``lint.words.is_slip``), or the only ones differ in case ('url' -> 'URL') or by a space
    or hyphen ('timespan' -> 'time span'). Then the word is unknown to the speller (a name, a
    handle, jargon, a closed compound) rather than misspelt.

    A suggestion that writes more capitals than the word (a name or an acronym: 'Jython' ->
    'Python', 'mypy' -> 'MYP', 'zeug' -> 'Zeus', 'pidfds' -> 'PDFs') backs the hit only when the
    word is one of the slips of a hand typing it (``lint.words.edits1``: a letter dropped, doubled
    or swapped, a wrong letter inside the word: 'pyhton' -> 'Python'); otherwise the word is
    another name. (Also requiring the first letter of a Capitalised word to be kept, which would
    drop 'Kemenade' -> 'Lemonade', lost 6 injected Capitalised misspellings such as 'Netween'.)

    A suggestion that changes one letter for a key out of a finger's reach, and not by sound
    (``lint.words.stray_substitution``: 'bitness' -> 'witness'), or that adds or drops letters at
    the word's front only ('pyexpat' -> 'expat', ``_front_edit``), is another word, not a slip.
    Then, with ``lexicon``, a common word one slip away (``lint.words.edits1``) still backs the
    hit: LanguageTool's first suggestions are not always the word meant ('lons' -> 'long', not
    'loans')."""
    low = word.lower()
    if len(low) <= SHORT:
        return False  # every short token is a slip of some word: no evidence either way
    closed = low.replace(" ", "").replace("-", "")
    capitals = _capitals(word)
    for suggestion in suggestions[:5]:
        folded = suggestion.lower()
        if folded == low or folded.replace(" ", "").replace("-", "") == closed:
            continue  # case, a space or a hyphen only: 'use dicts' -> 'us edicts', 'int or' -> 'in tor'
        if _capitals(suggestion) > capitals:
            if folded in edits1(low):
                return False  # 'pyhton' -> 'Python', 'Febuary' -> 'February'
            continue  # another name: 'Jython' -> 'Python', 'mypy' -> 'MYP'
        if folded.startswith(low):
            return False  # a truncated word: 'newspa' -> 'newspaper'
        if _front_edit(low, folded) or stray_substitution(low, folded):
            continue  # another word: 'pyexpat' -> 'expat', 'dunder' -> 'under', 'bitness' -> 'witness'
        if is_slip(low, folded) or (len(low) >= 6 and two_letters_apart(low, folded)):
            return False  # also two letters added or dropped in a longer word: 'alllready' -> 'already'
    # LanguageTool's first suggestions may all be other words ('lons' -> 'long', 'loss', 'Los'):
    # a common word one slip away in typolint's lexicon backs the hit too ('loans').
    return lexicon is None or not any(
        lexicon.common(c, COMMON_ZIPF) and not stray_substitution(low, c) for c in edits1(low))


def _front_edit(word: str, suggestion: str) -> bool:
    """True when ``suggestion`` is ``word`` with one or two letters more or fewer at its start only
    ('pyexpat' -> 'expat', 'dunder' -> 'under', 'Avana' -> 'Havana'): a prefix of a name or another
    word, as a hand rarely slips on a word's first letter; except one extra key within reach of the
    next one ('ythe', 'tthe' -> 'the')."""
    added = len(word) > len(suggestion)
    longer, shorter = (word, suggestion) if added else (suggestion, word)
    extra = len(longer) - len(shorter)
    if not (1 <= extra <= 2 and longer.endswith(shorter)):
        return False
    return not (added and extra == 1 and within_reach(word[0], word[1]))


def _capitals(text: str) -> int:
    return sum(c.isupper() for c in text)


def rare_real_word(word: str, suggestions: Sequence[str], lexicon: Lexicon) -> bool:
    """True when ``word`` is attested in real usage (Zipf >= ATTESTED_ZIPF) and is neither a slip
    of a common word LanguageTool suggests (``near_common_twin``) nor one typing slip from a
    common word of the lexicon. Then the speller's hit is a gap in its dictionary."""
    low = word.lower()
    if not low.isalpha() or lexicon.zipf(low) < ATTESTED_ZIPF:
        return False
    if near_common_twin(word, suggestions, lexicon):  # the lexicon's Zipf values are wordfreq's
        return False
    floor = max(COMMON_ZIPF, lexicon.zipf(low) + MARGIN_ZIPF)
    return not any(lexicon.common(c, floor) for c in edits1(low))


def short_noise(text: str, start: int, end: int) -> bool:
    """True for a speller hit ``text[start:end]`` (code points) of at most SHORT letters that
    stands outside running prose, where short tokens are abbreviations, locale codes and code:
    'fix(ci):', 'Serbian (rs)', '[Hh]mm', 'without fs' at a list item's end. In running prose (a
    word or a sentence's end before it; a word, or , . ; and a space, after it) LanguageTool
    decides, as it does for every short token ('th', 'wth', 'seh')."""
    if end - start > SHORT or not text[start:end].isalpha():
        return False
    if not _PROSE_BEFORE.search(text, max(0, start - 3), start):
        return True
    before, after = text[max(0, start - 40) : start].split(), text[end : end + 40].split()
    if (before and _CODE_NEIGHBOUR.fullmatch(before[-1])) or (after and _CODE_NEIGHBOUR.fullmatch(after[0])):
        return True
    if _COLON_AFTER.match(text, end):
        return not _WORD_BEFORE.search(text, max(0, start - 2), start)
    return not _PROSE_AFTER.match(text, end)


def unmatched(word: str, suggestions: Sequence[str], lexicon: Lexicon) -> bool:
    """True when LanguageTool has no suggestion for ``word`` (UNMATCHED_MIN letters or more)
    and no common word of the lexicon is one typing slip from it either: nothing it could be a
    slip of ('getfullargspec', 'readystatechange', 'mitmproxy') and no common word that it
    begins (a truncation). A misspelling has a word near it."""
    low = word.lower()
    if suggestions or len(low) < UNMATCHED_MIN or not low.isalpha():
        return False
    if any(lexicon.zipf(c) >= COMMON_ZIPF for c in lexicon.completions(low, 3)):
        return False  # a truncated word: 'Thursd' -> 'Thursday'
    return not any(lexicon.common(c, COMMON_ZIPF) for c in edits1(low))
