"""JSON API: ``/api/v1/networks``, the network list (sorted, paged, or all as CSV), one network,
and a network's members as a list of its own."""

from __future__ import annotations

from flask import jsonify

from api.render import list_response
from api.storage import get_store
from api.v1 import bp
from api.v1.projects import openapi_list, openapi_one
from graph.resources.network import network, networks

__all__ = ["PATHS"]

NETWORK_SORTS = ("label", "key", "kind", "coordinator", "members")
NETWORK_COLUMNS = ["key", "label", "kind", "coordinator", "places", "members", "iri"]
MEMBER_SORTS = ("label", "role", "type")
MEMBER_COLUMNS = ["label", "role", "type", "iri"]


@bp.get("/networks")
def list_networks():
    return list_response(networks(get_store()), NETWORK_SORTS, NETWORK_COLUMNS, "aktorskartan-natverk")


@bp.get("/networks/<key>")
def one_network(key: str):
    return jsonify(network(get_store(), key))


@bp.get("/networks/<key>/members")
def network_members(key: str):
    rows = network(get_store(), key)["members"]
    return list_response(rows, MEMBER_SORTS, MEMBER_COLUMNS, f"aktorskartan-{key}-medlemmar")


KEY = [("key", "Network key, e.g. sormland-naringslivsansvariga")]
PATHS = {
    "/networks": openapi_list(
        "Networks", "listNetworks", NETWORK_SORTS,
        description="Each network (nätverk, forum, kluster, samverkansgrupp, ...) with its kind, "
                    "coordinator, places and number of members, in Swedish order of name."),
    "/networks/{key}": openapi_one(
        "One network", "getNetwork", KEY,
        description="Description, kind, coordinator, places, strategy areas, and members with "
                    "their roles; every item with its sources."),
    "/networks/{key}/members": openapi_list(
        "A network's members", "listNetworkMembers", MEMBER_SORTS, path_parameters=KEY,
        description="Each member with its role (medlem, samordnare, ...) and actor type."),
}
