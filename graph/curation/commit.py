"""Make a change: check its precondition, validate the result, then write it, all or nothing.

Under the store's writer lock (so one change at a time, across server workers, each starting
from the newest data):

1. the record's current ETag is compared with the client's ``If-Match``; a stale one stops the
   change (:class:`PreconditionFailed`), so the second of two concurrent edits loses nothing;
2. the change's patch (quads removed, quads added) and its provenance record are applied to a
   copy of the dataset;
3. the copy is validated with the SHACL shapes, as ``aktorskarta load`` does; any violation
   stops the change (:class:`Rejected`, with the report) and nothing is written;
4. the validation warnings are recomputed, and the store writes the copy as a new generation
   with its derived files; readers switch to it whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Dataset

from graph.build import Build
from graph.curation.provenance import ChangeRef, new_change, record_triples
from graph.curation.tokens import Holder
from graph.errors import InvalidParameter
from graph.named_queries import named_query
from graph.namespaces import graph_iri
from graph.problems import Problem
from graph.validate import change_problems, warnings_graph

__all__ = ["VALIDATION_GRAPH", "Committed", "Patch", "PreconditionFailed", "PreconditionRequired", "Rejected",
           "commit", "etag", "focus_of", "record_quads", "validated"]

VALIDATION_GRAPH = ox.NamedNode(str(graph_iri("validation")))
SH_FOCUS = ox.NamedNode("http://www.w3.org/ns/shacl#focusNode")


class PreconditionFailed(Exception):
    """The record changed since the client read it (HTTP 412); ``current`` is its ETag now."""

    def __init__(self, current: str):
        super().__init__(f"the record has changed since you read it (its ETag is now {current}): "
                         f"read it again and repeat your change")
        self.current = current


class PreconditionRequired(Exception):
    """An edit of an existing record came without ``If-Match`` (HTTP 428); ``current`` is the
    record's ETag."""

    def __init__(self, current: str):
        super().__init__("send If-Match with the ETag you read (GET the record first), so that no one "
                         "else's change is overwritten")
        self.current = current


class Rejected(Exception):
    """The change would make the data invalid (HTTP 422); nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"the change was not made: {len(problems)} violation(s) of the shapes")
        self.problems = problems


@dataclass
class Patch:
    """What a change does: quads to remove and quads to add, and the records it is about."""

    removed: list[ox.Quad] = field(default_factory=list)
    added: list[ox.Quad] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


@dataclass
class Committed:
    """A change that was written: its record, and the ETag of its record now."""

    change: ChangeRef
    patch: Patch
    etag: str | None
    warnings: list[Problem]


def record_quads(store, iri: str) -> list[ox.Quad]:
    """A record's statements and its parts' (see ``curation_entity_quads.rq``), in every graph
    but the validation warnings."""
    solutions = store.query(named_query("curation_entity_quads"), {"entity": ox.NamedNode(iri)})
    quads = {ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in solutions}
    return sorted((q for q in quads if q.graph_name != VALIDATION_GRAPH), key=str)


def etag(quads: list[ox.Quad]) -> str | None:
    """The ETag of a record whose statements are ``quads`` (None if it has none: no record).

    >>> etag([]) is None
    True
    """
    if not quads:
        return None
    digest = hashlib.sha256("\n".join(sorted(str(q) for q in quads)).encode()).hexdigest()
    return f'"{digest[:32]}"'


def commit(store, holder: Holder, action: str, reason: str, make: Callable[[ChangeRef], Patch], *,
           precondition: str | None = None, if_match: str | None = None, require_match: bool = True,
           keep_patch: bool = True, derive=None) -> Committed:
    """Make one change.

    Args:
        make: computes the patch from the store (read under the lock) for the change.
        precondition: the IRI of the record whose ETag ``if_match`` must equal.
        require_match: refuse (428) when ``precondition`` names an existing record and
            ``if_match`` is not given.
        keep_patch: keep the removed and added quads in the change record.
        derive: the derived files of the new generation (the network metrics).

    Raises:
        PreconditionRequired, PreconditionFailed, Rejected, and the errors ``make`` raises
        (InvalidParameter, NotFoundError), before anything is written.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidParameter("reason", "say why: 'reason' is required for every change")
    with store.writing():
        if precondition is not None:
            _check(store, precondition, if_match, require_match)
        change = new_change()
        patch = make(change)
        record = record_triples(change, holder, action, patch.changed, reason, patch.removed,
                                patch.added, keep_patch)
        kept, old_warnings = _patched(store, patch, record)
        warnings: list[Problem] = []
        quads = validated(kept, old_warnings, focus_of(kept, patch.added + patch.removed), warnings)
        store.replace(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), derive=derive)
        after = etag(record_quads(store, precondition)) if precondition else None
        return Committed(change, patch, after, warnings)


def validated(quads: list[ox.Quad], old_warnings: list[ox.Quad], focus: set[str],
              warnings: list[Problem] | None = None) -> list[ox.Quad]:
    """``quads`` with their validation warnings, once the ``focus`` nodes pass the shapes.

    Args:
        quads: the dataset without its validation graph.
        old_warnings: the validation graph before the change (kept for nodes outside the focus).
        warnings: if given, receives the warnings about the focus.

    Raises:
        Rejected: a violation.
    """
    problems, results = change_problems(quads, focus)
    violations = [p for p in problems if p.is_violation]
    if violations:
        raise Rejected(violations)
    if warnings is not None:
        warnings.extend(p for p in problems if not p.is_violation)
    return quads + _warnings(old_warnings, focus, results)


def _check(store, iri: str, if_match: str | None, require_match: bool) -> None:
    current = etag(record_quads(store, iri))
    if if_match is None:
        if require_match and current is not None:
            raise PreconditionRequired(current)
        return
    wanted = {tag.strip() for tag in if_match.split(",")}
    if "*" in wanted and current is not None:
        return
    if current not in wanted and (current or "").removeprefix("W/") not in wanted:
        raise PreconditionFailed(current or "none: the record does not exist")


def _patched(store, patch: Patch, record: list[ox.Quad]) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """The store's dataset with the patch and the change record applied, and apart from it the
    validation warnings it had."""
    removed = set(patch.removed)
    kept, warnings = [], []
    for quad in store.quads():
        if quad.graph_name == VALIDATION_GRAPH:
            warnings.append(quad)
        elif quad not in removed:
            kept.append(quad)
    return kept + patch.added + record, warnings


def focus_of(quads: list[ox.Quad], changed: list[ox.Quad]) -> set[str]:
    """The nodes whose shapes a change may break: those it added or removed statements about
    (``changed``), and the nodes that point to them in ``quads``."""
    touched = {q.subject for q in changed if isinstance(q.subject, ox.NamedNode)}
    pointing = {q.subject for q in quads if q.object in touched}
    return {node.value for node in touched | pointing}


def _warnings(old: list[ox.Quad], focus: set[str], results) -> list[ox.Quad]:
    """The validation warnings after a change: the old ones about nodes outside its focus, and
    the new ones about the focus."""
    about = {q.subject for q in old if q.predicate == SH_FOCUS and q.object.value in focus}
    kept = [q for q in old if q.subject not in about]
    fresh = Build(Dataset())
    warnings_graph(fresh, results)
    return kept + _ox_quads(fresh.nquads())


def _ox_quads(nquads: bytes) -> list[ox.Quad]:
    return list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
