"""What every question to the finder weighs, read once per store generation.

The :class:`Library` holds the vocabulary, the place names and tree, the records
(:mod:`graph.finder.records`), what each strategy area is about (``ontology/strategy_links.ttl``),
the concepts each record's name names, an index from each concept to the records that speak of
it, the text index of every record's name and description (:mod:`graph.finder.retrieval`) and
the places the data covers. Building it reads the whole dataset, so a load builds it once and
keeps it beside the generation (:func:`derive`); a question then only looks things up, so it
costs about the same on two million statements as on the bundled data.
"""

from __future__ import annotations

import gc
import pickle
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from graph.finder.fit import ALL_BUSINESSES, AUDIENCE_QUALITY, STAGE_QUALITY, SUBJECT_QUALITY
from graph.finder.place_lookup import PlaceNames, load_place_names
from graph.finder.records import (
    Actor,
    Network,
    Project,
    Service,
    read_actors,
    read_networks,
    read_projects,
    read_services,
)
from graph.finder.retrieval import TextIndex
from graph.finder.tables import ActorTable, NetworkTable, ProjectTable, ServiceTable
from graph.finder.ties import PlaceTree, read_place_tree
from graph.finder.vocabulary import Vocabulary, load_vocabulary
from graph.named_queries import select
from graph.per_generation import per_generation
from graph.resources.common import sources_of_rows
from graph.resources.duplicates import representatives
from graph.resources.place import place_kind

__all__ = ["DERIVED_FILE", "Library", "build_library", "derive", "library"]

DERIVED_FILE = "finder-library.pickle"
#: Raised whenever the library's classes change shape, so an old file is built anew.
FORMAT_VERSION = 17
#: A project's points for an actor that leads it (True) or takes part (False), as
#: :mod:`graph.finder.ranking` gives them.
PROJECT_POINTS = {True: 20, False: 12}


@dataclass
class Library:
    """What every question weighs (never changed after it is built)."""

    vocabulary: Vocabulary
    place_names: PlaceNames
    places: PlaceTree
    actors: dict[str, Actor]
    services: dict[str, Service]
    projects: dict[str, Project]
    networks: dict[str, Network]
    #: Strategy area → the kinds of support, target groups and stages it is about.
    links: dict[str, frozenset[str]]
    #: Record IRI → the concepts its name names.
    named: dict[str, frozenset[str]]
    #: Concept IRI → the networks that speak of it (a facet, a strategy area or a word of the
    #: name), each with its quality for a need that names a kind of support and for one that
    #: does not (see :func:`_qualities`; the projects' are in ``project_table``).
    network_qualities: dict[str, dict[str, tuple[float, float]]]
    #: Concept IRI → the services of that kind, for that target group or stage.
    services_by_concept: dict[str, frozenset[str]]
    #: Place IRI ("" for none) → the services that name it as where they are offered.
    services_in: dict[str, frozenset[str]]
    #: The actors, projects and services as arrays, for weighing all of them at once.
    actor_table: ActorTable
    project_table: ProjectTable
    service_table: ServiceTable
    network_table: NetworkTable
    #: Project or network IRI → the concepts its strategy areas are about.
    linked_of: dict[str, frozenset[str]]
    #: Every service, project and network's name and description.
    texts: TextIndex
    #: The numbers of the networks' texts in ``texts``.
    network_texts: np.ndarray
    #: The places the sources' services, projects and networks name (not Sverige).
    covered: frozenset[str]
    #: Every actor's, service's, project's, network's and place's sources (what a reason cites).
    sources_of: dict[str, list[dict]]
    services_of: dict[str, list[str]] = field(default_factory=dict)
    projects_of: dict[str, list[str]] = field(default_factory=dict)
    networks_of: dict[str, list[str]] = field(default_factory=dict)
    members_of: dict[str, list[str]] = field(default_factory=dict)
    children_of: dict[str, list[str]] = field(default_factory=dict)

    def known_places(self, actor: str) -> set[str]:
        """Every place the actor is known to work in: its own, its services', the projects it
        takes part in and its networks'."""
        places = set(self.actors[actor].places)
        places.update(*(self.services[iri].areas for iri in self.services_of.get(actor, ())))
        places.update(*(self.projects[iri].place_iris for iri in self.projects_of.get(actor, ())))
        places.update(*(self.networks[iri].place_iris for iri in self.networks_of.get(actor, ())))
        return places



def _links(store) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for row in select(store, "finder_concept_links"):
        found[row["concept"]].add(row["match"])
    return {concept: frozenset(matches) for concept, matches in found.items()}


def _named(vocabulary: Vocabulary, labels: dict[str, str]) -> dict[str, frozenset[str]]:
    """Record → the concepts its name names. A phrase counts whole: "Starta ytterligare ett
    branschforum" holds "starta" of "starta upp" but is no start-up support (a need that says
    "jag vill starta" is read with the phrase's one word, see :mod:`graph.finder.need`)."""
    return {iri: frozenset(match.concept.iri for match in vocabulary.match(label)
                           if len(match.words.split()) >= len(match.term.split()))
            for iri, label in labels.items()}


def _linked(records, links: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Record → the finder concepts the strategy areas it is filed under are about."""
    return {record.iri: frozenset().union(*(links.get(subject, ()) for subject in record.subjects))
            for record in records}


def _quality(scheme: str, in_facets: bool, in_name: bool) -> tuple[float, float]:
    """How well a record fits a need for one concept, for a need that names a kind of support
    and for one that does not, as :func:`graph.finder.fit.record_fit` reckons it."""
    if scheme == "tjanst":
        quality = 1.0 if in_name else SUBJECT_QUALITY
        return quality, quality
    if scheme == "malgrupp":
        return (AUDIENCE_QUALITY if in_facets else 0.0), AUDIENCE_QUALITY
    return STAGE_QUALITY, STAGE_QUALITY


def _qualities(records, vocabulary: Vocabulary, linked: dict[str, frozenset[str]],
               named: dict[str, frozenset[str]]) -> dict[str, dict[str, tuple[float, float]]]:
    """Concept → record → its qualities (see :func:`_quality`): the index a question starts from."""
    found: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
    for record in records:
        facets = getattr(record, "audiences", set()) | getattr(record, "stages", set())
        words = named.get(record.iri, frozenset())
        for concept in (facets | linked[record.iri] | words) - {ALL_BUSINESSES}:
            if concept in vocabulary.concepts:
                scheme = vocabulary.concepts[concept].scheme
                found[concept][record.iri] = _quality(scheme, concept in facets, concept in words)
    return dict(found)


def _services_in(services: dict[str, Service]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for service in services.values():
        for place in service.areas or ("",):
            found[place].add(service.iri)
    return {place: frozenset(iris) for place, iris in found.items()}


def _services_by_concept(services: dict[str, Service]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for service in services.values():
        for concept in service.types | service.audiences | service.stages:
            found[concept].add(service.iri)
    return {concept: frozenset(iris) for concept, iris in found.items()}


def _grouped(pairs) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for key, value in pairs:
        found[key].append(value)
    return {key: sorted(set(values)) for key, values in found.items()}


def _covered(services, projects, networks) -> frozenset[str]:
    named = {place for service in services.values() for place in service.areas}
    named |= {place for record in [*projects.values(), *networks.values()] for place in record.place_iris}
    return frozenset(place for place in named if place_kind(place) != "land")


def _sources(store, records: set[str], first_of: dict[str, str]) -> dict[str, list[dict]]:
    """The sources of ``records``, as :func:`graph.resources.common.sources` gives them; an insats
    printed twice cites both printings under its representative (:func:`_once`)."""
    locators = {row["locator"]: row for row in select(store, "finder_locators")}
    found: dict[str, dict[str, dict]] = defaultdict(dict)
    for row in select(store, "finder_sources"):
        record = first_of.get(row["record"], row["record"])
        if record in records and row["locator"] in locators:
            found[record][row["locator"]] = locators[row["locator"]]
    return {record: sources_of_rows(list(rows.values())) for record, rows in found.items()}


def _once(projects: dict[str, Project], first_of: dict[str, str]) -> dict[str, Project]:
    """The projects with an insats a source prints twice as one: the printing that represents it
    (:mod:`graph.resources.duplicates`), holding what every printing says of it (Almi basuppdrag
    is filed under one insatsområde in Tabell 4 and another in Tabell 7)."""
    for iri, first in first_of.items():
        if iri != first and iri in projects and first in projects:
            projects[first].merge(projects[iri])
    return {iri: project for iri, project in projects.items() if first_of.get(iri, iri) == iri}


def build_library(store) -> Library:
    """Read the library from the store (a score of SELECT queries) and index it."""
    vocabulary, places = load_vocabulary(store), read_place_tree(store)
    actors, services = read_actors(store), read_services(store)
    networks = read_networks(store, places.labels)
    first_of = representatives(store)
    projects = _once(read_projects(store, places.labels), first_of)
    links = _links(store)
    records = [*projects.values(), *networks.values(), *services.values()]
    named = _named(vocabulary, {record.iri: record.label for record in records})
    texts = TextIndex({record.iri: record.text for record in records})
    linked = _linked([*projects.values(), *networks.values()], links)
    by_service = _services_by_concept(services)
    named_places = {*places.labels, *(p for a in actors.values() for p in a.places),
                    *(p for record in [*projects.values(), *networks.values()] for p in record.place_iris),
                    *(p for service in services.values() for p in service.areas)}
    actor_table = ActorTable(actors, sorted(named_places))
    project_qualities = _qualities(projects.values(), vocabulary, linked, named)
    project_table = ProjectTable(projects, actor_table, project_qualities, texts.keys)
    return Library(
        vocabulary, load_place_names(store), places, actors, services, projects, networks,
        links, named, _qualities(networks.values(), vocabulary, linked, named), by_service,
        _services_in(services), actor_table, project_table, ServiceTable(services, actor_table, texts.keys),
        NetworkTable(networks, actor_table),
        linked, texts, texts.numbers_of(networks),
        _covered(services, projects, networks),
        _sources(store, {*actors, *services, *projects, *networks, *places.labels}, first_of),
        services_of=_grouped((s.provider, s.iri) for s in services.values()),
        projects_of=_grouped((actor, p.iri) for p in projects.values() for actor in p.parties
                             if p.roles_of(actor)),
        networks_of=_grouped((actor, n.iri) for n in networks.values() for actor in n.members),
        members_of=_grouped((group, a.iri) for a in actors.values() for group in a.groups),
        children_of=_grouped((parent, a.iri) for a in actors.values() for parent in a.parents))


def derive(store) -> dict[str, bytes]:
    """The library of a freshly loaded dataset, as a derived file of its generation (for
    ``GraphStore.replace(derive=...)``): building it reads the whole dataset, which at national
    size takes minutes, so a load does it once and the service only reads it back."""
    built = pickle.dumps(build_library(store), protocol=pickle.HIGHEST_PROTOCOL)
    return {DERIVED_FILE: _header() + built}


def _header() -> bytes:
    """The line a library file starts with: read before the rest, so that a file written by
    another version is built anew rather than unpickled into classes that have changed."""
    return f"aktorskarta finder library {FORMAT_VERSION}\n".encode()


def _read(store) -> Library:
    """The library the load derived (written by this program, beside the generation it was built
    from), else built now: a store written without it, or by another version."""
    content = store.derived(DERIVED_FILE)
    if content is not None and content.startswith(_header()):
        return pickle.loads(memoryview(content)[len(_header()):])  # noqa: S301 - the service's own file
    return build_library(store)


def _kept(built: Library) -> Library:
    # The library is millions of objects that live until the next load; the garbage collector
    # would walk them all again and again as questions make their short-lived objects (seconds
    # per question at national size). Freezing moves what lives now out of its sight.
    gc.collect()
    gc.freeze()
    return built


def library(store) -> Library:
    """The library of ``store``'s current generation, read on first use and kept until the next."""
    return per_generation(store, DERIVED_FILE, lambda: _kept(_read(store)))
