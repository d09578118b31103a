"""Strict YAML for configuration and rule files: no aliases, no duplicate keys, a line for every key.

PyYAML's ``safe_load`` accepts anchors and aliases, so a 1 KB file of nested aliases (a
"billion laughs") expands into gigabytes once anything walks it; it keeps the last of two
equal keys silently; and it forgets where each value came from. Here the event stream is
scanned first (aliases refused before anything is built), the node tree is checked
(duplicate keys, nesting depth) and only then constructed, and the line of every mapping key
and list item is kept so that each error can say ``file:line:``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml


def _loader() -> type:
    """PyYAML's safe loader, in C when built with libyaml; imported on first use (14 ms)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


#: Deeper nesting than any typolint file needs; refusing it bounds the work of every later walk.
MAX_DEPTH = 32

#: A key path into the document: mapping keys and list indexes, e.g. ("overrides", 0, "select").
KeyPath = tuple[Any, ...]


class YamlError(ValueError):
    """A document typolint refuses; ``line`` is 1-based (0 when unknown)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed YAML document and the 1-based line of each key path (the root is line 1)."""

    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, *path: Any) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def load_yaml(text: str) -> Document:
    """Parse one strict YAML document; raise YamlError with a line for anything refused."""
    import yaml

    try:
        _refuse_aliases(text)
        loader = _loader()(text)
        try:
            node = loader.get_single_node()
            lines = _check_nodes(node) if node is not None else {}
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlError(mark.line + 1 if mark else 1, f"invalid YAML: {problem}") from None
    return Document(data, lines)


def _refuse_aliases(text: str) -> None:
    """Raise YamlError at the first anchor or alias (scanned as events: linear, nothing built)."""
    import yaml

    for event in yaml.parse(text, Loader=_loader()):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlError(event.start_mark.line + 1, "YAML anchors and aliases are not allowed")


def _check_nodes(root: yaml.Node) -> dict[KeyPath, int]:
    """Lines of every key path; raise YamlError for duplicate keys or nesting past MAX_DEPTH."""
    import yaml

    lines: dict[KeyPath, int] = {(): root.start_mark.line + 1}
    stack: list[tuple[yaml.Node, KeyPath]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if len(path) > MAX_DEPTH:
            raise YamlError(node.start_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else id(key)
                line = key.start_mark.line + 1
                if name in seen:
                    raise YamlError(line, f"{name}: duplicate key (first on line {seen[name]})")
                seen[name] = line
                lines[(*path, name)] = line
                stack.append((value, (*path, name)))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines[(*path, i)] = item.start_mark.line + 1
                stack.append((item, (*path, i)))
    return lines
