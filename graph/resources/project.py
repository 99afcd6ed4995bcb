"""Projects (insatser): one project with everything the sources say about it, and the list.

A project's owners are its parties in the role projektägare (or ansvarig, as the Sörmland
action plan calls the owner of an insats). Money is kept as printed: a grant larger than the
project's total cost stays as it is and carries the warning validation left on it.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from graph.errors import InvalidParameter
from graph.named_queries import select
from graph.namespaces import BASE, EURIO, GEO, ORG, PLACE_KINDS, SKOS, local_path
from graph.resources.common import (
    by_label,
    checked_ref,
    cited,
    iri_of,
    number,
    optional_ref,
    ref,
    require,
    with_curation,
    with_provenance,
)
from graph.resources.duplicates import printings
from graph.swedish import sort_key

__all__ = [
    "FILTERS",
    "OWNER_ROLES",
    "PROJECT_SORTS",
    "concept_ref",
    "owners_by_project",
    "project",
    "project_filter_options",
    "project_rows",
    "projects",
    "subjects_by_project",
]

ROLE = f"{BASE}id/concept/roll/"
#: The roles that make an actor a project's owner.
OWNER_ROLES = (ROLE + "projektagare", ROLE + "ansvarig")
#: The order role groups are shown in: owners first, then the parties who do the work, then money.
ROLE_ORDER = tuple(ROLE + key for key in (
    "projektagare", "ansvarig", "delagare", "projektledare", "utforare", "medverkande",
    "samverkanspart", "medfinansiar", "finansiar", "kunskapskalla", "malgruppsaktor",
    "beslutsfattare"))
#: The fields a project list can be sorted by.
PROJECT_SORTS = ("label", "kind", "status", "start", "end", "total_cost", "grant_sum")
#: The filters of the project list.
FILTERS = ("place", "strategy", "funding", "owner", "year")

DCT = "http://purl.org/dc/terms/"
CONCEPT_PROPERTIES = {f"{DCT}subject": "strategy_areas", f"{DCT}audience": "audiences",
                      f"{BASE}ns#stage": "stages"}


def concept_ref(row: dict, field: str = "concept") -> dict:
    """A concept as a reference with its English label and notation (from a query row)."""
    return ref(row[field], row.get("label"), label_en=row.get("label_en"), notation=row.get("notation"))


def _grouped(rows: list[dict], field: str = "project") -> dict[str, list[dict]]:
    groups = defaultdict(list)
    for row in rows:
        groups[row[field]].append(row)
    return groups


# --- one project ---------------------------------------------------------------------------

def project(store, key: str) -> dict:
    """Everything about the project ``key``, each fact with its sources.

    Raises NotFoundError if there is no such project.
    """
    iri = iri_of("project", key)
    require(store, iri, str(EURIO.Project), "project")
    record = select(store, "project_records", project=iri)[0]
    grants = _grants(store, iri)
    payload = {
        **_basics(record),
        "period": {"start": record["start"], "end": record["end"], "time_plan": record["time_plan"]},
        "owners": _owners(select(store, "project_parties", project=iri)),
        "participants": _participants(store, iri),
        "funding": grants,
        "total_cost": number(record["total_cost"]),
        "grant_sum": _grant_sum(grants),
        **_concepts(select(store, "project_concepts", project=iri)),
        "places": _places(select(store, "project_places", project=iri)),
        "part_of": optional_ref(record["parent"], record["parent_label"]),
        "same_insats": [cited(store, other) for other in printings(store).get(record["project"], [])],
        "parts": _parts(store, iri),
        "activities": _activities(store, iri),
        "indicators": _indicators(store, iri),
    }
    return with_curation(store, with_provenance(store, payload))


def _basics(record: dict) -> dict:
    return {"iri": record["project"], "path": local_path(record["project"]),
            "key": record["key"], "label": record["label"], "kind": record["kind"],
            "status": record["status"], "description": record["description"],
            "owner_stated": record["owner_stated"] != "false"}


def _owners(party_rows: list[dict]) -> list[dict]:
    owners = {row["actor"]: ref(row["actor"], row["actor_label"])
              for row in party_rows if row["role"] in OWNER_ROLES}
    return by_label(list(owners.values()))


def _role_rank(role: str) -> tuple:
    return (ROLE_ORDER.index(role), "") if role in ROLE_ORDER else (len(ROLE_ORDER), role)


def _participants(store, iri: ox.NamedNode) -> list[dict]:
    """The parties grouped by role, each with the notes printed beside it and its sources."""
    rows = select(store, "project_parties", project=iri)
    groups = []
    for role, role_rows in sorted(_grouped(rows, "role").items(), key=lambda item: _role_rank(item[0])):
        first = role_rows[0]
        role_ref = ref(role, first["role_label"], label_en=first["role_label_en"])
        parties = [_party(store, party_rows, role_ref)
                   for party_rows in _grouped(role_rows, "party").values()]
        groups.append({"role": role_ref, "parties": by_label(parties, "label")})
    return groups


def _party(store, rows: list[dict], role: dict) -> dict:
    first = rows[0]
    party = {"iri": first["party"], "actor": ref(first["actor"], first["actor_label"]),
             "label": first["actor_label"], "role": role,
             "notes": sorted({row["note"] for row in rows if row["note"]})}
    return with_provenance(store, party)


def _grants(store, iri: ox.NamedNode) -> list[dict]:
    grants = [with_provenance(store, _grant(row)) for row in select(store, "project_grants", project=iri)]
    return sorted(grants, key=lambda g: (sort_key((g["scheme"] or g["funder"] or {}).get("label", "")),
                                         g["iri"]))


def _grant(row: dict) -> dict:
    return {
        "iri": row["grant"],
        "scheme": optional_ref(row["scheme"], row["scheme_label"]),
        "funder": optional_ref(row["funder"], row["funder_label"]),
        "disbursed_by": optional_ref(row["disbursed_by"], row["disbursed_by_label"]),
        "amount": number(row["amount"]),
        "year": row["year"],
    }


def _grant_sum(grants: list[dict]) -> int | float | None:
    amounts = [grant["amount"] for grant in grants if grant["amount"] is not None]
    return sum(amounts) if amounts else None


def _concepts(rows: list[dict]) -> dict:
    """Strategy areas, audiences and stages, each concept with its scheme."""
    found = {field: {} for field in CONCEPT_PROPERTIES.values()}
    for row in rows:
        concept = concept_ref(row)
        concept["scheme"] = optional_ref(row["scheme"], row["scheme_label"])
        found[CONCEPT_PROPERTIES[row["property"]]][row["concept"]] = concept
    return {field: by_label(list(concepts.values())) for field, concepts in found.items()}


def _parts(store, iri: ox.NamedNode) -> list[dict]:
    return by_label([ref(row["part"], row["label"]) for row in select(store, "project_parts", project=iri)])


def _places(rows: list[dict]) -> list[dict]:
    return by_label([ref(row["place"], row["label"], notation=row["notation"]) for row in rows])


def _activities(store, iri: ox.NamedNode) -> list[dict]:
    activities = [with_provenance(store, {
        **ref(row["activity"], row["label"]), "start": row["start"], "end": row["end"],
        "time_plan": row["time_plan"], "description": row["description"],
    }) for row in select(store, "project_activities", project=iri)]
    return sorted(activities, key=lambda a: (a["start"] or "9999", sort_key(a["label"])))


def _indicators(store, iri: ox.NamedNode) -> list[dict]:
    fields = ("unit", "period", "note")
    indicators = [with_provenance(store, {
        **ref(row["indicator"], row["label"]), **{field: row[field] for field in fields},
        **{field: number(row[field]) for field in ("baseline", "target", "result")},
    }) for row in select(store, "project_indicators", subject=iri)]
    return by_label(indicators)


# --- the list ------------------------------------------------------------------------------

def owners_by_project(store) -> dict[str, list[dict]]:
    """Every project's owners (actor refs), by project IRI."""
    return {project: _owners(rows) for project, rows in _grouped(select(store, "project_parties")).items()}


def subjects_by_project(store) -> dict[str, list[dict]]:
    """Every project's strategy areas (concept refs with their scheme), by project IRI."""
    return {project: _concepts(rows)["strategy_areas"]
            for project, rows in _grouped(select(store, "project_concepts")).items()}


def project_rows(store, only: set[str] | None = None) -> list[dict]:
    """One summary row per project (or per project in ``only``), in Swedish order of label."""
    if only is not None and not only:
        return []
    owners = owners_by_project(store)
    subjects = subjects_by_project(store)
    places = {p: _places(rows) for p, rows in _grouped(select(store, "project_places")).items()}
    grants = _grouped(select(store, "project_grants"))
    rows = [_row(record, owners, subjects, places, grants.get(record["project"], []))
            for record in select(store, "project_records")
            if only is None or record["project"] in only]
    return by_label(rows)


def _row(record: dict, owners: dict, subjects: dict, places: dict, grants: list[dict]) -> dict:
    iri = record["project"]
    schemes = {g["scheme"]: ref(g["scheme"], g["scheme_label"]) for g in grants if g["scheme"]}
    return {
        **ref(iri, record["label"]), "key": record["key"], "kind": record["kind"],
        "status": record["status"], "owners": owners.get(iri, []),
        "total_cost": number(record["total_cost"]),
        "grant_sum": _grant_sum([{"amount": number(g["amount"])} for g in grants]),
        "start": record["start"], "end": record["end"], "time_plan": record["time_plan"],
        "places": places.get(iri, []), "strategy_areas": subjects.get(iri, []),
        "funding_schemes": by_label(list(schemes.values())),
        "grant_years": sorted({g["year"] for g in grants if g["year"]}),
    }


def projects(store, filters: dict | None = None) -> list[dict]:
    """The projects that pass every given filter (``FILTERS``), in Swedish order of label.

    Raises InvalidParameter naming the filter whose value is malformed or names nothing.
    """
    filters = {name: value for name, value in (filters or {}).items() if value}
    only = None
    for name, value in filters.items():
        if name != "year":
            matching = _MATCHERS[name](store, value)
            only = matching if only is None else only & matching
    rows = project_rows(store, only)
    if "year" in filters:
        rows = [row for row in rows if _active_in(row, _year(filters["year"]))]
    return rows


def _checked_iri(store, parameter: str, value: str, kind: str, key: str, rdf_class, what: str):
    return ox.NamedNode(checked_ref(store, parameter, value, kind, key, rdf_class, what)["iri"])


def _projects_where(store, query: str, **bindings) -> set[str]:
    return {row["project"] for row in select(store, query, **bindings)}


def _in_place(store, value: str) -> set[str]:
    """Projects in a place written ``delregion/skaraborg`` or ``kommun:1490``, or anywhere within it."""
    kind, _, code = value.replace(":", "/").partition("/")
    if kind not in PLACE_KINDS or not code:
        raise InvalidParameter("place", f"'{value}' is not a place; write e.g. delregion/skaraborg or lan/04")
    place = _checked_iri(store, "place", value, kind, code, GEO.Feature, "place")
    return _projects_where(store, "project_in_place", place=place)


def _about(store, value: str) -> set[str]:
    """Projects about a strategy area ``<scheme>/<key>`` (with its sub-areas) or a whole strategy."""
    if "/" in value:
        area = _checked_iri(store, "strategy", value, "concept", value, SKOS.Concept, "strategy area")
    else:
        area = _checked_iri(store, "strategy", value, "scheme", value, SKOS.ConceptScheme, "strategy")
    return _projects_where(store, "project_with_subject", area=area)


def _funded_by(store, value: str) -> set[str]:
    scheme = _checked_iri(store, "funding", value, "funding", value, EURIO.FundingScheme, "funding scheme")
    return _projects_where(store, "project_with_funding", scheme=scheme)


def _owned_by(store, value: str) -> set[str]:
    actor = _checked_iri(store, "owner", value, "actor", value, ORG.Organization, "actor")
    return _projects_where(store, "project_with_owner", actor=actor)


_MATCHERS = {"place": _in_place, "strategy": _about, "funding": _funded_by, "owner": _owned_by}


def _year(value: str) -> int:
    if not (len(value) == 4 and value.isdigit()):
        raise InvalidParameter("year", f"'{value}' is not a year; write e.g. 2020")
    return int(value)


def _active_in(row: dict, year: int) -> bool:
    """True if a grant is dated ``year`` or the project's period covers it (no end: ongoing)."""
    if str(year) in row["grant_years"]:
        return True
    start = int(row["start"][:4]) if row["start"] else None
    end = int(row["end"][:4]) if row["end"] else None
    if start is None and end is None:
        return False
    return (start or end) <= year <= (end or 9999)


# --- what the list can be filtered by -------------------------------------------------------

def project_filter_options(store) -> dict[str, list[dict]]:
    """The values each filter can take, for a form: ``value`` (as the filter takes it), ``label``.

    Places are every place a project works in and every place containing one (län first, then
    delregioner, kommuner); owners every actor that owns a project.
    """
    kinds = ("land", "lan", "delregion", "kommun")
    places = [{"value": local_path(row["place"]).removeprefix("/id/"), "label": row["label"],
               "projects": int(row["projects"])} for row in select(store, "project_place_options")]
    places = sorted(places, key=lambda p: (kinds.index(p["value"].split("/")[0]), sort_key(p["label"] or "")))
    owners = {owner["iri"]: owner for found in owners_by_project(store).values() for owner in found}
    return {
        "place": places,
        "owner": [{"value": o["iri"].rsplit("/id/actor/", 1)[-1], "label": o["label"]}
                  for o in by_label(list(owners.values()))],
    }
