"""Places without a service, told apart from places the sources say nothing about.

A service *reaches* a place when the area it is offered in (its own ``schema:areaServed``, else
its provider's) is that place or contains it: a service for lan:04 reaches every kommun in
Södermanland, one for land:SE reaches all. Services that give no area are listed, not counted.

Where no service of a type reaches a place, the sources either know of a gap or know nothing:

- A source document *covers* a place when its own records name it, an area containing it or a
  place within it: a project works there, or a service says it is offered there. Sverige as a
  whole covers nothing (a national measurement says nothing about a region's support), and
  neither does the register of organisations (a provider's area is no source's statement).
- The place has a **gap** (``gap``) when a source that covers it records the service type
  somewhere in the same län: that source describes the region's support, has the type in it,
  and does not bring it here. Etableringsstöd in Västra Götaland: the 2020 delregional grants
  (003) record it in Fyrbodal and Skaraborg and cover Borås, so Borås has a gap.
- Otherwise the type is **not in the sources** there (``not_in_sources``, "saknas i källorna"):
  no source covering the place records the type in its län, so the data cannot tell whether the
  place lacks it. Exportstöd in Västra Götaland: no source records an export service there.

Each row says which (``coverage``), a gap with the documents it rests on; each service type's
summary counts and lists both kinds apart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from graph.errors import InvalidParameter, NotFoundError
from graph.named_queries import select
from graph.per_generation import per_generation
from graph.resources.common import by_label, iri_of, provenance, ref
from graph.resources.place import KIND_RANK, parse_place, place_kind, place_ref, places, require_place
from graph.resources.project import concept_ref
from graph.swedish import sort_key

__all__ = ["COVERAGE", "GAP_PLACE_KINDS", "covered_lan", "service_gaps", "service_types"]

#: The places a service gap is reported for.
GAP_PLACE_KINDS = ("kommun", "delregion")
#: What a place is for a service type: code, Swedish, English.
COVERAGE = (
    ("served", "Nås av tjänsten", "Reached by the service"),
    ("gap", "Lucka", "Gap"),
    ("not_in_sources", "Saknas i källorna", "Not in the sources"),
)


@dataclass(frozen=True)
class _Facts:
    """What every service-gap question reads, once per store generation.

    ``offers``: each service with each type and the area that places it (its own or its
    provider's); ``within``: place → every place containing it; ``known``: place → reference;
    ``covers``: document → the places its own records name (below Sverige); ``cited_by``: record
    → its sources (:func:`graph.resources.common.provenance`); ``documents``: document →
    reference; ``cited_in``: record → the documents citing it.
    """

    offers: list[dict]
    within: dict[str, set[str]]
    known: dict[str, dict]
    covers: dict[str, set[str]]
    cited_by: dict[str, dict]
    documents: dict[str, dict]
    cited_in: dict[str, set[str]]

    def sources(self, iri: str) -> list[dict]:
        """The record's sources: document, section and page."""
        return self.cited_by.get(iri, {}).get("sources", [])


def _facts(store) -> _Facts:
    def compute() -> _Facts:
        cited_by = provenance(store)
        cited = [(iri, source["document"]) for iri, found in cited_by.items() for source in found["sources"]]
        documents = {document["iri"]: document for _, document in cited}
        cited_in = defaultdict(set)
        for iri, document in cited:
            cited_in[iri].add(document["iri"])
        covers = defaultdict(set)
        for row in select(store, "gaps_record_places"):
            if place_kind(row["place"]) != "land":
                for document in cited_in.get(row["thing"], ()):
                    covers[document].add(row["place"])
        within = defaultdict(set)
        for row in select(store, "place_within"):
            within[row["place"]].add(row["broader"])
        return _Facts(select(store, "gaps_service_offers"), dict(within),
                      {item["iri"]: item for item in places(store)}, dict(covers), cited_by, documents,
                      dict(cited_in))
    return per_generation(store, "gap_facts", compute)


def service_types(store) -> list[dict]:
    """The service types (scheme tjanst), each a concept reference with its ``key``."""
    rows = select(store, "strategy_concepts", scheme=iri_of("scheme", "tjanst"))
    return by_label([{**concept_ref(row), "key": row["concept"].rsplit("/", 1)[-1]} for row in rows])


def covered_lan(store) -> list[dict]:
    """The län the service data covers: each län some service serves (all or part of), with how
    many services serve in it, most first (a service for all Sweden is not counted)."""
    return _covered(_facts(store))


def service_gaps(store, service: str | None = None, lan: str | None = None,
                 place: str | None = None) -> dict:
    """For each service type (or ``service``) and each kommun and delregion in scope, whether
    some service reaches it, and if none does, whether that is a gap or not in the sources.

    The scope is ``lan`` (länskod, ``04``) or ``place`` (``kommun:0484``, ``delregion:fyrbodal``,
    ``lan:14``, ``land:SE``); by default every län the data covers.

    Raises InvalidParameter naming ``service``, ``lan`` or ``place``.
    """
    types = _chosen_types(service_types(store), service)
    facts = _facts(store)
    covered = _covered(facts)
    roots = _scope(store, lan, place) or [row["iri"] for row in covered]
    members = _members(roots, facts)
    covering = {member["iri"]: _covering(member, facts) for member in members}
    recorded = _Recorded(facts)
    rows = [_coverage(kind, member, facts, covering[member["iri"]], recorded)
            for kind in types for member in members]
    summaries = [_summary(kind, [row for row in rows if row["service"]["iri"] == kind["iri"]], facts)
                 for kind in types]
    return {"service": types[0] if service else None, "scope": [_place(facts.known[root]) for root in roots],
            "default_scope": not (lan or place), "covered_lan": covered, "coverage_kinds": _coverage_kinds(),
            "services": summaries, "rows": rows}


def _coverage_kinds() -> list[dict]:
    return [{"code": code, "sv": swedish, "en": english} for code, swedish, english in COVERAGE]


def _chosen_types(types: list[dict], key: str | None) -> list[dict]:
    if key is None:
        return types
    chosen = [kind for kind in types if kind["key"] == key]
    if not chosen:
        raise InvalidParameter("service", f"no service type '{key}'; use a key of the scheme tjanst "
                                          f"(/id/scheme/tjanst), e.g. exportstod")
    return chosen


def _lan_of(area: str, within: dict) -> str | None:
    if place_kind(area) == "lan":
        return area
    return next((broader for broader in within.get(area, ()) if place_kind(broader) == "lan"), None)


def _covered(facts: _Facts) -> list[dict]:
    services = defaultdict(set)
    for offer in facts.offers:
        lan = _lan_of(offer["area"], facts.within) if offer["area"] else None
        if lan:
            services[lan].add(offer["service"])
    items = [{**_place(facts.known[lan]), "services": len(found)} for lan, found in services.items()]
    return sorted(items, key=lambda item: (-item["services"], sort_key(item["label"])))


def _place(item: dict) -> dict:
    return {key: item[key] for key in ("iri", "path", "label", "kind", "code")}


def _scope(store, lan: str | None, place: str | None) -> list[str]:
    """The places named by ``lan`` or ``place`` (none if neither is given)."""
    if lan and place:
        raise InvalidParameter("place", "give lan or place, not both")
    if not (lan or place):
        return []
    parameter, value = ("lan", lan) if lan else ("place", place)
    kind, code = parse_place(value if ":" in value or "/" in value else f"lan:{value}", parameter)
    if parameter == "lan" and kind != "lan":
        raise InvalidParameter("lan", f"'{value}' is not a län; write its länskod, e.g. 04")
    try:
        return [require_place(store, kind, code).value]
    except NotFoundError:
        raise InvalidParameter(parameter, f"no place '{value}'") from None


def _members(roots: list[str], facts: _Facts) -> list[dict]:
    """The kommuner and delregioner in the scope (a kommun or delregion scope counts itself)."""
    found = [item for item in facts.known.values() if item["kind"] in GAP_PLACE_KINDS
             and _reach(item, facts.within) & set(roots)]
    return sorted(found, key=lambda item: (sort_key((item["county"] or item)["label"]),
                                           KIND_RANK[item["kind"]], sort_key(item["label"])))


def _reach(item: dict, within: dict) -> set[str]:
    """The place and every place it lies within, except another county's län: Kungsbacka is in
    Göteborgsregionen (a delregion of Västra Götaland) but in Hallands län."""
    county = (item.get("county") or {}).get("iri")
    return {item["iri"]} | {wider for wider in within.get(item["iri"], set())
                            if place_kind(wider) != "lan" or county in (None, wider)}


def _covering(member: dict, facts: _Facts) -> set[str]:
    """The documents that cover ``member``: their records name it, a place containing it or a
    place within it."""
    reach = _reach(member, facts.within)
    return {document for document, named in facts.covers.items()
            if named & reach or any(member["iri"] in facts.within.get(place, ()) for place in named)}


class _Recorded:
    """Which documents record a service type in a län, and with which services (asked once per
    type and län)."""

    def __init__(self, facts: _Facts):
        self.facts, self.found = facts, {}

    def __call__(self, kind: str, lan: str | None) -> dict[str, set[str]]:
        """Document → the services of ``kind`` it records in ``lan`` (their area is it or in it)."""
        if (kind, lan) not in self.found:
            found = defaultdict(set)
            for offer in self.facts.offers:
                if lan and offer["type"] == kind and self._in(offer["area"], lan):
                    for document in self.facts.cited_in.get(offer["service"], ()):
                        found[document].add(offer["service"])
            self.found[(kind, lan)] = dict(found)
        return self.found[(kind, lan)]

    def _in(self, area: str | None, lan: str) -> bool:
        return bool(area) and (area == lan or lan in self.facts.within.get(area, ()))


def _coverage(kind: dict, member: dict, facts: _Facts, covering: set[str], recorded: _Recorded) -> dict:
    """Whether services of ``kind`` reach ``member`` and which (with the area that reaches it);
    where none does, whether it is a gap (and on which documents) or not in the sources."""
    providers = _providers(kind, member, facts)
    evidence = sorted(covering & recorded(kind["iri"], (member["county"] or {}).get("iri")).keys())
    coverage = "served" if providers else "gap" if evidence else "not_in_sources"
    return {"service": _short_type(kind), "place": _place(member), "kind": member["kind"],
            "code": member["code"], "lan": member["county"], "delregion": member["delregion"],
            "served": bool(providers), "coverage": coverage, "providers": providers,
            "gap_sources": [facts.documents[doc] for doc in evidence] if coverage == "gap" else []}


def _providers(kind: dict, member: dict, facts: _Facts) -> list[dict]:
    reach = _reach(member, facts.within)
    providers = {}
    for offer in facts.offers:
        if offer["type"] == kind["iri"] and offer["area"] in reach:
            providers.setdefault((offer["provider"], offer["service"]), {
                **ref(offer["provider"], offer["provider_label"]),
                "service": ref(offer["service"], offer["label"]),
                "area": _place(facts.known.get(offer["area"]) or place_ref(offer["area"], None)),
                "area_from": offer["from"]})
    return by_label(list(providers.values()))


def _short_type(kind: dict) -> dict:
    return {key: kind[key] for key in ("iri", "path", "label", "label_en", "key")}


def _summary(kind: dict, rows: list[dict], facts: _Facts) -> dict:
    """One service type over the scope: how many places it reaches, which it does not (the gaps
    and the places it is not in the sources for, apart), who provides it with which services
    (each with the areas that reach the scope and its sources), and its services that name no
    area (so the data cannot place them)."""
    reaching = {}
    for provider in (p for row in rows for p in row["providers"]):
        found = reaching.setdefault(provider["service"]["iri"], {
            **provider["service"], "provider": {k: provider[k] for k in ("iri", "path", "label")},
            "areas": {}, "sources": facts.sources(provider["service"]["iri"])})
        found["areas"][provider["area"]["iri"]] = provider["area"]
    services = by_label([{**item, "areas": list(item["areas"].values())} for item in reaching.values()])
    unplaced = {offer["service"]: {**ref(offer["service"], offer["label"]),
                                   "sources": facts.sources(offer["service"]),
                                   "provider": ref(offer["provider"], offer["provider_label"])}
                for offer in facts.offers if offer["type"] == kind["iri"] and not offer["area"]}
    providers = {item["provider"]["iri"]: item["provider"] for item in services}
    gap_sources = {s["iri"]: s for row in rows for s in row["gap_sources"]}
    return {**_short_type(kind), "places": len(rows), "served": sum(row["served"] for row in rows),
            "unserved": [row["place"] for row in rows if not row["served"]],
            "gaps": [row["place"] for row in rows if row["coverage"] == "gap"],
            "not_in_sources": [row["place"] for row in rows if row["coverage"] == "not_in_sources"],
            "gap_sources": by_label(list(gap_sources.values())),
            "providers": by_label(list(providers.values())), "offers": services,
            "unplaced": by_label(list(unplaced.values()))}
