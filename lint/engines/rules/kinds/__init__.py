"""Rule kinds: the code that runs a YAML rule. A rule names its kind; KINDS maps names to code."""

from __future__ import annotations

from lint.engines.rules.kinds.base import Context, Kind, Match, Option, RuleDefinitionError
from lint.engines.rules.kinds.consistency import Consistency
from lint.engines.rules.kinds.dangling import Dangling
from lint.engines.rules.kinds.doubled import Doubled
from lint.engines.rules.kinds.mixed_script import MixedScript
from lint.engines.rules.kinds.quotes import Quotes
from lint.engines.rules.kinds.repetition import Repetition
from lint.engines.rules.kinds.simple import Existence, Pattern, Substitution
from lint.engines.rules.kinds.spelling import Spelling
from lint.engines.rules.kinds.truncation import Truncation

KINDS: dict[str, type[Kind]] = {
    kind.name: kind
    for kind in (
        Existence, Substitution, Pattern, Spelling, MixedScript, Quotes,
        Repetition, Consistency, Dangling, Truncation, Doubled,
    )
}

__all__ = ["KINDS", "Context", "Kind", "Match", "Option", "RuleDefinitionError"]
