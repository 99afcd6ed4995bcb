"""Ingest: read the data files, check them, build the dataset, validate it, then write it.

Nothing is written unless every check passes; a failed load leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from graph.build import Build, build_dataset, ontology_graph
from graph.datafiles import Catalog, read_catalog
from graph.namespaces import SKOS
from graph.network.snapshot import derive
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
         progress: Callable[[str], None] = lambda message: None) -> Prepared:
    """Validate, then replace the store's dataset and the data derived from it (network metrics).

    Raises:
        DataError: the data has a violation; nothing was written.
    """
    progress("Reading and validating data ...")
    prepared = prepare(paths)
    if not prepared.ok:
        raise DataError(prepared.problems)
    progress(f"Writing {len(prepared.build.dataset)} quads and computing the network metrics ...")
    store.replace(prepared.build.nquads(), derive=derive)
    return prepared
