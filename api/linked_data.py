"""Linked data: every ``/id/...`` IRI resolves (HTML for browsers, RDF by ``Accept``); the dataset.

``/id/<kind>/<key>`` answers ``text/html`` with the record's page and ``text/turtle``,
``application/ld+json`` or ``application/n-triples`` with its RDF description; ``?format=html|
ttl|jsonld|nt`` chooses explicitly. ``/graph/<key>`` gives a named graph's triples the same way.
``/dataset`` (and ``/.well-known/void``) describes the whole dataset in VoID and DCAT, in the
same formats.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, g, make_response, redirect, render_template, request

from api.errors import ApiError
from api.pages import ENTITY_PAGES, entity_page_response
from api.pages.generic import RDF_FORMATS
from api.storage import get_store
from graph import dataset
from graph.describe import FORMATS, describe, exists, serialize
from graph.errors import InvalidParameter, NotFoundError
from graph.namespaces import graph_iri, local_path
from graph.per_generation import per_generation
from graph.resources.common import iri_of

__all__ = ["MEDIA_TYPES", "bp", "chosen_format"]

bp = Blueprint("linked_data", __name__)

#: ``?format=`` name → the media type it is served as; the order breaks ties in ``Accept``
#: (``*/*`` gets the page).
MEDIA_TYPES = {"html": "text/html", **{name: rdf.media_type for name, rdf in FORMATS.items()}}
#: Media types a client may ask for → the format that answers it.
ACCEPTED = {
    **{media_type: name for name, media_type in MEDIA_TYPES.items()},
    "application/xhtml+xml": "html",
    "application/json": "jsonld",  # JSON-LD is JSON
    "application/x-turtle": "ttl",
    "text/plain": "nt",  # N-Triples' media type before it had its own
}


def chosen_format() -> str:
    """``?format=`` if given (400 if unknown), else the best ``Accept`` match (406 if none)."""
    asked = request.args.get("format")
    if asked is not None:
        if asked not in MEDIA_TYPES:
            raise InvalidParameter("format", f"'{asked}' is not offered; use one of {', '.join(MEDIA_TYPES)}")
        return asked
    if not request.accept_mimetypes:
        return "html"
    best = request.accept_mimetypes.best_match(list(ACCEPTED))
    if best is None:
        raise ApiError(406, "none of the media types in Accept is offered here", list(MEDIA_TYPES.values()))
    return ACCEPTED[best]


@bp.get("/id/<kind>/<path:key>")
def entity(kind: str, key: str):
    """The record ``/id/<kind>/<key>``: its page or its RDF description (404 if unknown)."""
    chosen = chosen_format()
    iri = iri_of(kind, key).value
    store = get_store()
    if chosen == "html":
        if not exists(store, iri):
            # The page names the record by its path: an IRI is no text for people.
            raise NotFoundError(f"nothing is known about {local_path(iri)}")
        response = make_response(_page(kind, key))
    else:
        response = _rdf(serialize(describe(store, iri), chosen), chosen)
    return _alternates(response, chosen)


def _page(kind: str, key: str):
    """The page a kind module renders, else the generic page (a node minted under a record,
    such as ``/id/project/<key>/total-cost``, is no record of its kind but still has a page)."""
    try:
        return entity_page_response(kind, key)
    except NotFoundError:
        if ENTITY_PAGES.get(kind) in (None, ENTITY_PAGES["*"]):
            raise
        return ENTITY_PAGES["*"](kind, key)


@bp.get("/dataset")
def dataset_description():
    """The dataset described in VoID and DCAT: a page, or Turtle, JSON-LD, N-Triples."""
    chosen = chosen_format()
    description = _dataset_description()
    if chosen == "html":
        response = make_response(render_template("dataset.html", data=description, formats=RDF_FORMATS))
    else:
        response = _rdf(serialize(dataset.triples(description), chosen, dataset.PREFIXES), chosen)
    return _alternates(response, chosen)


@bp.get("/graph/<key>")
def named_graph(key: str):
    """A named graph (one source document, the register, ...): its triples as RDF; for
    browsers, its entry in the dataset description."""
    chosen = chosen_format()
    store = get_store()
    iri = str(graph_iri(key))
    if iri not in {graph.value for graph in store.named_graphs()}:
        raise NotFoundError(f"<{iri}> is not a named graph of this dataset (see /dataset)")
    if chosen == "html":
        return redirect(f"/dataset#graph-{quote(key)}", code=303)
    triples = [quad.triple for quad in store.quads(iri)]
    return _alternates(_rdf(serialize(triples, chosen), chosen), chosen)


@bp.get("/.well-known/void")
def well_known_void():
    """Where VoID tells clients to look for a dataset's description (RFC 5785)."""
    query = request.query_string.decode("ascii", "replace")
    return redirect("/dataset" + (f"?{query}" if query else ""), code=303)


def _dataset_description() -> dict:
    """The dataset's description; the counts are kept until the store is reloaded (they take
    a full scan), the addresses are this server's."""
    store = get_store()
    facts = per_generation(store, "dataset-facts", lambda: dataset.facts(store))
    return dataset.description(facts, request.url_root, g.get("lang", "sv"))


def _rdf(body: bytes, chosen: str) -> Response:
    response = Response(body, mimetype=MEDIA_TYPES[chosen])
    response.charset = "utf-8"
    return response


def _alternates(response: Response, chosen: str) -> Response:
    """``Vary: Accept`` and a ``Link: rel="alternate"`` to each other format."""
    path = quote(request.path)
    response.headers.add("Vary", "Accept")
    response.headers["Link"] = ", ".join(
        f'<{path}?format={name}>; rel="alternate"; type="{media_type}"'
        for name, media_type in MEDIA_TYPES.items() if name != chosen)
    return response
