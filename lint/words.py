"""Word logic shared by both engines: the vocabulary, typing-slip edits, and name heuristics."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from lint import _core

if TYPE_CHECKING:
    from lint.lexicon import Lexicon

# --- Vocabulary ---------------------------------------------------------------------------

#: Endings that make an inflected form of a vocabulary entry: 'enum' accepts 'enums', "enum's".
INFLECTIONS = ("s", "es", "'s", "’s", "s'", "s’", "ed", "d", "ing", "er", "ers")
#: English closed-class words: determiners, pronouns, prepositions, conjunctions, auxiliaries
#: and modals, and the adverbs of degree, time and place that join phrases. Written together
#: with another word they make a run-together phrase ('eventhough', 'thankyou', 'alltogether'),
#: never a closed compound of technical writing ('makefile', 'nodename').
CLOSED_CLASS = frozenset(
    "a about above across after against all along also although am among an and another any anyone "
    "anything are around as at be because been before behind being below beside besides between "
    "beyond both but by can cannot could did do does down during each either else enough even ever "
    "every few for from further had has have he her here hers him his how however i if in inside "
    "instead into is it its itself just least less many may me might mine more most much must my "
    "neither never no nobody none nor not nothing now of off often on once one only onto or other "
    "our ours out outside over own per quite rather same several shall she should since so some "
    "somehow someone something soon still such than that the their theirs them then there these they "
    "this those though through thus till to too toward towards under unless until up upon us very "
    "via was we well were what whatever when where whether which while who whom whose why will with "
    "within without would yet you your yours".split()
)
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
        if word.endswith("ies") and self._known(word[:-3] + "y"):  # policy -> policies
            return True
        for ending in ("ing", "er", "ers"):  # iterate -> iterating, iterator
            if word.endswith(ending) and self._known(word[: -len(ending)] + "e"):
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


# --- Derivations ----------------------------------------------------------------------------

_VOWELS = frozenset("aeiou")


def regular_forms(stem: str, suffix: str) -> set[str]:
    """How English spelling joins ``stem`` and ``suffix`` when it does not simply concatenate
    them (lowercase in, lowercase out; empty when it does): a silent 'e' dropped before a vowel
    ('make' + 'ing' -> 'making'; kept after 'ee', 'oe', 'ye' and a soft 'ce'/'ge' before a or o:
    'agreeing', 'noticeable'), a final consonant doubled ('occur' + 'ed' -> 'occurred'; not an 'l'
    or 's', which American English keeps single: 'canceling'), 'y' made
    'i' ('happy' + 'ness' -> 'happiness'), 'ie' made 'y' before 'ing' ('die' -> 'dying'), and the
    '-ly' adverbs of 'ic', consonant + 'le', 'ue' and 'll' ('basically', 'simply', 'truly', 'fully')."""
    forms: set[str] = set()
    last, before = stem[-1:], stem[-2:-1]
    if suffix[:1] in _VOWELS or suffix[:1] == "y":
        soft = stem.endswith(("ce", "ge")) and suffix[:1] in "ao"
        if last == "e" and before not in ("e", "o", "y") and not soft:
            forms.add(stem[:-1] + suffix)
        # never after an 'l' or an 's': American English keeps them single ('canceling',
        # 'traveled', 'focusing') where British English doubles them
        if (len(stem) >= 3 and last not in _VOWELS and last not in "wxyls" and before in _VOWELS
                and stem[-3] not in _VOWELS):
            forms.add(stem + last + suffix)
        if last == "y" and before not in _VOWELS and before and not suffix.startswith("i"):
            forms.add(stem[:-1] + "i" + suffix)
        if stem.endswith("ie") and suffix == "ing":
            forms.add(stem[:-2] + "ying")
    else:
        if last == "y" and before not in _VOWELS and before and suffix in ("ly", "ness", "less", "ful", "ment"):
            forms.add(stem[:-1] + "i" + suffix)
        if suffix == "ly":
            if stem.endswith("ic"):
                forms.add(stem + "ally")
            elif last == "e" and before == "u":
                forms.add(stem[:-1] + "ly")
            elif last == "e" and before == "l" and stem[-3:-2] not in _VOWELS:
                forms.add(stem[:-1] + "y")
            elif stem.endswith("ll"):
                forms.add(stem + "y")
    forms.discard(stem + suffix)
    return forms


def misspelt_derivation(word: str, suffixes: Iterable[str], is_word: Callable[[str], bool]) -> str | None:
    """The regular spelling of ``word`` (lowercase) when it is a word ``is_word`` knows plus one
    of ``suffixes`` simply concatenated, where English spelling joins them otherwise ('makeing'
    -> 'making', 'basicly' -> 'basically', 'truely' -> 'truly', 'occured' -> 'occurred',
    'happyness' -> 'happiness'); None when it is no such word."""
    for suffix in suffixes:
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        stem = word[: -len(suffix)]
        if not is_word(stem):
            continue
        for form in sorted(regular_forms(stem, suffix)):
            if is_word(form):
                return form
    return None


# --- Names ----------------------------------------------------------------------------------

#: A suggestion this frequent (Zipf scale; 'the' is 7.7, 'receive' 4.85) is a 'common word' ...
COMMON_ZIPF = 3.0
#: ... if it is this much (Zipf, i.e. log10) more frequent than the flagged word ('recieve' 2.75).
#: Chosen on the capitalised classes of bench/eval.py against the names of seeds/ and
#: bench/corpus/clean (none reported); 4.0 with one-edit twins only found 93% of them.
MARGIN_ZIPF = 1.5
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
_WORD_BEFORE = re.compile(r"([\w’'.-]+)[ \t]+$")
_WORD_AFTER = re.compile(r"^[ \t]+([\w’'-]+)")
#: A capitalised neighbour this frequent as a word (Zipf) is an ordinary word in Title Case
#: ('Energy', 'Publishes'), not evidence of a name; 'Metin' (2.0) and 'Bayramov' are names.
ORDINARY_ZIPF = 3.5
#: More than wordfreq's rounding can move a Zipf value (two decimals, and three significant
#: digits of the frequency): see ``ordinary_word``.
_ROUNDING = 0.05
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "prof", "sir", "st"})


def is_probable_name(
    text: str, start: int, end: int, suggestions: Sequence[str], document: str = "", lexicon: Lexicon | None = None,
    lowercase: Callable[[str], frozenset[str]] | None = None,
) -> bool:
    """True when the flagged ``text[start:end]`` (code points) should be taken for a name.

    A capitalised unknown word is a name (or, with a capital inside, an identifier such as
    ``AppData``) unless a suggestion is a common word it is a slip of (``Teh`` -> ``The``,
    ``Nimutes`` -> ``Minutes``: see ``near_common_twin``) and the evidence for a name is
    missing: it stands next to no other name, here or anywhere else in ``document`` (``Metin
    Eker`` makes ``Eker`` a name in the whole document, even though ``ever`` is common).
    Capitalised neighbours that are ordinary words or acronyms are no such evidence:
    ``Departmnet of Energy``, ``OIC Secretraiat`` are Title Case slips, not names; nor is the
    word after a sentence's first word ('Teh Ottoman maps'). ``lexicon``, when given, answers how
    common a Latin-letter word is without loading wordfreq (``word_zipf``). ``lowercase`` gives
    the lowercase words of a text (default ``lowercase_words``, which remembers two texts): a
    caller that checks many documents in turn passes its own memo.
    """
    word = text[start:end]
    if not word[:1].isupper():
        return False
    if _INNER_CAPITAL.search(word) or not near_common_twin(word, suggestions, lexicon):  # 'AppData', 'MiB'
        return True
    lower = (lowercase or lowercase_words)(document or text)
    look_after = not sentence_initial(text, start)
    return (in_name_run(text, start, end, look_after=look_after, lower=lower, lexicon=lexicon)
            or named_elsewhere(word, document, lower, lexicon))


@functools.lru_cache(maxsize=2)
def lowercase_words(text: str) -> frozenset[str]:
    """The words written in lowercase somewhere in ``text``: evidence that a word is no name.
    A word is a run of ``[a-z]`` not touching ``[\\w'’-]`` (found by the compiled core).

    Remembered for the last two texts: the engine asks it for every capitalised speller hit of a
    document, and a scan of a 1 MB document per hit took most of a cached LanguageTool run."""
    return _core.lowercase_words(text)


def named_elsewhere(word: str, document: str, lower: frozenset[str] = frozenset(), lexicon: Lexicon | None = None) -> bool:
    """True when ``word`` stands next to a name or an honorific somewhere in ``document``."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", document):
        after = not sentence_initial(document, m.start())
        if in_name_run(document, m.start(), m.end(), look_after=after, lower=lower, lexicon=lexicon):
            return True
    return False


def near_common_twin(word: str, suggestions: Sequence[str], lexicon: Lexicon | None = None) -> bool:
    """True when a suggestion is a common word that ``word`` is a slip of.

    A slip: one edit or swap ('Thier'), the same letters scrambled ('Nimutes', 5+ letters), or
    two edits in a long word ('Authorithy', 8+ letters). ``lexicon``: see ``word_zipf``.
    """
    low = word.lower()
    own: float | None = None  # asked only when needed: a hyphenated word needs wordfreq itself
    for suggestion in suggestions[:5]:
        twin = suggestion.lower()
        if twin != low and twin.isalpha() and is_slip(low, twin):  # not 'Val mara' for 'Valmara'
            freq = word_zipf(twin, lexicon)
            if freq < COMMON_ZIPF:
                continue
            own = word_zipf(low, lexicon) if own is None else own
            if freq - own >= MARGIN_ZIPF:
                return True
    return False


def is_slip(typo: str, word: str) -> bool:
    """True when ``typo`` is one typing slip from ``word``, its letters scrambled (5+ letters), or
    two slips from it (8+ letters): how far a misspelling may be from its word."""
    if one_edit(typo, word):
        return True
    if len(word) >= 5 and sorted(typo) == sorted(word):
        return True
    return len(word) >= 8 and abs(len(typo) - len(word)) <= 2 and within_two(typo, word)


#: QWERTY rows and how far each sits to the right of the one above it, in key widths.
_ROWS = (("qwertyuiop", 0.0), ("asdfghjkl", 0.25), ("zxcvbnm", 0.75))
_KEY_AT = {c: (i + shift, float(r)) for r, (row, shift) in enumerate(_ROWS) for i, c in enumerate(row)}
#: How far (key widths, centre to centre) a finger slips: a neighbour, a key two along the row
#: ('eacf' for 'each'), a diagonal two away ('thah' for 'than').
SLIP_REACH = 2.0
#: Letters a speller swaps by sound rather than by hand ('staded', 'organisation').
_SOUND_ALIKE = frozenset(frozenset(p) for p in ("ck", "cs", "sz", "kq", "cq", "gj", "fv", "bp", "dt", "vw", "xz"))
_VOWEL_KEYS = frozenset("aeiouy")


def within_reach(a: str, b: str) -> bool:
    """True when keys ``a`` and ``b`` (lowercase letters) are at most SLIP_REACH apart."""
    (xa, ya), (xb, yb) = _KEY_AT.get(a, (99.0, 0.0)), _KEY_AT.get(b, (-99.0, 0.0))
    return (xa - xb) ** 2 + (ya - yb) ** 2 <= SLIP_REACH**2


def stray_substitution(typo: str, word: str) -> bool:
    """True when ``typo`` and ``word`` (lowercase) differ in one letter at one place, and those two
    letters are neither keys within a finger's reach (``within_reach``: 'netween' -> 'between'),
    nor two vowels ('compatability' -> 'compatibility'), nor letters of one sound ('organisation'
    -> 'organization'), and the new letter is not one of the word's own, typed too early or
    again ('Transtator' -> 'Translator'): no slip of a hand or of an ear makes that change, but
    another word is written that way ('bitness' -> 'witness', 'depender' -> 'defender')."""
    if len(typo) != len(word):
        return False
    diff = [(a, b) for a, b in zip(typo, word) if a != b]
    if len(diff) != 1:
        return False
    a, b = diff[0]
    if within_reach(a, b) or (a in _VOWEL_KEYS and b in _VOWEL_KEYS) or frozenset((a, b)) in _SOUND_ALIKE:
        return False
    if a in word:
        return False  # a letter of the word typed too early or again ('Transtator', 'Mountnins')
    return a in _KEY_AT and b in _KEY_AT


def within_two(a: str, b: str) -> bool:
    """True when the edit distance (insert, delete, substitute) of ``a`` and ``b`` is at most 2."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
        if min(prev) > 2:
            return False
    return prev[-1] <= 2


def two_letters_apart(a: str, b: str) -> bool:
    """True when ``a`` becomes ``b`` by adding or dropping at most two letters in all ('alllready'
    -> 'already', 'diffent' -> 'different'): the slips of a hand that stutters or skips, unlike two
    changed letters, which take a word to another word ('wcslen' -> 'wesley', 'apidoc' -> 'acidic')."""
    if abs(len(a) - len(b)) > 2:
        return False
    prev = [0] * (len(b) + 1)  # longest common subsequence, row by row
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if ca == cb else max(prev[j], cur[j - 1]))
        prev = cur
    return len(a) + len(b) - 2 * prev[-1] <= 2


def in_name_run(
    text: str, start: int, end: int, *, look_after: bool = True, lower: frozenset[str] = frozenset(),
    lexicon: Lexicon | None = None,
) -> bool:
    """True when the word follows an honorific or touches another capitalised word that is
    itself name-like: not an acronym and not an ordinary word (see ``_name_like``).

    ``look_after=False`` ignores the word after: a sentence's first word ('Teh Ottoman
    maps') says nothing about the name that follows it. ``lower``: words the document writes
    in lowercase, which are therefore no names ('Survey' in a heading). ``lexicon``, when
    given, answers how common a plain ASCII word is without loading wordfreq (the same Zipf
    values; wordfreq still judges other words)."""
    before = word_before(text, start)
    after = _WORD_AFTER.search(text[end : end + 80]) if look_after else None
    if before and before.group(1).rstrip(".").lower() in _HONORIFICS:
        return True
    prev = before.group(1) if before and not before.group(1).endswith(".") else ""
    return _name_like(prev, lower, lexicon) or _name_like(after.group(1) if after else "", lower, lexicon)


def word_before(text: str, start: int) -> re.Match[str] | None:
    """The match of ``_WORD_BEFORE`` that ends at ``start`` (code points): the word before it.

    Searched in a window that grows until it holds the whole word and its spaces, so the cost
    is the distance to that word; searching from 0 made each call O(n), and a long Markdown
    file spent most of its spelling time here.
    """
    width = 128
    while True:
        low = max(0, start - width)
        m = _WORD_BEFORE.search(text, low, start)
        if low == 0 or (m is not None and m.start() > low) or (m is None and text[low:start].strip(" \t")):
            return m
        width *= 4


def sentence_initial(text: str, start: int) -> bool:
    """True when ``text[start]`` begins a sentence, a line or a paragraph (code points)."""
    before = text[max(0, start - 4) : start].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?\n:"


def _name_like(word: str, lower: frozenset[str], lexicon: Lexicon | None = None) -> bool:
    """True for a Capitalised word that is neither an acronym ('OIC') nor an ordinary word
    ('Energy'), nor written in lowercase elsewhere in the document."""
    word = re.sub(r"['’]s$", "", word)
    if not word[:1].isupper() or (len(word) > 1 and word.isupper()):
        return False
    return word.lower() not in lower and not ordinary_word(word, lexicon)


def ordinary_word(word: str, lexicon: Lexicon | None = None) -> bool:
    """True when ``word``, lowercased, is a frequent English word (wordfreq Zipf >= ORDINARY_ZIPF).

    For a word of Latin letters the lexicon's Zipf value is wordfreq's own (checked for every
    such word of the lexicon, see ``same_zipf_as_wordfreq``); importing wordfreq and loading
    its table cost 0.5 s a process. A hyphenated word ('Louis-Gustave') is several tokens to
    wordfreq, which combines their frequencies as 1/f = 1/f1 + 1/f2 + ...: below each part's. So
    when the lexicon knows one part as rarer than ORDINARY_ZIPF by a margin wider than wordfreq's
    rounding, the word is no ordinary word, and wordfreq is not asked.
    """
    if lexicon is not None and "-" in word:
        parts = word.split("-")
        if all(p.isascii() and p.isalpha() for p in parts) and min(map(lexicon.zipf, parts)) < ORDINARY_ZIPF - _ROUNDING:
            return False
    return word_zipf(word, lexicon) >= ORDINARY_ZIPF


def word_zipf(word: str, lexicon: Lexicon | None = None) -> float:
    """wordfreq's Zipf frequency of ``word`` lowercased (log10 per billion words, 0 = unseen).

    For a word of Latin letters the ``lexicon`` answers with wordfreq's own value (see
    ``same_zipf_as_wordfreq``), without importing wordfreq and loading its table (0.5-0.7 s a
    process: most of a warm single-file run with LanguageTool); other words ask wordfreq.
    """
    if lexicon is not None and same_zipf_as_wordfreq(word):
        return lexicon.zipf(word)
    from wordfreq import zipf_frequency  # heavy: only for words the lexicon cannot answer

    return zipf_frequency(word.lower(), "en")


_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")


def same_zipf_as_wordfreq(word: str) -> bool:
    """True when wordfreq reads ``word`` as one token that is its lowercase form: letters of
    Latin scripts only (no 'ß', which case-folds to 'ss'), composed (NFC). For such a word the
    lexicon's Zipf value equals ``wordfreq.zipf_frequency(word, "en")``."""
    import unicodedata

    return (_LATIN_WORD.fullmatch(word) is not None and (word.isascii() or (
        word.casefold() == word.lower() and unicodedata.is_normalized("NFC", word))))


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
