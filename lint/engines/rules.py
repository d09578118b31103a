"""The YAML rule engine: runs each loaded rule's kind over a TextSource and yields hits."""

from __future__ import annotations

from collections.abc import Sequence

from lint.kinds import Context, Match
from lint.model import Hit
from lint.rulefile import Rule
from lint.source import TextSource


class _Fields(dict):
    """Message template fields; an unknown field renders as empty text instead of failing."""

    def __missing__(self, key: str) -> str:
        return ""


class RuleEngine:
    """Runs YAML rules. A rule that times out on a file is reported and skipped for that file."""

    name = "rules"

    def __init__(self, rules: Sequence[Rule], context: Context) -> None:
        self.rules = rules
        self.context = context

    def check_one(self, source: TextSource) -> tuple[list[Hit], list[str]]:
        """Hits (offsets into ``source.text``) and one-line errors of rules that failed."""
        hits: list[Hit] = []
        errors: list[str] = []
        for rule in self.rules:
            if rule.formats is not None and source.fmt not in rule.formats:
                continue
            try:
                hits.extend(self._hit(rule, m, source.text) for m in rule.checker.find(source.text, self.context))
            except TimeoutError:
                errors.append(
                    f"rule {rule.id} ({rule.path}) took longer than {self.context.timeout:g}s"
                    " and was skipped: its regex backtracks catastrophically"
                )
        vocabulary = self.context.vocabulary
        return [h for h in hits if not vocabulary.covers(source.text, h.start, h.end)], errors

    def check(self, sources: Sequence[TextSource]) -> list[list[Hit]]:
        return [self.check_one(s)[0] for s in sources]

    @staticmethod
    def _hit(rule: Rule, m: Match, text: str) -> Hit:
        fields = _Fields(m.detail)
        fields["match"] = text[m.start : m.end]
        fields["suggestion"] = m.suggestions[0] if m.suggestions else ""
        message = rule.message.format_map(fields)
        return Hit(m.start, m.end, rule.id, rule.severity, message, m.suggestions, "rules", m.safe_fix)
