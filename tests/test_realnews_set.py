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


def test_manifest_meets_the_issue_floor() -> None:
    rows = _manifest()
    assert len(rows) >= 25 and len({r["outlet"] for r in rows}) >= 12
    assert len({r["id"] for r in rows}) == len(rows)
    for split in ("dev", "blind"):
        assert len({r["outlet"] for r in rows if r["split"] == split}) >= 5


def test_split_is_the_seeded_draw() -> None:
    rows = _manifest()
    drawn = _module("split").assign(rows)
    assert {r["id"]: r["split"] for r in rows} == drawn


@pytest.mark.parametrize("split", ["dev", "blind"])
def test_gold_parses_and_covers_only_its_split(split: str) -> None:
    gold = load_gold(REALNEWS / f"gold-{split}.jsonl")
    ids = {r["id"] for r in _manifest() if r["split"] == split}
    assert {g.doc for g in gold} == ids


def test_gold_is_generated_from_the_annotations() -> None:
    make_gold = _module("make_gold")
    entities = json.loads((REALNEWS / "entities.json").read_text("utf-8"))
    facts = make_gold.read_annotations(entities, make_gold.load_manifest())
    committed = [
        json.loads(line)
        for split in ("dev", "blind")
        for line in (REALNEWS / f"gold-{split}.jsonl").read_text("utf-8").splitlines()
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
