"""A deterministic synthetic news corpus for benchmarks: leaders meet, back, criticise and attack.

States, coalitions and organisations come from the project gazetteer; people are invented from
the name lists in `benchmarks/data/corpus.yaml`, which also holds the sentence templates. Article
`i` depends only on the seed and `i`, so a corpus of 500 articles is a prefix of one of 1000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from graphbuild.extract.gazetteer import GazetteerEntry, load_gazetteer
from graphbuild.records import Document, EntityKind

DATA = Path(__file__).resolve().parent / "data" / "corpus.yaml"
DEFAULT_SEED = 20250816
CAST_SIZE = 240
MIN_WORDS, MAX_WORDS = 400, 800


@dataclass(frozen=True, slots=True)
class Person:
    """An invented office holder."""

    name: str
    surname: str
    office: str
    state: GazetteerEntry


@dataclass(frozen=True, slots=True)
class World:
    """Everything articles are drawn from: vocabulary, states, groupings and the cast."""

    vocab: dict[str, Any]
    states: tuple[GazetteerEntry, ...]
    coalitions: tuple[GazetteerEntry, ...]
    organisations: tuple[GazetteerEntry, ...]
    cast: tuple[Person, ...]


@functools.lru_cache(maxsize=4)
def make_world(seed: int = DEFAULT_SEED) -> World:
    """The states, coalitions and invented people that every article of this seed shares."""
    vocab = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    gazetteer = load_gazetteer()
    entries = sorted(gazetteer.entries.values(), key=lambda e: e.key)
    states = tuple(e for e in entries if e.kind is EntityKind.STATE and e.demonyms)
    coalitions = tuple(e for e in entries if e.kind is EntityKind.COALITION)
    organisations = tuple(e for e in entries if e.kind is EntityKind.ORGANIZATION)
    rng = random.Random(f"world:{seed}")
    names: set[str] = set()
    cast: list[Person] = []
    while len(cast) < CAST_SIZE:
        first, last = rng.choice(vocab["first_names"]), rng.choice(vocab["surnames"])
        if f"{first} {last}" in names:
            continue
        names.add(f"{first} {last}")
        cast.append(
            Person(f"{first} {last}", last, rng.choice(vocab["offices"]), rng.choice(states))
        )
    return World(vocab, states, coalitions, organisations, tuple(cast))


def _slots(world: World, rng: random.Random, first: Person, second: Person) -> dict[str, str]:
    """Values for every template slot; the lead pair is fixed per article, the rest vary."""
    v = world.vocab
    third = rng.choice([s for s in world.states if s not in (first.state, second.state)])
    team1, team2 = rng.sample(v["teams"], 2)
    return {
        "P1": f"{first.state.demonyms[0]} {first.office} {first.name}",
        "P2": f"{second.state.demonyms[0]} {second.office} {second.name}",
        "N1": first.name,
        "N2": second.name,
        "p1": first.surname,
        "p2": second.surname,
        "O1": first.office,
        "O2": second.office,
        "S1": first.state.label,
        "S2": second.state.label,
        "S3": third.label,
        "D1": first.state.demonyms[0],
        "D2": second.state.demonyms[0],
        "D3": third.demonyms[0],
        "CITY": rng.choice(v["cities"]),
        "DAY": rng.choice(v["days"]),
        "TOPIC": rng.choice(v["topics"]),
        "NUM": str(rng.randint(1949, 2024)),
        "NUM2": str(rng.randint(12, 34)),
        "TEAM1": f"{rng.choice(v['cities'])} {team1}",
        "TEAM2": f"{rng.choice(v['cities'])} {team2}",
        "SCORE": f"{rng.randint(1, 4)}-{rng.randint(0, 3)}",
        "INDEX": rng.choice(v["indices"]),
        "PCT": f"{rng.randint(1, 25) / 10:.1f}",
    }


def make_article(index: int, seed: int = DEFAULT_SEED) -> Document:
    """The `index`-th article of the corpus: a title, a lead sentence and paragraphs of 400-800 words."""
    world = make_world(seed)
    v = world.vocab
    rng = random.Random(f"article:{seed}:{index}")
    first, second = rng.sample(world.cast, 2)
    coalition, organisation = rng.choice(world.coalitions), rng.choice(world.organisations)

    def fill(template: str) -> str:
        slots = _slots(world, rng, first, second)
        return template.format(C=coalition.label, G=organisation.label, **slots)

    groups = list(v["groups"].values())
    weights = [g["weight"] for g in groups]
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    paragraphs: list[list[str]] = [[fill(rng.choice(v["lead"]))]]
    words = len(paragraphs[0][0].split())
    while words < target:
        sentence = fill(rng.choice(rng.choices(groups, weights)[0]["sentences"]))
        if len(paragraphs[-1]) >= rng.randint(2, 4):
            paragraphs.append([])
        paragraphs[-1].append(sentence)
        words += len(sentence.split())
    date = dt.date(2025, 1, 1) + dt.timedelta(days=index % 365)
    outlet = v["outlets"][index % len(v["outlets"])]
    return Document(
        id=f"synthetic-{index:05d}",
        text="\n\n".join(" ".join(p) for p in paragraphs) + "\n",
        title=fill(rng.choice(v["titles"])),
        date=date.isoformat(),
        source=outlet,
        url=f"https://news.example.org/{date:%Y/%m/%d}/synthetic-{index:05d}",
    )


def generate_corpus(n: int, seed: int = DEFAULT_SEED) -> Iterator[Document]:
    """The first `n` articles of the corpus for `seed`."""
    return (make_article(i, seed) for i in range(n))


def write_corpus(directory: str | Path, n: int, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the first `n` articles as `synthetic-NNNNN.txt` (text only) into `directory`."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for document in generate_corpus(n, seed):
        path = out / f"{document.id}.txt"
        path.write_text(document.text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the synthetic benchmark corpus.")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    paths = write_corpus(args.directory, args.docs, args.seed)
    print(f"wrote {len(paths)} articles to {args.directory}")


if __name__ == "__main__":
    main()
