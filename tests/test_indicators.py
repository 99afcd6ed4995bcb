"""Indicators, targets against results, checked against Möjligheternas Region's final report: every
"Mål: … Resultat: …" pair it prints (Tillväxtverket's indicators and the project's own), the
"varav … (mål)" rows and Växtkraft's 80 → 8, each with its share of the target, met or not, its
note and its source section; CSV; a bad subject."""

from __future__ import annotations

import re

from tests.answers import csv_rows, get_json
from tests.sources import source_text

API = "/api/v1/analysis/indicators"
MR = "project:mojligheternas-region"
REPORT = "Möjligheternas Region – Läges- och slutrapport, Del 2 – Slutrapport"
#: "- Antal företag som får stöd:" / " - Mål: 400 stycken" / " - Resultat: 388 stycken"
PAIR = re.compile(r"^- ([^\n]+?):?\n - Mål: (\d+)[^\n]*\n - Resultat: (\d+)", re.MULTILINE)
#: " - Varav antal kvinnor (mål)150 st 161 stycken", " - Andel av dem som är kvinnor(mål 125st)72 stycken"
SUB_TARGET = re.compile(r"^ - (.+?) ?\(mål ?(\d+) ?st\)(\d+) stycken|^ - (.+?) \(mål\)(\d+) st (\d+) stycken",
                        re.MULTILINE)


def report() -> str:
    text = source_text("004-mojligheternas-region")
    start = text.index("13. Kommentera det slutliga utfallet")
    return text[start:text.index("Övriga intressanta reflektioner", start)]


def printed_pairs() -> list[tuple[str, int, int]]:
    """Every (indicator, target, result) section 13 of the report prints."""
    text = report()
    pairs = [(label.strip(), int(target), int(result)) for label, target, result in PAIR.findall(text)]
    for match in SUB_TARGET.finditer(text):
        label, target, result = [group for group in match.groups() if group is not None]
        pairs.append((label.strip(), int(target), int(result)))
    growth = re.search(r"målsättning vid ansökan att (\d+) stycken företag skulle ingå i aktiviteten "
                       r"Växtkraft.*?landade vi tillslut i (\d+) företag", text, re.DOTALL)
    pairs.append(("Växtkraft", int(growth[1]), int(growth[2])))
    return pairs


def mr_indicators(client) -> list[dict]:
    return get_json(client, f"{API}?subject={MR}")["items"]


def test_the_report_prints_ten_targets_with_results():
    pairs = printed_pairs()
    assert len(pairs) == 10
    assert ("Antal företag som får stöd", 400, 388) in pairs
    assert ("Antal nya företag som får stöd", 300, 140) in pairs
    assert ("Varav antal kvinnor", 150, 161) in pairs
    assert ("Andel av dem som är kvinnor", 125, 72) in pairs
    assert ("Växtkraft", 80, 8) in pairs


def test_every_printed_target_and_result_is_in_the_graph(client):
    compared = [row for row in mr_indicators(client) if row["met"] is not None]
    for label, target, result in printed_pairs():
        name = label.removeprefix("Varav ").removeprefix("Andel av dem som är ").lower()
        found = [row for row in compared
                 if name in row["label"].lower() and (row["target"], row["result"]) == (target, result)]
        assert found, (label, target, result)
        for row in found:
            assert row["percent_of_target"] == round(result / target * 100, 1)
            assert row["met"] is (result >= target)
            assert row["sources"][0]["document"]["label"] == REPORT
            assert row["sources"][0]["section"].startswith("13. Kommentera det slutliga utfallet")


def test_only_the_women_among_firms_supported_met_their_target(client):
    payload = get_json(client, f"{API}?subject={MR}")
    pairs = printed_pairs()
    # "Antal företag som får stöd" is printed twice (Tillväxtverket's and the project's own).
    assert [label for label, _, _ in pairs].count("Antal företag som får stöd") == 2
    assert payload["compared"] == len(pairs) == 10
    assert payload["met"] == sum(result >= target for _, target, result in pairs) == 1
    [met] = [row for row in payload["items"] if row["met"]]
    assert met["label"] == "Antal företag som får stöd – varav antal kvinnor"
    assert (met["target"], met["result"], met["percent_of_target"]) == (150, 161, 107.3)


def test_the_sources_notes_stay_with_the_figures(client):
    rows = {row["label"]: row for row in mr_indicators(client)}
    employment = rows["Sysselsättningsökning i företag som får stöd"]
    assert (employment["target"], employment["result"]) == (100, 26)
    assert "lägesrapporten nr 5" in report() and "lägesrapport nr 5" in employment["note"]
    assert "'Resultat: 26 stycken(19 män och 7 kvinnor)'" in employment["note"]
    plans = rows["Antal företag med individuella handlingsplaner"]
    assert plans["target"] == 80 and plans["result"] is None and plans["met"] is None
    assert "valt att inte mäta" in plans["note"]


def test_indicators_of_every_source_are_listed_even_without_figures(client):
    payload = get_json(client, API)
    subjects = {row["subject"]["key"] for row in payload["items"]}
    expected = {MR, "scheme:sormland-nls", "document:sormlandsstrategin", "scheme:orebro-bredd-och-spets"}
    assert expected <= subjects
    arbetsloshet = next(row for row in payload["items"] if row["label"] == "Arbetslöshet")
    assert arbetsloshet["target"] is None and arbetsloshet["result"] is None
    assert "Bilaga 2" in arbetsloshet["sources"][0]["section"]


def test_indicators_download_as_csv(client):
    rows = csv_rows(client.get(f"{API}?format=csv&subject={MR}"))
    new_firms = next(row for row in rows if row["label"] == "Antal nya företag som får stöd")
    assert (new_firms["target"], new_firms["result"]) == ("300", "140")
    assert new_firms["percent_of_target"] == "46,7" and new_firms["met"] == "nej"
    assert new_firms["subject"] == "Möjligheternas Region"
    assert new_firms["sources"].startswith(REPORT + ", 13. Kommentera")


def test_an_unknown_subject_is_a_400_naming_it(client):
    error = get_json(client, f"{API}?subject=project:no-such-project", 400)["error"]
    assert "'subject'" in error["message"] and MR in error["message"]
