"""The filters of the funding analysis: which grants a strategist looks at.

- ``scheme``: a funding scheme's key (``eruf``); grants from its sub-schemes are included.
- ``place``: ``kind:code`` (``delregion:fyrbodal``, ``lan:14``, ``kommun:1490``, ``land:SE``): the
  grants that count in that place, as the sums by area count them (where the granting actor
  serves, else where the funded project works, each place counting in every place around it).
- ``strategy``: a strategy area ``scheme/key`` (its narrower areas included) or a whole strategy
  by its scheme key (``vg2020``): the grants to projects about it.
- ``year``: the year a grant is dated; grants the source prints without a year are left out.

A malformed value, or one that names nothing, is an InvalidParameter naming the filter.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.analysis.funding_grants import Funding, funding_data
from graph.errors import InvalidParameter
from graph.named_queries import select
from graph.namespaces import EURIO, GEO, PLACE_KINDS, SKOS
from graph.resources.common import checked_ref
from graph.resources.funding import funding_schemes, scheme_key
from graph.resources.place import KIND_RANK, parse_place, place_kind
from graph.resources.strategy import flat_concepts, strategies
from graph.swedish import sort_key

__all__ = ["FILTERS", "filter_options", "filtered"]

#: The filters, in the order a form shows them.
FILTERS = ("scheme", "place", "strategy", "year")


def filtered(store, filters: dict) -> tuple[Funding, dict]:
    """The grants that pass every given filter (empty values are ignored), and each filter's
    value as the analysis names it: a reference with its label (the year as written).

    Raises:
        InvalidParameter: a value is malformed or names no record; the error names the filter.
    """
    funding = funding_data(store)
    chosen = {}
    for name in FILTERS:
        if filters.get(name):
            keep, chosen[name] = _TESTS[name](store, funding, filters[name])
            funding = funding.only(keep)
    return funding, chosen


def _scheme(store, funding: Funding, value: str):
    scheme = checked_ref(store, "scheme", value, "funding", value, EURIO.FundingScheme, "funding scheme")
    return funding.in_scheme(scheme["iri"]), {**scheme, "value": value}


def _place(store, funding: Funding, value: str):
    kind, code = parse_place(value, "place")
    place = checked_ref(store, "place", value, kind, code, GEO.Feature, "place")
    places_of = funding.groups(kind)

    def counts_there(grant: dict) -> bool:
        return any(found["iri"] == place["iri"] for found in places_of(grant))
    return counts_there, {**place, "value": f"{kind}:{code}"}


def _strategy(store, funding: Funding, value: str):
    if "/" in value:
        area = checked_ref(store, "strategy", value, "concept", value, SKOS.Concept, "strategy area")
    else:
        area = checked_ref(store, "strategy", value, "scheme", value, SKOS.ConceptScheme, "strategy")
    rows = select(store, "project_with_subject", area=ox.NamedNode(area["iri"]))
    projects = {row["project"] for row in rows}
    return (lambda grant: grant["project"]["iri"] in projects), {**area, "value": value}


def _year(store, funding: Funding, value: str):
    if not (len(value) == 4 and value.isdigit()):
        raise InvalidParameter("year", f"'{value}' is not a year; write e.g. 2020")
    return (lambda grant: (grant["year"] or "")[:4] == value), {"value": value, "label": value}


_TESTS = {"scheme": _scheme, "place": _place, "strategy": _strategy, "year": _year}


def filter_options(store, funding: Funding | None = None) -> dict[str, list[dict]]:
    """The values each filter can take, for a form: ``value`` (as the filter takes it), ``label``
    and ``level`` (indentation under a broader choice).

    Schemes with their sub-schemes under them; the places some grant counts in (land, län,
    delregioner, kommuner); every strategy and its areas.
    """
    funding = funding or funding_data(store)
    return {"scheme": _scheme_options(store), "place": _place_options(funding),
            "strategy": _strategy_options(store)}


def _scheme_options(store) -> list[dict]:
    schemes = funding_schemes(store)
    children = {child["iri"] for scheme in schemes for child in scheme["sub_schemes"]}
    by_iri = {scheme["iri"]: scheme for scheme in schemes}
    options = []
    for scheme in (s for s in schemes if s["iri"] not in children):
        options.append({"value": scheme["key"], "label": scheme["label"], "level": 0})
        options.extend({"value": scheme_key(child["iri"]), "label": by_iri[child["iri"]]["label"], "level": 1}
                       for child in scheme["sub_schemes"])
    return options


def _place_options(funding: Funding) -> list[dict]:
    places = {place["iri"]: place for kinds in funding.places.values()
              for found in kinds.values() for place in found}
    options = [{"value": f"{place_kind(iri)}:{iri.rsplit('/', 1)[-1]}", "label": place["label"],
                "level": 0} for iri, place in places.items()]
    rank = {kind: -KIND_RANK[kind] for kind in PLACE_KINDS}
    return sorted(options, key=lambda o: (rank[o["value"].split(":")[0]], sort_key(o["label"] or "")))


def _strategy_options(store) -> list[dict]:
    return [option for scheme in strategies(store)
            for option in [{"value": scheme["key"], "label": scheme["label"], "level": 0}] + [
                {"value": row["key"], "label": row["label"], "level": row["level"]}
                for row in flat_concepts(scheme["concepts"])]]
