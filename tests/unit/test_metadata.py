"""Metadata lines: dates, bylines and key: value stamps are recognised by shape, not by sample."""

from __future__ import annotations

import pytest

from lint.metadata import in_metadata, metadata_spans


@pytest.mark.parametrize(
    ("text", "stamp"),
    [
        (" date 2021-04-08 By Vafa Ismayilova", " date 2021-04-08 By Vafa Ismayilova"),
        (" date 2021-04-06 OIC offers support to Azerbaijan", " date 2021-04-06"),
        ("Politics 6 April 2021 14:45 (UTC+04:00)", "Politics 6 April 2021 14:45 (UTC+04:00)"),
        ("Updated: March 3, 2024", "Updated: March 3, 2024"),
        ("Posted 2024-01-02 09:30 by Jane Doe", "Posted 2024-01-02 09:30 by Jane Doe"),
        ("By Jane van der Berg", "By Jane van der Berg"),
        ("Author: J. Smith", "Author: J. Smith"),
        ("12/05/2023", "12/05/2023"),
    ],
)
def test_stamps_bylines_and_key_values(text: str, stamp: str) -> None:
    assert [text[s:e] for s, e in metadata_spans(text)] == [stamp]


@pytest.mark.parametrize(
    "text",
    [
        "On April 6, 2021 the board met.",
        "3 May 2021, the board met again.",
        "Note: the report is late.",
        "By then the ferry had gone and nobody was waiting.",
        "The harbour opened in 1904.",
    ],
)
def test_sentences_are_not_metadata(text: str) -> None:
    assert metadata_spans(text) == []


def test_spans_are_offsets_of_the_whole_text() -> None:
    text = "Report\n\nBy Ana Lima\n\nThe text."
    spans = metadata_spans(text)
    assert [text[s:e] for s, e in spans] == ["By Ana Lima"]
    start = text.index("Ana")
    assert in_metadata(spans, start, start + 3) and not in_metadata(spans, text.index("The"), len(text))
