"""The national benchmark's measured processes, one per store variant and phase.

``python -m bench.national_runs <variant>``, with its arguments as one JSON line on standard
input, runs one of :data:`VARIANTS` in a process of its own, so its peak memory
(``resource.getrusage``'s ``ru_maxrss``: the largest resident set, in KiB on Linux) is its
own. Each writes JSON lines to its standard output and nothing else (stray prints go to
standard error); :mod:`bench.national` reads them.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import resource
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

__all__ = ["VARIANTS", "consume_oxigraph", "consume_rdflib", "from_json_term", "main", "to_json_term"]

_OUT = sys.stdout


def emit(**message) -> None:
    """One JSON line to the reading process."""
    _OUT.write(json.dumps(message) + "\n")
    _OUT.flush()


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """The peak resident set of this process (or of its largest waited-for child), in MiB."""
    return resource.getrusage(who).ru_maxrss / 1024


# --- terms: pyoxigraph → JSON → pyoxigraph or rdflib ---------------------------------------------

def to_json_term(term) -> dict:
    """A pyoxigraph term as JSON (the bindings a request's queries were given)."""
    if isinstance(term, ox.NamedNode):
        return {"iri": term.value}
    if isinstance(term, ox.BlankNode):
        return {"bnode": term.value}
    if isinstance(term, ox.Literal):
        return {"literal": term.value, "language": term.language, "datatype": term.datatype.value}
    raise TypeError(f"cannot record a binding of type {type(term).__name__}")


def from_json_term(data: dict, rdflib: bool = False):
    """The term :func:`to_json_term` wrote, as a pyoxigraph term (or an rdflib one)."""
    if rdflib:
        from rdflib import BNode, Literal, URIRef
        from rdflib.namespace import RDF, XSD

        if "iri" in data:
            return URIRef(data["iri"])
        if "bnode" in data:
            return BNode(data["bnode"])
        datatype = data["datatype"]
        plain = data["language"] or datatype in (str(XSD.string), str(RDF.langString))
        return Literal(data["literal"], lang=data["language"], datatype=None if plain else URIRef(datatype))
    if "iri" in data:
        return ox.NamedNode(data["iri"])
    if "bnode" in data:
        return ox.BlankNode(data["bnode"])
    if data["language"]:
        return ox.Literal(data["literal"], language=data["language"])
    return ox.Literal(data["literal"], datatype=ox.NamedNode(data["datatype"]))


# --- running queries and reading every value ---------------------------------------------------

def consume_oxigraph(result) -> int:
    """Read every value of a pyoxigraph result (as the service does); the rows or triples."""
    if isinstance(result, ox.QueryBoolean):
        return int(bool(result))
    rows = 0
    if isinstance(result, ox.QuerySolutions):
        variables = result.variables
        for solution in result:
            for variable in variables:
                solution[variable]  # noqa: B018 - reading it is the point
            rows += 1
        return rows
    return sum(1 for _ in result)


def consume_rdflib(result) -> int:
    """Read every value of an rdflib result; the rows or triples."""
    if result.type == "ASK":
        return int(bool(result.askAnswer))
    rows = 0
    for row in result:
        tuple(row)
        rows += 1
    return rows


def oxigraph_replay(store: ox.Store, queries: list) -> Callable[[], int]:
    """A function running ``queries`` ((text, {variable: JSON term})) on ``store``; total rows."""
    prepared = [(text, {ox.Variable(name): from_json_term(term) for name, term in bindings.items()})
                for text, bindings in queries]

    def replay() -> int:
        return sum(consume_oxigraph(store.query(text, use_default_graph_as_union=True,
                                                substitutions=substitutions or None))
                   for text, substitutions in prepared)
    return replay


def rdflib_replay(dataset, queries: list) -> Callable[[], int]:
    """A function running ``queries`` on an rdflib dataset, bindings as ``initBindings``."""
    prepared = [(text, {name: from_json_term(term, rdflib=True) for name, term in bindings.items()})
                for text, bindings in queries]

    def replay() -> int:
        return sum(consume_rdflib(dataset.query(text, initBindings=bindings or None))
                   for text, bindings in prepared)
    return replay


def timed_runs(replay: Callable[[], int], repeat: int) -> Iterator[tuple[float, int]]:
    """(seconds, rows) of each of ``repeat`` runs."""
    for _ in range(repeat):
        started = time.perf_counter()
        rows = replay()
        yield time.perf_counter() - started, rows


# --- the variants ----------------------------------------------------------------------------

def run_prepare(data: str | None, nquads: str) -> None:
    """Read, check, build and validate a data root; write its N-Quads. SHACL is timed apart."""
    import graph.ingest as ingest

    shacl = {"seconds": 0.0}
    original = ingest.shacl_problems

    def timed_shacl(build):
        started = time.perf_counter()
        try:
            return original(build)
        finally:
            shacl["seconds"] += time.perf_counter() - started

    ingest.shacl_problems = timed_shacl
    started = time.perf_counter()
    prepared = ingest.prepare([Path(data)] if data else None)
    seconds = time.perf_counter() - started
    if not prepared.ok:
        emit(error="; ".join(str(problem) for problem in prepared.violations[:5]))
        return
    content = prepared.build.nquads()
    Path(nquads).write_bytes(content)
    emit(seconds=seconds, shacl_seconds=shacl["seconds"], quads=len(prepared.build.dataset),
         warnings=len(prepared.warnings), nquads_bytes=len(content), peak_rss_mb=peak_rss_mb())


def run_service_load(nquads: str, store: str, pick: bool = True) -> None:
    """The service's load: ``replace`` (the triples, then the network metrics) timed in its two
    parts, into a fresh directory or onto a remote store (``store`` is its URL); then, if
    ``pick``, the records the workload asks about, picked from the loaded data."""
    from bench.national_workload import pick_subjects
    from graph.derived import derive
    from graph.remote_store import is_remote
    from graph.store import open_store

    content = Path(nquads).read_bytes()
    if not is_remote(store):
        shutil.rmtree(store, ignore_errors=True)
    target = open_store(store)
    derived = {"seconds": 0.0}

    def timed_derive(fresh):
        started = time.perf_counter()
        try:
            return derive(fresh)
        finally:
            derived["seconds"] = time.perf_counter() - started

    started = time.perf_counter()
    target.replace(content, derive=timed_derive)
    seconds = time.perf_counter() - started
    subjects = pick_subjects(target.query).to_json() if pick else None
    emit(seconds=seconds - derived["seconds"], derive_seconds=derived["seconds"], quads=len(target),
         generation=str(target.path), subjects=subjects, peak_rss_mb=peak_rss_mb())


def run_oxigraph_load(nquads: str, directory: str) -> None:
    """pyoxigraph's own bulk load of the same N-Quads into a fresh on-disk store."""
    content = Path(nquads).read_bytes()
    shutil.rmtree(directory, ignore_errors=True)
    started = time.perf_counter()
    store = ox.Store(directory)
    store.bulk_load(content, format=ox.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - started
    quads = len(store)
    del store
    gc.collect()
    shutil.rmtree(directory, ignore_errors=True)
    emit(seconds=seconds, quads=quads, peak_rss_mb=peak_rss_mb())


def run_oxigraph_replay(generation: str) -> None:
    """Queries on the service's generation directory, opened read-only, on command (one JSON
    line on standard input each): ``queries`` (what ``run`` runs from now on: (text,
    {variable: JSON term})), ``run`` (run them once: seconds and rows), ``quit``."""
    store = ox.Store.read_only(generation)
    replay = None
    emit(ready=True)
    for line in sys.stdin:
        command = json.loads(line)
        try:
            if command["command"] == "queries":
                replay = oxigraph_replay(store, command["queries"])
                emit(ok=True)
            elif command["command"] == "run":
                seconds, rows = next(timed_runs(replay, 1))
                emit(seconds=seconds, rows=rows)
            elif command["command"] == "quit":
                break
        except Exception as error:  # a query the engine refuses is reported in its row
            emit(failed=f"{type(error).__name__}: {error}")
    emit(done=True, peak_rss_mb=peak_rss_mb())


def run_rdflib(nquads: str, replays: dict, repeat: int, budget: float) -> None:
    """rdflib's in-memory ``Dataset(default_union=True)``: parse the N-Quads, then each step's
    queries, each step in a forked child killed after ``budget`` seconds (the runs that ended by
    then are reported; none means the answer is "more than ``budget`` s")."""
    from rdflib import Dataset

    content = Path(nquads).read_bytes()
    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(data=content, format="nquads")
    emit(loaded=time.perf_counter() - started, quads=len(dataset), peak_rss_mb=peak_rss_mb())
    context = multiprocessing.get_context("fork")
    for name, queries in replays.items():
        if not queries:
            emit(step=name, nothing=True)
            continue
        emit(step=name, **_budgeted(context, rdflib_replay(dataset, queries), repeat, budget))
    emit(done=True, peak_rss_mb=peak_rss_mb(), children_peak_rss_mb=peak_rss_mb(resource.RUSAGE_CHILDREN))


def _budgeted(context, replay: Callable[[], int], repeat: int, budget: float) -> dict:
    """Run ``replay`` up to ``repeat`` times in a forked child for at most ``budget`` seconds."""
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_send_runs, args=(sending, replay, repeat), daemon=True)
    child.start()
    sending.close()
    deadline = time.monotonic() + budget
    found: dict = {"seconds": [], "budget": budget}
    while len(found["seconds"]) < repeat and receiving.poll(max(0.0, deadline - time.monotonic())):
        try:
            message = receiving.recv()
        except EOFError:
            break
        if "error" in message:
            found["error"] = message["error"]
            break
        found["seconds"].append(message["seconds"])
        found["rows"] = message["rows"]
    found["stopped"] = child.is_alive()
    if child.is_alive():
        child.kill()
    child.join()
    receiving.close()
    return found


def _send_runs(sending, replay: Callable[[], int], repeat: int) -> None:
    try:
        for seconds, rows in timed_runs(replay, repeat):
            sending.send({"seconds": seconds, "rows": rows})
    except Exception as error:
        sending.send({"error": f"{type(error).__name__}: {error}"})


def run_service(store: str, config: dict) -> None:
    """The service (``api.create_app``) on ``store``, served by waitress on loopback.

    Prints ``{"url": ...}``, then obeys one JSON command a line on standard input:
    ``clear`` (empty the per-generation values: the next request is the first after a load),
    ``record`` (note every query the service's graph code asks the store from now on),
    ``recorded`` (return them, as (text, {variable: JSON term}), and stop), ``quit``.
    """
    from api import create_app
    from api.sparql import get_runner
    from api.storage import get_store
    from graph import per_generation
    from tests.conftest import serving

    app = create_app({"STORE": store, **config})
    with app.app_context():
        target, runner = get_store(), get_runner()
    log: list | None = None
    original = target.query

    def recording(sparql, bindings=None, *args, **options):
        if log is not None:
            log.append((sparql, {name: to_json_term(term) for name, term in (bindings or {}).items()}))
        return original(sparql, bindings, *args, **options)

    target.query = recording
    with serving(app, threads=4) as url:
        emit(url=url)
        for line in sys.stdin:
            command = json.loads(line)["command"]
            if command == "clear":
                per_generation._VALUES.clear()
                emit(ok=True)
            elif command == "record":
                log = []
                emit(ok=True)
            elif command == "recorded":
                emit(queries=log)
                log = None
            elif command == "quit":
                break
    runner.close()
    emit(done=True, peak_rss_mb=peak_rss_mb(), workers_peak_rss_mb=peak_rss_mb(resource.RUSAGE_CHILDREN))


VARIANTS = {"prepare": run_prepare, "service-load": run_service_load, "oxigraph-load": run_oxigraph_load,
            "oxigraph-replay": run_oxigraph_replay, "rdflib": run_rdflib, "service": run_service}


@contextmanager
def _quiet_stdout():
    """Anything else printed goes to standard error; the JSON lines keep standard output."""
    global _OUT
    _OUT = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        yield
    finally:
        _OUT.flush()


def main(argv: list[str] | None = None) -> None:
    variant = (argv or sys.argv[1:])[0]
    arguments = json.loads(sys.stdin.readline())
    with _quiet_stdout():
        try:
            VARIANTS[variant](**arguments)
        except Exception as error:  # said to the runner, which reports it in the store's column
            emit(error=f"{type(error).__name__}: {str(error).splitlines()[0][:300]}")
            raise


if __name__ == "__main__":
    main()
