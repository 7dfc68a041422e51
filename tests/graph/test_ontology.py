"""The ontology file and the `GB` namespace agree, and relation families follow rdfs:subPropertyOf."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from graphbuild.errors import GraphError
from graphbuild.graph.ontology import (
    GB,
    GB_NS,
    ONTOLOGY_IRI,
    all_relations,
    bind_prefixes,
    compact_iri,
    family_of,
    gb_local,
    gb_terms,
    load_ontology,
    parse_packaged,
    relation_iri,
    relation_kinds,
    relations_of,
)
from graphbuild.records import EntityKind, Family

PACKAGE = Path(__file__).resolve().parents[2] / "graphbuild"
_GB_USE = re.compile(r"\bGB(?:\.(\w+)|\[\s*[\"'](\w+)[\"']\s*\])")

DOC_TABLE = {
    Family.POST_IN: ["holdsPostIn", "headOfStateOf", "headOfGovernmentOf"],
    Family.MEMBER_OF: ["memberOf", "joins"],
    Family.LEADS: ["leads", "founds", "chairs"],
    Family.COOPERATE: [
        "cooperatesWith", "meetsWith", "talksWith", "hosts", "visits", "negotiatesWith",
    ],
    Family.SUPPORT: ["supports", "praises", "endorses", "aids"],
    Family.OPPOSE: [
        "opposes", "criticises", "condemns", "rejects", "blames", "distrusts", "sanctions",
        "demandsFrom", "threatens", "accuses",
    ],
    Family.ATTACK: ["attacks", "invades", "strikes"],
}  # fmt: skip


def _declared() -> set[str]:
    onto = load_ontology()
    return {
        str(s)[len(GB_NS) :]
        for s in onto.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(GB_NS)
    }


def _used_in_code() -> set[str]:
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for match in _GB_USE.finditer(path.read_text(encoding="utf-8")):
            used.add(match.group(1) or match.group(2))
    return used - {"_NS", "_fail", "__annotations__"}


def test_ontology_header():
    onto = load_ontology()
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in onto
    for prop in ("versionInfo",):
        assert onto.value(header, OWL[prop]) is not None
    assert onto.value(header, URIRef("http://purl.org/dc/terms/license")) is not None
    assert onto.value(header, URIRef("http://purl.org/dc/terms/description")) is not None


def test_every_declared_term_has_english_label_and_comment():
    onto = load_ontology()
    for name in _declared():
        term = GB_NS + name
        labels = list(onto.objects(URIRef(term), RDFS.label))
        comments = list(onto.objects(URIRef(term), RDFS.comment))
        assert len(labels) == 1, f"{name} needs exactly one rdfs:label"
        assert comments, f"{name} needs an rdfs:comment"


def test_gb_namespace_matches_ontology_exactly():
    assert gb_terms() == _declared()


def test_every_term_used_in_code_is_declared():
    declared = _declared()
    used = _used_in_code()
    assert used, "the scan found no GB usage at all"
    assert used <= declared, f"undeclared: {sorted(used - declared)}"


def test_gb_fails_on_unknown_term():
    with pytest.raises(AttributeError):
        _ = GB.criticizes  # American spelling is a trigger, not a term
    assert GB.criticises == URIRef(GB_NS + "criticises")


def test_families_match_the_graph_model_table():
    for family, names in DOC_TABLE.items():
        assert relations_of(family)[0] == names[0]
        assert set(relations_of(family)) == set(names)
        for name in names:
            assert family_of(name) is family
    assert len(all_relations()) == sum(len(v) for v in DOC_TABLE.values())


def test_family_of_unknown_relation_raises_key_error():
    with pytest.raises(KeyError):
        family_of("likes")
    with pytest.raises(KeyError):
        family_of("holdsPost")  # a post link, not a relation
    with pytest.raises(KeyError):
        relation_iri("office")


def test_relation_iri():
    assert relation_iri("headOfGovernmentOf") == GB.headOfGovernmentOf


def test_every_relation_has_domain_range_and_triggers():
    onto = load_ontology()
    for name in all_relations():
        prop = GB[name]
        assert (prop, RDF.type, OWL.ObjectProperty) in onto
        assert onto.value(prop, RDFS.domain) is not None, name
        assert onto.value(prop, RDFS.range) is not None, name
        if name not in {r[0] for r in DOC_TABLE.values()}:
            assert onto.value(prop, RDFS.subPropertyOf) is not None, name
            assert onto.value(prop, GB.triggers) is not None, name


def test_interaction_relations_carry_cameo_codes():
    onto = load_ontology()
    for family in (Family.COOPERATE, Family.SUPPORT, Family.OPPOSE, Family.ATTACK):
        for name in relations_of(family):
            codes = [str(c) for c in onto.objects(GB[name], GB.cameoCode)]
            assert codes and all(c.isdigit() for c in codes), name
    assert Literal("111") in set(onto.objects(GB.criticises, GB.cameoCode))


def test_bind_prefixes_uses_the_given_base():
    graph = bind_prefixes(Graph(), "https://example.org/kg")
    bound = dict(graph.namespaces())
    assert str(bound["gbd"]) == "https://example.org/kg/"
    assert str(bound["gb"]) == GB_NS
    assert str(bound["wd"]) == "http://www.wikidata.org/entity/"
    assert str(bound["schema"]) == "https://schema.org/"


def test_gb_local_names_only_terms_of_the_ontology():
    assert gb_local(str(GB.criticises)) == "criticises"
    assert gb_local(GB_NS) is None
    assert gb_local("http://schema.org/url") is None


def test_compact_iri_takes_the_longest_namespace():
    names = [("gbd", "https://w3id.org/graphbuild/id/"), ("w3id", "https://w3id.org/")]
    assert compact_iri("https://w3id.org/graphbuild/id/state/GBR", names) == "gbd:state/GBR"
    assert compact_iri("https://w3id.org/other", names) == "w3id:other"
    assert compact_iri("https://w3id.org/graphbuild/id/", names) == "w3id:graphbuild/id/"
    assert compact_iri("urn:x", names) == "<urn:x>"


def test_a_broken_packaged_file_is_a_one_line_graph_error(tmp_path, monkeypatch):
    broken = tmp_path / "shapes.ttl"
    broken.write_text("@prefix gb: <x#> .\ngb:a gb:b", encoding="utf-8")
    monkeypatch.setattr("graphbuild.graph.ontology.ontology_file", lambda name: tmp_path / name)
    with pytest.raises(GraphError, match=r"shapes\.ttl: cannot read the SHACL shapes: ") as info:
        parse_packaged("shapes.ttl", "the SHACL shapes")
    assert "\n" not in str(info.value)


def test_relation_kinds_come_from_domain_and_range() -> None:
    """Which actors a relation relates is read from rdfs:domain / rdfs:range (unions, subclasses
    of gb:Actor), inherited from the super-property when a relation declares none."""
    every = frozenset(EntityKind)
    groups = frozenset({EntityKind.COALITION, EntityKind.ORGANIZATION})
    assert relation_kinds("memberOf") == (every - {EntityKind.PLACE}, groups)
    assert relation_kinds("founds") == (every - {EntityKind.PLACE}, groups)
    assert relation_kinds("criticises") == (every, every)
    assert relation_kinds("holdsPostIn")[0] == {EntityKind.PERSON}
    with pytest.raises(KeyError):
        relation_kinds("likes")
