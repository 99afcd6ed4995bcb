"""Durability: backups restore to the same dataset, a writer killed with SIGKILL or stopped by a
full disk leaves the old data or the new (never part of either), and several server workers on
one store read whole snapshots while one of them writes.
"""

from __future__ import annotations

import gc
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from api import create_app
from api.cli import main
from graph.backup import header
from graph.curation.commit import etag, record_quads
from graph.curation.tokens import token_file
from graph.namespaces import entity, graph_iri
from graph.store import GraphStore
from tests.conftest import APP_CONFIG

DOCUMENT = "bulk-plan"
GRAPH = str(graph_iri(DOCUMENT))
#: Graphs a curator's change writes besides the document's own.
CHANGE_GRAPHS = {str(graph_iri(name)) for name in ("provenance", "validation", "curation", DOCUMENT)}


def bulk_document(round_: int, projects: int = 200) -> bytes:
    """A source document's data: ``projects`` projects, each owned by Nyköpings kommun, whose
    labels say which round wrote them (``Projekt 03-017``)."""
    base = "https://aktorskartan.se/id/"
    locator = f"<{base}document/{DOCUMENT}/avsnitt-1>"
    lines = [f'{locator} a <https://aktorskartan.se/ns#Locator> ; '
             f'<http://www.w3.org/2004/02/skos/core#prefLabel> "Avsnitt 1"@sv ; '
             f'<http://purl.org/dc/terms/isPartOf> <{base}document/{DOCUMENT}> .']
    for number in range(projects):
        project = f"{base}project/bulk-{number:03d}"
        party = f"{project}/party/kommun-0480/projektagare"
        lines += [
            f'<{project}> a <http://data.europa.eu/s66#Project> ; '
            f'<http://www.w3.org/2004/02/skos/core#prefLabel> "Projekt {round_:02d}-{number:03d}"@sv ; '
            f'<http://data.europa.eu/s66#hasInvolvedParty> <{party}> ; '
            f'<http://purl.org/dc/terms/source> {locator} .',
            f'<{party}> a <http://data.europa.eu/s66#OrganisationRole> ; '
            f'<http://data.europa.eu/s66#isRoleOf> <{base}actor/kommun-0480> ; '
            f'<http://purl.org/dc/terms/type> <{base}concept/roll/projektagare> ; '
            f'<http://purl.org/dc/terms/source> {locator} .',
        ]
    return "\n".join(lines).encode()


def rounds_in(quads: set[ox.Quad]) -> set[str]:
    """Which rounds wrote the document's project labels."""
    return {q.object.value[8:10] for q in quads
            if q.graph_name.value == GRAPH and q.object.value.startswith("Projekt ")}


def dataset(directory: Path) -> set[ox.Quad]:
    store = GraphStore.open(directory, read_only=True)
    quads = set(store.quads())
    del store
    gc.collect()
    return quads


def outside_changes(quads: set[ox.Quad]) -> set[ox.Quad]:
    return {q for q in quads if q.graph_name.value not in CHANGE_GRAPHS}


@pytest.fixture
def store_copy(tmp_path, served_store) -> Path:
    directory = tmp_path / "store"
    shutil.copytree(served_store, directory)
    return directory


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def server(directory: Path, workers: int = 1):
    """``aktorskarta serve`` on the store, in a process of its own; yields (URL, process)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "--store", str(directory), "serve", "--port", str(port),
         "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/api/v1/openapi.json", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert process.poll() is None, "the server ended before it answered"
            assert time.monotonic() < deadline, "the server did not answer within a minute"
            time.sleep(0.1)
        yield url, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def import_request(url: str, token: str, round_: int, if_match: str | None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}", **({"If-Match": if_match} if if_match else {})}
    return requests.post(f"{url}/api/v1/imports", headers=headers, timeout=120, data={
        "document": DOCUMENT, "title": "Massimport", "reason": f"omgång {round_}"},
        files={"file": ("bulk.ttl", bulk_document(round_), "text/turtle")})


def current_etag(directory: Path) -> str | None:
    store = GraphStore.open(directory, read_only=True)
    found = etag(record_quads(store, str(entity("document", DOCUMENT))))
    del store
    gc.collect()
    return found


# --- backup and restore ----------------------------------------------------------------------

ACTOR = "/api/v1/actors/almi-sormland"


def edit_homepage(client, token: str, homepage: str):
    """A curator's edit of Almi Sörmland's web address, with the ETag just read."""
    return client.patch(ACTOR, json={"homepage": homepage, "reason": "test"}, headers={
        "Authorization": f"Bearer {token}", "If-Match": client.get(ACTOR).headers["ETag"]})


@pytest.mark.parametrize("name", ["backup.nq", "backup.nq.gz"])
def test_a_backup_restores_to_an_isomorphic_dataset_change_log_included(runner, store_copy, tmp_path, name):
    token = token_file(str(store_copy)).create("anna", "curator")
    client = create_app({"STORE": str(store_copy), **APP_CONFIG}).test_client()
    assert edit_homepage(client, token, "https://almi.se/fore-sakerhetskopian").status_code == 200
    original = dataset(store_copy)
    backup = tmp_path / name
    assert runner.invoke(main, ["--store", str(store_copy), "backup", str(backup)]).exit_code == 0
    restored = tmp_path / "restored"
    result = runner.invoke(main, ["--store", str(restored), "restore", str(backup)])
    assert result.exit_code == 0, result.output
    # No blank nodes anywhere, so the same set of quads is the same dataset (isomorphic).
    assert dataset(restored) == original
    assert any(q.object.value == "https://almi.se/fore-sakerhetskopian" for q in dataset(restored))


def test_a_truncated_or_altered_backup_is_refused_and_the_store_is_unchanged(runner, store_copy, tmp_path):
    backup = tmp_path / "backup.nq"
    assert runner.invoke(main, ["--store", str(store_copy), "backup", str(backup)]).exit_code == 0
    target = tmp_path / "target"
    shutil.copytree(store_copy, target)
    before = dataset(target)
    lines = backup.read_bytes().splitlines(keepends=True)
    truncated = tmp_path / "truncated.nq"
    truncated.write_bytes(b"".join(lines[: len(lines) // 2]))
    result = runner.invoke(main, ["--store", str(target), "restore", str(truncated)])
    assert result.exit_code == 1 and "truncated" in result.output
    altered = tmp_path / "altered.nq"
    altered.write_bytes(backup.read_bytes().replace("Nyköpings kommun".encode(), "Nyköping".encode(), 1))
    result = runner.invoke(main, ["--store", str(target), "restore", str(altered)])
    assert result.exit_code == 1 and "SHA-256" in result.output
    assert dataset(target) == before


def test_a_backup_of_data_that_breaks_the_shapes_is_refused(runner, store_copy, tmp_path):
    import hashlib

    orphan = (b'<https://aktorskartan.se/id/project/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
              b'<http://data.europa.eu/s66#Project> <https://aktorskartan.se/graph/x> .\n')
    backup = tmp_path / "orphan.nq"
    backup.write_bytes(header(1, hashlib.sha256(orphan).hexdigest()).encode() + orphan)
    before = dataset(store_copy)
    result = runner.invoke(main, ["--store", str(store_copy), "restore", str(backup)])
    assert result.exit_code == 1 and "violation" in result.output
    assert dataset(store_copy) == before


# --- killed writers and full disks ---------------------------------------------------------------


def test_kill_9_during_an_import_20_times_leaves_the_old_data_or_the_new(store_copy):
    token = token_file(str(store_copy)).create("admin", "admin")
    rest = outside_changes(dataset(store_copy))
    # One import to completion, for how long one takes.
    with server(store_copy) as (url, _):
        started = time.monotonic()
        assert import_request(url, token, 0, None).status_code == 201
        duration = time.monotonic() - started
    written = {"00"}
    outcomes = []
    random.seed(7)
    for round_ in range(1, 21):
        with server(store_copy) as (url, process):
            sender = threading.Thread(target=_try, args=(
                import_request, url, token, round_, current_etag(store_copy)))
            sender.start()
            time.sleep(random.uniform(0, duration * 1.2))
            os.killpg(process.pid, signal.SIGKILL)
            sender.join()
        quads = dataset(store_copy)  # "after restart": a fresh process opens the store
        found = rounds_in(quads)
        assert len(found) == 1, f"round {round_}: the graph mixes rounds {found}"
        assert len([q for q in quads if q.graph_name.value == GRAPH
                    and q.object.value.startswith("Projekt ")]) == 200
        assert outside_changes(quads) == rest
        assert found <= written | {f"{round_:02d}"}
        outcomes.append("new" if found == {f"{round_:02d}"} else "old")
        written |= found
    print(f"kill -9 outcomes: {outcomes.count('old')} old, {outcomes.count('new')} new")
    assert "old" in outcomes  # some kills did land during a write
    with server(store_copy) as (url, _):  # and the store takes the next change
        assert import_request(url, token, 21, current_etag(store_copy)).status_code == 201
    assert rounds_in(dataset(store_copy)) == {"21"}


def _try(send, *args):
    try:
        return send(*args)
    except requests.ConnectionError as error:
        return error


@contextmanager
def small_disk(path: Path, megabytes: int):
    """A tmpfs of ``megabytes`` mounted at ``path`` (the tests run as root, as CI does)."""
    path.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(path)], check=True)
    try:
        yield path
    finally:
        gc.collect()
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_full_disk_during_a_write_is_an_error_and_the_store_reopens_cleanly(tmp_path, served_store):
    current = (served_store / "CURRENT").read_text().strip()
    size = sum(f.stat().st_size for name in (current, f"{current}.derived")
               for f in (served_store / name).rglob("*") if f.is_file())
    with small_disk(tmp_path / "disk", megabytes=size // 2**20 + 2) as disk:
        directory = disk / "store"
        directory.mkdir()
        for name in (current, f"{current}.derived", "CURRENT"):
            source = served_store / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, directory / name)
        token = token_file(str(directory)).create("anna", "curator")
        before = dataset(directory)
        client = create_app({"STORE": str(directory), **APP_CONFIG}).test_client()
        response = edit_homepage(client, token, "https://almi.se/far-inte-plats")
        assert response.status_code == 507
        assert "No space left on device" in response.json["error"]["message"]
        assert client.get(ACTOR).json["label"] == "Almi Företagspartner Sörmland"  # still reads
        gc.collect()
        assert dataset(directory) == before  # reopened by a fresh handle: the old data, whole
        assert sorted(p.name for p in directory.iterdir() if p.is_dir()) == [current, f"{current}.derived"]
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        assert edit_homepage(client, token, "https://almi.se/nu-far-den-plats").status_code == 200
        assert any(q.object.value == "https://almi.se/nu-far-den-plats" for q in dataset(directory))


# --- several workers on one store ------------------------------------------------------------------

COUNT = f"""SELECT (COUNT(?label) AS ?n) (MIN(SUBSTR(?label, 9, 2)) AS ?first)
                   (MAX(SUBSTR(?label, 9, 2)) AS ?last)
WHERE {{ GRAPH <{GRAPH}> {{ ?project <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}
        FILTER(STRSTARTS(?label, "Projekt ")) }}"""


def test_several_workers_serve_one_store_one_writes_and_readers_see_whole_snapshots(store_copy):
    token = token_file(str(store_copy)).create("admin", "admin")
    seen, failures, stop = [], [], threading.Event()
    with server(store_copy, workers=3) as (url, process):
        children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True)
        assert len(children.stdout.split()) == 3

        def read(address: str) -> None:
            session = requests.Session()
            session.mount("http://", _SourceAddress(address))
            while not stop.is_set():
                answer = session.get(f"{url}/sparql", params={"query": COUNT},
                                     headers={"Accept": "application/sparql-results+json"}, timeout=60)
                if answer.status_code != 200:
                    failures.append(answer.status_code)
                    continue
                row = answer.json()["results"]["bindings"][0]
                seen.append((int(row["n"]["value"]), row.get("first", {}).get("value"),
                             row.get("last", {}).get("value")))

        readers = [threading.Thread(target=read, args=(f"127.0.0.{n}",)) for n in (2, 3, 4)]
        for reader in readers:
            reader.start()
        try:
            for round_ in range(1, 5):
                response = import_request(url, token, round_, current_etag(store_copy))
                assert response.status_code == 201, response.text
        finally:
            stop.set()
            for reader in readers:
                reader.join()
        changes = requests.get(f"{url}/api/v1/changes", timeout=30).json()["items"]
        last = [requests.get(f"{url}/sparql", params={"query": COUNT}, timeout=30,
                             headers={"Accept": "application/sparql-results+json"}).json()
                for _ in range(6)]  # whichever workers answer
    assert not failures
    assert [c["reason"] for c in changes if c["action"] == "import"] == [f"omgång {n}" for n in (4, 3, 2, 1)]
    # Each answer saw one whole import (200 projects of one round) or none, never a mixture.
    assert len(seen) > 20
    assert all(n == 0 or (n == 200 and first == last) for n, first, last in seen), set(seen)
    for answer in last:  # every worker has moved on to the last import
        row = answer["results"]["bindings"][0]
        assert (row["n"]["value"], row["first"]["value"]) == ("200", "04")


class _SourceAddress(requests.adapters.HTTPAdapter):
    """Connections from one loopback address (each reader is a client of its own)."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)
