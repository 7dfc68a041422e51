"""A build whose inputs and outputs are unchanged is not done again (graphbuild.builder.manifest)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from graphbuild.builder import manifest
from graphbuild.cli import main
from graphbuild.errors import GraphbuildError, GraphError
from graphbuild.fsutil import Busy
from graphbuild.graph import export
from graphbuild.records import Document
from graphbuild.resources import EXAMPLES_DIR

DOCS = [
    Document("a", "Keir Starmer met Emmanuel Macron in Paris.", title="Paris talks"),
    Document("b", "Vladimir Putin criticised NATO.", source="The Guardian"),
]


def test_the_digest_follows_documents_metadata_order_and_options() -> None:
    digest = manifest.inputs_digest("fp", {"page": True}, DOCS)
    assert manifest.inputs_digest("fp", {"page": True}, list(DOCS)) == digest
    edited = [DOCS[0], Document("b", "Vladimir Putin praised NATO.", source="The Guardian")]
    retitled = [Document("a", DOCS[0].text, title="Elysee talks"), DOCS[1]]
    for changed in (
        manifest.inputs_digest("fp", {"page": True}, edited),
        manifest.inputs_digest("fp", {"page": True}, retitled),
        manifest.inputs_digest("fp", {"page": True}, DOCS[::-1]),
        manifest.inputs_digest("fp", {"page": False}, DOCS),
        manifest.inputs_digest("other", {"page": True}, DOCS),
    ):
        assert changed != digest


def test_outputs_changed_or_gone_are_not_current(tmp_path: Path) -> None:
    (tmp_path / "graph.ttl").write_text("gbd:a gb:leads gbd:b .\n", encoding="utf-8")
    record = manifest.Manifest("d", manifest.digests(tmp_path, ["graph.ttl", "graph.html"]))
    assert record.outputs.keys() == {"graph.ttl"}
    manifest.write_manifest(tmp_path, record)
    assert manifest.read_manifest(tmp_path) == record
    assert manifest.is_current(record, "d", tmp_path)
    assert not manifest.is_current(record, "other", tmp_path)
    assert not manifest.is_current(record, None, tmp_path)
    stat = (tmp_path / "graph.ttl").stat()
    os.utime(tmp_path / "graph.ttl", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert manifest.is_current(record, "d", tmp_path)  # touched, same bytes: still current
    # Another run's file of the same size and time (what size and time stamps let through)
    (tmp_path / "graph.ttl").write_text("gbd:b gb:leads gbd:a .\n", encoding="utf-8")
    os.utime(tmp_path / "graph.ttl", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert not manifest.is_current(record, "d", tmp_path)
    (tmp_path / "graph.ttl").unlink()
    assert not manifest.is_current(record, "d", tmp_path)
    (tmp_path / manifest.MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    assert manifest.read_manifest(tmp_path) is None
    older = (
        '{"inputs": "d", "outputs": {"graph.ttl": [23, 1]}, "summary": "", "page_written": false}'
    )
    (tmp_path / manifest.MANIFEST_NAME).write_text(older, encoding="utf-8")
    assert manifest.read_manifest(tmp_path) is None  # format 1: built again


def test_an_output_folder_is_committed_whole_or_not_at_all(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with manifest.OutputFolder(out) as folder:
        folder.stage("graph.ttl").write_text("first graph\n", encoding="utf-8")
        folder.stage("graph.html").write_text("first page\n", encoding="utf-8")
        assert not (out / "graph.ttl").exists()  # staged, not yet in place
        first = folder.commit("d1", summary="documents: 1", page_written=True)
    assert first.outputs.keys() == {"graph.ttl", "graph.html"}
    assert manifest.read_manifest(out) == first
    assert sorted(p.name for p in out.iterdir()) == [
        manifest.MANIFEST_NAME,
        "graph.html",
        "graph.ttl",
    ]

    with pytest.raises(KeyboardInterrupt), manifest.OutputFolder(out) as folder:
        folder.stage("graph.ttl").write_text("second graph, half written", encoding="utf-8")
        raise KeyboardInterrupt  # Ctrl-C before the commit: the first set stands, vouched for
    assert manifest.read_manifest(out) == first
    assert manifest.is_current(first, "d1", out)
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "first graph\n"

    with manifest.OutputFolder(out) as folder:
        folder.stage("graph.ttl").write_text("third graph\n", encoding="utf-8")
        with (
            pytest.raises(Busy, match="in use by another graphbuild run"),
            manifest.OutputFolder(out),
        ):
            pass
        third = folder.commit(None, remove=["graph.html"])  # no page this time: the old one goes
    assert manifest.read_manifest(out) == third and third.inputs is None
    assert not manifest.is_current(third, None, out)
    assert sorted(p.name for p in out.iterdir()) == [manifest.MANIFEST_NAME, "graph.ttl"]


def test_entering_an_output_folder_removes_a_killed_runs_temporaries(tmp_path: Path) -> None:
    (tmp_path / ".graph.ttl.999999999.x1y2z3.tmp").write_text("half", encoding="utf-8")
    (tmp_path / manifest.STAGING_NAME).mkdir()
    (tmp_path / manifest.STAGING_NAME / "graph.ttl").write_text("staged", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    live = tmp_path / f".page.html.{os.getppid()}.v1z2x3.tmp"  # `viz -o` writing here now
    live.write_text("half a page", encoding="utf-8")
    with manifest.OutputFolder(tmp_path, ["graph.ttl"]):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == [live.name, "notes.txt"]
    live.unlink()
    with pytest.raises(GraphbuildError, match=r"notes\.txt: a file, not a folder"):
        manifest.OutputFolder(tmp_path / "notes.txt").__enter__()


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(EXAMPLES_DIR / "articles", folder)
    return folder


def _mtimes(outdir: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in outdir.iterdir() if p.is_file()}


def test_an_unchanged_rebuild_only_says_so(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    args = ["build", str(articles), "-o", str(out), "-q"]
    assert main(args) == 0
    first = capsys.readouterr().out
    written = _mtimes(out)
    assert main(args) == 0
    again = capsys.readouterr().out
    assert "up to date" in again and "wrote" not in again
    assert first.split("\nwrote")[0] in again  # the same summary
    assert _mtimes(out) == written

    (out / "graph.html").unlink()  # an output gone: built again
    assert main(args) == 0
    assert "wrote" in capsys.readouterr().out and (out / "graph.html").exists()

    wire = articles / "wire.jsonl"
    record = '{"id": "extra", "text": "Emmanuel Macron met Olaf Scholz in Berlin."}\n'
    wire.write_text(wire.read_text(encoding="utf-8") + record, encoding="utf-8")
    assert main(args) == 0  # an input changed: built again
    assert "wrote" in capsys.readouterr().out

    assert main([*args, "--no-page"]) == 0  # other options: built again
    assert "wrote" in capsys.readouterr().out
    assert main([*args, "--no-page", "--no-cache"]) == 0  # no cache: always built
    assert "wrote" in capsys.readouterr().out


def test_a_build_that_fails_while_writing_leaves_the_previous_set_vouched_for(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    args = ["build", str(articles), "-o", str(out), "-q"]
    assert main(args) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    bad = articles / "broken.jsonl"
    bad.write_bytes(b"\x00binary")
    assert main(args) != 0  # refused while reading: the outputs and their manifest stand
    assert (out / manifest.MANIFEST_NAME).exists()
    bad.unlink()

    def disk_full(*args: object, **kwargs: object) -> None:
        raise GraphError("cannot write graph.ttl: No space left on device")

    monkeypatch.setattr(export, "write_triples", disk_full)
    (articles / "wire.jsonl").write_text(
        '{"id": "x", "text": "Emmanuel Macron met Olaf Scholz."}\n', encoding="utf-8"
    )
    assert main(args) != 0  # statements.jsonl was written, graph.ttl failed: none goes in place
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in out.iterdir() if not p.is_file()) == [".cache"]
    record = manifest.read_manifest(out)
    assert record is not None and manifest.is_current(record, record.inputs, out)
