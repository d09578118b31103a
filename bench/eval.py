"""Labelled evaluation: precision/recall per typo class and false positives on clean text.

Usage: python bench/eval.py [--seed N] [--tools a,b,...] [--rate R]

Three sources of labelled data:

* ``bench/corpus/clean/*.txt``: edited prose with no errors; every finding is a false positive.
* Typos of each class injected at known offsets into copies of the clean corpus
  (deterministic for a given ``--seed``): see ``CLASSES``.
* The sample articles ``seeds/*.txt`` against the hand-checked golden list
  ``tests/data/seeds_golden.json`` (when that file exists).

A finding matches an injected typo when it is on the same line and its column span
overlaps the injected span. Results go to stdout, ``bench/results/eval.md`` and
``bench/results/eval.json``. Generated corpora live in ``bench/.work/eval/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import inject  # noqa: E402
import tools  # noqa: E402
from tools import ROOT, RESULTS, WORK, Span  # noqa: E402

CLEAN = tools.BENCH / "corpus" / "clean"
SEEDS = ROOT / "seeds"
GOLDEN = ROOT / "tests" / "data" / "seeds_golden.json"
EVAL_DIR = WORK / "eval"
TYPOS_DICT_VERSION = "0.13.31"

TOOLS = ["typolint-rules", "typolint-lt", "codespell", "typos", "proselint"]

CLASSES = {
    "dropped": "a letter dropped from a word (harbour -> harbur)",
    "transposed": "two adjacent letters swapped (quay -> qauy)",
    "homoglyph": "a Cyrillic/Greek look-alike inside a Latin word (о for o)",
    "layout": "one letter typed with the Russian JCUKEN layout active (h -> р)",
    "truncation": "a short function word cut short (the -> th, with -> wth)",
    "quote": "backtick as apostrophe, or one quote of a pair in the other style (“…\")",
    "doubled": "a word repeated (the the)",
    "real": "a real misspelling from the typos-dict list (MIT OR Apache-2.0)",
    "cap-initial": "a real misspelling (cspell list) of a sentence's Capitalised first word",
    "cap-title": "a real misspelling (cspell list) of a Capitalised word inside a sentence or heading",
    "cap-acronym": "a real misspelling (cspell list), Capitalised after an acronym ('the UN Comission')",
    "truncated": "a frequent word, lowercase or Capitalised, cut by 1-3 letters to a 3-10 letter fragment "
                 "that is no word (not in the word lists, wordfreq Zipf < 2.5)",
    "repeated": "a heading or paragraph pasted again later, verbatim or with one word dropped",
    "swapped-name": "a multiword name mentioned again later in swapped word order",
    "variant-spelling": "a word used twice or more respelt once in its other regular variant (colour/color)",
    "dangling": "the word after a preposition or article dropped before , . or ; ('territories of,')",
}
#: The rules of the capitalised, truncation and document-level checks, listed in the clean-text
#: table even when they report nothing there.
NEW_RULES = ("rules:typos.non-word", "rules:typos.truncated-word", "rules:typos.repeated-paragraph",
             "rules:typos.inconsistent-spelling", "rules:typos.dangling-word")
#: Classes injected once per sentence from the cspell list or as truncations (rate 1.0 for n).
SENTENCE_CLASSES = ("cap-initial", "cap-title", "cap-acronym", "truncated")
#: Rows that pool classes: the targets of the capitalised checks are stated for the three together.
AGGREGATES = {"capitalised (all)": ("cap-initial", "cap-title", "cap-acronym")}
#: Classes injected once per document, into DOC_VARIANTS copies of each clean file.
DOC_CLASSES = ("repeated", "swapped-name", "variant-spelling", "dangling")
DOC_VARIANTS = 8

HOMOGLYPHS = {
    "a": "а", "c": "с", "e": "е", "o": "оο", "p": "рρ", "x": "хχ", "y": "у",
    "i": "і", "s": "ѕ", "j": "ј", "v": "ν", "u": "υ", "k": "κ",
}
LAYOUT = dict(zip("qwertyuiopasdfghjklzxcvbnm", "йцукенгшщзфывапролдячсмить"))
TRUNCATIONS = {
    "the": "th", "with": "wth", "that": "tht", "from": "frm", "have": "hve", "this": "ths",
    "which": "whch", "were": "wre", "their": "thir", "would": "woud", "there": "thre",
    "what": "wht", "when": "whn", "they": "tey", "into": "ino", "should": "shuld",
    "could": "culd", "after": "aftr", "only": "oly", "because": "becuse",
}
#: Words whose doubling is legitimate English, so never injected as a doubled-word typo.
LEGIT_DOUBLES = {"had", "that", "is", "very", "far", "so", "no", "bye", "many", "more"}

#: Lower-case ASCII words not glued to dots, hyphens, slashes or other letters
#: (keeps file names like sync.toml and names like Nicolás out of the candidates).
WORD = re.compile(r"(?<![\w.\-/'’`])[A-Za-z]+(?![\w\-/`])(?!\.\w)")
SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”»]))\s+")


@dataclass
class Injection:
    """One injected typo. ``spans``: 1-based code-point columns on ``line``, end exclusive."""

    cls: str
    path: str
    line: int
    spans: list[tuple[int, int]]
    original: str
    injected: str
    detected_by: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Edit:
    """Replace line[start:end] (0-based code points) by ``text``; ``group`` links edits of one typo."""

    start: int
    end: int
    text: str
    group: int


# --------------------------------------------------------------------------- data sources

def known_words() -> frozenset[str]:
    """Real words an injected typo must not be: web2 + GCIDE (english-words) + clean vocabulary."""
    cache = WORK / "known-words.txt"
    if not cache.exists():
        code = (
            "from english_words import get_english_words_set as g\n"
            "print('\\n'.join(sorted(g(['web2', 'gcide'], lower=True))))"
        )
        out = subprocess.run([str(tools.peer_bin("python")), "-c", code],
                             check=True, capture_output=True, text=True).stdout
        cache.write_text(out)
    words = set(cache.read_text().split())
    for path in CLEAN.glob("*.txt"):
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", path.read_text()))
    return frozenset(words)


def typos_dict_crate() -> Path | None:
    """The typos-dict .crate, fetched once through cargo from crates.io into bench/.work/."""
    crate = WORK / f"typos-dict-{TYPOS_DICT_VERSION}.crate"
    if crate.exists():
        return crate
    if not shutil.which("cargo"):
        return None
    proj = WORK / "fetch-typos-dict"
    (proj / "src").mkdir(parents=True, exist_ok=True)
    (proj / "Cargo.toml").write_text(
        '[package]\nname = "fetch-typos-dict"\nversion = "0.0.0"\nedition = "2021"\n\n'
        f'[dependencies]\ntypos-dict = "={TYPOS_DICT_VERSION}"\n'
    )
    (proj / "src" / "main.rs").write_text("fn main() {}\n")
    subprocess.run(["cargo", "fetch", "--quiet"], cwd=proj, check=True)
    cargo_home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    for cached in (cargo_home / "registry" / "cache").glob(f"*/{crate.name}"):
        shutil.copy(cached, crate)
        return crate
    return None


def real_misspellings(known: frozenset[str]) -> dict[str, list[str]]:
    """correct word -> misspellings of it, from typos-dict (only unambiguous, non-word typos)."""
    crate = typos_dict_crate()
    if crate is None:
        return {}
    member = f"typos-dict-{TYPOS_DICT_VERSION}/src/word_codegen.rs"
    with tarfile.open(crate) as tar:
        source = tar.extractfile(member).read().decode()  # type: ignore[union-attr]
    pairs = re.findall(r'InsensitiveStr::\w+\("([^"]+)"\),\s*&\[([^\]]*)\]', source)
    table: dict[str, list[str]] = defaultdict(list)
    for typo, fixes in pairs:
        fixes_list = re.findall(r'"([^"]+)"', fixes)
        if len(fixes_list) != 1 or not typo.isalpha() or not typo.isascii():
            continue
        typo = typo.lower()
        if not is_word(typo, known):
            table[fixes_list[0].lower()].append(typo)
    return {k: sorted(v) for k, v in table.items()}


# --------------------------------------------------------------------------- injection

def sentence_spans(line: str) -> list[tuple[int, int]]:
    """0-based [start, end) of each sentence-like chunk of a line."""
    spans, start = [], 0
    for m in SENTENCE_BREAK.finditer(line):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(line)))
    return [s for s in spans if s[1] > s[0]]


def word_edit(cls: str, word: str, rng: random.Random, known: frozenset[str],
              real: dict[str, list[str]]) -> str | None:
    """The mistyped form of ``word`` for a word-level class, or None if it does not apply."""
    lower = word.lower()
    if cls == "truncation":
        cut = TRUNCATIONS.get(lower)
        return None if cut is None else (cut.capitalize() if word[0].isupper() else cut)
    if word != lower:
        return None  # leave names and sentence-initial words alone for the other classes
    if cls == "real":
        return rng.choice(real[word]) if word in real else None
    if cls == "doubled":
        return None if word in LEGIT_DOUBLES else f"{word} {word}"
    if cls == "homoglyph":
        spots = [i for i, ch in enumerate(word) if ch in HOMOGLYPHS]
        if len(word) < 3 or not spots:
            return None
        i = rng.choice(spots)
        return word[:i] + rng.choice(HOMOGLYPHS[word[i]]) + word[i + 1:]
    if cls == "layout":
        if len(word) < 3:
            return None
        i = rng.randrange(len(word))
        return word[:i] + LAYOUT[word[i]] + word[i + 1:]
    candidates: list[str] = []
    if cls == "dropped" and len(word) >= 5:
        candidates = [word[:i] + word[i + 1:] for i in range(1, len(word) - 1)]
    elif cls == "transposed" and len(word) >= 4:
        candidates = [word[:i] + word[i + 1] + word[i] + word[i + 2:]
                      for i in range(1, len(word) - 1) if word[i] != word[i + 1]]
    candidates = [c for c in candidates if not is_word(c, known)]
    return rng.choice(candidates) if candidates else None


def is_word(word: str, known: frozenset[str]) -> bool:
    """True if ``word`` or a simple inflection base of it is a known word ('hoed' -> 'hoe').

    The word lists hold mostly base forms; a typo that is really an inflected word
    would be a real-word error, which is a different class.
    """
    bases = [word]
    for suffix, repl in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("d", ""),
                         ("ing", ""), ("ing", "e"), ("er", ""), ("ly", ""), ("ies", "y")):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            bases.append(word[: -len(suffix)] + repl)
    return any(b in known for b in bases)


def word_edits(cls: str, line: str, rng: random.Random, rate: float, known: frozenset[str],
               real: dict[str, list[str]]) -> list[Edit]:
    """At most one edit per sentence, each sentence chosen with probability ``rate``."""
    edits: list[Edit] = []
    for start, end in sentence_spans(line):
        if rng.random() >= rate:
            continue
        options = []
        for m in WORD.finditer(line, start, end):
            if cls == "doubled" and re.search(rf"\b{re.escape(m[0])}\s+$", line[:m.start()], re.I):
                continue
            new = word_edit(cls, m[0], random.Random(rng.random()), known, real)
            if new is not None:
                options.append(Edit(m.start(), m.end(), new, len(edits)))
        if options:
            edits.append(rng.choice(options))
    return edits


def quote_edits(line: str, rng: random.Random) -> list[Edit]:
    """Every apostrophe between letters becomes a backtick, and every quote pair is mismatched.

    Quote slips are rarer than words, so each candidate gets one (a separate group each).
    """
    edits: list[Edit] = []
    for m in re.finditer(r"(?<=\w)['’](?=\w)", line):
        edits.append(Edit(m.start(), m.end(), "`", len(edits)))
    for m in re.finditer(r"“[^“”\"]*”|\"[^\"“”]*\"", line):
        curly, group = m[0][0] == "“", len(edits)
        opening, closing = m[0][0], m[0][-1]
        if rng.random() < 0.5:  # change the closing quote to the other style
            closing = '"' if curly else "”"
        else:  # change the opening quote, and keep the closing one
            opening = '"' if curly else "“"
        # Both quotes of the pair form the typo's span: a checker may point at either end.
        edits.append(Edit(m.start(), m.start() + 1, opening, group))
        edits.append(Edit(m.end() - 1, m.end(), closing, group))
    return edits


def apply_edits(line: str, edits: list[Edit]) -> tuple[str, dict[int, list[tuple[int, int]]]]:
    """New line, and for each edit group the 1-based, end-exclusive columns of its new text."""
    out, pos, delta = [], 0, 0
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for e in sorted(edits, key=lambda e: e.start):
        out.append(line[pos:e.start])
        new_start = e.start + delta
        out.append(e.text)
        spans[e.group].append((new_start + 1, new_start + 1 + len(e.text)))
        delta += len(e.text) - (e.end - e.start)
        pos = e.end
    out.append(line[pos:])
    return "".join(out), spans


def build_class_corpus(cls: str, seed: int, rate: float, known: frozenset[str],
                       real: dict[str, list[str]]) -> list[Injection]:
    """Write bench/.work/eval/<cls>/*.txt and return the typos injected into them."""
    if cls in SENTENCE_CLASSES:
        return build_sentence_corpus(cls, seed, known, real)
    if cls in DOC_CLASSES:
        return build_doc_corpus(cls, seed, known)
    rng = random.Random(f"{seed}:{cls}")
    out_dir = EVAL_DIR / cls
    out_dir.mkdir(parents=True, exist_ok=True)
    injections: list[Injection] = []
    for src in sorted(CLEAN.glob("*.txt")):
        dest = out_dir / src.name
        new_lines = []
        for lineno, line in enumerate(src.read_text(encoding="utf-8").split("\n"), start=1):
            edits = (quote_edits(line, rng) if cls == "quote"
                     else word_edits(cls, line, rng, rate, known, real))
            new_line, spans = apply_edits(line, edits)
            new_lines.append(new_line)
            by_group: dict[int, list[Edit]] = defaultdict(list)
            for e in edits:
                by_group[e.group].append(e)
            for group, group_edits in by_group.items():
                injections.append(Injection(
                    cls, str(dest.resolve()), lineno, spans[group],
                    "…".join(line[e.start:e.end] for e in group_edits),
                    "…".join(e.text for e in group_edits)))
        dest.write_text("\n".join(new_lines), encoding="utf-8")
    return injections


def build_sentence_corpus(cls: str, seed: int, known: frozenset[str],
                          table: dict[str, list[str]]) -> list[Injection]:
    """At most one capitalised misspelling or truncation per sentence (bench/inject.py)."""
    rng = random.Random(f"{seed}:{cls}")
    out_dir = EVAL_DIR / cls
    out_dir.mkdir(parents=True, exist_ok=True)
    injections: list[Injection] = []
    is_known = lambda w: is_word(w, known)  # noqa: E731
    for src in sorted(CLEAN.glob("*.txt")):
        dest = out_dir / src.name
        new_lines = []
        for lineno, line in enumerate(src.read_text(encoding="utf-8").split("\n"), start=1):
            edits = []
            for sentence in inject.sentences(line):
                local = random.Random(rng.random())
                edit = (inject.truncation_edit(line, sentence, local, is_known) if cls == "truncated"
                        else inject.cap_edit(cls, line, sentence, local, table))
                if edit is not None:
                    edits.append(Edit(edit[0], edit[1], edit[2], len(edits)))
            new_line, spans = apply_edits(line, edits)
            new_lines.append(new_line)
            for e in edits:
                injections.append(Injection(cls, str(dest.resolve()), lineno, spans[e.group],
                                            line[e.start:e.end], e.text))
        dest.write_text("\n".join(new_lines), encoding="utf-8")
    return injections


def other_spelling(known: frozenset[str]):
    """The other regular spelling (-our/-or, -ise/-ize, -yse/-yze, -tre/-ter, -lled/-led) if a known word."""
    rewrites = [(r"^(\w{3,})our(s|ed|ing|ite|able)?$", r"\1or\2"), (r"^(\w{2,})is(e|es|ed|ing|ation|ations)$", r"\1iz\2"),
                (r"^(\w{2,})ys(e|es|ed|ing)$", r"\1yz\2"), (r"^(\w{3,}t)re(s)?$", r"\1er\2"),
                (r"^(\w{4,})ll(ed|ing)$", r"\1l\2")]

    def other(word: str) -> str | None:
        for pattern, repl in rewrites:
            if re.match(pattern, word):
                new = re.sub(pattern, repl, word)
                return new if new in known else None
        return None
    return other


def build_doc_corpus(cls: str, seed: int, known: frozenset[str]) -> list[Injection]:
    """DOC_VARIANTS copies of each clean file, each with one document-level error."""
    out_dir = EVAL_DIR / cls
    out_dir.mkdir(parents=True, exist_ok=True)
    injections: list[Injection] = []
    for src in sorted(CLEAN.glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        for variant in range(DOC_VARIANTS):
            rng = random.Random(f"{seed}:{cls}:{src.name}:{variant}")
            if cls == "variant-spelling":
                doc = inject.variant_spelling(text, rng, variant, other_spelling(known))
            else:
                doc = {"repeated": inject.repeated, "swapped-name": inject.swapped_name,
                       "dangling": inject.dangling}[cls](text, rng, variant)
            if doc is None:
                continue
            dest = out_dir / f"{src.stem}-{variant}.txt"
            dest.write_text(doc[1], encoding="utf-8")
            injections += [Injection(cls, str(dest.resolve()), i.line, i.spans, i.original, i.injected)
                           for i in doc[2]]
    return injections


# --------------------------------------------------------------------------- golden list

def load_golden() -> tuple[list[Injection], str]:
    """The seeds' hand-checked errors as injections of class 'seeds', and a status note."""
    if not GOLDEN.exists():
        return [], f"{GOLDEN.relative_to(ROOT)} does not exist yet: seeds not scored"
    try:
        data = json.loads(GOLDEN.read_text(encoding="utf-8"))
        entries = data.get("findings", data.get("errors", data)) if isinstance(data, dict) else data
        if isinstance(entries, dict):  # {path: [entry, ...]}
            entries = [{**e, "path": e.get("path", p)} for p, items in entries.items() for e in items]
        golden = []
        for e in entries:
            raw = Path(e.get("path") or e.get("file"))
            path = next((p for p in (ROOT / raw, SEEDS / raw.name) if p.exists()), ROOT / raw)
            col = int(e.get("column") or e.get("col") or 1)
            match = e.get("match") or e.get("text") or ""
            end_col = int(e.get("end_column") or (col + len(match) if match else col + 1))
            if int(e.get("end_line") or e["line"]) != int(e["line"]):
                end_col = tools.EOL
            golden.append(Injection("seeds", str(path.resolve()), int(e["line"]),
                                    [(col, max(end_col, col + 1))], match, e.get("rule", "")))
        about = data.get("about", "") if isinstance(data, dict) else ""
        return golden, (f"seeds: {len(golden)} golden errors from {GOLDEN.relative_to(ROOT)}"
                        + (f" ({about.rstrip('.')}). A finding outside that list lowers the "
                           "seeds' precision even when it is right." if about else "."))
    except (KeyError, TypeError, ValueError, json.JSONDecodeError) as exc:
        return [], f"{GOLDEN.relative_to(ROOT)}: unrecognised format ({exc}): seeds not scored"


# --------------------------------------------------------------------------- scoring

def overlaps(span: Span, inj: Injection) -> bool:
    return span.line == inj.line and any(span.col < e and s < span.end_col for s, e in inj.spans)


def score(tool: str, findings: list[Span], groups: dict[str, list[Injection]],
          group_files: dict[str, list[Path]]) -> dict[str, dict]:
    """Per group: injected n, detected, recall, findings, true findings, precision."""
    by_line: dict[tuple[str, int], list[Span]] = defaultdict(list)
    for f in findings:
        by_line[(f.path, f.line)].append(f)
    result = {}
    for group, injections in groups.items():
        files = {str(p.resolve()) for p in group_files[group]}
        mine = [f for f in findings if f.path in files]
        inj_by_line: dict[tuple[str, int], list[Injection]] = defaultdict(list)
        detected = 0
        for inj in injections:
            inj_by_line[(inj.path, inj.line)].append(inj)
            if any(overlaps(f, inj) for f in by_line[(inj.path, inj.line)]):
                detected += 1
                inj.detected_by.append(tool)
        true = sum(1 for f in mine if any(overlaps(f, i) for i in inj_by_line[(f.path, f.line)]))
        result[group] = {
            "n": len(injections), "detected": detected, "findings": len(mine), "true": true,
            "recall": detected / len(injections) if injections else None,
            "precision": true / len(mine) if mine else None,
        }
    return result


def pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def render(report: dict) -> str:
    """The Markdown report (also printed to stdout)."""
    tools_run = [t for t in report["tools"] if report["tools"][t]["status"] == "ok"]
    lines = [
        "# typolint evaluation",
        "",
        f"Generated by `make eval` (bench/eval.py) on {report['date']}, seed {report['seed']}, "
        f"injection rate {report['rate']} per sentence.",
        "",
        "Each cell is **recall / precision**. Recall: share of injected typos with an overlapping "
        "finding on the same line. Precision: share of the tool's findings in that corpus that "
        "overlap an injected typo (background false positives count against it).",
        "",
        "| class | n | " + " | ".join(tools_run) + " |",
        "|---|---:|" + "---|" * len(tools_run),
    ]
    for group in list(CLASSES) + list(AGGREGATES) + ["all injected", "seeds"]:
        if group not in report["groups"]:
            continue
        n = report["groups"][group]["n"]
        cells = []
        for t in tools_run:
            s = report["tools"][t]["scores"].get(group)
            cells.append("–" if s is None else f"{pct(s['recall'])} / {pct(s['precision'])}")
        lines.append(f"| {group} | {n} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"## False positives on clean text ({report['clean_words']:,} words, "
        f"{report['clean_files']} files in bench/corpus/clean/)",
        "",
        "| tool | findings | per 1,000 words |",
        "|---|---:|---:|",
    ]
    for t in tools_run:
        c = report["tools"][t]["clean"]
        lines.append(f"| {t} | {c['findings']} | {c['per_1000']:.2f} |")
    lines += ["", "### typolint's false positives on clean text, by rule", "",
              "| tool | rule | findings | per 1,000 words |", "|---|---|---:|---:|"]
    for t in (t for t in tools_run if t.startswith("typolint")):
        rules = dict(report["tools"][t]["clean_rules"])
        for rule in sorted(set(rules) | set(NEW_RULES)):
            n = rules.get(rule, 0)
            lines.append(f"| {t} | {rule} | {n} | {1000 * n / report['clean_words']:.2f} |")
    skipped = [f"{t}: {v['status']}" for t, v in report["tools"].items() if v["status"] != "ok"]
    lines += ["", "## Notes", ""]
    lines += [f"- {note}" for note in report["notes"] + skipped]
    lines += ["", "## Tool versions", ""]
    lines += [f"- {t}: {v}" for t, v in report["versions"].items()]
    lines += ["", "## Classes", ""]
    lines += [f"- **{c}**: {d}" for c, d in CLASSES.items()]
    lines += ["", "## Data sources and licences", ""]
    lines += [f"- {s}" for s in SOURCES]
    for t in tools_run:
        fps = report["tools"][t]["clean_examples"]
        if t.startswith("typolint") and fps:
            lines += ["", f"## {t}: findings on clean text", "", "| file:line:col | rule | text |",
                      "|---|---|---|"]
            lines += [f"| {x['where']} | {x['rule']} | `{x['text']}` |" for x in fps]
        misses = report["tools"][t].get("missed_examples")
        if t.startswith("typolint") and misses:
            lines += ["", f"## {t}: sample of missed injections", "",
                      "| class | file:line | original | injected |", "|---|---|---|---|"]
            lines += [f"| {m['cls']} | {m['where']} | `{m['original']}` | `{m['injected']}` |"
                      for m in misses]
    return "\n".join(lines) + "\n"


SOURCES = [
    "bench/corpus/clean/: written by the typolint project, GPL-3.0-or-later (the project licence).",
    "seeds/*.txt and tests/data/seeds_golden.json: the project's sample articles and golden list.",
    f"typos-dict {TYPOS_DICT_VERSION} (crates.io, fetched with cargo into bench/.work/): "
    "MIT OR Apache-2.0; only unambiguous pairs whose typo is not a dictionary word are used.",
    f"{inject.CSPELL_PACKAGE} {inject.CSPELL_VERSION} (npm, fetched with npm pack into bench/.work/): "
    f"{inject.CSPELL_LICENCE}; common English misspellings (from Wikipedia's list), source of the "
    "capitalised classes; only single-correction pairs whose typo is not a dictionary word are used.",
    "english-words 2.0.2 (PyPI, MIT): web2 word list (public domain) and GCIDE (GPL-3.0), used "
    "only to reject injected typos that happen to be real words; not redistributed.",
    "Peers from PyPI in bench/.venv: codespell 2.4.3 (GPL-2.0-only), typos 1.52.0 "
    "(MIT OR Apache-2.0), proselint 0.16.0 (BSD-3-Clause).",
]


def clip(line: str, span: Span) -> str:
    text = line[span.col - 1: min(span.end_col - 1, span.col + 39)]
    return text.replace("|", "\\|").replace("`", "ˋ")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=20261128)
    ap.add_argument("--rate", type=float, default=0.6, help="chance that a sentence gets a typo")
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--out", default=str(RESULTS / "eval.md"))
    args = ap.parse_args(argv)
    selected = [t for t in args.tools.split(",") if t]

    tools.ensure_peers()
    WORK.mkdir(exist_ok=True)
    shutil.rmtree(EVAL_DIR, ignore_errors=True)
    known = known_words()
    real = real_misspellings(known)
    notes = []
    if not real:
        notes.append("typos-dict unavailable (no cargo or no registry): class 'real' skipped")

    cspell = inject.cspell_misspellings(lambda w: is_word(w, known))
    if not cspell:
        notes.append("cspell misspellings unavailable (no npm): capitalised classes skipped")
    groups: dict[str, list[Injection]] = {}
    files: dict[str, list[Path]] = {}
    for cls in CLASSES:
        if (cls == "real" and not real) or (cls.startswith("cap-") and not cspell):
            continue
        table = cspell if cls.startswith("cap-") else real
        groups[cls] = build_class_corpus(cls, args.seed, args.rate, known, table)
        files[cls] = sorted((EVAL_DIR / cls).glob("*.txt"))
    for name, members in AGGREGATES.items():
        if any(c in groups for c in members):
            groups[name] = [i for c in members for i in groups.get(c, [])]
            files[name] = [p for c in members for p in files.get(c, [])]
    groups["all injected"] = [i for c in CLASSES for i in groups.get(c, [])]
    files["all injected"] = [p for c in CLASSES for p in files.get(c, [])]
    golden, golden_note = load_golden()
    notes.append(golden_note)
    seed_files = sorted(SEEDS.glob("*.txt"))
    if golden:
        groups["seeds"], files["seeds"] = golden, seed_files
    clean_files = sorted(CLEAN.glob("*.txt"))
    clean_words = sum(tools.count_words(p.read_text(encoding="utf-8")) for p in clean_files)
    (EVAL_DIR / "injections.json").write_text(
        json.dumps([asdict(i) for c in CLASSES for i in groups.get(c, [])], ensure_ascii=False,
                   indent=1))

    all_files = clean_files + files["all injected"] + (seed_files if golden else [])
    report = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "seed": args.seed, "rate": args.rate, "notes": notes, "tools": {},
              "groups": {g: {"n": len(v)} for g, v in groups.items()},
              "clean_words": clean_words, "clean_files": len(clean_files),
              "versions": {t: tools.tool_version(t)
                           for t in ("typolint", "codespell", "typos", "proselint")}}
    clean_set = {str(p.resolve()) for p in clean_files}
    clean_lines = {str(p.resolve()): p.read_text(encoding="utf-8").split("\n") for p in clean_files}
    for tool in selected:
        t0 = time.perf_counter()
        try:
            findings = tools.run_tool(tool, all_files)
        except (tools.ToolError, OSError, json.JSONDecodeError, subprocess.TimeoutExpired) as exc:
            report["tools"][tool] = {"status": f"not run ({exc})"[:300]}
            print(f"{tool}: {report['tools'][tool]['status']}", file=sys.stderr)
            continue
        elapsed = time.perf_counter() - t0
        clean_fp = [f for f in findings if f.path in clean_set]
        entry = {
            "status": "ok", "seconds": round(elapsed, 2),
            "scores": score(tool, findings, groups, files),
            "clean": {"findings": len(clean_fp),
                      "per_1000": 1000 * len(clean_fp) / clean_words},
            "clean_rules": Counter(f.rule for f in clean_fp).most_common(),
            "clean_examples": [
                {"where": f"{Path(f.path).name}:{f.line}:{f.col}", "rule": f.rule,
                 "text": clip(clean_lines[f.path][f.line - 1], f)} for f in clean_fp[:60]],
        }
        report["tools"][tool] = entry
        print(f"{tool}: {len(findings)} findings in {elapsed:.1f}s", file=sys.stderr)
    for tool, entry in report["tools"].items():
        if entry["status"] == "ok":
            missed = [i for i in groups["all injected"] if tool not in i.detected_by]
            # every miss, for comparing two runs (bench/.work is not committed)
            (EVAL_DIR / f"missed-{tool}.json").write_text(json.dumps(
                [[i.cls, f"{Path(i.path).name}:{i.line}", i.original, i.injected] for i in missed],
                ensure_ascii=False, indent=0), encoding="utf-8")
            sample = random.Random(args.seed).sample(missed, min(25, len(missed)))
            entry["missed_examples"] = [
                {"cls": i.cls, "where": f"{Path(i.path).name}:{i.line}",
                 "original": i.original, "injected": i.injected}
                for i in sorted(sample, key=lambda i: (list(CLASSES).index(i.cls), i.path, i.line))]

    text = render(report)
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=1),
                                        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
