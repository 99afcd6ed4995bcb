"""The finder in a real browser: headless Chromium fills in the /hitta form, submits it, reads
the result cards and opens "Varför?" to see the reasons and their sources. Nothing is fetched
from outside and nothing breaks the Content Security Policy."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit


def submit(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Hitta stöd").click()


def test_a_pupil_in_boras_fills_in_the_form_and_reads_why(watched, live_server):
    page = watched.page
    page.goto(live_server + "/hitta")
    assert page.get_attribute("html", "lang") == "sv"
    page.get_by_label("Vad behöver du hjälp med?").fill("jag går på gymnasiet och vill starta företag")
    page.get_by_label("Var? Kommun, län eller postnummer").fill("503 30")
    submit(page)
    asked = parse_qs(urlsplit(page.url).query)
    assert urlsplit(page.url).path == "/hitta" and asked["place"] == ["503 30"]

    assert "Borås kommun" in page.locator(".finder-understood").inner_text()
    cards = page.locator(".finder-card")
    names = [card.locator("h3 a").inner_text() for card in cards.all()]
    assert "Ung Företagsamhet Älvsborg" in names[:3]
    card = cards.filter(has_text="Ung Företagsamhet Älvsborg")
    assert card.locator("h3 a").get_attribute("href") == "/id/actor/ung-foretagsamhet-alvsborg"

    reasons = card.locator(".finder-reason")
    assert not reasons.first.is_visible()  # "Varför?" is closed until asked
    card.get_by_text("Varför?").click()
    assert reasons.first.is_visible()
    texts = reasons.all_inner_texts()
    assert any("för Elever" in text for text in texts)
    assert any("Boråsregionen" in text for text in texts)
    sources = card.locator(".finder-reason cite").all_inner_texts()
    assert any("Sammanfattande beskrivning – 2020 års beviljade delregionala insatser" in s for s in sources)
    watched.assert_clean(live_server)


def test_a_stage_chosen_in_the_form_and_an_unknown_place(watched, live_server):
    page = watched.page
    page.goto(live_server + "/hitta")
    page.get_by_label("Vad behöver du hjälp med?").fill("jag vill börja exportera")
    page.get_by_label("Var? Kommun, län eller postnummer").fill("Atlantis")
    page.get_by_label("Skede").select_option("internationalisering")
    submit(page)
    assert "Vi hittade ingen plats som heter 'Atlantis'" in page.locator(".finder-messages").inner_text()
    assert page.get_by_label("Skede").input_value() == "internationalisering"
    assert page.locator(".finder-card").count() > 0
    page.get_by_label("Var? Kommun, län eller postnummer").fill("Sörmland")
    submit(page)
    first = page.locator(".finder-card").first
    assert first.locator("h3 a").inner_text() == "Almi Företagspartner Sörmland"
    first.get_by_text("Varför?").click()
    assert "Regional Exportsamverkan Sörmland (RES)" in first.locator(".finder-reasons").inner_text()
    watched.assert_clean(live_server)
