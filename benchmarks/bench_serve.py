"""A bounded loopback load test of `graphbuild serve`: N clients x M requests, latency, refusals.

The server runs as its own process on a free 127.0.0.1 port and is stopped by its PID at the
end; every count is bounded and the run stops by itself after `--max-seconds`. Optional heavy
clients each send one query that can only end at the server's time limit, to show that it
does not take the other clients' workers with it.

    python -m benchmarks.bench_serve --triples 264000 --clients 16 --requests 32 --heavy 4
    python -m benchmarks.bench_serve --graph graph.ttl --clients 8 --requests 10 --json out.json
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

from graphbuild.fsutil import atomic_write_text

# What a client asks, in turn: named queries over HTTP and SPARQL text to /sparql.
LIGHT: tuple[tuple[str, dict[str, str]], ...] = (
    ("/queries/leaders", {}),
    ("/sparql", {"query": "ASK { ?s ?p ?o }"}),
    ("/queries/most-connected", {}),
    (
        "/sparql",
        {
            "query": "PREFIX gb: <https://w3id.org/graphbuild/ontology#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?s ?l WHERE { ?s a gb:State ; rdfs:label ?l } ORDER BY ?l LIMIT 20"
        },
    ),
    ("/queries/coalition-members", {}),
)
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ACCEPT = {"accept": "application/sparql-results+json"}


@dataclass
class Outcome:
    """One request: what it asked, how it was answered and how long that took."""

    path: str
    status: int  # 0: no HTTP answer (connection refused, reset or client timeout)
    seconds: float
    message: str = ""


@dataclass
class Report:
    """Figures of one load run (latencies in milliseconds, of the light requests only)."""

    graph: str
    triples: int | None
    clients: int
    requests_per_client: int
    heavy_clients: int
    workers: int
    queue: int
    timeout_s: float
    sent: int = 0
    answered_200: int = 0
    refused_busy: int = 0
    timed_out: int = 0
    other_errors: int = 0
    no_answer: int = 0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    requests_per_s: float = 0.0
    wall_s: float = 0.0
    heavy_statuses: list[int] = field(default_factory=list)
    answers_after: bool = False
    stopped_early: bool = False
    errors: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def server_process(
    graph: str | Path, options: Sequence[str] = (), start_timeout: float = 300
) -> Iterator[str]:
    """`graphbuild serve GRAPH` on a free 127.0.0.1 port; yields its base URL once it answers,
    and stops it by PID (SIGTERM, then SIGKILL) afterwards."""
    port = free_port()
    argv = [sys.executable, "-m", "graphbuild", "serve", str(graph), "--port", str(port)]
    process = subprocess.Popen(
        [*argv, *options], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"graphbuild serve exited with status {process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"graphbuild serve did not answer within {start_timeout:g} s")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/queries", timeout=5).status_code == 200:
                    break
            time.sleep(0.2)
        yield url
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()


def _request(client: httpx.Client, url: str, path: str, params: dict[str, str]) -> Outcome:
    start = time.perf_counter()
    try:
        response = client.get(url + path, params=params, headers=ACCEPT)
    except httpx.HTTPError as exc:
        return Outcome(path, 0, time.perf_counter() - start, type(exc).__name__)
    message = "" if response.status_code == 200 else response.text.strip()[:200]
    return Outcome(path, response.status_code, time.perf_counter() - start, message)


def load(
    url: str,
    clients: int,
    requests: int,
    heavy: int = 0,
    max_seconds: float = 120,
    request_timeout: float = 120,
) -> tuple[list[Outcome], list[Outcome], float, bool]:
    """Run `clients` threads of `requests` light requests each (and `heavy` one-query clients),
    all released at once; (light outcomes, heavy outcomes, wall seconds, stopped early)."""
    light: list[Outcome] = []
    heavies: list[Outcome] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients + heavy)
    stop_at = time.monotonic() + max_seconds
    early = threading.Event()

    def client_loop(index: int) -> None:
        with httpx.Client(timeout=request_timeout) as client:
            barrier.wait(timeout=60)
            for n in range(requests):
                if time.monotonic() > stop_at:
                    early.set()
                    return
                path, params = LIGHT[(index + n) % len(LIGHT)]
                outcome = _request(client, url, path, params)
                with lock:
                    light.append(outcome)

    def heavy_one(_: int) -> None:
        with httpx.Client(timeout=request_timeout) as client:
            barrier.wait(timeout=60)
            outcome = _request(client, url, "/sparql", {"query": HEAVY})
            with lock:
                heavies.append(outcome)

    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(clients)]
    threads += [threading.Thread(target=heavy_one, args=(i,)) for i in range(heavy)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return light, heavies, time.perf_counter() - start, early.is_set()


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]


def summarise(report: Report, light: list[Outcome], heavies: list[Outcome], wall: float) -> None:
    """Fill the counts and latency figures of `report` from the outcomes."""
    report.sent = len(light)
    report.answered_200 = sum(o.status == 200 for o in light)
    report.refused_busy = sum(o.status == 503 and "busy" in o.message for o in light)
    report.timed_out = sum(o.status == 503 and "limit" in o.message for o in light)
    report.no_answer = sum(o.status == 0 for o in light)
    report.other_errors = report.sent - (
        report.answered_200 + report.refused_busy + report.timed_out + report.no_answer
    )
    ms = sorted(o.seconds * 1000 for o in light if o.status == 200)
    report.p50_ms = round(_percentile(ms, 0.50), 1)
    report.p99_ms = round(_percentile(ms, 0.99), 1)
    report.max_ms = round(ms[-1], 1) if ms else 0.0
    report.wall_s = round(wall, 2)
    report.requests_per_s = round(report.sent / wall, 1) if wall else 0.0
    report.heavy_statuses = sorted(o.status for o in heavies)
    seen = {f"{o.status} {o.path}: {o.message}" for o in light if o.status != 200}
    report.errors = sorted(seen)[:10]


def run(
    graph: str | Path,
    *,
    clients: int = 16,
    requests: int = 32,
    heavy: int = 0,
    workers: int = 4,
    queue: int = 64,
    timeout_s: float = 10,
    max_seconds: float = 120,
    triples: int | None = None,
) -> Report:
    """Serve `graph`, put the load on it, check it still answers, stop it; the figures."""
    report = Report(str(graph), triples, clients, requests, heavy, workers, queue, timeout_s)
    options = ["--workers", str(workers), "--queue", str(queue), "--timeout", f"{timeout_s:g}"]
    with server_process(graph, options) as url:
        light, heavies, wall, early = load(
            url, clients, requests, heavy, max_seconds, request_timeout=3 * timeout_s + 30
        )
        after = httpx.get(f"{url}/sparql", params={"query": "ASK {?s ?p ?o}"}, headers=ACCEPT)
        report.answers_after = after.status_code == 200 and after.json().get("boolean") is True
    report.stopped_early = early
    summarise(report, light, heavies, wall)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--graph", help="a graph file or oxigraph:PATH to serve")
    source.add_argument(
        "--triples", type=int, default=264000, help="size of a synthetic graph to serve"
    )
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=32, help="requests per client")
    parser.add_argument("--heavy", type=int, default=0, help="extra clients with one heavy query")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--queue", type=int, default=64)
    parser.add_argument("--timeout", type=float, default=10.0, help="the server's query limit")
    parser.add_argument("--max-seconds", type=float, default=300.0, help="stop sending after")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 256 or not 1 <= args.requests <= 10000 or args.heavy > 64:
        parser.error("bounded run: 1-256 clients, 1-10000 requests each, at most 64 heavy")
    options: dict[str, Any] = {
        "clients": args.clients,
        "requests": args.requests,
        "heavy": args.heavy,
        "workers": args.workers,
        "queue": args.queue,
        "timeout_s": args.timeout,
        "max_seconds": args.max_seconds,
    }
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        if args.graph:
            report = run(args.graph, **options)
        else:
            from benchmarks.synthgraph import write_graph

            path = Path(tmp) / "graph.nt"
            written = write_graph(path, args.triples)
            report = run(path, triples=written, **options)
    text = json.dumps(asdict(report), indent=2)
    print(text)
    if args.json:
        atomic_write_text(args.json, text + "\n")
    return 0 if report.answers_after else 1


if __name__ == "__main__":
    sys.exit(main())
