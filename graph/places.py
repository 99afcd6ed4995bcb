"""The place hierarchy from the reference tables: kommun → delregion → län → Sverige."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Literal, URIRef

from graph.namespaces import AK, DCTERMS, GEO, RDF, SKOS, entity

__all__ = ["SWEDEN", "place_triples"]

SWEDEN = entity("land", "SE")

Triple = tuple[URIRef, URIRef, object]


def _feature(iri: URIRef, kind: URIRef, code: str, label: str, locator: URIRef) -> Iterator[Triple]:
    yield iri, RDF.type, GEO.Feature
    yield iri, RDF.type, kind
    yield iri, SKOS.notation, Literal(code)
    yield iri, SKOS.prefLabel, Literal(label, lang="sv")
    yield iri, DCTERMS.source, locator


def place_triples(reference: dict[str, list[dict]], locators: dict[str, URIRef]) -> Iterator[Triple]:
    """Triples for Sweden, its län, kommuner and VG's delregioner.

    Args:
        reference: the rows of counties, municipalities and delregioner.
        locators: the locator IRI of each reference table, by table name.
    """
    yield from _feature(SWEDEN, AK.Country, "SE", "Sverige", locators["counties"])
    yield SWEDEN, SKOS.prefLabel, Literal("Sweden", lang="en")
    for row in reference["counties"]:
        county = entity("lan", row["county_code"])
        yield from _feature(county, AK.County, row["county_code"], row["county_name"],
                            locators["counties"])
        yield county, SKOS.altLabel, Literal(row["county_name_short"], lang="sv")
        yield county, GEO.sfWithin, SWEDEN
    for row in reference["municipalities"]:
        kommun = entity("kommun", row["municipality_code"])
        yield from _feature(kommun, AK.Municipality, row["municipality_code"],
                            row["municipality_name"], locators["municipalities"])
        yield kommun, SKOS.altLabel, Literal(row["municipality_name_short"], lang="sv")
        yield kommun, GEO.sfWithin, entity("lan", row["county_code"])
    yield from _delregion_triples(reference["delregioner"], locators["delregioner"])


def _delregion_triples(rows: list[dict], locator: URIRef) -> Iterator[Triple]:
    for key in sorted({row["key"] for row in rows}):
        first = next(row for row in rows if row["key"] == key)
        delregion = entity("delregion", key)
        yield from _feature(delregion, AK.SubRegion, key, first["delregion"], locator)
        yield delregion, GEO.sfWithin, entity("lan", "14")
    for row in rows:
        yield entity("kommun", row["municipality_code"]), GEO.sfWithin, entity("delregion", row["key"])
