"""Network metrics over a collaboration graph: who is central, who brokers, which clusters form,
whose removal splits the network, and how two actors are connected.

Betweenness is exact up to :data:`EXACT_BETWEENNESS_LIMIT` nodes and estimated from
:data:`BETWEENNESS_SAMPLES` sampled sources above it (the summary says which). Louvain
communities and sampling use a fixed seed, so the same data always gives the same answer.
"""

from __future__ import annotations

from itertools import pairwise

import networkx as nx

from graph.errors import InvalidParameter, NotFoundError
from graph.swedish import sort_key

__all__ = [
    "BETWEENNESS_SAMPLES",
    "EXACT_BETWEENNESS_LIMIT",
    "SEED",
    "betweenness",
    "collaboration_path",
    "communities",
    "ego_network",
    "node_metrics",
]

SEED = 2020
EXACT_BETWEENNESS_LIMIT = 1000
BETWEENNESS_SAMPLES = 200


def betweenness(graph: nx.Graph) -> tuple[dict[str, float], str]:
    """Normalised betweenness of every node and how it was computed (``exact`` or ``sampled``)."""
    if graph.number_of_nodes() <= EXACT_BETWEENNESS_LIMIT:
        return nx.betweenness_centrality(graph), "exact"
    samples = BETWEENNESS_SAMPLES
    return nx.betweenness_centrality(graph, k=samples, seed=SEED), f"sampled ({samples} sources)"


def communities(graph: nx.Graph) -> dict[str, int]:
    """Louvain community of every node, numbered 1, 2, ... from the largest (ties by first name)."""
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    label = lambda node: sort_key(graph.nodes[node].get("label", node))  # noqa: E731
    ordered = sorted(found, key=lambda members: (-len(members), min(map(label, members))))
    return {node: number for number, members in enumerate(ordered, 1) for node in members}


def node_metrics(graph: nx.Graph) -> tuple[dict[str, dict], dict]:
    """Every node's metrics, and a summary of the whole graph.

    Returns:
        (node → {"degree", "weighted_degree", "betweenness", "community", "articulation_point"},
        {"nodes", "edges", "components", "density", "communities", "articulation_points",
        "betweenness"}), the last naming how betweenness was computed.
    """
    between, method = betweenness(graph)
    community = communities(graph)
    cut = set(nx.articulation_points(graph))
    weighted = dict(graph.degree(weight="weight"))
    metrics = {node: {"degree": degree, "weighted_degree": weighted[node],
                      "betweenness": round(between[node], 6), "community": community[node],
                      "articulation_point": node in cut}
               for node, degree in graph.degree()}
    summary = {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "components": nx.number_connected_components(graph) if graph else 0,
        "density": round(nx.density(graph), 6),
        "communities": len(set(community.values())),
        "articulation_points": len(cut),
        "betweenness": method,
    }
    return metrics, summary


def _name(graph: nx.Graph, actor: str) -> str:
    return graph.nodes[actor].get("label", actor) if actor in graph else actor


def _depth(depth: int) -> int:
    if depth not in (1, 2):
        raise InvalidParameter("depth", "an ego network reaches 1 or 2 steps out")
    return depth


def ego_network(graph: nx.Graph, actor: str, depth: int = 1) -> nx.Graph:
    """The actor, everyone within ``depth`` (1 or 2) collaboration steps, and the ties among them
    (a read-only view of ``graph``).

    Raises:
        NotFoundError: the actor is not in the graph.
        InvalidParameter: depth is not 1 or 2.
    """
    if actor not in graph:
        raise NotFoundError(f"{_name(graph, actor)} has no collaborations of these kinds")
    # A read-only view, not nx.ego_graph's copy: a hub's neighbourhood can hold thousands of ties.
    return graph.subgraph(nx.single_source_shortest_path_length(graph, actor, cutoff=_depth(depth)))


def collaboration_path(graph: nx.Graph, source: str, target: str) -> list[dict]:
    """The shortest chain of collaborations from ``source`` to ``target``.

    Returns:
        One step per tie: {"from", "to", "activities": {activity IRI: edge kind}}.

    Raises:
        NotFoundError: either actor is missing or the two are not connected.
    """
    for actor in (source, target):
        if actor not in graph:
            raise NotFoundError(f"{_name(graph, actor)} has no collaborations of these kinds")
    try:
        nodes = nx.shortest_path(graph, source, target)
    except nx.NetworkXNoPath:
        raise NotFoundError(f"{_name(graph, source)} and {_name(graph, target)} are not connected "
                            "by any collaboration") from None
    return [{"from": first, "to": second, "activities": graph.edges[first, second]["activities"]}
            for first, second in pairwise(nodes)]
