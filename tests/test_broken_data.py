"""Broken data is refused with a message naming file, row and problem; the store is unchanged."""

import csv
import gc
import io
import unicodedata

import pyoxigraph as ox
import pytest

from api.cli import main
from graph.ingest import prepare
from graph.namespaces import SKOS, entity
from graph.store import GraphStore

VG = "003-vg-delregionala-2020"
MR = "004-mojligheternas-region"


@pytest.fixture
def store_with_good_data(tmp_path, nquads):
    """A store directory that holds the bundled data, closed again for the CLI to open."""
    directory = tmp_path / "store"
    store = GraphStore.open(directory)
    store.replace(nquads)
    del store
    gc.collect()
    return directory


def snapshot(directory) -> list[bytes]:
    store = GraphStore.open(directory, read_only=True)
    output = io.BytesIO()
    store.dump(output, ox.RdfFormat.N_QUADS)
    del store
    gc.collect()
    return sorted(output.getvalue().splitlines())


def edit_rows(path, change):
    """Rewrite a CSV file through ``change(header, rows) -> (header, rows)``."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header, *body = list(reader)
    header, body = change(header, body)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *body])


def set_cell(path, key_column, key, column, value) -> int:
    """Set one cell of the row whose ``key_column`` is ``key``; return its spreadsheet row."""
    found = {}

    def change(header, body):
        for number, row in enumerate(body, start=2):
            if row[header.index(key_column)] == key:
                row[header.index(column)] = value
                found["row"] = number
        return header, body

    edit_rows(path, change)
    return found["row"]


def drop_column(header, body, column):
    index = header.index(column)
    return [c for i, c in enumerate(header) if i != index], [
        [c for i, c in enumerate(row) if i != index] for row in body]


def load_broken(runner, directory, data):
    before = snapshot(directory)
    result = runner.invoke(main, ["--store", str(directory), "load", str(data)])
    assert result.exit_code == 1
    assert "Nothing was written" in result.output
    assert snapshot(directory) == before
    return result.output


def test_missing_column(runner, store_with_good_data, data_copy):
    projects = data_copy / MR / "projects.csv"
    edit_rows(projects, lambda header, body: drop_column(header, body, "description"))
    output = load_broken(runner, store_with_good_data, data_copy)
    assert f"{MR}/projects.csv" in output
    assert "missing column 'description'" in output


def test_non_numeric_amount(runner, store_with_good_data, data_copy):
    projects = data_copy / VG / "projects.csv"
    row = set_cell(projects, "label", "Drivhuset FRAMSTEG!", "total_cost", "215 000 kr")
    output = load_broken(runner, store_with_good_data, data_copy)
    line = next(line for line in output.splitlines() if f"{VG}/projects.csv" in line)
    assert f"  {row}  " in line and "total_cost" in line and "'215 000 kr' is not an amount" in line


def test_unknown_kommun_code(runner, store_with_good_data, data_copy):
    actors = data_copy / "actors" / "actors.csv"
    row = set_cell(actors, "key", "kommun-0484", "based_in", "kommun:0499")
    output = load_broken(runner, store_with_good_data, data_copy)
    line = next(line for line in output.splitlines() if "actors/actors.csv" in line)
    assert f"  {row}  " in line and "based_in" in line and "unknown place 'kommun:0499'" in line


def test_duplicate_key(runner, store_with_good_data, data_copy):
    projects = data_copy / VG / "projects.csv"
    edit_rows(projects, lambda header, body: (header, body + [body[0]]))
    output = load_broken(runner, store_with_good_data, data_copy)
    assert f"{VG}/projects.csv" in output
    assert "duplicate of row 2: vg2020-bor-01" in output


def test_role_outside_its_scheme(runner, store_with_good_data, data_copy):
    participants = data_copy / VG / "participants.csv"

    def change(header, body):
        body[0][header.index("role")] = "huvudman"
        return header, body

    edit_rows(participants, change)
    output = load_broken(runner, store_with_good_data, data_copy)
    line = next(line for line in output.splitlines() if f"{VG}/participants.csv" in line)
    assert "  2  " in line and "'huvudman' is not in the concept scheme 'roll'" in line


def test_start_after_end_is_refused_by_the_shapes(runner, store_with_good_data, data_copy):
    projects = data_copy / MR / "projects.csv"
    set_cell(projects, "key", "mojligheternas-region", "end", "2014-12-31")
    output = load_broken(runner, store_with_good_data, data_copy)
    assert "project/mojligheternas-region: starts (2015-09-01) after it ends (2014-12-31)" in output


def test_a_file_that_is_not_utf8_is_refused(runner, store_with_good_data, data_copy):
    locators = data_copy / MR / "locators.csv"
    locators.write_bytes(locators.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    output = load_broken(runner, store_with_good_data, data_copy)
    assert f"{MR}/locators.csv" in output and "not UTF-8" in output


def test_names_are_stored_nfc_normalised(data_copy):
    actors = data_copy / "actors" / "actors.csv"
    decomposed = unicodedata.normalize("NFD", "Region Örebro län")
    set_cell(actors, "key", "region-18", "pref_label", decomposed)
    prepared = prepare([data_copy])
    assert prepared.ok
    labels = {str(o) for _, _, o, _ in prepared.build.dataset.quads(
        (entity("actor", "region-18"), SKOS.prefLabel, None, None))}
    assert labels == {"Region Örebro län"}
