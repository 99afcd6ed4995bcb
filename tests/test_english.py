"""English pages in English: the statuses and kinds the sources print, the kinds of place, actor
types and Swedish data marked ``lang="sv"``. Values come from the data tables, not the code."""

from __future__ import annotations

import re

from graph.printed_terms import english
from tests.answers import page
from tests.sources import source_rows


def _row(pattern: str, key: str) -> dict:
    return next(row for row in source_rows(pattern) if row["key"] == key)


def test_every_status_and_kind_in_the_data_has_an_english_word():
    printed = {row["status"] for row in source_rows("*/projects.csv")}
    printed |= {row["kind"] for row in source_rows("*/projects.csv")}
    printed |= {row["kind"] for table in ("networks", "documents") for row in source_rows(f"*/{table}.csv")}
    missing = sorted(word for word in printed if word and english(word) is None)
    assert missing == []


def test_a_project_page_in_english_says_its_status_and_kind_in_english(client):
    project = _row("001-sormland-handlingsplan/projects.csv", "sormland-t06-1")
    assert (project["status"], project["kind"]) == ("pågående", "insats")  # as the source prints it
    swedish = page(client, "/id/project/sormland-t06-1?lang=sv")
    assert "· insats · pågående</p>" in swedish
    html = page(client, "/id/project/sormland-t06-1?lang=en")
    assert "· action · ongoing</p>" in html
    assert "pågående" not in html.split("<h1")[0].split("</header>")[-1]


def test_an_actor_page_in_english_gives_its_projects_statuses_in_english(client):
    html = page(client, "/id/actor/almi-sormland?lang=en")
    words = "ongoing|ended|upcoming|proposed|pågående|avslutad|kommande|föreslagen"
    statuses = set(re.findall(rf"<td>({words})</td>", html))
    owned = {row["project"] for row in source_rows("*/participants.csv") if row["actor"] == "almi-sormland"}
    expected = {english(row["status"]) for row in source_rows("*/projects.csv")
                if row["key"] in owned and row["status"]}
    assert expected and statuses == expected


def test_a_network_and_the_network_list_give_kinds_in_english(client):
    network = _row("001-sormland-handlingsplan/networks.csv", "sormland-naringslivsansvariga")
    assert network["kind"] == "nätverk"
    html = page(client, "/id/network/sormland-naringslivsansvariga?lang=en")
    assert "<dd>network</dd>" in html and ">nätverk<" not in html
    listed = page(client, "/natverk?lang=en")
    assert "<td>cluster</td>" in listed and ">kluster<" not in listed


def test_the_place_list_in_english_names_kinds_of_place_in_english(client):
    html = page(client, "/platser?lang=en")
    assert "<td>municipality</td>" in html and "<td>county</td>" in html
    assert 'lang="sv">kommun<' not in html


def test_record_names_and_sources_are_marked_swedish_on_english_pages(client):
    html = page(client, "/id/project/sormland-t06-1?lang=en")
    assert '<a href="/id/actor/almi-sormland" lang="sv">Almi Företagspartner Sörmland</a>' in html
    section = "Tabell 6. Underlätta för internationalisering och ökad export. Exempel på insatser."
    assert f'<span lang="sv">{section}</span>' in html
    swedish = page(client, "/id/project/sormland-t06-1?lang=sv")
    assert '<a href="/id/actor/almi-sormland">Almi Företagspartner Sörmland</a>' in swedish


def test_the_search_facets_say_which_labels_are_swedish(client):
    facets = client.get("/api/v1/search?q=almi&lang=en").get_json()["facets"]
    types = {item["value"]: item for item in facets["type"]}
    assert types["statligt-bolag"]["label"] == "State-owned company"
    assert types["statligt-bolag"]["label_lang"] == "en"
    places = {item["label"]: item for item in facets["lan"]}
    assert places["Södermanlands län"]["label_lang"] == "sv"


def test_bar_charts_in_english_name_concepts_in_english(client):
    # The ontology's English label of the actor type kommunalt-bolag (ontology/schemes.ttl).
    html = page(client, "/finansiering?lang=en")
    assert '<a href="/id/concept/aktorstyp/kommunalt-bolag">Municipally owned company</a>' in html
    assert '<a href="/id/concept/aktorstyp/kommunalt-bolag">Kommunalt bolag</a>' not in html


def test_periods_and_time_plans_are_written_out_for_people(client):
    project = _row("001-sormland-handlingsplan/projects.csv", "sormland-t06-1")
    printed = (project["start"], project["end"], project["timeplan"])
    assert printed == ("2023-08-15", "2026-08-15", "230815 –260815.")
    swedish = page(client, "/id/project/sormland-t06-1?lang=sv")
    assert ('<span class="period-text" title="I källan: 230815 –260815.">15 aug 2023 – 15 aug 2026</span>'
            in swedish)
    english = page(client, "/id/project/sormland-t06-1?lang=en")
    assert ('<span class="period-text" title="In the source: 230815 –260815.">'
            "15 Aug 2023 – 15 Aug 2026</span>") in english
    # The printed time plan stays on hover only: no raw date stamp in what the page shows.
    for html in (swedish, english):
        shown = re.sub(r'title="[^"]*"', "", html.split("<main")[1])
        for raw in ("2023-08-15", "230815", "260815"):
            assert raw not in shown
