"""The provenance graph: one record per change, saying who, when, what and why.

A change is also a locator (a source): the facts it added cite it with ``dct:source``, so a
record's page lists "Ändring 2026-11-23 av anna: ny webbadress" among its sources, beside the
documents, and the change is part of the source document "Ändringar i Aktörskartan". What the
change removed and added is kept with it as N-Quads, so every edit can be read back.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox

from graph.curation.tokens import Holder
from graph.named_queries import select
from graph.namespaces import AK, DCTERMS, PROV, RDF, SKOS, XSD, entity, graph_iri

__all__ = ["CURATION_DOCUMENT", "CURATION_GRAPH", "PROVENANCE_GRAPH", "ChangeRef", "changes",
           "last_change", "new_change", "record_triples"]

#: Where curated facts are kept, and where the change records are.
CURATION_GRAPH = graph_iri("curation")
PROVENANCE_GRAPH = graph_iri("provenance")
CURATION_DOCUMENT = entity("document", "curation")
#: What the change records' document is called (sv) on pages that cite it.
DOCUMENT_TITLE = "Ändringar i Aktörskartan"


@dataclass(frozen=True)
class ChangeRef:
    """A change being made: its key (the locator key of what it adds), IRI and time."""

    key: str
    time: datetime

    @property
    def iri(self) -> str:
        return str(entity("document", f"curation/{self.key}"))

    @property
    def stamp(self) -> str:
        """The time as xsd:dateTime in UTC (``2026-11-23T09:32:56Z``)."""
        return self.time.strftime("%Y-%m-%dT%H:%M:%SZ")


def new_change() -> ChangeRef:
    """A change made now, with a key that sorts by time and is unique."""
    now = datetime.now(UTC).replace(microsecond=0)
    return ChangeRef(f"{now:%Y%m%dt%H%M%S}z-{secrets.token_hex(4)}", now)


def _node(iri) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def record_triples(change: ChangeRef, holder: Holder, action: str, changed: list[str], reason: str,
                   removed: list[ox.Quad], added: list[ox.Quad], keep_patch: bool) -> list[ox.Quad]:
    """The change record, the curator, and the graphs' own descriptions, in their graphs.

    Args:
        changed: the records (or the graph) the change is about.
        keep_patch: keep what was removed and added as N-Quads (for record edits; an import's
            graph is itself what it added).
    """
    iri, graph = _node(change.iri), _node(PROVENANCE_GRAPH)
    agent = _node(entity("curator", holder.name))
    document = _node(CURATION_DOCUMENT)
    label = f"Ändring {change.time:%Y-%m-%d %H:%M} av {holder.name}: {reason}"
    triples = [
        (iri, _node(RDF.type), _node(AK.Change)),
        (iri, _node(RDF.type), _node(AK.Locator)),
        (iri, _node(RDF.type), _node(PROV.Activity)),
        (iri, _node(SKOS.prefLabel), ox.Literal(label, language="sv")),
        (iri, _node(DCTERMS.isPartOf), document),
        (iri, _node(PROV.wasAssociatedWith), agent),
        (iri, _node(PROV.endedAtTime), ox.Literal(change.stamp, datatype=_node(XSD.dateTime))),
        (iri, _node(AK.action), ox.Literal(action)),
        (iri, _node(AK.reason), ox.Literal(reason)),
        (iri, _node(AK.addedCount), ox.Literal(str(len(added)), datatype=_node(XSD.integer))),
        (iri, _node(AK.removedCount), ox.Literal(str(len(removed)), datatype=_node(XSD.integer))),
        (agent, _node(RDF.type), _node(PROV.Agent)),
        (agent, _node(SKOS.prefLabel), ox.Literal(holder.name)),
        (document, _node(RDF.type), _node(AK.SourceDocument)),
        (document, _node(RDF.type), _node(PROV.Entity)),
        (document, _node(DCTERMS.title), ox.Literal(DOCUMENT_TITLE, language="sv")),
        (document, _node(SKOS.prefLabel), ox.Literal(DOCUMENT_TITLE, language="sv")),
        (document, _node(DCTERMS.identifier), ox.Literal("curation")),
    ]
    triples += [(iri, _node(AK.changed), _node(item)) for item in changed]
    if keep_patch:
        triples.append((iri, _node(AK.removedQuads), ox.Literal(_nquads(removed))))
        triples.append((iri, _node(AK.addedQuads), ox.Literal(_nquads(added))))
    quads = [ox.Quad(s, p, o, graph) for s, p, o in triples]
    for described, title in ((PROVENANCE_GRAPH, "Ändringslogg: vem ändrade vad, när och varför"),
                             (CURATION_GRAPH, "Uppgifter ändrade eller tillagda av kuratorer")):
        node = _node(described)
        quads += [ox.Quad(node, _node(RDF.type), _node(PROV.Entity), node),
                  ox.Quad(node, _node(DCTERMS.title), ox.Literal(title, language="sv"), node),
                  ox.Quad(node, _node(PROV.wasDerivedFrom), document, node),
                  ox.Quad(node, _node(DCTERMS.source), document, node)]
    return quads


def _nquads(quads: list[ox.Quad]) -> str:
    return ox.serialize(sorted(quads, key=str), format=ox.RdfFormat.N_QUADS).decode()


def changes(store, record: str | None = None, limit: int | None = None) -> list[dict]:
    """The change log, newest first (one record's changes if ``record`` is given)."""
    bindings = {"entity": ox.NamedNode(record)} if record else {}
    by_change: dict[str, dict] = {}
    for row in select(store, "curation_changes", **bindings):
        item = by_change.setdefault(row["change"], {
            "iri": row["change"], "time": row["time"], "curator": row["agent_label"],
            "action": row["action"], "reason": row["reason"], "records": [],
            "added": int(row["added"]), "removed": int(row["removed"])})
        item["records"].append(row["entity"])
    found = sorted(by_change.values(), key=lambda item: (item["time"], item["iri"]), reverse=True)
    return found[:limit] if limit else found


def last_change(store, record: str) -> dict | None:
    """The newest change to ``record`` ("senast ändrad"), or None if no curator changed it."""
    found = changes(store, record, limit=1)
    return found[0] if found else None
