"""The lexicon pass: every trigger of `ontology/relations.csv` in a document, handed to the
first construction family that takes it (verbal, predicative, membership, agent noun, nominal),
with the trigger's context (polarity, modality, speaker) assessed once.

Triggers are found with a spaCy DependencyMatcher (one pattern per lexicon row), or by a lemma
lookup giving the same result where no row's required dependent is ambiguous.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.attrs import LEMMA, POS
from spacy.matcher import DependencyMatcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from graphbuild.extract.lexicon import Lexicon, Trigger
from graphbuild.extract.modality import is_conditional
from graphbuild.extract.rules.agent_nouns import agent_noun_candidates
from graphbuild.extract.rules.context import RuleContext
from graphbuild.extract.rules.membership import aspired, constituent, member_candidates
from graphbuild.extract.rules.nominal import nominal_candidates
from graphbuild.extract.rules.verbal import adjective_candidates, verbal_candidates
from graphbuild.extract.spans import text_span
from graphbuild.extract.statements import Candidate, Finding
from graphbuild.extract.syntax import prep_objects
from graphbuild.extract.vocabulary import load_vocabulary
from graphbuild.records import Family, Modality, Polarity

Propose = Callable[[Token, Trigger, RuleContext], list[Candidate]]


@dataclass(frozen=True, slots=True)
class TriggerFamily:
    """A construction family of lexicon triggers: which rows it takes and how it finds their
    arguments. The first family (in `FAMILIES` order) that takes a row proposes for it."""

    name: str
    takes: Callable[[Trigger, RuleContext], bool]
    propose: Propose


def _membership_noun(trigger: Trigger, ctx: RuleContext) -> bool:
    return trigger.family is Family.MEMBER_OF and trigger.lemma in ctx.cues.membership_nouns


# In order: a noun row that is a membership noun is read as one even if it names an agent.
FAMILIES: tuple[TriggerFamily, ...] = (
    TriggerFamily(
        "verbal",
        lambda t, _: t.pos == "VERB",
        lambda token, t, ctx: verbal_candidates(token, t, ctx.cues),
    ),
    TriggerFamily(
        "predicative",
        lambda t, _: t.pos == "ADJ",
        lambda token, t, ctx: adjective_candidates(token, t),
    ),
    TriggerFamily(
        "membership",
        _membership_noun,
        lambda token, t, ctx: member_candidates(token, t, ctx.cues),
    ),
    TriggerFamily(
        "agent-noun",
        lambda t, _: t.agent_noun,
        lambda token, t, ctx: agent_noun_candidates(token, t, ctx.cues),
    ),
    TriggerFamily(
        "nominal",
        lambda t, _: True,
        lambda token, t, ctx: nominal_candidates(token, t, ctx.cues, ctx.lexicon),
    ),
)


def family_for(trigger: Trigger, ctx: RuleContext) -> TriggerFamily:
    """The construction family that reads a lexicon row (looked up once per row and document)."""
    known = ctx.families.get(id(trigger))
    if known is None:
        known = ctx.families[id(trigger)] = next(f for f in FAMILIES if f.takes(trigger, ctx))
    return known


def findings(ctx: RuleContext) -> Iterator[Finding]:
    """One finding per lexicon trigger with arguments, in text order."""
    for token, trigger, required in find_triggers(ctx.doc, ctx.lexicon):
        # a word inside a name ("Strike Group", "Summit Hotel") triggers nothing
        if ctx.index.at_token(token.i) is not None:
            continue
        finding = _from_trigger(ctx, token, trigger, required)
        if finding is not None:
            yield finding


def _from_trigger(
    ctx: RuleContext, token: Token, trigger: Trigger, required: Token | None
) -> Finding | None:
    if trigger.pos == "VERB" and trigger.family is Family.ATTACK and _penalised(ctx, token):
        return None  # "the EU hit Russia with sanctions" imposes them (their noun says so)
    candidates = family_for(trigger, ctx).propose(token, trigger, ctx)
    if not any(c.subjects or c.objects for c in candidates):
        return None  # no argument at all: spare the context assessment
    context = ctx.assess(token)
    if (
        trigger.family is Family.MEMBER_OF
        and context.modality is not Modality.HYPOTHETICAL
        and aspired(token, ctx.cues)
    ):
        context = replace(context, modality=Modality.HYPOTHETICAL)
    if (
        trigger.pos == "NOUN"
        and trigger.family is Family.COOPERATE
        and trigger.relation != "cooperatesWith"  # a partnership lasts; a meeting happens
        and token.dep_ == "nsubj"
        and context.modality is Modality.ASSERTED
        and any(
            c.dep_ == "aux" and c.lower_ in ctx.cues.future_auxiliaries for c in token.head.children
        )
    ):
        # "his meeting with Trump will bring progress": an event that will bring is to come
        context = replace(context, modality=Modality.FUTURE)
    polarity = context.polarity
    if trigger.negated_only:
        # "don't trust" signals distrust; plain "trust" signals nothing
        if polarity is Polarity.POSITIVE:
            return None
        polarity = Polarity.POSITIVE
        if (
            context.modality is Modality.HYPOTHETICAL
            and any(
                c.dep_ == "aux" and c.lower_ in load_vocabulary().cues.ability_auxiliaries
                for c in token.children
            )
            and not is_conditional(token, ctx.cues)
        ):
            # "Putin cannot be trusted" states distrust; it is not a hypothesis
            context = replace(context, modality=Modality.ASSERTED)
    # the trigger's words: "set up", "taken the lead", but not "send more 'defensive weapons"
    near = required is not None and abs(required.i - token.i) <= 2
    first = min(token.i, required.i) if near and required is not None else token.i
    last = max(token.i, required.i) if near and required is not None else token.i
    return Finding(
        token,
        trigger,
        candidates,
        context,
        polarity,
        text_span(ctx.doc[first : last + 1]),
        known_groups_only=constituent(token, trigger, ctx.cues),
    )


def _penalised(ctx: RuleContext, verb: Token) -> bool:
    """True if the verb's "with" phrase is a penalty ("hit Russia with sanctions")."""
    return any(
        t.relation == "sanctions"
        for noun in prep_objects(verb, ("with",))
        for t in ctx.lexicon.lookup(noun.lemma_, "NOUN")
    )


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
