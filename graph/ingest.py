"""Ingest: read the data files, check them, build the dataset, validate it, then write it.

Nothing is written unless every check passes; a failed load leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.build import Build, build_dataset, ontology_graph
from graph.curation.commit import Rejected
from graph.curation.replay import Replayed, replay
from graph.datafiles import Catalog, read_catalog
from graph.derived import derive
from graph.namespaces import SKOS
from graph.problems import DataError, Problem
from graph.references import Index, check_references
from graph.store import GraphStore
from graph.validate import check_totals, shacl_problems, warnings_graph

__all__ = ["Prepared", "load", "prepare"]


@dataclass
class Prepared:
    """The outcome of reading and validating data: a dataset ready to write, or problems."""

    catalog: Catalog
    build: Build | None
    problems: list[Problem] = field(default_factory=list)
    #: What a load kept of the curators' changes in the store.
    replayed: Replayed | None = None

    @property
    def violations(self) -> list[Problem]:
        return [p for p in self.problems if p.is_violation]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_violation]

    @property
    def ok(self) -> bool:
        return self.build is not None and not self.violations


def ontology_concepts(ontology: Graph) -> set[tuple[str, str]]:
    """(scheme key, concept key) of every concept in the project's own schemes."""
    return {
        (str(scheme).rsplit("/", 1)[-1], str(ontology.value(concept, SKOS.notation)))
        for concept, scheme in ontology.subject_objects(SKOS.inScheme)
    }


def prepare(paths: list[Path] | None = None) -> Prepared:
    """Read and validate data folders (the bundled ``data/`` when none are given)."""
    catalog = read_catalog(paths)
    ontology = ontology_graph()
    problems = list(catalog.problems)
    problems += check_references(catalog, Index(catalog, ontology_concepts(ontology)))
    if any(p.is_violation for p in problems):
        return Prepared(catalog, None, problems)
    problems += check_totals(catalog)
    build = build_dataset(catalog, ontology)
    shacl, results = shacl_problems(build)
    problems += shacl
    warnings_graph(build, results)
    return Prepared(catalog, build, problems)


def load(store: GraphStore, paths: list[Path] | None = None,
         progress: Callable[[str], None] = lambda message: None, keep_changes: bool = True) -> Prepared:
    """Validate, then replace the store's dataset and the data derived from it (network metrics).

    Args:
        keep_changes: apply the curators' changes in the store again to the new data
            (:mod:`graph.curation.replay`); False drops them.

    Raises:
        DataError: the data has a violation, or the curators' changes conflict with it; nothing
            was written.
    """
    progress("Reading and validating data ...")
    prepared = prepare(paths)
    if not prepared.ok:
        raise DataError(prepared.problems)
    nquads = prepared.build.nquads()
    with store.writing():
        if keep_changes:
            try:
                prepared.replayed = replay(store, list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)))
            except Rejected as rejected:
                raise DataError([Problem(p.file, p.row, p.field, f"a curated change conflicts with the "
                                         f"data: {p.message}") for p in rejected.problems]) from None
            if prepared.replayed.changes or prepared.replayed.documents:
                progress(f"Applying {prepared.replayed.changes} curated change(s) again and keeping "
                         f"{len(prepared.replayed.documents)} imported document(s) ...")
                nquads = ox.serialize(prepared.replayed.quads, format=ox.RdfFormat.N_QUADS)
        lines = nquads.count(b"\n")
        progress(f"Writing {lines} quads and computing the network metrics ...")
        store.replace(nquads, derive=derive)
    return prepared
