"""Projections and metrics on a small network built by hand, every value computed by hand.

Five actors: A and B (kommuner), C (a region), D and E (företag).
- P1 (2019–2020, kommun 1490): A owns it, B is samverkanspart, C medverkande.
- P2 (granted 2022, län 04, service "export" under "internationalisering"): C owns it, D
  co-finances it; grant of 100 SEK from scheme S, funded by D, paid out by F (a region).
- P3 (no dates, no place): A and B own it together; grant of 50 SEK from S, no funder named.
- N1, a network: D and E are members.

So A–B share P1 (participation) and P3 (co-ownership): weight 2. A–C and B–C share P1, C–D
share P2 (co-funding), D–E share N1 (membership): weight 1 each. A triangle A, B, C with a
tail C–D–E.
"""

from datetime import date

import networkx as nx
import pytest

from graph.errors import InvalidParameter, NotFoundError
from graph.network.metrics import collaboration_path, ego_network, node_metrics
from graph.network.model import Filters, Model
from graph.network.projection import bipartite, collaboration, funding_flow, membership
from graph.network.rows import Rows

ID = "https://aktorskartan.se/id/"
A, B, C, D, E, F = (f"{ID}actor/{name}" for name in "abcdef")
P1, P2, P3, N1 = f"{ID}project/p1", f"{ID}project/p2", f"{ID}project/p3", f"{ID}network/n1"
S = f"{ID}funding/s"
KOMMUN, REGION, FORETAG = (f"{ID}concept/aktorstyp/{key}" for key in ("kommun", "region", "foretag"))
ROLE = f"{ID}concept/roll/"
DOC = f"{ID}document/test"
EXPORT, INTERNATIONAL = f"{ID}concept/plan/export", f"{ID}concept/plan/internationalisering"


def party(activity, actor, role):
    return {"activity": activity, "actor": actor, "role": ROLE + role, "document": DOC}


def activity(iri, kind="project", start=None, end=None, grant_year=None):
    return {"activity": iri, "kind": kind, "label": iri.rsplit("/", 1)[-1].upper(), "start": start,
            "end": end, "grant_year": grant_year}


ROWS = Rows(
    actors=[{"actor": A, "label": "A", "type": KOMMUN}, {"actor": B, "label": "B", "type": KOMMUN},
            {"actor": C, "label": "C", "type": REGION}, {"actor": D, "label": "D", "type": FORETAG},
            {"actor": E, "label": "E", "type": FORETAG}, {"actor": F, "label": "F", "type": REGION}],
    parties=[party(P1, A, "projektagare"), party(P1, B, "samverkanspart"), party(P1, C, "medverkande"),
             party(P2, C, "projektagare"), party(P2, D, "medfinansiar"),
             party(P3, A, "projektagare"), party(P3, B, "projektagare")],
    memberships=[party(N1, D, "medlem"), party(N1, E, "medlem")],
    activities=[activity(P1, start="2019", end="2020-06"), activity(P2, grant_year="2022"), activity(P3),
                activity(N1, kind="network")],
    activity_places=[{"activity": P1, "place": f"{ID}kommun/1490"}, {"activity": P2, "place": f"{ID}lan/04"}],
    activity_subjects=[{"activity": P2, "concept": EXPORT}],
    actor_places=[{"actor": E, "place": f"{ID}kommun/1490"}],
    place_parents=[{"place": f"{ID}kommun/1490", "parent": f"{ID}lan/14"},
                   {"place": f"{ID}lan/14", "parent": f"{ID}land/SE"},
                   {"place": f"{ID}lan/04", "parent": f"{ID}land/SE"}],
    concept_parents=[{"concept": EXPORT, "parent": INTERNATIONAL}],
    grants=[{"grant": f"{ID}grant/g1", "activity": P2, "scheme": S, "funder": D, "disburser": F,
             "amount": "100", "document": DOC},
            {"grant": f"{ID}grant/g2", "activity": P3, "scheme": S, "funder": None, "disburser": None,
             "amount": "50", "document": DOC}],
    labels=[{"thing": S, "kind": "funding", "label": "S", "label_en": None}],
)


@pytest.fixture(scope="module")
def model():
    return Model(ROWS)


@pytest.fixture(scope="module")
def graph(model):
    return collaboration(model)


def test_ties_keep_their_kinds_weights_and_activities(graph):
    assert set(map(frozenset, graph.edges)) == {frozenset(pair) for pair in
                                                 ((A, B), (A, C), (B, C), (C, D), (D, E))}
    assert graph.edges[A, B]["weight"] == 2
    assert graph.edges[A, B]["kinds"] == ["co-ownership", "participation"]
    assert graph.edges[A, B]["activities"] == {P1: "participation", P3: "co-ownership"}
    assert graph.edges[C, D]["kinds"] == ["co-funding"]
    assert graph.edges[D, E]["kinds"] == ["membership"]
    assert graph.edges[D, E]["documents"] == [DOC]
    assert (graph.nodes[A]["projects"], graph.nodes[D]["networks"]) == (2, 1)


def test_metrics_match_the_hand_computed_values(graph):
    metrics, summary = node_metrics(graph)
    assert {n: m["degree"] for n, m in metrics.items()} == {A: 2, B: 2, C: 3, D: 2, E: 1}
    assert {n: m["weighted_degree"] for n, m in metrics.items()} == {A: 3, B: 3, C: 3, D: 2, E: 1}
    # Of the 6 pairs not involving the node itself, C lies on every shortest path between
    # {A, B} and {D, E} (4), D between {A, B, C} and E (3): normalised by (n-1)(n-2)/2 = 6.
    assert metrics[C]["betweenness"] == pytest.approx(4 / 6, abs=1e-6)
    assert metrics[D]["betweenness"] == pytest.approx(3 / 6, abs=1e-6)
    assert metrics[A]["betweenness"] == metrics[E]["betweenness"] == 0
    assert {n for n, m in metrics.items() if m["articulation_point"]} == {C, D}
    # Modularity of {A,B,C},{D,E} is 0.208 (better than {A,B},{C,D,E}: 0.167); the larger is 1.
    assert {n: m["community"] for n, m in metrics.items()} == {A: 1, B: 1, C: 1, D: 2, E: 2}
    assert summary == {"nodes": 5, "edges": 5, "components": 1, "density": 0.5, "communities": 2,
                       "articulation_points": 2, "betweenness": "exact"}


def test_ego_networks_reach_one_or_two_steps(graph):
    assert set(ego_network(graph, A, 1)) == {A, B, C}
    assert set(ego_network(graph, A, 2)) == {A, B, C, D}
    with pytest.raises(InvalidParameter):
        ego_network(graph, A, 3)
    with pytest.raises(NotFoundError):
        ego_network(graph, F, 1)


def test_the_path_between_two_actors_names_the_shared_activities(graph):
    steps = collaboration_path(graph, A, E)
    assert [(step["from"], step["to"]) for step in steps] == [(A, C), (C, D), (D, E)]
    assert [step["activities"] for step in steps] == [{P1: "participation"}, {P2: "co-funding"},
                                                      {N1: "membership"}]


def test_unconnected_actors_have_no_path():
    lonely = nx.Graph([(A, B)])
    lonely.add_node(C)
    with pytest.raises(NotFoundError):
        collaboration_path(lonely, A, C)


@pytest.mark.parametrize(("filters", "edges"), [
    (Filters(kinds=frozenset({"membership"})), {(D, E)}),
    (Filters(kinds=frozenset({"co-ownership"})), {(A, B)}),
    (Filters(actor_types=frozenset({KOMMUN})), {(A, B)}),
    (Filters(place=f"{ID}lan/14"), {(A, B), (A, C), (B, C)}),  # P1 lies in kommun 1490, in län 14
    (Filters(strategy=INTERNATIONAL), {(C, D)}),  # P2 is on export, narrower than it
    (Filters(start=date(2021, 1, 1)), {(C, D)}),  # P2 granted 2022; P1 ended 2020; P3, N1 undated
    (Filters(start=date(2020, 6, 1), end=date(2020, 6, 30)), {(A, B), (A, C), (B, C)}),
])
def test_filters_narrow_the_collaboration(model, filters, edges):
    graph = collaboration(model, filters)
    assert set(map(frozenset, graph.edges)) == set(map(frozenset, edges))


def test_a_filtered_tie_counts_only_the_activities_kept(model):
    graph = collaboration(model, Filters(place=f"{ID}lan/14"))
    assert graph.edges[A, B]["weight"] == 1  # P3 has no place, so only P1 counts
    assert graph.edges[A, B]["kinds"] == ["participation"]


def test_unknown_edge_kinds_are_refused():
    with pytest.raises(InvalidParameter, match="kinds"):
        Filters(kinds=frozenset({"friendship"}))


def test_bipartite_and_membership_projections(model):
    both = bipartite(model)
    assert set(both[P1]) == {A, B, C} and both.edges[A, P1]["role"] == "ownership"
    assert both.nodes[N1]["bipartite"] == 1 and both.nodes[A]["bipartite"] == 0
    assert set(map(frozenset, membership(model).edges)) == {frozenset((N1, D)), frozenset((N1, E))}


def test_money_flows_from_scheme_through_funder_and_disburser_to_the_owner(model):
    flow = funding_flow(model)
    assert {(s, t): d["amount"] for s, t, d in flow.edges(data=True)} == {
        (S, D): 100, (D, F): 100, (F, P2): 100, (P2, C): 100,
        (S, P3): 50, (P3, A): 50, (P3, B): 50,
    }
