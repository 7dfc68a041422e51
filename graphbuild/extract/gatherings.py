"""Group events over the predicate-argument layer: who hosts an event and who takes part in it,
who signs a text together, who goes along with whom (COOPERATE).

A group event is read as an event and its participant set, then the pairs the annotation rules
count: the host (or organiser) with each participant named in the same sentence, every pair of
co-signers, a companion with the one accompanied. Participants are never paired with each other
here ("the summit saw the participation of A and B" does not make A meet B), and a list of calls
or visits is not a group ("separate calls with A and B" is the predicate layer's distributive).
Words live in `ontology/role-rules.yaml`; proposals are resolved and assessed like every role
rule's (`graphbuild.extract.rules.gatherings`).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from graphbuild.extract.predicates import Predicate, Role, frame, predicate_words
from graphbuild.extract.role_rules import (
    MAX_PARTIES,
    Proposal,
    _chairing,
    load_rule_words,
    separate,
)
from graphbuild.extract.vocabulary import PredicateWords, RuleWords
from graphbuild.records import Family

# Co-signers and guests: a longer list is still one event's (a summit's guest list), but past
# this it is a roll call the parse rarely gets right.
MAX_MEMBERS = 8
_NOUNS = frozenset({"NOUN", "PROPN"})


def _members(token: Token, vocabulary: PredicateWords) -> list[Token]:
    """A noun phrase's actors: the head, its conjuncts, appositions and "including" examples."""
    found: list[Token] = []
    for node in (token, *token.conjuncts):
        found.append(node)
        for child in node.children:
            if child.dep_ == "appos":
                found += [child, *child.conjuncts]
            elif child.dep_ == "prep" and child.lower_ in vocabulary.example_prepositions:
                found += [m for p in child.children if p.dep_ == "pobj" for m in (p, *p.conjuncts)]
    return found


def _stray_conjuncts(verb: Token, after: int) -> list[Token]:
    """Names the parser hangs on a verb (as its conjunct or an unlabelled dependent) after the
    verb's argument list ends at `after`: the rest of that list ("... included A, B, and C" or
    "signed by A, B, C and D" parsed with C hanging on the verb), with their conjuncts."""
    found: list[Token] = []
    for child in verb.children:
        if (
            child.i > after
            and child.dep_ in {"conj", "dep"}
            and (child.pos_ == "NOUN" or (child.pos_ == "PROPN" and child.ent_type_))
        ):
            found += [child, *child.conjuncts]
    return found


def _listed(subject: Token, words: RuleWords, vocabulary: PredicateWords) -> list[Token]:
    """Whom a subject phrase names through a listing verb: "those accompanying X included A, B
    and C" (subject "those", listed A, B and C); empty when it is not such a subject."""
    verb = subject.head
    if subject.dep_ != "nsubj" or verb.lemma_.lower() not in words.listing_verbs:
        return []
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    listed = [m for o in objects for m in _members(o, vocabulary)]
    return listed + _stray_conjuncts(verb, max(t.i for t in listed)) if listed else []


def _ids(tokens: list[Token], leave_out: tuple[int, ...] = ()) -> tuple[int, ...]:
    return tuple(dict.fromkeys(t.i for t in tokens if t.i not in leave_out))


def co_signing(
    p: Predicate, doc: Doc, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "A memorandum signed by A, B and C", "the declaration was co-signed by A and B", "A, B, C,
    D and E signed the accord": those who sign one text together cooperate, every pair."""
    if p.kind != "verb" or p.lemma not in words.signing_verbs or p.distributive:
        return
    groups = [g for g in p.groups(Role.AGENT).values() if 2 <= len(g) <= MAX_MEMBERS]
    if len(groups) != 1 or p.role(Role.COMITATIVE):
        return  # "A signed a deal with B" is the lexicon's; several groups: no one text
    if not p.passive and any(doc[i].pos_ in {"PROPN", "PRON"} for i in p.tokens(Role.PATIENT)):
        return  # "A and B signed X up": a person object is not a text
    if any(separate(doc[i], vocabulary) for i in p.tokens(Role.PATIENT)):
        return  # "A and B signed separate deals with C": each its own text
    signers = groups[0]
    if p.passive:  # "signed by A, B, C and D" with C hanging on the verb
        extra = _stray_conjuncts(doc[p.head], max(signers))
        signers = _ids([doc[i] for i in signers] + extra)[:MAX_MEMBERS]
    if len(signers) <= MAX_PARTIES:
        yield Proposal(
            "co-signing", "cooperatesWith", Family.COOPERATE, p.head, signers, reciprocal=True
        )
        return
    for n, signer in enumerate(signers[:-1]):  # a longer list: each with those after it
        yield Proposal(
            "co-signing", "cooperatesWith", Family.COOPERATE, p.head, (signer,), signers[n + 1 :]
        )


def _hosts(
    noun: Token, words: RuleWords, vocabulary: PredicateWords
) -> tuple[tuple[int, ...], int]:
    """Who runs an event and the verb that says so: "the summit, co-chaired by A and B", "the
    talks that A hosted", "A hosted the talks", "the meeting was organised by A"."""
    verbs = [c for c in noun.children if c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB"]
    if noun.dep_ in {"dobj", "nsubjpass"} and noun.head.pos_ == "VERB":
        verbs.append(noun.head)
    for verb in verbs:
        if not _chairing(verb, words):
            continue
        event = frame(verb, vocabulary)
        if event is None:
            continue
        hosts = tuple(i for i in event.tokens(Role.AGENT) if i != noun.i)
        if hosts and doc_pronoun_free(noun.doc, hosts):
            return hosts, verb.i
    return (), noun.i


def doc_pronoun_free(doc: Doc, tokens: tuple[int, ...]) -> bool:
    """False for a relative pronoun standing for the event itself ("the summit, which hosted")."""
    return not any(doc[i].tag_ == "WDT" for i in tokens)


def _participants(
    noun: Token, words: RuleWords, vocabulary: PredicateWords
) -> tuple[list[Token], int | None]:
    """Who takes part in an event, and the verb that says so: "the summit saw the participation
    of A and B", "the talks brought together A and B", "the meeting was attended by A", "A and B
    attended the summit"."""
    verb = noun.head
    lemma = verb.lemma_.lower()
    if (
        noun.dep_ == "nsubj"
        and verb.pos_ == "VERB"
        and (lemma in words.gathering_verbs or lemma in words.witness_verbs)
    ):
        found: list[Token] = []
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            if obj.lemma_.lower() in words.participation_nouns and lemma in words.witness_verbs:
                found += [
                    m
                    for prep in obj.children
                    if prep.dep_ == "prep" and prep.lower_ == "of"
                    for o in prep.children
                    if o.dep_ == "pobj"
                    for m in _members(o, vocabulary)
                ]
            elif lemma in words.gathering_verbs:  # "saw A arrive" is not taking part
                found += _members(obj, vocabulary)
        if found:
            return found + _stray_conjuncts(verb, max(t.i for t in found)), verb.i
    if verb.pos_ == "VERB" and verb.lemma_.lower() in words.attending_verbs:
        event = frame(verb, vocabulary)
        if event is not None and (
            (event.passive and noun.dep_ == "nsubjpass")
            or (not event.passive and noun.dep_ == "dobj")
        ):
            return [noun.doc[i] for i in event.tokens(Role.AGENT)], verb.i
    for child in noun.children:  # "the summit, attended by A and B"
        if child.dep_ == "acl" and child.lemma_.lower() in words.attending_verbs:
            event = frame(child, vocabulary)
            if event is not None and event.passive:
                return [noun.doc[i] for i in event.tokens(Role.AGENT)], child.i
    return [], None


def event_hosts(
    p: Predicate, doc: Doc, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "The summit, orchestrated by A, saw the participation of B and C", "B and C attended the
    talks hosted by A": the host meets each participant named in the same sentence (not the
    participants each other)."""
    if p.kind == "verb" or p.lemma not in words.meeting_nouns or p.distributive:
        return
    noun = doc[p.head]
    hosts, _ = _hosts(noun, words, vocabulary)
    if not hosts:
        return
    people, anchor = _participants(noun, words, vocabulary)
    guests = _ids(people, hosts)
    if anchor is not None and guests and len(guests) <= MAX_MEMBERS:
        yield Proposal("event-hosts", "hosts", Family.COOPERATE, anchor, hosts, guests, head=p.head)


def accompaniment(
    p: Predicate, doc: Doc, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "A accompanied X to the talks", "X was accompanied by A and B", "those accompanying X
    included A, B and C", "X spoke, flanked by A and B": a companion cooperates with X."""
    if p.kind != "verb" or p.lemma not in words.escort_verbs:
        return
    token = doc[p.head]
    principals = p.tokens(Role.PATIENT)
    if not principals and p.passive and token.dep_ == "advcl" and token.tag_ == "VBN":
        # "X spoke, flanked by A and B": the clause's subject is the one flanked
        clause = frame(token.head, vocabulary) if token.head.pos_ == "VERB" else None
        principals = clause.tokens(Role.AGENT) if clause is not None else ()
    companions: list[Token] = []
    anchor = p.head
    for i in p.tokens(Role.AGENT):
        listed = _listed(doc[i], words, vocabulary)
        if listed:  # "those accompanying X did not include A": the listing clause's context
            anchor = doc[i].head.i
        companions += listed or [doc[i]]
    found = _ids(companions, principals)
    if principals and found and len(found) <= MAX_MEMBERS:
        yield Proposal(
            "accompaniment",
            "cooperatesWith",
            Family.COOPERATE,
            anchor,
            found,
            principals,
            head=p.head,
        )


def _mediators(noun: Token) -> list[Token]:
    """Who a mediation noun names as mediating: "the mediation of X", "X's mediation", "Qatari
    mediation" (a proper adjective or name before it)."""
    found = [
        m
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for o in prep.children
        if o.dep_ == "pobj"
        for m in (o, *o.conjuncts)
    ]
    found += [c for c in noun.children if c.dep_ == "poss"]
    found += [
        c
        for c in noun.children
        if c.dep_ in {"amod", "compound", "nmod"} and c.i < noun.i and c.ent_type_
    ]
    return found


def mediated_event(noun: Token, words: RuleWords, vocabulary: PredicateWords) -> Iterator[Proposal]:
    """ "A and B agreed a truce under the mediation of M", "A and B signed the pact under M's
    auspices", "with Qatari mediation, A and B agreed to talks": the mediator of a joint act
    cooperates with each of its parties (the parties' own pair is the joint rule's)."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in words.mediation_prepositions:
        return
    mediators = _mediators(noun)
    node = prep.head
    for _ in range(6):  # "... talks on their dispute under the mediation of M": up to the verb
        if node.pos_ == "VERB" or node.head == node:
            break
        node = node.head
    if node.pos_ != "VERB" or not mediators:
        return
    chain = [node] + ([node.head] if node.dep_ == "conj" else [])
    joint = [v for v in chain if v.lemma_.lower() in words.joint_verbs]
    if not joint:
        return  # "A and B criticised the plan under M's mediation" is no joint act
    event = frame(node, vocabulary)
    groups = [g for g in event.groups(Role.AGENT).values()] if event is not None else []
    parties = [g for g in groups if 2 <= len(g) <= MAX_PARTIES]
    mediator_ids = _ids(mediators)
    if len(parties) == 1:
        found = tuple(i for i in parties[0] if i not in mediator_ids)
        if found:
            yield Proposal(
                "mediated-event",
                "cooperatesWith",
                Family.COOPERATE,
                joint[0].i,  # "agreed a truce and start talks under M's mediation": agreed's
                # context
                mediator_ids,
                found,
                head=noun.i,
            )


_FUNCTIONS = (co_signing, event_hosts, accompaniment)


def proposals(
    doc: Doc, words: RuleWords | None = None, vocabulary: PredicateWords | None = None
) -> Iterator[Proposal]:
    """Every group-event proposal over the document's predicates, in text order."""
    words = words or load_rule_words()
    vocabulary = vocabulary or predicate_words()
    lemmas = words.signing_verbs | words.escort_verbs | set(words.meeting_nouns)
    for token in doc:
        if token.pos_ == "NOUN" and token.lemma_.lower() in words.mediation_nouns:
            yield from mediated_event(token, words, vocabulary)
        if token.pos_ not in {"VERB", "NOUN"} or token.lemma_.lower() not in lemmas:
            continue
        predicate = frame(token, vocabulary)
        if predicate is None:
            continue
        for propose in _FUNCTIONS:
            yield from propose(predicate, doc, words, vocabulary)
