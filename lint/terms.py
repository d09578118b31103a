"""Technical vocabulary: the software terms of cspell's MIT-licensed word lists, fetched once.

Documentation uses words no English lexicon lists ('ctor', 'memoize', 'inlined', 'Bazel',
'makefile'); the project vocabulary learned from the checked files (lint.learned) only knows
those that the files use often or in code. cspell, a spell checker for code, keeps such words in
dictionaries published on npm. ``install`` fetches the pinned packages below from the npm
registry, checks each tarball against its published sha512 integrity, and writes their words,
one per line, to ``terms_file()`` in typolint's cache; ``load`` reads them back as ``Terms``
(matched in any case, as cspell does by default, and with a few endings). Nothing is fetched while checking.

    typolint terms install     # fetch (idempotent; lint.terms_commands); ``make install`` runs it
    typolint terms path        # where the words are
    typolint terms uninstall   # remove them
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass
from pathlib import Path

from lint.errors import EngineError
from lint.paths import cache_dir

REGISTRY = "https://registry.npmjs.org"


@dataclass(frozen=True)
class Source:
    """One npm package of word lists: name, pinned version, dist.integrity, licence, and the
    word-list files inside it (paths under ``package/``; ``.gz`` ones are gunzipped)."""

    name: str
    version: str
    integrity: str
    licence: str
    files: tuple[str, ...]
    #: Shortest entry kept: lists of identifiers hold abbreviations that are also slips of
    #: common words ('stat', 'strs', 'rset', 'imag', 'plac').
    min_length: int = 1

    @property
    def url(self) -> str:
        return f"{REGISTRY}/{self.name}/-/{self.name.split('/')[-1]}-{self.version}.tgz"


SOURCES = (
    Source("@cspell/dict-software-terms", "5.4.9",
           "sha512-bB5L+OGW0F8Vt83j0XFcMEWCbCNqquLgjlQjm/iCp1jcYi/pQbqDLkXIPbINgbeG0vRqiu5yCPDFCsv4Qb6miQ==", "MIT",
           ("dict/softwareTerms.txt.gz", "dict/software-tools.txt", "dict/computing-acronyms.txt",
            "dict/networkingTerms.txt", "dict/webServices.txt", "dict/software-terms-alternative.txt")),
    Source("@cspell/dict-fullstack", "3.2.9",
           "sha512-diZX+usW5aZ4/b2T0QM/H/Wl9aNMbdODa1Jq0ReBr/jazmNeWjd+PyqeVgzd1joEaHY+SAnjrf/i9CwKd2ZtWQ==", "MIT",
           ("dict/fullstack.txt",)),
    Source("@cspell/dict-python", "4.5.3",
           "sha512-I226HEEJW4fleE0HMxRaecnzcJICFK6TOqIjqVkOJZzaVZTTjE7fojM+f5XECAwhf4BImW7HVOKMu4rMtza6ZA==", "MIT",
           ("dict/python.txt", "dict/python-common.txt"), min_length=5),
)
#: A line of a word list that is one word: letters first, then letters, digits, apostrophes,
#: hyphens or dots ('Node.js', "git's"). cspell's markers ('!' forbidden, '*' and '+' compound
#: parts, '~' accent-free) and anything else are left out.
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'.-]*[A-Za-z0-9]")
#: Seconds a registry download may take.
TIMEOUT = 60


def terms_file() -> Path:
    """The installed word list: ``$TYPOLINT_TERMS`` or ``<cache>/terms/<versions>.txt``."""
    override = os.environ.get("TYPOLINT_TERMS")
    if override:
        return Path(override)
    key = "-".join(f"{s.name.split('/')[-1]}-{s.version}" for s in SOURCES)
    return cache_dir() / "terms" / f"{key}.txt"


def install(echo=print) -> Path:
    """Fetch every source (unless installed), verify it, and write the word list; its path."""
    target = terms_file()
    if target.is_file():
        echo(f"technical vocabulary already installed: {target}")
        return target
    words: set[str] = set()
    for source in SOURCES:
        echo(f"fetching {source.name} {source.version} ({source.licence})")
        words.update(_words(_download(source), source))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_text("".join(f"{w}\n" for w in sorted(words)), encoding="utf-8")
    partial.replace(target)  # atomic: a reader sees the whole list or none
    echo(f"technical vocabulary: {len(words)} words in {target}")
    return target


def _download(source: Source) -> bytes:
    """The package tarball, checked against its sha512 integrity."""
    import base64
    import hashlib
    import urllib.request  # 17 ms: only when installing

    try:
        with urllib.request.urlopen(source.url, timeout=TIMEOUT) as response:
            data = response.read()
    except OSError as exc:
        raise EngineError(f"cannot fetch {source.url}: {exc}") from None
    algorithm, _, digest = source.integrity.partition("-")
    if base64.b64encode(hashlib.new(algorithm, data).digest()).decode() != digest:
        raise EngineError(f"{source.url}: the download does not match its {algorithm} integrity")
    return data


def _words(tarball: bytes, source: Source) -> set[str]:
    """The words of ``source``'s word-list files in ``tarball``."""
    import gzip
    import io
    import tarfile

    words: set[str] = set()
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for name in source.files:
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise EngineError(f"{source.url}: no {name} in the package")
            raw = member.read()
            text = (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8")
            words.update(w for w in parse(text) if len(w) >= source.min_length)
    return words


def parse(text: str) -> set[str]:
    """The words of one cspell word list: one per line, '#' starts a comment."""
    found = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return {w for w in found if _WORD.fullmatch(w)}


#: Endings a term takes in prose ('ctors', "ctor's", 'memoized', 'memoizing'); fewer than a
#: project vocabulary's (lint.words.INFLECTIONS): with '-er' a short term would accept slips of
#: common words ('auth' + 'ers': 'Authers' for 'Authors').
ENDINGS = ("s", "'s", "’s", "es", "d", "ed", "ing")
#: Endings before which a term's final 'e' drops ('memoize' + 'ed' -> 'memoized'): only
#: these; with the others a term ending in 'e' would accept slips ('leave': 'leavs', 'notice':
#: 'noticd', 'minute': 'Minuts').
E_DROPPING = ("ed", "ing")
#: Shortest term an ending may follow.
MIN_STEM = 4
#: Shortest singular accepted for a term that is a plural ('traitlet' of 'traitlets', 'kwarg'
#: of 'kwargs'); shorter ones would accept slips ('stat' of 'stats' is a slip of 'start').
MIN_SINGULAR = 6


class Terms:
    """The software terms, matched in any case as cspell matches them by default ('Bazel' and
    the command 'bazel', 'ctor' and 'Ctor'), each also with one of ``ENDINGS``."""

    def __init__(self, words: Iterable[str]) -> None:
        self.folded = frozenset(w.lower() for w in words)

    def accepts(self, word: str, known: Container[str] | None = None) -> bool:
        """True when ``word`` (one token) is a term, a term with one of ``ENDINGS``, or the
        singular of a term that is a plural: MIN_SINGULAR letters or more, or, given ``known``
        (lowercase English words), a lowercase one of MIN_STEM letters or more whose plural is no
        English word: 'kwarg' of 'kwargs'; not 'stat' of 'stats' nor 'acces' of 'access', which
        are English, nor a Capitalised 'Enver' (a slip of 'never' beside 'envers')."""
        if self._known(word) or self._singular(word, known):
            return True
        for ending in ENDINGS:
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= MIN_STEM and (
                    self._known(stem) or (ending in E_DROPPING and self._known(stem + "e"))):
                return True
        return False

    def accepts_compound(self, word: str, known: Container[str]) -> bool:
        """True for a hyphenated compound of two or three parts, each a term as listed or a
        word in ``known`` (lowercase English words) and one a term that is no English word
        ('printf-style', 'hiredis-based'; 'printf-stlye' and 'well-konwn' are not, nor
        'sub-childs', whose 'childs' is the term 'child' with an ending)."""
        parts = word.split("-")
        if not 2 <= len(parts) <= 3 or not all(p.isalpha() for p in parts):
            return False
        term = [p.lower() not in known and self._known(p) for p in parts]
        return any(term) and all(t or p.lower() in known for t, p in zip(term, parts))

    def _singular(self, word: str, known: Container[str] | None) -> bool:
        """The singular case of ``accepts``."""
        plural = word + "s"
        if not self._known(plural):
            return False
        return len(word) >= MIN_SINGULAR or (
            known is not None and len(word) >= MIN_STEM and word.isalpha() and word.islower() and plural not in known)

    def _known(self, word: str) -> bool:
        return word.lower() in self.folded


@functools.lru_cache(maxsize=1)
def load() -> Terms | None:
    """The installed technical vocabulary, or None when ``typolint terms install`` has not run."""
    try:
        text = terms_file().read_text(encoding="utf-8")
    except OSError:
        return None
    return Terms(text.split())

