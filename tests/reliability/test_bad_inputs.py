"""The bad-input matrix: every command given what an adversarial user would give it.

Each case runs `graphbuild.cli.main(argv)` in-process and asserts what issue 14 asks of a failed
run: exactly one line on stderr (no traceback), exit status 1 for a failed run or 2 for bad usage,
nothing on stdout, no output file left behind, and every file that was there before unchanged.
A few cases run as real processes, to show that no traceback escapes at the process level.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from graphbuild import limits
from graphbuild.cli import main

DATA = Path(__file__).resolve().parent.parent / "data"
TRIPLE = "<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n"
GOOD_TEXT = (
    "Keir Starmer met Emmanuel Macron in Paris on Monday. The two leaders discussed Ukraine.\n"
)


def _laughs(levels: int) -> str:
    entities = ['<!ENTITY l0 "lol">']
    entities += [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, levels + 1)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:ex="https://example.org/"><rdf:Description rdf:about="https://example.org/a">'
        f"<ex:p>&l{levels};</ex:p></rdf:Description></rdf:RDF>\n"
    )


# name -> content of the files every case may read (bytes, or None for a folder).
FILES: dict[str, bytes | None] = {
    # graphs
    "empty.ttl": b"",
    "blank.ttl": b" \n\t\n",
    "binary.ttl": b"\x00\x01\x02\xff" * 64,
    "latin1.ttl": '<https://example.org/a> <https://example.org/p> "café" .\n'.encode("latin-1"),
    "malformed.ttl": b"@prefix ex: <https://example.org/> .\nex:a ex:p .\n",
    "malformed.nt": b"<https://example.org/a> <https://example.org/p> oops .\n",
    "malformed.nq": b"<https://example.org/a> <https://example.org/p> <x:o> <x:g> <x:extra> .\n",
    "malformed.trig": b"<https://example.org/g> { <https://example.org/a> <https://e.org/p> \n",
    "malformed.rdf": b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"><unclosed></rdf:RDF>',
    "laughs.rdf": _laughs(9).encode(),
    "external-entity.rdf": _laughs(1)
    .replace('<!ENTITY l0 "lol">', '<!ENTITY l0 SYSTEM "file:///etc/passwd">')
    .encode(),
    "malformed.jsonld": b'{"@id": "https://example.org/a", ',
    "remote-context.jsonld": b'{"@context": "https://schema.org/", "@id": "https://e.org/a"}',
    "deep.jsonld": b"[" * 100_000 + b"]" * 100_000,
    "malformed.n3": b"@prefix : <#> . :a :b ",
    "graph.xyz": TRIPLE.encode(),
    "graph": TRIPLE.encode(),
    "folder.ttl": None,
    "not-a-store": None,
    "store-file": b"not a store\n",
    "good.nt": TRIPLE.encode(),
    # texts
    "empty.txt": b"",
    "blank.txt": b"\n \n",
    "binary.txt": b"PK\x03\x04\x00\x00" + bytes(range(256)),
    "latin1.txt": "Le président Macron a rencontré Keir Starmer à Paris.\n".encode("latin-1"),
    "furniture.txt": b"Advertisement\n\nShare this article\n",
    "good.txt": GOOD_TEXT.encode(),
    "no-inputs": None,
    "malformed.jsonl": b'{"id": "a", "text": "Keir Starmer met Macron."\n',
    "array.jsonl": b'["a", "b"]\n',
    "no-id.jsonl": b'{"text": "Keir Starmer met Macron."}\n',
    "no-text.jsonl": b'{"id": "a"}\n',
    "duplicate.jsonl": b'{"id": "a", "text": "Starmer spoke."}\n{"id": "a", "text": "Again."}\n',
    "bad-date.jsonl": b'{"id": "a", "text": "Starmer spoke.", "date": "last Tuesday"}\n',
    "deep.jsonl": b"[" * 100_000 + b"\n",
    # queries
    "malformed.rq": b"SELECT ?s WHERE { ?s ?p \n",
    "empty.rq": b"",
    "binary.rq": b"\x00\xff\x00SELECT",
    "required.rq": b"# param: who (iri, required) - someone\nSELECT ?p WHERE { ?who ?p ?o }\n",
    "update.rq": b"INSERT DATA { <https://e.org/a> <https://e.org/p> <https://e.org/b> }\n",
    # gold
    "empty-gold.jsonl": b"",
    "malformed-gold.jsonl": b'{"doc": "a", "subject": \n',
    "not-object-gold.jsonl": b"42\n",
    "gold.jsonl": json.dumps(
        {"doc": "good", "s": "Keir Starmer", "rel": "COOPERATE", "o": "Emmanuel Macron"}
    ).encode()
    + b"\n",
}
TOO_LARGE = "too-large.txt"  # sparse, one byte past the input limit
BIG_LITERAL = "big-literal.nt"  # a literal past Oxigraph's 16 MiB buffer


@dataclass(frozen=True)
class Case:
    """argv with {A} for the arena (fixture files), {O} for a fresh output folder, {S} for the
    loaded store (oxigraph:PATH); the exit status; text the error line must hold; stdin bytes."""

    id: str
    argv: tuple[str, ...]
    status: int
    says: str = ""
    stdin: bytes | None = None


def case(id: str, args: str, status: int = 1, says: str = "", stdin: bytes | None = None) -> Case:
    return Case(id, tuple(shlex.split(args)), status, says, stdin)


BAD_GRAPHS = {
    "empty": ("{A}/empty.ttl", "empty"),
    "blank": ("{A}/blank.ttl", "empty"),
    "binary": ("{A}/binary.ttl", "binary"),
    "latin1": ("{A}/latin1.ttl", "UTF-8"),
    "turtle": ("{A}/malformed.ttl", "malformed turtle"),
    "ntriples": ("{A}/malformed.nt", "malformed nt"),
    "nquads": ("{A}/malformed.nq", "malformed nquads"),
    "trig": ("{A}/malformed.trig", "malformed trig"),
    "rdfxml": ("{A}/malformed.rdf", "malformed xml"),
    "laughs": ("{A}/laughs.rdf", "entities expand"),
    "xxe": ("{A}/external-entity.rdf", "external entity"),
    "jsonld": ("{A}/malformed.jsonld", "malformed json-ld"),
    "remote-context": ("{A}/remote-context.jsonld", "remote context"),
    "deep-jsonld": ("{A}/deep.jsonld", "json-ld"),
    "n3": ("{A}/malformed.n3", "malformed n3"),
    "big-literal": ("{A}/" + BIG_LITERAL, "longer than 16 MiB"),
    "unknown-suffix": ("{A}/graph.xyz", "unknown RDF format"),
    "no-suffix": ("{A}/graph", "unknown RDF format"),
    "folder": ("{A}/folder.ttl", "folder.ttl"),
    "missing": ("{A}/missing.ttl", "missing.ttl"),
    "missing-store": ("oxigraph:{A}/no-store", "no oxigraph store"),
    "not-a-store": ("oxigraph:{A}/not-a-store", "not an oxigraph store"),
    "store-is-a-file": ("oxigraph:{A}/store-file", "not a directory"),
}
READERS = {
    "query": "query {g} leaders",
    "stats": "stats {g}",
    "validate": "validate {g}",
    "export": "export {g} --format ntriples -o {O}/out.nt",
    "viz": "viz {g} -o {O}/page.html",
}

CASES: list[Case] = [
    case(f"{command}-{name}", template.format(g=graph, O="{O}"), 1, says)
    for command, template in READERS.items()
    for name, (graph, says) in BAD_GRAPHS.items()
]

STDIN_GRAPHS = {
    "empty": (b"", "empty"),
    "binary": (b"\x00\x01garbage", "binary"),
    "malformed": (b"<https://e.org/a> oops", "malformed turtle"),
}
CASES += [
    case(f"{command}-stdin-{name}", template.format(g="-", O="{O}"), 1, says, stdin=data)
    for command, template in (("query", READERS["query"]), ("stats", READERS["stats"]))
    for name, (data, says) in STDIN_GRAPHS.items()
]

GOOD = "{A}/good.nt"
CASES += [
    # load: every bad file leaves the store as it was
    *(
        case(f"load-{name}", f"load {graph} --store {{S}}", 1, Path(graph).name)
        for name, (graph, _) in BAD_GRAPHS.items()
        if not graph.startswith("oxigraph:") and name not in ("folder",)
    ),
    case("load-folder", "load {A}/folder.ttl --store {S}", 1, "folder"),
    case("load-good-then-bad", f"load {GOOD} {{A}}/malformed.nt --store {{S}}", 1, "line"),
    case("load-store-is-a-file", f"load {GOOD} --store oxigraph:{{A}}/store-file", 1, "store-file"),
    case("load-memory-store", f"load {GOOD} --store memory", 2, "oxigraph:PATH"),
    case("load-sqlite-store", f"load {GOOD} --store sqlite:x", 2, "oxigraph:PATH"),
    case("load-no-store", f"load {GOOD}", 2, "--store"),
    case("load-no-files", "load --store {S}", 2, "FILE"),
    # query: the query itself
    case("query-malformed-inline", "query {S} 'SELECT ?s WHERE { ?s'", 1, "malformed"),
    case("query-malformed-file", "query {S} {A}/malformed.rq", 1, "malformed"),
    case("query-empty-file", "query {S} {A}/empty.rq", 1, "empty"),
    case("query-binary-file", "query {S} {A}/binary.rq", 1, "binary.rq"),
    case("query-update-file", "query {S} {A}/update.rq", 1, "Update"),
    case("query-update-inline", "query {S} 'DROP ALL'", 1, "Update"),
    case("query-service", "query {S} 'SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }'", 1),
    case("query-bad-date-param", "query {S} meetings --param since=yesterday", 1, "date"),
    case("query-unknown-name", "query {S} no-such-query", 1, "no named query"),
    case("query-missing-file", "query {S} {A}/missing.rq", 1, "no such query file"),
    case("query-text-is-folder", "query {S} {A}/folder.ttl", 1, "folder.ttl"),
    case("query-bad-param", "query {S} leaders --param nonsense", 2, "name=value"),
    case("query-undeclared-param", "query {S} leaders --param who=x", 1, "who"),
    case("query-missing-param", "query {S} {A}/required.rq", 1, "needs parameter"),
    case("query-bad-format", "query {S} leaders --format yaml", 2, "--format"),
    case("query-bad-timeout", "query {S} leaders --timeout soon", 2, "--timeout"),
    case("query-negative-timeout", "query {S} leaders --timeout -5", 2, "--timeout"),
    case("query-output-folder", "query {S} leaders -o {A}/folder.ttl", 1, "folder.ttl"),
    case("query-output-under-file", "query {S} leaders -o {A}/good.nt/out.csv", 1, "good.nt"),
    case("query-no-query", "query {S}", 2, "QUERY"),
    case("query-no-args", "query", 2, "GRAPH"),
    case("query-bad-option", "query {S} leaders --bogus", 2, "--bogus"),
    # build: bad inputs fail before the model is loaded, and write nothing
    *(
        case(f"build-{name}", f"build {{A}}/{file} -o {{O}}/out -q", 1, says)
        for name, file, says in (
            ("empty", "empty.txt", "empty"),
            ("blank", "blank.txt", "empty"),
            ("binary", "binary.txt", "binary"),
            ("latin1", "latin1.txt", "UTF-8"),
            ("furniture-only", "furniture.txt", "no article text"),
            ("too-large", TOO_LARGE, "too large"),
            ("missing", "missing.txt", "no such file"),
            ("no-inputs-in-folder", "no-inputs", "holds no"),
            ("jsonl-malformed", "malformed.jsonl", "malformed JSON"),
            ("jsonl-array", "array.jsonl", "JSON object"),
            ("jsonl-no-id", "no-id.jsonl", "'id'"),
            ("jsonl-no-text", "no-text.jsonl", "'text'"),
            ("jsonl-duplicate", "duplicate.jsonl", "duplicate id"),
            ("jsonl-bad-date", "bad-date.jsonl", "ISO 8601"),
            ("jsonl-deep", "deep.jsonl", "JSON"),
            ("empty-folder", "folder.ttl", "holds no"),
        )
    ),
    case("build-stdin-empty", "build - -o {O}/out -q", 1, "empty", stdin=b""),
    case("build-stdin-binary", "build - -o {O}/out -q", 1, "binary", stdin=b"\x00\x00abc"),
    case("build-stdin-latin1", "build - -o {O}/out -q", 1, "UTF-8", stdin="é".encode("latin-1")),
    case("build-unknown-model", "build {A}/good.txt -o {O}/out --model xx_none", 1, "xx_none"),
    case("build-output-is-file", "build {A}/good.txt -o {A}/good.nt -q", 1, "good.nt"),
    case("build-into-malformed", "build {A}/good.txt --into {A}/malformed.ttl -q", 1, "malformed"),
    case("build-into-binary", "build {A}/good.txt --into {A}/binary.ttl -q", 1, "binary"),
    case(
        "build-into-not-a-store",
        "build {A}/good.txt --store oxigraph:{A}/store-file",
        1,
        "store-file",
    ),
    case("build-no-output", "build {A}/good.txt", 2, "-o OUTDIR"),
    case("build-into-and-store", "build {A}/good.txt --into x.ttl --store {S}", 2, ""),
    case("build-unknown-store", "build {A}/good.txt -o {O}/out --store sqlite:x", 2, "sqlite"),
    case("build-jobs-zero", "build {A}/good.txt -o {O}/out --jobs 0", 2, "--jobs"),
    case("build-jobs-word", "build {A}/good.txt -o {O}/out --jobs many", 2, "--jobs"),
    case("build-batch-zero", "build {A}/good.txt -o {O}/out --batch-size 0", 2, "--batch-size"),
    case("build-page-limit-zero", "build {A}/good.txt -o {O}/out --page-limit 0", 2, "limit"),
    case("build-bad-base", "build {A}/good.txt -o {O}/out --base not-an-iri", 2, "--base"),
    case("build-no-inputs", "build -o {O}/out", 2, "INPUT"),
    case("build-bad-option", "build {A}/good.txt -o {O}/out --bogus", 2, "--bogus"),
    # viz, stats, export, validate: their own options
    case("viz-hops-zero", f"viz {GOOD} -o {{O}}/p.html --hops 0", 2, "--hops"),
    case("viz-min-sources-word", f"viz {GOOD} -o {{O}}/p.html --min-sources x", 2, "--min"),
    case("viz-bad-since", f"viz {GOOD} -o {{O}}/p.html --since yesterday", 1, "yesterday"),
    case("viz-unknown-family", f"viz {GOOD} -o {{O}}/p.html --family FRIENDS", 1, "FRIENDS"),
    case("viz-no-output", f"viz {GOOD}", 2, "--output"),
    case("viz-output-folder", f"viz {GOOD} -o {{A}}/folder.ttl", 1, "folder.ttl"),
    case("viz-output-under-file", f"viz {GOOD} -o {{A}}/good.txt/p.html", 1, "good.txt"),
    case("stats-top-zero", f"stats {GOOD} --top 0", 2, "--top"),
    case("stats-no-graph", "stats", 2, "GRAPH"),
    case("export-bad-format", f"export {GOOD} --format yaml -o {{O}}/x", 2, "--format"),
    case("export-no-output", f"export {GOOD} --format turtle", 2, "--output"),
    case("export-no-format", f"export {GOOD} -o {{O}}/x.ttl", 2, "--format"),
    case("export-output-folder", f"export {GOOD} --format turtle -o {{A}}/folder.ttl", 1, "folder"),
    case("export-output-under-file", f"export {GOOD} --format turtle -o {{A}}/good.txt/x", 1, ""),
    case("validate-bad-option", f"validate {GOOD} --strict", 2, "--strict"),
    # evaluate
    case("evaluate-missing-gold", "evaluate {A}/missing-gold.jsonl {A}/good.txt", 1, "missing"),
    case("evaluate-empty-gold", "evaluate {A}/empty-gold.jsonl {A}/good.txt", 1, "empty"),
    case("evaluate-malformed-gold", "evaluate {A}/malformed-gold.jsonl {A}/good.txt", 1, "JSON"),
    case("evaluate-gold-not-object", "evaluate {A}/not-object-gold.jsonl {A}/good.txt", 1, ""),
    case("evaluate-binary-gold", "evaluate {A}/binary.txt {A}/good.txt", 1, "binary"),
    case("evaluate-binary-input", "evaluate {A}/gold.jsonl {A}/binary.txt", 1, "binary"),
    case("evaluate-missing-input", "evaluate {A}/gold.jsonl {A}/missing.txt", 1, "missing"),
    case("evaluate-no-inputs", "evaluate {A}/gold.jsonl", 2, "INPUT"),
    case("evaluate-max-items-word", "evaluate {A}/gold.jsonl {A}/good.txt --max-items x", 2),
    # serve: argument errors, and graphs refused before anything listens
    case("serve-no-graph", "serve", 2, "GRAPH"),
    case("serve-port-word", f"serve {GOOD} --port http", 2, "--port"),
    case("serve-bad-option", f"serve {GOOD} --tls", 2, "--tls"),
    case("serve-missing-graph", "serve {A}/missing.ttl", 1, "missing.ttl"),
    case("serve-missing-store", "serve oxigraph:{A}/no-store", 1, "no oxigraph store"),
    case("serve-malformed-graph", "serve {A}/malformed.ttl", 1, "malformed"),
    # queries, demo, the command itself
    case("queries-extra-argument", "queries leaders", 2, "unrecognized"),
    case("queries-bad-option", "queries --all", 2, "--all"),
    case("demo-unknown-model", "demo -o {O}/demo --model xx_none", 1, "xx_none"),
    case("demo-output-is-file", "demo -o {A}/good.txt", 1, "good.txt"),
    case("demo-bad-option", "demo --fast", 2, "--fast"),
    case("no-command", "", 2, "COMMAND"),
    case("unknown-command", "frobnicate", 2, "frobnicate"),
    case("bad-global-option", "--verbose stats x", 2, "--verbose"),
]
assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"


# --- the arena ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def arena(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of the files above, a sparse too-large text and a loaded store ({S})."""
    root = tmp_path_factory.mktemp("arena")
    for name, content in FILES.items():
        if content is None:
            (root / name).mkdir()
        else:
            (root / name).write_bytes(content)
    shutil.copy(DATA / "fixture_graph.ttl", root / "graph.ttl")
    with (root / TOO_LARGE).open("wb") as handle:  # sparse: no 20 MB written
        handle.truncate(20_000_001)
    literal = "x" * (limits.MAX_TERM_BYTES + 1)
    (root / BIG_LITERAL).write_text(f'<https://e.org/a> <https://e.org/p> "{literal}" .\n')
    assert main(["load", str(root / "graph.ttl"), "--store", f"oxigraph:{root / 'store'}"]) == 0
    return root


class _Digests:
    """sha256 of every file under a folder, rehashed only when a file's stat changes."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, int, int, int], str] = {}

    def snapshot(self, root: Path, skip: Path) -> dict[str, str]:
        found: dict[str, str] = {}
        for folder, dirs, files in os.walk(root):
            if Path(folder) == skip.parent:
                dirs[:] = [d for d in dirs if Path(folder, d) != skip]
            for name in files:
                path = Path(folder, name)
                info = path.stat()
                key = (str(path), info.st_size, info.st_mtime_ns, info.st_ino)
                digest = self._known.get(key)
                if digest is None:
                    digest = self._known[key] = hashlib.sha256(path.read_bytes()).hexdigest()
                found[str(path.relative_to(root))] = digest
            found.update({str(Path(folder, d).relative_to(root)) + "/": "" for d in dirs})
        return found


DIGESTS = _Digests()


def _argv(c: Case, arena: Path, out: Path) -> list[str]:
    store = f"oxigraph:{arena / 'store'}"
    return [
        part.replace("{A}", str(arena)).replace("{O}", str(out)).replace("{S}", store)
        for part in c.argv
    ]


def _install_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes | None) -> None:
    stream = io.TextIOWrapper(io.BytesIO(data if data is not None else b""), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stream)


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_bad_input_gets_one_line_and_damages_nothing(
    c: Case,
    arena: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    store = arena / "store"
    before = DIGESTS.snapshot(arena, skip=store)
    _install_stdin(monkeypatch, c.stdin)
    capsys.readouterr()
    try:
        status = main(_argv(c, arena, out))
    except SystemExit as exc:  # argparse's usage errors
        status = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    assert lines[0].startswith("graphbuild"), lines[0]
    assert c.says in lines[0], lines[0]
    assert status == c.status, lines[0]
    assert captured.out == "", "a failed run printed output"
    assert list(out.iterdir()) == [], "a failed run left output behind"
    assert DIGESTS.snapshot(arena, skip=store) == before, "a failed run changed existing files"


def test_the_store_keeps_its_triples_through_the_matrix(
    arena: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Runs after the matrix (file order): no bad load added to or removed from the store."""
    from rdflib import Graph

    expected = len(Graph().parse(arena / "graph.ttl"))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    capsys.readouterr()
    assert main(["query", f"oxigraph:{arena / 'store'}", count, "--format", "csv"]) == 0
    assert capsys.readouterr().out.split() == ["n", str(expected)]


def test_the_matrix_covers_every_command_and_130_cases() -> None:
    commands = {c.argv[0] for c in CASES if c.argv and not c.argv[0].startswith("-")}
    assert commands >= {
        "build",
        "load",
        "query",
        "queries",
        "serve",
        "viz",
        "stats",
        "validate",
        "export",
        "evaluate",
        "demo",
    }
    assert len(CASES) >= 130


# --- as real processes -------------------------------------------------------------------------

PROCESS_CASES = [
    "stats-laughs",
    "load-big-literal",
    "query-malformed-inline",
    "build-binary",
    "serve-port-word",
    "query-stdin-binary",
]


@pytest.mark.parametrize("name", PROCESS_CASES)
def test_no_traceback_escapes_a_real_process(name: str, arena: Path, tmp_path: Path) -> None:
    [c] = [c for c in CASES if c.id == name]
    done = subprocess.run(
        [sys.executable, "-m", "graphbuild", *_argv(c, arena, tmp_path)],
        input=c.stdin or b"",
        capture_output=True,
        timeout=120,
    )
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == c.status, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert done.stdout == b""


def test_stdin_and_stdout_as_dash(arena: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`-` reads a graph from stdin and writes query, export and viz output to stdout."""
    turtle = (arena / "graph.ttl").read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "graphbuild", "query", "-", "leaders", "--format", "json"],
        input=turtle,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["results"]["bindings"]
    assert any(row["leaderLabel"]["value"] == "Emmanuel Macron" for row in rows)
    graph = str(arena / "graph.ttl")
    assert main(["export", graph, "--format", "ntriples", "-o", "-"]) == 0
    exported = capsys.readouterr().out
    assert exported.count(" .\n") > 100 and "wrote" not in exported
    assert main(["viz", graph, "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert main(["query", graph, "leaders", "-o", "-", "--format", "csv"]) == 0
    assert "Emmanuel Macron" in capsys.readouterr().out
