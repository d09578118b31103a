"""Rule kinds: the code that runs a YAML rule. A rule names its kind; KINDS maps names to code."""

from __future__ import annotations

from lint.kinds.base import Context, Kind, Match, Option, RuleDefinitionError
from lint.kinds.consistency import Consistency
from lint.kinds.dangling import Dangling
from lint.kinds.mixed_script import MixedScript
from lint.kinds.quotes import Quotes
from lint.kinds.repetition import Repetition
from lint.kinds.simple import Existence, Pattern, Substitution
from lint.kinds.spelling import Spelling
from lint.kinds.truncation import Truncation

KINDS: dict[str, type[Kind]] = {
    kind.name: kind
    for kind in (
        Existence, Substitution, Pattern, Spelling, MixedScript, Quotes,
        Repetition, Consistency, Dangling, Truncation,
    )
}

__all__ = ["KINDS", "Context", "Kind", "Match", "Option", "RuleDefinitionError"]
