"""``/api/v1/openapi.json``: the OpenAPI 3 document, gathered from each module's ``PATHS``."""

from __future__ import annotations

from flask import jsonify, request

from api.v1 import bp

__all__ = ["PATHS", "document"]

PATHS = {
    "/openapi.json": {"get": {
        "summary": "This OpenAPI document",
        "operationId": "openapi",
        "responses": {"200": {"description": "OpenAPI 3.1 document",
                              "content": {"application/json": {}}}},
    }},
}

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["status", "message"], "properties": {
        "status": {"type": "integer"},
        "message": {"type": "string"},
        "details": {"type": "array", "items": {}},
    }}},
}


def document(server_url: str = "/api/v1") -> dict:
    """The OpenAPI document for every route of the JSON API."""
    from api.v1 import DESCRIBED

    paths = {}
    for module in DESCRIBED:
        for path, item in module.PATHS.items():  # one path's operations may come from two modules
            paths.setdefault(path, {}).update(item)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Aktörskartan API", "version": "1",
                 "description": "Actors, projects, networks, funding schemes, strategy areas and places "
                                "of the Swedish business-support system, each with its sources."},
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": {"Error": ERROR},
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(document(request.script_root + bp.url_prefix))
