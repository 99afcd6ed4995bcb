"""Networks (org:OrganizationalCollaboration): forums, clusters and groups actors meet in.

A network's payload has its description, coordinator, places, the strategy areas it serves and
its members with their roles; each membership carries the source row it was read from.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.named_queries import select
from graph.namespaces import ORG
from graph.resources.common import (
    by_label,
    iri_of,
    optional_ref,
    ref,
    require,
    sources,
    with_curation,
    with_provenance,
)
from graph.resources.place import place_ref
from graph.swedish import sort_key

__all__ = ["network", "networks"]


def network(store, key: str) -> dict:
    """Everything about one network.

    Raises:
        NotFoundError: no network with this key.
    """
    iri = iri_of("network", key)
    require(store, iri, str(ORG.OrganizationalCollaboration), "network")
    row = select(store, "network_record", network=iri)[0]
    record = {
        "iri": iri.value, "key": key, "label": row["label"], "kind": row["kind"],
        "description": row["description"],
        "coordinator": ref(row["coordinator"], row["coordinator_label"]) if row["coordinator"] else None,
        "places": by_label([place_ref(r["place"], r["label"])
                            for r in select(store, "network_places", network=iri)]),
        "subjects": _subjects(store, iri),
        "members": _members(store, iri),
    }
    return with_curation(store, with_provenance(store, record))


def _subjects(store, iri: ox.NamedNode) -> list[dict]:
    """The strategy areas the network serves, each with the strategy it belongs to."""
    return by_label([
        ref(r["subject"], r["label"], label_en=r["label_en"],
            scheme=ref(r["scheme"], r["scheme_label"]) if r["scheme"] else None)
        for r in select(store, "network_subjects", network=iri)])


def _members(store, iri: ox.NamedNode) -> list[dict]:
    """The members by name, each with its role and the source of the membership."""
    return sorted([
        ref(r["actor"], r["label"],
            type=optional_ref(r["type"], r["type_label"], label_en=r["type_label_en"]),
            role=optional_ref(r["role"], r["role_label"], label_en=r["role_label_en"]),
            sources=sources(store, r["membership"]))
        for r in select(store, "network_members", network=iri)],
        key=lambda m: (sort_key(m["label"]), sort_key(m["role"]["label"] or "")))


def networks(store) -> list[dict]:
    """Every network by name, with its kind, coordinator, places and number of members."""
    found: dict[str, dict] = {}
    for row in select(store, "networks_list"):
        item = found.get(row["network"])
        if item is None:
            coordinator = ref(row["coordinator"], row["coordinator_label"]) if row["coordinator"] else None
            item = found[row["network"]] = ref(
                row["network"], row["label"], key=row["network"].rsplit("/", 1)[-1], kind=row["kind"],
                coordinator=coordinator, places=[], members=int(row["members"]))
        if row["place"]:
            item["places"].append(place_ref(row["place"], row["place_label"]))
    for item in found.values():
        item["places"] = by_label(item["places"])
    return by_label(list(found.values()))
