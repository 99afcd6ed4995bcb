"""The finder's vocabulary: Swedish words and phrases for needs, matched to service, target-group
and business-stage concepts.

The words are data (``skos:hiddenLabel`` in ``ontology/finder.ttl``, with the concepts'
Swedish names), read with the named query ``finder_vocabulary``. Matching works on stems
(:mod:`graph.text`: Snowball Swedish, folded, stop words dropped), so inflections meet:

>>> from graph.text import terms
>>> terms("exporterar") == terms("exporterade") == terms("exportera")
True

The rules, in order:

1. **Phrases and words.** Every vocabulary entry is a sequence of stems; it matches wherever the
   need has the same stems in a row ("starta ett företag" matches "starta företag", since "ett"
   is a stop word). A match inside a longer match is dropped ("företag" inside "starta
   företag"); overlapping matches are both kept.
2. **Compounds.** A word that no entry matches is read as a Swedish compound: it matches the
   longest one-word entry it *begins* with, if that entry's stem has at least
   :data:`MIN_FIRST_PART` letters and at least :data:`MIN_REST` letters are left
   ("exportrådgivning" → export, "digitaliseringsstöd" → digitalisering); and the longest
   one-word entry its stem *ends* with, if that has at least :data:`MIN_LAST_PART` letters and
   at least :data:`MIN_REST` letters come before it ("affärsrådgivning" → rådgivning).
   Short entries ("lån", "it", "mat") never match inside a compound.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from graph.named_queries import select
from graph.swedish import fold, sort_key
from graph.text import STOP_WORDS, stem, terms, words

__all__ = ["MIN_FIRST_PART", "MIN_LAST_PART", "MIN_REST", "SCHEMES", "Concept", "Match", "Token",
           "Vocabulary", "load_vocabulary", "tokens"]

#: The concept schemes the finder understands, and what each is in the payload.
SCHEMES = {"tjanst": "services", "malgrupp": "audiences", "skede": "stages"}
#: A compound's first part must be an entry stem at least this long ...
MIN_FIRST_PART = 5
#: ... its last part at least this long ...
MIN_LAST_PART = 6
#: ... and the rest of the word at least this long.
MIN_REST = 3


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
    """A word of the need that carries meaning: as typed (lower case) and as a stem."""

    word: str
    stem: str


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


def tokens(text: str) -> list[Token]:
    """The words of ``text`` that carry meaning, each with its stem (as :func:`graph.text.terms`).

    >>> [t.stem for t in tokens("Jag vill börja exportera")]
    ['borj', 'exporter']
    """
    return [Token(word, stem(word)) for word in words(text or "") if word not in STOP_WORDS]


@dataclass
class Vocabulary:
    """Concepts by IRI, and the vocabulary entries (stem sequences) that name them."""

    concepts: dict[str, Concept]
    entries: dict[tuple[str, ...], list[tuple[Concept, str]]] = field(default_factory=dict)
    _singles: frozenset[str] | None = field(default=None, repr=False)

    @classmethod
    def from_rows(cls, rows: list[dict]) -> Vocabulary:
        """Build from ``finder_vocabulary`` rows (``scheme``, ``concept``, ``key``, ``label``,
        ``label_en``, ``term``, ``related``)."""
        related: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            if row.get("related"):
                related[row["concept"]].add(row["related"])
        concepts = {row["concept"]: Concept(row["scheme"], row["key"], row["concept"], row["label"],
                                            row.get("label_en"), frozenset(related[row["concept"]]))
                    for row in rows}
        vocabulary = cls(concepts)
        for row in sorted((r for r in rows if r.get("term")), key=lambda r: sort_key(r["term"])):
            vocabulary.add(concepts[row["concept"]], row["term"])
        return vocabulary

    def add(self, concept: Concept, term: str) -> None:
        """Let ``term`` (a word or phrase) name ``concept``."""
        key = tuple(terms(term))
        named = self.entries.setdefault(key, []) if key else []
        if key and all(known.iri != concept.iri for known, _ in named):
            named.append((concept, term))
            self._singles = None

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

    def _phrases(self, need: list[Token]) -> list[Match]:
        longest = max((len(key) for key in self.entries), default=0)
        found = []
        for start in range(len(need)):
            for end in range(start + 1, min(start + longest, len(need)) + 1):
                key = tuple(token.stem for token in need[start:end])
                how = "word" if end - start == 1 else "phrase"
                typed = " ".join(token.word for token in need[start:end])
                found.extend(Match(concept, typed, term, how, start, end)
                             for concept, term in self.entries.get(key, ()))
        return found

    def _compound(self, token: Token, position: int) -> list[Match]:
        folded = fold(token.word)
        singles = self._single_stems()
        first = next((folded[:n] for n in range(len(folded) - MIN_REST, MIN_FIRST_PART - 1, -1)
                      if folded[:n] in singles), None)
        last = next((token.stem[-n:] for n in range(len(token.stem) - MIN_REST, MIN_LAST_PART - 1, -1)
                     if token.stem[-n:] in singles), None)
        found = []
        for part, how in ((first, "compound-first"), (last, "compound-last")):
            if part:
                found.extend(Match(concept, token.word, term, how, position, position + 1)
                             for concept, term in self.entries[(part,)])
        return found

    def _single_stems(self) -> frozenset[str]:
        if self._singles is None:
            self._singles = frozenset(key[0] for key in self.entries if len(key) == 1)
        return self._singles


def _outermost(found: list[Match]) -> list[Match]:
    """The matches not lying inside a longer one."""
    return [m for m in found
            if not any(o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start
                       for o in found)]


def load_vocabulary(store) -> Vocabulary:
    """The vocabulary as the store holds it."""
    return Vocabulary.from_rows(select(store, "finder_vocabulary"))
