"""Merging the findings of two engines on one problem, per file, before the filters."""

from __future__ import annotations

from lint.merge import merge_file
from lint.model import Finding, Location, Severity
from lint.source import plain_source

TEXT = "He said “no.\n\nth end. Another th here\n"
SOURCE = plain_source(TEXT)
QUOTES = {"punctuation.quotes": ("lt.EN_UNPAIRED_QUOTES",)}


def finding(rule: str, start: int, end: int, source: str = "rules") -> Finding:
    return Finding("a.txt", SOURCE.location(start, end), rule, Severity.ERROR, "m", source=source, match=TEXT[start:end])


def test_same_span_merges_into_the_yaml_finding():
    th = TEXT.index("th end")
    lt, yaml = finding("lt.MORFOLOGIK_RULE_EN_US", th, th + 2, "languagetool"), finding("typos.truncated-word", th, th + 2)
    (only,) = merge_file([lt, yaml], SOURCE, {})
    assert only.rule == "typos.truncated-word" and only.merged == (lt,)
    assert only.rules == ("typos.truncated-word", "lt.MORFOLOGIK_RULE_EN_US")


def test_overlapping_span_merges_and_a_distant_one_does_not():
    th = TEXT.index("th end")
    yaml = finding("typos.truncated-word", th, th + 2)
    overlapping = finding("lt.SOME_RULE", th, th + 6, "languagetool")
    distant = finding("lt.OTHER", TEXT.index("Another"), TEXT.index("Another") + 7, "languagetool")
    out = merge_file([distant, overlapping, yaml], SOURCE, {})
    assert [(f.rule, f.rules) for f in out] == [
        ("typos.truncated-word", ("typos.truncated-word", "lt.SOME_RULE")),
        ("lt.OTHER", ("lt.OTHER",)),
    ]


def test_supersedes_works_within_a_paragraph_only():
    q = TEXT.index("“")
    yaml = finding("punctuation.quotes", q, q + 1)
    same_paragraph = finding("lt.EN_UNPAIRED_QUOTES", 0, 2, "languagetool")
    other_paragraph = finding("lt.EN_UNPAIRED_QUOTES", TEXT.index("Another"), TEXT.index("Another") + 7, "languagetool")
    out = merge_file([yaml, same_paragraph, other_paragraph], SOURCE, QUOTES)
    assert [f.rules for f in out] == [("punctuation.quotes", "lt.EN_UNPAIRED_QUOTES"), ("lt.EN_UNPAIRED_QUOTES",)]
    assert out[0].merged == (same_paragraph,) and out[1] == other_paragraph


def test_exact_repeats_collapse():
    a = TEXT.index("th end")
    assert merge_file([finding("typos.x", a, a + 2)] * 3, SOURCE, {}) == [finding("typos.x", a, a + 2)]


def test_many_findings_merge_pairwise_by_span():
    text = "word " * 20_000
    source = plain_source(text)
    many = [Finding("a.txt", source.location(i, i + 4), "typos.x", Severity.ERROR, "m") for i in range(0, len(text), 5)]
    lt = [Finding("a.txt", source.location(i, i + 4), "lt.X", Severity.ERROR, "m", source="languagetool") for i in range(0, len(text), 5)]
    # 20,000 + 20,000 findings: a pairwise comparison would run into the test timeout.
    out = merge_file(many + lt, source, {})
    assert len(out) == 20_000 and all(f.rules == ("typos.x", "lt.X") for f in out)


def test_a_word_finding_merges_into_the_word_not_the_paragraph_around_it():
    th = TEXT.index("th end")
    paragraph = finding("typos.repeated-paragraph", TEXT.index("He"), len(TEXT) - 1)  # starts before the word
    word = finding("typos.truncated-word", th, th + 2)
    lt = finding("lt.MORFOLOGIK_RULE_EN_US", th, th + 2, "languagetool")
    out = merge_file([paragraph, lt, word], SOURCE, {})
    assert [(f.rule, f.rules) for f in out] == [
        ("typos.repeated-paragraph", ("typos.repeated-paragraph",)),
        ("typos.truncated-word", ("typos.truncated-word", "lt.MORFOLOGIK_RULE_EN_US")),
    ]
    wider = finding("lt.SOME_RULE", th, th + 6, "languagetool")  # overlaps both: the narrower owns it
    out = merge_file([paragraph, wider, word], SOURCE, {})
    assert [f.rules for f in out] == [("typos.repeated-paragraph",), ("typos.truncated-word", "lt.SOME_RULE")]


NON_WORD = {"typos.non-word": ("typos.truncated-word",)}


def test_a_yaml_rule_supersedes_another_on_the_same_span_only():
    # One finding per word when two YAML rules flag it ('instea'), rules only and with LanguageTool;
    # a span that only overlaps, or a rule that supersedes nothing, keeps its own finding.
    th, other = TEXT.index("th end"), TEXT.index("th here")
    truncated, non_word = finding("typos.truncated-word", th, th + 2), finding("typos.non-word", th, th + 2)
    lt = finding("lt.MORFOLOGIK_RULE_EN_US", th, th + 2, "languagetool")
    wider = finding("typos.truncated-word", other, other + 7)
    (only, kept) = merge_file([truncated, non_word, wider, finding("typos.non-word", other, other + 2)], SOURCE,
                              NON_WORD)[:2]
    assert only.rules == ("typos.non-word", "typos.truncated-word") and kept.rules == ("typos.non-word",)
    out = merge_file([truncated, non_word, lt], SOURCE, NON_WORD)
    assert [f.rules for f in out] == [("typos.non-word", "typos.truncated-word", "lt.MORFOLOGIK_RULE_EN_US")]
    assert [f.rules for f in merge_file([truncated, non_word], SOURCE, {})] == [
        ("typos.non-word",), ("typos.truncated-word",)]
