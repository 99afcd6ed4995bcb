"""Counts that tell what the store holds: per class, per source document, and the warnings."""

from __future__ import annotations

from collections import defaultdict

from graph.named_queries import select
from graph.namespaces import PREFIXES

__all__ = ["curie", "stats"]


def curie(iri: str) -> str:
    """A compact name for an IRI, using the contract's prefixes.

    >>> curie("http://www.w3.org/ns/org#Organization")
    'org:Organization'
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def stats(store) -> dict:
    """Counts per class, per named graph (triples and the classes its records source) and the
    data warnings, as plain data."""
    classes = {curie(row["class"]): int(row["count"]) for row in select(store, "class_counts")}
    graphs = {
        row["graph"]: {"title": row["title"], "triples": int(row["triples"]), "classes": {}}
        for row in select(store, "graph_sizes")
    }
    per_graph = defaultdict(dict)
    for row in select(store, "source_counts"):
        per_graph[row["graph"]][curie(row["class"])] = int(row["count"])
    for graph, counts in per_graph.items():
        graphs[graph]["classes"] = counts
    warnings = select(store, "warnings")
    return {"triples": len(store), "classes": classes, "graphs": graphs, "warnings": warnings}
