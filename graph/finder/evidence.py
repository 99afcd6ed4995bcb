"""One question to the finder: the need, the place and the day, and everything in the library
that fits them, found through the library's indexes (never by reading the whole dataset).

Projects are weighed all at once, as arrays (:mod:`graph.finder.tables`): how well each speaks of
a concept the need names (its target groups, stages, strategy areas or name;
:attr:`graph.finder.library.Library.qualities`) or answers the need's words
(:mod:`graph.finder.retrieval`), its state on the day and how close its places are to the asked
place. A network or service is looked at only if it speaks of a concept the need names or its
text answers the need; a service only if it may count at the place. How a record fits is worked
out in full (:func:`record_fit`, :func:`service_fit`) only for what is shown.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np

from graph.finder.fit import (
    AUDIENCE_KINDS,
    MIN_TEXT_SHARE,
    Fit,
    Wanted,
    audience_fit,
    discount,
    record_fit,
    service_fit,
    service_qualities,
    text_share_qualities,
    text_share_quality,
)
from graph.finder.library import Library
from graph.finder.need import Need
from graph.finder.retrieval import Hit, Shares
from graph.finder.ties import Tie
from graph.resources.common import sources

__all__ = ["MAX_PROJECTS", "MIN_QUALITY", "STATE_WEIGHTS", "Question"]

#: How much a project counts on the day: running or upcoming fully, less if its status is
#: unknown, half once it has ended, a third if it is only proposed.
STATE_WEIGHTS = {"ongoing": 1.0, "upcoming": 1.0, "unknown": 0.8, "ended": 0.5, "proposed": 0.3}
#: The most projects whose points count for one actor.
MAX_PROJECTS = 3

#: A project or network fits when its quality (see :mod:`graph.finder.fit`) is at least this.
MIN_QUALITY = 0.3


@dataclass
class FittingProjects:
    """The projects that fit a question, by number (ascending; see
    :class:`graph.finder.tables.ProjectTable`), with how well each fits, its state on the day (a
    number of :data:`graph.finder.tables.STATES`) and its closest place's share at the asked
    place (-1: none is tied to it)."""

    numbers: np.ndarray
    quality: np.ndarray
    state: np.ndarray
    share: np.ndarray

    def index(self, number: int) -> int:
        """Where project ``number`` is in these arrays."""
        return int(np.searchsorted(self.numbers, number))


@dataclass
class FittingServices:
    """Services (by number, ascending; :class:`graph.finder.tables.ServiceTable`) with what
    :func:`service_fit` weighs: whether each is of a kind asked for, of a related kind, for a
    stage asked for, how its target groups meet the need's (numbers of :data:`AUDIENCE_KINDS`)
    and its text's share (0: none)."""

    numbers: np.ndarray
    types: np.ndarray
    related: np.ndarray
    stages: np.ndarray
    kind: np.ndarray
    share: np.ndarray

    def take(self, mask: np.ndarray) -> FittingServices:
        return FittingServices(*(column[mask] for column in dataclasses.astuple(self)))

    @classmethod
    def none(cls) -> FittingServices:
        return cls(*(np.zeros(0, dtype=kind) for kind in (np.int64, bool, bool, bool, np.int64, float)))


@dataclass
class Question:
    """A need, a place (a place reference, or None) and a day, over one library."""

    store: object
    library: Library
    need: Need
    want: Wanted
    place: dict | None
    today: date
    #: Look only at the services whose evidence may count at the asked place (False: at all, to
    #: count the actors that fit elsewhere).
    narrowed: bool = True
    _sources: dict[str, list[dict]] = field(default_factory=dict, repr=False)
    _fitted: dict[str, Fit] = field(default_factory=dict, repr=False)

    @cached_property
    def shares(self) -> Shares | None:
        """How much of the need's words each record's text holds (None: the need has no words)."""
        return self.library.texts.shares(self.want.words) if self.want.words else None

    @cached_property
    def _expanded(self) -> dict[str, float]:
        return self.library.texts.informative_terms(self.want.words) if self.want.words else {}

    def text(self, iri: str) -> Hit | None:
        """The hit of the record's text, with the words it shares with the need."""
        share = self.shares.get(iri) if self.shares else 0.0
        return self.library.texts.hit(iri, share, self._expanded) if share else None

    @cached_property
    def hits(self) -> dict[str, float]:
        """Network IRI → its share, for the networks whose text answers the need on its own
        (the projects' and services' are weighed with them, as arrays)."""
        return self.shares.above(MIN_TEXT_SHARE, self.library.network_texts) if self.shares else {}

    @property
    def answered_by_text(self) -> bool:
        """True if some record's text answers the need on its own."""
        return bool(self.shares and self.shares.any_above(MIN_TEXT_SHARE))

    @cached_property
    def _shares(self) -> dict[str, float]:
        return self.library.places.shares(self.place["iri"]) if self.place else {}

    @property
    def narrows(self) -> bool:
        """True if only the services whose evidence may count at the asked place are looked at
        (and the actors that fit elsewhere are not counted)."""
        return bool(self.place) and self.narrowed

    @property
    def _concepts(self) -> frozenset[str]:
        return self.want.services | self.want.specific_audiences | self.want.stages

    def _network_quality(self, iri: str) -> float:
        """How well a network fits (:func:`graph.finder.fit.record_fit`'s quality), from the
        library's index."""
        want, qualities = self.want, self.library.network_qualities
        column = 0 if want.services else 1
        quality = max((qualities[c][iri][column] for c in self._concepts if iri in qualities.get(c, ())),
                      default=0.0)
        if iri in self.hits:
            quality = max(quality, text_share_quality(self.hits[iri]))
        return round(quality, 3)

    @cached_property
    def place_shares(self) -> np.ndarray:
        """Place number (:class:`graph.finder.tables.ActorTable`) → its share here, -1 if not tied."""
        return self.library.actor_table.shares(self._shares)

    @cached_property
    def actor_shares(self) -> np.ndarray:
        """Actor number → the share of its own area's closest place, -1 if none is tied here."""
        return self.library.actor_table.own_shares(self.place_shares)

    @cached_property
    def projects(self) -> FittingProjects:
        """The projects that fit: how well each speaks of a concept the need names or answers its
        words, less for another target group (:func:`record_fit`'s quality, from the library's
        index, for all at once), its state on the day and how close it is to the asked place."""
        table, want = self.library.project_table, self.want
        column = 0 if want.services else 1
        quality = np.zeros(len(table))
        concepts = [table.by_concept[concept] for concept in self._concepts & table.by_concept.keys()]
        for found, pairs in [*((found, pairs[column]) for found, pairs in concepts), self._project_texts()]:
            quality[found] = np.maximum(quality[found], pairs)
        numbers = quality.nonzero()[0]
        quality = quality[numbers]
        discounts = np.array([discount(audience_fit(audiences, want)[0]) for audiences in table.audience_sets]
                             + [1.0])
        quality = np.round(quality * discounts[table.audience_set[numbers]], 3)  # -1 (no target group): 1.0
        fits = quality >= MIN_QUALITY
        numbers, quality = numbers[fits], quality[fits]
        return FittingProjects(numbers, quality, table.states(self.today, numbers),
                               table.shares(self.place_shares, numbers))

    def _project_texts(self) -> tuple[np.ndarray, np.ndarray]:
        """The projects whose text answers the need on its own, and the quality that gives them."""
        if not self.shares:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        texts = self.shares.at_least(MIN_TEXT_SHARE)
        projects = self.library.project_table.of_text[texts]
        found = projects >= 0
        return projects[found], text_share_qualities(self.shares.rounded(texts[found]))

    @cached_property
    def network_qualities(self) -> dict[str, float]:
        """Network IRI → how well it fits, for the networks that fit (all of them: networks are
        few, and an actor whose own area is the place counts its networks anywhere)."""
        if self.want.empty:
            return {}
        networks, qualities = self.library.networks, self.library.network_qualities
        candidates = {iri for concept in self._concepts for iri in qualities.get(concept, ())}
        candidates |= networks.keys() & self.hits.keys()
        found = {iri: self._network_quality(iri) for iri in candidates}
        return {iri: quality for iri, quality in found.items() if quality >= MIN_QUALITY}

    def fit(self, iri: str) -> Fit:
        """How a fitting project or network fits, in full (for what is shown)."""
        if iri not in self._fitted:
            library = self.library
            record = library.projects.get(iri) or library.networks[iri]
            self._fitted[iri] = record_fit(record, self.want, library.linked_of[iri],
                                           library.named.get(iri, frozenset()), self.text(iri))
        return self._fitted[iri]

    @cached_property
    def services(self) -> FittingServices:
        """The services that fit and may count at the asked place (:func:`service_fit`'s
        reckoning, for all at once)."""
        table, want = self.library.service_table, self.want
        if want.empty:
            return FittingServices.none()
        kinds = np.array([AUDIENCE_KINDS.index(audience_fit(audiences, want)[0])
                          for audiences in table.audience_sets] + [AUDIENCE_KINDS.index("open")])
        found = FittingServices(np.arange(len(table)), table.having(want.services, table.types),
                                table.having(want.related - want.services, table.types),
                                table.having(want.stages, table.stages), kinds[table.audience_set],
                                self._text_shares(table.text_number))
        quality = service_qualities(found.types, found.related, found.stages, found.kind, found.share)
        keep = (quality >= MIN_QUALITY) & (table.provider >= 0)
        if self.narrows:  # there, naming no place, or offered by an actor whose own area is the place
            here = table.shares(self.place_shares) >= 0
            keep &= ~table.placed | here | (self.actor_shares[table.provider] >= 0)
        return found.take(keep)

    def _text_shares(self, texts: np.ndarray) -> np.ndarray:
        """The shares of the texts ``texts`` (numbers in the text index, -1: none), 0 for none."""
        found = np.zeros(len(texts))
        if self.shares:
            known = texts >= 0
            found[known] = self.shares.rounded(texts[known])
        return found

    def service_fit(self, iri: str) -> Fit:
        """How a service fits, in full (for what is shown)."""
        if iri not in self._fitted:
            self._fitted[iri] = service_fit(self.library.services[iri], self.want, self.text(iri))
        return self._fitted[iri]

    def touches(self, places) -> bool:
        """True if any of ``places`` is tied to the asked place (it, within it or around it)."""
        return not self._shares.keys().isdisjoint(places)

    def closest(self, places) -> tuple[str | None, float]:
        """The place of ``places`` closest to the asked place, and its share (None, 0: none is)."""
        best, share = None, 0.0
        for place in places:
            found = self._shares.get(place)
            if found is not None and (found, place) > (share, best or ""):
                best, share = place, found
        return best, share

    def tie(self, place: str) -> Tie:
        """How ``place`` is tied to the asked place."""
        return self.library.places.tie(self.place["iri"], place)

    @cached_property
    def covered(self) -> bool:
        """True if no place was asked for, or the data covers it."""
        return not self.place or self.library.places.covers(self.library.covered, self.place["iri"])

    def sources(self, iri: str) -> list[dict]:
        """The documents and sections the record ``iri`` was taken from (asked once)."""
        known = self.library.sources_of.get(iri)
        if known is not None:
            return list(known)
        if iri not in self._sources:
            self._sources[iri] = sources(self.store, iri)
        return self._sources[iri]
