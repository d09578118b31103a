"""The capitalised spelling checks and the truncation, repetition, consistency and dangling kinds."""

from __future__ import annotations

import pytest

from lint.engines.rules.kinds import KINDS, Context, RuleDefinitionError
from lint.lexicon import load_lexicon
from lint.engines.rules.rulefile import builtin_rules_dir, load_rules

RULES = {r.id: r for r in load_rules([builtin_rules_dir()])}
CTX = Context(load_lexicon)


def flagged(rule_id: str, text: str) -> list[str]:
    return [text[m.start : m.end] for m in RULES[rule_id].checker.find(text, CTX)]


def test_every_new_kind_is_registered() -> None:
    assert {"repetition", "consistency", "dangling", "truncation"} <= set(KINDS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Goverment officials met. Thier plan failed.", ["Goverment", "Thier"]),
        ("The Departmnet of Energy and the OIC Secretraiat met.", ["Departmnet", "Secretraiat"]),
        ("Ithe report was late. Thq vote followed.", ["Ithe", "Thq"]),
        # A name beside a name, a hyphenated name, an abbreviation: no evidence of a slip.
        ("Mehmet Metin Eker spoke. Dya-Eddine Said spoke. Ltd. and Sengendo agreed.", []),
        # A recurring spelling whose correction is nowhere in the text is a name ...
        ("Maro spoke. Maro left.", []),
        # ... but not when the text also has the right word.
        ("Seh spoke first. Seh left before she ate.", ["Seh", "Seh"]),
    ],
)
def test_capitalised_non_words_weigh_name_evidence(text: str, expected: list[str]) -> None:
    assert flagged("typos.non-word", text) == expected


def test_a_sentence_start_ignores_the_name_after_it() -> None:
    assert flagged("typos.non-word", "Tthe Ottoman surveyors came. The Ottoman maps stayed.") == ["Tthe"]


def test_truncations_of_any_length_and_case() -> None:
    text = "The Governmen of Norway and the internationa community; the meeti ended. We saw th end."
    assert flagged("typos.truncated-word", text) == ["Governmen", "internationa", "meeti", "th"]
    hits = list(RULES["typos.truncated-word"].checker.find("the meeti ended", CTX))
    assert hits[0].suggestions[:2] == ("meeting", "meetings")


def test_truncation_spares_abbreviations_names_and_words() -> None:
    text = "The repo, the info and the approx. sum; Okonkwo Castella and Anatol met the Dept head."
    assert flagged("typos.truncated-word", text) == []


def test_repetition_names_the_line_of_the_first_copy() -> None:
    text = "Title of the piece here\n\nBody one is here and long.\n\nBody two.\n\nTitle of the piece here\n"
    hits = list(RULES["typos.repeated-paragraph"].checker.find(text, CTX))
    assert [(text[h.start : h.end], h.detail["line"], h.detail["paragraph"]) for h in hits] == [
        ("Title of the piece here", "1", "1")
    ]


def test_repetition_reports_the_first_line_of_a_copied_paragraph_once() -> None:
    para = "A long paragraph that runs on\nover two lines of the text."
    text = f"{para}\n\nOther words in between here.\n\n{para}\n\n{para}\n"
    hits = list(RULES["typos.repeated-paragraph"].checker.find(text, CTX))
    assert [(text[h.start : h.end], h.detail["line"]) for h in hits] == [
        ("A long paragraph that runs on", "1"), ("A long paragraph that runs on", "1"),
    ]


def test_consistency_flags_the_minority_and_respects_accepted_pairs() -> None:
    text = "The colour was red. The color was blue. The colour faded. The licence and license."
    assert flagged("typos.inconsistent-spelling", text) == ["color"]
    kind = KINDS["consistency"]
    checker = kind({"pairs": [], "accept": [["colour", "color"]], "names": True})
    assert list(checker.find(text, CTX)) == []


def test_consistency_ties_keep_the_first_form() -> None:
    text = "The Harbour Board met. Later the Board Harbour said no."
    hits = list(RULES["typos.inconsistent-spelling"].checker.find(text, CTX))
    assert [(text[h.start : h.end], h.suggestions[0]) for h in hits] == [("Board Harbour", "Harbour Board")]


@pytest.mark.parametrize(
    ("kind", "options", "key"),
    [
        ("consistency", {"pairs": [["a"]], "accept": [], "names": True}, "pairs"),
        ("consistency", {"pairs": [], "accept": [["grey", "Grey"]], "names": True}, "accept"),
        ("dangling", {"articles": ["the"], "prepositions": [True], "relatives": [], "licensors": [],
                      "particles": [], "objects": [], "reach": 6}, "prepositions"),
    ],
)
def test_bad_options_name_their_key(kind: str, options: dict, key: str) -> None:
    with pytest.raises(RuleDefinitionError) as err:
        KINDS[kind](options)
    assert err.value.key == key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("visited the territories of, as well as the towns", ["of"]),
        ("He gave the, report.", ["the"]),
        ("It was what it was made of. The one they spoke to, the place I come from.", []),
        ("Turn the lights on. Take it in, and so on.", []),
        # inflected licensors: phrasal verbs end the clause ('checked in', 'logging in')
        ("The file is checked in. Submit it without logging in, then wait.", []),
        ("The sources it refers to. They are passed in, as shown.", []),
        ("The letters had stopped in. The lawyer wrote.", ["in"]),  # -ed without a passive
        # ... but an -ed word before a particle that no licensor inflects still dangles
        ("The money was invested in, as well as the bonds.", ["in"]),
        # an aside after the comma: the object follows it
        ("It will be removed in, or after, April. It allows you to, for example, pass flags.", []),
        ("The towns of, as well as the ports.", ["of"]),
        # a line wrapped after a lowercase word before a Capitalised name goes on with the clause
        ("It depends on what you'll be using\nAPScheduler for. Then go.", []),
        ("It depends on your environment and on\nAPScheduler for. Then go.", ["for"]),
    ],
)
def test_dangling_prepositions_and_articles(text: str, expected: list[str]) -> None:
    assert flagged("typos.dangling-word", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an infinitive strands its preposition ('a file to write to'), unless an article makes
        # the preposition the noun's complement ('to run the port of,')
        ("It is harder to reason about. Specify an object to write your secrets to. A list to choose from.", []),
        ("He left the post to run the port of. She went to the office of, as well as the hall.", ["of", "of"]),
        # a relative clause without its pronoun: a subject pronoun after a noun
        ("It explains the philosophies we believe in. The version of Python you are contributing to.", []),
        ("And we met in. Then they wrote to, as well as the others.", ["in", "to"]),
        # ... or a second noun phrase whose verb ends the clause
        ("The name of the module the method was defined in. The frame this record corresponds to.", []),
        ("The minister visited the port of. Officials confirmed the ships arrived in.", ["of", "in"]),
        # a participle before a particle ('the one passed in'), not a perfect ('had stopped in')
        ("The object differs from the one passed in. Handling kicked in, and it worked.", []),
        ("The letters had stopped in. The ships have sailed in.", ["in", "in"]),
    ],
)
def test_dangling_stranded_prepositions_of_relative_and_infinitive_clauses(text: str, expected: list[str]) -> None:
    assert flagged("typos.dangling-word", text) == expected
