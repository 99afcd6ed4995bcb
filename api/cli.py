"""The ``aktorskarta`` command: load, validate, export and inspect the graph, and serve it."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from graph import ingest
from graph.export import FORMATS, export
from graph.network.snapshot import derive
from graph.problems import DataError, Problem
from graph.stats import stats
from graph.store import STORE_ENV, open_store, store_location

__all__ = ["main"]


def _report(problems: list[Problem]) -> str:
    """Problems as a table: severity, file, row, field, problem."""
    rows = [("SEVERITY", "FILE", "ROW", "FIELD", "PROBLEM")]
    rows += [(p.severity, p.file, str(p.row or "-"), p.field or "-", p.message) for p in problems]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)) + "  " + row[4]
        for row in rows
    )


def _summary(problems: list[Problem]) -> str:
    violations = sum(p.is_violation for p in problems)
    return f"{violations} violation(s), {len(problems) - violations} warning(s)"


@click.group()
@click.option("--store", "store_option", metavar="PATH|URL",
              help=f"Store directory, :memory:, or the URL of a SPARQL 1.1 Query + Update endpoint "
                   f"(http://user:password@host/sparql). Default: ${STORE_ENV}, else ./store")
@click.pass_context
def main(context: click.Context, store_option: str | None) -> None:
    """Aktörskartan: the knowledge graph of the Swedish business-support system."""
    context.obj = store_location(store_option)


def _paths(paths: tuple[str, ...]) -> list[Path]:
    return [Path(p) for p in paths]


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False))
def validate(paths: tuple[str, ...]) -> None:
    """Check data folders (default: the bundled data/) and report every problem.

    Exits 1 if there is any violation; warnings alone exit 0.
    """
    prepared = ingest.prepare(_paths(paths))
    if prepared.problems:
        click.echo(_report(prepared.problems))
    click.echo(_summary(prepared.problems))
    sys.exit(1 if prepared.violations else 0)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False))
@click.pass_obj
def load(location: str, paths: tuple[str, ...]) -> None:
    """Validate data folders (default: the bundled data/), then replace the store's dataset.

    Nothing is written if the data has any violation.
    """
    started = time.perf_counter()
    store = open_store(location)
    try:
        prepared = ingest.load(store, _paths(paths), progress=lambda text: click.echo(text, err=True))
    except DataError as error:
        click.echo(_report(error.problems), err=True)
        click.echo(f"Nothing was written: {_summary(error.problems)}", err=True)
        sys.exit(1)
    if prepared.warnings:
        click.echo(_report(prepared.warnings), err=True)
    click.echo(f"Loaded {len(store)} quads from {len(prepared.catalog.sources)} source documents "
               f"in {time.perf_counter() - started:.1f} s ({_summary(prepared.problems)}).")


@main.command(name="export")
@click.option("--format", "format_name", type=click.Choice(sorted(FORMATS)), default="nquads",
              show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: standard output).")
@click.pass_obj
def export_command(location: str, format_name: str, output: str | None) -> None:
    """Export the dataset (N-Quads and TriG keep the named graphs)."""
    store = open_store(location, read_only=True, derive=derive)
    if output:
        export(store, format_name, output)
    else:
        export(store, format_name, sys.stdout.buffer)


@main.command(name="stats")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_obj
def stats_command(location: str, as_json: bool) -> None:
    """Counts per class and per source document, and the data warnings."""
    counts = stats(open_store(location, read_only=True, derive=derive))
    if as_json:
        click.echo(json.dumps(counts, ensure_ascii=False, indent=2))
        return
    click.echo(f"{counts['triples']} quads\n\nPer class:")
    for name, count in counts["classes"].items():
        click.echo(f"  {count:>7}  {name}")
    click.echo("\nPer named graph (triples, and what its records source):")
    for graph, info in counts["graphs"].items():
        click.echo(f"  {info['triples']:>7}  {graph}  {info['title'] or ''}")
        for name, count in info["classes"].items():
            click.echo(f"  {'':>7}    {count:>5}  {name}")
    click.echo(f"\nWarnings ({len(counts['warnings'])}):")
    for warning in counts["warnings"]:
        click.echo(f"  {warning['label']}: {warning['message']}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=int, help="Requests served at once.")
@click.pass_obj
def serve(location: str, host: str, port: int, threads: int) -> None:
    """Serve the pages, JSON API, SPARQL endpoint and linked data with waitress."""
    import waitress

    from api import create_app

    app = create_app({"STORE": location, "WARM_CACHES": True})
    click.echo(f"Aktörskartan: http://{host}:{port}/ (store: {location})", err=True)
    waitress.serve(app, host=host, port=port, threads=threads, ident="aktorskarta")


if __name__ == "__main__":
    main()
