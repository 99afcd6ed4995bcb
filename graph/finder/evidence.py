"""One question to the finder: the need, the place and the day, and everything in the library
that fits them, found through the library's indexes (never by reading the whole dataset).

A project or network is looked at only if it speaks of a concept the need names (its target
groups, stages, strategy areas or name; :attr:`graph.finder.library.Library.qualities`) or if
its text answers the need's words (:mod:`graph.finder.retrieval`); how well it fits is added up
from that index (what :func:`record_fit` reckons, without its details, which are worked out only
for what is shown). A service is looked at only if it is of a kind, for a target group or a
stage the need names, or its text answers the need.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from graph.finder.fit import (
    MIN_TEXT_SHARE,
    Fit,
    Wanted,
    audience_fit,
    discount,
    record_fit,
    service_fit,
    text_share_quality,
)
from graph.finder.library import PROJECT_POINTS, Library
from graph.finder.need import Need
from graph.finder.retrieval import Hit
from graph.finder.ties import SHARES, Tie
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
class Question:
    """A need, a place (a place reference, or None) and a day, over one library."""

    store: object
    library: Library
    need: Need
    want: Wanted
    place: dict | None
    today: date
    #: Look only at the records whose evidence may count at the asked place (False: at all, to
    #: count the actors that fit elsewhere).
    narrowed: bool = True
    _sources: dict[str, list[dict]] = field(default_factory=dict, repr=False)
    _fitted: dict[str, Fit] = field(default_factory=dict, repr=False)
    _discounts: dict[frozenset, float] = field(default_factory=dict, repr=False)
    _own_shares: dict[str, float] = field(default_factory=dict, repr=False)

    @cached_property
    def shares(self) -> dict[str, float]:
        """Record IRI → how much of the need's words its text holds (every text that holds one)."""
        return self.library.texts.shares(self.want.words) if self.want.words else {}

    @cached_property
    def _expanded(self) -> dict[str, float]:
        return self.library.texts.informative_terms(self.want.words) if self.want.words else {}

    def text(self, iri: str) -> Hit | None:
        """The hit of the record's text, with the words it shares with the need."""
        share = self.shares.get(iri)
        return self.library.texts.hit(iri, share, self._expanded) if share else None

    @cached_property
    def hits(self) -> dict[str, float]:
        """... the texts that answer the need on their own."""
        return {key: share for key, share in self.shares.items() if share >= MIN_TEXT_SHARE}

    @cached_property
    def _shares(self) -> dict[str, float]:
        return self.library.places.shares(self.place["iri"]) if self.place else {}

    @property
    def narrows(self) -> bool:
        """True if only records whose evidence may count at the asked place are looked at."""
        return bool(self.place) and self.narrowed

    @cached_property
    def own_tied(self) -> frozenset[str]:
        """The actors whose own area is the asked place, lies in it or around it: their evidence
        anywhere counts here."""
        return frozenset().union(*(self.library.actors_at.get(place, ()) for place in self._shares))

    def _may_apply(self, record) -> bool:
        """True if evidence from ``record`` can count at the asked place (see the module)."""
        places = record.areas if hasattr(record, "areas") else record.place_iris
        doers = {record.provider} if hasattr(record, "provider") else getattr(record, "doers", {}).keys()
        return not places or self.touches(places) or not self.own_tied.isdisjoint(doers)

    def _candidates(self, concepts, records: dict, narrow: bool) -> set[str]:
        """The records of ``records`` that speak of ``concepts`` and, ``narrow``, are at the asked
        place or name no place (see :meth:`_own_projects` for the rest)."""
        library, found = self.library, set()
        if not narrow:
            for concept in concepts:
                found.update(library.qualities.get(concept, ()), library.services_by_concept.get(concept, ()))
            return found & records.keys()
        keys = [*self._shares, ""]
        for concept in concepts:
            at = library.at_place.get(concept, {})
            for key in keys:
                found.update(at.get(key, ()))
        return found & records.keys()

    @property
    def _concepts(self) -> frozenset[str]:
        return self.want.services | self.want.specific_audiences | self.want.stages

    def _quality(self, iri: str, record) -> float:
        """How well a project or network fits (:func:`graph.finder.fit.record_fit`'s quality),
        from the library's index."""
        want, qualities = self.want, self.library.qualities
        index = 0 if want.services else 1
        quality = max((qualities[c][iri][index] for c in self._concepts if iri in qualities.get(c, ())),
                      default=0.0)
        if iri in self.hits:
            quality = max(quality, text_share_quality(self.hits[iri]))
        audiences = getattr(record, "audiences", None)
        if audiences and quality:
            key = frozenset(audiences)
            if key not in self._discounts:
                self._discounts[key] = discount(audience_fit(audiences, want)[0])
            quality *= self._discounts[key]
        return round(quality, 3)

    def _qualities(self, records: dict, narrow: bool = True) -> dict[str, float]:
        """Record IRI → its quality, for the records of ``records`` that fit and may count (or
        all that fit, not ``narrow``)."""
        narrow = narrow and self.narrows
        candidates = self._candidates(self._concepts, records, narrow)
        candidates |= {iri for iri in self.hits if iri in records
                       and (not narrow or self._may_apply(records[iri]))}
        found = {}
        for iri in candidates:
            quality = self._quality(iri, records[iri])
            if quality >= MIN_QUALITY:
                found[iri] = quality
        return found

    def value(self, points: int, actor: str, project) -> float:
        """What a project's points are worth to an actor at the asked place: with the share of
        the closer of its own area and the project's places (see :mod:`graph.finder.ranking`)."""
        return points * (1 + max(self.own_share(actor), self.closest(project.place_iris)[1]))

    def own_share(self, actor: str) -> float:
        if actor not in self._own_shares:
            self._own_shares[actor] = self.closest(self.library.actors[actor].places)[1]
        return self._own_shares[actor]

    def _own_projects(self) -> dict[str, float]:
        """The projects anywhere that may be among the three best of an actor whose own area is
        the asked place (all its evidence counts here): each actor's lists are read, most
        promising first, only until nothing further down can beat or tie its third best so far (no
        project is worth more than its most, with the largest share of all)."""
        found, projects, today, most_share = {}, self.library.projects, self.today, 1 + max(SHARES.values())
        for actor in self.own_tied:
            best: list[float] = []
            seen: set[str] = set()
            for concept in sorted(self._concepts):
                for most, iri in self.library.top_projects.get(concept, {}).get(actor, ()):
                    # Strictly below: a project that could tie is read too, so ties fall as they
                    # would if every project were weighed.
                    if len(best) == MAX_PROJECTS and most * most_share < best[0]:
                        break
                    if iri in seen:
                        continue
                    seen.add(iri)
                    quality = found.get(iri) or self._quality(iri, projects[iri])
                    if quality < MIN_QUALITY:
                        continue
                    found[iri] = quality
                    project = projects[iri]
                    weight = STATE_WEIGHTS[project.state(today)] * quality
                    points = round(PROJECT_POINTS[project.doers[actor][1]] * weight)
                    worth = self.value(max(1, points), actor, project)
                    if len(best) < MAX_PROJECTS:
                        heapq.heappush(best, worth)
                    else:
                        heapq.heappushpop(best, worth)
        return found

    @cached_property
    def project_qualities(self) -> dict[str, float]:
        """Project IRI → how well it fits, for the projects that fit and may count here."""
        if self.want.empty:
            return {}
        found = self._qualities(self.library.projects)
        if self.narrows:
            found.update(self._own_projects())
        return found

    @cached_property
    def network_qualities(self) -> dict[str, float]:
        """Network IRI → how well it fits, for the networks that fit (all of them: networks are
        few, and an actor whose own area is the place counts its networks anywhere)."""
        return self._qualities(self.library.networks, narrow=False) if not self.want.empty else {}

    @cached_property
    def states(self) -> dict[str, str]:
        """Fitting project IRI → its state on the day."""
        return {iri: self.library.projects[iri].state(self.today) for iri in self.project_qualities}

    def fit(self, iri: str) -> Fit:
        """How a fitting project or network fits, in full (for what is shown)."""
        if iri not in self._fitted:
            library = self.library
            record = library.projects.get(iri) or library.networks[iri]
            self._fitted[iri] = record_fit(record, self.want, library.linked_of[iri],
                                           library.named.get(iri, frozenset()), self.text(iri))
        return self._fitted[iri]

    @cached_property
    def service_fits(self) -> dict[str, Fit]:
        """Service IRI → how it fits, for the services that fit."""
        if self.want.empty:
            return {}
        library, want = self.library, self.want
        concepts = want.services | want.related | want.specific_audiences | want.stages
        candidates = self._candidates(concepts, library.services, self.narrows)
        for actor in self.own_tied:
            candidates.update(library.services_of.get(actor, ()))
        candidates |= {iri for iri in self.hits if iri in library.services
                       and (not self.narrows or self._may_apply(library.services[iri]))}
        found = {}
        for iri in sorted(candidates):
            service = library.services[iri]
            fit = service_fit(service, want, self.text(iri))
            if fit.quality >= MIN_QUALITY and service.provider in library.actors:
                found[iri] = fit
        return found

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
