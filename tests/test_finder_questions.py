"""The newcomers' questions of ``tests/finder_questions.csv``, each answered as the five sources
say it should be (see ``bench/finder_quality.py`` for the columns): the actors that must be among
the first five, those that must not, those that must not appear at all, the order of pairs, the
projects listed, how the need is read and what the answer says about the place.

The table is checked too: every actor, project and concept it names exists in the data, so a
renamed key cannot make a question pass by asking for nothing.
"""

from __future__ import annotations

import pytest

from bench.finder_quality import judge, load_questions
from graph.finder import find
from graph.finder.ranking import EVIDENCE, MIN_EVIDENCE
from tests.sources import source_rows

QUESTIONS = load_questions()


def _keys(pattern: str) -> set[str]:
    return {row["key"] for row in source_rows(pattern)}


def test_the_table_has_forty_questions_or_more_from_the_five_sources():
    assert len(QUESTIONS) >= 40 and len({q.id for q in QUESTIONS}) == len(QUESTIONS)
    assert all(q.must and q.source for q in QUESTIONS)
    cited = {q.source[:3] for q in QUESTIONS} | {word for q in QUESTIONS for word in q.source.split()}
    assert {"000", "001", "003", "004"} <= cited  # 002 (Örebro) names no actor with a service


def test_every_key_the_table_names_exists():
    actors, projects = _keys("actors/actors.csv"), _keys("*/projects.csv")
    for question in QUESTIONS:
        named = set(question.must + question.relevant + question.not_top5 + question.absent)
        named |= {key for pair in question.before for key in pair} | ({question.way_in} - {""})
        assert named <= actors, (question.id, named - actors)
        assert set(question.projects) <= projects, question.id


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_the_finder_answers_the_newcomer(served, question):
    answer = find(served, question.need, question.place or None, today=question.date, limit=50)
    assert judge(question, answer) == []
    for actor in answer["actors"]:  # nothing is shown for its place or audience alone
        evidence = sum(r["points"] for r in actor["reasons"] if r["code"] in EVIDENCE)
        assert evidence >= MIN_EVIDENCE, (actor["key"], actor["reasons"])
