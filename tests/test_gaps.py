"""Gaps for strategists, checked against the sources: Sörmland's insatsområde "Attrahera talang och
kompetens" has no insatser in the action plan (the plan prints an "Exempel på insatser" table for
every other insatsområde, and says "Hittills har insatserna inom området varit begränsade");
areas with insatser are no gap and count what projects.csv holds; places without a service as
services.csv and actors.csv imply (etableringsstöd in Västra Götaland only in Fyrbodal and
Skaraborg; lotsning in Västerbotten only in Möjligheternas Region's eight kommuner); target
groups no service is for; CSV downloads; the page /luckor, also in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from api import create_app
from tests.answers import assert_accessible, csv_rows, get_json, page
from tests.conftest import append_row, store_from
from tests.sources import source_rows, source_text, source_title

API = "/api/v1/analysis/gaps"
SORMLAND = "001-sormland-handlingsplan"
VG = "003-vg-delregionala-2020"
MR = "004-mojligheternas-region"
SCHEME = "sormland-nls"
TALANG = "sormland-nls/attrahera-talang"
#: The statuses that place an insats in the plan (the others: föreslagen, or none printed).
IN_PLAN = {"pågående", "kommande", "avslutad"}
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"


def areas(client, scheme: str = SCHEME) -> dict[str, dict]:
    payload = get_json(client, f"{API}/strategy-areas?scheme={scheme}")
    [found] = payload["schemes"]
    return {row["key"]: row for row in found["areas"]}


def insatsomraden() -> dict[str, str]:
    """Sörmland's 14 insatsområden (concepts with a broader strategic area): key → label."""
    return {f"{row['scheme']}/{row['key']}": row["label"] for row in source_rows(f"{SORMLAND}/concepts.csv")
            if row["broader"]}


def projects_about(subject: str) -> list[dict]:
    return [row for row in source_rows(f"{SORMLAND}/projects.csv") if subject in row["subjects"].split("|")]


# --- strategy areas --------------------------------------------------------------------------

def test_attrahera_talang_has_no_insatser_in_the_plan(client):
    text = source_text(SORMLAND)
    start = text.index("Insatsområde: Attrahera talang och")
    section = text[start:text.index("Insatsområde: Stimulera entreprenörskap", start)]
    assert "Hittills har insatserna inom området varit begränsade" in " ".join(section.split())
    proposals = section[section.index("Potentiella utvecklingsinsatser"):]
    assert proposals.count("•") == 2  # the two bullets the plan proposes
    assert "Tabell 13." not in text and "Tabell 12." in text and "Tabell 14." in text

    talang = areas(client)[TALANG]
    assert talang["label"] == "Attrahera talang och kompetens"
    assert talang["gaps"] == ["no_insatser"]
    assert talang["in_plan"] == 0 and talang["proposed"] == 2
    assert "Hittills har insatserna inom området varit begränsade" in talang["definition"]
    assert talang["sources"][0]["section"] == "Bilaga 1: Insatsområde: Attrahera talang och kompetens"
    rows = projects_about(TALANG)
    assert talang["projects"] == len(rows) and not {row["status"] for row in rows} & IN_PLAN
    gaps = get_json(client, f"{API}/strategy-areas")["gaps"]
    assert next(gap["gaps"] for gap in gaps if gap["key"] == TALANG) == ["no_insatser"]


def test_every_other_insatsomrade_has_the_plans_table_of_insatser(client):
    tables = set(re.findall(r"Tabell \d+\. (.+?)\. Exempel på insatser", source_text(SORMLAND)))
    without_table = {key for key, label in insatsomraden().items() if label not in tables}
    assert without_table == {TALANG}
    found = areas(client)
    assert {key for key in insatsomraden() if "no_insatser" in found[key]["gaps"]} == without_table
    others = [found[key] for key in insatsomraden() if key != TALANG]
    assert len(others) == 13 and all(area["in_plan"] > 0 and not area["gaps"] for area in others)


def test_an_area_with_insatser_is_no_gap_and_counts_projects_csv(client):
    rows = projects_about("sormland-nls/matchning")
    matchning = areas(client)["sormland-nls/matchning"]
    assert matchning["label"] == "Förbättrad matchning mellan utbud och efterfrågan"
    assert matchning["gaps"] == [] and matchning["level"] == 2
    assert matchning["projects"] == matchning["projects_direct"] == len(rows) == 7
    assert matchning["in_plan"] == sum(row["status"] in IN_PLAN for row in rows) == 5
    assert matchning["proposed"] == sum(row["status"] == "föreslagen" for row in rows) == 2
    assert matchning["broader"]["label"] == "Utbildning och kompetens"


def test_a_strategic_area_counts_its_insatsomraden_apart_from_direct(client):
    narrower = [f"{SCHEME}/{row['key']}" for row in source_rows(f"{SORMLAND}/concepts.csv")
                if row["broader"] == "utbildning-och-kompetens"]
    assert len(narrower) == 5
    expected = {row["key"] for key in narrower for row in projects_about(key)}
    area = areas(client)["sormland-nls/utbildning-och-kompetens"]
    assert area["level"] == 1 and area["projects_direct"] == 0
    assert area["projects_narrower"] == area["projects"] == len(expected)
    assert area["gaps"] == []


def test_an_insats_printed_twice_counts_once(client):
    # Almi basuppdrag (Tabell 4 and 7) and the four NFC (Tabell 4 and 9) are each one insats.
    narrower = [f"{SCHEME}/{row['key']}" for row in source_rows(f"{SORMLAND}/concepts.csv")
                if row["broader"] == "innovation-och-konkurrenskraft"]
    first = {row["key"]: row["same_as"] or row["key"] for row in source_rows(f"{SORMLAND}/projects.csv")}
    rows = {row["key"] for key in narrower for row in projects_about(key)}
    assert {"sormland-t04-1", "sormland-t07-1", "sormland-t04-2", "sormland-t09-1"} <= rows
    area = areas(client)["sormland-nls/innovation-och-konkurrenskraft"]
    assert area["projects"] == len({first[key] for key in rows}) == len(rows) - 2
    assert area["in_plan"] == len({first[row["key"]] for key in narrower for row in projects_about(key)
                                   if row["status"] in IN_PLAN})
    # each insatsområde still counts the insats it prints
    assert areas(client)["sormland-nls/innovationsfinansiering"]["projects"] == len(
        projects_about("sormland-nls/innovationsfinansiering"))


def test_the_delmal_of_mojligheternas_region_are_the_projects_own_aims_not_gaps(client):
    # 004 (Sammanfattning): the insatser were carried out "för att nå de enligt projektlogiken
    # identifierade delmålen", so the project is about each of its five delmål.
    assert "för att nå de enligt projektlogiken identifierade delmålen" in source_text(
        "004-mojligheternas-region")
    found = areas(client, "mojligheternas-region")
    delmal = {key: row for key, row in found.items() if "/delmal-" in key}
    assert len(delmal) == 5
    assert all(row["projects"] == 1 and row["gaps"] == [] for row in delmal.values())


def test_a_strategy_without_projects_has_only_gaps(client):
    concepts = [row for row in source_rows("002-orebro-bredd-och-spets/concepts.csv")]
    found = areas(client, "orebro-bredd-och-spets")
    assert len(found) == len(concepts) == 4
    assert all(row["gaps"] == ["no_projects", "no_actors"] for row in found.values())


def test_strategy_area_gaps_download_as_csv(client):
    rows = csv_rows(client.get(f"{API}/strategy-areas?format=csv&scheme={SCHEME}"))
    assert len(rows) == len(source_rows(f"{SORMLAND}/concepts.csv"))
    talang = next(row for row in rows if row["key"] == TALANG)
    assert talang["gaps"] == "no_insatser" and talang["in_plan"] == "0" and talang["proposed"] == "2"
    assert talang["broader"] == "Utbildning och kompetens" and talang["level"] == "2"
    assert "Attrahera talang och kompetens" in talang["sources"]


def test_an_unknown_strategy_is_a_400_naming_the_parameter(client):
    error = get_json(client, f"{API}/strategy-areas?scheme=no-such-strategy", 400)["error"]
    assert "scheme" in error["message"] and "sormland-nls" in error["message"]


# --- places without a service ----------------------------------------------------------------

def kommuner_in(place: str) -> set[str]:
    """The kommunkoder a place written as in the data (kommun:, delregion:, lan:, land:) covers."""
    kind, code = place.split(":")
    if kind == "kommun":
        return {code}
    if kind == "delregion":
        return {row["municipality_code"] for row in source_rows("reference/delregioner.csv")
                if row["key"] == code}
    return {row["municipality_code"] for row in source_rows("reference/municipalities.csv")
            if kind == "land" or row["county_code"] == code}


def served_by_the_data(service: str) -> set[str]:
    """The kommuner some services.csv row of this service type serves (its area_served, else
    its provider's in actors.csv): the expectation, written from the source rows."""
    providers = {row["key"]: row for row in source_rows("actors/actors.csv")}
    served = set()
    for row in source_rows("*/services.csv"):
        if service in row["services"].split("|"):
            areas = row["area_served"] or providers[row["provider"]]["area_served"]
            served |= {code for area in areas.split("|") if area for code in kommuner_in(area)}
    return served


def unserved(payload: dict) -> set[str]:
    return {row["code"] for row in payload["rows"] if row["kind"] == "kommun" and not row["served"]}


def test_etableringsstod_in_vastra_gotaland_only_in_fyrbodal_and_skaraborg(client):
    payload = get_json(client, f"{API}/services?service=etableringsstod&lan=14")
    assert unserved(payload) == kommuner_in("lan:14") - served_by_the_data("etableringsstod")
    rows = {row["code"]: row for row in payload["rows"]}
    assert not rows["1490"]["served"] and rows["1490"]["place"]["label"] == "Borås kommun"
    assert [p["label"] for p in rows["1496"]["providers"]] == ["Skaraborgs kommunalförbund"]
    assert [p["label"] for p in rows["1485"]["providers"]] == ["Fyrbodals kommunalförbund"]
    assert rows["1485"]["providers"][0]["area"]["label"] == "Fyrbodal"
    delregioner = {code: row["served"] for code, row in rows.items() if row["kind"] == "delregion"}
    assert delregioner == {"borasregionen": False, "fyrbodal": True, "goteborgsregionen": False,
                           "skaraborg": True}
    [summary] = payload["services"]
    assert summary["key"] == "etableringsstod" and summary["places"] == len(kommuner_in("lan:14")) + 4


def test_lotsning_in_vasterbotten_only_in_the_eight_kommuner_of_the_project(client):
    payload = get_json(client, f"{API}/services?service=lotsning&place=lan:24")
    served = served_by_the_data("lotsning") & kommuner_in("lan:24")
    assert len(served) == 8  # Möjligheternas Region's eight inland kommuner
    assert unserved(payload) == kommuner_in("lan:24") - served
    assert "2480" in unserved(payload)  # Umeå: no näringslivsfunktion in the sources


def source_documents() -> dict[str, str]:
    """Source folder → its document's title."""
    return {folder: source_title(folder) for folder in (SORMLAND, VG, MR)}


def test_export_support_in_vastra_gotaland_is_not_in_the_sources_not_a_gap(client):
    # No source places an export service in Västra Götaland, neither itself nor by its provider.
    assert not served_by_the_data("exportstod") & kommuner_in("lan:14")
    payload = get_json(client, f"{API}/services?service=exportstod&lan=14")
    [summary] = payload["services"]
    assert summary["served"] == 0 and summary["places"] == len(kommuner_in("lan:14")) + 4
    assert summary["gaps"] == [] and len(summary["not_in_sources"]) == summary["places"]
    assert {row["coverage"] for row in payload["rows"]} == {"not_in_sources"}
    assert all(row["gap_sources"] == [] for row in payload["rows"])
    # In Södermanland the plan records Regional Exportsamverkan Sörmland for the whole län.
    sormland = get_json(client, f"{API}/services?service=exportstod&lan=04")["services"][0]
    assert sormland["served"] == sormland["places"] and not sormland["not_in_sources"]


def test_etableringsstod_missing_in_boras_is_a_gap_the_2020_grants_show(client):
    # The delregional grants of 2020 (003) place projects in Boråsregionen and record
    # etableringsstöd in Fyrbodal and Skaraborg: Borås lacks what the source shows elsewhere.
    assert [row for row in source_rows(f"{VG}/projects.csv") if "delregion:borasregionen" in row["places"]]
    payload = get_json(client, f"{API}/services?service=etableringsstod&lan=14")
    rows = {row["code"]: row for row in payload["rows"]}
    assert rows["1490"]["coverage"] == "gap" and not rows["1490"]["served"]
    assert [s["label"] for s in rows["1490"]["gap_sources"]] == [source_documents()[VG]]
    assert rows["1496"]["coverage"] == "served"
    [summary] = payload["services"]
    assert {place["code"] for place in summary["gaps"]} == unserved(payload) | {"borasregionen",
                                                                                "goteborgsregionen"}
    assert summary["not_in_sources"] == []


def test_lotsning_outside_the_projects_kommuner_is_not_in_the_sources(client):
    # Möjligheternas Region (004) covers its eight inland kommuner only: Umeå is not in it.
    places = next(row["places"] for row in source_rows(f"{MR}/projects.csv"))
    eight = {place.split(":")[1] for place in places.split("|")}
    assert len(eight) == 8 and "2480" not in eight
    rows = {row["code"]: row for row in get_json(client, f"{API}/services?service=lotsning&lan=24")["rows"]}
    assert rows["2480"]["coverage"] == "not_in_sources"
    assert {code for code, row in rows.items() if row["coverage"] == "served"} == eight
    assert {row["coverage"] for row in rows.values()} == {"served", "not_in_sources"}


def test_a_service_for_all_sweden_reaches_every_kommun(client):
    # Svenskt Näringslivs företagsklimat measurement (analys) is offered in land:SE.
    assert "land:SE" in [row["area_served"] for row in source_rows("*/services.csv")
                         if "analys" in row["services"]]
    payload = get_json(client, f"{API}/services?service=analys&lan=04")
    assert unserved(payload) == set() and len(payload["rows"]) == len(kommuner_in("lan:04"))


def test_default_scope_is_the_lan_the_data_covers(client):
    payload = get_json(client, f"{API}/services?service=exportstod")
    assert payload["default_scope"] is True
    scope = {place["code"] for place in payload["scope"]}
    assert {"04", "14", "24"} <= scope and "18" not in scope  # Örebro's source names no service
    assert unserved(payload) == (set().union(*(kommuner_in(f"lan:{c}") for c in scope))
                                 - served_by_the_data("exportstod"))


def test_services_without_an_area_are_listed_not_counted(client):
    provider_areas = {row["key"]: row["area_served"] for row in source_rows("actors/actors.csv")}
    mitc = next(row for row in source_rows(f"{SORMLAND}/services.csv") if row["key"] == "sormland-svc-mitc")
    assert not mitc["area_served"] and not provider_areas[mitc["provider"]]
    [summary] = get_json(client, f"{API}/services?service=digitalisering&lan=04")["services"]
    assert [item["path"] for item in summary["unplaced"]] == ["/id/service/sormland-svc-mitc"]


def test_service_gaps_download_as_csv(client):
    rows = csv_rows(client.get(f"{API}/services?service=etableringsstod&lan=14&format=csv"))
    boras = next(row for row in rows if row["code"] == "1490")
    assert boras["served"] == "nej" and boras["providers"] == "" and boras["place"] == "Borås kommun"
    assert next(row for row in rows if row["code"] == "1496")["providers"] == "Skaraborgs kommunalförbund"


@pytest.mark.parametrize("query, parameter", [
    ("service=no-such-service", "service"),
    ("lan=99", "lan"),
    ("lan=kommun:0484", "lan"),
    ("place=kommun:0000", "place"),
    ("place=somewhere", "place"),
    ("place=lan:04&lan=04", "place"),
    ("format=xml", "format"),
])
def test_bad_service_gap_parameters_are_a_400_naming_them(client, query, parameter):
    error = get_json(client, f"{API}/services?{query}", 400)["error"]
    assert f"'{parameter}'" in error["message"]


# --- target groups ---------------------------------------------------------------------------

def test_target_groups_nobody_serves_are_those_no_service_names(client):
    named = {group for row in source_rows("*/services.csv") for group in row["audience"].split("|") if group}
    groups = {group["key"]: group for group in get_json(client, f"{API}/audiences")["groups"]}
    assert {key for key, group in groups.items() if group["served"]} == named
    # Women: no service is for them, but Women Executive Invest (Sörmland) targets them.
    assert "kvinnor" not in named and not groups["kvinnor"]["served"]
    assert groups["kvinnor"]["targeted_by_projects"]
    assert "Women Executive Invest" in [p["label"] for p in groups["kvinnor"]["projects"]]
    assert {p["label"] for p in groups["elever"]["providers"]} == {
        "Ung Företagsamhet Sörmland", "Ung Företagsamhet Älvsborg"}


def test_target_group_gaps_download_as_csv(client):
    rows = {row["key"]: row for row in csv_rows(client.get(f"{API}/audiences?format=csv"))}
    assert rows["kvinnor"]["served"] == "nej" and rows["kvinnor"]["targeted_by_projects"] == "ja"
    assert rows["elever"]["served"] == "ja"


# --- the page --------------------------------------------------------------------------------

def test_the_gap_page_shows_the_gaps_the_services_and_the_indicators(client):
    html = page(client, "/luckor?service=etableringsstod&lan=14")
    assert_accessible(html)
    assert "Attrahera talang och kompetens" in html and "Inga insatser i planen" in html
    assert "Hittills har insatserna inom området varit begränsade" in html
    assert re.search(r'<tr class="gap">\s*<th scope="row"><a href="/id/kommun/1490">Borås kommun</a>', html)
    export = page(client, "/luckor?service=exportstod&lan=14")
    assert re.search(r'<tr class="not-in-sources">\s*<th scope="row"><a href="/id/kommun/1490">', export)
    assert "Saknas i källorna" in export and "Ingen leverantör: lucka" not in export
    assert "Skaraborgs kommunalförbund" in html and "Mål och utfall" in html
    assert "Antal nya företag som får stöd" in html and "46,7&nbsp;%" in html
    for link in ("gaps/strategy-areas?format=csv", "gaps/audiences?format=csv", "indicators?format=csv",
                 "gaps/services?service=etableringsstod&amp;lan=14&amp;format=csv"):
        assert f'href="/api/v1/analysis/{link}"' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="group" class="bar-chart"' in html


def test_prioritised_questions_show_their_number_and_theme_in_order(client):
    concepts = source_rows(f"{VG}/concepts.csv")
    questions = {f"vg2020/{row['key']}": row for row in concepts if row["notation"]}
    themes = {row["key"]: row["label"] for row in concepts if not row["broader"]}
    rows = [row for row in areas(client, "vg2020").values() if row["key"] in questions]
    assert len(rows) == len(questions) == 16
    assert all(row["theme"]["label"] == themes[questions[row["key"]]["broader"]] for row in rows)
    assert all(row["wording_in"]["label"].startswith("VG2020") for row in rows)
    html = page(client, "/luckor?scheme=vg2020")
    shown = re.findall(r">Prioriterad fråga (\d+)</a> – <span>([^<]+)</span>", html)
    under = {}  # the tree: each theme's questions in the order of their numbers
    for number, theme in shown:
        under.setdefault(theme, []).append(int(number))
    assert under and all(numbers == sorted(numbers) for numbers in under.values())
    assert under["En region för alla"] == [10, 12, 15, 16, 20]
    assert "frågornas lydelse står i VG2020" in html
    start = html.index('<nav class="contents"')
    contents = html[start:html.index("</nav>", start)]
    for anchor in ("areas-heading", "area-gaps-heading", "services-heading", "audiences-heading",
                   "indicators-heading"):
        assert f'href="#{anchor}"' in contents and f'id="{anchor}"' in html


def test_the_gap_page_in_english_and_with_a_bad_choice(client):
    html = page(client, "/luckor?lang=en")
    assert "Targets and results" in html and "No actions in the plan" in html
    response = client.get("/luckor?service=<script>", headers={"Accept": "text/html"})
    assert response.status_code == 400 and "<script>" not in response.get_data(as_text=True)


def test_the_gap_page_in_chromium(watched, live_server):
    page = watched.page
    page.goto(f"{live_server}/luckor")
    expect(page.locator(".gap-list")).to_contain_text("Attrahera talang och kompetens")
    page.select_option("#f-service", "etableringsstod")
    page.select_option("#f-lan", "14")
    page.locator("form.filters").nth(1).get_by_role("button").click()
    page.wait_for_url("**/luckor?service=etableringsstod&lan=14*")
    boras = page.locator("table.service-places tr", has_text="Borås kommun")
    expect(boras).to_contain_text("Ingen leverantör")
    expect(page.locator("table.service-places tr", has_text="Skövde kommun")).to_contain_text(
        "Skaraborgs kommunalförbund")
    expect(page.locator("table.indicator-table").first).to_be_visible()
    watched.assert_clean(live_server)


def test_hostile_names_stay_text_on_the_gap_page(data_copy, tmp_path):
    """A provider and a service named like markup, in a copy of the data, are escaped."""
    append_row(data_copy / "actors" / "actors.csv", key="hostile-img", pref_label=IMG, type="foretag",
               area_served="lan:04")
    append_row(data_copy / SORMLAND / "mentions.csv", actor="hostile-img", label=IMG, locator="tabell-06")
    append_row(data_copy / SORMLAND / "services.csv", key="hostile-service", provider="hostile-img",
               label=SCRIPT, services="exportstod", area_served="lan:04", locator="tabell-06")
    store = store_from(data_copy, tmp_path / "store")
    client = create_app({"STORE": str(store), "TESTING": True}).test_client()
    html = page(client, "/luckor?service=exportstod&lan=04")
    assert IMG not in html and SCRIPT not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;/script&gt;&lt;script&gt;" in html
