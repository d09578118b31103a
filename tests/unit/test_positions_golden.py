"""Regression guard: finding positions on every corpus are identical to a reviewed golden file.

A fixed set of test-only rules (``tests/data/positions/rules/``: every word, every run of
punctuation, each line's first word, a few two-word phrases) runs rules-only through the real
command line (``python -m lint`` in this checkout), one rule at a time, over ``seeds/``, ``bench/corpus/clean/``, ``tests/data/markup/``,
``tests/data/markup_cli/`` and ``tests/data/positions/corpus/``. Each file's findings reduce to a
sha256 of its sorted, de-duplicated ``(line, column, end_line, end_column, match)`` list per rule,
which must equal ``tests/data/positions/golden.json``. One rule per run keeps the digest free of
how findings of different rules on one span are merged or de-duplicated.

The rules are test-only, so changes to ``rules/`` never touch the golden; what does is any
change to extraction or to the position map. A change to the golden file must be reviewed like
code: it means some finding moves. Regenerate it with
``TYPOLINT_UPDATE_POSITIONS=1 pytest tests/unit/test_positions_golden.py`` and check the diff.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "positions"
GOLDEN = DATA / "golden.json"
RULES = ["positions.word", "positions.punctuation", "positions.first-word", "positions.phrase"]
CORPORA = ["seeds", "bench/corpus/clean", "tests/data/markup", "tests/data/markup_cli", "tests/data/positions/corpus"]
UPDATE = os.environ.get("TYPOLINT_UPDATE_POSITIONS") == "1"


def _files() -> list[str]:
    """Repository-relative paths of every corpus file (README files included: they are Markdown)."""
    found = []
    for corpus in CORPORA:
        found += [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / corpus).iterdir()) if p.is_file()]
    return found


def _run(rule: str, files: list[str]) -> dict:
    """Run this checkout's command line rules-only with one test rule; return its parsed JSON report."""
    command = [sys.executable, "-m", "lint", "check", "--config", str(DATA / "typolint.yaml"), "--no-languagetool",
               "--rules", str(DATA / "rules"), "--select", rule, "--format", "json", *files]
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    assert not report["errors"], report["errors"]
    return report


def _digests(files: list[str]) -> dict[str, dict[str, object]]:
    """Per file: the number of distinct located matches and the sha256 of their sorted lists, per rule."""
    spans: dict[str, dict[str, set[tuple[int, int, int, int, str]]]] = {f: {r: set() for r in RULES} for f in files}
    for rule in RULES:
        for f in _run(rule, files)["findings"]:
            spans[f["path"]][rule].add((f["line"], f["column"], f["end_line"], f["end_column"], f["message"]))
    digests = {}
    for path, by_rule in spans.items():
        listed = json.dumps({rule: sorted(found) for rule, found in by_rule.items()}, sort_keys=True)
        count = sum(len(found) for found in by_rule.values())
        digests[path] = {"findings": count, "sha256": hashlib.sha256(listed.encode()).hexdigest()}
    return digests


def test_finding_positions_match_the_golden() -> None:
    digests = _digests(_files())
    if UPDATE:
        GOLDEN.write_text(json.dumps(digests, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        pytest.skip("golden regenerated; review the diff")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    changed = sorted(p for p in golden.keys() | digests.keys() if golden.get(p) != digests.get(p))
    assert not changed, f"positions changed in {changed}; if intended, regenerate and review the golden"


def test_the_guard_sees_every_file() -> None:
    # Every corpus file yields findings, so a file the extractor silently empties shows up.
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert set(golden) == set(_files())
    assert all(entry["findings"] > 0 for entry in golden.values())
