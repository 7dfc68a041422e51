"""Named queries on the hand-built fixture graph, safe parameters, sandbox and result formats."""

from __future__ import annotations

import csv
import io
import json
import socket
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS, XSD
from rdflib.query import Result

from graphbuild.errors import QueryError
from graphbuild.resources import QUERIES_DIR
from graphbuild.serve.queries import (
    PARAM_KINDS,
    QuerySyntaxError,
    UnsafeQueryError,
    UpdateForbiddenError,
    format_result,
    list_queries,
    load_query,
    resolve_query,
    run_query,
    sandbox,
    tsv_term,
)

FIXTURE = Path(__file__).parents[1] / "data" / "fixture_graph.ttl"
GB = "https://w3id.org/graphbuild/ontology#"
ID = "https://w3id.org/graphbuild/id/"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


def values(result, *columns: str) -> list[tuple]:
    """Selected columns of every row as Python strings (IRIs shortened to their id path)."""
    idx = [result.variables.index(c) for c in columns]
    out = []
    for row in result.rows:
        cells = []
        for i in idx:
            term = row[i]
            text = None if term is None else str(term)
            if text is not None:
                text = text.removeprefix(ID).removeprefix(GB)
            cells.append(text)
        out.append(tuple(cells))
    return out


# --- the catalogue -------------------------------------------------------------------------------


def test_catalogue_has_every_required_query_with_header():
    queries = {q.name: q for q in list_queries()}
    required = {
        "leaders",
        "posts",
        "coalition-members",
        "memberships",
        "meetings",
        "supporters-and-critics",
        "timeline",
        "speaker-statements",
        "evidence",
        "most-connected",
        "contradictions",
        "most-reported",
    }
    assert required <= set(queries)
    for query in queries.values():
        assert query.title and query.description, query.name
        assert query.path == QUERIES_DIR / f"{query.name}.rq"
        assert all(p.kind in PARAM_KINDS and p.doc for p in query.params), query.name
        assert "PREFIX gb:" in query.text
    assert [p.name for p in queries["meetings"].params] == ["actor", "since", "until"]
    assert queries["timeline"].params[0].required is True


def test_long_one_line_query_is_inline_text_not_a_file_name():
    text = "SELECT ?s WHERE { ?s ?p ?o } # " + "Starmer met Macron. " * 300
    assert resolve_query(text).name == "inline"
    with pytest.raises(QueryError, match="no named query"):
        resolve_query("x" * 5000)


def test_resolve_query_by_name_path_and_inline(tmp_path):
    assert resolve_query("leaders").name == "leaders"
    assert resolve_query(str(QUERIES_DIR / "posts.rq")).name == "posts"
    inline = resolve_query("# param: who (iri) - someone\nSELECT ?l WHERE { ?who ?p ?l }")
    assert inline.name == "inline" and inline.params[0].name == "who"
    with pytest.raises(QueryError, match=r"no named query 'leaderz'.*leaders"):
        resolve_query("leaderz")
    with pytest.raises(QueryError, match="no such query file"):
        resolve_query(str(tmp_path / "missing.rq"))
    bad = tmp_path / "bad.rq"
    bad.write_text("# param: x (colour) - nope\nASK {}\n", encoding="utf-8")
    with pytest.raises(QueryError, match="bad param line"):
        load_query(bad)


# --- every named query, with expected rows -------------------------------------------------------


def test_leaders(graph):
    result = run_query(graph, "leaders", {})
    assert values(result, "stateLabel", "leaderLabel", "role", "postLabel") == [
        ("France", "Emmanuel Macron", "headOfStateOf", "President of France"),
        ("Russia", "Vladimir Putin", "headOfStateOf", "President of Russia"),
        ("Ukraine", "Volodymyr Zelensky", "headOfStateOf", "President of Ukraine"),
        (
            "United Kingdom",
            "Keir Starmer",
            "headOfGovernmentOf",
            "Prime Minister of the United Kingdom",
        ),
        ("United States", "Donald Trump", "headOfStateOf", "President of the United States"),
    ]
    only = run_query(graph, "leaders", {"state": "france"})
    assert values(only, "state", "leader") == [("state/FRA", "person/emmanuel-macron")]


def test_former_posts_are_kept_apart_from_posts_held(nlp):
    from graphbuild.extract.pipeline import extract_documents
    from graphbuild.graph.rdfgraph import build_graph
    from graphbuild.records import Document

    text = (
        "Boris Johnson, the former UK prime minister, met Keir Starmer, the UK prime minister. "
        "Angela Merkel, who was chancellor of Germany until 2021, called Olaf Scholz."
    )
    built = build_graph(extract_documents([Document("news-1", text)], nlp))
    former = run_query(built, "former-posts", {})
    assert values(former, "personLabel", "postLabel") == [
        ("Angela Merkel", "Chancellor of Germany"),
        ("Boris Johnson", "Prime Minister of the United Kingdom"),
    ]
    assert "former UK prime minister" in str(former.rows[1][former.variables.index("text")])
    assert values(run_query(built, "former-posts", {"person": "Boris Johnson"}), "personLabel") == [
        ("Boris Johnson",)
    ]
    held = values(run_query(built, "posts", {}), "personLabel")
    assert ("Keir Starmer",) in held and ("Boris Johnson",) not in held


def test_posts(graph):
    result = run_query(graph, "posts", {})
    assert len(result.rows) == 6
    khan = run_query(graph, "posts", {"person": "Sadiq Khan"})
    assert values(khan, "postLabel", "office", "place", "placeLabel") == [
        ("Mayor of London", "Mayor", "place/london", "London")
    ]


def test_coalition_members(graph):
    result = run_query(graph, "coalition-members", {})
    assert values(result, "coalitionLabel", "memberLabel", "documents") == [
        ("NATO", "France", "1"),
        ("NATO", "United Kingdom", "1"),
        ("coalition of the willing", "France", "1"),
        ("coalition of the willing", "United Kingdom", "1"),
    ]
    nato = run_query(
        graph, "coalition-members", {"coalition": "North Atlantic Treaty Organization"}
    )
    assert values(nato, "member") == [("state/FRA",), ("state/GBR",)]


MEMBERSHIP_EVIDENCE = """
@prefix gb: <https://w3id.org/graphbuild/ontology#> .
@prefix state: <https://w3id.org/graphbuild/id/state/> .
@prefix coalition: <https://w3id.org/graphbuild/id/coalition/> .
@prefix statement: <https://w3id.org/graphbuild/id/statement/> .
@prefix doc: <https://w3id.org/graphbuild/id/doc/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

gb:memberOf gb:relationFamily "MEMBER_OF" .
gb:joins rdfs:subPropertyOf gb:memberOf .
gb:criticises gb:relationFamily "OPPOSE" .
coalition:nato a gb:Coalition ; rdfs:label "NATO" .
state:FIN a gb:State ; rdfs:label "Finland" ; gb:joins coalition:nato ;
    gb:criticises coalition:nato .
state:SWE a gb:State ; rdfs:label "Sweden" ; gb:joins coalition:nato .
state:NOR a gb:State ; rdfs:label "Norway" ; gb:memberOf coalition:nato .

# Finland joins NATO in two documents; a denied join and a criticism in a third do not count.
statement:a a gb:Statement ; rdf:subject state:FIN ; rdf:predicate gb:joins ;
    rdf:object coalition:nato ; gb:family "MEMBER_OF" ; gb:asserted true ; gb:document doc:d1 .
statement:b a gb:Statement ; rdf:subject state:FIN ; rdf:predicate gb:joins ;
    rdf:object coalition:nato ; gb:family "MEMBER_OF" ; gb:asserted true ; gb:document doc:d2 .
statement:c a gb:Statement ; rdf:subject state:FIN ; rdf:predicate gb:joins ;
    rdf:object coalition:nato ; gb:family "MEMBER_OF" ; gb:asserted false ; gb:document doc:d3 .
statement:d a gb:Statement ; rdf:subject state:FIN ; rdf:predicate gb:criticises ;
    rdf:object coalition:nato ; gb:family "OPPOSE" ; gb:asserted true ; gb:document doc:d3 .
# Sweden joins in one document. Norway's direct triple is memberOf with nothing behind it (as in a
# graph merged from another source); a statement that Norway joins counts for a joins edge only.
statement:e a gb:Statement ; rdf:subject state:SWE ; rdf:predicate gb:joins ;
    rdf:object coalition:nato ; gb:family "MEMBER_OF" ; gb:asserted true ; gb:document doc:d4 .
statement:f a gb:Statement ; rdf:subject state:NOR ; rdf:predicate gb:joins ;
    rdf:object coalition:nato ; gb:family "MEMBER_OF" ; gb:asserted true ; gb:document doc:d5 .
"""


def test_coalition_members_counts_documents_of_the_same_asserted_edge_only():
    """Documents count per (member, relation, coalition) edge: not denied statements, not other
    relations between the same pair, and a direct triple with no statement behind it counts 0."""
    store = pytest.importorskip("graphbuild.graph.store")
    memory = Graph().parse(data=MEMBERSHIP_EVIDENCE, format="turtle")
    oxigraph = store.open_graph("oxigraph")
    oxigraph += memory
    for g in (memory, oxigraph):
        result = run_query(g, "coalition-members", {"coalition": "NATO"})
        assert values(result, "memberLabel", "documents") == [
            ("Finland", "2"),
            ("Norway", "0"),
            ("Sweden", "1"),
        ]


def test_memberships(graph):
    result = run_query(graph, "memberships", {"state": "France"})
    assert values(result, "groupLabel", "kind", "relation") == [
        ("European Union", "Organization", "memberOf"),
        ("NATO", "Coalition", "memberOf"),
        ("coalition of the willing", "Coalition", "joins"),
    ]


def test_meetings(graph):
    result = run_query(graph, "meetings", {})
    assert values(result, "date", "aLabel", "relation", "bLabel", "outlet") == [
        ("2025-08-15", "Donald Trump", "meetsWith", "Vladimir Putin", "Reuters"),
        ("2025-08-16", "Keir Starmer", "meetsWith", "Volodymyr Zelensky", "Sky News"),
        ("2025-08-18", "Emmanuel Macron", "hosts", "Volodymyr Zelensky", "BBC News"),
    ]
    assert result.rows[0][result.variables.index("text")] == Literal(
        "US President Donald Trump met Russian President Vladimir Putin in Anchorage, Alaska."
    )
    # The hypothetical "Trump may meet Zelensky" is not a meeting.
    with_zelensky = run_query(graph, "meetings", {"actor": "Zelenskyy"})
    assert values(with_zelensky, "a") == [("person/keir-starmer",), ("person/emmanuel-macron",)]
    window = run_query(graph, "meetings", {"since": "2025-08-16", "until": "2025-08-17"})
    assert values(window, "doc") == [("doc/news-001",)]


def test_supporters_and_critics(graph):
    result = run_query(graph, "supporters-and-critics", {"actor": "putin"})
    assert values(result, "stance", "otherLabel", "relation", "documents") == [
        ("supporter", "Donald Trump", "praises", "1"),
        ("critic", "Keir Starmer", "criticises", "3"),
        ("critic", "Emmanuel Macron", "condemns", "1"),
    ]


def test_timeline_includes_denied_and_hypothetical(graph):
    result = run_query(graph, "timeline", {"a": "Trump", "b": "Zelensky"})
    assert values(result, "date", "relation", "modality", "asserted") == [
        ("2025-08-15", "criticises", "asserted", "true"),
        ("2025-08-15", "meetsWith", "hypothetical", "false"),
        ("2025-08-20", "endorses", "asserted", "true"),
    ]
    denied = run_query(graph, "timeline", {"a": "Donald Trump", "b": "Keir Starmer"})
    assert values(denied, "subjectLabel", "relation", "polarity", "asserted") == [
        ("Keir Starmer", "criticises", "negative", "false")
    ]
    everyone = run_query(graph, "timeline", {"a": "Trump"})
    assert len(everyone.rows) == 7
    with pytest.raises(QueryError, match="needs parameter"):
        run_query(graph, "timeline", {"b": "Trump"})


def test_speaker_statements(graph):
    result = run_query(graph, "speaker-statements", {})
    assert values(result, "speakerLabel", "subjectLabel", "relation", "objectLabel") == [
        ("Emmanuel Macron", "Keir Starmer", "chairs", "coalition of the willing"),
        ("Volodymyr Zelensky", "Russia", "strikes", "Ukraine"),
    ]


def test_evidence_for_an_edge_through_the_family_property(graph):
    result = run_query(
        graph,
        "evidence",
        {"subject": "Keir Starmer", "relation": "gb:opposes", "object": "Vladimir Putin"},
    )
    assert values(result, "doc", "outlet", "date", "trigger") == [
        ("doc/news-001", "Sky News", "2025-08-16", "criticised"),
        ("doc/news-002", "BBC News", "2025-08-18", "criticised"),
        ("doc/news-005", "Sky News", "2025-08-21", "criticised"),
    ]
    assert str(result.rows[1][result.variables.index("text")]) == "Starmer also criticised Putin."
    about_russia = run_query(graph, "evidence", {"actor": "Russia"})
    assert values(about_russia, "predicate") == [("headOfStateOf",), ("invades",), ("strikes",)]


def test_most_connected(graph):
    result = run_query(graph, "most-connected", {})
    assert values(result, "actorLabel", "neighbours", "edges")[:4] == [
        ("Volodymyr Zelensky", "4", "6"),
        ("Keir Starmer", "4", "5"),
        ("Vladimir Putin", "4", "5"),
        ("France", "4", "4"),
    ]
    assert len(result.rows) == 15


def test_contradictions(graph):
    result = run_query(graph, "contradictions", {})
    assert values(result, "xLabel", "yLabel", "stance", "relation", "outlet") == [
        ("Donald Trump", "Volodymyr Zelensky", "opposes", "criticises", "Reuters"),
        ("Donald Trump", "Volodymyr Zelensky", "supports", "endorses", "The Guardian"),
    ]


def test_most_reported_counts_distinct_outlets(graph):
    result = run_query(graph, "most-reported", {})
    assert values(result, "subjectLabel", "relation", "objectLabel", "outlets", "documents")[0] == (
        "Keir Starmer",
        "criticises",
        "Vladimir Putin",
        "2",
        "3",
    )
    oppose = run_query(graph, "most-reported", {"family": "OPPOSE"})
    assert values(oppose, "relation", "outlets") == [
        ("criticises", "2"),
        ("criticises", "1"),
        ("condemns", "1"),
    ]


def test_relation_exists_ask(graph):
    def ask(**params: str) -> bool | None:
        return run_query(graph, "relation-exists", params).boolean

    assert ask(subject="Starmer", relation="gb:opposes", object="Putin") is True
    assert ask(subject="Starmer", relation="gb:criticises", object="Putin") is True
    assert ask(subject="Putin", relation="gb:opposes", object="Starmer") is False
    # "Starmer did not criticise Donald Trump" is a negative statement: no direct triple.
    assert ask(subject="Starmer", object="Trump") is False


def test_neighbourhood_construct(graph):
    result = run_query(graph, "neighbourhood", {"actor": "France"})
    assert result.kind == "CONSTRUCT" and result.graph is not None
    fra = URIRef(ID + "state/FRA")
    assert (fra, URIRef(GB + "joins"), URIRef(ID + "coalition/coalition-of-the-willing")) in (
        result.graph
    )
    assert (URIRef(ID + "person/emmanuel-macron"), URIRef(GB + "headOfStateOf"), fra) in (
        result.graph
    )
    subjects_and_objects = {s for s, _, _ in result.graph} | {
        o for _, _, o in result.graph if isinstance(o, URIRef) and o.startswith(ID)
    }
    assert URIRef(ID + "person/vladimir-putin") not in subjects_and_objects


# --- parameters ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "Volodymyr Zelensky",
        "volodymyr zelensky",
        "ZELENSKYY",
        "gbd:person/volodymyr-zelensky",
        f"<{ID}person/volodymyr-zelensky>",
        f"{ID}person/volodymyr-zelensky",
    ],
)
def test_iri_parameter_forms(graph, value):
    result = run_query(graph, "supporters-and-critics", {"actor": value})
    assert {row[0] for row in result.rows} == {URIRef(ID + "person/volodymyr-zelensky")}


def test_parameter_errors(graph):
    with pytest.raises(QueryError, match=r"no parameter 'country' \(its parameters: state\)"):
        run_query(graph, "leaders", {"country": "France"})
    with pytest.raises(QueryError, match="no entity is labelled 'Atlantis'"):
        run_query(graph, "leaders", {"state": "Atlantis"})
    with pytest.raises(QueryError, match="unknown prefix"):
        run_query(graph, "leaders", {"state": "nope:FRA"})
    with pytest.raises(QueryError, match="not a date"):
        run_query(graph, "meetings", {"since": "16/08/2025"})
    numbered = resolve_query(
        "# param: n (integer) - a number\nSELECT ?x WHERE { BIND(?n + 1 AS ?x) }"
    )
    assert run_query(graph, numbered, {"n": "41"}).rows == ((Literal(42),),)
    with pytest.raises(QueryError, match="not an integer"):
        run_query(graph, numbered, {"n": "4 1"})


def test_ambiguous_label_is_an_error(graph):
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    copy.add((URIRef(ID + "person/donald-trump-jr"), SKOS.altLabel, Literal("Trump")))
    with pytest.raises(QueryError, match="ambiguous"):
        run_query(copy, "posts", {"person": "Trump"})
    # The unique rdfs:label still wins over aliases.
    assert run_query(copy, "posts", {"person": "Donald Trump"}).rows


def test_injection_through_parameters_returns_nothing_extra(graph):
    before = len(graph)
    attack = 'x" } UNION { ?s ?p ?o } #'
    assert run_query(graph, "most-reported", {"family": attack}).rows == ()
    with pytest.raises(QueryError, match="no entity is labelled"):
        run_query(graph, "supporters-and-critics", {"actor": attack})
    with pytest.raises(QueryError):
        run_query(graph, "leaders", {"state": "<http://x> } UNION { ?s ?p ?o }"})
    assert len(graph) == before


def test_max_rows_truncates(graph):
    result = run_query(graph, "posts", {}, max_rows=2)
    assert len(result.rows) == 2 and result.truncated
    assert format_result(result).rstrip().endswith("(2 rows, truncated)")


def test_max_rows_truncates_on_oxigraph_too(graph):
    store = pytest.importorskip("graphbuild.graph.store")
    oxigraph = store.open_graph("oxigraph")
    store.load_into(oxigraph, FIXTURE)
    for g in (graph, oxigraph):
        rows = run_query(g, "posts", {}, max_rows=2)
        assert len(rows.rows) == 2 and rows.truncated
        whole = run_query(g, "posts", {})
        assert rows.rows == whole.rows[:2] and not whole.truncated
        sub = run_query(g, "neighbourhood", {"actor": "Zelensky"}, max_rows=3)
        assert sub.graph is not None and len(sub.graph) == 3 and sub.truncated


def test_joins_after_values_and_sub_selects_match_rdflib_own_evaluation(graph):
    """run_query joins a BGP by substituting each solution on its left; same rows as rdflib."""
    text = """PREFIX gb: <https://w3id.org/graphbuild/ontology#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    SELECT ?s ?o ?family ?doc WHERE {
      { SELECT DISTINCT ?s WHERE { ?st rdf:subject ?s } }
      VALUES ?family { "OPPOSE" "SUPPORT" }
      ?statement rdf:subject ?s ; rdf:object ?o ; gb:family ?family ; gb:document ?doc .
    }"""
    ours = run_query(graph, text, {})
    plain = {tuple(row) for row in graph.query(text)}
    assert len(ours.rows) == len(plain) > 2 and set(ours.rows) == plain


# --- malformed, updates and unsafe queries -------------------------------------------------------


def test_malformed_sparql_reports_the_parser_message_on_one_line(graph):
    with pytest.raises(QuerySyntaxError) as info:
        run_query(graph, "SELECT * WHERE { ?s ?p }", {})
    message = str(info.value)
    assert "\n" not in message and "Expected" in message and "col:" in message
    with pytest.raises(QuerySyntaxError, match="Unknown namespace prefix"):
        run_query(graph, "SELECT * WHERE { ?s nope:p ?o }", {})


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "PREFIX gb: <https://w3id.org/graphbuild/ontology#> DELETE { ?s gb:x ?o } WHERE { ?s gb:x ?o }",
        "LOAD <http://127.0.0.1:9/x.ttl>",
        "CLEAR DEFAULT",
        "DROP ALL",
        "CREATE GRAPH <urn:g>",
        "ADD DEFAULT TO <urn:g>",
        "MOVE DEFAULT TO <urn:g>",
        "COPY DEFAULT TO <urn:g>",
    ],
)
def test_updates_are_refused(graph, update):
    before = len(graph)
    with pytest.raises(UpdateForbiddenError, match="read-only"):
        run_query(graph, update, {})
    assert len(graph) == before


@pytest.fixture
def listener():
    """A TCP socket listening on a free local port: any connection attempt would queue on it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def assert_no_connection(server: socket.socket) -> None:
    with pytest.raises(BlockingIOError):
        conn, _ = server.accept()
        conn.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE SILENT <http://127.0.0.1:{port}/> "
        "{{ ?s ?p ?o }} }} }}",
        "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} "
        "}} }} }}",
        "SELECT * FROM <http://127.0.0.1:{port}/x> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <http://127.0.0.1:{port}/x> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ],
)
def test_service_and_from_are_refused_without_a_connection(graph, listener, template):
    port = listener.getsockname()[1]
    for target in (graph, Dataset()):
        with pytest.raises(UnsafeQueryError):
            run_query(target, template.format(port=port), {})
    assert_no_connection(listener)


def test_sandbox_blocks_rdflib_loading_a_remote_from_graph(listener):
    """Even past the static check, rdflib's attempt to fetch FROM <...> never opens a socket."""
    port = listener.getsockname()[1]
    with sandbox() as violations, pytest.raises(Exception):  # noqa: B017 - rdflib rewraps it
        Dataset().query(f"SELECT * FROM <http://127.0.0.1:{port}/x> WHERE {{ ?s ?p ?o }}")
    assert any("urllib.Request" in v or "socket" in v for v in violations)
    assert_no_connection(listener)


def test_sandbox_blocks_sockets_and_files_outside_the_project(listener, tmp_path):
    port = listener.getsockname()[1]
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    with sandbox():
        with pytest.raises(UnsafeQueryError, match="socket"):
            socket.create_connection(("127.0.0.1", port), timeout=1)
        with pytest.raises(UnsafeQueryError, match="blocked"):
            outside.read_text(encoding="utf-8")
        assert FIXTURE.read_text(encoding="utf-8")  # project files stay readable
    assert outside.read_text(encoding="utf-8") == "secret"  # inert outside the sandbox
    assert_no_connection(listener)


# --- result formats (W3C SPARQL 1.1 Query Results CSV/TSV, JSON) ---------------------------------

TERMS_QUERY = """
SELECT ?iri ?plain ?lang ?typed ?number ?comma ?unbound WHERE {
  BIND(<https://w3id.org/graphbuild/id/state/FRA> AS ?iri)
  BIND("tab\\there \\"quoted\\"" AS ?plain)
  BIND("Élysée"@fr AS ?lang)
  BIND("2025-08-16"^^<http://www.w3.org/2001/XMLSchema#date> AS ?typed)
  BIND(42 AS ?number)
  BIND("a, b\\nc" AS ?comma)
}
"""


@pytest.fixture(scope="module")
def terms(graph):
    return run_query(graph, TERMS_QUERY, {})


def test_csv_plain_values_crlf_and_quoting(terms):
    text = format_result(terms, "csv")
    assert text.startswith("iri,plain,lang,typed,number,comma,unbound\r\n")
    assert text.endswith("\r\n") and text.count("\r\n") == 2
    row = next(iter(csv.reader(io.StringIO(text.split("\r\n", 1)[1], newline=""))))
    assert row == [
        ID + "state/FRA",
        'tab\there "quoted"',
        "Élysée",
        "2025-08-16",
        "42",
        "a, b\nc",
        "",
    ]
    assert '"a, b\nc"' in text and '"tab\there ""quoted"""' in text


def test_tsv_terms_in_turtle_syntax(terms):
    header, row, end = format_result(terms, "tsv").split("\n")
    assert header == "?iri\t?plain\t?lang\t?typed\t?number\t?comma\t?unbound"
    assert end == ""
    assert row.split("\t") == [
        f"<{ID}state/FRA>",
        '"tab\\there \\"quoted\\""',
        '"Élysée"@fr',
        f'"2025-08-16"^^<{XSD.date}>',
        "42",
        '"a, b\\nc"',
        "",
    ]
    assert tsv_term(Literal("1.5", datatype=XSD.decimal)) == "1.5"
    assert tsv_term(Literal("x", datatype=XSD.decimal)) == f'"x"^^<{XSD.decimal}>'


def test_json_results_structure(terms):
    data = json.loads(format_result(terms, "json"))
    assert data["head"]["vars"] == ["iri", "plain", "lang", "typed", "number", "comma", "unbound"]
    (binding,) = data["results"]["bindings"]
    assert binding["iri"] == {"type": "uri", "value": ID + "state/FRA"}
    assert binding["plain"] == {"type": "literal", "value": 'tab\there "quoted"'}
    assert binding["lang"] == {"type": "literal", "value": "Élysée", "xml:lang": "fr"}
    assert binding["typed"] == {"type": "literal", "value": "2025-08-16", "datatype": str(XSD.date)}
    assert binding["number"]["datatype"] == str(XSD.integer)
    assert "unbound" not in binding


def test_xml_round_trips_through_rdflib(terms):
    parsed = Result.parse(io.StringIO(format_result(terms, "xml")), format="xml")
    (row,) = list(parsed)
    assert row.lang == Literal("Élysée", lang="fr") and row.unbound is None


def test_ask_and_construct_formats(graph):
    ask = run_query(graph, "ASK { ?s a <https://w3id.org/graphbuild/ontology#State> }", {})
    assert json.loads(format_result(ask, "json")) == {"head": {}, "boolean": True}
    assert format_result(ask, "table") == "true\n"
    assert "<boolean>true</boolean>" in format_result(ask, "xml")
    construct = run_query(graph, "neighbourhood", {"actor": "Ukraine"})
    for fmt, rdf in (
        ("turtle", "turtle"),
        ("table", "turtle"),
        ("nt", "nt"),
        ("json-ld", "json-ld"),
    ):
        back = Graph().parse(data=format_result(construct, fmt), format=rdf)
        assert isomorphic(back, construct.graph), fmt
    with pytest.raises(QueryError, match="is a graph"):
        format_result(construct, "csv")
    with pytest.raises(QueryError, match="unknown result format"):
        format_result(ask, "yaml")


def test_table_is_aligned_with_prefixed_names(graph):
    text = format_result(run_query(graph, "leaders", {"state": "Ukraine"}), "table")
    header, rule, row, footer = text.rstrip("\n").split("\n")
    assert header.split() == [
        "state",
        "stateLabel",
        "leader",
        "leaderLabel",
        "role",
        "post",
        "postLabel",
    ]
    assert row.startswith("gbd:state/UKR")
    assert header.index("leader ") == row.index("gbd:person/volodymyr-zelensky")
    assert set(rule) == {"-", " "} and footer == "(1 row)"


def test_every_named_query_gives_the_same_answer_on_oxigraph(graph):
    """The queries run natively in Oxigraph (text, not rdflib's algebra) with the same rows."""
    store = pytest.importorskip("graphbuild.graph.store")
    oxigraph = store.open_graph("oxigraph")
    store.load_into(oxigraph, FIXTURE)
    params = {"timeline": {"a": "Trump", "b": "Zelensky"}, "meetings": {"actor": "Zelensky"}}
    for query in list_queries():
        given = params.get(query.name, {})
        ours, theirs = run_query(graph, query, given), run_query(oxigraph, query, given)
        if ours.kind == "CONSTRUCT":
            assert isomorphic(ours.graph, theirs.graph), query.name
        else:
            assert (ours.rows, ours.boolean) == (theirs.rows, theirs.boolean), query.name
    with pytest.raises(UnsafeQueryError):
        run_query(oxigraph, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", {})


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=60))
def test_any_literal_parameter_only_filters(graph, text):
    """Whatever a literal parameter holds, it is one value: no rows beyond that family's."""
    rows = run_query(graph, "most-reported", {"family": text}).rows
    families = {"POST_IN", "MEMBER_OF", "LEADS", "COOPERATE", "SUPPORT", "OPPOSE", "ATTACK"}
    if text not in families:
        assert rows == ()


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml"])
def test_a_lone_surrogate_cannot_be_written_and_says_so(graph, fmt):
    result = run_query(graph, 'SELECT ?x WHERE { BIND("Macron \\uD800" AS ?x) }')
    with pytest.raises(QueryError, match=f"cannot write the result as {fmt}: "):
        format_result(result, fmt)


# --- paging --------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
def test_pages_of_every_listing_query_put_together_are_its_answer(graph, backend):
    from graphbuild.graph import store

    source = (
        graph if backend == "rdflib" else store.load_into(store.open_graph("oxigraph"), FIXTURE)
    )
    for query in list_queries():
        if any(p.required for p in query.params):
            continue
        whole = run_query(source, query, {})
        if whole.kind != "SELECT" or len(whole.rows) < 3:
            continue
        pages, offset = [], 0
        while True:
            page = run_query(source, query, {}, limit=2, offset=offset)
            pages.extend(page.rows)
            offset += 2
            assert page.truncated == (offset < len(whole.rows)), query.name
            if not page.truncated:
                break
        assert pages == list(whole.rows), query.name
    past = run_query(source, "evidence", {}, limit=5, offset=10_000)
    assert past.rows == () and not past.truncated


def test_a_page_of_a_construct_is_part_of_its_graph(graph):
    whole = run_query(graph, "neighbourhood", {"actor": "Putin"})
    page = run_query(graph, "neighbourhood", {"actor": "Putin"}, limit=3, offset=1)
    assert page.graph is not None and whole.graph is not None
    assert len(page.graph) == 3 and set(page.graph) <= set(whole.graph) and page.truncated


def test_negative_paging_is_a_query_error(graph):
    with pytest.raises(QueryError, match="at least 0"):
        run_query(graph, "evidence", {}, offset=-1)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A 20,000-triple synthetic graph on Oxigraph (many ties in the listing queries' sort keys)
    and parameters drawn from it as the benchmark draws them."""
    from benchmarks.bench_graph import choose_params
    from benchmarks.synthgraph import write_graph
    from graphbuild.graph import store

    path = tmp_path_factory.mktemp("synthetic") / "graph.nt"
    write_graph(path, 20_000)
    return store.load_into(store.open_graph("oxigraph"), path), choose_params(path)


@pytest.mark.parametrize(
    "name", ["timeline", "speaker-statements", "meetings", "evidence", "contradictions"]
)
def test_a_page_asked_of_oxigraph_is_that_slice_of_the_whole_answer(synthetic, name):
    from graphbuild.serve.queries import _can_slice, prepare_query

    source, values = synthetic
    query = next(q for q in list_queries() if q.name == name)
    assert _can_slice(prepare_query(query.text))  # the page is asked of the engine
    params = {p.name: values[p.name] for p in query.params if p.name in values}
    if name == "evidence":  # everything said about the busiest actor, not one edge
        params = {"actor": values["actor"]}
    whole = run_query(source, query, params)
    assert len(whole.rows) > 10, name
    for offset, limit in ((0, 7), (5, 7), (len(whole.rows) - 3, 7), (len(whole.rows), 2)):
        page = run_query(source, query, params, limit=limit, offset=offset)
        assert page.rows == whole.rows[offset : offset + limit], (name, offset)
        assert page.truncated == (offset + limit < len(whole.rows)), (name, offset)


def test_a_query_that_cannot_be_sliced_is_paged_after_it_runs():
    from graphbuild.graph import store
    from graphbuild.serve.queries import _can_slice, prepare_query

    source = store.load_into(store.open_graph("oxigraph"), FIXTURE)
    own_limit = next(q for q in list_queries() if q.name == "most-reported")
    assert not _can_slice(prepare_query(own_limit.text))
    trailing = (
        "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
        " ORDER BY ?label ?s VALUES ?x { 1 }"
    )
    assert _can_slice(prepare_query(trailing))  # a LIMIT after VALUES: Oxigraph refuses it
    whole = run_query(source, trailing, {})
    page = run_query(source, trailing, {}, limit=4, offset=2)
    assert page.rows == whole.rows[2:6] and page.truncated
