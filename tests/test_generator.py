"""The national-scale generator (bench.generate): the same seed gives the same data, another seed
other data, the real loader takes it without a violation, and it has the country's shape.

Size XS (450 actors, 300 projects): SHACL validation of S takes longer than this file's budget.
The data is generated and prepared once for the module (it is only read).
"""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode

from bench.generate import SIZES, generate, main
from graph.build import build_dataset, ontology_graph
from graph.datafiles import BUNDLED_DATA, read_catalog
from graph.ingest import prepare
from graph.namespaces import DCTERMS, EURIO, ORG, RDF, SCHEMA, concept, entity, graph_iri

ROOT = Path(__file__).resolve().parent.parent
SIZE, SEED = "XS", 7
OWNER_ROLES = {concept("roll", "projektagare"), concept("roll", "ansvarig")}


def _reference(name: str) -> list[dict]:
    with open(BUNDLED_DATA / "reference" / name, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


KOMMUNER = [row["municipality_code"] for row in _reference("municipalities.csv")]
LAN = [row["county_code"] for row in _reference("counties.csv")]


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> tuple[Path, dict]:
    """A generated data root and the generator's summary of it."""
    out = tmp_path_factory.mktemp("national") / "data"
    return out, generate(out, SIZE, SEED)


@pytest.fixture(scope="module")
def national_prepared(national):
    """The generated data through the real loader (references, printed totals, SHACL)."""
    return prepare([national[0]])


def _files(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


def _sorted_nquads(root: Path) -> list[bytes]:
    build = build_dataset(read_catalog([root]), ontology_graph())
    assert not any(isinstance(term, BNode) for quad in build.dataset.quads() for term in quad)
    return sorted(build.nquads().splitlines())


def _quads(prepared, predicate):
    return prepared.build.dataset.quads((None, predicate, None, None))


def test_the_same_seed_gives_identical_files_and_graphs(national, tmp_path):
    root, summary = national
    again = tmp_path / "again"
    assert generate(again, SIZE, SEED) == summary
    first, second = _files(root), _files(again)
    assert len(first) == summary["files"] and list(first) == list(second)
    assert [name for name in first if first[name] != second[name]] == []
    # The builds have no blank nodes, so two datasets are isomorphic exactly when their sorted
    # N-Quads are equal (rdflib.compare would canonicalise blank nodes that do not exist).
    assert _sorted_nquads(root) == _sorted_nquads(again)


def test_the_files_do_not_depend_on_the_hash_seed(national, tmp_path):
    """Another process with another PYTHONHASHSEED writes the same bytes (no set or hash order leaks)."""
    out = tmp_path / "other-process"
    environment = {**os.environ, "PYTHONHASHSEED": "4711"}
    command = [sys.executable, "-m", "bench.generate", "--size", SIZE, "--seed", str(SEED), "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=environment)
    assert _files(out) == _files(national[0])


def test_another_seed_gives_other_data(national, tmp_path):
    root, summary = national
    other = generate(tmp_path / "other", SIZE, SEED + 1)
    first, second = _files(root), _files(tmp_path / "other")
    assert first["actors/actors.csv"] != second["actors/actors.csv"]
    assert first["007-kalmar/projects.csv"] != second["007-kalmar/projects.csv"]
    assert other["grant_amounts"] != summary["grant_amounts"]
    assert (other["actors"], other["projects"]) == (summary["actors"], summary["projects"]) == (
        SIZES[SIZE].actors, SIZES[SIZE].projects)


def test_the_loader_takes_it_without_a_violation(national, national_prepared):
    assert national_prepared.ok, "\n".join(map(str, national_prepared.violations[:10]))
    assert national_prepared.violations == []
    summary = national[1]
    assert len(national_prepared.catalog.sources) == summary["sources"] == 22
    dataset = national_prepared.build.dataset
    for kind, name in ((EURIO.Project, "projects"), (EURIO.Grant, "grants"), (SCHEMA.Service, "services"),
                       (ORG.OrganizationalCollaboration, "networks"), (ORG.Membership, "memberships"),
                       (EURIO.OrganisationRole, "participants")):
        assert len({s for s, *_ in dataset.quads((None, RDF.type, kind, None))}) == summary[name], name
    assert len({s for s, *_ in dataset.quads((None, RDF.type, ORG.Organization, None))}) == summary["actors"]


def test_every_kommun_and_lan_is_an_actor_and_a_place_served(national_prepared):
    actors = {str(record["key"]) for record in national_prepared.catalog.actors}
    assert {f"kommun-{code}" for code in KOMMUNER} <= actors and len(KOMMUNER) == 290
    assert {f"region-{code}" for code in LAN} <= actors and len(LAN) == 21
    served = {o for _, _, o, _ in _quads(national_prepared, SCHEMA.areaServed)}
    assert {entity("kommun", code) for code in KOMMUNER} <= served
    assert {entity("lan", code) for code in LAN} | {entity("land", "SE")} <= served


def test_every_project_has_exactly_one_owner(national_prepared):
    dataset = national_prepared.build.dataset
    owners = Counter()
    roles = {s: o for s, _, o, _ in dataset.quads((None, DCTERMS.type, None, None))}
    for project, _, party, _ in dataset.quads((None, EURIO.hasInvolvedParty, None, None)):
        owners[project] += roles[party] in OWNER_ROLES
    projects = {s for s, _, _, _ in dataset.quads((None, RDF.type, EURIO.Project, None))}
    assert len(projects) == SIZES[SIZE].projects
    assert {project: owners[project] for project in projects if owners[project] != 1} == {}


def test_participation_is_skewed(national_prepared):
    taking_part = Counter(o for _, _, o, _ in _quads(national_prepared, EURIO.isRoleOf))
    busiest, count = taking_part.most_common(1)[0]
    median = statistics.median(taking_part.values())
    assert count >= 10 * median, (busiest, count, median)
    assert median <= 3
    types = {s: o for s, _, o, _ in _quads(national_prepared, ORG.classification)}
    hubs = ("region", "statlig-myndighet", "statligt-bolag")
    assert types[busiest] in {concept("aktorstyp", kind) for kind in hubs}


def test_grant_sums_per_source_are_what_the_generator_says(national, national_prepared):
    dataset = national_prepared.build.dataset
    values = {s: Decimal(str(o)) for s, _, o, _ in dataset.quads((None, EURIO.value, None, None))}
    sums = Counter()
    for _, _, amount, graph in dataset.quads((None, EURIO.hasFundingAmount, None, None)):
        sums[graph] += values[amount]
    expected = {graph_iri(key): Decimal(total) for key, total in national[1]["grant_amounts"].items()}
    assert {graph: sums[graph] for graph in expected} == expected
    assert sum(expected.values()) > 0


def test_the_command_line_writes_a_data_root_and_refuses_a_full_folder(tmp_path, capsys):
    assert main(["--size", SIZE, "--seed", "1", "--out", str(tmp_path / "cli")]) == 0
    assert (tmp_path / "cli" / "actors" / "actors.csv").is_file()
    assert f"projects      {SIZES[SIZE].projects}" in capsys.readouterr().out
    with pytest.raises(FileExistsError):
        generate(tmp_path / "cli", SIZE, 1)
