"""JSON API for strategists' gap analysis: ``/api/v1/analysis/gaps/...`` (strategy areas nobody
works towards, places without a service, target groups nobody serves) and
``/api/v1/analysis/indicators`` (targets against results). Each answers JSON or, with
``?format=csv``, its table for Swedish Excel."""

from __future__ import annotations

from flask import request

from api.render import negotiate
from api.storage import get_store
from api.v1 import bp
from api.v1.projects import ERROR, query_parameter
from graph.analysis.gaps import audience_gaps, service_gaps, strategy_area_gaps
from graph.analysis.indicators import indicators

__all__ = ["AREA_COLUMNS", "AUDIENCE_COLUMNS", "INDICATOR_COLUMNS", "PATHS", "SERVICE_COLUMNS",
           "area_rows", "cited", "indicator_rows"]

AREA_COLUMNS = ["scheme", "level", "key", "notation", "label", "broader", "projects", "projects_direct",
                "projects_narrower", "in_plan", "proposed", "without_status", "networks", "services",
                "actor_count", "actors", "gaps", "sources", "iri"]
SERVICE_COLUMNS = ["service", "lan", "delregion", "kind", "code", "place", "served", "coverage", "providers",
                   "gap_sources"]
AUDIENCE_COLUMNS = ["label", "key", "served", "service_count", "services", "providers",
                    "targeted_by_projects", "project_count", "projects", "iri"]
INDICATOR_COLUMNS = ["subject", "label", "unit", "baseline", "target", "result", "percent_of_target", "met",
                     "period", "note", "sources", "iri"]


def argument(name: str) -> str | None:
    """A query-string value, None where it is missing or empty (an empty form field)."""
    return request.args.get(name) or None


def cited(row: dict) -> dict:
    """``row`` with its sources as text (document, section), as a CSV cell shows them."""
    return {**row, "sources": [f"{s['document']['label']}, {s['section']}" for s in row.get("sources", [])]}


def area_rows(payload: dict) -> list[dict]:
    """The strategy-area gap payload as CSV rows: every area of every scheme."""
    return [cited(row) for scheme in payload["schemes"] for row in scheme["areas"]]


def indicator_rows(payload: dict) -> list[dict]:
    return [cited(row) for row in payload["items"]]


@bp.get("/analysis/gaps/strategy-areas")
def strategy_area_gaps_view():
    payload = strategy_area_gaps(get_store(), argument("scheme"))
    return negotiate(payload, csv_rows=area_rows(payload), csv_columns=AREA_COLUMNS,
                     filename="aktorskartan-luckor-strategiomraden")


@bp.get("/analysis/gaps/services")
def service_gaps_view():
    payload = service_gaps(get_store(), argument("service"), argument("lan"), argument("place"))
    return negotiate(payload, csv_rows=payload["rows"], csv_columns=SERVICE_COLUMNS,
                     filename="aktorskartan-luckor-tjanster")


@bp.get("/analysis/gaps/audiences")
def audience_gaps_view():
    payload = audience_gaps(get_store())
    return negotiate(payload, csv_rows=payload["groups"], csv_columns=AUDIENCE_COLUMNS,
                     filename="aktorskartan-luckor-malgrupper")


@bp.get("/analysis/indicators")
def indicators_view():
    payload = indicators(get_store(), argument("subject"))
    return negotiate(payload, csv_rows=indicator_rows(payload), csv_columns=INDICATOR_COLUMNS,
                     filename="aktorskartan-indikatorer")


# --- OpenAPI ---------------------------------------------------------------------------------

FORMAT = query_parameter("format", "json (default) or csv: the table for Swedish Excel (BOM, ';')",
                         {"type": "string", "enum": ["json", "csv"]})


def _operation(summary: str, operation: str, description: str, parameters: list[dict]) -> dict:
    return {"get": {
        "summary": summary, "description": description, "operationId": operation,
        "parameters": parameters + [FORMAT],
        "responses": {
            "200": {"description": "The analysis as JSON, or its table as CSV",
                    "content": {"application/json": {}, "text/csv": {}}},
            "400": {"description": "A parameter cannot be used; the message names it", **ERROR},
        },
    }}


PATHS = {
    "/analysis/gaps/strategy-areas": _operation(
        "Strategy areas with no projects or actors", "strategyAreaGaps",
        "Every area and sub-area (insatsområde) of the strategies, in tree order (level, broader), with "
        "the projects about it (projects_direct about the area itself, projects_narrower only through a "
        "sub-area), how many the source places as pågående, kommande or avslutad (in_plan), proposes "
        "(proposed, föreslagen) or leaves without status; networks and services about it; the actors "
        "(parties, members, coordinators, providers) and its gaps: no_projects, no_actors, and "
        "no_insatser where the source places its projects by status and the area has none in the plan "
        "(Sörmland's 'Attrahera talang och kompetens'). CSV: one row per area.",
        [query_parameter("scheme", "Strategy (concept scheme) key, e.g. sormland-nls or vg2020; "
                                   "default every strategy")]),
    "/analysis/gaps/services": _operation(
        "Places without a given service", "serviceGaps",
        "For each service type (scheme tjanst) and each kommun and delregion in scope: whether some "
        "service serves it (the service's areaServed, else its provider's, through the place hierarchy: "
        "a service for lan:04 serves every kommun in it, one for land:SE serves all) and which. Where none "
        "does, coverage tells a gap from missing data: 'gap' where a source document that covers the place "
        "(its own records name it, a place containing it or one within it; not Sverige as a whole) records "
        "the service type somewhere in the same län (gap_sources names them), 'not_in_sources' (saknas i "
        "källorna) where none does, so the data cannot tell; 'served' where a service reaches it. Per type: "
        "the places without a provider (unserved), apart as gaps and not_in_sources, the providers, and the "
        "services that name no area at all (unplaced: the data cannot tell where they are offered). "
        "covered_lan lists the län the service data covers, most services first. CSV: one row per service "
        "type and place.",
        [query_parameter("service", "Service type key (scheme tjanst), e.g. exportstod; default every type"),
         query_parameter("lan", "Län by länskod, e.g. 04; default every län the data covers"),
         query_parameter("place", "Or any place as kind:code (kommun:0484, delregion:fyrbodal, lan:14, "
                                  "land:SE); not together with lan")]),
    "/analysis/gaps/audiences": _operation(
        "Target groups nobody serves", "audienceGaps",
        "Every target group (scheme malgrupp) with the services for it (dct:audience, narrower groups "
        "included) and their providers, and separately the projects that target it. served is false "
        "where no service is for the group. CSV: one row per group.", []),
    "/analysis/indicators": _operation(
        "Indicators: targets against results", "listIndicators",
        "Every indicator as the sources print it: what it measures (subject), unit, baseline, target, "
        "result, period and the source's note; where both target and result are printed, the result as "
        "percent_of_target and met (result >= target). compared and met count those. Each with its "
        "sources and data warnings. CSV: one row per indicator.",
        [query_parameter("subject", "Only the indicators of one record, written as in indicators.csv: "
                                    "project:mojligheternas-region, scheme:sormland-nls, "
                                    "document:sormlandsstrategin")]),
}
