"""The dataset described for machines: VoID (counts, URI space, SPARQL endpoint, one subset per
named graph) and DCAT (title, licence, publisher, distributions), with the source documents.

:func:`facts` reads the store (a full scan, so callers keep it until the store is reloaded);
:func:`description` adds the service's addresses; :func:`triples` renders it as RDF.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox

from graph.describe import local_name, term_labels
from graph.named_queries import select
from graph.namespaces import BASE, local_path
from graph.namespaces import PREFIXES as CONTRACT_PREFIXES
from graph.stats import curie, stats

__all__ = ["DATASET", "LICENSE", "PREFIXES", "URI_SPACE", "description", "facts", "triples"]

DATASET = BASE + "dataset"
URI_SPACE = BASE + "id/"
#: The licence the compiled data is offered under (the facts come from public documents).
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
TITLE = {"sv": "Aktörskartan", "en": "Aktörskartan (the Swedish business-support map)"}
DESCRIPTION = {
    "sv": "Kunskapsgraf över det regionala företagsfrämjande systemet i Sverige: aktörer, nätverk, "
          "projekt och insatser, finansiering och strategiområden, med källa för varje uppgift.",
    "en": "A knowledge graph of the Swedish regional business-support system: actors, networks, "
          "projects, funding and strategy areas, with the source of every fact.",
}
PUBLISHER = "Aktörskartan"

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
SPDX = "http://spdx.org/rdf/terms#"
DCT = CONTRACT_PREFIXES["dct"]
RDF_TYPE = CONTRACT_PREFIXES["rdf"] + "type"
#: The contract's prefixes and those of the vocabularies that describe datasets.
PREFIXES = {**CONTRACT_PREFIXES, "dcat": DCAT, "foaf": FOAF, "spdx": SPDX, "void": VOID}
#: The vocabularies the data itself uses (void:vocabulary).
VOCABULARIES = [CONTRACT_PREFIXES[p] for p in ("ak", "dct", "eurio", "geo", "org", "prov", "schema", "skos")]
#: The RDF formats every resource and this description are served in (void:feature).
FORMATS = ["http://www.w3.org/ns/formats/Turtle", "http://www.w3.org/ns/formats/JSON-LD",
           "http://www.w3.org/ns/formats/N-Triples"]
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"


def facts(store) -> dict:
    """What the store holds: triples, entities, classes, named graphs, source documents."""
    counts = stats(store)
    entities = select(store, "dataset_entities", space=ox.Literal(URI_SPACE))
    labels = {lang: term_labels(store, lang) for lang in ("sv", "en")}
    classes = [{"iri": row["class"], "name": curie(row["class"]), "entities": int(row["count"]),
                "labels": {lang: found.get(row["class"]) for lang, found in labels.items()}}
               for row in select(store, "class_counts")]
    return {
        "triples": counts["triples"],
        "entities": int(entities[0]["entities"]) if entities else 0,
        "classes": sorted(classes, key=lambda c: (-c["entities"], c["name"])),
        "graphs": _graphs(store, counts["graphs"]),
        "documents": _documents(store),
        "warnings": len(counts["warnings"]),
    }


def _graphs(store, sizes: dict) -> list[dict]:
    derived = defaultdict(list)
    for row in select(store, "dataset_graph_sources"):
        derived[row["graph"]].append(row["document"])
    return [{"iri": graph, "title": size["title"], "triples": size["triples"], "sources": derived[graph]}
            for graph, size in sizes.items()]


def _documents(store) -> list[dict]:
    documents = {}
    for row in select(store, "dataset_documents"):
        document = documents.setdefault(row["document"], {
            "iri": row["document"], "path": local_path(row["document"]), "title": row["title"],
            "issued": row["issued"], "issued_type": row["issuedType"], "sha256": row["sha256"],
            "publishers": []})
        if row["publisher"] is not None:
            is_iri = row["publisherIsIri"] == "true"
            document["publishers"].append({
                "iri": row["publisher"] if is_iri else None,
                "path": local_path(row["publisher"]) if is_iri else None,
                "label": row["publisherLabel"] or row["publisher"]})
    return list(documents.values())


def description(facts: dict, service_url: str, lang: str = "sv") -> dict:
    """The dataset's description: ``facts`` with title, licence and this service's addresses.

    Args:
        facts: from :func:`facts`.
        service_url: where the service runs, ending in ``/`` (``https://aktorskartan.se/``).
        lang: the language of the class names shown on the page (a class without a label in it
            is named by its IRI's last part).
    """
    classes = [{**c, "label": c["labels"].get(lang) or local_name(c["iri"])} for c in facts["classes"]]
    return {
        **facts,
        "classes": classes,
        "iri": DATASET,
        "title": TITLE,
        "description": DESCRIPTION,
        "license": LICENSE,
        "publisher": PUBLISHER,
        "homepage": BASE,
        "uri_space": URI_SPACE,
        "landing_page": service_url,
        "sparql_endpoint": service_url + "sparql",
        "api": service_url + "api/v1",
        "openapi": service_url + "api/v1/openapi.json",
    }


# --- as RDF --------------------------------------------------------------------------------


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_iri(CONTRACT_PREFIXES["xsd"] + "integer"))


def _texts(subject, predicate: str, texts: dict[str, str]) -> list[ox.Triple]:
    return [ox.Triple(subject, _iri(predicate), ox.Literal(text, language=lang))
            for lang, text in texts.items()]


def triples(description: dict) -> list[ox.Triple]:
    """The description as VoID and DCAT triples."""
    dataset = _iri(description["iri"])
    found = [ox.Triple(dataset, _iri(RDF_TYPE), _iri(kind)) for kind in (VOID + "Dataset", DCAT + "Dataset")]
    found += _texts(dataset, DCT + "title", description["title"])
    found += _texts(dataset, DCT + "description", description["description"])
    for predicate, value in ((DCT + "license", description["license"]),
                             (FOAF + "homepage", description["homepage"]),
                             (DCAT + "landingPage", description["landing_page"]),
                             (VOID + "sparqlEndpoint", description["sparql_endpoint"])):
        found.append(ox.Triple(dataset, _iri(predicate), _iri(value)))
    found += [ox.Triple(dataset, _iri(VOID + "uriSpace"), ox.Literal(description["uri_space"])),
              ox.Triple(dataset, _iri(VOID + "triples"), _integer(description["triples"])),
              ox.Triple(dataset, _iri(VOID + "entities"), _integer(description["entities"]))]
    found += [ox.Triple(dataset, _iri(VOID + "vocabulary"), _iri(v)) for v in VOCABULARIES]
    found += [ox.Triple(dataset, _iri(VOID + "feature"), _iri(f)) for f in FORMATS]
    found += _publisher(dataset, description["publisher"], description["homepage"])
    found += _class_partitions(dataset, description["classes"])
    found += _subsets(dataset, description["graphs"])
    found += _documents_rdf(dataset, description["documents"])
    found += _distributions(dataset, description)
    return sorted(found, key=lambda triple: _reading_order(triple, dataset))


def _reading_order(triple: ox.Triple, dataset: ox.NamedNode) -> tuple:
    """The dataset first, then named resources, then blank nodes, each subject's triples together
    (the sort is stable, so a subject keeps the order its triples were written in)."""
    subject = triple.subject
    rank = 0 if subject == dataset else 1 if isinstance(subject, ox.NamedNode) else 2
    return rank, str(subject)


def _part(name: str) -> ox.NamedNode:
    """A node of the description named after the dataset (``…/dataset#sparql``), so the output
    is the same on every request.

    >>> _part("class-" + "ak:Municipality").value
    'https://aktorskartan.se/dataset#class-ak-Municipality'
    """
    return _iri(f"{DATASET}#{re.sub(r'[^A-Za-z0-9]+', '-', name).strip('-')}")


def _publisher(dataset, name: str, homepage: str) -> list[ox.Triple]:
    agent = _part("publisher")
    return [ox.Triple(dataset, _iri(DCT + "publisher"), agent),
            ox.Triple(agent, _iri(RDF_TYPE), _iri(FOAF + "Organization")),
            ox.Triple(agent, _iri(FOAF + "name"), ox.Literal(name)),
            ox.Triple(agent, _iri(FOAF + "homepage"), _iri(homepage))]


def _class_partitions(dataset, classes: list[dict]) -> list[ox.Triple]:
    found = []
    for rdf_class in classes:
        partition = _part(f"class-{rdf_class['name']}")
        found += [ox.Triple(dataset, _iri(VOID + "classPartition"), partition),
                  ox.Triple(partition, _iri(VOID + "class"), _iri(rdf_class["iri"])),
                  ox.Triple(partition, _iri(VOID + "entities"), _integer(rdf_class["entities"]))]
    return found


def _subsets(dataset, graphs: list[dict]) -> list[ox.Triple]:
    found = []
    for graph in graphs:
        subset = _iri(graph["iri"])
        found += [ox.Triple(dataset, _iri(VOID + "subset"), subset),
                  ox.Triple(subset, _iri(RDF_TYPE), _iri(VOID + "Dataset")),
                  ox.Triple(subset, _iri(VOID + "triples"), _integer(graph["triples"]))]
        if graph["title"]:
            found.append(ox.Triple(subset, _iri(DCT + "title"), ox.Literal(graph["title"], language="sv")))
        found += [ox.Triple(subset, _iri(DCT + "source"), _iri(source)) for source in graph["sources"]]
    return found


def _documents_rdf(dataset, documents: list[dict]) -> list[ox.Triple]:
    found = []
    for document in documents:
        node = _iri(document["iri"])
        found += [ox.Triple(dataset, _iri(DCT + "source"), node),
                  ox.Triple(node, _iri(RDF_TYPE), _iri(CONTRACT_PREFIXES["ak"] + "SourceDocument")),
                  ox.Triple(node, _iri(DCT + "title"), ox.Literal(document["title"], language="sv"))]
        if document["issued"]:
            issued = ox.Literal(document["issued"], datatype=_iri(document["issued_type"]))
            found.append(ox.Triple(node, _iri(DCT + "issued"), issued))
        found += _publishers(node, document["publishers"])
        if document["sha256"]:
            found += _checksum(node, document["sha256"])
    return found


def _publishers(node, publishers: list[dict]) -> list[ox.Triple]:
    found = []
    for publisher in publishers:
        if publisher["iri"] is None:
            found.append(ox.Triple(node, _iri(DCT + "publisher"), ox.Literal(publisher["label"])))
            continue
        agent = _iri(publisher["iri"])
        found += [ox.Triple(node, _iri(DCT + "publisher"), agent),
                  ox.Triple(agent, _iri(CONTRACT_PREFIXES["skos"] + "prefLabel"),
                            ox.Literal(publisher["label"], language="sv"))]
    return found


def _checksum(node, sha256: str) -> list[ox.Triple]:
    """The file's SHA-256 in the project's own term and in SPDX, which DCAT 3 uses."""
    checksum = ox.BlankNode()
    return [ox.Triple(node, _iri(CONTRACT_PREFIXES["ak"] + "sha256"), ox.Literal(sha256)),
            ox.Triple(node, _iri(SPDX + "checksum"), checksum),
            ox.Triple(checksum, _iri(RDF_TYPE), _iri(SPDX + "Checksum")),
            ox.Triple(checksum, _iri(SPDX + "algorithm"), _iri(SPDX + "checksumAlgorithm_sha256")),
            ox.Triple(checksum, _iri(SPDX + "checksumValue"), ox.Literal(sha256))]


def _distributions(dataset, description: dict) -> list[ox.Triple]:
    sparql = description["sparql_endpoint"]
    services = [
        ("sparql", {"sv": "SPARQL-ändpunkt", "en": "SPARQL endpoint"}, sparql, sparql, None,
         "https://www.w3.org/TR/sparql11-protocol/", "application/sparql-results+json"),
        ("api", {"sv": "JSON-API", "en": "JSON API"}, description["openapi"], description["api"],
         description["openapi"], "https://spec.openapis.org/oas/v3.1.0", "application/json"),
    ]
    found = []
    for name, titles, access, endpoint, endpoint_description, standard, media_type in services:
        distribution, service = _part(name), _part(f"{name}-service")
        found += [ox.Triple(dataset, _iri(DCAT + "distribution"), distribution),
                  ox.Triple(distribution, _iri(RDF_TYPE), _iri(DCAT + "Distribution")),
                  ox.Triple(distribution, _iri(DCAT + "accessURL"), _iri(access)),
                  ox.Triple(distribution, _iri(DCAT + "mediaType"), _iri(MEDIA_TYPE + media_type)),
                  ox.Triple(distribution, _iri(DCAT + "accessService"), service),
                  ox.Triple(service, _iri(RDF_TYPE), _iri(DCAT + "DataService")),
                  ox.Triple(service, _iri(DCAT + "endpointURL"), _iri(endpoint)),
                  ox.Triple(service, _iri(DCT + "conformsTo"), _iri(standard)),
                  ox.Triple(service, _iri(DCAT + "servesDataset"), dataset)]
        found += _texts(distribution, DCT + "title", titles) + _texts(service, DCT + "title", titles)
        if endpoint_description:
            found.append(ox.Triple(service, _iri(DCAT + "endpointDescription"), _iri(endpoint_description)))
    return found
