"""Linked data: every /id/ IRI resolves by content negotiation, and /dataset describes the whole.

Values come from the source documents (data/*/source.yaml, the CSV rows, source.txt itself);
the RDF served is compared with the triples in the store, both parsed back.
"""

import hashlib
import re
from decimal import Decimal

import pyoxigraph as ox
import pytest
import yaml
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from graph.datafiles import BUNDLED_DATA
from graph.namespaces import AK, DCTERMS, EURIO, RDF, SKOS, XSD, entity
from graph.store import GraphStore
from tests.iris import VG_RUN_2020
from tests.sources import source_rows

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SMART = entity("project", "vg2020-bor-10")
SMART_PATH = "/id/project/vg2020-bor-10"
SMART_GRANT_PATH = "/id/grant/vg2020-bor-10-run"
VG_DOCUMENT_PATH = "/id/document/vg-delregionala-2020"
VG_FOLDER = BUNDLED_DATA / "003-vg-delregionala-2020"
RDF_MEDIA_TYPES = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples"}


def _rdflib(term):
    """A pyoxigraph term as rdflib has it after parsing."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = None if term.datatype.value == str(XSD.string) else URIRef(term.datatype.value)
    return Literal(term.value, datatype=datatype)


def store_facts(store, iri) -> set:
    """Every (predicate, object) the store holds with ``iri`` as subject, in rdflib terms."""
    query = "SELECT DISTINCT ?subject ?p ?o WHERE { ?subject ?p ?o }"
    solutions = store.query(query, {"subject": ox.NamedNode(str(iri))})
    return {(_rdflib(s["p"]), _rdflib(s["o"])) for s in solutions}


def turtle(client, path) -> Graph:
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/turtle"
    return Graph().parse(data=response.get_data(as_text=True), format="turtle")


def source_documents() -> list[tuple[str, dict, str]]:
    """(key, source.yaml, SHA-256 of the document file) of each source folder."""
    found = []
    for meta_path in sorted(BUNDLED_DATA.glob("*/source.yaml")):
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        digest = hashlib.sha256((meta_path.parent / meta["file"]).read_bytes()).hexdigest()
        found.append((meta["key"], meta, digest))
    return found


# --- one record ----------------------------------------------------------------------------


def test_a_project_as_turtle_holds_exactly_its_triples_in_the_store(client, served):
    graph = turtle(client, SMART_PATH)
    served_facts = set(graph.predicate_objects(URIRef(SMART)))
    assert served_facts == store_facts(served, SMART)
    assert (SKOS.prefLabel, Literal("SMART – Smart Industri Sjuhärad", lang="sv")) in served_facts


def test_the_description_holds_the_nodes_minted_under_the_record(client, served):
    graph = turtle(client, SMART_PATH)
    cost = graph.value(URIRef(SMART), EURIO.hasTotalCost)
    assert str(cost) == f"{SMART}/total-cost"
    assert graph.value(cost, EURIO.value).toPython() == Decimal("3920000")
    assert set(graph.predicate_objects(cost)) == store_facts(served, cost)
    [party] = graph.objects(URIRef(SMART), EURIO.hasInvolvedParty)
    owner = graph.value(party, EURIO.isRoleOf)
    assert graph.value(party, DCTERMS.type) == URIRef(entity("concept", "roll/projektagare"))
    # The labels of what the record points to come along, so a client can show names.
    owner_name = Literal("Industriellt utvecklingscenter i Sjuhärad AB", lang="sv")
    assert graph.value(owner, SKOS.prefLabel) == owner_name
    assert graph.value(URIRef(entity("concept", "vg2020/fraga-03")), SKOS.prefLabel, any=True) is not None


def test_json_ld_and_n_triples_hold_the_same_triples_as_turtle(client):
    parsed = {}
    for name, media_type in RDF_MEDIA_TYPES.items():
        response = client.get(SMART_PATH, headers={"Accept": media_type})
        assert response.status_code == 200
        assert response.mimetype == media_type
        parsed[name] = set(ox.parse(response.get_data(), format=ox.RdfFormat.from_media_type(media_type)))
    assert parsed["ttl"] == parsed["jsonld"] == parsed["nt"]
    assert len(parsed["ttl"]) > 20


def test_format_parameter_overrides_accept(client):
    response = client.get(f"{SMART_PATH}?format=nt", headers={"Accept": "text/html"})
    assert response.mimetype == "application/n-triples"
    graph = Graph().parse(data=response.get_data(as_text=True), format="nt")
    assert (URIRef(SMART), RDF.type, EURIO.Project) in graph


def test_responses_vary_on_accept_and_link_the_other_formats(client):
    response = client.get(SMART_PATH, headers={"Accept": "text/turtle"})
    assert "Accept" in response.headers.get_all("Vary")
    links = response.headers["Link"]
    for name in ("html", "jsonld", "nt"):
        assert f"<{SMART_PATH}?format={name}>; rel=\"alternate\"" in links
    assert "format=ttl" not in links


@pytest.mark.parametrize(("path", "label"), [
    # keys with slashes: a concept in its scheme, a section of a document (concepts.csv, locators.csv)
    ("/id/concept/vg2020/fraga-03", "Prioriterad fråga 3"),
    (f"{VG_DOCUMENT_PATH}/tabell-bor-kunskapsregion", "Boråsregionen – En ledande kunskapsregion (tabell)"),
])
def test_keys_with_slashes_resolve(client, path, label):
    graph = turtle(client, path)
    assert graph.value(URIRef(f"https://aktorskartan.se{path}"), SKOS.prefLabel) == Literal(label, lang="sv")


def test_a_grant_has_its_amount_and_funding_scheme_from_the_table(client):
    [row] = [r for r in source_rows("003-*/grants.csv") if r["key"] == "vg2020-bor-10-run"]
    graph = turtle(client, SMART_GRANT_PATH)
    grant = URIRef(entity("grant", row["key"]))
    assert graph.value(grant, EURIO.hasFundingScheme) == URIRef(VG_RUN_2020)
    amount = graph.value(grant, EURIO.hasFundingAmount)
    assert graph.value(amount, EURIO.value).toPython() == Decimal(row["amount"])


def test_a_node_minted_under_a_record_resolves_too(client):
    cost = f"{SMART_PATH}/total-cost"
    graph = turtle(client, cost)
    assert graph.value(URIRef(f"{SMART}/total-cost"), EURIO.value).toPython() == Decimal("3920000")
    # Not a project itself, so the project page does not fit: the generic page shows it.
    response = client.get(cost, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "3\u00a0920\u00a0000" in response.get_data(as_text=True)


# --- pages ---------------------------------------------------------------------------------


def test_a_grant_page_shows_its_project_amount_and_source(client):
    response = client.get(SMART_GRANT_PATH, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "SMART – Smart Industri Sjuhärad" in page  # what points here: the project it funds
    assert "990\u00a0000" in page
    assert "Sammanfattande beskrivning – 2020 års beviljade delregionala insatser" in page
    assert "Boråsregionen – En ledande kunskapsregion (tabell)" in page
    assert 'href="/id/project/vg2020-bor-10"' in page
    assert f'href="{SMART_GRANT_PATH}?format=ttl"' in page


def test_a_document_page_shows_its_title_publisher_and_checksum(client):
    [(_, meta, digest)] = [d for d in source_documents() if d[0] == "vg-delregionala-2020"]
    response = client.get(VG_DOCUMENT_PATH, headers={"Accept": "text/html,application/xhtml+xml;q=0.9"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"<h1>{meta['title']}</h1>" in page
    assert digest in page
    assert "Västra Götalandsregionen" in page  # publisher region-14, by its name
    assert 'href="/id/document/vg-delregionala-2020/tabell-bor-kunskapsregion"' in page  # a part


def test_a_browser_without_preferences_gets_the_page(client):
    response = client.get(SMART_GRANT_PATH, headers={"Accept": "*/*"})
    assert response.mimetype == "text/html"


def test_the_generic_page_speaks_english_on_request(client):
    section = f"{VG_DOCUMENT_PATH}/tabell-bor-kunskapsregion"
    page = client.get(f"{section}?lang=en", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "What points here" in page
    assert "Source locator" in page  # the ontology's English name of ak:Locator


# --- errors --------------------------------------------------------------------------------


def test_an_unknown_record_is_404_in_the_json_error_shape(client):
    response = client.get("/id/actor/no-such-actor", headers={"Accept": "application/json"})
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert error["status"] == 404
    assert "no-such-actor" in error["message"]
    assert error["details"] == []


def test_an_unknown_record_is_an_html_404_page_for_a_browser(client):
    response = client.get("/id/actor/no-such-actor", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_a_made_up_concept_in_a_real_scheme_is_not_found(client):
    response = client.get("/id/concept/vg2020/fraga-99", headers={"Accept": "text/turtle"})
    assert response.status_code == 404


def test_an_accept_nothing_matches_is_406(client):
    response = client.get(SMART_PATH, headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_an_unknown_format_is_400_naming_the_parameter(client):
    response = client.get(f"{SMART_PATH}?format=xml")
    assert response.status_code == 400
    assert response.get_json()["error"]["details"] == [{"parameter": "format"}]


# --- the dataset ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset(app) -> Graph:
    response = app.test_client().get("/dataset", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    return Graph().parse(data=response.get_data(as_text=True), format="turtle")


DATASET = URIRef("https://aktorskartan.se/dataset")


def test_the_dataset_is_void_and_dcat_with_the_uri_space_and_endpoint(dataset):
    assert (DATASET, RDF.type, VOID.Dataset) in dataset
    assert (DATASET, RDF.type, DCAT.Dataset) in dataset
    assert dataset.value(DATASET, VOID.uriSpace) == Literal("https://aktorskartan.se/id/")
    assert dataset.value(DATASET, VOID.sparqlEndpoint) == URIRef("http://localhost/sparql")
    assert dataset.value(DATASET, DCTERMS.license) is not None
    assert dataset.value(DATASET, DCTERMS.title, any=True) is not None
    accessed = {str(dataset.value(d, DCAT.accessURL)) for d in dataset.objects(DATASET, DCAT.distribution)}
    assert accessed == {"http://localhost/sparql", "http://localhost/api/v1/openapi.json"}


def test_the_triple_counts_are_the_stores(dataset, served):
    assert dataset.value(DATASET, VOID.triples).toPython() == len(served)
    subsets = {str(subset): dataset.value(subset, VOID.triples).toPython()
               for subset in dataset.objects(DATASET, VOID.subset)}
    assert sum(subsets.values()) == len(served)
    in_graph = "SELECT ?graph ?s ?p ?o WHERE { GRAPH ?graph { ?s ?p ?o } }"
    for key, _, _ in source_documents():
        graph = f"https://aktorskartan.se/graph/{key}"
        assert subsets[graph] == len(list(served.query(in_graph, {"graph": ox.NamedNode(graph)})))
        assert dataset.value(URIRef(graph), DCTERMS.source) == URIRef(entity("document", key))


def test_the_class_partition_counts_the_projects_of_the_sources(dataset):
    partitions = {dataset.value(p, VOID["class"]): dataset.value(p, VOID.entities).toPython()
                  for p in dataset.objects(DATASET, VOID.classPartition)}
    assert partitions[EURIO.Project] == len(source_rows("*/projects.csv"))


def test_the_five_source_documents_with_title_date_and_checksum(dataset):
    documents = set(dataset.objects(DATASET, DCTERMS.source))
    assert len(source_documents()) == 5
    for key, meta, digest in source_documents():
        document = URIRef(entity("document", key))
        assert document in documents
        assert dataset.value(document, DCTERMS.title) == Literal(meta["title"], lang="sv")
        assert str(dataset.value(document, DCTERMS.issued)) == str(meta["issued"])
        assert dataset.value(document, AK.sha256) == Literal(digest)
        publishers = set(dataset.objects(document, DCTERMS.publisher))
        assert {URIRef(entity("actor", k.strip())) for k in meta["publisher"].split("|")} == publishers


def test_the_dataset_in_every_format_is_the_same_graph(client, dataset):
    for media_type in ("application/ld+json", "application/n-triples"):
        response = client.get("/dataset", headers={"Accept": media_type})
        assert response.mimetype == media_type
        triples = ox.parse(response.get_data(), format=ox.RdfFormat.from_media_type(media_type))
        as_nt = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES).decode()
        assert isomorphic(Graph().parse(data=as_nt, format="nt"), dataset)


def test_well_known_void_leads_to_the_description(client):
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code in (301, 302, 303, 307, 308)
    followed = client.get("/.well-known/void", headers={"Accept": "text/turtle"}, follow_redirects=True)
    assert followed.mimetype == "text/turtle"
    assert "void:Dataset" in followed.get_data(as_text=True)


def test_the_dataset_page_lists_the_sources_in_swedish_and_english(client):
    page = client.get("/dataset", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Källdokument" in page
    for _, meta, _ in source_documents():
        assert meta["title"] in page
    english = client.get("/dataset?lang=en", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Source documents" in english


def test_the_dataset_page_names_classes_and_dates_for_people(client):
    issued = {meta["key"]: meta["issued"] for _, meta, _ in source_documents()}
    assert issued["kalmar-investeringssamverkan"] == "2023-03-15"
    page = client.get("/dataset?lang=sv", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<td>15 mars 2023</td>" in page and ">2023-03-15<" not in page
    english = client.get("/dataset?lang=en", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<td>15 Mar 2023</td>" in english
    # Classes by name (ontology/labels.ttl), their IRIs on hover; no prefixed names on the page.
    assert "(http://www.w3.org/ns/org#Organization)\">Organisation</abbr>" in english
    shown = re.sub(r'title="[^"]*"', "", english)
    assert "org:Organization" not in shown and "eurio:Project" not in shown
    assert '<code title="https://aktorskartan.se/graph/register">register</code>' in english


def test_an_unknown_record_page_names_its_path_not_its_iri(client):
    response = client.get("/id/actor/finns-inte", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert "nothing is known about /id/actor/finns-inte" in response.text
    assert "https://aktorskartan.se/id/actor/finns-inte" not in response.text


def test_a_named_graph_resolves_to_its_triples(client, served_store):
    graph = "https://aktorskartan.se/graph/vg-delregionala-2020"
    response = client.get("/graph/vg-delregionala-2020", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200 and response.mimetype == "application/n-triples"
    served = {quad.triple for quad in ox.parse(response.data, format=ox.RdfFormat.N_TRIPLES)}
    store = GraphStore.open(served_store, read_only=True)
    assert served == {quad.triple for quad in store.quads(graph)}
    # VG's 59 projects (the document's count) are in it, and no other source's.
    projects = {t.subject.value for t in served
                if t.predicate.value == str(RDF.type) and t.object.value == "http://data.europa.eu/s66#Project"}
    assert len(projects) == 59 and all("/project/vg2020-" in iri for iri in projects)


def test_a_named_graph_in_a_browser_is_its_entry_in_the_dataset_page(client):
    response = client.get("/graph/register", headers={"Accept": "text/html"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/dataset#graph-register")
    assert 'id="graph-register"' in client.get("/dataset", headers={"Accept": "text/html"}).text


def test_an_unknown_named_graph_is_a_404(client):
    response = client.get("/graph/no-such-graph", headers={"Accept": "text/turtle"})
    assert response.status_code == 404 and response.get_json()["error"]["status"] == 404
