"""The English lexicon: which words exist and how common they are (wordfreq + SymSpell's list).

Two registry packages supply it, so nothing is downloaded at run time:

* symspellpy's ``frequency_dictionary_en_82_765.txt`` (MIT): 82,765 words, the
  intersection of SCOWL and Google Books n-grams. It contains no misspellings, so
  it decides what is a *word* and which corrections may be suggested.
* wordfreq (Apache-2.0 code, CC BY-SA 4.0 data): Zipf frequencies for 320,000
  tokens of real usage. Its list also holds common misspellings ("goverment" has
  Zipf 2.66), so it only ranks candidates and admits frequent words (Zipf >= 3.3)
  that the curated list lacks ("caliber").

The merged table is cached as JSON in the user cache so that later runs load fast. JSON, not
pickle: a cache can be shared or restored (CI caches), and loading it must never run code.
A cache that is damaged, of another shape, or not private to the user is rebuilt, never trusted.
"""

from __future__ import annotations

import json
import bisect
import math
import os
import stat
import tempfile
from importlib import metadata, resources
from pathlib import Path

from lint.paths import cache_dir

#: Zipf frequency at or above which a wordfreq token counts as a word even if uncurated.
COMMON_ZIPF = 3.3
_FORMAT = 3


class Lexicon:
    """Word lookups in lowercase. ``zipf`` is log10 of occurrences per billion words (0 = unseen)."""

    def __init__(self, zipf: dict[str, float], curated: frozenset[str], known: frozenset[str]) -> None:
        self._zipf = zipf
        self._curated = curated
        #: Every word ``is_word`` accepts, lowercase: set operations on it run at C speed.
        self.known = known
        #: Length of the longest curated word: nothing longer than this plus one is one edit from one.
        self.longest = max(map(len, curated), default=0)
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
    """Load the merged lexicon from the user cache, building it when the cache is cold or unusable."""
    path = cache_dir() / f"lexicon-{_FORMAT}-{_versions()}.json"
    parts = _read_cache(path)
    if parts is None:
        parts = _build()
        zipf, curated, _ = parts
        payload = {"format": _FORMAT, "zipf": zipf, "curated": sorted(curated)}
        _write_atomic(path, json.dumps(payload, separators=(",", ":")).encode("utf-8"))
    return Lexicon(*parts)


def _read_cache(path: Path) -> tuple[dict[str, float], frozenset[str], frozenset[str]] | None:
    """The cached tables, or None when the file is missing, damaged, of another shape or not ours."""
    try:
        with path.open("rb") as fh:
            if not _private(os.fstat(fh.fileno())):
                return None
            payload = json.loads(fh.read())
    except (OSError, ValueError):  # ValueError covers JSON and UTF-8 errors
        return None
    if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
        return None
    zipf, curated = payload.get("zipf"), payload.get("curated")
    if not isinstance(zipf, dict) or not isinstance(curated, list):
        return None
    if not all(type(z) in (int, float) and math.isfinite(z) for z in zipf.values()):
        return None
    if not all(type(w) is str for w in curated):
        return None
    return zipf, frozenset(curated), _known(zipf, frozenset(curated))


def _private(st: os.stat_result) -> bool:
    """True for a regular file owned by this user that nobody else may write."""
    owned = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return stat.S_ISREG(st.st_mode) and owned and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


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
    return zipf, curated, _known(zipf, curated)


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
