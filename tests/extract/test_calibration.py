"""Confidence calibration: fitting, the validated table, its use at extraction, build and page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph

from graphbuild.cli import main
from graphbuild.errors import InputError
from graphbuild.evaluate import format_report, parse_gold, score
from graphbuild.extract.calibration import (
    IDENTITY,
    POOLED,
    Bin,
    Calibration,
    at_least,
    fit,
    format_table,
    load_calibration,
    read_calibration,
    render,
    table,
)
from graphbuild.extract.pipeline import extract_documents
from graphbuild.records import Document, Family
from graphbuild.serve.viz import render_page

FIXTURE = Path(__file__).parents[1] / "data" / "viz_fixture.ttl"
HEADER = "family,raw_from,raw_to,count,correct,confidence\n"


def _points(family: Family, raw: float, right: int, wrong: int) -> list[tuple[Family, float, bool]]:
    return [(family, raw, True)] * right + [(family, raw, False)] * wrong


def test_fit_is_isotonic_and_smoothed_towards_the_share() -> None:
    points = (
        _points(Family.OPPOSE, 0.5, 6, 4)
        + _points(Family.OPPOSE, 0.7, 5, 5)  # below 0.5's share: pooled with it
        + _points(Family.OPPOSE, 0.85, 19, 1)
    )
    calibration = fit(points, min_points=20)
    oppose = [b for b in calibration.bins if b.family == "OPPOSE"]
    assert [(b.raw_from, b.raw_to, b.count, b.correct) for b in oppose] == [
        (0.5, 0.7, 20, 11),
        (0.85, 0.85, 20, 19),
    ]
    share = 30 / 40
    prior = (share * 40 + 2 * share) / 42
    assert oppose[0].confidence == round((11 + 2 * prior) / 22, 3)
    assert oppose[0].confidence < oppose[1].confidence < 19 / 20
    assert calibration.confidence(Family.OPPOSE, 0.6) == oppose[0].confidence
    assert calibration.confidence(Family.OPPOSE, 0.9) == oppose[1].confidence
    assert calibration.confidence(Family.OPPOSE, 0.3) == oppose[0].confidence  # below the table


def test_families_with_few_facts_use_the_pooled_table() -> None:
    calibration = fit(_points(Family.OPPOSE, 0.8, 30, 10) + _points(Family.ATTACK, 0.8, 3, 0))
    assert {b.family for b in calibration.bins} == {POOLED, "OPPOSE"}
    pooled = calibration.confidence(POOLED, 0.8)
    assert (
        calibration.confidence(Family.ATTACK, 0.8)
        == pooled
        != calibration.confidence(Family.OPPOSE, 0.8)
    )
    assert IDENTITY.confidence(Family.ATTACK, 0.42) == 0.42


@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(Family)),
            st.sampled_from([0.3, 0.45, 0.55, 0.6, 0.7, 0.75, 0.85, 0.9]),
            st.booleans(),
        ),
        min_size=1,
        max_size=80,
    )
)
def test_any_fit_is_monotone_and_reads_back(points: list[tuple[Family, float, bool]]) -> None:
    calibration = fit(points, min_points=5)
    for family in (*Family, POOLED):
        values = [calibration.confidence(family, raw / 100) for raw in range(0, 101, 5)]
        assert values == sorted(values)
        assert all(0.0 <= v <= 1.0 for v in values)
    assert read_calibration_text(render(calibration, ["a header"])).bins == calibration.bins


def read_calibration_text(text: str) -> Calibration:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "calibration.csv"
        path.write_text(text, encoding="utf-8")
        return read_calibration(path)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("", "empty"),
        ("family,raw,confidence\nOPPOSE,0.5,0.6\n", "header must be"),
        (HEADER + "GOSSIP,0.1,0.2,3,1,0.5\n", "unknown family"),
        (HEADER + "OPPOSE,0.1,0.2,3,1,1.5\n", "outside [0, 1]"),
        (HEADER + "OPPOSE,0.3,0.2,3,1,0.5\n", "above raw_to"),
        (HEADER + "OPPOSE,0.1,0.2,3,4,0.5\n", "more than count"),
        (HEADER + "OPPOSE,0.1,0.2,3,1,x\n", "not a number"),
        (HEADER + "OPPOSE,0.1,0.2,3,1\n", "expected 6 columns"),
        (HEADER + "OPPOSE,0.1,0.4,3,1,0.5\nOPPOSE,0.3,0.6,3,1,0.6\n", "overlaps"),
        (HEADER + "OPPOSE,0.1,0.2,3,1,0.7\nOPPOSE,0.3,0.6,3,1,0.6\n", "must not score lower"),
    ],
)
def test_bad_tables_are_refused_with_file_and_line(tmp_path: Path, rows: str, message: str) -> None:
    path = tmp_path / "calibration.csv"
    path.write_text("# comment\n" + rows, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)) as info:
        read_calibration(path)
    assert str(path) in str(info.value)


def test_the_cache_fingerprint_covers_the_table(nlp, tmp_path: Path) -> None:
    import shutil

    from graphbuild.builder.cache import fingerprint
    from graphbuild.resources import ONTOLOGY_DIR

    vocabulary = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY_DIR, vocabulary)
    before = fingerprint(nlp, vocabulary=vocabulary)
    assert before == fingerprint(nlp)
    table_ = vocabulary / "calibration.csv"
    table_.write_text(table_.read_text(encoding="utf-8") + "# refitted\n", encoding="utf-8")
    assert fingerprint(nlp, vocabulary=vocabulary) != before


def test_the_installed_table_loads_and_raises_no_confidence_above_one() -> None:
    calibration = load_calibration()
    assert calibration.bins and calibration is load_calibration()
    assert any(b.family == POOLED for b in calibration.bins)
    for family in Family:
        assert 0.0 < calibration.confidence(family, 0.05) <= calibration.confidence(family, 1.0)


TEXT = (
    "Chancellor Friedrich Merz met Emmanuel Macron in Berlin on Monday. "
    "Russia attacked Ukraine with drones overnight."
)
DOC = Document(id="cal-1", text=TEXT)


def test_extraction_applies_the_table_to_every_statement(nlp) -> None:
    raw = next(extract_documents([DOC], nlp, calibration=IDENTITY)).statements
    table_ = Calibration(
        (
            Bin(POOLED, 0.0, 0.7, 10, 3, 0.3),
            Bin(POOLED, 0.71, 1.0, 10, 9, 0.9),
        )
    )
    calibrated = next(extract_documents([DOC], nlp, calibration=table_)).statements
    assert raw and len(raw) == len(calibrated)
    for before, after in zip(raw, calibrated, strict=True):
        assert after.confidence == (0.3 if before.confidence <= 0.7 else 0.9)
        assert (before.subject, before.relation, before.object) == (
            after.subject,
            after.relation,
            after.object,
        )


def test_min_confidence_leaves_out_statements_below_it(nlp) -> None:
    table_ = Calibration((Bin("COOPERATE", 0.0, 1.0, 5, 2, 0.4), Bin(POOLED, 0.0, 1.0, 5, 5, 0.95)))
    kept = next(extract_documents([DOC], nlp, calibration=table_, min_confidence=0.5)).statements
    assert kept and {s.family for s in kept} == {Family.ATTACK}
    everything = next(extract_documents([DOC], nlp, calibration=table_)).statements
    assert {s.family for s in everything} == {Family.COOPERATE, Family.ATTACK}
    result = next(extract_documents([DOC], nlp, calibration=table_))
    assert at_least(result, 0.0) is result
    assert at_least(result, 1.0).statements == ()


def test_evaluate_prints_the_calibration_table(nlp) -> None:
    gold = parse_gold(
        json.dumps(
            {"doc": "cal-1", "s": "Russia", "rel": "ATTACK", "o": "Ukraine", "s_aliases": []}
        )
        + "\n"
        + json.dumps({"doc": "cal-1", "s": "Merz", "rel": "COOPERATE", "o": "Emmanuel Macron"}),
        where="gold",
    )
    statements = next(extract_documents([DOC], nlp)).statements
    report = score(statements, gold)
    judged = {p.family: right for p, right in report.judged}
    assert judged == {Family.ATTACK: True, Family.COOPERATE: False}  # "Merz" is not his name
    text = format_report(report)
    assert "Calibration: asserted facts by confidence" in text
    rows = table((p.confidence, right) for p, right in report.judged)
    assert (rows[0].at_least_count, rows[0].at_least_correct) == (2, 1)
    assert format_table(rows) in text


def test_table_bins_and_shares_at_or_above_each_edge() -> None:
    rows = table([(0.95, True), (0.92, False), (0.85, True), (0.55, False), (1.0, True)])
    by_low = {row.low: row for row in rows}
    assert (by_low[0.9].count, by_low[0.9].correct) == (3, 2)
    assert (by_low[0.8].at_least_count, by_low[0.8].at_least_correct) == (4, 3)
    assert by_low[0.5].at_least_share == 3 / 5
    assert by_low[0.7].count == 0 and "    -" in format_table(rows)


def test_build_min_confidence_drops_statements_from_every_output(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    source.write_text(TEXT + "\n", encoding="utf-8")
    low, high = tmp_path / "low", tmp_path / "high"
    assert main(["build", str(source), "-o", str(low), "-q", "--no-cache"]) == 0
    assert (
        main(["build", str(source), "-o", str(high), "-q", "--no-cache", "--min-confidence", "1"])
        == 0
    )
    rows = [json.loads(line) for line in (low / "statements.jsonl").read_text().splitlines()]
    assert rows and all(r["confidence"] < 1 for r in rows)
    assert (high / "statements.jsonl").read_text() == ""
    confidences = re.compile(r"gb:confidence\s+\"?[0-9.]")
    assert confidences.search((low / "graph.ttl").read_text())
    assert not confidences.search((high / "graph.ttl").read_text())


def test_build_refuses_a_min_confidence_outside_zero_to_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["build", str(tmp_path), "-o", str(tmp_path / "o"), "--min-confidence", "1.5"])
    assert info.value.code == 2
    assert "must be between 0 and 1" in capsys.readouterr().err


def test_page_hides_statements_below_min_confidence(tmp_path: Path) -> None:
    graph = Graph().parse(FIXTURE, format="turtle")
    every = json.loads(_graph_data(render_page(graph)))["edges"]
    confident = render_page(graph, min_confidence=0.82)
    shown = json.loads(_graph_data(confident))["edges"]
    assert 0 < len(shown) < len(every)
    assert "confidence at least 0.82" in confident
    page = tmp_path / "page.html"
    assert main(["viz", str(FIXTURE), "-o", str(page), "--min-confidence", "0.82"]) == 0
    assert json.loads(_graph_data(page.read_text()))["edges"] == shown


def _graph_data(page: str) -> str:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert match
    return match.group(1)


def test_fit_command_writes_a_table_that_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from graphbuild.extract.calibration import main as calibration_main

    news = tmp_path / "cal-1.txt"
    news.write_text(TEXT + "\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"doc": "cal-1", "s": "Russia", "rel": "ATTACK", "o": "Ukraine"}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "calibration.csv"
    assert calibration_main(["fit", "--set", str(gold), str(news), "-o", str(out)]) == 0
    fitted = read_calibration(out)
    assert [(b.family, b.count, b.correct) for b in fitted.bins] == [(POOLED, 1, 1)]
    assert f"fit --set {gold} {news}" in out.read_text(encoding="utf-8")
    assert "Calibration: asserted facts by confidence" in capsys.readouterr().out
    assert calibration_main(["fit", "--set", str(gold), "-o", str(tmp_path / "x.csv")]) == 1
    assert "give the documents after the gold file" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()
