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
from dataclasses import dataclass, field

import numpy as np

from graph.finder.evidence import MAX_PROJECTS, STATE_WEIGHTS, FittingServices, Question
from graph.finder.fit import AUDIENCE_KINDS, DISCOUNTS, FULL_TEXT_SHARE, MIN_TEXT_SHARE
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
from graph.finder.tables import STATES
from graph.finder.ties import SHARES
from graph.finder.weighing import GROUP_PENALTY, KINDS, MIN_EVIDENCE, Weighed, ranks, weigh

__all__ = ["EVIDENCE", "GROUP_PENALTY", "MIN_EVIDENCE", "POINTS", "RANKING_TEXT", "STATE_WEIGHTS", "Piece",
           "Ranked", "Ranking", "rank", "written"]

POINTS = {"service": 30, "related-service": 10, "service-text": 15, "service-text-bonus": 10, "audience": 20,
          "audience-broad": 10, "stage": 10, "project-lead": PROJECT_POINTS[True],
          "project-part": PROJECT_POINTS[False], "network-coordinator": 10, "network-member": 6}
MAX_NETWORKS = 2
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


def _service_points(services: FittingServices) -> np.ndarray:
    """Each service's points (see the module)."""
    text_shares = np.minimum(1.0, services.share / FULL_TEXT_SHARE)
    text_qualities = np.where(services.share >= MIN_TEXT_SHARE, text_shares, 0.0)
    kinds = np.where(services.types | services.related,
                     np.where(services.types, POINTS["service"], POINTS["related-service"])
                     + np.rint(POINTS["service-text-bonus"] * text_shares),
                     np.rint(POINTS["service-text"] * text_qualities))
    audience = np.select([services.kind == AUDIENCE_KINDS.index("exact"),
                          services.kind == AUDIENCE_KINDS.index("broad")],
                         [POINTS["audience"], POINTS["audience-broad"]], 0)
    points = kinds + audience + np.where(services.stages, POINTS["stage"], 0)
    return np.maximum(1, np.rint(points * DISCOUNTS[services.kind]))


def _services(question: Question) -> tuple[np.ndarray, np.ndarray]:
    """Each provider's best-fitting service (the first by IRI on a tie): the services' numbers
    and their points, for :func:`graph.finder.weighing.weigh`."""
    services = question.services
    points, provider = _service_points(services), question.library.service_table.provider[services.numbers]
    order, rank = ranks(provider, -points, services.numbers)
    best = order[rank == 0]
    return services.numbers[best], points[best]


def _networks(question: Question) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each member's best :data:`MAX_NETWORKS` fitting networks, worth most at the place first:
    the members' numbers, the networks' numbers, the points and each one's place among the
    actor's pieces, for :func:`graph.finder.weighing.weigh`."""
    table = question.library.network_table
    fitting = sorted(table.numbers[iri] for iri in question.network_qualities)
    numbers = np.array(fitting, dtype=np.int64)
    quality = np.array([question.network_qualities[table.iris[number]] for number in fitting])
    index, actor = table.memberships(numbers)
    leads = actor == table.coordinator[numbers[index]]
    points = np.maximum(1, np.rint(np.where(leads, POINTS["network-coordinator"], POINTS["network-member"])
                                   * quality[index]))
    shares = np.maximum(table.shares(question.place_shares, numbers), 0)[index]
    value = points * (1 + np.maximum(np.maximum(question.actor_shares[actor], 0), shares))
    order, rank = ranks(actor, -value, -points, numbers[index])
    best = order[rank < MAX_NETWORKS]
    return actor[best], numbers[index[best]], points[best], 1 + MAX_PROJECTS + rank[rank < MAX_NETWORKS]


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
    if ranked.actor.is_group:
        ranked.adjustments.append(reason(
            "group", -round(ranked.score * GROUP_PENALTY),
            "En grupp av aktörer, ingen enskild att kontakta: −30 %",
            "A group of actors, no single one to contact: −30 %",
            [fact(ranked.actor.iri, ranked.actor.label)]))


def _regional_office(ranked: Ranked, office: Actor, points: int) -> None:
    ranked.adjustments.append(reason(
        "regional-office", points,
        f"{office.label} är dess regionala kontor här och visas först",
        f"{office.label} is its regional office here and comes first",
        [fact(office.iri, office.label)]))


@dataclass
class Ranking:
    """The actors shown (the best, written out), how many fit, and how many that fit were left
    out as working only elsewhere."""

    shown: list[Ranked]
    total: int
    elsewhere: int


def _weighed(question: Question) -> Weighed:
    return weigh(question, _services(question), _networks(question))


def _piece(weighed: Weighed, row: int, question: Question) -> Piece:
    """The piece of evidence of one of ``weighed``'s rows."""
    rows, library = weighed.rows, question.library
    via = library.actor_table.iris[rows.via[row]] if rows.via[row] >= 0 else None
    cleared = via is not None and not rows.placed[row]
    kind, number, points = KINDS[rows.kind[row]], rows.record[row], int(rows.points[row])
    if kind == "network":
        network = library.networks[library.network_table.iris[number]]
        doer = via or library.actor_table.iris[rows.actor[row]]
        leads = bool(network.coordinator) and network.coordinator["iri"] == doer
        return Piece("network", points, network.iri, frozenset() if cleared else network.place_iris,
                     leads=leads, via=via)
    if kind == "service":
        iri = library.service_table.iris[number]
        areas = frozenset() if cleared else frozenset(library.services[iri].areas)
        return Piece("service", points, iri, areas, via=via)
    return Piece("project", points, library.project_table.iris[number],
                 frozenset() if cleared else library.project_table.place_iris[number],
                 state=STATES[question.projects.state[question.projects.index(number)]], via=via)


def _written_out(number: int, weighed: Weighed, question: Question) -> Ranked:
    """One of the actors shown, with its pieces of evidence, place and adjustments, as
    :func:`graph.finder.weighing.weigh` weighed them all."""
    library = question.library
    ranked = Ranked(library.actors[library.actor_table.iris[number]])
    mine = (weighed.rows.actor == number).nonzero()[0]
    for row in mine[np.argsort(weighed.rows.order[mine], kind="stable")]:
        piece = _piece(weighed, row, question)
        ranked.pieces.append(piece)
        if piece.code == "service" and piece.via is None:
            ranked.services.append(library.services[piece.record])
    if question.place:
        _place(ranked, question)
    _group_penalty(ranked)
    for office, points in weighed.parents.get(number, []):
        _regional_office(ranked, library.actors[library.actor_table.iris[office]], points)
    assert ranked.score == weighed.score[number], (ranked.actor.iri, ranked.score, weighed.score[number])
    return ranked


def rank(question: Question, limit: int) -> Ranking:
    """The best ``limit`` candidates, how many there are, and how many actors that fit were left
    out as working only elsewhere: counted only when fewer than :data:`FEW` fit here (then it
    helps to know; counting means weighing every service of the dataset, not only those that may
    count at the place)."""
    weighed = _weighed(question)
    total, elsewhere = len(weighed.order), 0
    if question.place and total < FEW:
        elsewhere = _weighed(dataclasses.replace(question, narrowed=False)).elsewhere
    shown = [_written_out(number, weighed, question) for number in weighed.order[:limit].tolist()]
    return Ranking(shown, total, elsewhere)


def _piece_reason(piece: Piece, actor: str, question: Question, labels: Labels) -> dict:
    library = question.library
    if piece.code == "service":
        service = library.services[piece.record]
        swedish, english = service_texts(service, question.service_fit(piece.record), labels)
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
