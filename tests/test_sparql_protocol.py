"""``/sparql`` over real HTTP: waitress on loopback and a real SPARQL client (SPARQLWrapper).

A listener on loopback counts connections, so "refused before execution" is checked by what
reaches the network, not by what the service says. The time limit is checked by ordering (the
cheap query is answered before the expensive one is stopped), never by wall-clock thresholds.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.error

import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, POST, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from api import create_app
from api.sparql import get_runner
from graph.namespaces import entity, graph_iri
from tests.conftest import PREFIXES, serving
from tests.sources import source_rows

VG_GRAPH = str(graph_iri("vg-delregionala-2020"))
SMART = str(entity("project", "vg2020-bor-10"))
RUN_2020 = str(entity("funding", "vgr-run-delregionala-2020"))
PROJECT_COUNT = PREFIXES + "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a eurio:Project }"


def _project_count(pattern: str) -> dict:
    return {"n": str(len({row["key"] for row in source_rows(pattern)}))}


#: Projects in every source, and in Västra Götaland's 2020 list (59, as the document says).
ALL_PROJECTS = _project_count("*/projects.csv")
VG_PROJECTS = _project_count("003-vg-delregionala-2020/projects.csv")
EXPENSIVE = ("SELECT ?a ?b ?c ?d WHERE { ?a ?p1 ?x . ?b ?p2 ?y . ?c ?p3 ?z . ?d ?p4 ?w } "
             "ORDER BY ?a ?b ?c ?d LIMIT 1")


@pytest.fixture(scope="module")
def endpoint(served_store):
    """The service with a 2-second time limit, served by waitress on a free loopback port."""
    app = create_app({"STORE": str(served_store), "SPARQL_TIMEOUT": 2.0, "SPARQL_WORKERS": 2})
    with serving(app) as url:
        yield f"{url}/sparql"
    with app.app_context():
        get_runner().close()


@pytest.fixture
def listener():
    """A loopback port that counts the connections made to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.05)
    connections: list[tuple] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, address = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connections.append(address)
            connection.close()

    thread = threading.Thread(target=accept, name="listener", daemon=True)
    thread.start()
    yield server.getsockname()[1], connections
    stop.set()
    thread.join(timeout=5)
    server.close()


def client(endpoint: str, query: str, return_format=JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(query)
    sparql.setReturnFormat(return_format)
    return sparql


def values(results: dict) -> list[dict]:
    return [{k: v["value"] for k, v in row.items()} for row in results["results"]["bindings"]]


def test_select_as_json(endpoint):
    query = PREFIXES + f"""SELECT ?total ?grant WHERE {{
      <{SMART}> eurio:hasTotalCost/eurio:value ?total ; eurio:isFundedBy ?g .
      ?g eurio:hasFundingScheme <{RUN_2020}> ; eurio:hasFundingAmount/eurio:value ?grant . }}"""
    rows = values(client(endpoint, query).queryAndConvert())
    assert [(float(r["total"]), float(r["grant"])) for r in rows] == [(3920000, 990000)]


def test_select_as_xml(endpoint):
    query = PREFIXES + f"SELECT ?label WHERE {{ <{SMART}> skos:prefLabel ?label }}"
    document = client(endpoint, query, XML).queryAndConvert()
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert literals == ["SMART – Smart Industri Sjuhärad"]


def test_union_default_graph_and_graph(endpoint):
    everything = values(client(endpoint, PROJECT_COUNT).queryAndConvert())
    assert everything == [ALL_PROJECTS]
    one_source = PREFIXES + f"""SELECT (COUNT(DISTINCT ?p) AS ?n)
      WHERE {{ GRAPH <{VG_GRAPH}> {{ ?p a eurio:Project }} }}"""
    assert values(client(endpoint, one_source).queryAndConvert()) == [VG_PROJECTS] == [{"n": "59"}]
    sparql = client(endpoint, PROJECT_COUNT)
    sparql.addParameter("default-graph-uri", VG_GRAPH)
    assert values(sparql.queryAndConvert()) == [VG_PROJECTS] == [{"n": "59"}]


def test_an_update_is_refused(endpoint):
    sparql = client(endpoint, f"INSERT DATA {{ <{SMART}> <http://example.org/p> 'x' }}")
    sparql.setMethod(POST)
    with pytest.raises(QueryBadFormed, match="read-only"):
        sparql.query()
    check = PREFIXES + f"ASK {{ <{SMART}> <http://example.org/p> ?o }}"
    assert client(endpoint, check).queryAndConvert() == {"head": {}, "boolean": False}


def test_the_listener_counts_connections(listener):
    """Control: the engine itself would call a SERVICE, and the listener would see it."""
    port, connections = listener
    with pytest.raises(OSError):
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"))
    assert len(connections) == 1


def test_nothing_reaches_the_network(endpoint, listener):
    port, connections = listener
    here = f"http://127.0.0.1:{port}"
    refused = [
        f"SELECT * WHERE {{ SERVICE <{here}/> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{here}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o.SERVICE <{here}/> {{ ?s ?p ?o }} }}",
        f"LOAD <{here}/data.ttl>",
        f"LOAD <{here}/data.ttl> INTO GRAPH <{VG_GRAPH}>",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        f"SELECT * FROM <{here}/graph> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{here}/> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ]
    for query in refused:
        sparql = client(endpoint, query)
        if query.startswith("LOAD"):
            sparql.setMethod(POST)
        with pytest.raises(QueryBadFormed):
            sparql.query()
    sparql = client(endpoint, PROJECT_COUNT)
    sparql.addParameter("default-graph-uri", f"{here}/graph")
    with pytest.raises(QueryBadFormed, match="not a named graph"):
        sparql.query()
    time.sleep(0.2)  # let the listener's accept loop see anything that might have been sent
    assert connections == []


def test_a_cheap_query_is_answered_while_an_expensive_one_runs_out_of_time(endpoint):
    assert values(client(endpoint, PROJECT_COUNT).queryAndConvert()) == [ALL_PROJECTS]  # workers up
    finished: dict[str, tuple[float, object]] = {}

    def expensive():
        try:
            client(endpoint, EXPENSIVE).query()
            finished["expensive"] = (time.monotonic(), 200)
        except urllib.error.HTTPError as error:
            finished["expensive"] = (time.monotonic(), error.code, error.read().decode())

    thread = threading.Thread(target=expensive, name="expensive-query")
    thread.start()
    time.sleep(0.5)  # the expensive query is now running in one worker
    cheap = values(client(endpoint, PROJECT_COUNT).queryAndConvert())
    finished["cheap"] = (time.monotonic(), cheap)
    thread.join(timeout=60)
    assert cheap == [ALL_PROJECTS]
    assert finished["expensive"][1] == 503
    assert "2 seconds" in finished["expensive"][2]
    assert finished["cheap"][0] < finished["expensive"][0]
    # The stopped worker was replaced: the service keeps answering.
    assert values(client(endpoint, PROJECT_COUNT).queryAndConvert()) == [ALL_PROJECTS]
