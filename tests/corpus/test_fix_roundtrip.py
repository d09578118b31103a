"""Round-trip property of --fix on real documentation (fixes that cannot damage a file).

For every file of the registry corpus (bench/fetch_corpus.py: Markdown, reST and HTML from
PyPI sdists, npm packages and Debian doc packages), ``--fix`` and then ``--fix --unsafe-fixes``
through the real console script must write exactly the file read with the fixes the run reported
applied (later passes of the fix loop included), must fix in the first pass only findings the run
before reported, and must keep the markup structure; a second run changes nothing, and
``--diff --unsafe-fixes`` is a patch that ``git apply`` turns into what ``--fix`` writes. The
checks are bench/fix_roundtrip.py's, which also runs on its own.

Two sizes. ``sample``: a deterministic 150-file sample, run whenever the corpus is already
fetched (``make corpus``); the suite never downloads it. ``corpus``: every file (>= 2,000),
opt-in with TYPOLINT_CORPUS_TEST=1 (``make corpus-test``) because it takes about 20 minutes on
two cores; it fetches the corpus when needed. The rules-only engine is used, so no Java is needed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from support import ROOT, SCRIPT

sys.path.insert(0, str(ROOT / "bench"))
import fetch_corpus  # noqa: E402
import fix_roundtrip as rt  # noqa: E402

SAMPLE = 150


def _fetch() -> None:
    """Fetch the corpus (cached in bench/.work); skip when no registry can be reached."""
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "fetch_corpus.py")], capture_output=True,
                          text=True, timeout=1500)
    failed = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    if failed and len(failed) == len(fetch_corpus.load_sources()):
        pytest.skip(f"no registry reachable: {failed[0]}")
    assert not failed, proc.stderr


@pytest.fixture(scope="module", params=["sample", "corpus"])
def roundtrip(request, tmp_path_factory) -> dict:
    """The three runs (check, --fix, --fix --unsafe-fixes) over a copy of the files, verified."""
    if request.param == "corpus":
        if os.environ.get("TYPOLINT_CORPUS_TEST") != "1":
            pytest.skip("the whole corpus takes ~20 min: set TYPOLINT_CORPUS_TEST=1 (make corpus-test)")
        _fetch()
        files = rt.corpus()
    else:
        if os.environ.get("TYPOLINT_CORPUS_TEST") == "1":
            pytest.skip("the whole corpus runs instead")
        if not rt.fetched():
            pytest.skip("the corpus is not fetched (make corpus); the test suite never downloads it")
        files = rt.sample(rt.corpus(), SAMPLE)
    work = tmp_path_factory.mktemp(f"roundtrip-{request.param}") / "docs"
    rt.copy(fetch_corpus.REALDOCS, files, work)
    started = time.monotonic()
    report, stages = rt.run_stages(work, files)
    for stage in stages:
        rt.verify(stage)
    print(f"\n{request.param}: " + rt.summary(files, report, stages, time.monotonic() - started))  # shown with -s
    return {"size": request.param, "files": files, "work": work, "report": report,
            "stages": {s.name: s for s in stages}, "base": work.parent}


def test_the_files_are_enough(roundtrip):
    files = roundtrip["files"]
    by_format = {s: sum(f.endswith(s) for f in files) for s in rt.SUFFIXES}
    least = 100 if roundtrip["size"] == "corpus" else SAMPLE // 3
    assert len(files) >= (2000 if roundtrip["size"] == "corpus" else SAMPLE), by_format
    assert all(count >= least for count in by_format.values()), by_format
    assert roundtrip["report"]["files_checked"] == len(files)


def test_fixes_were_made(roundtrip):
    """The property means little if nothing is fixed: unsafe fixes change files of every format."""
    stage = roundtrip["stages"]["unsafe"]
    assert stage.applied and all(any(f.endswith(s) for f in stage.changed) for s in rt.SUFFIXES), stage.changed


def _problems(roundtrip, stage: str, kind: str) -> list:
    return [p for p in roundtrip["stages"][stage].problems if p[1] == kind]


@pytest.mark.parametrize("stage", ["safe", "unsafe"])
def test_files_change_only_by_the_reported_fixes(roundtrip, stage):
    """Each file written is the file read with exactly the reported fixes (all passes) applied."""
    problems = _problems(roundtrip, stage, "unexplained")
    assert not problems, problems[:10]


@pytest.mark.parametrize("stage", ["safe", "unsafe"])
def test_first_pass_fixes_are_findings_the_run_before_reported(roundtrip, stage):
    problems = _problems(roundtrip, stage, "unreported")
    assert not problems, problems[:10]


@pytest.mark.parametrize("stage", ["safe", "unsafe"])
def test_markup_structure_is_kept(roundtrip, stage):
    problems = _problems(roundtrip, stage, "structure")
    assert not problems, problems[:10]


def test_a_second_run_changes_nothing(roundtrip):
    """The same command over the same files again fixes nothing. The whole file set is run again,
    not only the changed files: the learned project vocabulary comes from every checked file, so
    a subset is a different run."""
    stage = roundtrip["stages"]["unsafe"]
    changed = sorted(set(stage.changed) | set(roundtrip["stages"]["safe"].changed))
    again = rt.run_cli("check", rt.RULES_ONLY, "--fix", "--unsafe-fixes", *roundtrip["files"], cwd=roundtrip["work"])
    assert "fixed:" not in again.stderr, again.stderr[:2000]
    assert all((roundtrip["work"] / f).read_bytes() == stage.after[f] for f in changed)


def test_diff_applies_with_git_to_what_fix_writes(roundtrip):
    """--diff --unsafe-fixes on the original files, applied by git, gives what --fix writes."""
    original = roundtrip["stages"]["safe"].before
    changed = [f for f in roundtrip["files"] if roundtrip["stages"]["unsafe"].after[f] != original[f]]
    base = roundtrip["base"]
    for name in ("diffed", "fixed"):
        for f in changed:
            (base / name / f).parent.mkdir(parents=True, exist_ok=True)
            (base / name / f).write_bytes(original[f])
    diff = subprocess.run([str(SCRIPT), "check", rt.RULES_ONLY, "--diff", "--unsafe-fixes", *changed],
                          cwd=base / "diffed", capture_output=True)
    assert diff.returncode == 1 and b"Traceback" not in diff.stderr, diff.stderr[:2000]
    rt.run_cli("check", rt.RULES_ONLY, "--fix", "--unsafe-fixes", *changed, cwd=base / "fixed")
    subprocess.run(["git", "init", "-q"], cwd=base / "diffed", check=True)
    proc = subprocess.run(["git", "apply", "-"], input=diff.stdout, cwd=base / "diffed", capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()[:2000]
    mismatched = [f for f in changed if (base / "diffed" / f).read_bytes() != (base / "fixed" / f).read_bytes()]
    assert not mismatched, mismatched[:10]


# --- the checks themselves: they must fail on a damaged file (no corpus needed) -----------------


def _fix(line: int, column: int, end_column: int, replacement: str, fix_pass: int = 1) -> dict:
    return {"line": line, "column": column, "end_line": line, "end_column": end_column,
            "replacement": replacement, "pass": fix_pass}


def test_unexplained_accepts_exactly_the_reported_fixes():
    before = "He met the the press.\nIt was iberated.\n"
    fixes = [_fix(1, 8, 15, "the"), _fix(2, 8, 16, "liberated")]
    assert rt.unexplained(before, "He met the press.\nIt was liberated.\n", fixes) is None
    assert rt.unexplained(before, "He met the press.\nIt was liberated!\n", fixes)  # outside every span
    assert rt.unexplained(before, "He met the press.\nIt was iberated.\n", fixes)  # a fix not made
    assert rt.unexplained(before, before.replace("He", "We"), [])


def test_unexplained_with_a_later_pass_inside_an_earlier_fix():
    before = "He met the the the press. Done.\n"
    fixes = [_fix(1, 8, 15, "the"), _fix(1, 8, 19, "the", 2)]
    assert rt.unexplained(before, "He met the press. Done.\n", fixes) is None
    assert rt.unexplained(before, "He met the press. Done!\n", fixes)
    assert rt.unexplained(before, "We met the press. Done.\n", fixes)


def test_structure_sees_renamed_references_long_titles_and_changed_markdown():
    rst = "See parsl_.\n\n.. _parsl: https://example.org/\n"
    assert rt.structure("a.rst", rst) != rt.structure("a.rst", rst.replace("parsl_", "parse_"))
    title = "Title\n=====\n\nText.\n"
    assert rt.structure("a.rst", title) != rt.structure("a.rst", title.replace("Title", "Titles"))
    assert rt.structure("a.md", "Title\n\n---\n") != rt.structure("a.md", "Title\n---\n")  # now a heading
    assert rt.structure("a.md", "A *b* c\n") != rt.structure("a.md", "A *b c\n")


def test_a_second_section_of_the_same_title_is_a_note_not_damage():
    """docutils notes a repeated section title (INFO, 'duplicate implicit target'); the document's
    structure is the same. A title that outgrows its underline is a warning, and is damage."""
    doc = "One To Many\n===========\n\nText.\n\nMany To One\n===========\n\nMore.\n"
    assert rt.structure("a.rst", doc) == rt.structure("a.rst", doc.replace("Many To One", "One To Many"))
    assert rt.structure("a.rst", doc) != rt.structure("a.rst", doc.replace("Many To One", "Many To Ones"))

