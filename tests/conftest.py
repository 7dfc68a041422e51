"""Shared pytest fixtures; the spaCy pipeline is loaded once per session.

Property-based tests draw the same examples on every run (`derandomize`), so the suite passes or
fails the same way in CI and at a desk; `HYPOTHESIS_PROFILE=explore pytest` searches wider with a
random seed, and a failure it finds becomes an `@example` of its test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import virtuoso as virtuoso_server
from hypothesis import settings
from spacy.language import Language

from graphbuild.extract.nlp import load_pipeline

settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore", max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The extraction pipeline with the gazetteer's entity ruler."""
    return load_pipeline()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[virtuoso_server.VirtuosoServer]:
    """A fresh Virtuoso on 127.0.0.1 (temporary database, free ports) for the session, stopped by
    its PID; skips only where Debian's virtuoso-opensource is not installed."""
    if virtuoso_server.available() is None:
        pytest.skip("virtuoso-t not found: apt-get install virtuoso-opensource (.ci/run does)")
    server = virtuoso_server.start(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield server
    finally:
        virtuoso_server.stop(server)
