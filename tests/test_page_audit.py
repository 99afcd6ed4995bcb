"""Every kind of page in headless Chromium at 390 and 1280 px, Swedish and English: no sideways
overflow, no serious or critical axe-core violation, no RDF names, bare IRIs or raw date stamps
in the visible text, and English pages in English. The rules, and why each is as it is, are in
``tests/page_audit.py``; ``python -m bench.page_audit`` prints the same audit as a table.

One server and one browser for the whole module; each page is opened and judged once per width
and language, and the tests below read that one audit, so a failure names the page kind, the
width and the rule.
"""

from __future__ import annotations

import pytest

from tests.browsing import Watched
from tests.page_audit import LANGUAGES, PAGES, WIDTHS, Audit, audit, judge, swedish_terms

VIEWS = [pytest.param(kind, width, id=f"{kind}-{width}") for kind in PAGES for width in WIDTHS]


@pytest.fixture(scope="module")
def audited(browser, live_server):
    """``audited(kind, width, lang)``: the page's audit, made once (one browser context per
    language, each able to reach only the test server)."""
    pages, done = {}, {}
    for lang in LANGUAGES:
        context = browser.new_context(locale="sv-SE")
        Watched(context.new_page()).keep_on_loopback(context)
        pages[lang] = context.pages[0]

    def get(kind: str, width: int, lang: str) -> Audit:
        if (kind, width, lang) not in done:
            done[kind, width, lang] = audit(pages[lang], live_server, kind, width, lang)
        return done[kind, width, lang]

    yield get
    for page in pages.values():
        page.context.close()


def _both(audited, kind, width) -> list[Audit]:
    return [audited(kind, width, lang) for lang in LANGUAGES]


@pytest.mark.parametrize(("kind", "width"), VIEWS)
def test_the_page_answers(audited, kind, width):
    expected = 404 if kind == "not-found" else 200
    assert [result.status for result in _both(audited, kind, width)] == [expected, expected]


@pytest.mark.parametrize(("kind", "width"), VIEWS)
def test_no_sideways_overflow(audited, kind, width):
    wide = [f"{r.where}: {r.overflow} px too wide; {r.widest}"
            for r in _both(audited, kind, width) if r.overflow]
    assert wide == []


@pytest.mark.parametrize(("kind", "width"), VIEWS)
def test_no_serious_or_critical_accessibility_violation(audited, kind, width):
    found = [f"{r.where}: {violation}" for r in _both(audited, kind, width) for violation in r.axe]
    assert found == []


@pytest.mark.parametrize(("kind", "width"), VIEWS)
def test_no_rdf_prefixed_names_in_the_text(audited, kind, width):
    found = [f"{r.where}: {name}" for r in _both(audited, kind, width) for name in r.prefixed_names]
    assert found == []


@pytest.mark.parametrize(("kind", "width"), VIEWS)
def test_no_bare_iris_in_the_text(audited, kind, width):
    found = [f"{r.where}: {iri}" for r in _both(audited, kind, width) for iri in r.iris]
    assert found == []


@pytest.mark.parametrize(("kind", "width"), VIEWS)
def test_no_raw_date_stamps_in_the_text(audited, kind, width):
    found = [f"{r.where}: {date}" for r in _both(audited, kind, width) for date in r.raw_dates]
    assert found == []


@pytest.mark.parametrize(("kind", "width"), VIEWS)
def test_english_pages_are_english_throughout(audited, kind, width):
    result = audited(kind, width, "en")
    assert result.html_lang == "en", result.where
    assert result.swedish == [], result.where


# --- the instrument itself: it must see what it is meant to see -------------------------------

def test_the_swedish_vocabulary_comes_from_the_ontology():
    terms = swedish_terms()
    for label in ("Kommunalförbund", "Statlig myndighet", "Projektägare", "Medfinansiär", "Rådgivning"):
        assert label in terms
    assert "Region" not in terms and "Science park" not in terms  # English words as well


#: A page that breaks every rule once, beside text each rule must let through.
BROKEN = """<!doctype html><html lang="en"><head><title>t</title></head><body><main>
<table id="wide"><tr><td style="white-space:nowrap">{wide}</td></tr></table>
<div style="overflow-x:auto"><p style="width:3000px">held in its own scroll box</p></div>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p>Type: rdf:type, issued dct:issued. Not a name: e.g. https: or 2024 or 580000 or 23010.</p>
<p>Address https://aktorskartan.se/id/actor/x and <a href="https://www.almi.se/">https://www.almi.se</a>,
<a href="https://aktorskartan.se/id/actor/y">https://aktorskartan.se/id/actor/y</a>.</p>
<p class="iri"><code>https://aktorskartan.se/id/actor/shown-on-purpose</code></p>
<p>Period 2023-08-15 to 2026-08 (printed 230815 –260815., MATCH 20240901); checksum adb883b71f230815c.
<cite>Bild 3: Projekttid (2022-10-20 | Länsberedning)</cite></p>
<p>Status: pågående. Owner: <span lang="sv">Almi Företagspartner Sörmland och Region Sörmland</span>,
type <a href="/id/concept/aktorstyp/kommunalforbund" lang="sv">Kommunalförbund</a>, kind
<span lang="sv">insats</span>, for all Start-ups, and the service
<a href="/id/service/sormland-svc-nfc" lang="sv">Stöd till nyföretagande</a>.</p>
<label>Type <select><option>Statlig myndighet</option></select></label>
</main></body></html>""".format(wide="x" * 400)


def test_the_audit_finds_what_breaks_each_rule(browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_viewport_size({"width": 390, "height": 900})
        page.set_content(BROKEN)
        result = judge(page, Audit("broken", 390, "en"))
    finally:
        context.close()
    assert result.overflow > 1000 and result.widest.startswith("table#wide")
    assert [violation.split(" ")[0] for violation in result.axe] == ["image-alt"]
    assert result.prefixed_names == ["rdf:type", "dct:issued"]
    assert result.iris == ["https://aktorskartan.se/id/actor/x", "https://aktorskartan.se/id/actor/y"]
    assert [found.split(" ")[0] for found in result.raw_dates] == \
        ["'2023-08-15'", "'2026-08'", "'230815'", "'260815'", "'20240901'"]
    assert [found.split(" ")[0] for found in result.swedish] == \
        ["'pågående'", '"Kommunalförbund"', '"insats"', "'Statlig"]


def test_the_bench_table_has_a_row_per_page_view_and_counts_the_failing_ones():
    from bench.page_audit import details, table

    clean = Audit("home", 390, "sv", status=200)
    wide = Audit("timeline", 1280, "en", status=200, overflow=387, widest="table.records reaches 1667 px",
                 swedish=["'pågående' in \"pågående\""] * 2)
    printed = table([clean, wide])
    assert "| home | 390 | sv | 200 | 0 | 0 | 0 | 0 | 0 | - | 0.0 |" in printed
    assert "| timeline | 1280 | en | 200 | 387 | 0 | 0 | 0 | 0 | 2 | 0.0 |" in printed
    assert "1 of 2 page views fail a rule." in printed
    listed = details([clean, wide])
    assert "## timeline (/tidslinje) at 1280 px, lang=en" in listed and "home" not in listed
    assert "- overflow 387 px: table.records reaches 1667 px" in listed
    assert "- Swedish: 'pågående' in \"pågående\" (2x)" in listed
