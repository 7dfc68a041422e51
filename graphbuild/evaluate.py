"""Score extracted statements against gold triples: per-family and micro precision, recall and F1.

Gold is JSONL, one `{"doc", "s", "s_aliases", "rel", "o", "o_aliases"}` a line (the format of
the Re-DocRED and news dev sets). Triples are directed and scored per document; COOPERATE matches
in either direction. Entities match by name: the predicted label, an alias, or a name the
gazetteer knows for the predicted key (a demonym) equals, normalised, any gold alias.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from graphbuild.documents import json_object, read_text_file
from graphbuild.errors import InputError
from graphbuild.records import Entity, Family, Statement

SYMMETRIC = frozenset({Family.COOPERATE})

# The scoring rule itself (README: names "normalised (case, punctuation, titles)"), not extraction
# vocabulary: kept here so that name normalisation does not move when the gazetteer's honorifics do.
_TITLES = frozenset(
    [
        "the",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "prime",
        "minister",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "general",
        "gen",
        "admiral",
        "senator",
        "sen",
        "rep",
        "secretary",
        "pope",
        "emir",
        "premier",
        "vice",
        "deputy",
        "foreign",
        "defence",
        "defense",
        "state",
        "of",
    ]
)
_APOSTROPHES = re.compile(r"['’`]")
_POSSESSIVE = re.compile(r"['’]s$")
_NON_WORD = re.compile(r"[^\w]+")


def normalise_name(name: str) -> str:
    """Comparison form of an entity name: "President Emmanuel Macron" -> "emmanuel macron".

    Case, accents, punctuation, a possessive "'s" and leading titles ("the", "Mr", "Sir",
    "Prime Minister") are dropped; dots vanish so "U.S." equals "US".
    """
    folded = unicodedata.normalize("NFKD", name.strip()).encode("ascii", "ignore").decode("ascii")
    folded = _POSSESSIVE.sub("", folded.casefold())
    folded = _APOSTROPHES.sub("", folded).replace(".", "")
    tokens = _NON_WORD.sub(" ", folded).split()
    while len(tokens) > 1 and tokens[0] in _TITLES:
        tokens = tokens[1:]
    return " ".join(tokens)


@dataclass(frozen=True, slots=True)
class GoldTriple:
    """One gold relation: subject and object names with their aliases, in one document."""

    doc: str
    s: str
    s_aliases: tuple[str, ...]
    rel: Family
    o: str
    o_aliases: tuple[str, ...]

    @property
    def subject_keys(self) -> frozenset[str]:
        return _keys((self.s, *self.s_aliases))

    @property
    def object_keys(self) -> frozenset[str]:
        return _keys((self.o, *self.o_aliases))


@dataclass(frozen=True, slots=True)
class PredictedTriple:
    """A distinct fact the extractor asserted, with one statement's evidence for reports."""

    doc: str
    subject: str
    subject_keys: frozenset[str]
    family: Family
    object: str
    object_keys: frozenset[str]
    relation: str
    rule: str
    sentence: str
    confidence: float = 1.0  # the highest of the fact's statements


@dataclass(frozen=True, slots=True)
class FamilyScore:
    """Counts and scores of one family (or of all, micro-averaged)."""

    name: str
    gold: int
    predicted: int
    correct: int  # predicted triples that match a gold triple
    found: int  # gold triples matched by a predicted triple

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Scores per family and overall, plus what was missed and what was wrongly asserted."""

    families: tuple[FamilyScore, ...]
    overall: FamilyScore
    misses: tuple[GoldTriple, ...] = field(default=())
    false_positives: tuple[PredictedTriple, ...] = field(default=())
    judged: tuple[tuple[PredictedTriple, bool], ...] = field(default=())  # every fact, right?

    def family(self, family: Family | str) -> FamilyScore:
        name = family.value if isinstance(family, Family) else family
        for score in self.families:
            if score.name == name:
                return score
        raise KeyError(name)


def _keys(names: Iterable[str]) -> frozenset[str]:
    return frozenset(k for k in map(normalise_name, names) if k)


def _string_list(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def parse_gold(text: str, *, where: str) -> list[GoldTriple]:
    """Gold triples of a JSONL text; `where` names the source in error messages."""
    triples: list[GoldTriple] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        at = f"{where}:{number}"
        record = json_object(line, at)
        for key in ("doc", "s", "rel", "o"):
            if not isinstance(record.get(key), str) or not record[key].strip():
                raise InputError(f"{at}: missing or empty string {key!r}")
        try:
            rel = _family(record["rel"])
        except InputError as exc:
            raise InputError(f"{at}: {exc}") from None
        aliases = {}
        for key in ("s_aliases", "o_aliases"):
            value = _string_list(record.get(key, []))
            if value is None:
                raise InputError(f"{at}: {key!r} must be a list of strings")
            aliases[key] = value
        triples.append(
            GoldTriple(
                doc=record["doc"],
                s=record["s"],
                s_aliases=aliases["s_aliases"],
                rel=rel,
                o=record["o"],
                o_aliases=aliases["o_aliases"],
            )
        )
    if not triples:
        raise InputError(f"{where}: no gold triples")
    return triples


def load_gold(path: str | Path) -> list[GoldTriple]:
    """Gold triples from a JSONL file; malformed lines raise `InputError` naming file and line."""
    source = Path(path)
    if not source.exists():
        raise InputError(f"{source}: no such gold file")
    text = read_text_file(source)
    return parse_gold(text, where=str(path))


@lru_cache(maxsize=1)
def gazetteer_names() -> Mapping[str, tuple[str, ...]]:
    """Every name the gazetteer knows an entity key by: label, aliases and demonyms.

    Gold sets name states by demonym ("Karl Ingebrigtsen POST_IN Norwegian"); a predicted
    `state/NOR` is the same state whatever surface form the document used.
    """
    from graphbuild.extract.gazetteer import load_gazetteer

    return {
        key: (entry.label, *entry.aliases, *entry.demonyms)
        for key, entry in load_gazetteer().entries.items()
    }


def _entity_keys(entity: Entity, known: Mapping[str, Iterable[str]]) -> frozenset[str]:
    return _keys((entity.label, *entity.aliases, *known.get(entity.key, ())))


def _scored_doc(doc_id: str, gold_docs: frozenset[str]) -> str:
    """The gold document a statement is scored under: an item of a split page ("page#1") counts
    for its page when the gold annotates the page as one text ("page") and not item by item."""
    page = doc_id.partition("#")[0]
    return page if doc_id not in gold_docs and page in gold_docs else doc_id


def _predicted(
    statements: Iterable[Statement],
    families: frozenset[Family],
    docs: frozenset[str] | None,
    known: Mapping[str, Iterable[str]],
    gold_docs: frozenset[str] = frozenset(),
) -> list[PredictedTriple]:
    """Distinct facts: one per (document, subject, family, object); unordered for symmetric ones."""
    seen: dict[tuple[str, ...], PredictedTriple] = {}
    for st in statements:
        doc = _scored_doc(st.doc_id, gold_docs)
        if (
            not st.held_at_some_time
            or st.family not in families
            or (docs is not None and doc not in docs)
        ):
            continue
        a, b = st.subject.key, st.object.key
        if st.family in SYMMETRIC and b < a:
            a, b = b, a
        key = (doc, st.family.value, a, b)
        if key in seen:
            if st.confidence > seen[key].confidence:
                seen[key] = replace(seen[key], confidence=st.confidence)
        else:
            seen[key] = PredictedTriple(
                doc=doc,
                subject=st.subject.label,
                subject_keys=_entity_keys(st.subject, known),
                family=st.family,
                object=st.object.label,
                object_keys=_entity_keys(st.object, known),
                relation=st.relation,
                rule=st.rule,
                sentence=st.sentence.text,
                confidence=st.confidence,
            )
    return list(seen.values())


def _distinct_gold(
    gold: Iterable[GoldTriple], families: frozenset[Family], docs: frozenset[str] | None
) -> list[GoldTriple]:
    seen: dict[tuple[object, ...], GoldTriple] = {}
    for g in gold:
        if g.rel not in families or (docs is not None and g.doc not in docs):
            continue
        ends: tuple[object, ...] = (g.subject_keys, g.object_keys)
        if g.rel in SYMMETRIC:
            ends = (frozenset(ends),)
        seen.setdefault((g.doc, g.rel, *ends), g)
    return list(seen.values())


def _family(value: Family | str) -> Family:
    try:
        return Family(value)
    except ValueError:
        known = ", ".join(f.value for f in Family)
        raise InputError(f"unknown relation family {value!r} (one of {known})") from None


def _matches(p: PredictedTriple, g: GoldTriple) -> bool:
    if p.doc != g.doc or p.family is not g.rel:
        return False
    forward = bool(p.subject_keys & g.subject_keys) and bool(p.object_keys & g.object_keys)
    if forward or g.rel not in SYMMETRIC:
        return forward
    return bool(p.subject_keys & g.object_keys) and bool(p.object_keys & g.subject_keys)


def score(
    predicted: Iterable[Statement],
    gold: Sequence[GoldTriple],
    *,
    families: Iterable[Family | str] | None = None,
    doc_ids: Iterable[str] | None = None,
    known_names: Mapping[str, Iterable[str]] | None = None,
) -> EvalReport:
    """Compare the relations `predicted` says held (`Statement.held_at_some_time`: facts and
    former posts, as gold data records positions held) with `gold`.

    `families` defaults to those the gold annotates (Re-DocRED has POST_IN and MEMBER_OF only);
    statements of other families are ignored. `doc_ids`, if given, restricts both sides to those
    documents. Duplicates collapse on both sides. A predicted triple is correct when it matches
    some gold triple; a gold triple is found when some predicted triple matches it. A predicted
    entity goes by its label, its aliases and `known_names[entity.key]` (default: the gazetteer's
    names and demonyms for that key; pass `{}` to match on label and aliases only).
    """
    known = gazetteer_names() if known_names is None else known_names
    chosen = (
        frozenset(_family(f) for f in families)
        if families is not None
        else frozenset(g.rel for g in gold)
    )
    docs = frozenset(doc_ids) if doc_ids is not None else None
    preds = _predicted(predicted, chosen, docs, known, frozenset(g.doc for g in gold))
    golds = _distinct_gold(gold, chosen, docs)
    by_doc: dict[str, list[GoldTriple]] = {}
    for g in golds:
        by_doc.setdefault(g.doc, []).append(g)
    correct: set[int] = set()
    found: set[int] = set()
    gold_index = {id(g): i for i, g in enumerate(golds)}
    for i, p in enumerate(preds):
        for g in by_doc.get(p.doc, ()):
            if _matches(p, g):
                correct.add(i)
                found.add(gold_index[id(g)])
    rows = []
    for family in (f for f in Family if f in chosen):
        rows.append(
            FamilyScore(
                name=family.value,
                gold=sum(1 for g in golds if g.rel is family),
                predicted=sum(1 for p in preds if p.family is family),
                correct=sum(1 for i in correct if preds[i].family is family),
                found=sum(1 for i in found if golds[i].rel is family),
            )
        )
    overall = FamilyScore(
        name="micro",
        gold=len(golds),
        predicted=len(preds),
        correct=len(correct),
        found=len(found),
    )
    return EvalReport(
        families=tuple(rows),
        overall=overall,
        misses=tuple(g for i, g in enumerate(golds) if i not in found),
        false_positives=tuple(p for i, p in enumerate(preds) if i not in correct),
        judged=tuple((p, i in correct) for i, p in enumerate(preds)),
    )


def _clip(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_report(report: EvalReport, *, max_items: int | None = None) -> str:
    """Plain-text table of scores, the calibration table (facts by confidence: how many, share
    right), then the misses and the false positives, one a line.

    `max_items` caps each list (None: all), ending it with how many were left out.
    """
    header = (
        f"{'family':<10} {'gold':>5} {'pred':>5} {'correct':>7} {'found':>5}"
        f"  {'P':>5} {'R':>5} {'F1':>5}"
    )
    lines = [header, "-" * len(header)]
    for row in (*report.families, report.overall):
        lines.append(
            f"{row.name:<10} {row.gold:>5} {row.predicted:>5} {row.correct:>7} {row.found:>5}"
            f"  {row.precision:>5.3f} {row.recall:>5.3f} {row.f1:>5.3f}"
        )
    if report.judged:
        from graphbuild.extract.calibration import format_table, table

        lines += ["", format_table(table((p.confidence, right) for p, right in report.judged))]
    shown_misses = report.misses if max_items is None else report.misses[:max_items]
    lines += ["", f"Misses ({len(report.misses)}): gold triples no prediction matched"]
    lines += [f"  {g.doc}  {g.s} --{g.rel.value}--> {g.o}" for g in shown_misses]
    if len(shown_misses) < len(report.misses):
        lines.append(f"  ... and {len(report.misses) - len(shown_misses)} more")
    fps = report.false_positives
    shown_fps = fps if max_items is None else fps[:max_items]
    lines += ["", f"False positives ({len(fps)}): facts no gold triple matched"]
    for p in shown_fps:
        lines.append(
            f"  {p.doc}  {p.subject} --{p.family.value}/{p.relation}--> {p.object}  [{p.rule}]"
        )
        lines.append(f"      {_clip(p.sentence)}")
    if len(shown_fps) < len(fps):
        lines.append(f"  ... and {len(fps) - len(shown_fps)} more")
    return "\n".join(lines) + "\n"
