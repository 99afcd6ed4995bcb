"""English for the Swedish words the sources print as statuses and kinds: the closed
vocabularies of ``data/`` (``projects.csv``'s ``status`` and ``kind``, ``networks.csv``'s and
``documents.csv``'s ``kind``, ``source.yaml``'s ``kind``), kept as printed literals rather than
as concepts with labels of their own.

The data keeps the Swedish word; an English page shows the English one. A word no table knows
stays Swedish (and the page marks it so).

>>> english("pågående"), english("Förstudie"), english("(Löpande.)"), english("Eskilstuna")
('ongoing', 'Feasibility study', '(Ongoing.)', None)
"""

from __future__ import annotations

import re

__all__ = ["ENGLISH", "english"]

#: Project statuses as the sources place them, and the time plans that are only a status.
STATUSES = {
    "pågående": "ongoing",
    "avslutad": "ended",
    "kommande": "upcoming",
    "föreslagen": "proposed",
    "löpande": "ongoing",
}
#: What the sources call their projects (an "insats" is an action of a plan).
PROJECT_KINDS = {
    "projekt": "project",
    "förstudie": "feasibility study",
    "insats": "action",
    "uppdrag": "assignment",
    "verksamhet": "regular activity",
}
NETWORK_KINDS = {
    "nätverk": "network",
    "forum": "forum",
    "samverkansgrupp": "collaboration group",
    "plattform": "platform",
    "kluster": "cluster",
    "mötesplats": "meeting place",
}
DOCUMENT_KINDS = {
    "plan": "plan",
    "handlingsplan": "action plan",
    "analys": "analysis",
    "strategi": "strategy",
    "beslut": "decision",
    "informationsärende": "information item",
    "rapport": "report",
    "slutrapport": "final report",
    "granskning": "audit",
    "faktablad": "fact sheet",
    "lag": "act",
    "reform": "reform",
    "planeringsunderlag": "planning document",
    "överenskommelse": "agreement",
    "bilaga": "appendix",
    "presentation": "presentation",
}
#: The units the sources give their indicators in.
UNITS = {
    "gånger per år": "times a year",
    "deltagare": "participants",
    "ton CO2-ekvivalenter per miljoner kronor BRP": "tonnes CO2 equivalent per million kronor GRP",
    "antal företag": "number of companies",
    "möten per år": "meetings a year",
    "aktiviteter": "activities",
    "personer": "people",
    "kommuner": "municipalities",
    "antal": "number",
    "insatser": "actions",
    "stycken": "items",
    "antal deltagare": "number of participants",
    "andel": "share",
    "år": "years",
    "index": "index",
    "procent": "per cent",
}
ENGLISH = {**STATUSES, **PROJECT_KINDS, **NETWORK_KINDS, **DOCUMENT_KINDS, **UNITS}

#: A word with the punctuation printed around it: "(Löpande.)".
_WRAPPED = re.compile(r"^(\W*)(.*?)(\W*)$")


def english(printed: str | None) -> str | None:
    """The English for a printed status or kind (its capital and surrounding punctuation kept),
    or ``None`` if it is not one."""
    if not printed:
        return None
    before, word, after = _WRAPPED.match(printed.strip()).groups()
    found = ENGLISH.get(word.casefold())
    if found is None:
        return None
    if word[:1].isupper():
        found = found[:1].upper() + found[1:]
    return f"{before}{found}{after}"
