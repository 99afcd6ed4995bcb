"""A bound on the heavy requests one client may have in flight at once.

Heavy routes (SPARQL, the network views, the analyses, the finder and their pages) can each
keep a worker busy for seconds. One client sending fifty of them side by side would take every
waitress thread; past ``RATE_LIMIT_IN_FLIGHT`` of its own heavy requests in flight, a client's
next one gets 429 with ``Retry-After`` at once, in the service's one error shape, and other
clients are served as before. A client that waits for each answer before asking again is never
refused.

A client is its address (``REMOTE_ADDR``). ``X-Forwarded-For`` is believed only from the proxies
listed in ``RATE_LIMIT_TRUSTED_PROXIES``: anyone can write that header, so trusting it by default
would let one client pose as many.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable

from flask import Flask, Response, current_app, g, request

from api.errors import error_response

__all__ = ["HEAVY_PATHS", "InFlight", "client_address", "init_app", "is_heavy"]

EXTENSION = "aktorskarta.rate_limit"
#: Path prefixes of the heavy routes (``/api/v1/network`` covers every network view).
HEAVY_PATHS = ("/sparql", "/api/v1/network", "/api/v1/analysis/", "/api/v1/finder", "/hitta",
               "/network", "/overlap", "/luckor", "/finansiering", "/tidslinje")


def is_heavy(path: str) -> bool:
    """True for a path on a heavy route (the route itself or below it).

    >>> [is_heavy(p) for p in ("/sparql", "/api/v1/network/ecosystem", "/networks", "/natverk", "/")]
    [True, True, False, False, False]
    """
    return any(path == prefix or path.startswith(prefix.rstrip("/") + "/") for prefix in HEAVY_PATHS)


def client_address(remote_addr: str | None, forwarded_for: str | None, trusted: Iterable[str]) -> str:
    """The address a request is counted against: ``remote_addr``, unless that is a trusted proxy;
    then the nearest address in ``X-Forwarded-For`` that is not one.

    >>> client_address("10.0.0.5", "1.2.3.4", ())
    '10.0.0.5'
    >>> client_address("10.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.2", {"10.0.0.1", "10.0.0.2"})
    '1.2.3.4'
    """
    trusted = set(trusted)
    address = remote_addr or "unknown"
    if address not in trusted or not forwarded_for:
        return address
    # Each proxy appends the address it saw; the last one not ours is the client.
    for hop in reversed([part.strip() for part in forwarded_for.split(",")]):
        if hop and hop not in trusted:
            return hop
    return address


class InFlight:
    """Counts of heavy requests in flight, per client, under one lock."""

    def __init__(self, limit: int):
        self.limit = limit
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def enter(self, client: str) -> bool:
        """Count one more request for ``client``; False (and nothing counted) if at the limit."""
        with self._lock:
            if self._counts[client] >= self.limit:
                return False
            self._counts[client] += 1
            return True

    def leave(self, client: str) -> None:
        with self._lock:
            self._counts[client] -= 1
            if self._counts[client] <= 0:
                del self._counts[client]


def init_app(app: Flask) -> None:
    """Bound heavy requests in flight per client (``RATE_LIMIT_IN_FLIGHT``; 0 turns it off)."""
    limit = app.config.get("RATE_LIMIT_IN_FLIGHT", 0)
    if not limit:
        return
    app.extensions[EXTENSION] = InFlight(int(limit))
    app.before_request(_enter)
    app.teardown_request(_leave)


def _enter() -> Response | None:
    if not is_heavy(request.path):
        return None
    config = current_app.config
    client = client_address(request.remote_addr, request.headers.get("X-Forwarded-For"),
                            config.get("RATE_LIMIT_TRUSTED_PROXIES") or ())
    in_flight: InFlight = current_app.extensions[EXTENSION]
    if not in_flight.enter(client):
        return _too_many(in_flight.limit, config.get("RATE_LIMIT_RETRY_AFTER", 1))
    g.rate_limited_client = client
    return None


def _leave(_error: BaseException | None) -> None:
    client = g.pop("rate_limited_client", None)
    if client is not None:
        current_app.extensions[EXTENSION].leave(client)


def _too_many(limit: int, retry_after: int) -> Response:
    response = error_response(429, f"you already have {limit} heavy requests in progress; wait for "
                                   f"one to finish and try again in {retry_after} s")
    response.headers["Retry-After"] = str(retry_after)
    return response
