"""Network views over HTTP: the query string as view arguments, and a view payload as the
format asked for (JSON, vis-network data, GEXF, GraphML or a CSV edge list).

Shared by the JSON API (``/api/v1/network/...``) and the explorer page (``/network``), so both
read the same parameters the same way.
"""

from __future__ import annotations

import re
from datetime import date

from flask import Response, g, jsonify, request

from api.render import MEDIA_TYPES, csv_response, wanted_format
from api.storage import get_store
from graph.errors import InvalidParameter, NotFoundError
from graph.namespaces import concept, entity, place
from graph.network import drawing, exports
from graph.network.model import EDGE_KINDS, Filters, boundary
from graph.network.snapshot import Snapshot, snapshot
from graph.network.views import DEFAULT_LIMIT, MAX_LIMIT, SIZE_METRICS
from graph.resources.place import parse_place

__all__ = ["FILTER_HELP", "FORMATS", "actor_iri", "current_snapshot", "depth", "filters", "render",
           "view_options"]

#: What a view can be rendered as (media types in :data:`api.render.MEDIA_TYPES`); ``vis`` is the
#: vis-network data the pages draw.
FORMATS = ("json", "vis", "gexf", "graphml", "csv")
#: The filter parameters every view takes, as documented in OpenAPI and on the explorer page.
FILTER_HELP = {
    "place": "Only activities in this place or a place within it: kommun:1490, delregion:borasregionen, "
             "lan:04",
    "strategy": "Only activities on this strategy area or a narrower one: scheme/key, "
                "e.g. sormland-nls/energiomstallning",
    "from": "Only activities running on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "to": "Only activities running on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "kinds": "Edge kinds to keep, comma-separated: " + ", ".join(EDGE_KINDS),
    "types": "Actor types to keep, comma-separated keys of the aktorstyp scheme, e.g. kommun,region",
}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def current_snapshot() -> Snapshot:
    """The network snapshot of the store's current dataset (computed at load)."""
    return snapshot(get_store())


def _date(parameter: str, last: bool) -> date | None:
    raw = request.args.get(parameter, "").strip()
    if not raw:
        return None
    try:
        if not _DATE.match(raw):
            raise ValueError(raw)
        return boundary(raw, last)
    except ValueError:
        message = f"'{raw}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"
        raise InvalidParameter(parameter, message) from None


def _listed(parameter: str) -> list[str]:
    return [item.strip() for value in request.args.getlist(parameter) for item in value.split(",")
            if item.strip()]


def _actor_types(snap: Snapshot) -> frozenset[str] | None:
    keys = _listed("types")
    if not keys:
        return None
    known = {iri.rsplit("/", 1)[-1]: iri for iri in snap.model.actor_types}
    unknown = [key for key in keys if key not in known]
    if unknown:
        message = f"unknown actor type '{unknown[0]}'; known: {', '.join(sorted(known))}"
        raise InvalidParameter("types", message)
    return frozenset(known[key] for key in keys)


def _place(snap: Snapshot) -> str | None:
    raw = request.args.get("place", "").strip()
    if not raw:
        return None
    kind, code = parse_place(raw)
    iri = str(place(f"{kind}:{code}"))
    if iri not in snap.model.places:
        raise InvalidParameter("place", f"no place '{raw}'")
    return iri


def _strategy(snap: Snapshot) -> str | None:
    raw = request.args.get("strategy", "").strip()
    if not raw:
        return None
    scheme_key, _, key = raw.partition("/")
    iri = str(concept(scheme_key, key)) if key else ""
    if iri not in snap.model.concepts:
        raise InvalidParameter("strategy", f"no strategy area '{raw}'; write scheme/key, "
                                           "e.g. sormland-nls/energiomstallning")
    return iri


def filters(snap: Snapshot) -> Filters:
    """The filters in the query string (400 naming the parameter if one cannot be used)."""
    kinds = _listed("kinds")
    return Filters(place=_place(snap), strategy=_strategy(snap), start=_date("from", False),
                   end=_date("to", True), kinds=frozenset(kinds or EDGE_KINDS),
                   actor_types=_actor_types(snap))


def _whole(parameter: str, default: int) -> int:
    raw = request.args.get(parameter, str(default))
    if not raw.isdigit():
        raise InvalidParameter(parameter, f"'{raw}' is not a whole number")
    return int(raw)


def view_options() -> dict:
    """``size``, ``limit`` and ``collapse`` from the query string."""
    size_by = request.args.get("size", "degree")
    if size_by not in SIZE_METRICS:
        raise InvalidParameter("size", f"size nodes by one of {', '.join(SIZE_METRICS)}")
    limit = _whole("limit", DEFAULT_LIMIT)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidParameter("limit", f"a view draws between 1 and {MAX_LIMIT} nodes")
    collapse = request.args.get("collapse", "").lower()
    if collapse not in ("", "0", "false", "no", "nej", "1", "true", "yes", "ja"):
        raise InvalidParameter("collapse", f"'{collapse}' is neither true nor false")
    collapse = collapse in ("1", "true", "yes", "ja")
    return {"size_by": size_by, "limit": limit, "collapse": collapse}


def depth() -> int:
    value = _whole("depth", 1)
    if value not in (1, 2):
        raise InvalidParameter("depth", "an ego network reaches 1 or 2 steps out")
    return value


def actor_iri(snap: Snapshot, key: str, parameter: str | None = None) -> str:
    """The IRI of the actor with this key (404, or 400 naming ``parameter``, if there is none)."""
    iri = str(entity("actor", key))
    if iri not in snap.model.actors:
        if parameter:
            raise InvalidParameter(parameter, f"no actor '{key}'")
        raise NotFoundError(f"no actor with the key '{key}'")
    return iri


def render(payload: dict, filename: str) -> Response:
    """The payload in the format asked for by ``?format=`` or ``Accept`` (JSON by default)."""
    chosen = wanted_format(FORMATS, "json")
    if chosen == "vis":
        return jsonify(drawing.draw(payload, g.get("lang", "sv")))
    if chosen == "csv":
        return csv_response(exports.edge_rows(payload), exports.EDGE_COLUMNS, filename)
    if chosen in ("gexf", "graphml"):
        content = exports.gexf(payload) if chosen == "gexf" else exports.graphml(payload)
        response = Response(content, mimetype=MEDIA_TYPES[chosen])
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{chosen}"'
        return response
    response = jsonify(payload)
    response.headers["Vary"] = "Accept"
    return response
