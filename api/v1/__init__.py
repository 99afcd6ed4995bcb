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
    curation,
    finder,
    funding,
    funding_analysis,
    gaps,
    network,
    networks,
    openapi,
    overlap,
    places,
    projects,
    search,
    strategy,
)

#: The modules whose ``PATHS`` make up the OpenAPI document.
DESCRIBED = (search, finder, actors, projects, networks, curation, funding, strategy, places, network,
             overlap, gaps, funding_analysis, openapi)
