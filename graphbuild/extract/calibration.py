"""Confidence calibration: a rule's raw confidence -> the share of such facts gold data finds right.

Rules score statements on a hand-set scale (graphbuild.extract.relations, graphbuild.extract.posts). The table in
`ontology/calibration.csv`, fitted on development gold by `python -m graphbuild.extract.calibration fit`,
maps each family's raw confidence onto the share of predicted facts with that confidence that
were right (isotonic, so a higher raw confidence never gets a lower calibrated one); extraction
applies it, so that statements with confidence >= c are right about a share c of the time.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from graphbuild.errors import InputError
from graphbuild.records import DocumentResult, Family, Statement
from graphbuild.resources import ontology_file, read_data_csv

CALIBRATION_FILE = "calibration.csv"
POOLED = "*"  # the table of every family together, for families with too few facts of their own
_COLUMNS = ("family", "raw_from", "raw_to", "count", "correct", "confidence")
MIN_POINTS = 20  # fewer judged facts than this: the family uses the pooled table
PRIOR_WEIGHT = 2.0  # pseudo-facts pulling each bin towards its table's overall share
TABLE_EDGES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)  # bins of the table `graphbuild evaluate` prints


@dataclass(frozen=True, slots=True)
class Bin:
    """Raw confidences in [raw_from, raw_to] of one family: `count` judged facts, `correct` right;
    `confidence` is the calibrated value they get."""

    family: str
    raw_from: float
    raw_to: float
    count: int
    correct: int
    confidence: float


@dataclass(frozen=True)
class Calibration:
    """Step functions raw -> calibrated confidence, one per family (or pooled); none: identity."""

    bins: tuple[Bin, ...]
    _tables: dict[str, tuple[Bin, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        tables: dict[str, list[Bin]] = {}
        for b in self.bins:
            tables.setdefault(b.family, []).append(b)
        self._tables.update(
            {k: tuple(sorted(v, key=lambda b: b.raw_from)) for k, v in tables.items()}
        )

    def confidence(self, family: Family | str, raw: float) -> float:
        """The calibrated confidence of a raw one: the value of the last bin starting at or below
        `raw` (the first bin below the table), in the family's table or else the pooled one."""
        name = family.value if isinstance(family, Family) else family
        table = self._tables.get(name) or self._tables.get(POOLED)
        if not table:
            return raw
        chosen = table[0]
        for b in table:
            if b.raw_from <= raw + 1e-9:
                chosen = b
        return chosen.confidence

    def apply(self, statements: Iterable[Statement]) -> list[Statement]:
        """The statements with calibrated confidences (unchanged when there is no table)."""
        if not self.bins:
            return list(statements)
        return [
            dataclasses.replace(st, confidence=self.confidence(st.family, st.confidence))
            for st in statements
        ]


IDENTITY = Calibration(())


def at_least(result: DocumentResult, min_confidence: float) -> DocumentResult:
    """The result without its statements below `min_confidence` (itself when none are)."""
    if min_confidence <= 0 or all(st.confidence >= min_confidence for st in result.statements):
        return result
    kept = tuple(st for st in result.statements if st.confidence >= min_confidence)
    return dataclasses.replace(result, statements=kept)


# --- the data file -------------------------------------------------------------------------------


def _number(text: str, where: str, name: str, kind: type[float] | type[int]) -> float:
    try:
        value = kind(text.strip())
    except ValueError:
        raise InputError(f"{where}: {name} {text!r} is not a number") from None
    if isinstance(value, float) and not 0.0 <= value <= 1.0:
        raise InputError(f"{where}: {name} {value} outside [0, 1]")
    if value < 0:
        raise InputError(f"{where}: {name} {value} is negative")
    return value


def read_calibration(path: Path) -> Calibration:
    """Parse a calibration CSV ("#" lines are comments); InputError names the file and line.

    Checked: the header, known families (or "*"), numbers in range, raw_from <= raw_to, correct
    <= count, and per family bins that neither overlap nor lower the confidence as raw grows.
    """
    families = {f.value for f in Family} | {POOLED}
    bins: list[Bin] = []
    last: dict[str, tuple[Bin, int]] = {}
    for number, row in read_data_csv(path, "calibration table", _COLUMNS):
        where = f"{path}:{number}"
        family = row["family"].strip().upper() if row["family"].strip() != POOLED else POOLED
        if family not in families:
            raise InputError(f"{where}: unknown family {row['family']!r}")
        b = Bin(
            family=family,
            raw_from=float(_number(row["raw_from"], where, "raw_from", float)),
            raw_to=float(_number(row["raw_to"], where, "raw_to", float)),
            count=int(_number(row["count"], where, "count", int)),
            correct=int(_number(row["correct"], where, "correct", int)),
            confidence=float(_number(row["confidence"], where, "confidence", float)),
        )
        if b.raw_from > b.raw_to:
            raise InputError(f"{where}: raw_from {b.raw_from} is above raw_to {b.raw_to}")
        if b.correct > b.count:
            raise InputError(f"{where}: correct {b.correct} is more than count {b.count}")
        previous = last.get(family)
        if previous is not None:
            before, line = previous
            if b.raw_from <= before.raw_to:
                raise InputError(f"{where}: bin overlaps or precedes line {line} of {family}")
            if b.confidence < before.confidence:
                raise InputError(
                    f"{where}: confidence {b.confidence} is below line {line}'s"
                    f" {before.confidence}: a higher raw confidence must not score lower"
                )
        last[family] = (b, number)
        bins.append(b)
    return Calibration(tuple(bins))


@cache
def _load_cached(path: Path) -> Calibration:
    return read_calibration(path)


def load_calibration(path: Path | str | None = None) -> Calibration:
    """The calibration table from `path` (default `ontology/calibration.csv`), parsed once."""
    return _load_cached(Path(path) if path is not None else ontology_file(CALIBRATION_FILE))


def render(calibration: Calibration, header: Sequence[str] = ()) -> str:
    """The table as the CSV `read_calibration` reads, after `header` comment lines."""
    out = io.StringIO()
    for line in header:
        out.write(f"# {line}\n" if line else "#\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_COLUMNS)
    for b in calibration.bins:
        writer.writerow(
            [b.family, f"{b.raw_from:.2f}", f"{b.raw_to:.2f}", b.count, b.correct, b.confidence]
        )
    return out.getvalue()


# --- fitting -------------------------------------------------------------------------------------


def _pav(points: Sequence[tuple[float, bool]]) -> list[list[float]]:
    """Pool-adjacent-violators over (raw, right) points: blocks [raw_from, raw_to, n, k] whose
    share right k/n never falls as raw grows."""
    by_raw: dict[float, list[float]] = {}
    for raw, right in points:
        entry = by_raw.setdefault(round(raw, 2), [0.0, 0.0])
        entry[0] += 1
        entry[1] += 1 if right else 0
    blocks: list[list[float]] = []
    for raw in sorted(by_raw):
        n, k = by_raw[raw]
        blocks.append([raw, raw, n, k])
        while len(blocks) > 1 and blocks[-2][3] / blocks[-2][2] > blocks[-1][3] / blocks[-1][2]:
            last = blocks.pop()
            blocks[-1][1] = last[1]
            blocks[-1][2] += last[2]
            blocks[-1][3] += last[3]
    return blocks


def _table(family: str, points: Sequence[tuple[float, bool]], prior: float) -> list[Bin]:
    bins: list[Bin] = []
    floor = 0.0
    for raw_from, raw_to, n, k in _pav(points):
        value = round((k + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT), 3)
        floor = max(floor, value)  # smoothing must not undo the isotonic order
        if bins and bins[-1].confidence == floor:  # one bin per calibrated value
            last = bins.pop()
            raw_from, n, k = last.raw_from, n + last.count, k + last.correct
        bins.append(Bin(family, raw_from, raw_to, int(n), int(k), floor))
    return bins


def fit(
    points: Iterable[tuple[Family, float, bool]], *, min_points: int = MIN_POINTS
) -> Calibration:
    """A calibration from judged facts (family, raw confidence, right?): a pooled table, and one
    per family with at least `min_points` facts. Each bin's value is its share right, smoothed
    towards its table's overall share by PRIOR_WEIGHT pseudo-facts."""
    judged = list(points)
    if not judged:
        raise InputError("no judged facts to fit a calibration on")
    overall = sum(1 for *_, right in judged if right) / len(judged)
    bins = _table(POOLED, [(raw, right) for _, raw, right in judged], overall)
    for family in Family:
        mine = [(raw, right) for f, raw, right in judged if f is family]
        if len(mine) >= min_points:
            share = sum(1 for _, right in mine if right) / len(mine)
            prior = (share * len(mine) + PRIOR_WEIGHT * overall) / (len(mine) + PRIOR_WEIGHT)
            bins.extend(_table(family.value, mine, prior))
    return Calibration(tuple(bins))


@dataclass(frozen=True, slots=True)
class TableRow:
    """One line of the printed calibration table: facts with confidence in [low, high)."""

    low: float
    high: float
    count: int
    correct: int
    at_least_count: int  # facts with confidence >= low
    at_least_correct: int

    @property
    def share(self) -> float:
        return self.correct / self.count if self.count else 0.0

    @property
    def at_least_share(self) -> float:
        return self.at_least_correct / self.at_least_count if self.at_least_count else 0.0


def table(
    judged: Iterable[tuple[float, bool]], edges: Sequence[float] = TABLE_EDGES
) -> list[TableRow]:
    """Judged facts (confidence, right?) binned by confidence, with the share right per bin and
    of all facts at or above each bin's lower edge."""
    facts = list(judged)
    rows = []
    for i, low in enumerate(edges):
        high = edges[i + 1] if i + 1 < len(edges) else 1.0 + 1e-9
        inside = [right for c, right in facts if low <= c < high]
        above = [right for c, right in facts if c >= low]
        rows.append(TableRow(low, min(high, 1.0), len(inside), sum(inside), len(above), sum(above)))
    return rows


def format_table(rows: Sequence[TableRow]) -> str:
    """The calibration table as plain text, one line per confidence bin."""
    lines = [
        "Calibration: asserted facts by confidence (right = matches a gold triple)",
        f"{'confidence':<12} {'facts':>5} {'right':>5} {'share':>6}   {'>= low':>6} {'share':>6}",
    ]
    for row in rows:
        label = f"{row.low:.1f}-{row.high:.1f}"
        share = f"{row.share:.3f}" if row.count else "    -"
        at_least = f"{row.at_least_share:.3f}" if row.at_least_count else "    -"
        lines.append(
            f"{label:<12} {row.count:>5} {row.correct:>5} {share:>6}"
            f"   {row.at_least_count:>6} {at_least:>6}"
        )
    return "\n".join(lines)


# --- the command ---------------------------------------------------------------------------------


def judged_facts(
    gold_path: str, inputs: Sequence[str], *, model: str | None = None
) -> Iterator[tuple[Family, float, bool]]:
    """(family, raw confidence, right?) of every fact extracted from `inputs`, without the
    installed calibration, judged against the gold file (its annotated families only)."""
    from graphbuild.documents import read_inputs
    from graphbuild.evaluate import load_gold, score
    from graphbuild.extract.nlp import load_pipeline
    from graphbuild.extract.pipeline import extract_documents

    gold = load_gold(gold_path)
    nlp = load_pipeline(model)
    statements = [
        st
        for result in extract_documents(read_inputs(inputs), nlp, calibration=IDENTITY)
        for st in result.statements
    ]
    for fact, right in score(statements, gold).judged:
        yield fact.family, fact.confidence, right


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m graphbuild.extract.calibration", description=__doc__
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("fit", help="fit the table on development gold and write it")
    p.add_argument(
        "--set",
        nargs="+",
        action="append",
        required=True,
        metavar=("GOLD", "INPUT"),
        help="a gold JSONL file and the documents it annotates (repeatable)",
    )
    p.add_argument("-o", "--output", type=Path, default=ontology_file(CALIBRATION_FILE))
    p.add_argument("--model")
    args = parser.parse_args(argv)
    from graphbuild.errors import GraphbuildError

    try:
        per_set: list[list[tuple[Family, float, bool]]] = []
        for gold, *inputs in args.set:
            if not inputs:
                raise InputError(f"--set {gold}: give the documents after the gold file")
            mine = list(judged_facts(gold, inputs, model=args.model))
            right = sum(1 for *_, r in mine if r)
            print(f"{gold}: {len(mine)} facts, {right} right", file=sys.stderr)
            per_set.append(mine)
        points = [p for mine in per_set for p in mine]
        calibration = fit(points)
    except GraphbuildError as exc:
        print(f"graphbuild.extract.calibration: error: {exc}", file=sys.stderr)
        return 1
    sets = " ".join(f"--set {' '.join(s)}" for s in args.set)
    header = [
        "graphbuild confidence calibration: raw rule confidence -> share of facts found right.",
        f"Fitted by: python -m graphbuild.extract.calibration fit {sets}",
        f"{len(points)} judged facts; isotonic per family (pooled '*' for families with fewer",
        f"than {MIN_POINTS}), each bin smoothed by {PRIOR_WEIGHT:g} pseudo-facts towards its"
        " table's share. Do not edit by hand: refit.",
    ]
    from graphbuild.fsutil import atomic_write_text

    atomic_write_text(args.output, render(calibration, header))
    print(format_table(table((calibration.confidence(f, raw), r) for f, raw, r in points)))
    if len(per_set) > 1:  # each set scored by a table fitted on the others only
        held_out: list[tuple[float, bool]] = []
        for i, mine in enumerate(per_set):
            others = fit([p for j, theirs in enumerate(per_set) if j != i for p in theirs])
            held_out.extend((others.confidence(f, raw), r) for f, raw, r in mine)
        print("\nLeft out in turn (each set under a table fitted on the other sets):")
        print(format_table(table(held_out)))
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
