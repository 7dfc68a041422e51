"""SHACL validation: the hand-made graph conforms; broken graphs give plain-word violations."""

from __future__ import annotations

import pytest
from builders import sample_results
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, XSD

from graphbuild.graph.iris import DEFAULT_BASE
from graphbuild.graph.ontology import GB, all_relations, bind_prefixes, family_of
from graphbuild.graph.rdfgraph import build_graph
from graphbuild.graph.validate import (
    ValidationReport,
    Violation,
    format_violations,
    load_shapes,
    validate_graph,
)
from graphbuild.records import (
    Document,
    DocumentResult,
    Entity,
    EntityKind,
    Modality,
    Polarity,
    Sentence,
    Statement,
    TextSpan,
)

UK = URIRef(DEFAULT_BASE + "state/GBR")


@pytest.fixture
def graph() -> Graph:
    return bind_prefixes(build_graph(sample_results()))


def a_statement(graph: Graph) -> URIRef:
    """The statement node of "Starmer criticised Putin"."""
    return URIRef(graph.value(predicate=RDF.predicate, object=GB.criticises))


def test_built_graph_conforms(graph: Graph):
    report = validate_graph(graph)
    assert report == ValidationReport(conforms=True, violations=())
    assert list(format_violations(report)) == []


def test_validation_does_not_modify_the_graph(graph: Graph):
    before = set(graph)
    validate_graph(graph)
    assert set(graph) == before


def test_broken_graph_yields_plain_word_violations(graph: Graph):
    node = a_statement(graph)
    graph.set((node, GB.confidence, Literal("1.5", datatype=XSD.decimal)))
    graph.remove((UK, RDFS.label, None))
    report = validate_graph(graph)
    assert not report.conforms
    assert (
        Violation(
            focus=f"gbd:{node[len(DEFAULT_BASE) :]}",
            path="gb:confidence",
            message="a statement needs exactly one confidence, a decimal between 0 and 1",
            severity="Violation",
            value="1.5",
        )
        in report.violations
    )
    lines = list(format_violations(report))
    assert "gbd:state/GBR rdfs:label: an entity needs exactly one rdfs:label" in lines
    assert any("between 0 and 1 (found 1.5)" in line for line in lines)
    assert all("\n" not in line and "http" not in line for line in lines)


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (lambda g, st: g.set((st, GB.polarity, Literal("maybe"))), "polarity must be positive"),
        (lambda g, st: g.set((st, GB.modality, Literal("likely"))), "modality must be asserted"),
        (lambda g, st: g.remove((st, RDF.subject, None)), "exactly one subject"),
        (lambda g, st: g.add((st, RDF.object, UK)), "exactly one object"),
        (lambda g, st: g.set((st, RDF.predicate, GB.office)), "a relation of the ontology"),
        (lambda g, st: g.set((st, GB.family, Literal("LIKES"))), "exactly one family"),
        (lambda g, st: g.remove((st, GB.trigger, None)), "exactly one trigger"),
        (lambda g, st: g.set((st, GB.triggerStart, Literal(-3))), "trigger start offset"),
        (lambda g, st: g.set((st, GB.asserted, Literal("yes"))), "asserted flag"),
        (lambda g, st: g.set((UK, RDF.type, GB.Post)), "must have a type"),
        (lambda g, st: g.add((UK, RDFS.label, Literal("Britain"))), "exactly one rdfs:label"),
        (
            lambda g, st: g.remove((g.value(st, GB.document), DCTERMS.identifier, None)),
            "exactly one identifier",
        ),
        (
            lambda g, st: g.remove((g.value(st, GB.document), RDF.type, None)),
            "exactly one document",
        ),
    ],
)
def test_each_rule_is_enforced(graph: Graph, break_it, expected: str):
    break_it(graph, a_statement(graph))
    report = validate_graph(graph)
    assert not report.conforms
    assert any(expected in v.message for v in report.violations), report.violations


def test_sentence_must_belong_to_one_document(graph: Graph):
    sentence = next(graph.subjects(RDF.type, GB.Sentence))
    graph.remove((sentence, DCTERMS.isPartOf, None))
    lines = list(format_violations(validate_graph(graph)))
    assert any("a sentence must belong to exactly one document" in line for line in lines)


def test_shapes_list_every_relation_of_the_ontology():
    shapes = load_shapes()
    lists = [
        set(shapes.items(node))
        for node in shapes.objects(None, SH["in"])
        if GB.criticises in set(shapes.items(node))
    ]
    assert lists == [{GB[name] for name in all_relations()}]


def test_every_constraint_has_a_message():
    shapes = load_shapes()
    checks = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(
        shapes.subjects(SH.targetObjectsOf, None)
    )
    assert len(checks) > 30
    for shape in checks:
        assert shapes.value(shape, SH.message) is not None, shape


def test_property_checks_are_top_level_shapes():
    """pySHACL rebuilds nested sh:property constraints per focus node; keep them top level."""
    shapes = load_shapes()
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        for prop in shapes.objects(node_shape, SH.property):
            assert prop == URIRef("https://w3id.org/graphbuild/shapes#ActorType"), node_shape


def test_warnings_are_reported_but_do_not_break_conformance(graph: Graph):
    shapes = Graph()
    shapes.parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix gb: <https://w3id.org/graphbuild/ontology#> .
        [] a sh:NodeShape ; sh:targetClass gb:Document ;
           sh:property [ sh:path gb:outlet ; sh:minCount 2 ; sh:severity sh:Warning ;
                         sh:message "few outlets" ] .
        """,
        format="turtle",
    )
    report = validate_graph(graph, shapes)
    assert report.conforms
    assert {v.severity for v in report.violations} == {"Warning"}
    assert all(line.startswith("[warning] ") for line in format_violations(report))


def test_asserted_statement_needs_its_direct_triple(graph: Graph):
    node = a_statement(graph)
    starmer, putin = graph.value(node, RDF.subject), graph.value(node, RDF.object)
    graph.remove((starmer, GB.criticises, putin))
    report = validate_graph(graph)
    assert not report.conforms
    assert any(
        "asserted but its direct triple is missing" in line for line in format_violations(report)
    )
    assert validate_graph(graph, invariants=False).conforms


def test_family_must_match_the_predicate(graph: Graph):
    graph.set((a_statement(graph), GB.family, Literal("SUPPORT")))
    lines = list(format_violations(validate_graph(graph)))
    assert any(
        "family must be OPPOSE, the family of gb:criticises (found SUPPORT)" in line
        for line in lines
    )


def test_unbacked_direct_triple_is_only_a_warning(graph: Graph):
    graph.add((UK, GB.supports, URIRef(DEFAULT_BASE + "coalition/nato")))
    report = validate_graph(graph)
    assert report.conforms
    assert [line for line in format_violations(report)] == [
        "[warning] gbd:state/GBR gb:supports: direct relation with no asserted statement "
        "behind it (found gbd:coalition/nato)"
    ]


ENTITIES = [
    Entity("person/keir-starmer", EntityKind.PERSON, "Keir Starmer", ("Starmer",)),
    Entity("person/vladimir-putin", EntityKind.PERSON, "Vladimir Putin", (), "Q7747"),
    Entity("state/GBR", EntityKind.STATE, "United Kingdom", ("Britain",), "Q145", "GBR"),
    Entity("coalition/nato", EntityKind.COALITION, "NATO"),
    Entity("organization/european-union", EntityKind.ORGANIZATION, "European Union"),
    Entity("place/calgary", EntityKind.PLACE, "Calgary"),
]


@st.composite
def document_results(draw: st.DrawFn) -> DocumentResult:
    """A random but well-formed extraction result: any relation, polarity, modality, speaker."""
    texts = draw(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=3))
    doc_id = draw(st.text(min_size=1, max_size=12))
    sentences, pos = [], 0
    for i, text in enumerate(texts):
        sentences.append(Sentence(doc_id, i, pos, pos + len(text), text))
        pos += len(text) + 1
    document = Document(doc_id, " ".join(texts), source=draw(st.none() | st.text(max_size=10)))
    statements = []
    for _ in range(draw(st.integers(0, 4))):
        sent = draw(st.sampled_from(sentences))
        relation = draw(st.sampled_from(all_relations()))
        span = TextSpan(sent.start, sent.start + 1, sent.text[0])
        statements.append(
            Statement(
                doc_id=doc_id,
                sentence_index=sent.index,
                sentence=TextSpan(sent.start, sent.end, sent.text),
                subject=draw(st.sampled_from(ENTITIES)),
                relation=relation,
                family=family_of(relation),
                object=draw(st.sampled_from(ENTITIES)),
                subject_span=span,
                object_span=span,
                trigger=span,
                rule=draw(st.sampled_from(["svo-active", "apposition", "x"])),
                confidence=draw(st.floats(0.0, 1.0)),
                polarity=draw(st.sampled_from(list(Polarity))),
                modality=draw(st.sampled_from(list(Modality))),
                speaker=draw(st.none() | st.sampled_from(ENTITIES)),
                post=draw(
                    st.none() | st.sampled_from(["Prime Minister", "prime minister", "Mayor"])
                ),
            )
        )
    return DocumentResult(document, tuple(sentences), (), (), tuple(statements))


@settings(max_examples=20, deadline=None)
@given(st.lists(document_results(), min_size=1, max_size=3))
def test_any_well_formed_extraction_builds_a_conforming_graph(results: list[DocumentResult]):
    ids = [r.document.id for r in results]
    hashes = [r.document.content_hash for r in results]
    assume(len(set(ids)) == len(ids) and len(set(hashes)) == len(hashes))
    report = validate_graph(build_graph(results))
    assert report.conforms, list(format_violations(report))
