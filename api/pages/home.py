"""Pages: the home page ``/`` (the finder's question first, then which län and documents the data
covers, search, counts and ways in) and the search page ``/sok`` (results, facets, paging, CSV)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import render_template

from api.pages import bp, list_links
from api.render import list_parameters
from api.storage import get_store
from api.v1.search import search_arguments
from graph.resources.coverage import coverage
from graph.search import FACETS, kind_counts, search

__all__ = ["FACET_NAMES", "PER_PAGE", "home", "search_page"]

PER_PAGE = 20
#: Facet names as the page shows them (Swedish, English).
FACET_NAMES = {
    "kind": ("Typ av uppgift", "Kind of record"),
    "type": ("Aktörstyp", "Actor type"),
    "lan": ("Län", "County"),
    "kommun": ("Kommun", "Municipality"),
    "service": ("Tjänst", "Service"),
    "audience": ("Målgrupp", "Target group"),
    "strategy": ("Strategi och strategiområde", "Strategy and strategy area"),
    "funding": ("Finansieringskälla", "Funding source"),
}
#: The lists other pages keep, in the order the home page shows them (path, Swedish, English).
LISTS = (
    ("/aktorer", "Aktörer", "Actors", "actor"),
    ("/projekt", "Projekt och insatser", "Projects and actions", "project"),
    ("/natverk", "Nätverk", "Networks", "network"),
    ("/finansieringskallor", "Finansieringskällor", "Funding sources", "funding"),
    ("/strategier", "Strategier och strategiområden", "Strategies and strategy areas", "strategy"),
    ("/platser", "Platser: kommuner, län och delregioner", "Places: municipalities, counties, sub-regions",
     "place"),
)


@bp.get("/")
def home():
    store = get_store()
    return render_template("home.html", counts=kind_counts(store), lists=LISTS, coverage=coverage(store))


def _links(arguments: dict, result: dict, sort: str | None) -> dict:
    """Where the paging, download and clear-filters links of a result page go."""
    per_page = None if result["limit"] == PER_PAGE else result["limit"]
    current = {"q": arguments["q"] or None, **arguments["filters"], "sort": sort, "limit": per_page}
    links = list_links("/sok", current, result, "/api/v1/search")
    links["clear"] = "/sok?" + urlencode({"q": arguments["q"]}) if arguments["q"] else "/sok"
    return links


@bp.get("/sok")
def search_page():
    offset, limit, sort = list_parameters(default_limit=PER_PAGE)
    arguments = search_arguments()
    result = search(get_store(), offset=offset, limit=limit, sort=sort, **arguments)
    return render_template("search.html", data=result, links=_links(arguments, result, sort),
                           facet_names=FACET_NAMES, facet_order=FACETS,
                           asked=bool(arguments["q"] or arguments["filters"]),
                           last=min(offset + limit, result["total"]))
