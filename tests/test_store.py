"""The embedded store: loads replace the dataset all-or-nothing, and persist on disk."""

import gc

import pyoxigraph as ox
import pytest

from graph.store import GraphStore

ONE = b'<http://example.org/a> <http://example.org/p> "one" <http://example.org/g> .\n'
TWO = b'<http://example.org/a> <http://example.org/p> "two" <http://example.org/g> .\n'


def values(store: GraphStore) -> set[str]:
    return {quad.object.value for quad in store.quads()}


def test_a_load_survives_reopening(tmp_path):
    store = GraphStore.open(tmp_path / "s")
    store.replace(ONE)
    del store
    gc.collect()
    assert values(GraphStore.open(tmp_path / "s", read_only=True)) == {"one"}


def test_a_load_replaces_the_whole_dataset(store):
    store.replace(ONE)
    store.replace(TWO)
    assert values(store) == {"two"}


def test_a_failed_load_leaves_the_previous_dataset_and_no_debris(store):
    store.replace(ONE)
    generations = sorted(p.name for p in store.directory.iterdir())
    with pytest.raises(SyntaxError):
        store.replace(ONE + b"<http://example.org/broken\n")
    assert values(store) == {"one"}
    assert sorted(p.name for p in store.directory.iterdir()) == generations


def test_old_generations_are_cleaned_up(store):
    for payload in (ONE, TWO, ONE, TWO):
        store.replace(payload)
    assert len([p for p in store.directory.iterdir() if p.is_dir()]) <= 2


def test_a_read_only_store_refuses_writes(tmp_path):
    GraphStore.open(tmp_path / "s").replace(ONE)
    gc.collect()
    with pytest.raises(PermissionError):
        GraphStore.open(tmp_path / "s", read_only=True).replace(TWO)


def test_bound_values_are_never_pasted_into_the_query(store):
    store.replace(ONE)
    hostile = 'x" || true) } #'
    query = "SELECT ?s ?label WHERE { GRAPH ?g { ?s ?p ?label } }"
    assert list(store.query(query, {"label": ox.Literal(hostile)})) == []
    assert len(list(store.query(query, {"label": ox.Literal("one")}))) == 1


def test_queries_see_the_union_of_the_named_graphs(store):
    store.replace(ONE + b'<http://example.org/b> <http://example.org/p> "three" <http://example.org/h> .\n')
    assert len(list(store.query("SELECT * WHERE { ?s ?p ?o }"))) == 2


def test_derived_files_are_written_with_their_generation(store):
    count = lambda fresh: {"count.txt": str(len(fresh)).encode()}  # noqa: E731
    store.replace(ONE, derive=count)
    assert store.derived("count.txt") == b"1"
    store.replace(ONE + TWO.replace(b"/a>", b"/b>"), derive=count)
    assert store.derived("count.txt") == b"2"
    store.replace(TWO)
    assert store.derived("count.txt") is None  # derived from an older dataset: never served stale
    reopened = GraphStore.open(store.directory, read_only=True)
    assert reopened.derived("count.txt") is None


def test_a_failing_derivation_leaves_the_previous_dataset_and_no_debris(store):
    store.replace(ONE, derive=lambda fresh: {"count.txt": b"1"})
    before = sorted(p.name for p in store.directory.iterdir())

    def broken(fresh):
        raise RuntimeError("metrics failed")

    with pytest.raises(RuntimeError):
        store.replace(TWO, derive=broken)
    assert values(store) == {"one"} and store.derived("count.txt") == b"1"
    assert sorted(p.name for p in store.directory.iterdir()) == before


def test_an_in_memory_store_keeps_its_derived_files_too():
    store = GraphStore.memory()
    store.replace(ONE, derive=lambda fresh: {"count.txt": str(len(fresh)).encode()})
    assert store.derived("count.txt") == b"1"
