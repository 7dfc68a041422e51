"""A throwaway Virtuoso server for the tests: Debian's `virtuoso-t` on 127.0.0.1, a temporary
database and free ports, stopped by its PID.

Imported as `virtuoso` (tests/ is on sys.path); `conftest.py` wraps it in a session fixture.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO = "virtuoso-t"
USER, PASSWORD = "dba", "dba"  # a new database's administrator; the server listens on 127.0.0.1
START_TIMEOUT_S = 120.0

# The sections Debian's /etc/virtuoso-opensource-7/virtuoso.ini sets that a server needs, with
# the files in one temporary folder. SPARQL results are not cut at 10,000 rows (Debian's
# ResultSetMaxRows); `dba` may update through /sparql-auth (Digest authentication).
INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
DirsAllowed = ., {db}
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@dataclass(frozen=True)
class VirtuosoServer:
    """A running server: its SPARQL endpoints, Graph Store endpoint and administrator."""

    pid: int
    http_port: int
    folder: Path
    user: str = USER
    password: str = PASSWORD

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        return f"{self.base}/sparql"

    @property
    def update_url(self) -> str:
        return f"{self.base}/sparql-auth"

    @property
    def graph_store_url(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"

    def log_tail(self, lines: int = 20) -> str:
        log = self.folder / "virtuoso.log"
        return (
            "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""
        )


def available() -> str | None:
    """The path of virtuoso-t, or None when Virtuoso is not installed."""
    return shutil.which(VIRTUOSO)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    query = urllib.parse.urlencode({"query": "ASK {}"})
    try:
        with urllib.request.urlopen(f"{url}?{query}", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def start(folder: Path) -> VirtuosoServer:
    """Start virtuoso-t in the foreground (a child process) and wait until /sparql answers."""
    binary = available()
    assert binary is not None
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(db=folder, sql_port=sql_port, http_port=http_port))
    process = subprocess.Popen(
        [binary, "+configfile", str(ini), "+foreground"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = VirtuosoServer(process.pid, http_port, folder)
    deadline = time.monotonic() + START_TIMEOUT_S
    while not _answers(server.query_url):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(server)
            raise RuntimeError(f"virtuoso-t did not start:\n{server.log_tail()}")
        time.sleep(0.25)
    return server


def stop(server: VirtuosoServer, timeout: float = 30.0) -> None:
    """Stop the server by its PID: SIGTERM (it checkpoints and exits), then SIGKILL."""
    try:
        os.kill(server.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(server.pid, os.WNOHANG)
        except ChildProcessError:
            return
        if done:
            return
        time.sleep(0.1)
    os.kill(server.pid, signal.SIGKILL)
    os.waitpid(server.pid, 0)


def put_graph(server: VirtuosoServer, graph: str, data: bytes, content_type: str) -> int:
    """PUT a file into a named graph through the Graph Store Protocol; the HTTP status."""
    from graphbuild.graph.sparqlstore import PreemptiveDigestAuthHandler

    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, server.base, server.user, server.password)
    opener = urllib.request.build_opener(PreemptiveDigestAuthHandler(passwords))
    url = f"{server.graph_store_url}?{urllib.parse.urlencode({'graph-uri': graph})}"
    # An empty PUT first: the large one then goes signed (Virtuoso resets the connection of a
    # large request it refuses unread).
    for body in (b"", data):
        request = urllib.request.Request(
            url, data=body, method="PUT", headers={"Content-Type": content_type}
        )
        with opener.open(request, timeout=600) as response:
            status = int(response.status)
    return status


def put_graph_retrying(
    server: VirtuosoServer, graph: str, data: bytes, content_type: str, attempts: int = 4
) -> int:
    """`put_graph`, sent again when Virtuoso gives the transaction up as deadlocked (SR172, seen
    on a busy machine while it loads a large file in several threads)."""
    for attempt in range(attempts):
        try:
            return put_graph(server, graph, data, content_type)
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace")
            if attempt == attempts - 1 or "40001" not in body:
                raise
            print(f"Virtuoso: {graph}: transaction deadlocked, sending it again", flush=True)
    raise AssertionError("unreachable")
