"""``/sparql`` through the Flask test client: protocol, formats, union default graph, GRAPH,
the read-only guard, the result cap, and the Swedish query page.

Expected values come from the data files (the sources as curated), never from the service.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing
import xml.etree.ElementTree as ET
from decimal import Decimal

import pyoxigraph as ox
import pytest
from markupsafe import escape
from rdflib import Graph, Literal, URIRef

from api import create_app
from api.sparql import get_runner
from api.storage import get_store
from graph.errors import QueryError, QueryRefused
from graph.namespaces import BASE, entity, graph_iri
from graph.sparql_examples import examples
from graph.sparql_guard import check
from graph.sparql_runner import QueryRunner, dataset_of
from tests.conftest import PREFIXES
from tests.sources import source_rows

SPARQL_XML = "{http://www.w3.org/2005/sparql-results#}"
VG_GRAPH = str(graph_iri("vg-delregionala-2020"))
SMART = str(entity("project", "vg2020-bor-10"))
IUC_SJUHARAD = str(entity("actor", "industriellt-utvecklingscenter-i-sjuharad-ab"))
RUN_2020 = str(entity("funding", "vgr-run-delregionala-2020"))

SMART_MONEY = PREFIXES + f"""
SELECT ?total ?grant WHERE {{
  ?project eurio:hasTotalCost/eurio:value ?total ;
           eurio:isFundedBy ?g .
  ?g eurio:hasFundingScheme ?scheme ; eurio:hasFundingAmount/eurio:value ?grant .
  FILTER (?project = <{SMART}> && ?scheme = <{RUN_2020}>)
}}"""
PROJECT_COUNT = PREFIXES + "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a eurio:Project }"
PROJECTS_PER_GRAPH = PREFIXES + """
SELECT ?g (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?p a eurio:Project } } GROUP BY ?g"""


def all_project_keys() -> set[str]:
    return {row["key"] for row in source_rows("*/projects.csv")}


VG_PROJECTS = {row["key"] for row in source_rows("003-vg-delregionala-2020/projects.csv")}


def ask(client, query, accept="application/sparql-results+json", **params):
    return client.get("/sparql", query_string={"query": query, **params}, headers={"Accept": accept})


def json_rows(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    body = json.loads(response.data)
    return [{name: term["value"] for name, term in row.items()} for row in body["results"]["bindings"]]


# --- the data, through each way of asking -------------------------------------------------------


def test_the_default_graph_is_the_union_of_every_source(client):
    rows = json_rows(ask(client, PROJECT_COUNT))
    assert int(rows[0]["n"]) == len(all_project_keys()) == 184


def test_smart_total_cost_and_run_grant_as_printed(client):
    rows = json_rows(ask(client, SMART_MONEY))
    assert [(Decimal(r["total"]), Decimal(r["grant"])) for r in rows] == [(3920000, 990000)]


def test_graph_reaches_one_source(client):
    rows = json_rows(ask(client, PROJECTS_PER_GRAPH))
    counts = {row["g"]: int(row["n"]) for row in rows}
    assert counts[VG_GRAPH] == len(VG_PROJECTS) == 59
    query = PREFIXES + f"SELECT DISTINCT ?p WHERE {{ GRAPH <{VG_GRAPH}> {{ ?p a eurio:Project }} }}"
    keys = {row["p"].rsplit("/", 1)[1] for row in json_rows(ask(client, query))}
    assert keys == VG_PROJECTS


def test_from_a_named_graph_of_the_store_is_allowed(client):
    query = PROJECT_COUNT.replace("WHERE", f"FROM <{VG_GRAPH}> WHERE")
    assert json_rows(ask(client, query))[0]["n"] == str(len(VG_PROJECTS))


def test_from_with_a_prefixed_name(client):
    query = PROJECT_COUNT.replace("SELECT", "PREFIX g: <https://aktorskartan.se/graph/>\nSELECT").replace(
        "WHERE", "FROM g:vg-delregionala-2020 WHERE")
    assert json_rows(ask(client, query))[0]["n"] == str(len(VG_PROJECTS))


def test_default_graph_uri_parameter_sets_the_dataset(client):
    response = ask(client, PROJECT_COUNT, **{"default-graph-uri": VG_GRAPH})
    assert json_rows(response)[0]["n"] == str(len(VG_PROJECTS))
    response = ask(client, PROJECTS_PER_GRAPH, **{"named-graph-uri": VG_GRAPH})
    assert [(r["g"], r["n"]) for r in json_rows(response)] == [(VG_GRAPH, str(len(VG_PROJECTS)))]


def test_post_form_and_post_query_body(client):
    form = client.post("/sparql", data={"query": SMART_MONEY},
                       headers={"Accept": "application/sparql-results+json"})
    body = client.post("/sparql", data=SMART_MONEY.encode(), content_type="application/sparql-query",
                       headers={"Accept": "application/sparql-results+json"})
    assert json_rows(form) == json_rows(body) == json_rows(ask(client, SMART_MONEY))


# --- formats ---------------------------------------------------------------------------------


def test_json_is_the_default_for_select_and_ask(client):
    response = client.get("/sparql", query_string={"query": SMART_MONEY})
    assert response.mimetype == "application/sparql-results+json"
    response = client.get("/sparql", query_string={"query": f"ASK {{ <{SMART}> ?p ?o }}"},
                          headers={"Accept": "*/*"})
    assert response.mimetype == "application/sparql-results+json"
    assert json.loads(response.data) == {"head": {}, "boolean": True}


def test_xml_results(client):
    response = ask(client, SMART_MONEY, accept="application/sparql-results+xml")
    assert response.mimetype == "application/sparql-results+xml"
    root = ET.fromstring(response.data)
    bindings = {b.get("name"): b[0].text for b in root.iter(f"{SPARQL_XML}binding")}
    assert Decimal(bindings["total"]) == 3920000 and Decimal(bindings["grant"]) == 990000


NAME_QUERY = PREFIXES + f"SELECT ?name WHERE {{ <{IUC_SJUHARAD}> skos:prefLabel ?name }}"


def test_csv_results(client):
    response = ask(client, NAME_QUERY, accept="text/csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows == [["name"], ["Industriellt utvecklingscenter i Sjuhärad AB"]]


def test_tsv_results(client):
    response = ask(client, NAME_QUERY, accept="text/tab-separated-values")
    assert response.mimetype == "text/tab-separated-values"
    rows = [line.split("\t") for line in response.get_data(as_text=True).splitlines()]
    assert rows == [["?name"], ['"Industriellt utvecklingscenter i Sjuhärad AB"@sv']]


SMART_GRAPH = PREFIXES + f"CONSTRUCT {{ <{SMART}> ?p ?o }} WHERE {{ <{SMART}> ?p ?o }}"


def test_turtle_is_the_default_for_graphs(client):
    response = client.get("/sparql", query_string={"query": SMART_GRAPH})
    assert response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert graph.value(URIRef(SMART), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")) == \
        Literal("SMART – Smart Industri Sjuhärad", lang="sv")


@pytest.mark.parametrize(("accept", "rdf_format"), [("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                                    ("application/ld+json", ox.RdfFormat.JSON_LD),
                                                    ("text/turtle", ox.RdfFormat.TURTLE)])
def test_graph_formats_parse_back(client, accept, rdf_format):
    response = ask(client, SMART_GRAPH, accept=accept)
    assert response.mimetype == accept
    triples = list(ox.parse(response.data, rdf_format))
    labels = [t.object.value for t in triples if t.predicate.value.endswith("#prefLabel")]
    assert labels == ["SMART – Smart Industri Sjuhärad"]
    describe = ask(client, f"DESCRIBE <{SMART}>", accept=accept)
    assert {t.subject.value for t in ox.parse(describe.data, rdf_format)} >= {SMART}


def test_format_parameter_and_406(client):
    assert ask(client, SMART_MONEY, accept="text/html", format="csv").mimetype == "text/csv"
    assert ask(client, SMART_GRAPH, format="ntriples").mimetype == "application/n-triples"
    assert ask(client, SMART_MONEY, format="turtle").status_code == 400
    refused = ask(client, SMART_MONEY, accept="image/png")
    assert refused.status_code == 406
    assert "offered" in refused.json["error"]["message"]


# --- refused before execution ------------------------------------------------------------------


def dataset_fingerprint(app) -> tuple[int, str]:
    with app.app_context():
        store = get_store()
        lines = sorted(str(quad) for quad in store.quads())
        return len(store), hashlib.sha256("\n".join(lines).encode()).hexdigest()


UPDATES = [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nDELETE { ?s skos:prefLabel ?o } "
    "INSERT { ?s skos:prefLabel 'x' } WHERE { ?s skos:prefLabel ?o }",
    f"WITH <{VG_GRAPH}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CLEAR ALL", f"DROP GRAPH <{VG_GRAPH}>", "CREATE GRAPH <http://example.org/g>",
    "ADD DEFAULT TO <http://example.org/g>", f"MOVE <{VG_GRAPH}> TO DEFAULT",
    "COPY DEFAULT TO <http://example.org/g>",
]


def test_updates_are_refused_and_the_store_is_untouched(app, client):
    before = dataset_fingerprint(app)
    for update in UPDATES:
        for response in (
            client.get("/sparql", query_string={"query": update}),
            client.get("/sparql", query_string={"update": update}),
            client.post("/sparql", data={"update": update}),
            client.post("/sparql", data=update.encode(), content_type="application/sparql-update"),
            client.post("/sparql", data=update.encode(), content_type="application/sparql-query"),
        ):
            assert response.status_code == 400, (update, response.data)
            assert "read-only" in response.json["error"]["message"] or \
                "not allowed" in response.json["error"]["message"]
    assert dataset_fingerprint(app) == before


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o . SERVICE ?x { ?s ?p ?o } }",
    "select * where { service silent <http://example.org/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o.SERVICE <http://127.0.0.1:9/> { } }",
    "SELECT * # a comment\nWHERE { SERVICE\n<http://127.0.0.1:9/> {} }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://169.254.169.254/> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "PREFIX f: <file:///etc/>\nSELECT * FROM f:passwd WHERE { ?s ?p ?o }",
    "BASE <file:///etc/>\nSELECT * FROM <passwd> WHERE { ?s ?p ?o }",
    f"SELECT * FROM <{VG_GRAPH}> FROM <http://example.org/other> WHERE {{ ?s ?p ?o }}",
])
def test_leaving_the_store_is_refused(client, query):
    response = ask(client, query)
    assert response.status_code == 400
    message = response.json["error"]["message"]
    assert "SERVICE is not allowed" in message or "is not a named graph of this store" in message


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_dataset_parameters_outside_the_store_are_refused(client, parameter):
    response = ask(client, PROJECT_COUNT, **{parameter: "file:///etc/passwd"})
    assert response.status_code == 400
    assert "file:///etc/passwd" in response.json["error"]["message"]


@pytest.mark.parametrize("query", [
    "SELECT ?service ?load WHERE { ?service ?load 'SERVICE <http://x/> LOAD' } LIMIT 1",
    "PREFIX ex: <http://example.org/service#>\nSELECT * WHERE { ?s ex:load ?o } # SERVICE <x>\nLIMIT 1",
    'SELECT * WHERE { ?s ?p """FROM <file:///etc/passwd>\nSERVICE""" } LIMIT 1',
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o } LIMIT 1",
])
def test_keywords_in_strings_iris_comments_and_names_are_not_refused(client, query):
    assert ask(client, query).status_code == 200


def test_the_guard_names_the_query_form_and_dataset():
    checked = check(f"PREFIX g: <{BASE}graph/>\nCONSTRUCT WHERE {{ ?s ?p ?o }}", [])
    assert checked.form == "CONSTRUCT" and checked.returns_graph and not checked.names_dataset
    checked = check(f"BASE <{BASE}graph/>\nSELECT * FROM <vg-delregionala-2020> {{ }}", [VG_GRAPH])
    assert checked.from_graphs == (VG_GRAPH,)
    with pytest.raises(QueryRefused):
        check("PREFIX g: <http://x/>\nSELECT * FROM g:y { }", [VG_GRAPH])


def test_deep_nesting_is_refused_before_it_reaches_the_engine(client):
    response = ask(client, "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }")
    assert response.status_code == 400
    assert "nests" in response.json["error"]["message"]


def test_a_syntax_error_carries_the_engines_message(client):
    response = ask(client, "SELECT * WHERE { ?s ?p }")
    assert response.status_code == 400
    assert "error at 1:" in response.json["error"]["message"]
    missing = client.get("/sparql", headers={"Accept": "application/sparql-results+json"})
    assert missing.status_code == 400 and "query" in missing.json["error"]["message"]


# --- the result cap and the query size limit (an app of their own) ----------------------------


@pytest.fixture(scope="module")
def small_app(served_store):
    app = create_app({"STORE": str(served_store), "TESTING": True, "SPARQL_MAX_ROWS": 5,
                      "SPARQL_MAX_QUERY_BYTES": 2000, "SPARQL_WORKERS": 1, "SPARQL_TIMEOUT": 5.0})
    yield app
    with app.app_context():
        get_runner().close()


def test_more_rows_than_the_cap_is_refused_never_cut_short(small_app):
    client = small_app.test_client()
    five = PREFIXES + "SELECT ?p WHERE { ?p a eurio:Project } ORDER BY ?p LIMIT 5"
    assert len(json_rows(ask(client, five))) == 5
    for query in (five.replace("LIMIT 5", "LIMIT 6"),
                  f"CONSTRUCT WHERE {{ <{SMART}> ?p ?o }}",
                  PREFIXES + "SELECT ?p WHERE { ?p a eurio:Project }"):
        response = ask(client, query, accept="application/json")
        assert response.status_code == 422, response.data
        assert "more than 5" in response.json["error"]["message"]


def test_a_query_longer_than_the_limit_is_refused(small_app):
    client = small_app.test_client()
    query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 2000
    assert ask(client, query).status_code == 413
    posted = client.post("/sparql", data=query.encode(), content_type="application/sparql-query")
    assert posted.status_code == 413


def test_closing_the_runner_leaves_no_process_behind(served_store):
    from graph.store import GraphStore

    before = set(multiprocessing.active_children())
    runner = QueryRunner(workers=2, timeout=5, max_rows=10)
    store = GraphStore.open(served_store, read_only=True)
    assert runner.run(f"ASK {{ <{SMART}> ?p ?o }}", dataset_of(store), "json").body
    workers = set(multiprocessing.active_children()) - before
    assert len(workers) == 2
    runner.close()
    assert not any(p.is_alive() for p in workers)


def test_a_query_needing_more_memory_than_allowed_stops_only_its_worker(served_store):
    from graph.store import GraphStore

    runner = QueryRunner(workers=1, timeout=30, max_rows=10, memory_mb=300)
    dataset = dataset_of(GraphStore.open(served_store, read_only=True))
    hungry = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g LIMIT 1"
    try:
        with pytest.raises(QueryError, match="more memory"):
            runner.run(hungry, dataset, "json")
        assert json.loads(runner.run(f"ASK {{ <{SMART}> ?p ?o }}", dataset, "json").body)["boolean"]
    finally:
        runner.close()


def test_an_in_memory_store_reaches_the_workers_as_nquads(nquads):
    from graph.store import GraphStore

    store = GraphStore.memory()
    store.replace(nquads)
    runner = QueryRunner(workers=1, timeout=5, max_rows=10)
    try:
        answer = runner.run(PROJECT_COUNT, dataset_of(store), "json")
    finally:
        runner.close()
    body = json.loads(answer.body)
    assert body["results"]["bindings"][0]["n"]["value"] == str(len(all_project_keys()))


# --- the page for browsers ------------------------------------------------------------------------

HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_a_browser_gets_the_swedish_query_page_with_examples(client):
    response = client.get("/sparql", headers={"Accept": HTML})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Fråga grafen med SPARQL" in page and "<textarea" in page
    for item in examples():
        assert f'href="/sparql?example={item.name}"' in page
        assert item.title_sv in page
    assert "<script" not in page and "style=" not in page and "onclick" not in page
    english = client.get("/sparql?lang=en", headers={"Accept": HTML}).get_data(as_text=True)
    assert "Query the graph with SPARQL" in english
    assert all(str(escape(item.title_en)) in english for item in examples())


def test_an_example_link_fills_the_textarea(client):
    item = next(item for item in examples() if item.name == "01-projektagare")
    page = client.get(f"/sparql?example={item.name}", headers={"Accept": HTML}).get_data(as_text=True)
    textarea = page.split("<textarea", 1)[1].split("</textarea>", 1)[0]
    assert "&lt;https://aktorskartan.se/id/concept/roll/projektagare&gt;" in textarea
    assert client.get("/sparql?example=nope", headers={"Accept": HTML}).status_code == 404


def test_every_example_answers(client):
    for item in examples():
        response = client.get("/sparql", query_string={"query": item.text}, headers={"Accept": "*/*"})
        assert response.status_code == 200, (item.name, response.data)
        assert response.data


def test_example_answers_match_the_sources(client):
    by_name = {item.name: item.text for item in examples()}
    owners = json_rows(ask(client, by_name["01-projektagare"]))
    assert {"projekt": SMART, "agare": IUC_SJUHARAD} in [
        {"projekt": r["projekt"], "agare": r["agare"]} for r in owners]
    grants = source_rows("003-vg-delregionala-2020/grants.csv")
    money = {r["finansiering"]: r for r in json_rows(ask(client, by_name["03-pengar-per-finansiering"]))}
    assert Decimal(money[RUN_2020]["summa"]) == sum(Decimal(g["amount"]) for g in grants
                                                    if g["scheme"] == "vgr-run-delregionala-2020")
    per_source = {r["graf"]: int(r["antal_projekt"])
                  for r in json_rows(ask(client, by_name["05-projekt-per-kalla"]))}
    assert per_source[VG_GRAPH] == len(VG_PROJECTS)
    vg = json_rows(ask(client, by_name["06-vg-delregionala-2020"]))
    assert {r["projekt"].rsplit("/", 1)[1] for r in vg} == VG_PROJECTS


def test_a_browser_query_shows_a_table_with_links_to_our_pages(client):
    response = client.get("/sparql", query_string={"query": SMART_MONEY.replace(
        "SELECT ?total", f"SELECT (<{SMART}> AS ?smart) ?total")}, headers={"Accept": HTML})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<table>" in page
    assert f'<a href="/id/project/vg2020-bor-10">{SMART}</a>' in page
    assert "3920000" in page and "990000" in page


def test_a_browser_construct_shows_escaped_turtle(client):
    page = client.get("/sparql", query_string={"query": SMART_GRAPH, "format": "html"}).get_data(as_text=True)
    turtle = page.split('<pre class="turtle">', 1)[1].split("</pre>", 1)[0]
    assert "&lt;https://aktorskartan.se/id/project/vg2020-bor-10&gt;" in turtle
    assert "SMART – Smart Industri Sjuhärad" in turtle


def test_a_browser_sees_errors_on_the_page(client):
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { SERVICE <http://x/> {} }",
                                                   "format": "html"})
    assert response.status_code == 400 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "SERVICE is not allowed" in page and "<textarea" in page
    injected = client.get("/sparql", query_string={"query": "SELECT * WHERE { </textarea><script>x</script>",
                                                   "format": "html"}).get_data(as_text=True)
    assert "<script>" not in injected
