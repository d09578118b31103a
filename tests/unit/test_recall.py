"""Recall on injected typos: each class is planted at known offsets in clean text the project wrote.

The rules must catch the class, not the sample words: every injection is a fresh word
drawn at random (fixed seed) from bench/corpus/clean.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import wordfreq

from lint.engines.rules.engine import RuleEngine
from lint.engines.rules.kinds import Context
from lint.engines.rules.kinds.mixed_script import KEYBOARD_KEYS
from lint.lexicon import load_lexicon
from lint.engines.rules.rulefile import builtin_rules_dir, load_rules
from lint.source import plain_source

ROOT = Path(__file__).resolve().parents[2]
CLEAN = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "bench/corpus/clean").glob("*.txt"))]
PARAGRAPHS = [p for text in CLEAN for p in text.split("\n\n") if len(p.split()) > 12]
SAMPLES = 40
LATIN_TWINS = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у"}
KEY_OF = {latin: cyr for cyr, latin in KEYBOARD_KEYS.items() if "\u0400" <= cyr <= "\u04ff"}

Injection = tuple[str, int, int]  # new paragraph, start and end of the planted typo (code points)


def _words(paragraph: str, pattern: str) -> list[re.Match]:
    return list(re.finditer(pattern, paragraph))


def _replace(paragraph: str, m: re.Match, new: str) -> Injection:
    return paragraph[: m.start()] + new + paragraph[m.end() :], m.start(), m.start() + len(new)


def _non_word(new: str) -> bool:
    return wordfreq.zipf_frequency(new, "en") == 0


def dropped(p: str, rng: random.Random) -> Injection | None:
    m = rng.choice(_words(p, r"\b[a-z]{6,}\b") or [None])
    if m is None:
        return None
    i = rng.randrange(len(m.group()))
    new = m.group()[:i] + m.group()[i + 1 :]
    return _replace(p, m, new) if _non_word(new) else None


def swapped(p: str, rng: random.Random) -> Injection | None:
    m = rng.choice(_words(p, r"\b[a-z]{6,}\b") or [None])
    if m is None:
        return None
    w = m.group()
    i = rng.randrange(len(w) - 1)
    new = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    return _replace(p, m, new) if new != w and _non_word(new) else None


def lookalike(p: str, rng: random.Random) -> Injection | None:
    m = rng.choice(_words(p, r"\b[A-Za-z]*[aceopxy][A-Za-z]*\b") or [None])
    if m is None:
        return None
    w = m.group()
    i = rng.choice([k for k, c in enumerate(w) if c in LATIN_TWINS])
    return _replace(p, m, w[:i] + LATIN_TWINS[w[i]] + w[i + 1 :])


def layout_slip(p: str, rng: random.Random) -> Injection | None:
    m = rng.choice(_words(p, r"\b[A-Z][a-z]+\b") or [None])
    if m is None or m.group()[0].lower() not in KEY_OF:
        return None
    return _replace(p, m, KEY_OF[m.group()[0].lower()].upper() + m.group()[1:])


def truncated(p: str, rng: random.Random) -> Injection | None:
    m = rng.choice(_words(p, r"\b(?:the|with)\b") or [None])
    if m is None:
        return None
    return _replace(p, m, {"the": "th", "with": "wth"}[m.group()])


def backtick(p: str, rng: random.Random) -> Injection | None:
    m = rng.choice(_words(p, r"\b[A-Z][a-z]{3,}\b") or [None])
    if m is None:
        return None
    new, start, _ = _replace(p, m, m.group() + "`s")
    return new, start + len(m.group()), start + len(m.group()) + 1


def doubled(p: str, rng: random.Random) -> Injection | None:
    m = rng.choice(_words(p, r"\b(?:the|a|to|of|and|in)\b") or [None])
    if m is None:
        return None
    return _replace(p, m, f"{m.group()} {m.group()}")


def mismatched_quote(p: str, rng: random.Random) -> Injection | None:
    if '"' in p or "“" in p or "”" in p:
        return None
    m = rng.choice(_words(p, r"\b[a-z]+ [a-z]+ [a-z]+\b") or [None])
    if m is None:
        return None
    new, start, end = _replace(p, m, f"“{m.group()}\"")
    return new, end - 1, end


CLASSES: dict[str, Callable[[str, random.Random], Injection | None]] = {
    "dropped letter": dropped,
    "swapped letters": swapped,
    "look-alike letter": lookalike,
    "keyboard-layout slip": layout_slip,
    "truncated word": truncated,
    "backtick apostrophe": backtick,
    "doubled word": doubled,
    "mismatched quotes": mismatched_quote,
}


def injections(make: Callable[[str, random.Random], Injection | None], seed: int) -> list[Injection]:
    rng = random.Random(seed)
    out: list[Injection] = []
    for _ in range(SAMPLES * 50):
        planted = make(rng.choice(PARAGRAPHS), rng)
        if planted:
            out.append(planted)
        if len(out) == SAMPLES:
            break
    return out


@pytest.fixture(scope="module")
def engine() -> RuleEngine:
    return RuleEngine(load_rules([builtin_rules_dir()]), Context(load_lexicon))


@pytest.mark.parametrize("name", list(CLASSES))
def test_recall_per_class(engine, name):
    planted = injections(CLASSES[name], seed=sum(map(ord, name)))
    assert len(planted) == SAMPLES, "the clean corpus is too small to plant this class"
    caught = 0
    for text, start, end in planted:
        (hits,), _ = engine.check([plain_source(text)])
        caught += any(h.start < end and start < h.end for h in hits)
    recall = caught / len(planted)
    assert recall >= 0.9, f"{name}: recall {recall:.0%}"


def test_clean_corpus_has_no_findings(engine):
    words = sum(len(t.split()) for t in CLEAN)
    hits = [h for text in CLEAN for h in engine.check([plain_source(text)])[0][0]]
    assert words > 5000
    assert len(hits) * 1000 / words <= 1.0, [h.message for h in hits]
