"""LanguageTool against the real server: positions, names, cache, failures, shared server, CLI."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lint.config import LanguageToolConfig
from lint.engines import EngineError
from lint.engines.languagetool import server
from lint.cli import main as cli_main
from lint.engines.languagetool.engine import DEFAULT_DISABLED_RULES, LanguageToolEngine
from lint.engines.languagetool.install import maven_repository
from lint.source import TextSource, plain_source
from lint.words import Vocabulary
from lt_fixtures import lt_root, private_root, real_lt_home  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SEED_NAMES = (
    "Aghdam", "Sengendo", "Bamakhrama", "Bayramov", "Jeyhun", "Alghfeli", "Kalbajar", "Kawesa",
    "Metin", "Eker", "Samim", "Rizwan", "Lachin", "Shusha", "Tovuz", "Jeila", "Aliyeva", "Vafa",
    "Ismayilova", "Omair", "Abdulla", "Al-Othaimeen", "Dya-Eddine", "Jah",
)
#: LanguageTool findings on seeds/ with the default settings: (file, line, column, rule, original text).
SEED_FINDINGS = [
    ("000_a2cbbdacb43e1ffb.txt", 13, 55, "lt.EN_UNPAIRED_QUOTES", "”"),
    ("000_a2cbbdacb43e1ffb.txt", 35, 107, "lt.MORFOLOGIK_RULE_EN_US", "th"),
    ("000_a2cbbdacb43e1ffb.txt", 57, 204, "lt.HAPPY_TO_YOUR", "to the"),
    ("000_a2cbbdacb43e1ffb.txt", 61, 156, "lt.MORFOLOGIK_RULE_EN_US", "iberated"),
    ("001_6d2201c64f15c868.txt", 17, 156, "lt.MORFOLOGIK_RULE_EN_US", "iberated"),
    ("002_198df6ab8132d280.txt", 12, 1, "lt.NON_ENGLISH_CHARACTER_IN_A_WORD", "Рe"),
    ("004_be657e30248251b4.txt", 5, 1, "lt.WRONG_APOSTROPHE", "Azerbaijan`s"),
]

pytestmark = pytest.mark.usefixtures("lt_root")


def seed_sources() -> list[TextSource]:
    return [plain_source(p.read_text(encoding="utf-8")) for p in SEEDS]


def engine(**config: Any) -> LanguageToolEngine:
    return LanguageToolEngine(LanguageToolConfig(**{"cache": False, **config}))


def located(sources: list[TextSource], hits: list[list[Any]]) -> list[tuple[str, int, int, str, str]]:
    """(file, line, column, rule, original text) of every hit."""
    rows = []
    for path, src, file_hits in zip(SEEDS, sources, hits):
        for hit in file_hits:
            loc = src.locate(hit)
            rows.append((path.name, loc.line, loc.column, hit.rule, src.original[loc.start : loc.end]))
    return rows


def test_seed_findings_at_exact_positions() -> None:
    sources = seed_sources()
    rows = located(sources, engine().hits(sources))
    for expected in SEED_FINDINGS:
        assert expected in rows
    spelling = {row[4]: row for row in rows if row[3] == "lt.MORFOLOGIK_RULE_EN_US"}
    assert set(spelling) == {"th", "iberated"}


def test_suggestions_and_severity_on_seeds() -> None:
    sources = seed_sources()
    hits = {(h.rule, sources[i].text[h.start : h.end]): h for i, fh in enumerate(engine().hits(sources)) for h in fh}
    iberated = hits[("lt.MORFOLOGIK_RULE_EN_US", "iberated")]
    assert iberated.suggestions[0] == "liberated" and iberated.severity.label == "error"
    assert hits[("lt.HAPPY_TO_YOUR", "to the")].severity.label == "warning"
    assert all(len(h.suggestions) <= 3 and h.source == "languagetool" for h in hits.values())


def test_no_spelling_finding_on_seed_names() -> None:
    sources = seed_sources()
    for src, file_hits in zip(sources, engine().hits(sources)):
        flagged = [src.text[h.start : h.end] for h in file_hits if h.rule.startswith("lt.MORFOLOGIK")]
        assert not [w for w in flagged if any(name in w for name in SEED_NAMES)]


def test_names_are_reported_without_the_filter() -> None:
    src = plain_source("Sengendo visited Aghdam and Kalbajar.")
    hits = LanguageToolEngine(LanguageToolConfig(cache=False), filter_names=False).hits([src])[0]
    assert [src.text[h.start : h.end] for h in hits] == ["Sengendo", "Aghdam", "Kalbajar"]


def test_capitalised_typo_is_still_reported() -> None:
    src = plain_source("Yesterday I saw Teh cat near Aghdam.\n\nAdn then it rained.")
    hits = engine().hits([src])[0]
    assert [src.text[h.start : h.end] for h in hits] == ["Teh", "Adn"]


CAPITALISED_TYPOS = (
    "Recieve the parcel today. Thier house is big. Becuase it rained we stayed. Goverment policy "
    "changed. Seperate the eggs. Definately not. Teh cat sat. Adn then it rained. Whcih one is it? "
    "Beleive me. Wich way? Alot of people came. Untill then we wait. Occured twice. AppData and MiB."
)


def test_capitalised_typos_are_found_among_names() -> None:
    src = plain_source(CAPITALISED_TYPOS)
    found = [src.text[h.start : h.end] for h in engine().hits([src])[0] if h.rule.startswith("lt.MORFOLOGIK")]
    assert found == [
        "Recieve", "Thier", "Becuase", "Goverment", "Seperate", "Definately", "Teh", "Adn",
        "Whcih", "Beleive", "Wich", "Alot", "Untill", "Occured",
    ]


def with_rule(rule: str) -> LanguageToolEngine:
    """An engine with ``rule`` back on (it is among the rules off by default)."""
    assert rule in DEFAULT_DISABLED_RULES
    return engine(disabled_rules=tuple(r for r in DEFAULT_DISABLED_RULES if r != rule))


def test_metadata_lines_skip_sentence_rules_but_keep_spelling() -> None:
    sources = seed_sources()
    sentence_starts = with_rule("UPPERCASE_SENTENCE_START")
    assert not [r for r in located(sources, sentence_starts.hits(sources)) if r[3] == "lt.UPPERCASE_SENTENCE_START"]
    src = plain_source(" date 2021-04-08 By Vafa Ismayilova\n\nsection: harbour expanson\n\nthe report was late.\n")
    found = {(src.locate(h).line, h.rule, src.text[h.start : h.end]) for h in sentence_starts.hits([src])[0]}
    assert (3, "lt.MORFOLOGIK_RULE_EN_US", "expanson") in found
    assert (5, "lt.UPPERCASE_SENTENCE_START", "the") in found
    assert not [f for f in found if f[0] in (1, 3) and f[1] == "lt.UPPERCASE_SENTENCE_START"]


def test_title_case_and_acronym_typos_are_not_taken_for_names() -> None:
    src = plain_source("The Departmnet of Energy met the UN Secretraiat. Mehmet Metin Eker spoke.")
    found = [src.text[h.start : h.end] for h in engine().hits([src])[0] if h.rule.startswith("lt.MORFOLOGIK")]
    assert found == ["Departmnet", "Secretraiat"]


def test_vocabulary_suppresses_spelling_on_the_real_server() -> None:
    src = plain_source("We store configs as toml and lint them with yamllint.")
    assert [src.text[h.start : h.end] for h in engine().hits([src])[0]] == ["toml", "yamllint"]
    quiet = LanguageToolEngine(LanguageToolConfig(cache=False), Vocabulary({"toml", "yamllint"}))
    assert quiet.hits([src]) == [[]]


def test_lexicon_veto_on_abbreviations_words_and_file_names() -> None:
    src = plain_source("Bodies are compressed with zstd and their brightnesses kept in settings.toml files.")
    vetoed = LanguageToolEngine(LanguageToolConfig(cache=False))
    assert [src.text[h.start : h.end] for h in vetoed.hits([src])[0]] == []
    raw = LanguageToolEngine(LanguageToolConfig(cache=False), lexicon=None)
    flagged = {src.text[h.start : h.end] for h in raw.hits([src])[0]}
    assert {"zstd", "brightnesses"} <= flagged


def test_astral_characters_before_and_inside_spans() -> None:
    text = "I 😀 saw teh cat.\n\n😀😀 He went home,😀 and slept.\n\nThere are 𝒜lot of errors here."
    src = plain_source(text)
    hits = with_rule("COMMA_PARENTHESIS_WHITESPACE").hits([src])[0]
    found = [(h.rule, src.original[slice(*src.to_original(h.start, h.end))]) for h in hits]
    assert ("lt.MORFOLOGIK_RULE_EN_US", "teh") in found
    assert ("lt.COMMA_PARENTHESIS_WHITESPACE", ",😀") in found
    assert ("lt.MORFOLOGIK_RULE_EN_US", "𝒜lot") in found


def test_long_paragraph_is_split_and_positions_hold() -> None:
    sentence = "This sentence is perfectly fine. "
    text = sentence * 700 + "Here is a mispeled word."
    src = plain_source(text)
    hits = engine().hits([src])[0]
    assert [src.text[h.start : h.end] for h in hits] == ["mispeled"]


def test_disabled_rules_default_and_explicit() -> None:
    src = plain_source("She stood at the rail for a long time afterwards.")
    assert engine().hits([src]) == [[]]
    hits = engine(disabled_rules=()).hits([src])[0]
    assert [h.rule for h in hits] == ["lt.AFTERWARDS_US"]


def test_cache_hit_on_second_run(monkeypatch: pytest.MonkeyPatch) -> None:
    src = plain_source(f"Run {uuid.uuid4().hex[:6]} has a mispeled word.\n\nA second paragraph is here.")
    cached = LanguageToolEngine(LanguageToolConfig(cache=True))
    first = cached.hits([src])
    sent: list[str] = []
    monkeypatch.setattr(LanguageToolEngine, "request", lambda self, client, text: sent.append(text) or [])
    assert cached.hits([src]) == first
    assert sent == []


def test_only_changed_paragraphs_are_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    tag = uuid.uuid4().hex[:6]
    first = plain_source(f"Paragraph one {tag}.\n\nParagraph two {tag}.")
    LanguageToolEngine(LanguageToolConfig(cache=True)).hits([first])
    sent: list[str] = []
    original = LanguageToolEngine.request
    monkeypatch.setattr(LanguageToolEngine, "request", lambda self, client, text: sent.append(text) or original(self, client, text))
    LanguageToolEngine(LanguageToolConfig(cache=True)).hits([plain_source(f"Paragraph one {tag}.\n\nParagraph 2 {tag}.")])
    assert sent == [f"Paragraph 2 {tag}."]


def test_no_cache_sends_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    src = plain_source("A cached paragraph.")
    LanguageToolEngine(LanguageToolConfig(cache=True)).hits([src])
    sent: list[str] = []
    original = LanguageToolEngine.request
    monkeypatch.setattr(LanguageToolEngine, "request", lambda self, client, text: sent.append(text) or original(self, client, text))
    LanguageToolEngine(LanguageToolConfig(cache=False)).hits([src])
    assert sent == ["A cached paragraph."]


def test_server_killed_mid_run_raises_engine_error(private_root: Path) -> None:
    killed: list[int] = []

    class Killing(LanguageToolEngine):
        def request(self, client: Any, text: str) -> list[dict[str, Any]]:
            if not killed:
                killed.append(server.read_state().jvm_pid)  # type: ignore[union-attr]
                os.kill(killed[0], signal.SIGKILL)
                time.sleep(0.5)
            return super().request(client, text)

    src = plain_source("\n\n".join(f"Paragraph number {i} is here." for i in range(40)))
    hits, errors = Killing(LanguageToolConfig(cache=False), workers=2).check([src])
    assert hits == [[]] and len(errors) == 1 and isinstance(errors[0], EngineError)
    message = str(errors[0])
    assert "\n" not in message and str(server.log_path()) in message
    _wait_until(lambda: server.read_state() is None, "the supervisor to notice and clean up")
    assert not server.pid_alive(killed[0])


def test_unusable_url_is_an_engine_error() -> None:
    hits, errors = engine(url="http://127.0.0.1:9").check([plain_source("Some text.")])
    assert hits == [[]] and "127.0.0.1:9" in str(errors[0]) and "connection refused" in str(errors[0])


def test_not_installed_is_an_engine_error(private_root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TYPOLINT_LT_HOME", str(tmp_path / "nothing"))
    hits, errors = engine().check([plain_source("Some text.")])
    assert hits == [[]] and "typolint languagetool install" in str(errors[0])


_CLIENT = textwrap.dedent(
    """
    from lint.config import LanguageToolConfig
    from lint.engines.languagetool import server
    from lint.engines.languagetool.engine import LanguageToolEngine
    from lint.source import plain_source
    hits = LanguageToolEngine(LanguageToolConfig(cache=False)).hits([plain_source("A mispeled word.")])
    print(server.read_state().pid, [h.rule for h in hits[0]])
    """
)


def test_two_concurrent_runs_share_one_server(private_root: Path) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", _CLIENT], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=300)[0].split(" ", 1) for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outputs[0][0] == outputs[1][0] == str(server.read_state().pid)  # type: ignore[union-attr]
    assert all("MORFOLOGIK_RULE_EN_US" in out[1] for out in outputs)
    assert server.log_path().read_text(encoding="utf-8").count("org.languagetool.server.HTTPServer --config") == 1


def test_stale_state_is_detected_and_replaced(private_root: Path) -> None:
    server.state_dir().mkdir(parents=True, exist_ok=True)
    server.write_state(server.ServerState(pid=2**22 + 1, jvm_pid=2**22 + 2, port=9, version="6.8", log="x"))
    runner = CliRunner()
    assert runner.invoke(cli_main, ["server", "status"]).exit_code == 3
    state = server.ensure_server()
    assert state.pid != 2**22 + 1 and server.is_running(state)
    status = runner.invoke(cli_main, ["server", "status"])
    assert status.exit_code == 0 and "healthcheck: ok" in status.output
    assert runner.invoke(cli_main, ["server", "stop"]).exit_code == 0
    assert not server.pid_alive(state.jvm_pid) or _wait_until(lambda: not server.pid_alive(state.jvm_pid), "JVM exit")
    assert runner.invoke(cli_main, ["server", "status"]).exit_code == 3


def test_server_listens_on_loopback_only() -> None:
    state = server.ensure_server()
    cmdline = Path(f"/proc/{state.jvm_pid}/cmdline").read_bytes().split(b"\0")
    assert b"--public" not in cmdline and b"--allow-origin" not in cmdline
    listening = [line.split()[1] for line in Path("/proc/net/tcp").read_text().splitlines()[1:] if line.split()[3] == "0A"]
    ours = [addr for addr in listening if int(addr.split(":")[1], 16) == state.port]
    assert ours == ["0100007F:%04X" % state.port]
    assert not [line for line in Path("/proc/net/tcp6").read_text().splitlines()[1:] if f":{state.port:04X} " in line]


def test_killed_supervisor_takes_its_jvm_along(private_root: Path) -> None:
    state = server.ensure_server()
    os.kill(state.pid, signal.SIGKILL)
    _wait_until(lambda: not server.pid_alive(state.jvm_pid), "the JVM to die with its supervisor")
    assert not server.is_running(state)
    fresh = server.ensure_server()
    assert fresh.pid != state.pid and server.is_running(fresh)


def test_idle_server_stops_itself(private_root: Path) -> None:
    state = server.ensure_server(idle_timeout=3)
    _wait_until(lambda: not server.pid_alive(state.jvm_pid), "the idle server to stop", timeout=30)
    _wait_until(lambda: server.read_state() is None, "the supervisor to remove its state")
    assert not server.pid_alive(state.pid) or _wait_until(lambda: not server.pid_alive(state.pid), "supervisor exit")


def test_install_from_maven_into_an_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TYPOLINT_LT_HOME", str(tmp_path / "lt"))
    monkeypatch.setenv("TYPOLINT_CACHE_DIR", str(tmp_path / "cache"))
    _seed_maven_repository(maven_repository())
    home_repo = Path.home() / ".m2" / "repository"
    before = _tree_stamp(home_repo)
    result = CliRunner().invoke(cli_main, ["languagetool", "install"])
    assert result.exit_code == 0, result.output
    assert (maven_repository() / "org" / "languagetool" / "language-en" / "6.8").is_dir()
    assert _tree_stamp(home_repo) == before  # the user's ~/.m2 is left alone
    assert "languagetool-server-6.8.jar" in result.output and "language-en-6.8.jar" in result.output
    assert not list((tmp_path / "lt" / "lib").glob("language-all*"))
    again = CliRunner().invoke(cli_main, ["languagetool", "install"])
    assert again.exit_code == 0 and "already installed" in again.output


def _seed_maven_repository(target: Path) -> None:
    """Copy the artifacts of an earlier download into ``target`` (Maven then needs no network);
    with none to be found, Maven downloads them from Maven Central."""
    for seed in (_real_cache() / "maven-repository", Path.home() / ".m2" / "repository"):
        if (seed / "org" / "languagetool").is_dir():
            shutil.copytree(seed, target, dirs_exist_ok=True)
            return


def _real_cache() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("typolint"))


def _tree_stamp(folder: Path) -> tuple[int, float]:
    """(number of entries, newest mtime) under ``folder``, to tell whether anything was written."""
    if not folder.is_dir():
        return (0, 0.0)
    entries = list(folder.rglob("*"))
    return len(entries), max((e.lstat().st_mtime for e in entries), default=0.0)


def test_install_is_idempotent() -> None:
    result = CliRunner().invoke(cli_main, ["languagetool", "install"])
    assert result.exit_code == 0 and "already installed" in result.output


def _wait_until(condition: Any, what: str, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


# The CLI (lint/cli.py) is written by another engineer; these follow its JSON contract.


def test_cli_json_has_languagetool_findings(cli: Any) -> None:
    proc = cli("check", "--format", "json", "seeds/")
    doc = json.loads(proc.stdout)
    assert proc.returncode == 1, proc.stderr
    # Where a YAML rule reports an overlapping span, the runner's dedupe keeps that finding instead.
    lines = {(Path(f["path"]).name, f["line"]) for f in doc["findings"]}
    assert {row[:2] for row in SEED_FINDINGS} <= lines
    ours = [f for f in doc["findings"] if f["source"] == "languagetool"]
    assert ("000_a2cbbdacb43e1ffb.txt", 57, 204, "lt.HAPPY_TO_YOUR") in {(Path(f["path"]).name, f["line"], f["column"], f["rule"]) for f in ours}
    keys = {"path", "line", "column", "end_line", "end_column", "rule", "severity", "message", "suggestions", "source"}
    assert all(keys <= set(f) for f in ours)


def test_cli_without_languagetool(cli: Any) -> None:
    doc = json.loads(cli("check", "--format", "json", "--no-languagetool", "seeds/").stdout)
    assert not [f for f in doc["findings"] if f["source"] == "languagetool"]


def test_cli_exit_3_when_languagetool_fails(cli: Any) -> None:
    proc = cli("check", "--format", "json", "--languagetool-url", "http://127.0.0.1:9", "seeds/")
    assert proc.returncode == 3
    assert [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert "Traceback" not in proc.stderr


def test_cli_exit_3_when_not_installed(cli: Any, tmp_path: Path) -> None:
    env = {"TYPOLINT_CACHE_DIR": str(tmp_path), "TYPOLINT_LT_HOME": str(tmp_path / "none")}
    proc = cli("check", "seeds/", env=env)
    assert proc.returncode == 3 and "typolint languagetool install" in proc.stderr


def test_cli_has_languagetool_commands(cli: Any) -> None:
    assert cli("languagetool", "install").returncode == 0
    assert cli("server", "status").returncode in (0, 3)
