"""The records the finder weighs, read from the store with named queries: actors (with their
places, parents and groups), services, projects (with parties, places, strategy areas and the
text of their descriptions and activities) and networks (with members).

Every record keeps its IRI, so that a reason can cite the record's own sources.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from graph.finder.timing import state_on
from graph.named_queries import select
from graph.namespaces import concept
from graph.network.model import boundary
from graph.resources.common import by_label, ref
from graph.resources.place import KIND_RANK, place_ref
from graph.swedish import sort_key

__all__ = ["GROUP_TYPE", "OWNER_ROLES", "PASSIVE_ROLES", "Actor", "Network", "Project", "Service",
           "read_actors",
           "read_networks", "read_projects", "read_services"]

#: Roles in a project that do not make an actor one who does the work: the project's target
#: group, a source of learning, a decision maker, a funder.
PASSIVE_ROLES = frozenset(str(concept("roll", key)) for key in (
    "malgruppsaktor", "kunskapskalla", "beslutsfattare", "finansiar", "medfinansiar"))
#: Roles that own or lead the work.
OWNER_ROLES = frozenset(str(concept("roll", key)) for key in (
    "projektagare", "ansvarig", "delagare", "projektledare", "samordnare"))
_FACETS = {"service_types": "types", "audiences": "audiences", "stages": "stages", "areas": "areas"}
_PROJECT_FACETS = {"http://purl.org/dc/terms/audience": "audiences",
                   "https://aktorskartan.se/ns#stage": "stages",
                   "http://purl.org/dc/terms/subject": "subjects"}
_RELATIONS = {"parent": "parents", "unit_of": "unit_of", "member_of": "groups"}
#: The actor type of a group of actors (no single one to contact).
GROUP_TYPE = "aktorsgrupp"


@dataclass
class Actor:
    iri: str
    label: str
    type: dict | None
    places: set[str] = field(default_factory=set)
    #: The organisations it is a subsidiary of (a regional company of a national one).
    parents: set[str] = field(default_factory=set)
    #: The organisations it is a unit of (a department of a region).
    unit_of: set[str] = field(default_factory=set)
    #: The actor groups ("Sörmlands fyra Nyföretagarcentrum") it is one of.
    groups: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    @property
    def type_key(self) -> str | None:
        return self.type["iri"].rsplit("/", 1)[-1] if self.type else None

    @property
    def is_group(self) -> bool:
        return self.type_key == GROUP_TYPE


@dataclass
class Service:
    iri: str
    label: str
    provider: str
    description: str = ""
    types: set[str] = field(default_factory=set)
    audiences: set[str] = field(default_factory=set)
    stages: set[str] = field(default_factory=set)
    areas: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        return f"{self.label}. {self.description}"


@dataclass
class Project:
    iri: str
    label: str
    status: str | None
    start: str | None
    end: str | None
    description: str = ""
    audiences: set[str] = field(default_factory=set)
    stages: set[str] = field(default_factory=set)
    subjects: set[str] = field(default_factory=set)
    places: list[dict] = field(default_factory=list)
    parties: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    activities: list[str] = field(default_factory=list)

    #: The IRIs of its places, and the actors that do its work with their roles and whether they
    #: lead it (set by :meth:`index`, once the project is read).
    place_iris: frozenset[str] = frozenset()
    doers: dict[str, tuple[list[dict], bool]] = field(default_factory=dict)
    first_day: date | None = None
    last_day: date | None = None
    #: Its name as Swedish order sorts it.
    order: tuple = ()

    def index(self) -> None:
        """Keep what every question looks up: its places' IRIs, who does its work, its days."""
        self.place_iris = frozenset(place["iri"] for place in self.places)
        self.doers = {actor: (self.roles_of(actor), self.leads(actor)) for actor in self.parties
                      if self.roles_of(actor)}
        self.first_day, self.last_day = boundary(self.start), boundary(self.end, last=True)
        self.order = sort_key(self.label)

    def merge(self, other: Project) -> None:
        """Take in what another printing of the same insats says of it."""
        self.description = " ".join(filter(None, (self.description, other.description)))
        self.audiences |= other.audiences
        self.stages |= other.stages
        self.subjects |= other.subjects
        new_places = [place for place in other.places if place["iri"] not in self.place_iris]
        self.places = ordered_places([*self.places, *new_places])
        for actor, roles in other.parties.items():
            known = {role["iri"] for role in self.parties[actor]}
            self.parties[actor] += [role for role in roles if role["iri"] not in known]
        self.activities = sorted({*self.activities, *other.activities})
        self.index()

    def state(self, today: date) -> str:
        """Running, upcoming, ended, proposed or unknown on ``today`` (:mod:`graph.finder.timing`)."""
        return state_on(self.status, self.first_day, self.last_day, today)

    @property
    def text(self) -> str:
        return ". ".join([self.label, self.label, self.description, *self.activities])

    def roles_of(self, actor: str) -> list[dict]:
        """The actor's roles in the project that do the work (see :data:`PASSIVE_ROLES`)."""
        return [role for role in self.parties.get(actor, ()) if role["iri"] not in PASSIVE_ROLES]

    def leads(self, actor: str) -> bool:
        return any(role["iri"] in OWNER_ROLES for role in self.parties.get(actor, ()))


@dataclass
class Network:
    iri: str
    label: str
    kind: str | None
    description: str
    coordinator: dict | None
    places: list[dict] = field(default_factory=list)
    subjects: set[str] = field(default_factory=set)
    members: set[str] = field(default_factory=set)

    place_iris: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        return f"{self.label}. {self.description}"


def read_actors(store) -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    for row in select(store, "actors_list"):
        kind = ref(row["type"], row["type_label"], label_en=row["type_label_en"]) if row["type"] else None
        actor = actors.setdefault(row["actor"], Actor(row["actor"], row["label"], kind))
        if row["place"]:
            actor.places.add(row["place"])
    for row in select(store, "finder_actor_relations"):
        if row["actor"] in actors and row["other"] in actors:
            getattr(actors[row["actor"]], _RELATIONS[row["relation"]]).add(row["other"])
    return actors


def read_services(store) -> dict[str, Service]:
    services = {row["service"]: Service(row["service"], row["label"] or row["service"], row["actor"],
                                        row["description"] or "")
                for row in select(store, "actor_services")}
    for row in select(store, "actor_service_facets"):
        getattr(services[row["service"]], _FACETS[row["facet"]]).add(row["value"])
    return services


def read_projects(store, place_labels: dict[str, str]) -> dict[str, Project]:
    """Every project with its facets, places, parties and activities (lean queries: a national
    dataset has fifty thousand projects and three rows of parties for each)."""
    projects = {row["project"]: Project(row["project"], row["label"], row["status"], row["start"], row["end"],
                                        row["description"] or "")
                for row in select(store, "finder_projects")}
    for row in select(store, "finder_project_facets"):
        getattr(projects[row["project"]], _PROJECT_FACETS[row["property"]]).add(row["concept"])
    for row in select(store, "finder_project_places"):
        projects[row["project"]].places.append(place_ref(row["place"], place_labels.get(row["place"])))
    roles = {row["role"]: ref(row["role"], row["label"], label_en=row["label_en"])
             for row in select(store, "finder_roles")}
    for row in select(store, "finder_project_parties"):
        role = roles.get(row["role"]) or ref(row["role"], None)
        projects[row["project"]].parties[row["actor"]].append(role)
    for row in select(store, "project_activities"):
        if row["project"] in projects:
            projects[row["project"]].activities.append(f"{row['label']}. {row['description'] or ''}")
    for project in projects.values():
        project.places = ordered_places(project.places)
        project.activities.sort()
        project.index()
    return projects


def ordered_places(places: list[dict]) -> list[dict]:
    """Places largest first, then by name."""
    return sorted(by_label(places), key=lambda p: -KIND_RANK[p["kind"]])


def read_networks(store, place_labels: dict[str, str]) -> dict[str, Network]:
    networks = {}
    for row in select(store, "finder_networks"):
        coordinator = ref(row["coordinator"], row["coordinator_label"]) if row["coordinator"] else None
        networks[row["network"]] = Network(row["network"], row["label"], row["kind"],
                                           row["description"] or "", coordinator)
    for row in select(store, "finder_network_facets"):
        network = networks.get(row["network"])
        if network and row["property"].endswith("/spatial"):
            network.places.append(place_ref(row["value"], place_labels.get(row["value"])))
        elif network:
            network.subjects.add(row["value"])
    for row in select(store, "projection_memberships"):
        if row["activity"] in networks:
            networks[row["activity"]].members.add(row["actor"])
    for network in networks.values():
        network.places = ordered_places(network.places)
        network.place_iris = frozenset(place["iri"] for place in network.places)
    return networks
