"""Gaps for strategists: strategy areas nobody works towards, places without a service, target
groups nobody serves.

Each analysis reads the graph through named queries and returns one plain payload; nothing is
inferred that the sources do not say. Where the data cannot tell (a service that names no area
served, neither itself nor through its provider) the payload says so instead of counting it as
a gap or as coverage.

- **Strategy areas.** A project, network or service works towards an area when its
  ``dct:subject`` is the area or a narrower one; an insats the source prints twice (Almi
  basuppdrag in Sörmland's Tabell 4 and 7) counts once. An area is a gap when nothing works towards it
  (``no_projects``), when nobody does (``no_actors``: no party of those projects, member or
  coordinator of those networks, provider of those services), or, where the source places its
  projects by status (Sörmland's action plan lists insatser as pågående, kommande and avslutade,
  and proposes potentiella utvecklingsinsatser), when it has only proposals or unplaced mentions
  (``no_insatser``).
- **Services** (:mod:`graph.analysis.gap_services`). A service serves a place when the area it
  serves (its own ``schema:areaServed``, else its provider's) is that place or contains it: a
  service for lan:04 serves every kommun in Södermanland, one for land:SE serves all. A place no
  service of a type reaches is a gap only where a source that covers the place records the type
  in its län; otherwise the type is not in the sources there ("saknas i källorna").
- **Target groups.** A group is served when some service has it (or a narrower group) as
  ``dct:audience``; whether projects target it is reported beside that.
"""

from __future__ import annotations

from collections import defaultdict

from graph.analysis.gap_services import COVERAGE, GAP_PLACE_KINDS, covered_lan, service_gaps, service_types
from graph.analysis.numbered_areas import themed
from graph.errors import InvalidParameter
from graph.named_queries import select
from graph.resources.common import by_label, cited, iri_of, ref
from graph.resources.duplicates import representatives
from graph.resources.project import concept_ref
from graph.resources.strategy import strategies

__all__ = [
    "AREA_GAPS",
    "COVERAGE",
    "GAP_PLACE_KINDS",
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
    ("no_insatser", "Inga insatser i planen", "No actions in the plan"),
    ("no_actors", "Inga aktörer", "No actors"),
)
EURIO = "http://data.europa.eu/s66#"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
KINDS = {EURIO + "Project": "projects", ORG + "OrganizationalCollaboration": "networks",
         SCHEMA + "Service": "services"}


# --- strategy areas --------------------------------------------------------------------------

def strategy_area_gaps(store, scheme: str | None = None) -> dict:
    """Every area of the strategies (or of ``scheme``) with what and who works towards it, and
    its gaps.

    Raises InvalidParameter (``scheme``) for a key that is not a strategy.
    """
    schemes = _chosen_schemes(strategies(store), scheme)
    records = _by_area(select(store, "gaps_area_records"), representatives(store))
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


def _by_area(rows: list[dict], heads: dict[str, str]) -> dict[str, dict]:
    """Per area: the things about it directly and through narrower areas, and each project's
    status; an insats printed twice (``heads``: printing → the first) counts once, with the status
    of its first printing."""
    areas = defaultdict(lambda: {"direct": defaultdict(set), "all": defaultdict(set), "status": {}})
    for row in rows:
        kind, thing = KINDS[row["class"]], row["thing"]
        if kind == "projects":
            thing = heads.get(thing, thing)
        found = areas[row["area"]]
        found["all"][kind].add(thing)
        if row["concept"] == row["area"]:
            found["direct"][kind].add(thing)
        if kind == "projects" and (thing == row["thing"] or thing not in found["status"]):
            found["status"][thing] = row["status"]
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
    return cited(store, themed(store, [row])[0])


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
