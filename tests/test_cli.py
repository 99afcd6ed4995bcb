"""The aktorskarta command, run as a user would, against a store on disk."""

import json

import pyoxigraph as ox

from api.cli import main
from graph.network.snapshot import snapshot
from graph.store import GraphStore

SOURCE_TITLES = ("Investeringssamverkan", "Handlingsplan", "bredd och spets",
                 "delregionala insatser", "Möjligheternas Region")


def test_validate_reports_drivhuset_framsteg_as_a_warning_and_passes(runner):
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("Warning")]
    framsteg = [line for line in warnings if "larger than the project's total cost" in line]
    assert len(framsteg) == 1
    assert "003-vg-delregionala-2020/grants.csv" in framsteg[0]
    # The numbers as English writes them (the Swedish message: "580 000 kr").
    assert "(580,000 SEK)" in framsteg[0] and "(215,000 SEK)" in framsteg[0]
    assert result.output.splitlines()[-1].startswith("0 violation(s)")


def test_load_then_stats_shows_counts_per_class_and_per_document(runner, tmp_path):
    store = str(tmp_path / "store")
    loaded = runner.invoke(main, ["--store", store, "load"])
    assert loaded.exit_code == 0, loaded.output
    assert "from 5 source documents" in loaded.output
    # The load also computed the whole network's metrics and kept them with the new dataset.
    network = snapshot(GraphStore.open(store, read_only=True))
    assert network.summary["nodes"] == len(network.metrics) > 100
    result = runner.invoke(main, ["--store", store, "stats", "--json"])
    counts = json.loads(result.output)
    assert counts["classes"]["eurio:Project"] >= 59
    assert counts["classes"]["ak:Municipality"] == 290
    assert counts["classes"]["ak:County"] == 21
    assert counts["classes"]["ak:SubRegion"] == 4
    titles = [graph["title"] for graph in counts["graphs"].values()]
    for title in SOURCE_TITLES:
        assert any(title.lower() in (t or "").lower() for t in titles), title
    vg = next(g for g in counts["graphs"].values() if "delregionala" in (g["title"] or ""))
    assert vg["classes"]["eurio:Project"] == 59
    assert [w["label"] for w in counts["warnings"]].count("Drivhuset FRAMSTEG!") == 1
    text = runner.invoke(main, ["--store", store, "stats"]).output
    assert "Per class:" in text and "org:Organization" in text and "Drivhuset FRAMSTEG!" in text


def test_load_keeps_the_framsteg_grant_as_printed(runner, tmp_path):
    store = str(tmp_path / "store")
    runner.invoke(main, ["--store", store, "load"])
    output = tmp_path / "export.nq"
    result = runner.invoke(main, ["--store", store, "export", "--format", "nquads",
                                  "--output", str(output)])
    assert result.exit_code == 0, result.output
    amounts = {quad.object.value for quad in ox.parse(output.read_bytes(), ox.RdfFormat.N_QUADS)
               if quad.subject.value.endswith("/id/grant/vg2020-bor-02-run/amount")
               and quad.predicate.value.endswith("#value")}
    assert amounts == {"580000"}


def test_store_location_comes_from_the_environment(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("AKTORSKARTA_STORE", str(tmp_path / "elsewhere"))
    assert runner.invoke(main, ["load"]).exit_code == 0
    assert (tmp_path / "elsewhere" / "CURRENT").is_file()


def test_export_before_any_load_says_what_to_do(runner, tmp_path):
    result = runner.invoke(main, ["--store", str(tmp_path / "none"), "stats"])
    assert result.exit_code != 0
    assert "aktorskarta load" in str(result.exception)
