"""A cache of extraction results keyed by document content, so unchanged inputs are not re-parsed.

Entries live under a fingerprint of everything that shapes extraction (graphbuild's version, the
spaCy pipeline and the vocabulary files under `ontology/`): changing any of them starts afresh.
Entries are pickles the cache wrote itself; point `--cache` only at a folder you own.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from graphbuild.extract.nlp import LazyPipeline
from graphbuild.fsutil import atomic_open, remove_stale_temporaries
from graphbuild.records import Document, DocumentResult
from graphbuild.resources import ONTOLOGY_DIR

_FORMAT = 1


def fingerprint(nlp: Language | LazyPipeline, *, vocabulary: Path = ONTOLOGY_DIR) -> str:
    """Digest of the code version, pipeline and vocabulary files that extraction depends on."""
    from graphbuild import __version__

    digest = hashlib.sha256()
    meta = nlp.meta
    parts = [
        str(_FORMAT),
        __version__,
        meta.get("lang", ""),
        meta.get("name", ""),
        meta.get("version", ""),
    ]
    parts.append(",".join(nlp.pipe_names))
    digest.update("\x1f".join(parts).encode("utf-8"))
    for path in sorted(p for p in vocabulary.rglob("*") if p.is_file()):
        digest.update(path.relative_to(vocabulary).as_posix().encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


@dataclass(frozen=True)
class ExtractionCache:
    """Extraction results on disk, one file per (fingerprint, document id, content hash)."""

    directory: Path

    @classmethod
    def open(cls, root: str | Path, nlp: Language | LazyPipeline) -> ExtractionCache:
        """The cache under `root` for this pipeline; entries half-written by a killed process
        (temporaries whose writer is gone) are removed. Several builds may share one cache."""
        directory = Path(root) / fingerprint(nlp)
        directory.mkdir(parents=True, exist_ok=True)
        for folder in directory.iterdir():
            if folder.is_dir():
                remove_stale_temporaries(folder)
        return cls(directory)

    def _path(self, document: Document) -> Path:
        key = hashlib.sha256(
            "\x1f".join([document.id, document.content_hash, repr(_metadata(document))]).encode()
        ).hexdigest()
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, document: Document) -> DocumentResult | None:
        """The cached result for exactly this document (id, text and metadata), if any."""
        path = self._path(document)
        try:
            with path.open("rb") as handle:
                result = pickle.load(handle)
        except FileNotFoundError:
            return None
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            with contextlib.suppress(OSError):
                os.unlink(path)  # a damaged entry is re-extracted, never trusted
            return None
        return (
            result if isinstance(result, DocumentResult) and result.document == document else None
        )

    def put(self, result: DocumentResult) -> None:
        path = self._path(result.document)
        with atomic_open(path, "wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _metadata(document: Document) -> tuple[str | None, ...]:
    return (document.title, document.date, document.source, document.url, document.path)
