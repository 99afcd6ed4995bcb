"""The fixed world of the national-scale generator (:mod:`bench.generate`): real places, the
ontology's concepts, and the register of (invented) actors with the weights they are drawn by.

Places are the 21 län, 290 kommuner and VG's delregioner of ``data/reference``; concept keys
and Swedish labels are read from ``ontology/`` (so the generator follows the schemes as they
change). Every actor has a home län (None for national actors) and a seat in a real kommun.
"""

from __future__ import annotations

import csv
import random
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from bench.generate_names import actor_name, slug
from bench.synthetic import ACTOR_TYPES
from graph.build import ontology_graph
from graph.namespaces import SKOS

__all__ = ["Actor", "Concepts", "County", "Places", "Register", "backbone_size", "build_register",
           "read_concepts", "read_places"]

#: Each region's own name and the kommun it sits in (the residence city; VGR: Vänersborg).
REGIONS = {
    "01": ("Region Stockholm", "0180"), "03": ("Region Uppsala", "0380"),
    "04": ("Region Sörmland", "0480"), "05": ("Region Östergötland", "0580"),
    "06": ("Region Jönköpings län", "0680"), "07": ("Region Kronoberg", "0780"),
    "08": ("Region Kalmar län", "0880"), "09": ("Region Gotland", "0980"),
    "10": ("Region Blekinge", "1080"), "12": ("Region Skåne", "1290"),
    "13": ("Region Halland", "1380"), "14": ("Västra Götalandsregionen", "1487"),
    "17": ("Region Värmland", "1780"), "18": ("Region Örebro län", "1880"),
    "19": ("Region Västmanland", "1980"), "20": ("Region Dalarna", "2080"),
    "21": ("Region Gävleborg", "2180"), "22": ("Region Västernorrland", "2280"),
    "23": ("Region Jämtland Härjedalen", "2380"), "24": ("Region Västerbotten", "2480"),
    "25": ("Region Norrbotten", "2580"),
}
#: The kommunalförbund of VG's delregioner sit in these kommuner.
DELREGION_SEATS = {"borasregionen": "1490", "fyrbodal": "1487", "goteborgsregionen": "1480",
                   "skaraborg": "1496"}
#: National actors (key, name, actor type), the hubs of the national pool in this order.
NATIONAL = (
    ("tillvaxtverket", "Tillväxtverket", "statlig-myndighet"),
    ("almi-foretagspartner-ab", "Almi Företagspartner AB", "statligt-bolag"),
    ("vinnova", "Vinnova", "statlig-myndighet"),
    ("business-sweden", "Business Sweden", "statligt-bolag"),
    ("arbetsformedlingen", "Arbetsförmedlingen", "statlig-myndighet"),
    ("rise-research-institutes-of-sweden", "RISE Research Institutes of Sweden", "forskningsinstitut"),
    ("svenska-esf-radet", "Svenska ESF-rådet", "statlig-myndighet"),
    ("jordbruksverket", "Jordbruksverket", "statlig-myndighet"),
    ("energimyndigheten", "Energimyndigheten", "statlig-myndighet"),
    ("europeiska-kommissionen", "Europeiska kommissionen", "eu-organ"),
    ("ung-foretagsamhet-sverige", "Ung Företagsamhet Sverige", "ideell-forening"),
    ("nyforetagarcentrum-sverige", "Nyföretagarcentrum Sverige", "ideell-forening"),
    ("foretagarna", "Företagarna", "intresseorganisation"),
    ("sveriges-kommuner-och-regioner", "Sveriges Kommuner och Regioner", "intresseorganisation"),
)
#: Where the ordinary actors of each type say they work: "seat" (their kommun), "lan", "land".
AREA_BY_TYPE = {
    "foretag": ("", "seat"), "kommunalt-bolag": ("seat",), "ideell-forening": ("seat",),
    "ekonomisk-forening": ("seat", "lan"), "branschorganisation": ("lan",), "inkubator": ("lan", "seat"),
    "science-park": ("lan", "seat"), "larosate": ("lan",), "forskningsinstitut": ("lan", "land"),
    "utbildningsanordnare": ("seat",), "klusterorganisation": ("lan",), "stiftelse": ("lan", "seat"),
}


@dataclass(frozen=True)
class County:
    """A län: its code, names, key slug, the kommun its region sits in and its kommuner."""

    code: str
    name: str
    short: str
    slug: str
    seat: str
    kommuner: tuple[str, ...]


@dataclass(frozen=True)
class Places:
    """The reference places: län by code, kommun code → (name, short name, län), delregioner."""

    counties: dict[str, County]
    kommuner: dict[str, tuple[str, str, str]]
    delregioner: dict[str, tuple[str, str, tuple[str, ...]]]

    def delregion_of(self, kommun: str) -> str | None:
        return next((key for key, (*_, members) in self.delregioner.items() if kommun in members), None)


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def read_places(reference: Path) -> Places:
    """The places of ``reference/`` (counties, municipalities and delregioner tables)."""
    kommuner = {row["municipality_code"]: (row["municipality_name"], row["municipality_name_short"],
                                           row["county_code"])
                for row in _rows(reference / "municipalities.csv")}
    by_county: dict[str, list[str]] = defaultdict(list)
    for code, (*_, county) in kommuner.items():
        by_county[county].append(code)
    counties = {row["county_code"]: County(row["county_code"], row["county_name"], row["county_name_short"],
                                           slug(row["county_name_short"]), REGIONS[row["county_code"]][1],
                                           tuple(sorted(by_county[row["county_code"]])))
                for row in _rows(reference / "counties.csv")}
    members: dict[str, list[str]] = defaultdict(list)
    names = {}
    for row in _rows(reference / "delregioner.csv"):
        members[row["key"]].append(row["municipality_code"])
        names[row["key"]] = (row["delregion"], row["kommunalforbund"])
    delregioner = {key: (*names[key], tuple(sorted(codes))) for key, codes in sorted(members.items())}
    return Places(counties, kommuner, delregioner)


@dataclass(frozen=True)
class Concepts:
    """The ontology's concept keys by scheme (sorted) and their Swedish labels."""

    keys: dict[str, tuple[str, ...]]
    labels: dict[tuple[str, str], str]

    def label(self, scheme: str, key: str) -> str:
        return self.labels[scheme, key]


def read_concepts() -> Concepts:
    """Every concept of the project's own schemes (``ontology/schemes.ttl``)."""
    ontology = ontology_graph()
    keys: dict[str, list[str]] = defaultdict(list)
    labels = {}
    for concept, scheme in ontology.subject_objects(SKOS.inScheme):
        scheme_key, key = str(scheme).rsplit("/", 1)[-1], str(ontology.value(concept, SKOS.notation))
        keys[scheme_key].append(key)
        labels[scheme_key, key] = next(str(label) for label in ontology.objects(concept, SKOS.prefLabel)
                                       if label.language == "sv")
    return Concepts({scheme: tuple(sorted(found)) for scheme, found in sorted(keys.items())}, labels)


@dataclass
class Actor:
    """One row of ``actors/actors.csv``, and the län whose sources name it (None: national)."""

    key: str
    label: str
    type: str
    county: str | None
    seat: str | None
    area: tuple[str, ...]
    legal: str = "ja"
    parent: str = ""
    unit_of: str = ""

    def row(self) -> dict[str, str]:
        """The cells of ``actors.csv`` it fills, by column (the others stay empty)."""
        return {"key": self.key, "pref_label": self.label, "type": self.type, "legal_entity": self.legal,
                "parent": self.parent, "unit_of": self.unit_of,
                "based_in": f"kommun:{self.seat}" if self.seat else "", "area_served": "|".join(self.area),
                "note": "Syntetisk aktör (bench.generate)."}


@dataclass
class Register:
    """Every actor, the hubs of each län first, and the pools participants are drawn from.

    A pool is a län's actors (or, for the national pool, every actor) ranked hubs first and the
    rest in random order; an actor's weight is ``(rank + 1) ** -exponent`` (Zipf-like).
    """

    actors: list[Actor] = field(default_factory=list)
    hubs: dict[str | None, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_key: dict[str, Actor] = field(default_factory=dict)
    pools: dict[str | None, tuple[list[str], list[float]]] = field(default_factory=dict)

    def add(self, actor: Actor, hub: bool = False) -> Actor:
        self.actors.append(actor)
        self.by_key[actor.key] = actor
        if hub:
            self.hubs[actor.county].append(actor.key)
        return actor

    def rank(self, rng: random.Random, local_exponent: float, national_exponent: float) -> None:
        """Build the pools: each län's (hubs, then its other actors shuffled) and the national one."""
        ranked_national = list(self.hubs[None])
        for county in sorted(key for key in self.hubs if key is not None):
            ranked_national.append(self.hubs[county][0])
        ranked = set(ranked_national)
        rest = [actor.key for actor in self.actors if actor.key not in ranked]
        rng.shuffle(rest)
        self.pools[None] = _pool(ranked_national + rest, national_exponent)
        for county in sorted(key for key in self.hubs if key is not None):
            hubs = self.hubs[county]
            others = [actor.key for actor in self.actors if actor.county == county and actor.key not in hubs]
            rng.shuffle(others)
            self.pools[county] = _pool(hubs + others, local_exponent)

    def draw(self, rng: random.Random, county: str | None, count: int, local_share: float,
             chosen: tuple[str, ...] = ()) -> list[str]:
        """``chosen`` and more distinct actors up to ``count``, each from the län's pool with
        probability ``local_share``, otherwise from the national one."""
        chosen = dict.fromkeys(chosen)
        while len(chosen) < min(count, len(self.actors)):
            keys, cumulative = self.pools[county if rng.random() < local_share else None]
            chosen[keys[bisect(cumulative, rng.random() * cumulative[-1])]] = None
        return list(chosen)


def _pool(keys: list[str], exponent: float) -> tuple[list[str], list[float]]:
    return keys, list(accumulate((rank + 1) ** -exponent for rank in range(len(keys))))


# --- building the register ------------------------------------------------------------------

class _Names:
    """Hands out unique names and keys."""

    def __init__(self):
        self.labels: set[str] = set()
        self.keys: set[str] = set()

    def take(self, label: str, key: str | None = None) -> tuple[str, str]:
        """(key, label): the key given, or a slug of the label, made unique with a number."""
        key = key or slug(label)
        base, number = key, 1
        while key in self.keys:
            number += 1
            key = f"{base}-{number}"
        self.labels.add(label)
        self.keys.add(key)
        return key, label


def backbone_size(places: Places) -> int:
    """How many actors every size has: national ones, the per-län backbone and every kommun."""
    return len(NATIONAL) + 6 * len(places.counties) + len(places.kommuner) + len(places.delregioner)


def build_register(rng: random.Random, places: Places, count: int) -> Register:
    """The register: national actors, each län's backbone, every kommun, then ordinary actors
    of the types and shares of :data:`bench.synthetic.ACTOR_TYPES` until there are ``count``."""
    if count < backbone_size(places):
        raise ValueError(f"a register needs at least {backbone_size(places)} actors (every kommun and "
                         f"each län's backbone), not {count}")
    register, names = Register(), _Names()
    for key, label, kind in NATIONAL:
        seat = None if kind == "eu-organ" else "0180"  # the agencies' head offices are in Stockholm
        register.add(Actor(*names.take(label, key), kind, None, seat, ("land:SE",)), hub=True)
    for county in places.counties.values():
        _backbone(register, names, places, county)
    for code, (name, _, county) in places.kommuner.items():
        register.add(Actor(*names.take(name, f"kommun-{code}"), "kommun", county, code,
                           (f"kommun:{code}",)))
    _ordinary(rng, register, names, places, count - len(register.actors))
    return register


def _backbone(register: Register, names: _Names, places: Places, county: County) -> None:
    """A län's hubs: the region and its unit for regional development, the länsstyrelse, the
    regional Almi and Ung Företagsamhet, the seat's Nyföretagarcentrum (and VG's kommunalförbund)."""
    code, lan, seat = county.code, (f"lan:{county.code}",), county.seat
    region = REGIONS[code][0]
    rows = (
        (region, f"region-{code}", "region", {}),
        (f"{region}, regional utveckling", f"region-{code}-regional-utveckling", "forvaltning",
         {"legal": "nej", "unit_of": f"region-{code}"}),
        (f"Länsstyrelsen i {county.name}", f"lansstyrelsen-{county.slug}", "statlig-myndighet", {}),
        (f"Almi Företagspartner {county.short}", f"almi-{county.slug}", "statligt-bolag",
         {"parent": "almi-foretagspartner-ab"}),
        (f"Ung Företagsamhet {county.short}", f"ung-foretagsamhet-{county.slug}", "ideell-forening",
         {"parent": "ung-foretagsamhet-sverige"}),
    )
    for label, key, kind, extra in rows:
        register.add(Actor(*names.take(label, key), kind, code, seat, lan, **extra), hub=True)
    seat_name = places.kommuner[seat][1]
    register.add(Actor(*names.take(f"Nyföretagarcentrum {seat_name}"), "ideell-forening", code, seat,
                       (f"kommun:{seat}",)), hub=True)
    for key, (_, forbund, _) in places.delregioner.items():
        if places.kommuner[DELREGION_SEATS[key]][2] == code:
            register.add(Actor(*names.take(forbund), "kommunalforbund", code, DELREGION_SEATS[key],
                               (f"delregion:{key}",)), hub=True)


def _ordinary(rng: random.Random, register: Register, names: _Names, places: Places, count: int) -> None:
    kinds = [key for key, *_, share in ACTOR_TYPES if share]
    shares = [share for *_, share in ACTOR_TYPES if share]
    counties = list(places.counties.values())
    sizes = [len(county.kommuner) for county in counties]
    for _ in range(count):
        county = rng.choices(counties, sizes)[0]
        seat = county.seat if rng.random() < 0.35 else rng.choice(county.kommuner)
        kind = rng.choices(kinds, shares)[0]
        label = _unique_name(rng, names, kind, places.kommuner[seat][1], county)
        legal = "" if rng.random() < 0.1 else "ja"
        register.add(Actor(*names.take(label), kind, county.code, seat,
                           _area(rng, places, kind, county, seat), legal))


def _unique_name(rng: random.Random, names: _Names, kind: str, place: str, county: County) -> str:
    for _ in range(20):
        label = actor_name(rng, kind, place, county.name, county.short)
        if label not in names.labels:
            return label
    number = 2
    while f"{label} {number}" in names.labels:
        number += 1
    return f"{label} {number}"


def _area(rng: random.Random, places: Places, kind: str, county: County, seat: str) -> tuple[str, ...]:
    """The places an ordinary actor serves: its kommun (and sometimes a neighbour), its län
    (or delregion), or Sweden; companies often say nothing."""
    reach = rng.choice(AREA_BY_TYPE[kind])
    if reach == "":
        return ()
    if reach == "land":
        return ("land:SE",)
    if reach == "lan":
        delregion = places.delregion_of(seat)
        return (f"delregion:{delregion}",) if delregion and rng.random() < 0.5 else (f"lan:{county.code}",)
    area = [f"kommun:{seat}"]
    if rng.random() < 0.1 and len(county.kommuner) > 1:
        area.append(f"kommun:{rng.choice([code for code in county.kommuner if code != seat])}")
    return tuple(area)
