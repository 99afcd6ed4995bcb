"""Server-rendered pages in Swedish (English with ``?lang=en``): home, search, one page per kind.

A record's page lives at its IRI path (``/id/actor/almi-sormland``); :mod:`api.linked_data`
answers browsers there with :func:`entity_page_response`, which calls the renderer a kind
module registered with :func:`entity_page` (else the generic page of any resource).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from flask import Blueprint

from graph.resources.common import by_document
from graph.swedish import quotation

__all__ = ["ENTITY_PAGES", "bp", "entity_page", "entity_page_response", "list_links"]

bp = Blueprint("pages", __name__)


@bp.app_template_filter("by_document")
def _by_document(sources: list[dict]) -> list[dict]:
    """``{{ sources|by_document }}``: a record's sources, one entry per document."""
    return by_document(sources)


@bp.app_template_filter("quotation")
def _quotation(text: str) -> tuple[str, bool]:
    """``{% set words, whole = note|quotation %}``: a note's words, and whether it is one quote."""
    return quotation(text or "")


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


def list_links(path: str, arguments: dict, result: dict, csv_path: str) -> dict:
    """Where a list page's paging and download links go, keeping its filters and order.

    A filter may hold several values (``kind=actor&kind=project``); an empty one is dropped.
    """
    def address(base: str, **changes) -> str:
        pairs = {**arguments, **changes}
        query = urlencode({k: v for k, v in pairs.items() if v not in (None, "", [])}, doseq=True)
        return f"{base}?{query}" if query else base

    offset, limit, total = result["offset"], result["limit"], result["total"]
    links = {"csv": address(csv_path, format="csv", offset=None, limit=None)}
    if offset > 0:
        links["previous"] = address(path, offset=max(offset - limit, 0) or None)
    if offset + limit < total:
        links["next"] = address(path, offset=offset + limit)
    return links


# Imported for their routes and renderers.
from api.pages import (  # noqa: E402, F401
    actors,
    documents,
    finder,
    funding,
    funding_analysis,
    gaps,
    generic,
    home,
    networks,
    overlap,
    places,
    projects,
    strategy,
)
