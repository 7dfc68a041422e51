"""What an extraction worker process holds and does: the pipeline, gazetteer and lexicon, loaded
once a process, and `extract_batch`, which turns documents into `DocumentResult` records.

The same functions serve every executor (in-process, `--jobs` processes, Dask workers), so a batch
gives the same records wherever it runs; only records travel back, never spaCy Docs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language

from graphbuild.extract.gazetteer import Gazetteer, load_gazetteer
from graphbuild.extract.lexicon import Lexicon, load_lexicon
from graphbuild.extract.nlp import load_pipeline
from graphbuild.extract.pipeline import document_result, freeze_once
from graphbuild.extract.spans import remember_text
from graphbuild.limits import pipe_in_pieces
from graphbuild.records import Document, DocumentResult


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
            self.nlp, ((d.text, d) for d in documents), batch_size=len(documents)
        )
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


def extract_batch(model: str | None, documents: Sequence[Document]) -> list[DocumentResult]:
    """Extract a batch in a worker process with its once-loaded pipeline: records only."""
    return load_worker(model).extract(documents)
