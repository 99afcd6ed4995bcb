"""``/sparql``: the SPARQL 1.1 Protocol, read-only, time-limited, never leaving the store.

``GET /sparql?query=``, ``POST`` form-encoded (``query=``) or ``POST`` with the query as an
``application/sparql-query`` body; ``default-graph-uri`` / ``named-graph-uri`` set the dataset
(only the store's named graphs). Tables (SELECT, ASK) come as SPARQL JSON, XML, CSV or TSV,
graphs (CONSTRUCT, DESCRIBE) as Turtle, N-Triples, JSON-LD or RDF/XML, chosen by ``Accept`` or
``format=``. Updates are refused (400). A browser gets a Swedish query page with examples, and
results as an HTML table.

This module only translates HTTP: :mod:`graph.sparql_guard` decides what is refused,
:mod:`graph.sparql_runner` runs queries in worker processes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request

from api.errors import STATUS, ApiError
from api.language import pick
from api.storage import get_store
from graph.errors import InvalidParameter, NotFoundError, QueryError, QueryRefused
from graph.namespaces import PREFIXES, local_path
from graph.remote_store import RemoteStore
from graph.sparql_examples import example, examples
from graph.sparql_guard import CheckedQuery, check
from graph.sparql_results import GRAPH_FORMATS, TABLE_FORMATS, Answer, ResultFormat, serialize
from graph.sparql_runner import DEFAULT_MEMORY_MB, QueryRunner, dataset_of

__all__ = ["EXTENSION", "bp", "get_runner"]

bp = Blueprint("sparql", __name__)

EXTENSION = "aktorskarta.sparql"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
#: ``format=`` names a browser form may send for either kind of query.
GRAPH_ALIASES = {"json": "jsonld", "xml": "rdfxml"}
HTML_FORMATS = ("html",)


@bp.record_once
def _create_runner(state) -> None:
    """One worker pool per app; its processes start with the first query."""
    config = state.app.config
    state.app.extensions[EXTENSION] = QueryRunner(
        workers=config["SPARQL_WORKERS"], timeout=config["SPARQL_TIMEOUT"],
        max_rows=config["SPARQL_MAX_ROWS"],
        memory_mb=config.get("SPARQL_MAX_MEMORY_MB", DEFAULT_MEMORY_MB))


def get_runner() -> QueryRunner:
    """The app's query worker pool."""
    return current_app.extensions[EXTENSION]


@dataclass(frozen=True)
class ProtocolRequest:
    """The SPARQL Protocol parameters of one request."""

    query: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    format: str | None

    @property
    def sets_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    """Answer a SPARQL query, or show the query page to a browser that sent none."""
    protocol = _protocol_request()
    if protocol.query is None or not protocol.query.strip():
        if _browser_wants_page(protocol):
            return _page()
        raise ApiError(400, "missing 'query': send ?query=..., a form field query=..., or a POST "
                            "body of type application/sparql-query")
    _check_size(protocol.query)
    if _wants_html(protocol):
        return _html_answer(protocol)
    checked = _check(protocol)
    chosen, media_type = _choose_format(checked, protocol.format)
    answer = _run(protocol, checked, chosen.name)
    response = Response(answer.body, mimetype=media_type or answer.media_type)
    response.headers["Vary"] = "Accept"
    return response


# --- the protocol --------------------------------------------------------------------------


def _protocol_request() -> ProtocolRequest:
    """Read query and dataset from the query string, a form, or an application/sparql-query body."""
    fields = request.args
    query = request.args.get("query")
    if request.method == "POST":
        kind = request.mimetype
        if kind == "application/sparql-update":
            raise QueryRefused("SPARQL Update is not accepted: this endpoint is read-only")
        if kind in FORM_TYPES:
            fields = request.values
            query = request.form.get("query", query)
        elif kind == "application/sparql-query":
            query = request.get_data(as_text=True)
        else:
            raise ApiError(415, "send the query form-encoded (query=...) or as application/sparql-query")
    if "update" in request.values:
        raise QueryRefused("SPARQL Update is not accepted: this endpoint is read-only")
    return ProtocolRequest(query, tuple(fields.getlist("default-graph-uri")),
                           tuple(fields.getlist("named-graph-uri")), fields.get("format") or None)


def _check_size(query: str) -> None:
    limit = current_app.config["SPARQL_MAX_QUERY_BYTES"]
    if len(query.encode("utf-8")) > limit:
        raise ApiError(413, f"the query is longer than {limit} bytes, the most this endpoint accepts")


def _check(protocol: ProtocolRequest) -> CheckedQuery:
    known = [graph.value for graph in get_store().named_graphs()]
    return check(protocol.query, known, protocol.default_graphs, protocol.named_graphs)


def _run(protocol: ProtocolRequest, checked: CheckedQuery, format_name: str) -> Answer:
    """Run the query in a worker over the store's current generation (or on the remote store)."""
    store = get_store()
    if isinstance(store, RemoteStore):
        return _run_remote(store, protocol, checked, format_name)
    dataset = {}
    if protocol.sets_dataset:  # the protocol's dataset overrides the query's FROM
        dataset = {"default_graphs": protocol.default_graphs, "named_graphs": protocol.named_graphs}
    return get_runner().run(protocol.query, dataset_of(get_store()), format_name,
                            union=not checked.names_dataset, **dataset)


def _run_remote(store: RemoteStore, protocol: ProtocolRequest, checked: CheckedQuery,
                format_name: str) -> Answer:
    """Send the checked query to the remote store, over the protocol's dataset, else the query's
    own FROM graphs (checked to be the store's), else all the store's graphs."""
    config = current_app.config
    _parse(protocol.query)
    if protocol.sets_dataset:
        default, named = protocol.default_graphs, protocol.named_graphs
    elif checked.names_dataset:
        default, named = checked.from_graphs, checked.from_named_graphs
    else:
        default = named = [graph.value for graph in store.named_graphs()]
    result = store.query_dataset(protocol.query, default, named, timeout=config["SPARQL_TIMEOUT"])
    return serialize(result, format_name, config["SPARQL_MAX_ROWS"])


def _parse(query: str) -> None:
    """Refuse a query the embedded engine cannot parse, with its message, before it is sent on
    (the same error as on the embedded store; evaluated over an empty store, so at once)."""
    try:
        ox.Store().query(query)
    except SyntaxError as error:
        raise QueryError(str(error)) from error


def _choose_format(checked: CheckedQuery, asked: str | None) -> tuple[ResultFormat, str | None]:
    """The answer's format, from ``format=`` or ``Accept`` (406 if nothing offered fits).

    Returns the format and the media type to answer with (the one the client named).
    """
    offered = GRAPH_FORMATS if checked.returns_graph else TABLE_FORMATS
    if asked:
        name = GRAPH_ALIASES.get(asked, asked) if checked.returns_graph else asked
        for result_format in offered:
            if result_format.name == name:
                return result_format, None
        choices = ", ".join(f.name for f in offered)
        raise InvalidParameter("format", f"'{asked}' is not offered for {checked.form}; use one of {choices}")
    by_media_type = {media: f for f in offered for media in reversed(f.media_types)}
    media_types = [media for f in offered for media in f.media_types]
    if not request.accept_mimetypes:  # no Accept header: anything goes
        return offered[0], None
    best = request.accept_mimetypes.best_match(media_types)
    if best is None:
        raise ApiError(406, f"none of the accepted media types is offered for {checked.form}; "
                            f"offered: {', '.join(media_types)}")
    return by_media_type[best], best


# --- the page for browsers -----------------------------------------------------------------


def _prefers_html() -> bool:
    accept = request.accept_mimetypes
    return bool(accept) and accept.best_match(["application/sparql-results+json", "text/html"]) == "text/html"


def _browser_wants_page(protocol: ProtocolRequest) -> bool:
    return protocol.format in HTML_FORMATS or _prefers_html() or "example" in request.args


def _wants_html(protocol: ProtocolRequest) -> bool:
    return protocol.format in HTML_FORMATS or (protocol.format is None and _prefers_html())


def _page(query: str | None = None, status: int = 200, **context) -> Response:
    """The query page: form, examples, graphs; with a result or an error if there is one."""
    if query is None:
        name = request.args.get("example")
        try:
            query = example(name).text if name else examples()[0].text
        except NotFoundError as error:
            return _page("", 404, error=str(error))
    graphs = [graph.value for graph in get_store().named_graphs()]
    chosen = request.values.get("format") or "html"
    body = render_template("sparql.html", query=query, examples=examples(), graphs=graphs,
                           formats=_FORM_FORMATS, chosen=chosen, **context)
    return Response(body, status=status, mimetype="text/html")


#: The result formats the page's form offers: (name, Swedish label, English label).
_FORM_FORMATS = (
    ("html", "Tabell på sidan", "Table on the page"),
    ("json", "SPARQL JSON (grafer: JSON-LD)", "SPARQL JSON (graphs: JSON-LD)"),
    ("xml", "SPARQL XML (grafer: RDF/XML)", "SPARQL XML (graphs: RDF/XML)"),
    ("csv", "CSV", "CSV"),
    ("tsv", "TSV", "TSV"),
    ("turtle", "Turtle (grafer)", "Turtle (graphs)"),
    ("ntriples", "N-Triples (grafer)", "N-Triples (graphs)"),
)


def _html_answer(protocol: ProtocolRequest) -> Response:
    """Run the query and show its answer on the page; errors are shown there too."""
    try:
        checked = _check(protocol)
        answer = _run(protocol, checked, "turtle" if checked.returns_graph else "json")
    except tuple(STATUS) as error:
        return _page(protocol.query, _status_of(error), error=str(error))
    if checked.returns_graph:
        return _page(protocol.query, graph=answer.body.decode("utf-8"), size=answer.size)
    return _page(protocol.query, table=_table(json.loads(answer.body)), size=answer.size)


def _status_of(error: Exception) -> int:
    return next((status for kind, status in STATUS.items() if isinstance(error, kind)), 500)


def _table(results: dict) -> dict:
    """SPARQL JSON results as a table for the page: columns and rows of display cells."""
    if "boolean" in results:
        return {"columns": ["ASK"], "rows": [[{"text": pick("ja", "yes") if results["boolean"]
                                               else pick("nej", "no")}]]}
    columns = results["head"]["vars"]
    rows = [[_cell(binding.get(column)) for column in columns]
            for binding in results["results"]["bindings"]]
    return {"columns": columns, "rows": rows}


def _cell(term: dict | None) -> dict:
    """One term for display: text, a link if the IRI is ours, a note with language or datatype."""
    if term is None:
        return {"text": ""}
    if term["type"] == "uri":
        return {"text": term["value"], "href": local_path(term["value"])}
    if term["type"] == "bnode":
        return {"text": "_:" + term["value"]}
    if term["type"] == "triple":
        parts = (_cell(term["value"][part])["text"] for part in ("subject", "predicate", "object"))
        return {"text": "<< " + " ".join(parts) + " >>"}
    note = "@" + term["xml:lang"] if "xml:lang" in term else _short(term.get("datatype"))
    return {"text": term["value"], "note": note}


def _short(iri: str | None) -> str | None:
    """A datatype IRI as a prefixed name where a prefix fits (xsd:decimal)."""
    if iri is None:
        return None
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri
