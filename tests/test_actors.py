"""Actors: one actor's record, places, services, projects by role, networks, grants and
collaborators; the filtered list; CSV for Excel; the pages. Expected values come from the data
files (data/actors/actors.csv and each source's participants, memberships, grants, services)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tests.answers import assert_accessible, csv_rows, get_json, key_of, page
from tests.sources import actor_register, source_rows, source_title

VG = "003-vg-delregionala-2020"
MR = "004-mojligheternas-region"
CONNECT = "connect-sverige-region-vast"
DOROTEA = "kommun-2425"


def role_groups(actor: dict) -> dict[str, set[str]]:
    """An actor's projects by role key, as project keys."""
    return {key_of(group["role"]): {key_of(p) for p in group["projects"]} for group in actor["projects"]}


def participations(actor_key: str) -> dict[str, set[str]]:
    """An actor's projects by role key, as the participants files list them."""
    groups = defaultdict(set)
    for row in source_rows("*/participants.csv"):
        if row["actor"] == actor_key:
            groups[row["role"]].add(row["project"])
    return dict(groups)


# --- one actor -------------------------------------------------------------------------------

def test_connect_owns_projects_in_three_vg_delregioner(client):
    connect = get_json(client, f"/api/v1/actors/{CONNECT}")
    assert connect["label"] == actor_register()[CONNECT]["pref_label"] == "Connect Sverige Region Väst"
    owned = participations(CONNECT)["projektagare"]
    assert owned == {"vg2020-bor-06", "vg2020-fyr-03", "vg2020-ska-02"}
    assert role_groups(connect) == {"projektagare": owned}
    assert connect["projects"][0]["role"]["label"] == "Projektägare"
    places = {row["key"]: row["places"] for row in source_rows(f"{VG}/projects.csv")}
    assert {places[key] for key in owned} == {"delregion:borasregionen", "delregion:fyrbodal",
                                              "delregion:skaraborg"}


def test_connect_services_in_skaraborg_come_from_the_services_table(client):
    connect = get_json(client, f"/api/v1/actors/{CONNECT}")
    printed = {row["label"] for row in source_rows(f"{VG}/services.csv") if row["provider"] == CONNECT}
    assert {service["label"] for service in connect["services"]} == printed
    sprangbradan = next(s for s in connect["services"] if s["label"] == "Språngbrädan")
    assert {key_of(t) for t in sprangbradan["service_types"]} == {"affarsutveckling", "radgivning"}
    assert [a["path"] for a in sprangbradan["areas"]] == ["/id/delregion/skaraborg"]
    assert sprangbradan["sources"] and sprangbradan["audiences"][0]["path"] == "/id/concept/malgrupp/smf"


def test_grants_to_connects_projects_are_the_printed_run_amounts(client):
    connect = get_json(client, f"/api/v1/actors/{CONNECT}")
    printed = {row["project"]: int(row["amount"]) for row in source_rows(f"{VG}/grants.csv")
               if row["project"] in participations(CONNECT)["projektagare"]}
    assert printed == {"vg2020-bor-06": 757250, "vg2020-fyr-03": 425000, "vg2020-ska-02": 1025622}
    received = {key_of(g["project"]): g["amount"] for g in connect["grants_received"]}
    assert received == printed
    assert {g["funder"]["label"] for g in connect["grants_received"]} == {"Västra Götalandsregionen"}
    assert all(g["sources"] for g in connect["grants_received"])
    assert connect["grants_given"] == []


def test_region_14_funds_every_vg_grant_and_the_kommunalforbund_pay_out(client):
    funded = [row for row in source_rows(f"{VG}/grants.csv") if row["funder"] == "region-14"]
    region = get_json(client, "/api/v1/actors/region-14")
    assert len(region["grants_given"]) == len(funded) == 59
    assert {tuple(g["relations"]) for g in region["grants_given"]} == {("funder",)}
    boras = get_json(client, "/api/v1/actors/borasregionen-sjuharads-kommunalforbund")
    paid = {row["key"] for row in funded if row["disbursed_by"] == "borasregionen-sjuharads-kommunalforbund"}
    assert {key_of(g) for g in boras["grants_given"]} == paid
    smart = next(g for g in boras["grants_given"] if key_of(g["project"]) == "vg2020-bor-10")
    assert smart["amount"] == 990_000 and smart["relations"] == ["disburser"]


def test_almi_sormland_is_a_subsidiary_of_almi_foretagspartner(client):
    assert actor_register()["almi-sormland"]["parent"] == "almi-foretagspartner-ab"
    almi = get_json(client, "/api/v1/actors/almi-sormland")
    assert almi["parent"]["path"] == "/id/actor/almi-foretagspartner-ab"
    assert almi["parent"]["label"] == "Almi Företagspartner AB"
    assert [p["path"] for p in almi["area_served"]] == ["/id/lan/04"]
    assert almi["type"]["label"] == "Statligt bolag" and almi["legal_entity"] is True
    assert "Almi" in almi["alt_labels"]
    parent = get_json(client, "/api/v1/actors/almi-foretagspartner-ab")
    children = {row["key"] for row in actor_register().values() if row["parent"] == "almi-foretagspartner-ab"}
    assert {key_of(u) for u in parent["units"]} == children
    assert {u["relation"] for u in parent["units"]} == {"subsidiary"}


def test_almi_sormland_projects_by_role_match_the_participants(client):
    almi = get_json(client, "/api/v1/actors/almi-sormland")
    assert role_groups(almi) == participations("almi-sormland")
    owner_first = [key_of(group["role"]) for group in almi["projects"]]
    assert owner_first[:2] == ["projektagare", "ansvarig"]
    for group in almi["projects"]:
        labels = [p["label"] for p in group["projects"]]
        assert all(p["sources"] for p in group["projects"])
        assert labels == sorted(labels, key=lambda text: text.casefold())


def test_units_of_region_sormland_are_listed_as_units(client):
    units = {row["key"] for row in actor_register().values() if row["unit_of"] == "region-04"}
    region = get_json(client, "/api/v1/actors/region-04")
    assert {key_of(u) for u in region["units"] if u["relation"] == "unit"} == units
    assert "region-04-noa" in units
    noa = get_json(client, "/api/v1/actors/region-04-noa")
    assert noa["unit_of"]["path"] == "/id/actor/region-04"


def test_the_eight_mojligheternas_region_parties_collaborate_with_one_another(client):
    rows = [row for row in source_rows(f"{MR}/participants.csv") if row["project"] == "mojligheternas-region"]
    partners = {row["actor"] for row in rows if row["role"] == "samverkanspart"}
    funders = {row["actor"] for row in rows if row["role"] == "medfinansiar"}
    parties = partners & funders - {"region-24"}
    assert len(parties) == 8 and DOROTEA in parties
    network = {row["actor"] for row in source_rows(f"{MR}/memberships.csv")
               if row["network"] == "projektsamverkansgruppen"}
    assert parties <= network
    for party in parties:
        found = {key_of(c): c for c in get_json(client, f"/api/v1/actors/{party}")["collaborators"]}
        assert parties - {party} <= set(found), party
    dorotea = {key_of(c): c for c in get_json(client, f"/api/v1/actors/{DOROTEA}")["collaborators"]}
    lycksele = dorotea["kommun-2481"]
    assert lycksele["count"] == 2
    assert [key_of(p) for p in lycksele["projects"]] == ["mojligheternas-region"]
    assert [key_of(n) for n in lycksele["networks"]] == ["projektsamverkansgruppen"]
    assert lycksele["kinds"] == ["participation", "co-funding", "membership"]
    assert {key_of(r) for r in lycksele["projects"][0]["roles"]} == {"samverkanspart", "medfinansiar"}
    counts = [c["count"] for c in get_json(client, f"/api/v1/actors/{DOROTEA}")["collaborators"]]
    assert counts == sorted(counts, reverse=True)


def test_region_04_noa_is_in_the_networks_the_memberships_name(client):
    memberships = {(row["network"], row["role"]) for row in source_rows("*/memberships.csv")
                   if row["actor"] == "region-04-noa"}
    noa = get_json(client, "/api/v1/actors/region-04-noa")
    assert {(key_of(n), key_of(n["role"])) for n in noa["networks"]} == memberships
    coordinated = {row["key"] for row in source_rows("*/networks.csv")
                   if row["coordinator"] == "region-04-noa"}
    assert {key_of(n) for n in noa["coordinates"]} == coordinated


def test_unknown_actor_is_a_404_in_the_error_shape(client):
    error = get_json(client, "/api/v1/actors/no-such-actor", 404)["error"]
    assert error["status"] == 404 and "no-such-actor" in error["message"]
    assert get_json(client, "/api/v1/actors/no-such-actor/projects", 404)["error"]["status"] == 404


# --- the list ----------------------------------------------------------------------------------

def test_the_list_holds_every_actor_and_pages(client):
    everyone = get_json(client, "/api/v1/actors?limit=500")
    assert everyone["total"] == len(actor_register())
    assert {item["key"] for item in everyone["items"]} == set(actor_register())
    second = get_json(client, "/api/v1/actors?offset=10&limit=5")
    assert second["offset"] == 10 and [i["key"] for i in second["items"]] == [
        i["key"] for i in everyone["items"][10:15]]


def test_the_list_is_in_swedish_order(client):
    labels = [item["label"] for item in get_json(client, "/api/v1/actors?limit=500")["items"]]
    first_a_ring = next(i for i, label in enumerate(labels) if label.startswith(("Å", "Ä", "Ö")))
    assert all(label.startswith(("Å", "Ä", "Ö")) for label in labels[first_a_ring:])
    assert "Åsele näringslivsstiftelse" in labels[first_a_ring:]
    backwards = get_json(client, "/api/v1/actors?sort=-label&limit=1")["items"][0]["label"]
    assert backwards == labels[-1]


def test_actors_serving_lan_04_include_almi_sormland_and_its_kommuner(client):
    kommuner_04 = {row["municipality_code"] for row in source_rows("reference/municipalities.csv")
                   if row["county_code"] == "04"}
    in_04 = {"lan:04"} | {f"kommun:{code}" for code in kommuner_04}
    expected = {key for key, row in actor_register().items()
                if in_04 & set((row["based_in"] + "|" + row["area_served"]).split("|"))}
    listed = get_json(client, "/api/v1/actors?place=lan:04&limit=500")
    assert {item["key"] for item in listed["items"]} == expected
    assert "almi-sormland" in expected and "kommun-0484" in expected
    assert "almi-foretagspartner-ab" not in expected  # serves Sverige, not a place within län 04


def test_type_and_place_filters_combine(client):
    kommuner_04 = {f"kommun-{row['municipality_code']}" for row in source_rows("reference/municipalities.csv")
                   if row["county_code"] == "04"}
    expected = {key for key, row in actor_register().items()
                if key in kommuner_04 and row["type"] == "kommun"}
    listed = get_json(client, "/api/v1/actors?type=kommun&place=lan/04&limit=500")
    assert {item["key"] for item in listed["items"]} == expected and expected
    assert {item["type"]["label"] for item in listed["items"]} == {"Kommun"}


@pytest.mark.parametrize("query, parameter", [
    ("sort=nonsense", "sort"), ("type=no-such-type", "type"), ("place=lan:99", "place"),
    ("place=nowhere", "place"), ("limit=0", "limit"), ("offset=-1", "offset"), ("format=xml", "format"),
])
def test_bad_parameters_are_400_naming_the_parameter(client, query, parameter):
    error = get_json(client, f"/api/v1/actors?{query}", 400)["error"]
    assert error["details"] == [{"parameter": parameter}] and parameter in error["message"]


def test_csv_downloads_the_whole_list_for_excel(client):
    response = client.get("/api/v1/actors?format=csv&limit=5")
    text = response.get_data(as_text=True)
    assert ";" in text.splitlines()[0] and "\r\n" in text
    rows = csv_rows(response)
    assert len(rows) == len(actor_register())
    almi = next(row for row in rows if row["key"] == "almi-sormland")
    assert almi["label"] == "Almi Företagspartner Sörmland" and almi["places"] == "Södermanlands län"
    by_accept = client.get("/api/v1/actors?type=kommun", headers={"Accept": "text/csv"})
    assert len(csv_rows(by_accept)) == sum(1 for row in actor_register().values() if row["type"] == "kommun")


def test_an_actors_sub_lists_download_as_csv(client):
    projects = csv_rows(client.get(f"/api/v1/actors/{CONNECT}/projects?format=csv"))
    assert {row["role"] for row in projects} == {"Projektägare"} and len(projects) == 3
    grants = csv_rows(client.get(f"/api/v1/actors/{CONNECT}/grants?format=csv"))
    assert sorted(row["amount"] for row in grants) == ["1025622", "425000", "757250"]
    collaborators = csv_rows(client.get(f"/api/v1/actors/{DOROTEA}/collaborators?format=csv"))
    total = get_json(client, f"/api/v1/actors/{DOROTEA}/collaborators")["total"]
    assert len(collaborators) == total and "Lycksele kommun" in {row["label"] for row in collaborators}
    by_label = get_json(client, f"/api/v1/actors/{DOROTEA}/collaborators?sort=label&limit=1")
    assert by_label["items"][0]["label"] == "Akademi Norr"


# --- pages -------------------------------------------------------------------------------------

def test_actor_page_shows_projects_by_role_sources_and_links(client):
    html = page(client, f"/id/actor/{CONNECT}")
    assert_accessible(html)
    assert "<h1" in html and "Connect Sverige Region Väst</h1>" in html
    assert 'id="projects"' in html and "Projektägare" in html
    for project in ("vg2020-bor-06", "vg2020-fyr-03", "vg2020-ska-02"):
        assert f'href="/id/project/{project}"' in html
    assert f">{source_title(VG)}</a>" in html  # the source cited, linked to the document
    assert 'class="sources"' in html and 'href="/id/delregion/skaraborg"' in html
    assert f'href="/api/v1/actors/{CONNECT}/projects?format=csv"' in html
    assert "757\u00a0250" in html  # the grant to Tillväxt och finansiering, Swedish style


def test_actor_page_links_parent_networks_and_collaborators(client):
    html = page(client, "/id/actor/almi-sormland")
    assert 'href="/id/actor/almi-foretagspartner-ab"' in html and 'href="/id/lan/04"' in html
    dorotea = page(client, f"/id/actor/{DOROTEA}")
    assert 'href="/id/network/projektsamverkansgruppen"' in dorotea
    assert 'href="/id/actor/kommun-2481"' in dorotea and "medfinansiering" in dorotea


def test_actor_page_in_english_marks_swedish_data(client):
    html = page(client, f"/id/actor/{CONNECT}?lang=en")
    assert '<html lang="en"' in html and "Projects and actions by role" in html
    assert '<h1 lang="sv">Connect Sverige Region Väst</h1>' in html
    page(client, f"/id/actor/{CONNECT}?lang=sv")


def test_unknown_actor_page_is_a_404_page(client):
    response = client.get("/id/actor/no-such-actor", headers={"Accept": "text/html"})
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_actors_page_filters_with_a_get_form(client):
    html = page(client, "/aktorer?type=statligt-bolag&place=lan:04")
    assert_accessible(html)
    assert '<form class="filters" action="/aktorer" method="get"' in html
    assert 'href="/id/actor/almi-sormland"' in html and 'href="/id/actor/almi-foretagspartner-ab"' not in html
    assert '<option value="lan:04" selected>' in html
    assert 'href="/api/v1/actors?type=statligt-bolag&amp;place=lan%3A04&amp;format=csv"' in html
    everyone = page(client, "/aktorer")
    assert 'rel="next" href="/aktorer?offset=50"' in everyone
