"""What is derived from a loaded dataset is computed once per generation, and again after a load."""

import threading

from api import create_app
from api.storage import get_store
from graph.per_generation import per_generation
from graph.store import GraphStore

TRIPLE = '<https://aktorskartan.se/id/actor/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "A"@sv .\n'


def test_a_value_is_kept_until_the_store_loads_a_new_generation():
    store = GraphStore.memory()
    generations = []

    def count():
        generations.append(store.generation)
        return len(generations)

    assert per_generation(store, "count", count) == per_generation(store, "count", count) == 1
    store.replace(TRIPLE)
    assert per_generation(store, "count", count) == 2
    assert generations[0] != generations[1]


def test_a_long_computation_does_not_hold_up_another_value():
    store = GraphStore.memory()
    started, release = threading.Event(), threading.Event()
    found = {}

    def slow():
        started.set()
        release.wait(30)
        return "slow"

    slow_worker = threading.Thread(target=per_generation, args=(store, "slow", slow))
    slow_worker.start()
    assert started.wait(10)
    def quick():
        found["quick"] = per_generation(store, "quick", lambda: 1)

    quick_worker = threading.Thread(target=quick)
    quick_worker.start()
    quick_worker.join(5)
    finished_while_slow_ran = not quick_worker.is_alive()
    release.set()
    slow_worker.join(10)
    quick_worker.join(10)
    assert finished_while_slow_ran and found == {"quick": 1}
    assert per_generation(store, "slow", lambda: "again") == "slow"


def test_serving_builds_the_search_index_before_the_first_request(served_store):
    app = create_app({"STORE": str(served_store), "TESTING": True, "WARM_CACHES": True})
    for thread in threading.enumerate():
        if thread.name == "aktorskarta-warm":
            thread.join(timeout=300)
    with app.app_context():
        store = get_store()

    def built_again():
        raise AssertionError("the search index was built again at the first request")

    index = per_generation(store, "search-index", built_again)
    assert "Almi Företagspartner Sörmland" in {entry.label for entry in index.entries}
