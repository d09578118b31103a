"""Every built-in rule's own examples, and checks on the rule data itself."""

from __future__ import annotations

import pytest

from lint.engines.rules.engine import RuleEngine
from lint.extract import extract
from lint.engines.rules.kinds import Context
from lint.lexicon import load_lexicon
from lint.engines.rules.rulefile import builtin_rules_dir, load_rules

RULES = load_rules([builtin_rules_dir()])
CASES = [(rule, i) for rule in RULES for i in range(len(rule.examples))]


@pytest.mark.parametrize("rule,index", CASES, ids=[f"{r.id}[{i}]" for r, i in CASES])
def test_example(rule, index):
    example = rule.examples[index]
    source, _ = extract(example.text, example.formats)
    (hits,), errors = RuleEngine([rule], Context(load_lexicon)).check([source])
    assert not errors
    got = []
    for hit in hits:
        loc = source.locate(hit)
        got.append((loc.line, loc.column, source.original[loc.start : loc.end]))
    assert got == [(e.line, e.column, e.match) for e in example.expect]
    for hit, expected in zip(hits, example.expect):
        if expected.suggestion is not None:
            assert hit.suggestions[:1] == (expected.suggestion,)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_positive_and_negative_examples(rule):
    assert any(e.expect for e in rule.examples), f"{rule.path}: no example that must be flagged"
    assert any(not e.expect for e in rule.examples), f"{rule.path}: no example that must stay silent"
    assert rule.description, f"{rule.path}: no description"


def test_ids_are_unique():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("rule", [r for r in RULES if r.kind == "substitution"], ids=lambda r: r.id)
def test_swap_lists_are_sorted_and_never_map_to_themselves(rule):
    swap = rule.checker.options["swap"]
    assert list(swap) == sorted(swap), f"{rule.path}: keep the swap list sorted"
    assert all(k.lower() != v.lower() for k, v in swap.items())
