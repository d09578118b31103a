"""LanguageTool mapping without a server: UTF-16 offsets, recorded responses, filters, splitting, cache."""

from __future__ import annotations

import http.server
import json
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lint.config import LanguageToolConfig
from lint.engines import EngineError
from lint.engines.languagetool.cache import ResultCache, cache_key
from lint.engines.languagetool.engine import (
    DEFAULT_DISABLED_RULES,
    Chunk,
    LanguageToolEngine,
    compact,
    pack,
    leaves_open,
    may_follow,
    pairs_up,
    split_source,
    utf16_to_codepoints,
)
from lint.words import Vocabulary, is_probable_name, one_edit
from lint.lexicon import load_lexicon
from lint.model import Severity
from lint.source import plain_source

DATA = Path(__file__).parent / "data"
RECORDED = {r["text"]: r["matches"] for r in json.loads((DATA / "recorded.json").read_text(encoding="utf-8"))}


def utf16_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The (offset, length) LanguageTool would report for the code-point span."""
    units = len(text[:start].encode("utf-16-le")) // 2
    return units, len(text[start:end].encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("plain teh text", "teh"),
        ("😀 before teh", "teh"),
        ("😀😀 two before teh", "teh"),
        ("inside: Ther𝒆 is", "Ther𝒆"),
        ("at the end: 𝒜lot", "𝒜lot"),
        ("😀 before and inside ,😀 here", ",😀"),
        ("é combining e\u0301 and 😀 teh", "teh"),
        ("only 😀", "😀"),
    ],
)
def test_utf16_to_codepoints_round_trips(text: str, word: str) -> None:
    start = text.index(word)
    offset, length = utf16_span(text, start, start + len(word))
    assert utf16_to_codepoints(text, offset, length) == (start, start + len(word))


def test_utf16_to_codepoints_length_is_converted_too() -> None:
    # language-tool-python fixes only the offset; the length of a span with an emoji in it
    # counts the surrogate pair as two units and must shrink by one.
    text = "He went home,😀 and slept."
    assert utf16_to_codepoints(text, 12, 3) == (12, 14)
    assert text[12:14] == ",😀"


def hits_for(text: str, engine: LanguageToolEngine | None = None) -> list[tuple[str, str]]:
    """(rule, matched text) for the recorded response to ``text``."""
    engine = engine or LanguageToolEngine(LanguageToolConfig())
    matches = [compact(m) for m in RECORDED[text]]
    return [(h.rule, text[h.start : h.end]) for h in engine.to_hits(Chunk(0, 0, text), matches, text)]


def test_recorded_response_positions_with_emoji() -> None:
    text = "I 😀 saw Teh cat adn Aghdam 😀😀 teh dog."
    assert hits_for(text) == [
        ("lt.MORFOLOGIK_RULE_EN_US", "Teh"),
        ("lt.MORFOLOGIK_RULE_EN_US", "adn"),
        ("lt.MORFOLOGIK_RULE_EN_US", "teh"),
    ]


def test_recorded_response_span_containing_astral_characters() -> None:
    text = "Ther𝒆 is a cat. I have 𝒜lot of work."
    assert [m for _, m in hits_for(text)] == ["Ther𝒆", "𝒜lot"]
    assert hits_for("He went home,😀 and slept.") == [("lt.COMMA_PARENTHESIS_WHITESPACE", ",😀")]


def test_names_are_not_misspellings_but_grammar_stays() -> None:
    text = "Mehmet Metin Eker spoke.\n\nEker said the colour was grey. We are glad to the news."
    assert hits_for(text) == [("lt.HAPPY_TO_YOUR", "to the")]
    assert hits_for("Sengendo made the remarks in Kalbajar, said Jeyhun Bayramov.") == []


def test_without_filters_everything_is_reported() -> None:
    engine = LanguageToolEngine(LanguageToolConfig(), filter_names=False, accept_variants=False, lexicon=None)
    text = "Mehmet Metin Eker spoke.\n\nEker said the colour was grey. We are glad to the news."
    found = [m for _, m in hits_for(text, engine)]
    assert found == ["Metin", "Eker", "Eker", "colour", "grey", "to the"]


def test_severity_suggestions_and_source() -> None:
    text = "I 😀 saw Teh cat adn Aghdam 😀😀 teh dog."
    engine = LanguageToolEngine(LanguageToolConfig())
    hit = engine.to_hits(Chunk(0, 100, text), [compact(m) for m in RECORDED[text]], text)[0]
    assert (hit.start, hit.end) == (100 + 8, 100 + 11)
    assert hit.severity is Severity.ERROR
    assert hit.suggestions == ("The", "Ten", "Tea")
    assert (hit.source, hit.safe_fix) == ("languagetool", False)


def test_severity_by_issue_type_and_override() -> None:
    text = "Mehmet Metin Eker spoke.\n\nEker said the colour was grey. We are glad to the news."
    matches = [compact(m) for m in RECORDED[text]]
    grammar = LanguageToolEngine(LanguageToolConfig()).to_hits(Chunk(0, 0, text), matches, text)[-1]
    assert grammar.severity is Severity.WARNING
    engine = LanguageToolEngine(LanguageToolConfig(), severities={"HAPPY_TO_YOUR": Severity.INFO})
    assert engine.to_hits(Chunk(0, 0, text), matches, text)[-1].severity is Severity.INFO


def test_vocabulary_suppresses_spelling() -> None:
    text = "I 😀 saw Teh cat adn Aghdam 😀😀 teh dog."
    engine = LanguageToolEngine(LanguageToolConfig(), Vocabulary({"adn", "Teh"}))
    assert [m for _, m in hits_for(text, engine)] == ["teh"]


def test_vocabulary_case_rules_and_phrases() -> None:
    vocab = Vocabulary({"kalbajar", "OIC", "aurora borealis", "Metin Eker"})
    assert vocab.covers("in Kalbajar now", 3, 11)
    assert vocab.covers("the OIC's", 4, 9)
    assert not vocab.covers("the oic", 4, 7)
    assert vocab.covers("an Aurora Borealis glow", 10, 18)
    assert vocab.covers("Mehmet Metin Eker", 13, 17)
    assert not vocab.covers("Mehmet metin eker", 13, 17)


@pytest.mark.parametrize(
    ("text", "word", "name"),
    [
        ("Teh cat sat.", "Teh", False),
        ("I saw Teh cat.", "Teh", False),
        ("Adn then he left.", "Adn", False),
        ("Sengendo said so.", "Sengendo", True),
        ("Mehmet Metin Eker spoke.", "Eker", True),
        ("Mr. Eker spoke.", "Eker", True),
        ("a word teh here", "teh", False),
    ],
)
def test_probable_names(text: str, word: str, name: bool) -> None:
    suggestions = {"Teh": ["The", "Ten"], "Adn": ["ADN", "And"], "Eker": ["Ever", "Eger"]}.get(word, ["Legend"])
    start = text.index(word)
    assert is_probable_name(text, start, start + len(word), suggestions, text) is name
    # The lexicon answers how common a word is in place of wordfreq: the same judgement.
    assert is_probable_name(text, start, start + len(word), suggestions, text, load_lexicon()) is name


def test_names_with_the_lexicon_leave_wordfreq_unloaded() -> None:
    """A name judged with the lexicon never imports wordfreq (0.5 s a process), unless a word
    is beyond the lexicon: a hyphenated one ('Al-Othaimeen') is asked of wordfreq only when a
    common suggestion is one slip from it."""
    code = (
        "import sys\n"
        "from lint.lexicon import load_lexicon\n"
        "from lint.words import is_probable_name\n"
        "lex = load_lexicon()\n"
        "doc = 'Sengendo and Al-Othaimeen met Mehmet Metin Eker. Teh cat sat.'\n"
        "for word, sug in (('Sengendo', ['Legend']), ('Al-Othaimeen', ['Al-Othman']), ('Eker', ['Ever']), ('Teh', ['The'])):\n"
        "    i = doc.index(word)\n"
        "    is_probable_name(doc, i, i + len(word), sug, doc, lex)\n"
        "print('wordfreq' in sys.modules)\n"
    )
    load_lexicon()  # a cold lexicon cache is built from wordfreq: build it here, not in the child
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_name_evidence_elsewhere_in_the_document() -> None:
    doc = "Mehmet Metin Eker spoke.\n\nEker said more."
    start = doc.rindex("Eker")
    assert is_probable_name(doc, start, start + 4, ["Ever"], doc)
    assert not is_probable_name("Eker said more.", 0, 4, ["Ever"], "Eker said more.")


def test_one_edit() -> None:
    assert one_edit("teh", "the") and one_edit("adn", "and") and one_edit("eker", "ever")
    assert one_edit("cat", "cats") and one_edit("cats", "cat")
    assert not one_edit("aghdam", "adam") and not one_edit("same", "same")


def test_split_source_paragraphs_and_long_paragraphs() -> None:
    src = plain_source("One para.\n\nTwo para. " + "Sentence here. " * 20 + "\n\n\nThree.")
    chunks = split_source(0, src, limit=100)
    assert all(len(c.text) <= 100 for c in chunks)
    assert all(src.text[c.start : c.start + len(c.text)] == c.text for c in chunks)
    assert chunks[0].text == "One para." and chunks[-1].text == "Three."
    assert "".join(c.text for c in chunks[1:-1]).strip() == src.text.split("\n\n")[1].strip()


def test_default_disabled_rules_used_when_config_says_none() -> None:
    assert LanguageToolEngine(LanguageToolConfig()).disabled_rules == DEFAULT_DISABLED_RULES
    assert LanguageToolEngine(LanguageToolConfig(disabled_rules=())).disabled_rules == ()
    assert list(DEFAULT_DISABLED_RULES) == sorted(set(DEFAULT_DISABLED_RULES))


def test_cache_key_depends_on_settings() -> None:
    a = LanguageToolEngine(LanguageToolConfig()).settings()
    b = LanguageToolEngine(LanguageToolConfig(disabled_rules=("X",))).settings()
    c = LanguageToolEngine(LanguageToolConfig(language="en-GB")).settings()
    assert len({cache_key("t", a), cache_key("t", b), cache_key("t", c), cache_key("u", a)}) == 4


def test_cache_round_trip_and_corrupt_entries(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    cache = ResultCache(path)
    cache.put_many({"k": [{"offset": 1}], "bad": [{"offset": 2}]})
    cache.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE matches SET value = '{not json' WHERE key = 'bad'")
    cache = ResultCache(path)
    assert cache.get_many(["k", "bad", "missing"]) == {"k": [{"offset": 1}]}
    cache.put_many({"bad": []})
    assert cache.get_many(["bad"]) == {"bad": []}
    cache.close()


def test_cache_file_that_is_not_a_database_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"garbage" * 1000)
    cache = ResultCache(path)
    cache.put_many({"k": []})
    assert cache.get_many(["k"]) == {"k": []}
    cache.close()


def test_disabled_cache_stores_nothing() -> None:
    cache = ResultCache(None)
    cache.put_many({"k": []})
    assert cache.get_many(["k"]) == {}


class _FakeLT(http.server.BaseHTTPRequestHandler):
    """A stand-in LanguageTool server whose /v2/check answers with ``check_reply``."""

    check_reply: tuple[int, str] = (200, '{"matches": []}')

    def do_GET(self) -> None:  # /v2/languages, asked by language-tool-python on connect
        self._send(200, json.dumps([{"name": "English (US)", "code": "en", "longCode": "en-US"}]))

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status, body = self.check_reply
        if status == 0:
            self.connection.close()  # the server dies mid-request
            return
        self._send(status, body)

    def _send(self, status: int, body: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def fake_lt() -> Iterator[type[_FakeLT]]:
    handler = type("Handler", (_FakeLT,), {})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    handler.url = f"http://127.0.0.1:{httpd.server_address[1]}"  # type: ignore[attr-defined]
    yield handler
    httpd.shutdown()


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ((500, "Error: Internal Server Error\nat java.lang..."), "HTTP 500: Error: Internal Server Error"),
        ((503, '{"matches": []}'), "HTTP 503"),
        ((200, '{"warnings": {"incompleteResults": true}, "matches": []}'), "incomplete results"),
        ((200, '{"no": "matches"}'), "no list of matches"),
        ((200, '{"matches": [{"offset": 0}]}'), "malformed match"),
        ((200, '{"matches": [' + json.dumps(RECORDED["I 😀 saw Teh cat adn Aghdam 😀😀 teh dog."][0]).replace('"offset": ', '"offset": 9') + ']}'), "outside the text"),
        ((200, "<html>"), "not JSON"),
        ((0, ""), "http://127.0.0.1"),
    ],
)
def test_server_failures_are_one_line_engine_errors(fake_lt: Any, reply: tuple[int, str], reason: str) -> None:
    fake_lt.check_reply = reply
    engine = LanguageToolEngine(LanguageToolConfig(url=fake_lt.url, cache=False))
    hits, errors = engine.check([plain_source("One paragraph.\n\nAnother one.")])
    assert hits == [[]] and len(errors) == 1 and isinstance(errors[0], EngineError)
    assert reason in str(errors[0]) and "\n" not in str(errors[0])


def test_fake_server_success_path(fake_lt: Any) -> None:
    text = "I 😀 saw Teh cat adn Aghdam 😀😀 teh dog."
    fake_lt.check_reply = (200, json.dumps({"matches": RECORDED[text]}))
    engine = LanguageToolEngine(LanguageToolConfig(url=fake_lt.url, cache=False))
    src = plain_source(text)
    assert [src.text[h.start : h.end] for h in engine.hits([src])[0]] == ["Teh", "adn", "teh"]


def test_pack_keeps_order_limit_and_utf16_spans() -> None:
    texts = {"a": "One 😀 two.", "b": "X" * 30, "c": "Three, four.", "d": "Y" * 100}
    batches = pack(texts, limit=50)
    assert [b.keys for b in batches] == [("a", "b"), ("c",), ("d",)]
    first = batches[0]
    assert first.text == "One 😀 two.\n\n" + "X" * 30
    units = first.text.encode("utf-16-le")
    for key, (start, end) in zip(first.keys, first.spans):
        assert units[2 * start : 2 * end].decode("utf-16-le") == texts[key]


def test_pack_makes_at_least_one_batch_per_worker() -> None:
    texts = {str(i): f"Paragraph {i} is here." for i in range(8)}
    assert len(pack(texts, limit=10_000, parts=4)) >= 4
    assert len(pack(texts, limit=10_000, parts=1)) == 1


def test_split_maps_batch_offsets_back_and_drops_separator_matches() -> None:
    texts = {"a": "A 😀 mispeled.", "b": "Teh end."}
    (batch,) = pack(texts)
    units = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731
    in_a = {"offset": units("A 😀 "), "length": 8, "rule": "R"}
    in_b = {"offset": batch.spans[1][0], "length": 3, "rule": "R"}
    across = {"offset": batch.spans[0][1] - 1, "length": 4, "rule": "X"}  # runs over the blank line
    found = batch.split([in_a, in_b, across])
    assert found == {"a": [{**in_a, "offset": units("A 😀 ")}], "b": [{**in_b, "offset": 0}]}
    start, end = utf16_to_codepoints(texts["a"], found["a"][0]["offset"], 8)
    assert texts["a"][start:end] == "mispeled"


def test_a_paragraph_opening_in_lower_case_opens_a_request() -> None:
    texts = {"a": "# Title", "b": "markdown-it is fast.", "c": "Élan.", "d": "Plain.", "e": "Text."}
    # 'b' and 'c' go alone; 'd' and 'e' join the batch that 'a' opened.
    assert [b.keys for b in pack(texts)] == [("a", "d", "e"), ("b",), ("c",)]


def test_what_a_paragraph_leaves_open_decides_what_may_follow_it() -> None:
    texts = {"a": "One.", "b": 'He said "yes".', "c": "It's (really) fine.", "d": "The students’ books.",
             "e": "Two (2.", "f": "“Open.", "g": "End.", "h": 'More "here".', "i": "then lower.",
             "j": 'Last "one.', "k": "Then ” closes.", "l": '"Next" one.', "m": 'And "so.', "n": 'It ended." Then.',
             "o": 'It is 5" wide.', "p": "Tail."}
    # Single quotes, unpaired brackets and an inch mark end a batch ('d', 'e', 'o'); a double quote
    # left open is followed by paragraphs without its kind of quote ('g', 'h', 'j', 'm', 'p') or
    # whose first quote opens one ('l'); one whose first quote closes ('k' after '“', 'n' after
    # '"') goes to the next batch that it may follow, or opens one.
    assert [b.keys for b in pack(texts)] == [("a", "b", "c", "d"), ("e",), ("f", "g", "h", "j", "l", "m", "p"),
                                            ("i",), ("k", "n", "o")]


def test_with_the_bracket_rule_on_a_paragraph_that_does_not_pair_up_ends_its_batch() -> None:
    texts = {"a": "One.", "b": "“Open.", "c": "End.", "d": "Two (2.", "e": "Three."}
    assert [b.keys for b in pack(texts)] == [("a", "b", "c", "d"), ("e",)]
    assert [b.keys for b in pack(texts, brackets=True)] == [("a", "b"), ("c", "d"), ("e",)]


@pytest.mark.parametrize("text, still, after", [
    ("Plain.", {'"'}, {'"'}), ('A "b" c.', set(), set()), ('A "b c.', set(), {'"'}), ('A b" c.', {'"'}, set()),
    ("A “b” c.", {'"'}, {'"'}), ("A “b c.", set(), {"“"}), ("A ”b “c.", set(), {"“"}), ('"A" and "b', set(), {'"'}),
    ('He said "no', {"“"}, {'"', "“"}), ("It's fine.", {'"'}, {'"'}), ("Jones' car.", set(), None),
    ('A 12" pipe.', set(), None), ("A (b.", set(), None),
])
def test_leaves_open(text: str, still: set[str], after: set[str] | None) -> None:
    assert leaves_open(text, frozenset(still)) == (None if after is None else frozenset(after))


@pytest.mark.parametrize("text, still, follows", [
    ("Plain.", {'"', "“"}, True), ('A "b".', {"“"}, True), ('"A" b.', {'"'}, True), ('A "b".', {'"'}, True),
    ('A."b".', {'"'}, False), ('It ended." Then.', {'"'}, False), ("“A” b.", {"“"}, True), ("A ” b.", {"“"}, False),
    ('“A” "b".', {'"', "“"}, False), ("A ‘b’ \"c\".", {'"'}, False),
])
def test_may_follow(text: str, still: set[str], follows: bool) -> None:
    assert may_follow(text, frozenset(still)) is follows


@pytest.mark.parametrize("text, closed", [
    ('A "b" (c [d]) “e” «f».', True), ('A "b.', False), ("A (b].", False), ("A b).", False),
    ("A ‘b’.", False), ("Don't.", True), ("Jones' car.", False), ('A "(b" c).', False),
    # a quote that ends here and one that goes on into the next paragraph: two, both left open
    ('turn it." He hesitated. "If you need', False), ('"Go on," she said, "turn it."', True),
])
def test_pairs_up(text: str, closed: bool) -> None:
    assert pairs_up(text) is closed


def test_round_eleven_style_rules_are_off_and_their_error_twins_stay_on() -> None:
    # Usage, comma and hyphenation preferences (none of their labelled findings real) are off;
    # rules of the same families with labelled real findings stay on (issue 10, round 11).
    off = ("VICE_VERSA", "CELSIUS", "SIMPLE_TO_USE_HYPHEN", "PER_USER_BASIS_HYPHEN", "DOUBLE_CLICK_HYPHEN",
           "NEITHER_NOR_SUPERFLUOUS_COMMA", "QUOTATION_MARKS_COMMA", "COPYRIGHT", "DASH_RULE", "SHORT_COMPARATIVES")
    on = ("BUILT_IN_HYPHEN", "GITHUB", "TWITTER", "SPURIOUS_APOSTROPHE", "IN_WINDOWS", "EN_UNPAIRED_QUOTES",
          "LOG_IN", "SETUP_VERB")
    assert set(off) <= set(DEFAULT_DISABLED_RULES)
    assert not set(on) & set(DEFAULT_DISABLED_RULES)
