"""The network views in a real browser: headless Chromium (Playwright) that can reach only
127.0.0.1, against real waitress servers on loopback.

- Actors named ``<img src=x onerror=alert(1)>`` and ``</script><script>alert(1)</script>``
  (added to a copy of the data, in a project with real actors) stay text in every view, tooltip,
  heading, option and legend: no dialog opens, no ``img`` appears.
- A view loads with nothing leaving the machine, and the canvas holds the nodes the API names:
  Connect Sverige Region Väst and the two partners of its 2020 project, Region Sörmland's whole
  ego network.
- Clicking a node opens its page; a capped view says so and collapses into communities.
- No page breaks the Content Security Policy or raises a script error.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from api import create_app
from graph.derived import derive
from tests.answers import get_json
from tests.conftest import append_row, copy_data, serving, store_from

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
#: The hostile test actors: key → name.
HOSTILE = {"hostile-img": IMG, "hostile-script": SCRIPT}
ACTOR = "https://aktorskartan.se/id/actor/"
CONNECT = "connect-sverige-region-vast"
#: Named as samverkanspart in Connect's project "Tillväxt och finansiering för ägarledda företag"
#: (VG2020, Boråsregionen, 003-vg-delregionala-2020/participants.csv).
CONNECT_PROJECT = "vg2020-bor-06"
CONNECT_PARTNERS = {"Connect Sverige Region Väst", "Almi Företagspartner AB", "Inkubatorn i Borås AB"}
READY = 30_000  # ms a view may take to load and settle


# --- fixtures --------------------------------------------------------------------------------

def _hostile_data(folder):
    """The bundled data with the two hostile actors in Connect's Borås project: one joint owner
    (so it is in the funding flow too), one samverkanspart."""
    copy_data(folder)
    source = folder / "003-vg-delregionala-2020"
    for (key, name), kind, role in zip(HOSTILE.items(), ("foretag", "inkubator"),
                                       ("projektagare", "samverkanspart"), strict=True):
        append_row(folder / "actors" / "actors.csv", key=key, pref_label=name, type=kind,
                   based_in="kommun:1490", area_served="delregion:borasregionen")
        append_row(source / "mentions.csv", actor=key, label=name, locator=f"beskrivning-{CONNECT_PROJECT}")
        append_row(source / "participants.csv", project=CONNECT_PROJECT, actor=key, role=role,
                   locator=f"beskrivning-{CONNECT_PROJECT}")
    return folder


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """The service over the data with the hostile actors, on loopback."""
    root = tmp_path_factory.mktemp("hostile")
    store = store_from(_hostile_data(root / "data"), root / "store", derive=derive)
    app = create_app({"STORE": str(store), "TESTING": True})
    with serving(app) as url:
        yield url


# --- helpers ---------------------------------------------------------------------------------

def drawn(page, url: str):
    """Open ``url`` and wait until its network view has drawn and settled (or failed)."""
    page.goto(url)
    view = page.locator(".network-view").first
    expect(view).to_have_attribute("data-state", "ready", timeout=READY)
    return view


def drawn_labels(view) -> dict[str, str]:
    """The nodes on the canvas: id → label."""
    return view.evaluate("""element => {
        const network = element.visNetwork;
        const ids = Object.keys(network.getPositions());
        return Object.fromEntries(ids.map(id => [id, network.body.data.nodes.get(id).label]));
    }""")


def point_at(page, view, node: str) -> None:
    """Zoom onto a node and put the mouse on it."""
    page.mouse.move(1, 1)
    canvas = view.locator(".network-canvas")
    canvas.scroll_into_view_if_needed()
    spot = view.evaluate("""(element, id) => {
        const network = element.visNetwork;
        network.focus(id, {scale: 1.5, animation: false});
        return network.canvasToDOM(network.getPositions([id])[id]);
    }""", node)
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"], steps=3)


def api_vis(client, path: str) -> dict:
    return get_json(client, path + ("&" if "?" in path else "?") + "format=vis")


# --- hostile names -----------------------------------------------------------------------------

#: Every view, and which hostile actors it draws (the funding flow has only the joint owner).
#: (The hostile actor's own page and the path from it are in the next test.)
HOSTILE_VIEWS = [
    (f"/id/actor/{CONNECT}", set(HOSTILE)),
    ("/id/delregion/borasregionen", set(HOSTILE)),
    ("/id/concept/vg2020/kunskapsregion", set(HOSTILE)),
    ("/network", set(HOSTILE)),
    ("/network?view=ego&actor=hostile-script&depth=2", set(HOSTILE)),
    ("/network?view=place&place=delregion:borasregionen", set(HOSTILE)),
    ("/network?view=strategy&strategy=vg2020/kunskapsregion", set(HOSTILE)),
    ("/network?view=funding", {"hostile-img"}),
    ("/network?view=ego&actor=hostile-img&lang=en", set(HOSTILE)),
]


def assert_inert(page, view, present: set[str]) -> None:
    """The hostile actors ``present`` are on the canvas, and their tooltips show their names as
    text; nothing on the page is an element made from a name."""
    labels = drawn_labels(view)
    assert {ACTOR + key: HOSTILE[key] for key in present}.items() <= labels.items()
    for key in sorted(present):
        point_at(page, view, ACTOR + key)
        tooltip = view.locator("div.vis-tooltip")
        expect(tooltip).to_be_visible()
        expect(tooltip).to_contain_text(HOSTILE[key])
        assert tooltip.locator("img, script").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("script:not([src])").count() == 0
    expect(view.locator(".network-legend")).to_be_visible()


@pytest.mark.parametrize(("path", "present"), HOSTILE_VIEWS)
def test_hostile_names_stay_text_in_every_view_and_tooltip(watched, hostile_server, path, present):
    assert_inert(watched.page, drawn(watched.page, hostile_server + path), present)
    watched.assert_clean(hostile_server)
    assert watched.left == []


def test_hostile_names_are_text_in_headings_options_steps_and_legend(watched, hostile_server):
    page = watched.page
    view = drawn(page, hostile_server + "/id/actor/hostile-img")
    assert_inert(page, view, set(HOSTILE))
    expect(page.locator("h1")).to_have_text(IMG)
    assert page.title() == f"{IMG} · Aktörskartan"
    expect(page.locator("figcaption").first).to_contain_text(IMG)

    view = drawn(page, hostile_server + "/network?view=path&source=hostile-img&target=region-04")
    assert_inert(page, view, {"hostile-img"})
    expect(page.locator("#view-heading")).to_have_text(f"Från {IMG} till Region Sörmland")
    steps = page.locator("ol.network-path > li")
    expect(steps.first).to_contain_text(IMG)
    assert steps.count() > 1
    for select in ("#f-actor", "#f-source", "#f-target"):
        options = page.locator(f"{select} option").all_text_contents()
        assert IMG in options and SCRIPT in options
    assert page.locator("#f-source option:checked").text_content() == IMG
    legend = view.locator(".network-legend").inner_text()
    assert "Företag" in legend
    watched.assert_clean(hostile_server)
    assert watched.left == []


# --- loopback only; what the canvas holds -------------------------------------------------------

def test_a_view_loads_from_loopback_only_with_the_nodes_the_api_names(watched, live_server, client):
    page = watched.page
    view = drawn(page, live_server + f"/id/actor/{CONNECT}")
    assert set(drawn_labels(view).values()) == CONNECT_PARTNERS
    assert view.get_attribute("data-drawn-nodes") == "3"

    view = drawn(page, live_server + "/id/actor/region-04")
    data = api_vis(client, "/api/v1/network/actors/region-04")
    assert data["capped"] is None
    assert int(view.get_attribute("data-drawn-nodes")) == len(data["nodes"]) > 3
    assert int(view.get_attribute("data-drawn-edges")) == len(data["edges"])
    assert set(drawn_labels(view)) == {node["id"] for node in data["nodes"]}
    assert view.evaluate("element => element.visNetwork.physics.options.enabled") is False

    view = drawn(page, live_server + "/network")
    data = api_vis(client, "/api/v1/network/ecosystem")
    assert int(view.get_attribute("data-drawn-nodes")) == len(data["nodes"])
    assert page.locator("#brokers tbody tr").count() > 0

    watched.assert_clean(live_server)
    assert watched.left == []
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in watched.requests
               if urlsplit(url).scheme.startswith("http"))


def test_the_browser_cannot_reach_another_host(browser, watched):
    context = browser.new_context()
    try:  # Chromium itself resolves no other host
        with pytest.raises(PlaywrightError, match="ERR_NAME_NOT_RESOLVED"):
            context.new_page().goto("http://example.org/")
    finally:
        context.close()
    with pytest.raises(PlaywrightError):  # and the tests' pages record and refuse the request
        watched.page.goto("http://example.org/")
    assert watched.left == ["http://example.org/"]


# --- clicking, capping, collapsing ------------------------------------------------------------

def test_clicking_a_node_opens_its_page(watched, live_server):
    page = watched.page
    view = drawn(page, live_server + f"/id/actor/{CONNECT}")
    point_at(page, view, ACTOR + "almi-foretagspartner-ab")
    with page.expect_navigation():
        page.mouse.down()
        page.mouse.up()
    assert urlsplit(page.url).path == "/id/actor/almi-foretagspartner-ab"
    watched.assert_clean(live_server)


def test_a_capped_view_says_so_and_collapses_into_communities(watched, live_server, client):
    metrics = client.get("/api/v1/network/metrics?limit=500").get_json()["items"]
    communities = {row["community"] for row in metrics}
    capped = api_vis(client, "/api/v1/network/ecosystem?limit=10")["capped"]
    assert capped["shown"] == 10 and capped["total"] > 10

    page = watched.page
    view = drawn(page, live_server + "/network?limit=10")
    assert view.get_attribute("data-drawn-nodes") == "10"
    notice = view.locator(".network-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(f"visar 10 av {capped['total']} aktörer")

    notice.get_by_role("button", name="Slå ihop till gemenskaper").click()  # sets data-state=loading
    expect(view).to_have_attribute("data-state", "ready", timeout=READY)
    expect(notice).to_contain_text(f"Visar {len(communities)} gemenskaper")
    assert view.get_attribute("data-drawn-nodes") == str(len(communities))
    assert all(node.startswith("community:") for node in drawn_labels(view))

    notice.get_by_role("button", name="Visa aktörerna igen").click()
    expect(view).to_have_attribute("data-state", "ready", timeout=READY)
    expect(notice).to_contain_text(f"visar 10 av {capped['total']} aktörer")
    assert view.get_attribute("data-drawn-nodes") == "10"
    assert all(node.startswith(ACTOR) for node in drawn_labels(view))

    view = drawn(page, live_server + "/network?collapse=true")
    collapsed = api_vis(client, "/api/v1/network/ecosystem?collapse=true")
    assert collapsed["collapsed"] and len(collapsed["nodes"]) == len(communities)
    assert view.get_attribute("data-drawn-nodes") == str(len(communities))
    assert page.locator("#f-collapse").is_checked()
    watched.assert_clean(live_server)


def test_a_bad_parameter_gives_the_swedish_error_page(watched, live_server):
    page = watched.page
    response = page.goto(live_server + "/network?view=ego&actor=ingen-sadan")
    assert response.status == 400
    expect(page.locator("h1")).to_contain_text("Frågan kan inte besvaras som den är ställd")
    assert page.locator(".network-view").count() == 0
