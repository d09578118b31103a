"""Records in and out: JSON Lines, gzip, Parquet, per-record errors, summary rows, checkpoints.

YAML rules only (``languagetool=False``); the Dask and LanguageTool paths are in tests/corpus.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lint.corpus import BadRecord, RecordFields, check_records, read_records, result_from_json, result_to_json
from lint.corpus_out import header, open_writer
from lint.runner import RunOptions
from support import run_cli

NO_LT = RunOptions(languagetool=False)
RECORDS = [
    {"id": "a", "text": "First line.\nHe said the the report was late."},
    {"id": "b", "text": "Nothing wrong here."},
    {"id": 7, "body": "no text field"},
    {"id": "d", "text": ["not", "a", "string"]},
    {"text": "She had had enough, and and left."},
]


def _write_jsonl(path: Path, records, opener=open) -> Path:
    with opener(path, "wt", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    return path


def _check(records, **kwargs):
    return list(check_records(records, options=NO_LT, source="in.jsonl", **kwargs))


def test_positions_are_within_each_record_and_ids_come_from_the_id_field():
    results = _check(RECORDS, batch=2)
    assert [r.record for r in results] == ["a", "b", "7", "d", "5"]  # no id: 1-based position
    (found,) = results[0].findings
    assert (found.path, found.record, found.rule) == ("in.jsonl", "a", "typos.doubled-word")
    assert (found.location.line, found.location.column, found.match) == (2, 9, "the the")
    assert results[1].findings == () and results[1].words == 3
    assert [(f.location.line, f.location.column) for f in results[4].findings] == [(1, 21)]


def test_records_without_a_string_text_are_per_record_errors_and_the_rest_is_checked():
    results = _check(RECORDS)
    assert [e.message for e in results[2].errors] == ["record 7: text field 'text' is missing"]
    assert [e.message for e in results[3].errors] == ["record d: text field 'text' is not a string (list)"]
    assert all(e.status == 2 for r in results[2:4] for e in r.errors)
    assert results[4].findings and not results[4].errors


def test_the_batch_size_does_not_change_the_results():
    assert _check(RECORDS, batch=1) == _check(RECORDS, batch=64)


def test_markup_from_a_format_field_or_fixed():
    records = [{"id": 1, "text": "Use `the the` here.\n\nThe the end.", "fmt": "markdown"},
               {"id": 2, "text": "Use `the the` here.\n\nThe the end."}]
    by_field = _check(records, fields=RecordFields(format="fmt"))
    assert [f.location.line for f in by_field[0].findings] == [3]  # inline code is not prose
    assert [f.location.line for f in by_field[1].findings] == [1, 3]  # plain: both
    fixed = _check(records[1:], fields=RecordFields(markup="markdown"))
    assert [f.location.line for f in fixed[0].findings] == [3]
    bad = _check([{"id": 1, "text": "x", "fmt": "docx"}], fields=RecordFields(format="fmt"))
    assert "unknown markup 'docx'" in bad[0].errors[0].message


def test_jsonl_gzip_and_parquet_read_the_same_records(tmp_path: Path):
    plain = _write_jsonl(tmp_path / "r.jsonl", RECORDS)
    zipped = _write_jsonl(tmp_path / "r.jsonl.gz", RECORDS, gzip.open)
    rows = [r for r in RECORDS if isinstance(r.get("text"), str)]
    pq.write_table(pa.Table.from_pylist([{"id": str(r.get("id", "")), "text": r["text"]} for r in rows]), tmp_path / "r.parquet")
    assert list(read_records(plain)) == list(read_records(zipped)) == RECORDS
    from_parquet = list(read_records(tmp_path / "r.parquet", batch=1))
    assert [r["text"] for r in from_parquet] == [r["text"] for r in rows]


def test_a_bad_line_is_a_bad_record_not_a_failure(tmp_path: Path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": 1, "text": "ok"}\nnot json\n[1, 2]\n\n{"id": 4, "text": "the the"}\n', encoding="utf-8")
    records = list(read_records(path))
    assert records[1] == BadRecord("line 2: invalid JSON: Expecting value")
    assert records[2] == BadRecord("line 3: not a JSON object")
    results = _check(records)
    assert [bool(r.errors) for r in results] == [False, True, True, False]
    assert results[3].findings


def test_summary_rows_and_findings_stream_to_jsonl(tmp_path: Path):
    out = tmp_path / "out.jsonl"
    writer = open_writer(out, header(["typos.doubled-word"], None), summary=True)
    for r in _check(RECORDS):
        writer.write(r, "in.jsonl")
    writer.close()
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == {"kind": "header", "version": 1, "typolint": rows[0]["typolint"], "languagetool": None,
                       "rules": ["typos.doubled-word"]}
    findings = [r for r in rows if r["kind"] == "finding"]
    assert [(f["record"], f["line"], f["column"], f["rule"]) for f in findings] == [
        ("a", 2, 9, "typos.doubled-word"), ("5", 1, 21, "typos.doubled-word")]
    summary = {r["record"]: r for r in rows if r["kind"] == "summary"}
    assert summary["a"]["words"] == 9 and summary["a"]["findings"] == 1
    assert summary["a"]["per_1000_words"] == round(1000 / 9, 3)
    assert summary["a"]["rules"] == {"typos.doubled-word": 1}
    assert summary["7"]["errors"] == 1 and summary["7"]["per_1000_words"] is None


def test_parquet_output_has_the_header_as_metadata(tmp_path: Path):
    out = tmp_path / "out.parquet"
    writer = open_writer(out, header(["typos.doubled-word", "lt.*"], "6.8"), summary=True)
    for r in _check(RECORDS):
        writer.write(r, "in.jsonl")
    writer.close()
    table = pq.read_table(out)
    meta = json.loads(table.schema.metadata[b"typolint"])
    assert meta["languagetool"] == "6.8" and meta["rules"] == ["lt.*", "typos.doubled-word"]
    rows = table.to_pylist()
    assert [r["record"] for r in rows if r["kind"] == "finding"] == ["a", "5"]
    summary = [r for r in rows if r["kind"] == "summary"]
    assert [r["record"] for r in summary] == ["a", "b", "7", "d", "5"]
    assert dict(summary[0]["rules"]) == {"typos.doubled-word": 1}


def test_results_survive_a_checkpoint_round_trip():
    for result in _check(RECORDS):
        assert result_from_json(json.loads(json.dumps(result_to_json(result)))) == result


def test_resume_skips_finished_shards_and_rechecks_changed_ones(tmp_path: Path, monkeypatch):
    checkpoint = tmp_path / "ck.jsonl"
    first = _check(RECORDS, batch=2, checkpoint=checkpoint)
    assert len(checkpoint.read_text(encoding="utf-8").splitlines()) == 3
    calls = []
    import lint.corpus as corpus

    real = corpus.check_shard
    monkeypatch.setattr(corpus, "check_shard", lambda p, shard, *a: calls.append(shard.number) or real(p, shard, *a))
    assert _check(RECORDS, batch=2, checkpoint=checkpoint) == first
    assert calls == []  # everything came from the checkpoint
    changed = [*RECORDS[:4], {"text": "Changed: a a typo."}]
    again = _check(changed, batch=2, checkpoint=checkpoint)
    assert calls == [2] and again[:4] == first[:4] and again[4] != first[4]


def test_a_checkpoint_of_other_settings_is_not_reused(tmp_path: Path):
    checkpoint = tmp_path / "ck.jsonl"
    _check(RECORDS, batch=2, checkpoint=checkpoint)
    other = _check(RECORDS, batch=2, checkpoint=checkpoint, fields=RecordFields(id=None))
    assert [r.record for r in other] == ["1", "2", "3", "4", "5"]
    assert len(checkpoint.read_text(encoding="utf-8").splitlines()) == 6


def test_an_interrupted_line_in_the_checkpoint_is_checked_again(tmp_path: Path):
    checkpoint = tmp_path / "ck.jsonl"
    first = _check(RECORDS, batch=2, checkpoint=checkpoint)
    lines = checkpoint.read_text(encoding="utf-8").splitlines()
    checkpoint.write_text("\n".join(lines[:2]) + "\n" + lines[2][:20], encoding="utf-8")
    assert _check(RECORDS, batch=2, checkpoint=checkpoint) == first


# --- command line --------------------------------------------------------------------------


def test_cli_records_text_json_and_exit_status(tmp_path: Path):
    _write_jsonl(tmp_path / "r.jsonl", RECORDS)
    proc = run_cli("check", "--no-languagetool", "--records", "r.jsonl", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout.splitlines()[0] == "r.jsonl:a:2:9: error [typos.doubled-word] Doubled word: 'the the'. (suggestion: the)"
    assert proc.stdout.splitlines()[-1].endswith("in 5 records. Not everything was checked: 2 errors (see above).")
    assert proc.stderr.splitlines() == ["error: r.jsonl: record 7: text field 'text' is missing",
                                        "error: r.jsonl: record d: text field 'text' is not a string (list)"]
    proc = run_cli("check", "--no-languagetool", "--records", "--format", "json", "r.jsonl", cwd=tmp_path)
    doc = json.loads(proc.stdout)
    assert doc["version"] == 1 and [f["record"] for f in doc["findings"]] == ["a", "5"]
    assert doc["errors"][0] == {"path": "r.jsonl", "message": "record 7: text field 'text' is missing"}


def test_cli_output_file_and_clean_records_exit_by_findings(tmp_path: Path):
    _write_jsonl(tmp_path / "r.jsonl.gz", [r for r in RECORDS if isinstance(r.get("text"), str)], gzip.open)
    proc = run_cli("check", "--no-languagetool", "--records", "r.jsonl.gz", "--output", "o.parquet", "--summary", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr == ""
    assert proc.stdout == "Checked 3 records; findings written to o.parquet.\n"
    assert len(pq.read_table(tmp_path / "o.parquet").to_pylist()) == 2 + 3


@pytest.mark.parametrize("args, message", [
    (["--summary", "--records", "x.jsonl"], "error: --summary needs --output"),
    (["--output", "o.jsonl", "x.jsonl"], "error: --output, --summary and --resume need --records"),
    (["--records", "--fix", "x.jsonl"], "error: --fix cannot be used with --records or --executor dask"),
    (["--records", "--output", "o.csv", "x.jsonl"], "error: o.csv: --output must end in .jsonl, .jsonl.gz or .parquet"),
    (["--executor", "dask", "--records", "x.jsonl"], "error: --executor dask needs either --scheduler tcp://HOST:PORT or --workers N"),
])
def test_cli_usage_errors(tmp_path: Path, args, message):
    (tmp_path / "x.jsonl").write_text('{"text": "ok"}\n', encoding="utf-8")
    proc = run_cli("check", "--no-languagetool", *args, cwd=tmp_path)
    assert (proc.returncode, proc.stderr.strip()) == (2, message)


def test_cli_a_missing_record_file_is_a_per_file_error(tmp_path: Path):
    _write_jsonl(tmp_path / "good.jsonl", [{"text": "the the"}])
    proc = run_cli("check", "--no-languagetool", "--records", "missing.jsonl", "good.jsonl", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: missing.jsonl: cannot read: No such file or directory")
    assert "good.jsonl:1:1:1:" in proc.stdout
