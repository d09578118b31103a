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

from lint.config import Config
from lint.discover import excluded
from lint.engines import EngineError
from lint.extract import EXTRACTORS, format_for
from lint.model import Finding, Hit
from lint.runner import Checked, Document, Pipeline, RunOptions

__all__ = ["EngineError", "Finding", "Linter", "check_text", "markup_for"]

#: The markups ``check_text`` accepts.
MARKUPS: tuple[str, ...] = tuple(EXTRACTORS)


def markup_for(path: str, config: Config | None = None) -> str:
    """The markup of ``path`` by its extension, honouring the config's ``formats`` overrides."""
    return format_for(path, dict(config.formats) if config else {})


class Linter:
    """Checks texts with one configuration through the CLI's pipeline (``lint.runner.Pipeline``):
    its rules, lexicon and LanguageTool engine are built once and reused across calls."""

    def __init__(self, config: Config | None = None, *, languagetool: bool = True) -> None:
        """``languagetool=False`` (or ``languagetool.enabled: false`` in the config) runs YAML rules only.

        Raises ``lint.engines.rules.rulefile.RuleFileError`` for a broken rule file of the configuration.
        """
        self.config = config or Config()
        self.pipeline = Pipeline(self.config, RunOptions(languagetool=languagetool))

    @property
    def rules(self):
        """The YAML rules in use (``lint.engines.rules.rulefile.Rule``), after select/ignore."""
        return self.pipeline.rules

    @property
    def languagetool(self) -> bool:
        """True when LanguageTool is on for this configuration (and some ``lt.*`` rule is selected)."""
        return self.pipeline.languagetool() is not None

    def excluded(self, path: str) -> bool:
        """True when the configuration's ``exclude`` globs cover ``path``."""
        return excluded(path, self.config)

    def prepare(self, text: str, *, markup: str = "plain", path: str = "<text>") -> Checked:
        """Extract ``text`` (``markup``: plain, markdown, rst or html) and run the YAML rules;
        the result holds their hits. A markup that does not parse is checked as plain text."""
        if markup not in EXTRACTORS:
            raise ValueError(f"unknown markup {markup!r} (expected one of: {', '.join(MARKUPS)})")
        return self.pipeline.check_document(Document(path, text, markup))[0]

    def languagetool_hits(self, item: Checked, *, cached_only: bool = False) -> list[Hit]:
        """LanguageTool's hits on ``item``; with ``cached_only``, only for paragraphs already in
        the per-paragraph result cache (no server request). Raises EngineError when it fails."""
        engine = self.pipeline.languagetool()
        if engine is None:
            return []
        if cached_only:
            return engine.cached_hits(item.source)  # type: ignore[attr-defined]
        (hits,), problems = engine.check([item.source])
        if problems:
            raise problems[0]
        return hits

    def findings(self, item: Checked, hits: Sequence[Hit]) -> list[Finding]:
        """Locate ``hits`` in ``item``'s original text, merge and filter them as the CLI does
        (inline suppressions, select/ignore, severities), sorted."""
        located = Checked(item.path, item.source, item.encoded, list(hits))
        return self.pipeline.report([located], []).findings

    def check(self, text: str, *, markup: str = "plain", path: str = "<text>") -> list[Finding]:
        """All findings in ``text``: YAML rules, then LanguageTool when on (EngineError if it fails)."""
        item = self.prepare(text, markup=markup, path=path)
        return self.findings(item, item.hits + self.languagetool_hits(item))

    def check_rules(self, text: str, *, markup: str = "plain", path: str = "<text>") -> list[Finding]:
        """Findings of the YAML rules only (milliseconds; no LanguageTool)."""
        item = self.prepare(text, markup=markup, path=path)
        return self.findings(item, item.hits)


def check_text(text: str, *, markup: str = "plain", config: Config | None = None) -> list[Finding]:
    """Check one text and return its findings, sorted; see ``Linter`` to check many texts."""
    return Linter(config).check(text, markup=markup)
