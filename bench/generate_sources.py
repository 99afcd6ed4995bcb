"""One synthetic source document of the national-scale generator (:mod:`bench.generate`): its
locators, strategy, funding schemes, projects with participants, grants and activities, and
printed totals. Networks, services and mentions are added by :mod:`bench.generate_extras`.

A :class:`Folder` holds each table's rows as dicts by column name; :func:`bench.generate.write`
writes them in the column order of :data:`graph.tables.TABLES`.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field

from bench.generate_names import TOPICS, description, project_label
from bench.generate_world import Actor, Concepts, County, Places, Register
from bench.synthetic import PARTNER_ROLES, STRATEGY_AREAS

__all__ = ["AREA_LABELS", "Folder", "Shape", "add_projects", "add_strategy", "add_regional_schemes"]

#: Swedish labels of the strategy areas and insatsområden of bench.synthetic.STRATEGY_AREAS.
AREA_LABELS = {
    "innovation": "Innovation och förnyelse", "kompetens": "Kompetensförsörjning och utbildning",
    "foretagande": "Entreprenörskap och företagande", "hallbarhet": "Hållbar omställning",
    "digitalisering": "Digitalisering", "forskning-och-utveckling": "Forskning och utveckling",
    "testbaddar": "Testbäddar och demonstrationsmiljöer", "kompetensforsorjning": "Kompetensförsörjning",
    "utbildning": "Utbildning och livslångt lärande", "matchning": "Matchning på arbetsmarknaden",
    "ledarskap": "Ledarskap och organisation", "nyforetagande": "Nyföretagande",
    "tillvaxt": "Tillväxt i befintliga företag", "finansiering": "Tillgång till kapital",
    "internationalisering": "Internationalisering och export",
    "generationsskifte": "Ägar- och generationsskiften", "energiomstallning": "Energiomställning",
    "cirkular-ekonomi": "Cirkulär ekonomi", "landsbygd": "Levande landsbygd",
}
#: The year the synthetic sources are written: a project's status is placed relative to it.
ISSUED_YEAR = 2026
KINDS = (("projekt", 70), ("förstudie", 15), ("insats", 10), ("uppdrag", 5))
#: How many parties a project has and how often, after the bundled data (mean 2.6, median 1).
PARTY_COUNTS = (1, 2, 3, 4, 5, 6, 8, 12, 20)
PARTY_COUNT_WEIGHTS = (40, 22, 13, 9, 6, 4, 3, 2, 1)
#: A project's parties come from its own län with this probability, otherwise from the country.
LOCAL_SHARE = 0.8
#: The funding schemes a project's main grant comes from, and how often.
MAIN_SCHEMES = (("run-medel", 30), ("1-1-medel", 15), ("eruf", 20), ("esf", 10), ("vinnova", 8),
                ("landsbygdsprogrammet", 7), ("tillvaxtverket", 10))
PROJECTS_PER_TABLE = 50
FUNDED_SHARE = 0.65


@dataclass(frozen=True)
class Shape:
    """Per-folder knobs: the seed's generator, the world and what the folder is about."""

    rng: random.Random
    places: Places
    concepts: Concepts
    register: Register
    county: County | None  # None: the national folder


@dataclass
class Folder:
    """One source folder: its number, keys, tables (rows by column) and the actors it names."""

    number: int
    name: str
    key: str
    title: str
    publisher: str
    description: str
    tables: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    mentioned: dict[str, str] = field(default_factory=dict)  # actor → the locator of its first mention
    pages: int = 0
    scheme: str = ""
    areas: dict[str, list[str]] = field(default_factory=dict)  # strategy area → insatsområden

    def locator(self, key: str, label: str) -> str:
        """Add a locator (the next page) and return its key."""
        self.pages += 1
        self.tables["locators.csv"].append({"key": key, "label": label, "page": str(self.pages)})
        return key

    def mention(self, actor: str, locator: str) -> None:
        self.mentioned.setdefault(actor, locator)

    def grant_total(self) -> int:
        return sum(_amount(row["amount"]) for row in self.tables["grants.csv"])


def _amount(cell: str) -> int:
    return int(cell.replace(" ", "")) if cell else 0


def _written(amount: int, rng: random.Random) -> str:
    """An amount as a source prints it: usually plain, sometimes with thousands spaces."""
    return f"{amount:,}".replace(",", " ") if rng.random() < 0.2 else str(amount)


# --- strategy and funding schemes -----------------------------------------------------------

def add_strategy(folder: Folder, shape: Shape, label: str, publisher: str, document: str) -> None:
    """The folder's strategy as a concept scheme: 3–4 areas, each with 2–4 insatsområden."""
    rng, locator = shape.rng, folder.locator("strategi", "Strategins prioriterade områden")
    folder.scheme = f"{folder.key}-strategi"
    folder.tables["documents.csv"].append({
        "key": document, "title": label, "kind": "strategi", "publisher": publisher, "issued": "2021",
        "locator": locator})
    folder.tables["schemes.csv"].append({
        "key": folder.scheme, "label": label, "publisher": publisher, "period_start": "2021",
        "period_end": "2030", "references": document, "locator": locator})
    areas = sorted(rng.sample(sorted(STRATEGY_AREAS), rng.choice((3, 4))))
    for number, area in enumerate(areas, start=1):
        _concept(folder, area, str(number), "", locator)
        children = rng.sample(STRATEGY_AREAS[area], min(len(STRATEGY_AREAS[area]), rng.randint(2, 4)))
        folder.areas[area] = sorted(children)
        for sub, child in enumerate(folder.areas[area], start=1):
            _concept(folder, child, f"{number}.{sub}", area, locator)
    if publisher:
        folder.mention(publisher, locator)


def _concept(folder: Folder, key: str, notation: str, broader: str, locator: str) -> None:
    folder.tables["concepts.csv"].append({
        "scheme": folder.scheme, "key": key, "notation": notation, "label": AREA_LABELS[key],
        "broader": broader, "locator": locator})


def add_regional_schemes(folder: Folder, county: County) -> None:
    """The region's own development money (RUN-medel) and its 1:1-medel from the state."""
    locator = folder.locator("finansiering", "Finansiering av insatserna")
    region = f"region-{county.code}"
    folder.tables["funding_schemes.csv"] += [
        {"key": f"{county.slug}-run-medel", "label": f"Regionala utvecklingsmedel, {county.name}",
         "alt_labels": "RUN-medel", "type": "region", "managed_by": region, "locator": locator},
        {"key": f"{county.slug}-1-1-medel", "label": f"1:1-medel, {county.name}",
         "alt_labels": "1:1-medel", "type": "stat", "parent": "statliga-regionala-utvecklingsmedel",
         "managed_by": region, "locator": locator},
    ]
    folder.mention(region, locator)


# --- projects ---------------------------------------------------------------------------------

def add_projects(folder: Folder, shape: Shape, count: int) -> None:
    """``count`` projects in tables of :data:`PROJECTS_PER_TABLE`, with parties, grants and
    activities; the first table's printed total (its grant sum) goes into ``checksums.csv``."""
    for number in range(count):
        table = number // PROJECTS_PER_TABLE + 1
        if number % PROJECTS_PER_TABLE == 0:
            last = min(count, number + PROJECTS_PER_TABLE)
            folder.locator(f"tabell-{table:03d}",
                           f"Tabell {table}. Projekt och insatser (rad {number + 1}–{last})")
        _project(folder, shape, f"{folder.key}-p{number + 1:06d}", f"tabell-{table:03d}")
    if count:
        _printed_total(folder, shape.rng)


def _project(folder: Folder, shape: Shape, key: str, locator: str) -> None:
    rng, county = shape.rng, shape.county.code if shape.county else None
    owner = shape.register.draw(rng, county, 1, 1.0)  # the owner is the län's own (or national)
    parties = shape.register.draw(rng, county, rng.choices(PARTY_COUNTS, PARTY_COUNT_WEIGHTS)[0],
                                  LOCAL_SHARE, tuple(owner))
    owner = shape.register.by_key[parties[0]]
    topic, audience, stages, area = rng.choice(TOPICS)
    place, place_name = _project_place(shape, owner)
    kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    start, end = _period(rng)
    label = project_label(rng, topic, place_name)
    row = {"key": key, "label": f"Förstudie: {label}" if kind == "förstudie" else label,
           "kind": kind, "status": _status(start, end), "start": start, "end": end,
           "subjects": "|".join(_subjects(folder, rng, area)), "places": place,
           "audience": "|".join(audience) if rng.random() < 0.7 else "",
           "stages": "|".join(stages) if rng.random() < 0.6 else "", "locator": locator}
    if rng.random() < 0.6:
        target_group = shape.concepts.label("malgrupp", audience[0]).lower()
        row["description"] = description(rng, target_group, place_name)
    if start and end and rng.random() < 0.25:
        row["timeplan"] = f"{start[:4]}–{end[:4]}"
    if rng.random() < 0.03 and folder.tables["projects.csv"]:
        row["part_of"] = rng.choice(folder.tables["projects.csv"][-20:])["key"]
    roles = _participants(folder, shape, key, kind, parties, locator)
    amounts = _grants(folder, shape, key, roles, start, locator) if rng.random() < FUNDED_SHARE else []
    _total_cost(row, rng, amounts)
    folder.tables["projects.csv"].append(row)
    if rng.random() < 0.05:
        _activities(folder, rng, key, start, end, locator)


def _project_place(shape: Shape, owner: Actor) -> tuple[str, str]:
    """Where a project works: mostly its owner's kommun or its län; the national folder's, Sweden."""
    rng, county, places = shape.rng, shape.county, shape.places
    if county is None:
        return "land:SE", "Sverige"
    draw = rng.random()
    if draw < 0.55 and owner.county == county.code and owner.seat:
        return f"kommun:{owner.seat}", places.kommuner[owner.seat][1]
    if draw < 0.65:
        kommun = rng.choice(county.kommuner)
        delregion = places.delregion_of(kommun)
        if delregion:
            return f"delregion:{delregion}", places.delregioner[delregion][0]
        return f"kommun:{kommun}", places.kommuner[kommun][1]
    return f"lan:{county.code}", county.name


def _period(rng: random.Random) -> tuple[str, str]:
    """Dates over 2014–2030 as precise as a source prints them (year, month or day)."""
    first = rng.randint(2014, 2028)
    last = min(2030, first + rng.randint(0, 3))
    month, form = rng.randint(1, 12), rng.random()
    if form < 0.1:
        return str(first), ""
    if form < 0.45:
        return str(first), str(last)
    if form < 0.7:
        return f"{first}-{month:02d}", f"{last}-{month:02d}"
    return f"{first}-{month:02d}-01", f"{last}-{month:02d}-28"


def _status(start: str, end: str) -> str:
    if int(start[:4]) > ISSUED_YEAR:
        return "kommande"
    return "avslutad" if end and int(end[:4]) < ISSUED_YEAR else "pågående"


def _subjects(folder: Folder, rng: random.Random, area: str) -> list[str]:
    """One insatsområde of the strategy (in the topic's area when the strategy has it), sometimes two."""
    areas = sorted(folder.areas)
    chosen = {rng.choice(folder.areas[area if area in folder.areas else rng.choice(areas)])}
    if rng.random() < 0.3:
        chosen.add(rng.choice(folder.areas[rng.choice(areas)]))
    return [f"{folder.scheme}/{key}" for key in sorted(chosen)]


def _participants(folder: Folder, shape: Shape, project: str, kind: str, parties: list[str],
                  locator: str) -> dict[str, str]:
    """One owner (projektägare, or ansvarig for an insats or uppdrag), the rest partners."""
    rng, roles = shape.rng, {}
    for index, actor in enumerate(parties):
        if index == 0:
            role = "ansvarig" if kind in ("insats", "uppdrag") else "projektagare"
        elif index == 1 and rng.random() < 0.1:
            role = "delagare"
        elif rng.random() < 0.08:
            role = "medfinansiar"
        elif rng.random() < 0.03:
            role = "projektledare"
        else:
            role = rng.choice(PARTNER_ROLES)
        roles[actor] = role
        folder.tables["participants.csv"].append({
            "project": project, "actor": actor, "role": role,
            "note": "Vid behov" if rng.random() < 0.02 else "", "locator": locator})
        folder.mention(actor, locator)
    return roles


# --- money ------------------------------------------------------------------------------------

def _grants(folder: Folder, shape: Shape, project: str, roles: dict[str, str], start: str,
            locator: str) -> list[int]:
    """The project's main grant and one per co-funding party (most of them); the amounts."""
    rng, amounts = shape.rng, []
    grants = [_main_grant(shape)]
    grants += [_co_funding(shape, actor) for actor, role in roles.items()
               if role == "medfinansiar" and rng.random() < 0.7]
    for number, (scheme, funder, disbursed_by, low, high) in enumerate(grants, start=1):
        amount = int(round(10 ** rng.uniform(low, high), -3)) if rng.random() < 0.9 else 0
        folder.tables["grants.csv"].append({
            "key": f"{project}-g{number}", "project": project, "scheme": scheme, "funder": funder,
            "disbursed_by": disbursed_by, "amount": _written(amount, rng) if amount else "",
            "currency": "SEK", "year": start[:4], "locator": locator})
        amounts += [amount] if amount else []
        for actor in (funder, disbursed_by):
            if actor:
                folder.mention(actor, locator)
    return amounts


def _main_grant(shape: Shape) -> tuple[str, str, str, float, float]:
    """(scheme, funder, disbursed by, log10 of the smallest and largest amount)."""
    county = shape.county
    choices = [(key, weight) for key, weight in MAIN_SCHEMES if county or not key.endswith("-medel")]
    scheme = shape.rng.choices([key for key, _ in choices], [weight for _, weight in choices])[0]
    if scheme in ("run-medel", "1-1-medel"):
        region = f"region-{county.code}"
        return f"{county.slug}-{scheme}", region if scheme == "run-medel" else "", region, 4.7, 6.5
    if scheme == "landsbygdsprogrammet":
        disbursed_by = f"lansstyrelsen-{county.slug}" if county else "jordbruksverket"
        return scheme, "europeiska-kommissionen", disbursed_by, 4.7, 6.5
    return {
        "eruf": ("eruf", "europeiska-kommissionen", "tillvaxtverket", 5.5, 7.2),
        "esf": ("esf", "europeiska-kommissionen", "svenska-esf-radet", 5.5, 7.0),
        "vinnova": ("vinnova-utlysningar", "vinnova", "vinnova", 5.0, 6.7),
        "tillvaxtverket": ("tillvaxtverket-utlysningar", "tillvaxtverket", "tillvaxtverket", 5.0, 6.7),
    }[scheme]


def _co_funding(shape: Shape, actor: str) -> tuple[str, str, str, float, float]:
    """A co-funding party's own money: a kommun's, a region's RUN-medel, or private money."""
    kind = shape.register.by_key[actor].type
    if kind == "kommun":
        return "kommunal-medfinansiering", actor, actor, 4.3, 6.0
    if kind == "region":
        county = shape.places.counties[shape.register.by_key[actor].county]
        return f"{county.slug}-run-medel", actor, actor, 4.7, 6.3
    return "privat-medfinansiering", actor, "", 4.0, 5.7


def _total_cost(row: dict, rng: random.Random, amounts: list[int]) -> None:
    """A total cost for some projects: the grants and the parties' own share, or, where no grant
    sum is printed, an amount of its own. Rarely a grant larger than the total, as sources print."""
    if rng.random() >= 0.4:
        return
    if not amounts:
        total = int(round(10 ** rng.uniform(5.0, 7.0), -3))
    elif rng.random() < 0.005:
        total = int(round(max(amounts) * 0.8, -3))
    else:
        total = int(round(sum(amounts) * rng.uniform(1.1, 2.5), -3))
    row["total_cost"], row["currency"] = _written(total, rng), "SEK"


ACTIVITY_LABELS = ("Uppstartsträff med deltagande företag", "Workshop om behov och prioriteringar",
                   "Nätverksträff", "Studieresa", "Slutkonferens", "Seminarieserie", "Företagsbesök")


def _activities(folder: Folder, rng: random.Random, project: str, start: str, end: str, locator: str) -> None:
    first, last = int(start[:4]), int((end or start)[:4])
    for number, label in enumerate(rng.sample(ACTIVITY_LABELS, rng.randint(1, 3)), start=1):
        year = rng.randint(first, last)
        folder.tables["activities.csv"].append({
            "key": f"{project}-a{number}", "project": project, "label": label, "start": str(year),
            "end": str(year) if rng.random() < 0.5 else "", "locator": locator})


def _printed_total(folder: Folder, rng: random.Random) -> None:
    """The first table's printed count of projects and sum of granted money."""
    keys = [row["key"] for row in folder.tables["projects.csv"][:PROJECTS_PER_TABLE]]
    inside = set(keys)
    total = sum(_amount(row["amount"]) for row in folder.tables["grants.csv"] if row["project"] in inside)
    common = {"projects": "|".join(keys), "locator": "tabell-001"}
    folder.tables["checksums.csv"] += [
        {"key": f"{folder.key}-tabell-001-antal", "label": f"Tabell 1: {len(keys)} projekt",
         "measure": "count", "expected": str(len(keys)), **common},
        {"key": f"{folder.key}-tabell-001-summa", "label": "Tabell 1: summa beviljade medel",
         "measure": "grant_amount", "expected": _written(total, rng), **common},
    ]
