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
from dataclasses import dataclass

from graph.swedish import sort_key
from graph.text import MIN_PART, STOP_WORDS, compound_parts, exact_stem, spellings, words

__all__ = ["Hit", "TextIndex", "variants"]

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
    """A document that speaks of the need: its share of the ideal score and the words it shares."""

    key: str
    share: float
    words: list[str]


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
        self.postings: dict[str, list[str]] = defaultdict(list)
        #: Term → (document, its saturated term frequency), what a search adds up.
        self.weighted: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for key in sorted(self.counts):
            for term in self.counts[key]:
                self.postings[term].append(key)
                self.weighted[term].append((key, self._saturated(key, term)))
        self.sorted_terms = sorted(self.postings)
        self.spelled = spellings(texts.values(), exact_stem)

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
        return 0 < df <= max(2, MAX_DOCUMENT_SHARE * len(self.counts))

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
        hits = [self.hit(key, share, expanded) for key, share in shares.items() if share >= minimum]
        return sorted(hits, key=lambda hit: (-hit.share, hit.key))

    def informative_terms(self, weights: dict[str, float]) -> dict[str, float]:
        """The query's expanded terms that a search counts (see :meth:`expand`)."""
        return {term: w for term, w in self.expand(weights).items() if self.informative(term)}

    def shares(self, weights: dict[str, float]) -> dict[str, float]:
        """Every document that shares a word with the need → its share of the ideal score."""
        expanded = self.informative_terms(weights)
        ideal = self._ideal(weights)
        if not expanded or not ideal:
            return {}
        scores: dict[str, float] = defaultdict(float)
        for term, weight in expanded.items():
            factor = weight * self.idf(term) / ideal
            for key, saturated in self.weighted[term]:
                scores[key] += factor * saturated
        return {key: round(min(score, 1.0), 3) for key, score in scores.items()}

    def hit(self, key: str, share: float, expanded: dict[str, float]) -> Hit:
        """The hit of one document, with the words it shares with the need (for a reason's text).

        Args:
            expanded: the query's :meth:`informative_terms`.
        """
        return Hit(key, share, self._shared(key, expanded))

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

    def _shared(self, key: str, expanded: dict[str, float]) -> list[str]:
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
