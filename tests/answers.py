"""Reading the service's answers in tests: JSON, HTML pages, CSV downloads, a record's key.

Each helper asserts what every answer of its kind must be (the status, the media type, the
byte-order mark Excel needs) so the tests themselves assert only on content.
"""

from __future__ import annotations

import csv
import io
import re

__all__ = ["assert_accessible", "csv_rows", "get_json", "key_of", "page"]


def get_json(client, url: str, status: int = 200, **request) -> dict:
    """The JSON answer to ``GET url`` (``request``: more arguments for ``client.get``, such as
    ``query_string``), which must have ``status``."""
    response = client.get(url, **request)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.get_json()


def page(client, path: str) -> str:
    """The HTML page at ``path``, asked for as a browser does; it must be 200."""
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200, path
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def csv_rows(response) -> list[dict]:
    """The rows of a CSV download for Swedish Excel (byte-order mark, ``;`` between fields)."""
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def key_of(item: dict) -> str:
    """The key a record's ``path`` ends with (``/id/actor/almi-sormland`` → ``almi-sormland``)."""
    return item["path"].rsplit("/", 1)[-1]


def _heading_levels(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def assert_accessible(html: str) -> None:
    """One h1 first, no heading level skipped, every table header scoped."""
    levels = _heading_levels(html)
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert "<th>" not in html and re.search(r'<html lang="(sv|en)"', html)
