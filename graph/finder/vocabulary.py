"""The finder's vocabulary: Swedish words and phrases for needs, matched to service, target-group
and business-stage concepts.

The words are data: every concept's own names (``skos:prefLabel``, Swedish and English) and the
words people use for it (``skos:hiddenLabel`` in ``ontology/finder.ttl``, Swedish and English),
read with the named query ``finder_vocabulary``. Where a word is listed for one concept, another
concept's name does not claim it too ("investerare" is listed for venture capital, so the target
group Investerare does not match it). Matching works on stems (:mod:`graph.text`: Snowball
Swedish, folded, stop words dropped; English words with Snowball English), so inflections meet:

>>> from graph.text import terms
>>> terms("exporterar") == terms("exporterade") == terms("exportera")
True

The rules, in order:

1. **Phrases and words.** Every vocabulary entry is a sequence of stems in its language; it
   matches wherever the need has the same stems in a row ("starta ett företag" matches "starta
   företag", since "ett" is a stop word). A match inside a longer match is dropped ("företag"
   inside "starta företag"); overlapping matches are both kept.
2. **Compounds.** A word that no entry matches is read as a Swedish compound: it matches the
   longest one-word entry it *begins* with, if that entry's stem has at least
   :data:`MIN_FIRST_PART` letters and at least :data:`MIN_REST` letters are left
   ("exportrådgivning" → export, "digitaliseringsstöd" → digitalisering; not where the rest is
   only an inflection, :data:`ENDINGS`); and the longest
   one-word entry its stem *ends* with, if that has at least :data:`MIN_LAST_PART` letters and
   at least :data:`MIN_REST` letters come before it ("affärsrådgivning" → rådgivning).
   Short entries ("lån", "it", "mat") never match inside a compound.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import snowballstemmer

from graph.named_queries import select
from graph.swedish import fold, sort_key
from graph.text import STOP_WORDS, exact_stem, stem, words

__all__ = ["ENDINGS", "ENGLISH_STOP_WORDS", "LANGUAGES", "MIN_FIRST_PART", "MIN_LAST_PART", "MIN_REST",
           "SCHEMES", "Concept", "Match", "Token", "Vocabulary", "load_vocabulary", "tokens"]

#: The concept schemes the finder understands, and what each is in the payload.
SCHEMES = {"tjanst": "services", "malgrupp": "audiences", "skede": "stages"}
#: A compound's first part must be an entry stem at least this long ...
MIN_FIRST_PART = 5
#: ... its last part at least this long ...
MIN_LAST_PART = 6
#: ... and the rest of the word at least this long.
MIN_REST = 3
#: What follows a stem in an inflected word, not a second word: "investeringar" is not a
#: compound of "investera" (the rule 2 below would otherwise read it so).
ENDINGS = frozenset(("ing", "ingar", "ingen", "ingarna", "ar", "arna", "er", "erna", "or", "orna", "en", "et",
                     "ens", "ets", "ande", "ende", "are", "ade", "at", "na", "ns"))
#: The languages a need may be written in.
LANGUAGES = ("sv", "en")
#: English words that carry no topic: the words of asking and wanting, pronouns, articles.
_ENGLISH_STOP_WORDS_TEXT = """
a an the i me my we us our you your it its this that these those to of in on at for from with by
about into as or and but is am are was were be been being have has had do does did can could
would should will shall want wants wanted need needs needed looking look help get some any
how what where who which like please find
"""
ENGLISH_STOP_WORDS = frozenset(_ENGLISH_STOP_WORDS_TEXT.split())
_ENGLISH = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class Concept:
    """A service, target group or stage the finder can understand."""

    scheme: str
    key: str
    iri: str
    label: str
    label_en: str | None
    related: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Token:
    """A word of the need that carries meaning: as typed (lower case), its Swedish and its English
    stem."""

    word: str
    stem: str
    stem_en: str = ""
    exact: str = ""

    def stem_in(self, language: str) -> str:
        """The stem the word is matched by: in Swedish with its accents if it was typed with
        any ("lån" is not "län"), else folded ("lan" may be either)."""
        if language == "en":
            return self.stem_en
        return self.exact if self.exact and not self.word.isascii() else self.stem

    def stop_in(self, language: str) -> bool:
        """True if the word carries no topic in ``language`` (Swedish stop words never get here)."""
        return language == "en" and self.word in ENGLISH_STOP_WORDS


@dataclass(frozen=True)
class Match:
    """One concept found in the need: the words that matched, the entry, and how.

    ``how`` is ``word`` or ``phrase`` (rule 1), ``compound-first`` or ``compound-last`` (rule 2).
    """

    concept: Concept
    words: str
    term: str
    how: str
    start: int
    end: int
    language: str = "sv"


@lru_cache(maxsize=65536)  # the same words come again in need after need and name after name
def _stem_en(word: str) -> str:
    return fold(_ENGLISH.stemWord(word))


def tokens(text: str) -> list[Token]:
    """The words of ``text`` that are not Swedish stop words, each with its Swedish stem (as
    :func:`graph.text.terms`) and its English stem; English matching skips English stop words.

    >>> [t.stem for t in tokens("Jag vill börja exportera")]
    ['borj', 'exporter']
    >>> [t.stem_en for t in tokens("We want to start exporting") if not t.stop_in("en")]
    ['start', 'export']
    """
    return [Token(word, stem(word), _stem_en(word), exact_stem(word)) for word in words(text or "")
            if word not in STOP_WORDS]


def _in_language(need: list[Token], language: str) -> list[tuple[int, Token]]:
    """The need's words that carry meaning in ``language``, with their positions."""
    return [(position, token) for position, token in enumerate(need) if not token.stop_in(language)]


def _entry_key(term: str, language: str) -> tuple[str, ...]:
    """A vocabulary entry as the stems its words have in its language (accents kept)."""
    return tuple(token.stem_in(language) for _, token in _in_language(tokens(term), language))


def _folded_key(term: str, language: str) -> tuple[str, ...]:
    """... and without accents, for needs typed without them."""
    return tuple(token.stem if language == "sv" else token.stem_en
                 for _, token in _in_language(tokens(term), language))


@dataclass
class Vocabulary:
    """Concepts by IRI, and the vocabulary entries (stem sequences) that name them."""

    concepts: dict[str, Concept]
    #: (language, stems) → the concepts the entry names, each with the entry as written.
    entries: dict[tuple[str, tuple[str, ...]], list[tuple[Concept, str]]] = field(default_factory=dict)
    _singles: frozenset[str] | None = field(default=None, repr=False)

    @classmethod
    def from_rows(cls, rows: list[dict]) -> Vocabulary:
        """Build from ``finder_vocabulary`` rows (``scheme``, ``concept``, ``key``, ``label``,
        ``label_en``, ``term``, ``term_lang``, ``related``): the listed words first, then the
        concepts' own names where no listed word claims them."""
        related: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            if row.get("related"):
                related[row["concept"]].add(row["related"])
        concepts = {row["concept"]: Concept(row["scheme"], row["key"], row["concept"], row["label"],
                                            row.get("label_en"), frozenset(related[row["concept"]]))
                    for row in rows}
        vocabulary = cls(concepts)
        for row in sorted((r for r in rows if r.get("term")), key=lambda r: sort_key(r["term"])):
            vocabulary.add(concepts[row["concept"]], row["term"], row.get("term_lang") or "sv")
        for concept in sorted(concepts.values(), key=lambda c: c.iri):
            for name, language in ((concept.label, "sv"), (concept.label_en, "en")):
                if name and (language, _entry_key(name, language)) not in vocabulary.entries:
                    vocabulary.add(concept, name, language)
        return vocabulary

    def add(self, concept: Concept, term: str, language: str = "sv") -> None:
        """Let ``term`` (a word or phrase in ``language``) name ``concept``, with and without
        its accents."""
        for stems in {_entry_key(term, language), _folded_key(term, language)}:
            named = self.entries.setdefault((language, stems), []) if stems else []
            if stems and all(known.iri != concept.iri for known, _ in named):
                named.append((concept, term))
                self._singles = None
                self.__dict__.pop("_longest", None)

    def concept(self, scheme: str, key: str) -> Concept | None:
        """The concept of ``scheme`` with ``key``, if the vocabulary has it."""
        return next((c for c in self.concepts.values() if c.scheme == scheme and c.key == key), None)

    def choices(self, scheme: str) -> list[Concept]:
        """The concepts of ``scheme``, by Swedish name."""
        found = (c for c in self.concepts.values() if c.scheme == scheme)
        return sorted(found, key=lambda c: sort_key(c.label))

    def match(self, text: str) -> list[Match]:
        """Every concept the need ``text`` names, in the order the words come."""
        need = tokens(text)
        found = _outermost(self._phrases(need))
        covered = {position for match in found for position in range(match.start, match.end)}
        for position, token in enumerate(need):
            if position not in covered:
                found.extend(self._compound(token, position))
        return sorted(found, key=lambda m: (m.start, m.end, sort_key(m.concept.label)))

    @cached_property
    def _longest(self) -> int:
        """The most words an entry has (entries are added before the first match)."""
        return max((len(stems) for _, stems in self.entries), default=0)

    def _phrases(self, need: list[Token]) -> list[Match]:
        longest, found = self._longest, []
        for language in LANGUAGES:
            meaning = _in_language(need, language)
            for first in range(len(meaning)):
                for last in range(first + 1, min(first + longest, len(meaning)) + 1):
                    stretch = meaning[first:last]
                    key = (language, tuple(token.stem_in(language) for _, token in stretch))
                    start, end = stretch[0][0], stretch[-1][0] + 1
                    how = "word" if len(stretch) == 1 else "phrase"
                    typed = " ".join(token.word for token in need[start:end])
                    found.extend(Match(concept, typed, term, how, start, end, language)
                                 for concept, term in self.entries.get(key, ()))
        return _once(found)

    def _compound(self, token: Token, position: int) -> list[Match]:
        folded = fold(token.word)
        singles = self._single_stems()
        first = next((folded[:n] for n in range(len(folded) - MIN_REST, MIN_FIRST_PART - 1, -1)
                      if folded[:n] in singles and folded[n:] not in ENDINGS), None)
        last = next((token.stem[-n:] for n in range(len(token.stem) - MIN_REST, MIN_LAST_PART - 1, -1)
                     if token.stem[-n:] in singles), None)
        found = []
        for part, how in ((first, "compound-first"), (last, "compound-last")):
            if part:
                found.extend(Match(concept, token.word, term, how, position, position + 1)
                             for concept, term in self.entries[("sv", (part,))])
        return found

    def _single_stems(self) -> frozenset[str]:
        """The Swedish one-word entries (compounds are read in Swedish only)."""
        if self._singles is None:
            self._singles = frozenset(stems[0] for language, stems in self.entries
                                      if language == "sv" and len(stems) == 1)
        return self._singles


def _once(found: list[Match]) -> list[Match]:
    """Each concept once per stretch of words (a word may be the same in both languages)."""
    seen, kept = set(), []
    for match in found:
        if (match.concept.iri, match.start, match.end) not in seen:
            seen.add((match.concept.iri, match.start, match.end))
            kept.append(match)
    return kept


def _outermost(found: list[Match]) -> list[Match]:
    """The matches not lying inside a longer one."""
    return [m for m in found
            if not any(o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start
                       for o in found)]


def load_vocabulary(store) -> Vocabulary:
    """The vocabulary as the store holds it."""
    return Vocabulary.from_rows(select(store, "finder_vocabulary"))
