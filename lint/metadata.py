"""Metadata and header lines: dates, bylines and ``key: value`` stamps, which are not sentences.

Engines that check sentences (capitalisation at a sentence start, a missing verb, a final
full stop) skip these spans; spelling checks still run on them. Recognised by shape, not by
sample text:

* a date stamp at the start of a line, with an optional label and time: ``date 2021-04-08``,
  ``Politics 6 April 2021 14:45 (UTC+04:00)``, ``Updated: March 3, 2024``;
* a byline: ``By Vafa Ismayilova`` alone on a line or after a date stamp;
* a short ``key: value`` line without sentence punctuation: ``Author: J. Smith``.
"""

from __future__ import annotations

import re

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}(?:T\d{{2}}:\d{{2}}(?::\d{{2}})?Z?)?|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}"
    rf"|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})"
)
_TIME = r"(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*\([^)\n]{1,20}\))?)"
_NAME = r"[A-Z][\w'’.-]*(?:[ \t]+(?:[A-Z][\w'’.-]*|van|von|der|den|de|du|di|la|le|al|bin|ibn|da|del))*"
_BYLINE = rf"(?:[Bb]y|BY)[ \t]+{_NAME}"
#: Labels that make a date the start of a sentence ('On April 6, 2021 the board met').
_PREPOSITIONS = r"(?i:on|in|at|by|since|until|till|from|before|after|as|of|for|to|through|during|between)\b"
#: A line that starts with an optional one- or two-word label, then a date (and time), then
#: optionally a byline; the match is the stamp, not the rest of the line (a headline may follow,
#: but no comma or lowercase word that would continue a sentence).
_STAMP = re.compile(
    rf"^[ \t]*(?:(?!{_PREPOSITIONS})[A-Za-z][\w-]*(?:[ \t]+[A-Za-z][\w-]*)?:?[ \t]+)?{_DATE}{_TIME}?"
    rf"(?:[ \t]+{_BYLINE}[ \t]*$)?(?![ \t]*(?:[,;]|[a-z]))",
    re.M,
)
_BYLINE_LINE = re.compile(rf"^[ \t]*{_BYLINE}[ \t]*$", re.M)
#: ``key: value`` with a short key and a value of at most eight words and no final . ! ?
_KEY_VALUE = re.compile(r"^[ \t]*[A-Za-z][\w -]{0,24}:[ \t]+(?:\S+[ \t]*){1,8}(?<![.!?])$", re.M)


def metadata_spans(text: str) -> list[tuple[int, int]]:
    """Half-open spans of ``text`` (code points) that are metadata, sorted by start."""
    spans = {m.span() for pattern in (_STAMP, _BYLINE_LINE, _KEY_VALUE) for m in pattern.finditer(text)}
    return sorted(s for s in spans if s[1] > s[0])


def in_metadata(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``start:end`` (code points) overlaps one of ``spans`` from metadata_spans."""
    return any(s < max(end, start + 1) and start < e for s, e in spans)
