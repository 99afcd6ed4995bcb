"""JSON API: ``/api/v1/analysis/funding``, where the money of every funding scheme goes: the
whole picture, the sums by each dimension, co-financing per project, concentration on the
largest owners and the sources' anomalies; every list also as CSV. Each route takes the filters
``scheme``, ``place``, ``strategy`` and ``year`` (see :mod:`graph.analysis.funding_filters`)."""

from __future__ import annotations

from flask import request

from api.render import list_response, negotiate
from api.storage import get_store
from api.v1 import bp
from api.v1.projects import ERROR, openapi_list, query_parameter
from graph.analysis.funding import (
    ANALYSIS_DIMENSIONS,
    PROJECT_SORTS,
    SUM_SORTS,
    funding_anomalies,
    funding_concentration,
    funding_projects,
    funding_report,
    funding_sums,
)
from graph.analysis.funding_anomalies import ANOMALY_SORTS
from graph.analysis.funding_filters import FILTERS

__all__ = ["ANOMALY_COLUMNS", "OWNER_COLUMNS", "PATHS", "PROJECT_COLUMNS", "SUM_COLUMNS",
           "filter_arguments"]

#: Columns of the CSV downloads (references are written as their labels, lists ``|``-separated).
SUM_COLUMNS = ["label", "total", "count", "amount_missing", "share", "iri"]
PROJECT_COLUMNS = ["label", "owners", "total_cost", "granted", "schemes", "ratio", "exceeds_total_cost",
                   "amount_missing", "source", "iri"]
OWNER_COLUMNS = ["rank", "label", "total", "count", "amount_missing", "share", "iri"]
ANOMALY_COLUMNS = ["kind", "message_sv", "message_en", "label", "amount", "total_cost", "scheme", "funder",
                   "source", "iri"]


def filter_arguments() -> dict:
    """The funding filters given in the query string."""
    return {name: request.args[name] for name in FILTERS if request.args.get(name)}


@bp.get("/analysis/funding")
def funding_analysis():
    return negotiate(funding_report(get_store(), filter_arguments()))


@bp.get("/analysis/funding/sums/<dimension>")
def funding_analysis_sums(dimension: str):
    return list_response(lambda: funding_sums(get_store(), dimension, filter_arguments()), SUM_SORTS,
                         SUM_COLUMNS, f"aktorskartan-finansiering-{dimension}", default_sort="-total")


@bp.get("/analysis/funding/projects")
def funding_analysis_projects():
    return list_response(lambda: funding_projects(get_store(), filter_arguments()), PROJECT_SORTS,
                         PROJECT_COLUMNS, "aktorskartan-finansiering-projekt")


@bp.get("/analysis/funding/concentration")
def funding_analysis_concentration():
    payload = funding_concentration(get_store(), filter_arguments())
    return negotiate(payload, csv_rows=payload["owners"], csv_columns=OWNER_COLUMNS,
                     filename="aktorskartan-finansiering-koncentration")


@bp.get("/analysis/funding/anomalies")
def funding_analysis_anomalies():
    return list_response(lambda: funding_anomalies(get_store(), filter_arguments()), ANOMALY_SORTS,
                         ANOMALY_COLUMNS, "aktorskartan-finansiering-avvikelser")


# --- OpenAPI ---------------------------------------------------------------------------------

FILTER_HELP = {
    "scheme": "Funding scheme key (vgr-run-delregionala-2020, eruf); a scheme includes its sub-schemes",
    "place": "Place as kind:code (delregion:fyrbodal, lan:14, kommun:1490, land:SE): the grants that "
             "count there (the area that granted them where known, else where the project works), "
             "through the place hierarchy",
    "strategy": "Strategy area as scheme/key (vg2020/kunskapsregion; narrower areas included) or a "
                "whole strategy by its scheme key (vg2020): grants to projects about it",
    "year": "Year a grant is dated (2020); grants printed without a year are left out",
}
FILTER_PARAMETERS = [query_parameter(name, text) for name, text in FILTER_HELP.items()]
COUNTING = ("A grant counts in the area that granted it where that is known (the sources print their "
            "totals per granting delregion), else where the project works. A project in several groups "
            "(two owners, two strategy areas) counts in each, and a grant from a sub-scheme also in the "
            "schemes above it, so one dimension's rows may add up to more than the total. Amounts are "
            "as printed: a grant without an amount is counted in amount_missing, never guessed.")


def _one(summary: str, operation: str, description: str, formats: list[str]) -> dict:
    """A path item answering one JSON document (or, where offered, a CSV of its list)."""
    return {"get": {
        "summary": summary, "description": description, "operationId": operation,
        "parameters": FILTER_PARAMETERS + [query_parameter("format", " or ".join(formats),
                                                           {"type": "string", "enum": formats})],
        "responses": {"200": {"description": "The analysis of the filtered grants",
                              "content": {"application/json": {}, **({"text/csv": {}} if "csv" in formats
                                                                     else {})}},
                      "400": {"description": "A filter cannot be used; details name it", **ERROR}},
    }}


PATHS = {
    "/analysis/funding": _one(
        "Where the money goes: the whole picture", "getFundingAnalysis",
        "Over every funding scheme (filtered): total granted, count and amount_missing; per dimension "
        "(" + ", ".join(ANALYSIS_DIMENSIONS) + ") the number of groups and the 10 largest rows; the "
        "co-financing summary; the concentration on the largest owners; the anomalies counted by "
        "kind; the printed totals over the funded projects checked against the data; the sources. "
        + COUNTING, ["json"]),
    "/analysis/funding/sums/{dimension}": openapi_list(
        "The money summed by one dimension", "listFundingAnalysisSums", SUM_SORTS, FILTER_PARAMETERS,
        path_parameters=[("dimension", "One of " + ", ".join(ANALYSIS_DIMENSIONS) + " (actor_type: the "
                                       "owner's actor type)")],
        description="One row per group, largest total first: label, total, count, amount_missing, share "
                    "(of the filtered total), iri and path. " + COUNTING),
    "/analysis/funding/projects": openapi_list(
        "Co-financing per funded project", "listFundingAnalysisProjects", PROJECT_SORTS,
        FILTER_PARAMETERS,
        description="Each funded project: owners, total cost as printed (eurio:hasTotalCost), the "
                    "grants by scheme, granted, ratio = granted ÷ total cost (to four decimals; null "
                    "where the cost or an amount is not printed, never guessed), exceeds_total_cost "
                    "where the grant is larger than the total cost, sources and data warnings."),
    "/analysis/funding/concentration": _one(
        "How much goes to the largest owners", "getFundingAnalysisConcentration",
        "Every owner by total granted (rank, total, count, share); tops: the share of the total "
        "granted to projects owned by any of the 1, 3, 5 and 10 largest owners (a joint project "
        "counted once; ties in order of name); hhi: the Herfindahl–Hirschman index (0–10 000) of "
        "the owners' shares, a jointly owned grant split equally between its owners; unowned: "
        "the grants to projects without a named owner. format=csv gives the owners.",
        ["json", "csv"]),
    "/analysis/funding/anomalies": openapi_list(
        "The sources' anomalies in the money", "listFundingAnalysisAnomalies", ANOMALY_SORTS,
        FILTER_PARAMETERS,
        description="Shown, not hidden: grants larger than the project's total cost, printed totals "
                    "the data does not add up to, grants without an amount or a scheme, funded "
                    "projects without a total cost or an owner, and any other data warning on a "
                    "grant or funded project; each with its kind, message (sv, en), sources, data "
                    "warnings and the source's printed totals over the project."),
}
