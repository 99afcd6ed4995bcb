"""What is derived from a loaded dataset, kept until the next load.

A store's dataset never changes under its readers: a load writes a new *generation* (see
:mod:`graph.store`). So a search index, the finder's library, the overlap pairs or the network
snapshot, once computed from one generation, hold until the store reads another. This module
keeps them, per store object and name, and drops them all when the generation changes.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import TypeVar

__all__ = ["per_generation"]

T = TypeVar("T")

#: store → (the generation the values came from, name → value, name → the lock of its computation).
_VALUES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: Guards _VALUES itself, briefly; each value is computed under a lock of its own, so a long
#: computation (the project pairs of a large dataset) holds up only the requests that need it,
#: and two requests after a load do not both compute the same thing.
_LOCK = threading.Lock()


def per_generation(store, name: str, compute: Callable[[], T]) -> T:
    """``compute()``'s value for ``store``'s current generation, computed on first use."""
    with _LOCK:
        generation, values, locks = _VALUES.get(store, (None, None, None))
        if values is None or generation != store.generation:
            values, locks = {}, {}
            _VALUES[store] = (store.generation, values, locks)
        if name in values:
            return values[name]
        lock = locks.setdefault(name, threading.Lock())
    with lock:
        if name not in values:
            values[name] = compute()
        return values[name]
