"""The pages in a real browser: headless Chromium (Playwright) against a real waitress server on
loopback. A visitor searches for Almi, opens Almi Företagspartner Sörmland and sees its projects;
nothing is fetched from outside, nothing breaks the Content Security Policy, no script errors."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.sources import source_rows


def projects_of(actor: str) -> set[str]:
    """The project pages an actor takes part in, according to the participant tables."""
    return {f"/id/project/{row['project']}" for row in source_rows("*/participants.csv")
            if row["actor"] == actor}


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
