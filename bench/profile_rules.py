"""Profile of the rules-only path in one process: CPU seconds per stage and per rule, and the
functions that take the most CPU time (cProfile with a CPU clock, so other load on the machine
inflates it less than wall time).

Usage: python bench/profile_rules.py [--kind markdown] [--files 60]

It reads the bench corpora that `make bench` generates (bench/.work/bench/{plain,markdown}) and
prints Markdown; bench/results/profile_rules.md holds the profiles before and after the
rules-only speed work. Run with PYTHONPATH=<another checkout> to profile that checkout's code.
"""

from __future__ import annotations

import argparse
import cProfile
import collections
import io
import os
import pstats
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def stages(files: list[Path]) -> tuple[dict[str, float], dict[str, float], int]:
    """CPU seconds per stage and per rule over ``files``, and the number of findings."""
    from lint.config import load_config
    from lint.extract import extract, format_for
    from lint.reading import read_file
    from lint.runner import Checked, Pipeline, RunOptions

    try:
        from lint.learned import file_words
    except ImportError:
        file_words = None
    clock = time.process_time
    spent: dict[str, float] = collections.Counter()
    per_rule: dict[str, float] = collections.Counter()
    start = clock()
    pipeline = Pipeline(load_config(None), RunOptions(languagetool=False))
    engine = pipeline.rule_engine
    engine.context.lexicon
    spent["rules and lexicon loaded"] = clock() - start
    checked = []
    for path in files:
        start = clock()
        encoded = read_file(path, 10**9)
        source, _ = extract(encoded.text, format_for(str(path), {}))
        spent["read and extract"] += clock() - start
        hits = []
        if hasattr(engine.context, "share"):  # as RuleEngine.check does (older checkouts: no sharing)
            engine.context.share(source)
        for rule in engine.rules:
            if rule.formats is None or source.fmt in rule.formats:
                start = clock()
                hits += engine._run(rule, source.text)
                per_rule[rule.id] += clock() - start
        item = Checked(str(path), source, encoded, hits)
        if file_words is not None and getattr(pipeline, "learned", None) is not None:
            start = clock()  # where the file is checked, as the runner does (older checkouts: in the report)
            item.words = file_words(source, engine.context.lexicon)
            spent["learned-vocabulary words"] += clock() - start
        checked.append(item)
    spent["rules"] = sum(per_rule.values())
    start = clock()
    report = pipeline.report(checked, [])
    spent["merge, locate, filter"] = clock() - start
    return spent, per_rule, len(report.findings)


def top_functions(files: list[Path], limit: int = 25) -> str:
    """cProfile (CPU clock) of checking and reporting ``files``, by own time."""
    from lint.config import load_config
    from lint.runner import Pipeline, RunOptions, _check_file

    pipeline = Pipeline(load_config(None), RunOptions(languagetool=False))
    pipeline.rule_engine.context.lexicon
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    checked = [_check_file(str(f), pipeline.config, pipeline.options, pipeline.rule_engine)[0] for f in files]
    # (_check_file also finds each file's learned-vocabulary words where the runner does.)
    pipeline.report(checked, [])
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(limit)
    text = out.getvalue()
    import lint

    for prefix in (str(Path(lint.__file__).parents[1]) + "/", os.path.dirname(os.__file__) + "/"):
        text = text.replace(prefix, "")
    lines = [line for line in text.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    return "\n".join(["```", *lines[start:], "```"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", default="markdown", choices=("plain", "markdown"))
    parser.add_argument("--files", type=int, default=60)
    args = parser.parse_args(argv)
    files = sorted((BENCH / ".work" / "bench" / args.kind).iterdir())[: args.files]
    if not files:
        sys.exit("error: no bench corpus; run `make bench` (or bench/run.py) once to generate it")
    mb = sum(f.stat().st_size for f in files) / 1e6
    spent, per_rule, findings = stages(files)
    import lint

    print(f"### {args.kind}, {len(files)} files, {mb:.2f} MB, code in {Path(lint.__file__).parent}\n")
    total = sum(v for k, v in spent.items() if k != "rules and lexicon loaded")
    print(f"{findings} findings; {total:.2f} CPU s without start-up = {total / mb:.3f} s/MB\n")
    print("| stage | CPU s |\n|---|---:|")
    for name, seconds in spent.items():
        print(f"| {name} | {seconds:.2f} |")
    print("\n| rule | CPU s |\n|---|---:|")
    for rule, seconds in sorted(per_rule.items(), key=lambda kv: -kv[1]):
        print(f"| {rule} | {seconds:.3f} |")
    print("\nTop functions by own CPU time (cProfile):\n")
    print(top_functions(files))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
