"""What runs when and where: projects and insatser on a time axis, grouped by place, and the
collisions (projects in the same place at the same time with similar aims).

A project's period is what the source prints (``eurio:startDate``/``endDate``, as a date, a
year or a year and month), else the year of its first grant (VG2020's RUN grants are for 2020),
as :func:`graph.network.model.period_of` reads it; ``period.basis`` says which. A side the
source leaves open (an insats "Pågående –251231" has no start) stays open (None), and a project
with neither dates nor a dated grant is listed apart as undated, never given a period.

Both printings of an insats the source prints twice are rows (each as printed), but the
summary counts the insats once, and it never collides with itself.

A collision is a pair from :func:`graph.analysis.overlap_projects.project_pairs` that works in
the same area (not only under the same strategy), whose periods overlap, and whose score is at
least :data:`COLLISION_MIN_SCORE`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from graph.analysis.overlap_common import Hierarchies, hierarchies, place_refs
from graph.analysis.overlap_projects import project_facts, project_pairs, project_summary
from graph.analysis.overlap_summary import STRONG_SCORE
from graph.named_queries import select
from graph.network.model import period_of
from graph.per_generation import per_generation
from graph.resources.common import cited, ref
from graph.resources.duplicates import representatives
from graph.resources.place import KIND_RANK, place_kind
from graph.swedish import sort_key

__all__ = ["COLLISION_MIN_SCORE", "TIMELINE_COLUMNS", "csv_rows", "timeline"]

#: The least score of a pair in the same area and time for it to count as a collision: strong
#: overlap, as the overlap page counts it.
COLLISION_MIN_SCORE = STRONG_SCORE
#: Columns of the timeline as CSV (one row per project, dated or not).
TIMELINE_COLUMNS = ["key", "label", "kind", "status", "period_start", "period_end", "period_basis",
                    "start", "end", "time_plan", "group", "places", "owners", "strategy_areas", "iri"]
SEVERAL = {"iri": None, "path": None, "label": "Flera län", "label_en": "Several counties"}
NOWHERE = {"iri": None, "path": None, "label": "Plats ej angiven", "label_en": "Place not given"}


def timeline(store, place: str | None = None, strategy: str | None = None,
             start: date | None = None, end: date | None = None) -> dict:
    """The projects running in ``place`` (a place IRI: in it, within it or containing it), on
    ``strategy`` (a concept IRI, narrower areas included), between ``start`` and ``end``.

    Returns ``{"items": dated rows by group and start, "undated": rows, "collisions": pairs,
    "summary": counts and the first and last day}``. Undated projects are filtered by place and
    strategy only (when they run is not known).
    """
    tree = hierarchies(store)
    rows = [row for row in _rows(store) if _about(row, strategy, tree)]
    rows = [{**row, "scope": _scope(row, place, tree)} for row in rows]
    rows = [row for row in rows if place is None or row["scope"]]
    dated = [row for row in rows if row["period"]["basis"] and _during(row["period"], start, end)]
    undated = [row for row in rows if not row["period"]["basis"]]
    collisions = _collisions(store, {row["iri"]: row for row in dated})
    return {"items": dated, "undated": undated, "collisions": collisions,
            "summary": _summary(dated, undated, collisions, representatives(store))}


def _rows(store) -> list[dict]:
    """Every project as a timeline row, by group, start and name (once per generation)."""
    def compute() -> list[dict]:
        tree, places = hierarchies(store), place_refs(store)
        activities = _activities(store)
        rows = [{**project_summary(fact), "period": _period(fact), "group": _group(fact, tree, places),
                 "activities": activities.get(fact["iri"], [])} for fact in project_facts(store).values()]
        return sorted(rows, key=_order)
    return per_generation(store, "timeline_rows", compute)


def _order(row: dict) -> tuple:
    group = row["group"]
    return (group["iri"] is None, sort_key(group["label"]), row["period"]["start"] or "",
            sort_key(row["label"]))


def _period(fact: dict) -> dict:
    """A project's period as ISO days, and what it rests on (``dates``, ``grant_year`` or None)."""
    grant_year = min(fact["grant_years"]) if fact["grant_years"] else None
    found = period_of({"start": fact["start"], "end": fact["end"], "grant_year": grant_year})
    if found is None:
        return {"start": None, "end": None, "basis": None}
    basis = "dates" if fact["start"] or fact["end"] else "grant_year"
    return {"start": found[0] and found[0].isoformat(), "end": found[1] and found[1].isoformat(),
            "basis": basis}


def _group(fact: dict, tree: Hierarchies, places: dict[str, dict]) -> dict:
    """The narrowest place that holds all of a project's places (below Sverige), else "several"."""
    iris = [place["iri"] for place in fact["places"]]
    if not iris:
        return NOWHERE
    common = set.intersection(*(tree.place_ancestors.get(iri, {iri}) for iri in iris))
    common = [iri for iri in common if place_kind(iri) != "land" and iri in places]
    if not common:
        return SEVERAL
    return places[min(common, key=lambda iri: KIND_RANK[place_kind(iri)])]


def _activities(store) -> dict[str, list[dict]]:
    """The dated activities of each project, by project IRI, earliest first."""
    found = defaultdict(list)
    for row in select(store, "project_activities"):
        period = period_of({"start": row["start"], "end": row["end"]})
        if period:
            found[row["project"]].append(cited(store, {
                **ref(row["activity"], row["label"]), "time_plan": row["time_plan"],
                "start": period[0] and period[0].isoformat(), "end": period[1] and period[1].isoformat()}))
    return {key: sorted(items, key=lambda a: (a["start"] or a["end"], sort_key(a["label"])))
            for key, items in found.items()}


def _about(row: dict, strategy: str | None, tree: Hierarchies) -> bool:
    return strategy is None or strategy in tree.with_broader([a["iri"] for a in row["strategy_areas"]])


def _scope(row: dict, place: str | None, tree: Hierarchies) -> str | None:
    """How a project is tied to the filter's place: ``here``, ``within`` it, ``wider`` (None: not)."""
    iris = [p["iri"] for p in row["places"]]
    if place is None or place in iris:
        return "here" if place else None
    if any(tree.within(iri, place) for iri in iris):
        return "within"
    return "wider" if any(tree.within(place, iri) for iri in iris) else None


def _during(period: dict, start: date | None, end: date | None) -> bool:
    """True if the period overlaps [start, end] (an open side overlaps everything on that side)."""
    first, last = period["start"], period["end"]
    return ((end is None or first is None or first <= end.isoformat())
            and (start is None or last is None or last >= start.isoformat()))


def _collisions(store, shown: dict[str, dict]) -> list[dict]:
    """The shown projects' pairs in the same area, at the same time, with similar aims."""
    collisions = []
    for pair in project_pairs(store):
        first, second = shown.get(pair["first"]["iri"]), shown.get(pair["second"]["iri"])
        if first and second and "area" in pair["basis"] and pair["score"] >= COLLISION_MIN_SCORE:
            window = _overlap(first["period"], second["period"])
            if window:
                collisions.append({**pair, "period": window})
    return collisions


def _overlap(first: dict, second: dict) -> dict | None:
    """When two periods both run (an open side is open), or None if they never do."""
    starts = [d for d in (first["start"], second["start"]) if d]
    ends = [d for d in (first["end"], second["end"]) if d]
    start, end = (max(starts) if starts else None), (min(ends) if ends else None)
    return None if start and end and start > end else {"start": start, "end": end}


def _summary(dated: list[dict], undated: list[dict], collisions: list[dict], heads: dict[str, str]) -> dict:
    """Counts of insatser (one printed twice counts once, as dated if either printing is) and
    collisions, and the first and last day on the axis."""
    days = [d for row in dated for d in (row["period"]["start"], row["period"]["end"]) if d]
    with_period = {heads.get(row["iri"], row["iri"]) for row in dated}
    without = {heads.get(row["iri"], row["iri"]) for row in undated} - with_period
    return {"projects": len(with_period), "undated": len(without), "collisions": len(collisions),
            "first_day": min(days, default=None), "last_day": max(days, default=None)}


def csv_rows(payload: dict) -> list[dict]:
    """One row per project of a timeline (dated first, then undated), its period flattened."""
    return [{**row, "period_start": row["period"]["start"], "period_end": row["period"]["end"],
             "period_basis": row["period"]["basis"], "group": row["group"]["label"]}
            for row in payload["items"] + payload["undated"]]
