"""Injections for the evaluation's capitalised, truncation and document-level classes.

Each builder takes the clean files and a seeded random generator and returns documents with
their injected errors; ``bench/eval.py`` writes them and scores every tool against them.
Positions: 1-based line, 1-based code-point columns, end exclusive (``EOL`` for a whole line).

The capitalised classes take real misspellings from the npm package
``@cspell/dict-en-common-misspellings`` (CC BY-SA 4.0), fetched with ``npm pack`` into
``bench/.work/`` and never committed.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tools import EOL, WORK

CSPELL_PACKAGE = "@cspell/dict-en-common-misspellings"
CSPELL_VERSION = "2.2.6"
CSPELL_LICENCE = "CC BY-SA 4.0"
#: Acronyms put before a misspelt Capitalised word ('the UN Comission').
ACRONYMS = ("UN", "EU", "NATO", "OIC", "IMF", "WHO", "BBC", "NASA")
#: Prepositions and articles whose following word the 'dangling' class drops.
DROP_AFTER = ("of", "to", "for", "with", "from", "the", "a", "an", "into", "about", "at", "in", "on", "by")
#: Sentences that mention a multiword name again, in swapped word order.
MENTIONS = ("Later that day the {} confirmed it.", "A statement from the {} followed.",
            "Nobody at the {} would comment.", "The {} did not reply.")
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”»]))\s+")
_WORD = re.compile(r"(?<![\w.\-/'’`])[A-Za-z]+(?![\w\-/`])(?!\.\w)")
_NAME_RUN = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?: [A-Z][a-z]+){1,3}(?![\w'’-])")
_LEADING = {"the", "a", "an", "on", "in", "at", "of", "what", "why", "how", "every", "mr", "mrs", "ms", "dr", "professor"}


@dataclass
class Injected:
    """One injected error: line and column spans in the written document."""

    line: int
    spans: list[tuple[int, int]]
    original: str
    injected: str


Doc = tuple[str, str, list[Injected]]  # (file name, text, injections)


# --------------------------------------------------------------------------- misspelling list

def cspell_misspellings(is_word: Callable[[str], bool]) -> dict[str, list[str]]:
    """correct word -> misspellings, from the cspell list (single-correction, non-word typos only)."""
    listing = _cspell_json()
    if listing is None:
        return {}
    table: dict[str, list[str]] = {}
    for definition in json.loads(listing)["dictionaryDefinitions"]:
        for entry in definition.get("flagWords", []) + definition.get("suggestWords", []):
            typo, _, fixes = entry.partition("->")
            fix = fixes.strip()
            if "," in fix or not typo.isalpha() or not fix.isalpha() or not typo.isascii():
                continue
            typo, fix = typo.lower(), fix.lower()
            if typo != fix and not is_word(typo):
                table.setdefault(fix, []).append(typo)
    return {k: sorted(set(v)) for k, v in table.items()}


def _cspell_json() -> str | None:
    """dict/dict-en.json of the pinned package, fetched once with ``npm pack`` (None if no npm)."""
    tgz = WORK / f"cspell-dict-en-common-misspellings-{CSPELL_VERSION}.tgz"
    if not tgz.exists():
        if not shutil.which("npm"):
            return None
        subprocess.run(["npm", "pack", "--silent", f"{CSPELL_PACKAGE}@{CSPELL_VERSION}"],
                       cwd=WORK, check=True, capture_output=True)
    with tarfile.open(tgz) as tar:
        return tar.extractfile("package/dict/dict-en.json").read().decode()  # type: ignore[union-attr]


# --------------------------------------------------------------------------- word-level classes

def sentences(line: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_BREAK.finditer(line):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(line)))
    return [s for s in spans if s[1] > s[0]]


def capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def cap_edit(cls: str, line: str, sentence: tuple[int, int], rng: random.Random,
             table: dict[str, list[str]]) -> tuple[int, int, str, str] | None:
    """(start, end, new text, span text) of one capitalised misspelling in a sentence, or None.

    ``cap-initial``: the sentence's first word. ``cap-title``: a Capitalised word inside the
    sentence (a heading, a name of ordinary words). ``cap-acronym``: a lowercase word inside
    the sentence becomes an acronym and the Capitalised misspelling ('the UN Comission').
    """
    words = list(_WORD.finditer(line, *sentence))
    options = []
    for i, m in enumerate(words):
        word = m.group()
        low = word.lower()
        if low not in table or len(low) < 3:
            continue
        if cls == "cap-initial" and i == 0 and m.start() == sentence[0] and word == capital(low):
            options.append((m.start(), m.end(), capital(rng.choice(table[low]))))
        elif cls == "cap-title" and i > 0 and word == capital(low):
            options.append((m.start(), m.end(), capital(rng.choice(table[low]))))
        elif cls == "cap-acronym" and i > 0 and word == low and len(low) >= 4:
            options.append((m.start(), m.end(), f"{rng.choice(ACRONYMS)} {capital(rng.choice(table[low]))}"))
    return rng.choice(options) if options else None


def truncation_edit(line: str, sentence: tuple[int, int], rng: random.Random,
                    is_word: Callable[[str], bool]) -> tuple[int, int, str] | None:
    """A frequent word of the sentence (wordfreq Zipf >= 3, so not a name) cut by 1-3 letters
    to a fragment of 3-10 letters that is no word: not in the word lists, and no token of real
    usage either (wordfreq Zipf < 2.5; 'sta', 'dec', 'repo' are abbreviations and jargon)."""
    from wordfreq import zipf_frequency  # the project's own dependency; eval runs in its venv

    options = []
    for m in _WORD.finditer(line, *sentence):
        word = m.group()
        if word.isupper() or len(word) < 4 or not is_word(word.lower()) or zipf_frequency(word, "en") < 3:
            continue
        cuts = [word[:n] for n in range(max(3, len(word) - 3), len(word)) if n <= 10]
        cuts = [c for c in cuts if not is_word(c.lower()) and zipf_frequency(c, "en") < 2.5]
        if cuts:
            options.append((m.start(), m.end(), rng.choice(cuts)))
    return rng.choice(options) if options else None


# --------------------------------------------------------------------------- document-level classes

def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def join(paras: list[str]) -> str:
    return "\n\n".join(paras) + "\n"


def line_of(paras: list[str], index: int) -> int:
    """1-based line where paragraph ``index`` starts in ``join(paras)``."""
    return sum(p.count("\n") + 2 for p in paras[:index]) + 1


def repeated(text: str, rng: random.Random, variant: int) -> Doc | None:
    """A heading (variant 0) or paragraph copied later, verbatim or with one word changed."""
    paras = paragraphs(text)
    headings = [i for i, p in enumerate(paras) if "\n" not in p and not p.rstrip().endswith((".", ":"))
                and len(p.split()) >= 3]
    bodies = [i for i, p in enumerate(paras) if len(p.split()) >= 12]
    pool = headings if variant % 4 == 0 and headings else bodies
    if not pool:
        return None
    i = rng.choice(pool)
    copy = paras[i]
    words = copy.split(" ")
    if pool is bodies and variant % 2 == 1 and len(words) > 12:  # near-verbatim: one word dropped
        k = rng.randrange(1, len(words) - 1)
        copy = " ".join(words[:k] + words[k + 1:])
    at = i + 1 if variant % 3 == 0 else rng.randrange(i + 1, len(paras) + 1)
    paras.insert(at, copy)
    return "", join(paras), [Injected(line_of(paras, at), [(1, EOL)], paras[i][:40], copy[:40])]


def swapped_name(text: str, rng: random.Random, variant: int) -> Doc | None:
    """A multiword name mentioned again later in swapped word order."""
    paras = paragraphs(text)
    names = []
    for i, p in enumerate(paras):
        for m in _NAME_RUN.finditer(p):
            words = m.group().split(" ")
            while words and words[0].lower() in _LEADING:
                words = words[1:]
            if len(words) >= 2 and len(set(words)) == len(words):
                names.append((i, " ".join(words)))
    if not names:
        return None
    i, name = rng.choice(names)
    words = name.split(" ")
    swapped = words[:]
    while swapped == words:
        rng.shuffle(swapped)
    later = [j for j in range(i, len(paras)) if paras[j].rstrip().endswith(".")]
    if not later:
        return None
    j = rng.choice(later)
    sentence = rng.choice(MENTIONS).format(" ".join(swapped))
    lines = paras[j].split("\n")
    lines[-1] = lines[-1] + " " + sentence
    paras[j] = "\n".join(lines)
    line = line_of(paras, j) + len(lines) - 1
    col = len(lines[-1]) - len(sentence) + sentence.index(swapped[0]) + 1
    span = " ".join(swapped)
    return "", join(paras), [Injected(line, [(col, col + len(span))], name, span)]


def variant_spelling(text: str, rng: random.Random, variant: int,
                     other_form: Callable[[str], str | None]) -> Doc | None:
    """One later occurrence of a word used at least twice respelt in its other variant."""
    found: dict[str, list[re.Match]] = {}
    for m in _WORD.finditer(text):
        found.setdefault(m.group().lower(), []).append(m)
    options = [(w, ms) for w, ms in found.items() if len(ms) >= 2 and other_form(w)]
    if not options:
        return None
    word, ms = rng.choice(sorted(options, key=lambda o: o[0]))
    m = rng.choice(ms[1:])
    new = other_form(word)
    new = capital(new) if m.group()[0].isupper() else new
    out = text[:m.start()] + new + text[m.end():]
    line = text.count("\n", 0, m.start()) + 1
    col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    return "", out, [Injected(line, [(col, col + len(new))], m.group(), new)]


def dangling(text: str, rng: random.Random, variant: int) -> Doc | None:
    """The word after a preposition or article dropped before , . or ; ('territories of,')."""
    body = "|".join(DROP_AFTER)
    ms = list(re.finditer(rf"(?<=[a-z,] )({body}) ([A-Za-z]+)(?=[,.;](?![\w.]))", text))
    if not ms:
        return None
    m = rng.choice(ms)
    out = text[:m.end(1)] + text[m.end(2):]
    line = text.count("\n", 0, m.start()) + 1
    col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    return "", out, [Injected(line, [(col, col + len(m.group(1)) + 1)], m.group(), m.group(1))]
