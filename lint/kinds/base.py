"""What every rule kind shares: its option schema, the match it yields, and the run context."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import regex

from lint.lexicon import Lexicon
from lint.words import Vocabulary

#: Things that look like words but are addresses or identifiers: URLs, e-mail addresses,
#: paths, and dotted names such as file names, domains and versions ("report.odt").
ADDRESS = regex.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+|\S+/\S+|[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w.])\.[a-z][\w.-]*",  # dotfiles: .config, .syncignore
    regex.I,
)


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


@dataclass(frozen=True, slots=True)
class Match:
    """A kind's raw match: a half-open span of the checked text (code points) and its details."""

    start: int
    end: int
    suggestions: tuple[str, ...] = ()
    #: Extra fields for the message template besides {match} and {suggestion}.
    detail: Mapping[str, str] = field(default_factory=dict)
    safe_fix: bool = False


@dataclass(slots=True)
class Context:
    """What a kind may use while checking: the lexicon (loaded on first use), vocabulary and time limit."""

    lexicon_loader: Callable[[], Lexicon]
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    #: Seconds one regex scan may take before it is abandoned.
    timeout: float = 2.0
    _lexicon: Lexicon | None = None

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = self.lexicon_loader()
        return self._lexicon

    def accepted(self, word: str) -> bool:
        """True for a vocabulary word or one of its inflections."""
        return self.vocabulary.accepts(word)


class Kind:
    """Base class of rule kinds. Subclasses declare OPTIONS and implement ``find``."""

    name: ClassVar[str]
    OPTIONS: ClassVar[Mapping[str, Option]] = {}

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = options

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
    # Bounded look-around: a character absent from the text (often the tab) must not make
    # every call scan to the text's ends.
    lo, hi = max(0, start - _CHUNK_REACH), min(len(text), end + _CHUNK_REACH)
    left = max(max(text.rfind(c, lo, start) for c in " \t\n") + 1, lo)
    right = min((i for i in (text.find(c, end, hi) for c in " \t\n") if i >= 0), default=hi)
    chunk = text[left:right]
    return any(m.start() <= start - left < m.end() for m in ADDRESS.finditer(chunk))


def match_case(template: str, replacement: str) -> str:
    """Give ``replacement`` the capitalisation pattern of ``template`` (lower, Title or UPPER)."""
    if len(template) > 1 and template.isupper():
        return replacement.upper()
    if template[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
