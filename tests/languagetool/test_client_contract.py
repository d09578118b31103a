"""The contract with language-tool-python: the pinned range, the public names we use, no private ones.

An upgrade that removes or changes what lint/engines/languagetool/client.py uses fails here, before it
fails a user. Widen the pin in pyproject.toml only after this file passes on the new version.
"""

from __future__ import annotations

import ast
import functools
import inspect
from importlib.metadata import version
from pathlib import Path

import pytest
import urllib3
from packaging.requirements import Requirement

import language_tool_python
from language_tool_python.download_lt import LocalLanguageTool
from language_tool_python.exceptions import LanguageToolError
from lint.engines.languagetool.client import TransportError

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "language_tool_python"


def _pinned(name: str) -> Requirement:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = [r for r in map(Requirement, project["dependencies"]) if r.name == name]
    assert len(found) == 1, f"{name} must be pinned once in pyproject.toml"
    return found[0]


def test_installed_version_is_inside_the_tested_range() -> None:
    pin = _pinned("language-tool-python")
    assert pin.specifier and any(s.operator == "<" for s in pin.specifier), "an upper bound is part of the pin"
    assert pin.specifier.contains(version("language-tool-python")), (pin, version("language-tool-python"))


def test_exceptions_we_raise_and_catch() -> None:
    assert issubclass(LanguageToolError, Exception)
    assert issubclass(TransportError, LanguageToolError)
    assert "exceptions" in language_tool_python.__all__


def test_downloader_used_by_install_source_python() -> None:
    """``LocalLanguageTool.from_version_name(v)`` -> object with ``download()``, ``get_jar_path()``,
    and the class method ``get_installed_versions()``; nothing here touches the network."""
    local = LocalLanguageTool.from_version_name("6.8")
    assert local.version_name == "6.8" and "6.8" in local.download_url
    assert isinstance(LocalLanguageTool.get_installed_versions(), list)
    assert not inspect.signature(local.download).parameters
    assert not inspect.signature(local.get_jar_path).parameters
    with pytest.raises(FileNotFoundError):
        LocalLanguageTool.from_version_name("0.0").get_jar_path()


def test_transport_relies_on_urllib3_read1() -> None:
    # client.py reads answers with HTTPResponse.read1 so that a dripping server meets the deadline.
    assert callable(getattr(urllib3.response.HTTPResponse, "read1", None))


# --- No private names -----------------------------------------------------------------------


@functools.cache
def package_private_names() -> frozenset[str]:
    """Leading-underscore names that language_tool_python defines (functions, attributes)."""
    names: set[str] = set()
    for path in Path(language_tool_python.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.Name):
                names.add(node.id)
    return frozenset(n for n in names if n.startswith("_") and not n.startswith("__"))


def private_uses(source: str) -> list[str]:
    """Every use of a leading-underscore name of language_tool_python in ``source``: imports of
    private modules or names, attributes of an imported object, any attribute named like one of
    its private names (in a module that imports it: ``client._query_server``), and private class
    attributes set in a subclass of one of its classes."""
    tree = ast.parse(source)
    bound: set[str] = set()
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    bound.add((alias.asname or alias.name).split(".")[0])
                    found += [alias.name for part in alias.name.split(".") if part.startswith("_")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == PACKAGE:
            found += [node.module for part in node.module.split(".") if part.startswith("_")]  # type: ignore[union-attr,misc]
            for alias in node.names:
                bound.add(alias.asname or alias.name)
                if alias.name.startswith("_"):
                    found.append(f"{node.module}.{alias.name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            base = node.value
            while isinstance(base, (ast.Attribute, ast.Call)):
                base = base.func if isinstance(base, ast.Call) else base.value
            if (isinstance(base, ast.Name) and base.id in bound) or (bound and node.attr in package_private_names()):
                found.append(ast.unparse(node))
        if isinstance(node, ast.ClassDef) and any(isinstance(b, ast.Name) and b.id in bound for b in node.bases):
            names = [t.id for stmt in node.body if isinstance(stmt, (ast.Assign, ast.AnnAssign))
                     for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]) if isinstance(t, ast.Name)]
            names += [stmt.name for stmt in node.body if isinstance(stmt, ast.FunctionDef)]
            found += [f"{node.name}.{n}" for n in names if n.startswith("_") and not n.startswith("__")]
    return found


def _imports_package(source: str) -> bool:
    """True when ``source`` imports language_tool_python (or a module of it)."""
    for node in ast.walk(ast.parse(source)):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        if any(n.split(".")[0] == PACKAGE for n in names):
            return True
    return False


@pytest.mark.parametrize(
    "source",
    [
        "from language_tool_python import LanguageTool\nLanguageTool('en')._query_server('u')",
        "import language_tool_python as ltp\nltp.server._TIMEOUT",
        "from language_tool_python.server import _kill_processes",
        "from language_tool_python import _deprecated",
        "from language_tool_python import LanguageTool\ndef f(client):\n    return client._create_params('t')",
        "from language_tool_python import LanguageTool\nclass C(LanguageTool):\n    _TIMEOUT = 1",
    ],
)
def test_the_scan_finds_private_uses(source: str) -> None:
    assert private_uses(source)


def test_public_uses_pass_the_scan() -> None:
    assert private_uses("from language_tool_python.exceptions import LanguageToolError\nLanguageToolError('x').args") == []


def test_no_module_uses_a_private_name_of_language_tool_python() -> None:
    offenders = {}
    importers = []
    for path in sorted((ROOT / "lint").rglob("*.py")) + sorted((ROOT / "bench").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if _imports_package(source):
            importers.append(path.relative_to(ROOT).as_posix())
        if uses := private_uses(source):
            offenders[str(path.relative_to(ROOT))] = uses
    assert offenders == {}
    # One door: only the client module imports it.
    assert importers == ["lint/engines/languagetool/client.py"]
