"""Pages: one network (at its IRI path ``/id/network/<key>``) and the list ``/natverk`` with
sorting, paging and a CSV download of the whole list."""

from __future__ import annotations

from flask import render_template

from api.pages import bp, entity_page, list_links
from api.render import list_parameters
from api.storage import get_store
from api.v1.networks import NETWORK_SORTS
from graph.resources.common import page, sort_rows
from graph.resources.network import network, networks

__all__ = ["PER_PAGE", "network_page", "networks_page"]

PER_PAGE = 50
SORT_NAMES = (("label", "Namn", "Name"), ("kind", "Slag", "Kind"),
              ("-members", "Flest medlemmar först", "Most members first"))


@entity_page("network")
def network_page(key: str):
    return render_template("network.html", data=network(get_store(), key))


@bp.get("/natverk")
def networks_page():
    offset, limit, sort = list_parameters(default_limit=PER_PAGE)
    items = sort_rows(networks(get_store()), sort, NETWORK_SORTS)
    result = page(items, offset, limit)
    arguments = {"sort": sort, "limit": None if limit == PER_PAGE else limit}
    return render_template("networks.html", data=result, sort=sort or "label", sort_names=SORT_NAMES,
                           links=list_links("/natverk", arguments, result, "/api/v1/networks"),
                           last=min(offset + limit, result["total"]))
