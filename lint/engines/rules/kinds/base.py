"""What every rule kind shares: its option schema, the match it yields, and the run context."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar, NamedTuple

import regex

from lint._core import letter_pieces, letter_runs
from lint.lexicon import Lexicon
from lint.source import TextSource, paragraph_spans
from lint.words import Vocabulary, lowercase_words

@functools.cache
def _address() -> regex.Pattern:
    """Things that look like words but are addresses or identifiers: URLs, e-mail addresses,
    paths, and dotted names such as file names, domains and versions ("report.odt"). Compiled
    on first use: a text with no flagged word never needs it (a few ms of a one-file run)."""
    return regex.compile(
        r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+|\S+/\S+|[\w-]+(?:\.[\w-]+)+"
        r"|(?<![\w.])\.[a-z][\w.-]*",  # dotfiles: .config, .syncignore
        regex.I,
    )


#: Most entries a kind's cache of verdicts holds (one per distinct word). A full cache is
#: emptied and later words are decided again, the same way: memory stays bounded on a corpus
#: of any size (distinct words keep coming), and no finding changes.
MAX_CACHED_VERDICTS = 200_000


def bounded(cache: dict) -> dict:
    """``cache``, emptied first when it holds ``MAX_CACHED_VERDICTS`` entries (to add one)."""
    if len(cache) >= MAX_CACHED_VERDICTS:
        cache.clear()
    return cache


class RuleDefinitionError(ValueError):
    """An option value a kind rejects; the loader adds the file, line and key."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True, slots=True)
class Option:
    """One kind-specific key of a rule file: its Python type, default and whether it is required."""

    type: type | tuple[type, ...]
    default: Any = None
    required: bool = False
    doc: str = ""


#: The ``detail`` of a match without extra fields (read-only, as it is shared).
NO_DETAIL: Mapping[str, str] = MappingProxyType({})


class Match(NamedTuple):
    """A kind's raw match: a half-open span of the checked text (code points) and its details.

    Immutable; a named tuple, as a run makes one per finding (see lint.model.Hit).
    """

    start: int
    end: int
    suggestions: tuple[str, ...] = ()
    #: Extra fields for the message template besides {match} and {suggestion}.
    detail: Mapping[str, str] = NO_DETAIL
    safe_fix: bool = False


@dataclass(slots=True)
class Context:
    """What a kind may use while checking: the lexicon (loaded on first use), vocabulary and time limit."""

    lexicon_loader: Callable[[], Lexicon]
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    #: Seconds a user rule that backtracks may run on one file (the engine's hard budget).
    timeout: float = 2.0
    #: The ``timeout`` a kind passes to the ``regex`` module, or None for no limit; the engine
    #: sets it while a budgeted rule runs (a backstop for when no timer signal can be used).
    scan_timeout: float | None = None
    _lexicon: Lexicon | None = None
    _words: Words | None = None

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = self.lexicon_loader()
        return self._lexicon

    def words(self, text: str) -> Words:
        """The words of ``text``, tokenised once and shared by every word-level kind that runs on it."""
        if self._words is None or self._words.text is not text:
            self._words = Words(text)
        return self._words

    def share(self, source: TextSource) -> None:
        """Start on a new text: its words are found afresh, its paragraph spans are the source's
        own (found once per file, shared with the filters and LanguageTool)."""
        self._words = Words(source.text, source.paragraphs)

    def paragraphs(self, text: str) -> list[tuple[int, int]]:
        """Half-open spans (code points) of the paragraphs of ``text`` (shared, see ``words``)."""
        return self.words(text).paragraphs

    def accepted(self, word: str) -> bool:
        """True for a vocabulary word or one of its inflections."""
        return self.vocabulary.accepts(word)


class Words:
    """One text's runs of ASCII letters (``[A-Za-z]+``) with their counts, found in one pass of the
    compiled core (``lint._core.letter_runs``): every word-level kind's tokens are runs or pieces of runs.

    The kinds derive their own tokens from the distinct runs (a few thousand) instead of each
    scanning the text again: the lowercase runs, the Capitalised runs, the pieces of a run
    that ``[A-Za-z][a-z]+`` finds. Positions are never taken from here; a kind locates the few
    words it flags with its own tokenizer.
    """

    def __init__(self, text: str, paragraphs: Callable[[], list[tuple[int, int]]] | None = None) -> None:
        """``paragraphs``: returns the text's paragraph spans, when someone already keeps them."""
        self.text = text
        self._find_paragraphs = paragraphs
        self._runs: dict[str, int] | None = None
        self._pieces: dict[str, int] | None = None
        self._lowercase: frozenset[str] | None = None
        self._folded: frozenset[str] | None = None
        self._paragraphs: list[tuple[int, int]] | None = None

    @property
    def runs(self) -> dict[str, int]:
        """Run of letters -> how often it occurs (in the order of first occurrence)."""
        if self._runs is None:
            self._runs = letter_runs(self.text)
        return self._runs

    @property
    def pieces(self) -> dict[str, int]:
        """Pieces of words that ``[A-Za-z][a-z]+`` finds (a letter, then lowercase letters) -> how
        often each occurs: within a run of letters, the ASCII words, lowercase or Capitalised."""
        if self._pieces is None:
            self._pieces = letter_pieces(self.text)
        return self._pieces

    @property
    def paragraphs(self) -> list[tuple[int, int]]:
        """``lint.source.paragraph_spans`` of the text, found once for every kind that needs them."""
        if self._paragraphs is None:
            self._paragraphs = self._find_paragraphs() if self._find_paragraphs else paragraph_spans(self.text)
        return self._paragraphs

    @property
    def folded(self) -> frozenset[str]:
        """The distinct runs, lowercased."""
        if self._folded is None:
            self._folded = frozenset(map(str.lower, self.runs))
        return self._folded

    @property
    def lowercase(self) -> frozenset[str]:
        """The words written in lowercase somewhere in the text (``lint.words.lowercase_words``)."""
        if self._lowercase is None:
            self._lowercase = lowercase_words(self.text)
        return self._lowercase


class Kind:
    """Base class of rule kinds. Subclasses declare OPTIONS and implement ``find``."""

    name: ClassVar[str]
    OPTIONS: ClassVar[Mapping[str, Option]] = {}
    #: Names of the ``Match.detail`` fields a message template may use besides {match} and {suggestion}.
    FIELDS: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = options

    @property
    def fields(self) -> frozenset[str]:
        """The detail fields this rule's matches carry (a pattern adds its named groups)."""
        return self.FIELDS

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        """Yield matches in ``text`` (offsets in code points of ``text``)."""
        raise NotImplementedError


#: How far (code points) ``in_address`` looks for the whitespace around a span.
_CHUNK_REACH = 2000


def in_address(text: str, start: int, end: int) -> bool:
    """True when text[start:end] lies in a URL, e-mail address, path or dotted name.

    Only the whitespace-delimited chunk around the span is examined, so the cost is paid
    for flagged words alone, not for the whole text.
    """
    left = _chunk_start(text, start)
    space = _SPACE.search(text, end)
    right = space.start() if space else len(text)
    chunk = text[left:right]
    return any(m.start() <= start - left < m.end() for m in _address().finditer(chunk))


_SPACE = regex.compile(r"[ \t\n]")


def _chunk_start(text: str, start: int) -> int:
    """Offset just after the last space, tab or newline before ``start`` (0 if none).

    Searched backwards in growing windows, so the cost is the distance to that character:
    ``rfind`` over the whole prefix made each call O(n), and a 50 MB one-line file quadratic.
    """
    width = 256
    while True:
        low = max(0, start - width)
        found = max(text.rfind(c, low, start) for c in " \t\n")
        if found >= 0 or low == 0:
            return found + 1
        width *= 4


def match_case(template: str, replacement: str) -> str:
    """Give ``replacement`` the capitalisation pattern of ``template`` (lower, Title or UPPER)."""
    if len(template) > 1 and template.isupper():
        return replacement.upper()
    if template[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
