"""A large, deterministic collaboration network for the benchmark, as projection rows.

:func:`synthetic_rows` returns a :class:`graph.network.rows.Rows` with the same dict shapes as
the ``projection_*`` named queries answer, so the projections, metrics and views run on it
exactly as on a store. Its shape follows the bundled data, scaled up:

- actors live in real kommuner (``data/reference``); a region per län and a few national actors
  (agencies, state-owned companies) are the hubs;
- participation is skewed (Zipf-like): a few actors take part in thousands of projects, most in
  one to three; a project's parties come mostly from its own län;
- projects have 2–8 parties (an owner, sometimes a co-owner or co-funder, the rest partners),
  a place (kommun or län), one or two strategy areas and dates over 2014–2030 (some only the
  year of their grant); most have a grant with a scheme, a funder (the län's region) and an
  amount; networks have 10–80 members and a coordinator.

The same arguments always give the same rows (``random.Random(seed)``).
"""

from __future__ import annotations

import csv
import random
from bisect import bisect
from collections import defaultdict
from itertools import accumulate

from graph.datafiles import BUNDLED_DATA
from graph.network.rows import Rows

__all__ = ["synthetic_rows"]

BASE = "https://aktorskartan.se/id"
SWEDEN = f"{BASE}/land/SE"
#: Actor types (key, Swedish label, English label, share of the ordinary actors).
ACTOR_TYPES = (
    ("foretag", "Företag", "Company", 40),
    ("kommun", "Kommun", "Municipality", 0),
    ("region", "Region", "Region (county council)", 0),
    ("statlig-myndighet", "Statlig myndighet", "Government agency", 0),
    ("statligt-bolag", "Statligt bolag", "State-owned company", 0),
    ("kommunalt-bolag", "Kommunalt bolag", "Municipally owned company", 8),
    ("ideell-forening", "Ideell förening", "Non-profit association", 10),
    ("ekonomisk-forening", "Ekonomisk förening", "Economic association (cooperative)", 5),
    ("branschorganisation", "Branschorganisation", "Trade association", 6),
    ("inkubator", "Inkubator", "Incubator", 4),
    ("science-park", "Science park", "Science park", 3),
    ("larosate", "Lärosäte", "University or university college", 3),
    ("forskningsinstitut", "Forskningsinstitut", "Research institute", 3),
    ("utbildningsanordnare", "Utbildningsanordnare", "Education provider", 5),
    ("klusterorganisation", "Klusterorganisation", "Cluster organisation", 3),
    ("stiftelse", "Stiftelse", "Foundation", 3),
)
NATIONAL_ACTORS = 12
#: How many parties a project has, 2 to 8, and how often.
PARTY_COUNTS = (2, 3, 4, 5, 6, 7, 8)
PARTY_COUNT_WEIGHTS = (26, 24, 18, 12, 9, 6, 5)
#: The share of a project's parties drawn from its own län (the rest from the whole country).
LOCAL_SHARE = 0.8
ZIPF_EXPONENT = 1.1
PARTNER_ROLES = ("samverkanspart", "medverkande", "utforare", "kunskapskalla", "malgruppsaktor")
SCHEMES = ("eruf", "esf", "run-medel", "1-1-medel", "tillvaxtverket", "vinnova", "kommunal", "privat")
STRATEGY_AREAS = {
    "innovation": ("digitalisering", "forskning-och-utveckling", "testbaddar"),
    "kompetens": ("kompetensforsorjning", "utbildning", "matchning", "ledarskap"),
    "foretagande": ("nyforetagande", "tillvaxt", "finansiering", "internationalisering", "generationsskifte"),
    "hallbarhet": ("energiomstallning", "cirkular-ekonomi", "landsbygd"),
}
DOCUMENTS = 10


def _places() -> tuple[dict[str, list[str]], list[dict]]:
    """län code → its kommun codes, and the place hierarchy rows (kommun → län → Sverige)."""
    reference = BUNDLED_DATA / "reference"
    with open(reference / "municipalities.csv", encoding="utf-8", newline="") as file:
        kommuner = [(row["municipality_code"], row["county_code"]) for row in csv.DictReader(file)]
    by_lan: dict[str, list[str]] = defaultdict(list)
    for code, lan in kommuner:
        by_lan[lan].append(code)
    parents = [{"place": f"{BASE}/kommun/{code}", "parent": f"{BASE}/lan/{lan}"} for code, lan in kommuner]
    parents += [{"place": f"{BASE}/lan/{lan}", "parent": SWEDEN} for lan in sorted(by_lan)]
    return dict(sorted(by_lan.items())), parents


class _Generator:
    """Draws the rows; one instance per call of :func:`synthetic_rows`."""

    def __init__(self, actors: int, projects: int, seed: int):
        self.random = random.Random(seed)
        self.sizes = (actors, projects)
        self.kommuner, self.place_parents = _places()
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.home: dict[str, str | None] = {}  # actor → its län (None: national)
        self.region_of: dict[str, str] = {}  # län → its region actor

    # --- actors -----------------------------------------------------------------------

    def actors(self) -> None:
        count = self.sizes[0]
        lans = list(self.kommuner)
        regions = lans[:count // 10] if count < 10 * len(lans) else lans
        for lan in regions:
            self._actor(f"region-{lan}", f"Region {lan}", "region", lan, f"{BASE}/lan/{lan}")
        for number in range(min(NATIONAL_ACTORS, count // 20)):
            kind = "statlig-myndighet" if number % 2 else "statligt-bolag"
            self._actor(f"nationell-{number:02d}", f"Nationell aktör {number:02d}", kind, None, SWEDEN)
        keys = [key for key, *_, share in ACTOR_TYPES if share]
        shares = [share for *_, share in ACTOR_TYPES if share]
        for number in range(count - len(self.home)):
            lan = self.random.choice(lans)
            kommun = f"{BASE}/kommun/{self.random.choice(self.kommuner[lan])}"
            kind = "kommun" if number % 12 == 0 else self.random.choices(keys, shares)[0]
            self._actor(f"syn-{number:06d}", f"Syntetisk aktör {number:06d}", kind, lan, kommun)

    def _actor(self, key: str, label: str, kind: str, lan: str | None, place: str) -> None:
        actor = f"{BASE}/actor/{key}"
        self.rows["actors"].append({"actor": actor, "label": label,
                                    "type": f"{BASE}/concept/aktorstyp/{kind}"})
        self.rows["actor_places"].append({"actor": actor, "place": place})
        self.home[actor] = lan
        if kind == "region":
            self.region_of[lan] = actor

    def pools(self) -> None:
        """Zipf weights: regions and national actors first, then the others in random order."""
        actors = list(self.home)
        hubs = len(self.region_of) + sum(1 for lan in self.home.values() if lan is None)
        rest = actors[hubs:]
        self.random.shuffle(rest)
        ranked = actors[:hubs] + rest
        weights = {actor: 1 / (rank + 1) ** ZIPF_EXPONENT for rank, actor in enumerate(ranked)}
        self.pool = {None: self._pool(ranked, weights)}
        for lan in self.kommuner:
            self.pool[lan] = self._pool([actor for actor in ranked if self.home[actor] == lan], weights)

    @staticmethod
    def _pool(actors: list[str], weights: dict[str, float]) -> tuple[list[str], list[float]]:
        return actors, list(accumulate(weights[actor] for actor in actors))

    def _draw(self, lan: str | None, count: int, local_share: float) -> list[str]:
        """``count`` distinct actors, mostly from the län's pool."""
        chosen: dict[str, None] = {}
        while len(chosen) < min(count, len(self.home)):
            actors, cumulative = self.pool[lan if self.random.random() < local_share else None]
            if not actors:
                actors, cumulative = self.pool[None]
            chosen[actors[bisect(cumulative, self.random.random() * cumulative[-1])]] = None
        return list(chosen)

    # --- activities -------------------------------------------------------------------

    def projects(self) -> None:
        lans = list(self.kommuner)
        for number in range(self.sizes[1]):
            project, lan = f"{BASE}/project/syn-{number:06d}", self.random.choice(lans)
            document = self._document()
            dated = self.random.random() < 0.8
            self.rows["activities"].append({"activity": project, "kind": "project",
                                            "label": f"Syntetiskt projekt {number:06d}",
                                            **self._period(dated)})
            place = (f"{BASE}/kommun/{self.random.choice(self.kommuner[lan])}"
                     if self.random.random() < 0.6 else f"{BASE}/lan/{lan}")
            self.rows["activity_places"].append({"activity": project, "place": place})
            self._subjects(project)
            count = self.random.choices(PARTY_COUNTS, PARTY_COUNT_WEIGHTS)[0]
            for index, actor in enumerate(self._draw(lan, count, LOCAL_SHARE)):
                self.rows["parties"].append({"activity": project, "actor": actor,
                                             "role": self._role(index), "document": document})
            if not dated or self.random.random() < 0.6:
                self._grants(project, lan, document)

    def _period(self, dated: bool) -> dict:
        if not dated:
            return {"start": None, "end": None, "grant_year": str(self.random.randint(2014, 2030))}
        first = self.random.randint(2014, 2028)
        last = min(2030, first + self.random.randint(0, 3))
        month = self.random.randint(1, 12)
        form = self.random.random()
        if form < 0.4:
            return {"start": str(first), "end": str(last), "grant_year": None}
        if form < 0.7:
            return {"start": f"{first}-{month:02d}", "end": None, "grant_year": None}
        return {"start": f"{first}-{month:02d}-01", "end": f"{last}-{month:02d}-28", "grant_year": None}

    def _subjects(self, activity: str) -> None:
        areas = list(STRATEGY_AREAS)
        for _ in range(self.random.choice((1, 1, 2))):
            area = self.random.choice(areas)
            self.rows["activity_subjects"].append(
                {"activity": activity, "concept": _concept(area, self.random.choice(STRATEGY_AREAS[area]))})

    def _role(self, index: int) -> str:
        if index == 0:
            role = self.random.choice(("projektagare", "projektagare", "ansvarig"))
        elif index == 1 and self.random.random() < 0.1:
            role = "delagare"
        elif self.random.random() < 0.08:
            role = "medfinansiar"
        else:
            role = self.random.choice(PARTNER_ROLES)
        return f"{BASE}/concept/roll/{role}"

    def _grants(self, project: str, lan: str, document: str) -> None:
        for number in range(1 if self.random.random() < 0.9 else 2):
            amount = round(10 ** self.random.uniform(4.7, 6.7), -3)
            self.rows["grants"].append({
                "grant": f"{project.replace('/project/', '/grant/')}-{number}",
                "activity": project, "scheme": f"{BASE}/funding/syn-{self.random.choice(SCHEMES)}",
                "funder": self.region_of.get(lan), "document": document,
                "amount": str(int(amount)) if self.random.random() < 0.9 else None,
            })

    def networks(self) -> None:
        lans = list(self.kommuner)
        for number in range(max(1, self.sizes[1] // 200)):
            network, lan = f"{BASE}/network/syn-{number:04d}", self.random.choice(lans)
            document = self._document()
            self.rows["activities"].append({"activity": network, "kind": "network",
                                            "label": f"Syntetiskt nätverk {number:04d}",
                                            "start": None, "end": None, "grant_year": None})
            self.rows["activity_places"].append({"activity": network, "place": f"{BASE}/lan/{lan}"})
            self._subjects(network)
            members = self._draw(lan, self.random.randint(10, 80), 0.9)
            for index, actor in enumerate(members):
                role = "samordnare" if index == 0 else "medlem"
                self.rows["memberships"].append({"activity": network, "actor": actor,
                                                 "role": f"{BASE}/concept/roll/{role}", "document": document})

    def _document(self) -> str:
        return _document(self.random.randrange(DOCUMENTS))

    # --- hierarchies and names --------------------------------------------------------

    def labels(self) -> None:
        self.rows["place_parents"] = self.place_parents
        for area, narrower in STRATEGY_AREAS.items():
            self._label(_concept(area), "concept", area.capitalize(), area)
            for key in narrower:
                self.rows["concept_parents"].append({"concept": _concept(area, key),
                                                     "parent": _concept(area)})
                self._label(_concept(area, key), "concept", key.replace("-", " ").capitalize(), key)
        for key, label, label_en, _ in ACTOR_TYPES:
            self._label(f"{BASE}/concept/aktorstyp/{key}", "actor_type", label, label_en)
        for key in SCHEMES:
            self._label(f"{BASE}/funding/syn-{key}", "funding", f"Syntetisk finansiering {key}", None)
        for number in range(DOCUMENTS):
            self._label(_document(number), "document", f"Syntetiskt dokument {number}", None)

    def _label(self, thing: str, kind: str, label: str, label_en: str | None) -> None:
        self.rows["labels"].append({"thing": thing, "kind": kind, "label": label, "label_en": label_en})


def _document(number: int) -> str:
    return f"{BASE}/document/syn-{number:02d}"


def _concept(area: str, key: str | None = None) -> str:
    return f"{BASE}/concept/syn-strategi/{area}" + (f"-{key}" if key else "")


def synthetic_rows(actors: int = 5000, projects: int = 20000, seed: int = 2020) -> Rows:
    """Projection rows of a synthetic ecosystem with ``actors`` actors and ``projects`` projects
    (and one network per 200 projects); the same arguments always give the same rows."""
    generator = _Generator(actors, projects, seed)
    generator.actors()
    generator.pools()
    generator.projects()
    generator.networks()
    generator.labels()
    return Rows.from_dict(generator.rows)
