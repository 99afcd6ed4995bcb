"""The national benchmark: one workload on our service and on its peers, every figure a ratio to
raw pyoxigraph running the same SPARQL in the same run.

Run from the repository root::

    python -m bench.national                # size M (generated, cached), every store
    python -m bench.national --smoke        # the bundled data, one run, short budgets (CI)
    python -m bench.national --size bundled --stores a,b --repeat 5

The stores: (a) the service (``api.create_app``) on the embedded store, served by waitress on
loopback and asked over HTTP with keep-alive; (b) a plain read-only ``pyoxigraph.Store`` on the
same generation directory, running exactly the queries (text and bindings) the service's graph
code asked the store for the same request; (c) rdflib's in-memory ``Dataset(default_union=True)``
holding the same N-Quads, running the same queries, each step within a time budget; (d) the
service on a private Virtuoso server (``tests/virtuoso_server.py``). Each store runs in
processes of its own (:mod:`bench.national_runs`), so their peak memory is their own. See
``bench/README.md`` for what each row means.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from bench.national_stores import measure_rdflib, measure_workload, one_message, replays
from bench.national_tables import Figure, memory_table, p50, p95, steps_table, targets_table
from bench.national_workload import Step, Subjects, steps

__all__ = ["LOAD_STEPS", "main"]

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "aktorskarta-bench"
SIZES = ("bundled", "XS", "S", "M", "L")
#: What the service runs: uncommitted changes here are named in the header.
CODE = ("graph", "api", "ontology", "web")
#: The smoke run: the bundled data, one timed run, (c) 2 s a step (about a minute; generated
#: data, even XS, takes minutes: its validation alone and the hub's pages on Virtuoso).
SMOKE = {"size": "bundled", "repeat": 1, "budget": 2.0}
LOAD, DERIVE, TOTAL, SHACL, PREPARE = ("load: the triples", "load: network metrics (derive)",
                                       "load: total", "validation: SHACL", "prepare without SHACL")
LOAD_STEPS = (LOAD, DERIVE, TOTAL, SHACL, PREPARE)
PHASES = {"load": "load", "workload": "workload (service, replay)",
          "engine": "engine apart: (a) /sparql worker, (d) Virtuoso (VmHWM); ratio to (b)'s workload"}
#: The issue's targets.
API_TARGET, RDFLIB_TARGET, EGO_TARGET, LOAD_TARGET = 1.5, 20.0, 0.300, 1.5


# --- the data --------------------------------------------------------------------------------

def data_directory(args) -> tuple[Path, Path | None, dict]:
    """The cache directory of this size and seed, the data root (None: the bundled data) and
    what the generator said it made; generates the data on first use."""
    if args.size == "bundled":
        return args.cache / "bundled", None, {}
    from bench.generate import generate

    directory = args.cache / f"{args.size}-{args.seed}"
    summary = directory / "generated.json"
    if args.fresh or not summary.is_file():
        shutil.rmtree(directory, ignore_errors=True)
        started = time.perf_counter()
        made = generate(directory / "data", size=args.size, seed=args.seed)
        made = {"seconds": round(time.perf_counter() - started, 1), "generator": generator_commit(), **made}
        summary.write_text(json.dumps(made, default=str), encoding="utf-8")
    return directory, directory / "data", json.loads(summary.read_text(encoding="utf-8"))


def git(*arguments: str) -> str:
    """What a git command prints in the repository (empty if git is not there)."""
    if not shutil.which("git"):
        return ""
    return subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True).stdout.rstrip()


def generator_commit() -> str:
    """The last commit of bench/generate*.py, and whether the files have changed since."""
    files = ("--", "bench/generate*.py")
    changed = " (with uncommitted changes)" if git("status", "--porcelain", *files) else ""
    return git("log", "-1", "--format=%h", *files) + changed


def prepared(args, directory: Path, data: Path | None) -> dict:
    """``graph.ingest.prepare`` of the data (SHACL timed apart) and its N-Quads, kept in the cache."""
    summary = directory / "prepared.json"
    if args.size == "bundled" or args.fresh or not summary.is_file():
        directory.mkdir(parents=True, exist_ok=True)
        message = one_message("prepare", data=str(data) if data else None,
                              nquads=str(directory / "dataset.nq"))
        message["measured"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        summary.write_text(json.dumps(message), encoding="utf-8")
    return json.loads(summary.read_text(encoding="utf-8"))


# --- the run ---------------------------------------------------------------------------------

def service_load(loads: dict, memory: dict, key: str, env: dict | None = None, **arguments) -> dict:
    """Load with the service's own ``replace`` in a process of its own; note its figures."""
    loaded = one_message("service-load", env, **arguments)
    loads[key] = {LOAD: Figure([loaded["seconds"]], note=f"{loaded['quads']:,} quads"),
                  DERIVE: Figure([loaded["derive_seconds"]]),
                  TOTAL: Figure([loaded["seconds"] + loaded["derive_seconds"]])}
    memory[key] = {"load": loaded["peak_rss_mb"]}
    return loaded


def virtuoso(stack: ExitStack, directory: Path, args):
    """A private Virtuoso server for (d), or why there is none."""
    from tests.virtuoso_server import VirtuosoServer, virtuoso_missing

    missing = virtuoso_missing()
    if missing:
        return None, "Virtuoso not installed"
    shutil.rmtree(directory / "virtuoso", ignore_errors=True)
    return stack.enter_context(VirtuosoServer(directory / "virtuoso", memory_mb=args.virtuoso_mb)), None


def peak_of(pid: int) -> float | None:
    """A running process's peak resident set (Linux's VmHWM), in MiB."""
    status = Path(f"/proc/{pid}/status")
    if not status.is_file():
        return None
    found = [line.split()[1] for line in status.read_text().splitlines() if line.startswith("VmHWM:")]
    return int(found[0]) / 1024 if found else None


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    directory, root, made = data_directory(args)
    data = prepared(args, directory, root)
    nquads = directory / "dataset.nq"
    print(environment(args, data, made), flush=True)
    loads, memory = {}, {}
    local = service_load(loads, memory, "a", nquads=str(nquads), store=str(directory / "service-store"))
    loads["a"].update({SHACL: Figure([data["shacl_seconds"]]),
                       PREPARE: Figure([data["seconds"] - data["shacl_seconds"]])})
    subjects = Subjects.from_json(local["subjects"])
    workload = steps(subjects)
    print(describe(subjects), flush=True)
    if "b" in args.stores:
        bulk = one_message("oxigraph-load", nquads=str(nquads), directory=str(directory / "oxigraph-load"))
        loads["b"] = {LOAD: Figure([bulk["seconds"]], note=f"{bulk['quads']:,} quads")}
        memory["b"] = {"load": bulk["peak_rss_mb"]}
    services = {"a": (str(directory / "service-store"), {})}
    with ExitStack() as stack:
        server, why = virtuoso(stack, directory, args) if "d" in args.stores else (None, None)
        if server:
            env = {"AKTORSKARTA_GRAPH_STORE": server.graph_store,
                   "AKTORSKARTA_CACHE": str(directory / "remote-cache")}
            try:
                service_load(loads, memory, "d", env, nquads=str(nquads), store=server.store_url, pick=False)
                services["d"] = (server.store_url, env)
            except RuntimeError as error:
                why = "load failed (see above)"
                loads["d"] = {LOAD: Figure(missing=why)}
                print(f"(d) the load failed: {error}", flush=True)
        results, recorded, ended = measure_workload(
            services, local["generation"] if "b" in args.stores else None, workload, args.repeat,
            args.service_budget)
        if server:
            memory.setdefault("d", {})["engine"] = peak_of(server.process.pid)
    for key, said in ended.items():
        memory[key]["workload"] = said["peak_rss_mb"]
    memory["a"]["engine"] = ended["a"]["workers_peak_rss_mb"]
    if why:
        results["d"] = {step.name: Figure(missing=why) for step in workload}
    if "c" in args.stores:
        loads["c"] = {}
        loads["c"][LOAD], results["c"], memory["c"] = measure_rdflib(
            nquads, replays(workload, recorded), args.repeat, args.budget, args.load_budget)
        compare_rows(results)
    report(workload, results, loads, memory)
    return 0


def compare_rows(results: dict) -> None:
    """Say where rdflib answered a step's queries with another number of rows than pyoxigraph."""
    for step, figure in results["c"].items():
        base = results.get("b", {}).get(step)
        if figure.rows is not None and base and base.rows is not None and figure.rows != base.rows:
            figure.note += f" (not the {base.rows:,} of (b))"


# --- the report ------------------------------------------------------------------------------

def environment(args, data: dict, made: dict) -> str:
    versions = ", ".join(f"{name} {version(name)}" for name in ("pyoxigraph", "rdflib", "flask", "waitress"))
    virtuoso = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "virtuoso-opensource-7-bin"],
                              capture_output=True, text=True).stdout if shutil.which("dpkg-query") else ""
    return "\n".join([
        f"date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"python {platform.python_version()} ({platform.python_implementation()}), {versions}, "
        f"virtuoso-opensource {virtuoso or 'not installed'}",
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, load average at start "
        + " ".join(f"{load:.2f}" for load in os.getloadavg()),
        f"code: commit {git('rev-parse', '--short', 'HEAD')}"
        + (f"; uncommitted changes in {changed}" if (changed := ", ".join(
            line[3:] for line in git("status", "--porcelain", "--", *CODE).splitlines())) else ""),
        f"data: size {args.size}, seed {args.seed}: {data['quads']:,} quads ({data['nquads_bytes']:,} bytes "
        f"of N-Quads), {data['warnings']} data warnings; validated {data['measured']}"
        + (f"; generated by {json.dumps(made, ensure_ascii=False)}" if made else ""),
        f"runs: {args.repeat} timed per step (after a first one; fewer where {args.repeat} would take "
        f"over {args.service_budget:g} s: the notes say how many); (c) budget {args.budget:g} s a step, "
        f"{args.load_budget:g} s for the parse",
    ])


def describe(subjects: Subjects) -> str:
    return "\n".join(f"{name.replace('_', ' ')}: {record.label} <{record.iri}> ({record.count})"
                     for name, record in vars(subjects).items())


def report(workload: list[Step], results: dict, loads: dict, memory: dict) -> None:
    names = [step.name for step in workload]
    stores = [store for store in ("a", "a-first", "b", "c", "d", "d-first") if store in results]
    print("\n== load ==\n\nSeconds, and the ratio to (b)'s bulk load (pyoxigraph's Store.bulk_load).\n")
    print(steps_table(list(LOAD_STEPS), loads, p50, [s for s in ("a", "b", "c", "d") if s in loads],
                      base_of=lambda step: LOAD))
    print("\n== workload p50 ==\n\nThe median request (a, d) or run of the same queries (b, c), and "
          "its ratio to (b)'s.\n")
    print(steps_table(names, results, p50, stores))
    print("\n== workload p95 ==\n\nThe 95th percentile (nearest rank), and its ratio to (b)'s.\n")
    print(steps_table(names, results, p95, [store for store in stores if not store.endswith("-first")]))
    print("\n== peak memory ==\n\nThe largest resident set of each process (getrusage's ru_maxrss), and its "
          "ratio to (b)'s.\n")
    print(memory_table(memory, PHASES, [store for store in ("a", "b", "c", "d") if store in memory],
                       base_of={"engine": "workload"}))
    print("\n== targets ==\n\nIssue 6's targets, from this run's p50 figures.\n")
    print(targets(results, loads, workload), flush=True)


def _p50(figure: Figure | None) -> float | None:
    return p50(figure.seconds) if figure and figure.seconds and not figure.missing else None


def targets(results: dict, loads: dict, workload: list[Step]) -> str:
    """The issue's targets, met or not, from this run's figures."""
    names = [step.name for step in workload]
    a = {name: _p50(results.get("a", {}).get(name)) for name in names}
    b = {name: _p50(results.get("b", {}).get(name)) for name in names}
    slow = [f"{name} {a[name] / b[name]:.1f}x" for name in names
            if a[name] and b[name] and a[name] > API_TARGET * b[name]]
    near = [f"{name} {shown}" for name in names if a[name] and (shown := _not_far(results, name, a[name]))]
    egos = [name for name in names if name.startswith("ego") and a[name]]
    rows = [(f"API and SPARQL p50 within {API_TARGET}x of (b)", "; ".join(slow) or "all within",
             "no" if slow else "yes")]
    if "c" in results:
        rows.append((f"(a) at least {RDFLIB_TARGET:g}x faster than (c)", "; ".join(near) or "all",
                     "no" if near else "yes"))
    rows.append((f"ego-network view under {EGO_TARGET * 1000:.0f} ms",
                 "; ".join(f"{name} {a[name] * 1000:.0f} ms" for name in egos),
                 "yes" if all(a[name] < EGO_TARGET for name in egos) else "no"))
    bulk = _p50(loads.get("b", {}).get(LOAD))
    for step in (LOAD, TOTAL):
        ours = _p50(loads["a"].get(step))
        if ours and bulk:
            rows.append((f"{step} within {LOAD_TARGET}x of pyoxigraph's bulk load", f"{ours / bulk:.2f}x",
                         "yes" if ours <= LOAD_TARGET * bulk else "no"))
    return targets_table(rows)


def _not_far(results: dict, step: str, ours: float) -> str | None:
    """(c) over (a) as shown when (c) is less than the target's times slower (None if it is not)."""
    figure = results.get("c", {}).get(step)
    if figure is None or figure.missing:
        return None
    rdflib = p50(figure.seconds) if figure.seconds else figure.at_least
    if rdflib >= RDFLIB_TARGET * ours:
        return None
    return f"{'' if figure.seconds else '>'}{rdflib / ours:.1f}x"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.national", description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=SIZES, default="M", help="generated size, or the bundled data")
    parser.add_argument("--seed", type=int, default=2026, help="generator seed (default 2026)")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per step (default 10)")
    parser.add_argument("--stores", default="a,b,c,d", help="which of a,b,c,d to run (default all)")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds (c) may spend on a step")
    parser.add_argument("--service-budget", type=float, default=300.0,
                        help="fewer timed runs of a step whose first request says R would take longer")
    parser.add_argument("--load-budget", type=float, default=900.0, help="seconds (c) may spend parsing")
    parser.add_argument("--virtuoso-mb", type=int, default=2048, help="Virtuoso's buffer memory (MiB)")
    parser.add_argument("--cache", type=Path, default=CACHE, help=f"where data and stores are kept ({CACHE})")
    parser.add_argument("--fresh", action="store_true",
                        help="generate and validate the data again, not from the cache")
    parser.add_argument("--smoke", action="store_true", help=f"size {SMOKE['size']}, {SMOKE['repeat']} run, "
                                                             f"(c) {SMOKE['budget']:g} s a step (CI)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.size, args.repeat, args.budget = SMOKE["size"], SMOKE["repeat"], SMOKE["budget"]
    args.stores = set(args.stores.split(","))
    return args


if __name__ == "__main__":
    sys.exit(main())
