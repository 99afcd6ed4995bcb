"""The Flask service: JSON API, SPARQL endpoint, linked data and Swedish pages over the graph.

``create_app`` builds everything; nothing is built at import time.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from api import access_log, charts, errors, language, limits, rate_limit, security, storage

__all__ = ["DEFAULTS", "create_app"]

WEB = Path(__file__).resolve().parent.parent / "web"

#: Settings and their defaults; ``create_app(config)`` and ``AKTORSKARTA_*`` variables override them.
DEFAULTS = {
    "STORE": None,  # store location; None: --store, $AKTORSKARTA_STORE, else ./store
    "SPARQL_TIMEOUT": 10.0,  # seconds a /sparql query may run before it is stopped
    "SPARQL_MAX_ROWS": 10_000,  # rows (or triples) a /sparql answer may have; more is refused
    "SPARQL_WORKERS": 2,  # processes that run /sparql queries side by side
    "SPARQL_MAX_MEMORY_MB": 2048,  # heap one /sparql worker may use; more stops the query
    "SPARQL_MAX_QUERY_BYTES": 64 * 1024,
    "MAX_CONTENT_LENGTH": 1024 * 1024,  # request bodies above this are refused with 413
    "MAX_FORM_PARTS": 100,  # parts a multipart form may have; more is refused with 413
    "READ_ONLY": False,  # refuse every change through the write API (503)
    "TOKENS": None,  # the token file; None: tokens.json beside the store, or $AKTORSKARTA_TOKENS
    "API_MAX_PER_PAGE": 500,
    "JSON_SORT_KEYS": False,
    "WARM_CACHES": False,  # build search index, finder library, network snapshot ahead of requests
    "RATE_LIMIT_IN_FLIGHT": 4,  # heavy requests one client may have in progress; more get 429 (0: off)
    "RATE_LIMIT_RETRY_AFTER": 1,  # seconds a refused client is told to wait (Retry-After)
    "RATE_LIMIT_TRUSTED_PROXIES": [],  # proxy addresses whose X-Forwarded-For names the client
    "ACCESS_LOG": True,  # one line per request on the aktorskarta.access logger (stderr)
}


def create_app(config: dict | None = None) -> Flask:
    """Build the service.

    Args:
        config: settings overriding :data:`DEFAULTS` (tests pass ``{"STORE": path}``).
    """
    app = Flask(__name__, template_folder=str(WEB / "templates"), static_folder=str(WEB / "static"))
    app.config.update(DEFAULTS)
    app.config.from_prefixed_env("AKTORSKARTA")
    app.config.update(config or {})
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    access_log.init_app(app)
    storage.init_app(app)
    errors.init_app(app)
    rate_limit.init_app(app)
    language.init_app(app)
    security.init_app(app)
    charts.init_app(app)
    limits.init_app(app)
    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from api import linked_data, network, pages, sparql, v1

    for module in (v1, sparql, linked_data, pages, network):
        app.register_blueprint(module.bp)
