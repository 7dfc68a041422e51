"""Scale-out throughput: the same build through each executor of the build service, in one run.

Executors: `local` (one process), `jobsN` (`--jobs N` worker processes), `daskN` (a local Dask
cluster of N single-threaded worker processes, `--workers N`). Each runs in its own subprocess:
the executor is started and warmed up on the first batches (pipeline loaded in every worker),
then the timed build writes graph.ttl and statements.jsonl of the whole corpus (no page, no
cache) through `graphbuild.builder.run`. A sampler in this process (not in the measured one, whose
threads would change how `--jobs` starts its workers) sums the RSS and PSS of the subprocess and
all its descendants (workers, nannies) every 0.2 s, from start to end, for the peak memory.

    python -m benchmarks.bench_scale --docs 200 --executors local,jobs2,dask1,dask2 --runs 2
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.bench_build import write_corpus_jsonl
from benchmarks.corpus import DEFAULT_SEED
from graphbuild.fsutil import atomic_write_text

MIB = 1024 * 1024
TARGET_DASK2_OVER_DASK1 = 1.7
TARGET_DASK1_OVERHEAD = 0.10
TARGET_JOBS2_OVER_LOCAL = 1.6  # issue 15: --jobs 2 against one job, idle machine
TARGET_JOBS2_MEMORY = 1.3  # issue 15: peak PSS of the process tree, --jobs 2 against one job


class TreeMemory:
    """Peak summed RSS and PSS (MiB) of a process (default: this one) and its descendants,
    sampled in a thread:
    RSS every `interval` seconds (~0.02 ms a process), PSS every `pss_every` samples (~7 ms a
    process: reading smaps_rollup). `cpu_s` is the sampler's own CPU time."""

    def __init__(self, interval: float = 0.2, pss_every: int = 10, pid: int | None = None) -> None:
        import psutil

        self._psutil = psutil
        self._root = psutil.Process(pid)
        self.interval = interval
        self.pss_every = pss_every
        self.peak_rss = self.peak_pss = 0.0
        self.cpu_s = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self, pss: bool) -> None:
        start = time.thread_time()
        rss = pss_sum = 0
        try:
            tree = [self._root, *self._root.children(recursive=True)]
        except self._psutil.NoSuchProcess:  # the measured process has ended
            tree = []
        for process in tree:
            try:
                if pss:
                    info = process.memory_full_info()
                    pss_sum += getattr(info, "pss", info.rss)
                else:
                    info = process.memory_info()
            except (self._psutil.NoSuchProcess, self._psutil.AccessDenied):
                continue
            rss += info.rss
        with self._lock:
            self.peak_rss = max(self.peak_rss, rss / MIB)
            if pss:
                self.peak_pss = max(self.peak_pss, pss_sum / MIB)
            self.cpu_s += time.thread_time() - start

    def _run(self) -> None:
        count = 0
        while not self._stop.wait(self.interval):
            count += 1
            self._sample(pss=count % self.pss_every == 0)

    def sampler_cpu(self) -> float:
        with self._lock:
            return self.cpu_s

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample(pss=True)


def _tree_cpu() -> float:
    """CPU seconds (user + system) of this process and its live descendants."""
    import psutil

    total = 0.0
    root = psutil.Process()
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def parse_executor(name: str) -> tuple[str, int]:
    """'local' -> ('local', 1); 'jobs2' -> ('jobs', 2); 'dask2' -> ('dask', 2)."""
    for kind in ("local", "jobs", "dask"):
        if name.startswith(kind):
            count = name[len(kind) :] or "1"
            if count.isdigit() and int(count) >= 1 and (kind != "local" or count == "1"):
                return kind, int(count)
    raise argparse.ArgumentTypeError(f"unknown executor {name!r}: local, jobsN or daskN")


def _executor(kind: str, n: int, model: str) -> Any:
    from graphbuild.builder.executors import LocalExecutor, ProcessExecutor
    from graphbuild.builder.worker import load_worker

    if kind == "local":
        load_worker(model)
        return LocalExecutor(model)
    if kind == "jobs":
        return ProcessExecutor(model, n)
    from graphbuild.builder.cluster import DaskExecutor

    return DaskExecutor(model, workers=n)


def measure(kind: str, n: int, corpus: Path, batch_size: int) -> dict[str, Any]:
    """Start the executor, warm it up on the first 2n batches, then time the whole build."""
    import psutil

    from graphbuild.builder import BuildOptions, ExtractionPlan, run
    from graphbuild.documents import read_inputs
    from graphbuild.extract.nlp import pipeline_name

    documents = list(read_inputs([str(corpus)]))
    options = BuildOptions(page=False, extraction=ExtractionPlan(batch_size=batch_size))
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        executor = _executor(kind, n, pipeline_name())
        try:
            warm = documents[: 2 * n * batch_size]
            run(warm, outdir=Path(tmp) / "warm", options=options, executor=executor)
            startup = time.perf_counter() - start
            main0 = sum(psutil.Process().cpu_times()[:2])
            cpu0, start = _tree_cpu(), time.perf_counter()
            report = run(documents, outdir=Path(tmp) / "out", options=options, executor=executor)
            wall = time.perf_counter() - start
            cpu = _tree_cpu() - cpu0
            main_cpu = sum(psutil.Process().cpu_times()[:2]) - main0
            jsonl = (Path(tmp) / "out" / "statements.jsonl").read_bytes()
        finally:
            executor.close()
    assert report.summary is not None
    import hashlib

    return {
        "executor": f"{kind}{n if kind != 'local' else ''}",
        "docs": len(documents),
        "startup_s": startup,
        "wall_s": wall,
        "cpu_s": cpu,
        "main_cpu_s": main_cpu,
        "docs_per_s": len(documents) / wall,
        "statements": sum(report.summary.statements.values()),
        "statements_sha256": hashlib.sha256(jsonl).hexdigest(),
    }


def _subprocess(name: str, corpus: Path, batch_size: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.bench_scale", "--worker", name]
    command += ["--corpus", str(corpus), "--batch-size", str(batch_size)]
    root = Path(__file__).resolve().parent.parent
    with (
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=root
        ) as process,
        TreeMemory(pid=process.pid) as memory,
    ):
        out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"{name} measurement failed:\n{err.strip()[-2000:]}")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result | {"peak_rss_mib": memory.peak_rss, "peak_pss_mib": memory.peak_pss}


def _ratios(medians: dict[str, dict[str, float]]) -> Iterator[tuple[str, float, str]]:
    """(what, ratio, target) for the pairs the scale-out targets name."""

    def rate(name: str) -> float | None:
        return medians[name]["docs_per_s"] if name in medians else None

    local, dask1, dask2 = rate("local"), rate("dask1"), rate("dask2")
    if dask1 and dask2:
        yield "dask2 / dask1 throughput", dask2 / dask1, f">= {TARGET_DASK2_OVER_DASK1}"
    if local and dask1:
        yield "dask1 / local throughput", dask1 / local, f">= {1 - TARGET_DASK1_OVERHEAD:.2f}"
    for name in sorted(medians):
        if name.startswith("jobs") and local:
            target = f">= {TARGET_JOBS2_OVER_LOCAL}" if name == "jobs2" else ""
            yield f"{name} / local throughput", medians[name]["docs_per_s"] / local, target
        if name.startswith("dask") and name not in ("dask1", "dask2") and dask1:
            yield f"{name} / dask1 throughput", medians[name]["docs_per_s"] / dask1, ""
    if "local" in medians:
        for name in sorted(medians):
            if name != "local":
                base = medians["local"]["peak_pss_mib"]
                target = f"<= {TARGET_JOBS2_MEMORY}" if name == "jobs2" else ""
                yield f"{name} / local peak PSS", medians[name]["peak_pss_mib"] / base, target


def _verdict(ratio: float, target: str) -> str:
    """'met' or 'missed' for a target written '>= X' or '<= X'."""
    op, value = target.split()
    return "met" if (ratio >= float(value) if op == ">=" else ratio <= float(value)) else "missed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200, help="synthetic articles")
    parser.add_argument(
        "--executors",
        default="local,jobs2,dask1,dask2",
        help="comma-separated: local, jobsN, daskN (default local,jobs2,dask1,dask2)",
    )
    parser.add_argument("--batch-size", type=int, default=8, help="documents per batch")
    parser.add_argument("--runs", type=int, default=1, help="rounds over all executors (medians)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", type=Path, help="write all measurements here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        kind, n = parse_executor(args.worker)
        print(json.dumps(measure(kind, n, args.corpus, args.batch_size)))
        return 0

    names = [name.strip() for name in args.executors.split(",") if name.strip()]
    for name in names:
        parse_executor(name)
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write_corpus_jsonl(corpus, args.docs, args.seed)
        for round_ in range(args.runs):
            for name in names:  # each round runs every executor once: paired under like load
                result = _subprocess(name, corpus, args.batch_size) | {"round": round_}
                runs.append(result)
                print(
                    f"round {round_ + 1} {name:>6}: {result['docs_per_s']:.2f} docs/s"
                    f" ({result['wall_s']:.1f} s wall, {result['cpu_s']:.1f} s CPU,"
                    f" startup {result['startup_s']:.1f} s), peak RSS {result['peak_rss_mib']:.0f}"
                    f" MiB, PSS {result['peak_pss_mib']:.0f} MiB, load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
    digests = {r["statements_sha256"] for r in runs}
    medians = {
        name: {
            key: statistics.median(r[key] for r in runs if r["executor"] == name)
            for key in (
                "docs_per_s",
                "wall_s",
                "cpu_s",
                "main_cpu_s",
                "startup_s",
                "peak_rss_mib",
                "peak_pss_mib",
            )
        }
        for name in names
    }
    print(
        f"\n{args.docs} synthetic articles, batch size {args.batch_size}, {args.runs} round(s),"
        f" {os.cpu_count()} CPUs; statements.jsonl identical across executors: {len(digests) == 1}"
    )
    print(
        "| executor | docs/s | wall s | CPU s | CPU ms/article | main process CPU ms/article"
        " | startup s | peak RSS MiB | peak PSS MiB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, m in medians.items():
        print(
            f"| {name} | {m['docs_per_s']:.2f} | {m['wall_s']:.1f} | {m['cpu_s']:.1f} |"
            f" {1000 * m['cpu_s'] / args.docs:.0f} | {1000 * m['main_cpu_s'] / args.docs:.0f} |"
            f" {m['startup_s']:.1f} |"
            f" {m['peak_rss_mib']:.0f} | {m['peak_pss_mib']:.0f} |"
        )
    ratios = list(_ratios(medians))
    for what, ratio, target in ratios:
        print(
            f"{what}: {ratio:.2f}"
            + (f" (target {target}: {_verdict(ratio, target)})" if target else "")
        )
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    report = {
        "docs": args.docs,
        "batch_size": args.batch_size,
        "runs": runs,
        "medians": medians,
        "ratios": {what: ratio for what, ratio, _ in ratios},
        "identical_statements": len(digests) == 1,
        "cpus": os.cpu_count(),
        "loadavg_at_end": os.getloadavg(),
    }
    if args.json:
        atomic_write_text(args.json, json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
