"""Source documents: what a document is, who published it, where the original is, and what the
graph holds from it (how many actors, projects, networks, ... cite it, and its sections).

A source document (``ak:SourceDocument``) is one of the five public documents in ``data/``, or
the service's own: the reference places, the vocabulary, the curators' change log.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from graph.named_queries import select
from graph.namespaces import AK, BASE, graph_iri, local_path
from graph.resources.common import iri_of, ref, require
from graph.swedish import sort_key

__all__ = ["COUNTED", "document", "section_order"]

#: The kinds of record a document's page counts, in the order it lists them: class → key.
COUNTED = {
    "http://www.w3.org/ns/org#Organization": "actors",
    "http://data.europa.eu/s66#Project": "projects",
    "http://www.w3.org/ns/org#OrganizationalCollaboration": "networks",
    "https://schema.org/Service": "services",
    "http://data.europa.eu/s66#FundingScheme": "funding_schemes",
    "http://data.europa.eu/s66#Grant": "grants",
    "https://aktorskartan.se/ns#Indicator": "indicators",
    "https://aktorskartan.se/ns#Activity": "activities",
    "http://www.w3.org/2004/02/skos/core#Concept": "concepts",
}


def document(store, key: str) -> dict:
    """Everything a person needs to know about the source document ``key``.

    Returns:
        ``{"iri", "path", "key", "title", "kind", "description", "issued", "sha256", "url",
        "license", "publishers", "counts", "sections", "graph"}``; ``counts`` maps each kind
        of :data:`COUNTED` to how many records of it cite the document; ``graph`` is the path
        of the document's named graph (``/graph/<key>``), or None where it has none.

    Raises:
        NotFoundError: no source document has this key.
    """
    iri = iri_of("document", key)
    require(store, iri, str(AK.SourceDocument), "source document")
    row = select(store, "document_record", document=iri)[0]
    counts = {name: 0 for name in COUNTED.values()}
    for found in select(store, "document_counts", document=iri):
        counts[COUNTED[found["class"]]] = int(found["count"])
    return {
        "iri": iri.value, "path": local_path(iri.value), "key": key, "title": row["title"],
        "kind": row["kind"], "description": row["description"], "issued": row["issued"],
        "sha256": row["sha256"], "url": row["url"], "license": row["license"],
        "publishers": _publishers(store, iri), "counts": counts, "sections": _sections(store, iri),
        "graph": _graph(store, key),
    }


def _publishers(store, iri: ox.NamedNode) -> list[dict]:
    """Who published it: actors as references, a publisher named only in words as a label."""
    found = []
    for row in select(store, "dataset_documents", document=iri):
        if row["publisher"] is None:
            continue
        if row["publisherIsIri"] == "true":
            found.append(ref(row["publisher"], row["publisherLabel"]))
        else:
            found.append({"iri": None, "path": None, "label": row["publisher"]})
    return sorted(found, key=lambda item: sort_key(item["label"]))


def _sections(store, iri: ox.NamedNode) -> list[dict]:
    rows = select(store, "document_sections", document=iri)
    sections = [ref(row["locator"], row["label"], page=row["page"], records=int(row["records"]))
                for row in rows]
    return sorted(sections, key=lambda item: section_order(item["label"]))


def section_order(label: str) -> tuple:
    """Sections as a reader counts them: "Tabell 2" before "Tabell 10".

    >>> sorted(["Tabell 10. B", "Tabell 2. A", "Bilaga 1"], key=section_order)
    ['Bilaga 1', 'Tabell 2. A', 'Tabell 10. B']
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, sort_key(part)[0])
                 for part in re.split(r"(\d+)", label) if part)


def _graph(store, key: str) -> str | None:
    graph = str(graph_iri(key))
    names = {name.value for name in store.named_graphs()}
    return f"/graph/{key}" if graph in names and graph.startswith(BASE) else None
