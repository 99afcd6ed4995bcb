"""A national-scale data root for load and query benchmarks, in the bundled data's format.

Run from the repository root::

    python -m bench.generate --size S --seed 2026 --out /tmp/national-s
    aktorskarta --store /tmp/national-s-store load /tmp/national-s

``generate(out, size, seed)`` writes ``out/`` as a complete data root, like ``data/``:
``reference/`` (a copy of ``data/reference``), ``actors/actors.csv`` and one synthetic source
document per län (``001-stockholm/`` … ``021-norrbotten/``) plus a national one
(``000-nationell/``), each with ``source.yaml``, ``source.txt`` and the tables the loader reads
(locators, documents, schemes, concepts, funding schemes, projects, participants, grants,
activities, checksums, networks, memberships, services, indicators, mentions). The output loads
with ``graph.ingest.prepare([out])`` without violations. The same size and seed always give
byte-identical files: every choice comes from one ``random.Random(seed)``, lists are iterated in
a fixed order, and nothing is read from the clock.

Shape (after ``bench/synthetic.py`` and the bundled data):

- **places**: the 21 län, 290 kommuner and VG's delregioner of ``data/reference``. Every kommun
  is an actor (``kommun-<kod>``) and every län has a region (``region-<länskod>``, with its own
  name: Region Sörmland, Västra Götalandsregionen), its unit for regional development, the
  länsstyrelse, a regional Almi and Ung Företagsamhet and the seat's Nyföretagarcentrum; VG's
  four kommunalförbund serve their delregioner. 14 national actors (Tillväxtverket, Vinnova,
  Almi Företagspartner AB, Europeiska kommissionen, …) serve ``land:SE``.
- **other actors** are invented (Swedish names, å/ä/ö: "Lindqvists Trä AB", "Inkubatorn i
  Övertorneå"), of the types and shares of ``bench.synthetic.ACTOR_TYPES``, seated in real
  kommuner (the län by its number of kommuner), serving their kommun, län, delregion or Sweden.
- **participation is Zipf-like**: each län ranks its actors hubs first (region, its unit,
  länsstyrelse, Almi, UF, …), the rest in random order, and draws a project's parties with
  weight ``(rank + 1) ** -1.5`` (:data:`LOCAL_EXPONENT`); a project's owner is always the
  län's, 20 % of its other parties come from the national ranking (hubs: the national actors,
  then the regions; exponent 1.3). At M the busiest actor takes part in about 6 500 projects,
  26 actors in over 1 000, the median actor in 3; 42 % of actors take part in 1–3 projects
  and 10 % in none (they still offer services or sit in networks).
- **projects** (a source table of 50 rows each): 1–20 parties (mean 2.8; the bundled data's
  mean is 2.6, its median 1), exactly one owner (``projektagare``, ``ansvarig`` for an insats
  or uppdrag), partners
  with the roles of ``bench.synthetic.PARTNER_ROLES``, some co-owners (``delagare``) and
  co-funders; a place (the owner's kommun, the län or a delregion), one or two insatsområden of
  the län's strategy (a scheme of 3–4 areas with 2–4 insatsområden each), target groups and
  stages from the topic, dates 2014–2030 as precise as a source prints them, and a status
  placed relative to 2026. 65 % have a grant (RUN-medel, 1:1-medel, ERUF, ESF, Vinnova,
  Tillväxtverket, Landsbygdsprogrammet) with the actor whose money it is, the one that granted
  it and an amount (10 % print none); co-funders add kommunal or private money; 40 % print a
  total cost. The first table's project count and grant sum are printed totals (checksums).
- **networks**: one per 200 projects (at least one per folder), 10–80 members, mostly from
  the län, the first coordinating. **Services**: by actor type (1–3 each for regions, Almi,
  incubators, science parks, most kommuner; rarely a company), with service types, target
  groups, stages and areas served from ``ontology/schemes.ttl``.

Sizes (actors / projects → quads ``prepare()`` builds): XS 450 / 300 → 35 000 (the tests),
S 500 / 600 → 47 000, M 5 000 / 50 000 → 2.0 million (about 39 quads a project: 16 of its
own, 14 in its parties, 9 in its grants), L 50 000 / 500 000 → about 20 million (written in
a minute, 325 MB; too large for the loader as it is). Every size has all kommuner and the
per-län backbone (434 actors). Measured times are in ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.generate_extras import (
    add_indicators,
    add_mentions,
    add_national_schemes,
    add_networks,
    add_services,
)
from bench.generate_sources import Folder, Shape, add_projects, add_regional_schemes, add_strategy
from bench.generate_world import County, Register, build_register, read_concepts, read_places
from graph.datafiles import BUNDLED_DATA
from graph.tables import ACTORS, TABLES

__all__ = ["SIZES", "Size", "generate", "main"]


@dataclass(frozen=True)
class Size:
    actors: int
    projects: int


SIZES = {"XS": Size(450, 300), "S": Size(500, 600), "M": Size(5000, 50000), "L": Size(50000, 500000)}
LOCAL_EXPONENT = 1.5
NATIONAL_EXPONENT = 1.3
#: The national folder's share of the projects; the län share the rest by their number of kommuner.
NATIONAL_SHARE = 0.02
PROJECTS_PER_NETWORK = 200
ISSUED = "2026"


def generate(out: Path, size: str = "S", seed: int = 2026) -> dict:
    """Write a data root of ``size`` (a key of :data:`SIZES`) into ``out`` (absent or empty).

    Returns:
        What was written: counts of actors, projects, participants, networks, memberships,
        grants, services, sources and files, and the grant sum of each source (by source key).
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    rng = random.Random(seed)
    places, concepts = read_places(BUNDLED_DATA / "reference"), read_concepts()
    register = build_register(rng, places, SIZES[size].actors)
    register.rank(rng, LOCAL_EXPONENT, NATIONAL_EXPONENT)
    summary = {"size": size, "seed": seed, "actors": len(register.actors), "files": _copy_reference(out)}
    actors = [_actor_cells(actor) for actor in register.actors]
    summary["files"] += _write_table(out / "actors" / "actors.csv", ACTORS, actors)
    homes = _homes(register)
    counties = [None, *places.counties.values()]
    for number, (county, projects) in enumerate(zip(counties, _apportion(SIZES[size].projects, counties),
                                                    strict=True)):
        shape = Shape(rng, places, concepts, register, county)
        folder = _folder(number, shape, homes[county.code if county else None], projects)
        summary["files"] += _write_folder(out, folder, size, seed)
        _count(summary, folder)
    return summary


def _actor_cells(actor) -> dict:
    row = actor.row()
    return {column.name: row.get(column.name, "") for column in ACTORS}


def _homes(register: Register) -> dict[str | None, list]:
    homes: dict[str | None, list] = {}
    for actor in register.actors:
        homes.setdefault(actor.county, []).append(actor)
    return homes


def _apportion(projects: int, counties: list[County | None]) -> list[int]:
    """Projects per folder: the national share, the rest by number of kommuner (largest remainder)."""
    national = round(projects * NATIONAL_SHARE)
    weights = [len(county.kommuner) for county in counties[1:]]
    exact = [(projects - national) * weight / sum(weights) for weight in weights]
    counts = [int(share) for share in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))
    for index in by_remainder[:projects - national - sum(counts)]:
        counts[index] += 1
    return [national, *counts]


def _folder(number: int, shape: Shape, home: list, projects: int) -> Folder:
    county = shape.county
    where = county.name if county else "Sverige"
    folder = Folder(
        number, f"{number:03d}-{county.slug if county else 'nationell'}",
        f"syntetisk-{county.slug if county else 'nationell'}",
        f"Syntetisk lägesbild: det företagsfrämjande systemet i {where}",
        f"region-{county.code}" if county else "tillvaxtverket",
        f"Genererad testdata för skalningsmätningar (bench.generate): aktörer, projekt, finansiering, "
        f"nätverk och tjänster i {where}. Organisationer, projekt och belopp är påhittade; "
        f"län och kommuner är verkliga.")
    locator = folder.locator("aktorsforteckning", "Aktörsförteckning")
    for actor in home:
        folder.mention(actor.key, locator)
    if county:
        add_strategy(folder, shape, f"Regional utvecklingsstrategi för {county.name} 2021–2030",
                     f"region-{county.code}", f"{county.slug}-rus")
        add_regional_schemes(folder, county)
    else:
        add_strategy(folder, shape, "Nationell strategi för hållbar regional utveckling i hela landet "
                     "2021–2030", "", "nationell-strategi")
        add_national_schemes(folder)
    add_projects(folder, shape, projects)
    add_networks(folder, shape, max(1, projects // PROJECTS_PER_NETWORK))
    add_services(folder, shape, home)
    add_indicators(folder, shape)
    add_mentions(folder, shape)
    return folder


def _count(summary: dict, folder: Folder) -> None:
    for name, table in (("projects", "projects.csv"), ("participants", "participants.csv"),
                        ("networks", "networks.csv"), ("memberships", "memberships.csv"),
                        ("grants", "grants.csv"), ("services", "services.csv")):
        summary[name] = summary.get(name, 0) + len(folder.tables[table])
    summary["sources"] = summary.get("sources", 0) + 1
    summary.setdefault("grant_amounts", {})[folder.key] = folder.grant_total()


# --- writing ----------------------------------------------------------------------------------

def _copy_reference(out: Path) -> int:
    target = out / "reference"
    target.mkdir(parents=True)
    files = sorted(path for path in (BUNDLED_DATA / "reference").iterdir() if path.is_file())
    for path in files:
        shutil.copyfile(path, target / path.name)
    return len(files)


def _write_table(path: Path, columns, rows: list[dict]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    names = [column.name for column in columns]
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([row.get(name, "") for name in names] for row in rows)
    return 1


def _write_folder(out: Path, folder: Folder, size: str, seed: int) -> int:
    """source.yaml, source.txt and every table with rows; the number of files written."""
    target = out / folder.name
    target.mkdir(parents=True)
    meta = {"key": folder.key, "title": folder.title, "publisher": folder.publisher, "issued": ISSUED,
            "kind": "lägesbild", "file": "source.txt", "description": folder.description}
    (target / "source.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000),
                                        encoding="utf-8")
    contents = "\n".join(f"- {row['label']} (s. {row['page']})" for row in folder.tables["locators.csv"])
    (target / "source.txt").write_text(
        f"{folder.title}\n\n{folder.description}\n\n"
        f"Genererad av bench.generate, storlek {size}, frö {seed}.\n\nInnehåll:\n{contents}\n",
        encoding="utf-8")
    written = 2
    for name in sorted(folder.tables):
        if folder.tables[name]:
            written += _write_table(target / name, TABLES[name], folder.tables[name])
    return written


# --- command line -----------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, required=True, help="the data root to write (absent or empty)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    summary = generate(args.out, args.size, args.seed)
    seconds = time.perf_counter() - started
    for name, value in summary.items():
        if name != "grant_amounts":
            print(f"{name:<14}{value}")
    print(f"{'grant sum':<14}{sum(summary['grant_amounts'].values())} SEK")
    print(f"written in {seconds:.1f} s to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
