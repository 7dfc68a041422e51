"""Parsed sentences -> relation statements between resolved actors, with provenance.

The entry point runs the rule registry (`graphbuild.extract.rules`) over a document and turns
what each rule finds into statements (`graphbuild.extract.statements`): arguments resolved by
the antecedent oracle (`graphbuild.extract.coref`), relations checked against the ontology's
domains and ranges, polarity, modality and speaker from `graphbuild.extract.modality`.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from graphbuild.extract import rules
from graphbuild.extract.entities import EntityIndex
from graphbuild.extract.gazetteer import Gazetteer, load_gazetteer
from graphbuild.extract.lexicon import Lexicon, load_lexicon
from graphbuild.extract.modality import CueWords, load_cue_words
from graphbuild.extract.rules.context import RuleContext
from graphbuild.extract.statements import emit, select
from graphbuild.records import Document, Statement


def extract_relations(
    doc: Doc,
    document: Document,
    index: EntityIndex,
    *,
    lexicon: Lexicon | None = None,
    cues: CueWords | None = None,
    gazetteer: Gazetteer | None = None,
) -> Iterator[Statement]:
    """Relation statements (any polarity and modality) between the resolved actors of `doc`.

    One statement per (subject, relation, object, trigger); negated, future and hypothetical
    statements are kept with their polarity/modality set so that the graph can tell them apart.
    """
    ctx = RuleContext.of(
        doc,
        document,
        index,
        lexicon or load_lexicon(),
        cues or load_cue_words(),
        gazetteer if gazetteer is not None else load_gazetteer(),
    )
    confidence = rules.CONFIDENCE
    yield from select(s for finding in rules.findings(ctx) for s in emit(ctx, finding, confidence))
