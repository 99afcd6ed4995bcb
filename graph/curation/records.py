"""The write API's JSON records, read like data rows and turned into the same triples.

A record sent to the API has the columns of the data table for its kind (``data/README.md``):
an actor those of ``actors/actors.csv``, a project those of ``projects.csv``, and so on. Each
value is read by the column's own parser, so a date, a place or a key is checked exactly as in
a data file, and the triples come from :mod:`graph.records`, so a curated actor is described
exactly as a registered one. A curated record's locator is the change that made it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from graph.datafiles import Record
from graph.errors import InvalidParameter
from graph.namespaces import AK, DCTERMS, EURIO, ORG, SCHEMA, SKOS, entity
from graph.records import (
    Triple,
    actor_triples,
    membership_triples,
    network_triples,
    participant_triples,
    project_triples,
)
from graph.tables import ACTORS, TABLES, Column, parse_cell

__all__ = ["CURATION_SOURCE", "KINDS", "LINKS", "Kind", "Link", "read_record"]

#: The source key of curated records: their locator IRI is ``id/document/curation/<change>``.
CURATION_SOURCE = "curation"


@dataclass(frozen=True)
class Kind:
    """A kind of record the API adds and edits.

    Attributes:
        name: the IRI kind (``actor``), ``collection`` its API path (``actors``).
        columns: the data table's columns; ``label`` the one that names the record.
        triples: the data row → triples function of :mod:`graph.records`.
        editable: column → the one predicate its value sets on the record's node.
    """

    name: str
    collection: str
    columns: tuple[Column, ...]
    label: str
    triples: object
    editable: dict[str, URIRef]


@dataclass(frozen=True)
class Link:
    """A record tying an actor to a project (participant) or a network (membership)."""

    name: str
    columns: tuple[Column, ...]
    owner: str  # the column naming the project or network
    triples: object


KINDS = {kind.name: kind for kind in (
    # The register's curator ``note`` is no fact of the graph (graph.records.actor_triples): the
    # reason of a change is where a curator says why.
    Kind("actor", "actors", tuple(c for c in ACTORS if c.name != "note"), "pref_label", actor_triples, {
        "pref_label": SKOS.prefLabel, "type": ORG.classification,
        "parent": ORG.subOrganizationOf, "based_in": SCHEMA.location,
        "area_served": SCHEMA.areaServed, "homepage": SCHEMA.url, "email": SCHEMA.email,
        "phone": SCHEMA.telephone}),
    Kind("project", "projects", TABLES["projects.csv"], "label", project_triples, {
        "label": SKOS.prefLabel, "kind": AK.kind, "status": AK.status,
        "description": DCTERMS.description, "start": EURIO.startDate, "end": EURIO.endDate,
        "timeplan": AK.timePlan, "subjects": DCTERMS.subject, "places": DCTERMS.spatial,
        "audience": DCTERMS.audience, "stages": AK.stage, "part_of": DCTERMS.isPartOf,
        "same_as": AK.duplicateOf}),
    Kind("network", "networks", TABLES["networks.csv"], "label", network_triples, {
        "label": SKOS.prefLabel, "kind": AK.kind, "description": DCTERMS.description,
        "coordinator": AK.coordinator, "places": DCTERMS.spatial, "subjects": DCTERMS.subject}),
)}

LINKS = {
    "participant": Link("participant", TABLES["participants.csv"], "project", participant_triples),
    "membership": Link("membership", TABLES["memberships.csv"], "network", membership_triples),
}

#: Placeholder values for the columns an edit leaves alone, so that the row → triples function
#: runs; only the edited columns' triples are kept (:func:`field_triples`).
_PLACEHOLDERS = {"concept": "placeholder", "ref": "placeholder", "key": "placeholder", "text": "-"}


def read_record(columns: tuple[Column, ...], body: dict, change: str, *, partial: bool = False,
                fixed: dict | None = None, allowed: set[str] | None = None) -> Record:
    """A JSON object as a data row: each value read by its column's parser.

    Args:
        columns: the table's columns.
        body: column → value (a string, a number, a list for ``|`` cells, or null to clear).
        change: the key of the change, the record's locator.
        partial: an edit: only the given columns are read; required ones may be absent.
        fixed: values set by the route (the key from the path), not by the body.
        allowed: the columns the body may set (default: every column but ``locator``).

    Raises:
        InvalidParameter: an unknown column, an unreadable value or a missing required one,
            naming the column.
    """
    names = [column.name for column in columns]
    allowed = allowed if allowed is not None else set(names) - {"locator"} - set(fixed or {})
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise InvalidParameter(unknown[0], f"'{unknown[0]}' cannot be set here (fields: "
                                           f"{', '.join(sorted(allowed))})")
    values = {}
    for column in columns:
        if column.name == "locator":
            values["locator"] = change
        elif fixed and column.name in fixed:
            values[column.name] = fixed[column.name]
        elif column.name in body:
            values[column.name] = _read(column, body[column.name])
        elif partial:
            values[column.name] = _placeholder(column)
        else:
            values[column.name] = [] if column.many else None
        if not partial and column.required and values[column.name] in (None, []):
            raise InvalidParameter(column.name, f"'{column.name}' is required")
    return Record("api", values, "api", 0, CURATION_SOURCE)


def _read(column: Column, value) -> object:
    if value is None:
        if column.required:
            raise InvalidParameter(column.name, f"'{column.name}' is required and cannot be cleared")
        return [] if column.many else None
    if isinstance(value, list):
        if not column.many or not all(isinstance(item, str) for item in value):
            raise InvalidParameter(column.name, f"'{column.name}' takes "
                                                f"{'a list of strings' if column.many else 'one value'}")
        value = "|".join(value)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidParameter(column.name, f"'{column.name}' must be a string")
    try:
        parsed = parse_cell(column, str(value))
    except ValueError as error:
        raise InvalidParameter(column.name, f"'{column.name}': {error}") from None
    if column.required and parsed in (None, []):
        raise InvalidParameter(column.name, f"'{column.name}' is required")
    return parsed


def _placeholder(column: Column):
    value = _PLACEHOLDERS.get(column.kind)
    if value is None or not column.required:
        return [] if column.many else None
    return [value] if column.many else value


def field_triples(kind: Kind, record: Record, iri: URIRef) -> dict[str, list[Triple]]:
    """For each column an edit sets: the triples it gives the record's node."""
    triples = list(kind.triples(record))
    return {name: [t for t in triples if t[0] == iri and t[1] == predicate]
            for name, predicate in kind.editable.items()}


def record_iri(kind: Kind, key: str) -> URIRef:
    return entity(kind.name, key)
