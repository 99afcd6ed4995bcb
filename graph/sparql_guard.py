"""What the public SPARQL endpoint refuses to run, decided before a query reaches the engine.

The endpoint is read-only and never leaves the store: updates, ``SERVICE``, ``LOAD`` and
``FROM`` / ``FROM NAMED`` (or the protocol's ``default-graph-uri`` / ``named-graph-uri``) naming
anything but a named graph of the store are refused with :class:`~graph.errors.QueryRefused`.

The check is lexical, not a parse: the query is cut into SPARQL tokens the way the SPARQL
grammar's terminals do (strings, IRIs, comments, variables, prefixed names, words), so a keyword
inside a string, an IRI, a comment, a variable or a prefixed name never counts, and a keyword
between them always does. Nesting deeper than :data:`MAX_NESTING` brackets (``<< >>`` of quoted
triples included) and more than :data:`MAX_PATTERNS` group patterns are refused too: the engine
recurses once per level, and crashes the process on 5 000 nested parentheses or 3 000 OPTIONALs
in a row, and takes minutes over 2 000 nested quoted triples.

>>> check("SELECT * WHERE { ?s ?p 'SERVICE <x>' } # LOAD", set()).form
'SELECT'
>>> check("SELECT * WHERE { SERVICE <http://127.0.0.1/> { ?s ?p ?o } }", set())
Traceback (most recent call last):
...
graph.errors.QueryRefused: SERVICE is not allowed: this endpoint only queries its own store
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

from graph.errors import QueryRefused

__all__ = ["MAX_NESTING", "MAX_PATTERNS", "UPDATE_KEYWORDS", "CheckedQuery", "check", "check_graphs",
           "lexemes", "tokens"]

#: Brackets ``( { [`` a query may nest; deeper ones are refused.
MAX_NESTING = 100
#: Group patterns ``{ }`` and BINDs a query may hold (the largest bundled query has 51). The
#: engine's planner is slow past this even on an empty store: 150 joined groups took 5 s, 250
#: took 40 s, before the query ran at all.
MAX_PATTERNS = 100
#: Words that only appear in SPARQL Update.
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE",
                             "COPY", "WITH"})
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: IRI schemes of a remote engine's own functions (Virtuoso's ``bif:`` and ``sql:`` reach its SQL
#: layer, files included); a query that names one is refused before it leaves the service.
ENGINE_SCHEMES = ("bif:", "sql:")

# SPARQL terminals, tried in this order at each position (longest forms first).
_TOKEN = re.compile(
    r"""
    (?P<string>"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<comment>\#[^\n\r]*)
    |(?P<var>[?$]\w+)
    |(?P<bnode>_:[\w.\-]*+)
    |(?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*(?:--[A-Za-z]+)?)
    |(?P<run>(?:[^\W\d_][\w.\-]*+)?:(?:[\w.\-:%]|\\.)*+|[\w.\-]++)
    |(?P<space>\s+)
    |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_WORD = re.compile(r"[^\W\d]\w*")
_OPEN, _CLOSE = "({[", ")}]"


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the guard: its form and the dataset it names (absolute IRIs)."""

    form: str
    from_graphs: tuple[str, ...] = field(default=())
    from_named_graphs: tuple[str, ...] = field(default=())

    @property
    def names_dataset(self) -> bool:
        """True if the query text sets its own dataset with FROM or FROM NAMED."""
        return bool(self.from_graphs or self.from_named_graphs)

    @property
    def returns_graph(self) -> bool:
        """True for CONSTRUCT and DESCRIBE, whose answer is RDF rather than a result table."""
        return self.form in ("CONSTRUCT", "DESCRIBE")


def tokens(query: str) -> Iterator[Token]:
    """The query's SPARQL tokens, without whitespace and comments.

    >>> [t.text for t in tokens('PREFIX ex: <http://x/#a> ASK { ?load ex:load "LOAD" } # LOAD')]
    ['PREFIX', 'ex:', '<http://x/#a>', 'ASK', '{', '?load', 'ex:load', '"LOAD"', '}']
    """
    for match in _TOKEN.finditer(query):
        kind, text = match.lastgroup, match.group()
        if kind == "run":
            yield from _split_run(text)
        elif kind not in ("space", "comment"):
            yield Token(kind, text)


def lexemes(query: str) -> Iterator[tuple[str, str]]:
    """Every piece of the query, spaces and comments included, as (kind, text): joined, they
    give the query back.

    >>> "".join(text for _, text in lexemes("ASK { ?s <p> 1.5 } # x"))
    'ASK { ?s <p> 1.5 } # x'
    """
    for match in _TOKEN.finditer(query):
        yield match.lastgroup, match.group()


def _split_run(text: str) -> Iterator[Token]:
    """A run of name characters: one prefixed name if it has a colon, else words and numbers.

    Without a colon, ``.`` and ``-`` end a SPARQL token, so ``o.SERVICE`` is two words.
    """
    if ":" in text:
        yield Token("pname", text.rstrip("."))
        return
    for word in _WORD.findall(text):
        yield Token("word", word)


def check(query: str, known_graphs: Iterable[str], default_graph_uris: Iterable[str] = (),
          named_graph_uris: Iterable[str] = ()) -> CheckedQuery:
    """Refuse what the endpoint does not run; say what the query is.

    Args:
        query: the query text.
        known_graphs: IRIs of the store's named graphs (the only graphs FROM may name).
        default_graph_uris, named_graph_uris: the protocol's dataset parameters.

    Raises:
        QueryRefused: an update, SERVICE, LOAD, a graph outside the store, too deep nesting,
            or no query form at all.
    """
    known = set(known_graphs)
    check_graphs(default_graph_uris, known, "default-graph-uri")
    check_graphs(named_graph_uris, known, "named-graph-uri")
    _check_nesting(query)
    found = list(tokens(query))
    _check_patterns(found)
    _check_words(found)
    from_graphs, from_named = _dataset(found)
    check_graphs(from_graphs, known, "FROM")
    check_graphs(from_named, known, "FROM NAMED")
    return CheckedQuery(_form(found), tuple(from_graphs), tuple(from_named))


def check_graphs(iris: Iterable[str], known: set[str], where: str) -> None:
    """Refuse any graph IRI that is not one of the store's named graphs."""
    for iri in iris:
        if iri not in known:
            raise QueryRefused(f"{where} <{iri}> is not a named graph of this store; "
                               f"this endpoint only queries its own graphs (see /sparql for the list)")


def _check_nesting(query: str) -> None:
    """Refuse brackets nested deeper than :data:`MAX_NESTING`, outside strings, IRIs and comments.

    >>> _check_nesting("ASK { " + "<<" * 101 + " ?s ?p ?o " + ">>" * 101 + " }")
    Traceback (most recent call last):
    ...
    graph.errors.QueryRefused: the query nests brackets deeper than 100 levels
    """
    depth, previous = 0, ""
    for kind, text in lexemes(query):
        pair = previous + text if kind == "other" else ""
        if text in _OPEN and kind == "other" or pair == "<<":
            depth += 1
            if depth > MAX_NESTING:
                raise QueryRefused(f"the query nests brackets deeper than {MAX_NESTING} levels")
        elif text in _CLOSE and kind == "other" or pair == ">>":
            depth -= 1
        previous = "" if pair in ("<<", ">>") or kind != "other" else text


def _check_patterns(found: list[Token]) -> None:
    """Refuse more group patterns and BINDs than :data:`MAX_PATTERNS`, nested or not."""
    count = sum(1 for token in found if (token.kind == "other" and token.text == "{")
                or (token.kind == "word" and token.text.upper() == "BIND"))
    if count > MAX_PATTERNS:
        raise QueryRefused(f"the query has {count} group patterns and BINDs; this endpoint runs "
                           f"at most {MAX_PATTERNS}")


def _check_words(found: list[Token]) -> None:
    for token in found:
        _check_engine_extension(token)
        if token.kind != "word":
            continue
        word = token.text.upper()
        if word == "SERVICE":
            raise QueryRefused("SERVICE is not allowed: this endpoint only queries its own store")
        if word == "LOAD":
            raise QueryRefused("LOAD is not allowed: this endpoint is read-only and never fetches data")
        if word == "DEFINE":
            raise QueryRefused("DEFINE is not SPARQL: engine pragmas are not accepted")
        if word in UPDATE_KEYWORDS:
            raise QueryRefused(f"{word} is an update: this endpoint is read-only and runs only "
                               "SELECT, ASK, CONSTRUCT and DESCRIBE")


def _check_engine_extension(token: Token) -> None:
    """Refuse a call into the engine's own functions (``bif:file_to_string``, ``<sql:...>``)."""
    text = token.text.lstrip("<").lower()
    if token.kind in ("pname", "iri") and text.startswith(ENGINE_SCHEMES):
        raise QueryRefused(f"{token.text} names an engine's own function, which this endpoint "
                           "does not run: use standard SPARQL functions")


def _form(found: list[Token]) -> str:
    for token in found:
        if token.kind == "word" and token.text.upper() in QUERY_FORMS:
            return token.text.upper()
    raise QueryRefused("not a query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


def _dataset(found: list[Token]) -> tuple[list[str], list[str]]:
    """The graphs named by FROM and FROM NAMED, resolved against BASE and PREFIX."""
    base, prefixes = "", {}
    from_graphs, from_named = [], []
    for index, token in enumerate(found):
        following = found[index + 1:index + 3]
        word = token.text.upper() if token.kind == "word" else None
        if word == "BASE" and following and following[0].kind == "iri":
            base = _resolve(following[0].text[1:-1], base)
        elif word == "PREFIX" and len(following) == 2 and following[0].kind == "pname":
            prefixes[following[0].text[:-1]] = _resolve(following[1].text[1:-1], base)
        elif word == "FROM":
            named = bool(following) and following[0].kind == "word" and following[0].text.upper() == "NAMED"
            target = following[1] if named and len(following) > 1 else (following[0] if following else None)
            (from_named if named else from_graphs).append(_graph_iri(target, base, prefixes))
    return from_graphs, from_named


def _graph_iri(token: Token | None, base: str, prefixes: dict[str, str]) -> str:
    """The absolute IRI a FROM clause names (refused if it names none)."""
    if token is None or token.kind not in ("iri", "pname"):
        raise QueryRefused("FROM must name a graph IRI")
    if token.kind == "iri":
        return _resolve(token.text[1:-1], base)
    prefix, _, local = token.text.partition(":")
    if prefix not in prefixes:
        raise QueryRefused(f"FROM {token.text}: prefix '{prefix}:' is not declared")
    return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)


def _resolve(iri: str, base: str) -> str:
    return urljoin(base, iri) if base else iri
