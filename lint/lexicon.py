"""The English lexicon: which words exist and how common they are (wordfreq + SymSpell's list).

Two registry packages supply it, so nothing is downloaded at run time:

* symspellpy's ``frequency_dictionary_en_82_765.txt`` (MIT): 82,765 words, the
  intersection of SCOWL and Google Books n-grams. It contains no misspellings, so
  it decides what is a *word* and which corrections may be suggested.
* wordfreq (Apache-2.0 code, CC BY-SA 4.0 data): Zipf frequencies for 320,000
  tokens of real usage. Its list also holds common misspellings ("goverment" has
  Zipf 2.66), so it only ranks candidates and admits frequent words (Zipf >= 3.3)
  that the curated list lacks ("caliber").

The merged tables are cached in the user cache in a compact form that loads in about a
tenth of the time JSON took (0.1 s against 1.0 s; the lexicon was most of a warm one-file run):
sorted word tuples and the Zipf values, written with ``marshal`` behind a format tag and a
SHA-256 digest of the payload. ``marshal`` only builds data (unlike pickle it never runs code),
and a file whose digest does not match (damaged, cut short) never reaches it; a file that is
not private to the user, of another format or of another shape is rebuilt, never trusted.
"""

from __future__ import annotations

import bisect
import hashlib
import marshal
import math
import os
import stat
import tempfile
import importlib.util
from importlib import resources
from pathlib import Path

from lint.paths import cache_dir

#: Zipf frequency at or above which a wordfreq token counts as a word even if uncurated.
COMMON_ZIPF = 3.3
_FORMAT = 4
#: First bytes of a cache file: the format, so another version's file is never misread.
_MAGIC = b"typolint-lexicon-%d\n" % _FORMAT
_DIGEST = hashlib.sha256().digest_size


class Lexicon:
    """Word lookups in lowercase. ``zipf`` is log10 of occurrences per billion words (0 = unseen).

    Built from sorted tuples, as the cache stores them: the Zipf table is looked up by
    bisection instead of a 320,000-entry dict, whose construction alone cost 0.2 s per run.
    """

    def __init__(self, words: tuple[str, ...], zipfs: tuple[float, ...], curated: tuple[str, ...],
                 known: frozenset[str]) -> None:
        """``words``: wordfreq's words, sorted, with ``zipfs`` their Zipf values; ``curated``
        sorted; ``known``: the words ``is_word`` accepts."""
        self._words = words
        self._zipfs = zipfs
        self._sorted = curated
        self._curated = frozenset(curated)
        #: Every word ``is_word`` accepts, lowercase: set operations on it run at C speed.
        self.known = known
        #: Length of the longest curated word: nothing longer than this plus one is one edit from one.
        self.longest = max(map(len, curated), default=0)

    @classmethod
    def from_tables(cls, zipf: dict[str, float], curated: frozenset[str]) -> Lexicon:
        """A lexicon from a word -> Zipf table and the curated words."""
        words = tuple(sorted(zipf))
        return cls(words, tuple(zipf[w] for w in words), tuple(sorted(curated)), _known(zipf, curated))

    def zipf(self, word: str) -> float:
        low = word.lower()
        i = bisect.bisect_left(self._words, low)
        return self._zipfs[i] if i < len(self._words) and self._words[i] == low else 0.0

    def is_word(self, word: str) -> bool:
        """True for a curated word or a common one (Zipf >= COMMON_ZIPF)."""
        return word.lower() in self.known

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


def load_lexicon() -> Lexicon:
    """Load the merged lexicon from the user cache, building it when the cache is cold or unusable."""
    path = cache_dir() / f"lexicon-{_FORMAT}-{_versions()}.bin"
    lexicon = _read_cache(path)
    if lexicon is None:
        lexicon = Lexicon.from_tables(*_build())
        _write_atomic(path, _encode(lexicon))
    return lexicon


def _encode(lexicon: Lexicon) -> bytes:
    """The cache file of ``lexicon``: format tag, SHA-256 of the payload, marshalled payload."""
    shared: dict[float, float] = {}
    # One float object per distinct value (a few hundred), so marshal writes references.
    zipfs = tuple(shared.setdefault(z, z) for z in lexicon._zipfs)
    payload = marshal.dumps((lexicon._words, zipfs, lexicon._sorted, tuple(sorted(lexicon.known))))
    return _MAGIC + hashlib.sha256(payload).digest() + payload


def _read_cache(path: Path) -> Lexicon | None:
    """The cached lexicon, or None when the file is missing, damaged, of another shape or not ours."""
    try:
        with path.open("rb") as fh:
            if not _private(os.fstat(fh.fileno())):
                return None
            data = fh.read()
    except OSError:
        return None
    head = len(_MAGIC) + _DIGEST
    if not data.startswith(_MAGIC) or hashlib.sha256(memoryview(data)[head:]).digest() != data[len(_MAGIC) : head]:
        return None
    try:
        tables = marshal.loads(memoryview(data)[head:])
    except (ValueError, EOFError, TypeError):
        return None
    if not (isinstance(tables, tuple) and len(tables) == 4 and all(type(t) is tuple for t in tables)):
        return None
    words, zipfs, curated, known = tables
    # Type checks at C speed (a set of the element types): a payload of any other shape is rebuilt.
    if len(words) != len(zipfs) or not {str} >= {*map(type, words), *map(type, curated), *map(type, known)}:
        return None
    if not {float} >= set(map(type, zipfs)) or not all(map(math.isfinite, zipfs)):
        return None
    return Lexicon(words, zipfs, curated, frozenset(known))


def _private(st: os.stat_result) -> bool:
    """True for a regular file owned by this user that nobody else may write."""
    owned = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return stat.S_ISREG(st.st_mode) and owned and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


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
    listing = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    curated = frozenset(
        line.split(" ", 1)[0] for line in listing.read_text(encoding="utf-8").splitlines() if line
    )
    return zipf, curated


def _known(zipf: dict[str, float], curated: frozenset[str]) -> frozenset[str]:
    """The words ``is_word`` accepts: curated ones and common ones."""
    return curated | {w for w, z in zipf.items() if z >= COMMON_ZIPF}


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a cache file atomically; a cache that cannot be written is not an error."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".lexicon-")  # mode 0600
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        pass
