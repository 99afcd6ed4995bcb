"""Projects: one project's owners, parties, money and warnings; the filtered, sorted, paged list;
CSV for Excel; the pages. Expected values come from the data files and the printed sources."""

from __future__ import annotations

import re

import pytest

from graph.swedish import format_number
from tests.answers import assert_accessible, csv_rows, get_json, page
from tests.sources import source_rows

VG = "003-vg-delregionala-2020"
MR = "004-mojligheternas-region"
SMART = "vg2020-bor-10"
DRIVHUSET = "vg2020-bor-02"


def all_projects() -> list[dict]:
    return source_rows("*/projects.csv")


def actor_labels() -> dict[str, str]:
    return {row["key"]: row["pref_label"] for row in source_rows("actors/actors.csv")}


def keys(items: list[dict]) -> set[str]:
    return {item["key"] for item in items}


def listed(client, query: str) -> dict:
    return get_json(client, f"/api/v1/projects?limit=500&{query}")


# --- one project ---------------------------------------------------------------------------

def test_smart_has_its_owner_total_cost_and_run_grant(client):
    smart = get_json(client, f"/api/v1/projects/{SMART}")
    assert smart["label"] == "SMART – Smart Industri Sjuhärad"
    assert [owner["label"] for owner in smart["owners"]] == ["Industriellt utvecklingscenter i Sjuhärad AB"]
    assert smart["owners"][0]["path"] == "/id/actor/industriellt-utvecklingscenter-i-sjuharad-ab"
    assert smart["total_cost"] == 3_920_000
    [grant] = smart["funding"]
    assert grant["amount"] == 990_000 and grant["year"] == "2020"
    assert grant["scheme"]["path"] == "/id/funding/vgr-run-delregionala-2020"
    assert grant["funder"]["label"] == "Västra Götalandsregionen"
    assert grant["disbursed_by"]["path"] == "/id/actor/borasregionen-sjuharads-kommunalforbund"
    assert smart["grant_sum"] == 990_000
    assert [place["path"] for place in smart["places"]] == ["/id/delregion/borasregionen"]
    printed = "Boråsregionen – En ledande kunskapsregion (tabell)"
    assert {s["section"] for s in smart["sources"]} == {printed}
    assert {s["section"] for s in grant["sources"]} == {printed}


def test_a_project_lists_its_strategy_areas_with_their_scheme(client):
    row = next(r for r in source_rows(f"{VG}/projects.csv") if r["key"] == SMART)
    expected = {f"/id/concept/{subject}" for subject in row["subjects"].split("|")}
    smart = get_json(client, f"/api/v1/projects/{SMART}")
    assert {area["path"] for area in smart["strategy_areas"]} == expected
    assert {area["scheme"]["path"] for area in smart["strategy_areas"]} == {"/id/scheme/vg2020"}


def test_mojligheternas_region_has_eight_parties_and_no_owner(client):
    rows = source_rows(f"{MR}/participants.csv")
    parties = {r["actor"] for r in rows
               if r["role"] == "samverkanspart" and r["locator"] == "m-12-sammanfattning"}
    assert len(parties) == 8  # "samverkansprojekt mellan Dorotea kommun, ... och Åsele näringslivsstiftelse"
    project = get_json(client, "/api/v1/projects/mojligheternas-region")
    partners = next(g for g in project["participants"] if g["role"]["label"] == "Samverkanspart")
    summary = [p for p in partners["parties"]
               if any("sammanfattning" in s["section"].casefold() for s in p["sources"])]
    assert {p["actor"]["path"].rsplit("/", 1)[-1] for p in summary} == parties
    cofunders = next(g for g in project["participants"] if g["role"]["label"] == "Medfinansiär")
    assert parties <= {p["actor"]["path"].rsplit("/", 1)[-1] for p in cofunders["parties"]}
    assert project["owners"] == []
    assert project["warnings"] == [{"sv": "källan anger ingen projektägare",
                                    "en": "the source names no project owner"}]


def test_a_party_named_twice_keeps_both_notes_and_sources(client):
    rows = [r for r in source_rows(f"{MR}/participants.csv") if r["actor"] == "region-24-ivb"]
    project = get_json(client, "/api/v1/projects/mojligheternas-region")
    party = next(p for g in project["participants"] for p in g["parties"]
                 if p["actor"]["path"] == "/id/actor/region-24-ivb")
    assert set(party["notes"]) == {r["note"] for r in rows}
    assert len(party["sources"]) == len({r["locator"] for r in rows})


def test_drivhuset_framsteg_grant_larger_than_its_cost_is_flagged(client):
    grant_row = next(r for r in source_rows(f"{VG}/grants.csv") if r["project"] == DRIVHUSET)
    cost = next(r for r in source_rows(f"{VG}/projects.csv") if r["key"] == DRIVHUSET)["total_cost"]
    project = get_json(client, f"/api/v1/projects/{DRIVHUSET}")
    assert project["total_cost"] == int(cost) and project["funding"][0]["amount"] == int(grant_row["amount"])
    [warning] = project["funding"][0]["warnings"]
    # The amounts as each language writes them: 580,000 SEK and 580 000 kr.
    english, swedish = (format_number(grant_row["amount"], "en"), format_number(cost, "en")), \
        (format_number(grant_row["amount"]), format_number(cost))
    assert all(f"({n} SEK)" in warning["en"] for n in english) and "larger" in warning["en"]
    assert all(f"({n} kr)" in warning["sv"] for n in swedish) and "större" in warning["sv"]
    html = page(client, f"/id/project/{DRIVHUSET}")
    assert 'class="warnings"' in html and warning["sv"] in html
    english = page(client, f"/id/project/{DRIVHUSET}?lang=en")
    assert warning["en"].replace("'", "&#39;") in english


def test_unknown_project_is_a_404_in_the_error_shape(client):
    error = get_json(client, "/api/v1/projects/no-such-project", 404)["error"]
    assert error["status"] == 404 and "no-such-project" in error["message"]


# --- the list ------------------------------------------------------------------------------

def test_the_list_holds_every_project_and_pages(client):
    everything = all_projects()
    first = get_json(client, "/api/v1/projects?limit=10&offset=5")
    assert first["total"] == len(everything) and first["offset"] == 5 and len(first["items"]) == 10
    assert keys(listed(client, "")["items"]) == {row["key"] for row in everything}


def test_the_list_row_summarises_a_project(client):
    [row] = [r for r in listed(client, "")["items"] if r["key"] == SMART]
    assert row["total_cost"] == 3_920_000 and row["grant_sum"] == 990_000
    assert [o["label"] for o in row["owners"]] == ["Industriellt utvecklingscenter i Sjuhärad AB"]
    assert row["path"] == f"/id/project/{SMART}"


def test_place_filter_follows_the_place_hierarchy(client):
    vg = source_rows(f"{VG}/projects.csv")
    skaraborg = {r["key"] for r in vg if "delregion:skaraborg" in r["places"].split("|")}
    printed = next(r for r in source_rows(f"{VG}/checksums.csv") if r["key"] == "vg2020-ska-antal")
    assert len(skaraborg) == int(printed["expected"])
    assert keys(listed(client, "place=delregion/skaraborg")["items"]) == skaraborg
    # delregioner lie within Västra Götalands län (14): every VG project is in län 14
    assert keys(listed(client, "place=lan:14")["items"]) == {r["key"] for r in vg}


def test_strategy_filter_includes_sub_areas(client):
    area = "forutsattningar-och-framtid"
    concepts = source_rows("001-sormland-handlingsplan/concepts.csv")
    wanted = {f"sormland-nls/{c['key']}" for c in concepts if area in (c["key"], c["broader"])}
    expected = {r["key"] for r in all_projects() if wanted & set(r["subjects"].split("|"))}
    assert expected and keys(listed(client, f"strategy=sormland-nls/{area}")["items"]) == expected


def test_funding_owner_and_year_filters(client):
    run = {r["project"] for r in source_rows(f"{VG}/grants.csv")
           if r["scheme"] == "vgr-run-delregionala-2020"}
    assert keys(listed(client, "funding=vgr-run-delregionala-2020")["items"]) == run
    owned = listed(client, "owner=industriellt-utvecklingscenter-i-sjuharad-ab")["items"]
    assert keys(owned) == {r["project"] for r in source_rows(f"{VG}/participants.csv")
                           if r["actor"] == "industriellt-utvecklingscenter-i-sjuharad-ab"
                           and r["role"] == "projektagare"}
    in_2020 = keys(listed(client, "year=2020")["items"])
    assert run <= in_2020 and "mojligheternas-region" not in in_2020  # 2015-09-01 – 2018-12-31
    assert "mojligheternas-region" in keys(listed(client, "year=2016")["items"])
    both = keys(listed(client, "funding=vgr-run-delregionala-2020&place=delregion/skaraborg")["items"])
    assert both == keys(listed(client, "place=delregion/skaraborg")["items"])


@pytest.mark.parametrize("query, parameter", [
    ("place=nowhere", "place"), ("place=kommun/9999", "place"), ("strategy=no/such", "strategy"),
    ("funding=nothing", "funding"), ("owner=nobody", "owner"), ("year=20x0", "year"),
    ("sort=nonsense", "sort"), ("limit=0", "limit"), ("offset=-1", "offset"),
])
def test_bad_parameters_are_400_naming_the_parameter(client, query, parameter):
    error = get_json(client, f"/api/v1/projects?{query}", 400)["error"]
    assert error["details"] == [{"parameter": parameter}] and parameter in error["message"]


def test_sorting_by_total_cost_descending(client):
    costs = [int(r["total_cost"]) for r in all_projects() if r["total_cost"]]
    items = get_json(client, "/api/v1/projects?sort=-total_cost&limit=3")["items"]
    assert items[0]["total_cost"] == max(costs)
    labels = [i["label"] for i in listed(client, "sort=label")["items"]]
    assert labels.index("Öde – Ökad egenförsörjning") > labels.index("Women Executive Invest")  # Ö after W
    assert labels[-1].startswith("Ö")


def test_csv_downloads_the_whole_filtered_list_for_excel(client):
    for response in (client.get("/api/v1/projects?format=csv&limit=1"),
                     client.get("/api/v1/projects", headers={"Accept": "text/csv"})):
        rows = csv_rows(response)  # text/csv with a byte-order mark
        assert "\r\n" in response.get_data(as_text=True)
        assert len(rows) == len(all_projects())
    smart = next(r for r in rows if r["key"] == SMART)
    assert smart["total_cost"] == "3920000"
    assert smart["owners"] == "Industriellt utvecklingscenter i Sjuhärad AB"
    skaraborg = client.get("/api/v1/projects?format=csv&place=delregion/skaraborg").get_data(as_text=True)
    expected = keys(listed(client, "place=delregion/skaraborg")["items"])
    assert len(skaraborg.strip().splitlines()) == 1 + len(expected)


# --- pages ---------------------------------------------------------------------------------

def test_project_page_shows_facts_sources_and_links(client):
    html = page(client, f"/id/project/{SMART}")
    assert "<h1>SMART – Smart Industri Sjuhärad</h1>" in html
    assert "3\u00a0920\u00a0000&nbsp;kr" in html and "990\u00a0000&nbsp;kr" in html
    assert "Sammanfattande beskrivning – 2020 års beviljade delregionala insatser" in html  # the source
    for path in ("/id/actor/industriellt-utvecklingscenter-i-sjuharad-ab",
                 "/id/funding/vgr-run-delregionala-2020", "/id/delregion/borasregionen",
                 "/id/concept/vg2020/kunskapsregion", "/id/document/vg-delregionala-2020"):
        assert f'href="{path}"' in html
    assert_accessible(html)


def test_project_page_in_english_marks_swedish_data(client):
    html = page(client, f"/id/project/{SMART}?lang=en")
    assert '<html lang="en">' in html and "Owners and participants" in html
    assert '<h1 lang="sv">SMART – Smart Industri Sjuhärad</h1>' in html
    assert_accessible(html)


def test_projects_page_filters_with_a_get_form(client):
    html = page(client, "/projekt?place=delregion/skaraborg")
    assert re.search(r'<form class="filters" action="/projekt" method="get"', html)
    assert '<option value="delregion/skaraborg" selected>' in html
    expected = keys(listed(client, "place=delregion/skaraborg")["items"])
    assert set(re.findall(r'href="/id/project/([^"]+)"', html)) == expected
    assert 'href="/api/v1/projects?place=delregion%2Fskaraborg&amp;format=csv"' in html
    assert_accessible(html)


def test_projects_page_pages_through_the_list(client):
    html = page(client, "/projekt?limit=20")
    assert len(re.findall(r'<th scope="row"><a href="/id/project/', html)) == 20
    assert 'rel="next" href="/projekt?limit=20&amp;offset=20"' in html
