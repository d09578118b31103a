"""Baselines: fingerprints of accepted findings, so a team can adopt typolint on old text.

A fingerprint is (path, rule, matched text, occurrence index among identical triples).
Line numbers are not part of it, so edits elsewhere in a file keep it valid.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from lint.errors import UsageError
from lint.model import Finding

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
    """Write the baseline atomically; return how many entries it holds."""
    entries = [
        {"path": p, "rule": r, "match": m, "occurrence": n} for (p, r, m, n), _ in fingerprints(findings, relative)
    ]
    data = json.dumps({"version": VERSION, "entries": entries}, ensure_ascii=False, indent=1) + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.resolve().parent, prefix=".typolint-baseline-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(data)
    os.replace(tmp, path)
    return len(entries)


def read(path: Path) -> set[Fingerprint]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return {(e["path"], e["rule"], e["match"], int(e["occurrence"])) for e in doc["entries"]}
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file (create one with: typolint baseline)") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BaselineError(f"{path}: not a typolint baseline: {exc}") from None
