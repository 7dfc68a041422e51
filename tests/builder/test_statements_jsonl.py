"""statements.jsonl: one JSON object a statement, with IRIs, family, offsets and provenance."""

from __future__ import annotations

import json
from pathlib import Path

from builders import sample_results

from graphbuild.builder.statements_jsonl import generate_jsonl, statement_to_dict, write_jsonl
from graphbuild.graph.iris import DEFAULT_BASE


def test_criticism_is_one_self_describing_line():
    first = sample_results()[0]
    row = statement_to_dict(first.statements[1])
    assert row["subject"] == {
        "iri": DEFAULT_BASE + "person/keir-starmer",
        "label": "Keir Starmer",
        "type": "Person",
    }
    assert row["predicate"] == {
        "iri": "https://w3id.org/graphbuild/ontology#criticises",
        "label": "criticises",
        "family": "OPPOSE",
    }
    assert row["object"]["iri"] == DEFAULT_BASE + "person/vladimir-putin"
    assert row["sentence"] == "Prime Minister Keir Starmer criticised Vladimir Putin."
    trigger = row["offsets"]["trigger"]
    assert first.document.text[trigger["start"] : trigger["end"]] == "criticised"
    assert (row["polarity"], row["modality"], row["speaker"]) == ("positive", "asserted", None)


def test_reported_future_statement_keeps_speaker_and_modality():
    joins = statement_to_dict(sample_results()[0].statements[3], base="https://example.org/kg")
    assert joins["modality"] == "future"
    assert joins["speaker"]["iri"] == "https://example.org/kg/coalition/nato"


def test_write_jsonl_counts_lines_and_matches_the_generator(tmp_path: Path):
    results = sample_results()
    path = tmp_path / "out" / "statements.jsonl"
    count = write_jsonl(results, path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert count == len(lines) == sum(len(r.statements) for r in results)
    assert lines == list(generate_jsonl(results))
    assert all(json.loads(line)["doc"] in {"news-000#2", "news-001"} for line in lines)
