"""SPARQL answers as bytes: result tables (JSON, XML, CSV, TSV) and graphs (Turtle, N-Triples, ...).

Rows are counted while they are read, so an answer larger than the cap is refused
(:class:`~graph.errors.ResultTooLarge`) before anything is written, never cut short. Tables are
written as SPARQL JSON here and converted to the other table formats by pyoxigraph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from graph.errors import ResultTooLarge
from graph.namespaces import PREFIXES
from graph.sparql_client import Triples

__all__ = [
    "GRAPH_FORMATS",
    "TABLE_FORMATS",
    "Answer",
    "ResultFormat",
    "format_named",
    "serialize",
    "term_json",
]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"


@dataclass(frozen=True)
class ResultFormat:
    """A way to write an answer: its short name (``?format=``), media type and accepted aliases."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


@dataclass(frozen=True)
class Answer:
    """A serialized answer: the bytes, their media type, and how many rows or triples they hold."""

    body: bytes
    media_type: str
    size: int


#: Formats for SELECT and ASK, the default first.
TABLE_FORMATS = (
    ResultFormat("json", "application/sparql-results+json", ("application/json",)),
    ResultFormat("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    ResultFormat("csv", "text/csv"),
    ResultFormat("tsv", "text/tab-separated-values"),
)
#: Formats for CONSTRUCT and DESCRIBE, the default first.
GRAPH_FORMATS = (
    ResultFormat("turtle", "text/turtle", ("application/x-turtle",)),
    ResultFormat("ntriples", "application/n-triples", ("text/plain",)),
    ResultFormat("jsonld", "application/ld+json", ("application/json",)),
    ResultFormat("rdfxml", "application/rdf+xml", ("application/xml", "text/xml")),
)
_TABLE_WRITERS = {
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_GRAPH_WRITERS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def format_named(name: str, graph: bool) -> ResultFormat:
    """The table format (or graph format if ``graph``) called ``name``.

    >>> format_named("tsv", graph=False).media_type
    'text/tab-separated-values'
    """
    for result_format in GRAPH_FORMATS if graph else TABLE_FORMATS:
        if result_format.name == name:
            return result_format
    raise ValueError(f"no {'graph' if graph else 'result'} format '{name}'")


def serialize(result, name: str, max_rows: int) -> Answer:
    """Write a query result (solutions, triples or a boolean) in the format called ``name``.

    Raises:
        ResultTooLarge: more than ``max_rows`` rows or triples.
        ValueError: ``name`` is not a format for this kind of result.
    """
    if isinstance(result, ox.QueryTriples | Triples):
        return _graph_answer(_capped(result, max_rows, "triples"), name)
    if isinstance(result, ox.QueryBoolean):
        table = json.dumps({"head": {}, "boolean": bool(result)})
        return _table_answer(table, name, 1)
    variables = [variable.value for variable in result.variables]
    rows = _capped(result, max_rows, "rows")
    table = json.dumps({"head": {"vars": variables},
                        "results": {"bindings": [_binding(row, variables) for row in rows]}},
                       ensure_ascii=False)
    return _table_answer(table, name, len(rows))


def _capped(items: Iterable, max_rows: int, what: str) -> list:
    """Up to ``max_rows`` items; more is refused rather than cut short."""
    taken = list(islice(items, max_rows + 1))
    if len(taken) > max_rows:
        raise ResultTooLarge(f"the answer has more than {max_rows} {what}, the most this endpoint "
                             "returns; narrow the query (LIMIT, FILTER) or page with LIMIT/OFFSET")
    return taken


def _table_answer(table: str, name: str, size: int) -> Answer:
    result_format = format_named(name, graph=False)
    body = table.encode("utf-8")
    if name != "json":
        body = ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(
            format=_TABLE_WRITERS[name])
    return Answer(body, result_format.media_type, size)


def _graph_answer(triples: list, name: str) -> Answer:
    result_format = format_named(name, graph=True)
    prefixes = PREFIXES if name == "turtle" else None
    triples = sorted(set(triples), key=_triple_order)  # one block per subject in Turtle
    body = ox.serialize(triples, format=_GRAPH_WRITERS[name], prefixes=prefixes)
    return Answer(body, result_format.media_type, len(triples))


def _triple_order(triple: ox.Triple) -> tuple[str, str, str]:
    return str(triple.subject), str(triple.predicate), str(triple.object)


def _binding(row: ox.QuerySolution, variables: list[str]) -> dict:
    return {name: term_json(row[name]) for name in variables if row[name] is not None}


def term_json(term) -> dict:
    """One RDF term as in the SPARQL 1.1 JSON results format.

    >>> term_json(ox.Literal("SMART", language="sv"))
    {'type': 'literal', 'value': 'SMART', 'xml:lang': 'sv'}
    >>> term_json(ox.Literal("3920000", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")))
    {'type': 'literal', 'value': '3920000', 'datatype': 'http://www.w3.org/2001/XMLSchema#decimal'}
    """
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    return _literal_json(term)


def _literal_json(literal: ox.Literal) -> dict:
    encoded = {"type": "literal", "value": literal.value}
    if literal.language:
        encoded["xml:lang"] = literal.language
        if literal.direction is not None:
            encoded["its:dir"] = str(literal.direction.value).lower()
    elif literal.datatype.value not in (XSD_STRING, RDF_LANG_STRING, RDF_DIR_LANG_STRING):
        encoded["datatype"] = literal.datatype.value
    return encoded
