"""What the finder weighs, read from the store with named queries: the actors, their services and
projects, the networks, and how each is tied to the asked place.

What does not depend on the question (the :class:`Library`: vocabulary, place names, records,
the concepts each project's name and each network's text name) is read once per store
generation, as search does with its index. Every record keeps its IRI, so that a reason can
cite the record's sources (:meth:`Evidence.sources`, which asks ``record_sources`` once per
record and question).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.finder.place_lookup import PlaceNames, load_place_names
from graph.finder.vocabulary import Vocabulary, load_vocabulary
from graph.named_queries import select
from graph.namespaces import concept
from graph.per_generation import per_generation
from graph.resources.common import by_label, ref, sources
from graph.resources.place import KIND_RANK, place_kind, place_ref

__all__ = ["PASSIVE_ROLES", "Actor", "Evidence", "Library", "Network", "Project", "Service", "Tie", "gather",
           "library"]

_FACETS = {"service_types": "types", "audiences": "audiences", "stages": "stages", "areas": "areas"}
#: Roles in a project that do not make an actor one who does the work: the project's target
#: group, a source of learning, a decision maker, a funder.
PASSIVE_ROLES = frozenset(str(concept("roll", key)) for key in (
    "malgruppsaktor", "kunskapskalla", "beslutsfattare", "finansiar", "medfinansiar"))
_PROJECT_FACETS = {"http://purl.org/dc/terms/audience": "audiences",
                   "https://aktorskartan.se/ns#stage": "stages"}


@dataclass(frozen=True)
class Tie:
    """How a record is tied to the asked place: ``here``, through a ``wider`` place that contains
    it, or through a place ``within`` it; ``via`` is the place the record names."""

    scope: str
    via: str
    via_label: str
    relation: str = "area_served"

    @property
    def kind(self) -> str:
        return place_kind(self.via)

    def ref(self) -> dict:
        return place_ref(self.via, self.via_label)


@dataclass
class Actor:
    iri: str
    label: str
    type: dict | None
    places: set[str] = field(default_factory=set)


@dataclass
class Service:
    iri: str
    label: str
    provider: str
    types: set[str] = field(default_factory=set)
    audiences: set[str] = field(default_factory=set)
    stages: set[str] = field(default_factory=set)
    areas: set[str] = field(default_factory=set)


@dataclass
class Project:
    iri: str
    label: str
    status: str | None
    start: str | None
    end: str | None
    audiences: set[str] = field(default_factory=set)
    stages: set[str] = field(default_factory=set)
    places: list[dict] = field(default_factory=list)
    parties: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def roles_of(self, actor: str) -> list[dict]:
        """The actor's roles in the project that do the work (see :data:`PASSIVE_ROLES`)."""
        return [role for role in self.parties.get(actor, ()) if role["iri"] not in PASSIVE_ROLES]


@dataclass
class Network:
    iri: str
    label: str
    kind: str | None
    text: str
    coordinator: dict | None
    places: list[dict] = field(default_factory=list)


@dataclass
class Library:
    """What every question weighs, read once per store generation (never changed afterwards)."""

    vocabulary: Vocabulary
    place_names: PlaceNames
    actors: dict[str, Actor]
    services: dict[str, Service]
    projects: dict[str, Project]
    networks: dict[str, Network]
    #: Project or network IRI → the concepts its name (a network's also its description) names.
    named: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Actor IRI → the places of the projects it does work in (where it is known to work).
    project_places: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass
class Evidence:
    """The library, and the ties of each record to the asked place (if any)."""

    store: object
    library: Library
    ties: dict[str, list[Tie]] = field(default_factory=dict)
    _sources: dict[str, list[dict]] = field(default_factory=dict, repr=False)

    @property
    def actors(self) -> dict[str, Actor]:
        return self.library.actors

    @property
    def services(self) -> dict[str, Service]:
        return self.library.services

    @property
    def projects(self) -> dict[str, Project]:
        return self.library.projects

    @property
    def networks(self) -> dict[str, Network]:
        return self.library.networks

    def sources(self, iri: str) -> list[dict]:
        """The documents and sections the record ``iri`` was taken from (asked once)."""
        if iri not in self._sources:
            self._sources[iri] = sources(self.store, iri)
        return self._sources[iri]

    def tied(self, iri: str) -> list[Tie]:
        return self.ties.get(iri, [])


def _actors(store) -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    for row in select(store, "actors_list"):
        kind = ref(row["type"], row["type_label"], label_en=row["type_label_en"]) if row["type"] else None
        actor = actors.setdefault(row["actor"], Actor(row["actor"], row["label"], kind))
        if row["place"]:
            actor.places.add(row["place"])
    return actors


def _services(store) -> dict[str, Service]:
    services = {row["service"]: Service(row["service"], row["label"] or row["service"], row["actor"])
                for row in select(store, "actor_services")}
    for row in select(store, "actor_service_facets"):
        getattr(services[row["service"]], _FACETS[row["facet"]]).add(row["value"])
    return services


def _projects(store) -> dict[str, Project]:
    projects = {row["project"]: Project(row["project"], row["label"], row["status"], row["start"], row["end"])
                for row in select(store, "project_records")}
    for row in select(store, "project_concepts"):
        if row["property"] in _PROJECT_FACETS:
            getattr(projects[row["project"]], _PROJECT_FACETS[row["property"]]).add(row["concept"])
    for row in select(store, "project_places"):
        projects[row["project"]].places.append(place_ref(row["place"], row["label"]))
    for row in select(store, "project_parties"):
        role = ref(row["role"], row["role_label"], label_en=row["role_label_en"])
        projects[row["project"]].parties[row["actor"]].append(role)
    for project in projects.values():
        project.places = _ordered_places(project.places)
    return projects


def _ordered_places(places: list[dict]) -> list[dict]:
    return sorted(by_label(places), key=lambda p: -KIND_RANK[p["kind"]])


def _networks(store) -> dict[str, Network]:
    networks = {}
    for row in select(store, "finder_networks"):
        coordinator = ref(row["coordinator"], row["coordinator_label"]) if row["coordinator"] else None
        text = " ".join(filter(None, (row["label"], row["description"])))
        networks[row["network"]] = Network(row["network"], row["label"], row["kind"], text, coordinator)
    for row in select(store, "network_places"):
        if row["network"] in networks:
            networks[row["network"]].places.append(place_ref(row["place"], row["label"]))
    for network in networks.values():
        network.places = _ordered_places(network.places)
    return networks


def _ties(store, place: str) -> dict[str, list[Tie]]:
    """Every actor's, service's, project's and network's ties to ``place``."""
    ties: dict[str, list[Tie]] = defaultdict(list)
    node = ox.NamedNode(place)
    for query, record in (("place_actors", "actor"), ("finder_service_places", "service"),
                          ("place_projects", "project"), ("place_networks", "network")):
        for row in select(store, query, place=node):
            ties[row[record]].append(Tie(row["scope"], row["via"], row["via_label"],
                                         row.get("relation") or "area_served"))
    return ties


def _named(vocabulary: Vocabulary, texts: dict[str, str]) -> dict[str, frozenset[str]]:
    return {iri: frozenset(match.concept.iri for match in vocabulary.match(text))
            for iri, text in texts.items()}


def build_library(store) -> Library:
    """Read the library from the store (a dozen SELECT queries)."""
    vocabulary = load_vocabulary(store)
    projects, networks = _projects(store), _networks(store)
    texts = {iri: p.label for iri, p in projects.items()} | {iri: n.text for iri, n in networks.items()}
    return Library(vocabulary, load_place_names(store), _actors(store), _services(store), projects, networks,
                   _named(vocabulary, texts), _project_places(projects))


def _project_places(projects: dict[str, Project]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for project in projects.values():
        for actor in project.parties:
            if project.roles_of(actor):
                found[actor].update(place["iri"] for place in project.places)
    return {actor: frozenset(places) for actor, places in found.items()}


def library(store) -> Library:
    """The library of ``store``'s current generation, read on first use and kept until the next."""
    return per_generation(store, "finder-library", lambda: build_library(store))


def gather(store, place: str | None) -> Evidence:
    """The library, and with ``place`` (an IRI) every record's ties to it."""
    return Evidence(store, library(store), _ties(store, place) if place else {})
