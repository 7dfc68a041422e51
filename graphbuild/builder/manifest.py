"""A build's output folder as one set: locked while written, committed whole, vouched for by a
manifest written last, so that no run (concurrent, killed or failed) leaves a mixed set behind.

`OutputFolder` holds the folder's lock, stages each output as a temporary, and on `commit`
renames them all into place and then writes the manifest: the digests of the inputs (the
extraction cache's fingerprint of graphbuild's version, pipeline and vocabulary; the options;
every document's id, text and metadata, in order) and the SHA-256 of every output it vouches
for. A re-run whose input digest matches and whose outputs still have those digests prints the
recorded summary instead of building again, as `make` does; anything else builds anew.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType

from graphbuild.errors import GraphbuildError
from graphbuild.fsutil import (
    atomic_write_text,
    file_digest,
    output_lock,
    remove_stale_temporaries,
)
from graphbuild.records import Document

MANIFEST_NAME = ".graphbuild-build.json"
STAGING_NAME = ".graphbuild-next"  # outputs of the build under way, moved out on commit
_FORMAT = 2  # 1: outputs as [size, mtime_ns]; 2: outputs as SHA-256 digests


@dataclass(frozen=True)
class Manifest:
    """What a finished build was made from and what it wrote.

    `inputs` is None for a build that cannot be repeated from files alone (stdin, --into,
    --store, no cache): its outputs are vouched for as one set but never called up to date."""

    inputs: str | None
    outputs: dict[str, str] = field(default_factory=dict)  # name -> SHA-256 of its bytes
    summary: str = ""
    page_written: bool = False
    format: int = _FORMAT


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


def digests(outdir: Path, names: Iterable[str]) -> dict[str, str]:
    """SHA-256 of each named output that exists in `outdir`."""
    return {name: file_digest(outdir / name) for name in names if (outdir / name).is_file()}


def read_manifest(outdir: Path) -> Manifest | None:
    """The manifest of the last build in `outdir`; None if there is none, or it is unreadable or
    of another format."""
    try:
        data = json.loads((outdir / MANIFEST_NAME).read_text(encoding="utf-8"))
        record = Manifest(**data)
    except (OSError, ValueError, TypeError):
        return None
    valid = (
        record.format == _FORMAT
        and isinstance(record.outputs, dict)
        and all(isinstance(v, str) for v in record.outputs.values())
    )
    return record if valid else None


def write_manifest(outdir: Path, manifest: Manifest) -> None:
    atomic_write_text(outdir / MANIFEST_NAME, json.dumps(asdict(manifest), indent=1) + "\n")


def forget(outdir: Path) -> None:
    """Drop the manifest before outputs are replaced, so that a build stopped half-way through
    its commit is never taken for an up-to-date one."""
    (outdir / MANIFEST_NAME).unlink(missing_ok=True)


def is_current(manifest: Manifest | None, digest: str | None, outdir: Path) -> bool:
    """True when `manifest` was made from the inputs of `digest` and every output it vouches for
    still has the bytes it wrote."""
    return (
        manifest is not None
        and digest is not None
        and manifest.inputs == digest
        and bool(manifest.outputs)
        and _matches(outdir, manifest.outputs)
    )


def _matches(outdir: Path, outputs: Mapping[str, str]) -> bool:
    try:
        return digests(outdir, outputs) == dict(outputs)
    except OSError:
        return False


class OutputFolder:
    """An output folder written as one set (use as a context manager).

    Entering takes the folder's lock (`fsutil.output_lock`: a second run fails at once with a
    one-line error) and removes what a killed run left: the staging folder, temporaries of the
    `names` outputs and the manifest, and any other temporary whose writer process is gone.
    `stage(name)` gives the path to write an output to, inside the hidden staging folder
    `.graphbuild-next`; `commit` drops the old manifest, moves every staged output into place,
    removes outputs this build does not make, and writes the new manifest last. Leaving without
    a commit (an error, Ctrl-C) removes the staged files: the previous set and its manifest stay
    as they were."""

    def __init__(self, outdir: Path, names: Iterable[str] = ()) -> None:
        self.outdir = outdir
        self.names = [*names, MANIFEST_NAME]  # the outputs whose temporaries are ours to remove
        self.staging = outdir / STAGING_NAME
        self._staged: list[str] = []
        self._lock: contextlib.ExitStack | None = None

    def __enter__(self) -> OutputFolder:
        if self.outdir.exists() and not self.outdir.is_dir():
            raise GraphbuildError(f"{self.outdir}: a file, not a folder for the build's outputs")
        stack = contextlib.ExitStack()
        stack.enter_context(output_lock(self.outdir, folder=True))
        self._lock = stack
        remove_stale_temporaries(self.outdir, self.names, locked=True)
        remove_stale_temporaries(self.outdir)  # others' (a `viz -o` here?) whose writer is gone
        self.discard()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            self.discard()
        finally:
            if self._lock is not None:
                self._lock.close()
                self._lock = None

    def manifest(self) -> Manifest | None:
        return read_manifest(self.outdir)

    def stage(self, name: str) -> Path:
        """Where to write the output `name` until the commit moves it into the folder."""
        self.staging.mkdir(exist_ok=True)
        if name not in self._staged:
            self._staged.append(name)
        return self.staging / name

    def discard(self) -> None:
        """Remove whatever is staged and not committed."""
        shutil.rmtree(self.staging, ignore_errors=True)
        self._staged.clear()

    def commit(
        self,
        inputs: str | None,
        *,
        summary: str = "",
        page_written: bool = False,
        remove: Iterable[str] = (),
    ) -> Manifest:
        """Put the staged outputs in place, remove the outputs named in `remove` (an earlier
        build's page this one does not draw), then write and return the manifest."""
        names = [n for n in self._staged if (self.staging / n).is_file()]
        vouched = {name: file_digest(self.staging / name) for name in names}
        forget(self.outdir)
        for name in remove:
            if name not in vouched:
                (self.outdir / name).unlink(missing_ok=True)
        for name in names:
            os.replace(self.staging / name, self.outdir / name)
        self.discard()
        record = Manifest(inputs, vouched, summary, page_written)
        write_manifest(self.outdir, record)
        return record
