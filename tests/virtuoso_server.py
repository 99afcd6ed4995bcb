"""A private Virtuoso open-source server on loopback, for the remote-store tests and benchmark.

Debian's ``virtuoso-opensource`` package starts no server by itself. :class:`VirtuosoServer`
writes its own ini and database directory, binds both ports to 127.0.0.1, starts
``virtuoso-t``, waits until ``/sparql`` answers, changes the default ``dba`` password, and
creates an account with SPARQL Update rights for the service (``/sparql-auth``, HTTP Digest).

Two of Virtuoso's stock settings would cut answers: ``ResultSetMaxRows = 10000`` cuts result
sets silently and ``MaxQueryExecutionTime`` returns partial results. The ini raises the first to
:data:`MAX_ROWS` (the client treats an answer of exactly that many rows as cut) and keeps the
second, which the client reports as a partial answer (HTTP 206). A load's swap is one
transaction, so ``TransactionAfterImageLimit`` is raised to :data:`AFTER_IMAGE_BYTES`.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path

import requests

__all__ = ["MAX_ROWS", "VIRTUOSO", "VirtuosoServer", "virtuoso_missing"]

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL = shutil.which("isql-vt") or "/usr/bin/isql-vt"
MAX_ROWS = 5_000_000
#: How large one transaction may grow: a load's swap moves every staged graph in one update
#: (the stock 50 MB aborts it with SR325 at about half a million triples).
AFTER_IMAGE_BYTES = 1_500_000_000
STARTUP_SECONDS = 60.0
USER = "aktorskarta"

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 20
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = {dir}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
ThreadsPerQuery = 2
MaxQueryMem = 1G
TransactionAfterImageLimit = {after_image}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/vsp
MaxClientConnections = 20
ServerThreads = 20
Charset = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 60
"""


def virtuoso_missing() -> str | None:
    """Why no Virtuoso server can be started here (None if it can)."""
    for program in (VIRTUOSO, ISQL):
        if not Path(program).is_file():
            return (f"{program} is not installed (Debian package virtuoso-opensource; "
                    "bin/setup-virtuoso installs it; bin/test runs it)")
    return None


class VirtuosoServer:
    """A Virtuoso server of its own in ``directory``: ``with VirtuosoServer(path) as server:``.

    Attributes:
        store_url: the store location for the service (``http://user:password@.../sparql-auth``).
        graph_store: its SPARQL Graph Store endpoint (bulk uploads).
    """

    def __init__(self, directory: Path, memory_mb: int = 1024, after_image_bytes: int = AFTER_IMAGE_BYTES):
        self.directory = Path(directory)
        self.memory_mb = memory_mb
        self.after_image_bytes = after_image_bytes
        self.password = secrets.token_urlsafe(12)
        self.sql_port, self.http_port = _free_port(), _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def store_url(self) -> str:
        return f"http://{USER}:{self.password}@127.0.0.1:{self.http_port}/sparql-auth"

    @property
    def graph_store(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"

    def __enter__(self) -> VirtuosoServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        """Configure, start and wait for the server, then set up its accounts."""
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "vsp").mkdir(exist_ok=True)
        buffers = self.memory_mb * 1024 // 8 * 2 // 3  # 8 KB pages, two thirds of the memory
        (self.directory / "virtuoso.ini").write_text(INI.format(
            dir=self.directory, sql_port=self.sql_port, http_port=self.http_port, buffers=buffers,
            dirty_buffers=buffers * 3 // 4, max_rows=MAX_ROWS, after_image=self.after_image_bytes),
            encoding="utf-8")
        self.process = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(self.directory / "virtuoso.ini")],
            cwd=self.directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait()
        self._set_up_accounts()

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def kill(self) -> None:
        """Stop the server at once (a crash, for failure tests)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def _wait(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited ({self.process.returncode}); see "
                                   f"{self.directory / 'virtuoso.log'}")
            try:
                if requests.get(f"{self.base}/sparql", params={"query": "ASK {}"}, timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Virtuoso did not answer within {STARTUP_SECONDS:g} s")

    def _set_up_accounts(self) -> None:
        """A service account with SPARQL Update rights; ``dba`` gets a password of its own."""
        self.isql(f"DB.DBA.USER_CREATE('{USER}', '{self.password}'); "
                  f"GRANT SPARQL_SELECT TO \"{USER}\"; GRANT SPARQL_UPDATE TO \"{USER}\"; "
                  f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{USER}', 7); "
                  f"USER_SET_PASSWORD('dba', '{secrets.token_urlsafe(12)}');", password="dba")

    def isql(self, statements: str, password: str) -> str:
        result = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", password,
                                 f"exec={statements}"], capture_output=True, text=True, timeout=60)
        if result.returncode != 0 or "Error" in result.stdout:
            raise RuntimeError(f"isql failed: {result.stdout}{result.stderr}")
        return result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
