"""Charts drawn on the server as SVG (no chart service, no script): the geometry here, the
markup in ``web/templates/_charts.html``.

Pages pass a list of rows and the key of the value to draw; bars scale to the largest value.
"""

from __future__ import annotations

from flask import Flask

__all__ = ["BAR_HEIGHT", "LABEL_WIDTH", "PLOT_WIDTH", "bars", "init_app"]

#: Pixels: room for a row's name on the left, for the bars, and each bar's height.
LABEL_WIDTH = 260
PLOT_WIDTH = 420
BAR_HEIGHT = 22


def bars(rows: list[dict], value: str, label: str = "label") -> dict:
    """A horizontal bar chart's geometry: one bar per row with a value, widest for the largest.

    Rows without a value (an amount the source does not print) are left out, not drawn as 0.

    >>> chart = bars([{"label": "A", "total": 10}, {"label": "B", "total": 5}, {"label": "C"}], "total")
    >>> [(bar["label"], bar["y"], bar["width"]) for bar in chart["bars"]], chart["height"]
    ([('A', 0, 420.0), ('B', 22, 210.0)], 44)
    """
    drawn = [row for row in rows if row.get(value) is not None]
    largest = max((float(row[value]) for row in drawn), default=0) or 1
    return {
        "label_width": LABEL_WIDTH, "plot_width": PLOT_WIDTH, "bar_height": BAR_HEIGHT,
        "width": LABEL_WIDTH + PLOT_WIDTH + 120, "height": BAR_HEIGHT * len(drawn),
        "bars": [{"label": row.get(label) or "", "value": row[value], "href": row.get("path"),
                  "y": index * BAR_HEIGHT, "width": round(float(row[value]) / largest * PLOT_WIDTH, 1)}
                 for index, row in enumerate(drawn)],
    }


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(bar_geometry=bars)
