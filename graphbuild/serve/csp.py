"""Content-Security-Policy source hashes for the inline scripts and styles of graphbuild's pages."""

from __future__ import annotations

import base64
import hashlib


def source_hash(source: str) -> str:
    """The CSP source expression ('sha256-…') that allows exactly this inline script or style."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"
