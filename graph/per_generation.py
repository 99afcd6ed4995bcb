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

#: store → (the generation the values came from, name → value).
_VALUES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: One computation at a time, re-entrant (a value may be made of other cached values), so two
#: requests after a load do not both compute the same thing.
_LOCK = threading.RLock()


def per_generation(store, name: str, compute: Callable[[], T]) -> T:
    """``compute()``'s value for ``store``'s current generation, computed on first use."""
    with _LOCK:
        generation, values = _VALUES.get(store, (None, None))
        if values is None or generation != store.generation:
            values = {}
            _VALUES[store] = (store.generation, values)
        if name not in values:
            values[name] = compute()
        return values[name]
