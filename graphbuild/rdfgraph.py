"""Extraction results -> RDF: documents, sentences, entities, posts, statement nodes, direct triples.

Follows docs/graph-model.md. Triples are added in bulk per document through the public
`Graph.addN`, so the same code fills rdflib's memory store or an Oxigraph-backed graph.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from graphbuild import iris
from graphbuild.errors import GraphError, one_line
from graphbuild.iris import DEFAULT_BASE
from graphbuild.ontology import (
    GB,
    ONTOLOGY_IRI,
    SCHEMA,
    WD,
    class_iri,
    family_of,
    load_ontology,
    relation_iri,
)
from graphbuild.records import (
    DocumentResult,
    Entity,
    EntityKind,
    Family,
    Statement,
    distinct_statements,
    statement_key,
)

Triple = tuple[Node, Node, Node]

# File suffix -> rdflib parser name.
SUFFIX_FORMATS: dict[str, str] = {
    "ttl": "turtle",
    "turtle": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "nq": "nquads",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "json": "json-ld",
    "rdf": "xml",
    "xml": "xml",
    "owl": "xml",
    "n3": "n3",
}
_OX_PARSERS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
}
# Words that make an English state name take "the" ("the United Kingdom", "the Netherlands").
_DEFINITE_WORDS = frozenset(
    {"Kingdom", "Republic", "States", "Union", "Federation", "Emirates", "Islands", "Netherlands",
     "Philippines", "Bahamas", "Gambia", "Maldives", "Comoros", "Seychelles"}
)  # fmt: skip
# Characters an IRI may carry unencoded (RFC 3987 reserved + unreserved, and "%" of escapes).
_IRI_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]")


class _T:
    """Terms of the hot loop as plain attributes (a DefinedNamespace look-up costs ~5 µs)."""

    Statement, Sentence, Document, Post = GB.Statement, GB.Sentence, GB.Document, GB.Post
    family, document, trigger, rule = GB.family, GB.document, GB.trigger, GB.rule
    confidence, polarity, modality, asserted = GB.confidence, GB.polarity, GB.modality, GB.asserted
    subjectStart, subjectEnd = GB.subjectStart, GB.subjectEnd
    triggerStart, triggerEnd = GB.triggerStart, GB.triggerEnd
    objectStart, objectEnd = GB.objectStart, GB.objectEnd
    speaker, post, office, postIn, holdsPost = (
        GB.speaker,
        GB.post,
        GB.office,
        GB.postIn,
        GB.holdsPost,
    )
    index, start, end, isoCode = GB.index, GB.start, GB.end, GB.isoCode
    TRUE, FALSE = Literal(True), Literal(False)


@lru_cache(maxsize=1 << 16)
def _int_literal(value: int) -> Literal:
    """xsd:integer literal; cached because offsets and indexes repeat across documents."""
    return Literal(value)


@lru_cache(maxsize=1 << 14)
def _word_literal(text: str) -> Literal:
    """Plain literal for short repeated strings (family, polarity, rule, trigger, office)."""
    return Literal(text)


def decimal_literal(value: float) -> Literal:
    """xsd:decimal with a lexical form that always has a "." so Turtle shorthand round-trips."""
    text = f"{value:.6f}".rstrip("0")
    return Literal(text + "0" if text.endswith(".") else text, datatype=XSD.decimal)


def date_literal(value: str) -> Literal:
    """xsd:date or xsd:dateTime for an ISO 8601 value, a plain literal for anything else."""
    try:
        if len(value) == 10:
            dt.date.fromisoformat(value)
            return Literal(value, datatype=XSD.date)
        if "T" in value:  # xsd:dateTime needs the "T" that Python's parser does not
            dt.datetime.fromisoformat(value)
            return Literal(value, datatype=XSD.dateTime)
    except ValueError:
        pass
    return Literal(value)


def safe_iri(url: str) -> URIRef | None:
    """A URL as an IRI with spaces, quotes and other characters IRIs forbid percent-encoded;
    None for a relative or scheme-less URL, which would not be a valid RDF IRI."""
    url = url.strip()
    if not _SCHEME.match(url):
        return None
    return URIRef(quote(url, safe=_IRI_SAFE))


def post_label(office: str, place: Entity) -> str:
    """Human label of a post: ("Prime Minister", United Kingdom) -> "Prime Minister of the United
    Kingdom"; English puts "the" before state names made of common nouns or plurals."""
    words = place.label.split()
    needs_the = place.kind is EntityKind.STATE and bool(_DEFINITE_WORDS.intersection(words))
    return f"{office} of {'the ' if needs_the else ''}{place.label}"


def document_hashes(graph: Graph) -> set[str]:
    """Content hashes (SHA-256 hex) of every document already in the graph."""
    return {str(h) for h in graph.objects(None, GB.contentHash)}


class _Builder:
    """Adds documents to one graph, remembering what this run has labelled and seen."""

    def __init__(self, graph: Graph, base: str) -> None:
        self.graph = graph
        self.base = iris.check_base(base)
        self.hashes = document_hashes(graph)
        self.doc_hash: dict[URIRef, str] = {
            URIRef(str(doc)): str(h) for doc, h in graph.subject_objects(GB.contentHash)
        }
        self.labels: dict[URIRef, str] = {}  # nodes labelled (now or before) -> their label
        self.iris: dict[str, URIRef] = {}  # entity key -> IRI, minted once per run
        self.described: set[Entity] = set()  # entity records whose triples this run has added

    def label_of(self, node: URIRef) -> str | None:
        if node not in self.labels:
            existing = self.graph.value(node, RDFS.label)
            if existing is None:
                return None
            self.labels[node] = str(existing)
        return self.labels[node]

    def labelled(self, node: URIRef, label: str) -> Iterator[Triple]:
        """rdfs:label for a new node; for a known node with another label, an skos:altLabel."""
        current = self.label_of(node)
        if current is None:
            self.labels[node] = label
            yield node, RDFS.label, Literal(label)
        elif current != label:
            yield node, SKOS.altLabel, Literal(label)

    def entity_iri(self, entity: Entity) -> URIRef:
        node = self.iris.get(entity.key)
        if node is None:
            node = self.iris[entity.key] = URIRef(iris.entity_iri(entity.key, self.base))
        return node

    def entity_triples(self, entity: Entity) -> Iterator[Triple]:
        node = self.entity_iri(entity)
        yield node, RDF.type, class_iri(entity.kind)
        yield from self.labelled(node, entity.label)
        for alias in entity.aliases:
            if alias != entity.label:
                yield node, SKOS.altLabel, Literal(alias)
        if entity.qid:
            yield node, OWL.sameAs, WD[entity.qid]
            yield node, SKOS.exactMatch, WD[entity.qid]
        if entity.code and entity.kind is EntityKind.STATE:  # gb:isoCode has domain gb:State
            yield node, _T.isoCode, _word_literal(entity.code)

    def document_triples(self, result: DocumentResult, doc: URIRef) -> Iterator[Triple]:
        document = result.document
        yield doc, RDF.type, _T.Document
        yield doc, DCTERMS.identifier, Literal(document.id)
        yield doc, GB.contentHash, Literal(document.content_hash)
        if document.title:
            yield doc, DCTERMS.title, Literal(document.title)
        if document.source:
            yield doc, GB.outlet, _word_literal(document.source)
        if document.date:
            yield doc, DCTERMS.issued, date_literal(document.date)
        url = safe_iri(document.url) if document.url else None
        if url is not None:
            yield doc, SCHEMA.url, url
        for sentence in result.sentences:
            node = URIRef(iris.sentence_iri(document.id, sentence.index, self.base))
            yield node, RDF.type, _T.Sentence
            yield node, RDF.value, Literal(sentence.text)
            yield node, _T.index, _int_literal(sentence.index)
            yield node, _T.start, _int_literal(sentence.start)
            yield node, _T.end, _int_literal(sentence.end)
            yield node, DCTERMS.isPartOf, doc

    def statement_triples(self, st: Statement, doc: URIRef) -> Iterator[Triple]:
        try:
            predicate = relation_iri(st.relation)
            family: Family = family_of(st.relation)
        except KeyError:
            raise GraphError(
                f"document {st.doc_id!r}, sentence {st.sentence_index}: "
                f"relation {st.relation!r} is not in the ontology"
            ) from None
        subject, obj = self.entity_iri(st.subject), self.entity_iri(st.object)
        node = URIRef(iris.statement_iri(statement_key(st), self.base))
        sentence = URIRef(iris.sentence_iri(st.doc_id, st.sentence_index, self.base))
        yield node, RDF.type, _T.Statement
        yield node, RDF.subject, subject
        yield node, RDF.predicate, predicate
        yield node, RDF.object, obj
        yield node, _T.family, _word_literal(family.value)
        yield node, PROV.wasDerivedFrom, sentence
        yield node, _T.document, doc
        yield node, _T.trigger, _word_literal(st.trigger.text)
        yield node, _T.rule, _word_literal(st.rule)
        yield node, _T.confidence, decimal_literal(st.confidence)
        yield node, _T.polarity, _word_literal(st.polarity.value)
        yield node, _T.modality, _word_literal(st.modality.value)
        yield node, _T.asserted, _T.TRUE if st.is_fact else _T.FALSE
        yield node, _T.subjectStart, _int_literal(st.subject_span.start)
        yield node, _T.subjectEnd, _int_literal(st.subject_span.end)
        yield node, _T.triggerStart, _int_literal(st.trigger.start)
        yield node, _T.triggerEnd, _int_literal(st.trigger.end)
        yield node, _T.objectStart, _int_literal(st.object_span.start)
        yield node, _T.objectEnd, _int_literal(st.object_span.end)
        if st.speaker is not None:
            yield node, _T.speaker, self.entity_iri(st.speaker)
        if st.post and family is Family.POST_IN:
            post = URIRef(iris.post_iri(st.post, st.object.key, self.base))
            yield node, _T.post, post
            if self.label_of(post) is None:  # described once: "Mayor" and "mayor" share an IRI
                label = self.labels[post] = post_label(st.post, st.object)
                yield post, RDF.type, _T.Post
                yield post, RDFS.label, Literal(label)
                yield post, _T.office, _word_literal(st.post)
                yield post, _T.postIn, obj
            if st.is_fact:
                yield subject, _T.holdsPost, post
        if st.is_fact:
            yield subject, predicate, obj

    def result_triples(self, result: DocumentResult) -> Iterator[Triple]:
        """All triples of one document; entities first so that their labels win over post labels."""
        doc = URIRef(iris.document_iri(result.document.id, self.base))
        entities: dict[str, Entity] = {e.key: e for e in result.entities}
        for st in result.statements:
            for entity in (st.subject, st.object, st.speaker):
                if entity is not None:
                    entities.setdefault(entity.key, entity)
        for entity in entities.values():
            if entity not in self.described:  # the same record again adds nothing new
                self.described.add(entity)
                yield from self.entity_triples(entity)
        yield from self.document_triples(result, doc)
        for st in distinct_statements(result.statements):
            yield from self.statement_triples(st, doc)

    def add(self, result: DocumentResult) -> bool:
        """Add one document's triples; False (and nothing added) if its content is already there."""
        digest = result.document.content_hash
        if digest in self.hashes:
            return False
        doc = URIRef(iris.document_iri(result.document.id, self.base))
        if doc in self.doc_hash:
            raise GraphError(
                f"document id {result.document.id!r} is already in the graph with other content"
            )
        graph = self.graph
        graph.addN((s, p, o, graph) for s, p, o in self.result_triples(result))
        self.hashes.add(digest)
        self.doc_hash[doc] = digest
        return True


def add_ontology(graph: Graph) -> Graph:
    """Add the ontology's triples (classes, relation hierarchy, labels) unless already there."""
    if (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) not in graph:
        graph.addN((s, p, o, graph) for s, p, o in load_ontology())
    return graph


def build_graph(
    results: Iterable[DocumentResult], *, base: str = DEFAULT_BASE, graph: Graph | None = None
) -> Graph:
    """Add documents and what was extracted from them to `graph` (a new one if None); return it.

    A document whose content hash is already in the graph is skipped, so rebuilding with the same
    input changes nothing; a known entity keeps its label (other names become skos:altLabel).
    The ontology is added once, so that queries can follow rdfs:subPropertyOf to the families.
    """
    graph = Graph() if graph is None else graph
    try:
        builder = _Builder(graph, base)
    except ValueError as exc:
        raise GraphError(str(exc)) from None
    add_ontology(graph)
    for result in results:
        builder.add(result)
    return graph


def guess_format(path: str | Path, format: str | None = None) -> str:
    """rdflib parser name for `path` from `format` or the file suffix; GraphError if unknown."""
    name = (format or Path(path).suffix.lstrip(".")).lower()
    fmt = SUFFIX_FORMATS.get(name, name if name in SUFFIX_FORMATS.values() else None)
    if fmt is None:
        raise GraphError(f"{path}: unknown RDF format {name or '(no suffix)'!r}")
    return fmt


def _parser_complaint(exc: BaseException) -> str:
    """The parser's complaint in one short line (rdflib's Turtle errors quote the source)."""
    if isinstance(exc, BadSyntax):
        return f"line {exc.lines + 1}: {exc._why}"
    return one_line(exc, limit=200)


def load_graph(path: str | Path, format: str | None = None) -> Graph:
    """Parse an RDF file (format from its suffix unless given); quad formats load as their union.

    Missing, unreadable, empty, binary or malformed files raise GraphError naming the file.
    """
    source = Path(path)
    fmt = guess_format(source, format)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise GraphError(f"{source}: cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise GraphError(f"{source}: empty file, no RDF to read")
    if b"\x00" in data[:8192]:
        raise GraphError(f"{source}: binary file, not {fmt} RDF")
    try:
        text = data.decode("utf-8")  # Oxigraph would take bytes, but say what is wrong first
    except UnicodeDecodeError as exc:
        raise GraphError(f"{source}: not UTF-8 text (byte {exc.start})") from None
    base_iri = source.resolve().as_uri()
    if fmt == "json-ld":
        _refuse_remote_contexts(text, source)
    try:
        with _literal_warnings_in_parser_complaint():
            if fmt in _OX_PARSERS:
                return _parse_with_oxigraph(data, fmt, base_iri)
            graph = Graph()
            graph.parse(data=text, format=fmt, publicID=base_iri)
    except GraphError as exc:
        raise GraphError(f"{source}: {exc}") from None
    except Exception as exc:  # rdflib's parsers raise many unrelated types
        raise GraphError(f"{source}: malformed {fmt}: {_parser_complaint(exc)}") from None
    return graph


class _NoTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text = None, None
        return True


@contextlib.contextmanager
def _literal_warnings_in_parser_complaint() -> Iterator[None]:
    """rdflib logs an ill-typed literal ("abc"^^xsd:integer) with a traceback; keep the one-line
    warning (the graph still loads, SHACL validation reports the literal)."""
    logger, quiet = logging.getLogger("rdflib.term"), _NoTraceback()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def _remote_contexts(node: object) -> Iterator[str]:
    """References to contexts outside the document: "@context" strings and "@import"s.

    Walks with an explicit stack: JSON nested deeper than Python's recursion limit is valid."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            for key, value in item.items():
                if key == "@context":
                    values = value if isinstance(value, list) else [value]
                    yield from (v for v in values if isinstance(v, str))
                if key == "@import" and isinstance(value, str):
                    yield value
            stack.extend(reversed(list(item.values())))


def _refuse_remote_contexts(text: str, source: Path) -> None:
    """rdflib would download remote JSON-LD contexts; graphbuild never goes to the network."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise GraphError(f"{source}: malformed json-ld: {_parser_complaint(exc)}") from None
    remote = next(_remote_contexts(data), None)
    if remote is not None:
        raise GraphError(
            f"{source}: JSON-LD refers to the remote context {remote!r}, which graphbuild does not "
            "download; inline the context in the file"
        )


def _parse_with_oxigraph(data: bytes, fmt: str, base_iri: str) -> Graph:
    """Parse with Oxigraph (about 5x faster than rdflib's parsers); quads load as their union."""
    from graphbuild.store import from_ox

    graph = Graph()
    parser = ox.parse(input=data, format=_OX_PARSERS[fmt], base_iri=base_iri)
    graph.addN((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), graph) for q in parser)
    for prefix, namespace in parser.prefixes.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def write_turtle(graph: Graph, path: str | Path) -> Path:
    """Serialise `graph` as Turtle to `path` atomically (stable order, grouped by subject)."""
    from graphbuild.export import export_graph  # export builds on this module's readers

    return export_graph(graph, "turtle", path)


__all__ = [
    "add_ontology",
    "build_graph",
    "date_literal",
    "decimal_literal",
    "distinct_statements",
    "document_hashes",
    "guess_format",
    "load_graph",
    "post_label",
    "safe_iri",
    "statement_key",
    "write_turtle",
]
