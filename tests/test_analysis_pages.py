"""The four analysis pages read in headless Chromium at a phone's width and a laptop's: none
widens the page sideways (wide tables scroll in a box of their own), each opens with a table of
contents whose every link reaches a section, and /overlap leads with its summary instead of a
page tens of thousands of pixels long."""

from __future__ import annotations

import pytest

from tests.browsing import Watched

PAGES = ("/overlap", "/luckor", "/finansiering", "/tidslinje")
#: How tall /overlap may be at 1280 px by default: it was 31 505 px, every pair on one page (now
#: about 7 900, the near actor pairs open because none overlaps).
OVERLAP_HEIGHT = 10_000


@pytest.fixture
def page_at(browser, live_server):
    """A function opening a path at a viewport width, on a page that may reach only the server."""
    contexts = []

    def open_page(path: str, width: int) -> Watched:
        context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
        contexts.append(context)
        watched = Watched(context.new_page())
        watched.keep_on_loopback(context)
        watched.page.goto(live_server + path)
        return watched
    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_no_analysis_page_widens_sideways(page_at, live_server, path, width):
    watched = page_at(path, width)
    assert watched.page.evaluate("document.documentElement.scrollWidth") <= width
    wide = watched.page.evaluate("""(width) => [...document.querySelectorAll('table')]
        .filter(table => table.getBoundingClientRect().right > width + 1)
        .map(table => getComputedStyle(table.parentElement).overflowX)""", width)
    assert set(wide) <= {"auto"}  # a table wider than the page scrolls in its own box
    watched.assert_clean(live_server)


@pytest.mark.parametrize("path", PAGES)
def test_each_analysis_page_opens_with_a_table_of_contents(page_at, live_server, path):
    watched = page_at(path, 1280)
    contents = watched.page.locator("nav.contents a")
    assert contents.count() >= 4
    targets = [link.get_attribute("href") for link in contents.all()]
    assert all(target.startswith("#") for target in targets)
    for target in targets:
        assert watched.page.locator(target).count() == 1, target
    first = watched.page.locator("main h2").first.bounding_box()["y"]
    assert watched.page.locator("nav.contents").bounding_box()["y"] < first
    watched.assert_clean(live_server)


def test_the_overlap_page_leads_with_its_summary_and_stays_short(page_at, live_server):
    watched = page_at("/overlap", 1280)
    page = watched.page
    assert page.evaluate("document.documentElement.scrollHeight") < OVERLAP_HEIGHT
    assert page.locator("main h2").first.inner_text() in ("Innehåll", "Sammanfattning")
    assert page.locator("#sammanfattning table.strongest tbody tr").count() == 10
    assert not page.locator("details.all-pairs").get_attribute("open")
    page.locator("details.all-pairs summary").click()
    assert page.locator("details.all-pairs table tbody tr").count() == 20
    watched.assert_clean(live_server)
