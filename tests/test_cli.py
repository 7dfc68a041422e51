"""End-to-end tests of the `graphbuild` command on the bundled examples, and its bad-input paths."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from graphbuild.cli import main
from graphbuild.graph.store import close_graph
from graphbuild.graph.store import open_graph as open_store
from graphbuild.resources import EXAMPLES_DIR

ARTICLES = EXAMPLES_DIR / "articles"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    assert main(["build", str(ARTICLES), "-o", str(out), "-q"]) == 0
    return out


def test_build_writes_turtle_page_and_statements(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = Graph().parse(built / "graph.ttl", format="turtle")
    assert len(graph) > 100
    lines = (built / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    families = {r["predicate"]["family"] for r in records}
    assert {"POST_IN", "COOPERATE", "OPPOSE"} <= families
    first = records[0]
    assert set(first) >= {
        "doc",
        "sentence",
        "subject",
        "predicate",
        "object",
        "polarity",
        "modality",
        "confidence",
    }
    assert set(first["subject"]) == {"iri", "label", "type"}
    html = (built / "graph.html").read_text(encoding="utf-8")
    assert "Keir Starmer" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?https?:""", html, re.I)


def test_no_page_build_does_not_claim_an_earlier_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "graph.html").write_text("<html>an earlier page</html>", encoding="utf-8")
    assert main(["build", str(ARTICLES), "-o", str(tmp_path), "-q", "--no-page"]) == 0
    assert "graph.html" not in capsys.readouterr().out


def test_build_summary_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(ARTICLES), "-o", str(tmp_path), "-q", "--no-page"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"documents: 5\b", out)
    assert re.search(r"Person\s+\d+", out)
    assert "POST_IN" in out


def test_build_draws_no_page_past_the_page_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["build", str(ARTICLES), "-o", str(tmp_path), "-q", "--no-cache"]
    assert main([*args, "--page-limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "no graph.html" in out and "--page-limit 3" in out
    assert "graph.html\n" not in out.split("no graph.html")[1]  # not listed as written
    assert not (tmp_path / "graph.html").exists()
    assert (tmp_path / "graph.ttl").exists() and (tmp_path / "statements.jsonl").exists()
    assert main([*args, "--page-limit", "10000"]) == 0
    assert "no graph.html" not in capsys.readouterr().out
    assert "Keir Starmer" in (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert main([*args, "--page-limit", "3"]) == 0
    assert not (tmp_path / "graph.html").exists()  # no stale page of the earlier build


def test_page_limit_counts_the_whole_graph_built_into(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target, out = tmp_path / "graph.ttl", tmp_path / "out"
    args = ["build", "--into", str(target), str(ARTICLES), "-o", str(out), "-q", "--no-cache"]
    assert main([*args, "--page-limit", "3"]) == 0
    assert "no graph.html" in capsys.readouterr().out
    assert not (out / "graph.html").exists() and target.exists()
    assert main(args) == 0  # nothing new to add; the page is drawn from the whole graph
    assert "no graph.html" not in capsys.readouterr().out
    assert "Keir Starmer" in (out / "graph.html").read_text(encoding="utf-8")


def test_named_query_on_built_graph(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["query", str(built / "graph.ttl"), "leaders", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "Keir Starmer" in out and "Emmanuel Macron" in out


def test_rebuild_into_same_graph_changes_nothing(built: Path, tmp_path: Path) -> None:
    target = tmp_path / "g.ttl"
    assert main(["build", "--into", str(target), str(ARTICLES), "-q", "--no-page"]) == 0
    first = Graph().parse(target)
    assert main(["build", "--into", str(target), str(ARTICLES), "-q", "--no-page"]) == 0
    second = Graph().parse(target)
    assert len(first) == len(second) > 0


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "missing.txt"),
        (lambda d: _write(d / "empty.txt", b""), "empty.txt"),
        (lambda d: _write(d / "bin.txt", b"\x00\x01\x02binary"), "bin.txt"),
        (
            lambda d: _write(d / "latin.txt", "Macron a rencontr\xe9 Starmer".encode("latin-1")),
            "latin.txt",
        ),
        (lambda d: _write(d / "bad.jsonl", b'{"id": "x", "text": '), "bad.jsonl"),
    ],
)
def test_bad_input_one_line_error_and_no_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, message: str
) -> None:
    path = make(tmp_path)
    out = tmp_path / "out"
    assert main(["build", str(path), "-o", str(out), "-q"]) != 0
    err = capsys.readouterr().err.strip()
    assert err.startswith("graphbuild: error:") and message in err
    assert "\n" not in err and "Traceback" not in err
    assert not any(out.glob("*")) if out.exists() else True


def test_unknown_model_lists_installed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(ARTICLES), "-o", str(tmp_path), "--model", "xx_no_such_model"]) != 0
    err = capsys.readouterr().err.strip()
    assert "xx_no_such_model" in err and "en_core_web_sm" in err and "\n" not in err


def test_malformed_sparql_and_unknown_query(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = str(built / "graph.ttl")
    assert main(["query", graph, "SELECT ?x WHERE { ?x "]) != 0
    assert main(["query", graph, "no-such-query"]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("graphbuild: error:") for line in err)


def test_malformed_graph_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _write(tmp_path / "bad.ttl", b"@prefix : <x> .\n:a :b ")
    assert main(["query", str(bad), "leaders"]) != 0
    err = capsys.readouterr().err.strip()
    assert "bad.ttl" in err and "\n" not in err


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_build_into_oxigraph_store_then_query_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = f"oxigraph:{tmp_path / 'store'}"
    assert main(["build", str(ARTICLES), "--store", store, "-o", str(tmp_path / "out"), "-q"]) == 0
    capsys.readouterr()
    assert main(["query", store, "leaders", "--format", "csv"]) == 0
    assert "Emmanuel Macron" in capsys.readouterr().out
    assert main(["build", str(ARTICLES), "--store", "sqlite:x", "-o", str(tmp_path / "o2")]) != 0
    assert "--store takes memory, oxigraph:PATH or sparql:URL" in capsys.readouterr().err


def test_load_a_built_graph_into_a_store_all_or_nothing(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    turtle = built / "graph.ttl"
    bad = _write(tmp_path / "bad.nt", b"<https://example.org/a> <https://example.org/b> oops .\n")
    empty = f"oxigraph:{tmp_path / 'empty'}"
    assert main(["load", str(turtle), str(bad), "--store", empty]) == 1
    assert "bad.nt" in capsys.readouterr().err
    assert main(["stats", empty]) == 1  # the store the failed load made was taken out again
    assert "no oxigraph store" in capsys.readouterr().err

    store = f"oxigraph:{tmp_path / 'store'}"
    assert main(["load", str(turtle), "--store", store]) == 0
    loaded = int(re.search(r"\(([\d,]+) in all\)", capsys.readouterr().out)[1].replace(",", ""))
    assert loaded == len(Graph().parse(turtle))
    assert main(["load", str(bad), "--store", store]) == 1
    assert "line 1" in capsys.readouterr().err
    assert main(["query", store, "leaders", "--format", "csv"]) == 0
    assert "Emmanuel Macron" in capsys.readouterr().out
    reopened = open_store(store)
    assert len(reopened) == loaded  # the malformed file added nothing
    close_graph(reopened)

    assert main(["load", str(turtle), "--store", "memory"]) == 2
    assert "--store takes oxigraph:PATH" in capsys.readouterr().err
    assert main(["load", str(tmp_path / "missing.ttl"), "--store", store]) == 1
    assert "not found" in capsys.readouterr().err


def test_the_same_build_writes_the_same_bytes(built: Path, tmp_path: Path) -> None:
    # in another process (other blank node ids, other hash seed): the ontology's blank nodes are
    # labelled canonically and its triples sorted, so outputs can be compared as files
    command = [sys.executable, "-m", "graphbuild", "build", str(ARTICLES), "-o", str(tmp_path)]
    done = subprocess.run([*command, "-q", "--no-cache"], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    for name in ("graph.ttl", "statements.jsonl", "graph.html"):
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name
