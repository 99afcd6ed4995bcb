"""The grants as every funding view reads them, and the one way they are summed.

One row per grant: the project it funds, the project's owners, the scheme the source names (if
any), whose money it is, who granted it, the amount and the year. Beside the rows, what a grant
is grouped by: the schemes it counts in (its own and every scheme above it, as EU:s
strukturfonder holds ERUF's grants), the places it counts in, the funded project's strategy
areas and total cost, and the owners' actor types.

A grant the source prints on both printings of an insats it prints twice counts once
(:func:`printed_once`). Sums are over the amounts the sources print; a grant named without an
amount is counted in ``amount_missing``, never guessed. A grant in several groups (a project
with two owners or two strategy areas) counts in each, so the sums of one dimension may add up
to more than the total.
A grant counts in the places of a kind (län, delregion, kommun, land) that the actor who granted
it serves, where there are such (the sources print their totals per granting delregion), else in
those the funded project works in.

>>> rows = [{"amount": 5, "owners": [{"iri": "a", "label": "A"}]},
...         {"amount": None, "owners": [{"iri": "a", "label": "A"}, {"iri": "b", "label": "B"}]}]
>>> [(row["label"], row["total"], row["count"]) for row in sum_by(rows, lambda grant: grant["owners"])]
[('A', 5, 2), ('B', None, 1)]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from graph.analysis.numbered_areas import themed
from graph.named_queries import select
from graph.namespaces import PLACE_KINDS
from graph.resources.common import by_label, number, optional_ref, ref
from graph.resources.duplicates import representatives
from graph.resources.place import place_kind
from graph.resources.project import owners_by_project, subjects_by_project

__all__ = ["DIMENSIONS", "Funding", "funding_data", "grouped", "printed_once", "sum_by", "totals"]

#: Everything a grant can be grouped by: its schemes, the places of each kind it counts in, the
#: funded project's strategy areas, its owners and their actor types.
DIMENSIONS = ("scheme", *PLACE_KINDS, "strategy_area", "owner", "actor_type")


@dataclass(frozen=True)
class Funding:
    """The grants (``grants``, in Swedish order of project name) and what they are grouped by.

    ``schemes``: grant IRI → the schemes it counts in; ``places``: grant IRI → place kind → the
    places it counts in; ``subjects``: project IRI → strategy areas; ``costs``: project IRI →
    total cost as printed (None where not printed); ``types``: actor IRI → actor types.
    """

    grants: list[dict]
    schemes: dict[str, list[dict]]
    places: dict[str, dict[str, list[dict]]]
    subjects: dict[str, list[dict]]
    costs: dict[str, int | float | None]
    types: dict[str, list[dict]]

    def groups(self, dimension: str) -> Callable[[dict], list[dict]]:
        """The function giving the groups a grant counts in by ``dimension`` (one of DIMENSIONS)."""
        if dimension in PLACE_KINDS:
            return lambda grant: self.places.get(grant["iri"], {}).get(dimension, [])
        return {
            "scheme": lambda grant: self.schemes.get(grant["iri"], []),
            "strategy_area": lambda grant: self.subjects.get(grant["project"]["iri"], []),
            "owner": lambda grant: grant["owners"],
            "actor_type": self._owner_types,
        }[dimension]

    def _owner_types(self, grant: dict) -> list[dict]:
        found = {kind["iri"]: kind for owner in grant["owners"] for kind in self.types.get(owner["iri"], [])}
        return list(found.values())

    def only(self, keep: Callable[[dict], bool]) -> Funding:
        """The same funding with only the grants ``keep`` accepts."""
        return replace(self, grants=[grant for grant in self.grants if keep(grant)])

    def in_scheme(self, scheme: str) -> Callable[[dict], bool]:
        """A test for grants from the scheme ``scheme`` (an IRI) or any of its sub-schemes."""
        return lambda grant: any(found["iri"] == scheme for found in self.schemes.get(grant["iri"], []))


def totals(grants: list[dict]) -> dict:
    """The sum of the printed amounts (None if none is printed), the count, and how many lack one.

    >>> totals([{"amount": 3}, {"amount": None}]), totals([{"amount": None}])
    ({'total': 3, 'count': 2, 'amount_missing': 1}, {'total': None, 'count': 1, 'amount_missing': 1})
    """
    amounts = [grant["amount"] for grant in grants if grant["amount"] is not None]
    return {"total": sum(amounts) if amounts else None, "count": len(grants),
            "amount_missing": len(grants) - len(amounts)}


def grouped(grants: list[dict], groups_of: Callable[[dict], list[dict]]) -> list[tuple[dict, list[dict]]]:
    """Each group (a reference) with the grants in it, in Swedish order of the group's label."""
    members = defaultdict(list)
    refs = {}
    for grant in grants:
        for group in groups_of(grant):
            refs[group["iri"]] = group
            members[group["iri"]].append(grant)
    return [(group, members[group["iri"]]) for group in by_label(list(refs.values()))]


def sum_by(grants: list[dict], groups_of: Callable[[dict], list[dict]]) -> list[dict]:
    """One row per group: the group's reference with the :func:`totals` of its grants."""
    return [{**group, **totals(members)} for group, members in grouped(grants, groups_of)]


def funding_data(store) -> Funding:
    """Every grant in the store, with what it is grouped by."""
    rows = select(store, "funding_grants")
    owners = owners_by_project(store)
    grants = by_label([_grant(row, owners.get(row["project"], [])) for row in rows])
    return Funding(
        grants=printed_once(grants, representatives(store)),
        schemes=_schemes(store, rows), places=_places(store),
        subjects={project: themed(store, areas) for project, areas in subjects_by_project(store).items()},
        costs={row["project"]: number(row["total_cost"]) for row in rows},
        types=_actor_types(store),
    )


def printed_once(grants: list[dict], heads: dict[str, str]) -> list[dict]:
    """The grants with an insats printed twice counted once: where the source prints the same
    grant (scheme, funder, granter, amount and year) on two printings of one insats (``heads``:
    printing → first printing), only as many as one printing has are kept.

    >>> grant = lambda project, amount: {"project": {"iri": project}, "scheme": None, "funder": None,
    ...                                  "disbursed_by": None, "amount": amount, "year": "2020"}
    >>> kept = printed_once([grant("a", 5), grant("a2", 5), grant("a2", 7), grant("b", 5), grant("b", 5)],
    ...                     {"a2": "a", "a": "a"})
    >>> [(g["project"]["iri"], g["amount"]) for g in kept]
    [('a', 5), ('a2', 7), ('b', 5), ('b', 5)]
    """
    def identity(grant: dict) -> tuple:
        project = grant["project"]["iri"]
        return (heads.get(project, project), *((grant[k] or {}).get("iri") for k in ("scheme", "funder",
                                                                                   "disbursed_by")),
                grant["amount"], grant["year"])
    most: dict[tuple, int] = defaultdict(int)
    for (key, _), count in Counter((identity(g), g["project"]["iri"]) for g in grants).items():
        most[key] = max(most[key], count)
    taken, kept = Counter(), []
    for grant in grants:
        key = identity(grant)
        if taken[key] < most[key]:
            taken[key] += 1
            kept.append(grant)
    return kept


def _grant(row: dict, owners: list[dict]) -> dict:
    return {
        "iri": row["grant"], "label": row["project_label"],
        "project": ref(row["project"], row["project_label"]), "owners": owners,
        "scheme": optional_ref(row["grant_scheme"], row["grant_scheme_label"]),
        "funder": optional_ref(row["funder"], row["funder_label"]),
        "disbursed_by": optional_ref(row["disbursed_by"], row["disbursed_by_label"]),
        "amount": number(row["amount"]), "year": row["year"],
    }


def _schemes(store, rows: list[dict]) -> dict[str, list[dict]]:
    """Each grant's scheme and every scheme above it, as references with their parent."""
    broader = defaultdict(list)
    for row in select(store, "funding_broader"):
        parent = optional_ref(row["parent"], row["parent_label"])
        broader[row["scheme"]].append(ref(row["broader"], row["label"], parent=parent))
    return {row["grant"]: broader[row["grant_scheme"]] for row in rows if row["grant_scheme"]}


def _places(store) -> dict[str, dict[str, list[dict]]]:
    """Each grant's places by kind: where it was granted if the granting actor serves a place of
    that kind, else where the funded project works."""
    found = defaultdict(lambda: defaultdict(dict))
    for row in select(store, "funding_grant_areas"):
        place = ref(row["area"], row["label"], notation=row["notation"])
        found[(row["grant"], place_kind(row["area"]))][row["basis"]][row["area"]] = place
    places = defaultdict(dict)
    for (grant, kind), by_basis in found.items():
        chosen = by_basis.get("granted") or by_basis.get("project") or {}
        places[grant][kind] = list(chosen.values())
    return dict(places)


def _actor_types(store) -> dict[str, list[dict]]:
    types = defaultdict(dict)
    for row in select(store, "actors_list"):
        if row["type"]:
            kind = ref(row["type"], row["type_label"], label_en=row["type_label_en"])
            types[row["actor"]][row["type"]] = kind
    return {actor: list(found.values()) for actor, found in types.items()}
