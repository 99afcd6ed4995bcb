"""The changes the write API makes, each as a patch computed from the store under the lock.

- :func:`create`: a new actor, project or network, described as a data row would describe it;
- :func:`edit`: set some of a record's columns (the old values are removed wherever they are);
- :func:`add_link` / :func:`remove_link`: an actor joins or leaves a network or a project;
- :func:`retire`: a record is retired; its IRI stays, says so, and points to its successor;
- :func:`import_graph`: a source document's data becomes (or replaces) its named graph.

New statements go into the curation graph (an import's into the document's own graph), and
every record a change touches cites the change as a source.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
from rdflib import Literal, URIRef

from graph.build import ox_term
from graph.curation.commit import Patch, record_quads
from graph.curation.provenance import CURATION_GRAPH, ChangeRef
from graph.curation.records import LINKS, Kind, Link, field_triples, read_record, record_iri
from graph.errors import InvalidParameter, NotFoundError
from graph.named_queries import select
from graph.namespaces import AK, DCTERMS, EURIO, ORG, PROV, RDF, SKOS, entity, graph_iri
from graph.records import Triple

__all__ = ["add_link", "create", "edit", "import_graph", "remove_link", "retire"]

OWL_DEPRECATED = URIRef("http://www.w3.org/2002/07/owl#deprecated")
Make = Callable[[ChangeRef], Patch]


def _quads(triples, graph=CURATION_GRAPH) -> list[ox.Quad]:
    graph = ox.NamedNode(str(graph))
    return [ox.Quad(ox_term(s), ox_term(p), ox_term(o), graph) for s, p, o in triples]


def _cites(iri, change: ChangeRef) -> Triple:
    return URIRef(str(iri)), DCTERMS.source, URIRef(change.iri)


def exists(store, iri: str) -> bool:
    return bool(record_quads(store, iri))


def _require(store, kind: str, iri: str) -> None:
    if not select(store, "record_exists", record=ox.NamedNode(iri),
                  **{"class": ox.NamedNode(str(_CLASS[kind]))}):
        raise NotFoundError(f"no {kind} {iri.rsplit('/', 1)[-1]}")


def create(store, kind: Kind, body: dict) -> Make:
    """A new record of ``kind`` from ``body`` (its table's columns, ``key`` included).

    A project also takes ``owner``: the key (or list of keys) of the actors that own it, since
    every project must have one.
    """
    key = body.get("key")
    owners = body.pop("owner", None) if kind.name == "project" else None
    owners = [owners] if isinstance(owners, str) else owners

    def make(change: ChangeRef) -> Patch:
        record = read_record(kind.columns, body, change.key, allowed=_columns(kind) | {"key"})
        iri = record_iri(kind, record["key"])
        if exists(store, str(iri)):
            raise Conflict(f"{kind.name} {record['key']} exists already: edit it instead")
        triples = list(kind.triples(record))
        triples.append(_cites(iri, change))
        for owner in owners or []:
            party = read_record(LINKS["participant"].columns, {"actor": owner, "role": "projektagare"},
                                change.key, fixed={"project": record["key"]})
            triples += LINKS["participant"].triples(party)
        return Patch(added=_quads(triples), changed=[str(iri)])
    if owners is not None and not (isinstance(owners, list) and all(isinstance(o, str) for o in owners)):
        raise InvalidParameter("owner", "'owner' is an actor key or a list of actor keys")
    if not isinstance(key, str):
        raise InvalidParameter("key", "'key' is required: lower-case a–z, 0–9 and single '-'")
    return make


def edit(store, kind: Kind, key: str, body: dict) -> Make:
    """Set the columns ``body`` names on the record ``key``; every other statement stays."""
    iri = record_iri(kind, key)

    def make(change: ChangeRef) -> Patch:
        _require(store, kind.name, str(iri))
        if not body:
            raise InvalidParameter("body", f"name at least one field to change "
                                           f"({', '.join(sorted(kind.editable))})")
        record = read_record(kind.columns, body, change.key, partial=True, fixed={"key": key},
                             allowed=set(kind.editable))
        new = field_triples(kind, record, iri)
        predicates = {ox.NamedNode(str(kind.editable[name])) for name in body}
        subject = ox.NamedNode(str(iri))
        removed = [q for q in record_quads(store, str(iri))
                   if q.subject == subject and q.predicate in predicates]
        added = [t for name in body for t in new[name]] + [_cites(iri, change)]
        return Patch(removed=removed, added=_quads(added), changed=[str(iri)])
    return make


def add_link(store, link: Link, owner_key: str, body: dict) -> Make:
    """``body["actor"]`` joins the project or network ``owner_key`` (with ``role``)."""
    owner = entity(link.owner, owner_key)

    def make(change: ChangeRef) -> Patch:
        _require(store, link.owner, str(owner))
        record = read_record(link.columns, body, change.key, fixed={link.owner: owner_key},
                             allowed={"actor", "role", "note"} & {c.name for c in link.columns})
        _require(store, "actor", str(entity("actor", record["actor"])))
        triples = list(link.triples(record))
        if exists(store, str(triples[0][0])):  # the membership's or participation's own node
            raise Conflict(f"{record['actor']} is already {_role_phrase(link)} {owner_key} in that role")
        return Patch(added=_quads(triples + [_cites(owner, change)]), changed=[str(owner)])
    return make


def remove_link(store, link: Link, owner_key: str, actor_key: str) -> Make:
    """``actor_key`` leaves the project or network ``owner_key`` (every role it had there)."""
    owner = entity(link.owner, owner_key)
    part = "member" if link.name == "membership" else "party"
    prefix = f"{owner}/{part}/{actor_key}/"

    def make(change: ChangeRef) -> Patch:
        _require(store, link.owner, str(owner))
        removed = [q for q in record_quads(store, str(owner))
                   if q.subject.value.startswith(prefix) or q.object.value.startswith(prefix)]
        if not removed:
            raise NotFoundError(f"{actor_key} is not {_role_phrase(link)} {owner_key}")
        return Patch(removed=removed, added=_quads([_cites(owner, change)]), changed=[str(owner)])
    return make


def retire(store, kind: Kind, key: str, successor: str | None) -> Make:
    """Retire ``key``: it stays, marked ``owl:deprecated``, replaced by ``successor`` if given."""
    iri = record_iri(kind, key)

    def make(change: ChangeRef) -> Patch:
        _require(store, kind.name, str(iri))
        triples = [(iri, OWL_DEPRECATED, Literal(True)), _cites(iri, change)]
        if successor is not None:
            if successor == key:
                raise InvalidParameter("successor", "a record cannot succeed itself")
            following = record_iri(kind, successor)
            _require(store, kind.name, str(following))
            triples.append((iri, DCTERMS.isReplacedBy, following))
        return Patch(added=_quads(triples), changed=[str(iri)])
    return make


def import_graph(store, document: str, title: str, quads: list[ox.Quad]) -> Make:
    """The source document ``document``'s data, as its named graph (replacing what it held).

    ``quads`` are the uploaded statements; they go into the document's graph whatever graph
    they came in, and the graph and the document are described as the bundled ones are.
    """
    graph = graph_iri(document)

    def make(change: ChangeRef) -> Patch:
        node = ox.NamedNode(str(graph))
        removed = list(store.quads(str(graph)))
        doc = entity("document", document)
        described = [
            (doc, RDF.type, AK.SourceDocument),
            (doc, RDF.type, PROV.Entity),
            (doc, DCTERMS.title, Literal(title, lang="sv")),
            (doc, SKOS.prefLabel, Literal(title, lang="sv")),
            (doc, DCTERMS.identifier, Literal(document)),
            (doc, DCTERMS.source, URIRef(change.iri)),
            (graph, RDF.type, PROV.Entity),
            (graph, DCTERMS.title, Literal(title, lang="sv")),
            (graph, PROV.wasDerivedFrom, doc),
            (graph, DCTERMS.source, doc),
        ]
        added = [ox.Quad(q.subject, q.predicate, q.object, node) for q in quads]
        return Patch(removed=removed, added=added + _quads(described, graph), changed=[str(graph)])
    return make


class Conflict(Exception):
    """The change contradicts the data as it is (HTTP 409): the record exists already."""


def _columns(kind: Kind) -> set[str]:
    return {c.name for c in kind.columns} - {"locator"}


def _role_phrase(link: Link) -> str:
    return "a member of" if link.name == "membership" else "a participant in"


_CLASS = {"actor": ORG.Organization, "project": EURIO.Project, "network": ORG.OrganizationalCollaboration}
