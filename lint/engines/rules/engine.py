"""The YAML rule engine: runs each loaded rule's kind over a TextSource and yields hits."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from lint.engines import Done, EngineError, EngineResult
from lint.engines.rules.kinds import Context, Match
from lint.model import Hit
from lint.engines.rules.rulefile import Rule
from lint.source import TextSource

#: Ends the message of a rule stopped by its budget; the runner reports each such rule once,
#: even when worker processes each stopped it.
DISABLED = "and is disabled for the rest of the run"


class RuleError(EngineError):
    """A YAML rule that could not finish on a file: a problem of the rule, not of the text."""

    status = 2


class RuleTimeout(Exception):
    """A budgeted rule ran past its time on one file."""


class RuleEngine:
    """Runs YAML rules.

    Built-in rules are linear in the text and run without a limit. A user rule whose regex
    needs the backtracking ``regex`` module runs under a hard per-file budget
    (``Context.timeout`` seconds of CPU time); a rule that exceeds it once is reported and
    disabled for the rest of the run, so one bad pattern costs the budget once, not per file.
    """

    name = "rules"
    label = "rules"

    def __init__(self, rules: Sequence[Rule], context: Context) -> None:
        self.rules = rules
        self.context = context
        #: Ids of rules disabled after a time-out.
        self.disabled: set[str] = set()

    def check(self, sources: Sequence[TextSource]) -> EngineResult:
        """Hits per source (code points of ``source.text``) and the errors of rules that failed."""
        results: list[list[Hit]] = []
        errors: list[EngineError] = []
        for source in sources:
            hits, problems = self._check_one(source)
            results.append(hits)
            errors.extend(problems)
        return results, errors

    def start(self, sources: Sequence[TextSource]) -> Done:
        """Check ``sources`` now: rule budgets are CPU-time signals, which reach only the main thread."""
        return Done(self.check(sources))

    def _check_one(self, source: TextSource) -> tuple[list[Hit], list[EngineError]]:
        hits: list[Hit] = []
        errors: list[EngineError] = []
        self.context.share(source)
        for rule in self.rules:
            if rule.id in self.disabled or (rule.formats is not None and source.fmt not in rule.formats):
                continue
            try:
                hits.extend(self._run(rule, source.text))
            except (RuleTimeout, TimeoutError):
                self.disabled.add(rule.id)
                errors.append(RuleError(
                    f"rule {rule.id} ({rule.path}) ran longer than {self.context.timeout:g}s (CPU) on this file"
                    f" (its regex backtracks catastrophically) {DISABLED}"
                ))
        vocabulary = self.context.vocabulary
        if not vocabulary:  # nothing to accept: skip the per-hit look-ups
            return hits, errors
        return [h for h in hits if not vocabulary.covers(source.text, h.start, h.end)], errors

    def _run(self, rule: Rule, text: str) -> list[Hit]:
        """Every hit of ``rule`` in ``text``; budgeted rules raise RuleTimeout past their budget."""
        if rule.builtin or not getattr(rule.checker, "backtracks", False):
            return _hits(rule, rule.checker.find(text, self.context), text)
        self.context.scan_timeout = self.context.timeout
        try:
            with hard_budget(self.context.timeout):
                return _hits(rule, rule.checker.find(text, self.context), text)
        finally:
            self.context.scan_timeout = None


def _hits(rule: Rule, matches: Iterable[Match], text: str) -> list[Hit]:
    """The hits of ``rule``'s matches in ``text``, each with its message rendered.

    A template without {match} and {suggestion} says the same for every match with the same
    detail mapping (the repetition kind shares one among the copies of a paragraph), so it is
    rendered once per detail object; the objects are held until the end, so no id is reused.
    """
    template, rid, severity = rule.template, rule.id, rule.severity
    out: list[Hit] = []
    if template.fields & _TEXT_FIELDS:
        for m in matches:
            fields = dict(m.detail)
            fields["match"] = text[m.start : m.end]
            fields["suggestion"] = m.suggestions[0] if m.suggestions else ""
            out.append(Hit(m.start, m.end, rid, severity, template.render(fields), m.suggestions, "rules", m.safe_fix))
        return out
    rendered: dict[int, tuple[Mapping[str, str], str]] = {}  # id(detail) -> (detail, message)
    for m in matches:
        held = rendered.get(id(m.detail))
        if held is None:
            held = rendered[id(m.detail)] = (m.detail, template.render(m.detail))
        out.append(Hit(m.start, m.end, rid, severity, held[1], m.suggestions, "rules", m.safe_fix))
    return out


#: The fields a template fills from the matched text rather than from the match's detail.
_TEXT_FIELDS = frozenset({"match", "suggestion"})


@contextmanager
def hard_budget(seconds: float) -> Iterator[None]:
    """Raise RuleTimeout in the block after ``seconds`` of CPU time of this process.

    The ``regex`` module's own ``timeout`` is not enough: it is checked only now and then,
    and it counts CPU time, so on a loaded machine a 2 s timeout on ``(a+)+(?=b)`` returned
    after 14.6 s of wall time. The module does check for signals while it backtracks, so a
    SIGPROF handler that raises stops it on time. CPU time (ITIMER_PROF), not wall time, so
    that whether a rule is stopped does not depend on how busy the machine is.
    Signals reach only the main thread; elsewhere the soft ``regex`` timeout is all there is.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise RuleTimeout

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
