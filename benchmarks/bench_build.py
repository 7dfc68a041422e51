"""Build throughput: the unmodified spaCy pipeline's `nlp.pipe` (raw) against graphbuild's build
on the same texts, in paired runs.

Each measurement runs in its own subprocess so that its peak RSS is its own; with `--runs N` the
two sides alternate N times under like load and the median of the paired ratios is printed. raw =
the installed pipeline as spaCy ships it (`graphbuild.extract.nlp.load_spacy`: tok2vec, tagger,
parser, attribute_ruler, lemmatizer, ner); the build uses graphbuild's pipeline (the
attribute_ruler's rules as a table, the gazetteer's entity ruler), and measures extract + Turtle
and statements.jsonl writes, as `graphbuild build -o` does. Both load before the clock starts.

    python -m benchmarks.bench_build --docs 100 --runs 3     # build/raw, one process
    python -m benchmarks.bench_build --docs 500 1000 2000 --jobs 1 --batch-size 32 --json out.json
    python -m benchmarks.bench_build --docs 500 --store oxigraph   # build into an Oxigraph store
    python -m benchmarks.bench_build --docs 150 --stages 7   # CPU ms/article of each stage
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.corpus import DEFAULT_SEED, generate_corpus
from graphbuild.fsutil import atomic_open, atomic_write_text

MIB = 1024 * 1024
TARGET_RATIO = 0.95
TARGET_RSS_10K_MIB = 2048


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime


def _peaks() -> dict[str, float]:
    """Peak RSS (MiB) of this process and of its largest finished child (spaCy workers)."""
    return {
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_rss_child_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def write_corpus_jsonl(path: Path, n: int, seed: int = DEFAULT_SEED) -> None:
    """The first `n` synthetic articles as JSONL with their metadata, as `graphbuild build` reads."""
    with atomic_open(path) as handle:
        for d in generate_corpus(n, seed):
            record = {"id": d.id, "text": d.text, "title": d.title, "date": d.date}
            record |= {"source": d.source, "url": d.url}
            handle.write(json.dumps(record) + "\n")


def _documents(corpus: Path) -> list[Any]:
    from graphbuild.documents import read_inputs

    return list(read_inputs([str(corpus)]))


def run_raw(corpus: Path, jobs: int, batch_size: int) -> dict[str, Any]:
    """Parse every text with the unmodified pipeline's `nlp.pipe` and nothing else; count tokens."""
    from graphbuild.extract.nlp import load_spacy

    documents = _documents(corpus)
    start = time.perf_counter()
    nlp = load_spacy()
    load_s = time.perf_counter() - start
    texts = [d.text for d in documents]
    cpu0, start = _cpu(), time.perf_counter()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=jobs):
        tokens += len(doc)
    return {
        "docs": len(texts),
        "tokens": tokens,
        "words": sum(len(t.split()) for t in texts),
        "pipeline": nlp.pipe_names,
        "load_s": load_s,
        "wall_s": time.perf_counter() - start,
        "cpu_s": _cpu() - cpu0,
    }


def run_build(
    corpus: Path,
    jobs: int,
    batch_size: int,
    outdir: Path,
    profile: Path | None = None,
    store: str = "stream",
) -> dict[str, Any]:
    """Build graph.ttl and statements.jsonl through the build service (`graphbuild.builder.run`),
    as `graphbuild build -o --no-page --no-cache` does: "stream" generates the triples straight
    into the Turtle writer (no graph in memory); "oxigraph" builds into an on-disk Oxigraph store
    first (`--store oxigraph:DIR`) and dumps it. The pipeline is loaded before the clock starts."""
    import pyoxigraph as ox

    from graphbuild.builder import BuildOptions, ExtractionPlan, run
    from graphbuild.builder.worker import load_worker
    from graphbuild.extract.nlp import pipeline_name

    documents = _documents(corpus)
    if jobs == 1:
        load_worker(pipeline_name())  # the build then extracts with this process's pipeline
    options = BuildOptions(page=False, extraction=ExtractionPlan(jobs=jobs, batch_size=batch_size))
    into = f"oxigraph:{outdir / 'store'}" if store == "oxigraph" else None
    profiler = cProfile.Profile() if profile else None
    cpu0, start = _cpu(), time.perf_counter()
    if profiler:
        profiler.enable()
    report = run(documents, outdir=outdir, into=into, options=options)
    if profiler and profile:
        profiler.disable()
        profiler.dump_stats(profile)
    wall, cpu = time.perf_counter() - start, _cpu() - cpu0
    assert report.summary is not None
    with (outdir / "graph.ttl").open("rb") as handle:
        triples = sum(1 for _ in ox.parse(handle, format=ox.RdfFormat.TURTLE))
    return {
        "docs": len(documents),
        "store": store,
        "statements": sum(report.summary.statements.values()),
        "triples": triples,
        "turtle_bytes": (outdir / "graph.ttl").stat().st_size,
        "wall_s": wall,
        "cpu_s": cpu,
    }


def stage_times(corpus: Path, repeat: int) -> dict[str, float]:
    """CPU ms per article of each of graphbuild's stages on Docs parsed once beforehand, the
    least of `repeat` runs (a shared VM's noise only ever adds time). What extraction caches on a
    Doc (`Doc.user_data`) is cleared before each run, so that every run pays for it."""
    from graphbuild.builder.statements_jsonl import generate_jsonl
    from graphbuild.extract.entities import resolve_entities
    from graphbuild.extract.gazetteer import load_gazetteer
    from graphbuild.extract.lexicon import load_lexicon
    from graphbuild.extract.nlp import load_pipeline
    from graphbuild.extract.pipeline import document_result
    from graphbuild.extract.posts import extract_posts
    from graphbuild.extract.relations import extract_relations
    from graphbuild.graph.export import write_triples
    from graphbuild.graph.rdfgraph import generate_triples

    documents = _documents(corpus)
    nlp, gazetteer, lexicon = load_pipeline(), load_gazetteer(), load_lexicon()
    docs = list(nlp.pipe(d.text for d in documents))
    pairs = list(zip(docs, documents, strict=True))
    indexes = [resolve_entities(doc, document, gazetteer) for doc, document in pairs]
    results = [document_result(doc, document, gazetteer, lexicon) for doc, document in pairs]
    out = Path(tempfile.mkdtemp()) / "graph.ttl"
    stages: dict[str, Any] = {
        "entities": lambda: [resolve_entities(doc, document, gazetteer) for doc, document in pairs],
        "posts": lambda: [
            list(extract_posts(doc, document, index, gazetteer))
            for (doc, document), index in zip(pairs, indexes, strict=True)
        ],
        "relations": lambda: [
            list(extract_relations(doc, document, index, lexicon=lexicon, gazetteer=gazetteer))
            for (doc, document), index in zip(pairs, indexes, strict=True)
        ],
        "document_result (all above)": lambda: [
            document_result(doc, document, gazetteer, lexicon) for doc, document in pairs
        ],
        "statements.jsonl": lambda: list(generate_jsonl(results)),
        "triples": lambda: sum(1 for _ in generate_triples(results)),
        "triples + Turtle": lambda: write_triples(generate_triples(results), out),
    }
    times: dict[str, float] = {}
    for name, run in stages.items():
        best = float("inf")
        for _ in range(repeat):
            for doc in docs:
                doc.user_data.clear()
            cpu0 = time.process_time()
            run()
            best = min(best, time.process_time() - cpu0)
        times[name] = 1000 * best / len(pairs)
    out.unlink()
    out.parent.rmdir()
    return times


def _worker(args: argparse.Namespace) -> None:
    if args.worker == "raw":
        result = run_raw(args.corpus, args.jobs, args.batch_size)
    else:
        with tempfile.TemporaryDirectory() as out:
            result = run_build(
                args.corpus, args.jobs, args.batch_size, Path(out), args.profile, args.store
            )
    result |= _peaks()
    print(json.dumps(result))


def _measure(kind: str, corpus: Path, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.bench_build", "--worker", kind]
    command += ["--corpus", str(corpus), "--jobs", str(args.jobs)]
    command += ["--batch-size", str(args.batch_size)]
    if kind == "raw" and args.raw_batch_size:
        command[command.index("--batch-size") + 1] = str(args.raw_batch_size)
    if kind == "build" and args.profile:
        command += ["--profile", str(args.profile)]
    if kind == "build":
        command += ["--store", args.store]
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(command, capture_output=True, text=True, cwd=root, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} measurement failed:\n{done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def profile_summary(path: Path, top: int = 25) -> str:
    """Where the build spends time outside spaCy/thinc: graphbuild and rdflib, by own time."""
    stream = io.StringIO()
    stats = pstats.Stats(str(path), stream=stream)
    stats.sort_stats("tottime").print_stats(r"graphbuild|rdflib|oxrdflib|json|yaml", top)
    stats.sort_stats("cumulative").print_stats(r"graphbuild/", top)
    return stream.getvalue()


def _fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least-squares line y = a + b x."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    var = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0.0
    return my - slope * mx, slope


def _rows(runs: list[dict[str, Any]]) -> Iterator[str]:
    yield (
        "| docs | tokens | raw tok/s | build tok/s | build/raw wall | build/raw CPU"
        " | raw peak MiB | build peak MiB |"
    )
    yield "|---:|---:|---:|---:|---:|---:|---:|---:|"
    for r in runs:
        raw, build = r["raw"], r["build"]
        yield (
            f"| {raw['docs']} | {raw['tokens']} | {raw['tokens_per_s']:.0f} |"
            f" {build['tokens_per_s']:.0f} | {r['ratio']:.3f} | {r['cpu_ratio']:.3f} |"
            f" {raw['total_peak_rss_mib']:.0f} | {build['total_peak_rss_mib']:.0f} |"
        )


def _paired_run(n: int, corpus: Path, args: argparse.Namespace, raw_first: bool) -> dict[str, Any]:
    """One build and (unless --build-only) one raw measurement on `corpus`, one after the other
    (which first alternates between rounds), with their ratios."""
    if args.build_only:
        build = _measure("build", corpus, args)
        build["total_peak_rss_mib"] = build["peak_rss_mib"]
        print(
            f"{n} docs: build {build['wall_s']:.1f} s, cpu {build['cpu_s']:.1f} s,"
            f" peak {build['peak_rss_mib']:.0f} MiB, {build['triples']} triples",
            flush=True,
        )
        return {"docs": n, "build": build}
    order = ["raw", "build"] if raw_first else ["build", "raw"]
    measured = {kind: _measure(kind, corpus, args) for kind in order}
    raw, build = measured["raw"], measured["build"]
    for m in (raw, build):
        m["tokens_per_s"] = raw["tokens"] / m["wall_s"]
        m["total_peak_rss_mib"] = m["peak_rss_mib"] + args.jobs * m["peak_rss_child_mib"]
    run = {
        "docs": n,
        "raw": raw,
        "build": build,
        "ratio": raw["wall_s"] / build["wall_s"],
        "cpu_ratio": raw["cpu_s"] / build["cpu_s"],
        "loadavg": os.getloadavg()[0],
    }
    print(
        f"{n} docs, {raw['tokens']} tokens: raw {raw['tokens_per_s']:.0f} tok/s"
        f" ({raw['wall_s']:.1f} s, cpu {raw['cpu_s']:.1f} s, peak {raw['peak_rss_mib']:.0f} MiB);"
        f" build {build['tokens_per_s']:.0f} tok/s ({build['wall_s']:.1f} s,"
        f" cpu {build['cpu_s']:.1f} s, peak {build['peak_rss_mib']:.0f} MiB"
        f"); build/raw = {run['ratio']:.3f} wall, {run['cpu_ratio']:.3f} CPU"
        f" (target >= {TARGET_RATIO}); load {run['loadavg']:.1f}",
        flush=True,
    )
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[200], help="corpus sizes")
    parser.add_argument("--jobs", type=int, default=1, help="spaCy processes (n_process)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument(
        "--raw-batch-size",
        type=int,
        help="raw nlp.pipe's batch size (default --batch-size; the build parses PARSE_BATCH at once)",
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="paired raw/build runs a size (median ratio printed)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", type=Path, help="write all measurements here")
    parser.add_argument("--profile", type=Path, help="cProfile the build; print its top items")
    parser.add_argument(
        "--store",
        choices=["stream", "oxigraph"],
        default="stream",
        help="stream: triples straight to Turtle, as `build -o`; oxigraph: via an on-disk store",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="skip raw nlp.pipe (memory scaling runs)"
    )
    parser.add_argument(
        "--stages",
        type=int,
        metavar="REPEAT",
        help="instead: CPU ms/article of each stage on pre-parsed Docs, least of REPEAT runs",
    )
    parser.add_argument("--worker", choices=["raw", "build"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args)
        return 0

    if args.stages:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus.jsonl"
            write_corpus_jsonl(corpus, args.docs[0], args.seed)
            for name, ms in stage_times(corpus, args.stages).items():
                print(f"{name:28} {ms:7.2f} ms/article")
        return 0

    from graphbuild.builder.worker import PARSE_BATCH as parse_batch

    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sorted(set(args.docs)):
            corpus = Path(tmp) / f"corpus-{n}.jsonl"
            write_corpus_jsonl(corpus, n, args.seed)
            for round_ in range(args.runs):
                run = _paired_run(n, corpus, args, raw_first=round_ % 2 == 1)
                runs.append(run)
            if not args.build_only:
                paired = [r for r in runs if r["docs"] == n]
                cpu_ratio = statistics.median(r["cpu_ratio"] for r in paired)
                verdict = "met" if cpu_ratio >= TARGET_RATIO else "missed"
                print(
                    f"{n} docs, median of {args.runs} paired runs: build/raw ="
                    f" {statistics.median(r['ratio'] for r in paired):.3f} wall,"
                    f" {cpu_ratio:.3f} CPU (target >= {TARGET_RATIO} CPU: {verdict});"
                    f" parse batch raw {args.raw_batch_size or args.batch_size},"
                    f" build {parse_batch}; load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
    report: dict[str, Any] = {
        "store": args.store,
        "jobs": args.jobs,
        "batch_size": args.batch_size,
        "seed": args.seed,
        "cpus": os.cpu_count(),
        "loadavg_at_end": os.getloadavg(),
        "runs": runs,
    }
    if len({r["docs"] for r in runs}) >= 2:
        xs = [float(r["docs"]) for r in runs]
        a, b = _fit(xs, [r["build"]["total_peak_rss_mib"] for r in runs])
        report["build_rss_fit_mib"] = {"intercept": a, "per_doc": b, "at_10000": a + b * 10000}
        print(
            f"build peak RSS ~ {a:.0f} MiB + {b:.3f} MiB/doc -> {a + b * 10000:.0f} MiB at"
            f" 10,000 docs (target <= {TARGET_RSS_10K_MIB} MiB)"
        )
    if not args.build_only:
        print("\n".join(_rows(runs)))
    if args.profile:
        summary = profile_summary(args.profile)
        report["profile"] = summary
        print(summary)
    if args.json:
        atomic_write_text(args.json, json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
