"""Shared pytest fixtures; the spaCy pipeline is loaded once per session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from graphbuild.nlp import load_pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The extraction pipeline with the gazetteer's entity ruler."""
    return load_pipeline()
