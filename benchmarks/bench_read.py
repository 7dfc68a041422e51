"""Reading a graph file: `graphbuild query GRAPH NAME` as it ran before (the file parsed into
rdflib's memory store, rdflib's SPARQL engine) against now (Oxigraph's memory store, native
queries), in paired runs of one invocation; each run is its own process, so that its time
includes start-up and its peak memory is its own.

    python -m benchmarks.bench_read --docs 400 --runs 3
    python -m benchmarks.bench_read --graph out/graph.ttl --queries leaders most-reported
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from graphbuild.fsutil import atomic_write_text

PATHS = ("rdflib", "oxigraph")
TARGET_SPEEDUP = 8.0


def _worker(path: str, graph_file: Path, query: str) -> dict[str, Any]:
    """Load and query once as `graphbuild query` does on `path`; times in seconds."""
    start = time.perf_counter()
    from graphbuild.serve.queries import format_result, resolve_query, run_query

    imported = time.perf_counter()
    if path == "rdflib":
        from graphbuild.graph.rdfgraph import load_graph

        graph = load_graph(graph_file)
    else:
        from graphbuild.cli import open_graph

        graph = open_graph(str(graph_file))
    loaded = time.perf_counter()
    result = run_query(graph, resolve_query(query), {})
    text = format_result(result, "table")
    done = time.perf_counter()
    return {
        "import_s": imported - start,
        "load_s": loaded - imported,
        "query_s": done - loaded,
        "rows": len(result.rows) if result.graph is None else len(result.graph),
        "output_chars": len(text),
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_once(path: str, graph_file: Path, query: str) -> dict[str, Any]:
    """One run in a fresh process; adds its wall time (start-up included)."""
    command = [sys.executable, "-m", "benchmarks.bench_read", "--worker", path]
    command += ["--graph", str(graph_file), "--queries", query]
    root = Path(__file__).resolve().parent.parent
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=root, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{path} run of {query} failed:\n{done.stderr.strip()[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_s"] = wall
    result["cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


def build_graph_file(docs: int, work: Path) -> Path:
    """`graphbuild build` of the first `docs` articles of the benchmarks' synthetic corpus."""
    from benchmarks.bench_build import write_corpus_jsonl

    corpus = work / "corpus.jsonl"
    write_corpus_jsonl(corpus, docs)
    out = work / "build"
    command = [sys.executable, "-m", "graphbuild", "build", str(corpus), "-o", str(out)]
    command += ["-q", "--no-page", "--no-cache"]
    root = Path(__file__).resolve().parent.parent
    subprocess.run(command, check=True, cwd=root, capture_output=True)
    return out / "graph.ttl"


def compare(graph_file: Path, queries: list[str], runs: int) -> dict[str, Any]:
    """Paired runs (old path, new path, alternating) of each query; medians and ratios."""
    report: dict[str, Any] = {}
    for query in queries:
        samples: dict[str, list[dict[str, Any]]] = {p: [] for p in PATHS}
        for _ in range(runs):
            for path in PATHS:
                samples[path].append(run_once(path, graph_file, query))
        rows = {p: {s["rows"] for s in samples[p]} for p in PATHS}
        outputs = {p: {s["output_chars"] for s in samples[p]} for p in PATHS}
        entry: dict[str, Any] = {"same_answer_size": rows["rdflib"] == rows["oxigraph"]}
        entry["same_answer_size"] &= outputs["rdflib"] == outputs["oxigraph"]
        for path in PATHS:
            entry[path] = {
                key: statistics.median(s[key] for s in samples[path])
                for key in ("wall_s", "cpu_s", "import_s", "load_s", "query_s", "peak_rss_mib")
            }
        pairs = [
            old["wall_s"] / new["wall_s"]
            for old, new in zip(samples["rdflib"], samples["oxigraph"], strict=True)
        ]
        entry["speedup_median"] = statistics.median(pairs)
        entry["speedups"] = pairs
        entry["cpu_speedups"] = [
            old["cpu_s"] / new["cpu_s"]
            for old, new in zip(samples["rdflib"], samples["oxigraph"], strict=True)
        ]
        entry["memory_ratio"] = entry["oxigraph"]["peak_rss_mib"] / entry["rdflib"]["peak_rss_mib"]
        report[query] = entry
        print(_line(query, entry), flush=True)
    return report


def _line(query: str, entry: dict[str, Any]) -> str:
    old, new = entry["rdflib"], entry["oxigraph"]
    verdict = "met" if entry["speedup_median"] >= TARGET_SPEEDUP else "missed"
    pairs = ", ".join(f"{r:.1f}" for r in entry["speedups"])
    cpu = ", ".join(f"{r:.1f}" for r in entry["cpu_speedups"])
    return (
        f"query {query}: rdflib {old['wall_s']:.2f} s (CPU {old['cpu_s']:.2f} s, "
        f"{old['peak_rss_mib']:.0f} MiB), oxigraph {new['wall_s']:.2f} s (CPU {new['cpu_s']:.2f} s, "
        f"{new['peak_rss_mib']:.0f} MiB; load {new['load_s']:.2f} s, query {new['query_s']:.2f} s); "
        f"speed-up {pairs} (median {entry['speedup_median']:.1f}x, target >= {TARGET_SPEEDUP:g}x: "
        f"{verdict}), CPU {cpu}; peak memory {entry['memory_ratio']:.2f}x"
        + ("" if entry["same_answer_size"] else "; ANSWERS DIFFER")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=400, help="articles of the built graph")
    parser.add_argument("--graph", type=Path, help="an existing graph file instead of a build")
    parser.add_argument("--queries", nargs="+", default=["leaders", "most-reported"])
    parser.add_argument("--runs", type=int, default=3, help="paired runs per query")
    parser.add_argument("--json", type=Path, help="write the measurements here")
    parser.add_argument("--worker", choices=PATHS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(args.worker, args.graph, args.queries[0])))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        graph_file = args.graph
        if graph_file is None:
            start = time.perf_counter()
            graph_file = build_graph_file(args.docs, Path(tmp))
            print(f"built {args.docs} articles in {time.perf_counter() - start:.0f} s", flush=True)
        size = graph_file.stat().st_size
        print(f"graph file {graph_file.name}: {size / 2**20:.1f} MiB", flush=True)
        report = compare(graph_file, args.queries, args.runs)
    if args.json:
        extra = {"loadavg_at_end": os.getloadavg(), "cpus": os.cpu_count(), "runs": args.runs}
        atomic_write_text(args.json, json.dumps({**extra, "queries": report}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
