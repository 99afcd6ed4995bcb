"""A view payload as vis-network data: node and edge lists and options, made with pyvis.

pyvis supplies the vis-network options (Barnes–Hut physics that stabilises and then stops,
smooth edges, interaction). Its node and edge lists are filled directly: pyvis's ``add_node``,
``add_edge`` and ``from_nx`` check every new element against the whole list, which is
quadratic (seconds for 2 000 nodes). Its HTML template is not used: it does not escape names,
loads vis-network and Bootstrap from CDNs, and needs inline script. The service's own template
and script (``web/``) draw this data, and put every name into the page as text, never as HTML.

Tooltips (``title``) are plain text: vis-network shows a string title as text.
"""

from __future__ import annotations

import json

from pyvis.network import Network

__all__ = ["KIND_STYLES", "PALETTE", "colour_of", "draw", "legend"]

#: Colours for actor types, assigned in the order of the type keys (distinct, readable on white).
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
    "#e6550d", "#31a354", "#756bb1", "#636363", "#9c9ede", "#cedb9c", "#e7ba52", "#ad494a",
)
UNKNOWN_TYPE = "#b0b0b0"
#: How things that are not actors look.
KIND_STYLES = {
    "project": {"shape": "square", "color": "#c9c9c9"},
    "network": {"shape": "diamond", "color": "#a6a6a6"},
    "funding": {"shape": "triangle", "color": "#f2c14e"},
    "community": {"shape": "dot", "color": "#6baed6"},
}
KIND_LABELS = {
    "project": ("Projekt eller insats", "Project or insats"),
    "network": ("Nätverk", "Network"),
    "funding": ("Finansieringskälla", "Funding scheme"),
    "community": ("Gemenskap (sammanslagen)", "Community (collapsed)"),
}
MIN_SIZE, MAX_SIZE = 8, 40


def colour_of(type_iri: str | None, types: list[str]) -> str:
    """The colour of an actor type: its place among ``types`` (sorted type IRIs) in the palette.

    >>> colour_of("t/b", ["t/a", "t/b"]), colour_of(None, ["t/a"])
    ('#ff7f0e', '#b0b0b0')
    """
    if type_iri is None or type_iri not in types:
        return UNKNOWN_TYPE
    return PALETTE[types.index(type_iri) % len(PALETTE)]


def _metric(node: dict, size_by: str) -> float:
    if node["kind"] == "community":
        return node["size"]
    return node["metrics"].get(size_by) or 0


def _sizes(nodes: list[dict], size_by: str) -> dict[str, float]:
    """Node sizes from ``MIN_SIZE`` to ``MAX_SIZE`` by the chosen metric (square-root scaled)."""
    values = {node["id"]: _metric(node, size_by) for node in nodes}
    top = max(values.values(), default=0) or 1
    return {key: round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * (value / top) ** 0.5, 1)
            for key, value in values.items()}


def _tooltip(node: dict, lang: str) -> str:
    """A node's tooltip as plain text: name, type and counts."""
    english = lang == "en"
    kind = node.get("type_label_en" if english else "type_label") or node.get("type_label")
    if not kind:
        kind = KIND_LABELS.get(node["kind"], ("Aktör", "Actor"))[english]
    lines = [node["label"], kind]
    if node["kind"] == "community":
        lines.append(f"{node['size']} " + ("actors" if english else "aktörer"))
    metrics = node["metrics"]
    for key, (sv, en) in (("degree", ("Samarbetspartner", "Partners")),
                          ("weighted_degree", ("Gemensamma aktiviteter", "Shared activities")),
                          ("amount", ("Belopp (kr)", "Amount (SEK)"))):
        if key in metrics and node["kind"] != "community":
            lines.append(f"{en if english else sv}: {metrics[key]:,}".replace(",", " "))
    for key, (sv, en) in (("projects", ("Projekt", "Projects")), ("networks", ("Nätverk", "Networks"))):
        if node.get(key):
            lines.append(f"{en if english else sv}: {node[key]}")
    return "\n".join(lines)


def _vis_node(node: dict, size: float, types: list[str], focus: list[str], lang: str) -> dict:
    style = KIND_STYLES.get(node["kind"], {"shape": "dot", "color": colour_of(node.get("type"), types)})
    return {"id": node["id"], "label": node["label"], "title": _tooltip(node, lang), "size": size,
            "shape": style["shape"], "color": style["color"], "url": node.get("path"),
            "borderWidth": 4 if node["id"] in focus else 1}


def _edge_title(edge: dict, lang: str) -> str:
    english = lang == "en"
    if "amount" in edge:
        return f"{edge['amount']:,} {'SEK' if english else 'kr'}".replace(",", " ")
    activities = [activity["label"] for activity in edge.get("activities", [])]
    head = f"{edge['weight']} " + (("shared activities" if english else "gemensamma aktiviteter")
                                   if "kinds" in edge else "")
    return "\n".join([head.strip(), *activities[:10]] + (["…"] if len(activities) > 10 else []))


def _widths(edges: list[dict]) -> list[float]:
    top = max((edge["weight"] for edge in edges), default=0) or 1
    return [round(1 + 7 * (edge["weight"] / top) ** 0.5, 2) for edge in edges]


def legend(payload: dict, types: list[str], lang: str = "sv") -> list[dict]:
    """One entry per actor type and other kind of node in the view: label and colour."""
    english = lang == "en"
    entries, seen = [], set()
    for node in payload["nodes"]:
        key = node.get("type") if node["kind"] == "actor" else node["kind"]
        if key in seen:
            continue
        seen.add(key)
        if node["kind"] == "actor":
            label = (node.get("type_label_en") if english else None) or node.get("type_label") or "?"
            entries.append({"key": key, "label": label, "color": colour_of(key, types), "shape": "dot"})
        else:
            style = KIND_STYLES[node["kind"]]
            entries.append({"key": key, "label": KIND_LABELS[node["kind"]][english], **style})
    return sorted(entries, key=lambda entry: entry["label"])


def _network(payload: dict) -> Network:
    """A pyvis network holding only the options: physics that settles, then stops (in the script)."""
    net = Network(directed=payload["view"] == "funding")
    net.barnes_hut(gravity=-4000, central_gravity=0.3, spring_length=140, spring_strength=0.02,
                   damping=0.2, overlap=0.2)
    net.set_edge_smooth("continuous")
    net.toggle_stabilization(True)
    net.options.physics.stabilization.iterations = 300 if len(payload["nodes"]) < 500 else 150
    return net


def draw(payload: dict, types: list[str], lang: str = "sv") -> dict:
    """The vis-network data of a view: ``nodes``, ``edges``, ``options``, ``legend`` and ``notice``.

    Args:
        types: every actor-type IRI, sorted, so each type keeps its colour across views.
        lang: ``sv`` or ``en``, for tooltips and the legend.
    """
    net = _network(payload)
    sizes = _sizes(payload["nodes"], payload["size_by"])
    net.nodes = [_vis_node(node, sizes[node["id"]], types, payload["focus"], lang)
                 for node in payload["nodes"]]
    net.edges = [{"from": edge["source"], "to": edge["target"], "value": edge["weight"], "width": width,
                  "title": _edge_title(edge, lang)}
                 for edge, width in zip(payload["edges"], _widths(payload["edges"]), strict=True)]
    options = json.loads(net.options.to_json())
    options["interaction"].update({"hover": True, "tooltipDelay": 150, "navigationButtons": False})
    options["edges"]["color"] = {"color": "#9aa5b1", "highlight": "#333333", "inherit": False}
    options["nodes"] = {"font": {"size": 12, "face": "system-ui, sans-serif"}}
    if net.directed:  # the money flows one way: draw arrows
        options["edges"]["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.5}}
    return {"nodes": net.nodes, "edges": net.edges, "options": options,
            "legend": legend(payload, types, lang), "capped": payload["capped"],
            "edges_capped": payload.get("edges_capped"), "collapsed": payload["collapsed"],
            "summary": payload["summary"]}
