"""Parsed sentences -> relation statements between resolved actors, with provenance.

Triggers come from the lexicon (`ontology/relations.csv`) through a spaCy DependencyMatcher;
each rule below finds the trigger's arguments in the dependency tree (active, passive,
coordinated, relative, complement and nominal forms) and maps them to entities via the
`EntityIndex`. Polarity, modality and speaker come from `graphbuild.extract.modality`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.attrs import LEMMA, ORTH, POS
from spacy.matcher import DependencyMatcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from graphbuild.extract.coref import COORDINATION_PENALTY as _COORDINATION_PENALTY
from graphbuild.extract.coref import PLURAL_PRONOUNS as _PLURAL_PRONOUNS
from graphbuild.extract.coref import PRONOUN_PENALTY as _PRONOUN_PENALTY
from graphbuild.extract.coref import Arg as _Arg
from graphbuild.extract.coref import Coref
from graphbuild.extract.entities import EntityIndex
from graphbuild.extract.gazetteer import Gazetteer, load_gazetteer
from graphbuild.extract.lexicon import Lexicon, Trigger, load_lexicon
from graphbuild.extract.modality import (
    Context,
    CueWords,
    assess,
    is_conditional,
    load_cue_words,
    quotation_spans,
)
from graphbuild.extract.role_rules import CONFIDENCE as _ROLE_RULE_CONFIDENCE
from graphbuild.extract.role_rules import proposals as _role_proposals
from graphbuild.extract.spans import sentence_index, sentence_span, text_span
from graphbuild.extract.syntax import children as _children
from graphbuild.extract.syntax import prep_objects as _prep_objects
from graphbuild.records import (
    Document,
    Entity,
    EntityKind,
    Family,
    Modality,
    Polarity,
    Statement,
    TextSpan,
)

_ACTIVE_SUBJ_DEPS = frozenset({"nsubj"})
_PASSIVE_SUBJ_DEPS = frozenset({"nsubjpass"})
_SUBJ_DEPS = _ACTIVE_SUBJ_DEPS | _PASSIVE_SUBJ_DEPS
_OBJ_DEPS = frozenset({"dobj"})
_AGENT_DEPS = frozenset({"agent"})
_PASSIVE_AUX_DEPS = frozenset({"auxpass"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Prepositions of a time adjunct whose event involves the clause's subject ("after talks with").
_TIME_PREPOSITIONS = frozenset({"after", "following", "during"})
# Dependents of a nominal trigger that name its agent ("Trump's summit", "the Putin-Trump talks").
_NOMINAL_AGENT_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
# Object control: "pressed Putin to meet Trump" makes Putin the one who meets.
_CONTROL_OBJ_DEPS = frozenset({"dobj"})
# Families whose object must be a group (coalition or organisation), never a person or state.
_GROUP_OBJECT_FAMILIES = frozenset({Family.MEMBER_OF, Family.LEADS})
_GROUP_KINDS = frozenset({EntityKind.COALITION, EntityKind.ORGANIZATION})
# Families where a person acting on their own state is not an interaction.
_INTERACTION_FAMILIES = frozenset({Family.COOPERATE, Family.SUPPORT, Family.OPPOSE, Family.ATTACK})
# Families whose verbs express an attitude to the owner of their object ("Trump's plan").
_ATTITUDE_FAMILIES = frozenset({Family.SUPPORT, Family.OPPOSE})
# Families whose target may be a company, official or force standing for its demonym's state
# ("sanctioned Russian oil companies"); meeting a Russian company is not meeting Russia.
_HOSTILE_FAMILIES = frozenset({Family.OPPOSE, Family.ATTACK})
# Families where "A and B met" / "talks between A and B" relate the coordinated actors.
_RECIPROCAL_FAMILIES = frozenset({Family.COOPERATE})

# Confidence of each rule when both arguments are named outright.
_RULE_CONFIDENCE = {
    "svo-active": 0.85,
    "svo-passive": 0.75,
    "svo-relative": 0.75,
    "svo-participle": 0.75,
    "svo-complement": 0.7,
    "svo-predicate": 0.75,
    "svo-jurisdiction": 0.65,
    "appeal-punish": 0.6,
    "threat-complement": 0.7,
    "naming": 0.75,
    "speaker-predicate": 0.7,
    "stance-modifier": 0.6,
    "svo-coordination": 0.6,
    "reciprocal": 0.7,
    "nominal": 0.75,
    "nominal-light-verb": 0.7,
    "nominal-between": 0.75,
    "nominal-agent": 0.7,
    "nominal-received": 0.7,
    "compound-participle": 0.75,
    "copula-member": 0.85,
    "apposition-member": 0.75,
    "as-member": 0.75,
    "member-examples": 0.7,
    **_ROLE_RULE_CONFIDENCE,  # rules that read the predicate-argument layer (role_rules.py)
}
# Nouns for what someone writes or says, whose participle clause is the author's act.
_MESSAGE_NOUNS = frozenset(
    {
        "statement",
        "post",
        "letter",
        "message",
        "speech",
        "tweet",
        "video",
        "interview",
        "article",
        "piece",
        "op-ed",
        "column",
        "remark",
        "comment",
        "communique",
        "declaration",
        "essay",
    }
)
# Verbs that name with "as" ("described Putin as a war criminal").
_AS_NAMING = frozenset({"describe", "brand", "label", "denounce", "portray", "characterise"})
_ABILITY_AUXILIARIES = frozenset({"can", "ca", "could"})
_OBJECT_PRONOUNS = frozenset({"him", "her"})
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its"})
_STATE_KINDS = frozenset({EntityKind.STATE})
_MAX_RECIPROCAL = 4
# The pseudo-trigger of an appeal to punish someone ("called for X to be banned").
_APPEAL = Trigger(lemma="call", pos="VERB", relation="opposes", family=Family.OPPOSE, cameo="112")
# Pseudo-triggers of stance prefixes ("a pro-Palestine band", "anti-Trump Republicans").
_STANCE_TRIGGERS = {
    "pro": Trigger(lemma="pro", pos="ADJ", relation="supports", family=Family.SUPPORT, cameo="051"),
    "anti": Trigger(lemma="anti", pos="ADJ", relation="opposes", family=Family.OPPOSE, cameo="110"),
}
# The pseudo-trigger of calling someone a name ("called Zelensky a dictator").
_NAMING = Trigger(
    lemma="call", pos="VERB", relation="criticises", family=Family.OPPOSE, cameo="111"
)
_PRAISING = Trigger(
    lemma="call", pos="VERB", relation="praises", family=Family.SUPPORT, cameo="051"
)
# Prepositions that introduce the target of a threatened or demanded act.
_TARGET_PREPOSITIONS = ("on", "against", "to", "at", "into", "from")
_DASHES = frozenset({"\u2013", "\u2014", "--", "-"})
_MAX_ASIDE = 20
_VERBAL_ATTACK = "criticises"


def _with_reason(verb: Token) -> bool:
    """ "attacked Spain for refusing ...", "attacked Spain over the decision": a reason given as
    a gerund after "for" or a noun after "over" (not a time: "over the weekend")."""
    for c in verb.children:
        if c.dep_ != "prep":
            continue
        if c.lower_ == "for" and any(g.tag_ == "VBG" for g in c.children):
            return True
        if c.lower_ == "over" and any(
            g.dep_ == "pobj" and g.ent_type_ not in {"DATE", "TIME"} for g in c.children
        ):
            return True
    return False


_PASSIVE_DEPS = _PASSIVE_AUX_DEPS | _PASSIVE_SUBJ_DEPS


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in _PASSIVE_DEPS for c in verb.children)


def _subjects_of(verb: Token, depth: int = 0) -> tuple[list[Token], str]:
    """Subject tokens of a verb and the rule that found them (walking up xcomp, conj, relcl)."""
    passive = _is_passive(verb)
    direct = [c for c in verb.children if c.dep_ in _ACTIVE_SUBJ_DEPS]
    if passive:
        direct = [p for a in _children(verb, _AGENT_DEPS) for p in _children(a, {"pobj"})]
    if direct:
        subject = direct[0]
        # "Putin, who invaded Ukraine": the relative pronoun stands for the head noun
        if subject.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return [verb.head], "svo-relative"
        return [subject], "svo-passive" if passive else "svo-active"
    if depth > 3 or (passive and verb.dep_ in {"xcomp", "relcl", "advcl"}):
        return [], ""  # "called for Kneecap to be banned": the caller is not the banner
    head = verb.head
    while verb.dep_ == "xcomp" and head.pos_ not in {"VERB", "AUX"} and head.head != head:
        head = head.head  # "worked so hard to assemble": the complement hangs on the adverb
    purpose = verb.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )
    if (verb.dep_ == "xcomp" or purpose) and head != verb:
        # "sent troops to help Russia": a purpose clause shares the main clause's subject
        # "agreed to meet", "continue to pound", "is set to visit", "pressed Putin to meet"
        objects = [] if purpose else _children(head, _CONTROL_OBJ_DEPS)
        if not purpose and not objects:
            # "called on Europe to increase pressure": the one called on is the one who acts
            objects = [o for o in _prep_objects(head, ("on", "upon")) if head.i < o.i < verb.i]
        controllers = [c for c in objects if c.lower_ not in _RELATIVE_PRONOUNS] or _children(
            head, _SUBJ_DEPS
        )
        if controllers:
            return controllers[:1], "svo-complement"
        subjects, _ = _subjects_of(head, depth + 1)
        return subjects, "svo-complement"
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and head != verb
        and head.pos_ in {"VERB", "AUX"}
    ):
        # "Zelensky welcomed the deal, thanking Britain": a participle adjunct shares the main
        # clause's subject (the grammatical one: "was greeted by Starmer, thanking him")
        if _is_passive(head):
            return _children(head, _PASSIVE_SUBJ_DEPS), "svo-complement"
        subjects, _ = _subjects_of(head, depth + 1)
        return subjects, "svo-complement"
    if verb.dep_ == "conj" and head != verb and head.pos_ in {"VERB", "AUX"}:
        # "Trump met Putin and praised him": the second verb shares the first one's subject;
        # not across an opening quotation mark ('described it as "a war," saying it "could have
        # gone on and destroyed ...': the parser joined a quoted verb to the narrator's)
        marks = sum(
            verb.doc[i].is_quote for i in range(min(head.i, verb.i) + 1, max(head.i, verb.i))
        )
        if marks % 2:
            return [], ""
        subjects, _ = _subjects_of(head, depth + 1)
        return subjects, "svo-coordination"
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        author = _message_author(head)
        if author is not None:
            # "issued a statement condemning Russia", "wrote a piece affirming her support"
            subjects, _ = _subjects_of(author, depth + 1)
            return subjects, "svo-complement"
        # "forces pounding Kyiv"
        return [head], "svo-participle"
    if verb.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        # "Ukraine's bid to join NATO": the noun's owner is the one who would act
        return _children(head, {"poss"}), "svo-complement"
    if (
        verb.dep_ == "pcomp"
        and head.lower_ in {"by", "after", "before"}
        and head.head.pos_ == "VERB"
    ):
        # "Iran responded by firing missiles at Israel"
        subjects, _ = _subjects_of(head.head, depth + 1)
        return subjects, "svo-complement"
    return [], ""


def _comitatives(token: Token) -> list[Token]:
    """Objects of "alongside X", "along with X", "together with X" hanging on a token."""
    found: list[Token] = []
    for prep in _children(token, {"prep"}):
        if prep.lower_ == "alongside":
            found += _children(prep, {"pobj"})
        elif prep.lower_ in {"along", "together"} or (
            prep.lower_ == "with" and any(c.lower_ in {"along", "together"} for c in token.children)
        ):
            found += [p for w in [prep, *_children(prep, {"prep"})] for p in _children(w, {"pobj"})]
    return found


def _message_author(noun: Token) -> Token | None:
    """The verb whose subject wrote a message noun ("issued a statement", "wrote a piece in the
    Irish Times", "posted a video", "on his account with a lengthy post")."""
    if noun.lemma_.lower() not in _MESSAGE_NOUNS:
        return None
    node = noun
    if node.dep_ == "pobj" and node.head.lower_ in {"with", "in"}:
        node = node.head
    if node.dep_ in {"dobj", "prep"} and node.head.pos_ == "VERB":
        return node.head
    return None


def _verb_objects(verb: Token, trigger: Trigger, cues: CueWords) -> list[Token]:
    """Object tokens of a verbal trigger: direct object, passive subject, prepositional object."""
    objects: list[Token] = []
    required = trigger.requires[0] if trigger.requires else None
    dobjs = _children(verb, _OBJ_DEPS)
    if _is_passive(verb) and trigger.direct_object:
        objects.extend(_children(verb, _PASSIVE_SUBJ_DEPS))
        if verb.dep_ == "relcl" and any(o.lower_ in _RELATIVE_PRONOUNS for o in objects):
            # "Zelensky, who is backed by Britain": the pronoun stands for the head noun
            objects = [o for o in objects if o.lower_ not in _RELATIVE_PRONOUNS] + [verb.head]
        if not objects and verb.dep_ == "acl":
            # "the coalition, set up by Starmer and Macron"
            objects.append(verb.head)
    if trigger.direct_object and required != "dobj":
        objects.extend(c for c in dobjs if c.lower_ not in _RELATIVE_PRONOUNS)
        if verb.dep_ == "relcl" and any(c.lower_ in _RELATIVE_PRONOUNS for c in dobjs):
            # "the coalition which Starmer and Macron assembled"
            objects.append(verb.head)
    objects.extend(_prep_objects(verb, trigger.object_prepositions))
    objects.extend(_bare_datives(verb, trigger))
    if (
        trigger.family is Family.ATTACK
        and trigger.direct_object
        and all(d.lemma_.lower() in cues.target_nouns for d in dobjs)
    ):
        # "struck three nuclear facilities in Iran", "targeting nine sites across Pakistan";
        # but "sites in India across Punjab and Gujarat" lists regions of the place named
        placed = any(_prep_objects(d, ("in", "of")) for d in dobjs)
        objects.extend(
            _prep_objects(verb, ("in", "inside") if placed else ("in", "inside", "across"))
        )
    # "sent weapons to Kyiv", "fund air defence systems for Ukraine": the parser may hang the
    # recipient on the direct object
    recipients = tuple(p for p in trigger.object_prepositions if p != "of")
    for dobj in dobjs:
        objects.extend(_prep_objects(dobj, recipients))
    if verb.dep_ == "relcl" and not objects and trigger.direct_object and not dobjs:
        # "the coalition Starmer assembled" (no relative pronoun)
        objects.append(verb.head)
    return objects


def _bare_datives(verb: Token, trigger: Trigger) -> list[Token]:
    """The recipient of "sent Ukraine weapons", "gave Kyiv military aid" (a "to" object without
    its preposition)."""
    if "to" not in trigger.object_prepositions:
        return []
    return [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"]


def _complement_targets(verb: Token) -> list[Token]:
    """Who an infinitive act is aimed at: its direct object and its on/against/to/at objects
    (on the verb or on its object: "impose tariffs on Brazil", "cut aid to Israel")."""
    objects = _children(verb, _OBJ_DEPS)
    targets = [o for o in objects if o.lower_ not in _RELATIVE_PRONOUNS]
    for holder in [verb, *objects]:
        targets += _prep_objects(holder, _TARGET_PREPOSITIONS)
    if not _prep_objects(verb, _TARGET_PREPOSITIONS):
        targets += [t for holder in objects for t in _after_aside(holder, _TARGET_PREPOSITIONS)]
    return targets


def _after_aside(token: Token, preps: tuple[str, ...]) -> list[Token]:
    """ "impose tariffs – yes, he's back on that horse – on Brazil": the parser loses a phrase
    that resumes after a dash-enclosed aside; its object is the one after the closing dash."""
    doc = token.doc
    start = token.right_edge.i + 1
    if start >= len(doc) or doc[start].text not in _DASHES:
        return []
    for i in range(start + 1, min(len(doc) - 1, start + _MAX_ASIDE)):
        if doc[i].text in _DASHES:
            prep = doc[i + 1]
            if prep.lower_ in preps:
                return [c for c in prep.children if c.dep_ == "pobj"]
            return []
        if doc[i].is_sent_start:
            return []
    return []


def _adjective_candidates(adjective: Token, trigger: Trigger) -> list[_Candidate]:
    """Evaluative predicates: "Trump was not happy with Putin", "became angry over X"."""
    if adjective.dep_ not in {"acomp", "attr", "oprd"}:
        return []
    subjects, rule = _subjects_of(adjective.head)
    if not subjects:
        return []
    objects = _prep_objects(adjective, trigger.object_prepositions)
    if not objects and adjective.dep_ == "acomp":
        # "he was 'not happy' with Putin": the parser may hang the target on the copula
        objects = _prep_objects(adjective.head, trigger.object_prepositions)
    return [_Candidate(subjects, objects, "svo-predicate" if rule == "svo-active" else rule)]


def _relcl_object(verb: Token, trigger: Trigger) -> list[Token]:
    """ "the coalition which Starmer and Macron have worked so hard to assemble": xcomp in relcl."""
    node = verb
    while node.dep_ in {"xcomp", "advmod"} and node.head != node:
        node = node.head
    objects = _children(verb, _OBJ_DEPS)
    if (
        node != verb
        and node.dep_ == "relcl"
        and trigger.direct_object
        and (not objects or any(c.lower_ in _RELATIVE_PRONOUNS for c in objects))
    ):
        return [node.head]
    return []


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


@dataclass(frozen=True, slots=True)
class _Candidate:
    """Subject and object tokens proposed by one rule for one trigger."""

    subjects: list[Token]
    objects: list[Token]
    rule: str
    reciprocal: bool = False
    coordinated_subjects: bool = True  # expand the subjects' conjuncts
    subject_kinds: frozenset[EntityKind] | None = None  # only subjects of these kinds
    speaker_subject: bool = False  # the subject is the one who says it


_OBJECT_LIKE_DEPS = _OBJ_DEPS | _PASSIVE_SUBJ_DEPS


def _naming_complement(verb: Token) -> Token | None:
    """The name in "called Putin a war criminal" (object predicate, or an apposition the parser
    hangs on the object without a comma between them)."""
    for child in verb.children:
        if child.dep_ == "oprd":
            return child
        if child.dep_ == "prep" and child.lower_ == "as" and verb.lemma_.lower() in _AS_NAMING:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
        if child.dep_ in _OBJECT_LIKE_DEPS:
            for appos in _children(child, {"appos"}):
                before = verb.doc[appos.left_edge.i - 1]
                if before.i == child.i or (before.head == child and not before.is_punct):
                    return appos
    return None


def _after_comma(verb: Token) -> bool:
    """True for ", (sometimes) called": a participle the parser mistook for a finite verb."""
    before = verb.i - 1
    while before >= 0 and verb.doc[before].dep_ == "advmod" and verb.doc[before].head == verb:
        before -= 1
    return before >= 0 and verb.doc[before].text == "," and verb.tag_ in {"VBN", "VBD"}


def _placed_posture(verb: Token, trigger: Trigger, cues: CueWords) -> bool:
    """True for a posture verb with a place ("stood with Netanyahu at the White House"), which
    says where someone stood rather than whom they stand with."""
    if verb.lemma_.lower() not in cues.posture_verbs:
        return False
    for prep in _children(verb, {"prep"}):
        if prep.lower_ in trigger.object_prepositions:
            continue
        named = prep.lower_ in cues.named_place_prepositions and any(
            p.pos_ == "PROPN" for p in _children(prep, {"pobj"})
        )
        if prep.lower_ in cues.locative_prepositions or named:
            return True
    return False


def _posture_objects(verb: Token, trigger: Trigger) -> list[Token]:
    """ "stand shoulder to shoulder with Ukraine", "stands united with Kyiv": the posture's
    manner phrase carries the object."""
    found: list[Token] = []
    for child in _children(verb, {"dobj", "acomp", "advmod"}):
        holders = [child, *(p for prep in _children(child, {"prep"}) for p in prep.children)]
        # "shoulder to shoulder", "side by side": the repeated noun may hang on the verb
        holders += [
            p
            for prep in _children(verb, {"prep"})
            for p in _children(prep, {"pobj"})
            if p.lemma_ == child.lemma_
        ]
        found += [o for h in holders for o in _prep_objects(h, trigger.object_prepositions)]
    return found


def _verbal_candidates(verb: Token, trigger: Trigger, cues: CueWords) -> list[_Candidate]:
    named = _children(verb, {"oprd"}) or _naming_complement(verb) is not None
    if (named and trigger.family not in _ATTITUDE_FAMILIES) or (
        verb.lemma_.lower() in cues.naming_verbs
        and (verb.dep_ in {"acl", "amod"} or _is_passive(verb) or _after_comma(verb))
    ):
        # "called Putin a war criminal", "sometimes called X" name, they do not phone; an
        # attitude verb keeps its sense ("denounced the coalition as a threat")
        return []
    if trigger.family in _ATTITUDE_FAMILIES and _placed_posture(verb, trigger, cues):
        return []  # "stood with Netanyahu at the White House" is where he stood
    if trigger.inverse and not trigger.direct_object:
        # "the alliance consisted of France, Britain and Russia", "the EU is made up of 27
        # states": the group is the subject, its members the prepositional objects
        groups = _antecedents(_children(verb, _SUBJ_DEPS))
        members = _prep_objects(verb, trigger.object_prepositions)
        return [_Candidate(members, groups, "svo-active")]
    if trigger.inverse:
        # "the EU admitted Croatia", "Montenegro was admitted to the UN": the one admitted is
        # the relation's subject, the admitting group (subject, agent or "to" object) its object
        passive = _is_passive(verb)
        members = _children(verb, _PASSIVE_SUBJ_DEPS if passive else _OBJ_DEPS)
        groups = _prep_objects(verb, ("to", "into", *trigger.object_prepositions))
        groups += [p for a in _children(verb, _AGENT_DEPS) for p in _children(a, {"pobj"})]
        if not passive and not groups:
            # "the G7 includes Japan", "APEC, which includes Western nations"; but "the EU
            # included Russia in its sanctions list" puts Russia in the list, not in the EU
            groups = _antecedents(_children(verb, _ACTIVE_SUBJ_DEPS))
        return [_Candidate(members, groups, "svo-passive" if passive else "svo-active")]
    subjects, rule = _subjects_of(verb)
    if not trigger.direct_object and _is_passive(verb) and not subjects:
        # "TBS is affiliated to X": with no object slot, the passive subject is the actor
        subjects, rule = _children(verb, _PASSIVE_SUBJ_DEPS), "svo-passive"
    if not subjects and _is_passive(verb) and verb.lemma_.lower() in cues.jurisdiction_verbs:
        # "Palestine Action was proscribed in the United Kingdom": the state it happens in acts
        # ("proscribed as a terrorist group in Britain", "banned from Hungary")
        complements = [p for a in _children(verb, {"prep"}) if a.lower_ == "as" for p in a.children]
        places = [p for h in [verb, *complements] for p in _prep_objects(h, ("in", "from"))]
        objects = _verb_objects(verb, trigger, cues)
        return [_Candidate(places, objects, "svo-jurisdiction", subject_kinds=_STATE_KINDS)]
    objects = _verb_objects(verb, trigger, cues) or _relcl_object(verb, trigger)
    if not objects and verb.lemma_.lower() in cues.posture_verbs:
        objects = _posture_objects(verb, trigger)
    if not objects and trigger.family is Family.OPPOSE and trigger.lemma in cues.appeal_verbs:
        # "demanded that Ukraine withdraw from Donetsk": the demand is made of the clause's subject
        objects = [s for c in _children(verb, {"ccomp"}) for s in _children(c, _ACTIVE_SUBJ_DEPS)]
        rule = "svo-complement" if objects and rule == "svo-active" else rule
    if not objects and trigger.direct_object and not _children(verb, _OBJ_DEPS):
        # "Britain condemned and sanctioned Russia": the object is shared with the next verb
        objects = [
            o
            for c in _children(verb, {"conj"})
            if c.pos_ == "VERB" and c.i > verb.i
            for o in _children(c, _OBJ_DEPS)
            if o.lower_ not in _RELATIVE_PRONOUNS
        ]
        rule = "svo-coordination" if objects else rule
    if not objects and trigger.lemma in cues.threat_verbs:
        # "threatened to impose tariffs on Brazil": the threat is toward the act's target
        objects = [o for c in _children(verb, {"xcomp"}) for o in _complement_targets(c)]
        rule = "threat-complement" if objects and rule == "svo-active" else rule
    if verb.dep_ in {"amod", "acl"} and verb.tag_ == "VBN":
        # "the UK-led coalition", "a coalition led by France"
        agents = [c for c in _children(verb, {"npadvmod", "compound"}) if c.i < verb.i]
        if agents:
            return [_Candidate(agents, [verb.head], "compound-participle")]
        if verb.dep_ == "amod" and subjects and not objects and trigger.direct_object:
            # "Trump hosted Mark Rutte": the parser made the verb a modifier of its object
            return [_Candidate(subjects, [verb.head], "svo-active")]
        if not subjects and verb.dep_ == "acl":
            agents = [p for a in _children(verb, _AGENT_DEPS) for p in _children(a, {"pobj"})]
            return [_Candidate(agents, [verb.head], "svo-participle")]
    if verb.tag_ == "VBN" and not subjects and not objects and verb.dep_ not in {"ROOT", "conj"}:
        # "the coalition of the willing, set up by Starmer": the parser loses the participle's
        # noun; the nearest noun above it is what was set up
        agents = [p for a in _children(verb, _AGENT_DEPS) for p in _children(a, {"pobj"})]
        noun = next((a for a in verb.ancestors if a.pos_ in {"NOUN", "PROPN"}), None)
        if agents and noun is not None:
            return [_Candidate(agents, [noun], "svo-participle")]
    if objects and subjects:
        # "Starmer, along with Macron, condemned Russia": a comitative phrase adds a subject
        subjects = subjects + [c for holder in [verb, *subjects] for c in _comitatives(holder)]
    candidates = [_Candidate(subjects, objects, rule or "svo-active")]
    # "A and B called for X" or "A and B visited Kyiv" never relate A to B: only verbs that
    # take a partner ("meet with", "talk with") are reciprocal
    partnered = bool({"with", "between"} & set(trigger.object_prepositions))
    if (
        not objects
        and trigger.family in _RECIPROCAL_FAMILIES
        and subjects
        and partnered
        and not _clausal(verb)
        and not _vague(verb, trigger)
    ):
        # "Trump and Putin met": the coordinated subjects meet each other
        candidates.append(_Candidate(subjects, [], "reciprocal", reciprocal=True))
    return candidates


def _clausal(verb: Token) -> bool:
    """True for a verb with a clause as complement: "Starmer and Macron worked so hard to
    assemble" is not working with each other."""
    return any(
        c.dep_ in {"xcomp", "ccomp"}
        or (c.dep_ == "dobj" and c.lower_ in _RELATIVE_PRONOUNS)
        or any(g.dep_ == "xcomp" for g in c.children)
        for c in verb.children
        if c.dep_ != "conj"  # "spoke by phone and agreed to ...": the next verb's complement
    )


def _vague(verb: Token, trigger: Trigger) -> bool:
    """True for "A and B worked" without "together" (but not "A and B worked on X")."""
    return trigger.relation == "cooperatesWith" and not any(
        c.lower_ == "together" for c in verb.children
    )


def _light_verb(noun: Token, cues: CueWords) -> Token | None:
    """The verb that passes its subject to an eventive noun ("held talks", "imposed sanctions")."""
    node = noun
    while node.dep_ == "conj" and node.head != node:
        node = node.head
    for _ in range(3):
        if node.dep_ != "pobj" or not _held_by_amount(node, cues):
            break
        # "announced a new package of sanctions", "pledged £150 million in military aid",
        # "a new package of £150 million in military aid"
        node = node.head.head
    if node.dep_ == "compound" and node.head.lemma_.lower() in cues.container_nouns:
        node = node.head  # "adopted its 19th sanctions package"
    head = node.head
    if (
        # "imposed sanctions on Russia", "sanctions were imposed on Russia by the EU"
        (node.dep_ == "dobj" or (node.dep_ == "nsubjpass" and _children(head, _AGENT_DEPS)))
        and head.pos_ in {"VERB", "AUX"}
        and head.lemma_.lower() in cues.light_verbs
    ):
        return head
    if node.dep_ == "pobj" and head.lower_ == "with" and head.head.pos_ == "VERB":
        return head.head  # "hit back with strikes on Russian refineries"
    if (
        node.dep_ == "pobj"
        and head.lower_ in _TIME_PREPOSITIONS
        and head.head.pos_ in {"VERB", "AUX"}
        and head.head.dep_ == "ROOT"
    ):
        return head.head  # "Following talks with Trump, Zelensky said ..."
    if node.dep_ == "pobj" and head.lower_ == "in":
        holder = head.head
        if holder.pos_ == "NOUN" and holder.dep_ == "dobj":
            holder = holder.head  # "made the same move in defence of Netanyahu"
        if holder.pos_ in {"VERB", "AUX"}:
            return holder  # "acted in defence of Netanyahu", "marched in solidarity with Kyiv"
    if (
        node.dep_ == "pobj"
        and head.lower_ == "for"
        and head.head.pos_ == "VERB"
        and head.head.lemma_.lower() in cues.motion_verbs | cues.hypothetical_governors
    ):
        # "flew to Moscow for talks with Putin"; "called for sanctions" (an appeal: the chain
        # in graphbuild.extract.modality makes it hypothetical)
        return head.head
    return None


def _held_by_amount(noun: Token, cues: CueWords) -> bool:
    """True when `noun` is what a container or a sum is of: "a package of sanctions", "£150
    million in military aid", "500 million euros of aid"."""
    prep, holder = noun.head, noun.head.head
    if prep.lower_ == "of" and holder.lemma_.lower() in cues.container_nouns:
        return True
    return prep.lower_ in {"of", "in"} and (
        holder.ent_type_ == "MONEY"
        or any(c.dep_ in {"nummod", "compound"} and c.like_num for c in holder.children)
    )


def _nominal_candidates(
    noun: Token, trigger: Trigger, cues: CueWords, lexicon: Lexicon
) -> list[_Candidate]:
    """Agents and objects of an event noun: "Trump's summit with Putin", "the Zelensky-Trump
    meeting", "talks between X and Y", "held talks with", "criticism of X by Y"."""
    if trigger.agent_noun:
        return _agent_noun_candidates(noun, trigger, cues)
    objects = _prep_objects(noun, trigger.object_prepositions)
    if not objects:
        # "his biggest air attack of the war on Ukraine": the object hangs on a kindred noun
        for inner in _prep_objects(noun, ("of",)):
            kindred = lexicon.lookup(inner.lemma_, "NOUN")
            if any(k.family is trigger.family for k in kindred):
                objects = _prep_objects(inner, trigger.object_prepositions)
    if not objects and noun.dep_ == "compound" and noun.head.lemma_.lower() in cues.container_nouns:
        # "its 19th sanctions package against Russia"
        objects = _prep_objects(noun.head, trigger.object_prepositions)
    if not objects and noun.dep_ == "pobj" and _held_by_amount(noun, cues):
        # "£150 million of military aid to Ukraine": the object hangs on the sum
        objects = _prep_objects(noun.head.head, trigger.object_prepositions)
    if not objects:
        # "new sanctions targeting Russia's shadow fleet", "strikes aimed at Kyiv"
        for acl in _children(noun, {"acl"}):
            if acl.lemma_.lower() in cues.targeting_verbs:
                objects = _children(acl, _OBJ_DEPS) + _prep_objects(acl, ("at",))
    if not objects and noun.dep_ == "pobj" and noun.head.dep_ == "agent":
        # "Kyiv was hit by a massive Russian missile strike": the target is the passive subject
        objects = _children(noun.head.head, _PASSIVE_SUBJ_DEPS)
    between = _prep_objects(noun, ("between",)) if "between" in trigger.object_prepositions else []
    objects = [o for o in objects if o not in between]
    agents = [c for c in noun.children if c.dep_ in _NOMINAL_AGENT_DEPS]
    if trigger.family is Family.MEMBER_OF:
        # "X was Britain's ambassador to NATO": Britain is the member, not X;
        # "Ukraine's NATO membership", "sought EU accession": the modifier is the group
        objects = objects or [c for c in agents if c.dep_ == "compound"]
    elif noun.dep_ == "appos":
        agents.append(noun.head)  # "Keir Starmer, the leader of the coalition"
    elif noun.dep_ == "attr" and noun.head.lemma_ == "be":
        agents += _children(noun.head, _ACTIVE_SUBJ_DEPS)  # "Starmer is the founder of X"
    # "the Zelensky-Trump meeting": the first name hangs on the second
    agents += [c for a in agents if a.dep_ == "compound" for c in _children(a, {"compound"})]
    agents += _prep_objects(noun, tuple(cues.agent_prepositions - set(trigger.object_prepositions)))
    candidates: list[_Candidate] = []
    if between:
        # "the summit between Trump and Putin"
        candidates.append(_Candidate(between, [], "nominal-between", reciprocal=True))
    if agents:
        # "the Zelensky-Trump meeting", "Trump and Putin's summit" (conjuncts count too)
        parties = {t.i for a in agents for t in (a, *a.conjuncts)}
        if not objects and len(parties) >= 2 and trigger.family in _RECIPROCAL_FAMILIES:
            # "the Zelensky-Trump meeting"
            candidates.append(_Candidate(agents, [], "nominal", reciprocal=True))
        else:
            candidates.append(_Candidate(agents, objects, "nominal"))
    verb = _light_verb(noun, cues)
    if trigger.family is Family.MEMBER_OF and _children(noun, {"poss"}):
        verb = None  # "Zelensky called for Ukraine's membership": Ukraine would be the member
    adjunct = noun.dep_ == "pobj" and noun.head.lower_ in _TIME_PREPOSITIONS
    named = [a for a in agents if a.lower_ not in _POSSESSIVE_PRONOUNS | _PLURAL_PRONOUNS]
    if adjunct and (trigger.family not in _RECIPROCAL_FAMILIES or named):
        # "after a Russian attack on Kyiv, Trump said": only a meeting or talks in a time
        # adjunct involve the clause's subject ("after his meeting with Putin, Trump ..."), and
        # only when no one else is named as its agent
        verb = None
    if verb is not None:
        # "impose tariffs on Brazil": the parser may hang the object on the verb
        if not objects and noun.dep_ == "pobj" and noun.head.lower_ == "with":
            # "slapped Russia with sanctions": the verb's object is the one it falls on
            objects = _children(verb, _OBJ_DEPS)
        objects = (
            objects
            or _prep_objects(verb, trigger.object_prepositions)
            or _bare_datives(verb, trigger)
        )
        subjects, _ = _subjects_of(verb)
        if trigger.family is Family.SUPPORT and verb.lemma_.lower() in cues.receiving_verbs:
            # "Netanyahu has the backing of Trump" receives it (below), he does not give it
            givers = _prep_objects(noun, ("of",))
            objects = [o for o in objects if o not in givers]
        if subjects:
            candidates.append(_Candidate(subjects, objects, "nominal-light-verb"))
            # "after a summit in London, the UK and France will lead ...": a time adjunct does
            # not say its subjects met each other
            if not objects and trigger.family in _RECIPROCAL_FAMILIES and not adjunct:
                # "the two leaders held talks" / "Trump and Putin held talks"
                candidates.append(_Candidate(subjects, [], "reciprocal", reciprocal=True))
    receiver = _receiving_verb(noun, cues)
    if receiver is not None:
        # "Trump faced criticism from Macron", "Israel came under attack from Iran": the
        # verb's subject is the one acted on, the "from" phrase the actor
        sources = _prep_objects(noun, ("from",)) or _prep_objects(receiver, ("from",))
        if not sources and trigger.family is Family.SUPPORT and not agents:
            # "won the backing of NATO": support one receives is of its giver ("faced criticism
            # of his policy" names a target, so only for support)
            sources = _prep_objects(noun, ("of",))
        targets, _ = _subjects_of(receiver)
        if sources and targets:
            candidates.append(_Candidate(sources, targets, "nominal-received"))
    return candidates


def _receiving_verb(noun: Token, cues: CueWords) -> Token | None:
    """The verb through which its subject undergoes an event noun ("faced criticism", "came
    under attack"), if any."""
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in cues.receiving_verbs:
        return head
    if noun.dep_ == "pobj" and head.lower_ == "under" and head.head.pos_ in {"VERB", "AUX"}:
        return head.head
    return None


def _agent_noun_candidates(noun: Token, trigger: Trigger, cues: CueWords) -> list[_Candidate]:
    """A noun naming the actor: "Starmer, a staunch supporter of Ukraine", "Britain is (has
    become) Ukraine's strongest backer", "Kremlin critic Alexei Navalny" (the possessor or
    modifier is the object)."""
    objects = _prep_objects(noun, trigger.object_prepositions)
    objects += [c for c in noun.children if c.dep_ in {"poss", "compound"}]
    if noun.dep_ == "appos":
        agents = [noun.head]
    elif noun.dep_ == "attr" and noun.head.lemma_.lower() in cues.copulas:
        agents = _children(noun.head, _ACTIVE_SUBJ_DEPS)
    elif noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "attr":
        agents = _children(noun.head.head.head, _ACTIVE_SUBJ_DEPS)  # "one of Kyiv's backers"
    elif noun.dep_ == "compound" and noun.head.pos_ == "PROPN":
        agents = [noun.head]
    else:
        agents = _children(noun, {"appos"})
    return [_Candidate(agents, objects, "nominal-agent")] if agents and objects else []


def _member_candidates(noun: Token, trigger: Trigger, cues: CueWords) -> list[_Candidate]:
    """ "X is a member of Y", "X, a member of Y", "NATO members such as Poland"."""
    groups = _prep_objects(noun, trigger.object_prepositions)
    if not groups and noun.dep_ == "attr":
        # "Mauritius became a republic within the Commonwealth": the group hangs on the copula
        groups = _prep_objects(noun.head, trigger.object_prepositions)
    # "NATO members", "a NATO member state", "Nato allies"
    owner = noun
    if noun.dep_ == "compound" and noun.head.lemma_.lower() in cues.membership_nouns:
        owner = noun.head
        groups += _prep_objects(owner, trigger.object_prepositions)
    groups += [c for c in noun.children if c.dep_ in {"compound", "poss", "nmod"}]
    # "a member of NATO and the EU" where the parser coordinates the EU with "member"
    groups += [c for c in noun.children if c.dep_ == "conj" and c.pos_ == "PROPN"]
    # "a member of the Five Eyes alliance": the name modifies a group noun
    groups += [
        c
        for g in groups
        if g.lemma_.lower() in cues.group_nouns
        for c in g.children
        if c.dep_ == "compound"
    ]
    if not groups and owner.dep_ == "dobj" and owner.head.lemma_ == "have":
        # "the Commonwealth has 56 member states, including India"
        groups = _children(owner.head, _ACTIVE_SUBJ_DEPS)
    groups = _antecedents(groups)
    if not groups:
        return []
    members: list[Token] = []
    rule = "member-examples"
    first = owner
    while (
        first.dep_ == "conj"
        or (first.dep_ == "appos" and first.head.lemma_.lower() in cues.membership_nouns)
    ) and first.head != first:
        first = first.head  # "X is a UN member state, a member state of the AU, and ..."
    if first.dep_ == "pobj" and first.head.lower_ == "of" and first.head.head.lower_ == "one":
        first = first.head.head  # "Britain is one of the founding members of NATO"
    if first.dep_ == "pobj" and first.head.lower_ == "among" and first.head.head.lemma_ == "be":
        members = _children(first.head.head, _ACTIVE_SUBJ_DEPS)  # "X was among the members"
        rule = "copula-member"
    elif first.dep_ == "attr":
        # "X is a member of Y"; "X is not a member of Y but is part of Z"
        members = _children(first.head, _ACTIVE_SUBJ_DEPS) or _subjects_of(first.head)[0]
        members = _antecedents(members)  # "Turkey, which is a member of NATO"
        rule = "copula-member"
    elif first.dep_ == "nsubj" and first.head.lemma_.lower() in {"include", "comprise", "be"}:
        # "The member states of the Arab League include Egypt and Jordan", "NATO's founding
        # members were Belgium, France and ..."
        members = _children(first.head, {*_OBJ_DEPS, "attr"})
        rule = "copula-member"
    elif owner.dep_ == "appos" and owner.tag_ in {"NNS", "NNPS"}:
        # "Hungary and Slovakia, both EU members,": a plural describes the whole coordination
        members = [owner.head]
        rule = "apposition-member"
    elif owner.dep_ == "appos":
        # the apposition describes the word right before it, whatever the parser attached it to
        before = owner.doc[owner.left_edge.i - 1] if owner.left_edge.i > 0 else owner.head
        while before.is_punct and before.i > 0:
            before = before.doc[before.i - 1]
        members = [before if before.pos_ in {"PROPN", "NOUN"} else owner.head]
        rule = "apposition-member"
    elif (
        first.dep_ == "pobj"
        and first.head.lower_ == "as"
        and first.head.head.pos_ in {"VERB", "AUX"}
        and first.head.i < first.head.head.i
    ):
        # "As a NATO member, Turkey must ...", "Canada, as a member of the G7, hosted ..."
        # (after the verb, "treated Ukraine as a member" would describe its object)
        members = _children(first.head.head, _SUBJ_DEPS)
        rule = "as-member"
    for child in owner.children:
        if child.dep_ == "appos":
            members.append(child)
        if child.dep_ == "prep" and child.lower_ in {"as", "including", "like"}:
            members.extend(c for c in child.children if c.dep_ == "pobj")
    if owner.dep_ == "compound" and owner.head.pos_ == "PROPN":
        # "NATO allies Poland and Latvia" parsed as a compound of the names
        members.append(owner.head)
    if owner.dep_ == "conj" and any(c.lower_ in {"other", "its", "their"} for c in owner.children):
        # "Britain and other NATO members", "the UK and its NATO allies": the earlier
        # conjuncts are members too
        first = owner.head
        members.append(first)
        while first.dep_ == "conj" and first.head != first:
            first = first.head  # "Poland, Lithuania and other NATO members"
            members.append(first)
        members.extend(c for c in first.children if c.dep_ == "conj" and c.i < owner.i)
    # "Britain, France, Austria (then a state of the Holy Roman Empire)": only Austria
    expand = rule != "apposition-member" or owner.tag_ in {"NNS", "NNPS"}
    return [_Candidate(members, groups, rule, coordinated_subjects=expand)] if members else []


def _antecedents(tokens: list[Token]) -> list[Token]:
    """Relative pronouns replaced by the noun their clause describes ("NATO, of which Poland is
    a member": which -> NATO; "Turkey, which joined NATO": which -> Turkey)."""
    result = []
    for token in tokens:
        if token.lower_ in _RELATIVE_PRONOUNS or token.lower_ == "whose":
            clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
            if clause is not None:
                result.append(clause.head)
                continue
        result.append(token)
    return result


def _aspired(trigger: Token, cues: CueWords) -> bool:
    """Membership spoken of as a goal, not a fact: "applied to join the EU", "Ukraine's path to
    NATO membership", "its membership remains a distant prospect", "a candidate member"."""
    words = cues.membership_aspirations
    node = trigger
    arg = trigger  # the node's child on the path from the trigger
    for _ in range(8):
        if node.lemma_.lower() in words or any(
            c.dep_ in {"amod", "compound"} and c.lemma_.lower() in words for c in node.children
        ):
            return True
        if node.pos_ in {"VERB", "AUX"}:
            if any(
                c.dep_ in {"attr", "acomp"} and c.lemma_.lower() in words for c in node.children
            ):
                return True  # "membership remains a distant prospect"
            if arg.dep_ in _SUBJ_DEPS and any(c.dep_ == "neg" for c in node.children):
                return True  # "Ukraine's membership of NATO is not on the table"
            if arg.dep_ in {"dobj", "prep"} and node.lemma_.lower() in cues.membership_contests:
                return True  # "voted against Ukraine's membership", "backed its membership"
            if node.dep_ not in {"xcomp", "acl", "pcomp"}:
                return False
        elif node.dep_ in {"appos", "conj", "ROOT"} or node.head == node:
            return False  # "Poland, a member of NATO, ...": the host noun's clause is not ours
        arg, node = node, node.head
    return False


_VERB_POS = frozenset({POS_IDS["VERB"]})
_NOUN_POS = frozenset({POS_IDS["NOUN"]})
_VERB_OR_NOUN_POS = frozenset({POS_IDS["VERB"], POS_IDS["NOUN"]})


class _Extractor:
    """Turns triggers into statements for one document (holds the lookups they share)."""

    def __init__(
        self,
        doc: Doc,
        document: Document,
        index: EntityIndex,
        lexicon: Lexicon,
        cues: CueWords,
        gazetteer: Gazetteer | None,
    ) -> None:
        self.doc = doc
        self.document = document
        self.index = index
        self.lexicon = lexicon
        self.cues = cues
        self.gazetteer = gazetteer
        self.quotes = quotation_spans(doc)
        self.coref = Coref(doc, document, index, lexicon, cues, gazetteer)
        self._pos, self._lemmas, self._orths = doc.to_array([POS, LEMMA, ORTH]).T.tolist()
        self._by_pos: dict[int, list[int]] = {}  # coarse POS id -> its tokens, in text order
        for i, pos in enumerate(self._pos):
            self._by_pos.setdefault(pos, []).append(i)
        self._person_like: dict[str, bool] = {}

    def _tokens_tagged(
        self, pos_ids: frozenset[int], wanted: Callable[[str], bool]
    ) -> Iterator[Token]:
        """The document's tokens whose coarse POS is one of `pos_ids` and whose lower-case lemma
        is `wanted`, in text order (each lemma is tested once; no Token is made for the rest)."""
        strings = self.doc.vocab.strings
        verdicts: dict[int, bool] = {}
        by_pos = self._by_pos
        positions = sorted(i for pos in pos_ids for i in by_pos.get(pos, ()))
        lemmas = self._lemmas
        for i in positions:
            lemma = lemmas[i]
            verdict = verdicts.get(lemma)
            if verdict is None:
                verdict = verdicts[lemma] = wanted(strings[lemma].lower())
            if verdict:
                yield self.doc[i]

    def _own_state(self, person: Entity, state: Entity) -> bool:
        """True when a person holds a post in the state (from the gazetteer's known people)."""
        if person.kind is not EntityKind.PERSON or state.kind is not EntityKind.STATE:
            return False
        if self.gazetteer is None:
            return False
        known = self.gazetteer.people.get(person.key)
        if known is None:
            return False
        return any(
            place in {state.key, state.code, state.key.partition("/")[2]}
            for _, place in known.posts
        )

    def _named_as_person(self, entity: Entity) -> bool:
        """True when the document shows that a name the small model tagged ORG is a person's:
        the name (or its last word) tagged PERSON elsewhere, "(born ...)" after it, or a person
        noun in apposition ("its candidate, Fradique de Menezes")."""
        if entity.key in self._person_like:
            return self._person_like[entity.key]
        self._person_like[entity.key] = found = self._person_evidence(entity)
        return found

    def _person_evidence(self, entity: Entity) -> bool:
        if entity.kind is not EntityKind.ORGANIZATION:
            return False
        if self.gazetteer is not None and (
            self.gazetteer.get(entity.key) is not None
            or set(entity.label.split()) & set(self.gazetteer.words("institution_words"))
        ):
            return False
        words = entity.label.split()
        for ent in self.doc.ents:
            if ent.label_ == "PERSON" and (
                ent.text == entity.label or (len(words) > 1 and ent[-1].text == words[-1])
            ):
                return True
        doc = self.doc
        for mention in self.index.mentions:
            tokens = self.index.mention_tokens(mention)
            if mention.entity_key != entity.key or tokens is None:
                continue
            start, end = tokens
            if (
                end + 1 < len(doc)
                and doc[end].text == "("
                and doc[end + 1].lower_ in {"born", "b."}
            ):
                return True
            root = doc[start:end].root
            hosts = [root.head] if root.dep_ == "appos" else []
            hosts += _children(root, {"appos"})
            if any(self._person_noun(host) for host in hosts):
                return True
        return False

    def _person_noun(self, token: Token) -> bool:
        """A common noun for a person: "candidate", "politician", "president"."""
        if token.pos_ != "NOUN":
            return False
        lemma = token.lemma_.lower()
        if lemma in self.cues.person_nouns:
            return True
        return self.gazetteer is not None and self.gazetteer.office(lemma) is not None

    def _allowed(self, trigger: Trigger, subject: Entity, obj: Entity) -> bool:
        if subject.key == obj.key:
            return False
        if trigger.person_object and obj.kind is not EntityKind.PERSON:
            return False
        if trigger.family in _GROUP_OBJECT_FAMILIES and obj.kind not in _GROUP_KINDS:
            return False
        if trigger.family in _GROUP_OBJECT_FAMILIES and subject.kind is EntityKind.PLACE:
            return False
        if (
            trigger.family is Family.MEMBER_OF
            and subject.kind is EntityKind.PERSON
            and obj.kind is not EntityKind.COALITION
        ):
            return False  # people "join" companies and parties: employment, not membership
        if trigger.family is Family.MEMBER_OF and self._named_as_person(subject):
            return False  # the same, for a person the small model tagged ORG
        if (
            trigger.relation == "memberOf"
            and trigger.inverse
            and subject.kind is not EntityKind.STATE
            and obj.kind is not EntityKind.COALITION
        ):
            return False  # "Sony Music includes Columbia Records": a subsidiary, not a member
        return not (
            trigger.family in _INTERACTION_FAMILIES
            and (self._own_state(subject, obj) or self._own_state(obj, subject))
        )

    def statements(self) -> Iterator[Statement]:
        best: dict[tuple[str, str, str, int, Polarity, Modality], Statement] = {}
        found = [
            statement
            for token, trigger, required in find_triggers(self.doc, self.lexicon)
            # a word inside a name ("Strike Group", "Summit Hotel") triggers nothing
            if self.index.at_token(token.i) is None
            for statement in self._from_trigger(token, trigger, required)
        ]
        for statement in [
            *found,
            *self._appeals(),
            *self._namings(),
            *self._predications(),
            *self._stances(),
            *self._role_statements(),
        ]:
            key = (
                statement.subject.key,
                statement.relation,
                statement.object.key,
                statement.sentence_index,
                statement.polarity,
                statement.modality,
            )
            if key not in best or best[key].confidence < statement.confidence:
                best[key] = statement
        yield from sorted(
            best.values(),
            key=lambda s: (s.trigger.start, s.subject_span.start, s.object_span.start),
        )

    def _candidates(self, token: Token, trigger: Trigger) -> list[_Candidate]:
        """The arguments the rules for the trigger's part of speech propose."""
        if trigger.pos == "VERB":
            return _verbal_candidates(token, trigger, self.cues)
        if trigger.pos == "ADJ":
            return _adjective_candidates(token, trigger)
        if trigger.family is Family.MEMBER_OF and trigger.lemma in self.cues.membership_nouns:
            return _member_candidates(token, trigger, self.cues)
        return _nominal_candidates(token, trigger, self.cues, self.lexicon)

    def _from_trigger(
        self, token: Token, trigger: Trigger, required: Token | None
    ) -> Iterator[Statement]:
        if trigger.pos == "VERB" and trigger.family is Family.ATTACK and self._penalised(token):
            return  # "the EU hit Russia with sanctions" imposes them (their noun says so)
        candidates = self._candidates(token, trigger)
        if not any(c.subjects or c.objects for c in candidates):
            return  # no argument at all: spare the context assessment
        context = assess(token, self.index, cues=self.cues, quotes=self.quotes)
        if (
            trigger.family is Family.MEMBER_OF
            and context.modality is not Modality.HYPOTHETICAL
            and _aspired(token, self.cues)
        ):
            context = replace(context, modality=Modality.HYPOTHETICAL)
        if (
            trigger.pos == "NOUN"
            and trigger.family is Family.COOPERATE
            and trigger.relation != "cooperatesWith"  # a partnership lasts; a meeting happens
            and token.dep_ == "nsubj"
            and context.modality is Modality.ASSERTED
            and any(
                c.dep_ == "aux" and c.lower_ in self.cues.future_auxiliaries
                for c in token.head.children
            )
        ):
            # "his meeting with Trump will bring progress": an event that will bring is to come
            context = replace(context, modality=Modality.FUTURE)
        polarity = context.polarity
        if trigger.negated_only:
            # "don't trust" signals distrust; plain "trust" signals nothing
            if polarity is Polarity.POSITIVE:
                return
            polarity = Polarity.POSITIVE
            if (
                context.modality is Modality.HYPOTHETICAL
                and any(
                    c.dep_ == "aux" and c.lower_ in _ABILITY_AUXILIARIES for c in token.children
                )
                and not is_conditional(token, self.cues)
            ):
                # "Putin cannot be trusted" states distrust; it is not a hypothesis
                context = replace(context, modality=Modality.ASSERTED)
        # the trigger's words: "set up", "taken the lead", but not "send more 'defensive weapons"
        near = required is not None and abs(required.i - token.i) <= 2
        first = min(token.i, required.i) if near and required is not None else token.i
        last = max(token.i, required.i) if near and required is not None else token.i
        trigger_span = text_span(self.doc[first : last + 1])
        statements = self._emit(token, trigger, candidates, context, polarity, trigger_span)
        if self._constituent(token, trigger):
            statements = (s for s in statements if self._known_group(s.object))
        yield from statements

    def _constituent(self, token: Token, trigger: Trigger) -> bool:
        """True for "a state of Y", "Y countries" without "member": Y may be a polity, not a
        body with members ("Austria, then a state of the Holy Roman Empire")."""
        if (
            trigger.family is not Family.MEMBER_OF
            or trigger.lemma not in self.cues.constituent_nouns
        ):
            return False
        nouns = [token, *(c for c in token.children if c.dep_ == "compound")]
        if token.dep_ == "compound":
            nouns.append(token.head)
        return not any(n.lemma_.lower() == "member" for n in nouns)

    def _known_group(self, entity: Entity) -> bool:
        """True for a coalition or organisation the gazetteer knows (NATO, the EU, the AU)."""
        return self.gazetteer is not None and self.gazetteer.get(entity.key) is not None

    def _penalised(self, verb: Token) -> bool:
        """True if the verb's "with" phrase is a penalty ("hit Russia with sanctions")."""
        return any(
            t.relation == "sanctions"
            for noun in _prep_objects(verb, ("with",))
            for t in self.lexicon.lookup(noun.lemma_, "NOUN")
        )

    def _role_statements(self) -> Iterator[Statement]:
        """Statements the role rules (`graphbuild.extract.role_rules`) propose from the predicate-argument
        layer, resolved and assessed like a lexicon trigger's."""
        doc = self.doc
        for proposal in _role_proposals(doc):
            anchor = doc[proposal.anchor]
            if self.index.at_token(anchor.i) is not None:
                continue
            trigger = Trigger(
                lemma=anchor.lemma_.lower(),
                pos="VERB" if anchor.pos_ == "VERB" else "NOUN",
                relation=proposal.relation,
                family=proposal.family,
                source="role",
            )
            candidate = _Candidate(
                [doc[i] for i in proposal.subjects],
                [doc[i] for i in proposal.objects],
                proposal.rule,
                reciprocal=proposal.reciprocal,
                coordinated_subjects=False,  # the layer already lists every conjunct
                speaker_subject=proposal.speaker_subject,
            )
            context = assess(anchor, self.index, cues=self.cues, quotes=self.quotes)
            head = proposal.anchor if proposal.head is None else proposal.head
            first, last = min(anchor.i, head), max(anchor.i, head)
            yield from self._emit(
                anchor,
                trigger,
                [candidate],
                context,
                context.polarity,
                text_span(doc[first : last + 1]),
            )

    def _stances(self) -> Iterator[Statement]:
        """ "Kneecap, a pro-Palestine band", "the anti-Trump Republicans of the Bulwark": a pro-X
        or anti-X modifier says where the modified actor stands on X."""
        doc = self.doc
        hyphen = get_string_id("-")
        for i in range(1, len(doc) - 1):
            if self._orths[i] != hyphen:
                continue
            dash = doc[i]
            if dash.whitespace_:
                continue
            prefix, token = doc[dash.i - 1], doc[dash.i + 1]
            if prefix.lower_ not in _STANCE_TRIGGERS or prefix.whitespace_:
                continue
            holder = token.head if token.head.i > token.i else None
            if holder is None:
                continue
            if self.index.at_token(holder.i) is None:
                named = _children(holder, {"appos"})
                if holder.dep_ in {"appos", "compound"} and holder.head.pos_ == "PROPN":
                    named = [holder.head]
                holder = named[0] if named else holder
            context = assess(token, self.index, cues=self.cues, quotes=self.quotes)
            candidate = _Candidate([holder], [token], "stance-modifier", coordinated_subjects=False)
            yield from self._emit(
                token,
                _STANCE_TRIGGERS[prefix.lower_],
                [candidate],
                context,
                context.polarity,
                text_span(self.doc[prefix.i : token.i + 1]),
            )

    def _name_trigger(self, name: Token) -> Trigger | None:
        """Criticism for a pejorative name ("a dictator"), praise for a laudatory one ("a hero")."""
        lemma = name.lemma_.lower()
        if lemma in self.cues.pejorative_nouns:
            return _NAMING
        return _PRAISING if lemma in self.cues.laudatory_nouns else None

    def _namings(self) -> Iterator[Statement]:
        """Calling someone a name is criticising them: "Trump called Zelensky a dictator",
        "Putin was branded a war criminal by Biden"."""
        for token in self._tokens_tagged(_VERB_POS, self.cues.naming_verbs.__contains__):
            name = _naming_complement(token)
            trigger = self._name_trigger(name) if name is not None else None
            if trigger is None:
                continue
            if _is_passive(token):
                subjects = [
                    p for a in _children(token, _AGENT_DEPS) for p in _children(a, {"pobj"})
                ]
                objects = _children(token, _PASSIVE_SUBJ_DEPS)
            else:
                subjects, _ = _subjects_of(token)
                objects = _children(token, _OBJ_DEPS)
            context = assess(token, self.index, cues=self.cues, quotes=self.quotes)
            candidate = _Candidate(subjects, objects, "naming")
            yield from self._emit(
                token, trigger, [candidate], context, context.polarity, text_span(token)
            )

    def _predications(self) -> Iterator[Statement]:
        """A speaker who says someone is a name calls them that name: "Biden said Putin was a war
        criminal", "'Zelensky is a brave man and a hero,' Trump said"."""
        names = self.cues.pejorative_nouns | self.cues.laudatory_nouns
        for token in self._tokens_tagged(_NOUN_POS, names.__contains__):
            predicate = token
            while predicate.dep_ == "conj" and predicate.head != predicate:
                predicate = predicate.head  # "a brave man and a hero"
            if predicate.dep_ != "attr" or predicate.head.lemma_ != "be":
                continue
            trigger = self._name_trigger(token)
            if trigger is None:
                continue
            copula = predicate.head
            context = assess(copula, self.index, cues=self.cues, quotes=self.quotes)
            if context.speaker is None:
                continue
            candidate = _Candidate(
                [], _children(copula, _ACTIVE_SUBJ_DEPS), "speaker-predicate", speaker_subject=True
            )
            yield from self._emit(
                token, trigger, [candidate], context, context.polarity, text_span(token)
            )

    def _appeals(self) -> Iterator[Statement]:
        """Appeals to punish someone oppose them: "called for Kneecap to be cancelled",
        "demanded Putin's arrest". The appeal is asserted even though the punishment is not."""
        for token in self._tokens_tagged(_VERB_OR_NOUN_POS, self._appeal_word):
            lemma = token.lemma_.lower()
            patients: list[Token] = []
            # "called for Russia to be held accountable"
            accountable = lemma == "hold" and any(
                c.lower_ in self.cues.punitive_predicates for c in token.children
            )
            punitive = lemma in self.cues.punitive_verbs or accountable
            if token.pos_ == "VERB" and punitive and _is_passive(token):
                if _children(token, _AGENT_DEPS):
                    continue
                patients = _children(token, _PASSIVE_SUBJ_DEPS)
                if not patients and token.dep_ in {"relcl", "acl"}:
                    patients = [token.head]  # "bands like Kneecap to be cancelled"
            elif token.pos_ == "NOUN" and lemma in self.cues.punitive_nouns:
                # "demanded Putin's arrest", "the arrest of Putin", "a ban on Kneecap"
                patients = _children(token, {"poss"}) + _prep_objects(
                    token, ("of", "on", "against")
                )
            elif token.pos_ == "NOUN":
                # "called for tougher sanctions on Russia": the target of a penalty noun
                penalties = [
                    t for t in self.lexicon.lookup(lemma, "NOUN") if t.relation == "sanctions"
                ]
                patients = [
                    p for t in penalties for p in _prep_objects(token, t.object_prepositions)
                ]
            if not patients:
                continue
            ancestors = list(token.ancestors)[:4]
            appeal = next(
                (
                    a
                    for a in ancestors
                    if a.pos_ == "VERB" and a.lemma_.lower() in self.cues.appeal_verbs
                ),
                None,
            )
            if appeal is None:
                continue
            between = ancestors[: ancestors.index(appeal)]
            top = between[-1] if between else token
            if token.pos_ == "NOUN" and not (
                top.dep_ in {"xcomp", "ccomp"}
                or (top.dep_ == "prep" and top.lower_ in {"for", "on"})
                or (top.dep_ == "dobj" and appeal.lemma_.lower() != "call")
            ):
                continue  # "called Putin about sanctions" phones; "called for sanctions" appeals
            undoing = self.cues.negation_governors | self.cues.negation_governor_nouns
            if token.pos_ == "NOUN":
                between += [t for t in token.subtree if t != token]
                between += _children(appeal, {"xcomp", "ccomp"})
            if any(a.lemma_.lower() in undoing for a in between):
                # "sought to block sanctions on Russia", "called for sanctions to be lifted"
                continue
            subjects, _ = _subjects_of(appeal)
            context = assess(appeal, self.index, cues=self.cues, quotes=self.quotes)
            candidate = _Candidate(subjects, patients, "appeal-punish")
            yield from self._emit(
                appeal, _APPEAL, [candidate], context, context.polarity, text_span(appeal)
            )

    def _appeal_word(self, lemma: str) -> bool:
        """True for a lemma `_appeals` can start from: a punitive verb or noun, "hold" (to
        account), or a penalty noun of the lexicon."""
        cues = self.cues
        return (
            lemma in cues.punitive_verbs
            or lemma == "hold"
            or lemma in cues.punitive_nouns
            or any(t.relation == "sanctions" for t in self.lexicon.lookup(lemma, "NOUN"))
        )

    def _emit(
        self,
        token: Token,
        trigger: Trigger,
        candidates: list[_Candidate],
        context: Context,
        polarity: Polarity,
        trigger_span: TextSpan,
    ) -> Iterator[Statement]:
        """Statements for every resolved (subject, object) pair the candidates propose."""
        for candidate in candidates:
            subjects = self.coref.args(
                candidate.subjects,
                context,
                target=False,
                coordinated=candidate.coordinated_subjects,
                it_subject=trigger.family is Family.MEMBER_OF,
            )
            if candidate.subject_kinds is not None:
                subjects = [a for a in subjects if a.entity.kind in candidate.subject_kinds]
            if candidate.speaker_subject and context.speaker is not None:
                subjects = [_Arg(context.speaker, trigger_span, _PRONOUN_PENALTY / 2)]
            if (
                not subjects
                and context.speaker is not None
                and trigger.negated_only
                and _is_passive(token)
                and not _children(token, _AGENT_DEPS)
            ):
                # "Putin cannot be trusted, Macron said": an agentless attitude is the speaker's
                subjects = [_Arg(context.speaker, trigger_span, _PRONOUN_PENALTY)]
            if candidate.reciprocal and len(subjects) > _MAX_RECIPROCAL:
                continue  # a list of examples, not a meeting of each with each
            if candidate.reciprocal:
                pairs = [
                    (a, b)
                    for n, a in enumerate(subjects)
                    for b in subjects[n + 1 :]
                    if a.entity.key != b.entity.key
                ]
            else:
                objects = self.coref.args(
                    candidate.objects,
                    context,
                    target=True,
                    locative=trigger.family is Family.ATTACK,
                    attitude=trigger.family in _ATTITUDE_FAMILIES,
                    hostile=trigger.family in _HOSTILE_FAMILIES,
                )
                subject_keys = {a.entity.key for a in subjects}
                objects += [
                    arg
                    for tok in candidate.objects
                    if tok.lower_ in _OBJECT_PRONOUNS and self.index.at_token(tok.i) is None
                    for arg in [self.coref.object_pronoun(tok, subject_keys)]
                    if arg is not None
                ]
                if trigger.owned_object:
                    objects = [o for o in objects if o.owned]
                # "Trump and Putin praised their summit": what the subjects own is not each other
                reflexive = {
                    o.span
                    for o in objects
                    if o.entity.key in subject_keys and o.span.text.lower() in _PLURAL_PRONOUNS
                }
                objects = [o for o in objects if o.span not in reflexive]
                pairs = [(s, o) for s in subjects for o in objects]
            coordinated = len(pairs) > 1
            # "started attacking Canada's economy": an attack on a thing one attacks in words
            figurative = any(
                o.lemma_.lower() in self.cues.figurative_targets for o in candidate.objects
            )
            for subject, obj in pairs:
                obj = self.coref.government(obj, trigger)
                if not self._allowed(trigger, subject.entity, obj.entity):
                    continue
                relation, family = trigger.relation, trigger.family
                if (
                    trigger.lemma in self.cues.verbal_attack_verbs
                    and subject.entity.kind is EntityKind.PERSON
                    and (
                        obj.entity.kind in {EntityKind.PERSON, EntityKind.ORGANIZATION}
                        or _with_reason(token)
                        or figurative
                    )
                ):
                    # "Trump attacked the BBC", "attacked Spain for refusing" / "over the
                    # decision": words, not force
                    relation, family = _VERBAL_ATTACK, Family.OPPOSE
                confidence = _RULE_CONFIDENCE.get(candidate.rule, 0.6)
                confidence -= subject.penalty + obj.penalty
                if coordinated:
                    confidence -= _COORDINATION_PENALTY / 2
                if (
                    family is Family.ATTACK
                    and polarity is Polarity.POSITIVE
                    and context.modality is Modality.ASSERTED
                ):
                    self.coref.note_attack(sentence_index(token), subject.entity)
                yield Statement(
                    doc_id=self.document.id,
                    sentence_index=sentence_index(token),
                    sentence=sentence_span(token),
                    subject=subject.entity,
                    relation=relation,
                    family=family,
                    object=obj.entity,
                    subject_span=subject.span,
                    object_span=obj.span,
                    trigger=trigger_span,
                    rule=candidate.rule,
                    confidence=round(max(0.05, min(1.0, confidence)), 2),
                    polarity=polarity,
                    modality=context.modality,
                    speaker=context.speaker,
                )


def extract_relations(
    doc: Doc,
    document: Document,
    index: EntityIndex,
    *,
    lexicon: Lexicon | None = None,
    cues: CueWords | None = None,
    gazetteer: Gazetteer | None = None,
) -> Iterator[Statement]:
    """Relation statements (any polarity and modality) between the resolved actors of `doc`.

    One statement per (subject, relation, object, trigger); negated, future and hypothetical
    statements are kept with their polarity/modality set so that the graph can tell them apart.
    """
    extractor = _Extractor(
        doc,
        document,
        index,
        lexicon or load_lexicon(),
        cues or load_cue_words(),
        gazetteer if gazetteer is not None else load_gazetteer(),
    )
    yield from extractor.statements()
