"""The compiled core (lint._core) against the Python regular expressions that define each scan.

Offsets are code points of the text (Python str indices), and character classes are those of
Python's ``re``; random texts mix ASCII with the characters where the two could part: non-ASCII
letters and digits that ``\\w`` holds, combining marks it does not, the letters that
``re.IGNORECASE`` folds to ASCII, and the letters whose lowercase depends on context or length.
"""

from __future__ import annotations

import difflib
import random
import re
from collections import Counter

import pytest

from lint import _core
from lint.lexicon import Lexicon

ALPHABET = (
    "aaeeiostnrhlBCTHWK" + "  \n\n" + "'’-._,.!?" + "09"
    + "еРαé" + "İıſ\u212aΣσ" + "\u0301²Ⅻ①ß" + "\u00a0\u2014"
)


#: A small lexicon's known words: 'the' and 'aa' (common), 'bob' (curated); 'cde' is rare.
KNOWN = Lexicon.from_tables({"the": 7.0, "aa": 5.0, "cde": 1.0}, frozenset({"bob"})).known


def texts(n: int = 400, seed: int = 16) -> list[str]:
    rng = random.Random(seed)
    out = ["", "a", "Aa Bb", "The Harbour Board met the Board Harbour.", "colour COLOUR ſ\u212a",
           "Рe said that Azerbaijan`s delegation met the the press.\n\nРe said that."]
    for _ in range(n):
        size = rng.randint(1, 80)
        # Title-case words and spaces often enough that name runs occur.
        out.append("".join(rng.choice((rng.choice(ALPHABET), " ", rng.choice(["Aa", "Bob", "Cde", "the"])))
                           for _ in range(size)))
    return out


#: Whole words and separators for longer texts, mostly ASCII as real prose is (the scans' ASCII
#: paths), with the non-ASCII letters, apostrophes, dashes and CRLF line ends around them.
TOKENS = (
    ["the", "The", "THE", "the", "a", "A", "had", "colour", "Colour", "COLOUR", "color", "Harbour", "Board", "Bob",
     "don't", "don’t", "it's", "x_1", "a.b", "camelCase", "v2", "Aa", "teh", "adn", "is", "k"]
    + ["İt", "ıt", "ſo", "\u212aey", "Ωmega", "σας", "Привет", "Рe", "éte", "e\u0301", "ǅ", "ß", "①"]
    + [" "] * 12 + ["  ", "\t", "\n", "\r\n", "\r\n\r\n", "\n \n", "\n\n", "\r", "\u3000", "\u00a0"]
    + [".", ". ", ", ", "!", "?", "-", "—", "'", "’", '"', "“", "”", "(", ")", "_", "`"]
)


def word_texts(n: int = 150, seed: int = 16) -> list[str]:
    """Random texts of up to 300 tokens (``TOKENS``): many words per paragraph, as in prose."""
    rng = random.Random(seed)
    return ["".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 300))) for _ in range(n)]


@pytest.mark.parametrize("text", texts() + word_texts())
def test_scans_equal_their_regular_expressions(text):
    assert _core.letter_runs(text) == Counter(re.findall(r"[A-Za-z]+", text))
    assert list(_core.letter_runs(text)) == list(dict.fromkeys(re.findall(r"[A-Za-z]+", text)))
    assert _core.lowercase_words(text) == frozenset(re.findall(r"(?<![\w'’-])[a-z]+(?![\w'’-])", text))
    name = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:[ ][A-Z][a-z]+){1,4}(?![\w'’-])")
    assert _core.name_runs(text) == [(m.group(), m.start(), m.end()) for m in name.finditer(text)]
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)} | {"colour", "k", "is", "aa"}
    found = re.compile(r"(?<![\w'’-])(?:" + "|".join(map(re.escape, sorted(words))) + r")(?![\w'’-])", re.I)
    assert _core.find_words_nocase(text, words) == [m.span() for m in found.finditer(text)]
    assert _core.letter_pieces(text) == Counter(re.findall(r"[A-Za-z][a-z]+", text))
    runs = set(re.findall(r"[A-Za-z]+", text)) | {"is", "Aa"}
    body = "|".join(map(re.escape, sorted(runs, key=len, reverse=True)))
    assert _core.find_runs(text, runs) == [m.span() for m in re.finditer(rf"(?<![A-Za-z])(?:{body})(?![A-Za-z])", text)]
    pieces = set(re.findall(r"[A-Za-z][a-z]+", text)) | {"the", "Bob"}
    tokens = re.compile(r"(?<![\w'’.-])(?:" + "|".join(map(re.escape, pieces)) + r")(?![\w'’-]|\.\w)")
    assert _core.find_tokens(text, pieces) == [m.span() for m in tokens.finditer(text)]


@pytest.mark.parametrize("anchor", [0, 1, 2, 4])
def test_paragraph_words_are_the_lowercase_tokens(anchor):
    token = re.compile(r"\w+(?:['’]\w+)*")
    for text in texts(150, seed=anchor) + word_texts(60, seed=anchor):
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)] + [(0, len(text))]
        got = _core.paragraph_words(text, spans, anchor)
        for (start, end), (count, joined, head, tail) in zip(spans, got, strict=True):
            words = tuple(w.lower() for w in token.findall(text, start, end))
            assert (count, joined, head, tail) == (
                len(words), " ".join(words), " ".join(words[:anchor]), " ".join(words[-anchor:])
            ), text



def repeated_paragraphs(text, spans, min_words, anchor, similarity):
    """The definition of the repetition kind's copies: (start, end of first line, earlier paragraph)."""
    token = re.compile(r"\w+(?:['’]\w+)*")
    seen, anchors, words, out = {}, {}, {}, []
    for i, (start, end) in enumerate(spans):
        tokens = [w.lower() for w in token.findall(text, start, end)]
        if len(tokens) < min_words:
            continue
        joined = " ".join(tokens)
        head, tail = " ".join(tokens[:anchor]), " ".join(tokens[-anchor:])
        first = seen.get(joined)
        if first is None:
            for j in sorted({*anchors.get("<" + head, ()), *anchors.get(">" + tail, ())}):
                if difflib.SequenceMatcher(None, words[j], tokens, autojunk=False).ratio() >= similarity:
                    first = j
                    break
        if first is not None:
            newline = text.find("\n", start, end)
            out.append((start, end if newline < 0 else newline, first))
            continue
        seen[joined], words[i] = i, tokens
        anchors.setdefault("<" + head, []).append(i)
        anchors.setdefault(">" + tail, []).append(i)
    return out


def repeating_texts(n: int = 120, seed: int = 7) -> list[str]:
    """Texts of paragraphs drawn from a few, copied verbatim, in another case or spacing, with a
    word dropped, added or changed, or wrapped onto two lines."""
    rng = random.Random(seed)
    words = [t for t in TOKENS if t.strip() and t[0].isalnum()]
    out = []
    for _ in range(n):
        pool = [[rng.choice(words) for _ in range(rng.randint(2, 14))] for _ in range(rng.randint(1, 5))]
        paragraphs = []
        for _ in range(rng.randint(1, 12)):
            p = list(rng.choice(pool))
            change = rng.random()
            if change < 0.15 and len(p) > 1:
                del p[rng.randrange(len(p))]
            elif change < 0.3:
                p.insert(rng.randrange(len(p) + 1), rng.choice(words))
            elif change < 0.4:
                p[rng.randrange(len(p))] = rng.choice(words)
            elif change < 0.5:
                p = [w.upper() for w in p]
            cut = rng.randrange(len(p) + 1)
            paragraphs.append(" ".join(p[:cut]) + rng.choice(["\n", " ", ", "]) + " ".join(p[cut:]) + rng.choice(["", ".", "!"]))
        out.append("".join(para + rng.choice(["\n\n", "\n \n", "\r\n\r\n", "\n\n\n"]) for para in paragraphs))
    return out


@pytest.mark.parametrize(("min_words", "anchor", "similarity"), [(4, 4, 0.9), (0, 1, 0.5), (2, 2, 0.75), (3, 0, 1.0)])
def test_repeated_paragraphs_equal_their_definition(min_words, anchor, similarity):
    found = 0
    for text in repeating_texts(seed=min_words + anchor) + texts(60) + word_texts(40):
        spans = _core.paragraph_spans(text)
        expected = repeated_paragraphs(text, spans, min_words, anchor, similarity)
        assert _core.repeated_paragraphs(text, spans, min_words, anchor, similarity) == expected, text
        found += len(expected)
    assert found > 100  # the texts hold copies, near copies among them


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The definition: pieces between blank lines that hold a non-space, without trailing space."""
    spans, pos = [], 0
    for m in re.finditer(r"\n[ \t]*\n\s*", text):
        chunk = text[pos : m.start()]
        if chunk.strip():
            spans.append((pos, pos + len(chunk.rstrip())))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, pos + len(text[pos:].rstrip())))
    return spans


@pytest.mark.parametrize("text", texts(seed=61) + word_texts(seed=61) + ["\n \n\n\ta\r\n\r\nb \u3000\n\t\n", "a\rb\r\n\rc\n"])
def test_tables_and_counts_equal_their_definitions(text):
    for lf_only, newline in ((False, r"\r\n|\r|\n"), (True, "\n")):
        found = list(re.finditer(newline, text))
        assert _core.line_table(text, lf_only) == ([0] + [m.end() for m in found], [m.start() for m in found] + [len(text)])
    assert _core.paragraph_spans(text) == paragraph_spans(text)
    unknown: Counter[str] = Counter()  # lint.learned.file_words's former definition
    for word, count in Counter(re.findall(r"[A-Za-z]+(?:['’][A-Za-z]+)*", text)).items():
        if word.lower() not in KNOWN:
            unknown[word.lower()] += count
    assert list(_core.unknown_prose_words(text, KNOWN).items()) == list(unknown.items())
    identifier = r"(?<![A-Za-z0-9])(?:[A-Za-z0-9]++(?:[._][A-Za-z0-9]++)+|[a-z0-9]++[A-Z][A-Za-z0-9]*+)"
    assert _core.identifiers(text) == frozenset(re.findall(identifier, text))


#: typos.doubled-word as it was a pattern rule (the regex module, MULTILINE): the definition of
#: the doubled kind's scan.
DOUBLED = (r"(?|\b(\p{L}++)(?:[ \t]++\n?|\n)[ \t]*+(\1)\b|(?:^|(?<=[.!?][\"”’)]*+[ \t\n]++))((\p{Lu})(\p{Ll}*+))"
           r"(?:[ \t]++\n?|\n)[ \t]*+((?i:\2)\3)\b)")


def doubling_texts(n: int = 600, seed: int = 8) -> list[str]:
    rng = random.Random(seed)
    words = ["the", "The", "THE", "a", "A", "had", "Ok", "ok", "ſ", "S", "s", "Σ", "σ", "ς", "Éte", "éte", "İ", "i",
             "\u212a", "k", "K", "Рe", "рe", "x1", "the\u0301", "ǅ", "ǆ", "Ǆ"]
    gaps = [" ", "  ", "\t", "\n", " \n ", "\n\n", ". ", '." ', "!) ", "? \n", ", ", "-", "’ ", '”\t', ""]
    out = ["He said the the report.", "The\nthe report", "It was late. And and then.", "Bitwise AND and"]
    for _ in range(n):
        parts, word = [], rng.choice(words)
        for _ in range(rng.randint(1, 8)):
            parts.append(word + rng.choice(gaps))
            # Half the time the same word again, or another case of it.
            word = rng.choice([word, word, word.lower(), word.upper(), word.capitalize()]) if rng.random() < 0.5 else rng.choice(words)
        out.append("".join(parts))
    return out


def test_doubled_words_equal_the_pattern():
    import regex

    from lint.engines.rules.kinds.doubled import _classify, _same

    pattern = regex.compile(DOUBLED, regex.M | regex.V0)
    for text in doubling_texts() + texts(seed=3) + word_texts(seed=3):
        expected = [(m.start(), m.end(), m.end(1)) for m in pattern.finditer(text)]
        assert _core.doubled_words(text, _classify, _same) == expected, text


def quote_problems(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The definition: “ ” and " paired within each paragraph (see lint._core.quote_problems)."""
    out = []
    for i, (start, end) in enumerate(spans):
        continued = i + 1 < len(spans) and text[spans[i + 1][0]] in "“\""
        opened = None
        for pos in range(start, end):
            char = text[pos]
            if char not in "“”\"":
                continue
            if opened is None:
                if char == "”":
                    out.append((pos, 0))
                else:
                    opened = pos
            elif char == "“":
                out += [(opened, 1)]
                opened = pos
            elif text[opened] == char == '"' or (text[opened], char) == ("“", "”"):
                opened = None
            else:
                out.append((opened, 2) if text[opened] == '"' else (pos, 3))
                opened = None
        if opened is not None and not continued:
            out.append((opened, 1))
    return out


def test_quote_problems_equal_their_definition():
    rng = random.Random(5)
    for _ in range(500):
        text = "".join(rng.choice(["“", "”", '"', "a", "é", " ", "\n\n", "\n"]) for _ in range(rng.randint(0, 30)))
        spans = paragraph_spans(text)
        assert _core.quote_problems(text, spans) == quote_problems(text, spans), text


def _to_original(segments: list[tuple[int, int, int]], start: int, end: int) -> tuple[int, int]:
    """TextSource.to_original's definition: a start in synthetic text moves forward to the next
    segment, an end moves back to the end of the previous one."""
    if not segments:
        return 0, 0
    starts = [t for t, _, _ in segments]

    def index(offset: int) -> int:
        return max((k for k, s in enumerate(starts) if s <= offset), default=-1)

    i = index(start)
    if i >= 0 and start < segments[i][0] + segments[i][2]:
        ostart = segments[i][1] + start - segments[i][0]
    else:
        ostart = segments[min(i + 1, len(segments) - 1)][1]
    if end <= start:
        return ostart, ostart
    j = index(end - 1)
    if j >= 0 and end - 1 < segments[j][0] + segments[j][2]:
        oend = segments[j][1] + end - segments[j][0]
    else:
        oend = segments[max(j, 0)][1] + segments[max(j, 0)][2]
    return ostart, max(oend, ostart)


def test_segment_map_equals_its_definition():
    import pickle

    rng = random.Random(16)
    for _ in range(300):
        segments, tpos, opos = [], rng.randint(0, 3), rng.randint(0, 3)
        for _ in range(rng.randint(0, 6)):
            length = rng.randint(1, 5)
            segments.append((tpos, opos, length))
            tpos += length + rng.choice([0, 0, 1, 2])  # synthetic text between segments, or none
            opos += length + rng.randint(0, 4)  # markup left out of the prose, or none
        smap = pickle.loads(pickle.dumps(_core.SegmentMap(segments)))
        for start in range(tpos + 2):
            for end in range(start, tpos + 3):
                assert smap.to_original(start, end) == _to_original(segments, start, end)
                last = max((k for k, (t, _, _) in enumerate(segments) if t <= start), default=-1)
                contiguous = last >= 0 and end <= segments[last][0] + segments[last][2]
                assert smap.is_contiguous(start, end) == contiguous
        assert smap.original_starts(list(range(tpos + 2))) == [_to_original(segments, s, s + 1)[0] for s in range(tpos + 2)]


def test_cyrillic_greek_letters_are_the_regex_packages_cyrillic_and_greek_letters() -> None:
    """The mixed-script kind starts from the core's offsets instead of _FOREIGN.finditer: the
    same letters over every code point (a new Unicode version in the regex package shows here)."""
    from lint._core import cyrillic_greek_letters
    from lint.engines.rules.kinds.mixed_script import _FOREIGN

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert cyrillic_greek_letters(every) == [m.start() for m in _FOREIGN.finditer(every)]
    text = "Рe noted, 😀 the bоok ΑTM"
    assert cyrillic_greek_letters(text) == [m.start() for m in _FOREIGN.finditer(text)] == [0, 17, 21]


def test_words_ending_equals_endswith():
    rng = random.Random(12)
    pieces = ["a", "s", "ed", "ing", "é", "σ", "ſ", "our", "or", "ß", "\u212a"]
    for _ in range(300):
        words = ["".join(rng.choice(pieces + ["\ud800"]) for _ in range(rng.randint(0, 5))) for _ in range(rng.randint(0, 20))]
        endings = tuple({"".join(rng.choice(pieces) for _ in range(rng.randint(0, 3))) for _ in range(rng.randint(1, 5))})
        assert _core.words_ending(words, endings) == [w for w in words if w.endswith(endings)], (words, endings)
        assert _core.words_ending(frozenset(words), endings) == [w for w in frozenset(words) if w.endswith(endings)]


@pytest.mark.parametrize("seed", [1, 2])
def test_word_share_equals_its_definition(seed):
    """word_share(text, words): the words of ``[^\\W\\d_]+`` and how many of them, lowered, are in
    ``words``; a frozenset's words are kept between calls, so two sets alternate, and a plain set
    changes between calls."""
    first, second = frozenset({"the", "a", "is", "ǆ", "i̇t", "σας", "k"}), frozenset({"colour", "bob", "ss", "the"})
    changing = {"had"}
    for k, text in enumerate(texts(200, seed=seed) + word_texts(100, seed=seed)):
        words = re.findall(r"[^\W\d_]+", text)
        changing.add(words[0].lower() if words else "x")
        for function_words in (first, second, changing, list(changing), first):
            expected = (len(words), sum(w.lower() in function_words for w in words))
            assert _core.word_share(text, function_words) == expected, (text, function_words)


def stranded_pattern(words: set[str]) -> re.Pattern[str]:
    """The dangling kind's former pattern (the definition of stranded_words): a , . or ; not
    followed by a word character or a dot, with one look-behind per word length for the word
    after a letter or comma and a space or tab, then an optional space or tab."""
    by_length: dict[int, list[str]] = {}
    for w in sorted(words):
        by_length.setdefault(len(w), []).append(w)
    behind = [rf"(?<=[A-Za-z,][ \t]({'|'.join(ws)}){gap}[,.;])" for _, ws in sorted(by_length.items()) for gap in ("", r"[ \t]")]
    return re.compile(rf"[,.;](?![\w.])(?:{'|'.join(behind)})")


def test_stranded_words_equal_the_pattern():
    rng = random.Random(9)
    pieces = ["the", "The", "in", "of", "a", "an", "to", "x", "é", "ǅ", "1", "_", " ", " ", "\t", ",", ".", ";", "..",
              "\n", "\r\n", "’", "-", "(", "in,", " the.", " of;", "x, in , a"]
    stranded = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(600)]
    for words in ({"the", "a", "an"}, {"in", "of", "to", "a", "the", "x"}, {"of"}):
        pattern = stranded_pattern(words)
        for text in stranded + texts(100, seed=9) + word_texts(60, seed=9):
            expected = [m.span(m.lastindex) for m in pattern.finditer(text)]
            assert _core.stranded_words(text, frozenset(words)) == expected, (text, words)


def test_scans_see_the_string_they_are_given_each_time():
    """The core decodes a text's characters once for consecutive scans of one string object;
    a scan of another string sees that string, also when a string freed just before had the
    same address (a new string per loop often takes the last one's place)."""
    a, b = "One Two\n\nThree “x” Four Five", "Six seven\n \nEight Nine\n\n\n“y"
    seen = {t: (_core.paragraph_spans(t), _core.name_runs(t), _core.quote_problems(t, _core.paragraph_spans(t)))
            for t in (a, b)}
    assert seen[a] != seen[b]
    for t in (a, b, a, a, b, b, a):
        assert (_core.paragraph_spans(t), _core.name_runs(t), _core.quote_problems(t, _core.paragraph_spans(t))) == seen[t]
    for i in range(300):
        number = str(i)
        text = "".join(["Word ", number, "\n\nNext Para ", "x" * (1 + i % 7)])
        first = len("Word ") + len(number)
        assert _core.paragraph_spans(text) == [(0, first), (first + 2, len(text))]
        assert _core.name_runs(text) == [("Next Para", first + 2, first + 11)]
        del text
