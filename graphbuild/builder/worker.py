"""What an extraction worker process holds and does: the pipeline, gazetteer and lexicon, loaded
once a process, and `extract_batch`, which turns documents into `DocumentResult` records.

The same functions serve every executor (in-process, `--jobs` processes, Dask workers), so a batch
gives the same records wherever it runs; only records travel back, never spaCy Docs.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.language import Language

from graphbuild.extract.gazetteer import Gazetteer, load_gazetteer
from graphbuild.extract.lexicon import Lexicon, load_lexicon
from graphbuild.extract.nlp import load_pipeline, one_blas_thread
from graphbuild.extract.pipeline import document_result, freeze_once
from graphbuild.extract.spans import remember_text
from graphbuild.limits import pipe_in_pieces
from graphbuild.records import Document, DocumentResult

# Documents spaCy parses at once while a batch is extracted: what bounds the Docs alive (a batch of
# 32 news articles parsed at once doubled a process's peak memory); articles are long enough that
# larger parsing batches are no faster.
PARSE_BATCH = 4


@dataclass(frozen=True)
class Extractor:
    """The loaded pipeline and vocabulary one process extracts with."""

    nlp: Language
    gazetteer: Gazetteer
    lexicon: Lexicon

    @classmethod
    def load(cls, model: str | None) -> Extractor:
        """Load the named (or default) pipeline and the vocabulary."""
        gazetteer = load_gazetteer()
        nlp = load_pipeline(model, gazetteer=gazetteer)
        freeze_once()
        return cls(nlp, gazetteer, load_lexicon())

    def extract(self, documents: Sequence[Document]) -> list[DocumentResult]:
        """What each document says, in order."""
        if not documents:
            return []
        results = []
        # texts past spaCy's max_length are parsed in pieces, offsets kept (graphbuild.limits)
        pairs = pipe_in_pieces(
            self.nlp,
            ((d.text, d) for d in documents),
            batch_size=min(len(documents), PARSE_BATCH),
        )
        with one_blas_thread():
            for doc, document in pairs:
                remember_text(doc, document.text)
                results.append(document_result(doc, document, self.gazetteer, self.lexicon))
        return results


# One extractor per process and model, loaded by the pool's initializer, the Dask worker plugin,
# or the first batch with work (in this process: a re-run served from the cache never loads it).
_LOADED: dict[str | None, Extractor] = {}


def load_worker(model: str | None) -> Extractor:
    """The extractor of this process for `model`, loaded at the first call."""
    extractor = _LOADED.get(model)
    if extractor is None:
        extractor = _LOADED[model] = Extractor.load(model)
    return extractor


# A short article in the shape of the news graphbuild reads, extracted once before `--jobs` forks
# its workers so that what the extraction builds lazily (matchers, caches, lookup tables) is
# built once, in pages the workers share.
WARM_UP = Document(
    "graphbuild-warm-up",
    "Prime Minister Keir Starmer met French President Emmanuel Macron in Paris on Monday. The two"
    " leaders said Britain and France would lead a coalition of the willing to support Ukraine,"
    ' and criticised Russia\'s strikes on Kyiv. "We are gonna stand with Ukraine," Starmer said.',
)


def warm_up(model: str | None) -> None:
    """Extract WARM_UP with this process's extractor for `model` (the records are dropped)."""
    load_worker(model).extract([WARM_UP])


def extract_batch(model: str | None, documents: Sequence[Document]) -> list[DocumentResult]:
    """Extract a batch in a worker process with its once-loaded pipeline: records only."""
    results = load_worker(model).extract(documents)
    release_free_memory()
    return results


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):  # not glibc
        return None


_TRIM = _malloc_trim()


def release_free_memory() -> None:
    """Give the heap's free pages back to the system (glibc's `malloc_trim`, ~1 ms). Parsing
    frees most of what it allocates, but the pages stay the process's own: in a `--jobs` worker
    forked from the build's process they are copies of shared pages (~18 MiB a worker)."""
    if _TRIM is not None:
        _TRIM(0)
