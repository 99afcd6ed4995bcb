"""How alike two texts are: TF-IDF cosine over the Swedish terms of :mod:`graph.text`.

Each document (a project's name and description) becomes the terms :func:`graph.text.terms`
gives (Snowball stems, stop words dropped), with three additions for Swedish project prose:
words that say nothing about an aim are dropped by their stems
(:data:`graph.text.PROSE_STOP_WORDS`: "även", "samt", "görs", "insatser"; and the words the
caller names, such as place names, which say where, not what), numbers are dropped (years and
counts are not aims), and a compound counts for its first part too when that part is a term of
its own in the documents and at least :data:`MIN_HEAD` letters long
("kompetensförsörjningsarbetet" also counts as "kompetensförsörjning",
"besöksnäringslivsutveckling" as "besöksnäring"), since Swedish names the topic first.

Terms are weighted ``(1 + log tf) · log((1 + n) / (1 + df))`` and the vector scaled to length
1, so the cosine of two documents is the sum of the products of the terms they share. Only
*informative* terms count: those used by at most a tenth of the documents
(:data:`MAX_DOCUMENT_SHARE`, and at most :data:`MAX_POSTINGS`); words every project uses
("projektet", "utveckla") say nothing about its aim.

Only pairs that share an informative term are compared (:meth:`TextIndex.candidates`), found
through an inverted index, so the work grows with the pairs that can be alike, not with n².

>>> index = TextIndex({"a": "Kompetensförsörjning i Fyrbodal",
...                    "b": "Strategiskt kompetensförsörjningsarbete i Skaraborg 2020",
...                    "c": "Hållbar turism", "d": "Turism och besöksnäring", "e": "Kluster",
...                    "f": "Export", "g": "Analys", "h": "Nätverk", "i": "Innovation", "j": "Mat"})
>>> sorted(index.candidates())
[('a', 'b'), ('c', 'd')]
>>> [shared["label"] for shared in index.shared_terms("a", "b")]
['kompetensförsörjning']
>>> round(index.cosine("a", "b"), 2), index.cosine("a", "c")
(0.24, 0)
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import combinations

from graph.text import PROSE_STOP_WORDS, spellings, stem
from graph.text import terms as text_terms

__all__ = ["MAX_DOCUMENT_SHARE", "MAX_POSTINGS", "MIN_HEAD", "TextIndex"]

#: A term used by more than this share of the documents says little about any one of them.
MAX_DOCUMENT_SHARE = 0.1
#: Nor does one used by more than this many (it also bounds the pairs one term can propose).
MAX_POSTINGS = 200
#: The shortest first part of a compound that counts as a term of its own.
MIN_HEAD = 7


class TextIndex:
    """The TF-IDF vectors of a set of documents and the inverted index of their informative terms.

    Args:
        texts: document id → its text.
        ignore: more words to drop (by their stems) beside :data:`graph.text.PROSE_STOP_WORDS`.
    """

    def __init__(self, texts: dict[str, str], ignore: Iterable[str] = ()):
        dropped = {stem(word) for word in PROSE_STOP_WORDS.union(ignore)}
        counts = _with_heads({key: [term for term in text_terms(text)
                                    if not term.isdigit() and term not in dropped]
                              for key, text in texts.items()})
        frequency = Counter(term for terms in counts.values() for term in terms)
        limit = min(max(2, int(MAX_DOCUMENT_SHARE * len(counts))), MAX_POSTINGS)
        kept = {term for term, df in frequency.items() if df <= limit}
        idf = {term: math.log((1 + len(counts)) / (1 + frequency[term])) for term in kept}
        self.vectors = {key: _unit(terms, idf) for key, terms in counts.items()}
        self.postings = _postings(self.vectors, {term for term in kept if frequency[term] >= 2})
        self.words = spellings(texts.values())

    def candidates(self) -> set[tuple[str, str]]:
        """The pairs of documents (in id order) that share at least one informative term."""
        pairs: set[tuple[str, str]] = set()
        for keys in self.postings.values():
            pairs.update(combinations(keys, 2))
        return pairs

    def cosine(self, first: str, second: str) -> float:
        """The cosine of two documents' vectors (0 where they share no informative term)."""
        one, other = self.vectors[first], self.vectors[second]
        return sum(weight * other[term] for term, weight in one.items() if term in other)

    def shared_terms(self, first: str, second: str, limit: int = 10) -> list[dict]:
        """The informative terms both documents use, the largest part of their cosine first.

        Each is ``{"term": stem, "label": the word as the texts most often write it, "weight"}``.
        """
        one, other = self.vectors[first], self.vectors[second]
        shared = sorted(((one[term] * other[term], term) for term in one if term in other),
                        key=lambda item: (-item[0], item[1]))
        return [{"term": term, "label": self.words.get(term, term), "weight": round(weight, 3)}
                for weight, term in shared[:limit]]


def _with_heads(documents: dict[str, list[str]]) -> dict[str, Counter]:
    """Each document's term counts, a compound counted for its first part too."""
    vocabulary = {term for terms in documents.values() for term in terms}
    counts = {}
    for key, terms in documents.items():
        counted = Counter(terms)
        counted.update(head for head in (_head(term, vocabulary) for term in terms) if head)
        counts[key] = counted
    return counts


def _head(term: str, vocabulary: set[str]) -> str | None:
    """The longest term of ``vocabulary`` that ``term`` starts with (at least MIN_HEAD letters).

    >>> _head("kompetensforsorjningsarbet", {"kompet", "kompetensforsorjning"})
    'kompetensforsorjning'
    """
    for length in range(len(term) - 1, MIN_HEAD - 1, -1):
        if term[:length] in vocabulary:
            return term[:length]
    return None


def _unit(terms: Counter, idf: dict[str, float]) -> dict[str, float]:
    """A document's weights over the kept terms, scaled to length 1."""
    weights = {term: (1 + math.log(count)) * idf[term] for term, count in terms.items() if term in idf}
    length = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
    return {term: weight / length for term, weight in weights.items() if weight > 0}


def _postings(vectors: dict[str, dict], informative: set[str]) -> dict[str, list[str]]:
    """Informative term → the documents using it, in id order."""
    postings: dict[str, list[str]] = defaultdict(list)
    for key in sorted(vectors):
        for term in vectors[key]:
            if term in informative:
                postings[term].append(key)
    return postings
