"""Helpers for the language-server tests: a pytest-lsp client that records every publication,
a LanguageTool root of the tests' own, and text edits applied independently of the server."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, make_test_lsp_client

SERVER = [sys.executable, "-m", "lint", "lsp"]


def recording_client() -> LanguageClient:
    """pytest-lsp's test client, also keeping every publishDiagnostics in ``client.published``."""
    client = make_test_lsp_client()
    client.published = []  # type: ignore[attr-defined]
    default = DEFAULT_CLIENT_FEATURES[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def record(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.published.append(params)  # type: ignore[attr-defined]
        default(client, params)

    client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = lambda p: record(client, p)
    return client


def lt_env(root: Path) -> dict[str, str]:
    """The environment of a server whose LanguageTool state and cache live under ``root``."""
    from lint.engines.languagetool.install import lt_home
    from lint.terms import terms_file

    return {**os.environ, "TYPOLINT_CACHE_DIR": str(root), "TYPOLINT_LT_HOME": str(lt_home()), "TYPOLINT_LT_WARMUP": "1",
            "TYPOLINT_TERMS": str(terms_file())}


async def start(env: dict[str, str], *, encodings: list[str] | None = None, init: Any = None,
                folders: list[Path] = (), args: list[str] = ()) -> LanguageClient:
    """Start ``typolint lsp`` as a subprocess and initialise a session with it."""
    config = ClientServerConfig(server_command=[*SERVER, *args], server_env=env, client_factory=recording_client)
    client = await config.start()
    general = types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None
    params = types.InitializeParams(
        capabilities=types.ClientCapabilities(general=general),
        initialization_options=init,
        workspace_folders=[types.WorkspaceFolder(p.as_uri(), p.name) for p in folders] or None,
    )
    result = await client.initialize_session(params)
    client.encoding = result.capabilities.position_encoding  # type: ignore[attr-defined]
    return client


async def stop(client: LanguageClient) -> None:
    await client.shutdown_session()
    await client.stop()


async def wait_for(client: LanguageClient, uri: str, done: Callable[[list[types.PublishDiagnosticsParams]], bool],
                   timeout: float = 60.0) -> list[types.Diagnostic]:
    """Wait until ``done(publications of uri)`` holds; return the latest diagnostics of ``uri``."""
    deadline = time.monotonic() + timeout
    while True:
        mine = [p for p in client.published if p.uri == uri]  # type: ignore[attr-defined]
        if done(mine):
            return list(mine[-1].diagnostics) if mine else []
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; publications of {uri}: {[(p.version, len(p.diagnostics)) for p in mine]}")
        await asyncio.sleep(0.02)


def published(version: int, count: int = 1):
    """A ``wait_for`` condition: ``count`` publications for document ``version``."""
    return lambda pubs: sum(p.version == version for p in pubs) >= count


def open_doc(client: LanguageClient, path: Path, text: str, language: str = "markdown", version: int = 1) -> str:
    uri = path.as_uri()
    item = types.TextDocumentItem(uri, language, version, text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(item))
    return uri


def change_doc(client: LanguageClient, uri: str, text: str, version: int) -> None:
    """Replace the whole text (a full-document change)."""
    doc = types.VersionedTextDocumentIdentifier(uri=uri, version=version)
    client.text_document_did_change(types.DidChangeTextDocumentParams(doc, [types.TextDocumentContentChangeWholeDocument(text)]))


def to_offset(text: str, line: int, character: int, encoding: str) -> int:
    """Code-point offset of an LSP position, computed by encoding each line (not the server's helper)."""
    lines = text.splitlines(keepends=True)
    start = sum(len(x) for x in lines[:line])
    codec = {"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}[encoding]
    width = {"utf-8": 1, "utf-16": 2, "utf-32": 4}[encoding]
    data = (lines[line] if line < len(lines) else "").encode(codec)
    return start + len(data[: character * width].decode(codec))


def apply_edit(text: str, edit: types.WorkspaceEdit, encoding: str) -> str:
    """``text`` after the (single-document) WorkspaceEdit, edits applied from the end."""
    edits = [e for change in edit.document_changes or [] for e in change.edits]
    spans = [(to_offset(text, e.range.start.line, e.range.start.character, encoding),
              to_offset(text, e.range.end.line, e.range.end.character, encoding), e.new_text) for e in edits]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text
