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

from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial

from graph.finder.evidence import Question
from graph.finder.fit import Fit, discount, text_quality, text_share
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
from graph.finder.ties import Tie
from graph.finder.timing import state
from graph.swedish import sort_key

__all__ = ["EVIDENCE", "GROUP_PENALTY", "MIN_EVIDENCE", "PLACE_SHARES", "POINTS", "RANKING_TEXT",
           "STATE_WEIGHTS", "Ranked", "rank", "written"]

POINTS = {"service": 30, "related-service": 10, "service-text": 15, "service-text-bonus": 10, "audience": 20,
          "audience-broad": 10, "stage": 10, "project-lead": 20, "project-part": 12,
          "network-coordinator": 10, "network-member": 6}
STATE_WEIGHTS = {"ongoing": 1.0, "upcoming": 1.0, "unknown": 0.8, "ended": 0.5, "proposed": 0.3}
#: The share of its evidence an actor gains by its closest tie: here, in a wider place of each
#: kind, within the asked place.
PLACE_SHARES = {"here": 0.6, "delregion": 0.5, "lan": 0.4, "land": 0.15, "within": 0.25}
GROUP_PENALTY = 0.3
#: Less evidence than this makes no candidate (a proposed insats it may join one day).
MIN_EVIDENCE = 5
MAX_PROJECTS, MAX_NETWORKS = 3, 2
GROUP_TYPE = "aktorsgrupp"

RANKING_TEXT = {
    "sv": ("Bara aktörer som gör något som passar behovet visas: en tjänst, ett projekt eller en insats "
           "de äger, leder eller deltar i, eller ett nätverk de är med i. Poäng: en tjänst av den sort du "
           "söker 30 (närliggande sort 15), för din målgrupp +20, för ditt skede +10; ett projekt som "
           "passar 20 om aktören äger eller leder det, 12 om den deltar, gånger hur väl det passar och "
           "om det pågår (avslutat hälften); ett nätverk upp till 10. Platsen lägger till en andel: 60 % "
           "för din kommun, 50 % delregionen, 40 % länet, 15 % hela Sverige. En grupp av aktörer får "
           "30 % mindre, och ett moderbolag hamnar efter sitt regionala bolag. Lika poäng ordnas efter "
           "namn. Aktörer som bara verkar på andra platser visas inte."),
    "en": ("Only actors that do something that fits the need are shown: a service, a project or insats "
           "they own, lead or take part in, or a network they belong to. Points: a service of the kind "
           "you need 30 (a related kind 15), for your target group +20, for your stage +10; a fitting "
           "project 20 if the actor owns or leads it, 12 if it takes part, times how well it fits and "
           "whether it is running (ended: half); a network up to 10. The place adds a share: 60 % for "
           "your municipality, 50 % the sub-region, 40 % the county, 15 % all of Sweden. A group of "
           "actors gets 30 % less, and a parent organisation comes after its regional office. Equal "
           "points are ordered by name. Actors that only work elsewhere are left out."),
}


@dataclass
class Ranked:
    """An actor with its reasons, the services that fit, and the places each piece of its
    evidence applies to (a list beside its evidence reasons, in the same order)."""

    actor: Actor
    reasons: list[dict] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    places: list[frozenset[str]] = field(default_factory=list)
    tie: Tie | None = None
    own_share: float = 0.0

    def add(self, item: dict, places) -> None:
        self.reasons.append(item)
        self.places.append(places)

    @property
    def score(self) -> int:
        return sum(item["points"] for item in self.reasons)

    @property
    def evidence(self) -> int:
        return sum(item["points"] for item in self.reasons if item["code"] in EVIDENCE)


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


def _later(code: str, points: int, texts, iri: str, label: str, **extra) -> dict:
    """A reason whose texts and facts are written only if its actor is shown (:func:`written`):
    a broad need at national size has tens of thousands of pieces of evidence.

    ``texts`` gives its (Swedish, English) texts when called."""
    return {"code": code, "points": points, "_write": lambda: (*texts(), [fact(iri, label)]), **extra}


def written(reasons: list[dict]) -> list[dict]:
    """The reasons with their texts and facts written out (see :func:`_later`)."""
    done = []
    for item in reasons:
        if "_write" in item:
            swedish, english, facts = item["_write"]()
            item = {key: value for key, value in item.items() if key != "_write"}
            item.update(sv=swedish, en=english, facts=facts)
        done.append(item)
    return done


def _services(question: Question, labels: Labels) -> dict[str, tuple[dict, Service]]:
    """Provider → the reason of its best-fitting service (the first by IRI on a tie), and it."""
    best: dict[str, tuple[dict, Service]] = {}
    for iri, fit in question.service_fits.items():
        service, points = question.library.services[iri], _service_points(fit)
        if service.provider not in best or points > best[service.provider][0]["points"]:
            texts = partial(service_texts, service, fit, labels)
            best[service.provider] = (_later("service", points, texts, iri, service.label), service)
    return best


def _projects(question: Question) -> dict[str, list[tuple]]:
    """Actor → the projects it does fitting work in, as (points, label, IRI, state) best first."""
    found: dict[str, list[tuple]] = defaultdict(list)
    weights = {}
    for iri, fit in question.project_fits.items():
        project = question.library.projects[iri]
        now = state(project.status, project.start, project.end, question.today)
        weights[iri] = STATE_WEIGHTS[now] * fit.quality
        for actor, (_, leads) in project.doers.items():
            base = POINTS["project-lead" if leads else "project-part"]
            found[actor].append((max(1, round(base * weights[iri])), project.label, iri, now))
    for items in found.values():
        items.sort(key=lambda each: (-each[0], sort_key(each[1]), each[2]))
    return found


def _project_reason(question: Question, labels: Labels, actor: str, item: tuple) -> tuple[dict, frozenset]:
    points, label, iri, now = item
    project = question.library.projects[iri]
    texts = partial(project_texts, project, project.doers[actor][0], question.project_fits[iri], now, labels)
    return _later("project", points, texts, iri, label, state=now), project.place_iris


def _networks(question: Question, labels: Labels) -> dict[str, list[tuple[dict, set[str]]]]:
    found: dict[str, list[tuple[dict, set[str]]]] = defaultdict(list)
    for iri, fit in question.network_fits.items():
        network = question.library.networks[iri]
        coordinator = network.coordinator["iri"] if network.coordinator else None
        for actor in sorted(network.members):
            leads = actor == coordinator
            points = max(1, round(POINTS["network-coordinator" if leads else "network-member"] * fit.quality))
            texts = partial(network_texts, network, fit, leads, labels)
            found[actor].append((_later("network", points, texts, iri, network.label), network.place_iris))
    for items in found.values():
        items.sort(key=lambda item: -item[0]["points"])
    return found


def _evidence(question: Question, labels: Labels) -> dict[str, Ranked]:
    """Every actor with evidence, with its evidence reasons and the places they name."""
    services, projects = _services(question, labels), _projects(question)
    networks, found = _networks(question, labels), {}
    for iri in set(services) | set(projects) | set(networks):
        if iri not in question.library.actors:
            continue
        ranked = Ranked(question.library.actors[iri])
        if iri in services:
            item, service = services[iri]
            ranked.add(item, service.areas)
            ranked.services.append(service)
        doing = [_project_reason(question, labels, iri, item)
                 for item in projects.get(iri, [])[:MAX_PROJECTS]]
        for item, places in doing + networks.get(iri, [])[:MAX_NETWORKS]:
            ranked.add(item, places)
        if ranked.evidence >= MIN_EVIDENCE:
            found[iri] = ranked
    return found


def _inherited(item: dict, group: str, group_label: str) -> dict:
    write = item["_write"]

    def prefixed():
        swedish, english, facts = write()
        return f"En av {group_label}: {swedish}", f"One of {group_label}: {english}", facts
    return {**item, "_write": prefixed, "via": group}


def _inherit(found: dict[str, Ranked], question: Question) -> None:
    """Members of an actor group answer for what the group does (see the module)."""
    library = question.library
    for group, members in library.members_of.items():
        if group not in found:
            continue
        for member in members:
            ranked = found.setdefault(member, Ranked(library.actors[member]))
            group_label, own = library.actors[group].label, library.actors[member].places
            for item, places in zip(found[group].reasons, found[group].places, strict=True):
                ranked.add(_inherited(item, group, group_label), set() if own else places)


def _share(tie: Tie) -> float:
    return PLACE_SHARES["here"] if tie.scope == "here" else PLACE_SHARES["within"] if tie.scope == "within" \
        else PLACE_SHARES[tie.kind]


def _place(ranked: Ranked, question: Question) -> bool:
    """Weigh each piece of evidence by where it applies (see the module); False if none applies
    to the asked place."""
    own, counted, shares, best = ranked.actor.places, [], [], None
    known = None
    for item, places in zip(ranked.reasons, ranked.places, strict=True):
        where = own | places
        if not where:
            known = question.library.known_places(ranked.actor.iri) if known is None else known
            where = known
        ties = question.ties(where)
        if not ties and where:
            continue
        tie = max(ties, key=lambda t: (_share(t), t.via)) if ties else None
        counted.append(item)
        shares.append(round(item["points"] * _share(tie)) if tie else 0)
        if tie and (best is None or _share(tie) > _share(best)):
            best = tie
    if not counted:
        return False
    ranked.reasons, ranked.tie = counted, best
    own_ties = question.ties(own)
    ranked.own_share = max((_share(t) for t in own_ties), default=0.0)
    if best:
        sv, en = place_texts(best, question.place, round(_share(best) * 100))
        ranked.reasons.append(reason("place", sum(shares), sv, en, [fact(best.via, best.via_label)],
                                     place=best.ref()))
    return True


def _group_penalty(ranked: Ranked) -> None:
    if ranked.actor.type_key == GROUP_TYPE:
        ranked.reasons.append(reason(
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
            closer = child.tie and _share(child.tie) >= (_share(above.tie) if above.tie else 0)
            if closer and above.score >= child.score:
                above.reasons.append(reason(
                    "regional-office", child.score - above.score - 1,
                    f"{child.actor.label} är dess regionala kontor här och visas först",
                    f"{child.actor.label} is its regional office here and comes first",
                    [fact(child.actor.iri, child.actor.label)]))


def rank(question: Question) -> tuple[list[Ranked], int]:
    """The candidates, best first, and how many were left out as working only elsewhere."""
    labels = Labels(question.library.vocabulary)
    found = _evidence(question, labels)
    _inherit(found, question)
    kept, elsewhere = {}, 0
    for iri, ranked in found.items():
        if question.place and not _place(ranked, question):
            elsewhere += 1
            continue
        _group_penalty(ranked)
        kept[iri] = ranked
    _parents_after_offices(kept, question)
    ordered = sorted(kept.values(),
                     key=lambda r: (-r.score, -r.own_share, sort_key(r.actor.label), r.actor.iri))
    return ordered, elsewhere
