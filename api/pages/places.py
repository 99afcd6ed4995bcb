"""Pages: one place (at its IRI path: ``/id/kommun/1490``, ``/id/lan/04``,
``/id/delregion/borasregionen``, ``/id/land/SE``) and the list ``/platser`` with a kind filter
as a GET form, sorting, paging and a CSV download of the whole filtered list."""

from __future__ import annotations

from functools import partial

from flask import render_template, request

from api.pages import bp, entity_page, list_links
from api.render import list_parameters
from api.storage import get_store
from api.v1.places import PLACE_SORTS
from graph.namespaces import PLACE_KINDS
from graph.resources.common import page, sort_rows
from graph.resources.place import KIND_LABELS, place, places

__all__ = ["PER_PAGE", "place_page", "places_page"]

PER_PAGE = 100
SORT_NAMES = (("label", "Namn", "Name"), ("code", "Kod", "Code"),
              ("-actors", "Flest aktörer först", "Most actors first"),
              ("-projects", "Flest projekt först", "Most projects first"))


def place_page(kind: str, code: str):
    """The page of one place (renderers get only the code, so one is registered per kind)."""
    return render_template("place.html", data=place(get_store(), kind, code))


for _kind in PLACE_KINDS:
    entity_page(_kind)(partial(place_page, _kind))


@bp.get("/platser")
def places_page():
    offset, limit, sort = list_parameters(default_limit=PER_PAGE)
    kind = request.args.get("kind") or None
    items = sort_rows(places(get_store(), kind=kind), sort, PLACE_SORTS)
    result = page(items, offset, limit)
    arguments = {"kind": kind, "sort": sort, "limit": None if limit == PER_PAGE else limit}
    kinds = [{"value": k, "label": KIND_LABELS[k][0], "label_en": KIND_LABELS[k][1]} for k in PLACE_KINDS]
    return render_template("places.html", data=result, kind=kind, kinds=kinds, sort=sort or "",
                           sort_names=SORT_NAMES,
                           links=list_links("/platser", arguments, result, "/api/v1/places"),
                           last=min(offset + limit, result["total"]))
