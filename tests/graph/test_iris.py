"""Property-based tests of IRI minting: valid, stable, distinct IRIs for any name or id."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from graphbuild.graph.iris import (
    DEFAULT_BASE,
    check_base,
    document_iri,
    entity_iri,
    post_iri,
    sentence_iri,
    slugify,
    statement_iri,
)

# An absolute IRI with no character that N-Triples or Turtle would have to reject.
_IRI = re.compile(r"^https?://[^\x00-\x20<>\"{}|\\^`\x7f]+$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PREDICATE = URIRef("https://w3id.org/graphbuild/ontology#label")

names = st.text(min_size=0, max_size=40)
keys = st.lists(st.text(min_size=1, max_size=15), min_size=1, max_size=3).map("/".join)
bases = st.sampled_from(
    [DEFAULT_BASE, "https://example.org/kg", "http://localhost:8000/id#", "https://x.test/a/b/"]
)


def round_trips_through_ntriples(iri: str) -> bool:
    graph = Graph()
    graph.add((URIRef(iri), PREDICATE, Literal("x")))
    parsed = Graph().parse(data=graph.serialize(format="nt"), format="nt")
    return {str(s) for s in parsed.subjects()} == {iri}


@given(names)
def test_slug_is_lowercase_ascii_words_and_never_empty(name: str):
    slug = slugify(name)
    assert _SLUG.match(slug), slug
    assert slugify(slug) == slug
    assert slugify(name) == slug  # stable


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Keir Starmer", "keir-starmer"),
        ("Élysée Palace", "elysee-palace"),
        ("  Volodymyr  Zelenskyy!! ", "volodymyr-zelenskyy"),
        ("the coalition of the willing", "the-coalition-of-the-willing"),
    ],
)
def test_slug_examples(name: str, slug: str):
    assert slugify(name) == slug


@given(keys, bases)
def test_entity_iris_are_valid_and_round_trip(key: str, base: str):
    iri = entity_iri(key, base)
    assert _IRI.match(iri), iri
    assert iri.startswith(check_base(base))
    assert entity_iri(key, base) == iri
    assert round_trips_through_ntriples(iri)


@given(keys, keys)
def test_distinct_keys_give_distinct_iris(a: str, b: str):
    if a != b:
        assert entity_iri(a) != entity_iri(b)


@given(names, st.integers(min_value=0, max_value=10_000), bases)
def test_document_and_sentence_iris(doc_id: str, index: int, base: str):
    doc = document_iri(doc_id, base)
    sentence = sentence_iri(doc_id, index, base)
    assert _IRI.match(doc) and _IRI.match(sentence)
    assert sentence == f"{doc}/sentence/{index}"
    assert round_trips_through_ntriples(doc) and round_trips_through_ntriples(sentence)


@given(names, names)
def test_distinct_document_ids_give_distinct_iris(a: str, b: str):
    if a != b:
        assert document_iri(a) != document_iri(b)


def test_document_iri_example():
    assert document_iri("news-000#2") == DEFAULT_BASE + "doc/news-000%232"


@given(names, keys)
def test_post_iris_are_valid(office: str, place_key: str):
    iri = post_iri(office, place_key)
    assert _IRI.match(iri), iri
    assert round_trips_through_ntriples(iri)


def test_post_iri_example():
    assert post_iri("Prime Minister", "state/GBR") == DEFAULT_BASE + "post/GBR/prime-minister"


@given(st.tuples(names, st.integers(min_value=0), keys, names, keys, st.integers(min_value=0)))
def test_statement_iris_are_stable_hex_digests(parts: tuple):
    iri = statement_iri(parts)
    assert re.fullmatch(re.escape(DEFAULT_BASE) + r"statement/[0-9a-f]{16}", iri)
    assert statement_iri(parts) == iri
    assert round_trips_through_ntriples(iri)


@pytest.mark.parametrize(
    "bad", ["", "example.org/kg", "ftp://example.org/", "https://exa mple.org/", "https://x/<y>"]
)
def test_bad_bases_are_rejected(bad: str):
    with pytest.raises(ValueError):
        check_base(bad)


@pytest.mark.parametrize("base", ["https://example.org/kg", "https://example.org/kg/"])
def test_base_gets_a_trailing_slash(base: str):
    assert check_base(base) == "https://example.org/kg/"


@given(keys)
def test_iris_have_no_dot_segments(key: str):
    """RFC 3986 normalisation removes "." and ".." path segments, which would merge IRIs."""
    for iri in (entity_iri(key), document_iri(key), post_iri("x", key)):
        segments = iri[len(DEFAULT_BASE) :].split("/")
        assert "." not in segments and ".." not in segments, iri


@pytest.mark.parametrize("doc_id", [".", ".."])
def test_dot_segments_are_encoded(doc_id: str):
    assert document_iri(doc_id) == DEFAULT_BASE + "doc/" + doc_id.replace(".", "%2E")
    assert document_iri(".") != document_iri("%2E")
