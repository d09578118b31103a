"""End to end: typos in code, URLs, link targets and comments of Markdown, reST and HTML files are not
reported; the same typos in prose are, each at its exact original line and column."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from support import ROOT, run_cli, run_json

CASES = ROOT / "tests" / "data" / "markup_cli"

#: (line, column, end_column, rule, matched original text) of every expected finding.
PROSE_FINDINGS = {
    "typos.md": [
        (22, 18, 26, "typos.non-word", "iberated"),  # right after '**'
        (24, 9, 16, "typos.doubled-word", "the the"),
        (26, 1, 3, "typos.mixed-script", "Рe"),
        (28, 11, 12, "punctuation.backtick-apostrophe", "`"),
        (30, 35, 38, "typos.truncated-word", "hte"),  # list item
        (34, 31, 39, "typos.non-word", "iberated"),  # table cell
        (36, 11, 14, "typos.truncated-word", "hte"),  # link text
    ],
    "typos.rst": [
        (21, 18, 26, "typos.non-word", "iberated"),
        (23, 9, 16, "typos.doubled-word", "the the"),
        (25, 1, 3, "typos.mixed-script", "Рe"),
        (27, 11, 12, "punctuation.backtick-apostrophe", "`"),
        (29, 35, 38, "typos.truncated-word", "hte"),
        (34, 31, 39, "typos.non-word", "iberated"),
        (37, 11, 14, "typos.truncated-word", "hte"),
    ],
    "typos.html": [
        (17, 27, 35, "typos.non-word", "iberated"),
        (18, 12, 19, "typos.doubled-word", "the the"),
        (19, 4, 6, "typos.mixed-script", "Рe"),
        (20, 14, 15, "punctuation.backtick-apostrophe", "`"),
        (21, 41, 44, "typos.truncated-word", "hte"),
        (22, 50, 58, "typos.non-word", "iberated"),
        (23, 50, 53, "typos.truncated-word", "hte"),
    ],
}


def _findings(path: Path, tmp: Path | None = None) -> list[tuple[int, int, int, str, str]]:
    # The cases repeat their prose typos inside code on purpose (code is never checked); the
    # learned vocabulary would take those code words for the project's own, so it is off here.
    with tempfile.TemporaryDirectory() as folder:
        config = Path(tmp or folder) / "typolint.yaml"
        config.write_text("learn-vocabulary: false\n", encoding="utf-8")
        proc, doc = run_json("--no-languagetool", "--config", str(config), str(path))
    assert proc.returncode == 1, proc.stderr
    assert doc["files_checked"] == 1 and doc["errors"] == []
    lines = path.read_bytes().decode("utf-8").splitlines()
    found = []
    for f in doc["findings"]:
        assert f["end_line"] == f["line"]
        match = lines[f["line"] - 1][f["column"] - 1 : f["end_column"] - 1]
        found.append((f["line"], f["column"], f["end_column"], f["rule"], match))
    return sorted(found)


@pytest.mark.parametrize("name", sorted(PROSE_FINDINGS))
def test_only_prose_typos_are_found_at_exact_positions(name: str, tmp_path: Path) -> None:
    assert _findings(CASES / name, tmp_path) == PROSE_FINDINGS[name]


@pytest.mark.parametrize("name", sorted(PROSE_FINDINGS))
def test_crlf_files_give_the_same_positions(name: str, tmp_path: Path) -> None:
    crlf = tmp_path / name
    crlf.write_bytes((CASES / name).read_bytes().replace(b"\n", b"\r\n"))
    assert _findings(crlf) == PROSE_FINDINGS[name]


def test_format_follows_the_suffix(tmp_path: Path) -> None:
    # The same Markdown read as plain text: the code and URL typos are reported too.
    plain = tmp_path / "typos.txt"
    shutil.copy(CASES / "typos.md", plain)
    assert len(_findings(plain)) > len(PROSE_FINDINGS["typos.md"])


SUPPRESSED = {
    "doc.md": (
        "<!-- typolint: ignore-next-line -->\n"
        "He said the the report was late.\n\n"
        "The region was iberated. <!-- typolint: ignore[typos.non-word] -->\n\n"
        "Prose that mentions typolint: ignore-next-line switches nothing off.\n"
        "She came with hte others.\n"
    ),
    "doc.rst": (
        ".. typolint: disable[typos.doubled-word]\n\n"
        "He said the the report was late.\n\n"
        ".. typolint: enable[typos.doubled-word]\n\n"
        "Prose that mentions typolint: ignore-next-line switches nothing off.\n"
        "She came with hte others.\n"
    ),
    "doc.html": (
        "<!-- typolint: ignore-next-line -->\n"
        "<p>He said the the report was late.</p>\n"
        "<p>The region was iberated.</p> <!-- typolint: ignore[typos.non-word] -->\n"
        "<p>Prose that mentions typolint: ignore-next-line switches nothing off.\n"
        "She came with hte others.</p>\n"
    ),
}


@pytest.mark.parametrize("name", sorted(SUPPRESSED))
def test_suppressions_live_in_the_format_comments(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(SUPPRESSED[name], encoding="utf-8")
    (line, column, _, rule, match), *rest = _findings(path)
    assert not rest and (rule, match) == ("typos.truncated-word", "hte")
    assert SUPPRESSED[name].splitlines()[line - 1].startswith("She came")


def test_fix_edits_prose_only(tmp_path: Path) -> None:
    original = (
        "Azerbaijan`s minister spoke.\n\n"
        "Run ``Azerbaijan`s`` in code, and the **the** bold one stays.\n\n"
        "```\nAzerbaijan`s\n```\n"
    )
    path = tmp_path / "doc.md"
    path.write_text(original, encoding="utf-8")
    run_cli("check", "--no-languagetool", "--fix", "--unsafe-fixes", str(path))
    assert path.read_text(encoding="utf-8") == original.replace("Azerbaijan`s minister", "Azerbaijan's minister")
