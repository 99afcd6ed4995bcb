"""Turn a catalog of records into an RDF dataset: one named graph per source document, one for
the register of organisations, one for reference places and one for the ontology.

Every node gets an IRI minted from keys (:mod:`graph.namespaces`); there are no blank nodes, so
two builds of the same data give the same dataset. ``origins`` remembers which file and row each
node came from, so that validation can point a person to the row to fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml
from rdflib import Dataset, Graph, Literal, URIRef

from graph.datafiles import Catalog, Record, Source
from graph.namespaces import (
    AK,
    DCTERMS,
    PROV,
    RDF,
    SCHEMA,
    SKOS,
    XSD,
    entity,
    graph_iri,
)
from graph.places import place_triples
from graph.records import TRIPLES, Triple, actor_triples, date_literal, mention_triples

__all__ = ["ONTOLOGY", "Build", "add_source", "build_dataset", "ontology_graph", "ox_term"]

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_FILES = ("aktorskartan.ttl", "labels.ttl", "schemes.ttl", "actor_categories.ttl", "finder.ttl",
                  "strategy_links.ttl")


@dataclass
class Build:
    """The dataset and, for each node minted from a data row, where that row is."""

    dataset: Dataset
    origins: dict[URIRef, tuple[str, int]] = field(default_factory=dict)

    def nquads(self) -> bytes:
        """The dataset as N-Quads, written by pyoxigraph (the store's own parser reads it)."""
        quads = (ox.Quad(ox_term(s), ox_term(p), ox_term(o), ox_term(g))
                 for s, p, o, g in self.dataset.quads((None, None, None, None)))
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def ox_term(term):
    """An rdflib term as a pyoxigraph term (the graph has no blank nodes)."""
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = term.datatype and ox.NamedNode(str(term.datatype))
        return ox.Literal(str(term), datatype=datatype) if datatype else ox.Literal(str(term))
    return ox.NamedNode(str(term))


def ontology_graph() -> Graph:
    """The vocabulary and the project's concept schemes, parsed from ``ontology/``."""
    graph = Graph()
    for name in ONTOLOGY_FILES:
        graph.parse(ONTOLOGY / name, format="turtle")
    return graph


def build_dataset(catalog: Catalog, ontology: Graph) -> Build:
    """Build the whole dataset from a catalog that has passed the reference checks."""
    build = Build(Dataset())
    _add_ontology(build, ontology)
    _add_reference(build, catalog)
    _add_register(build, catalog)
    pref_labels = {record["key"]: record["pref_label"] for record in catalog.actors}
    for source in catalog.sources:
        add_source(build, source, pref_labels)
    return build


def _describe_graph(graph: Graph, document: URIRef, title: str) -> None:
    iri = graph.identifier
    graph.add((iri, RDF.type, PROV.Entity))
    graph.add((iri, DCTERMS.title, Literal(title, lang="sv")))
    graph.add((iri, PROV.wasDerivedFrom, document))
    graph.add((iri, DCTERMS.source, document))


def _document(graph: Graph, key: str, title: str, facts: dict[URIRef, object]) -> URIRef:
    iri = entity("document", key)
    graph.add((iri, RDF.type, AK.SourceDocument))
    graph.add((iri, RDF.type, PROV.Entity))
    graph.add((iri, DCTERMS.title, Literal(title, lang="sv")))
    graph.add((iri, SKOS.prefLabel, Literal(title, lang="sv")))
    graph.add((iri, DCTERMS.identifier, Literal(key)))
    for predicate, value in facts.items():
        graph.add((iri, predicate, value))
    return iri


def _add_ontology(build: Build, ontology: Graph) -> None:
    graph = build.dataset.graph(graph_iri("ontology"))
    for triple in ontology:
        graph.add(triple)
    document = _document(graph, "aktorskartan-ontology",
                         "Aktörskartans vokabulär och begreppsscheman",
                         {DCTERMS.publisher: Literal("Aktörskartan")})
    _describe_graph(graph, document, "Aktörskartans vokabulär och begreppsscheman")
    for kind in (SKOS.Concept, SKOS.ConceptScheme):
        for subject in ontology.subjects(RDF.type, kind):
            graph.add((subject, DCTERMS.source, document))


def _add_reference(build: Build, catalog: Catalog) -> None:
    graph = build.dataset.graph(graph_iri("reference"))
    about = yaml.safe_load((catalog.reference_folder / "about.yaml").read_text(encoding="utf-8"))
    document = _document(graph, "reference", about["title"], {
        DCTERMS.publisher: Literal(about["publisher"]),
        DCTERMS.license: Literal(about["license"]),
        DCTERMS.issued: date_literal(str(about["issued"])),
    })
    _describe_graph(graph, document, about["title"])
    locators = {}
    for table in ("counties", "municipalities", "delregioner"):
        locators[table] = entity("document", f"reference/{table}")
        graph.add((locators[table], RDF.type, AK.Locator))
        graph.add((locators[table], SKOS.prefLabel, Literal(f"{table}.csv", lang="sv")))
        graph.add((locators[table], DCTERMS.isPartOf, document))
    for triple in place_triples(catalog.reference, locators):
        graph.add(triple)


def _add_register(build: Build, catalog: Catalog) -> None:
    graph = build.dataset.graph(graph_iri("register"))
    title = "Aktörsregistret: en nod per organisation, sammanställt ur källdokumenten"
    iri = graph.identifier
    graph.add((iri, RDF.type, PROV.Entity))
    graph.add((iri, DCTERMS.title, Literal(title, lang="sv")))
    for source in catalog.sources:
        graph.add((iri, PROV.wasDerivedFrom, entity("document", source.key)))
    for record in catalog.actors:
        _emit(build, graph, record, actor_triples(record))


def add_source(build: Build, source: Source, pref_labels: dict[str, str]) -> None:
    """A source document's graph: its description and the triples of its tables' records.

    Args:
        pref_labels: actor key → preferred label (a mention with another spelling is an altLabel).
    """
    graph = build.dataset.graph(graph_iri(source.key))
    meta = source.meta
    document = _document(graph, source.key, meta["title"], {
        DCTERMS.issued: date_literal(meta["issued"]),
        DCTERMS.type: Literal(meta["kind"]),
        DCTERMS.description: Literal(meta["description"], lang="sv"),
        AK.sha256: Literal(source.sha256),
    })
    for publisher in meta["publisher"].split("|"):
        graph.add((document, DCTERMS.publisher, entity("actor", publisher.strip())))
    if meta.get("url"):
        graph.add((document, SCHEMA.url, Literal(meta["url"], datatype=XSD.anyURI)))
    _describe_graph(graph, document, meta["title"])
    for table, records in source.tables.items():
        for record in records:
            if table == "mentions.csv":
                triples = mention_triples(record, pref_labels)
            else:
                triples = TRIPLES[table](record)
            _emit(build, graph, record, triples)


def _emit(build: Build, graph: Graph, record: Record, triples: Iterator[Triple]) -> None:
    """Add a record's triples; the record's own node (the first subject) remembers its row."""
    for number, (subject, predicate, obj) in enumerate(triples):
        graph.add((subject, predicate, obj))
        if number == 0:
            build.origins.setdefault(subject, (record.file, record.row))
