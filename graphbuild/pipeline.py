"""Documents -> sentences -> mentions -> entities -> statements: the extraction stage end to end."""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from graphbuild.cache import ExtractionCache
from graphbuild.entities import resolve_entities
from graphbuild.gazetteer import Gazetteer, load_gazetteer
from graphbuild.lexicon import Lexicon, load_lexicon
from graphbuild.posts import extract_posts
from graphbuild.records import Document, DocumentResult, Sentence, distinct_statements
from graphbuild.relations import extract_relations
from graphbuild.spans import remember_text, sentence_texts

DEFAULT_BATCH_SIZE = 32


def document_result(
    doc: Doc, document: Document, gazetteer: Gazetteer, lexicon: Lexicon
) -> DocumentResult:
    """What one parsed document says: its sentences, entities, mentions and statements."""
    sentences = tuple(
        Sentence(document.id, i, start, end, text)
        for i, (start, end, text) in enumerate(sentence_texts(doc))
    )
    index = resolve_entities(doc, document, gazetteer)
    statements = list(extract_posts(doc, document, index, gazetteer))
    statements.extend(extract_relations(doc, document, index, lexicon=lexicon, gazetteer=gazetteer))
    return DocumentResult(
        document=document,
        sentences=sentences,
        entities=tuple(index.all_entities()),
        mentions=tuple(index.mentions),
        statements=tuple(distinct_statements(statements)),
    )


def extract_documents(
    documents: Iterable[Document],
    nlp: Language,
    *,
    gazetteer: Gazetteer | None = None,
    lexicon: Lexicon | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
    on_document: Callable[[DocumentResult], None] | None = None,
    cache: ExtractionCache | None = None,
) -> Iterator[DocumentResult]:
    """Parse documents in streamed batches and yield what each one says.

    Results come in input order, except that documents found in `cache` are not parsed and come
    out as soon as the parser has read past them.
    """
    gazetteer = gazetteer or load_gazetteer()
    lexicon = lexicon or load_lexicon()
    # The pipeline, gazetteer and lexicon outlive the build: take what is alive now out of the
    # collector's generations, else each full collection that extraction's allocations set off
    # rescans their ~150k objects (~550 ms over 100 articles, three times 50-250 ms).
    gc.freeze()
    hits: deque[DocumentResult] = deque()

    def to_parse() -> Iterator[tuple[str, Document]]:
        for document in documents:
            cached = cache.get(document) if cache is not None else None
            if cached is None:
                yield document.text, document
            else:
                hits.append(cached)

    def emit(result: DocumentResult) -> DocumentResult:
        if on_document is not None:
            on_document(result)
        return result

    pairs = nlp.pipe(to_parse(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    for doc, document in pairs:
        while hits:
            yield emit(hits.popleft())
        remember_text(doc, document.text)
        result = document_result(doc, document, gazetteer, lexicon)
        if cache is not None:
            cache.put(result)
        yield emit(result)
    while hits:
        yield emit(hits.popleft())
