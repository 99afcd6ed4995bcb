"""JSON API: ``/api/v1/strategy-areas``, the strategies as trees of areas, one scheme, one area
with what works towards it, and its projects (lists also as CSV)."""

from __future__ import annotations

from flask import jsonify

from api.render import csv_response, list_parameters, list_response, wanted_format
from api.storage import get_store
from api.v1 import bp
from api.v1.projects import CSV_COLUMNS as PROJECT_COLUMNS
from api.v1.projects import openapi_list, openapi_one
from graph.resources.common import page, sort_rows
from graph.resources.project import PROJECT_SORTS
from graph.resources.strategy import (
    STRATEGY_SORTS,
    concept_scheme,
    flat_concepts,
    strategies,
    strategy_area,
)

__all__ = ["CONCEPT_COLUMNS", "PATHS"]

#: Columns of a strategy tree as CSV: one row per area, ``level`` 1 for the top areas.
CONCEPT_COLUMNS = ["scheme", "level", "key", "notation", "label", "label_en", "projects", "definition"]


@bp.get("/strategy-areas")
def list_strategies():
    offset, limit, sort = list_parameters()
    schemes = sort_rows(strategies(get_store()), sort, STRATEGY_SORTS)
    if wanted_format(["json", "csv"], "json") == "csv":
        rows = [row for scheme in schemes for row in flat_concepts(scheme["concepts"], scheme)]
        return csv_response(rows, CONCEPT_COLUMNS, "aktorskartan-strategier")
    return jsonify(page(schemes, offset, limit))


@bp.get("/strategy-areas/<scheme>")
def one_strategy(scheme: str):
    found = concept_scheme(get_store(), scheme)
    if wanted_format(["json", "csv"], "json") == "csv":
        return csv_response(flat_concepts(found["concepts"], found), CONCEPT_COLUMNS,
                            f"aktorskartan-strategi-{scheme}")
    return jsonify(found)


@bp.get("/strategy-areas/<scheme>/<key>")
def one_strategy_area(scheme: str, key: str):
    return jsonify(strategy_area(get_store(), scheme, key))


@bp.get("/strategy-areas/<scheme>/<key>/projects")
def strategy_area_projects(scheme: str, key: str):
    return list_response(lambda: strategy_area(get_store(), scheme, key)["projects"], PROJECT_SORTS,
                         PROJECT_COLUMNS, f"aktorskartan-projekt-{scheme}-{key}")


SCHEME = ("scheme", "Scheme key: a strategy (sormland-nls, vg2020) or the ontology's own (tjanst, "
                    "malgrupp, skede, aktorstyp, roll, finansieringstyp)")
AREA = ("key", "Area key within the scheme, e.g. nyforetagande")
CSV_TREE = {"200": {"description": "The scheme with its tree of areas, or the areas as CSV rows",
                    "content": {"application/json": {}, "text/csv": {}}}}

PATHS = {
    "/strategy-areas": openapi_list(
        "Strategies and their areas", "listStrategies", STRATEGY_SORTS,
        description="The strategy schemes from the sources (not the ontology's own schemes), each "
                    "with its areas as a tree (narrower = sub-areas) and how many projects work "
                    "towards each. As CSV: one row per area of every strategy."),
    "/strategy-areas/{scheme}": openapi_one(
        "One concept scheme as a tree", "getStrategy", [SCHEME],
        description="Publisher, period, indicators, sources, and its concepts as a tree; "
                    "?format=csv gives one row per concept."),
    "/strategy-areas/{scheme}/{key}": openapi_one(
        "One strategy area and what works towards it", "getStrategyArea", [SCHEME, AREA],
        description="Scheme, publisher, broader and narrower areas, projects (about this area or a "
                    "sub-area, or for this target group or stage), networks, services, funding "
                    "schemes of this type, actors of this type, and the actors taking part, each with "
                    "the records that connect them."),
    "/strategy-areas/{scheme}/{key}/projects": openapi_list(
        "A strategy area's projects", "listStrategyAreaProjects", PROJECT_SORTS,
        path_parameters=[SCHEME, AREA],
        description="The projects about this area or one of its sub-areas, as in /projects."),
}
PATHS["/strategy-areas/{scheme}"]["get"]["responses"].update(CSV_TREE)
PATHS["/strategy-areas/{scheme}"]["get"]["parameters"].append(
    {"name": "format", "in": "query", "required": False, "description": "json (default) or csv",
     "schema": {"type": "string", "enum": ["json", "csv"]}})
