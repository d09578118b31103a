"""Precision of typolint on real documentation: findings per 1,000 words and a labelled sample.

Runs typolint with its default settings (LanguageTool on, no project configuration) over a
deterministic subset of the fetched real-docs corpus (bench/fetch_corpus.py; files in a seeded
shuffle until at least --words prose words), then:

- writes findings per 1,000 words by rule to bench/results/precision-<tag>.json;
- draws a seeded random sample of --sample findings into bench/precision_sample-<tag>.json
  (path, line, column, rule, matched text and message; no third-party context is stored);
- scores the sample with the labels in bench/precision_labels.yaml (a person's judgement:
  ``real`` = an editor would change it, ``debatable`` = style or arguable, ``false`` = correct
  text), keyed by path:line:column:rule, so a finding keeps its label across runs;
- renders bench/results/precision.md from every tag's JSON (before/after in one table).

    python bench/precision.py --tag after           # run, sample, score, render
    python bench/precision.py --tag after --label   # print the unlabelled sample in context
    python bench/precision.py --render              # only re-render precision.md
    python bench/precision.py --tag holdout --seed 20261203 --disjoint-from 20261202
                                                    # a held-out subset: none of the files above
    python bench/precision.py --tag validation --set validation --seed 20261204
                                                    # the validation sources, fetched apart
                                                    # (fetch_corpus.py --set validation)
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from fetch_corpus import REALDOCS, ROOTS, corpus_files  # noqa: E402

RESULTS = HERE / "results"
LABELS = HERE / "precision_labels.yaml"
SEED = 20261202
MIN_WORDS = 150_000
LABEL_KINDS = ("real", "debatable", "false")
#: Problems the run met (an engine that failed for a batch of files), recorded with the result:
#: a run with any is incomplete and must be repeated (the result cache keeps what did come back).
ERRORS: list[str] = []
_WORD = re.compile(r"[^\W\d_]+")


def corpus_path(rel: str) -> Path:
    """The file of a finding's corpus-relative path, in whichever set of sources holds it."""
    top = rel.split("/", 1)[0]
    return next((root / rel for root in ROOTS.values() if (root / top).is_dir()), REALDOCS / rel)


def subset(files: list[Path], seed: int, min_words: int, root: Path = REALDOCS) -> tuple[list[Path], int]:
    """Files of the corpus until their prose holds ``min_words`` words: one file of each source
    in turn (each source's files in a seeded shuffle), so every source is represented.

    Words are letter runs of the text the engines see (markup, code and URLs removed)."""
    from lint.extract import extract, format_for
    from lint.reading import InputError, read_file

    rng = random.Random(seed)
    queues: dict[str, list[Path]] = {}
    for path in sorted(files):
        queues.setdefault(path.relative_to(root).parts[0], []).append(path)
    for queue in queues.values():
        rng.shuffle(queue)
    chosen: list[Path] = []
    words = 0
    while words < min_words and any(queues.values()):
        for queue in (q for q in queues.values() if q):
            path = queue.pop()
            try:
                encoded = read_file(path, 10_000_000)
            except (InputError, OSError, ValueError):
                continue
            source, _ = extract(encoded.text, format_for(str(path), {}))
            n = len(_WORD.findall(source.text))
            if n:
                chosen.append(path)
                words += n
            if words >= min_words:
                break
    return sorted(chosen), words


def run(paths: list[Path], root: Path = REALDOCS) -> tuple[list[dict], float]:
    """typolint's findings on ``paths`` with the default configuration, and the seconds taken."""
    from lint.config import Config
    from lint.runner import Pipeline, RunOptions

    t0 = time.perf_counter()
    findings = []
    for report in Pipeline(Config(), RunOptions()).batches([str(p) for p in paths]):
        for error in report.errors:  # e.g. LanguageTool timing out: that batch's LT findings are missing
            if not error.is_note:
                print(f"error: {error.path}: {error.message}", file=sys.stderr)
                ERRORS.append(error.message)
        for f in report.findings:
            findings.append({
                "path": str(Path(f.path).relative_to(root)), "line": f.location.line,
                "column": f.location.column, "rule": f.rule, "match": f.match[:80],
                "message": f.message[:200],
            })
    return findings, time.perf_counter() - t0


def draw(findings: list[dict], seed: int, n: int) -> list[dict]:
    """A seeded random sample of ``n`` findings that stays stable as the population changes: the
    ``n`` findings whose seeded hash of their label key is smallest (a finding that survives a
    change keeps its place, so its label carries over)."""
    def rank(f: dict) -> str:
        return hashlib.sha256(f"{seed}:{key(f)}".encode()).hexdigest()

    return sorted(sorted(findings, key=rank)[:n], key=lambda f: (f["path"], f["line"], f["column"]))


def key(f: dict) -> str:
    """The label key of a finding: path:line:column:rule."""
    return f"{f['path']}:{f['line']}:{f['column']}:{f['rule']}"


def load_labels() -> dict[str, dict]:
    """Label key -> {label, note} from bench/precision_labels.yaml (empty when absent)."""
    if not LABELS.exists():
        return {}
    data = yaml.safe_load(LABELS.read_text(encoding="utf-8")) or {}
    return {e["key"]: e for e in data.get("labels", [])}


def score(sample: list[dict], labels: dict[str, dict]) -> dict[str, int]:
    """How many sampled findings carry each label (``unlabelled`` for the rest)."""
    counts = Counter(labels[key(f)]["label"] if key(f) in labels else "unlabelled" for f in sample)
    return {k: counts.get(k, 0) for k in (*LABEL_KINDS, "unlabelled")}


def context(f: dict, width: int = 1) -> str:
    """The finding's line of the corpus file, with ``width`` lines around it, marked with »«."""
    lines = corpus_path(f["path"]).read_text(encoding="utf-8", errors="replace").split("\n")
    i = f["line"] - 1
    out = []
    for j in range(max(0, i - width), min(len(lines), i + width + 1)):
        text = lines[j]
        if j == i:
            c = f["column"] - 1
            text = text[:c] + "»" + text[c : c + len(f["match"])] + "«" + text[c + len(f["match"]) :]
        out.append(("> " if j == i else "  ") + text[:300])
    return "\n".join(out)


def measure(tag: str, seed: int, min_words: int, n: int, disjoint_from: int | None = None,
            group: str = "sources") -> dict:
    """Run, sample and save ``precision-<tag>.json`` and the sample file; returns the result.
    ``disjoint_from``: a seed whose subset's files this one leaves out (a held-out subset);
    ``group``: which set of sources (``fetch_corpus.ROOTS``)."""
    root = ROOTS[group]
    files = corpus_files(root)
    if disjoint_from is not None:
        taken = set(subset(files, disjoint_from, min_words, root)[0])
        files = [f for f in files if f not in taken]
    paths, words = subset(files, seed, min_words, root)
    findings, seconds = run(paths, root)
    by_rule = Counter(f["rule"] for f in findings)
    sample = draw(findings, seed, n)
    result = {
        "tag": tag, "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "seed": seed, "disjoint_from": disjoint_from, "set": group, "files": len(paths),
        "sources": len({p.relative_to(root).parts[0] for p in paths}),
        "words": words, "seconds": round(seconds, 1), "findings": len(findings), "errors": len(ERRORS),
        "per_1000": round(1000 * len(findings) / words, 3),
        "by_rule": {r: {"findings": c, "per_1000": round(1000 * c / words, 3)} for r, c in by_rule.most_common()},
    }
    (HERE / f"precision_sample-{tag}.json").write_text(json.dumps(sample, ensure_ascii=False, indent=1) + "\n",
                                                       encoding="utf-8")
    RESULTS.mkdir(exist_ok=True)
    (HERE / ".work").mkdir(exist_ok=True)  # every finding, for a closer look (not committed)
    (HERE / ".work" / f"precision-{tag}-findings.json").write_text(json.dumps(findings, ensure_ascii=False, indent=0),
                                                                   encoding="utf-8")
    (RESULTS / f"precision-{tag}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")
    return result


def show_unlabelled(tag: str) -> None:
    """Print each unlabelled finding of the tag's sample with its context, for a person to label."""
    labels = load_labels()
    sample = json.loads((HERE / f"precision_sample-{tag}.json").read_text(encoding="utf-8"))
    for f in sample:
        if key(f) not in labels:
            print(f"- key: {key(f)!r}\n  # {f['message']}\n" + "\n".join("  # " + l for l in context(f).split("\n")))


def render() -> str:
    """bench/results/precision.md from every precision-<tag>.json and the labels."""
    labels = load_labels()
    results = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(RESULTS.glob("precision-*.json"))]
    order = {tag: i for i, tag in enumerate((
        "before", "after", "holdout-before", "holdout", "validation-before", "validation", "validation2-before",
        "validation2", "validation3-before", "validation3", "validation4-before", "validation4", "validation5-before", "validation5", "validation6-before", "validation6", "validation7-before", "validation7", "validation8-before", "validation8", "validation9-before", "validation9", "validation10-before", "validation10", "validation11", "validation12"))}
    results.sort(key=lambda r: (order.get(r["tag"], 4), r["tag"]))
    extra = RESULTS / "precision_extra.yaml"
    extras = yaml.safe_load(extra.read_text(encoding="utf-8")) if extra.exists() else {}
    lines = [
        "# typolint precision on real documentation",
        "",
        "Generated by `make precision` (bench/precision.py). typolint with its default settings "
        "(LanguageTool on, no project configuration) on a seeded subset of the real-docs corpus "
        "(bench/fetch_corpus.py, bench/corpus_sources.yaml). A seeded random sample of 100 findings "
        "is labelled by hand in bench/precision_labels.yaml: **real** (an editor would change it), "
        "**debatable** (style, arguable), **false** (correct text).",
        "",
        "| measure | " + " | ".join(r["tag"] for r in results) + " |",
        "|---|" + "---:|" * len(results),
    ]

    def row(name: str, cells: list[str]) -> None:
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    samples = [json.loads((HERE / f"precision_sample-{r['tag']}.json").read_text(encoding="utf-8")) for r in results]
    scores = [score(s, labels) for s in samples]
    row("real-docs files (sources)", [f"{r['files']} ({r['sources']})" for r in results])
    row("real-docs prose words", [f"{r['words']:,}" for r in results])
    row("real-docs findings", [str(r["findings"]) for r in results])
    row("real-docs findings per 1,000 words", [f"{r['per_1000']:.2f}" for r in results])
    for kind in LABEL_KINDS:
        row(f"sample: {kind}", [_share(s[kind], len(sm)) for s, sm in zip(scores, samples)])
    if any(s["unlabelled"] for s in scores):
        row("sample: unlabelled", [str(s["unlabelled"]) for s in scores])
    for name in (extras or {}).get("rows_order", []):
        row(name, [str(extras["rows"].get(r["tag"], {}).get(name, "–")) for r in results])
    lines += ["", "## Findings per 1,000 words by rule", "",
              "| rule | " + " | ".join(r["tag"] for r in results) + " |", "|---|" + "---:|" * len(results)]
    rules = sorted({k for r in results for k in r["by_rule"]},
                   key=lambda k: -max(r["by_rule"].get(k, {}).get("findings", 0) for r in results))
    for rule in rules:
        row(rule, [_rate(r["by_rule"].get(rule)) for r in results])
    lines += ["", "## Runs", ""]
    lines += [f"- {r['tag']}: {r['date']}, seed {r['seed']}"
              + (f", none of seed {r['disjoint_from']}'s files" if r.get("disjoint_from") else "")
              + (f", the {r['set']} sources" if r.get("set", "sources") != "sources" else "")
              + f", {r['seconds']} s" for r in results]
    if extras and extras.get("notes"):
        lines += ["", "## Notes", "", *[f"- {n}" for n in extras["notes"]]]
    return "\n".join(lines) + "\n"


def _share(k: int, n: int) -> str:
    return f"{k} ({100 * k / n:.0f}%)" if n else "–"


def _rate(entry: dict | None) -> str:
    return f"{entry['per_1000']:.2f} ({entry['findings']})" if entry else "0"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tag", default="after", help="name of this run (before, after)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--words", type=int, default=MIN_WORDS, help="prose words in the subset, at least")
    ap.add_argument("--disjoint-from", type=int, default=None, metavar="SEED",
                    help="leave out the files of that seed's subset (a held-out subset: --tag holdout)")
    ap.add_argument("--set", choices=sorted(ROOTS), default="sources",
                    help="which sources: the main corpus, or the validation sources fetched apart")
    ap.add_argument("--sample", type=int, default=100)
    ap.add_argument("--label", action="store_true", help="print the tag's unlabelled sample in context")
    ap.add_argument("--render", action="store_true", help="only render bench/results/precision.md")
    args = ap.parse_args(argv)
    if args.label:
        show_unlabelled(args.tag)
        return 0
    if not args.render:
        if not corpus_files(ROOTS[args.set]):
            print(f"error: no {args.set} corpus; run `python bench/fetch_corpus.py --set {args.set}` first",
                  file=sys.stderr)
            return 2
        result = measure(args.tag, args.seed, args.words, args.sample, args.disjoint_from, args.set)
        print(f"{args.tag}: {result['findings']} findings in {result['words']} words "
              f"({result['per_1000']:.2f} per 1,000) in {result['seconds']} s"
              + (f"; {result['errors']} engine errors: INCOMPLETE, run it again" if result["errors"] else ""),
              file=sys.stderr)
    text = render()
    (RESULTS / "precision.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
