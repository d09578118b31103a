"""Message and suggestion templates: ``{field}`` placeholders checked at load, rendered without str.format.

A rule file is data, so its templates must not reach Python internals: ``{0.__class__}``
(attribute access), ``{0[1]}`` (indexing), ``{match!r}`` (conversion) and ``{match:>999999999}``
(format spec, which can write a gigabyte per finding) are refused when the rule is loaded.
What is left is plain substitution of named fields, done here by concatenation.
"""

from __future__ import annotations

import string
from collections.abc import Collection, Mapping
from dataclasses import dataclass


class TemplateError(ValueError):
    """A template that names an unknown field or uses anything beyond ``{name}``."""


@dataclass(frozen=True, slots=True)
class Template:
    """A parsed template: literal text and field names, alternating (``None`` for no field)."""

    parts: tuple[tuple[str, str | None], ...]

    @property
    def fields(self) -> frozenset[str]:
        """The field names the template uses."""
        return frozenset(name for _, name in self.parts if name is not None)

    def render(self, values: Mapping[str, str]) -> str:
        """The text with each field replaced by ``values[field]`` (a missing value renders empty)."""
        out = []
        for literal, name in self.parts:
            out.append(literal)
            if name is not None:
                out.append(values.get(name) or "")
        return "".join(out)


def parse_template(text: str, allowed: Collection[str]) -> Template:
    """Parse ``text``; raise TemplateError unless every field is a bare name from ``allowed``."""
    try:
        pieces = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise TemplateError(f"invalid template: {exc}") from None
    parts = []
    for literal, name, spec, conversion in pieces:
        if name is not None:
            _check_field(name, spec, conversion, allowed)
        parts.append((literal, name))
    return Template(tuple(parts))


def _check_field(name: str, spec: str | None, conversion: str | None, allowed: Collection[str]) -> None:
    shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
    if conversion or spec:
        raise TemplateError(f"{shown}: conversions and format specs are not allowed; write {{{_base(name)}}}")
    if not name:
        raise TemplateError("{}: name the field, e.g. {match}")
    if any(c in name for c in ".[]"):
        raise TemplateError(f"{shown}: attribute and index access are not allowed; write {{{_base(name)}}}")
    if name not in allowed:
        raise TemplateError(f"{shown}: unknown field; use one of " + ", ".join("{" + f + "}" for f in sorted(allowed)))


def _base(name: str) -> str:
    """The field name before any attribute or index access: ``0.__class__`` -> ``0``."""
    for i, c in enumerate(name):
        if c in ".[":
            return name[:i] or "match"
    return name or "match"
