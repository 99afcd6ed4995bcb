"""The projects and actors as NumPy arrays, built once per dataset, so that a question weighs
every project that speaks of its need at once instead of one by one (at national size a need
such as "starta eget" meets thousands of projects with three parties each).

Projects are numbered in the order a tie between them falls (their Swedish name order, then IRI),
actors in the order equal scores fall (name, then IRI), places in any fixed order. Each project's
parties that do its work and its places are rows of flat arrays ("compressed sparse rows": the
rows of project *n* run from ``offsets[n]`` to ``offsets[n + 1]``).

>>> from graph.finder.records import Actor, Network, Project, Service
>>> project = Project("p", "Exportlyftet", "pågående", "2024-01-01", None,
...                   places=[{"iri": "lan:04", "kind": "lan", "label": "Sörmland"}],
...                   parties={"a": [{"iri": "https://aktorskartan.se/id/concept/roll/projektagare"}]})
>>> project.index()
>>> table = ProjectTable({"p": project}, ActorTable({"a": Actor("a", "Almi", None)}, ["lan:04"]), {}, [])
>>> table.doer_actor.tolist(), table.doer_leads.tolist(), table.placed.tolist()
([0], [True], [True])
>>> from datetime import date
>>> [STATES[code] for code in table.states(date(2023, 6, 1), np.array([0]))]
['upcoming']
"""

from __future__ import annotations

from datetime import date

import numpy as np

from graph.finder.records import Actor, Network, Project, Service
from graph.swedish import sort_key

__all__ = ["STATES", "ActorTable", "NetworkTable", "ProjectTable", "ServiceTable", "gather", "max_share"]

#: A project's states on a day (:func:`graph.finder.timing.state_on`), by their codes.
STATES = ("ongoing", "upcoming", "unknown", "ended", "proposed")
_STATUS_CODES = {"avslutad": 1, "föreslagen": 2, "kommande": 3, "pågående": 4}
#: No day printed.
_NO_DAY = 0


def _rows(groups: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Flat rows and offsets (see the module) of a list of lists of numbers."""
    offsets = np.zeros(len(groups) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(group) for group in groups])
    flat = np.fromiter((number for group in groups for number in group), dtype=np.int32,
                       count=int(offsets[-1]))
    return flat, offsets


def gather(offsets: np.ndarray, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The flat rows of the groups ``numbers`` (see the module), and their offsets among them.

    >>> rows, offsets = gather(np.array([0, 2, 2, 5]), np.array([0, 2]))
    >>> rows.tolist(), offsets.tolist()
    ([0, 1, 2, 3, 4], [0, 2, 5])
    """
    lengths = offsets[numbers + 1] - offsets[numbers]
    found = np.zeros(len(numbers) + 1, dtype=np.int64)
    found[1:] = np.cumsum(lengths)
    return np.repeat(offsets[numbers] - found[:-1], lengths) + np.arange(found[-1]), found


def max_share(shares: np.ndarray, places: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Each row group's largest share of its places (``shares``: place number → share, -1 if the
    place is not tied to the asked one); -1 for a group without a tied place or without places."""
    found = np.full(len(offsets) - 1, -1.0)
    placed = np.diff(offsets) > 0
    starts = offsets[:-1][placed]
    if len(starts):
        found[placed] = np.maximum.reduceat(shares[places], starts)
    return found


class ActorTable:
    """The actors, numbered in the order equal scores fall, with their own places."""

    def __init__(self, actors: dict[str, Actor], places: list[str]):
        self.iris = sorted(actors, key=lambda iri: (sort_key(actors[iri].label), iri))
        self.numbers = {iri: number for number, iri in enumerate(self.iris)}
        self.place_numbers = {place: number for number, place in enumerate(places)}
        self.places, self.offsets = _rows([[self.place_numbers[place] for place in actors[iri].places
                                            if place in self.place_numbers] for iri in self.iris])
        self.placed = np.diff(self.offsets) > 0
        self.groups = np.array([actors[iri].is_group for iri in self.iris], dtype=bool)

    def shares(self, place_shares: dict[str, float]) -> np.ndarray:
        """Place number → its share for the asked place (-1: not tied to it)."""
        found = np.full(len(self.place_numbers), -1.0)
        for place, share in place_shares.items():
            if place in self.place_numbers:
                found[self.place_numbers[place]] = share
        return found

    def own_shares(self, shares: np.ndarray) -> np.ndarray:
        """Each actor's closest own place's share (-1: none is tied to the asked place)."""
        return max_share(shares, self.places, self.offsets)


class ProjectTable:
    """The projects, numbered in the order a tie falls, with who does their work, where, when,
    their target groups, and how well each speaks of each concept."""

    def __init__(self, projects: dict[str, Project], actors: ActorTable,
                 qualities: dict[str, dict[str, tuple[float, float]]], text_keys: list[str]):
        self.iris = sorted(projects, key=lambda iri: (projects[iri].order, iri))
        self.numbers = {iri: number for number, iri in enumerate(self.iris)}
        ordered = [projects[iri] for iri in self.iris]
        doers = [[(actors.numbers[actor], leads) for actor, (_, leads) in project.doers.items()
                  if actor in actors.numbers] for project in ordered]
        self.doer_actor, self.doer_offsets = _rows([[actor for actor, _ in group] for group in doers])
        self.doer_leads = np.fromiter((leads for group in doers for _, leads in group), dtype=bool,
                                      count=len(self.doer_actor))
        self.place_iris = [project.place_iris for project in ordered]
        self.places, self.place_offsets = _rows([[actors.place_numbers[place] for place in project.place_iris]
                                                 for project in ordered])
        self.placed = np.diff(self.place_offsets) > 0
        self.status = np.array([_STATUS_CODES.get(project.status or "", 0) for project in ordered],
                               dtype=np.int8)
        self.first = np.array([_day(project.first_day) for project in ordered], dtype=np.int64)
        self.last = np.array([_day(project.last_day) for project in ordered], dtype=np.int64)
        #: The distinct sets of target groups, and each project's (-1: it names none).
        self.audience_sets, self.audience_set = _sets([project.audiences for project in ordered])
        #: Concept → (project numbers, quality for a need naming a kind of support, for one not).
        self.by_concept = {}
        for concept, found in qualities.items():
            pairs = sorted((self.numbers[iri], pair) for iri, pair in found.items() if iri in self.numbers)
            if pairs:
                self.by_concept[concept] = (np.array([number for number, _ in pairs], dtype=np.int32),
                                            np.array([[*pair] for _, pair in pairs]).T.copy())
        #: Each text's project (-1: the text is not a project's).
        self.of_text = np.array([self.numbers.get(key, -1) for key in text_keys], dtype=np.int64)

    def __len__(self) -> int:
        return len(self.iris)

    def states(self, today: date, numbers: np.ndarray) -> np.ndarray:
        """The projects' (``numbers``) states on ``today``, as numbers of :data:`STATES`
        (:func:`graph.finder.timing.state_on`, for all of them at once)."""
        day = today.toordinal()
        status, first, last = self.status[numbers], self.first[numbers], self.last[numbers]
        ended = (status == _STATUS_CODES["avslutad"]) | ((last != _NO_DAY) & (last < day))
        proposed = ~ended & (status == _STATUS_CODES["föreslagen"])
        upcoming = ~ended & ~proposed & (
            (status == _STATUS_CODES["kommande"]) | ((first != _NO_DAY) & (first > day)))
        ongoing = ~ended & ~proposed & ~upcoming & (
            (status == _STATUS_CODES["pågående"]) | (first != _NO_DAY) | (last != _NO_DAY))
        found = np.full(len(numbers), STATES.index("unknown"), dtype=np.int8)
        for mask, name in ((ended, "ended"), (proposed, "proposed"), (upcoming, "upcoming"),
                           (ongoing, "ongoing")):
            found[mask] = STATES.index(name)
        return found

    def shares(self, place_shares: np.ndarray, numbers: np.ndarray) -> np.ndarray:
        """The projects' (``numbers``) closest places' shares (-1: none is tied to the asked place)."""
        rows, offsets = gather(self.place_offsets, numbers)
        return max_share(place_shares, self.places[rows], offsets)

    def doers(self, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The parties that do the projects' (``numbers``) work: for each, the project's index in
        ``numbers``, the actor's number and whether it leads the project."""
        rows, offsets = gather(self.doer_offsets, numbers)
        index = np.repeat(np.arange(len(numbers)), np.diff(offsets))
        return index, self.doer_actor[rows], self.doer_leads[rows]


class ServiceTable:
    """The services, numbered in IRI order, with their provider, kinds, target groups, stages and
    the places they are offered in."""

    def __init__(self, services: dict[str, Service], actors: ActorTable, text_keys: list[str]):
        self.iris = sorted(services)
        self.numbers = {iri: number for number, iri in enumerate(self.iris)}
        ordered = [services[iri] for iri in self.iris]
        #: Each service's provider's number (-1: not an actor of the register).
        self.provider = np.array([actors.numbers.get(service.provider, -1) for service in ordered],
                                 dtype=np.int64)
        self.areas, self.area_offsets = _rows([_numbers(actors.place_numbers, service.areas)
                                               for service in ordered])
        self.placed = np.diff(self.area_offsets) > 0
        self.audience_sets, self.audience_set = _sets([service.audiences for service in ordered])
        #: Concept → the services of that kind, and of that stage.
        self.types = _by_concept([service.types for service in ordered])
        self.stages = _by_concept([service.stages for service in ordered])
        text_numbers = {key: number for number, key in enumerate(text_keys)}
        #: Each service's number in the text index (-1: none).
        self.text_number = np.array([text_numbers.get(iri, -1) for iri in self.iris], dtype=np.int64)

    def __len__(self) -> int:
        return len(self.iris)

    def having(self, concepts, index: dict[str, np.ndarray]) -> np.ndarray:
        """True for each service that has one of ``concepts`` in ``index`` (:attr:`types` or
        :attr:`stages`)."""
        found = np.zeros(len(self), dtype=bool)
        for concept in concepts:
            found[index.get(concept, [])] = True
        return found

    def shares(self, place_shares: np.ndarray) -> np.ndarray:
        """Each service's closest place's share (-1: none is tied to the asked place)."""
        return max_share(place_shares, self.areas, self.area_offsets)


class NetworkTable:
    """The networks, numbered in IRI order, with their members, coordinators and places."""

    def __init__(self, networks: dict[str, Network], actors: ActorTable):
        self.iris = sorted(networks)
        self.numbers = {iri: number for number, iri in enumerate(self.iris)}
        ordered = [networks[iri] for iri in self.iris]
        self.members, self.member_offsets = _rows([_numbers(actors.numbers, network.members)
                                                   for network in ordered])
        #: Each network's coordinator's number (-1: none is named).
        self.coordinator = np.array([actors.numbers.get(network.coordinator["iri"], -1) if network.coordinator
                                     else -1 for network in ordered], dtype=np.int64)
        self.places, self.place_offsets = _rows([_numbers(actors.place_numbers, network.place_iris)
                                                 for network in ordered])
        self.placed = np.diff(self.place_offsets) > 0

    def shares(self, place_shares: np.ndarray, numbers: np.ndarray) -> np.ndarray:
        """The networks' (``numbers``) closest places' shares (-1: none is tied to the asked place)."""
        rows, offsets = gather(self.place_offsets, numbers)
        return max_share(place_shares, self.places[rows], offsets)

    def memberships(self, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The members of the networks ``numbers``: for each, the network's index in ``numbers``
        and the actor's number."""
        rows, offsets = gather(self.member_offsets, numbers)
        return np.repeat(np.arange(len(numbers)), np.diff(offsets)), self.members[rows]


def _numbers(numbers: dict[str, int], iris) -> list[int]:
    """The numbers of those of ``iris`` that have one, in order."""
    return sorted(numbers[iri] for iri in iris if iri in numbers)


def _sets(groups: list[set[str]]) -> tuple[list[frozenset[str]], np.ndarray]:
    """The distinct non-empty sets among ``groups``, and each group's number among them (-1: empty)."""
    distinct = sorted({frozenset(group) for group in groups if group}, key=sorted)
    numbers = {group: number for number, group in enumerate(distinct)}
    return distinct, np.array([numbers.get(frozenset(group), -1) for group in groups], dtype=np.int64)


def _by_concept(groups: list[set[str]]) -> dict[str, np.ndarray]:
    found: dict[str, list[int]] = {}
    for number, group in enumerate(groups):
        for concept in group:
            found.setdefault(concept, []).append(number)
    return {concept: np.array(numbers, dtype=np.int64) for concept, numbers in found.items()}


def _day(day: date | None) -> int:
    return day.toordinal() if day else _NO_DAY

