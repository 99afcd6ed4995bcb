"""Bindings for a remote query: the bound variables replaced by their terms in the query text.

The embedded store substitutes bound variables before evaluation; a remote endpoint has no such
parameter. The same substitution is done here on the query's tokens: in the WHERE clause a bound
variable becomes its term, in the projection it becomes ``(term AS ?variable)``, and it is
dropped from GROUP BY and ORDER BY (a constant neither splits groups nor orders rows). The terms
are written as RDF terms (N-Triples syntax, which SPARQL reads; pyoxigraph escapes them), so a
value never changes the query's shape.

Inline ``VALUES`` would be simpler, but Virtuoso 7 refuses a ``+`` or ``*`` path whose start is
bound only by VALUES ("transitive start not given").
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from graph.sparql_guard import lexemes

__all__ = ["query_form", "with_bindings"]

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_MODIFIERS = ("GROUP", "ORDER", "HAVING")
_EMPTY_CLAUSE = re.compile(r"\b(?:GROUP|ORDER)\s+BY\s*(?=$|\b(?:GROUP|ORDER|HAVING|LIMIT|OFFSET|VALUES)\b)",
                           re.IGNORECASE)


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's form.

    >>> query_form("PREFIX select: <http://x/> # CONSTRUCT\\nASK { ?s select:p ?o }")
    'ASK'
    """
    for kind, text in lexemes(query):
        if kind == "run" and text.upper() in QUERY_FORMS:
            return text.upper()
    raise ValueError("not a query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


def with_bindings(query: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None) -> str:
    """``query`` with each bound variable replaced by its term.

    >>> iri = {"x": ox.NamedNode("http://a/b")}
    >>> with_bindings("SELECT ?x ?n WHERE { ?x <p>+ ?n } GROUP BY ?x ?n ORDER BY ?x", iri)
    'SELECT (<http://a/b> AS ?x) ?n WHERE { <http://a/b> <p>+ ?n } GROUP BY  ?n '
    >>> with_bindings('CONSTRUCT { ?s <p> "?x" } WHERE { ?s <q> ?x }', {"x": ox.Literal("å", language="sv")})
    'CONSTRUCT { ?s <p> "?x" } WHERE { ?s <q> "å"@sv }'
    """
    if not bindings:
        return query
    terms = {name: _written(term) for name, term in bindings.items()}
    return _EMPTY_CLAUSE.sub("", "".join(_Rewriter(terms).rewrite(query)))


def _written(term) -> str:
    if not isinstance(term, ox.NamedNode | ox.Literal):
        raise TypeError(f"a remote query can bind IRIs and literals, not {term!r}")
    return str(term)


class _Rewriter:
    """Walks the query's lexemes and says what each bound variable becomes where it stands."""

    def __init__(self, terms: dict[str, str]):
        self.terms = terms
        self.depth = 0
        self.projection = False  # in the top-level SELECT list
        self.kept_until: int | None = None  # in a subquery's SELECT list or modifiers: keep variables

    def rewrite(self, query: str):
        for kind, text in lexemes(query):
            if kind == "other" and text in "{}":
                self._brace(text)
            elif kind == "run":
                self._word(text.upper())
            elif kind == "var" and text[1:] in self.terms:
                yield self._variable(text)
                continue
            yield text

    def _brace(self, brace: str) -> None:
        if brace == "{":
            self.projection = False
            if self.kept_until is not None and self.kept_until == self.depth:
                self.kept_until = None  # a subquery's SELECT list ends at its WHERE group
            self.depth += 1
            return
        self.depth -= 1
        if self.kept_until is not None and self.depth < self.kept_until:
            self.kept_until = None

    def _word(self, word: str) -> None:
        if word == "SELECT" and self.depth == 0:
            self.projection = True
        elif word == "SELECT" or (word in _MODIFIERS and self.depth > 0):
            self.kept_until = self.depth if self.kept_until is None else self.kept_until

    def _variable(self, variable: str) -> str:
        term = self.terms[variable[1:]]
        if self.projection:
            return f"({term} AS {variable})"
        if self.depth == 0:
            return ""  # GROUP BY, ORDER BY: a constant changes nothing there
        if self.kept_until is not None:
            return variable
        return term
