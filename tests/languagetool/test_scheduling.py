"""LanguageTool's requests in flight while the YAML rules run, answers mapped as they arrive (issue 16).

A stand-in server flags every 'teh' (as LanguageTool's speller would) and answers after a delay
chosen per request, so answers arrive in another order than they were sent. Findings, their
order and the one ``error:`` line on a failure must not depend on that order. The real server
is exercised by test_batching.py and test_integration.py through the same code path.
"""

from __future__ import annotations

import http.server
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support import LoopbackServers

from lint.config import LanguageToolConfig, load_config
from lint.engines import Done
from lint.engines.languagetool.engine import SERVER_THREADS, LanguageToolEngine, in_flight
from lint.engines.rules.engine import RuleEngine
from lint.runner import Pipeline, RunOptions, combine
from lint.source import plain_source
from support import run_cli

WORD = "teh"


def spelling_matches(text: str) -> list[dict[str, Any]]:
    """What LanguageTool's speller answers for ``text``: every WORD, at UTF-16 offsets."""
    matches, start = [], text.find(WORD)
    while start >= 0:
        offset = len(text[:start].encode("utf-16-le")) // 2
        matches.append({"offset": offset, "length": len(WORD), "message": "Possible spelling mistake found.",
                        "replacements": [{"value": "the"}],
                        "rule": {"id": "MORFOLOGIK_RULE_EN_US", "issueType": "misspelling"}})
        start = text.find(WORD, start + 1)
    return matches


class Stand(http.server.BaseHTTPRequestHandler):
    """Answers /v2/check after ``delay(n)`` seconds (n: the request's number, from 0), or with
    HTTP 500 for the request numbers in ``failing``; records each request's text."""

    protocol_version = "HTTP/1.1"
    delay: Callable[[int], float] = staticmethod(lambda n: 0.0)
    failing: frozenset[int] = frozenset()
    texts: list[str]
    lock: threading.Lock

    def do_POST(self) -> None:
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())
        with self.lock:
            n = len(self.texts)
            self.texts.append(form["text"][0])
        if n in self.failing:
            self._send(500, b"Error: Internal Server Error")
            return
        time.sleep(self.delay(n))
        self._send(200, json.dumps({"matches": spelling_matches(form["text"][0])}).encode())

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def stand() -> Iterator[Callable[..., Any]]:
    """``stand(delay=..., failing=...)`` starts a stand-in server; returns its handler class (``url``)."""
    servers = LoopbackServers()

    def start(delay: Callable[[int], float] = lambda n: 0.0, failing: frozenset[int] = frozenset()) -> Any:
        return servers.start(type("Handler", (Stand,), {"delay": staticmethod(delay), "failing": failing,
                                                        "texts": [], "lock": threading.Lock()}))

    yield start
    servers.close()


def documents(count: int = 6, paragraphs: int = 12) -> list[str]:
    """Texts of several paragraphs, some with WORD at varying places and an emoji before it."""
    docs = []
    for d in range(count):
        paras = []
        for p in range(paragraphs):
            body = f"Paragraph {p} of document {d} is here and it is long enough to matter. " * (1 + (p * d) % 7)
            if (p + d) % 3 == 0:
                body += f"Then 😀 {WORD} word comes {'late ' * (p % 4)}in {WORD} text."
            paras.append(body.strip())
        docs.append("\n\n".join(paras) + "\n")
    return docs


def expected_spans(text: str) -> list[tuple[int, int]]:
    """Code-point spans of every WORD in ``text``."""
    spans, start = [], text.find(WORD)
    while start >= 0:
        spans.append((start, start + len(WORD)))
        start = text.find(WORD, start + 1)
    return spans


def lt_findings(report: Any) -> list[Any]:
    """The findings of a report that LanguageTool made (alone, or merged into a YAML rule's)."""
    return [f for f in report.findings if any(r.startswith("lt.") for r in f.rules)]


def test_answers_mapped_as_they_arrive_give_the_hits_of_in_order_answers(stand: Any) -> None:
    sources = [plain_source(t) for t in documents()]
    in_order = stand()  # one worker: answers come back in the order the requests were sent
    one = LanguageToolEngine(LanguageToolConfig(url=in_order.url, cache=False), workers=1)
    one.batch_limit = 2_000  # many requests
    expected = one.hits(sources)
    assert [[(h.start, h.end) for h in hits] for hits in expected] == [expected_spans(s.text) for s in sources]
    shuffled = stand(delay=lambda n: (7 - n % 8) * 0.03)  # early requests answer last
    engine = LanguageToolEngine(LanguageToolConfig(url=shuffled.url, cache=False), workers=4)
    engine.batch_limit = 2_000
    assert engine.hits(sources) == expected
    assert len(shuffled.texts) >= 8  # several requests really were in flight together


def test_a_failed_request_mid_flight_is_one_error_and_no_hits(stand: Any) -> None:
    failing = stand(delay=lambda n: 0.2, failing=frozenset({2}))
    engine = LanguageToolEngine(LanguageToolConfig(url=failing.url, cache=False), workers=4)
    hits, errors = engine.check([plain_source(t) for t in documents()])
    assert hits == [[]] * 6 and len(errors) == 1 and "HTTP 500" in str(errors[0])


def test_rules_run_while_the_requests_are_in_flight(stand: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i, text in enumerate(documents(3)):
        (tmp_path / f"doc{i}.txt").write_text(text, encoding="utf-8")
    rules_done = threading.Event()
    arrived_after_rules: list[bool] = []

    def delay(n: int) -> float:
        arrived_after_rules.append(rules_done.is_set())
        return 0.0

    server = stand(delay=delay)
    config = tmp_path / "typolint.yaml"
    config.write_text(f"languagetool:\n  url: {server.url}\n  cache: false\n", encoding="utf-8")
    original = RuleEngine.check
    checked: list[int] = []

    def rules(self: RuleEngine, sources: Any) -> Any:
        time.sleep(0.3)  # slow rules: requests sent first have long arrived when they end
        result = original(self, sources)
        checked.append(len(sources))
        if len(checked) == 3:  # the third file, the last one
            rules_done.set()
        return result

    monkeypatch.setattr(RuleEngine, "check", rules)
    report = combine(Pipeline(load_config(config), RunOptions()).batches([str(tmp_path)]))
    # A runner that ran the rules before sending anything would have every request arrive after.
    assert arrived_after_rules and not all(arrived_after_rules)
    assert lt_findings(report)
    assert not report.errors


def test_early_start_gives_the_report_of_a_late_start(stand: Any, tmp_path: Path) -> None:
    paths = []
    for i, text in enumerate(documents(4)):
        paths.append(tmp_path / f"doc{i}.txt")
        paths[-1].write_text(text + "This is is a doubled word.\n", encoding="utf-8")
    server = stand(delay=lambda n: (n % 3) * 0.05)
    config = tmp_path / "typolint.yaml"
    config.write_text(f"languagetool:\n  url: {server.url}\n  cache: false\n", encoding="utf-8")
    early = combine(Pipeline(load_config(config), RunOptions()).batches([str(tmp_path)]))
    late_pipeline = Pipeline(load_config(config), RunOptions())
    late = late_pipeline.finish(*late_pipeline.check_files(sorted(map(str, paths))))  # rules, then LanguageTool
    assert early.findings == late.findings and early.errors == late.errors == []
    assert lt_findings(early) and len(early.findings) > len(lt_findings(early))


def test_rules_failing_meanwhile_cancel_the_requests_not_sent(stand: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i, text in enumerate(documents(16)):  # more batches than requests in flight
        (tmp_path / f"doc{i}.txt").write_text(text, encoding="utf-8")
    server = stand(delay=lambda n: 1.0)
    config = tmp_path / "typolint.yaml"
    config.write_text(f"languagetool:\n  url: {server.url}\n  cache: false\n", encoding="utf-8")

    def broken(self: RuleEngine, sources: Any) -> Any:
        raise RuntimeError("a rule broke")

    monkeypatch.setattr(RuleEngine, "check", broken)
    with pytest.raises(RuntimeError, match="a rule broke"):
        combine(Pipeline(load_config(config), RunOptions()).batches([str(tmp_path)]))
    time.sleep(2.5)  # long enough for queued requests to have gone out, had they not been cancelled
    assert 1 <= len(server.texts) <= in_flight()  # at most the requests already with the workers


def test_the_rule_engine_starts_by_checking_at_once() -> None:
    engine = Pipeline(load_config(None), RunOptions(languagetool=False)).rule_engine
    source = plain_source("This is is a doubled word.")
    started = engine.start([source])
    assert isinstance(started, Done) and started.result() == engine.check([source])
    assert started.result()[0][0]


def test_cli_server_error_mid_flight_is_one_error_line_and_exit_3(stand: Any, tmp_path: Path) -> None:
    for i, text in enumerate(documents()):
        (tmp_path / f"doc{i}.txt").write_text(text, encoding="utf-8")
    server = stand(delay=lambda n: 0.3, failing=frozenset({3}))
    env = {"TYPOLINT_CACHE_DIR": str(tmp_path / "cache")}
    proc = run_cli("check", "--languagetool-url", server.url, str(tmp_path), cwd=tmp_path, env=env)
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert proc.returncode == 3, proc.stderr
    assert len(errors) == 1 and "HTTP 500" in errors[0] and "Traceback" not in proc.stderr
    assert len(server.texts) >= 4


def test_requests_in_flight_follow_the_cpus_up_to_the_server_threads() -> None:
    assert [in_flight(n) for n in (1, 2, 3, 4)] == [3, 6, 9, SERVER_THREADS]
    assert LanguageToolEngine(LanguageToolConfig()).workers == in_flight()
    assert LanguageToolEngine(LanguageToolConfig(), workers=2).workers == 2
