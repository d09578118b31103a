"""lint.model: the Finding's hand-written constructor is the dataclass's own, field for field."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from lint.model import Finding, Location, Severity


def test_finding_init_takes_the_dataclass_fields_with_their_defaults() -> None:
    params = list(inspect.signature(Finding.__init__).parameters.values())[1:]
    fields = dataclasses.fields(Finding)
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields):
        assert p.default == (inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default), f.name


def test_finding_is_built_frozen_equal_and_hashable_as_a_dataclass() -> None:
    loc = Location(3, 7, 1, 4, 1, 8)
    values = ("a.md", loc, "typos.x", Severity.ERROR, "msg", ("fix",), "languagetool", "teh", True, False,
              (Finding("a.md", loc, "lt.Y", Severity.INFO, "other"),), "r1")
    f = Finding(*values)
    assert tuple(getattr(f, field.name) for field in dataclasses.fields(Finding)) == values
    assert f == Finding(**{field.name: v for field, v in zip(dataclasses.fields(Finding), values)})
    assert hash(f) == hash(Finding(*values))
    assert dataclasses.replace(f, message="new").message == "new"
    assert pickle.loads(pickle.dumps(f)) == f
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.rule = "other"  # type: ignore[misc]
    short = Finding("a.md", loc, "typos.x", Severity.ERROR, "msg")
    assert (short.suggestions, short.source, short.match, short.safe_fix, short.fixable, short.merged, short.record) == (
        (), "rules", "", False, True, (), None)
