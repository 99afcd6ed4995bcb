"""Pages: one actor (at its IRI path ``/id/actor/<key>``) and the list ``/aktorer`` with filters
(type, place) as a GET form, sorting, paging and a CSV download of the whole filtered list."""

from __future__ import annotations

from flask import render_template, request

from api.pages import bp, entity_page, list_links
from api.render import list_parameters
from api.storage import get_store
from api.v1.actors import ACTOR_SORTS
from graph.resources.actor import FILTERS, actor, actor_types, actors
from graph.resources.common import page, sort_rows
from graph.resources.place import KIND_RANK, places

__all__ = ["PER_PAGE", "actor_page", "actors_page", "place_options"]

PER_PAGE = 50
#: The orders the list page offers (value, Swedish, English).
SORT_NAMES = (("label", "Namn", "Name"), ("type", "Typ", "Type"))


@entity_page("actor")
def actor_page(key: str):
    return render_template("actor.html", data=actor(get_store(), key))


def place_options(store) -> list[dict]:
    """Every place as a filter option: Sverige, each län with its delregioner and kommuner."""
    everything = places(store)
    options = []
    for item in everything:
        if item["kind"] == "land":
            options.append(_option(item, 0))
        if item["kind"] == "lan":
            options.append(_option(item, 0))
            options += [_option(part, 1) for part in _parts(everything, item)]
    return options


def _parts(everything: list[dict], county: dict) -> list[dict]:
    parts = [p for p in everything if p["county"] and p["county"]["iri"] == county["iri"]]
    return sorted(parts, key=lambda p: -KIND_RANK[p["kind"]])


def _option(item: dict, level: int) -> dict:
    return {"value": f"{item['kind']}:{item['code']}", "label": item["label"], "level": level}


@bp.get("/aktorer")
def actors_page():
    offset, limit, sort = list_parameters(default_limit=PER_PAGE)
    store = get_store()
    filters = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    items = sort_rows(actors(store, filters), sort, ACTOR_SORTS)
    result = page(items, offset, limit)
    arguments = {**filters, "sort": sort, "limit": None if limit == PER_PAGE else limit}
    types = [{"value": t["key"], "label": t["label"], "label_en": t["label_en"], "count": t["actors"]}
             for t in actor_types(store)]
    return render_template("actors.html", data=result, filters=filters, sort=sort or "label",
                           types=types, places=place_options(store), sort_names=SORT_NAMES,
                           links=list_links("/aktorer", arguments, result, "/api/v1/actors"),
                           last=min(offset + limit, result["total"]))
