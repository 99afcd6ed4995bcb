"""How long the network projections, metrics and renderings take, against building the bare graph.

Run from the repository root::

    python -m bench.network            # the bundled data, then a large synthetic ecosystem
    python -m bench.network --smoke    # a tiny synthetic one (seconds; what CI runs)

Every figure is printed as a ratio to a baseline measured in the same run on the same rows:
building the bare networkx collaboration graph (for each activity, every pair of its parties,
added with one ``nx.Graph().add_edges_from(pairs)``; nothing else). Absolute seconds on a shared
machine are noise; the ratios say what the projection, metrics and views cost on top of the
least any networkx projection must do. See ``bench/README.md`` for what each row means.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from itertools import combinations

import networkx as nx
from pyvis.network import Network

from bench.synthetic import synthetic_rows
from graph.ingest import prepare
from graph.network import drawing, metrics, projection, snapshot, views
from graph.network.model import Model
from graph.network.rows import Rows, fetch_rows
from graph.store import GraphStore

__all__ = ["Table", "bare_collaboration", "bench_rows", "main"]

#: A step whose first call takes longer than this many seconds is not repeated.
SLOW = 10.0
#: A run calls a quick step as often as it takes to last this long (like ``timeit``'s autorange),
#: so that millisecond steps are not lost in the clock's and the machine's noise.
MIN_RUN = 0.2
#: The baseline is the denominator of every ratio, so it is run at least this often.
BASELINE_RUNS = 5
#: pyvis's add_node/add_edge are quadratic: compare on at most this many nodes and edges.
PYVIS_NODES, PYVIS_EDGES = 2000, 4000
SMOKE = {"actors": 200, "projects": 500, "pyvis_nodes": 100, "pyvis_edges": 200, "min_run": 0.01}


@dataclass
class Table:
    """The timings of one dataset: steps in run order, the first being the baseline."""

    title: str
    repeat: int
    min_run: float = MIN_RUN
    steps: list[tuple[str, float, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def time(self, name: str, func: Callable, note: str | Callable = "", runs: int | None = None):
        """Time ``func`` (see :func:`measure`) and record it; return what it returned."""
        seconds, runs, calls, result = measure(func, runs or self.repeat, self.min_run)
        self.steps.append((name, seconds, f"{runs}x{calls}", note(result) if callable(note) else note))
        return result

    def render(self) -> str:
        baseline = self.steps[0][1] or 1e-9
        width = max(len(name) for name, *_ in self.steps)
        lines = [f"== {self.title} ==", *self.notes, "",
                 f"{'step':<{width}}  {'seconds':>9}  {'runs':>7}  {'ratio':>8}  note"]
        lines += [f"{name:<{width}}  {seconds:>9.5f}  {runs:>7}  {seconds / baseline:>7.1f}x  {note}".rstrip()
                  for name, seconds, runs, note in self.steps]
        return "\n".join(lines)


def measure(func: Callable, repeat: int, min_run: float) -> tuple[float, int, int, object]:
    """Seconds per call of ``func``: the median of ``repeat`` runs of ``calls`` calls each.

    A first call sets ``calls`` so that a run lasts at least ``min_run`` (it is a warm-up, unless
    it lasted that long already: then it is the first run). A step whose first call takes over
    :data:`SLOW` seconds runs once.

    Returns:
        (seconds per call, runs, calls per run, the last call's result)
    """
    seconds, result = _run(func, 1)
    if seconds > SLOW:
        return seconds, 1, 1, result
    calls = 1 if seconds >= min_run else math.ceil(min_run / max(seconds, 1e-7))
    times = [seconds] if calls == 1 else []
    while len(times) < repeat:
        seconds, result = _run(func, calls)
        times.append(seconds)
    return statistics.median(times), len(times), calls, result


def _run(func: Callable, calls: int) -> tuple[float, object]:
    gc.collect()
    start = time.perf_counter()
    for _ in range(calls):
        result = func()
    return (time.perf_counter() - start) / calls, result


def bare_collaboration(rows: Rows) -> nx.Graph:
    """The baseline: every pair of parties of every activity, in one ``add_edges_from``."""
    parties: dict[str, set[str]] = defaultdict(set)
    for row in rows.parties + rows.memberships:
        parties[row["activity"]].add(row["actor"])
    graph = nx.Graph()
    graph.add_edges_from(pair for members in parties.values() for pair in combinations(members, 2))
    return graph


# --- choosing what the views look at ------------------------------------------------------

def _hub(graph: nx.Graph) -> str:
    """The highest-degree actor (ties: the first IRI)."""
    return min(graph, key=lambda node: (-graph.degree(node), node))


def _far_apart(graph: nx.Graph, start: str) -> tuple[str, str, int]:
    """Two actors in ``start``'s component about as far apart as any (a double sweep)."""
    def farthest(node: str) -> tuple[str, int]:
        lengths = nx.single_source_shortest_path_length(graph, node)
        return min(lengths.items(), key=lambda item: (-item[1], item[0]))

    source, _ = farthest(start)
    target, steps = farthest(source)
    return source, target, steps


# --- pyvis against plain lists -----------------------------------------------------------

def _pyvis_elements(drawn: dict, max_nodes: int, max_edges: int) -> tuple[list[dict], list[dict]]:
    nodes = drawn["nodes"][:max_nodes]
    kept = {node["id"] for node in nodes}
    edges = [edge for edge in drawn["edges"] if edge["from"] in kept and edge["to"] in kept]
    return nodes, edges[:max_edges]


def _with_pyvis(nodes: list[dict], edges: list[dict]) -> Network:
    """pyvis's own way: add_node and add_edge, one element at a time."""
    net = Network()
    for node in nodes:
        net.add_node(node["id"], **{key: value for key, value in node.items() if key != "id"})
    for edge in edges:
        net.add_edge(edge["from"], edge["to"], **{key: value for key, value in edge.items()
                                                  if key not in ("from", "to")})
    return net


def _with_lists(nodes: list[dict], edges: list[dict]) -> Network:
    """What :func:`graph.network.drawing.draw` does: fill pyvis's lists directly."""
    net = Network()
    net.nodes = [dict(node) for node in nodes]
    net.edges = [dict(edge) for edge in edges]
    return net


# --- the benchmark ------------------------------------------------------------------------

def bench_rows(table: Table, rows: Rows, pyvis_nodes: int, pyvis_edges: int, store=None) -> None:
    """Time every step on ``rows`` (and the SPARQL steps when a ``store`` holding them is given)."""
    bare = table.time("baseline: bare nx.Graph from the rows", lambda: bare_collaboration(rows),
                      _size, runs=max(table.repeat, BASELINE_RUNS))
    if store is not None:
        table.time("fetch_rows (SPARQL, 11 queries)", lambda: fetch_rows(store),
                   lambda r: f"{sum(map(len, r.as_dict().values()))} rows")
    built = table.time("Model(rows) + collaboration", lambda: projection.collaboration(Model(rows)), _size)
    if (built.number_of_nodes(), built.number_of_edges()) != (bare.number_of_nodes(), bare.number_of_edges()):
        table.notes.append("NOTE: the collaboration graph and the bare graph differ in size")
    # As the service holds it after its first request: the model indexed, the ecosystem built.
    snap = snapshot.Snapshot(Model(rows), {}, {})
    graph = snap.ecosystem
    model = snap.model
    table.time("bipartite", lambda: projection.bipartite(model), _size)
    table.time("funding_flow", lambda: projection.funding_flow(model), _size)
    snap.metrics, snap.summary = table.time("node_metrics", lambda: metrics.node_metrics(graph),
                                            lambda result: f"betweenness {result[1]['betweenness']}")
    _views(table, snap, graph)
    _renderings(table, snap, pyvis_nodes, pyvis_edges)
    if store is not None:
        table.time("snapshot.compute(store) (whole load-time step)", lambda: snapshot.compute(store),
                   lambda snap: f"betweenness {snap.summary['betweenness']}")
    content = table.time("Snapshot.to_bytes (written at load)", snap.to_bytes, lambda data: _bytes(len(data)))
    table.time("Snapshot.from_bytes (read once per process)", lambda: snapshot.Snapshot.from_bytes(content))


def _size(graph: nx.Graph) -> str:
    return f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"


def _bytes(count: int) -> str:
    return f"{count:,} bytes".replace(",", " ")


def _shown(payload: dict) -> str:
    capped = payload["capped"]
    total = f" of {capped['total']}" if capped else ""
    return f"{len(payload['nodes'])}{total} nodes, {len(payload['edges'])} edges"


def _views(table: Table, snap: snapshot.Snapshot, graph: nx.Graph) -> None:
    hub = _hub(graph)
    table.time("ecosystem_view", lambda: views.ecosystem_view(snap), _shown)
    for depth in (1, 2):
        table.time(f"ego_view depth {depth} (highest-degree actor)",
                   lambda depth=depth: views.ego_view(snap, hub, depth), _shown)
    source, target, steps = _far_apart(graph, hub)
    table.time(f"path_view ({steps} steps apart)", lambda: views.path_view(snap, source, target), _shown)
    table.notes.append(f"highest-degree actor: {hub} ({graph.degree(hub)} partners)")
    table.notes.append(f"path: {source} → {target}")


def _renderings(table: Table, snap: snapshot.Snapshot, pyvis_nodes: int, pyvis_edges: int) -> None:
    payload = views.ecosystem_view(snap)
    drawn = table.time("drawing.draw (ecosystem_view)", lambda: drawing.draw(payload),
                       lambda d: f"{len(d['nodes'])} nodes, {len(d['edges'])} edges")
    table.time("json.dumps of the drawing", lambda: json.dumps(drawn, ensure_ascii=False).encode(),
               lambda data: _bytes(len(data)))
    larger = views.ecosystem_view(snap, limit=min(pyvis_nodes, views.MAX_LIMIT))
    nodes, edges = _pyvis_elements(drawing.draw(larger), pyvis_nodes, pyvis_edges)
    size = f"{len(nodes)} nodes, {len(edges)} edges (capped at {pyvis_nodes} nodes, {pyvis_edges} edges)"
    table.time("pyvis add_node/add_edge", lambda: _with_pyvis(nodes, edges), size)
    table.time("same elements into pyvis's lists directly", lambda: _with_lists(nodes, edges), size)


def bundled(args: argparse.Namespace) -> Table:
    """The bundled data, read, validated and loaded into an in-memory store (not timed)."""
    start = time.perf_counter()
    prepared = prepare()
    if not prepared.ok:
        raise SystemExit("the bundled data does not validate: run 'aktorskarta check'")
    store = GraphStore.memory()
    store.replace(prepared.build.nquads())
    table = Table("bundled data (data/, in-memory store)", args.repeat, args.min_run)
    table.notes.append(f"setup (prepare + load, not in the table): {time.perf_counter() - start:.1f} s")
    bench_rows(table, fetch_rows(store), args.pyvis_nodes, args.pyvis_edges, store)
    return table


def synthetic(args: argparse.Namespace) -> Table:
    """A synthetic ecosystem (see :mod:`bench.synthetic`); generating it is not timed."""
    start = time.perf_counter()
    rows = synthetic_rows(args.actors, args.projects, args.seed)
    table = Table(f"synthetic: {args.actors} actors, {args.projects} projects, seed {args.seed}",
                  args.repeat, args.min_run)
    counts = ", ".join(f"{name} {len(values)}" for name, values in rows.as_dict().items())
    table.notes += [f"rows: {counts}",
                    f"setup (generating the rows, not in the table): {time.perf_counter() - start:.1f} s"]
    bench_rows(table, rows, args.pyvis_nodes, args.pyvis_edges)
    return table


def environment() -> str:
    versions = ", ".join(f"{name} {version(name)}" for name in ("networkx", "pyvis", "pyoxigraph"))
    return "\n".join([
        f"python {platform.python_version()} ({platform.python_implementation()}), {versions}",
        f"machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average at start {' '.join(f'{load:.2f}' for load in os.getloadavg())}",
        f"betweenness is exact up to {metrics.EXACT_BETWEENNESS_LIMIT} nodes, "
        f"sampled from {metrics.BETWEENNESS_SAMPLES} sources above",
        f"seconds: per call, the median of the runs; runs: runs x calls per run (a run lasts at least "
        f"--min-run seconds; a step slower than {SLOW:g} s runs once); "
        "ratio: seconds / the baseline's seconds in the same table",
    ])


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.network", description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true",
                        help=f"a tiny synthetic graph ({SMOKE['actors']} actors, "
                             f"{SMOKE['projects']} projects) and a tiny pyvis comparison; seconds, for CI")
    parser.add_argument("--actors", type=int, default=5000, help="synthetic actors (default 5000)")
    parser.add_argument("--projects", type=int, default=20000, help="synthetic projects (default 20000)")
    parser.add_argument("--seed", type=int, default=2020, help="synthetic generator seed (default 2020)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step, median reported (default 3)")
    parser.add_argument("--min-run", type=float, default=MIN_RUN,
                        help=f"a run repeats a quick step for at least this long (default {MIN_RUN:g} s)")
    parser.add_argument("--pyvis-nodes", type=int, default=PYVIS_NODES,
                        help=f"at most this many nodes for pyvis's add_node (default {PYVIS_NODES})")
    parser.add_argument("--pyvis-edges", type=int, default=PYVIS_EDGES,
                        help=f"at most this many edges for pyvis's add_edge (default {PYVIS_EDGES})")
    parser.add_argument("--no-bundled", action="store_true", help="only the synthetic graph")
    args = parser.parse_args(argv)
    if args.smoke:
        args.actors, args.projects = SMOKE["actors"], SMOKE["projects"]
        args.pyvis_nodes, args.pyvis_edges = SMOKE["pyvis_nodes"], SMOKE["pyvis_edges"]
        args.min_run = SMOKE["min_run"]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    print(environment(), flush=True)
    if not args.no_bundled:
        print("\n" + bundled(args).render(), flush=True)
    print("\n" + synthetic(args).render(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
