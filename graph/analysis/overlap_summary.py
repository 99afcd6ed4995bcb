"""What a strategist reads first about overlap: how many project pairs overlap strongly, the
strongest ten, and where (by delregion, else län) and on what (by strategy area) they are.

**Strong overlap** is a project-pair score of at least :data:`STRONG_SCORE` (0.2). Measured on
the bundled data (1 150 pairs once the sources' repeated insatser and the prose filler are left
out), the scores fall off steeply: half the pairs score below 0.03 and nine in ten below 0.13,
where the pairs share a word or two of their descriptions; from 0.2 up there are 57 pairs (the
top twentieth), each bin of 0.025 holding at most ten, and they share their aims: Fyrbodal's and
Skaraborg's competence-supply projects (0.355), Fyrbodal's two sustainable-tourism projects
(0.353). It is also the score the timeline asks of a collision
(:data:`graph.analysis.timeline.COLLISION_MIN_SCORE`), so the two pages agree on what is alike.
"""

from __future__ import annotations

from collections import defaultdict

from graph.analysis.overlap_common import Hierarchies, place_refs
from graph.resources.common import by_label
from graph.swedish import sort_key

__all__ = ["STRONG_SCORE", "TOP", "overlap_summary"]

#: The least project-pair score that counts as strong overlap (see the module's description).
STRONG_SCORE = 0.2
#: How many of the strongest pairs the summary names.
TOP = 10


def overlap_summary(store, tree: Hierarchies, project_pairs: list[dict], actor_pairs: list[dict],
                    near_pairs: list[dict], threshold: float = STRONG_SCORE) -> dict:
    """The summary of project pairs at or above ``threshold`` (``project_pairs`` highest score
    first, already narrowed by the filters), and how many actor pairs overlap or come near."""
    strong = [pair for pair in project_pairs if pair["score"] >= threshold]
    areas = _area_counts(store, tree, strong)
    return {
        "threshold": threshold, "strong_score": STRONG_SCORE,
        "project_pairs": len(project_pairs), "strong_pairs": len(strong),
        "across_areas": sum(1 for pair in strong if _across(pair, store, tree)),
        "strongest": strong[:TOP],
        "by_area": areas, "by_strategy_area": _strategy_counts(strong),
        "without_shared_strategy": sum(1 for pair in strong if not pair["shared_strategy_areas"]),
        "actor_pairs": len(actor_pairs), "near_actor_pairs": len(near_pairs),
    }


def _areas(project: dict, store, tree: Hierarchies) -> list[dict]:
    """Where a project works, as delregioner, else as län (Sörmland's insatser have no delregion)."""
    if project["delregions"]:
        return project["delregions"]
    places = place_refs(store)
    lan = tree.areas([place["iri"] for place in project["places"]], "lan")
    return by_label([places[iri] for iri in lan if iri in places])


def _across(pair: dict, store, tree: Hierarchies) -> bool:
    """True if the two projects work in different areas (none in common)."""
    first, second = (_iris(_areas(pair[side], store, tree)) for side in ("first", "second"))
    return bool(first and second) and not first & second


def _iris(items: list[dict]) -> set[str]:
    return {item["iri"] for item in items}


def _area_counts(store, tree: Hierarchies, pairs: list[dict]) -> list[dict]:
    """Each area with the strong pairs that have a project there: all of them, those with both
    projects there, and those reaching into another area; the most pairs first."""
    rows: dict[str, dict] = {}
    for pair in pairs:
        sides = [_areas(pair[side], store, tree) for side in ("first", "second")]
        for area in {item["iri"]: item for side in sides for item in side}.values():
            row = rows.setdefault(area["iri"], {**area, "pairs": 0, "within": 0, "across": 0})
            row["pairs"] += 1
            inside = all(area["iri"] in _iris(side) for side in sides)
            row["within" if inside else "across"] += 1
    return sorted(rows.values(), key=lambda row: (-row["pairs"], sort_key(row["label"] or "")))


def _strategy_counts(pairs: list[dict]) -> list[dict]:
    """Each strategy area the strong pairs share, with how many share it; the most first."""
    counts, refs = defaultdict(int), {}
    for pair in pairs:
        for area in pair["shared_strategy_areas"]:
            counts[area["iri"]] += 1
            refs[area["iri"]] = area
    rows = [{**refs[iri], "pairs": count} for iri, count in counts.items()]
    return sorted(rows, key=lambda row: (-row["pairs"], sort_key(row["label"] or "")))
