"""Export the dataset: N-Quads and TriG keep the named graphs; Turtle and JSON-LD give the
union of all graphs (the default graph queries see)."""

from __future__ import annotations

import pyoxigraph as ox

from graph.namespaces import PREFIXES
from graph.store import GraphStore

__all__ = ["FORMATS", "export"]

#: Export format name → (pyoxigraph format, keeps named graphs).
FORMATS = {
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "trig": (ox.RdfFormat.TRIG, True),
    "turtle": (ox.RdfFormat.TURTLE, False),
    "jsonld": (ox.RdfFormat.JSON_LD, False),
}

UNION = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def export(store: GraphStore, format_name: str, output) -> None:
    """Write the dataset in ``format_name`` to ``output`` (a path or a binary file)."""
    rdf_format, keeps_graphs = FORMATS[format_name]
    prefixes = PREFIXES if rdf_format is not ox.RdfFormat.N_QUADS else None
    if keeps_graphs:
        store.dump(output, rdf_format, prefixes=prefixes)
    else:
        triples = sorted(set(store.query(UNION)), key=str)
        ox.serialize(triples, output, rdf_format, prefixes=prefixes)
