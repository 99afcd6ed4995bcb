"""What every payload shares: references to other records, sources, warnings, paging and sorting."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

import pyoxigraph as ox

from graph.curation.provenance import last_change
from graph.errors import InvalidParameter, NotFoundError
from graph.named_queries import select
from graph.namespaces import BASE, local_path
from graph.per_generation import per_generation
from graph.swedish import sort_key

__all__ = [
    "with_curation",
    "by_document",
    "by_label",
    "checked_ref",
    "cited",
    "number",
    "optional_ref",
    "flat",
    "iri_of",
    "page",
    "provenance",
    "ref",
    "require",
    "sort_rows",
    "sources",
    "sources_of_rows",
    "warnings",
    "with_provenance",
]


def iri_of(kind: str, key: str) -> ox.NamedNode:
    """The IRI of the record of ``kind`` with ``key`` (a key may hold slashes: ``vg2020/fraga-03``).

    Raises NotFoundError for a key that cannot be part of an IRI (no such record can exist).
    """
    try:
        return ox.NamedNode(f"{BASE}id/{kind}/{key}")
    except ValueError:
        raise NotFoundError(f"no {kind} with the id '{key}'") from None


def ref(iri: str, label: str | None, **extra) -> dict:
    """A reference to another record: its IRI, its path on this service and its label."""
    return {"iri": iri, "path": local_path(iri), "label": label or iri.rsplit("/", 1)[-1], **extra}


def optional_ref(iri: str | None, label: str | None, **extra) -> dict | None:
    """A reference (see :func:`ref`), or None where the record names nothing."""
    return ref(iri, label, **extra) if iri else None


def by_label(items: list[dict], field: str = "label") -> list[dict]:
    """``items`` in Swedish alphabetical order of ``field``; namesakes in the order of their IRIs
    (never in the order a store happened to answer)."""
    return sorted(items, key=lambda item: (sort_key(item.get(field) or ""), str(item.get("iri") or "")))


def number(text: str | None) -> int | float | None:
    """A decimal as printed, as a JSON number (whole numbers stay whole).

    >>> number("3920000"), number("12.50"), number(None)
    (3920000, 12.5, None)
    """
    if text is None:
        return None
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def require(store, iri: ox.NamedNode, rdf_class: str, what: str) -> None:
    """Raise NotFoundError unless ``iri`` is an instance of ``rdf_class`` in the store."""
    if not select(store, "record_exists", record=iri, **{"class": ox.NamedNode(rdf_class)}):
        raise NotFoundError(f"no {what} with the id '{iri.value.rsplit('/id/', 1)[-1]}'")


def checked_ref(store, parameter: str, value: str, kind: str, key: str, rdf_class, what: str) -> dict:
    """The record ``/id/<kind>/<key>`` of ``rdf_class`` as a reference, for a filter's value.

    Raises:
        InvalidParameter: there is no such record; the error names ``parameter`` and ``value``.
    """
    try:
        iri = iri_of(kind, key)
    except NotFoundError:
        raise InvalidParameter(parameter, f"no {what} '{value}'") from None
    rows = select(store, "record_named", record=iri, **{"class": ox.NamedNode(str(rdf_class))})
    if not rows:
        raise InvalidParameter(parameter, f"no {what} '{value}'")
    return ref(iri.value, rows[0]["label"], label_en=rows[0]["label_en"])


def sources(store, iri: str) -> list[dict]:
    """The documents and sections a record was taken from."""
    return sources_of_rows(select(store, "record_sources", record=ox.NamedNode(iri)))


def sources_of_rows(rows: list[dict]) -> list[dict]:
    """A record's sources from rows of ``document``, ``title``, ``section`` and ``page`` (the
    columns of ``record_sources``), in source order."""
    return [_source(row) for row in _in_source_order(rows)]


def _in_source_order(rows: list[dict]) -> list[dict]:
    """Source rows by document title and section, compared code point by code point (stores
    collate text differently in ORDER BY)."""
    return sorted(rows, key=lambda row: (row["title"] or "", row["section"] or "", row["page"] or ""))


def _source(row: dict) -> dict:
    return {"document": ref(row["document"], row["title"]), "section": row["section"], "page": row["page"]}


def by_document(items: list[dict]) -> list[dict]:
    """Sources (as :func:`sources` gives them) as one entry per document with its sections, in
    the order the documents first appear: what a page cites on one line per document.

    >>> plan = {"iri": "d1", "label": "Handlingsplan"}
    >>> [(group["document"]["label"], group["sections"]) for group in by_document([
    ...     {"document": plan, "section": "Tabell 4", "page": None},
    ...     {"document": plan, "section": "Bilaga 1", "page": "23"},
    ...     {"document": plan, "section": "Tabell 4", "page": None}])]
    [('Handlingsplan', [{'section': 'Tabell 4', 'page': None}, {'section': 'Bilaga 1', 'page': '23'}])]
    """
    groups: dict[str, dict] = {}
    for item in items:
        group = groups.setdefault(item["document"]["iri"], {"document": item["document"], "sections": []})
        section = {"section": item["section"], "page": item["page"]}
        if section not in group["sections"]:
            group["sections"].append(section)
    return list(groups.values())


def warnings(store, iri: str) -> list[dict]:
    """The data warnings about a record, each as ``{"sv": message, "en": message}``."""
    by_warning: dict[str, dict] = {}
    for row in select(store, "record_warnings", record=ox.NamedNode(iri)):
        by_warning.setdefault(row["warning"], {})[row["language"] or "en"] = row["message"]
    return list(by_warning.values())


def provenance(store) -> dict[str, dict]:
    """Every record's sources and warnings, by IRI, asked once per generation: for analyses that
    cite many records (one query for all instead of two per record).

    Each value is ``{"sources": [...], "warnings": [...]}`` as :func:`sources` and :func:`warnings`
    give them.
    """
    def compute() -> dict[str, dict]:
        found: dict[str, dict] = defaultdict(lambda: {"sources": [], "warnings": {}})
        for row in _in_source_order(select(store, "record_sources")):
            found[row["record"]]["sources"].append(_source(row))
        for row in select(store, "record_warnings"):
            found[row["record"]]["warnings"].setdefault(row["warning"], {})[row["language"] or "en"] = \
                row["message"]
        return {iri: {"sources": item["sources"], "warnings": list(item["warnings"].values())}
                for iri, item in found.items()}
    return per_generation(store, "provenance", compute)


def cited(store, record: dict) -> dict:
    """``record`` with its ``sources`` and ``warnings`` from :func:`provenance` (a new dict)."""
    found = provenance(store).get(record["iri"], {})
    return {**record, "sources": found.get("sources", []), "warnings": found.get("warnings", [])}


def with_curation(store, record: dict) -> dict:
    """``record`` with ``changed`` (its curators' newest change, or None) and ``retired`` (None,
    or ``{"successor": ref or None}`` once a curator retired it)."""
    change = last_change(store, record["iri"])
    record["changed"] = {**change, "path": local_path(change["iri"])} if change else None
    rows = select(store, "curation_retired", record=ox.NamedNode(record["iri"]))
    record["retired"] = ({"successor": optional_ref(rows[0]["successor"], rows[0]["successor_label"])}
                         if rows else None)
    return record


def with_provenance(store, record: dict) -> dict:
    """``record`` with its ``sources`` and ``warnings`` (looked up by its ``iri``)."""
    record["sources"] = sources(store, record["iri"])
    record["warnings"] = warnings(store, record["iri"])
    return record


def flat(value):
    """A value as it sorts: a reference by its label, a list by its labels joined.

    >>> flat({"label": "Almi"}), flat([{"label": "A"}, {"label": "B"}]), flat(3)
    ('Almi', 'A | B', 3)
    """
    if isinstance(value, dict):
        return value.get("label")
    if isinstance(value, list):
        return " | ".join(str(flat(item)) for item in value) or None
    return value


def sort_rows(rows: list[dict], sort: str | None, allowed: Iterable[str],
              default: str | None = None) -> list[dict]:
    """Rows sorted by a field, Swedish order for text; ``-field`` sorts descending.

    References sort by their label. Rows without the value come last either way (a cost the
    source does not print is not the largest). Without ``sort`` or ``default`` the rows keep
    their order.

    >>> [r["label"] for r in sort_rows([{"label": "Öland"}, {"label": "Arvika"}], "label", ["label"])]
    ['Arvika', 'Öland']
    >>> [r["cost"] for r in sort_rows([{"cost": None}, {"cost": 5}, {"cost": 9}], "-cost", ["cost"])]
    [9, 5, None]
    """
    sort = sort or default
    if sort is None:
        return rows
    field = sort.lstrip("-")
    if field not in allowed:
        raise InvalidParameter("sort", f"cannot sort by '{field}'; use one of {', '.join(sorted(allowed))}")

    def key(row):
        value = flat(row[field])
        if isinstance(value, int | float):
            return (value, ("", ""))
        return (0, sort_key(str(value)))

    present = [row for row in rows if flat(row.get(field)) is not None]
    missing = [row for row in rows if flat(row.get(field)) is None]
    return sorted(present, key=key, reverse=sort.startswith("-")) + missing


def page(rows: list[dict], offset: int = 0, limit: int = 50) -> dict:
    """One page of a list, with what a client needs to fetch the next.

    >>> page([{"n": i} for i in range(5)], offset=2, limit=2)
    {'total': 5, 'offset': 2, 'limit': 2, 'items': [{'n': 2}, {'n': 3}]}
    """
    return {"total": len(rows), "offset": offset, "limit": limit, "items": rows[offset:offset + limit]}
