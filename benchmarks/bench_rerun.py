"""Re-run speed: `graphbuild build` on a corpus, then again on the unchanged corpus, then once more
after one article was added (every other article comes from the extraction cache).

Every run is the real command in a subprocess (imports, model load, page and all), so the ratios
are what a user sees; CPU time (user + system of the child) is reported beside wall time. An
unchanged re-run finds its outputs up to date (graphbuild.builder.manifest); the run with one article
added shows what the extraction cache alone saves.

    python -m benchmarks.bench_rerun --docs 300 --runs 2 --json out.json
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_build import write_corpus_jsonl
from graphbuild.fsutil import atomic_write_text

TARGET_SPEEDUP = 10.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(corpus: Path, outdir: Path) -> dict[str, float]:
    """One `graphbuild build CORPUS -o OUTDIR -q` (cache in OUTDIR/.cache): wall and CPU seconds."""
    command = [sys.executable, "-m", "graphbuild", "build", str(corpus), "-o", str(outdir), "-q"]
    root = Path(__file__).resolve().parent.parent
    cpu0, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=root, check=False)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu0
    if done.returncode != 0:
        raise SystemExit(f"graphbuild build failed:\n{done.stderr.strip()[-2000:]}")
    return {"wall_s": wall, "cpu_s": cpu}


def measure(docs: int, runs: int, work: Path) -> dict[str, Any]:
    """A first build of `docs` articles, `runs` re-runs on the unchanged corpus (speed-ups use
    the best), and a run with article `docs + 1` added."""
    corpus = work / "corpus.jsonl"
    write_corpus_jsonl(corpus, docs + 1)
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    corpus.write_text("".join(lines[:docs]), encoding="utf-8")
    outdir = work / "out"
    first = timed_build(corpus, outdir)
    reruns = [timed_build(corpus, outdir) for _ in range(runs)]
    corpus.write_text("".join(lines), encoding="utf-8")
    one_added = timed_build(corpus, outdir)
    return {
        "docs": docs,
        "first": first,
        "reruns": reruns,
        "one_added": one_added,
        "speedup_wall": first["wall_s"] / min(r["wall_s"] for r in reruns),
        "speedup_cpu": first["cpu_s"] / min(r["cpu_s"] for r in reruns),
        "one_added_speedup_wall": first["wall_s"] / one_added["wall_s"],
        "one_added_speedup_cpu": first["cpu_s"] / one_added["cpu_s"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300, help="synthetic articles")
    parser.add_argument("--runs", type=int, default=2, help="re-runs (the best one counts)")
    parser.add_argument("--json", type=Path, help="write the measurements here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = measure(args.docs, args.runs, Path(tmp))
    first, added = result["first"], result["one_added"]
    print(
        f"{args.docs} docs: first {first['wall_s']:.1f} s (CPU {first['cpu_s']:.1f} s); unchanged "
        + ", ".join(f"{r['wall_s']:.1f} s (CPU {r['cpu_s']:.1f} s)" for r in result["reruns"])
        + f": {result['speedup_wall']:.1f}x wall, {result['speedup_cpu']:.1f}x CPU"
        + f" (target >= {TARGET_SPEEDUP:.0f}x); one article added {added['wall_s']:.1f} s"
        + f" (CPU {added['cpu_s']:.1f} s): {result['one_added_speedup_wall']:.1f}x wall,"
        + f" {result['one_added_speedup_cpu']:.1f}x CPU"
    )
    if args.json:
        atomic_write_text(args.json, json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
