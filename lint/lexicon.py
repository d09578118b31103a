"""The English lexicon: which words exist and how common they are (wordfreq + SymSpell's list).

Two registry packages supply it, so nothing is downloaded at run time:

* symspellpy's ``frequency_dictionary_en_82_765.txt`` (MIT): 82,765 words, the
  intersection of SCOWL and Google Books n-grams. It contains no misspellings, so
  it decides what is a *word* and which corrections may be suggested.
* wordfreq (Apache-2.0 code, CC BY-SA 4.0 data): Zipf frequencies for 320,000
  tokens of real usage. Its list also holds common misspellings ("goverment" has
  Zipf 2.66), so it only ranks candidates and admits frequent words (Zipf >= 3.3)
  that the curated list lacks ("caliber").

The merged table is cached in the user cache as one flat file that the compiled core reads and
checks (``lint._core.WordTable``, core/src/lexicon.rs) in a few milliseconds; look-ups run there
too, so a run never builds Python sets or lists of the 300,000 words (that took 50-80 ms of a
one-file run, and JSON had taken 1.0 s).
"""

from __future__ import annotations

import importlib.util
import math
import os
from collections.abc import Iterable
from pathlib import Path

from lint import cachefile
from lint._core import WordTable, lexicon_bytes
from lint.paths import cache_dir

#: Zipf frequency at or above which a wordfreq token counts as a word even if uncurated.
COMMON_ZIPF = 3.3
#: The layout of the cache file (its name holds it; the file itself starts with the core's own tag).
_FORMAT = 6
#: Flags of a word in the table (core/src/lexicon.rs).
_CURATED, _KNOWN, _LISTED = 1, 2, 4


class Lexicon:
    """Word lookups in lowercase. ``zipf`` is log10 of occurrences per billion words (0 = unseen)."""

    def __init__(self, table: WordTable) -> None:
        self._table = table
        #: Every word ``is_word`` accepts, lowercase, as a set: ``word in known`` and
        #: ``words - known`` (a set or frozenset of words) run in the compiled core.
        self.known = table.known()
        #: Length of the longest curated word: nothing longer than this plus one is one edit from one.
        self.longest: int = table.longest

    @classmethod
    def from_tables(cls, zipf: dict[str, float], curated: frozenset[str]) -> Lexicon:
        """A lexicon from a word -> Zipf table (values with two decimals) and the curated words."""
        return cls(WordTable.from_bytes(_encode(zipf, curated)))

    @property
    def _words(self) -> list[str]:
        """wordfreq's words, sorted (for tests)."""
        return self._table.words()

    def zipf(self, word: str) -> float:
        return self._table.zipf(word.lower())

    def is_word(self, word: str) -> bool:
        """True for a curated word or a common one (Zipf >= COMMON_ZIPF)."""
        return word.lower() in self.known

    def common(self, word: str, floor: float) -> bool:
        """True for a word of the lexicon (``is_word``) at least ``floor`` frequent (Zipf)."""
        return self.zipf(word) >= floor and self.is_word(word)

    def is_curated(self, word: str) -> bool:
        """True for a word of the curated list, the only words offered as corrections."""
        return self._table.is_curated(word.lower())

    def curated_zipfs(self, words: Iterable[str]) -> list[tuple[float, str]]:
        """(Zipf, word) for each curated word among lowercase ``words`` (``is_curated``), in
        their order; one call into the compiled core for them all."""
        return self._table.curated_zipfs(words)

    def completions(self, prefix: str, max_extra: int) -> list[str]:
        """Curated words that extend lowercase ``prefix`` by 1 to ``max_extra`` letters."""
        return self._table.completions(prefix, max_extra)


#: Lexicon files kept in the cache (one per install of the word lists, 6 MB each): the newest.
KEEP_TABLES = 4


def load_lexicon() -> Lexicon:
    """Load the merged lexicon from the user cache, building it when the cache is cold or unusable."""
    path = cache_dir() / f"lexicon-{_FORMAT}-{_versions()}.bin"
    table = _read_cache(path)
    if table is None:
        data = _encode(*_build())
        cachefile.write(path, data)
        cachefile.prune(path, KEEP_TABLES)
        table = WordTable.from_bytes(data)
    return Lexicon(table)


def _encode(zipf: dict[str, float], curated: frozenset[str]) -> bytes:
    """The table of the lexicon (the cache file's bytes): every word of either list, sorted, with
    its Zipf value (in hundredths, exact for wordfreq's two decimals) and flags."""
    words = sorted(zipf.keys() | curated)
    hundredths = [round(zipf.get(w, 0.0) * 100) for w in words]
    if any(h / 100 != zipf[w] for w, h in zip(words, hundredths) if w in zipf) or min(hundredths, default=0) < 0:
        raise ValueError("the lexicon's Zipf values must be non-negative with two decimals")
    flags = [(_CURATED if w in curated else 0) | (_KNOWN if w in curated or zipf.get(w, 0.0) >= COMMON_ZIPF else 0)
             | (_LISTED if w in zipf else 0) for w in words]
    return lexicon_bytes(words, hundredths, flags, max(map(len, curated), default=0))


def _read_cache(path: Path) -> WordTable | None:
    """The cached table, or None when the file is missing, damaged, of another layout or not
    private to this user (``cachefile.private``)."""
    try:
        with path.open("rb") as fh:
            if not cachefile.private(os.fstat(fh.fileno())):
                return None
            return WordTable.read(fh.fileno())
    except OSError:
        return None


#: The files the lexicon is built from: (package, file inside it).
_SOURCES = (("wordfreq", "data/large_en.msgpack.gz"), ("symspellpy", "frequency_dictionary_en_82_765.txt"))


def _versions() -> str:
    """A key of the installed source files (size and modification time in nanoseconds, in hex;
    ``0`` for a missing one), found without importing their packages: importlib.metadata alone
    cost 30 ms of a warm one-file run. The key is the data itself, no digest: two installs of
    the word lists can share a name only with both files of the same size written in the same
    nanosecond."""
    parts = []
    for package, name in _SOURCES:
        spec = importlib.util.find_spec(package)
        folders = spec.submodule_search_locations if spec is not None else None
        path = Path(list(folders)[0], name) if folders else None
        try:
            st = path.stat() if path is not None else None
        except OSError:
            st = None
        parts.append(f"{st.st_size:x}.{st.st_mtime_ns:x}" if st is not None else "0")
    return "-".join(parts)


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
