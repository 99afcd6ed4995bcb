"""Which records' texts speak of the need: BM25 over names and descriptions, in Swedish.

Each document (a project's name and description, a service's, a network's) becomes its words'
Snowball Swedish stems (:func:`graph.text.exact_stem`: accents kept, since "lån" is not "län";
stop words and numbers dropped),
and a compound also counts for the parts of it that are terms of the corpus
(:func:`graph.text.compound_parts`: "exportsamverkan" counts as "export" and "samverkan" too), since Swedish
writes its topics together. The need is read the same way, and each of its terms also meets the
corpus terms that differ from it only in an ending Snowball leaves (:func:`variants`:
"exporter", from "exportera", meets "export"; "finansier" meets "finansiering").

Scores are Okapi BM25 (k1 = 1.2, b = 0.3) over the informative terms (those in at most a tenth
of the documents), and come out as a share of an ideal document's
(one that holds every term of the query once, at the average length), so that 1 means "speaks of
all of it" whatever the query: :meth:`TextIndex.search` returns the documents above a share.

>>> index = TextIndex({"res": "Regional Exportsamverkan Sörmland. Ökad export och fler exportörer.",
...                    "lan": "Lån till företagare med utländsk härkomst.",
...                    "fris": "Stötta industri och industrinära företag att ställa om."})
>>> [hit.key for hit in index.search({"exportera": 1.0})]
['res']
>>> index.search({"lån": 1.0})[0].words
['lån']
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from graph.swedish import sort_key
from graph.text import MIN_PART, STOP_WORDS, compound_parts, exact_stem, spellings, words

__all__ = ["Hit", "Shares", "TextIndex", "variants"]

#: BM25's k1, and a mild length normalisation: a long description that names the need once still
#: speaks of it.
K1, B = 1.2, 0.3
#: A term used by more than this share of the documents ("utveckla", "projektet") says nothing
#: about any one of them and is not searched for.
MAX_DOCUMENT_SHARE = 0.1
#: How much a part of a compound counts, against the whole word.
PART_WEIGHT = 0.5
#: A variant may be longer than the term by this many letters (an ending) ...
MAX_LONGER = 3
#: ... or shorter by this many.
MAX_SHORTER = 2
#: How much a variant of a need's term counts, against the term itself.
VARIANT_WEIGHT = 0.8


def _content_words(text: str) -> list[str]:
    return [word for word in words(text) if word not in STOP_WORDS and not word.isdigit()]


@dataclass(frozen=True)
class Hit:
    """A document that speaks of the need: its share of the ideal score, and the words it shares
    (worked out when asked: only the reasons shown name them)."""

    key: str
    share: float
    index: TextIndex = field(repr=False, compare=False)
    expanded: dict[str, float] = field(repr=False, compare=False)

    @cached_property
    def words(self) -> list[str]:
        return self.index.shared(self.key, self.expanded)


class Shares:
    """A search's share of the ideal score for every document of a :class:`TextIndex`."""

    def __init__(self, index: TextIndex, scores: np.ndarray):
        self._index, self._scores = index, scores

    def get(self, key: str) -> float:
        """The document's share, to three decimals (0 if it shares no word with the need)."""
        number = self._index.numbers.get(key)
        return 0.0 if number is None else round(float(self._scores[number]), 3)

    def at_least(self, minimum: float) -> np.ndarray:
        """The numbers of the documents whose share may round to ``minimum`` or more (a few more)."""
        return np.flatnonzero(self._scores >= minimum - 0.001)

    def rounded(self, numbers: np.ndarray) -> np.ndarray:
        """The documents' (``numbers``) shares, to three decimals."""
        return np.round(self._scores[numbers], 3)

    def above(self, minimum: float, among: np.ndarray | None = None) -> dict[str, float]:
        """Document → its share, for the documents (of the numbers ``among``, or all) whose share
        is at least ``minimum`` (and not 0)."""
        keys = self._index.keys
        numbers = np.arange(len(keys)) if among is None else among
        # Read more than needed and compare as :meth:`get` rounds (NumPy rounds another way).
        numbers = numbers[self._scores[numbers] >= minimum - 0.001]
        found = {keys[number]: round(float(self._scores[number]), 3) for number in numbers}
        return {key: share for key, share in found.items() if share >= minimum and share}

    def any_above(self, minimum: float) -> bool:
        """True if some document's share is at least ``minimum`` (and not 0)."""
        return any(minimum <= round(float(self._scores[number]), 3) and self._scores[number]
                   for number in np.flatnonzero(self._scores >= minimum - 0.001))


class TextIndex:
    """BM25 over a set of documents (document key → text); built once per dataset."""

    def __init__(self, texts: dict[str, str]):
        plain = {key: _content_words(text) for key, text in texts.items()}
        self.known_words = {word for found in plain.values() for word in found}
        self.known_stems = {exact_stem(word) for word in self.known_words}
        self.counts = {key: Counter(term for word in found for term in self.terms(word))
                       for key, found in plain.items()}
        self.lengths = {key: sum(counts.values()) for key, counts in self.counts.items()}
        self.average = (sum(self.lengths.values()) / len(self.lengths)) if self.lengths else 1.0
        #: The documents in key order; a document's number is its place here.
        self.keys = sorted(self.counts)
        self.numbers = {key: number for number, key in enumerate(self.keys)}
        postings: dict[str, list[int]] = defaultdict(list)
        saturated: dict[str, list[float]] = defaultdict(list)
        for number, key in enumerate(self.keys):
            for term in self.counts[key]:
                postings[term].append(number)
                saturated[term].append(self._saturated(key, term))
        #: Term → the numbers of the documents that hold it, and its saturated frequency in each:
        #: what a search adds up, as arrays (at national size a common word is in thousands).
        self.postings = {term: np.array(found, dtype=np.int32) for term, found in postings.items()}
        self.weighted = {term: np.array(found) for term, found in saturated.items()}
        self.sorted_terms = sorted(self.postings)
        self.spelled = spellings(texts.values(), exact_stem)

    def numbers_of(self, keys) -> np.ndarray:
        """The numbers of the documents ``keys`` (those the index has), in order."""
        return np.array(sorted(self.numbers[key] for key in keys if key in self.numbers), dtype=np.int64)

    def terms(self, word: str) -> list[str]:
        """A word's stem, and the stems of its parts if it is a compound of the corpus's words."""
        return [exact_stem(word), *compound_parts(word, self.known_words, self.known_stems, exact_stem)]

    def query_terms(self, word: str) -> list[str]:
        """A need's word's stem, and the first part of a compound: Swedish names the topic first
        ("exportstöd" is about export; "stöd" alone says little)."""
        return self.terms(word)[:2]

    def informative(self, term: str) -> bool:
        """True if the corpus has ``term``, in at most :data:`MAX_DOCUMENT_SHARE` of its documents."""
        df = len(self.postings.get(term, ()))
        return 0 < df <= max(2, MAX_DOCUMENT_SHARE * len(self.keys))

    def idf(self, term: str) -> float:
        n, df = len(self.counts), len(self.postings.get(term, ()))
        return math.log(1 + (n - df + 0.5) / (df + 0.5)) if df else 0.0

    def variants(self, term: str) -> list[str]:
        """Corpus terms that are ``term`` with an ending more or less (see the module)."""
        return variants(term, self.sorted_terms, self.postings)

    def expand(self, weights: dict[str, float]) -> dict[str, float]:
        """The query words' stems, compound parts and variants found in the corpus, weighted."""
        expanded: dict[str, float] = {}
        for word, weight in weights.items():
            whole, *parts = self.query_terms(word)
            found = [(whole, weight)] + [(part, weight * PART_WEIGHT) for part in parts]
            found += [(variant, weight * VARIANT_WEIGHT) for base, _ in list(found)
                      for variant in self.variants(base)]
            for term, each in found:
                expanded[term] = max(expanded.get(term, 0.0), each)
        return expanded

    def search(self, weights: dict[str, float], minimum: float = 0.3) -> list[Hit]:
        """Documents whose score is at least ``minimum`` of the ideal, best first (ties by key).

        Args:
            weights: the need's words, each with how much it counts.
        """
        shares, expanded = self.shares(weights), self.informative_terms(weights)
        hits = [self.hit(key, share, expanded) for key, share in shares.above(minimum).items()]
        return sorted(hits, key=lambda hit: (-hit.share, hit.key))

    def informative_terms(self, weights: dict[str, float]) -> dict[str, float]:
        """The query's expanded terms that a search counts (see :meth:`expand`)."""
        return {term: w for term, w in self.expand(weights).items() if self.informative(term)}

    def shares(self, weights: dict[str, float]) -> Shares:
        """Every document's share of the ideal score (0 for one that shares no word with the need)."""
        expanded = self.informative_terms(weights)
        ideal = self._ideal(weights)
        scores = np.zeros(len(self.keys))
        if expanded and ideal:
            for term, weight in expanded.items():
                scores[self.postings[term]] += weight * self.idf(term) / ideal * self.weighted[term]
        return Shares(self, np.minimum(scores, 1.0))

    def hit(self, key: str, share: float, expanded: dict[str, float]) -> Hit:
        """The hit of one document, with the words it shares with the need (for a reason's text).

        Args:
            expanded: the query's :meth:`informative_terms`.
        """
        return Hit(key, share, self, expanded)

    def _ideal(self, weights: dict[str, float]) -> float:
        """The score of a document of average length that holds each of the need's words once
        (a compound the corpus lacks, by its parts: "livsmedelsproduktion" as "livsmedel" and
        "produktion")."""
        ideal = 0.0
        for word, weight in weights.items():
            whole, *parts = self.query_terms(word)
            if self.informative(whole):
                ideal += weight * self.idf(whole)
                continue
            by_parts = sum(PART_WEIGHT * self.idf(part) for part in parts if self.informative(part))
            by_variant = max((VARIANT_WEIGHT * self.idf(variant) for variant in self.variants(whole)
                              if self.informative(variant)), default=0.0)
            ideal += weight * max(by_parts, by_variant)
        return ideal

    def _saturated(self, key: str, term: str) -> float:
        tf = self.counts[key][term]
        norm = 1 - B + B * self.lengths[key] / self.average
        return tf * (K1 + 1) / (tf + K1 * norm)

    def shared(self, key: str, expanded: dict[str, float]) -> list[str]:
        """The words (as the texts most often write them) the document shares with the need."""
        shared = [term for term in expanded if term in self.counts[key]]
        return sorted({self.spelled.get(term, term) for term in shared}, key=sort_key)


def variants(term: str, sorted_terms: list[str], known) -> list[str]:
    """Terms of ``sorted_terms`` that ``term`` begins (at most :data:`MAX_LONGER` letters more)
    or that begin ``term`` (at most :data:`MAX_SHORTER` letters fewer), both at least
    :data:`MIN_PART` long.

    >>> known = ["expo", "export", "exporterar", "exportor"]
    >>> variants("exporter", known, set(known))
    ['exporterar', 'export']
    """
    if len(term) < MIN_PART:
        return []
    found = []
    start = bisect.bisect_left(sorted_terms, term)
    for other in sorted_terms[start:]:
        if not other.startswith(term):
            break
        if other != term and len(other) - len(term) <= MAX_LONGER:
            found.append(other)
    for length in range(max(MIN_PART, len(term) - MAX_SHORTER), len(term)):
        if term[:length] in known:
            found.append(term[:length])
    return found
