"""LanguageTool's speller on documentation: our own evidence must agree (issue 10).

Unit tests of the evidence, then the real server through the Pipeline: a word the project's
code uses is no misspelling in its prose, while a one-off slip of that word still is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.config import Config
from lint.engines.languagetool.evidence import no_slip_suggested, not_a_word, rare_real_word, short_noise, unmatched
from lint.lexicon import load_lexicon
from lint.runner import run
from lt_fixtures import lt_root, private_root, real_lt_home  # noqa: F401  (fixtures)


def test_a_suggestion_one_slip_away_backs_a_spelling_hit():
    assert not no_slip_suggested("recieve", ["receive", "relieve"])
    assert not no_slip_suggested("Goverment", ["Government"])
    assert no_slip_suggested("skhomuti", ["shout"])  # a handle: nothing close
    assert no_slip_suggested("jsonp", ["JSONP"])  # case only
    assert not no_slip_suggested("ein", ["Ein", "EIN", "erin"])  # 3 letters: LanguageTool decides
    assert no_slip_suggested("timespan", ["time span"])  # a closed compound
    assert no_slip_suggested("use dicts", ["us edicts"]) and no_slip_suggested("int or", ["in tor"])  # re-spaced
    assert not no_slip_suggested("teh cat", ["the cat", "tea cat"])  # a slip inside a two-word span


def test_tokens_no_word_has():
    assert not_a_word("serve-static@") and not_a_word("v2_beta") and not_a_word("ec3eceb")
    assert not not_a_word("recieve") and not not_a_word("don't") and not not_a_word("well-known")


def test_rare_real_words_are_not_slips():
    lexicon = load_lexicon()
    assert rare_real_word("borealis", [], lexicon)
    assert not rare_real_word("recieve", ["receive"], lexicon)
    assert not rare_real_word("untill", ["until"], lexicon)  # attested, but a slip of 'until'
    assert not rare_real_word("gevent", [], lexicon)  # never seen in real usage


@pytest.mark.usefixtures("lt_root")
def test_code_words_teach_the_speller_and_slips_of_them_stay_flagged(tmp_path: Path):
    (tmp_path / "api.md").write_text("# API\n\n```python\nimport pydantic\n```\n", encoding="utf-8")
    guide = tmp_path / "guide.md"
    guide.write_text("Models use pydantic for input. One pydnatic model was slow.\n", encoding="utf-8")
    paths = [str(tmp_path / "api.md"), str(guide)]
    # the technical vocabulary (cspell's Python list) knows 'pydantic': off, to see the code's evidence alone
    config = Config(select=("lt.MORFOLOGIK_RULE_EN_US",), technical_vocabulary=False)
    assert [f.match for f in run(paths, config).findings] == ["pydnatic"]
    alone = [f.match for f in run([str(guide)], config).findings]
    assert "pydantic" in alone  # without the code nothing says 'pydantic' is a word


def _short(text: str, word: str) -> bool:
    start = text.index(word)
    return short_noise(text, start, start + len(word))


def test_short_tokens_in_running_prose_are_left_to_languagetool():
    assert not _short("He went th store today.", "th")
    assert not _short("Th store was closed.", "Th")
    assert not _short("We met wth them, and seh left.", "seh")
    assert not _short("add a pipe method ot Observable", "ot")


def test_short_tokens_outside_running_prose_are_not_slips():
    assert _short("fix(ci): release script", "ci")  # a commit scope
    assert _short("- Serbian (rs) [1319]", "rs")  # a locale code
    assert _short("Support stats in environments without fs\n- next", "fs")  # a list item's end
    assert _short("Add [Hh]mm formatting tokens", "Hh")
    assert not _short("This is long.", "long")  # longer words: other evidence decides


def test_unmatched_words_have_no_word_near_them():
    lexicon = load_lexicon()
    assert unmatched("getfullargspec", [], lexicon) and unmatched("readystatechange", [], lexicon)
    assert not unmatched("goverment", [], lexicon)  # one slip from 'government'
    assert not unmatched("Thursd", [], lexicon)  # a truncation of 'Thursday'
    assert not unmatched("getfullargspec", ["getfullargspec's"], lexicon)  # LanguageTool suggested something


def test_short_tokens_beside_code_words_are_not_prose():
    assert _short("3 new locales (it-ch, ga, en-SG)", "ga")
    assert not _short("We met him, ga said, and left.", "ga")  # plain words around it


def test_repeated_consonants_are_a_format_token():
    assert not_a_word("kk") and not_a_word("dddd") and not_a_word("HH")
    assert not_a_word("mmss") and not_a_word("HHmmss") and not_a_word("yyyymmdd")
    assert not not_a_word("aa") and not not_a_word("ok") and not not_a_word("ll'")
    assert not not_a_word("mmsa") and not not_a_word("ssmall")  # a vowel, or one letter alone: a word's slip


def test_two_changed_letters_are_no_slip_but_two_added_or_dropped_are():
    assert not no_slip_suggested("alllready", ["already"]) and not no_slip_suggested("diffent", ["different"])
    assert no_slip_suggested("apidoc", ["acidic"]) and no_slip_suggested("wcslen", ["Wesley"])


def test_names_ending_in_js_are_javascript_libraries():
    assert not_a_word("systemjs") and not_a_word("hamljs") and not_a_word("Nodejs")
    assert not not_a_word("js") and not not_a_word("jobs") and not not_a_word("rejects")


def test_language_tags_are_no_words():
    assert not_a_word("oc-lnc") and not_a_word("gom-deva") and not_a_word("zh-Hant") and not_a_word("sr-cyrl-rs")
    assert not not_a_word("to-morow") and not not_a_word("well-knwon") and not not_a_word("recieve")
    assert not not_a_word("pre-exst") and not not_a_word("co-wrk")  # a prefix and a slip


def test_a_lowercase_name_written_so_again_and_again_is_the_house_spelling():
    from lint.filters import FilterContext, apply
    from lint.learned import LearnedVocabulary
    from lint.extract import extract
    from lint.model import Finding, Location, Severity

    def spelling(word: str) -> Finding:
        return Finding("a.md", Location(0, len(word), 1, 1, 1, len(word) + 1), "lt.MORFOLOGIK_RULE_EN_US",
                       Severity.WARNING, "m", suggestions=(word.upper(), "sum"), match=word)

    def kept(text: str, word: str) -> bool:
        vocab = LearnedVocabulary(load_lexicon)
        vocab.learn("a.md", extract(text, "markdown")[0])
        # the technical vocabulary off: 'ESA' is also a term of cspell's lists
        ctx = FilterContext(Config(technical_vocabulary=False), {}, learned=vocab, spelling_rules=("lt.MORFOLOGIK_RULE_",))
        return bool(apply([spelling(word)], ctx))

    assert not kept("- improve spm integration\n- add spm support\n", "spm")
    assert kept("- add spm support\n", "spm")  # written so once: a slip of the capitals
    assert kept("- nasa and the esa agreed\n- nasa said\n", "esa")  # once


def test_a_name_suggested_for_a_word_backs_the_hit_only_for_a_slip_of_the_hand():
    assert no_slip_suggested("mypy", ["MYP"])  # another name: a letter added at the end
    assert no_slip_suggested("pidfds", ["PDFs"]) and no_slip_suggested("zeug", ["Zeus"])
    assert not no_slip_suggested("pyhton", ["Python"])  # two letters swapped
    assert not no_slip_suggested("javscript", ["JavaScript"])  # a letter dropped
    assert not no_slip_suggested("Febuary", ["February"])  # no more capitals: the usual test


def test_a_suggestion_that_changes_a_far_key_or_the_front_is_another_word():
    # one letter changed for a key far from it, and no vowel for a vowel or letter of one sound
    assert no_slip_suggested("bitness", ["witness"]) and no_slip_suggested("depender", ["defender"])
    assert no_slip_suggested("Luxon", ["Luton"]) and no_slip_suggested("Nagle", ["Eagle"])
    # ... but a neighbouring key, a vowel for a vowel and a letter of one sound are slips
    assert not no_slip_suggested("Netween", ["Between"]) and not no_slip_suggested("compatability", ["compatibility"])
    assert not no_slip_suggested("organisation", ["organization"]) and not no_slip_suggested("staded", ["stated"])
    assert not no_slip_suggested("Transtator", ["Translator"])  # a letter of the word, typed too early
    assert not no_slip_suggested("thah", ["that", "their"])  # a key two along a diagonal
    # the lexicon backs a hit whose first suggestions are all other words: 'loans' for 'lons'
    assert no_slip_suggested("lons", ["long", "loss"]) and not no_slip_suggested("lons", ["long", "loss"], load_lexicon())
    assert no_slip_suggested("bitness", ["witness"], load_lexicon())
    # letters added or dropped at the front only: a prefix or another word, unless the first is doubled
    assert no_slip_suggested("pyexpat", ["expat"]) and no_slip_suggested("dunder", ["under"])
    assert no_slip_suggested("Avana", ["Havana"])
    assert not no_slip_suggested("tthere", ["there"]) and not no_slip_suggested("diffent", ["different"])
