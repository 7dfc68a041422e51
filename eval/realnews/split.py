"""Draw the blind third of the real-news set: seeded, stratified by topic, done once before annotation.

Run: python eval/realnews/split.py manifest.json > manifest.jsonl (rows without "split" in, with it out).
Method (README "Split"): ids sorted within each topic, topics in sorted order, each topic's ids shuffled
with random.Random(SEED); walking that list with a running counter started at rng.randrange(3), every
id whose counter is divisible by 3 goes to "blind", the others to "dev".
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict

SEED = 20251207


def assign(rows: list[dict]) -> dict[str, str]:
    """Article id -> "dev" or "blind"."""
    rng = random.Random(SEED)
    by_topic: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_topic[row["topic"]].append(row["id"])
    counter = rng.randrange(3)
    split: dict[str, str] = {}
    for topic in sorted(by_topic):
        ids = sorted(by_topic[topic])
        rng.shuffle(ids)
        for article in ids:
            split[article] = "blind" if counter % 3 == 0 else "dev"
            counter += 1
    return split


def main(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        rows = json.load(handle)
    split = assign(rows)
    for row in sorted(rows, key=lambda r: r["id"]):
        print(json.dumps({**row, "split": split[row["id"]]}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
