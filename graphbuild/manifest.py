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
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType

from graphbuild.fsutil import (
    TEMP_SUFFIX,
    atomic_write_text,
    default_mode,
    file_digest,
    output_lock,
    remove_stale_temporaries,
)
from graphbuild.records import Document

MANIFEST_NAME = ".graphbuild-build.json"
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
    one-line error) and removes temporaries a killed run left. `stage(name)` gives a temporary
    path to write an output to; `commit` drops the old manifest, renames every staged output
    into place, removes outputs this build does not make, and writes the new manifest last.
    Leaving without a commit (an error, Ctrl-C) removes the staged files: the previous set and
    its manifest stay as they were."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self._staged: dict[str, Path] = {}
        self._lock: contextlib.ExitStack | None = None

    def __enter__(self) -> OutputFolder:
        stack = contextlib.ExitStack()
        stack.enter_context(output_lock(self.outdir, folder=True))
        self._lock = stack
        remove_stale_temporaries(self.outdir, locked=True)
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
        """A fresh temporary in the folder for the output `name` (made empty; write over it)."""
        if name in self._staged:
            return self._staged[name]
        fd, tmp = tempfile.mkstemp(
            prefix=f".{name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=self.outdir
        )
        os.close(fd)
        self._staged[name] = Path(tmp)
        return self._staged[name]

    def discard(self) -> None:
        """Remove whatever is staged and not committed."""
        for tmp in self._staged.values():
            tmp.unlink(missing_ok=True)
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
        names = list(self._staged)
        vouched = {name: file_digest(tmp) for name, tmp in self._staged.items()}
        forget(self.outdir)
        for name in remove:
            if name not in self._staged:
                (self.outdir / name).unlink(missing_ok=True)
        for name in names:
            tmp = self._staged[name]
            os.chmod(tmp, default_mode())  # mkstemp makes 0600; outputs get the usual mode
            os.replace(tmp, self.outdir / name)
            del self._staged[name]
        record = Manifest(inputs, vouched, summary, page_written)
        write_manifest(self.outdir, record)
        return record


stamps = digests  # the former name, until the build service commits through OutputFolder
