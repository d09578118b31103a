"""The compiled core's Emitter and SourceBuilder (core/src/emitter.rs) against the Python definition
they replaced (with the Markdown emoji shortcodes, which the emitter masks since): random calls on
random documents (URLs, e-mail addresses, shortcodes, spaces, CR/LF, astral characters) must build
the same TextSource, piece for piece.
"""

from __future__ import annotations

import bisect
import random
import re

import pytest

from lint.extract.common import _URL, Emitter, _url_end
from lint.source import Segment, SourceBuilder, TextSource

_URL_HINT = re.compile(r"://|www\.|@")
#: A GitHub emoji shortcode: a colon, lowercase letters, digits, '_', '+' or '-', a colon.
_SHORTCODE = re.compile(r"(?<![\w:]):[a-z0-9_+-]+:(?![\w:])")


class PySourceBuilder:
    """The former lint.source.SourceBuilder."""

    def __init__(self, original: str, fmt: str) -> None:
        self.original, self.fmt = original, fmt
        self._parts: list[str] = []
        self._segments: list[tuple[int, int, int]] = []
        self._tpos = 0
        self._last_end = self._last_orig_end = -1
        self._comments: list[tuple[int, int]] = []
        self._fixed: list[tuple[int, int]] = []
        self._fixed_length: list[tuple[int, int]] = []

    def prose(self, orig_start: int, orig_end: int) -> None:
        length = orig_end - orig_start
        if length <= 0:
            return
        tpos = self._tpos
        if tpos == self._last_end and orig_start == self._last_orig_end:
            t, o, n = self._segments[-1]
            self._segments[-1] = (t, o, n + length)
        else:
            self._segments.append((tpos, orig_start, length))
        self._parts.append(self.original[orig_start:orig_end])
        self._tpos = self._last_end = tpos + length
        self._last_orig_end = orig_end

    def synthetic(self, text: str) -> None:
        self._parts.append(text)
        self._tpos += len(text)

    def ends_with(self, suffix: str) -> bool:
        return "".join(self._parts[-3:]).endswith(suffix)

    def comment(self, orig_start: int, orig_end: int) -> None:
        self._comments.append((orig_start, orig_end))

    @property
    def segment_count(self) -> int:
        return len(self._segments)

    def fixed_width(self, since: int) -> None:
        self._fixed.extend((o, o + n) for _, o, n in self._segments[since:])

    def fixed_length(self, since: int) -> None:
        self._fixed_length.extend((o, o + n) for _, o, n in self._segments[since:])

    def build(self) -> TextSource:
        return TextSource(
            self.original, "".join(self._parts), tuple(map(Segment._make, self._segments)), self.fmt,
            tuple(self._comments), tuple(self._fixed), tuple(self._fixed_length),
        )


class PyEmitter:
    """The former lint.extract.common.Emitter (without ``content``, which the core's one inherits),
    with the emoji shortcodes of Markdown masked (``_verbatim``)."""

    PLACEHOLDER = "CODE{}"
    BLOCK_SEPARATOR = "\n\n"

    def __init__(self, original: str, fmt: str) -> None:
        self.original, self.fmt = original, fmt
        self._builder = PySourceBuilder(original, fmt)
        self._count = 0
        self._empty = True
        self._break = False
        self._gap = False
        self._hints: tuple[list[int], list[int]] | None = None

    def block(self) -> None:
        self._break = True

    def _begin(self) -> None:
        if self._break and not self._empty:
            self._builder.synthetic(self.BLOCK_SEPARATOR)
        self._break = False
        self._empty = False
        self._gap = False

    def gap(self) -> None:
        self._gap = self._builder.ends_with(" ")

    def prose(self, start: int, end: int) -> None:
        if self._gap and self.original.startswith(" ", start):
            start += 1
        if end <= start:
            return
        self._begin()
        pos = start
        if not self._may_hold_url(start, end):
            self._verbatim(start, end)
            return
        for m in _URL.finditer(self.original, start, end):
            stop = _url_end(self.original, m.start(), m.end())
            if stop <= m.start() + 3:
                continue
            self._verbatim(pos, m.start())
            self.placeholder()
            pos = stop
        self._verbatim(pos, end)

    def _verbatim(self, start: int, end: int) -> None:
        pos = start
        if self.fmt == "markdown":
            for m in _SHORTCODE.finditer(self.original, start):
                if m.end() > end:
                    break
                self._builder.prose(pos, m.start())
                self.placeholder()
                pos = m.end()
        self._builder.prose(pos, end)

    def _may_hold_url(self, start: int, end: int) -> bool:
        if self._hints is None:
            found = list(_URL_HINT.finditer(self.original))
            self._hints = [m.start() for m in found], [m.end() for m in found]
        starts, ends = self._hints
        i = bisect.bisect_left(starts, start)
        return i < len(starts) and ends[i] <= end

    def newline(self, start: int = 0, end: int = 0) -> None:
        if self._empty or self._break or self._builder.ends_with("\n"):
            return
        self._begin()
        if self.original[start:end] == "\n":
            self._builder.prose(start, end)
        else:
            self._builder.synthetic("\n")

    def placeholder(self) -> None:
        self._begin()
        self._builder.synthetic(self.PLACEHOLDER.format(self._count))
        self._count += 1

    def synthetic(self, text: str) -> None:
        self._begin()
        self._builder.synthetic(text)

    def comment(self, start: int, end: int) -> None:
        self._builder.comment(start, end)

    @property
    def segment_count(self) -> int:
        return self._builder.segment_count

    def fixed_width(self, since: int) -> None:
        self._builder.fixed_width(since)

    def fixed_length(self, since: int) -> None:
        self._builder.fixed_length(since)

    def build(self) -> TextSource:
        return self._builder.build()


PIECES = [
    "word ", "the ", " ", "  ", "\n", "\r\n", "\r", "é", "😀", "𝔘b", "https://example.org/a_(b).", "www.x.io,",
    "ftp://h/p)", "a@b.co", "me@x", "@", "://", "www.", "(see http://q.r/s?t=1)'", "x.y@z-w.org:", "tab\t",
    "a.b", "CODE", "?!", ":tada:", ":x:", ":+1:", ":white_check_mark:", "::", ":", "é:", "_:", "10:30", ":a-b:c:",
]


def document(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))


def calls(rng: random.Random, n: int) -> list[tuple]:
    out: list[tuple] = []
    for _ in range(rng.randint(0, 40)):
        kind = rng.choice(["prose", "prose", "prose", "newline", "newline0", "block", "gap", "placeholder",
                           "synthetic", "comment", "fixed_width", "fixed_length"])
        a = rng.randint(0, n + 1)
        b = rng.randint(max(a - 2, 0), n + 1)
        if kind in ("prose", "comment"):
            out.append((kind, a, b))
        elif kind == "newline":
            out.append((kind, a, min(a + rng.choice([0, 1, 2]), n + 1)))
        elif kind == "newline0":
            out.append(("newline",))
        elif kind == "synthetic":
            out.append((kind, rng.choice(["", " ", "\n", "&", "é😀", "x "])))
        elif kind.startswith("fixed"):
            out.append((kind, rng.randint(0, 5)))
        else:
            out.append((kind,))
    return out


def run(emitter: Emitter | PyEmitter, ops: list[tuple]) -> TextSource:
    for op in ops:
        getattr(emitter, op[0])(*op[1:])
        assert isinstance(emitter.segment_count, int)
    return emitter.build()


def fields(source: TextSource) -> tuple:
    return (source.original, source.text, source.segments, source.fmt, source.comments,
            source.fixed_width, source.fixed_length)


@pytest.mark.parametrize("seed", range(40))
def test_the_core_emitter_builds_what_the_python_definition_built(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(100):
        original = document(rng)
        ops = calls(rng, len(original))
        fmt = rng.choice(["markdown", "markdown", "rst", "html"])
        expected = run(PyEmitter(original, fmt), ops)
        got = run(Emitter(original, fmt), ops)
        assert fields(got) == fields(expected), (original, ops)
        assert all(type(s) is Segment for s in got.segments)


@pytest.mark.parametrize("seed", range(10))
def test_the_core_source_builder_builds_what_the_python_definition_built(seed: int) -> None:
    rng = random.Random(1000 + seed)
    for _ in range(100):
        original = document(rng)
        ops = [op for op in calls(rng, len(original)) if op[0] in ("prose", "synthetic", "comment")]
        ops += [("fixed_width", rng.randint(0, 3)), ("fixed_length", rng.randint(0, 3))]
        py, core = PySourceBuilder(original, "plain"), SourceBuilder(original, "plain")
        for op in ops:
            getattr(py, op[0])(*op[1:])
            getattr(core, op[0])(*op[1:])
            assert py.ends_with(" ") == core.ends_with(" ") and py.ends_with("\n") == core.ends_with("\n")
        assert fields(core.build()) == fields(py.build()), (original, ops)


def test_the_block_separator_is_the_subclass_attribute() -> None:
    class Wide(Emitter):
        BLOCK_SEPARATOR = "\n\n\n"

    out = Wide("ab cd", "markdown")
    out.prose(0, 2)
    out.block()
    out.prose(3, 5)
    assert out.build().text == "ab\n\n\ncd"
