"""The dangling kind: an article or preposition left directly before , . or ; by a lost word."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from lint._core import stranded_words
from lint.engines.rules.kinds.base import Context, Kind, Match, Option, RuleDefinitionError
from lint.extract.common import Emitter

#: Where a clause starts, for the search for a word that licenses a stranded preposition.
#: A line break is one unless a lowercase word or masked code (the extractors' ``CODE<n>``)
#: goes on after it (a paragraph wrapped in the source: 'where users will download it\nfrom.'),
#: or it follows a lowercase word or a comma (wrapped before a name: 'what you'll be using\n
#: APScheduler for.'); the empty parentheses of a call are none ('the class which find_spec()
#: should return instances of.').
_CLAUSE_START = re.compile(
    rf"[.;:!?\[\]]|\((?!\))|(?<!\()\)|(?<![a-z,])\n(?![ \t]*(?:[a-z]|{Emitter.PLACEHOLDER.format('')}\d))")
_WORDS = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
#: Forms of 'be' and 'get' before a past participle: a passive ('is checked in').
_PASSIVE = frozenset({"is", "are", "was", "were", "be", "been", "being", "get", "gets", "got", "getting"})
#: Forms of 'be' before a predicate adjective in a relative clause ('this package is compatible with').
_BE = frozenset({"is", "are", "was", "were", "be", "been"})
#: Forms of 'have' before a past participle: an active perfect ('had stopped in' lost its object).
_PERFECT = frozenset({"had", "has", "have", "having"})
#: A parenthetical right after the comma: the preposition's object follows it ('removed in, or
#: after, April'; 'allows you to, for example, pass').
#: Prepositions that may stand after a comma's 'or' ('in, or after, April') besides the rule's own.
_MORE_PREPOSITIONS = frozenset({"after", "before", "since", "until", "around", "near", "behind", "beyond", "under",
                                "over", "inside", "outside"})
#: Also a second phrase that ends in a preposition too, sharing the object ('the end of, or a
#: breakpoint in, a transmission').
#: Also a participle's aside after an article ('Removed the, deprecated in 0.4, support for').
_ASIDE = (r",\s+(?:(?:or|and|but|if not)\s+(?:[A-Za-z]+\s+){{0,4}}(?:{preps})|for\s+example|for\s+instance|say"
          r"|e\.g\.|i\.e\.|[a-z]+ed\s+(?:in|by|since|as\s+of)\s+[^\s,;]+)\s*,")
#: An adverbial aside set off by commas between the preposition and its object or verb, which
#: goes on in lowercase: an adverb in -ly or a short prepositional phrase ('allow us to,
#: effectively, create'; 'the convention of, by default, appending'); a lost object before a
#: new clause ('printed in, then, Vienna') is no aside: the word after it is Capitalised.
_ADVERB_ASIDE = r",\s+(?:[a-z]+ly|(?:{preps})\s+(?:[a-z]+\s+)?[a-z]+)\s*,\s+[a-z]"
#: A relative path after the word, whose dot the core reads as punctuation ('downloaded to the
#: ./.eggs directory', 'run from the ../src folder').
_PATH_AFTER = re.compile(r"[ \t]?\.{1,2}/")
#: Relative and interrogative words that open a clause wherever they stand in it ('code which
#: a later step would transform the text into.'), for a preposition other than 'to'; 'that',
#: which may be a determiner, 'who', mostly a subject ('the one who went to.'), and the rule's
#: other ``relatives`` license only within ``reach`` words.
_WH = frozenset({"what", "which", "whom", "whose", "where", "whatever", "whichever", "wherever"})


class Dangling(Kind):
    """Flags an article, or a preposition, that ends a phrase where a word must follow.

    An article before , . or ; always lacks its noun ('the, '). A preposition may end a
    clause legitimately ('what it was made of.', 'the one they spoke to'): it is flagged
    only when nothing in its clause licenses stranding: no wh-word or relative pronoun
    among the ``reach`` words before it ('what it was made of') and no verb form, pronoun
    or particle right before it (``licensors``, also inflected: 'logging in', 'is checked in';
    a word ending in -ed before a non-particle: 'paid for'; an object pronoun before a
    particle: 'take it in'), and none when an aside follows the comma ('removed in, or after,
    April'; 'allows you to, for example, pass').
    """

    name = "dangling"
    OPTIONS = {
        "articles": Option(list, ["a", "an", "the"], doc="words that always need a following word"),
        "prepositions": Option(list, required=True, doc="words flagged unless their clause licenses stranding"),
        "relatives": Option(list, [], doc="words that license a stranded preposition later in the clause"),
        "licensors": Option(list, [], doc="words that, right before the preposition, make it a particle or stranded"),
        "particles": Option(list, [], doc="prepositions that are also adverbs ('log in'): an object pronoun licenses them ('take it in'), an -ed word does not"),
        "objects": Option(list, [], doc="pronouns that, right before a particle, make it adverbial"),
        "subjects": Option(list, [], doc="pronouns that, after a noun and a few words before the preposition, open a relative clause that strands it ('the philosophies we believe in')"),
        "openers": Option(list, [], doc="words before a subject pronoun that make it the main clause's subject, not a relative clause's ('and we met in,')"),
        "determiners": Option(list, [], doc="words that open a noun phrase, for a relative clause without its pronoun ('the module the method was defined in')"),
        "infinitive": Option(int, 0, doc="how many words back a 'to' makes an infinitive that may strand the preposition ('a file to write to', 'harder to reason about'); 0: none"),
        "adverbs": Option(list, [], doc="prepositions that end a sentence as adverbs ('allow the file through.'): not flagged before a full stop, question or exclamation mark; still before a comma or semicolon"),
        "idioms": Option(list, [], doc="two-word phrases that end before an example or a gloss set off by a comma ('as in, rehype-react')"),
        "reach": Option(int, 6, doc="how many words back a relative still licenses the preposition"),
    }

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        keys = ("articles", "prepositions", "relatives", "licensors", "particles", "objects", "subjects", "openers",
                "determiners", "adverbs")
        (self.articles, self.prepositions, self.relatives, self.licensors, self.particles, self.objects,
         self.subjects, self.openers, self.determiners, self.adverbs) = (_words(key, options[key]) for key in keys)
        self.wh = self.relatives & _WH
        # Lowercase only: 'Plan A.' and 'Part The.' are names, a capital 'In,' starts a line.
        self.stranded = self.articles | self.prepositions
        preps = sorted(self.prepositions | _MORE_PREPOSITIONS)
        self.aside = re.compile(f"{_ASIDE}|{_ADVERB_ASIDE}".format(preps="|".join(preps)))
        self.idioms = frozenset(tuple(i.lower().split()) for i in options["idioms"])
        #: The first of two phrases sharing one object, before this one ('the end of, or a
        #: breakpoint in, a transmission'): the second one's preposition is not dangling.
        self.shared = re.compile(rf"\b(?:{'|'.join(preps)}),\s+(?:or|and|but)\s")

    def find(self, text: str, ctx: Context) -> Iterator[Match]:
        # One of the words after a letter or comma and a space or tab, then an optional space or
        # tab and , . or ; not followed by a word character or a dot (the compiled core's
        # stranded_words gives the spans of the words).
        for start, end in stranded_words(text, self.stranded):
            word = text[start:end]
            if self.aside.match(text, end) or _PATH_AFTER.match(text, end):
                continue
            if word in self.adverbs and text[end:].lstrip(" \t")[:1] in (".", "!", "?"):
                continue  # an adverb that ends the sentence ('let the light shine through.')
            if word in self.articles or not self._licensed(text, start, word):
                yield Match(start, end)

    def _licensed(self, text: str, start: int, word: str) -> bool:
        """True when the clause before ``start`` allows its preposition ``word`` to end it."""
        clause_start = max((m.end() for m in _CLAUSE_START.finditer(text, max(0, start - 300), start)), default=0)
        words = [w.lower() for w in _WORDS.findall(text, clause_start, start)]
        if not words:
            return True  # a preposition alone: a heading, a list label
        before = words[-1]
        if (before, word) in self.idioms:
            return True
        particle = word in self.particles
        # A past form licenses in a passive ('is checked in') and as a participle before a particle
        # ('the one passed in', 'handling kicked in'), not after a perfect's 'had', whose verb
        # still wants its object ('the letters had stopped in' lost it).
        aux = words[-2] if len(words) > 1 else ""
        past = aux in _PASSIVE or (particle and aux not in _PERFECT)
        if before in self.prepositions or any(b in self.licensors for b in base_forms(before, past)):
            return True
        if (particle and before in self.objects) or (not particle and before.endswith("ed")):
            return True
        if any(w in self.relatives for w in words[-self.options["reach"] : -1]):
            return True
        if word != "to" and not self.wh.isdisjoint(words[:-1]):
            return True
        if self.shared.search(text, clause_start, start):
            return True
        return self._infinitive(words) or self._relative_clause(words) or self._reduced_relative(words)

    def _infinitive(self, words: list[str]) -> bool:
        """True when a 'to' stands two to ``infinitive`` words before the preposition (``words``
        end right before it): 'a file to write to', 'an expression to operate upon', 'harder to
        reason about', 'an object to write your secrets to'); not when an article stands between,
        where the preposition heads the noun's complement ('left to run the port of,')."""
        reach = self.options["infinitive"]
        if reach < 2 or "to" not in words[-reach:-1]:
            return False
        after = words[len(words) - 1 - words[::-1].index("to") :]
        return not any(w in self.articles for w in after)

    def _reduced_relative(self, words: list[str]) -> bool:
        """True for a noun, then a determiner opening a second noun phrase whose verb (a past
        form or a present in -s, or a form of 'be' and its predicate) ends the words before the
        preposition: a relative clause without its pronoun ('the module the method was defined
        in', 'the frame this record corresponds to', 'the versions this package is compatible
        with'). A verb or preposition before the determiner makes it the verb's object instead
        ('visited the port of', 'confirmed the ships arrived in', 'said the hall was full of')."""
        predicate = len(words) > 2 and words[-2] in _BE  # 'versions this distribution is compatible with'
        if not (predicate or words[-1].endswith(("ed", "en", "s"))) or words[-1].endswith("ss"):
            return False
        for back in (3, 4, 5, 6):
            if len(words) > back and words[-back] in self.determiners:
                head = words[-back - 1]
                return not (head in self.prepositions | self.articles | self.openers | self.licensors
                            or head.endswith("ed"))
        return False

    def _relative_clause(self, words: list[str]) -> bool:
        """True when a subject pronoun two to four words before the preposition follows a word
        that is no clause opener: a relative clause without its pronoun, which strands the
        preposition ('the philosophies we believe in', 'the platforms we publish to', 'the
        version of Python you are contributing to'); 'and we met in,' lost its object."""
        for back in range(2, min(4, len(words) - 1) + 1):
            subject = re.split("['’]", words[-back])[0]  # "you're using the collector from"
            if subject in self.subjects and words[-back - 1] not in self.openers | self.prepositions:
                return True
        return False


def base_forms(word: str, past: bool = False) -> set[str]:
    """``word`` and the verbs it may inflect: 'logging' -> log, 'refers' -> refer, 'parses' ->
    parse; with ``past`` also -ed forms ('checked' -> check, 'passed' -> pass), which only a
    passive licenses ('is checked in'; 'the letters had stopped in' lost its object).
    Lowercase in and out; a guess, not a lemma."""
    forms = {word}
    for ending in ("ing", "es", "s", *(("ed", "d") if past else ())):
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3:  # not 'ones' -> on
            forms |= {stem, stem + "e"}
            if len(stem) >= 3 and stem[-1] == stem[-2]:  # 'logging' -> log, 'stopped' -> stop
                forms.add(stem[:-1])
    return forms


def _words(key: str, value: list) -> frozenset[str]:
    """A word-list option, lowercase; anything but plain words is a rule-file error."""
    if not all(isinstance(w, str) and re.fullmatch(r"[A-Za-z]+", w) for w in value):
        raise RuleDefinitionError(key, "must be a list of words (quote yes/no/on/off, which YAML reads as true/false)")
    return frozenset(w.lower() for w in value)
