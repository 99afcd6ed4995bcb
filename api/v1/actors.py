"""JSON API: ``/api/v1/actors``, the actor list (filtered, sorted, paged, or all as CSV), one actor,
and an actor's projects, collaborators and grants as lists of their own (paged, or all as CSV).

List items hold references (``{"iri", "path", "label"}``), which sort and export by label.
"""

from __future__ import annotations

from flask import jsonify, request

from api.render import list_response
from api.storage import get_store
from api.v1 import bp
from api.v1.projects import openapi_list, openapi_one, query_parameter
from graph.resources.actor import FILTERS, actor, actors

__all__ = ["PATHS"]

ACTOR_SORTS = ("label", "key", "type")
ACTOR_COLUMNS = ["key", "label", "type", "places", "iri"]
PROJECT_SORTS = ("label", "role", "start", "end", "status")
PROJECT_COLUMNS = ["label", "role", "start", "end", "timeplan", "status", "iri"]
COLLABORATOR_SORTS = ("count", "label")
COLLABORATOR_COLUMNS = ["label", "count", "kinds", "projects", "networks", "iri"]
GRANT_SORTS = ("project", "relations", "scheme", "amount", "year")
GRANT_COLUMNS = ["relations", "project", "scheme", "amount", "currency", "year", "funder",
                 "disbursed_by", "iri"]


@bp.get("/actors")
def list_actors():
    items = actors(get_store(), {name: request.args.get(name) for name in FILTERS})
    return list_response(items, ACTOR_SORTS, ACTOR_COLUMNS, "aktorskartan-aktorer")


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
    return list_response(rows, PROJECT_SORTS, PROJECT_COLUMNS, f"aktorskartan-{key}-projekt")


@bp.get("/actors/<key>/collaborators")
def actor_collaborators(key: str):
    rows = actor(get_store(), key)["collaborators"]
    return list_response(rows, COLLABORATOR_SORTS, COLLABORATOR_COLUMNS, f"aktorskartan-{key}-samverkan")


@bp.get("/actors/<key>/grants")
def actor_grants(key: str):
    rows = grant_rows(actor(get_store(), key))
    return list_response(rows, GRANT_SORTS, GRANT_COLUMNS, f"aktorskartan-{key}-bidrag")


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
                    "homepage, email and phone (where a source prints them, else null), summary "
                    "(one sentence on what it does, sv and en), services, projects grouped by role, "
                    "networks, grants to its projects and grants it funds or pays out, "
                    "collaborators; every item with its sources."),
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
