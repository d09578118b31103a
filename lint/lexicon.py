"""The English lexicon: which words exist and how common they are (wordfreq + SymSpell's list).

Two registry packages supply it, so nothing is downloaded at run time:

* symspellpy's ``frequency_dictionary_en_82_765.txt`` (MIT): 82,765 words, the
  intersection of SCOWL and Google Books n-grams. It contains no misspellings, so
  it decides what is a *word* and which corrections may be suggested.
* wordfreq (Apache-2.0 code, CC BY-SA 4.0 data): Zipf frequencies for 320,000
  tokens of real usage. Its list also holds common misspellings ("goverment" has
  Zipf 2.66), so it only ranks candidates and admits frequent words (Zipf >= 3.3)
  that the curated list lacks ("caliber").

The merged table is pickled into the user cache so that later runs load in milliseconds.
"""

from __future__ import annotations

import bisect
import math
import os
import pickle
import tempfile
from importlib import metadata, resources
from pathlib import Path

from lint.paths import cache_dir

#: Zipf frequency at or above which a wordfreq token counts as a word even if uncurated.
COMMON_ZIPF = 3.3
_FORMAT = 2


class Lexicon:
    """Word lookups in lowercase. ``zipf`` is log10 of occurrences per billion words (0 = unseen)."""

    def __init__(self, zipf: dict[str, float], curated: frozenset[str], known: frozenset[str]) -> None:
        self._zipf = zipf
        self._curated = curated
        #: Every word ``is_word`` accepts, lowercase: set operations on it run at C speed.
        self.known = known
        self._sorted: list[str] | None = None

    def zipf(self, word: str) -> float:
        return self._zipf.get(word.lower(), 0.0)

    def is_word(self, word: str) -> bool:
        """True for a curated word or a common one (Zipf >= COMMON_ZIPF)."""
        return word.lower() in self.known

    def is_curated(self, word: str) -> bool:
        """True for a word of the curated list, the only words offered as corrections."""
        return word.lower() in self._curated

    def completions(self, prefix: str, max_extra: int) -> list[str]:
        """Curated words that extend lowercase ``prefix`` by 1 to ``max_extra`` letters."""
        if self._sorted is None:
            self._sorted = sorted(self._curated)
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
    """Load the merged lexicon from the user cache, building it on first use."""
    path = cache_dir() / f"lexicon-{_FORMAT}-{_versions()}.pickle"
    try:
        with path.open("rb") as fh:
            return Lexicon(*pickle.load(fh))
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        pass
    parts = _build()
    _write_atomic(path, pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL))
    return Lexicon(*parts)


def _versions() -> str:
    return "-".join(metadata.version(name) for name in ("wordfreq", "symspellpy"))


def _build() -> tuple[dict[str, float], frozenset[str], frozenset[str]]:
    import wordfreq  # slow to import; only needed when the cache is cold

    freqs = wordfreq.get_frequency_dict("en", wordlist="best")
    zipf = {w: round(math.log10(f * 1e9), 2) for w, f in freqs.items() if w.isalpha()}
    listing = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    curated = frozenset(
        line.split(" ", 1)[0] for line in listing.read_text(encoding="utf-8").splitlines() if line
    )
    known = curated | {w for w, z in zipf.items() if z >= COMMON_ZIPF}
    return zipf, curated, frozenset(known)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a cache file atomically; a cache that cannot be written is not an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".lexicon-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        pass
