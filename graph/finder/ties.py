"""Where a record stands to the asked place: the place tree, the ties, and what the data covers.

The tree (kommun → delregion → län → Sverige) is read once per dataset; a record's place is
*here* (it is the asked place), *wider* (it contains the asked place: a service for all of
Södermanlands län serves Katrineholm) or *within* (it lies in the asked place: a project in
Borås is in Västra Götalands län). Computing ties in memory, instead of asking the store once
per question, keeps a question's cost independent of the size of the dataset.

>>> k, l, s, m, n = "id/kommun/0483", "id/lan/04", "id/land/SE", "id/kommun/1280", "id/lan/12"
>>> tree = PlaceTree({k: "Katrineholm", l: "Sörmland", s: "Sverige", m: "Malmö", n: "Skåne"},
...                  {k: {l}, l: {s}, m: {n}, n: {s}})
>>> [tree.tie(k, place).scope for place in (k, l, s)]
['here', 'wider', 'wider']
>>> tree.tie(l, k).scope, tree.tie(k, m)
('within', None)
>>> tree.covers({k}, l), tree.covers({k}, m), tree.covers({k, s}, m)
(True, False, False)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from graph.named_queries import select
from graph.resources.place import place_kind, place_ref

__all__ = ["SHARES", "PlaceTree", "Tie", "read_place_tree"]

#: The share of its points a piece of evidence gains by where it applies (see
#: :mod:`graph.finder.ranking`): in the asked place itself, in a wider place of each kind, in a
#: place within it.
SHARES = {"here": 0.6, "delregion": 0.5, "lan": 0.4, "land": 0.15, "within": 0.25}


@dataclass(frozen=True)
class Tie:
    """How a record is tied to the asked place: ``here``, through a ``wider`` place that contains
    it, or through a place ``within`` it; ``via`` is the place the record names."""

    scope: str
    via: str
    via_label: str

    @property
    def kind(self) -> str:
        return place_kind(self.via)

    def ref(self) -> dict:
        return place_ref(self.via, self.via_label)


class PlaceTree:
    """Every place's name and the places it lies directly within."""

    def __init__(self, labels: dict[str, str], parents: dict[str, set[str]]):
        self.labels = labels
        self.parents = parents
        self._ancestors: dict[str, frozenset[str]] = {}
        self._descendants: dict[str, frozenset[str]] = {}

    @cached_property
    def children(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for place, parents in self.parents.items():
            for parent in parents:
                found[parent].add(place)
        return found

    def ancestors(self, place: str) -> frozenset[str]:
        """The places that contain ``place``, however far up."""
        if place not in self._ancestors:
            self._ancestors[place] = _closure(place, self.parents)
        return self._ancestors[place]

    def descendants(self, place: str) -> frozenset[str]:
        """The places that lie in ``place``, however far down."""
        if place not in self._descendants:
            self._descendants[place] = _closure(place, self.children)
        return self._descendants[place]

    def tie(self, asked: str, named: str) -> Tie | None:
        """How a record that names the place ``named`` is tied to ``asked`` (None: not at all)."""
        if named == asked:
            scope = "here"
        elif named in self.ancestors(asked):
            scope = "wider"
        elif named in self.descendants(asked):
            scope = "within"
        else:
            return None
        return Tie(scope, named, self.labels.get(named, named))

    def shares(self, asked: str) -> dict[str, float]:
        """Every place tied to ``asked`` → the share a piece of evidence there gains (:data:`SHARES`)."""
        found = {place: SHARES["within"] for place in self.descendants(asked)}
        found.update((place, SHARES[place_kind(place)]) for place in self.ancestors(asked))
        found[asked] = SHARES["here"]
        return found

    def covers(self, covered: set[str], asked: str) -> bool:
        """True if the data covers ``asked``: it, a place below it, or a place above it that is
        not the whole country is among ``covered``."""
        above = {place for place in self.ancestors(asked) if place_kind(place) != "land"}
        return asked in covered or bool(above & covered) or bool(self.descendants(asked) & covered)


def _closure(place: str, links: dict[str, set[str]]) -> frozenset[str]:
    found, frontier = set(), [place]
    while frontier:
        for other in links.get(frontier.pop(), ()):
            if other not in found:
                found.add(other)
                frontier.append(other)
    return frozenset(found)


def read_place_tree(store) -> PlaceTree:
    labels: dict[str, str] = {}
    parents: dict[str, set[str]] = defaultdict(set)
    for row in select(store, "finder_place_tree"):
        labels[row["place"]] = row["label"]
        if row["parent"]:
            parents[row["place"]].add(row["parent"])
    return PlaceTree(labels, dict(parents))
