"""The rows a network projection is built from: the answers of the ``projection_*`` named queries.

Everything the network views know comes from these SPARQL answers (never from walks over
triples), so the projections run the same on any store that answers SPARQL. The rows are
fetched once per load and kept with the store (:mod:`graph.network.snapshot`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from graph.named_queries import select

__all__ = ["Rows", "fetch_rows"]


@dataclass(frozen=True)
class Rows:
    """One list of plain dict rows per ``projection_<field>.rq`` query."""

    actors: list[dict]
    parties: list[dict]
    memberships: list[dict]
    activities: list[dict]
    activity_places: list[dict]
    activity_subjects: list[dict]
    actor_places: list[dict]
    place_parents: list[dict]
    concept_parents: list[dict]
    grants: list[dict]
    labels: list[dict]
    #: Actor type → its category (none in rows built by hand; those actors are uncategorised).
    type_categories: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[dict]]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, list[dict]]) -> Rows:
        return cls(**{column.name: data.get(column.name, []) for column in fields(cls)})


def fetch_rows(store) -> Rows:
    """Ask the store every projection query."""
    return Rows(**{column.name: select(store, f"projection_{column.name}") for column in fields(Rows)})
