"""The English lexicon: which words exist and how common they are (wordfreq + SymSpell's list).

Two registry packages supply it, so nothing is downloaded at run time:

* symspellpy's ``frequency_dictionary_en_82_765.txt`` (MIT): 82,765 words, the
  intersection of SCOWL and Google Books n-grams. It contains no misspellings, so
  it decides what is a *word* and which corrections may be suggested.
* wordfreq (Apache-2.0 code, CC BY-SA 4.0 data): Zipf frequencies for 320,000
  tokens of real usage. Its list also holds common misspellings ("goverment" has
  Zipf 2.66), so it only ranks candidates and admits frequent words (Zipf >= 3.3)
  that the curated list lacks ("caliber").

The merged tables are cached in the user cache (lint.cachefile) in a compact form that loads in
a small fraction of the time JSON took (1.0 s; the lexicon was most of a warm one-file run):
each sorted word table as one newline-joined string (split in C; every item is then a string
by construction, with nothing to check one by one) and the Zipf values as an array of doubles.
"""

from __future__ import annotations

import array
import bisect
import hashlib
import math
import importlib.util
from collections.abc import Sequence
from pathlib import Path

from lint import cachefile
from lint.paths import cache_dir

#: Zipf frequency at or above which a wordfreq token counts as a word even if uncurated.
COMMON_ZIPF = 3.3
_FORMAT = 5
#: First bytes of a cache file: the format, so another version's file is never misread.
_MAGIC = b"typolint-lexicon-%d\n" % _FORMAT


class Lexicon:
    """Word lookups in lowercase. ``zipf`` is log10 of occurrences per billion words (0 = unseen).

    Built from sorted tables, as the cache stores them: the Zipf table is looked up by
    bisection instead of a 320,000-entry dict, whose construction alone cost 0.2 s per run.
    """

    def __init__(self, words: SortedWords, zipfs: Sequence[float], curated: Sequence[str],
                 known: frozenset[str], longest: int | None = None) -> None:
        """``words``: wordfreq's words, with ``zipfs`` their Zipf values in the same order;
        ``curated`` sorted; ``known``: the words ``is_word`` accepts; ``longest``: the length of
        the longest curated word (found here when not given)."""
        self._table = words
        self._zipfs = zipfs
        self._sorted = curated
        self._curated = frozenset(curated)
        #: Every word ``is_word`` accepts, lowercase: set operations on it run at C speed.
        self.known = known
        #: Length of the longest curated word: nothing longer than this plus one is one edit from one.
        self.longest = max(map(len, curated), default=0) if longest is None else longest

    @classmethod
    def from_tables(cls, zipf: dict[str, float], curated: frozenset[str]) -> Lexicon:
        """A lexicon from a word -> Zipf table and the curated words."""
        words = sorted(zipf)
        table = SortedWords.of(words)
        return cls(table, tuple(zipf[w] for w in words), tuple(sorted(curated)), _known(zipf, curated))

    @property
    def _words(self) -> list[str]:
        """wordfreq's words, sorted (all of them built: for tests and the cache writer)."""
        return self._table.words()

    def zipf(self, word: str) -> float:
        i = self._table.index(word.lower())
        return self._zipfs[i] if i >= 0 else 0.0

    def is_word(self, word: str) -> bool:
        """True for a curated word or a common one (Zipf >= COMMON_ZIPF)."""
        return word.lower() in self.known

    def common(self, word: str, floor: float) -> bool:
        """True for a word of the lexicon (``is_word``) at least ``floor`` frequent (Zipf)."""
        return self.zipf(word) >= floor and self.is_word(word)

    def is_curated(self, word: str) -> bool:
        """True for a word of the curated list, the only words offered as corrections."""
        return word.lower() in self._curated

    def completions(self, prefix: str, max_extra: int) -> list[str]:
        """Curated words that extend lowercase ``prefix`` by 1 to ``max_extra`` letters."""
        words = self._sorted
        found = []
        for i in range(bisect.bisect_right(words, prefix), len(words)):
            word = words[i]
            if not word.startswith(prefix):
                break
            if len(word) - len(prefix) <= max_extra:
                found.append(word)
        return found


class SortedWords:
    """A sorted table of distinct words, kept as one newline-joined string and split into
    strings a block of BLOCK words at a time, on a block's first look-up: a run that looks up a
    few hundred words (a one-file run) never builds the 300,000 strings of the table (20 ms),
    and one that looks up many pays one more bisection per look-up."""

    BLOCK = 256

    def __init__(self, joined: str, starts: Sequence[int]) -> None:
        """``starts``: the offset (code points) in ``joined`` of words 0, BLOCK, 2·BLOCK, ..."""
        self._joined = joined
        self._starts = starts
        self._ends = [s - 1 for s in starts[1:]] + [len(joined)]
        #: The first word of each block.
        self._heads = []
        for start, end in zip(starts, self._ends):
            cut = joined.find("\n", start, end)
            self._heads.append(joined[start : cut if cut >= 0 else end])
        self._blocks: dict[int, list[str]] = {}

    @classmethod
    def of(cls, words: Sequence[str]) -> SortedWords:
        """The table of ``words`` (sorted, distinct, none holding a newline)."""
        starts, pos = [], 0
        for i, word in enumerate(words):
            if i % cls.BLOCK == 0:
                starts.append(pos)
            pos += len(word) + 1
        return cls("\n".join(words), starts)

    @classmethod
    def checked(cls, joined: str, starts: Sequence[int]) -> SortedWords | None:
        """The table, or None unless ``starts`` cuts ``joined`` into blocks of BLOCK words (the
        last one at most BLOCK, none empty)."""
        if not joined or not starts or starts[0] != 0:
            return None
        bounds = [*starts, len(joined) + 1]
        for k in range(len(starts)):
            begin, end = bounds[k], bounds[k + 1]
            if not begin < end <= len(joined) + 1 or (k and joined[begin - 1] != "\n"):
                return None
            newlines = joined.count("\n", begin, end - 1)
            if newlines + 1 != cls.BLOCK and (k + 1 < len(starts) or newlines + 1 > cls.BLOCK):
                return None
        return cls(joined, starts)

    def __len__(self) -> int:
        return (len(self._starts) - 1) * self.BLOCK + len(self._block(len(self._starts) - 1)) if self._starts else 0

    def _block(self, k: int) -> list[str]:
        block = self._blocks.get(k)
        if block is None:
            block = self._blocks[k] = self._joined[self._starts[k] : self._ends[k]].split("\n")
        return block

    def index(self, word: str) -> int:
        """The position of ``word`` in the table, or -1."""
        k = bisect.bisect_right(self._heads, word) - 1
        if k < 0:
            return -1
        block = self._block(k)
        j = bisect.bisect_left(block, word)
        return k * self.BLOCK + j if j < len(block) and block[j] == word else -1

    def words(self) -> list[str]:
        """Every word, in order."""
        return [w for k in range(len(self._starts)) for w in self._block(k)]

    def encoded(self) -> tuple[str, bytes]:
        """The joined string and the block starts (array of int64), as the cache stores them."""
        return self._joined, array.array("q", self._starts).tobytes()


def load_lexicon() -> Lexicon:
    """Load the merged lexicon from the user cache, building it when the cache is cold or unusable."""
    path = cache_dir() / f"lexicon-{_FORMAT}-{_versions()}.bin"
    lexicon = _read_cache(path)
    if lexicon is None:
        lexicon = Lexicon.from_tables(*_build())
        data = _encode(lexicon)
        if data is not None:
            cachefile.write(path, data)
    return lexicon


def _encode(lexicon: Lexicon) -> bytes | None:
    """The cache file of ``lexicon`` (None if a word holds a newline, which the layout cannot)."""
    tables = [lexicon._words, lexicon._sorted, sorted(lexicon.known)]
    if any("\n" in word for table in tables for word in table):
        return None
    _, curated, known = ("\n".join(table) for table in tables)
    words, starts = lexicon._table.encoded()
    zipfs = array.array("d", lexicon._zipfs).tobytes()
    return cachefile.encode(_MAGIC, (words, starts, zipfs, curated, known, lexicon.longest))


def _read_cache(path: Path) -> Lexicon | None:
    """The cached lexicon, or None when the file is missing, damaged, of another shape or not ours."""
    tables = cachefile.read(path, _MAGIC)
    if not (isinstance(tables, tuple) and len(tables) == 6):
        return None
    joined, starts, zipfs, curated, known, longest = tables
    if not ({type(joined), type(curated), type(known)} == {str} and {type(starts), type(zipfs)} == {bytes}
            and type(longest) is int):
        return None
    offsets = array.array("q")
    if len(starts) % offsets.itemsize:
        return None
    offsets.frombytes(starts)
    words = SortedWords.checked(joined, offsets)
    values = array.array("d")
    if words is None or len(zipfs) != len(words) * values.itemsize:
        return None
    values.frombytes(zipfs)
    if not math.isfinite(sum(values)):  # a NaN or an infinity anywhere makes the sum one
        return None
    return Lexicon(words, values, _split(curated), frozenset(_split(known)), longest)


def _split(table: str) -> list[str]:
    """The words of a newline-joined table ([] for an empty one)."""
    return table.split("\n") if table else []


#: The files the lexicon is built from: (package, file inside it).
_SOURCES = (("wordfreq", "data/large_en.msgpack.gz"), ("symspellpy", "frequency_dictionary_en_82_765.txt"))


def _versions() -> str:
    """A key of the installed source files (path, size, modification time), found without
    importing their packages: importlib.metadata alone cost 30 ms of a warm one-file run."""
    parts = []
    for package, name in _SOURCES:
        spec = importlib.util.find_spec(package)
        folders = spec.submodule_search_locations if spec is not None else None
        path = Path(list(folders)[0], name) if folders else None
        try:
            st = path.stat() if path is not None else None
        except OSError:
            st = None
        parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}" if st is not None else f"{package}:missing")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _build() -> tuple[dict[str, float], frozenset[str]]:
    import wordfreq  # slow to import; only needed when the cache is cold

    freqs = wordfreq.get_frequency_dict("en", wordlist="best")
    zipf = {w: round(math.log10(f * 1e9), 2) for w, f in freqs.items() if w.isalpha()}
    from importlib import resources  # imports tempfile and more: only when the cache is cold

    listing = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    curated = frozenset(
        line.split(" ", 1)[0] for line in listing.read_text(encoding="utf-8").splitlines() if line
    )
    return zipf, curated


def _known(zipf: dict[str, float], curated: frozenset[str]) -> frozenset[str]:
    """The words ``is_word`` accepts: curated ones and common ones."""
    return curated | {w for w, z in zipf.items() if z >= COMMON_ZIPF}
