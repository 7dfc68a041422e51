"""The build service: documents in, a graph (file, store or rdflib graph) and OUTDIR's outputs out.

Every entry point builds through `run`: the `graphbuild build` command, `graphbuild.build()` and the
benchmarks. It reads the inputs, skips what the graph or this run already holds, takes unchanged
documents from the extraction cache, runs the rest on an executor (this process, `--jobs`
processes or Dask), streams the records into the graph and OUTDIR's files in input order, and
opens and closes the store it builds into. Progress goes to an optional callback.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from graphbuild.builder.executors import ExtractionPlan, batched, make_executor
from graphbuild.builder.outputs import OutdirWriter
from graphbuild.builder.summary import BuildSummary
from graphbuild.errors import InputError
from graphbuild.extract.calibration import at_least
from graphbuild.graph.iris import DEFAULT_BASE
from graphbuild.records import Document, DocumentResult

if TYPE_CHECKING:
    from rdflib import Graph

    from graphbuild.builder.cache import ExtractionCache
    from graphbuild.builder.executors import Executor
    from graphbuild.extract.nlp import LazyPipeline
    from graphbuild.graph.sparqlstore import SparqlWriter
    from graphbuild.graph.store import SparqlLocation

# Asserted statements a build draws on graph.html at most: a network of more edges is too dense to
# explore whole, and the page's graph would be the build's largest use of memory (5.3 GiB at 10k).
PAGE_LIMIT = 20_000


@dataclass(frozen=True)
class BuildOptions:
    """What shapes a build besides its inputs and targets."""

    model: str | None = None
    base: str = DEFAULT_BASE
    page: bool = True
    page_limit: int = PAGE_LIMIT
    cache_dir: Path | None = None  # extraction cache; None: parse every document
    extraction: ExtractionPlan = field(default_factory=ExtractionPlan)
    min_confidence: float = 0.0  # statements below it stay out of every output (not the cache)


@dataclass(frozen=True)
class BuildProgress:
    """How far a build is: documents finished (extracted or from the cache), and documents
    skipped because the graph already holds their content."""

    documents: int
    skipped: int


@dataclass(frozen=True)
class BuildReport:
    """What a build did: the lines to show, whether OUTDIR has a page, and the graph it built
    into when that is an in-memory rdflib graph."""

    messages: tuple[str, ...]
    page_written: bool
    up_to_date: bool = False
    graph: Graph | None = None
    summary: BuildSummary | None = None


Progress = Callable[[BuildProgress], None]


def run(
    inputs: Sequence[str] | Iterable[Document],
    *,
    outdir: Path | None = None,
    into: str | Graph | SparqlLocation | None = None,
    options: BuildOptions | None = None,
    progress: Progress | None = None,
    stdin: TextIO | None = None,
    executor: Executor | None = None,
) -> BuildReport:
    """Build the graph of `inputs` (paths, `-` for `stdin`, or Documents).

    A new graph (no `into`) goes to OUTDIR/graph.ttl, streamed, never held in memory; `into` adds
    to a graph file (rewritten at the end), an `oxigraph:PATH` store (opened and closed here) or
    an rdflib Graph; a SPARQL store (`store.SparqlLocation`) gets one named graph per document,
    replaced whole, as they come (graphbuild.graph.sparqlstore), and OUTDIR, if given, the same graph.
    With OUTDIR, paths as inputs and a cache, a re-run whose inputs and outputs are unchanged since the last build only says so (graphbuild.builder.manifest). Extraction runs as
    `options.extraction` plans it, or on `executor` when given (started and closed by the caller,
    e.g. to keep a cluster across builds).
    """
    from graphbuild.graph.store import FileLocation, SparqlLocation, parse_location

    options = options or BuildOptions()
    if outdir is None and into is None:
        raise InputError("build needs -o OUTDIR or --into GRAPH")
    # A SPARQL store: a new graph as far as OUTDIR goes; the store gets it as it is written.
    remote = into if isinstance(into, SparqlLocation) else None
    target = None if isinstance(into, SparqlLocation) else into
    store_writer = _sparql_writer(remote) if remote is not None else None  # fails before work
    if options.extraction.uses_dask and executor is None:
        from graphbuild.builder.cluster import require_dask

        require_dask()  # before any work (or loading spaCy): the one-line install hint
    from graphbuild.builder import manifest
    from graphbuild.builder.cache import ExtractionCache, fingerprint
    from graphbuild.documents import read_inputs
    from graphbuild.extract.nlp import LazyPipeline

    items = inputs if isinstance(inputs, Sequence) else list(inputs)
    given = [i for i in items if isinstance(i, Document)]
    paths = None if given and len(given) == len(items) else [str(i) for i in items]

    location = parse_location(target) if isinstance(target, str) else None
    into_file = location.path if isinstance(location, FileLocation) else None
    if into_file is not None:
        from graphbuild.graph.export import graph_file_format

        graph_file_format(into_file)  # a suffix graphbuild cannot write back: refused up front
    nlp = LazyPipeline(options.model)  # fails now if the model is not installed
    with contextlib.ExitStack() as locks:
        writer = None
        if outdir is not None:
            writer = locks.enter_context(
                OutdirWriter(
                    outdir, base=options.base, page=options.page, page_limit=options.page_limit
                )
            )
        if into_file is not None:
            locks.enter_context(_locked_file(into_file))
        elif isinstance(target, str):
            locks.enter_context(_locked_store(target))
        # A new graph in OUTDIR, from files, with the cache on: skip the build when nothing
        # changed (checked under OUTDIR's lock, against the digests of the outputs themselves).
        digest = None
        if (
            writer is not None
            and target is None
            and options.cache_dir is not None
            and paths is not None
            and "-" not in paths
        ):
            settings: dict[str, object] = {
                "base": options.base,
                "page": options.page,
                "page_limit": options.page_limit,
            }
            if options.min_confidence > 0:
                settings["min_confidence"] = options.min_confidence
            digest = manifest.inputs_digest(fingerprint(nlp), settings, read_inputs(paths))
            previous = writer.previous()
            if manifest.is_current(previous, digest, writer.outdir):
                assert previous is not None
                lines = (
                    previous.summary,
                    f"{writer.outdir}: up to date with the inputs (nothing was rebuilt)",
                )
                return BuildReport(lines, previous.page_written, up_to_date=True)
        # Read the first document before loading the model: most bad input fails fast.
        stream = iter(given) if paths is None else read_inputs(paths, stdin=stdin)
        first = next(stream, None)
        if first is None:
            raise InputError("no documents in the input")
        cache = ExtractionCache.open(options.cache_dir, nlp) if options.cache_dir else None
        with _target(target, options.base) as graph:
            summary = BuildSummary()
            _build(
                _chain(first, stream),
                graph=graph,
                store=store_writer,
                writer=writer,
                summary=summary,
                cache=cache,
                options=options,
                nlp=nlp,
                progress=progress,
                executor=executor,
            )
            if into_file is not None:
                from graphbuild.graph.export import write_graph_file

                assert graph is not None
                write_graph_file(graph, into_file)  # in the format its suffix names
        said = [summary.format()]
        if store_writer is not None:
            said.append(
                f"wrote {store_writer.triples:,} triples into {remote}"
                " (a named graph a document, replaced whole)"
            )
        messages = list(said)
        if writer is not None:
            notice = writer.page_notice()
            if notice is not None:
                said.append(notice)
                messages.append(notice)
            messages.append(writer.finish(said, digest))
    return BuildReport(
        tuple(messages),
        writer.page_written if writer is not None else False,
        graph=target if not isinstance(target, str) else None,
        summary=summary,
    )


def _sparql_writer(location: SparqlLocation) -> SparqlWriter:
    """A writer into the SPARQL store, its access checked (credentials from the environment)."""
    from graphbuild.graph import sparqlstore

    client = sparqlstore.SparqlClient(location, sparqlstore.credentials_from_env())
    writer = sparqlstore.SparqlWriter(client)
    writer.check_access()
    return writer


@contextlib.contextmanager
def _locked_store(spec: str) -> Iterator[None]:
    """Hold the lock of the on-disk store a build adds to, so that a second build or `load` into
    it fails at once with the holder's PID (Oxigraph's own lock would say only that a LOCK file
    is held)."""
    from graphbuild.fsutil import output_lock
    from graphbuild.graph.store import OxigraphLocation, parse_location

    location = parse_location(spec)
    path = location.path if isinstance(location, OxigraphLocation) else None
    if path is None:
        yield
        return
    with output_lock(path, folder=True, what=spec):
        yield


@contextlib.contextmanager
def _locked_file(path: Path) -> Iterator[None]:
    """Hold the lock of a graph file a build adds to, and remove temporaries a killed build left
    beside it."""
    from graphbuild.fsutil import output_lock, remove_stale_temporaries

    with output_lock(path, folder=False):
        remove_stale_temporaries(path.parent, [path.name], locked=True)
        yield


def _chain(first: Document, rest: Iterator[Document]) -> Iterator[Document]:
    yield first
    yield from rest


@contextlib.contextmanager
def _target(into: str | Graph | None, base: str) -> Iterator[Graph | None]:
    """The graph a build adds to (None: a new graph, streamed to OUTDIR). A store is opened here
    and closed (flushed, compacted) when the build ends, whether it succeeded or not."""
    from rdflib import Graph

    from graphbuild.graph.ontology import bind_prefixes

    if into is None:
        yield None
        return
    if not isinstance(into, str):
        yield bind_prefixes(into, base)
        return
    from graphbuild.graph.store import OxigraphLocation, parse_location

    if isinstance(parse_location(into), OxigraphLocation):
        from graphbuild.graph.store import close_graph, open_graph

        graph = open_graph(into)
        try:
            yield bind_prefixes(graph, base)
        finally:
            close_graph(graph)
        return
    from graphbuild.graph.rdfgraph import load_graph

    yield bind_prefixes(load_graph(into) if Path(into).exists() else Graph(), base)


def _build(
    documents: Iterator[Document],
    *,
    graph: Graph | None,
    store: SparqlWriter | None = None,
    writer: OutdirWriter | None,
    summary: BuildSummary,
    cache: ExtractionCache | None,
    options: BuildOptions,
    nlp: LazyPipeline,
    progress: Progress | None,
    executor: Executor | None,
) -> None:
    """Extract `documents` and stream the records into the graph and OUTDIR's files."""
    from graphbuild.graph.rdfgraph import build_graph, document_hashes, generate_triples

    in_graph = document_hashes(graph) if graph is not None else set()
    seen: set[str] = set()
    replayed: set[str] = set()  # in the graph before this run: extracted for OUTDIR's files only
    done = 0

    def report() -> None:
        if progress is not None:
            progress(BuildProgress(done, summary.skipped))

    def fresh() -> Iterator[Document]:
        """Skip documents seen earlier in this run; those whose content the graph holds already
        are not added again, but with OUTDIR they are still extracted (from the cache, mostly),
        so that statements.jsonl holds every input's statements however often the build ran,
        or was stopped and run again."""
        for document in documents:
            digest = document.content_hash
            if digest in seen or digest in in_graph:
                summary.skipped += 1
                report()
                if digest in seen or writer is None:
                    continue
                replayed.add(digest)
            seen.add(digest)
            yield document

    def tally(results: Iterator[DocumentResult]) -> Iterator[DocumentResult]:
        nonlocal done
        for extracted in results:
            result = at_least(extracted, options.min_confidence)
            again = result.document.content_hash in replayed
            if writer is not None:
                writer.add(result, in_graph=again)
            if not again:  # the graph skips it: its content hash is there
                summary.add(result)
                done += 1
                report()
            yield result

    with contextlib.ExitStack() as stack:
        if writer is not None:
            stack.enter_context(writer.statements())
            if graph is None:
                writer.collect_page()
        if executor is None:
            executor = stack.enter_context(make_executor(options.extraction, nlp.name))
        stream = tally(extract(fresh(), executor, options.extraction.batch_size, cache))
        if graph is None and store is not None:
            from graphbuild.graph.sparqlstore import store_results

            quads = store_results(stream, store, base=options.base)
            if writer is not None:
                writer.write_graph_stream(quads)
            else:
                for _ in quads:
                    pass
        elif graph is None:
            assert writer is not None
            writer.write_graph_stream(generate_triples(stream, base=options.base))
        else:
            build_graph(stream, base=options.base, graph=graph)
            if writer is not None:
                writer.write_graph(graph)
        if writer is not None:
            writer.write_page(graph)


def extract(
    documents: Iterable[Document],
    executor: Executor,
    batch_size: int,
    cache: ExtractionCache | None = None,
) -> Iterator[DocumentResult]:
    """Records of `documents` in input order: from the cache when there, else from `executor`
    (which then gets a batch of only the documents to parse, and an empty one when none is). No
    more documents wait than the executor's batches in flight hold."""
    chunks: deque[tuple[list[Document], list[DocumentResult | None]]] = deque()

    def batches() -> Iterator[list[Document]]:
        for chunk in batched(documents, batch_size):
            hits = [cache.get(d) if cache is not None else None for d in chunk]
            chunks.append((chunk, hits))
            yield [d for d, hit in zip(chunk, hits, strict=True) if hit is None]

    for extracted in executor.map(batches()):
        chunk, hits = chunks.popleft()
        parsed = iter(extracted)
        for document, hit in zip(chunk, hits, strict=True):
            if hit is not None:
                yield hit
                continue
            result = next(parsed)
            assert result.document == document, "an executor returned records out of order"
            if cache is not None:
                cache.put(result)
            yield result
