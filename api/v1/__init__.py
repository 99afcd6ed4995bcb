"""JSON API ``/api/v1``: search and one resource per kind, described by OpenAPI 3.

Each module adds its routes to :data:`bp` and describes them in its own ``PATHS`` (OpenAPI path
items), which :mod:`api.v1.openapi` gathers into ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("v1", __name__, url_prefix="/api/v1")

# Imported for their routes; the order is the order of the OpenAPI document.
from api.v1 import (  # noqa: E402
    actors,
    funding,
    network,
    networks,
    openapi,
    places,
    projects,
    search,
    strategy,
)

#: The modules whose ``PATHS`` make up the OpenAPI document.
DESCRIBED = (search, actors, projects, networks, funding, strategy, places, network, openapi)
