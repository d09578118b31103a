"""A 50 MB single-line file is checked in full by every built-in rule, with no time-out."""

from __future__ import annotations

from support import run_json

from lint.engines.rules.rulefile import builtin_rules_dir, load_rules

FILLER = "The fox jumps over a lazy dog and runs home. "
SIZE = 50_000_000


def _tail() -> tuple[str, set[str]]:
    """One example of every built-in rule, on one line; the comma rule's example ends the file."""
    texts, last = [], ""
    # A repeated paragraph needs two paragraphs, which one line cannot hold.
    rules = [r for r in load_rules([builtin_rules_dir()]) if r.kind != "repetition"]
    for rule in rules:
        example = next(e for e in rule.examples if e.expect and e.formats == "plain")
        first_line = example.text.split("\n", 1)[0]
        if rule.id == "punctuation.paragraph-ends-with-comma":
            last = first_line
        else:
            texts.append(first_line)
    return " ".join([*texts, last]), {r.id for r in rules}


def test_every_builtin_rule_reaches_the_end_of_a_50_mb_line(tmp_path):
    tail, rule_ids = _tail()
    filler = FILLER * (SIZE // len(FILLER))
    (tmp_path / "big.txt").write_text(filler + tail + "\n", encoding="utf-8")
    proc, doc = run_json("--no-languagetool", "big.txt", cwd=tmp_path)
    assert proc.returncode == 1 and "error:" not in proc.stderr, proc.stderr
    at_the_end = {f["rule"] for f in doc["findings"] if f["line"] == 1 and f["column"] > len(filler)}
    assert at_the_end == rule_ids
    assert all(f["column"] > len(filler) for f in doc["findings"])  # the filler itself is clean
