"""Relation rules that read roles from the predicate-argument layer (`graphbuild.extract.predicates`).

Each rule is a named unit with its confidence: it looks at one `Predicate` and proposes
(subjects, objects) token groups for a relation. The registry (`graphbuild.extract.rules`) runs
them; the tokens are resolved to entities and modality assessed exactly as for lexicon triggers
(`graphbuild.extract.statements`), so a future, hypothetical or negated event stays a non-fact.
Words live in `ontology/role-rules.yaml`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.attrs import LEMMA, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from graphbuild.extract.gazetteer import CAPITAL_PREFIX
from graphbuild.extract.predicates import (
    Predicate,
    Role,
    co_prefix,
    frame,
    predicate_words,
)
from graphbuild.extract.vocabulary import PredicateWords, RuleWords, load_vocabulary
from graphbuild.graph.ontology import family_of
from graphbuild.records import EntityKind, Family

# A coordinated group larger than this is a list of examples, not parties acting together.
MAX_PARTIES = 4


@dataclass(frozen=True, slots=True)
class Proposal:
    """Subject and object tokens a role rule proposes for one relation at one predicate.

    `reciprocal` proposals relate every pair of `subjects` to each other (objects unused).
    `anchor` is the token whose context (negation, modality, speaker) the statement takes; the
    trigger span runs from it to the predicate `head` ("co-chaired": anchor "co", head "chaired").
    """

    rule: str
    relation: str
    family: Family
    anchor: int
    subjects: tuple[int, ...]
    objects: tuple[int, ...] = ()
    reciprocal: bool = False
    head: int | None = None
    speaker_subject: bool = False  # no subject named: the quoted or reporting speaker is it
    object_kinds: frozenset[EntityKind] | None = None  # only objects of these kinds


# What a meeting can belong to ("a meeting of the coalition", "NATO's summit").
GROUP_KINDS = frozenset({EntityKind.COALITION, EntityKind.ORGANIZATION})


def load_rule_words() -> RuleWords:
    """The role rules' words (`ontology/role-rules.yaml`), from the one vocabulary loader."""
    return load_vocabulary().roles


# ---- helpers over frames -------------------------------------------------------------------


def _lemma(doc: Doc, i: int) -> str:
    return doc[i].lemma_.lower()


def _joint_group(predicate: Predicate, role: Role) -> tuple[int, ...]:
    """The one coordinated group of 2..MAX_PARTIES arguments with this role, if there is one."""
    groups = [g for g in predicate.groups(role).values() if 2 <= len(g) <= MAX_PARTIES]
    return groups[0] if len(groups) == 1 else ()


def _clausal(token: Token) -> bool:
    """A verb with a clause as complement ("agreed that ...", "agreed to meet"): the clause's
    own predicate carries the event."""
    return any(c.dep_ in {"ccomp", "xcomp"} for c in token.children)


def _event_parties(predicate: Predicate) -> tuple[int, ...]:
    """Everyone an event's frame names as taking part (agents, with, between)."""
    return (
        predicate.tokens(Role.AGENT)
        + predicate.tokens(Role.COMITATIVE)
        + predicate.tokens(Role.BETWEEN)
    )


def _chairing(token: Token, words: RuleWords) -> bool:
    """ "chaired" after "co-" ("co-chaired" is split by the tokenizer) counts as co-chairing."""
    lemma = token.lemma_.lower()
    if lemma in words.chairing_verbs:
        return True
    doc = token.doc
    return (
        token.i >= 2
        and doc[token.i - 1].text == "-"
        and doc[token.i - 2].lower_ == "co"
        and (f"co-{lemma}" in words.chairing_verbs)
    )


def separate(noun: Token, vocabulary: PredicateWords) -> bool:
    """ "Separate agreements with C", "deals between A and B": a text that names its own parties
    or is one of several is not signed by its signers together."""
    return any(
        c.lower_ in vocabulary.distributive_words
        or (
            c.dep_ == "prep"
            and c.lower_ in {*vocabulary.comitative_prepositions, "between"}
            # a party, not a manner ("a truce with immediate effect")
            and any(o.pos_ in {"PROPN", "PRON"} or o.ent_type_ for o in c.children)
        )
        for c in noun.children
    )


# ---- the rules -----------------------------------------------------------------------------

RuleFunction = Callable[[Predicate, Doc, RuleWords, PredicateWords], Iterator[Proposal]]


def joint_subject(
    p: Predicate, doc: Doc, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "A and B agreed a truce", "A and B spoke by phone", "A and B signed the accord": a joint
    predicate with a coordinated subject and no other partner relates the subjects."""
    if p.kind != "verb" or p.lemma not in words.joint_verbs or p.distributive or p.passive:
        return
    token = doc[p.head]
    if _clausal(token) or p.role(Role.COMITATIVE) or p.role(Role.BETWEEN):
        return
    if p.role(Role.RECIPIENT) and not all(
        _lemma(doc, i) in words.agreement_nouns for i in p.tokens(Role.RECIPIENT)
    ):
        return  # "A and B spoke to reporters"; but "agreed to a ceasefire"
    patients = p.tokens(Role.PATIENT)
    if any(doc[i].pos_ in {"PROPN", "PRON"} for i in patients):
        return  # "A and B met Putin": the object is the partner
    if any(separate(doc[i], vocabulary) for i in patients):
        return  # "A and B signed separate deals with C": not one agreed between A and B
    things = patients + p.tokens(Role.RECIPIENT) + p.tokens(Role.TARGET)
    if p.lemma in words.agreement_verbs and not (
        things and all(_lemma(doc, i) in words.agreement_nouns for i in things)
    ):
        return  # "A and B agreed on new sanctions": agreeing on a thing done to a third party
    parties = _joint_group(p, Role.AGENT)
    if parties:
        yield Proposal(
            "joint-subject",
            words.joint_verbs[p.lemma],
            Family.COOPERATE,
            p.head,
            parties,
            reciprocal=True,
        )


def joint_between(
    p: Predicate, doc: Doc, words: RuleWords, _: PredicateWords
) -> Iterator[Proposal]:
    """ "A truce was agreed between A and B", "the ceasefire between A and B": a joint verb or an
    agreement noun with a "between" pair relates the pair."""
    if p.distributive:
        return
    if p.kind == "verb":
        relation = words.joint_verbs.get(p.lemma)
    elif p.lemma in words.agreement_nouns:
        if p.light is not None and _lemma(doc, p.light) in words.joint_verbs:
            return  # "a truce was agreed between A and B": the verb's frame says it
        if not _agreement_in_force(doc[p.head], words):
            return
        relation = "cooperatesWith"
    else:
        return
    parties = _joint_group(p, Role.BETWEEN)
    if relation is not None and parties:
        yield Proposal(
            "joint-between", relation, Family.COOPERATE, p.head, parties, reciprocal=True
        )


def _agreement_in_force(noun: Token, words: RuleWords) -> bool:
    """False for an agreement named as a topic or a goal rather than as made: "talks on a truce
    between A and B", "a summit aimed at securing a ceasefire between A and B"."""
    node = noun
    while node.dep_ == "conj" and node.head != node:
        node = node.head
    head = node.head
    if node.dep_ == "pobj" and head.lower_ in words.topic_prepositions:
        return False
    return not (
        node.dep_ == "dobj"
        and head.tag_ in {"VBG", "VB"}
        and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in head.children)
    )


def event_comitative(
    p: Predicate, doc: Doc, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "X held talks with Y", "a bilateral meeting with Y" after which X spoke, "his remarks came
    after a call with leaders including Y": the one who holds a meeting meets its "with" party.
    "Separate calls with A and B" relate the caller to each, never A to B (no rule pairs "with"
    arguments with each other)."""
    relation = words.meeting_nouns.get(p.lemma)
    if relation is None or p.kind == "verb":
        return
    partners = p.tokens(Role.COMITATIVE)
    if not partners:
        return
    agents = tuple(i for i in p.tokens(Role.AGENT) if i not in partners)
    rule = "event-comitative"
    if not agents:
        agents, rule = _adjunct_agents(doc[p.head], words), "event-adjunct"
    anchor = p.head
    if not agents:
        agents, anchor = _participants(doc[p.head], words, vocabulary)
        rule = "event-participation"
    agents = tuple(i for i in agents if i not in partners)
    if agents:
        # the clause's context (negation, modality) is the participation's: "did not take part"
        yield Proposal(rule, relation, Family.COOPERATE, anchor, agents, partners, head=p.head)
    guests = _joint_group(p, Role.COMITATIVE)
    listed = any("example" in a.via for a in p.role(Role.COMITATIVE))
    if agents and guests and not listed and not p.distributive and doc[p.head].tag_ == "NN":
        # "a meeting with A and B" is one meeting of all three; "separate calls with A and B"
        # (distributive), "talks with A and B" (plural: perhaps several) and "a call with 29
        # leaders, including A and B" (examples of a larger group) are not
        yield Proposal(rule, relation, Family.COOPERATE, p.head, guests, reciprocal=True)


def _participants(
    noun: Token, words: RuleWords, vocabulary: PredicateWords
) -> tuple[tuple[int, ...], int]:
    """Who takes part in a meeting named after "in" a word of taking part ("A and B remain
    engaged in dialogue with X", "A took part in talks with X", "A is involved in negotiations
    with X"): the subject of the clause that word belongs to, and that clause's verb."""
    node = noun
    while node.dep_ == "conj" and node.head != node:
        node = node.head
    prep = node.head
    if node.dep_ != "pobj" or prep.lower_ != "in":
        return (), noun.i
    word = prep.head
    if word.lemma_.lower() not in words.participation_words and not any(
        c.dep_ == "dobj" and c.lemma_.lower() in words.participation_words for c in word.children
    ):
        return (), noun.i  # "interested in talks"; but "took part in talks"
    clause = word
    while clause.dep_ in {"acomp", "dobj", "xcomp", "oprd"} and clause.head != clause:
        clause = clause.head  # "remain engaged", "want to participate"
    if clause.pos_ not in {"VERB", "AUX"}:
        return (), noun.i
    event = frame(clause, vocabulary)
    if event is None:
        return (), noun.i
    # "Qatar is involved in negotiations": the passive subject takes part
    return event.tokens(Role.PATIENT if event.passive else Role.AGENT), clause.i


def _adjunct_agents(noun: Token, words: RuleWords) -> tuple[int, ...]:
    """Who took part in a meeting named in a time adjunct ("after talks with X, Y said"; "his
    comments came after a meeting with X"): the main clause's subject, or the author of the
    message noun that is its subject."""
    node = noun
    while node.dep_ == "conj" and node.head != node:
        node = node.head
    prep = node.head
    if node.dep_ != "pobj" or prep.lower_ not in words.adjunct_prepositions:
        return ()
    verb = prep.head
    if verb.pos_ not in {"VERB", "AUX"} or verb.dep_ not in {"ROOT", "parataxis"}:
        return ()
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) != 1:
        return ()
    subject = subjects[0]
    if subject.lemma_.lower() in words.message_nouns:
        owners = [c for c in subject.children if c.dep_ == "poss"]
        return tuple(o.i for o in owners)
    return (subject.i,) if subject.pos_ in {"PROPN", "PRON"} else ()


def group_meeting(
    p: Predicate, doc: Doc, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "X spoke after a meeting of the coalition", "X swept into NATO's summit", "they took part
    in a virtual meeting of the alliance with Y": who attends a group's meeting cooperates with
    the group (a coalition or organisation, never a person: "a meeting of A and B" is theirs),
    and with whoever the meeting is held with."""
    if p.kind == "verb" or p.lemma not in words.meeting_nouns or p.distributive:
        return
    noun = doc[p.head]
    groups = [
        g
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for g in prep.children
        if g.dep_ == "pobj" and not g.conjuncts  # "a meeting of A and B" is a joint meeting
    ]
    groups += [doc[a.token] for a in p.role(Role.AGENT) if a.via in {"possessive", "compound"}]
    if not groups:
        return
    attendees = tuple(
        a.token
        for a in p.role(Role.AGENT)
        if a.via.startswith("light-verb") and doc[p.light or p.head].lemma_ != "host"
    )
    anchor = p.head
    if not attendees:
        attendees, anchor = _attendees(noun, words, vocabulary)
    attendees = tuple(i for i in attendees if doc[i] not in groups)
    if not attendees:
        return
    kinds = GROUP_KINDS
    group_tokens = tuple(g.i for g in groups)
    yield Proposal(
        "group-meeting",
        "meetsWith",
        Family.COOPERATE,
        anchor,
        attendees,
        group_tokens,
        head=p.head,
        object_kinds=kinds,
    )
    # "a meeting of the coalition with Y": the parser may hang "with Y" on the group noun
    partners = p.tokens(Role.COMITATIVE) + tuple(
        o.i
        for g in groups
        for prep in g.children
        if prep.dep_ == "prep" and prep.lower_ in vocabulary.comitative_prepositions
        for pobj in prep.children
        if pobj.dep_ == "pobj"
        for o in (pobj, *pobj.conjuncts)
    )
    partners = tuple(i for i in dict.fromkeys(partners) if i not in attendees)
    if partners and len(partners) <= MAX_PARTIES:
        yield Proposal(
            "group-meeting", "meetsWith", Family.COOPERATE, anchor, attendees, partners, head=p.head
        )


def _attendees(
    noun: Token, words: RuleWords, vocabulary: PredicateWords
) -> tuple[tuple[int, ...], int]:
    """Who attends a meeting named in a prepositional phrase of an attendance verb ("took part
    in", "spoke at", "swept into", "declared after"), and the verb: its agents."""
    node = noun
    while node.dep_ == "conj" and node.head != node:
        node = node.head
    prep = node.head
    if node.dep_ != "pobj" or prep.lower_ not in words.attendance_prepositions:
        return (), noun.i
    verb = prep.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in words.attendance_verbs:
        return (), noun.i
    event = frame(verb, vocabulary)
    if event is None or event.passive:
        return (), noun.i
    return event.tokens(Role.AGENT), verb.i


def mediation(
    p: Predicate, doc: Doc, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "X brokered a truce between A and B", "talks mediated by X", "X mediates between A and B":
    the mediator cooperates with both parties, and the parties with each other."""
    if p.kind != "verb" or p.lemma not in vocabulary.mediation_verbs:
        return
    mediators = p.tokens(Role.AGENT)
    if not mediators:
        return
    parties: tuple[int, ...] = p.tokens(Role.BETWEEN)
    for patient in p.tokens(Role.PATIENT):
        event = frame(doc[patient], vocabulary)
        if event is not None and event.kind != "verb":
            parties += tuple(i for i in _event_parties(event) if i not in mediators)
    parties = tuple(dict.fromkeys(parties))
    rule = "mediation"
    if not parties:
        parties = _adjunct_parties(doc[p.head], p, doc, words, vocabulary)
        rule = "mediation-adjunct"
    parties = tuple(i for i in parties if i not in mediators)
    if not parties or len(parties) > MAX_PARTIES:
        return
    yield Proposal(rule, "cooperatesWith", Family.COOPERATE, p.head, mediators, parties)
    if len(parties) >= 2 and rule == "mediation":
        yield Proposal(
            "mediation", "cooperatesWith", Family.COOPERATE, p.head, parties, reciprocal=True
        )


def _adjunct_parties(
    verb: Token, p: Predicate, doc: Doc, words: RuleWords, vocabulary: PredicateWords
) -> tuple[int, ...]:
    """The parties of a mediated event that names none, from the clause it is an adjunct of:
    "after talks mediated by X, A and B agreed a truce", "A and B agreed to a truce following
    X-mediated negotiations" (the parties' joint predicate; "X-mediated talks failed" has none)."""
    events = [doc[i] for i in p.tokens(Role.PATIENT) if doc[i].pos_ == "NOUN"]
    if len(events) != 1:
        return ()
    node = events[0]
    while node.dep_ in {"pobj", "prep", "conj"} or (
        node.pos_ == "NOUN" and node.dep_ in {"pobj", "npadvmod"}
    ):
        node = node.head
    if node.pos_ not in {"VERB", "AUX"} or events[0].head.dep_ not in {"prep", "pobj"}:
        return ()  # the event is not in a prepositional adjunct of a clause
    clause = node
    for token in doc[clause.sent.start : clause.sent.end]:
        if token.pos_ != "VERB" or token.lemma_.lower() not in words.joint_verbs:
            continue
        if token != clause and clause not in token.ancestors:
            continue
        event = frame(token, vocabulary)
        if event is None:
            continue
        for proposal in joint_subject(event, doc, words, vocabulary):
            return proposal.subjects
    return ()


def co_chairing(
    p: Predicate, doc: Doc, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "The summit, co-chaired by A and B", "A and B co-hosted the meeting": those who run an
    event together cooperate; its host meets its "with" and "between" parties."""
    if p.kind != "verb" or not _chairing(doc[p.head], words):
        return
    prefix = co_prefix(doc[p.head])
    # "will co-host": the parser may hang "host" under "co"; the clause's context is the prefix's
    anchor = prefix.i if prefix is not None and prefix.is_ancestor(doc[p.head]) else p.head
    hosts = _joint_group(p, Role.AGENT)
    if hosts:
        yield Proposal(
            "co-chairing",
            "cooperatesWith",
            Family.COOPERATE,
            anchor,
            hosts,
            reciprocal=True,
            head=p.head,
        )
    agents = p.tokens(Role.AGENT)
    for patient in p.tokens(Role.PATIENT):
        if _lemma(doc, patient) not in words.meeting_nouns:
            continue
        event = frame(doc[patient], vocabulary)
        guests = tuple(
            i
            for i in (event.tokens(Role.COMITATIVE) + event.tokens(Role.BETWEEN) if event else ())
            if i not in agents
        )
        if agents and guests:
            yield Proposal("co-chairing", "hosts", Family.COOPERATE, p.head, agents, guests)


def hosting(
    p: Predicate, doc: Doc, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "X met Y in Riyadh, hosted by Z": a participle of hosting or chairing that hangs on a
    meeting clause makes its agent meet everyone the clause names."""
    token = doc[p.head]
    if p.kind != "verb" or not p.passive or not _chairing(token, words):
        return
    if token.dep_ not in {"advcl", "acl", "conj"} or token.tag_ != "VBN":
        return
    hosts = tuple(a.token for a in p.role(Role.AGENT) if a.via.startswith("by-agent"))
    clause = token.head
    if not hosts or clause.pos_ != "VERB" or clause.lemma_.lower() not in words.joint_verbs:
        return
    event = frame(clause, vocabulary)
    if event is None:
        return
    guests = tuple(
        dict.fromkeys(
            i
            for i in event.tokens(Role.AGENT)
            + event.tokens(Role.PATIENT)
            + event.tokens(Role.COMITATIVE)
            if i not in hosts
        )
    )
    if guests and len(guests) <= MAX_PARTIES:
        yield Proposal("hosting", "hosts", Family.COOPERATE, clause.i, hosts, guests, head=p.head)


def arrival(p: Predicate, doc: Doc, words: RuleWords, _: PredicateWords) -> Iterator[Proposal]:
    """ "The four leaders arrived in Kyiv", "X landed in Riyadh": arriving in a capital visits it
    (a capital the gazetteer knows; "arrived in Anchorage" does not)."""
    if p.kind != "verb" or p.lemma not in words.arrival_verbs or p.passive:
        return
    token = doc[p.head]
    capitals = [
        o
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ in words.arrival_prepositions
        for o in prep.children
        if o.dep_ == "pobj" and o.ent_id_.startswith(CAPITAL_PREFIX)
    ]
    agents = p.tokens(Role.AGENT)
    if capitals and agents:
        yield Proposal("arrival", "visits", Family.COOPERATE, p.head, agents, (capitals[0].i,))


def convening(p: Predicate, doc: Doc, words: RuleWords, _: PredicateWords) -> Iterator[Proposal]:
    """ "a group convened by A and B", "A and B convened the coalition": convening a group leads
    it (the ontology's range keeps the object a coalition or organisation)."""
    if p.kind != "verb" or p.lemma not in words.convening_verbs:
        return
    groups = tuple(
        a.token
        for a in p.role(Role.PATIENT)
        if _lemma(doc, a.token) in words.led_group_nouns
        or doc[a.token].pos_ == "PROPN"
        or a.via.endswith("apposition")  # "the coalition, a group convened by A and B"
    )
    agents = p.tokens(Role.AGENT)
    if groups and agents:
        yield Proposal("convening", "leads", Family.LEADS, p.head, agents, groups)


def owner_groups(noun: Token) -> list[Token]:
    """What an office noun belongs to: its possessor, a capitalised modifier before it, or its
    "of" object ("the party's leader", "Conservative leader", "chair of ASEAN")."""
    groups = [
        c
        for c in noun.children
        if c.dep_ == "poss"
        or (c.dep_ in {"compound", "amod", "nmod"} and c.i < noun.i and c.text[:1].isupper())
    ]
    groups += [
        o
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for o in prep.children
        if o.dep_ == "pobj"
    ]
    return groups


def group_leader(noun: Token, words: RuleWords) -> Iterator[Proposal]:
    """ "Conservative leader Pierre Poilievre", "the party's leader, X", "X became the Liberal
    Party's leader": a leader noun relates the person it names to the group that owns it (the
    ontology's range keeps the group a coalition or organisation)."""
    groups = owner_groups(noun)
    if any(c.lower_ in load_vocabulary().entities.former_words for c in noun.children):
        return  # "X, the former chair of Y": `leader-apposition` says it is past
    people = [c for c in noun.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    # "the head of the party, X": the parser may hang the name on the group
    people += [c for g in groups if g.dep_ == "pobj" for c in g.children if c.dep_ == "appos"]
    people = [p for p in people if p.pos_ == "PROPN"]
    head = noun.head
    if noun.dep_ == "compound" and head.pos_ == "PROPN":
        people.append(head)  # "Conservative leader Pierre Poilievre"
    elif noun.dep_ == "appos" and head.pos_ == "PROPN":
        people.append(head)  # "Pierre Poilievre, the Conservative leader"
    elif noun.dep_ == "attr" and head.pos_ in {"VERB", "AUX"}:
        people += [c for c in head.children if c.dep_ == "nsubj"]  # "X became the party's leader"
    if groups and people:
        yield Proposal(
            "group-leader",
            "leads",
            Family.LEADS,
            noun.i,
            tuple(p.i for p in people),
            tuple(g.i for g in groups),
        )


# ---- stance rules: opposition and support carried by nouns, reports and quotes ------------


def _owners(noun: Token) -> tuple[int, ...]:
    """Who owns a noun of attitude: its possessor or a name or demonym before it ("Thailand's
    allegations", "Thai allegations", "allegations by X"); a conjunct shares its first
    conjunct's owner ("Trump's tariffs and threats")."""
    node = noun
    found: list[int] = []
    for _ in range(3):
        anti = set(_anti_targets(node))
        found += [
            c.i
            for c in node.children
            if c.i not in anti
            and (
                c.dep_ == "poss"
                or (
                    c.dep_ in {"compound", "amod", "nmod"}
                    and c.i < node.i
                    and (c.pos_ == "PROPN" or (c.pos_ == "ADJ" and c.text[:1].isupper()))
                )
            )
        ]
        found += [
            o.i
            for prep in node.children
            if prep.dep_ in {"prep", "agent"}
            and prep.lower_ in load_vocabulary().cues.agent_prepositions
            for o in prep.children
            if o.dep_ == "pobj"
        ]
        if found or node.dep_ != "conj" or node.head == node:
            break
        node = node.head
    return tuple(dict.fromkeys(found))


def _uttered_by(noun: Token, words: RuleWords, vocabulary: PredicateWords) -> tuple[int, ...]:
    """The subject of a verb that utters a noun ("Macron sent his congratulations", "made
    threats"): it says who gives it better than a possessive pronoun does."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in words.uttering_verbs:
        return ()
    uttered = frame(verb, vocabulary)
    return uttered.tokens(Role.AGENT) if uttered is not None else ()


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def rejected_charge(
    p: Predicate, doc: Doc, words: RuleWords, _: PredicateWords
) -> Iterator[Proposal]:
    """ "Cambodia rejected Thailand's allegations", "the charges by X were denied by Y": rejecting
    an accusation or a criticism says that its owner accused or criticised the one rejecting."""
    if p.kind != "verb" or p.lemma not in words.rebuttal_verbs:
        return
    rejecting = p.tokens(Role.AGENT)
    for patient in p.tokens(Role.PATIENT):
        relation = words.charge_nouns.get(_lemma(doc, patient))
        if relation is None:
            continue
        accusers = tuple(i for i in _owners(doc[patient]) if i not in rejecting)
        if accusers and rejecting:
            yield Proposal("rejected-charge", relation, Family.OPPOSE, p.head, accusers, rejecting)


def _asserter(
    verb: Token, words: RuleWords, vocabulary: PredicateWords
) -> tuple[Token, tuple[int, ...]] | None:
    """The report verb a clause hangs on and its subject ("X claimed that Y ...", "X complained
    about Y breaking ..."); (verb itself, ()) when the clause is a main clause (its speaker, if
    quoted or reported, asserts it); None under any other verb ("X denied that Y ...")."""
    node = verb
    for _ in range(4):
        if node.dep_ in {"conj", "xcomp"} and node.head.pos_ in {"VERB", "AUX"}:
            # "... and breached the truce", "continues to escalate the war": the clause's own
            node = node.head
            continue
        if node.dep_ not in {"ccomp", "pcomp"}:
            break
        head = node.head
        if head.pos_ == "ADP":
            head = head.head
        if head.pos_ not in {"VERB", "AUX"}:
            return None
        if head.lemma_.lower() not in words.report_verbs:
            return None
        reporter = frame(head, vocabulary)
        agents = reporter.tokens(Role.AGENT) if reporter is not None else ()
        if not agents and head.dep_ == "pcomp" and head.head.pos_ == "ADP":
            # "X appeared to urge them to rethink by claiming that Y ...": a means adjunct is the
            # main clause's subject's, wherever the parser hangs it in a chain of infinitives
            outer = head.head.head
            while outer.head != outer and (
                outer.dep_ in {"xcomp", "advcl"}
                or any(c.dep_ == "aux" and c.lower_ == "to" for c in outer.children)
            ):
                outer = outer.head
            found = frame(outer, vocabulary)
            agents = found.tokens(Role.AGENT) if found is not None else ()
        return head, agents
    return (verb, ()) if node.dep_ in {"ROOT", "parataxis"} else None


def wrongdoing(
    p: Predicate, doc: Doc, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "X said Y violated the truce", "X complained about Y breaking agreements", or a quote of
    X's "Y has violated international law": asserting another's wrongdoing accuses them. Denials
    ("X denied that Y ..."), negated wrongs and the narrator's own statements are not."""
    wrong = words.wrongdoing_verbs | words.wrongdoing_acts
    if p.kind != "verb" or p.lemma not in wrong or _negated(doc[p.head]):
        return
    if p.lemma not in words.wrongdoing_acts and not any(
        _lemma(doc, i) in words.wrongdoing_objects for i in p.tokens(Role.PATIENT)
    ):
        return
    wrongdoers = p.tokens(Role.AGENT)
    found = _asserter(doc[p.head], words, vocabulary)
    if not wrongdoers or found is None:
        return
    anchor, accusers = found
    accusers = tuple(i for i in accusers if i not in wrongdoers)
    yield Proposal(
        "wrongdoing",
        "accuses",
        Family.OPPOSE,
        anchor.i,
        accusers,
        wrongdoers,
        head=p.head if accusers else None,
        speaker_subject=not accusers,
    )


def _infinitive(token: Token) -> Token | None:
    """The infinitive a threat takes ("threatened to annex X", "threats to annex X"), also when
    the parser hangs it elsewhere right after the noun."""
    for child in token.children:
        if child.dep_ in {"xcomp", "acl"} and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children
        ):
            return child
    doc = token.doc
    if token.pos_ == "NOUN" and token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "to":
        verb = doc[token.i + 2]
        if verb.pos_ == "VERB" and verb.tag_ == "VB" and doc[token.i + 1].head == verb:
            return verb
    return None


def threat_infinitive(
    token: Token, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "Trump threatened to annex Canada", "his threats to make Canada a state", "threatened
    not to protect allies": a threat is toward the one its act would befall (the infinitive's
    object or its small clause's subject); the act itself is not asserted."""
    act = _infinitive(token)
    if act is None:
        return
    targets = [c for c in act.children if c.dep_ == "dobj"]
    # "threatened to make Canada the 51st state": the small clause's subject
    targets += [
        s
        for c in act.children
        if c.dep_ in {"ccomp", "oprd"}
        for s in c.children
        if s.dep_ == "nsubj"
    ]
    if token.pos_ == "VERB":
        threat = frame(token, vocabulary)
        threateners = threat.tokens(Role.AGENT) if threat is not None else ()
    else:
        threateners = _uttered_by(token, words, vocabulary) or _owners(token)
    targets = [t for t in targets if t.i not in threateners]
    if threateners and targets:
        yield Proposal(
            "threat-infinitive",
            "threatens",
            Family.OPPOSE,
            token.i,
            threateners,
            tuple(t.i for t in targets),
        )


def _anti_targets(noun: Token) -> tuple[int, ...]:
    """X of an "anti-X" modifier of `noun` ("anti - Russian sanctions" as the parser splits it)."""
    doc = noun.doc
    found = []
    for child in noun.children:
        i = child.i
        if (
            child.lower_ == "anti"
            and i + 2 < noun.i + 1
            and doc[i + 1].text == "-"
            and not child.whitespace_
            and not doc[i + 1].whitespace_
        ):
            found.append(i + 2)
    return tuple(found)


def anti_stance(token: Token, words: RuleWords, vocabulary: PredicateWords) -> Iterator[Proposal]:
    """ "The EU's anti-Russian sanctions", "X ran an anti-Trump campaign": an anti-X measure or
    message is its owner's (possessor, name before it, or the subject that imposes, runs or
    voices it) opposition to X."""
    targets = _anti_targets(token)
    if not targets:
        return
    owners = tuple(i for i in _owners(token) if i not in targets)
    # "the EU's anti-Russian sanctions" presupposes the sanctions, whatever befalls the package
    # they are in ("would not block ..."): the stance takes the prefix's context, not the verb's
    anchor = targets[0] - 2 if owners else token.i
    if not owners and token.dep_ in {"dobj", "pobj"}:
        verb = token.head if token.dep_ == "dobj" else token.head.head
        # "imposed anti-Russian sanctions"; not "criticised the anti-Russian sanctions"
        if verb.pos_ == "VERB" and verb.i < token.i and verb.lemma_.lower() in words.stance_verbs:
            event = frame(verb, vocabulary)
            owners = event.tokens(Role.AGENT) if event is not None else ()
    if owners:
        yield Proposal(
            "anti-stance", "opposes", Family.OPPOSE, anchor, owners, targets, head=token.i
        )


def reduced_relations(
    p: Predicate, doc: Doc, words: RuleWords, _: PredicateWords
) -> Iterator[Proposal]:
    """ "The US suspended intelligence sharing with Kyiv", "halted aid to X", "severed ties with
    X": cutting back what one does with someone opposes them (CAMEO 16)."""
    if p.kind != "verb" or p.lemma not in words.reduce_verbs or p.passive:
        return
    agents = p.tokens(Role.AGENT)
    partners: list[int] = []
    for patient in p.tokens(Role.PATIENT):
        noun = doc[patient]
        if (
            noun.lemma_.lower() not in words.cooperation_nouns
            and noun.lower_ not in words.cooperation_nouns
        ):
            continue
        partners += [
            o.i
            for prep in noun.children
            if prep.dep_ == "prep" and prep.lower_ in words.partner_prepositions
            for o in (*[c for c in prep.children if c.dep_ == "pobj"],)
        ]
        partners += list(p.tokens(Role.COMITATIVE) + p.tokens(Role.RECIPIENT))
    partners = [i for i in dict.fromkeys(partners) if i not in agents]
    if agents and partners:
        yield Proposal(
            "reduced-relations", "opposes", Family.OPPOSE, p.head, agents, tuple(partners)
        )


def greeting(token: Token, words: RuleWords, vocabulary: PredicateWords) -> Iterator[Proposal]:
    """ "Congratulations to both countries!", X posted; "Macron's congratulations to Carney";
    "sent congratulations to X": a greeting noun praises its "to" party; with no giver named,
    the quoted or reporting speaker gives it."""
    relation = words.greeting_nouns.get(token.lower_) or words.greeting_nouns.get(
        token.lemma_.lower()
    )
    if relation is None:
        return
    givers = _uttered_by(token, words, vocabulary)
    # "sent his congratulations to X": the parser may hang "to X" on the verb
    holders = [token, token.head] if givers else [token]
    objects = tuple(
        o.i
        for holder in holders
        for prep in holder.children
        if prep.dep_ in {"prep", "dative"} and prep.lower_ == "to"
        for o in prep.children
        if o.dep_ == "pobj"
    )
    if not objects:
        return
    givers = givers or _owners(token)
    givers = tuple(i for i in givers if i not in objects)
    yield Proposal(
        "greeting",
        relation,
        Family.SUPPORT,
        token.i,
        givers,
        objects,
        speaker_subject=not givers,
    )


def _family(relation: str) -> Family:
    return family_of(relation)


def exchange(p: Predicate, doc: Doc, words: RuleWords, _: PredicateWords) -> Iterator[Proposal]:
    """ "India and Pakistan exchanged strikes", "the two sides traded fire", "X exchanged fire
    with Y", "A and B traded accusations": each did it to the other."""
    if p.kind != "verb" or p.lemma not in words.exchange_verbs or p.passive:
        return
    relations = []
    for patient in p.tokens(Role.PATIENT):
        noun = doc[patient]
        # "a barrage of strikes": the exchanged thing may sit behind a container
        inner = [noun, *(o for c in noun.children if c.lower_ == "of" for o in c.children)]
        relations += [words.exchange_nouns.get(n.lemma_.lower()) for n in inner]
    relation = next((r for r in relations if r is not None), None)
    if relation is None:
        return
    agents = p.tokens(Role.AGENT)
    # "exchanged fire with Y": the parser may hang "with Y" on what is exchanged
    partners = p.tokens(Role.COMITATIVE) + tuple(
        o.i
        for i in p.tokens(Role.PATIENT)
        for prep in doc[i].children
        if prep.dep_ == "prep" and prep.lower_ == "with"
        for o in prep.children
        if o.dep_ == "pobj" and o.i not in agents
    )
    family = _family(relation)
    if partners and agents:
        yield Proposal("exchange", relation, family, p.head, agents, partners)
        yield Proposal("exchange", relation, family, p.head, partners, agents)
        return
    parties = _joint_group(p, Role.AGENT)
    if not parties and len(agents) == 1 and doc[agents[0]].tag_ in {"NNS", "NNPS"}:
        parties = agents  # "the two sides", "both countries": a pair the resolver names
    if parties:
        # the same tokens on both sides: every ordered pair of different parties
        yield Proposal("exchange", relation, family, p.head, parties, parties)


def manner_attitude(
    token: Token, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "Sisi turned to Trump with praise", "Macron met the plan with scorn": an attitude noun
    as the manner of an act toward someone is an attitude to them."""
    relation = words.manner_nouns.get(token.lemma_.lower())
    prep = token.head
    if relation is None or token.dep_ != "pobj" or prep.lower_ != "with":
        return
    p = frame(prep.head, vocabulary) if prep.head.pos_ == "VERB" else None
    if p is None:
        return
    agents = p.tokens(Role.AGENT)
    objects = tuple(
        i
        for i in p.tokens(Role.RECIPIENT) + p.tokens(Role.TARGET) + p.tokens(Role.PATIENT)
        if i not in agents
    )
    if agents and objects:
        yield Proposal("manner-attitude", relation, _family(relation), p.head, agents, objects)


def pressure(p: Predicate, doc: Doc, words: RuleWords, _: PredicateWords) -> Iterator[Proposal]:
    """ "Pressure from Iraq kept Netanyahu away", "Trump's threats forced Canada to ...": such a
    noun's owner, as the cause of what befalls someone, presses or threatens them."""
    if p.kind != "verb" or p.lemma not in words.causative_verbs or p.passive:
        return
    objects = p.tokens(Role.PATIENT)
    for agent in p.tokens(Role.AGENT):
        relation = words.pressure_nouns.get(_lemma(doc, agent))
        owners = tuple(i for i in _owners(doc[agent]) if i not in objects) if relation else ()
        if relation is not None and owners and objects:
            yield Proposal("pressure", relation, Family.OPPOSE, p.head, owners, objects)


def blocked_measure(
    p: Predicate, doc: Doc, words: RuleWords, _: PredicateWords
) -> Iterator[Proposal]:
    """ "Slovakia vetoed the package of EU sanctions", "Hungary blocked the Commission's plan":
    blocking a body's decision opposes that body."""
    if p.kind != "verb" or p.lemma not in words.blocking_verbs:
        return
    agents = p.tokens(Role.AGENT)
    for patient in p.tokens(Role.PATIENT):
        noun = doc[patient]
        if noun.lemma_.lower() not in words.measure_nouns:
            continue
        owners = _owners(noun)
        if not owners:
            # "the package of EU sanctions": the container's content has the owner
            owners = tuple(
                i
                for prep in noun.children
                if prep.dep_ == "prep" and prep.lower_ == "of"
                for o in prep.children
                if o.dep_ == "pobj"
                for i in _owners(o)
            )
        owners = tuple(i for i in owners if i not in agents)
        if agents and owners:
            yield Proposal("blocked-measure", "opposes", Family.OPPOSE, p.head, agents, owners)


def _proposers(noun: Token, vocabulary: PredicateWords, words: RuleWords) -> tuple[int, ...]:
    """Who proposed what `noun` names: the subject of a proposing verb it is the object of
    ("proposing an inquiry"), or the "by" agent of a proposing participle on it ("the plan put
    forward by X")."""
    found: tuple[int, ...] = ()
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in words.proposing_verbs:
        event = frame(head, vocabulary)
        found += event.tokens(Role.AGENT) if event is not None else ()
    for child in noun.children:
        if (
            child.dep_ == "acl"
            and child.tag_ == "VBN"
            and child.lemma_.lower() in words.proposing_verbs
        ):
            event = frame(child, vocabulary)
            found += (
                tuple(a.token for a in event.role(Role.AGENT) if a.via.startswith("by-agent"))
                if event is not None
                else ()
            )
    return found


def rejected_proposal(
    p: Predicate, doc: Doc, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "X proposed an inquiry, which Y rejected", "Y rejected the plan put forward by X":
    rejecting a proposal opposes the one who made it."""
    if p.kind != "verb" or p.lemma not in words.rebuttal_verbs:
        return
    rejecting = p.tokens(Role.AGENT)
    proposers = tuple(
        i
        for patient in p.tokens(Role.PATIENT)
        for i in _proposers(doc[patient], vocabulary, words)
        if i not in rejecting
    )
    if rejecting and proposers:
        yield Proposal("rejected-proposal", "rejects", Family.OPPOSE, p.head, rejecting, proposers)


def threat_adjunct(
    token: Token, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "Trump called on Moscow to agree to a truce, threatening new sanctions": a threat of a
    penalty that backs a demand is toward the one the demand is made of."""
    if token.pos_ != "VERB" or token.dep_ not in {"advcl", "conj"} or token.tag_ != "VBG":
        return
    penalties = [
        c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in words.penalty_nouns
    ]
    if not penalties or any(
        prep.dep_ == "prep"
        for n in (token, *penalties)
        for prep in n.children
        if prep.lower_ in {"on", "against", "to", "at"}
    ):
        return  # "threatening sanctions on Iran" names its own target
    node, targets = token.head, []
    for _ in range(3):
        if node.lemma_.lower() in words.demand_verbs:
            targets = [c for c in node.children if c.dep_ == "dobj"] + [
                o
                for prep in node.children
                if prep.dep_ == "prep" and prep.lower_ in {"on", "upon"}
                for o in prep.children
                if o.dep_ == "pobj"
            ]
            break
        if node.dep_ not in {"advcl", "xcomp", "conj"} or node.head == node:
            return
        node = node.head
    demand = frame(node, vocabulary)
    threateners = demand.tokens(Role.AGENT) if demand is not None else ()
    targets = [t for t in targets if t.i not in threateners]
    if threateners and targets:
        yield Proposal(
            "threat-adjunct",
            "threatens",
            Family.OPPOSE,
            token.i,
            threateners,
            tuple(t.i for t in targets),
        )


def party_member(group: Token, words: RuleWords) -> Iterator[Proposal]:
    """ "X of the Liberal Party", "Democratic Senator X", "X, a former Liberal minister": a
    person named with an organisation in the same noun phrase belongs to it (relations keeps a
    person's membership to coalitions and parties; an office's own group is `group-leader`'s)."""
    people: list[Token] = []
    head = group.head  # the word that links them: the context the statement takes
    if group.dep_ == "pobj" and head.lower_ == "of" and head.head.ent_type_ == "PERSON":
        people.append(head.head)  # "Mark Carney of the Liberal Party"
    elif group.dep_ in {"compound", "amod", "nmod"} and group.i < head.i:
        node, titled = group, False
        while node.dep_ in {"compound", "amod", "nmod"} and node.head.pos_ in {"NOUN", "PROPN"}:
            node = node.head
            if node.lemma_.lower() in words.leader_nouns:
                return  # "Conservative leader X" leads it: group-leader says so
            titled = titled or node.lemma_.lower() in words.member_titles
        if not titled:
            return  # "the Republican candidate X", "Liberal supporters": no office of the party
        if node.ent_type_ == "PERSON":
            people.append(node)  # "Democratic Senator Chris Van Hollen"
        elif node.dep_ == "appos" and node.head.ent_type_ == "PERSON":
            people.append(node.head)  # "David Lametti, a former Liberal Justice Minister"
    people = [p for p in people if p.i != group.i]
    if people:
        yield Proposal(
            "party-member",
            "memberOf",
            Family.MEMBER_OF,
            head.i,
            tuple(p.i for p in people),
            (group.i,),
            object_kinds=frozenset({EntityKind.ORGANIZATION}),
        )


def provoked_charge(
    token: Token, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "Hamas delayed the handover, prompting criticism from Israel", "..., leading to accusations
    of a truce violation from X": the one whose act provoked a charge is its target."""
    relation = words.charge_nouns.get(token.lemma_.lower())
    if relation is None:
        return
    verb = token.head
    if token.dep_ == "pobj" and verb.lower_ == "to":
        verb = verb.head  # "leading to accusations"
    elif token.dep_ != "dobj":
        return
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in words.provoking_verbs:
        return
    # "accusations of a violation from X": the source may hang on the charge's "of" object
    holders = [token, *(o for c in token.children if c.lower_ == "of" for o in c.children)]
    sources = tuple(
        o.i
        for holder in holders
        for prep in holder.children
        if prep.dep_ == "prep" and prep.lower_ == "from"
        for o in prep.children
        if o.dep_ == "pobj"
    )
    event = frame(verb, vocabulary)
    targets = tuple(i for i in (event.tokens(Role.AGENT) if event else ()) if i not in sources)
    if sources and targets:
        yield Proposal("provoked-charge", relation, Family.OPPOSE, token.i, sources, targets)


@dataclass(frozen=True, slots=True)
class RoleRule:
    """One registered rule: its name, confidence when both arguments are named, and function."""

    name: str
    confidence: float
    propose: RuleFunction | None


# In order; a statement found by several rules keeps the highest confidence.
RULES: tuple[RoleRule, ...] = (
    RoleRule("joint-subject", 0.7, joint_subject),
    RoleRule("joint-between", 0.7, joint_between),
    RoleRule("event-comitative", 0.7, event_comitative),
    RoleRule("event-adjunct", 0.65, event_comitative),
    RoleRule("event-participation", 0.65, event_comitative),
    RoleRule("group-meeting", 0.7, group_meeting),
    RoleRule("mediation", 0.7, mediation),
    RoleRule("mediation-adjunct", 0.65, None),  # proposed by `mediation`
    RoleRule("co-chairing", 0.7, co_chairing),
    RoleRule("hosting", 0.65, hosting),
    RoleRule("arrival", 0.7, arrival),
    RoleRule("convening", 0.75, convening),
    RoleRule("group-leader", 0.7, None),  # starts from a leader noun, not a predicate
    RoleRule("rejected-charge", 0.7, rejected_charge),
    RoleRule("wrongdoing", 0.65, wrongdoing),
    RoleRule("threat-infinitive", 0.7, None),  # starts from "threaten" / "threat"
    RoleRule("anti-stance", 0.7, None),  # starts from a stance noun with "anti-"
    RoleRule("reduced-relations", 0.7, reduced_relations),
    RoleRule("greeting", 0.7, None),  # starts from a greeting noun
    RoleRule("exchange", 0.7, exchange),
    RoleRule("manner-attitude", 0.65, None),  # starts from the manner noun
    RoleRule("pressure", 0.65, pressure),
    RoleRule("blocked-measure", 0.7, blocked_measure),
    RoleRule("rejected-proposal", 0.65, rejected_proposal),
    RoleRule("threat-adjunct", 0.65, None),  # starts from "threatening"
    RoleRule("provoked-charge", 0.65, None),  # starts from the charge noun
    RoleRule("party-member", 0.7, None),  # starts from an organisation's name
)
CONFIDENCE = {rule.name: rule.confidence for rule in RULES}
_FUNCTIONS = tuple(dict.fromkeys(rule.propose for rule in RULES if rule.propose is not None))


def _relevant(words: RuleWords, vocabulary: PredicateWords) -> frozenset[str]:
    """Lemmas any rule starts from: predicates with other lemmas are not framed at all."""
    chairs = {w.removeprefix("co-") for w in words.chairing_verbs}
    return frozenset(
        set(words.joint_verbs)
        | set(words.meeting_nouns)
        | words.agreement_nouns
        | chairs
        | words.chairing_verbs
        | words.convening_verbs
        | words.arrival_verbs
        | words.leader_nouns
        | vocabulary.mediation_verbs
        | set(words.charge_nouns)
        | words.rebuttal_verbs
        | words.wrongdoing_verbs
        | words.wrongdoing_acts
        | words.threat_words
        | words.stance_nouns
        | words.reduce_verbs
        | set(words.greeting_nouns)
        | words.exchange_verbs
        | set(words.manner_nouns)
        | words.causative_verbs
        | words.blocking_verbs
    )


def proposals(
    doc: Doc, words: RuleWords | None = None, vocabulary: PredicateWords | None = None
) -> Iterator[Proposal]:
    """Every proposal of every rule over the document's predicates, in text order."""
    words = words or load_rule_words()
    vocabulary = vocabulary or predicate_words()
    wanted = _lemma_ids(words, vocabulary)
    allowed = _POS_IDS
    # one array pass finds the few tokens any rule starts from; no Token is made for the rest
    for i, (lemma, pos) in enumerate(doc.to_array([LEMMA, POS]).tolist()):
        if pos not in allowed or lemma not in wanted:
            continue
        token = doc[i]
        lemma = token.lemma_.lower()
        if lemma in words.leader_nouns and token.pos_ == "NOUN":
            yield from group_leader(token, words)
        if lemma in words.threat_words:
            yield from threat_infinitive(token, words, vocabulary)
            yield from threat_adjunct(token, words, vocabulary)
        if token.pos_ == "NOUN":
            if lemma in words.stance_nouns or token.lower_ in words.stance_nouns:
                yield from anti_stance(token, words, vocabulary)
            if lemma in words.greeting_nouns or token.lower_ in words.greeting_nouns:
                yield from greeting(token, words, vocabulary)
            if lemma in words.manner_nouns:
                yield from manner_attitude(token, words, vocabulary)
            if lemma in words.charge_nouns:
                yield from provoked_charge(token, words, vocabulary)
        predicate = frame(token, vocabulary)
        if predicate is None:
            continue
        for propose in _FUNCTIONS:
            yield from propose(predicate, doc, words, vocabulary)
    for ent in doc.ents:
        if ent.label_ == "ORG":
            yield from party_member(ent.root, words)


_POS_IDS = frozenset({POS_IDS["VERB"], POS_IDS["NOUN"]})


# id(words) -> (words, vocabulary, lemma hashes): the word records hold dicts, so no lru_cache;
# holding them keeps their ids unique
_LEMMA_IDS: dict[int, tuple[RuleWords, PredicateWords, frozenset[int]]] = {}


def _lemma_ids(words: RuleWords, vocabulary: PredicateWords) -> frozenset[int]:
    """Hashes of the lemmas any rule starts from (lower and title case: "Talks" at a sentence
    start keeps its capital in the lemma)."""
    known = _LEMMA_IDS.get(id(words))
    if known is not None and known[0] is words and known[1] is vocabulary:
        return known[2]
    lemmas = _relevant(words, vocabulary)
    ids = frozenset(get_string_id(f(w)) for w in lemmas for f in (str.lower, str.capitalize))
    if len(_LEMMA_IDS) >= 8:
        _LEMMA_IDS.clear()
    _LEMMA_IDS[id(words)] = (words, vocabulary, ids)
    return ids
