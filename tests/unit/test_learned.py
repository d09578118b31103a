"""The project vocabulary learned from the checked files (lint.learned): code words and jargon,
in both directions (jargon accepted, a one-off or repeated slip of it still flagged)."""

from __future__ import annotations

from pathlib import Path

from lint.config import Config
from lint.extract import extract
from lint.learned import LearnedVocabulary, code_words
from lint.lexicon import load_lexicon
from lint.runner import RunOptions, run
from lint.words import regular_forms


def learned(*texts: str, markup: str = "markdown") -> LearnedVocabulary:
    vocab = LearnedVocabulary(load_lexicon)
    for i, text in enumerate(texts):
        vocab.learn(f"f{i}.md", extract(text, markup)[0])
    return vocab


def test_words_of_code_blocks_spans_and_identifiers_are_learned():
    vocab = learned("Intro.\n\n```python\nimport gevent\nclass Colour(Enum): pass\n```\n\nRun `kubectl` or set default_ttl.\n")
    assert vocab.accepts("gevent") and vocab.accepts("kubectl") and vocab.accepts("ttl")
    assert vocab.accepts("enums") and vocab.accepts("Enum's")  # inflections of a code word
    assert not vocab.accepts("gevnet")  # nothing learned it


def test_code_words_split_identifiers():
    source = extract("Call setTimeout or os.getcwd here.", "plain")[0]
    assert {"settimeout", "set", "timeout", "getcwd", "os"} <= code_words(source)


def test_jargon_used_consistently_is_accepted_and_rare_words_are_not():
    vocab = learned("The kubelet starts.", "Each kubelet reports.\n\nA kubelet may fail.")
    assert vocab.accepts("kubelet") and vocab.accepts("kubelets")
    assert not learned("The kubelet starts.", "Each kubelet reports.").accepts("kubelet")


def test_one_off_slip_of_jargon_is_still_flagged():
    vocab = learned(*["The kubelet starts. The kubelet stops. The kubelet waits."] * 6, "One kubelte failed.")
    assert vocab.accepts("kubelet") and not vocab.accepts("kubelte")
    # the same slip three times is still a slip of a word used far more often
    vocab.learn("g.md", extract("kubelte, kubelte and kubelte.", "markdown")[0])
    assert not vocab.accepts("kubelte")


def test_repeated_slip_of_a_common_word_is_no_jargon():
    vocab = learned("We recieve it.", "They recieve it.", "You recieve it.")
    assert not vocab.accepts("recieve")


def test_slip_of_a_code_word_is_no_jargon_even_when_repeated():
    vocab = learned("```\nimport gevent\n```\n\ngevnet, gevnet, gevnet.")
    assert vocab.accepts("gevent") and not vocab.accepts("gevnet")


def test_checking_a_file_again_replaces_what_it_taught():
    vocab = learned("The kubelet, the kubelet, the kubelet.")
    assert vocab.accepts("kubelet")
    vocab.learn("f0.md", extract("Nothing here.", "markdown")[0])
    assert not vocab.accepts("kubelet")


def test_pipeline_drops_spelling_findings_on_code_words_only(tmp_path: Path):
    (tmp_path / "api.md").write_text("# API\n\n```python\nresult = noop()\n```\n", encoding="utf-8")
    (tmp_path / "guide.md").write_text("Call noop when idle. Then recieve the answer.\n", encoding="utf-8")
    paths = [str(tmp_path / "api.md"), str(tmp_path / "guide.md")]
    options = RunOptions(languagetool=False)
    config = Config(technical_vocabulary=False)  # 'noop' is also a software term (lint.terms)
    found = {f.match for f in run(paths, config, options).findings}
    assert found == {"recieve"}
    found = {f.match for f in run(paths, Config(learn_vocabulary=False, technical_vocabulary=False), options).findings}
    assert found == {"noop", "recieve"}
    found = {f.match for f in run([paths[1]], config, options).findings}
    assert found == {"noop", "recieve"}  # without the code file nothing teaches 'noop'


def test_words_made_of_a_known_stem_and_a_productive_affix_are_words():
    vocab = learned("Nothing learned here.")
    for word in ("unsubscription", "metaprogramming", "destructure", "connectability", "orthogonalizer",
                 "falsy", "unschedule"):
        assert vocab.accepts(word), word


def test_slips_that_look_like_affixed_words_stay_flagged():
    vocab = learned("Nothing learned here.")
    # a typing slip of a common word: 'until', 'beginning', 'shutters', 'mostly', 'careless'
    for word in ("untill", "begining", "shuters", "mosty", "caseless", "recieve", "unforseen"):
        assert not vocab.accepts(word), word


def test_a_stem_and_suffix_joined_against_english_spelling_stay_flagged():
    vocab = learned("Nothing learned here.")
    # 'making', 'basically', 'truly', 'occurred', 'happiness', 'carried', 'simply', 'dying'
    for word in ("makeing", "basicly", "truely", "occured", "happyness", "carryed", "simplely", "dieing"):
        assert not vocab.accepts(word), word


def test_regular_forms_follow_english_spelling_and_keep_its_exceptions():
    assert regular_forms("make", "ing") == {"making"}
    assert regular_forms("occur", "ed") == {"occurred"}
    assert regular_forms("basic", "ly") == {"basically"}
    assert regular_forms("true", "ly") == {"truly"}
    assert regular_forms("happy", "ness") == {"happiness"}
    # plain concatenation is the rule here: nothing else is offered
    for stem, suffix in (("agree", "ing"), ("notice", "able"), ("change", "able"), ("connect", "ed"),
                         ("care", "less"), ("quick", "ly"), ("play", "er"),
                         ("cancel", "ing"), ("travel", "ed"), ("focus", "ed")):  # American spellings
        assert regular_forms(stem, suffix) == set(), (stem, suffix)


def test_short_code_words_are_learned_even_when_the_lexicon_lists_them():
    vocab = learned("Use `ws` to connect; see [the docs](./doc/ws.md).\n\nTo force ws to stop, call it.")
    assert vocab.accepts("ws")
    assert not learned("To force ws to stop, call it.").accepts("ws")  # no code says so


def test_rare_code_words_are_learned_even_when_the_lexicon_lists_them():
    # 'contrib' and 'attrib' are rare words of the lexicon that the truncated-word rule takes
    # for a cut-off 'contribute', 'attribute'; the code of the project names them
    vocab = learned("Import `scrapy.contrib.loader`.\n\nThe contrib folder holds it.", "Use `attr.attrib()`.")
    assert vocab.accepts("contrib") and vocab.accepts("attrib")
    assert not learned("The contrib folder holds it.").accepts("contrib")  # no code says so
    assert not vocab.accepts("contrbute")  # nothing learned it


def test_two_words_written_as_one_are_a_word_unless_a_slip_or_a_common_pair():
    vocab = learned("Nothing learned here.")
    for word in ("firehose", "docstring", "mockserver"):
        assert vocab.accepts(word), word
    # run-together pairs of very frequent words are misspellings; so are slips that split
    # into two words ('openting' has an extra letter of 'opening', 'diffent' lost two of 'different')
    for word in ("everytime", "eachother", "openting", "intstead", "diffent"):
        assert not vocab.accepts(word), word


def test_one_frequent_part_makes_a_closed_compound_but_closed_class_words_do_not():
    vocab = learned("Nothing learned here.")
    for word in ("makefile", "makefiles", "nodename"):  # 'make' and 'name' are frequent words
        assert vocab.accepts(word), word
    for word in ("eventhough", "thankyou", "nevermind", "highschool"):  # run-together phrases
        assert not vocab.accepts(word), word


def test_a_compound_that_is_a_slip_of_a_word_of_the_files_stays_flagged():
    vocab = learned("Nothing learned here.")
    assert vocab.accepts("bigfixes")  # 'big' + 'fixes', and nothing says otherwise
    vocab = learned("* 12 bugfixes\n* 18 bigfixes\n", "Bugfixes: 3 bugfixes, 4 bugfixes.")
    assert not vocab.accepts("bigfixes")  # one slip of a word the files use far more often


def test_a_span_of_words_is_no_misspelling_when_each_word_is_a_word():
    vocab = learned("```python\nx: dict = {}\n```\n")
    assert vocab.words_of("int or") and vocab.words_of("use dicts")  # 'dicts': the code's 'dict'
    assert not vocab.words_of("teh cat") and not vocab.words_of("use dcits")
    assert not vocab.words_of("recieve")  # one word: other evidence decides


def test_a_compound_is_no_slip_of_its_own_plural():
    vocab = learned("```python\ndef f():\n    '''docstrings'''\nmockservers = 1\n```\n")
    assert vocab.accepts("docstring") and vocab.accepts("mockserver")


def test_a_truncated_compound_is_still_a_slip_of_its_completion():
    vocab = learned("Start the mockserver. The mockserver answers; stop the mockserver, then the mockserver.")
    assert vocab.accepts("mockserver")
    vocab.learn("g.md", extract("Then mockserve it.", "markdown")[0])
    assert not vocab.accepts("mockserve")  # 'mock' + 'serve', but cut from a word of the files


def test_a_project_name_in_emphasis_inside_a_compound_is_the_project_word():
    # '*attrs*-generated': LanguageTool flags 'attrs-generated'; the file shows the emphasis marks
    from lint.filters import FilterContext, apply
    from lint.model import Finding, Location, Severity

    text = "Use `attrs.define`.\n\nThe *attrs*-generated method and the *atrs*-generated one.\n"
    source = extract(text, "markdown")[0]
    vocab = LearnedVocabulary(load_lexicon)
    vocab.learn("a.md", source)

    def finding(word: str) -> Finding:
        start = text.index(word)
        loc = Location(start, start + len(word), 3, 1, 3, 1 + len(word))
        return Finding("a.md", loc, "lt.MORFOLOGIK_RULE_EN_US", Severity.ERROR, "m", match=word)

    ctx = FilterContext(Config(), {"a.md": source}, learned=vocab, spelling_rules=("lt.MORFOLOGIK_RULE_",))
    kept = apply([finding("attrs*-generated"), finding("atrs*-generated")], ctx)
    assert [f.match for f in kept] == ["atrs*-generated"]
