"""JSON API: ``/api/v1/actors``, the actor list (filtered, sorted, paged, or all as CSV), one actor,
and an actor's projects, collaborators and grants as lists of their own (paged, or all as CSV).

The helpers here (:func:`sorted_items`, :func:`item_list`) serve the network and place lists too:
their items hold references (``{"iri", "path", "label"}``), which sort and export by label.
"""

from __future__ import annotations

from flask import Response, jsonify, request

from api.render import csv_response, list_parameters, wanted_format
from api.storage import get_store
from api.v1 import bp
from api.v1.projects import openapi_list, openapi_one, query_parameter
from graph.resources.actor import FILTERS, actor, actors
from graph.resources.common import page, sort_rows

__all__ = ["PATHS", "flat", "item_list", "sorted_items"]

ACTOR_SORTS = ("label", "key", "type")
ACTOR_COLUMNS = ["key", "label", "type", "places", "iri"]
PROJECT_SORTS = ("label", "role", "start", "end", "status")
PROJECT_COLUMNS = ["label", "role", "start", "end", "timeplan", "status", "iri"]
COLLABORATOR_SORTS = ("count", "label")
COLLABORATOR_COLUMNS = ["label", "count", "kinds", "projects", "networks", "iri"]
GRANT_SORTS = ("project", "relations", "scheme", "amount", "year")
GRANT_COLUMNS = ["relations", "project", "scheme", "amount", "currency", "year", "funder",
                 "disbursed_by", "iri"]


def flat(value):
    """A value as it sorts: a reference by its label, a list by its labels joined.

    >>> flat({"label": "Almi"}), flat([{"label": "A"}, {"label": "B"}]), flat(3)
    ('Almi', 'A | B', 3)
    """
    if isinstance(value, dict):
        return value.get("label")
    if isinstance(value, list):
        return " | ".join(str(flat(item)) for item in value) or None
    return value


def sorted_items(items: list[dict], sort: str | None, allowed, default: str | None = None) -> list[dict]:
    """``items`` sorted by ``sort`` (``-`` for descending); without one, by ``default`` or as given.

    Raises:
        InvalidParameter: ``sort`` names a field not in ``allowed``.
    """
    sort = sort or default
    if sort is None:
        return items
    views = [{**{field: flat(item.get(field)) for field in allowed}, "_index": index}
             for index, item in enumerate(items)]
    return [items[view["_index"]] for view in sort_rows(views, sort, allowed)]


def item_list(items: list[dict], sorts, columns: list[str], filename: str,
              default_sort: str | None = None) -> Response:
    """A list as one JSON page (``offset``, ``limit``, ``sort``) or, as CSV, the whole list."""
    offset, limit, sort = list_parameters()
    items = sorted_items(items, sort, sorts, default_sort)
    if wanted_format(["json", "csv"], "json") == "csv":
        return csv_response(items, columns, filename)
    response = jsonify(page(items, offset, limit))
    response.headers["Vary"] = "Accept"
    return response


@bp.get("/actors")
def list_actors():
    items = actors(get_store(), {name: request.args.get(name) for name in FILTERS})
    return item_list(items, ACTOR_SORTS, ACTOR_COLUMNS, "aktorskartan-aktorer")


@bp.get("/actors/<key>")
def one_actor(key: str):
    return jsonify(actor(get_store(), key))


def project_rows(record: dict) -> list[dict]:
    """An actor's projects, one row per project and role (the groups of the payload, flattened)."""
    return [{**project, "role": group["role"]} for group in record["projects"]
            for project in group["projects"]]


def grant_rows(record: dict) -> list[dict]:
    """The grants to an actor's projects (``received``) and those it funds or pays out."""
    received = [{**grant, "relations": ["received"]} for grant in record["grants_received"]]
    return received + record["grants_given"]


@bp.get("/actors/<key>/projects")
def actor_projects(key: str):
    rows = project_rows(actor(get_store(), key))
    return item_list(rows, PROJECT_SORTS, PROJECT_COLUMNS, f"aktorskartan-{key}-projekt")


@bp.get("/actors/<key>/collaborators")
def actor_collaborators(key: str):
    rows = actor(get_store(), key)["collaborators"]
    return item_list(rows, COLLABORATOR_SORTS, COLLABORATOR_COLUMNS, f"aktorskartan-{key}-samverkan")


@bp.get("/actors/<key>/grants")
def actor_grants(key: str):
    rows = grant_rows(actor(get_store(), key))
    return item_list(rows, GRANT_SORTS, GRANT_COLUMNS, f"aktorskartan-{key}-bidrag")


KEY = [("key", "Actor key, e.g. almi-sormland")]
PATHS = {
    "/actors": openapi_list(
        "Actors, filtered", "listActors", ACTOR_SORTS,
        [query_parameter("type", "Actor type key (kommun, statligt-bolag, inkubator, ...)"),
         query_parameter("place", "Place as kind:code or kind/code (lan:04, kommun/1490, "
                                  "delregion:borasregionen, land:SE): actors based in or serving "
                                  "that place or a place within it")],
        description="Each actor with its type and the places it is based in or serves, in Swedish "
                    "order of name. An unknown type or place is a 400 naming the parameter."),
    "/actors/{key}": openapi_one(
        "One actor", "getActor", KEY,
        description="Name and other spellings, type, legal entity, parent and units, places, "
                    "services, projects grouped by role, networks, grants to its projects and "
                    "grants it funds or pays out, collaborators; every item with its sources."),
    "/actors/{key}/projects": openapi_list(
        "An actor's projects", "listActorProjects", PROJECT_SORTS, path_parameters=KEY,
        description="One row per project and role the actor has in it (projektägare, "
                    "medverkande, samverkanspart, medfinansiär, ...), with the period."),
    "/actors/{key}/collaborators": openapi_list(
        "An actor's collaborators", "listActorCollaborators", COLLABORATOR_SORTS, path_parameters=KEY,
        description="Actors sharing a project or network with this one; kinds: ownership, "
                    "participation, co-funding, membership. Default order: most shared first."),
    "/actors/{key}/grants": openapi_list(
        "Grants to and from an actor", "listActorGrants", GRANT_SORTS, path_parameters=KEY,
        description="relations 'received': a grant to a project the actor owns; 'funder' and/or "
                    "'disburser': a grant it decided on or pays out. Amounts as printed."),
}
