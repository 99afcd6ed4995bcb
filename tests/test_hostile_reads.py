"""Hostile requests against the running service (waitress on loopback): injection through search
text, updates and escapes through ``/sparql``, forged log lines, expensive queries, one client
flooding the heavy routes, and Swedish text in every Unicode form and under a POSIX locale.

Other clients are other loopback addresses (127.0.0.2, 127.0.0.3: all of 127/8 is loopback on
Linux), the client socket bound to them, so the service sees them as different clients. A
loopback HTTP listener records every request made to it: "refused before execution" means it
recorded none. Timing is checked by order (the cheap answer came before the expensive one was
stopped), never by wall-clock thresholds.
"""

from __future__ import annotations

import http.client
import http.server
import json
import threading
import time
from urllib.parse import quote, quote_plus, urlencode, urlsplit

import pyoxigraph as ox
import pytest
from markupsafe import escape

from api import create_app
from api.sparql import get_runner
from api.storage import get_store
from graph.namespaces import graph_iri
from graph.query_bindings import with_bindings
from graph.sparql_guard import tokens
from tests.conftest import PREFIXES, serving
from tests.sources import source_rows

HOSTILE = 'x" || true) } #'
#: The same words without the punctuation: what the hostile text must behave exactly like.
HARMLESS = "x true"
VG_GRAPH = str(graph_iri("vg-delregionala-2020"))
PROJECT_COUNT = PREFIXES + "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a eurio:Project }"
ALL_PROJECTS = str(len({row["key"] for row in source_rows("*/projects.csv")}))
QUAD_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
TIME_LIMIT = 2.0
MAX_ROWS = 100
IN_FLIGHT = 4
#: Heavy queries: a cartesian product sorted, and a closure over every predicate.
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g LIMIT 1"
CLOSURE = ("SELECT ?s ?o WHERE { ?s (<http://www.w3.org/2004/02/skos/core#prefLabel>"
           "|!<http://www.w3.org/2004/02/skos/core#prefLabel>)* ?o } ORDER BY ?o LIMIT 1")


# --- fixtures and helpers --------------------------------------------------------------------

@pytest.fixture(scope="module")
def reads_app(served_store):
    """The service over the bundled data with a short time limit, a small row cap and the
    default bound of heavy requests per client."""
    app = create_app({"STORE": str(served_store), "TESTING": True, "SPARQL_TIMEOUT": TIME_LIMIT,
                      "SPARQL_WORKERS": 2, "SPARQL_MAX_ROWS": MAX_ROWS, "RATE_LIMIT_IN_FLIGHT": IN_FLIGHT})
    yield app
    with app.app_context():
        get_runner().close()


@pytest.fixture(scope="module")
def server(reads_app) -> str:
    with serving(reads_app, threads=12) as url:
        yield url


class Answer:
    def __init__(self, status: int, headers: dict, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def json(self):
        return json.loads(self.body)


def fetch(base: str, path: str, source: str = "127.0.0.1", method: str = "GET", body: bytes | None = None,
          headers: dict | None = None) -> Answer:
    """One request to the server at ``base`` from the loopback address ``source``."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60,
                                            source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()


def sparql(base: str, query: str, source: str = "127.0.0.1", **parameters) -> Answer:
    return fetch(base, "/sparql?" + urlencode({"query": query, **parameters}), source,
                 headers={"Accept": "application/sparql-results+json"})


class Listener(http.server.ThreadingHTTPServer):
    """An HTTP server on loopback that records every request it gets."""

    def __init__(self):
        self.requests: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _record(self):
                listener.requests.append(f"{self.command} {self.path}")
                self.send_response(200)
                body = b'{"head": {"vars": []}, "results": {"bindings": []}}'
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _record

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def listener():
    server = Listener()
    thread = threading.Thread(target=server.serve_forever, name="listener", daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def quad_count(app) -> int:
    with app.app_context():
        return len(get_store())


# --- 1: text from a request is bound as a literal, never pasted into a query ------------------

#: Routes that take text, and the parameters they take it in.
TEXT_ROUTES = [
    ("/api/v1/search", {"q": "{}"}),
    ("/sok", {"q": "{}"}),
    ("/api/v1/finder", {"need": "{}", "place": "{}"}),
    ("/hitta", {"need": "{}", "place": "{}"}),
    ("/api/v1/actors", {"place": "kommun:{}"}),
    ("/aktorer", {"place": "kommun:{}"}),
    ("/api/v1/projects", {"place": "kommun:{}"}),
    ("/api/v1/projects", {"strategy": "{}"}),
    ("/api/v1/analysis/overlap/actors", {"place": "{}"}),
    ("/api/v1/analysis/timeline", {"place": "kommun:{}"}),
    ("/api/v1/network/ecosystem", {"place": "kommun:{}"}),
]


def _replaced(value, old: str, new: str):
    """``value`` (parsed JSON) with ``old`` replaced by ``new`` in every string."""
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [_replaced(item, old, new) for item in value]
    if isinstance(value, dict):
        return {key: _replaced(item, old, new) for key, item in value.items()}
    return value


def _html_replaced(page: str, old: str, new: str) -> str:
    """A page with ``old`` replaced by ``new`` as text, in attributes and in links (which the
    pages percent-encode with more or fewer characters left as they are)."""
    page = page.replace(str(escape(old)), str(escape(new)))
    for safe in ("", "()", "!$'()*,/:;?@"):
        page = page.replace(quote_plus(old, safe=safe), quote_plus(new, safe=safe))
    return page.replace(quote(old, safe=""), quote(new, safe=""))


@pytest.fixture
def query_texts(reads_app, monkeypatch) -> list[str]:
    """The text of every query the service sends to its store from now on."""
    texts: list[str] = []
    with reads_app.app_context():
        store = get_store()
    original = store.query

    def spy(sparql, bindings=None):
        texts.append(sparql)
        return original(sparql, bindings)

    monkeypatch.setattr(store, "query", spy)
    return texts


@pytest.mark.parametrize(("path", "parameters"), TEXT_ROUTES)
def test_hostile_text_answers_like_harmless_text_and_never_enters_a_query(reads_app, query_texts,
                                                                          path, parameters):
    client = reads_app.test_client()
    hostile = client.get(path, query_string={k: v.format(HOSTILE) for k, v in parameters.items()})
    harmless = client.get(path, query_string={k: v.format(HARMLESS) for k, v in parameters.items()})
    assert hostile.status_code == harmless.status_code
    if hostile.mimetype == "application/json":
        assert _replaced(hostile.json, HOSTILE, HARMLESS) == harmless.json
    else:
        page = hostile.get_data(as_text=True)
        assert _html_replaced(page, HOSTILE, HARMLESS) == harmless.get_data(as_text=True)
    assert not [text for text in query_texts if HOSTILE in text or "|| true" in text]


def test_the_spy_sees_the_queries(reads_app, query_texts):
    """Control for the test above: a record's page runs named queries, and the spy has them."""
    assert reads_app.test_client().get("/api/v1/actors/almi-sormland").status_code == 200
    assert any("skos:prefLabel" in text for text in query_texts)


def test_search_for_hostile_text_finds_nothing(reads_app):
    answer = reads_app.test_client().get("/api/v1/search", query_string={"q": HOSTILE}).json
    assert (answer["query"]["q"], answer["total"], answer["items"]) == (HOSTILE, 0, [])


def test_a_bound_literal_is_one_term_in_a_remote_query():
    """The remote store writes bound values into the query text as RDF terms: the hostile text
    is one string token there, and the query keeps the shape it has with a harmless one."""
    query = "SELECT ?label WHERE { ?record <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"
    shapes = []
    for text in (HOSTILE, HARMLESS):
        written = list(tokens(with_bindings(query, {"label": ox.Literal(text, language="sv")})))
        shapes.append([token.kind for token in written])
        assert [token.text for token in written if token.kind == "string"] == [json.dumps(text)] * 2
    assert shapes[0] == shapes[1]


# --- 2, 8: /sparql never writes, and never leaves the store ----------------------------------

def _updates(listener: Listener) -> list[str]:
    return [
        "INSERT DATA { <http://example.org/a> <http://example.org/b> 'c' }",
        f"LOAD <{listener.url}/data.ttl>",
        f"LOAD SILENT <{listener.url}/data.ttl> INTO GRAPH <{VG_GRAPH}>",
        "CLEAR ALL",
        f"CLEAR GRAPH <{VG_GRAPH}>",
        f"DROP GRAPH <{VG_GRAPH}>",
        "DROP ALL",
        "DELETE WHERE { ?s ?p ?o }",
        "SELECT * WHERE { ?s ?p ?o } LIMIT 1 ; CLEAR ALL",
    ]


def _every_way(base: str, text: str) -> list[Answer]:
    """``text`` sent as a query and as an update, by GET and by POST, in every body type."""
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    return [
        fetch(base, "/sparql?" + urlencode({"query": text})),
        fetch(base, "/sparql?" + urlencode({"update": text})),
        fetch(base, "/sparql", method="POST", body=urlencode({"query": text}).encode(), headers=form),
        fetch(base, "/sparql", method="POST", body=urlencode({"update": text}).encode(), headers=form),
        fetch(base, "/sparql", method="POST", body=text.encode(),
              headers={"Content-Type": "application/sparql-update"}),
        fetch(base, "/sparql", method="POST", body=text.encode(),
              headers={"Content-Type": "Application/SPARQL-Update; charset=utf-8"}),
        fetch(base, "/sparql", method="POST", body=text.encode(),
              headers={"Content-Type": "application/sparql-query"}),
    ]


def test_updates_are_refused_every_way_and_the_store_is_unchanged(reads_app, server, listener):
    quads = quad_count(reads_app)
    counted = sparql(server, QUAD_COUNT).json["results"]["bindings"][0]["n"]["value"]
    assert int(counted) == quads > 13_000
    for update in _updates(listener):
        for answer in _every_way(server, update):
            assert answer.status == 400, (update, answer.body)
            assert answer.json["error"]["status"] == 400
    assert quad_count(reads_app) == quads
    assert sparql(server, QUAD_COUNT).json["results"]["bindings"][0]["n"]["value"] == counted
    assert listener.requests == []


def test_the_listener_records_what_reaches_it(listener):
    """Control: the engine itself would call a SERVICE, and the listener would record it."""
    list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"))
    assert len(listener.requests) == 1


def test_leaving_the_store_is_refused_before_execution(server, listener):
    here = listener.url
    refused = [
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "SELECT * FROM <http://169.254.169.254/latest/meta-data/> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://169.254.169.254/> WHERE { GRAPH ?g { ?s ?p ?o } }",
        f"SELECT * FROM <{here}/graph> WHERE {{ ?s ?p ?o }}",
        f"SELECT * WHERE {{ SERVICE <{here}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{here}/> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?v {{ <{here}/sparql> }} SERVICE ?v {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o . SERVICE ?v {{ ?s ?p ?o }} BIND(<{here}/> AS ?v) }}",
        f"LOAD <{here}/data.ttl>",
    ]
    for query in refused:
        for answer in _every_way(server, query):
            assert answer.status == 400, (query, answer.body)
    for parameter in ("default-graph-uri", "named-graph-uri"):
        for target in (f"{here}/graph", "file:///etc/passwd", "http://169.254.169.254/"):
            answer = sparql(server, PROJECT_COUNT, **{parameter: target})
            assert answer.status == 400 and "not a named graph" in answer.json["error"]["message"]
    time.sleep(0.2)  # anything sent would have arrived by now
    assert listener.requests == []


# --- 13: expensive queries stop at the time limit; others are answered meanwhile -------------

@pytest.mark.parametrize("expensive", [CARTESIAN, CLOSURE], ids=["cartesian", "closure"])
def test_an_expensive_query_is_stopped_while_another_client_is_answered(server, expensive):
    assert sparql(server, PROJECT_COUNT).status == 200  # the workers are up
    finished: dict[str, tuple[float, Answer]] = {}

    def run():
        answer = sparql(server, expensive, source="127.0.0.1")
        finished["expensive"] = (time.monotonic(), answer)

    thread = threading.Thread(target=run, name="expensive")
    thread.start()
    time.sleep(0.5)  # it is running in one worker now
    cheap = sparql(server, PROJECT_COUNT, source="127.0.0.2")
    finished["cheap"] = (time.monotonic(), cheap)
    thread.join(timeout=60)
    stopped = finished["expensive"][1]
    assert cheap.status == 200
    assert cheap.json["results"]["bindings"][0]["n"]["value"] == ALL_PROJECTS
    assert stopped.status == 503 and stopped.headers["Retry-After"]
    assert f"more than {TIME_LIMIT:g} seconds" in stopped.json["error"]["message"]
    assert finished["cheap"][0] < finished["expensive"][0]


def test_a_backtracking_regex_on_a_long_string_is_answered(server):
    """``^(a+)+$`` against 30 000 a's and a '!': exponential for a backtracking engine, linear
    for the store's (Rust's regex crate), so it is answered, correctly, well inside the limit."""
    query = 'ASK { FILTER(REGEX(CONCAT("' + "a" * 30_000 + '", "!"), "^(a+)+$")) }'
    answer = sparql(server, query)
    assert (answer.status, answer.json["boolean"]) == (200, False)


def test_answers_over_the_cap_are_refused_never_cut_short(server):
    exact = sparql(server, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}")
    assert exact.status == 200 and len(exact.json["results"]["bindings"]) == MAX_ROWS
    for query in ("SELECT * WHERE { ?s ?p ?o }", f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS + 1}",
                  "CONSTRUCT WHERE { ?s ?p ?o }"):
        answer = fetch(server, "/sparql?" + urlencode({"query": query}),
                       headers={"Accept": "application/json"})
        assert answer.status == 422, query
        assert f"more than {MAX_ROWS}" in answer.json["error"]["message"]
