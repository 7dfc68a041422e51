"""The extraction cache: unchanged documents are not parsed again, and any change starts afresh."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import graphbuild.extract.pipeline as pipeline
from graphbuild.builder.cache import ExtractionCache, fingerprint
from graphbuild.extract.nlp import LazyPipeline
from graphbuild.extract.pipeline import extract_documents
from graphbuild.records import Document

DOCS = [
    Document(id="a", text="French President Emmanuel Macron met Keir Starmer in London."),
    Document(id="b", text="Russian forces shelled Kharkiv overnight, Ukrainian officials said."),
]


def test_second_run_reads_the_cache_and_parses_nothing(nlp, tmp_path: Path, monkeypatch) -> None:
    cache = ExtractionCache.open(tmp_path, nlp)
    first = list(extract_documents(DOCS, nlp, cache=cache))
    assert first[0].statements, "the sentence has a meeting and a post"

    def no_parse(*args, **kwargs):
        raise AssertionError("a cached document was parsed again")

    monkeypatch.setattr(pipeline, "resolve_entities", no_parse)
    second = list(extract_documents(DOCS, nlp, cache=cache))
    assert second == first


def test_a_fully_cached_run_never_loads_the_model(nlp, tmp_path: Path) -> None:
    cache = ExtractionCache.open(tmp_path, nlp)
    first = list(extract_documents(DOCS, nlp, cache=cache))
    lazy = LazyPipeline()
    assert ExtractionCache.open(tmp_path, lazy) == cache  # same fingerprint, unloaded
    assert list(extract_documents(DOCS, lazy, cache=cache)) == first
    assert lazy._nlp is None
    more = [*DOCS, Document(id="c", text="Vladimir Putin criticised NATO.")]
    results = list(extract_documents(more, lazy, cache=cache))
    assert [r.document.id for r in results] == ["a", "b", "c"] and lazy._nlp is not None


def test_changed_text_or_metadata_is_a_miss(nlp, tmp_path: Path) -> None:
    cache = ExtractionCache.open(tmp_path, nlp)
    list(extract_documents(DOCS[:1], nlp, cache=cache))
    assert cache.get(DOCS[0]) is not None
    edited = Document(id="a", text=DOCS[0].text + " They spoke for an hour.")
    retitled = Document(id="a", text=DOCS[0].text, title="Macron in London")
    assert cache.get(edited) is None
    assert cache.get(retitled) is None


def test_mixed_hits_and_misses_yield_every_document_once_in_order(nlp, tmp_path: Path) -> None:
    cache = ExtractionCache.open(tmp_path, nlp)
    list(extract_documents(DOCS[1:], nlp, cache=cache))
    results = list(extract_documents(DOCS, nlp, cache=cache))
    assert [r.document.id for r in results] == ["a", "b"]


def test_cached_results_stream_without_piling_up(nlp, tmp_path: Path) -> None:
    docs = [
        Document(id=f"d{i}", text=f"Keir Starmer met Emmanuel Macron in Paris on day {i}.")
        for i in range(120)
    ]
    cache = ExtractionCache.open(tmp_path, nlp)
    list(extract_documents(docs[:100], nlp, cache=cache))
    drawn = 0

    def source():
        nonlocal drawn
        for document in docs:
            drawn += 1
            yield document

    stream = extract_documents(source(), nlp, cache=cache, batch_size=8)
    first = next(stream)
    assert first.document.id == "d0"
    assert drawn <= 40, "a run of cached documents was read ahead and held in memory"
    assert [r.document.id for r in [first, *stream]] == [d.id for d in docs]


def test_damaged_entry_is_discarded(nlp, tmp_path: Path) -> None:
    cache = ExtractionCache.open(tmp_path, nlp)
    list(extract_documents(DOCS[:1], nlp, cache=cache))
    (entry,) = cache.directory.rglob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert cache.get(DOCS[0]) is None
    assert not entry.exists()


def test_fingerprint_follows_the_vocabulary(nlp, tmp_path: Path) -> None:
    vocabulary = tmp_path / "ontology"
    vocabulary.mkdir()
    (vocabulary / "relations.csv").write_text("lemma,relation\nmeet,meetsWith\n", encoding="utf-8")
    before = fingerprint(nlp, vocabulary=vocabulary)
    assert fingerprint(nlp, vocabulary=vocabulary) == before
    (vocabulary / "relations.csv").write_text("lemma,relation\nmeet,talksWith\n", encoding="utf-8")
    assert fingerprint(nlp, vocabulary=vocabulary) != before


@pytest.mark.parametrize("flag", [[], ["--no-cache"]])
def test_cli_build_caches_in_outdir_unless_told_not_to(tmp_path: Path, flag: list[str]) -> None:
    from graphbuild.cli import main

    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": "x", "text": "Keir Starmer met Emmanuel Macron in Paris."}\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "-q", "--no-page", *flag]) == 0
    entries = list((out / ".cache").rglob("*.pickle"))
    assert len(entries) == (0 if flag else 1)


def test_entries_half_written_by_a_killed_build_are_removed_on_open(nlp, tmp_path: Path) -> None:
    import subprocess
    import sys

    cache = ExtractionCache.open(tmp_path, nlp)
    list(extract_documents(DOCS, nlp, cache=cache))
    folder = next(p for p in cache.directory.iterdir() if p.is_dir())
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead = folder / f".{'0' * 64}.pickle.{gone.stdout.strip()}.a1b2c3d4.tmp"
    live = folder / f".{'1' * 64}.pickle.{os.getppid()}.e5f6g7h8.tmp"  # another build, writing
    for path in (dead, live):
        path.write_bytes(b"half a pickle")
    assert ExtractionCache.open(tmp_path, nlp) == cache
    assert not dead.exists() and live.exists()
