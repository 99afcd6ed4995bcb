"""The network benchmark runs: its smoke size finishes and prints both tables with their ratios.

No timing is asserted (times on a shared machine are noise); the full run's figures are in
bench/README.md.
"""

import re
import subprocess
import sys
from pathlib import Path

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
