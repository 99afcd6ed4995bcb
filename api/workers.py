"""``aktorskarta serve --workers N``: N server processes on one port and one store.

The parent binds the port, then starts the workers (``fork``), each a waitress server with its
own app on the shared socket; the kernel hands each connection to one of them. Every worker
opens the store read-only and switches to a new generation at its next request; a change made
through the write API takes the store's writer lock (a file lock), so exactly one worker writes
at a time, whichever received the change. A worker that dies is replaced; Ctrl-C or SIGTERM
stops them all.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys

__all__ = ["serve_workers"]


def serve_workers(location: str, host: str, port: int, threads: int, workers: int) -> None:
    """Serve the app on ``host:port`` with ``workers`` processes (one: in this process)."""
    if workers == 1:
        _serve(location, host, port, threads, None)
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(1024)
    children: set[int] = set()
    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True
        for child in children:
            _kill(child)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for _ in range(workers):
        children.add(_start(location, listener, threads))
    while children:
        try:
            child, _ = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:  # pragma: no cover - Python retries wait() itself
            continue
        children.discard(child)
        if not stopping:
            print(f"worker {child} ended; starting another", file=sys.stderr)
            children.add(_start(location, listener, threads))


def _start(location: str, listener: socket.socket, threads: int) -> int:
    child = os.fork()
    if child == 0:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            _serve(location, None, None, threads, listener)
        finally:
            os._exit(0)
    return child


def _serve(location: str, host: str | None, port: int | None, threads: int,
           listener: socket.socket | None) -> None:
    import waitress

    from api import create_app

    app = create_app({"STORE": location, "WARM_CACHES": True})
    where = {"sockets": [listener]} if listener else {"host": host, "port": port}
    # waitress buffers a body before the app sees it (to disk past 512 KB), up to 1 GiB by
    # default: bodies past twice our own limit are refused by waitress itself.
    waitress.serve(app, threads=threads, ident="aktorskarta",
                   max_request_body_size=2 * app.config["MAX_CONTENT_LENGTH"], **where)


def _kill(child: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(child, signal.SIGTERM)
