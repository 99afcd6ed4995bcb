"""Owners active in several areas: the actors that own projects (projektägare, or ansvarig for a
Sörmland insats) in more than one delregion, or more than one län.

A project counts in every delregion (or län) that one of its places is or lies within; a
project placed only in a län counts in no delregion, and one placed in Sverige as a whole in no
län. Connect Sverige Region Väst owns a project in each of Boråsregionen, Fyrbodal and Skaraborg
(VG2020), so it is active in three delregioner.
"""

from __future__ import annotations

from collections import defaultdict

from graph.analysis.overlap_common import hierarchies, place_refs
from graph.analysis.overlap_projects import project_facts
from graph.errors import InvalidParameter
from graph.resources.common import by_label, ref
from graph.swedish import sort_key

__all__ = ["LEVELS", "OWNER_SORTS", "owners_in_several_areas"]

#: The kinds of area an owner's activity is counted in.
LEVELS = ("delregion", "lan")
#: The fields the list of owners can be sorted by.
OWNER_SORTS = ("label", "area_count", "project_count")


def owners_in_several_areas(store, level: str = "delregion") -> list[dict]:
    """Each owner with projects in two or more areas of ``level``: the areas, and in each the
    projects (with their sources); the most areas first, then by name.

    Raises:
        InvalidParameter: ``level`` is not one of :data:`LEVELS`.
    """
    if level not in LEVELS:
        raise InvalidParameter("level", f"'{level}' is not a level; use one of {', '.join(LEVELS)}")
    owned = _owned_by_area(store, level)
    rows = [_owner(owner, areas, store) for owner, areas in owned.items() if len(areas) > 1]
    return sorted(rows, key=lambda r: (-r["area_count"], sort_key(r["label"])))


def _owned_by_area(store, level: str) -> dict[str, dict[str, list[dict]]]:
    """Owner IRI → area IRI → the owner's projects there."""
    tree = hierarchies(store)
    owned: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for fact in project_facts(store).values():
        for area in tree.areas([place["iri"] for place in fact["places"]], level):
            for owner in fact["owners"]:
                owned[owner["iri"]][area].append(fact)
    return owned


def _owner(owner: str, areas: dict[str, list[dict]], store) -> dict:
    places = place_refs(store)
    facts = next(iter(areas.values()))
    label = next(o["label"] for o in facts[0]["owners"] if o["iri"] == owner)
    listed = by_label([{**places[area], "projects": by_label([_project(fact) for fact in projects])}
                       for area, projects in areas.items() if area in places])
    projects = {project["iri"]: ref(project["iri"], project["label"], key=project["key"])
                for area in listed for project in area["projects"]}
    return {**ref(owner, label), "area_count": len(listed), "project_count": len(projects), "areas": listed,
            "projects": by_label(list(projects.values()))}


def _project(fact: dict) -> dict:
    fields = ("iri", "path", "label", "key", "status", "start", "end", "sources", "warnings")
    return {field: fact[field] for field in fields}
