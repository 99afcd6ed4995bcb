"""The network views in a real browser: headless Chromium (Playwright) that can reach only
127.0.0.1, against real waitress servers on loopback.

- Actors named ``<img src=x onerror=alert(1)>`` and ``</script><script>alert(1)</script>``
  (added to a copy of the data, in a project with real actors) stay text in every view, tooltip,
  heading, option and legend: no dialog opens, no ``img`` appears.
- A view loads with nothing leaving the machine, and the canvas holds the nodes the API names:
  Connect Sverige Region Väst and the two partners of its 2020 project, Region Sörmland's whole
  ego network.
- Clicking a node opens its page; a capped view says so and collapses into communities.
- What the picture says, at 1280 and 390 px: the chosen actor ringed and in the middle, readable
  labels on the central nodes that never cover one another, at most eight colours, Borås with
  Boråsregionen's projects, the funding flow's printed amounts on its arrows, and the reading
  under each picture.
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
    """The nodes on the canvas: id → name (the label on the picture may be shortened)."""
    return view.evaluate("""element => {
        const network = element.visNetwork;
        const ids = Object.keys(network.getPositions());
        return Object.fromEntries(ids.map(id => [id, network.body.data.nodes.get(id).name]));
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


# --- what the picture says ---------------------------------------------------------------------

#: The labels vis-network draws on the canvas now, with their boxes in page pixels (vis-network's
#: own measure), the font's size on screen and the node's rank; and the fill of every actor dot.
SHOWN = """element => {
    const network = element.visNetwork, scale = network.getScale();
    const labels = [], fills = new Set();
    for (const id of Object.keys(network.getPositions())) {
        const node = network.body.nodes[id], item = network.body.data.nodes.get(id);
        if (node.options.shape === "dot") fills.add(node.options.color.background);
        const size = node.labelModule.fontOptions.size * scale;
        const threshold = node.options.scaling.label.drawThreshold;
        if (!node.options.label || size < threshold - 1) continue;
        const box = node.labelModule.size;
        const corner = network.canvasToDOM({x: box.left, y: box.top});
        labels.push({id: id, rank: item.rank, central: item.central, px: Math.min(size, 20),
                     left: corner.x, top: corner.y, right: corner.x + box.width * scale,
                     bottom: corner.y + box.height * scale});
    }
    return {labels: labels, fills: [...fills]};
}"""


@pytest.fixture
def api(embedded_app):
    """The API of the store the pages are served from (the API suite compares both stores)."""
    return embedded_app.test_client()


def shown(view) -> tuple[list[dict], list[str]]:
    found = view.evaluate(SHOWN)
    return found["labels"], found["fills"]


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    """Pairs of drawn labels that cover one another by more than two pixels each way."""
    return [(one["id"], other["id"]) for index, one in enumerate(labels) for other in labels[index + 1:]
            if min(one["right"], other["right"]) - max(one["left"], other["left"]) > 2
            and min(one["bottom"], other["bottom"]) - max(one["top"], other["top"]) > 2]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_chosen_actor_is_ringed_in_the_middle_with_the_reading_under_it(watched, live_server, api, width):
    page = watched.page
    page.set_viewport_size({"width": width, "height": 900})
    view = drawn(page, live_server + "/id/actor/almi-sormland")
    focus = ACTOR + "almi-sormland"
    spot = view.evaluate("""(element, id) => {
        const network = element.visNetwork, canvas = element.querySelector(".network-canvas");
        const at = network.canvasToDOM(network.getPositions([id])[id]);
        return {x: at.x, y: at.y, width: canvas.clientWidth, height: canvas.clientHeight,
                border: network.body.nodes[id].options.borderWidth};
    }""", focus)
    assert abs(spot["x"] - spot["width"] / 2) < 2 and abs(spot["y"] - spot["height"] / 2) < 2
    assert spot["border"] == 5
    labels, _ = shown(view)
    assert focus in {label["id"] for label in labels} and overlapping(labels) == []
    reading = get_json(api, "/api/v1/network/actors/almi-sormland")["reading"]["sv"]
    expect(page.locator("figure.network .network-reading")).to_have_text(reading)
    assert reading.startswith("Almi Företagspartner Sörmland samarbetar med 12 aktörer i 6 projekt")
    expect(view.locator(".network-legend")).to_contain_text("Vald aktör")
    watched.assert_clean(live_server)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_central_labels_are_readable_and_never_cover_one_another(watched, live_server, api, width):
    page = watched.page
    page.set_viewport_size({"width": width, "height": 900})
    view = drawn(page, live_server + "/network")
    labels, fills = shown(view)
    ranks = {label["rank"] for label in labels}
    hub = get_json(api, "/api/v1/network/metrics?sort=-degree&limit=1")["items"][0]["iri"]
    assert 0 in ranks and hub in {label["id"] for label in labels}  # Arbetsförmedlingen
    assert len(labels) >= 5 and all(label["central"] for label in labels)
    assert all(label["px"] >= 11.5 for label in labels)  # vis-network would draw them at 3 px
    assert overlapping(labels) == []
    assert len(fills) <= 8

    before = view.evaluate("element => element.visNetwork.getScale()")
    view.locator(".network-canvas").scroll_into_view_if_needed()
    box = view.locator(".network-canvas").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 400)  # zoom out further, as a reader does: the labels stay readable
    page.wait_for_timeout(300)
    assert view.evaluate("element => element.visNetwork.getScale()") < before
    labels, _ = shown(view)
    assert labels and all(label["px"] >= 11.5 for label in labels) and overlapping(labels) == []
    watched.assert_clean(live_server)


def test_boras_page_draws_boraasregionens_projects_with_a_reading(watched, live_server, api):
    page = watched.page
    view = drawn(page, live_server + "/id/kommun/1490")
    payload = get_json(api, "/api/v1/network/places/kommun/1490")
    drawn_nodes = drawn_labels(view)
    assert set(drawn_nodes) == {node["id"] for node in payload["nodes"]} and len(drawn_nodes) > 4
    # Owners of Boråsregionen's 2020 projects (data/003): Ung Företagsamhet Älvsborg, Drivhuset i Borås
    assert {ACTOR + "ung-foretagsamhet-alvsborg", ACTOR + "drivhuset-i-boras"} <= set(drawn_nodes)
    assert int(view.get_attribute("data-drawn-edges")) == len(payload["edges"]) > 0
    expect(page.locator("figure.network .network-reading")).to_have_text(payload["reading"]["sv"])
    labels, _ = shown(view)
    assert overlapping(labels) == [] and len(labels) >= 10
    # In English the sentence is English and the names in it are marked as Swedish data.
    drawn(page, live_server + "/id/kommun/1490?lang=en")
    reading = page.locator("figure.network .network-reading")
    expect(reading).to_have_text(payload["reading"]["en"])
    marked = reading.locator('span[lang="sv"]').all_text_contents()
    assert "Borås kommun" in marked and set(marked) <= set(payload["reading"]["names"])
    watched.assert_clean(live_server)


def test_the_funding_flow_shows_the_printed_amounts_on_its_arrows(watched, live_server):
    page = watched.page
    view = drawn(page, live_server + "/network?view=funding")
    arrows = view.evaluate("""element => {
        const network = element.visNetwork, scale = network.getScale();
        return network.body.data.edges.get().filter(edge => edge.label && !edge.labelHidden).map(edge => ({
            label: edge.label, px: Math.min(network.body.edges[edge.id].options.font.size * scale, 20),
            arrow: network.body.edges[edge.id].options.arrows.to.enabled}));
    }""")
    big = {arrow["label"]: arrow for arrow in arrows}
    # Regionutvecklingsnämnden's 2020 grants to Västra Götalandsregionen: 42 031 810 kr as printed.
    assert big["42 mn kr"]["px"] >= 11.5 and big["42 mn kr"]["arrow"]
    assert len(arrows) >= 3
    expect(page.locator("figure.network .network-reading")).to_contain_text("42\u00a0031\u00a0810 kr från")
    watched.assert_clean(live_server)
