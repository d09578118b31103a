"""End-to-end tests of ``typolint lsp``: a real subprocess driven by pytest-lsp, LanguageTool on."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types

from lsp_support import to_offset, apply_edit, change_doc, lt_env, open_doc, published, start, stop, wait_for

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(300)]

LT_WAIT = 180.0  # the first check starts the tests' own LanguageTool server


@pytest.fixture(scope="session")
def lt_root(tmp_path_factory: pytest.TempPathFactory):
    """A LanguageTool cache root of these tests' own; its server is stopped at the end."""
    from lint.engines.languagetool.install import find_installation

    if find_installation() is None:
        pytest.skip("LanguageTool is not installed; run 'make languagetool'")
    root = tmp_path_factory.mktemp("lsp-lt")
    yield root
    _stop_server(root)


def _stop_server(root: Path) -> None:
    """Stop the managed server recorded under ``root`` (and only that one)."""
    import os

    from lint.engines.languagetool import server

    saved = os.environ.get("TYPOLINT_CACHE_DIR")
    os.environ["TYPOLINT_CACHE_DIR"] = str(root)
    try:
        server.stop_server()
    finally:
        if saved is None:
            os.environ.pop("TYPOLINT_CACHE_DIR")
        else:
            os.environ["TYPOLINT_CACHE_DIR"] = saved


@pytest_asyncio.fixture
async def client(lt_root: Path, tmp_path: Path):
    c = await start(lt_env(lt_root), folders=[tmp_path])
    yield c
    await stop(c)


def codes(diagnostics) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)


async def test_open_edit_save_close(client, tmp_path: Path) -> None:
    text = "# Notes\n\nHe said the the report was late.\n\nThis is an test of the liason.\n"
    uri = open_doc(client, tmp_path / "notes.md", text)
    first = await wait_for(client, uri, published(1), LT_WAIT)
    assert "typos.doubled-word" in codes(first)
    full = await wait_for(client, uri, published(1, 2), LT_WAIT)
    assert "lt.EN_A_VS_AN" in codes(full), codes(full)
    d = next(d for d in full if d.code == "typos.doubled-word")
    assert (d.range.start.line, d.range.start.character, d.range.end.character) == (2, 8, 15)
    assert d.source == "typolint" and d.severity == types.DiagnosticSeverity.Error
    assert d.code_description.href.endswith("rules/typos/doubled-word.yaml")
    lt = next(d for d in full if str(d.code).startswith("lt.MORFOLOGIK"))
    assert lt.code_description.href.startswith("https://community.languagetool.org/rule/show/MORFOLOGIK")

    change_doc(client, uri, text.replace("the the", "the"), 2)
    after = await wait_for(client, uri, published(2, 2), LT_WAIT)
    assert "typos.doubled-word" not in codes(after)
    assert "lt.EN_A_VS_AN" in codes(after)

    count = len(client.published)
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
    await wait_for(client, uri, lambda pubs: len(client.published) > count and pubs[-1].version == 2)

    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    closed = await wait_for(client, uri, lambda pubs: pubs[-1].version is None)
    assert closed == []


# An emoji (2 UTF-16 units, 4 UTF-8 bytes) and a combining acute (1 unit, 2 bytes) before the typo.
EMOJI_TEXT = "Intro line.\nCafe\u0301 \U0001F600 said the the word.\n"


@pytest.mark.parametrize(("encoding", "first", "last"), [("utf-16", 14, 21), ("utf-8", 17, 24), ("utf-32", 13, 20)])
async def test_ranges_in_the_negotiated_encoding(lt_root: Path, tmp_path: Path, encoding: str, first: int, last: int) -> None:
    client = await start(lt_env(lt_root), encodings=[encoding], folders=[tmp_path])
    try:
        assert client.encoding == encoding
        uri = open_doc(client, tmp_path / "a.txt", EMOJI_TEXT, "plaintext")
        diags = await wait_for(client, uri, published(1), LT_WAIT)
        d = next(d for d in diags if d.code == "typos.doubled-word")
        assert (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character) == (1, first, 1, last)
        assert EMOJI_TEXT[to_offset(EMOJI_TEXT, 1, first, encoding) : to_offset(EMOJI_TEXT, 1, last, encoding)] == "the the"
    finally:
        await stop(client)


async def _actions(client, uri: str, diag: types.Diagnostic) -> list[types.CodeAction]:
    params = types.CodeActionParams(types.TextDocumentIdentifier(uri), diag.range, types.CodeActionContext([diag]))
    return await client.text_document_code_action_async(params)


async def _after_action(client, uri: str, text: str, version: int, rule: str, title: str) -> tuple[str, list]:
    """Apply the code action whose title starts with ``title`` to the finding of ``rule``; return
    the new text and its diagnostics (YAML and LanguageTool)."""
    diags = await wait_for(client, uri, published(version, 2), LT_WAIT)
    diag = next(d for d in diags if d.code == rule)
    action = next(a for a in await _actions(client, uri, diag) if a.title.startswith(title))
    new = apply_edit(text, action.edit, client.encoding)
    change_doc(client, uri, new, version + 1)
    return new, await wait_for(client, uri, published(version + 1, 2), LT_WAIT)


async def test_quick_fix_applies_the_suggestion(client, tmp_path: Path) -> None:
    text = "Intro \U0001F600 text.\n\nHe said the the report was late.\n"
    uri = open_doc(client, tmp_path / "fix.md", text)
    diags = await wait_for(client, uri, published(1, 2), LT_WAIT)
    diag = next(d for d in diags if d.code == "typos.doubled-word")
    fixes = [a for a in await _actions(client, uri, diag) if a.title.startswith("Replace")]
    assert [(a.title, a.is_preferred) for a in fixes] == [("Replace with 'the'", False)]  # deleting a word is an unsafe fix: not preferred
    new, after = await _after_action(client, uri, text, 1, "typos.doubled-word", "Replace with")
    assert new == "Intro \U0001F600 text.\n\nHe said the report was late.\n"
    assert "typos.doubled-word" not in codes(after)


async def test_languagetool_fix_is_not_preferred(client, tmp_path: Path) -> None:
    text = "This is an test of the system.\n"
    uri = open_doc(client, tmp_path / "lt.md", text)
    new, after = await _after_action(client, uri, text, 1, "lt.EN_A_VS_AN", "Replace with 'a'")
    assert new == "This is a test of the system.\n"
    assert after == []


@pytest.mark.parametrize(("name", "language", "text", "expected"), [
    ("a.md", "markdown", "Title\n\nHe said the the report.\n",
     "Title\n\nHe said the the report. <!-- typolint: ignore[typos.doubled-word] -->\n"),
    ("a.txt", "plaintext", "He said the the report.\n", "He said the the report. typolint: ignore[typos.doubled-word]\n"),
    ("a.rst", "restructuredtext", "Title\n=====\n\nHe said the the report.\n",
     "Title\n=====\n\n.. typolint: ignore-next-line[typos.doubled-word]\nHe said the the report.\n"),
])  # fmt: skip
async def test_ignore_on_this_line(client, tmp_path: Path, name: str, language: str, text: str, expected: str) -> None:
    uri = open_doc(client, tmp_path / name, text, language)
    new, after = await _after_action(client, uri, text, 1, "typos.doubled-word", "Ignore typos.doubled-word on this line")
    assert new == expected
    assert "typos.doubled-word" not in codes(after)


@pytest.mark.parametrize(("name", "language", "text", "expected"), [
    ("b.md", "markdown", "---\ntitle: x\n---\nHe said the the report.\n",
     "---\ntitle: x\n---\n<!-- typolint: disable-file[typos.doubled-word] -->\nHe said the the report.\n"),
    ("b.html", "html", "<p>He said the the report.</p>\n",
     "<!-- typolint: disable-file[typos.doubled-word] -->\n<p>He said the the report.</p>\n"),
])  # fmt: skip
async def test_ignore_in_this_file(client, tmp_path: Path, name: str, language: str, text: str, expected: str) -> None:
    uri = open_doc(client, tmp_path / name, text, language)
    new, after = await _after_action(client, uri, text, 1, "typos.doubled-word", "Ignore typos.doubled-word in this file")
    assert new == expected
    assert "typos.doubled-word" not in codes(after)


@pytest.mark.parametrize("configured", [True, False])
async def test_add_word_to_vocabulary(client, tmp_path: Path, configured: bool) -> None:
    words = tmp_path / ("words.txt" if configured else ".typolint-words.txt")
    if configured:
        words.write_text("# project words\nfrobnicate\n", encoding="utf-8")
        (tmp_path / ".typolint.yaml").write_text("vocabulary: [words.txt]\n", encoding="utf-8")
    text = "We use the liason tool.\n"
    uri = open_doc(client, tmp_path / "v.md", text)
    diags = await wait_for(client, uri, published(1, 2), LT_WAIT)
    diag = next(d for d in diags if str(d.code).startswith("lt.MORFOLOGIK"))
    action = next(a for a in await _actions(client, uri, diag) if a.title == "Add 'liason' to the project vocabulary")
    command = action.command
    if isinstance(action, types.Command):
        # lsprotocol 2025.0.0 decodes a CodeAction that carries a command as a Command whose
        # 'command' is the repr of the inner Command; read that back.
        inner = ast.literal_eval(action.command)
        command = types.Command(title=inner["title"], command=inner["command"], arguments=inner["arguments"])
    assert (command.command, command.arguments) == ("typolint.addToVocabulary", [uri, "liason"])
    count = len(client.published)
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command.command, arguments=command.arguments))
    expected = "# project words\nfrobnicate\nliason\n" if configured else "liason\n"
    assert words.read_text(encoding="utf-8") == expected
    if not configured:
        assert (tmp_path / ".typolint.yaml").read_text(encoding="utf-8") == "vocabulary: [.typolint-words.txt]\n"
    after = await wait_for(client, uri, lambda pubs: len(client.published) >= count + 2, LT_WAIT)
    assert after == []


async def test_config_change_is_picked_up(client, tmp_path: Path) -> None:
    uri = open_doc(client, tmp_path / "c.md", "He said the the report.\n")
    assert "typos.doubled-word" in codes(await wait_for(client, uri, published(1), LT_WAIT))
    config = tmp_path / ".typolint.yaml"
    config.write_text("ignore: [typos.doubled-word]\n", encoding="utf-8")
    count = len(client.published)
    change = types.FileEvent(config.as_uri(), types.FileChangeType.Created)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([change]))
    after = await wait_for(client, uri, lambda pubs: len(client.published) > count, LT_WAIT)
    assert "typos.doubled-word" not in codes(after)


async def test_exclude_is_honoured(client, tmp_path: Path) -> None:
    (tmp_path / ".typolint.yaml").write_text("exclude: ['vendor/**']\n", encoding="utf-8")
    (tmp_path / "vendor").mkdir()
    uri = open_doc(client, tmp_path / "vendor" / "x.md", "He said the the report.\n")
    assert await wait_for(client, uri, published(1), LT_WAIT) == []


async def test_typos_in_code_get_no_diagnostic(client, tmp_path: Path) -> None:
    text = "Use `the the` and `zorblax` here.\n\n```\nHe said the the report on zorblax.\n```\n\n    the the indented\n"
    uri = open_doc(client, tmp_path / "code.md", text)
    assert await wait_for(client, uri, published(1, 2), LT_WAIT) == []


async def test_hover_shows_the_rule(client, tmp_path: Path) -> None:
    uri = open_doc(client, tmp_path / "h.md", "He said the the report.\n")
    await wait_for(client, uri, published(1), LT_WAIT)
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 10)))
    assert hover.contents.value.startswith("**typos.doubled-word** (error)\n\nThe same word twice in a row")
    assert "`He said the the report was late.` → 'the the'" in hover.contents.value


async def test_languagetool_killed_mid_session(tmp_path: Path, lt_root: Path) -> None:
    """A dedicated server: its own cache root, reached by URL, stopped while the editor works."""
    import os

    from lint.engines.languagetool import server

    own = tmp_path / "own-lt"
    env = lt_env(own)
    saved = {k: os.environ.get(k) for k in ("TYPOLINT_CACHE_DIR", "TYPOLINT_LT_HOME", "TYPOLINT_LT_WARMUP")}
    os.environ.update({k: env[k] for k in saved})
    try:
        url = (await asyncio.to_thread(server.ensure_server)).url
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    client = await start(env, init={"languagetoolUrl": url, "debounce": 0}, folders=[tmp_path])
    try:
        text = "This is an test.\n\nHe said the the report.\n"
        uri = open_doc(client, tmp_path / "k.md", text)
        assert codes(await wait_for(client, uri, published(1, 2), LT_WAIT)) == ["lt.EN_A_VS_AN", "typos.doubled-word"]
        _stop_server(own)
        for version in (2, 3):
            text = text.replace("report", "reports") + "\nAnd the the end.\n"
            change_doc(client, uri, text, version)
            assert codes(await wait_for(client, uri, published(version), LT_WAIT)).count("typos.doubled-word") == version
            await asyncio.sleep(1.0)  # time for a LanguageTool attempt
        warnings = [m for m in client.messages if "LanguageTool is unavailable" in m.message]
        assert len(warnings) == 1, [m.message for m in client.messages]
        assert warnings[0].type == types.MessageType.Warning
    finally:
        await stop(client)
        _stop_server(own)


async def test_newer_version_cancels_older_work(client, tmp_path: Path) -> None:
    """Typing fast: only the last version gets LanguageTool's answer; older ones are dropped."""
    text = "This is an test.\n\nHe said the the report.\n"
    uri = open_doc(client, tmp_path / "fast.md", text)
    await wait_for(client, uri, published(1, 2), LT_WAIT)
    for version in range(2, 7):
        text = text.replace("report", f"report {version}")
        change_doc(client, uri, text, version)
    final = await wait_for(client, uri, published(6, 2), LT_WAIT)
    assert codes(final) == ["lt.EN_A_VS_AN", "typos.doubled-word"]
    await asyncio.sleep(0.5)  # anything late for an old version would arrive now
    older = [p.version for p in client.published if p.uri == uri and 2 <= (p.version or 0) <= 5]
    assert all(older.count(v) <= 1 for v in range(2, 6)), older  # never LanguageTool's publication
    assert [p.version for p in client.published if p.uri == uri][-1] == 6


async def test_readme_python_api_snippet_runs(lt_root: Path, tmp_path: Path) -> None:
    """The README's Python API example, run as written (LanguageTool on, the tests' own server)."""
    import subprocess
    import sys

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API") :]
    code = section[section.index("```python\n") + 10 : section.index("```\n", section.index("```python\n") + 10)]
    (tmp_path / "README.md").write_text("# Notes\n\nThis is an test of the `the the` code.\n", encoding="utf-8")
    code += "\nprint([(f.rule, f.match) for f in linter.check(text, markup='markdown')])\n"
    out = await asyncio.to_thread(subprocess.run, [sys.executable, "-c", code], cwd=tmp_path, env=lt_env(lt_root),
                                  capture_output=True, text=True, timeout=LT_WAIT)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "1 9 typos.doubled-word Doubled word: 'the the'. ('the',)"
    assert lines[-1] == "[('lt.EN_A_VS_AN', 'an')]"
