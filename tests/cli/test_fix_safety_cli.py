"""--fix and --diff that cannot damage a file: fix classes, links, read-only files, owners, races,
idempotence, and --diff patches that git apply and patch -p1 apply in every encoding."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from lint.engines.rules.engine import RuleEngine
from lint.extract import extract
from lint.fix import FilePlan, write_fix
from lint.engines.rules.kinds import Context
from lint.lexicon import load_lexicon
from lint.reading import decode
from lint.engines.rules.rulefile import builtin_rules_dir, load_rules
from support import SCRIPT, run_cli

RULES_ONLY = "--no-languagetool"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    return path


def fix(folder: Path, *args: str):
    return run_cli("check", RULES_ONLY, "--fix", *args, cwd=folder)


# --- which fixes are safe -----------------------------------------------------------------------


def test_only_look_alikes_backticks_and_quote_halves_are_safe_rules():
    """Run every rule's own examples: only three rules may mark a fix safe (the rule decides)."""
    safe = set()
    for rule in load_rules([builtin_rules_dir()]):
        for example in rule.examples:
            source, _ = extract(example.text, example.formats)
            (hits,), _ = RuleEngine([rule], Context(load_lexicon)).check([source])
            safe.update(rule.id for hit in hits if hit.safe_fix)
    assert sorted(safe) == ["punctuation.backtick-apostrophe", "punctuation.quotes", "typos.mixed-script"]


SAFE_CASES = [
    ("Рe said so.\n", "He said so.\n"),                                     # look-alike letter
    ("Azerbaijan`s team.\n", "Azerbaijan's team.\n"),                       # backtick apostrophe
    ('"We will help,” he said.\n', "“We will help,” he said.\n"),           # wrong quote half
]
UNSAFE_CASES = [
    ("He met the the press.\n", "He met the press.\n"),                     # doubled word
    ("He said so , and left.\n", "He said so, and left.\n"),                # space before punctuation
    ("The region was iberated.\n", "The region was liberated.\n"),          # spelling suggestion
    ("He came th day before.\n", "He came the day before.\n"),              # truncated word
]


@pytest.mark.parametrize("before,after", SAFE_CASES)
def test_safe_fixes_apply_with_fix(tmp_path, before, after):
    path = write(tmp_path / "a.md", before)
    fix(tmp_path, "a.md")
    assert path.read_text(encoding="utf-8") == after


@pytest.mark.parametrize("before,after", UNSAFE_CASES)
def test_unsafe_fixes_need_unsafe_fixes(tmp_path, before, after):
    path = write(tmp_path / "a.md", before)
    proc = fix(tmp_path, "a.md")
    assert path.read_text(encoding="utf-8") == before and proc.returncode == 1
    fix(tmp_path, "--unsafe-fixes", "a.md")
    assert path.read_text(encoding="utf-8") == after


@pytest.mark.parametrize("text", [
    "| Bitwise AND and assignment | `&=` |\n",
    "Be patient :) and wink ;) at them.\n",
])
def test_no_fix_at_all_for_case_different_words_and_emoticons(tmp_path, text):
    path = write(tmp_path / "a.md", text)
    fix(tmp_path, "--unsafe-fixes", "a.md")
    assert path.read_text(encoding="utf-8") == text


def test_fix_is_idempotent_on_repeated_words(tmp_path):
    text = "He said the the the the report was late , and and and then Рe left.\n"
    path = write(tmp_path / "a.md", text)
    first = fix(tmp_path, "--unsafe-fixes", "a.md")
    assert "fixed: a.md" in first.stderr
    assert path.read_text(encoding="utf-8") == "He said the report was late, and then He left.\n"
    second = fix(tmp_path, "--unsafe-fixes", "a.md")
    assert "fixed:" not in second.stderr and second.returncode == 0


# --- what is written, and how -------------------------------------------------------------------


def test_a_symlink_is_never_written_through(tmp_path):
    target = write(tmp_path / "outside" / "real.md", "Рe said so.\n")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "link.txt").symlink_to(target)
    proc = fix(tree, "link.txt")
    assert target.read_text(encoding="utf-8") == "Рe said so.\n"
    assert (tree / "link.txt").is_symlink()
    assert f"note: link.txt: is a symlink; not written through (to fix it, name its target: {target})" in proc.stderr
    diff = run_cli("check", RULES_ONLY, "--diff", "link.txt", cwd=tree)
    assert diff.stdout == "" and "is a symlink" in diff.stderr
    fix(tree, str(target))
    assert target.read_text(encoding="utf-8") == "He said so.\n"


def test_a_hard_linked_file_is_edited_in_place_keeping_its_links(tmp_path):
    path = write(tmp_path / "a.md", "Рe said so.\n")
    os.link(path, tmp_path / "b.md")
    inode = path.stat().st_ino
    fix(tmp_path, "a.md")
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == "He said so.\n"
    assert path.stat().st_ino == inode and path.stat().st_nlink == 2


def test_a_read_only_file_is_left_alone_with_a_note(tmp_path):
    path = write(tmp_path / "a.md", "Рe said so.\n")
    os.chmod(path, 0o444)
    proc = fix(tmp_path, "a.md")
    assert path.read_text(encoding="utf-8") == "Рe said so.\n"
    assert "note: a.md: read-only; not fixed" in proc.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another owner")
def test_owner_and_group_are_kept(tmp_path):
    path = write(tmp_path / "a.md", "Рe said so.\n")
    os.chown(path, 12345, 23456)
    fix(tmp_path, "a.md")
    assert path.read_text(encoding="utf-8") == "He said so.\n"
    assert (path.stat().st_uid, path.stat().st_gid) == (12345, 23456)


@pytest.mark.parametrize("links", [1, 2])
def test_a_file_changed_after_reading_is_not_written(tmp_path, links):
    path = write(tmp_path / "a.md", "Рe said so.\n")
    if links == 2:
        os.link(path, tmp_path / "b.md")  # the in-place writer checks too
    encoded = decode(path.read_bytes())
    plan = FilePlan(str(path), encoded, "He said so.\n", 1)
    write(path, "Рe said so, and then more.\n")  # an editor saves meanwhile
    problem = write_fix(plan)
    assert problem is not None and not problem.is_note
    assert problem.message == "changed while the fixes were made; not written (run --fix again)"
    assert path.read_text(encoding="utf-8") == "Рe said so, and then more.\n"
    assert write_fix(FilePlan(str(path), decode(path.read_bytes()), "He said so, and then more.\n", 1)) is None
    assert path.read_text(encoding="utf-8") == "He said so, and then more.\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".typolint")]


# --- --diff round trip ----------------------------------------------------------------------------

TEXT = ["Рe said the the report , and", "Azerbaijan`s team was iberated.", "", "Last line Рe."]
NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r", "mixed": None}
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"]


def encoded(lines: list[str], newline: str | None, encoding: str, final: bool) -> bytes:
    if newline is None:
        ends = ["\r\n", "\n", "\r", "\n"]
        text = "".join(line + ends[i % 4] for i, line in enumerate(lines))
    else:
        text = newline.join(lines) + (newline if final else "")
    if encoding == "utf-16-le":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-16-be":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


CASES = [(e, n, True) for e in ENCODINGS for n in NEWLINES] + [
    ("utf-8", "lf", False), ("utf-8-sig", "crlf", False), ("utf-16-le", "cr", False), ("utf-16-be", "mixed", False)]


@pytest.mark.parametrize("encoding,newline,final", CASES,
                         ids=[f"{e}-{n}{'' if f else '-no-final-newline'}" for e, n, f in CASES])
def test_diff_applies_with_git_apply_and_patch(tmp_path, encoding, newline, final):
    original = encoded(TEXT, NEWLINES[newline], encoding, final)
    work = tmp_path / "work"
    work.mkdir()
    (work / "doc.txt").write_bytes(original)
    diff = subprocess.run([str(SCRIPT), "check", RULES_ONLY, "--diff", "--unsafe-fixes", "doc.txt"], cwd=work,
                          capture_output=True)  # bytes: a UTF-16 patch is not UTF-8 text
    raw = diff.stdout
    assert diff.returncode == 1 and raw.startswith(b"--- a/doc.txt\n+++ b/doc.txt\n@@ -1")
    assert (work / "doc.txt").read_bytes() == original  # --diff writes nothing
    fix(work, "--unsafe-fixes", "doc.txt")
    expected = (work / "doc.txt").read_bytes()
    assert expected != original and decode(expected).text.count("He") == 2
    patch = tmp_path / "fix.patch"
    patch.write_bytes(raw)
    for tool in (["git", "apply", str(patch)], ["patch", "-p1", "--quiet", "-i", str(patch)]):
        target = tmp_path / tool[0]
        target.mkdir()
        (target / "doc.txt").write_bytes(original)
        if tool[0] == "git":
            subprocess.run(["git", "init", "-q"], cwd=target, check=True)
        proc = subprocess.run(tool, cwd=target, capture_output=True)
        assert proc.returncode == 0, proc.stderr
        assert (target / "doc.txt").read_bytes() == expected, tool[0]
        shutil.rmtree(target)


def test_a_fix_never_makes_a_rest_title_longer_than_its_underline(tmp_path):
    """A spelling fix that lengthens a section title would outgrow its underline; one in the body may."""
    doc = "Redis: Ack emulation\n====================\n\nMessages that were not acked by the broker.\n"
    (tmp_path / "a.rst").write_text(doc, encoding="utf-8")
    run_cli("check", "--no-languagetool", "--fix", "--unsafe-fixes", "--select", "typos", "a.rst", cwd=tmp_path)
    after = (tmp_path / "a.rst").read_text(encoding="utf-8")
    title, underline = after.splitlines()[:2]
    assert len(title) <= len(underline), after


def test_a_fix_never_renames_a_rest_simple_reference(tmp_path):
    """'parsl_' must keep matching its target '.. _parsl:'; the prose around it is still fixed."""
    doc = "Selectors come from parsl_ and hte parsl library.\n\n.. _parsl: https://example.org/\n"
    (tmp_path / "a.rst").write_text(doc, encoding="utf-8")
    run_cli("check", "--no-languagetool", "--fix", "--unsafe-fixes", "--select", "typos", "a.rst", cwd=tmp_path)
    after = (tmp_path / "a.rst").read_text(encoding="utf-8")
    assert "from parsl_ and" in after and ".. _parsl:" in after and "the " in after, after


def test_fixes_of_later_passes_are_reported_with_spans_in_the_file_as_read(tmp_path):
    """'the the the': the check shows one doubled word; fixing it leaves another, which the next
    pass fixes. Both fixes are reported (stderr count, JSON ``fixes``), located in the file as read."""
    (tmp_path / "a.md").write_text("# Notes\n\nHe met the the the press.\n", encoding="utf-8")
    proc = fix(tmp_path, "--unsafe-fixes", "--format", "json", "a.md")
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "# Notes\n\nHe met the press.\n"
    assert "fixed: a.md: 2 fixes (1 in later passes)" in proc.stderr
    (file,) = json.loads(proc.stdout)["fixes"]
    assert file["path"] == "a.md" and file["written"] is True
    assert [(a["rule"], a["line"], a["column"], a["end_column"], a["replacement"], a["pass"]) for a in file["applied"]] == [
        ("typos.doubled-word", 3, 8, 15, "the", 1), ("typos.doubled-word", 3, 8, 19, "the", 2)]


def test_a_fix_never_renames_a_markdown_reference_label(tmp_path):
    """'![cson-npm]' and '[hte docs][]' name their definitions; the fixes go to the prose only."""
    doc = ("Badges: ![cson-npm] and [hte docs][] with teh text.\n\n"
           "[cson-npm]: https://example.org/cson.svg\n[hte docs]: https://example.org/\n")
    (tmp_path / "a.md").write_text(doc, encoding="utf-8")
    run_cli("check", "--no-languagetool", "--fix", "--unsafe-fixes", "--select", "typos", "a.md", cwd=tmp_path)
    after = (tmp_path / "a.md").read_text(encoding="utf-8")
    assert after == doc.replace("with teh", "with the"), after


def test_a_fix_never_changes_the_width_of_a_rest_table_cell(tmp_path):
    """A longer or shorter cell text would move the borders of a grid or simple table; a fix of
    the same length (hte -> the) and fixes outside the table are made."""
    doc = ("+----------+-----+\n| iberated | Yes |\n+----------+-----+\n| was hte  | No  |\n+----------+-----+\n\n"
           "=========  ===\niberated   x\n=========  ===\n\nIt was iberated.\n")
    (tmp_path / "a.rst").write_text(doc, encoding="utf-8")
    run_cli("check", "--no-languagetool", "--fix", "--unsafe-fixes", "--select", "typos", "a.rst", cwd=tmp_path)
    after = (tmp_path / "a.rst").read_text(encoding="utf-8")
    assert after == doc.replace("was hte", "was the").replace("It was iberated", "It was liberated"), after


def test_a_file_whose_markup_does_not_parse_is_reported_but_not_fixed(tmp_path):
    """Checked as plain text, code and markup may look like prose: no fix is made there."""
    doc = "".join(" " * depth + "We quote hte note here.\n\n" for depth in range(400))  # too deep for docutils
    (tmp_path / "a.rst").write_text(doc, encoding="utf-8")
    proc = fix(tmp_path, "--unsafe-fixes", "--select", "typos", "a.rst")
    assert (tmp_path / "a.rst").read_text(encoding="utf-8") == doc
    assert "checked as plain text" in proc.stderr and "a.rst:1:10:" in proc.stdout and proc.returncode == 1
