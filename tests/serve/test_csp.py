"""CSP hashes: the form browsers compare an inline element's text with."""

from __future__ import annotations

from graphbuild.serve.csp import source_hash


def test_source_hash_is_quoted_base64_sha256():
    assert source_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    assert source_hash("Zelenskyy") != source_hash("Zelensky")
