"""Where a graph lives: rdflib's in-memory store, or an on-disk Oxigraph store behind rdflib.

Every command works on an `rdflib.Graph`; `open_graph("oxigraph:PATH")` returns one whose triples
live in Oxigraph (through the oxrdflib store plugin), so `graph.query()` runs natively in Oxigraph
while `graph.add`, iteration and rdflib serialisers keep working unchanged.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from oxrdflib._converter import to_ox as _oxrdflib_to_ox
from oxrdflib._converter import to_ox_quad_pattern
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Identifier, Node

from graphbuild.errors import GraphError
from graphbuild.fsutil import atomic_open
from graphbuild.graph import bulkload
from graphbuild.graph.ontology import PREFIXES, bind_prefixes
from graphbuild.limits import check_xml_entities, term_too_long, term_too_long_message

MEMORY = "memory"
OXIGRAPH = "oxigraph"
SPARQL = "sparql"

# rdflib format names (and file suffixes) -> Oxigraph formats.
_OX_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nt11": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "n-triples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "n3": ox.RdfFormat.N3,
    "xml": ox.RdfFormat.RDF_XML,
    "rdf": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
    "jsonld": ox.RdfFormat.JSON_LD,
}

# Prefixes rdflib binds on every new graph; dropped from exports unless the graph model uses them.
_MODEL_PREFIXES = frozenset(
    {"rdf", "rdfs", "owl", "xsd", "skos", "prov", "dcterms", "schema", "org", "foaf"}
)
_RDFLIB_DEFAULT_PREFIXES = {
    prefix: str(ns) for prefix, ns in Graph(bind_namespaces="rdflib").namespaces()
}


def to_ox(term: Any) -> Any:
    """rdflib term (or graph) -> Oxigraph term."""
    return _oxrdflib_to_ox(term)


def from_ox(term: Any) -> Any:
    """Oxigraph term -> rdflib term; simple literals come back plain, as rdflib's parsers make them."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else datatype)
    raise GraphError(f"unsupported Oxigraph term in the store: {term!r}")


class GraphbuildOxigraphStore(OxigraphStore):
    """oxrdflib's store, returning plain literals and binding query parameters the rdflib way.

    oxrdflib hands back `"x"^^xsd:string` where rdflib has `"x"`, which breaks equality with
    in-memory graphs; and Oxigraph only substitutes parameters that the SELECT projects, so other
    parameters are bound with a VALUES block at the start of the WHERE group instead.
    """

    path: Path | None = None  # the directory of an on-disk store (a server reopens it read-only)

    def open(self, configuration: str | tuple[str, str], create: bool = False) -> int | None:
        opened = super().open(str(configuration), create)
        self.path = Path(str(configuration))
        return opened

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:
        try:
            pattern = to_ox_quad_pattern(triple_pattern, context)
        except (TypeError, ValueError):
            return iter(())
        try:
            quads = self._inner.quads_for_pattern(*pattern)
        except TypeError:
            return iter(())  # a literal subject or predicate: RDF has no such triple

        def convert() -> Iterator[Any]:
            graphs = (Graph(identifier=DATASET_DEFAULT_GRAPH_ID, store=self),)
            for q in quads:
                triple = (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
                if isinstance(q.graph_name, ox.DefaultGraph):
                    yield triple, iter(graphs)
                else:
                    name = from_ox(q.graph_name)
                    yield triple, iter((Graph(identifier=name, store=self),))

        return convert()

    def __len__(self, context: Any = None) -> int:
        # oxrdflib counts DISTINCT triples, which holds every triple in a hash set (+250 MiB and
        # 3 s at 1M triples); a graph has no duplicates, so COUNT(*) streams to the same number.
        if context is None and next(iter(self._inner.named_graphs()), None) is not None:
            return super().__len__(context)
        graph = ox.DefaultGraph() if context is None else to_ox(context)
        rows = self._inner.query("SELECT (COUNT(*) AS ?c) WHERE { ?s ?p ?o }", default_graph=graph)
        assert isinstance(rows, ox.QuerySolutions)
        return int(next(iter(rows))[0].value)

    def query(
        self,
        query: Any,
        initNs: Mapping[str, Any],
        initBindings: Mapping[str, Identifier],
        queryGraph: Any,
        **kwargs: object,
    ) -> Result:
        if not isinstance(query, str) or kwargs:
            # A prepared rdflib Query: rdflib then evaluates it itself over triples() (slow).
            raise NotImplementedError("the Oxigraph store runs SPARQL text only")
        options: dict[str, Any] = {
            "use_default_graph_as_union": queryGraph == "__UNION__",
            "default_graph": to_ox(queryGraph) if isinstance(queryGraph, Node) else None,
            "prefixes": {**self._namespace_for_prefix, **initNs},
        }
        bindings: dict[str, Any] = {str(k): v for k, v in (initBindings or {}).items()}
        try:
            result = self._inner.query(
                query,
                substitutions={ox.Variable(k): to_ox(v) for k, v in bindings.items()},
                **options,
            )
        except RuntimeError as error:
            if not bindings or "projection" not in str(error):
                raise
            result = self._inner.query(bind_with_values(query, bindings), **options)
        return _to_rdflib_result(result)


def _to_rdflib_result(result: Any) -> Result:
    """Wrap an Oxigraph query result as an rdflib Result (rows of rdflib terms)."""
    if isinstance(result, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(result)
    elif isinstance(result, ox.QuerySolutions):
        out = Result("SELECT")
        out.vars = [Variable(v.value) for v in result.variables]
        rows = [{v: from_ox(x) for v, x in zip(out.vars, row, strict=True)} for row in result]
        out.bindings = [{v: x for v, x in row.items() if x is not None} for row in rows]
    else:
        out = Result("CONSTRUCT")
        out.graph = Graph()
        out.graph += ((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result)
    return out


# Tokens that may hide a brace (IRIs, strings, comments), braces, and the WHERE keyword.
_TOKEN = re.compile(
    r"""<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*|\{|(?i:\bWHERE\b)"""
)


def bind_with_values(query: str, bindings: Mapping[str, Any], *, enforce: bool = False) -> str:
    """Insert `VALUES (?a ?b) { (x y) }` just inside the query's WHERE group: the first "{"
    after the first WHERE keyword (or the first "{" when WHERE is omitted), outside strings.

    With `enforce`, also `FILTER(?a = x)` in the same group: a no-op by the standard
    (VALUES already binds ?a to x), but Virtuoso 7.2 lets a property path such as
    `?p rdfs:subPropertyOf* ?a` ignore a VALUES binding of ?a, and never ignores a FILTER."""
    tokens = [m for m in _TOKEN.finditer(query) if m.group() == "{" or m.group().upper() == "WHERE"]
    where = next((i for i, m in enumerate(tokens) if m.group() != "{"), -1)
    brace = next((m for m in tokens[where + 1 :] if m.group() == "{"), None)
    if brace is None:
        raise GraphError("cannot bind parameters: the query has no WHERE group")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(term.n3() for term in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    if enforce:
        tests = " && ".join(f"?{name} = {t.n3()}" for name, t in bindings.items())
        block += f"FILTER({tests}) "
    pos = brace.end()
    return f"{query[:pos]}{block}{query[pos:]}"


# --- store locations -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemoryLocation:
    """A new, empty graph in memory (what `build` starts from unless told otherwise)."""

    def __str__(self) -> str:
        return MEMORY


@dataclass(frozen=True, slots=True)
class FileLocation:
    """A graph file (Turtle, N-Triples, TriG, ...; the format from its suffix)."""

    path: Path

    def __str__(self) -> str:
        return str(self.path)


@dataclass(frozen=True, slots=True)
class OxigraphLocation:
    """An Oxigraph store: on disk at `path` (a directory), or in memory when `path` is None."""

    path: Path | None = None

    def __str__(self) -> str:
        return OXIGRAPH if self.path is None else f"{OXIGRAPH}:{self.path}"


@dataclass(frozen=True, slots=True)
class SparqlLocation:
    """A SPARQL 1.1 store: its query endpoint, and the update endpoint where it is another URL
    (Virtuoso: `/sparql` to query, `/sparql-auth` with Digest authentication to update)."""

    query_url: str
    update_url: str | None = None

    def __str__(self) -> str:
        return f"{SPARQL}:{self.query_url}"

    @property
    def writes_to(self) -> str:
        """The URL SPARQL Updates are sent to."""
        return self.update_url or self.query_url


StoreLocation = MemoryLocation | FileLocation | OxigraphLocation | SparqlLocation
"""Where a graph lives; `parse_location` makes one from what the command line says."""


def parse_location(
    spec: str | None, *, update_url: str | None = None, files: bool = True
) -> StoreLocation:
    """The location a spec names: None/"memory", "oxigraph" (in memory), "oxigraph:PATH",
    "sparql:URL" (with `update_url` for updates when the server takes them elsewhere), or, when
    `files`, any other text as a graph file's path. GraphError for a malformed spec."""
    text = MEMORY if spec is None else spec.strip()
    kind, sep, rest = text.partition(":")
    if update_url is not None and kind != SPARQL:
        raise GraphError(f"an update URL is for a sparql:URL store, not {text!r}")
    if text == MEMORY:
        return MemoryLocation()
    if kind == OXIGRAPH:
        return OxigraphLocation(Path(rest.strip()).expanduser() if sep and rest.strip() else None)
    if kind == SPARQL and sep:
        from graphbuild.graph.sparqlstore import check_url

        update = None if update_url is None else check_url(update_url, "store update URL")
        return SparqlLocation(check_url(rest, "store URL"), update)
    if files and text:
        return FileLocation(Path(text))
    raise GraphError(f"unknown graph store {spec!r}: use memory, oxigraph:PATH or sparql:URL")


def parse_spec(spec: str | None) -> tuple[str, Path | None]:
    """(kind, path) of a memory or Oxigraph spec; kept for callers of the string form."""
    location = parse_location(spec, files=False)
    if isinstance(location, MemoryLocation):
        return MEMORY, None
    if isinstance(location, OxigraphLocation):
        return OXIGRAPH, location.path
    raise GraphError(f"unknown graph store {spec!r}: use 'memory' or 'oxigraph:PATH'")


def open_graph(spec: str | StoreLocation | None = None, *, create: bool = True) -> Graph:
    """An empty or existing graph in the store named by `spec` (a spec or a location: memory,
    oxigraph, oxigraph:PATH; for graph files and SPARQL stores see `read_graph`).

    An Oxigraph path is a directory, created if missing (unless not `create`: then a missing
    folder, or one that is not an Oxigraph store, is a GraphError), reopened with its triples if
    present. The project's prefixes (gb:, gbd: for the default base, ...) are bound.
    """
    location = spec if not isinstance(spec, str | None) else parse_location(spec, files=False)
    if isinstance(location, MemoryLocation):
        return bind_prefixes(Graph())
    if not isinstance(location, OxigraphLocation):
        raise GraphError(f"{location} is not a memory or Oxigraph store")
    path = location.path
    if path is not None and not create:
        check_store(path)
    store = GraphbuildOxigraphStore()
    # Oxigraph keeps no prefixes on disk: bind the project's on every open, for exports.
    graph = bind_prefixes(Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID))
    if path is not None:
        if path.exists() and not path.is_dir():
            raise GraphError(f"oxigraph store path is not a directory: {path}")
        try:
            graph.open(str(path), create=False)
        except OSError as error:
            raise GraphError(f"cannot open oxigraph store {path}: {_one_line(error)}") from None
    return graph


def check_store(path: Path) -> None:
    """GraphError unless `path` is an existing Oxigraph store (RocksDB keeps a CURRENT file)."""
    if not path.exists():
        raise GraphError(f"no oxigraph store at {path} (make one with `graphbuild load`)")
    if not path.is_dir():
        raise GraphError(f"oxigraph store path is not a directory: {path}")
    if not (path / "CURRENT").is_file():
        raise GraphError(f"{path} is not an oxigraph store (no CURRENT file in it)")


def read_graph(location: StoreLocation, *, live: bool = False) -> Graph:
    """The graph at `location` for a read command. A graph file is read into memory; a SPARQL
    store is read whole into Oxigraph's memory store, or, when `live` (query, serve), wrapped so
    that queries run on the endpoint itself. Oxigraph stores open in place."""
    if isinstance(location, FileLocation):  # into Oxigraph's memory store: native queries
        from graphbuild.graph import aggregates
        from graphbuild.graph.rdfgraph import load_graph

        graph = load_graph(location.path, graph=open_graph(OxigraphLocation()))
        aggregates.ensure(graph)  # a file written before edge nodes existed
        return graph
    if isinstance(location, SparqlLocation):
        from graphbuild.graph import sparqlstore

        client = sparqlstore.SparqlClient(location, sparqlstore.credentials_from_env())
        if live:
            return bind_prefixes(sparqlstore.remote_graph(client))
        graph = open_graph(OxigraphLocation())
        oxigraph_store(graph).bulk_extend(
            ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
            for t in sparqlstore.read_triples(client)
        )
        return graph
    return open_graph(location, create=False)


def is_oxigraph(graph: Graph) -> bool:
    """True when the graph's triples live in an Oxigraph store."""
    return isinstance(graph.store, OxigraphStore)


def oxigraph_store(graph: Graph) -> ox.Store:
    """The pyoxigraph Store under an Oxigraph-backed graph, for native bulk work."""
    if not isinstance(graph.store, OxigraphStore):
        raise GraphError("the graph is not stored in Oxigraph")
    return graph.store._inner


def close_graph(graph: Graph) -> None:
    """Flush, compact and release the graph's store (an Oxigraph directory can then be reopened).

    Compacting (`Store.optimize`) a store that many small transactions wrote, as a build does,
    makes later queries and exports read fewer files; on a compacted store it costs nothing."""
    if is_oxigraph(graph):
        store = graph.store
        if getattr(store, "_store", None) is not None:
            oxigraph_store(graph).flush()
            oxigraph_store(graph).optimize()
        graph.close()
    else:
        graph.close()


def guess_format(path: str | Path, format: str | None = None) -> str:
    """The rdflib format name for `path` (from `format`, else its suffix); GraphError if unknown."""
    name = (format or Path(path).suffix.lstrip(".")).lower()
    if name in _OX_FORMATS:
        return "turtle" if _OX_FORMATS[name] is ox.RdfFormat.TURTLE else name
    raise GraphError(f"unknown RDF format {name or '(no suffix)'!r} for {path}")


def load_into(graph: Graph, path: str | Path, format: str | None = None) -> Graph:
    """Add the triples of an RDF file to `graph`, all or nothing; returns `graph`.

    Oxigraph graphs load with Oxigraph's bulk loader when empty (cleared again if the file is
    malformed; compacted after), else in one transaction; in-memory graphs parse with
    Oxigraph's parser and share one rdflib term per distinct term (faster than rdflib's parsers).
    """
    source, ox_format = _rdf_file(path, format)
    try:
        if is_oxigraph(graph):
            _load_oxigraph(oxigraph_store(graph), source, ox_format, to_ox(graph.identifier))
        else:
            triples = list(_parse_terms(source, ox_format))
            graph.addN((s, p, o, graph) for s, p, o in triples)
    except (SyntaxError, ValueError, OSError, MemoryError) as error:
        raise _load_error(source, error) from None
    return graph


_QUAD_FORMATS = frozenset({ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG})


def load_natively(
    graph: Graph, source: Path | bytes, ox_format: ox.RdfFormat, base_iri: str
) -> None:
    """Fill an Oxigraph-backed graph from an RDF file (or its bytes) with Oxigraph's (bulk)
    loader, binding the prefixes declared before the first triple; quads go into the graph (their
    union). The data is assumed checked (graphbuild.graph.rdfgraph.read_graph); Oxigraph's SyntaxError
    or OSError propagates, and a graph that was empty is emptied again."""
    store, name = oxigraph_store(graph), to_ox(graph.identifier)
    where: dict[str, Any] = {"path": str(source)} if isinstance(source, Path) else {"input": source}
    empty = next(iter(store.quads_for_pattern(None, None, None, None)), None) is None
    try:
        if ox_format in _QUAD_FORMATS:
            quads = ox.parse(**where, format=ox_format, base_iri=base_iri)
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, name) for q in quads)
        elif isinstance(source, Path):
            _load_oxigraph(store, source, ox_format, name)
        elif empty:
            store.bulk_load(source, format=ox_format, base_iri=base_iri, to_graph=name)
        else:
            store.load(source, format=ox_format, base_iri=base_iri, to_graph=name)
    except BaseException:
        if empty:
            store.clear()
        raise
    head = ox.parse(**where, format=ox_format, base_iri=base_iri)
    next(head, None)
    for prefix, namespace in head.prefixes.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def load_files(graph: Graph, paths: Sequence[str | Path]) -> Graph:
    """Add the triples of several RDF files to `graph`, all or nothing; returns `graph`.

    An empty graph is emptied again if any file fails; otherwise every file is parsed once
    before any is loaded, so that a malformed one leaves the graph as it was."""
    sources = [_rdf_file(p)[0] for p in paths]  # every name checked before anything loads
    if next(iter(graph), None) is None:
        try:
            for source in sources:
                load_into(graph, source)
        except BaseException:
            if is_oxigraph(graph):
                oxigraph_store(graph).clear()
            else:
                graph.remove((None, None, None))
            raise
        return graph
    for source in sources:
        check_parses(source)
    for source in sources:
        load_into(graph, source)
    return graph


LOADING_MARK = ".graphbuild-loading"  # in a store while `load` fills it from empty
LOADED_RECORD = ".graphbuild-loaded"  # SHA-256 of each file `load` put in the store, one a line


@dataclass(frozen=True)
class LoadReport:
    """What `load_store` did: triple counts before and after, files skipped as loaded before."""

    before: int
    after: int
    skipped: tuple[Path, ...] = ()


def load_store(path: Path, files: Sequence[str | Path]) -> LoadReport:
    """The `load` command: add RDF files to the on-disk store at `path`, all or nothing, holding
    the store's lock.

    Loading a file twice would add its blank nodes twice, so the store keeps the SHA-256 of each
    file loaded and skips a file loaded before: a re-run after a kill, or a repeated command,
    changes nothing. A store this call made is removed again if the load fails. Filling an empty
    store is not one transaction (Oxigraph's bulk loader), so a mark file says it is under way: a
    load killed before the end leaves it, and the next load starts that store from empty again.
    (Into a non-empty store each file loads in one transaction; a kill between its commit and
    the record's update, a few microseconds, would let the file be loaded once more.)"""
    import shutil

    from graphbuild.fsutil import atomic_write_text, file_digest, output_lock
    from graphbuild.graph import aggregates

    sources = [_rdf_file(f)[0] for f in files]  # every name checked before anything is made
    digests = [file_digest(source) for source in sources]
    made = not path.exists()
    mark, record = path / LOADING_MARK, path / LOADED_RECORD
    try:
        with output_lock(path, folder=True, what=f"{OXIGRAPH}:{path}"):
            graph = open_graph(f"{OXIGRAPH}:{path}")
            try:
                if mark.exists():  # a killed load into this store when it was empty
                    oxigraph_store(graph).clear()
                    record.unlink(missing_ok=True)
                loaded = (
                    set(record.read_text(encoding="ascii").split()) if record.exists() else set()
                )
                todo: dict[str, Path] = {}
                for source, digest in zip(sources, digests, strict=True):
                    if digest not in loaded:
                        todo.setdefault(digest, source)
                before = len(graph)
                if before == 0:
                    mark.write_text(f"{os.getpid()}\n", encoding="ascii")
                try:
                    load_files(graph, list(todo.values()))
                except BaseException:
                    if before == 0 and next(iter(graph), None) is None:
                        mark.unlink(missing_ok=True)  # emptied again: nothing to redo
                    raise
                if todo:
                    aggregates.refresh(graph)  # the edges of all files together, not of each
                after = len(graph)
            finally:
                close_graph(graph)
            if todo:
                atomic_write_text(record, "".join(f"{d}\n" for d in sorted(loaded | set(todo))))
            mark.unlink(missing_ok=True)
    except BaseException:
        if made:
            shutil.rmtree(path, ignore_errors=True)
        raise
    skipped = tuple(s for s, d in zip(sources, digests, strict=True) if d in loaded)
    return LoadReport(before, after, skipped)


def check_parses(path: str | Path, format: str | None = None) -> None:
    """Parse an RDF file without keeping it; GraphError when it is malformed."""
    source, ox_format = _rdf_file(path, format)
    try:
        for _ in ox.parse(path=str(source), format=ox_format, base_iri=_base(source)):
            pass
    except (SyntaxError, ValueError, OSError, MemoryError) as error:
        raise _load_error(source, error) from None


def _load_error(source: Path, error: BaseException) -> GraphError:
    if term_too_long(error):
        return GraphError(term_too_long_message(f"cannot load {source}"))
    return GraphError(f"cannot load {source}: {_one_line(error)}")


_SMALL = 1 << 16  # files up to this size are read whole to check that they hold something


def _rdf_file(path: str | Path, format: str | None = None) -> tuple[Path, ox.RdfFormat]:
    """An existing, non-empty RDF file and its Oxigraph format; GraphError if either is wrong.
    RDF/XML is checked for entity expansion first (graphbuild.limits)."""
    source = Path(path)
    ox_format = _OX_FORMATS[guess_format(source, format)]
    if source.is_dir():
        raise GraphError(f"{source}: a folder, not an RDF file")
    if not source.is_file():
        raise GraphError(f"RDF file not found: {source}")
    try:
        size = source.stat().st_size
        if size <= _SMALL and not source.read_bytes().strip():
            raise GraphError(f"{source}: empty file, no RDF to read")
        if ox_format is ox.RdfFormat.RDF_XML:
            check_xml_entities(source.read_bytes(), str(source))
    except OSError as error:
        raise GraphError(f"{source}: cannot read: {error.strerror or error}") from None
    return source, ox_format


def _base(source: Path) -> str:
    """Base IRI for relative IRIs in a file: the file's own URI, as rdflib's parsers use."""
    return source.resolve().as_uri()


def _load_oxigraph(store: ox.Store, source: Path, ox_format: ox.RdfFormat, to_graph: Any) -> None:
    """Bulk-load into an empty store (emptied again on error) and compact it, else load in one
    transaction. Large N-Triples, N-Quads and Turtle files load in concurrent pieces
    (graphbuild.graph.bulkload).
    Compacting the bulk loader's files costs ~1.2 s CPU at 1M triples and makes
    queries ~30 % and the Turtle export ~25 % faster (benchmarks/README.md)."""
    if next(iter(store.quads_for_pattern(None, None, None, None)), None) is not None:
        store.load(path=str(source), format=ox_format, to_graph=to_graph, base_iri=_base(source))
        return
    if _parallel(source, ox_format):
        try:
            bulkload.parallel_bulk_load(
                store, source, ox_format, to_graph=to_graph, base_iri=_base(source)
            )
        except Exception:
            store.clear()  # then one parse of the whole file reports the error at its true line
        except BaseException:
            store.clear()
            raise
        else:
            store.optimize()
            return
    try:
        store.bulk_load(
            path=str(source), format=ox_format, to_graph=to_graph, base_iri=_base(source)
        )
    except BaseException:
        store.clear()
        raise
    store.optimize()


def _parallel(source: Path, ox_format: ox.RdfFormat) -> bool:
    """Whether a bulk load gains from several concurrent parses (graphbuild.graph.bulkload)."""
    return bulkload.worker_count() > 1 and bulkload.worth_splitting(
        source.stat().st_size, ox_format
    )


def _parse_terms(source: Path, ox_format: ox.RdfFormat) -> Iterator[tuple[Any, Any, Any]]:
    """Parse a file with Oxigraph into rdflib terms, building each distinct term once."""
    term = functools.cache(from_ox)  # a fresh cache for this one file

    for t in ox.parse(path=str(source), format=ox_format, base_iri=_base(source)):
        yield term(t.subject), term(t.predicate), term(t.object)


def dump(graph: Graph, path: str | Path, format: str | None = None) -> Path:
    """Write `graph` to `path` atomically in `format` (default: from the suffix) with Oxigraph's
    serialiser; prefixes are the graph's bound ones minus rdflib's unused defaults."""
    target = Path(path)
    ox_format = _OX_FORMATS[guess_format(target, format)]
    header, prefixes = turtle_prefixes(export_prefixes(graph), ox_format)
    try:
        with atomic_open(target, "wb") as handle:
            handle.write(header)
            if is_oxigraph(graph):
                oxigraph_store(graph).dump(
                    handle, format=ox_format, from_graph=to_ox(graph.identifier), prefixes=prefixes
                )
            else:
                ox.serialize(
                    _ox_triples(graph),
                    handle,
                    format=ox_format,
                    prefixes=prefixes,
                )
    except (ValueError, OSError) as error:
        raise GraphError(f"cannot write {target}: {_one_line(error)}") from None
    return target


def _ox_triples(graph: Graph) -> Iterator[ox.Triple]:
    """The graph's triples as Oxigraph triples, converting each distinct term once."""
    terms: dict[Any, Any] = {}

    def term(t: Any) -> Any:
        found = terms.get(t)
        if found is None:
            found = terms[t] = to_ox(t)
        return found

    for s, p, o in graph:
        yield ox.Triple(term(s), term(p), term(o))


def property_tables(graph: Graph, predicates: Iterable[URIRef]) -> dict[URIRef, dict[Node, Node]]:
    """Subject -> object of each property of an Oxigraph-backed graph, each read in one native
    scan (one value per subject, as `Graph.value` gives; each term is converted once)."""
    store = oxigraph_store(graph)
    term = functools.cache(from_ox)
    tables: dict[URIRef, dict[Node, Node]] = {}
    for predicate in predicates:
        table = tables[predicate] = {}
        for q in store.quads_for_pattern(None, to_ox(predicate), None, to_ox(graph.identifier)):
            table.setdefault(term(q.subject), term(q.object))
    return tables


def turtle_prefixes(
    prefixes: Mapping[str, str], ox_format: ox.RdfFormat = ox.RdfFormat.TURTLE
) -> tuple[bytes, dict[str, str]]:
    """(header, prefixes for Oxigraph's writer) for a Turtle or TriG file that every reader takes
    the same way. Only the vocabularies' prefixes go to the writer: given `gbd:`, Oxigraph writes
    `gbd:state\\/GBR` (a valid escape) and Virtuoso 7.2 keeps the backslash in the IRI. The
    other prefixes are declared in a header line and their IRIs written in full."""
    if ox_format not in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        return b"", dict(prefixes)
    vocabularies = {p: ns for p, ns in prefixes.items() if PREFIXES.get(p) == ns}
    header = "".join(
        f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items() if p not in vocabularies
    )
    return header.encode("utf-8"), vocabularies


def export_prefixes(graph: Graph) -> dict[str, str]:
    """Prefixes to declare in an export: those bound on the graph, minus rdflib's stock ones
    (brick:, sosa:, ...) that the graph model does not use."""
    return {
        prefix: str(ns)
        for prefix, ns in graph.namespaces()
        if prefix and (prefix in _MODEL_PREFIXES or _RDFLIB_DEFAULT_PREFIXES.get(prefix) != str(ns))
    }


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())
