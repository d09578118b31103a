"""LanguageTool findings a person can act on (issue 10): messages that name the word, the rule
catalogue behind ``typolint rules``, and ``typolint languagetool uninstall``."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from lint.config import LanguageToolConfig
from lint.engines.languagetool import catalogue
from lint.engines.languagetool.engine import LanguageToolEngine, describe
from lint.source import plain_source
from lt_fixtures import lt_root, private_root, real_lt_home  # noqa: F401  (fixtures)
from support import run_cli


@pytest.mark.parametrize(
    ("flagged", "message", "suggestions", "expected"),
    [
        ("recieve", "Possible spelling mistake found.", ["receive", "relieve"], "'recieve': possible spelling mistake; did you mean 'receive'?"),
        ("the the", "Possible typo: you repeated a word", ["the"], "'the the': possible typo: you repeated a word; did you mean 'the'?"),
        ("to your", "It appears that there's a verb missing after \"to\". Did you mean “to have your”?", ["to have your"],
         "'to your': it appears that there's a verb missing after \"to\". Did you mean “to have your”?"),
        ("EU", "EU is an abbreviation.", [], "'EU': EU is an abbreviation"),
        ("a\nb" + "x" * 60, "Odd.", [], "'a b" + "x" * 36 + "…': odd"),
    ],
)
def test_messages_name_the_flagged_text(flagged: str, message: str, suggestions: list[str], expected: str) -> None:
    assert describe(flagged, message, suggestions) == expected


@pytest.mark.usefixtures("lt_root")
def test_real_server_messages_name_the_word() -> None:
    src = plain_source("Please recieve the parcel.")
    (hits,) = LanguageToolEngine(LanguageToolConfig(cache=False)).hits([src])
    assert [h.message for h in hits] == ["'recieve': possible spelling mistake; did you mean 'receive'?"]


@pytest.mark.usefixtures("lt_root")
def test_a_hit_over_masked_code_names_the_files_text_and_offers_no_stand_in() -> None:
    from lint.extract import extract

    original = "WSGI dicts passed to ``repoze.bfg`` 's Router must now contain a key.\n"
    src, note = extract(original, "rst")
    assert note is None
    (hits,) = LanguageToolEngine(LanguageToolConfig(cache=False)).hits([src])
    (hit,) = [h for h in hits if h.rule == "lt.APOS_SPACE_CONTRACTION"]
    start, end = src.to_original(hit.start, hit.end)
    assert hit.message.startswith(f"'{' '.join(original[start:end].split())}': ") and "CODE" not in hit.message
    assert not hit.suggestions and "repoze" not in src.text  # the code was masked; nothing stands in for it


# --- The catalogue -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue_root(real_lt_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache root of its own in which the catalogue is parsed from the real jars."""
    return tmp_path_factory.mktemp("catalogue")


@pytest.fixture
def rules(catalogue_root: Path, real_lt_home: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, catalogue.LtRule]:
    """The catalogue (parsed once per module, then read from its JSON copy); the environment
    points at its cache root only during the test."""
    monkeypatch.setenv("TYPOLINT_CACHE_DIR", str(catalogue_root))
    monkeypatch.setenv("TYPOLINT_LT_HOME", str(real_lt_home))
    return catalogue.catalogue()


def test_catalogue_reads_rules_with_categories_and_examples(rules: dict[str, catalogue.LtRule]) -> None:
    happy = rules["HAPPY_TO_YOUR"]
    assert happy.category == "Grammar" and happy.default_on and happy.description
    assert any("«to your»" in e.text and e.correction for e in happy.examples)
    assert rules["MORFOLOGIK_RULE_EN_US"].category == "Possible Typo"  # a Java rule
    assert len(rules) > 2000 and not [r for r in rules.values() if not r.id]
    off = [r for r in rules.values() if not r.default_on]
    assert off  # LanguageTool has rules that are off by default; they are not listed as on
    on = {r.id for r in catalogue.rules_on(LanguageToolConfig(), rules)}
    assert "HAPPY_TO_YOUR" in on and "AFTERWARDS_US" not in on and not on & {r.id for r in off}
    assert off[0].id in {r.id for r in catalogue.rules_on(LanguageToolConfig(enabled_rules=(off[0].id,)), rules)}


def test_catalogue_examples_are_what_the_real_server_flags(rules: dict[str, catalogue.LtRule], lt_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The «marked» part of an example is where LanguageTool itself reports its rule."""
    monkeypatch.setenv("TYPOLINT_CACHE_DIR", str(lt_root))  # the session's server
    engine = LanguageToolEngine(LanguageToolConfig(cache=False, disabled_rules=()), lexicon=None, filter_names=False)
    for rule_id in ("HAPPY_TO_YOUR", "THERE_THEIR", "YOUR_YOU_RE"):
        example = next(e for e in rules[rule_id].examples if "«" in e.text)
        text = example.text.replace("«", "").replace("»", "")
        marked = example.text.split("«")[1].split("»")[0]
        (hits,) = engine.hits([plain_source(text)])
        assert (f"lt.{rule_id}", marked) in {(h.rule, text[h.start : h.end]) for h in hits}


def test_catalogue_cache_is_private_and_rebuilt_when_damaged(rules: dict[str, catalogue.LtRule]) -> None:
    path = catalogue.catalogue_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text('{"stamp": "x", "rules": [{"id": 1}]}', encoding="utf-8")
    assert catalogue.catalogue()["HAPPY_TO_YOUR"] == rules["HAPPY_TO_YOUR"]
    assert json.loads(path.read_text(encoding="utf-8"))["stamp"] != "x"


def test_cli_rules_lists_and_explains_languagetool_rules(real_lt_home: Path, tmp_path: Path) -> None:
    env = {"TYPOLINT_CACHE_DIR": str(tmp_path), "TYPOLINT_LT_HOME": str(real_lt_home)}
    listing = run_cli("rules", cwd=tmp_path, env=env)
    assert listing.returncode == 0, listing.stderr
    lines = {line.split()[0]: line for line in listing.stdout.splitlines()}
    assert "Grammar" in lines["lt.HAPPY_TO_YOUR"] and "typos.doubled-word" in lines and "lt.AFTERWARDS_US" not in lines
    one = run_cli("rules", "lt.HAPPY_TO_YOUR", cwd=tmp_path, env=env)
    assert one.returncode == 0 and "happy to (be/have/see) your" in one.stdout and "«to your»" in one.stdout
    missing = run_cli("rules", "lt.NO_SUCH_RULE", cwd=tmp_path, env=env)
    assert missing.returncode == 2 and missing.stderr.startswith("error: no rule 'lt.NO_SUCH_RULE'")
    absent = run_cli("rules", "lt.HAPPY_TO_YOUR", cwd=tmp_path, env={**env, "TYPOLINT_LT_HOME": str(tmp_path / "none")})
    assert absent.returncode == 3 and "typolint languagetool install" in absent.stderr and "Traceback" not in absent.stderr


# --- Uninstall -----------------------------------------------------------------------------


def test_uninstall_removes_jars_maven_downloads_results_and_state(tmp_path: Path) -> None:
    cache, home = tmp_path / "cache", tmp_path / "cache" / "languagetool-6.8"
    (home / "lib").mkdir(parents=True)
    (home / "lib" / "language-en-6.8.jar").write_bytes(b"x" * 2_000_000)
    (home / "installed.json").write_text(json.dumps({"version": "6.8", "source": "maven", "classpath": f"{home}/lib/*"}))
    (cache / "maven-repository" / "org").mkdir(parents=True)
    (cache / "maven-repository" / "org" / "a.jar").write_bytes(b"y" * 1000)
    (cache / "languagetool-results.sqlite3").write_bytes(b"z")
    (cache / "languagetool-server").mkdir()
    (cache / "languagetool-server" / "state.json").write_text('{"pid": 4194302, "jvm_pid": 4194303, "port": 9, "version": "6.8", "log": "x"}')
    (cache / "languagetool-6.8-rules.json").write_text("{}")
    (cache / "lexicon-keep.json").write_text("not LanguageTool's")
    env = {"TYPOLINT_CACHE_DIR": str(cache), "TYPOLINT_LT_HOME": str(home)}
    proc = run_cli("languagetool", "uninstall", cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "LanguageTool uninstalled (2 MB freed)" in proc.stdout
    assert sorted(p.name for p in cache.iterdir()) == ["lexicon-keep.json"]
    again = run_cli("languagetool", "uninstall", cwd=tmp_path, env=env)
    assert again.returncode == 0 and again.stdout.strip() == "nothing to remove"


def test_clear_cache_removes_a_folder_in_its_place(tmp_path: Path) -> None:
    (tmp_path / "languagetool-results.sqlite3" / "inner").mkdir(parents=True)
    proc = run_cli("languagetool", "clear-cache", cwd=tmp_path, env={"TYPOLINT_CACHE_DIR": str(tmp_path)})
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert not (tmp_path / "languagetool-results.sqlite3").exists()
