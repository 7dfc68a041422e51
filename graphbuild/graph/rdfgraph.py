"""Extraction results -> RDF: documents, sentences, entities, posts, statement nodes, direct triples.

Follows docs/graph-model.md. One generator (`TripleGenerator`, pure) makes each document's triples
as Oxigraph terms: `generate_triples` streams them for a new graph file, `build_graph` adds them to
an rdflib graph (through `Graph.addN`, or straight into the store of an Oxigraph-backed graph).
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.parsers.notation3 import BadSyntax

from graphbuild.errors import GraphError, one_line
from graphbuild.graph import aggregates, iris
from graphbuild.graph.aggregates import EdgeTally
from graphbuild.graph.iris import DEFAULT_BASE
from graphbuild.graph.ontology import (
    GB,
    ONTOLOGY_IRI,
    SCHEMA,
    WD,
    class_iri,
    family_of,
    load_ontology,
    relation_iri,
)
from graphbuild.graph.store import from_ox, is_oxigraph, load_natively, oxigraph_store, to_ox
from graphbuild.limits import (
    check_graph_file_size,
    check_xml_entities,
    term_too_long,
    term_too_long_message,
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


def _iri(value: object) -> str:
    """An IRI in N-Triples form; only for IRIs graphbuild mints or Oxigraph has checked."""
    return f"<{value}>"


class _T:
    """N-Triples forms of the generator's constant terms."""

    type, value = _iri(RDF.type), _iri(RDF.value)
    subject, predicate, object = _iri(RDF.subject), _iri(RDF.predicate), _iri(RDF.object)
    label, altLabel, exactMatch = _iri(RDFS.label), _iri(SKOS.altLabel), _iri(SKOS.exactMatch)
    sameAs, wasDerivedFrom, url = _iri(OWL.sameAs), _iri(PROV.wasDerivedFrom), _iri(SCHEMA.url)
    identifier, title = _iri(DCTERMS.identifier), _iri(DCTERMS.title)
    issued, isPartOf = _iri(DCTERMS.issued), _iri(DCTERMS.isPartOf)
    Statement, Sentence, Document = _iri(GB.Statement), _iri(GB.Sentence), _iri(GB.Document)
    Post, contentHash, outlet = _iri(GB.Post), _iri(GB.contentHash), _iri(GB.outlet)
    family, document, trigger, rule = (
        _iri(GB.family),
        _iri(GB.document),
        _iri(GB.trigger),
        _iri(GB.rule),
    )
    confidence, polarity = _iri(GB.confidence), _iri(GB.polarity)
    modality, asserted = _iri(GB.modality), _iri(GB.asserted)
    subjectStart, subjectEnd = _iri(GB.subjectStart), _iri(GB.subjectEnd)
    triggerStart, triggerEnd = _iri(GB.triggerStart), _iri(GB.triggerEnd)
    objectStart, objectEnd = _iri(GB.objectStart), _iri(GB.objectEnd)
    speaker, post, office = _iri(GB.speaker), _iri(GB.post), _iri(GB.office)
    postIn, holdsPost = _iri(GB.postIn), _iri(GB.holdsPost)
    index, start, end, isoCode = _iri(GB.index), _iri(GB.start), _iri(GB.end), _iri(GB.isoCode)
    decimal, date, dateTime = _iri(XSD.decimal), _iri(XSD.date), _iri(XSD.dateTime)
    TRUE, FALSE = str(ox.Literal(True)), str(ox.Literal(False))


def _literal(text: str) -> str:
    """A plain literal in N-Triples form, escaped by Oxigraph."""
    return str(ox.Literal(text))


@lru_cache(maxsize=1 << 16)
def _int_literal(value: int) -> str:
    """xsd:integer literal; cached because offsets and indexes repeat across documents."""
    return str(ox.Literal(value))


@lru_cache(maxsize=1 << 14)
def _word_literal(text: str) -> str:
    """Plain literal for short repeated strings (family, polarity, rule, trigger, office)."""
    return _literal(text)


@lru_cache(maxsize=1 << 10)
def _class(kind: EntityKind) -> str:
    return _iri(class_iri(kind))


@lru_cache(maxsize=1 << 10)
def _relation(relation: str) -> tuple[str, Family]:
    """The relation's property and family; GraphError names the relation if the ontology lacks it."""
    try:
        return _iri(relation_iri(relation)), family_of(relation)
    except KeyError:
        raise GraphError(f"relation {relation!r} is not in the ontology") from None


def _decimal(value: float) -> str:
    text = f"{value:.6f}".rstrip("0")
    return f'"{text}0"^^{_T.decimal}' if text.endswith(".") else f'"{text}"^^{_T.decimal}'


def _date(value: str) -> str:
    try:
        if len(value) == 10:
            dt.date.fromisoformat(value)
            return f"{_literal(value)}^^{_T.date}"
        if "T" in value:  # xsd:dateTime needs the "T" that Python's parser does not
            dt.datetime.fromisoformat(value)
            return f"{_literal(value)}^^{_T.dateTime}"
    except ValueError:
        pass
    return _literal(value)


def _safe_iri(url: str) -> ox.NamedNode | None:
    url = url.strip()
    if not _SCHEME.match(url):
        return None
    try:
        return ox.NamedNode(quote(url, safe=_IRI_SAFE))
    except ValueError:  # e.g. a second "#" or "[" outside a host: not an IRI, even encoded
        return None


def _term(ntriples: str) -> Any:
    """The Oxigraph object term of an N-Triples term (for the rdflib helpers below)."""
    [quad] = ox.parse(input=f"<x:s> <x:p> {ntriples} .", format=ox.RdfFormat.N_TRIPLES)
    return quad.object


def decimal_literal(value: float) -> Literal:
    """xsd:decimal with a lexical form that always has a "." so Turtle shorthand round-trips."""
    return from_ox(_term(_decimal(value)))


def date_literal(value: str) -> Literal:
    """xsd:date or xsd:dateTime for an ISO 8601 value, a plain literal for anything else."""
    return from_ox(_term(_date(value)))


def safe_iri(url: str) -> URIRef | None:
    """A URL as an IRI with spaces, quotes and other characters IRIs forbid percent-encoded;
    None for a relative or scheme-less URL, or one that is still no valid RDF IRI."""
    node = _safe_iri(url)
    return None if node is None else URIRef(node.value)


def post_label(office: str, place: Entity) -> str:
    """Human label of a post: ("Prime Minister", United Kingdom) -> "Prime Minister of the United
    Kingdom"; English puts "the" before state names made of common nouns or plurals."""
    words = place.label.split()
    needs_the = place.kind is EntityKind.STATE and bool(_DEFINITE_WORDS.intersection(words))
    return f"{office} of {'the ' if needs_the else ''}{place.label}"


def document_hashes(graph: Graph) -> set[str]:
    """Content hashes (SHA-256 hex) of every document already in the graph."""
    return {str(h) for h in graph.objects(None, GB.contentHash)}


@cache
def ontology_triples() -> tuple[ox.Triple, ...]:
    """The ontology's triples as Oxigraph terms, converted once per process, in one order with
    canonical blank node labels, so that the same build writes the same Turtle bytes."""
    canonical = to_canonical_graph(load_ontology())
    return tuple(ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in sorted(canonical))


@cache
def _ontology_quads() -> tuple[ox.Quad, ...]:
    return tuple(ox.Quad(t.subject, t.predicate, t.object) for t in ontology_triples())


@dataclass(frozen=True, slots=True)
class DocumentParts:
    """A document's new triples as N-Triples: the entities it describes first, its own (the
    document, its sentences and statement nodes), then posts and direct triples."""

    entities: str
    own: str
    shared: str

    @property
    def ntriples(self) -> str:
        """All of them, in `TripleGenerator.document_ntriples` order."""
        return self.entities + self.own + self.shared

    @property
    def common(self) -> str:
        """What other documents may give too: entities, posts and direct triples."""
        return self.entities + self.shared


class TripleGenerator:
    """The triples of extraction results (docs/graph-model.md) as Oxigraph terms; no I/O.

    It remembers only what spans documents - entity IRIs and labels, the entity, post and direct
    triples already given (each is given once), and document hashes - so streaming a corpus
    through it needs memory for its entities and documents, not for its triples. `label_of` and
    `documents` (document IRI -> content hash) describe a graph that the triples will join.
    Each document is written as N-Triples lines that Oxigraph parses into terms: constructing a
    pyoxigraph Triple with a literal object from Python costs ~4 µs, parsing it under 1 µs.
    """

    def __init__(
        self,
        base: str = DEFAULT_BASE,
        *,
        label_of: Callable[[str], str | None] | None = None,
        documents: dict[str, str] | None = None,
    ) -> None:
        try:
            self.base = iris.check_base(base)
        except ValueError as exc:
            raise GraphError(str(exc)) from None
        self._label_of = label_of
        self.doc_hash: dict[str, str] = dict(documents or {})
        self.hashes: set[str] = set(self.doc_hash.values())
        self.labels: dict[str, str] = {}  # nodes labelled (now or before) -> their label
        self.iris: dict[str, str] = {}  # entity key -> IRI (N-Triples form), minted once per run
        self.given: set[str] = set()  # entity, post and direct triples already given
        self.tally: EdgeTally | None = None  # when set, counts each asserted statement's edge
        self._source: tuple[str | None, str | None] = (None, None)  # outlet, xsd:date of the doc

    def label(self, node: str) -> str | None:
        """The label of `node` (N-Triples form) given so far or in the graph joined, else None."""
        label = self.labels.get(node)
        if label is None and self._label_of is not None:
            label = self._label_of(node[1:-1])
            if label is not None:
                self.labels[node] = label
        return label

    def _once(self, line: str, out: list[str]) -> None:
        if line not in self.given:
            self.given.add(line)
            out.append(line)

    def _labelled(self, node: str, label: str, out: list[str]) -> None:
        """rdfs:label for a new node; for a known node with another label, an skos:altLabel."""
        current = self.label(node)
        if current is None:
            self.labels[node] = label
            out.append(f"{node} {_T.label} {_literal(label)} .\n")
        elif current != label:
            self._once(f"{node} {_T.altLabel} {_literal(label)} .\n", out)

    def entity_iri(self, entity: Entity) -> str:
        node = self.iris.get(entity.key)
        if node is None:
            node = self.iris[entity.key] = _iri(iris.entity_iri(entity.key, self.base))
        return node

    def _entity(self, entity: Entity, out: list[str]) -> None:
        node = self.entity_iri(entity)
        self._once(f"{node} {_T.type} {_class(entity.kind)} .\n", out)
        self._labelled(node, entity.label, out)
        for alias in entity.aliases:
            if alias != entity.label:
                self._once(f"{node} {_T.altLabel} {_literal(alias)} .\n", out)
        if entity.qid:
            qid = _iri(WD[entity.qid])
            self._once(f"{node} {_T.sameAs} {qid} .\n", out)
            self._once(f"{node} {_T.exactMatch} {qid} .\n", out)
        if entity.code and entity.kind is EntityKind.STATE:  # gb:isoCode has domain gb:State
            self._once(f"{node} {_T.isoCode} {_word_literal(entity.code)} .\n", out)

    def _document(self, result: DocumentResult, doc: str, out: list[str]) -> None:
        document = result.document
        out.append(f"{doc} {_T.type} {_T.Document} .\n")
        out.append(f"{doc} {_T.identifier} {_literal(document.id)} .\n")
        out.append(f"{doc} {_T.contentHash} {_literal(document.content_hash)} .\n")
        if document.title:
            out.append(f"{doc} {_T.title} {_literal(document.title)} .\n")
        if document.source:
            out.append(f"{doc} {_T.outlet} {_word_literal(document.source)} .\n")
        if document.date:
            out.append(f"{doc} {_T.issued} {_date(document.date)} .\n")
        url = _safe_iri(document.url) if document.url else None
        if url is not None:
            out.append(f"{doc} {_T.url} {url} .\n")
        prefix = doc[:-1] + "/sentence/"
        for sentence in result.sentences:
            node = f"{prefix}{sentence.index}>"
            out.append(
                f"{node} {_T.type} {_T.Sentence} .\n"
                f"{node} {_T.value} {_literal(sentence.text)} .\n"
                f"{node} {_T.index} {_int_literal(sentence.index)} .\n"
                f"{node} {_T.start} {_int_literal(sentence.start)} .\n"
                f"{node} {_T.end} {_int_literal(sentence.end)} .\n"
                f"{node} {_T.isPartOf} {doc} .\n"
            )

    def _statement(self, st: Statement, doc: str, out: list[str], shared: list[str]) -> None:
        """The statement node into `out`; its post and direct triples into `shared`."""
        try:
            predicate, family = _relation(st.relation)
        except GraphError as exc:
            raise GraphError(
                f"document {st.doc_id!r}, sentence {st.sentence_index}: {exc}"
            ) from None
        subject, obj = self.entity_iri(st.subject), self.entity_iri(st.object)
        node = _iri(iris.statement_iri(statement_key(st), self.base))
        out.append(
            f"{node} {_T.type} {_T.Statement} .\n"
            f"{node} {_T.subject} {subject} .\n"
            f"{node} {_T.predicate} {predicate} .\n"
            f"{node} {_T.object} {obj} .\n"
            f"{node} {_T.family} {_word_literal(family.value)} .\n"
            f"{node} {_T.wasDerivedFrom} {doc[:-1]}/sentence/{st.sentence_index}> .\n"
            f"{node} {_T.document} {doc} .\n"
            f"{node} {_T.trigger} {_word_literal(st.trigger.text)} .\n"
            f"{node} {_T.rule} {_word_literal(st.rule)} .\n"
            f"{node} {_T.confidence} {_decimal(st.confidence)} .\n"
            f"{node} {_T.polarity} {_word_literal(st.polarity.value)} .\n"
            f"{node} {_T.modality} {_word_literal(st.modality.value)} .\n"
            f"{node} {_T.asserted} {_T.TRUE if st.is_fact else _T.FALSE} .\n"
            f"{node} {_T.subjectStart} {_int_literal(st.subject_span.start)} .\n"
            f"{node} {_T.subjectEnd} {_int_literal(st.subject_span.end)} .\n"
            f"{node} {_T.triggerStart} {_int_literal(st.trigger.start)} .\n"
            f"{node} {_T.triggerEnd} {_int_literal(st.trigger.end)} .\n"
            f"{node} {_T.objectStart} {_int_literal(st.object_span.start)} .\n"
            f"{node} {_T.objectEnd} {_int_literal(st.object_span.end)} .\n"
        )
        if st.speaker is not None:
            out.append(f"{node} {_T.speaker} {self.entity_iri(st.speaker)} .\n")
        if st.post and family is Family.POST_IN:
            post = _iri(iris.post_iri(st.post, st.object.key, self.base))
            out.append(f"{node} {_T.post} {post} .\n")
            if self.label(post) is None:  # described once: "Mayor" and "mayor" share an IRI
                label = self.labels[post] = post_label(st.post, st.object)
                shared.append(
                    f"{post} {_T.type} {_T.Post} .\n"
                    f"{post} {_T.label} {_literal(label)} .\n"
                    f"{post} {_T.office} {_word_literal(st.post)} .\n"
                    f"{post} {_T.postIn} {obj} .\n"
                )
            if st.is_fact:
                self._once(f"{subject} {_T.holdsPost} {post} .\n", shared)
        if st.is_fact:
            self._once(f"{subject} {predicate} {obj} .\n", shared)
            if self.tally is not None:
                outlet, day = self._source
                edge = (subject[1:-1], predicate[1:-1], obj[1:-1])
                self.tally.add(node[1:-1], edge, family.value, doc[1:-1], outlet, day)

    def document_ntriples(self, result: DocumentResult) -> str:
        """The new triples of one document as N-Triples, each subject's together where cheap: its
        entities (first, so that their labels win over post labels), the document and its
        sentences, the statement nodes, then posts and direct triples. Empty if its content was
        given before; GraphError if its id was given with other content."""
        entities, own, shared = self._document_lines(result)
        return "".join(entities) + "".join(own) + "".join(shared)

    def document_parts(self, result: DocumentResult) -> DocumentParts:
        """The new triples of one document (see `document_ntriples`) split into its own (what its
        named graph in a SPARQL store holds) and what documents share."""
        entities, own, shared = self._document_lines(result)
        return DocumentParts("".join(entities), "".join(own), "".join(shared))

    def _document_lines(self, result: DocumentResult) -> tuple[list[str], list[str], list[str]]:
        digest = result.document.content_hash
        if digest in self.hashes:
            return [], [], []
        doc_iri = iris.document_iri(result.document.id, self.base)
        if doc_iri in self.doc_hash:
            raise GraphError(
                f"document id {result.document.id!r} is already in the graph with other content"
            )
        doc = _iri(doc_iri)
        entities: dict[str, Entity] = {e.key: e for e in result.entities}
        for st in result.statements:
            for entity in (st.subject, st.object, st.speaker):
                if entity is not None:
                    entities.setdefault(entity.key, entity)
        described: list[str] = []
        for entity in entities.values():
            self._entity(entity, described)
        out: list[str] = []
        self._document(result, doc, out)
        shared: list[str] = []
        date = result.document.date
        day = date if date and _date(date).endswith(_T.date) else None
        self._source = (result.document.source or None, day)
        for st in distinct_statements(result.statements):
            self._statement(st, doc, out, shared)
        shared.sort()  # each subject's lines together; a post's four lines are one item
        self.hashes.add(digest)
        self.doc_hash[doc_iri] = digest
        return described, out, shared

    def document_quads(self, result: DocumentResult) -> list[ox.Quad]:
        """The new triples of one document (see `document_ntriples`) as Oxigraph quads of the
        default graph, as parsed: Oxigraph's Turtle and N-Triples writers take them as triples."""
        text = self.document_ntriples(result)
        if not text:
            return []
        try:
            return list(ox.parse(input=text, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:  # a term Oxigraph rejects, e.g. a malformed Wikidata id
            raise _invalid(result, exc) from None

    def document_triples(self, result: DocumentResult) -> list[ox.Triple]:
        """The new triples of one document (see `document_ntriples`) as Oxigraph triples."""
        return [quad.triple for quad in self.document_quads(result)]


def _invalid(result: DocumentResult, exc: SyntaxError) -> GraphError:
    return GraphError(f"document {result.document.id!r}: not valid RDF: {one_line(exc)}")


def generate_triples(
    results: Iterable[DocumentResult], *, base: str = DEFAULT_BASE
) -> Iterator[ox.Quad]:
    """The triples of a new graph of `results`, streamed as quads of the default graph (as parsed:
    no second object a triple): the ontology, then document by document (a repeated document adds
    nothing), then the edge nodes (graphbuild.graph.aggregates). What `build_graph` adds to an empty
    graph."""
    generator = TripleGenerator(base)
    generator.tally = EdgeTally()
    yield from _ontology_quads()
    for result in results:
        yield from generator.document_quads(result)
    edges = "".join(generator.tally.ntriples())
    if edges:
        yield from ox.parse(input=edges, format=ox.RdfFormat.N_TRIPLES)


def add_ontology(graph: Graph) -> Graph:
    """Add the ontology's triples (classes, relation hierarchy, labels) unless already there."""
    if (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) not in graph:
        graph.addN((s, p, o, graph) for s, p, o in load_ontology())
    return graph


_XSD_STRING = ox.NamedNode(str(XSD.string))


def _from_ox(term: Any) -> Any:
    """`store.from_ox`, with plain literals (most literals here) made without its look-ups."""
    if isinstance(term, ox.Literal) and term.datatype == _XSD_STRING:
        return Literal(term.value)
    return from_ox(term)


def _graph_labels(graph: Graph) -> Callable[[str], str | None]:
    def label_of(iri: str) -> str | None:
        existing = graph.value(URIRef(iri), RDFS.label)
        return None if existing is None else str(existing)

    return label_of


def build_graph(
    results: Iterable[DocumentResult], *, base: str = DEFAULT_BASE, graph: Graph | None = None
) -> Graph:
    """Add documents and what was extracted from them to `graph` (a new one if None); return it.

    A document whose content hash is already in the graph is skipped, so rebuilding with the same
    input changes nothing; a known entity keeps its label (other names become skos:altLabel).
    The ontology is added once, so that queries can follow rdfs:subPropertyOf to the families;
    the edge nodes (graphbuild.graph.aggregates) are recomputed at the end.
    """
    graph = Graph() if graph is None else graph
    generator = TripleGenerator(
        base,
        label_of=_graph_labels(graph) if len(graph) else None,
        documents={str(d): str(h) for d, h in graph.subject_objects(GB.contentHash)},
    )
    add_ontology(graph)
    if is_oxigraph(graph):  # straight into the store, one transaction per document
        store, name = oxigraph_store(graph), to_ox(graph.identifier)
        for result in results:
            text = generator.document_ntriples(result)
            try:
                store.load(text, ox.RdfFormat.N_TRIPLES, to_graph=name)
            except SyntaxError as exc:  # a term Oxigraph rejects, e.g. a malformed Wikidata id
                raise _invalid(result, exc) from None
    else:
        term = lru_cache(maxsize=1 << 16)(_from_ox)  # IRIs and short literals repeat
        for result in results:
            triples = generator.document_triples(result)
            graph.addN((term(t.subject), term(t.predicate), term(t.object), graph) for t in triples)
    aggregates.refresh(graph)
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


def load_graph(path: str | Path, format: str | None = None, *, graph: Graph | None = None) -> Graph:
    """Parse an RDF file (format from its suffix unless given); quad formats load as their union.

    Into `graph` when given, else a new in-memory rdflib Graph. An empty Oxigraph-backed graph
    (`store.open_graph("oxigraph")`) is filled by Oxigraph's bulk loader without making an rdflib
    term of any triple: the read commands load graph files this way (~10x faster, less memory).
    Missing, unreadable, empty, binary or malformed files raise GraphError naming the file.
    """
    source = Path(path)
    fmt = guess_format(source, format)
    try:
        check_graph_file_size(source.stat().st_size, str(source))
        data = source.read_bytes()
    except OSError as exc:
        raise GraphError(f"{source}: cannot read: {exc.strerror or exc}") from None
    base_iri = source.resolve().as_uri()
    return read_graph(data, fmt, where=str(source), base_iri=base_iri, graph=graph, source=source)


def read_graph(
    data: bytes,
    fmt: str,
    *,
    where: str,
    base_iri: str,
    graph: Graph | None = None,
    source: Path | None = None,
) -> Graph:
    """Parse RDF bytes in rdflib format `fmt` (`where` names them in errors) into `graph` (a new
    one if None); an Oxigraph-backed graph is filled natively, from the file `source` (the bytes'
    origin, which Oxigraph may load in concurrent pieces) when given."""
    if not data.strip():
        raise GraphError(f"{where}: empty file, no RDF to read")
    if b"\x00" in data[:8192]:
        raise GraphError(f"{where}: binary file, not {fmt} RDF")
    _check_utf8(data, where)
    if fmt == "json-ld":
        _refuse_remote_contexts(data.decode("utf-8"), where)
    if fmt == "xml":
        check_xml_entities(data, where)
    native = graph is not None and is_oxigraph(graph) and fmt in _OX_PARSERS
    try:
        with _literal_warnings_in_parser_complaint():
            if native:
                assert graph is not None
                load_natively(graph, source or data, _OX_PARSERS[fmt], base_iri)
                return graph
            if fmt in _OX_PARSERS:
                parsed = _parse_with_oxigraph(data, fmt, base_iri)
            else:
                parsed = Graph()
                parsed.parse(data=data.decode("utf-8"), format=fmt, publicID=base_iri)
    except GraphError as exc:
        raise GraphError(f"{where}: {exc}") from None
    except Exception as exc:  # rdflib's parsers raise many unrelated types
        if term_too_long(exc):
            raise GraphError(term_too_long_message(where)) from None
        raise GraphError(f"{where}: malformed {fmt}: {_parser_complaint(exc)}") from None
    if graph is None:
        return parsed
    graph.addN((s, p, o, graph) for s, p, o in parsed)
    for prefix, namespace in parsed.namespaces():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


_CHECK_CHUNK = 1 << 20


def _check_utf8(data: bytes, where: str) -> None:
    """GraphError unless `data` is UTF-8, decoded a chunk at a time (no copy of a large file)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for start in range(0, len(data), _CHECK_CHUNK):
        try:
            decoder.decode(
                view[start : start + _CHECK_CHUNK], final=start + _CHECK_CHUNK >= len(data)
            )
        except UnicodeDecodeError as exc:
            raise GraphError(f"{where}: not UTF-8 text (byte {start + exc.start})") from None


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


def _refuse_remote_contexts(text: str, source: str) -> None:
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
    from graphbuild.graph.store import from_ox

    graph = Graph()
    parser = ox.parse(input=data, format=_OX_PARSERS[fmt], base_iri=base_iri)
    graph.addN((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), graph) for q in parser)
    for prefix, namespace in parser.prefixes.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def write_turtle(graph: Graph, path: str | Path) -> Path:
    """Serialise `graph` as Turtle to `path` atomically (stable order, grouped by subject)."""
    from graphbuild.graph.export import export_graph  # export builds on this module's readers

    return export_graph(graph, "turtle", path)


__all__ = [
    "TripleGenerator",
    "add_ontology",
    "build_graph",
    "date_literal",
    "decimal_literal",
    "distinct_statements",
    "document_hashes",
    "generate_triples",
    "guess_format",
    "load_graph",
    "ontology_triples",
    "post_label",
    "safe_iri",
    "statement_key",
    "write_turtle",
]
