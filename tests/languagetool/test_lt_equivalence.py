"""Speed work changes no LanguageTool finding: the engine's hits on fixed inputs equal a committed list.

The inputs are the sample articles (seeds/), the clean bench corpus (bench/corpus/clean), prose
generated the way ``bench/run.py`` generates its LanguageTool corpus (the same generator, fixed
nonces: many of its paragraphs leave a quote open), two generated READMEs, and a text with
astral characters (emoji, a mathematical letter) before and inside its errors and quotes. They
go to a real LanguageTool server with the result cache off, in one check, as ``typolint check``
sends them. The list was recorded with the engine that ended a request at every paragraph
leaving a quote or bracket open; every later run must give the same hits, byte for byte:
offsets (code points of the extracted text), rule, severity, message and suggestions.

An intended change of LanguageTool's findings (a new disabled rule, another LanguageTool
version) refreshes the list with
``TYPOLINT_UPDATE_HITS=1 pytest tests/languagetool/test_lt_equivalence.py``; review the diff.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

from lint.config import LanguageToolConfig
from lint.engines.languagetool.engine import LanguageToolEngine
from lint.extract import extract
from lt_fixtures import lt_root, real_lt_home  # noqa: F401  (fixtures)
from support import assert_recorded, hit_row

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "data" / "lt_hits.tsv"
sys.path.insert(0, str(ROOT / "bench"))
import run as bench  # noqa: E402  (the bench corpus generators)

pytestmark = pytest.mark.usefixtures("lt_root")

#: Astral characters (two UTF-16 units each) before errors, inside quotes, and quotes left open.
ASTRAL = (
    "The 🚀 launch was recieved well, and the 𝒳 team said \"it is it is fine.\n\n"
    "She wrote “🙂 teh answer” and left.\n\n"
    "He said, \"We will go tomorow.\" Then 🎉 he left (for good.\n\n"
    "Their is a 🐍 problem here: \"the the code.\n\n"
    "A last paragraph with an error: it dont work.\n"
)


def _noisy():
    """tests/unit/test_rules_speed_equivalence.py's ``noisy``: typing slips put into a text."""
    path = ROOT / "tests" / "unit" / "test_rules_speed_equivalence.py"
    spec = importlib.util.spec_from_file_location("rules_equivalence_for_lt", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.noisy


def _inputs() -> list[tuple[str, str, str]]:
    """(name, text, markup) of every input, in a fixed order: each file as it is, and all but the
    clean corpus (many files of few findings) once more with slips."""
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "bench" / "corpus" / "clean").glob("*.txt"))
    docs = [(p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8"), "plain") for p in files]
    for nonce in (16, 1616):  # ~40 KB of the LanguageTool bench prose (30 paragraphs a file)
        gen = bench.unique_sentences(random.Random(nonce), bench.sentences())
        for i in range(1, 3):
            paras = [" ".join(next(gen) for _ in range(4)) for _ in range(30)]
            docs.append((f"generated/lt_{nonce}_{i}.txt", "\n\n".join(paras) + "\n", "plain"))
    rng, pool = random.Random(7), bench.sentences()
    docs += [(f"generated/readme_{i}.md", bench.readme(rng, pool, 6_000), "markdown") for i in range(2)]
    rng, noisy = random.Random(16), _noisy()
    docs += [(f"{name} (slips)", noisy(text, rng), markup) for name, text, markup in docs if "/clean/" not in name]
    return docs + [("astral.txt", ASTRAL, "plain")]


def _rows() -> list[str]:
    """One tab-separated line per hit: input, start, end, rule, severity, suggestions, message."""
    inputs = _inputs()
    sources = [extract(text, markup)[0] for _, text, markup in inputs]
    # A generous timeout: a cold server on a loaded machine took over 60 s for its first 10,000-character requests.
    found = LanguageToolEngine(LanguageToolConfig(cache=False, timeout=600.0)).hits(sources)
    rows = []
    for (name, _, _), hits in zip(inputs, found):
        for h in hits:
            fields = (name, h.start, h.end, h.rule, h.severity.name, "|".join(h.suggestions), h.message)
            rows.append(hit_row(*fields))
    return rows


def test_languagetool_hits_equal_the_recorded_list() -> None:
    assert_recorded(_rows(), GOLDEN, minimum=500)  # real text with real findings: an engine that finds nothing must fail


def test_the_list_holds_unpaired_quotes_and_astral_positions() -> None:
    """The inputs exercise what packing and position mapping can get wrong."""
    lines = [line.split("\t") for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    assert sum(1 for f in lines if f[3] == "lt.EN_UNPAIRED_QUOTES") >= 10
    astral = [f for f in lines if f[0] == "astral.txt"]
    assert len(astral) >= 4
    for f in astral:  # every position is in code points: the span's text is what the message names
        flagged = ASTRAL[int(f[1]) : int(f[2])]
        assert f[6].startswith(f"'{' '.join(flagged.split())[:39]}"), f
