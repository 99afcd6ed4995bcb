"""The funding analysis (/api/v1/analysis/funding, /finansiering) checked against the sources:
the RUN sums per delregion equal the printed tables, a co-financing ratio from a printed row,
the largest owner's share computed here from the data tables, Drivhuset FRAMSTEG!'s grant larger
than its cost shown with its source, the filters, the CSV downloads, the page and a browser."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from decimal import Decimal
from urllib.parse import urlsplit

import pytest

from api import create_app
from tests.answers import assert_accessible, csv_rows, get_json, key_of, page
from tests.conftest import append_row, store_from
from tests.sources import source_rows, source_text
from tests.test_vg2020_totals import PRINTED_COUNTS, PRINTED_TOTALS, amount

VG = "003-vg-delregionala-2020"
API = "/api/v1/analysis/funding"
#: The delregions' RUN totals as the issue reads them off the printed tables.
RUN_PER_DELREGION = {"borasregionen": 7_884_109, "fyrbodal": 8_450_000, "skaraborg": 8_697_701,
                     "goteborgsregionen": 17_000_000}
OWNER_ROLES = ("projektagare", "ansvarig")


def run_key() -> str:
    """The RUN scheme's key, as the VG source's funding_schemes.csv writes it."""
    [scheme] = source_rows(f"{VG}/funding_schemes.csv")
    assert scheme["label"] == "Regionutvecklingsnämndens medel till delregionala insatser 2020"
    return scheme["key"]


def printed_run(delregion: str | None = None, theme: str | None = None) -> int:
    """The sum of the printed 'Varav RUN' totals of the tables of a delregion and/or theme."""
    return int(sum(amount(run) for (where, about), (_, run) in PRINTED_TOTALS.items()
                   if delregion in (None, where) and theme in (None, about)))


# --- sums ------------------------------------------------------------------------------------

def test_owners_sort_by_amount_and_questions_by_number(client):
    # The largest owner of the VG2020 grants: Business Region Göteborg's RUN grants, from the table.
    granted = defaultdict(int)
    owners = {row["project"] for row in source_rows(f"{VG}/participants.csv")
              if row["role"] == "projektagare" and row["actor"] == "business-region-goteborg"}
    for row in source_rows(f"{VG}/grants.csv"):
        if row["project"] in owners:
            granted["business-region-goteborg"] += amount(row["amount"])
    rows = get_json(client, f"{API}/sums/owner?limit=500")["items"]
    totals = [row["total"] for row in rows if row["total"] is not None]
    assert totals == sorted(totals, reverse=True)
    assert rows[0]["label"] == "Business Region Göteborg"
    assert rows[0]["total"] == granted["business-region-goteborg"]
    html = page(client, "/finansiering")
    owner_table = html[html.index('id="sums-owner"'):html.index('id="sums-actor_type"')]
    assert owner_table.index("Business Region Göteborg") < owner_table.index("Skaraborgs kommunalförbund")
    # VG2020's prioritised questions, asked in the order of their names: by number, 2 before 10.
    questions = {row["label"]: int(row["notation"]) for row in source_rows(f"{VG}/concepts.csv")
                 if row["notation"]}
    areas = get_json(client, f"{API}/sums/strategy_area?sort=label&limit=500")["items"]
    by_name = [row["label"] for row in areas if row["label"] in questions]
    numbers = [questions[label] for label in by_name]
    assert len(by_name) >= 10 and numbers == sorted(numbers)
    assert by_name.index("Prioriterad fråga 2") < by_name.index("Prioriterad fråga 10")
    assert re.search(r'>Prioriterad fråga 3</a> – <span>En ledande kunskapsregion</span>', html)
    assert "frågornas lydelse står i VG2020" in html


def test_a_grant_printed_on_both_printings_of_an_insats_counts_once(data_copy, tmp_path):
    """Sörmland's plan prints Almi basuppdrag twice (Tabell 4 and 7; projects.csv same_as). A grant
    printed on both rows, as a source repeating an insats would repeat its money, counts once."""
    sormland = "001-sormland-handlingsplan"
    scheme = "region-sormland-1-1-medel"
    before = [row for row in source_rows(f"{sormland}/grants.csv") if row["scheme"] == scheme]
    assert before and not any(row["amount"] for row in before)
    for key, project in (("test-1", "sormland-t04-1"), ("test-2", "sormland-t07-1")):
        append_row(data_copy / sormland / "grants.csv", key=key, project=project, scheme=scheme,
                   disbursed_by="region-04", amount="1 000 000", currency="SEK", year="2024",
                   locator="tabell-" + project[-4:-2])
    store = store_from(data_copy, tmp_path / "store")
    client = create_app({"STORE": str(store), "TESTING": True}).test_client()
    report = get_json(client, f"{API}?scheme={scheme}")
    assert report["total"] == 1_000_000 and report["count"] == len(before) + 1
    funded = get_json(client, f"{API}/projects?scheme={scheme}&limit=500")["items"]
    almi = [project for project in funded if project["label"] == "Almi basuppdrag"]
    assert len(almi) == 1 and almi[0]["granted"] == 1_000_000
    owners = get_json(client, f"{API}/sums/owner?scheme={scheme}")["items"]
    assert {row["label"]: row["total"] for row in owners}["Almi Företagspartner Sörmland"] == 1_000_000


def test_run_sums_per_delregion_equal_the_printed_tables(client):
    assert {delregion: printed_run(delregion) for delregion in RUN_PER_DELREGION} == RUN_PER_DELREGION
    listed = get_json(client, f"{API}/sums/delregion?scheme={run_key()}")
    assert {key_of(row): row["total"] for row in listed["items"]} == RUN_PER_DELREGION
    whole = sum(RUN_PER_DELREGION.values())
    gr = next(row for row in listed["items"] if key_of(row) == "goteborgsregionen")
    assert listed["items"][0] == gr  # the largest first
    assert gr["share"] == round(17_000_000 / whole, 4) and gr["count"] == PRINTED_COUNTS["goteborgsregionen"]
    overview = get_json(client, f"{API}?scheme={run_key()}")
    assert overview["total"] == whole and overview["amount_missing"] == 0
    assert overview["sums"]["delregion"]["rows"] == listed["items"]


def test_the_scheme_page_and_the_analysis_sum_alike(client):
    scheme = get_json(client, f"/api/v1/funding-schemes/{run_key()}")
    analysis = get_json(client, f"{API}?scheme={run_key()}")
    for dimension in ("lan", "delregion", "strategy_area", "owner"):
        by_scheme = {row["iri"]: (row["total"], row["count"]) for row in scheme["sums"][dimension]}
        rows = get_json(client, f"{API}/sums/{dimension}?scheme={run_key()}&limit=200")["items"]
        assert {row["iri"]: (row["total"], row["count"]) for row in rows} == by_scheme, dimension
    assert analysis["total"] == scheme["total"] and analysis["count"] == scheme["count"]


def test_sums_by_theme_scheme_and_actor_type(client):
    rows = get_json(client, f"{API}/sums/strategy_area?limit=200")["items"]
    themes = {key_of(row): row["total"] for row in rows}
    for theme in ("kunskapsregion", "region-for-alla", "globalt-ansvar", "syns-och-engagerar"):
        assert themes[theme] == printed_run(theme=theme)
    schemes = {key_of(row): row for row in get_json(client, f"{API}/sums/scheme")["items"]}
    grants = source_rows("*/grants.csv")
    eu = [g for g in grants if g["scheme"] in ("eruf", "esf", "eu-strukturfonder")]
    assert schemes["eu-strukturfonder"]["count"] == len(eu) and schemes["eu-strukturfonder"]["total"] is None
    assert schemes["eruf"]["parent"]["path"] == "/id/funding/eu-strukturfonder"
    types = get_json(client, f"{API}/sums/actor_type?limit=200")["items"]
    # Business Region Göteborg, owner of GR's three knowledge-region projects, is a kommunalt bolag.
    assert types[0]["path"] == "/id/concept/aktorstyp/kommunalt-bolag" and types[0]["total"] >= 15_000_000


def test_the_overview_counts_every_grant(client):
    grants = source_rows("*/grants.csv")
    overview = get_json(client, API)
    assert overview["count"] == len(grants)
    assert overview["amount_missing"] == sum(1 for g in grants if not g["amount"])
    assert overview["total"] == sum(int(g["amount"]) for g in grants if g["amount"])
    assert set(overview["sums"]) == {"scheme", "lan", "delregion", "strategy_area", "owner", "actor_type"}
    owners = overview["sums"]["owner"]
    assert len(owners["rows"]) == 10 < owners["groups"]
    assert overview["anomalies"]["count"] == get_json(client, f"{API}/anomalies")["total"]


# --- co-financing ----------------------------------------------------------------------------

def test_co_financing_ratio_of_a_printed_row(client):
    # Skaraborg's one project in "En region där vi tar globalt ansvar": Catalyst för smart och
    # hållbar industri, total expected cost 23 629 489, of which RUN 750 000 (a one-row table).
    cost, run = (amount(printed) for printed in PRINTED_TOTALS[("skaraborg", "globalt-ansvar")])
    [row] = [p for p in source_rows(f"{VG}/projects.csv") if p["key"] == "vg2020-ska-08"]
    [grant] = [g for g in source_rows(f"{VG}/grants.csv") if g["project"] == "vg2020-ska-08"]
    assert (Decimal(row["total_cost"]), Decimal(grant["amount"])) == (cost, run) == (23_629_489, 750_000)
    projects = {p["path"]: p for p in get_json(client, f"{API}/projects?limit=500")["items"]}
    catalyst = projects["/id/project/vg2020-ska-08"]
    assert catalyst["total_cost"] == 23_629_489 and catalyst["granted"] == 750_000
    assert catalyst["ratio"] == round(750_000 / 23_629_489, 4) == 0.0317
    assert catalyst["exceeds_total_cost"] is False
    assert [g["scheme"]["path"] for g in catalyst["grants"]] == [f"/id/funding/{run_key()}"]
    assert catalyst["owners"][0]["label"] == "IDC West Sweden AB"
    # No cost printed, no amounts printed: no ratio, never a guess.
    assert projects["/id/project/mojligheternas-region"]["ratio"] is None


def test_a_grant_larger_than_the_cost_is_flagged(client):
    projects = get_json(client, f"{API}/projects?sort=-ratio&limit=1")["items"]
    drivhuset = projects[0]
    assert drivhuset["label"] == "Drivhuset FRAMSTEG!" and drivhuset["exceeds_total_cost"] is True
    assert drivhuset["ratio"] == round(580_000 / 215_000, 4)
    summary = get_json(client, API)["cofinancing"]
    assert summary["exceeding"] == 1
    vg = source_rows(f"{VG}/projects.csv")
    assert summary["with_ratio"] == len(vg)
    assert summary["total_cost"] == sum(int(p["total_cost"]) for p in vg)
    assert summary["ratio"] == round(printed_run() / summary["total_cost"], 4)


# --- concentration ---------------------------------------------------------------------------

def owner_totals() -> tuple[dict[str, int], dict[str, set[str]], dict[str, int]]:
    """From the data tables: each owner's granted total, each project's owners and grants."""
    owners = defaultdict(set)
    for row in source_rows("*/participants.csv"):
        if row["role"] in OWNER_ROLES:
            owners[row["project"]].add(row["actor"])
    granted = Counter()
    for grant in source_rows("*/grants.csv"):
        if grant["amount"]:
            granted[grant["project"]] += int(grant["amount"])
    totals = Counter()
    for project, money in granted.items():
        for owner in owners[project]:
            totals[owner] += money
    return totals, owners, granted


def test_concentration_top_owner_and_shares_from_the_tables(client):
    totals, owners, granted = owner_totals()
    whole = sum(granted.values())
    ranked = sorted(totals.items(), key=lambda item: -item[1])
    top_owner, top_total = ranked[0]
    assert top_owner == "business-region-goteborg" and top_total == 15_000_000
    found = get_json(client, f"{API}/concentration")
    assert found["owners"][0]["path"] == f"/id/actor/{top_owner}"
    assert found["owners"][0]["total"] == top_total and found["owners"][0]["rank"] == 1
    tops = {top["owners"]: top for top in found["tops"]}
    assert tops[1]["share"] == round(top_total / whole, 4)
    three = {owner for owner, _ in ranked[:3]}
    assert ranked[2][1] > ranked[3][1]  # no tie at the cut
    owned_by_three = sum(money for project, money in granted.items() if owners[project] & three)
    assert tops[3]["total"] == owned_by_three and tops[3]["share"] == round(owned_by_three / whole, 4)
    split = Counter()
    for project, money in granted.items():
        for owner in owners[project]:
            split[owner] += money / len(owners[project])
    owned = sum(split.values())
    assert found["hhi"] == pytest.approx(sum((100 * part / owned) ** 2 for part in split.values()), abs=0.06)
    funded = {owner for grant in source_rows("*/grants.csv") for owner in owners[grant["project"]]}
    assert found["owner_count"] == len(funded)  # also those whose grants print no amount


def test_concentration_downloads_the_owners(client):
    rows = csv_rows(client.get(f"{API}/concentration?format=csv&scheme={run_key()}"))
    totals, _, _ = owner_totals()
    assert len(rows) == len(totals)  # every owner of a RUN project, and only the VG tables print amounts
    assert rows[0]["rank"] == "1" and rows[0]["label"] == "Business Region Göteborg"
    assert rows[0]["total"] == "15000000"


# --- anomalies -------------------------------------------------------------------------------

def test_drivhuset_grant_larger_than_its_cost_is_shown_with_its_source(client):
    text = source_text(VG)
    # The table row as printed: project, owner, prioritised question 1, cost 215 000, RUN 580 000.
    assert re.search(r"Drivhuset FRAMSTEG! Drivhuset i Borås 1 215 000 580 000", text)
    items = get_json(client, f"{API}/anomalies?limit=500")["items"]
    [larger] = [item for item in items if item["kind"] == "grant_exceeds_cost"]
    assert larger["label"] == "Drivhuset FRAMSTEG!" and larger["path"] == "/id/grant/vg2020-bor-02-run"
    assert (larger["amount"], larger["total_cost"]) == (580_000, 215_000)
    assert [s["section"] for s in larger["sources"]] == ["Boråsregionen – En ledande kunskapsregion (tabell)"]
    assert "större än projektets totala kostnad" in larger["warnings"][0]["sv"]
    # The table's printed totals include the odd figure: it is as printed, not a reading error.
    printed = {total["measure"]: total["expected"] for total in larger["printed_totals"]}
    cost, run = PRINTED_TOTALS[("borasregionen", "kunskapsregion")]
    assert printed == {"total_cost": amount(cost), "grant_amount": amount(run)}


def test_grants_without_amount_or_scheme_are_listed(client):
    grants = source_rows("*/grants.csv")
    kinds = Counter(item["kind"] for item in get_json(client, f"{API}/anomalies?limit=500")["items"])
    assert kinds["amount_missing"] == sum(1 for g in grants if not g["amount"])
    assert kinds["scheme_missing"] == sum(1 for g in grants if not g["scheme"])
    summary = {kind["kind"]: kind["count"] for kind in get_json(client, API)["anomalies"]["kinds"]}
    assert summary == {kind: count for kind, count in kinds.items()}
    fyrbodal = get_json(client, f"{API}/anomalies?place=delregion:fyrbodal")
    assert fyrbodal["total"] == 0  # the Fyrbodal tables print every cost, amount and owner


def test_printed_totals_are_checked_against_the_data(client):
    printed = get_json(client, f"{API}?place=delregion:fyrbodal")["printed_totals"]
    checks = [row for row in source_rows(f"{VG}/checksums.csv")
              if row["key"].startswith("tabell-fyr") and row["measure"] != "count"]
    assert {total["path"].rsplit("/", 1)[-1]: total["expected"] for total in printed} == \
        {row["key"]: int(row["expected"]) for row in checks}
    assert all(total["matches"] and total["actual"] == total["expected"] for total in printed)


# --- filters ---------------------------------------------------------------------------------

@pytest.mark.parametrize("delregion", sorted(RUN_PER_DELREGION))
def test_a_place_filter_gives_the_printed_total(client, delregion):
    overview = get_json(client, f"{API}?place=delregion:{delregion}")
    assert overview["total"] == RUN_PER_DELREGION[delregion]
    assert overview["count"] == PRINTED_COUNTS[delregion]
    assert overview["filters"]["place"]["path"] == f"/id/delregion/{delregion}"


def test_filters_combine(client):
    knowledge = get_json(client, f"{API}?strategy=vg2020/kunskapsregion")
    assert knowledge["total"] == printed_run(theme="kunskapsregion")
    one_table = get_json(client, f"{API}?place=delregion:skaraborg&strategy=vg2020/globalt-ansvar&year=2020")
    assert one_table["total"] == printed_run("skaraborg", "globalt-ansvar") == 750_000
    county = get_json(client, f"{API}?place=lan:14&scheme={run_key()}")
    assert county["total"] == sum(RUN_PER_DELREGION.values())
    assert get_json(client, f"{API}?year=2019")["count"] == 0
    # Västerbotten: Möjligheternas Region's ten co-financiers, none with a printed amount.
    västerbotten = get_json(client, f"{API}?place=lan:24")
    assert västerbotten["total"] is None
    assert västerbotten["count"] == sum(1 for g in source_rows("004-*/grants.csv"))


@pytest.mark.parametrize(("query", "parameter"), [
    ("scheme=no-such-scheme", "scheme"), ("scheme=a%20b", "scheme"), ("place=kommun:9999", "place"),
    ("place=fyrbodal", "place"), ("strategy=vg2020/no-such-area", "strategy"), ("strategy=nope", "strategy"),
    ("year=20x", "year"), ("sort=owner", "sort"), ("format=xml", "format"),
])
def test_bad_filters_are_a_400_naming_the_parameter(client, query, parameter):
    path = f"{API}/projects?{query}" if parameter == "sort" else f"{API}?{query}"
    error = get_json(client, path, 400)["error"]
    assert error["details"] == [{"parameter": parameter}], error


def test_an_unknown_dimension_is_a_404_naming_it(client):
    error = get_json(client, f"{API}/sums/kommun", 404)["error"]
    assert "kommun" in error["message"] and "actor_type" in error["message"]


# --- CSV -------------------------------------------------------------------------------------

def test_csv_downloads_parse(client):
    rows = csv_rows(client.get(f"{API}/sums/delregion?format=csv&scheme={run_key()}&limit=1"))
    assert {row["label"]: int(row["total"]) for row in rows} == {
        "Boråsregionen (Sjuhärad)": 7_884_109, "Fyrbodal": 8_450_000, "Skaraborg": 8_697_701,
        "Göteborgsregionen": 17_000_000}
    assert rows[0]["share"] == str(round(17_000_000 / sum(RUN_PER_DELREGION.values()), 4)).replace(".", ",")
    projects = csv_rows(client.get(f"{API}/projects?format=csv&place=delregion:skaraborg"))
    assert len(projects) == PRINTED_COUNTS["skaraborg"]
    catalyst = next(row for row in projects if row["label"] == "Catalyst för smart och hållbar industri")
    assert catalyst["total_cost"] == "23629489" and catalyst["granted"] == "750000"
    assert catalyst["ratio"] == "0,0317"
    assert catalyst["exceeds_total_cost"] == "nej" and "Skaraborg" in catalyst["source"]
    anomalies = csv_rows(client.get(f"{API}/anomalies?format=csv"))
    assert anomalies[0]["kind"] == "grant_exceeds_cost" and anomalies[0]["label"] == "Drivhuset FRAMSTEG!"
    assert "Boråsregionen – En ledande kunskapsregion (tabell)" in anomalies[0]["source"]


# --- the page --------------------------------------------------------------------------------

def test_the_page_draws_charts_and_tables_with_sources_and_downloads(client):
    html = page(client, "/finansiering")
    assert "<h1>Pengarna: vart går finansieringen?</h1>" in html
    charts = re.findall(r'<svg [^>]*class="bar-chart".*?</svg>', html, re.S)
    assert len(charts) >= 7  # six dimensions and the largest owners
    assert all('<rect class="bar"' in chart for chart in charts)
    delregions = next(chart for chart in charts if "Per delregion" in chart)
    assert "17\u00a0000\u00a0000 kr" in delregions and 'href="/id/delregion/goteborgsregionen"' in delregions
    for dimension in ("scheme", "lan", "delregion", "strategy_area", "owner", "actor_type"):
        assert f'href="{API}/sums/{dimension}?format=csv"' in html
    for name in ("projects", "concentration", "anomalies"):
        assert f'href="{API}/{name}?format=csv"' in html
    assert 'href="/id/project/vg2020-bor-02"' in html and 'class="flagged"' in html
    assert "Sammanfattande beskrivning – 2020 års beviljade delregionala insatser" in html
    assert 'class="warnings"' in html
    assert_accessible(html)


def test_the_page_filters_and_speaks_english(client):
    html = page(client, "/finansiering?place=delregion:fyrbodal&lang=en")
    assert '<html lang="en"' in html and "Co-financing" in html
    assert re.search(r'<dd>8\u00a0450\u00a0000&nbsp;kr</dd>', html)
    assert '<option value="delregion:fyrbodal" selected lang="sv">' in html
    assert f'href="{API}/sums/owner?place=delregion%3Afyrbodal&amp;format=csv"' in html
    assert_accessible(html)


def test_the_page_escapes_and_names_a_bad_filter(client):
    response = client.get("/finansiering?year=<script>alert(1)</script>", headers={"Accept": "text/html"})
    assert response.status_code == 400 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html and "year" in html


def test_the_page_payload_is_the_analysis(client):
    data = get_json(client, "/finansiering?format=json&place=delregion:fyrbodal")
    assert data["total"] == 8_450_000 and len(data["projects"]) == PRINTED_COUNTS["fyrbodal"]
    assert data["sums"]["owner"]["groups"] == len(data["sums"]["owner"]["rows"])


# --- a real browser --------------------------------------------------------------------------

def test_the_form_filters_in_a_browser(watched, live_server):
    browser_page = watched.page
    browser_page.goto(live_server + "/finansiering")
    browser_page.get_by_label("Plats", exact=True).select_option("delregion:skaraborg")
    browser_page.get_by_label("Strategiområde", exact=True).select_option("vg2020/globalt-ansvar")
    with browser_page.expect_navigation():
        browser_page.get_by_role("button", name="Visa").click()
    assert urlsplit(browser_page.url).path == "/finansiering"
    total = browser_page.locator("dl.totals dd").first.inner_text()
    assert total.replace("\u00a0", " ") == "750 000 kr"
    assert browser_page.locator("svg.bar-chart rect.bar").count() >= 6
    rows = browser_page.locator("table.cofinancing tbody tr")
    assert rows.count() == 1 and "Catalyst för smart och hållbar industri" in rows.first.inner_text()
    watched.assert_clean(live_server)
