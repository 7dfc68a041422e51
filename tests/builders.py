"""Hand-made extraction results (no spaCy) shared by the RDF, validation and export tests.

Imported as `builders`: pytest's default "prepend" import mode puts this folder on sys.path.
"""

from __future__ import annotations

from graphbuild.graph.ontology import family_of
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

STARMER = Entity("person/keir-starmer", EntityKind.PERSON, "Keir Starmer", ("Starmer", "Sir Keir"))
PUTIN = Entity("person/vladimir-putin", EntityKind.PERSON, "Vladimir Putin", ("Putin",), "Q7747")
UK = Entity("state/GBR", EntityKind.STATE, "United Kingdom", ("Britain", "UK"), "Q145", "GBR")
RUSSIA = Entity("state/RUS", EntityKind.STATE, "Russia", (), "Q159", "RUS")
NATO = Entity("coalition/nato", EntityKind.COALITION, "NATO", ("Nato",), "Q7184")


def span(text: str, part: str, offset: int = 0) -> TextSpan:
    """The first occurrence of `part` in `text`, with offsets shifted by `offset`."""
    start = text.index(part)
    return TextSpan(offset + start, offset + start + len(part), part)


def statement(
    doc: Document,
    sentences: list[Sentence],
    index: int,
    subject: Entity,
    subject_text: str,
    relation: str,
    trigger: str,
    obj: Entity,
    object_text: str,
    **extra: object,
) -> Statement:
    """A statement whose spans are found in sentence `index` of `doc`."""
    sent = sentences[index]
    return Statement(
        doc_id=doc.id,
        sentence_index=index,
        sentence=TextSpan(sent.start, sent.end, sent.text),
        subject=subject,
        relation=relation,
        family=family_of(relation),
        object=obj,
        subject_span=span(sent.text, subject_text, sent.start),
        object_span=span(sent.text, object_text, sent.start),
        trigger=span(sent.text, trigger, sent.start),
        rule=str(extra.pop("rule", "svo-active")),
        confidence=float(extra.pop("confidence", 0.85)),  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )


def make_result(doc_id: str, texts: list[str], **meta: str) -> tuple[Document, list[Sentence]]:
    """A document made of `texts` joined by spaces, and its sentences."""
    sentences, pos = [], 0
    for i, text in enumerate(texts):
        sentences.append(Sentence(doc_id, i, pos, pos + len(text), text))
        pos += len(text) + 1
    return Document(doc_id, " ".join(texts), **meta), sentences


def sample_results() -> list[DocumentResult]:
    """Two small news documents covering posts, facts, negation, future and reported speech."""
    doc, sents = make_result(
        "news-000#2",
        [
            "Prime Minister Keir Starmer criticised Vladimir Putin.",
            "Starmer did not trust Putin.",
            "Britain will join the new pact, NATO said.",
        ],
        title="Starmer hits out",
        date="2025-08-16",
        source="Sky News",
        url="https://news.example/a b?x=1",
    )
    first = DocumentResult(
        document=doc,
        sentences=tuple(sents),
        entities=(STARMER, PUTIN, UK, NATO),
        mentions=(),
        statements=(
            statement(
                doc, sents, 0, STARMER, "Keir Starmer", "headOfGovernmentOf",
                "Prime Minister", UK, "Prime Minister", rule="title-apposition",
                confidence=0.9, post="Prime Minister",
            ),
            statement(doc, sents, 0, STARMER, "Keir Starmer", "criticises", "criticised",
                      PUTIN, "Vladimir Putin"),
            statement(doc, sents, 1, STARMER, "Starmer", "distrusts", "trust", PUTIN, "Putin",
                      polarity=Polarity.NEGATIVE, confidence=0.7),
            statement(doc, sents, 2, UK, "Britain", "joins", "join", NATO, "NATO",
                      modality=Modality.FUTURE, speaker=NATO, confidence=1.0),
        ),
    )  # fmt: skip
    doc2, sents2 = make_result(
        "news-001",
        ["Russia struck Ukraine's allies, and Putin condemned Starmer."],
        source="The Independent",
    )
    second = DocumentResult(
        document=doc2,
        sentences=tuple(sents2),
        # a different label for a known entity must not rename it
        entities=(Entity("person/vladimir-putin", EntityKind.PERSON, "Putin", ("Putin",)),),
        mentions=(),
        statements=(
            statement(doc2, sents2, 0, PUTIN, "Putin", "condemns", "condemned", STARMER,
                      "Starmer", confidence=0.0),
        ),
    )  # fmt: skip
    return [first, second]
