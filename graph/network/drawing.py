"""A view payload as vis-network data: node and edge lists and options, made with pyvis.

pyvis supplies the vis-network options (Barnes–Hut physics that stabilises and then stops,
smooth edges, interaction). Its node and edge lists are filled directly: pyvis's ``add_node``,
``add_edge`` and ``from_nx`` check every new element against the whole list, which is
quadratic (seconds for 2 000 nodes). Its HTML template is not used: it does not escape names,
loads vis-network and Bootstrap from CDNs, and needs inline script. The service's own template
and script (``web/``) draw this data, and put every name into the page as text, never as HTML.

What the picture says (see :mod:`graph.network.style` for colours, shapes and labels):

- actors are coloured by their category (at most eight colours), the full type is in the
  tooltip; projects, networks and funding schemes have shapes of their own;
- in a small view (up to :data:`SMALL_VIEW` nodes) every node is labelled; in a bigger one the
  :data:`CENTRAL` nodes ranked highest by the size metric are, and the script keeps their labels
  readable at every zoom (``central``); the others' labels appear when zoomed in;
- the chosen actor (``focus``) has a black ring and a marked label, and in an ego view sits
  fixed at the centre (``centre``);
- the funding flow runs left to right by step, with the amounts on its arrows.

Tooltips (``title``) are plain text: the script shows them as text.
"""

from __future__ import annotations

import json
from collections import defaultdict

from pyvis.network import Network

from graph.network import style
from graph.network.metrics import SEED
from graph.network.projection import FUNDING_STAGES
from graph.swedish import sort_key

__all__ = ["CENTRAL", "CENTRAL_EDGES", "SMALL_VIEW", "central_nodes", "draw", "legend", "ranking"]

#: Views with at most this many nodes have every node labelled.
SMALL_VIEW = 40
#: In a bigger view, the nodes (and funding arrows) labelled at every zoom: the top by the metric.
CENTRAL = 12
CENTRAL_EDGES = 12
#: Of those, at most this many from one Louvain community while other communities have candidates.
PER_COMMUNITY = 2
MIN_SIZE, MAX_SIZE, FLOW_MAX_SIZE = 8, 40, 18
#: Font sizes (in the picture's units at zoom 1; the script enlarges central labels when zoomed out).
FONT, CENTRAL_FONT, FOCUS_FONT = 12, 14, 16
#: Labels of the other nodes of a big view are drawn from this on-screen size on (when zoomed in).
HIDDEN_BELOW = 12
FOCUS_LABEL_BACKGROUND = "#fff3b0"


def _metric(node: dict, size_by: str) -> float:
    if node["kind"] == "community":
        return node["size"]
    return node["metrics"].get(size_by) or 0


def _sizes(nodes: list[dict], size_by: str, largest: float = MAX_SIZE) -> dict[str, float]:
    """Node sizes from ``MIN_SIZE`` to ``largest`` by the chosen metric (square-root scaled)."""
    values = {node["id"]: _metric(node, size_by) for node in nodes}
    top = max(values.values(), default=0) or 1
    return {key: round(MIN_SIZE + (largest - MIN_SIZE) * (value / top) ** 0.5, 1)
            for key, value in values.items()}


def ranking(payload: dict) -> list[str]:
    """Every node, the most important first: the focus, then by the size metric, then by name.
    The script keeps a label only where it does not cover a label ranked before it."""
    focus, size_by = payload["focus"], payload["size_by"]
    ranked = sorted(payload["nodes"], key=lambda node: (node["id"] not in focus, -_metric(node, size_by),
                                                        sort_key(node["label"])))
    return [node["id"] for node in ranked]


def central_nodes(payload: dict, ranked: list[str]) -> set[str]:
    """The nodes labelled at every zoom: all in a small view; else the focus and the top ranked,
    at most :data:`PER_COMMUNITY` from one community while others are left, so that the labels
    spread over the picture instead of piling up on one dense cluster."""
    if len(ranked) <= SMALL_VIEW:
        return set(ranked)
    community = {node["id"]: node["metrics"].get("community") for node in payload["nodes"]}
    chosen, per_community = list(payload["focus"]), defaultdict(int)
    for node in ranked:
        group = community[node]
        room = group is None or per_community[group] < PER_COMMUNITY
        if len(chosen) < CENTRAL and node not in chosen and room:
            chosen.append(node)
            per_community[group] += 1
    chosen += [node for node in ranked if node not in chosen][:max(0, CENTRAL - len(chosen))]
    return set(chosen)


def _colour(fill: str, border: str) -> dict:
    """A vis colour that stays the same when hovered or selected: the colour is the category."""
    colour = {"background": fill, "border": border}
    return {**colour, "highlight": dict(colour), "hover": dict(colour)}


def _label_options(central: bool, focus: bool) -> dict:
    if focus:
        return {"font": {"size": FOCUS_FONT, "color": "#000000", "background": FOCUS_LABEL_BACKGROUND},
                "central": True}
    if central:  # on a light box: a central label often lies over a dense cluster
        return {"font": {"size": CENTRAL_FONT, "background": "rgba(255,255,255,0.8)"}, "central": True}
    # vis-network hides a label drawn smaller than drawThreshold - 1 pixels on screen.
    return {"scaling": {"label": {"drawThreshold": HIDDEN_BELOW + 1}}, "central": False}


def _look(node: dict) -> dict:
    """An actor is a dot in its category's colour; anything else has its kind's shape and colour."""
    if node["kind"] in style.KIND_STYLES:
        return style.KIND_STYLES[node["kind"]]
    return {"shape": "dot", "color": style.category_colour(node.get("category"))}


def _vis_node(node: dict, size: float, rank: int, central: bool, focus: bool, lang: str) -> dict:
    look = _look(node)
    drawn = {"id": node["id"], "label": style.short_label(node["label"]), "name": node["label"],
             "title": style.node_tooltip(node, lang), "size": size, "shape": look["shape"],
             "color": _colour(look["color"], style.FOCUS_BORDER if focus else style.BORDER),
             "borderWidth": 5 if focus else 1, "url": node.get("path"), "focus": focus, "rank": rank,
             **_label_options(central, focus)}
    if node.get("stage"):
        drawn["level"] = FUNDING_STAGES.index(node["stage"])
    return drawn


def _widths(edges: list[dict]) -> list[float]:
    top = max((edge["weight"] for edge in edges), default=0) or 1
    return [round(1 + 7 * (edge["weight"] / top) ** 0.5, 2) for edge in edges]


def _vis_edges(payload: dict, lang: str) -> list[dict]:
    edges = payload["edges"]
    rank = {id(edge): number for number, edge in enumerate(sorted(edges, key=lambda edge: -edge["weight"]))}
    drawn = []
    for edge, width in zip(edges, _widths(edges), strict=True):
        vis_edge = {"from": edge["source"], "to": edge["target"], "value": edge["weight"], "width": width,
                    "title": style.edge_tooltip(edge, lang), "rank": rank[id(edge)]}
        if "amount" in edge:  # the funding flow: the amount on the arrow
            central = rank[id(edge)] < CENTRAL_EDGES or len(edges) <= SMALL_VIEW
            vis_edge.update(label=style.amount_label(edge["amount"], lang), central=central,
                            **({"font": {"size": FONT}} if central else
                               {"scaling": {"label": {"drawThreshold": HIDDEN_BELOW + 1}}}))
        drawn.append(vis_edge)
    return drawn


def legend(payload: dict, lang: str = "sv") -> list[dict]:
    """One entry per actor category and other kind of node in the view (label, colour, shape),
    categories first in the palette's order, and the chosen actor's mark if there is one."""
    english = lang == "en"
    categories, kinds = {}, {}
    for node in payload["nodes"]:
        if node["kind"] == "actor":
            key = node.get("category") or style.OTHER_CATEGORY
            label = (node.get("category_label_en") if english else None) or node.get("category_label")
            categories.setdefault(key, label or ("Other" if english else "Övrig"))
        else:
            kinds[node["kind"]] = style.KIND_LABELS[node["kind"]][english]
    order = list(style.CATEGORY_COLOURS)
    entries = [{"key": key, "label": label, "color": style.category_colour(key), "shape": "dot"}
               for key, label in sorted(categories.items(), key=lambda item: order.index(item[0]))]
    entries += [{"key": kind, "label": label, **style.KIND_STYLES[kind]} for kind, label in kinds.items()]
    if payload["focus"]:
        entries.append({"key": "focus", "label": "Chosen actor" if english else "Vald aktör",
                        "color": "#ffffff", "shape": "focus"})
    return entries


def _network(payload: dict) -> Network:
    """A pyvis network holding only the options: physics that settles, then stops (in the script)."""
    net = Network(directed=payload["view"] == "funding")
    net.barnes_hut(gravity=-4000, central_gravity=0.3, spring_length=140, spring_strength=0.02,
                   damping=0.2, overlap=0.2)
    net.set_edge_smooth("continuous")
    net.toggle_stabilization(True)
    net.options.physics.stabilization.iterations = 300 if len(payload["nodes"]) < 500 else 150
    return net


def _flow_options(options: dict) -> None:
    """The funding flow left to right, one column per step, arrows as wide as the money.

    The hierarchical layout places every node; physics is off (the script then settles at once),
    since its repulsion would spread the tall columns further apart.
    """
    options["layout"]["hierarchical"] = {"enabled": True, "direction": "LR", "sortMethod": "directed",
                                         "levelSeparation": 700, "nodeSpacing": 14, "treeSpacing": 10,
                                         "blockShifting": True, "edgeMinimization": True,
                                         "parentCentralization": True}
    options["physics"] = {"enabled": False}
    options["edges"]["smooth"] = {"enabled": False}  # straight: each amount sits mid-arrow
    options["edges"]["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.6}}
    options["edges"]["font"] = {"size": FONT, "align": "horizontal", "strokeWidth": 3,
                                "strokeColor": "#ffffff", "face": "system-ui, sans-serif"}


def _options(net: Network, payload: dict) -> dict:
    options = json.loads(net.options.to_json())
    options["interaction"].update({"hover": True, "tooltipDelay": 150, "navigationButtons": False})
    options["edges"]["color"] = {"color": "#9aa5b1", "highlight": "#333333", "inherit": False}
    # Labels keep the size given (the script keeps central ones readable); vis-network replaces a
    # label-scaling object whole, so every field is here (its defaults, but maxVisible).
    label_scaling = {"enabled": False, "min": 14, "max": 30, "maxVisible": 20, "drawThreshold": 5}
    options["edges"]["scaling"] = {"min": 1, "max": 8, "label": label_scaling}
    options["nodes"] = {"font": {"size": FONT, "face": "system-ui, sans-serif", "strokeWidth": 3,
                                 "strokeColor": "#ffffff"},
                        "scaling": {"label": dict(label_scaling)}}
    # The same data always gives the same picture (vis-network places nodes at random first).
    options["layout"] = {"randomSeed": SEED}
    if payload["view"] == "funding":
        _flow_options(options)
    return options


def draw(payload: dict, lang: str = "sv") -> dict:
    """The vis-network data of a view: ``nodes``, ``edges``, ``options``, ``legend``, ``reading``,
    ``centre`` (the node fixed at the centre, or None) and what was cut.

    Args:
        lang: ``sv`` or ``en``, for tooltips, labels, the legend and the reading.
    """
    net = _network(payload)
    # The flow's columns are close together: its nodes stay small; the arrows show the money.
    largest = FLOW_MAX_SIZE if payload["view"] == "funding" else MAX_SIZE
    sizes = _sizes(payload["nodes"], payload["size_by"], largest)
    ranked = ranking(payload)
    rank = {node: number for number, node in enumerate(ranked)}
    central, focus = central_nodes(payload, ranked), set(payload["focus"])
    net.nodes = [_vis_node(node, sizes[node["id"]], rank[node["id"]], node["id"] in central,
                           node["id"] in focus, lang) for node in payload["nodes"]]
    centre = payload["focus"][0] if payload["view"] == "ego" else None
    for node in net.nodes:
        if node["id"] == centre:
            node.update(x=0, y=0, fixed=True, size=MAX_SIZE)
    net.edges = _vis_edges(payload, lang)
    return {"nodes": net.nodes, "edges": net.edges, "options": _options(net, payload),
            "legend": legend(payload, lang), "capped": payload["capped"],
            "edges_capped": payload.get("edges_capped"), "collapsed": payload["collapsed"],
            "summary": payload["summary"], "centre": centre,
            "reading": (payload.get("reading") or {}).get(lang),
            "reading_names": (payload.get("reading") or {}).get("names", [])}
