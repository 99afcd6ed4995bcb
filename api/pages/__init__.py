"""Server-rendered pages in Swedish (English with ``?lang=en``): home, search, one page per kind.

A record's page lives at its IRI path (``/id/actor/almi-sormland``); :mod:`api.linked_data`
answers browsers there with :func:`entity_page_response`, which calls the renderer a kind
module registered with :func:`entity_page` (else the generic page of any resource).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint

__all__ = ["ENTITY_PAGES", "bp", "entity_page", "entity_page_response"]

bp = Blueprint("pages", __name__)

#: IRI kind (``actor``, ``project``, ``kommun``, ``concept`` ...) → renderer taking the key.
ENTITY_PAGES: dict[str, Callable[[str], object]] = {}


def entity_page(*kinds: str):
    """Register the decorated function as the page renderer of records of ``kinds``."""
    def register(renderer):
        for kind in kinds:
            ENTITY_PAGES[kind] = renderer
        return renderer
    return register


def entity_page_response(kind: str, key: str):
    """The page of the record ``/id/<kind>/<key>``."""
    renderer = ENTITY_PAGES.get(kind) or ENTITY_PAGES["*"]
    return renderer(key) if kind in ENTITY_PAGES else renderer(kind, key)


# Imported for their routes and renderers.
from api.pages import (  # noqa: E402, F401
    actors,
    funding,
    generic,
    home,
    networks,
    places,
    projects,
    strategy,
)
