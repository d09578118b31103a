"""The installed console script end to end: seeds, formats, exit codes and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import ROOT, run_cli, run_json

GOLDEN = json.loads((ROOT / "tests/data/seeds_golden.json").read_text(encoding="utf-8"))["findings"]
NAMES = ["Aghdam", "Bayramov", "Sengendo", "Karabakh", "Bamakhrama", "Jeyhun", "Alghfeli", "Kalbajar", "Samim"]


def key(f: dict) -> tuple:
    return (f["path"], f["line"], f["column"], f["rule"])


def test_seeds_rules_only_match_the_golden_list():
    proc, doc = run_json("--no-languagetool", "seeds/")
    assert proc.returncode == 1, proc.stderr
    assert doc["version"] == 1 and doc["files_checked"] == 5 and doc["errors"] == []
    assert sorted(map(key, doc["findings"])) == sorted(map(key, GOLDEN))
    by_key = {key(f): f for f in doc["findings"]}
    for expected in GOLDEN:
        found = by_key[key(expected)]
        assert found["suggestions"][:1] == ([expected["suggestion"]] if "suggestion" in expected else [])
        assert found["source"] == "rules"
        line = (ROOT / expected["path"]).read_text(encoding="utf-8").splitlines()[found["line"] - 1]
        assert line[found["column"] - 1 : found["end_column"] - 1] == expected["match"]


def test_the_four_seeded_typos_at_exact_positions():
    _, doc = run_json("--no-languagetool", "seeds/")
    got = {(f["path"], f["line"], f["column"]): f["suggestions"][0] for f in doc["findings"] if f["suggestions"]}
    assert got["seeds/000_a2cbbdacb43e1ffb.txt", 35, 107] == "the"
    assert got["seeds/000_a2cbbdacb43e1ffb.txt", 61, 156] == "liberated"
    assert got["seeds/001_6d2201c64f15c868.txt", 17, 156] == "liberated"
    assert got["seeds/002_198df6ab8132d280.txt", 12, 1] == "He"


def test_no_finding_on_proper_names():
    _, doc = run_json("--no-languagetool", "seeds/")
    for f in doc["findings"]:
        line = (ROOT / f["path"]).read_text(encoding="utf-8").splitlines()[f["line"] - 1]
        flagged = line[f["column"] - 1 : f["end_column"] - 1]
        if " " in flagged:
            continue  # a repeated paragraph or a name in two word orders: text, not a word judged
        assert not any(name in flagged for name in NAMES), f


def test_text_format_lines_and_summary():
    proc = run_cli("check", "--no-languagetool", "seeds/002_198df6ab8132d280.txt")
    assert proc.stdout.splitlines() == [
        "seeds/002_198df6ab8132d280.txt:12:1: error [typos.mixed-script] 'Рe' mixes alphabets"
        " ('Р' is CYRILLIC CAPITAL LETTER ER); did you mean 'He'? (suggestion: He)",
        "Found 1 finding (1 error) in 1 file.",
    ]
    assert "\033[" not in proc.stdout  # no colour when not on a terminal


def test_clean_file_exits_zero(tmp_path):
    (tmp_path / "ok.txt").write_text("A clean sentence.\n", encoding="utf-8")
    proc = run_cli("check", "--no-languagetool", str(tmp_path / "ok.txt"))
    assert proc.returncode == 0
    assert proc.stdout == "No findings in 1 file.\n"


@pytest.mark.parametrize(
    "flags,code",
    [([], 1), (["--fail-on", "error"], 0), (["--fail-on", "info"], 1), (["--ignore", "punctuation"], 0)],
)
def test_fail_on_and_ignore_set_the_exit_code(tmp_path, flags, code):
    # Only a warning-level finding: a paragraph that ends in a comma.
    (tmp_path / "a.txt").write_text("It went on,\n\nNext.\n", encoding="utf-8")
    proc = run_cli("check", "--no-languagetool", *flags, str(tmp_path / "a.txt"))
    assert proc.returncode == code, proc.stdout


def test_select_takes_prefixes():
    _, doc = run_json("--no-languagetool", "--select", "typos", "seeds/")
    assert {f["rule"].split(".")[0] for f in doc["findings"]} == {"typos"}
    _, doc = run_json("--no-languagetool", "--select", "typos.non-word,punctuation.quotes", "seeds/")
    assert {f["rule"] for f in doc["findings"]} == {"typos.non-word", "punctuation.quotes"}


def test_stdin_with_a_name():
    proc, doc = run_json("--no-languagetool", "--stdin-filename", "note.txt", "-", stdin="We saw th end.".encode())
    assert proc.returncode == 1
    assert [(f["path"], f["line"], f["column"]) for f in doc["findings"]] == [("note.txt", 1, 8)]


def test_relative_path_stays_relative(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.txt").write_text("against th end\n", encoding="utf-8")
    _, doc = run_json("--no-languagetool", "d", cwd=tmp_path)
    assert doc["findings"][0]["path"] == str(Path("d") / "x.txt")


def assert_one_line_error(proc, *needles: str) -> None:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert errors, proc.stderr
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert any(needle in e for e in errors), proc.stderr


def test_missing_path():
    proc = run_cli("check", "--no-languagetool", "no/such/file.txt")
    assert_one_line_error(proc, "no/such/file.txt: no such file or directory")
    assert proc.stderr.count("\n") == 1


def test_binary_and_undecodable_files_next_to_a_good_one(tmp_path):
    (tmp_path / "good.txt").write_text("The region was iberated.\n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "latin1.txt").write_bytes("Gülşen said café".encode("latin-1", errors="replace"))
    # image.png is named: a folder walk would not even look at it (not prose).
    proc, doc = run_json("--no-languagetool", str(tmp_path), str(tmp_path / "image.png"))
    assert_one_line_error(proc, "latin1.txt: not valid UTF-8")
    assert "note: " in proc.stderr and "image.png: binary file skipped" in proc.stderr
    assert [f["suggestions"] for f in doc["findings"]] == [["liberated"]]
    assert doc["files_checked"] == 1
    assert [e["path"].endswith("latin1.txt") for e in doc["errors"]] == [True]


def write_rule(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


def test_malformed_rule_yaml(tmp_path):
    write_rule(tmp_path / "r", "bad.yaml", "kind: pattern\nmessage: [unclosed\n")
    proc = run_cli("check", "--no-languagetool", "--rules", str(tmp_path / "r"), "seeds/")
    assert_one_line_error(proc, "bad.yaml:", "invalid YAML")


def test_unknown_key_names_file_line_key_and_suggests(tmp_path):
    write_rule(tmp_path / "r", "x.yaml", "kind: pattern\nmessage: m\nregx: 'a'\n")
    proc = run_cli("check", "--no-languagetool", "--rules", str(tmp_path / "r"), "seeds/")
    assert_one_line_error(proc, "x.yaml:3: regx: unknown key (did you mean 'regex'?)")


def test_wrong_type_and_bad_regex(tmp_path):
    write_rule(tmp_path / "r", "t.yaml", "kind: pattern\nmessage: m\nregex: 'a'\nignorecase: 3\n")
    assert_one_line_error(run_cli("check", "--rules", str(tmp_path / "r"), "seeds/"), "t.yaml:4: ignorecase: must be true or false")
    write_rule(tmp_path / "s", "b.yaml", "kind: pattern\nmessage: m\nregex: '(a'\n")
    assert_one_line_error(run_cli("check", "--rules", str(tmp_path / "s"), "seeds/"), "b.yaml:3: regex: invalid regex")


def test_catastrophic_regex_times_out_and_names_the_rule(tmp_path):
    # The look-ahead keeps this pattern off RE2, on the backtracking engine and its budget.
    write_rule(tmp_path / "r" / "team", "slow.yaml", "kind: pattern\nmessage: m\nregex: '(a|aa)+(?=b)'\n")
    (tmp_path / "a.txt").write_text("a" * 200 + "\n", encoding="utf-8")
    proc, doc = run_json("--no-languagetool", "--rules", str(tmp_path / "r"), str(tmp_path / "a.txt"))
    assert_one_line_error(proc, "rule team.slow", "catastrophically")


def test_no_paths_checks_the_current_folder(tmp_path):
    (tmp_path / "a.txt").write_text("It was iberated.\n", encoding="utf-8")
    proc = run_cli("check", "--no-languagetool", cwd=tmp_path)
    assert proc.returncode == 1 and "a.txt:1:8: error [typos.non-word]" in proc.stdout


def test_no_paths_walks_subfolders_with_clean_paths(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("The region was iberated.\n", encoding="utf-8")
    proc, doc = run_json("--no-languagetool", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert [f["path"] for f in doc["findings"]] == ["docs/a.md"]


def test_rules_listing_and_explain():
    listing = run_cli("rules")
    assert listing.returncode == 0
    assert any(line.startswith("typos.mixed-script") for line in listing.stdout.splitlines())
    explain = run_cli("rules", "typos.truncated-word")
    assert explain.returncode == 0 and "against th Azerbaijani" in explain.stdout
    assert_one_line_error(run_cli("rules", "nope"), "no rule 'nope'")


def test_python_dash_m_and_version():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "lint", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("typolint, version ")
