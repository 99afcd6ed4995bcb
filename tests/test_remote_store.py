"""The remote store on a real Virtuoso server: all-or-nothing loads, and every way the remote can
fail (down, slow, a partial answer, a silently cut one) surfacing as a clear error, never as a
complete answer. The API suite itself runs on Virtuoso through conftest's ``app``."""

from __future__ import annotations

import dataclasses
import socket
import threading

import pyoxigraph as ox
import pytest

from api import create_app
from api.storage import get_store
from graph.curation.tokens import TokenFile
from graph.errors import RemoteUnavailable
from graph.remote_store import STAGING, RemoteStore
from graph.sparql_client import SparqlClient
from tests.conftest import APP_CONFIG, remote_store
from tests.virtuoso_server import VirtuosoServer, virtuoso_missing

EX = "https://aktorskartan.se/id/actor/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def dataset(*graphs: tuple[str, list[str]]) -> bytes:
    """N-Quads: each (graph key, actor keys) as a graph of actors named by their keys."""
    lines = []
    for graph, actors in graphs:
        for actor in actors:
            lines.append(f'<{EX}{actor}> <http://www.w3.org/2004/02/skos/core#prefLabel> "{actor}"@sv '
                         f'<https://aktorskartan.se/graph/{graph}> .')
    return "\n".join(lines).encode("utf-8") + b"\n"


OLD = dataset(("a", ["almi", "mitc"]), ("b", ["ri"]))
NEW = dataset(("a", ["almi"]), ("b", ["ri", "ltu"]), ("c", ["ung-foretagsamhet"]))


@pytest.fixture(scope="module")
def installed():
    """Virtuoso's programs (skipped, saying why, only where the Debian package is absent)."""
    missing = virtuoso_missing()
    if missing:
        pytest.skip(missing)


@pytest.fixture(scope="module")
def server(installed, tmp_path_factory):
    """A Virtuoso server of this module's own (its loads must not touch the session's data)."""
    with VirtuosoServer(tmp_path_factory.mktemp("virtuoso-loads")) as started:
        yield started


@pytest.fixture
def remote(server, tmp_path) -> RemoteStore:
    store = remote_store(server, tmp_path / "cache")
    store.replace(OLD)
    return store


def labels(store) -> set[str]:
    return {row["label"].value for row in store.query("SELECT ?label WHERE { ?actor ?p ?label }")}


def test_the_remote_store_holds_exactly_the_bundled_dataset(virtuoso_app, nquads):
    """Every quad back as loaded: IRIs, language tags, datatypes, booleans, named graphs."""
    with virtuoso_app.app_context():
        held = set(get_store().quads())
    assert held == set(ox.parse(nquads, ox.RdfFormat.N_QUADS))


def test_a_load_replaces_the_dataset_and_another_reader_sees_the_new_generation(remote, server, tmp_path):
    reader = remote_store(server, tmp_path / "reader-cache")
    before = reader.generation
    remote.replace(NEW)
    reader.refresh(force=True)
    assert reader.generation != before
    assert labels(reader) == {"almi", "ri", "ltu", "ung-foretagsamhet"}
    assert [graph.value.rsplit("/", 1)[1] for graph in reader.named_graphs()] == ["a", "b", "c"]
    assert len(reader) == 4


def test_a_load_that_fails_half_way_leaves_the_previous_data_answering(remote, monkeypatch):
    """The server is real; the fault is injected between the first and second graph's upload."""
    generation, uploads = remote.generation, []
    upload = SparqlClient.upload

    def failing_second_upload(client, graph, ntriples, timeout=None):
        uploads.append(graph)
        if len(uploads) == 2:
            raise RemoteUnavailable("the remote store went away during the upload (test)")
        return upload(client, graph, ntriples, timeout)

    monkeypatch.setattr(SparqlClient, "upload", failing_second_upload)
    with pytest.raises(RemoteUnavailable, match="went away"):
        remote.replace(NEW)
    monkeypatch.undo()
    assert remote.generation == generation
    assert labels(remote) == {"almi", "mitc", "ri"} and len(remote) == 3
    staged = remote.client.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                                  f'FILTER STRSTARTS(STR(?g), "{STAGING}") }}')
    assert list(staged) == [], "the staging graphs of the failed load were dropped"


def test_a_load_the_server_does_not_hold_whole_is_refused_and_changes_nothing(remote, monkeypatch):
    """An upload that the server acknowledges but keeps only in part is caught by the count check."""
    upload = SparqlClient.upload

    def lossy_upload(client, graph, ntriples, timeout=None):
        return upload(client, graph, ntriples.split(b"\n", 1)[1], timeout)  # the first triple is lost

    monkeypatch.setattr(SparqlClient, "upload", lossy_upload)
    with pytest.raises(RemoteUnavailable, match="nothing was changed"):
        remote.replace(NEW)
    monkeypatch.undo()
    assert labels(remote) == {"almi", "mitc", "ri"}


def test_a_swap_the_server_aborts_leaves_the_previous_data_answering(installed, tmp_path):
    """A real failure half-way: Virtuoso aborts the swap (SR325) when the moved graphs outgrow its
    transaction limit, after every graph was uploaded and counted."""
    with VirtuosoServer(tmp_path / "virtuoso-small", after_image_bytes=200_000) as server:
        store = remote_store(server, tmp_path / "cache")
        store.replace(OLD)
        generation = store.generation
        large = dataset(("a", [f"actor-{number}" for number in range(20_000)]))
        with pytest.raises(RemoteUnavailable, match="SR325"):
            store.replace(large)
        reader = remote_store(server, tmp_path / "reader-cache")
        assert reader.generation == generation
        assert labels(reader) == {"almi", "mitc", "ri"} and len(reader) == 3
        staged = reader.client.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                                      f'FILTER STRSTARTS(STR(?g), "{STAGING}") }}')
        assert list(staged) == [], "the staging graphs of the aborted load were dropped"


def test_bindings_are_substituted_as_terms_not_text(remote):
    hostile = ox.Literal('almi" } ; DROP ALL ; SELECT * { "', language="sv")
    assert list(remote.query("SELECT ?actor ?label WHERE { ?actor ?p ?label }", {"label": hostile})) == []
    found = remote.query("SELECT ?actor ?label WHERE { ?actor ?p ?label }",
                         {"label": ox.Literal("almi", language="sv")})
    assert [row["actor"].value for row in found] == [f"{EX}almi"]
    assert labels(remote) == {"almi", "mitc", "ri"}


def test_a_server_that_is_down_gives_502_with_the_reason(installed, tmp_path):
    with VirtuosoServer(tmp_path / "virtuoso-down") as server:
        store = remote_store(server, tmp_path / "cache")
        store.replace(OLD)
        client = create_app({"STORE": store, **APP_CONFIG}).test_client()
        assert client.get("/api/v1/actors").status_code == 200
        server.kill()
        response = client.get("/api/v1/actors")
    assert response.status_code == 502
    assert "cannot be reached" in response.get_json()["error"]["message"]


@pytest.fixture
def silent_listener():
    """A loopback port that accepts connections and never answers (a server that hangs)."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    listener.close()
    for connection, _ in accepted:
        connection.close()


def test_a_server_that_does_not_answer_in_time_gives_504(remote, silent_listener):
    client = create_app({"STORE": remote, **APP_CONFIG}).test_client()
    remote.client.endpoint = dataclasses.replace(remote.client.endpoint, url=silent_listener, timeout=0.5)
    response = client.get("/api/v1/actors")
    assert response.status_code == 504
    assert "did not answer within 0.5 seconds" in response.get_json()["error"]["message"]


def test_an_answer_cut_at_the_row_cap_is_refused_as_partial(remote):
    remote.client.endpoint = dataclasses.replace(remote.client.endpoint, max_rows=3)
    client = create_app({"STORE": remote, **APP_CONFIG}).test_client()
    response = client.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s ?p ?o }"},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 502
    assert "cut short" in response.get_json()["error"]["message"]


def test_a_query_stopped_at_the_time_limit_is_refused_as_partial(server, tmp_path):
    """Virtuoso answers with what it found so far when its time limit stops a query (HTTP 206,
    or 200 with X-SQL-State S1TAT: a count of 58 137 where the whole answer is billions)."""
    store = remote_store(server, tmp_path / "cache")
    store.replace(dataset(("a", [f"actor-{number}" for number in range(400)])))
    client = create_app({"STORE": store, **APP_CONFIG, "SPARQL_TIMEOUT": 0.5}).test_client()
    heavy = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . "
             "FILTER (STR(?b) < STR(?d) && STR(?d) < STR(?f)) }")
    response = client.get("/sparql", query_string={"query": heavy},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code in (502, 504)
    message = response.get_json()["error"]["message"]
    assert "only in part" in message or "did not answer within" in message


def test_the_public_endpoint_refuses_virtuoso_extensions_before_they_reach_it(remote):
    client = create_app({"STORE": remote, **APP_CONFIG}).test_client()
    for query in ('SELECT (bif:file_to_string("/etc/passwd") AS ?x) WHERE {}',
                  'DEFINE input:grab-all "yes" SELECT * WHERE { <http://127.0.0.1:9/> ?p ?o }'):
        response = client.get("/sparql", query_string={"query": query},
                              headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 400, query


# --- curation on the remote store ----------------------------------------------------------------

ALMI = "/api/v1/actors/almi-sormland"


@pytest.fixture
def curated_remote(server, tmp_path, nquads):
    """The write API over the bundled data on this module's Virtuoso, with a curator token."""
    store = remote_store(server, tmp_path / "cache")
    store.replace(nquads)
    tokens = tmp_path / "tokens.json"
    token = TokenFile(tokens).create("anna", "curator")
    app = create_app({"STORE": store, "TOKENS": tokens, **APP_CONFIG})
    return app.test_client(), {"Authorization": f"Bearer {token}"}, store


def test_a_curators_edit_on_virtuoso_is_checked_stored_recorded_and_seen_elsewhere(
        curated_remote, server, tmp_path):
    client, bearer, _ = curated_remote
    tag = client.get(ALMI).headers["ETag"]
    edit = client.patch(ALMI, headers={**bearer, "If-Match": tag},
                        json={"homepage": "https://www.almi.se/sormland", "reason": "Webbadressen saknades"})
    assert edit.status_code == 200, edit.get_json()
    stale = client.patch(ALMI, json={"email": "gammal@almi.se", "reason": "test"},
                         headers={**bearer, "If-Match": tag})
    assert stale.status_code == 412 and stale.headers["ETag"] == edit.headers["ETag"]
    # Another machine's service on the same Virtuoso sees the change and who made it.
    other_machine = remote_store(server, tmp_path / "elsewhere")
    elsewhere = create_app({"STORE": other_machine, **APP_CONFIG}).test_client()
    actor = elsewhere.get(ALMI).get_json()
    assert actor["homepage"] == "https://www.almi.se/sormland"
    assert actor["label"] == "Almi Företagspartner Sörmland"
    assert (actor["changed"]["curator"], actor["changed"]["reason"]) == ("anna", "Webbadressen saknades")
    newest = elsewhere.get("/api/v1/changes").get_json()["items"][0]
    assert newest["records"] == ["https://aktorskartan.se/id/actor/almi-sormland"]


def test_a_write_the_shapes_refuse_on_virtuoso_gets_422_and_stores_nothing(curated_remote):
    client, bearer, store = curated_remote
    before = (store.generation, set(store.quads()))
    response = client.post("/api/v1/projects", json={"key": "utan-agare", "label": "Projekt utan ägare",
                                                     "reason": "test"}, headers=bearer)
    assert response.status_code == 422
    assert any("has no owner" in item["message"] for item in response.get_json()["error"]["details"])
    store.refresh(force=True)
    assert (store.generation, set(store.quads())) == before
