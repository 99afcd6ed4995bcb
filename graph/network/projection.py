"""Projections of the graph into networkx: who collaborates with whom, who takes part in what,
and where the money goes.

Two actors **collaborate** when they take part in the same activity (a project or a network).
The kind of their tie depends on both roles: both own the project → ``co-ownership``; either
co-funds it → ``co-funding``; both belong to a network → ``membership``; otherwise
``participation``. An edge's weight is the number of activities the two share (of the kinds a
view keeps), and the edge lists those activities and the documents that name them.

Graphs are built by adding whole node and edge lists at once (networkx's bulk calls), never
one element at a time over a growing graph.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations, pairwise

import networkx as nx

from graph.network.model import EVERYTHING, Filters, Involvement, Model
from graph.resources.common import number

__all__ = ["FUNDING_STAGES", "actor_node", "bipartite", "collaboration", "edge_kind", "funding_flow",
           "membership"]


def edge_kind(activity_kind: str, first: str, second: str) -> str:
    """The kind of tie between two actors with role kinds ``first`` and ``second``.

    >>> edge_kind("project", "ownership", "ownership")
    'co-ownership'
    >>> edge_kind("project", "ownership", "funding")
    'co-funding'
    >>> edge_kind("project", "ownership", "participation")
    'participation'
    >>> edge_kind("network", "membership", "membership")
    'membership'
    """
    if activity_kind == "network":
        return "membership"
    if first == second == "ownership":
        return "co-ownership"
    if "funding" in (first, second):
        return "co-funding"
    return "participation"


def actor_node(model: Model, actor: str) -> tuple[str, dict]:
    """An actor as a node: its IRI and attributes (``kind``, ``label``, ``type``)."""
    row = model.actors[actor]
    return actor, {"kind": "actor", "label": row["label"], "type": row.get("type")}


def _parties(model: Model, activity: str, filters: Filters) -> list[tuple[str, Involvement]]:
    parties = model.involvements.get(activity, {})
    return sorted((actor, part) for actor, part in parties.items() if model.keeps_actor(actor, filters))


def collaboration(model: Model, filters: Filters = EVERYTHING, actors: set[str] = frozenset(),
                  every_party: bool = False) -> nx.Graph:
    """The actor–actor collaboration graph.

    Args:
        filters: which activities, edge kinds and actor types count.
        actors: actors to include even if they share nothing (a place's own actors).
        every_party: include every actor taking part in a kept activity, also those that run
            one alone (a place's or a strategy area's project owners).

    Returns:
        Nodes are actor IRIs (``label``, ``type``, ``projects``, ``networks``: how many of the
        kept activities they take part in); edges carry ``weight``, ``kinds`` (sorted),
        ``activities`` (activity IRI → edge kind) and ``documents`` (sorted IRIs).
    """
    ties: dict[tuple[str, str], dict] = defaultdict(lambda: {"activities": {}, "documents": set()})
    taking_part: dict[str, dict[str, int]] = defaultdict(lambda: {"projects": 0, "networks": 0})
    for activity in model.in_scope(filters):
        activity_kind = model.activities[activity]["kind"]
        parties = _parties(model, activity, filters)
        for actor, _ in parties:
            taking_part[actor][activity_kind + "s"] += 1
        for (first, one), (second, other) in combinations(parties, 2):
            kind = edge_kind(activity_kind, one.role, other.role)
            if kind in filters.kinds:
                tie = ties[first, second]
                tie["activities"][activity] = kind
                tie["documents"] |= one.documents | other.documents
    graph = nx.Graph()
    members = {actor for pair in ties for actor in pair}
    members |= {actor for actor in actors if model.keeps_actor(actor, filters)}
    if every_party:
        members |= set(taking_part)
    graph.add_nodes_from(actor_node(model, actor) for actor in sorted(members))
    nx.set_node_attributes(graph, {actor: taking_part.get(actor, {"projects": 0, "networks": 0})
                                   for actor in graph})
    graph.add_edges_from((first, second, {
        "weight": len(tie["activities"]),
        "kinds": sorted(set(tie["activities"].values())),
        "activities": tie["activities"],
        "documents": sorted(tie["documents"]),
    }) for (first, second), tie in ties.items())
    return graph


def bipartite(model: Model, filters: Filters = EVERYTHING,
              activity_kinds: frozenset[str] = frozenset({"project", "network"})) -> nx.Graph:
    """Actors (``bipartite=0``) linked to the activities they take part in (``bipartite=1``).

    Edges carry ``role`` (the role kind), ``roles`` (role concept IRIs) and ``documents``.
    """
    graph = nx.Graph()
    edges = []
    for activity in model.in_scope(filters):
        row = model.activities[activity]
        if row["kind"] not in activity_kinds:
            continue
        parties = _parties(model, activity, filters)
        if not parties:
            continue
        graph.add_node(activity, kind=row["kind"], label=row["label"], bipartite=1)
        edges += [(actor, activity, {"role": part.role, "roles": sorted(part.roles),
                                     "documents": sorted(part.documents)}) for actor, part in parties]
    actors = sorted({actor for actor, _, _ in edges})
    graph.add_nodes_from((actor, {**attributes, "bipartite": 0})
                         for actor, attributes in (actor_node(model, actor) for actor in actors))
    graph.add_edges_from(edges)
    return graph


def membership(model: Model, filters: Filters = EVERYTHING) -> nx.Graph:
    """Actors linked to the networks they belong to (the bipartite projection's network half)."""
    return bipartite(model, filters, frozenset({"network"}))


#: The steps of the funding flow, in flow order (a node's ``stage`` is its first).
FUNDING_STAGES = ("scheme", "funder", "disburser", "project", "owner")


def funding_flow(model: Model, filters: Filters = EVERYTHING) -> nx.DiGraph:
    """Where the money goes: funding scheme → funder → disburser → project → owner, by amount.

    The funder is the actor whose money it is (Västra Götalandsregionen for RUN-medel); the
    disburser grants and pays it out (a kommunalförbund); steps the source does not name are
    skipped, and a disburser that is also the funder appears once.

    Every node's ``stage`` is its step in the flow (see :data:`FUNDING_STAGES`; the first, for
    an actor at several). Every edge's ``amount`` is the sum of the grants behind it in SEK
    (grants whose source prints no amount add nothing but are counted in ``grants``);
    ``weight`` equals ``amount``.
    """
    kept = set(model.in_scope(filters))
    flows: dict[tuple[str, str], dict] = defaultdict(lambda: {"amount": 0, "grants": 0, "documents": set()})
    nodes: dict[str, dict] = {}
    for grant in model.rows.grants:
        project = grant["activity"]
        if project not in kept:
            continue
        chain = _funding_chain(model, grant, nodes)
        _staged(nodes, project, {"kind": "project", "label": model.label(project)}, "project")
        owners = [actor for actor, part in _parties(model, project, filters) if part.role == "ownership"]
        for owner in owners:
            _staged(nodes, owner, actor_node(model, owner)[1], "owner")
        for step in list(pairwise(chain + [project])) + [(project, owner) for owner in owners]:
            flow = flows[step]
            flow["amount"] += number(grant["amount"]) or 0
            flow["grants"] += 1
            flow["documents"] |= {grant["document"]} if grant["document"] else set()
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(nodes.items()))
    graph.add_edges_from((source, target, {"amount": flow["amount"], "weight": flow["amount"],
                                           "grants": flow["grants"], "documents": sorted(flow["documents"])})
                         for (source, target), flow in flows.items())
    return graph


def _staged(nodes: dict[str, dict], node: str, attributes: dict, stage: str) -> None:
    """Add a node of the funding flow at ``stage``, keeping the earliest stage it has."""
    earlier = nodes.get(node, {}).get("stage", stage)
    nodes[node] = {**attributes, "stage": min(earlier, stage, key=FUNDING_STAGES.index)}


def _funding_chain(model: Model, grant: dict, nodes: dict[str, dict]) -> list[str]:
    """The scheme, funder and disburser of a grant, those that the source names, in flow order."""
    chain = []
    if grant["scheme"]:
        _staged(nodes, grant["scheme"], {"kind": "funding", "label": model.label(grant["scheme"])}, "scheme")
        chain.append(grant["scheme"])
    for actor, stage in ((grant["funder"], "funder"), (grant.get("disburser"), "disburser")):
        if actor and actor in model.actors and actor not in chain:
            _staged(nodes, actor, actor_node(model, actor)[1], stage)
            chain.append(actor)
    return chain
