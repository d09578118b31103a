"""reStructuredText extractor: docutils finds the prose blocks; inline markup is mapped here."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from docutils import nodes
from docutils.core import publish_doctree
from docutils.utils import SystemMessage

from lint.extract.common import ContentMap, Emitter
from lint.source import LineIndex, TextSource

#: Nodes whose raw source is prose; their children are inline markup, handled by _INLINE.
_PROSE = (nodes.paragraph, nodes.title, nodes.subtitle, nodes.term, nodes.rubric,
          nodes.caption, nodes.attribution, nodes.line)
#: Bibliographic fields (':Author: ...') that docutils moves into docinfo without a raw source.
_DOCINFO = (nodes.author, nodes.organization, nodes.contact, nodes.address, nodes.status,
            nodes.copyright)
#: Subtrees that are never prose: code, comments, errors (unknown directives keep their text here).
_SKIP = (nodes.system_message, nodes.literal_block, nodes.comment, nodes.raw, nodes.doctest_block,
         nodes.math_block, nodes.substitution_definition, nodes.target, nodes.field_name,
         nodes.option_list, nodes.pending)
_SETTINGS = {
    "report_level": 5,
    "halt_level": 4,  # a SEVERE problem (e.g. inconsistent title levels) is a parse failure
    "warning_stream": io.StringIO(),
    "traceback": True,  # raise instead of sys.exit() on errors
    "file_insertion_enabled": False,
    "raw_enabled": False,
}
_START = r"(?<![\w\\])"
_INLINE = re.compile(
    # A literal is masked wherever it stands, even glued to a word ("a``x``"): a lone backtick
    # left in the prose would look like an apostrophe to the rules.
    r"(?P<code>``.+?``(?!\w))"
    rf"|(?P<role>{_START}:[\w.+-]+(?::[\w.+-]+)*:`[^`]+`)"
    rf"|(?P<ref>{_START}`(?P<reftext>[^`<]*?)\s*<[^`>]*>`__?)"
    rf"|(?P<named>{_START}`(?P<ntext>[^`]+)`__?)"
    rf"|(?P<target>{_START}_`(?P<ttext>[^`]+)`)"
    rf"|(?P<interp>{_START}`[^`]+`(?::[\w.+-]+:)?)"
    rf"|(?P<strong>{_START}\*\*(?P<stext>[^\s*](?:.*?[^\s\\])?)\*\*(?!\w))"
    rf"|(?P<emph>{_START}\*(?P<etext>[^\s*](?:[^*]*?[^\s\\*])?)\*(?!\w))"
    rf"|(?P<subst>{_START}\|[^|\s](?:[^|]*?[^|\s])?\|(?:__?)?)"
    r"|(?P<fnref>[ \t]*\[(?:#|\*|[\w.-]*)\]_(?!\w))"
    # A simple reference ('name_', docutils' simplename): the name must match its target.
    rf"|(?P<simple>{_START}(?:(?!_)\w)+(?:[-._+:](?:(?!_)\w)+)*__?(?=[\s.,;:!?)\]'\"]|$))"
    r"|(?P<escape>\\.)",
    re.DOTALL,
)
#: Markup whose inner text is prose. Named references (`name`_, name_) and inline targets are
#: names that must match their targets, so they are masked: a fix there would break the link.
_TEXT_GROUP = {"ref": "reftext", "strong": "stext", "emph": "etext"}
_COMMENT_START = re.compile(r"[ \t]*\.\.(?:[ \t]+(?![_\[|])(?![\w:+.-]+::)|$)")


def extract_rst(original: str) -> TextSource:
    """Build the TextSource of a reST file (offsets in code points of ``original``).

    Raises docutils' SystemMessage on a SEVERE problem; ``extract`` falls back to plain text then.
    """
    doctree = _doctree(original)
    lines = LineIndex(original)
    out = Emitter(original, "rst")
    for start, end in comment_spans(original, lines):
        out.comment(start, end)
    locator = _Locator(original, lines)
    for node in _prose_nodes(doctree):
        content, cmap = locator.map(node)
        if content:
            out.block()
            since = out.segment_count
            _emit_inline(content, cmap, out)
            if isinstance(node, nodes.title):  # a longer title would outgrow its underline
                out.fixed_width(since)
            elif _in_table(node):  # a cell of another length would move the table's borders
                out.fixed_length(since)
    return out.build()


def _doctree(original: str) -> nodes.document:
    """docutils' tree of ``original``, its transforms applied; when a transform fails on a
    document that parsed (docutils 0.20's substitution transform raises KeyError on a
    substitution defined by another one's name), the tree as parsed, without transforms:
    prose and markup stay apart as the parser saw them, instead of the whole file being read
    as plain text."""
    settings = dict(_SETTINGS, warning_stream=io.StringIO())
    try:
        return publish_doctree(original, settings_overrides=settings)
    except SystemMessage:
        raise
    except Exception:  # noqa: BLE001 - a transform's bug; the parse itself is retried below
        from docutils.frontend import get_default_settings
        from docutils.parsers.rst import Parser
        from docutils.utils import new_document

        parser = Parser()
        defaults = get_default_settings(parser)
        for name, value in settings.items():
            setattr(defaults, name, value)
        document = new_document("<string>", defaults)
        parser.parse(original, document)
        return document


def _prose_nodes(node: nodes.Node) -> Iterator[nodes.Element]:
    """Prose elements in document order, skipping code, comments and error reports."""
    for child in node.children:
        if isinstance(child, _SKIP):
            continue
        if isinstance(child, _PROSE + _DOCINFO):
            if _raw(child).strip():
                yield child
        elif isinstance(child, nodes.Element):
            yield from _prose_nodes(child)


def _in_table(node: nodes.Node) -> bool:
    """True inside a table cell. Grid and simple tables draw borders and column boundaries around
    their cells; directive tables (list-table, csv-table) do not, but are kept to the same rule."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.entry):
            return True
        parent = parent.parent
    return False


def _raw(node: nodes.Element) -> str:
    """The node's source text; docinfo fields keep none, so their (unmarked) text stands in."""
    return node.rawsource if node.rawsource or not isinstance(node, _DOCINFO) else node.astext()


class _Locator:
    """Maps a node's raw source to original lines, starting at the line docutils gives for it.

    docutils records a line number per node but no column, so each raw line's text is looked
    up on one original line: first the expected line, then at most WINDOW lines either side.
    A match is the text itself (a suffix of the line, or else the first unclaimed occurrence on
    that line), so every mapped run equals its slice of the original; ``verified`` checks that.
    """

    #: Lines either side of the expected line that are tried. Measured on every sample file:
    #: docutils' line is exact for paragraphs, terms, line-block lines and attributions, and is
    #: the underline (one past the text) for section titles; docinfo fields carry no line, so
    #: the line after the previous node stands in. The window absorbs docutils' off-by-ones only.
    WINDOW = 3

    def __init__(self, original: str, lines: LineIndex) -> None:
        self.original, self.lines = original, lines
        #: Original spans already mapped, so equal cells ('Yes | Yes') map to different places.
        self.claimed: dict[int, list[tuple[int, int]]] = {}
        self.last = 0

    def map(self, node: nodes.Element) -> tuple[str, ContentMap]:
        """The node's raw source and a verified map from it to the original (empty if not found)."""
        raw = _raw(node)
        parts = raw.split("\n")
        best: list[int | None] = []
        for start in self._candidates(self._expected(node)):
            found = [self._find(part.strip(), start + k) for k, part in enumerate(parts)]
            if sum(f is not None for f in found) > sum(f is not None for f in best):
                best = found
                if all(f is not None for f in found):
                    break
        cmap = self._build(raw, parts, best)
        if not verified(raw, cmap, self.original):  # cannot happen by construction; never map wrongly
            raise RuntimeError("reST position map does not copy the original")
        return raw, cmap

    def _expected(self, node: nodes.Element) -> int:
        """0-based line where the node's text should start, from docutils' 1-based ``node.line``."""
        if node.line is None:
            return self.last
        line = node.line - (2 if isinstance(node, nodes.title) else 1)
        return min(max(line, 0), len(self.lines) - 1)

    def _candidates(self, expected: int) -> Iterator[int]:
        """The expected line, then the lines at distance 1..WINDOW, nearest first."""
        yield expected
        for d in range(1, self.WINDOW + 1):
            yield from (i for i in (expected - d, expected + d) if 0 <= i < len(self.lines))

    def _find(self, core: str, index: int) -> int | None:
        """Start of ``core`` on line ``index``: as the line's suffix (paragraphs, items, quotes),
        else its first unclaimed occurrence (table cells, docinfo); None if it is not there."""
        if not core or index >= len(self.lines):
            return None
        line = self.lines.line(index)
        end = line.start + len(self.original[line.start : line.end].rstrip())
        if self.original.endswith(core, line.start, end) and not self._overlaps(index, end - len(core), end):
            return end - len(core)
        pos = self.original.find(core, line.start, line.end)
        while pos >= 0 and self._overlaps(index, pos, pos + len(core)):
            pos = self.original.find(core, pos + 1, line.end)
        return pos if pos >= 0 else None

    def _overlaps(self, index: int, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self.claimed.get(index, ()))

    def _build(self, raw: str, parts: list[str], found: list[int | None]) -> ContentMap:
        cmap, cpos = ContentMap(), 0
        for k, (part, orig) in enumerate(zip(parts, found)):
            if orig is not None:
                core = part.strip()
                self.last = self.lines.index_of(orig)
                self.claimed.setdefault(self.last, []).append((orig, orig + len(core)))
                cstart = cpos + len(part) - len(part.lstrip())
                cmap.align(raw, cstart, cstart + len(core), self.original, orig, orig + len(core))
                if k + 1 < len(found) and found[k + 1] is not None:
                    line = self.lines.line(self.last)
                    cmap.align(raw, cpos + len(part), cpos + len(part) + 1, self.original, line.end, line.eol)
            cpos += len(part) + 1
        return cmap


def verified(content: str, cmap: ContentMap, original: str) -> bool:
    """True when every run of ``cmap`` copies ``content`` exactly: ``content[c:c+n] == original[o:o+n]``."""
    return all(content[c : c + n] == original[o : o + n] for c, o, n in cmap.runs)


def _emit_inline(content: str, cmap: ContentMap, out: Emitter) -> None:
    """Emit a block's raw source, dropping inline markup and masking literals, roles and URLs."""
    end = _body_end(content)
    pos = 0
    for m in _INLINE.finditer(content, 0, end):
        out.content(cmap, content, pos, m.start())
        _emit_markup(m, content, cmap, out)
        pos = m.end()
    out.content(cmap, content, pos, end)


def _emit_markup(m: re.Match[str], content: str, cmap: ContentMap, out: Emitter) -> None:
    kind = m.lastgroup or ""
    group = _TEXT_GROUP.get(kind)
    if group and m.group(group):
        out.content(cmap, content, m.start(group), m.end(group))
    elif kind == "escape":
        if not m.group()[1].isspace():
            out.content(cmap, content, m.start() + 1, m.end())
    elif kind in ("code", "role", "interp", "subst", "ref", "named", "target", "simple"):
        out.placeholder()


def _body_end(content: str) -> int:
    """End of a paragraph's prose: a final '::' (literal block marker) reads as ':' or nothing."""
    stripped = content.rstrip()
    if not stripped.endswith("::"):
        return len(stripped)
    before = stripped[:-2]
    return len(before.rstrip()) if before[-1:].isspace() or not before else len(before) + 1


def comment_spans(original: str, lines: LineIndex) -> list[tuple[int, int]]:
    """Original spans (code points) of '..' comment blocks, each from '..' to its last indented line."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        text = original[lines.line(i).start : lines.line(i).end]
        m = _COMMENT_START.match(text)
        if not m:
            i += 1
            continue
        indent = len(text) - len(text.lstrip())
        last = i
        j = i + 1
        while j < len(lines):
            body = original[lines.line(j).start : lines.line(j).end]
            if body.strip() and len(body) - len(body.lstrip()) <= indent:
                break
            if body.strip():
                last = j
            elif last == i and not text.strip()[2:].strip():
                break  # '..' alone followed by a blank line is an empty comment
            j += 1
        spans.append((lines.line(i).start + indent, lines.line(last).end))
        i = last + 1
    return spans
