"""Example queries for the SPARQL page, kept as ``.rq`` files in ``graph/queries/examples/``.

Each file starts with two comment lines: the title in Swedish, then in English.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graph.errors import NotFoundError
from graph.named_queries import QUERIES

__all__ = ["EXAMPLES", "Example", "example", "examples"]

EXAMPLES = QUERIES / "examples"


@dataclass(frozen=True)
class Example:
    """One example query: its file name (without ``.rq``), titles and text."""

    name: str
    title_sv: str
    title_en: str
    text: str


def _comment(line: str) -> str:
    return line[1:].strip() if line.startswith("#") else ""


def _read(path: Path) -> Example:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines() + ["", ""]
    title_sv = _comment(lines[0]) or path.stem
    return Example(path.stem, title_sv, _comment(lines[1]) or title_sv, text)


@cache
def examples() -> tuple[Example, ...]:
    """Every example, in file-name order."""
    return tuple(_read(path) for path in sorted(EXAMPLES.glob("*.rq")))


def example(name: str) -> Example:
    """The example called ``name``.

    Raises:
        NotFoundError: there is no such example.
    """
    for candidate in examples():
        if candidate.name == name:
            return candidate
    raise NotFoundError(f"no example query '{name}'")
