"""The sources' anomalies in the money, shown and never fixed: grants larger than the project's
total cost, grants named without an amount or without a scheme, funded projects without a
printed total cost or without an owner, the data warnings validation left on a grant or a funded
project, and printed totals the data does not add up to.

Each anomaly carries the record's sources and data warnings, and the totals the source prints
over the project (``checksums.csv``), so a reader can see whether the source's own sums include
the odd figure (Drivhuset FRAMSTEG!'s grant of 580 000 kr against a total cost of 215 000 kr is
inside the printed total of its table: the figure is as printed, not a reading error).
"""

from __future__ import annotations

from collections import defaultdict

from graph.analysis.funding_grants import Funding
from graph.named_queries import select
from graph.resources.common import cited, number, optional_ref, ref
from graph.swedish import sort_key

__all__ = ["ANOMALY_KINDS", "ANOMALY_SORTS", "anomalies", "anomaly_summary", "printed_totals",
           "source_text"]

#: Each kind of anomaly, in the order they are listed, with what it means (Swedish, English).
ANOMALY_KINDS = {
    "grant_exceeds_cost": ("Bidraget är större än projektets totala kostnad",
                           "The grant is larger than the project's total cost"),
    "printed_total_differs": ("Källans tryckta summa stämmer inte med raderna",
                              "The source's printed total differs from its rows"),
    "amount_missing": ("Källan nämner bidraget men inte beloppet",
                       "The source names the grant but not its amount"),
    "scheme_missing": ("Källan nämner finansiären men inte programmet",
                       "The source names the funder but not the funding scheme"),
    "cost_missing": ("Källan anger ingen total kostnad för projektet",
                     "The source prints no total cost for the project"),
    "owner_missing": ("Ingen projektägare i källan",
                      "No project owner in the source"),
    "data_warning": ("Datavarning från valideringen", "Data warning from validation"),
}
#: The fields the list of anomalies can be sorted by.
ANOMALY_SORTS = ("kind", "label", "amount", "total_cost")


def source_text(found: list[dict]) -> str:
    """Sources as one line of text (for CSV): ``document, section`` joined by `` | ``.

    >>> source_text([{"document": {"label": "Bilaga 3"}, "section": "Fyrbodal (tabell)", "page": None}])
    'Bilaga 3, Fyrbodal (tabell)'
    """
    return " | ".join(f"{item['document']['label']}, {item['section']}" for item in found)


def printed_totals(store) -> list[dict]:
    """The totals the sources print over projects (total cost, granted amount), each with what
    the data adds up to (``actual``), whether the two agree and the projects it is over."""
    found = {}
    for row in select(store, "funding_printed_totals"):
        if row["printed"] not in found:
            expected, actual = number(row["expected"]), number(row["actual"])
            found[row["printed"]] = {
                **ref(row["printed"], row["label"]), "measure": row["measure"],
                "scheme": optional_ref(row["scheme"], None), "expected": expected, "actual": actual,
                "matches": expected == (actual or 0), "projects": []}
        found[row["printed"]]["projects"].append(row["project"])
    return list(found.values())


def anomalies(store, funding: Funding, printed: list[dict] | None = None) -> list[dict]:
    """Every anomaly in the given grants and their projects, by kind and then project name."""
    printed = printed_totals(store) if printed is None else printed
    rows = _grant_rows(funding) + _project_rows(funding) + _printed_rows(funding, printed)
    rows += _warning_rows(store, funding, {row["iri"] for row in rows})
    covering = defaultdict(list)
    for total in printed:
        for project in total["projects"]:
            covering[project].append({key: total[key] for key in ("iri", "path", "label", "measure",
                                                                  "expected")})
    for row in rows:
        _with_sources(store, row, covering)
    kinds = list(ANOMALY_KINDS)
    return sorted(rows, key=lambda row: (kinds.index(row["kind"]), sort_key(row["label"])))


def _row(kind: str, iri: str, label: str, **fields) -> dict:
    swedish, english = ANOMALY_KINDS[kind]
    return {"kind": kind, "message_sv": swedish, "message_en": english, **ref(iri, label),
            "project": None, "scheme": None, "funder": None, "amount": None, "total_cost": None, **fields}


def _grant_row(kind: str, grant: dict, funding: Funding) -> dict:
    return _row(kind, grant["iri"], grant["label"], project=grant["project"], scheme=grant["scheme"],
                funder=grant["funder"] or grant["disbursed_by"], amount=grant["amount"],
                total_cost=funding.costs.get(grant["project"]["iri"]))


def _grant_rows(funding: Funding) -> list[dict]:
    rows = []
    for grant in funding.grants:
        cost = funding.costs.get(grant["project"]["iri"])
        if grant["amount"] is not None and cost is not None and grant["amount"] > cost:
            rows.append(_grant_row("grant_exceeds_cost", grant, funding))
        if grant["amount"] is None:
            rows.append(_grant_row("amount_missing", grant, funding))
        if grant["scheme"] is None:
            rows.append(_grant_row("scheme_missing", grant, funding))
    return rows


def _projects(funding: Funding) -> dict[str, dict]:
    """The funded projects of the given grants, each with its owners."""
    return {grant["project"]["iri"]: {**grant["project"], "owners": grant["owners"]}
            for grant in funding.grants}


def _project_rows(funding: Funding) -> list[dict]:
    rows = []
    for iri, project in _projects(funding).items():
        if funding.costs.get(iri) is None:
            rows.append(_row("cost_missing", iri, project["label"], project=project))
        if not project["owners"]:
            rows.append(_row("owner_missing", iri, project["label"], project=project))
    return rows


def _printed_rows(funding: Funding, printed: list[dict]) -> list[dict]:
    """Printed totals over the given projects that the data does not add up to (a load refuses
    such data, so these show only on a store filled some other way)."""
    projects = _projects(funding)
    return [_row("printed_total_differs", total["iri"], total["label"], expected=total["expected"],
                 actual=total["actual"])
            for total in printed if not total["matches"] and projects.keys() & set(total["projects"])]


def _warning_rows(store, funding: Funding, listed: set[str]) -> list[dict]:
    """The data warnings on grants and funded projects that no other anomaly already shows."""
    records = {grant["iri"]: grant for grant in funding.grants}
    records.update(_projects(funding))
    rows = []
    for iri, record in records.items():
        if iri not in listed and cited(store, record)["warnings"]:
            project = record.get("project") or ref(iri, record["label"])
            rows.append(_row("data_warning", iri, record["label"], project=project))
    return rows


def _with_sources(store, row: dict, covering: dict[str, list[dict]]) -> None:
    """The row's sources and warnings (its record's), and the printed totals over its project."""
    row.update(cited(store, row))
    if not row["sources"] and row["project"]:
        row["sources"] = cited(store, row["project"])["sources"]
    row["source"] = source_text(row["sources"])
    row["printed_totals"] = covering.get(row["project"]["iri"], []) if row["project"] else []


def anomaly_summary(rows: list[dict]) -> dict:
    """How many anomalies there are, in all and of each kind (kinds without any left out)."""
    counts = defaultdict(int)
    for row in rows:
        counts[row["kind"]] += 1
    kinds = [{"kind": kind, "sv": swedish, "en": english, "count": counts[kind]}
             for kind, (swedish, english) in ANOMALY_KINDS.items() if counts[kind]]
    return {"count": len(rows), "kinds": kinds}
