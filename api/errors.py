"""Errors to HTTP, in one place, with one JSON shape.

``{"error": {"status": 404, "message": "...", "details": [...]}}``; pages get the same message
in an HTML page.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from graph.errors import (
    InvalidParameter,
    NotFoundError,
    NotPrepared,
    PartialAnswer,
    QueryError,
    QueryTimeout,
    RemoteTimeout,
    RemoteUnavailable,
    ResultTooLarge,
    ServiceBusy,
)

__all__ = ["ApiError", "error_response", "init_app", "wants_json"]

#: Domain error → HTTP status.
STATUS = {
    NotFoundError: 404,
    InvalidParameter: 400,
    QueryError: 400,
    ResultTooLarge: 422,
    QueryTimeout: 503,
    ServiceBusy: 503,
    NotPrepared: 503,
    RemoteUnavailable: 502,
    PartialAnswer: 502,
    RemoteTimeout: 504,
}


class ApiError(Exception):
    """An HTTP error raised by a view, with a message and optional details."""

    def __init__(self, status: int, message: str, details: list | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details or []


def wants_json() -> bool:
    """True for API and SPARQL clients, False for a browser asking for a page."""
    if request.path.startswith("/api/"):
        return True
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) != "text/html"


def error_response(status: int, message: str, details: list | None = None) -> Response:
    """The one error shape, as JSON for programs and as a page for browsers."""
    if wants_json():
        response = jsonify({"error": {"status": status, "message": message, "details": details or []}})
    else:
        response = Response(render_template("error.html", status=status, message=message,
                                            details=details or []), mimetype="text/html")
    response.status_code = status
    return response


def _status_of(error: Exception) -> int | None:
    for kind, status in STATUS.items():
        if isinstance(error, kind):
            return status
    return None


def init_app(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(error: ApiError):
        return error_response(error.status, error.message, error.details)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        response = error_response(error.code or 500, error.description or error.name)
        # Werkzeug's own headers (a 405's Allow, which RFC 9110 requires) go with the new body.
        response.headers.extend((name, value) for name, value in error.get_headers()
                                if name.lower() != "content-type")
        return response

    for kind in STATUS:
        app.register_error_handler(kind, _domain_error)


def _domain_error(error: Exception):
    details = [{"parameter": error.parameter}] if isinstance(error, InvalidParameter) else []
    response = error_response(_status_of(error), str(error), details)
    if isinstance(error, QueryTimeout | ServiceBusy | RemoteTimeout | RemoteUnavailable):
        response.headers["Retry-After"] = "5"
    return response
