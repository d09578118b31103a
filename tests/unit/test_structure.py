"""Markup context of findings (lint.structure) and the filter that uses it (issue 10)."""

from __future__ import annotations

from dataclasses import replace

from lint.config import Config
from lint.extract import extract
from lint.filters import FilterContext, apply
from lint.model import Finding, Location, Severity
from lint.lexicon import load_lexicon
from lint.structure import LINE_REACH, english, line_span, near_copy, starts_block, structural, whole_cell


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


def test_a_line_is_its_text_between_line_breaks():
    text = "first line\nsecond line\n\nlast"
    assert line_span(text, at(text, "first")) == (0, 10)
    assert line_span(text, at(text, "line\n\n")) == (11, 22)
    assert line_span(text, 23) == (23, 23)  # the empty line
    assert line_span(text, at(text, "last"), len(text)) == (24, len(text))
    assert line_span(text, at(text, "line"), at(text, "second") + 2) == (0, 22)  # a span over a break
    assert line_span("", 0) == (0, 0)


def test_a_long_line_is_read_within_line_reach_of_the_span():
    # A minified table on one line: each finding reads a bounded stretch of it, so judging
    # 50,000 findings on one line costs no more than on 50,000 short lines.
    cell = "<td>long long</td>"
    html = "<table><tr>" + cell * (20 * LINE_REACH // len(cell)) + "</tr></table>"
    start = html.index("long long", len(html) // 2)
    begin, end = line_span(html, start, start + 9)
    assert start - LINE_REACH <= begin and end <= start + 9 + LINE_REACH
    assert whole_cell(html, start, start + 9)  # still the whole of its cell
    assert not whole_cell(html.replace("long long</td>", "long long here</td>"), start, start + 9)


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


def test_names_in_contributor_lists_and_credits_are_attributions():
    from lint.structure import attribution

    def named(text: str, word: str) -> bool:
        return attribution(text, at(text, word), at(text, word) + len(word))

    assert named("* Aaron Berdy\n* Hugo van Kemenade\n", "Berdy") and named("* Hugo van Kemenade\n", "Kemenade")
    assert named("- [Victor Augusto](https://github.com/VictorAugDB)\n", "Augusto")
    assert named('- <img src="u" width="18"/> [Muhammad Noman](https://github.com/m "+2/-2 (#6)")\n', "Noman")
    assert named("* johnkangw\n", "johnkangw")  # a handle alone in its item
    assert named("  * Fixed path checking. Closes #829 [reported by andrewpmckenzie]\n", "andrewpmckenzie")
    assert named("  * Added partial inheritance [suggested by masylum]. Closes #102\n", "masylum")


def test_contributor_lists_with_handles_in_parentheses_or_at_their_end_are_names():
    from lint.structure import attribution

    def named(text: str, word: str) -> bool:
        return attribution(text, at(text, word), at(text, word) + len(word))

    people = ["Ana Lopez", "Dan Schult", "Omar Haddad", "Lewis Robbins", "Huon Wilson"]
    handles = ["luzpaz", "regstrtn", "Romain", "aweltsch", "leamingrad"]
    listed = "".join(f"- {p}\n" for p in people + handles)  # a third people, the rest handles
    assert named(listed, "Schult") and named(listed, "Huon")  # 'wilson' is frequent; 'huon' is not
    assert named("".join(f"{p}\n" for p in people + handles), "luzpaz")  # unbulleted: the block decides
    assert not named("".join(f"{p}\n" for p in people[:1] + handles), "luzpaz")  # too few people
    rest = "".join(f"- {p} (`@{p.split()[0].lower()} <https://github.com/{p.split()[0]}>`_)\n" for p in people)
    assert named(rest, "Schult") and named("- Jon Crall (@Erotemic)\n", "Crall")
    assert not named("- Recieve the (@decorator) value\n", "Recieve")  # four words: no names


def test_typos_in_list_items_and_brackets_are_no_attributions():
    from lint.structure import attribution

    def named(text: str, word: str) -> bool:
        return attribution(text, at(text, word), at(text, word) + len(word))

    assert not named("- Fixed a bug in the recieve path\n", "recieve")
    assert not named("* Getting Strated\n", "Strated")  # Title Case words, not names
    assert not named("* Aaron recieve\n", "recieve")  # a lowercase word among names
    assert not named("He said [recieve] it\n", "recieve")  # not a credit at a line's end


def test_filter_drops_names_calls_and_commas_that_open_a_block_and_keeps_typos_of_that_shape():
    text = ("* Aaron Berdy\n* Fixed teh bug\n\nUse substr() or recieve it, and recieve more; overl… and overl.\n\n"
            "- check the types,\n- if so, compare them\n\nOr in another way,\n\n```js\nx()\n```\n\nIt ended,\n\nNext.\n")
    source = extract(text, "markdown")[0]
    found = [
        finding(text, "Berdy", "lt.MORFOLOGIK_RULE_EN_US"),
        finding(text, "teh", "lt.MORFOLOGIK_RULE_EN_US"),  # a typo in a list item stays
        finding(text, "substr", "lt.MORFOLOGIK_RULE_EN_US"),
        finding(text, "recieve", "lt.MORFOLOGIK_RULE_EN_US"),  # no call: stays
        finding(text, "overl…", "lt.MORFOLOGIK_RULE_EN_US", 5),  # an elision
        finding(text, "overl.", "lt.MORFOLOGIK_RULE_EN_US", 5),  # no ellipsis: stays
        finding(text, "types,", "punctuation.paragraph-ends-with-comma"),
        finding(text, "way,", "punctuation.paragraph-ends-with-comma"),
        finding(text, "ended,", "punctuation.paragraph-ends-with-comma"),  # plain prose: stays
    ]
    kept = apply(found, FilterContext(Config(), {"a.md": source}))
    assert [f.match for f in kept] == ["teh", "recieve", "overl", "ended,"]


def test_comma_endings_that_open_a_block():
    from lint.structure import open_ended_item

    items = "- Check if the types are equal,\n- if so, create a tuple,\n\nNext."
    assert open_ended_item(items, items.index(",")) and open_ended_item(items, items.index("tuple,") + 5)
    code = "Or in another way (ES6),\n\n```js\nimport x\n```\n"
    assert open_ended_item(code, code.index(","))
    prose = "It will continue to support Azerbaijan,\n\nThe next paragraph."
    assert not open_ended_item(prose, prose.index(","))


def test_near_copies_across_a_section_or_of_other_numbers_are_parallel_not_pasted():
    def repeated(text: str, fmt: str = "markdown") -> bool:
        return near_copy(extract(text, fmt)[0], text.rindex("Format"))

    slip = "Format all input files like stubs regardless of their extension.\n\n"
    assert repeated(slip + slip)  # pasted twice in a row: a slip
    assert not repeated("#### `--pyi`\n\n" + slip + "#### `--ipynb`\n\n" + slip)  # two options' sections
    assert not repeated(slip + "Other\n=====\n\n" + slip, "rst")  # a reST title between
    html = "<dl><dt>uid</dt><dd><p>{}</p></dd>\n<dt>gid</dt>\n<dd><p>{}</p></dd></dl>\n"
    assert not repeated(html.format(slip.strip(), slip.strip()), "html")  # two API entries
    notes = "Format notes: new in version 3.5.4.\n\nFormat notes: new in version 3.6.1.\n"
    assert not repeated(notes)  # numbers differ: two notes
    assert not repeated("Format it on the command line:\n\n```\nx\n```\n\nFormat it on the command line:\n")


def test_release_notes_and_inline_mentions():
    from lint.structure import inline_mention, release_notes

    assert all(map(release_notes, ["CHANGELOG.md", "x/History.md", "docs/news.rst", "html/whatsnew/3.2.html",
                                   "docs/history/changelog-4.4.rst", "CHANGES.rst", "docs/release-notes.md"]))
    assert not any(map(release_notes, ["README.md", "docs/newsletter.md", "docs/tutorial.rst", "historical.md"]))
    text = "files in <em>a</em>, and *b*. Not a, nor `c`."
    assert inline_mention(text, at(text, ">a<") + 1, at(text, ">a<") + 2)
    assert inline_mention(text, at(text, "*b*") + 1, at(text, "*b*") + 2)
    assert not inline_mention(text, at(text, "a,"), at(text, "a,") + 1)


def test_filter_drops_parallel_repeats_badges_and_markup_mentions_and_keeps_slips():
    slip = "The board voted on Monday to extend the quay.\n\n"
    badge = '<img alt="Github Actions Build Status" src="a.svg">\n'
    text = (badge + "\n" + badge + "\n" + slip + slip + "See <em>a</em>, the list of.\n\n"
            "## Gold\n\nBecome a sponsor and get your logo here.\n\n## Silver\n\nBecome a sponsor and get your logo here.\n")
    source = extract(text, "markdown")[0]
    def second(word: str, rule: str) -> Finding:
        return Finding("a.md", _loc(text, text.rindex(word), len(word)), rule, Severity.WARNING, "m", match=word)

    found = [
        second("Github Actions", "typos.repeated-paragraph"),  # a badge's alt text
        second("The board", "typos.repeated-paragraph"),  # pasted twice in a row: stays
        finding(text, "a</em>", "typos.dangling-word", 1),  # a variable, not an article
        finding(text, "of.", "typos.dangling-word", 2),  # stays
        second("Become", "typos.repeated-paragraph"),  # parallel sections
    ]
    kinds = {"typos.repeated-paragraph": "repetition", "typos.dangling-word": "dangling"}
    kept = apply(found, FilterContext(Config(), {"a.md": source}, kinds=kinds))
    assert [f.match for f in kept] == ["The board", "of"]
    notes = FilterContext(Config(), {"CHANGELOG.md": extract(slip + slip, "markdown")[0]}, kinds=kinds)
    credit = Finding("CHANGELOG.md", _loc(slip + slip, len(slip), 9), "typos.repeated-paragraph",
                     Severity.WARNING, "m", match="The board")
    assert apply([credit], notes) == []  # release notes repeat their lines by design


def _loc(text: str, start: int, length: int) -> Location:
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return Location(start, start + length, line, col, line, col + length)


def test_quotes_of_code_and_spaces_set_apart():
    from lint.structure import quote_of_code, set_apart

    def quoted(text: str, part: str) -> bool:
        return quote_of_code(text, at(text, part), at(text, part) + len(part))

    assert quoted("Enable 'd hh:mm:ss.sss' format", "Enable 'd")  # a format string, quoted
    assert quoted("Enable 'd hh:mm:ss.sss' format", "' format")
    assert quoted("We can ''glue'' matrices", "e''")  # reST's doubled quotes
    assert quoted("to account for `attrs`' growth", "`' ")  # after a code span
    assert not quoted("He said 'hello there and left", "'hello")  # a real unpaired quote
    assert not quoted("It's 'a nice day' and it isn't late", "isn't")
    assert set_apart("see https://x.org/a .", 19) and set_apart("modularize exports=node -o .", 26)
    assert not set_apart("[x](http://a) .", 13) and not set_apart("written test suite !", 18)
    assert not set_apart("Release April 12 ,", 16)


def test_filter_drops_spacing_and_grammar_over_markup_and_keeps_them_in_prose():
    text = ("Write a hash method for you [^fn1], however. Run `lodash -o .` or see https://x.org/a .\n\n"
            "It is written here , and there. It works with many other _Black_ formatted projects.\n\n"
            "It supports Python 3.4 - 3.7 and pages 3 - 7. Enable 'd hh:mm:ss' format; he said 'hi.\n\n"
            "[^fn1]: A note.\n")
    source = extract(text, "markdown")[0]
    found = [
        finding(text, " [^fn1],", "punctuation.space-before-punctuation"),  # over a footnote reference
        finding(text, " .\n", "punctuation.space-before-punctuation", 2),  # after a URL
        finding(text, " , and", "punctuation.space-before-punctuation", 2),  # prose: stays
        finding(text, "many other _Black", "lt.MANY_NN"),  # over emphasis marks
        finding(text, " - 3.7", "lt.DASH_RULE", 3),  # a range of versions
        finding(text, " - 7", "lt.DASH_RULE", 3),  # a range of pages: stays
        finding(text, "Enable 'd", "lt.APOS_SPACE_CONTRACTION"),  # quotes a format string
        finding(text, "'hi", "lt.EN_UNPAIRED_QUOTES", 1),  # stays
    ]
    kept = apply(found, FilterContext(Config(), {"a.md": source}))
    assert [(f.rule, f.match) for f in kept] == [
        ("punctuation.space-before-punctuation", " ,"), ("lt.DASH_RULE", " - "), ("lt.EN_UNPAIRED_QUOTES", "'")]


def test_inconsistent_spellings_of_release_notes_are_many_hands():
    text = "* Fixed the behaviour of x.\n* Changed the behavior of y.\n* Changed the behavior of z.\n"
    kinds = {"typos.inconsistent-spelling": "consistency"}
    for path, expected in (("CHANGELOG.md", []), ("guide.md", ["behaviour"])):
        f = finding(text, "behaviour", "typos.inconsistent-spelling")
        f = Finding(path, f.location, f.rule, f.severity, f.message, match=f.match)
        kept = apply([f], FilterContext(Config(), {path: extract(text, "markdown")[0]}, kinds=kinds))
        assert [k.match for k in kept] == expected


def test_source_covers_only_spans_inside_one_segment():
    text = "Plain words here, then *emphasis* and more."
    source = extract(text, "markdown")[0]
    assert source.covers(at(text, "Plain"), at(text, "here") + 4)
    assert not source.covers(at(text, "then"), at(text, "emphasis") + 3)  # over the '*'


def test_reduplicated_sounds_are_no_doubled_words_and_doubled_jargon_stays():
    from lint.learned import LearnedVocabulary

    text = ("There is no beta (womp womp). He said the the report was late. This form of subtyping\n"
            "subtyping is used; subtyping is structural, and subtyping is checked.\n")
    source = extract(text, "markdown")[0]
    found = [finding(text, "womp womp", "typos.doubled-word"), finding(text, "womp womp", "lt.ENGLISH_WORD_REPEAT_RULE"),
             finding(text, "the the", "typos.doubled-word"), finding(text, "subtyping\nsubtyping", "typos.doubled-word")]
    learned = LearnedVocabulary(load_lexicon)
    learned.learn("a.md", source)
    ctx = FilterContext(Config(), {"a.md": source}, lexicon=load_lexicon, learned=learned)
    assert [f.match for f in apply(found, ctx)] == ["the the", "subtyping\nsubtyping"]
    assert len(apply(found, FilterContext(Config(), {"a.md": source}))) == 4  # nothing to judge by: all stay


def test_a_misspelling_named_before_its_correction_is_a_mention():
    from lint.structure import correction_mention

    def mention(text: str, word: str) -> bool:
        return correction_mention(text, at(text, word), at(text, word) + len(word))

    assert mention("- fix typos in docs, middlware -> middleware (#12)\n", "middlware")
    assert mention("Renamed `teh` → `the` everywhere.", "teh")
    assert mention("'recieve' => 'receive'", "recieve")
    assert not mention("The middlware runs first.", "middlware")  # used, not named
    assert not mention("recieve -> send the reply", "recieve")  # no correction of it after the arrow
    assert not mention("middlware -> middlware", "middlware")  # the same word again


def test_filter_drops_a_misspelling_named_with_its_correction_and_keeps_its_use():
    text = "- fix typo middlware -> middleware\n\nThe middlware runs first.\n"
    source = extract(text, "markdown")[0]
    named = finding(text, "middlware", "lt.MORFOLOGIK_RULE_EN_US")
    used_at = text.rindex("middlware")
    used = Finding("a.md", Location(used_at, used_at + 9, 3, 5, 3, 14), "typos.non-word", Severity.WARNING, "m",
                   match="middlware")
    ctx = FilterContext(Config(), {"a.md": source}, spelling_rules=("typos.non-word", "lt.MORFOLOGIK_RULE_"))
    kept = apply([named, used], ctx)
    assert [(f.match, f.location.line) for f in kept] == [("middlware", 3)]


def test_names_in_links_to_profile_pages_are_names():
    from lint.structure import link_name

    def linked(text: str, word: str) -> bool:
        return link_name(text, at(text, word), at(text, word) + len(word))

    html = ('<td><a href="https://github.com/harish-sethuraman">\n<img src="https://github.com/x.png" '
            'alt="Avatar"><br />\nStrek\n</a>\n</td>')
    assert linked(html, "Strek")
    assert linked("Thanks to [Kees Kluskens](https://github.com/spacek33z) and others.", "Kees")
    assert not linked("See [the recieve docs](https://github.com/org/repo/blob/main/x.md).", "recieve")  # no profile
    assert not linked("<a href='https://github.com/x'>Kees</a> said recieve it.", "recieve")  # after the link
    assert not linked("We recieve [Kees](https://github.com/x) later.", "recieve")  # before the link


def test_a_word_alone_in_quotation_marks_is_mentioned():
    from lint.structure import quoted_mention

    def quoted(text: str, word: str) -> bool:
        return quoted_mention(text, at(text, word), at(text, word) + len(word))

    assert quoted('- rename "sflo" local variables to "log_observer"', "sflo")
    assert quoted("“Dunder” is a contraction of “double underscore”.", "Dunder")
    assert quoted("call it 'frobnicate' here", "frobnicate")
    assert not quoted('he said "we recieve it" today', "recieve")  # used in a quoted sentence
    assert not quoted("the rock'n'roll fans", "n")  # apostrophes
    assert not quoted('a "recieve\' mismatch', "recieve")  # no pair


def test_a_quoted_word_is_a_mention_in_markup_only():
    text = 'Rename "sflo" to "log".\n'
    for fmt, kept in (("markdown", []), ("plain", ["sflo"])):
        source = extract(text, fmt)[0]
        ctx = FilterContext(Config(), {"a.md": source}, spelling_rules=("lt.MORFOLOGIK_RULE_",))
        assert [f.match for f in apply([finding(text, "sflo", "lt.MORFOLOGIK_RULE_EN_US")], ctx)] == kept


def test_grammar_on_one_camel_case_identifier_or_an_emoticon_is_dropped():
    text = ('The positions "beforeAll" and "afterAll" apply. Sorry, folks. :D\n\n'
            "We met after all. It is late :( but fine. The ratio is 3:2 and he said: D is next.\n")
    source = extract(text, "markdown")[0]
    found = [
        finding(text, "afterAll", "lt.AFTERALL"),  # an option's name in camelCase
        finding(text, ":D", "lt.UNLIKELY_OPENING_PUNCTUATION", 1),  # an emoticon
        finding(text, "after all", "lt.AFTERALL"),  # words: stays
        finding(text, ":(", "lt.UNLIKELY_OPENING_PUNCTUATION", 1),  # an emoticon
        finding(text, ":2", "lt.UNLIKELY_OPENING_PUNCTUATION", 1),  # a ratio: stays
        finding(text, ": D", "lt.UNLIKELY_OPENING_PUNCTUATION", 1),  # a colon, then a word: stays
    ]
    kept = apply(found, FilterContext(Config(), {"a.md": source}))
    assert [(f.rule, f.match) for f in kept] == [
        ("lt.AFTERALL", "after all"), ("lt.UNLIKELY_OPENING_PUNCTUATION", ":"),
        ("lt.UNLIKELY_OPENING_PUNCTUATION", ":")]
    assert [f.location.start for f in kept][1:] == [text.index(":2"), text.index(": D")]


def test_names_after_a_credit_or_before_a_dash_in_an_authors_list_are_attributions():
    from lint.structure import attribution

    def names(text: str, word: str) -> bool:
        start = text.index(word)
        return attribution(text, start, start + len(word))

    assert names("<p>(Contributed by Franz Glasner, Éric Araujo, and Cheryl Sabella in <a>bpo</a>.)</p>", "Sabella")
    assert names("Fix contributed by **Brian Luan**.", "Luan") and names("Patch by J. R. Smiht.", "Smiht")
    assert names("<li><p>Andi Albrecht – agogo theme</p></li>", "Andi")
    assert names("* Hugo van Kemenade - support FORCE_COLOR", "Kemenade")
    # not names: words after the credit's sentence, the description after the dash, headings
    assert not names("Contributed by Victor. The Amercian team said.", "Amercian")
    assert not names("This was contributed by the Tema and it works.", "Tema")
    assert not names("<li><p>Marco Buttu – doctest extension (pyversion option)</p></li>", "pyversion")
    assert not names("* Getting Strated - how to begin", "Strated")


def test_markup_between_doubles_markup_objects_colons_calls_and_options():
    text = ("Insert the item <em>item</em> into it. It was the the end. See the example [example](x).\n\n"
            "The equations are presented in [Meijaard2007]_. It is made of, as said.\n\n"
            "Term\n: *attrs* is good. He said: fine. Run nextval(seq) and --pastebin; the documnet(s) and wrod.\n")
    source = extract(text, "markdown")[0]
    found = [
        finding(text, "item <em>item", "typos.doubled-word"),  # a parameter named after the noun
        finding(text, "the the", "typos.doubled-word"),  # stays
        finding(text, "example [example", "typos.doubled-word"),  # a link's bracket is no markup between: stays
        finding(text, "in [", "typos.dangling-word", 2),  # the object is a citation
        finding(text, "of,", "typos.dangling-word", 2),  # stays
        finding(text, ": *attrs*", "lt.UNLIKELY_OPENING_PUNCTUATION", 1),  # a definition's colon
        finding(text, ": fine", "lt.UNLIKELY_OPENING_PUNCTUATION", 1),  # stays
        finding(text, "nextval", "lt.MORFOLOGIK_RULE_EN_US"),  # a call
        finding(text, "pastebin", "lt.MORFOLOGIK_RULE_EN_US"),  # an option
        finding(text, "documnet", "lt.MORFOLOGIK_RULE_EN_US"),  # a plural's '(s)': stays
        finding(text, "wrod", "lt.MORFOLOGIK_RULE_EN_US"),  # stays
    ]
    ctx = FilterContext(Config(), {"a.md": source}, kinds={"typos.doubled-word": "pattern",
                                                          "typos.dangling-word": "dangling"})
    kept = apply(found, ctx)
    assert [f.match for f in kept] == ["the the", "example [example", "of", ":", "documnet", "wrod"]


def test_link_text_spelled_by_its_address_and_names_before_an_address_or_in_a_wrapped_credit():
    from lint.structure import attribution, link_name

    def at_word(check, text: str, word: str) -> bool:
        start = text.rindex(word)  # the link text, after the address
        return check(text, start, start + len(word))

    assert at_word(link_name, "a companion library (such as [*cattrs*](https://catt.rs/)).", "cattrs")
    assert at_word(link_name, '<a href="https://lunrjs.com">lunr</a> search', "lunr")
    assert not at_word(link_name, "see [the docmentation](https://example.com/docs)", "docmentation")
    assert at_word(attribution, "* Georg Brandl <georg@python.org>", "Brandl")
    assert at_word(attribution, "<li><p>Georg Brandl &lt;<a href='mailto:g'>georg</a>&gt;</p></li>", "Brandl")
    assert at_word(attribution, "(Contributed by Franz Glasner and Cheryl\nSabella in <a>bpo-2504</a>.)", "Sabella")
    assert not at_word(attribution, "Contributed by Victor.\nThe Amercian team said.", "Amercian")


def test_names_in_credit_fields_signatures_and_lists_of_people_are_attributions():
    from lint.structure import attribution

    def names(text: str, word: str) -> bool:
        start = text.index(word)
        return attribution(text, start, start + len(word))

    assert names(":release-by: Ask Solem\n", "Solem") and names("Reviewed-by: Jane Doeh\n", "Doeh")
    assert not names(":param solem: the value\n", "solem")  # a field that names no people
    assert names("Thanks for it.\n\nbest,\nholger krekel\n", "krekel")  # a signature
    assert not names("It was, as we said in the first of many long meetings of the year,\nholger krekel\n", "krekel")
    assert not names("best,\nholger krekel wrote the tests\n", "krekel")
    people = "* Fabio Zadrozny\n* Jeffrey Rackauckas\n* Ronny Pfannschmidt\n* wim glenn\n"
    assert names(people, "wim") and names(people, "glenn")
    block = "among them:\n\n  Alex Gaynor\n  aselus-hub\n  Bruno Oliveira\n  Ronny Pfannschmidt\n\nEnd."
    assert names(block, "aselus")
    emphasised = ("- Improvements by:\n\n    - **BLAGA Razvan-Paul**\n    - **Michael Howitz**\n"
                  "    - :github_user:`paradox41`\n")
    assert names(emphasised, "Howitz")
    # a list of titles is no list of people; a line of a sentence is no name
    assert not names("* Installation\n* Getting Strated\n* Usage\n* Advanced Topics\n", "Strated")
    assert not names("* Fabio Zadrozny\n* Jeffrey Rackauckas\n* the recieve step\n", "recieve")


def test_names_of_things_and_apostrophes_are_dropped():
    text = ("The agogo theme, the apidoc module and the mian function; the dunder methods.\n\n"
            "It doesn’t apply to all subcommands' results. He said 'yes and left.\n")
    source = extract(text, "markdown")[0]
    found = [
        finding(text, "agogo", "lt.MORFOLOGIK_RULE_EN_US"),  # the name of a theme
        finding(text, "apidoc", "lt.MORFOLOGIK_RULE_EN_US"),  # the name of a module
        finding(text, "mian", "lt.MORFOLOGIK_RULE_EN_US"),  # one slip from 'main': stays
        finding(text, "dunder", "lt.MORFOLOGIK_RULE_EN_US"),  # one slip from 'under': stays
        finding(text, "’", "lt.EN_UNPAIRED_QUOTES"),  # an apostrophe in a word
        finding(text, "' r", "lt.EN_UNPAIRED_QUOTES", 1),  # a plural's possessive apostrophe
        finding(text, "'yes", "lt.EN_UNPAIRED_QUOTES", 1),  # a quotation mark: stays
    ]
    ctx = FilterContext(Config(), {"a.md": source}, lexicon=load_lexicon)
    kept = apply(found, ctx)
    assert [(f.rule, f.match) for f in kept] == [
        ("lt.MORFOLOGIK_RULE_EN_US", "mian"), ("lt.MORFOLOGIK_RULE_EN_US", "dunder"), ("lt.EN_UNPAIRED_QUOTES", "'")]


def test_handles_units_recurring_names_courtesy_credits_and_doublings_across_blocks():
    text = ("Pull request courtesy Iuri de Silvio. Thanks @patt and Patt.\n\n"
            'Patt: "Hey." Then Patt left, and Patt came back.\n\n'
            "It adds ~100 µs of overhead. The Russion team, the Russion bank, the Russion fleet.\n\n"
            'A sponsor: <img alt="Whop"><br/><b>Whop</b>. The the end; cut the the text.\n\n'
            "Ask Kent Smiht.\n")
    source = extract(text, "markdown")[0]
    found = [
        finding(text, "Iuri", "lt.MORFOLOGIK_RULE_EN_US"),  # a credit's name
        finding(text, "patt", "typos.truncated-word"),  # a handle
        finding(text, "Patt", "lt.MORFOLOGIK_RULE_EN_US"),  # a short name the file writes four times
        finding(text, "µs", "lt.MORFOLOGIK_RULE_EN_US"),  # a unit after a number
        finding(text, "Russion", "lt.MORFOLOGIK_RULE_EN_US"),  # recurs, but a slip of 'Russian': stays
        finding(text, 'Whop"><br/><b>Whop', "typos.doubled-word"),  # an image's text and its caption
        finding(text, "the the", "typos.doubled-word"),  # stays
        finding(text, "Smiht", "typos.non-word"),  # once: stays
    ]
    ctx = FilterContext(Config(), {"a.md": source}, lexicon=load_lexicon,
                        kinds={"typos.doubled-word": "doubled", "typos.truncated-word": "truncation",
                               "typos.non-word": "spelling"},
                        spelling_rules=("typos.truncated-word", "typos.non-word"))
    kept = apply(found, ctx)
    assert [f.match for f in kept] == ["Russion", "the the", "Smiht"]


def test_doublings_in_two_cases_or_three_times_and_spaces_after_code_are_on_purpose():
    text = ("It is an **OPEN Open** project. Nope. NOPE NOPE NOPE. The the end; the the word.\n\n"
            "Use `.omit` . Use ``x`` , then a space before , here.\n")
    source = extract(text, "markdown")[0]
    found = [
        finding(text, "OPEN Open", "lt.ENGLISH_WORD_REPEAT_RULE"),  # two cases: on purpose
        finding(text, "NOPE NOPE", "typos.doubled-word"),  # three times: on purpose
        finding(text, "The the", "typos.doubled-word"),  # stays
        finding(text, "the the", "lt.ENGLISH_WORD_REPEAT_RULE"),  # stays
        finding(text, " .", "punctuation.space-before-punctuation"),  # after inline code
        finding(text, " ,", "punctuation.space-before-punctuation"),  # after inline code
        finding(text, "e ,", "punctuation.space-before-punctuation"),  # in prose: stays
    ]
    kept = apply(found, FilterContext(Config(), {"a.md": source}, kinds={"typos.doubled-word": "doubled"}))
    assert [f.match for f in kept] == ["The the", "the the", "e ,"]


def test_emoji_shortcodes_in_markdown_are_masked_like_inline_code():
    text = "| Promise API | :heavy_check_mark: | :x: |\n\nHe said : no, at 10:30: a:b: **:tada:**!\n"
    source = extract(text, "markdown")[0]
    assert source.text == "| Promise API | CODE0 | CODE1 |\n\nHe said : no, at 10:30: a:b: CODE2!"
    assert extract(":tada: here", "plain")[0].text == ":tada: here"


def test_credits_that_end_an_item_or_a_sentence_and_api_entries_and_counted_nouns():
    from lint.structure import attribution, counted

    def names(text: str, word: str) -> bool:
        start = text.index(word)
        return attribution(text, start, start + len(word))

    assert names("* Messages: Fix import. (:gh:`852`) - Nehal J Wani\n", "Wani")
    assert names("* Keep @modifiers (:gh:`947`) - martin f. krafft\n", "krafft")
    assert names("* Drop support for Python 3.7 - Hugo van Kemenade\n", "Kemenade")
    assert names("<p>Import schemes.  Pull request courtesy layday.</p>", "layday")
    assert names("- Fix format_decimal() (:trac:`214`, patch from\n  George Lund)\n", "Lund")
    assert names("- Fix a check (reported with patch and tests by\n  jomae)\n", "jomae")
    # a typo in the item's own words, or one Capitalised word after a dash, is no credit
    assert not names("* Fix the parser - it now handels tabs\n", "handels")
    assert not names("* Support for the new Python - Jyhton\n", "Jyhton")
    assert not names("Pull request courtesy layday and a recieve step.", "recieve")

    def repeated(text: str) -> bool:
        return near_copy(extract(text, "rst")[0], text.rindex("The collection"))

    line = "    The collection of integers that make up a private key.\n\n"
    assert not repeated(".. class:: RSAPrivateKey\n\n" + line + ".. class:: DSAPrivateKey\n\n" + line)
    assert repeated(".. class:: RSAPrivateKey\n\n" + line + line)

    lexicon = load_lexicon()
    assert counted("Pino transports run in a worker. A transport is a module.", "a transport", lexicon)
    assert not counted("We need an information. The informations are here.", "an information", lexicon)
    assert not counted("He gave us an advice about it.", "an advice", lexicon)


def test_a_doubled_word_that_is_a_whole_table_cell_names_a_value():
    from lint.structure import whole_cell

    def cell(text: str, match: str) -> bool:
        start = text.index(match)
        return whole_cell(text, start, start + len(match))

    assert cell("<tr><td><p>long long</p></td><td><p>8</p></td></tr>", "long long")
    assert cell("| `long long` | 8 bytes |", "long long")
    assert not cell("| a long long way | 8 |", "long long")  # a slip inside a cell's sentence
    assert not cell("<td><p>It is the the end.</p></td>", "the the")
    assert not cell("He said the the end.", "the the")


def test_a_plural_that_modifies_a_noun_or_a_label_a_is_no_article_error():
    from lint.filters import _label_a, _noun_after

    lexicon = load_lexicon()

    def modifier(text: str, phrase: str) -> bool:
        return _noun_after(text, text.index(phrase) + len(phrase), lexicon)

    assert modifier("Add a permissions predicate on a view.", "a permissions")
    assert modifier('It registers a routes "mapper" object.', "a routes")
    assert not modifier("It was edited by a maintainers given a warning.", "a maintainers")
    assert not modifier("Add them as a more consistent aliases for attr.s.", "a more consistent aliases")
    text = "Suppose that producer A finishes first. A users are here."
    assert _label_a(text, text.index("A finishes")) and not _label_a(text, text.index("A users"))


def test_an_before_a_token_read_letter_by_letter_is_right():
    from lint.filters import _an_before_letters

    def spelt(text: str) -> bool:
        return _an_before_letters("an", text, text.index("an ") + 2)

    assert spelt("Install it as an npm package.") and spelt("Add an md5 fragment.") and spelt("Build an sdist.")
    assert spelt("Write an `html` file.") and spelt("Run an rpm build.")
    assert not spelt("It logs an warning.") and not spelt("Draw an curve.") and not spelt("Take an sloth.")
    assert not spelt("Open an translations object.") and not spelt("an hour")
    assert not _an_before_letters("a", "Install it as a npm package.", 12)  # 'an' is what it asks for


def test_thanks_credits_possessives_before_markup_and_letter_runs():
    from lint.engines.languagetool.evidence import not_a_word
    from lint.filters import _apostrophe
    from lint.structure import attribution

    def names(text: str, word: str) -> bool:
        start = text.index(word)
        return attribution(text, start, start + len(word))

    assert names("- Fixed the HTML report. Thanks, Max Linke.\n", "Linke")
    assert names("Thank you to Chris Lyne of Tenable for the report.", "Lyne")
    assert not names("Thanks, the Amercian team said.", "Amercian")

    def possessive(text: str) -> bool:
        start = text.index("s'") + 1
        return _apostrophe(text, start, start + 1)

    assert possessive("In **date-fns'** FP functions") and possessive("the distutils' ``MANIFEST`` file")
    assert possessive('This is why setuptools\' "install" works')
    assert not_a_word("eeeee") and not_a_word("aaaaa") and not not_a_word("eel") and not not_a_word("Eevee")


def test_maintainers_and_creators_are_credits():
    from lint.structure import attribution

    text = "Pygments is maintained by **Georg Brandl**, and the theme was created by Ana Lopez.\n"
    for word in ("Brandl", "Lopez"):
        assert attribution(text, at(text, word), at(text, word) + len(word))
    assert not attribution("It is created by defualt.\n", 17, 24)  # no Capitalised name: a typo stays


def test_filter_drops_the_dash_after_a_changelog_entry_reference_and_keeps_others():
    text = ("## v4.0.12 - September 4th, 2018\n\n- [#705](https://x.org/705) - 1.3.0 can not be wrapped\n\n"
            "- Use 1.2 - the best one.\n")
    source = extract(text, "markdown")[0]
    found = [
        finding(text, " - September", "lt.DASH_RULE", 3),  # a version heading's separator
        finding(text, " - 1.3.0", "lt.DASH_RULE", 3),  # after the link that opens the item
        finding(text, " - the", "lt.DASH_RULE", 3),  # inside the entry's text: stays
    ]
    kept = apply(found, FilterContext(Config(), {"a.md": source}))
    assert [(f.rule, f.location.start) for f in kept] == [("lt.DASH_RULE", text.index(" - the"))]


def test_handles_credited_in_parentheses_and_names_before_a_field_are_names():
    from lint.structure import attribution

    def named(text: str, word: str) -> bool:
        return attribution(text, at(text, word), at(text, word) + len(word))

    credit = "* Docs were updated (thanks to cthoyt, Evantm, and cyphase)\n* Faster (thanks to sk and OJFord)\n"
    assert named(credit, "cyphase") and named(credit, "cthoyt") and named(credit, "sk")
    assert not named("* Fixed the build (thanks to teh team)\n", "teh")  # words, not a list of handles
    people = ("- Dan Schult, GitHub: `dschult <https://github.com/dschult>`_\n- Peter C. Kroon, GitLab: `pckroon`\n"
              "- Weisheng Si, GitHub: `ws4u`\n")
    assert named(people, "Schult") and named(people, "Kroon")
    assert not named("- Recieve the data, Note: first\n", "Recieve")  # a sentence before the field


def test_language_codes_named_as_such_and_not_slips_of_that_shape():
    from lint.structure import locale_code

    def code(text: str, word: str) -> bool:
        return locale_code(text, at(text, word), at(text, word) + len(word))

    assert code("* fix French [fr] local ordinal\n", "fr") and code("Fixed [ko](https://x.org/1).\n", "ko")
    assert code("* Fix monthsShort for locale fr (#862)\n", "fr")
    assert code("* correct past property in ku (kurdish) locale (#1916)\n", "ku")
    assert not code("Set the locale fo the user.\n", "fo")  # 'fo' for 'for', the clause goes on
    assert not code("Pass an translations object.\n", "an")  # Aragonese's code, and an English word
    assert not code("See [teh] notes.\n", "teh") and not code("the Fr locale\n", "Fr")  # no code; a capital


def test_unix_commands_as_change_log_verbs_and_not_slips_of_that_shape():
    from lint.structure import command_verb

    def verb(text: str, word: str) -> bool:
        return command_verb(text, at(text, word), at(text, word) + len(word))

    assert verb("- Rm deprecated helpers (#6940).\n", "Rm") and verb("- API: Rm default value (#6953).\n", "Rm")
    assert verb("- document graph type; add links; rm unused import (#6992).\n", "rm")
    assert not verb("- The rm is big.\n", "rm") and not verb("- Rm\n", "Rm")  # a slip of 'room'; no object


def test_filter_drops_codes_commands_credits_and_compounds_and_keeps_typos_of_that_shape():
    text = ("- fix French [fr] local ordinal\n- Set the locale fo the user.\n- Rm deprecated helpers.\n"
            "- The rm is big.\n- Fix parsing (PR by Yang Jian)\n- Fix parsing (PR by teh team)\n\n"
            "It works in in-line mode, not in in line mode.\n")
    source = extract(text, "markdown")[0]
    found = [
        finding(text, "fr", "lt.FR"), finding(text, "fo", "lt.MORFOLOGIK_RULE_EN_US"),
        finding(text, "Rm", "lt.MORFOLOGIK_RULE_EN_US"), finding(text, "rm", "lt.MORFOLOGIK_RULE_EN_US"),
        finding(text, "Jian", "lt.MORFOLOGIK_RULE_EN_US"), finding(text, "teh", "lt.MORFOLOGIK_RULE_EN_US"),
        finding(text, "in in-", "typos.doubled-word", 5), finding(text, "in in line", "typos.doubled-word", 5),
    ]
    kept = apply(found, FilterContext(Config(), {"a.md": source}))
    assert [f.match for f in kept] == ["fo", "rm", "teh", "in in"]


def test_filter_drops_names_beside_foreign_names_and_tag_owners_and_keeps_slips_of_that_shape():
    text = ("| **Kornel Lesiński** | maintainer |\n| Thsi Lesiński | x |\n\n- TODO(riker): Damage report!\n"
            "- TODO (riker the list)\n")
    source = extract(text, "markdown")[0]
    speller = "lt.MORFOLOGIK_RULE_EN_US"
    found = [finding(text, "Kornel", speller), finding(text, "Thsi", speller),
             finding(text, "riker)", speller, 5), finding(text, "riker the", speller, 5)]
    kept = apply(found, FilterContext(Config(), {"a.md": source}, lexicon=load_lexicon))
    assert [f.match for f in kept] == ["Thsi", "riker"]


def test_filter_drops_shouted_doublings_and_keeps_an_acronym_doubled_among_lowercase_words():
    text = 'Alex: "JFC NO. NOPE. OH NOPE NOPE."\n\nPatt: "NOPE NOPE LOOK HERE"\n\nLoad the JSON JSON file.\n'
    source = extract(text, "markdown")[0]
    found = [finding(text, "NOPE NOPE.", "typos.doubled-word", 9), finding(text, "NOPE NOPE LOOK", "typos.doubled-word", 9),
             finding(text, "JSON JSON", "typos.doubled-word")]
    kept = apply(found, FilterContext(Config(), {"a.md": source}, lexicon=load_lexicon))
    assert [f.match for f in kept] == ["JSON JSON"]


def test_credits_in_parentheses_that_end_a_change_logs_items_and_hyphenated_handles():
    log = ("- [NEW] Esperanto locale (batisteo)\n- [FIX] Parse strings #228 (swistakm)\n"
           "- [FIX] Fix the crash. (Sylvain Baro)\n- [FIX] Fix the parser (ybrs) (cshowe).\n- Fix it (arigo and ghazel)\n"
           "- [FIX] Fix (teh) parser here\n- Thanks @steven-aerts and steven-aerts.\n\n"
           "The parser (teh) failed.\n")
    speller = "lt.MORFOLOGIK_RULE_EN_US"
    found = [finding(log, "batisteo", speller), finding(log, "Baro", speller),
             finding(log, "ybrs", speller), finding(log, "cshowe", speller), finding(log, "ghazel", speller),
             finding(log, "teh) parser", speller, 3),  # not the item's end: stays
             finding(log, "aerts and", "typos.non-word", 5),  # a handle after '@'
             finding(log, "aerts.", "typos.non-word", 5),  # no '@': stays
             finding(log, "teh) failed", speller, 3)]  # in prose: stays
    ctx = FilterContext(Config(), {"a.md": extract(log, "markdown")[0]}, lexicon=load_lexicon,
                        kinds={"typos.non-word": "spelling"}, spelling_rules=("typos.non-word",))
    assert [f.match for f in apply(found, ctx)] == ["teh", "aerts", "teh"]
    # the same item in a file whose items are not credited so: '(teh)' at an item's end stays
    one = "- [NEW] Esperanto locale (batisteo)\n- Fix the parser (teh)\n- Fix the lexer\n"
    found = [finding(one, "batisteo", speller), finding(one, "teh", speller)]
    ctx = FilterContext(Config(), {"a.md": extract(one, "markdown")[0]}, lexicon=load_lexicon)
    assert [f.match for f in apply(found, ctx)] == ["batisteo", "teh"]


def test_a_paragraph_written_three_times_is_a_refrain_and_one_written_twice_stays():
    caveat = "The tool may modify the input which in turn may suppress those errors."
    text = "\n\n".join([f"Example {i}:\n\n```js\nf({i})\n```\n\n{caveat}" for i in range(3)]
                       + ["The report was late.", "The report was late.", "Done."]) + "\n"
    source = extract(text, "markdown")[0]
    last = text.rindex(caveat)
    twice = text.rindex("The report was late.")
    loc = lambda s, n: Location(s, s + n, text.count("\n", 0, s) + 1, 1, text.count("\n", 0, s) + 1, n + 1)
    found = [Finding("a.md", loc(last, len(caveat)), "typos.repeated-paragraph", Severity.WARNING, "m", match=caveat),
             Finding("a.md", loc(twice, 20), "typos.repeated-paragraph", Severity.WARNING, "m",
                     match="The report was late.")]
    kept = apply(found, FilterContext(Config(), {"a.md": source}, kinds={"typos.repeated-paragraph": "repetition"}))
    assert [f.match for f in kept] == ["The report was late."]


def test_names_before_a_version_or_a_dependency_options_between_colons_and_micro_units():
    text = ("- The first non-developement dependency.\n- Fix it for iojs v3.0 and teh 3.0 release.\n- Update har-validator to 5.x; bump "
            "reqeust to 2.88.\n- Add :okwarning: and :teh options. Parse ms and μs timestamps, not μse.\n")
    speller = "lt.MORFOLOGIK_RULE_EN_US"
    found = [finding(text, "non-developement", speller),  # a misspelled compound before a noun: stays
             finding(text, "iojs", "typos.non-word"), finding(text, "teh", "typos.non-word"),
             finding(text, "har-validator", speller),
             finding(text, "reqeust", speller),  # one slip from 'request': stays
             finding(text, "okwarning", speller), finding(text, "teh options", speller, 3),  # one colon: stays
             finding(text, "μs", "typos.mixed-script"), finding(text, "μse", "typos.mixed-script")]
    ctx = FilterContext(Config(), {"a.md": extract(text, "markdown")[0]}, lexicon=load_lexicon,
                        kinds={"typos.non-word": "spelling", "typos.mixed-script": "mixed-script"},
                        spelling_rules=("typos.non-word",))
    assert [f.match for f in apply(found, ctx)] == ["non-developement", "teh", "reqeust", "teh", "μse"]


def test_ideas_translations_and_thanks_that_go_to_people_are_credits():
    from lint.structure import attribution

    for text, word in (("(idea by Ghislain Le Meur)", "Meur"), ("Thanks go to Hugo Kemenade.", "Kemenade"),
                       ("A big thanks goes out to Ana Smiht.", "Smiht"), ("Translated by Jan Nowak.", "Nowak")):
        assert attribution(text, text.index(word), text.index(word) + len(word)), text
    for text, word in (("(idea by teh team)", "teh"), ("Idea by the Recieve team", "Recieve")):
        assert not attribution(text, text.index(word), text.index(word) + len(word)), text


def test_a_whole_word_in_another_alphabet_is_a_slip_in_english_text_only():
    text = ("Похожая функция `moduleProvides` поддерживает объявление интерфейсов при определении модуля.\n"
            "Для примера смотрите использование вызова `moduleProvides` в `zope.interface`, который объявляет.\n\n"
            "It was а long day and the team went home early after the talks with the board.\n")
    found = [finding(text, "в `zope", "typos.mixed-script", 1), finding(text, "а long", "typos.mixed-script", 1)]
    ctx = FilterContext(Config(), {"a.md": extract(text, "markdown")[0]}, lexicon=load_lexicon,
                        kinds={"typos.mixed-script": "mixed-script"})
    assert [f.match for f in apply(found, ctx)] == ["а"]
    assert text.index("а long") > text.index("в `zope")


def test_bare_thanks_in_parentheses_lists_of_people_on_a_line_and_the_particle_v_are_credits():
    from lint.structure import attribution

    named = (("- Add import hook for reportlab (thanks Nevar).\n", "Nevar"), ("- Add a hook (thx Ana Smiht)\n", "Smiht"),
             ("the script, based on a contribution\n  by Ian Bicking.  The egg", "Bicking"))
    credits = "* Dave Cortesi, David Hoese, John Daytona, Nejc Habjan,\n  Thomas Waldmann, David Weil, Placinta\n"
    people = "- Contributors:\n\n    Lennart Regebro\n    Martin v Loewis\n    Thomas Lotze\n"
    thanked = "thanks go to (at least) Michael Droettboom,\n  raphaelauv, Hugo van Kemenade, Mark Shannon, and Petr Viktorin.\n"
    for text, word in (*named, (credits, "Weil"), (credits, "Placinta"), (people, "Loewis"), (thanked, "Kemenade"),
                       (thanked, "raphaelauv")):
        assert attribution(text, text.index(word), text.index(word) + len(word)), (text, word)
    for text, word in (("Thanks Nevar for the fix.\n", "Nevar"),  # no parenthesis: a sentence
                       ("- Fix the hook (thanks for teh fix)\n", "teh"),
                       ("a contribution by teh team\n", "teh"),
                       ("- Install, Configure, Tets, and Deploy\n", "Tets"),  # no list of people
                       ("- Mark Shannon, Petr Viktorin, dgos and cats\n", "dgos"),
                       ("We thank Thomas Waldmann, David Weil, Placinta\n", "Weil")):  # a sentence around it
        assert not attribution(text, text.index(word), text.index(word) + len(word)), (text, word)


def test_the_spaced_marks_of_a_conditional_operator_are_syntax():
    text = "- Changed the conditional operator (a ? b : c) to lazy.\n\nWhy ? Because. Note : this.\n"
    found = [Finding("a.md", _loc(text, text.index(" ?"), 2), "punctuation.space-before-punctuation", Severity.WARNING,
                     "m", match=" ?"),
             Finding("a.md", _loc(text, text.index(" :"), 2), "punctuation.space-before-punctuation", Severity.WARNING,
                     "m", match=" :"),
             Finding("a.md", _loc(text, text.index(" ? B"), 2), "punctuation.space-before-punctuation",
                     Severity.WARNING, "m", match=" ?"),
             Finding("a.md", _loc(text, text.index(" : t"), 2), "punctuation.space-before-punctuation",
                     Severity.WARNING, "m", match=" :")]
    kept = apply(found, FilterContext(Config(), {"a.md": extract(text, "markdown")[0]}))
    assert [f.location.start for f in kept] == [text.index(" ? B"), text.index(" : t")]


def test_a_name_given_by_a_verb_of_naming_is_a_name_and_a_slip_there_stays():
    text = "(at the time, it was named restserv). A tool called *otool* helps; a file named teh list.\n"
    speller = "lt.MORFOLOGIK_RULE_EN_US"
    found = [finding(text, "restserv", speller), finding(text, "otool", speller), finding(text, "teh", speller)]
    ctx = FilterContext(Config(), {"a.md": extract(text, "markdown")[0]}, lexicon=load_lexicon)
    assert [f.match for f in apply(found, ctx)] == ["otool", "teh"]  # 'otool': one edit from 'tool', so it stays


def test_a_name_in_a_series_of_software_names_is_a_name_and_a_slip_of_one_stays():
    text = ("Frameworks: Django, Zope, Pylons, and Turbogears. Try Djnago, Flask and Pyramid.\n\n"
            "Visit France, Itlay and Spain.\n")
    found = [finding(text, "Zope", "typos.non-word"), finding(text, "Djnago", "typos.non-word"),
             finding(text, "Itlay", "typos.non-word")]
    ctx = FilterContext(Config(), {"a.md": extract(text, "markdown")[0]}, lexicon=load_lexicon,
                        kinds={"typos.non-word": "spelling"}, spelling_rules=("typos.non-word",))
    kept = [f.match for f in apply(found, ctx)]
    from lint import terms
    assert kept == (["Djnago", "Itlay"] if terms.load() else ["Zope", "Djnago", "Itlay"])


def test_a_gerund_verb_in_the_passive_before_an_infinitive_is_idiomatic_and_the_active_stays():
    text = "Not recommended to override this setting. We recommend to use this instead.\n"
    found = [finding(text, "recommended to override", "lt.ADMIT_ENJOY_VB"),
             finding(text, "recommend to use", "lt.ADMIT_ENJOY_VB")]
    kept = apply(found, FilterContext(Config(), {"a.md": extract(text, "markdown")[0]}, lexicon=load_lexicon))
    assert [f.match for f in kept] == ["recommend to use"]


def test_a_persons_names_with_an_issue_number_end_a_credited_item():
    from lint.structure import attribution

    log = ("* Fix the parser. (Alex Gorbatchev, #213)\n* Fix the lexer. (sdispater)\n* Fix it. (Blake Miner)\n"
           "* Fix the rest. (#214)\n* Fix the docs (See Below)\n\nThe parser (Alex Smiht) failed.\n")
    assert attribution(log, log.index("Gorbatchev"), log.index("Gorbatchev") + 10)
    for word in ("Below", "Smiht"):  # no person's names; not an item's end
        assert not attribution(log, log.index(word), log.index(word) + len(word)), word


def test_c_s_type_long_long_is_no_doubled_word_and_a_doubling_in_prose_stays():
    text = "Use unsigned long long here, long long int there, or 'long\nlong' instead of 'int'. The long long report.\n"
    starts = [m.start() for m in __import__("re").finditer(r"long\slong", text)]
    found = [Finding("a.md", _loc(text, s, 9), "typos.doubled-word", Severity.WARNING, "m", match=text[s:s + 9])
             for s in starts]
    kept = apply(found, FilterContext(Config(), {"a.md": extract(text, "markdown")[0]}, lexicon=load_lexicon))
    assert [f.location.start for f in kept] == [starts[-1]]


def test_a_traceback_pasted_as_text_is_code_and_prose_after_it_stays_checked():
    text = ("It fails:\n\n  File \"/home/u/cli.py\", line 89, in update\n"
            "  return update_all(force=force, jsub=jsub)\n  TypeError: update() got a wrng value\n\n"
            "The jsub option is wrng.\n")
    speller = "lt.MORFOLOGIK_RULE_EN_US"
    found = [finding(text, "jsub", speller), finding(text, "wrng", speller),
             finding(text, "jsub option", speller, 4), finding(text, "wrng.", speller, 4)]
    kept = apply(found, FilterContext(Config(), {"a.md": extract(text, "markdown")[0]}))
    assert [(f.match, f.location.line) for f in kept] == [("wrng", 5), ("jsub", 7), ("wrng", 7)]


def test_the_host_of_an_address_spelled_out_is_no_word_and_a_slip_beside_at_stays():
    text = "Write to raphael DOT barrois AT xelmail DOT com. Look at teh DOT in the list.\n"
    speller = "lt.MORFOLOGIK_RULE_EN_US"
    found = [finding(text, "xelmail", speller), finding(text, "teh", speller)]
    kept = apply(found, FilterContext(Config(), {"a.md": extract(text, "markdown")[0]}))
    assert [f.match for f in kept] == ["teh"]


def test_a_list_item_of_a_thing_and_its_maker_credits_a_name_and_a_slip_in_an_item_stays():
    text = "Translations:\n\n- French by Joel Closier (#352)\n- Dutch by Roel Aaij\n- Sorted by defualt (#353)\n"
    found = [finding(text, "Closier", "typos.non-word"), finding(text, "Aaij", "typos.non-word"),
             finding(text, "defualt", "typos.non-word")]
    ctx = FilterContext(Config(), {"a.md": extract(text, "markdown")[0]}, lexicon=load_lexicon,
                        kinds={"typos.non-word": "spelling"}, spelling_rules=("typos.non-word",))
    assert [f.match for f in apply(found, ctx)] == ["defualt"]


def test_an_address_spelled_out_and_its_owner_are_no_words_and_slips_around_them_stay():
    text = ("Authors:\n\n- Matthew Aburn (mattja6 AT gmail DOT com)\n"
            "- Nicolas Delaby (nicolas DOT delaby AT ezeep DOT com)\n"
            "- Pawel Jasinski (pawel DOT jasinski AT gmail DOT com) fixd teh build\n")
    speller = "lt.MORFOLOGIK_RULE_EN_US"
    found = [finding(text, w, speller) for w in ("Aburn", "mattja6", "Delaby", "nicolas", "delaby", "pawel", "fixd", "teh")]
    kept = apply(found, FilterContext(Config(), {"a.md": extract(text, "markdown")[0]}))
    assert [f.match for f in kept] == ["fixd", "teh"]
    slip = "He looked teh at home DOT com.\n"  # a bare 'at' is the preposition
    kept = apply([finding(slip, "teh", speller)], FilterContext(Config(), {"a.md": extract(slip, "markdown")[0]}))
    assert [f.match for f in kept] == ["teh"]


def test_a_name_colon_type_layout_is_no_spacing_slip_and_a_lone_spaced_colon_stays():
    rule = "punctuation.space-before-punctuation"

    def colons(text: str) -> list[Finding]:
        out, at = [], text.find(" :")
        while at >= 0:
            line = text.count("\n", 0, at) + 1
            col = at - (text.rfind("\n", 0, at) + 1) + 1
            out.append(Finding("a.md", Location(at, at + 2, line, col, line, col + 2), rule, Severity.WARNING, "m",
                               match=" :"))
            at = text.find(" :", at + 1)
        return out

    layout = ("Options:\n\nnumpydoc_show_class_members : bool\n  Whether.\n\nnumpydoc_xref_param_type : bool\n"
              "  Whether.\n\nnumpydoc_validation_checks : set\n  Which.\n\nThe order : it matters.\n")
    kept = apply(colons(layout), FilterContext(Config(), {"a.md": extract(layout, "rst")[0]}))
    assert [f.location.line for f in kept] == [12]  # more than one name before the colon: prose
    prose = "Install it.\n\nNote : the order matters.\n"  # no layout in the document: French spacing
    kept = apply(colons(prose), FilterContext(Config(), {"a.md": extract(prose, "rst")[0]}))
    assert [f.location.line for f in kept] == [3]


def test_a_word_written_as_a_calls_argument_is_a_parameter_and_a_slip_beside_it_stays():
    text = "Exception.with_traceback(tb) - set self.__traceback__ to tb and retrun self.\n\nThe tb is teh.\n"
    speller = "lt.MORFOLOGIK_RULE_EN_US"
    second = text.index("to tb") + 3
    loc = Location(second, second + 2, 1, second + 1, 1, second + 3)
    found = [Finding("a.md", loc, speller, Severity.WARNING, "m", match="tb"), finding(text, "retrun", speller),
             finding(text, "tb is", speller, 2)]
    kept = apply(found, FilterContext(Config(), {"a.md": extract(text, "markdown")[0]}))
    assert [(f.match, f.location.line) for f in kept] == [("retrun", 1), ("tb", 3)]  # another paragraph: stays


def test_an_emphasised_name_crediting_its_maker_is_a_name_and_slips_there_stay():
    text = ("New languages:\n\n- *Golo* by Philipp Garbe\n- *Gradle* by [Damian Mee][]\n"
            "- *Langauge* by Jan Doe\n- Stata by Brian Quistorff\n")
    found = [finding(text, w, "typos.non-word") for w in ("Golo", "Gradle", "Langauge", "Stata")]
    ctx = FilterContext(Config(), {"a.md": extract(text, "markdown")[0]}, lexicon=load_lexicon,
                        kinds={"typos.non-word": "spelling"}, spelling_rules=("typos.non-word",))
    # a slip of a common word stays in the place of a name; without emphasis no name is marked
    assert [f.match for f in apply(found, ctx)] == ["Langauge", "Stata"]


def _colon_findings(text: str, colon: str = " :") -> list[Finding]:
    """A space-before-punctuation finding on every ``colon`` of ``text``."""
    out, at = [], text.find(colon)
    while at >= 0:
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        out.append(Finding("a.md", Location(at, at + len(colon), line, col, line, col + len(colon)),
                           "punctuation.space-before-punctuation", Severity.WARNING, "m", match=colon))
        at = text.find(colon, at + 1)
    return out


def test_a_list_of_distinct_terms_laid_out_with_spaced_colons_is_no_slip_and_a_label_list_stays():
    terms = ("An SSH tunnel has five parts:\n\n- server : the SSH server\n- remote ip : the IP of the remote\n"
             "  machine (it may be the server).\n- QoS 0 : received at most once\n"
             "- *task-loading* : search for task creators\n- Merge pull request : when merging\n\nAfter it.\n")
    kept = apply(_colon_findings(terms), FilterContext(Config(), {"a.md": extract(terms, "markdown")[0]}))
    assert kept == []
    # a change log's labels repeat ('Fix' twice): French spacing in prose, which stays
    labels = "## 1.0\n\n- New flag : `--no-pmx`\n- Fix : some issues\n- Fix #1177 : no restart\n"
    kept = apply(_colon_findings(labels), FilterContext(Config(), {"a.md": extract(labels, "markdown")[0]}))
    assert [f.location.line for f in kept] == [3, 4, 5]
    # one item with the spaced colon among items without it: the slip stays
    mixed = "Kinds:\n\n- fix: a bug fix\n- new feature : a feature\n- docs: documentation\n"
    kept = apply(_colon_findings(mixed), FilterContext(Config(), {"a.md": extract(mixed, "markdown")[0]}))
    assert [f.location.line for f in kept] == [4]


def test_straight_quotes_that_pair_up_are_no_unpaired_quote_and_an_odd_one_stays():
    rule = "lt.EN_UNPAIRED_QUOTES"
    paired = 'Allow docstrings to start with "Process ", "Assess ", or a space (" ").\n'
    at = paired.index('", "Assess')
    loc = Location(at, at + 1, 1, at + 1, 1, at + 2)
    found = [Finding("a.md", loc, rule, Severity.WARNING, "m", match='"')]
    assert apply(found, FilterContext(Config(), {"a.md": extract(paired, "markdown")[0]})) == []
    odd = 'Set it to "on and restart the "server".\n'  # three quotes: one is unpaired
    found = [finding(odd, '"', rule)]
    assert [f.match for f in apply(found, FilterContext(Config(), {"a.md": extract(odd, "markdown")[0]}))] == ['"']
    glued = 'It may match a switch name of"--help", as long as it is clear.\n'  # the space is missing
    found = [finding(glued, '"', rule)]
    assert [f.match for f in apply(found, FilterContext(Config(), {"a.md": extract(glued, "markdown")[0]}))] == ['"']


def test_a_signature_wrapped_into_a_definition_term_is_code_and_a_sentence_naming_a_call_stays():
    html = ("<dl><dt>TreeBuilder(self, element_factory=None, parser=None,</dt><dd><p>comment_factory=None, "
            "pi_factory=None)</p><p>Builds a tree , as told.</p></dd>\n"
            "<dt>write(self, file, method=”xml”,</dt><dd><p>Call f(a, b) , then g.</p></dd></dl>\n")
    source = extract(html, "html")[0]
    found = [finding(html, "None,", "punctuation.paragraph-ends-with-comma"),
             finding(html, "”", "punctuation.quotes"),
             finding(html, " , as", "punctuation.space-before-punctuation", 2),
             finding(html, " , then", "punctuation.space-before-punctuation", 2)]
    found[0] = replace(found[0], location=Location(found[0].location.start + 4, found[0].location.start + 5, 1,
                                                   found[0].location.column + 4, 1, found[0].location.column + 5),
                       match=",")
    kept = apply(found, FilterContext(Config(), {"a.md": source}))
    assert [f.location.start for f in kept] == [html.index(" , as"), html.index(" , then")]


def test_a_name_before_a_badge_a_configuration_or_a_feature_tag_is_a_name_and_a_slip_there_stays():
    text = ("Add libpath options to the wafscript configuration. Add a custom feavar feature tag.\n\n"
            "Remove the gemnasium badge. Keep the nwe tags and teh badge.\n")
    speller = "lt.MORFOLOGIK_RULE_EN_US"
    found = [finding(text, w, speller) for w in ("wafscript", "feavar", "gemnasium", "nwe", "teh")]
    kept = apply(found, FilterContext(Config(), {"a.md": extract(text, "markdown")[0]}, lexicon=load_lexicon))
    assert [f.match for f in kept] == ["nwe", "teh"]  # one slip from 'new' and 'the': slips


def test_curled_quotes_of_a_code_literal_are_code_and_a_curly_slip_in_prose_stays():
    text = ("Example: b’.’.join([b’ab’, b’pq’]). Use import=”*” in the tag.\n\n"
            "He said “no and left.\n")
    found = [finding(text, "’.j", "lt.EN_UNPAIRED_QUOTES", 1), finding(text, "’ab", "punctuation.quotes", 1),
             finding(text, "”*", "punctuation.quotes", 1),  # an attribute's curled quotes: stays
             finding(text, "“no", "punctuation.quotes", 1), finding(text, "“no", "lt.EN_UNPAIRED_QUOTES", 1)]
    kept = apply(found, FilterContext(Config(), {"a.md": extract(text, "markdown")[0]}))
    assert sorted((f.rule, f.location.line) for f in kept) == [
        ("lt.EN_UNPAIRED_QUOTES", 3), ("punctuation.quotes", 1), ("punctuation.quotes", 3)]


def test_languagetool_on_the_host_of_an_address_spelled_out_is_dropped_and_grammar_beside_it_stays():
    text = "- Christian Wyglendowski (christian AT bu DOT mp)\n\nIt bu the way.\n"
    found = [finding(text, "bu DOT", "lt.BU", 2), finding(text, "bu the", "lt.BU", 2)]
    kept = apply(found, FilterContext(Config(), {"a.md": extract(text, "markdown")[0]}))
    assert [f.location.line for f in kept] == [3]
