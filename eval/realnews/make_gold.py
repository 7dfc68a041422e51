"""Turn the annotation files + entities.json into one gold-<split>.jsonl per manifest split (`graphbuild evaluate` format).

Facts come from annotations.txt (rn01-rn30), annotations-blind2.txt (rn31-rn49, round 2's blind set, now
seen) and annotations-blind3.txt (round 3's blind set, in a file of its own so that nobody reading the dev
facts sees it). Run from anywhere: python eval/realnews/make_gold.py [--check-texts]. A row goes to the
gold file of its article's split, whichever file it is in: `dev` (every article scored so far, rn01-rn49)
and `blind3` (round 3's blind set, not yet scored). Each row gets the aliases of its two entities from
entities.json and the annotator's note. --check-texts also reports facts whose subject or object no alias
of which occurs in the saved text (a typo check; texts are optional and git-ignored).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FAMILIES = ("POST_IN", "MEMBER_OF", "LEADS", "COOPERATE", "SUPPORT", "OPPOSE", "ATTACK")


def load_manifest() -> dict[str, dict]:
    rows = [
        json.loads(line)
        for line in (HERE / "manifest.jsonl").read_text("utf-8").splitlines()
        if line
    ]
    return {row["id"]: row for row in rows}


def annotation_files() -> list[Path]:
    """annotations.txt (dev), then one annotations-<set>.txt per later set, kept apart while blind."""
    return [HERE / "annotations.txt", *sorted(HERE.glob("annotations-*.txt"))]


def read_annotations(entities: dict[str, list[str]], manifest: dict[str, dict]) -> list[dict]:
    facts: list[dict] = []
    seen: set[tuple[str, ...]] = set()
    errors: list[str] = []
    lines = [
        (path.name, number, line)
        for path in annotation_files()
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
    ]
    for name, number, line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{name}:{number}"
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 5:
            errors.append(f"{where}: want 5 fields, got {len(parts)}")
            continue
        doc, s, rel, o, note = parts
        if doc not in manifest:
            errors.append(f"{where}: unknown article {doc!r}")
        if rel not in FAMILIES:
            errors.append(f"{where}: unknown family {rel!r}")
        for name in (s, o):
            if name not in entities:
                errors.append(f"{where}: {name!r} is not in entities.json")
        ends = (s, o) if rel != "COOPERATE" else tuple(sorted((s, o)))
        key = (doc, rel, *ends)
        if key in seen:
            errors.append(f"{where}: duplicate fact {key}")
        seen.add(key)
        facts.append(
            {
                "doc": doc,
                "s": s,
                "s_aliases": entities.get(s, []),
                "rel": rel,
                "o": o,
                "o_aliases": entities.get(o, []),
                "note": note,
            }
        )
    if errors:
        sys.exit("\n".join(errors))
    return facts


def check_texts(facts: list[dict]) -> None:
    texts = HERE / "texts"
    for fact in facts:
        path = texts / f"{fact['doc']}.txt"
        if not path.exists():
            continue
        text = path.read_text("utf-8").casefold()
        for end in ("s", "o"):
            if not any(a.casefold() in text for a in fact[f"{end}_aliases"]):
                print(
                    f"note: {fact['doc']}: no alias of {fact[end]!r} in the text ({fact['note']})"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check-texts", action="store_true")
    args = parser.parse_args()
    entities = json.loads((HERE / "entities.json").read_text("utf-8"))
    manifest = load_manifest()
    facts = read_annotations(entities, manifest)
    if args.check_texts:
        check_texts(facts)
    for split in sorted({row["split"] for row in manifest.values()}):
        rows = [f for f in facts if manifest[f["doc"]]["split"] == split]
        with open(HERE / f"gold-{split}.jsonl", "w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"gold-{split}.jsonl: {len(rows)} facts in {len({r['doc'] for r in rows})} articles")


if __name__ == "__main__":
    main()
