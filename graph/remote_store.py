"""A remote SPARQL 1.1 Query + Update endpoint as the store (tested against Virtuoso).

It answers the same calls as :class:`graph.store.GraphStore` with the same pyoxigraph objects,
so every route, the finder, the analyses and the network views run on it unchanged.

**What a query sees.** A control graph (:data:`CONTROL_GRAPH`) names the current generation and
its graphs. Every query is sent with those graphs as its dataset (``default-graph-uri`` and
``named-graph-uri``), so the default graph is their union, as on the embedded store, and
nothing else on the server (its system graphs, a load being staged) is ever seen.

**Loads are all or nothing.** A load uploads each graph of the new dataset into a staging graph
of its own, checks that the server holds exactly as many triples as were sent, computes the
derived files, and only then swaps: one update request moves the staged graphs onto the live
names and rewrites the control graph. That request must be one transaction on the server
(Virtuoso runs it as one; its ``TransactionAfterImageLimit`` must hold the whole dataset, or it
aborts the swap with SR325 and the previous dataset stays). A load that fails (the server down,
an upload refused, a count that does not match, the swap aborted) drops its staging graphs and
leaves the previous dataset answering, unchanged; a later load also drops whatever an
interrupted one left.

**Derived files** (the network metrics) are computed from the new dataset in a local in-memory
Oxigraph store during the load (the same queries; no second trip over the network) and kept in
a local cache directory per generation. A service on another machine that finds no cached file
for the current generation computes it once through SPARQL (``derive`` passed to
:func:`open_remote`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from graph.errors import RemoteError, RemoteUnavailable, ServiceBusy
from graph.query_bindings import query_form, with_bindings
from graph.sparql_client import Endpoint, SparqlClient, endpoint_from_url
from graph.store import WRITER_WAIT_SECONDS, writer_lock

__all__ = ["CONTROL_GRAPH", "RemoteStore", "is_remote", "open_remote"]

CONTROL_GRAPH = "https://aktorskartan.se/store/control"
STAGING = "https://aktorskartan.se/store/staging/"
_AK = "https://aktorskartan.se/ns/store#"
_CONTROL = ox.NamedNode(CONTROL_GRAPH)
#: Triples per Graph Store upload, and per INSERT DATA request where there is no Graph Store
#: (Virtuoso refuses INSERT DATA much past 1 000 triples: SP031/SP030).
UPLOAD_BATCH = 200_000
INSERT_BATCH = 500
#: Seconds the swap of a large load may take (Virtuoso moved 2 million triples in about a minute).
SWAP_SECONDS = 1800.0
#: Seconds between two looks at the control graph (another process may have loaded).
REFRESH_SECONDS = 1.0
CACHE_ENV = "AKTORSKARTA_CACHE"
Derive = Callable[[object], dict[str, bytes]]


def is_remote(location: str) -> bool:
    """True if the store location is the URL of a SPARQL endpoint."""
    return str(location).startswith(("http://", "https://"))


def open_remote(location: str, read_only: bool = False, derive: Derive | None = None) -> RemoteStore:
    """The remote store at ``location`` (``http[s]://[user:password@]host/path``).

    The Graph Store endpoint for fast uploads and the credentials may also come from the
    environment: ``AKTORSKARTA_GRAPH_STORE``, ``AKTORSKARTA_STORE_USER``,
    ``AKTORSKARTA_STORE_PASSWORD``.
    """
    endpoint = endpoint_from_url(location, user=os.environ.get("AKTORSKARTA_STORE_USER"),
                                 password=os.environ.get("AKTORSKARTA_STORE_PASSWORD"),
                                 graph_store=os.environ.get("AKTORSKARTA_GRAPH_STORE"))
    return RemoteStore(endpoint, read_only=read_only, derive=derive)


class RemoteStore:
    """A dataset kept on a remote SPARQL server and replaced whole on each load."""

    directory = None
    path = None

    def __init__(self, endpoint: Endpoint, read_only: bool = False, derive: Derive | None = None,
                 cache: Path | None = None):
        self.endpoint = endpoint
        self.client = SparqlClient(endpoint)
        self.read_only = read_only
        self.cache = cache or _default_cache(endpoint.url)
        self._derive = derive
        self._graphs: tuple[str, ...] = ()
        self.generation: str | None = None
        self._looked = 0.0
        self._writer = threading.RLock()
        self._writing = False
        self.refresh(force=True)

    @property
    def location(self) -> str:
        return self.endpoint.url

    def refresh(self, force: bool = False) -> bool:
        """Read the control graph again (at most once a second unless ``force``).

        Returns True if another load made a new generation current.
        """
        if not force and time.monotonic() - self._looked < REFRESH_SECONDS:
            return False
        generation, graphs = self._read_control()
        self._looked = time.monotonic()
        changed = generation != self.generation
        self.generation, self._graphs = generation, graphs
        return changed and not force

    # --- reading ---------------------------------------------------------------------------

    def query(self, sparql: str, bindings: dict | None = None, timeout: float | None = None):
        """Run a SPARQL query over the union of the current graphs (see GraphStore.query)."""
        text = with_bindings(sparql, bindings)
        if query_form(sparql) in ("CONSTRUCT", "DESCRIBE"):
            return self.client.construct(text, self._graphs, self._graphs, timeout)
        return self.client.select(text, self._graphs, self._graphs, timeout)

    def query_dataset(self, sparql: str, default_graphs: Iterable[str], named_graphs: Iterable[str],
                      timeout: float | None = None):
        """Run a query over a dataset of the caller's choosing (the SPARQL endpoint's protocol
        parameters); the graphs must be current graphs of this store."""
        unknown = set(default_graphs) | set(named_graphs)
        unknown -= set(self._graphs)
        if unknown:
            raise ValueError(f"not graphs of this store: {sorted(unknown)}")
        run = self.client.construct if query_form(sparql) in ("CONSTRUCT", "DESCRIBE") else self.client.select
        return run(sparql, tuple(default_graphs), tuple(named_graphs), timeout)

    def named_graphs(self) -> list[ox.NamedNode]:
        return [ox.NamedNode(graph) for graph in sorted(self._graphs)]

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        """Every quad, or those of the named graph ``graph``."""
        for name in [graph] if graph else sorted(self._graphs):
            node = ox.NamedNode(name)
            triples = self.client.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", (name,), ())
            yield from (ox.Quad(t.subject, t.predicate, t.object, node) for t in triples)

    def dump(self, output, format: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> None:
        """Write the whole dataset in a quad format (N-Quads, TriG)."""
        ox.serialize(self.quads(), output, format, prefixes=prefixes)

    def __len__(self) -> int:
        if not self._graphs:
            return 0
        rows = self.client.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                                  (), self._graphs)
        return int(rows[0]["n"].value)

    def derived(self, name: str) -> bytes | None:
        """The derived file ``name`` of the current generation (computed here if not cached)."""
        if self.generation is None:
            return None
        path = self.cache / self.generation / name
        if not path.is_file() and self._derive is not None:
            self._keep(self.generation, self._derive(self))
        return path.read_bytes() if path.is_file() else None

    # --- writing ---------------------------------------------------------------------------

    @contextmanager
    def writing(self, wait: float = WRITER_WAIT_SECONDS) -> Iterator[RemoteStore]:
        """Hold the writer lock of this machine's service on the store (as GraphStore.writing).

        The lock is a file in the cache directory: it orders the writers of one machine (its
        server workers, ``aktorskarta load``), not those of others.
        """
        if self.read_only:
            raise PermissionError("this store is open read-only")
        if not self._writer.acquire(timeout=wait):
            raise ServiceBusy("another change is being written; try again shortly")
        try:
            if self._writing:
                yield self
                return
            self.cache.mkdir(parents=True, exist_ok=True)
            with writer_lock(self.cache, wait):
                self._writing = True
                try:
                    self.refresh(force=True)
                    yield self
                finally:
                    self._writing = False
        finally:
            self._writer.release()

    def replace(self, nquads: bytes, derive: Derive | None = None) -> None:
        """Replace the whole dataset with ``nquads``, all or nothing (see the module docstring)."""
        with self.writing():
            self._replace(nquads, derive)

    def _replace(self, nquads: bytes, derive: Derive | None) -> None:
        graphs = _by_graph(nquads)
        generation = f"r{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        staged = {name: f"{STAGING}{generation}/{index}" for index, name in enumerate(sorted(graphs))}
        self._drop_abandoned()
        self._note_staging(staged.values())
        try:
            for name, triples in graphs.items():
                self._upload(staged[name], triples)
            self._check_counts(staged, graphs)
            if derive:
                self._keep(generation, derive(_local_view(nquads, generation)))
            self._swap(generation, staged)
        except BaseException:
            self._drop_staging(staged.values())
            raise
        self.refresh(force=True)

    def _upload(self, graph: str, triples: list[ox.Triple]) -> None:
        if self.endpoint.graph_store:
            for start in range(0, len(triples), UPLOAD_BATCH):
                self.client.upload(graph, ox.serialize(triples[start:start + UPLOAD_BATCH],
                                                       format=ox.RdfFormat.N_TRIPLES))
            return
        for start in range(0, len(triples), INSERT_BATCH):
            body = ox.serialize(triples[start:start + INSERT_BATCH], format=ox.RdfFormat.N_TRIPLES)
            self.client.update(f"INSERT DATA {{ GRAPH <{graph}> {{ {body.decode('utf-8')} }} }}")

    def _check_counts(self, staged: dict[str, str], graphs: dict[str, list]) -> None:
        for name, stage in staged.items():
            rows = self.client.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", (stage,), ())
            held, sent = int(rows[0]["n"].value), len(graphs[name])
            if held != sent:
                raise RemoteUnavailable(f"the remote store holds {held} triples of the {sent} sent for "
                                        f"<{name}>; nothing was changed")

    def _swap(self, generation: str, staged: dict[str, str]) -> None:
        """One update request: staged graphs onto the live names, old graphs dropped, the control
        graph rewritten."""
        dropped = [f"DROP SILENT GRAPH <{name}>" for name in self._graphs if name not in staged]
        moved = [f"MOVE SILENT GRAPH <{stage}> TO GRAPH <{name}>" for name, stage in staged.items()]
        control = [f"DROP SILENT GRAPH <{CONTROL_GRAPH}>",
                   f"INSERT DATA {{ GRAPH <{CONTROL_GRAPH}> {{ {_control_triples(generation, staged)} }} }}"]
        self.client.update(" ;\n".join(dropped + moved + control), timeout=SWAP_SECONDS)

    def _note_staging(self, stages: Iterable[str]) -> None:
        """Record the staging graphs, so that a load that dies half-way is cleaned up next time."""
        triples = " ".join(f"<{CONTROL_GRAPH}> <{_AK}staging> <{stage}> ." for stage in stages)
        self.client.update(f"INSERT DATA {{ GRAPH <{CONTROL_GRAPH}> {{ {triples} }} }}")

    def _drop_staging(self, stages: Iterable[str]) -> None:
        stages = list(stages)
        forget = " ".join(f"<{CONTROL_GRAPH}> <{_AK}staging> <{stage}> ." for stage in stages)
        drops = [f"DROP SILENT GRAPH <{stage}>" for stage in stages]
        # If the server is gone, the next load drops them (they are noted in the control graph).
        with contextlib.suppress(RemoteError):
            self.client.update(" ;\n".join(drops + [
                f"DELETE DATA {{ GRAPH <{CONTROL_GRAPH}> {{ {forget} }} }}"]))

    def _drop_abandoned(self) -> None:
        rows = self.client.select(f"SELECT ?stage WHERE {{ <{CONTROL_GRAPH}> <{_AK}staging> ?stage }}",
                                  (CONTROL_GRAPH,), ())
        if rows:
            self._drop_staging(row["stage"].value for row in rows)

    def _read_control(self) -> tuple[str | None, tuple[str, ...]]:
        rows = self.client.select(
            f"SELECT ?generation ?graph WHERE {{ <{CONTROL_GRAPH}> <{_AK}generation> ?generation . "
            f"OPTIONAL {{ <{CONTROL_GRAPH}> <{_AK}graph> ?graph }} }}", (CONTROL_GRAPH,), ())
        if not rows:
            return None, ()
        graphs = sorted({row["graph"].value for row in rows if row["graph"] is not None})
        return rows[0]["generation"].value, tuple(graphs)

    def _keep(self, generation: str, files: dict[str, bytes]) -> None:
        target = self.cache / generation
        target.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            temporary = target / f".{name}.tmp"
            temporary.write_bytes(content)
            os.replace(temporary, target / name)


def _control_triples(generation: str, staged: dict[str, str]) -> str:
    lines = [f'<{CONTROL_GRAPH}> <{_AK}generation> "{generation}" .']
    lines += [f"<{CONTROL_GRAPH}> <{_AK}graph> <{name}> ." for name in sorted(staged)]
    return " ".join(lines)


def _by_graph(nquads: bytes) -> dict[str, list[ox.Triple]]:
    """The dataset's triples by named graph (a dataset here lives in named graphs only), each
    once: N-Quads may repeat a quad, and the server keeps one, which the count check compares.

    >>> line = b'<http://a/s> <http://a/p> "o" <http://a/g> .\\n'
    >>> {graph: len(triples) for graph, triples in _by_graph(line + line).items()}
    {'http://a/g': 1}
    """
    graphs: dict[str, dict[ox.Triple, None]] = defaultdict(dict)
    for quad in ox.parse(nquads, ox.RdfFormat.N_QUADS):
        if not isinstance(quad.graph_name, ox.NamedNode):
            raise ValueError(f"a triple outside any named graph: {quad.triple}; every record "
                             "belongs to its source document's graph")
        graphs[quad.graph_name.value][quad.triple] = None
    return {graph: list(triples) for graph, triples in graphs.items()}


def _local_view(nquads: bytes, generation: str):
    """The new dataset in a local in-memory store, for computing its derived files."""
    from graph.store import GraphStore

    store = ox.Store()
    store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    return GraphStore(store, None, generation=generation)


def _default_cache(url: str) -> Path:
    root = Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "aktorskarta")
    return root / hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
