"""Markdown extraction throughput (MB/s): the generated README corpus of bench/run.py, parsed in-process.

Usage: python bench/extract_speed.py [--mb 2] [--repeats 3]. Prints the median wall and CPU
time to extract every document with lint.extract.markdown.extract_markdown and the MB/s they
imply (MB = 10^6 bytes of UTF-8 input). Extraction only: no rules, no output. CPU time is the
steadier figure on a shared machine. TYPOLINT_MARKDOWN=py measures markdown-it-py alone.
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
    wall, cpu = [], []
    for _ in range(args.repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        for doc in docs:
            extract_markdown(doc)
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    w, c = statistics.median(wall), statistics.median(cpu)
    print(f"markdown extraction: {size / MB:.2f} MB, median of {args.repeats}: "
          f"wall {w:.2f} s = {size / MB / w:.2f} MB/s, CPU {c:.2f} s = {size / MB / c:.2f} MB/s")


if __name__ == "__main__":
    main()
