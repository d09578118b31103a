"""Speed work changes no finding: the YAML rules' hits on fixed inputs equal a committed list.

The inputs are the sample articles (seeds/), the clean bench corpus (bench/corpus/clean) and
Markdown documents generated the way ``make bench`` generates its Markdown corpus (the same
generator, a fixed random seed). The list was recorded with the straightforward engine, before
the shared tokenisation, multi-pattern word lists and compact lexicon; every later run must
give the same hits, byte for byte: offsets (code points of the extracted text), rule, message,
suggestions and fix safety.

A rule change that is meant to change hits refreshes the list with
``TYPOLINT_UPDATE_HITS=1 pytest tests/unit/test_rules_speed_equivalence.py``; review the diff.
"""

from __future__ import annotations

import importlib.util
import os
import random
import re
from pathlib import Path

import pytest

from lint.config import Config
from lint.extract import extract
from lint.runner import Pipeline, RunOptions
from support import assert_recorded, hit_row

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent.parent / "data" / "rules_hits.tsv"


def _bench_run():
    """bench/run.py as a module (its Markdown generator)."""
    spec = importlib.util.spec_from_file_location("bench_run_for_tests", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_WORD = re.compile(r"[A-Za-z]{4,}")
_VARIANTS = (("ise", "ize"), ("our", "or"), ("tre", "ter"), ("lled", "led"))


def noisy(text: str, rng: random.Random, rate: float = 0.04) -> str:
    """``text`` with slips put into about ``rate`` of its words: a dropped, swapped, doubled or
    wrong letter, a cut-off ending, a doubled word, a flipped British/American spelling."""

    def slip(m: re.Match) -> str:
        word = m.group()
        flips = [word.replace(a, b) for a, b in _VARIANTS if a in word] + [word.replace(b, a) for a, b in _VARIANTS if b in word]
        if flips and rng.random() < 0.3:
            return rng.choice(flips)
        if rng.random() >= rate:
            return word
        i = rng.randrange(1, len(word) - 1)
        edits = [
            word[:i] + word[i + 1 :],
            word[:i] + word[i + 1] + word[i] + word[i + 2 :],
            word[:i] + word[i] + word[i:],
            word[:i] + rng.choice("aeioustrnl") + word[i + 1 :],
            word[: -rng.randint(1, 3)],
            word + " " + word,
        ]
        return rng.choice(edits)

    return _WORD.sub(slip, text)


def _inputs() -> list[tuple[str, str, str]]:
    """(name, text, markup) of every input, in a fixed order: each file as it is and with slips."""
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "bench" / "corpus" / "clean").glob("*.txt"))
    docs = [(p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8"), "plain") for p in files]
    bench = _bench_run()
    rng, pool = random.Random(7), bench.sentences()
    docs += [(f"generated/readme_{i}.md", bench.readme(rng, pool, 12_000), "markdown") for i in range(4)]
    rng = random.Random(16)
    return docs + [(f"{name} (slips {n})", noisy(text, rng), markup) for n in (1, 2) for name, text, markup in docs]


def _rows() -> list[str]:
    """One tab-separated line per hit: input, start, end, rule, safe fix, suggestions, message."""
    pipeline = Pipeline(Config(root=ROOT), RunOptions(languagetool=False))
    rows = []
    for name, text, markup in _inputs():
        source, _ = extract(text, markup)
        (hits,), errors = pipeline.rule_engine.check([source])
        assert not errors
        for h in sorted(hits, key=lambda h: (h.start, h.end, h.rule, h.message)):
            fields = (name, h.start, h.end, h.rule, int(h.safe_fix), "|".join(h.suggestions), h.message)
            rows.append(hit_row(*fields))
    return rows


def test_rule_hits_equal_the_recorded_list() -> None:
    assert_recorded(_rows(), GOLDEN, minimum=800)  # the inputs are full of injected errors: an empty engine must fail


@pytest.mark.parametrize("kind", ["spelling", "truncation", "consistency"])
def test_every_word_kind_has_hits_in_the_list(kind: str) -> None:
    rules = {"spelling": "typos.non-word", "truncation": "typos.truncated-word",
             "consistency": "typos.inconsistent-spelling"}
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    assert sum(1 for line in lines if line.split("\t")[3] == rules[kind]) >= 10


#: typos.doubled-word as a pattern rule, with the ``candidates`` pre-scan it had then (for ``re``).
DOUBLED = (r"(?|\b(\p{L}++)(?:[ \t]++\n?|\n)[ \t]*+(\1)\b|(?:^|(?<=[.!?][\"”’)]*+[ \t\n]++))((\p{Lu})(\p{Ll}*+))"
           r"(?:[ \t]++\n?|\n)[ \t]*+((?i:\2)\3)\b)")
DOUBLED_CANDIDATES = (r"(?<![A-Za-z])(?:([A-Za-z])([^\W\d_]++)\s++(?:(?i:\1)|[^\x00-\x7f])\2|[^\W\d_A-Za-z]([^\W\d_]++)"
                      r"\s++[^\W\d_]\3|([^\W\d_])\s++(?:(?i:\4)|[^\x00-\x7f]))")


def test_doubled_kind_and_candidates_find_what_the_whole_text_scan_finds() -> None:
    """The doubled-word rule (the doubled kind, compiled) against the pattern it was written as,
    scanned over the whole text and with the ``candidates`` pre-scan of the pattern kind."""
    from dataclasses import replace

    from lint.engines.rules.engine import RuleEngine
    from lint.engines.rules.kinds import KINDS, Context
    from lint.engines.rules.rulefile import builtin_rules_dir, load_rules

    (rule,) = [r for r in load_rules([builtin_rules_dir()]) if r.id == "typos.doubled-word"]
    options = {"regex": DOUBLED, "suggest": "{1}", "safe": False, "exceptions": rule.checker.options["exceptions"]}
    defaults = {key: option.default for key, option in KINDS["pattern"].OPTIONS.items()}
    pattern = KINDS["pattern"]({**defaults, **options})
    whole = replace(rule, checker=pattern)
    candidates = KINDS["pattern"]({**pattern.options, "candidates": DOUBLED_CANDIDATES})
    assert candidates.candidates is not None
    blocks = replace(rule, checker=candidates)
    texts = [text for _, text, _ in _inputs()]
    texts += ["The the cat.\n\nA a\nb b\n\n\nIt is is.", "x\n\nSo so \nso\n\nΣ σ", "m m² and 10 m m.\n\nWORD word", "It was late. S ſ and K k. Ok. Ǆ ǆ."]
    found = 0
    for text in texts:
        fast, slow, scanned = (RuleEngine([r], Context(lambda: None)).check([extract(text, "plain")[0]])[0][0]
                               for r in (rule, whole, blocks))
        assert fast == slow == scanned
        found += len(fast)
    assert found > 50


@pytest.mark.parametrize("rule_id", ["punctuation.backtick-apostrophe", "punctuation.space-before-punctuation"])
def test_candidates_find_what_the_whole_text_scan_finds(rule_id: str) -> None:
    """A pattern rule with its ``candidates`` (a pattern, or literal strings found by substring
    search) against the same rule scanning the whole text, on the inputs and on seeded random
    texts dense in the characters the candidates and the regex look at."""
    from dataclasses import replace

    from lint.engines.rules.engine import RuleEngine
    from lint.engines.rules.kinds import KINDS, Context
    from lint.engines.rules.rulefile import builtin_rules_dir, load_rules

    (rule,) = [r for r in load_rules([builtin_rules_dir()]) if r.id == rule_id]
    assert rule.checker.candidates is not None
    whole = replace(rule, checker=KINDS["pattern"]({**rule.checker.options, "candidates": None}))
    rng = random.Random(16)
    alphabet = ["a", "b", "é", "Σ", " ", "\t", "\n", "\n\n", "`", "´", ",", ".", ";", ":", "!", "?", ")", "1", "’"]
    texts = [text for _, text, _ in _inputs()]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 200))) for _ in range(3000)]
    found = 0
    for text in texts:
        fast, slow = (RuleEngine([r], Context(lambda: None)).check([extract(text, "plain")[0]])[0][0] for r in (rule, whole))
        assert fast == slow, text
        found += len(fast)
    assert found > 100


def test_literal_candidates_are_non_empty_strings() -> None:
    from lint.engines.rules.kinds import KINDS
    from lint.engines.rules.kinds.base import RuleDefinitionError

    defaults = {key: option.default for key, option in KINDS["pattern"].OPTIONS.items()}
    for bad in ([], ["`", ""], ["`", 3]):
        with pytest.raises(RuleDefinitionError, match="non-empty strings") as raised:
            KINDS["pattern"]({**defaults, "regex": "`", "candidates": bad})
        assert raised.value.key == "candidates"


def test_only_the_listed_non_ascii_letters_match_ascii_letters_ignoring_case() -> None:
    """The word lists' run test relies on this list (lint.engines.rules.kinds.simple)."""
    from lint.engines.rules.kinds.simple import FOLDS_TO_ASCII

    letter = re.compile("(?i)[a-z]")
    found = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000 and letter.match(chr(c)))
    assert found == FOLDS_TO_ASCII


def test_word_lists_find_what_a_plain_scan_finds() -> None:
    """Existence and substitution with the run test against the same lists without it."""
    from lint.engines.rules.kinds import Context
    from lint.engines.rules.kinds.simple import WordList

    lists = [WordList("tokens", ["teh", "adn", "Th", "TKTK", "Which"], ignorecase) for ignorecase in (False, True)]
    texts = [text for _, text, _ in _inputs()] + ["Teh adn TEH t\u212atk 4th th-", "th\nTh Tħ \u0130"]
    ctx, found = Context(lambda: None), 0
    for text in texts:
        for words in lists:
            fast = list(words.finditer(text, ctx.words(text)))
            assert fast == list(words.finditer(text))
            found += len(fast)
    assert found > 20


def test_every_spelling_variant_ends_in_a_listed_ending() -> None:
    """The consistency kind skips words without one of _ENDINGS; no variant pattern may match them."""
    from lint._core import words_ending
    from lint.engines.rules.kinds import consistency
    from lint.lexicon import load_lexicon

    words = set(load_lexicon().known) | {w.lower() for _, text, _ in _inputs() for w in re.findall(r"[A-Za-z]+", text)}
    matched = 0
    for word in words:
        if any(pattern.match(word) for pattern, _ in consistency._VARIANTS):
            matched += 1
            assert word.endswith(consistency._ENDINGS), word
    assert matched > 1000
    # The kind picks the words with one of the endings in the compiled core: the same words, in
    # the same order, as endswith.
    assert words_ending(words, consistency._ENDINGS) == [w for w in words if w.endswith(consistency._ENDINGS)]


def test_lexicon_zipf_equals_wordfreq_where_it_stands_in_for_it() -> None:
    """lint.words.ordinary_word asks the lexicon instead of wordfreq for Latin-letter words."""
    from wordfreq import zipf_frequency

    from lint.lexicon import load_lexicon
    from lint.words import same_zipf_as_wordfreq

    lexicon = load_lexicon()
    words = [w for w in lexicon._words[::7] if same_zipf_as_wordfreq(w)]
    words += [w for w in lexicon._words if not w.isascii() and same_zipf_as_wordfreq(w)]
    words += ["Zürich", "Erdoğan", "Öztürk", "Ærø", "Qwzxv", "Governmen", "ThE"]
    assert len(words) > 40_000
    assert [w for w in words if lexicon.zipf(w) != zipf_frequency(w, "en")] == []
    assert not any(map(same_zipf_as_wordfreq, ["Straße", "O'Brien", "Jean-Luc", "Cafe\u0301", "Σοφία", "U.S"]))


def test_ordinary_word_of_a_hyphenated_word_is_wordfreqs_answer() -> None:
    """lint.words.ordinary_word answers 'no' for a hyphenated word with a rare part without wordfreq."""
    from wordfreq import zipf_frequency

    from lint.lexicon import load_lexicon
    from lint.words import ORDINARY_ZIPF, ordinary_word

    lexicon = load_lexicon()
    rng = random.Random(16)
    words = [w for w in lexicon._words[::11] if w.isascii() and w.isalpha()]
    compounds = ["Louis-Gustave", "well-known", "Jean-Luc", "e-mail", "state-of-the-art", "x-", "-ray", "Qwzxv-Ray"]
    common = [w for w in words if 3.3 <= lexicon.zipf(w) < 5.5]  # near the line: wordfreq decides
    compounds += ["-".join(rng.sample(pool, rng.choice((2, 2, 3)))).capitalize() for pool in (words, common) for _ in range(1500)]
    wrong = [w for w in compounds if ordinary_word(w, lexicon) != (zipf_frequency(w, "en") >= ORDINARY_ZIPF)]
    assert wrong == []
    assert sum(ordinary_word(w, lexicon) for w in compounds) > 20
