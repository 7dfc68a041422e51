"""Extraction: documents -> parsed sentences -> predicates and arguments -> entities -> statements."""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from graphbuild.records import Document, DocumentResult


class _ExtractPackage(types.ModuleType):
    """This package, callable as the API function it shadows: importing `graphbuild.extract.nlp`
    rebinds `graphbuild.extract` to the package, so `graphbuild.extract(documents)` must still work."""

    def __call__(
        self, documents: Iterable[Document], *, model: str | None = None, **options: Any
    ) -> list[DocumentResult]:
        from graphbuild import extract_documents

        return extract_documents(documents, model=model, **options)


sys.modules[__name__].__class__ = _ExtractPackage
