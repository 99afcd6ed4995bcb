"""Keep curators' work across a new load of the data files.

``aktorskarta load`` rebuilds the dataset from ``data/``; the store's change log says what
curators did since, and this module does it again on the rebuilt dataset, oldest change first:
an edit's removed statements are removed and its added ones added (a statement a data file has
meanwhile corrected is simply not there to remove), and an imported document's graph is kept as
it is in the store, unless ``data/`` now has a folder for that document, which then wins. The
change log itself is kept. The result is validated as a change is; a conflict (a curated
membership of an actor the files no longer have) refuses the load and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.curation.commit import VALIDATION_GRAPH, focus_of, validated
from graph.curation.provenance import PROVENANCE_GRAPH
from graph.named_queries import select

__all__ = ["Replayed", "replay"]


@dataclass
class Replayed:
    """A rebuilt dataset with the curators' changes applied again."""

    quads: list[ox.Quad]
    changes: int = 0
    documents: list[str] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)


def replay(store, built: list[ox.Quad]) -> Replayed:
    """``built`` (a dataset built from the data files) with ``store``'s curated changes again.

    Raises:
        Rejected: the changes conflict with the rebuilt data; the report says how.
    """
    rows = select(store, "curation_patches")
    if not rows:
        return Replayed(built)
    built_graphs = {q.graph_name.value for q in built}
    quads = {q for q in built if q.graph_name != VALIDATION_GRAPH}
    warnings = [q for q in built if q.graph_name == VALIDATION_GRAPH]
    changed: list[ox.Quad] = []
    replayed = Replayed([])
    seen_changes = set()
    for row in rows:
        if row["action"] == "import":
            continue
        if row["change"] not in seen_changes:
            seen_changes.add(row["change"])
            removed = _parse(row["removed"])
            added = _parse(row["added"])
            quads.difference_update(removed)
            quads.update(added)
            changed += removed + added
    for graph in sorted({row["changed"] for row in rows if row["action"] == "import"}):  # its graph
        if graph in built_graphs:
            replayed.superseded.append(graph)
            continue
        kept = list(store.quads(graph))
        quads.update(kept)
        changed += kept
        replayed.documents.append(graph)
    quads.update(store.quads(str(PROVENANCE_GRAPH)))
    quads = list(quads)
    replayed.quads = validated(quads, warnings, focus_of(quads, changed))
    replayed.changes = len(seen_changes)
    return replayed


def _parse(nquads: str | None) -> list[ox.Quad]:
    return list(ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS)) if nquads else []
