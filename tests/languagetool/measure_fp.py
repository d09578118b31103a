"""Measure LanguageTool false positives per 1,000 words on clean prose, per precision measure.

Run: ``.venv/bin/python tests/languagetool/measure_fp.py [CORPUS_DIR]`` (default bench/corpus/clean).
Every finding on the clean corpus counts as a false positive.
"""

from __future__ import annotations

import collections
import dataclasses
import sys
from pathlib import Path

from lint.words import Vocabulary
from lint.config import LanguageToolConfig
from lint.engines.languagetool.engine import DEFAULT_DISABLED_RULES, LanguageToolEngine
from lint.lexicon import load_lexicon
from lint.model import Hit
from lint.source import TextSource, plain_source

ROOT = Path(__file__).resolve().parents[2]
#: (name filter, accept other English variants, disabled rules, vocabulary, lexicon veto)
Measures = tuple[bool, bool, tuple[str, ...], Vocabulary, bool]


def load(corpus: Path) -> tuple[list[TextSource], int]:
    """The corpus files as plain sources, and their word count."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    return [plain_source(t) for t in texts], sum(len(t.split()) for t in texts)


def run(sources: list[TextSource], measures: Measures) -> list[tuple[str, Hit]]:
    """Check ``sources`` with the given measures on; return (matched text, hit) pairs."""
    names, variants, disabled, vocab, veto = measures
    config = dataclasses.replace(LanguageToolConfig(), disabled_rules=disabled)
    engine = LanguageToolEngine(
        config, vocab, filter_names=names, accept_variants=variants, lexicon=load_lexicon if veto else None
    )
    return [(s.text[h.start : h.end], h) for s, hits in zip(sources, engine.hits(sources)) for h in hits]


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench/corpus/clean"
    sources, words = load(corpus)
    vocab_file = ROOT / "tests/languagetool/data/clean-vocabulary.txt"
    vocab = Vocabulary(vocab_file.read_text(encoding="utf-8").split("\n") if vocab_file.exists() else ())
    none = Vocabulary()
    setups: dict[str, Measures] = {
        "LanguageTool en-US defaults, no measures": (False, False, (), none, False),
        "name filter only": (True, False, (), none, False),
        "variant filter only": (False, True, (), none, False),
        "DEFAULT_DISABLED_RULES only": (False, False, DEFAULT_DISABLED_RULES, none, False),
        "lexicon veto only": (False, False, (), none, True),
        "names + variants": (True, True, (), none, False),
        "names + variants + DEFAULT_DISABLED_RULES": (True, True, DEFAULT_DISABLED_RULES, none, False),
        "all four (the default)": (True, True, DEFAULT_DISABLED_RULES, none, True),
        "default + vocabulary": (True, True, DEFAULT_DISABLED_RULES, vocab, True),
    }
    print(f"corpus {corpus}: {len(sources)} files, {words} words, vocabulary {len(vocab)} entries")
    for label, measures in setups.items():
        found = run(sources, measures)
        print(f"{label:55} {len(found):4} findings  {1000 * len(found) / words:5.2f} FP/1000 words")
        for rule, n in collections.Counter(h.rule for _, h in found).most_common():
            examples = sorted({m for m, h in found if h.rule == rule})[:6]
            severity = next(h.severity.label for _, h in found if h.rule == rule)
            print(f"    {n:3} {rule} ({severity})  {examples}")


if __name__ == "__main__":
    main()
