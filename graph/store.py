"""Store access: the embedded Oxigraph store on disk (default) or in memory.

Queries see the union of the named graphs as their default graph. A load replaces the whole
dataset all-or-nothing: on disk, the new dataset is bulk-loaded into a fresh *generation*
directory and a pointer file (``CURRENT``) is swapped atomically only once it is complete, so a
failed or interrupted load leaves the previous dataset exactly as it was.

Data derived from a dataset (the network metrics) is computed during the load, before the
switch, and kept beside its generation (:meth:`GraphStore.derived`), so it is never stale and
never computed while a request waits.

Writes are serialised: :meth:`GraphStore.writing` holds the store's writer lock (a file lock,
so it holds across processes: several server workers, ``aktorskarta load``, the curation API),
and a write made under it starts from the newest generation. Generations are only ever read
through Oxigraph's read-only mode once written, so any number of processes read while one
writes; a reader keeps the generation it opened, a whole snapshot, until it refreshes. A
generation that a killed writer left half-written is never current and is removed by the next
writer.
"""

from __future__ import annotations

import fcntl
import gc
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from graph.errors import ServiceBusy

__all__ = ["DEFAULT_STORE", "STORE_ENV", "GraphStore", "open_store", "store_location", "writer_lock"]

STORE_ENV = "AKTORSKARTA_STORE"
#: Where the store lives when neither ``--store`` nor ``AKTORSKARTA_STORE`` says otherwise.
DEFAULT_STORE = Path("store")
CURRENT = "CURRENT"
KEPT_GENERATIONS = 2
#: A generation replaced less than this many seconds ago is kept: a reader may still be in it.
GRACE_SECONDS = 120
DERIVED_SUFFIX = ".derived"
WRITER_LOCK = "WRITER.lock"
#: How long a write waits for the writer lock before giving up (503).
WRITER_WAIT_SECONDS = 60.0

#: Computes files derived from a freshly loaded dataset: store → {file name: content}.
Derive = Callable[["GraphStore"], dict[str, bytes]]


def store_location(option: str | None = None) -> str:
    """The store location: the command-line option, else the environment, else ``./store``.

    ``:memory:`` means an in-memory store; an ``http(s)://`` URL a remote SPARQL endpoint.
    """
    return option or os.environ.get(STORE_ENV) or str(DEFAULT_STORE)


def open_store(location: str | Path, read_only: bool = False, derive: Derive | None = None):
    """The store at ``location``: a directory, ``:memory:``, or the URL of a SPARQL endpoint.

    Args:
        derive: for a remote store, computes the derived files of a generation loaded elsewhere
            (a local store always has them from its load).
    """
    from graph.remote_store import is_remote, open_remote

    if is_remote(str(location)):
        return open_remote(str(location), read_only=read_only, derive=derive)
    return GraphStore.open(location, read_only=read_only)


class GraphStore:
    """An Oxigraph store that is replaced whole on each load."""

    def __init__(self, store: ox.Store, directory: Path | None, read_only: bool = False,
                 generation: str | None = None):
        self._store = store
        self.directory = directory
        self.read_only = read_only
        #: The generation directory this object reads; changes on each load.
        self.generation = generation
        self._derived_in_memory: dict[str, bytes] = {}
        self._writer = threading.RLock()
        self._writing_depth = 0

    @classmethod
    def memory(cls) -> GraphStore:
        """A fresh in-memory store (tests, one-off runs)."""
        return cls(ox.Store(), None, generation="memory-empty")

    @classmethod
    def open(cls, location: str | Path, read_only: bool = False) -> GraphStore:
        """Open (or create) the store at ``location``; ``:memory:`` gives an in-memory one."""
        if str(location) == ":memory:":
            return cls.memory()
        directory = Path(location)
        generation = _current_generation(directory)
        if generation is None:
            if read_only:
                raise FileNotFoundError(f"no store at {directory} (run 'aktorskarta load' first)")
            directory.mkdir(parents=True, exist_ok=True)
            with writer_lock(directory, WRITER_WAIT_SECONDS):
                generation = _current_generation(directory)
                if generation is None:
                    generation = _new_generation(directory)
                    ox.Store(str(directory / generation)).flush()
                    gc.collect()
                    _point_to(directory, generation)
        return cls(ox.Store.read_only(str(directory / generation)), directory, read_only, generation)

    @property
    def path(self) -> Path | None:
        """The directory of the generation being read (None in memory)."""
        return None if self.directory is None else self.directory / self.generation

    def refresh(self) -> bool:
        """Switch to the newest generation if another process (or store object) wrote one.

        Returns True if it switched. Readers keep a consistent snapshot until they refresh.
        """
        if self.directory is None:
            return False
        current = _current_generation(self.directory)
        if current is None or current == self.generation:
            return False
        self._store = ox.Store.read_only(str(self.directory / current))
        self.generation = current
        return True

    # --- reading ---------------------------------------------------------------------------

    def query(self, sparql: str, bindings: dict | None = None):
        """Run a SPARQL query over the union of the named graphs.

        Args:
            sparql: the query text.
            bindings: variable name → pyoxigraph term, substituted before evaluation (values are
                never pasted into the query text).
        """
        substitutions = {ox.Variable(name): term for name, term in (bindings or {}).items()}
        return self._store.query(sparql, use_default_graph_as_union=True,
                                 substitutions=substitutions or None)

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        """Every quad, or those of the named graph ``graph``."""
        return self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph) if graph else None)

    def named_graphs(self) -> list[ox.NamedNode]:
        return sorted(self._store.named_graphs(), key=lambda graph: graph.value)

    def dump(self, output, format: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> None:
        """Write the whole dataset in a quad format (N-Quads, TriG)."""
        self._store.dump(output, format, prefixes=prefixes)

    def __len__(self) -> int:
        return len(self._store)

    def derived(self, name: str) -> bytes | None:
        """The derived file ``name`` computed when this generation was loaded (None if none was)."""
        if self.directory is None:
            return self._derived_in_memory.get(name)
        path = _derived_directory(self.directory, self.generation) / name
        return path.read_bytes() if path.is_file() else None

    # --- writing ---------------------------------------------------------------------------

    @contextmanager
    def writing(self, wait: float = WRITER_WAIT_SECONDS) -> Iterator[GraphStore]:
        """Hold the store's writer lock; inside, the store reads the newest generation.

        Re-entrant within a thread. Other writers, in this process or another, wait up to
        ``wait`` seconds.

        Raises:
            PermissionError: the store was opened read-only.
            ServiceBusy: another writer held the lock for longer than ``wait``.
        """
        if self.read_only:
            raise PermissionError("this store is open read-only")
        if not self._writer.acquire(timeout=wait):
            raise ServiceBusy("another change is being written; try again shortly")
        try:
            if self._writing_depth or self.directory is None:
                self._writing_depth += 1
                try:
                    yield self
                finally:
                    self._writing_depth -= 1
                return
            with writer_lock(self.directory, wait):
                self._writing_depth += 1
                try:
                    self.refresh()
                    _remove_abandoned_generations(self.directory)
                    yield self
                finally:
                    self._writing_depth -= 1
        finally:
            self._writer.release()

    def replace(self, nquads: bytes, derive: Derive | None = None) -> None:
        """Replace the whole dataset with ``nquads``, all or nothing (under the writer lock).

        Args:
            derive: computes files derived from the new dataset; they are written before the
                switch, so readers see the new dataset and its derived files together.
        """
        with self.writing():
            self._replace(nquads, derive)

    def _replace(self, nquads: bytes, derive: Derive | None) -> None:
        if self.directory is None:
            fresh = ox.Store()
            fresh.load(nquads, format=ox.RdfFormat.N_QUADS)
            generation = f"memory-{id(fresh)}"
            derived = derive(GraphStore(fresh, None, generation=generation)) if derive else {}
            self._store, self.generation, self._derived_in_memory = fresh, generation, derived
            return
        generation = _new_generation(self.directory)
        path = self.directory / generation
        try:
            fresh = ox.Store(str(path))
            fresh.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
            fresh.flush()
            if derive:
                derived = derive(GraphStore(fresh, None, generation=generation))
                _write_derived(self.directory, generation, derived)
            fresh = None
            gc.collect()  # close the writable handle: the generation is read read-only from now on
            written = ox.Store.read_only(str(path))
        except BaseException:
            fresh = None
            gc.collect()
            shutil.rmtree(path, ignore_errors=True)
            shutil.rmtree(_derived_directory(self.directory, generation), ignore_errors=True)
            raise
        _point_to(self.directory, generation)
        self._store = written
        self.generation = generation
        gc.collect()
        _remove_old_generations(self.directory, keep=KEPT_GENERATIONS)


def _derived_directory(directory: Path, generation: str) -> Path:
    return directory / f"{generation}{DERIVED_SUFFIX}"


def _write_derived(directory: Path, generation: str, files: dict[str, bytes]) -> None:
    target = _derived_directory(directory, generation)
    target.mkdir()
    for name, content in files.items():
        (target / name).write_bytes(content)


def _generations(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.glob("g*") if p.is_dir() and p.name[1:].isdigit())


def _current_generation(directory: Path) -> str | None:
    pointer = directory / CURRENT
    if not pointer.is_file():
        return None
    generation = pointer.read_text(encoding="ascii").strip()
    return generation if (directory / generation).is_dir() else None


def _new_generation(directory: Path) -> str:
    existing = _generations(directory)
    number = int(existing[-1][1:]) + 1 if existing else 1
    return f"g{number:06d}"


def _point_to(directory: Path, generation: str) -> None:
    temporary = directory / f"{CURRENT}.tmp"
    temporary.write_text(generation + "\n", encoding="ascii")
    os.replace(temporary, directory / CURRENT)


def _remove_generation(directory: Path, generation: str) -> None:
    shutil.rmtree(directory / generation, ignore_errors=True)
    shutil.rmtree(_derived_directory(directory, generation), ignore_errors=True)


def _remove_old_generations(directory: Path, keep: int) -> None:
    """Remove generations older than the ``keep`` newest once replaced :data:`GRACE_SECONDS` ago.

    A generation was replaced when the next one was written (its directory's time).
    """
    current = _current_generation(directory)
    generations = _generations(directory)
    now = time.time()
    for older, newer in zip(generations[:-keep], generations[1:], strict=False):
        replaced = (directory / newer).stat().st_mtime
        if older != current and now - replaced > GRACE_SECONDS:
            _remove_generation(directory, older)


def _remove_abandoned_generations(directory: Path) -> None:
    """Remove generations newer than the current one: a writer was killed while writing them.

    Called only under the writer lock, so no writer is still at work on one.
    """
    current = _current_generation(directory)
    for generation in _generations(directory):
        if current is not None and generation > current:
            _remove_generation(directory, generation)


@contextmanager
def writer_lock(directory: Path, wait: float) -> Iterator[None]:
    """The store's writer lock: an exclusive ``flock`` on ``WRITER.lock``, released by the
    system when its holder ends, even by ``kill -9``.

    Raises:
        ServiceBusy: another writer held it for longer than ``wait`` seconds.
    """
    with open(directory / WRITER_LOCK, "a") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ServiceBusy("another change is being written; try again shortly") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
