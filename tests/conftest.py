"""Fixtures: the bundled data prepared once per session, a fresh store per test, the app over
a store loaded once per session (the service only reads it), a real server and a watched browser
page; helpers to serve an app, to break a copy of the data and load it into a store of its own.

``app`` (and ``client``, ``served``) run every test that uses them twice: on the embedded store
and on a private Virtuoso server (``tests/virtuoso_server.py``) holding the same data, so the
whole API suite holds on both stores. Test ids end in ``[embedded]`` or ``[virtuoso]``."""

from __future__ import annotations

import csv
import gc
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
import waitress
from click.testing import CliRunner
from waitress import wasyncore

from api import create_app
from api.storage import get_store
from graph.datafiles import BUNDLED_DATA
from graph.derived import derive
from graph.ingest import prepare
from graph.named_queries import as_rows
from graph.namespaces import PREFIXES as NAMESPACES
from graph.remote_store import RemoteStore
from graph.sparql_client import endpoint_from_url
from graph.store import GraphStore
from tests.browsing import CHROMIUM, CHROMIUM_ARGS, Watched
from tests.virtuoso_server import VirtuosoServer, virtuoso_missing

#: The stores the service tests run on.
STORES = ("embedded", "virtuoso")


@pytest.fixture(scope="session")
def prepared():
    """The bundled data, read and validated once (it does not change during a run)."""
    result = prepare()
    assert result.ok, "\n".join(str(p) for p in result.violations[:20])
    return result


@pytest.fixture(scope="session")
def nquads(prepared) -> bytes:
    return prepared.build.nquads()


@pytest.fixture
def store(tmp_path) -> GraphStore:
    """A fresh, empty on-disk store."""
    return GraphStore.open(tmp_path / "store")


@pytest.fixture
def loaded(store, nquads) -> GraphStore:
    """A fresh on-disk store holding the bundled data."""
    store.replace(nquads)
    return store


@pytest.fixture(scope="session")
def served_store(tmp_path_factory, nquads) -> Path:
    """An on-disk store holding the bundled data and its network metrics, as ``aktorskarta load``
    writes it, shared by the read-only service tests."""
    location = tmp_path_factory.mktemp("served") / "store"
    GraphStore.open(location).replace(nquads, derive=derive)
    gc.collect()  # release the writer's lock; the service opens it read-only
    return location


APP_CONFIG = {"TESTING": True, "SPARQL_TIMEOUT": 5.0}


@pytest.fixture(scope="session")
def embedded_app(served_store):
    """The service over the bundled data on the embedded store (read-only, one per session)."""
    return create_app({"STORE": str(served_store), **APP_CONFIG})


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory) -> Iterator[VirtuosoServer]:
    """A private Virtuoso server on loopback for the session (skipped, saying why, only where
    the Debian package is not installed; bin/test installs it)."""
    missing = virtuoso_missing()
    if missing:
        pytest.skip(missing)
    with VirtuosoServer(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


def remote_store(server: VirtuosoServer, cache: Path) -> RemoteStore:
    """A store on ``server``, uploading through its Graph Store endpoint."""
    return RemoteStore(endpoint_from_url(server.store_url, graph_store=server.graph_store),
                       cache=cache, derive=derive)


@pytest.fixture(scope="session")
def virtuoso_app(virtuoso, tmp_path_factory, nquads):
    """The service over the bundled data loaded into Virtuoso, as ``aktorskarta load`` does."""
    store = remote_store(virtuoso, tmp_path_factory.mktemp("remote-cache"))
    store.replace(nquads, derive=derive)
    return create_app({"STORE": store, **APP_CONFIG})


@pytest.fixture(scope="session", params=STORES)
def app(request):
    """The service over the bundled data, on each store in turn."""
    return request.getfixturevalue(f"{request.param}_app")


@pytest.fixture(scope="session")
def served(app) -> GraphStore:
    """The store the service reads (read-only), to check answers against the graph itself."""
    with app.app_context():
        return get_store()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of the bundled data folder, to break on purpose."""
    return copy_data(tmp_path / "data")


def copy_data(target: Path) -> Path:
    """A copy of the bundled data folder at ``target`` (without the large postal-code table)."""
    shutil.copytree(BUNDLED_DATA, target, ignore=shutil.ignore_patterns("postal_to_municipality.csv"))
    return target


def append_row(table: Path, **row) -> None:
    """One row added to a data table, in its own column order."""
    with table.open(encoding="utf-8", newline="") as file:
        columns = next(csv.reader(file))
    with table.open("a", encoding="utf-8", newline="") as file:
        csv.DictWriter(file, columns, lineterminator="\n").writerow(row)


def store_from(data: Path, location: Path, derive=None) -> Path:
    """A new on-disk store at ``location`` holding ``data`` (a data folder that must be valid) and
    what ``derive`` computes from it (as ``GraphStore.replace`` takes it), closed again so that the
    service can open it read-only."""
    prepared = prepare([data])
    assert prepared.ok, "\n".join(str(p) for p in prepared.violations[:20])
    GraphStore.open(location).replace(prepared.build.nquads(), derive=derive)
    gc.collect()  # release the writer's lock
    return location


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def rows(store: GraphStore, sparql: str, **bindings) -> list[dict]:
    """SELECT results as dicts of plain values (IRI strings, literal lexical forms)."""
    return as_rows(store.query(sparql, {name: _term(value) for name, value in bindings.items()}))


def _term(value):
    """A test value as a pyoxigraph term: terms pass through, IRIs become named nodes."""
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    return ox.NamedNode(str(value)) if str(value).startswith("http") else ox.Literal(str(value))


#: PREFIX lines for inline test queries, from the contract's one namespace table.
PREFIXES = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in NAMESPACES.items())


@contextmanager
def serving(app, threads: int = 4) -> Iterator[str]:
    """``app`` served by waitress (the production server) on a free loopback port; yields its URL."""
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=threads, ident="aktorskarta")
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.task_dispatcher.shutdown()
        # The sockets are closed by the loop's own thread (closed from here, a select waiting on
        # them fails with "Bad file descriptor"); the loop ends when its map is empty.
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        thread.join(timeout=10)
        assert not thread.is_alive(), "the test server did not stop"


@pytest.fixture(scope="session")
def live_server(embedded_app):
    """The app on the embedded store served by waitress on 127.0.0.1 at a free port, for the
    whole session (the browser tests read pages, which the API suite checks on both stores)."""
    with serving(embedded_app) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system (never downloaded), able to reach only 127.0.0.1;
    missing Chromium fails the run."""
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}; run bin/setup-chromium (bin/test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def watched(browser, live_server) -> Iterator[Watched]:
    """A Swedish page in a fresh browser context that may reach only 127.0.0.1 (any other request
    is recorded in ``left`` and aborted), with the session's server running at ``live_server``."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = Watched(context.new_page())
    page.keep_on_loopback(context)
    yield page
    context.close()
