"""The projection rows indexed for the network views: who takes part in what, where and when.

:class:`Model` answers the questions every projection asks (which activities a filter keeps, an
actor's type, a place's sub-places); :class:`Filters` is what a view may be narrowed by.
An *activity* is what actors collaborate in: a project (insats) or a network.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from graph.errors import InvalidParameter
from graph.network.rows import Rows

__all__ = ["EDGE_KINDS", "ENCLOSING_KINDS", "EVERYTHING", "ROLE_KINDS", "Filters", "Involvement", "Model",
           "boundary", "period_of", "place_kind"]

#: The kinds of collaboration an edge keeps apart, in the order views list them.
EDGE_KINDS = ("co-ownership", "participation", "co-funding", "membership")

#: What a role in a project says about the actor: it owns it, funds it, or takes part.
ROLE_KINDS = {
    "projektagare": "ownership", "ansvarig": "ownership", "delagare": "ownership",
    "medfinansiar": "funding", "finansiar": "funding",
}
#: The kinds of place a kommun's view takes the activities of, nearest first.
ENCLOSING_KINDS = ("delregion", "lan")
#: When an actor has several roles in one project, the strongest counts.
_ROLE_STRENGTH = {"ownership": 2, "funding": 1, "participation": 0}


def role_kind(role: str | None) -> str:
    """``ownership``, ``funding`` or ``participation`` for a role concept IRI.

    >>> role_kind("https://aktorskartan.se/id/concept/roll/ansvarig")
    'ownership'
    >>> role_kind("https://aktorskartan.se/id/concept/roll/samverkanspart")
    'participation'
    """
    return ROLE_KINDS.get((role or "").rsplit("/", 1)[-1], "participation")


def place_kind(place: str) -> str:
    """The kind of a place from its IRI (``<base>/id/<kind>/<code>``).

    >>> place_kind("https://aktorskartan.se/id/kommun/1490")
    'kommun'
    """
    return place.rsplit("/", 2)[-2]


@dataclass(frozen=True)
class Filters:
    """What a network view is narrowed to; the defaults keep everything.

    Attributes:
        place: a place IRI; keeps activities located in it or in a place within it.
        strategy: a concept IRI; keeps activities on it or on a narrower concept.
        start, end: keeps activities whose period overlaps [start, end].
        kinds: the edge kinds kept (see :data:`EDGE_KINDS`).
        actor_types: actor-type concept IRIs; None keeps every actor.
        also_in: places whose own activities are kept as well, located exactly there (a
            kommun's view adds those of the delregion and län it lies in).
    """

    place: str | None = None
    strategy: str | None = None
    start: date | None = None
    end: date | None = None
    kinds: frozenset[str] = frozenset(EDGE_KINDS)
    actor_types: frozenset[str] | None = None
    also_in: frozenset[str] = frozenset()

    def __post_init__(self):
        unknown = set(self.kinds) - set(EDGE_KINDS)
        if unknown:
            raise InvalidParameter("kinds", f"unknown edge kind {sorted(unknown)[0]!r}; "
                                   f"known: {', '.join(EDGE_KINDS)}")
        if self.start and self.end and self.start > self.end:
            raise InvalidParameter("from", "the period starts after it ends")

    @property
    def is_default(self) -> bool:
        return self == EVERYTHING

    def as_dict(self) -> dict:
        return {"place": self.place, "strategy": self.strategy,
                "from": self.start and self.start.isoformat(), "to": self.end and self.end.isoformat(),
                "kinds": [kind for kind in EDGE_KINDS if kind in self.kinds],
                "actor_types": sorted(self.actor_types) if self.actor_types is not None else None,
                "also_in": sorted(self.also_in)}


#: The filter that keeps everything (the whole ecosystem).
EVERYTHING = Filters()


@dataclass(frozen=True)
class Involvement:
    """An actor's part in one activity: its role kind and the documents that say so."""

    role: str
    roles: frozenset[str]
    documents: frozenset[str]


def boundary(value: str | None, last: bool = False) -> date | None:
    """A date, gYear or gYearMonth as the first (or last) day it covers.

    >>> boundary("2020-02", last=True), boundary("2023")
    (datetime.date(2020, 2, 29), datetime.date(2023, 1, 1))

    Raises:
        ValueError: not a date.
    """
    if not value:
        return None
    parts = [int(part) for part in value[:10].split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else (12 if last else 1)
    day = parts[2] if len(parts) > 2 else (calendar.monthrange(year, month)[1] if last else 1)
    return date(year, month, day)


def period_of(row: dict) -> tuple[date | None, date | None] | None:
    """An activity's period from its dates, else the year of its first grant; None if unknown.

    >>> period_of({"start": "2023-05", "end": None, "grant_year": None})
    (datetime.date(2023, 5, 1), None)
    >>> period_of({"start": None, "end": None, "grant_year": "2020"})
    (datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
    """
    start, end = boundary(row.get("start"), False), boundary(row.get("end"), True)
    if start is None and end is None:
        year = row.get("grant_year")
        return (boundary(year, False), boundary(year, True)) if year else None
    return start, end


@dataclass
class Model:
    """The rows, indexed."""

    rows: Rows
    actors: dict[str, dict] = field(init=False)
    activities: dict[str, dict] = field(init=False)

    def __post_init__(self):
        self.actors = {row["actor"]: row for row in self.rows.actors}
        self.activities = {row["activity"]: row for row in self.rows.activities}

    # --- who takes part -----------------------------------------------------------------

    @cached_property
    def involvements(self) -> dict[str, dict[str, Involvement]]:
        """activity → actor → its involvement (strongest role, every role, documents)."""
        gathered: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [set(), set()]))
        for row in self.rows.parties + self.rows.memberships:
            if row["actor"] in self.actors and row["activity"] in self.activities:
                roles, documents = gathered[row["activity"]][row["actor"]]
                roles.add(row["role"] or "")
                if row["document"]:
                    documents.add(row["document"])
        return {activity: {actor: self._involvement(activity, roles, documents)
                           for actor, (roles, documents) in parties.items()}
                for activity, parties in gathered.items()}

    def _involvement(self, activity: str, roles: set[str], documents: set[str]) -> Involvement:
        if self.activities[activity]["kind"] == "network":
            strongest = "membership"
        else:
            strongest = max((role_kind(role) for role in roles), key=_ROLE_STRENGTH.__getitem__)
        return Involvement(strongest, frozenset(roles - {""}), frozenset(documents))

    # --- hierarchies --------------------------------------------------------------------

    @cached_property
    def place_ancestors(self) -> dict[str, set[str]]:
        """place → itself and every place it lies within."""
        return _closure(self.rows.place_parents, "place")

    @cached_property
    def concept_ancestors(self) -> dict[str, set[str]]:
        """concept → itself and every broader concept."""
        return _closure(self.rows.concept_parents, "concept")

    @cached_property
    def _activity_places(self) -> dict[str, set[str]]:
        return _grouped(self.rows.activity_places, "activity", "place")

    @cached_property
    def _activity_subjects(self) -> dict[str, set[str]]:
        return _grouped(self.rows.activity_subjects, "activity", "concept")

    @cached_property
    def actor_places(self) -> dict[str, set[str]]:
        return _grouped(self.rows.actor_places, "actor", "place")

    @cached_property
    def places(self) -> set[str]:
        """Every place IRI of the hierarchy."""
        return set().union(*self.place_ancestors.values()) if self.place_ancestors else set()

    @cached_property
    def concepts(self) -> set[str]:
        """Every concept IRI (strategy areas and the ontology's concepts)."""
        return {iri for iri, row in self.labels.items() if row["kind"] == "concept"}

    def within(self, place: str, area: str) -> bool:
        return area in self.place_ancestors.get(place, {place})

    def enclosing(self, place: str) -> list[str]:
        """The delregion and län a kommun lies in, largest last (none for any other place).

        A kommun's own projects are few; the delregion's and the län's are where its actors
        meet, so a kommun's view takes those in too (not Sverige's: that would be everything).
        """
        if place_kind(place) != "kommun":
            return []
        found = [area for area in self.place_ancestors.get(place, ()) if place_kind(area) in ENCLOSING_KINDS]
        return sorted(found, key=lambda area: (ENCLOSING_KINDS.index(place_kind(area)), area))

    def actors_in(self, area: str) -> set[str]:
        """Actors located in or serving ``area`` or a place within it."""
        return {actor for actor, places in self.actor_places.items()
                if any(self.within(place, area) for place in places)}

    # --- filters ------------------------------------------------------------------------

    def in_scope(self, filters: Filters) -> list[str]:
        """The activities a filter keeps, in a stable order."""
        return [activity for activity, row in self.activities.items() if self._keeps(activity, row, filters)]

    def _keeps(self, activity: str, row: dict, filters: Filters) -> bool:
        if filters.place and not any(self.within(place, filters.place) or place in filters.also_in
                                     for place in self._activity_places.get(activity, ())):
            return False
        if filters.strategy and not any(filters.strategy in self.concept_ancestors.get(subject, {subject})
                                        for subject in self._activity_subjects.get(activity, ())):
            return False
        if filters.start or filters.end:
            return _overlaps(period_of(row), filters.start, filters.end)
        return True

    def taking_part(self, filters: Filters, actors) -> list[str]:
        """The activities a filter keeps in which at least one of ``actors`` takes part."""
        return [activity for activity in self.in_scope(filters)
                if any(actor in actors for actor in self.involvements.get(activity, ()))]

    def keeps_actor(self, actor: str, filters: Filters) -> bool:
        if filters.actor_types is None:
            return True
        return self.actors[actor].get("type") in filters.actor_types

    @cached_property
    def labels(self) -> dict[str, dict]:
        """IRI → {"label", "label_en", "kind"} for funding schemes, actor types and documents."""
        return {row["thing"]: row for row in self.rows.labels}

    @cached_property
    def categories(self) -> dict[str, dict]:
        """actor-type IRI → its category: {"category" (IRI), "key", "label", "label_en"}."""
        return {row["type"]: row for row in self.rows.type_categories}

    @cached_property
    def actor_types(self) -> list[str]:
        """Every actor-type concept IRI, sorted (each keeps its colour in every view)."""
        return sorted(iri for iri, row in self.labels.items() if row["kind"] == "actor_type")

    def label(self, iri: str) -> str:
        """The Swedish name of an actor, activity, scheme, type or document (its key if none)."""
        for index in (self.actors, self.activities, self.labels):
            if iri in index:
                return index[iri]["label"]
        return iri.rsplit("/", 1)[-1]


def _overlaps(period, start: date | None, end: date | None) -> bool:
    if period is None:
        return False
    first, last = period
    return (end is None or first is None or first <= end) and (start is None or last is None or last >= start)


def _grouped(rows: list[dict], key: str, value: str) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        grouped[row[key]].add(row[value])
    return grouped


def _closure(rows: list[dict], key: str) -> dict[str, set[str]]:
    """Each node and everything above it, from (node, parent) rows."""
    parents = _grouped(rows, key, "parent")
    closed: dict[str, set[str]] = {}

    def above(node: str, seen: frozenset = frozenset()) -> set[str]:
        if node not in closed:
            result = {node}
            for parent in parents.get(node, ()):
                if parent not in seen:
                    result |= above(parent, seen | {node})
            closed[node] = result
        return closed[node]

    for node in list(parents):
        above(node)
    return closed
