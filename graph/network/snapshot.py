"""The whole-ecosystem network, computed when data is loaded and kept with the store.

:func:`derive` runs inside a load (see :meth:`graph.store.GraphStore.replace`): it asks the new
dataset the projection queries, builds the collaboration graph and computes its metrics, and
the result is written beside the generation before the store switches to it. The service
reads it back with :func:`snapshot`, once per process and generation; no request ever waits for
whole-ecosystem metrics.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from graph.errors import NotPrepared
from graph.network.metrics import node_metrics
from graph.network.model import EVERYTHING, Model
from graph.network.projection import collaboration
from graph.network.rows import Rows, fetch_rows
from graph.per_generation import per_generation

__all__ = ["DERIVED_FILE", "Snapshot", "derive", "snapshot"]

DERIVED_FILE = "network.json"
FORMAT_VERSION = 2


@dataclass
class Snapshot:
    """The projection rows of one dataset and the metrics of its whole collaboration network."""

    model: Model
    metrics: dict[str, dict]
    summary: dict

    @cached_property
    def ecosystem(self) -> nx.Graph:
        """The unfiltered collaboration graph (rebuilt from the rows once per process)."""
        return collaboration(self.model)

    @cached_property
    def ecosystem_activities(self) -> list[str]:
        """The projects and networks of the whole network (its reading counts them)."""
        return self.model.taking_part(EVERYTHING, self.ecosystem)

    def to_bytes(self) -> bytes:
        return json.dumps({"version": FORMAT_VERSION, "rows": self.model.rows.as_dict(),
                           "metrics": self.metrics, "summary": self.summary},
                          ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_bytes(cls, content: bytes) -> Snapshot:
        data = json.loads(content)
        if data.get("version") != FORMAT_VERSION:
            raise NotPrepared("the network metrics were computed by another version: run 'aktorskarta load'")
        return cls(Model(Rows.from_dict(data["rows"])), data["metrics"], data["summary"])


def compute(store) -> Snapshot:
    """Project the store's dataset and compute the whole network's metrics."""
    model = Model(fetch_rows(store))
    metrics, summary = node_metrics(collaboration(model))
    return Snapshot(model, metrics, summary)


def derive(store) -> dict[str, bytes]:
    """The derived files of a freshly loaded dataset (for ``GraphStore.replace(derive=...)``)."""
    return {DERIVED_FILE: compute(store).to_bytes()}


def snapshot(store) -> Snapshot:
    """The network snapshot of the store's current generation.

    Raises:
        NotPrepared: the dataset was written without its derived files (load it with
            ``aktorskarta load``).
    """
    return per_generation(store, DERIVED_FILE, lambda: _read(store))


def _read(store) -> Snapshot:
    content = store.derived(DERIVED_FILE)
    if content is None:
        raise NotPrepared("the network metrics of this dataset have not been computed: "
                          "run 'aktorskarta load'")
    return Snapshot.from_bytes(content)
