"""Network pictures that say something, through the JSON API (on both stores): actor categories
as data with at most eight colours, the chosen actor marked and centred, labels on the central
nodes, a kommun's view with its delregion's and län's projects, the funding flow with the printed
amounts on its arrows, and one sentence under each picture.

Every expected value is read from the data files (participants, projects, the ontology's Turtle)
or typed in from the source document, never taken from the code under test.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import SKOS

from graph.build import ONTOLOGY
from graph.network.style import CATEGORY_COLOURS
from graph.swedish import sort_key
from tests.answers import get_json
from tests.iris import ACTOR, KOMMUNALFORBUND, PROJECT, VG_RUN_2020
from tests.sources import actor_register, source_rows
from tests.test_vg2020_totals import PRINTED_TOTALS, amount

TYPES = Namespace("https://aktorskartan.se/id/concept/aktorstyp/")
SCHEMES = Namespace("https://aktorskartan.se/id/scheme/")
REGION_VASTRA_GOTALAND = ACTOR + "region-14"
BORAS = "https://aktorskartan.se/id/kommun/1490"


def vis(client, path: str) -> dict:
    return get_json(client, path + ("&" if "?" in path else "?") + "format=vis")


# --- actor categories: data, at most eight colours ------------------------------------------------

def ontology_categories() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """From the Turtle files: actor type key → category key, and category key → its names."""
    graph = Graph().parse(ONTOLOGY / "schemes.ttl").parse(ONTOLOGY / "actor_categories.ttl")
    types = {str(t).rsplit("/", 1)[-1] for t in graph.subjects(SKOS.inScheme, SCHEMES.aktorstyp)}
    of_type = {}
    for key in types:
        matches = list(graph.objects(TYPES[key], SKOS.broadMatch))
        assert len(matches) == 1, key
        of_type[key] = str(matches[0]).rsplit("/", 1)[-1]
    names = {}
    for category in graph.subjects(SKOS.inScheme, SCHEMES.aktorskategori):
        labels = {label.language: str(label) for label in graph.objects(category, SKOS.prefLabel)}
        names[str(category).rsplit("/", 1)[-1]] = labels
    return of_type, names


def test_every_actor_type_belongs_to_one_of_at_most_eight_named_categories():
    of_type, names = ontology_categories()
    assert len(of_type) >= 22 and set(of_type.values()) == set(names)
    assert len(names) <= 8 and all(set(labels) == {"sv", "en"} for labels in names.values())
    # Almi (a statligt bolag) is drawn with the incubators and science parks it works beside.
    assert of_type["statligt-bolag"] == of_type["inkubator"] == of_type["science-park"]
    assert set(CATEGORY_COLOURS) == set(names) and len(set(CATEGORY_COLOURS.values())) == len(names)


def test_actors_are_coloured_by_category_with_the_full_type_in_the_tooltip(client):
    of_type, names = ontology_categories()
    types = {row["key"]: row["type"] for row in actor_register().values()}
    drawing = vis(client, "/api/v1/network/ecosystem")
    colours = set()
    for node in drawing["nodes"]:
        category = of_type[types[node["id"].removeprefix(ACTOR)]]
        assert node["color"]["background"] == CATEGORY_COLOURS[category] and node["shape"] == "dot"
        colours.add(node["color"]["background"])
    assert 5 <= len(colours) <= 8
    legend = {entry["label"] for entry in drawing["legend"]}
    assert legend <= {labels["sv"] for labels in names.values()}
    almi = next(node for node in drawing["nodes"] if node["id"] == ACTOR + "almi-foretagspartner-ab")
    assert almi["title"].splitlines()[1:3] == ["Statligt bolag", "Kategori: Företagsfrämjande organisation"]


def test_what_is_not_an_actor_keeps_a_shape_of_its_own(client):
    shapes = {node["id"]: node["shape"] for node in vis(client, "/api/v1/network/funding")["nodes"]}
    assert shapes[str(VG_RUN_2020)] == "triangle" and shapes[PROJECT + "vg2020-bor-06"] == "square"
    assert shapes[REGION_VASTRA_GOTALAND] == "dot"


# --- the chosen actor; labels ---------------------------------------------------------------------

def test_the_chosen_actor_is_marked_and_fixed_at_the_centre(client):
    drawing = vis(client, "/api/v1/network/actors/almi-sormland")
    focus = ACTOR + "almi-sormland"
    assert get_json(client, "/api/v1/network/actors/almi-sormland")["focus"] == [focus]
    nodes = {node["id"]: node for node in drawing["nodes"]}
    chosen = nodes.pop(focus)
    assert drawing["centre"] == focus
    assert chosen["focus"] and chosen["fixed"] and (chosen["x"], chosen["y"]) == (0, 0)
    assert chosen["borderWidth"] > max(node["borderWidth"] for node in nodes.values())
    assert "background" in chosen["font"] and not any(node["focus"] for node in nodes.values())
    assert {"key": "focus", "label": "Vald aktör", "color": "#ffffff", "shape": "focus"} in drawing["legend"]
    path = vis(client, "/api/v1/network/path?source=connect-sverige-region-vast&target=region-04")
    assert path["centre"] is None and sum(node["focus"] for node in path["nodes"]) == 2


def test_a_small_view_labels_every_node_and_a_big_one_its_most_central(client):
    small = vis(client, "/api/v1/network/actors/almi-sormland")
    assert all(node["central"] for node in small["nodes"])
    labels = {node["name"]: node["label"] for node in small["nodes"]}
    assert labels["Almi Företagspartner Sörmland"] == "Almi Företagspartner\nSörmland"
    assert all(len(line) <= 22 for label in labels.values() for line in label.splitlines())

    big = vis(client, "/api/v1/network/ecosystem")
    central = {node["id"] for node in big["nodes"] if node["central"]}
    assert len(big["nodes"]) > 40 and len(central) == 12
    hubs = get_json(client, "/api/v1/network/metrics?sort=-degree&limit=3")["items"]
    assert {hub["iri"] for hub in hubs} <= central  # Arbetsförmedlingen, Eskilstuna kommun, …
    rank = {node["id"]: node["rank"] for node in big["nodes"]}
    assert rank[hubs[0]["iri"]] == 0


# --- a kommun's view takes its delregion's and län's projects ---------------------------------------

def boras_region_projects() -> dict[str, dict[str, str]]:
    """The VG 2020 projects located in Boråsregionen, Borås or Västra Götaland (data/003):
    project key → actor key → role."""
    places = {"delregion:borasregionen", "kommun:1490", "lan:14"}
    keys = {row["key"] for row in source_rows("003-vg-delregionala-2020/projects.csv")
            if places & set(row["places"].split("|"))}
    parties: dict[str, dict[str, str]] = defaultdict(dict)
    for row in source_rows("003-vg-delregionala-2020/participants.csv"):
        if row["project"] in keys:
            parties[row["project"]][row["actor"]] = row["role"]
    return parties


def test_boras_view_holds_boraasregionens_projects_and_their_owners(client):
    parties = boras_region_projects()
    assert len(parties) == 21  # "har Boråsregionen beviljat 21 projekt"
    view = get_json(client, "/api/v1/network/places/kommun/1490")
    nodes = {node["id"] for node in view["nodes"]}
    owners = {ACTOR + actor for project in parties.values() for actor, role in project.items()
              if role == "projektagare"}
    assert owners <= nodes and len(nodes) > 4
    shared = {activity["iri"] for edge in view["edges"] for activity in edge["activities"]}
    assert {PROJECT + key for key, project in parties.items() if len(project) > 1} <= shared
    assert [area["label"] for area in view["place"]["enclosing"]] == ["Boråsregionen (Sjuhärad)",
                                                                       "Västra Götalands län"]
    # Borås Stad is samverkanspart in "E-handelsstaden Borås kompetensgrupp"-owner's project vg2020-bor-11.
    ties = {edge["target"] if edge["source"] == ACTOR + "kommun-1490" else edge["source"]
            for edge in view["edges"] if ACTOR + "kommun-1490" in (edge["source"], edge["target"])}
    assert {ACTOR + actor for actor in parties["vg2020-bor-11"]} - {ACTOR + "kommun-1490"} <= ties
    assert view["reading"]["sv"].startswith("Borås kommun med Boråsregionen (Sjuhärad) och Västra "
                                            "Götalands län, där kommunen ligger: ")


def test_a_delregion_keeps_the_activities_in_it_or_within_it(client):
    view = get_json(client, "/api/v1/network/places/delregion/borasregionen")
    assert view["place"]["enclosing"] == [] and view["filters"]["also_in"] == []
    kommun = get_json(client, "/api/v1/network/places/kommun/1490")
    assert kommun["filters"]["also_in"] == ["https://aktorskartan.se/id/delregion/borasregionen",
                                            "https://aktorskartan.se/id/lan/14"]


# --- the funding flow -----------------------------------------------------------------------------

def millions(value: Decimal) -> str:
    """A printed amount as the picture writes a large one: "5,6 mn kr"."""
    text = f"{value / 1_000_000:.1f}".removesuffix(".0")
    return f"{text.replace('.', ',')} mn kr"


def test_the_funding_arrows_carry_the_printed_amounts_left_to_right(client):
    drawing = vis(client, "/api/v1/network/funding")
    edges = {(edge["from"], edge["to"]): edge for edge in drawing["edges"]}
    printed = {delregion: sum(amount(run) for (region, _), (_, run) in PRINTED_TOTALS.items()
                              if region == delregion) for delregion in KOMMUNALFORBUND}
    run = edges[str(VG_RUN_2020), REGION_VASTRA_GOTALAND]
    assert run["label"] == millions(sum(printed.values())) == "42 mn kr"
    assert run["title"].splitlines()[0] == "42\u00a0031\u00a0810 kr"
    for delregion, kommunalforbund in KOMMUNALFORBUND.items():
        edge = edges[REGION_VASTRA_GOTALAND, str(kommunalforbund)]
        assert edge["label"] == millions(printed[delregion]), delregion
    assert drawing["options"]["layout"]["hierarchical"]["direction"] == "LR"
    assert drawing["options"]["edges"]["arrows"]["to"]["enabled"] is True
    level = {node["id"]: node["level"] for node in drawing["nodes"]}
    steps = [str(VG_RUN_2020), REGION_VASTRA_GOTALAND, str(KOMMUNALFORBUND["borasregionen"]),
             PROJECT + "vg2020-bor-06", ACTOR + "connect-sverige-region-vast"]  # its owner
    assert [level[step] for step in steps] == [0, 1, 2, 3, 4]
    widths = {key: edge["width"] for key, edge in edges.items()}
    assert widths[str(VG_RUN_2020), REGION_VASTRA_GOTALAND] == max(widths.values())


# --- one sentence under each picture ----------------------------------------------------------------

def almi_sormlands_collaboration() -> tuple[Counter, Counter]:
    """From the participant and membership tables: Almi Sörmland's partners (→ how many projects
    and networks they share) and the kinds of what it shares with someone."""
    activities: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in source_rows("*/participants.csv"):
        activities["project", row["project"]].add(row["actor"])
    for row in source_rows("*/memberships.csv"):
        activities["network", row["network"]].add(row["actor"])
    for row in source_rows("*/networks.csv"):
        if row["coordinator"]:
            activities["network", row["key"]].add(row["coordinator"])
    partners, kinds = Counter(), Counter()
    for (kind, _), actors in activities.items():
        if "almi-sormland" in actors and len(actors) > 1:
            kinds[kind] += 1
            partners.update(actors - {"almi-sormland"})
    return partners, kinds


def test_the_reading_names_almi_sormlands_partners_projects_and_closest(client):
    partners, kinds = almi_sormlands_collaboration()
    names = {key: row["pref_label"] for key, row in actor_register().items()}
    closest = sorted(partners, key=lambda key: (-partners[key], sort_key(names[key])))[:3]
    assert kinds == Counter(project=6) and len(partners) == 12
    listed = [f"{names[key]} ({partners[key]} gemensamma)" for key in closest]
    expected = (f"Almi Företagspartner Sörmland samarbetar med {len(partners)} aktörer i "
                f"{kinds['project']} projekt; närmast: {listed[0]}, {listed[1]} och {listed[2]}.")
    view = get_json(client, "/api/v1/network/actors/almi-sormland")
    assert view["reading"]["sv"] == expected
    assert view["reading"]["en"].startswith("Almi Företagspartner Sörmland collaborates with 12 actors in 6 "
                                            "projects; closest: ")
    assert vis(client, "/api/v1/network/actors/almi-sormland")["reading"] == expected
    assert vis(client, "/api/v1/network/actors/almi-sormland?lang=en")["reading"] == view["reading"]["en"]


@pytest.mark.parametrize("path", ["/api/v1/network/ecosystem", "/api/v1/network/places/lan/14",
                                  "/api/v1/network/strategy-areas/vg2020/kunskapsregion",
                                  "/api/v1/network/funding", "/api/v1/network/projects",
                                  "/api/v1/network/path?source=connect-sverige-region-vast&target=region-04"])
def test_every_view_has_a_reading_in_both_languages(client, path):
    view = get_json(client, path)
    assert set(view["reading"]) == {"sv", "en", "names"} and view["reading"]["sv"] != view["reading"]["en"]
    # The names it holds (Swedish data, marked lang="sv" on an English page) are in both sentences.
    sentences = (view["reading"]["sv"], view["reading"]["en"])
    assert all(name in sentence for name in view["reading"]["names"] for sentence in sentences)
    if "ecosystem" in path:
        count = f"{view['summary']['nodes']} aktörer med {view['summary']['edges']} samarbetsband"
        assert view["reading"]["sv"].startswith(count)
    if "funding" in path:
        total = sum(amount(run) for _, run in PRINTED_TOTALS.values())
        assert view["reading"]["sv"].startswith(f"{total:,} kr från".replace(",", "\u00a0"))
