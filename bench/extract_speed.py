"""Markdown extraction throughput (MB/s): the generated README corpus of bench/run.py, parsed in-process.

Usage: python bench/extract_speed.py [--mb 2] [--repeats 3]. Prints the median time to
extract every document with lint.extract.markdown.extract_markdown and the MB/s it implies
(MB = 10^6 bytes of UTF-8 input). Extraction only: no rules, no output.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import MB, readme, sentences  # noqa: E402

from lint.extract.markdown import extract_markdown  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rng, pool = random.Random(7), sentences()
    files = 192
    docs = [readme(rng, pool, int(args.mb * MB) // files) for _ in range(files)]
    size = sum(len(d.encode()) for d in docs)
    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        for doc in docs:
            extract_markdown(doc)
        times.append(time.perf_counter() - t0)
    best = statistics.median(times)
    print(f"markdown extraction: {size / MB:.2f} MB in {best:.2f} s (median of {args.repeats}) "
          f"= {size / MB / best:.2f} MB/s")


if __name__ == "__main__":
    main()
