"""A new load of the data files keeps the curators' work: their edits are applied again, imported
documents and the change log stay, and changes that conflict with the new data refuse the load.
"""

from __future__ import annotations

import csv
import gc
import io
import shutil
from pathlib import Path

import pytest

from api import create_app
from api.cli import main
from graph.curation.tokens import token_file
from graph.store import GraphStore
from tests.conftest import APP_CONFIG
from tests.test_curation import NEW_DOCUMENT

ACTOR = "/api/v1/actors/almi-sormland"
MEMBERS = "/api/v1/networks/sormland-naringslivsansvariga/members"


@pytest.fixture
def curated_store(tmp_path, served_store) -> Path:
    """A copy of the bundled store with an edit, a membership of Syna and an imported document."""
    directory = tmp_path / "store"
    shutil.copytree(served_store, directory)
    curator = token_file(str(directory)).create("anna", "curator")
    admin = token_file(str(directory)).create("admin", "admin")
    client = create_app({"STORE": str(directory), **APP_CONFIG}).test_client()
    edit = client.patch(ACTOR, json={"homepage": "https://www.almi.se/sormland", "reason": "webbadress"},
                        headers={"Authorization": f"Bearer {curator}",
                                 "If-Match": client.get(ACTOR).headers["ETag"]})
    member = client.post(MEMBERS, json={"actor": "syna", "reason": "medlem sedan 2025"},
                         headers={"Authorization": f"Bearer {curator}"})
    imported = client.post("/api/v1/imports", headers={"Authorization": f"Bearer {admin}"}, data={
        "document": "nykoping-plan", "title": "Nyköpings näringslivsplan", "reason": "ny plan",
        "file": (io.BytesIO(NEW_DOCUMENT.encode()), "plan.ttl", "text/turtle")})
    assert (edit.status_code, member.status_code, imported.status_code) == (200, 201, 201)
    del client
    gc.collect()
    return directory


def service(directory: Path):
    return create_app({"STORE": str(directory), **APP_CONFIG}).test_client()


def member_labels(client) -> list[str]:
    return sorted(item["label"] for item in client.get(f"{MEMBERS}?limit=500").json["items"])


def test_a_new_load_applies_the_curated_changes_again(runner, curated_store):
    result = runner.invoke(main, ["--store", str(curated_store), "load"])
    assert result.exit_code == 0, result.output
    assert "2 curated change(s) again and keeping 1 imported document(s)" in result.output
    client = service(curated_store)
    actor = client.get(ACTOR).json
    assert actor["homepage"] == "https://www.almi.se/sormland"
    assert actor["changed"]["reason"] == "webbadress"
    assert "Syna" in member_labels(client)
    project = client.get("/api/v1/projects/nykoping-etablering").json
    assert [owner["label"] for owner in project["owners"]] == ["Nyköpings kommun"]
    assert [change["reason"] for change in client.get("/api/v1/changes").json["items"]] == \
        ["ny plan", "medlem sedan 2025", "webbadress"]


def test_discard_changes_loads_the_files_alone(runner, curated_store):
    result = runner.invoke(main, ["--store", str(curated_store), "load", "--discard-changes"])
    assert result.exit_code == 0, result.output
    client = service(curated_store)
    assert client.get(ACTOR).json["changed"] is None
    assert "Syna" not in member_labels(client)
    assert client.get("/api/v1/projects/nykoping-etablering").status_code == 404
    assert client.get("/api/v1/changes").json["items"] == []


def test_changes_that_conflict_with_the_new_files_refuse_the_load(runner, curated_store, data_copy):
    # The new files no longer have Syna, whom a curator made a member of a network.
    for table in (data_copy / "actors" / "actors.csv",
                  data_copy / "001-sormland-handlingsplan" / "mentions.csv"):
        with table.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        with table.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(r for r in rows if r[0] != "syna")
    before = set(GraphStore.open(curated_store, read_only=True).quads())
    gc.collect()
    result = runner.invoke(main, ["--store", str(curated_store), "load", str(data_copy)])
    assert result.exit_code == 1
    assert "a curated change conflicts with the data" in result.output and "syna" in result.output
    assert set(GraphStore.open(curated_store, read_only=True).quads()) == before
