"""JSON API: ``/api/v1/projects``, the project list (filtered, sorted, paged, or all as CSV) and
one project with its parties, grants, strategy areas and sources."""

from __future__ import annotations

from flask import jsonify, request

from api import DEFAULTS
from api.render import list_response
from api.storage import get_store
from api.v1 import bp
from graph.resources.project import FILTERS, PROJECT_SORTS, project, projects

__all__ = ["CSV_COLUMNS", "FILTER_HELP", "PATHS", "filter_arguments",
           "openapi_list", "openapi_one", "query_parameter"]

#: Columns of the CSV download (lists of records are written as their labels, ``|``-separated).
CSV_COLUMNS = ["key", "label", "kind", "status", "owners", "total_cost", "grant_sum", "start", "end",
               "time_plan", "places", "strategy_areas", "funding_schemes", "iri"]

FILTER_HELP = {
    "place": "Place as kind/code (kommun/1490, lan/14, delregion/skaraborg, land/SE); a project "
             "counts for every place its places lie within",
    "strategy": "Strategy area as scheme/key (sormland-nls/nyforetagande; sub-areas included) or a "
                "whole strategy by its scheme key (vg2020)",
    "funding": "Funding scheme key (eruf); a scheme includes its sub-schemes",
    "owner": "Actor key of an owner (projektägare, or ansvarig for a Sörmland insats)",
    "year": "Year (2020): a grant dated that year, or a period that covers it",
}


def filter_arguments() -> dict:
    """The project-list filters given in the query string."""
    return {name: request.args.get(name) for name in FILTERS if request.args.get(name)}


@bp.get("/projects")
def list_projects():
    return list_response(lambda: projects(get_store(), filter_arguments()), PROJECT_SORTS, CSV_COLUMNS,
                         "aktorskartan-projekt")


@bp.get("/projects/<key>")
def one_project(key: str):
    return jsonify(project(get_store(), key))


# --- OpenAPI ---------------------------------------------------------------------------------

def query_parameter(name: str, description: str, schema: dict | None = None) -> dict:
    """An OpenAPI query parameter."""
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


def _path_parameter(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string"}}


ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
LIST_PARAMETERS = [
    query_parameter("offset", "How many items to skip", {"type": "integer", "minimum": 0, "default": 0}),
    query_parameter("limit", "How many items to return", {"type": "integer", "minimum": 1, "default": 50,
                                                          "maximum": DEFAULTS["API_MAX_PER_PAGE"]}),
    query_parameter("format", "json (default) or csv: the whole list for Swedish Excel (BOM, ';')",
                    {"type": "string", "enum": ["json", "csv"]}),
]


def openapi_list(summary: str, operation: str, sorts, extra: list[dict] | None = None,
                 path_parameters: list[tuple[str, str]] = (), description: str = "") -> dict:
    """A path item for a paged, sortable list that downloads as CSV."""
    sort = query_parameter("sort", "Field to sort by, '-' first for descending (Swedish order for text)",
                           {"type": "string", "enum": [p + s for s in sorts for p in ("", "-")]})
    responses = {
        "200": {"description": "One page ({total, offset, limit, items}), or the whole list as CSV",
                "content": {"application/json": {}, "text/csv": {}}},
        "400": {"description": "A parameter cannot be used; details name it", **ERROR},
    }
    if path_parameters:
        responses["404"] = {"description": "No such record", **ERROR}
    parameters = [_path_parameter(*p) for p in path_parameters] + (extra or []) + LIST_PARAMETERS + [sort]
    return {"get": {"summary": summary, "description": description, "operationId": operation,
                    "parameters": parameters, "responses": responses}}


def openapi_one(summary: str, operation: str, path_parameters: list[tuple[str, str]],
                description: str = "") -> dict:
    """A path item for one record as JSON."""
    return {"get": {
        "summary": summary, "description": description, "operationId": operation,
        "parameters": [_path_parameter(*p) for p in path_parameters],
        "responses": {"200": {"description": "The record with its sources and warnings",
                              "content": {"application/json": {}}},
                      "404": {"description": "No such record", **ERROR}},
    }}


PATHS = {
    "/projects": openapi_list(
        "Projects and insatser, filtered", "listProjects", PROJECT_SORTS,
        [query_parameter(name, help_text) for name, help_text in FILTER_HELP.items()],
        description="Each project with owners, total cost, sum of grants, period, places and strategy "
                    "areas. Filters combine (all must hold); an unknown or malformed value is a 400 "
                    "naming the parameter."),
    "/projects/{key}": openapi_one(
        "One project", "getProject", [("key", "Project key, e.g. vg2020-bor-10")],
        description="Parties grouped by role, grants (scheme, funder, amount, year, warnings such as a "
                    "grant larger than the total cost), total cost, sum of grants, strategy areas, "
                    "places, audiences, stages, parts, activities, indicators; every item with its "
                    "sources."),
}
