"""Exports of a built graph: RDF serialisations (one named graph per document for quad formats)
and network formats (GraphML, GEXF) of the entity-relation network through networkx.

The `generate_*` functions and `to_networkx`/`to_dataset` are pure; `export_graph` writes a file
atomically.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS
from rdflib.term import Node

from graphbuild.errors import GraphError
from graphbuild.fsutil import atomic_open
from graphbuild.iris import DEFAULT_BASE
from graphbuild.ontology import GB, PREFIXES, WD, all_relations, family_of
from graphbuild.records import EntityKind

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
_RDFLIB_FORMAT = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "ntriples": "nt"}
_ACTOR_CLASSES = {GB[kind.value]: kind.value for kind in EntityKind}


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
    docs = {URIRef(d) for d in graph.subjects(RDF.type, GB.Document)}
    homes: dict[Node, URIRef] = {d: d for d in docs}
    for sentence, doc in graph.subject_objects(DCTERMS.isPartOf):
        if doc in docs:
            homes[sentence] = URIRef(doc)
    for statement, doc in graph.subject_objects(GB.document):
        if doc in docs:
            homes[statement] = URIRef(doc)
    return homes


def to_dataset(graph: Graph) -> Dataset:
    """A dataset with one named graph per document (named by the document IRI) holding the
    document's description, sentences and statement nodes; entities, posts and direct triples
    stay in the default graph. The union of the dataset is `graph`."""
    dataset = Dataset()
    _bind_like(dataset, graph)
    homes = _document_homes(graph)
    default = dataset.default_graph
    named = {doc: dataset.graph(doc) for doc in set(homes.values())}
    dataset.addN((s, p, o, named[homes[s]] if s in homes else default) for s, p, o in graph)
    return dataset


def jsonld_context(graph: Graph) -> dict[str, str]:
    """Inline JSON-LD context: the graphbuild prefixes, and gbd as bound on the graph."""
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    return {**PREFIXES, "gbd": bound.get("gbd", DEFAULT_BASE)}


def generate_rdf(graph: Graph, fmt: str) -> str:
    """The graph serialised in an RDF format of `RDF_FORMATS`."""
    fmt = check_format(fmt)
    if fmt not in RDF_FORMATS:
        raise GraphError(f"{fmt} is a network format, not RDF")
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", context=jsonld_context(graph), indent=2)
    if fmt in ("trig", "nquads"):
        return to_dataset(graph).serialize(format=_RDFLIB_FORMAT[fmt])
    return graph.serialize(format=_RDFLIB_FORMAT[fmt])


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


def _support(graph: Graph) -> dict[tuple[Node, Node, Node], tuple[int, int, int]]:
    """(s, p, o) -> numbers of asserted statements, documents and outlets behind the triple."""
    outlets = dict(graph.subject_objects(GB.outlet))
    found: dict[tuple[Node, Node, Node], list[set[Node]]] = defaultdict(
        lambda: [set(), set(), set()]
    )
    for statement in graph.subjects(GB.asserted, Literal(True)):
        triple = tuple(
            graph.value(statement, prop) for prop in (RDF.subject, RDF.predicate, RDF.object)
        )
        if None in triple:
            continue
        statements, documents, outlet_names = found[triple]  # type: ignore[index]
        statements.add(statement)
        for doc in graph.objects(statement, GB.document):
            documents.add(doc)
            if doc in outlets:
                outlet_names.add(outlets[doc])
    return {triple: (len(a), len(b), len(c)) for triple, (a, b, c) in found.items()}


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Entities as nodes (IRI id; label, class, qid, iso), one edge per direct relation triple
    keyed by the relation, with its family and the statements, documents and outlets behind it."""
    net = nx.MultiDiGraph()
    for cls, name in _ACTOR_CLASSES.items():
        for node in graph.subjects(RDF.type, cls):
            net.add_node(str(node), **_node_attributes(graph, node, name))
    support = _support(graph)
    for relation in all_relations():
        prop = GB[relation]
        family = family_of(relation).value
        for s, o in graph.subject_objects(prop):
            for node in (s, o):
                if str(node) not in net:
                    net.add_node(str(node), **_node_attributes(graph, node, ""))
            statements, documents, outlets = support.get((s, prop, o), (0, 0, 0))
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


def export_graph(graph: Graph, fmt: str, path: str | Path) -> Path:
    """Write `graph` to `path` in `fmt` atomically (no partial file on error); return the path."""
    fmt = check_format(fmt)
    target = Path(path)
    try:
        with atomic_open(target, "w") as handle:
            for chunk in generate(graph, fmt):
                handle.write(chunk)
    except OSError as exc:
        raise GraphError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return target
