"""The write API: curators add, edit and retire records, each change validated first, checked
against the record's ETag, recorded in the provenance graph and shown on the record's page.

The module works on its own copy of the bundled store, with three tokens: anna (curator), admin
(admin) and rita (reader).
"""

from __future__ import annotations

import io
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from api import create_app
from graph.curation.tokens import token_file
from graph.store import GraphStore
from tests.conftest import APP_CONFIG

ACTOR = "/api/v1/actors/almi-sormland"
NETWORK = "sormland-naringslivsansvariga"


@dataclass
class Curated:
    app: object
    directory: Path
    tokens: dict[str, str]

    def generation(self) -> str:
        return (self.directory / "CURRENT").read_text().strip()

    def quads(self) -> set[ox.Quad]:
        return set(GraphStore.open(self.directory, read_only=True).quads())


@pytest.fixture(scope="module")
def curated(tmp_path_factory, served_store) -> Curated:
    directory = tmp_path_factory.mktemp("curated") / "store"
    shutil.copytree(served_store, directory)
    tokens = {name: token_file(str(directory)).create(name, role)
              for name, role in (("anna", "curator"), ("admin", "admin"), ("rita", "reader"))}
    return Curated(create_app({"STORE": str(directory), **APP_CONFIG}), directory, tokens)


@pytest.fixture
def client(curated):
    return curated.app.test_client()


def bearer(curated: Curated, name: str = "anna", **headers) -> dict:
    return {"Authorization": f"Bearer {curated.tokens[name]}", **headers}


def etag_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.headers["ETag"]


# --- edits ---------------------------------------------------------------------------------


def test_an_edit_with_the_current_etag_is_made_recorded_and_shown(curated, client):
    before = etag_of(client, ACTOR)
    response = client.patch(ACTOR, json={"homepage": "https://www.almi.se/sormland",
                                         "reason": "Webbadressen saknades"},
                            headers=bearer(curated, **{"If-Match": before}))
    assert response.status_code == 200, response.json
    assert response.headers["ETag"] != before
    actor = client.get(ACTOR).json
    assert actor["homepage"] == "https://www.almi.se/sormland"
    assert actor["label"] == "Almi Företagspartner Sörmland"  # the rest of the record stays
    assert actor["changed"]["curator"] == "anna"
    assert actor["changed"]["reason"] == "Webbadressen saknades"
    # The change is a source of the record, beside the documents it was printed in.
    sections = [source["section"] for source in actor["sources"]]
    assert any(section.endswith("av anna: Webbadressen saknades") for section in sections)
    assert "Ändringar i Aktörskartan" in [source["document"]["label"] for source in actor["sources"]]
    page = client.get("/id/actor/almi-sormland", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Senast ändrad" in page and "av anna: Webbadressen saknades" in page
    english = client.get("/id/actor/almi-sormland?lang=en", headers={"Accept": "text/html"})
    assert "Last changed" in english.get_data(as_text=True)


def test_the_change_log_says_who_when_what_and_why(curated, client):
    client.patch(ACTOR, json={"email": "sormland@almi.se", "reason": "Granskning"},
                 headers=bearer(curated, **{"If-Match": etag_of(client, ACTOR)}))
    log = client.get("/api/v1/changes").json["items"]
    newest = log[0]
    assert (newest["curator"], newest["action"], newest["reason"]) == ("anna", "edit", "Granskning")
    assert newest["records"] == ["https://aktorskartan.se/id/actor/almi-sormland"]
    assert newest["time"].endswith("Z") and newest["added"] >= 2
    # The change record keeps what it removed and added, readable at its IRI.
    change = client.get(newest["iri"].removeprefix("https://aktorskartan.se"),
                        headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert "sormland@almi.se" in change


def test_the_second_of_two_concurrent_edits_gets_412_and_nothing_is_lost(curated, client):
    path = "/api/v1/actors/kommun-0480"
    tag = etag_of(client, path)
    answers = {}

    def edit(field: str, value: str) -> None:
        answers[field] = curated.app.test_client().patch(
            path, json={field: value, "reason": f"samtidig ändring av {field}"},
            headers=bearer(curated, **{"If-Match": tag}))

    threads = [threading.Thread(target=edit, args=args)
               for args in (("homepage", "https://nykoping.se"), ("email", "naringsliv@nykoping.se"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(answer.status_code for answer in answers.values())
    assert statuses == [200, 412]
    loser = next(field for field, answer in answers.items() if answer.status_code == 412)
    assert answers[loser].headers["ETag"] == etag_of(client, path)  # what to read again
    # The loser reads again and repeats its change: both are kept.
    value = {"homepage": "https://nykoping.se", "email": "naringsliv@nykoping.se"}[loser]
    again = client.patch(path, json={loser: value, "reason": "igen"},
                         headers=bearer(curated, **{"If-Match": etag_of(client, path)}))
    assert again.status_code == 200
    actor = client.get(path).json
    assert actor["homepage"] == "https://nykoping.se" and actor["label"] == "Nyköpings kommun"
    assert "naringsliv@nykoping.se" in client.get(
        "/id/actor/kommun-0480", headers={"Accept": "text/turtle"}).get_data(as_text=True)


def test_an_edit_without_if_match_is_refused_with_428_and_nothing_written(curated, client):
    generation = curated.generation()
    response = client.patch(ACTOR, json={"email": "utan@villkor.se", "reason": "test"},
                            headers=bearer(curated))
    assert response.status_code == 428
    assert curated.generation() == generation


def test_a_stale_etag_is_refused_with_412(curated, client):
    response = client.patch(ACTOR, json={"email": "gammal@almi.se", "reason": "test"},
                            headers=bearer(curated, **{"If-Match": '"0000"'}))
    assert response.status_code == 412


# --- validation ------------------------------------------------------------------------------


def test_a_write_that_violates_the_shapes_gets_422_with_the_report_and_stores_nothing(curated, client):
    before = curated.quads()
    response = client.post("/api/v1/projects", json={"key": "utan-agare", "label": "Projekt utan ägare",
                                                     "reason": "test"}, headers=bearer(curated))
    assert response.status_code == 422
    report = response.json["error"]["details"]
    assert any("has no owner" in item["message"] and item["node"].endswith("/project/utan-agare")
               for item in report)
    assert curated.quads() == before


def test_an_actor_type_that_is_no_concept_is_refused_by_the_shapes(curated, client):
    response = client.post("/api/v1/actors", json={"key": "ny-aktor", "pref_label": "Ny aktör",
                                                   "type": "rymdstation", "reason": "test"},
                           headers=bearer(curated))
    assert response.status_code == 422
    assert any(item["field"].endswith("classification") for item in response.json["error"]["details"])


@pytest.mark.parametrize(("body", "field"), [
    ({"start": "2023-13"}, "start"),
    ({"places": ["kommun 0480"]}, "places"),
    ({"status": ["a", "b"]}, "status"),
    ({"owner_stated": "ja"}, "owner_stated"),
])
def test_a_value_its_column_cannot_read_is_a_400_naming_the_field(curated, client, body, field):
    path = "/api/v1/projects/vg2020-bor-01"
    response = client.patch(path, json={**body, "reason": "test"},
                            headers=bearer(curated, **{"If-Match": etag_of(client, path)}))
    assert response.status_code == 400
    assert field in response.json["error"]["message"]


@pytest.mark.parametrize("key", ["a>b", "a b", 'a"b', "a\nb", "Å", "../x"])
def test_a_key_that_would_mint_a_broken_iri_is_refused_and_export_still_works(curated, client, key):
    response = client.post("/api/v1/actors", json={"key": key, "pref_label": "X", "type": "kommun",
                                                   "reason": "test"}, headers=bearer(curated))
    assert response.status_code == 400
    assert response.json["error"]["details"] == [{"parameter": "key"}]
    exported = client.get("/api/v1/openapi.json")  # the service still answers, and the data exports:
    assert exported.status_code == 200
    dump = client.get("/graph/register", headers={"Accept": "application/n-triples"})
    assert dump.status_code == 200
    assert list(ox.parse(dump.get_data(), format=ox.RdfFormat.N_TRIPLES))


@pytest.mark.parametrize("homepage", ["javascript:alert(1)", "data:text/html,x", "ftp://x.se", "//x.se"])
def test_only_a_web_address_can_be_a_homepage(curated, client, homepage):
    response = client.patch(ACTOR, json={"homepage": homepage, "reason": "test"},
                            headers=bearer(curated, **{"If-Match": etag_of(client, ACTOR)}))
    assert response.status_code == 400


def test_contact_details_are_set_through_the_api_and_shown_as_links(curated, client):
    path = "/api/v1/actors/kommun-0484"
    page = client.get("/id/actor/kommun-0484", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Kontaktuppgifter saknas" in page  # the register has none for Eskilstuna kommun
    response = client.patch(path, json={"email": "naringsliv@eskilstuna.se", "phone": "016-710 10 00",
                                        "reason": "Kontaktuppgifter från kommunens växel"},
                            headers=bearer(curated, **{"If-Match": etag_of(client, path)}))
    assert response.status_code == 200, response.json
    actor = client.get(path).json
    assert (actor["email"], actor["phone"]) == ("naringsliv@eskilstuna.se", "016-710 10 00")
    page = client.get("/id/actor/kommun-0484", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'href="mailto:naringsliv@eskilstuna.se"' in page and 'href="tel:0167101000"' in page
    assert "Kontaktuppgifter saknas" not in page


@pytest.mark.parametrize(("field", "value"), [
    ("email", "ingen e-post"), ("email", "mailto:info@almi.se"), ("email", "info@almi"),
    ("phone", "ring växeln"), ("phone", "12345"), ("phone", "+47 22 00 00 00"),
])
def test_an_email_or_phone_that_is_none_is_refused_naming_the_field(curated, client, field, value):
    generation = curated.generation()
    response = client.patch(ACTOR, json={field: value, "reason": "test"},
                            headers=bearer(curated, **{"If-Match": etag_of(client, ACTOR)}))
    assert response.status_code == 400
    assert response.json["error"]["details"] == [{"parameter": field}]
    assert curated.generation() == generation


def test_the_curators_note_is_no_field_of_the_api(curated, client):
    response = client.patch(ACTOR, json={"note": "intern anteckning", "reason": "test"},
                            headers=bearer(curated, **{"If-Match": etag_of(client, ACTOR)}))
    assert response.status_code == 400 and response.json["error"]["details"] == [{"parameter": "note"}]
    schema = client.get("/api/v1/openapi.json").json["paths"]["/actors/{key}"]["patch"]["requestBody"]
    fields = schema["content"]["application/json"]["schema"]["properties"]
    assert {"homepage", "email", "phone"} <= set(fields) and "note" not in fields


# --- new records, links, retirement -------------------------------------------------------------


def test_a_new_project_with_its_owner_is_added_where_its_owner_and_place_find_it(curated, client):
    response = client.post("/api/v1/projects", json={
        "key": "almi-exportlyft-2026", "label": "Exportlyft Sörmland", "kind": "projekt",
        "status": "pågående", "start": "2026-01", "places": ["lan:04"], "owner": "almi-sormland",
        "reason": "Nytt projekt enligt Almis pressmeddelande"}, headers=bearer(curated))
    assert response.status_code == 201, response.json
    assert response.headers["Location"] == "/id/project/almi-exportlyft-2026"
    project = client.get("/api/v1/projects/almi-exportlyft-2026").json
    owners = [owner["label"] for owner in project["owners"]]
    assert owners == ["Almi Företagspartner Sörmland"]
    assert project["changed"]["reason"] == "Nytt projekt enligt Almis pressmeddelande"
    actor_projects = client.get("/api/v1/actors/almi-sormland/projects?limit=500").json["items"]
    assert "Exportlyft Sörmland" in [item["label"] for item in actor_projects]
    again = client.post("/api/v1/projects", json={"key": "almi-exportlyft-2026", "label": "X",
                                                  "owner": "almi-sormland", "reason": "igen"},
                        headers=bearer(curated))
    assert again.status_code == 409


def test_an_actor_joins_and_leaves_a_network(curated, client):
    members = f"/api/v1/networks/{NETWORK}/members"

    def labels() -> list[str]:
        return sorted(item["label"] for item in client.get(f"{members}?limit=500").json["items"])

    before = labels()  # as the source names them:
    assert before == ["Näringslivsansvariga samtliga kommuner",
                      "Region Sörmland, Näringsliv och arbetsmarknad",
                      "Region Sörmland, Samhällsplanering och infrastruktur"]
    joined = client.post(members, json={"actor": "kommun-0480", "role": "medlem",
                                        "reason": "Med i nätverket"},
                         headers=bearer(curated))
    assert joined.status_code == 201, joined.json
    assert "Nyköpings kommun" in labels()
    assert client.post(members, json={"actor": "kommun-0480", "role": "medlem", "reason": "igen"},
                       headers=bearer(curated)).status_code == 409
    left = client.delete(f"{members}/kommun-0480", json={"reason": "Lämnade nätverket"},
                         headers=bearer(curated))
    assert left.status_code == 200
    assert labels() == before  # the members the source names are untouched


def test_a_retired_record_keeps_its_iri_and_points_to_its_successor(curated, client):
    path = "/api/v1/actors/kommun-0484"
    response = client.post(f"{path}/retire", json={"successor": "kommun-0480",
                                                   "reason": "Prov: sammanslagen"},
                           headers=bearer(curated, **{"If-Match": etag_of(client, path)}))
    assert response.status_code == 200, response.json
    actor = client.get(path).json
    assert actor["retired"]["successor"]["label"] == "Nyköpings kommun"
    assert actor["label"] == "Eskilstuna kommun"
    page = client.get("/id/actor/kommun-0484", headers={"Accept": "text/html"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Avvecklad" in text and 'href="/id/actor/kommun-0480"' in text


# --- who may write (item 17) ----------------------------------------------------------------


@pytest.mark.parametrize(("headers", "query"), [
    ({}, ""),
    ({"Authorization": "Bearer "}, ""),
    ({"Authorization": "Bearer"}, ""),
    ({"Authorization": "Bearer not-a-token"}, ""),
    ({"Authorization": "Basic YW5uYTpzZWNyZXQ="}, ""),
    ({"Authorization": "bearer  "}, ""),
], ids=["none", "empty", "scheme-only", "wrong", "basic", "blank"])
def test_a_write_without_a_valid_token_is_401_and_writes_nothing(curated, client, headers, query):
    generation = curated.generation()
    response = client.post("/api/v1/actors", json={"key": "obehorig", "pref_label": "X", "type": "kommun",
                                                   "reason": "test"}, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert curated.generation() == generation


@pytest.mark.parametrize("name", ["access_token", "token", "api_key"])
def test_a_valid_token_in_the_query_string_is_refused(curated, client, name):
    generation = curated.generation()
    response = client.patch(f"{ACTOR}?{name}={curated.tokens['anna']}",
                            json={"email": "x@almi.se", "reason": "x"},
                            headers={"If-Match": etag_of(client, ACTOR)})
    assert response.status_code == 401 and "URL" in response.json["error"]["message"]
    assert curated.generation() == generation


def test_a_reader_may_not_write_and_a_curator_may_not_import(curated, client):
    generation = curated.generation()
    response = client.post("/api/v1/actors", json={"key": "lasare", "pref_label": "X", "type": "kommun",
                                                   "reason": "test"}, headers=bearer(curated, "rita"))
    assert response.status_code == 403
    response = client.post("/api/v1/imports", data={"document": "x", "title": "X", "reason": "x"},
                           headers=bearer(curated, "anna"))
    assert response.status_code == 403
    assert curated.generation() == generation


def test_a_revoked_token_no_longer_writes(curated, client):
    secret = token_file(str(curated.directory)).create("tillfallig", "curator")
    token_file(str(curated.directory)).revoke("tillfallig")
    response = client.patch(ACTOR, json={"email": "x@almi.se", "reason": "x"},
                            headers={"Authorization": f"Bearer {secret}", "If-Match": etag_of(client, ACTOR)})
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "path", "headers"), [
    ("POST", ACTOR, {"X-HTTP-Method-Override": "PATCH"}),
    ("GET", ACTOR, {"X-HTTP-Method-Override": "PATCH"}),
    ("POST", f"{ACTOR}?_method=PATCH", {}),
    ("POST", "/API/v1/actors", {}),
    ("PATCH", "/api/v1/actors%2Falmi-sormland", {}),
    ("PATCH", "/api/v1/actors/almi-sormland/", {}),
    ("PATCH", "/api/v1/./actors/almi-sormland", {}),
    ("PUT", ACTOR, {}),
])
def test_method_overrides_and_path_variants_never_write(curated, client, method, path, headers):
    generation = curated.generation()
    response = client.open(path, method=method, headers={"If-Match": etag_of(client, ACTOR), **headers},
                           json={"key": "variant", "pref_label": "X", "type": "kommun",
                                 "email": "variant@x.se", "reason": "x"})
    assert response.status_code in (200, 401, 403, 404, 405, 308)
    if method == "GET":
        assert response.json["label"] == "Almi Företagspartner Sörmland"  # a read, not an edit
    assert curated.generation() == generation


def test_write_routes_never_reflect_an_origin(curated, client):
    for method in ("OPTIONS", "POST"):
        response = client.open("/api/v1/actors", method=method, headers={
            "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
            **bearer(curated)}, json={"key": "cors", "pref_label": "X", "type": "kommun", "reason": "x"}
            if method == "POST" else None)
        assert "Access-Control-Allow-Origin" not in response.headers
        assert "Access-Control-Allow-Credentials" not in response.headers


def test_an_error_page_shows_no_traceback_and_debug_is_off(served_store):
    app = create_app({"STORE": str(served_store)})
    app.add_url_rule("/boom", "boom", lambda: 1 / 0)
    assert not app.debug
    for accept in ("application/json", "text/html"):
        response = app.test_client().get("/boom", headers={"Accept": accept})
        assert response.status_code == 500
        body = response.get_data(as_text=True)
        assert "Traceback" not in body and "ZeroDivisionError" not in body and "division" not in body


def test_tokens_are_stored_hashed_and_listed_without_secrets(curated):
    stored = (curated.directory / "tokens.json").read_text()
    for secret in curated.tokens.values():
        assert secret not in stored
    holders = token_file(str(curated.directory)).holders()
    assert {(h["name"], h["role"]) for h in holders} >= {("anna", "curator"), ("admin", "admin"),
                                                          ("rita", "reader")}
    assert (curated.directory / "tokens.json").stat().st_mode & 0o077 == 0


def test_the_token_command_makes_lists_and_revokes(runner, tmp_path):
    from api.cli import main

    location = str(tmp_path / "s")
    made = runner.invoke(main, ["--store", location, "token", "create", "eva", "--role", "admin"])
    assert made.exit_code == 0
    secret = made.stdout.strip().splitlines()[-1]
    assert token_file(location).holder(secret).role == "admin"
    listed = runner.invoke(main, ["--store", location, "token", "list"])
    assert "eva\tadmin" in listed.stdout and secret not in listed.stdout
    assert runner.invoke(main, ["--store", location, "token", "create", "Eva Ö"]).exit_code != 0
    assert runner.invoke(main, ["--store", location, "token", "revoke", "eva"]).exit_code == 0
    assert token_file(location).holder(secret) is None


# --- imports -----------------------------------------------------------------------------------

NEW_DOCUMENT = """
@prefix ak: <https://aktorskartan.se/ns#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix eurio: <http://data.europa.eu/s66#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://aktorskartan.se/id/> .

<https://aktorskartan.se/id/document/nykoping-plan/avsnitt-3> a ak:Locator ;
    skos:prefLabel "Avsnitt 3. Insatser"@sv ;
    dct:isPartOf <https://aktorskartan.se/id/document/nykoping-plan> .

<https://aktorskartan.se/id/project/nykoping-etablering> a eurio:Project ;
    skos:prefLabel "Etableringslots Nyköping"@sv ;
    dct:identifier "nykoping-etablering" ;
    eurio:hasInvolvedParty
        <https://aktorskartan.se/id/project/nykoping-etablering/party/kommun-0480/projektagare> ;
    dct:source <https://aktorskartan.se/id/document/nykoping-plan/avsnitt-3> .

<https://aktorskartan.se/id/project/nykoping-etablering/party/kommun-0480/projektagare>
    a eurio:OrganisationRole ;
    eurio:isRoleOf <https://aktorskartan.se/id/actor/kommun-0480> ;
    dct:type <https://aktorskartan.se/id/concept/roll/projektagare> ;
    dct:source <https://aktorskartan.se/id/document/nykoping-plan/avsnitt-3> .
"""


def import_form(document: str, title: str, content: bytes, name: str, mimetype: str) -> dict:
    return {"document": document, "title": title, "reason": "Ny plan från Nyköpings kommun",
            "file": (io.BytesIO(content), name, mimetype)}


def test_an_admin_imports_a_source_document_as_its_own_graph(curated, client):
    response = client.post("/api/v1/imports", data=import_form(
        "nykoping-plan", "Nyköpings näringslivsplan", NEW_DOCUMENT.encode(), "plan.ttl", "text/turtle"),
        headers=bearer(curated, "admin"))
    assert response.status_code == 201, response.json
    project = client.get("/api/v1/projects/nykoping-etablering").json
    assert [owner["label"] for owner in project["owners"]] == ["Nyköpings kommun"]
    assert [source["section"] for source in project["sources"]] == ["Avsnitt 3. Insatser"]
    assert project["sources"][0]["document"]["label"] == "Nyköpings näringslivsplan"
    graph = client.get("/graph/nykoping-plan", headers={"Accept": "application/n-triples"}).get_data()
    assert b"Etableringslots Nyk" in graph
    # Again: it replaces the graph, and only with the ETag of what is there now.
    again = import_form("nykoping-plan", "Nyköpings näringslivsplan",
                        NEW_DOCUMENT.replace("Etableringslots", "Etableringsstöd").encode(), "plan.ttl",
                        "text/turtle")
    refused = client.post("/api/v1/imports", data=again, headers=bearer(curated, "admin"))
    assert refused.status_code == 428
    again = import_form("nykoping-plan", "Nyköpings näringslivsplan",
                        NEW_DOCUMENT.replace("Etableringslots", "Etableringsstöd").encode(), "plan.ttl",
                        "text/turtle")
    replaced = client.post("/api/v1/imports", data=again,
                           headers=bearer(curated, "admin", **{"If-Match": refused.headers["ETag"]}))
    assert replaced.status_code == 201, replaced.json
    assert client.get("/api/v1/projects/nykoping-etablering").json["label"] == "Etableringsstöd Nyköping"


def test_an_import_that_breaks_the_shapes_gets_422_and_stores_nothing(curated, client):
    before = curated.quads()
    orphan = NEW_DOCUMENT.replace("kommun-0480", "finns-inte").replace("nykoping", "orphan")
    response = client.post("/api/v1/imports", headers=bearer(curated, "admin"),
                           data=import_form("orphan-plan", "Plan", orphan.encode(), "p.ttl", "text/turtle"))
    assert response.status_code == 422
    assert any("actor" in item["message"] for item in response.json["error"]["details"])
    assert curated.quads() == before


@pytest.mark.parametrize(("content", "name"), [
    (b'<https://aktorskartan.se/id/actor/a b> <http://x/p> "1" .', "bad.ttl"),
    (b'<https://aktorskartan.se/id/actor/a>b> <http://x/p> "1" .', "bad.ttl"),
    (b'<https://aktorskartan.se/id/actor/a"b> <http://x/p> "1" .', "bad.ttl"),
    (b'<https://aktorskartan.se/id/actor/a\nb> <http://x/p> "1" .', "bad.ttl"),
])
def test_an_import_with_an_iri_that_is_broken_is_refused_and_export_still_works(curated, client, content,
                                                                                name):
    before = curated.quads()
    response = client.post("/api/v1/imports", headers=bearer(curated, "admin"),
                           data=import_form("trasig", "Trasig", content, name, "text/turtle"))
    assert response.status_code == 400
    assert response.json["error"]["details"] == [{"parameter": "bad.ttl"}]  # where, and the line:
    assert "line 1" in response.json["error"]["message"]
    assert curated.quads() == before
    dump = client.get("/graph/register", headers={"Accept": "application/n-triples"})
    assert list(ox.parse(dump.get_data(), format=ox.RdfFormat.N_TRIPLES))


def test_an_import_may_not_replace_the_services_own_graphs(curated, client):
    response = client.post("/api/v1/imports", headers=bearer(curated, "admin"),
                           data=import_form("register", "X", NEW_DOCUMENT.encode(), "p.ttl", "text/turtle"))
    assert response.status_code == 409


SOURCE_YAML = """key: nykoping-handlingsplan
title: "Handlingsplan för näringslivet i Nyköping 2026"
publisher: kommun-0480
issued: "2026"
kind: handlingsplan
file: source.txt
description: Nyköpings kommuns handlingsplan för näringslivet.
""".encode()
LOCATORS = "key;label;page\r\navsnitt-2;Avsnitt 2. Insatser för företagsklimatet;4\r\n"
PROJECTS = ("key;label;kind;status;description;start;end;timeplan;total_cost;currency;subjects;places;"
            "audience;stages;part_of;owner_stated;locator\r\n"
            'nykoping-foretagslots;Företagslots Nyköping;insats;pågående;"En väg in för företag.\r\n'
            'Lotsen möter företaget inom en vecka.";2026;2027;;;;;kommun:0480;;;;;avsnitt-2\r\n')
PARTICIPANTS = ("project;actor;role;note;locator\r\n"
                "nykoping-foretagslots;kommun-0480;projektagare;;avsnitt-2\r\n")


def folder_form(files: dict[str, bytes], document: str = "nykoping-handlingsplan") -> dict:
    return {"document": document, "reason": "Ny handlingsplan",
            "file": [(io.BytesIO(data), name, "text/csv" if name.endswith(".csv") else "text/plain")
                     for name, data in files.items()]}


def test_a_source_folder_saved_by_swedish_excel_is_imported_like_a_data_folder(curated, client):
    files = {"source.yaml": SOURCE_YAML, "source.txt": b"Handlingsplan ...",
             "locators.csv": LOCATORS.encode("cp1252"), "projects.csv": PROJECTS.encode("cp1252"),
             "participants.csv": PARTICIPANTS.encode("cp1252")}
    response = client.post("/api/v1/imports", data=folder_form(files), headers=bearer(curated, "admin"))
    assert response.status_code == 201, response.json
    project = client.get("/api/v1/projects/nykoping-foretagslots").json
    assert project["label"] == "Företagslots Nyköping"
    assert project["description"] == "En väg in för företag.\nLotsen möter företaget inom en vecka."
    assert [owner["label"] for owner in project["owners"]] == ["Nyköpings kommun"]
    assert project["sources"][0]["section"] == "Avsnitt 2. Insatser för företagsklimatet"
    assert project["sources"][0]["document"]["label"] == "Handlingsplan för näringslivet i Nyköping 2026"


@pytest.mark.parametrize(("table", "content", "status", "expected"), [
    ("projects.csv", PROJECTS.replace(";2026;2027;", ";2026-13;2027;"), 422,
     {"file": "projects.csv", "row": 2, "field": "start"}),
    ("participants.csv", PARTICIPANTS.replace("projektagare", "kung"), 422,
     {"node": "/party/kommun-0480/kung", "message": "one role concept from the scheme roll"}),
    ("projects.csv", PROJECTS.replace("key;label", "key;key"), 400, {"parameter": "projects.csv"}),
    ("source.yaml", SOURCE_YAML.decode().replace("nykoping-fel", "annat"), 422,
     {"file": "source.yaml", "field": "key"}),
])
def test_a_source_folder_with_a_problem_is_refused_saying_where(curated, client, table, content, status,
                                                                expected):
    before = curated.quads()
    files = {"source.yaml": SOURCE_YAML.replace(b"nykoping-handlingsplan", b"nykoping-fel"),
             "source.txt": b"text", "locators.csv": LOCATORS.encode("cp1252"),
             "projects.csv": PROJECTS.encode("cp1252"), "participants.csv": PARTICIPANTS.encode("cp1252")}
    files[table] = content.encode("cp1252") if table.endswith(".csv") else content.encode()
    response = client.post("/api/v1/imports", data=folder_form(files, "nykoping-fel"),
                           headers=bearer(curated, "admin"))
    assert response.status_code == status, response.json
    details = response.json["error"]["details"]
    assert any(all(str(item.get(k, "")).endswith(str(v)) for k, v in expected.items()) for item in details), \
        details
    assert curated.quads() == before


def test_a_folder_upload_may_not_name_other_files(curated, client):
    response = client.post("/api/v1/imports", headers=bearer(curated, "admin"), data=folder_form(
        {"source.yaml": SOURCE_YAML, "../../etc/passwd.csv": b"x;y\r\n1;2\r\n"}))
    assert response.status_code == 400
