"""The finder weighs every project and service at once, as arrays (graph/finder/tables.py,
weighing.py); what a reason says of one record is reckoned one by one (graph/finder/fit.py,
timing.py). For every newcomer question of tests/finder_questions.csv both must agree, on each
record of the bundled data: the state on the day, how well each project and service fits."""

from __future__ import annotations

import pickle
from datetime import date

import numpy as np
import pytest

from bench.finder_quality import load_questions
from graph.finder.evidence import MIN_QUALITY, Question
from graph.finder.fit import record_fit, service_fit, wanted
from graph.finder.library import DERIVED_FILE, _read, derive, library
from graph.finder.need import text_query, understand
from graph.finder.place_lookup import resolve_place
from graph.finder.tables import STATES
from graph.finder.timing import state_on

QUESTIONS = load_questions()


def question_of(store, asked) -> Question:
    shelf = library(store)
    need = understand(shelf.vocabulary, asked.need)
    place = resolve_place(shelf.place_names, asked.place or None).place
    return Question(store, shelf, need, wanted(need, shelf.vocabulary, text_query(need)), place,
                    date.fromisoformat(asked.date))


@pytest.mark.parametrize("day", ["2019-01-01", "2023-08-15", "2025-06-01", "2026-08-16", "2031-01-01"])
def test_every_projects_state_on_a_day_is_what_its_dates_and_status_say(served, day):
    shelf, today = library(served), date.fromisoformat(day)
    table = shelf.project_table
    states = table.states(today, np.arange(len(table)))
    expected = [state_on(shelf.projects[iri].status, shelf.projects[iri].first_day,
                         shelf.projects[iri].last_day, today) for iri in table.iris]
    assert [STATES[code] for code in states] == expected
    assert len(set(expected)) >= 2  # the day matters


def test_a_project_fits_as_well_as_its_reason_says(served):
    checked = 0
    for asked in QUESTIONS:
        question = question_of(served, asked)
        table, fitting = question.library.project_table, question.projects
        quality = dict(zip(fitting.numbers.tolist(), fitting.quality.tolist(), strict=True))
        for number, iri in enumerate(table.iris):
            project = question.library.projects[iri]
            fit = record_fit(project, question.want, question.library.linked_of[iri],
                             question.library.named.get(iri, frozenset()), question.text(iri))
            expected = fit.quality if fit.quality >= MIN_QUALITY else None
            assert quality.get(number) == expected, (asked.id, iri)
            checked += expected is not None
    assert checked > 100


def test_a_service_fits_as_its_reason_says(served):
    checked = 0
    for asked in QUESTIONS:
        question = question_of(served, asked)
        if question.place:  # all services, not only those that may count at the place
            question.narrowed = False
        table = question.library.service_table
        fitting = set(question.services.numbers.tolist())
        for number, iri in enumerate(table.iris):
            service = question.library.services[iri]
            fit = service_fit(service, question.want, question.text(iri))
            expected = fit.quality >= MIN_QUALITY and service.provider in question.library.actors
            assert (number in fitting) == expected, (asked.id, iri, fit.quality)
            checked += expected
    assert checked > 50


def test_a_library_written_by_another_version_is_built_anew(served, monkeypatch):
    written = derive(served)[DERIVED_FILE]
    assert written.splitlines()[0].startswith(b"aktorskarta finder library ")
    other = pickle.dumps((1, "a library of another shape"))
    monkeypatch.setattr(type(served), "derived", lambda self, name: other if name == DERIVED_FILE else None)
    assert _read(served).project_table.iris == library(served).project_table.iris
