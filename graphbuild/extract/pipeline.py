"""Documents -> sentences -> mentions -> entities -> statements: the extraction stage end to end."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from graphbuild.builder.cache import ExtractionCache
from graphbuild.extract.calibration import Calibration, at_least, load_calibration
from graphbuild.extract.entities import resolve_entities
from graphbuild.extract.gazetteer import Gazetteer, load_gazetteer
from graphbuild.extract.lexicon import Lexicon, load_lexicon
from graphbuild.extract.nlp import LazyPipeline, one_blas_thread
from graphbuild.extract.posts import extract_posts
from graphbuild.extract.relations import extract_relations
from graphbuild.extract.spans import remember_text, sentence_texts
from graphbuild.limits import pipe_in_pieces
from graphbuild.records import Document, DocumentResult, Sentence, distinct_statements

DEFAULT_BATCH_SIZE = 32
_T = TypeVar("_T")


def document_result(
    doc: Doc,
    document: Document,
    gazetteer: Gazetteer,
    lexicon: Lexicon,
    calibration: Calibration | None = None,
) -> DocumentResult:
    """What one parsed document says: its sentences, entities, mentions and statements, with
    confidences calibrated by `calibration` (default: ontology/calibration.csv)."""
    sentences = tuple(
        Sentence(document.id, i, start, end, text)
        for i, (start, end, text) in enumerate(sentence_texts(doc))
    )
    index = resolve_entities(doc, document, gazetteer)
    statements = list(extract_posts(doc, document, index, gazetteer))
    statements.extend(extract_relations(doc, document, index, lexicon=lexicon, gazetteer=gazetteer))
    statements = (calibration if calibration is not None else load_calibration()).apply(statements)
    return DocumentResult(
        document=document,
        sentences=sentences,
        entities=tuple(index.all_entities()),
        mentions=tuple(index.mentions),
        statements=tuple(distinct_statements(statements)),
    )


_FROZEN: list[bool] = []


def freeze_once() -> None:
    """Take what is alive when extraction first starts (the pipeline, gazetteer and lexicon, which
    outlive it) out of the collector's generations, else each full collection that extraction's
    allocations set off rescans their ~150k objects (~550 ms over 100 articles). Once a process:
    a caller's later objects stay collectable."""
    if not _FROZEN:
        gc.freeze()
        _FROZEN.append(True)


def _one_blas_thread(items: Iterator[_T]) -> Iterator[_T]:
    """`items`, each made (parsed) with numpy's BLAS on one thread, the caller's setting back in
    force while it holds an item."""
    while True:
        with one_blas_thread():
            item = next(items, None)
        if item is None:
            return
        yield item


def extract_documents(
    documents: Iterable[Document],
    nlp: Language | LazyPipeline,
    *,
    gazetteer: Gazetteer | None = None,
    lexicon: Lexicon | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
    on_document: Callable[[DocumentResult], None] | None = None,
    cache: ExtractionCache | None = None,
    calibration: Calibration | None = None,
    min_confidence: float = 0.0,
) -> Iterator[DocumentResult]:
    """Parse documents in streamed batches and yield what each one says, in input order.

    Statements below `min_confidence` are left out of what is yielded (not of the cache);
    `calibration` replaces ontology/calibration.csv (fitting passes the identity, without a cache).

    A document found in `cache` is not parsed: an empty text (~0.05 ms) holds its place in the
    stream, so that no more results wait in memory than the parser's batches hold. The parser is
    first used at the first document not in the cache (a LazyPipeline is loaded only then).
    """
    gazetteer = gazetteer or load_gazetteer()
    lexicon = lexicon or load_lexicon()
    hits: dict[int, DocumentResult] = {}

    def emit(result: DocumentResult) -> DocumentResult:
        result = at_least(result, min_confidence)
        if on_document is not None:
            on_document(result)
        return result

    def cached(document: Document) -> DocumentResult | None:
        return cache.get(document) if cache is not None else None

    stream = iter(documents)
    for first in stream:  # a run of cached documents at the start needs no parser
        hit = cached(first)
        if hit is None:
            break
        yield emit(hit)
    else:
        return

    def to_parse() -> Iterator[tuple[str, tuple[int, Document]]]:
        yield first.text, (0, first)
        for i, document in enumerate(stream, start=1):
            hit = cached(document)
            if hit is None:
                yield document.text, (i, document)
            else:
                hits[i] = hit  # kept here, not sent to spaCy's worker processes
                yield "", (i, document)

    language = nlp.load() if isinstance(nlp, LazyPipeline) else nlp
    freeze_once()
    # texts past spaCy's max_length are parsed in pieces, offsets kept (graphbuild.limits)
    pairs = pipe_in_pieces(language, to_parse(), batch_size=batch_size, n_process=n_process)
    for doc, (i, document) in _one_blas_thread(pairs):
        hit = hits.pop(i, None)
        if hit is not None:
            yield emit(hit)
            continue
        remember_text(doc, document.text)
        result = document_result(doc, document, gazetteer, lexicon, calibration)
        if cache is not None:
            cache.put(result)
        yield emit(result)
