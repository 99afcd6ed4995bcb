"""Places: where a place lies and what it contains, the actors serving or based in it (directly,
via a place containing it, via a place within it), its projects and networks; the list; CSV; the
pages. Expected values come from data/reference and the actors, projects and networks files."""

from __future__ import annotations

import pytest

from tests.answers import assert_accessible, csv_rows, get_json, key_of, page
from tests.sources import actor_register, source_rows

BORAS = "/api/v1/places/kommun/1490"


def by_key(items: list[dict]) -> dict[str, dict]:
    return {key_of(item): item for item in items}


def delregion_of(code: str) -> str:
    return next(row["key"] for row in source_rows("reference/delregioner.csv")
                if row["municipality_code"] == code)


def test_boras_lies_in_borasregionen_vastra_gotaland_and_sverige(client):
    [row] = [r for r in source_rows("reference/municipalities.csv") if r["municipality_code"] == "1490"]
    boras = get_json(client, BORAS)
    assert boras["label"] == row["municipality_name"] == "Borås kommun"
    assert boras["alt_labels"] == [row["municipality_name_short"]] and boras["notation"] == "1490"
    assert delregion_of("1490") == "borasregionen" and row["county_code"] == "14"
    chain = ["/id/delregion/borasregionen", "/id/lan/14", "/id/land/SE"]
    assert [w["path"] for w in boras["within"]] == chain
    assert boras["contains"] == [] and boras["sources"]


def test_a_lan_and_a_delregion_contain_their_kommuner(client):
    sormland = get_json(client, "/api/v1/places/lan/04")
    kommuner = {r["municipality_code"] for r in source_rows("reference/municipalities.csv")
                if r["county_code"] == "04"}
    assert {p["code"] for p in sormland["contains"]} == kommuner and len(kommuner) == 9
    boras_region = get_json(client, "/api/v1/places/delregion/borasregionen")
    members = {r["municipality_code"] for r in source_rows("reference/delregioner.csv")
               if r["key"] == "borasregionen"}
    assert {p["code"] for p in boras_region["contains"]} == members and "1490" in members
    sweden = get_json(client, "/api/v1/places/land/SE")
    assert len(sweden["contains"]) == len(source_rows("reference/counties.csv"))


def test_actors_serving_lan_04_include_almi_sormland_directly(client):
    assert actor_register()["almi-sormland"]["area_served"] == "lan:04"
    serving = by_key(get_json(client, "/api/v1/places/lan/04")["actors_serving"])
    assert serving["almi-sormland"]["scope"] == "here" and serving["almi-sormland"]["via"] is None
    national = serving["almi-foretagspartner-ab"]
    assert national["scope"] == "wider" and national["via"]["path"] == "/id/land/SE"
    assert serving["kommun-0484"]["scope"] == "within"
    assert serving["kommun-0484"]["via"]["label"] == "Eskilstuna kommun"


def test_actors_serve_a_kommun_via_the_places_that_contain_it(client):
    serving = by_key(get_json(client, BORAS)["actors_serving"])
    region = serving["region-14"]
    assert actor_register()["region-14"]["area_served"] == "lan:14"
    assert region["scope"] == "wider" and region["via"]["label"] == "Västra Götalands län"
    kommunalforbund = serving["borasregionen-sjuharads-kommunalforbund"]
    assert kommunalforbund["via"]["path"] == "/id/delregion/borasregionen"
    assert serving["kommun-1490"]["scope"] == "here"
    national = {key for key, row in actor_register().items() if row["area_served"] == "land:SE"}
    assert national <= set(serving) and {serving[k]["via"]["label"] for k in national} == {"Sverige"}
    scopes = [item["scope"] for item in get_json(client, BORAS)["actors_serving"]]
    assert scopes == sorted(scopes, key=("here", "wider", "within").index)


def test_actors_based_in_boras(client):
    based = {key for key, row in actor_register().items() if "kommun:1490" in row["based_in"].split("|")}
    listed = get_json(client, BORAS)["actors_based"]
    assert {key_of(a) for a in listed if a["scope"] == "here"} == based and "hogskolan-i-boras" in based


def test_projects_of_a_kommun_come_via_its_delregion(client):
    expected = {row["key"] for row in source_rows("*/projects.csv")
                if "delregion:borasregionen" in row["places"].split("|")}
    projects = by_key(get_json(client, BORAS)["projects"])
    assert {k for k, p in projects.items() if p["via"] and p["via"]["code"] == "borasregionen"} == expected
    assert projects["vg2020-bor-10"]["scope"] == "wider"
    in_vg = by_key(get_json(client, "/api/v1/places/lan/14")["projects"])
    assert in_vg["vg2020-bor-10"]["scope"] == "within"
    assert in_vg["vg2020-bor-10"]["via"]["label"] == "Boråsregionen (Sjuhärad)"


def test_networks_of_a_place(client):
    expected = {row["key"] for row in source_rows("*/networks.csv") if "lan:04" in row["places"].split("|")}
    networks = by_key(get_json(client, "/api/v1/places/lan/04")["networks"])
    assert {k for k, n in networks.items() if n["scope"] == "here"} == expected


def test_the_list_holds_every_place(client):
    counties, kommuner = source_rows("reference/counties.csv"), source_rows("reference/municipalities.csv")
    delregioner = {row["key"] for row in source_rows("reference/delregioner.csv")}
    listed = get_json(client, "/api/v1/places?limit=500")
    assert listed["total"] == 1 + len(counties) + len(kommuner) + len(delregioner)
    lan = get_json(client, "/api/v1/places?kind=lan&limit=500")
    assert {item["code"] for item in lan["items"]} == {row["county_code"] for row in counties}
    kommuner = get_json(client, "/api/v1/places?kind=kommun&limit=500")["items"]
    boras = next(item for item in kommuner if item["code"] == "1490")
    assert boras["county"]["label"] == "Västra Götalands län"
    assert boras["delregion"]["code"] == "borasregionen"


@pytest.mark.parametrize("url, status, parameter", [
    ("/api/v1/places?kind=stad", 400, "kind"),
    ("/api/v1/places?sort=nonsense", 400, "sort"),
    ("/api/v1/places/kommun/9999", 404, None),
    ("/api/v1/places/stad/1490", 404, None),
    ("/api/v1/places/kommun/9999/actors", 404, None),
])
def test_bad_parameters_and_unknown_places(client, url, status, parameter):
    error = get_json(client, url, status)["error"]
    assert error["status"] == status
    assert error["details"] == ([{"parameter": parameter}] if parameter else [])


def test_a_places_lists_download_as_csv(client):
    rows = csv_rows(client.get("/api/v1/places?kind=lan&format=csv"))
    assert len(rows) == len(source_rows("reference/counties.csv"))
    actors = csv_rows(client.get(f"{BORAS}/actors?format=csv"))
    record = get_json(client, BORAS)
    assert len(actors) == len(record["actors_serving"]) + len(record["actors_based"])
    region = next(row for row in actors if row["label"] == "Västra Götalandsregionen")
    assert region["via"] == "Västra Götalands län" and region["scope"] == "wider"
    projects = csv_rows(client.get(f"{BORAS}/projects", headers={"Accept": "text/csv"}))
    assert len(projects) == len(record["projects"])


def test_place_page_shows_the_hierarchy_actors_projects_and_sources(client):
    html = page(client, "/id/kommun/1490")
    assert_accessible(html)
    assert "Borås kommun</h1>" in html and 'class="sources' in html  # folded below the facts
    assert 'href="/id/delregion/borasregionen"' in html and 'href="/id/lan/14"' in html
    assert 'href="/id/actor/region-14"' in html and 'href="/id/project/vg2020-bor-10"' in html
    assert "via" in html and 'href="/api/v1/places/kommun/1490/actors?format=csv"' in html
    for kind, code in (("lan", "04"), ("delregion", "borasregionen"), ("land", "SE")):
        assert_accessible(page(client, f"/id/{kind}/{code}"))


def test_places_page_filters_by_kind(client):
    html = page(client, "/platser?kind=lan")
    assert_accessible(html)
    assert html.count('href="/id/lan/') == len(source_rows("reference/counties.csv"))
    assert '<option value="lan" selected>' in html
    assert 'href="/api/v1/places?kind=lan&amp;format=csv"' in html
