"""A pattern rule finds the same spans, groups and suggestions on RE2 as on the ``regex`` module."""

from __future__ import annotations

import pytest

from lint.engines.rules.kinds import Context
from lint.engines.rules.kinds.simple import Pattern

TEXTS = [
    "Çok güzel: the the café, naïve résumé — 😀 emoji before teh error.\n\nSecond paragraph , here .",
    "ÀÉÎ àéî ÀÉÎ\nline two: colour colour\r\nZürich zürich",
    "",
]
# (regex, ignorecase, group, suggest): all of them RE2 accepts with the same meaning.
LINEAR = [
    (r"[a-zé]+ses", False, 0, None),
    (r"(?P<w>\p{L}+)é", False, "w", "<{w}|{0}|{1}>"),
    (r"t(e)h", True, 1, "{1}{0}"),
    (r"^[^\n]*$", False, 0, None),
    (r"colou?r", True, 0, "color"),
    (r"(😀) (\p{Ll}+)", False, 2, "{2}"),
    (r"[,.](x)?", False, 0, "[{1}]"),
]
# Patterns that must not run on RE2: it lacks them or gives them another meaning.
BACKTRACKING = [r"\bthe\b", r"(\w+) \1", r"(?<=a)b", r"a++", r"x\Z", r"a{,3}", r"[[:alpha:]]+", r"\d+", r"\s+"]


def _pattern(regex: str, ignorecase: bool = False, group: int | str = 0, suggest: str | None = None) -> Pattern:
    options = {"regex": regex, "ignorecase": ignorecase, "group": group, "suggest": suggest,
               "safe": False, "exceptions": [], "scope": "text"}
    return Pattern(options)


@pytest.mark.parametrize("regex, ignorecase, group, suggest", LINEAR)
@pytest.mark.parametrize("scope", ["text", "paragraph"])
def test_re2_and_regex_agree(regex, ignorecase, group, suggest, scope):
    pattern = _pattern(regex, ignorecase, group, suggest)
    pattern.options = {**pattern.options, "scope": scope}
    assert pattern.linear is not None, "RE2 should run this pattern"
    ctx = Context(lambda: None)
    for text in TEXTS:
        on_re2 = list(pattern.find(text, ctx))
        linear, pattern.linear = pattern.linear, None
        on_regex = list(pattern.find(text, ctx))
        pattern.linear = linear
        assert on_re2 == on_regex


def test_some_patterns_match_so_the_comparison_means_something():
    ctx = Context(lambda: None)
    found = [m for regex, *rest in LINEAR for text in TEXTS for m in _pattern(regex, *rest).find(text, ctx)]
    assert len(found) > 10


@pytest.mark.parametrize("regex", BACKTRACKING)
def test_patterns_re2_would_change_stay_on_regex(regex):
    assert _pattern(regex).backtracks
