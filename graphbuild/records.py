"""Immutable records that flow through the pipeline: documents, sentences, entities, statements.

Records hold strings and character offsets (into the document text), never spaCy objects, so
that every later stage (RDF, queries, pages, exports) can run without a parser loaded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class EntityKind(StrEnum):
    """The classes of actor the graph knows; values are the ontology's class local names."""

    PERSON = "Person"
    STATE = "State"
    COALITION = "Coalition"
    ORGANIZATION = "Organization"
    PLACE = "Place"  # a city or region that is not a state (mayors, governors hold posts there)


class Family(StrEnum):
    """The seven relation families of the evaluation (see ontology `gb:relationFamily`)."""

    POST_IN = "POST_IN"
    MEMBER_OF = "MEMBER_OF"
    LEADS = "LEADS"
    COOPERATE = "COOPERATE"
    SUPPORT = "SUPPORT"
    OPPOSE = "OPPOSE"
    ATTACK = "ATTACK"


class Polarity(StrEnum):
    """Whether the text affirms or denies the relation ("does not trust" is negative)."""

    POSITIVE = "positive"
    NEGATIVE = "negative"


class Modality(StrEnum):
    """How firmly the text states the relation; only ASSERTED positive statements are facts.
    PAST is a relation that held and no longer does ("the former prime minister")."""

    ASSERTED = "asserted"
    PAST = "past"
    FUTURE = "future"
    HYPOTHETICAL = "hypothetical"


def content_hash(text: str) -> str:
    """SHA-256 hex digest of a text, used to recognise a document seen before."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its text and what is known of where it came from."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 date or date-time of publication
    source: str | None = None  # outlet name, e.g. "The Independent"
    url: str | None = None
    path: str | None = None  # file it was read from, when read from a file

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document; `start`/`end` are character offsets into the document text."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A stretch of document text: character offsets into the document and the text itself."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved actor. `key` is stable across documents, e.g. "state/GBR", "person/keir-starmer"."""

    key: str
    kind: EntityKind
    label: str
    aliases: tuple[str, ...] = ()
    qid: str | None = None  # Wikidata item, e.g. "Q145"
    code: str | None = None  # ISO 3166-1 alpha-3 for states


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that refers to an entity, and how the resolver decided which one."""

    doc_id: str
    span: TextSpan
    entity_key: str
    kind: EntityKind
    method: str  # e.g. "gazetteer", "ner", "surname", "role", "pronoun", "demonym"


@dataclass(frozen=True, slots=True)
class Statement:
    """One extracted relation with its provenance.

    `relation` is the local name of an ontology property (e.g. "criticises", "headOfGovernmentOf");
    `family` is its family through `rdfs:subPropertyOf`. `post` names the office for POST_IN.
    """

    doc_id: str
    sentence_index: int
    sentence: TextSpan
    subject: Entity
    relation: str
    family: Family
    object: Entity
    subject_span: TextSpan
    object_span: TextSpan
    trigger: TextSpan
    rule: str
    confidence: float
    polarity: Polarity = Polarity.POSITIVE
    modality: Modality = Modality.ASSERTED
    speaker: Entity | None = None
    post: str | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} outside [0, 1]")

    @property
    def is_fact(self) -> bool:
        """True when the statement should become a direct triple (positive and asserted)."""
        return self.polarity is Polarity.POSITIVE and self.modality is Modality.ASSERTED

    @property
    def held_at_some_time(self) -> bool:
        """True for a fact and for a positive relation that has ended (a former post): what
        time-less gold data, such as Wikidata's "position held", records."""
        return self.polarity is Polarity.POSITIVE and self.modality in _HELD


_HELD = frozenset({Modality.ASSERTED, Modality.PAST})


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything extracted from one document, ready for the graph."""

    document: Document
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]
    statements: tuple[Statement, ...]


def statement_key(st: Statement) -> tuple[str | int, ...]:
    """What identifies a statement (docs/graph-model.md): its node IRI is a digest of this."""
    return (
        st.doc_id,
        st.sentence_index,
        st.subject.key,
        st.relation,
        st.object.key,
        st.trigger.start,
    )


def distinct_statements(statements: Iterable[Statement]) -> list[Statement]:
    """One statement per node IRI, the most confident: two rules finding the same relation at the
    same trigger would otherwise merge into one node with two confidences (or polarities)."""
    best: dict[tuple[str | int, ...], Statement] = {}
    for st in statements:
        key = statement_key(st)
        kept = best.get(key)
        if kept is None or st.confidence > kept.confidence:
            best[key] = st
    return list(best.values())
