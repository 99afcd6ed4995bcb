"""The benchmarks run: their smoke sizes finish and print every table with its ratios.

No timing is asserted (times on a shared machine are noise); the full run's figures are in
bench/README.md.
"""

import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from bench.national_stores import NO_QUERIES
from tests.sources import actor_register, source_rows

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "baseline: bare nx.Graph from the rows"
STEPS = (
    BASELINE, "Model(rows) + collaboration", "bipartite", "funding_flow",
    "node_metrics", "ecosystem_view", "ego_view depth 1", "ego_view depth 2", "path_view",
    "drawing.draw", "json.dumps of the drawing", "pyvis add_node/add_edge",
    "Snapshot.to_bytes", "Snapshot.from_bytes",
)
STORE_STEPS = ("fetch_rows (SPARQL", "snapshot.compute(store)")
#: A table row: the step, seconds per call, runs x calls, the ratio to the baseline ("12.3x"), a note.
ROW = re.compile(r"^(?P<step>.+?)\s+(?P<seconds>\d+\.\d+)\s+(?P<runs>\d+x\d+)\s+(?P<ratio>\d+\.\d)x"
                 r"(\s+(?P<note>.*))?$")


def tables(output: str) -> dict[str, dict[str, tuple[str, str]]]:
    """Title → step → (ratio, note), for every table printed."""
    found = {}
    for block in output.split("\n== ")[1:]:
        title, _, body = block.partition(" ==\n")
        found[title] = {match["step"]: (match["ratio"], match["note"])
                        for match in map(ROW.match, body.splitlines()) if match}
    return found


def test_smoke_run_prints_every_step_with_its_ratio_for_both_datasets():
    done = subprocess.run([sys.executable, "-m", "bench.network", "--smoke", "--repeat", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    printed = tables(done.stdout)
    bundled = printed["bundled data (data/, in-memory store)"]
    synthetic = printed["synthetic: 200 actors, 500 projects, seed 2020"]
    for steps, expected in ((bundled, STEPS + STORE_STEPS), (synthetic, STEPS)):
        for step in expected:
            assert any(name.startswith(step) for name in steps), (step, list(steps))
        assert steps[BASELINE][0] == "1.0"
        # The projection and the baseline are built from the same rows: the same graph size.
        assert steps["Model(rows) + collaboration"][1] == steps[BASELINE][1]
    assert "betweenness exact" in done.stdout
    assert "networkx " in done.stdout and "CPUs" in done.stdout


ANALYSIS_BASELINE = "baseline: named query actors_list"
#: Steps that keep something per store generation (the finder's library, the pairs, the sources
#: of every record): timed with the cache emptied (cold) and after a first call.
CACHED_STEPS = ("finder: Borås pupil", "finder: Eskilstuna industry", "actor overlap", "project overlap",
                "owners in several areas", "timeline", "gaps: strategy areas", "gaps: services",
                "indicators", "funding: summary", "funding: anomalies")
#: Steps that keep nothing: timed once.
ANALYSIS_STEPS = ("gaps: audiences", "funding: sums by owner", "funding: concentration")


def swedish_number(value) -> str:
    return f"{value:,}".replace(",", " ")


def test_analysis_smoke_run_prints_every_step_with_its_ratio_for_the_data_and_its_copies():
    done = subprocess.run([sys.executable, "-m", "bench.analysis", "--smoke", "--repeat", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    printed = tables(done.stdout)
    bundled = printed["bundled data (data/, in-memory store)"]
    copied = printed["2 copies of the bundled data (one in-memory store)"]
    for steps in (bundled, copied):
        assert steps[ANALYSIS_BASELINE][0] == "1.0"
        for step in CACHED_STEPS:
            assert {f"{step}, cold", f"{step}, warm"} <= set(steps), (step, list(steps))
        for step in ANALYSIS_STEPS:
            assert any(name.startswith(step) for name in steps), (step, list(steps))
    # Each note checks its result against the sources; the copies double the records and the money.
    actors, grants = actor_register(), source_rows("*/grants.csv")
    granted = sum(Decimal(grant["amount"]) for grant in grants if grant["amount"])
    assert bundled["finder: Borås pupil, cold"][1].startswith(
        f"top: {actors['ung-foretagsamhet-alvsborg']['pref_label']}")
    eskilstuna = bundled["finder: Eskilstuna industry, warm"][1]
    assert actors["malardalen-industrial-technology-center"]["pref_label"] in eskilstuna
    assert actors["almi-sormland"]["pref_label"] in eskilstuna
    assert "Attrahera talang och kompetens: no_insatser" in bundled["gaps: strategy areas, cold"][1]
    summary = next(note for step, (_, note) in bundled.items() if step.startswith("funding: summary"))
    assert summary.startswith(f"{swedish_number(granted)} SEK granted, {len(grants)} grants")
    summary = next(note for step, (_, note) in copied.items() if step.startswith("funding: summary"))
    assert summary.startswith(f"{swedish_number(2 * granted)} SEK granted, {2 * len(grants)} grants")
    assert summary.endswith("granted x2.0")
    assert f"grants {2 * len(grants)} (x2.0)" in done.stdout
    assert "pyoxigraph " in done.stdout and "CPUs" in done.stdout



#: The national benchmark's columns, and the steps whose names do not come from the data.
NATIONAL_STORES = ("(a) service, embedded", "(a) first request", "(b) pyoxigraph", "(c) rdflib",
                   "(d) service, Virtuoso", "(d) first request")
NATIONAL_STEPS = (
    *(f"{kind} {form} ({which})" for kind in ("actor", "project") for which in ("hub", "ordinary")
      for form in ("page", "API")),
    "funding aggregate: sums by län", "2-hop collaborators (hub)", "2-hop collaborators (ordinary)",
    "finder: Borås pupil", "finder: Eskilstuna industry", "ego-network view (hub)",
    "ego-network view (ordinary)", "SPARQL 01-projektagare", "SPARQL 02-samarbeten",
    "SPARQL 03-pengar-per-finansiering", "SPARQL 04-pengar-per-projektagare")
NATIONAL_LOAD = ("load: the triples", "load: network metrics (derive)", "load: total",
                 "validation: SHACL", "prepare without SHACL")
#: A cell's ratio to (b): "12.3 ms 1.4x", "> 2 s >4.9x", "8.26 ms 0.033x".
RATIO = re.compile(r"[ >]\d+(\.\d+)?x$")
#: A cell without a ratio, where (b) has nothing to run: "5.12 ms ?x".
DURATION_ONLY = re.compile(r"^\d+(\.\d+)? m?s \?x$")


def markdown_tables(output: str) -> dict[str, dict[str, dict[str, str]]]:
    """Title → first cell → (column heading → cell), for every table printed under '== title =='."""
    found = {}
    for block in output.split("\n== ")[1:]:
        title, _, body = block.partition(" ==\n")
        lines = [[cell.strip() for cell in line.strip("|").split("|")]
                 for line in body.splitlines() if line.startswith("|")]
        found[title] = {row[0]: dict(zip(lines[0], row, strict=True)) for row in lines[2:]}
    return found


def busiest(pattern: str, key: str, member: str, also: dict | None = None) -> tuple[str, int]:
    """The ``key`` with the most distinct ``member`` values in the tables matching ``pattern``
    (plus those in ``also``), ties by key as the benchmark ranks IRIs: (key, count)."""
    found: dict[str, set] = {name: set(values) for name, values in (also or {}).items()}
    for row in source_rows(pattern):
        found.setdefault(row[key], set()).add(row[member])
    return min(((name, len(values)) for name, values in found.items()), key=lambda item: (-item[1], item[0]))


def check_workload_table(rows: dict[str, dict[str, str]], virtuoso: bool) -> None:
    """Every step, every store with its ratio to (b); the service answers on both stores alike."""
    assert set(NATIONAL_STEPS) <= set(rows), list(rows)
    assert sum(step.startswith("search: ") for step in rows) == 2, list(rows)
    for step, row in rows.items():
        # The finder reads only the library the load built: (b) and (c) have nothing to run.
        nothing = step.startswith("finder: ")
        for store in set(NATIONAL_STORES) & set(row):
            if store.startswith("(d)") and not virtuoso:
                assert row[store] == "Virtuoso not installed"
            elif nothing and store in ("(b) pyoxigraph", "(c) rdflib"):
                assert row[store] == NO_QUERIES, (step, store, row[store])
            else:
                assert (DURATION_ONLY if nothing else RATIO).search(row[store]), (step, store, row[store])
        assert nothing or row["(b) pyoxigraph"].endswith(" 1.0x"), (step, row["(b) pyoxigraph"])
        notes = dict(note.split(": ", 1) for note in row["notes"].split("; "))
        assert notes["a"].startswith("HTTP 200, "), (step, notes["a"])
        # The same bytes from both stores (SPARQL answers are the engines' own: GROUP_CONCAT's order)
        if virtuoso and not step.startswith("SPARQL"):
            assert notes["d"].split(", queries")[0] == notes["a"].split(", queries")[0], (step, notes)


def test_national_smoke_run_prints_every_step_and_store_with_a_ratio_to_pyoxigraph():
    from tests.virtuoso_server import virtuoso_missing

    done = subprocess.run([sys.executable, "-m", "bench.national", "--smoke"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    printed = markdown_tables(done.stdout)
    assert set(NATIONAL_LOAD) <= set(printed["load"])
    assert all(RATIO.search(printed["load"][step]["(a) service, embedded"]) for step in NATIONAL_LOAD)
    assert printed["load"]["load: the triples"]["(b) pyoxigraph"].endswith(" 1.0x")
    check_workload_table(printed["workload p50"], virtuoso_missing() is None)
    check_workload_table(printed["workload p95"], virtuoso_missing() is None)
    assert set(NATIONAL_STORES) == set(printed["workload p50"]["finder: Borås pupil"]) - {"step", "notes"}
    assert printed["peak memory"]["load"]["(b) pyoxigraph"].endswith(" 1.0x")
    assert RATIO.search(printed["peak memory"]["workload (service, replay)"]["(c) rdflib"])
    # The records asked about are picked from the data: the bundled sources' busiest actor (in
    # projects and networks) and project (by parties).
    networks = {}
    for row in source_rows("*/memberships.csv"):
        networks.setdefault(row["actor"], set()).add(f"network {row['network']}")
    actor, count = busiest("*/participants.csv", "actor", "project", also=networks)
    assert f"/id/actor/{actor}> ({count})\n" in done.stdout
    project, parties = busiest("*/participants.csv", "project", "actor")
    assert f"/id/project/{project}> ({parties})\n" in done.stdout
    assert "pyoxigraph " in done.stdout and "rdflib " in done.stdout and "CPUs" in done.stdout


#: The load run's kinds of request, and its table's rows: kind, requests, errors, p50 and p95 in
#: ms under load and alone, then the two ratios ("4.4x").
LOAD_KINDS = ("home page", "search", "record page", "record API", "list", "finder", "ego network",
              "funding sums", "SPARQL", "write (GET ETag + PATCH)")
LOAD_ROW = re.compile(r"^(?P<kind>.+?)\s+(?P<requests>\d+)\s+(?P<errors>\d+)(\s+\d+\.\d){4}"
                      r"\s+(?P<p50>\d+\.\d)x\s+(?P<p95>\d+\.\d)x$")


def test_load_smoke_run_answers_every_kind_of_request_without_an_error():
    done = subprocess.run([sys.executable, "-m", "bench.load", "--smoke"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    title, _, body = done.stdout.partition("== 10 clients + 1 curator, 15 s ==\n")
    rows = {match["kind"]: match for match in map(LOAD_ROW.match, body.splitlines()) if match}
    assert set(rows) == set(LOAD_KINDS), list(rows)
    assert all(row["errors"] == "0" and int(row["requests"]) > 0 for row in rows.values())
    # The curator's edits were made and are measured against themselves.
    assert rows["write (GET ETag + PATCH)"]["p50"] == "1.0"
    assert ", 0 errors\n" in done.stdout and "CPUs" in title


#: A row of the finder's scale table: the question, both medians in ms, the ratio, the bundled top.
SCALE_ROW = re.compile(r"^(?P<question>[\w-]+)\s+(?P<bundled>\d+\.\d)\s+(?P<national>\d+\.\d)"
                       r"\s+(?P<ratio>\d+\.\d)\s+(?P<top>[\w-]+)$")


def test_finder_scale_smoke_run_times_every_question_on_both_datasets():
    from bench.finder_quality import load_questions
    from bench.finder_scale import QUESTION_IDS

    done = subprocess.run([sys.executable, "-m", "bench.finder_scale", "--smoke"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = {match["question"]: match for match in map(SCALE_ROW.match, done.stdout.splitlines()) if match}
    assert list(rows) == list(QUESTION_IDS)
    # The bundled answer leads with an actor the sources say answers the question.
    asked = {question.id: question for question in load_questions()}
    for key, row in rows.items():
        assert row["top"] in asked[key].relevant_set, (key, row["top"])
    assert re.search(r"geometric mean ratio: \d+\.\d; largest: \d+\.\d", done.stdout)
    assert "first request (national, reads the finder's library)" in done.stdout
