"""How the finder ranks actors: points for each reason, added up; ties by name. Deterministic.

An actor is a candidate if it offers a service that fits the need, takes part in a running (or
undated) project that fits it, or is the kommun's way in. Its reasons, each with its points and
the records (with their sources) it rests on:

============================  ======  ===================================================
reason                        points  when
============================  ======  ===================================================
``service``                   30      one of its services is of a service type the need names
``related-service``           15      ... of a type close to one the need names (``skos:related``
                                      in ``ontology/finder.ttl``: nyföretagande ~ entreprenörskap
                                      i skolan, finansiering ~ riskkapital, ...)
``audience``                  20      that service is for a target group the need names
                              10      ... for every business, and the need names a kind of
                                      business (or the other way round)
``stage``                     10      that service is for a business stage the need names
``place``                     25      it (or that service) serves the kommun asked for
                              20      ... the delregion the place lies in
                              15      ... the län
                              5       ... all of Sweden
                              10      ... a place within the place asked for
``project``                   10      it takes part in a project that fits the need and is
                                      running (ongoing or upcoming on the day asked), in a role
                                      that does the work (not as its target group, funder,
                                      decision maker or source of learning)
                              5       ... whose status the source does not give
                              +5      ... and the project works in the place (at most three
                                      projects count)
``vagen-in``                  25      it is the kommun's own business function, "vägen in": it
                                      offers lotsning in exactly that kommun, or, where no one
                                      does, it is the kommun itself
============================  ======  ===================================================

Only the best-fitting service counts for the service, audience and stage points. An actor
whose place is unknown gets no place points but stays; an actor whose places are all known and
none of them is the place asked for (or contains or lies in it) is left out, and the answer says
how many were. Without a place, no place points are given and no one is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from graph.finder.evidence import Actor, Evidence, Project, Service, Tie
from graph.finder.fit import Fit, project_fit, service_fit
from graph.finder.need import Need
from graph.finder.timing import CURRENT, STATE_LABELS, state
from graph.finder.vocabulary import Vocabulary
from graph.resources.common import ref
from graph.swedish import sort_key

__all__ = ["PLACE_POINTS", "POINTS", "RANKING_TEXT", "Context", "Ranked", "fitting_projects", "rank",
           "reason"]

POINTS = {"service": 30, "related-service": 15, "audience": 20, "audience-broad": 10, "stage": 10,
          "place-within": 10, "project-current": 10, "project-unknown": 5, "project-in-place": 5,
          "vagen-in": 25}
#: Place points by the kind of place the actor's (or service's) area is, for a "here" or
#: "wider" tie.
PLACE_POINTS = {"kommun": 25, "delregion": 20, "lan": 15, "land": 5}
MAX_PROJECTS = 3

RANKING_TEXT = {
    "sv": ("Aktörerna rangordnas med poäng: en tjänst av den sort du söker 30 (närliggande sort 15), "
           "för din målgrupp 20 (för alla företag 10), för ditt skede 10; verksam i din kommun 25, "
           "delregion 20, län 15, hela Sverige 5 (en del av området 10); ett pågående eller kommande "
           "projekt som passar 10 (status okänd 5, +5 om det verkar på platsen, högst tre projekt); "
           "kommunens näringslivsfunktion, vägen in, 25. Lika poäng ordnas efter namn. Aktörer som "
           "bara verkar på andra platser visas inte."),
    "en": ("Actors are ranked by points: a service of the kind you look for 30 (a related kind 15), "
           "for your target group 20 (for all businesses 10), for your stage 10; working in your "
           "municipality 25, sub-region 20, county 15, all of Sweden 5 (part of the area 10); a "
           "running or upcoming project that fits 10 (status unknown 5, +5 if it works in the place, "
           "at most three projects); the municipality's business function, the way in, 25. Equal "
           "points are ordered by name. Actors that only work elsewhere are left out."),
}


@dataclass
class Ranked:
    """An actor with its points, reasons, the services that fit, and whether it is the way in."""

    actor: Actor
    reasons: list[dict] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    vagen_in: bool = False

    @property
    def score(self) -> int:
        return sum(item["points"] for item in self.reasons)


def reason(code: str, points: int, swedish: str, english: str, facts: list[dict], **extra) -> dict:
    """One reason: a code, its points, its text in Swedish and English, the records it rests on."""
    return {"code": code, "points": points, "sv": swedish, "en": english, "facts": facts, **extra}


def _fact(iri: str, label: str) -> dict:
    return ref(iri, label)


class _Labels:
    """Concept labels for the reasons' texts."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary

    def __call__(self, iris, english: bool = False) -> str:
        found = [self.vocabulary.concepts[i] for i in iris if i in self.vocabulary.concepts]
        names = sorted(((c.label_en or c.label) if english else c.label for c in found), key=sort_key)
        return ", ".join(names)


def _service_reasons(service: Service, fit: Fit, labels: _Labels) -> list[dict]:
    fact = [_fact(service.iri, service.label)]
    found = []
    if fit.types:
        found.append(reason("service", POINTS["service"], f"Erbjuder {labels(fit.types)}: {service.label}",
                            f"Offers {labels(fit.types, True)}: {service.label}", fact))
    elif fit.related:
        found.append(reason("related-service", POINTS["related-service"],
                            f"Erbjuder {labels(fit.related)}, nära det du söker: {service.label}",
                            f"Offers {labels(fit.related, True)}, close to what you need: {service.label}",
                            fact))
    if fit.audiences:
        points = POINTS["audience-broad" if fit.audience_kind == "broad" else "audience"]
        found.append(reason("audience", points, f"Vänder sig till {labels(fit.audiences)}",
                            f"For {labels(fit.audiences, True)}", fact))
    if fit.stages:
        found.append(reason("stage", POINTS["stage"], f"För skedet {labels(fit.stages)}",
                            f"For the stage {labels(fit.stages, True)}", fact))
    return found


def _best_service(fits: list[tuple[Service, Fit]], labels: _Labels) -> list[dict]:
    """The reasons of the service that earns the most points (the first by IRI on a tie)."""
    options = [_service_reasons(service, fit, labels) for service, fit in fits]
    return max(options, key=lambda found: sum(r["points"] for r in found), default=[])


def _tie_points(tie: Tie) -> int:
    return POINTS["place-within"] if tie.scope == "within" else PLACE_POINTS[tie.kind]


def _place_text(tie: Tie, place: dict) -> tuple[str, str]:
    via, here = tie.via_label, place["label"]
    if tie.kind == "land":
        return "Verkar i hela Sverige", "Works all over Sweden"
    if tie.scope == "within":
        return f"Verkar i {via}, en del av {here}", f"Works in {via}, part of {here}"
    based = tie.relation == "based_in"
    verb_sv, verb_en = ("Har sitt säte i", "Is based in") if based else ("Verkar i", "Works in")
    if tie.scope == "here":
        return f"{verb_sv} {via}", f"{verb_en} {via}"
    return f"{verb_sv} {via}, där {here} ingår", f"{verb_en} {via}, which {here} is part of"


def _place_reason(ranked: Ranked, evidence: Evidence, place: dict) -> list[dict]:
    """The actor's (or a fitting service's) best tie to the place, as a reason."""
    options = [(tie, ranked.actor.iri, ranked.actor.label) for tie in evidence.tied(ranked.actor.iri)]
    options += [(tie, s.iri, s.label) for s in ranked.services for tie in evidence.tied(s.iri)]
    if not options:
        return []
    tie, iri, label = max(options, key=lambda o: (_tie_points(o[0]), o[1] != ranked.actor.iri, o[1]))
    sv, en = _place_text(tie, place)
    return [reason("place", _tie_points(tie), sv, en, [_fact(iri, label)], place=tie.ref())]


def _project_reason(project: Project, roles: list[dict], fit: Fit, now: str, tied: bool,
                    labels: _Labels) -> dict:
    points = POINTS["project-current" if now in CURRENT else "project-unknown"]
    points += POINTS["project-in-place"] if tied else 0
    role_sv = ", ".join(sorted(r["label"] for r in roles))
    role_en = ", ".join(sorted(r.get("label_en") or r["label"] for r in roles))
    state_sv, state_en = STATE_LABELS[now]
    for_sv, for_en = labels(fit.concepts()), labels(fit.concepts(), True)
    return reason("project", points, f"{role_sv} i {project.label} ({state_sv}), för {for_sv}",
                  f"{role_en} in {project.label} ({state_en}), for {for_en}",
                  [_fact(project.iri, project.label)], state=now, in_place=tied)


@dataclass
class Context:
    """What one question to the finder weighs: the evidence, the need, the place, the day."""

    evidence: Evidence
    need: Need
    vocabulary: Vocabulary
    place: dict | None
    today: date
    labels: _Labels = None
    projects: list | None = None

    def __post_init__(self):
        self.labels = _Labels(self.vocabulary)


def fitting_projects(context: Context) -> list[tuple[Project, Fit, str]]:
    """Projects that fit the need and are running or undated, and not only elsewhere."""
    if context.projects is None:
        context.projects = []
        named = context.evidence.library.named
        for project in context.evidence.projects.values():
            now = state(project.status, project.start, project.end, context.today)
            fit = project_fit(project, context.need, named.get(project.iri, frozenset())) \
                if now in CURRENT + ("unknown",) and not context.need.empty else None
            if fit and not _elsewhere(context, project.iri, {p["iri"] for p in project.places}):
                context.projects.append((project, fit, now))
    return context.projects


def _elsewhere(context: Context, iri: str, places: set[str]) -> bool:
    """True if a place was asked for, ``iri`` has no tie to it, and its own places are known."""
    return bool(context.place and places and not context.evidence.tied(iri))


def _projects_by_party(projects: list[tuple[Project, Fit, str]]) -> dict[str, list[tuple]]:
    """Actor IRI → the fitting projects it does the work in: (project, roles, fit, state) each.

    Built once per question, so ranking looks an actor up instead of asking every project.
    """
    found: dict[str, list[tuple]] = {}
    for project, fit, now in projects:
        for party in project.parties:
            roles = project.roles_of(party)
            if roles:
                found.setdefault(party, []).append((project, roles, fit, now))
    return found


def _project_reasons(involved: list[tuple], context: Context) -> list[dict]:
    found = [_project_reason(project, roles, fit, now, bool(context.evidence.tied(project.iri)),
                             context.labels)
             for project, roles, fit, now in involved]
    found.sort(key=lambda r: (-r["points"], r["facts"][0]["label"]))
    return found[:MAX_PROJECTS]


def _way_in(context: Context) -> dict[str, dict]:
    """The kommun's way in: actor IRI → its reason (none unless the place is a kommun)."""
    place = context.place
    if not place or place["kind"] != "kommun":
        return {}
    lotsning = context.vocabulary.concept("tjanst", "lotsning")
    found = {}
    for service in context.evidence.services.values():
        here = any(t.scope == "here" for t in context.evidence.tied(service.iri))
        if lotsning and lotsning.iri in service.types and here:
            found[service.provider] = reason(
                "vagen-in", POINTS["vagen-in"],
                f"Kommunens näringslivsfunktion, vägen in för företag i {place['label']}",
                f"The municipality's business function, the way in for companies in {place['label']}",
                [_fact(service.iri, service.label)])
    kommun = f"{place['iri'].rsplit('/id/', 1)[0]}/id/actor/kommun-{place['code']}"
    if not found and kommun in context.evidence.actors:
        actor = context.evidence.actors[kommun]
        found[kommun] = reason("vagen-in", POINTS["vagen-in"],
                               f"Kommunen själv, vägen in för företag i {place['label']}",
                               f"The municipality itself, the way in for companies in {place['label']}",
                               [_fact(actor.iri, actor.label)])
    return found


def _services_by_actor(context: Context) -> dict[str, list[tuple[Service, Fit]]]:
    found: dict[str, list[tuple[Service, Fit]]] = {}
    for service in sorted(context.evidence.services.values(), key=lambda s: s.iri):
        fit = service_fit(service, context.need, context.vocabulary)
        if fit and service.provider in context.evidence.actors:
            found.setdefault(service.provider, []).append((service, fit))
    return found


def _ranked(actor: Actor, services: list, involved: list, way_in: dict | None,
            context: Context) -> Ranked | None:
    """The actor with its reasons, or None if it is not a candidate or works only elsewhere."""
    ranked = Ranked(actor, services=[service for service, _ in services], vagen_in=way_in is not None)
    ranked.reasons = ([way_in] if way_in else []) + _best_service(services, context.labels)
    project_reasons = _project_reasons(involved, context)
    if not (ranked.reasons or project_reasons):
        return None
    ranked.reasons += _place_reason(ranked, context.evidence, context.place) if context.place else []
    ranked.reasons += project_reasons
    if _works_elsewhere(ranked, services, context):
        return None
    return ranked


def _works_elsewhere(ranked: Ranked, services: list, context: Context) -> bool:
    """True if a place was asked for, nothing ties the actor to it, and its own places are known."""
    if ranked.vagen_in or not context.place:
        return False
    if any(r["code"] == "place" or r.get("in_place") for r in ranked.reasons):
        return False
    worked = context.evidence.library.project_places.get(ranked.actor.iri, frozenset())
    return bool(ranked.actor.places or worked or any(service.areas for service, _ in services))


def rank(context: Context) -> tuple[list[Ranked], int]:
    """The candidates, best first, and how many were left out as working only elsewhere."""
    evidence, need = context.evidence, context.need
    services = _services_by_actor(context) if not need.empty else {}
    by_party = _projects_by_party(fitting_projects(context))
    way_in = _way_in(context)
    found, elsewhere = [], 0
    for actor in evidence.actors.values():
        ranked = _ranked(actor, services.get(actor.iri, []), by_party.get(actor.iri, []),
                         way_in.get(actor.iri), context)
        if ranked is None:
            elsewhere += _is_candidate(actor, services, by_party, way_in)
        else:
            found.append(ranked)
    found.sort(key=lambda r: (-r.score, sort_key(r.actor.label)))
    return found, elsewhere


def _is_candidate(actor: Actor, services: dict, by_party: dict, way_in: dict) -> bool:
    return actor.iri in services or actor.iri in way_in or actor.iri in by_party
