"""The markup filter's gate (``filters._context_may_apply``) in step with its tests.

``markup_context`` asks once per rule and file whether any of its tests can drop a finding of
that rule there, and skips the tests for the rest of the file when none can. The gate restates
which rules and formats the tests cover, so a test added without widening the gate would never
run. Here every YAML rule gets a finding on every word, punctuation mark and line start of
marked-up and plain documents, and the filter must keep exactly the same findings with the gate
as with a gate that lets everything through.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lint import filters
from lint.config import Config
from lint.extract import extract, format_for
from lint.filters import FilterContext, markup_context
from lint.model import Finding
from lint.runner import Pipeline, RunOptions

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted([*(ROOT / "tests/data/markup").iterdir(), *(ROOT / "tests/data/markup_cli").iterdir(),
                    *sorted((ROOT / "seeds").glob("*.txt"))[:3]])
#: Where synthetic findings go: words, runs of punctuation, and each line's first character.
_SPANS = re.compile(r"\w+(?:[ \t]+\w+)?|[^\w\s]+|^.", re.M)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Config(), RunOptions(languagetool=False))


def _context(pipeline: Pipeline, sources: dict) -> FilterContext:
    ctx = FilterContext(Config(), sources)
    ctx.spelling_rules, ctx.kinds = pipeline.spelling_rules(), {r.id: r.kind for r in pipeline.rules}
    ctx.lexicon = lambda: pipeline.rule_engine.context.lexicon
    return ctx


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_the_gate_drops_exactly_what_the_tests_drop(path: Path, pipeline: Pipeline, monkeypatch) -> None:
    name = str(path.relative_to(ROOT))
    source, _ = extract(path.read_text(encoding="utf-8"), format_for(name, {}))
    spans = [m.span() for m in _SPANS.finditer(source.text)]
    findings = [
        Finding(name, location, rule.id, rule.severity, "m", (), "rules", source.original[location.start : location.end])
        for rule in pipeline.rules
        for location, _ in source.locate_all(spans)
    ]
    gated = markup_context(findings, _context(pipeline, {name: source}))
    monkeypatch.setattr(filters, "_context_may_apply", lambda f, ctx: True)
    ungated = markup_context(findings, _context(pipeline, {name: source}))
    assert gated == ungated
    if source.fmt != "plain":  # the comparison means something: some findings were dropped
        assert len(ungated) < len(findings)
