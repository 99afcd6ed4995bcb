"""The rest of a synthetic source document (:mod:`bench.generate`): national funding schemes,
networks with memberships, services, indicators and the mentions of every actor it names."""

from __future__ import annotations

from bench.generate_names import alternative_spelling, network_name
from bench.generate_sources import Folder, Shape
from bench.generate_world import Actor

__all__ = ["SERVICE_TYPES", "add_indicators", "add_mentions", "add_national_schemes", "add_networks",
           "add_services"]

#: The national funding schemes (key, label, other names, funding-source type, parent, managed by).
NATIONAL_SCHEMES = (
    ("eruf", "Europeiska regionala utvecklingsfonden", "ERUF|Regionalfonden", "eu", "", "tillvaxtverket"),
    ("esf", "Europeiska socialfonden", "ESF|ESF+", "eu", "", "svenska-esf-radet"),
    ("landsbygdsprogrammet", "Landsbygdsprogrammet", "", "eu", "", "jordbruksverket"),
    ("statliga-regionala-utvecklingsmedel", "Statliga regionala utvecklingsmedel", "anslag 1:1", "stat", "",
     "tillvaxtverket"),
    ("tillvaxtverket-utlysningar", "Tillväxtverkets utlysningar", "", "stat", "", "tillvaxtverket"),
    ("vinnova-utlysningar", "Vinnovas utlysningar", "", "stat", "", "vinnova"),
    ("kommunal-medfinansiering", "Kommunal medfinansiering", "", "kommun", "", ""),
    ("privat-medfinansiering", "Privat medfinansiering", "", "privat", "", ""),
)
MEETINGS = ("varje månad", "fyra gånger per år", "två gånger per år")
NETWORK_KINDS = (("nätverk", 50), ("forum", 15), ("kluster", 15), ("samverkansgrupp", 20))
#: What an actor of each type may offer (keys of the scheme tjanst), and how likely it offers anything.
SERVICE_TYPES = {
    "region": (("finansiering", "analys", "natverk", "innovationsstod"), 1.0),
    "forvaltning": (("finansiering", "analys", "kompetensforsorjning"), 1.0),
    "statlig-myndighet": (("finansiering", "radgivning", "omstallning"), 0.8),
    "statligt-bolag": (("finansiering", "radgivning", "riskkapital", "exportstod"), 1.0),
    "ideell-forening": (("nyforetagande", "radgivning", "entreprenorskap-i-skolan", "natverk"), 0.5),
    "kommun": (("lotsning", "etableringsstod", "radgivning", "natverk"), 0.8),
    "kommunalforbund": (("kompetensforsorjning", "analys", "natverk"), 0.7),
    "inkubator": (("inkubation", "affarsutveckling", "riskkapital"), 1.0),
    "science-park": (("innovationsstod", "testmiljo", "affarsutveckling", "inkubation"), 1.0),
    "larosate": (("innovationsstod", "utbildning", "kompetensforsorjning"), 0.6),
    "forskningsinstitut": (("testmiljo", "innovationsstod", "digitalisering"), 0.5),
    "utbildningsanordnare": (("utbildning", "kompetensforsorjning"), 0.6),
    "klusterorganisation": (("natverk", "innovationsstod", "exportstod"), 0.8),
    "branschorganisation": (("natverk", "besoksnaringsutveckling", "marknadsforing"), 0.5),
    "ekonomisk-forening": (("radgivning", "nyforetagande"), 0.4),
    "stiftelse": (("finansiering", "riskkapital"), 0.4),
    "kommunalt-bolag": (("etableringsstod", "marknadsforing", "besoksnaringsutveckling"), 0.4),
    "foretag": (("radgivning", "affarsutveckling", "digitalisering", "agarskiftesstod"), 0.05),
    "eu-organ": (("finansiering",), 1.0),
    "intresseorganisation": (("radgivning", "natverk"), 1.0),
}


def add_national_schemes(folder: Folder) -> None:
    locator = folder.locator("finansiering", "Finansieringskällor")
    for key, label, alt_labels, kind, parent, managed_by in NATIONAL_SCHEMES:
        folder.tables["funding_schemes.csv"].append({
            "key": key, "label": label, "alt_labels": alt_labels, "type": kind, "parent": parent,
            "managed_by": managed_by, "locator": locator})
        if managed_by:
            folder.mention(managed_by, locator)


# --- networks -------------------------------------------------------------------------------

def add_networks(folder: Folder, shape: Shape, count: int) -> None:
    """``count`` networks of 10–80 members (fewer where the län has fewer actors), mostly from
    the folder's län; the first member coordinates."""
    rng, county = shape.rng, shape.county
    locator = folder.locator("natverk", "Nätverk och samverkansgrupper")
    labels: set[str] = set()
    for number in range(1, count + 1):
        kind = rng.choices([k for k, _ in NETWORK_KINDS], [w for _, w in NETWORK_KINDS])[0]
        key = f"{folder.key}-n{number:04d}"
        label = _unique(network_name(rng, kind, county.name if county else "Sverige",
                                     county.short if county else "Sverige"), labels)
        members = shape.register.draw(rng, county.code if county else None, rng.randint(10, 80), 0.9)
        folder.tables["networks.csv"].append({
            "key": key, "label": label, "kind": kind, "coordinator": members[0],
            "places": f"lan:{county.code}" if county else "land:SE",
            "description": f"{label} samlar {len(members)} aktörer och träffas {rng.choice(MEETINGS)}.",
            "subjects": _one_subject(folder, rng), "locator": locator})
        for index, actor in enumerate(members):
            folder.tables["memberships.csv"].append({
                "network": key, "actor": actor, "role": "samordnare" if index == 0 else "medlem",
                "locator": locator})
            folder.mention(actor, locator)


def _unique(label: str, taken: set[str]) -> str:
    number = 1
    unique = label
    while unique in taken:
        number += 1
        unique = f"{label} ({number})"
    taken.add(unique)
    return unique


def _one_subject(folder: Folder, rng) -> str:
    area = rng.choice(sorted(folder.areas))
    return f"{folder.scheme}/{rng.choice(folder.areas[area])}"


# --- services -------------------------------------------------------------------------------

def add_services(folder: Folder, shape: Shape, actors: list[Actor]) -> None:
    """What the folder's actors offer: 1–3 services each (by actor type), to 1–2 target groups,
    at 0–3 stages, in the places they serve (their kommun where they say nothing)."""
    rng, concepts = shape.rng, shape.concepts
    locator = folder.locator("tjanster", "Aktörernas erbjudanden")
    for actor in actors:
        offers, likelihood = SERVICE_TYPES[actor.type]
        if rng.random() >= likelihood:
            continue
        for number in range(1, rng.choice((1, 1, 1, 2, 2, 3)) + 1):
            types = sorted(rng.sample(offers, min(len(offers), rng.choice((1, 1, 2)))))
            audience = sorted(rng.sample(concepts.keys["malgrupp"], rng.choice((1, 1, 2))))
            stages = sorted(rng.sample(concepts.keys["skede"], rng.choice((0, 1, 2, 3))))
            label = ", ".join([concepts.label("tjanst", types[0]),
                               *(concepts.label("tjanst", t).lower() for t in types[1:])])
            area = actor.area or ((f"kommun:{actor.seat}",) if actor.seat else ("land:SE",))
            folder.tables["services.csv"].append({
                "key": f"{actor.key}-tjanst-{number}", "provider": actor.key, "label": label,
                "services": "|".join(types), "audience": "|".join(audience), "stages": "|".join(stages),
                "area_served": "|".join(area), "locator": locator,
                "description": f"{actor.label} erbjuder {label.lower()} för "
                               f"{concepts.label('malgrupp', audience[0]).lower()}."})
            folder.mention(actor.key, locator)


# --- indicators and mentions ----------------------------------------------------------------

def add_indicators(folder: Folder, shape: Shape) -> None:
    """Three indicators of the strategy, and targets (and results, once done) for a few projects."""
    rng = shape.rng
    locator = folder.locator("uppfoljning", "Uppföljning och indikatorer")
    rows = folder.tables["indicators.csv"]
    for number, label in enumerate(("Antal nystartade företag", "Andel företag som exporterar",
                                    "Sysselsättningsgrad 20–64 år"), start=1):
        rows.append({"key": f"{folder.key}-ind-{number}", "subject": f"scheme:{folder.scheme}",
                     "label": label, "unit": "stycken" if number == 1 else "procent", "period": "2021–2030",
                     "locator": locator})
    for project in folder.tables["projects.csv"]:
        if rng.random() < 0.02:
            target = rng.randint(5, 200)
            result = str(rng.randint(0, target + 20)) if project["status"] == "avslutad" else ""
            rows.append({"key": f"{project['key']}-ind", "subject": f"project:{project['key']}",
                         "label": "Antal företag som får stöd", "unit": "stycken", "target": str(target),
                         "result": result, "locator": project["locator"]})


def add_mentions(folder: Folder, shape: Shape) -> None:
    """A mention of every actor the folder names, where first named, at times spelled differently."""
    rng = shape.rng
    for key, locator in folder.mentioned.items():
        label = shape.register.by_key[key].label
        other = alternative_spelling(label) if rng.random() < 0.1 else None
        folder.tables["mentions.csv"].append({"actor": key, "label": other or label, "locator": locator})
