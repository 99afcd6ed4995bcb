"""One question to the finder: the need, the place and the day, and everything in the library
that fits them, found through the library's indexes (never by reading the whole dataset).

A project or network is looked at only if it speaks of a concept the need names (its target
groups, stages, strategy areas or name; :attr:`graph.finder.library.Library.by_concept`) or if
its text answers the need's words (:mod:`graph.finder.retrieval`); then :func:`record_fit`
says how well. Services are few (one or a handful per actor) and each is weighed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from graph.finder.fit import MIN_TEXT_SHARE, Fit, Wanted, record_fit, service_fit
from graph.finder.library import Library
from graph.finder.need import Need
from graph.finder.retrieval import Hit
from graph.finder.ties import Tie
from graph.resources.common import sources

__all__ = ["MIN_QUALITY", "Question"]

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
    _sources: dict[str, list[dict]] = field(default_factory=dict, repr=False)

    @cached_property
    def texts(self) -> dict[str, Hit]:
        """Record IRI → its text's hit for the need's words (every text that shares one)."""
        if not self.want.words:
            return {}
        return {hit.key: hit for hit in self.library.texts.search(self.want.words, 0.0)}

    @cached_property
    def hits(self) -> dict[str, Hit]:
        """... the texts that answer the need on their own."""
        return {key: hit for key, hit in self.texts.items() if hit.share >= MIN_TEXT_SHARE}

    def _fits(self, records: dict) -> dict[str, Fit]:
        library, concepts = self.library, self.want.concepts
        candidates = set().union(*(library.by_concept.get(c, ()) for c in concepts)) if concepts else set()
        candidates |= {iri for iri in self.hits if iri in records}
        found = {}
        for iri in sorted(candidates & records.keys()):
            record = records[iri]
            fit = record_fit(record, self.want, library.linked_of[iri],
                             library.named.get(iri, frozenset()), self.texts.get(iri))
            if fit.quality >= MIN_QUALITY:
                found[iri] = fit
        return found

    @cached_property
    def project_fits(self) -> dict[str, Fit]:
        """Project IRI → how it fits, for the projects that fit."""
        return self._fits(self.library.projects) if not self.want.empty else {}

    @cached_property
    def network_fits(self) -> dict[str, Fit]:
        """Network IRI → how it fits, for the networks that fit."""
        return self._fits(self.library.networks) if not self.want.empty else {}

    @cached_property
    def service_fits(self) -> dict[str, Fit]:
        """Service IRI → how it fits, for the services that fit."""
        if self.want.empty:
            return {}
        found = {}
        for iri, service in sorted(self.library.services.items()):
            fit = service_fit(service, self.want, self.texts.get(iri))
            if fit.quality >= MIN_QUALITY and service.provider in self.library.actors:
                found[iri] = fit
        return found

    def ties(self, places) -> list[Tie]:
        """How each of ``places`` is tied to the asked place (those that are)."""
        if not self.place:
            return []
        tree = self.library.places
        return [tie for tie in (tree.tie(self.place["iri"], named) for named in sorted(places)) if tie]

    @cached_property
    def covered(self) -> bool:
        """True if no place was asked for, or the data covers it."""
        return not self.place or self.library.places.covers(self.library.covered, self.place["iri"])

    def sources(self, iri: str) -> list[dict]:
        """The documents and sections the record ``iri`` was taken from (asked once)."""
        if iri not in self._sources:
            self._sources[iri] = sources(self.store, iri)
        return self._sources[iri]
