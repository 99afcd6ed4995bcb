"""How a network picture looks: the colours of the actor categories, the shapes of what is not an
actor, labels short enough for the picture, amounts as a label, and the plain-text tooltips.

Used by :mod:`graph.network.drawing`; everything here is a pure function of one payload node or
edge.
"""

from __future__ import annotations

import textwrap

from graph.swedish import swedish_number

__all__ = ["CATEGORY_COLOURS", "FOCUS_BORDER", "KIND_LABELS", "KIND_STYLES", "OTHER_CATEGORY", "STAGE_LABELS",
           "amount_label", "category_colour", "edge_tooltip", "node_tooltip", "short_label"]

#: One colour per actor category (``ontology/actor_categories.ttl``), in the legend's order: the
#: Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008), whose eight colours stay
#: distinct with every common colour-vision deficiency. Its black is replaced by a mid grey for
#: the "other" category (as the palette's grey variant does), so that the black ring that marks
#: the chosen actor stands out on every colour.
CATEGORY_COLOURS = {
    "stat": "#0072B2",               # blue
    "kommunal": "#E69F00",           # orange
    "regional": "#D55E00",           # vermillion
    "foretagsframjande": "#009E73",  # bluish green
    "akademi": "#56B4E9",            # sky blue
    "forening": "#CC79A7",           # reddish purple
    "foretag": "#F0E442",            # yellow
    "ovrig": "#999999",              # grey
}
#: The category an actor without one is drawn as (its type is unknown or uncategorised).
OTHER_CATEGORY = "ovrig"
BORDER = "#4d4d4d"
FOCUS_BORDER = "#000000"
#: How things that are not actors look: other shapes, and greys and black no category has.
KIND_STYLES = {
    "project": {"shape": "square", "color": "#d9d9d9"},
    "network": {"shape": "diamond", "color": "#ffffff"},
    "funding": {"shape": "triangle", "color": "#1a1a1a"},
    "community": {"shape": "dot", "color": "#6baed6"},
}
KIND_LABELS = {
    "project": ("Projekt eller insats", "Project or insats"),
    "network": ("Nätverk", "Network"),
    "funding": ("Finansieringskälla", "Funding scheme"),
    "community": ("Gemenskap (sammanslagen)", "Community (collapsed)"),
}
#: A node's step in the funding flow (see :data:`graph.network.projection.FUNDING_STAGES`).
STAGE_LABELS = {
    "scheme": ("Finansieringskälla", "Funding scheme"),
    "funder": ("Finansiär", "Funder"),
    "disburser": ("Beviljande aktör", "Granting actor"),
    "project": ("Projekt", "Project"),
    "owner": ("Projektägare", "Project owner"),
}
#: Characters on one line of a label on the picture (two lines at most; the tooltip has it all).
LABEL_WIDTH = 22


def category_colour(category: str | None) -> str:
    """The colour of an actor category (the "other" grey if it has none).

    >>> category_colour("kommunal"), category_colour(None)
    ('#E69F00', '#999999')
    """
    return CATEGORY_COLOURS.get(category or OTHER_CATEGORY, CATEGORY_COLOURS[OTHER_CATEGORY])


def short_label(name: str, width: int = LABEL_WIDTH) -> str:
    """A name as a label of at most two lines of ``width`` characters, cut with "…" if longer.

    >>> short_label("Almi Företagspartner Sörmland")
    'Almi Företagspartner\\nSörmland'
    >>> short_label("Region Sörmland, Näringsliv och arbetsmarknad")
    'Region Sörmland,\\nNäringsliv och …'
    >>> short_label("Creative Cluster Innovation Hub Väst ekonomisk förening")
    'Creative Cluster\\nInnovation Hub Väst …'
    """
    lines = textwrap.wrap(name, width) or [name]
    if len(lines) <= 2:
        return "\n".join(lines)
    rest = " ".join(lines[1:])
    second = textwrap.shorten(rest, width, placeholder=" …")
    if second == "…":  # a first word longer than the line
        second = rest[:width - 1] + "…"
    return f"{lines[0]}\n{second}"


def amount_label(amount, lang: str = "sv") -> str:
    """An amount in SEK as an edge label: millions to one decimal, smaller sums whole.

    >>> amount_label(1_500_000), amount_label(580_000), amount_label(42_031_810, "en")
    ('1,5 mn kr', '580\\xa0000 kr', 'SEK 42m')
    >>> amount_label(0)
    ''
    """
    if not amount:
        return ""
    if amount >= 1_000_000:
        millions = f"{amount / 1_000_000:.1f}".removesuffix(".0")
        return f"{millions.replace('.', ',')} mn kr" if lang == "sv" else f"SEK {millions}m"
    return f"{swedish_number(amount)} kr" if lang == "sv" else f"SEK {amount:,}"


def _number(value, english: bool) -> str:
    return f"{value:,}" if english else swedish_number(value)


def _kind_line(node: dict, english: bool) -> list[str]:
    """The full actor type and its category, or what the node is."""
    kind = node.get("type_label_en" if english else "type_label") or node.get("type_label")
    if not kind:
        return [KIND_LABELS.get(node["kind"], ("Aktör", "Actor"))[english]]
    category = node.get("category_label_en" if english else "category_label") or node.get("category_label")
    return [kind] + ([f"{'Category' if english else 'Kategori'}: {category}"] if category else [])


def node_tooltip(node: dict, lang: str) -> str:
    """A node's tooltip as plain text: name, type and category, step in the flow, counts."""
    english = lang == "en"
    lines = [node["label"], *_kind_line(node, english)]
    if node.get("stage"):
        lines.append(f"{'Step' if english else 'Steg'}: {STAGE_LABELS[node['stage']][english]}")
    if node["kind"] == "community":
        lines.append(f"{node['size']} " + ("actors" if english else "aktörer"))
    metrics = node["metrics"]
    for key, (sv, en) in (("degree", ("Samarbetspartner", "Partners")),
                          ("weighted_degree", ("Gemensamma aktiviteter", "Shared activities")),
                          ("amount", ("Belopp (kr)", "Amount (SEK)"))):
        if key in metrics and node["kind"] != "community":
            lines.append(f"{en if english else sv}: {_number(metrics[key], english)}")
    for key, (sv, en) in (("projects", ("Projekt", "Projects")), ("networks", ("Nätverk", "Networks"))):
        if node.get(key):
            lines.append(f"{en if english else sv}: {node[key]}")
    return "\n".join(lines)


def edge_tooltip(edge: dict, lang: str) -> str:
    """An edge's tooltip as plain text: the amount and grants, or what the two share."""
    english = lang == "en"
    if "amount" in edge:
        grants = f"{edge['grants']} " + ("grants" if english else "bidrag")
        if not edge["amount"]:
            return f"{grants}\n" + ("The source prints no amount" if english else "Källan anger inget belopp")
        return f"{_number(edge['amount'], english)} {'SEK' if english else 'kr'}\n{grants}"
    activities = [activity["label"] for activity in edge.get("activities", [])]
    head = f"{edge['weight']} " + (("shared activities" if english else "gemensamma aktiviteter")
                                   if "kinds" in edge else "")
    return "\n".join([head.strip(), *activities[:10]] + (["…"] if len(activities) > 10 else []))
