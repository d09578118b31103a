"""LanguageTool on extracted Markdown, reST and HTML: findings in prose only, at exact positions."""

from __future__ import annotations

import pytest

from lint.config import LanguageToolConfig
from lint.extract import extract
from lint.engines.languagetool.engine import LanguageToolEngine
from lt_fixtures import lt_root, real_lt_home  # noqa: F401  (fixtures)

pytestmark = pytest.mark.usefixtures("lt_root")

DOCS = {
    "markdown": (
        "# Notes\n\n```\nShe have a apple.\n```\n\n- In this item she have a apple.\n\n"
        "| Who | What              |\n|-----|-------------------|\n| Ann | She have a apple. |\n\n"
        "Use `she have a apple` in code.\n"
    ),
    "rst": (
        "Notes\n=====\n\n::\n\n    She have a apple.\n\n- In this item she have a apple.\n\n"
        "+-----+-------------------+\n| Ann | She have a apple. |\n+-----+-------------------+\n\n"
        "Use ``she have a apple`` in code.\n"
    ),
    "html": (
        "<h1>Notes</h1>\n<pre>She have a apple.</pre>\n<ul><li>In this item she have a apple.</li></ul>\n"
        "<table><tr><td>Ann</td><td>She have a apple.</td></tr></table>\n"
        "<p>Use <code>she have a apple</code> in code.</p>\n"
    ),
}
#: (line, column, rule, original text) of the prose errors; code holds the same errors.
EXPECTED = {
    "markdown": [(7, 20, "lt.HE_VERB_AGR", "have"), (7, 25, "lt.EN_A_VS_AN", "a"),
                 (11, 13, "lt.HE_VERB_AGR", "have"), (11, 18, "lt.EN_A_VS_AN", "a")],
    "rst": [(8, 20, "lt.HE_VERB_AGR", "have"), (8, 25, "lt.EN_A_VS_AN", "a"),
            (11, 13, "lt.HE_VERB_AGR", "have"), (11, 18, "lt.EN_A_VS_AN", "a")],
    "html": [(3, 26, "lt.HE_VERB_AGR", "have"), (3, 31, "lt.EN_A_VS_AN", "a"),
             (4, 32, "lt.HE_VERB_AGR", "have"), (4, 37, "lt.EN_A_VS_AN", "a")],
}


@pytest.mark.parametrize("fmt", sorted(DOCS))
def test_languagetool_sees_prose_only_at_exact_positions(fmt: str) -> None:
    source, note = extract(DOCS[fmt], fmt)
    assert note is None
    (hits,) = LanguageToolEngine(LanguageToolConfig(cache=False)).hits([source])
    found = []
    for hit in hits:
        loc = source.locate(hit)
        found.append((loc.line, loc.column, hit.rule, source.original[loc.start : loc.end]))
    assert sorted(found) == EXPECTED[fmt]
