"""The service as a whole: the factory, serving, errors, language, headers, OpenAPI in step."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request

from api import create_app
from api.v1.openapi import document

OPENAPI_PARAMETER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


def api_routes(app) -> set[str]:
    """The JSON API's routes, written the OpenAPI way (``/actors/{key}``)."""
    return {OPENAPI_PARAMETER.sub(r"{\1}", rule.rule.removeprefix("/api/v1"))
            for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")}


def test_openapi_describes_exactly_the_routes(app, client):
    described = client.get("/api/v1/openapi.json").get_json()
    assert described["openapi"].startswith("3.")
    assert set(described["paths"]) == api_routes(app)


def test_every_described_operation_has_responses_and_an_id():
    ids = []
    for path, item in document()["paths"].items():
        for method, operation in item.items():
            assert method in {"get", "post", "patch", "delete", "head"}, (path, method)
            assert operation.get("responses"), path
            ids.append(operation["operationId"])
    assert len(ids) == len(set(ids))


def test_unknown_api_path_gives_the_json_error_shape(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert error["status"] == 404 and error["message"]


def test_an_unknown_page_is_an_html_page_in_swedish(client):
    response = client.get("/no-such-page", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert 'lang="sv"' in response.text and "Det finns inget här" in response.text


def test_english_on_request_and_remembered(client):
    english = client.get("/no-such-page?lang=en", headers={"Accept": "text/html"})
    assert 'lang="en"' in english.text and "Skip to content" in english.text
    assert "lang=en" in english.headers["Set-Cookie"]
    again = client.get("/no-such-page", headers={"Accept": "text/html"})
    assert 'lang="en"' in again.text


def test_html_responses_carry_the_security_headers(client):
    response = client.get("/no-such-page", headers={"Accept": "text/html"})
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_an_oversized_body_is_refused_before_it_is_read(served_store):
    small = create_app({"STORE": str(served_store), "MAX_CONTENT_LENGTH": 100})
    response = small.test_client().post("/sparql", data="x" * 1000,
                                        headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    assert response.get_json()["error"]["status"] == 413


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_runs_a_production_server_on_the_store(served_store):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "--store", str(served_store), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        body, headers = _fetch_when_up(f"http://127.0.0.1:{port}/api/v1/openapi.json")
        assert b'"openapi"' in body
        assert headers["Server"] == "aktorskarta"  # waitress's ident, not Werkzeug's dev server
    finally:
        server.terminate()
        server.communicate(timeout=10)


def _fetch_when_up(url: str, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read(), response.headers
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
