"""The national benchmark's stores at work: the measured processes driven step by step.

The services ((a) on the embedded store, (d) on Virtuoso) and (b), pyoxigraph replaying the
queries the service asked, take turns request by request, so that they see the machine in the
same state (it is shared: another job that starts halfway through a run slows all of them, not
one). (c), rdflib, runs afterwards, each step within a time budget.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

from bench.national_tables import Figure, p50
from bench.national_workload import Client, Step

__all__ = ["NO_QUERIES", "SERVICE_CONFIG", "Run", "measure_rdflib", "measure_workload", "one_message",
           "replays"]

ROOT = Path(__file__).resolve().parent.parent
#: The service's settings in the benchmark: /sparql answers must be complete at size M, so the
#: row cap and the time limit are raised (the defaults refuse example 01's 50 000 rows).
#: What (b) and (c) show for a request that asks the store nothing.
NO_QUERIES = "asks the store nothing"
SERVICE_CONFIG = {"SPARQL_TIMEOUT": 600.0, "SPARQL_MAX_ROWS": 10_000_000, "SPARQL_WORKERS": 1}
#: The first /sparql request starts the query worker processes: made before anything is timed.
START = Step("start the SPARQL workers", "/sparql", "application/sparql-results+json", sparql="ASK {}")


class Run:
    """One measured process (:mod:`bench.national_runs`) and the JSON lines it writes."""

    def __init__(self, variant: str, env: dict | None = None, **arguments):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.national_runs", variant], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
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

    def command(self, command: str, **arguments) -> dict:
        self.process.stdin.write(json.dumps({"command": command, **arguments}) + "\n")
        self.process.stdin.flush()
        return self.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def one_message(variant: str, env: dict | None = None, **arguments) -> dict:
    """Run a measured process that says one thing, and return it."""
    run = Run(variant, env, **arguments)
    try:
        return run.read()
    finally:
        run.process.wait()


# --- (a), (b) and (d), taking turns -------------------------------------------------------------

def measure_workload(services: dict[str, tuple[str, dict]], generation: str | None,
                     workload: list[Step], repeat: int,
                     budget: float = float("inf")) -> tuple[dict, dict, dict]:
    """The services (store key → (store location, environment)) over HTTP, and (b) pyoxigraph
    on the directory ``generation`` (None: without (b)), taking turns.

    For each step, each service gets its first request after its per-generation values were
    emptied (the queries the first service asks its store are what (b) runs), (b) one untimed
    run; then ``repeat`` times (fewer if the first requests and (b)'s first run say they would
    take more than ``budget`` seconds), one timed request to each service and one timed run of (b).
    The queries of the first timed requests are counted too (a service that keeps values per
    generation asks fewer).

    Returns:
        (store → step → Figure, with "<key>-first" for each service's first requests;
         step → the queries the first request asked; store → what its process said at the end,
         its peak memory among it)
    """
    runs = {key: Run("service", env, store=location, config=SERVICE_CONFIG)
            for key, (location, env) in services.items()}
    oxigraph = Run("oxigraph-replay", generation=generation) if generation else None
    results: dict = {name: {} for key in services for name in (key, f"{key}-first")}
    if oxigraph:
        results["b"] = {}
    recorded: dict = {}
    try:
        clients = {key: Client(run.read(timeout=600)["url"]) for key, run in runs.items()}
        for client in clients.values():
            client.send(START)
        if oxigraph:
            oxigraph.read(timeout=600)
        for step in workload:
            try:
                _measure_step(step, runs, clients, oxigraph, repeat, budget, results, recorded)
            except (OSError, http.client.HTTPException, RuntimeError, TimeoutError) as error:
                # Reported in the step's row; the run goes on (a dead process fails the rest).
                print(f"  {step.name}: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
                for figures in results.values():
                    figures.setdefault(step.name, Figure(missing=f"failed: {type(error).__name__}"))
        for client in clients.values():
            client.close()
        ended = {key: run.command("quit") for key, run in runs.items()}
        if oxigraph:
            ended["b"] = oxigraph.command("quit")
    finally:
        for run in [*runs.values(), *([oxigraph] if oxigraph else [])]:
            run.stop()
    return results, recorded, ended


def _measure_step(step: Step, runs: dict, clients: dict, oxigraph: Run | None, repeat: int,
                  budget: float, results: dict, recorded: dict) -> None:
    firsts = {key: _first_request(run, clients[key], step) for key, run in runs.items()}
    turn = sum(first[0] for first, _ in firsts.values())
    recorded[step.name] = next(iter(firsts.values()))[1]
    queries = replays([step], recorded)[step.name]
    if not queries:  # nothing for (b) to run: the service answers from what the load derived
        oxigraph = None
        results["b"][step.name] = Figure(missing=NO_QUERIES)
    if oxigraph:
        oxigraph.command("queries", queries=queries)
        turn += oxigraph.command("run").get("seconds", 0.0)  # untimed: the services had their first
    timed = max(1, min(repeat, int(budget // turn)))
    for run in runs.values():
        run.command("record")  # how many queries a request asks once the first has kept its values
    turns = []
    for turn in range(timed):
        turns.append({key: client.send(step) for key, client in clients.items()})
        if turn == 0:
            warm = {key: len(run.command("recorded")["queries"]) for key, run in runs.items()}
        if oxigraph:
            turns[-1]["b"] = oxigraph.command("run")
    for key, (first, asked) in firsts.items():
        answers = [turn[key] for turn in turns]
        _record_service(results, key, step.name, first, answers, (len(asked), warm[key]))
        if timed < repeat:
            results[key][step.name].note += f", {timed} of {repeat} runs (over {budget:g} s)"
    if oxigraph:
        results["b"][step.name] = _replay_figure([turn["b"] for turn in turns], len(queries))
    print(f"  {step.name}: " + ", ".join(f"({key}) {p50(figures[step.name].seconds):.4f} s"
                                         for key, figures in results.items()
                                         if step.name in figures and figures[step.name].seconds),
          file=sys.stderr, flush=True)


def _first_request(service: Run, client: Client, step: Step) -> tuple[tuple, list]:
    """The first request after the per-generation values were emptied, and the queries it asked
    the store: (its (seconds, status, bytes), the queries)."""
    service.command("clear")
    service.command("record")
    first = client.send(step)
    return first, service.command("recorded")["queries"]


def _record_service(results: dict, key: str, step: str, first: tuple, answers: list,
                    counts: tuple) -> None:
    statuses = sorted({first[1], *(status for _, status, _ in answers)})
    note = f"HTTP {'/'.join(map(str, statuses))}, {first[2]:,} B, queries {counts[0]}/{counts[1]}"
    results[key][step] = Figure([seconds for seconds, *_ in answers], note=note)
    results[f"{key}-first"][step] = Figure([first[0]])
    if statuses != [200]:
        results[key][step].missing = results[f"{key}-first"][step].missing = f"HTTP {statuses[-1]}"


def _replay_figure(runs: list[dict], queries: int) -> Figure:
    failed = next((run["failed"] for run in runs if "failed" in run), None)
    if failed:
        return Figure(missing=failed[:60])
    return Figure([run["seconds"] for run in runs], note=f"{queries} queries, {runs[-1]['rows']:,} rows",
                  rows=runs[-1]["rows"])


def replays(workload: list[Step], recorded: dict) -> dict[str, list]:
    """What (b) and (c) run for each step: the /sparql query; else the queries the service's
    first request asked the store; else, if it asked none, the step's reference query; else
    nothing (the finder, which reads only the library the load built)."""
    def replay(step: Step) -> list:
        if step.sparql is not None:
            return [(step.sparql, {})]
        return recorded.get(step.name) or ([(step.reference, {})] if step.reference else [])
    return {step.name: replay(step) for step in workload}


# --- (c) ---------------------------------------------------------------------------------------

def measure_rdflib(nquads: Path, queries: dict, repeat: int, budget: float,
                   load_budget: float) -> tuple[Figure, dict, dict]:
    """(c): the parse within ``load_budget`` s, then each step within ``budget`` s.

    Returns:
        (the parse, step → Figure, phase → peak memory in MiB)
    """
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
    if message.get("nothing"):
        return Figure(missing=NO_QUERIES)
    if "error" in message:
        return Figure(missing=message["error"][:60])
    figure = Figure(message["seconds"], at_least=message["budget"], rows=message.get("rows"))
    if figure.seconds:
        figure.note = f"{message['rows']:,} rows"
        if len(figure.seconds) < repeat:
            figure.note += f", {len(figure.seconds)} of {repeat} runs within {message['budget']:g} s"
    return figure
