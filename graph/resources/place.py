"""Places: Sweden, its län and kommuner, and Västra Götaland's delregioner.

A place page answers "who and what is here": the actors serving or based in it, the projects
and networks placed in it, each either *here* (the record names this place), through a *wider*
place that contains it (an actor serving län 14 serves Borås kommun "via Västra Götalands län")
or through a place *within* it (a project in Borås kommun is in län 14 "via Borås kommun").

>>> place_kind("https://aktorskartan.se/id/lan/04")
'lan'
>>> place_ref("https://aktorskartan.se/id/kommun/1490", "Borås kommun")["code"]
'1490'
"""

from __future__ import annotations

from graph.errors import InvalidParameter, NotFoundError
from graph.named_queries import select
from graph.namespaces import GEO, PLACE_KINDS
from graph.resources.common import by_label, iri_of, ref, require, with_provenance
from graph.swedish import sort_key

__all__ = [
    "require_place",
    "KIND_LABELS",
    "KIND_RANK",
    "SCOPES",
    "parse_place",
    "place",
    "place_kind",
    "place_ref",
    "places",
]

#: Each kind of place in Swedish and English.
KIND_LABELS = {
    "kommun": ("kommun", "municipality"),
    "delregion": ("delregion", "sub-region"),
    "lan": ("län", "county"),
    "land": ("land", "country"),
}
#: Smallest first: the order of a place's ``within`` chain.
KIND_RANK = {"kommun": 0, "delregion": 1, "lan": 2, "land": 3}
#: How a record is tied to a place, nearest first.
SCOPES = ("here", "wider", "within")


def place_kind(iri: str) -> str:
    """The kind of a place IRI (``kommun``, ``delregion``, ``lan``, ``land``)."""
    return iri.rsplit("/", 2)[-2]


def place_ref(iri: str, label: str | None, **extra) -> dict:
    """A reference to a place, with its kind and code."""
    return ref(iri, label, kind=place_kind(iri), code=iri.rsplit("/", 1)[-1], **extra)


def parse_place(value: str, parameter: str = "place") -> tuple[str, str]:
    """``lan:04`` or ``lan/04`` as (kind, code); InvalidParameter names ``parameter`` otherwise.

    >>> parse_place("kommun:1490"), parse_place("delregion/borasregionen")
    (('kommun', '1490'), ('delregion', 'borasregionen'))
    """
    kind, separator, code = value.replace("/", ":", 1).partition(":")
    if not separator or kind not in PLACE_KINDS or not code:
        raise InvalidParameter(parameter, f"'{value}' is not a place; write kind:code, e.g. lan:04, "
                                          f"kommun:1490, delregion:borasregionen or land:SE")
    return kind, code


def require_place(store, kind: str, code: str):
    """The IRI of the place of this kind with this code (NotFoundError if there is none)."""
    if kind not in PLACE_KINDS:
        raise NotFoundError(f"no kind of place '{kind}'; use one of {', '.join(PLACE_KINDS)}")
    iri = iri_of(kind, code)
    require(store, iri, str(GEO.Feature), KIND_LABELS[kind][1])
    return iri


def place(store, kind: str, code: str) -> dict:
    """Everything about one place: where it lies, what it holds, who and what is there.

    Raises:
        NotFoundError: no place of this kind with this code.
    """
    iri = require_place(store, kind, code)
    rows = select(store, "place_record", place=iri)
    record = {
        "iri": iri.value, "kind": kind, "kind_label": KIND_LABELS[kind][0], "code": code,
        "label": rows[0]["label"], "notation": rows[0]["notation"],
        "alt_labels": sorted({r["alt"] for r in rows if r["alt"]}, key=sort_key),
        "within": _within(store, iri),
        "contains": _contains(store, iri),
    }
    record["actors_serving"] = _actors(store, iri, "area_served")
    record["actors_based"] = _actors(store, iri, "based_in")
    record["projects"] = _tied(store, "place_projects", iri, "project", _project_fields)
    record["networks"] = _tied(store, "place_networks", iri, "network", lambda r: {"kind": r["kind"]})
    return with_provenance(store, record)


def _within(store, iri) -> list[dict]:
    """The places that contain this one, nearest first (kommun → delregion → län → Sverige)."""
    refs = [place_ref(r["broader"], r["label"]) for r in select(store, "place_within", place=iri)]
    return sorted(refs, key=lambda r: (KIND_RANK[r["kind"]], sort_key(r["label"])))


def _contains(store, iri) -> list[dict]:
    """The places directly within this one, delregioner before kommuner, each by name."""
    refs = [place_ref(r["part"], r["label"]) for r in select(store, "place_contains", place=iri)]
    return sorted(refs, key=lambda r: (-KIND_RANK[r["kind"]], sort_key(r["label"])))


def _nearest(rows: list[dict], record: str) -> list[dict]:
    """One row per record: here before wider before within, then the smallest place named."""
    best: dict[str, dict] = {}
    for row in rows:
        rank = (SCOPES.index(row["scope"]), _via_rank(row), sort_key(row["via_label"]))
        if row[record] not in best or rank < best[row[record]][0]:
            best[row[record]] = (rank, row)
    return [row for _, row in best.values()]


def _via_rank(row: dict) -> int:
    rank = KIND_RANK[place_kind(row["via"])]
    return rank if row["scope"] == "wider" else -rank


def _tie(row: dict) -> dict:
    """How a record is tied to the place: scope, and the place it names unless that is this one."""
    via = None if row["scope"] == "here" else place_ref(row["via"], row["via_label"])
    return {"scope": row["scope"], "via": via}


def _sorted_by_scope(items: list[dict]) -> list[dict]:
    return sorted(by_label(items), key=lambda i: SCOPES.index(i["scope"]))


def _actors(store, iri, relation: str) -> list[dict]:
    """Actors serving (``area_served``) or based in (``based_in``) the place, nearest tie first."""
    rows = [r for r in select(store, "place_actors", place=iri) if r["relation"] == relation]
    items = []
    for row in _nearest(rows, "actor"):
        kind = ref(row["type"], row["type_label"], label_en=row["type_label_en"]) if row["type"] else None
        items.append(ref(row["actor"], row["label"], type=kind, **_tie(row)))
    return _sorted_by_scope(items)


def _project_fields(row: dict) -> dict:
    return {"start": row["start"], "end": row["end"], "timeplan": row["timeplan"], "status": row["status"]}


def _tied(store, query: str, iri, record: str, fields) -> list[dict]:
    rows = select(store, query, place=iri)
    items = [ref(row[record], row["label"], **fields(row), **_tie(row)) for row in _nearest(rows, record)]
    return _sorted_by_scope(items)


def places(store, kind: str | None = None) -> list[dict]:
    """Every place (or every place of ``kind``), by name, with how many records name it.

    Raises:
        InvalidParameter: ``kind`` is not a kind of place.
    """
    if kind is not None and kind not in PLACE_KINDS:
        choices = ", ".join(PLACE_KINDS)
        raise InvalidParameter("kind", f"'{kind}' is not a kind of place; use one of {choices}")
    counts = {row["place"]: row for row in select(store, "places_counts")}
    items = [_list_item(row, counts.get(row["place"], {})) for row in select(store, "places_list")]
    items = [item for item in items if kind is None or item["kind"] == kind]
    return sorted(items, key=lambda i: (KIND_RANK[i["kind"]] * -1, sort_key(i["label"])))


def _list_item(row: dict, counts: dict) -> dict:
    county = place_ref(row["county"], row["county_label"]) if row["county"] else None
    delregion = place_ref(row["delregion"], row["delregion_label"]) if row["delregion"] else None
    item = place_ref(row["place"], row["label"], notation=row["notation"], county=county,
                     delregion=delregion)
    item["kind_label"], item["kind_label_en"] = KIND_LABELS[item["kind"]]
    for name in ("actors", "projects", "networks"):
        item[name] = int(counts.get(name) or 0)
    return item
