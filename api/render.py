"""One payload, several renderings: JSON, an HTML page, or CSV that Swedish Excel opens.

Views build one dict and hand it here; ``?format=json|csv|html`` or ``Accept`` chooses.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from decimal import Decimal

from flask import Response, current_app, jsonify, render_template, request

from graph.errors import InvalidParameter
from graph.resources.common import page, sort_rows

__all__ = ["csv_response", "list_parameters", "list_response", "negotiate", "wanted_format"]

MEDIA_TYPES = {"json": "application/json", "csv": "text/csv", "html": "text/html",
               "vis": "application/json", "gexf": "application/gexf+xml",
               "graphml": "application/graphml+xml"}
#: Characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def wanted_format(offered: Iterable[str], default: str) -> str:
    """``?format=`` if given (400 if not offered), else the best ``Accept`` match, else ``default``."""
    offered = list(offered)
    asked = request.args.get("format")
    if asked:
        if asked not in offered:
            choices = ", ".join(offered)
            raise InvalidParameter("format", f"'{asked}' is not offered here; use one of {choices}")
        return asked
    best = request.accept_mimetypes.best_match([MEDIA_TYPES[f] for f in offered], default=None)
    if best is None or request.accept_mimetypes.best == "*/*":
        return default
    return next(f for f in offered if MEDIA_TYPES[f] == best)


def negotiate(payload: dict, *, template: str | None = None, csv_rows: list[dict] | None = None,
              csv_columns: list[str] | None = None, filename: str = "aktorskartan", default: str = "json",
              **context) -> Response:
    """Render ``payload`` as JSON, as ``template`` (the payload is ``data`` in it) or as CSV."""
    offered = ["json"] + (["html"] if template else []) + (["csv"] if csv_rows is not None else [])
    chosen = wanted_format(offered, default)
    if chosen == "html":
        return Response(render_template(template, data=payload, **context), mimetype="text/html")
    if chosen == "csv":
        return csv_response(csv_rows, csv_columns, filename)
    response = jsonify(payload)
    response.headers["Vary"] = "Accept"
    return response


def _cell(value) -> str:
    """A value as Swedish Excel reads it: decimal comma, lists joined, formulas neutralised.

    >>> [_cell(Decimal("12.5")), _cell(3920000), _cell(["a", "b"]), _cell("=1+1"), _cell(None)]
    ['12,5', '3920000', 'a | b', "'=1+1", '']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float | Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, list | tuple):
        return " | ".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return _cell(value.get("label"))
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_response(rows: list[dict], columns: list[str] | None, filename: str) -> Response:
    """CSV for Swedish Excel: UTF-8 with BOM, semicolons, CRLF, decimal comma."""
    columns = columns or (list(rows[0]) if rows else [])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.charset = "utf-8"
    return response


def list_parameters(default_limit: int = 50) -> tuple[int, int, str | None]:
    """``offset``, ``limit`` and ``sort`` from the query string, checked (400 names the bad one)."""
    maximum = current_app.config["API_MAX_PER_PAGE"]
    values = []
    for name, default in (("offset", 0), ("limit", default_limit)):
        raw = request.args.get(name, str(default))
        if not raw.isdigit():
            raise InvalidParameter(name, f"'{raw}' is not a whole number ≥ 0")
        values.append(int(raw))
    offset, limit = values
    if not 1 <= limit <= maximum:
        raise InvalidParameter("limit", f"must be between 1 and {maximum}")
    return offset, limit, request.args.get("sort")


def list_response(rows: list[dict] | Callable[[], list[dict]], sorts: Iterable[str], columns: list[str],
                  filename: str, default_sort: str | None = None) -> Response:
    """A list as one JSON page (``offset``, ``limit``, ``sort``) or, as CSV, the whole list.

    ``rows`` may be a function, so the list is made only once the parameters are known to be good.
    """
    offset, limit, sort = list_parameters()
    rows = sort_rows(rows() if callable(rows) else rows, sort, sorts, default_sort)
    if wanted_format(["json", "csv"], "json") == "csv":
        return csv_response(rows, columns, filename)
    response = jsonify(page(rows, offset, limit))
    response.headers["Vary"] = "Accept"
    return response
