"""The vocabulary contract: namespaces, the IRI base and how IRIs are minted from keys.

Every IRI in the graph is minted here, from a key written in a data file, never from a name.

>>> str(entity("actor", "almi-sormland"))
'https://aktorskartan.se/id/actor/almi-sormland'
>>> str(concept("roll", "projektagare"))
'https://aktorskartan.se/id/concept/roll/projektagare'
>>> str(place("kommun:1490"))
'https://aktorskartan.se/id/kommun/1490'
>>> local_path("https://aktorskartan.se/id/actor/almi-sormland")
'/id/actor/almi-sormland'
"""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

__all__ = [
    "AK",
    "BASE",
    "DCTERMS",
    "EURIO",
    "GEO",
    "ORG",
    "PLACE_KINDS",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "XSD",
    "KEY_PATTERN",
    "concept",
    "entity",
    "graph_iri",
    "local_path",
    "place",
    "scheme",
]

#: The one documented base. Entity IRIs are ``<BASE>id/<kind>/<key>``.
BASE = "https://aktorskartan.se/"

AK = Namespace(BASE + "ns#")
EURIO = Namespace("http://data.europa.eu/s66#")
SCHEMA = Namespace("https://schema.org/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")

PREFIXES = {
    "ak": str(AK),
    "dct": str(DCTERMS),
    "eurio": str(EURIO),
    "geo": str(GEO),
    "org": str(ORG),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

#: Keys are lower-case ASCII letters, digits and single hyphens.
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Place kinds as written in data files (``kommun:1490``) and in IRIs.
PLACE_KINDS = ("kommun", "lan", "delregion", "land")


def entity(kind: str, key: str) -> URIRef:
    """The IRI of a record of ``kind`` with ``key``."""
    return URIRef(f"{BASE}id/{kind}/{key}")


def scheme(key: str) -> URIRef:
    """The IRI of a concept scheme."""
    return entity("scheme", key)


def concept(scheme_key: str, key: str) -> URIRef:
    """The IRI of a concept in a scheme."""
    return URIRef(f"{BASE}id/concept/{scheme_key}/{key}")


def place(reference: str) -> URIRef:
    """The IRI of a place written ``kind:code`` in a data file."""
    kind, _, code = reference.partition(":")
    return entity(kind, code)


def graph_iri(key: str) -> URIRef:
    """The IRI of a named graph: one per source document, plus reference, register, ontology."""
    return URIRef(f"{BASE}graph/{key}")


def local_path(iri: str) -> str | None:
    """The path under which the running service resolves ``iri``, or None if it is not ours."""
    iri = str(iri)
    return "/" + iri[len(BASE):] if iri.startswith(BASE) else None
