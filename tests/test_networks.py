"""Networks: one network's coordinator, places, strategy areas and members with their roles; the
list; CSV for Excel; the pages. Expected values come from each source's networks.csv and
memberships.csv."""

from __future__ import annotations

from tests.answers import assert_accessible, csv_rows, get_json, key_of, page
from tests.sources import actor_register, source_rows

SORMLAND = "001-sormland-handlingsplan"
ELEFFEKT = "samverkansforum-for-eleffekt-i-sormland"


def networks_csv() -> dict[str, dict]:
    return {row["key"]: row for row in source_rows("*/networks.csv")}


def memberships(network: str) -> set[tuple[str, str]]:
    return {(row["actor"], row["role"] or "medlem") for row in source_rows("*/memberships.csv")
            if row["network"] == network}


def test_eleffekt_forum_has_the_members_and_roles_of_the_memberships_table(client):
    expected = {(row["actor"], row["role"]) for row in source_rows(f"{SORMLAND}/memberships.csv")
                if row["network"] == ELEFFEKT}
    assert len(expected) == 10 and ("region-04-soi", "samordnare") in expected
    forum = get_json(client, f"/api/v1/networks/{ELEFFEKT}")
    assert {(key_of(m), key_of(m["role"])) for m in forum["members"]} == expected
    labels = actor_register()
    assert {m["label"] for m in forum["members"]} == {labels[actor]["pref_label"] for actor, _ in expected}
    assert all(m["sources"] for m in forum["members"])
    assert forum["members"][0]["sources"][0]["section"].startswith("Tabell 3.")


def test_eleffekt_forum_record_comes_from_networks_csv(client):
    printed = networks_csv()[ELEFFEKT]
    forum = get_json(client, f"/api/v1/networks/{ELEFFEKT}")
    assert forum["label"] == printed["label"] == "Samverkansforum för eleffekt i Sörmland"
    assert forum["kind"] == printed["kind"] and forum["description"] == printed["description"]
    assert forum["coordinator"]["path"] == f"/id/actor/{printed['coordinator']}"
    assert [p["path"] for p in forum["places"]] == ["/id/lan/04"]
    [subject] = forum["subjects"]
    assert subject["path"] == "/id/concept/" + printed["subjects"]
    assert subject["scheme"]["path"] == "/id/scheme/sormland-nls"
    assert forum["sources"] and forum["warnings"] == []


def test_oms_spans_five_lan(client):
    printed = networks_csv()["ostra-mellansverige"]["places"].split("|")
    oms = get_json(client, "/api/v1/networks/ostra-mellansverige")
    assert {f"lan:{p['code']}" for p in oms["places"]} == set(printed) and len(printed) == 5
    assert {key_of(m) for m in oms["members"]} == {actor for actor, _ in memberships("ostra-mellansverige")}


def test_the_list_holds_every_network_with_member_counts(client):
    listed = get_json(client, "/api/v1/networks?limit=500")
    assert listed["total"] == len(networks_csv()) == 33
    counts = {item["key"]: item["members"] for item in listed["items"]}
    assert counts == {key: len({actor for actor, _ in memberships(key)}) for key in networks_csv()}
    most = get_json(client, "/api/v1/networks?sort=-members&limit=1")["items"][0]
    assert most["key"] == "projektsamverkansgruppen" and most["members"] == 10


def test_unknown_network_and_bad_sort(client):
    error = get_json(client, "/api/v1/networks/no-such-network", 404)["error"]
    assert error["status"] == 404
    error = get_json(client, "/api/v1/networks?sort=nonsense", 400)["error"]
    assert error["details"] == [{"parameter": "sort"}]


def test_networks_and_members_download_as_csv(client):
    rows = csv_rows(client.get("/api/v1/networks?format=csv"))
    assert len(rows) == len(networks_csv())
    oms = next(row for row in rows if row["key"] == "ostra-mellansverige")
    assert oms["places"].count(" | ") == 4
    members = csv_rows(client.get(f"/api/v1/networks/{ELEFFEKT}/members?format=csv"))
    assert len(members) == 10 and {row["role"] for row in members} == {"Medlem", "Samordnare"}


def test_network_page_shows_members_sources_and_links(client):
    html = page(client, f"/id/network/{ELEFFEKT}")
    assert_accessible(html)
    assert "Samverkansforum för eleffekt i Sörmland</h1>" in html
    assert 'class="sources"' in html and "Tabell 3." in html
    assert 'href="/id/actor/region-04-soi"' in html and 'href="/id/actor/kommun-0484"' in html
    assert 'href="/id/lan/04"' in html and 'href="/id/concept/sormland-nls/energiomstallning"' in html
    assert f'href="/api/v1/networks/{ELEFFEKT}/members?format=csv"' in html


def test_networks_page_lists_every_network(client):
    html = page(client, "/natverk")
    assert_accessible(html)
    assert html.count('href="/id/network/') == len(networks_csv())
    assert 'href="/api/v1/networks?format=csv"' in html
