"""Markup context of findings (lint.structure) and the filter that uses it (issue 10)."""

from __future__ import annotations

from lint.config import Config
from lint.extract import extract
from lint.filters import FilterContext, apply
from lint.model import Finding, Location, Severity
from lint.lexicon import load_lexicon
from lint.structure import english, near_copy, starts_block, structural


def at(text: str, word: str) -> int:
    return text.index(word)


def test_list_items_table_cells_and_tags_start_blocks():
    md = "- add the option\n* fix it\n1. run it\n| a | returns x |\n"
    for word in ("add", "fix", "run", "returns"):
        assert starts_block(md, at(md, word)), word
    html = '<td><p>signed char</p></td>\n             accesskey="N">next</a>\n'
    assert starts_block(html, at(html, "signed")) and starts_block(html, at(html, "next"))
    rst = "=====  =========\nfoo    does nothing\n=====  =========\n"
    assert starts_block(rst, at(rst, "foo")) and starts_block(rst, at(rst, "does"))


def test_sentence_starts_in_prose_are_not_blocks():
    text = "The report is late. the board met.\nthe end came.\nIt ended.  then it began.\n"
    assert not starts_block(text, at(text, "the board"))
    assert not starts_block(text, at(text, "the end"))
    assert not starts_block(text, at(text, "then"))


def test_structure_lines():
    text = "- deps: foo@1.0\n## Notes here\nplain prose line\nTitle\n=====\n"
    assert structural(text, at(text, "deps")) and structural(text, at(text, "Notes"))
    assert structural(text, at(text, "Title")) and not structural(text, at(text, "plain"))


def test_language_of_a_paragraph():
    known = load_lexicon().known
    assert english("The parser reads the file and returns a list of the values that it found in it.", known)
    spanish = "Los comentarios comienzan donde existe un signo, entonces si su valor contiene otro signo, enciérrelo."
    assert not english(spanish, known) and not english(spanish)
    assert english("Too short to judge: se puede.", known)
    names = "Present: Cllr Anna Webb (chair), Cllr Tom Hale, Cllr Ruth Amos, clerk Jo Pike; apologies: Cllr Sam Lowe."
    assert english(names, known)  # few function words, but English words and names


def test_near_copy_is_local():
    text = "One two three four five.\n\nOther words here now.\n\nMore text is here.\n\nYet another one.\n\nOne two three four five.\n"
    source = extract(text, "markdown")[0]
    assert not near_copy(source, text.rindex("One"))
    text = "One two three four five.\n\nOne two three four five.\n"
    assert near_copy(extract(text, "markdown")[0], text.rindex("One"))


def finding(text: str, word: str, rule: str, length: int | None = None) -> Finding:
    start = text.index(word)
    word = word[:length] if length else word
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    loc = Location(start, start + len(word), line, col, line, col + len(word))
    return Finding("a.md", loc, rule, Severity.WARNING, "m", match=word)


def test_filter_drops_markup_noise_and_keeps_prose_errors():
    text = "- fix the bug\n\nIt broke. then it  worked with a SHA-256 key and a apple.\n"
    source = extract(text, "markdown")[0]
    found = [
        finding(text, "fix", "lt.UPPERCASE_SENTENCE_START"),
        finding(text, "then", "lt.UPPERCASE_SENTENCE_START"),
        finding(text, "  ", "lt.WHITESPACE_RULE"),
        finding(text, "a SHA", "lt.EN_A_VS_AN", 1),  # LanguageTool flags the article only
        finding(text, "a apple", "lt.EN_A_VS_AN", 1),
    ]
    kept = apply(found, FilterContext(Config(), {"a.md": source}))
    assert [(f.rule, f.match) for f in kept] == [
        ("lt.UPPERCASE_SENTENCE_START", "then"), ("lt.EN_A_VS_AN", "a")]
