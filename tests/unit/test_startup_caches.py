"""What keeps a one-file run short: the parsed rule files and the lexicon's word table, both
cached in the user cache. A cache only skips work; what comes out is the same as without it."""

from __future__ import annotations

import bisect
import random
from pathlib import Path

import pytest

from lint import cachefile
from lint.engines.rules import rulefile
from lint.engines.rules.rulefile import ParsedRules, RuleFileError, builtin_rules_dir, load_rules
from lint.lexicon import SortedWords

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


def test_sorted_words_find_what_a_bisection_of_the_list_finds() -> None:
    rng = random.Random(4)
    for size in (1, 2, SortedWords.BLOCK - 1, SortedWords.BLOCK, SortedWords.BLOCK + 1, 3 * SortedWords.BLOCK + 7):
        words = sorted({"".join(rng.choice("abcdeé") for _ in range(rng.randrange(1, 7))) for _ in range(size * 3)})[:size]
        table = SortedWords.of(words)
        assert len(table) == len(words) and table.words() == words
        restored = SortedWords.checked(*_decoded(table))
        assert restored is not None and restored.words() == words
        for probe in words + ["", "a", "ab", "zzz", "é", "ééééééé", *(w + "a" for w in words[::3])]:
            i = bisect.bisect_left(words, probe)
            expected = i if i < len(words) and words[i] == probe else -1
            assert table.index(probe) == expected == restored.index(probe)


def test_sorted_words_refuse_block_starts_that_do_not_cut_blocks() -> None:
    words = [f"w{i:04d}" for i in range(2 * SortedWords.BLOCK + 3)]
    joined, starts = _decoded(SortedWords.of(words))
    assert SortedWords.checked(joined, starts) is not None
    for bad in ([], [1, *starts[1:]], [starts[0], starts[1] + 1, starts[2]], [starts[0], starts[2]],
                [*starts, len(joined) - 3], starts[:-1]):
        assert SortedWords.checked(joined, bad) is None, bad


def _decoded(table: SortedWords) -> tuple[str, list[int]]:
    import array

    joined, raw = table.encoded()
    starts = array.array("q")
    starts.frombytes(raw)
    return joined, list(starts)


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
