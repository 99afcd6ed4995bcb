"""Hostile text in the data, read back through every page, header and download.

A copy of the bundled data gets script and markup as labels (an actor, a project, a network, a
strategy area), spreadsheet formulas as actor names and an https homepage (a ``javascript:`` one
is refused when the register is read: ``tests/test_broken_data.py``); the service
runs on it under waitress and a headless Chromium visits the pages. Nothing may run (no dialog,
no script error), the hostile text must show as text, only http(s) addresses become links, every
HTML response carries the security headers, and no CSV cell starts a formula.
"""

from __future__ import annotations

import csv
import gc
import io
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask

from api import create_app
from api.render import csv_response
from api.sparql import get_runner
from graph.derived import derive
from tests.browsing import Watched
from tests.conftest import copy_data, serving, store_from

IMG = '"><img src=x onerror=alert(1)>'
SCRIPT = "</script><script>alert(1)</script>"
#: Record → (table, key column, key, column, hostile value).
ACTOR_XSS = ("actors/actors.csv", "key", "almi-sormland", "pref_label", f"Almi {IMG}")
PROJECT_XSS = ("003-vg-delregionala-2020/projects.csv", "key", "vg2020-bor-10", "label", f"SMART {SCRIPT}")
NETWORK_XSS = ("001-sormland-handlingsplan/networks.csv", "key", "sormland-naringslivsansvariga", "label",
               f"Nätverket {IMG}")
AREA_XSS = ("001-sormland-handlingsplan/concepts.csv", "key", "innovation-och-konkurrenskraft", "label",
            f"Innovation {SCRIPT}")
GOOD_HOMEPAGE = ("actors/actors.csv", "key", "almi-foretagspartner-ab", "homepage", "https://www.almi.se/")
#: Actor names a spreadsheet would read as formulas (each on an actor with projects and places).
FORMULAS = {
    "region-04": '=HYPERLINK("http://127.0.0.1:9/","Region Sörmland")',
    "kommun-0480": "+1+1 Nyköping",
    "industriellt-utvecklingscenter-i-sjuharad-ab": "-2+3 IUC Sjuhärad",
    "almi-foretagspartner-ab": "@SUM(1) Almi",
}
EDITS = [ACTOR_XSS, PROJECT_XSS, NETWORK_XSS, AREA_XSS, GOOD_HOMEPAGE] + [
    ("actors/actors.csv", "key", key, "pref_label", label) for key, label in FORMULAS.items()]
HOSTILE_LABELS = [edit[4] for edit in (ACTOR_XSS, PROJECT_XSS, NETWORK_XSS, AREA_XSS)]


def rewrite_cell(table: Path, key_column: str, key: str, column: str, value: str) -> None:
    """Set one cell of a data table, keeping its column order and every other row."""
    with table.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        columns, rows = reader.fieldnames, list(reader)
    matching = [row for row in rows if row[key_column] == key]
    assert len(matching) == 1, (table, key)
    matching[0][column] = value
    with table.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory) -> Flask:
    data = copy_data(tmp_path_factory.mktemp("hostile") / "data")
    for table, key_column, key, column, value in EDITS:
        rewrite_cell(data / table, key_column, key, column, value)
    location = store_from(data, data.parent / "store", derive=derive)
    app = create_app({"STORE": str(location), "TESTING": True, "SPARQL_TIMEOUT": 5.0})
    yield app
    with app.app_context():
        get_runner().close()
    gc.collect()


@pytest.fixture(scope="module")
def hostile_server(hostile_app) -> str:
    with serving(hostile_app) as url:
        yield url


@pytest.fixture
def page(browser, hostile_server) -> Watched:
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page())
    watched.keep_on_loopback(context)
    yield watched
    context.close()


# --- 5: hostile labels stay text in every page (headless Chromium) -----------------------------

def _id_404(text: str) -> str:
    return "/id/actor/" + quote(text, safe="")


#: Pages and the hostile labels each must show as text.
PAGES = [
    ("/", []),
    ("/sok?q=almi", [ACTOR_XSS[4]]),
    ("/sok?q=smart", [PROJECT_XSS[4]]),
    ("/sok?q=n%C3%A4tverket", [NETWORK_XSS[4]]),
    ("/sok?q=innovation", [AREA_XSS[4]]),
    ("/aktorer", [ACTOR_XSS[4]]),
    ("/projekt", [ACTOR_XSS[4]]),
    ("/natverk", [NETWORK_XSS[4]]),
    ("/strategier", [AREA_XSS[4]]),
    ("/id/actor/almi-sormland", [ACTOR_XSS[4]]),
    ("/id/project/vg2020-bor-10", [PROJECT_XSS[4]]),
    ("/id/network/sormland-naringslivsansvariga", [NETWORK_XSS[4]]),
    ("/id/concept/sormland-nls/innovation-och-konkurrenskraft", [AREA_XSS[4], ACTOR_XSS[4]]),
    ("/id/lan/04", [ACTOR_XSS[4], NETWORK_XSS[4]]),
    ("/hitta?need=starta+eget&place=Nyk%C3%B6ping", [ACTOR_XSS[4]]),
    ("/overlap", [ACTOR_XSS[4], AREA_XSS[4]]),
    ("/finansiering", [PROJECT_XSS[4], AREA_XSS[4]]),
    ("/tidslinje", [PROJECT_XSS[4], ACTOR_XSS[4]]),
    ("/luckor", [AREA_XSS[4]]),
    ("/sparql?format=html&query=" + quote(
        "SELECT ?label WHERE { <https://aktorskartan.se/id/actor/almi-sormland> "
        "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"), [ACTOR_XSS[4]]),
]
#: The filter options of the list pages that carry hostile labels: (page, select name, label).
OPTIONS = [("/projekt", "owner", ACTOR_XSS[4]), ("/projekt", "strategy", AREA_XSS[4])]


def assert_inert(watched: Watched, shown: list[str]) -> None:
    """No element was made from a label, and each label in ``shown`` is on the page as text."""
    page = watched.page
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("script:not([src])").count() == 0
    text = page.locator("body").inner_text()
    for label in shown:
        assert label in text or label in page.title(), (page.url, label)
    assert watched.dialogs == []


@pytest.mark.parametrize(("path", "shown"), PAGES, ids=[path for path, _ in PAGES])
def test_hostile_labels_are_text_on_every_page(page, hostile_server, path, shown):
    response = page.page.goto(hostile_server + path)
    assert response.status == 200
    assert_inert(page, shown)
    page.assert_clean(hostile_server)


@pytest.mark.parametrize(("path", "name", "label"), OPTIONS)
def test_hostile_labels_are_text_in_filter_options(page, hostile_server, path, name, label):
    page.page.goto(hostile_server + path)
    options = page.page.locator(f"select[name='{name}'] option").all_inner_texts()
    assert label in [option.strip() for option in options]
    page.page.select_option(f"select[name='{name}']", label=label)
    assert_inert(page, [label])
    page.assert_clean(hostile_server)


def test_hostile_labels_are_text_in_a_network_tooltip(page, hostile_server):
    from tests.test_network_browser import drawn, drawn_labels, point_at

    view = drawn(page.page, hostile_server + "/network?view=ego&actor=almi-sormland")
    actor = "https://aktorskartan.se/id/actor/almi-sormland"
    assert drawn_labels(view)[actor] == ACTOR_XSS[4]
    point_at(page.page, view, actor)
    tooltip = view.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert ACTOR_XSS[4] in tooltip.inner_text()
    assert tooltip.locator("img, script").count() == 0
    assert_inert(page, [ACTOR_XSS[4]])
    page.assert_clean(hostile_server)


@pytest.mark.parametrize("key", [IMG, SCRIPT])
def test_a_hostile_id_is_text_on_the_404_page(page, hostile_server, key):
    response = page.page.goto(hostile_server + _id_404(key))
    assert response.status == 404
    assert_inert(page, [key])
    assert page.outside(hostile_server) == []


# --- 6: only http(s) addresses become links ---------------------------------------------------

class _Addresses(HTMLParser):
    """Every address a page links, loads or posts to (``href``, ``src``, ``action``)."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found += [value for name, value in attrs if name in ("href", "src", "action") and value]


def addresses(html: str) -> list[str]:
    parser = _Addresses()
    parser.feed(html)
    return parser.found


def test_an_https_homepage_is_a_link(hostile_app):
    client = hostile_app.test_client()
    parent = client.get("/id/actor/almi-foretagspartner-ab").get_data(as_text=True)
    assert "https://www.almi.se/" in addresses(parent)
    assert client.get("/api/v1/actors/almi-foretagspartner-ab").json["homepage"] == "https://www.almi.se/"


@pytest.mark.parametrize("path", [path for path, _ in PAGES] + ["/id/actor/almi-foretagspartner-ab"])
def test_every_address_on_a_page_is_ours_or_http(hostile_app, path):
    html = hostile_app.test_client().get(path).get_data(as_text=True)
    for address in addresses(html):
        assert address.startswith(("/", "?", "#", "http://", "https://", "mailto:", "tel:")), (path, address)
        if address.startswith(("mailto:", "tel:")):  # only what the register's parsers let in
            assert re.fullmatch(r"mailto:[^@\s<>\"]+@[\w.-]+|tel:\+?\d+", address), (path, address)


# --- 7: every HTML response carries the security headers --------------------------------------

#: A request for every page route (``url_map`` rules outside /api/ and /static/), and the error
#: pages: 400, 404, 405, 413, 503 (a SPARQL query past the time limit) and 500.
PAGE_ROUTES = {
    "/": "/", "/.well-known/void": "/.well-known/void", "/aktorer": "/aktorer", "/dataset": "/dataset",
    "/finansiering": "/finansiering", "/finansieringskallor": "/finansieringskallor",
    "/graph/<key>": "/graph/vg-delregionala-2020", "/hitta": "/hitta?need=export&place=Bor%C3%A5s",
    "/id/<kind>/<path:key>": "/id/actor/almi-sormland", "/luckor": "/luckor", "/natverk": "/natverk",
    "/network": "/network", "/overlap": "/overlap", "/platser": "/platser", "/projekt": "/projekt",
    "/sok": "/sok?q=almi", "/sparql": "/sparql", "/strategier": "/strategier", "/tidslinje": "/tidslinje",
}
ERROR_PAGES = {
    400: "/sok?limit=x", 404: _id_404(IMG), 500: "/boom",
    503: "/sparql?format=html&query=" + quote(
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g LIMIT 1"),
}


def assert_secure(response) -> None:
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "object-src 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture(scope="module")
def failing_app(hostile_app):
    """The hostile app with one route that fails, for the 500 page."""
    app = create_app({"STORE": hostile_app.config["STORE"], "TESTING": False, "SPARQL_TIMEOUT": 1.0})

    @app.route("/boom")
    def boom():
        raise RuntimeError("a bug")

    yield app
    with app.app_context():
        get_runner().close()


def test_every_page_route_is_checked(hostile_app):
    routes = {rule.rule for rule in hostile_app.url_map.iter_rules()
              if not rule.rule.startswith(("/api/", "/static/"))}
    assert routes == set(PAGE_ROUTES)


@pytest.mark.parametrize("path", sorted(PAGE_ROUTES.values()))
def test_every_page_carries_the_security_headers(hostile_app, path):
    response = hostile_app.test_client().get(path, headers={"Accept": "text/html"}, follow_redirects=True)
    assert response.status_code == 200 and response.mimetype == "text/html", path
    assert_secure(response)


@pytest.mark.parametrize(("status", "path"), sorted(ERROR_PAGES.items()))
def test_every_error_page_carries_the_security_headers(failing_app, status, path):
    response = failing_app.test_client().get(path, headers={"Accept": "text/html"})
    assert (response.status_code, response.mimetype) == (status, "text/html")
    assert "Traceback" not in response.get_data(as_text=True)
    assert_secure(response)


def test_the_other_error_pages_carry_the_security_headers(failing_app):
    client = failing_app.test_client()
    html = {"Accept": "text/html"}
    responses = {405: client.delete("/aktorer", headers=html),
                 413: client.post("/sparql", data={"query": "x" * 2_000_000}, headers=html)}
    for status, response in responses.items():
        assert (response.status_code, response.mimetype) == (status, "text/html")
        assert_secure(response)


# --- 4: no CSV cell starts a formula ----------------------------------------------------------

KEYS = {"key": "almi-sormland", "scheme": "sormland-nls", "kind": "lan", "code": "04",
        "dimension": "owner"}
#: Concrete values for the CSV routes' path parameters, and the query each needs.
CSV_ROUTES = {
    "/search": "?q=", "/finder": "?need=starta+eget&place=Nyk%C3%B6ping",
    "/networks/{key}/members": "", "/funding-schemes/{key}/grants": "",
    "/funding-schemes/{key}/sums/{dimension}": "", "/strategy-areas/{scheme}/{key}/projects": "",
    "/network/path": "?source=almi-sormland&target=region-04",
}
PATH_VALUES = {
    "/networks/{key}/members": {"key": "sormland-naringslivsansvariga"},
    "/funding-schemes/{key}/grants": {"key": "vgr-run-delregionala-2020"},
    "/funding-schemes/{key}/sums/{dimension}": {"key": "vgr-run-delregionala-2020"},
    "/strategy-areas/{scheme}/{key}/projects": {"key": "innovation-och-konkurrenskraft"},
    "/network/strategy-areas/{scheme}/{key}": {"key": "innovation-och-konkurrenskraft"},
}
NUMBER = re.compile(r"-?\d+(,\d+)?")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_urls(app) -> list[str]:
    """Every API route that offers CSV (from the OpenAPI document), filled in."""
    document = app.test_client().get("/api/v1/openapi.json").json
    urls = []
    for path, operations in document["paths"].items():
        if any("text/csv" in (response.get("content") or {})
               for operation in operations.values() for response in operation["responses"].values()):
            values = {**KEYS, **PATH_VALUES.get(path, {})}
            urls.append("/api/v1" + path.format(**values) + CSV_ROUTES.get(path, ""))
    return urls


def cells(body: bytes) -> list[str]:
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return [cell for row in csv.reader(io.StringIO(text[1:], newline=""), delimiter=";") for cell in row]


def test_no_csv_download_has_a_cell_that_starts_a_formula(hostile_app):
    client = hostile_app.test_client()
    seen = []
    urls = csv_urls(hostile_app)
    assert len(urls) >= 38
    for url in urls:
        response = client.get(url + ("&" if "?" in url else "?") + "format=csv")
        assert (response.status_code, response.mimetype) == (200, "text/csv"), url
        for cell in cells(response.data):
            assert not cell.startswith(FORMULA_START) or NUMBER.fullmatch(cell), (url, cell)
            seen.append(cell)
    # Every formula-like name reached some download, neutralised with a leading apostrophe.
    for label in FORMULAS.values():
        assert "'" + label in seen, label


def test_amounts_stay_numbers_in_csv(hostile_app):
    """SMART's RUN grant of 990 000 kr (VG2020, Boråsregionen's table) as a number."""
    response = hostile_app.test_client().get(
        "/api/v1/funding-schemes/vgr-run-delregionala-2020/grants?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8")[1:]), delimiter=";"))
    smart = [row for row in rows if row["label"] == PROJECT_XSS[4]]
    assert [row["amount"] for row in smart] == ["990000"]


def test_negative_numbers_stay_numbers_and_text_is_neutralised(hostile_app):
    """A number (int, Decimal) is written as a number, negative or not; text that begins like a
    formula gets a leading apostrophe, even text that looks like a number."""
    rows = [{"a": -5}, {"a": Decimal("-2.5")}, {"a": "-5"}, {"a": "\tx"}, {"a": "\rx"}, {"a": "=1+1"},
            {"a": ["ok", "@x"]}, {"a": {"label": "+x"}}]
    with hostile_app.test_request_context():
        body = csv_response(rows, ["a"], "test").get_data()
    assert cells(body)[1:] == ["-5", "-2,5", "'-5", "'\tx", "'\rx", "'=1+1", "ok | '@x", "'+x"]
