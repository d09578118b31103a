"""Settings: the frozen Config that the runner, engines and CLI share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lint.errors import ConfigError
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
    #: The vocabulary files ``vocabulary`` was read from (absolute), in configuration order.
    vocabulary_files: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()
    #: File suffix (".md") to extractor name ("markdown") overrides.
    formats: tuple[tuple[str, str], ...] = ()
    #: Seconds one regex may run on one file before the rule is reported and skipped.
    regex_timeout: float = 2.0
    #: The folder of the config file, against which globs and relative paths resolve.
    root: Path = Path(".")


# --- Loading ----------------------------------------------------------------------------

CONFIG_NAMES = (".typolint.yaml", ".typolint.yml")

_TOP_KEYS = {
    "rules", "select", "ignore", "severity", "fail-on", "languagetool", "vocabulary",
    "exclude", "overrides", "formats", "regex-timeout",
}  # fmt: skip
_LT_KEYS = {
    "enabled", "url", "language", "enabled-rules", "disabled-rules", "heap", "idle-timeout", "cache",
    "timeout",
}  # fmt: skip
_OVERRIDE_KEYS = {"files", "select", "ignore", "severity"}


def find_config(start: Path) -> Path | None:
    """The nearest ``.typolint.yaml`` or ``pyproject.toml`` with ``[tool.typolint]``, walking up."""
    for folder in (start.resolve(), *start.resolve().parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "tool" in _read_toml(pyproject) and "typolint" in _read_toml(pyproject)["tool"]:
            return pyproject
    return None


def load_config(path: Path | None) -> Config:
    """Build a Config from a file (None: the defaults, rooted at the current folder)."""
    if path is None:
        return Config(root=Path.cwd())
    if not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    if path.name == "pyproject.toml":
        data = _read_toml(path).get("tool", {}).get("typolint", {})
    elif path.suffix == ".toml":
        data = _read_toml(path)
    else:
        data = _read_yaml(path)
    return _build(path, data)


def _read_toml(path: Path) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _read_yaml(path: Path) -> dict:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping")
    return data


def _check_keys(path: Path, data: dict, allowed: set[str], where: str = "") -> None:
    import difflib

    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ConfigError(f"{path}: {where}{key}: unknown key{hint}")


def _strings(path: Path, data: dict, key: str, where: str = "") -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {where}{key}: must be a list of strings")
    return tuple(value)


def _severities(path: Path, data: dict, where: str = "") -> tuple[tuple[str, Severity], ...]:
    table = data.get("severity", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {where}severity: must map rule prefixes to error, warning or info")
    try:
        return tuple((str(rule), Severity.parse(str(level))) for rule, level in table.items())
    except ValueError as exc:
        raise ConfigError(f"{path}: {where}severity: {exc}") from None


def _build(path: Path, data: dict) -> Config:
    _check_keys(path, data, _TOP_KEYS)
    root = path.resolve().parent
    try:
        fail_on = Severity.parse(str(data.get("fail-on", "warning")))
    except ValueError as exc:
        raise ConfigError(f"{path}: fail-on: {exc}") from None
    formats = data.get("formats", {})
    if not isinstance(formats, dict):
        raise ConfigError(f"{path}: formats: must map file suffixes to formats")
    timeout = data.get("regex-timeout", 2.0)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ConfigError(f"{path}: regex-timeout: must be a positive number of seconds")
    vocab_files = tuple(root / p for p in _strings(path, data, "vocabulary"))
    return Config(
        rule_dirs=tuple(root / p for p in _strings(path, data, "rules")),
        select=_strings(path, data, "select"),
        ignore=_strings(path, data, "ignore"),
        severity=_severities(path, data),
        fail_on=fail_on,
        languagetool=_languagetool(path, data.get("languagetool", {})),
        vocabulary=load_vocabulary(vocab_files),
        vocabulary_files=vocab_files,
        exclude=_strings(path, data, "exclude"),
        overrides=_overrides(path, data.get("overrides", [])),
        formats=tuple((str(k), str(v)) for k, v in formats.items()),
        regex_timeout=float(timeout),
        root=root,
    )


def _languagetool(path: Path, data: object) -> LanguageToolConfig:
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: languagetool: must be a mapping")
    _check_keys(path, data, _LT_KEYS, "languagetool.")
    base = LanguageToolConfig()
    disabled = _strings(path, data, "disabled-rules", "languagetool.") if "disabled-rules" in data else None
    idle = data.get("idle-timeout", base.idle_timeout)
    if isinstance(idle, bool) or not isinstance(idle, int) or idle <= 0:
        raise ConfigError(f"{path}: languagetool.idle-timeout: must be a whole number of seconds")
    timeout = data.get("timeout", base.timeout)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 3600:
        raise ConfigError(f"{path}: languagetool.timeout: must be a number of seconds between 0 and 3600")
    return LanguageToolConfig(
        enabled=bool(data.get("enabled", base.enabled)),
        url=data.get("url", base.url),
        language=str(data.get("language", base.language)),
        enabled_rules=_strings(path, data, "enabled-rules", "languagetool."),
        disabled_rules=disabled,
        heap=str(data.get("heap", base.heap)),
        idle_timeout=idle,
        cache=bool(data.get("cache", base.cache)),
        timeout=float(timeout),
    )


def _overrides(path: Path, data: object) -> tuple[Override, ...]:
    if not isinstance(data, list):
        raise ConfigError(f"{path}: overrides: must be a list of mappings with 'files'")
    out = []
    for i, item in enumerate(data):
        where = f"overrides[{i}]."
        if not isinstance(item, dict) or not isinstance(item.get("files"), str):
            raise ConfigError(f"{path}: {where}files: each override needs a 'files' glob")
        _check_keys(path, item, _OVERRIDE_KEYS, where)
        out.append(
            Override(
                item["files"],
                _strings(path, item, "select", where),
                _strings(path, item, "ignore", where),
                _severities(path, item, where),
            )
        )
    return tuple(out)


def load_vocabulary(files: tuple[Path, ...]) -> Vocabulary:
    """Accepted words, phrases and patterns, one per line; '#' starts a comment."""
    words: set[str] = set()
    for file in files:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
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
# formats: {".txt": markdown}
languagetool:
  enabled: true
  language: en-US
  # url: http://127.0.0.1:8081      # an existing server instead of the managed one
  # disabled-rules: [WHITESPACE_RULE]
  heap: 1g
  idle-timeout: 1800                # seconds before the shared server stops itself
# overrides:
#   - files: "docs/legacy/**"
#     ignore: [lt]
"""
