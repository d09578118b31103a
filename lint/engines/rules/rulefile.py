"""Load and validate YAML rule files; every error names the file, the line and the key."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lint.errors import TypolintError, did_you_mean
from lint.extract import EXTRACTORS
from lint.engines.rules.kinds import KINDS, Kind, Option, RuleDefinitionError
from lint.model import Severity
from lint.engines.rules.template import Template, TemplateError, parse_template
from lint.yamlfile import Document, YamlError, load_yaml

COMMON_KEYS: Mapping[str, Option] = {
    "kind": Option(str, required=True, doc="the code that runs the rule: " + ", ".join(sorted(KINDS))),
    "severity": Option(str, "warning", doc="error, warning or info"),
    "message": Option(str, required=True, doc="template; {match}, {suggestion} and kind fields"),
    "description": Option(str, "", doc="one line on what the rule catches"),
    "formats": Option(list, None, doc="only these formats (plain, markdown, rst, html)"),
    "examples": Option(list, [], doc="texts with their expected findings; run by the tests"),
    "supersedes": Option(list, [], doc="rule ids whose findings this rule explains: LanguageTool's in the same paragraph, another YAML rule's on the same span"),
}


#: Bytes a rule file may have: the largest built-in one is a few kilobytes.
RULE_FILE_SIZE = 1024 * 1024


class RuleFileError(TypolintError):
    """A rule file that cannot be used: ``path:line: key: what is wrong``."""

    def __init__(self, path: Path, line: int, key: str | None, message: str) -> None:
        where = f"{path}:{line}: " + (f"{key}: " if key else "")
        super().__init__(where + message)


@dataclass(frozen=True, slots=True)
class Expected:
    """An expected finding of an example: 1-based line and column (code points) and matched text."""

    line: int
    column: int
    match: str
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    expect: tuple[Expected, ...]
    formats: str = "plain"


@dataclass(frozen=True, slots=True)
class Rule:
    """A loaded rule: its definition and the kind instance that runs it."""

    id: str
    kind: str
    severity: Severity
    message: str
    description: str
    formats: tuple[str, ...] | None
    examples: tuple[Example, ...]
    path: Path
    checker: Kind
    supersedes: tuple[str, ...] = ()
    #: The parsed ``message``: only {match}, {suggestion} and the kind's fields.
    template: Template = Template((("", None),))
    #: Shipped with typolint (linear, run without a time budget) rather than a user's rule.
    builtin: bool = False


def builtin_rules_dir() -> Path:
    """The rules shipped with typolint: the wheel's package data, or ``rules/`` of a checkout."""
    package = Path(__file__).resolve().parents[2]  # lint/
    installed = package / "rules_data"
    return installed if installed.is_dir() else package.parent / "rules"


def load_rules(dirs: Iterable[Path]) -> list[Rule]:
    """Load every ``*.yaml`` under each folder; ids are paths with dots (typos/x.yaml -> typos.x)."""
    rules: dict[str, Rule] = {}
    builtin = builtin_rules_dir().resolve()
    parsed = ParsedRules()
    for folder in dirs:
        if not folder.is_dir():
            raise RuleFileError(folder, 0, None, "rule folder does not exist")
        for path in sorted(folder.rglob("*.yaml")):
            rule_id = ".".join(path.relative_to(folder).with_suffix("").parts)
            if rule_id in rules:
                raise RuleFileError(path, 1, None, f"rule id {rule_id!r} is already defined in {rules[rule_id].path}")
            rules[rule_id] = load_rule(path, rule_id, builtin=folder.resolve() == builtin, parsed=parsed)
    parsed.save()
    return list(rules.values())


def load_rule(path: Path, rule_id: str, builtin: bool = False, parsed: ParsedRules | None = None) -> Rule:
    """Parse and validate one rule file (its YAML taken from ``parsed`` when it holds the same text)."""
    from lint.reading import InputError, read_file

    try:  # read_file: regular files only (a FIFO named x.yaml would hang), at most 1 MiB
        text = read_file(path, RULE_FILE_SIZE).text
    except InputError as exc:
        raise RuleFileError(path, 0, None, f"cannot read: {exc}") from None
    doc = parsed.parse(path, text) if parsed is not None else _parse(path, text)
    data, lines = doc.data, {k[0]: v for k, v in doc.lines.items() if len(k) == 1}
    kind_name = data.get("kind")
    if not isinstance(kind_name, str) or kind_name not in KINDS:
        choices = ", ".join(sorted(KINDS))
        raise RuleFileError(path, lines.get("kind", 1), "kind", f"must be one of: {choices}")
    kind = KINDS[kind_name]
    values = _validate(path, data, lines, {**COMMON_KEYS, **kind.OPTIONS})
    try:
        severity = Severity.parse(values["severity"])
    except ValueError as exc:
        raise RuleFileError(path, lines["severity"], "severity", str(exc)) from None
    options = {k: values[k] for k in kind.OPTIONS}
    try:
        checker = kind(options)
    except RuleDefinitionError as exc:
        raise RuleFileError(path, lines.get(exc.key, 1), exc.key, str(exc)) from None
    template = _template(path, lines.get("message", 1), values["message"], checker)
    examples = _examples(path, values["examples"], doc)
    return Rule(
        rule_id, kind_name, severity, values["message"], values["description"], _formats(path, values, doc),
        examples, path, checker, _strings(path, values, doc, "supersedes"), template, builtin,
    )


def _template(path: Path, line: int, message: str, checker: Kind) -> Template:
    """The parsed message; only {match}, {suggestion} and the kind's own fields may appear."""
    try:
        return parse_template(message, {"match", "suggestion", *checker.fields})
    except TemplateError as exc:
        raise RuleFileError(path, line, "message", str(exc)) from None


def _formats(path: Path, values: dict[str, Any], doc: Document) -> tuple[str, ...] | None:
    """The ``formats`` list: known format names only (a typo would silently never run the rule)."""
    if values["formats"] is None:
        return None
    formats = _strings(path, values, doc, "formats")
    for i, name in enumerate(formats):
        if name not in EXTRACTORS:
            hint = did_you_mean(name, EXTRACTORS)
            known = ", ".join(sorted(EXTRACTORS))
            raise RuleFileError(path, doc.line("formats", i), "formats", f"unknown format {name!r}{hint}; known: {known}")
    return formats


def _strings(path: Path, values: dict[str, Any], doc: Document, key: str) -> tuple[str, ...]:
    """A list option whose items must all be strings."""
    for i, item in enumerate(values[key]):
        if not isinstance(item, str):
            raise RuleFileError(path, doc.line(key, i), key, f"items must be strings, not {type(item).__name__}")
    return tuple(values[key])


class ParsedRules:
    """The parsed YAML of rule files, kept in the user cache under each file's text.

    Parsing a rule file (and importing the YAML library to do it) was a tenth of a warm one-file
    run. Only parsing is skipped: what a cached document says is validated, and its kind built,
    exactly as for a freshly parsed one. A document is cached only after it parsed cleanly
    (strict YAML, see lint.yamlfile), so a file with an error is parsed, and reported, every time.
    """

    FORMAT = 2
    #: Documents kept at most (besides those of the current load): a few projects' rules.
    KEEP = 256
    MAGIC = b"typolint-rules-%d\n" % FORMAT

    def __init__(self) -> None:
        from lint import cachefile
        from lint.paths import cache_dir

        self.path = cache_dir() / f"rules-{self.FORMAT}.bin"
        found = cachefile.read(self.path, self.MAGIC)
        #: A rule file's text -> (data, {key path: line}) of its document. The text itself is the
        #: key (rule files are a few KB): no digest to compute, and no two texts can share one.
        self.documents: dict[str, tuple] = found if _entries_ok(found) else {}
        self.used: set[str] = set()
        self.changed = False

    def parse(self, path: Path, text: str) -> Document:
        """The document of a rule file's ``text`` (parsed, or from the cache)."""
        self.used.add(text)
        if text in self.documents:
            data, lines = self.documents[text]
            return _checked(path, Document(data, lines))
        doc = _parse(path, text)
        self.documents[text] = (doc.data, doc.lines)
        self.changed = True
        return doc

    def save(self) -> None:
        """Write the cache when a document was added, keeping only the files of this load."""
        if not self.changed:
            return
        from lint import cachefile

        # This load's files, then others (other projects' rules) up to KEEP documents in all.
        keep = sorted(self.documents, key=lambda k: k not in self.used)[: max(self.KEEP, len(self.used))]
        try:
            data = cachefile.encode(self.MAGIC, {k: self.documents[k] for k in keep})
        except ValueError:  # a value marshal cannot write (a YAML date): parse those files each time
            return
        cachefile.write(self.path, data)


def _entries_ok(found: object) -> bool:
    """True for a cache payload of the shape ParsedRules writes: text -> (data, lines)."""
    return isinstance(found, dict) and all(
        type(k) is str and type(v) is tuple and len(v) == 2 and type(v[1]) is dict for k, v in found.items()
    )


def _parse(path: Path, text: str) -> Document:
    """The strict YAML document of a rule file; it must be a mapping with string keys."""
    try:
        doc = load_yaml(text)
    except YamlError as exc:
        raise RuleFileError(path, exc.line, None, str(exc)) from None
    return _checked(path, doc)


def _checked(path: Path, doc: Document) -> Document:
    """``doc`` when it is a mapping with string keys, as a rule file must be."""
    if not isinstance(doc.data, dict):
        raise RuleFileError(path, 1, None, "a rule file must be a YAML mapping")
    for key in doc.data:
        if not isinstance(key, str):
            raise RuleFileError(path, doc.line(), None, f"keys must be strings, not {type(key).__name__} ({key!r})")
    return doc


def _validate(path: Path, data: dict[str, Any], lines: dict[str, int], schema: Mapping[str, Option]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in schema:
            raise RuleFileError(path, lines.get(key, 1), str(key), f"unknown key{did_you_mean(str(key), schema)}")
        if not _is_type(value, schema[key].type) and not (value is None and not schema[key].required):
            expected = _type_name(schema[key].type)
            raise RuleFileError(path, lines[key], key, f"must be {expected}, not {type(value).__name__}")
        values[key] = value
    for key, option in schema.items():
        if key not in values or values[key] is None:
            if option.required:
                raise RuleFileError(path, 1, key, "required key is missing")
            values[key] = option.default
    return values


def _is_type(value: Any, expected: type | tuple[type, ...]) -> bool:
    types = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


def _type_name(expected: type | tuple[type, ...]) -> str:
    names = {str: "a string", bool: "true or false", int: "a whole number", float: "a number", list: "a list", dict: "a mapping"}
    types = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(names.get(t, t.__name__) for t in types)


def _examples(path: Path, raw: list[Any], doc: Document) -> tuple[Example, ...]:
    examples = []
    for i, item in enumerate(raw):
        line = doc.line("examples", i)
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise RuleFileError(path, line, "examples", "each example needs a 'text' string and an 'expect' list")
        fmt = item.get("format", "plain")
        if fmt not in EXTRACTORS:
            raise RuleFileError(path, line, "examples", f"unknown format {fmt!r}")
        expect = []
        for e in item.get("expect") or []:
            if not isinstance(e, dict) or not {"line", "column", "match"} <= set(e):
                raise RuleFileError(path, line, "examples", "each expected finding needs line, column and match")
            if not _is_type(e["line"], int) or not _is_type(e["column"], int) or not isinstance(e["match"], str):
                raise RuleFileError(path, line, "examples", "line and column must be whole numbers and match a string")
            expect.append(Expected(e["line"], e["column"], e["match"], e.get("suggestion")))
        examples.append(Example(item["text"], tuple(expect), fmt))
    return tuple(examples)
