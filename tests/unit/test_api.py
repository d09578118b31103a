"""The Python API: lint.check_text and lint.Linter give the CLI's findings for in-memory text."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import lint
from lint.config import Config


def test_check_text_yaml_rules_positions_and_filters() -> None:
    config = Config()
    linter = lint.Linter(config, languagetool=False)
    text = "# Title\n\nUse `the the` here, but he said the the report.\n<!-- typolint: ignore[typos] -->teh\n"
    found = linter.check(text, markup="markdown")
    assert [(f.rule, f.location.line, f.location.column, f.match) for f in found] == [
        ("typos.doubled-word", 3, 33, "the the")
    ]
    assert found[0].safe_fix and found[0].suggestions == ("the",)


def test_api_matches_the_cli(tmp_path) -> None:
    text = "He said the the report. Teh end, th end.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "lint", "check", "--no-languagetool", "--format", "json", "a.txt"],
                         cwd=tmp_path, capture_output=True, text=True)
    cli = [(f["rule"], f["line"], f["column"]) for f in json.loads(out.stdout)["findings"]]
    api = [(f.rule, f.location.line, f.location.column) for f in lint.Linter(languagetool=False).check(text)]
    assert api == cli and api


def test_unknown_markup_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown markup 'latex'"):
        lint.Linter(languagetool=False).check("x", markup="latex")


def test_import_lint_does_not_load_the_api() -> None:
    code = "import sys, lint; print('lint.api' in sys.modules, 'lint.runner' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
