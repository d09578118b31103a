"""The one conversion between typolint offsets (code points) and LSP positions (UTF-8/16/32 units)."""

from __future__ import annotations

import bisect
import re

_LINE_END = re.compile(r"\r\n|\r|\n")

#: LSP position encodings (``general.positionEncodings``) that the server supports.
ENCODINGS = ("utf-16", "utf-8", "utf-32")


def units(text: str, encoding: str) -> int:
    """The length of ``text`` in code units of ``encoding`` ('utf-8', 'utf-16' or 'utf-32')."""
    if encoding == "utf-32" or text.isascii():
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class PositionMap:
    """Line starts of one document, for mapping 0-based code-point offsets to LSP (line,
    character) pairs, where ``character`` counts code units of the negotiated encoding."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        if encoding not in ENCODINGS:
            raise ValueError(f"unknown position encoding {encoding!r}")
        self.text = text
        self.encoding = encoding
        self._starts = [0] + [m.end() for m in _LINE_END.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character), both 0-based, of code-point ``offset``; ``character`` in code units."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        return line, units(self.text[start:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of an LSP position; past the end of a line means its end."""
        if line >= len(self._starts):
            return len(self.text)
        start = self._starts[line]
        end = self._starts[line + 1] if line + 1 < len(self._starts) else len(self.text)
        content = _LINE_END.sub("", self.text[start:end])
        if self.encoding == "utf-32" or content.isascii():
            return start + min(character, len(content))
        count = 0
        for i, char in enumerate(content):
            if count >= character:
                return start + i
            count += units(char, self.encoding)
        return start + len(content)

    def line_start(self, line: int) -> int:
        """Code-point offset where 0-based ``line`` starts (the text's end past the last line)."""
        return self._starts[line] if line < len(self._starts) else len(self.text)

    def line_end(self, line: int) -> int:
        """Code-point offset of the end of 0-based ``line``, before its line break."""
        start = self.line_start(line)
        match = _LINE_END.search(self.text, start)
        return match.start() if match else len(self.text)
