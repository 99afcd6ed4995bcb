"""Overlap for strategists: actors offering the same services in the same places, projects with
similar aims in the same area or strategy, and owners active in several areas.

The pairs are computed once per store generation (:mod:`graph.analysis.overlap_actors`,
:mod:`graph.analysis.overlap_projects`, :mod:`graph.analysis.overlap_owners`, where the scores are
documented); the functions here narrow them by the filters a strategist asks with. A place
filter follows the place hierarchy both ways: a pair that overlaps in län 04 is shown for
Eskilstuna (within it), and one in Skaraborg for län 14 (containing it).
"""

from __future__ import annotations

from graph.analysis.overlap_actors import ACTOR_PAIR_SORTS, actor_pairs, near_actor_pairs, unplaced_services
from graph.analysis.overlap_common import concept_refs, hierarchies
from graph.analysis.overlap_owners import LEVELS, OWNER_SORTS, owners_in_several_areas
from graph.analysis.overlap_projects import PAIR_SORTS, project_pairs
from graph.analysis.overlap_summary import STRONG_SCORE, TOP, overlap_summary
from graph.errors import InvalidParameter
from graph.namespaces import concept

__all__ = [
    "ACTOR_PAIR_SORTS",
    "LEVELS",
    "OWNER_SORTS",
    "PAIR_SORTS",
    "SERVICE_SCHEME",
    "STRONG_SCORE",
    "TOP",
    "actor_overlap",
    "level",
    "min_score",
    "owners_in_several_areas",
    "project_overlap",
    "service_type",
    "summary",
    "unplaced_services",
]

#: The concept scheme of service types.
SERVICE_SCHEME = "tjanst"


def min_score(raw: str | None, default: float = 0.0) -> float:
    """The ``min_score`` parameter as a number from 0 to 1 (``default`` where not given).

    >>> min_score("0,25"), min_score(None), min_score("", STRONG_SCORE)
    (0.25, 0.0, 0.2)
    """
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw.strip().replace(",", "."))
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise InvalidParameter("min_score", f"'{raw}' is not a score; write a number from 0 to 1, e.g. 0.2")
    return value


def service_type(store, key: str) -> str:
    """The IRI of the service type ``key`` (``affarsutveckling``); 400 naming ``service`` if none."""
    iri = str(concept(SERVICE_SCHEME, key))
    if iri not in concept_refs(store):
        raise InvalidParameter("service", f"no service type '{key}'; use a key of the tjanst scheme, "
                                          "e.g. affarsutveckling or radgivning")
    return iri


def level(raw: str | None) -> str:
    """The ``level`` parameter: the kind of area owners are counted in (``delregion`` if not given)."""
    value = (raw or "").strip() or LEVELS[0]
    if value not in LEVELS:
        raise InvalidParameter("level", f"'{raw}' is not a level; use one of {', '.join(LEVELS)}")
    return value


def actor_overlap(store, place: str | None = None, service: str | None = None,
                  floor: float = 0.0, near: bool = False) -> list[dict]:
    """Actor pairs with a score of at least ``floor``, sharing ``service`` (a service-type IRI)
    in places that overlap ``place`` (a place IRI), highest score first: the pairs that overlap,
    or with ``near`` those that share a specific service in the same place but no specific
    target group (see :mod:`graph.analysis.overlap_actors`)."""
    tree = hierarchies(store)
    pairs = near_actor_pairs(store) if near else actor_pairs(store)
    return [pair for pair in pairs if pair["score"] >= floor
            and (service is None or service in {t["iri"] for t in pair["shared_service_types"]})
            and (place is None or any(tree.meet(p["iri"], place) for p in pair["shared_places"]))]


def project_overlap(store, place: str | None = None, strategy: str | None = None,
                    floor: float = 0.0) -> list[dict]:
    """Project pairs with a score of at least ``floor`` where one of the two projects works in a
    place overlapping ``place`` and is about ``strategy`` (a concept IRI, narrower areas
    included), highest score first."""
    tree = hierarchies(store)

    def involves(project: dict) -> bool:
        if place and not any(tree.meet(p["iri"], place) for p in project["places"]):
            return False
        return not strategy or strategy in tree.with_broader(a["iri"] for a in project["strategy_areas"])

    return [pair for pair in project_pairs(store) if pair["score"] >= floor
            and (involves(pair["first"]) or involves(pair["second"]))]


def summary(store, place: str | None = None, service: str | None = None, strategy: str | None = None,
            floor: float = STRONG_SCORE) -> dict:
    """The overview of :mod:`graph.analysis.overlap_summary` over the pairs the filters keep:
    project pairs at or above ``floor`` (strong overlap by default), actor pairs and near pairs."""
    actors, near = (actor_overlap(store, place, service, near=kind) for kind in (False, True))
    return overlap_summary(store, hierarchies(store), project_overlap(store, place, strategy), actors, near,
                           floor)
