"""The vocabulary and concept schemes speak Swedish and English, and hold what the issue lists."""

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS

from graph.build import ONTOLOGY, ontology_graph
from graph.namespaces import AK, concept


def languages(graph: Graph, subject, predicate) -> set[str]:
    return {value.language for value in graph.objects(subject, predicate)}


def test_every_own_term_has_swedish_and_english_labels_and_comments():
    vocabulary = Graph().parse(ONTOLOGY / "aktorskartan.ttl")
    terms = {s for s in vocabulary.subjects(RDF.type, None) if str(s).startswith(str(AK))}
    assert len(terms) > 20
    for term in terms:
        assert languages(vocabulary, term, RDFS.label) >= {"sv", "en"}, term
        assert languages(vocabulary, term, RDFS.comment) >= {"sv", "en"}, term


def test_every_concept_has_one_swedish_and_one_english_name():
    schemes = Graph().parse(ONTOLOGY / "schemes.ttl")
    concepts = list(schemes.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 80
    for item in concepts:
        names = list(schemes.objects(item, SKOS.prefLabel))
        assert sorted(name.language for name in names) == ["en", "sv"], item


@pytest.mark.parametrize(("scheme", "keys"), [
    ("roll", ["projektagare", "ansvarig", "medverkande", "samverkanspart", "medfinansiar",
              "projektledare"]),
    ("tjanst", ["radgivning", "finansiering", "riskkapital", "inkubation", "exportstod",
                "innovationsstod", "etableringsstod", "kompetensforsorjning", "natverk",
                "utbildning"]),
    ("malgrupp", ["nyforetagare", "unga", "kvinnor", "utrikesfodda", "studenter", "smf",
                  "industriella-smf", "besoksnaring", "kkn"]),
    ("skede", ["ide", "start", "tillvaxt", "internationalisering", "agarskifte"]),
    ("finansieringstyp", ["eu", "stat", "region", "kommun", "privat"]),
    ("aktorstyp", ["region", "kommun", "kommunalforbund", "statlig-myndighet", "statligt-bolag",
                   "inkubator", "science-park", "larosate", "forskningsinstitut", "foretag"]),
])
def test_schemes_hold_the_concepts_the_sources_need(scheme, keys):
    graph = ontology_graph()
    for key in keys:
        assert (concept(scheme, key), RDF.type, SKOS.Concept) in graph, key
