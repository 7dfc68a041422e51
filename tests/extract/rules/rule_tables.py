"""Runs a rule's must / must-not table through the whole extraction (entities, coreference,
modality, the ontology's domains and ranges). Sentences in the tables are our own."""

from __future__ import annotations

from spacy.language import Language

from graphbuild.extract import rules
from graphbuild.extract.entities import resolve_entities
from graphbuild.extract.gazetteer import load_gazetteer
from graphbuild.extract.lexicon import load_lexicon
from graphbuild.extract.modality import load_cue_words
from graphbuild.extract.rules.context import RuleContext
from graphbuild.extract.statements import emit, select
from graphbuild.records import Document, Statement

POS, NEG = "positive", "negative"
ASS, FUT, HYP, PAST = "asserted", "future", "hypothetical", "past"

Row = tuple[str, str, str, str, str]  # subject, relation, object, polarity, modality
Triple = tuple[str, str, str]  # subject, relation, object: never asserted as a positive fact
Case = tuple[str, list[Row], list[Triple]]  # sentence, must, must not


def written(nlp: Language, text: str) -> list[Statement]:
    """Every statement every rule writes for the text, before one per fact is kept."""
    document = Document(id="rule-doc", text=text)
    doc = nlp(text)
    index = resolve_entities(doc, document, load_gazetteer())
    ctx = RuleContext.of(doc, document, index, load_lexicon(), load_cue_words(), load_gazetteer())
    return [s for finding in rules.findings(ctx) for s in emit(ctx, finding, rules.CONFIDENCE)]


def check(nlp: Language, rule: str, text: str, must: list[Row], must_not: list[Triple]) -> None:
    """The rule writes every `must` row itself; no `must_not` triple is asserted by any rule."""
    statements = written(nlp, text)
    mine = {
        (s.subject.label, s.relation, s.object.label, s.polarity.value, s.modality.value)
        for s in statements
        if s.rule == rule
    }
    for row in must:
        assert row in mine, f"{rule} missed {row}; it wrote {sorted(mine)}"
    asserted = {
        (s.subject.label, s.relation, s.object.label)
        for s in select(statements)
        if s.polarity.value == POS and s.modality.value == ASS
    }
    for triple in must_not:
        assert triple not in asserted, f"unexpected {triple}"


def cases(tables: dict[str, list[Case]]) -> list[tuple[str, str, list[Row], list[Triple]]]:
    """(rule, sentence, must, must not) for every row of every table."""
    return [(rule, *case) for rule, table in tables.items() for case in table]
