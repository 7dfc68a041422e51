"""The Python API: `graphbuild.extract` on Document records, and a clear error for anything else."""

from __future__ import annotations

import pytest

import graphbuild
from graphbuild import Document, InputError


def test_extract_reads_document_records() -> None:
    results = graphbuild.extract(
        [Document(id="d1", text="French President Emmanuel Macron met Keir Starmer in Paris.")]
    )
    assert [r.document.id for r in results] == ["d1"]
    triples = {(s.subject.label, s.relation, s.object.label) for s in results[0].statements}
    assert ("Emmanuel Macron", "headOfStateOf", "France") in triples
    assert any(
        {s.subject.label, s.object.label} == {"Emmanuel Macron", "Keir Starmer"}
        for s in results[0].statements
        if s.family is graphbuild.Family.COOPERATE
    )


@pytest.mark.parametrize(
    "documents",
    ["Macron met Starmer.", b"Macron met Starmer.", ["Macron met Starmer."], [{"id": "d1"}]],
)
def test_extract_refuses_what_is_not_a_document(documents: object) -> None:
    with pytest.raises(InputError, match="takes Document records"):
        graphbuild.extract(documents)  # type: ignore[arg-type]


def test_extract_stays_callable_once_the_extract_package_is_imported() -> None:
    import graphbuild.extract.nlp  # rebinds graphbuild.extract to the package

    first = graphbuild.extract([Document(id="a", text="Keir Starmer praised Volodymyr Zelensky.")])
    second = graphbuild.extract([Document(id="b", text="Keir Starmer praised Volodymyr Zelensky.")])
    assert [s.relation for s in first[0].statements] == [s.relation for s in second[0].statements]
    assert graphbuild.extract_documents is not None
