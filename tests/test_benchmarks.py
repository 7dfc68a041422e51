"""Smoke runs of the benchmark corpus, graph generator and both benchmark scripts at tiny sizes.

No timing is asserted: only that the scripts run and report what they promise.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

ROOT = Path(__file__).resolve().parent.parent
GB = "https://w3id.org/graphbuild/ontology#"


@pytest.fixture(autouse=True)
def _repo_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))


def test_same_seed_gives_the_same_articles() -> None:
    from benchmarks.corpus import generate_corpus

    first = list(generate_corpus(4, seed=11))
    again = list(generate_corpus(4, seed=11))
    other = list(generate_corpus(4, seed=12))
    assert first == again
    assert [d.text for d in first] != [d.text for d in other]
    assert len({d.id for d in first}) == 4


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one() -> None:
    from benchmarks.corpus import generate_corpus

    assert list(generate_corpus(2)) == list(generate_corpus(5))[:2]


def test_articles_read_like_news_about_states_and_leaders() -> None:
    from benchmarks.corpus import MAX_WORDS, MIN_WORDS, generate_corpus, make_world

    world = make_world()
    states = {s.label for s in world.states}
    for doc in generate_corpus(5):
        words = len(doc.text.split())
        assert MIN_WORDS <= words <= MAX_WORDS + 60
        assert any(state in doc.text for state in states)
        assert doc.title and doc.date and doc.source and doc.url
        assert "{" not in doc.text and "}" not in doc.text  # every template slot was filled
        assert doc.text.count("\n\n") >= 3  # paragraphs


def test_synthetic_graph_follows_the_graph_model(tmp_path: Path) -> None:
    from benchmarks.synthgraph import write_graph

    path = tmp_path / "graph.nt"
    lines = write_graph(path, 3000)
    graph = Graph().parse(path, format="nt")
    assert 2000 <= len(graph) <= lines
    statements = set(graph.subjects(RDF.type, URIRef(GB + "Statement")))
    assert statements
    for st in statements:
        s, p, o = (graph.value(st, RDF[t]) for t in ("subject", "predicate", "object"))
        assert s is not None and p is not None and o is not None
        if graph.value(st, URIRef(GB + "asserted")) == Literal(True):
            assert (s, p, o) in graph  # an asserted statement has its direct triple
    assert (None, URIRef(GB + "relationFamily"), None) in graph  # the ontology is included


def test_bench_build_smoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import bench_build

    out = tmp_path / "build.json"
    assert bench_build.main(["--docs", "3", "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    (run,) = report["runs"]
    assert run["raw"]["docs"] == run["build"]["docs"] == 3
    assert run["raw"]["tokens"] > 1000
    assert "attribute_ruler" in run["raw"]["pipeline"]  # raw: the pipeline as spaCy ships it
    assert run["build"]["statements"] > 0 and run["build"]["triples"] > 0
    assert run["raw"]["peak_rss_mib"] > 0 and run["build"]["peak_rss_mib"] > 0
    assert run["ratio"] > 0
    assert "build/raw" in capsys.readouterr().out


def test_bench_rerun_smoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import bench_rerun

    out = tmp_path / "rerun.json"
    assert bench_rerun.main(["--docs", "3", "--runs", "1", "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["docs"] == 3 and len(report["reruns"]) == 1
    assert report["first"]["cpu_s"] > 0 and report["speedup_cpu"] > 0
    assert report["one_added"]["cpu_s"] > 0 and report["one_added_speedup_cpu"] > 0
    assert "one article added" in capsys.readouterr().out


def test_bench_build_stages_time_every_stage(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import bench_build

    assert bench_build.main(["--docs", "2", "--stages", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    stages = {line.rsplit(None, 2)[0].strip(): float(line.split()[-2]) for line in lines}
    assert set(stages) == {
        "entities",
        "posts",
        "relations",
        "document_result (all above)",
        "statements.jsonl",
        "triples",
        "triples + Turtle",
    }
    assert all(ms >= 0 for ms in stages.values()) and stages["document_result (all above)"] > 0


def test_bench_graph_smoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import bench_graph

    out = tmp_path / "graph.json"
    argv = ["--triples", "2000", "--runs", "1", "--query-timeout", "20", "--json", str(out)]
    assert bench_graph.main(argv) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    memory, oxigraph = report["backends"]["memory"], report["backends"]["oxigraph"]
    assert memory["triples"] == oxigraph["triples"] > 1500
    assert set(memory["queries"]) == set(bench_graph.named_queries()) == set(oxigraph["queries"])
    for name, result in oxigraph["queries"].items():
        if memory["queries"][name]["rows"] is not None:
            assert result["rows"] == memory["queries"][name]["rows"], name
    assert oxigraph["export_bytes"] > 0 and oxigraph["bytes_per_triple"] > 0
    assert memory["load_turtle_s"] > 0 and oxigraph["load_turtle_s"] > 0
    out = capsys.readouterr().out
    assert "| load N-Triples (s) |" in out and "| load Turtle (s) |" in out


def test_synthetic_statements_never_relate_an_actor_to_itself(tmp_path: Path) -> None:
    from benchmarks.synthgraph import write_graph

    path = tmp_path / "graph.nt"
    write_graph(path, 5000)
    graph = Graph().parse(path, format="nt")
    for st in graph.subjects(RDF.type, URIRef(GB + "Statement")):
        assert graph.value(st, RDF.subject) != graph.value(st, RDF.object)


def test_bench_scale_smoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import bench_scale

    out = tmp_path / "scale.json"
    argv = ["--docs", "2", "--executors", "local,jobs1", "--batch-size", "1", "--json", str(out)]
    assert bench_scale.main(argv) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["identical_statements"] is True
    assert {r["executor"] for r in report["runs"]} == {"local", "jobs1"}
    for run in report["runs"]:
        assert run["docs"] == 2 and run["statements"] > 0
        assert run["wall_s"] > 0 and run["peak_pss_mib"] > 0
    assert "jobs1 / local throughput" in capsys.readouterr().out


def test_bench_read_smoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import bench_read

    graph = Path(__file__).parent / "data" / "fixture_graph.ttl"
    out = tmp_path / "read.json"
    argv = ["--graph", str(graph), "--queries", "most-reported", "--runs", "1", "--json", str(out)]
    assert bench_read.main(argv) == 0
    entry = json.loads(out.read_text(encoding="utf-8"))["queries"]["most-reported"]
    assert entry["same_answer_size"] and entry["speedup_median"] > 0
    assert entry["rdflib"]["peak_rss_mib"] > 0 and entry["oxigraph"]["load_s"] >= 0
    assert "query most-reported: rdflib" in capsys.readouterr().out


def test_compare_statements_reports_changed_statements(tmp_path: Path) -> None:
    from benchmarks.compare_statements import _differences, _summary

    row = {
        "doc": "a",
        "subject": {"label": "Britain"},
        "predicate": {"label": "sanctions"},
        "object": {"label": "Russia"},
        "rule": "svo-active",
        "polarity": "positive",
        "modality": "asserted",
        "confidence": 0.9,
    }
    base, same, other = tmp_path / "base", tmp_path / "same", tmp_path / "other"
    base.write_text(json.dumps(row) + "\n", encoding="utf-8")
    same.write_text(json.dumps(row) + "\n", encoding="utf-8")
    other.write_text(json.dumps(dict(row, rule="svo-passive")) + "\n", encoding="utf-8")
    assert _differences(base, same, 10) == (1, 1, [])
    old, new, lines = _differences(base, other, 10)
    assert (old, new, len(lines)) == (1, 1, 2)
    assert (
        _summary(lines[0])
        == "- a: Britain -sanctions-> Russia (svo-active, positive, asserted, 0.9)"
    )
    assert "svo-passive" in _summary(lines[1])
