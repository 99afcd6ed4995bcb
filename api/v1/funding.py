"""JSON API: ``/api/v1/funding-schemes``, the funding schemes, one scheme, its grants and its
sums per län, delregion, strategy area and owner (each list also as CSV)."""

from __future__ import annotations

from flask import jsonify

from api.render import list_response
from api.storage import get_store
from api.v1 import bp
from api.v1.projects import openapi_list, openapi_one
from graph.errors import NotFoundError
from graph.resources.funding import (
    FUNDING_SORTS,
    GRANT_SORTS,
    SUM_DIMENSIONS,
    SUM_SORTS,
    funding_scheme,
    funding_schemes,
)

__all__ = ["PATHS"]

SCHEME_COLUMNS = ["key", "label", "type", "parent", "managed_by", "count", "total", "amount_missing",
                  "iri"]
GRANT_COLUMNS = ["label", "owners", "scheme", "funder", "disbursed_by", "amount", "year", "warnings",
                 "iri"]
SUM_COLUMNS = ["label", "notation", "total", "count", "amount_missing", "iri"]


@bp.get("/funding-schemes")
def list_funding_schemes():
    return list_response(lambda: funding_schemes(get_store()), FUNDING_SORTS, SCHEME_COLUMNS,
                         "aktorskartan-finansieringskallor")


@bp.get("/funding-schemes/<key>")
def one_funding_scheme(key: str):
    return jsonify(funding_scheme(get_store(), key))


@bp.get("/funding-schemes/<key>/grants")
def funding_scheme_grants(key: str):
    return list_response(lambda: funding_scheme(get_store(), key)["grants"], GRANT_SORTS, GRANT_COLUMNS,
                         f"aktorskartan-bidrag-{key}")


@bp.get("/funding-schemes/<key>/sums/<dimension>")
def funding_scheme_sums(key: str, dimension: str):
    if dimension not in SUM_DIMENSIONS:
        raise NotFoundError(f"no sums by '{dimension}'; use one of {', '.join(SUM_DIMENSIONS)}")
    return list_response(lambda: funding_scheme(get_store(), key)["sums"][dimension], SUM_SORTS, SUM_COLUMNS,
                         f"aktorskartan-summor-{key}-{dimension}")


KEY = ("key", "Funding scheme key, e.g. vgr-run-delregionala-2020")

PATHS = {
    "/funding-schemes": openapi_list(
        "Funding schemes", "listFundingSchemes", FUNDING_SORTS,
        description="Each scheme with its type, parent scheme, manager, and the count and sum of its "
                    "grants (sub-schemes included; grants printed without an amount are counted in "
                    "amount_missing)."),
    "/funding-schemes/{key}": openapi_one(
        "One funding scheme", "getFundingScheme", [KEY],
        description="Type, parent and sub-schemes, manager, every grant (project, owners, amount, "
                    "year, sources, warnings), total and count, and sums per län, delregion, strategy "
                    "area and owner. A grant counts in the län and delregion that granted it (the "
                    "disbursing actor's area), else where the project works."),
    "/funding-schemes/{key}/grants": openapi_list(
        "A funding scheme's grants", "listFundingSchemeGrants", GRANT_SORTS, path_parameters=[KEY],
        description="The grants of the scheme and its sub-schemes; label is the funded project's name."),
    "/funding-schemes/{key}/sums/{dimension}": openapi_list(
        "A funding scheme's grants summed by area, strategy area or owner", "listFundingSchemeSums",
        SUM_SORTS, path_parameters=[KEY, ("dimension", "One of " + ", ".join(SUM_DIMENSIONS))],
        description="One row per län, delregion, strategy area or owner: total, count, "
                    "amount_missing. A project in several groups counts in each."),
}
