"""The finder's answer: one payload for a need, a place and optional filters.

``find(store, need="jag vill börja exportera", place="Sörmland")`` reads the need
(:mod:`graph.finder.need`), finds the place (:mod:`graph.finder.place_lookup`), ranks the actors
(:mod:`graph.finder.ranking`, which documents the points) and adds the running projects and the
networks that fit. Every reason names the records it rests on, each with its sources.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from graph.errors import InvalidParameter
from graph.finder.evidence import Question
from graph.finder.fit import wanted
from graph.finder.library import library
from graph.finder.need import FILTERS, Need, text_query, understand, understood
from graph.finder.place_lookup import resolve_place
from graph.finder.ranking import RANKING_TEXT, Ranked, rank, written
from graph.finder.reasons import Labels, fact, reason
from graph.finder.tables import STATES
from graph.finder.timing import CURRENT, STATE_LABELS
from graph.finder.vocabulary import Vocabulary
from graph.resources.common import ref
from graph.resources.place import place_kind
from graph.swedish import sort_key

__all__ = ["DEFAULT_LIMIT", "EXAMPLES", "MAX_LIMIT", "MAX_LISTED", "filter_choices", "find", "parse_day",
           "parse_limit"]

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
#: At most this many projects and networks are listed (the answer says how many fit).
MAX_LISTED = 20
#: Needs to try, in Swedish and English.
EXAMPLES = (
    ("jag vill börja exportera", "I want to start exporting"),
    ("vi söker riskkapital", "we are looking for venture capital"),
    ("starta eget", "start my own business"),
    ("jag går på gymnasiet och vill starta företag",
     "I am at upper secondary school and want to start a company"),
    ("vi vill digitalisera produktionen", "we want to digitalise production"),
    ("ägarskifte i familjeföretaget", "a change of owner in the family business"),
    ("vi behöver hitta personal", "we need to find staff"),
)
_ORDER = {name: rank for rank, name in enumerate(CURRENT + ("unknown",))}

def parse_limit(value: str | int | None) -> int:
    """How many actors to return: 1 to :data:`MAX_LIMIT` (default :data:`DEFAULT_LIMIT`)."""
    if value in (None, ""):
        return DEFAULT_LIMIT
    if not str(value).isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise InvalidParameter("limit", f"'{value}' is not a whole number from 1 to {MAX_LIMIT}")
    return int(value)


def parse_day(value: str | date | None) -> date:
    """The day that counts as today for "running" projects: an ISO date, default today."""
    if isinstance(value, date):
        return value
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidParameter("date", f"'{value}' is not a date; write e.g. 2025-06-01") from None


def _message(code: str, swedish: str, english: str) -> dict:
    return {"code": code, "sv": swedish, "en": english}


def _need_messages(need: Need, question: Question) -> list[dict]:
    examples_sv = ", ".join(f"'{sv}'" for sv, _ in EXAMPLES[:3])
    examples_en = ", ".join(f"'{sv}' ({en})" for sv, en in EXAMPLES[:3])
    if not need.text and not need.chosen:
        return [_message("empty-need", f"Skriv vad du behöver hjälp med, till exempel {examples_sv}, "
                                       "eller välj en tjänst, en målgrupp eller ett skede.",
                         f"Write what you need help with, for example {examples_en}, or choose a "
                         "service, a target group or a stage.")]
    if need.empty and not question.answered_by_text:
        return [_message("need-not-understood", f"Vi förstod inte '{need.text}'. Prova med andra ord, "
                                                f"till exempel {examples_sv}.",
                         f"We did not understand '{need.text}'. Try other words, for example {examples_en}.")]
    return []


def _covered_lan(question: Question) -> list[str]:
    """The län the sources' projects, services and networks lie in, by name."""
    tree = question.library.places
    lan = {place if place_kind(place) == "lan" else
           next((above for above in tree.ancestors(place) if place_kind(above) == "lan"), None)
           for place in question.library.covered}
    return sorted((tree.labels[p] for p in lan if p in tree.labels), key=sort_key)


def _coverage_messages(question: Question) -> list[dict]:
    if question.covered:
        return []
    where, covered = question.place["label"], ", ".join(_covered_lan(question))
    return [_message("outside-coverage",
                     f"Källorna i Aktörskartan säger ännu inget om {where}: de täcker {covered}. "
                     "Här visas de aktörer i hela Sverige som passar behovet.",
                     f"The sources in Aktörskartan say nothing yet about {where}: they cover {covered}. "
                     "Shown here are the actors working all over Sweden that fit the need.")]


def _result_messages(question: Question, found: int, elsewhere: int, asked: str) -> list[dict]:
    messages = _coverage_messages(question)
    if elsewhere and question.place and question.covered:
        where = question.place["label"]
        if elsewhere == 1:
            sv, en = "1 aktör som passar behovet verkar", "1 actor that fits the need works"
        else:
            sv = f"{elsewhere} aktörer som passar behovet verkar"
            en = f"{elsewhere} actors that fit the need work"
        messages.append(_message("elsewhere", f"{sv} bara på andra platser än {where} och visas inte.",
                                 f"{en} only in places other than {where} and "
                                 f"{'is' if elsewhere == 1 else 'are'} left out."))
    if not question.want.empty and not found:
        messages.append(_message("no-actors", "Vi hittade ingen aktör som passar. Prova ett bredare behov "
                                              "eller en större plats.",
                                 "We found no actor that fits. Try a broader need or a larger place."))
    if not question.want.empty and not asked:
        messages.append(_message("no-place", "Skriv en kommun, ett län eller ett postnummer för att se vem "
                                             "som verkar där.",
                                 "Write a municipality, a county or a postal code to see who works there."))
    return messages


def _concepts(vocabulary: Vocabulary, iris) -> list[dict]:
    found = [vocabulary.concepts[i] for i in iris if i in vocabulary.concepts]
    return sorted((ref(c.iri, c.label, key=c.key, label_en=c.label_en) for c in found),
                  key=lambda r: sort_key(r["label"]))


def _with_sources(question: Question, reasons: list[dict]) -> list[dict]:
    for item in reasons:
        for each in item["facts"]:
            each["sources"] = question.sources(each["iri"])
    return reasons


def _actor_item(ranked: Ranked, question: Question) -> dict:
    actor, vocabulary = ranked.actor, question.library.vocabulary
    services = [ref(s.iri, s.label, types=_concepts(vocabulary, s.types), sources=question.sources(s.iri))
                for s in sorted(ranked.services, key=lambda s: sort_key(s.label))]
    labels = Labels(question.library.vocabulary)
    return ref(actor.iri, actor.label, key=actor.key, type=actor.type, score=ranked.score,
               reasons=_with_sources(question, written(ranked, question, labels)), services=services)


def _project_items(question: Question) -> tuple[int, list[dict]]:
    """How many projects fit and run (or may run) on the day, in the place or anywhere if none
    was asked for, and the first :data:`MAX_LISTED` of them: running first, best fitting first."""
    fitting = question.projects
    order = np.array([_ORDER.get(state, len(_ORDER)) for state in STATES])[fitting.state]  # len: not listed
    tied = fitting.share >= 0
    listed = ((order < len(_ORDER)) & (tied if question.place else True)).nonzero()[0]
    listed = listed[np.lexsort((fitting.numbers[listed], -fitting.quality[listed], order[listed]))]
    return len(listed), [_project_item(question, int(index)) for index in listed[:MAX_LISTED]]


def _project_item(question: Question, index: int) -> dict:
    library, fitting = question.library, question.projects
    iri = library.project_table.iris[fitting.numbers[index]]
    project, fit, now = library.projects[iri], question.fit(iri), STATES[fitting.state[index]]
    parties = [ref(actor, library.actors[actor].label) for actor in project.doers if actor in library.actors]
    state_sv, state_en = STATE_LABELS[now]
    return ref(iri, project.label, state=now, state_label={"sv": state_sv, "en": state_en},
               status=project.status, start=project.start, end=project.end, places=project.places,
               parties=sorted(parties, key=lambda r: sort_key(r["label"])),
               in_place=bool(fitting.share[index] >= 0),
               fit=float(fitting.quality[index]), fits=_concepts(library.vocabulary, fit.concepts()),
               sources=question.sources(iri))


def _network_items(question: Question) -> list[dict]:
    items, library = [], question.library
    for iri in question.network_qualities:
        network, fit = library.networks[iri], question.fit(iri)
        tied = question.touches(network.place_iris)
        if tied or not question.place:
            items.append(ref(iri, network.label, kind=network.kind, places=network.places,
                             coordinator=network.coordinator, in_place=tied,
                             fits=_concepts(library.vocabulary, fit.concepts())))
    return sorted(items, key=lambda i: (not i["in_place"], sort_key(i["label"])))


def _listed(question: Question, items: list[dict]) -> list[dict]:
    for item in items[:MAX_LISTED]:
        item["sources"] = question.sources(item["iri"])
    return items[:MAX_LISTED]


def _way_in(question: Question) -> dict | None:
    """The kommun's own business function, "vägen in": the actor offering lotsning in exactly
    that kommun, or, where no one does, the kommun itself (None unless the place is a kommun)."""
    place, library = question.place, question.library
    if not place or place["kind"] != "kommun":
        return None
    lotsning = library.vocabulary.concept("tjanst", "lotsning")
    there = (library.services_by_concept.get(lotsning.iri, frozenset())
             & library.services_in.get(place["iri"], frozenset())) if lotsning else ()
    for iri in sorted(there):
        service = library.services.get(iri)
        if service and service.provider in library.actors:
            why = reason("vagen-in", 0,
                         f"Kommunens näringslivsfunktion, vägen in för företag i {place['label']}",
                         f"The municipality's business function, the way in for companies in "
                         f"{place['label']}", [fact(iri, service.label)])
            return _way_in_item(question, library.actors[service.provider], why)
    kommun = f"{place['iri'].rsplit('/id/', 1)[0]}/id/actor/kommun-{place['code']}"
    if kommun not in library.actors:
        return None
    actor = library.actors[kommun]
    why = reason("vagen-in", 0, f"Källorna namnger ingen annan som lotsar företag i {place['label']}, "
                 "så kommunen själv är vägen in",
                 "The sources name no one else here who guides companies, so the municipality itself "
                 "is the way in",
                 [fact(actor.iri, actor.label)])
    return _way_in_item(question, actor, why)


def _way_in_item(question: Question, actor, why: dict) -> dict:
    return ref(actor.iri, actor.label, key=actor.key, type=actor.type,
               reason=_with_sources(question, [why])[0])


def find(store, need: str | None = None, place: str | None = None, *, service: str | None = None,
         stage: str | None = None, audience: str | None = None, limit: int | str | None = None,
         today: date | str | None = None) -> dict:
    """The finder's answer for a need and a place (see the module and :mod:`graph.finder.ranking`).

    Raises:
        InvalidParameter: a filter names no concept of its scheme, ``limit`` or ``today`` is not
            usable, or the need or place is too long.
    """
    limit, day = parse_limit(limit), parse_day(today)
    shelf = library(store)
    read = understand(shelf.vocabulary, need, service=service, stage=stage, audience=audience)
    where = resolve_place(shelf.place_names, place)
    want = wanted(read, shelf.vocabulary, text_query(read))
    question = Question(store, shelf, read, want, where.place, day)
    ranking = rank(question, limit)
    projects_total, projects = _project_items(question)
    networks = _network_items(question)
    return {
        "query": {"need": read.text, "place": place or "", "service": service, "stage": stage,
                  "audience": audience, "limit": limit, "date": day.isoformat()},
        "understood": understood(read),
        "place": where.place,
        "covered": question.covered,
        "suggestions": where.suggestions,
        "messages": where.messages + _need_messages(read, question)
        + _result_messages(question, ranking.total, ranking.elsewhere, (place or "").strip()),
        "ranking": RANKING_TEXT,
        "examples": [{"sv": sv, "en": en} for sv, en in EXAMPLES],
        "way_in": _way_in(question),
        "total": ranking.total,
        "actors": [_actor_item(item, question) for item in ranking.shown],
        "projects_total": projects_total,
        "projects": projects,
        "networks_total": len(networks),
        "networks": _listed(question, networks),
    }


def filter_choices(store) -> dict[str, list[dict]]:
    """The values each filter takes (``service``, ``audience``, ``stage``), for a form:
    ``value`` (the concept key), ``label`` and ``label_en``, in Swedish order."""
    vocabulary = library(store).vocabulary
    return {parameter: [{"value": c.key, "label": c.label, "label_en": c.label_en}
                        for c in vocabulary.choices(scheme)]
            for parameter, (scheme, _, _) in FILTERS.items()}
