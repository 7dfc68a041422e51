"""POST_IN: who holds which office where ("French President Emmanuel Macron", "X, the UK prime
minister", "X was elected mayor of Calgary").

Offices are found with a PhraseMatcher over the gazetteer's titles; the place comes from the
office's own noun phrase (a demonym or state before it, "of <place>" after it) and the holder
from the text around it (a name right after the title, an apposition, or the subject of "be",
"become", "serve as", "be elected"). A title with no place in its phrase borrows one only when
the document (or the well-known-people data for a person the document names) makes it
unambiguous. A role mention the resolver linked to one person ("the US president said", "his
Russian counterpart") is itself evidence of the post it names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from graphbuild.extract.coref import object_person, person_at, possessor
from graphbuild.extract.entities import EntityIndex
from graphbuild.extract.gazetteer import Gazetteer, Office, key_slug
from graphbuild.extract.spans import sentence_index, text_span
from graphbuild.extract.vocabulary import EntityWords, load_vocabulary
from graphbuild.graph.ontology import family_of, relation_kinds
from graphbuild.records import (
    Document,
    Entity,
    EntityKind,
    Mention,
    Modality,
    Statement,
    TextSpan,
)

CONFIDENCE = {
    "title-name": 0.9,
    "appos-after": 0.9,
    "appos-before": 0.85,
    "copula": 0.8,
    "elected": 0.8,
    "as-adjunct": 0.8,
    "tenure": 0.8,
    "succession": 0.75,
    "succeeded": 0.7,
    "plural-title": 0.85,
    "tenure-noun": 0.75,
    "role-title": 0.85,
    "role-mention": 0.7,
}
CONTEXT_PENALTY = 0.2  # place not in the office's own phrase but certain from the document
GUESS_PENALTY = 0.3  # place only the state or region the document is mostly about

_ORDINAL = re.compile(r"\d+(st|nd|rd|th)")
_PLACE_KINDS = frozenset(
    {EntityKind.STATE, EntityKind.PLACE, EntityKind.COALITION, EntityKind.ORGANIZATION}
)


@dataclass(frozen=True, slots=True)
class _Place:
    entity: Entity
    span: TextSpan
    start: int  # first token of the office's noun phrase, after any determiner
    explicit: bool  # named in the office's own phrase
    guessed: bool = False  # only the state or region the document is mostly about


@dataclass
class _Finder:
    doc: Doc
    document: Document
    index: EntityIndex
    gazetteer: Gazetteer
    words: EntityWords = field(default_factory=lambda: load_vocabulary().entities)
    # First tokens of the office phrases whose post the text says has ended.
    ended: set[int] = field(default_factory=set)

    def person_at(self, i: int, *, pronoun: bool = False) -> tuple[Mention, Entity] | None:
        """The person mentioned at token `i`; pronoun and role mentions only if `pronoun`
        (a title's holder is a name; a predicate's subject may be "he")."""
        return person_at(self.index, i, stand_in=pronoun)

    def owner_at(self, token: Token) -> tuple[Mention, Entity] | None:
        """The person a possessor names: "Lopez's term", or "his term" (the oracle's owner)."""
        found = self.person_at(token.i, pronoun=True)
        personal = self.words.male_possessives | self.words.female_possessives
        if found is not None or token.lower_ not in personal:
            return found  # "its capacity as chair" is no person's
        entity = possessor(self.index, token, gazetteer=self.gazetteer)
        if entity is None or entity.kind is not EntityKind.PERSON:
            return None
        mention = Mention(self.document.id, text_span(token), entity.key, entity.kind, "pronoun")
        return mention, entity

    def place_mention(self, i: int) -> tuple[Mention, Entity] | None:
        if not 0 <= i < len(self.doc):
            return None
        mention = self.index.at_token(i)
        if mention is None or mention.kind not in _PLACE_KINDS:
            return None
        entity = self.index.entity(mention.entity_key)
        if entity.kind is EntityKind.ORGANIZATION and self.gazetteer.get(entity.key) is None:
            return None  # companies, parties, parliaments: not a post in a state
        return mention, entity

    def name_span(self, mention: Mention) -> TextSpan:
        """The name part of a place mention: "Ghana" of "Ghana's parliament"."""
        span = self.index.mention_span(mention)
        if span is None or not span[0].ent_type_:
            return mention.span
        end = span.start + 1
        while end < span.end and self.doc[end].ent_iob_ == "I":
            end += 1
        return text_span(self.doc[span.start : end]) if end < span.end else mention.span

    def mention_start(self, mention: Mention) -> int:
        tokens = self.index.mention_tokens(mention)
        return tokens[0] if tokens is not None else 0

    def mention_end(self, mention: Mention) -> int:
        tokens = self.index.mention_tokens(mention)
        return tokens[1] if tokens is not None else 0

    def is_modifier(self, token: Token) -> bool:
        """Words between a determiner and a title that do not change the post: "the 45th",
        "former", "constitutional"."""
        if token.lower_ in self.words.office_modifiers or _ORDINAL.fullmatch(token.lower_):
            return True
        return (
            (token.pos_ == "ADJ" or (token.pos_ == "NOUN" and token.dep_ == "compound"))
            and token.text[:1].islower()
            and self.index.at_token(token.i) is None
            and self.gazetteer.demonym(token.text) is None
        )

    def patron_state(self, i: int) -> _Place | None:
        """The state of the head of state or government whose possessive precedes a title
        ("Trump's envoy"), when the document names that state."""
        found = self.person_at(i)
        known = self.gazetteer.people.get(found[1].key) if found is not None else None
        if found is None or known is None:
            return None
        heads = {"head_of_state", "head_of_government"}
        states = set()
        for office, place in known.posts:
            held = self.gazetteer.office(office)
            if held is not None and held.kind in heads and "/" not in place:
                states.add(f"state/{place}")
        if len(states) != 1:
            return None
        key = next(iter(states))
        for mention in self.index.mentions:
            if mention.entity_key == key:
                return _Place(
                    self.index.entity(key),
                    self.name_span(mention),
                    self.mention_start(found[0]),
                    False,
                )
        return None

    def stance(self, i: int) -> bool:
        """True when token `i` is the second half of "pro-Russian", "anti-Kremlin": an attitude
        to the state, not the state."""
        doc = self.doc
        return i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in self.words.stance_prefixes

    def is_former(self, office: Span, start: int | None = None) -> bool:
        """True when a word of the office's phrase (from `start`, else from the qualifier) says
        the post is no longer held ("former president", "the ex-prime minister")."""
        if start is None:
            start = self.qualifier(office)[1]
        former = self.words.former_words
        return any(self.doc[j].lower_ in former for j in range(start, office.start))

    def end_dated(self, office: Span) -> bool:
        """True when the past-tense clause of the office dates the end of the post ("was
        chancellor of Germany until 2021", "served as prime minister until July 2024"), not
        a future one ("will remain president until 2029")."""
        token = office.root
        for _ in range(3):
            if token.pos_ in {"VERB", "AUX"}:
                ended = self.words.ended_preps
                return token.tag_ == "VBD" and any(
                    c.dep_ == "prep" and c.lower_ in ended for c in token.children
                )
            if token.head is token:
                break
            token = token.head
        return False

    def qualifier(self, office: Span) -> tuple[_Place | None, int]:
        """The place before the title ("French", "Ukraine's", "NATO") and the phrase start."""
        doc = self.doc
        j = office.start - 1
        while j >= 0 and self.is_modifier(doc[j]):
            j -= 1
        place: _Place | None = None
        k = j
        if k >= 0 and doc[k].text in {"'s", "’s", "'"}:
            k -= 1
        found = self.place_mention(k) if k >= 0 else None
        if found is not None:
            mention, entity = found
            start = self.mention_start(mention)
            place = _Place(entity, self.name_span(mention), start, True)
            j = start - 1
        elif (k == office.start - 1 or k < j) and (patron := self.patron_state(k)) is not None:
            # "Trump's envoy", "Putin aide"; not "the country's Trump-like president"
            place, j = patron, patron.start - 1
        elif k == j and k >= 0 and doc[k].text[:1].isupper() and not self.stance(k):
            entry = self.gazetteer.demonym(doc[k].text)
            if entry is not None:
                entity = self.index.entity_for(entry, (doc[k].text,))
                place = _Place(entity, text_span(doc[k]), k, True)
                j = k - 1
        while j >= 0 and self.is_modifier(doc[j]):
            j -= 1
        if place is None:
            place = self.possessor_place(office)
        if j >= 0 and doc[j].lower_ in self.words.office_determiners:
            return place, j
        return place, j + 1

    def possessor_place(self, office: Span) -> _Place | None:
        """A state the parser attaches to the title as possessor, further left than the words
        scanned ("the country's Trump-like former president")."""
        root = office.root
        children = list(root.children)
        if root.dep_ == "compound":  # the parser hangs the possessor on the name
            children.extend(root.head.children)
        for child in children:
            if child.dep_ == "poss" and child.i < office.start:
                found = self.place_mention(child.i)
                if found is not None:
                    mention, entity = found
                    return _Place(
                        entity, self.name_span(mention), self.mention_start(mention), True
                    )
        return None

    def of_place(self, office: Span) -> tuple[_Place | None, int, bool]:
        """The place after the title ("President of Panama"), the phrase end, and whether the
        title has an "of" complement that is not a place ("president of the Press Society")."""
        doc = self.doc
        i = office.end
        if i + 1 < len(doc) and doc[i].lower_ == "to":  # "ambassador to the US": the host
            j = i + 2 if doc[i + 1].lower_ == "the" else i + 1
            host = self.place_mention(j)
            if host is not None:
                return None, self.mention_end(host[0]), False
        if i < len(doc) and doc[i].lower_ in self.words.office_place_prepositions:
            j = i + 1
            while j < len(doc) and (doc[j].lower_ == "the" or doc[j].pos_ == "ADJ"):
                j += 1
            state_words = self.words.state_form_words
            if j + 1 < len(doc) and doc[j].lower_ in state_words and doc[j + 1].lower_ == "of":
                j += 2  # "the ambassador of the state of Palestine"
            found = self.place_mention(j)
            if found is not None:
                mention, entity = found
                return (
                    _Place(entity, self.name_span(mention), j, True),
                    self.mention_end(mention),
                    False,
                )
            office_kind = self.gazetteer.office(office.text)
            if office_kind is None or office_kind.kind == "minister":
                return None, office.end, False  # "Minister of Fisheries": a portfolio
            run = self.unclaimed_names(j)
            if run is not None:
                return _Place(self.place_entity(run), text_span(run), j, True), run.end, False
            complement = (
                doc[i].lower_ in self.words.office_complement_prepositions
                and j < len(doc)
                and doc[j].pos_ in {"NOUN", "PROPN"}
                and doc[j].ent_type_ not in {"DATE", "TIME", "CARDINAL", "ORDINAL"}
            )
            return None, office.end, complement
        return None, office.end, False

    def after_name(self, mention: Mention) -> _Place | None:
        """The place in "<title> <name> of <place>"."""
        end = self.mention_end(mention)
        if end < len(self.doc) and self.doc[end].lower_ == "of":
            j = end + 1 + (end + 1 < len(self.doc) and self.doc[end + 1].lower_ == "the")
            found = self.place_mention(j)
            if found is not None and found[1].kind is EntityKind.STATE:
                return _Place(found[1], self.name_span(found[0]), j, True)
        return None

    def unclaimed_names(self, j: int) -> Span | None:
        """Proper nouns the NER left unlabelled, up to the next mention ("Mayor of Calgary X")."""
        end = j
        while (
            end < len(self.doc)
            and self.doc[end].pos_ == "PROPN"
            and self.doc[end].ent_type_ not in {"DATE", "TIME"}  # "as premier in March"
            and self.index.at_token(end) is None
        ):
            end += 1
        if end == j or self.doc[end - 1].text in self.words.institution_words:
            return None  # "the National Assembly" is an institution, not a place
        return self.doc[j:end]

    def place_entity(self, span: Span) -> Entity:
        entry = self.gazetteer.lookup(span.text)
        if entry is not None:
            return entry.as_entity()
        return Entity(f"place/{key_slug(span.text)}", EntityKind.PLACE, span.text)

    def possessed(self, start: int) -> bool:
        """True when the phrase starting at `start` opens with a possessor ("Ukraine's")."""
        found = self.place_mention(start)
        if found is None:
            return False
        end = self.mention_end(found[0])
        return end < len(self.doc) and self.doc[end].text in {"'s", "’s", "'"}

    def holder(self, office: Span, start: int, end: int) -> tuple[Mention, Entity, str] | None:
        """The person holding the office named by doc[start:end] and the pattern that says so."""
        doc = self.doc
        appositive = end < len(doc) and doc[end].text == ","
        name = end + 1 if appositive else end
        honorifics = self.words.honorifics | self.words.name_prefixes
        while name < len(doc) and doc[name].text in honorifics and self.person_at(name) is None:
            name += 1  # "Prime Minister Dr. Mahathir", "the chief of staff, Admiral Sir Tony X"
        found = self.person_at(name)
        if found is not None and self.mention_start(found[0]) == name:
            if not appositive:  # "French President Emmanuel Macron", "Mayor of Calgary Ross Alger"
                return (*found, "title-name")
            definite = (
                doc[start].lower_ in self.words.office_determiners and doc[start].lower_ != "a"
            )
            if definite or self.possessed(start):  # "Ukraine's foreign minister, Andrii Sybiha"
                return (*found, "appos-before")  # "the Czech prime minister, Petr Fiala"
        # "Keir Starmer, the UK prime minister"
        if start >= 2 and doc[start - 1].text == ",":
            found = self.person_at(start - 2)
            if found is not None:
                return (*found, "appos-after")
        # "As Spain's foreign minister, X signed the treaty"
        adjunct = self.as_adjunct_holder(office, start, end)
        if adjunct is not None:
            return adjunct
        # "X was (elected) president of Y", "X served as mayor", "X, who is Britain's PM"
        return self.predicate_holder(office.root)

    def as_adjunct_holder(
        self, office: Span, start: int, end: int
    ) -> tuple[Mention, Entity, str] | None:
        """The subject of the clause an "as <office>," phrase opens or interrupts ("As Spain's
        foreign minister, X signed", "In 2019, as mayor, she opened", "X, as mayor, opened");
        not under a modal of the hypothetical ("As president, I would cut taxes")."""
        doc = self.doc
        as_i = start - 1
        if as_i < 0 or doc[as_i].lower_ != "as" or end >= len(doc) or doc[end].text != ",":
            return None
        sent = doc[start].sent
        if as_i != sent.start and doc[as_i - 1].text not in {",", ";"}:
            return None
        verb = office.root
        for _ in range(4):
            if verb.pos_ in {"VERB", "AUX"} or verb.head is verb:
                break
            verb = verb.head
        if verb.pos_ not in {"VERB", "AUX"}:
            return None
        cues = load_vocabulary().cues
        if any(
            c.dep_ == "aux" and c.lower_ in cues.hypothetical_auxiliaries for c in verb.children
        ):
            return None
        named = self.person_at(end + 1)
        if named is not None and doc[self.mention_end(named[0]) - 1].dep_ == "appos":
            return None  # "..., as mayor of Lima, X, said": X is the mayor, not the subject
        if verb.lemma_.lower() in cues.reporting_verbs and not any(
            c.dep_ in {"ccomp", "dobj", "xcomp"} for c in verb.children
        ):
            return None  # "..., as the mayor of Lima, X, said": "as" opens the saying
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and not as_i <= child.i < end:
                found = self.person_at(child.i, pronoun=True)
                return (*found, "as-adjunct") if found is not None else None
        return None

    def predicate_holder(self, head: Token) -> tuple[Mention, Entity, str] | None:
        while head.dep_ == "conj" and head.head.pos_ in {"NOUN", "PROPN"}:
            head = head.head  # "the incumbent and the state's longest-serving chief minister"
        if head.dep_ == "appos":  # "Uma Bharti of the BJP, Madhya Pradesh's chief minister"
            found = self.person_at(head.head.i)
            return (*found, "appos-after") if found is not None else None
        if head.dep_ == "nsubj" and head.head.lemma_ == "be":  # "the first premier was X"
            for child in head.head.children:
                if child.dep_ == "attr" and child.tag_ not in {"NNS", "NNPS"}:  # not "Elves"
                    found = self.person_at(child.i)
                    if found is not None:
                        return (*found, "copula")
            return None
        if (
            head.dep_ == "pobj"
            and head.head.lower_ == "as"
            and head.head.head.lemma_.lower() in self.words.tenure_nouns
        ):  # "his tenure as prime minister", "Lopez's term as mayor of Lima"
            for child in head.head.head.children:
                if child.dep_ == "poss":
                    found = self.owner_at(child)
                    return (*found, "tenure") if found is not None else None
            return None
        verb: Token | None = None
        if head.dep_ in {"attr", "oprd", "acomp"}:
            verb = head.head
        elif head.dep_ == "pobj" and head.head.lower_ == "as":
            verb = head.head.head
        elif (
            head.dep_ in {"dobj", "xcomp", "ccomp", "npadvmod"}
            and head.head.lemma_ in self.words.elect_verbs
        ):
            verb = head.head
        if verb is None or verb.lemma_.lower() not in self.words.hold_verbs:
            return None
        if verb.lemma_.lower() in self.words.elect_verbs and head.dep_ in {
            "oprd",
            "xcomp",
            "attr",
        }:
            for child in verb.children:  # "elected Rajoelina the president of Madagascar"
                if child.dep_ == "dobj" and child is not head:
                    found = self.person_at(child.i, pronoun=True)
                    return (*found, "elected") if found is not None else None
        if verb.dep_ == "xcomp" and verb.head.pos_ in {"VERB", "AUX"}:
            subject_verb = verb.head  # "was sworn in as", "went on to become"
        else:
            subject_verb = verb
        rule = "elected" if verb.lemma_.lower() in self.words.elect_verbs else "copula"
        for _ in range(3):
            subjects = [c for c in subject_verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if not subjects:
                if subject_verb.dep_ == "conj":
                    subject_verb = subject_verb.head
                    continue
                return None
            subject = subjects[0]
            if subject.lower_ in self.words.relative_subjects and subject_verb.dep_ == "relcl":
                antecedent = subject_verb.head
                found = self.person_at(antecedent.i, pronoun=True)
                if found is not None:
                    return (*found, rule)
                root = subject_verb.sent.root  # "X was a politician in Y, who served as ..."
                subject_verb = root if root is not subject_verb else antecedent.head
                continue
            found = self.person_at(subject.i, pronoun=True)
            return (*found, rule) if found is not None else None
        return None


def extract_posts(
    doc: Doc, document: Document, index: EntityIndex, gazetteer: Gazetteer
) -> Iterator[Statement]:
    """Yield a POST_IN statement for every person the document gives an office in a place."""
    finder = _Finder(doc, document, index, gazetteer)
    matcher = gazetteer.title_matcher(doc.vocab)
    office_label = doc.vocab.strings["OFFICE"]
    offices = filter_spans([doc[s:e] for label, s, e in matcher(doc) if label == office_label])
    pending: list[tuple[Span, Mention, Entity, str, Office]] = []
    found: list[tuple[Span, Mention, Entity, str, _Place]] = []
    for office_span in offices:
        covering = index.at_token(office_span.start)
        if covering is not None and covering.method != "role":
            continue  # inside a name ("President Street")
        if office_span.end < len(doc) and doc[office_span.end].text in {"'s", "’s"}:
            continue  # the office owns something: "the president's housekeeper"
        before, start = finder.qualifier(office_span)
        after, end, complement = finder.of_place(office_span)
        holder = finder.holder(office_span, start, end)
        if holder is None:
            continue
        mention, person, rule = holder
        if finder.is_former(office_span, start) or finder.end_dated(office_span):
            finder.ended.add(office_span.start)
        place = after or before
        if place is None and rule == "title-name":
            place = finder.after_name(mention)  # "King Philip V of Spain"
        if place is None:
            office = gazetteer.office(office_span.text)
            if office is not None and not complement:
                pending.append((office_span, mention, person, rule, office))
            continue
        found.append((office_span, mention, person, rule, place))
    for office_span, mention, person, rule, office in pending:
        place = _context_place(
            finder, office_span, person, office, found, titled=rule == "title-name"
        )
        if place is not None:
            found.append((office_span, mention, person, rule + "-context", place))
    seen: set[tuple[str, str | None, str, int]] = set()
    statements = [
        _statement(
            doc,
            document,
            gazetteer,
            office_span,
            mention,
            person,
            rule,
            place,
            Modality.PAST if office_span.start in finder.ended else Modality.ASSERTED,
        )
        for office_span, mention, person, rule, place in found
    ]
    successions = list(_successions(finder, found, offices))
    plurals = list(_plural_titles(finder, found))
    tenures = list(_tenures(finder, found))
    tenures.extend(_role_titles(finder, found))
    for statement in [
        *statements,
        *successions,
        *plurals,
        *tenures,
        *_role_posts(finder, found),
    ]:
        if statement is None:
            continue
        ident = (
            statement.subject.key,
            statement.post,
            statement.object.key,
            statement.sentence_index,
        )
        if ident not in seen:
            seen.add(ident)
            yield statement


def _successions(
    finder: _Finder,
    found: list[tuple[Span, Mention, Entity, str, _Place]],
    offices: list[Span],
) -> Iterator[Statement]:
    """POST_IN from succession: "X succeeded / replaced Y as prime minister", "Y was succeeded
    (as president) by X". Y held the post (modality past: succession presupposes it, also
    under a negation or a purpose: "chose X to replace Y as president"); X holds it when the
    succession is asserted. The post is the "as" phrase's office, or without one the one head
    of state or government post the document gives Y."""
    doc, words = finder.doc, finder.words
    cues = load_vocabulary().cues
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in words.succession_verbs:
            continue
        deps = {c.dep_: c for c in verb.children}
        if "nsubjpass" in deps or ("auxpass" in deps and "nsubj" not in deps):
            before = _clause_subject(verb, "nsubjpass")
            agent = deps.get("agent")
            after = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            if after is None:  # "was succeeded as prime minister by X": "by" hangs lower
                after = next(
                    (t for t in verb.subtree if t.dep_ == "pobj" and t.head.lower_ == "by"), None
                )
        else:
            after = _clause_subject(verb, "nsubj")
            before = deps.get("dobj")
        if before is None:
            continue
        successor = finder.person_at(after.i, pronoun=True) if after is not None else None
        predecessor = finder.person_at(before.i, pronoun=True)
        if predecessor is None and before.lower_ in words.object_pronouns:
            # "X ran as the party's candidate and succeeded him"
            subjects = {successor[1].key} if successor is not None else set()
            entity = object_person(finder.index, before, subjects)
            if entity is not None:
                mention = Mention(
                    finder.document.id, text_span(before), entity.key, entity.kind, "pronoun"
                )
                predecessor = mention, entity
        if predecessor is None:
            continue
        as_office = next(
            (
                span
                for span in offices
                if any(
                    t.dep_ == "pobj" and t.head.lower_ == "as" and t.head.head.i == verb.i
                    for t in span
                )
            ),
            None,
        )
        if as_office is None and _scoped(verb):
            continue  # "was succeeded in the party by X": not the post the document gives Y
        post = _succeeded_post(
            finder, found, as_office, predecessor[1], successor[1] if successor else None
        )
        if post is None:
            continue
        office, place, trigger = post
        span = doc[verb.i : verb.i + 1] if trigger is None else trigger
        rule = "post-succession" if as_office is not None else "post-succeeded"
        confidence = CONFIDENCE[rule.removeprefix("post-")] - (
            0 if place.explicit else CONTEXT_PENALTY
        )
        if as_office is not None:  # else the post is the one the document already gave Y
            yield _post_statement(
                finder.document,
                span,
                predecessor[0],
                predecessor[1],
                place,
                office.relation,
                office.label,
                rule,
                confidence,
                Modality.PAST,
            )
        unasserted = any(c.dep_ == "neg" for c in verb.children) or any(
            c.dep_ == "aux" and c.lower_ in cues.hypothetical_auxiliaries | {"to", "will"}
            for c in verb.children
        )
        if successor is None or unasserted or successor[1].key == predecessor[1].key:
            continue
        yield _post_statement(
            finder.document,
            span,
            successor[0],
            successor[1],
            place,
            office.relation,
            office.label,
            rule,
            confidence,
        )


def _scoped(verb: Token) -> bool:
    """True when a succession is said to be in something other than a time ("succeeded in
    the party", "replaced on the board"), so not in the predecessor's post."""
    return any(
        c.dep_ == "prep"
        and c.lower_ != "by"
        and any(
            o.dep_ == "pobj" and o.ent_type_ not in {"DATE", "TIME", "CARDINAL"} for o in c.children
        )
        for c in verb.children
    )


def _plural_office(finder: _Finder, token: Token) -> tuple[Span, Office] | None:
    """The office a plural title names, and its words: "Presidents", "Prime Ministers",
    "Secretaries of State" (the plural word may be first or last)."""
    doc, gazetteer = finder.doc, finder.gazetteer
    lower = token.lower_
    if token.tag_ not in {"NNS", "NNPS", "NNP"} or not lower.endswith("s"):
        return None
    singular = lower[:-3] + "y" if lower.endswith("ies") else lower[:-1]
    for before in (2, 1, 0):
        for after in (2, 0):
            start, end = token.i - before, token.i + 1 + after
            if start < 0 or end > len(doc):
                continue
            words = [t.lower_ for t in doc[start : token.i]]
            words += [singular, *(t.lower_ for t in doc[token.i + 1 : end])]
            office = gazetteer.office(" ".join(words))
            if office is not None:
                return doc[start:end], office
    return None


def _plural_titles(
    finder: _Finder, found: list[tuple[Span, Mention, Entity, str, _Place]]
) -> Iterator[Statement]:
    """POST_IN for each name of a list after a plural title: "Presidents A (Ruritania) and B
    (Freedonia)", "Prime Ministers A and B", "Secretaries of State A and B". A place in
    brackets after a name is that person's; else the title's own ("French Presidents A and
    B"); else what the document or the known-people data make certain, as for a title."""
    doc = finder.doc
    for token in doc:
        plural = _plural_office(finder, token)
        if plural is None:
            continue
        span, office = plural
        if any(finder.index.at_token(t.i) is not None for t in span):
            continue  # inside a name
        before, _ = finder.qualifier(span)
        holders: list[tuple[Mention, Entity, _Place | None]] = []
        j = span.end + (span.end < len(doc) and doc[span.end].text == ",")  # "..., A and B"
        while j < len(doc):
            person = finder.person_at(j)
            if person is None or finder.mention_start(person[0]) != j:
                break
            j = finder.mention_end(person[0])
            own: _Place | None = None
            if j + 2 < len(doc) and doc[j].text == "(":
                inner = finder.place_mention(j + 1)
                close = finder.mention_end(inner[0]) if inner is not None else j + 1
                if inner is not None and close < len(doc) and doc[close].text == ")":
                    own = _Place(inner[1], finder.name_span(inner[0]), j + 1, True)
                    j = close + 1
            holders.append((person[0], person[1], own))
            if j < len(doc) and doc[j].text == ",":
                j += 1
            if j < len(doc) and doc[j].lower_ in {"and", "&"}:
                j += 1
        if len(holders) < 2:
            continue  # a plural title names a list: "Presidents A and B"
        for mention, holder, own in holders:
            place = own or before
            if place is None:
                place = _context_place(finder, span, holder, office, found, titled=True)
            modality = Modality.PAST if finder.is_former(span) else Modality.ASSERTED
            statement = _placed_post(
                finder, span, mention, holder, place, office, "plural-title", modality
            )
            if statement is not None:
                yield statement


def _tenures(
    finder: _Finder, found: list[tuple[Span, Mention, Entity, str, _Place]]
) -> Iterator[Statement]:
    """POST_IN from a time in office named by its noun: "the presidency of X", "X's
    premiership", "the X administration", "during his reign". The holder is the possessor, the
    name compounded with the noun or its "of" person; the place is a state in the phrase ("X's
    administration in Ruritania", "Ruritania's X administration") or else what the document
    makes certain, as for a title. Not a hypothetical time: "a X presidency", "a future X
    administration"."""
    doc, gazetteer = finder.doc, finder.gazetteer
    cues = load_vocabulary().cues
    unreal = cues.hypothetical_noun_modifiers | cues.future_noun_modifiers
    for token in doc:
        label = gazetteer.tenures.get(token.lemma_.lower()) if token.pos_ == "NOUN" else None
        office = gazetteer.office(label) if label is not None else None
        if office is None or finder.index.at_token(token.i) is not None:
            continue
        words = {c.lower_ for c in token.children if c.dep_ in {"det", "amod", "compound"}}
        if words & (unreal | {"a", "an"}):
            continue
        holder: tuple[Mention, Entity] | None = None
        place: _Place | None = None
        for child in token.children:
            if child.dep_ == "poss":
                holder = finder.owner_at(child)
                if holder is None and (own := finder.place_mention(child.i)) is not None:
                    place = _Place(own[1], finder.name_span(own[0]), child.i, True)
            elif child.dep_ in {"compound", "nmod"} and holder is None:
                holder = finder.person_at(child.i)  # "the X (military) dictatorship"
            elif child.dep_ == "prep" and child.lower_ in {"of", "in"}:
                pobj = next((o for o in child.children if o.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                if child.lower_ == "of" and holder is None:
                    holder = finder.person_at(pobj.i)
                elif child.lower_ == "in" and (own := finder.place_mention(pobj.i)) is not None:
                    place = _Place(own[1], finder.name_span(own[0]), pobj.i, True)
        if holder is None:
            continue
        mention, person = holder
        for child in token.children:  # "Russia's Yeltsin administration"
            if place is None and child.dep_ == "poss" and child.i != mention_token(finder, mention):
                own = finder.place_mention(child.i)
                if own is not None:
                    place = _Place(own[1], finder.name_span(own[0]), child.i, True)
        span = doc[token.i : token.i + 1]
        if place is not None and not office.local and place.entity.kind is not EntityKind.STATE:
            place = None  # "the X administration in Washington": a city has no president
        if place is None:
            place = _context_place(finder, span, person, office, found, titled=False)
        statement = _placed_post(finder, span, mention, person, place, office, "tenure-noun")
        if statement is not None:
            yield statement


def _role_titles(
    finder: _Finder, found: list[tuple[Span, Mention, Entity, str, _Place]]
) -> Iterator[Statement]:
    """POST_IN from a role noun used as a title with its state: "his Russian counterpart
    Vladimir Putin", "Hungarian strongman X". The post is the one head-of-state or government
    office the person holds there (this document's titles or the well-known-people data);
    without one, nothing."""
    doc, gazetteer = finder.doc, finder.gazetteer
    role_label = doc.vocab.strings["ROLE"]
    matches = gazetteer.title_matcher(doc.vocab)(doc)
    roles = {(s, e) for label, s, e in matches if label == role_label}
    for span in filter_spans([doc[s:e] for _, s, e in matches]):
        if (span.start, span.end) not in roles or gazetteer.office(span.text) is not None:
            continue  # an office ("leader") is read as a title
        if finder.index.at_token(span.start) is not None:
            continue  # inside a name
        named = finder.person_at(span.end)
        if named is None or finder.mention_start(named[0]) != span.end:
            continue
        place, _ = finder.qualifier(span)
        if place is None or not place.explicit or place.entity.kind is not EntityKind.STATE:
            continue
        post = _head_post(finder, named[1], place.entity, found)
        if post is None:
            continue
        label, relation = post
        yield _post_statement(
            finder.document,
            span,
            named[0],
            named[1],
            place,
            relation,
            label,
            "post-role-title",
            CONFIDENCE["role-title"],
            Modality.PAST if finder.is_former(span) else Modality.ASSERTED,
        )


def mention_token(finder: _Finder, mention: Mention) -> int:
    """The last token of a mention (-1 for one the index does not place)."""
    tokens = finder.index.mention_tokens(mention)
    return tokens[1] - 1 if tokens is not None else -1


def _clause_subject(verb: Token, dep: str) -> Token | None:
    """The subject of `verb`, or of the verb it is coordinated with ("resigned and was
    succeeded by X"), or the noun a relative clause hangs on ("X, who succeeded Y")."""
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in {dep, "nsubj", "nsubjpass"}), None)
        if subject is not None:
            if subject.tag_ in {"WP", "WDT"} and verb.dep_ == "relcl":
                return verb.head
            return subject
        if verb.dep_ != "conj":
            return None
        verb = verb.head
    return None


def _succeeded_post(
    finder: _Finder,
    found: list[tuple[Span, Mention, Entity, str, _Place]],
    as_office: Span | None,
    predecessor: Entity,
    successor: Entity | None,
) -> tuple[Office, _Place, Span | None] | None:
    """The office and place of a succession: the "as" phrase's (its place from its own phrase,
    else from the predecessor's post of that office, else the document), or the one head of
    state or government post the document gives the predecessor."""
    gazetteer = finder.gazetteer
    heads = {"head_of_state", "head_of_government"}
    if as_office is not None:
        titled = gazetteer.office(as_office.text)
        if titled is None:
            return None
        before, _ = finder.qualifier(as_office)
        after, _, complement = finder.of_place(as_office)
        place = after or before
        if place is None and not complement:
            place = _context_place(finder, as_office, predecessor, titled, found, titled=False)
        if place is None and not complement and successor is not None:
            # "Carney replaced Trudeau as prime minister": where the successor holds it
            place = _context_place(finder, as_office, successor, titled, found, titled=False)
        if place is None or place.entity.kind not in {EntityKind.STATE, EntityKind.PLACE}:
            return None  # "replaced Rutte as NATO chief": no post in a state
        office = gazetteer.office(as_office.text, place.entity.code)
        return (office, place, as_office) if office is not None else None
    posts = {
        (_office_label(gazetteer, s), p.entity.key): (s, p)
        for s, _, who, _, p in found
        if who.key == predecessor.key
    }
    if len(posts) != 1:
        return None
    span, place = next(iter(posts.values()))
    if place.entity.kind not in {EntityKind.STATE, EntityKind.PLACE}:
        return None
    office = gazetteer.office(span.text, place.entity.code)
    if office is None or office.kind not in heads:
        return None
    return office, replace(place, explicit=False), None


def _role_posts(
    finder: _Finder, found: list[tuple[Span, Mention, Entity, str, _Place]]
) -> Iterator[Statement]:
    """POST_IN from role mentions the resolver linked to one person ("the US president said",
    "the Ukrainian president, who", "his Russian counterpart"): naming the state with the role
    is itself evidence of the post. The post is the office of the role words, or for "leader"
    and "counterpart" the one head-of-state/government office the person is known (from this
    document or the well-known-people data) to hold there."""
    doc, gazetteer = finder.doc, finder.gazetteer
    titles = [(s, e) for _, s, e in gazetteer.title_matcher(doc.vocab)(doc)]
    for mention in finder.index.mentions:
        if mention.method != "role" or mention.kind is not EntityKind.PERSON:
            continue
        tokens = finder.index.mention_tokens(mention)
        if tokens is None:
            continue
        first, last = tokens
        matches = filter_spans([doc[s:e] for s, e in titles if first <= s and e <= last])
        if not matches:
            continue
        trigger = matches[-1]
        if finder.is_former(trigger):
            continue
        before, _ = finder.qualifier(trigger)
        after, _, _ = finder.of_place(trigger)
        place = after or before
        person = finder.index.entity(mention.entity_key)
        rule = "post-role-mention"
        if place is None and (titled := gazetteer.office(trigger.text)) is not None:
            # "the Prime Minister told ...": the state the person's post is known to be in,
            # when the document names it
            place = _context_place(finder, trigger, person, titled, found, titled=False)
            rule = "post-role-mention-context"
            if place is not None and place.guessed:
                continue
        if place is None or place.entity.kind is not EntityKind.STATE:
            continue
        office = gazetteer.office(trigger.text, place.entity.code)
        post = (
            _head_post(finder, person, place.entity, found)
            if (office is None or trigger.text.lower() in finder.words.role_nouns)
            else None
        )
        if post is None and office is not None:
            post = office.label, office.relation
        if post is None:
            continue
        label, relation = post
        confidence = CONFIDENCE["role-mention"] - (0 if place.explicit else CONTEXT_PENALTY)
        yield _post_statement(
            finder.document, trigger, mention, person, place, relation, label, rule, confidence
        )


def _head_post(
    finder: _Finder,
    person: Entity,
    place: Entity,
    found: list[tuple[Span, Mention, Entity, str, _Place]],
) -> tuple[str, str] | None:
    """The one head-of-state/government office (label, relation) a person holds in a state,
    from the document's own titles or else the well-known-people data."""
    gazetteer = finder.gazetteer
    heads = {"head_of_state", "head_of_government"}
    offices: set[tuple[str, str]] = set()
    for office_span, _, who, _, where in found:
        if office_span.start in finder.ended:
            continue
        held = gazetteer.office(office_span.text, place.code)
        same = who.key == person.key and where.entity.key == place.key
        if same and held is not None and held.kind in heads:
            offices.add((held.label, held.relation))
    known = gazetteer.people.get(person.key)
    if not offices and known is not None:
        for label, where_key in known.posts:
            key = where_key if "/" in where_key else f"state/{where_key}"
            held = gazetteer.office(label, place.code)
            if key == place.key and held is not None and held.kind in heads:
                offices.add((held.label, held.relation))
    return next(iter(offices)) if len(offices) == 1 else None


def _context_place(
    finder: _Finder,
    office_span: Span,
    person: Entity,
    office: Office,
    found: list[tuple[Span, Mention, Entity, str, _Place]],
    *,
    titled: bool,
) -> _Place | None:
    """A place for a title with none in its phrase, when the document leaves no doubt; a state
    named only once is enough for a title right before the name ("President X"), not for a
    predicate ("X was elected president")."""
    gazetteer = finder.gazetteer
    same = {
        p.entity.key: p
        for s, _, who, _, p in found
        if who.key == person.key and _office_label(gazetteer, s) == office.label
    }
    if len(same) == 1:
        return replace(next(iter(same.values())), explicit=False)
    if office.state is not None:  # "Home Secretary X": British whenever Britain is named
        key = f"state/{office.state}"
        mention = next((m for m in finder.index.mentions if m.entity_key == key), None)
        return (
            _Place(finder.index.entity(key), finder.name_span(mention), 0, False)
            if mention
            else None
        )
    known = gazetteer.people.get(person.key)
    if known is not None:
        places = {p for o, p in known.posts if o == office.label}
        if len(places) == 1:
            key = next(iter(places))
            key = key if "/" in key else f"state/{key}"
            for mention in finder.index.mentions:
                if mention.entity_key == key:
                    return _Place(finder.index.entity(key), finder.name_span(mention), 0, False)
            return None  # known elsewhere, not named here: no place to point at
    if office.local:
        return None if office.city else _dominant_region(finder)
    if office.kind not in {"head_of_state", "head_of_government"}:
        return None  # a minister's state is never guessed from the document
    return _dominant_state(finder, office_span, once=titled)


def _dominant_region(finder: _Finder) -> _Place | None:
    """The region (a pycountry first-level subdivision) a document names most, as for states."""
    refs: Counter[str] = Counter()
    first: dict[str, Mention] = {}
    for mention in finder.index.mentions:
        if mention.kind is EntityKind.PLACE and finder.gazetteer.region(mention.span.text):
            refs[mention.entity_key] += 1
            first.setdefault(mention.entity_key, mention)
    key = _dominant(refs)
    if key is None:
        return None
    return _Place(finder.index.entity(key), first[key].span, 0, False, guessed=True)


def _dominant(refs: Counter[str], *, once: bool = True) -> str | None:
    """The key named in more than half of the references (and at least twice, unless alone)."""
    if not refs:
        return None
    (key, count), *_ = refs.most_common(1)
    total = sum(refs.values())
    if count * 2 <= total or (count < 2 and (total > 1 or not once)):
        return None
    return key


def _dominant_state(finder: _Finder, office: Span, *, once: bool) -> _Place | None:
    """The state the document is about: the only one it names, or the one named at least twice
    and in more than half of its state references; it must also be named near the office (from
    four sentences before to two after; the object span is its nearest naming)."""
    refs: Counter[str] = Counter()
    spans: dict[str, list[tuple[int, TextSpan]]] = {}
    for mention in finder.index.mentions:
        if mention.kind is EntityKind.STATE:
            refs[mention.entity_key] += 1
            start = finder.mention_start(mention)
            spans.setdefault(mention.entity_key, []).append((start, finder.name_span(mention)))
    for ent in finder.doc.ents:
        entry = finder.gazetteer.demonym(ent.text) if ent.label_ == "NORP" else None
        if entry is not None and finder.index.at_token(ent.start) is None:
            refs[entry.key] += 1
            spans.setdefault(entry.key, []).append((ent.start, text_span(ent)))
    key = _dominant(refs, once=once)
    entry = finder.gazetteer.get(key) if key is not None else None
    if entry is None:
        return None
    here = sentence_index(office[0])
    near = [
        (abs(start - office.start), span)
        for start, span in spans[entry.key]
        if -2 <= here - sentence_index(finder.doc[start]) <= 4
    ]
    if not near:
        return None
    entity = finder.index.entity_for(entry)
    return _Place(entity, min(near, key=lambda item: item[0])[1], 0, False, guessed=True)


def _office_label(gazetteer: Gazetteer, span: Span) -> str | None:
    office = gazetteer.office(span.text)
    return office.label if office else None


def _statement(
    doc: Doc,
    document: Document,
    gazetteer: Gazetteer,
    office_span: Span,
    mention: Mention,
    person: Entity,
    rule: str,
    place: _Place,
    modality: Modality = Modality.ASSERTED,
) -> Statement | None:
    office = gazetteer.office(office_span.text, place.entity.code)
    if office is None or place.entity.key == person.key:
        return None
    if office.explicit_place and not place.explicit:
        return None
    relation = office.relation
    if place.entity.kind not in {EntityKind.STATE, EntityKind.PLACE}:
        # "NATO Secretary General Mark Rutte" heads NATO; "NATO spokesperson X" only works
        # there, which is no post in a state: the ontology's range of holdsPostIn says no
        relation = office.group_relation or "holdsPostIn"
    if place.entity.kind not in relation_kinds(relation)[1]:
        return None
    confidence = CONFIDENCE.get(rule.removesuffix("-context"), 0.7)
    if not place.explicit:
        confidence -= GUESS_PENALTY if place.guessed else CONTEXT_PENALTY
    return _post_statement(
        document,
        office_span,
        mention,
        person,
        place,
        relation,
        office.label,
        f"post-{rule}",
        confidence,
        modality,
    )


def _placed_post(
    finder: _Finder,
    span: Span,
    mention: Mention,
    person: Entity,
    place: _Place | None,
    office: Office,
    key: str,
    modality: Modality = Modality.ASSERTED,
) -> Statement | None:
    """The post of `office` in a state or place found for it, under that place's form of the
    office, less confident when the place came from context; None without such a place."""
    if place is None or place.entity.kind not in {EntityKind.STATE, EntityKind.PLACE}:
        return None
    held = finder.gazetteer.office(office.label, place.entity.code) or office
    if held.explicit_place and not place.explicit:
        return None
    confidence = CONFIDENCE[key] - (
        0 if place.explicit else GUESS_PENALTY if place.guessed else CONTEXT_PENALTY
    )
    return _post_statement(
        finder.document,
        span,
        mention,
        person,
        place,
        held.relation,
        held.label,
        f"post-{key}",
        confidence,
        modality,
    )


def _post_statement(
    document: Document,
    trigger: Span,
    mention: Mention,
    person: Entity,
    place: _Place,
    relation: str,
    office: str,
    rule: str,
    confidence: float,
    modality: Modality = Modality.ASSERTED,
) -> Statement:
    """The POST_IN statement: `person` holds `office` in the place, said at `trigger`; PAST
    when the text says the post has ended."""
    token = trigger.doc[trigger.start]
    return Statement(
        doc_id=document.id,
        sentence_index=sentence_index(token),
        sentence=text_span(token.sent),
        subject=person,
        relation=relation,
        family=family_of(relation),
        object=place.entity,
        subject_span=mention.span,
        object_span=place.span,
        trigger=text_span(trigger),
        rule=rule,
        confidence=round(confidence, 2),
        modality=modality,
        post=office,
    )
