"""How long the finder and the strategists' analyses take, against a plain named query.

Run from the repository root::

    python -m bench.analysis            # the bundled data, then 20 copies of it in one store
    python -m bench.analysis --smoke    # the bundled data, then 2 copies; short runs (what CI runs)

Every figure is printed as a ratio to a baseline measured in the same run on the same store: the
named query ``actors_list`` (every actor with its type and places: one SELECT, its rows as
dicts). A *cold* step empties the per-generation cache (:data:`graph.per_generation._VALUES`)
before each call, as the first request after a load finds it; a *warm* step finds what a first
call left there. A step that keeps nothing in that cache is timed once, without either word.
See ``bench/README.md`` for what each row means.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench.network import BASELINE_RUNS, MIN_RUN, Table, environment
from graph import per_generation
from graph.analysis import funding, gaps, indicators, overlap, timeline
from graph.derived import derive
from graph.finder import find
from graph.ingest import prepare
from graph.named_queries import select
from graph.namespaces import BASE
from graph.store import GraphStore

__all__ = ["COPIED_KINDS", "QUESTIONS", "STEPS", "Step", "bench_store", "copies", "load", "main"]

#: The finder questions of issue 5: (what the table calls it, the need, the place).
QUESTIONS = (
    ("Borås pupil", "jag går på gymnasiet och vill starta företag", "Borås"),
    ("Eskilstuna industry", "vi är ett litet industriföretag och vill digitalisera produktionen",
     "Eskilstuna"),
)
#: The kinds of record every copy has its own of: ``/id/<kind>/<key>`` becomes
#: ``/id/<kind>/<key>-c<i>`` (and so do the nodes under it, ``/id/project/<key>/party/...``).
#: What they point to (places, concepts and their schemes, funding schemes, documents and their
#: sections, the ontology) is stored once and shared, so the place and concept hierarchies and
#: the provenance hold for every copy.
COPIED_KINDS = ("activity", "actor", "checksum", "grant", "indicator", "network", "project", "service",
                "warning")
SMOKE = {"copies": 2, "min_run": 0.01}
BASELINE = "baseline: named query actors_list"
#: The classes whose counts the copies table checks.
COUNTED = {"http://data.europa.eu/s66#Project": "projects", "http://www.w3.org/ns/org#Organization": "actors",
           "http://data.europa.eu/s66#Grant": "grants", "https://schema.org/Service": "services",
           "http://www.w3.org/2004/02/skos/core#Concept": "concepts",
           "http://www.opengis.net/ont/geosparql#Feature": "places"}
_RECORD = rb"<" + re.escape(BASE.encode()) + rb"id/(?:" + "|".join(COPIED_KINDS).encode() + rb")/[^/>]+"
_RENAMED, _OWN = re.compile(b"(" + _RECORD + b")"), re.compile(_RECORD + b"[/>]")


# --- the data -------------------------------------------------------------------------------

def copies(nquads: bytes, count: int) -> bytes:
    """``count`` copies of a dataset's N-Quads: the first as it is; each other one holds the
    statements about the records of :data:`COPIED_KINDS` (those whose subject is one), renamed.
    Statements about shared things are not copied: a scheme keeps its one publisher.

    >>> project, kommun = (f"<{BASE}id/{key}>" for key in ("project/p", "kommun/0484"))
    >>> data = f'{project} <p> {kommun} <g> .\\n{kommun} <p> "E" <r> .\\n<s> <by> {project} <g> .\\n'
    >>> print(copies(data.encode(), 2).decode().replace(BASE, ""), end="")
    <id/project/p> <p> <id/kommun/0484> <g> .
    <id/kommun/0484> <p> "E" <r> .
    <s> <by> <id/project/p> <g> .
    <id/project/p-c1> <p> <id/kommun/0484> <g> .
    """
    own = b"".join(line for line in nquads.splitlines(keepends=True) if _OWN.match(line))
    renamed = [_RENAMED.sub(lambda found, i=i: found[1] + b"-c%d" % i, own) for i in range(1, count)]
    return b"".join([nquads, *renamed])


def load(nquads: bytes) -> GraphStore:
    """An in-memory store holding ``nquads``, with the network snapshot derived as a load does."""
    store = GraphStore.memory()
    store.replace(nquads, derive=derive)
    return store


def class_counts(store) -> dict[str, int]:
    """How many projects, actors, grants, services, concepts and places the store holds."""
    return {COUNTED[row["class"]]: int(row["count"]) for row in select(store, "class_counts")
            if row["class"] in COUNTED}


# --- the steps ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One call to time. ``check`` reads its result: the note, and the figure (named ``figure``)
    that the copies table compares with the bundled data's."""

    name: str
    call: Callable[[GraphStore], object]
    check: Callable[[object], tuple[str, float]]
    figure: str


def _number(value) -> str:
    return f"{value:,}".replace(",", " ") if isinstance(value, int) else str(value)


def _finder(need: str, place: str) -> Callable[[GraphStore], dict]:
    return lambda store: find(store, need, place)


def _found(answer: dict) -> tuple[str, float]:
    top = list(dict.fromkeys(actor["label"] for actor in answer["actors"]))[:3]
    return (f"top: {', '.join(top)}; fit: actors {answer['total']}, projects {answer['projects_total']}, "
            f"networks {answer['networks_total']}"), answer["total"]


def _pairs(pairs: list[dict]) -> tuple[str, float]:
    return f"{_number(len(pairs))} pairs, top score {pairs[0]['score'] if pairs else None}", len(pairs)


def _owners(owners: list[dict]) -> tuple[str, float]:
    first = f", first {owners[0]['label']} ({owners[0]['area_count']} delregioner)" if owners else ""
    return f"{len(owners)} owners in several delregioner{first}", len(owners)


def _timeline(payload: dict) -> tuple[str, float]:
    found = payload["summary"]
    dated, collisions = found["projects"], _number(found["collisions"])
    return f"{dated} dated, {found['undated']} undated, {collisions} collisions", dated


def _areas(payload: dict) -> tuple[str, float]:
    areas = [area for scheme in payload["schemes"] for area in scheme["areas"]]
    talent = [gap["gaps"] for gap in payload["gaps"] if gap["label"] == "Attrahera talang och kompetens"]
    links = sum(area["projects"] for area in areas)
    return (f"{len(areas)} areas, {len(payload['gaps'])} with gaps (Attrahera talang och kompetens: "
            f"{', '.join(talent[0]) if talent else 'no gap'}), {_number(links)} project links"), links


def _services(payload: dict) -> tuple[str, float]:
    unserved = sum(1 for row in payload["rows"] if not row["served"])
    return f"{len(payload['rows'])} service type x place rows, {unserved} unserved", unserved


def _audiences(payload: dict) -> tuple[str, float]:
    offers = sum(group["service_count"] for group in payload["groups"])
    return (f"{len(payload['groups'])} target groups, {len(payload['gaps'])} unserved, "
            f"{offers} services for them"), offers


def _indicators(payload: dict) -> tuple[str, float]:
    return (f"{len(payload['items'])} indicators, {payload['compared']} compared, {payload['met']} met",
            len(payload["items"]))


def _report(payload: dict) -> tuple[str, float]:
    return (f"{_number(payload['total'])} SEK granted, {payload['count']} grants, "
            f"{payload['anomalies']['count']} anomalies"), payload["total"]


def _sums(rows: list[dict]) -> tuple[str, float]:
    return f"{len(rows)} owners, largest {rows[0]['label']} {_number(rows[0]['total'])} SEK", len(rows)


def _concentration(payload: dict) -> tuple[str, float]:
    return (f"{payload['owner_count']} owners, the largest's share {payload['tops'][0]['share']}, "
            f"HHI {payload['hhi']}"), payload["owner_count"]


def _anomalies(rows: list[dict]) -> tuple[str, float]:
    return f"{len(rows)} anomalies", len(rows)


STEPS = (
    *(Step(f"finder: {name}", _finder(need, place), _found, "actors") for name, need, place in QUESTIONS),
    Step("actor overlap", overlap.actor_overlap, _pairs, "pairs"),
    Step("project overlap", overlap.project_overlap, _pairs, "pairs"),
    Step("owners in several areas", overlap.owners_in_several_areas, _owners, "owners"),
    Step("timeline", timeline.timeline, _timeline, "dated"),
    Step("gaps: strategy areas", gaps.strategy_area_gaps, _areas, "project links"),
    Step("gaps: services", gaps.service_gaps, _services, "unserved"),
    Step("gaps: audiences", gaps.audience_gaps, _audiences, "services"),
    Step("indicators", indicators.indicators, _indicators, "indicators"),
    Step("funding: summary", lambda store: funding.funding_report(store, {}), _report, "granted"),
    Step("funding: sums by owner", lambda store: funding.funding_sums(store, "owner", {}), _sums, "owners"),
    Step("funding: concentration", lambda store: funding.funding_concentration(store, {}), _concentration,
         "owners"),
    Step("funding: anomalies", lambda store: funding.funding_anomalies(store, {}), _anomalies, "anomalies"),
)


# --- timing ---------------------------------------------------------------------------------

def _forget() -> None:
    """Empty the per-generation cache: what the first request after a load finds."""
    per_generation._VALUES.clear()


def _cold(step: Step, store: GraphStore):
    _forget()
    return step.call(store)


def _cached(store: GraphStore) -> list[str]:
    return sorted(per_generation._VALUES.get(store, (None, {}))[1] or ())


def bench_store(table: Table, store: GraphStore, bundled: dict[str, float] | None = None) -> dict[str, float]:
    """Time the baseline and every step on ``store``; return each step's checked figure.

    With ``bundled`` (the figures of the bundled data) each note ends with its figure's multiple
    of the bundled one (``; pairs x400.0``).
    """
    figures: dict[str, float] = {}

    def noted(step: Step) -> Callable[[object], str]:
        def note(result) -> str:
            text, figures[step.name] = step.check(result)
            known = (bundled or {}).get(step.name)
            return f"{text}; {step.figure} x{figures[step.name] / known:.1f}" if known else text
        return note

    table.time(BASELINE, lambda: select(store, "actors_list"), _listed, runs=max(table.repeat, BASELINE_RUNS))
    filled = []
    for step in STEPS:
        table.time(f"{step.name}, cold", lambda step=step: _cold(step, store), noted(step))
        made = _cached(store)  # what the last cold call left
        if not made:
            table.steps[-1] = (step.name, *table.steps[-1][1:])
            continue
        filled.append(f"{step.name}: {', '.join(made)}")
        table.time(f"{step.name}, warm", lambda step=step: step.call(store), noted(step))
    table.notes.append("what a cold call computes and keeps per generation: " + "; ".join(filled))
    return figures


def _listed(rows: list[dict]) -> str:
    return f"{len(rows)} rows, {len({row['actor'] for row in rows})} actors"


# --- the tables -----------------------------------------------------------------------------

def bundled(args: argparse.Namespace, nquads: bytes) -> tuple[Table, dict[str, float], dict[str, int]]:
    """The bundled data in an in-memory store (loading it is not timed)."""
    start = time.perf_counter()
    store = load(nquads)
    table = Table("bundled data (data/, in-memory store)", args.repeat, args.min_run)
    counts = class_counts(store)
    table.notes += [f"setup (load, network snapshot; not timed): {time.perf_counter() - start:.1f} s",
                    f"{_number(len(store))} quads; " + ", ".join(f"{name} {n}" for name, n in counts.items())]
    return table, bench_store(table, store), counts


def copied(args: argparse.Namespace, nquads: bytes, figures: dict[str, float],
           counts: dict[str, int]) -> Table:
    """``args.copies`` copies of the bundled data in one in-memory store (building it is not timed)."""
    start = time.perf_counter()
    store = load(copies(nquads, args.copies))
    title = f"{args.copies} copies of the bundled data (one in-memory store)"
    table = Table(title, args.repeat, args.min_run)
    found = class_counts(store)
    table.notes += [
        f"setup (copy, load, network snapshot; not timed): {time.perf_counter() - start:.1f} s",
        f"{_number(len(store))} quads; " + ", ".join(f"{name} {n} (x{n / counts[name]:.1f})"
                                                    for name, n in found.items() if counts.get(name)),
        "expected: records, money and indicators x copies; places, concepts and the gap tables x1; pairs "
        "about x copies² (a copy's projects and actors pair with every copy of their partners, and of "
        "themselves); the finder's actors x copies less the kommun itself (its IRI actor/kommun-<code> "
        "is only in the first copy)",
    ]
    bench_store(table, store, figures)
    return table


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.analysis", description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true",
                        help=f"{SMOKE['copies']} copies and {SMOKE['min_run']:g} s runs; for CI")
    parser.add_argument("--copies", type=int, default=20,
                        help="copies of the bundled data in the second table (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step, median reported (default 3)")
    parser.add_argument("--min-run", type=float, default=MIN_RUN,
                        help=f"a run repeats a quick step for at least this long (default {MIN_RUN:g} s)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.copies, args.min_run = SMOKE["copies"], SMOKE["min_run"]
    if args.copies < 1:
        parser.error("--copies must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    print(environment(), flush=True)
    print("baseline: graph.named_queries.select(store, 'actors_list'); cold: graph.per_generation._VALUES "
          "cleared before each call; warm: after a first call", flush=True)
    prepared = prepare()
    if not prepared.ok:
        raise SystemExit("the bundled data does not validate: run 'aktorskarta check'")
    nquads = prepared.build.nquads()
    table, figures, counts = bundled(args, nquads)
    print("\n" + table.render(), flush=True)
    print("\n" + copied(args, nquads, figures, counts).render(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
