"""Funding schemes (ERUF, RUN-medel, 1:1-medel ...): their grants and where the money goes.

A scheme's grants include those from its sub-schemes (EU:s strukturfonder holds ERUF's). Sums
are over the amounts the sources print; a grant the source names without an amount is counted in
``amount_missing``, never guessed. A project in several areas counts in each, so the sums of
one dimension may add up to more than the total; a grant counts in the län and delregion that
granted it (its disbursing actor's area) where that is known, else where the project works.
The grants and their sums come from :mod:`graph.analysis.funding_grants`, which the funding
analysis over all schemes shares.
"""

from __future__ import annotations

from collections import defaultdict

from graph.analysis.funding_grants import funding_data, sum_by, totals
from graph.named_queries import select
from graph.namespaces import EURIO
from graph.resources.common import by_label, iri_of, optional_ref, ref, require, with_provenance

__all__ = ["FUNDING_SORTS", "GRANT_SORTS", "SUM_DIMENSIONS", "SUM_SORTS", "funding_scheme",
           "funding_schemes", "scheme_key"]

#: The dimensions a scheme's money is summed by.
SUM_DIMENSIONS = ("lan", "delregion", "strategy_area", "owner")
#: The fields each list can be sorted by.
FUNDING_SORTS = ("label", "count", "total")
GRANT_SORTS = ("label", "amount", "year")
SUM_SORTS = ("label", "total", "count")


def scheme_key(iri: str) -> str:
    """The key of a funding scheme's IRI.

    >>> scheme_key("https://aktorskartan.se/id/funding/eruf")
    'eruf'
    """
    return iri.rsplit("/id/funding/", 1)[-1]


def _summary(record: dict) -> dict:
    return {
        **ref(record["scheme"], record["label"]), "key": scheme_key(record["scheme"]),
        "type": optional_ref(record["type"], record["type_label"], label_en=record["type_label_en"]),
        "parent": optional_ref(record["parent"], record["parent_label"]),
        "managed_by": optional_ref(record["managed_by"], record["managed_by_label"]),
    }


def funding_schemes(store) -> list[dict]:
    """Every funding scheme with its type, parent, manager and the count and sum of its grants."""
    funding = funding_data(store)
    records = select(store, "funding_records")
    children = _children(records)
    return by_label([{**_summary(record), "sub_schemes": children.get(record["scheme"], []),
                      **totals(funding.only(funding.in_scheme(record["scheme"])).grants)}
                     for record in records])


def _children(records: list[dict]) -> dict[str, list[dict]]:
    children = defaultdict(list)
    for record in records:
        if record["parent"]:
            children[record["parent"]].append(ref(record["scheme"], record["label"]))
    return {parent: by_label(refs) for parent, refs in children.items()}


def funding_scheme(store, key: str) -> dict:
    """One funding scheme: its place among schemes, its grants and their sums by area and owner.

    Raises NotFoundError if there is no such scheme.
    """
    iri = iri_of("funding", key)
    require(store, iri, str(EURIO.FundingScheme), "funding scheme")
    records = select(store, "funding_records")
    record = next(r for r in records if r["scheme"] == iri.value)
    funding = funding_data(store)
    funding = funding.only(funding.in_scheme(iri.value))
    grants = by_label([with_provenance(store, grant) for grant in funding.grants])
    sums = {dimension: sum_by(grants, funding.groups(dimension)) for dimension in SUM_DIMENSIONS}
    payload = {**_summary(record), "sub_schemes": _children(records).get(iri.value, []),
               **totals(grants), "grants": grants, "sums": sums}
    return with_provenance(store, payload)
