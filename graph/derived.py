"""What a load derives from a dataset and keeps beside its generation: the whole network's
metrics (:mod:`graph.network.snapshot`) and the finder's library (:mod:`graph.finder.library`).

One function for ``GraphStore.replace(derive=...)`` and the remote store, so that every load,
restore and change derives the same files.
"""

from __future__ import annotations

from graph.finder.library import derive as derive_finder_library
from graph.network.snapshot import derive as derive_network

__all__ = ["derive"]


def derive(store) -> dict[str, bytes]:
    """Every derived file of a freshly loaded dataset: file name → content."""
    return {**derive_network(store), **derive_finder_library(store)}
