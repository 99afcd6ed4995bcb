"""The embedded store: loads replace the dataset all-or-nothing, and persist on disk."""

import gc

import pyoxigraph as ox
import pytest

import graph.store
from graph.errors import ServiceBusy
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


def generations(store: GraphStore) -> list[str]:
    return sorted(p.name for p in store.directory.iterdir() if p.is_dir())


def test_old_generations_are_kept_while_a_reader_may_be_in_them_then_removed(store, monkeypatch):
    for payload in (ONE, TWO, ONE, TWO):
        store.replace(payload)
    assert len(generations(store)) == 5  # the empty first one and four loads, all recent
    monkeypatch.setattr(graph.store, "GRACE_SECONDS", 0)
    store.replace(ONE)
    assert generations(store) == ["g000005", "g000006"]


def test_a_generation_a_killed_writer_left_half_written_is_removed_by_the_next_writer(store):
    store.replace(ONE)
    (store.directory / "g000099").mkdir()  # as a writer killed during bulk_load leaves it
    (store.directory / "g000099" / "000001.sst").write_bytes(b"half")
    assert values(GraphStore.open(store.directory, read_only=True)) == {"one"}
    store.replace(TWO)
    assert "g000099" not in generations(store)
    assert values(GraphStore.open(store.directory, read_only=True)) == {"two"}


def test_two_handles_write_one_after_the_other_each_from_the_newest_data(tmp_path):
    first, second = GraphStore.open(tmp_path / "s"), GraphStore.open(tmp_path / "s")
    first.replace(ONE)
    with second.writing():
        assert values(second) == {"one"}  # the writer lock brings the newest generation
        second.replace(TWO)
    assert values(first) == {"one"} and first.refresh() and values(first) == {"two"}


def test_a_writer_waits_for_the_lock_then_gives_up_with_busy(tmp_path):
    first, second = GraphStore.open(tmp_path / "s"), GraphStore.open(tmp_path / "s")
    with first.writing(), pytest.raises(ServiceBusy):
        _write_within(second, 0.2)
    second.replace(ONE)  # released: the next writer goes ahead
    assert values(second) == {"one"}


def _write_within(store: GraphStore, wait: float) -> None:
    with store.writing(wait=wait):
        store.replace(ONE)


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
