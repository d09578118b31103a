"""Which files a run checks: prose-only folder walks, git's ignore rules, named files, include and
exclude, symlinks, special files; through the real console script."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from support import run_cli, run_json

RULES_ONLY = "--no-languagetool"
TYPO = "The region was iberated.\n"  # one typos.non-word finding (unsafe fix: 'liberated')


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def git(repo: Path, *args: str, env: dict | None = None) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **(env or {})})


def checked(doc) -> list[str]:
    """Paths that had a finding (every test file holds exactly one typo)."""
    return sorted({f["path"] for f in doc["findings"]})


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".git" not in p.parts}


def docs_tree(root: Path) -> None:
    """A documentation folder as found in real projects: prose next to images, code and builds."""
    write(root / "docs" / "index.md", "# Guide\n\nThe the region was iberated , said Рe.\n")
    write(root / "docs" / "api.rst", "API\n===\n\nThe region was iberated.\n")
    write(root / "docs" / "page.html", "<p>The region was iberated.</p>\n")
    write(root / "docs" / "notes.txt", TYPO)
    write(root / "docs" / "AUTHORS", TYPO)
    write(root / "docs" / "figure.svg", '<svg><text text-anchor="middle">the the iberated</text></svg>\n')
    write(root / "docs" / "conf.py", 'project = "the the iberated"\n')
    write(root / "docs" / "Makefile", "html:\n\techo the the iberated\n")
    write(root / "docs" / "make.bat", "echo the the iberated\r\n")
    write(root / "docs" / "run", "#!/bin/sh\necho the the iberated\n")
    write(root / "docs" / "logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


PROSE = ["docs/AUTHORS", "docs/api.rst", "docs/index.md", "docs/notes.txt", "docs/page.html"]


def test_docs_tree_only_prose_is_checked_and_fixes_leave_the_rest_byte_identical(tmp_path):
    docs_tree(tmp_path)
    proc, doc = run_json(RULES_ONLY, cwd=tmp_path)  # no path: the current folder
    assert proc.returncode == 1, proc.stderr
    assert doc["files_checked"] == len(PROSE)
    assert checked(doc) == PROSE
    before = digest(tmp_path)
    fix = run_cli("check", RULES_ONLY, "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert "Traceback" not in fix.stderr
    after = digest(tmp_path)
    assert {k for k in before if before[k] != after[k]} == set(PROSE)
    assert (tmp_path / "docs" / "index.md").read_text(encoding="utf-8") == "# Guide\n\nThe region was liberated, said He.\n"


def test_gitignore_info_exclude_and_global_excludes_are_honoured(tmp_path):
    git(tmp_path, "init", "-q")
    global_ignore = write(tmp_path.parent / f"{tmp_path.name}-global-ignore", "*.secret.md\n")
    global_config = write(tmp_path.parent / f"{tmp_path.name}-gitconfig", f"[core]\n\texcludesFile = {global_ignore}\n")
    env = {"GIT_CONFIG_GLOBAL": str(global_config)}
    write(tmp_path / ".gitignore", "build/\n*.draft.md\n")
    write(tmp_path / ".git" / "info" / "exclude", "local-notes.md\n")
    for name in ["a.md", "build/out.md", "sub/x.draft.md", "local-notes.md", "sub/y.secret.md", "sub/kept.md"]:
        write(tmp_path / name, TYPO)
    git(tmp_path, "add", "-f", "build/out.md")  # tracked: git does not ignore it, nor do we
    _, doc = run_json(RULES_ONLY, ".", cwd=tmp_path, env=env)
    assert checked(doc) == ["a.md", "build/out.md", "sub/kept.md"]
    _, everything = run_json(RULES_ONLY, "--no-ignore", ".", cwd=tmp_path, env=env)
    assert checked(everything) == ["a.md", "build/out.md", "local-notes.md", "sub/kept.md", "sub/x.draft.md",
                                   "sub/y.secret.md"]
    _, sub = run_json(RULES_ONLY, "sub", cwd=tmp_path, env=env)  # a subfolder: the same rules
    assert checked(sub) == ["sub/kept.md"]


def test_a_named_file_is_always_checked_unless_force_exclude(tmp_path):
    git(tmp_path, "init", "-q")
    write(tmp_path / ".gitignore", "*.draft.md\n")
    write(tmp_path / ".typolint.yaml", "exclude: ['legacy/**']\n")
    write(tmp_path / "conf.py", 'x = "iberated"\n')
    write(tmp_path / "a.draft.md", TYPO)
    write(tmp_path / "legacy" / "old.md", TYPO)
    _, doc = run_json(RULES_ONLY, "conf.py", "a.draft.md", "legacy/old.md", cwd=tmp_path)
    assert checked(doc) == ["a.draft.md", "conf.py", "legacy/old.md"]
    _, walked = run_json(RULES_ONLY, cwd=tmp_path)
    assert checked(walked) == []
    proc, forced = run_json(RULES_ONLY, "--force-exclude", "conf.py", "legacy/old.md", cwd=tmp_path)
    assert checked(forced) == ["conf.py"]
    assert "note: legacy/old.md: excluded by the configuration (--force-exclude)" in proc.stderr
    assert proc.returncode == 1


def test_include_replaces_and_extend_include_adds(tmp_path):
    for name in ["a.md", "b.txt", "c.adoc", "d.rst", "README"]:
        write(tmp_path / "t" / name, TYPO)
    write(tmp_path / ".typolint.yaml", "include: ['*.txt']\n")
    _, doc = run_json(RULES_ONLY, "t", cwd=tmp_path)
    assert checked(doc) == ["t/b.txt"]
    write(tmp_path / ".typolint.yaml", "extend-include: ['*.adoc']\nexclude: ['t/d.rst']\n")
    _, doc = run_json(RULES_ONLY, "t", cwd=tmp_path)
    assert checked(doc) == ["t/README", "t/a.md", "t/b.txt", "t/c.adoc"]
    write(tmp_path / ".typolint.yaml", "include: 3\n")
    bad = run_cli("check", RULES_ONLY, "t", cwd=tmp_path)
    assert bad.returncode == 2 and "include: must be a list of strings" in bad.stderr


def test_symlinks_out_of_the_tree_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    write(outside / "secret.md", TYPO)
    tree = tmp_path / "tree"
    write(tree / "a.md", TYPO)
    (tree / "linked.md").symlink_to(outside / "secret.md")
    (tree / "linked-dir").symlink_to(outside, target_is_directory=True)
    (tree / "loop").symlink_to(tree, target_is_directory=True)
    _, doc = run_json(RULES_ONLY, ".", cwd=tree)
    assert checked(doc) == ["a.md"]
    _, named = run_json(RULES_ONLY, "linked.md", cwd=tree)  # named: checked through the link
    assert checked(named) == ["linked.md"]


def test_fifos_found_while_walking_are_noted_not_opened(tmp_path):
    write(tmp_path / "a.md", TYPO)
    os.mkfifo(tmp_path / "pipe.md")  # opening it would block forever
    proc, doc = run_json(RULES_ONLY, ".", cwd=tmp_path)
    assert checked(doc) == ["a.md"]
    assert "note: pipe.md: a FIFO, not a regular file: not opened" in proc.stderr
    assert proc.returncode == 1


def test_a_very_deep_tree_is_walked_without_recursion(tmp_path):
    path = tmp_path / "t"
    path.mkdir()
    for _ in range(1200):  # deeper than Python's recursion limit; 'x/' keeps it under PATH_MAX
        path = path / "x"
        path.mkdir()  # one by one: os.makedirs itself recurses
    write(path.parent / "deep.md", TYPO)
    try:
        proc, doc = run_json(RULES_ONLY, "t", cwd=tmp_path)
        assert "Traceback" not in proc.stderr and "RecursionError" not in proc.stderr
        assert len(checked(doc)) == 1 and checked(doc)[0].endswith("/deep.md")
    finally:
        subprocess.run(["rm", "-rf", str(tmp_path / "t")], check=True)  # pytest's cleanup recurses


def test_a_named_folder_with_nothing_to_check_gets_a_note(tmp_path):
    write(tmp_path / "img" / "a.svg", "<svg/>\n")
    write(tmp_path / "img" / "b.py", "x = 1\n")
    proc, doc = run_json(RULES_ONLY, "img", cwd=tmp_path)
    assert doc["files_checked"] == 0
    assert "note: img: no prose files to check (2 files skipped: not prose, excluded or ignored)" in proc.stderr


@pytest.mark.parametrize("name,data,is_prose", [
    ("README", "Plain words here.\n", True),
    ("LICENSE", "Permission is hereby granted.\n", True),
    ("CHANGES", "\ufeffUTF-8 with a BOM.\n".encode("utf-8"), True),
    ("Makefile", "all:\n\ttrue\n", False),
    ("Dockerfile", "FROM debian\n", False),
    ("run", "#!/bin/sh\ntrue\n", False),
    ("blob", b"\x00\x01\x02", False),
    ("latin", "caf\xe9 au lait\n".encode("latin-1"), False),
])
def test_extensionless_files(tmp_path, name, data, is_prose):
    write(tmp_path / "d" / name, data)
    write(tmp_path / "d" / "a.md", "Fine.\n")
    _, doc = run_json(RULES_ONLY, "d", cwd=tmp_path)
    assert doc["files_checked"] == (2 if is_prose else 1)
