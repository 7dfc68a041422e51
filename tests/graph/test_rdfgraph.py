"""Building the RDF graph from hand-made extraction results (no spaCy), loading and writing it."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from builders import RUSSIA, UK, sample_results
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from graphbuild.errors import GraphError
from graphbuild.graph.iris import DEFAULT_BASE
from graphbuild.graph.ontology import GB, GB_NS, WD
from graphbuild.graph.rdfgraph import (
    build_graph,
    date_literal,
    decimal_literal,
    distinct_statements,
    document_hashes,
    load_graph,
    post_label,
    safe_iri,
    write_turtle,
)
from graphbuild.records import (
    Document,
    DocumentResult,
    Entity,
    EntityKind,
    Polarity,
    Statement,
    TextSpan,
)

GBD = DEFAULT_BASE


def iri(key: str) -> URIRef:
    return URIRef(GBD + key)


def statements_of(graph: Graph, predicate: URIRef) -> list[URIRef]:
    return [URIRef(s) for s in graph.subjects(RDF.predicate, predicate)]


@pytest.fixture
def graph() -> Graph:
    return build_graph(sample_results())


def test_entities_have_type_one_label_aliases_and_wikidata(graph: Graph):
    uk = iri("state/GBR")
    assert (uk, RDF.type, GB.State) in graph
    assert list(graph.objects(uk, RDFS.label)) == [Literal("United Kingdom")]
    assert set(graph.objects(uk, SKOS.altLabel)) == {Literal("Britain"), Literal("UK")}
    assert (uk, OWL.sameAs, WD.Q145) in graph
    assert (uk, SKOS.exactMatch, WD.Q145) in graph
    assert (uk, GB.isoCode, Literal("GBR")) in graph
    assert (iri("coalition/nato"), RDF.type, GB.Coalition) in graph


def test_known_entity_keeps_its_label(graph: Graph):
    putin = iri("person/vladimir-putin")
    assert list(graph.objects(putin, RDFS.label)) == [Literal("Vladimir Putin")]
    assert Literal("Putin") in set(graph.objects(putin, SKOS.altLabel))


def test_documents_and_sentences(graph: Graph):
    doc = URIRef(GBD + "doc/news-000%232")
    assert (doc, RDF.type, GB.Document) in graph
    assert (doc, DCTERMS.identifier, Literal("news-000#2")) in graph
    assert (doc, DCTERMS.title, Literal("Starmer hits out")) in graph
    assert (doc, GB.outlet, Literal("Sky News")) in graph
    assert (doc, DCTERMS.issued, Literal("2025-08-16", datatype=XSD.date)) in graph
    assert (
        doc,
        URIRef("https://schema.org/url"),
        URIRef("https://news.example/a%20b?x=1"),
    ) in graph
    sentence = URIRef(f"{doc}/sentence/1")
    assert (sentence, RDF.type, GB.Sentence) in graph
    assert (sentence, RDF.value, Literal("Starmer did not trust Putin.")) in graph
    assert (sentence, GB.index, Literal(1)) in graph
    assert graph.value(sentence, GB.start).toPython() == 55
    assert (sentence, DCTERMS.isPartOf, doc) in graph
    assert len(document_hashes(graph)) == 2


def test_statement_node_carries_provenance(graph: Graph):
    [node] = statements_of(graph, GB.criticises)
    starmer, putin = iri("person/keir-starmer"), iri("person/vladimir-putin")
    assert str(node).startswith(GBD + "statement/")
    assert (node, RDF.type, GB.Statement) in graph
    assert graph.value(node, RDF.subject) == starmer
    assert graph.value(node, RDF.object) == putin
    assert graph.value(node, GB.family) == Literal("OPPOSE")
    assert graph.value(node, PROV.wasDerivedFrom) == URIRef(GBD + "doc/news-000%232/sentence/0")
    assert graph.value(node, GB.document) == URIRef(GBD + "doc/news-000%232")
    assert graph.value(node, GB.trigger) == Literal("criticised")
    assert graph.value(node, GB.rule) == Literal("svo-active")
    assert graph.value(node, GB.confidence).toPython() == Decimal("0.85")
    assert graph.value(node, GB.polarity) == Literal("positive")
    assert graph.value(node, GB.modality) == Literal("asserted")
    assert graph.value(node, GB.asserted) == Literal(True)
    text = "Prime Minister Keir Starmer criticised Vladimir Putin."
    assert graph.value(node, GB.triggerStart).toPython() == text.index("criticised")
    assert graph.value(node, GB.objectEnd).toPython() == len(text) - 1
    assert (starmer, GB.criticises, putin) in graph


def test_only_positive_asserted_statements_become_direct_triples(graph: Graph):
    starmer, putin = iri("person/keir-starmer"), iri("person/vladimir-putin")
    [negative] = statements_of(graph, GB.distrusts)
    assert graph.value(negative, GB.asserted) == Literal(False)
    assert graph.value(negative, GB.polarity) == Literal("negative")
    assert (starmer, GB.distrusts, putin) not in graph
    [future] = statements_of(graph, GB.joins)
    assert graph.value(future, GB.modality) == Literal("future")
    assert graph.value(future, GB.speaker) == iri("coalition/nato")
    assert (iri("state/GBR"), GB.joins, iri("coalition/nato")) not in graph
    assert (putin, GB.condemns, starmer) in graph


def test_posts(graph: Graph):
    post = iri("post/GBR/prime-minister")
    starmer = iri("person/keir-starmer")
    assert (post, RDF.type, GB.Post) in graph
    assert (post, RDFS.label, Literal("Prime Minister of the United Kingdom")) in graph
    assert (post, GB.office, Literal("Prime Minister")) in graph
    assert (post, GB.postIn, iri("state/GBR")) in graph
    assert (starmer, GB.holdsPost, post) in graph
    assert (starmer, GB.headOfGovernmentOf, iri("state/GBR")) in graph
    [node] = statements_of(graph, GB.headOfGovernmentOf)
    assert graph.value(node, GB.post) == post


def test_confidence_literals_round_trip_through_turtle():
    for value in (0.0, 1.0, 0.85, 0.123456):
        lit = decimal_literal(value)
        assert "." in str(lit) and lit.datatype == XSD.decimal
        assert float(lit.toPython()) == pytest.approx(value)


def test_adding_the_same_documents_again_changes_nothing(graph: Graph):
    before = len(graph)
    copy = Graph()
    for t in graph:
        copy.add(t)
    build_graph(sample_results(), graph=graph)
    assert len(graph) == before
    assert isomorphic(graph, copy)


def test_incremental_build_equals_one_build():
    results = sample_results()
    step = build_graph(results[:1])
    build_graph(results[1:], graph=step)
    assert isomorphic(step, build_graph(results))


def test_same_id_with_other_content_is_an_error(graph: Graph):
    first = sample_results()[0]
    changed = DocumentResult(
        Document(first.document.id, first.document.text + " More."), (), (), (), ()
    )
    with pytest.raises(GraphError, match="already in the graph"):
        build_graph([changed], graph=graph)


def test_unknown_relation_is_a_graph_error():
    result = sample_results()[1]
    bad = DocumentResult(
        result.document,
        result.sentences,
        (),
        (),
        (
            Statement(
                **{
                    **{f: getattr(result.statements[0], f) for f in Statement.__slots__},
                    "relation": "likes",
                }
            ),
        ),
    )
    with pytest.raises(GraphError, match="'likes' is not in the ontology"):
        build_graph([bad])


def test_other_base():
    graph = build_graph(sample_results(), base="https://example.org/kg")
    assert (URIRef("https://example.org/kg/state/GBR"), RDF.type, GB.State) in graph


def test_bad_base_is_a_graph_error():
    with pytest.raises(GraphError):
        build_graph([], base="not a base")


def test_write_then_load_turtle(graph: Graph, tmp_path: Path):
    path = write_turtle(graph, tmp_path / "out" / "graph.ttl")
    assert isomorphic(load_graph(path), graph)
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"@prefix x: <http://x/> .\nx:a x:b x:c\nx:d x:e x:f .\n", "line 3"),
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"\xff\xfe<a> <b> <c> .", "UTF-8"),
    ],
)
def test_load_graph_rejects_bad_files_in_one_line(tmp_path: Path, content: bytes, expected: str):
    path = tmp_path / "bad.ttl"
    path.write_bytes(content)
    with pytest.raises(GraphError, match=expected) as info:
        load_graph(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message


def test_load_graph_missing_file_and_unknown_suffix(tmp_path: Path):
    with pytest.raises(GraphError, match="cannot read"):
        load_graph(tmp_path / "none.ttl")
    (tmp_path / "g.xyz").write_text("x")
    with pytest.raises(GraphError, match="unknown RDF format"):
        load_graph(tmp_path / "g.xyz")
    (tmp_path / "dir.ttl").mkdir()
    with pytest.raises(GraphError, match="cannot read"):
        load_graph(tmp_path / "dir.ttl")


def test_load_graph_malformed_ntriples_and_jsonld(tmp_path: Path):
    (tmp_path / "g.nt").write_text('<http://x/a> <http://x/b> "c .\n')
    with pytest.raises(GraphError, match="malformed nt"):
        load_graph(tmp_path / "g.nt")
    (tmp_path / "g.jsonld").write_text('{"@id": 3')
    with pytest.raises(GraphError, match="malformed json-ld"):
        load_graph(tmp_path / "g.jsonld")


@pytest.mark.parametrize(
    ("place", "label"),
    [
        (UK, "President of the United Kingdom"),
        (RUSSIA, "President of Russia"),
        (
            Entity("state/CZE", EntityKind.STATE, "Czech Republic"),
            "President of the Czech Republic",
        ),
        (Entity("place/kingdom", EntityKind.PLACE, "Kingdom Hall"), "President of Kingdom Hall"),
    ],
)
def test_post_label(place: Entity, label: str):
    assert post_label("President", place) == label


def test_builds_into_an_oxigraph_backed_graph_too():
    pytest.importorskip("oxrdflib", reason="oxrdflib (Oxigraph store for rdflib) not installed")
    on_oxigraph = Graph(store="Oxigraph")
    build_graph(sample_results(), graph=on_oxigraph)
    size = len(on_oxigraph)
    build_graph(sample_results(), graph=on_oxigraph)  # incremental: nothing new
    assert len(on_oxigraph) == size

    def values(graph: Graph) -> set:
        # Oxigraph stores numbers canonically ("1.0"^^xsd:decimal comes back as "1") and
        # plain literals as xsd:string: compare literal values
        return {(s, p, o.toPython() if isinstance(o, Literal) else o) for s, p, o in graph}

    assert values(on_oxigraph) == values(build_graph(sample_results()))


def test_graph_carries_the_ontology_once_so_family_paths_work(graph: Graph):
    assert (GB.criticises, RDFS.subPropertyOf, GB.opposes) in graph
    assert (GB.Person, RDFS.subClassOf, GB.Actor) in graph
    rows = graph.query(
        """SELECT ?s ?p ?o WHERE { ?p rdfs:subPropertyOf* gb:opposes . ?s ?p ?o }""",
        initNs={"rdfs": RDFS, "gb": GB_NS},
    )
    assert {(str(s), str(p)[len(GB_NS) :], str(o)) for s, p, o in rows} == {
        (GBD + "person/keir-starmer", "criticises", GBD + "person/vladimir-putin"),
        (GBD + "person/vladimir-putin", "condemns", GBD + "person/keir-starmer"),
    }
    before = len(graph)
    build_graph([], graph=graph)
    assert len(graph) == before


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-08-16", Literal("2025-08-16", datatype=XSD.date)),
        ("2025-08-16T10:30:00+01:00", Literal("2025-08-16T10:30:00+01:00", datatype=XSD.dateTime)),
        ("2025-08-16 10:30", Literal("2025-08-16 10:30")),
        ("16 August 2025", Literal("16 August 2025")),
        ("2025-13-01", Literal("2025-13-01")),
    ],
)
def test_date_literal(value: str, expected: Literal):
    assert date_literal(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/a b", "https://news.example/a%20b"),
        ('https://news.example/é?q="x"', "https://news.example/%C3%A9?q=%22x%22"),
        ("news/relative.html", None),
        ("www.example.org/a", None),
        ("", None),
    ],
)
def test_safe_iri(url: str, expected: str | None):
    assert safe_iri(url) == (None if expected is None else URIRef(expected))


def test_same_relation_found_twice_at_one_trigger_makes_one_statement_node():
    first = sample_results()[0]
    criticism = first.statements[1]
    weaker = replace(criticism, rule="svo-fallback", confidence=0.5)
    negated = replace(criticism, rule="negation", confidence=0.6, polarity=Polarity.NEGATIVE)
    doubled = replace(first, statements=(weaker, *first.statements, negated))
    graph = build_graph([doubled])
    [node] = statements_of(graph, GB.criticises)
    assert graph.value(node, GB.rule) == Literal("svo-active")
    assert list(graph.objects(node, GB.confidence)) == [decimal_literal(0.85)]
    assert list(graph.objects(node, GB.polarity)) == [Literal("positive")]
    assert set(distinct_statements(doubled.statements)) == set(first.statements)


def test_a_post_is_described_once_whatever_the_spelling_of_its_office():
    first = sample_results()[0]
    post_statement = first.statements[0]
    again = replace(post_statement, post="prime minister", trigger=TextSpan(6, 14, "Minister"))
    graph = build_graph([replace(first, statements=(*first.statements, again))])
    post = iri("post/GBR/prime-minister")
    assert list(graph.objects(post, GB.office)) == [Literal("Prime Minister")]
    assert len(list(graph.objects(post, RDFS.label))) == 1
    assert len(statements_of(graph, GB.headOfGovernmentOf)) == 2


@pytest.mark.parametrize(
    "context",
    [
        '"https://schema.org/"',
        '["https://schema.org/", {"x": "http://x/"}]',
        '{"@import": "https://x/c"}',
    ],
)
def test_load_graph_never_fetches_remote_jsonld_contexts(tmp_path: Path, context: str):
    path = tmp_path / "g.jsonld"
    path.write_text('{"@context": ' + context + ', "@id": "http://x/a", "name": "A"}')
    with pytest.raises(GraphError, match="remote context") as info:
        load_graph(path)
    assert "\n" not in str(info.value)


def test_load_graph_finds_remote_contexts_deep_in_the_document(tmp_path: Path):
    path = tmp_path / "g.jsonld"
    nested = '{"@context": "https://x/c", "@id": "http://x/a"}'
    path.write_text('{"@graph": ' + "[" * 500 + nested + "]" * 500 + "}")
    with pytest.raises(GraphError, match="remote context 'https://x/c'"):
        load_graph(path)


def test_load_graph_too_deeply_nested_jsonld_is_malformed(tmp_path: Path):
    path = tmp_path / "g.jsonld"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(GraphError, match=r"g\.jsonld: malformed json-ld: .*recursion"):
        load_graph(path)


def test_load_graph_reads_jsonld_with_an_inline_context(tmp_path: Path):
    path = tmp_path / "g.jsonld"
    path.write_text('{"@context": {"n": "http://x/n"}, "@id": "http://x/a", "n": "A"}')
    assert (URIRef("http://x/a"), URIRef("http://x/n"), Literal("A")) in load_graph(path)


def test_ill_typed_literals_load_with_a_one_line_warning(tmp_path: Path, caplog):
    path = tmp_path / "g.ttl"
    path.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<http://x/starmer> <http://x/age> "sixty"^^xsd:integer .\n',
        encoding="utf-8",
    )
    graph = load_graph(path)
    assert len(graph) == 1
    records = [r for r in caplog.records if r.name == "rdflib.term"]
    assert records and all(r.exc_info is None for r in records)


def test_a_former_post_is_a_past_statement_with_no_direct_triple(nlp):
    from graphbuild.extract.pipeline import extract_documents
    from graphbuild.graph.validate import validate_graph

    text = "Boris Johnson, the former UK prime minister, met Keir Starmer, the UK prime minister."
    graph = build_graph(extract_documents([Document("news-1", text)], nlp))
    johnson, starmer, uk = (
        iri("person/boris-johnson"),
        iri("person/keir-starmer"),
        iri("state/GBR"),
    )
    nodes = {graph.value(n, RDF.subject): n for n in statements_of(graph, GB.headOfGovernmentOf)}
    assert graph.value(nodes[johnson], GB.modality) == Literal("past")
    assert graph.value(nodes[johnson], GB.asserted) == Literal(False)
    assert (johnson, GB.headOfGovernmentOf, uk) not in graph
    assert graph.value(johnson, GB.holdsPost) is None
    assert graph.value(nodes[starmer], GB.modality) == Literal("asserted")
    assert (starmer, GB.headOfGovernmentOf, uk) in graph
    assert validate_graph(graph).conforms
