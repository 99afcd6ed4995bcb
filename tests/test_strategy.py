"""Strategy areas: the strategies as trees (Sörmland: 3 strategic areas, 14 insatsområden), an
area's projects and actors, the ontology's own concepts and what uses them, CSV, pages."""

from __future__ import annotations

import re

from tests.answers import assert_accessible, csv_rows, get_json, page
from tests.sources import source_rows

SORMLAND = "001-sormland-handlingsplan"
AREA = "sormland-nls/samverka-foretagsklimat"
BROADER = "sormland-nls/forutsattningar-och-framtid"


def sormland_concepts() -> list[dict]:
    return source_rows(f"{SORMLAND}/concepts.csv")


def projects_about(*subjects: str) -> set[str]:
    return {row["key"] for row in source_rows("*/projects.csv")
            if set(subjects) & set(row["subjects"].split("|"))}


def test_sormland_strategy_has_three_areas_and_fourteen_insatsomraden(client):
    concepts = sormland_concepts()
    top = {c["key"]: c for c in concepts if not c["broader"]}
    narrower = [c for c in concepts if c["broader"]]
    assert (len(top), len(narrower)) == (3, 14)  # as the action plan prints them
    scheme = get_json(client, "/api/v1/strategy-areas/sormland-nls")
    assert scheme["label"] == "Sörmlands regionala näringslivsstrategi 2022–2030"
    assert scheme["publisher"]["path"] == "/id/actor/region-04"
    assert {node["label"] for node in scheme["concepts"]} == {c["label"] for c in top.values()}
    for node in scheme["concepts"]:
        key = node["path"].rsplit("/", 1)[-1]
        assert {n["label"] for n in node["narrower"]} == {c["label"] for c in narrower if c["broader"] == key}
    assert scheme["sources"]


def test_the_strategies_are_the_schemes_from_the_sources(client):
    schemes = source_rows("*/schemes.csv")
    listed = get_json(client, "/api/v1/strategy-areas")
    assert {item["key"] for item in listed["items"]} == {s["key"] for s in schemes}
    assert listed["total"] == len(schemes)
    rows = csv_rows(client.get("/api/v1/strategy-areas?format=csv"))
    assert len(rows) == len(source_rows("*/concepts.csv"))  # one row per area of every strategy
    assert {row["key"] for row in rows} >= {f"sormland-nls/{c['key']}" for c in sormland_concepts()}


def test_a_strategy_area_lists_its_projects_and_actors(client):
    expected = projects_about(AREA)
    assert "sormland-t01-1" in expected  # Tabell 1, nätverket för näringslivsansvariga
    area = get_json(client, f"/api/v1/strategy-areas/{AREA}")
    assert area["label"] == next(c["label"] for c in sormland_concepts() if c["key"] == AREA.split("/")[1])
    assert {p["key"] for p in area["projects"]} == expected
    assert area["broader"]["path"] == f"/id/concept/{BROADER}"
    assert area["scheme"]["path"] == "/id/scheme/sormland-nls"
    assert area["publisher"]["label"] == "Region Sörmland"
    owners = {r["actor"] for r in source_rows(f"{SORMLAND}/participants.csv")
              if r["project"] == "sormland-t01-1"}
    actors = {a["path"].rsplit("/", 1)[-1]: a for a in area["actors"]}
    assert owners <= set(actors)
    some_owner = actors[sorted(owners)[0]]
    assert "/id/project/sormland-t01-1" in {via["path"] for via in some_owner["via"]}
    networks = {n["key"] for n in source_rows(f"{SORMLAND}/networks.csv") if AREA in n["subjects"].split("|")}
    assert {n["path"].rsplit("/", 1)[-1] for n in area["networks"]} == networks


def test_a_broader_area_includes_its_sub_areas_projects(client):
    narrower = [f"sormland-nls/{c['key']}" for c in sormland_concepts()
                if c["broader"] == BROADER.split("/")[1]]
    area = get_json(client, f"/api/v1/strategy-areas/{BROADER}")
    assert {p["key"] for p in area["projects"]} == projects_about(BROADER, *narrower)
    assert {n["path"] for n in area["narrower"]} == {f"/id/concept/{key}" for key in narrower}
    rows = csv_rows(client.get(f"/api/v1/strategy-areas/{BROADER}/projects?format=csv"))
    assert len(rows) == len(area["projects"])
    paged = get_json(client, f"/api/v1/strategy-areas/{BROADER}/projects?limit=5&sort=-label")
    assert paged["total"] == len(area["projects"]) and len(paged["items"]) == 5


def test_the_ontologys_own_concepts_show_what_uses_them(client):
    advice = get_json(client, "/api/v1/strategy-areas/tjanst/radgivning")
    services = [s for s in source_rows("*/services.csv") if "radgivning" in s["services"].split("|")]
    assert {s["path"].rsplit("/", 1)[-1] for s in advice["services"]} == {s["key"] for s in services}
    assert {a["path"].rsplit("/", 1)[-1] for a in advice["actors"]} == {s["provider"] for s in services}
    assert advice["scheme"]["own"] is True
    kommuner = get_json(client, "/api/v1/strategy-areas/aktorstyp/kommun")["actors_of_type"]
    assert len(kommuner) == sum(1 for a in source_rows("actors/actors.csv") if a["type"] == "kommun")
    young = get_json(client, "/api/v1/strategy-areas/malgrupp/unga")["projects"]
    assert {p["key"] for p in young} == {r["key"] for r in source_rows("*/projects.csv")
                                          if "unga" in r["audience"].split("|")}
    eu = get_json(client, "/api/v1/strategy-areas/finansieringstyp/eu")["funding_schemes"]
    assert {f["path"].rsplit("/", 1)[-1] for f in eu} == {
        s["key"] for s in source_rows("*/funding_schemes.csv") if s["type"] == "eu"}


def test_unknown_areas_and_schemes_are_404(client):
    for path in ("/api/v1/strategy-areas/sormland-nls/no-such-area", "/api/v1/strategy-areas/no-such-scheme",
                 "/api/v1/strategy-areas/vg2020/nyforetagande",  # a Sörmland key under another scheme
                 "/api/v1/strategy-areas/sormland-nls/no-such-area/projects"):
        assert get_json(client, path, 404)["error"]["status"] == 404
    error = get_json(client, "/api/v1/strategy-areas?sort=nonsense", 400)["error"]
    assert error["details"] == [{"parameter": "sort"}]


def test_strategies_page_shows_the_trees(client):
    html = page(client, "/strategier")
    assert 'href="/id/scheme/sormland-nls"' in html
    for concept in sormland_concepts():
        assert f'href="/id/concept/sormland-nls/{concept["key"]}">{concept["label"]}</a>' in html
    assert 'href="/id/scheme/tjanst"' in html and 'href="/api/v1/strategy-areas?format=csv"' in html
    assert_accessible(html)


def test_scheme_page_shows_its_tree(client):
    html = page(client, "/id/scheme/sormland-nls")
    assert re.search(r"<h1><span>Sörmlands regionala näringslivsstrategi 2022–2030</span></h1>", html)
    assert len(re.findall(r'<a href="/id/concept/sormland-nls/', html)) == len(sormland_concepts())
    assert 'href="/id/actor/region-04"' in html and 'class="sources"' in html
    assert_accessible(html)


def test_area_page_shows_projects_sources_and_links(client):
    html = page(client, f"/id/concept/{AREA}")
    label = next(c["label"] for c in sormland_concepts() if c["key"] == AREA.split("/")[1])
    assert f"<span>{label}</span></h1>" in html
    assert 'href="/id/project/sormland-t01-1"' in html and f'href="/id/concept/{BROADER}"' in html
    assert "Region Sörmland" in html and 'class="sources' in html  # folded below the facts
    assert f'href="/api/v1/strategy-areas/{AREA}/projects?format=csv"' in html
    assert_accessible(html)
    english = page(client, f"/id/concept/{AREA}?lang=en")
    assert '<html lang="en">' in english and f'<span lang="sv">{label}</span>' in english


def test_concept_page_of_an_own_scheme(client):
    html = page(client, "/id/concept/roll/samordnare")
    coordinators = {n["coordinator"] for n in source_rows("*/networks.csv") if n["coordinator"]}
    assert all(f'href="/id/actor/{key}"' in html for key in coordinators)
    assert_accessible(html)


def test_a_strategy_published_jointly_is_listed_once_with_both_publishers(nquads):
    # Örebro's strategy is Region Örebro län's (002); a second publisher, as another source or a
    # remote store might state, must not list the strategy and its four areas twice.
    from graph.resources.strategy import strategies
    from graph.store import GraphStore

    joint = (b"<https://aktorskartan.se/id/scheme/orebro-bredd-och-spets> "
             b"<http://purl.org/dc/terms/publisher> <https://aktorskartan.se/id/actor/region-04> "
             b"<https://aktorskartan.se/graph/register> .\n")
    store = GraphStore.memory()
    store.replace(nquads + joint)
    found = [scheme for scheme in strategies(store) if scheme["key"] == "orebro-bredd-och-spets"]
    assert len(found) == 1
    assert [p["label"] for p in found[0]["publishers"]] == ["Region Sörmland", "Region Örebro län"]
    assert len(found[0]["concepts"]) == len(source_rows("002-orebro-bredd-och-spets/concepts.csv")) == 4
