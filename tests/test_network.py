"""Who collaborates with whom, on the bundled data, through the JSON API: the ties the sources
name, the money they print, and every rendering (JSON, vis-network, GEXF, GraphML, CSV)."""

from __future__ import annotations

import io
from decimal import Decimal

import networkx as nx
import pytest

from tests.answers import csv_rows, get_json
from tests.conftest import PREFIXES, rows
from tests.iris import ALMI, CONNECT, INKUBATORN_I_BORAS, KOMMUNALFORBUND, REGION_SORMLAND, VG_RUN_2020
from tests.test_vg2020_totals import PRINTED_TOTALS, amount

ACTOR = "https://aktorskartan.se/id/actor/"
REGION_VASTRA_GOTALAND = ACTOR + "region-14"


def labels(payload: dict) -> set[str]:
    return {node["label"] for node in payload["nodes"]}


def test_connect_collaborates_with_the_partners_of_its_2020_project(client):
    # "Tillväxt och finansiering för ägarledda företag" (Boråsregionen 2020) names Almi
    # Företagspartner and Inkubatorn i Borås as samverkansparter of Connect Sverige Region Väst.
    ego = get_json(client, "/api/v1/network/actors/connect-sverige-region-vast")
    assert labels(ego) >= {"Connect Sverige Region Väst", "Almi Företagspartner AB", "Inkubatorn i Borås AB"}
    ties = {frozenset((edge["source"], edge["target"])): edge for edge in ego["edges"]}
    tie = ties[frozenset((str(CONNECT), str(ALMI)))]
    assert [a["label"] for a in tie["activities"]] == ["Tillväxt och finansiering för ägarledda företag"]
    assert tie["kinds"] == ["participation"]
    assert [d["label"] for d in tie["documents"]] == [
        "Sammanfattande beskrivning – 2020 års beviljade delregionala insatser"]
    assert ego["focus"] == [str(CONNECT)] and ego["metrics_scope"] == "ecosystem"


RESPONSIBLE_PARTNERS = PREFIXES + """
SELECT DISTINCT ?region ?other WHERE {
  ?insats eurio:hasInvolvedParty ?mine , ?theirs .
  ?mine eurio:isRoleOf ?region ; dct:type <https://aktorskartan.se/id/concept/roll/ansvarig> .
  ?theirs eurio:isRoleOf ?other . FILTER (?other != ?region)
}"""


def test_region_sormlands_ego_network_holds_the_actors_of_the_insatser_it_is_responsible_for(client, served):
    ego = get_json(client, "/api/v1/network/actors/region-04")
    # Ungas Framtid (action plan, Region Sörmland ansvarig) names these kommuner and MDU.
    assert labels(ego) >= {"Strängnäs kommun", "Mälardalens universitet", "Katrineholms kommun",
                           "Oxelösunds kommun", "Eskilstuna kommun"}
    partners = {row["other"] for row in rows(served, RESPONSIBLE_PARTNERS, region=REGION_SORMLAND)}
    assert partners and partners <= {node["id"] for node in ego["nodes"]}


def test_depth_two_reaches_the_partners_of_partners(client):
    one = get_json(client, "/api/v1/network/actors/connect-sverige-region-vast")
    two = get_json(client, "/api/v1/network/actors/connect-sverige-region-vast?depth=2")
    assert labels(one) < labels(two) and two["depth"] == 2


SHARED = PREFIXES + """
SELECT ?activity ?first ?second WHERE {
  { ?activity eurio:hasInvolvedParty/eurio:isRoleOf ?first }
  UNION { ?m1 org:organization ?activity ; org:member ?first } UNION { ?activity ak:coordinator ?first }
  { ?activity eurio:hasInvolvedParty/eurio:isRoleOf ?second }
  UNION { ?m2 org:organization ?activity ; org:member ?second } UNION { ?activity ak:coordinator ?second }
}"""


def test_the_path_between_two_actors_lists_real_shared_projects(client, served):
    path = get_json(client, "/api/v1/network/path?source=connect-sverige-region-vast&target=region-04")
    steps = path["steps"]
    assert steps[0]["from"]["label"] == "Connect Sverige Region Väst"
    assert steps[-1]["to"]["label"] == "Region Sörmland"
    assert [a["label"] for a in steps[0]["activities"]] == ["Tillväxt och finansiering för ägarledda företag"]
    for step in steps:
        assert step["activities"]
        for activity in step["activities"]:
            ends = {"first": step["from"]["iri"], "second": step["to"]["iri"]}
            assert rows(served, SHARED, activity=activity["iri"], **ends), (step, activity)
    assert len(path["nodes"]) == len(steps) + 1 and len(path["edges"]) == len(steps)


def test_actors_without_a_connection_have_no_path(client):
    # Dalslands folkhögskola appears only beside Färgelanda kommun, in one Fyrbodal project.
    path = "/api/v1/network/path?source=connect-sverige-region-vast"
    response = client.get(path + "&target=dalslands-folkhogskola")
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == (
        "Connect Sverige Region Väst and Dalslands folkhögskola are not connected by any collaboration")
    alone = client.get(path + "&target=region-04&kinds=co-ownership")
    assert alone.get_json()["error"]["message"] == (
        "Connect Sverige Region Väst has no collaborations of these kinds")


def test_the_funding_flow_adds_up_to_the_printed_run_totals(client):
    flow = get_json(client, "/api/v1/network/funding")
    amounts = {(edge["source"], edge["target"]): edge["amount"] for edge in flow["edges"]}
    printed = {delregion: sum(amount(run) for (region, _), (_, run) in PRINTED_TOTALS.items()
                              if region == delregion) for delregion in KOMMUNALFORBUND}
    assert Decimal(amounts[str(VG_RUN_2020), REGION_VASTRA_GOTALAND]) == sum(printed.values())
    for delregion, kommunalforbund in KOMMUNALFORBUND.items():
        assert Decimal(amounts[REGION_VASTRA_GOTALAND, str(kommunalforbund)]) == printed[delregion]
    assert Decimal(flow["summary"]["amount"]) == sum(printed.values())


def test_a_place_view_shows_collaboration_in_the_place(client):
    boras = get_json(client, "/api/v1/network/places/delregion/borasregionen")
    assert labels(boras) >= {"Connect Sverige Region Väst", "Almi Företagspartner AB",
                             "Inkubatorn i Borås AB"}
    assert boras["filters"]["place"] == "https://aktorskartan.se/id/delregion/borasregionen"
    assert boras["metrics_scope"] == "view"
    sweden = get_json(client, "/api/v1/network/places/land/SE")
    assert len(sweden["nodes"]) > len(boras["nodes"])


def test_a_strategy_view_keeps_the_insatser_on_the_area(client):
    energy = get_json(client, "/api/v1/network/strategy-areas/sormland-nls/energiomstallning")
    activities = {a["label"] for edge in energy["edges"] for a in edge["activities"]}
    assert activities and energy["nodes"]
    assert "Tillväxt och finansiering för ägarledda företag" not in activities
    assert client.get("/api/v1/network/strategy-areas/sormland-nls/nonexistent").status_code == 404


def test_filters_combine(client):
    everything = get_json(client, "/api/v1/network/ecosystem")
    kommuner = get_json(client, "/api/v1/network/ecosystem?types=kommun")
    assert {node["type"] for node in kommuner["nodes"]} == {"https://aktorskartan.se/id/concept/aktorstyp/kommun"}
    membership = get_json(client, "/api/v1/network/ecosystem?kinds=membership")
    assert {kind for edge in membership["edges"] for kind in edge["kinds"]} == {"membership"}
    in_2020 = get_json(client, "/api/v1/network/ecosystem?from=2020&to=2020")
    assert 0 < len(in_2020["nodes"]) < len(everything["nodes"])
    assert in_2020["filters"]["from"] == "2020-01-01" and in_2020["metrics_scope"] == "view"


@pytest.mark.parametrize(("query", "parameter"), [
    ("kinds=friendship", "kinds"), ("types=martian", "types"), ("place=kommun:9999", "place"),
    ("place=nowhere", "place"), ("strategy=nope/nope", "strategy"), ("from=2020-13", "from"),
    ("to=soon", "to"), ("size=beauty", "size"), ("limit=0", "limit"), ("limit=x", "limit"),
    ("format=pdf", "format"), ("from=2021&to=2020", "from"),
])
def test_bad_parameters_are_named(client, query, parameter):
    response = client.get(f"/api/v1/network/ecosystem?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["details"] == [{"parameter": parameter}]


def test_unknown_actors_and_depths(client):
    assert client.get("/api/v1/network/actors/no-such-actor").status_code == 404
    assert client.get("/api/v1/network/actors/region-04?depth=3").get_json()["error"]["details"] == [
        {"parameter": "depth"}]
    assert client.get("/api/v1/network/path?source=region-04").get_json()["error"]["details"] == [
        {"parameter": "target"}]


def test_a_large_view_is_capped_or_collapsed_into_communities(client):
    capped = get_json(client, "/api/v1/network/ecosystem?limit=10&size=betweenness")
    assert len(capped["nodes"]) == 10 and capped["capped"]["total"] > 10
    kept = {node["id"] for node in capped["nodes"]}
    assert all(edge["source"] in kept and edge["target"] in kept for edge in capped["edges"])
    ranked = sorted(get_json(client, "/api/v1/network/metrics?sort=-betweenness&limit=10")["items"],
                    key=lambda item: -item["betweenness"])
    assert kept == {item["iri"] for item in ranked}
    collapsed = get_json(client, "/api/v1/network/ecosystem?collapse=true")
    assert collapsed["collapsed"] and {node["kind"] for node in collapsed["nodes"]} == {"community"}
    assert len(collapsed["nodes"]) == collapsed["summary"]["ecosystem"]["communities"]
    assert sum(node["size"] for node in collapsed["nodes"]) == collapsed["summary"]["nodes"]


def test_the_brokers_list_comes_from_the_metrics_computed_at_load(client):
    brokers = get_json(client, "/api/v1/network/metrics?sort=-betweenness&limit=5")["items"]
    values = [item["betweenness"] for item in brokers]
    assert values == sorted(values, reverse=True)
    almi = next(item for item in get_json(client, "/api/v1/network/metrics?limit=500")["items"]
                if item["iri"] == str(ALMI))
    ego = get_json(client, "/api/v1/network/actors/almi-foretagspartner-ab")
    assert almi["degree"] == len(ego["nodes"]) - 1
    exported = client.get("/api/v1/network/metrics?format=csv").get_data(as_text=True)
    assert exported.startswith("\ufefflabel;type;degree;weighted_degree;betweenness")


def test_the_vis_rendering_is_plain_text_with_local_links(client):
    drawing = get_json(client, "/api/v1/network/actors/connect-sverige-region-vast?format=vis")
    nodes = {node["id"]: node for node in drawing["nodes"]}
    assert set(nodes) == {str(CONNECT), str(ALMI), str(INKUBATORN_I_BORAS)}
    assert nodes[str(ALMI)]["url"] == "/id/actor/almi-foretagspartner-ab"
    assert nodes[str(ALMI)]["title"].splitlines()[:2] == ["Almi Företagspartner AB", "Statligt bolag"]
    assert drawing["options"]["physics"]["stabilization"]["enabled"] is True
    # Colour by category (ontology/actor_categories.ttl): Almi, a statligt bolag, and the incubator
    # are business support, Connect (an ideell förening) an association; the ring marks Connect.
    legend = {entry["label"] for entry in drawing["legend"]}
    assert legend == {"Företagsfrämjande organisation", "Förening, organisation eller stiftelse",
                      "Vald aktör"}
    english = get_json(client, "/api/v1/network/actors/connect-sverige-region-vast?format=vis&lang=en")
    assert "Business-support organisation" in {entry["label"] for entry in english["legend"]}


def test_gexf_and_graphml_read_back_into_networkx(client):
    payload = get_json(client, "/api/v1/network/places/delregion/borasregionen")
    for name, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        response = client.get(f"/api/v1/network/places/delregion/borasregionen?format={name}")
        assert response.status_code == 200 and name in response.content_type
        graph = reader(io.BytesIO(response.data))
        assert graph.number_of_nodes() == len(payload["nodes"])
        assert graph.number_of_edges() == len(payload["edges"])
        if name == "graphml":
            assert graph.nodes[str(CONNECT)]["label"] == "Connect Sverige Region Väst"


def test_the_edge_list_opens_in_swedish_excel(client):
    response = client.get("/api/v1/network/actors/connect-sverige-region-vast?format=csv")
    assert response.headers["Content-Disposition"].endswith('.csv"')
    pairs = {frozenset((row["source_label"], row["target_label"])) for row in csv_rows(response)}
    assert frozenset(("Almi Företagspartner AB", "Connect Sverige Region Väst")) in pairs


def test_a_dataset_loaded_without_its_network_metrics_is_refused_clearly(loaded):
    from api import create_app

    client = create_app({"STORE": loaded, "TESTING": True}).test_client()
    response = client.get("/api/v1/network/ecosystem")
    assert response.status_code == 503
    assert "run 'aktorskarta load'" in response.get_json()["error"]["message"]


def test_the_metrics_kept_with_the_store_are_those_of_its_data(served, loaded):
    from graph.network.snapshot import compute, snapshot

    kept, fresh = snapshot(served), compute(loaded)
    assert kept.summary == fresh.summary and kept.metrics == fresh.metrics
