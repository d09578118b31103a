"""Workflow features end to end through the console script: config, suppressions, baseline,
--fix, changed lines, init and format selection."""

from __future__ import annotations

import json

import os
import stat
import subprocess
from pathlib import Path

import pytest

from support import run_cli, run_json

RULES_ONLY = "--no-languagetool"


def write(path: Path, text: str, **kw) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", **kw)
    return path


def rules_of(doc) -> list[tuple[str, int]]:
    return [(f["rule"], f["line"]) for f in doc["findings"]]


# --- config --------------------------------------------------------------------------------


def test_config_is_found_by_walking_up_and_applies(tmp_path):
    write(tmp_path / ".typolint.yaml", "ignore: [typos.truncated-word]\nseverity: {typos: warning}\nfail-on: error\n")
    write(tmp_path / "sub" / "a.txt", "against th wall and iberated\n")
    proc, doc = run_json(RULES_ONLY, "a.txt", cwd=tmp_path / "sub")
    assert rules_of(doc) == [("typos.non-word", 1)]
    assert doc["findings"][0]["severity"] == "warning"
    assert proc.returncode == 0  # fail-on error, and the finding is now a warning


def test_pyproject_tool_table(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.typolint]\nselect = ["punctuation"]\n')
    write(tmp_path / "a.txt", "against th wall, he said .\n")
    _, doc = run_json(RULES_ONLY, "a.txt", cwd=tmp_path)
    assert rules_of(doc) == [("punctuation.space-before-punctuation", 1)]


def test_unknown_config_key_suggests_the_closest(tmp_path):
    write(tmp_path / ".typolint.yaml", "ignroe: [typos]\n")
    write(tmp_path / "a.txt", "x\n")
    proc = run_cli("check", RULES_ONLY, "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith(".typolint.yaml: ignroe: unknown key (did you mean 'ignore'?)")
    assert "Traceback" not in proc.stderr


def test_explicit_config_overrides_exclude_and_per_glob(tmp_path):
    write(tmp_path / "conf.yaml", "exclude: ['skip/**']\noverrides:\n  - files: 'legacy/**'\n    ignore: [typos]\n")
    write(tmp_path / "skip" / "a.txt", "th end\n")
    write(tmp_path / "legacy" / "b.txt", "th end , ok\n")
    write(tmp_path / "c.txt", "th end\n")
    _, doc = run_json(RULES_ONLY, "--config", "conf.yaml", ".", cwd=tmp_path)
    assert sorted((f["path"], f["rule"]) for f in doc["findings"]) == [
        ("./c.txt", "typos.truncated-word"),
        ("./legacy/b.txt", "punctuation.space-before-punctuation"),
    ]


def test_vocabulary_applies_to_rules(tmp_path):
    write(tmp_path / "words.txt", "# house terms\niberated\n")
    write(tmp_path / ".typolint.yaml", "vocabulary: [words.txt]\n")
    write(tmp_path / "a.txt", "The iberated zone.\n")
    proc, doc = run_json(RULES_ONLY, "a.txt", cwd=tmp_path)
    assert doc["findings"] == [] and proc.returncode == 0


def test_init_writes_a_valid_starter(tmp_path):
    assert run_cli("init", cwd=tmp_path).returncode == 0
    assert (tmp_path / ".typolint.yaml").read_text().startswith("# typolint configuration")
    write(tmp_path / "a.txt", "fine.\n")
    assert run_cli("check", RULES_ONLY, "a.txt", cwd=tmp_path).returncode == 0
    assert run_cli("init", cwd=tmp_path).returncode == 2


# --- suppressions ----------------------------------------------------------------------------


def test_plain_text_suppressions(tmp_path):
    write(tmp_path / "a.txt", "\n".join([
        "th one typolint: ignore[typos.truncated-word]",
        "typolint: ignore-next-line[typos]",
        "th two",
        "typolint: disable[typos.truncated-word]",
        "th three",
        "typolint: enable[typos.truncated-word]",
        "th four",
        "th five typolint: ignore[punctuation]",
    ]) + "\n")
    proc, doc = run_json(RULES_ONLY, "a.txt", cwd=tmp_path)
    assert rules_of(doc) == [("typos.truncated-word", 7), ("typos.truncated-word", 8)]
    unused = run_cli("check", RULES_ONLY, "--report-unused-suppressions", "a.txt", cwd=tmp_path)
    assert (
        "a.txt:8:9: warning [typolint.unused-suppression] Unused suppression: ignore[punctuation] silenced nothing."
        in unused.stdout
    )
    as_json = json.loads(run_cli("check", RULES_ONLY, "--format", "json", "--report-unused-suppressions", "a.txt",
                                 cwd=tmp_path).stdout)
    assert rules_of(as_json)[-1] == ("typolint.unused-suppression", 8)


def test_disable_file(tmp_path):
    write(tmp_path / "a.txt", "typolint: disable-file\nth end, the the\n")
    assert run_json(RULES_ONLY, "a.txt", cwd=tmp_path)[1]["findings"] == []


def test_markdown_suppression_lives_in_comments_only(tmp_path):
    write(tmp_path / "a.md", "<!-- typolint: ignore-next-line -->\nth one\n\nSay typolint: ignore here, th two\n")
    _, doc = run_json(RULES_ONLY, "a.md", cwd=tmp_path)
    assert rules_of(doc) == [("typos.truncated-word", 4)]


# --- baseline ----------------------------------------------------------------------------------


def test_baseline_hides_known_findings_and_survives_line_moves(tmp_path):
    write(tmp_path / "a.txt", "th one\n\niberated two\n")
    made = run_cli("baseline", RULES_ONLY, "-o", "base.json", "a.txt", cwd=tmp_path)
    assert made.returncode == 0 and "Wrote 2 entries" in made.stdout
    write(tmp_path / "a.txt", "New first line.\n\nth one\n\niberated two\n\nth new\n")
    proc, doc = run_json(RULES_ONLY, "--baseline", "base.json", "a.txt", cwd=tmp_path)
    assert rules_of(doc) == [("typos.truncated-word", 7)]
    write(tmp_path / "a.txt", "th one\n")
    stale = run_cli("check", RULES_ONLY, "--baseline", "base.json", "--verbose", "a.txt", cwd=tmp_path)
    assert (
        "base.json:3:1: info [typolint.stale-baseline-entry] Stale baseline entry: a.txt [typos.non-word] 'iberated'"
        " matched nothing." in stale.stdout
    )


def test_missing_baseline_is_an_error(tmp_path):
    write(tmp_path / "a.txt", "x\n")
    proc = run_cli("check", RULES_ONLY, "--baseline", "nope.json", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "nope.json: no such baseline file" in proc.stderr


# --- fix ---------------------------------------------------------------------------------------

TYPOS = "Рe said Azerbaijan`s team met the the press , and iberated.\n"
FIXED = "He said Azerbaijan's team met the press, and iberated.\n"  # the non-word fix is not safe


@pytest.mark.parametrize(
    "encoding,newline",
    [("utf-8", "\n"), ("utf-8-sig", "\r\n"), ("utf-16", "\r\n"), ("utf-8", "\r")],
)
def test_fix_keeps_encoding_bom_newlines_and_mode(tmp_path, encoding, newline):
    path = tmp_path / "a.txt"
    path.write_bytes(("Intro.\n\n" + TYPOS).replace("\n", newline).encode(encoding))
    os.chmod(path, 0o640)
    proc = run_cli("check", RULES_ONLY, "--fix", "a.txt", cwd=tmp_path)
    assert proc.returncode == 1  # the unsafe non-word is left and reported
    assert "a.txt:3:" in proc.stdout and "typos.non-word" in proc.stdout
    assert path.read_bytes() == ("Intro.\n\n" + FIXED).replace("\n", newline).encode(encoding)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    again = run_cli("check", RULES_ONLY, "--fix", "a.txt", cwd=tmp_path)
    assert "fixed:" not in again.stderr
    assert path.read_bytes() == ("Intro.\n\n" + FIXED).replace("\n", newline).encode(encoding)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".typolint")]


def test_unsafe_fixes(tmp_path):
    path = write(tmp_path / "a.txt", TYPOS)
    proc = run_cli("check", RULES_ONLY, "--fix", "--unsafe-fixes", "a.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert path.read_text(encoding="utf-8") == FIXED.replace("iberated", "liberated")


def test_diff_prints_and_writes_nothing(tmp_path):
    path = write(tmp_path / "a.txt", TYPOS)
    proc = run_cli("check", RULES_ONLY, "--diff", "a.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[:3] == ["--- a/a.txt", "+++ b/a.txt", "@@ -1 +1 @@"]
    assert f"+{FIXED}" in proc.stdout
    assert path.read_text(encoding="utf-8") == TYPOS


def test_fix_never_touches_code_or_urls(tmp_path):
    text = "Use `the the` here: <https://x.org/the%20the>.\n\n```\nРe the the\n```\n\nРe said.\n"
    path = write(tmp_path / "a.md", text)
    run_cli("check", RULES_ONLY, "--fix", "a.md", cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == text.replace("\n\nРe said.", "\n\nHe said.")


# --- changed lines -----------------------------------------------------------------------------


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e"}
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def test_diff_base_and_staged_report_changed_lines_only(tmp_path):
    git(tmp_path, "init", "-q")
    write(tmp_path / "a.txt", "th old\n\nfine\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "x")
    write(tmp_path / "a.txt", "th old\n\nth new\n")
    _, doc = run_json(RULES_ONLY, "--diff-base", "HEAD", "a.txt", cwd=tmp_path)
    assert rules_of(doc) == [("typos.truncated-word", 3)]
    _, doc = run_json(RULES_ONLY, "--staged", "a.txt", cwd=tmp_path)
    assert doc["findings"] == []
    git(tmp_path, "add", "a.txt")
    _, doc = run_json(RULES_ONLY, "--staged", "a.txt", cwd=tmp_path)
    assert rules_of(doc) == [("typos.truncated-word", 3)]
    bad = run_cli("check", RULES_ONLY, "--diff-base", "no-such-ref", "a.txt", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stderr.startswith("error: git diff")


# --- formats -----------------------------------------------------------------------------------


def test_github_format_is_the_default_under_actions(tmp_path):
    write(tmp_path / "a.txt", "th end\n")
    proc = run_cli("check", RULES_ONLY, "a.txt", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert proc.stdout.startswith("::error file=a.txt,line=1,col=1,endLine=1,endColumn=3,")


def test_statistics(tmp_path):
    write(tmp_path / "a.txt", "th end, th end\n")
    proc = run_cli("check", RULES_ONLY, "--statistics", "a.txt", cwd=tmp_path)
    assert proc.stdout.splitlines()[-1].split() == ["2", "typos.truncated-word"]
