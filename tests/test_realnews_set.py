"""The real-news development set (eval/realnews/) stays consistent: gold parses, matches its source, splits hold.

The article texts are git-ignored, so nothing here reads them; score.py's text check is tested on
texts written here.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from graphbuild.evaluate import load_gold

REALNEWS = Path(__file__).resolve().parent.parent / "eval" / "realnews"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"realnews_{name}", REALNEWS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _manifest() -> list[dict]:
    lines = (REALNEWS / "manifest.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _round_one() -> list[dict]:
    return [r for r in _manifest() if r.get("blind_round", 1) == 1]


def test_manifest_meets_the_issue_floor() -> None:
    rows = _manifest()
    dev = [r for r in rows if r["split"] == "dev"]
    assert len(dev) >= 25 and len({r["outlet"] for r in dev}) >= 12
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["url"] for r in rows}) == len(rows)
    assert {r["split"] for r in rows} <= {"dev", "blind3"}


def test_round_two_blind_set_is_dev_now_and_still_scored_alone() -> None:
    rows = _manifest()
    blind = [r for r in rows if r.get("blind_round") == 2]
    assert len(blind) >= 15 and len({r["outlet"] for r in blind}) >= 10
    assert {r["split"] for r in blind} == {"dev"}
    assert not {r["outlet"] for r in blind} & {r["outlet"] for r in _round_one()}
    assert len(_module("score").gold_rows("blind2")) >= 150


def test_round_three_blind_set_meets_its_brief() -> None:
    rows = _manifest()
    blind = [r for r in rows if r["split"] == "blind3"]
    assert len(blind) >= 20 and len({r["outlet"] for r in blind}) >= 12
    assert {r.get("blind_round") for r in blind} == {3}
    assert {r["date"][:4] for r in blind if r.get("date")} == {"2025"}
    assert not {r["outlet"] for r in blind} & {r["outlet"] for r in rows if r["split"] == "dev"}
    assert len(load_gold(REALNEWS / "gold-blind3.jsonl")) >= 200


def test_round_one_blind_third_is_the_seeded_draw_and_now_dev() -> None:
    rows = _round_one()
    drawn = _module("split").assign(rows)
    assert {r["id"] for r in rows if r.get("blind_round") == 1} == {
        i for i, split in drawn.items() if split == "blind"
    }
    assert {r["split"] for r in rows} == {"dev"}


@pytest.mark.parametrize("name", ["dev", "round1", "blind1", "blind2", "blind3"])
def test_gold_parses_and_covers_only_its_set(name: str, tmp_path: Path) -> None:
    score = _module("score")
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(line + "\n" for line in score.gold_rows(name)), encoding="utf-8")
    gold = load_gold(path)
    assert {g.doc for g in gold} == {a.id for a in score.members(name)}


def test_dev_gold_holds_every_seen_article() -> None:
    gold = load_gold(REALNEWS / "gold-dev.jsonl")
    assert {g.doc for g in gold} == {r["id"] for r in _manifest() if r["split"] == "dev"}
    score = _module("score")
    parts = [score.members(name) for name in ("round1", "blind2")]
    assert sorted(a.id for part in parts for a in part) == sorted(
        a.id for a in score.members("dev")
    )


def test_gold_is_generated_from_the_annotations() -> None:
    make_gold = _module("make_gold")
    entities = json.loads((REALNEWS / "entities.json").read_text("utf-8"))
    facts = make_gold.read_annotations(entities, make_gold.load_manifest())
    committed = [
        json.loads(line)
        for path in sorted(REALNEWS.glob("gold-*.jsonl"))
        for line in path.read_text("utf-8").splitlines()
    ]
    assert sorted(map(json.dumps, facts)) == sorted(map(json.dumps, committed))
    assert len(facts) >= 250


def test_check_names_missing_and_changed_texts(tmp_path: Path) -> None:
    rows = _manifest()
    first, second = rows[0], rows[1]
    (tmp_path / f"{first['id']}.txt").write_text("not the annotated text\n", encoding="utf-8")
    script = [sys.executable, str(REALNEWS / "score.py"), "--texts", str(tmp_path), "check"]
    done = subprocess.run(script, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert f"changed: {first['id']}.txt" in done.stdout
    assert f"missing: {second['id']}.txt" in done.stdout
    assert second["query"] in done.stdout


def test_restore_keeps_only_the_annotated_text(tmp_path: Path) -> None:
    row = _manifest()[0]
    score = _module("score")
    body = "An invented body of an article.\n"
    excerpt = " date 2025-01-01 Headline words\n" + body.replace("An invented", row["body_start"])
    expected = excerpt[excerpt.index(row["body_start"]) :].strip() + "\n"
    assert score.body_of(excerpt, row["body_start"]) == expected
    source = tmp_path / "excerpt.txt"
    source.write_text(excerpt, encoding="utf-8")
    texts = tmp_path / "texts"
    code = score.main(["--texts", str(texts), "restore", row["id"], str(source)])
    assert hashlib.sha256(expected.encode()).hexdigest() != row["sha256"]
    assert code == 1 and not (texts / f"{row['id']}.txt").exists()


def test_dry_run_lists_the_set_and_extracts_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    score = _module("score")
    code = score.main(["--texts", str(tmp_path), "score", "--set", "blind1", "--dry-run"])
    out = capsys.readouterr().out
    ids = [r["id"] for r in _manifest() if r.get("blind_round") == 1]
    assert code == 0 and len(ids) == 10
    assert all(f"{i}  missing" in out for i in ids)
    assert f"blind1: 10 articles, {len(score.gold_rows('blind1'))} gold facts" in out
    assert "dry run: nothing extracted" in out


def test_score_refuses_a_set_with_missing_texts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    score = _module("score")
    assert score.main(["--texts", str(tmp_path), "score", "--set", "blind1"]) == 1
    assert "restore the texts above before scoring the blind1 set" in capsys.readouterr().err


def test_add_saves_the_body_and_a_manifest_row_restore_accepts(tmp_path: Path) -> None:
    score = _module("score")
    score.HERE = tmp_path  # a copy of the manifest, not the committed one
    (tmp_path / "manifest.jsonl").write_text(
        (REALNEWS / "manifest.jsonl").read_text("utf-8"), encoding="utf-8"
    )
    excerpt = tmp_path / "excerpt.txt"
    excerpt.write_text(" date 2025-06-01 A Headline\nThe ministers met in Rome.\n\n", "utf-8")
    texts = tmp_path / "texts"
    argv = ["--texts", str(texts), "add", str(excerpt), "--id", "rnX", "--outlet", "O"]
    argv += ["--url", "https://example.org/a", "--title", "A Headline", "--topic", "t"]
    argv += ["--query", "q", "--body-start", "The ministers", "--split", "blind3"]
    assert score.main([*argv, "--blind-round", "3"]) == 0
    row = json.loads((tmp_path / "manifest.jsonl").read_text("utf-8").splitlines()[-1])
    body = "The ministers met in Rome.\n"
    assert (texts / "rnX.txt").read_text("utf-8") == body
    assert row["sha256"] == hashlib.sha256(body.encode()).hexdigest() and row["chars"] == len(body)
    assert (row["split"], row["blind_round"], row["corpus"]) == ("blind3", 3, "pages")
    (texts / "rnX.txt").unlink()
    assert score.main(["--texts", str(texts), "restore", "rnX", str(excerpt)]) == 0
    assert (texts / "rnX.txt").read_text("utf-8") == body
    assert score.main([*argv]) == 2  # the id is taken
