"""The YAML rule engine: runs each loaded rule's kind over a TextSource and yields hits."""

from __future__ import annotations

from collections.abc import Sequence

from lint.engines import EngineError, EngineResult
from lint.kinds import Context, Match
from lint.model import Hit
from lint.rulefile import Rule
from lint.source import TextSource


class _Fields(dict):
    """Message template fields; an unknown field renders as empty text instead of failing."""

    def __missing__(self, key: str) -> str:
        return ""


class RuleError(EngineError):
    """A YAML rule that could not finish on a file: a problem of the rule, not of the text."""

    status = 2


class RuleEngine:
    """Runs YAML rules. A rule that times out on a file is reported and skipped for that file."""

    name = "rules"
    label = "rules"

    def __init__(self, rules: Sequence[Rule], context: Context) -> None:
        self.rules = rules
        self.context = context

    def check(self, sources: Sequence[TextSource]) -> EngineResult:
        """Hits per source (code points of ``source.text``) and the errors of rules that failed."""
        results: list[list[Hit]] = []
        errors: list[EngineError] = []
        for source in sources:
            hits, problems = self._check_one(source)
            results.append(hits)
            errors.extend(problems)
        return results, errors

    def _check_one(self, source: TextSource) -> tuple[list[Hit], list[EngineError]]:
        hits: list[Hit] = []
        errors: list[EngineError] = []
        for rule in self.rules:
            if rule.formats is not None and source.fmt not in rule.formats:
                continue
            try:
                hits.extend(self._hit(rule, m, source.text) for m in rule.checker.find(source.text, self.context))
            except TimeoutError:
                errors.append(RuleError(
                    f"rule {rule.id} ({rule.path}) took longer than {self.context.timeout:g}s"
                    " and was skipped: its regex backtracks catastrophically"
                ))
        vocabulary = self.context.vocabulary
        return [h for h in hits if not vocabulary.covers(source.text, h.start, h.end)], errors

    @staticmethod
    def _hit(rule: Rule, m: Match, text: str) -> Hit:
        fields = _Fields(m.detail)
        fields["match"] = text[m.start : m.end]
        fields["suggestion"] = m.suggestions[0] if m.suggestions else ""
        message = rule.message.format_map(fields)
        return Hit(m.start, m.end, rule.id, rule.severity, message, m.suggestions, "rules", m.safe_fix)
