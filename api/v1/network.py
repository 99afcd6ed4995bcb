"""JSON API: ``/api/v1/network/...``, who collaborates with whom.

Every view returns its nodes (with metrics), edges (with weight, kinds, the shared activities
and their source documents) and a summary, as JSON (default), vis-network data
(``format=vis``, what the pages draw), GEXF, GraphML or a CSV edge list; every view takes the
filters in :data:`api.network_request.FILTER_HELP`. ``/network/metrics`` lists every actor
with its whole-ecosystem metrics, computed when the data was loaded.
"""

from __future__ import annotations

from flask import request

from api import network_request as http
from api.render import list_response
from api.storage import get_store
from api.v1 import bp
from api.v1.projects import ERROR, openapi_list, query_parameter
from graph.errors import InvalidParameter
from graph.namespaces import SKOS, local_path
from graph.network import views
from graph.network.model import EDGE_KINDS
from graph.resources.common import iri_of, require
from graph.resources.place import require_place

__all__ = ["PATHS", "metric_rows"]

METRIC_SORTS = ("label", "type", "degree", "weighted_degree", "betweenness", "community", "projects",
                "networks")
METRIC_COLUMNS = ["label", "type", "degree", "weighted_degree", "betweenness", "community",
                  "articulation_point", "projects", "networks", "iri"]


@bp.get("/network/ecosystem")
def ecosystem():
    snap = http.current_snapshot()
    payload = views.ecosystem_view(snap, http.filters(snap), **http.view_options())
    return http.render(payload, "aktorskartan-natverk")


@bp.get("/network/actors/<key>")
def ego(key: str):
    snap = http.current_snapshot()
    actor = http.actor_iri(snap, key)
    options = http.view_options()
    payload = views.ego_view(snap, actor, http.depth(), http.filters(snap), options["size_by"],
                             options["limit"])
    return http.render(payload, f"aktorskartan-natverk-{key}")


@bp.get("/network/places/<kind>/<code>")
def place_network(kind: str, code: str):
    snap = http.current_snapshot()
    place = require_place(get_store(), kind, code).value
    payload = views.place_view(snap, place, http.filters(snap), **http.view_options())
    return http.render(payload, f"aktorskartan-natverk-{kind}-{code}")


@bp.get("/network/strategy-areas/<scheme>/<key>")
def strategy_network(scheme: str, key: str):
    snap = http.current_snapshot()
    iri = iri_of("concept", f"{scheme}/{key}")
    require(get_store(), iri, str(SKOS.Concept), "strategy area")
    payload = views.strategy_view(snap, iri.value, http.filters(snap), **http.view_options())
    return http.render(payload, f"aktorskartan-natverk-{scheme}-{key}")


@bp.get("/network/funding")
def funding():
    snap = http.current_snapshot()
    payload = views.funding_view(snap, http.filters(snap), http.view_options()["limit"])
    return http.render(payload, "aktorskartan-finansieringsfloden")


@bp.get("/network/path")
def path():
    snap = http.current_snapshot()
    ends = []
    for parameter in ("source", "target"):
        key = request.args.get(parameter, "").strip()
        if not key:
            raise InvalidParameter(parameter, "name the actor by its key, e.g. almi-sormland")
        ends.append(http.actor_iri(snap, key, parameter))
    payload = views.path_view(snap, *ends, http.filters(snap))
    return http.render(payload, "aktorskartan-vag")


@bp.get("/network/projects")
def projects():
    snap = http.current_snapshot()
    payload = views.projection_view(snap, "projects", http.filters(snap), http.view_options()["limit"])
    return http.render(payload, "aktorskartan-aktorer-och-projekt")


@bp.get("/network/membership")
def memberships():
    snap = http.current_snapshot()
    payload = views.projection_view(snap, "membership", http.filters(snap), http.view_options()["limit"])
    return http.render(payload, "aktorskartan-medlemskap")


def metric_rows(snap) -> list[dict]:
    """Every actor in the collaboration network with its whole-ecosystem metrics."""
    graph = snap.ecosystem
    types = snap.model.labels
    return [{"iri": actor, "path": local_path(actor), "label": data["label"],
             "type": types.get(data["type"], {}).get("label"),
             "type_en": types.get(data["type"], {}).get("label_en"),
             "projects": data["projects"], "networks": data["networks"], **snap.metrics[actor]}
            for actor, data in graph.nodes(data=True)]


@bp.get("/network/metrics")
def metrics():
    snap = http.current_snapshot()
    return list_response(lambda: metric_rows(snap), METRIC_SORTS, METRIC_COLUMNS,
                         "aktorskartan-natverksmatt", default_sort="-betweenness")


# --- OpenAPI ------------------------------------------------------------------------------

FORMAT = query_parameter("format", "json (default), vis (vis-network data), gexf, graphml or csv (edges)",
                         {"type": "string", "enum": list(http.FORMATS)})
FILTERS = [query_parameter(name, text) for name, text in http.FILTER_HELP.items()]
FILTERS[4]["schema"] = {"type": "string", "example": ",".join(EDGE_KINDS)}
VIEW_OPTIONS = [
    query_parameter("size", "Metric that sizes the nodes",
                    {"type": "string", "enum": list(views.SIZE_METRICS)}),
    query_parameter("limit", f"Draw at most this many nodes, biggest first (default {views.DEFAULT_LIMIT})",
                    {"type": "integer", "minimum": 1, "maximum": views.MAX_LIMIT}),
    query_parameter("collapse", "true: one node per Louvain community", {"type": "boolean"}),
]
RESPONSES = {
    "200": {"description": "The view: nodes, edges, metrics, summary (or the format asked for)",
            "content": {"application/json": {}, "application/gexf+xml": {}, "application/graphml+xml": {},
                        "text/csv": {}}},
    "400": {"description": "A parameter cannot be used; details name it", **ERROR},
    "503": {"description": "The network metrics were not computed at load", **ERROR},
}


def _view(summary: str, operation: str, description: str, parameters: list[dict],
          path_parameters: tuple = ()) -> dict:
    path = [{"name": name, "in": "path", "required": True, "description": text, "schema": {"type": "string"}}
            for name, text in path_parameters]
    responses = dict(RESPONSES)
    if path_parameters:
        responses["404"] = {"description": "No such record", **ERROR}
    return {"get": {"summary": summary, "description": description, "operationId": operation,
                    "parameters": path + parameters + [FORMAT], "responses": responses}}


PATHS = {
    "/network/ecosystem": _view(
        "The whole collaboration network", "getEcosystemNetwork",
        "Actors linked when they share a project or network. Unfiltered, metrics are the ones "
        "computed at load for the whole ecosystem; filtered, they are computed on the view.",
        FILTERS + VIEW_OPTIONS),
    "/network/actors/{key}": _view(
        "An actor's ego network", "getEgoNetwork",
        "The actor, everyone within depth steps and the ties among them.",
        [query_parameter("depth", "1 or 2 steps", {"type": "integer", "enum": [1, 2]}), *FILTERS,
         *VIEW_OPTIONS[:2]],
        (("key", "Actor key, e.g. region-04"),)),
    "/network/places/{kind}/{code}": _view(
        "A place's collaboration network", "getPlaceNetwork",
        "Collaboration in the projects and networks located in the place or within it, with the "
        "actors located in or serving it.", FILTERS + VIEW_OPTIONS,
        (("kind", "kommun, delregion, lan or land"), ("code", "e.g. 1490, borasregionen, 04, SE"))),
    "/network/strategy-areas/{scheme}/{key}": _view(
        "A strategy area's collaboration network", "getStrategyNetwork",
        "Collaboration in the projects and networks on the strategy area or a narrower one.",
        FILTERS + VIEW_OPTIONS,
        (("scheme", "Strategy key, e.g. sormland-nls"), ("key", "Area key, e.g. energiomstallning"))),
    "/network/funding": _view(
        "Funding flow", "getFundingFlow",
        "Funding scheme → funder → disburser → project → owner; edges carry the summed grants in SEK.",
        FILTERS + VIEW_OPTIONS[1:2]),
    "/network/path": _view(
        "How two actors are connected", "getCollaborationPath",
        "The shortest chain of collaborations between two actors, with the shared projects and "
        "networks of each step (steps). 404 if they are not connected.",
        [query_parameter("source", "Actor key"), query_parameter("target", "Actor key")] + FILTERS),
    "/network/projects": _view(
        "Actors and the projects and networks they take part in", "getBipartiteNetwork",
        "The bipartite actor–activity network; edges carry the actor's role.", FILTERS + VIEW_OPTIONS[1:2]),
    "/network/membership": _view(
        "Actors and the networks they belong to", "getMembershipNetwork",
        "Membership: actors linked to their networks, with roles.", FILTERS + VIEW_OPTIONS[1:2]),
    "/network/metrics": openapi_list(
        "Every actor's network metrics", "listNetworkMetrics", METRIC_SORTS,
        description="Degree, weighted degree, betweenness (the brokers), Louvain community and "
                    "whether the actor is an articulation point, for the whole collaboration network, "
                    "computed when the data was loaded. Default order: highest betweenness first."),
}
