"""How well an offer fits the need: a service by its kinds of support, target groups and stages;
a project or network by what it speaks of (its own target groups and stages, the strategy areas
it is filed under, the words of its name) and by its text.

**What the need asks for** (:class:`Wanted`): the kinds of support, target groups and stages it
names. A need that names no target group, a kind of business, or only who the person is (women,
foreign-born: :data:`PERSONS`), is taken to come from a business or someone about to start one
(:data:`BUSINESSES`, innovators included).

**Target groups** meet *exactly* (the offer is for a specific group the need names; "Alla
företag" is not specific), *broadly* (an offer for every business to a need that names a kind of
business), they *fit* (an offer for businesses to a business, or for women or the foreign-born),
or they *mismatch*: an offer only for other people (school pupils, students, young people,
jobseekers, the public) to a need from a business, or the other way round, counts a quarter
(:data:`MISMATCH`); an offer to municipalities or business-support actors (work on the support
system itself, such as teaching kommuner to receive establishments) counts half
(:data:`SYSTEM_MISMATCH`). Ung Företagsamhet works with pupils, so it is no answer to an
adult's "starta eget", however well its kind of support fits.

>>> want = Wanted(services=frozenset({EXPORT}))
>>> audience_fit({SMF}, want), audience_fit({ELEVER}, want), audience_fit({ALL_BUSINESSES}, want)
(('fits', set()), ('mismatch', set()), ('fits', set()))
>>> audience_fit({ELEVER}, Wanted(audiences=frozenset({ELEVER})))
('exact', {'https://aktorskartan.se/id/concept/malgrupp/elever'})
>>> audience_fit({SMF}, Wanted(audiences=frozenset({ELEVER})))
('mismatch', set())

**A project or network's quality** (0 to 1) is the best of: a kind of support the need names
in its name (1.0), in the strategy areas it is filed under (:data:`SUBJECT_QUALITY`), or its
text's share of the ideal score (:mod:`graph.finder.retrieval`; full from
:data:`FULL_TEXT_SHARE`); a target group the need names
explicitly (:data:`AUDIENCE_QUALITY`); a stage (:data:`STAGE_QUALITY`). A mismatch of target
groups multiplies it by :data:`MISMATCH`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from graph.finder.need import Need
from graph.finder.retrieval import Hit
from graph.finder.vocabulary import Vocabulary
from graph.namespaces import concept

__all__ = ["ALL_BUSINESSES", "AUDIENCE_KINDS", "AUDIENCE_QUALITY", "BUSINESSES", "DISCOUNTS",
           "FULL_TEXT_SHARE", "MIN_TEXT_SHARE", "MISMATCH", "PERSONS", "STAGE_QUALITY", "SUBJECT_QUALITY",
           "SYSTEM", "SYSTEM_MISMATCH", "Fit", "Wanted", "audience_fit", "discount", "record_fit",
           "service_fit", "service_qualities", "text_quality", "text_share", "text_share_qualities",
           "text_share_quality", "wanted"]


def _groups(*keys: str) -> frozenset[str]:
    return frozenset(str(concept("malgrupp", key)) for key in keys)


#: The target group of offers meant for every business.
ALL_BUSINESSES = str(concept("malgrupp", "alla-foretag"))
#: Target groups that are kinds of business, or people starting one.
BUSINESSES = _groups("alla-foretag", "smf", "industriella-smf", "tillverkningsindustri", "besoksnaring",
                     "kkn", "agarledda-foretag", "tillvaxtforetag", "startups", "nyforetagare",
                     "blivande-foretagare", "areella-naringar", "innovatorer")
#: Target groups that say who a person is, not what they do: they narrow a business need, they
#: do not replace it, and an offer for them fits any need.
PERSONS = _groups("kvinnor", "utrikesfodda")
SMF, ELEVER = str(concept("malgrupp", "smf")), str(concept("malgrupp", "elever"))
EXPORT = str(concept("tjanst", "exportstod"))
#: Target groups that are the business-support system itself.
SYSTEM = _groups("kommuner", "foretagsframjare")
MISMATCH, SYSTEM_MISMATCH = 0.25, 0.5
SUBJECT_QUALITY = 0.4
#: A text answers the need on its own when it scores at least this share of the ideal ...
MIN_TEXT_SHARE = 0.4
#: ... and speaks fully of it from this share.
FULL_TEXT_SHARE = 0.6
AUDIENCE_QUALITY = 0.7
STAGE_QUALITY = 0.5


@dataclass(frozen=True)
class Wanted:
    """What the need asks for, as concept IRIs, and the words to look for in texts."""

    services: frozenset[str] = frozenset()
    related: frozenset[str] = frozenset()
    audiences: frozenset[str] = frozenset()
    stages: frozenset[str] = frozenset()
    words: dict[str, float] = field(default_factory=dict, hash=False, compare=False)

    @property
    def business(self) -> bool:
        """True if the need comes from a business (or someone starting one; see the module)."""
        return bool(self.audiences & BUSINESSES) or self.audiences <= PERSONS

    @property
    def specific_audiences(self) -> frozenset[str]:
        return self.audiences - {ALL_BUSINESSES}

    @property
    def fitting_audiences(self) -> frozenset[str]:
        """The target groups an offer may be for (see the module)."""
        return self.audiences | (BUSINESSES | PERSONS if self.business else frozenset())

    @property
    def concepts(self) -> frozenset[str]:
        return self.services | self.audiences | self.stages

    @property
    def empty(self) -> bool:
        return not (self.concepts or self.words)


def wanted(need: Need, vocabulary: Vocabulary, words: dict[str, float]) -> Wanted:
    """The need's concepts, the service types related to those it names, and its text query."""
    services = frozenset(need.iris("tjanst"))
    related = frozenset(iri for iri, known in vocabulary.concepts.items()
                        if known.scheme == "tjanst" and iri not in services and known.related & services)
    return Wanted(services, related, frozenset(need.iris("malgrupp")), frozenset(need.iris("skede")), words)


def audience_fit(offered: set[str], wanted: Wanted) -> tuple[str, set[str]]:
    """``exact`` (with the groups named), ``broad`` (an offer for every business to a need that
    names a kind of business), ``fits``, ``system`` (an offer to the support system itself),
    ``mismatch`` or ``open`` (the offer names no group)."""
    if not offered:
        return "open", set()
    if offered & wanted.specific_audiences:
        return "exact", offered & wanted.specific_audiences
    if ALL_BUSINESSES in offered and wanted.specific_audiences & BUSINESSES:
        return "broad", {ALL_BUSINESSES}
    if offered & wanted.fitting_audiences:
        return "fits", set()
    if wanted.business and offered & SYSTEM:
        return "system", set()
    return "mismatch", set()


@dataclass
class Fit:
    """What an offer shares with the need, concept IRIs per kind, and how it was found."""

    types: set[str] = field(default_factory=set)
    related: set[str] = field(default_factory=set)
    audiences: set[str] = field(default_factory=set)
    audience_kind: str = "open"
    stages: set[str] = field(default_factory=set)
    #: Kinds of support, groups or stages of the need that the offer's strategy areas are about.
    subjects: set[str] = field(default_factory=set)
    #: ... that its name names.
    words: set[str] = field(default_factory=set)
    text: Hit | None = None
    quality: float = 0.0

    def __bool__(self) -> bool:
        return self.quality > 0

    def concepts(self) -> set[str]:
        return self.types | self.related | self.audiences | self.stages | self.subjects | self.words


def service_fit(service, want: Wanted, text: Hit | None) -> Fit:
    """What ``service`` shares with the need; its quality is 1 for a kind of support asked for,
    0.5 for a related kind or a stage, the text's share otherwise (see the module)."""
    kind, audiences = audience_fit(service.audiences, want)
    fit = Fit(types=service.types & want.services, related=(service.types & want.related) - want.services,
              audiences=audiences, audience_kind=kind, stages=service.stages & want.stages, text=text)
    quality = 1.0 if fit.types else 0.5 if fit.related or fit.stages else 0.0
    if kind == "exact":
        quality = max(quality, AUDIENCE_QUALITY)
    fit.quality = _discounted(max(quality, text_quality(text)), kind)
    return fit


def text_share(text: Hit | None) -> float:
    """How fully a text speaks of the need: its share of the ideal score, full from
    :data:`FULL_TEXT_SHARE`."""
    return min(1.0, text.share / FULL_TEXT_SHARE) if text else 0.0


def text_share_quality(share: float) -> float:
    """:func:`text_quality` of a share."""
    return min(1.0, share / FULL_TEXT_SHARE) if share >= MIN_TEXT_SHARE else 0.0


def text_share_qualities(shares: np.ndarray) -> np.ndarray:
    """:func:`text_share_quality` of each of an array of shares."""
    return np.where(shares >= MIN_TEXT_SHARE, np.minimum(1.0, shares / FULL_TEXT_SHARE), 0.0)


def text_quality(text: Hit | None) -> float:
    """A text's hit as a quality of its own: its :func:`text_share` if it reaches
    :data:`MIN_TEXT_SHARE`, else nothing."""
    return text_share(text) if text and text.share >= MIN_TEXT_SHARE else 0.0


#: What :func:`audience_fit` may say, in a fixed order (for arrays of it).
AUDIENCE_KINDS = ("exact", "broad", "fits", "system", "mismatch", "open")


def service_qualities(types: np.ndarray, related: np.ndarray, stages: np.ndarray, kinds: np.ndarray,
                      shares: np.ndarray) -> np.ndarray:
    """:func:`service_fit`'s quality for many services at once, from whether each is of a kind
    asked for, of a related kind, for a stage asked for, its :func:`audience_fit` (numbers of
    :data:`AUDIENCE_KINDS`) and its text's share (0: its text shares no word with the need)."""
    quality = np.where(types, 1.0, np.where(related | stages, 0.5, 0.0))
    quality = np.where(kinds == AUDIENCE_KINDS.index("exact"), np.maximum(quality, AUDIENCE_QUALITY), quality)
    quality = np.maximum(quality, text_share_qualities(shares))
    return np.round(quality * DISCOUNTS[kinds], 3)


def discount(audience_kind: str) -> float:
    """What an offer's fit is multiplied by for how its target groups meet the need's."""
    return {"mismatch": MISMATCH, "system": SYSTEM_MISMATCH}.get(audience_kind, 1.0)


#: :func:`discount` of each of :data:`AUDIENCE_KINDS`.
DISCOUNTS = np.array([discount(kind) for kind in AUDIENCE_KINDS])


def _discounted(quality: float, audience_kind: str) -> float:
    return round(quality * discount(audience_kind), 3)


def record_fit(record, want: Wanted, linked: set[str], named: frozenset[str], text: Hit | None) -> Fit:
    """What a project or network shares with the need (see the module for its quality).

    Args:
        record: a :class:`graph.finder.records.Project` or :class:`~graph.finder.records.Network`.
        linked: the concepts its strategy areas are about.
        named: the concepts its name names.
        text: its text's hit for the need, if any.
    """
    kind, audiences = audience_fit(getattr(record, "audiences", set()), want)
    fit = Fit(audiences=audiences, audience_kind=kind, stages=getattr(record, "stages", set()) & want.stages,
              subjects=linked & want.concepts, words=set(named) & want.concepts, text=text)
    qualities = [1.0 if fit.words & want.services else 0.0,
                 SUBJECT_QUALITY if fit.subjects & want.services else 0.0,
                 text_quality(text),
                 AUDIENCE_QUALITY if kind == "exact" else 0.0,
                 STAGE_QUALITY if fit.stages or (fit.subjects | fit.words) & want.stages else 0.0]
    if not want.services:
        qualities.append(AUDIENCE_QUALITY if (fit.subjects | fit.words) & want.specific_audiences else 0.0)
    fit.quality = _discounted(max(qualities), kind)
    return fit
