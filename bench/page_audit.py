"""The page audit as a table: every kind of page at 390 and 1280 px, in Swedish and English.

    python -m bench.page_audit                     # loads the bundled data into a store of its own
    python -m bench.page_audit --base http://127.0.0.1:8104   # a service already running

One row per page, width and language: the HTTP status, how many pixels the page overflows
sideways, axe-core's serious and critical violations, and how many RDF prefixed names, bare
IRIs, raw date stamps and (English pages) Swedish words its visible text shows. The rules are
those of ``tests/page_audit.py`` (its docstring); ``tests/test_page_audit.py`` asserts them.
``--details`` prints each finding under the table. Exits 1 if any page fails a rule.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.load import cli, free_port, start_service
from tests.browsing import CHROMIUM, CHROMIUM_ARGS, Watched
from tests.page_audit import LANGUAGES, PAGES, WIDTHS, Audit, audit

COLUMNS = ("page", "width", "lang", "status", "overflow px", "axe", "prefixes", "IRIs", "raw dates",
           "Swedish", "seconds")


def row(result: Audit) -> tuple:
    return (result.kind, result.width, result.lang, result.status, result.overflow, len(result.axe),
            len(result.prefixed_names), len(result.iris), len(result.raw_dates),
            len(result.swedish) if result.lang == "en" else "-", f"{result.seconds:.1f}")


def failed(result: Audit) -> bool:
    english_fails = result.lang == "en" and bool(result.swedish or result.html_lang != "en")
    return any(row(result)[4:9]) or english_fails


def table(results: list[Audit]) -> str:
    """A Markdown table of the results, and the count of failing rows."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(str(cell) for cell in row(result)) + " |" for result in results]
    failing = sum(map(failed, results))
    lines.append(f"\n{failing} of {len(results)} page views fail a rule.")
    return "\n".join(lines)


def details(results: list[Audit]) -> str:
    """Every finding, page by page."""
    out = []
    for result in filter(failed, results):
        out.append(f"\n## {result.where}")
        if result.overflow:
            out.append(f"- overflow {result.overflow} px: {result.widest}")
        for name, found in (("axe", result.axe), ("prefix", result.prefixed_names), ("IRI", result.iris),
                            ("raw date", result.raw_dates), ("Swedish", result.swedish)):
            out += _listed(name, found)
        if result.lang == "en" and result.html_lang != "en":
            out.append(f"- html lang={result.html_lang!r}")
    return "\n".join(out)


def _listed(name: str, found: list[str], most: int = 12) -> list[str]:
    """Each distinct finding once, with how often it occurs, the most frequent first."""
    counts = Counter(found)
    lines = [f"- {name}: {item}" + (f" ({count}x)" if count > 1 else "")
             for item, count in counts.most_common(most)]
    if len(counts) > most:
        lines.append(f"- {name}: ... and {len(counts) - most} more distinct")
    return lines


def run(base: str) -> list[Audit]:
    """Audit every page kind at every width and language against the service at ``base``."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for lang in LANGUAGES:
            context = browser.new_context(locale="sv-SE")
            Watched(context.new_page()).keep_on_loopback(context)
            page = context.pages[0]
            results += [audit(page, base, kind, width, lang) for kind in PAGES for width in WIDTHS]
            context.close()
        browser.close()
    return results


@contextmanager
def bundled_service() -> Iterator[str]:
    """``aktorskarta serve`` on a fresh store of the bundled data; yields its URL."""
    directory = Path(tempfile.mkdtemp(prefix="aktorskarta-audit-"))
    try:
        cli(directory / "store", "load")
        port = free_port()
        with (directory / "service.log").open("w") as log:
            service = start_service(directory / "store", port, 1, log)
            try:
                yield f"http://127.0.0.1:{port}"
            finally:
                service.terminate()
                service.wait(timeout=30)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.page_audit", description=__doc__.split("\n")[0])
    parser.add_argument("--base", help="URL of a running service (default: start one on the bundled data)")
    parser.add_argument("--details", action="store_true", help="print every finding under the table")
    args = parser.parse_args(argv)
    started = time.monotonic()
    if args.base:
        results = run(args.base.rstrip("/"))
    else:
        with bundled_service() as base:
            results = run(base)
    print(table(results))
    if args.details:
        print(details(results))
    print(f"\n{len(results)} page views audited in {time.monotonic() - started:.0f} s")
    return 1 if any(map(failed, results)) else 0


if __name__ == "__main__":
    sys.exit(main())
