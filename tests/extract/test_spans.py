"""Sentence lookups of graphbuild.extract.spans agree with spaCy's own `Token.sent`."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from graphbuild.extract.entities import resolve_entities
from graphbuild.extract.gazetteer import load_gazetteer
from graphbuild.extract.relations import extract_relations
from graphbuild.extract.spans import (
    doc_text,
    remember_text,
    sentence_bounds,
    sentence_index,
    sentence_span,
    sentence_texts,
    text_span,
)
from graphbuild.records import Document, TextSpan

TEXTS = [
    "Starmer met Macron in Paris. Did Trump call Putin? He did not.",
    "'We will not back down,' Zelensky said.\n\nRussia struck Kyiv overnight, officials said.",
    "Trump spoke.",
    "  Leading spaces. And a second sentence with no full stop",
]


@pytest.mark.parametrize("text", TEXTS)
def test_texts_from_offsets_match_spacys_own(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert doc_text(doc) == doc.text == text
    assert sentence_texts(doc) == [(s.start_char, s.end_char, s.text) for s in doc.sents]
    for span in [*doc.sents, *doc.ents, doc[1:3]]:
        assert text_span(span) == TextSpan(span.start_char, span.end_char, span.text)


def test_remembered_text_is_the_one_returned(nlp: Language) -> None:
    doc = nlp("Trump spoke.")
    remember_text(doc, "Trump spoke.")
    assert doc_text(doc) == "Trump spoke."
    assert sentence_texts(nlp("")) == []


@pytest.mark.parametrize("text", TEXTS)
def test_sentence_lookups_match_token_sent(nlp: Language, text: str) -> None:
    doc = nlp(text)
    sentences = list(doc.sents)
    assert len(sentences) >= 1
    for token in doc:
        sent = token.sent
        assert sentence_bounds(token) == (sent.start, sent.end)
        assert sentence_span(token) == text_span(sent)
        assert sentences[sentence_index(token)].start == sent.start


def test_doc_still_serialises_after_extraction(nlp: Language) -> None:
    """The per-document caches in `Doc.user_data` must stay msgpack-serialisable."""
    text = (
        "Russia struck Kyiv overnight, according to Volodymyr Zelensky. "
        "'We will not back down,' Zelensky said. Did Trump call Putin?"
    )
    doc = nlp(text)
    document = Document(id="d", text=text)
    index = resolve_entities(doc, document, load_gazetteer())
    statements = list(extract_relations(doc, document, index))
    assert statements
    restored = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert restored.text == text
