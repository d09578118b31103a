"""The --fix round trip on real documents: the property test of tests/corpus/test_fix_roundtrip.py.

    .venv/bin/python bench/fix_roundtrip.py [--sample N] [--out FILE] [PATH ...]

Copies the documents (default: the fetched corpus, bench/.work/realdocs; ``--sample N``: a
deterministic sample of it) to a temporary folder and runs the real console script, rules only:
``check``, then ``check --fix``, then ``check --fix --unsafe-fixes``, each with ``--format json``.
For each of the two fix stages it checks that

- the file written is the file read with exactly the fixes the run reported (JSON ``fixes``)
  applied: every changed character lies in the span of a reported fix, and nothing else moves;
- every first-pass fix is a finding with that suggestion which the run before reported (later
  passes fix what earlier fixes revealed, as ruff's fix loop does; they are reported too);
- the markup structure is kept: the same markdown-it token types and nesting, the same docutils
  node types, the same HTML tag sequence.

Prints the numbers (``--out`` also writes them as Markdown) and exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import fetch_corpus  # noqa: E402

SCRIPT = Path(sys.executable).parent / "typolint"
RULES_ONLY = "--no-languagetool"
SUFFIXES = (".md", ".rst", ".html")
#: What ``verify`` checks: changes outside reported fixes, first-pass fixes of no reported
#: finding, markup structure.
KINDS = ("unexplained", "unreported", "structure")


@dataclass
class Stage:
    """One fix run: the files before and after it, its JSON report and that of the run before."""

    name: str
    before: dict[str, bytes]
    after: dict[str, bytes]
    report: dict
    seen: dict
    seconds: float
    #: Problems found by ``verify``: (path, kind, what is wrong); kind is one of KINDS.
    problems: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def changed(self) -> list[str]:
        return [f for f in self.after if self.after[f] != self.before[f]]

    @property
    def applied(self) -> list[dict]:
        return [a for fix in self.report.get("fixes", []) for a in fix["applied"]]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The installed console script; stdout and stderr decoded (UTF-8, errors replaced)."""
    proc = subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, timeout=3000)
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode not in (0, 1) or "Traceback" in proc.stderr:
        raise RuntimeError(f"typolint {' '.join(args)} exited {proc.returncode}: {proc.stderr[-2000:]}")
    return proc


def sample(files: list[str], n: int) -> list[str]:
    """A deterministic sample of about ``n`` files, equal parts Markdown, reST and HTML (by a hash
    of each path, so adding a source changes little)."""
    key = lambda f: hashlib.sha256(f.encode()).hexdigest()  # noqa: E731
    out: list[str] = []
    for suffix in SUFFIXES:
        out += sorted((f for f in files if f.endswith(suffix)), key=key)[: n // len(SUFFIXES)]
    return sorted(out)


def copy(root: Path, files: list[str], work: Path) -> dict[str, bytes]:
    """Copy ``files`` (relative to ``root``) into ``work``; return their bytes."""
    out = {}
    for f in files:
        (work / f).parent.mkdir(parents=True, exist_ok=True)
        out[f] = (root / f).read_bytes()
        (work / f).write_bytes(out[f])
    return out


def fetched() -> bool:
    """True when every source of the corpus has been fetched (bench/fetch_corpus.py)."""
    return all((fetch_corpus.REALDOCS / f"{s['name']}-{s['version']}" / ".complete").exists()
               for s in fetch_corpus.load_sources())


def corpus() -> list[str]:
    """The fetched corpus's documents, relative to its folder, in a stable order."""
    root = fetch_corpus.REALDOCS
    return [p.relative_to(root).as_posix() for p in fetch_corpus.corpus_files(root)]


def snapshot(work: Path, files: list[str]) -> dict[str, bytes]:
    return {f: (work / f).read_bytes() for f in files}


def run_stages(work: Path, files: list[str]) -> tuple[dict, list[Stage]]:
    """Check, --fix, then --fix --unsafe-fixes over ``work`` (every file); return the check's JSON
    report and the two fix stages."""
    original = snapshot(work, files)
    report = json.loads(run_cli("check", RULES_ONLY, "--format", "json", ".", cwd=work).stdout)
    stages, seen, before = [], report, original
    for name, flags in (("safe", ()), ("unsafe", ("--unsafe-fixes",))):
        started = time.monotonic()
        out = json.loads(run_cli("check", RULES_ONLY, "--fix", *flags, "--format", "json", ".", cwd=work).stdout)
        after = snapshot(work, files)
        stages.append(Stage(name, before, after, out, seen, time.monotonic() - started))
        seen, before = out, after
    return report, stages


def decode(data: bytes) -> str:
    from lint.reading import decode as _decode

    return _decode(data).text


def line_starts(text: str) -> list[int]:
    """Code-point offsets where lines start; CRLF, CR and LF end lines, as typolint counts them."""
    return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


def span(item: dict, starts: list[int]) -> tuple[int, int]:
    """The code-point span of a JSON finding or applied fix (1-based lines, columns)."""
    return (starts[item["line"] - 1] + item["column"] - 1, starts[item["end_line"] - 1] + item["end_column"] - 1)


def verify(stage: Stage) -> None:
    """Fill ``stage.problems``: unexplained changes, unreported first-pass fixes, damaged markup."""
    fixes = {fix["path"].removeprefix("./"): fix for fix in stage.report.get("fixes", [])}
    seen = {}
    for f in stage.seen["findings"]:
        if f["suggestions"]:
            seen.setdefault(f["path"].removeprefix("./"), set()).add(
                (f["line"], f["column"], f["end_line"], f["end_column"], f["suggestions"][0]))
    for path in stage.after:
        before, after = decode(stage.before[path]), decode(stage.after[path])
        fix = fixes.get(path)
        if fix is None:
            if before != after:
                stage.problems.append((path, "unexplained", "changed, but no fix was reported"))
            continue
        problem = unexplained(before, after, fix["applied"])
        if problem:
            stage.problems.append((path, "unexplained", problem))
        for a in fix["applied"]:
            key = (a["line"], a["column"], a["end_line"], a["end_column"], a["replacement"])
            if a["pass"] == 1 and key not in seen.get(path, ()):
                stage.problems.append((path, "unreported", f"first-pass fix {a} is no finding the run before reported"))
        if before != after and structure(path, before) != structure(path, after):
            stage.problems.append((path, "structure", "markup structure changed"))


def unexplained(before: str, after: str, applied: list[dict]) -> str | None:
    """None when ``after`` is ``before`` changed only inside the spans of ``applied`` fixes, else
    what is wrong.

    Fixes whose spans (in ``before``) are disjoint must give exactly ``after`` when applied to
    ``before``. Where a later pass fixed text an earlier fix put in, spans overlap and the text in
    between is not known from the report alone: there the unchanged text around each merged span
    must appear in ``after``, in order, and nothing else.
    """
    starts = line_starts(before)
    edits = sorted((*span(a, starts), a["replacement"]) for a in applied)
    disjoint = all(a[1] <= b[0] and (a[0], a[1]) != (b[0], b[1]) for a, b in zip(edits, edits[1:]))
    if disjoint:
        parts, pos = [], 0
        for start, end, text in edits:
            parts += [before[pos:start], text]
            pos = end
        expected = "".join(parts) + before[pos:]
        return None if expected == after else _first_difference(expected, after)
    merged: list[list[int]] = []
    for start, end, _ in edits:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    gaps = [before[a:b] for a, b in zip([0] + [e for _, e in merged], [s for s, _ in merged] + [len(before)])]
    if not (after.startswith(gaps[0]) and after.endswith(gaps[-1])):
        return "text before the first or after the last fix changed"
    pos = len(gaps[0])
    for gap in gaps[1:-1]:
        found = after.find(gap, pos)
        if found < 0:
            return f"unchanged text {gap[:40]!r} is missing after the fixes"
        pos = found + len(gap)
    return None if pos <= len(after) - len(gaps[-1]) else "fixed spans overlap the unchanged end"


def _first_difference(expected: str, after: str) -> str:
    i = next((k for k, (a, b) in enumerate(zip(expected, after)) if a != b), min(len(expected), len(after)))
    return f"differs from the reported fixes at {i}: expected {expected[i - 20 : i + 20]!r}, got {after[i - 20 : i + 20]!r}"


# --- markup structure ---------------------------------------------------------------------------


def structure(path: str, text: str) -> list:
    """The markup skeleton of a document: what a fix in prose must never change."""
    if path.endswith((".md", ".markdown")):
        return _markdown_structure(text)
    if path.endswith(".rst"):
        return _rst_structure(text)
    return _html_structure(text)


def _markdown_structure(text: str) -> list:
    from lint.extract.markdown import _parser

    out = []
    for token in _parser().parse(text):
        out.append((token.type, token.nesting, token.tag, token.level))
        out.extend((child.type, child.nesting, child.tag) for child in token.children or [])
    return out


def _rst_structure(text: str) -> list:
    """docutils' node types in document order, with the text of its warnings and errors (a title
    longer than its underline is a warning); INFO messages (a second section of the same title:
    'duplicate implicit target') are notes, not structure, and are left out whole."""
    from docutils import nodes
    from docutils.core import publish_doctree

    settings = {"report_level": 5, "halt_level": 5, "warning_stream": io.StringIO(), "file_insertion_enabled": False,
                "raw_enabled": False}
    tree = publish_doctree(text, settings_overrides=settings)
    notes = {id(n) for m in tree.findall(nodes.system_message) if m["level"] < 2 for n in m.findall()}
    return [node.tagname for node in tree.findall() if node.tagname != "system_message" and id(node) not in notes]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(("<", tag, tuple(name for name, _ in attrs)))

    def handle_endtag(self, tag):
        self.tags.append(("/", tag))


def _html_structure(text: str) -> list:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.tags


# --- command line -------------------------------------------------------------------------------


def summary(files: list[str], report: dict, stages: list[Stage], seconds: float) -> str:
    """The numbers as Markdown."""
    counts = {s: sum(f.endswith(s) for f in files) for s in SUFFIXES}
    lines = [f"{len(files)} files ({', '.join(f'{s} {n}' for s, n in counts.items())}), "
             f"{len(report['findings'])} findings in the first check; {seconds / 60:.1f} min in all.", "",
             "| stage | files changed | fixes | of them in later passes | run (s) | problems |",
             "|---|---|---|---|---|---|"]
    for s in stages:
        later = sum(a["pass"] > 1 for a in s.applied)
        lines.append(f"| `--fix{' --unsafe-fixes' if s.name == 'unsafe' else ''}` | {len(s.changed)} | "
                     f"{len(s.applied)} | {later} | {s.seconds:.0f} | {len(s.problems)} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="files under the corpus folder (default: all of it)")
    parser.add_argument("--sample", type=int, help="a deterministic sample of about N files")
    parser.add_argument("--out", type=Path, help="also write the numbers (Markdown) here")
    args = parser.parse_args()
    root = fetch_corpus.REALDOCS
    files = corpus()
    if args.paths:
        wanted = {Path(p).resolve().relative_to(root.resolve()).as_posix() for p in args.paths}
        files = [f for f in files if f in wanted]
    if args.sample:
        files = sample(files, args.sample)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="typolint-roundtrip-") as tmp:
        copy(root, files, Path(tmp))
        report, stages = run_stages(Path(tmp), files)
    for stage in stages:
        verify(stage)
        for path, kind, problem in stage.problems[:20]:
            print(f"{stage.name}: {path}: {kind}: {problem}", file=sys.stderr)
    text = summary(files, report, stages, time.monotonic() - started)
    print(text, end="")
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 1 if any(s.problems for s in stages) else 0


if __name__ == "__main__":
    sys.exit(main())
