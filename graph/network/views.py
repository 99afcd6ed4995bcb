"""One payload per network view: nodes, edges, metrics and what the view was narrowed to.

A payload is plain data; JSON, GEXF, GraphML, CSV and the vis-network picture are renderings
of it (:mod:`graph.network.exports`, :mod:`graph.network.drawing`).

Metrics come from the snapshot computed at load (``"metrics_scope": "ecosystem"``) wherever
the view shows the unfiltered network or a part of it; a filtered view computes them on its
own, smaller graph (``"metrics_scope": "view"``). A graph with more nodes than ``limit`` is
cut to the ``limit`` nodes ranked highest by the size metric (the payload's ``capped`` says
so), or collapsed into its communities.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import replace

import networkx as nx

from graph.errors import InvalidParameter, NotFoundError
from graph.network import reading
from graph.network.metrics import collaboration_path, communities, ego_network, node_metrics
from graph.network.model import EVERYTHING, Filters, place_kind
from graph.network.projection import actor_node, bipartite, collaboration, funding_flow, membership
from graph.network.snapshot import Snapshot
from graph.resources.common import ref
from graph.swedish import sort_key

__all__ = [
    "DEFAULT_LIMIT",
    "SIZE_METRICS",
    "ecosystem_view",
    "ego_view",
    "funding_view",
    "path_view",
    "place_view",
    "projection_view",
    "strategy_view",
]

#: Nodes a view draws at most unless asked for fewer; browsers stay responsive below this.
DEFAULT_LIMIT = 400
MAX_LIMIT = 5000
#: Ties a view draws at most per node it draws (the heaviest are kept).
EDGES_PER_NODE = 10
#: Shared projects and networks an edge lists at most (``activity_count`` has them all).
ACTIVITIES_PER_EDGE = 50
#: Metrics a view can size its nodes by.
SIZE_METRICS = ("degree", "weighted_degree", "betweenness")


def _check(size_by: str, limit: int) -> None:
    if size_by not in SIZE_METRICS:
        raise InvalidParameter("size", f"size nodes by one of {', '.join(SIZE_METRICS)}")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidParameter("limit", f"a view draws between 1 and {MAX_LIMIT} nodes")


def ecosystem_view(snap: Snapshot, filters: Filters = EVERYTHING, size_by: str = "degree",
                   limit: int = DEFAULT_LIMIT, collapse: bool = False) -> dict:
    """The whole collaboration network, or the part a filter keeps."""
    _check(size_by, limit)
    graph = snap.ecosystem if filters.is_default else collaboration(snap.model, filters)
    payload = _actor_payload(snap, "ecosystem", graph, filters, size_by, limit, collapse)
    payload["reading"] = reading.collaboration(snap.model, graph, _taking_part(snap, filters, graph))
    return payload


def ego_view(snap: Snapshot, actor: str, depth: int = 1, filters: Filters = EVERYTHING,
             size_by: str = "degree", limit: int = DEFAULT_LIMIT) -> dict:
    """An actor, the actors within ``depth`` steps of it and the ties among them."""
    _check(size_by, limit)
    _require_actor(snap, actor)
    graph = snap.ecosystem if filters.is_default else collaboration(snap.model, filters)
    if actor not in graph:
        graph = nx.Graph()
        graph.add_node(actor, **actor_node(snap.model, actor)[1], projects=0, networks=0)
    ego = ego_network(graph, actor, depth)
    payload = _actor_payload(snap, "ego", ego, filters, size_by, limit, False, focus=[actor],
                             ecosystem_metrics=filters.is_default)
    payload["depth"] = depth
    payload["reading"] = reading.ego(snap.model, ego, actor, depth)
    return payload


def place_view(snap: Snapshot, place: str, filters: Filters = EVERYTHING, size_by: str = "degree",
               limit: int = DEFAULT_LIMIT, collapse: bool = False) -> dict:
    """Collaboration in the activities located in a place (or within it): every actor taking part
    in them, and the actors located in or serving the place.

    A kommun's view also takes the activities located in the delregion and the län it lies in
    (``place.enclosing`` names them): a kommun's own projects are few, and its actors meet in
    the delregion's and the län's.
    """
    _check(size_by, limit)
    enclosing = snap.model.enclosing(place)
    filters = replace(filters, place=place, also_in=frozenset(enclosing))
    graph = collaboration(snap.model, filters, actors=snap.model.actors_in(place), every_party=True)
    payload = _actor_payload(snap, "place", graph, filters, size_by, limit, collapse, focus=[])
    payload["place"] = {**_place_ref(snap, place), "kind": place_kind(place),
                        "enclosing": [_place_ref(snap, area) for area in enclosing]}
    payload["reading"] = reading.collaboration(snap.model, graph, _taking_part(snap, filters, graph),
                                               _place_scope(payload["place"]))
    return payload


def strategy_view(snap: Snapshot, concept: str, filters: Filters = EVERYTHING, size_by: str = "degree",
                  limit: int = DEFAULT_LIMIT, collapse: bool = False) -> dict:
    """Collaboration in the activities working on a strategy area (or a narrower one): every actor
    taking part in them."""
    _check(size_by, limit)
    filters = replace(filters, strategy=concept)
    graph = collaboration(snap.model, filters, every_party=True)
    payload = _actor_payload(snap, "strategy", graph, filters, size_by, limit, collapse, focus=[])
    row = snap.model.labels.get(concept, {})
    scope = {"sv": row.get("label", concept), "en": row.get("label_en") or row.get("label", concept),
             "names": [] if row.get("label_en") else [row.get("label", concept)]}
    payload["reading"] = reading.collaboration(snap.model, graph, _taking_part(snap, filters, graph), scope)
    return payload


def path_view(snap: Snapshot, source: str, target: str, filters: Filters = EVERYTHING) -> dict:
    """How two actors are connected: the shortest chain of collaborations and what each tie is."""
    for actor in (source, target):
        _require_actor(snap, actor)
    graph = snap.ecosystem if filters.is_default else collaboration(snap.model, filters)
    for actor in (source, target):
        if actor not in graph:
            raise NotFoundError(f"{snap.model.label(actor)} has no collaborations of these kinds")
    steps = collaboration_path(graph, source, target)
    chain = graph.subgraph([source] + [step["to"] for step in steps]).copy()
    chain.remove_edges_from([edge for edge in list(chain.edges)
                             if not any({edge[0], edge[1]} == {s["from"], s["to"]} for s in steps)])
    payload = _actor_payload(snap, "path", chain, filters, "degree", MAX_LIMIT, False,
                             focus=[source, target], ecosystem_metrics=filters.is_default)
    payload["steps"] = [{"from": _actor_ref(snap, step["from"]), "to": _actor_ref(snap, step["to"]),
                         "activities": _activity_refs(snap, step["activities"])} for step in steps]
    payload["reading"] = reading.path(chain, [source] + [step["to"] for step in steps],
                                      len(steps[0]["activities"]) if steps else 0)
    return payload


def funding_view(snap: Snapshot, filters: Filters = EVERYTHING, limit: int = DEFAULT_LIMIT) -> dict:
    """Where the money goes: scheme → funder → disburser → project → owner, edges weighted in SEK."""
    _check("degree", limit)
    graph = funding_flow(snap.model, filters)
    metrics = {node: {"amount": max(graph.in_degree(node, weight="amount"),
                                    graph.out_degree(node, weight="amount")),
                      "degree": graph.degree(node)} for node in graph}
    total = sum(data["amount"] for _, target, data in graph.edges(data=True)
                if graph.nodes[target]["kind"] == "project")
    shown, capped = _capped(graph, metrics, "amount", limit)
    edges = [{**_edge_ends(source, target), "weight": data["amount"], "amount": data["amount"],
              "grants": data["grants"], "documents": _document_refs(snap, data["documents"])}
             for source, target, data in shown.edges(data=True)]
    summary = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "amount": total}
    payload = _payload("funding", filters, _nodes(snap, shown, metrics), edges, summary, "view", "amount",
                       capped=capped)
    payload["reading"] = reading.funding(graph, total, _unpriced_grants(snap, filters))
    return payload


def projection_view(snap: Snapshot, which: str, filters: Filters = EVERYTHING,
                    limit: int = DEFAULT_LIMIT) -> dict:
    """Actors and what they take part in: ``projects`` (projects and networks) or ``membership``."""
    _check("degree", limit)
    graph = bipartite(snap.model, filters) if which == "projects" else membership(snap.model, filters)
    metrics = {node: {"degree": degree} for node, degree in graph.degree()}
    shown, capped = _capped(graph, metrics, "degree", limit)
    edges = [{**_edge_ends(*_actor_first(shown, first, second)), "weight": 1, "role": data["role"],
              "roles": data["roles"], "documents": _document_refs(snap, data["documents"])}
             for first, second, data in shown.edges(data=True)]
    summary = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
               "actors": sum(1 for _, kind in graph.nodes(data="kind") if kind == "actor")}
    payload = _payload(which, filters, _nodes(snap, shown, metrics), edges, summary, "view", "degree",
                       capped=capped)
    payload["reading"] = reading.projection(graph, which)
    return payload


def _actor_first(graph: nx.Graph, first: str, second: str) -> tuple[str, str]:
    return (first, second) if graph.nodes[first]["kind"] == "actor" else (second, first)


# --- what the readings count ---------------------------------------------------------------

def _taking_part(snap: Snapshot, filters: Filters, graph: nx.Graph) -> list[str]:
    """The view's projects and networks that an actor in its graph takes part in."""
    if graph is snap.ecosystem:  # computed once per generation
        return snap.ecosystem_activities
    return snap.model.taking_part(filters, graph)


def _unpriced_grants(snap: Snapshot, filters: Filters) -> int:
    """Grants to the view's projects whose source prints no amount."""
    kept = set(snap.model.in_scope(filters))
    return len({grant["grant"] for grant in snap.model.rows.grants
                if grant["activity"] in kept and not grant["amount"]})


def _place_ref(snap: Snapshot, place: str) -> dict:
    return ref(place, snap.model.label(place))


def _place_scope(place: dict) -> dict[str, str]:
    """What a place view covers, as its reading says it: the place, and where a kommun lies."""
    if not place["enclosing"]:
        return {"sv": place["label"], "en": place["label"], "names": [place["label"]]}
    names = [area["label"] for area in place["enclosing"]]
    return {"sv": f"{place['label']} med {reading.named_list(names, 'sv')}, där kommunen ligger",
            "en": f"{place['label']} with {reading.named_list(names, 'en')}, which it lies in",
            "names": [place["label"], *names]}


# --- building payloads -------------------------------------------------------------------

def _require_actor(snap: Snapshot, actor: str) -> None:
    if actor not in snap.model.actors:
        raise NotFoundError(f"no actor {actor}")


def _actor_payload(snap: Snapshot, view: str, graph: nx.Graph, filters: Filters, size_by: str,
                   limit: int, collapse: bool, focus: list[str] = (), ecosystem_metrics: bool | None = None
                   ) -> dict:
    if ecosystem_metrics is None:
        ecosystem_metrics = filters.is_default
    if ecosystem_metrics:
        metrics, summary = snap.metrics, _subgraph_summary(graph, snap.summary)
    else:
        metrics, summary = node_metrics(graph)
    if collapse:
        return _payload(view, filters, *_collapsed(graph, metrics), summary,
                        "ecosystem" if ecosystem_metrics else "view", size_by, focus, collapsed=True)
    shown, capped = _capped(graph, metrics, size_by, limit, focus)
    ties, edges_capped = _heaviest(shown, limit * EDGES_PER_NODE)
    edges = [{**_edge_ends(first, second), "weight": data["weight"], "kinds": data["kinds"],
              "activity_count": len(data["activities"]),
              "activities": _activity_refs(snap, data["activities"])[:ACTIVITIES_PER_EDGE],
              "documents": _document_refs(snap, data["documents"])}
             for first, second, data in ties]
    payload = _payload(view, filters, _nodes(snap, shown, metrics), edges, summary,
                       "ecosystem" if ecosystem_metrics else "view", size_by, focus, capped=capped)
    payload["edges_capped"] = edges_capped
    return payload


def _heaviest(graph: nx.Graph, most: int) -> tuple[list[tuple], dict | None]:
    """The graph's edges, or its ``most`` heaviest if it has more (and what was cut)."""
    ties = list(graph.edges(data=True))
    if len(ties) <= most:
        return ties, None
    return heapq.nlargest(most, ties, key=lambda tie: tie[2]["weight"]), {"shown": most, "total": len(ties)}


def _subgraph_summary(graph: nx.Graph, ecosystem: dict) -> dict:
    return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
            "ecosystem": ecosystem}


def _capped(graph: nx.Graph, metrics: dict, size_by: str, limit: int,
            focus=()) -> tuple[nx.Graph, dict | None]:
    """The graph cut to the ``limit`` nodes ranked highest by ``size_by`` (focus nodes always)."""
    if graph.number_of_nodes() <= limit:
        return graph, None
    ranked = sorted(graph, key=lambda node: (node not in focus, -(metrics.get(node, {}).get(size_by) or 0),
                                             sort_key(graph.nodes[node].get("label", node))))
    capped = {"shown": limit, "total": graph.number_of_nodes(), "by": size_by}
    return graph.subgraph(ranked[:limit]), capped


def _payload(view: str, filters: Filters, nodes: list[dict], edges: list[dict], summary: dict,
             scope: str, size_by: str, focus: list[str] = (), capped: dict | None = None,
             collapsed: bool = False) -> dict:
    # Sorted, so the answer does not depend on the order in which a store returned the rows.
    nodes.sort(key=lambda node: (node["id"] not in focus, sort_key(node["label"]), node["id"]))
    edges.sort(key=lambda edge: (edge["source"], edge["target"]))
    return {"view": view, "filters": filters.as_dict(), "focus": list(focus), "size_by": size_by,
            "metrics_scope": scope, "summary": summary, "capped": capped, "collapsed": collapsed,
            "nodes": nodes, "edges": edges}


def _nodes(snap: Snapshot, graph: nx.Graph, metrics: dict) -> list[dict]:
    return [_node(snap, node, data, metrics.get(node, {})) for node, data in graph.nodes(data=True)]


def _node(snap: Snapshot, node: str, data: dict, metrics: dict) -> dict:
    type_iri = data.get("type")
    type_row = snap.model.labels.get(type_iri, {}) if type_iri else {}
    category = snap.model.categories.get(type_iri, {}) if type_iri else {}
    return {**ref(node, data.get("label")), "id": node, "kind": data["kind"],
            "type": type_iri, "type_label": type_row.get("label"), "type_label_en": type_row.get("label_en"),
            "category": category.get("key"), "category_label": category.get("label"),
            "category_label_en": category.get("label_en"),
            **{key: data[key] for key in ("projects", "networks", "stage") if key in data},
            "metrics": metrics}


def _edge_ends(source: str, target: str) -> dict:
    return {"source": source, "target": target}


def _actor_ref(snap: Snapshot, actor: str) -> dict:
    return ref(actor, snap.model.label(actor))


def _activity_refs(snap: Snapshot, activities: dict[str, str]) -> list[dict]:
    refs = [ref(activity, snap.model.label(activity), kind=snap.model.activities[activity]["kind"],
                tie=tie) for activity, tie in activities.items()]
    return sorted(refs, key=lambda item: sort_key(item["label"]))


def _document_refs(snap: Snapshot, documents: list[str]) -> list[dict]:
    return sorted((ref(document, snap.model.label(document)) for document in documents),
                  key=lambda item: sort_key(item["label"]))


def _collapsed(graph: nx.Graph, metrics: dict) -> tuple[list[dict], list[dict]]:
    """One node per Louvain community of the view's graph; edges sum the ties between them."""
    community = communities(graph)
    members: dict[int, list[str]] = defaultdict(list)
    for node in graph:
        members[community[node]].append(node)
    nodes = [_community_node(graph, metrics, number, group) for number, group in sorted(members.items())]
    weights: dict[tuple[int, int], int] = defaultdict(int)
    for first, second, weight in graph.edges(data="weight"):
        ends = tuple(sorted((community[first], community[second])))
        if ends[0] != ends[1]:
            weights[ends] += weight
    edges = [{**_edge_ends(f"community:{a}", f"community:{b}"), "weight": weight}
             for (a, b), weight in sorted(weights.items())]
    return nodes, edges


def _community_node(graph: nx.Graph, metrics: dict, number: int, group: list[str]) -> dict:
    """A community as one node, named after its best-connected member."""
    label = lambda node: graph.nodes[node]["label"]  # noqa: E731
    central = max(group, key=lambda node: (metrics.get(node, {}).get("degree", 0), -len(label(node))))
    return {"id": f"community:{number}", "iri": None, "path": None, "kind": "community",
            "label": label(central), "type": None, "type_label": None, "type_label_en": None,
            "category": None, "category_label": None, "category_label_en": None,
            "community": number, "size": len(group),
            "members": sorted(map(label, group), key=sort_key),
            "metrics": {"degree": len(group), "weighted_degree": len(group), "betweenness": 0}}
