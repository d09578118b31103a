"""The technical vocabulary (lint.terms): parsing cspell word lists, a verified install, and the
spelling findings it quiets (software terms) and keeps (slips of English words)."""

from __future__ import annotations

import base64
import hashlib
import io
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from lint import terms
from lint.errors import EngineError


def test_parse_keeps_words_and_leaves_out_cspell_markers_and_comments():
    text = "# cspell-tools: keep-case\nctor\nBazel\n!forbidden\n*Auth*\n+ing\nNode.js\ngit's  # a comment\n\n42\n"
    assert terms.parse(text) == {"ctor", "Bazel", "Node.js", "git's"}


def _tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_install_verifies_the_download_and_writes_the_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    data = _tarball({"dict/a.txt": b"ctor\nmemoize\n"})
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    good = terms.Source("@x/dict-a", "1.0.0", f"sha512-{digest}", "MIT", ("dict/a.txt",))
    bad = terms.Source("@x/dict-a", "1.0.0", "sha512-AAAA", "MIT", ("dict/a.txt",))

    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    import urllib.request

    monkeypatch.setattr(urllib.request, "urlopen", lambda url, timeout: Response(data))
    monkeypatch.setenv("TYPOLINT_TERMS", str(tmp_path / "terms.txt"))
    monkeypatch.setattr(terms, "SOURCES", (bad,))
    with pytest.raises(EngineError, match="integrity"):
        terms.install(echo=lambda _: None)
    assert not (tmp_path / "terms.txt").exists()  # nothing half-written
    monkeypatch.setattr(terms, "SOURCES", (good,))
    terms.install(echo=lambda _: None)
    assert (tmp_path / "terms.txt").read_text(encoding="utf-8") == "ctor\nmemoize\n"


def test_installed_terms_quiet_software_words_but_not_slips(tmp_path: Path):
    """The list ``make install`` fetched: its terms are no misspellings; slips stay flagged."""
    assert terms.terms_file().is_file(), "make install runs 'typolint terms install'"
    page = tmp_path / "notes.md"
    page.write_text("# Notes\n\nThe ctor is memoized and inlined by Bazel; the accessor stil works.\n"
                    "\nWe recieve it.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "lint", "check", "--no-languagetool", "--format", "text", str(page)],
                         capture_output=True, text=True, cwd=tmp_path)
    flagged = {line.split("'")[1] for line in run.stdout.splitlines() if "'" in line}
    assert flagged == {"stil", "recieve"}, run.stdout
    (tmp_path / ".typolint.yaml").write_text("technical-vocabulary: false\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "lint", "check", "--no-languagetool", "--format", "text", str(page)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert "'ctor'" in run.stdout and "'stil'" in run.stdout, run.stdout


def test_terms_take_few_endings_so_slips_of_common_words_stay_flagged():
    vocab = terms.Terms(["auth", "ctor", "Bazel", "memoize"])
    for word in ("ctor", "Ctor", "ctors", "memoized", "memoizing", "Bazel", "bazel", "auth", "auths"):
        assert vocab.accepts(word), word
    for word in ("Authers", "Auther", "ctorer"):  # 'Authers' is a slip of 'Authors'
        assert not vocab.accepts(word), word
    english = terms.Terms(["LEAVE", "NOTICE", "minute"])  # identifier lists hold English words
    assert english.accepts("leaving") and english.accepts("noticed") and english.accepts("minutes")
    for word in ("leavs", "noticd", "Minuts"):  # a term's final 'e' drops only before -ed and -ing
        assert not english.accepts(word), word


def test_short_entries_of_identifier_lists_are_left_out():
    data = _tarball({"dict/py.txt": b"stat\nrset\ncython\nunhashable\n"})
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    source = terms.Source("@x/dict-py", "1.0.0", f"sha512-{digest}", "MIT", ("dict/py.txt",), min_length=5)
    assert terms._words(data, source) == {"cython", "unhashable"}  # 'stat', 'rset': slips of 'start', 'rest'


def test_terms_path_names_the_list_and_its_sources():
    run = subprocess.run([sys.executable, "-m", "lint", "terms", "path"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == f"{terms.terms_file()} (installed)"
    assert all(f"{s.name} {s.version} ({s.licence})" in run.stdout for s in terms.SOURCES)


def test_the_singular_of_a_plural_term_is_a_term_when_long_enough():
    vocab = terms.Terms(["traitlets", "stats", "kwargs"])
    assert vocab.accepts("traitlet") and vocab.accepts("Traitlet")
    for word in ("stat", "kwarg", "traitlt"):  # 'stat' is a slip of 'start'; five letters are too few
        assert not vocab.accepts(word), word


def test_a_hyphenated_compound_of_a_term_and_english_words_is_a_term_and_a_slip_in_it_is_not():
    vocab = terms.Terms(["printf", "hiredis", "json", "child"])
    known = {"style", "based", "well", "known", "json", "sub"}
    assert vocab.accepts_compound("printf-style", known) and vocab.accepts_compound("hiredis-based", known)
    assert not vocab.accepts_compound("printf-stlye", known)  # a slip in the English part
    assert not vocab.accepts_compound("pritnf-style", known)  # a slip in the term
    assert not vocab.accepts_compound("well-konwn", known) and not vocab.accepts_compound("json-style", known)
    assert not vocab.accepts_compound("printf", known) and not vocab.accepts_compound("a-b-c-printf", known)
    assert not vocab.accepts_compound("sub-childs", known)  # 'childs' for 'children': a term only with an ending


def test_the_singular_of_a_plural_term_that_is_no_english_word_is_a_term():
    vocab = terms.Terms(["kwargs", "stats", "access", "always", "envers"])
    known = {"stats", "access", "always"}
    assert vocab.accepts("kwarg", known) and not vocab.accepts("kwarg")  # without the English words: too short
    # 'stat' (a slip of 'start'), 'acces' and 'alway' (slips of English words) stay flagged
    assert not any(vocab.accepts(w, known) for w in ("stat", "acces", "alway", "kwa", "Enver"))
    assert vocab.accepts("access") and vocab.accepts("access", known)  # a term as listed, English or not
