"""What the overlap and timeline analyses share: a cache per store generation, the place and
concept hierarchies, set similarity, and every record's sources fetched at once.

Places overlap when one lies within the other (:meth:`Hierarchies.meet`): a service for län 14
overlaps one for Fyrbodal or Strömstad inside it, and Sverige (``land:SE``) overlaps every place;
two delregioner in the same län do not overlap each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.analysis.numbered_areas import themed
from graph.named_queries import select
from graph.network.model import Model
from graph.network.rows import Rows
from graph.per_generation import per_generation
from graph.resources.common import ref
from graph.resources.place import place_kind, place_ref

__all__ = ["Hierarchies", "concept_refs", "hierarchies", "jaccard", "place_refs"]



def jaccard(first: Iterable, second: Iterable) -> float:
    """The share of the items in either set that are in both (0 for two empty sets).

    >>> jaccard({"smf", "startups"}, {"smf"}), jaccard(set(), set())
    (0.5, 0.0)
    """
    first, second = set(first), set(second)
    union = first | second
    return len(first & second) / len(union) if union else 0.0


@dataclass(frozen=True)
class Hierarchies:
    """Every place with the places it lies within, and every concept with its broader ones."""

    place_ancestors: dict[str, set[str]]
    concept_ancestors: dict[str, set[str]]

    def within(self, place: str, area: str) -> bool:
        """True if ``place`` is ``area`` or lies within it."""
        return area in self.place_ancestors.get(place, {place})

    def meet(self, first: str, second: str) -> str | None:
        """Where two places overlap: the one that lies within the other, else None.

        >>> h = Hierarchies({"kommun": {"kommun", "lan", "land"}, "lan": {"lan", "land"}}, {})
        >>> h.meet("lan", "kommun"), h.meet("land", "lan"), h.meet("kommun", "other")
        ('kommun', 'lan', None)
        """
        if self.within(first, second):
            return first
        if self.within(second, first):
            return second
        return None

    def shared_places(self, first: Iterable[str], second: Iterable[str]) -> set[str]:
        """Every place where a place of ``first`` and one of ``second`` overlap."""
        return {meet for one in first for other in second if (meet := self.meet(one, other))}

    def place_overlap(self, first: set[str], second: set[str]) -> float:
        """The share of both sides' places that overlap a place on the other side (0 to 1).

        >>> h = Hierarchies({"kommun": {"kommun", "lan"}, "lan": {"lan"}}, {})
        >>> round(h.place_overlap({"lan"}, {"kommun", "elsewhere"}), 3)
        0.667
        """
        if not first or not second:
            return 0.0
        touching = sum(any(self.meet(one, other) for other in second) for one in first)
        touched = sum(any(self.meet(other, one) for one in first) for other in second)
        return (touching + touched) / (len(first) + len(second))

    def areas(self, places: Iterable[str], kind: str) -> set[str]:
        """The places of ``kind`` (``delregion``, ``lan``) that ``places`` are or lie within."""
        return {area for place in places for area in self.place_ancestors.get(place, {place})
                if place_kind(area) == kind}

    def with_broader(self, concepts: Iterable[str]) -> set[str]:
        """The concepts and every concept broader than one of them."""
        return set().union(*(self.concept_ancestors.get(c, {c}) for c in concepts))


def hierarchies(store) -> Hierarchies:
    """The place and concept hierarchies of the store's dataset (once per generation)."""
    def compute() -> Hierarchies:
        rows = Rows.from_dict({"place_parents": select(store, "projection_place_parents"),
                               "concept_parents": select(store, "projection_concept_parents")})
        model = Model(rows)
        return Hierarchies(model.place_ancestors, model.concept_ancestors)
    return per_generation(store, "hierarchies", compute)


def place_refs(store) -> dict[str, dict]:
    """Every place as a reference (label, kind, code), by IRI."""
    return per_generation(store, "places", lambda: {
        row["place"]: place_ref(row["place"], row["label"]) for row in select(store, "places_list")})


def concept_refs(store) -> dict[str, dict]:
    """Every concept (strategy areas, service types, target groups ...) as a reference, by IRI; an
    area the source names only by number with its theme (:mod:`graph.analysis.numbered_areas`)."""
    def compute() -> dict[str, dict]:
        refs = [ref(row["thing"], row["label"], label_en=row["label_en"])
                for row in select(store, "projection_labels") if row["kind"] == "concept"]
        return {item["iri"]: item for item in themed(store, refs)}
    return per_generation(store, "concepts", compute)
