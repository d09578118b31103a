"""Project vocabulary learned from the checked files themselves: code words and jargon.

Two kinds of evidence make an unknown word part of the project's vocabulary (issue 10):

* **Code.** A word that appears in the files' code (code spans and blocks, markup outside the
  prose) or in an identifier written in the prose (``default_ttl``, ``setTimeout``,
  ``gevent.monkey``) is a name of the project, not a misspelling in its prose.
* **Consistency.** A word written the same way many times (``MIN_REPEATS``) is jargon. Real
  typos are rare and inconsistent, and they are slips of a word that exists: a word that is one
  typing slip (``lint.words.edits1``) from a common English word, or from a word the files use
  far more often, is never jargon by repetition alone. A one-off near-miss of a jargon word is
  rare, so it stays flagged.

The checked set is what one ``Pipeline`` has seen so far: the vocabulary is learned batch by
batch as the Pipeline streams (no second pass over the files, which would double the cost of
reading and extracting them; extraction runs at about 1 MB/s). A word learned in one batch
counts for every later batch; a file's findings can therefore depend on the files sorted before
it, never on the run's batch size beyond that, and never on anything outside the checked set.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from lint import _core
from lint.lexicon import Lexicon
from lint.source import TextSource
from lint.words import CLOSED_CLASS, INFLECTIONS, edits1, misspelt_derivation

#: Uses of one spelling, in the prose of the checked files, that make an unknown word jargon.
MIN_REPEATS = 3
#: Shortest word taken for jargon by repetition: shorter ones are a letter from many words.
MIN_JARGON_LENGTH = 5
#: A one-slip neighbour this common in English (Zipf) makes a repeated word a repeated typo.
COMMON_TWIN_ZIPF = 3.0
#: ... and so does a neighbour the checked files use this many times more often.
TWIN_RATIO = 4
#: The letter-words of code: runs split at '_', digits, punctuation and camelCase humps.
_CODE_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_CODE_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_CODE_SEPARATORS = re.compile(r"[._0-9]+")
#: Times the checked files must write a word in lowercase that the speller knows only in
#: capitals for that to be the project's own way of writing a name ('mvc', 'spm').
HOUSE_CASE_REPEATS = 2
#: A word one edit away this much more frequent (Zipf) is what a word was meant to be: a typo
#: signature ('hsa' 2.6 and 'has' 6.4; 'mvc' 2.8 and 'mac' 4.5 is none).
SIGNATURE_MARGIN = 2.5
#: Productive affixes: a known stem with one of these is a word, not a misspelling
#: ('un' + 'subscription', 'meta' + 'programming', 'connect' + 'ability', 'false' + 'y').
_PREFIXES = ("anti", "auto", "co", "cross", "de", "dis", "hyper", "inter", "macro", "meta", "micro", "mis", "multi",
             "non", "out", "over", "post", "pre", "pseudo", "re", "semi", "sub", "super", "un", "under")
_SUFFIXES = ("ability", "able", "ables", "ible", "s", "es", "d", "ed", "ing", "er", "ers", "ly", "ness", "ity", "ize",
             "izes", "ized", "izer", "izers", "ization", "ment", "ments", "less", "ful", "ency", "ancy", "y", "ey")
#: Shortest stem after a prefix ('super' + 'test').
MIN_PREFIXED_STEM = 4
#: Shortest stem before a suffix ('case' + 'less').
MIN_SUFFIXED_STEM = 4
#: Shortest closed compound of two words ('firehose').
MIN_COMPOUND = 7
#: Two parts this frequent (Zipf) make a run-together pair a misspelling: 'every|time',
#: 'each|other', 'high|school'. One frequent part alone does not: 'make|file', 'node|name'
#: are closed compounds of technical writing (a part that is a closed-class word, though, is
#: never part of one: 'even|though', 'thank|you', 'never|mind'; ``lint.words.CLOSED_CLASS``).
FREQUENT_PART_ZIPF = 5.5
#: Code words that the lexicon knows but are kept anyway when this short: abbreviations of
#: the code ('ws', 'ci', 'fs'), which LanguageTool's speller does not know.
SHORT_CODE_WORD = 4
#: Code words that the lexicon knows but are kept anyway when this rare (Zipf): the code's own
#: words ('contrib', 'attrib'), which the truncated-word rule takes for a cut-off 'contribute'.
RARE_CODE_ZIPF = 3.3


class LearnedVocabulary:
    """The code words and prose word counts of the files seen so far, per path (a file checked
    again replaces its earlier contribution). Words are kept lowercase; only words unknown to
    ``lexicon`` are kept, since only those can draw a spelling finding."""

    def __init__(self, lexicon: Callable[[], Lexicon]) -> None:
        """``lexicon`` is called on first need (loading it takes a while)."""
        self._load = lexicon
        self._loaded: Lexicon | None = None
        self._files: dict[str, tuple[frozenset[str], Counter[str]]] = {}
        self.code: Counter[str] = Counter()
        self.prose: Counter[str] = Counter()
        #: Lowercase word -> ``accepts`` verdict, valid until the next ``learn`` (a batch's
        #: findings ask about the same words again and again).
        self._verdicts: dict[str, bool] = {}

    def _lexicon(self) -> Lexicon:
        if self._loaded is None:
            self._loaded = self._load()
        return self._loaded

    def learn(self, path: str, source: TextSource | None, words: FileWords | None = None) -> None:
        """Add the code words and prose words of one file (replacing what ``path`` gave before);
        ``words``: ``file_words(source, ...)`` when already found (by a worker process)."""
        code, prose = words if words is not None else file_words(source, self._lexicon())
        old = self._files.pop(path, None)
        if old is not None:
            self.code.subtract(old[0])
            self.prose.subtract(old[1])
        self._files[path] = (code, prose)
        self._verdicts.clear()
        self.code.update(code)
        self.prose.update(prose)

    def settle(self) -> None:
        """Forget which file gave which words, keeping the totals (so no verdict changes): a
        streamed run settles after each batch, whose files are never learned again, and its
        memory then grows with the distinct words of the corpus, not with its files. A path
        learned again after this adds to the totals instead of replacing its share."""
        self._files.clear()

    def accepts(self, word: str) -> bool:
        """True when ``word`` (one token, any case) is a code word or jargon of the checked files,
        or an inflection of one ('enums' when the code has 'Enum')."""
        low = word.lower()
        verdict = self._verdicts.get(low)
        if verdict is None:
            verdict = self._verdicts[low] = self._judge(low)
        return verdict

    def _judge(self, low: str) -> bool:
        """``accepts`` for a lowercase word, computed."""
        if "-" in low.strip("-"):  # 'ansi-regex': a compound of learned or English words
            parts = [p for p in low.split("-") if p]
            known = self._lexicon().known
            return all(p in known or self.accepts(p) for p in parts)
        return any(self._accepted(stem) for stem in _stems(low)) or self._derived(low) or self._compound(low)

    def _compound(self, word: str) -> bool:
        """True when ``word`` is two words of the lexicon written as one ('firehose', 'docstring',
        'makefile'; the second of 4+ letters), not both very frequent ('everytime', 'eachother'
        are misspellings), neither a closed-class word ('eventhough', 'thankyou'), and no edit
        (``neighbours``) of a common word ('openting' has an extra letter of 'opening') or of a
        word the checked files use far more often ('bigfixes' where 'bugfixes' recurs)."""
        if not word.isalpha() or len(word) < MIN_COMPOUND:
            return False
        lexicon = self._lexicon()

        def part(w: str) -> bool:
            return (len(w) >= 3 and lexicon.is_word(w) and lexicon.zipf(w) >= COMMON_TWIN_ZIPF
                    and w not in CLOSED_CLASS)

        def pair(i: int) -> bool:
            head, tail = word[:i], word[i:]
            return (part(head) and part(tail)
                    and min(lexicon.zipf(head), lexicon.zipf(tail)) < FREQUENT_PART_ZIPF)

        if not any(pair(i) for i in range(3, len(word) - 3)):  # 'diff|ent' is no pair
            return False
        # its own plural or singular ('docstrings' in the code) is no twin it is a slip of; other
        # completions are ('Thursda' of 'Thursday')
        own = {word + "s", word[:-1]} if word.endswith("s") else {word + "s"}
        twins = neighbours(word) - own
        return not self._explained_by_twin(word, twins)

    def _derived(self, word: str) -> bool:
        """True when ``word`` is a known or learned stem with a productive prefix or suffix
        ('unhashable', 'metaprogramming', 'connectability', 'falsy') and no typing slip
        (``edits1``: 'begining' of 'beginning', 'shuters' of 'shutters', 'mosty' of 'mostly') of
        a common word or of a word of the checked files."""
        known = self._lexicon().known
        stems = [s for s in derivation_stems(word) if s in known or self._accepted(s)]
        if not stems or misspelt_derivation(word, _SUFFIXES, known.__contains__) is not None:
            return False  # 'makeing', 'basicly': English spells the derivation otherwise
        return not self._explained_by_twin(word, edits1(word) - {word, *stems})

    def words_of(self, span: str) -> bool:
        """True when every word of a speller hit that spans several (``'int or'``, ``'use dicts'``:
        LanguageTool proposes to move the space) is a word of the lexicon or of the checked files:
        then no word of it is misspelt, and two words that are right stay right re-spaced."""
        words = span.split()
        known = self._lexicon().known
        return len(words) > 1 and all(w.lower() in known or self.accepts(w) for w in words)

    def written(self, word: str) -> int:
        """How many times the prose of the checked files writes ``word`` (case-insensitive; only
        words unknown to the lexicon are counted, 0 for others)."""
        return self.prose[word.lower()]

    def house_spelling(self, word: str) -> bool:
        """True when the checked files write ``word`` (lowercase, a name the speller knows in
        capitals: 'mvc', 'spm', 'nuget') HOUSE_CASE_REPEATS times or more and it bears no typo
        signature: no word one edit from it is SIGNATURE_MARGIN (Zipf) more frequent ('hsa' of
        'has', 'iit' of 'it' stay slips however often they recur). Then it is a directory,
        command or package name written as the project writes it."""
        if self.prose[word] < HOUSE_CASE_REPEATS:
            return False
        lexicon = self._lexicon()
        floor = max(COMMON_TWIN_ZIPF, lexicon.zipf(word) + SIGNATURE_MARGIN)
        return not any(lexicon.common(t, floor) for t in neighbours(word))

    def near_miss(self, word: str) -> bool:
        """True when ``word`` is one typing slip from a code word or jargon word of the checked
        files ('gevnet' when the code imports 'gevent'): a typo of the project's vocabulary."""
        low = word.lower()
        return any(self.code[c] > 0 or self.prose[c] >= MIN_REPEATS for c in edits1(low) if c != low)

    def _accepted(self, word: str) -> bool:
        if self.code[word] > 0:
            return True
        return len(word) >= MIN_JARGON_LENGTH and self.prose[word] >= MIN_REPEATS and not self._slip_of_other(word)

    def _slip_of_other(self, word: str) -> bool:
        """True when ``word`` is one edit (any letter added, dropped, changed or two swapped) from
        a common English word, or from a word the checked files use ``TWIN_RATIO`` times as
        often or in their code: then its repetitions are a repeated slip, not jargon."""
        return self._explained_by_twin(word, neighbours(word))

    def _explained_by_twin(self, word: str, twins: Iterable[str]) -> bool:
        """True when one of ``twins`` (edits of ``word``) is a common English word, a code word
        of the checked files, or a word their prose uses ``TWIN_RATIO`` times as often."""
        lexicon = self._lexicon()
        count = max(1, self.prose[word])
        return any(lexicon.common(twin, COMMON_TWIN_ZIPF) or self.code[twin] > 0
                   or self.prose[twin] >= TWIN_RATIO * count for twin in twins)


def derivation_stems(word: str) -> list[str]:
    """The stems ``word`` may be derived from: without a prefix ('meta|programming', stem of
    ``MIN_PREFIXED_STEM`` letters or more) or a suffix ('connect|ability', 'fals|y' -> 'false',
    ``MIN_SUFFIXED_STEM`` or more); lowercase in, lowercase out."""
    stems = [word[len(p):] for p in _PREFIXES if word.startswith(p) and len(word) - len(p) >= MIN_PREFIXED_STEM]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_SUFFIXED_STEM:
            stem = word[: -len(suffix)]
            if suffix == "d":  # only after an 'e': 'inline' + 'd', not 'thurs' + 'd'
                stems += [stem] if stem.endswith("e") else []
            else:
                stems += [stem, stem + "e"]
    return stems


#: What one file adds to the vocabulary: its code words and its prose words with their counts,
#: lowercase, only those unknown to the lexicon (code words: or at most SHORT_CODE_WORD long).
FileWords = tuple[frozenset[str], Counter[str]]


def file_words(source: TextSource, lexicon: Lexicon) -> FileWords:
    """The code words and counted prose words of one file (lowercase) that ``lexicon`` lacks;
    code words also when short or rare (``SHORT_CODE_WORD``, ``RARE_CODE_ZIPF``)."""
    known = lexicon.known
    code = frozenset(w for w in code_words(source) if w not in known or len(w) <= SHORT_CODE_WORD
                     or lexicon.zipf(w) < RARE_CODE_ZIPF)
    # Letter runs of prose (``[A-Za-z]+(?:['’][A-Za-z]+)*``, as the spellers see words), lowercase,
    # counted by the compiled core, which keeps those the lexicon lacks.
    prose: Counter[str] = Counter(_core.unknown_prose_words(source.text, known))
    return code, prose


def neighbours(word: str) -> set[str]:
    """Every string one edit from ``word``: a letter added, dropped or changed anywhere, or two
    adjacent letters swapped (wider than ``edits1``, which keeps only the slips typos are made of)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    letters = "abcdefghijklmnopqrstuvwxyz"
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changes = {a + c + b[1:] for a, b in splits if b for c in letters}
    inserts = {a + c + b for a, b in splits for c in letters}
    return (deletes | swaps | changes | inserts) - {word}


def code_words(source: TextSource) -> set[str]:
    """Lowercase words of ``source``'s code: the original text outside its prose segments, and
    identifiers written inside the prose. An identifier gives its parts and itself
    (``setTimeout`` -> set, timeout, settimeout)."""
    # One scan of the text outside the prose, its pieces joined by newlines (a token never
    # crosses a newline, nor, scanned piece by piece, a piece's ends); distinct tokens first:
    # code repeats its names.
    outside = source.outside_prose()
    tokens = set(_CODE_TOKEN.findall(outside))
    # Identifiers in the prose: letters and digits joined by '_' or '.', or with a capital inside
    # (camelCase); see lint._core.identifiers.
    tokens.update(_core.identifiers(source.text))
    words: set[str] = set()
    for token in tokens:
        words.update(_parts(token))
    return words


def _parts(token: str) -> set[str]:
    """A code token's lowercase letter-words, and the whole token when it is only letters."""
    parts = {p.lower() for p in _CODE_PART.findall(token)}
    for piece in _CODE_SEPARATORS.split(token):
        if piece.isalpha():
            parts.add(piece.lower())
    return parts


def _stems(word: str) -> list[str]:
    """``word`` and the words it may inflect (as ``lint.words.Vocabulary`` accepts them)."""
    stems = [word]
    for ending in INFLECTIONS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            stems.append(word[: -len(ending)])
    if word.endswith("ies"):
        stems.append(word[:-3] + "y")
    return stems
