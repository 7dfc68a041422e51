"""A `graphbuild serve` process on a free 127.0.0.1 port, for tests that need a fresh process
(rdflib's parser state is per process) and a real socket; stopped by its PID."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx

FIXTURE = Path(__file__).parent / "data" / "fixture_graph.ttl"


def free_port() -> int:
    """A port nothing listens on now (the kernel's pick for an ephemeral bind)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serve_process(
    graph: str | Path = FIXTURE, options: Sequence[str] = (), start_timeout: float = 60
) -> Iterator[str]:
    """Run `python -m graphbuild serve GRAPH --port P` and yield its base URL once it answers;
    the process is stopped with SIGTERM (then SIGKILL) by its PID afterwards."""
    port = free_port()
    argv = [sys.executable, "-m", "graphbuild", "serve", str(graph), "--port", str(port), *options]
    process = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ)
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if process.poll() is not None:
                err = process.stderr.read().decode(errors="replace") if process.stderr else ""
                raise RuntimeError(f"graphbuild serve exited with {process.returncode}: {err}")
            if time.monotonic() > deadline:
                raise RuntimeError("graphbuild serve did not start")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/queries", timeout=5).status_code == 200:
                    break
            time.sleep(0.1)
        yield url
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
        if process.stderr:
            process.stderr.close()
