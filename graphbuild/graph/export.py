"""Exports of a built graph: RDF serialisations (one named graph per document for quad formats)
and network formats (GraphML, GEXF) of the entity-relation network through networkx.

The `generate_*` functions and `to_networkx`/`to_dataset` are pure; `export_graph` writes a file
atomically, and `write_triples` streams a new graph's triples (`rdfgraph.generate_triples`) to one.
"""

from __future__ import annotations

import functools
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import networkx as nx
import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS
from rdflib.term import Node

from graphbuild.errors import GraphError, one_line
from graphbuild.fsutil import atomic_open
from graphbuild.graph.iris import DEFAULT_BASE
from graphbuild.graph.ontology import (
    GB,
    PREFIXES,
    WD,
    all_relations,
    family_of,
    prefixes,
    relation_iri,
)
from graphbuild.graph.store import turtle_prefixes
from graphbuild.serve.analytics import ACTOR, Evidence, actor_kinds, asserted_evidence

FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld", "graphml", "gexf")
RDF_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld")
SUFFIXES = {
    "turtle": ".ttl",
    "trig": ".trig",
    "nquads": ".nq",
    "ntriples": ".nt",
    "jsonld": ".jsonld",
    "graphml": ".graphml",
    "gexf": ".gexf",
}
_OX_FORMAT = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}


def check_format(fmt: str) -> str:
    """The export format name, lower-cased; GraphError if graphbuild cannot write it."""
    name = fmt.strip().lower()
    if name not in FORMATS:
        raise GraphError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return name


def _bind_like(target: Graph, source: Graph) -> None:
    for prefix, ns in source.namespaces():
        target.bind(prefix, ns, override=True, replace=True)


def _document_homes(graph: Graph) -> dict[Node, URIRef]:
    """Map each document, sentence and statement node to the document whose graph holds it."""
    docs = {URIRef(str(d)) for d in graph.subjects(RDF.type, GB.Document)}
    homes: dict[Node, URIRef] = {d: d for d in docs}
    for sentence, doc in graph.subject_objects(DCTERMS.isPartOf):
        if doc in docs:
            homes[sentence] = URIRef(str(doc))
    for statement, doc in graph.subject_objects(GB.document):
        if doc in docs:
            homes[statement] = URIRef(str(doc))
    return homes


def document_graph_of(graph: Graph) -> Iterator[tuple[Node, Node, Node, URIRef | None]]:
    """Each triple with the named graph it belongs in: the document's IRI for the document's
    description, sentences and statement nodes; None (the default graph) for everything else."""
    homes = _document_homes(graph)
    for s, p, o in graph:
        yield s, p, o, homes.get(s)


def to_dataset(graph: Graph) -> Dataset:
    """An rdflib Dataset with one named graph per document (see `document_graph_of`); its union
    is `graph`."""
    dataset = Dataset()
    _bind_like(dataset, graph)
    default = dataset.default_graph
    named: dict[URIRef, Graph] = {}
    for s, p, o, home in document_graph_of(graph):
        target = default if home is None else named.get(home)
        if target is None:
            target = named[home] = dataset.graph(home)  # type: ignore[index]
        target.add((s, p, o))
    return dataset


def jsonld_context(graph: Graph) -> dict[str, str]:
    """Inline JSON-LD context: the graphbuild prefixes, and gbd as bound on the graph."""
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    return {**PREFIXES, "gbd": bound.get("gbd", DEFAULT_BASE)}


def _ox_term(term: Node) -> Any:  # an Oxigraph term; its stubs type Triple/Quad slots narrowly
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(term, language=term.language)
        if term.datatype is not None:
            return ox.Literal(term, datatype=ox.NamedNode(term.datatype))
        return ox.Literal(term)
    raise GraphError(f"cannot export the RDF term {term!r}")


def _ox_statements(graph: Graph, fmt: str) -> Iterator[Any]:
    """The graph as Oxigraph triples or per-document quads; Turtle and TriG sorted by subject
    so that the writer groups each subject's triples (line formats keep the store's order).
    Each distinct term is converted once: a graph repeats its IRIs in many triples."""
    term = functools.cache(_ox_term)  # a fresh cache for this one export

    if fmt in ("trig", "nquads"):
        rows: Iterable[tuple[Node, Node, Node, URIRef | None]] = document_graph_of(graph)
        if fmt == "trig":
            rows = sorted(rows, key=lambda q: (str(q[3] or ""), str(q[0]), str(q[1]), str(q[2])))
        default = ox.DefaultGraph()
        for s, p, o, home in rows:
            yield ox.Quad(term(s), term(p), term(o), default if home is None else term(home))
    else:
        triples: Iterable[tuple[Node, Node, Node]] = graph
        if fmt == "turtle":
            triples = sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
        for s, p, o in triples:
            yield ox.Triple(term(s), term(p), term(o))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_surrogates(graph: Graph) -> None:
    """A lone surrogate is no Unicode text: rdflib's JSON-LD writer turns it into '?' silently
    unless orjson is installed, so refuse it here whichever JSON library is present."""
    for triple in graph:
        for term in triple:
            if isinstance(term, str) and _SURROGATE.search(term):
                raise UnicodeError(f"surrogates not allowed in RDF text: {term[:60]!r}")


def _write_rdf(graph: Graph, fmt: str, output: IO[bytes]) -> None:
    """Serialise in an RDF format: Oxigraph's writers (rdflib's Turtle is ~7x slower and writes
    invalid terms silently), rdflib's for JSON-LD (inline context)."""
    if fmt == "jsonld":
        try:
            _refuse_surrogates(graph)
            text = graph.serialize(format="json-ld", context=jsonld_context(graph), indent=2)
            output.write(text.encode("utf-8"))
        except (TypeError, UnicodeError) as exc:  # a lone surrogate; orjson raises a TypeError
            raise GraphError(f"cannot write {fmt}: {one_line(exc)}") from None
        return
    try:
        ox.serialize(_ox_statements(graph, fmt), output, format=_OX_FORMAT[fmt], prefixes=PREFIXES)
    except ValueError as exc:
        raise GraphError(f"cannot write {fmt}: {one_line(exc)}") from None
    except TypeError:  # Oxigraph's Triple/Quad take only an IRI or blank node as subject
        raise GraphError(
            f"cannot write {fmt}: a triple has a literal subject or a non-IRI predicate, "
            "which RDF does not allow"
        ) from None


def generate_rdf(graph: Graph, fmt: str) -> str:
    """The graph serialised in an RDF format of `RDF_FORMATS`. TriG and N-Quads hold one named
    graph per document; Turtle and TriG group triples by subject in a stable order."""
    fmt = check_format(fmt)
    if fmt not in RDF_FORMATS:
        raise GraphError(f"{fmt} is a network format, not RDF")
    buffer = io.BytesIO()
    _write_rdf(graph, fmt, buffer)
    return buffer.getvalue().decode("utf-8")


def _node_attributes(graph: Graph, node: Node, cls: str) -> dict[str, str]:
    """Network attributes of an entity: label, class, and Wikidata QID / ISO code when known."""
    attrs = {"label": str(graph.value(node, RDFS.label) or node), "class": cls}
    qids = sorted(
        str(o)[len(str(WD)) :] for o in graph.objects(node, OWL.sameAs) if str(o).startswith(WD)
    )
    if qids:
        attrs["qid"] = qids[0]
    iso = graph.value(node, GB.isoCode)
    if iso is not None:
        attrs["iso"] = str(iso)
    return attrs


def _support(graph: Graph) -> dict[tuple[str, str, str], tuple[int, int, int]]:
    """(s, relation, o) -> numbers of asserted statements, documents and outlets behind it."""
    found: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    for s, o, _, evidence in asserted_evidence(graph):
        found[(s, evidence.relation, o)].append(evidence)
    return {
        triple: (
            len(evidence),
            len({e.document for e in evidence}),
            len({e.outlet for e in evidence if e.outlet}),
        )
        for triple, evidence in found.items()
    }


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Entities as nodes (IRI id; label, class, qid, iso), one edge per direct relation triple
    keyed by the relation, with its family and the statements, documents and outlets behind it."""
    net = nx.MultiDiGraph()
    for iri, kind in sorted(actor_kinds(graph).items()):
        if kind != ACTOR:  # typed only gb:Actor: a node only as the end of a relation
            net.add_node(iri, **_node_attributes(graph, URIRef(iri), kind))
    support = _support(graph)
    for relation in all_relations():
        prop = relation_iri(relation)
        family = family_of(relation).value
        for s, o in graph.subject_objects(prop):
            for node in (s, o):
                if str(node) not in net:
                    net.add_node(str(node), **_node_attributes(graph, node, ""))
            statements, documents, outlets = support.get((str(s), relation, str(o)), (0, 0, 0))
            net.add_edge(
                str(s),
                str(o),
                key=relation,
                relation=relation,
                family=family,
                statements=statements,
                documents=documents,
                outlets=outlets,
            )
    return net


def generate_graphml(graph: Graph) -> Iterator[str]:
    """GraphML lines of the entity network."""
    yield from nx.generate_graphml(to_networkx(graph))


def generate_gexf(graph: Graph) -> Iterator[str]:
    """GEXF lines of the entity network."""
    yield from nx.generate_gexf(to_networkx(graph))


def generate(graph: Graph, fmt: str) -> Iterator[str]:
    """The export of `graph` in `fmt` (one of `FORMATS`), as chunks of text."""
    fmt = check_format(fmt)
    if fmt == "graphml":
        for line in generate_graphml(graph):
            yield line + "\n"
    elif fmt == "gexf":
        for line in generate_gexf(graph):
            yield line + "\n"
    else:
        yield generate_rdf(graph, fmt)


def _on_oxigraph(graph: Graph) -> bool:
    try:
        from graphbuild.graph.store import is_oxigraph
    except ImportError:  # oxrdflib missing: no graph can be on Oxigraph then
        return False
    return is_oxigraph(graph)


def export_graph(graph: Graph, fmt: str, path: str | Path) -> Path:
    """Write `graph` to `path` in `fmt` atomically (no partial file on error); return the path."""
    fmt = check_format(fmt)
    target = Path(path)
    if fmt in ("turtle", "ntriples") and _on_oxigraph(graph):
        from graphbuild.graph.store import dump  # Oxigraph writes its own store ~30x faster

        return dump(graph, target, fmt)
    try:
        with atomic_open(target, "wb") as handle:
            if fmt in RDF_FORMATS:
                _write_rdf(graph, fmt, handle)
            else:
                for chunk in generate(graph, fmt):
                    handle.write(chunk.encode("utf-8"))
    except OSError as exc:
        raise GraphError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return target


# Suffix of a graph file -> the format it is written back in (`build --into GRAPH`); every one
# is also read by `rdfgraph.load_graph`, so a file grown by builds stays what its name says.
GRAPH_FILE_FORMATS = {
    "ttl": "turtle",
    "turtle": "turtle",
    "nt": "ntriples",
    "ntriples": "ntriples",
    "nq": "nquads",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "jsonld",
    "json": "jsonld",
    "rdf": "rdfxml",
    "xml": "rdfxml",
    "owl": "rdfxml",
    "n3": "n3",
}


def graph_file_format(path: str | Path) -> str:
    """The format a graph file is written in, from its suffix; GraphError naming the suffixes
    graphbuild can write when it is none of them (checked before a build touches anything)."""
    suffix = Path(path).suffix.lstrip(".").lower()
    fmt = GRAPH_FILE_FORMATS.get(suffix)
    if fmt is None:
        known = ", ".join(f".{s}" for s in GRAPH_FILE_FORMATS)
        what = f"suffix .{suffix}" if suffix else "no suffix"
        raise GraphError(
            f"{path}: {what} names no RDF format graphbuild writes; use one of {known}"
        )
    return fmt


def write_graph_file(graph: Graph, path: str | Path) -> Path:
    """Write `graph` to `path` atomically in the format its suffix names (`graph_file_format`):
    Turtle, N-Triples, N-Quads and TriG (one named graph per document) and JSON-LD as `export`
    writes them, RDF/XML with Oxigraph's writer, N3 with rdflib's."""
    fmt = graph_file_format(path)
    if fmt in FORMATS:
        return export_graph(graph, fmt, path)
    target = Path(path)
    try:
        with atomic_open(target, "wb") as handle:
            if fmt == "rdfxml":
                ox.serialize(
                    _ox_statements(graph, fmt),
                    handle,
                    format=ox.RdfFormat.RDF_XML,
                    prefixes=PREFIXES,
                )
            else:
                handle.write(graph.serialize(format="n3", encoding="utf-8"))
    except ValueError as exc:
        raise GraphError(f"cannot write {target}: {one_line(exc)}") from None
    except OSError as exc:
        raise GraphError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return target


def write_triples(
    triples: Iterable[ox.Triple] | Iterable[ox.Quad],
    path: str | Path,
    fmt: str = "turtle",
    *,
    base: str = DEFAULT_BASE,
) -> Path:
    """Stream Oxigraph triples (or quads of the default graph) into a Turtle or N-Triples file
    atomically, holding none of them: `graphbuild build -o` writes a new graph this way. Turtle
    groups consecutive triples of a subject and declares the project's prefixes (gbd: for `base`;
    data IRIs are written in full, see `store.turtle_prefixes`)."""
    fmt = check_format(fmt)
    if fmt not in ("turtle", "ntriples"):
        raise GraphError(f"cannot stream triples as {fmt}: choose turtle or ntriples")
    target = Path(path)
    raised: list[BaseException] = []

    def source() -> Iterator[Any]:  # ox.Triple or default-graph ox.Quad, as `triples` holds
        try:
            yield from triples
        except BaseException as exc:  # the producer's own error goes on as it was raised
            raised.append(exc)
            raise

    try:
        with atomic_open(target, "wb") as handle:
            header, vocabularies = turtle_prefixes(prefixes(base), _OX_FORMAT[fmt])
            handle.write(header)
            ox.serialize(source(), handle, format=_OX_FORMAT[fmt], prefixes=vocabularies)
    except (ValueError, OSError) as exc:
        if exc in raised:
            raise
        if isinstance(exc, OSError):
            raise GraphError(f"{target}: cannot write: {exc.strerror or exc}") from None
        raise GraphError(f"cannot write {fmt}: {one_line(exc)}") from None
    return target
