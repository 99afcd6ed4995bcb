"""A client for a remote SPARQL 1.1 Query + Update endpoint (and its Graph Store, if it has one).

Answers come back as pyoxigraph objects (``QuerySolutions``, ``QueryBoolean``, a list of
``Triple``), exactly what the embedded store returns, so code above the store cannot tell them
apart. Every failure of the remote becomes one of three errors that say what happened:
:class:`~graph.errors.RemoteUnavailable` (down, refusing, answering with an error),
:class:`~graph.errors.RemoteTimeout` (no answer in time) and
:class:`~graph.errors.PartialAnswer` (the server says, or the row count shows, that it cut the
answer short: Virtuoso answers HTTP 206, or even 200 with ``X-SQL-State: S1TAT``, when a time limit stops a
query, and cuts results at ``ResultSetMaxRows`` without saying so). A partial answer is never passed on as a
complete one.

HTTP Digest (Virtuoso's ``/sparql-auth``) and Basic authentication are both understood; the
connection is kept alive between requests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from graph.errors import PartialAnswer, QueryError, RemoteTimeout, RemoteUnavailable

__all__ = ["Endpoint", "SparqlClient", "Triples", "endpoint_from_url"]

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
#: Virtuoso's SQL state for "returning incomplete results" (sent with HTTP 206, or even with 200).
INCOMPLETE = "S1TAT"
#: Seconds past a query's own time limit that the server gets to say it stopped the query.
GRACE_SECONDS = 5.0
#: How much of a server's error text is repeated in ours.
MESSAGE_CHARS = 300


@dataclass(frozen=True)
class Endpoint:
    """Where the remote store is and how to log in.

    Attributes:
        url: the SPARQL Query + Update endpoint, without credentials.
        graph_store: the SPARQL 1.1 Graph Store endpoint for bulk uploads (None: upload with
            ``INSERT DATA`` in batches, which every Update endpoint accepts, but slowly).
        max_rows: the most rows the server returns before it cuts silently (Virtuoso's
            ``ResultSetMaxRows``); an answer of exactly this many rows is treated as cut.
    """

    url: str
    user: str | None = None
    password: str | None = None
    graph_store: str | None = None
    timeout: float = 60.0
    max_rows: int = 1_000_000


def endpoint_from_url(location: str, **options) -> Endpoint:
    """An :class:`Endpoint` from a URL that may carry ``user:password@``.

    >>> endpoint_from_url("http://kim:hemligt@127.0.0.1:8890/sparql-auth").user
    'kim'
    >>> endpoint_from_url("http://kim:hemligt@127.0.0.1:8890/sparql-auth").url
    'http://127.0.0.1:8890/sparql-auth'
    """
    parts = urlsplit(location)
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    user, password = options.pop("user", None), options.pop("password", None)
    options = {name: value for name, value in options.items() if value is not None}
    return Endpoint(url, parts.username or user, parts.password or password, **options)


class SparqlClient:
    """Queries, updates and uploads over HTTP to one remote store."""

    def __init__(self, endpoint: Endpoint):
        self.endpoint = endpoint
        self._session = requests.Session()
        self._auth_kind: type | None = None

    def select(self, query: str, default_graphs=(), named_graphs=(), timeout: float | None = None):
        """Run a SELECT or ASK query: ``QuerySolutions`` or ``QueryBoolean``."""
        form = self._query_form(query, default_graphs, named_graphs, timeout)
        response = self._post(self.endpoint.url, form, RESULTS_JSON, timeout)
        results = ox.parse_query_results(_canonical_booleans(response.content), ox.QueryResultsFormat.JSON)
        if isinstance(results, ox.QuerySolutions):
            return _complete(results, self.endpoint.max_rows)
        return results

    def construct(self, query: str, default_graphs=(), named_graphs=(),
                  timeout: float | None = None) -> Triples:
        """Run a CONSTRUCT or DESCRIBE query: its triples."""
        form = self._query_form(query, default_graphs, named_graphs, timeout)
        response = self._post(self.endpoint.url, form, N_TRIPLES, timeout)
        triples = Triples(quad.triple for quad in ox.parse(response.content, ox.RdfFormat.N_TRIPLES))
        if len(triples) >= self.endpoint.max_rows:
            raise PartialAnswer(f"the remote store returned {len(triples)} triples, its cap: "
                                "the answer may be cut short")
        return triples

    def update(self, update: str, timeout: float | None = None) -> None:
        """Run a SPARQL Update request."""
        self._post(self.endpoint.url, {"update": update}, RESULTS_JSON, timeout)

    def upload(self, graph: str, ntriples: bytes, timeout: float | None = None) -> None:
        """Add N-Triples to ``graph`` through the Graph Store Protocol (POST adds, never replaces)."""
        self._post(self.endpoint.graph_store, ntriples, "*/*", timeout, params={"graph-uri": graph},
                   content_type=N_TRIPLES)

    def close(self) -> None:
        self._session.close()

    # --- HTTP ------------------------------------------------------------------------------

    @staticmethod
    def _query_form(query: str, default_graphs, named_graphs, timeout: float | None) -> dict:
        """The protocol's form; ``timeout`` (milliseconds) is Virtuoso's own limit on the query,
        which others ignore (past it Virtuoso answers HTTP 206, refused here as partial)."""
        form = {"query": query, "default-graph-uri": list(default_graphs),
                "named-graph-uri": list(named_graphs)}
        if timeout:
            form["timeout"] = str(int(timeout * 1000))
        return form

    def _post(self, url: str, data, accept: str, timeout: float | None, params=None,
              content_type: str | None = None) -> requests.Response:
        headers = {"Accept": accept}
        if content_type:
            headers["Content-Type"] = content_type
        try:
            response = self._send(url, data, headers, timeout, params)
        except requests.Timeout as error:
            raise RemoteTimeout(f"the remote store at {self.endpoint.url} did not answer within "
                                f"{timeout or self.endpoint.timeout:g} seconds") from error
        except requests.RequestException as error:
            raise RemoteUnavailable(f"the remote store at {self.endpoint.url} cannot be reached: "
                                    f"{_reason(error)}") from error
        return _checked(response, self.endpoint.url)

    def _send(self, url, data, headers, timeout, params) -> requests.Response:
        seconds = timeout + GRACE_SECONDS if timeout else self.endpoint.timeout
        response = self._session.post(url, data=data, headers=headers, params=params,
                                      timeout=(5.0, seconds), auth=self._auth())
        if response.status_code == 401 and self._auth_kind is None and self.endpoint.user:
            self._auth_kind = _auth_kind(response.headers.get("WWW-Authenticate", ""))
            response = self._session.post(url, data=data, headers=headers, params=params,
                                          timeout=(5.0, seconds), auth=self._auth())
        return response

    def _auth(self):
        if self._auth_kind is None or not self.endpoint.user:
            return None
        return self._auth_kind(self.endpoint.user, self.endpoint.password or "")


def _auth_kind(challenge: str) -> type:
    """Digest if the server asks for it (Virtuoso does), else Basic."""
    return HTTPDigestAuth if challenge.lower().startswith("digest") else HTTPBasicAuth


def _checked(response: requests.Response, url: str) -> requests.Response:
    if response.status_code == 206 or response.headers.get("X-SQL-State") == INCOMPLETE:
        reason = (response.headers.get("X-SQL-Message") or "a time limit was reached")[:MESSAGE_CHARS]
        raise PartialAnswer(f"the remote store at {url} answered only in part "
                            f"(HTTP {response.status_code}: {reason})")
    if response.status_code in (401, 403):
        raise RemoteUnavailable(f"the remote store at {url} refused the credentials "
                                f"(HTTP {response.status_code})")
    if response.status_code == 400:
        raise QueryError(f"the remote store refused the query: {response.text.strip()[:MESSAGE_CHARS]}")
    if response.status_code >= 400:
        raise RemoteUnavailable(f"the remote store at {url} answered HTTP {response.status_code}: "
                                f"{response.text.strip()[:MESSAGE_CHARS]}")
    return response


def _canonical_booleans(body: bytes) -> bytes:
    """``"0"``/``"1"`` of type xsd:boolean written ``"false"``/``"true"``, as the embedded store
    writes them (Virtuoso keeps booleans as numbers).

    >>> _canonical_booleans(b'"datatype": "http://www.w3.org/2001/XMLSchema#boolean", "value": "0"')
    b'"datatype": "http://www.w3.org/2001/XMLSchema#boolean", "value": "false"'
    """
    return _BOOLEAN.sub(lambda match: match.group(1) + (b"true" if match.group(2) == b"1" else b"false")
                        + b'"', body)


_BOOLEAN = re.compile(rb'("datatype"\s*:\s*"http://www\.w3\.org/2001/XMLSchema#boolean"\s*,'
                      rb'\s*"value"\s*:\s*")([01])"')


def _complete(results: ox.QuerySolutions, max_rows: int) -> _Solutions:
    solutions = _Solutions(results.variables, list(results))
    if len(solutions) >= max_rows:
        raise PartialAnswer(f"the remote store returned {len(solutions)} rows, its cap: "
                            "the answer may be cut short")
    return solutions


class Triples(list):
    """The triples of a remote CONSTRUCT or DESCRIBE (pyoxigraph's ``QueryTriples`` cannot be made)."""


class _Solutions(list):
    """Solutions read whole (so the row count is known), with their ``variables``."""

    def __init__(self, variables, rows):
        super().__init__(rows)
        self.variables = variables


def _reason(error: Exception) -> str:
    text = str(error)
    return "connection refused" if "refused" in text.lower() else text[:MESSAGE_CHARS]
