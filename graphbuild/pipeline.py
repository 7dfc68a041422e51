"""Documents -> sentences -> mentions -> entities -> statements: the extraction stage end to end."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language

from graphbuild.cache import ExtractionCache
from graphbuild.entities import resolve_entities
from graphbuild.gazetteer import Gazetteer, load_gazetteer
from graphbuild.lexicon import Lexicon, load_lexicon
from graphbuild.nlp import LazyPipeline
from graphbuild.posts import extract_posts
from graphbuild.records import Document, DocumentResult, Sentence, distinct_statements
from graphbuild.relations import extract_relations

DEFAULT_BATCH_SIZE = 32


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
) -> Iterator[DocumentResult]:
    """Parse documents in streamed batches and yield what each one says, in input order.

    A document found in `cache` is not parsed: an empty text (~0.05 ms) holds its place in the
    stream, so that no more results wait in memory than the parser's batches hold. The parser is
    first used at the first document not in the cache (a LazyPipeline is loaded only then).
    """
    gazetteer = gazetteer or load_gazetteer()
    lexicon = lexicon or load_lexicon()
    hits: dict[int, DocumentResult] = {}

    def emit(result: DocumentResult) -> DocumentResult:
        if on_document is not None:
            on_document(result)
        return result

    stream = iter(documents)
    first_miss: list[Document] = []
    for document in stream:  # a run of cached documents at the start needs no parser
        cached = cache.get(document) if cache is not None else None
        if cached is None:
            first_miss.append(document)
            break
        yield emit(cached)
    if not first_miss:
        return

    def to_parse() -> Iterator[tuple[str, tuple[int, Document]]]:
        for i, document in enumerate(itertools.chain(first_miss, stream)):
            cached = cache.get(document) if cache is not None else None
            if cached is None:
                yield document.text, (i, document)
            else:
                hits[i] = cached  # kept here, not sent to spaCy's worker processes
                yield "", (i, document)

    pairs = nlp.pipe(to_parse(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    for doc, (i, document) in pairs:
        hit = hits.pop(i, None)
        if hit is not None:
            yield emit(hit)
            continue
        text = doc.text  # a slice of it is Span.text, without joining the span's tokens
        sentences = tuple(
            Sentence(document.id, i, s.start_char, s.end_char, text[s.start_char : s.end_char])
            for i, s in enumerate(doc.sents)
        )
        index = resolve_entities(doc, document, gazetteer)
        statements = list(extract_posts(doc, document, index, gazetteer))
        statements.extend(
            extract_relations(doc, document, index, lexicon=lexicon, gazetteer=gazetteer)
        )
        result = DocumentResult(
            document=document,
            sentences=sentences,
            entities=tuple(index.all_entities()),
            mentions=tuple(index.mentions),
            statements=tuple(distinct_statements(statements)),
        )
        if cache is not None:
            cache.put(result)
        yield emit(result)
