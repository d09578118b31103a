"""The fix loop (lint.fix.plan): every edit of every pass is reported, located in the file as read."""

from __future__ import annotations

import random

from lint.fix import Edit, applied, plan
from lint.model import Finding, Location, Severity
from lint.reading import Encoded


def spans(passes: list[list[Edit]], original: str) -> list[tuple[int, int, int]]:
    return [(a.location.start, a.location.end, a.fix_pass) for a in applied(original, passes)]


def test_a_later_edit_is_shifted_by_earlier_edits_that_changed_the_length():
    original = "ab cd ef gh"
    first = [Edit(3, 5, "CDXX")]            # -> "ab CDXX ef gh"
    second = [Edit(8, 10, "EF")]            # "ef" in the text after the first pass
    assert spans([first, second], original) == [(3, 5, 1), (6, 8, 2)]


def test_a_later_edit_inside_text_an_earlier_edit_put_in_covers_that_edit():
    original = "ab cd ef"
    first = [Edit(3, 5, "CDXX")]            # -> "ab CDXX ef"
    second = [Edit(4, 6, "q"), Edit(7, 7, "!")]  # inside "CDXX"; then right after it
    assert spans([first, second], original) == [(3, 5, 1), (3, 5, 2), (5, 5, 2)]


def test_a_later_edit_across_a_deletion_covers_the_deleted_text():
    original = "He met the the the press."
    first = [Edit(7, 14, "the")]            # -> "He met the the press."
    second = [Edit(7, 14, "the")]           # -> "He met the press."
    assert spans([first, second], original) == [(7, 14, 1), (7, 18, 2)]
    deleted = [Edit(2, 3, "")]              # "ab cd" -> "abcd"
    assert spans([deleted, [Edit(2, 4, "CD")]], "ab cd") == [(2, 3, 1), (2, 5, 2)]


def test_locations_give_lines_and_columns_in_the_file_as_read():
    original = "one\r\ntwo three\n"
    (fix,) = applied(original, [[Edit(9, 14, "3")]])
    loc = fix.location
    assert (loc.line, loc.column, loc.end_line, loc.end_column) == (2, 5, 2, 10)


def test_every_changed_character_lies_in_a_reported_span_on_random_passes():
    """Original characters are unique and replacements come from another alphabet, so what an
    edit removed or put in can be told exactly, whatever the passes did."""
    rng = random.Random(9)
    for _ in range(300):
        original = "".join(chr(0x4E00 + i) for i in range(rng.randint(0, 40)))
        text, passes = original, []
        for _ in range(rng.randint(1, 4)):
            edits, pos = [], 0
            while pos <= len(text) and rng.random() < 0.7:
                start = rng.randint(pos, len(text))
                end = rng.randint(start, min(len(text), start + 4))
                edits.append(Edit(start, end, "".join(rng.choice("xyz") for _ in range(rng.randint(0, 3)))))
                pos = end + 1
            passes.append(edits)
            text = "".join(p for e, start in zip(edits, [0] + [e.end for e in edits])
                           for p in (text[start : e.start], e.text)) + text[edits[-1].end if edits else 0 :]
        reported = [(a.location.start, a.location.end) for a in applied(original, passes)]
        kept = [original.index(c) for c in text if c not in "xyz"]
        for i, c in enumerate(original):  # a removed character lies in a span
            assert c in text or any(s <= i < e for s, e in reported), (original, passes)
        for k, c in enumerate(text):  # an added character stands between neighbours a span touches
            if c in "xyz":
                left = max((original.index(t) for t in text[:k] if t not in "xyz"), default=-1)
                right = min((original.index(t) for t in text[k:] if t not in "xyz"), default=len(original))
                assert any(s <= right and left + 1 <= e for s, e in reported), (original, passes)
        assert kept == sorted(kept)


def finding(start: int, end: int, suggestion: str, original: str) -> Finding:
    return Finding("a.txt", Location(start, end, 1, start + 1, 1, end + 1), "typos.doubled-word", Severity.ERROR,
                   "m", (suggestion,), match=original[start:end])


def test_plan_reports_the_fixes_of_later_passes():
    """'the the the': pass 1 fixes the first pair, the recheck finds the pair that is left."""
    original = "He met the the the press."

    def recheck(texts):
        text = texts["a.txt"].text
        i = text.find("the the")
        return [finding(i, i + 7, "the", text)] if i >= 0 else []

    plans, notes = plan({"a.txt": Encoded(original, "utf-8", b"")}, [finding(7, 14, "the", original)], recheck,
                        unsafe=True)
    (file,) = plans
    assert not notes and file.after == "He met the press." and file.fixes == 2
    assert [(a.location.start, a.location.end, a.fix_pass) for a in file.applied] == [(7, 14, 1), (7, 18, 2)]
