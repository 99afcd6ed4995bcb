"""The finder's answer: one payload for a need, a place and optional filters.

``find(store, need="jag vill börja exportera", place="Sörmland")`` reads the need
(:mod:`graph.finder.need`), finds the place (:mod:`graph.finder.place_lookup`), ranks the actors
(:mod:`graph.finder.ranking`, which documents the points) and adds the running projects and the
networks that fit. Every reason names the records it rests on, each with its sources.
"""

from __future__ import annotations

from datetime import date

from graph.errors import InvalidParameter
from graph.finder.evidence import Evidence, gather, library
from graph.finder.fit import Fit, network_fit
from graph.finder.need import FILTERS, Need, understand, understood
from graph.finder.place_lookup import resolve_place
from graph.finder.ranking import RANKING_TEXT, Context, Ranked, fitting_projects, rank
from graph.finder.timing import CURRENT, STATE_LABELS
from graph.finder.vocabulary import Vocabulary
from graph.resources.common import ref
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


def _need_messages(need: Need) -> list[dict]:
    examples_sv = ", ".join(f"'{sv}'" for sv, _ in EXAMPLES[:3])
    examples_en = ", ".join(f"'{sv}' ({en})" for sv, en in EXAMPLES[:3])
    if not need.text and not need.chosen:
        return [_message("empty-need", f"Skriv vad du behöver hjälp med, till exempel {examples_sv}, "
                                       "eller välj en tjänst, en målgrupp eller ett skede.",
                         f"Write what you need help with, for example {examples_en}, or choose a "
                         "service, a target group or a stage.")]
    if need.empty:
        return [_message("need-not-understood", f"Vi förstod inte '{need.text}'. Prova med andra ord, "
                                                f"till exempel {examples_sv}.",
                         f"We did not understand '{need.text}'. Try other words, for example {examples_en}.")]
    return []


def _result_messages(need: Need, place: dict | None, found: list, elsewhere: int, asked: str) -> list[dict]:
    messages = []
    if elsewhere and place:
        where = place["label"]
        if elsewhere == 1:
            sv, en = "1 aktör som passar behovet verkar", "1 actor that fits the need works"
        else:
            sv = f"{elsewhere} aktörer som passar behovet verkar"
            en = f"{elsewhere} actors that fit the need work"
        messages.append(_message("elsewhere", f"{sv} bara på andra platser än {where} och visas inte.",
                                 f"{en} only in places other than {where} and "
                                 f"{'is' if elsewhere == 1 else 'are'} left out."))
    if not need.empty and not found:
        messages.append(_message("no-actors", "Vi hittade ingen aktör som passar. Prova ett bredare behov "
                                              "eller en större plats.",
                                 "We found no actor that fits. Try a broader need or a larger place."))
    if not need.empty and not asked:
        messages.append(_message("no-place", "Skriv en kommun, ett län eller ett postnummer för att se vem "
                                             "som verkar där.",
                                 "Write a municipality, a county or a postal code to see who works there."))
    return messages


def _concepts(vocabulary: Vocabulary, iris) -> list[dict]:
    found = [vocabulary.concepts[i] for i in iris if i in vocabulary.concepts]
    return sorted((ref(c.iri, c.label, key=c.key, label_en=c.label_en) for c in found),
                  key=lambda r: sort_key(r["label"]))


def _with_sources(evidence: Evidence, reasons: list[dict]) -> list[dict]:
    for item in reasons:
        for fact in item["facts"]:
            fact["sources"] = evidence.sources(fact["iri"])
    return reasons


def _actor_item(ranked: Ranked, evidence: Evidence, vocabulary: Vocabulary) -> dict:
    actor = ranked.actor
    services = [ref(s.iri, s.label, types=_concepts(vocabulary, s.types), sources=evidence.sources(s.iri))
                for s in sorted(ranked.services, key=lambda s: sort_key(s.label))]
    return ref(actor.iri, actor.label, key=actor.iri.rsplit("/", 1)[-1], type=actor.type, score=ranked.score,
               vagen_in=ranked.vagen_in, reasons=_with_sources(evidence, ranked.reasons), services=services)


def _fits(vocabulary: Vocabulary, fit: Fit) -> list[dict]:
    return _concepts(vocabulary, fit.concepts())


def _project_items(context: Context, vocabulary: Vocabulary) -> list[dict]:
    items = []
    for project, fit, now in fitting_projects(context):
        tied = bool(context.evidence.tied(project.iri))
        owners = [ref(actor, context.evidence.actors[actor].label) for actor in sorted(project.parties)
                  if actor in context.evidence.actors]
        state_sv, state_en = STATE_LABELS[now]
        items.append(ref(project.iri, project.label, state=now, state_label={"sv": state_sv, "en": state_en},
                         status=project.status, start=project.start, end=project.end, places=project.places,
                         parties=sorted(owners, key=lambda r: sort_key(r["label"])), in_place=tied,
                         fits=_fits(vocabulary, fit)))
    items.sort(key=lambda i: (_ORDER[i["state"]], not i["in_place"], sort_key(i["label"])))
    return items


def _network_items(context: Context, vocabulary: Vocabulary) -> list[dict]:
    items = []
    named = context.evidence.library.named
    for network in context.evidence.networks.values():
        fit = network_fit(context.need, named.get(network.iri, frozenset()))
        tied = bool(context.evidence.tied(network.iri))
        if fit and (tied or not context.place):
            items.append(ref(network.iri, network.label, kind=network.kind, places=network.places,
                             coordinator=network.coordinator, in_place=tied, fits=_fits(vocabulary, fit)))
    return sorted(items, key=lambda i: (not i["in_place"], sort_key(i["label"])))


def _listed(evidence: Evidence, items: list[dict]) -> list[dict]:
    for item in items[:MAX_LISTED]:
        item["sources"] = evidence.sources(item["iri"])
    return items[:MAX_LISTED]


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
    vocabulary = shelf.vocabulary
    wanted = understand(vocabulary, need, service=service, stage=stage, audience=audience)
    where = resolve_place(shelf.place_names, place)
    context = Context(gather(store, where.place and where.place["iri"]), wanted, vocabulary, where.place, day)
    found, elsewhere = rank(context)
    projects, networks = _project_items(context, vocabulary), _network_items(context, vocabulary)
    return {
        "query": {"need": wanted.text, "place": place or "", "service": service, "stage": stage,
                  "audience": audience, "limit": limit, "date": day.isoformat()},
        "understood": understood(wanted),
        "place": where.place,
        "suggestions": where.suggestions,
        "messages": where.messages + _need_messages(wanted)
        + _result_messages(wanted, where.place, found, elsewhere, (place or "").strip()),
        "ranking": RANKING_TEXT,
        "examples": [{"sv": sv, "en": en} for sv, en in EXAMPLES],
        "total": len(found),
        "actors": [_actor_item(item, context.evidence, vocabulary) for item in found[:limit]],
        "projects_total": len(projects),
        "projects": _listed(context.evidence, projects),
        "networks_total": len(networks),
        "networks": _listed(context.evidence, networks),
    }


def filter_choices(store) -> dict[str, list[dict]]:
    """The values each filter takes (``service``, ``audience``, ``stage``), for a form:
    ``value`` (the concept key), ``label`` and ``label_en``, in Swedish order."""
    vocabulary = library(store).vocabulary
    return {parameter: [{"value": c.key, "label": c.label, "label_en": c.label_en}
                        for c in vocabulary.choices(scheme)]
            for parameter, (scheme, _, _) in FILTERS.items()}
