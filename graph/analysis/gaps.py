"""Gaps for strategists: strategy areas nobody works towards, places without a service, target
groups nobody serves.

Each analysis reads the graph through named queries and returns one plain payload; nothing is
inferred that the sources do not say. Where the data cannot tell (a service that names no area
served, neither itself nor through its provider) the payload says so instead of counting it as
a gap or as coverage.

- **Strategy areas.** A project, network or service works towards an area when its
  ``dct:subject`` is the area or a narrower one. An area is a gap when nothing works towards it
  (``no_projects``), when nobody does (``no_actors``: no party of those projects, member or
  coordinator of those networks, provider of those services), or, where the source places its
  projects by status (Sörmland's action plan lists insatser as pågående, kommande and avslutade,
  and proposes potentiella utvecklingsinsatser), when it has only proposals or unplaced mentions
  (``no_insatser``).
- **Services.** A service serves a place when the area it serves (its own ``schema:areaServed``,
  else its provider's) is that place or contains it: a service for lan:04 serves every kommun in
  Södermanland, one for land:SE serves all.
- **Target groups.** A group is served when some service has it (or a narrower group) as
  ``dct:audience``; whether projects target it is reported beside that.
"""

from __future__ import annotations

from collections import defaultdict

from graph.errors import InvalidParameter, NotFoundError
from graph.named_queries import select
from graph.resources.common import by_label, cited, iri_of, provenance, ref
from graph.resources.place import KIND_RANK, parse_place, place_kind, place_ref, places, require_place
from graph.resources.project import concept_ref
from graph.resources.strategy import strategies
from graph.swedish import sort_key

__all__ = [
    "AREA_GAPS",
    "IN_PLAN",
    "PROPOSED",
    "audience_gaps",
    "covered_lan",
    "service_gaps",
    "service_types",
    "strategy_area_gaps",
]

#: The statuses that make a project one of the plan's insatser (not a proposal).
IN_PLAN = ("pågående", "kommande", "avslutad")
#: The status of a proposed insats (Sörmland's "Potentiella utvecklingsinsatser").
PROPOSED = "föreslagen"
#: The kinds of strategy-area gap: code, Swedish, English.
AREA_GAPS = (
    ("no_projects", "Inga projekt", "No projects"),
    ("no_insatser", "Inga insatser i planen", "No insatser in the plan"),
    ("no_actors", "Inga aktörer", "No actors"),
)
EURIO = "http://data.europa.eu/s66#"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
KINDS = {EURIO + "Project": "projects", ORG + "OrganizationalCollaboration": "networks",
         SCHEMA + "Service": "services"}
#: The places a service gap is reported for.
GAP_PLACE_KINDS = ("kommun", "delregion")


# --- strategy areas --------------------------------------------------------------------------

def strategy_area_gaps(store, scheme: str | None = None) -> dict:
    """Every area of the strategies (or of ``scheme``) with what and who works towards it, and
    its gaps.

    Raises InvalidParameter (``scheme``) for a key that is not a strategy.
    """
    schemes = _chosen_schemes(strategies(store), scheme)
    records = _by_area(select(store, "gaps_area_records"))
    actors = defaultdict(dict)
    for row in select(store, "gaps_area_actors"):
        actors[row["area"]][row["actor"]] = ref(row["actor"], row["label"])
    result = [_scheme_gaps(store, summary, records, actors) for summary in schemes]
    gaps = [{**_short(row), "key": row["key"], "scheme": row["scheme"], "gaps": row["gaps"]}
            for item in result for row in item["areas"] if row["gaps"]]
    return {"scheme": scheme, "schemes": result, "gaps": gaps, "gap_kinds": _gap_kinds(),
            "in_plan": list(IN_PLAN), "proposed": PROPOSED}


def _chosen_schemes(schemes: list[dict], key: str | None) -> list[dict]:
    if key is None:
        return schemes
    chosen = [summary for summary in schemes if summary["key"] == key]
    if not chosen:
        keys = ", ".join(summary["key"] for summary in schemes)
        raise InvalidParameter("scheme", f"no strategy '{key}'; use one of {keys}")
    return chosen


def _gap_kinds() -> list[dict]:
    return [{"code": code, "sv": swedish, "en": english} for code, swedish, english in AREA_GAPS]


def _by_area(rows: list[dict]) -> dict[str, dict]:
    """Per area: the things about it directly and through narrower areas, and each project's status."""
    areas = defaultdict(lambda: {"direct": defaultdict(set), "all": defaultdict(set), "status": {}})
    for row in rows:
        kind = KINDS[row["class"]]
        found = areas[row["area"]]
        found["all"][kind].add(row["thing"])
        if row["concept"] == row["area"]:
            found["direct"][kind].add(row["thing"])
        if kind == "projects":
            found["status"][row["thing"]] = row["status"]
    return areas


def _scheme_gaps(store, summary: dict, records: dict, actors: dict) -> dict:
    keep = ("iri", "path", "key", "label", "label_en", "publisher", "start", "end")
    scheme = {key: summary[key] for key in keep}
    statuses = {status for node, _, _ in _walk(summary["concepts"])
                for status in records.get(node["iri"], {}).get("status", {}).values()}
    scheme["statuses_printed"] = any(statuses)
    short = {key: summary[key] for key in ("iri", "path", "key", "label", "label_en")}
    scheme["areas"] = [_area(store, node, level, broader, short, records.get(node["iri"]),
                             actors.get(node["iri"], {}), scheme["statuses_printed"])
                       for node, level, broader in _walk(summary["concepts"])]
    scheme["gap_count"] = sum(1 for row in scheme["areas"] if row["gaps"])
    return scheme


def _walk(nodes: list[dict], level: int = 1, broader: dict | None = None):
    """The concepts of a tree in reading order, each with its level and broader concept."""
    for node in nodes:
        yield node, level, broader
        yield from _walk(node["narrower"], level + 1, node)


def _short(node: dict | None) -> dict | None:
    return {key: node[key] for key in ("iri", "path", "label", "label_en")} if node else None


def _area(store, node: dict, level: int, broader: dict | None, scheme: dict, found: dict | None,
          actors: dict, statuses_printed: bool) -> dict:
    found = found or {"direct": {}, "all": {}, "status": {}}
    row = {**_short(node), "notation": node["notation"], "key": node["path"].removeprefix("/id/concept/"),
           "scheme": scheme, "level": level, "broader": _short(broader), "definition": node["definition"],
           **_counts(found), "actors": by_label(list(actors.values())), "actor_count": len(actors)}
    row["gaps"] = _gaps(row, statuses_printed)
    return cited(store, row)


def _counts(found: dict) -> dict:
    projects, direct = found["all"].get("projects", set()), found["direct"].get("projects", set())
    by_status = defaultdict(int)
    for project in projects:
        by_status[found["status"][project] or ""] += 1
    return {
        "projects": len(projects), "projects_direct": len(direct),
        "projects_narrower": len(projects - direct),
        "in_plan": sum(by_status[status] for status in IN_PLAN), "proposed": by_status[PROPOSED],
        "without_status": by_status[""],
        "by_status": {status: count for status, count in sorted(by_status.items()) if status},
        "networks": len(found["all"].get("networks", ())), "services": len(found["all"].get("services", ())),
    }


def _gaps(row: dict, statuses_printed: bool) -> list[str]:
    """The gaps of an area: ``no_insatser`` only where the source places its projects by status.

    >>> _gaps({"projects": 4, "in_plan": 0, "actor_count": 1}, statuses_printed=True)
    ['no_insatser']
    >>> _gaps({"projects": 4, "in_plan": 0, "actor_count": 1}, statuses_printed=False)
    []
    >>> _gaps({"projects": 0, "in_plan": 0, "actor_count": 0}, statuses_printed=True)
    ['no_projects', 'no_actors']
    """
    gaps = []
    if not row["projects"]:
        gaps.append("no_projects")
    elif statuses_printed and not row["in_plan"]:
        gaps.append("no_insatser")
    if not row["actor_count"]:
        gaps.append("no_actors")
    return gaps


# --- places without a service ----------------------------------------------------------------

def service_types(store) -> list[dict]:
    """The service types (scheme tjanst), each a concept reference with its ``key``."""
    rows = select(store, "strategy_concepts", scheme=iri_of("scheme", "tjanst"))
    return by_label([{**concept_ref(row), "key": row["concept"].rsplit("/", 1)[-1]} for row in rows])


def covered_lan(store) -> list[dict]:
    """The län the service data covers: each län some service serves (all or part of), with how
    many services serve in it, most first (a service for all Sweden is not counted)."""
    return _covered(_offers(store), _within(store), _places(store))


def service_gaps(store, service: str | None = None, lan: str | None = None,
                 place: str | None = None) -> dict:
    """For each service type (or ``service``) and each kommun and delregion in scope, whether
    some service serves it, and which have none.

    The scope is ``lan`` (länskod, ``04``) or ``place`` (``kommun:0484``, ``delregion:fyrbodal``,
    ``lan:14``, ``land:SE``); by default every län the data covers.

    Raises InvalidParameter naming ``service``, ``lan`` or ``place``.
    """
    types = _chosen_types(service_types(store), service)
    offers, within, known = _offers(store), _within(store), _places(store)
    covered = _covered(offers, within, known)
    roots = _scope(store, lan, place) or [row["iri"] for row in covered]
    members = _members(roots, within, known)
    rows = [_coverage(kind, member, offers, within, known) for kind in types for member in members]
    cited_by = provenance(store)

    def cite(iri: str) -> list[dict]:
        return cited_by.get(iri, {}).get("sources", [])
    summaries = [_summary(kind, [row for row in rows if row["service"]["iri"] == kind["iri"]], offers, cite)
                 for kind in types]
    return {"service": types[0] if service else None, "scope": [_place(known[root]) for root in roots],
            "default_scope": not (lan or place), "covered_lan": covered, "services": summaries,
            "rows": rows}


def _chosen_types(types: list[dict], key: str | None) -> list[dict]:
    if key is None:
        return types
    chosen = [kind for kind in types if kind["key"] == key]
    if not chosen:
        raise InvalidParameter("service", f"no service type '{key}'; use a key of the scheme tjanst "
                                          f"(/id/scheme/tjanst), e.g. exportstod")
    return chosen


def _offers(store) -> list[dict]:
    return select(store, "gaps_service_offers")


def _within(store) -> dict[str, set[str]]:
    within = defaultdict(set)
    for row in select(store, "place_within"):
        within[row["place"]].add(row["broader"])
    return within


def _places(store) -> dict[str, dict]:
    return {item["iri"]: item for item in places(store)}


def _lan_of(area: str, within: dict) -> str | None:
    if place_kind(area) == "lan":
        return area
    return next((broader for broader in within.get(area, ()) if place_kind(broader) == "lan"), None)


def _covered(offers: list[dict], within: dict, known: dict) -> list[dict]:
    services = defaultdict(set)
    for offer in offers:
        lan = _lan_of(offer["area"], within) if offer["area"] else None
        if lan:
            services[lan].add(offer["service"])
    items = [{**_place(known[lan]), "services": len(found)} for lan, found in services.items()]
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


def _members(roots: list[str], within: dict, known: dict) -> list[dict]:
    """The kommuner and delregioner in the scope (a kommun or delregion scope counts itself)."""
    found = [item for item in known.values() if item["kind"] in GAP_PLACE_KINDS
             and _reach(item, within) & set(roots)]
    return sorted(found, key=lambda item: (sort_key((item["county"] or item)["label"]),
                                           KIND_RANK[item["kind"]], sort_key(item["label"])))


def _reach(item: dict, within: dict) -> set[str]:
    """The place and every place it lies within, except another county's län: Kungsbacka is in
    Göteborgsregionen (a delregion of Västra Götaland) but in Hallands län."""
    county = (item.get("county") or {}).get("iri")
    return {item["iri"]} | {wider for wider in within.get(item["iri"], set())
                            if place_kind(wider) != "lan" or county in (None, wider)}


def _coverage(kind: dict, member: dict, offers: list[dict], within: dict, known: dict) -> dict:
    """Whether services of ``kind`` serve ``member``, and which (with the area that reaches it)."""
    reach = _reach(member, within)
    providers = {}
    for offer in offers:
        if offer["type"] == kind["iri"] and offer["area"] in reach:
            providers.setdefault((offer["provider"], offer["service"]), {
                **ref(offer["provider"], offer["provider_label"]),
                "service": ref(offer["service"], offer["label"]),
                "area": _place(known.get(offer["area"]) or place_ref(offer["area"], None)),
                "area_from": offer["from"]})
    return {"service": _short_type(kind), "place": _place(member), "kind": member["kind"],
            "code": member["code"], "lan": member["county"], "delregion": member["delregion"],
            "served": bool(providers), "providers": by_label(list(providers.values()))}


def _short_type(kind: dict) -> dict:
    return {key: kind[key] for key in ("iri", "path", "label", "label_en", "key")}


def _summary(kind: dict, rows: list[dict], offers: list[dict], cite) -> dict:
    """One service type over the scope: how many places have a provider, which have none, who
    provides it with which services (each with the areas that reach the scope and its sources),
    and its services that name no area (so the data cannot place them)."""
    reaching = {}
    for provider in (p for row in rows for p in row["providers"]):
        found = reaching.setdefault(provider["service"]["iri"], {
            **provider["service"], "provider": {k: provider[k] for k in ("iri", "path", "label")},
            "areas": {}, "sources": cite(provider["service"]["iri"])})
        found["areas"][provider["area"]["iri"]] = provider["area"]
    services = by_label([{**item, "areas": list(item["areas"].values())} for item in reaching.values()])
    unplaced = {offer["service"]: {**ref(offer["service"], offer["label"]), "sources": cite(offer["service"]),
                                   "provider": ref(offer["provider"], offer["provider_label"])}
                for offer in offers if offer["type"] == kind["iri"] and not offer["area"]}
    providers = {item["provider"]["iri"]: item["provider"] for item in services}
    return {**_short_type(kind), "places": len(rows), "served": sum(row["served"] for row in rows),
            "unserved": [row["place"] for row in rows if not row["served"]],
            "providers": by_label(list(providers.values())), "offers": services,
            "unplaced": by_label(list(unplaced.values()))}


# --- target groups nobody serves -------------------------------------------------------------

def audience_gaps(store) -> dict:
    """Every target group (scheme malgrupp) with the services and projects for it; a group no
    service is for is a gap, whether or not projects target it."""
    users = defaultdict(lambda: {"services": {}, "projects": {}, "providers": {}})
    for row in select(store, "gaps_audience_users"):
        found = users[row["group"]]
        if row["class"] == SCHEMA + "Service":
            provider = ref(row["provider"], row["provider_label"])
            found["services"][row["thing"]] = {**ref(row["thing"], row["label"]), "provider": provider}
            found["providers"][row["provider"]] = provider
        else:
            found["projects"][row["thing"]] = ref(row["thing"], row["label"])
    rows = select(store, "strategy_concepts", scheme=iri_of("scheme", "malgrupp"))
    groups = by_label([_group(row, users[row["concept"]]) for row in rows])
    return {"groups": groups, "gaps": [_short(group) for group in groups if not group["served"]]}


def _group(row: dict, found: dict) -> dict:
    services = by_label(list(found["services"].values()))
    projects = by_label(list(found["projects"].values()))
    return {**concept_ref(row), "key": row["concept"].rsplit("/", 1)[-1], "services": services,
            "service_count": len(services), "providers": by_label(list(found["providers"].values())),
            "projects": projects, "project_count": len(projects), "served": bool(services),
            "targeted_by_projects": bool(projects)}
