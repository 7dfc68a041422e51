"""statements.jsonl: one extracted statement a line, for users who want the extractions without RDF."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from graphbuild.fsutil import atomic_open
from graphbuild.graph.iris import DEFAULT_BASE, entity_iri
from graphbuild.graph.ontology import relation_iri
from graphbuild.records import DocumentResult, Entity, Statement, TextSpan

# json.dumps(..., ensure_ascii=False) makes a new encoder for every call; one line is one call
_ENCODER = json.JSONEncoder(ensure_ascii=False)


@lru_cache(maxsize=4096)
def _entity_iri(key: str, base: str) -> str:
    """`entity_iri`, made once for an actor named in many statements."""
    return entity_iri(key, base)


@lru_cache(maxsize=256)
def _predicate_iri(relation: str) -> str:
    return str(relation_iri(relation))


def _entity(entity: Entity, base: str) -> dict[str, Any]:
    return {"iri": _entity_iri(entity.key, base), "label": entity.label, "type": entity.kind.value}


def _span(span: TextSpan) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


def statement_to_dict(statement: Statement, *, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The JSON object for one statement: who, what, whom, and where in which document it was said."""
    return {
        "doc": statement.doc_id,
        "sentence": statement.sentence.text,
        "sentence_index": statement.sentence_index,
        "offsets": {
            "sentence": {"start": statement.sentence.start, "end": statement.sentence.end},
            "subject": _span(statement.subject_span),
            "trigger": _span(statement.trigger),
            "object": _span(statement.object_span),
        },
        "subject": _entity(statement.subject, base),
        "predicate": {
            "iri": _predicate_iri(statement.relation),
            "label": statement.relation,
            "family": statement.family.value,
        },
        "object": _entity(statement.object, base),
        "post": statement.post,
        "polarity": statement.polarity.value,
        "modality": statement.modality.value,
        "speaker": _entity(statement.speaker, base) if statement.speaker else None,
        "rule": statement.rule,
        "confidence": round(statement.confidence, 3),
    }


def generate_jsonl(results: Iterable[DocumentResult], *, base: str = DEFAULT_BASE) -> Iterator[str]:
    """Yield one JSON line (with its newline) per statement, in document order."""
    for result in results:
        for statement in result.statements:
            yield _ENCODER.encode(statement_to_dict(statement, base=base)) + "\n"


def write_jsonl(
    results: Iterable[DocumentResult], path: str | Path, *, base: str = DEFAULT_BASE
) -> int:
    """Write statements.jsonl atomically; return the number of statements written."""
    count = 0
    with atomic_open(path) as handle:
        for line in generate_jsonl(results, base=base):
            handle.write(line)
            count += 1
    return count
