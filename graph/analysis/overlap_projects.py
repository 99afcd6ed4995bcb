"""Projects with similar aims in the same area or under the same strategy.

Two projects are compared when their names or their descriptions share an informative term
(:class:`graph.analysis.overlap_text.TextIndex`, one index for names, one for descriptions), and
kept as a pair when they also work in the same area (a place of one lies within a place of the
other) or under the same strategy area (a shared ``dct:subject``, or a broader area both lie
under; VG2020's projects share their theme and prioritised question). A project and its own
part (EDIH ShiftLabs in MITC's insats) are not a pair, nor two printings of one insats (Almi
basuppdrag in Tabell 4 and 7, see :mod:`graph.resources.duplicates`); a project that overlaps an
insats printed twice is paired with it once, through the printing it is most alike (each pair's
projects list their other printings, ``same_insats``). Each pair says why it was compared
(``basis``: ``area``, ``strategy`` or both), so projects in different delregioner with the same
aim (Fyrbodal's and Skaraborg's competence-supply projects) are told apart from neighbours.

The score (0 to 1, three decimals) is how alike the aims are, weighed by how much else the two
projects share::

    aims  = (name + description) / 2
    score = aims · (1 − Σ WEIGHTS + WEIGHTS·(strategy, audiences, places))

- ``name``, ``description``: the TF-IDF cosines of the names and of the descriptions (a project
  without a description is described by its name),
- ``strategy``: Jaccard of their strategy areas, each with the broader areas it lies under,
- ``audiences``: Jaccard of their target groups (0 where either names none),
- ``places``: the share of both projects' places that overlap a place of the other.

So similar aims decide, and sharing the strategy, the target groups and the places raises a
pair's score by up to :data:`WEIGHTS` (a pair sharing none of them keeps 60 % of its aims).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from graph.analysis.overlap_common import (
    Hierarchies,
    concept_refs,
    hierarchies,
    jaccard,
    place_refs,
)
from graph.analysis.overlap_text import TextIndex
from graph.named_queries import select
from graph.per_generation import per_generation
from graph.resources.common import by_label, cited
from graph.resources.duplicates import printings, representatives
from graph.resources.project import concept_ref, project_rows
from graph.swedish import sort_key
from graph.text import words

__all__ = ["PAIR_SORTS", "WEIGHTS", "ProjectTexts", "project_facts", "project_pairs", "project_summary",
           "project_texts"]

#: How much sharing the strategy, the target groups and the places adds to the aims' similarity.
WEIGHTS = {"strategy": 0.2, "audiences": 0.1, "places": 0.1}
#: The fields a list of pairs can be sorted by.
PAIR_SORTS = ("score", "name", "description", "strategy", "audiences", "places", "first", "second")
AUDIENCE = "http://purl.org/dc/terms/audience"


def project_facts(store) -> dict[str, dict]:
    """Every project's summary row with its description, audiences, parent and delregioner, by
    IRI (once per store generation)."""
    return per_generation(store, "project_facts", lambda: _facts(store))


def _facts(store) -> dict[str, dict]:
    records = {row["project"]: row for row in select(store, "project_records")}
    audiences = defaultdict(dict)
    for row in select(store, "project_concepts"):
        if row["property"] == AUDIENCE:
            audiences[row["project"]][row["concept"]] = concept_ref(row)
    tree, places, others = hierarchies(store), place_refs(store), printings(store)
    facts = {}
    for row in project_rows(store):
        record = records[row["iri"]]
        area_iris = tree.areas([p["iri"] for p in row["places"]], "delregion")
        facts[row["iri"]] = cited(store, {
            **row, "description": record["description"], "part_of": record["parent"],
            "audiences": by_label(list(audiences[row["iri"]].values())),
            "delregions": by_label([places[iri] for iri in area_iris if iri in places]),
            "same_insats": others.get(row["iri"], [])})
    return facts


@dataclass(frozen=True)
class ProjectTexts:
    """The TF-IDF indexes of every project's name and of its description."""

    names: TextIndex
    descriptions: TextIndex

    def candidates(self) -> set[tuple[str, str]]:
        """The pairs whose names or descriptions share an informative term."""
        return self.names.candidates() | self.descriptions.candidates()

    def similarity(self, first: str, second: str) -> dict[str, float]:
        return {"name": self.names.cosine(first, second),
                "description": self.descriptions.cosine(first, second)}

    def shared_terms(self, first: str, second: str, limit: int = 10) -> list[dict]:
        """The terms both names or both descriptions use, the weightiest first."""
        found: dict[str, dict] = {}
        for index in (self.names, self.descriptions):
            for term in index.shared_terms(first, second, limit):
                if term["weight"] > found.get(term["term"], {"weight": -1})["weight"]:
                    found[term["term"]] = term
        return sorted(found.values(), key=lambda t: (-t["weight"], t["term"]))[:limit]


def project_texts(store) -> ProjectTexts:
    """The text indexes of the store's projects (once per generation)."""
    def compute() -> ProjectTexts:
        facts, places = project_facts(store), _place_words(store)
        return ProjectTexts(TextIndex({iri: fact["label"] for iri, fact in facts.items()}, places),
                            TextIndex({iri: fact["description"] or fact["label"]
                                       for iri, fact in facts.items()}, places))
    return per_generation(store, "project_texts", compute)


def _place_words(store) -> set[str]:
    """The words of every place's name ("Flens kommun": flens): they say where a project works,
    which is compared apart, not what it is for."""
    return {word for place in place_refs(store).values() for word in words(place["label"] or "")
            if word not in ("kommun", "län")}


@dataclass(frozen=True)
class _Project:
    """What a pair needs of one project, made once per project rather than once per pair:
    its summary, the sort key of its name, and its places, target groups and strategy areas (each
    with the broader areas it lies under) as sets of IRIs."""

    fact: dict
    summary: dict
    key: tuple
    places: dict[str, set[str]]  # place → itself and every place it lies within
    around: frozenset[str]       # every place that a place of the project is or lies within
    audiences: frozenset[str]
    concepts: frozenset[str]

    @classmethod
    def of(cls, fact: dict, tree: Hierarchies) -> _Project:
        places = {p["iri"]: tree.place_ancestors.get(p["iri"], {p["iri"]}) for p in fact["places"]}
        return cls(fact, project_summary(fact), sort_key(fact["label"]), places,
                   frozenset().union(*places.values()), frozenset(_iris(fact, "audiences")),
                   frozenset(tree.with_broader(_iris(fact, "strategy_areas"))))

    def touches(self, other: _Project) -> bool:
        """True if a place of one project overlaps a place of the other (see
        :meth:`Hierarchies.meet`)."""
        return not (self.places.keys().isdisjoint(other.around)
                    and other.places.keys().isdisjoint(self.around))

    def within(self, other: _Project) -> set[str]:
        """This project's places that lie within (or are) a place of ``other``."""
        return {place for place, ancestors in self.places.items() if not ancestors.isdisjoint(other.places)}

    def touching(self, other: _Project) -> int:
        """How many of this project's places overlap a place of ``other``."""
        return sum(1 for place, ancestors in self.places.items()
                   if place in other.around or not ancestors.isdisjoint(other.places))


@dataclass(frozen=True)
class _Context:
    texts: ProjectTexts
    concepts: dict[str, dict]


def project_pairs(store) -> list[dict]:
    """Every pair of projects with similar aims in the same area or strategy, highest score first
    (ties in Swedish order of the names); once per store generation."""
    def compute() -> list[dict]:
        tree = hierarchies(store)
        projects = {iri: _Project.of(fact, tree) for iri, fact in project_facts(store).items()}
        context = _Context(project_texts(store), concept_refs(store))
        pairs = [pair for first, second in context.texts.candidates()
                 if (pair := _pair(projects[first], projects[second], context))]
        keys = {iri: project.key for iri, project in projects.items()}
        # The IRIs break ties between projects of the same name (two "Almi basuppdrag" in 001).
        ranked = sorted(pairs, key=lambda p: (-p["score"], keys[p["first"]["iri"]], keys[p["second"]["iri"]],
                                              p["first"]["iri"], p["second"]["iri"]))
        return _once_per_insats(ranked, representatives(store))
    return per_generation(store, "project_pairs", compute)


def _once_per_insats(ranked: list[dict], heads: dict[str, str]) -> list[dict]:
    """The pairs without two printings of one insats, and each pair of insatser once (its
    highest-scoring printing; ``ranked`` is best first).

    >>> pair = lambda a, b: {"first": {"iri": a}, "second": {"iri": b}}
    >>> kept = _once_per_insats([pair("a", "a2"), pair("x", "a2"), pair("a", "x")], {"a2": "a", "a": "a"})
    >>> [(p["first"]["iri"], p["second"]["iri"]) for p in kept]
    [('x', 'a2')]
    """
    seen, kept = set(), []
    for pair in ranked:
        insatser = frozenset(heads.get(pair[side]["iri"], pair[side]["iri"]) for side in ("first", "second"))
        if len(insatser) == 2 and insatser not in seen:
            seen.add(insatser)
            kept.append(pair)
    return kept


def _pair(first: _Project, second: _Project, context: _Context) -> dict | None:
    """Two projects as a pair, or None where they are not in the same area or strategy."""
    if first.fact["part_of"] == second.fact["iri"] or second.fact["part_of"] == first.fact["iri"]:
        return None
    common = first.concepts & second.concepts
    if not common and not first.touches(second):
        return None
    if first.key > second.key:
        first, second = second, first
    shared = _shared(first, second, common, context)
    if not shared["places"] and not shared["strategy_areas"]:
        return None
    iris = first.fact["iri"], second.fact["iri"]
    parts = context.texts.similarity(*iris) | _context_parts(first, second)
    return {
        "first": first.summary, "second": second.summary, "score": _score(parts),
        **{name: round(value, 3) for name, value in parts.items()},
        "basis": [name for name, key in (("area", "places"), ("strategy", "strategy_areas")) if shared[key]],
        "shared_terms": context.texts.shared_terms(*iris),
        "shared_audiences": shared["audiences"], "shared_places": shared["places"],
        "shared_strategy_areas": shared["strategy_areas"],
    }


def _score(parts: dict[str, float]) -> float:
    """Aims' similarity, weighed by what else the pair shares (see the module's docstring).

    >>> _score({"name": 0.5, "description": 0.3, "strategy": 1, "audiences": 0, "places": 0})
    0.32
    """
    aims = (parts["name"] + parts["description"]) / 2
    weighed = 1 - sum(WEIGHTS.values()) + sum(weight * parts[name] for name, weight in WEIGHTS.items())
    return round(aims * weighed, 3)


def _shared(first: _Project, second: _Project, common: set[str], context: _Context) -> dict:
    """The target groups, places (where they overlap) and strategy areas both projects have."""
    places = {p["iri"]: p for p in first.fact["places"] + second.fact["places"]}
    meets = first.within(second) | second.within(first)
    return {"audiences": [a for a in first.fact["audiences"] if a["iri"] in second.audiences],
            "places": by_label([places[iri] for iri in meets]),
            "strategy_areas": by_label([context.concepts[iri] for iri in common if iri in context.concepts])}


def _iris(project: dict, field: str) -> set[str]:
    return {item["iri"] for item in project[field]}


def _context_parts(first: _Project, second: _Project) -> dict[str, float]:
    return {
        "strategy": jaccard(first.concepts, second.concepts),
        "audiences": jaccard(first.audiences, second.audiences),
        "places": _place_overlap(first, second),
    }


def _place_overlap(first: _Project, second: _Project) -> float:
    """The share of both projects' places that overlap a place of the other (as
    :meth:`Hierarchies.place_overlap`)."""
    if not first.places or not second.places:
        return 0.0
    return (first.touching(second) + second.touching(first)) / (len(first.places) + len(second.places))


def project_summary(fact: dict) -> dict:
    """What a pair or timeline shows of a project: its reference, owners, places, delregioner,
    strategy areas and period, with its sources."""
    fields = ("iri", "path", "label", "key", "kind", "status", "owners", "places", "delregions",
              "strategy_areas", "audiences", "start", "end", "time_plan", "same_insats", "sources",
              "warnings")
    return {field: fact[field] for field in fields}
