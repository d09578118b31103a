"""The language server's one offset <-> LSP position helper, and its text edits."""

from __future__ import annotations

import pytest

from lint.lsp.actions import add_to_vocabulary, file_suppression, line_suppression
from lint.lsp.positions import PositionMap, units

# An emoji (astral: 2 UTF-16 units, 4 UTF-8 bytes) and a combining mark (1 unit, 2 bytes) before 'teh'.
TEXT = "first\r\nCafe\u0301 \U0001F600 teh\nlast"


@pytest.mark.parametrize(("encoding", "character"), [("utf-16", 9), ("utf-8", 12), ("utf-32", 8)])
def test_position_after_emoji_and_combining_mark(encoding: str, character: int) -> None:
    pm = PositionMap(TEXT, encoding)
    offset = TEXT.index("teh")
    assert pm.position(offset) == (1, character)
    assert pm.offset(1, character) == offset
    line = TEXT.splitlines()[1]
    assert units(line[: line.index("teh")], encoding) == character


def test_positions_round_trip_on_every_character() -> None:
    for encoding in ("utf-16", "utf-8", "utf-32"):
        pm = PositionMap(TEXT, encoding)
        for offset in range(len(TEXT) + 1):
            if TEXT[offset - 1 : offset + 1] == "\r\n":
                continue  # between CR and LF is not a position
            assert pm.offset(*pm.position(offset)) == offset, (encoding, offset)


def test_past_line_end_clamps_to_the_line_end() -> None:
    pm = PositionMap(TEXT)
    assert pm.offset(0, 99) == TEXT.index("\r")
    assert pm.offset(9, 0) == len(TEXT)


def test_line_suppression_per_format() -> None:
    md = PositionMap("Title\n\nsaid the the\n")
    assert line_suppression(md, "markdown", 2, "typos.x") == (len("Title\n\nsaid the the"), " <!-- typolint: ignore[typos.x] -->")
    rst = PositionMap("Title\n=====\n\n  said the the\n  more\n")
    assert line_suppression(rst, "rst", 3, "typos.x") == (len("Title\n=====\n\n"), "  .. typolint: ignore-next-line[typos.x]\n")
    assert line_suppression(rst, "rst", 4, "typos.x") is None  # inside a paragraph


def test_file_suppression_skips_front_matter_and_doctype() -> None:
    assert file_suppression("---\na: 1\n---\nText\n", "markdown", "r") == (len("---\na: 1\n---\n"), "<!-- typolint: disable-file[r] -->\n")
    assert file_suppression("<!DOCTYPE html>\n<p>x</p>", "html", "r") == (len("<!DOCTYPE html>\n"), "<!-- typolint: disable-file[r] -->\n")
    assert file_suppression("Text\r\n", "rst", "r") == (0, ".. typolint: disable-file[r]\r\n\r\n")
    assert file_suppression("Text\n", "plain", "r") == (0, "typolint: disable-file[r]\n")


def test_add_to_vocabulary_appends_once(tmp_path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("alpha  # a comment", encoding="utf-8")
    assert add_to_vocabulary(words, "beta") is True
    assert add_to_vocabulary(words, "alpha") is False
    assert words.read_text(encoding="utf-8") == "alpha  # a comment\nbeta\n"
    assert [p.name for p in tmp_path.iterdir()] == ["words.txt"]  # no temporary file left


def test_vocabulary_file_is_configured_when_missing(tmp_path) -> None:
    from lint.config import load_config
    from lint.lsp.actions import vocabulary_file

    assert vocabulary_file(tmp_path, None, ()) == tmp_path / ".typolint-words.txt"
    config = tmp_path / ".typolint.yaml"
    assert config.read_text(encoding="utf-8") == "vocabulary: [.typolint-words.txt]\n"
    add_to_vocabulary(tmp_path / ".typolint-words.txt", "zorblax")
    assert load_config(config).vocabulary.accepts("zorblax")
    config.write_text("ignore: [typos]", encoding="utf-8")
    vocabulary_file(tmp_path, config, ())
    assert config.read_text(encoding="utf-8") == "ignore: [typos]\nvocabulary: [.typolint-words.txt]\n"
    assert vocabulary_file(tmp_path, config, ()) is None  # the key is there now: never written twice
    assert vocabulary_file(tmp_path, tmp_path / "pyproject.toml", ()) is None
