"""What the newcomer needs: the concepts found in the need text, plus those chosen in filters.

>>> from graph.finder.vocabulary import Concept, Vocabulary
>>> export = Concept("tjanst", "exportstod", "https://aktorskartan.se/id/concept/tjanst/exportstod",
...                  "Exportstöd", "Export support")
>>> vocabulary = Vocabulary({export.iri: export})
>>> vocabulary.add(export, "exportera")
>>> need = understand(vocabulary, "Jag vill börja exportera")
>>> need.keys("tjanst"), need.unmatched
(['exportstod'], ['börja'])
>>> understood(need)["summary"]["sv"]
"Vi tolkade behovet som: Exportstöd (från 'exportera')."
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.errors import InvalidParameter
from graph.finder.vocabulary import SCHEMES, Concept, Match, Vocabulary, tokens
from graph.resources.common import ref
from graph.text import STOP_WORDS, words

__all__ = ["FILTERS", "MAX_NEED_LENGTH", "Need", "text_query", "understand", "understood"]

#: How much a word counts in the text search: one the vocabulary does not know, or one it read on
#: its own, fully; a word inside a phrase it read, and a name of a concept the need names, half.
WORD_WEIGHT, PHRASE_WEIGHT, CONCEPT_WEIGHT = 1.0, 0.5, 0.5
#: Shorter words ("ny", "så") say too little to look for ("lån" is three letters).
MIN_WORD = 3

#: Filter parameter → (concept scheme, what it is in Swedish and English).
FILTERS = {
    "service": ("tjanst", "tjänst", "service"),
    "audience": ("malgrupp", "målgrupp", "target group"),
    "stage": ("skede", "utvecklingsskede", "business stage"),
}
#: A need longer than this is refused (it is a sentence or two, not a document).
MAX_NEED_LENGTH = 500
_HOW = {
    "word": ("från '{words}'", "from '{words}'"),
    "phrase": ("från '{words}'", "from '{words}'"),
    "compound-first": ("från '{words}', som börjar med '{term}'",
                       "from '{words}', which begins with '{term}'"),
    "compound-last": ("från '{words}', som slutar med '{term}'", "from '{words}', which ends with '{term}'"),
    "filter": ("valt i filtret", "chosen in the filter"),
}


@dataclass
class Need:
    """The need as understood: matches in the text, concepts chosen by filter, words not understood."""

    text: str
    matches: list[Match] = field(default_factory=list)
    chosen: list[Concept] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def concepts(self, scheme: str) -> list[Concept]:
        """The concepts of ``scheme`` the need names, chosen ones first, each once."""
        found = self.chosen + [match.concept for match in self.matches]
        return [concept for concept in dict.fromkeys(found) if concept.scheme == scheme]

    def iris(self, scheme: str) -> set[str]:
        return {concept.iri for concept in self.concepts(scheme)}

    def keys(self, scheme: str) -> list[str]:
        return [concept.key for concept in self.concepts(scheme)]

    @property
    def empty(self) -> bool:
        """True if the need names nothing the finder can look for."""
        return not (self.matches or self.chosen)


def _chosen(vocabulary: Vocabulary, filters: dict[str, str | None]) -> list[Concept]:
    """The concepts the filters name; InvalidParameter names a filter whose key is unknown."""
    chosen = []
    for parameter, value in filters.items():
        if not value:
            continue
        scheme, swedish, english = FILTERS[parameter]
        concept = vocabulary.concept(scheme, value)
        if concept is None:
            keys = ", ".join(c.key for c in vocabulary.choices(scheme))
            raise InvalidParameter(parameter, f"'{value}' is not a {english} ({swedish}); use one of {keys}")
        chosen.append(concept)
    return chosen


def understand(vocabulary: Vocabulary, text: str | None, **filters: str | None) -> Need:
    """Read the need ``text`` and the filters ``service``, ``audience`` and ``stage`` (concept keys).

    Raises:
        InvalidParameter: a filter names no concept of its scheme, or the text is too long.
    """
    text = (text or "").strip()
    if len(text) > MAX_NEED_LENGTH:
        raise InvalidParameter("need", f"is {len(text)} characters long; write at most {MAX_NEED_LENGTH}")
    chosen = _chosen(vocabulary, filters)
    matches = vocabulary.match(text)
    matched = {position for m in matches for position in range(m.start, m.end)}
    unmatched = [t.word for position, t in enumerate(tokens(text))
                 if position not in matched and not t.stop_in("en")]
    return Need(text, matches, chosen, unmatched)


def text_query(need: Need) -> dict[str, float]:
    """The need's words to look for in names and descriptions, weighted.

    Words read as English are left out (the texts are Swedish); the names of the concepts they
    named stand in for them.

    >>> from graph.finder.vocabulary import Concept, Vocabulary
    >>> loan = Concept("tjanst", "finansiering", "t/fin", "Finansiering och lån", "Financing and loans")
    >>> vocabulary = Vocabulary({loan.iri: loan})
    >>> vocabulary.add(loan, "lån"); vocabulary.add(loan, "loan", "en")
    >>> text_query(understand(vocabulary, "jag behöver ett lån till lanthandeln"))
    {'lån': 1.0, 'lanthandeln': 1.0, 'finansiering': 0.5}
    >>> text_query(understand(vocabulary, "we need a loan"))
    {'finansiering': 0.5, 'lån': 0.5}
    """
    need_tokens = tokens(need.text)
    english = {p for m in need.matches if m.language == "en" for p in range(m.start, m.end)}
    phrased = {p for m in need.matches if m.end - m.start > 1 for p in range(m.start, m.end)}
    weights: dict[str, float] = {}
    for position, token in enumerate(need_tokens):
        if position not in english and not token.stop_in("en") and len(token.word) >= MIN_WORD \
                and not token.word.isdigit():
            weight = PHRASE_WEIGHT if position in phrased else WORD_WEIGHT
            weights[token.word] = max(weights.get(token.word, 0.0), weight)
    for concept in dict.fromkeys(need.chosen + [m.concept for m in need.matches]):
        for word in words(concept.label):
            if word not in STOP_WORDS:
                weights.setdefault(word, CONCEPT_WEIGHT)
    return weights


def _concept_ref(concept: Concept, sources: list[dict]) -> dict:
    return ref(concept.iri, concept.label, key=concept.key, label_en=concept.label_en, matched=sources)


def _matched(need: Need, concept: Concept) -> list[dict]:
    """How ``concept`` came in: each match (words, entry, how), or the filter."""
    found = [{"how": "filter", "words": None, "term": None}] if concept in need.chosen else []
    found += [{"how": m.how, "words": m.words, "term": m.term} for m in need.matches if m.concept == concept]
    return found


def _explained(item: dict, language: int, label: str) -> str:
    reasons = [_HOW[m["how"]][language].format(words=m["words"], term=m["term"]) for m in item["matched"]]
    return f"{label} ({'; '.join(dict.fromkeys(reasons))})"


def _summary(items: list[dict]) -> dict:
    if not items:
        return {"sv": "Vi kunde inte tolka något behov.", "en": "We could not read a need."}
    swedish = ", ".join(_explained(item, 0, item["label"]) for item in items)
    english = ", ".join(_explained(item, 1, item["label_en"] or item["label"]) for item in items)
    return {"sv": f"Vi tolkade behovet som: {swedish}.", "en": f"We read the need as: {english}."}


def understood(need: Need) -> dict:
    """The need as the payload shows it: the concepts per kind, with the words that named them."""
    result = {name: [_concept_ref(c, _matched(need, c)) for c in need.concepts(scheme)]
              for scheme, name in SCHEMES.items()}
    everything = [item for name in SCHEMES.values() for item in result[name]]
    result["not_understood"] = need.unmatched
    result["summary"] = _summary(everything)
    return result
