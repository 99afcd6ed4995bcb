"""A view payload as files for other tools: GEXF (Gephi), GraphML (Cytoscape, yEd) and an edge
list for spreadsheets.

Both graph formats carry flat attributes only, so lists are joined with `` | `` and nested
metrics become attributes of their own (``degree``, ``betweenness``, ...).
"""

from __future__ import annotations

import networkx as nx

__all__ = ["EDGE_COLUMNS", "edge_rows", "gexf", "graphml", "to_networkx"]

#: The columns of the CSV edge list, in order.
EDGE_COLUMNS = ["source_label", "target_label", "weight", "kinds", "amount", "activities", "documents",
                "source", "target"]


def _joined(items: list) -> str:
    return " | ".join(item["label"] if isinstance(item, dict) else str(item) for item in items)


def _flat(attributes: dict) -> dict:
    """Attributes GEXF and GraphML can hold: no None, no nesting, lists joined."""
    flat = {}
    for key, value in attributes.items():
        if value is None:
            continue
        if isinstance(value, dict):
            flat.update(_flat(value))
        elif isinstance(value, list):
            flat[key] = _joined(value)
        else:
            flat[key] = value
    return flat


def to_networkx(payload: dict) -> nx.Graph:
    """The payload as a networkx graph with flat attributes (directed for the funding flow)."""
    graph = nx.DiGraph() if payload["view"] == "funding" else nx.Graph()
    graph.graph.update({"view": payload["view"], "size_by": payload["size_by"]})
    graph.add_nodes_from((node["id"], _flat({key: value for key, value in node.items() if key != "id"}))
                         for node in payload["nodes"])
    graph.add_edges_from((edge["source"], edge["target"], _flat({key: value for key, value in edge.items()
                                                                  if key not in ("source", "target")}))
                         for edge in payload["edges"])
    return graph


def gexf(payload: dict) -> bytes:
    """The view as GEXF 1.2 (Gephi)."""
    return "\n".join(nx.generate_gexf(to_networkx(payload))).encode("utf-8")


def graphml(payload: dict) -> bytes:
    """The view as GraphML (Cytoscape, yEd, Gephi)."""
    return "\n".join(nx.generate_graphml(to_networkx(payload))).encode("utf-8")


def edge_rows(payload: dict) -> list[dict]:
    """One row per edge, with both ends' names, for :data:`EDGE_COLUMNS`."""
    names = {node["id"]: node["label"] for node in payload["nodes"]}
    return [{"source_label": names.get(edge["source"]), "target_label": names.get(edge["target"]),
             "weight": edge["weight"], "kinds": edge.get("kinds") or edge.get("role"),
             "amount": edge.get("amount"), "activities": _joined(edge.get("activities", [])),
             "documents": _joined(edge.get("documents", [])),
             "source": edge["source"], "target": edge["target"]}
            for edge in payload["edges"]]
