"""Streaming: files are checked and reported in bounded batches, and the result is the same
as one whole run."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint import runner
from lint.config import Config
from lint.formatters import STREAMS, format_json, format_text
from lint.runner import Pipeline, RunOptions, combine


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for i in range(7):
        (tmp_path / f"f{i}.txt").write_text(f"Text {i} was iberated, he said the the thing.\n", encoding="utf-8")
    return tmp_path


def test_batches_are_bounded_and_combine_to_the_whole_run(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    options = RunOptions(languagetool=False)
    whole = runner.run([str(folder)], Config(root=folder), options)
    monkeypatch.setattr(runner, "RULES_BATCH", (3, 10**9))
    batches = list(Pipeline(Config(root=folder), options).batches([str(folder)]))
    assert [len(b.checked) for b in batches] == [3, 3, 1]
    combined = combine(batches)
    assert combined.findings == whole.findings and len(whole.findings) == 14
    assert combined.files_checked == whole.files_checked == 7


def test_streamed_output_equals_the_whole_report(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "RULES_BATCH", (2, 10**9))
    batches = list(Pipeline(Config(root=folder), RunOptions(languagetool=False)).batches([str(folder)]))
    total = combine(batches)
    for name, whole in (("text", format_text), ("json", format_json)):
        stream = STREAMS[name]()
        assert "".join(stream.batch(b) for b in batches) + stream.end(total) == whole(total)


def test_released_batches_keep_the_summary_statistics_and_exit_status(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A streamed run keeps counts, not findings: the closing lines and the status are unchanged."""
    from lint.formatters import format_statistics, summary
    from lint.model import Severity, exit_code

    (folder / "notes.txt").write_text("Teh end.\n", encoding="utf-8")
    monkeypatch.setattr(runner, "RULES_BATCH", (3, 10**9))
    batches = list(Pipeline(Config(root=folder), RunOptions(languagetool=False)).batches([str(folder)]))
    whole, released = combine(batches), combine(b.release() for b in batches)
    # 'Teh' is one finding of typos.non-word with typos.truncated-word merged into it (one per span)
    assert released.findings == [] and released.checked == [] and sum(released.released.values()) == len(whole.findings) == 15
    assert summary(released) == summary(whole) and summary(whole).startswith("Found 15 findings")
    assert format_statistics(released) == format_statistics(whole)
    for fail_on in Severity:
        assert exit_code(released, fail_on) == exit_code(whole, fail_on)
