"""Whether a build's outputs are up to date with its inputs, so that an unchanged re-run does nothing.

`build -o OUTDIR` records a digest of what shapes its outputs (the extraction cache's fingerprint
of graphbuild's version, pipeline and vocabulary; the options; every document's id, text and
metadata, in order) and the size and modification time of each output it wrote. A re-run whose
digest and outputs match prints the recorded summary instead of building again, as `make` does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from graphbuild.fsutil import atomic_write_text
from graphbuild.records import Document

MANIFEST_NAME = ".graphbuild-build.json"
_FORMAT = 1


@dataclass(frozen=True)
class Manifest:
    """What a finished build was made from and what it wrote."""

    inputs: str
    outputs: dict[str, list[int]] = field(default_factory=dict)  # name -> [size, mtime_ns]
    summary: str = ""
    page_written: bool = False


def inputs_digest(
    fingerprint: str, options: Mapping[str, object], documents: Iterable[Document]
) -> str:
    """Digest of everything a build's outputs depend on, reading `documents` once."""
    digest = hashlib.sha256()
    digest.update(json.dumps([_FORMAT, fingerprint, dict(sorted(options.items()))]).encode())
    for d in documents:
        record = [d.id, d.content_hash, d.title, d.date, d.source, d.url, d.path]
        digest.update(json.dumps(record).encode())
    return digest.hexdigest()


def stamps(outdir: Path, names: Iterable[str]) -> dict[str, list[int]]:
    """Size and modification time of each named output that exists."""
    found: dict[str, list[int]] = {}
    for name in names:
        path = outdir / name
        if path.is_file():
            stat = path.stat()
            found[name] = [stat.st_size, stat.st_mtime_ns]
    return found


def read_manifest(outdir: Path) -> Manifest | None:
    """The manifest of the last build in `outdir`; None if there is none or it is unreadable."""
    try:
        data = json.loads((outdir / MANIFEST_NAME).read_text(encoding="utf-8"))
        return Manifest(**data)
    except (OSError, ValueError, TypeError):
        return None


def write_manifest(outdir: Path, manifest: Manifest) -> None:
    atomic_write_text(outdir / MANIFEST_NAME, json.dumps(asdict(manifest), indent=1) + "\n")


def forget(outdir: Path) -> None:
    """Drop the manifest before outputs are rewritten, so that a build that fails half-way is
    never taken for an up-to-date one."""
    (outdir / MANIFEST_NAME).unlink(missing_ok=True)


def is_current(manifest: Manifest | None, digest: str, outdir: Path) -> bool:
    """True when `manifest` was made from the same inputs and its outputs are untouched."""
    return (
        manifest is not None
        and manifest.inputs == digest
        and bool(manifest.outputs)
        and stamps(outdir, manifest.outputs) == manifest.outputs
    )
