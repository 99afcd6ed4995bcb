"""Named SPARQL queries, kept as ``.rq`` files in ``graph/queries/`` and loaded by name.

Parameters are passed as bindings (see :meth:`graph.store.GraphStore.query`), never pasted into
the query text. Oxigraph substitutes only variables the query projects, so a parameter must
appear in the SELECT list (or its GROUP BY): ``SELECT ?actor ?name WHERE { ?actor ... }``.

The queries spell a hierarchy's steps out instead of following a transitive path: the places
``(geo:sfWithin|geo:sfWithin/geo:sfWithin|geo:sfWithin/geo:sfWithin/geo:sfWithin)`` instead of
``geo:sfWithin+``, and likewise ``skos:broader`` and ``eurio:isSubSchemeOf``, with the thing
itself as a branch of its own where ``*`` would include it. Virtuoso 7 answers ``+`` and ``*``
paths wrongly under some of the plans it picks from sampled statistics (extra places, or no
projects at all for a strategy area); ``tests/test_store_parity.py`` compares both stores'
answers whole. Three steps reach the top of every hierarchy (kommun → delregion → län →
Sverige is the deepest), and the data check ``validate_hierarchy_depth`` refuses anything deeper.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["QUERIES", "as_rows", "named_query", "select"]

QUERIES = Path(__file__).resolve().parent / "queries"


@cache
def named_query(name: str) -> str:
    """The text of ``graph/queries/<name>.rq``."""
    path = QUERIES / f"{name}.rq"
    if not path.is_file():
        raise KeyError(f"no named query '{name}' in {QUERIES}")
    return path.read_text(encoding="utf-8")


def _plain(term):
    return None if term is None else term.value


def as_rows(solutions) -> list[dict]:
    """SELECT solutions as plain dicts: IRI strings and literals' lexical forms (None if unbound)."""
    variables = [variable.value for variable in solutions.variables]
    return [{v: _plain(solution[v]) for v in variables} for solution in solutions]


def select(store, name: str, **bindings) -> list[dict]:
    """Run a named SELECT query and return its rows as plain dicts of strings."""
    return as_rows(store.query(named_query(name), bindings))
