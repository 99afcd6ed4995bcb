"""The network explorer, ``/network``: every network view with its filters as a GET form.

The form needs no script: submitting it re-renders the page with the chosen view, whose
picture ``web/static/network-view.js`` draws from the same ``/api/v1/network/...`` address the
page links as data. The query string is read by :mod:`api.network_request`, exactly as the API
reads it, so a parameter the API refuses is refused here too (the error page, 400).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, render_template, request

from api import network_request as http
from api.pages.actors import place_options
from api.storage import get_store
from api.v1.network import metric_rows
from graph.errors import InvalidParameter, NotFoundError
from graph.namespaces import local_path
from graph.network import views
from graph.network.model import EDGE_KINDS, Filters
from graph.network.snapshot import Snapshot
from graph.resources.place import parse_place
from graph.resources.strategy import flat_concepts, strategies
from graph.swedish import sort_key

__all__ = ["BROKERS", "EXPLORER_VIEWS", "bp", "explorer"]

bp = Blueprint("network", __name__)

#: The views the explorer offers, in the form's order (value, Swedish, English).
EXPLORER_VIEWS = (
    ("ecosystem", "Hela ekosystemet", "The whole ecosystem"),
    ("ego", "En aktörs nätverk", "An actor's network"),
    ("place", "Plats", "Place"),
    ("strategy", "Strategiområde", "Strategy area"),
    ("funding", "Finansieringsflöde", "Funding flow"),
    ("path", "Väg mellan två aktörer", "Path between two actors"),
)
KIND_NAMES = {"co-ownership": ("Samägande", "Co-ownership"),
              "participation": ("Deltagande", "Participation"),
              "co-funding": ("Samfinansiering", "Co-funding"),
              "membership": ("Medlemskap i nätverk", "Network membership")}
SIZE_NAMES = {"degree": ("Antal samarbetspartner", "Number of partners"),
              "weighted_degree": ("Antal gemensamma aktiviteter", "Number of shared activities"),
              "betweenness": ("Mäklarroll (betweenness)", "Broker role (betweenness)")}
#: How many of the best-placed brokers the explorer lists.
BROKERS = 15
#: The query parameters each view passes on to its API address (besides its own).
_PASSED = {"ecosystem": ("place", "strategy", "from", "to", "kinds", "types", "size", "limit", "collapse"),
           "ego": ("depth", "place", "strategy", "from", "to", "kinds", "types", "size", "limit"),
           "place": ("strategy", "from", "to", "kinds", "types", "size", "limit", "collapse"),
           "strategy": ("place", "from", "to", "kinds", "types", "size", "limit", "collapse"),
           "funding": ("place", "strategy", "from", "to", "kinds", "types", "limit"),
           "path": ("source", "target", "place", "strategy", "from", "to", "kinds", "types")}


def _query(names: tuple[str, ...]) -> str:
    """The non-empty query parameters among ``names``, as the page received them."""
    pairs = [(name, value) for name in names for value in request.args.getlist(name) if value.strip()]
    return urlencode(pairs)


def _address(path: str, view: str) -> str:
    query = _query(_PASSED[view])
    return f"{path}?{query}" if query else path


def _chosen_view() -> str:
    view = request.args.get("view", "").strip() or "ecosystem"
    known = [value for value, *_ in EXPLORER_VIEWS]
    if view not in known:
        raise InvalidParameter("view", f"'{view}' is not a view; use one of {', '.join(known)}")
    return view


def _actor(snap: Snapshot, parameter: str) -> dict | None:
    key = request.args.get(parameter, "").strip()
    if not key:
        return None
    iri = http.actor_iri(snap, key, parameter)
    return {"key": key, "iri": iri, "path": local_path(iri), "label": snap.model.label(iri)}


def _shown(snap: Snapshot, view: str, filters: Filters, places: list[dict]) -> dict:
    """What the page draws: the API address and what it is of, or what is missing to draw it."""
    if view in ("ecosystem", "funding"):
        return {"src": _address(f"/api/v1/network/{view}", view)}
    if view == "ego":
        actor = _actor(snap, "actor")
        if actor is None:
            return {"missing": "actor"}
        return {"actor": actor, "depth": http.depth(),
                "src": _address(f"/api/v1/network/actors/{actor['key']}", view)}
    if view == "place":
        return _place_view(view, places)
    if view == "strategy":
        return _strategy_view(snap, view, filters)
    return _path_view(snap, filters)


def _place_view(view: str, places: list[dict]) -> dict:
    raw = request.args.get("place", "").strip()
    if not raw:
        return {"missing": "place"}
    kind, code = parse_place(raw)
    labels = {option["value"]: option["label"] for option in places}
    return {"place": {"value": raw, "label": labels.get(f"{kind}:{code}", raw)},
            "src": _address(f"/api/v1/network/places/{kind}/{code}", view)}


def _strategy_view(snap: Snapshot, view: str, filters: Filters) -> dict:
    if filters.strategy is None:
        return {"missing": "strategy"}
    row = snap.model.labels[filters.strategy]
    key = request.args["strategy"].strip()
    return {"strategy": {"key": key, "label": row["label"], "label_en": row.get("label_en")},
            "src": _address(f"/api/v1/network/strategy-areas/{key}", view)}


def _path_view(snap: Snapshot, filters: Filters) -> dict:
    source, target = _actor(snap, "source"), _actor(snap, "target")
    if source is None or target is None:
        return {"missing": "source" if source is None else "target"}
    shown = {"source": source, "target": target, "src": _address("/api/v1/network/path", "path")}
    try:
        shown["steps"] = views.path_view(snap, source["iri"], target["iri"], filters)["steps"]
    except NotFoundError:
        return {**shown, "src": None, "unconnected": True}
    return shown


def _choices(snap: Snapshot, places: list[dict]) -> dict:
    """The form's options: actors, places, strategy areas, actor types, edge kinds, metrics."""
    labels = snap.model.labels
    actors = [{"key": iri.rsplit("/", 1)[-1], "label": row["label"]}
              for iri, row in snap.model.actors.items()]
    schemes = [{"label": scheme["label"], "concepts": flat_concepts(scheme["concepts"], scheme)}
               for scheme in strategies(get_store())]
    types = [{"key": iri.rsplit("/", 1)[-1], "label": labels[iri]["label"],
              "label_en": labels[iri].get("label_en")} for iri in snap.model.actor_types]
    return {"views": EXPLORER_VIEWS, "actors": sorted(actors, key=lambda actor: sort_key(actor["label"])),
            "places": places, "schemes": schemes,
            "types": sorted(types, key=lambda item: sort_key(item["label"])),
            "kinds": [(kind, *KIND_NAMES[kind]) for kind in EDGE_KINDS],
            "sizes": [(size, *SIZE_NAMES[size]) for size in views.SIZE_METRICS]}


def _brokers(snap: Snapshot) -> list[dict]:
    """The actors with the highest betweenness in the whole ecosystem (computed at load)."""
    rows = sorted(metric_rows(snap), key=lambda row: (-row["betweenness"], sort_key(row["label"])))
    return rows[:BROKERS]


@bp.get("/network")
def explorer():
    snap = http.current_snapshot()
    view = _chosen_view()
    filters = http.filters(snap)
    options = http.view_options()
    form = {"view": view, "name": next(names for value, *names in EXPLORER_VIEWS if value == view),
            "kinds": filters.kinds, "options": options,
            "types": {iri.rsplit("/", 1)[-1] for iri in filters.actor_types or ()},
            "args": request.args}
    places = place_options(get_store())
    return render_template("network_explorer.html", shown=_shown(snap, view, filters, places), form=form,
                           choices=_choices(snap, places), brokers=_brokers(snap), summary=snap.summary,
                           views=views)
