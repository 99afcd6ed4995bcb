"""The same insats printed twice by a source is one insats: Sörmland's action plan prints "Almi
basuppdrag" in Tabell 4 and Tabell 7 and its four Nyföretagarcentrum in Tabell 4 and Tabell 9.
Both rows stay records (each citing its table), linked as data (projects.csv ``same_as`` →
``ak:duplicateOf`` in the source's graph), checked by the loader and the shapes, and shown on
the project pages."""

from __future__ import annotations

import csv
import re

import pytest

from graph.ingest import prepare
from graph.namespaces import AK, DCTERMS, entity, graph_iri
from graph.validate import shacl_problems
from tests.answers import get_json, page
from tests.sources import source_rows, source_text

SORMLAND = "001-sormland-handlingsplan"
#: later printing → first printing, as the plan prints them.
PRINTED_TWICE = {"sormland-t07-1": "sormland-t04-1", "sormland-t09-1": "sormland-t04-2"}
GRAPH = graph_iri("sormland-handlingsplan")


def rows() -> dict[str, dict]:
    return {row["key"]: row for row in source_rows(f"{SORMLAND}/projects.csv")}


def table_of(text: str, number: str) -> str:
    """What the plan prints from the caption ``Tabell N.`` to the next table's (PDF line breaks
    folded)."""
    start = text.index(f"Tabell {number}.")
    end = re.search(r"Tabell \d+\.", text[start + 10:])
    return " ".join(text[start:start + 10 + (end.start() if end else 4000)].split())


def test_the_plan_prints_the_two_insatser_twice():
    text = source_text(SORMLAND)
    assert "Almi basuppdrag" in table_of(text, "4") and "Almi basuppdrag" in table_of(text, "7")
    assert "Sörmlands fyra Nyföretagarcentrum (NFC)" in table_of(text, "4")
    assert "Sörmlands fyra nyföretagarcentra (NFC)" in table_of(text, "9")
    found = rows()
    for key, first in PRINTED_TWICE.items():
        assert found[key]["same_as"] == first
        assert found[key]["locator"] != found[first]["locator"]


def test_every_other_row_is_printed_once():
    linked = {key for key, row in rows().items() if row["same_as"]}
    assert linked == set(PRINTED_TWICE)
    assert all("same_as" not in row or not row["same_as"]
               for row in source_rows("*/projects.csv") if row["key"] not in PRINTED_TWICE)


def test_the_link_is_data_in_the_sources_graph(prepared):
    dataset = prepared.build.dataset
    for key, first in PRINTED_TWICE.items():
        quads = list(dataset.quads((entity("project", key), AK.duplicateOf, None, None)))
        assert [(o, g) for _, _, o, g in quads] == [(entity("project", first), GRAPH)]
        # both records stay, each citing its own table
        for record in (key, first):
            cited = {str(o) for _, _, o, _ in dataset.quads((entity("project", record), DCTERMS.source,
                                                               None, None))}
            assert cited == {f"{entity('document', 'sormland-handlingsplan')}/{rows()[record]['locator']}"}


def test_the_project_pages_say_which_record_is_the_same_insats(client):
    almi = get_json(client, "/api/v1/projects/sormland-t07-1")
    assert [other["key"] if "key" in other else other["path"].rsplit("/", 1)[-1]
            for other in almi["same_insats"]] == ["sormland-t04-1"]
    assert almi["same_insats"][0]["sources"][0]["section"].startswith("Tabell 4.")
    first = get_json(client, "/api/v1/projects/sormland-t04-2")
    assert [other["path"] for other in first["same_insats"]] == ["/id/project/sormland-t09-1"]
    assert get_json(client, "/api/v1/projects/sormland-t04-3")["same_insats"] == []
    html = page(client, "/id/project/sormland-t09-1")
    assert "Samma insats som" in html and 'href="/id/project/sormland-t04-2"' in html


# --- the loader and the shapes refuse a broken link ------------------------------------------

def set_same_as(folder, key: str, value: str) -> None:
    path = folder / SORMLAND / "projects.csv"
    with path.open(encoding="utf-8", newline="") as file:
        table = list(csv.DictReader(file))
    for row in table:
        if row["key"] == key:
            row["same_as"] = value
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


@pytest.mark.parametrize(("value", "message"), [
    ("sormland-nope", "unknown project 'sormland-nope'"),
    ("sormland-t04-3", None),  # any other project is accepted
    ("sormland-t07-2", None),
])
def test_the_loader_checks_the_link(data_copy, value, message):
    set_same_as(data_copy, "sormland-t07-1", value)
    problems = [(p.field, p.message) for p in prepare([data_copy]).violations]
    assert problems == ([("same_as", message)] if message else [])


def test_a_record_cannot_be_the_same_insats_as_itself(data_copy):
    set_same_as(data_copy, "sormland-t07-1", "sormland-t07-1")
    problems = prepare([data_copy]).violations
    row = 2 + list(rows()).index("sormland-t07-1")  # the header is row 1
    assert [(p.row, p.field, p.message) for p in problems] == [
        (row, "same_as", "points to its own row: same_as names this project itself")]


def test_a_table_without_the_column_still_reads(data_copy):
    path = data_copy / SORMLAND / "projects.csv"
    with path.open(encoding="utf-8", newline="") as file:
        table = list(csv.DictReader(file))
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, [c for c in table[0] if c != "same_as"], extrasaction="ignore",
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    result = prepare([data_copy])
    assert result.ok
    assert not list(result.build.dataset.quads((None, AK.duplicateOf, None, None)))


def test_the_shapes_want_a_project_and_another_one():
    build = prepare().build
    tourism, industry = entity("project", "sormland-t04-3"), entity("project", "sormland-t05-1")
    build.dataset.add((tourism, AK.duplicateOf, entity("actor", "almi-sormland"), GRAPH))
    build.dataset.add((industry, AK.duplicateOf, industry, GRAPH))
    problems = {p.message for p in shacl_problems(build)[0]}
    assert "project/sormland-t04-3: the same insats as (same_as) must be one project" in problems
    assert "project/sormland-t05-1: is marked the same insats as itself (same_as names its own key)" \
        in problems
