"""Formatters: a fixed list of findings gives exact strings; SARIF validates against the official schema."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from lint import __version__
from lint.formatters import FORMATTERS, format_github, format_json, format_junit, format_sarif, format_text, sarif_uri
from lint.model import FileError, Finding, Location, Severity
from lint.model import Report

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"

FINDINGS = [
    Finding("docs/a, b:c.md", Location(8, 15, 1, 9, 1, 16), "typos.doubled-word", Severity.ERROR,
            "Doubled word: 'the the'.", ("the",), match="the the", safe_fix=True),
    Finding("docs/a, b:c.md", Location(40, 52, 3, 5, 4, 2), "lt.EN_A_VS_AN", Severity.WARNING,
            "Use 'an' (100%),\r\nnot 'a'.", ("an", "a"), source="languagetool", match="a\napple"),
    Finding("notes.txt", Location(0, 4, 1, 1, 1, 5), "typos.non-word", Severity.INFO,
            "Unknown word 'teh'.", ("the",), match="teh", safe_fix=True, fixable=False),
    Finding("notes.txt", Location(10, 14, 2, 3, 2, 7), "custom.x", Severity.WARNING, "Custom 'x'.", ()),
]
ERRORS = [FileError("bad.txt", "cannot decode: invalid UTF-8 at byte 3"), FileError("img.png", "binary file skipped", is_note=True)]
DESCRIPTIONS = {"typos.doubled-word": "The same word twice in a row.", "typos.non-word": "A word no dictionary knows."}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script from the checkout root."""
    script = Path(sys.executable).parent / "typolint"
    return subprocess.run([str(script), *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=600)


def report(findings=FINDINGS, errors=ERRORS, files_checked=4, engine_error=None) -> Report:
    engine = [FileError("LanguageTool", engine_error, status=3)] if engine_error else []
    return Report(list(findings), list(errors) + engine, files_checked)


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_registered_formatters():
    assert sorted(FORMATTERS) == ["github", "json", "junit", "sarif", "text"]
    assert FORMATTERS["github"] is format_github and FORMATTERS["sarif"] is format_sarif
    assert FORMATTERS["junit"] is format_junit


def test_text_is_unchanged():
    assert format_text(report()) == (
        "docs/a, b:c.md:1:9: error [typos.doubled-word] Doubled word: 'the the'. (suggestion: the)\n"
        "docs/a, b:c.md:3:5: warning [lt.EN_A_VS_AN] Use 'an' (100%),\r\nnot 'a'. (suggestion: an)\n"
        "notes.txt:1:1: info [typos.non-word] Unknown word 'teh'. (suggestion: the)\n"
        "notes.txt:2:3: warning [custom.x] Custom 'x'.\n"
        "Found 4 findings (1 error, 2 warning, 1 info) in 4 files. Not everything was checked: 1 error (see above).\n"
    )
    assert format_text(report(errors=[]), quiet=True).endswith("Custom 'x'.\n")
    assert format_text(report([], [], 2)) == "No findings in 2 files.\n"
    assert format_text(report([], [], 1, engine_error="down")) == (
        "No findings in 1 file. Not everything was checked: 1 error (see above).\n"
    )


def test_json_contract():
    doc = json.loads(format_json(report()))
    assert doc["version"] == 1 and doc["files_checked"] == 4
    assert doc["errors"] == [{"path": "bad.txt", "message": "cannot decode: invalid UTF-8 at byte 3"}]
    assert doc["findings"][0] == {
        "path": "docs/a, b:c.md", "line": 1, "column": 9, "end_line": 1, "end_column": 16,
        "rule": "typos.doubled-word", "severity": "error", "message": "Doubled word: 'the the'.",
        "suggestions": ["the"], "source": "rules", "other_rules": [],
    }
    assert [f["severity"] for f in doc["findings"]] == ["error", "warning", "info", "warning"]


def test_github_exact_with_escaping():
    assert format_github(report(engine_error="server stopped: 50% done")) == (
        "::error file=docs/a%2C b%3Ac.md,line=1,col=9,endLine=1,endColumn=16,title=typos.doubled-word"
        "::Doubled word: 'the the'. (suggestion: the)\n"
        "::warning file=docs/a%2C b%3Ac.md,line=3,col=5,endLine=4,endColumn=2,title=lt.EN_A_VS_AN"
        "::Use 'an' (100%25),%0D%0Anot 'a'. (suggestion: an)\n"
        "::notice file=notes.txt,line=1,col=1,endLine=1,endColumn=5,title=typos.non-word"
        "::Unknown word 'teh'. (suggestion: the)\n"
        "::warning file=notes.txt,line=2,col=3,endLine=2,endColumn=7,title=custom.x::Custom 'x'.\n"
        "::error file=bad.txt::cannot decode: invalid UTF-8 at byte 3\n"
        "::error title=LanguageTool::server stopped: 50%25 done\n"
    )


def test_github_empty_report_prints_nothing():
    assert format_github(report([], [], 2)) == ""


def test_sarif_validates(sarif_validator):
    doc = json.loads(format_sarif(report(engine_error="timed out"), rule_descriptions=DESCRIPTIONS))
    sarif_validator.validate(doc)
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    assert run["tool"]["driver"]["name"] == "typolint" and run["tool"]["driver"]["version"] == __version__
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_rules_and_results():
    (run,) = json.loads(format_sarif(report(), rule_descriptions=DESCRIPTIONS))["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [(r["id"], r["shortDescription"]["text"]) for r in rules] == [
        ("typos.doubled-word", "The same word twice in a row."),
        ("lt.EN_A_VS_AN", "Use 'an' (100%),\r\nnot 'a'."),
        ("typos.non-word", "A word no dictionary knows."),
        ("custom.x", "Custom 'x'."),
    ]
    results = run["results"]
    assert [(r["ruleId"], r["ruleIndex"], r["level"]) for r in results] == [
        ("typos.doubled-word", 0, "error"), ("lt.EN_A_VS_AN", 1, "warning"),
        ("typos.non-word", 2, "note"), ("custom.x", 3, "warning"),
    ]
    (location,) = results[1]["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "docs/a%2C%20b%3Ac.md"},
        "region": {"startLine": 3, "startColumn": 5, "endLine": 4, "endColumn": 2, "snippet": {"text": "a\napple"}},
    }
    assert results[1]["message"] == {"text": "Use 'an' (100%),\r\nnot 'a'."}


def test_sarif_fixes_only_for_safe_fixable_findings():
    results = json.loads(format_sarif(report(), rule_descriptions={}))["runs"][0]["results"]
    assert ["fixes" in r for r in results] == [True, False, False, False]
    assert results[0]["fixes"] == [{
        "description": {"text": "Replace with 'the'."},
        "artifactChanges": [{
            "artifactLocation": {"uri": "docs/a%2C%20b%3Ac.md"},
            "replacements": [{
                "deletedRegion": {"startLine": 1, "startColumn": 9, "endLine": 1, "endColumn": 16},
                "insertedContent": {"text": "the"},
            }],
        }],
    }]


def test_sarif_file_errors_become_notifications():
    (run,) = json.loads(format_sarif(report(), rule_descriptions={}))["runs"]
    assert run["invocations"] == [{
        "executionSuccessful": False,
        "toolExecutionNotifications": [{
            "level": "error",
            "message": {"text": "cannot decode: invalid UTF-8 at byte 3"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": "bad.txt"}}}],
        }],
    }]


def test_sarif_clean_run(sarif_validator):
    doc = json.loads(format_sarif(report([], [ERRORS[1]], 3)))
    sarif_validator.validate(doc)
    (run,) = doc["runs"]
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == []


def test_sarif_describes_the_rules_of_the_report_by_default():
    described = report()
    described.descriptions = dict(DESCRIPTIONS)
    (rule, *_) = json.loads(format_sarif(described))["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "typos.doubled-word"
    assert rule["shortDescription"]["text"] == "The same word twice in a row."


@pytest.mark.parametrize(("path", "uri"), [
    ("docs/a.md", "docs/a.md"),
    ("docs\\sub\\a.md", "docs/sub/a.md"),
    ("/abs/x y.txt", "/abs/x%20y.txt"),
    ("C:\\work\\a.md", "file:///C:/work/a.md"),
    ("a:b.txt", "a%3Ab.txt"),
    ("-", "-"),
])
def test_sarif_uri(path, uri):
    assert sarif_uri(path) == uri


def test_junit_parses_and_counts():
    root = ET.fromstring(format_junit(report(engine_error="timed out")))
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "typolint"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "2", "1")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["docs/a, b:c.md", "notes.txt", "bad.txt"]
    failure = cases[0].find("failure")
    assert failure.get("message") == "2 findings (1 error, 1 warning)"
    assert failure.text.splitlines()[0] == "docs/a, b:c.md:1:9: error [typos.doubled-word] Doubled word: 'the the'. (suggestion: the)"
    assert cases[2].find("failure") is None
    assert cases[2].find("error").get("message") == "cannot decode: invalid UTF-8 at byte 3"
    assert suite.find("system-err").text == "LanguageTool: timed out"


def test_junit_escapes_markup_and_control_characters():
    finding = Finding("<a&b>.txt", Location(0, 1, 1, 1, 1, 2), "r.x", Severity.ERROR, 'bell \x07 "<q>" & ]]>')
    root = ET.fromstring(format_junit(report([finding], [], 1)))
    case = root.find("testsuite/testcase")
    assert case.get("name") == "<a&b>.txt"
    assert case.find("failure").text == '<a&b>.txt:1:1: error [r.x] bell \ufffd "<q>" & ]]>'


def test_junit_empty_report():
    suite = ET.fromstring(format_junit(report([], [], 5))).find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("5", "0", "0")
    assert suite.findall("testcase") == []


def test_cli_sarif_on_seeds(sarif_validator):
    proc = run_cli("check", "--no-languagetool", "--format", "sarif", "seeds/")
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    sarif_validator.validate(doc)
    (run,) = doc["runs"]
    assert run["results"], "the seeds have known findings"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert all(uri.startswith("seeds/") for uri in uris)
    assert {r["ruleId"] for r in run["results"]} == {r["id"] for r in run["tool"]["driver"]["rules"]}


def test_cli_offers_every_formatter():
    proc = run_cli("check", "--help")
    assert proc.returncode == 0, proc.stderr
    assert "|".join(sorted(FORMATTERS)) in proc.stdout


@pytest.mark.parametrize("newline", ["\n", "\n    "])
def test_indented_json_writes_what_json_dumps_writes(newline: str) -> None:
    """The JSON formatter's own encoder against json.dumps(indent=2), on random nested values:
    escapes, astral and line-separator characters, lone surrogates, empty containers, records."""
    import random

    from lint.formatters import finding_dict, indented_json

    rng = random.Random(5)
    pieces = ["a", "\n", '"', "\\", "é", "😀", "\u2028", "\x00", "\x1f", "\t", "“", " ", "\ud800", "</"]

    def text() -> str:
        return "".join(rng.choice(pieces) for _ in range(rng.randrange(8)))

    values: list[object] = [finding_dict(f) for f in FINDINGS]
    for _ in range(3000):
        value = {"path": text(), "line": rng.randrange(10**6), "negative": -rng.randrange(1, 5),
                 "flag": rng.choice([True, False, None]), "suggestions": [text() for _ in range(rng.randrange(3))],
                 "empty": [], "nested": {"list": [1, text(), 2.5], "dict": {}, 3: 4}, "float": 1.5}
        if rng.random() < 0.3:
            value["record"] = text()
        values.append(value)
    for value in values:
        assert indented_json(value, newline) == json.dumps(value, ensure_ascii=False, indent=2).replace("\n", newline)


def test_finding_json_is_the_finding_dict_written_by_indented_json() -> None:
    """The JSON formatter's per-finding writer against the contract (finding_dict)."""
    from dataclasses import replace

    from lint.formatters import finding_dict, finding_json, indented_json

    variants = []
    for f in FINDINGS:
        variants += [f, replace(f, record="r\n\"7\"", merged=(FINDINGS[1], FINDINGS[2])), replace(f, suggestions=("😀", "a\u2028b", ""))]
    for f in variants:
        for newline in ("\n", "\n    "):
            assert finding_json(f, newline) == indented_json(finding_dict(f), newline)
