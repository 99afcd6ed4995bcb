"""The finder's route at national size against the same route on the bundled data, side by side.

Run from the repository root::

    python -m bench.finder_scale --store /tmp/national-m-store   # a store loaded from size M
    python -m bench.finder_scale                  # generates size M and loads it first (minutes)
    python -m bench.finder_scale --smoke          # size XS, two repeats (what CI runs)

Both stores are loaded as ``aktorskarta load`` loads them (their derived files included, so the
finder's library is read back, not built in a request). One Flask app serves each; every
question of :data:`QUESTIONS` asks ``GET /api/v1/finder`` of both apps in turns, ``--repeat``
times each, and the table prints the median time of each and the ratio of the national one to
the bundled one, for the question and over all (the geometric mean). Times on a shared machine
are noise; the ratios, taken in the same run and interleaved, are the figures to read. The
first request of each app (reading the library from the generation's derived file) is timed
apart and is not in the ratios.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.finder_quality import Question, load_questions
from bench.network import environment

__all__ = ["QUESTION_IDS", "main", "questions"]

#: Newcomers' questions of tests/finder_questions.csv, a place given in all but the last.
QUESTION_IDS = ("export-nykoping", "start-katrineholm", "loan-eskilstuna", "digital-production-eskilstuna",
                "automation-skovde", "immigrant-start-uddevalla", "start-lycksele", "export-nykoping-en",
                "venture-noplace")


def questions() -> list[Question]:
    by_id = {question.id: question for question in load_questions()}
    return [by_id[key] for key in QUESTION_IDS]


def _load(data: Path | None, location: Path) -> None:
    from graph.derived import derive
    from graph.ingest import prepare
    from graph.store import GraphStore
    built = prepare([data] if data else None)
    if not built.ok:
        raise SystemExit(f"the data does not load: {built.violations[:3]}")
    GraphStore.open(location).replace(built.build.nquads(), derive=derive)


def _client(location: Path):
    from api import create_app
    return create_app({"STORE": str(location), "TESTING": True, "ACCESS_LOG": False}).test_client()


def _url(question: Question) -> str:
    return "/api/v1/finder?" + urlencode({"need": question.need, "place": question.place,
                                          "date": question.date})


def _asked(client, url: str) -> tuple[float, dict]:
    """The seconds the answer took, and the answer."""
    started = time.perf_counter()
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code}")
    return time.perf_counter() - started, response.get_json()


def _national(arguments, work: Path) -> Path:
    if arguments.store:
        return Path(arguments.store)
    from bench.generate import generate
    size = "XS" if arguments.smoke else arguments.size
    started = time.perf_counter()
    generate(work / "data", size=size, seed=arguments.seed)
    _load(work / "data", work / "national")
    print(f"generated and loaded size {size} in {time.perf_counter() - started:.0f} s")
    return work / "national"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="a store loaded from generated national data (else one is made)")
    parser.add_argument("--size", default="M", help="the size to generate without --store (default M)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--smoke", action="store_true", help="size XS, two repeats")
    arguments = parser.parse_args(argv)
    repeat = 2 if arguments.smoke else arguments.repeat
    print(environment().split("\nbetweenness")[0])
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        _load(None, work / "bundled")
        clients = {"bundled": _client(work / "bundled"), "national": _client(_national(arguments, work))}
        first = _url(questions()[0])
        for name, client in clients.items():
            print(f"first request ({name}, reads the finder's library): {_asked(client, first)[0]:.2f} s")
        return _table(clients, repeat)


def _table(clients: dict, repeat: int) -> int:
    print(f"\nGET /api/v1/finder, median of {repeat} (interleaved); ratio: national / bundled; "
          "the bundled answer's first actor")
    print(f"{'question':30} {'bundled ms':>10} {'national ms':>11} {'ratio':>6}  bundled top")
    ratios = []
    for question in questions():
        url, times, top = _url(question), {name: [] for name in clients}, {}
        for _ in range(repeat):
            for name, client in clients.items():
                seconds, answer = _asked(client, url)
                times[name].append(seconds)
                top[name] = answer["actors"][0]["key"] if answer["actors"] else "-"
        bundled, national = (statistics.median(times[name]) for name in ("bundled", "national"))
        ratios.append(national / bundled)
        print(f"{question.id:30} {bundled * 1000:10.1f} {national * 1000:11.1f} {ratios[-1]:6.1f}  "
              f"{top['bundled']}")
    mean = math.exp(sum(math.log(ratio) for ratio in ratios) / len(ratios))
    print(f"\ngeometric mean ratio: {mean:.1f}; largest: {max(ratios):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
