"""Both stores answer alike: every API answer asked of the embedded store and of Virtuoso, whole.

The other service tests run on both stores and check chosen facts. This one compares whole
answers (as JSON values, not bytes), for every place the data names, every strategy area and
funding scheme, the finder and the analyses. It found Virtuoso 7 answering ``geo:sfWithin+``
with wrong rows under some of the plans it picks from sampled statistics (Borås among the places
within Västerbottens län), and lists whose namesakes came in the order a store happened to
answer.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.namespaces import BASE
from tests.answers import get_json
from tests.sources import actor_register, source_rows

NEEDS = ("jag vill börja exportera", "vi söker riskkapital", "starta företag")
FINDER_PLACES = ("Borås", "Lycksele", "Fyrbodal", "Sörmland", "Emmaboda", "Örebro", "Västra Götaland")
ANALYSES = ("gaps/strategy-areas", "gaps/services", "gaps/services?lan=14", "gaps/audiences", "indicators",
            "funding", "funding/concentration", "overlap", "overlap?min_score=0", "overlap/actors",
            "overlap/actors?near=true", "overlap/projects", "overlap/owners", "timeline")


def named_places() -> set[str]:
    """Every place the data tables name (``kind:code``), with every län, delregion and Sweden."""
    places = {"land:SE"}
    places |= {f"lan:{row['county_code']}" for row in source_rows("reference/counties.csv")}
    places |= {f"delregion:{row['key']}" for row in source_rows("reference/delregioner.csv")}
    for row in source_rows("*/projects.csv") + source_rows("*/networks.csv"):
        places |= set(filter(None, row["places"].split("|")))
    for row in actor_register().values():
        places |= set(filter(None, (row["based_in"] + "|" + row["area_served"]).split("|")))
    return places


def asked(client) -> list[str]:
    """The API addresses compared: what a newcomer, a strategist and another system would ask."""
    urls = []
    for place in sorted(named_places()):
        kind, code = place.split(":")
        urls.append(f"/api/v1/places/{kind}/{code}")
        if kind != "kommun":  # the lists' place filter, where it reaches through the hierarchy
            urls += [f"/api/v1/projects?place={place}&limit=500", f"/api/v1/actors?place={place}&limit=500"]
    urls += [f"/api/v1/finder?need={need}&place={place}" for need in NEEDS for place in FINDER_PLACES]
    for scheme in get_json(client, "/api/v1/strategy-areas")["items"]:
        urls.append(f"/api/v1/strategy-areas/{scheme['key']}")
        for concept in scheme["concepts"]:
            path = f"{scheme['key']}/{concept['path'].rsplit('/', 1)[1]}"
            urls += [f"/api/v1/strategy-areas/{path}", f"/api/v1/strategy-areas/{path}/projects"]
    for scheme in get_json(client, "/api/v1/funding-schemes")["items"]:
        funding = f"/api/v1/funding-schemes/{scheme['key']}"
        urls += [funding, f"{funding}/grants"]
    urls += [f"/api/v1/analysis/{analysis}" for analysis in ANALYSES]
    urls += ["/api/v1/network/places/lan/14", "/api/v1/network/places/kommun/1490"]
    return urls


def first_difference(one, other, at: str = "") -> str | None:
    """Where two JSON values first differ (None if they are equal).

    >>> first_difference({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}]})
    '.a[1].b: 2 ≠ 3'
    >>> first_difference([1, 2], [1]), first_difference({"a": 1}, {"a": 1})
    (': 2 items ≠ 1 items', None)
    """
    if isinstance(one, dict) and isinstance(other, dict):
        for key in sorted(one.keys() | other.keys()):
            found = (f".{key}: only in one" if (key in one) != (key in other)
                     else first_difference(one[key], other[key], f"{at}.{key}"))
            if found:
                return found
        return None
    if isinstance(one, list) and isinstance(other, list):
        if len(one) != len(other):
            return f"{at}: {len(one)} items ≠ {len(other)} items"
        return next(filter(None, (first_difference(x, y, f"{at}[{i}]") for i, (x, y) in
                                  enumerate(zip(one, other, strict=True)))), None)
    return None if one == other else f"{at}: {str(one)[:80]} ≠ {str(other)[:80]}"


def test_both_stores_answer_every_question_alike(embedded_app, virtuoso_app):
    embedded, virtuoso = embedded_app.test_client(), virtuoso_app.test_client()
    urls = asked(embedded)
    assert len(urls) > 150 and "/api/v1/places/lan/24" in urls and "/api/v1/places/kommun/2481" in urls
    differences = {}
    for url in urls:
        answer = get_json(embedded, url)
        found = first_difference(answer, get_json(virtuoso, url))
        if found:
            differences[url] = found
    assert not differences, "\n".join(f"{url} {found}" for url, found in differences.items())


ENTITY = BASE + "id/"
WITHIN = ("PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
          "SELECT DISTINCT ?part ?whole WHERE {{ ?part {} ?whole }}")


def test_three_steps_reach_every_place_that_contains_another(nquads):
    """The queries spell the place hierarchy's steps out instead of ``geo:sfWithin+`` (see
    graph/named_queries.py); that holds while no place lies more than three steps down."""
    store = ox.Store()
    store.load(nquads, ox.RdfFormat.N_QUADS, to_graph=None)
    steps = "(geo:sfWithin|geo:sfWithin/geo:sfWithin|geo:sfWithin/geo:sfWithin/geo:sfWithin)"
    closure = {tuple(s) for s in store.query(WITHIN.format("geo:sfWithin+"), use_default_graph_as_union=True)}
    spelled = {tuple(s) for s in store.query(WITHIN.format(steps), use_default_graph_as_union=True)}
    assert closure == spelled
    boras = {whole.value.removeprefix(ENTITY) for part, whole in closure
             if part.value == ENTITY + "kommun/1490"}
    county = next(row["county_code"] for row in source_rows("reference/municipalities.csv")
                  if row["municipality_code"] == "1490")
    delregion = next(row["key"] for row in source_rows("reference/delregioner.csv")
                     if row["municipality_code"] == "1490")
    assert boras == {f"lan/{county}", f"delregion/{delregion}", "land/SE"}
