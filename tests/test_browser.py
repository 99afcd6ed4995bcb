"""The pages in a real browser: headless Chromium (Playwright) against a real waitress server on
loopback. A visitor searches for Almi, opens Almi Företagspartner Sörmland and sees its projects;
nothing is fetched from outside, nothing breaks the Content Security Policy, no script errors."""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from graph.datafiles import BUNDLED_DATA
from tests.conftest import serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def live_server(app):
    """The app served by waitress on 127.0.0.1 at a free port, for the whole session."""
    with serving(app) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system (never downloaded); missing Chromium fails the run."""
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}; run bin/setup-chromium (bin/test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page whose requests, console errors and script errors are recorded."""

    def __init__(self, page):
        self.page = page
        self.requests: list[str] = []
        self.problems: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _console(self, message):
        if message.type == "error" or "Content Security Policy" in message.text:
            where = message.location.get("url", "")
            self.problems.append(f"console {message.type}: {message.text} ({where})")

    def outside(self, base: str) -> list[str]:
        """Requests that did not go to the server under test."""
        host = urlsplit(base).netloc
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "about") and urlsplit(url).netloc != host]

    def assert_clean(self, base: str) -> None:
        """No console or script errors, no CSP violations, no request outside the server."""
        assert self.problems == []
        assert self.outside(base) == []
        assert self.requests, "no request was recorded"


@pytest.fixture
def watched(browser, live_server):
    context = browser.new_context(locale="sv-SE", java_script_enabled=True)
    page = Watched(context.new_page())
    yield page
    context.close()


def projects_of(actor: str) -> set[str]:
    """The project pages an actor takes part in, according to the participant tables."""
    paths = set()
    for table in sorted(BUNDLED_DATA.glob("*/participants.csv")):
        with table.open(encoding="utf-8", newline="") as file:
            rows = csv.DictReader(file)
            paths |= {f"/id/project/{row['project']}" for row in rows if row["actor"] == actor}
    return paths


def test_search_for_almi_and_open_almi_sormland_with_its_projects(watched, live_server):
    page = watched.page
    page.goto(live_server + "/")
    assert page.get_attribute("html", "lang") == "sv"
    page.get_by_label("Sök aktör, projekt, nätverk, finansiering, strategi eller plats").fill("almi")
    with page.expect_navigation():
        page.locator("#q").press("Enter")
    assert urlsplit(page.url).path == "/sok"
    hits = page.locator("a.hit")
    labels = hits.all_inner_texts()
    assert "Almi Företagspartner Sörmland" in labels and "Almi Företagspartner AB" in labels

    with page.expect_navigation():
        hits.filter(has_text="Almi Företagspartner Sörmland").first.click()
    assert urlsplit(page.url).path == "/id/actor/almi-sormland"
    assert page.locator("#projects").count() == 1, "the actor page has no element with id=projects"
    links = page.locator("#projects a[href^='/id/project/']")
    shown = {urlsplit(href).path for href in (link.get_attribute("href") for link in links.all())}
    expected = projects_of("almi-sormland")
    assert expected and shown == expected
    watched.assert_clean(live_server)


def test_facets_filter_without_script(watched, live_server):
    page = watched.page
    page.goto(live_server + "/sok?q=almi")
    page.locator("input[name='kind'][value='actor']").check()
    with page.expect_navigation():
        page.locator("aside.facets button[type='submit']").click()
    assert "kind=actor" in page.url
    kinds = page.locator("ol.hits .kind").all_inner_texts()
    assert kinds and set(kinds) == {"Aktör"}
    watched.assert_clean(live_server)


def test_the_english_switch_changes_the_language(watched, live_server):
    page = watched.page
    page.goto(live_server + "/")
    with page.expect_navigation():
        page.get_by_role("link", name="English").click()
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_by_label("Search actors, projects, networks, funding, strategies or places").is_visible()
    page.goto(live_server + "/sok?q=almi")  # the choice is remembered
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_by_role("heading", name="Search", exact=True).is_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Svenska").click()
    assert page.get_attribute("html", "lang") == "sv"
    watched.assert_clean(live_server)
