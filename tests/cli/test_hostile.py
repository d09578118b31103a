"""Hostile input through the real console script: each case ends fast with one ``error:`` line.

A case is a folder of files (written into tmp_path), the arguments, the text the one error line
must contain and the exit status. Every case must finish within 20 s, print no traceback and
write nothing it was not asked to write.
"""

from __future__ import annotations

import codecs
import os
import time
from pathlib import Path

import pytest

from support import run_cli, run_json

#: A rule file header; cases append the keys under test.
RULE = "kind: pattern\nmessage: 'm'\n"
ALIAS_BOMB = (
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8))
)

# (id, files, extra arguments, text of the one error line, exit status)
CASES = [
    # --- YAML: aliases, duplicate keys -------------------------------------------------------
    ("config alias bomb", {".typolint.yaml": ALIAS_BOMB}, [], ".typolint.yaml:1: YAML anchors and aliases are not allowed", 2),
    ("rule alias bomb", {"r/bomb.yaml": RULE + "regex: x\n" + ALIAS_BOMB}, ["--rules", "r"], "bomb.yaml:4: YAML anchors and aliases are not allowed", 2),
    ("config duplicate key", {".typolint.yaml": "fail-on: error\nignore: []\nfail-on: info\n"}, [], ".typolint.yaml:3: fail-on: duplicate key (first on line 1)", 2),
    ("rule duplicate key", {"r/d.yaml": RULE + "regex: x\nregex: y\n"}, ["--rules", "r"], "d.yaml:4: regex: duplicate key (first on line 3)", 2),
    ("nesting", {".typolint.yaml": "exclude: " + "[" * 40 + "]" * 40 + "\n"}, [], ".typolint.yaml:1: nested more than 32 levels deep", 2),
    # --- wrong types, checked not coerced ----------------------------------------------------
    ("enabled 'no'", {".typolint.yaml": "languagetool:\n  enabled: 'no'\n"}, [], ".typolint.yaml:2: languagetool.enabled: must be true or false, not a string 'no'", 2),
    ("cache 'false'", {".typolint.yaml": "languagetool:\n  cache: 'false'\n"}, [], ".typolint.yaml:2: languagetool.cache: must be true or false", 2),
    ("url number", {".typolint.yaml": "languagetool:\n  url: 8081\n"}, [], ".typolint.yaml:2: languagetool.url: must be a string, not a number", 2),
    ("url scheme", {".typolint.yaml": "languagetool:\n  url: file:///etc/passwd\n"}, [], "languagetool.url: must be an http:// or https:// address", 2),
    ("timeout nan", {".typolint.yaml": "regex-timeout: .nan\n"}, [], ".typolint.yaml:1: regex-timeout: must be a number from 0.01 to 600, not nan", 2),
    ("timeout inf", {".typolint.yaml": "\nregex-timeout: .inf\n"}, [], ".typolint.yaml:2: regex-timeout: must be a number from 0.01 to 600, not inf", 2),
    ("timeout bool", {".typolint.yaml": "regex-timeout: yes\n"}, [], "regex-timeout: must be a number", 2),
    ("select number", {".typolint.yaml": "select:\n  - typos\n  - 3\n"}, [], ".typolint.yaml:3: select[1]: must be a string, not a number", 2),
    ("config format unknown", {".typolint.yaml": "formats:\n  .txt: markdwn\n"}, [], ".typolint.yaml:2: formats..txt: unknown format 'markdwn' (did you mean 'markdown'?)", 2),
    ("max size bad", {".typolint.yaml": "max-file-size: -5\n"}, [], ".typolint.yaml:1: max-file-size: must be a positive size", 2),
    ("rule formats numbers", {"r/f.yaml": RULE + "regex: x\nformats: [1, 2]\n"}, ["--rules", "r"], "f.yaml:4: formats: items must be strings, not int", 2),
    ("rule formats unknown", {"r/f.yaml": RULE + "regex: x\nformats:\n  - plain\n  - mardown\n"}, ["--rules", "r"], "f.yaml:6: formats: unknown format 'mardown' (did you mean 'markdown'?)", 2),
    ("rule bool as string", {"r/b.yaml": RULE + "regex: x\nignorecase: 'yes'\n"}, ["--rules", "r"], "b.yaml:4: ignorecase: must be true or false, not str", 2),
    # --- templates ---------------------------------------------------------------------------
    ("suggest attribute", {"r/t.yaml": RULE + "regex: (a)\nsuggest: '{0.__class__.__mro__}'\n"}, ["--rules", "r"], "t.yaml:4: suggest: {0.__class__.__mro__}: attribute and index access are not allowed", 2),
    ("message index", {"r/t.yaml": "kind: pattern\nregex: (a)\nmessage: '{match[0]}'\n"}, ["--rules", "r"], "t.yaml:3: message: {match[0]}: attribute and index access are not allowed", 2),
    ("message format spec", {"r/t.yaml": "kind: pattern\nregex: a\nmessage: '{match:>999999999}'\n"}, ["--rules", "r"], "t.yaml:3: message: {match:>999999999}: conversions and format specs are not allowed", 2),
    ("message conversion", {"r/t.yaml": "kind: pattern\nregex: a\nmessage: '{match!r}'\n"}, ["--rules", "r"], "conversions and format specs are not allowed", 2),
    ("message unknown field", {"r/t.yaml": "kind: pattern\nregex: a\nmessage: 'x {matc}'\n"}, ["--rules", "r"], "t.yaml:3: message: {matc}: unknown field; use one of {match}, {suggestion}", 2),
    ("suggest unknown group", {"r/t.yaml": RULE + "regex: (a)\nsuggest: '{2}'\n"}, ["--rules", "r"], "t.yaml:4: suggest: {2}: unknown field", 2),
    # --- selectors ---------------------------------------------------------------------------
    ("--select typo", {}, ["--select", "typo"], "--select: unknown rule or prefix 'typo' (did you mean 'typos'?)", 2),
    ("--ignore typos.doubled", {}, ["--ignore", "typos.doubled"], "--ignore: unknown rule or prefix 'typos.doubled' (did you mean 'typos.doubled-word'?)", 2),
    ("select tyops", {".typolint.yaml": "select: [tyops]\n"}, [], ".typolint.yaml:1: select: unknown rule or prefix 'tyops' (did you mean 'typos'?)", 2),
    ("override ignore", {".typolint.yaml": "overrides:\n  - files: '*.txt'\n    ignore:\n      - punctuation\n      - punctation.quotes\n"}, [], ".typolint.yaml:5: overrides[0].ignore: unknown rule or prefix 'punctation.quotes' (did you mean 'punctuation.quotes'?)", 2),
    ("severity key", {".typolint.yaml": "severity:\n  typos.non-wrd: info\n"}, [], ".typolint.yaml:2: severity: unknown rule or prefix 'typos.non-wrd'", 2),
    # --- pyproject.toml ----------------------------------------------------------------------
    ("pyproject table broken", {"pyproject.toml": "[tool.typolint]\nfail-on = \n"}, [], "pyproject.toml:2: invalid TOML", 2),
    ("pyproject wrong type", {"pyproject.toml": "[project]\nname = 'x'\n\n[tool.typolint]\nfail-on = 'error'\nselect = 'typos'\n\n[tool.typolint.languagetool]\nenabled = 'no'\n"}, [], "pyproject.toml:9: languagetool.enabled: must be true or false", 2),
    # --- files -------------------------------------------------------------------------------
    ("over the size cap", {"big.txt": "word " * 400 + "\n"}, ["--max-file-size", "1K"], "big.txt: 2001 bytes, more than the limit of 1024", 2),
    ("bad size flag", {}, ["--max-file-size", "lots"], "--max-file-size: must be a size in bytes", 2),
]


def _write(folder: Path, files: dict[str, str | bytes]) -> None:
    for name, body in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))


def rules(doc: dict) -> list[str]:
    return [f["rule"] for f in doc["findings"]]


def assert_one_error(proc, text: str, status: int) -> None:
    """Exactly one ``error:`` line, containing ``text``; the exit status; no traceback."""
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and text in errors[0], proc.stderr
    assert proc.returncode == status, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("files, args, text, status", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_case(tmp_path, files, args, text, status):
    _write(tmp_path, {"doc.txt": "A plain sentence.\n", **files})
    targets = ["big.txt"] if "big.txt" in files else ["doc.txt"]
    started = time.monotonic()
    proc = run_cli("check", "--no-languagetool", *args, *targets, cwd=tmp_path)
    assert time.monotonic() - started < 20
    assert_one_error(proc, text, status)


def test_the_size_cap_can_be_raised(tmp_path):
    _write(tmp_path, {"big.txt": "The fox jumps over a dog. " * 80 + "We saw th end.\n"})
    proc, doc = run_json("--no-languagetool", "--max-file-size", "4K", "big.txt", cwd=tmp_path)
    assert proc.returncode == 1 and rules(doc) == ["typos.truncated-word"], proc.stderr


def test_unrelated_pyproject_is_never_parsed(tmp_path):
    """A broken pyproject.toml without [tool.typolint] in a parent folder does not stop a run."""
    _write(tmp_path, {"pyproject.toml": "[project\nname = = 'broken'\n[tool.black]\n", "sub/doc.txt": "We saw th end.\n"})
    proc, doc = run_json("--no-languagetool", "doc.txt", cwd=tmp_path / "sub")
    assert proc.returncode == 1 and rules(doc) == ["typos.truncated-word"], proc.stderr


def test_valid_selectors_pass(tmp_path):
    _write(tmp_path, {"doc.txt": "We saw th end.\n", ".typolint.yaml": "select: [typos, lt.EN_QUOTES]\nignore: [lt]\n"})
    args = ["--select", "typos.truncated-word,typos.", "--ignore", "typolint.unused-suppression"]
    proc, doc = run_json("--no-languagetool", *args, "doc.txt", cwd=tmp_path)
    assert proc.returncode == 1 and [f["rule"] for f in doc["findings"]] == ["typos.truncated-word"], proc.stderr


# --- runaway regexes -----------------------------------------------------------------------


def test_exponential_pattern_on_40000_a_runs_on_re2(tmp_path):
    """``(a+)+$`` is linear on RE2: it matches the line of 40,000 ``a`` at once, no time-out."""
    _write(tmp_path, {"r/runaway.yaml": RULE + "regex: '(a+)+$'\n", "a.txt": "a" * 40_000 + "\n", "b.txt": "a" * 40_000 + "!\n"})
    started = time.monotonic()
    proc, doc = run_json("--no-languagetool", "--rules", "r", "a.txt", "b.txt", cwd=tmp_path)
    assert time.monotonic() - started < 20
    assert proc.returncode == 1 and "error:" not in proc.stderr, proc.stderr
    assert [(f["path"], f["rule"], f["column"]) for f in doc["findings"]] == [("a.txt", "runaway", 1)]


def test_backtracking_pattern_is_stopped_and_disabled_for_the_run(tmp_path):
    """A pattern RE2 cannot run (look-ahead) backtracks on 40,000 ``a``: the budget stops it once."""
    files = {f"{n}.txt": "a" * 40_000 + "\n" for n in "abcd"}
    # A budget below the default keeps the case fast on a loaded CI machine (it counts CPU time).
    _write(tmp_path, {"r/runaway.yaml": RULE + "regex: '(a+)+(?=b)'\n", ".typolint.yaml": "regex-timeout: 0.5\n", **files})
    started = time.monotonic()
    proc = run_cli("check", "--no-languagetool", "--rules", "r", *sorted(files), cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert_one_error(proc, "a.txt: rule runaway", 2)
    assert "disabled for the rest of the run" in proc.stderr
    assert elapsed < 20


def test_budget_follows_regex_timeout(tmp_path):
    _write(tmp_path, {"r/slow.yaml": RULE + "regex: '(a|aa)+(?=b)'\n", "a.txt": "a" * 40_000 + "\n", ".typolint.yaml": "regex-timeout: 0.2\n"})
    started = time.monotonic()
    proc = run_cli("check", "--no-languagetool", "--rules", "r", "a.txt", cwd=tmp_path)
    assert_one_error(proc, "ran longer than 0.2s", 2)
    assert time.monotonic() - started < 20  # a hang guard, as above: a loaded machine takes seconds


# --- encodings -----------------------------------------------------------------------------

ENCODED = "Çok güzel: we saw th end.\n"


@pytest.mark.parametrize("codec, bom", [("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE), ("utf-16-le", b""), ("utf-16-be", b"")])
def test_encodings_are_decoded_and_fixed_in_place(tmp_path, codec, bom):
    data = bom + ENCODED.encode(codec)
    _write(tmp_path, {"doc.txt": data})
    proc, doc = run_json("--no-languagetool", "doc.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    column = ENCODED.index(" th ") + 2
    assert [(f["line"], f["column"], f["rule"]) for f in doc["findings"]] == [(1, column, "typos.truncated-word")]
    fixed = run_cli("check", "--no-languagetool", "--fix", "--unsafe-fixes", "doc.txt", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert (tmp_path / "doc.txt").read_bytes() == bom + ENCODED.replace(" th ", " the ").encode(codec)


def test_undecodable_utf16_is_an_error_not_garbage(tmp_path):
    _write(tmp_path, {"doc.txt": codecs.BOM_UTF16_LE + "text".encode("utf-16-le") + b"\x00\xd8"})
    proc = run_cli("check", "--no-languagetool", "doc.txt", cwd=tmp_path)
    assert_one_error(proc, "doc.txt: invalid UTF-16", 2)


def test_binary_with_nuls_is_not_taken_for_utf16(tmp_path):
    _write(tmp_path, {"blob.txt": bytes(range(256)) * 8})
    proc = run_cli("check", "--no-languagetool", "blob.txt", cwd=tmp_path)
    assert proc.returncode == 0 and "note: blob.txt: binary file skipped" in proc.stderr, proc.stderr


# --- special files -------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_given_explicitly_is_refused_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    proc = run_cli("check", "--no-languagetool", "pipe", cwd=tmp_path)
    assert_one_error(proc, "pipe: not a regular file (a FIFO)", 2)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_device_is_refused():
    proc = run_cli("check", "--no-languagetool", "/dev/zero")
    assert_one_error(proc, "/dev/zero: not a regular file (a character device)", 2)


# --- git option injection ------------------------------------------------------------------


def test_diff_base_cannot_inject_git_options(tmp_path):
    import subprocess

    _write(tmp_path, {"doc.txt": "We saw th end.\n"})
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "doc.txt"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=tmp_path, check=True)
    for value in ("--output=pwned", "-ofile", "--no-index"):
        proc = run_cli("check", "--no-languagetool", f"--diff-base={value}", "doc.txt", cwd=tmp_path)
        assert_one_error(proc, "is not a git revision", 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "doc.txt"]
    proc = run_cli("check", "--no-languagetool", "--diff-base=HEAD", "doc.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr  # nothing changed since HEAD


# --- the lexicon cache ---------------------------------------------------------------------


def test_crafted_lexicon_cache_is_rebuilt_never_trusted(tmp_path):
    """A damaged or forged cache, or an old pickle that would run code, changes nothing."""
    cache = tmp_path / "cache"
    env = {"TYPOLINT_CACHE_DIR": str(cache)}
    _write(tmp_path, {"doc.txt": "The region was iberated.\n"})
    first, doc = run_json("--no-languagetool", "doc.txt", cwd=tmp_path, env=env)
    assert first.returncode == 1 and [f["suggestions"] for f in doc["findings"]] == [["liberated"]], first.stderr
    (built,) = cache.glob("lexicon-*.bin")
    assert built.stat().st_mode & 0o777 == 0o600 and cache.stat().st_mode & 0o777 == 0o700
    good = built.read_bytes()
    marker = tmp_path / "ran"
    # A pickle that runs code when loaded, under the old and the new names.
    payload = b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR."
    (cache / built.name.replace(".bin", ".pickle")).write_bytes(payload)
    tampered = good.replace(b"iberated", b"iberatex")  # the checksum no longer matches
    head = good.index(b"\n") + 1  # the layout's tag
    forged_shape = good[:head] + b"\xff" * 32 + good[head + 32 :]  # word counts and sizes that do not fit
    for forged in (payload, b'{"format": 3, "zipf": {"iberated": 7}, "curated": 5}', b"\x00" * 64,
                   good[: len(good) // 2], tampered, forged_shape, good[:head]):
        built.write_bytes(forged)
        os.chmod(built, 0o600)
        proc, doc = run_json("--no-languagetool", "doc.txt", cwd=tmp_path, env=env)
        assert proc.returncode == 1 and [f["suggestions"] for f in doc["findings"]] == [["liberated"]], proc.stderr
        assert not marker.exists()
        assert built.read_bytes() == good  # rebuilt
    # A well-formed cache that others may write is not ours to trust either: in it 'iberated' is a
    # curated word, so it would hide the finding.
    from lint._core import WordTable
    from lint.lexicon import _encode

    table = WordTable.from_bytes(good)
    zipf = {w: table.zipf(w) for w in table.words()}
    built.write_bytes(_encode(zipf, frozenset([*table.curated(), "iberated"])))
    os.chmod(built, 0o666)
    proc, doc = run_json("--no-languagetool", "doc.txt", cwd=tmp_path, env=env)
    assert [f["suggestions"] for f in doc["findings"]] == [["liberated"]], proc.stderr
    assert built.stat().st_mode & 0o777 == 0o600


def test_stopped_rule_is_reported_once_with_worker_processes(tmp_path):
    """Over 2 MB of input is checked by worker processes; the rule is still named once."""
    files = {f"{n}.txt": ("a" * 40_000 + "\n") * 15 for n in "abcdefgh"}
    _write(tmp_path, {"r/runaway.yaml": RULE + "regex: '(a+)+(?=b)'\n", ".typolint.yaml": "regex-timeout: 0.3\n", **files})
    proc = run_cli("check", "--no-languagetool", "--rules", "r", *sorted(files), cwd=tmp_path)
    assert_one_error(proc, "rule runaway", 2)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_as_rule_file_or_vocabulary_is_refused(tmp_path):
    (tmp_path / "r").mkdir()
    os.mkfifo(tmp_path / "r" / "x.yaml")
    os.mkfifo(tmp_path / "words")
    _write(tmp_path, {"doc.txt": "We saw th end.\n"})
    proc = run_cli("check", "--no-languagetool", "--rules", "r", "doc.txt", cwd=tmp_path)
    assert_one_error(proc, "x.yaml:0: cannot read: not a regular file (a FIFO)", 2)
    _write(tmp_path, {".typolint.yaml": "vocabulary: [words]\n"})
    proc = run_cli("check", "--no-languagetool", "doc.txt", cwd=tmp_path)
    assert_one_error(proc, "words: cannot read vocabulary: not a regular file (a FIFO)", 2)


# --- markup that a parser recurses or rescans on ------------------------------------------


@pytest.mark.parametrize("opener", [">", "- ", "1. ", "> - "])
def test_deeply_nested_markdown_is_checked_as_plain_text_not_crashed(tmp_path, opener):
    """20,000 containers opened on one line overflowed markdown-it.rs's stack (the process died
    of SIGSEGV), and markdown-it-py skips the rest of the document at its nesting limit: such a
    document is checked as plain text, with a note that says so."""
    _write(tmp_path, {"deep.md": opener * 20_000 + "text\n\nWe saw th end.\n"})
    proc, doc = run_json("--no-languagetool", "deep.md", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "could not parse as markdown (a line opens more than 100 nested blocks); checked as plain text" in proc.stderr
    assert ("typos.truncated-word", 3, 8) in [(f["rule"], f["line"], f["column"]) for f in doc["findings"]]


def test_a_long_run_of_link_definitions_is_parsed_in_linear_time(tmp_path):
    """markdown-it.rs reads from each link reference definition to the next blank line: 40,000 in
    a row took minutes. Such a run goes to markdown-it-py; the findings are the same."""
    defs = "".join(f"[{i}]: https://example.com/{i}\n" for i in range(40_000))
    _write(tmp_path, {"refs.md": "We saw th end.\n\n" + defs + "\nSee [7] and th rest.\n"})
    started = time.monotonic()
    proc, doc = run_json("--no-languagetool", "refs.md", cwd=tmp_path)
    assert time.monotonic() - started < 20
    assert proc.returncode == 1, proc.stderr
    assert [(f["line"], f["column"]) for f in doc["findings"]] == [(1, 8), (40_004, 13)]
