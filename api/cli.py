"""The ``aktorskarta`` command: load, validate, export and inspect the graph, and serve it."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from graph import ingest
from graph.backup import BackupError, restore_backup, write_backup
from graph.curation.tokens import ROLES, token_file
from graph.derived import derive
from graph.export import FORMATS, export
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
@click.option("--discard-changes", is_flag=True,
              help="Drop the curators' changes and imported documents instead of keeping them.")
@click.pass_obj
def load(location: str, paths: tuple[str, ...], discard_changes: bool) -> None:
    """Validate data folders (default: the bundled data/), then replace the store's dataset.

    The curators' changes in the store are applied again to the new data, and imported
    documents kept (unless --discard-changes). Nothing is written if the data has any
    violation, or the changes conflict with it.
    """
    started = time.perf_counter()
    store = open_store(location)
    try:
        prepared = ingest.load(store, _paths(paths), progress=lambda text: click.echo(text, err=True),
                               keep_changes=not discard_changes)
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
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes sharing the port (and the store: one writes at a time).")
@click.pass_obj
def serve(location: str, host: str, port: int, threads: int, workers: int) -> None:
    """Serve the pages, JSON API, SPARQL endpoint and linked data with waitress."""
    from api.workers import serve_workers

    click.echo(f"Aktörskartan: http://{host}:{port}/ (store: {location}, {workers} worker(s))", err=True)
    serve_workers(location, host, port, threads, workers)


@main.group()
def token() -> None:
    """Bearer tokens for the write API (kept hashed beside the store, or in $AKTORSKARTA_TOKENS)."""


@token.command(name="create")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="curator", show_default=True)
@click.pass_obj
def token_create(location: str, name: str, role: str) -> None:
    """Make a token for NAME (who the changes will say made them); it is printed once, last."""
    try:
        secret = token_file(location).create(name, role)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Token for {name} ({role}); it is not stored and cannot be shown again:", err=True)
    click.echo(secret)


@token.command(name="list")
@click.pass_obj
def token_list(location: str) -> None:
    """Who has a token, with role and creation time (never the tokens)."""
    for holder in token_file(location).holders():
        click.echo(f"{holder['name']}\t{holder['role']}\t{holder['created']}")


@token.command(name="revoke")
@click.argument("name")
@click.pass_obj
def token_revoke(location: str, name: str) -> None:
    """Remove NAME's token: requests with it are refused from now on."""
    if not token_file(location).revoke(name):
        raise click.ClickException(f"{name} has no token")
    click.echo(f"Revoked {name}'s token.", err=True)


@main.command()
@click.argument("output", type=click.Path(dir_okay=False, writable=True))
@click.pass_obj
def backup(location: str, output: str) -> None:
    """Write the whole dataset, the change log included, to OUTPUT (N-Quads, gzip if .gz)."""
    store = open_store(location, read_only=True, derive=derive)
    count = write_backup(store, Path(output))
    click.echo(f"Backed up {count} quads of generation {store.generation} to {output}.", err=True)


@main.command()
@click.argument("backup_file", type=click.Path(exists=True, dir_okay=False))
@click.pass_obj
def restore(location: str, backup_file: str) -> None:
    """Replace the store's dataset with a backup, all or nothing, after checking it whole."""
    store = open_store(location, derive=derive)
    try:
        count = restore_backup(store, Path(backup_file), derive=derive)
    except BackupError as error:
        click.echo(f"Nothing was restored: {error}", err=True)
        sys.exit(1)
    click.echo(f"Restored {count} quads from {backup_file}.", err=True)


if __name__ == "__main__":
    main()
