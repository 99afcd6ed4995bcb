"""JSON API for strategists: where actors and projects overlap, who owns projects in several
areas, and what runs when and where.

- ``/analysis/overlap``: the summary: strong project pairs (a threshold), the strongest ten, by
  area and by strategy area, and how many actor pairs overlap.
- ``/analysis/overlap/actors``: actor pairs offering the same specific service to the same
  specific target group in overlapping places (``near=true``: the same service and place, but no
  specific target group in common).
- ``/analysis/overlap/projects``: project pairs with similar aims in the same area or strategy.
- ``/analysis/overlap/owners``: owners with projects in several delregioner (or län).
- ``/analysis/timeline``: projects on a time axis by place, the undated apart, and collisions.

The lists are paged JSON or, with ``format=csv``, the whole list for Swedish Excel; the
timeline is one JSON document or its projects as CSV. ``place``, ``strategy``, ``from`` and
``to`` are read as the network views read them (:func:`api.network_request.filters`).
"""

from __future__ import annotations

from flask import jsonify, request

from api import network_request as http
from api.render import list_response, negotiate
from api.storage import get_store
from api.v1 import bp
from api.v1.projects import ERROR, openapi_list, query_parameter
from graph.analysis import overlap
from graph.analysis.timeline import TIMELINE_COLUMNS, csv_rows, timeline
from graph.errors import InvalidParameter

__all__ = ["PATHS", "actor_arguments", "owner_arguments", "project_arguments", "summary_arguments",
           "timeline_arguments"]

ACTOR_COLUMNS = ["first", "second", "score", "service_types_part", "audiences_part", "places_part",
                 "shared_service_types", "shared_audiences", "shared_places", "services", "first_iri",
                 "second_iri"]
PROJECT_COLUMNS = ["first", "first_delregions", "second", "second_delregions", "score", "name",
                   "description", "strategy", "audiences", "places", "basis", "shared_terms",
                   "shared_strategy_areas", "shared_audiences", "shared_places", "first_iri", "second_iri"]
OWNER_COLUMNS = ["label", "area_count", "areas", "project_count", "projects", "iri"]


def _filters():
    return http.filters(http.current_snapshot())


def _flag(name: str) -> bool:
    """A true/false parameter (false where not given); 400 naming it for anything else."""
    value = request.args.get(name, "").strip().lower()
    if value not in ("", "0", "false", "no", "nej", "1", "true", "yes", "ja"):
        raise InvalidParameter(name, f"'{value}' is neither true nor false")
    return value in ("1", "true", "yes", "ja")


def _service() -> str | None:
    service = request.args.get("service", "").strip()
    return overlap.service_type(get_store(), service) if service else None


def actor_arguments() -> dict:
    """The actor-overlap filters in the query string, checked (400 names a bad one)."""
    return {"place": _filters().place, "floor": overlap.min_score(request.args.get("min_score")),
            "service": _service(), "near": _flag("near")}


def summary_arguments() -> dict:
    """The summary's filters: place, service, strategy, and min_score (strong overlap by default)."""
    found = _filters()
    return {"place": found.place, "service": _service(), "strategy": found.strategy,
            "floor": overlap.min_score(request.args.get("min_score"), overlap.STRONG_SCORE)}


def project_arguments() -> dict:
    """The project-overlap filters in the query string, checked."""
    found = _filters()
    return {"place": found.place, "strategy": found.strategy,
            "floor": overlap.min_score(request.args.get("min_score"))}


def owner_arguments() -> dict:
    return {"level": overlap.level(request.args.get("level"))}


def timeline_arguments() -> dict:
    """The timeline's filters: place, strategy and the period from/to."""
    found = _filters()
    return {"place": found.place, "strategy": found.strategy, "start": found.start, "end": found.end}


def _flat(pair: dict) -> dict:
    """A pair with what its CSV row needs beside the nested records."""
    extra = {f"{side}_iri": pair[side]["iri"] for side in ("first", "second")}
    for side in ("first", "second"):
        if "delregions" in pair[side]:
            extra[f"{side}_delregions"] = pair[side]["delregions"]
    return {**pair, **extra}


@bp.get("/analysis/overlap")
def overlap_overview():
    return jsonify(overlap.summary(get_store(), **summary_arguments()))


@bp.get("/analysis/overlap/actors")
def overlap_actors():
    arguments = actor_arguments()
    return list_response(lambda: [_flat(p) for p in overlap.actor_overlap(get_store(), **arguments)],
                         overlap.ACTOR_PAIR_SORTS, ACTOR_COLUMNS, "aktorskartan-overlapp-aktorer")


@bp.get("/analysis/overlap/projects")
def overlap_projects():
    arguments = project_arguments()
    return list_response(lambda: [_flat(p) for p in overlap.project_overlap(get_store(), **arguments)],
                         overlap.PAIR_SORTS, PROJECT_COLUMNS, "aktorskartan-overlapp-projekt")


@bp.get("/analysis/overlap/owners")
def overlap_owners():
    arguments = owner_arguments()
    return list_response(lambda: overlap.owners_in_several_areas(get_store(), **arguments),
                         overlap.OWNER_SORTS, OWNER_COLUMNS, "aktorskartan-agare-flera-omraden")


@bp.get("/analysis/timeline")
def timeline_view():
    payload = timeline(get_store(), **timeline_arguments())
    return negotiate(payload, csv_rows=csv_rows(payload), csv_columns=TIMELINE_COLUMNS,
                     filename="aktorskartan-tidslinje")


# --- OpenAPI ---------------------------------------------------------------------------------

PLACE = query_parameter("place", http.FILTER_HELP["place"] + "; the hierarchy counts both ways: "
                                 "a place within it or containing it overlaps too")
STRATEGY = query_parameter("strategy", http.FILTER_HELP["strategy"])
MIN_SCORE = query_parameter("min_score", "Only pairs with at least this score (0 to 1)",
                            {"type": "number", "minimum": 0, "maximum": 1, "default": 0})

SERVICE = query_parameter("service", "Only pairs sharing this service type (key of the tjanst scheme, "
                                    "e.g. affarsutveckling)")

PATHS = {
    "/analysis/overlap": {"get": {
        "summary": "Overlap at a glance: strong project pairs, the strongest ten, where and on what",
        "operationId": "getOverlapSummary",
        "description": (
            f"Project pairs at or above the threshold min_score (default {overlap.STRONG_SCORE}: strong "
            "overlap, the top twentieth of the bundled data's pairs; the timeline's collisions use it "
            "too): how many (strong_pairs of project_pairs; across_areas: in two different delregioner or "
            f"län), the strongest {overlap.TOP} with everything a pair carries, the counts by area "
            "(by_area: delregion, else län; within it or reaching into another) and by shared strategy "
            "area, and how many actor pairs overlap (actor_pairs) or only come near (near_actor_pairs). "
            "The filters narrow the pairs as the lists do."),
        "parameters": [PLACE, SERVICE, STRATEGY,
                       query_parameter("min_score", "The threshold of strong overlap (0 to 1)",
                                       {"type": "number", "minimum": 0, "maximum": 1,
                                        "default": overlap.STRONG_SCORE})],
        "responses": {"200": {"description": "The summary", "content": {"application/json": {}}},
                      "400": {"description": "A parameter cannot be used; details name it", **ERROR}},
    }},
    "/analysis/overlap/actors": openapi_list(
        "Actors offering the same specific service to the same target group in overlapping places",
        "listActorOverlap", overlap.ACTOR_PAIR_SORTS,
        [PLACE, SERVICE, MIN_SCORE,
         query_parameter("near", "true: the pairs that share a specific service type in places that meet "
                                 "but no specific target group (not an overlap) instead",
                         {"type": "boolean", "default": False})],
        description="Pairs of actors with a service each that meet on a specific service type "
                    "(schema:serviceType; not the broad Rådgivning, Utbildning, Nätverk och mötesplats or "
                    "Analys och omvärldsbevakning), a specific target group (dct:audience; not Alla företag "
                    "or Allmänheten) and places where one lies within the other (land:SE overlaps "
                    "everything); an actor and its own unit or subsidiary are never a pair. Score: 0.5 × "
                    "shared types / specific types of either + 0.25 × shared target groups / specific "
                    "target groups of either + 0.25 × share of both actors' service areas overlapping the "
                    "other's. Each pair lists the shared service types, target groups and places and the "
                    "service pairs behind them, each service with its sources. A service without an area is "
                    "placed where its provider serves (area_from: provider)."),
    "/analysis/overlap/projects": openapi_list(
        "Projects with similar aims in the same area or strategy", "listProjectOverlap",
        overlap.PAIR_SORTS, [PLACE, STRATEGY, MIN_SCORE],
        description="Pairs of projects whose names or descriptions share an informative term (TF-IDF "
                    "over Swedish Snowball stems) and that work in overlapping places or under the same "
                    "strategy area (basis: area, strategy). Score = aims × (0.6 + 0.2 × strategy + 0.1 × "
                    "audiences + 0.1 × places), aims = mean of the name and description cosines. The "
                    "filters keep pairs where either project is in the place or on the strategy area."),
    "/analysis/overlap/owners": openapi_list(
        "Owners with projects in several areas", "listOwnersInSeveralAreas", overlap.OWNER_SORTS,
        [query_parameter("level", "Count areas as delregion (default) or lan",
                         {"type": "string", "enum": list(overlap.LEVELS)})],
        description="Each project owner (projektägare, ansvarig) with projects in two or more "
                    "delregioner (or län): the areas and the projects in each, with their sources."),
    "/analysis/timeline": {"get": {
        "summary": "What runs when and where, and the collisions", "operationId": "getTimeline",
        "description": "Projects and insatser with their periods (dates as printed, else the year of the "
                       "first grant: period.basis), places, status and owners, grouped by place; dated "
                       "activities; undated projects apart; collisions: pairs in the same area, at the "
                       "same time, with similar aims (project-overlap score ≥ 0.2).",
        "parameters": [PLACE, STRATEGY,
                       query_parameter("from", http.FILTER_HELP["from"]),
                       query_parameter("to", http.FILTER_HELP["to"]),
                       query_parameter("format", "json (default) or csv (one row per project)",
                                       {"type": "string", "enum": ["json", "csv"]})],
        "responses": {"200": {"description": "{items, undated, collisions, summary}, or CSV",
                              "content": {"application/json": {}, "text/csv": {}}},
                      "400": {"description": "A parameter cannot be used; details name it", **ERROR}},
    }},
}
