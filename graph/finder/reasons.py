"""The finder's reasons as a newcomer reads them, in Swedish and English: each with its code, its
points, and the records (with their sources) it rests on.

>>> item = reason("place", 12, "Verkar i Katrineholm", "Works in Katrineholm", [])
>>> item["code"], item["points"], item["en"]
('place', 12, 'Works in Katrineholm')
"""

from __future__ import annotations

from graph.finder.fit import Fit
from graph.finder.records import Project, Service
from graph.finder.ties import Tie
from graph.finder.timing import STATE_LABELS
from graph.finder.vocabulary import Vocabulary
from graph.resources.common import ref
from graph.swedish import sort_key

__all__ = ["Labels", "fact", "network_texts", "place_texts", "project_texts", "reason", "service_texts"]


def reason(code: str, points: int, swedish: str, english: str, facts: list[dict], **extra) -> dict:
    """One reason: a code, its points, its text in Swedish and English, the records it rests on."""
    return {"code": code, "points": points, "sv": swedish, "en": english, "facts": facts, **extra}


def fact(iri: str, label: str) -> dict:
    return ref(iri, label)


class Labels:
    """Concept names for the reasons' texts, in Swedish order."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary

    def __call__(self, iris, english: bool = False) -> str:
        found = [self.vocabulary.concepts[i] for i in iris if i in self.vocabulary.concepts]
        names = sorted(((c.label_en or c.label) if english else c.label for c in found), key=sort_key)
        return ", ".join(names)


def _about(fit: Fit, labels: Labels) -> tuple[str, str]:
    """What a fit is about: its concepts, else the words its text shares with the need."""
    concepts = fit.concepts()
    if concepts:
        return labels(concepts), labels(concepts, True)
    shared = ", ".join(f"'{word}'" for word in (fit.text.words if fit.text else [])[:4])
    return f"texten nämner {shared}", f"its text mentions {shared}"


def service_texts(service: Service, fit: Fit, labels: Labels) -> tuple[str, str]:
    """"Erbjuder Exportstöd: Regional Exportsamverkan Sörmland (RES)", and for whom."""
    kinds = fit.types or fit.related
    if kinds:
        sv, en = f"Erbjuder {labels(kinds)}", f"Offers {labels(kinds, True)}"
    else:
        about_sv, about_en = _about(fit, labels)
        sv, en = f"Erbjuder något som passar ({about_sv})", f"Offers something that fits ({about_en})"
    if fit.audiences:
        sv, en = f"{sv}, för {labels(fit.audiences)}", f"{en}, for {labels(fit.audiences, True)}"
    if fit.stages:
        sv, en = f"{sv}, i skedet {labels(fit.stages)}", f"{en}, at the stage {labels(fit.stages, True)}"
    sv, en = _other_group(fit, sv, en)
    return f"{sv}: {service.label}", f"{en}: {service.label}"


def _other_group(fit: Fit, sv: str, en: str) -> tuple[str, str]:
    if fit.audience_kind == "mismatch":
        return f"{sv} (men för en annan målgrupp)", f"{en} (but for another target group)"
    if fit.audience_kind == "system":
        return (f"{sv} (genom kommunerna och främjarna)",
                f"{en} (through the municipalities and support actors)")
    return sv, en


def project_texts(project: Project, roles: list[dict], fit: Fit, now: str, labels: Labels) -> tuple[str, str]:
    """"Ansvarig i Regional Exportsamverkan Sörmland (pågående), om Exportstöd"."""
    role_sv = ", ".join(sorted({r["label"] for r in roles}, key=sort_key))
    role_en = ", ".join(sorted({r.get("label_en") or r["label"] for r in roles}, key=sort_key))
    state_sv, state_en = STATE_LABELS[now]
    about_sv, about_en = _about(fit, labels)
    sv = f"{role_sv} i {project.label} ({state_sv}), om {about_sv}"
    en = f"{role_en} in {project.label} ({state_en}), about {about_en}"
    return _other_group(fit, sv, en)


def network_texts(network, fit: Fit, coordinates: bool, labels: Labels) -> tuple[str, str]:
    """"Med i nätverket Affärsängelnätverk (Sjuhärad), om Riskkapital"."""
    about_sv, about_en = _about(fit, labels)
    return (f"{'Samordnar' if coordinates else 'Med i'} nätverket {network.label}, om {about_sv}",
            f"{'Coordinates' if coordinates else 'Member of'} the network {network.label}, about {about_en}")


def place_texts(tie: Tie, place: dict, share: int) -> tuple[str, str]:
    """"Verkar i Södermanlands län, där Katrineholm ingår: +40 %"."""
    via, here = tie.via_label, place["label"]
    if tie.kind == "land":
        sv, en = "Verkar i hela Sverige", "Works all over Sweden"
    elif tie.scope == "within":
        sv, en = f"Verkar i {via}, en del av {here}", f"Works in {via}, part of {here}"
    elif tie.scope == "here":
        sv, en = f"Verkar i {via}", f"Works in {via}"
    else:
        sv, en = f"Verkar i {via}, där {here} ingår", f"Works in {via}, which {here} is part of"
    return f"{sv}: +{share} %", f"{en}: +{share} %"
