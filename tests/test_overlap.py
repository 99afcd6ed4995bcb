"""Overlap for strategists, checked against the sources: the competence-supply projects of
Fyrbodal and Skaraborg and the sustainable-tourism projects pair up; Connect Sverige Region Väst
owns projects in Boråsregionen, Fyrbodal and Skaraborg; Connect and Science Park Skövde both
offer affärsutveckling in Skaraborg; the place hierarchy decides where services overlap."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from flask import render_template_string

from api import create_app
from api.storage import get_store
from graph.analysis.overlap_common import hierarchies
from graph.analysis.overlap_projects import project_pairs, project_texts
from graph.analysis.overlap_text import TextIndex
from graph.namespaces import entity
from graph.network.snapshot import derive
from graph.text import PROSE_STOP_WORDS, STOP_WORDS, stem, words
from tests.answers import assert_accessible, csv_rows, get_json, page
from tests.conftest import append_row, store_from
from tests.sources import source_rows, source_text

VG = "003-vg-delregionala-2020"
API = "/api/v1/analysis/overlap"
#: The competence-supply projects: Fyrbodal's "Strategisk kompetensförsörjning" and Skaraborg's
#: "Strategisk facilitering kompetensförsörjning 2020–2022" (VG2020, En region för alla, fråga 15).
COMPETENCE = ("vg2020-fyr-10", "vg2020-ska-07")
#: Sustainable tourism: "Hållbar besöksnäring i Väst", "... på gränsen" (Fyrbodal) and
#: "Förstudie Nya möjligheter med hållbar turism" (Skaraborg), all under prioritised question 30.
TOURISM = ("vg2020-fyr-19", "vg2020-fyr-20", "vg2020-ska-09")
CONNECT = "connect-sverige-region-vast"
SCIENCE_PARK_SKOVDE = "science-park-skovde-ab"
HOSTILE = "<img src=x onerror=alert(1)>"


def projects_csv() -> dict[str, dict]:
    return {row["key"]: row for row in source_rows(f"{VG}/projects.csv")}


def delregion_of(key: str) -> set[str]:
    """The delregion keys a VG project's row places it in."""
    return {place.split(":")[1] for place in projects_csv()[key]["places"].split("|")
            if place.startswith("delregion:")}


def pairs(client, query: str = "") -> list[dict]:
    return get_json(client, f"{API}/projects?limit=500&{query}")["items"]


def keys_of(pair: dict) -> set[str]:
    return {pair["first"]["key"], pair["second"]["key"]}


def find(items: list[dict], *keys: str) -> dict:
    return next(pair for pair in items if keys_of(pair) == set(keys))


def labels(items: list[dict]) -> list[str]:
    return [item["label"] for item in items]


# --- projects ----------------------------------------------------------------------------------

def test_the_competence_supply_projects_of_fyrbodal_and_skaraborg_pair_up(client):
    rows = projects_csv()
    fyrbodal, skaraborg = (rows[key] for key in COMPETENCE)
    assert fyrbodal["label"] == "Strategisk kompetensförsörjning"
    assert skaraborg["label"] == "Strategisk facilitering kompetensförsörjning 2020–2022"
    assert "vg2020/fraga-15" in fyrbodal["subjects"] and "vg2020/fraga-15" in skaraborg["subjects"]
    assert delregion_of(COMPETENCE[0]) == {"fyrbodal"} and delregion_of(COMPETENCE[1]) == {"skaraborg"}

    top = pairs(client, "strategy=vg2020/fraga-15")[:3]
    pair = find(top, *COMPETENCE)
    by_key = {pair[side]["key"]: pair[side] for side in ("first", "second")}
    assert labels(by_key[COMPETENCE[0]]["delregions"]) == ["Fyrbodal"]
    assert labels(by_key[COMPETENCE[1]]["delregions"]) == ["Skaraborg"]
    assert pair["basis"] == ["strategy"]  # different delregioner, the same prioritised question
    assert pair["shared_places"] == []
    assert "kompetensförsörjning" in labels(pair["shared_terms"])
    assert {"En region för alla", "Prioriterad fråga 15"} <= set(labels(pair["shared_strategy_areas"]))
    assert all(project["sources"] for project in by_key.values())


def test_each_competence_project_is_the_others_closest_match(client):
    everything = pairs(client)
    for key in COMPETENCE:
        best = next(pair for pair in everything if key in keys_of(pair))
        assert keys_of(best) == set(COMPETENCE)


def test_the_sustainable_tourism_projects_pair_up(client):
    rows = projects_csv()
    assert all("vg2020/fraga-30" in rows[key]["subjects"] for key in TOURISM)
    assert {rows[key]["audience"] for key in TOURISM} == {"besoksnaring"}
    everything = pairs(client)

    fyrbodal = find(everything, "vg2020-fyr-19", "vg2020-fyr-20")
    assert fyrbodal["basis"] == ["area", "strategy"]
    assert labels(fyrbodal["shared_places"]) == ["Fyrbodal"]
    assert labels(fyrbodal["shared_audiences"]) == ["Besöksnäring"]
    assert {"hållbar", "besöksnäring"} <= set(labels(fyrbodal["shared_terms"]))

    across = find(everything, "vg2020-fyr-19", "vg2020-ska-09")
    assert across["basis"] == ["strategy"] and "hållbar" in labels(across["shared_terms"])
    best_for_skaraborg = next(pair for pair in everything if "vg2020-ska-09" in keys_of(pair))
    assert keys_of(best_for_skaraborg) - {"vg2020-ska-09"} <= {"vg2020-fyr-19", "vg2020-fyr-20"}


def test_a_project_and_its_own_part_are_not_a_pair(client):
    # EDIH ShiftLabs is part of "MITC med projekten EDIH ShiftLabs och MATCH" (001, tabell 5).
    shiftlabs = next(row for row in source_rows("001-sormland-handlingsplan/projects.csv")
                     if row["key"] == "sormland-t05-2-1")
    assert shiftlabs["part_of"] == "sormland-t05-2"
    assert not [pair for pair in pairs(client) if keys_of(pair) == {"sormland-t05-2", "sormland-t05-2-1"}]


def test_a_project_is_never_paired_with_its_own_second_printing(client):
    # Sörmland's plan prints Almi basuppdrag (Tabell 4, 7) and its four NFC (Tabell 4, 9) twice.
    twice = {row["key"]: row["same_as"] for row in source_rows("*/projects.csv") if row.get("same_as")}
    assert twice == {"sormland-t07-1": "sormland-t04-1", "sormland-t09-1": "sormland-t04-2"}
    everything = csv_rows(client.get(f"{API}/projects?format=csv"))
    found = [frozenset(row[f"{side}_iri"].rsplit("/", 1)[-1] for side in ("first", "second"))
             for row in everything]
    assert not [pair for pair in found if pair in {frozenset(link) for link in twice.items()}]
    # ... and another project meets such an insats once, not once per printing
    insatser = Counter(frozenset(twice.get(key, key) for key in pair) for pair in found)
    assert insatser.most_common(1)[0][1] == 1
    almi = [pair for pair in pairs(client) if keys_of(pair) & {"sormland-t04-1", "sormland-t07-1"}]
    assert almi and all(member["same_insats"] for pair in almi for member in (pair["first"], pair["second"])
                        if member["key"] in {"sormland-t04-1", "sormland-t07-1"})


def all_pairs(client, query: str = "") -> list[dict]:
    """Every project pair, from the CSV download (the whole list)."""
    return csv_rows(client.get(f"{API}/projects?format=csv&{query}"))


def test_shared_terms_are_no_stop_words_filler_or_place_names(client):
    rows = all_pairs(client)
    shared = {term.strip() for row in rows for term in row["shared_terms"].split("|") if term.strip()}
    assert shared and not shared & {"vidare", "även", "samt", "görs"}
    # Snowball's function words as words, plan-prose filler by its stems ("görs", "göra", "gör")
    assert not shared & STOP_WORDS
    assert not {stem(term) for term in shared} & {stem(word) for word in PROSE_STOP_WORDS}
    names = ([row["municipality_name_short"] for row in source_rows("reference/municipalities.csv")]
             + [row["delregion"] for row in source_rows("reference/delregioner.csv")]
             + [row["county_name_short"] for row in source_rows("reference/counties.csv")])
    place_words = {stem(word) for name in names for word in words(name)}
    assert {stem(word) for word in ("eskilstuna", "fyrbodal", "flens")} <= place_words  # shared before
    assert not {stem(term) for term in shared} & place_words


def score_of(row: dict) -> float:
    return float(row["score"].replace(",", "."))


def test_the_summary_counts_the_strong_pairs_the_strongest_ten_and_where(client):
    everything = all_pairs(client)  # highest score first
    strong = [row for row in everything if score_of(row) >= 0.2]
    summary = get_json(client, API)
    assert summary["threshold"] == summary["strong_score"] == 0.2
    assert summary["project_pairs"] == len(everything) and summary["strong_pairs"] == len(strong) > 10
    assert [(pair["first"]["iri"], pair["second"]["iri"]) for pair in summary["strongest"]] == [
        (row["first_iri"], row["second_iri"]) for row in strong[:10]]
    # the two named pairs are strong overlap
    keys = [{row[f"{side}_iri"].rsplit("/", 1)[-1] for side in ("first", "second")} for row in strong]
    assert set(COMPETENCE) in keys and {"vg2020-fyr-19", "vg2020-fyr-20"} in keys
    by_area = {row["label"]: row for row in summary["by_area"]}
    for delregion in ("Fyrbodal", "Skaraborg"):
        there = [row for row in strong
                 if delregion in row["first_delregions"].split(" | ") + row["second_delregions"].split(" | ")]
        assert by_area[delregion]["pairs"] == len(there)
        assert by_area[delregion]["across"] >= 1  # the competence-supply pair crosses their border
    assert summary["across_areas"] >= 1
    questions = {row["label"]: row["pairs"] for row in summary["by_strategy_area"]}
    assert questions["Prioriterad fråga 15"] >= 1
    higher = get_json(client, f"{API}?min_score=0,3")
    assert higher["strong_pairs"] == sum(score_of(row) >= 0.3 for row in everything)
    assert summary["actor_pairs"] == len(actor_pairs(client))
    assert summary["near_actor_pairs"] == len(actor_pairs(client, "near=true"))


def test_prioritised_questions_sort_by_number_and_show_their_theme(client):
    concepts = source_rows(f"{VG}/concepts.csv")
    questions = {row["label"]: row for row in concepts if row["notation"]}
    themes = {row["key"]: row["label"] for row in concepts if not row["broader"]}
    # The source prints only the questions' numbers (a "Prior. fråga" column), not their wording.
    assert "Prior. fråga" in " ".join(source_text(VG).split())
    assert all(row["label"] == f"Prioriterad fråga {row['notation']}" for row in questions.values())
    summary = get_json(client, f"{API}?min_score=0")
    rows = [row for row in summary["by_strategy_area"] if row["label"] in questions]
    assert len(rows) >= 5
    assert all(row["theme"]["label"] == themes[questions[row["label"]]["broader"]] for row in rows)
    groups = {}
    for row in rows:  # the most pairs first; among as many, by the question's number
        groups.setdefault(row["pairs"], []).append(int(questions[row["label"]]["notation"]))
    assert all(numbers == sorted(numbers) for numbers in groups.values())
    html = page(client, "/overlap?min_score=0")
    assert re.search(r'>Prioriterad fråga 15</a> – <span>En region för alla</span>', html)
    assert "frågornas lydelse står i VG2020" in html


def test_project_filters_and_scores(client):
    skaraborg = pairs(client, "place=delregion:skaraborg")
    around = {"/id/delregion/skaraborg", "/id/lan/14", "/id/land/SE"}  # it, or a place containing it
    assert skaraborg and all(any(place["path"] in around for side in ("first", "second")
                                 for place in pair[side]["places"]) for pair in skaraborg)
    assert find(skaraborg, *COMPETENCE)
    floor = pairs(client, "min_score=0.3")
    assert floor and all(pair["score"] >= 0.3 for pair in floor)
    scores = [pair["score"] for pair in pairs(client)]
    assert scores == sorted(scores, reverse=True) and all(0 <= score <= 1 for score in scores)


def test_only_pairs_sharing_an_informative_term_are_compared(app):
    with app.app_context():
        store = get_store()
        texts, found = project_texts(store), project_pairs(store)
        assert project_pairs(store) is found  # once per store generation
    projects = len(texts.names.vectors)
    candidates = texts.candidates()
    assert len(candidates) < projects * (projects - 1) / 2 / 2
    assert all(tuple(sorted((pair["first"]["iri"], pair["second"]["iri"]))) in candidates for pair in found)


def test_the_inverted_index_skips_texts_without_a_shared_rare_word():
    index = TextIndex({"a": "Hållbar besöksnäring i Väst", "b": "Hållbar besöksnäring på gränsen",
                       "c": "Strategisk kompetensförsörjning",
                       "d": "Kompetensförsörjningsarbetet i Skaraborg",
                       **{f"x{n}": f"Ord{n}" for n in range(20)}})
    assert index.candidates() == {("a", "b"), ("c", "d")}
    assert index.cosine("a", "c") == 0
    assert labels(index.shared_terms("c", "d")) == ["kompetensförsörjning"]


# --- owners ------------------------------------------------------------------------------------

def owned_delregions(actor: str) -> dict[str, set[str]]:
    """From the VG2020 tables: the delregions of the projects ``actor`` is projektägare of."""
    owned = [row["project"] for row in source_rows(f"{VG}/participants.csv")
             if row["actor"] == actor and row["role"] == "projektagare"]
    found: dict[str, set[str]] = {}
    for key in owned:
        for delregion in delregion_of(key):
            found.setdefault(delregion, set()).add(key)
    return found


@pytest.mark.parametrize(("actor", "expected"), [
    (CONNECT, {"borasregionen": {"vg2020-bor-06"}, "fyrbodal": {"vg2020-fyr-03"},
               "skaraborg": {"vg2020-ska-02"}}),
    ("miljobron", {"borasregionen": {"vg2020-bor-12"}, "fyrbodal": {"vg2020-fyr-13"}}),
    ("innovatum-ab", {"fyrbodal": {"vg2020-fyr-07"}, "skaraborg": {"vg2020-ska-05"}}),
])
def test_owners_active_in_several_delregions(client, actor, expected):
    assert owned_delregions(actor) == expected
    owners = get_json(client, f"{API}/owners")["items"]
    owner = next(item for item in owners if item["path"] == f"/id/actor/{actor}")
    areas = {area["code"]: {project["key"] for project in area["projects"]} for area in owner["areas"]}
    assert areas == expected
    assert owner["area_count"] == len(expected)
    sources = [s for area in owner["areas"] for project in area["projects"] for s in project["sources"]]
    assert {s["document"]["label"] for s in sources} == {"Sammanfattande beskrivning – 2020 års beviljade "
                                                        "delregionala insatser"}


def test_connect_is_first_and_in_one_lan_only(client):
    owners = get_json(client, f"{API}/owners")["items"]
    assert owners[0]["label"] == "Connect Sverige Region Väst" and owners[0]["area_count"] == 3
    by_lan = get_json(client, f"{API}/owners?level=lan")["items"]
    assert f"/id/actor/{CONNECT}" not in {owner["path"] for owner in by_lan}  # all three in län 14


# --- actors ------------------------------------------------------------------------------------

def services_of(provider: str, folder: str = VG) -> list[dict]:
    return [row for row in source_rows(f"{folder}/services.csv") if row["provider"] == provider]


def actor_pairs(client, query: str = "") -> list[dict]:
    return get_json(client, f"{API}/actors?limit=500&{query}")["items"]


def actor_pair(items: list[dict], first: str, second: str) -> dict | None:
    wanted = {f"/id/actor/{first}", f"/id/actor/{second}"}
    return next((pair for pair in items if {pair["first"]["path"], pair["second"]["path"]} == wanted), None)


#: The service types that name the form support takes and the target groups that are everybody:
#: sharing them is no overlap (graph.analysis.overlap_actors documents why).
BROAD_TYPES = {"radgivning", "utbildning", "natverk", "analys"}
BROAD_AUDIENCES = {"alla-foretag", "allmanheten"}


def test_connect_and_science_park_skovde_come_near_but_serve_different_target_groups(client):
    connect, science_park = services_of(CONNECT), services_of(SCIENCE_PARK_SKOVDE)
    assert {row["area_served"] for row in connect + science_park} == {"delregion:skaraborg"}
    connect_types = {key for row in connect for key in row["services"].split("|")} - BROAD_TYPES
    park_types = {key for row in science_park for key in row["services"].split("|")} - BROAD_TYPES
    assert connect_types & park_types == {"affarsutveckling"}
    assert {row["audience"] for row in connect} == {"smf"}
    assert {row["audience"] for row in science_park} == {"startups"}

    # smf against startups: the same service in the same place, but not the same target group
    assert actor_pair(actor_pairs(client), CONNECT, SCIENCE_PARK_SKOVDE) is None
    pair = actor_pair(actor_pairs(client, "near=true"), CONNECT, SCIENCE_PARK_SKOVDE)
    assert labels(pair["shared_service_types"]) == ["Affärsutveckling"]
    assert pair["shared_audiences"] == [] and pair["overlap"] is False
    assert labels(pair["shared_places"]) == ["Skaraborg"]
    assert pair["score"] == round(0.5 * 1 / len(connect_types | park_types) + 0 + 0.25 * 1, 3)
    matched = {service["path"].rsplit("/", 1)[-1] for match in pair["services"]
               for service in (match["first"], match["second"])}
    assert matched == {row["key"] for row in connect + science_park if "affarsutveckling" in row["services"]}
    sections = {source["section"] for match in pair["services"]
                for service in (match["first"], match["second"]) for source in service["sources"]}
    assert "Skaraborg – En ledande kunskapsregion: Science Park Skövde start up (beskrivning)" in sections


def test_the_place_hierarchy_decides_where_services_overlap(app, client):
    with app.app_context():
        tree = hierarchies(get_store())
    lan04, eskilstuna = str(entity("lan", "04")), str(entity("kommun", "0484"))
    skaraborg, sweden = str(entity("delregion", "skaraborg")), str(entity("land", "SE"))
    assert tree.meet(lan04, eskilstuna) == eskilstuna
    assert tree.meet(lan04, skaraborg) is None
    assert tree.meet(sweden, skaraborg) == skaraborg

    # Almi Sörmland's basuppdrag and Region Sörmland's investeringsstöd: finansiering in lan:04
    # (for all businesses and for no target group named: near, not an overlap).
    sormland = [row for row in source_rows("001-sormland-handlingsplan/services.csv")
                if row["provider"] in ("almi-sormland", "region-04") and "finansiering" in row["services"]]
    assert {row["area_served"] for row in sormland} == {"lan:04"}
    in_eskilstuna = actor_pairs(client, "near=true&place=kommun:0484")
    in_skaraborg = actor_pairs(client, "near=true&place=delregion:skaraborg")
    in_vg = actor_pairs(client, "near=true&place=lan:14")
    assert actor_pair(in_eskilstuna, "almi-sormland", "region-04") is not None
    assert actor_pair(in_skaraborg, "almi-sormland", "region-04") is None
    assert actor_pair(in_eskilstuna, CONNECT, SCIENCE_PARK_SKOVDE) is None
    assert actor_pair(in_skaraborg, CONNECT, SCIENCE_PARK_SKOVDE) is not None
    assert actor_pair(in_vg, CONNECT, SCIENCE_PARK_SKOVDE) is not None


def test_a_broad_service_type_and_no_target_group_are_no_overlap(client):
    # Stua's tourism assignment (besöksnäringsutveckling, analys; besöksnäring, lan:04) and
    # Svenskt Näringsliv's business-climate survey (analys, no target group, land:SE) share
    # nothing but the broad "analys": neither a pair nor near one.
    [stua] = services_of("stua-ab", "001-sormland-handlingsplan")
    [survey] = services_of("svenskt-naringsliv", "004-mojligheternas-region")
    shared = set(stua["services"].split("|")) & set(survey["services"].split("|"))
    assert shared == {"analys"} <= BROAD_TYPES
    assert not survey["audience"] and survey["area_served"] == "land:SE"
    for query in ("", "near=true"):
        assert actor_pair(actor_pairs(client, query), "stua-ab", "svenskt-naringsliv") is None


def test_an_actor_and_its_own_subsidiary_are_no_pair(client):
    register = {row["key"]: row for row in source_rows("actors/actors.csv")}
    assert register["almi-sormland"]["parent"] == "almi-foretagspartner-ab"
    for query in ("", "near=true"):
        assert actor_pair(actor_pairs(client, query), "almi-foretagspartner-ab", "almi-sormland") is None


def test_only_a_specific_service_type_target_group_and_place_together_make_an_overlap(data_copy, tmp_path):
    """Region Sörmland given three services in a copy of the data: incubation for startups in
    Sörmland meets Create's incubator (an overlap); financing for all companies meets Almi's
    basuppdrag only on "Alla företag" (near); training for new entrepreneurs meets the four
    NFC only on the broad "Utbildning" (nothing)."""
    sormland = data_copy / "001-sormland-handlingsplan"
    [create] = services_of("create", "001-sormland-handlingsplan")
    assert (create["services"], create["audience"], create["area_served"]) == ("inkubation", "startups",
                                                                              "lan:04|lan:19")
    for key, kind, audience in (("test-inkubation", "inkubation", "startups"),
                                ("test-finansiering", "finansiering", "alla-foretag"),
                                ("test-utbildning", "utbildning", "nyforetagare")):
        append_row(sormland / "services.csv", key=key, provider="region-04", label=key, services=kind,
                   audience=audience, area_served="lan:04", locator="tabell-07")
    store = store_from(data_copy, tmp_path / "store", derive=derive)  # the filters read its snapshot
    client = create_app({"STORE": str(store), "TESTING": True}).test_client()
    strict, near = actor_pairs(client), actor_pairs(client, "near=true")
    pair = actor_pair(strict, "create", "region-04")
    assert labels(pair["shared_service_types"]) == ["Inkubation"]
    assert labels(pair["shared_audiences"]) == ["Startups"]
    assert labels(pair["shared_places"]) == ["Södermanlands län"] and pair["overlap"] is True
    assert actor_pair(strict, "almi-sormland", "region-04") is None  # "Alla företag" alone
    assert labels(actor_pair(near, "almi-sormland", "region-04")["shared_audiences"]) == []
    for pairs_ in (strict, near):  # "Utbildning" alone
        assert actor_pair(pairs_, "sormlands-fyra-nyforetagarcentrum", "region-04") is None


def test_service_filter_and_services_without_a_place(client):
    business = actor_pairs(client, "near=true&service=affarsutveckling")
    assert [{pair["first"]["label"], pair["second"]["label"]} for pair in business] == [
        {"Connect Sverige Region Väst", "Science Park Skövde AB"}]
    # MITC's service names no area, and neither does MITC: it cannot be placed, so it is not compared.
    assert not [pair for query in ("", "near=true") for pair in actor_pairs(client, query)
                if "/id/actor/malardalen-industrial-technology-center" in (pair["first"]["path"],
                                                                          pair["second"]["path"])]


# --- errors, CSV, pages ------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "parameter"), [
    ("actors?place=lan:99", "place"), ("actors?place=somewhere", "place"),
    ("actors?service=nope", "service"), ("actors?min_score=2", "min_score"), ("actors?near=maybe", "near"),
    ("?min_score=-1", "min_score"), ("?strategy=vg2020/nope", "strategy"),
    ("projects?min_score=abc", "min_score"), ("projects?strategy=vg2020/nope", "strategy"),
    ("projects?sort=height", "sort"), ("owners?level=kommun", "level"), ("owners?limit=0", "limit"),
])
def test_bad_parameters_are_named(client, query, parameter):
    url = API + query if query.startswith("?") else f"{API}/{query}"  # the summary is /overlap itself
    error = get_json(client, url, status=400)["error"]
    assert error["details"] == [{"parameter": parameter}]


def test_csv_downloads_parse(client):
    owners = csv_rows(client.get(f"{API}/owners?format=csv"))
    connect = next(row for row in owners if row["label"] == "Connect Sverige Region Väst")
    assert connect["areas"] == "Boråsregionen (Sjuhärad) | Fyrbodal | Skaraborg"
    assert connect["area_count"] == "3"
    projects = csv_rows(client.get(f"{API}/projects?format=csv&strategy=vg2020/fraga-15"))
    first = projects[0]
    assert {first["first"], first["second"]} == {projects_csv()[key]["label"] for key in COMPETENCE}
    assert {first["first_delregions"], first["second_delregions"]} == {"Fyrbodal", "Skaraborg"}
    assert first["basis"] == "strategy" and "kompetensförsörjning" in first["shared_terms"]
    actors = csv_rows(client.get(f"{API}/actors?format=csv&service=affarsutveckling&near=true"))
    assert len(actors) == 1 and actors[0]["shared_places"] == "Skaraborg" and actors[0]["score"] == "0,5"


def test_the_overlap_page_leads_with_the_summary_and_a_table_of_contents(client):
    html = page(client, "/overlap")
    assert_accessible(html)
    summary = get_json(client, API)
    contents = html.index('<nav class="contents"')
    anchors = ("sammanfattning", "starkaste", "per-omrade", "per-strategi", "aktorer", "projekt", "agare")
    for anchor in anchors:
        assert f'href="#{anchor}"' in html[contents:] and f'id="{anchor}"' in html
    assert contents < html.index('id="sammanfattning"') < html.index('id="aktorer"')
    assert html.index('id="aktorer"') < html.index('id="projekt"')
    assert f"<strong>{summary['strong_pairs']}</strong> projektpar har poäng minst 0,2" in html
    assert 'name="min_score" inputmode="decimal" size="6" value="0,2"' in html
    assert '<details class="all-pairs">' in html  # the full list collapsed
    assert '<details class="all-pairs" open>' in page(client, "/overlap?offset=20")
    assert 'href="/api/v1/analysis/overlap"' in html


def test_the_overlap_page_shows_the_three_lists(client):
    html = page(client, "/overlap")
    assert_accessible(html)
    for text in ("Strategisk kompetensförsörjning", "Strategisk facilitering kompetensförsörjning 2020–2022",
                 "Connect Sverige Region Väst", "Science Park Skövde AB", "Sammanfattande beskrivning"):
        assert text in html
    assert 'href="/api/v1/analysis/overlap/actors?format=csv"' in html
    assert 'href="/api/v1/analysis/overlap/owners?format=csv"' in html
    filtered = page(client, "/overlap?place=delregion:skaraborg&service=affarsutveckling&level=lan")
    assert '<option value="delregion/skaraborg" selected>' in filtered
    assert 'href="/api/v1/analysis/overlap/actors?place=delregion%2Fskaraborg&amp;service=affarsutveckling' \
           '&amp;format=csv"' in filtered
    english = page(client, "/overlap?lang=en")
    assert "Projects with similar aims in the same area or strategy" in english


def test_the_overlap_page_names_a_bad_parameter(client):
    response = client.get("/overlap?min_score=many", headers={"Accept": "text/html"})
    assert response.status_code == 400 and "min_score" in response.get_data(as_text=True)


def test_names_stay_text_in_the_timeline_chart(app):
    item = {"label": HOSTILE, "path": "/id/project/x", "group": {"label": HOSTILE, "path": None},
            "period": {"start": "2020-01-01", "end": "2020-12-31", "basis": "dates"},
            "activities": [{"label": HOSTILE, "start": "2020-05-01", "end": None}]}
    with app.test_request_context("/tidslinje"):
        html = render_template_string('{% from "_charts.html" import timeline_chart %}'
                                      "{{ timeline_chart(items, caption) }}", items=[item], caption=HOSTILE)
    assert "<img" not in html and html.count("&lt;img src=x onerror=alert(1)&gt;") >= 4

