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
import logging
import os
import socket
import subprocess
import sys
import threading
import time
import unicodedata
from urllib.parse import quote, quote_plus, urlencode, urlsplit

import pyoxigraph as ox
import pytest
from markupsafe import escape

from api import create_app
from api.access_log import LOGGER
from api.sparql import get_runner
from api.storage import get_store
from graph.namespaces import graph_iri
from graph.query_bindings import with_bindings
from graph.sparql_guard import tokens
from tests.conftest import PREFIXES, append_row, copy_data, serving, store_from
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


# --- 4: what a client sends cannot forge a log line ------------------------------------------

@pytest.fixture
def log_lines():
    """The request log's lines, formatted as the service writes them."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    logger = logging.getLogger(LOGGER)
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


def raw_request(base: str, request: bytes) -> bytes:
    """Send ``request`` as it is and return the status line of the answer."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer.split(b"\r\n", 1)[0]


FORGED = [
    # CR LF in the path, percent-encoded (the path reaches the service decoded).
    b"GET /sok%0D%0AFAKE%20log%20line?q=x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    b"GET /id/actor/x%0AFAKE%20log%20line HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    # A folded header line: the User-Agent goes on on the next line.
    b"GET /sok HTTP/1.1\r\nHost: a\r\nUser-Agent: x\r\n FAKE log line\r\nConnection: close\r\n\r\n",
    # C1 controls and a Unicode line separator as the header's bytes.
    b"GET /sok HTTP/1.1\r\nHost: a\r\nUser-Agent: x\x85FAKE\" log \\line\r\nConnection: close\r\n\r\n",
    "GET /sok HTTP/1.1\r\nHost: a\r\nUser-Agent: x\u2028FAKE log line\r\nConnection: close\r\n\r\n".encode(),
]
#: Waitress itself refuses these with 400 before the service sees them (nothing to log).
REFUSED_BY_WAITRESS = [
    b"GET /sok HTTP/1.1\r\nHost: a\r\nUser-Agent: x\r\nFAKE log line\r\nConnection: close\r\n\r\n",
    b"GET /sok HTTP/1.1\r\nHost: a\r\nUser-Agent: x\rFAKE log line\r\nConnection: close\r\n\r\n",
    b"GET /sok HTTP/1.1\r\nHost: a\r\nUser-Agent: x\x1b[2JFAKE\r\nConnection: close\r\n\r\n",
]


@pytest.mark.parametrize("request_bytes", FORGED)
def test_a_crlf_or_control_character_from_a_client_makes_one_escaped_log_line(server, log_lines,
                                                                              request_bytes):
    status = raw_request(server, request_bytes)
    assert status.split()[1] in (b"200", b"404")
    mine = [line for line in log_lines if "FAKE" in line]
    assert len(mine) == 1
    assert not any(char in mine[0] for char in "\r\n\x85\u2028")
    assert mine[0].split(" ")[0] == "127.0.0.1"


@pytest.mark.parametrize("request_bytes", REFUSED_BY_WAITRESS)
def test_a_header_broken_by_cr_or_lf_is_refused_before_the_service(server, log_lines, request_bytes):
    assert raw_request(server, request_bytes).split()[1] == b"400"
    assert [line for line in log_lines if "FAKE" in line] == []


def test_the_log_line_says_method_path_status_and_agent(server, log_lines):
    fetch(server, "/sok?q=G%C3%B6teborg", headers={"User-Agent": "test-agent/1"})
    assert log_lines[-1] == '127.0.0.1 "GET /sok?q=G%C3%B6teborg" 200 "test-agent/1"'


# --- 14: one client flooding the heavy routes gets 429; the others are served ----------------

def test_fifty_parallel_heavy_queries_from_one_client_get_429_and_another_client_is_served(server):
    assert sparql(server, PROJECT_COUNT).status == 200  # the workers are up
    answers: list[Answer] = []
    start = threading.Barrier(50)

    def flood(number: int):
        start.wait()
        # Half of them claim to be someone else: X-Forwarded-For is not believed.
        headers = {"X-Forwarded-For": f"10.0.0.{number}"} if number % 2 else {}
        answers.append(fetch(server, "/sparql?" + urlencode({"query": CARTESIAN}),
                             headers={"Accept": "application/sparql-results+json", **headers}))

    threads = [threading.Thread(target=flood, args=(n,), name=f"flood-{n}") for n in range(50)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # the flood is in: some of it running, the rest refused
    other = fetch(server, "/api/v1/analysis/overlap/projects?limit=5", source="127.0.0.3")
    other_sparql = sparql(server, "ASK { ?s ?p ?o }", source="127.0.0.4")
    for thread in threads:
        thread.join(timeout=120)
    refused = [answer for answer in answers if answer.status == 429]
    assert len(answers) == 50
    assert len(refused) == 50 - IN_FLIGHT
    assert {answer.status for answer in answers} - {429} <= {200, 503}
    for answer in refused:
        assert answer.headers["Retry-After"] == "1"
        assert answer.json["error"]["status"] == 429
    assert other.status == 200 and other.json["items"]
    assert other_sparql.status in (200, 503)  # another client is never refused with 429
    # Once the flood has drained, the same client is served again.
    assert sparql(server, PROJECT_COUNT).status == 200


def test_a_client_that_waits_for_each_answer_is_never_refused(server):
    statuses = [sparql(server, "ASK { ?s ?p ?o }").status for _ in range(30)]
    statuses += [fetch(server, "/api/v1/finder?need=export").status for _ in range(5)]
    assert set(statuses) == {200}


def test_light_routes_are_not_bounded(server):
    """The bound is for heavy routes: a flood of record pages is served whole."""
    answers: list[int] = []

    def read():
        answers.append(fetch(server, "/api/v1/actors/almi-sormland").status)

    threads = [threading.Thread(target=read, name=f"read-{n}") for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert answers == [200] * 20


# --- 16: Swedish letters in every Unicode form, in URLs, and under a POSIX locale --------------

ASA = "Åsa Öberg"
NFD_ASA = unicodedata.normalize("NFD", ASA)
AMAL = "Åmål"
AMAL_KOMMUN = ("/id/kommun/1492", "Åmåls kommun")  # SCB's municipality table


@pytest.fixture(scope="module")
def swedish_app(tmp_path_factory):
    """The bundled data and one more actor, Åsa Öberg, written decomposed (NFD) in the file."""
    data = copy_data(tmp_path_factory.mktemp("swedish") / "data")
    append_row(data / "actors" / "actors.csv", key="asa-oberg", pref_label=NFD_ASA, type="foretag",
               legal_entity="ja", based_in="kommun:1492", area_served="kommun:1492")
    append_row(data / "001-sormland-handlingsplan" / "mentions.csv", actor="asa-oberg", label=NFD_ASA,
               locator="inledning")
    app = create_app({"STORE": str(store_from(data, data.parent / "store")), "TESTING": True})
    yield app
    with app.app_context():
        get_runner().close()


def _hits(app, q: str) -> list[tuple[str, str]]:
    items = app.test_client().get("/api/v1/search", query_string={"q": q}).json["items"]
    return [(item["path"], item["label"]) for item in items]


def test_nfc_and_nfd_find_each_other(swedish_app):
    assert NFD_ASA != ASA
    for q in (ASA, NFD_ASA, "asa oberg", "ÅSA"):
        assert _hits(swedish_app, q)[0] == ("/id/actor/asa-oberg", ASA), q  # kept as NFC
    for q in (AMAL, unicodedata.normalize("NFD", AMAL), "amal"):
        assert AMAL_KOMMUN in _hits(swedish_app, q), q


def test_swedish_text_round_trips_through_urls(swedish_app):
    client = swedish_app.test_client()
    for place in (AMAL, unicodedata.normalize("NFD", AMAL)):
        found = client.get("/api/v1/finder", query_string={"need": "starta eget", "place": place}).json
        assert (found["place"]["path"], found["place"]["label"]) == AMAL_KOMMUN
    page = client.get("/sok?q=" + quote(NFD_ASA)).get_data(as_text=True)
    assert ASA in page and 'href="/id/actor/asa-oberg"' in page
    assert client.get("/id/actor/asa-oberg").status_code == 200


@pytest.mark.parametrize("key", ["åsa-öberg", unicodedata.normalize("NFD", "åsa-öberg"), "göteborg"])
def test_a_key_with_swedish_letters_is_a_404_that_names_it(swedish_app, key):
    """Keys are ASCII: a key with å, ä or ö names no record, in either form, and the answer says
    which key it looked for, as sent."""
    answer = swedish_app.test_client().get("/api/v1/actors/" + quote(key))
    assert answer.status_code == 404
    assert key in answer.json["error"]["message"]
    page = swedish_app.test_client().get("/id/actor/" + quote(key), headers={"Accept": "text/html"})
    assert page.status_code == 404 and str(escape(key)) in page.get_data(as_text=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _when_up(url: str, process: subprocess.Popen, seconds: float = 60) -> Answer:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return fetch(url, "/api/v1/search?q=G%C3%B6teborg")
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.parametrize("utf8_mode", ["", "0"], ids=["posix", "posix-no-utf8-mode"])
def test_the_server_works_under_a_posix_locale(served_store, utf8_mode):
    """``aktorskarta serve`` with LC_ALL=C: Python's UTF-8 mode on (its default there) and off."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("LC_", "LANG", "PYTHONIOENCODING", "PYTHONUTF8", "AKTORSKARTA_"))}
    env.update(LC_ALL="C", LANG="C", PYTHONUTF8=utf8_mode) if utf8_mode else env.update(LC_ALL="C", LANG="C")
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "api.cli", "--store", str(served_store), "serve",
                                "--port", str(port), "--threads", "2"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        search = _when_up(base, process)
        page = fetch(base, "/sok?q=G%C3%B6teborg")
        kommun = fetch(base, "/id/kommun/1480", headers={"Accept": "text/html"})
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=30)
    assert search.status == 200
    assert search.json["items"][0]["label"] == "Göteborgs kommun"
    assert page.status == 200 and "Göteborg" in page.body.decode("utf-8")
    assert kommun.status == 200 and "<h1>Göteborgs kommun" in kommun.body.decode("utf-8")
    log = errors.decode("utf-8", "replace")
    assert "Traceback" not in log
    assert '"GET /sok?q=G%C3%B6teborg" 200' in log
