"""Strategy areas: the concept schemes of the strategies and what works towards each area.

A strategy is a ``skos:ConceptScheme`` from a source (Sörmland's näringslivsstrategi, VG2020,
...), its areas ``skos:Concept`` with ``skos:broader`` for sub-areas. The ontology's own schemes
(roles, services, target groups, stages, actor types, funding-source types) are concept schemes
too; their concepts get the same page, showing what uses them. A project about a sub-area is
also about every broader area.
"""

from __future__ import annotations

from collections import defaultdict

from graph.errors import NotFoundError
from graph.named_queries import select
from graph.namespaces import SKOS
from graph.resources.common import (
    by_label,
    iri_of,
    number,
    ref,
    require,
    sources,
    with_provenance,
)
from graph.resources.project import concept_ref, project_rows

__all__ = ["STRATEGY_SORTS", "concept_scheme", "flat_concepts", "own_schemes", "strategies", "strategy_area"]

EURIO = "http://data.europa.eu/s66#"
ORG = "http://www.w3.org/ns/org#"
#: The fields the list of strategies can be sorted by.
STRATEGY_SORTS = ("label", "start", "end")


def _scheme_rows(store, **bindings) -> list[dict]:
    """The schemes, one row each: the query answers a row per publisher of a scheme published
    jointly; ``publishers`` keeps them all (in Swedish order) and ``publisher`` the first."""
    rows, publishers = {}, defaultdict(list)
    for row in select(store, "strategy_schemes", **bindings):
        rows.setdefault(row["scheme"], row)
        if row["publisher"]:
            publishers[row["scheme"]].append(ref(row["publisher"], row["publisher_label"]))
    return [{**row, "publishers": by_label(publishers[iri])} for iri, row in rows.items()]


def _scheme_summary(row: dict) -> dict:
    publishers = row["publishers"]
    return {
        **ref(row["scheme"], row["label"]), "key": row["scheme"].rsplit("/id/scheme/", 1)[-1],
        "label_en": row["label_en"], "definition": row["definition"],
        "publisher": publishers[0] if publishers else None, "publishers": publishers,
        "start": row["start"], "end": row["end"], "own": row["own"] == "true",
    }


def _tree(concepts: list[dict], counts: dict[str, int]) -> list[dict]:
    """The concepts of one scheme as a tree: top concepts with their narrower ones inside."""
    nodes = {row["concept"]: {**concept_ref(row), "definition": row["definition"],
                              "projects": counts.get(row["concept"], 0), "narrower": []}
             for row in concepts}
    top = []
    for row in concepts:
        parent = nodes.get(row["broader"])
        (parent["narrower"] if parent else top).append(nodes[row["concept"]])
    for node in nodes.values():
        node["narrower"] = _sorted_nodes(node["narrower"])
    return _sorted_nodes(top)


def _sorted_nodes(nodes: list[dict]) -> list[dict]:
    numbered = sorted((n for n in nodes if (n.get("notation") or "").isdigit()),
                      key=lambda n: int(n["notation"]))
    return numbered + by_label([n for n in nodes if not (n.get("notation") or "").isdigit()])


def _project_counts(store) -> dict[str, int]:
    projects = defaultdict(set)
    for row in select(store, "project_with_subject"):
        projects[row["area"]].add(row["project"])
    return {area: len(found) for area, found in projects.items()}


def _with_tree(store, summary: dict, concepts: list[dict], counts: dict[str, int]) -> dict:
    summary["projects"] = counts.get(summary["iri"], 0)
    summary["concepts"] = _tree(concepts, counts)
    return summary


def strategies(store) -> list[dict]:
    """The strategies (concept schemes from the sources, not the ontology's own), each with its
    areas as a tree and how many projects work towards each area."""
    counts = _project_counts(store)
    concepts = defaultdict(list)
    for row in select(store, "strategy_concepts"):
        concepts[row["scheme"]].append(row)
    schemes = [_with_tree(store, _scheme_summary(row), concepts[row["scheme"]], counts)
               for row in _scheme_rows(store) if row["own"] != "true"]
    return by_label(schemes)


def own_schemes(store) -> list[dict]:
    """The ontology's own concept schemes (roles, services, target groups, ...), without trees."""
    rows = _scheme_rows(store)
    return by_label([_scheme_summary(row) for row in rows if row["own"] == "true"])


def concept_scheme(store, key: str) -> dict:
    """One concept scheme (a strategy or one of the ontology's own) with its tree of concepts.

    Raises NotFoundError if there is no such scheme.
    """
    iri = iri_of("scheme", key)
    require(store, iri, str(SKOS.ConceptScheme), "concept scheme")
    summary = _scheme_summary(_scheme_rows(store, scheme=iri)[0])
    scheme = _with_tree(store, summary, select(store, "strategy_concepts", scheme=iri),
                        _project_counts(store))
    scheme["indicators"] = _indicators(store, iri)
    return with_provenance(store, scheme)


def flat_concepts(tree: list[dict], scheme: dict | None = None, level: int = 1) -> list[dict]:
    """A tree of concepts as rows (for CSV), each with its level and broader concept."""
    rows = []
    for node in tree:
        rows.append({"scheme": scheme["label"] if scheme else None, "level": level,
                     "key": node["path"].removeprefix("/id/concept/"), "notation": node["notation"],
                     "label": node["label"], "label_en": node["label_en"],
                     "projects": node["projects"], "definition": node["definition"]})
        rows.extend(flat_concepts(node["narrower"], scheme, level + 1))
    return rows


def _indicators(store, iri) -> list[dict]:
    return by_label([{**ref(row["indicator"], row["label"]), "unit": row["unit"],
                      "period": row["period"], "note": row["note"],
                      **{field: number(row[field]) for field in ("baseline", "target", "result")},
                      "sources": sources(store, row["indicator"])}
                     for row in select(store, "project_indicators", subject=iri)])


# --- one area ------------------------------------------------------------------------------

def strategy_area(store, scheme_key: str, key: str) -> dict:
    """One strategy area (or a concept of the ontology's own schemes) and what works towards it.

    Raises NotFoundError if there is no such concept.
    """
    iri = iri_of("concept", f"{scheme_key}/{key}")
    require(store, iri, str(SKOS.Concept), "strategy area")
    scheme_iri = iri_of("scheme", scheme_key)
    concepts = {row["concept"]: row for row in select(store, "strategy_concepts", scheme=scheme_iri)}
    if iri.value not in concepts:  # a concept IRI whose scheme segment is not its scheme
        raise NotFoundError(f"no strategy area with the id '{scheme_key}/{key}'")
    own = concepts[iri.value]
    scheme = _scheme_summary(_scheme_rows(store, scheme=scheme_iri)[0])
    users = _users(store, iri)
    payload = {
        **concept_ref(own), "key": f"{scheme_key}/{key}", "definition": own["definition"],
        "scheme": {k: scheme[k] for k in ("iri", "path", "label", "label_en", "key", "own")},
        "publisher": scheme["publisher"],
        "broader": concept_ref(concepts[own["broader"]]) if own["broader"] in concepts else None,
        "narrower": _sorted_nodes([concept_ref(row) for row in concepts.values()
                                   if row["broader"] == iri.value]),
        **users,
        "indicators": _indicators(store, iri),
    }
    return with_provenance(store, payload)


def _users(store, iri) -> dict:
    """Projects, networks, services, funding schemes and actors that use the concept."""
    things = defaultdict(dict)
    for row in select(store, "strategy_users", area=iri):
        things[row["class"]][row["thing"]] = ref(row["thing"], row["label"])
    projects = project_rows(store, set(things[EURIO + "Project"]))
    services = _services(store, iri)
    networks = by_label(list(things[ORG + "OrganizationalCollaboration"].values()))
    return {
        "projects": projects, "networks": networks, "services": services,
        "funding_schemes": by_label(list(things[EURIO + "FundingScheme"].values())),
        "actors_of_type": by_label(list(things[ORG + "Organization"].values())),
        "actors": _actors(store, iri, {p["iri"] for p in projects} | {n["iri"] for n in networks},
                          services),
    }


def _services(store, iri) -> list[dict]:
    found = {}
    for row in select(store, "strategy_services", area=iri):
        provider = ref(row["provider"], row["provider_label"])
        found[row["service"]] = {**ref(row["service"], row["label"] or provider["label"]),
                                 "provider": provider}
    return by_label(list(found.values()))


def _actors(store, iri, things: set[str], services: list[dict]) -> list[dict]:
    """Who takes part in those projects and networks (or holds this role), and who provides
    those services, each with the records that connect them."""
    via = defaultdict(dict)
    labels = {}
    for row in select(store, "strategy_members"):
        if row["thing"] in things or row["role"] == iri.value:
            role = ref(row["role"], row["role_label"], label_en=row["role_label_en"])
            via[row["actor"]][(row["thing"], row["role"])] = {**ref(row["thing"], row["thing_label"]),
                                                             "role": role}
            labels[row["actor"]] = row["actor_label"]
    for service in services:
        actor = service["provider"]
        via[actor["iri"]][(service["iri"], None)] = {**ref(service["iri"], service["label"]), "role": None}
        labels[actor["iri"]] = actor["label"]
    return by_label([{**ref(actor, labels[actor]), "via": by_label(sorted(links.values(), key=_role_iri))}
                     for actor, links in via.items()])


def _role_iri(link: dict) -> str:
    """A link's role, to order one record's roles (by_label keeps that order among namesakes)."""
    return (link["role"] or {}).get("iri", "")
