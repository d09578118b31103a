"""Load and validate YAML rule files; every error names the file, the line and the key."""

from __future__ import annotations

import difflib
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from lint.errors import TypolintError
from lint.kinds import KINDS, Kind, Option, RuleDefinitionError
from lint.model import Severity

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

COMMON_KEYS: Mapping[str, Option] = {
    "kind": Option(str, required=True, doc="the code that runs the rule: " + ", ".join(sorted(KINDS))),
    "severity": Option(str, "warning", doc="error, warning or info"),
    "message": Option(str, required=True, doc="template; {match}, {suggestion} and kind fields"),
    "description": Option(str, "", doc="one line on what the rule catches"),
    "formats": Option(list, None, doc="only these formats (plain, markdown, rst, html)"),
    "examples": Option(list, [], doc="texts with their expected findings; run by the tests"),
    "supersedes": Option(list, [], doc="rule ids (e.g. LanguageTool's) whose findings in the same paragraph this rule explains"),
}


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


def builtin_rules_dir() -> Path:
    """The rules shipped with typolint: the wheel's package data, or ``rules/`` of a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "rules_data"
    return installed if installed.is_dir() else here.parent / "rules"


def load_rules(dirs: Iterable[Path]) -> list[Rule]:
    """Load every ``*.yaml`` under each folder; ids are paths with dots (typos/x.yaml -> typos.x)."""
    rules: dict[str, Rule] = {}
    for folder in dirs:
        if not folder.is_dir():
            raise RuleFileError(folder, 0, None, "rule folder does not exist")
        for path in sorted(folder.rglob("*.yaml")):
            rule_id = ".".join(path.relative_to(folder).with_suffix("").parts)
            if rule_id in rules:
                raise RuleFileError(path, 1, None, f"rule id {rule_id!r} is already defined in {rules[rule_id].path}")
            rules[rule_id] = load_rule(path, rule_id)
    return list(rules.values())


def load_rule(path: Path, rule_id: str) -> Rule:
    """Parse and validate one rule file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(path, 0, None, f"cannot read: {exc}") from None
    data, lines = _parse(path, text)
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
    _check_template(path, lines.get("message", 1), values["message"])
    examples = _examples(path, values["examples"], lines.get("examples", 1))
    formats = tuple(values["formats"]) if values["formats"] is not None else None
    return Rule(
        rule_id, kind_name, severity, values["message"], values["description"], formats, examples, path, checker,
        tuple(values["supersedes"]),
    )


def _check_template(path: Path, line: int, message: str) -> None:
    """Reject message templates that cannot be rendered: bad braces or positional fields."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(message) if name is not None]
    except ValueError as exc:
        raise RuleFileError(path, line, "message", f"invalid template: {exc}") from None
    if any(not name or name.isdigit() for name in fields):
        raise RuleFileError(path, line, "message", "use named fields such as {match}, not {} or {0}")


def _parse(path: Path, text: str) -> tuple[dict[str, Any], dict[str, int]]:
    """YAML mapping and the 1-based line of each top-level key."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RuleFileError(path, line, None, f"invalid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise RuleFileError(path, 1, None, "a rule file must be a YAML mapping")
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k.value, str)}
    return data, lines


def _validate(path: Path, data: dict[str, Any], lines: dict[str, int], schema: Mapping[str, Option]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in schema:
            close = difflib.get_close_matches(str(key), schema, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise RuleFileError(path, lines.get(key, 1), str(key), f"unknown key{hint}")
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


def _examples(path: Path, raw: list[Any], line: int) -> tuple[Example, ...]:
    examples = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise RuleFileError(path, line, "examples", "each example needs a 'text' string and an 'expect' list")
        expect = []
        for e in item.get("expect") or []:
            if not isinstance(e, dict) or not {"line", "column", "match"} <= set(e):
                raise RuleFileError(path, line, "examples", "each expected finding needs line, column and match")
            expect.append(Expected(int(e["line"]), int(e["column"]), str(e["match"]), e.get("suggestion")))
        examples.append(Example(item["text"], tuple(expect), str(item.get("format", "plain"))))
    return tuple(examples)
