"""The Python API: check a text in memory with the same rules, engines and filters as the CLI.

Example::

    import lint

    for f in lint.check_text("He said the the report was late.", markup="plain"):
        print(f.location.line, f.location.column, f.rule, f.message)

    linter = lint.Linter(config)                  # rules, lexicon and LanguageTool stay warm
    findings = linter.check(text, markup="markdown", path="README.md")

Positions in findings are 0-based code-point offsets (``Location.start``/``end``) and 1-based
line/column in code points, as everywhere in typolint. LanguageTool failures raise
``lint.engines.EngineError`` (one line); ``Linter(config, languagetool=False)`` runs the YAML
rules only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from lint.config import Config
from lint.engines import EngineError
from lint.engines.rules import RuleEngine
from lint.extract import EXTRACTORS, extract, format_for
from lint.kinds import Context
from lint.lexicon import load_lexicon
from lint.model import Finding, Hit
from lint.reading import Encoded
from lint.runner import Checked, finish, select_rules
from lint.source import TextSource

if TYPE_CHECKING:
    from lint.languagetool.engine import LanguageToolEngine

__all__ = ["EngineError", "Finding", "Linter", "check_text", "markup_for"]

#: The markups ``check_text`` accepts.
MARKUPS: tuple[str, ...] = tuple(EXTRACTORS)


def markup_for(path: str, config: Config | None = None) -> str:
    """The markup of ``path`` by its extension, honouring the config's ``formats`` overrides."""
    return format_for(path, dict(config.formats) if config else {})


class Linter:
    """Checks texts with one configuration; the rules, the lexicon and the LanguageTool engine
    are built once and reused across calls (one Linter per configuration)."""

    def __init__(self, config: Config | None = None, *, languagetool: bool = True) -> None:
        """``languagetool=False`` (or ``languagetool.enabled: false`` in the config) runs YAML rules only.

        Raises ``lint.rulefile.RuleFileError`` for a broken rule file of the configuration.
        """
        self.config = config or Config()
        self.rules = select_rules(self.config)
        self.engine = RuleEngine(self.rules, Context(load_lexicon, self.config.vocabulary, self.config.regex_timeout))
        self.languagetool = languagetool and self.config.languagetool.enabled
        self._lt: LanguageToolEngine | None = None

    def extract(self, text: str, *, markup: str = "plain", path: str = "<text>") -> Checked:
        """Extract the prose of ``text`` (``markup``: plain, markdown, rst or html); no hits yet.

        A markup that does not parse falls back to plain text, as in the CLI.
        """
        if markup not in EXTRACTORS:
            raise ValueError(f"unknown markup {markup!r} (expected one of: {', '.join(MARKUPS)})")
        source, _note = extract(text, markup)
        return Checked(path, source, Encoded(text, "utf-8", b""))

    def rule_hits(self, item: Checked) -> list[Hit]:
        """The YAML rules' hits on ``item`` (offsets in code points of ``item.source.text``)."""
        return self.engine.check_one(item.source)[0]

    def languagetool_hits(self, item: Checked, *, cached_only: bool = False) -> list[Hit]:
        """LanguageTool's hits on ``item``; with ``cached_only``, only paragraphs already in the
        per-paragraph result cache (no server request). Raises EngineError when LanguageTool fails."""
        if not self.languagetool:
            return []
        engine = self.languagetool_engine()
        if not cached_only:
            return engine.check([item.source])[0]
        return _cached_hits(engine, item.source)

    def languagetool_engine(self) -> LanguageToolEngine:
        """The LanguageTool engine of this configuration (the CLI's shared server and cache)."""
        if self._lt is None:
            from lint.languagetool.engine import LanguageToolEngine

            self._lt = LanguageToolEngine(
                self.config.languagetool, self.config.vocabulary, lexicon=lambda: self.engine.context.lexicon
            )
        return self._lt

    def findings(self, item: Checked, hits: Sequence[Hit]) -> list[Finding]:
        """Locate ``hits`` in the original text and apply the CLI's filters (suppressions, dedupe, sort)."""
        located = Checked(item.path, item.source, item.encoded, list(hits))
        return finish([located], self.config, self.rules)[0]

    def check(self, text: str, *, markup: str = "plain", path: str = "<text>") -> list[Finding]:
        """All findings in ``text``: YAML rules, then LanguageTool when enabled (EngineError if it fails)."""
        item = self.extract(text, markup=markup, path=path)
        return self.findings(item, self.rule_hits(item) + self.languagetool_hits(item))

    def check_rules(self, text: str, *, markup: str = "plain", path: str = "<text>") -> list[Finding]:
        """Findings of the YAML rules only (milliseconds; no LanguageTool)."""
        item = self.extract(text, markup=markup, path=path)
        return self.findings(item, self.rule_hits(item))


def check_text(text: str, *, markup: str = "plain", config: Config | None = None) -> list[Finding]:
    """Check one text and return its findings, sorted; see ``Linter`` to check many texts."""
    return Linter(config).check(text, markup=markup)


def _cached_hits(engine: LanguageToolEngine, source: TextSource) -> list[Hit]:
    """Hits of the paragraphs of ``source`` that LanguageTool's result cache already holds."""
    from lint.languagetool.cache import ResultCache, cache_key
    from lint.languagetool.engine import split_source, well_formed
    from lint.languagetool.install import cache_root

    if not engine.config.cache:
        return []
    chunks = split_source(0, source)
    settings = engine.settings()
    keys = [cache_key(c.text, settings) for c in chunks]
    cache = ResultCache(cache_root() / "languagetool-results.sqlite3")
    try:
        known = cache.get_many(keys)
    finally:
        cache.close()
    hits = []
    for chunk, key in zip(chunks, keys):
        if key in known and all(map(well_formed, known[key])):
            hits.extend(engine.to_hits(chunk, known[key], source.text))
    return hits
