"""What keeps a one-file run short: the parsed rule files and the lexicon's word table, both
cached in the user cache. A cache only skips work; what comes out is the same as without it."""

from __future__ import annotations

import bisect
import random
import sys
from pathlib import Path

import pytest

from lint import cachefile
from lint.engines.rules import rulefile
from lint.engines.rules.rulefile import ParsedRules, RuleFileError, builtin_rules_dir, load_rules
from lint.lexicon import COMMON_ZIPF, Lexicon

RULE = """kind: existence
message: "Avoid '{match}'."
tokens: [utilize]
examples:
  - text: "We utilize it."
    expect: [{line: 1, column: 4, match: "utilize"}]
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TYPOLINT_CACHE_DIR", str(folder))
    return folder


def _summary(rules: list) -> list[tuple]:
    return [(r.id, r.kind, r.severity, r.message, r.formats, r.examples, r.supersedes, dict(r.checker.options))
            for r in rules]


def test_rules_loaded_from_the_cache_equal_the_parsed_ones(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_rules([builtin_rules_dir()])
    assert (cache / f"rules-{ParsedRules.FORMAT}.bin").is_file()

    def no_parsing(path: Path, text: str) -> None:
        raise AssertionError(f"{path} parsed again")

    monkeypatch.setattr(rulefile, "_parse", no_parsing)
    assert _summary(load_rules([builtin_rules_dir()])) == _summary(first)


def test_a_changed_rule_file_is_parsed_again(cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "plain.yaml").write_text(RULE, encoding="utf-8")
    assert load_rules([folder])[0].checker.options["tokens"] == ["utilize"]
    (folder / "plain.yaml").write_text(RULE.replace("[utilize]", "[utilise]"), encoding="utf-8")
    assert load_rules([folder])[0].checker.options["tokens"] == ["utilise"]


def test_a_rule_file_with_an_error_is_reported_every_time(cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "bad.yaml").write_text(RULE + "tokens: [again]\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleFileError, match="tokens: duplicate key"):
            load_rules([folder])


def test_cached_documents_are_validated_like_parsed_ones(cache: Path, tmp_path: Path) -> None:
    """A cache entry is data to check, not a verdict: an entry that says something a rule file
    may not say is refused with the rule file's own error."""
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "plain.yaml").write_text(RULE, encoding="utf-8")
    load_rules([folder])
    path = cache / f"rules-{ParsedRules.FORMAT}.bin"
    documents = cachefile.read(path, ParsedRules.MAGIC)
    for key, (data, lines) in documents.items():
        documents[key] = ({**data, "kind": "nonsense"}, lines)
    cachefile.write(path, cachefile.encode(ParsedRules.MAGIC, documents))
    with pytest.raises(RuleFileError, match="kind: must be one of"):
        load_rules([folder])


def test_a_damaged_rule_cache_is_rebuilt(cache: Path) -> None:
    first = load_rules([builtin_rules_dir()])
    path = cache / f"rules-{ParsedRules.FORMAT}.bin"
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])
    assert _summary(load_rules([builtin_rules_dir()])) == _summary(first)
    assert path.read_bytes() == good


def _reference(zipf: dict[str, float], curated: set[str]):
    """What the lexicon answered when it was Python sets and sorted lists."""
    known = curated | {w for w, z in zipf.items() if z >= COMMON_ZIPF}
    ordered = sorted(curated)

    def completions(prefix: str, max_extra: int) -> list[str]:
        found = []
        for word in ordered[bisect.bisect_right(ordered, prefix):]:
            if not word.startswith(prefix):
                break
            if len(word) - len(prefix) <= max_extra:
                found.append(word)
        return found

    return known, completions


def test_the_word_table_answers_what_sets_and_sorted_lists_answer() -> None:
    rng = random.Random(4)
    for size in (0, 1, 2, 7, 300, 2000):
        pool = {"".join(rng.choice("abcdeéß") for _ in range(rng.randrange(1, 7))) for _ in range(size * 3)}
        words = sorted(pool)
        zipf = {w: round(rng.uniform(0, 7), 2) for w in words[: size * 2]}
        curated = {w for w in words if rng.random() < 0.4}
        lexicon = Lexicon.from_tables(zipf, frozenset(curated))
        known, completions = _reference(zipf, curated)
        assert lexicon._words == sorted(zipf) and lexicon.longest == max(map(len, curated), default=0)
        for probe in [*words, "", "a", "zzz", "é", "ÉCOLE", "Abc", *(w + "a" for w in words[::3])]:
            low = probe.lower()
            assert lexicon.zipf(probe) == zipf.get(low, 0.0), probe
            assert (lexicon.is_curated(probe), lexicon.is_word(probe)) == (low in curated, low in known), probe
            assert (probe in lexicon.known) == (probe in known)
            assert lexicon.completions(probe, 2) == completions(probe, 2), probe
        lowercase = [w for w in [*words, "zzz", "é"] if w == w.lower()]
        assert lexicon.curated_zipfs(lowercase) == [(lexicon.zipf(w), w) for w in lowercase if lexicon.is_curated(w)]
        probes = set(words[::2]) | {"zzz", "q"}
        assert probes - lexicon.known == probes - known and type(probes - lexicon.known) is set
        assert type(frozenset(probes) - lexicon.known) is frozenset and frozenset(probes) - lexicon.known == probes - known
        assert 3 not in lexicon.known and {3, "zzz"} - lexicon.known == {3, "zzz"} - known


def test_the_word_table_refuses_bytes_that_are_not_a_whole_sound_table() -> None:
    from lint import lexicon
    from lint._core import WordTable

    good = lexicon._encode({"alpha": 3.5, "beta": 1.25, "gamma": 0.0}, frozenset({"beta", "delta"}))
    assert WordTable.from_bytes(good) is not None
    damaged = [good[:-1], good[: len(good) // 2], b"", b"\x00" * 200, good + b"\x00", good.replace(b"beta", b"beto")]
    for i in range(0, len(good), 5):  # any byte changed
        damaged.append(good[:i] + bytes([good[i] ^ 0x20]) + good[i + 1 :])
    assert [d for d in damaged if WordTable.from_bytes(d) is not None] == []


def test_rules_that_need_no_lexicon_never_load_it(tmp_path: Path) -> None:
    """With only punctuation rules on and LanguageTool off, there is nothing for the learned
    vocabulary to quiet: nothing is learned, and the lexicon is never loaded."""
    from lint.config import Config
    from lint.runner import Pipeline, RunOptions

    doc = tmp_path / "doc.md"
    doc.write_text("# Notes\n\nIt said \u201chello\". We use `setTimeout` and teh gevent loop.\n", encoding="utf-8")
    punctuation = Pipeline(Config(root=tmp_path, select=("punctuation",)), RunOptions(languagetool=False))
    found = [f for report in punctuation.batches([str(doc)]) for f in report.findings]
    assert [f.rule for f in found] == ["punctuation.quotes"]
    assert punctuation.learned is None and punctuation.rule_engine.context._lexicon is None
    everything = Pipeline(Config(root=tmp_path), RunOptions(languagetool=False))
    rules = {f.rule for report in everything.batches([str(doc)]) for f in report.findings}
    assert everything.learned is not None and everything.rule_engine.context._lexicon is not None
    assert "typos.truncated-word" in rules


def _fresh_regex_cache_state() -> None:
    """As a new process starts: nothing loaded, nothing stored, ``re``'s own cache empty."""
    import re

    from lint import recache

    recache._stored.clear()
    recache._loaded.clear()
    recache._groups.clear()
    recache._fresh.clear()
    re.purge()


def test_patterns_from_the_regex_cache_equal_freshly_compiled_ones(cache: Path) -> None:
    """lint.recache: a pattern rebuilt from its stored program is the one re.compile makes."""
    import re
    from re import _compiler  # type: ignore[attr-defined]

    from lint import recache

    assert recache._ON  # CPython 3.11+: the cache is on, so this test tests it
    patterns = [(r"(?P<word>\w+)\s+(?P=word)", 0), (r"[a-zé’]+(?=\.)", re.I), (rb"\d+|[\x00-\x1f]", 0),
                (r"(?x) a  # a comment\n  b{2,}", 0), (r"^\s*(?:#|$)", re.M), (r"(?<![\w'])[A-Z][a-z]+", 0),
                (r"\bstraße\b", re.I | re.U), (r"(a)|(b)|(?P<c>c)", re.S), (r"[^\W\d_]+", 0), (r"é{1,3}?", re.A)]
    fresh = {(p, f): _compiler.compile(p, f) for p, f in patterns}
    try:
        _fresh_regex_cache_state()
        recache.load()
        for p, f in patterns:
            re.compile(p, f)
        recache.save()
        path = recache._path("run")
        assert path.is_file()
        _fresh_regex_cache_state()
        recache.load()  # as a new process would
        assert {(p, f) for _, p, f in recache._loaded} == set(fresh)
        for (p, f), compiled in fresh.items():
            assert re.compile(p, f) == compiled and re.compile(p, f).groupindex == compiled.groupindex
        good = path.read_bytes()
        for damaged in (good[: len(good) // 2], good[:-1] + bytes([good[-1] ^ 1]), b""):
            path.write_bytes(damaged)
            _fresh_regex_cache_state()
            recache.load()
            assert recache._loaded == set()
    finally:
        _fresh_regex_cache_state()


def test_each_group_of_the_regex_cache_keeps_the_patterns_compiled_after_its_load(cache: Path) -> None:
    """Patterns compiled after ``load("http")`` go to that group's file, those before it to the
    first group's; a run that loads only the first group gets only its patterns back."""
    import re

    from lint import recache

    first = [(rf"first-{i}-\w+", 0) for i in range(10)]
    http = [(rf"http-{i}-\d+", re.I) for i in range(10)]
    try:
        _fresh_regex_cache_state()
        recache.load()
        for p, f in first:
            re.compile(p, f)
        recache.load("http")
        recache.load("http")  # loaded once per process
        for p, f in http:
            re.compile(p, f)
        recache.save()
        assert recache._path("run").is_file() and recache._path("http").is_file()
        for group, expected in (("run", first), ("http", http)):
            _fresh_regex_cache_state()
            recache.load(group)
            assert {(p, f) for _, p, f in recache._loaded} == set(expected)
    finally:
        _fresh_regex_cache_state()


def test_a_group_file_past_the_size_of_res_cache_is_loaded_whole(cache: Path) -> None:
    """Runs of several kinds share the ``run`` file, more patterns than ``re`` keeps (512): all
    are loaded, the most recently used last, so that ``re`` pushes out the least used first; a
    run that uses any of them compiles nothing (before, loading stopped at 450 patterns over
    all groups, and the rest were compiled again on every run and never written back)."""
    import re
    from re import _compiler  # type: ignore[attr-defined]

    from lint import recache

    patterns = [rf"kind-{i}-\w+" for i in range(600)]
    try:
        for kind in (patterns[:300], patterns[300:]):  # two runs of different kinds
            _fresh_regex_cache_state()
            recache.load()
            for p in kind:
                re.compile(p)
            recache.save()
        _fresh_regex_cache_state()
        recache.load("cli")
        recache.load()
        assert {p for _, p, _ in recache._loaded} == set(patterns)
        compiled: list = []
        original = _compiler.compile
        _compiler.compile = lambda p, flags=0: compiled.append(p) or original(p, flags)
        try:
            for p in patterns[::7]:
                re.compile(p)
        finally:
            _compiler.compile = original
        assert compiled == []
        first_in_file = next(iter(recache._stored["run"]))
        assert list(re._cache)[-1] == (str, first_in_file[0], first_in_file[1])  # type: ignore[attr-defined]
    finally:
        _fresh_regex_cache_state()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is computed on XDG platforms only")
@pytest.mark.parametrize("xdg", [None, "", "relative/cache", "/abs/xdg-cache", "/abs/with space/"])
@pytest.mark.parametrize("home", ["/home/someone", "/root", "relative-home"])
def test_the_cache_root_is_where_platformdirs_puts_it(xdg: str | None, home: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``lint.paths.cache_dir`` computes the XDG cache root itself (platformdirs costs a one-file
    run its imports); it must name the folder platformdirs names, and honour TYPOLINT_CACHE_DIR."""
    from platformdirs import user_cache_dir

    from lint.paths import cache_dir

    monkeypatch.delenv("TYPOLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", home)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache_dir() == Path(user_cache_dir("typolint"))
    monkeypatch.setenv("TYPOLINT_CACHE_DIR", "/elsewhere/tl")
    assert cache_dir() == Path("/elsewhere/tl")


def test_old_lexicon_files_are_pruned_when_a_new_one_is_built(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One lexicon file (6 MB) per install of the word lists piled up in the cache: building a
    new one keeps it and the newest others, KEEP_TABLES in all; other caches are not touched."""
    import os

    from lint import lexicon

    cache.mkdir(parents=True)
    olds = []
    for i, name in enumerate(["lexicon-6-a.bin", "lexicon-6-b.bin", "lexicon-5-c.bin", "lexicon-6-d.bin",
                              "lexicon-6-e.bin", "lexicon-6-f.bin"]):
        path = cache / name
        path.write_bytes(b"old table")
        os.utime(path, ns=(10**18 + i * 10**9, 10**18 + i * 10**9))  # a, b, c... oldest first
        olds.append(path)
    (cache / "rules-1.bin").write_bytes(b"other cache")
    monkeypatch.setattr(lexicon, "_build", lambda: ({"alpha": 4.5, "beta": 3.25}, frozenset({"alpha"})))
    table = lexicon.load_lexicon()
    assert table.is_word("alpha")
    left = sorted(p.name for p in cache.glob("lexicon-*.bin"))
    new = [name for name in left if name not in {p.name for p in olds}]
    assert len(new) == 1 and len(left) == lexicon.KEEP_TABLES
    assert set(left) - set(new) == {"lexicon-6-d.bin", "lexicon-6-e.bin", "lexicon-6-f.bin"}
    assert (cache / "rules-1.bin").read_bytes() == b"other cache"
