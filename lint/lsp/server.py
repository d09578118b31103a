"""The language server: diagnostics, quick fixes, vocabulary and suppression actions, hover.

YAML-rule findings (and LanguageTool's answers for paragraphs already in its cache) are
published as soon as a document opens or changes; LanguageTool's answer for the changed
paragraphs follows after a short debounce. A newer version of a document cancels the work
for an older one.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from lint import __version__
from lint.api import Linter
from lint.config import CONFIG_NAMES, Config, ConfigError, find_config, load_config
from lint.engines import EngineError
from lint.extract import format_for
from lint.lsp import actions
from lint.lsp.positions import PositionMap
from lint.model import Finding, Severity
from lint.engines.rules.rulefile import RuleFileError

log = logging.getLogger(__name__)

#: languageId (as editors send it) -> typolint markup; other ids fall back to the extension.
LANGUAGE_IDS = {
    "markdown": "markdown", "mdx": "markdown", "restructuredtext": "rst", "rst": "rst",
    "html": "html", "plaintext": "plain", "text": "plain",
}  # fmt: skip
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
ADD_WORD = "typolint.addToVocabulary"
LT_RULE_URL = "https://community.languagetool.org/rule/show/{rule}?lang={language}"
_SPELLING_LT = ("lt.MORFOLOGIK_RULE_", "lt.HUNSPELL_RULE", "lt.SPELLING_RULE")


@dataclass(frozen=True, slots=True)
class Options:
    """Server settings from the command line, overridden by ``initializationOptions``."""

    languagetool: bool = True
    languagetool_url: str | None = None
    #: Seconds of quiet typing before LanguageTool is asked about the changed paragraphs.
    debounce: float = 0.15

    def merged(self, init: Any) -> Options:
        """These options updated from the client's ``initializationOptions`` (a JSON object)."""
        if not isinstance(init, dict):
            return self
        lt = init.get("languagetool", self.languagetool)
        url = init.get("languagetoolUrl", self.languagetool_url)
        debounce = init.get("debounce", self.debounce)
        return Options(
            lt is not False,
            url if isinstance(url, str) and url else self.languagetool_url,
            float(debounce) if isinstance(debounce, (int, float)) and debounce >= 0 else self.debounce,
        )


@dataclass(slots=True)
class Published:
    """The findings last published for one document version, for code actions and hover."""

    version: int | None
    findings: list[Finding]
    positions: PositionMap
    markup: str
    linter: Linter | None


@dataclass(slots=True)
class Project:
    """A configuration and the Linter built from it; ``config_path`` None means the defaults."""

    config_path: Path | None
    linter: Linter
    error: str | None = None


class TypolintServer(LanguageServer):
    """pygls server with typolint's per-workspace linters and per-document state."""

    def __init__(self, options: Options) -> None:
        super().__init__("typolint", __version__)
        self.options = options
        self.projects: dict[Path, Project] = {}
        self.published: dict[str, Published] = {}
        self.tasks: dict[str, asyncio.Task] = {}
        self.lt_down = False
        self.shown: set[str] = set()
        # Separate pools, so the YAML pass of a new version never waits behind a LanguageTool request.
        self.rules_pool = ThreadPoolExecutor(1, "typolint-rules")
        self.lt_pool = ThreadPoolExecutor(2, "typolint-lt")

    # --- configuration ----------------------------------------------------------------

    def folder_of(self, path: Path) -> Path:
        """The workspace folder holding ``path`` (the innermost one), else the file's own folder."""
        folders = [Path(to_fs_path(f.uri) or "") for f in self.workspace.folders.values()]
        if self.workspace.root_path:
            folders.append(Path(self.workspace.root_path))
        inside = [f for f in folders if f != Path("") and path.is_relative_to(f)]
        return max(inside, key=lambda f: len(f.parts)) if inside else path.parent

    def project_for(self, path: Path) -> Project:
        """The Project (config + Linter) of the workspace folder holding ``path``, built once."""
        folder = self.folder_of(path)
        if folder not in self.projects:
            self.projects[folder] = self._load_project(folder)
        project = self.projects[folder]
        if project.error and project.error not in self.shown:
            self.shown.add(project.error)
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"typolint: {project.error}"))
        return project

    def _load_project(self, folder: Path) -> Project:
        """Read the folder's configuration; a broken one falls back to the defaults, with a message."""
        config_path = find_config(folder)
        error = None
        try:
            config = load_config(config_path)
        except ConfigError as exc:
            config, error = Config(root=folder), str(exc)
        lt = dataclasses.replace(config.languagetool, url=self.options.languagetool_url or config.languagetool.url)
        config = dataclasses.replace(config, languagetool=lt, root=config.root if config_path else folder)
        try:
            linter = Linter(config, languagetool=self.options.languagetool)
        except RuleFileError as exc:
            error = str(exc)
            linter = Linter(dataclasses.replace(config, rule_dirs=()), languagetool=self.options.languagetool)
        return Project(config_path, linter, error)

    def watches(self, path: Path) -> bool:
        """True when a change to ``path`` may change a configuration (config or vocabulary file)."""
        if path.name in (*CONFIG_NAMES, "pyproject.toml"):
            return True
        return any(path in p.linter.config.vocabulary_files for p in self.projects.values())

    def reload(self) -> None:
        """Forget every configuration and re-check every open document."""
        self.projects.clear()
        self.lt_down = False
        for uri in list(self.workspace.text_documents):
            self.schedule(uri)

    # --- diagnostics ------------------------------------------------------------------

    def schedule(self, uri: str) -> None:
        """Start checking the current version of ``uri``, cancelling work on older versions."""
        old = self.tasks.pop(uri, None)
        if old is not None:
            old.cancel()
        task = asyncio.get_running_loop().create_task(self.check(uri))
        task.add_done_callback(self._report_crash)
        self.tasks[uri] = task

    def _report_crash(self, task: asyncio.Task) -> None:
        """A check that crashed is a bug: log it to the client rather than losing it."""
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            log.error("check failed", exc_info=exc)
            self.window_log_message(types.LogMessageParams(types.MessageType.Error, f"typolint: internal error: {exc!r}"))

    def current(self, uri: str, version: int | None) -> bool:
        """True while ``version`` is still the document's version (and the document is open)."""
        doc = self.workspace.text_documents.get(uri)
        return doc is not None and doc.version == version

    async def check(self, uri: str) -> None:
        """YAML rules (+ cached LanguageTool paragraphs) at once, then LanguageTool after the debounce."""
        doc = self.workspace.get_text_document(uri)
        version, text, path = doc.version, doc.source, Path(doc.path)
        project = self.project_for(path)
        linter = project.linter
        markup = LANGUAGE_IDS.get(doc.language_id or "", None) or format_for(str(path), dict(linter.config.formats))
        if linter.excluded(str(path)):
            self.publish(uri, Published(version, [], PositionMap(text, self.encoding), markup, None))
            return
        loop = asyncio.get_running_loop()
        use_lt = linter.languagetool and not self.lt_down
        item, hits, cached = await loop.run_in_executor(self.rules_pool, self._first_pass, linter, text, markup, str(path), use_lt)
        if not self.current(uri, version):
            return
        positions = PositionMap(text, self.encoding)
        self.publish(uri, Published(version, linter.findings(item, hits + cached), positions, markup, linter))
        if not use_lt:
            return
        await asyncio.sleep(self.options.debounce)
        if not self.current(uri, version):
            return
        try:
            lt_hits = await loop.run_in_executor(self.lt_pool, linter.languagetool_hits, item)
        except EngineError as exc:
            self.languagetool_failed(str(exc))
            return
        if self.current(uri, version):
            self.publish(uri, Published(version, linter.findings(item, hits + lt_hits), positions, markup, linter))

    @staticmethod
    def _first_pass(linter: Linter, text: str, markup: str, path: str, use_lt: bool):
        """Extract and run the YAML rules; add LanguageTool hits of cached paragraphs (no request)."""
        item = linter.prepare(text, markup=markup, path=path)
        cached = []
        if use_lt:
            try:
                cached = linter.languagetool_hits(item, cached_only=True)
            except EngineError:
                cached = []
        return item, list(item.hits), cached

    def languagetool_failed(self, reason: str) -> None:
        """Go on with the YAML rules only; tell the user once per session (and config reload)."""
        if self.lt_down:
            return
        self.lt_down = True
        message = f"typolint: LanguageTool is unavailable, checking with the YAML rules only: {reason}"
        self.window_show_message(types.ShowMessageParams(types.MessageType.Warning, message))

    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding or "utf-16"
        return str(getattr(encoding, "value", encoding))

    def publish(self, uri: str, state: Published) -> None:
        """Send ``state``'s findings as diagnostics and remember them for code actions and hover."""
        self.published[uri] = state
        diagnostics = [self.diagnostic(f, state) for f in state.findings]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=state.version))

    def diagnostic(self, f: Finding, state: Published) -> types.Diagnostic:
        """One finding as an LSP diagnostic: code = rule id, source 'typolint', link to the rule."""
        return types.Diagnostic(
            range=_range(state.positions, f.location.start, f.location.end),
            message=f.message,
            severity=SEVERITIES[f.severity],
            code=f.rule,
            code_description=types.CodeDescription(self.rule_url(f.rule, state.linter)),
            source="typolint",
        )

    @staticmethod
    def rule_url(rule: str, linter: Linter | None) -> str:
        """Where a rule is explained: its YAML file (description and examples) or LanguageTool's page."""
        if rule.startswith("lt.") and linter is not None:
            return LT_RULE_URL.format(rule=rule[3:], language=linter.config.languagetool.language)
        for r in linter.rules if linter else ():
            if r.id == rule:
                return r.path.resolve().as_uri()
        return "https://languagetool.org/"


def _range(pm: PositionMap, start: int, end: int) -> types.Range:
    (l1, c1), (l2, c2) = pm.position(start), pm.position(end)
    return types.Range(types.Position(l1, c1), types.Position(l2, c2))


# --- code actions and hover -----------------------------------------------------------------


def code_actions(ls: TypolintServer, uri: str, state: Published, span: tuple[int, int]) -> list[types.CodeAction]:
    """Quick fixes, vocabulary and suppression actions for the findings overlapping ``span``."""
    found = [f for f in state.findings if f.location.start <= span[1] and span[0] <= f.location.end]
    out: list[types.CodeAction] = []
    for f in found:
        diag = ls.diagnostic(f, state)
        out.extend(_fixes(uri, f, diag, state))
        if state.linter and actions.is_word(f.match) and _spelling(f, state.linter):
            out.append(types.CodeAction(
                f"Add '{f.match}' to the project vocabulary", kind=types.CodeActionKind.QuickFix,
                diagnostics=[diag], command=types.Command(title=f"Add '{f.match}' to the vocabulary", command=ADD_WORD, arguments=[uri, f.match]),
            ))  # fmt: skip
        out.extend(_suppressions(uri, f, diag, state))
    return out


def _spelling(f: Finding, linter: Linter) -> bool:
    """Spelling-like findings, where adding the word to the vocabulary silences them."""
    if f.rule.startswith("lt."):
        return f.rule.startswith(_SPELLING_LT)
    return True  # YAML rules skip vocabulary words (lint.engines.rules.kinds.Context.accepted)


def _edit(uri: str, state: Published, start: int, end: int, text: str) -> types.WorkspaceEdit:
    edit = types.TextEdit(_range(state.positions, start, end), text)
    doc = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=state.version)
    return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(doc, [edit])])


def _fixes(uri: str, f: Finding, diag: types.Diagnostic, state: Published) -> list[types.CodeAction]:
    """One quick fix per suggestion; the first is preferred when the rule marks it safe."""
    if not f.fixable:
        return []
    return [
        types.CodeAction(
            f"Replace with '{s}'" if s else "Remove", kind=types.CodeActionKind.QuickFix, diagnostics=[diag],
            is_preferred=i == 0 and f.safe_fix, edit=_edit(uri, state, f.location.start, f.location.end, s),
        )  # fmt: skip
        for i, s in enumerate(f.suggestions)
    ]


def _suppressions(uri: str, f: Finding, diag: types.Diagnostic, state: Published) -> list[types.CodeAction]:
    """'Ignore this rule on this line' (when the format allows) and 'in this file'."""
    out = []
    line = state.positions.position(f.location.start)[0]
    at_line = actions.line_suppression(state.positions, state.markup, line, f.rule)
    if at_line is not None:
        edit = _edit(uri, state, at_line[0], at_line[0], at_line[1])
        out.append(types.CodeAction(f"Ignore {f.rule} on this line", kind=types.CodeActionKind.QuickFix,
                                    diagnostics=[diag], edit=edit))  # fmt: skip
    at, text = actions.file_suppression(state.positions.text, state.markup, f.rule)
    out.append(types.CodeAction(f"Ignore {f.rule} in this file", kind=types.CodeActionKind.QuickFix,
                                diagnostics=[diag], edit=_edit(uri, state, at, at, text)))  # fmt: skip
    return out


def hover_text(f: Finding, linter: Linter | None) -> str:
    """Markdown for a hover: the rule id, its description and its examples (YAML rules)."""
    rule = next((r for r in linter.rules if r.id == f.rule), None) if linter else None
    if rule is None:
        return f"**{f.rule}** ({f.severity.label})\n\n{f.message}"
    parts = [f"**{rule.id}** ({rule.severity.label})", rule.description or f.message]
    examples = [e for e in rule.examples if e.expect][:2] + [e for e in rule.examples if not e.expect][:1]
    if examples:
        parts.append("Examples:\n" + "\n".join(
            f"- `{e.text.strip()}` → " + (", ".join(f"'{x.match}'" for x in e.expect) or "no finding") for e in examples
        ))  # fmt: skip
    return "\n\n".join(parts)


# --- wiring ---------------------------------------------------------------------------------


def build(options: Options) -> TypolintServer:
    """The server with its handlers registered."""
    ls = TypolintServer(options)

    @ls.feature(types.INITIALIZE)
    def initialize(ls: TypolintServer, params: types.InitializeParams) -> None:
        ls.options = ls.options.merged(params.initialization_options)

    @ls.feature(types.INITIALIZED)
    async def initialized(ls: TypolintServer, params: types.InitializedParams) -> None:
        caps = ls.client_capabilities.workspace
        watch = caps and caps.did_change_watched_files and caps.did_change_watched_files.dynamic_registration
        if watch:
            globs = ["**/.typolint.yaml", "**/.typolint.yml", "**/pyproject.toml", "**/*.txt"]
            opts = types.DidChangeWatchedFilesRegistrationOptions([types.FileSystemWatcher(g) for g in globs])
            reg = types.Registration(id="typolint-config", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=opts)
            await ls.client_register_capability_async(types.RegistrationParams([reg]))

    @ls.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: TypolintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: TypolintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: TypolintServer, params: types.DidSaveTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri)
        if path and ls.watches(Path(path)):
            ls.reload()
        else:
            ls.schedule(params.text_document.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: TypolintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.tasks.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.published.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    @ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: TypolintServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(ls.watches(Path(to_fs_path(c.uri) or "")) for c in params.changes):
            ls.reload()

    @ls.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_folders(ls: TypolintServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        ls.reload()

    @ls.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))  # fmt: skip
    def code_action(ls: TypolintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        state = ls.published.get(uri)
        if state is None or not ls.current(uri, state.version):
            return []
        pm, r = state.positions, params.range
        span = (pm.offset(r.start.line, r.start.character), pm.offset(r.end.line, r.end.character))
        return code_actions(ls, uri, state, span)

    @ls.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: TypolintServer, params: types.HoverParams) -> types.Hover | None:
        state = ls.published.get(params.text_document.uri)
        if state is None:
            return None
        offset = state.positions.offset(params.position.line, params.position.character)
        found = [f for f in state.findings if f.location.start <= offset <= f.location.end]
        if not found:
            return None
        text = "\n\n---\n\n".join(hover_text(f, state.linter) for f in found)
        r = _range(state.positions, found[0].location.start, found[0].location.end)
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text), r)

    @ls.command(ADD_WORD)
    def add_word(ls: TypolintServer, uri: str, word: str) -> None:
        path = Path(to_fs_path(uri) or "")
        project = ls.project_for(path)
        try:
            target = actions.vocabulary_file(ls.folder_of(path), project.config_path,
                                             project.linter.config.vocabulary_files)
            if target is None:
                message = "typolint: add `vocabulary: [.typolint-words.txt]` to the configuration first"
                ls.window_show_message(types.ShowMessageParams(types.MessageType.Warning, message))
                return
            actions.add_to_vocabulary(target, word)
        except OSError as exc:
            message = f"typolint: cannot add {word!r} to the vocabulary: {exc.strerror or exc}"
            ls.window_show_message(types.ShowMessageParams(types.MessageType.Error, message))
            return
        ls.reload()

    return ls


def serve(options: Options) -> None:
    """Serve over stdin/stdout until the client exits."""
    build(options).start_io()


__all__ = ["Options", "TypolintServer", "build", "serve", "from_fs_path"]
