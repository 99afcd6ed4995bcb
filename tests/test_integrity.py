"""Whole-graph guarantees: names, provenance, stable IRIs, lossless export."""

import io

import pyoxigraph as ox
import pytest

from graph.export import FORMATS, export
from graph.ingest import prepare
from graph.store import GraphStore
from tests.conftest import PREFIXES, rows

ENTITY_CLASSES = ("org:Organization", "eurio:Project", "org:OrganizationalCollaboration",
                  "eurio:FundingScheme", "skos:Concept", "skos:ConceptScheme", "geo:Feature",
                  "ak:Indicator", "ak:Activity", "ak:Document", "ak:SourceDocument")


@pytest.mark.parametrize("entity_class", ENTITY_CLASSES)
def test_every_entity_has_exactly_one_swedish_name(loaded, entity_class):
    query = PREFIXES + f"""
        SELECT ?entity (COUNT(?name) AS ?names) WHERE {{
          ?entity a {entity_class} .
          OPTIONAL {{ ?entity skos:prefLabel ?name . FILTER (LANG(?name) = "sv") }}
        }} GROUP BY ?entity"""
    counts = rows(loaded, query)
    assert counts, f"no {entity_class} in the graph"
    assert [r["entity"] for r in counts if r["names"] != "1"] == []


def test_no_triple_sits_outside_a_named_graph(loaded):
    outside = list(loaded._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert outside == []


def test_every_named_graph_says_which_document_it_comes_from(loaded):
    query = PREFIXES + """
        SELECT ?graph ?title WHERE {
          GRAPH ?graph { ?graph prov:wasDerivedFrom ?document . }
          ?document dct:title ?title .
        }"""
    described = {r["graph"] for r in rows(loaded, query)}
    assert {graph.value for graph in loaded.named_graphs()} == described


def test_every_source_document_carries_its_checksum(loaded):
    query = PREFIXES + "SELECT ?document ?sha WHERE { ?document a ak:SourceDocument ; ak:sha256 ?sha }"
    checksums = {r["document"]: r["sha"] for r in rows(loaded, query)}
    assert len(checksums) == 5
    assert all(len(sha) == 64 for sha in checksums.values())


def test_every_record_points_to_where_it_was_printed(loaded):
    query = PREFIXES + """
        SELECT ?record WHERE {
          VALUES ?class { eurio:Project org:Organization eurio:Grant org:Membership
                          eurio:OrganisationRole schema:Service ak:Indicator }
          ?record a ?class .
          FILTER NOT EXISTS { ?record dct:source/dct:isPartOf/a ak:SourceDocument }
        }"""
    assert rows(loaded, query) == []


def test_two_builds_give_the_same_iris_and_triples(nquads):
    again = prepare().build.nquads()
    assert sorted(again.splitlines()) == sorted(nquads.splitlines())


@pytest.mark.parametrize("format_name", ["nquads", "trig"])
def test_export_then_load_into_a_fresh_store_gives_an_isomorphic_dataset(loaded, tmp_path,
                                                                         format_name):
    output = io.BytesIO()
    export(loaded, format_name, output)
    fresh = GraphStore.open(tmp_path / "fresh")
    rdf_format = FORMATS[format_name][0]
    nquads = ox.serialize(ox.parse(output.getvalue(), rdf_format), format=ox.RdfFormat.N_QUADS)
    fresh.replace(nquads)
    assert canonical(fresh.quads()) == canonical(loaded.quads())


@pytest.mark.parametrize("format_name", ["turtle", "jsonld"])
def test_union_exports_hold_every_triple_of_every_graph(loaded, format_name):
    output = io.BytesIO()
    export(loaded, format_name, output)
    exported = {str(t) for t in ox.parse(output.getvalue(), FORMATS[format_name][0])}
    union = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in loaded.quads()}
    assert exported == union


def canonical(quads) -> list[str]:
    """The dataset in canonical form: equal lists mean isomorphic datasets."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(map(str, dataset))
