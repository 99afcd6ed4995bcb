"""Actors: who they are, where they work, what they offer, what they take part in, with whom.

An actor's payload gathers its own record (name, spellings, type, parent, units, places, web
address, e-mail and telephone where a source prints them, one sentence on what it does), its
services, its projects grouped by role, its networks, the grants to its projects and the grants
it funds or pays out, and the actors it collaborates with. Every related item is a reference
(``ref``) to that record's own page, and every relation that has its own source row (a role in
a project, a membership, a grant, a service) carries that row's ``sources``.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from graph.errors import InvalidParameter, NotFoundError
from graph.named_queries import select
from graph.namespaces import ORG, concept, local_path
from graph.resources.actor_summary import actor_summary
from graph.resources.common import (
    by_label,
    iri_of,
    number,
    optional_ref,
    ref,
    require,
    sources,
    with_curation,
    with_provenance,
)
from graph.resources.place import parse_place, place_ref
from graph.swedish import sort_key

__all__ = [
    "COLLABORATION_KINDS",
    "FILTERS",
    "FUNDING_ROLES",
    "OWNER_ROLES",
    "ROLE_ORDER",
    "actor",
    "actor_types",
    "actors",
    "collaborators",
]

ROLE = str(concept("roll", ""))
#: The order of an actor's role groups, as on a project's page: owning, doing, paying, the rest.
ROLE_ORDER = tuple(ROLE + key for key in (
    "projektagare", "ansvarig", "delagare", "projektledare", "utforare", "medverkande",
    "samverkanspart", "medfinansiar", "finansiar", "kunskapskalla", "malgruppsaktor",
    "beslutsfattare", "samordnare", "medlem"))
#: Roles that own a project (the shapes accept either as the project's owner).
OWNER_ROLES = frozenset({ROLE + "projektagare", ROLE + "ansvarig"})
#: Roles that pay for a project.
FUNDING_ROLES = frozenset({ROLE + "medfinansiar", ROLE + "finansiar"})
#: The kinds of collaboration edge (DESIGN: kept apart so a view can show one or all).
COLLABORATION_KINDS = ("ownership", "participation", "co-funding", "membership")


def actor(store, key: str) -> dict:
    """Everything about one actor.

    Raises:
        NotFoundError: no actor with this key.
    """
    iri = iri_of("actor", key)
    require(store, iri, str(ORG.Organization), "actor")
    record = _record(store, iri, key)
    record.update(_places(store, iri))
    record["services"] = _services(store, iri)
    record["projects"] = _projects(store, iri)
    record["networks"] = _networks(store, iri)
    record["coordinates"] = _coordinates(store, iri)
    record["manages"] = by_label([ref(r["scheme"], r["label"])
                                  for r in select(store, "actor_managed_schemes", actor=iri)])
    record["grants_received"] = _grants_received(store, iri)
    record["grants_given"] = _grants_given(store, iri)
    record["collaborators"] = collaborators(store, key)
    record["summary"] = actor_summary(record)
    return with_curation(store, with_provenance(store, record))


def _record(store, iri: ox.NamedNode, key: str) -> dict:
    row = select(store, "actor_record", actor=iri)[0]
    units = [ref(r["unit"], r["label"], relation=r["relation"])
             for r in select(store, "actor_units", actor=iri)]
    groups = [ref(r["group"], r["label"]) for r in select(store, "actor_groups", actor=iri)]
    return {
        "iri": iri.value, "key": key, "label": row["label"],
        "alt_labels": sorted({r["alt"] for r in select(store, "actor_alt_labels", actor=iri)}, key=sort_key),
        "type": optional_ref(row["type"], row["type_label"], label_en=row["type_label_en"]),
        "legal_entity": row["legal"] == "true",
        "homepage": row["homepage"], "email": row["email"], "phone": row["phone"],
        "parent": ref(row["parent"], row["parent_label"]) if row["parent"] else None,
        "unit_of": ref(row["unit_of"], row["unit_of_label"]) if row["unit_of"] else None,
        "units": by_label(units),
        "member_of": by_label(groups),
    }


def _places(store, iri: ox.NamedNode) -> dict:
    places = {"based_in": [], "area_served": []}
    for row in select(store, "actor_places", actor=iri):
        places[row["relation"]].append(place_ref(row["place"], row["label"]))
    return {relation: by_label(refs) for relation, refs in places.items()}


def _services(store, iri: ox.NamedNode) -> list[dict]:
    facets: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for row in select(store, "actor_service_facets", actor=iri):
        item = (place_ref(row["value"], row["label"]) if row["facet"] == "areas"
                else optional_ref(row["value"], row["label"], label_en=row["label_en"]))
        facets[row["service"]][row["facet"]].append(item)
    services = []
    for row in select(store, "actor_services", actor=iri):
        service = ref(row["service"], row["label"], description=row["description"])
        for facet in ("service_types", "audiences", "stages", "areas"):
            service[facet] = by_label(facets[row["service"]][facet])
        service["sources"] = sources(store, row["service"])
        services.append(service)
    return by_label(services)


def _projects(store, iri: ox.NamedNode) -> list[dict]:
    """The actor's projects as groups by role: ``[{"role": ref, "projects": [...]}, ...]``."""
    groups: dict[str, dict] = {}
    for row in select(store, "actor_projects", actor=iri):
        group = groups.setdefault(row["role"], {
            "role": optional_ref(row["role"], row["role_label"], label_en=row["role_label_en"]),
            "projects": []})
        group["projects"].append(ref(
            row["project"], row["label"], start=row["start"], end=row["end"], timeplan=row["timeplan"],
            status=row["status"], note=row["note"], sources=sources(store, row["party"])))
    for group in groups.values():
        group["projects"] = by_label(group["projects"])
    return sorted(groups.values(), key=lambda g: (_role_rank(g["role"]["iri"]), sort_key(g["role"]["label"])))


def _role_rank(role: str) -> int:
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


def _networks(store, iri: ox.NamedNode) -> list[dict]:
    return by_label([
        ref(r["network"], r["label"], kind=r["kind"],
            role=optional_ref(r["role"], r["role_label"], label_en=r["role_label_en"]),
            sources=sources(store, r["membership"]))
        for r in select(store, "actor_networks", actor=iri)])


def _coordinates(store, iri: ox.NamedNode) -> list[dict]:
    return by_label([ref(r["network"], r["label"], kind=r["kind"])
                     for r in select(store, "actor_coordinates", actor=iri)])


def _grant(store, row: dict, **extra) -> dict:
    """A grant: project, scheme, amount as printed, who decided on it and who pays it out."""
    return {
        "iri": row["grant"], "path": local_path(row["grant"]),
        "project": ref(row["project"], row["project_label"]),
        "scheme": ref(row["scheme"], row["scheme_label"]) if row["scheme"] else None,
        "amount": number(row["amount"]), "currency": row["currency"], "year": row["year"],
        "funder": ref(row["funder"], row["funder_label"]) if row["funder"] else None,
        "disbursed_by": ref(row["disburser"], row["disburser_label"]) if row["disburser"] else None,
        **extra, "sources": sources(store, row["grant"]),
    }


def _by_project(grants: list[dict]) -> list[dict]:
    return sorted(grants, key=lambda g: (sort_key(g["project"]["label"]), g["iri"]))


def _grants_received(store, iri: ox.NamedNode) -> list[dict]:
    """Grants to the projects the actor owns, with who decided and who paid out."""
    return _by_project([_grant(store, r) for r in select(store, "actor_grants_received", actor=iri)])


def _grants_given(store, iri: ox.NamedNode) -> list[dict]:
    """Grants the actor funds or pays out; ``relations`` says which (``funder``, ``disburser``)."""
    grants: dict[str, dict] = {}
    for row in select(store, "actor_grants_given", actor=iri):
        grant = grants.get(row["grant"]) or _grant(store, row, relations=[])
        grant["relations"] = sorted({*grant["relations"], row["relation"]})
        grants[row["grant"]] = grant
    return _by_project(list(grants.values()))


def _edge_kinds(via: str, role: str, other_role: str) -> set[str]:
    """The kinds of collaboration one shared project or network makes."""
    if via == "network":
        return {"membership"}
    if role in OWNER_ROLES or other_role in OWNER_ROLES:
        return {"ownership"}
    if role in FUNDING_ROLES and other_role in FUNDING_ROLES:
        return {"co-funding"}
    return {"participation"}


def collaborators(store, key: str) -> list[dict]:
    """The actors sharing a project or network with actor ``key``, most shared first.

    Each: the actor's ref, ``kinds`` of collaboration, the shared ``projects`` and ``networks``
    (each with the collaborator's ``roles`` there, as concept refs) and ``count`` (projects +
    networks). A shared project is ``ownership`` when either side owns it, ``co-funding`` when
    both pay for it, else ``participation``; a shared network is ``membership``.
    """
    iri = iri_of("actor", key)
    found: dict[str, dict] = {}
    for query, via in (("actor_shared_projects", "project"), ("actor_shared_networks", "network")):
        for row in select(store, query, actor=iri):
            _add_shared(found, row, via)
    return sorted((_collaborator(item) for item in found.values()),
                  key=lambda c: (-c["count"], sort_key(c["label"])))


def _add_shared(found: dict, row: dict, via: str) -> None:
    item = found.setdefault(row["other"], {"ref": ref(row["other"], row["other_label"]), "kinds": set(),
                                          "project": {}, "network": {}})
    item["kinds"] |= _edge_kinds(via, row["role"], row["other_role"])
    shared = item[via].setdefault(row["shared"], ref(row["shared"], row["shared_label"], roles={}))
    shared["roles"][row["other_role"]] = optional_ref(row["other_role"], row["other_role_label"],
                                                      label_en=row["other_role_label_en"])


def _collaborator(item: dict) -> dict:
    def shared(kind):
        return by_label([{**s, "roles": by_label(list(s["roles"].values()))} for s in item[kind].values()])

    projects, networks = shared("project"), shared("network")
    kinds = [kind for kind in COLLABORATION_KINDS if kind in item["kinds"]]
    return {**item["ref"], "kinds": kinds, "count": len(projects) + len(networks),
            "projects": projects, "networks": networks}


def actor_types(store) -> list[dict]:
    """The actor types (concepts of the scheme aktorstyp) with how many actors have each."""
    return by_label([
        ref(r["type"], r["label"], label_en=r["label_en"], key=r["type"].rsplit("/", 1)[-1],
            actors=int(r["actors"]))
        for r in select(store, "actor_types")])


#: The filters of the actor list.
FILTERS = ("type", "place")


def actors(store, filters: dict | None = None) -> list[dict]:
    """Every actor that passes the given ``filters``, by name.

    Args:
        filters: ``type``, the key of an actor type (``kommun``, ``statligt-bolag``, ...);
            ``place``, ``kind:code`` or ``kind/code`` (``lan:04``): an actor matches when a
            place it is based in or serves is that place or lies within it.

    Raises:
        InvalidParameter: an unknown type or place.
    """
    filters = filters or {}
    items = _actor_items(store)
    type, place = filters.get("type"), filters.get("place")
    if type:
        if type not in {t["key"] for t in actor_types(store)}:
            raise InvalidParameter("type", f"'{type}' is not an actor type")
        items = [item for item in items if item["type"] and item["type"]["key"] == type]
    if place:
        inside = _actors_in_place(store, place)
        items = [item for item in items if item["iri"] in inside]
    return items


def _actor_items(store) -> list[dict]:
    found: dict[str, dict] = {}
    for row in select(store, "actors_list"):
        item = found.get(row["actor"])
        if item is None:
            kind = row["type"] and ref(row["type"], row["type_label"], label_en=row["type_label_en"],
                                       key=row["type"].rsplit("/", 1)[-1])
            item = found[row["actor"]] = ref(row["actor"], row["label"], key=row["actor"].rsplit("/", 1)[-1],
                                             type=kind or None, places={})
        if row["place"]:
            item["places"][row["place"]] = place_ref(row["place"], row["place_label"])
    for item in found.values():
        item["places"] = by_label(list(item["places"].values()))
    return by_label(list(found.values()))


def _actors_in_place(store, value: str) -> set[str]:
    kind, code = parse_place(value)
    try:
        iri = iri_of(kind, code)
    except NotFoundError:
        iri = None
    if iri is None or not select(store, "place_record", place=iri):
        raise InvalidParameter("place", f"no place '{value}'")
    return {r["actor"] for r in select(store, "actors_in_place", place=iri)}
