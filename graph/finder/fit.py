"""How well an offer fits the need: a service by its service types, target groups and stages; a
project by its target groups, stages and the words of its name; a network by the words of its
name and description.

Target groups meet exactly, or broadly: an offer for every business ("Alla företag") fits any
kind of business, and a need for "any business" fits an offer for a kind of business.

>>> audience_fit({SMF}, {ALL_BUSINESSES})
('broad', {'https://aktorskartan.se/id/concept/malgrupp/smf'})
>>> audience_fit({ELEVER}, {ALL_BUSINESSES})
(None, set())
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.finder.evidence import Project, Service
from graph.finder.need import Need
from graph.finder.vocabulary import Vocabulary
from graph.namespaces import concept

__all__ = ["ALL_BUSINESSES", "BUSINESSES", "Fit", "audience_fit", "network_fit", "project_fit",
           "service_fit"]


def _groups(*keys: str) -> frozenset[str]:
    return frozenset(str(concept("malgrupp", key)) for key in keys)


#: The target group of offers meant for every business.
ALL_BUSINESSES = str(concept("malgrupp", "alla-foretag"))
#: Target groups that are kinds of business (or people about to run one), which an offer for
#: every business serves; pupils, students, jobseekers and the public are not.
BUSINESSES = _groups("alla-foretag", "smf", "industriella-smf", "tillverkningsindustri", "besoksnaring",
                     "kkn", "agarledda-foretag", "tillvaxtforetag", "startups", "nyforetagare",
                     "blivande-foretagare", "areella-naringar")
SMF = str(concept("malgrupp", "smf"))
ELEVER = str(concept("malgrupp", "elever"))


@dataclass
class Fit:
    """What an offer shares with the need, concept IRIs per kind (empty: nothing)."""

    types: set[str] = field(default_factory=set)
    related: set[str] = field(default_factory=set)
    audiences: set[str] = field(default_factory=set)
    audience_kind: str | None = None
    stages: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.types or self.related or self.audiences or self.stages or self.words)

    def concepts(self) -> set[str]:
        return self.types | self.related | self.audiences | self.stages | self.words


def audience_fit(offered: set[str], wanted: set[str]) -> tuple[str | None, set[str]]:
    """``exact`` with the shared groups; ``broad`` with the offer's "every business" or the kinds
    of business it offers to a need for "any business"; or ``(None, set())``."""
    if offered & wanted:
        return "exact", offered & wanted
    if ALL_BUSINESSES in offered and wanted & BUSINESSES:
        return "broad", {ALL_BUSINESSES}
    if ALL_BUSINESSES in wanted and offered & BUSINESSES:
        return "broad", offered & BUSINESSES
    return None, set()


def _related(need: Need, vocabulary: Vocabulary, types: set[str]) -> set[str]:
    """Service types not asked for but related (``skos:related``) to one that is."""
    wanted = need.iris("tjanst")
    return {t for t in types - wanted if t in vocabulary.concepts and vocabulary.concepts[t].related & wanted}


def service_fit(service: Service, need: Need, vocabulary: Vocabulary) -> Fit:
    """What ``service`` shares with ``need``."""
    kind, audiences = audience_fit(service.audiences, need.iris("malgrupp"))
    return Fit(types=service.types & need.iris("tjanst"), related=_related(need, vocabulary, service.types),
               audiences=audiences, audience_kind=kind, stages=service.stages & need.iris("skede"))


def _wanted(need: Need) -> set[str]:
    return set().union(*(need.iris(scheme) for scheme in ("tjanst", "malgrupp", "skede")))


def project_fit(project: Project, need: Need, named: frozenset[str]) -> Fit:
    """What ``project`` shares with ``need``: target groups, stages, and the concepts its name
    ``named`` (see :attr:`graph.finder.evidence.Library.named`)."""
    kind, audiences = audience_fit(project.audiences, need.iris("malgrupp"))
    return Fit(audiences=audiences, audience_kind=kind, stages=project.stages & need.iris("skede"),
               words=named & _wanted(need))


def network_fit(need: Need, named: frozenset[str]) -> Fit:
    """What ``network`` shares with ``need``: the concepts its name and description ``named``."""
    return Fit(words=named & _wanted(need))
