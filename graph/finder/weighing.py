"""Every candidate weighed at once: the finder's points (:mod:`graph.finder.ranking`) added up
for all actors together, as arrays, so that a need met by thousands of projects at national size
costs little more than one met by ten. Only the actors shown are then written out piece by piece
(:func:`graph.finder.ranking.rank`), and their scores are checked against these.

An actor's evidence is a table of rows, one per piece: its best service, its best projects (the
projects' every party weighed at once) and its best networks; a member of an actor group gets
the group's rows too. The rows' places give the place points, and the actors' sums, adjustments
and order follow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graph.finder.evidence import MAX_PROJECTS, STATE_WEIGHTS, Question
from graph.finder.library import PROJECT_POINTS
from graph.finder.tables import STATES

__all__ = ["GROUP_PENALTY", "KINDS", "MIN_EVIDENCE", "Rows", "Weighed", "ranks", "weigh"]

#: Less evidence than this makes no candidate (a proposed insats it may join one day).
MIN_EVIDENCE = 5
#: What an actor group (no single actor to contact) loses.
GROUP_PENALTY = 0.3
_STATE_WEIGHTS = np.array([STATE_WEIGHTS[state] for state in STATES])
KINDS = ("service", "project", "network")


@dataclass
class Rows:
    """Pieces of evidence as columns: the actor (its number), the points, the kind of record
    (:data:`KINDS`) and the record (a project's number, else an index into ``records``), the
    record's closest tied place's share (-1: none) and whether it names places at all, the actor
    group it comes from (-1: its own) and its place among the actor's pieces."""

    actor: np.ndarray
    points: np.ndarray
    kind: np.ndarray
    record: np.ndarray
    share: np.ndarray
    placed: np.ndarray
    via: np.ndarray
    order: np.ndarray

    def take(self, mask: np.ndarray) -> Rows:
        return Rows(*(column[mask] for column in self._columns()))

    def _columns(self) -> tuple[np.ndarray, ...]:
        return self.actor, self.points, self.kind, self.record, self.share, self.placed, self.via, self.order

    @classmethod
    def joined(cls, parts: list[Rows]) -> Rows:
        columns = zip(*(part._columns() for part in parts), strict=True)
        return cls(*(np.concatenate(column) for column in columns))


@dataclass
class Weighed:
    """The candidates weighed: the kept actors' numbers best first, every actor's score, the
    rows of the actors with enough evidence (before the place drops those that do not apply
    here), the parents' adjustments (parent → [(regional office, points)]) and how many actors
    that fit work only elsewhere (all of them only if the question does not narrow)."""

    order: np.ndarray
    score: np.ndarray
    rows: Rows
    parents: dict[int, list[tuple[int, int]]]
    elsewhere: int


def ranks(groups: np.ndarray, *keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows in order of ``groups`` and then ``keys`` (the first key first, each ascending),
    and each row's place within its group in that order."""
    order = np.lexsort((*reversed(keys), groups))
    grouped = groups[order]
    first = np.r_[True, grouped[1:] != grouped[:-1]] if len(grouped) else np.zeros(0, dtype=bool)
    starts = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0)) if len(order) else order
    return order, np.arange(len(order)) - starts


def _project_rows(question: Question) -> tuple[Rows, np.ndarray]:
    """The best :data:`MAX_PROJECTS` projects of each actor that does fitting work, as rows (a
    project counts where it works, or anywhere for an actor whose own area is the place); and,
    per actor, the points of its best projects that count only elsewhere (when
    :attr:`Question.narrows` is off: the actors that fit elsewhere are counted only then)."""
    fitting = question.projects
    index, actor, leads = question.library.project_table.doers(fitting.numbers)
    weight = _STATE_WEIGHTS[fitting.state] * fitting.quality
    role_points = np.where(leads, PROJECT_POINTS[True], PROJECT_POINTS[False])
    points = np.maximum(1, np.rint(role_points * weight[index]))
    shares, own = fitting.share[index], question.actor_shares[actor]
    placed = question.library.project_table.placed[fitting.numbers[index]]
    here = (~placed | (shares >= 0)) if question.place else np.ones(len(index), dtype=bool)
    counts = here | (own >= 0)
    value = points * (1 + np.maximum(np.maximum(own, 0), np.maximum(shares, 0)))
    kept = counts.nonzero()[0]
    order, rank = ranks(actor[kept], -value[kept], -points[kept], index[kept])
    best = kept[order[rank < MAX_PROJECTS]]
    rows = Rows(actor[best], points[best], np.full(len(best), KINDS.index("project")),
                fitting.numbers[index[best]], shares[best], placed[best], np.full(len(best), -1),
                1 + rank[rank < MAX_PROJECTS])
    away_points = np.zeros(len(question.library.actor_table.iris))
    if not question.narrows:  # only then are the actors that fit elsewhere counted
        away = (~counts).nonzero()[0]
        order, rank = ranks(actor[away], -points[away])
        top = away[order[rank < MAX_PROJECTS]]
        away_points += np.bincount(actor[top], weights=points[top], minlength=len(away_points))
    return rows, away_points


def _service_rows(question: Question, numbers: np.ndarray, points: np.ndarray) -> Rows:
    """Rows of the services ``numbers`` worth ``points`` to their providers."""
    table = question.library.service_table
    return Rows(table.provider[numbers], points.astype(float), np.full(len(numbers), KINDS.index("service")),
                numbers, table.shares(question.place_shares)[numbers], table.placed[numbers],
                np.full(len(numbers), -1), np.zeros(len(numbers), dtype=np.int64))


def _network_rows(question: Question, actors: np.ndarray, numbers: np.ndarray, points: np.ndarray,
                  order: np.ndarray) -> Rows:
    """Rows of the networks ``numbers`` worth ``points`` to their members ``actors``."""
    table = question.library.network_table
    return Rows(actors, points, np.full(len(numbers), KINDS.index("network")), numbers,
                table.shares(question.place_shares, numbers), table.placed[numbers],
                np.full(len(numbers), -1), order)


def _inherit(rows: Rows, found: np.ndarray, question: Question) -> tuple[Rows, np.ndarray]:
    """The rows of the actors with enough evidence, and each member of an actor group with it
    gets the group's rows (their places left out if it has its own area); ``found`` then holds
    the members too."""
    table, parts, found = question.library.actor_table, [rows.take(found[rows.actor])], found.copy()
    for group, members in question.library.members_of.items():
        number = table.numbers.get(group)
        if number is None or not found[number]:
            continue
        own = rows.take(rows.actor == number)
        for member in members:
            inherited = own.take(np.ones(len(own.actor), dtype=bool))
            member_number = table.numbers[member]
            inherited.actor = np.full(len(own.actor), member_number)
            inherited.via = np.full(len(own.actor), number)
            inherited.order = own.order + 10 * (len(parts) + 1)
            if table.placed[member_number]:
                inherited.share = np.full(len(own.actor), -1.0)
                inherited.placed = np.zeros(len(own.actor), dtype=bool)
            parts.append(inherited)
            found[member_number] = True
    return Rows.joined(parts), found


def _known_shares(question: Question, actors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``actors`` (numbers): the share of the closest place it is known to work in
    (-1: none is tied here) and whether it is known to work anywhere."""
    iris = question.library.actor_table.iris
    shares, known = np.full(len(actors), -1.0), np.zeros(len(actors), dtype=bool)
    for index, number in enumerate(actors.tolist()):
        places = question.library.known_places(iris[number])
        place, share = question.closest(places)
        shares[index], known[index] = (share if place is not None else -1.0), bool(places)
    return shares, known


def weigh(question: Question, services: tuple[np.ndarray, np.ndarray],
          networks: tuple[np.ndarray, ...]) -> Weighed:
    """Weigh every candidate (see the module and :mod:`graph.finder.ranking`).

    Args:
        services: each actor's best service: the services' numbers and their points.
        networks: each actor's best networks: the actors' numbers, the networks' numbers, their
            points and their places among the actors' pieces.
    """
    table = question.library.actor_table
    size = len(table.iris)
    projects, away_points = _project_rows(question)
    rows = Rows.joined([_service_rows(question, *services), projects, _network_rows(question, *networks)])
    evidence = np.bincount(rows.actor, weights=rows.points, minlength=size)
    found = evidence >= MIN_EVIDENCE
    only_away = int(np.count_nonzero(~found & (away_points >= MIN_EVIDENCE)))
    rows, found = _inherit(rows, found, question)
    counted = rows
    if question.place:
        counted, kept, place_points, share, tied = _placed(rows, found, question)
        elsewhere = only_away + int(np.count_nonzero(found & ~kept))
        own = np.maximum(question.actor_shares, 0)
    else:
        kept, tied = found, np.zeros(size, dtype=bool)
        place_points, share, own = np.zeros(size), np.zeros(size), np.zeros(size)
        elsewhere = only_away
    # (bincount gives whole numbers for no rows at all)
    score = np.bincount(counted.actor, weights=counted.points, minlength=size).astype(float) + place_points
    groups = table.groups & kept
    score[groups] -= np.rint(score[groups] * GROUP_PENALTY)
    parents = _parents_after_offices(score, kept, share, tied, question)
    numbers = kept.nonzero()[0]
    order = numbers[np.lexsort((numbers, -own[numbers], -score[numbers]))]
    return Weighed(order, score, rows, parents, elsewhere)


def _placed(rows: Rows, found: np.ndarray, question: Question):
    """Weigh each row by where it applies (:func:`graph.finder.ranking._place` for all at once):
    the rows kept, the actors kept (some row applies here and enough evidence is left), their place
    points, their closest tie's share and whether they have one."""
    table = question.library.actor_table
    size, own = len(table.iris), question.actor_shares[rows.actor]
    where = table.placed[rows.actor] | rows.placed
    share = np.where(where, np.maximum(own, rows.share), -1.0)
    unknown = (~where).nonzero()[0]
    known = np.zeros(len(rows.actor), dtype=bool)
    if len(unknown):
        share[unknown], known[unknown] = _known_shares(question, rows.actor[unknown])
    keep = (share >= 0) | ~(where | known)
    rows, share = rows.take(keep), share[keep]
    points = rows.points * np.where(share >= 0, share, 0.0)
    place_points = np.bincount(rows.actor, weights=np.rint(points), minlength=size)
    closest = np.zeros(size)
    np.maximum.at(closest, rows.actor[share >= 0], share[share >= 0])
    tied = np.bincount(rows.actor[share >= 0], minlength=size) > 0
    evidence = np.bincount(rows.actor, weights=rows.points, minlength=size)
    kept = found & (np.bincount(rows.actor, minlength=size) > 0) & (evidence >= MIN_EVIDENCE)
    return rows.take(kept[rows.actor]), kept, place_points, closest, tied


def _parents_after_offices(score: np.ndarray, kept: np.ndarray, share: np.ndarray, tied: np.ndarray,
                           question: Question) -> dict[int, list[tuple[int, int]]]:
    """A parent ranks below its candidate regional office that works at least as close: its
    score is lowered to one below the office's (``score`` is changed)."""
    numbers, adjusted = question.library.actor_table.numbers, {}
    for parent, children in question.library.children_of.items():
        above = numbers.get(parent)
        if above is None or not kept[above]:
            continue
        for child in (numbers[c] for c in children if c in numbers and kept[numbers[c]]):
            if tied[child] and share[child] >= share[above] and score[above] >= score[child]:
                points = int(score[child] - score[above] - 1)
                adjusted.setdefault(above, []).append((child, points))
                score[above] += points
    return adjusted
