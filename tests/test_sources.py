"""Spot checks from each of the five source documents, against values read off the documents."""

from decimal import Decimal

import pyoxigraph as ox

from graph.namespaces import entity
from tests.conftest import PREFIXES, rows
from tests.iris import (
    ALMI,
    ALMI_SORMLAND,
    CONNECT,
    FUTURE_PLACE_LEADERSHIP,
    KALMAR_PROJECT,
    MOJLIGHETERNAS_REGION,
    OREBRO_STRATEGY,
    REGION_OREBRO,
    REGION_SORMLAND,
    REGION_SORMLAND_NOA,
    REGION_VASTERBOTTEN,
    ROLE,
    SORMLAND_STRATEGY,
)

PROJECT_BY_LABEL = PREFIXES + """
SELECT * WHERE { ?project a eurio:Project ; skos:prefLabel ?label . }"""

PARTIES = PREFIXES + """
SELECT * WHERE {
  ?project eurio:hasInvolvedParty ?party .
  ?party eurio:isRoleOf ?actor ; dct:type ?role .
  ?actor skos:prefLabel ?name .
}"""

ALL_NAMES = PREFIXES + """
SELECT * WHERE { ?actor skos:prefLabel|skos:altLabel ?name . }"""

FACTS = PREFIXES + """
SELECT * WHERE {
  ?project a eurio:Project .
  OPTIONAL { ?project eurio:hasTotalCost/eurio:value ?cost }
  OPTIONAL { ?project eurio:startDate ?start }
  OPTIONAL { ?project eurio:endDate ?end }
  OPTIONAL { ?project ak:timePlan ?timeplan }
}"""

GRANTS = PREFIXES + """
SELECT * WHERE {
  ?project eurio:isFundedBy ?grant .
  OPTIONAL { ?grant eurio:hasFundingAmount/eurio:value ?amount }
  OPTIONAL { ?grant eurio:hasFundingScheme ?scheme }
  OPTIONAL { ?grant ak:funder ?funder }
  OPTIONAL { ?grant eurio:isDisbursedBy ?granter }
}"""


def project(store, label: str) -> str:
    [row] = rows(store, PROJECT_BY_LABEL, label=_sv(label))
    return row["project"]


def _sv(text: str) -> ox.Literal:
    return ox.Literal(text, language="sv")


def parties(store, project_iri: str, role: str) -> set[str]:
    return {r["actor"] for r in rows(store, PARTIES, project=project_iri, role=ROLE[role])}


def names(store, actor) -> set[str]:
    return {r["name"] for r in rows(store, ALL_NAMES, actor=actor)}


def facts(store, project_iri: str) -> dict:
    [row] = rows(store, FACTS, project=project_iri)
    return row


def actor_named(store, name: str) -> str:
    query = PREFIXES + """SELECT DISTINCT ?actor ?name WHERE {
        ?actor a org:Organization ; skos:prefLabel|skos:altLabel ?name }"""
    [row] = rows(store, query, name=_sv(name))
    return row["actor"]


# --- 003 Västra Götaland, delregional grants 2020 -------------------------------------------


def test_connects_project_is_owned_by_connect_with_almi_and_the_borås_incubator(loaded):
    growth = project(loaded, "Tillväxt och finansiering för ägarledda företag")
    assert parties(loaded, growth, "projektagare") == {str(CONNECT)}
    partners = parties(loaded, growth, "samverkanspart") | parties(loaded, growth, "medverkande")
    assert str(ALMI) in partners
    assert actor_named(loaded, "Inkubatorn i Borås AB") in partners
    assert Decimal(facts(loaded, growth)["cost"]) == Decimal("2044500")


def test_smart_textile_has_two_joint_owners(loaded):
    smart_textile = project(loaded, "Smart Textile och Do-Tank")
    owners = parties(loaded, smart_textile, "projektagare")
    assert owners == {actor_named(loaded, "Högskolan i Borås"),
                      actor_named(loaded, "Science Park Borås")}
    assert Decimal(facts(loaded, smart_textile)["cost"]) == Decimal("17000000")


def test_drivhuset_framsteg_keeps_the_grant_larger_than_its_cost_as_printed(loaded):
    framsteg = project(loaded, "Drivhuset FRAMSTEG!")
    assert Decimal(facts(loaded, framsteg)["cost"]) == Decimal("215000")
    [grant] = rows(loaded, GRANTS, project=framsteg)
    assert Decimal(grant["amount"]) == Decimal("580000")
    assert parties(loaded, framsteg, "projektagare") == {actor_named(loaded, "Drivhuset i Borås")}


def test_etableringssamverkan_works_with_business_sweden_and_science_park_skovde(loaded):
    etablering = project(loaded, "Etableringssamverkan i Skaraborg")
    assert parties(loaded, etablering, "projektagare") == {actor_named(loaded, "Skaraborgs kommunalförbund")}
    everyone = set().union(*(parties(loaded, etablering, role) for role in ROLE))
    assert str(entity("actor", "business-sweden")) in everyone
    assert actor_named(loaded, "Science Park Skövde AB") in everyone
    [grant] = rows(loaded, GRANTS, project=etablering)
    assert Decimal(grant["amount"]) == Decimal("3000000")


def test_connect_is_one_actor_under_all_its_spellings(loaded):
    assert {"Connect Väst", "Connect Sverige region Väst"} <= names(loaded, CONNECT)


def test_the_two_iucs_are_different_companies(loaded):
    sjuharad = actor_named(loaded, "Industriellt utvecklingscenter i Sjuhärad AB")
    vast = actor_named(loaded, "IUC Väst AB")
    assert sjuharad != vast
    assert "IUC" in names(loaded, sjuharad)


# --- 001 Region Sörmland, action plan --------------------------------------------------------


def test_sormland_strategy_has_3_areas_and_14_insatsomraden(loaded):
    query = PREFIXES + """
        SELECT * WHERE {
          ?concept skos:inScheme ?scheme . OPTIONAL { ?concept skos:broader ?broader } }"""
    concepts = rows(loaded, query, scheme=SORMLAND_STRATEGY)
    areas = {c["concept"] for c in concepts if c["broader"] is None}
    assert len(areas) == 3
    assert len([c for c in concepts if c["broader"] in areas]) == 14


def test_gront_naringsliv_is_led_by_biodriv_ost_with_its_time_plan(loaded):
    green = next(r["project"] for r in rows(loaded, PREFIXES + """
        SELECT ?project WHERE { ?project a eurio:Project ; skos:prefLabel ?label .
          FILTER STRSTARTS(?label, "Grönt näringsliv") }"""))
    assert parties(loaded, green, "ansvarig") == {actor_named(loaded, "BioDriv Öst")}
    taking_part = parties(loaded, green, "medverkande")
    assert {str(REGION_SORMLAND), str(REGION_OREBRO), actor_named(loaded, "Cleantech Östergötland"),
            str(entity("actor", "kommun-1880"))} <= taking_part
    row = facts(loaded, green)
    assert (row["start"], row["end"]) == ("2023-04-01", "2026-07-31")


def test_almi_basuppdrag_is_almi_sormlands_and_almi_sormland_is_part_of_almi(loaded):
    query = PREFIXES + """
        SELECT ?project WHERE { ?project a eurio:Project ; skos:prefLabel ?label .
          FILTER STRSTARTS(?label, "Almi basuppdrag") }"""
    basuppdrag = rows(loaded, query)
    assert len(basuppdrag) == 2  # printed in Tabell 4 and again in Tabell 7
    for row in basuppdrag:
        assert parties(loaded, row["project"], "ansvarig") == {str(ALMI_SORMLAND)}
    [parent] = rows(loaded, PREFIXES + "SELECT * WHERE { ?a org:subOrganizationOf ?p }", a=ALMI_SORMLAND)
    assert parent["p"] == str(ALMI)
    assert "Almi företagspartner Sörmland" in names(loaded, ALMI_SORMLAND)


def test_noa_is_a_unit_of_region_sormland(loaded):
    [row] = rows(loaded, PREFIXES + "SELECT * WHERE { ?unit org:unitOf ?of }", unit=REGION_SORMLAND_NOA)
    assert row["of"] == str(REGION_SORMLAND)


def test_sormland_networks_include_esic(loaded):
    query = PREFIXES + """
        SELECT ?name WHERE { ?network a org:OrganizationalCollaboration ;
          skos:prefLabel|skos:altLabel ?name . }"""
    network_names = " | ".join(r["name"] for r in rows(loaded, query))
    assert "East Sweden Infra Cluster" in network_names
    assert "näringslivsansvariga" in network_names.lower()


# --- 004 Möjligheternas Region, ERUF final report -------------------------------------------

INDICATOR = PREFIXES + """
SELECT * WHERE {
  ?indicator ak:indicatorOf ?project ; skos:prefLabel ?label .
  OPTIONAL { ?indicator ak:target ?target } OPTIONAL { ?indicator ak:result ?result } }"""


def test_indicators_keep_target_and_result_as_reported(loaded):
    def reported(label):
        return {(Decimal(r["target"]), Decimal(r["result"]))
                for r in rows(loaded, INDICATOR, project=MOJLIGHETERNAS_REGION, label=_sv(label))
                if r["target"] and r["result"]}

    assert (Decimal(400), Decimal(388)) in reported("Antal företag som får stöd")
    assert (Decimal(300), Decimal(140)) in reported("Antal nya företag som får stöd")
    assert (Decimal(100), Decimal(26)) in reported("Sysselsättningsökning i företag som får stöd")


def test_mojligheternas_region_has_its_eight_parties_and_period(loaded):
    expected = {str(entity("actor", key)) for key in (
        "kommun-2425", "kommun-2481", "kommun-2418", "kommun-2417", "kommun-2422",
        "storumans-kommunforetag-ab", "kommun-2462", "asele-naringslivsstiftelse")}
    assert expected <= parties(loaded, str(MOJLIGHETERNAS_REGION), "samverkanspart")
    assert expected | {str(REGION_VASTERBOTTEN)} <= parties(
        loaded, str(MOJLIGHETERNAS_REGION), "medfinansiar")
    row = facts(loaded, str(MOJLIGHETERNAS_REGION))
    assert (row["start"], row["end"]) == ("2015-09-01", "2018-12-31")
    schemes = {r["scheme"] for r in rows(loaded, GRANTS, project=MOJLIGHETERNAS_REGION)}
    assert str(entity("funding", "eruf")) in schemes


def test_projektsamverkansgruppen_was_started_with_intill_and_akademi_norr(loaded):
    query = PREFIXES + """
        SELECT ?member WHERE { ?network skos:prefLabel "Projektsamverkansgruppen"@sv .
          ?membership org:organization ?network ; org:member ?member . }"""
    members = {r["member"] for r in rows(loaded, query)}
    assert {str(entity("actor", "intill")), str(entity("actor", "akademi-norr"))} <= members


# --- 000 Region Kalmar län, Investeringssamverkan --------------------------------------------


def test_kalmar_project_is_led_by_future_place_leadership_with_the_12_kommuner(loaded):
    project_iri = str(KALMAR_PROJECT)
    assert parties(loaded, project_iri, "projektledare") == {str(FUTURE_PLACE_LEADERSHIP)}
    kalmar_kommuner = {r["kommun"] for r in rows(loaded, PREFIXES + """
        SELECT * WHERE { ?kommun a ak:Municipality ; geo:sfWithin ?lan . }""",
        lan=entity("lan", "08"))}
    assert len(kalmar_kommuner) == 12
    actors_in_kalmar = {r["actor"] for r in rows(loaded, PREFIXES + """
        SELECT DISTINCT ?actor ?type ?lan WHERE { ?actor org:classification ?type ;
          schema:areaServed ?kommun . ?kommun geo:sfWithin ?lan . }""", lan=entity("lan", "08"),
        type=entity("concept", "aktorstyp/kommun"))}
    assert len(actors_in_kalmar) == 12
    assert actors_in_kalmar <= parties(loaded, project_iri, "samverkanspart")


def test_kalmar_learned_from_four_regions_and_kommuner(loaded):
    learned_from = parties(loaded, str(KALMAR_PROJECT), "kunskapskalla")
    expected = {actor_named(loaded, "Business Region Örebro"),
                actor_named(loaded, "Business Region Skaraborg"),
                str(entity("actor", "kommun-0484")), str(entity("actor", "kommun-1381"))}
    assert learned_from == expected


def test_kalmar_period_and_first_workshop(loaded):
    row = facts(loaded, str(KALMAR_PROJECT))
    assert (row["start"], row["end"]) == ("2022-04", "2023-06")
    query = PREFIXES + """
        SELECT * WHERE { ?activity dct:isPartOf ?project ; skos:prefLabel ?label ;
          schema:startDate ?start . FILTER STRSTARTS(?label, "Workshop 1") }"""
    assert [r["start"] for r in rows(loaded, query, project=KALMAR_PROJECT)] == ["2022-11-21"]


# --- 002 Region Örebro län, strategy decision ------------------------------------------------


def test_orebro_strategy_has_its_four_areas(loaded):
    query = PREFIXES + """
        SELECT * WHERE { ?concept skos:inScheme ?scheme ; skos:prefLabel ?label .
          FILTER (LANG(?label) = "sv") }"""
    labels = {r["label"] for r in rows(loaded, query, scheme=OREBRO_STRATEGY)}
    assert labels == {"Företagsutveckling", "Innovation", "Investering och etablering",
                      "Kompetens- och talangattraktion"}
    [publisher] = rows(loaded, PREFIXES + "SELECT * WHERE { ?scheme dct:publisher ?p }",
                       scheme=OREBRO_STRATEGY)
    assert publisher["p"] == str(REGION_OREBRO)


def test_orebro_strategy_builds_on_rus_and_smart_specialisation(loaded):
    query = PREFIXES + """
        SELECT * WHERE { ?scheme dct:references ?document . ?document dct:title ?title }"""
    titles = " | ".join(r["title"] for r in rows(loaded, query, scheme=OREBRO_STRATEGY))
    assert "Regional utvecklingsstrategi" in titles
    assert "Smart Specialisering" in titles
