"""Turn a catalog of records into an RDF dataset: one named graph per source document, one for
the register of organisations, one for reference places and one for the ontology.

Every node gets an IRI minted from keys (:mod:`graph.namespaces`); there are no blank nodes, so
two builds of the same data give the same dataset. ``origins`` remembers which file and row each
node came from, so that validation can point a person to the row to fix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml
from rdflib import Dataset, Graph, Literal, URIRef

from graph.datafiles import Catalog, Record, Source
from graph.namespaces import (
    AK,
    DCTERMS,
    EURIO,
    ORG,
    PROV,
    RDF,
    SCHEMA,
    SKOS,
    XSD,
    concept,
    entity,
    graph_iri,
    place,
    scheme,
)
from graph.places import place_triples

__all__ = ["ONTOLOGY", "Build", "build_dataset", "ontology_graph"]

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_FILES = ("aktorskartan.ttl", "schemes.ttl")

Triple = tuple[URIRef, URIRef, object]


@dataclass
class Build:
    """The dataset and, for each node minted from a data row, where that row is."""

    dataset: Dataset
    origins: dict[URIRef, tuple[str, int]] = field(default_factory=dict)

    def nquads(self) -> bytes:
        """The dataset as N-Quads, written by pyoxigraph (the store's own parser reads it)."""
        quads = (ox.Quad(_ox(s), _ox(p), _ox(o), _ox(g))
                 for s, p, o, g in self.dataset.quads((None, None, None, None)))
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def _ox(term):
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
        _add_source(build, source, pref_labels)
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
        DCTERMS.issued: _date(str(about["issued"])),
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


def _add_source(build: Build, source: Source, pref_labels: dict[str, str]) -> None:
    graph = build.dataset.graph(graph_iri(source.key))
    meta = source.meta
    document = _document(graph, source.key, meta["title"], {
        DCTERMS.issued: _date(meta["issued"]),
        DCTERMS.type: Literal(meta["kind"]),
        DCTERMS.description: Literal(meta["description"], lang="sv"),
        AK.sha256: Literal(source.sha256),
    })
    for publisher in meta["publisher"].split("|"):
        graph.add((document, DCTERMS.publisher, entity("actor", publisher.strip())))
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


# --- one function per table ----------------------------------------------------------------


def _date(value: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)


def _sv(text: str) -> Literal:
    return Literal(text, lang="sv")


def _locator(record: Record) -> URIRef:
    return entity("document", f"{record.source}/{record['locator']}")


def _optional(subject: URIRef, predicate: URIRef, value, make=_sv) -> Iterator[Triple]:
    if value is not None:
        yield subject, predicate, make(value)


def _each(subject: URIRef, predicate: URIRef, values, make) -> Iterator[Triple]:
    for value in values or []:
        yield subject, predicate, make(value)


def _amount(subject: URIRef, value, currency: str | None) -> Iterator[Triple]:
    yield subject, RDF.type, EURIO.MonetaryAmount
    yield subject, EURIO.value, Literal(value, datatype=XSD.decimal)
    yield subject, EURIO.currency, Literal(currency or "SEK")


def actor_triples(r: Record) -> Iterator[Triple]:
    iri = entity("actor", r["key"])
    yield iri, RDF.type, ORG.Organization
    if r.get("legal_entity"):
        yield iri, RDF.type, ORG.FormalOrganization
    if r.get("unit_of"):
        yield iri, RDF.type, ORG.OrganizationalUnit
        yield iri, ORG.unitOf, entity("actor", r["unit_of"])
    yield iri, SKOS.prefLabel, _sv(r["pref_label"])
    yield iri, DCTERMS.identifier, Literal(r["key"])
    yield iri, ORG.classification, concept("aktorstyp", r["type"])
    yield from _optional(iri, ORG.subOrganizationOf, r.get("parent"), lambda k: entity("actor", k))
    yield from _each(iri, SCHEMA.location, r.get("based_in"), place)
    yield from _each(iri, SCHEMA.areaServed, r.get("area_served"), place)
    yield from _optional(iri, SCHEMA.url, r.get("homepage"), lambda u: Literal(u, datatype=XSD.anyURI))
    yield from _optional(iri, SKOS.editorialNote, r.get("note"))


def locator_triples(r: Record) -> Iterator[Triple]:
    iri = entity("document", f"{r.source}/{r['key']}")
    yield iri, RDF.type, AK.Locator
    yield iri, SKOS.prefLabel, _sv(r["label"])
    yield iri, DCTERMS.isPartOf, entity("document", r.source)
    yield from _optional(iri, AK.page, r.get("page"), Literal)


def mention_triples(r: Record, pref_labels: dict[str, str]) -> Iterator[Triple]:
    """A spelling as printed is an altLabel unless it is the preferred label itself."""
    iri = entity("actor", r["actor"])
    if r["label"] != pref_labels.get(r["actor"]):
        yield iri, SKOS.altLabel, _sv(r["label"])
    yield iri, DCTERMS.source, _locator(r)


def scheme_triples(r: Record) -> Iterator[Triple]:
    iri = scheme(r["key"])
    yield iri, RDF.type, SKOS.ConceptScheme
    yield iri, SKOS.prefLabel, _sv(r["label"])
    yield from _optional(iri, SKOS.prefLabel, r.get("label_en"), lambda t: Literal(t, lang="en"))
    yield from _optional(iri, DCTERMS.publisher, r.get("publisher"), lambda k: entity("actor", k))
    yield from _optional(iri, SCHEMA.startDate, r.get("period_start"), _date)
    yield from _optional(iri, SCHEMA.endDate, r.get("period_end"), _date)
    yield from _each(iri, DCTERMS.references, r.get("references"), lambda k: entity("document", k))
    yield iri, DCTERMS.source, _locator(r)


def concept_triples(r: Record) -> Iterator[Triple]:
    iri = concept(r["scheme"], r["key"])
    yield iri, RDF.type, SKOS.Concept
    yield iri, SKOS.inScheme, scheme(r["scheme"])
    yield iri, SKOS.prefLabel, _sv(r["label"])
    yield from _optional(iri, SKOS.prefLabel, r.get("label_en"), lambda t: Literal(t, lang="en"))
    yield from _optional(iri, SKOS.notation, r.get("notation"), Literal)
    yield from _optional(iri, SKOS.definition, r.get("definition"))
    if r.get("broader"):
        yield iri, SKOS.broader, concept(r["scheme"], r["broader"])
    else:
        yield iri, SKOS.topConceptOf, scheme(r["scheme"])
    yield iri, DCTERMS.source, _locator(r)


def document_triples(r: Record) -> Iterator[Triple]:
    iri = entity("document", r["key"])
    yield iri, RDF.type, AK.Document
    yield iri, DCTERMS.title, _sv(r["title"])
    yield iri, SKOS.prefLabel, _sv(r["title"])
    yield from _optional(iri, DCTERMS.type, r.get("kind"), Literal)
    yield from _optional(iri, DCTERMS.publisher, r.get("publisher"), lambda k: entity("actor", k))
    yield from _optional(iri, DCTERMS.issued, r.get("issued"), _date)
    yield from _optional(iri, AK.decidedBy, r.get("decided_by"), lambda k: entity("actor", k))
    yield from _optional(iri, SCHEMA.url, r.get("url"), lambda u: Literal(u, datatype=XSD.anyURI))
    yield iri, DCTERMS.source, _locator(r)


def _subject_concept(scoped: tuple[str, str]) -> URIRef:
    return concept(*scoped)


def project_triples(r: Record) -> Iterator[Triple]:
    iri = entity("project", r["key"])
    yield iri, RDF.type, EURIO.Project
    yield iri, SKOS.prefLabel, _sv(r["label"])
    yield iri, DCTERMS.identifier, Literal(r["key"])
    yield from _optional(iri, AK.kind, r.get("kind"), Literal)
    yield from _optional(iri, AK.status, r.get("status"), Literal)
    yield from _optional(iri, DCTERMS.description, r.get("description"))
    yield from _optional(iri, EURIO.startDate, r.get("start"), _date)
    yield from _optional(iri, EURIO.endDate, r.get("end"), _date)
    yield from _optional(iri, AK.timePlan, r.get("timeplan"))
    if r.get("total_cost") is not None:
        cost = URIRef(f"{iri}/total-cost")
        yield iri, EURIO.hasTotalCost, cost
        yield from _amount(cost, r["total_cost"], r.get("currency"))
    yield from _each(iri, DCTERMS.subject, r.get("subjects"), _subject_concept)
    yield from _each(iri, DCTERMS.spatial, r.get("places"), place)
    yield from _each(iri, DCTERMS.audience, r.get("audience"), lambda k: concept("malgrupp", k))
    yield from _each(iri, AK.stage, r.get("stages"), lambda k: concept("skede", k))
    yield from _optional(iri, DCTERMS.isPartOf, r.get("part_of"), lambda k: entity("project", k))
    if r.get("owner_stated") is False:
        yield iri, AK.ownerStated, Literal(False)
    yield iri, DCTERMS.source, _locator(r)


def participant_triples(r: Record) -> Iterator[Triple]:
    project = entity("project", r["project"])
    iri = URIRef(f"{project}/party/{r['actor']}/{r['role']}")
    yield iri, RDF.type, EURIO.OrganisationRole
    yield project, EURIO.hasInvolvedParty, iri
    yield iri, EURIO.isRoleOf, entity("actor", r["actor"])
    yield iri, DCTERMS.type, concept("roll", r["role"])
    yield from _optional(iri, AK.note, r.get("note"))
    yield iri, DCTERMS.source, _locator(r)


def funding_scheme_triples(r: Record) -> Iterator[Triple]:
    iri = entity("funding", r["key"])
    yield iri, RDF.type, EURIO.FundingScheme
    yield iri, SKOS.prefLabel, _sv(r["label"])
    yield iri, DCTERMS.type, concept("finansieringstyp", r["type"])
    yield from _optional(iri, EURIO.isSubSchemeOf, r.get("parent"), lambda k: entity("funding", k))
    yield from _optional(iri, AK.managedBy, r.get("managed_by"), lambda k: entity("actor", k))
    yield iri, DCTERMS.source, _locator(r)


def grant_triples(r: Record) -> Iterator[Triple]:
    iri = entity("grant", r["key"])
    yield iri, RDF.type, EURIO.Grant
    yield entity("project", r["project"]), EURIO.isFundedBy, iri
    yield from _optional(iri, EURIO.hasFundingScheme, r.get("scheme"), lambda k: entity("funding", k))
    yield from _optional(iri, AK.funder, r.get("funder"), lambda k: entity("actor", k))
    yield from _optional(iri, EURIO.isDisbursedBy, r.get("disbursed_by"), lambda k: entity("actor", k))
    yield from _optional(iri, DCTERMS.date, r.get("year"), _date)
    if r.get("amount") is not None:
        amount = URIRef(f"{iri}/amount")
        yield iri, EURIO.hasFundingAmount, amount
        yield from _amount(amount, r["amount"], r.get("currency"))
    yield iri, DCTERMS.source, _locator(r)


def checksum_triples(r: Record) -> Iterator[Triple]:
    iri = entity("checksum", r["key"])
    yield iri, RDF.type, AK.PrintedTotal
    yield iri, SKOS.prefLabel, _sv(r["label"])
    yield iri, AK.measure, Literal(r["measure"])
    yield iri, AK.expected, Literal(r["expected"], datatype=XSD.decimal)
    yield from _optional(iri, EURIO.hasFundingScheme, r.get("scheme"), lambda k: entity("funding", k))
    yield from _each(iri, AK.totalOf, r["projects"], lambda k: entity("project", k))
    yield iri, DCTERMS.source, _locator(r)


def network_triples(r: Record) -> Iterator[Triple]:
    iri = entity("network", r["key"])
    yield iri, RDF.type, ORG.OrganizationalCollaboration
    yield iri, SKOS.prefLabel, _sv(r["label"])
    yield from _optional(iri, AK.kind, r.get("kind"), Literal)
    yield from _optional(iri, DCTERMS.description, r.get("description"))
    yield from _optional(iri, AK.coordinator, r.get("coordinator"), lambda k: entity("actor", k))
    yield from _each(iri, DCTERMS.spatial, r.get("places"), place)
    yield from _each(iri, DCTERMS.subject, r.get("subjects"), _subject_concept)
    yield iri, DCTERMS.source, _locator(r)


def membership_triples(r: Record) -> Iterator[Triple]:
    role = r.get("role") or "medlem"
    iri = URIRef(f"{entity('network', r['network'])}/member/{r['actor']}/{role}")
    yield iri, RDF.type, ORG.Membership
    yield iri, ORG.member, entity("actor", r["actor"])
    yield iri, ORG.organization, entity("network", r["network"])
    yield iri, ORG.role, concept("roll", role)
    yield iri, DCTERMS.source, _locator(r)


def service_triples(r: Record) -> Iterator[Triple]:
    iri = entity("service", r["key"])
    yield iri, RDF.type, SCHEMA.Service
    yield iri, SCHEMA.provider, entity("actor", r["provider"])
    yield from _optional(iri, SKOS.prefLabel, r.get("label"))
    yield from _each(iri, SCHEMA.serviceType, r["services"], lambda k: concept("tjanst", k))
    yield from _each(iri, DCTERMS.audience, r.get("audience"), lambda k: concept("malgrupp", k))
    yield from _each(iri, AK.stage, r.get("stages"), lambda k: concept("skede", k))
    yield from _each(iri, SCHEMA.areaServed, r.get("area_served"), place)
    yield from _optional(iri, DCTERMS.description, r.get("description"))
    yield iri, DCTERMS.source, _locator(r)


def activity_triples(r: Record) -> Iterator[Triple]:
    iri = entity("activity", r["key"])
    yield iri, RDF.type, AK.Activity
    yield iri, SKOS.prefLabel, _sv(r["label"])
    yield iri, DCTERMS.isPartOf, entity("project", r["project"])
    yield from _optional(iri, SCHEMA.startDate, r.get("start"), _date)
    yield from _optional(iri, SCHEMA.endDate, r.get("end"), _date)
    yield from _optional(iri, AK.timePlan, r.get("timeplan"))
    yield from _optional(iri, DCTERMS.description, r.get("description"))
    yield iri, DCTERMS.source, _locator(r)


def _prefixed(item: tuple[str, str]) -> URIRef:
    kind, key = item
    return scheme(key) if kind == "scheme" else entity(kind, key)


def indicator_triples(r: Record) -> Iterator[Triple]:
    iri = entity("indicator", r["key"])
    yield iri, RDF.type, AK.Indicator
    yield iri, SKOS.prefLabel, _sv(r["label"])
    yield iri, AK.indicatorOf, _prefixed(r["subject"])
    yield from _optional(iri, AK.unit, r.get("unit"))
    for name, predicate in (("baseline", AK.baseline), ("target", AK.target), ("result", AK.result)):
        yield from _optional(iri, predicate, r.get(name), lambda v: Literal(v, datatype=XSD.decimal))
    yield from _optional(iri, AK.period, r.get("period"), Literal)
    yield from _optional(iri, SKOS.note, r.get("note"))
    yield iri, DCTERMS.source, _locator(r)


TRIPLES: dict[str, Callable[[Record], Iterator[Triple]]] = {
    "locators.csv": locator_triples,
    "schemes.csv": scheme_triples,
    "concepts.csv": concept_triples,
    "documents.csv": document_triples,
    "projects.csv": project_triples,
    "participants.csv": participant_triples,
    "funding_schemes.csv": funding_scheme_triples,
    "grants.csv": grant_triples,
    "checksums.csv": checksum_triples,
    "networks.csv": network_triples,
    "memberships.csv": membership_triples,
    "services.csv": service_triples,
    "activities.csv": activity_triples,
    "indicators.csv": indicator_triples,
}
