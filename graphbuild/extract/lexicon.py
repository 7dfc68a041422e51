"""The relation lexicon: which trigger words signal which ontology relation.

The vocabulary lives in `ontology/relations.csv` (partly derived from the CAMEO verb dictionary);
this module reads it into `Trigger` records and answers "which triggers does this token start?"
(`find_triggers`: a spaCy DependencyMatcher, one pattern per row, or a lemma lookup giving the
same result where no row's required dependent is ambiguous).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from spacy.attrs import LEMMA, POS
from spacy.matcher import DependencyMatcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from graphbuild.errors import InputError
from graphbuild.graph.ontology import family_of
from graphbuild.records import Family
from graphbuild.resources import ontology_file, read_data_csv

LEXICON_FILE = "relations.csv"
DERIVED_FILE = (
    "relations-cameo.csv"  # rows derived from CAMEO by `python -m graphbuild.extract.cameo`
)
_COLUMNS = ("lemma", "pos", "relation", "cameo", "slots", "requires", "flags", "source", "notes")
_POS = frozenset({"VERB", "NOUN", "ADJ"})
_FLAGS = frozenset({"negated-only", "inverse", "person-object", "owned-object", "agent-noun"})
DOBJ = "dobj"


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon row: a word (with an optional required dependent) and the relation it signals.

    `object_prepositions` lists the prepositions that introduce the object; `direct_object` says
    whether a direct object may be the object too. `requires` is (dependency label, lemmas),
    e.g. ("prt", ("up",)) for "set up". `negated_only` triggers fire only under negation;
    `inverse` ones have the relation's subject as their grammatical object ("the UN admitted
    Montenegro": Montenegro joins the UN). `person_object` ones relate only to a person ("told
    Zelensky", not "told the BBC"); `owned_object` ones only to the owner of a thing ("welcomed
    Macron's plan" praises Macron; "welcomed Macron" is hosting him). `agent_noun` ones name the
    actor, whose possessor is the object ("Ukraine's staunchest backer", "a Kremlin critic").
    """

    lemma: str
    pos: str
    relation: str
    family: Family
    cameo: str | None = None
    object_prepositions: tuple[str, ...] = ()
    direct_object: bool = False
    requires: tuple[str, tuple[str, ...]] | None = None
    negated_only: bool = False
    inverse: bool = False
    person_object: bool = False
    owned_object: bool = False
    agent_noun: bool = False
    source: str = "hand"

    @property
    def phrase(self) -> str:
        """Human-readable form, e.g. "set up", "meet with", "take the lead"."""
        words = [self.lemma]
        if self.requires:
            words.append(self.requires[1][0])
        if self.object_prepositions and not self.direct_object:
            words.append(self.object_prepositions[0])
        return " ".join(words)


@dataclass(frozen=True)
class Lexicon:
    """All triggers, looked up by (lemma, coarse part of speech)."""

    triggers: tuple[Trigger, ...]
    _by_key: dict[tuple[str, str], tuple[Trigger, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        grouped: dict[tuple[str, str], list[Trigger]] = {}
        for trigger in self.triggers:
            grouped.setdefault((trigger.lemma, trigger.pos), []).append(trigger)
        self._by_key.update({key: tuple(value) for key, value in grouped.items()})

    def lookup(self, lemma: str, pos: str) -> tuple[Trigger, ...]:
        """Triggers for a lemma and part of speech ("VERB", "NOUN" or "ADJ"), in file order."""
        return self._by_key.get((lemma.lower(), pos), ())

    def lemmas(self, pos: str) -> frozenset[str]:
        """Every lemma with at least one trigger of that part of speech."""
        return frozenset(lemma for lemma, p in self._by_key if p == pos)

    def relations(self) -> frozenset[str]:
        return frozenset(t.relation for t in self.triggers)

    def __iter__(self) -> Iterator[Trigger]:
        return iter(self.triggers)

    def __len__(self) -> int:
        return len(self.triggers)


def _parse_row(row: dict[str, str], where: str) -> Trigger:
    lemma = row["lemma"].strip().lower()
    pos = row["pos"].strip().upper()
    relation = row["relation"].strip()
    if not lemma:
        raise InputError(f"{where}: empty lemma")
    if pos not in _POS:
        raise InputError(f"{where}: part of speech {pos!r} is not one of {sorted(_POS)}")
    try:
        family = family_of(relation)
    except KeyError:
        raise InputError(
            f"{where}: relation {relation!r} is not declared in the ontology"
        ) from None
    slots = tuple(s.strip().lower() for s in row["slots"].split("|") if s.strip())
    if not slots:
        raise InputError(f"{where}: no object slot (dobj or a preposition) for {lemma!r}")
    requires = None
    if row["requires"].strip():
        dep, _, words = row["requires"].strip().partition(":")
        lemmas = tuple(w.strip().lower() for w in words.split("|") if w.strip())
        if not dep or not lemmas:
            raise InputError(f"{where}: 'requires' must look like dep:lemma|lemma")
        requires = (dep.strip(), lemmas)
    flags = {f.strip().lower() for f in row["flags"].split("|") if f.strip()}
    if not flags <= _FLAGS:
        raise InputError(
            f"{where}: unknown flags {sorted(flags - _FLAGS)} (known: {sorted(_FLAGS)})"
        )
    return Trigger(
        lemma=lemma,
        pos=pos,
        relation=relation,
        family=family,
        cameo=row["cameo"].strip() or None,
        object_prepositions=tuple(s for s in slots if s != DOBJ),
        direct_object=DOBJ in slots,
        requires=requires,
        negated_only="negated-only" in flags,
        inverse="inverse" in flags,
        person_object="person-object" in flags,
        owned_object="owned-object" in flags,
        agent_noun="agent-noun" in flags,
        source=row["source"].strip() or "hand",
    )


def read_lexicon(path: Path) -> Lexicon:
    """Parse a relations CSV ("#" lines are comments); InputError names the file and line."""
    triggers = [
        _parse_row(row, f"{path}:{number}")
        for number, row in read_data_csv(path, "relation lexicon", _COLUMNS)
    ]
    return Lexicon(tuple(triggers))


@cache
def _load_cached(paths: tuple[Path, ...]) -> Lexicon:
    lexicons = [read_lexicon(path) for path in paths]
    hand = {(t.lemma, t.pos) for t in lexicons[0]}
    hand_forms = {(t.lemma, t.pos, t.requires) for t in lexicons[0]}
    for path, derived in zip(paths[1:], lexicons[1:], strict=True):
        clash = sorted(
            {
                t.lemma
                for t in derived
                if (t.lemma, t.pos, t.requires) in hand_forms
                or ((t.lemma, t.pos) in hand and t.requires is None)
            }
        )
        if clash:
            raise InputError(
                f"{path}: lemmas {clash[:5]} are also in {paths[0]}; regenerate it with "
                "python -m graphbuild.extract.cameo"
            )
    return Lexicon(tuple(t for lexicon in lexicons for t in lexicon))


def load_lexicon(path: Path | str | None = None) -> Lexicon:
    """The relation lexicon, parsed once per path: `path` alone, or by default the hand rows of
    `ontology/relations.csv` followed by the CAMEO-derived rows of `relations-cameo.csv` (which
    add no verb of the hand file except with a required dependent its hand rows lack)."""
    if path is not None:
        return _load_cached((Path(path),))
    return _load_cached((ontology_file(LEXICON_FILE), ontology_file(DERIVED_FILE)))


# ---- where the rows occur in a parsed document ------------------------------------------------


@lru_cache(maxsize=8)
def _matcher(vocab: Vocab, lexicon: Lexicon) -> DependencyMatcher:
    """A DependencyMatcher with one pattern per lexicon row, keyed by the row's position."""
    matcher = DependencyMatcher(vocab, validate=True)
    for number, trigger in enumerate(lexicon.triggers):
        anchor: dict[str, object] = {
            "RIGHT_ID": "trigger",
            "RIGHT_ATTRS": {"LEMMA": trigger.lemma, "POS": trigger.pos},
        }
        pattern: list[dict[str, object]] = [anchor]
        if trigger.requires is not None:
            dep, lemmas = trigger.requires
            pattern.append(
                {
                    "LEFT_ID": "trigger",
                    "REL_OP": ">",
                    "RIGHT_ID": "required",
                    "RIGHT_ATTRS": {"DEP": dep, "LEMMA": {"IN": list(lemmas)}},
                }
            )
        matcher.add(f"trigger-{number}", [pattern])
    return matcher


_TriggerIndex = dict[tuple[int, int], tuple[tuple[int, Trigger], ...]]
# id(lexicon) -> (lexicon, its index): hashing a whole lexicon for an lru_cache costs more per
# document than the lookups it saves; holding the lexicon keeps its id unique
_TRIGGER_INDEXES: dict[int, tuple[Lexicon, _TriggerIndex]] = {}


def _trigger_index(lexicon: Lexicon) -> _TriggerIndex:
    """Lexicon rows by (lemma hash, coarse POS id): the anchor every matcher pattern needs."""
    known = _TRIGGER_INDEXES.get(id(lexicon))
    if known is not None and known[0] is lexicon:
        return known[1]
    if len(_TRIGGER_INDEXES) >= 8:
        _TRIGGER_INDEXES.clear()
    index: dict[tuple[int, int], list[tuple[int, Trigger]]] = {}
    for number, trigger in enumerate(lexicon.triggers):
        key = (get_string_id(trigger.lemma), POS_IDS[trigger.pos])
        index.setdefault(key, []).append((number, trigger))
    result = {key: tuple(rows) for key, rows in index.items()}
    _TRIGGER_INDEXES[id(lexicon)] = (lexicon, result)
    return result


def find_triggers(doc: Doc, lexicon: Lexicon) -> list[tuple[Token, Trigger, Token | None]]:
    """Every (trigger token, lexicon row, required dependent) in the document, in text order.

    Same result as running `_matcher` over the document, but the matcher (slow: one pattern per
    row) only runs when a row's required dependent is ambiguous; otherwise a lemma lookup does.
    """
    if not doc.has_annotation("DEP"):
        return _matched_triggers(doc, lexicon)
    index = _trigger_index(lexicon)
    found: list[tuple[Token, Trigger, Token | None]] = []
    for i, (lemma, pos) in enumerate(doc.to_array([LEMMA, POS]).tolist()):
        rows = index.get((lemma, pos))
        if rows is None:
            continue
        token = doc[i]
        kids: list[tuple[str, str, Token]] | None = None  # read once: a verb may have ~20 rows
        for _, trigger in rows:
            if trigger.requires is None:
                found.append((token, trigger, None))
                continue
            if kids is None:
                kids = [(c.dep_, c.lemma_, c) for c in token.children]
            dep, lemmas = trigger.requires
            required = [c for d, lemma, c in kids if d == dep and lemma in lemmas]
            if len(required) > 1:
                return _matched_triggers(doc, lexicon)
            if required:
                found.append((token, trigger, required[0]))
    return found


def _matched_triggers(doc: Doc, lexicon: Lexicon) -> list[tuple[Token, Trigger, Token | None]]:
    """`find_triggers` through the DependencyMatcher itself."""
    matcher = _matcher(doc.vocab, lexicon)
    found: dict[tuple[int, int], tuple[Token, Trigger, Token | None]] = {}
    for match_id, token_ids in matcher(doc):
        number = int(doc.vocab.strings[match_id].rpartition("-")[2])
        trigger = lexicon.triggers[number]
        token = doc[token_ids[0]]
        required = doc[token_ids[1]] if len(token_ids) > 1 else None
        found.setdefault((token.i, number), (token, trigger, required))
    return [found[key] for key in sorted(found)]
