"""The facet values of every record search finds, from the direct links of one query.

A record's facets:

- ``type``: an actor's type (aktorstyp concept);
- ``lan``, ``kommun``: the län and kommuner a record works in or is, places followed up
  (kommun → delregion → län);
- ``service``: what an actor's services offer; ``audience``: whom a project or an actor's
  service is for;
- ``strategy``: the strategy areas a record is about, with their broader areas and the strategy
  of each; an actor is about what its projects and networks (as member or coordinator) are about;
- ``funding``: the funding schemes behind a record, with the schemes they are part of; an actor
  has those of the grants it gives or pays out, the schemes it manages and the grants of the
  projects it takes part in.

``search_facet_edges.rq`` gives the direct links; the closures and the inheritance are followed
here. (As a single query with property paths over every record this took 157 s on 2 million
quads, and Virtuoso 7.2 drops rows of a UNION followed by a ``*`` path.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graph.named_queries import select

__all__ = ["facet_rows"]

Links = dict[str, set[str]]


def facet_rows(store) -> Iterable[tuple[str, str, str]]:
    """Every (record, facet, value IRI) of the store, each once."""
    links = _links(store)
    found: set[tuple[str, str, str]] = set()
    found |= {(record, "type", value) for record, values in links["type"].items() for value in values}
    found |= _place_facets(links)
    found |= {(record, facet, value) for facet in ("service", "audience")
              for record, values in links[facet].items() for value in values}
    found |= _strategy_facets(links)
    found |= _funding_facets(links)
    return found


def _links(store) -> dict[str, Links]:
    links: dict[str, Links] = defaultdict(lambda: defaultdict(set))
    for row in select(store, "search_facet_edges"):
        links[row["relation"]][row["from"]].add(row["to"])
    return links


def _closure(start: str, parents: Links, memo: dict[str, frozenset[str]]) -> frozenset[str]:
    """``start`` and everything above it through ``parents`` (a path of zero or more steps)."""
    if start in memo:
        return memo[start]
    memo[start] = frozenset({start})  # a cycle ends here instead of recursing forever
    above = {start}
    for parent in parents.get(start, ()):
        above |= _closure(parent, parents, memo)
    memo[start] = frozenset(above)
    return memo[start]


def _place_facets(links: dict[str, Links]) -> set[tuple[str, str, str]]:
    memo: dict[str, frozenset[str]] = {}
    kinds = links["place_kind"]
    return {(record, kind, value)
            for record, places in links["place"].items() for place in places
            for value in _closure(place, links["within"], memo) for kind in kinds.get(value, ())}


def _inherited(record: str, own: Links, via: Iterable[Links]) -> set[str]:
    """What ``record`` has itself in ``own``, and what the things it is linked to ``via`` have."""
    found = set(own.get(record, ()))
    for relation in via:
        for linked in relation.get(record, ()):
            found |= own.get(linked, set())
    return found


def _strategy_facets(links: dict[str, Links]) -> set[tuple[str, str, str]]:
    memo: dict[str, frozenset[str]] = {}
    subjects = links["subject"]
    parties = _reversed(links["party"])  # actor → the projects it takes part in
    records = set(subjects) | set(parties) | set(links["member_of"]) | set(links["coordinates"])
    found = {(scheme, "strategy", scheme) for scheme in links["scheme"]}
    for record in records:
        topics = _inherited(record, subjects, (parties, links["member_of"], links["coordinates"]))
        for topic in topics:
            values = _closure(topic, links["broader"], memo) | links["in_scheme"].get(topic, set())
            found |= {(record, "strategy", value) for value in values}
    return found


def _funding_facets(links: dict[str, Links]) -> set[tuple[str, str, str]]:
    memo: dict[str, frozenset[str]] = {}
    funded, parties, own = links["funded_by"], _reversed(links["party"]), links["funding"]
    found = set()
    for record in set(funded) | set(parties) | set(own):
        schemes = _inherited(record, funded, (parties,)) | own.get(record, set())
        for scheme in schemes:
            found |= {(record, "funding", value) for value in _closure(scheme, links["sub_scheme_of"], memo)}
    return found


def _reversed(links: Links) -> Links:
    backwards: Links = defaultdict(set)
    for source, targets in links.items():
        for target in targets:
            backwards[target].add(source)
    return backwards
