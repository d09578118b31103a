"""Packing paragraphs into one request changes no finding: batched against one request per paragraph, on a real server."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from lint.config import LanguageToolConfig
from lint.engines.languagetool.engine import LanguageToolEngine
from lint.extract import extract, format_for
from lint.source import TextSource, plain_source
from lt_fixtures import lt_root, real_lt_home  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import run as bench  # noqa: E402  (the bench corpus generators)

pytestmark = pytest.mark.usefixtures("lt_root")
#: The settings of every engine here: no result cache, and a generous timeout (a cold server on a
#: loaded machine took over 60 s for its first 10,000-character requests).
SETTINGS = LanguageToolConfig(cache=False, timeout=600.0)


def bench_sources(tmp_path: Path) -> list[TextSource]:
    """The seeds, ~40 KB of the generated LanguageTool bench prose (two files; a quarter of its
    paragraphs leave a quote open) and two generated READMEs."""
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    paths += bench.make_lt_corpus(tmp_path / "lt", 30_000, nonce=random.randrange(10**9))
    rng, pool = random.Random(3), bench.sentences()
    paths += bench.write_corpus(tmp_path / "md", [(f"readme_{i}.md", bench.readme(rng, pool, 4_000)) for i in range(2)])
    return [extract(p.read_text(encoding="utf-8"), format_for(str(p)))[0] for p in paths]


def test_batched_findings_equal_one_request_per_paragraph(tmp_path: Path) -> None:
    sources = bench_sources(tmp_path)
    alone = LanguageToolEngine(SETTINGS)
    alone.batch_limit = 1  # every paragraph in a request of its own
    batched = LanguageToolEngine(SETTINGS)
    expected = alone.hits(sources)
    assert sum(map(len, expected)) > 20  # real text with real findings
    assert batched.hits(sources) == expected


def test_batches_are_really_packed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = bench_sources(tmp_path)
    sent: list[str] = []
    original = LanguageToolEngine.request
    monkeypatch.setattr(LanguageToolEngine, "request", lambda self, client, text: sent.append(text) or original(self, client, text))
    prose = sources[-4:-2]  # the generated bench prose
    LanguageToolEngine(SETTINGS).hits(prose)
    paragraphs = sum(len(s.paragraphs()) for s in prose)
    # A paragraph that may open in lowercase goes alone, one with single quotes or unpaired
    # brackets ends its request, and one that leaves a double quote open is followed only by
    # paragraphs that cannot close it; a packed request where a whole-text rule fired is
    # checked again paragraph by paragraph. The rest share requests (60 paragraphs: 7-10).
    assert len(sent) < paragraphs * 0.4
    assert sum("\n\n" in text for text in sent) >= 2


def test_whole_text_rules_see_one_paragraph_as_when_sent_alone() -> None:
    text = "We customise the colours of the menu.\n\nThen we customize the menu again.\n\nThe end is near."
    engine = LanguageToolEngine(LanguageToolConfig(cache=False))
    client, _ = engine.connect()
    try:  # sent as one text, the rule compares the paragraphs ...
        assert "EN_WORD_COHERENCY" in {m["rule"] for m in engine.request(client, text)}
    finally:
        client.close()
    alone = LanguageToolEngine(LanguageToolConfig(cache=False))
    alone.batch_limit = 1
    (expected,) = alone.hits([plain_source(text)])
    assert not any(h.rule == "lt.EN_WORD_COHERENCY" for h in expected)  # ... one paragraph alone, not
    assert engine.hits([plain_source(text)]) == [expected]
