"""Broken data is refused with a message naming file, row and problem; the store is unchanged."""

import csv
import gc
import io
import unicodedata

import pyoxigraph as ox
import pytest
from rdflib import Literal

from api.cli import main
from graph.ingest import prepare
from graph.namespaces import DCTERMS, EURIO, SCHEMA, SKOS, XSD, entity, graph_iri
from graph.store import GraphStore
from graph.validate import shacl_problems
from tests.conftest import copy_data

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


@pytest.mark.parametrize(("column", "value", "message"), [
    ("homepage", "javascript:alert(1)", "'javascript:alert(1)' is not a web address"),
    ("homepage", "regionkalmar.se", "'regionkalmar.se' is not a web address"),
    ("email", "ma(at)futureplaceleadership.com", "is not an e-mail address"),
    ("phone", "ring växeln", "'ring växeln' is not a Swedish telephone number"),
])
def test_a_contact_detail_that_is_none_is_refused(runner, store_with_good_data, data_copy, column, value,
                                                  message):
    actors = data_copy / "actors" / "actors.csv"
    row = set_cell(actors, "key", "future-place-leadership", column, value)
    output = load_broken(runner, store_with_good_data, data_copy)
    line = next(line for line in output.splitlines() if "actors/actors.csv" in line)
    assert f"  {row}  " in line and column in line and message in line


def test_start_after_end_is_refused_by_the_shapes(runner, store_with_good_data, data_copy):
    projects = data_copy / MR / "projects.csv"
    set_cell(projects, "key", "mojligheternas-region", "end", "2014-12-31")
    output = load_broken(runner, store_with_good_data, data_copy)
    assert "project/mojligheternas-region: starts (2015-09-01) after it ends (2014-12-31)" in output


def test_a_hierarchy_deeper_than_the_queries_follow_is_refused(runner, store_with_good_data, data_copy):
    """The queries follow a hierarchy three steps up (graph/named_queries.py); a cycle never ends."""
    concepts = data_copy / SORMLAND / "concepts.csv"
    set_cell(concepts, "key", "forutsattningar-och-framtid", "broader", "samverka-foretagsklimat")
    output = load_broken(runner, store_with_good_data, data_copy)
    assert ("concept/sormland-nls/samverka-foretagsklimat: lies more than three steps down its hierarchy"
            in output)


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


# --- Checks run as one query over the whole dataset (graph/validate.py DATASET_CONSTRAINTS) --

KALMAR = "000-kalmar-investeringssamverkan"
SORMLAND = "001-sormland-handlingsplan"
VG_SOURCE = "vg-delregionala-2020"  # the key of VG's source document and named graph
NO_OWNER = "has no owner (a participant with role projektagare or ansvarig)"


def row_of(path, key) -> int:
    """The spreadsheet row of the record ``key`` in a data table."""
    with path.open(encoding="utf-8", newline="") as handle:
        return next(number for number, row in enumerate(csv.DictReader(handle), start=2)
                    if row["key"] == key)


def drop_parties(path, project, actor=None):
    """Remove a project's owners (``projektagare``/``ansvarig``), or only ``actor``'s roles."""
    def keep(header, row):
        if row[header.index("project")] != project:
            return True
        if actor:
            return row[header.index("actor")] != actor
        return row[header.index("role")] not in ("projektagare", "ansvarig")

    edit_rows(path, lambda header, body: (header, [row for row in body if keep(header, row)]))


def about(problems, focus) -> list[tuple]:
    """The problems whose node is ``focus`` (``project/<key>``), as (file, row, field, message,
    severity) with the file from its source folder on."""
    return [("/".join(p.file.split("/")[-2:]), p.row, p.field, p.message.removeprefix(f"{focus}: "),
             p.severity) for p in problems if p.message.startswith(f"{focus}: ")]


@pytest.fixture(scope="module")
def broken_projects(tmp_path_factory):
    """One copy of the bundled data with many projects broken, each its own way, prepared once:
    (the copy, its problems)."""
    data = copy_data(tmp_path_factory.mktemp("broken") / "data")
    projects, participants = data / VG / "projects.csv", data / VG / "participants.csv"
    for project in ("vg2020-bor-01", "vg2020-bor-02", "vg2020-bor-03", "vg2020-bor-04",
                    "vg2020-bor-06"):
        drop_parties(participants, project)
    drop_parties(participants, "vg2020-bor-05", actor="hogskolan-i-boras")  # one of two owners
    set_cell(projects, "key", "vg2020-bor-02", "status", "föreslagen")
    set_cell(projects, "key", "vg2020-bor-03", "status", "kommande")
    set_cell(projects, "key", "vg2020-bor-04", "owner_stated", "nej")
    set_cell(participants, "project", "vg2020-bor-07", "role", "ansvarig")  # its only row
    set_cell(projects, "key", "vg2020-ska-07", "start", "2020-02-30")
    set_cell(data / MR / "projects.csv", "key", "mojligheternas-region", "end", "2014-12-31")
    set_cell(data / KALMAR / "projects.csv", "key", "kalmar-investeringssamverkan", "end", "2022")
    set_cell(data / SORMLAND / "projects.csv", "key", "sormland-t01-2", "end", "2024-12")
    set_cell(data / KALMAR / "activities.csv", "key", "kalmar-inv-run-2023-03-15", "end", "2023-03-14")
    return data, prepare([data]).problems


def test_a_project_without_an_owner_is_refused(broken_projects):
    data, problems = broken_projects
    # Ung Företagsamhet is left with no party at all, Connect Sverige's project with its two
    # samverkansparter: neither has a projektägare.
    for project in ("vg2020-bor-01", "vg2020-bor-06"):
        row = row_of(data / VG / "projects.csv", project)
        assert about(problems, f"project/{project}") == [
            (f"{VG}/projects.csv", row, None, NO_OWNER, "Violation")]


def test_one_owner_of_two_is_enough_and_ansvarig_is_an_owner(broken_projects):
    _, problems = broken_projects
    assert about(problems, "project/vg2020-bor-05") == []
    assert about(problems, "project/vg2020-bor-07") == []


def test_a_proposed_or_announced_project_may_have_no_owner_yet(broken_projects):
    _, problems = broken_projects
    assert about(problems, "project/vg2020-bor-02") == []
    assert about(problems, "project/vg2020-bor-03") == []


def test_where_the_source_names_no_owner_it_is_only_a_warning(broken_projects):
    data, problems = broken_projects
    row = row_of(data / VG / "projects.csv", "vg2020-bor-04")
    assert about(problems, "project/vg2020-bor-04") == [
        (f"{VG}/projects.csv", row, None, "the source names no project owner", "Warning")]


def test_a_project_or_activity_that_starts_after_it_ends_is_refused(broken_projects):
    data, problems = broken_projects
    assert ((f"{MR}/projects.csv", 2, None, "starts (2015-09-01) after it ends (2014-12-31)",
             "Violation") in about(problems, "project/mojligheternas-region"))
    row = row_of(data / KALMAR / "activities.csv", "kalmar-inv-run-2023-03-15")
    assert about(problems, "activity/kalmar-inv-run-2023-03-15") == [
        (f"{KALMAR}/activities.csv", row, None, "starts (2023-03-15) after it ends (2023-03-14)",
         "Violation")]


def test_dates_are_compared_as_far_as_the_less_precise_one_is_printed(broken_projects):
    data, problems = broken_projects
    row = row_of(data / SORMLAND / "projects.csv", "sormland-t01-2")
    assert about(problems, "project/sormland-t01-2") == [
        (f"{SORMLAND}/projects.csv", row, None, "starts (2025) after it ends (2024-12)", "Violation")]
    assert about(problems, "project/kalmar-investeringssamverkan") == []  # 2022-04 to 2022


def test_a_day_that_does_not_exist_is_refused(broken_projects):
    data, problems = broken_projects
    row = row_of(data / VG / "projects.csv", "vg2020-ska-07")
    assert about(problems, "project/vg2020-ska-07") == [
        (f"{VG}/projects.csv", row, "s66#startDate",
         "'2020-02-30' is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD, typed xsd:gYear, "
         "xsd:gYearMonth or xsd:date)", "Violation")]


def test_nothing_else_is_found_in_the_broken_copy(broken_projects, prepared):
    _, problems = broken_projects
    broken = {"vg2020-bor-01", "vg2020-bor-04", "vg2020-bor-06", "vg2020-ska-07",
              "mojligheternas-region", "sormland-t01-2", "kalmar-inv-run-2023-03-15"}
    expected = len(prepared.problems) + len(broken)
    assert len(problems) == expected, "\n".join(map(str, problems))


@pytest.fixture(scope="module")
def broken_graph():
    """The bundled data built, then broken in the graph where no data file can break it, and
    validated: the problems."""
    build = prepare().build
    dataset = build.dataset

    def replace(key, predicate, value):
        project = entity("project", key)
        (_, _, _, graph), = dataset.quads((project, predicate, None, None))
        dataset.remove((project, predicate, None, graph))
        dataset.add((project, predicate, value, graph))

    replace("vg2020-bor-08", DCTERMS.source, entity("kommun", "1490"))  # a place
    # A governing document the source names (ak:Document), not the source document itself.
    replace("vg2020-bor-09", DCTERMS.source, entity("document", "borasregionen-genomforandeplan"))
    replace("vg2020-bor-10", DCTERMS.source, entity("document", VG_SOURCE))  # the source
    dataset.add((entity("project", "vg2020-bor-11"), EURIO.startDate, Literal("2020"),
                 graph_iri(VG_SOURCE)))
    dataset.add((entity("project", "vg2020-bor-12"), EURIO.startDate,
                 Literal("2020-04", datatype=XSD.date), graph_iri(VG_SOURCE)))
    dataset.add((entity("project", "vg2020-bor-13"), EURIO.startDate,
                 Literal("2020-04", datatype=XSD.gYearMonth), graph_iri(VG_SOURCE)))
    # Contact details an RDF import could bring, past the register's own column parsers.
    region = entity("actor", "region-04")
    for predicate, value in ((SCHEMA.url, Literal("javascript:alert(1)", datatype=XSD.anyURI)),
                             (SCHEMA.email, Literal("region sörmland")),
                             (SCHEMA.telephone, Literal("12345"))):
        dataset.add((region, predicate, value, graph_iri("register")))
    return shacl_problems(build)[0]


def test_a_source_that_is_neither_a_locator_nor_a_source_document_is_refused(broken_graph):
    message = "must point to where it was printed (dct:source → a locator)"
    for project in ("vg2020-bor-08", "vg2020-bor-09"):
        assert [(field, text) for _, _, field, text, _ in about(broken_graph, f"project/{project}")] == [
            ("source", message)]
    assert about(broken_graph, "project/vg2020-bor-10") == []


def test_contact_details_that_are_none_are_refused_by_the_shapes(broken_graph):
    assert sorted(text for _, _, _, text, _ in about(broken_graph, "actor/region-04")) == [
        "a telephone number is Swedish: 0XX-XXX XX XX or +46 XX XXX XX XX",
        "a web address is http:// or https:// with a host (xsd:anyURI)",
        "an e-mail address is written namn@exempel.se"]


def test_a_date_typed_other_than_its_text_is_refused(broken_graph):
    def fields(project):
        return [(field, text) for _, _, field, text, _ in about(broken_graph, f"project/{project}")]

    assert fields("vg2020-bor-11") == [("s66#startDate", "'2020' is not a valid date (YYYY, YYYY-MM "
                                        "or YYYY-MM-DD, typed xsd:gYear, xsd:gYearMonth or xsd:date)")]
    assert fields("vg2020-bor-12") == [("s66#startDate", "'2020-04' is not a valid date (YYYY, "
                                        "YYYY-MM or YYYY-MM-DD, typed xsd:gYear, xsd:gYearMonth or "
                                        "xsd:date)")]
    assert fields("vg2020-bor-13") == []
