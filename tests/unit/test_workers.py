"""Large rules-only runs filter and format each file in the worker process that checked it
(lint.workers, Pipeline._rendered_reports): the output is byte for byte the one of a run
finished in the main process, batch after batch, and the learned vocabulary stays bounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint import runner
from lint.config import Config
from lint.formatters import STREAMS
from lint.runner import Pipeline, RunOptions, combine
from lint.workers import WorkerFailed, Workers

#: A code word ('noop', in d.md's code) used in prose before and after the file that teaches it,
#: a typo, a doubled word, a used and an unused suppression, and a file that is not text.
FILES = {
    "a.md": "# Notes\n\nCall noop first. Teh pods wait.\n\nWe recieve it.\n",
    "b.md": "The pods restart the the pods.\n",
    "c.txt": "Call noop here. It is iberated.\n",
    "d.md": "```\nresult = noop()\n```\n\nOur CEO said teh thing. <!-- typolint: ignore[typos.truncated-word] -->\n\n"
            "Nothing here. <!-- typolint: ignore[typos.doubled-word] -->\n",
    "e.txt": "Then noop again; recieve and teh again.\n",
    "f.bin": "",
    "g.md": "A last noop.\n",
}


def _config(root: Path) -> Config:
    """The default configuration without the installed technical vocabulary (lint.terms), which
    accepts 'noop' wherever it is: here the learned vocabulary alone decides."""
    return Config(root=root, technical_vocabulary=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, text in FILES.items():
        (tmp_path / name).write_bytes(b"\x00\x01binary" if name.endswith(".bin") else text.encode())
    return tmp_path


def streamed(folder: Path, fmt: str, *, workers: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Pipeline]:
    """The output of a run in ``fmt``, in batches of two files; the files are checked, filtered
    and formatted by worker processes (``workers``), or finished in this process."""
    monkeypatch.setattr(runner, "RULES_BATCH", (2, 10**9))
    monkeypatch.setattr(runner, "PARALLEL_BYTES", 0 if workers else 10**12)
    stream = STREAMS[fmt]()
    options = RunOptions(languagetool=False, unused_suppressions=True, render=stream.chunk if workers else None)
    pipeline = Pipeline(_config(folder), options)
    out, reports = [], []
    for batch in pipeline.batches([str(folder)]):
        assert (batch.rendered is not None) == workers and (batch.findings == []) == workers
        out.append(stream.batch(batch))
        reports.append(batch.release())
    return "".join(out) + stream.end(combine(reports)), pipeline


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_output_is_the_same_with_workers_on_and_off(folder: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    on, pipeline = streamed(folder, fmt, workers=True, monkeypatch=monkeypatch)
    off, _ = streamed(folder, fmt, workers=False, monkeypatch=monkeypatch)
    assert on == off
    assert pipeline._workers is None  # stopped at the end
    # Not trivially equal: findings of several rules, the unused suppression, the skipped file.
    text, _ = streamed(folder, "text", workers=True, monkeypatch=monkeypatch)
    assert "typos.doubled-word" in text and "typolint.unused-suppression" in text and "'noop'" in text
    assert "in 6 files" in text


def test_a_code_word_learned_in_one_batch_counts_in_every_worker_after(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """'noop' is flagged until d.md's code teaches it: from d.md's batch on (c.txt is in that
    batch) no worker flags it, whichever worker checked d.md (each learns every batch)."""
    text, _ = streamed(folder, "text", workers=True, monkeypatch=monkeypatch)
    flagged = [line.split(":")[0].rsplit("/", 1)[-1] for line in text.splitlines() if "'noop'" in line]
    assert flagged == ["a.md"]


def test_the_learned_vocabulary_holds_one_batch_of_files(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Per-file contributions are kept only for the batch in progress (--fix may check its files
    again); the totals, and so every verdict, are those of all the files seen."""
    monkeypatch.setattr(runner, "RULES_BATCH", (2, 10**9))
    pipeline = Pipeline(_config(folder), RunOptions(languagetool=False))
    sizes = []
    for _ in pipeline.batches([str(folder)]):
        sizes.append(len(pipeline.learned._files))
    assert max(sizes) <= 2 and len(sizes) == 3  # six text files (f.bin is no prose file)
    assert pipeline.learned.code["noop"] == 1 and pipeline.learned.accepts("noop")


def test_settle_keeps_every_verdict(folder: Path) -> None:
    from lint.extract import extract
    from lint.learned import LearnedVocabulary
    from lint.lexicon import load_lexicon

    texts = [t for n, t in sorted(FILES.items()) if t]
    texts += ["The kubelet starts. The kubelet stops.", "A kubelet waits. One kubelte."]
    words = ["kubelet", "kubelets", "kubelte", "noop", "noops", "recieve", "teh", "pods"]
    whole, settled = LearnedVocabulary(load_lexicon), LearnedVocabulary(load_lexicon)
    for i, text in enumerate(texts):
        whole.learn(f"f{i}.md", extract(text, "markdown")[0])
        settled.learn(f"f{i}.md", extract(text, "markdown")[0])
        settled.settle()
    assert settled._files == {} and len(whole._files) == len(texts)
    assert [settled.accepts(w) for w in words] == [whole.accepts(w) for w in words]
    assert settled.accepts("kubelet") and settled.accepts("noop") and not settled.accepts("kubelte")


def test_fix_on_streamed_batches_checked_by_worker_processes(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--fix (which needs the sources here, so files are finished in this process) batch by batch."""
    from lint.cli import _fix

    monkeypatch.setattr(runner, "RULES_BATCH", (2, 10**9))
    monkeypatch.setattr(runner, "PARALLEL_BYTES", 0)
    pipeline = Pipeline(_config(folder), RunOptions(languagetool=False))
    fixed = []
    for batch in pipeline.batches([str(folder)]):
        assert pipeline._pool is not None and batch.rendered is None
        fixed += [f.path for f in _fix(batch, unsafe=True, write=True, pipeline=pipeline).fixes]
    assert sorted(Path(p).name for p in fixed) == ["a.md", "b.md", "c.txt", "e.txt"]
    assert (folder / "b.md").read_text() == "The pods restart the pods.\n"
    # a.md's batch comes before d.md's code teaches 'noop': its first suggestion is taken there only
    assert (folder / "a.md").read_text() == "# Notes\n\nCall snoop first. The pods wait.\n\nWe receive it.\n"
    assert (folder / "e.txt").read_text() == "Then noop again; receive and the again.\n"


def _echo_with_memory(request: tuple[str, int]) -> int:
    """A handler that keeps state between requests: ("add", n) adds, ("fail", _) raises."""
    kind, n = request
    if kind == "fail":
        raise ValueError("no")
    _STATE.append(n)
    return sum(_STATE)


_STATE: list[int] = []


def test_workers_answer_in_order_keep_state_and_report_failures() -> None:
    workers = Workers(2, _echo_with_memory)
    try:
        for n in (1, 2, 3):
            workers.send(0, ("add", n))
        workers.send(1, ("add", 10))
        assert [workers.receive(0) for _ in range(3)] == [1, 3, 6]  # one process, its own running sum
        assert workers.receive(1) == 10
        workers.send(1, ("fail", 0))
        with pytest.raises(WorkerFailed, match="ValueError: no"):
            workers.receive(1)
        workers.send(1, ("add", 1))
        assert workers.receive(1) == 11  # a failed request leaves the worker serving
    finally:
        workers.close()
    assert _STATE == []  # the state lives in the workers


def test_a_worker_that_dies_is_reported_not_waited_for() -> None:
    workers = Workers(1, _echo_with_memory)
    try:
        workers._processes[0].kill()
        workers._processes[0].join()
        with pytest.raises(WorkerFailed, match="exited"):
            workers.receive(0)
    finally:
        workers.close()


def test_verdict_caches_stay_bounded_and_change_no_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The spelling and truncation kinds cache a verdict per distinct word; full, the cache is
    emptied (lint.engines.rules.kinds.base.bounded), and the findings are the same."""
    from lint.engines.rules.kinds import base

    words = ["recieve", "iberated", "teh", "Teh", "wich", "becuase", "definately", "seperate", "occured", "untill"]
    (tmp_path / "a.txt").write_text(" ".join(f"We {w} it, then {w} it." for w in words * 3) + "\n", encoding="utf-8")
    unbounded = runner.run([str(tmp_path)], _config(tmp_path), RunOptions(languagetool=False))
    monkeypatch.setattr(base, "MAX_CACHED_VERDICTS", 3)
    pipeline = Pipeline(_config(tmp_path), RunOptions(languagetool=False))
    small = combine(pipeline.batches([str(tmp_path)]))
    assert small.findings == unbounded.findings and len(small.findings) >= 30
    caches = [r.checker._verdicts for r in pipeline.rules if hasattr(r.checker, "_verdicts")]
    assert len(caches) >= 2 and all(0 < len(c) <= 3 for c in caches)
