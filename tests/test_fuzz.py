"""Schemathesis against the OpenAPI document: every operation it describes, read and write, called
on a real server on loopback with generated parameters and bodies, answers without a server error
and as the document says (status code, content type, headers, response schema).

The server is the service over a store of this module's own (the bundled data, loaded as
``aktorskarta load`` does) with a curator token made by ``aktorskarta token create``, so nothing
the fuzzer writes can reach the session's shared store. Hypothesis runs a bounded, derandomised
number of examples per operation, so CI runs the same cases each time.

The document is built by :func:`api.v1.openapi.document` at collection (schemathesis's lazy
``from_fixture`` loader breaks on pytest 9); the first test checks that the server serves exactly
that document. Which checks run, and why not the others, is said at :data:`CHECKS`.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import DEFAULTS, create_app
from api.v1.openapi import document
from graph.derived import derive
from graph.store import GraphStore
from tests.conftest import APP_CONFIG, serving

ROOT = Path(__file__).resolve().parent.parent
#: Examples per operation: with derandomize, the same ones each run; the whole file stays near a
#: minute and a half on two cores (a write that passes validation takes a second or more).
EXAMPLES = 20
#: No server error, and every answer as documented. Not run: positive_data_acceptance and
#: negative_data_rejection, which judge the *requests* a route accepts: a filter must name a
#: record that exists (a 400 naming the parameter otherwise), which no schema can list, and an
#: empty query value means "not given" (forms send empty fields). The schemathesis default
#: checks that send requests of their own (unsupported methods, missing auth) are replaced by the
#: explicit tests below, which assert the same things once, quickly.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_dict(document(), config=schemathesis.Config.from_str(
    "[phases.coverage]\nenabled = false\n"))  # every schema-defined edge case: minutes, not seconds


@pytest.fixture(scope="module")
def fuzzed_store(tmp_path_factory, nquads) -> Path:
    """A store of this module's own holding the bundled data and its network metrics."""
    location = tmp_path_factory.mktemp("fuzz") / "store"
    GraphStore.open(location).replace(nquads, derive=derive)
    gc.collect()  # release the writer's lock; the service opens the store itself
    return location


@pytest.fixture(scope="module")
def token(fuzzed_store) -> str:
    """A curator's bearer token for the fuzzed store, made as a curator would make one."""
    made = subprocess.run([sys.executable, "-m", "api.cli", "--store", str(fuzzed_store), "token", "create",
                           "fuzz", "--role", "curator"], cwd=ROOT, capture_output=True, text=True, check=True)
    return made.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def fuzzed_server(fuzzed_store, token):
    """The service on loopback over the module's store (the token is made before it starts)."""
    app = create_app({"STORE": str(fuzzed_store), **APP_CONFIG, "ACCESS_LOG": False})
    with serving(app) as url:
        yield url


def test_the_server_serves_the_document_that_is_fuzzed(fuzzed_server):
    served = requests.get(f"{fuzzed_server}/api/v1/openapi.json", timeout=30).json()
    assert served == document("/api/v1")
    assert schema.raw_schema == document()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case, fuzzed_server, token):
    case.call_and_validate(base_url=f"{fuzzed_server}/api/v1", checks=CHECKS,
                           headers={"Authorization": f"Bearer {token}"})


def test_a_method_a_route_does_not_have_is_405_naming_those_it_has(fuzzed_server):
    # RFC 9110: a 405 carries Allow. The error handler used to drop werkzeug's header.
    for path in ("/api/v1/search", "/api/v1/openapi.json", "/api/v1/actors"):
        answer = requests.request("TRACE", f"{fuzzed_server}{path}", timeout=30)
        assert answer.status_code == 405
        assert answer.json()["error"]["status"] == 405
        assert {"GET", "HEAD", "OPTIONS"} <= {m.strip() for m in answer.headers["Allow"].split(",")}
    answer = requests.delete(f"{fuzzed_server}/api/v1/actors", timeout=30)
    assert "POST" in answer.headers["Allow"] and "DELETE" not in answer.headers["Allow"]


def test_the_documented_page_size_bound_is_the_servers(fuzzed_server):
    bound = DEFAULTS["API_MAX_PER_PAGE"]
    limit = next(p for p in document()["paths"]["/actors"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == bound
    assert requests.get(f"{fuzzed_server}/api/v1/actors?limit={bound}", timeout=30).status_code == 200
    too_many = requests.get(f"{fuzzed_server}/api/v1/actors?limit={bound + 1}", timeout=30)
    assert too_many.status_code == 400 and too_many.json()["error"]["details"] == [{"parameter": "limit"}]


@pytest.mark.parametrize(("value", "collapsed"),
                         [("true", True), ("ja", True), ("false", False), ("", False)])
def test_collapse_is_true_or_false(fuzzed_server, value, collapsed):
    answer = requests.get(f"{fuzzed_server}/api/v1/network/ecosystem?collapse={value}", timeout=60)
    assert answer.status_code == 200 and answer.json()["collapsed"] is collapsed


def test_a_collapse_that_is_neither_true_nor_false_is_refused_naming_it(fuzzed_server):
    # It was read as false: a typo showed the whole network without saying so.
    answer = requests.get(f"{fuzzed_server}/api/v1/network/ecosystem?collapse=null", timeout=60)
    assert answer.status_code == 400 and answer.json()["error"]["details"] == [{"parameter": "collapse"}]


def test_writes_without_a_token_are_refused(fuzzed_server):
    answer = requests.post(f"{fuzzed_server}/api/v1/actors", json={"reason": "fuzz"}, timeout=30)
    assert answer.status_code == 401
