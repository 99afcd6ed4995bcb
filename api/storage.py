"""The store behind the service: opened once per app, read-only, reached through :func:`get_store`.

With ``WARM_CACHES`` (``aktorskarta serve`` sets it), what the first requests would otherwise wait
for (the network snapshot, the search index, the finder's library) is built in a background
thread when the service starts and again whenever ``aktorskarta load`` has made a new generation
current; requests that arrive meanwhile wait for that one build instead of starting their own.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app

from api import auth
from graph.derived import derive
from graph.finder.library import library
from graph.network.snapshot import snapshot
from graph.remote_store import RemoteStore
from graph.search import search_index
from graph.store import GraphStore, open_store, store_location

__all__ = ["get_store", "get_writer", "init_app", "warm"]

EXTENSION = "aktorskarta.store"
WRITER = "aktorskarta.writer"
#: Per-generation values built ahead of the first request, in this order.
WARMED = (snapshot, search_index, library)


def init_app(app: Flask) -> None:
    """Open the configured store read-only (a loaded :class:`GraphStore` may be passed as STORE)."""
    configured = app.config.get("STORE")
    if isinstance(configured, GraphStore | RemoteStore):
        store = configured
        location = str(getattr(store, "directory", None) or getattr(store, "location", ":memory:"))
    else:
        location = store_location(configured and str(configured))
        store = open_store(location, read_only=True, derive=derive)
    app.extensions[EXTENSION] = store
    app.extensions[WRITER] = (store, location, threading.Lock(), [])
    auth.init_app(app, location)
    if app.config.get("WARM_CACHES"):
        _warm_in_background(app, store)


def get_store() -> GraphStore:
    """The app's store, switched to the newest generation if ``aktorskarta load`` wrote one."""
    store = current_app.extensions[EXTENSION]
    if store.refresh() and current_app.config.get("WARM_CACHES"):
        _warm_in_background(current_app._get_current_object(), store)
    return store


def get_writer():
    """The store the write API writes to: a handle on the same store that may write (opened on
    first use; the reading handle switches to what it writes at the next request).

    Raises:
        PermissionError: ``READ_ONLY`` is set, or the configured store object is read-only.
    """
    store, location, lock, opened = current_app.extensions[WRITER]
    if current_app.config.get("READ_ONLY"):
        raise PermissionError("READ_ONLY is set")
    if isinstance(store, GraphStore) and store.directory is None:
        return store  # in memory: the one store there is
    with lock:
        if not opened:
            opened.append(store if not store.read_only else open_store(location, derive=derive))
        return opened[0]


def warm(store) -> None:
    """Build the per-generation values of :data:`WARMED` for the store's current generation."""
    for build in WARMED:
        build(store)


def _warm_in_background(app: Flask, store) -> None:
    def run() -> None:
        try:
            warm(store)
        except Exception:  # a request will meet the same error and report it
            app.logger.exception("warming the caches of generation %s failed", store.generation)

    threading.Thread(target=run, name="aktorskarta-warm", daemon=True).start()
