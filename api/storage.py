"""The store behind the service: opened once per app, read-only, reached through :func:`get_store`."""

from __future__ import annotations

from flask import Flask, current_app

from graph.network.snapshot import derive
from graph.remote_store import RemoteStore
from graph.store import GraphStore, open_store, store_location

__all__ = ["get_store", "init_app"]

EXTENSION = "aktorskarta.store"


def init_app(app: Flask) -> None:
    """Open the configured store read-only (a loaded :class:`GraphStore` may be passed as STORE)."""
    configured = app.config.get("STORE")
    if isinstance(configured, GraphStore | RemoteStore):
        store = configured
    else:
        store = open_store(store_location(configured and str(configured)), read_only=True, derive=derive)
    app.extensions[EXTENSION] = store


def get_store() -> GraphStore:
    """The app's store, switched to the newest generation if ``aktorskarta load`` wrote one."""
    store = current_app.extensions[EXTENSION]
    store.refresh()
    return store
