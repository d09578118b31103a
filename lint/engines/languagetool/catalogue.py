"""LanguageTool's own rule catalogue (ids, categories, descriptions, examples), read from its jars.

The grammar and style files of ``language-en`` ship inside the jar (``org/languagetool/rules/en/``).
Parsing them takes about a second, so the result is kept as private JSON in the cache, keyed by
the jar's size and mtime. Rules written in Java (the speller ``MORFOLOGIK_RULE_EN_US``,
``UPPERCASE_SENTENCE_START``, ...) are not in those files; a short table below names them, with
LanguageTool's descriptions as its ``/v2/configinfo`` reports them.

Measured on 2 cores (LanguageTool 6.8): parsing the jar 1.6 s, the cached JSON 0.2 s; asking a
running server (``/v2/configinfo``) 1.0 s, plus 15-30 s to start one, and it gives no examples.
So ``typolint rules`` reads the jars and never starts a server.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from xml.etree import ElementTree

from lint.config import LanguageToolConfig
from lint.engines.languagetool.install import LT_VERSION, cache_root, require_installation

#: Grammar and style files of American English, in the order LanguageTool loads them.
RULE_FILES = (
    "org/languagetool/rules/en/grammar.xml",
    "org/languagetool/rules/en/style.xml",
    "org/languagetool/rules/en/en-US/grammar.xml",
    "org/languagetool/rules/en/en-US/style.xml",
)

#: Java rules of en-US that are on by default: (id, category, description), from /v2/configinfo.
JAVA_RULES = (
    ("COMMA_PARENTHESIS_WHITESPACE", "Typography", "Use of whitespace before comma and before/after parentheses"),
    ("DOUBLE_PUNCTUATION", "Punctuation", "Use of two consecutive dots or commas"),
    ("UPPERCASE_SENTENCE_START", "Capitalization", "Checks that a sentence starts with an uppercase letter"),
    ("WHITESPACE_RULE", "Typography", "Whitespace repetition (bad formatting)"),
    ("SENTENCE_WHITESPACE", "Typography", "Missing space between sentences"),
    ("MORFOLOGIK_RULE_EN_US", "Possible Typo", "Possible spelling mistake"),
    ("ENGLISH_WORD_REPEAT_RULE", "Miscellaneous", "Word repetition (e.g. 'will will')"),
    ("EN_A_VS_AN", "Miscellaneous", "Use of 'a' vs. 'an'"),
    ("EN_UNPAIRED_BRACKETS", "Punctuation", "Unpaired braces, brackets, quotation marks and similar symbols"),
    ("EN_UNPAIRED_QUOTES", "Punctuation", "Unpaired quotes"),
    ("EN_COMPOUNDS", "Compounding", "Hyphenated words, e.g., 'case-sensitive' instead of 'case sensitive'"),
    ("EN_CONTRACTION_SPELLING", "Possible Typo", "Spelling of English contractions"),
    ("ENGLISH_WORD_REPEAT_BEGINNING_RULE", "Style", "Successive sentences beginning with the same word"),
    ("EN_SPECIFIC_CASE", "Capitalization", "Checks upper/lower case spelling of some proper nouns"),
    ("EN_WORD_COHERENCY", "Grammar", "Consistent spelling of words with multiple correct forms"),
    ("EN_DIACRITICS_REPLACE", "Possible Typo", "Words with diacritics"),
    ("EN_US_SIMPLE_REPLACE", "Possible Typo", "British words easily confused in American English"),
)


@dataclass(frozen=True, slots=True)
class Example:
    """One example of a rule: ``text`` with the flagged part in «», and the correction if any."""

    text: str
    correction: str | None


@dataclass(frozen=True, slots=True)
class LtRule:
    """A LanguageTool rule as its own files describe it."""

    id: str
    category: str
    description: str
    default_on: bool
    message: str = ""
    examples: tuple[Example, ...] = ()
    source: str = ""
    #: LanguageTool's id of the category ('STYLE', 'COMPOUNDING'), which ``disabledCategories`` names.
    category_id: str = ""


def catalogue_path() -> Path:
    """The JSON copy of the catalogue in the cache."""
    return cache_root() / f"languagetool-{LT_VERSION}-rules.json"


def catalogue() -> dict[str, LtRule]:
    """Every en-US rule by id, from the cached JSON or else parsed from the jar (then cached)."""
    jar = language_jar()
    stamp = f"{jar}:{jar.stat().st_size}:{jar.stat().st_mtime_ns}:2"  # :2, rules carry category ids
    cached = _load(stamp)
    if cached is not None:
        return cached
    rules = {r.id: r for r in parse_jar(jar)}
    for rule_id, category, description in JAVA_RULES:
        category_id = category.upper().replace(" ", "_")  # 'Compounding' -> 'COMPOUNDING', 'Style' -> 'STYLE'
        rules.setdefault(rule_id, LtRule(rule_id, category, description, True, source="Java", category_id=category_id))
    _store(stamp, rules)
    return rules


def language_jar() -> Path:
    """The installed ``language-en`` jar (InstallError if LanguageTool is not installed)."""
    folder = Path(require_installation().classpath.removesuffix("*"))
    folder = folder if folder.is_dir() else folder.parent
    for candidate in (*folder.glob("language-en*.jar"), *folder.glob("libs/language-en*.jar")):
        return candidate
    from lint.engines.languagetool.install import InstallError

    raise InstallError(f"no language-en jar in {folder}; run 'typolint languagetool uninstall' and install again")


def parse_jar(jar: Path) -> Iterator[LtRule]:
    """The XML rules of the en-US grammar and style files in ``jar``."""
    with zipfile.ZipFile(jar) as archive:
        names = set(archive.namelist())
        for name in (n for n in RULE_FILES if n in names):
            with archive.open(name) as fh:
                yield from _parse_rules(fh, name.rsplit("/", 2)[-2] + "/" + name.rsplit("/", 1)[-1])


def _parse_rules(fh, source: str) -> Iterator[LtRule]:
    """Rules and rule groups of one file; a group is one rule (its id is what LT reports)."""
    category, category_on, group, category_id = "", True, None, ""
    for event, elem in ElementTree.iterparse(fh, events=("start", "end")):
        tag = elem.tag
        if event == "start" and tag == "category":
            category, category_on = elem.get("name", elem.get("id", "")), elem.get("default") != "off"
            category_id = elem.get("id", "")
        elif event == "start" and tag == "rulegroup":
            group = elem
        elif event == "end" and tag == "rulegroup":
            yield replace(_rule(elem, elem.findall("rule"), category, category_on, source), category_id=category_id)
            group = None
            elem.clear()
        elif event == "end" and tag == "rule" and group is None and elem.get("id"):
            yield replace(_rule(elem, [elem], category, category_on, source), category_id=category_id)
            elem.clear()


def _rule(elem: ElementTree.Element, parts: list[ElementTree.Element], category: str, category_on: bool, source: str) -> LtRule:
    """One LtRule from a <rule> or <rulegroup> element and its <rule> parts."""
    message = next((_text(m) for p in parts if (m := p.find("message")) is not None), "")
    examples = tuple(Example(_text(e, marker=True), e.get("correction")) for p in parts for e in p.findall("example"))
    on = category_on and elem.get("default") not in ("off", "temp_off")
    return LtRule(elem.get("id", ""), category, elem.get("name", ""), on, message, examples[:6], source)


def _text(elem: ElementTree.Element, marker: bool = False) -> str:
    """The text of ``elem``, with <marker> shown as «…» and <suggestion> as '…'."""
    out = [elem.text or ""]
    for child in elem:
        inner = _text(child, marker)
        if child.tag == "marker" and marker:
            inner = f"«{inner}»"
        elif child.tag == "suggestion":
            inner = f"'{inner}'"
        out.append(inner + (child.tail or ""))
    return " ".join("".join(out).split())


def _load(stamp: str) -> dict[str, LtRule] | None:
    """The cached catalogue when it was built from the same jar; None otherwise or if damaged."""
    try:
        data = json.loads(catalogue_path().read_text(encoding="utf-8"))
        if data["stamp"] != stamp:
            return None
        rules = {}
        for raw in data["rules"]:
            examples = tuple(Example(str(e["text"]), e["correction"]) for e in raw.pop("examples"))
            rules[raw["id"]] = LtRule(**raw, examples=examples)
        return rules
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(stamp: str, rules: dict[str, LtRule]) -> None:
    """Write the catalogue atomically, private to the user; failures only cost speed."""
    path = catalogue_path()
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"stamp": stamp, "rules": [asdict(r) for r in rules.values()]}, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def rules_on(config: LanguageToolConfig, rules: dict[str, LtRule]) -> list[LtRule]:
    """The rules a check with ``config`` runs: on by default and neither disabled nor in a disabled
    category, plus enabled ones."""
    from lint.engines.languagetool.engine import DEFAULT_DISABLED_CATEGORIES, DEFAULT_DISABLED_RULES

    disabled = set(DEFAULT_DISABLED_RULES if config.disabled_rules is None else config.disabled_rules)
    off = set(DEFAULT_DISABLED_CATEGORIES if config.disabled_categories is None else config.disabled_categories)
    enabled = set(config.enabled_rules)
    chosen = [r for r in rules.values()
              if (r.default_on and r.id not in disabled and r.category_id not in off) or r.id in enabled]
    return sorted(chosen, key=lambda r: r.id)


def explain(rule: LtRule) -> str:
    """A few lines for ``typolint rules lt.ID``: category, description, message and examples."""
    lines = [f"lt.{rule.id} (LanguageTool, {rule.category}{'' if rule.default_on else ', off by default'})"]
    lines.append(rule.description or "(no description)")
    if rule.message:
        lines.append(f"message: {rule.message}")
    lines.append(f"file: {rule.source or 'Java'} in LanguageTool {LT_VERSION}")
    for example in rule.examples:
        verdict = f"-> {example.correction!r}" if example.correction else "-> flagged" if "«" in example.text else "-> no finding"
        lines.append(f"  {example.text!r}\n    {verdict}")
    return "\n".join(lines)


def listing(config: LanguageToolConfig) -> list[str]:
    """``typolint rules`` lines for the LanguageTool rules that ``config`` runs (InstallError if
    LanguageTool is not installed)."""
    chosen = rules_on(config, catalogue())
    width = max((len(r.id) for r in chosen), default=0) + 3
    kinds = max((len(r.category) for r in chosen), default=0)
    return [f"{'lt.' + r.id:<{width}}  {r.category:<{kinds}}  {r.description}" for r in chosen]


def explain_id(rule_id: str) -> str | None:
    """``typolint rules lt.ID``: the explanation of one rule, or None when LanguageTool has no such rule."""
    rule = catalogue().get(rule_id.removeprefix("lt."))
    return None if rule is None else explain(rule)
