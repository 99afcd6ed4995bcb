"""Actors that offer the same specific service to the same specific target group in the same
places.

Each service (``schema:Service``) has its service types (``schema:serviceType``), target groups
(``dct:audience``) and areas (``schema:areaServed``); a service printed without an area is
placed where its provider serves (``area_from: "provider"``), and one whose provider's area is
not printed either cannot be placed and is left out of the comparison (listed in
:func:`unplaced_services`, not guessed).

**The rule.** Two actors overlap when a service of one and a service of the other meet on all
three at once:

- a *specific* service type: what a company gets (financing, export support, incubation), not
  the form support takes. Every actor advises, trains, convenes or analyses something, so
  Rådgivning, Utbildning, Nätverk och mötesplats and Analys och omvärldsbevakning
  (:data:`BROAD_SERVICE_TYPES`) never make an overlap: Stua's tourism assignment and Svenskt
  Näringsliv's business-climate survey are both "analys" and have nothing else in common;
- a *specific* target group: "Alla företag" and "Allmänheten" (:data:`BROAD_AUDIENCES`) are
  everybody, and a service that names no target group names none;
- places that meet (one lies within the other, see
  :class:`graph.analysis.overlap_common.Hierarchies`).

An actor and its own unit or subsidiary (Almi Företagspartner AB and Almi Företagspartner
Sörmland) are one organisation's offer, never a pair. Those service pairs are the evidence; what
they share is listed (service types, target groups, places). Two actors whose services share a
specific type in places that meet but no specific target group do not overlap; they are *near*
pairs (:func:`near_actor_pairs`: Connect and Science Park Skövde both offer affärsutveckling in
Skaraborg, to SMF and to startups), listed apart so that a strategist can see the complement.

The score (0 to 1, three decimals) is a weighted Jaccard over the two actors' specific offers::

    score = 0.5 · |shared types| / |specific types of either|
          + 0.25 · |shared target groups| / |specific target groups of either|
          + 0.25 · share of both actors' service areas that overlap the other's

where "shared" counts only what the matching service pairs share. Deterministic: the same data
gives the same pairs in the same order.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from graph.analysis.overlap_common import Hierarchies, hierarchies, place_refs
from graph.named_queries import select
from graph.namespaces import concept
from graph.per_generation import per_generation
from graph.resources.common import by_label, cited, ref
from graph.swedish import sort_key

__all__ = ["ACTOR_PAIR_SORTS", "ACTOR_WEIGHTS", "BROAD_AUDIENCES", "BROAD_SERVICE_TYPES", "actor_pairs",
           "near_actor_pairs", "services", "unplaced_services"]

#: How much shared service types, target groups and places count in an actor pair's score.
ACTOR_WEIGHTS = {"service_types": 0.5, "audiences": 0.25, "places": 0.25}
#: Service types that name the form support takes, which every kind of support takes: sharing
#: one says nothing about overlap (see the module's description).
BROAD_SERVICE_TYPES = frozenset(str(concept("tjanst", key)) for key in ("radgivning", "utbildning", "natverk",
                                                                      "analys"))
#: Target groups that are everybody.
BROAD_AUDIENCES = frozenset(str(concept("malgrupp", key)) for key in ("alla-foretag", "allmanheten"))
#: The facets that must be specific to count, and the broad values of each.
BROAD = {"service_types": BROAD_SERVICE_TYPES, "audiences": BROAD_AUDIENCES, "areas": frozenset()}
#: The fields a list of actor pairs can be sorted by.
ACTOR_PAIR_SORTS = ("score", "service_types_part", "audiences_part", "places_part", "first", "second")
FACETS = ("service_types", "audiences", "areas")


def services(store) -> list[dict]:
    """Every service with its provider, types, target groups, areas and sources, by name."""
    return per_generation(store, "services", lambda: _services(store))


def _services(store) -> list[dict]:
    facets: dict[str, dict[str, dict]] = defaultdict(lambda: {facet: {} for facet in FACETS})
    for row in select(store, "actor_service_facets"):
        if row["facet"] in FACETS:
            facets[row["service"]][row["facet"]][row["value"]] = row
    actors = {row["actor"]: row["label"] for row in select(store, "projection_actors")}
    served = defaultdict(set)
    for row in select(store, "actor_places"):
        if row["relation"] == "area_served":
            served[row["actor"]].add(row["place"])
    return by_label([_service(store, row, facets[row["service"]], actors, served)
                     for row in select(store, "actor_services")])


def _service(store, row: dict, facets: dict, actors: dict, served: dict) -> dict:
    places = place_refs(store)
    areas, area_from = set(facets["areas"]), "service"
    if not areas:
        areas, area_from = served.get(row["actor"], set()), "provider"
    return cited(store, {
        **ref(row["service"], row["label"]),
        "provider": ref(row["actor"], actors.get(row["actor"])),
        "service_types": _concepts(facets["service_types"]),
        "audiences": _concepts(facets["audiences"]),
        "areas": by_label([places[iri] for iri in areas if iri in places]),
        "area_from": area_from if areas else None,
        "description": row["description"],
    })


def _concepts(rows: dict[str, dict]) -> list[dict]:
    return by_label([ref(iri, row["label"], label_en=row["label_en"]) for iri, row in rows.items()])


def unplaced_services(store) -> list[dict]:
    """The services that name no area and whose provider names none either."""
    return [service for service in services(store) if not service["areas"]]


def actor_pairs(store) -> list[dict]:
    """Every pair of actors that overlap (a specific service type and target group in places
    that meet), highest score first (once per generation)."""
    return [pair for pair in _all_pairs(store) if pair["overlap"]]


def near_actor_pairs(store) -> list[dict]:
    """The pairs that share a specific service type in places that meet, but no specific target
    group: not an overlap, listed apart (once per generation)."""
    return [pair for pair in _all_pairs(store) if not pair["overlap"]]


def _all_pairs(store) -> list[dict]:
    def compute() -> list[dict]:
        tree = hierarchies(store)
        offers = defaultdict(list)
        for service in services(store):
            if service["areas"]:
                offers[service["provider"]["iri"]].append(service)
        family = {frozenset((row["actor"], row["unit"])) for row in select(store, "actor_units")}
        pairs = [pair for first, second in sorted(_candidates(offers)) if {first, second} not in family
                 and (pair := _pair(offers[first], offers[second], tree))]
        return sorted(pairs, key=lambda p: (-p["score"], sort_key(p["first"]["label"]),
                                            sort_key(p["second"]["label"])))
    return per_generation(store, "actor_pairs", compute)


def _candidates(offers: dict[str, list[dict]]) -> set[tuple[str, str]]:
    """The pairs of actors offering a specific service type in common (an inverted index, not
    all pairs)."""
    providers = defaultdict(set)
    for actor, offered in offers.items():
        for service_type in _offer(offered, "service_types"):
            providers[service_type].add(actor)
    return {pair for actors in providers.values() for pair in combinations(sorted(actors), 2)}


def _pair(first: list[dict], second: list[dict], tree: Hierarchies) -> dict | None:
    """Two actors' offers as a pair (``overlap`` says whether they overlap or only come near), or
    None where no two of their services share a specific type in places that meet."""
    matches = [match for one in first for other in second if (match := _match(one, other, tree))]
    if not matches:
        return None
    if sort_key(first[0]["provider"]["label"]) > sort_key(second[0]["provider"]["label"]):
        first, second = second, first
        matches = [{**m, "label": f"{m['second']['label']} / {m['first']['label']}",
                    "first": m["second"], "second": m["first"]} for m in matches]
    overlapping = [match for match in matches if match["audiences"]]
    matches = overlapping or matches
    shared = {facet: _union(matches, facet) for facet in ("service_types", "audiences", "places")}
    parts = _parts(first, second, shared, tree)
    return {"first": first[0]["provider"], "second": second[0]["provider"], "overlap": bool(overlapping),
            "score": round(sum(ACTOR_WEIGHTS[name] * value for name, value in parts.items()), 3),
            **{f"{name}_part": round(value, 3) for name, value in parts.items()},
            **{f"shared_{facet}": items for facet, items in shared.items()},
            "services": matches}


def _match(one: dict, other: dict, tree: Hierarchies) -> dict | None:
    """Two services that share a specific service type in places that meet, with what they
    share (the specific target groups may be none: then they come near, not overlap)."""
    types = _common(one, other, "service_types")
    meets = tree.shared_places(_iris(one["areas"]), _iris(other["areas"]))
    if not types or not meets:
        return None
    places = {area["iri"]: area for area in one["areas"] + other["areas"]}
    return {"label": f"{one['label']} / {other['label']}", "first": one, "second": other,
            "service_types": types, "audiences": _common(one, other, "audiences"),
            "places": by_label([places[iri] for iri in meets])}


def _iris(items: list[dict]) -> set[str]:
    return {item["iri"] for item in items}


def _specific(items: list[dict], facet: str) -> list[dict]:
    return [item for item in items if item["iri"] not in BROAD[facet]]


def _common(one: dict, other: dict, facet: str) -> list[dict]:
    """The specific values of ``facet`` both services have."""
    theirs = _iris(_specific(other[facet], facet))
    return [item for item in _specific(one[facet], facet) if item["iri"] in theirs]


def _union(matches: list[dict], facet: str) -> list[dict]:
    found = {item["iri"]: item for match in matches for item in match[facet]}
    return by_label(list(found.values()))


def _offer(services_: list[dict], facet: str) -> set[str]:
    """The specific values of ``facet`` over an actor's services."""
    return {item["iri"] for service in services_ for item in _specific(service[facet], facet)}


def _parts(first: list[dict], second: list[dict], shared: dict, tree: Hierarchies) -> dict[str, float]:
    def share(facet: str) -> float:
        either = _offer(first, facet) | _offer(second, facet)
        return len(shared[facet]) / len(either) if either else 0.0
    return {"service_types": share("service_types"), "audiences": share("audiences"),
            "places": tree.place_overlap(_offer(first, "areas"), _offer(second, "areas"))}
