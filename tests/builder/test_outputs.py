"""A build's outputs as a whole (issue 14): `--into` keeps its file's format, re-runs into a store
keep every statement in statements.jsonl, two builds never mix one folder's outputs, `-o -` and
`load` fail without leaving anything behind."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic

from graphbuild.builder import manifest
from graphbuild.cli import main
from graphbuild.fsutil import output_lock, temporaries
from graphbuild.graph.rdfgraph import load_graph
from graphbuild.graph.store import LOADING_MARK
from graphbuild.resources import EXAMPLES_DIR

ARTICLES = EXAMPLES_DIR / "articles"
WIRE = ARTICLES / "wire.jsonl"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("graphbuild: error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the example wire into a fresh store: the statements every later run must give."""
    root = tmp_path_factory.mktemp("reference")
    store = f"oxigraph:{root / 'store'}"
    assert main(["build", str(WIRE), "--store", store, "-o", str(root / "out"), "-q"]) == 0
    return root / "out"


# --- defect 4: statements.jsonl of a build into a store ---------------------------------------


def test_an_identical_rerun_into_a_store_keeps_every_statement(
    reference: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, out = f"oxigraph:{tmp_path / 'store'}", tmp_path / "out"
    args = ["build", str(WIRE), "--store", store, "-o", str(out), "-q"]
    assert main(args) == 0
    assert main(args) == 0  # nothing new for the graph, yet every input's statements
    assert "documents: 0 (+5 already in the graph)" in capsys.readouterr().out
    assert len(_lines(reference / "statements.jsonl")) > 40
    assert (out / "statements.jsonl").read_bytes() == (reference / "statements.jsonl").read_bytes()
    assert isomorphic(load_graph(out / "graph.ttl"), load_graph(reference / "graph.ttl"))


def test_a_build_resumed_into_a_store_writes_what_an_uninterrupted_one_does(
    reference: Path, tmp_path: Path
) -> None:
    # A build killed after two documents leaves them in the store (one transaction each).
    part = tmp_path / "part.jsonl"
    part.write_text("\n".join(_lines(WIRE)[:2]) + "\n", encoding="utf-8")
    store, out = f"oxigraph:{tmp_path / 'store'}", tmp_path / "out"
    assert main(["build", str(part), "--store", store, "-o", str(out), "-q"]) == 0
    assert main(["build", str(WIRE), "--store", store, "-o", str(out), "-q", "--no-cache"]) == 0
    assert (out / "statements.jsonl").read_bytes() == (reference / "statements.jsonl").read_bytes()
    assert isomorphic(load_graph(out / "graph.ttl"), load_graph(reference / "graph.ttl"))


# --- defect 3: --into keeps the file's format ---------------------------------------------------

_STRICT = {
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
    "ttl": ox.RdfFormat.TURTLE,
}


@pytest.mark.parametrize("suffix", sorted(_STRICT))
def test_build_into_a_graph_file_keeps_its_format(
    reference: Path, tmp_path: Path, suffix: str
) -> None:
    lines = _lines(WIRE)
    first, rest = tmp_path / "first.jsonl", tmp_path / "rest.jsonl"
    first.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    rest.write_text("\n".join(lines[2:]) + "\n", encoding="utf-8")
    target = tmp_path / f"graph.{suffix}"
    for part in (first, rest):  # made, then grown: both times in its own format
        assert main(["build", "--into", str(target), str(part), "-q", "--no-cache"]) == 0
        parsed = list(ox.parse(path=str(target), format=_STRICT[suffix]))  # strict parser
        assert parsed
    assert isomorphic(load_graph(target), load_graph(reference / "graph.ttl"))
    assert temporaries(tmp_path) == [] and sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["first.jsonl", "rest.jsonl", target.name]
    )


@pytest.mark.parametrize("name", ["graph.txt", "graph", "graph.ttl.bak"])
def test_build_into_an_unknown_suffix_is_refused_before_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    target = tmp_path / name
    target.write_bytes(b"notes, not a graph\n")
    assert main(["build", "--into", str(target), str(WIRE), "-q", "-o", str(tmp_path / "o")]) == 1
    assert "names no RDF format graphbuild writes" in _one_error_line(capsys.readouterr().err)
    assert target.read_bytes() == b"notes, not a graph\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no OUTDIR made either


# --- defect 5: one folder, one build at a time, one set -----------------------------------------


def test_a_second_build_into_a_busy_folder_fails_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(WIRE), "-o", str(out), "-q"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    with output_lock(out, folder=True):  # as a build under way holds it
        assert main(["build", str(ARTICLES), "-o", str(out), "-q", "--no-page"]) == 1
    error = _one_error_line(capsys.readouterr().err)
    assert f"in use by another graphbuild run (pid {os.getpid()})" in error
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before

    store = tmp_path / "store"
    with output_lock(store, folder=True, what=f"oxigraph:{store}"):
        assert main(["build", str(WIRE), "--store", f"oxigraph:{store}", "-q"]) != 0
        assert "in use by another graphbuild run" in _one_error_line(capsys.readouterr().err)
        assert main(["load", str(out / "graph.ttl"), "--store", f"oxigraph:{store}"]) != 0
        assert "in use by another graphbuild run" in _one_error_line(capsys.readouterr().err)
    graph = tmp_path / "g.ttl"
    with output_lock(graph, folder=False):
        assert main(["build", "--into", str(graph), str(WIRE), "-q"]) != 0
        assert "g.ttl: in use by another graphbuild run" in capsys.readouterr().err
    assert not graph.exists()


def test_a_changed_output_is_never_up_to_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(WIRE), "-o", str(out), "-q"]) == 0
    capsys.readouterr()
    # Another run's statements of the same size and time (what size and mtime stamps let by)
    jsonl = out / "statements.jsonl"
    stat, text = jsonl.stat(), jsonl.read_text(encoding="utf-8")
    assert "Emmanuel Macron" in text
    jsonl.write_text(text.replace("Emmanuel Macron", "Emmanuel Macrom"), encoding="utf-8")
    os.utime(jsonl, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert main(["build", str(WIRE), "-o", str(out), "-q"]) == 0
    assert "up to date" not in capsys.readouterr().out  # built again: the set is whole again
    assert "Emmanuel Macrom" not in jsonl.read_text(encoding="utf-8")
    record = manifest.read_manifest(out)
    assert record is not None and manifest.is_current(record, record.inputs, out)
    assert main(["build", str(WIRE), "-o", str(out), "-q"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_a_build_without_a_page_removes_an_earlier_page(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", str(WIRE), "-o", str(out), "-q"]) == 0
    assert (out / "graph.html").exists()
    assert main(["build", str(WIRE), "-o", str(out), "-q", "--no-page"]) == 0
    assert not (out / "graph.html").exists()  # it was of another build
    record = manifest.read_manifest(out)
    assert record is not None and set(record.outputs) == {"graph.ttl", "statements.jsonl"}


# --- defect 6 and 9: -o -, a failed load --------------------------------------------------------


def test_build_dash_o_dash_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["build", str(WIRE), "-o", "-", "-q"]) == 2
    assert "build -o takes a folder" in _one_error_line(capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_load_leaves_no_store_behind(
    reference: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://example.org/a> <https://example.org/b> .\n", encoding="utf-8")
    store = tmp_path / "store"
    assert main(["load", str(reference / "graph.ttl"), str(bad), "--store", f"oxigraph:{store}"])
    assert "bad.ttl" in _one_error_line(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl"]


def test_a_killed_load_into_an_empty_store_is_redone_from_empty(
    reference: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    turtle, store = reference / "graph.ttl", tmp_path / "store"
    spec = f"oxigraph:{store}"
    assert main(["load", str(turtle), "--store", spec]) == 0
    full = capsys.readouterr().out.split("(")[1]
    # What a kill in the middle of the bulk load leaves: some triples and the mark.
    (store / LOADING_MARK).write_text("12345\n", encoding="ascii")
    assert main(["load", str(turtle), "--store", spec]) == 0
    assert capsys.readouterr().out.split("(")[1] == full  # the blank nodes are not doubled
    assert not (store / LOADING_MARK).exists()


def test_a_file_loaded_before_is_skipped_so_its_blank_nodes_are_not_doubled(
    reference: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    turtle, spec = reference / "graph.ttl", f"oxigraph:{tmp_path / 'store'}"
    assert b"_:" in turtle.read_bytes() or b"[" in turtle.read_bytes()  # it has blank nodes
    assert main(["load", str(turtle), "--store", spec]) == 0
    first = capsys.readouterr().out
    copy = tmp_path / "copy.ttl"
    copy.write_bytes(turtle.read_bytes())  # the same content under another name
    assert main(["load", str(copy), "--store", spec]) == 0
    again = capsys.readouterr().out
    assert "copy.ttl: loaded into" in again and "skipped" in again
    assert "loaded 0 new triples" in again
    assert again.split("(")[-1] == first.split("(")[-1]  # the same total
