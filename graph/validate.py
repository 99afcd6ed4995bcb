"""Validation beyond single cells: the source's printed totals, and the SHACL shapes.

Most shapes run in pyshacl. The constraints that look at a whole neighbourhood of a node (does a
project have an owner, does it start before it ends, are its dates valid) run instead as one
query each over the whole dataset on an in-memory Oxigraph store (:data:`DATASET_CONSTRAINTS`):
pyshacl ran them once per project through rdflib, a quarter of the validation time of a
generated national-scale root.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.paths import Path
from rdflib.plugins.sparql import prepareQuery

from graph.build import ONTOLOGY, Build
from graph.datafiles import Catalog, Record
from graph.named_queries import select
from graph.namespaces import DCTERMS, PROV, RDF, RDFS, entity, graph_iri
from graph.problems import VIOLATION, WARNING, Problem
from graph.store import GraphStore
from graph.swedish import format_number
from graph.tables import CHECKSUM_MEASURES

__all__ = ["DATASET_CONSTRAINTS", "SHAPES", "change_problems", "check_totals", "dataset_problems",
           "shacl_problems", "warnings_graph"]

SHAPES = ONTOLOGY / "shapes.ttl"
RDFS_SUBCLASS = RDFS.subClassOf

#: The constraints run as one query over the whole dataset: the named query
#: (``graph/queries/<name>.rq``) → the message of each row it returns (``{variable}`` is the
#: row's value). A row names the node at fault (``?this``) and, for a property, the property
#: (``?path``). Each is a violation.
DATASET_CONSTRAINTS = {
    "validate_start_before_end": "starts ({start}) after it ends ({end})",
    "validate_project_owner": "has no owner (a participant with role projektagare or ansvarig)",
    "validate_project_dates": "'{value}' is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD, "
                              "typed xsd:gYear, xsd:gYearMonth or xsd:date)",
    "validate_hierarchy_depth": "lies more than three steps down its hierarchy (or in a cycle); "
                                "the service follows at most three",
}


def check_totals(catalog: Catalog) -> list[Problem]:
    """Every printed total (``checksums.csv``) must equal the sum of the data it totals."""
    projects = {r["key"]: r for r in catalog.records("projects.csv")}
    grants = defaultdict(list)
    for grant in catalog.records("grants.csv"):
        grants[grant["project"]].append(grant)
    problems = []
    for checksum in catalog.records("checksums.csv"):
        measure = checksum["measure"]
        if measure not in CHECKSUM_MEASURES:
            problems.append(Problem(checksum.file, checksum.row, "measure",
                                    f"'{measure}' is not one of {', '.join(CHECKSUM_MEASURES)}"))
            continue
        actual = _measure(measure, checksum, projects, grants)
        if actual != checksum["expected"]:
            problems.append(Problem(
                checksum.file, checksum.row, "expected",
                f"{checksum['label']}: the source prints {checksum['expected']}, "
                f"the data adds up to {actual} ({measure} over {len(checksum['projects'])} projects)"))
    return problems


def _measure(measure: str, checksum: Record, projects: dict,
             grants: dict[str, list[Record]]) -> Decimal:
    """The data's value of ``measure`` over the checksum's projects (``grants``: by project)."""
    keys = checksum["projects"]
    if measure == "count":
        return Decimal(len(keys))
    if measure == "total_cost":
        return sum((projects[k].get("total_cost", Decimal(0)) for k in keys if k in projects),
                   Decimal(0))
    # Each project's grants once, even where the checksum lists the project twice.
    return sum((g.get("amount", Decimal(0)) for key in dict.fromkeys(keys) for g in grants.get(key, ())
                if g["scheme"] == checksum.get("scheme", g["scheme"])),
               Decimal(0))


@lru_cache(maxsize=256)
def _prepared(text: str, namespaces: tuple[tuple[str, str], ...]):
    return prepareQuery(text, initNs=dict(namespaces))


class _ParseOnceGraph(Graph):
    """A graph whose SPARQL queries are parsed once per distinct text.

    pyshacl runs each SHACL-SPARQL constraint once per focus node, and rdflib parses the text
    anew each time: on the bundled data that parsing was 80 % of validation (11.5 s against
    1.9 s with this graph, same results).
    """

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            namespaces = kwargs.pop("initNs", None) or {}
            key = tuple(sorted((prefix, str(iri)) for prefix, iri in namespaces.items()))
            query_object = _prepared(query_object, key)
        return super().query(query_object, *args, **kwargs)


class _UnionView(_ParseOnceGraph):
    """The union of all the graphs of a dataset, read in place, as one graph (read-only).

    pyshacl validates a dataset graph by graph, and rdflib's own union of a dataset was four
    times slower to validate; copying every triple into a graph of its own took 2.4 s of 15 s
    on a generated 86 000-quad root, and as much memory again. A store asked for a pattern
    with no context answers from all its graphs, each triple once.
    """

    def __init__(self, dataset: Dataset):
        super().__init__(store=dataset.store)

    def triples(self, triple):
        subject, predicate, obj = triple
        if isinstance(predicate, Path):  # evaluated by rdflib through the plain patterns below
            yield from super().triples(triple)
            return
        for found, _ in self.store.triples((subject, predicate, obj), context=None):
            yield found

    def __len__(self) -> int:
        return len(self.store)

    def add(self, triple):
        raise TypeError("the union of a dataset's graphs is read-only")


def shacl_problems(build: Build) -> tuple[list[Problem], Graph]:
    """Validate the union of all graphs against ``ontology/shapes.ttl`` and
    :data:`DATASET_CONSTRAINTS`.

    Returns:
        The problems, each pointing at the data row its focus node came from, and the SHACL
        results graph (for keeping the warnings with the data).
    """
    shapes = _shapes()
    # inplace: no inference is run, so nothing is added; it keeps our graph class in use.
    _, results, _ = shacl_validate(_UnionView(build.dataset), shacl_graph=shapes, inference="none",
                                   allow_warnings=True, meta_shacl=False, inplace=True)
    store = GraphStore.memory()
    store.replace(build.nquads())
    return _sorted(dataset_problems(store, build.origins) + _result_problems(results, build.origins)), results


def change_problems(quads: list[ox.Quad], focus: Iterable[str]) -> tuple[list[Problem], Graph]:
    """Validate a dataset as a curator's change left it, where only the ``focus`` nodes changed
    (a restored backup: every node).

    The shapes are checked on the ``focus`` nodes (the rest was valid before and did not
    change) within their neighbourhood: their statements and those of the nodes up to two
    links away (what ``sh:class``, ``sh:node`` and the SPARQL constraints look at), with the
    class hierarchy. :data:`DATASET_CONSTRAINTS` run on the whole dataset, one query each.
    (pyshacl's own ``focus_nodes`` option also skips the nested ``sh:node`` checks of values
    outside the list, so an actor type from no scheme would pass.) Problems name the node at
    fault: no data row made it.
    """
    store = GraphStore.memory()
    store.replace(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    focus = {URIRef(node) for node in focus}
    _, results, _ = shacl_validate(_neighbourhood(store, focus), shacl_graph=_shapes(), inference="none",
                                   allow_warnings=True, meta_shacl=False, inplace=True)
    for result in list(results.subjects(RDF.type, SH.ValidationResult)):
        if results.value(result, SH.focusNode) not in focus:
            results.remove((result, None, None))
    return _sorted(dataset_problems(store, {}) + _result_problems(results, {})), results


def _neighbourhood(store: GraphStore, focus: set[URIRef], hops: int = 2) -> Graph:
    """The statements of ``focus`` and of the nodes up to ``hops`` links away, and every
    ``rdfs:subClassOf``, as one rdflib graph."""
    by_subject: dict[ox.NamedNode, list[ox.Quad]] = defaultdict(list)
    subclass = ox.NamedNode(str(RDFS_SUBCLASS))
    graph = _ParseOnceGraph()
    for quad in store.quads():
        by_subject[quad.subject].append(quad)
        if quad.predicate == subclass:
            graph.add((_rdflib(quad.subject), _rdflib(quad.predicate), _rdflib(quad.object)))
    seen, frontier = set(), {ox.NamedNode(str(node)) for node in focus}
    for _ in range(hops + 1):
        seen |= frontier
        following = set()
        for node in frontier:
            for quad in by_subject.get(node, ()):
                graph.add((_rdflib(quad.subject), _rdflib(quad.predicate), _rdflib(quad.object)))
                if isinstance(quad.object, ox.NamedNode) and quad.object not in seen:
                    following.add(quad.object)
        frontier = following
    return graph


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def _rdflib(term):
    """A pyoxigraph term as rdflib's (the data has no blank nodes)."""
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return URIRef(term.value)


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.row or 0, p.message))


def _result_problems(results: Graph, origins: dict) -> list[Problem]:
    return [_problem(origins, results, result) for result in results.subjects(RDF.type, SH.ValidationResult)]


def dataset_problems(store: GraphStore, origins: dict) -> list[Problem]:
    """The rows of each of :data:`DATASET_CONSTRAINTS` over the whole of ``store`` (Oxigraph).

    Args:
        origins: node → (file, row) it was read from, to point at the row to fix.
    """
    return [_row_problem(origins, row, message)
            for name, message in DATASET_CONSTRAINTS.items() for row in select(store, name)]


def _row_problem(origins: dict, row: dict, message: str) -> Problem:
    """A problem as pyshacl would report it for ``row``'s focus node (and property)."""
    focus = URIRef(row["this"])
    file, row_number = origins.get(focus, (str(focus), None))
    field = _short(row["path"]) if row.get("path") else None
    return Problem(file, row_number, field, f"{_short(focus)}: {message.format(**row)}", VIOLATION)


def _problem(origins: dict, results: Graph, result) -> Problem:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    message = _messages(results, result).get("en", "does not conform")
    severity = WARNING if results.value(result, SH.resultSeverity) == SH.Warning else VIOLATION
    file, row = origins.get(focus, (str(focus), None))
    field = _short(path) if isinstance(path, URIRef) else None
    return Problem(file, row, field, f"{_short(focus)}: {message}", severity)


def _messages(results: Graph, result) -> dict[str, str]:
    """A result's messages by language (``{"en": ..., "sv": ...}``), numbers written the
    language's way (``580 000``, ``580,000``).

    pyshacl fills in a SPARQL constraint's message templates but drops their language tags, so
    each message is matched back to the tagged template it was made from; untagged is English.
    """
    templates = [template for template in results.objects(results.value(result, SH.sourceConstraint),
                                                          SH.message) if template.language]
    found = {}
    for message in results.objects(result, SH.resultMessage):
        language, text = _worded(str(message), templates)
        found[message.language or language] = text
    return found


_PLACEHOLDER = re.compile(r"\\\{\\\?\w+\\\}")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _worded(message: str, templates: list[Literal]) -> tuple[str, str]:
    """The language of the template ``message`` was made from (``{?value}`` stands for any
    text), and the message with each number filled in written that language's way.

    >>> _worded("ett 3000", [Literal("one {?x}", lang="en"), Literal("ett {?x}", lang="sv")])
    ('sv', 'ett 3\\xa0000')
    >>> _worded("(580000 SEK)", [Literal("({?value} {?currency})", lang="en")])
    ('en', '(580,000 SEK)')
    """
    for template in templates:
        escaped = re.escape(str(template))
        pattern = _PLACEHOLDER.sub("(.*)", escaped)
        match = re.fullmatch(pattern, message, flags=re.DOTALL)
        if match:
            return template.language, _filled(str(template), match.groups(), template.language)
    return "en", message


def _filled(template: str, values: tuple[str, ...], language: str) -> str:
    """``template`` with its placeholders replaced by ``values`` in order, numbers worded."""
    found = iter(values)
    return re.sub(r"\{\?\w+\}", lambda _: _number(next(found), language), template)


def _number(value: str, language: str) -> str:
    return format_number(value, language) if _NUMBER.fullmatch(value) else value


def _short(iri) -> str:
    text = str(iri)
    return text.split("/id/", 1)[-1] if "/id/" in text else text.rsplit("/", 1)[-1]


def warnings_graph(build: Build, results: Graph) -> Graph:
    """The SHACL warnings as a named graph, so that every record can show its data warnings."""
    graph = build.dataset.graph(graph_iri("validation"))
    iri = graph.identifier
    graph.add((iri, RDF.type, PROV.Entity))
    graph.add((iri, DCTERMS.title, Literal("Datavarningar från valideringen", lang="sv")))
    graph.add((iri, PROV.wasDerivedFrom, entity("document", "aktorskartan-ontology")))
    graph.add((iri, DCTERMS.source, entity("document", "aktorskartan-ontology")))
    for result in results.subjects(RDF.type, SH.ValidationResult):
        if results.value(result, SH.resultSeverity) != SH.Warning:
            continue
        focus = results.value(result, SH.focusNode)
        messages = _messages(results, result)
        digest = hashlib.sha1(f"{focus} {messages.get('en')}".encode()).hexdigest()[:16]
        warning = entity("warning", digest)
        graph.add((warning, RDF.type, SH.ValidationResult))
        graph.add((warning, SH.focusNode, focus))
        graph.add((warning, SH.resultSeverity, SH.Warning))
        for language, message in messages.items():
            graph.add((warning, SH.resultMessage, Literal(message, lang=language)))
    return graph

