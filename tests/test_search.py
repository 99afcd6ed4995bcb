"""Search: the way Swedes type (case, accents, aliases), ranking, Swedish order, facets, the API
and the pages. Expected values come from the data files, not from what search returns today."""

from __future__ import annotations

import csv

import pytest

from graph.errors import InvalidParameter
from graph.search import search, search_index
from graph.store import GraphStore
from tests.answers import get_json, page
from tests.iris import ALMI, ALMI_SORMLAND
from tests.sources import source_rows


def municipality(code: str) -> dict:
    return next(row for row in source_rows("reference/municipalities.csv")
                if row["municipality_code"] == code)


def api(client, query: str) -> dict:
    return get_json(client, f"/api/v1/search?{query}")


def paths(result: dict) -> list[str]:
    return [hit["path"] for hit in result["items"]]


# --- the way Swedes type ----------------------------------------------------------------------

def test_almi_finds_the_company_and_its_sormland_subsidiary(served):
    found = {hit["iri"]: hit for hit in search(served, "almi")["items"]}
    assert str(ALMI) in found and str(ALMI_SORMLAND) in found
    spellings = {row["label"] for row in source_rows("*/mentions.csv")
                 if row["actor"] == "almi-foretagspartner-ab"}
    assert found[str(ALMI)]["matched_alias"] in spellings  # ALMI, as 004 prints it
    assert found[str(ALMI)]["kind"] == "actor"


def test_case_does_not_matter(client):
    lower, upper, title = (api(client, f"q={q}&limit=500") for q in ("almi", "ALMI", "Almi"))
    assert paths(lower) == paths(upper) == paths(title)
    assert lower["total"] == upper["total"] == title["total"] >= 2


def test_goteborg_without_accents_finds_the_kommun_first_and_the_goteborg_actors(served):
    result = search(served, "goteborg", limit=None)
    goteborg = municipality("1480")
    first = result["items"][0]
    assert first["path"] == "/id/kommun/1480" and first["label"] == goteborg["municipality_name"]
    assert first["matched_alias"] == goteborg["municipality_name_short"]
    named = {f"/id/actor/{row['key']}" for row in source_rows("actors/actors.csv")
             if "Göteborg" in row["pref_label"]}
    assert named and named <= set(paths(result))
    # Göteborgs Stad is not an actor of its own in the register: only the place is.
    assert not [row for row in source_rows("actors/actors.csv") if row["pref_label"] == "Göteborgs Stad"]


def test_orebro_finds_orebro(served):
    found = set(paths(search(served, "orebro", limit=None)))
    assert {"/id/kommun/1880", "/id/lan/18"} <= found
    assert search(served, "Örebro", limit=None)["total"] == search(served, "OREBRO", limit=None)["total"]


def test_ranked_exact_then_label_prefix_then_word_prefix(served):
    order = paths(search(served, "göteborg", limit=None))
    exact = order.index("/id/kommun/1480")  # short name Göteborg
    prefix = order.index("/id/actor/goteborgsregionens-kommunalforbund")
    word = order.index("/id/actor/business-region-goteborg")
    assert exact < prefix < word


def test_alias_only_matches_say_which_alias(served):
    # "Almi" is how the Sörmland plan (001) names Almi Företagspartner Sörmland.
    hit = next(hit for hit in search(served, "almi")["items"] if hit["iri"] == str(ALMI_SORMLAND))
    assert hit["matched_alias"] == "Almi"


def test_the_abbreviation_the_sources_print_finds_the_fund(served):
    # 001 and 004 write "ERUF" for Europeiska regionala utvecklingsfonden.
    hits = search(served, "eruf")["items"]
    assert hits[0]["path"] == "/id/funding/eruf"
    assert hits[0]["label"] == "Europeiska regionala utvecklingsfonden"
    assert hits[0]["matched_alias"] == "ERUF"


# --- Swedish order ----------------------------------------------------------------------------

def test_places_in_vasterbotten_follow_swedish_order(client):
    result = api(client, "kind=place&lan=24&sort=label&limit=500")
    labels = [hit["label"] for hit in result["items"]]
    expected = {row["municipality_name"] for row in source_rows("reference/municipalities.csv")
                if row["county_code"] == "24"} | {"Västerbottens län"}
    assert set(labels) == expected
    assert labels[-4:] == ["Vindelns kommun", "Vännäs kommun", "Västerbottens län", "Åsele kommun"]
    assert labels.index("Lycksele kommun") < labels.index("Malå kommun") < labels.index("Nordmalings kommun")
    assert labels[0] == "Bjurholms kommun"


def test_browsing_in_relevance_order_is_swedish_order_too(served):
    result = search(served, "", {"kind": "place", "lan": "18"}, limit=None)
    labels = [hit["label"] for hit in result["items"]]
    assert labels[0] == "Askersunds kommun" and labels[-2:] == ["Örebro kommun", "Örebro län"]
    position = labels.index
    assert position("Hallsbergs kommun") < position("Hällefors kommun") < position("Karlskoga kommun")


# --- facets and filters -----------------------------------------------------------------------

def test_facet_counts_add_up_to_the_total(client):
    for query in ("q=almi", "q=sörmland", "type=kommun", "q=region&lan=14"):
        result = api(client, query)
        assert sum(item["count"] for item in result["facets"]["kind"]) == result["total"], query


def test_a_facet_count_is_what_choosing_it_gives(client):
    result = api(client, "q=sörmland")
    for facet in ("kind", "lan", "type", "strategy"):
        for item in result["facets"][facet][:3]:
            narrowed = api(client, f"q=sörmland&{facet}={item['value']}")
            assert narrowed["total"] == item["count"], (facet, item)


def test_kind_filter_keeps_only_that_kind(client):
    everything = api(client, "q=almi")
    actors = api(client, "q=almi&kind=actor")
    assert {hit["kind"] for hit in actors["items"]} == {"actor"}
    assert actors["total"] == next(i["count"] for i in everything["facets"]["kind"] if i["value"] == "actor")
    assert actors["total"] < everything["total"]
    both = api(client, "q=almi&kind=actor&kind=project")
    assert {hit["kind"] for hit in both["items"]} == {"actor", "project"}


def test_every_actor_of_the_register_is_a_search_hit_by_type(client):
    kommuner = {row["key"] for row in source_rows("actors/actors.csv") if row["type"] == "kommun"}
    result = api(client, "kind=actor&type=kommun&limit=500")
    assert {hit["path"].rsplit("/", 1)[-1] for hit in result["items"]} == kommuner


def test_lan_filter_follows_kommun_up_to_its_lan(client):
    # Almi Sörmland serves lan:04 (actors.csv); Vingåker (0428) lies in Södermanlands län.
    sormland = api(client, "q=almi&lan=04")
    assert "/id/actor/almi-sormland" in paths(sormland)
    assert "/id/actor/almi-foretagspartner-ab" not in paths(sormland)
    assert "/id/kommun/0428" in paths(api(client, "kind=place&lan=04&limit=500"))


def test_browse_without_a_query(client):
    result = api(client, "kind=network&limit=500")
    assert result["total"] == len(source_rows("*/networks.csv"))
    assert result["query"]["q"] == ""


def test_paging(client):
    first, second = api(client, "q=sörmland&limit=5"), api(client, "q=sörmland&limit=5&offset=5")
    assert first["limit"] == 5 and len(first["items"]) == 5 and second["offset"] == 5
    assert not set(paths(first)) & set(paths(second))


@pytest.mark.parametrize(("query", "parameter"), [
    ("limit=0", "limit"), ("limit=abc", "limit"), ("limit=501", "limit"), ("offset=-1", "offset"),
    ("kind=person", "kind"), ("lan=99", "lan"), ("type=drake", "type"), ("sort=size", "sort"),
    ("q=" + "a" * 201, "q"), ("format=xml", "format"),
])
def test_bad_parameters_are_refused_naming_them(client, query, parameter):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["details"] == [{"parameter": parameter}] and parameter in error["message"]


def test_the_library_refuses_bad_parameters_too(served):
    with pytest.raises(InvalidParameter) as refused:
        search(served, "almi", {"service": ["teleportering"]})
    assert refused.value.parameter == "service"


# --- the index --------------------------------------------------------------------------------

def test_the_index_is_built_once_per_store_generation(nquads):
    store = GraphStore.memory()
    empty = search_index(store)
    assert empty.entries == [] and search_index(store) is empty
    store.replace(nquads)
    loaded = search_index(store)
    assert loaded is not empty and search_index(store) is loaded
    assert len([e for e in loaded.entries if e.kind == "actor"]) == len(source_rows("actors/actors.csv"))


# --- API renderings ---------------------------------------------------------------------------

def test_csv_download_has_every_hit_for_swedish_excel(client):
    total = api(client, "q=sörmland")["total"]
    response = client.get("/api/v1/search?q=sörmland&format=csv&limit=5")
    assert response.mimetype == "text/csv"
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff") and "\r\n" in text
    lines = text.lstrip("\ufeff").rstrip("\r\n").split("\r\n")
    assert lines[0].split(";")[:2] == ["label", "kind"]
    assert len(list(csv.reader(lines, delimiter=";"))) == total + 1
    assert any(line.startswith("Almi Företagspartner Sörmland;") for line in lines)


def test_openapi_describes_every_search_parameter(client):
    operation = client.get("/api/v1/openapi.json").get_json()["paths"]["/search"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == {"q", "kind", "type", "lan", "kommun", "service", "audience", "strategy", "funding",
                     "offset", "limit", "sort", "format"}
    assert {"200", "400"} <= set(operation["responses"])


# --- pages ------------------------------------------------------------------------------------

def test_home_page_has_search_links_and_counts(client):
    html = page(client, "/")
    assert 'action="/sok"' in html and 'id="q"' in html and '<label for="q"' in html
    for path in ("/aktorer", "/projekt", "/natverk", "/finansieringskallor", "/strategier", "/platser",
                 "/sparql", "/api/v1/openapi.json", "/dataset"):
        assert f'href="{path}"' in html, path
    for name in ("actors/actors.csv", "*/projects.csv", "*/networks.csv"):
        count = len(source_rows(name))
        assert f">{count}<" in html or f" {count} " in html, name
    assert "<script" not in html and "style=" not in html


def test_search_page_lists_hits_with_kind_and_alias(client):
    html = page(client, "/sok?q=almi")
    assert 'class="hit" href="/id/actor/almi-sormland"' in html
    assert 'class="hit" href="/id/actor/almi-foretagspartner-ab"' in html
    assert "”ALMI”" in html and "Aktör" in html
    assert 'href="/api/v1/search?q=almi&amp;format=csv"' in html
    assert 'type="checkbox"' in html and 'name="kind" value="actor"' in html


def test_search_page_pages_and_keeps_the_filters(client):
    assert 'rel="next"' not in page(client, "/sok?kind=place&lan=24")  # 16 places: one page
    html = page(client, "/sok?q=s%C3%B6rmland&limit=5")
    assert 'rel="next" href="/sok?q=s%C3%B6rmland&amp;limit=5&amp;offset=5"' in html


def test_search_page_escapes_what_was_typed(client):
    html = page(client, "/sok?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_page_in_english(client):
    html = page(client, "/sok?q=almi&lang=en")
    assert 'lang="en"' in html and "Actor" in html and "Actor type" in html and "also known as" in html


def test_a_bad_parameter_on_the_page_is_an_html_error(client):
    response = client.get("/sok?limit=0", headers={"Accept": "text/html"})
    assert response.status_code == 400 and response.mimetype == "text/html" and "limit" in response.text
