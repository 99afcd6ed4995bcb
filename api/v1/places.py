"""JSON API: ``/api/v1/places``, the place list (by kind, sorted, paged, or all as CSV), one place,
and the actors and projects tied to a place as lists of their own.

A place's actors and projects are tied to it ``here`` (the record names this place), through a
``wider`` place that contains it, or through a place ``within`` it; ``via`` names that place.
"""

from __future__ import annotations

from flask import jsonify, request

from api.render import list_response
from api.storage import get_store
from api.v1 import bp
from api.v1.projects import openapi_list, openapi_one, query_parameter
from graph.namespaces import PLACE_KINDS
from graph.resources.place import place, places

__all__ = ["PATHS", "place_actor_rows"]

PLACE_SORTS = ("label", "code", "kind", "actors", "projects", "networks")
PLACE_COLUMNS = ["kind_label", "code", "label", "county", "delregion", "actors", "projects",
                 "networks", "iri"]
ACTOR_SORTS = ("label", "type", "relation", "scope", "via")
ACTOR_COLUMNS = ["label", "type", "relation", "scope", "via", "iri"]
PROJECT_SORTS = ("label", "start", "end", "status", "scope", "via")
PROJECT_COLUMNS = ["label", "start", "end", "timeplan", "status", "scope", "via", "iri"]


def place_actor_rows(record: dict) -> list[dict]:
    """The actors serving a place, then those based there; ``relation`` says which."""
    return ([{**item, "relation": "area_served"} for item in record["actors_serving"]]
            + [{**item, "relation": "based_in"} for item in record["actors_based"]])


@bp.get("/places")
def list_places():
    items = places(get_store(), kind=request.args.get("kind") or None)
    return list_response(items, PLACE_SORTS, PLACE_COLUMNS, "aktorskartan-platser")


@bp.get("/places/<kind>/<code>")
def one_place(kind: str, code: str):
    return jsonify(place(get_store(), kind, code))


@bp.get("/places/<kind>/<code>/actors")
def place_actors(kind: str, code: str):
    rows = place_actor_rows(place(get_store(), kind, code))
    return list_response(rows, ACTOR_SORTS, ACTOR_COLUMNS, f"aktorskartan-{kind}-{code}-aktorer")


@bp.get("/places/<kind>/<code>/projects")
def place_projects(kind: str, code: str):
    rows = place(get_store(), kind, code)["projects"]
    return list_response(rows, PROJECT_SORTS, PROJECT_COLUMNS, f"aktorskartan-{kind}-{code}-projekt")


PLACE = [("kind", "Kind of place: " + ", ".join(PLACE_KINDS)),
         ("code", "Kommunkod (1490), länskod (04), delregion key (borasregionen) or SE")]
PATHS = {
    "/places": openapi_list(
        "Places", "listPlaces", PLACE_SORTS,
        [query_parameter("kind", "Only places of this kind", {"type": "string", "enum": list(PLACE_KINDS)})],
        description="Sverige, its län and kommuner and Västra Götaland's delregioner, with the län "
                    "(and delregion) of each kommun and how many actors, projects and networks "
                    "name the place itself."),
    "/places/{kind}/{code}": openapi_one(
        "One place", "getPlace", PLACE,
        description="Where it lies (within: kommun → delregion → län → Sverige), what it contains, "
                    "the actors serving or based in it, its projects and networks, each with scope "
                    "here / wider / within and the place (via) that ties it."),
    "/places/{kind}/{code}/actors": openapi_list(
        "Actors of a place", "listPlaceActors", ACTOR_SORTS, path_parameters=PLACE,
        description="Actors serving the place (relation area_served) and based in it (based_in), "
                    "with scope and via. Default order: here, wider, within, then by name."),
    "/places/{kind}/{code}/projects": openapi_list(
        "Projects of a place", "listPlaceProjects", PROJECT_SORTS, path_parameters=PLACE,
        description="Projects placed in the place, in a place containing it or within it, "
                    "with scope and via."),
}
