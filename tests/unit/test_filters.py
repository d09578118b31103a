"""The filter pipeline on fixed findings: prefixes, merged findings, baseline, severity, sort."""

from __future__ import annotations

from dataclasses import replace

from lint.config import Config, Override
from lint.filters import FilterContext, apply, matches_prefix, rule_enabled
from lint.model import Finding, Location, Severity
from lint.source import plain_source

TEXT = "He said “no.\n\nth end. Another th here\n"
SOURCE = plain_source(TEXT)


def finding(rule: str, start: int, end: int, source: str = "rules", sev=Severity.ERROR, path="a.txt") -> Finding:
    line = TEXT.count("\n", 0, start) + 1
    col = start - (TEXT.rfind("\n", 0, start) + 1) + 1
    loc = Location(start, end, line, col, line, col + end - start)
    return Finding(path, loc, rule, sev, "m", source=source, match=TEXT[start:end])


def run(findings, config=Config(), **kw):
    return apply(findings, FilterContext(config, {"a.txt": SOURCE}, **kw))


def test_prefixes_are_dotted_not_textual():
    assert matches_prefix("typos.x", ["typos"]) and matches_prefix("typos.x", ["typos."])
    assert not matches_prefix("typosx.y", ["typos"])
    assert rule_enabled("lt.X", ["lt"], ["lt.Y"]) and not rule_enabled("lt.Y", ["lt"], ["lt.Y"])


def test_severity_overrides_most_specific_and_per_glob():
    th = TEXT.index("th end")
    config = Config(
        severity=(("typos", Severity.INFO), ("typos.truncated-word", Severity.WARNING)),
        overrides=(Override("legacy/*", severity=(("typos", Severity.ERROR),)),),
        root=__import__("pathlib").Path.cwd(),
    )
    assert run([finding("typos.truncated-word", th, th + 2)], config)[0].severity == Severity.WARNING
    legacy = finding("typos.truncated-word", th, th + 2, path="legacy/a.txt")
    out = apply([legacy], FilterContext(config, {"legacy/a.txt": SOURCE}))
    assert out[0].severity == Severity.ERROR


def test_order_is_by_position():
    a, b = TEXT.index("th end"), TEXT.index("th here")
    kept = run([finding("typos.x", b, b + 2), finding("typos.x", a, a + 2)])
    assert [f.location.start for f in kept] == [a, b]


def test_an_ignored_rule_hands_over_to_the_finding_merged_into_it():
    th = TEXT.index("th end")
    lt = finding("lt.MORFOLOGIK_RULE_EN_US", th, th + 2, "languagetool")
    merged = replace(finding("typos.truncated-word", th, th + 2), merged=(lt,))
    assert run([merged], Config(ignore=("typos",))) == [lt]
    assert run([merged], Config(ignore=("lt",))) == [replace(merged, merged=())]
    assert run([merged], Config(ignore=("lt", "typos"))) == []


def test_a_baseline_entry_for_either_rule_covers_both():
    th = TEXT.index("th end")
    lt = finding("lt.MORFOLOGIK_RULE_EN_US", th, th + 2, "languagetool")
    merged = replace(finding("typos.truncated-word", th, th + 2), merged=(lt,))
    for rule in ("typos.truncated-word", "lt.MORFOLOGIK_RULE_EN_US"):
        assert run([merged], baseline={("a.txt", rule, "th", 0): 2}) == []
    assert run([merged], baseline={("a.txt", "typos.other", "th", 0): 2}) == [merged]


def test_capitalised_words_with_latin_diacritics_are_names_not_slips():
    from lint.filters import foreign_name

    assert foreign_name("Bollobás") and foreign_name("Português") and foreign_name("Šubelj")
    assert foreign_name("Rød") and foreign_name("Łukasz")  # letters that do not decompose
    assert not foreign_name("Recieve")  # an ASCII slip stays a slip
    assert not foreign_name("café")  # lowercase: a word, which the speller judges
    assert not foreign_name("Тест") and not foreign_name("Straße")  # Cyrillic (mixed script), no diacritic
