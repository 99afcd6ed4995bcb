"""The same insats printed twice: records a source repeats (``projects.csv`` ``same_as``).

Sörmland's action plan prints "Almi basuppdrag" in Tabell 4 and again in Tabell 7, and its four
Nyföretagarcentrum in Tabell 4 and Tabell 9. Both rows stay records of their own, each citing
its table; the later one points to the first with ``ak:duplicateOf`` (not ``owl:sameAs``, which
would merge two differently worded rows into one node; see ``ontology/aktorskartan.ttl``).

Every analysis counts such a group once, through its *representative*: the record the others
point to (the first printing). :func:`representatives` maps every project that has a namesake
printing to it; a project printed once is not in the map and represents itself.

>>> sorted(_groups([("b", "a"), ("c", "b"), ("y", "x")]).items())
[('a', 'a'), ('b', 'a'), ('c', 'a'), ('x', 'x'), ('y', 'x')]
"""

from __future__ import annotations

from collections import defaultdict

from graph.named_queries import select
from graph.per_generation import per_generation
from graph.resources.common import by_label, ref

__all__ = ["printings", "representative", "representatives"]


def representatives(store) -> dict[str, str]:
    """Project IRI → the IRI of the record that represents its insats, for every project printed
    more than once (once per store generation)."""
    return per_generation(store, "duplicate_representatives", lambda: _groups(
        [(row["project"], row["original"]) for row in select(store, "project_duplicates")]))


def representative(store, iri: str) -> str:
    """The IRI that stands for ``iri``'s insats in the analyses (``iri`` itself if printed once)."""
    return representatives(store).get(iri, iri)


def printings(store) -> dict[str, list[dict]]:
    """Project IRI → the other records of the same insats, as references (for every project
    printed more than once)."""
    def compute() -> dict[str, list[dict]]:
        labels = {}
        for row in select(store, "project_duplicates"):
            labels[row["project"]], labels[row["original"]] = row["label"], row["original_label"]
        members = defaultdict(list)
        for iri, head in representatives(store).items():
            members[head].append(ref(iri, labels[iri]))
        return {iri: by_label([m for m in members[head] if m["iri"] != iri])
                for iri, head in representatives(store).items()}
    return per_generation(store, "duplicate_printings", compute)


def _groups(links: list[tuple[str, str]]) -> dict[str, str]:
    """Each record in a chain of links to its end: the record nothing further is linked from.
    A cycle (which the shapes do not forbid across records) ends at its smallest IRI."""
    target = dict(links)

    def end(iri: str) -> str:
        seen = [iri]
        while target.get(seen[-1]) is not None and target[seen[-1]] not in seen:
            seen.append(target[seen[-1]])
        return seen[-1] if target.get(seen[-1]) is None else min(seen)
    heads = {iri: end(iri) for iri in target}
    heads.update({head: head for head in list(heads.values())})
    return heads
