"""Indicators: targets against results, as the sources print them.

An indicator (``ak:Indicator``, from ``data/*/indicators.csv``) measures a project, a strategy
or a document (``ak:indicatorOf``) and may carry a baseline, a target and a result. Where it has
both a target and a result, the result is given as a share of the target and as met or not: a
target is read as a minimum to reach (every printed target in the sources is one), so it is met
when the result is at least the target. The sources' notes stay beside the figures, as printed
(a result the report words differently, an indicator lowered during the project).

>>> percent_of_target(388, 400), percent_of_target(161, 150), percent_of_target(5, None)
(97.0, 107.3, None)
"""

from __future__ import annotations

from graph.errors import InvalidParameter
from graph.named_queries import select
from graph.namespaces import local_path
from graph.resources.common import by_label, number, provenance, ref
from graph.swedish import sort_key

__all__ = ["MET_RULE", "indicators", "percent_of_target", "subject_key"]

#: How "met" is decided, for the payload (readers should not have to guess).
MET_RULE = "met when result >= target (each printed target is a minimum to reach)"


def percent_of_target(result, target) -> float | None:
    """The result as a percentage of the target, to one decimal; None without both (or a 0 target)."""
    if result is None or not target:
        return None
    return round(float(result) / float(target) * 100, 1)


def subject_key(iri: str) -> str:
    """What an indicator measures as the data files write it: ``project:mojligheternas-region``.

    >>> subject_key("https://aktorskartan.se/id/scheme/sormland-nls")
    'scheme:sormland-nls'
    """
    kind, _, key = local_path(iri).removeprefix("/id/").partition("/")
    return f"{kind}:{key}"


def indicators(store, subject: str | None = None) -> dict:
    """Every indicator (or those of ``subject``, written ``project:<key>``, ``scheme:<key>`` or
    ``document:<key>``) with its figures, the result's share of the target and its sources.

    Raises InvalidParameter (``subject``) for a record no indicator measures.
    """
    labels = {row["subject"]: row["label"] for row in select(store, "indicators_subjects")}
    subjects = {subject_key(iri): iri for iri in labels}
    if subject is not None and subject not in subjects:
        raise InvalidParameter("subject", f"no indicators of '{subject}'; use one of "
                                          f"{', '.join(sorted(subjects))}")
    cited_by = provenance(store)
    rows = [_indicator(row, labels, cited_by) for row in select(store, "project_indicators")
            if subject is None or row["subject"] == subjects[subject]]
    rows.sort(key=_order)
    compared = [row for row in rows if row["met"] is not None]
    measured = [{**ref(iri, label), "key": subject_key(iri)} for iri, label in labels.items()]
    return {"subject": subject, "items": rows, "compared": len(compared),
            "met": sum(row["met"] for row in compared), "met_rule": MET_RULE, "subjects": by_label(measured)}


def _indicator(row: dict, labels: dict, cited_by: dict) -> dict:
    figures = {field: number(row[field]) for field in ("baseline", "target", "result")}
    share = percent_of_target(figures["result"], figures["target"])
    found = cited_by.get(row["indicator"], {})
    return {
        **ref(row["indicator"], row["label"]), "key": row["indicator"].rsplit("/", 1)[-1],
        "subject": {**ref(row["subject"], labels.get(row["subject"])), "key": subject_key(row["subject"])},
        "unit": row["unit"], **figures, "period": row["period"], "note": row["note"],
        "percent_of_target": share,
        "met": None if share is None else figures["result"] >= figures["target"],
        "sources": found.get("sources", []), "warnings": found.get("warnings", []),
    }


def _order(row: dict) -> tuple:
    section = row["sources"][0]["section"] if row["sources"] else ""
    return sort_key(row["subject"]["label"]), sort_key(section), sort_key(row["label"])
