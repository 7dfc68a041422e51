"""Rules over the parse for who belongs to and who leads a group, said by an office or membership noun in a role the
parser hangs loosely: "Malaysia, the current chair of ASEAN" (leader-apposition), "led the talks
as head of the bloc", "hosted by Malaysia in its capacity as ASEAN chair" (leader-as), "Britain
and France led efforts to set up the coalition" (founding-effort), "Hungary consulted its fellow
EU members" (fellow-member). The unit `graphbuild.extract.rules.groups` resolves
the proposals like the role pass (`graphbuild.extract.rules.roles`), so the ontology's domains and ranges keep the group a
coalition or organisation, and negation, modality and quotes are assessed as for any trigger.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from graphbuild.extract.gazetteer import Gazetteer
from graphbuild.extract.predicates import Role, agents_of, frame
from graphbuild.extract.role_rules import Proposal, owner_groups
from graphbuild.extract.rules.membership import fellow_of
from graphbuild.extract.vocabulary import CueWords, PredicateWords, RuleWords, load_vocabulary
from graphbuild.records import EntityKind, Family

_GROUPS = frozenset({EntityKind.COALITION, EntityKind.ORGANIZATION})
_NAMED = frozenset({"PROPN"})


def proposals(
    doc: Doc,
    words: RuleWords,
    vocabulary: PredicateWords,
    cues: CueWords,
    gazetteer: Gazetteer | None,
) -> Iterator[Proposal]:
    """Every proposal of the group rules, in text order."""
    for token in doc:
        if token.pos_ not in {"NOUN", "PROPN"}:
            continue
        lemma = token.lemma_.lower()
        if lemma in words.leader_nouns or _group_office(token, gazetteer):
            yield from leader_holder(token, words, vocabulary)
        if lemma in cues.membership_nouns and fellow_of(token, cues):
            yield from fellow_member(token)
        if lemma in words.effort_nouns and token.pos_ == "NOUN":
            yield from founding_effort(token, words, vocabulary)
        if lemma in words.governing_nouns and token.pos_ == "NOUN":
            yield from party_government(token, words, vocabulary)


def _group_office(token: Token, gazetteer: Gazetteer | None) -> bool:
    """The last word of an office that leads its group ("secretary general", "president")."""
    if gazetteer is None:
        return False
    start = token.i
    while (
        start > 0
        and token.doc[start - 1].dep_ == "compound"
        and token.doc[start - 1].text[:1].islower()
    ):
        start -= 1
    for first in range(start, token.i + 1):
        office = gazetteer.office(token.doc[first : token.i + 1].text)
        if office is not None and office.group_relation:
            return True
    return False


def _led_groups(noun: Token) -> list[Token]:
    """The group an office noun belongs to: its possessor, a capitalised modifier before it, or
    its "of" object ("ASEAN chair", "the alliance's secretary general", "chair of ASEAN")."""
    groups = owner_groups(noun)
    # "head of the ASEAN bloc": a group noun stands for the name that modifies it
    group_nouns = load_vocabulary().cues.group_nouns
    groups += [
        c
        for g in groups
        if g.lemma_.lower() in group_nouns
        for c in g.children
        if c.dep_ in {"compound", "appos"} and c.pos_ == "PROPN"
    ]
    return groups


def _apposed_holder(noun: Token) -> Token | None:
    """The name right before an appositive office phrase, whatever the parser attached the
    phrase to: "Malaysia, the current chair of ASEAN," (not a list item: "A, the chair of X and
    B" reads as a list)."""
    doc = noun.doc
    if noun.dep_ == "compound" or (noun.i + 1 < len(doc) and doc[noun.i + 1].pos_ == "PROPN"):
        return None  # "A, European Commission President B": a title before a name, a list
    start = noun.left_edge.i
    if start < 2 or doc[start - 1].text != ",":
        return None
    end = noun.right_edge.i + 1
    if end < len(doc) and (doc[end].dep_ == "cc" or doc[end].lower_ in {"and", "or"}):
        return None  # "Thailand, the chair of ASEAN and Cambodia": a list
    before = doc[start - 2]
    if before.pos_ not in _NAMED or before.dep_ == "compound":
        return None
    return before


def leader_holder(noun: Token, words: RuleWords, vocabulary: PredicateWords) -> Iterator[Proposal]:
    """ "Malaysia, the current chair of ASEAN": the name before an appositive office holds it
    (leader-apposition); "led the talks as head of the bloc", "hosted by Malaysia in its
    capacity as ASEAN chair", "As chair of the G20, South Africa hosted": the agent of the verb
    the "as" phrase describes (leader-as); after a verb of appointing, its patient ("elected X
    as chair"); after a verb of construal ("treated X as its leader") nobody."""
    groups = _led_groups(noun)
    if not groups:
        return
    if noun.dep_ == "pobj" and noun.head.lower_ == "as":
        described, anchor = _as_holders(noun.head, words, vocabulary)
        if described:
            yield Proposal(
                "leader-as",
                "leads",
                Family.LEADS,
                anchor,
                described,
                tuple(g.i for g in groups),
                head=noun.i,
                object_kinds=_GROUPS,
            )
        return
    holders: list[Token] = []
    holder = _apposed_holder(noun)
    if holder is not None:
        holders.append(holder)
    if noun.lemma_.lower() not in words.leader_nouns:
        # "the alliance's secretary general, Mark Rutte" (group-leader reads leader nouns)
        holders += [c for c in noun.children if c.dep_ == "appos" and c.pos_ in _NAMED]
    if holders:
        yield Proposal(
            "leader-apposition",
            "leads",
            Family.LEADS,
            noun.i,
            tuple(h.i for h in holders),
            tuple(g.i for g in groups),
            object_kinds=_GROUPS,
        )


def _as_holders(
    prep: Token, words: RuleWords, vocabulary: PredicateWords
) -> tuple[tuple[int, ...], int]:
    """Who an "as" phrase describes, and the verb whose context it takes."""
    node = prep.head
    if node.lemma_.lower() in words.capacity_nouns and node.dep_ == "pobj":
        node = node.head.head  # "in its capacity as chair": the verb "in" hangs on
    elif node.pos_ == "NOUN" and node.dep_ in {"dobj", "pobj"} and node.i < prep.i:
        # "led the talks as head of the bloc": the parser hangs "as" on the object
        node = node.head if node.dep_ == "dobj" else node.head.head
    if node.pos_ not in {"VERB", "AUX"}:
        return (), prep.i
    lemma = node.lemma_.lower()
    if lemma in words.construal_verbs:
        return (), node.i  # "treated Ukraine as a leader of the bloc": a view
    predicate = frame(node, vocabulary)
    if predicate is None:
        subjects = tuple(t.i for t in agents_of(node)[0])
        return subjects, node.i
    if lemma in words.appointing_verbs:
        return predicate.tokens(Role.PATIENT), node.i
    agents = predicate.tokens(Role.AGENT)
    if node.i > prep.i and not agents:
        agents = tuple(t.i for t in agents_of(node)[0])
    return agents, node.i


def fellow_member(noun: Token) -> Iterator[Proposal]:
    """ "Hungary consulted its fellow EU members", "held talks with fellow NATO allies": the
    noun's owner, else the subject of its clause, belongs to the group the noun names. The
    statement takes the clause verb's context ("would consult its fellow members" is not)."""
    groups = [
        c
        for c in noun.children
        if c.dep_ in {"compound", "nmod"} or (c.dep_ == "amod" and c.text[:1].isupper())
    ]
    # "fellow EU member states": the name modifies "member"
    groups += [c for g in groups for c in g.children if c.dep_ in {"compound", "nmod"}]
    groups += [
        o
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ in {"of", "in"}
        for o in prep.children
        if o.dep_ == "pobj"
    ]
    verb = noun.head
    for _ in range(3):  # "held talks with fellow members": the clause's verb
        if verb.pos_ in {"VERB", "AUX"} or verb.dep_ not in {"prep", "pobj", "dobj"}:
            break
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"} or not groups:
        return
    # "its fellow members" after "Hungary consulted": the clause's subject says who "its" is
    members = [c for c in noun.children if c.dep_ == "poss"]
    if all(m.pos_ == "PRON" for m in members):
        members += [s for subject in agents_of(verb)[0] for s in _conjuncts(subject)]
    if members:
        yield Proposal(
            "fellow-member",
            "memberOf",
            Family.MEMBER_OF,
            verb.i,
            tuple(m.i for m in members),
            tuple(g.i for g in groups),
            head=noun.i,
            object_kinds=_GROUPS,
        )


def _conjuncts(token: Token) -> list[Token]:
    """A noun and its conjuncts ("Portugal and Spain")."""
    found = [token]
    for child in token.children:
        if child.dep_ == "conj":
            found += _conjuncts(child)
    return found


def founding_effort(
    noun: Token, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "Britain and France led efforts to set up the coalition", "spearheaded the push to
    create the group", "led the drive for the alliance's creation": leading the founding of a
    group leads it (the annotation's "led the setting up of a coalition")."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in words.leading_verbs:
        return
    founded: list[Token] = []
    for child in noun.children:
        if child.dep_ in {"acl", "relcl"} and child.lemma_.lower() in words.founding_verbs:
            founded += [c for c in child.children if c.dep_ == "dobj"]
        if child.dep_ == "prep" and child.lower_ in {"to", "for", "toward", "towards"}:
            for o in child.children:
                if o.dep_ == "pobj" and o.lemma_.lower() in words.founding_nouns:
                    founded += [
                        g
                        for g in o.children
                        if g.dep_ == "poss" or (g.dep_ == "prep" and g.lower_ == "of")
                    ]
    founded = [
        o if o.dep_ != "prep" else next((p for p in o.children if p.dep_ == "pobj"), o)
        for o in founded
    ]
    predicate = frame(verb, vocabulary)
    agents = predicate.tokens(Role.AGENT) if predicate is not None else ()
    if founded and agents:
        yield Proposal(
            "founding-effort",
            "leads",
            Family.LEADS,
            verb.i,
            agents,
            tuple(o.i for o in founded),
            head=noun.i,
            object_kinds=_GROUPS,
        )


def party_government(
    noun: Token, words: RuleWords, vocabulary: PredicateWords
) -> Iterator[Proposal]:
    """ "Carney won a minority Liberal government", "Sunak led a Conservative government", "his
    first trip since winning a Liberal majority": who wins, forms or leads a party's government
    is a member of the party (the unit keeps the subject a person; "defeated a Conservative
    government" is no win)."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in words.governing_verbs:
        return
    parties = [
        c
        for c in noun.children
        if c.dep_ in {"amod", "compound"} and c.i < noun.i and c.text[:1].isupper()
    ]
    predicate = frame(verb, vocabulary)
    agents = predicate.tokens(Role.AGENT) if predicate is not None else ()
    if not agents and verb.dep_ == "pcomp":
        # "his first trip since winning ...": the subject of the clause the phrase is in
        host = verb.head.head
        for _ in range(3):
            if host.pos_ in {"VERB", "AUX"} or host.head == host:
                break
            host = host.head
        if host.pos_ in {"VERB", "AUX"}:
            agents = tuple(t.i for t in agents_of(host)[0])
    if parties and agents:
        yield Proposal(
            "party-government",
            "memberOf",
            Family.MEMBER_OF,
            verb.i,
            agents,
            tuple(p.i for p in parties),
            head=noun.i,
            object_kinds=frozenset({EntityKind.ORGANIZATION}),
        )
