"""Hostile shapes of text: does the cost of a rules-only check grow with the size of the input and
no faster, and does every run end with a status of 0, 1 or 2?

Each case is a file of one shape (a line of 50,000 doubled words, 20,000 nested block quotes,
a run of link reference definitions, a table of thousands of columns, ...), written at two sizes
(``--small`` and ``--large`` characters, 4x apart by default) into bench/.work/hostile/. The table
gives the seconds of ``typolint check --no-languagetool`` at each size, their ratio (about 4, or
less where start-up dominates, when the cost is linear), and the exit status; a ratio over
``--worst`` (default 8), a status outside 0-2 (a crash) or a time-out marks the row.

    python bench/hostile.py [--small 50000] [--large 200000] [--timeout 120] [--compare LABEL=PATH ...]

``--compare`` runs another typolint console script (an older checkout's) on the same files.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tools  # noqa: E402

_WORDS = "receive separate definitely government because believe through people between different".split()


def _cases(rng: random.Random) -> dict[str, Callable[[int], str]]:
    """File name -> the text of that shape at about ``n`` characters."""

    def slip(word: str) -> str:
        i = rng.randrange(1, len(word) - 1)
        return word[:i] + word[i + 1 :]

    def word() -> str:
        return rng.choice(_WORDS)

    return {
        # one long line with many findings
        "doubled-words-one-line.txt": lambda n: "a " * (n // 2),
        "misspellings-one-line.md": lambda n: " ".join(f"The {slip(word())} was {word()}." for _ in range(n // 30)),
        "credits-one-line.md": lambda n: "- " + " ".join(f"{slip(word())} by Foo Bar," for _ in range(n // 20)),
        "table-cells-one-line.html": lambda n: "<td>a a</td>" * (n // 12),
        "table-columns.md": lambda n: "|a" * (n // 6) + "|\n" + "|-" * (n // 6) + "|\n" + "|teh" * (n // 6) + "|\n",
        "look-alike-letters.txt": lambda n: "Рe " * (n // 3),
        "space-before-comma.txt": lambda n: "word , " * (n // 7),
        # nesting and runs that parsers recurse or rescan on
        "nested-quotes.md": lambda n: ">" * n + " text teh\n",
        "nested-lists.md": lambda n: "- " * (n // 2) + "text teh\n",
        "link-definitions.md": lambda n: "".join(f"[{i}]: http://x/{i}\n" for i in range(n // 20)) + "see [1] teh\n",
        "nested-divs.html": lambda n: "<div>" * (n // 11) + "teh text" + "</div>" * (n // 11),
        "brackets.md": lambda n: "[" * n,
        "emphasis.md": lambda n: "*a " * (n // 3),
        "backticks.md": lambda n: "`" * n,
        # many lines, paragraphs, titles
        "doubled-words-lines.txt": lambda n: "a a\n" * (n // 4),
        "same-paragraph.md": lambda n: "The same paragraph is here again today.\n\n" * (n // 41),
        "near-copies.txt": lambda n: "".join(f"Called right before item {i} of the list is saved to the database.\n\n" for i in range(n // 72)),
        "rst-titles.rst": lambda n: "Title\n=====\n\n" * (n // 13),
        "html-paragraphs.html": lambda n: "<p>the the " + "</p><p>the the ".join(word() for _ in range(n // 25)) + "</p>",
        # no line breaks, no spaces
        "one-word.txt": lambda n: "a" * n,
        "line-breaks.txt": lambda n: "\n" * n,
        "quotes.txt": lambda n: '"' * n,
    }


def _run(cmd: list[str], path: Path, timeout: float) -> tuple[float | None, int | None]:
    """(seconds, exit status) of a rules-only check of ``path``; (None, None) on a time-out."""
    started = time.perf_counter()
    try:
        proc = subprocess.run([*cmd, "check", "--no-languagetool", str(path)], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None
    return time.perf_counter() - started, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--small", type=int, default=50_000)
    ap.add_argument("--large", type=int, default=200_000)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--worst", type=float, default=8.0, help="largest large/small time ratio not marked")
    ap.add_argument("--compare", action="append", default=[], metavar="LABEL=PATH")
    args = ap.parse_args()
    folder = tools.WORK / "hostile"
    bins = {"typolint": [str(tools.typolint_bin())]} | {
        c.split("=", 1)[0]: [c.split("=", 1)[1]] for c in args.compare}
    print("# Hostile shapes of text\n\nMade by `python bench/hostile.py` (`make bench-hostile`): seconds of "
          "`typolint check --no-languagetool` on one file of each shape at two sizes, their ratio (about 4 or "
          f"less when the cost is linear) and the exit statuses. Sizes {args.small:,} and {args.large:,} "
          f"characters; time-out {args.timeout:g} s; {tools.machine_info()['nproc']} CPUs, load {os.getloadavg()[0]:.1f}.\n")
    print("| case | " + " | ".join(f"{b} small | {b} large | ratio | status" for b in bins) + " |")
    print("|---|" + "---:|---:|---:|---|" * len(bins))
    bad = 0
    for name in _cases(random.Random(0)):
        row = [name]
        files = []
        for size in (args.small, args.large):
            path = folder / str(size) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_cases(random.Random(size))[name](size), encoding="utf-8")
            files.append(path)
        for cmd in bins.values():
            (small, s_code), (large, l_code) = (_run(cmd, f, args.timeout) for f in files)
            ratio = large / small if small and large else None
            worse = (ratio is None or ratio > args.worst or any(c not in (0, 1, 2) for c in (s_code, l_code)))
            bad += worse
            row += [f"{small:.2f} s" if small else "time-out", f"{large:.2f} s" if large else "time-out",
                    f"{ratio:.1f}" if ratio else "–",
                    f"{s_code}/{l_code}" + (" **!**" if worse else "")]
        print("| " + " | ".join(row) + " |", flush=True)
    print(f"\n{bad} marked row(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
