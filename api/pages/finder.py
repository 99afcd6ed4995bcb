"""Page ``/hitta``: the newcomer finder in Swedish (English with ``?lang=en``). A short GET form
(need, place, stage, target group, service), then the actors as cards, each with "Varför?" and
the sources of every reason, the running projects and the networks that fit. The page renders
the payload of ``/api/v1/finder`` (``?format=json`` gives it, ``?format=csv`` the actors)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request

from api.pages import bp
from api.render import negotiate
from api.storage import get_store
from api.v1.finder import CSV_COLUMNS, csv_rows, finder_arguments
from graph.finder import find
from graph.finder.finder import MAX_LIMIT, filter_choices

__all__ = ["HOW_NAMES", "finder_page"]

#: How a place was found, in Swedish and English.
HOW_NAMES = {
    "name": ("namnet", "the name"),
    "postal_code": ("postnumret", "the postal code"),
    "code": ("koden", "the code"),
    "locality": ("orten i postnummertabellen", "the locality in the postal-code table"),
}


def _links(arguments: dict) -> dict:
    """Where the downloads go, with the page's question."""
    asked = {name: value for name, value in arguments.items() if value}
    asked["date"] = asked.pop("today", None)
    query = urlencode({k: v for k, v in asked.items() if v})
    more = urlencode({**{k: v for k, v in asked.items() if v}, "limit": MAX_LIMIT,
                      **({"lang": request.args["lang"]} if request.args.get("lang") else {})})
    return {"csv": f"/api/v1/finder?{query}&format=csv" if query else "/api/v1/finder?format=csv",
            "json": f"/api/v1/finder?{query}" if query else "/api/v1/finder",
            "more": f"/hitta?{more}", "most": MAX_LIMIT}


@bp.get("/hitta")
def finder_page():
    store = get_store()
    arguments = finder_arguments()
    result = find(store, **arguments)
    return negotiate(result, template="finder.html", default="html", csv_rows=csv_rows(result),
                     csv_columns=CSV_COLUMNS, filename="aktorskartan-hitta", choices=filter_choices(store),
                     how_names=HOW_NAMES, links=_links(arguments))
