"""The load run: many concurrent clients of mixed reads and one curator writing, against the
service as it is deployed (``aktorskarta serve`` in a process of its own, on loopback), for a
bounded time; every figure a ratio to the same requests from one client with no load.

Run from the repository root::

    python -m bench.load                  # 50 clients + 1 curator for 300 s, 2 workers
    python -m bench.load --smoke          # 10 clients + 1 curator for 15 s (CI)
    python -m bench.load --clients 20 --duration 60 --workers 1

The service runs on a store of its own (the bundled data, loaded with ``aktorskarta load`` into
a temporary directory) with a curator token of its own, so the curator's edits touch nothing
else. Each reading client is a thread with its own keep-alive session from its own loopback
address (127.0.0.2, 127.0.0.3, ...), because the service bounds heavy requests per client address;
it sends one request, waits for the answer, then picks the next at random from :data:`READS`. A
client that waits for each answer never has more than one heavy request in flight, so it is never
refused: a 429 is an error here, like any 5xx, other 4xx or connection error. The curator (from
127.0.0.254) edits an actor's web address every ``--write-every`` seconds: GET its ETag, PATCH with
If-Match and a reason; anything but 200 is an error. The run exits 1 on any error.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlencode

import requests
from requests.adapters import HTTPAdapter

from bench.analysis import QUESTIONS
from graph.sparql_examples import example

__all__ = ["READS", "main"]

ROOT = Path(__file__).resolve().parent.parent
#: The curator's address; readers count up from 127.0.0.2.
CURATOR_ADDRESS = "127.0.0.254"
EDITED_ACTOR = "almi-sormland"
HTML = {"Accept": "text/html"}
SPARQL = {"Accept": "application/sparql-results+json"}

#: (kind, method, path, headers, body): what a reading client asks, each equally often.
READS = (
    ("home page", "GET", "/", HTML, None),
    ("search", "GET", "/api/v1/search?" + urlencode({"q": "goteborg"}), {}, None),
    ("search", "GET", "/api/v1/search?" + urlencode({"q": "Almi Sörmland"}), {}, None),
    ("search", "GET", "/sok?" + urlencode({"q": "inkubator"}), HTML, None),
    ("record page", "GET", "/id/actor/almi-sormland", HTML, None),
    ("record page", "GET", "/id/project/vg2020-bor-10", HTML, None),
    ("record API", "GET", "/api/v1/actors/arbetsformedlingen", {}, None),
    ("record API", "GET", "/api/v1/projects/vg2020-bor-10", {}, None),
    ("list", "GET", "/api/v1/actors?type=kommun&sort=label", {}, None),
    ("list", "GET", "/api/v1/projects?place=lan:14&limit=20", {}, None),
    ("finder", "GET", "/api/v1/finder?" + urlencode({"need": QUESTIONS[0][1], "place": QUESTIONS[0][2]}),
     {}, None),
    ("finder", "GET", "/api/v1/finder?" + urlencode({"need": QUESTIONS[1][1], "place": QUESTIONS[1][2]}),
     {}, None),
    ("ego network", "GET", "/api/v1/network/actors/almi-sormland?format=vis", {}, None),
    ("funding sums", "GET", "/api/v1/analysis/funding/sums/lan", {}, None),
    ("SPARQL", "POST", "/sparql", SPARQL, None),  # the body is filled in by sparql_body()
)
WRITE = "write (GET ETag + PATCH)"


def sparql_body() -> dict:
    return {"query": example("01-projektagare").text}


class SourceAdapter(HTTPAdapter):
    """Connections from one loopback address, so the service sees one client per session."""

    def __init__(self, source: str):
        self.source = source
        super().__init__(pool_connections=1, pool_maxsize=1, max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def session_from(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", SourceAdapter(address))
    return session


class Tally:
    """Seconds per kind and the errors, from every thread."""

    def __init__(self):
        self.seconds: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self._lock = threading.Lock()

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self._lock:
            (self.errors[kind].append(error) if error else self.seconds[kind].append(seconds))


def send(session: requests.Session, url: str, read: tuple, timeout: float) -> tuple[float, str | None]:
    """One request: its seconds and, if it went wrong, what happened."""
    kind, method, path, headers, _ = read
    body = sparql_body() if kind == "SPARQL" else None
    started = time.perf_counter()
    try:
        answer = session.request(method, url + path, headers=headers, data=body, timeout=timeout)
        answer.content  # noqa: B018 (read the whole body: that is part of the answer's time)
    except requests.RequestException as error:
        return time.perf_counter() - started, f"{method} {path}: {type(error).__name__}"
    seconds = time.perf_counter() - started
    return seconds, None if answer.status_code == 200 else f"{method} {path}: {answer.status_code}"


def reader(url: str, address: str, stop: float, seed: int, tally: Tally, timeout: float) -> None:
    chooser = random.Random(seed)
    with session_from(address) as session:
        while time.monotonic() < stop:
            read = chooser.choice(READS)
            seconds, error = send(session, url, read, timeout)
            tally.add(read[0], seconds, error)


def curator(url: str, token: str, stop: float, every: float, tally: Tally, timeout: float) -> None:
    """Edit one actor's web address every ``every`` seconds, each edit with the ETag just read."""
    record = f"{url}/api/v1/actors/{EDITED_ACTOR}"
    with session_from(CURATOR_ADDRESS) as session:
        number = 0
        while time.monotonic() + every < stop:
            time.sleep(every)
            number += 1
            started = time.perf_counter()
            try:
                etag = session.get(record, timeout=timeout).headers.get("ETag")
                answer = session.patch(record, timeout=timeout, json={
                    "homepage": f"https://example.org/bench-load/{number}",
                    "reason": f"bench.load: curator edit {number}"},
                    headers={"If-Match": etag or "", "Authorization": f"Bearer {token}"})
                error = None if answer.ok else f"PATCH: {answer.status_code} {answer.text[:200]}"
            except requests.RequestException as failure:
                error = f"PATCH: {type(failure).__name__}"
            tally.add(WRITE, time.perf_counter() - started, error)


# --- the service -----------------------------------------------------------------------------

def cli(store: Path, *arguments: str) -> str:
    done = subprocess.run([sys.executable, "-m", "api.cli", "--store", str(store), *arguments],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_service(store: Path, port: int, workers: int, log) -> subprocess.Popen:
    """``aktorskarta serve`` on loopback; returns once it answers."""
    command = [sys.executable, "-m", "api.cli", "--store", str(store), "serve", "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    service = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if service.poll() is not None:
            raise RuntimeError(f"the service exited with {service.returncode}; see {log.name}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=5).ok:
                return service
        except requests.ConnectionError:
            time.sleep(0.5)
    service.terminate()
    raise RuntimeError("the service did not answer within 120 s")


# --- figures ---------------------------------------------------------------------------------

def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` quantile, interpolated (``statistics.quantiles``' inclusive method).

    >>> percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5), percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.95)
    (3.0, 4.8)
    """
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]


def alone(url: str, rounds: int, timeout: float) -> Tally:
    """Every read ``rounds`` times from one client with no other load (after one untimed round)."""
    tally = Tally()
    with session_from("127.0.0.2") as session:
        for timed in (False,) + (True,) * rounds:
            for read in READS:
                seconds, error = send(session, url, read, timeout)
                if timed or error:
                    tally.add(read[0], seconds, error)
    return tally


def quartiles(values: list[float]) -> tuple[float, float]:
    """p50 and p95 (NaN for no values)."""
    if not values:
        return float("nan"), float("nan")
    return percentile(values, 0.5), percentile(values, 0.95)


def table(load: Tally, baseline: Tally) -> str:
    kinds = list(dict.fromkeys(read[0] for read in READS)) + [WRITE]
    lines = [f"{'kind':<26}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}"
             f"{'alone p50':>11}{'alone p95':>11}{'p50 ratio':>11}{'p95 ratio':>11}"]
    for kind in kinds:
        times, errors = load.seconds.get(kind, []), load.errors.get(kind, [])
        if not times and not errors:
            continue
        reference = baseline.seconds.get(kind) or times  # the write has no unloaded baseline: itself
        row, base = quartiles(times), quartiles(reference)
        lines.append(f"{kind:<26}{len(times) + len(errors):>9}{len(errors):>8}"
                     f"{row[0] * 1000:>9.1f}{row[1] * 1000:>9.1f}"
                     f"{base[0] * 1000:>11.1f}{base[1] * 1000:>11.1f}"
                     f"{row[0] / base[0]:>10.1f}x{row[1] / base[1]:>10.1f}x")
    return "\n".join(lines)


def environment(args) -> str:
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return (f"python {platform.python_version()}, pyoxigraph {version('pyoxigraph')}, waitress "
            f"{version('waitress')}, requests {version('requests')}\n"
            f"machine: {platform.platform()}, {os.cpu_count()} CPUs, load average at start {load}\n"
            f"service: aktorskarta serve --workers {args.workers} (8 threads each) on 127.0.0.1\n"
            f"load: {args.clients} reading clients (127.0.0.2 up) + 1 curator ({CURATOR_ADDRESS}, an edit "
            f"every {args.write_every:g} s) for {args.duration:g} s; baseline: every read "
            f"{args.rounds} times from one client alone\n"
            f"ratio: the percentile under load / the same percentile alone (the write: / itself)")


def run(args, directory: Path) -> int:
    store = directory / "store"
    cli(store, "load")
    token = cli(store, "token", "create", "bench-load", "--role", "curator").strip().splitlines()[-1]
    port = args.port or free_port()
    url = f"http://127.0.0.1:{port}"
    with (directory / "service.log").open("w") as log:
        service = start_service(store, port, args.workers, log)
        try:
            unloaded = alone(url, args.rounds, args.timeout)
            tally = Tally()
            stop = time.monotonic() + args.duration
            threads = [threading.Thread(target=reader, daemon=True, args=(
                url, f"127.0.0.{2 + number}", stop, args.seed + number, tally, args.timeout))
                for number in range(args.clients)]
            threads.append(threading.Thread(target=curator, daemon=True, args=(
                url, token, stop, args.write_every, tally, args.timeout)))
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            service.terminate()
            service.wait(timeout=30)
    title = f"{args.clients} clients + 1 curator, {args.duration:g} s"
    print(f"\n== {title} ==\n{table(tally, unloaded)}")
    errors = [(kind, error) for kind, found in (*unloaded.errors.items(), *tally.errors.items())
              for error in found]
    total = sum(map(len, tally.seconds.values()))
    print(f"\n{total} answered under load ({total / args.duration:.1f} a second), {len(errors)} errors")
    for kind, error in errors[:20]:
        print(f"  {kind}: {error}")
    return 1 if errors else 0


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="10 clients for 15 s, 1 baseline round (CI)")
    parser.add_argument("--clients", type=int, default=50, help="reading clients (default 50; at most 250)")
    parser.add_argument("--duration", type=float, default=300.0, help="seconds of load (default 300)")
    parser.add_argument("--write-every", type=float, default=5.0, help="seconds between edits (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="service processes (default 2)")
    parser.add_argument("--rounds", type=int, default=5, help="baseline rounds of every read (default 5)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a request may take (120)")
    parser.add_argument("--seed", type=int, default=2020, help="the clients' random choices (default 2020)")
    parser.add_argument("--port", type=int, default=0, help="service port (default: a free one)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.clients, args.duration, args.rounds = 10, 15.0, 1
    if not 1 <= args.clients <= 250:
        parser.error("--clients must be between 1 and 250 (one loopback address each)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    print(environment(args), flush=True)
    directory = Path(tempfile.mkdtemp(prefix="aktorskarta-load-"))
    try:
        return run(args, directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
