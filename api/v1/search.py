"""JSON API: ``/api/v1/search``, search and browse with facets (``?format=csv`` for every hit)."""

from __future__ import annotations

from flask import g, jsonify, request

from api.render import csv_response, list_parameters, wanted_format
from api.storage import get_store
from api.v1 import bp
from graph.search import FACETS, MAX_QUERY_LENGTH, SORTS, search

__all__ = ["CSV_COLUMNS", "PATHS", "csv_rows", "search_arguments"]

#: Columns of the CSV download: the hit, then its facet values by label.
CSV_COLUMNS = ["label", "kind", "place_type", "matched_alias", "iri", *FACETS[1:]]

FACET_HELP = {
    "kind": "What the record is: actor, project, network, funding, strategy, area (strategy area), place",
    "type": "Actor type (key of a concept in scheme aktorstyp, e.g. kommun, statligt-bolag)",
    "lan": "Län by SCB code (e.g. 04); a record counts for the län of every place it works in",
    "kommun": "Kommun by SCB code (e.g. 1480)",
    "service": "What an actor offers (key of a concept in scheme tjanst, e.g. finansiering)",
    "audience": "Target group (key of a concept in scheme malgrupp, e.g. alla-foretag)",
    "strategy": "Strategy (scheme key, e.g. vg2020) or strategy area (scheme/key); broader areas "
                "include their sub-areas",
    "funding": "Funding scheme key (e.g. eruf); a scheme includes its sub-schemes",
}


def search_arguments() -> dict:
    """``q`` and the facet filters of this request (a facet may be given several times)."""
    filters = {name: request.args.getlist(name) for name in FACETS if request.args.getlist(name)}
    return {"q": request.args.get("q"), "filters": filters, "lang": g.get("lang", "sv")}


def csv_rows(result: dict) -> list[dict]:
    """Hits as flat rows, each facet value written as its label."""
    labels = {name: {item["value"]: item["label"] for item in items}
              for name, items in result["facets"].items()}
    rows = []
    for hit in result["items"]:
        row = {"label": hit["label"], "kind": hit["kind_label"], "place_type": hit["place_type"],
               "matched_alias": hit["matched_alias"], "iri": hit["iri"]}
        for name, values in hit["facets"].items():
            row[name] = [labels[name].get(value, value) for value in values]
        rows.append(row)
    return rows


@bp.get("/search")
def search_records():
    offset, limit, sort = list_parameters()
    arguments = search_arguments()
    if wanted_format(["json", "csv"], "json") == "csv":
        result = search(get_store(), offset=0, limit=None, sort=sort, **arguments)
        return csv_response(csv_rows(result), CSV_COLUMNS, "aktorskartan-sok")
    response = jsonify(search(get_store(), offset=offset, limit=limit, sort=sort, **arguments))
    response.headers["Vary"] = "Accept"
    return response


def _parameter(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


FACET_ITEM = {"type": "object", "required": ["value", "label", "count"], "properties": {
    "value": {"type": "string"}, "label": {"type": "string"}, "count": {"type": "integer"},
    "label_lang": {"type": "string", "description": "the language of the label (sv where it has no English)"},
    "selected": {"type": "boolean"}}}
HIT = {"type": "object", "required": ["iri", "path", "kind", "label", "facets"], "properties": {
    "iri": {"type": "string", "format": "iri"},
    "path": {"type": "string", "description": "Where this service shows the record"},
    "kind": {"type": "string"}, "kind_label": {"type": "string"},
    "place_type": {"type": ["string", "null"], "description": "kommun, lan, delregion or land"},
    "label": {"type": "string"},
    "matched_alias": {"type": ["string", "null"], "description": "The alias the query matched"},
    "match": {"type": ["string", "null"], "enum": ["exact", "prefix", "word", "alias", "description", None]},
    "facets": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
}}
RESULT = {"type": "object", "required": ["query", "total", "offset", "limit", "items", "facets"],
          "properties": {
              "query": {"type": "object", "properties": {
                  "q": {"type": "string"}, "filters": {"type": "object"}, "sort": {"type": "string"}}},
              "total": {"type": "integer"}, "offset": {"type": "integer"},
              "limit": {"type": ["integer", "null"]},
              "items": {"type": "array", "items": HIT},
              "facets": {"type": "object", "additionalProperties": {"type": "array", "items": FACET_ITEM}},
          }}
ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}

PATHS = {
    "/search": {"get": {
        "summary": "Search and browse actors, projects, networks, funding, strategies and places",
        "description": "Case- and accent-insensitive; aliases count. Ranked exact, label prefix, word "
                       "prefix, alias, description; Swedish alphabetical order within a rank. Facet "
                       "values may be repeated (any of them), facets combine (all of them). An empty "
                       "q browses.",
        "operationId": "search",
        "parameters": [
            _parameter("q", "What to look for", {"type": "string", "maxLength": MAX_QUERY_LENGTH}),
            *(_parameter(name, FACET_HELP[name], {"type": "array", "items": {"type": "string"}})
              for name in FACETS),
            _parameter("offset", "Hits to skip", {"type": "integer", "minimum": 0, "default": 0}),
            _parameter("limit", "Hits per page", {"type": "integer", "minimum": 1, "maximum": 500,
                                                  "default": 50}),
            _parameter("sort", "relevance (default) or label (Swedish alphabetical order)",
                       {"type": "string", "enum": list(SORTS)}),
            _parameter("format", "json (default) or csv (every hit, for Swedish Excel)",
                       {"type": "string", "enum": ["json", "csv"]}),
        ],
        "responses": {
            "200": {"description": "One page of hits with facet counts, or every hit as CSV",
                    "content": {"application/json": {"schema": RESULT}, "text/csv": {}}},
            "400": {"description": "A parameter that cannot be used; details name it", "content": ERROR},
        },
    }},
}
