"""The national benchmark: one workload on our service and on its peers, every figure a ratio to
raw pyoxigraph running the same SPARQL in the same run.

Run from the repository root::

    python -m bench.national                # size M (generated, cached), every store
    python -m bench.national --smoke        # size S, few runs, short budgets (what CI runs)
    python -m bench.national --size bundled --stores a,b --repeat 5

The stores: (a) the service (``api.create_app``) on the embedded store, served by waitress on
loopback and asked over HTTP with keep-alive; (b) a plain read-only ``pyoxigraph.Store`` on the
same generation directory, running exactly the queries (text and bindings) the service's graph
code asked the store for the same request; (c) rdflib's in-memory ``Dataset(default_union=True)``
holding the same N-Quads, running the same queries, each step within a time budget; (d) the
service on Virtuoso. Each store runs in processes of its own (:mod:`bench.national_runs`), so
their peak memory is their own. See ``bench/README.md`` for what each row means.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from bench.national_tables import Figure, memory_table, p50, p95, steps_table, targets_table
from bench.national_workload import Client, Step, Subjects, steps

__all__ = ["LOAD_STEPS", "main"]

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "aktorskarta-bench"
SIZES = ("bundled", "S", "M", "L")
SMOKE = {"size": "S", "repeat": 3, "budget": 10.0}
#: The service's settings in the benchmark: /sparql answers must be complete at size M, so the
#: row cap and the time limit are raised (the defaults refuse example 01's 50 000 rows).
SERVICE_CONFIG = {"SPARQL_TIMEOUT": 600.0, "SPARQL_MAX_ROWS": 10_000_000, "SPARQL_WORKERS": 1}
LOAD, DERIVE, TOTAL, SHACL, PREPARE = ("load: the triples", "load: network metrics (derive)",
                                       "load: total", "validation: SHACL", "prepare without SHACL")
LOAD_STEPS = (LOAD, DERIVE, TOTAL, SHACL, PREPARE)
PHASES = {"load": "load", "workload": "workload"}
#: The issue's targets.
API_TARGET, RDFLIB_TARGET, EGO_TARGET, LOAD_TARGET = 1.5, 20.0, 0.300, 1.5


class Run:
    """One measured process (:mod:`bench.national_runs`) and the JSON lines it writes."""

    def __init__(self, variant: str, **arguments):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.national_runs", variant],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.process.stdin.write(json.dumps(arguments) + "\n")  # too long for a command line
        self.process.stdin.flush()
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(json.loads(line))
        self.lines.put(None)

    def read(self, timeout: float | None = None) -> dict:
        """The next message; raises TimeoutError after ``timeout`` s, RuntimeError if it ended."""
        try:
            message = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError from None
        if message is None:
            raise RuntimeError(f"the measured process ended early (exit {self.process.wait()})")
        if "error" in message and "step" not in message:
            raise RuntimeError(message["error"])
        return message

    def command(self, command: str) -> dict:
        self.process.stdin.write(json.dumps({"command": command}) + "\n")
        self.process.stdin.flush()
        return self.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def one_message(variant: str, **arguments) -> dict:
    run = Run(variant, **arguments)
    try:
        return run.read()
    finally:
        run.process.wait()


# --- the data --------------------------------------------------------------------------------

def data_directory(args) -> tuple[Path, Path | None, dict]:
    """The cache directory of this size and seed, the data root (None: the bundled data) and
    what the generator said it made; generates the data on first use."""
    if args.size == "bundled":
        return args.cache / "bundled", None, {}
    from bench.generate import generate

    source = (ROOT / "bench" / "generate.py").read_bytes()
    directory = args.cache / f"{args.size}-{args.seed}-{hashlib.sha256(source).hexdigest()[:8]}"
    summary = directory / "generated.json"
    if not summary.is_file():
        shutil.rmtree(directory, ignore_errors=True)
        started = time.perf_counter()
        made = generate(directory / "data", size=args.size, seed=args.seed)
        made = {"seconds": round(time.perf_counter() - started, 1), **made}
        summary.write_text(json.dumps(made, default=str), encoding="utf-8")
    return directory, directory / "data", json.loads(summary.read_text(encoding="utf-8"))


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


# --- the stores ------------------------------------------------------------------------------

def measure_service(location: str, workload: list[Step], repeat: int) -> tuple[dict, dict, dict, dict]:
    """The service at ``location`` over HTTP: each step's first request after the per-generation
    values are emptied, a second (warm-up), then ``repeat`` timed ones.

    Returns:
        (step → Figure of the timed requests, step → Figure of the first request,
         step → the queries the first request asked the store, the processes' peak memory)
    """
    run = Run("service", store=location, config=SERVICE_CONFIG)
    timed, first, recorded = {}, {}, {}
    try:
        client = Client(run.read(timeout=600)["url"])
        client.send(Step("start the SPARQL workers", "/sparql", sparql="ASK {}"))
        for step in workload:
            run.command("clear")
            run.command("record")
            seconds, status, size = client.send(step)
            recorded[step.name] = run.command("recorded")["queries"]
            run.command("record")
            client.send(step)
            warm = len(run.command("recorded")["queries"])
            first[step.name] = Figure([seconds])
            sent = [client.send(step) for _ in range(repeat)]
            statuses = sorted({status, *(answer[1] for answer in sent)})
            note = (f"HTTP {'/'.join(map(str, statuses))}, {size:,} B, "
                    f"queries {len(recorded[step.name])}/{warm}")
            timed[step.name] = Figure([answer[0] for answer in sent], note=note)
            if statuses != [200]:
                timed[step.name].missing = first[step.name].missing = f"HTTP {statuses[-1]}"
            print(f"  (a) {step.name}: {p50(timed[step.name].seconds):.4f} s", file=sys.stderr, flush=True)
        client.close()
        done = run.command("quit")
    finally:
        run.stop()
    memory = {"workload": done["peak_rss_mb"], "workers": done["workers_peak_rss_mb"]}
    return timed, first, recorded, memory


def replays(workload: list[Step], recorded: dict) -> dict[str, list]:
    """What (b) and (c) run for each step: the /sparql query; else the queries the service's
    first request asked the store; else, if it asked none, the step's reference query."""
    def replay(step: Step) -> list:
        if step.sparql is not None:
            return [(step.sparql, {})]
        return recorded.get(step.name) or [(step.reference, {})]
    return {step.name: replay(step) for step in workload}


def measure_oxigraph(generation: str, queries: dict, repeat: int) -> tuple[dict, float]:
    run = Run("oxigraph-replay", generation=generation, replays=queries, repeat=repeat)
    found = {}
    try:
        while "done" not in (message := run.read()):
            found[message["step"]] = (Figure(missing=message["error"]) if "error" in message else
                                      Figure(message["seconds"], note=f"{len(queries[message['step']])} "
                                                                      f"queries, {message['rows']:,} rows"))
    finally:
        run.stop()
    return found, message["peak_rss_mb"]


def measure_rdflib(nquads: Path, queries: dict, repeat: int, budget: float,
                   load_budget: float) -> tuple[Figure, dict, dict]:
    """(c): the parse within ``load_budget`` s, then each step within ``budget`` s."""
    run = Run("rdflib", nquads=str(nquads), replays=queries, repeat=repeat, budget=budget)
    found, memory = {}, {}
    try:
        try:
            loaded = run.read(timeout=load_budget)
        except TimeoutError:
            return Figure(at_least=load_budget), {}, {}
        memory["load"] = loaded["peak_rss_mb"]
        while "done" not in (message := run.read(timeout=budget + 60)):
            found[message["step"]] = _rdflib_figure(message, repeat)
        memory["workload"] = max(message["peak_rss_mb"], message["children_peak_rss_mb"])
    finally:
        run.stop()
    return Figure([loaded["loaded"]], note=f"{loaded['quads']:,} quads"), found, memory


def _rdflib_figure(message: dict, repeat: int) -> Figure:
    if "error" in message:
        return Figure(missing=message["error"][:60])
    figure = Figure(message["seconds"], at_least=message["budget"])
    if figure.seconds:
        figure.note = f"{message['rows']:,} rows"
        if len(figure.seconds) < repeat:
            figure.note += f", {len(figure.seconds)} of {repeat} runs within {message['budget']:g} s"
    return figure


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
        f"data: size {args.size}, seed {args.seed}: {data['quads']:,} quads ({data['nquads_bytes']:,} bytes "
        f"of N-Quads), {data['warnings']} data warnings; prepared {data['measured']}"
        + (f"; generator: {json.dumps(made, ensure_ascii=False)}" if made else ""),
        f"runs: {args.repeat} timed per step (after an untimed one); (c) budget {args.budget:g} s a step, "
        f"{args.load_budget:g} s for the parse",
    ])


def targets(results: dict, loads: dict, workload: list[Step]) -> str:
    def value(store: str, step: str, table: dict = results) -> float | None:
        figure = table.get(store, {}).get(step)
        return p50(figure.seconds) if figure and figure.seconds and not figure.missing else None

    names = [step.name for step in workload]
    egos = [n for n in names if n.startswith("ego") and value("a", n)]
    slow = [f"{n} {value('a', n) / value('b', n):.1f}x" for n in names
            if value("a", n) and value("b", n) and value("a", n) > API_TARGET * value("b", n)]
    near = [f"{n} {_c_over_a(results, n, value)}" for n in names
            if value("a", n) and not _c_far(results, n, value("a", n))]
    rows = [
        (f"API and SPARQL p50 within {API_TARGET}x of (b)", "; ".join(slow) or "all within",
         "no" if slow else "yes"),
        (f"(a) at least {RDFLIB_TARGET:g}x faster than (c)", "; ".join(near) or "all",
         "no" if near else "yes"),
        (f"ego-network view under {EGO_TARGET * 1000:.0f} ms",
         "; ".join(f"{n} {value('a', n) * 1000:.0f} ms" for n in egos),
         "yes" if all(value("a", n) < EGO_TARGET for n in egos) else "no"),
    ]
    for step in (LOAD, TOTAL):
        a, b = value("a", step, loads), value("b", LOAD, loads)
        if a and b:
            rows.append((f"{step} within {LOAD_TARGET}x of pyoxigraph's bulk load", f"{a / b:.2f}x",
                         "yes" if a <= LOAD_TARGET * b else "no"))
    return targets_table(rows)


def _c_far(results: dict, step: str, a: float) -> bool:
    figure = results.get("c", {}).get(step)
    if figure is None or figure.missing:
        return True  # nothing to compare
    c = p50(figure.seconds) if figure.seconds else figure.at_least
    return c >= RDFLIB_TARGET * a


def _c_over_a(results: dict, step: str, value) -> str:
    figure = results["c"][step]
    c = p50(figure.seconds) if figure.seconds else figure.at_least
    return f"{'>' if not figure.seconds else ''}{c / value('a', step):.1f}x"


# --- the run ---------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    directory, root, made = data_directory(args)
    data = prepared(args, directory, root)
    nquads = directory / "dataset.nq"
    print(environment(args, data, made), flush=True)
    loads: dict = {"a": {SHACL: Figure([data["shacl_seconds"]]),
                         PREPARE: Figure([data["seconds"] - data["shacl_seconds"]])}}
    results: dict = {}
    memory: dict = {"a": {}}
    service = one_message("service-load", nquads=str(nquads), store=str(directory / "service-store"))
    loads["a"].update({LOAD: Figure([service["seconds"]], note=f"{service['quads']:,} quads"),
                       DERIVE: Figure([service["derive_seconds"]]),
                       TOTAL: Figure([service["seconds"] + service["derive_seconds"]])})
    memory["a"]["load"] = service["peak_rss_mb"]
    subjects = Subjects.from_json(service["subjects"])
    workload = steps(subjects)
    print(describe(subjects), flush=True)
    if "b" in args.stores:
        bulk = one_message("oxigraph-load", nquads=str(nquads), directory=str(directory / "oxigraph-load"))
        loads["b"] = {LOAD: Figure([bulk["seconds"]], note=f"{bulk['quads']:,} quads")}
        memory["b"] = {"load": bulk["peak_rss_mb"]}
    results["a"], results["a-first"], recorded, served = measure_service(
        str(directory / "service-store"), workload, args.repeat)
    memory["a"]["workload"] = served["workload"]
    queries = replays(workload, recorded)
    if "b" in args.stores:
        results["b"], memory["b"]["workload"] = measure_oxigraph(service["generation"], queries, args.repeat)
    if "c" in args.stores:
        loads["c"] = {}
        loads["c"][LOAD], results["c"], memory["c"] = measure_rdflib(
            nquads, queries, args.repeat, args.budget, args.load_budget)
    if "d" in args.stores:
        results["d"] = {step.name: Figure(missing="not yet") for step in workload}
        loads["d"] = {step: Figure(missing="not yet") for step in (LOAD, DERIVE, TOTAL)}
    report(args, workload, results, loads, memory, served)
    return 0


def describe(subjects: Subjects) -> str:
    return "\n".join(f"{name.replace('_', ' ')}: {record.label} <{record.iri}> ({record.count})"
                     for name, record in vars(subjects).items())


def report(args, workload: list[Step], results: dict, loads: dict, memory: dict, served: dict) -> None:
    names = [step.name for step in workload]
    stores = [store for store in ("a", "a-first", "b", "c", "d") if store in results]
    load_stores = [store for store in ("a", "b", "c", "d") if store in loads]
    print("\n== load: seconds, ratio to (b)'s bulk load ==\n")
    print(steps_table(list(LOAD_STEPS), loads, p50, load_stores, base_of=lambda step: LOAD))
    print("\n== workload p50: the median request or replay, ratio to (b)'s ==\n")
    print(steps_table(names, results, p50, stores))
    print("\n== workload p95: nearest rank, ratio to (b)'s ==\n")
    print(steps_table(names, results, p95, [store for store in stores if store != "a-first"]))
    print("\n== peak memory: largest resident set of each process (getrusage ru_maxrss), ratio to (b)'s ==\n")
    print(memory_table(memory, PHASES, [store for store in ("a", "b", "c", "d") if store in memory]))
    print(f"\n(a)'s workload is the service process; its SPARQL worker peaked at "
          f"{served['workers']:.0f} MiB.")
    print("\n== targets (issue 6) ==\n")
    print(targets(results, loads, workload), flush=True)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.national", description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=SIZES, default="M", help="generated size, or the bundled data")
    parser.add_argument("--seed", type=int, default=2026, help="generator seed (default 2026)")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per step (default 10)")
    parser.add_argument("--stores", default="a,b,c,d", help="which of a,b,c,d to run (default all)")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds (c) may spend on a step")
    parser.add_argument("--load-budget", type=float, default=900.0, help="seconds (c) may spend parsing")
    parser.add_argument("--cache", type=Path, default=CACHE, help=f"where data and stores are kept ({CACHE})")
    parser.add_argument("--fresh", action="store_true", help="validate the data again, not from the cache")
    parser.add_argument("--smoke", action="store_true", help="size S, 3 runs, 10 s budgets (CI)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.size, args.repeat, args.budget = SMOKE["size"], SMOKE["repeat"], SMOKE["budget"]
        if not (ROOT / "bench" / "generate.py").is_file():
            args.size = "bundled"  # until the generator is there
    args.stores = set(args.stores.split(","))
    return args


if __name__ == "__main__":
    sys.exit(main())
