"""The timeline, checked against the sources: a project's period as printed (EDIH ShiftLabs
230101–251231), the year of a grant where no dates are printed (VG2020), open sides kept open,
the undated listed apart, filters by place, period and strategy, collisions, CSV, the page, and
the page in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.answers import assert_accessible, csv_rows, get_json, page
from tests.sources import source_rows, source_text

API = "/api/v1/analysis/timeline"
SORMLAND = "001-sormland-handlingsplan"
EDIH = "sormland-t05-2-1"


def project_row(key: str) -> dict:
    return next(row for row in source_rows("*/projects.csv") if row["key"] == key)


def timeline(client, query: str = "") -> dict:
    return get_json(client, f"{API}?{query}")


def by_key(rows: list[dict]) -> dict[str, dict]:
    return {row["key"]: row for row in rows}


def test_edih_shiftlabs_runs_as_the_action_plan_prints_it(client):
    source = " ".join(source_text(SORMLAND).split())
    assert "ShiftLabs 230101 –251231." in source  # 2023-01-01 to 2025-12-31
    row = project_row(EDIH)
    assert (row["label"], row["start"], row["end"]) == ("EDIH ShiftLabs", "2023-01-01", "2025-12-31")
    item = by_key(timeline(client)["items"])[EDIH]
    assert item["period"] == {"start": "2023-01-01", "end": "2025-12-31", "basis": "dates"}
    assert item["time_plan"] == "ShiftLabs 230101 –251231."
    assert item["group"]["label"] == "Södermanlands län"
    assert [owner["label"] for owner in item["owners"]] == ["Mälardalen Industrial Technology Center"]
    plan = "Handlingsplan – Sörmlands regionala näringslivsstrategi 2022–2030"
    assert item["sources"][0]["document"]["label"] == plan


def test_a_period_rests_on_the_dates_or_else_the_grant_year(client):
    items = by_key(timeline(client)["items"])
    # VG2020 prints no dates for Ung Företagsamhet, only its 2020 RUN grant.
    assert (project_row("vg2020-bor-01")["start"], project_row("vg2020-bor-01")["end"]) == ("", "")
    assert {g["year"] for g in source_rows("003-*/grants.csv") if g["project"] == "vg2020-bor-01"} == {"2020"}
    assert items["vg2020-bor-01"]["period"] == {"start": "2020-01-01", "end": "2020-12-31",
                                                "basis": "grant_year"}
    # Skaraborg's competence-supply project prints 2020–2022: the dates win over the grant year.
    assert items["vg2020-ska-07"]["period"] == {"start": "2020-01-01", "end": "2022-12-31", "basis": "dates"}
    # Almi basuppdrag: "Pågående –251231." has no start, and none is made up.
    assert project_row("sormland-t04-1")["timeplan"] == "Pågående –251231."
    assert items["sormland-t04-1"]["period"] == {"start": None, "end": "2025-12-31", "basis": "dates"}


def undated_in_the_data() -> set[str]:
    granted = {g["project"] for g in source_rows("*/grants.csv") if g["year"]}
    return {row["key"] for row in source_rows("*/projects.csv")
            if not row["start"] and not row["end"] and row["key"] not in granted}


def test_undated_projects_are_listed_apart(client):
    data = timeline(client)
    undated = {row["key"] for row in data["undated"]}
    assert undated == undated_in_the_data() and "sormland-kommande-5" in undated  # Eskilstunamodellen
    assert not undated & {row["key"] for row in data["items"]}
    assert all(row["period"] == {"start": None, "end": None, "basis": None} for row in data["undated"])
    # an insats the source prints twice (projects.csv same_as) counts once
    rows = source_rows("*/projects.csv")
    assert data["summary"]["projects"] + data["summary"]["undated"] == len(rows) - sum(
        bool(row.get("same_as")) for row in rows) == len(rows) - 2


def test_dated_activities_are_marks_on_their_project(client):
    kalmar = by_key(timeline(client)["items"])["kalmar-investeringssamverkan"]
    printed = [row for row in source_rows("000-*/activities.csv") if row["start"] or row["end"]]
    assert {a["label"] for a in kalmar["activities"]} == {row["label"] for row in printed}
    workshop = next(a for a in kalmar["activities"] if a["label"] == "Workshop 1")
    assert (workshop["start"], workshop["end"]) == ("2022-11-21", "2022-11-21")


def test_filter_by_place_follows_the_hierarchy(client):
    eskilstuna = by_key(timeline(client, "place=kommun:0484")["items"])
    assert "kommun:0484" in project_row("sormland-t10-1")["places"]  # Ungas Framtid
    assert eskilstuna["sormland-t10-1"]["scope"] == "here"
    assert eskilstuna[EDIH]["scope"] == "wider"  # lan:04 holds Eskilstuna
    assert not [key for key in eskilstuna if key.startswith("vg2020") or key == "mojligheternas-region"]
    skaraborg = timeline(client, "place=delregion:skaraborg")
    keys = set(by_key(skaraborg["items"]))
    in_skaraborg = {row["key"] for row in source_rows("003-*/projects.csv")
                    if "delregion:skaraborg" in row["places"]}
    assert in_skaraborg <= keys and not [key for key in keys if key.startswith("vg2020-fyr")]


def test_filter_by_period_and_strategy(client):
    in_2024 = by_key(timeline(client, "from=2024&to=2024")["items"])
    assert EDIH in in_2024  # 2023–2025
    assert "mojligheternas-region" not in in_2024  # 2015-09-01 to 2018-12-31
    assert "kalmar-investeringssamverkan" not in in_2024  # april 2022 to juni 2023
    tourism = set(by_key(timeline(client, "strategy=vg2020/fraga-30")["items"]))
    assert tourism == {row["key"] for row in source_rows("003-*/projects.csv")
                       if "vg2020/fraga-30" in row["subjects"]}


def test_collisions_are_in_the_same_area_at_the_same_time(client):
    collisions = timeline(client)["collisions"]
    pairs = [{pair["first"]["key"], pair["second"]["key"]} for pair in collisions]
    assert {"vg2020-fyr-19", "vg2020-fyr-20"} in pairs  # sustainable tourism, Fyrbodal, 2020
    assert {"vg2020-fyr-10", "vg2020-ska-07"} not in pairs  # same aim, but different delregioner
    assert all("area" in pair["basis"] and pair["score"] >= 0.2 for pair in collisions)
    tourism = next(pair for pair in collisions if {pair["first"]["key"], pair["second"]["key"]}
                   == {"vg2020-fyr-19", "vg2020-fyr-20"})
    assert tourism["period"] == {"start": "2020-01-01", "end": "2020-12-31"}
    assert [place["label"] for place in tourism["shared_places"]] == ["Fyrbodal"]
    none_in_2024 = timeline(client, "from=2024-01&to=2024-06&place=delregion:fyrbodal")["collisions"]
    assert none_in_2024 == []


@pytest.mark.parametrize(("query", "parameter"), [
    ("from=2020-13", "from"), ("to=last-year", "to"), ("from=2025&to=2020", "from"),
    ("place=kommun:9999", "place"), ("place=here", "place"), ("strategy=nothing", "strategy"),
    ("format=xml", "format"),
])
def test_bad_parameters_are_named(client, query, parameter):
    error = get_json(client, f"{API}?{query}", status=400)["error"]
    assert error["details"] == [{"parameter": parameter}]


def test_csv_has_a_row_per_project(client):
    rows = csv_rows(client.get(f"{API}?format=csv"))
    assert len(rows) == len(source_rows("*/projects.csv"))
    edih = next(row for row in rows if row["key"] == EDIH)
    assert (edih["period_start"], edih["period_end"]) == ("2023-01-01", "2025-12-31")
    assert edih["period_basis"] == "dates"
    assert next(row for row in rows if row["key"] == "sormland-kommande-5")["period_basis"] == ""


def test_the_timeline_page_draws_every_dated_project(client):
    data = timeline(client)
    html = page(client, "/tidslinje")
    assert_accessible(html)
    assert html.count('<rect class="period') == len(data["items"])
    assert f'<a href="/id/project/{EDIH}"><rect class="period basis-dates"' in html
    assert "<title>EDIH ShiftLabs: 2023-01-01 – 2025-12-31 (datum enligt källan)</title>" in html
    assert 'class="period basis-dates open-start"' in html  # Almi basuppdrag and others
    assert 'href="/api/v1/analysis/timeline?format=csv"' in html
    assert "Eskilstunamodellen" in html  # undated, in the table apart
    english = page(client, "/tidslinje?lang=en&place=delregion:fyrbodal")
    assert "Timeline: what runs when and where" in english and "(dates as printed)" not in english
    assert "(year of the grant)" in english
    assert 'href="/api/v1/analysis/timeline?place=delregion%2Ffyrbodal&amp;format=csv"' in english


def test_the_timeline_page_in_a_browser(watched, live_server):
    page_ = watched.page
    page_.goto(live_server + "/tidslinje")
    bars = page_.locator("svg.timeline rect.period")
    everything = bars.count()
    assert everything > 50
    page_.select_option("#f-place", "delregion/skaraborg")
    page_.fill("#f-from", "2020")
    page_.get_by_role("button", name="Visa").click()
    expect(page_).to_have_url(re.compile(r"place=delregion%2Fskaraborg"))
    assert 0 < bars.count() < everything
    expect(page_.locator("svg.timeline .group-label").first).to_have_text("Skaraborg")
    bar = page_.locator('svg.timeline a[href="/id/project/vg2020-ska-07"] rect.period')
    expect(bar.locator("title")).to_have_text(re.compile(r"^Strategisk facilitering kompetensförsörjning "
                                                         r"2020–2022: 2020-01-01 – 2022-12-31"))
    bar.click()
    expect(page_).to_have_url(live_server + "/id/project/vg2020-ska-07")
    expect(page_.locator("h1")).to_have_text("Strategisk facilitering kompetensförsörjning 2020–2022")
    watched.assert_clean(live_server)
