"""The curated sources under data/, read straight from their files: the tests' independent oracle.

Tests compare what the service answers with these rows and texts, never with what the code
returns, so these helpers read the CSV tables, source.txt and source.yaml themselves instead of
going through ``graph.ingest``.
"""

from __future__ import annotations

import csv

import yaml

from graph.datafiles import BUNDLED_DATA

__all__ = ["actor_register", "source_rows", "source_text", "source_title"]


def source_rows(pattern: str) -> list[dict]:
    """Every row of the data tables matching ``pattern``, a glob under data/
    (``"*/projects.csv"``, ``"003-vg-delregionala-2020/grants.csv"``), in file-name order."""
    rows = []
    for path in sorted(BUNDLED_DATA.glob(pattern)):
        with path.open(encoding="utf-8", newline="") as file:
            rows.extend(csv.DictReader(file))
    return rows


def source_text(folder: str) -> str:
    """The text of a source document (``data/<folder>/source.txt``), as printed."""
    return (BUNDLED_DATA / folder / "source.txt").read_text(encoding="utf-8")


def source_title(folder: str) -> str:
    """A source document's title, as ``data/<folder>/source.yaml`` spells it."""
    return yaml.safe_load((BUNDLED_DATA / folder / "source.yaml").read_text(encoding="utf-8"))["title"]


def actor_register() -> dict[str, dict]:
    """The actor register (``data/actors/actors.csv``): key → row."""
    return {row["key"]: row for row in source_rows("actors/actors.csv")}
