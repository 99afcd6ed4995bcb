"""Follow the money: where the grants of every funding scheme go, for strategists.

Over the grants that pass the filters (:mod:`graph.analysis.funding_filters`):

- **sums** by funding scheme, län, delregion, strategy area, owner and the owner's actor type,
  each group with its share of the total. A grant in several groups counts in each (a project
  with two owners, a grant from ERUF also in EU:s strukturfonder), so one dimension's rows may add
  up to more than the total. A grant counts in the area that granted it where that is known (the
  sources print their totals per granting delregion), else where the project works. A grant the
  source prints without a scheme is in no scheme row, one without an owner in no owner row.
- **co-financing** per funded project: the granted amount ÷ the project's total cost as printed;
  None where either is missing or a grant's amount is, never guessed; flagged where the grant is
  larger than the total cost.
- **concentration**: how much of the money the largest owners get. The top 1, 3, 5 and 10 owners'
  share is the share of the total granted to projects they own (a joint project counted once);
  the Herfindahl–Hirschman index (0–10 000) splits a jointly owned grant equally between its
  owners, the sources printing one amount per project.
- **anomalies**: see :mod:`graph.analysis.funding_anomalies`.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import median

from graph.analysis.funding_anomalies import anomalies, anomaly_summary, printed_totals, source_text
from graph.analysis.funding_filters import filtered
from graph.analysis.funding_grants import Funding, grouped, totals
from graph.errors import NotFoundError
from graph.resources.common import by_label, cited, sort_rows
from graph.resources.duplicates import representatives
from graph.swedish import sort_key

__all__ = ["ANALYSIS_DIMENSIONS", "CONCENTRATION_TOPS", "PROJECT_SORTS", "SUM_SORTS", "TOP",
           "cofinancing_summary", "concentration", "funded_projects", "funding_anomalies",
           "funding_concentration", "funding_projects", "funding_report", "funding_sums", "ratio", "share",
           "sums"]

#: The dimensions the money is summed by.
ANALYSIS_DIMENSIONS = ("scheme", "lan", "delregion", "strategy_area", "owner", "actor_type")
#: The fields the lists can be sorted by.
SUM_SORTS = ("label", "total", "count", "amount_missing", "share")
PROJECT_SORTS = ("label", "total_cost", "granted", "ratio", "amount_missing")
#: How many of the largest owners the concentration names a share for.
CONCENTRATION_TOPS = (1, 3, 5, 10)
#: How many rows of each dimension the overview shows.
TOP = 10


def share(part, whole) -> float | None:
    """``part`` as a share of ``whole``, to four decimals; None where either is unknown or 0.

    >>> share(7_884_109, 42_031_810), share(None, 5), share(5, 0)
    (0.1876, None, None)
    """
    return round(part / whole, 4) if part is not None and whole else None


def ratio(granted, cost) -> float | None:
    """The co-financing ratio, granted ÷ total cost, to four decimals (None if either is missing).

    >>> ratio(990_000, 2_250_000), ratio(580_000, 215_000), ratio(None, 100)
    (0.44, 2.6977, None)
    """
    return share(granted, cost)


# --- sums ------------------------------------------------------------------------------------

def sums(funding: Funding, dimension: str) -> list[dict]:
    """One row per group of ``dimension``, largest total first: the group's reference, total,
    count, amount_missing and share of the total granted."""
    whole = totals(funding.grants)["total"]
    rows = []
    for group, members in grouped(funding.grants, funding.groups(dimension)):
        summed = totals(members)
        rows.append({**group, **summed, "share": share(summed["total"], whole)})
    return sort_rows(rows, "-total", SUM_SORTS)


def funding_sums(store, dimension: str, filters: dict) -> list[dict]:
    """The filtered grants summed by ``dimension`` (NotFoundError naming it if it is not one)."""
    if dimension not in ANALYSIS_DIMENSIONS:
        raise NotFoundError(f"no sums by '{dimension}'; use one of {', '.join(ANALYSIS_DIMENSIONS)}")
    return sums(filtered(store, filters)[0], dimension)


# --- co-financing ----------------------------------------------------------------------------

def funded_projects(store, funding: Funding) -> list[dict]:
    """Each funded project with its owners, total cost, grants by scheme and co-financing ratio."""
    heads = representatives(store)
    by_project = defaultdict(list)
    for grant in funding.grants:  # an insats printed twice is one project row
        iri = grant["project"]["iri"]
        by_project[heads.get(iri, iri)].append(grant)
    return by_label([_project(store, grants, _cost(funding, grants)) for grants in by_project.values()])


def _cost(funding: Funding, grants: list[dict]):
    """The total cost printed for the project (on any of its printings)."""
    costs = (funding.costs.get(grant["project"]["iri"]) for grant in grants)
    return next((cost for cost in costs if cost is not None), None)


def _project(store, grants: list[dict], cost) -> dict:
    """One project's row from its grants: the ratio only where every amount and the cost are printed."""
    summed = totals(grants)
    granted = summed["total"] if not summed["amount_missing"] else None
    row = {
        **grants[0]["project"], "owners": grants[0]["owners"], "total_cost": cost,
        "granted": summed["total"], "amount_missing": summed["amount_missing"],
        "grants": [{key: grant[key] for key in ("iri", "scheme", "funder", "disbursed_by", "amount", "year")}
                   for grant in grants],
        "schemes": by_label(list({g["scheme"]["iri"]: g["scheme"] for g in grants if g["scheme"]}.values())),
        "ratio": ratio(granted, cost),
        "exceeds_total_cost": granted is not None and cost is not None and granted > cost,
    }
    row = cited(store, row)
    row["source"] = source_text(row["sources"])
    return row


def cofinancing_summary(projects: list[dict]) -> dict:
    """The funded projects in figures: how many have a ratio, the overall and median ratio over
    those, and how many exceed their total cost or lack a cost or an amount."""
    known = [project for project in projects if project["ratio"] is not None]
    cost = sum(project["total_cost"] for project in known)
    granted = sum(project["granted"] for project in known)
    return {
        "projects": len(projects), "with_ratio": len(known),
        "total_cost": cost if known else None, "granted": granted if known else None,
        "ratio": ratio(granted, cost) if known else None,
        "median_ratio": round(median(p["ratio"] for p in known), 4) if known else None,
        "exceeding": sum(1 for project in projects if project["exceeds_total_cost"]),
        "cost_missing": sum(1 for project in projects if project["total_cost"] is None),
        "amount_missing": sum(1 for project in projects if project["amount_missing"]),
    }


def funding_projects(store, filters: dict) -> list[dict]:
    """The funded projects of the filtered grants (see :func:`funded_projects`)."""
    return funded_projects(store, filtered(store, filters)[0])


# --- concentration ---------------------------------------------------------------------------

def concentration(funding: Funding) -> dict:
    """How much of the money goes to the largest owners (see the module's description)."""
    whole = totals(funding.grants)["total"]
    owners = [{**row, "rank": rank} for rank, row in enumerate(sums(funding, "owner"), start=1)]
    owned = [grant for grant in funding.grants if grant["owners"]]
    return {
        "total": whole, "owner_count": len(owners),
        "unowned": totals([grant for grant in funding.grants if not grant["owners"]]),
        "tops": [_top(funding.grants, owners[:n], n, whole) for n in CONCENTRATION_TOPS],
        "hhi": _hhi(owned), "owners": owners,
    }


def _top(grants: list[dict], largest: list[dict], n: int, whole) -> dict:
    """The share of ``whole`` granted to projects owned by any of the ``largest`` owners."""
    chosen = {owner["iri"] for owner in largest}
    amount = totals([g for g in grants if chosen & {owner["iri"] for owner in g["owners"]}])["total"]
    return {"owners": n, "total": amount, "share": share(amount, whole)}


def _hhi(owned: list[dict]) -> float | None:
    """The Herfindahl–Hirschman index of the owners' shares (0–10 000), a jointly owned grant
    split equally between its owners; None without amounts.

    >>> a, b = {"iri": "a"}, {"iri": "b"}
    >>> _hhi([{"amount": 30, "owners": [a]}, {"amount": 10, "owners": [a, b]}])  # 87.5² + 12.5²
    7812.5
    """
    parts = defaultdict(float)
    for grant in owned:
        for owner in grant["owners"]:
            parts[owner["iri"]] += (grant["amount"] or 0) / len(grant["owners"])
    whole = sum(parts.values())
    return round(sum((100 * part / whole) ** 2 for part in parts.values()), 1) if whole else None


def funding_concentration(store, filters: dict) -> dict:
    """The concentration of the filtered grants, with the filters as chosen."""
    funding, chosen = filtered(store, filters)
    return {"filters": chosen, **concentration(funding)}


# --- anomalies and the whole picture ---------------------------------------------------------

def funding_anomalies(store, filters: dict) -> list[dict]:
    """The anomalies in the filtered grants and their projects."""
    return anomalies(store, filtered(store, filters)[0])


def funding_report(store, filters: dict, top: int | None = TOP, details: bool = False) -> dict:
    """The whole picture of the filtered grants: total, count, amount_missing; the sums by every
    dimension (the ``top`` largest rows of each, all with None); the co-financing summary; the
    concentration; the anomalies counted; the printed totals over the funded projects; the sources.
    With ``details`` also every funded project and every anomaly."""
    funding, chosen = filtered(store, filters)
    projects = funded_projects(store, funding)
    printed = printed_totals(store)
    found = anomalies(store, funding, printed)
    report = {
        "filters": chosen, **totals(funding.grants), "currency": "SEK",
        "sums": {dimension: _top_rows(sums(funding, dimension), top) for dimension in ANALYSIS_DIMENSIONS},
        "cofinancing": cofinancing_summary(projects),
        "concentration": _trimmed(concentration(funding), top),
        "anomalies": anomaly_summary(found),
        "printed_totals": _printed_over(store, printed, {project["iri"] for project in projects}),
        "sources": _sources(projects),
    }
    if details:
        report["projects"], report["anomalies"]["items"] = projects, found
    return report


def _top_rows(rows: list[dict], top: int | None) -> dict:
    return {"groups": len(rows), "rows": rows[:top] if top else rows}


def _trimmed(found: dict, top: int | None) -> dict:
    return {**found, "owners": found["owners"][:top] if top else found["owners"]}


def _printed_over(store, printed: list[dict], projects: set[str]) -> list[dict]:
    """The printed totals over any of ``projects``, each checked against the data, with its source."""
    over = [{key: value for key, value in total.items() if key != "projects"}
            for total in printed if projects & set(total["projects"])]
    return by_label([{**total, "sources": cited(store, total)["sources"]} for total in over])


def _sources(projects: list[dict]) -> list[dict]:
    """The documents and sections the funded projects were printed in, each once."""
    found = {(s["document"]["iri"], s["section"]): s for project in projects for s in project["sources"]}
    return sorted(found.values(), key=lambda s: (sort_key(s["document"]["label"]), sort_key(s["section"])))
