"""The build summary: documents, sentences, distinct entities by class, statements by family."""

from __future__ import annotations

from builders import sample_results

from graphbuild.builder.summary import BuildSummary
from graphbuild.records import EntityKind, Family


def test_counts_over_two_documents():
    summary = BuildSummary()
    for result in sample_results():
        summary.add(result)
    assert (summary.documents, summary.sentences) == (2, 4)
    # Putin appears in both documents (once as "Putin"): one entity
    assert {kind: len(keys) for kind, keys in summary.entities.items()} == {
        EntityKind.PERSON: 2,
        EntityKind.STATE: 1,
        EntityKind.COALITION: 1,
    }
    assert summary.statements[Family.OPPOSE] == 3
    assert summary.facts[Family.OPPOSE] == 2  # "did not trust" is negated
    assert summary.facts[Family.MEMBER_OF] == 0  # "will join" is future


def test_format_lists_every_class_and_family_in_order():
    summary = BuildSummary(skipped=1)
    for result in sample_results():
        summary.add(result)
    lines = summary.format().splitlines()
    assert lines[0] == "documents: 2 (+1 already in the graph)"
    assert "statements: 5 (3 asserted as facts)" in lines
    assert [line.split()[0] for line in lines[3:8]] == [k.value for k in EntityKind]
    assert [line.split()[0] for line in lines[-len(Family) :]] == [f.value for f in Family]
    assert "  OPPOSE             3  (2 facts)" in lines
