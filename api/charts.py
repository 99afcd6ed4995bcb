"""Charts drawn on the server as SVG (no chart service, no script): the geometry here, the
markup in ``web/templates/_charts.html``.

Pages pass a list of rows and the key of the value to draw; bars scale to the largest value.
A timeline (:func:`timeline_bars`) draws one bar per period on a year axis, grouped.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import groupby

from flask import Flask

__all__ = ["BAR_HEIGHT", "GANTT_GROUP_HEIGHT", "GANTT_PLOT_WIDTH", "LABEL_WIDTH", "PLOT_WIDTH", "bars",
           "init_app", "timeline_bars"]

#: Pixels: room for a row's name on the left, for the bars, and each bar's height.
LABEL_WIDTH = 320
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
        "bars": [{"label": row.get(label) or "", "label_en": row.get(f"{label}_en"), "value": row[value],
                  "href": row.get("path"),
                  "y": index * BAR_HEIGHT, "width": round(float(row[value]) / largest * PLOT_WIDTH, 1)}
                 for index, row in enumerate(drawn)],
    }


#: Pixels of a timeline: the plot's width, a group heading's height, the year axis's height.
GANTT_PLOT_WIDTH = 560
GANTT_GROUP_HEIGHT = 26
GANTT_AXIS_HEIGHT = 22


def timeline_bars(items: list[dict]) -> dict:
    """A timeline's geometry: a year axis and, per group, a heading and one bar per item.

    Each item has ``label``, ``path``, ``group`` (a reference) and ``period`` (``start`` and
    ``end`` as ISO days, either may be None: an open side runs to the axis's edge and is
    flagged), and may have ``activities`` (each with ``start``/``end``), drawn as marks on its
    bar. Items come sorted by group. The axis covers whole years from the first to the last day
    any item names.

    >>> chart = timeline_bars([{"label": "A", "path": "/a", "group": {"label": "G", "path": None},
    ...     "period": {"start": "2020-07-01", "end": None, "basis": "dates"}}])
    >>> [(row["kind"], row.get("x"), row.get("width"), row.get("open_end")) for row in chart["rows"]]
    [('group', None, None, None), ('bar', 538.5, 281.5, True)]
    >>> [(year["year"], year["x"]) for year in chart["years"]]
    [(2020, 260.0), (2021, 820.0)]
    """
    days = [date.fromisoformat(day) for day in _days(items)]
    if not days:
        return {"rows": [], "years": [], "width": 0, "height": 0}
    axis = _Axis(date(min(days).year, 1, 1), date(max(days).year + 1, 1, 1))
    rows, height = _timeline_rows(items, axis)
    return {"label_width": LABEL_WIDTH, "plot_width": GANTT_PLOT_WIDTH, "bar_height": BAR_HEIGHT,
            "axis_height": GANTT_AXIS_HEIGHT, "width": LABEL_WIDTH + GANTT_PLOT_WIDTH + 20, "height": height,
            "years": [{"year": year, "x": axis.x(date(year, 1, 1))}
                      for year in range(axis.begin.year, axis.finish.year + 1)],
            "rows": rows}


class _Axis:
    """Days to pixels: ``begin`` at the plot's left edge, ``finish`` at its right."""

    def __init__(self, begin: date, finish: date):
        self.begin, self.finish = begin, finish
        self.scale = GANTT_PLOT_WIDTH / (finish - begin).days

    def x(self, day: date) -> float:
        return LABEL_WIDTH + round((day - self.begin).days * self.scale, 1)


def _days(items: list[dict]) -> list[str]:
    """Every day an item's period or activity names."""
    spans = [item["period"] for item in items] + [a for item in items for a in item.get("activities", [])]
    return [day for span in spans for day in (span["start"], span["end"]) if day]


def _timeline_rows(items: list[dict], axis: _Axis) -> tuple[list[dict], int]:
    """A heading per group and a bar per item, each at its height; and the total height."""
    rows, y = [], GANTT_AXIS_HEIGHT
    for _, members in groupby(items, key=lambda item: item["group"]["label"]):
        members = list(members)
        group = members[0]["group"]
        rows.append({"kind": "group", "label": group["label"], "label_en": group.get("label_en"),
                     "href": group.get("path"), "y": y})
        y += GANTT_GROUP_HEIGHT
        for item in members:
            rows.append(_timeline_bar(item, y, axis))
            y += BAR_HEIGHT
    return rows, y


def _timeline_bar(item: dict, y: int, axis: _Axis) -> dict:
    """One item's bar: from its start (or the axis's start) to the end of its last day."""
    start, end = item["period"]["start"], item["period"]["end"]
    left = axis.x(date.fromisoformat(start)) if start else axis.x(axis.begin)
    right = axis.x(date.fromisoformat(end) + timedelta(days=1)) if end else axis.x(axis.finish)
    marks = [{"x": axis.x(date.fromisoformat(a["start"] or a["end"])), "label": a["label"],
              "start": a["start"], "end": a["end"]} for a in item.get("activities", [])]
    return {"kind": "bar", "label": item["label"], "href": item.get("path"), "y": y, "x": left,
            "width": max(round(right - left, 1), 2.0), "start": start, "end": end,
            "basis": item["period"].get("basis"), "open_start": start is None, "open_end": end is None,
            "marks": marks}


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(bar_geometry=bars, timeline_geometry=timeline_bars)
