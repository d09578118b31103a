"""Measure LanguageTool findings per 1,000 words on Markdown READMEs with block boundaries kept or joined.

Run: ``.venv/bin/python bench/markup_blocks.py [SERVER_URL]``. The corpus is the Markdown long descriptions
(README files) of the installed distributions plus tests/data/markup/*.md. "kept" separates
headings, list items, table cells and paragraphs by a blank line (the extractor's behaviour);
"joined" uses a single newline, so LanguageTool reads each file as one paragraph.
"""

from __future__ import annotations

import collections
import re
import email
import sys
from pathlib import Path

from lint.config import LanguageToolConfig
from lint.extract.common import Emitter
from lint.extract.markdown import extract_markdown
from lint.engines.languagetool.engine import LanguageToolEngine
from lint.source import TextSource

ROOT = Path(__file__).resolve().parents[1]
MIN_WORDS = 200


def readmes() -> list[tuple[str, str]]:
    """(name, Markdown text) of every installed distribution's README with at least MIN_WORDS words."""
    found = []
    for meta in sorted(Path(sys.prefix).glob("lib/python*/site-packages/*.dist-info/METADATA")):
        msg = email.message_from_string(meta.read_text(encoding="utf-8"))
        body = msg.get_payload()
        if msg.get("Name") == "typolint":
            continue  # our own README shows typos on purpose
        if "markdown" in msg.get("Description-Content-Type", "") and isinstance(body, str):
            if len(body.split()) >= MIN_WORDS:
                found.append((meta.parent.name, body))
    for path in sorted((ROOT / "tests/data/markup").glob("*.md")):
        if "_cr" not in path.stem:  # the CRLF and CR copies would count the same text again
            found.append((path.name, path.read_text(encoding="utf-8")))
    return found


def extract_all(docs: list[tuple[str, str]], separator: str) -> list[TextSource]:
    saved = Emitter.BLOCK_SEPARATOR
    Emitter.BLOCK_SEPARATOR = separator
    try:
        return [extract_markdown(text) for _, text in docs]
    finally:
        Emitter.BLOCK_SEPARATOR = saved


def continues_block(text: str, start: int) -> bool:
    """True when ``start`` opens a block whose previous block ends without . ! or ? (a list item
    or cell that continues a sentence, where LanguageTool's sentence-start rule misfires)."""
    before = text[:start]
    return before.endswith("\n\n") and not re.search(r"[.!?][\"')\]]*$", before.rstrip())


def main() -> None:
    docs = readmes()
    url = sys.argv[1] if len(sys.argv) > 1 else None  # an existing server, e.g. http://localhost:8081
    engine = LanguageToolEngine(LanguageToolConfig(url=url))
    for label, separator in (("kept (blank line)", "\n\n"), ("joined (single newline)", "\n")):
        sources = extract_all(docs, separator)
        words = sum(len(s.text.split()) for s in sources)
        results = engine.hits(sources)
        hits = [(s.text[h.start : h.end], h.rule) for s, found in zip(sources, results) for h in found]
        print(f"{label:25} {len(docs)} files {words} words {len(hits):5} findings {1000 * len(hits) / words:6.2f} per 1,000 words")
        fragments = sum(
            1
            for s, found in zip(sources, results)
            for h in found
            if h.rule == "lt.UPPERCASE_SENTENCE_START" and continues_block(s.text, h.start)
        )
        print(f"{'':25} of them UPPERCASE_SENTENCE_START on a block continuing a sentence: {fragments}")
        for rule, n in collections.Counter(r for _, r in hits).most_common(12):
            examples = sorted({m for m, r in hits if r == rule})[:5]
            print(f"    {n:4} {rule}  {examples}")


if __name__ == "__main__":
    main()
