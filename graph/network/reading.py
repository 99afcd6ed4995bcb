"""One sentence under each network picture that says what it shows, in Swedish and English.

Each function takes what its view has already computed (the view's graph before it was cut to
the drawing limit, so the counts are the whole view's) and returns ``{"sv": ..., "en": ...}``.
Names stay as the sources spell them; numbers are written the language's way (Swedish: no-break
spaces between thousands).

>>> counted(3920000, "actor", "sv"), counted(1, "project", "en")
('3\\xa0920\\xa0000 aktörer', '1 project')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import networkx as nx

from graph.network.model import Model
from graph.swedish import sort_key, swedish_number

__all__ = ["collaboration", "counted", "ego", "funding", "named_list", "path", "projection"]

#: How many names a sentence lists ("närmast: A, B, C").
NAMED = 3
#: Nouns by key: (Swedish singular, plural), (English singular, plural).
WORDS = {
    "actor": (("aktör", "aktörer"), ("actor", "actors")),
    "project": (("projekt", "projekt"), ("project", "projects")),
    "network": (("nätverk", "nätverk"), ("network", "networks")),
    "tie": (("samarbetsband", "samarbetsband"), ("tie", "ties")),
    "partner": (("samarbetspartner", "samarbetspartner"), ("partner", "partners")),
    "source": (("källa", "källor"), ("source", "sources")),
    "owner": (("projektägare", "projektägare"), ("project owner", "project owners")),
    "grant": (("bidrag", "bidrag"), ("grant", "grants")),
    "step": (("steg", "steg"), ("step", "steps")),
    "shared": (("gemensamt", "gemensamma"), ("shared", "shared")),
}
AND = {"sv": "och", "en": "and"}


def _number(value, lang: str) -> str:
    return swedish_number(value) if lang == "sv" else f"{value:,}"


def counted(value: int, word: str, lang: str) -> str:
    """``value`` and the noun ``word`` in the right number and language."""
    forms = WORDS[word][lang == "en"]
    return f"{_number(value, lang)} {forms[value != 1]}"


def _kronor(amount, lang: str) -> str:
    return f"{swedish_number(amount)} kr" if lang == "sv" else f"SEK {amount:,}"


def named_list(items: list[str], lang: str) -> str:
    """Items joined the way the language lists them: "A, B och C".

    >>> named_list(["A", "B", "C"], "sv"), named_list(["A"], "en")
    ('A, B och C', 'A')
    """
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {AND[lang]} {items[-1]}"


def _both(sentence: Callable[[str], str], names: Iterable[str] = ()) -> dict:
    """The sentence in Swedish and English, and the names it holds (Swedish data, which an
    English page marks as such), longest first."""
    return {**{lang: sentence(lang) for lang in ("sv", "en")},
            "names": sorted(set(names), key=lambda name: (-len(name), name))}


def _activities(counts: dict[str, int], lang: str) -> str:
    """"6 projekt och 2 nätverk" (a kind with none left out; "0 projekt" if there is neither)."""
    parts = [counted(counts[kind], kind, lang) for kind in ("project", "network") if counts.get(kind)]
    return named_list(parts, lang) or counted(0, "project", lang)


def _kinds(model: Model, activities: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for activity in activities:
        kind = model.activities[activity]["kind"]
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def _ranked(graph: nx.Graph, nodes: Iterable[str], score: Callable[[str], float]) -> list[str]:
    """The ``NAMED`` nodes with the highest score (ties by name)."""
    ranked = sorted(nodes, key=lambda node: (-score(node), sort_key(graph.nodes[node]["label"])))
    return ranked[:NAMED]


def _pick(lang: str, swedish: str, english: str) -> str:
    return swedish if lang == "sv" else english


def ego(model: Model, graph: nx.Graph, actor: str, depth: int) -> dict[str, str]:
    """"A samarbetar med 12 aktörer i 6 projekt; närmast: B (2 gemensamma), …"."""
    name = graph.nodes[actor]["label"]
    partners = list(graph[actor])
    if not partners:
        return _both(lambda lang: f"{name} " + _pick(lang, "delar inget projekt eller nätverk med någon "
                                                     "annan aktör här.",
                                                     "shares no project or network with another actor here."))
    kinds = _kinds(model, set().union(*(graph.edges[actor, other]["activities"] for other in partners)))
    further = graph.number_of_nodes() - len(partners) - 1 if depth > 1 else 0
    shared = {other: graph.edges[actor, other]["weight"] for other in partners}
    closest = _ranked(graph, partners, shared.__getitem__)

    def sentence(lang: str) -> str:
        text = (f"{name} {_pick(lang, 'samarbetar med', 'collaborates with')} "
                f"{counted(len(partners), 'actor', lang)} {_pick(lang, 'i', 'in')} "
                f"{_activities(kinds, lang)}")
        if further:
            text += _pick(lang, f" och når {counted(further, 'actor', lang)} till i två steg",
                          f" and reaches {counted(further, 'actor', lang)} more in two steps")
        names = [f"{graph.nodes[other]['label']} ({counted(shared[other], 'shared', lang)})"
                 for other in closest]
        return f"{text}; {_pick(lang, 'närmast', 'closest')}: {named_list(names, lang)}."
    return _both(sentence, [name, *(graph.nodes[other]["label"] for other in closest)])


def collaboration(model: Model, graph: nx.Graph, activities: Iterable[str],
                  scope: dict[str, str] | None = None) -> dict[str, str]:
    """"Scope: 131 aktörer med 766 samarbetsband i 70 projekt och 12 nätverk; störst nav: …".

    Args:
        activities: the activities of the view that an actor in it takes part in.
        scope: what the view covers, per language ("Borås kommun med Boråsregionen …"), if
            the sentence should say so.
    """
    kinds = _kinds(model, activities)
    hubs = [node for node in _ranked(graph, graph, graph.degree) if graph.degree(node)]

    def sentence(lang: str) -> str:
        text = (f"{counted(graph.number_of_nodes(), 'actor', lang)} "
                f"{'med' if lang == 'sv' else 'with'} {counted(graph.number_of_edges(), 'tie', lang)} "
                f"{'i' if lang == 'sv' else 'in'} {_activities(kinds, lang)}")
        if scope:
            text = f"{scope[lang]}: {text}"
        if hubs:
            names = [f"{graph.nodes[node]['label']} ({counted(graph.degree(node), 'partner', lang)})"
                     for node in hubs]
            text += f"; {'störst nav' if lang == 'sv' else 'largest hubs'}: {named_list(names, lang)}"
        return text + "."
    return _both(sentence, [*(graph.nodes[node]["label"] for node in hubs), *(scope or {}).get("names", ())])


def funding(graph: nx.DiGraph, total, missing: int) -> dict[str, str]:
    """"42 031 810 kr från 2 källor till 45 projektägare i 67 projekt; störst mottagare: …".

    Args:
        total: the sum of the printed amounts that reach the projects.
        missing: grants whose source prints no amount.
    """
    sources = [node for node in graph if graph.in_degree(node) == 0]
    stages = dict(graph.nodes(data="stage", default=None))
    owners = [node for node, stage in stages.items() if stage == "owner"]
    projects = [node for node, stage in stages.items() if stage == "project"]
    largest = _ranked(graph, owners or projects, lambda node: graph.in_degree(node, weight="amount"))

    def sentence(lang: str) -> str:
        text = (f"{_kronor(total, lang)} {'från' if lang == 'sv' else 'from'} "
                f"{counted(len(sources), 'source', lang)} {'till' if lang == 'sv' else 'to'} "
                f"{counted(len(owners), 'owner', lang)} {'i' if lang == 'sv' else 'in'} "
                f"{counted(len(projects), 'project', lang)}")
        names = [f"{graph.nodes[node]['label']} ({_kronor(graph.in_degree(node, weight='amount'), lang)})"
                 for node in largest]
        if names:
            text += f"; {_pick(lang, 'störst mottagare', 'largest recipients')}: {named_list(names, lang)}"
        if missing:
            text += (f"; för {counted(missing, 'grant', lang)} anger källan inget belopp" if lang == "sv"
                     else f"; for {counted(missing, 'grant', lang)} the source prints no amount")
        return text + "."
    return _both(sentence, (graph.nodes[node]["label"] for node in largest))


def path(graph: nx.Graph, nodes: list[str], shared: int) -> dict[str, str]:
    """"A och B förbinds i 3 steg, via C och D." (``shared``: what the first tie shares)."""
    names = [graph.nodes[node]["label"] for node in nodes]
    steps = len(nodes) - 1

    def sentence(lang: str) -> str:
        if steps == 1:
            return (f"{names[0]} och {names[1]} samarbetar direkt, i {counted(shared, 'shared', lang)} "
                    "projekt eller nätverk." if lang == "sv" else
                    f"{names[0]} and {names[1]} collaborate directly, in {shared} shared "
                    + ("project or network." if shared == 1 else "projects or networks."))
        via = named_list(names[1:-1], lang)
        return (f"{names[0]} och {names[-1]} förbinds i {counted(steps, 'step', lang)}, via {via}."
                if lang == "sv" else
                f"{names[0]} and {names[-1]} are connected in {counted(steps, 'step', lang)}, through {via}.")
    return _both(sentence, names)


def projection(graph: nx.Graph, which: str) -> dict[str, str]:
    """"120 aktörer tar del i 80 projekt och 12 nätverk." (or are members of, for membership)."""
    counts: dict[str, int] = {}
    for _, kind in graph.nodes(data="kind"):
        counts[kind] = counts.get(kind, 0) + 1

    def sentence(lang: str) -> str:
        verb = {("projects", "sv"): "tar del i", ("projects", "en"): "take part in",
                ("membership", "sv"): "är med i", ("membership", "en"): "are members of"}[which, lang]
        return f"{counted(counts.get('actor', 0), 'actor', lang)} {verb} {_activities(counts, lang)}."
    return _both(sentence)
