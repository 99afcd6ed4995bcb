"""Record pages a person can read: an actor's page opens with what it does and how to reach it,
its sources are folded below its facts one line per document, no curator note and no raw date
stamp shows; source documents have pages of their own; the home page puts the finder first and
says which regions and documents the data covers.

Every expected value comes from the data files or the source texts (``tests/sources.py``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from html import escape
from html.parser import HTMLParser

import pytest
import yaml

from api import create_app
from graph.datafiles import BUNDLED_DATA
from graph.ingest import prepare
from tests.conftest import APP_CONFIG, copy_data, store_from
from tests.sources import actor_register, source_rows, source_text, source_title

KALMAR = "000-kalmar-investeringssamverkan"
SORMLAND = "001-sormland-handlingsplan"
#: A date stamp as the sources print them (251231, 20240901) or ISO (2025-12-31).
RAW_STAMP = re.compile(r"\b\d{6}\b|\b\d{8}\b|\b\d{4}-\d{2}-\d{2}\b")
#: A prefixed RDF name (rdf:type, dct:issued, prov:Entity, ...).
RDF_NAME = re.compile(r"\b(rdf|rdfs|dct|dcterms|skos|prov|org|eurio|schema|geo|ak|void|dcat|foaf|xsd|sh):"
                      r"[A-Za-z]")


class _Text(HTMLParser):
    """The text a reader sees: no markup, no attributes, nothing inside ``skip`` classes."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr"}

    def __init__(self, skip: tuple[str, ...] = ()):
        super().__init__()
        self.skip, self.depth, self.parts = set(skip), [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        hidden = tag in ("script", "style", "head") or bool(classes & self.skip)
        self.depth.append(hidden or (bool(self.depth) and self.depth[-1]))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.depth:
            self.depth.pop()

    def handle_data(self, data):
        if not (self.depth and self.depth[-1]):
            self.parts.append(data)


def visible(html: str, skip: tuple[str, ...] = ()) -> str:
    parser = _Text(skip)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def page(client, path: str) -> str:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


# --- contact details -----------------------------------------------------------------------------

def test_future_place_leaderships_email_as_printed_in_000_reaches_the_page(client):
    printed = "ma@futureplaceleadership.com"
    assert f"Nå oss: \n\n{printed}" in source_text(KALMAR)
    assert actor_register()["future-place-leadership"]["email"] == printed
    assert client.get("/api/v1/actors/future-place-leadership").json["email"] == printed
    html = page(client, "/id/actor/future-place-leadership")
    assert f'<a href="mailto:{printed}">{printed}</a>' in html
    assert "Kontaktuppgifter saknas" not in html
    # Where it is printed is among the actor's sources: the slide "TACK! Nå oss:".
    assert "Bild &#39;TACK! Nå oss:&#39;" in html or "Bild 'TACK! Nå oss:'" in html


def test_region_kalmar_lans_web_address_printed_in_the_slides_footer_is_a_link(client):
    assert "regionkalmar.se  |" in source_text(KALMAR)
    html = page(client, "/id/actor/region-08")
    assert '<a href="https://regionkalmar.se" rel="nofollow">https://regionkalmar.se</a>' in html


def test_an_actor_without_contact_details_says_so_in_both_languages(client):
    register = actor_register()["almi-sormland"]
    assert not (register["homepage"] or register["email"] or register["phone"])
    assert "Kontaktuppgifter saknas" in visible(page(client, "/id/actor/almi-sormland"))
    assert "No contact details recorded" in visible(page(client, "/id/actor/almi-sormland?lang=en"))
    actor = client.get("/api/v1/actors/almi-sormland").json
    assert (actor["homepage"], actor["email"], actor["phone"]) == (None, None, None)


def test_only_contact_details_a_source_prints_are_in_the_register():
    """Each contact detail in the register is printed, as written, in a source text."""
    texts = " ".join(source_text(folder.name) for folder in sorted(BUNDLED_DATA.glob("0*")))
    found = 0
    for row in actor_register().values():
        for column in ("homepage", "email", "phone"):
            if row[column]:
                found += 1
                printed = row[column].removeprefix("https://").removeprefix("http://").rstrip("/")
                assert printed in texts, (row["key"], column, row[column])
    assert found == 2


# --- the actor page opens with what it does ------------------------------------------------------

def projects_of(actor: str) -> set[str]:
    return {row["project"] for row in source_rows("*/participants.csv") if row["actor"] == actor}


def test_an_actor_page_starts_with_one_sentence_on_what_it_does(client):
    count = len(projects_of("almi-sormland"))
    actor = client.get("/api/v1/actors/almi-sormland").json
    swedish = ("Almi Företagspartner Sörmland är ett statligt bolag som erbjuder finansiering och lån, "
               "rådgivning, exportstöd och nätverk och mötesplats till alla företag i Södermanlands län "
               f"och deltar i {count} projekt.")
    assert actor["summary"]["sv"] == swedish
    assert actor["summary"]["en"].startswith("Almi Företagspartner Sörmland is a state-owned company "
                                             "offering financing and loans, advice, export support")
    assert actor["summary"]["en"].endswith(f"in Södermanlands län; it takes part in {count} projects.")
    text = visible(page(client, "/id/actor/almi-sormland"))
    # The name, then the sentence, then how to reach it: before any fact or source.
    assert text.index(swedish) < text.index("Kontaktuppgifter saknas") < text.index("Juridisk person")


def test_a_kommun_is_not_said_to_work_in_itself(client):
    count = len(projects_of("kommun-0480"))
    networks = {row["network"] for row in source_rows("*/memberships.csv") if row["actor"] == "kommun-0480"}
    summary = client.get("/api/v1/actors/kommun-0480").json["summary"]["sv"]
    assert summary == (f"Nyköpings kommun är en kommun och deltar i {count} projekt och "
                       f"{len(networks)} nätverk.")


# --- curator notes -----------------------------------------------------------------------------

NOTED = sorted(key for key, row in actor_register().items() if row["note"])


@pytest.mark.parametrize("key", NOTED[::8])
def test_no_curator_note_on_an_actor_page_or_in_its_data(client, key):
    note = actor_register()[key]["note"]
    html = page(client, f"/id/actor/{key}")
    assert note not in html and escape(note) not in html and "Anmärkning (kurator)" not in html
    assert "note" not in client.get(f"/api/v1/actors/{key}").json
    turtle = client.get(f"/id/actor/{key}", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert "editorialNote" not in turtle and note not in turtle


# --- citations: one line per document, below the facts ------------------------------------------

def documents_mentioning(actor: str) -> dict[str, set[str]]:
    """Source folder → the locator labels where ``actor`` is mentioned."""
    found = defaultdict(set)
    for folder in sorted(BUNDLED_DATA.glob("0*")):
        labels = {row["key"]: row["label"] for row in source_rows(f"{folder.name}/locators.csv")}
        for row in source_rows(f"{folder.name}/mentions.csv"):
            if row["actor"] == actor:
                found[folder.name].add(labels[row["locator"]])
    return found


@pytest.mark.parametrize("actor", ["almi-sormland", "region-04", "future-place-leadership"])
def test_an_actors_sources_are_folded_below_its_facts_one_line_per_document(client, actor):
    mentioned = documents_mentioning(actor)
    html = page(client, f"/id/actor/{actor}")
    folded = re.search(r'<details class="sources record-sources">(.*?)</details>', html, re.S)
    assert folded, "no folded sources"
    count = len(mentioned)
    assert f"Källor ({count} dokument)" in visible(folded.group(1))
    lines = re.findall(r"<li>(.*?)</li>", folded.group(1), re.S)
    assert len(lines) == count
    for folder, labels in mentioned.items():
        line = next(visible(li) for li in lines if source_title(folder) in visible(li))
        for label in labels:  # every section stays traceable
            assert label in line, (folder, label)
    assert html.index('<dl class="facts">') < folded.start()


def test_a_row_cites_each_document_once_with_its_sections(client):
    html = page(client, "/id/project/mojligheternas-region")
    title = source_title("004-mojligheternas-region")
    for cell in re.findall(r'<p class="sources">(.*?)</p>', html, re.S):
        assert visible(cell).count(title) <= 1


# --- periods and dates ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/id/actor/almi-sormland", "/id/actor/region-04",
                                  "/id/project/sormland-t05-2", "/id/project/sormland-t06-2",
                                  "/id/actor/almi-sormland?lang=en", "/id/lan/04"])
def test_no_raw_date_stamp_in_what_a_page_shows(client, path):
    # Descriptions are the source's own prose, kept as printed.
    text = visible(page(client, path), skip=("description",))
    assert not RAW_STAMP.search(text), RAW_STAMP.search(text).group(0)


def test_a_period_reads_in_words_with_the_printed_time_plan_on_hover(client):
    row = next(row for row in source_rows(f"{SORMLAND}/projects.csv") if row["timeplan"] == "230815 –260815.")
    html = page(client, f"/id/project/{row['key']}")
    assert ('<span class="period-text" title="I källan: 230815 –260815.">'
            '15 aug 2023 – 15 aug 2026</span>') in html
    english = page(client, f"/id/project/{row['key']}?lang=en")
    assert ">15 Aug 2023 – 15 Aug 2026</span>" in english
    assert client.get(f"/api/v1/projects/{row['key']}").json["period"]["time_plan"] == "230815 –260815."


def test_a_quote_in_the_data_shows_as_a_quote_without_its_typewriter_marks(client):
    indicator = next(row for row in source_rows("004-mojligheternas-region/indicators.csv")
                     if row["note"] == "'totalt nio deltagare'")
    project = indicator["subject"].removeprefix("project:")
    html = page(client, f"/id/project/{project}")
    assert '<q class="note" lang="sv">totalt nio deltagare</q>' in html or \
        '<q class="note">totalt nio deltagare</q>' in html
    assert "&#39;totalt nio deltagare&#39;" not in html


# --- documents -------------------------------------------------------------------------------------

def source_meta(folder: str) -> dict:
    return yaml.safe_load((BUNDLED_DATA / folder / "source.yaml").read_text(encoding="utf-8"))


def count_rows(folder: str, table: str) -> int:
    return len(source_rows(f"{folder}/{table}"))


@pytest.mark.parametrize("folder", [SORMLAND, "003-vg-delregionala-2020", "004-mojligheternas-region"])
def test_a_source_documents_page_says_what_it_is_and_what_the_map_holds_from_it(client, folder):
    meta = source_meta(folder)
    register = actor_register()
    html = page(client, f"/id/document/{meta['key']}")
    text = visible(html)
    assert f"<h1>{escape(meta['title'], quote=False)}</h1>" in html
    assert meta["description"].split(".")[0] in text
    for publisher in meta["publisher"].split("|"):
        label = escape(register[publisher]["pref_label"], quote=False)
        assert f'<a href="/id/actor/{publisher}">{label}</a>' in html
    assert "Källan anger ingen webbadress" in text  # none of the five prints its own address
    actors = {row["actor"] for row in source_rows(f"{folder}/mentions.csv")}
    expected = {"aktörer": len(actors), "projekt och insatser": count_rows(folder, "projects.csv"),
                "nätverk": count_rows(folder, "networks.csv"), "bidrag": count_rows(folder, "grants.csv"),
                "indikatorer": count_rows(folder, "indicators.csv")}
    for words, count in expected.items():
        if count > 1:
            assert f"{count} {words}" in text, (words, count)
    locators = source_rows(f"{folder}/locators.csv")
    assert f"Avsnitt, tabeller och sidor ({len(locators)})" in text
    for locator in locators[:5]:
        assert f'href="/id/document/{meta["key"]}/{locator["key"]}"' in html
    assert f'href="/id/document/{meta["key"]}?format=ttl"' in html
    assert f'href="/graph/{meta["key"]}?format=jsonld"' in html
    assert not RDF_NAME.search(text) and "https://aktorskartan.se/" not in text


def test_a_source_documents_page_in_english(client):
    html = page(client, "/id/document/kalmar-investeringssamverkan?lang=en")
    text = visible(html)
    assert "The source gives no web address" in text and "15 Mar 2023" in text
    assert f"{len({r['actor'] for r in source_rows(f'{KALMAR}/mentions.csv')})} actors" in text


def test_a_document_that_prints_its_own_address_links_the_original(tmp_path):
    """source.yaml's ``url`` (none of the five has one): checked as a web address, then a link."""
    data = copy_data(tmp_path / "data")
    meta = data / "002-orebro-bredd-och-spets" / "source.yaml"
    original = meta.read_text(encoding="utf-8")
    meta.write_text(original + 'url: "www.regionorebrolan.se"\n', encoding="utf-8")
    refused = prepare([data])
    assert [(p.file.endswith("source.yaml"), p.field) for p in refused.violations
            if "is not a web address" in p.message] == [(True, "url")]
    meta.write_text(original + 'url: "https://www.regionorebrolan.se/"\n', encoding="utf-8")
    app = create_app({"STORE": str(store_from(data, tmp_path / "store")), **APP_CONFIG})
    html = page(app.test_client(), "/id/document/orebro-bredd-och-spets")
    assert '<a href="https://www.regionorebrolan.se/" rel="nofollow">Öppna publikationen</a>' in html
    assert "Källan anger ingen webbadress" not in html


@pytest.mark.parametrize("path", [
    "/id/document/sormland-handlingsplan/tabell-04",  # a section of a document
    "/id/document/sormlandsstrategin",  # a document a source names
    "/id/grant/vg2020-bor-02-run", "/id/service/sormland-svc-almi-basuppdrag",
    "/id/indicator/mr-ind-tvv-foretag-stod", "/id/project/vg2020-bor-02/total-cost",
    "/id/document/reference", "/dataset", "/dataset?lang=en",
])
def test_no_rdf_name_or_bare_iri_a_reader_sees(client, path):
    text = visible(page(client, path))
    assert not RDF_NAME.search(text), RDF_NAME.search(text).group(0)
    assert "https://aktorskartan.se/" not in text and "http://www.w3.org/" not in text


# --- home ----------------------------------------------------------------------------------------

#: The län the five sources cover, as data/README.md and the sources describe them.
COVERED = {"08": "Kalmar län", "04": "Södermanlands län", "18": "Örebro län",
           "14": "Västra Götalands län", "24": "Västerbottens län"}


def test_home_puts_the_finder_first(client):
    html = page(client, "/")
    form = re.search(r'<form class="home-finder-form" action="/hitta" method="get".*?</form>', html, re.S)
    assert form, "no finder form on the home page"
    assert re.search(r'<input id="home-need" name="need"', form.group(0))
    assert re.search(r'<input id="home-place" name="place"', form.group(0))
    assert form.start() < html.index('action="/sok"')  # before the search box


def test_home_lists_the_covered_lan_their_delregioner_and_the_documents(client):
    html = page(client, "/")
    text = visible(html)
    for code, name in COVERED.items():
        assert f'<a href="/id/lan/{code}" lang="sv">{name}</a>' in html
    for row in source_rows("../reference/delregioner.csv"):
        assert f'<a href="/id/delregion/{row["key"]}" lang="sv">' in html
    [project] = source_rows("004-mojligheternas-region/projects.csv")
    inland = project["places"].split("|")  # the eight inland kommuner, kommun:<code>
    assert re.search(rf"Västerbottens län ?: {len(inland)} kommuner", text)
    for folder in sorted(BUNDLED_DATA.glob("0*")):
        assert source_title(folder.name) in text
    # A län only a project of Sörmland's plan reaches is said to be touched, not covered.
    assert "Andra län nämns bara i enstaka projekt" in text
    assert "nationella aktörer" in text


# --- a phone's width ----------------------------------------------------------------------------

NARROW_PAGES = [
    "/", "/?lang=en", "/id/actor/almi-sormland", "/id/actor/region-04?lang=en",
    "/id/project/mojligheternas-region", "/id/project/vg2020-bor-02", "/id/document/sormland-handlingsplan",
    "/id/document/kalmar-investeringssamverkan",
    "/id/network/sormland-naringslivsansvariga", "/id/lan/04", "/id/kommun/0480", "/id/delregion/skaraborg",
    "/id/concept/sormland-nls/innovation-och-konkurrenskraft", "/id/scheme/sormland-nls",
    "/id/funding/vgr-run-delregionala-2020", "/id/grant/vg2020-bor-02-run", "/id/document/sormlandsstrategin",
    "/aktorer", "/projekt", "/natverk", "/finansieringskallor", "/strategier", "/platser", "/sok?q=almi",
    "/dataset",
]


def test_no_page_is_wider_than_a_phone(browser, live_server):
    """At 390 px nothing scrolls sideways: tables scroll in their own box, long words wrap."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page_ = context.new_page()
    wide = {}
    for path in NARROW_PAGES:
        assert page_.goto(live_server + path).status == 200, path
        overflow = page_.evaluate("document.documentElement.scrollWidth"
                                  " - document.documentElement.clientWidth")
        if overflow > 0:
            wide[path] = overflow
    context.close()
    assert wide == {}
