"""A source folder uploaded file by file: ``source.yaml``, the document's text and its CSV tables.

The files are read exactly as ``aktorskarta validate`` reads a folder of ``data/`` (each cell by
its column's parser, the printed totals checked), after :mod:`graph.csv_input` has decoded each
CSV as a spreadsheet may have saved it (Windows-1252, ``;``); they become the document's graph
as :func:`graph.build.add_source` builds it. References to actors and other records are checked
by the shapes against the whole store when the import is validated, so a folder may refer to
actors that curators added.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph as ox
import yaml
from rdflib import Dataset

from graph.build import Build, add_source
from graph.csv_input import read_csv
from graph.datafiles import Catalog, read_source
from graph.named_queries import select
from graph.problems import DataError, Problem
from graph.rdf_input import UploadError
from graph.tables import TABLES
from graph.validate import check_totals

__all__ = ["FOLDER_FILES", "folder_quads", "is_folder_upload"]

#: What a source folder may hold besides its tables: its description and the document's text.
FOLDER_FILES = ("source.yaml", "source.txt")


def is_folder_upload(names: list[str]) -> bool:
    """True if the uploaded files are a source folder's (a ``source.yaml`` or a CSV table)."""
    return any(name == "source.yaml" or name.endswith(".csv") for name in names)


def folder_quads(store, document: str, files: dict[str, bytes]) -> tuple[list[ox.Quad], str]:
    """The quads of the document's graph built from the uploaded folder, and its title.

    Raises:
        UploadError: a file that does not belong in a source folder, or a CSV that cannot be read.
        DataError: what ``aktorskarta validate`` would report (file, row, field, problem).
    """
    allowed = set(FOLDER_FILES) | set(TABLES) | {_text_file(files)}
    for name in files:
        if name not in allowed:
            raise UploadError(name, f"not a file of a source folder (source.yaml, the document's text, "
                                    f"or a table: {', '.join(sorted(TABLES))})")
    if "source.yaml" not in files:
        raise UploadError("source.yaml", "a source folder needs its source.yaml (see data/README.md)")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / document
        folder.mkdir()
        for name, data in files.items():
            if name.endswith(".csv"):
                (folder / name).write_text(read_csv(data, name).as_utf8_csv(), encoding="utf-8")
            else:
                (folder / name).write_bytes(data)
        problems: list[Problem] = []
        source = read_source(folder, problems)
        if source is not None:
            problems += check_totals(Catalog(sources=[source]))
            if source.key != document:
                problems.append(Problem("source.yaml", None, "key",
                                        f"the folder is '{source.key}', the upload says '{document}'"))
        if source is None or any(p.is_violation for p in problems):
            raise DataError([_as_uploaded(p) for p in problems])
        build = Build(Dataset())
        add_source(build, source, _pref_labels(store))
    quads = list(ox.parse(build.nquads(), format=ox.RdfFormat.N_QUADS))
    return quads, source.meta["title"]


def _text_file(files: dict[str, bytes]) -> str:
    """The name the folder's ``source.yaml`` gives the document's text (``source.txt``)."""
    try:
        meta = yaml.safe_load(files.get("source.yaml", b"").decode("utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError):
        return "source.txt"
    name = str(meta.get("file", "source.txt")) if isinstance(meta, dict) else "source.txt"
    return name if "/" not in name and not name.startswith(".") else "source.txt"


def _pref_labels(store) -> dict[str, str]:
    return {row["actor"].rsplit("/id/actor/", 1)[-1]: row["label"]
            for row in select(store, "curation_actor_labels")}


def _as_uploaded(problem: Problem) -> Problem:
    """The problem with its file named as uploaded, not by its temporary path."""
    return Problem(Path(problem.file).name, problem.row, problem.field, problem.message, problem.severity)
