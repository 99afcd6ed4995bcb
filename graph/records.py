"""One function per data table: a record becomes its triples.

Each function yields the record's own node first (see :func:`graph.build._emit`), and mints
every IRI from keys (:mod:`graph.namespaces`), never from names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rdflib import Literal, URIRef

from graph.datafiles import Record
from graph.namespaces import (
    AK,
    DCTERMS,
    EURIO,
    ORG,
    RDF,
    SCHEMA,
    SKOS,
    XSD,
    concept,
    entity,
    place,
    scheme,
)

__all__ = ["TRIPLES", "Triple", "actor_triples", "date_literal", "mention_triples"]

Triple = tuple[URIRef, URIRef, object]


def date_literal(value: str) -> Literal:
    """An ISO date as precise as printed, typed xsd:gYear, xsd:gYearMonth or xsd:date."""
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
    yield from _each(iri, ORG.memberOf, r.get("member_of"), lambda k: entity("actor", k))
    yield from _each(iri, SCHEMA.location, r.get("based_in"), place)
    yield from _each(iri, SCHEMA.areaServed, r.get("area_served"), place)
    yield from _optional(iri, SCHEMA.url, r.get("homepage"), lambda u: Literal(u, datatype=XSD.anyURI))
    yield from _optional(iri, SCHEMA.email, r.get("email"), Literal)
    yield from _optional(iri, SCHEMA.telephone, r.get("phone"), Literal)
    # The register's ``note`` is the curators' working note on the row (why a type was judged,
    # how a spelling was read): it stays in the file and is no fact of the graph.


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
    yield from _optional(iri, SCHEMA.startDate, r.get("period_start"), date_literal)
    yield from _optional(iri, SCHEMA.endDate, r.get("period_end"), date_literal)
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
    yield from _optional(iri, DCTERMS.issued, r.get("issued"), date_literal)
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
    yield from _optional(iri, EURIO.startDate, r.get("start"), date_literal)
    yield from _optional(iri, EURIO.endDate, r.get("end"), date_literal)
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
    yield from _optional(iri, AK.duplicateOf, r.get("same_as"), lambda k: entity("project", k))
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
    yield from _each(iri, SKOS.altLabel, r.get("alt_labels"), _sv)
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
    yield from _optional(iri, DCTERMS.date, r.get("year"), date_literal)
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
    yield from _optional(iri, SCHEMA.startDate, r.get("start"), date_literal)
    yield from _optional(iri, SCHEMA.endDate, r.get("end"), date_literal)
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
