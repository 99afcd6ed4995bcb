"""The newcomer finder: the need's words, the place, the ranking with its reasons and sources,
the API and the /hitta page, checked against what the source documents print."""

from __future__ import annotations

from datetime import date
from functools import cache
from urllib.parse import urlencode

import pytest
import yaml
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from graph.build import ONTOLOGY, ontology_graph
from graph.datafiles import BUNDLED_DATA
from graph.finder import find
from graph.finder.finder import DEFAULT_LIMIT, MAX_LIMIT
from graph.finder.library import library
from graph.finder.place_lookup import resolve_place
from graph.finder.vocabulary import MIN_FIRST_PART, Concept, Vocabulary
from graph.namespaces import concept, entity
from graph.resources.common import sources
from graph.resources.duplicates import representatives
from tests.answers import assert_accessible, csv_rows, get_json, page
from tests.sources import source_rows, source_title

SORMLAND = "001-sormland-handlingsplan"
VG = "003-vg-delregionala-2020"
MR = "004-mojligheternas-region"
API = "/api/v1/finder"
REFERENCE = yaml.safe_load((BUNDLED_DATA / "reference" / "about.yaml").read_text(encoding="utf-8"))["title"]
BORAS_STUDENT = {"need": "jag går på gymnasiet och vill starta företag", "place": "Borås"}
ESKILSTUNA_INDUSTRY = {"need": "vi är ett litet industriföretag och vill digitalisera produktionen",
                       "place": "Eskilstuna"}


@cache
def rows(folder: str, table: str) -> dict[str, dict]:
    """A data table's rows by key."""
    return {row.get("key") or row.get("postal_code") or row["municipality_code"]: row
            for row in source_rows(f"{folder}/{table}.csv")}


def section(folder: str, locator: str) -> str:
    return rows(folder, "locators")[locator]["label"]


def key(actor: dict) -> str:
    return actor["iri"].rsplit("/", 1)[-1]


def keys(result: dict, top: int | None = None) -> list[str]:
    return [key(actor) for actor in result["actors"][:top]]


def actor_in(result: dict, actor_key: str) -> dict:
    return next(actor for actor in result["actors"] if key(actor) == actor_key)


def ask(client, **question) -> dict:
    """The finder API's answer (it must be 200)."""
    return get_json(client, API, query_string=question)


def cited(actor: dict) -> set[tuple[str, str]]:
    """Every (document title, section) the actor's reasons cite."""
    return {(source["document"]["label"], source["section"])
            for reason in actor["reasons"] for fact in reason["facts"] for source in fact["sources"]}


@pytest.fixture(scope="module")
def vocabulary(served):
    return library(served).vocabulary




# --- the vocabulary ------------------------------------------------------------------------

def test_the_vocabulary_names_only_concepts_and_places_that_exist():
    words = Graph().parse(ONTOLOGY / "finder.ttl")
    known = ontology_graph()
    places = set(rows("reference", "municipalities"))
    named = set(words.subjects(SKOS.hiddenLabel, None)) | set(words.subjects(SKOS.related, None))
    assert len(list(words.objects(None, SKOS.hiddenLabel))) > 500
    for subject in named:
        kind = str(subject).rsplit("/", 2)[-2]
        if kind in ("lan", "delregion", "kommun"):
            assert kind != "kommun" or str(subject).rsplit("/", 1)[-1] in places, subject
            continue
        assert (subject, RDF.type, SKOS.Concept) in known, subject
    for label in words.objects(None, SKOS.hiddenLabel):
        assert label.language in ("sv", "en"), label
    english = {subject for subject, label in words.subject_objects(SKOS.hiddenLabel)
               if label.language == "en"}
    concepts = {subject for subject in named if "/concept/" in str(subject)}
    assert english == concepts, concepts - english  # every concept has English words too


def test_the_store_holds_the_place_names_people_use(served):
    assert library(served).place_names.named("Sörmland") == [str(entity("lan", "04"))]


@pytest.mark.parametrize("text", ["exportera", "exporterar", "exporterade", "Exporten"])
def test_inflections_meet_one_entry(vocabulary, text):
    found = {(m.concept.scheme, m.concept.key) for m in vocabulary.match(f"vi {text} till Norge")}
    assert found == {("tjanst", "exportstod"), ("skede", "internationalisering")}


def test_phrases_match_over_stop_words_and_hide_the_words_inside_them(vocabulary):
    matches = vocabulary.match("jag vill starta ett företag")
    assert {m.concept.key for m in matches} == {"nyforetagande", "start"}
    assert {m.words for m in matches} == {"starta företag"} and {m.how for m in matches} == {"phrase"}


@pytest.mark.parametrize(("word", "first", "last"), [
    ("exportrådgivning", {"exportstod", "internationalisering"}, {"radgivning"}),
    ("digitaliseringsstöd", {"digitalisering"}, set()),
    ("affärsängelnätverket", {"riskkapital"}, {"natverk"}),
])
def test_compounds_match_their_first_and_last_parts(vocabulary, word, first, last):
    matches = vocabulary.match(word)
    assert {m.concept.key for m in matches if m.how == "compound-first"} == first
    assert {m.concept.key for m in matches if m.how == "compound-last"} == last


def test_short_words_never_match_inside_a_compound(vocabulary):
    assert len("lan") < MIN_FIRST_PART
    assert vocabulary.match("lånebehov") == [] and vocabulary.match("itkonsulter") == []


def test_the_matcher_on_its_own_words():
    iri = str(concept("tjanst", "exportstod"))
    export = Concept("tjanst", "exportstod", iri, "Exportstöd", "Export support")
    vocabulary = Vocabulary({export.iri: export})
    vocabulary.add(export, "nya marknader")
    assert [m.words for m in vocabulary.match("Vi söker NYA marknader")] == ["nya marknader"]
    assert vocabulary.match("marknader") == []


# --- the place -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "kind", "code", "how"), [
    ("Borås", "kommun", "1490", "name"),
    ("borås", "kommun", "1490", "name"),
    ("Boras", "kommun", "1490", "name"),
    ("Eskilstuna", "kommun", "0484", "name"),
    ("goteborg", "kommun", "1480", "name"),
    ("Sörmland", "lan", "04", "name"),
    ("Södermanlands län", "lan", "04", "name"),
    ("Västra Götaland", "lan", "14", "name"),
    ("Fyrbodal", "delregion", "fyrbodal", "name"),
    ("Sjuhärad", "delregion", "borasregionen", "name"),
    ("kommun:1490", "kommun", "1490", "code"),
    ("503 30", "kommun", "1490", "postal_code"),
    ("50330", "kommun", "1490", "postal_code"),
])
def test_places_by_name_code_and_postal_code(served, text, kind, code, how):
    place = resolve_place(library(served).place_names, text).place
    assert (place["kind"], place["code"], place["how"], place["input"]) == (kind, code, how, text)


def test_the_postal_code_table_says_where_503_30_is():
    row = rows("reference", "postal_to_municipality")["50330"]
    assert (row["locality"], row["municipality_code"]) == ("Borås", "1490")


def test_an_unknown_place_is_answered_with_close_names(served):
    names = library(served).place_names
    answer = resolve_place(names, "Eskiltuna")
    assert answer.place is None and answer.suggestions[0]["label"] == "Eskilstuna kommun"
    assert "Eskilstuna kommun" in answer.messages[0]["sv"]
    assert resolve_place(names, "Kalmar").messages[0]["code"] == "place-ambiguous"


# --- the ranking, from the sources -----------------------------------------------------------

def test_a_pupil_in_boras_who_wants_to_start_a_company_finds_ung_foretagsamhet_alvsborg(client):
    result = ask(client, **BORAS_STUDENT)
    understood = result["understood"]
    assert [c["key"] for c in understood["services"]] == ["nyforetagande"]
    assert [c["key"] for c in understood["audiences"]] == ["elever"]
    assert [c["key"] for c in understood["stages"]] == ["start"]
    assert "från 'gymnasiet'" in understood["summary"]["sv"]
    assert "ung-foretagsamhet-alvsborg" in keys(result, 3)
    uf = actor_in(result, "ung-foretagsamhet-alvsborg")
    service = rows(VG, "services")["uf-foretagande-alvsborg"]  # gymnasieelever, delregion:borasregionen
    assert service["audience"] == "elever" and service["area_served"] == "delregion:borasregionen"
    assert (source_title(VG), section(VG, service["locator"])) in cited(uf)
    offers = next(reason for reason in uf["reasons"] if reason["code"] == "service")
    assert "Elever" in offers["sv"] and offers["facts"][0]["iri"].endswith("/uf-foretagande-alvsborg")
    place = next(reason for reason in uf["reasons"] if reason["code"] == "place")
    evidence = [reason["points"] for reason in uf["reasons"] if reason["code"] in ("service", "project")]
    # Every piece of its evidence is in Boråsregionen (the service's area, the project's place): +50 %.
    assert place["place"]["code"] == "borasregionen"
    assert place["points"] == sum(round(points * 0.5) for points in evidence)


def test_a_small_industrial_firm_in_eskilstuna_finds_mitc_and_almi(client):
    result = ask(client, **ESKILSTUNA_INDUSTRY)
    top = keys(result, 5)
    assert "malardalen-industrial-technology-center" in top and "almi-sormland" in top
    mitc = actor_in(result, "malardalen-industrial-technology-center")
    service = rows(SORMLAND, "services")["sormland-svc-mitc"]  # omstallning|digitalisering, industriella-smf
    assert "digitalisering" in service["services"].split("|")
    assert (source_title(SORMLAND), section(SORMLAND, service["locator"])) in cited(mitc)
    assert any(reason["code"] == "service" for reason in mitc["reasons"])
    almi = actor_in(result, "almi-sormland")
    assert any(r["code"] == "place" and r["place"]["code"] == "04" for r in almi["reasons"])


def test_export_in_sormland_finds_almis_regional_export_cooperation(client):
    result = ask(client, need="jag vill börja exportera", place="Sörmland")
    assert result["place"]["code"] == "04"
    almi = actor_in(result, "almi-sormland")
    res = rows(SORMLAND, "services")["sormland-svc-res"]
    service = next(item for item in almi["services"] if item["iri"].endswith("/sormland-svc-res"))
    assert service["label"] == res["label"] == "Regional Exportsamverkan Sörmland (RES)"
    assert [t["key"] for t in service["types"]] == ["exportstod", "natverk"]
    offers = next(reason for reason in almi["reasons"] if reason["code"] == "service")
    assert offers["facts"][0]["iri"] == service["iri"] and offers["sv"].startswith("Erbjuder Exportstöd")
    assert offers["points"] >= 30 + 10  # the kind of support asked for, and its stage (internationalisering)
    assert offers["facts"][0]["sources"][0]["section"] == section(SORMLAND, res["locator"])


def test_venture_capital_is_understood_and_finds_the_investor_networks(client):
    result = ask(client, need="vi söker riskkapital")
    assert [c["key"] for c in result["understood"]["services"]] == ["riskkapital"]
    networks = {n["iri"].rsplit("/", 1)[-1] for n in result["networks"]}
    assert {"affarsangelnatverk-sjuharad", "investerarnatverk-i-sjuharad"} <= networks


def test_in_storuman_the_business_function_is_the_way_in(client):
    result = ask(client, need="starta eget", place="Storuman")
    assert result["place"]["code"] == "2421"
    service = rows(MR, "services")["mr-naringslivsfunktion-2421"]
    assert service["provider"] == "storumans-kommunforetag-ab" and "lotsning" in service["services"]
    way_in = result["way_in"]
    assert way_in["key"] == "storumans-kommunforetag-ab" and way_in["reason"]["code"] == "vagen-in"
    assert way_in["reason"]["facts"][0]["sources"][0]["section"] == section(MR, service["locator"])


def test_a_kommun_without_a_named_business_function_is_its_own_way_in(client):
    result = ask(client, **BORAS_STUDENT)
    assert result["way_in"]["key"] == "kommun-1490"
    assert ask(client, need="starta eget", place="Sörmland")["way_in"] is None  # a län has no way in


def test_every_reason_of_every_actor_cites_its_sources(client):
    for question in (BORAS_STUDENT, ESKILSTUNA_INDUSTRY):
        result = ask(client, **question)
        titles = {source_title(path.parent.name) for path in BUNDLED_DATA.glob("*/source.yaml")} | {REFERENCE}
        for actor in result["actors"]:
            for reason in actor["reasons"]:
                # Evidence and place add points; the adjustments (a group, a parent) take some away.
                assert (reason["points"] > 0) == (reason["code"] not in ("group", "regional-office"))
                assert reason["sv"] and reason["en"], reason
                for fact in reason["facts"]:
                    assert fact["sources"], (actor["label"], reason["sv"])
                    assert {s["document"]["label"] for s in fact["sources"]} <= titles


def test_the_library_cites_what_the_store_cites(served):
    """The finder reads sources from its library, built at load; for every record it cites they
    are the record's sources in the store, and an insats printed twice cites both printings."""
    cited_by, first_of = library(served).sources_of, representatives(served)
    printed_as: dict[str, set[str]] = {}
    for iri, first in first_of.items():
        printed_as.setdefault(first, {first}).add(iri)
    assert cited_by.keys() and printed_as  # Almi basuppdrag is printed in Tabell 4 and Tabell 7
    def places(cites: list[dict]) -> set[tuple]:
        return {(source["document"]["iri"], source["section"], source["page"]) for source in cites}

    for record, cites in cited_by.items():
        printings = printed_as.get(record, {record})
        expected = set().union(*(places(sources(served, printing)) for printing in printings))
        assert places(cites) == expected, record
        assert len(cites) == len(expected), record


def test_scores_are_the_sum_of_the_reasons_and_the_ranking_is_deterministic(served):
    first = find(served, **ESKILSTUNA_INDUSTRY, today=date(2025, 6, 1))
    again = find(served, **ESKILSTUNA_INDUSTRY, today=date(2025, 6, 1))
    assert first == again
    scores = [actor["score"] for actor in first["actors"]]
    assert scores == sorted(scores, reverse=True)
    for actor in first["actors"]:
        assert actor["score"] == sum(reason["points"] for reason in actor["reasons"])


def test_running_projects_depend_on_the_day(served):
    res = rows(SORMLAND, "projects")["sormland-t06-1"]  # timeplan "230815 –260815."
    assert (res["start"], res["end"]) == ("2023-08-15", "2026-08-15")
    question = {"need": "jag vill börja exportera", "place": "Sörmland"}
    during = find(served, **question, today=date(2025, 6, 1))
    after = find(served, **question, today=date(2026, 9, 1))
    assert "sormland-t06-1" in {p["iri"].rsplit("/", 1)[-1] for p in during["projects"]}
    assert "sormland-t06-1" not in {p["iri"].rsplit("/", 1)[-1] for p in after["projects"]}
    sweden = actor_in(during, "business-sweden")  # medverkande in RES
    assert any(r["code"] == "project" and r["state"] == "ongoing" for r in sweden["reasons"])
    # After its end RES still shows what Business Sweden does, at half weight.
    ended = actor_in(after, "business-sweden")
    assert [r["state"] for r in ended["reasons"] if r["code"] == "project"] == ["ended"]
    assert ended["score"] < sweden["score"]


def test_actors_that_work_only_elsewhere_are_left_out_and_counted(client):
    result = ask(client, **BORAS_STUDENT)
    assert "ung-foretagsamhet-sormland" not in keys(result)  # elever, but lan:04
    assert any(m["code"] == "elsewhere" for m in result["messages"])


def test_one_actor_left_out_is_counted_in_the_singular(client):
    # Maritime work in Skaraborg: the sources' one maritime insats is Lysekils kommun's "Maritim
    # utveckling i Bohuslän 2.0", in Fyrbodal (003), so its one actor is left out and counted.
    project = rows(VG, "projects")["vg2020-fyr-06"]
    assert project["label"] == "Maritim utveckling i Bohuslän 2.0"
    assert project["places"] == "delregion:fyrbodal"
    result = ask(client, need="maritim", place="Skaraborg")
    assert result["actors"] == []
    [message] = [m for m in result["messages"] if m["code"] == "elsewhere"]
    assert message["sv"].startswith("1 aktör som passar behovet verkar bara")
    assert message["en"].startswith("1 actor that fits the need works")


# --- helpful answers, and bad parameters -----------------------------------------------------

def test_an_unknown_place_gives_a_helpful_answer_not_an_error(client):
    result = get_json(client, f"{API}?need=starta+eget&place=Atlantis")
    assert result["place"] is None
    assert [m["code"] for m in result["messages"]][0] == "place-not-found"
    assert "Atlantis" in result["messages"][0]["sv"] and result["actors"]
    html = page(client, "/hitta?need=starta+eget&place=Atlantis")
    assert "Vi hittade ingen plats som heter &#39;Atlantis&#39;" in html


def test_an_empty_need_gives_guidance_and_examples(client):
    result = get_json(client, API)
    assert result["actors"] == [] and result["examples"]
    assert result["messages"][0]["code"] == "empty-need"
    html = page(client, "/hitta")
    assert "Skriv vad du behöver hjälp med" in html and "jag vill börja exportera" in html
    assert_accessible(html)


def test_an_empty_need_with_a_place_shows_the_way_in(client):
    result = get_json(client, f"{API}?place=kommun:2421")
    assert result["actors"] == [] and result["way_in"]["key"] == "storumans-kommunforetag-ab"


def test_a_need_not_understood_says_so(client):
    result = get_json(client, f"{API}?need=blablabla")
    assert result["messages"][0]["code"] == "need-not-understood"
    assert result["understood"]["not_understood"] == ["blablabla"]


@pytest.mark.parametrize(("query", "parameter"), [
    ("stage=xyz", "stage"), ("service=bageri", "service"), ("audience=alla", "audience"),
    ("limit=0", "limit"), ("limit=51", "limit"), ("limit=tio", "limit"), ("date=igår", "date"),
])
def test_bad_parameters_are_named(client, query, parameter):
    error = get_json(client, f"{API}?{query}", 400)["error"]
    assert f"'{parameter}'" in error["message"]


def test_a_bad_stage_lists_the_stages(client):
    message = get_json(client, f"{API}?stage=xyz", 400)["error"]["message"]
    for stage in ("ide", "start", "tillvaxt", "internationalisering", "agarskifte"):
        assert stage in message


def test_filters_count_as_a_need(client):
    result = get_json(client, f"{API}?service=exportstod&place=lan:04")
    assert result["understood"]["services"][0]["matched"] == [{"how": "filter", "words": None, "term": None}]
    assert keys(result, 1) == ["almi-sormland"]


def test_limit_caps_the_actors(client):
    result = get_json(client, f"{API}?need=starta+eget&limit=2")
    assert len(result["actors"]) == 2 and result["total"] > 2


def test_a_name_that_only_begins_with_starta_is_no_start_up_project(served):
    # 001 Bilaga 1: "Starta ytterligare ett branschforum ..." is about skills in industry.
    label = rows(SORMLAND, "projects")["sormland-kommande-12"]["label"]
    assert label.startswith("Starta ytterligare ett branschforum")
    answer = find(served, "starta eget", "Katrineholm", today=date(2025, 6, 1))
    assert answer["projects"] and label not in [project["label"] for project in answer["projects"]]
    skills = find(served, "kompetensförsörjning i industrin", "Katrineholm", today=date(2025, 6, 1))
    assert label in [project["label"] for project in skills["projects"]]


def test_the_first_ten_are_shown_and_the_rest_are_a_link_or_a_download_away(client):
    question = {"need": "starta eget", "date": "2025-06-01"}  # every starter's help in five sources
    result = get_json(client, API, query_string=question)
    assert len(result["actors"]) == DEFAULT_LIMIT < result["total"] <= MAX_LIMIT
    html = page(client, "/hitta?" + urlencode(question))
    more = f"/hitta?{urlencode({**question, 'limit': MAX_LIMIT})}".replace("&", "&amp;")
    assert f'<a href="{more}">Visa fler aktörer</a>' in html
    assert f"({result['total']} av {result['total']})" in html
    everyone = get_json(client, API, query_string={**question, "limit": MAX_LIMIT})
    assert len(everyone["actors"]) == result["total"]
    table = csv_rows(client.get(API, query_string={**question, "format": "csv"}))
    assert [row["iri"] for row in table] == [actor["iri"] for actor in everyone["actors"]]


# --- renderings ------------------------------------------------------------------------------

def test_the_actors_download_as_csv_for_excel(client):
    response = client.get(API, query_string={**ESKILSTUNA_INDUSTRY, "format": "csv"})
    table = csv_rows(response)
    assert table[0]["rank"] == "1" and table[0]["label"] == "Mälardalen Industrial Technology Center"
    assert "Tabell 5. Stimulera ökad innovation, digitalisering och omställning" in table[0]["sources"]


def test_the_page_shows_cards_with_why_and_sources(client):
    html = page(client, "/hitta?need=jag+går+på+gymnasiet+och+vill+starta+företag&place=Borås")
    assert_accessible(html)
    assert '<a href="/id/actor/ung-foretagsamhet-alvsborg">Ung Företagsamhet Älvsborg</a>' in html
    assert "<summary>Varför?</summary>" in html and "Vi tolkade behovet som" in html
    assert source_title(VG) in html and "finder.css" in html
    assert 'value="jag går på gymnasiet och vill starta företag"' in html


def test_the_page_lists_the_projects_running_on_the_day_or_says_none_runs(client):
    res = rows(SORMLAND, "projects")["sormland-t06-1"]  # Regional Exportsamverkan Sörmland, Tabell 6
    last, after = date.fromisoformat(res["end"]), date.fromisoformat(res["end"]).replace(day=16)
    asked = "/hitta?need=vi+vill+börja+exportera&place=Nyköping&date="
    running = page(client, asked + last.isoformat())
    assert f'<a href="/id/project/sormland-t06-1">{res["label"]}</a>' in running
    assert "finder-none" not in running
    ended = page(client, asked + after.isoformat())
    assert "/id/project/sormland-t06-1" not in ended.split('class="finder-none"')[1]
    assert ("Inga pågående eller kommande projekt passar behovet i <span>Nyköpings kommun</span> "
            "den 16 aug 2026.") in ended


def test_the_page_in_english(client):
    html = page(client, "/hitta?lang=en&need=starta+eget&place=Storuman")
    assert "<summary>Why?</summary>" in html and "The way in" in html


def test_the_page_escapes_what_is_typed(client):
    html = page(client, "/hitta?need=<script>alert(1)</script>&place=<b>x</b>")
    assert "<script>alert(1)" not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_page_answers_json_with_the_same_payload(client):
    result = get_json(client, "/hitta?need=starta+eget&place=Storuman&format=json")
    assert result["place"]["code"] == "2421" and result["ranking"]["sv"]
