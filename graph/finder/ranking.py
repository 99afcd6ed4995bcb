"""How the finder ranks actors. Deterministic: the same question always gets the same answer.

**An actor is a candidate only when something it does fits the need**: a service, a project or
insats it owns, leads or takes part in (not as its target group, funder or source of learning),
or a network it belongs to (see :mod:`graph.finder.fit` for what fits). A member of an actor
group ("Nyföretagarcentrum Västra Sörmland", one of "Sörmlands fyra Nyföretagarcentrum") also
answers for what its group does. Its evidence, in points:

==============  =====================================================================
``service``     its best-fitting service: 30 for a kind of support the need names (10 a
                related kind), up to +10 as its text speaks of the need's words (up to 15
                for a text that speaks of them without the kind), +20 for a
                target group the need names (+10 "Alla företag" to a kind of business),
                +10 for a stage it names; a quarter for an offer to another target group
``project``     per project (the three best count): 20 if it owns or leads it, 12 if it
                takes part, times the project's state on the day (running or upcoming
                1, status unknown 0.8, ended 0.5, proposed 0.3) and its fit (0 to 1)
``network``     per network (the two best count): 10 as its coordinator, 6 as a member,
                times its fit
==============  =====================================================================

An actor with less than :data:`MIN_EVIDENCE` points of evidence is no candidate.

**Place raises or lowers the rank, and never makes a candidate**: each piece of evidence counts
where it applies, that is where the actor works (its own area) or where the service, project or
network works. Tied to the asked place, it adds a share of its points: 60 % in the place itself,
50 % through its delregion, 40 % its län, 25 % a part of the place, 15 % all of Sweden. Evidence
that applies only elsewhere (Dorotea kommun's advice in Dorotea, to a question from Storuman)
counts nothing, and an actor with no other evidence is left out (and counted). Evidence whose
place no source gives applies where the actor is known to work (any service, project or network
of its), and, where that is not known either, counts without a share.

**Adjustments**: an actor group (no single actor to contact) loses 30 %; a parent organisation
ranks below its regional office when the office works at least as close. Equal points go first
to the actor whose own area is closer, then by name.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections import defaultdict
from dataclasses import dataclass, field

from graph.finder.evidence import MAX_PROJECTS, STATE_WEIGHTS, Question
from graph.finder.fit import Fit, discount, text_quality, text_share
from graph.finder.library import PROJECT_POINTS
from graph.finder.reasons import (
    Labels,
    fact,
    network_texts,
    place_texts,
    project_texts,
    reason,
    service_texts,
)
from graph.finder.records import Actor, Service
from graph.finder.ties import SHARES
from graph.swedish import sort_key

__all__ = ["EVIDENCE", "GROUP_PENALTY", "MIN_EVIDENCE", "POINTS", "RANKING_TEXT", "STATE_WEIGHTS", "Piece",
           "Ranked", "rank", "written"]

POINTS = {"service": 30, "related-service": 10, "service-text": 15, "service-text-bonus": 10, "audience": 20,
          "audience-broad": 10, "stage": 10, "project-lead": PROJECT_POINTS[True],
          "project-part": PROJECT_POINTS[False], "network-coordinator": 10, "network-member": 6}
GROUP_PENALTY = 0.3
#: Less evidence than this makes no candidate (a proposed insats it may join one day).
MIN_EVIDENCE = 5
MAX_NETWORKS = 2
GROUP_TYPE = "aktorsgrupp"
#: Fewer actors than this fit here: the answer says how many fit elsewhere.
FEW = 5

def _percent(share: float, lang: str = "sv") -> str:
    return f"{round(share * 100)}{' ' if lang == 'sv' else ''}%"


RANKING_TEXT = {
    "sv": ("Bara aktörer som gör något som passar behovet visas: en tjänst, ett projekt eller en insats "
           "de äger, leder eller deltar i, eller ett nätverk de är med i. Poäng: en tjänst av den sort du "
           f"söker {POINTS['service']} (närliggande sort {POINTS['related-service']}, en tjänst vars text "
           f"talar om behovet upp till {POINTS['service-text']}), för din målgrupp +{POINTS['audience']}, "
           f"för ditt skede +{POINTS['stage']}; ett projekt som passar {POINTS['project-lead']} om aktören "
           f"äger eller leder det, {POINTS['project-part']} om den deltar, gånger hur väl det passar och "
           f"om det pågår (avslutat hälften); ett nätverk upp till {POINTS['network-coordinator']}. "
           f"Platsen lägger till en andel: {_percent(SHARES['here'])} för din kommun, "
           f"{_percent(SHARES['delregion'])} delregionen, {_percent(SHARES['lan'])} länet, "
           f"{_percent(SHARES['land'])} hela Sverige. En grupp av aktörer får {_percent(GROUP_PENALTY)} "
           "mindre, och ett moderbolag hamnar efter sitt regionala bolag. Vid lika poäng går den som "
           "verkar närmast först, sedan efter namn. Aktörer som bara verkar på andra platser visas inte."),
    "en": ("Only actors that do something that fits the need are shown: a service, a project or insats "
           "they own, lead or take part in, or a network they belong to. Points: a service of the kind "
           f"you need {POINTS['service']} (a related kind {POINTS['related-service']}, a service whose "
           f"text speaks of the need up to {POINTS['service-text']}), for your target group "
           f"+{POINTS['audience']}, for your stage +{POINTS['stage']}; a fitting project "
           f"{POINTS['project-lead']} if the actor owns or leads it, {POINTS['project-part']} if it "
           "takes part, times how well it fits and whether it is running (ended: half); a network up "
           f"to {POINTS['network-coordinator']}. The place adds a share: "
           f"{_percent(SHARES['here'], 'en')} for your municipality, "
           f"{_percent(SHARES['delregion'], 'en')} the sub-region, {_percent(SHARES['lan'], 'en')} the "
           f"county, {_percent(SHARES['land'], 'en')} all of Sweden. A group of actors gets "
           f"{_percent(GROUP_PENALTY, 'en')} less, and a parent organisation comes after its regional "
           "office. Equal points go first to the actor that works closest, then by name. Actors that "
           "only work elsewhere are left out."),
}


@dataclass
class Piece:
    """One piece of an actor's evidence: a service, a project or a network, its points, and the
    places it applies to (reasons are written out only for the actors shown)."""

    code: str
    points: int
    record: str
    places: frozenset[str]
    state: str | None = None
    leads: bool = False
    #: The actor group whose evidence this is, for one of its members.
    via: str | None = None


@dataclass
class Ranked:
    """An actor with its evidence, what its place adds, its adjustments and the services that fit."""

    actor: Actor
    pieces: list[Piece] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    place_points: int = 0
    #: The place of its closest tie to the asked place, and that tie's share.
    place: str | None = None
    share: float = 0.0
    #: The share of its own area's closest tie (to order equal scores).
    own_share: float = 0.0
    adjustments: list[dict] = field(default_factory=list)

    @property
    def evidence(self) -> int:
        return sum(piece.points for piece in self.pieces)

    @property
    def score(self) -> int:
        return self.evidence + self.place_points + sum(item["points"] for item in self.adjustments)


EVIDENCE = ("service", "project", "network")


def _service_points(fit: Fit) -> int:
    if fit.types or fit.related:
        kinds = POINTS["service" if fit.types else "related-service"]
        kinds += round(POINTS["service-text-bonus"] * text_share(fit.text))
    else:
        kinds = round(POINTS["service-text"] * text_quality(fit.text))
    extra = {"exact": POINTS["audience"], "broad": POINTS["audience-broad"]}.get(fit.audience_kind, 0)
    points = kinds + extra + (POINTS["stage"] if fit.stages else 0)
    return max(1, round(points * discount(fit.audience_kind)))


def _services(question: Question) -> dict[str, tuple[Piece, Service]]:
    """Provider → its best-fitting service (the first by IRI on a tie)."""
    best: dict[str, tuple[Piece, Service]] = {}
    for iri, fit in question.service_fits.items():
        service, points = question.library.services[iri], _service_points(fit)
        if service.provider not in best or points > best[service.provider][0].points:
            best[service.provider] = (Piece("service", points, iri, frozenset(service.areas)), service)
    return best


def _projects(question: Question) -> tuple[dict[str, list[Piece]], dict[str, list[int]]]:
    """Actor → the (at most :data:`MAX_PROJECTS`) projects it does fitting work in that are worth
    most at the asked place (points and share); and actor → the points of those that cannot count
    there (work elsewhere)."""
    found: dict[str, list[tuple]] = defaultdict(list)
    away: dict[str, list[int]] = defaultdict(list)
    states, tied = question.states, question.own_tied
    for iri, quality in question.project_qualities.items():
        project, now = question.library.projects[iri], states[iri]
        weight = STATE_WEIGHTS[now] * quality
        # Elsewhere, a project counts only for the actors whose own area is the place.
        here = not question.place or not project.place_iris or question.touches(project.place_iris)
        for actor, (_, leads) in project.doers.items():
            points = max(1, round(PROJECT_POINTS[leads] * weight))
            if here or actor in tied:
                found[actor].append((-question.value(points, actor, project), -points, project.order, iri))
            else:
                away[actor].append(points)
    projects = question.library.projects
    return {actor: [Piece("project", -points, iri, projects[iri].place_iris, state=states[iri])
                    for _, points, _, iri in heapq.nsmallest(MAX_PROJECTS, items)]
            for actor, items in found.items()}, away


def _networks(question: Question) -> dict[str, list[Piece]]:
    found: dict[str, list[Piece]] = defaultdict(list)
    for iri, quality in question.network_qualities.items():
        network = question.library.networks[iri]
        coordinator = network.coordinator["iri"] if network.coordinator else None
        for actor in sorted(network.members):
            leads = actor == coordinator
            points = max(1, round(POINTS["network-coordinator" if leads else "network-member"] * quality))
            found[actor].append(Piece("network", points, iri, network.place_iris, leads=leads))
    networks = question.library.networks
    for actor, items in found.items():
        items.sort(key=lambda piece: (-question.value(piece.points, actor, networks[piece.record]),
                                      -piece.points, piece.record))
    return found


def _evidence(question: Question) -> tuple[dict[str, Ranked], int]:
    """Every actor with enough evidence, with its pieces of evidence; and how many others have
    enough evidence only in projects elsewhere."""
    services, (projects, away), networks = _services(question), _projects(question), _networks(question)
    found = {}
    for iri in set(services) | set(projects) | set(networks):
        if iri not in question.library.actors:
            continue
        ranked = Ranked(question.library.actors[iri])
        if iri in services:
            piece, service = services[iri]
            ranked.pieces.append(piece)
            ranked.services.append(service)
        ranked.pieces += projects.get(iri, [])[:MAX_PROJECTS] + networks.get(iri, [])[:MAX_NETWORKS]
        if ranked.evidence >= MIN_EVIDENCE:
            found[iri] = ranked
    only_away = sum(1 for actor, points in away.items() if actor not in found
                    and sum(heapq.nlargest(MAX_PROJECTS, points)) >= MIN_EVIDENCE)
    return found, only_away


def _inherit(found: dict[str, Ranked], question: Question) -> None:
    """Members of an actor group answer for what the group does (see the module)."""
    library = question.library
    for group, members in library.members_of.items():
        if group not in found:
            continue
        for member in members:
            ranked = found.setdefault(member, Ranked(library.actors[member]))
            own = bool(library.actors[member].places)  # then its own area says where it works
            ranked.pieces += [Piece(piece.code, piece.points, piece.record,
                                    frozenset() if own else piece.places, piece.state, piece.leads, via=group)
                              for piece in found[group].pieces]


def _place(ranked: Ranked, question: Question) -> bool:
    """Weigh each piece of evidence by where it applies (see the module); False if none applies
    to the asked place."""
    own, kept, known = ranked.actor.places, [], None
    for piece in ranked.pieces:
        where = own | piece.places
        if not where:
            known = question.library.known_places(ranked.actor.iri) if known is None else known
            where = known
        place, share = question.closest(where)
        if place is None and where:
            continue
        kept.append(piece)
        ranked.place_points += round(piece.points * share)
        if place is not None and share > ranked.share:
            ranked.place, ranked.share = place, share
    ranked.pieces = kept
    ranked.own_share = question.closest(own)[1]
    return bool(kept)


def _group_penalty(ranked: Ranked) -> None:
    if ranked.actor.type_key == GROUP_TYPE:
        ranked.adjustments.append(reason(
            "group", -round(ranked.score * GROUP_PENALTY),
            "En grupp av aktörer, ingen enskild att kontakta: −30 %",
            "A group of actors, no single one to contact: −30 %",
            [fact(ranked.actor.iri, ranked.actor.label)]))


def _parents_after_offices(found: dict[str, Ranked], question: Question) -> None:
    """A parent ranks below its candidate regional office that works at least as close."""
    for parent, children in question.library.children_of.items():
        if parent not in found:
            continue
        above = found[parent]
        for child in (found[c] for c in children if c in found):
            if child.place and child.share >= above.share and above.score >= child.score:
                above.adjustments.append(reason(
                    "regional-office", child.score - above.score - 1,
                    f"{child.actor.label} är dess regionala kontor här och visas först",
                    f"{child.actor.label} is its regional office here and comes first",
                    [fact(child.actor.iri, child.actor.label)]))


def _ranked(question: Question) -> tuple[list[Ranked], int]:
    found, elsewhere = _evidence(question)
    _inherit(found, question)
    kept = {}
    for iri, ranked in found.items():
        if question.place and not (_place(ranked, question) and ranked.evidence >= MIN_EVIDENCE):
            elsewhere += 1
            continue
        _group_penalty(ranked)
        kept[iri] = ranked
    _parents_after_offices(kept, question)
    ordered = sorted(kept.values(),
                     key=lambda r: (-r.score, -r.own_share, sort_key(r.actor.label), r.actor.iri))
    return ordered, elsewhere


def rank(question: Question) -> tuple[list[Ranked], int]:
    """The candidates, best first, and how many actors that fit were left out as working only
    elsewhere: counted only when fewer than :data:`FEW` fit here (then it helps to know; counting
    means weighing every record of the dataset, not only those at the place)."""
    found, elsewhere = _ranked(question)
    if question.place and len(found) < FEW:
        elsewhere = _ranked(dataclasses.replace(question, narrowed=False))[1]
    return found, elsewhere if len(found) < FEW else 0


def _piece_reason(piece: Piece, actor: str, question: Question, labels: Labels) -> dict:
    library = question.library
    if piece.code == "service":
        service = library.services[piece.record]
        swedish, english = service_texts(service, question.service_fits[piece.record], labels)
        label = service.label
    elif piece.code == "project":
        project = library.projects[piece.record]
        roles = project.doers[piece.via or actor][0]
        swedish, english = project_texts(project, roles, question.fit(piece.record), piece.state, labels)
        label = project.label
    else:
        network = library.networks[piece.record]
        swedish, english = network_texts(network, question.fit(piece.record), piece.leads, labels)
        label = network.label
    extra = {"state": piece.state} if piece.state else {}
    if piece.via:
        group = library.actors[piece.via].label
        swedish, english = f"En av {group}: {swedish}", f"One of {group}: {english}"
        extra["via"] = piece.via
    return reason(piece.code, piece.points, swedish, english, [fact(piece.record, label)], **extra)


def written(ranked: Ranked, question: Question, labels: Labels) -> list[dict]:
    """The actor's reasons, written out: its evidence, what its place adds, its adjustments."""
    found = [_piece_reason(piece, ranked.actor.iri, question, labels) for piece in ranked.pieces]
    if ranked.place:
        tie = question.tie(ranked.place)
        sv, en = place_texts(tie, question.place, round(ranked.share * 100))
        found.append(reason("place", ranked.place_points, sv, en, [fact(tie.via, tie.via_label)],
                            place=tie.ref()))
    return found + ranked.adjustments
