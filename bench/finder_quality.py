"""How well the finder answers newcomers: precision and recall at 5 over the question table.

Run from the repository root::

    python -m bench.finder_quality            # every question, a line each, then the totals
    python -m bench.finder_quality --failing  # only the questions the finder gets wrong

The questions are ``tests/finder_questions.csv``: a need in plain Swedish (or English), a place,
the day that counts as today, and what the five source documents say about the answer:

=============  =====================================================================
column         meaning
=============  =====================================================================
``must``       actors that must be among the first five (``|``-separated actor keys)
``relevant``   further actors that fit the need there (relevant, but not required)
``not_top5``   actors that must not be among the first five
``absent``     actors that must not be returned at all (nothing they do fits)
``before``     ``a<b``: actor ``a`` ranks above actor ``b`` (``b`` may be absent)
``projects``   running or upcoming projects that must be listed with the answer
``reads``      concepts (``scheme/key``) the need must be read as
``not_reads``  concepts it must not be read as
``way_in``     the kommun's way in (its business function) the answer must name
``message``    a message code the answer must carry (``outside-coverage``)
``source``     where in the sources the expectation comes from
=============  =====================================================================

Precision at 5 is the share of the first five actors (or fewer, if fewer are returned) that
are relevant (``must`` or ``relevant``); recall at 5 is the share of the relevant actors found
among the first five, out of at most five. The mean of both over the questions is printed, so a
change that helps one question and hurts others shows. :func:`judge` lists what a question gets
wrong; ``tests/test_finder_questions.py`` asserts that it is nothing, question by question.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from graph.namespaces import BASE

__all__ = ["QUESTIONS_FILE", "Question", "judge", "load_questions", "main", "scores"]

QUESTIONS_FILE = Path(__file__).resolve().parent.parent / "tests" / "finder_questions.csv"
TOP = 5


def _keys(cell: str) -> list[str]:
    return [key.strip() for key in (cell or "").split("|") if key.strip()]


@dataclass(frozen=True)
class Question:
    """One row of the question table (see the module)."""

    id: str
    lang: str
    need: str
    place: str
    date: str
    must: tuple[str, ...]
    relevant: tuple[str, ...]
    not_top5: tuple[str, ...]
    absent: tuple[str, ...]
    before: tuple[tuple[str, str], ...]
    projects: tuple[str, ...]
    reads: tuple[str, ...]
    not_reads: tuple[str, ...]
    way_in: str
    message: str
    source: str

    @classmethod
    def from_row(cls, row: dict) -> Question:
        lists = {name: tuple(_keys(row[name])) for name in
                 ("must", "relevant", "not_top5", "absent", "projects", "reads", "not_reads")}
        before = tuple(tuple(pair.split("<", 1)) for pair in _keys(row["before"]))
        return cls(row["id"], row["lang"], row["need"], row["place"], row["date"], before=before,
                   way_in=row["way_in"], message=row["message"], source=row["source"], **lists)

    @property
    def relevant_set(self) -> set[str]:
        return set(self.must) | set(self.relevant)


def load_questions(path: Path = QUESTIONS_FILE) -> list[Question]:
    with path.open(encoding="utf-8", newline="") as file:
        return [Question.from_row(row) for row in csv.DictReader(file)]


def _actor_keys(answer: dict) -> list[str]:
    return [actor["key"] for actor in answer["actors"]]


def _read_concepts(answer: dict) -> set[str]:
    understood = answer["understood"]
    found = set()
    for kind in ("services", "audiences", "stages"):
        for concept in understood[kind]:
            found.add(concept["iri"].removeprefix(f"{BASE}id/concept/"))
    return found


def _rank_problems(question: Question, ranked: list[str]) -> list[str]:
    top, problems = ranked[:TOP], []
    problems += [f"{key} is not in the top {TOP}" for key in question.must if key not in top]
    problems += [f"{key} is in the top {TOP}" for key in question.not_top5 if key in top]
    problems += [f"{key} is returned (nothing it does fits)" for key in question.absent if key in ranked]
    for above, below in question.before:
        if above not in ranked:
            problems.append(f"{above} is not returned, so not above {below}")
        elif below in ranked and ranked.index(below) < ranked.index(above):
            problems.append(f"{below} ranks above {above}")
    return problems


def judge(question: Question, answer: dict) -> list[str]:
    """What the finder's ``answer`` to ``question`` gets wrong (empty: nothing)."""
    problems = _rank_problems(question, _actor_keys(answer))
    listed = {project["iri"].rsplit("/", 1)[-1] for project in answer["projects"]}
    problems += [f"project {key} is not listed" for key in question.projects if key not in listed]
    read = _read_concepts(answer)
    problems += [f"not read as {key}" for key in question.reads if key not in read]
    problems += [f"read as {key}" for key in question.not_reads if key in read]
    way_in = (answer.get("way_in") or {}).get("key", "")
    if question.way_in and way_in != question.way_in:
        problems.append(f"the way in is {way_in or 'nobody'}, not {question.way_in}")
    codes = {message["code"] for message in answer["messages"]}
    if question.message and question.message not in codes:
        problems.append(f"no message {question.message}")
    return problems


def scores(question: Question, answer: dict) -> tuple[float, float]:
    """Precision and recall at 5 (see the module)."""
    top = _actor_keys(answer)[:TOP]
    relevant = question.relevant_set
    hits = sum(1 for key in top if key in relevant)
    precision = hits / len(top) if top else 0.0
    recall = hits / min(len(relevant), TOP) if relevant else 1.0
    return precision, recall


def _answer(store, question: Question) -> dict:
    from graph.finder import find
    return find(store, question.need, question.place or None, today=question.date, limit=50)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failing", action="store_true", help="print only the questions answered wrongly")
    arguments = parser.parse_args(argv)
    from graph.ingest import prepare
    from graph.store import GraphStore
    store = GraphStore.memory()
    store.replace(prepare().build.nquads())
    questions = load_questions()
    total_p = total_r = 0.0
    wrong = 0
    print(f"{'question':34} {'P@5':>5} {'R@5':>5}  top 5 / what is wrong")
    for question in questions:
        answer = _answer(store, question)
        precision, recall = scores(question, answer)
        problems = judge(question, answer)
        total_p, total_r, wrong = total_p + precision, total_r + recall, wrong + bool(problems)
        if problems or not arguments.failing:
            print(f"{question.id:34} {precision:5.2f} {recall:5.2f}  {', '.join(_actor_keys(answer)[:TOP])}")
            for problem in problems:
                print(f"{'':46}- {problem}")
    count = len(questions)
    print(f"\n{count} questions: mean precision@5 {total_p / count:.3f}, "
          f"mean recall@5 {total_r / count:.3f}, "
          f"{count - wrong} answered without fault, {wrong} with")
    return 0


if __name__ == "__main__":
    sys.exit(main())
