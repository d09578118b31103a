"""Settings: the frozen Config that the runner, engines and CLI share."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lint.errors import ConfigError, did_you_mean
from lint.model import Severity
from lint.words import Vocabulary


@dataclass(frozen=True, slots=True)
class LanguageToolConfig:
    """How to reach and use LanguageTool."""

    enabled: bool = True
    #: An existing server (``http://host:port``); None means typolint manages its own.
    url: str | None = None
    language: str = "en-US"
    enabled_rules: tuple[str, ...] = ()
    #: LanguageTool rule ids to turn off; None means the measured default set.
    disabled_rules: tuple[str, ...] | None = None
    #: LanguageTool category ids to turn off (STYLE, REDUNDANCY, ...); None means the default set.
    disabled_categories: tuple[str, ...] | None = None
    #: JVM maximum heap, as given to ``-Xmx``.
    heap: str = "1g"
    #: Seconds the shared server may stay unused before it stops itself.
    idle_timeout: int = 1800
    #: Per-paragraph result cache in the user cache directory.
    cache: bool = True
    #: Seconds one request to the server may take (one that drips its answer ends within twice this).
    #: 60 s: on 2 busy cores a 10,000-character check with four in parallel took over 15 s.
    timeout: float = 60.0


@dataclass(frozen=True, slots=True)
class Override:
    """Settings that apply to paths matching ``glob`` (relative to the config's folder)."""

    glob: str
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a run needs to know; built once from files and flags, then passed in."""

    rule_dirs: tuple[Path, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: Per-rule (dotted prefix) severity overrides, most specific wins.
    severity: tuple[tuple[str, Severity], ...] = ()
    fail_on: Severity = Severity.WARNING
    languagetool: LanguageToolConfig = field(default_factory=LanguageToolConfig)
    #: Accepted words, phrases and patterns (from vocabulary files), applied to every engine.
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    #: The vocabulary files the words came from (an editor adds words to the first).
    vocabulary_files: tuple[Path, ...] = ()
    #: Learn the project's vocabulary from the checked files' code and jargon (lint.learned).
    learn_vocabulary: bool = True
    #: Accept the software terms of cspell's word lists in spelling findings (lint.terms).
    technical_vocabulary: bool = True
    exclude: tuple[str, ...] = ()
    #: Globs of the files a folder walk checks; None means the prose defaults (lint.discover).
    include: tuple[str, ...] | None = None
    #: Globs checked in addition to ``include``.
    extend_include: tuple[str, ...] = ()
    #: Apply ``exclude`` to files named on the command line too.
    force_exclude: bool = False
    #: Skip what git ignores (.gitignore, .git/info/exclude, global excludes) when walking.
    respect_gitignore: bool = True
    overrides: tuple[Override, ...] = ()
    #: File suffix (".md") to extractor name ("markdown") overrides.
    formats: tuple[tuple[str, str], ...] = ()
    #: Seconds one regex may run on one file before the rule is reported and skipped.
    regex_timeout: float = 2.0
    #: Bytes above which a file is reported and not read (``max-file-size``, ``--max-file-size``).
    max_file_size: int = 64 * 1024 * 1024
    #: Every rule selector given (select, ignore, severity keys, in overrides too) and where:
    #: ("file:line: select", "typos") or ("--select", "typos"); checked by ``check_selectors``.
    selectors: tuple[tuple[str, str], ...] = ()
    #: The folder of the config file, against which globs and relative paths resolve.
    root: Path = Path(".")


# --- Loading ----------------------------------------------------------------------------

CONFIG_NAMES = (".typolint.yaml", ".typolint.yml")

#: Default for ``max-file-size`` / ``--max-file-size``: larger files are reported, not read.
MAX_FILE_SIZE = 64 * 1024 * 1024

_TOP_KEYS = {
    "rules", "select", "ignore", "severity", "fail-on", "languagetool", "vocabulary",
    "exclude", "overrides", "formats", "regex-timeout", "max-file-size", "include", "extend-include",
    "force-exclude", "respect-gitignore", "learn-vocabulary", "technical-vocabulary",
}  # fmt: skip
_LT_KEYS = {
    "enabled", "url", "language", "enabled-rules", "disabled-rules", "disabled-categories", "heap", "idle-timeout", "cache",
    "timeout",
}  # fmt: skip
_OVERRIDE_KEYS = {"files", "select", "ignore", "severity"}
#: A table header or dotted key that gives pyproject.toml a [tool.typolint] table.
_TOOL_TABLE = re.compile(
    rb"""^[ \t]*(?:\[[ \t]*tool[ \t]*\.[ \t]*["']?typolint["']?[ \t]*[\].]"""
    rb"""|(?:tool[ \t]*\.[ \t]*)?["']?typolint["']?[ \t]*[.=])""",
    re.M,
)


def find_config(start: Path) -> Path | None:
    """The nearest ``.typolint.yaml`` or ``pyproject.toml`` with ``[tool.typolint]``, walking up.

    A pyproject.toml is parsed only when its text names a ``[tool.typolint]`` table, so an
    unrelated, broken or unreadable one never stops a run.
    """
    for folder in (start.resolve(), *start.resolve().parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if _has_tool_table(pyproject) and _read_toml(pyproject)[0] is not _NO_TABLE:
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    """True when ``path`` is a readable file whose text declares the ``tool.typolint`` table."""
    try:
        if not path.is_file():
            return False
        data = path.read_bytes()
    except OSError:
        return False
    return b"typolint" in data and _TOOL_TABLE.search(data) is not None


def load_config(path: Path | None) -> Config:
    """Build a Config from a file (None: the defaults, rooted at the current folder)."""
    if path is None:
        return Config(root=Path.cwd())
    if not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    if path.suffix == ".toml":
        data, lines = _read_toml(path)
    else:
        data, lines = _read_yaml(path)
    return _build(_Fields(path, lines), data)


#: What _read_toml returns for a pyproject.toml without a [tool.typolint] table.
_NO_TABLE: dict = {}


def _read_toml(path: Path) -> tuple[dict, Callable[[tuple], int]]:
    """The typolint table of a TOML file (``[tool.typolint]`` of a pyproject.toml) and its key lines."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}:1: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise ConfigError(f"{path}:{line.group(1) if line else 1}: invalid TOML: {exc}") from None
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        data, prefix = tool.get("typolint", _NO_TABLE) if isinstance(tool, dict) else _NO_TABLE, ("tool", "typolint")
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:{_toml_line(text, prefix)}: [tool.typolint] must be a table")
    return data, lambda keys: _toml_line(text, (*prefix, *keys))


def _toml_line(text: str, keys: tuple) -> int:
    """A best-effort 1-based line for a TOML key path: its ``key =`` line after its table's header."""
    names = [k for k in keys if isinstance(k, str)]
    lines = text.splitlines()
    best, start = 1, 0
    for depth in range(1, len(names) + 1):
        header = re.compile(r"^\s*\[+\s*" + r"\s*\.\s*".join(re.escape(n) for n in names[:depth]) + r"\s*\]")
        assign = re.compile(r"^\s*[\"']?" + re.escape(names[depth - 1]) + r"[\"']?\s*[=.]")
        for i in range(start, len(lines)):
            if header.match(lines[i]) or (depth > len(names) - 2 and assign.match(lines[i])):
                best, start = i + 1, i + 1
                break
    return best


def _read_yaml(path: Path) -> tuple[dict, Callable[[tuple], int]]:
    from lint.yamlfile import YamlError, load_yaml

    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}:1: cannot read: {exc}") from None
    except YamlError as exc:
        raise ConfigError(f"{path}:{exc.line}: {exc}") from None
    if doc.data is None:
        return {}, lambda keys: 1
    if not isinstance(doc.data, dict):
        raise ConfigError(f"{path}:1: the configuration must be a mapping")
    return doc.data, lambda keys: doc.line(*keys)


class _Fields:
    """Typed reads from a configuration file; every error names ``file:line: key``."""

    def __init__(self, path: Path, lines: Callable[[tuple], int]) -> None:
        self.path = path
        self.lines = lines

    def error(self, keys: tuple, message: str) -> ConfigError:
        """A ConfigError for the value at ``keys`` (e.g. ("overrides", 0, "select"))."""
        name = _dotted(keys)
        return ConfigError(f"{self.path}:{self.lines(keys)}: {name + ': ' if name else ''}{message}")

    def keys(self, data: dict, allowed: set[str], at: tuple = ()) -> None:
        """Reject keys that are not strings or not in ``allowed`` (with a did-you-mean)."""
        for key in data:
            if not isinstance(key, str):
                raise self.error(at, f"{key!r}: keys must be strings")
            if key not in allowed:
                raise self.error((*at, key), f"unknown key{did_you_mean(key, allowed)}")

    def strings(self, data: dict, key: str, at: tuple = ()) -> tuple[str, ...]:
        """A list of strings (one string counts as a list of one)."""
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.error((*at, key), f"must be a list of strings, not {_type(value)}")
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise self.error((*at, key, i), f"must be a string, not {_type(item)}")
        return tuple(value)

    def boolean(self, data: dict, key: str, default: bool, at: tuple = ()) -> bool:
        """true or false; strings such as 'no' or 'false' are errors, not truthy."""
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.error((*at, key), f"must be true or false, not {_type(value)} {value!r}")
        return value

    def string(self, data: dict, key: str, default: str | None, at: tuple = ()) -> str | None:
        """A string; null only where the default is null (``url``)."""
        value = data.get(key, default)
        if not isinstance(value, str) and not (value is None and default is None):
            raise self.error((*at, key), f"must be a string, not {_type(value)}")
        return value

    def number(self, data: dict, key: str, default: float, bounds: tuple[float, float], at: tuple = ()) -> float:
        """A finite number within ``bounds`` (inclusive); .nan, .inf and booleans are errors."""
        value = data.get(key, default)
        low, high = bounds
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not low <= value <= high:
            raise self.error((*at, key), f"must be a number from {low:g} to {high:g}, not {value!r}")
        return value

    def severities(self, data: dict, at: tuple = ()) -> tuple[tuple[str, Severity], ...]:
        table = data.get("severity", {})
        if not isinstance(table, dict):
            raise self.error((*at, "severity"), "must map rule prefixes to error, warning or info")
        out = []
        for rule, level in table.items():
            if not isinstance(rule, str) or not isinstance(level, str):
                raise self.error((*at, "severity"), f"{rule!r}: must map rule prefixes to error, warning or info")
            try:
                out.append((rule, Severity.parse(level)))
            except ValueError as exc:
                raise self.error((*at, "severity", rule), str(exc)) from None
        return tuple(out)


def _type(value: object) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list", dict: "a mapping"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _build(fields: _Fields, data: dict) -> Config:
    fields.keys(data, _TOP_KEYS)
    root = fields.path.resolve().parent
    fail_on = fields.string(data, "fail-on", "warning")
    try:
        fail_on = Severity.parse(fail_on)
    except ValueError as exc:
        raise fields.error(("fail-on",), str(exc)) from None
    timeout = fields.number(data, "regex-timeout", 2.0, (0.01, 600))
    max_size = data.get("max-file-size", MAX_FILE_SIZE)
    try:
        max_size = parse_size(max_size)
    except ValueError as exc:
        raise fields.error(("max-file-size",), str(exc)) from None
    vocab_files = tuple(root / p for p in fields.strings(data, "vocabulary"))
    return Config(
        rule_dirs=tuple(root / p for p in fields.strings(data, "rules")),
        select=fields.strings(data, "select"),
        ignore=fields.strings(data, "ignore"),
        severity=fields.severities(data),
        fail_on=fail_on,
        languagetool=_languagetool(fields, data.get("languagetool", {})),
        vocabulary=load_vocabulary(vocab_files),
        vocabulary_files=vocab_files,
        learn_vocabulary=fields.boolean(data, "learn-vocabulary", True),
        technical_vocabulary=fields.boolean(data, "technical-vocabulary", True),
        exclude=fields.strings(data, "exclude"),
        include=fields.strings(data, "include") if "include" in data else None,
        extend_include=fields.strings(data, "extend-include"),
        force_exclude=fields.boolean(data, "force-exclude", False),
        respect_gitignore=fields.boolean(data, "respect-gitignore", True),
        overrides=_overrides(fields, data.get("overrides", [])),
        formats=_formats(fields, data.get("formats", {})),
        regex_timeout=float(timeout),
        max_file_size=max_size,
        selectors=_selectors(fields, data),
        root=root,
    )


def _selectors(fields: _Fields, data: dict) -> tuple[tuple[str, str], ...]:
    """(where, selector) for every rule prefix the file names; types are checked by then."""
    found = []
    tables = [((), data)] + [(("overrides", i), o) for i, o in enumerate(data.get("overrides", []))]
    for at, table in tables:
        for key in ("select", "ignore"):
            value = table.get(key, [])
            for i, name in enumerate([value] if isinstance(value, str) else value):
                found.append((f"{fields.path}:{fields.lines((*at, key, i))}: {_dotted((*at, key))}", name))
        for name in table.get("severity", {}):
            found.append((f"{fields.path}:{fields.lines((*at, 'severity', name))}: {_dotted((*at, 'severity'))}", name))
    return tuple(found)


def _dotted(keys: tuple) -> str:
    return "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys).lstrip(".")


def check_selectors(selectors: Iterable[tuple[str, str]], rule_ids: Iterable[str]) -> None:
    """Raise ConfigError for a selector that names no rule: a typo would silently turn rules off.

    A selector is a rule id or a dotted prefix of one; ``lt`` and ``lt.*`` name LanguageTool
    rules, which are known only to the server.
    """
    ids = set(rule_ids)
    prefixes = ids | {".".join(i.split(".")[:n]) for i in ids for n in range(1, i.count(".") + 1)} | {"lt"}
    for where, name in selectors:
        key = name.rstrip(".") if name.endswith(".") and len(name) > 1 else name
        if key in prefixes or key.startswith("lt.") and len(key) > 3:
            continue
        raise ConfigError(f"{where}: unknown rule or prefix {name!r}{did_you_mean(key, prefixes)}; see: typolint rules")


def parse_size(value: object) -> int:
    """A size in bytes from a whole number or a string such as ``"20M"`` (K, M, G: powers of 1024)."""
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d+)\s*([KMG]?)i?B?\s*", value, re.I)
        if m is None:
            raise ValueError(f"must be a size in bytes such as 65536 or 64M, not {value!r}")
        value = int(m.group(1)) * 1024 ** " KMG".index(m.group(2).upper() or " ")
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"must be a positive size in bytes such as 65536 or 64M, not {value!r}")
    return value


def _formats(fields: _Fields, table: object) -> tuple[tuple[str, str], ...]:
    """File suffix -> format name; both strings, the format a known one."""
    from lint.extract import EXTRACTORS

    if not isinstance(table, dict):
        raise fields.error(("formats",), "must map file suffixes to formats")
    for suffix, name in table.items():
        if not isinstance(suffix, str) or not isinstance(name, str):
            raise fields.error(("formats",), f"{suffix!r}: must map a suffix string to a format name")
        if name not in EXTRACTORS:
            hint = did_you_mean(name, EXTRACTORS)
            raise fields.error(("formats", suffix), f"unknown format {name!r}{hint}; known: {', '.join(sorted(EXTRACTORS))}")
    return tuple(table.items())


def _languagetool(fields: _Fields, data: object) -> LanguageToolConfig:
    at = ("languagetool",)
    if not isinstance(data, dict):
        raise fields.error(at, "must be a mapping")
    fields.keys(data, _LT_KEYS, at)
    base = LanguageToolConfig()
    disabled = fields.strings(data, "disabled-rules", at) if "disabled-rules" in data else None
    categories = fields.strings(data, "disabled-categories", at) if "disabled-categories" in data else None
    idle = data.get("idle-timeout", base.idle_timeout)
    if isinstance(idle, bool) or not isinstance(idle, int) or not 0 < idle <= 7 * 86400:
        raise fields.error((*at, "idle-timeout"), f"must be a whole number of seconds from 1 to 604800, not {idle!r}")
    url = fields.string(data, "url", base.url, at)
    if url is not None and not re.match(r"https?://[^\s/]+", url):
        raise fields.error((*at, "url"), f"must be an http:// or https:// address, not {url!r}")
    heap = fields.string(data, "heap", base.heap, at)
    if not re.fullmatch(r"\d+[kKmMgG]?", heap):
        raise fields.error((*at, "heap"), f"must be a JVM heap size such as 512m or 1g, not {heap!r}")
    return LanguageToolConfig(
        enabled=fields.boolean(data, "enabled", base.enabled, at),
        url=url,
        language=fields.string(data, "language", base.language, at),
        enabled_rules=fields.strings(data, "enabled-rules", at),
        disabled_rules=disabled,
        disabled_categories=categories,
        heap=heap,
        idle_timeout=idle,
        cache=fields.boolean(data, "cache", base.cache, at),
        timeout=float(fields.number(data, "timeout", base.timeout, (0.001, 3600), at)),
    )


def _overrides(fields: _Fields, data: object) -> tuple[Override, ...]:
    if not isinstance(data, list):
        raise fields.error(("overrides",), "must be a list of mappings with 'files'")
    out = []
    for i, item in enumerate(data):
        at = ("overrides", i)
        if not isinstance(item, dict) or not isinstance(item.get("files"), str):
            raise fields.error((*at, "files"), "each override needs a 'files' glob")
        fields.keys(item, _OVERRIDE_KEYS, at)
        out.append(
            Override(
                item["files"], fields.strings(item, "select", at), fields.strings(item, "ignore", at),
                fields.severities(item, at),
            )
        )
    return tuple(out)


def load_vocabulary(files: tuple[Path, ...]) -> Vocabulary:
    """Accepted words, phrases and patterns, one per line; '#' starts a comment."""
    from lint.reading import InputError, read_file

    words: set[str] = set()
    for file in files:
        try:  # read_file: regular files only (a FIFO would hang), size-capped
            lines = read_file(file, MAX_FILE_SIZE).text.splitlines()
        except InputError as exc:
            raise ConfigError(f"{file}: cannot read vocabulary: {exc}") from None
        words.update(w for line in lines if (w := line.split("#", 1)[0].strip()))
    return Vocabulary(words)


def relative_to_root(path: str, config: Config) -> str:
    """``path`` relative to the config's folder, with forward slashes, for glob matching."""
    import os

    try:
        return Path(os.path.relpath(os.path.abspath(path), config.root)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


STARTER = """\
# typolint configuration. Every key is optional; see README.md, "Configuration".
# rules: [my-rules]                 # extra folders of YAML rules
# select: [typos, punctuation]      # only these rule-id prefixes
ignore: []                          # e.g. [typos.placeholder, lt.EN_QUOTES]
# severity: {punctuation.quotes: error}
fail-on: warning                    # info | warning | error
# vocabulary: [.typolint-words.txt] # one accepted word or phrase per line
exclude: []                         # globs, relative to this file
# include: ["*.md", "*.rst"]        # what a folder walk checks (default: Markdown, reST, HTML, text)
# extend-include: ["*.adoc"]        # checked in addition to include
# respect-gitignore: true           # skip what git ignores (--no-ignore turns it off)
# formats: {".txt": markdown}
# regex-timeout: 2                  # seconds a backtracking rule regex may run on one file
# max-file-size: 64M                # larger files are an error, not read
languagetool:
  enabled: true
  language: en-US
  # url: http://127.0.0.1:8081      # an existing server instead of the managed one
  # disabled-rules: [WHITESPACE_RULE]
  # disabled-categories: []         # [] turns LanguageTool's style categories back on
  heap: 1g
  idle-timeout: 1800                # seconds before the shared server stops itself
# overrides:
#   - files: "docs/legacy/**"
#     ignore: [lt]
"""
