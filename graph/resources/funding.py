"""Funding schemes (ERUF, RUN-medel, 1:1-medel ...): their grants and where the money goes.

A scheme's grants include those from its sub-schemes (EU:s strukturfonder holds ERUF's). Sums
are over the amounts the sources print; a grant the source names without an amount is counted
in ``amount_missing``, never guessed. A project in several areas counts in each, so the sums of
one dimension may add up to more than the total; a grant counts in the län and delregion that
granted it (its disbursing actor's area) where that is known, else where the project works.
"""

from __future__ import annotations

from collections import defaultdict

from graph.named_queries import select
from graph.namespaces import AK, EURIO
from graph.resources.common import by_label, iri_of, number, optional_ref, ref, require, with_provenance
from graph.resources.project import owners_by_project, subjects_by_project

__all__ = ["FUNDING_SORTS", "GRANT_SORTS", "SUM_DIMENSIONS", "SUM_SORTS", "funding_scheme",
           "funding_schemes"]

#: The dimensions a scheme's money is summed by.
SUM_DIMENSIONS = ("lan", "delregion", "strategy_area", "owner")
#: The fields each list can be sorted by.
FUNDING_SORTS = ("label", "count", "total")
GRANT_SORTS = ("label", "amount", "year")
SUM_SORTS = ("label", "total", "count")


def _key(iri: str) -> str:
    return iri.rsplit("/id/funding/", 1)[-1]


def _summary(record: dict) -> dict:
    return {
        **ref(record["scheme"], record["label"]), "key": _key(record["scheme"]),
        "type": optional_ref(record["type"], record["type_label"], label_en=record["type_label_en"]),
        "parent": optional_ref(record["parent"], record["parent_label"]),
        "managed_by": optional_ref(record["managed_by"], record["managed_by_label"]),
    }


def _totals(grants: list[dict]) -> dict:
    amounts = [grant["amount"] for grant in grants if grant["amount"] is not None]
    return {"total": sum(amounts) if amounts else None, "count": len(grants),
            "amount_missing": len(grants) - len(amounts)}


def funding_schemes(store) -> list[dict]:
    """Every funding scheme with its type, parent, manager and the count and sum of its grants."""
    grants = defaultdict(list)
    for row in select(store, "funding_grants"):
        grants[row["scheme"]].append({"amount": number(row["amount"])})
    records = select(store, "funding_records")
    children = _children(records)
    return by_label([{**_summary(record), "sub_schemes": children.get(record["scheme"], []),
                      **_totals(grants.get(record["scheme"], []))} for record in records])


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
    grants = _grants(store, iri)
    payload = {**_summary(record), "sub_schemes": _children(records).get(iri.value, []),
               **_totals(grants), "grants": grants, "sums": _sums(store, iri, grants)}
    return with_provenance(store, payload)


def _grants(store, iri) -> list[dict]:
    owners = owners_by_project(store)
    grants = [with_provenance(store, _grant(row, owners.get(row["project"], [])))
              for row in select(store, "funding_grants", scheme=iri)]
    return by_label(grants)


def _grant(row: dict, owners: list[dict]) -> dict:
    return {
        "iri": row["grant"], "label": row["project_label"],
        "project": ref(row["project"], row["project_label"]), "owners": owners,
        "scheme": ref(row["grant_scheme"], row["grant_scheme_label"]),
        "funder": optional_ref(row["funder"], row["funder_label"]),
        "disbursed_by": optional_ref(row["disbursed_by"], row["disbursed_by_label"]),
        "amount": number(row["amount"]), "year": row["year"],
    }


def _sums(store, iri, grants: list[dict]) -> dict[str, list[dict]]:
    """The grants summed per län, delregion, strategy area and owner of the funded project."""
    areas = _grant_areas(store, iri)
    subjects = subjects_by_project(store)
    groups = {
        "lan": lambda grant: areas[grant["iri"]]["lan"],
        "delregion": lambda grant: areas[grant["iri"]]["delregion"],
        "strategy_area": lambda grant: subjects.get(grant["project"]["iri"], []),
        "owner": lambda grant: grant["owners"],
    }
    return {dimension: _sum_by(grants, groups[dimension]) for dimension in SUM_DIMENSIONS}


def _grant_areas(store, iri) -> dict[str, dict[str, list[dict]]]:
    """Each grant's län and delregioner: where it was granted if the disbursing actor serves
    such an area (the sources print their totals per granting delregion), else where the
    funded project works."""
    found = defaultdict(lambda: defaultdict(dict))
    for row in select(store, "funding_grant_areas", scheme=iri):
        dimension = "lan" if row["kind"] == str(AK.County) else "delregion"
        area = ref(row["area"], row["label"], notation=row["notation"])
        found[(row["grant"], dimension)][row["basis"]][row["area"]] = area
    areas = defaultdict(lambda: {"lan": [], "delregion": []})
    for (grant, dimension), by_basis in found.items():
        chosen = by_basis.get("granted") or by_basis.get("project") or {}
        areas[grant][dimension] = list(chosen.values())
    return areas


def _sum_by(grants: list[dict], groups_of) -> list[dict]:
    members = defaultdict(list)
    refs = {}
    for grant in grants:
        for group in groups_of(grant):
            refs[group["iri"]] = group
            members[group["iri"]].append(grant)
    return by_label([{**refs[iri], **_totals(members[iri])} for iri in members])
