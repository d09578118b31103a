"""Baselines: fingerprints of accepted findings, so a team can adopt typolint on old text.

A fingerprint is (path, rule, matched text, occurrence index among identical triples).
Line numbers are not part of it, so edits elsewhere in a file keep it valid.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from lint.errors import UsageError
from lint.model import Finding, Location, Severity

Fingerprint = tuple[str, str, str, int]
VERSION = 1


class BaselineError(UsageError):
    """A baseline file that cannot be read; one line for the user."""


def fingerprints(findings: Iterable[Finding], relative) -> list[tuple[Fingerprint, Finding]]:
    """Each finding with its fingerprint; ``relative`` maps a finding path to a stable key."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for f in sorted(findings, key=lambda f: (f.path, f.location.start, f.rule)):
        triple = (relative(f.path), f.rule, f.match)
        out.append(((*triple, seen[triple]), f))
        seen[triple] += 1
    return out


def write(path: Path, findings: Iterable[Finding], relative) -> int:
    """Write the baseline atomically, one entry per line; return how many entries it holds."""
    entries = [
        json.dumps({"path": p, "rule": r, "match": m, "occurrence": n}, ensure_ascii=False)
        for (p, r, m, n), _ in fingerprints(findings, relative)
    ]
    data = f'{{"version": {VERSION}, "entries": [\n' + ",\n".join(entries) + "\n]}\n"
    import tempfile  # only when a baseline is written (5 ms of imports for every check otherwise)

    fd, tmp = tempfile.mkstemp(dir=path.resolve().parent, prefix=".typolint-baseline-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(data)
    os.replace(tmp, path)
    return len(entries)


def read(path: Path) -> dict[Fingerprint, int]:
    """Fingerprint -> the 1-based line of its entry (1 when the file was laid out by hand)."""
    try:
        text = path.read_text(encoding="utf-8")
        doc = json.loads(text)
        entries = [(e["path"], e["rule"], e["match"], int(e["occurrence"])) for e in doc["entries"]]
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file (create one with: typolint baseline)") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BaselineError(f"{path}: not a typolint baseline: {exc}") from None
    lines = text.splitlines()
    # A file written by ``write`` holds entry i on line i + 2; trust that only when it is so.
    laid_out = len(lines) == max(len(entries), 1) + 2
    return {e: (i + 2 if laid_out else 1) for i, e in enumerate(entries)}


#: The rule under which entries that matched nothing are reported (with --verbose).
STALE_RULE = "typolint.stale-baseline-entry"
STALE_DESCRIPTION = "A baseline entry that matched no finding: the problem was fixed, so the entry can go."


def stale(path: Path, entries: dict[Fingerprint, int], used: set) -> list[Finding]:
    """An info finding for each baseline entry that silenced nothing, at its line of the baseline."""
    out = []
    for entry, line in sorted(entries.items(), key=lambda item: item[1]):
        if entry not in used:
            where, rule, match, _ = entry
            out.append(Finding(
                str(path), Location(0, 0, line, 1, line, 1), STALE_RULE, Severity.INFO,
                f"Stale baseline entry: {where} [{rule}] {match!r} matched nothing.", match=match,
            ))
    return out
