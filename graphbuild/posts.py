"""POST_IN: who holds which office where ("French President Emmanuel Macron")."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from graphbuild.entities import EntityIndex
from graphbuild.gazetteer import Gazetteer
from graphbuild.records import Document, Statement


def extract_posts(
    doc: Doc, document: Document, index: EntityIndex, gazetteer: Gazetteer
) -> Iterator[Statement]:
    """Yield a POST_IN statement for every person the document gives an office in a place."""
    return iter(())
