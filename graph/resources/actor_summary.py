"""One plain sentence on what an actor does, in Swedish and English, made from its facts.

"Almi Företagspartner Sörmland är ett statligt bolag som erbjuder finansiering och lån,
rådgivning och exportstöd till små och medelstora företag (SMF) i Södermanlands län och deltar i
11 projekt." Only what the record holds is said: its type, the kinds of support its services
offer and to whom, where it works and how many projects and networks it takes part in.
"""

from __future__ import annotations

__all__ = ["NEUTER_TYPES", "actor_summary", "listed"]

#: Actor types whose Swedish noun takes "ett" (the rest take "en").
NEUTER_TYPES = frozenset({"eu-organ", "foretag", "forskningsinstitut", "kommunalforbund", "kommunalt-bolag",
                          "larosate", "statligt-bolag"})
#: A type that says nothing about what the actor is.
UNSTATED_TYPE = "ovrig"
CONJUNCTION = {"sv": "och", "en": "and"}


def listed(items: list[str], lang: str = "sv") -> str:
    """Items as a sentence lists them.

    >>> listed(["a"]), listed(["a", "b"]), listed(["a", "b", "c"], "en")
    ('a', 'a och b', 'a, b and c')
    """
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {CONJUNCTION[lang]} {items[-1]}"


def _inline(label: str) -> str:
    """A label inside a sentence: its first letter lower case, unless it starts an acronym.

    >>> _inline("Statligt bolag"), _inline("EU-organ"), _inline("SMF")
    ('statligt bolag', 'EU-organ', 'SMF')
    """
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _labels(refs: list[dict], lang: str) -> list[str]:
    found = []
    for item in refs:
        label = _inline((item.get("label_en") if lang == "en" else None) or item["label"])
        if label not in found:
            found.append(label)
    return found


def _facts(record: dict) -> dict:
    services = record.get("services", [])
    places = record.get("area_served") or [area for s in services for area in s.get("areas", [])]
    projects = {project["iri"] for group in record.get("projects", []) for project in group["projects"]}
    kind = record.get("type")
    return {
        "name": record["label"],
        "type": kind if kind and not kind["iri"].endswith("/" + UNSTATED_TYPE) else None,
        "offers": [t for s in services for t in s.get("service_types", [])],
        "audiences": [a for s in services for a in s.get("audiences", [])],
        # "Nyköpings kommun är en kommun", not "... i Nyköpings kommun": its own place goes unsaid.
        "places": list(dict.fromkeys(place["label"] for place in places
                                     if place["label"] not in record["label"])),
        "projects": len(projects),
        "networks": len(record.get("networks", [])),
    }


def actor_summary(record: dict) -> dict[str, str]:
    """The sentence on the actor of ``record`` (an actor payload): ``{"sv": ..., "en": ...}``.

    >>> almi = {"label": "Almi", "type": {"iri": "x/statligt-bolag", "label": "Statligt bolag",
    ...         "label_en": "State-owned company"}, "area_served": [{"label": "Södermanlands län"}],
    ...         "services": [{"service_types": [{"label": "Rådgivning", "label_en": "Advice"}],
    ...                       "audiences": [{"label": "Alla företag", "label_en": "All businesses"}]}],
    ...         "projects": [{"projects": [{"iri": "p1"}, {"iri": "p2"}]}], "networks": []}
    >>> print(actor_summary(almi)["sv"])  # doctest: +NORMALIZE_WHITESPACE
    Almi är ett statligt bolag som erbjuder rådgivning till alla företag i Södermanlands län och
    deltar i 2 projekt.
    >>> print(actor_summary(almi)["en"])  # doctest: +NORMALIZE_WHITESPACE
    Almi is a state-owned company offering advice to all businesses in Södermanlands län; it takes
    part in 2 projects.
    """
    facts = _facts(record)
    return {"sv": _swedish(facts), "en": _english(facts)}


def _swedish(facts: dict) -> str:
    kind = facts["type"]
    text = facts["name"]
    if kind:
        article = "ett" if kind["iri"].rsplit("/", 1)[-1] in NEUTER_TYPES else "en"
        text += f" är {article} {_inline(kind['label'])}"
    if facts["offers"]:
        text += f"{' som' if kind else ''} erbjuder {listed(_labels(facts['offers'], 'sv'))}"
        if facts["audiences"]:
            text += f" till {listed(_labels(facts['audiences'], 'sv'))}"
    elif facts["places"] and not kind:
        text += " verkar"
    if facts["places"]:
        text += f" i {listed(facts['places'])}"
    taking_part = _counted(facts, "sv")
    if taking_part:
        joined = " och" if kind or facts["offers"] or facts["places"] else ""
        text += f"{joined} deltar i {taking_part}"
    elif not (kind or facts["offers"] or facts["places"]):
        text += " nämns i källorna"
    return text + "."


def _english(facts: dict) -> str:
    kind = facts["type"]
    text = facts["name"]
    if kind:
        label = _inline(kind.get("label_en") or kind["label"])
        text += f" is {'an' if label[:1].lower() in 'aeiou' else 'a'} {label}"
    if facts["offers"]:
        text += f" {'offering' if kind else 'offers'} {listed(_labels(facts['offers'], 'en'), 'en')}"
        if facts["audiences"]:
            text += f" to {listed(_labels(facts['audiences'], 'en'), 'en')}"
    elif facts["places"] and not kind:
        text += " works"
    if facts["places"]:
        text += f" in {listed(facts['places'], 'en')}"
    taking_part = _counted(facts, "en")
    if taking_part:
        said = kind or facts["offers"] or facts["places"]
        text += f"{'; it takes' if said else ' takes'} part in {taking_part}"
    elif not (kind or facts["offers"] or facts["places"]):
        text += " is named in the sources"
    return text + "."


def _counted(facts: dict, lang: str) -> str:
    """"11 projekt och 2 nätverk" / "11 projects and 2 networks"; empty if none."""
    words = {"sv": (("projekt", "projekt"), ("nätverk", "nätverk")),
             "en": (("project", "projects"), ("network", "networks"))}[lang]
    parts = [f"{count} {nouns[count != 1]}"
             for count, nouns in zip((facts["projects"], facts["networks"]), words, strict=True) if count]
    return listed(parts, lang)
