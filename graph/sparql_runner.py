"""Run untrusted SPARQL queries in worker processes, with a time limit and a result cap.

pyoxigraph has no query timeout and holds its thread until a query ends, so queries run in a
small pool of ``spawn``-ed processes. A query past the time limit gets its worker killed and
replaced (:class:`~graph.errors.QueryTimeout`) while the other workers go on answering. Each
worker opens the store read-only itself (the current generation's directory; it reopens when
the generation changes) or, for an in-memory store, loads the dataset from N-Quads bytes, and
writes the answer itself (:mod:`graph.sparql_results`), so only bytes cross the pipe.

Workers start on the first query, are daemon processes, and are stopped by :meth:`close`
(also registered with :mod:`atexit`).
"""

from __future__ import annotations

import atexit
import contextlib
import io
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import pyoxigraph as ox

from graph.errors import QueryError, QueryTimeout, ResultTooLarge, ServiceBusy
from graph.sparql_results import Answer, serialize

__all__ = ["Dataset", "QueryRunner", "dataset_of", "worker_main"]

#: Seconds a fresh worker may take to import its libraries and say it is ready.
STARTUP_TIMEOUT = 60.0
#: Heap a worker may use by default (MiB); queries that sort or join huge results need more.
DEFAULT_MEMORY_MB = 2048
_ERRORS = {"query": QueryError, "too_large": ResultTooLarge, "internal": RuntimeError}


@dataclass(frozen=True)
class Dataset:
    """What a worker needs to open the data: a generation name and its directory or N-Quads."""

    generation: str
    path: str | None = None
    nquads: Callable[[], bytes] | None = None


def dataset_of(store) -> Dataset:
    """The dataset a :class:`~graph.store.GraphStore` reads now, for the workers."""
    if store.path is not None:
        return Dataset(str(store.generation), path=str(store.path))

    def dump() -> bytes:
        buffer = io.BytesIO()
        store.dump(buffer, ox.RdfFormat.N_QUADS)
        return buffer.getvalue()

    return Dataset(str(store.generation), nquads=dump)


@dataclass(frozen=True)
class Job:
    """One query for a worker (the dataset travels only when the worker has another one)."""

    query: str
    result_format: str
    max_rows: int
    union: bool
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    generation: str
    path: str | None = None
    nquads: bytes | None = None


class QueryRunner:
    """A pool of query worker processes with a time limit and a result cap."""

    def __init__(self, workers: int = 2, timeout: float = 10.0, max_rows: int = 10_000,
                 memory_mb: int | None = DEFAULT_MEMORY_MB):
        self.size = max(1, int(workers))
        self.timeout = float(timeout)
        self.max_rows = int(max_rows)
        #: Heap (MiB) one worker may use; a query needing more stops its worker, not the machine.
        self.memory_mb = memory_mb
        self._context = multiprocessing.get_context("spawn")
        self._condition = threading.Condition()
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._started = False
        self._closed = False
        atexit.register(self.close)

    def run(self, query: str, dataset: Dataset, result_format: str, *, union: bool = True,
            default_graphs: tuple[str, ...] | None = None,
            named_graphs: tuple[str, ...] | None = None) -> Answer:
        """Run ``query`` over ``dataset`` and return the answer written as ``result_format``.

        Args:
            union: use the union of the named graphs as the default graph (False when the
                query names its own dataset with FROM).
            default_graphs, named_graphs: the protocol's dataset, overriding the query's.

        Raises:
            QueryError: the engine rejected the query (its message says why).
            ResultTooLarge: more rows or triples than the cap.
            QueryTimeout: the query ran past the time limit and was stopped.
            ServiceBusy: every worker stayed busy for the whole time limit.
        """
        worker = self._acquire()
        try:
            job = Job(query, result_format, self.max_rows, union, default_graphs, named_graphs,
                      dataset.generation)
            return self._run_on(worker, job, dataset)
        finally:
            self._release(worker)

    def close(self) -> None:
        """Stop every worker (idle ones politely, busy ones at once)."""
        with self._condition:
            self._closed = True
            workers, self._idle, self._all = list(self._all), [], set()
            self._condition.notify_all()
        for worker in workers:
            worker.stop()

    # --- the pool ------------------------------------------------------------------------

    def _acquire(self) -> _Worker:
        deadline = time.monotonic() + self.timeout
        with self._condition:
            if not self._started:
                self._started = True
                for _ in range(self.size):
                    self._add_worker()
            while not self._idle:
                remaining = deadline - time.monotonic()
                if self._closed:
                    raise ServiceBusy("the query service is shutting down")
                if remaining <= 0:
                    raise ServiceBusy(f"every query worker was busy for {self.timeout:g} seconds; "
                                      "try again in a moment")
                self._condition.wait(remaining)
            return self._idle.pop()

    def _release(self, worker: _Worker) -> None:
        with self._condition:
            if worker.alive and not self._closed:
                self._idle.append(worker)
            else:
                self._all.discard(worker)
                worker.stop()
                if not self._closed:
                    self._add_worker()
            self._condition.notify()

    def _add_worker(self) -> None:
        """Start a worker (caller holds the condition); it gets ready in the background."""
        worker = _Worker(self._context, self.memory_mb)
        self._all.add(worker)
        self._idle.append(worker)

    # --- one query -------------------------------------------------------------------------

    def _run_on(self, worker: _Worker, job: Job, dataset: Dataset) -> Answer:
        worker.wait_ready(STARTUP_TIMEOUT)
        if worker.generation != dataset.generation:
            nquads = dataset.nquads() if dataset.path is None and dataset.nquads else None
            job = replace(job, path=dataset.path, nquads=nquads)
        worker.send(job)
        if not worker.connection.poll(self.timeout):
            worker.kill()
            raise QueryTimeout(f"the query ran for more than {self.timeout:g} seconds and was "
                               "stopped; narrow it (LIMIT, more specific patterns) and try again")
        reply = worker.receive()
        worker.generation = reply[-1]
        if reply[0] == "ok":
            return Answer(*reply[1:-1])
        raise _ERRORS[reply[1]](reply[2])


class _Worker:
    """The parent's handle on one worker process."""

    def __init__(self, context, memory_mb: int | None):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child, memory_mb), daemon=True,
                                       name="aktorskarta-sparql-worker")
        self.process.start()
        child.close()
        self.ready = False
        self.generation: str | None = None

    @property
    def alive(self) -> bool:
        return self.process.is_alive() and not self.connection.closed

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        if not self.connection.poll(timeout):
            self.kill()
            raise RuntimeError("a SPARQL worker process did not start")
        self.receive()
        self.ready = True

    def send(self, job: Job) -> None:
        try:
            self.connection.send(job)
        except OSError as error:
            self.kill()
            raise QueryError("the query engine stopped; try again") from error

    def receive(self) -> tuple:
        try:
            return self.connection.recv()
        except (EOFError, OSError) as error:
            self.kill()
            raise QueryError(self._stopped_message()) from error

    def _stopped_message(self) -> str:
        self.process.join(5)
        if self.process.exitcode == -signal.SIGABRT:  # the engine aborts when an allocation fails
            return "the query needed more memory than this endpoint allows and was stopped"
        return "the query engine stopped while running this query"

    def kill(self) -> None:
        """Stop the process at once (it may be deep inside a query) and close the pipe."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()

    def stop(self) -> None:
        """Ask an idle worker to end; kill it if it does not."""
        if self.process.is_alive() and not self.connection.closed:
            with contextlib.suppress(OSError):
                self.connection.send(None)
            self.process.join(1)
        self.kill()


# --- inside a worker process ------------------------------------------------------------------


def worker_main(connection, memory_mb: int | None = None) -> None:
    """A worker's life: say ready, then answer jobs until told to stop (None) or orphaned."""
    _limit_memory(memory_mb)
    state = _WorkerState()
    connection.send(("ready",))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        connection.send(state.answer(job))


def _limit_memory(memory_mb: int | None) -> None:
    """Cap this process's heap (Linux RLIMIT_DATA), where the platform can."""
    if not memory_mb:
        return
    try:
        import resource

        limit = int(memory_mb) * 2**20
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass  # no such limit here; the time limit still applies


class _WorkerState:
    """The dataset a worker has open, reopened when a job brings another generation."""

    def __init__(self):
        self.store = None
        self.generation: str | None = None

    def answer(self, job: Job) -> tuple:
        """("ok", body, media type, size, generation) or ("error", kind, message, generation)."""
        try:
            self._open(job)
        except Exception as error:  # a broken store is the service's fault, not the query's
            return ("error", "internal", f"the store could not be opened: {error}", self.generation)
        try:
            answer = _execute(self.store, job)
        except ResultTooLarge as error:
            return ("error", "too_large", str(error), self.generation)
        except SyntaxError as error:
            return ("error", "query", str(error), self.generation)
        except Exception as error:  # evaluation errors: unsupported functions, bad IRIs, ...
            return ("error", "query", f"the query could not be evaluated: {error}", self.generation)
        return ("ok", answer.body, answer.media_type, answer.size, self.generation)

    def _open(self, job: Job) -> None:
        if job.generation == self.generation and self.store is not None:
            return
        self.store, self.generation = None, None
        if job.path is not None:
            store = ox.Store.read_only(job.path)
        elif job.nquads is not None:
            store = ox.Store()
            store.load(job.nquads, format=ox.RdfFormat.N_QUADS)
        else:
            raise RuntimeError("the job brought no dataset")
        self.store, self.generation = store, job.generation


def _execute(store, job: Job) -> Answer:
    """Run one job's query and write its answer."""
    options = {}
    if job.default_graphs is not None or job.named_graphs is not None:
        options["default_graph"] = [ox.NamedNode(iri) for iri in job.default_graphs or ()]
        options["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs or ()]
    elif job.union:
        options["use_default_graph_as_union"] = True
    return serialize(store.query(job.query, **options), job.result_format, job.max_rows)
