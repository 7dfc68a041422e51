"""Predicate-argument layer: who did what to whom in a parsed sentence, as roles, not dependency labels.

For a predicate (a verb, an event noun such as "talks" or "summit", or a light-verb construction
such as "held talks") `frame` returns its arguments with roles (agent, patient, recipient,
comitative "with", "between" pairs, "against"/"on" targets, beneficiary) after undoing the
passive and "by"-agents, reduced relatives ("the truce brokered by A"), coordination on both sides,
control ("agreed to meet"), relative clauses, appositions, possessives and compound modifiers
("the A-B summit"). Pure functions over a spaCy `Doc`; records are frozen and hold token indices,
never spaCy objects, so rules can be tested and compared without the parser's objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from spacy.tokens import Doc, Token

from graphbuild.extract.coref import relative_antecedent
from graphbuild.extract.lexicon import Trigger
from graphbuild.extract.syntax import (
    ACTIVE_SUBJ_DEPS,
    AGENT_DEPS,
    CONTROL_OBJ_DEPS,
    OBJ_DEPS,
    OBJECT_LIKE_DEPS,
    PASSIVE_SUBJ_DEPS,
    SUBJ_DEPS,
    children,
    clause_subject_conjunct,
)
from graphbuild.extract.syntax import is_passive as marked_passive
from graphbuild.extract.syntax import prep_objects as prep_objects
from graphbuild.extract.vocabulary import PredicateWords, load_vocabulary


class Role(StrEnum):
    """What an argument is to its predicate."""

    AGENT = "agent"
    PATIENT = "patient"
    RECIPIENT = "recipient"
    COMITATIVE = "comitative"  # "talks with X", "alongside X"
    BETWEEN = "between"  # "a truce between A and B"
    TARGET = "target"  # "sanctions on X", "a campaign against X"
    BENEFICIARY = "beneficiary"  # "aid for X"


@dataclass(frozen=True, slots=True)
class Argument:
    """One actor-bearing noun of a predicate: its head token, role and how it was reached.

    `group` numbers the noun phrase the argument came from: the conjuncts of "A and B" share it,
    so a rule can tell "A and B agreed" (one group of two) from two separate arguments.
    """

    role: Role
    token: int
    via: str
    group: int


@dataclass(frozen=True, slots=True)
class Predicate:
    """A predicate and its arguments; `light` is the light verb of "held talks", if any."""

    head: int
    lemma: str
    kind: str  # "verb", "noun" or "light" (an event noun with its light verb)
    passive: bool
    arguments: tuple[Argument, ...]
    light: int | None = None
    distributive: bool = False  # "separate calls with A and B", "each met X"

    def role(self, role: Role) -> tuple[Argument, ...]:
        """The arguments with this role, in the order found."""
        return tuple(a for a in self.arguments if a.role is role)

    def tokens(self, role: Role) -> tuple[int, ...]:
        """Token indices of the arguments with this role (no repeats)."""
        return tuple(dict.fromkeys(a.token for a in self.arguments if a.role is role))

    def groups(self, role: Role) -> dict[int, tuple[int, ...]]:
        """The arguments with this role by noun-phrase group: {group: token indices}."""
        found: dict[int, list[int]] = {}
        for a in self.arguments:
            if a.role is role and a.token not in found.setdefault(a.group, []):
                found[a.group].append(a.token)
        return {g: tuple(ts) for g, ts in found.items()}


def predicate_words() -> PredicateWords:
    """The layer's word lists (`ontology/predicates.yaml`), from the one vocabulary loader."""
    return load_vocabulary().predicates


_SUBJ = frozenset({"nsubj", "csubj"})
_PASS_SUBJ = frozenset({"nsubjpass"})
_PASSIVE_MARKS = frozenset({"auxpass", "nsubjpass"})
_NOUN_POS = frozenset({"NOUN", "PROPN", "PRON"})
_NOMINAL_AGENT_DEPS = frozenset({"poss", "compound", "nmod", "amod"})
# Named-entity types that never stand for an actor ("on Sunday", "for two hours").
_NOT_ACTORS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})


def is_passive(verb: Token) -> bool:
    """A verb with a passive auxiliary or subject, or a bare participle with a "by" agent."""
    return any(c.dep_ in _PASSIVE_MARKS for c in verb.children) or (
        verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children)
    )


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ == "pobj"]


def _prep_table(token: Token) -> dict[str, list[Token]]:
    """Objects of every preposition on `token` (also behind a particle or "together"), by
    preposition: one walk over the children serves all the roles that need them."""
    table: dict[str, list[Token]] = {}
    for child in token.children:
        dep = child.dep_
        if dep in {"prep", "dative", "agent"}:
            table.setdefault(child.lower_, []).extend(_pobjs(child))
        elif dep == "prt" or (dep == "advmod" and child.lower_ == "together"):
            for c in child.children:
                table.setdefault(c.lower_, []).extend(_pobjs(c))
    return table


def _preps(
    token: Token, words: Iterable[str], table: dict[str, list[Token]] | None = None
) -> list[Token]:
    """Objects of the prepositions `words` on `token` (from `table` when the caller has one)."""
    table = _prep_table(token) if table is None else table
    return [p for w in words if w in table for p in table[w]]


def _described(noun: Token, vocabulary: PredicateWords) -> Token | None:
    """The noun an appositive description follows ("X, a group set up by ..."), also when the
    parser hangs the description elsewhere: the word before the comma."""
    if noun.pos_ != "NOUN" or noun.dep_ not in {"appos", "npadvmod", "nsubj", "dobj"}:
        return None
    doc = noun.doc
    start = noun.left_edge.i
    if start < 2 or doc[start - 1].text != ",":
        return None
    described = any(c.dep_ in {"acl", "relcl"} for c in noun.children) and any(
        c.dep_ == "det" and c.lower_ in vocabulary.indefinite_articles for c in noun.children
    )
    if noun.dep_ != "appos" and not described:
        return None  # "a group convened by ...": an indefinite description after a comma
    at = start - 2
    while at > 0 and doc[at].is_quote:
        at -= 1  # 'the so-called "coalition of the willing", a group ...'
    before = doc[at]
    return before if before.pos_ in {"NOUN", "PROPN"} else None


def _appositions(appos: Token, depth: int = 3) -> list[Token]:
    """An apposition, its conjuncts, and appositions nested in them: "Thai acting Prime Minister
    A and Cambodian Prime Minister B" may parse as Thai <- Minister <- A + B."""
    found: list[Token] = []
    for node in (appos, *appos.conjuncts):
        found.append(node)
        if depth > 1:
            for child in node.children:
                if child.dep_ == "appos" and not _modifier(child):
                    found += _appositions(child, depth - 1)
    return found


def _modifier(token: Token) -> bool:
    """A word the parser made an apposition that modifies the next name ("UK" of "UK Prime
    Minister Keir Starmer" hung on the name before it)."""
    doc = token.doc
    return token.i + 1 < len(doc) and doc[token.i + 1].dep_ == "compound"


class _Builder:
    """Collects the arguments of one predicate, each noun phrase expanded to its actors."""

    def __init__(self, vocabulary: PredicateWords) -> None:
        self.vocabulary = vocabulary
        self.found: dict[tuple[Role, int], Argument] = {}
        self.group = 0

    def add(self, role: Role, heads: Iterable[Token], via: str, *, together: bool = False) -> None:
        """Arguments from noun phrases headed by `heads`; `together`: one group for all of them
        ("the Trump-Putin summit" names its two parties as one)."""
        if together:
            self.group += 1
        for head in heads:
            if head.ent_type_ in _NOT_ACTORS or head.is_punct:
                continue
            if not together:
                self.group += 1
            for token, how in self._expand(head, via):
                self.found.setdefault((role, token.i), Argument(role, token.i, how, self.group))

    def _expand(self, head: Token, via: str) -> list[tuple[Token, str]]:
        """The head, its relative-pronoun antecedent, conjuncts, appositions and examples."""
        vocabulary = self.vocabulary
        if head.lower_ in vocabulary.relative_pronouns:
            antecedent = relative_antecedent(head, possessive=False)
            if antecedent is None:
                return []
            head, via = antecedent, f"{via}+relative"
        found: list[tuple[Token, str]] = []
        for node, how in [(head, via), *((c, f"{via}+conjunct") for c in head.conjuncts)]:
            owners = (
                _preps(node, sorted(vocabulary.representative_prepositions))
                if node.lemma_.lower() in vocabulary.representative_nouns
                else []
            )
            # "the leaders of Egypt, Turkey and Qatar": the people stand for the states they lead
            found += [(o, f"{how}+representing") for w in owners for o in (w, *w.conjuncts)]
            if not owners:
                found.append((node, how))
        host = _described(head, vocabulary)
        if host is not None:
            # "the coalition, a group convened by A and B": the description stands for its host
            found.append((host, f"{via}+apposition"))
        for node in [head, *head.conjuncts]:
            for child in node.children:
                if child.dep_ == "appos":
                    found += [(a, f"{via}+apposition") for a in _appositions(child)]
                elif child.dep_ == "prep" and child.lower_ in vocabulary.example_prepositions:
                    # "29 leaders, including A and B"
                    for p in _pobjs(child):
                        found += [(p, f"{via}+example")]
                        found += [(c, f"{via}+example") for c in p.conjuncts]
                elif child.dep_ in {"nmod", "compound"} and any(
                    c.dep_ == "cc" for c in child.children
                ):
                    # the parser sometimes hangs "A and" of "A and B" on B as a modifier
                    found.append((child, f"{via}+conjunct"))
        return found

    def build(
        self, head: Token, kind: str, passive: bool, light: Token | None, distributive: bool
    ) -> Predicate:
        return Predicate(
            head=head.i,
            lemma=head.lemma_.lower(),
            kind=kind,
            passive=passive,
            arguments=tuple(self.found.values()),
            light=light.i if light is not None else None,
            distributive=distributive,
        )


def co_prefix(verb: Token) -> Token | None:
    """The "co" of a verb split as "co - chaired" / "co - host" by the tokenizer, if any."""
    doc = verb.doc
    i = verb.i
    if (
        i >= 2
        and doc[i - 1].text == "-"
        and doc[i - 2].lower_ == "co"
        and not doc[i - 1].whitespace_
    ):
        return doc[i - 2]
    return None


def _clause_subjects(verb: Token, depth: int = 0) -> tuple[list[Token], str]:
    """Who does what `verb` says: its subject, "by" agent, controller or shared subject."""
    passive = is_passive(verb)
    if passive:
        agents = [p for a in verb.children if a.dep_ == "agent" for p in _pobjs(a)]
        if agents:
            return agents, "by-agent"
    else:
        subjects = [c for c in verb.children if c.dep_ in _SUBJ]
        if subjects:
            return subjects, "subject"
    if depth > 3:
        return [], ""
    prefix = co_prefix(verb)
    if prefix is not None and prefix != verb:
        # "will co-host": the tokenizer splits "co - host" and the parser may hang the verb on
        # the prefix; the clause's subject is the prefix's
        found, via = _clause_subjects(prefix, depth + 1)
        if found:
            return found, via
    if verb.head == verb:
        return [], ""
    head = verb.head
    if verb.dep_ == "xcomp" and not passive:
        # "pressed Putin to meet Trump" (object control), "agreed to meet" (subject control)
        objects = [c for c in head.children if c.dep_ == "dobj"]
        if objects:
            return objects[:1], "control"
        found, _ = _clause_subjects(head, depth + 1)
        return found, "control"
    if verb.dep_ == "conj" and head.pos_ in {"VERB", "AUX"}:
        # "met Putin and agreed a truce": the second verb shares the first one's subject
        found, _ = _clause_subjects(head, depth + 1)
        return found, "shared-subject"
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and head.pos_ in {"VERB", "AUX"}:
        found, _ = _clause_subjects(head, depth + 1)
        return found, "shared-subject"
    if verb.dep_ in {"acl", "relcl"} and verb.tag_ == "VBG" and head.pos_ in _NOUN_POS:
        return [head], "participle"  # "leaders attending the summit"
    return [], ""


def _verb_frame(verb: Token, vocabulary: PredicateWords) -> _Builder:
    builder = _Builder(vocabulary)
    table = _prep_table(verb)
    passive = is_passive(verb)
    agents, via = _clause_subjects(verb)
    builder.add(Role.AGENT, agents, via)
    if passive:
        builder.add(Role.PATIENT, [c for c in verb.children if c.dep_ in _PASS_SUBJ], "subject")
        if verb.dep_ in {"acl", "amod"} and verb.tag_ == "VBN":
            # "the truce brokered by A", "a US-brokered deal"
            builder.add(Role.PATIENT, [verb.head], "reduced-relative")
    elif verb.dep_ in {"acl", "amod"} and verb.tag_ == "VBN":
        builder.add(Role.PATIENT, [verb.head], "reduced-relative")
    if verb.dep_ in {"acl", "amod"} and verb.tag_ == "VBN":
        # "a Qatar-brokered truce", "the US-mediated talks"
        builder.add(
            Role.AGENT,
            [c for c in verb.children if c.dep_ in {"npadvmod", "compound"} and c.i < verb.i],
            "compound",
        )
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    described = [relative_antecedent(o, possessive=False) for o in objects]
    if verb.dep_ == "relcl" and any(d is not None for d in described):
        # "the coalition which Starmer assembled": the pronoun stands for the noun described
        objects = [o for o, d in zip(objects, described, strict=True) if d is None]
        builder.add(Role.PATIENT, [d for d in described if d is not None][:1], "relative")
    builder.add(Role.PATIENT, objects, "object")
    builder.add(
        Role.RECIPIENT,
        [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"],
        "dative",
    )
    builder.add(Role.RECIPIENT, _preps(verb, vocabulary.recipient_prepositions, table), "to")
    builder.add(Role.COMITATIVE, _preps(verb, vocabulary.comitative_prepositions, table), "with")
    builder.add(Role.BETWEEN, _preps(verb, ("between",), table), "between")
    builder.add(Role.TARGET, _preps(verb, vocabulary.target_prepositions, table), "against")
    builder.add(Role.BENEFICIARY, _preps(verb, vocabulary.beneficiary_prepositions, table), "for")
    return builder


def light_verb(noun: Token, vocabulary: PredicateWords) -> Token | None:
    """The verb that lends its subject to an event noun ("held talks", "a call was made")."""
    node = noun
    while node.dep_ == "conj" and node.head != node:
        node = node.head
    head = node.head
    lemma = head.lemma_.lower()
    if head.pos_ not in {"VERB", "AUX"} or lemma not in vocabulary.event_light_verbs:
        return None
    if lemma in vocabulary.mediation_verbs:
        return None  # "Qatar brokered a truce": the broker is not a party to it
    return head if node.dep_ in {"dobj", "nsubjpass"} else None


def _distributive(noun: Token, vocabulary: PredicateWords) -> bool:
    words = vocabulary.distributive_words
    if any(c.lower_ in words for c in noun.children):
        return True  # "separate calls with A and B"
    verb = noun.head if noun.dep_ in {"dobj", "nsubjpass", "nsubj"} else noun
    return any(c.lower_ in words for c in verb.children)


def _noun_frame(noun: Token, vocabulary: PredicateWords) -> tuple[_Builder, Token | None]:
    builder = _Builder(vocabulary)
    table = _prep_table(noun)
    owners = [c for c in noun.children if c.dep_ == "poss"]
    builder.add(Role.AGENT, owners, "possessive")
    # "the Trump-Putin summit", "US-Iran talks": names before the noun are its parties
    modifiers = [
        c
        for c in noun.children
        if c.dep_ in _NOMINAL_AGENT_DEPS - {"poss"}
        and c.i < noun.i
        and (c.pos_ == "PROPN" or (c.pos_ == "ADJ" and c.text[:1].isupper()))
    ]
    inner = [m for c in modifiers for m in c.children if m.dep_ == "compound" and m.pos_ == "PROPN"]
    builder.add(Role.AGENT, modifiers + inner, "compound", together=True)
    builder.add(Role.AGENT, _preps(noun, ("by",), table), "by-agent")
    builder.add(Role.COMITATIVE, _preps(noun, vocabulary.comitative_prepositions, table), "with")
    builder.add(Role.BETWEEN, _preps(noun, ("between",), table), "between")
    builder.add(Role.TARGET, _preps(noun, vocabulary.target_prepositions, table), "against")
    builder.add(Role.RECIPIENT, _preps(noun, vocabulary.recipient_prepositions, table), "to")
    builder.add(Role.BENEFICIARY, _preps(noun, vocabulary.beneficiary_prepositions, table), "for")
    if noun.dep_ == "appos":
        builder.add(Role.AGENT, [noun.head], "apposition")
    for child in noun.children:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            # "a meeting co-chaired by A and B", "talks hosted by X": the one who runs it takes
            # part in it; "talks mediated by X" are recorded as the participle's own frame
            lemma = child.lemma_.lower()
            if lemma in vocabulary.event_light_verbs and lemma not in vocabulary.mediation_verbs:
                builder.add(
                    Role.AGENT,
                    [p for a in child.children if a.dep_ == "agent" for p in _pobjs(a)],
                    "by-agent",
                )
    light = light_verb(noun, vocabulary)
    if light is not None:
        agents, via = _clause_subjects(light)
        builder.add(Role.AGENT, agents, f"light-verb+{via}")
        builder.add(Role.COMITATIVE, _preps(light, vocabulary.comitative_prepositions), "with")
        builder.add(Role.BETWEEN, _preps(light, ("between",)), "between")
    return builder, light


def frame(token: Token, vocabulary: PredicateWords | None = None) -> Predicate | None:
    """The predicate `token` heads with its arguments, or None if it is not a predicate."""
    vocabulary = vocabulary or predicate_words()
    if token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"aux", "auxpass"} and token.is_alpha:
        builder = _verb_frame(token, vocabulary)
        return builder.build(
            token, "verb", is_passive(token), None, _distributive(token, vocabulary)
        )
    if token.pos_ == "NOUN" and token.lemma_.lower() in vocabulary.event_nouns:
        builder, light = _noun_frame(token, vocabulary)
        kind = "light" if light is not None else "noun"
        return builder.build(token, kind, False, light, _distributive(token, vocabulary))
    return None


def predicates(doc: Doc, vocabulary: PredicateWords | None = None) -> tuple[Predicate, ...]:
    """Every predicate of the document (verbs and event nouns), in text order."""
    vocabulary = vocabulary or predicate_words()
    found = (frame(token, vocabulary) for token in doc)
    return tuple(p for p in found if p is not None)


# ---- role queries over single tokens --------------------------------------------------------
# What the relation rules (graphbuild.extract.rules) ask of a token, named by what it is to its
# predicate: the rules read these, never a dependency label.


def own_subjects(verb: Token) -> list[Token]:
    """The verb's own active subjects ("Britain" of "Britain sanctioned Russia")."""
    return [c for c in verb.children if c.dep_ in ACTIVE_SUBJ_DEPS]


def passive_subjects(verb: Token) -> list[Token]:
    """What a passive verb is done to ("Russia" of "Russia was sanctioned")."""
    return [c for c in verb.children if c.dep_ in PASSIVE_SUBJ_DEPS]


def direct_objects(verb: Token) -> list[Token]:
    """The verb's direct objects ("Russia" of "sanctioned Russia")."""
    return [c for c in verb.children if c.dep_ in OBJ_DEPS]


def by_agents(verb: Token) -> list[Token]:
    """Who does a passive verb, named after "by" ("was sanctioned by Britain")."""
    return [p for a in verb.children if a.dep_ in AGENT_DEPS for p in _pobjs(a)]


def possessors(noun: Token) -> list[Token]:
    """The noun's possessors ("Putin's" of "Putin's arrest")."""
    return [c for c in noun.children if c.dep_ == "poss"]


def appositions(noun: Token) -> list[Token]:
    """Nouns in apposition to this one ("a war criminal" of "Putin, a war criminal")."""
    return [c for c in noun.children if c.dep_ == "appos"]


def apposition_host(noun: Token) -> Token | None:
    """The noun an apposition describes ("Starmer" of "Starmer, a staunch supporter of X")."""
    return noun.head if noun.dep_ == "appos" and noun.head != noun else None


def compound_host(noun: Token) -> Token | None:
    """The noun a compound modifier modifies ("Navalny" of "Kremlin critic Navalny")."""
    return noun.head if noun.dep_ == "compound" and noun.head != noun else None


def first_conjunct(token: Token) -> Token:
    """The first member of the coordination the token is in ("a man" of "a man and a hero")."""
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    return token


def copula_of(noun: Token) -> Token | None:
    """The verb whose predicate noun this is ("is" of "Putin is a war criminal", "became" of
    "became Ukraine's biggest backer")."""
    return noun.head if noun.dep_ == "attr" and noun.head != noun else None


def adjective_copula(adjective: Token) -> Token | None:
    """The verb whose predicate adjective this is ("was" of "Putin was not serious")."""
    return adjective.head if adjective.dep_ == "acomp" and adjective.head != adjective else None


def agents_of(verb: Token, depth: int = 0) -> tuple[list[Token], str]:
    """Subject tokens of a verb and the rule that found them (walking up xcomp, conj, relcl)."""
    passive = marked_passive(verb)
    direct = [c for c in verb.children if c.dep_ in ACTIVE_SUBJ_DEPS]
    if passive:
        direct = [p for a in children(verb, AGENT_DEPS) for p in children(a, {"pobj"})]
    if direct:
        # two subjects are a parse of a dateline ("OTTAWA, Canada — X won"): the nearer is it
        subject = min(direct, key=lambda t: abs(t.i - verb.i))
        # "Putin, who invaded Ukraine": the relative pronoun stands for the head noun
        described = relative_antecedent(subject, possessive=False) if verb.dep_ == "relcl" else None
        if described is not None:
            return [described], "svo-relative"
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
        objects = [] if purpose else children(head, CONTROL_OBJ_DEPS)
        if not purpose and not objects:
            # "called on Europe to increase pressure": the one called on is the one who acts
            objects = [o for o in prep_objects(head, ("on", "upon")) if head.i < o.i < verb.i]
        relatives = load_vocabulary().predicates.relative_pronouns
        controllers = [c for c in objects if c.lower_ not in relatives] or children(head, SUBJ_DEPS)
        if controllers:
            return controllers[:1], "svo-complement"
        subjects, _ = agents_of(head, depth + 1)
        return subjects, "svo-complement"
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and head != verb
        and head.pos_ in {"VERB", "AUX"}
    ):
        # "Zelensky welcomed the deal, thanking Britain": a participle adjunct shares the main
        # clause's subject (the grammatical one: "was greeted by Starmer, thanking him")
        if marked_passive(head):
            return children(head, PASSIVE_SUBJ_DEPS), "svo-complement"
        subjects, _ = agents_of(head, depth + 1)
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
        if verb.i and clause_subject_conjunct(verb.doc[verb.i - 1]):
            return [verb.doc[verb.i - 1]], "svo-active"  # "... Russia and France sanctioned Iran"
        subjects, _ = agents_of(head, depth + 1)
        return subjects, "svo-coordination"
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        author = message_author(head)
        if author is not None:
            # "issued a statement condemning Russia", "wrote a piece affirming her support"
            subjects, _ = agents_of(author, depth + 1)
            return subjects, "svo-complement"
        # "forces pounding Kyiv"
        return [head], "svo-participle"
    if verb.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        # "Ukraine's bid to join NATO": the noun's owner is the one who would act
        return children(head, {"poss"}), "svo-complement"
    if (
        verb.dep_ == "pcomp"
        and head.lower_ in {"by", "after", "before"}
        and head.head.pos_ == "VERB"
    ):
        # "Iran responded by firing missiles at Israel"
        subjects, _ = agents_of(head.head, depth + 1)
        return subjects, "svo-complement"
    return [], ""


def message_author(noun: Token) -> Token | None:
    """The verb whose subject wrote a message noun ("issued a statement", "wrote a piece in the
    Irish Times", "posted a video", "on his account with a lengthy post")."""
    if noun.lemma_.lower() not in load_vocabulary().cues.utterance_nouns:
        return None
    node = noun
    if node.dep_ == "pobj" and node.head.lower_ in {"with", "in"}:
        node = node.head
    if node.dep_ in {"dobj", "prep"} and node.head.pos_ == "VERB":
        return node.head
    return None


def naming_complement(verb: Token) -> Token | None:
    """The name in "called Putin a war criminal" (object predicate, or an apposition the parser
    hangs on the object without a comma between them)."""
    for child in verb.children:
        if child.dep_ == "oprd":
            return child
        if (
            child.dep_ == "prep"
            and child.lower_ == "as"
            and verb.lemma_.lower() in load_vocabulary().cues.as_naming_verbs
        ):
            return next((c for c in child.children if c.dep_ == "pobj"), None)
        if child.dep_ in OBJECT_LIKE_DEPS:
            for appos in children(child, {"appos"}):
                before = verb.doc[appos.left_edge.i - 1]
                if before.i == child.i or (before.head == child and not before.is_punct):
                    return appos
    return None


def unmarked_recipients(verb: Token, trigger: Trigger) -> list[Token]:
    """The recipient of "sent Ukraine weapons", "gave Kyiv military aid" (a "to" object without
    its preposition)."""
    if "to" not in trigger.object_prepositions:
        return []
    return [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"]


def relative_heads(tokens: list[Token]) -> list[Token]:
    """Relative pronouns replaced by the noun their clause describes ("NATO, of which Poland is
    a member": which -> NATO; "Turkey, which joined NATO": which -> Turkey)."""
    return [relative_antecedent(token) or token for token in tokens]


def has_by_phrase(verb: Token) -> bool:
    """True when a passive verb names who does it after "by" (with or without an object)."""
    return any(c.dep_ in AGENT_DEPS for c in verb.children)


def modified_noun(verb: Token) -> Token | None:
    """The noun a relative clause or participle describes ("bands" of "bands like Kneecap to be
    cancelled", "the coalition" of "the coalition set up by X")."""
    return verb.head if verb.dep_ in {"relcl", "acl"} and verb.head != verb else None


def complement_clauses(verb: Token) -> list[Token]:
    """The verbs of the verb's clausal complements ("meet" of "wants to meet", "withdraw" of
    "demanded that Ukraine withdraw")."""
    return [c for c in verb.children if c.dep_ in {"xcomp", "ccomp"}]


def is_complement_clause(verb: Token) -> bool:
    """True for the verb of a clausal complement of its head ("agreed to meet": meet)."""
    return verb.dep_ in {"xcomp", "ccomp"}


def is_preposition_phrase(token: Token) -> bool:
    """True for a preposition attached to its head ("for" of "called for sanctions")."""
    return token.dep_ == "prep"


def is_direct_object(token: Token) -> bool:
    """True for the direct object of its head verb ("sanctions" of "demanded sanctions")."""
    return token.dep_ in OBJ_DEPS


def owners(noun: Token) -> list[Token]:
    """Possessors and compound modifiers of a noun, in text order ("Ukraine's" of "Ukraine's
    backer", "Kremlin" of "Kremlin critic")."""
    return [c for c in noun.children if c.dep_ in {"poss", "compound"}]


def preposition_of(noun: Token) -> Token | None:
    """The preposition whose object the noun is ("of" of "one of Kyiv's backers")."""
    return noun.head if noun.dep_ == "pobj" and noun.head != noun else None


def auxiliaries(verb: Token) -> list[Token]:
    """The verb's (active) auxiliaries ("will" of "will bring", "can" of "cannot be trusted")."""
    return [c for c in verb.children if c.dep_ == "aux"]


def clause_of_subject(noun: Token) -> Token | None:
    """The verb whose active subject the noun is ("bring" of "the meeting will bring progress")."""
    return noun.head if noun.dep_ in ACTIVE_SUBJ_DEPS and noun.head != noun else None


class Link(StrEnum):
    """How a token hangs on its head, for the structural checks no role query covers yet: the
    grammatical functions the rules ask about, so that no rule spells the parser's label set
    (ClearNLP's, in spaCy's English models); a parser with other labels changes only this."""

    SUBJECT = "nsubj"
    PASSIVE_SUBJECT = "nsubjpass"
    OBJECT = "dobj"
    DATIVE = "dative"
    BY_AGENT = "agent"
    PREPOSITION = "prep"
    PREP_OBJECT = "pobj"
    PREP_CLAUSE = "pcomp"
    OBJECT_PREDICATE = "oprd"
    PREDICATE_NOUN = "attr"
    PREDICATE_ADJECTIVE = "acomp"
    OPEN_COMPLEMENT = "xcomp"
    CLAUSE_COMPLEMENT = "ccomp"
    ADVERBIAL_CLAUSE = "advcl"
    RELATIVE_CLAUSE = "relcl"
    NOUN_CLAUSE = "acl"  # a participle or infinitive on a noun ("a coalition led by X")
    ADJECTIVE = "amod"
    COMPOUND = "compound"
    NOUN_MODIFIER = "nmod"
    NOUN_ADVERB = "npadvmod"
    ADVERB = "advmod"
    CONJUNCT = "conj"
    APPOSITION = "appos"
    POSSESSOR = "poss"
    AUXILIARY = "aux"
    PARTICLE = "prt"
    NUMBER = "nummod"
    DETERMINER = "det"
    NEGATION = "neg"
    ROOT = "ROOT"


def attached_as(token: Token, *links: Link) -> bool:
    """True when the token hangs on its head by one of `links`."""
    return token.dep_ in links


def dependents(token: Token, *links: Link) -> list[Token]:
    """The token's children hanging on it by one of `links`, in text order."""
    return [c for c in token.children if c.dep_ in links]


def participation_holder(preposition: Token) -> Token | None:
    """The verb one takes part in an event through: "acted in defence of X", "took part in
    talks", "played a role in the deal" (for the "in" before the event noun)."""
    if preposition.lower_ != "in":
        return None
    holder = preposition.head
    if holder.pos_ == "NOUN" and holder.dep_ == "dobj":
        holder = holder.head  # "took part in", "made the same move in defence of Netanyahu"
    return holder if holder.pos_ in {"VERB", "AUX"} else None
