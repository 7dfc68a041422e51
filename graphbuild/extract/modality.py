"""Polarity, modality and attribution of an event trigger: is it denied, hypothetical, reported?

Reads its cue words from `ontology/cue-words.yaml`. Statements from negated or hypothetical
contexts are kept by the caller with these values set; only positive asserted ones become facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.attrs import DEP, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from graphbuild.extract.coref import previous_subject
from graphbuild.extract.entities import EntityIndex
from graphbuild.extract.predicates import participation_holder
from graphbuild.extract.quotes import quotation_bounds
from graphbuild.extract.spans import sentence_bounds
from graphbuild.extract.vocabulary import CueWords, load_vocabulary
from graphbuild.records import Entity, Modality, Polarity

# A trigger inherits the context of the verb it complements: "refused to back", "plans to visit".
_COMPLEMENT_DEPS = frozenset({"xcomp"})
# A nominal trigger inherits the context of the verb whose object it is: "did not hold talks".
_NOMINAL_ARG_DEPS = frozenset({"dobj", "nsubjpass", "attr", "pobj"})
# Clauses whose content a reporting verb attributes to its subject.
_REPORTED_DEPS = frozenset({"ccomp", "parataxis"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_NEGATION_DEPS = frozenset({"neg", "advmod", "det", "preconj", "cc"})
_ACCORDING_HEADS = "graphbuild_according_heads"
_MARKS = "graphbuild_marks"


@dataclass(frozen=True, slots=True)
class Context:
    """How a trigger is stated: polarity, modality, and who said it (when reported)."""

    polarity: Polarity = Polarity.POSITIVE
    modality: Modality = Modality.ASSERTED
    speaker: Entity | None = None
    quoted: bool = False  # inside a direct quotation (first-person pronouns mean the speaker)


def load_cue_words() -> CueWords:
    """The cue words (`ontology/cue-words.yaml`), from the one vocabulary loader."""
    return load_vocabulary().cues


_SUBJECT_OR_AUX_DEPS = _SUBJECT_DEPS | {"aux", "auxpass"}


def governing_chain(trigger: Token, cues: CueWords) -> list[Token]:
    """The trigger and the words whose context it inherits, innermost first.

    "refused to back" -> [back, refused]; "did not hold talks" -> [talks, hold];
    "a refusal to offer guarantees" -> [guarantees, offer, refusal].
    """
    chain = [trigger]
    token = trigger
    while token.head != token and len(chain) < 8:
        head = token.head
        if token.dep_ in _COMPLEMENT_DEPS or (
            token.dep_ == "acl" and head.lemma_.lower() in cues.negation_governor_nouns
        ):
            pass
        elif (
            token.dep_ in {"acl", "relcl"}
            and head.pos_ == "NOUN"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        ):
            pass  # "Ukraine's bid to join NATO", "no plans for Trump to meet Putin"
        elif (
            token.dep_ in {"acl", "ccomp"}
            and head.pos_ == "NOUN"
            and head.lemma_.lower() in cues.hypothetical_governors
        ):
            pass  # "reports that he had criticised Putin": hearsay governs its content
        elif token.dep_ == "ccomp" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in token.children
        ):
            pass  # "wanted Putin to meet Trump": an infinitive with its own subject, as xcomp
        elif token.dep_ == "ccomp" and head.lemma_.lower() in cues.negation_governors:
            pass  # "the Kremlin denied that its forces had attacked civilians"
        elif token.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in token.children
        ):
            pass  # "will travel to Washington to meet Trump": the purpose shares the plan
        elif (
            token.dep_ == "conj"
            and (
                token.tag_ == "VB"
                # "could have gone on for years and destroyed the region": a bare participle
                # (the small model often tags it VBD) shares its head's perfect and modal
                or (
                    token.tag_ in {"VBN", "VBD"}
                    and any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children)
                )
            )
            and head.pos_ in {"VERB", "AUX"}
            and not any(c.dep_ in _SUBJECT_OR_AUX_DEPS for c in token.children)
        ):
            pass  # "would rearm Europe and support Ukraine": a bare conjunct shares the auxiliaries
        elif token.dep_ == "nsubj" and head.lemma_.lower() in cues.event_predicates:
            pass  # "the summit will take place", "talks did not resume"
        elif token.dep_ == "attr" and (head.lemma_ == "be" or head.lemma_.lower() in cues.copulas):
            pass  # "Ukraine is not a member of NATO", "would remain a member": so does the copula
        elif token.dep_ == "acomp" and head.lemma_.lower() in cues.copulas:
            pass  # "Trump was not happy with Putin": so does the copula of an adjective
        elif (
            token.dep_ == "dobj"
            and head.lemma_.lower() in cues.terminative_verbs
            and any(
                c.dep_ == "poss" or (c.dep_ in {"amod", "compound"} and c.text[:1].isupper())
                for c in token.children
            )
        ):
            break  # "to end Russia's war on Ukraine": ending an owned event presupposes it
        elif token.pos_ in {"NOUN", "PROPN"} and token.dep_ in _NOMINAL_ARG_DEPS:
            # "without talks", "held talks": the preposition or light verb governs the event
            if token.dep_ == "pobj":
                container = head.lower_ == "of" and head.head.lemma_.lower() in cues.container_nouns
                # "called for sanctions", "flew to Moscow for talks": the verb governs the event
                purpose = head.lower_ == "for" and head.head.pos_ == "VERB"
                # "threatened Russia with sanctions": an instrument shares its verb's context
                instrument = (
                    head.lower_ == "with"
                    and head.head.pos_ == "VERB"
                    and any(c.dep_ == "dobj" for c in head.head.children)
                )
                # "did not take part in talks", "never engaged in talks": the verb one takes
                # part through governs the event (the nominal rules take its subject too)
                holder = participation_holder(head) if head.dep_ == "prep" else None
                if holder is not None:
                    chain.append(head)
                    if head.head is not holder:
                        chain.append(head.head)
                    chain.append(holder)
                    token = holder
                    continue
                if head.lower_ != "without" and not container and not purpose and not instrument:
                    break
            elif head.pos_ not in {"VERB", "AUX"} or head.lemma_.lower() not in (
                cues.light_verbs
                | cues.negation_governors
                | cues.future_governors
                | cues.hypothetical_governors
            ):
                break  # "blocked sanctions", "proposed talks" pass their context on; "saw" not
        elif token.dep_ == "prep" and token.lower_ in {"without", "of", "for", "with"}:
            pass  # "without talks"; "a package of sanctions" continues to the package's verb
        elif token.lemma_.lower() in cues.container_nouns and token.dep_ in _NOMINAL_ARG_DEPS:
            if head.pos_ not in {"VERB", "AUX"}:
                break
        else:
            break
        chain.append(head)
        token = head
    return chain


def _forms(token: Token) -> set[str]:
    """A verb's lemma, and with each of its particles ("rule out") for phrasal cue words."""
    lemma = token.lemma_.lower()
    return {lemma, *(f"{lemma} {c.lower_}" for c in token.children if c.dep_ == "prt")}


def _is_negated(chain: list[Token], cues: CueWords) -> bool:
    for position, token in enumerate(chain):
        if token.lower_ == "without":
            return True
        if position > 0 and _forms(token) & (cues.negation_governors | {"yet"}):
            return True
        if position > 0 and token.lemma_.lower() in cues.negation_governor_nouns:
            return True
        for child in token.children:
            word = child.lower_
            if child.dep_ in _NEGATION_DEPS and word in cues.negation_words:
                # "no" as a determiner denies only the noun it is on ("no talks"), fine here
                return True
            if (
                child.dep_ == "advmod"
                and child.lemma_.lower() == "long"
                and any(g.lower_ == "no" for g in child.children)
            ):
                return True  # "no longer supports"
            if child.dep_ == "advmod" and word == "yet" and position > 0:
                return True  # "is yet to spell out" asserts the event has not happened
            if child.dep_ in {"nsubj", "nsubjpass"} and any(
                g.dep_ in {"preconj", "det", "cc"} and g.lower_ in cues.negation_correlatives
                for g in child.children
            ):
                return True  # "Neither Starmer nor Macron met Putin"
    return False


def _reporting_head(token: Token, cues: CueWords) -> Token | None:
    """The reporting verb whose complement holds `token` ("Zelensky said that ..."), if any."""
    current = token
    for _ in range(12):
        head = current.head
        if head == current:
            return None
        if (
            current.dep_ in _REPORTED_DEPS
            and head.pos_ in {"VERB", "AUX"}
            and head.lemma_.lower() in cues.reporting_verbs
        ):
            return head
        current = head
    return None


def _performed(chain: list[Token], cues: CueWords) -> int:
    """How many links of the chain a first-person wish performs ("I would like to thank X",
    "we want to congratulate Y": saying so is the act); 0 for none."""
    for position, token in enumerate(chain[:-1]):
        wish = chain[position + 1]
        if (
            token.dep_ == "xcomp"
            and token.lemma_.lower() in cues.performative_verbs
            and wish.lemma_.lower() in cues.performative_governors
            and any(c.dep_ == "nsubj" and c.lower_ in {"i", "we"} for c in wish.children)
        ):
            return position + 2
    return 0


def _former_state(chain: list[Token], cues: CueWords) -> bool:
    """True when a stance noun or adjective says the stance held once and no longer does: "a
    former supporter of X", "an ex-ally of X", "was once a critic of X", "formerly close to X".
    An adverb on a verb does not ("once praised X" still happened)."""
    state = chain[0]
    if state.pos_ not in {"NOUN", "ADJ"}:
        return False
    former = load_vocabulary().entities.former_words
    doc, i = state.doc, state.i
    if any(c.dep_ in {"amod", "advmod", "compound"} and c.lower_ in former for c in state.children):
        return True
    # "an ex-ally of X": the small model often splits "ex", "-" and the noun into siblings
    if i >= 1 and doc[i - 1].lower_ in former:
        return True
    if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in former:
        return True
    holders = [state]
    if state.dep_ in {"attr", "acomp"} and len(chain) > 1 and chain[1] == state.head:
        holders.append(state.head)  # "was once a supporter of X": the adverb is on the copula
    return any(
        c.dep_ == "advmod" and c.lower_ in cues.past_state_adverbs
        for holder in holders
        for c in holder.children
    )


def _modality(chain: list[Token], cues: CueWords, reporter: Token | None) -> Modality:
    if _former_state(chain, cues):
        return Modality.PAST
    result = Modality.ASSERTED
    performed = _performed(chain, cues)
    for position, token in enumerate(chain):
        if position < performed:
            continue  # "I would like to thank": neither the wish nor its "would" withholds it
        lemma = token.lemma_.lower()
        completive = (
            position > 0 and lemma in cues.completive_verbs and chain[position - 1].dep_ == "dobj"
        )
        if position > 0 and not completive:
            # the small model lemmatises "hopes" as "hop": the word form is checked too
            if lemma in cues.hypothetical_governors or token.lower_ in cues.hypothetical_governors:
                return Modality.HYPOTHETICAL
            if lemma in cues.future_governors and (lemma != "go" or token.tag_ == "VBG"):
                result = Modality.FUTURE
        for child in token.children:
            word = child.lower_
            if child.dep_ == "aux" and child.tag_ == "MD":
                if word in cues.future_auxiliaries:
                    result = Modality.FUTURE
                elif word in cues.hypothetical_auxiliaries:
                    # "said he would send": the future of a past report, not a hypothesis
                    if word == "would" and reporter is not None and reporter.tag_ in {"VBD", "VBN"}:
                        result = Modality.FUTURE
                    else:
                        return Modality.HYPOTHETICAL
            if (
                child.dep_ in {"mark", "advmod"}
                and word in cues.future_time_marks
                and _future_time_clause(token, cues)
            ):
                result = Modality.FUTURE  # "will host a meeting when Macron visits next week"
            if child.dep_ in {"advmod", "amod"} and word in cues.hedges:
                return Modality.HYPOTHETICAL  # "reportedly met", "the alleged attack"
            if token.pos_ == "NOUN" and child.dep_ in {"amod", "det"}:
                if word in cues.hypothetical_noun_modifiers:
                    return Modality.HYPOTHETICAL
                if word in cues.future_noun_modifiers:
                    result = Modality.FUTURE
    return result


def _future_time_clause(clause: Token, cues: CueWords) -> bool:
    """True for a present-tense time clause ("when X visits") of a clause in the future ("will
    host"): English puts the future event of such a clause in the present tense."""
    head = clause.head
    return (
        clause.dep_ == "advcl"
        and clause.tag_ in {"VBZ", "VBP"}
        and head != clause
        and any(c.dep_ == "aux" and c.lower_ in cues.future_auxiliaries for c in head.children)
    )


def _is_question(doc: Doc, start: int, end: int) -> bool:
    """True if the sentence doc[start:end] ends in a question mark (or one before a quote)."""
    return doc[end - 1].text == "?" or (end - start > 1 and doc[end - 2].text == "?")


def _conditional_clause(node: Token, cues: CueWords) -> bool:
    """True for an adverbial clause opened by "if" or "unless"."""
    return node.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in cues.conditional_marks for c in node.children
    )


def _interrogative_clause(node: Token, cues: CueWords) -> bool:
    """True for an embedded question: a clause opened by "whether" or "if" that is a verb's
    complement or subject ("asked whether Putin was a war criminal", "it is unclear if Berlin
    backs Kyiv"), whose content is asked, not asserted."""
    return node.dep_ in {"ccomp", "csubj", "xcomp", "pcomp", "acl"} and any(
        c.dep_ == "mark" and c.lower_ in cues.interrogative_marks for c in node.children
    )


def _governs_condition(token: Token, cues: CueWords) -> bool:
    """True if an "if"/"unless" clause hangs on the token."""
    # "Trump will meet Putin if Russia agrees": the condition hangs on the event itself
    if token.lemma_.lower() in cues.conditional_content_verbs:
        return False
    return any(_conditional_clause(child, cues) for child in token.children)


def _in_condition(token: Token, cues: CueWords) -> bool:
    """True if the token sits in an "if"/"unless" clause or an embedded question, or governs an
    "if"/"unless" clause."""
    return any(
        _conditional_clause(node, cues) or _interrogative_clause(node, cues)
        for node in [token, *token.ancestors]
    ) or _governs_condition(token, cues)


def is_conditional(token: Token, cues: CueWords) -> bool:
    """True if the token sits in an "if"/"unless" clause or the sentence is a question."""
    return _is_question(token.doc, *sentence_bounds(token)) or _in_condition(token, cues)


def _marks(doc: Doc) -> list[list[Any]]:
    """[lower-case word, index] of every subordinating mark ("if", "that") of the document, found
    once a document from DEP (lists, so that the Doc can still be serialised with its user data)."""
    marks = doc.user_data.get(_MARKS)
    if marks is None:
        mark = get_string_id("mark")
        deps = doc.to_array(DEP).tolist() if len(doc) else []
        marks = [[doc[i].lower_, i] for i, dep in enumerate(deps) if dep == mark]
        doc.user_data[_MARKS] = marks
    return marks


def _any_conditional(chain: list[Token], cues: CueWords) -> bool:
    """`is_conditional` for any token of the chain, testing each sentence and ancestor once (each
    token of a chain is the head of the one before, so the first one's ancestors hold them all)."""
    doc = chain[0].doc
    start, end = sentence_bounds(chain[0])
    if _is_question(doc, start, end):
        return True
    low, high = start, end
    for token in chain[1:]:
        if not start <= token.i < end:
            start, end = sentence_bounds(token)
            low, high = min(low, start), max(high, end)
            if _is_question(doc, start, end):
                return True
    # a clause, its "if" and the word it hangs on share a sentence: most sentences have none
    marks = cues.conditional_marks | cues.interrogative_marks
    if not any(low <= i < high and word in marks for word, i in _marks(doc)):
        return False
    first = chain[0]
    return any(
        _conditional_clause(node, cues) or _interrogative_clause(node, cues)
        for node in [first, *first.ancestors]
    ) or any(_governs_condition(token, cues) for token in chain)


def quotation_spans(doc: Doc) -> list[Span]:
    """Direct quotations as spans, marks included (`graphbuild.extract.quotes` pairs the marks)."""
    return [doc[start:end] for start, end in quotation_bounds(doc)]


def _quote_of(token: Token, quotes: list[Span]) -> Span | None:
    for span in quotes:
        if span.start < token.i < span.end - 1:
            return span
    return None


def _speaker_token(verb: Token, quote: Span | None = None) -> Token | None:
    for child in verb.children:
        # '"Congratulations to both!", Trump posted': the parser may make the verbless quote
        # the reporting verb's subject; the speaker is the subject outside the quote
        if child.dep_ in _SUBJECT_DEPS and (
            quote is None or not quote.start <= child.i < quote.end
        ):
            return child
    if verb.dep_ in {"advcl", "conj"} and verb.head != verb and verb.tag_ in {"VBG", "VBD"}:
        # "Zelensky thanked Trump, saying he ...", "Trump met Putin and said he ..."
        return _speaker_token(verb.head, quote)
    return None


def _quote_speaker(quote: Span, cues: CueWords) -> Token | None:
    """The subject of the reporting verb just after or just before a quotation."""
    doc = quote.doc
    after = doc[quote.end : min(len(doc), quote.end + 8)]
    before_sent = doc[quote.start].sent
    candidates: list[Token] = [
        t for t in after if t.lemma_.lower() in cues.reporting_verbs and t.pos_ == "VERB"
    ]
    if not candidates:
        before = doc[max(before_sent.start, quote.start - 10) : quote.start]
        candidates = [
            t
            for t in reversed(list(before))
            if t.lemma_.lower() in cues.reporting_verbs and t.pos_ == "VERB"
        ]
    for verb in candidates:
        if _quote_of(verb, [quote]) is None:
            subject = _speaker_token(verb, quote)
            if subject is not None:
                return subject
    return None


def _entity_of(token: Token, index: EntityIndex) -> Entity | None:
    entity = index.entity_at(token.i)
    if entity is not None:
        return entity
    for child in token.children:
        if child.dep_ in {"compound", "appos"}:
            entity = index.entity_at(child.i)
            if entity is not None:
                return entity
    if token.lower_ in load_cue_words().speaker_pronouns and token.sent.start > 0:
        return previous_subject(token, index)
    return None


def _according_heads(doc: Doc) -> list[int]:
    """Token indices of the words an "according" hangs on (found once a document, by LOWER;
    a list, so that the Doc can still be serialised with its user data)."""
    heads = doc.user_data.get(_ACCORDING_HEADS)
    if heads is None:
        according = get_string_id("according")
        lowers = doc.to_array(LOWER).tolist() if len(doc) else []
        heads = [doc[i].head.i for i, lower in enumerate(lowers) if lower == according]
        doc.user_data[_ACCORDING_HEADS] = heads
    return heads


def _according_to(token: Token) -> Token | None:
    """The X of "according to X" attached to the trigger's clause."""
    heads = _according_heads(token.doc)
    if not heads:
        return None
    for node in [token, *token.ancestors]:
        if node.i not in heads:
            continue
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ == "according":
                for to in child.children:
                    for obj in to.children:
                        if obj.dep_ == "pobj":
                            return obj
    return None


def assess(
    trigger: Token,
    index: EntityIndex,
    *,
    cues: CueWords | None = None,
    quotes: list[Span] | None = None,
) -> Context:
    """Polarity, modality and speaker of the event a trigger names."""
    cues = cues or load_cue_words()
    quotes = quotation_spans(trigger.doc) if quotes is None else quotes
    chain = governing_chain(trigger, cues)
    reporter = _reporting_head(chain[-1], cues)
    polarity = Polarity.NEGATIVE if _is_negated(chain, cues) else Polarity.POSITIVE
    if _any_conditional(chain, cues):
        modality = Modality.HYPOTHETICAL
    else:
        modality = _modality(chain, cues, reporter)
    quote = _quote_of(trigger, quotes)
    speaker_token: Token | None = None
    if quote is not None:
        speaker_token = _quote_speaker(quote, cues)
    if speaker_token is None and reporter is not None:
        speaker_token = _speaker_token(reporter)
    if speaker_token is None:
        speaker_token = _according_to(trigger)
    speaker = _entity_of(speaker_token, index) if speaker_token is not None else None
    if (
        speaker is not None
        and quote is not None
        and speaker_token is not None
        and speaker_token.lower_ in cues.speaker_pronouns
        and any(index.entity_at(t.i) == speaker for t in quote)
    ):
        # "'I don't trust Putin,' he said": he is not the person the quote talks about
        speaker = previous_subject(speaker_token, index)
    return Context(polarity, modality, speaker, quoted=quote is not None)
