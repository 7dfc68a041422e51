"""Graph storage: load, named queries, Turtle export and size, for each backend on one graph.

The graph (~N triples in the shape of docs/graph-model.md) is written once as N-Triples; each
backend is then measured in its own subprocess so that its memory is its own.

    python -m benchmarks.bench_graph --triples 1000000 --json out.json
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graphbuild.fsutil import atomic_write_text

BACKENDS = ("memory", "oxigraph")
RUNS = 5
# A query slower than this on its first run is not repeated (the memory store can take minutes).
REPEAT_BUDGET_S = 10.0
DEFAULT_TIMEOUT_S = 30.0
TARGETS = {"load_s": 5.0, "query_median_ms": 100.0, "export_s": 5.0, "bytes_per_triple": 512}
# The named queries as they were before they were rewritten for speed (to read edge nodes,
# graphbuild.graph.aggregates, or to let Oxigraph join in a cheaper order), run in pairs with
# today's to give a ratio that the machine's load does not move.
BEFORE = Path(__file__).resolve().parent / "data" / "before"
PAGE_ROWS = 100  # a page of a listing query (query --limit), timed in pairs with the whole answer

HUB_PAIR = """PREFIX gb: <https://w3id.org/graphbuild/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?s ?o (COUNT(*) AS ?n) WHERE {
  ?st rdf:subject ?s ; rdf:object ?o . ?s a gb:Person . ?o a gb:Person FILTER(?s != ?o) }
GROUP BY ?s ?o ORDER BY DESC(?n) ?s ?o LIMIT 1"""
HUB_OF_KIND = """PREFIX gb: <https://w3id.org/graphbuild/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?x (COUNT(*) AS ?n) WHERE {
  { ?st rdf:subject ?x } UNION { ?st rdf:object ?x } ?x a gb:KIND }
GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1"""
# The state most posts are in, so that `leaders` has rows (the busiest state may hold none).
STATE_WITH_POSTS = """PREFIX gb: <https://w3id.org/graphbuild/ontology#>
SELECT ?x (COUNT(*) AS ?n) WHERE { ?post gb:postIn ?x . ?x a gb:State }
GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1"""
GB = "https://w3id.org/graphbuild/ontology#"


def _rss_mib() -> float:
    """Current resident set size of this process, MiB."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def named_queries() -> dict[str, Any]:
    """Every named query in queries/, by name (graphbuild.serve.queries.NamedQuery)."""
    from graphbuild.serve.queries import list_queries

    return {q.name: q for q in list_queries()}


def _solutions(store: Any, query: str) -> Any:
    result = store.query(query)
    assert isinstance(result, Iterable)
    return result


def choose_params(data: Path) -> dict[str, str]:
    """Parameter strings drawn from the data, as `graphbuild query -p` takes them: the busiest
    person pair and coalition, the state with the most posts (IRIs in <>), a family and a date
    range."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
    (pair,) = list(_solutions(store, HUB_PAIR))
    (coalition,) = list(_solutions(store, HUB_OF_KIND.replace("KIND", "Coalition")))
    (state,) = list(_solutions(store, STATE_WITH_POSTS))
    hubs = {"State": str(state["x"]), "Coalition": str(coalition["x"])}
    first, second = str(pair["s"]), str(pair["o"])
    values = {
        "actor": first,
        "a": first,
        "subject": first,
        "speaker": first,
        "person": first,
        "b": second,
        "object": second,
        "state": hubs["State"],
        "coalition": hubs["Coalition"],
        "relation": f"<{GB}opposes>",
        "family": "OPPOSE",
        "since": "2025-03-01",
        "until": "2025-09-30",
    }
    return {name: f"<{v}>" if v.startswith("http") else v for name, v in values.items()}


def _params_for(query: Any, values: dict[str, str]) -> dict[str, str]:
    """The values of the parameters a named query declares."""
    return {p.name: values[p.name] for p in query.params if p.name in values}


def _size(result: Any) -> int:
    """Rows of a SELECT, triples of a CONSTRUCT, 1 for an ASK."""
    if result.kind == "ASK":
        return 1
    return len(result.graph) if result.graph is not None else len(result.rows)


class QueryTimeout(BaseException):
    """A query ran past the benchmark's time limit (a BaseException: run_query wraps Exceptions)."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise QueryTimeout


def _run_query(
    graph: Any, query: Any, params: dict[str, str], timeout_s: float, limit: int | None = None
) -> int | None:
    """Rows of a named query run as `graphbuild query` runs it (graphbuild.serve.queries.run_query:
    native Oxigraph evaluation on that store); None when it runs past `timeout_s`."""
    from graphbuild.serve.queries import run_query

    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout_s)
    try:
        return _size(run_query(graph, query, params, limit=limit))
    except QueryTimeout:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def measure_backend(
    backend: str,
    data: Path,
    params: dict[str, str],
    work: Path,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    runs: int = RUNS,
) -> dict[str, Any]:
    """Load, query and export on one backend; sizes and times."""
    from graphbuild.graph.store import close_graph, dump, load_into, open_graph, oxigraph_store

    gc.collect()
    rss0 = _rss_mib()
    store_dir = work / f"store-{backend}"
    spec = "memory" if backend == "memory" else f"oxigraph:{store_dir}"
    cpu0, start = _cpu(), time.perf_counter()
    graph = open_graph(spec)
    load_into(graph, data)
    result: dict[str, Any] = {"load_s": time.perf_counter() - start, "load_cpu_s": _cpu() - cpu0}
    triples = len(graph)
    result["triples"] = triples
    gc.collect()
    if backend == "memory":
        result["size_bytes"] = int((_rss_mib() - rss0) * 2**20)
        result["size_basis"] = "RSS delta after load"
    else:
        oxigraph_store(graph).flush()
        result["size_bytes"] = _dir_bytes(store_dir)
        result["size_basis"] = "store directory on disk"
    result["bytes_per_triple"] = result["size_bytes"] / max(triples, 1)

    queries: dict[str, Any] = {}
    for name, query in named_queries().items():
        bindings = _params_for(query, params)
        times: list[float] = []
        cpu_times: list[float] = []
        rows: int | None = 0
        # Paired runs: the query as it was before its rewrite, and the first page of a long answer.
        before = _before(name)
        pairs: dict[str, list[float]] = {"before": [], "page": []}
        for _ in range(runs):
            cpu0, start = _cpu(), time.perf_counter()
            rows = _run_query(graph, query, bindings, timeout_s)
            if rows is None:
                break
            times.append((time.perf_counter() - start) * 1000)
            cpu_times.append((_cpu() - cpu0) * 1000)
            if before is not None:
                start = time.perf_counter()
                if _run_query(graph, before, bindings, timeout_s) is not None:
                    pairs["before"].append((time.perf_counter() - start) * 1000 / times[-1])
            if rows > PAGE_ROWS:
                start = time.perf_counter()
                if _run_query(graph, query, bindings, timeout_s, limit=PAGE_ROWS) is not None:
                    pairs["page"].append(times[-1] / ((time.perf_counter() - start) * 1000))
            if times[0] > REPEAT_BUDGET_S * 1000:
                break
        queries[name] = {
            "before_over_now": statistics.median(pairs["before"]) if pairs["before"] else None,
            "whole_over_page": statistics.median(pairs["page"]) if pairs["page"] else None,
            "median_ms": statistics.median(times) if times else None,
            "median_cpu_ms": statistics.median(cpu_times) if cpu_times else None,
            "first_ms": times[0] if times else None,
            "runs": len(times),
            "rows": rows,
            "timeout_s": timeout_s if rows is None else None,
            "params": sorted(bindings),
            "loadavg": os.getloadavg()[0],
        }
        print(
            f"  {backend} {name}: {_ms(queries[name])}, {rows} rows{_ratios(queries[name])}"
            f" [{_target(queries[name])}; load average {queries[name]['loadavg']:.1f}]",
            flush=True,
        )
    result["queries"] = queries

    target = work / f"export-{backend}.ttl"
    cpu0, start = _cpu(), time.perf_counter()
    dump(graph, target, "turtle")
    result["export_s"] = time.perf_counter() - start
    result["export_cpu_s"] = _cpu() - cpu0
    result["export_bytes"] = target.stat().st_size
    close_graph(graph)
    # The same graph loaded from the Turtle just written: what a user's graph.ttl costs (Turtle
    # cannot be cut into pieces that load concurrently, as N-Triples is; graphbuild.graph.bulkload).
    again = "memory" if backend == "memory" else f"oxigraph:{work / f'store-{backend}-ttl'}"
    cpu0, start = _cpu(), time.perf_counter()
    reloaded = load_into(open_graph(again), target)
    result["load_turtle_s"] = time.perf_counter() - start
    result["load_turtle_cpu_s"] = _cpu() - cpu0
    close_graph(reloaded)
    target.unlink()
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _before(name: str) -> Any:
    """The named query as it was before it was rewritten for speed, if it was."""
    from graphbuild.serve.queries import load_query

    path = BEFORE / f"{name}.rq"
    return load_query(path) if path.is_file() else None


def _ratios(query: dict[str, Any]) -> str:
    """The paired ratios of a query, for its line of output."""
    said = []
    if query.get("before_over_now") is not None:
        said.append(f"{query['before_over_now']:.1f}x faster than before its rewrite")
    if query.get("whole_over_page") is not None:
        said.append(f"first {PAGE_ROWS} rows {query['whole_over_page']:.1f}x faster than all")
    return "".join(f"; {s}" for s in said)


def _ms(query: dict[str, Any]) -> str:
    if query["median_ms"] is None:
        return f"> {query['timeout_s']:.0f} s (timed out)"
    return f"{query['median_ms']:.1f} ms (CPU {query['median_cpu_ms']:.1f})"


def _target(query: dict[str, Any]) -> str:
    """Whether a query's median meets the target (TARGETS["query_median_ms"])."""
    limit = TARGETS["query_median_ms"]
    if query["median_ms"] is not None and query["median_ms"] <= limit:
        return f"under {limit:.0f} ms"
    return f"OVER {limit:.0f} ms"


def _verdict(result: dict[str, Any]) -> list[str]:
    """Which targets a backend misses."""
    misses = []
    if result["load_s"] > TARGETS["load_s"]:
        misses.append(f"load {result['load_s']:.1f} s")
    if result["load_turtle_s"] > TARGETS["load_s"]:
        misses.append(f"Turtle load {result['load_turtle_s']:.1f} s")
    if result["export_s"] > TARGETS["export_s"]:
        misses.append(f"export {result['export_s']:.1f} s")
    if result["bytes_per_triple"] > TARGETS["bytes_per_triple"]:
        misses.append(f"{result['bytes_per_triple']:.0f} B/triple")
    slow = [
        f"{n} {_ms(q)}"
        for n, q in result["queries"].items()
        if q["median_ms"] is None or q["median_ms"] > TARGETS["query_median_ms"]
    ]
    return misses + slow


def _worker(args: argparse.Namespace) -> None:
    params = json.loads(args.params.read_text(encoding="utf-8"))
    result = measure_backend(
        args.worker, args.data, params, args.work, args.query_timeout, args.runs
    )
    print(json.dumps(result))


def _measure(
    backend: str, data: Path, params: Path, work: Path, args: argparse.Namespace
) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.bench_graph", "--worker", backend]
    command += ["--data", str(data), "--params", str(params), "--work", str(work)]
    command += ["--query-timeout", str(args.query_timeout), "--runs", str(args.runs)]
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(command, capture_output=True, text=True, cwd=root, check=False)
    sys.stdout.write("".join(line + "\n" for line in done.stdout.splitlines()[:-1]))
    if done.returncode != 0:
        raise SystemExit(f"{backend} measurement failed:\n{done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _table(results: dict[str, dict[str, Any]]) -> str:
    names = sorted({q for r in results.values() for q in r["queries"]})
    head = "| measure | " + " | ".join(results) + " |"
    lines = [head, "|---|" + "---:|" * len(results)]

    def row(label: str, cell: Any) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results.values()) + " |")

    row("triples", lambda r: f"{r['triples']:,}")
    row("load N-Triples (s)", lambda r: f"{r['load_s']:.1f} (CPU {r['load_cpu_s']:.1f})")
    row("load Turtle (s)", lambda r: f"{r['load_turtle_s']:.1f} (CPU {r['load_turtle_cpu_s']:.1f})")
    row("Turtle export (s)", lambda r: f"{r['export_s']:.1f} (CPU {r['export_cpu_s']:.1f})")
    row("bytes per triple", lambda r: f"{r['bytes_per_triple']:.0f}")
    for name in names:
        row(
            f"`{name}` median",
            lambda r, n=name: (
                f"{_ms(r['queries'][n])}{_ratios(r['queries'][n])} ({_target(r['queries'][n])})"
            ),
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000, help="approximate graph size")
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="write all measurements here")
    parser.add_argument(
        "--query-timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds per query run"
    )
    parser.add_argument("--runs", type=int, default=RUNS, help="runs per query (median)")
    parser.add_argument("--worker", choices=BACKENDS, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--params", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args)
        return 0

    from benchmarks.synthgraph import write_graph

    print(
        f"bench_graph {' '.join(sys.argv[1:] if argv is None else argv)}: {os.cpu_count()} CPUs,"
        f" load average {os.getloadavg()[0]:.1f} at the start (times under load are inflated;"
        f" the paired ratios are not); target: every named query under"
        f" {TARGETS['query_median_ms']:.0f} ms median"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = work / "graph.nt"
        start = time.perf_counter()
        lines = write_graph(data, args.triples, args.seed)
        print(f"generated {lines:,} N-Triples lines in {time.perf_counter() - start:.1f} s")
        params = choose_params(data)
        params_file = work / "params.json"
        params_file.write_text(json.dumps(params), encoding="utf-8")
        results = {b: _measure(b, data, params_file, work, args) for b in args.backends}
    for backend, result in results.items():
        misses = _verdict(result)
        print(
            f"{backend}: " + ("meets every target" if not misses else "misses " + ", ".join(misses))
        )
        under = [n for n, q in result["queries"].items() if _target(q).startswith("under")]
        print(
            f"{backend}: {len(under)} of {len(result['queries'])} named queries under"
            f" {TARGETS['query_median_ms']:.0f} ms median; load average at the end"
            f" {os.getloadavg()[0]:.1f}"
        )
    print(_table(results))
    if args.json:
        report = {
            "triples_requested": args.triples,
            "params": params,
            "cpus": os.cpu_count(),
            "loadavg_at_end": os.getloadavg(),
            "targets": TARGETS,
            "backends": results,
        }
        atomic_write_text(args.json, json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
