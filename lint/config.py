"""Settings: the frozen Config that the runner, engines and CLI share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lint.model import Severity


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
    #: Accepted words and phrases (from vocabulary files), applied to both engines.
    vocabulary: frozenset[str] = frozenset()
    exclude: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()
    #: File suffix (".md") to extractor name ("markdown") overrides.
    formats: tuple[tuple[str, str], ...] = ()
    #: Seconds one regex may run on one file before the rule is reported and skipped.
    regex_timeout: float = 2.0
    #: The folder of the config file, against which globs and relative paths resolve.
    root: Path = Path(".")
