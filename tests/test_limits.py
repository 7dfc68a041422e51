"""Limits for hostile input: XML entity expansion, long terms, long texts, query time."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from spacy.language import Language

from graphbuild import limits
from graphbuild.cli import main
from graphbuild.errors import GraphError
from graphbuild.extract.pipeline import extract_documents
from graphbuild.graph.rdfgraph import load_graph
from graphbuild.graph.store import close_graph, load_files, open_graph
from graphbuild.limits import check_xml_entities, split_long_text
from graphbuild.records import Document

RDF_HEAD = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    ' xmlns:ex="https://example.org/">'
)


def laughs(levels: int, width: int = 10) -> str:
    """A 'billion laughs' RDF/XML document: each entity is `width` copies of the one before."""
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * width}">' for i in range(1, levels + 1)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n"
        f'{RDF_HEAD}<rdf:Description rdf:about="https://example.org/a">'
        f"<ex:p>&lol{levels};</ex:p></rdf:Description></rdf:RDF>\n"
    )


PROTEGE = textwrap.dedent(
    """\
    <?xml version="1.0"?>
    <!DOCTYPE rdf:RDF [
        <!ENTITY owl "http://www.w3.org/2002/07/owl#" >
        <!ENTITY ex "https://example.org/" >
    ]>
    <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
      <rdf:Description rdf:about="&ex;Treaty">
        <rdf:type rdf:resource="&owl;Class"/>
      </rdf:Description>
    </rdf:RDF>
    """
)


@pytest.mark.parametrize("levels", [8, 10])
def test_billion_laughs_is_refused_by_every_rdf_reader(
    tmp_path: Path, levels: int, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "laughs.rdf"
    path.write_text(laughs(levels), encoding="utf-8")
    assert path.stat().st_size < 1200
    with pytest.raises(GraphError, match="entities expand past"):
        load_graph(path)
    store = tmp_path / "store"
    assert main(["load", str(path), "--store", f"oxigraph:{store}"]) == 1
    assert main(["stats", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and err.count("entities expand past") == 2


def test_one_entity_repeated_past_the_budget_is_refused() -> None:
    entity = "x" * 1000
    doc = laughs(0).replace('"lol"', f'"{entity}"').replace("&lol0;", "&lol0;" * 2000)
    with pytest.raises(GraphError, match="entities expand past"):
        check_xml_entities(doc.encode(), "doc.rdf")


@pytest.mark.parametrize(
    ("declaration", "kind"),
    [
        ('<!ENTITY xxe SYSTEM "file:///etc/passwd">', "external"),
        ('<!ENTITY xxe PUBLIC "-//x//y" "https://example.org/x.dtd">', "external"),
        ('<!ENTITY % pe "x">', "parameter"),
    ],
)
def test_external_and_parameter_entities_are_refused(declaration: str, kind: str) -> None:
    doc = PROTEGE.replace("<!DOCTYPE rdf:RDF [", f"<!DOCTYPE rdf:RDF [\n{declaration}")
    with pytest.raises(GraphError, match=f"{kind} entity"):
        check_xml_entities(doc.encode(), "doc.rdf")


@pytest.mark.parametrize(
    "declaration",
    ['<!ENTITY big"x">', '<!ENTITY big "x" "y">', "<!ENTITY big>"],
)
def test_an_entity_declaration_the_check_cannot_read_is_refused(declaration: str) -> None:
    doc = PROTEGE.replace("<!DOCTYPE rdf:RDF [", f"<!DOCTYPE rdf:RDF [\n{declaration}")
    with pytest.raises(GraphError, match="cannot check"):
        check_xml_entities(doc.encode(), "doc.rdf")


def test_abbreviating_entities_still_load(tmp_path: Path) -> None:
    path = tmp_path / "ontology.owl"
    path.write_text(PROTEGE, encoding="utf-8")
    graph = load_graph(path)
    assert {str(o) for o in graph.objects()} == {"http://www.w3.org/2002/07/owl#Class"}
    store = open_graph(f"oxigraph:{tmp_path / 'store'}")
    try:
        assert len(load_files(store, [path])) == 1
    finally:
        close_graph(store)


def test_a_literal_past_oxigraphs_buffer_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.nt"
    size = limits.MAX_TERM_BYTES + 10
    path.write_text(f'<https://e.org/a> <https://e.org/p> "{"x" * size}" .\n', encoding="utf-8")
    assert main(["load", str(path), "--store", f"oxigraph:{tmp_path / 's'}"]) == 1
    assert main(["stats", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and all("longer than 16 MiB" in line for line in lines)


def test_a_graph_file_past_the_memory_limit_points_to_a_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "g.nt"
    path.write_text("<https://e.org/a> <https://e.org/p> <https://e.org/b> .\n" * 10)
    monkeypatch.setattr(limits, "MAX_GRAPH_FILE_BYTES", 100)
    with pytest.raises(GraphError, match=r"too large to read into memory.*graphbuild load"):
        load_graph(path)


# --- long texts --------------------------------------------------------------------------------


@given(
    st.text(alphabet=st.sampled_from("ab .\n!"), max_size=400),
    st.integers(min_value=1, max_value=60),
)
@example("One. Two.\n\nThree four five.", 12)
def test_split_long_text_keeps_every_character_in_place(text: str, limit: int) -> None:
    pieces = split_long_text(text, limit)
    assert "".join(piece for _, piece in pieces) == text
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece
        assert len(piece) <= limit
    assert all(piece for _, piece in pieces[:-1])


def test_split_long_text_prefers_paragraphs_then_sentences() -> None:
    text = "First sentence here. Second one.\n\nA new paragraph starts. And goes on."
    assert split_long_text(text, 60) == [(0, text[:34]), (34, text[34:])]
    assert split_long_text(text, 30) == [
        (0, "First sentence here. "),
        (21, text[21:34]),
        (34, "A new paragraph starts. "),
        (58, "And goes on."),
    ]
    assert split_long_text("abcdefgh", 3) == [(0, "abc"), (3, "def"), (6, "gh")]


def test_text_past_the_model_limit_is_parsed_in_pieces_with_true_offsets(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    paragraphs = [
        "Keir Starmer met Emmanuel Macron in Paris on Monday to discuss Ukraine.",
        "Poland's prime minister Donald Tusk criticised Russia for the attack.",
        "Germany supported the plan, and Olaf Scholz praised Volodymyr Zelensky.",
    ] * 4
    text = "\n\n".join(paragraphs)
    document = Document(id="long", text=text)
    [whole] = extract_documents([document], nlp)
    monkeypatch.setattr(nlp, "max_length", 250)
    [pieced] = extract_documents([document], nlp)
    assert pieced.statements and set(pieced.statements) == set(whole.statements)
    assert [(s.start, s.end) for s in pieced.sentences] == [
        (s.start, s.end) for s in whole.sentences
    ]
    for statement in pieced.statements:
        for span in (statement.subject_span, statement.object_span, statement.trigger):
            if span is not None:
                assert text[span.start : span.end] == span.text


# --- query time --------------------------------------------------------------------------------

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_query_stops_at_its_time_limit_on_an_rdflib_graph() -> None:
    """rdflib's engine runs in Python: the alarm interrupts it with a QueryError."""
    from rdflib import Graph

    from graphbuild.errors import QueryError
    from graphbuild.serve.queries import run_query

    graph = Graph().parse(Path(__file__).parent / "data" / "fixture_graph.ttl")
    stopped = r"^query stopped after its time limit of 0\.5 s"
    with pytest.raises(QueryError, match=stopped), limits.time_limit(0.5):
        run_query(graph, CARTESIAN)


def test_query_on_a_graph_file_stops_at_its_time_limit() -> None:
    """A graph file is read into Oxigraph's memory store, so its queries are native too: the
    watchdog ends the process (run apart, as it would end pytest's), with one line."""
    graph = Path(__file__).parent / "data" / "fixture_graph.ttl"
    done = subprocess.run(
        [sys.executable, "-m", "graphbuild", "query", str(graph), CARTESIAN, "--timeout", "0.5"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "graphbuild: error: query stopped after its time limit of 0.5 s (--timeout)"
    ]


def test_query_stops_at_its_time_limit_on_an_oxigraph_store(tmp_path: Path) -> None:
    """A native query does not return to Python: the watchdog ends the process, one line."""
    graph = Path(__file__).parent / "data" / "fixture_graph.ttl"
    store = f"oxigraph:{tmp_path / 'store'}"
    assert main(["load", str(graph), "--store", store]) == 0
    done = subprocess.run(
        [sys.executable, "-m", "graphbuild", "query", store, CARTESIAN, "--timeout", "0.5"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "graphbuild: error: query stopped after its time limit of 0.5 s (--timeout)"
    ]
