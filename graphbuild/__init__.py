"""graphbuild: knowledge graphs of leaders, states and coalitions from English news.

The Python API mirrors the pipeline: read documents, extract statements, build an RDF graph,
then query, draw or export it. Heavy modules (spaCy, pyvis) load only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphbuild.errors import (
    GraphbuildError,
    GraphError,
    InputError,
    ModelError,
    QueryError,
    ValidationError,
)
from graphbuild.records import (
    Document,
    DocumentResult,
    Entity,
    EntityKind,
    Family,
    Mention,
    Modality,
    Polarity,
    Sentence,
    Statement,
    TextSpan,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from rdflib import Graph

__version__ = "0.3.0"


def extract(
    documents: Iterable[Document], *, model: str | None = None, **options: Any
) -> list[DocumentResult]:
    """Extract entities and statements from documents with the named (or default) spaCy pipeline."""
    from graphbuild.nlp import load_pipeline
    from graphbuild.pipeline import extract_documents

    return list(extract_documents(documents, load_pipeline(model), **options))


def build(
    inputs: Sequence[str] | Iterable[Document], *, model: str | None = None, base: str | None = None
) -> Graph:
    """Build an rdflib graph from paths (files, folders) or `Document`s."""
    from graphbuild.documents import read_inputs
    from graphbuild.iris import DEFAULT_BASE
    from graphbuild.ontology import bind_prefixes
    from graphbuild.rdfgraph import build_graph

    items = list(inputs)
    documents: list[Document] = [i for i in items if isinstance(i, Document)]
    if len(documents) != len(items):
        documents = list(read_inputs([str(i) for i in items]))
    graph = build_graph(extract(documents, model=model), base=base or DEFAULT_BASE)
    bind_prefixes(graph, base or DEFAULT_BASE)
    return graph


__all__ = [
    "Document",
    "DocumentResult",
    "Entity",
    "EntityKind",
    "Family",
    "GraphError",
    "GraphbuildError",
    "InputError",
    "Mention",
    "Modality",
    "ModelError",
    "Polarity",
    "QueryError",
    "Sentence",
    "Statement",
    "TextSpan",
    "ValidationError",
    "__version__",
    "build",
    "extract",
]
