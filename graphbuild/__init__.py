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


def extract_documents(
    documents: Iterable[Document], *, model: str | None = None, **options: Any
) -> list[DocumentResult]:
    """Extract entities and statements from documents with the named (or default) spaCy pipeline."""
    from graphbuild.extract.nlp import load_pipeline
    from graphbuild.extract.pipeline import extract_documents as run_extraction

    if isinstance(documents, (str, bytes)):
        raise InputError("extract() takes Document records, not text: pass [Document(id, text)]")
    checked = list(documents)
    for item in checked:
        if not isinstance(item, Document):
            kind = type(item).__name__
            raise InputError(
                f"extract() takes Document records, not {kind}: wrap text as Document(id, text)"
            )
    return list(run_extraction(checked, load_pipeline(model), **options))


# `graphbuild.extract(documents)`; once `graphbuild.extract.*` is imported the name is that
# package, which is callable as this same function (graphbuild/extract/__init__.py).
extract = extract_documents


def build(
    inputs: Sequence[str] | Iterable[Document],
    *,
    model: str | None = None,
    base: str | None = None,
    jobs: int = 1,
    workers: int | None = None,
    scheduler: str | None = None,
) -> Graph:
    """Build an rdflib graph from paths (files, folders) or `Document`s, through the build service
    (`graphbuild.builder`); `jobs`, `workers` or `scheduler` run extraction as `graphbuild build`
    does with `--jobs`, `--workers` (local Dask cluster) or `--scheduler` (existing Dask cluster)."""
    from rdflib import Graph

    from graphbuild.builder import BuildOptions, ExtractionPlan, run
    from graphbuild.graph.iris import DEFAULT_BASE

    plan = ExtractionPlan(jobs=jobs, workers=workers, scheduler=scheduler)
    options = BuildOptions(model=model, base=base or DEFAULT_BASE, page=False, extraction=plan)
    report = run(inputs, into=Graph(), options=options)
    assert report.graph is not None
    return report.graph


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
    "extract_documents",
]
