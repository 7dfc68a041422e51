"""Minting stable, readable, valid IRIs from entity keys, document ids and statements."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

DEFAULT_BASE = "https://w3id.org/graphbuild/id/"

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII slug of a name: "Keir Starmer" -> "keir-starmer", "Zelenskyy" -> "zelenskyy".

    Accents are folded ("Élysée" -> "elysee"); a name with no ASCII letters or digits falls back to
    a short hash so that the slug is never empty.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", folded.lower()).strip("-")
    if not slug:
        slug = "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return slug


def _segment(text: str) -> str:
    """Percent-encode one path segment so that the IRI has no spaces, controls or delimiters.

    "." and ".." are encoded too: IRI resolution would otherwise remove them as dot-segments.
    """
    if text in (".", ".."):
        return text.replace(".", "%2E")
    return quote(text, safe="-._~")


def check_base(base: str) -> str:
    """Return `base` ending in "/" or "#"; raise ValueError if it is not an absolute http(s) IRI."""
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", base):
        raise ValueError(f"base IRI must be an absolute http(s) IRI without spaces: {base!r}")
    return base if base.endswith(("/", "#")) else base + "/"


def entity_iri(key: str, base: str = DEFAULT_BASE) -> str:
    """IRI of an entity from its key ("state/GBR" -> <base>state/GBR); each segment is encoded."""
    return check_base(base) + "/".join(_segment(part) for part in key.split("/"))


def document_iri(doc_id: str, base: str = DEFAULT_BASE) -> str:
    """IRI of a document from its id; "news-000#2" -> <base>doc/news-000%232."""
    return check_base(base) + "doc/" + _segment(doc_id)


def sentence_iri(doc_id: str, index: int, base: str = DEFAULT_BASE) -> str:
    """IRI of the `index`-th sentence of a document."""
    return f"{document_iri(doc_id, base)}/sentence/{index}"


def post_iri(office: str, place_key: str, base: str = DEFAULT_BASE) -> str:
    """IRI of an office in a place, e.g. ("Prime Minister", "state/GBR") -> <base>post/GBR/prime-minister."""
    place = place_key.split("/", 1)[-1]
    return check_base(base) + f"post/{_segment(place)}/{slugify(office)}"


def statement_iri(parts: tuple[str | int, ...], base: str = DEFAULT_BASE) -> str:
    """IRI of a statement node, a digest of what identifies the extraction (doc, offsets, relation)."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]
    return check_base(base) + "statement/" + digest
