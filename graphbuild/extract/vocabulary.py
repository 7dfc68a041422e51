"""Every word list extraction reads, declared once and loaded from `ontology/` once per process.

A list is a field of a section record (one section per YAML file) that declares its key in the
file, its kind (lemmas, words, phrases, forms or a mapping) and what it is for. Loading checks each
file against its declaration (unknown, missing or mistyped keys, repeats, case, one word or
several) and fails with one line naming the file and the key; code reads typed frozensets.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

import yaml

from graphbuild.errors import InputError
from graphbuild.graph.ontology import family_of
from graphbuild.records import Family
from graphbuild.resources import ontology_file


class Kind(StrEnum):
    """What the entries of a list are, and so how they are checked and compared."""

    LEMMAS = "lemmas"  # one lower-case word each, compared with a token's lemma
    WORDS = "words"  # one lower-case word each, compared with a token's lower-case text
    PHRASES = "phrases"  # lower-case, one word or several separated by single spaces
    FORMS = "forms"  # as written, case kept ("Mr.", "Assembly", "Autonomous region")
    MAPPING = "mapping"  # lower-case lemma -> a relation of the ontology of the families declared
    COUNTS = "counts"  # lower-case word -> the whole number it names ("three": 3)


_ONE_WORD = frozenset({Kind.LEMMAS, Kind.WORDS})
_LOWER = frozenset({Kind.LEMMAS, Kind.WORDS, Kind.PHRASES, Kind.MAPPING, Kind.COUNTS})


def _declare(
    kind: Kind, purpose: str, key: str | None = None, families: tuple[Family, ...] = ()
) -> Any:
    """A section field: the list at `key` of the section's file (default: the field's name)."""
    return field(metadata={"kind": kind, "purpose": purpose, "key": key, "families": families})


@dataclass(frozen=True, slots=True)
class WordList:
    """The declaration of one word list: where it lives, what kind it is and what it is for."""

    section: str  # the Vocabulary field holding it ("cues")
    name: str  # its field in the section ("negation_words")
    file: str  # under ontology/ ("cue-words.yaml")
    key: str  # dotted key in the file ("negation.words")
    kind: Kind
    purpose: str
    families: tuple[Family, ...] = ()  # a mapping's relations are of these families


@dataclass(frozen=True, slots=True)
class CueWords:
    """Polarity, modality, attribution and event-argument cues (modality, relations)."""

    FILE: ClassVar[str] = "cue-words.yaml"

    negation_words: frozenset[str] = _declare(
        Kind.WORDS, "dependents that deny the event they attach to", "negation.words"
    )
    negation_correlatives: frozenset[str] = _declare(
        Kind.WORDS,
        "words on a subject that deny its clause (neither ... nor)",
        "negation.correlatives",
    )
    negation_governors: frozenset[str] = _declare(
        Kind.PHRASES, "verbs (with a particle) whose complement is denied", "negation.governors"
    )
    terminative_verbs: frozenset[str] = _declare(
        Kind.LEMMAS,
        "governors that presuppose the owned event they end (to end Russia's war)",
        "negation.terminative",
    )
    negation_governor_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "nouns whose complement is denied (a refusal to)", "negation.governor_nouns"
    )
    future_auxiliaries: frozenset[str] = _declare(
        Kind.WORDS, "auxiliaries of the future", "modality.future.auxiliaries"
    )
    future_governors: frozenset[str] = _declare(
        Kind.LEMMAS,
        "verbs whose complement is future (plans to visit)",
        "modality.future.governors",
    )
    future_time_marks: frozenset[str] = _declare(
        Kind.WORDS,
        "subordinators of a present-tense time clause about the future",
        "modality.future.time_marks",
    )
    hypothetical_auxiliaries: frozenset[str] = _declare(
        Kind.WORDS, "modal auxiliaries", "modality.hypothetical.auxiliaries"
    )
    hypothetical_governors: frozenset[str] = _declare(
        Kind.LEMMAS,
        "words whose complement is not asserted (wants to, reports that)",
        "modality.hypothetical.governors",
    )
    hedges: frozenset[str] = _declare(
        Kind.WORDS,
        "adverbs and adjectives that withhold assertion (reportedly)",
        "modality.hypothetical.hedges",
    )
    conditional_marks: frozenset[str] = _declare(
        Kind.WORDS,
        "subordinators of a conditional clause",
        "modality.hypothetical.conditional_marks",
    )
    interrogative_marks: frozenset[str] = _declare(
        Kind.WORDS,
        "subordinators of an embedded question (asked whether X ...): its content is asked",
        "modality.hypothetical.interrogative_marks",
    )
    conditional_content_verbs: frozenset[str] = _declare(
        Kind.LEMMAS,
        "events whose own if-clause is their content (threatened ... if)",
        "modality.hypothetical.conditional_content_verbs",
    )
    hypothetical_noun_modifiers: frozenset[str] = _declare(
        Kind.WORDS,
        "modifiers that make an event noun hypothetical (a possible summit)",
        "modality.hypothetical.noun_modifiers",
    )
    past_state_adverbs: frozenset[str] = _declare(
        Kind.WORDS,
        "adverbs that put a stance noun in the past (was once a supporter of X)",
        "modality.past.state_adverbs",
    )
    completive_verbs: frozenset[str] = _declare(
        Kind.LEMMAS,
        "governors that take an event noun as done (agreed a deal)",
        "modality.completive_verbs",
    )
    performative_verbs: frozenset[str] = _declare(
        Kind.LEMMAS,
        "acts a first-person wish to do performs (I would like to thank X)",
        "modality.performative.verbs",
    )
    performative_governors: frozenset[str] = _declare(
        Kind.LEMMAS,
        "wishes that perform such an act (would like to, want to)",
        "modality.performative.governors",
    )
    future_noun_modifiers: frozenset[str] = _declare(
        Kind.WORDS,
        "modifiers that put an event noun in the future (the planned summit)",
        "modality.future_noun_modifiers",
    )
    reporting_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs whose subject speaks their complement or an adjacent quote"
    )
    speaker_pronouns: frozenset[str] = _declare(
        Kind.WORDS, "pronouns a reporting verb's speaker may be, resolved to a person"
    )
    time_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions of a time adjunct whose event involves the subject (after)"
    )
    utterance_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "what someone writes or says, whose participle clause is the author's act"
    )
    as_naming_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs that name with as (described Putin as a war criminal)"
    )
    ability_auxiliaries: frozenset[str] = _declare(
        Kind.WORDS, "auxiliaries of ability (can, could)"
    )
    target_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "targets that stand for their owner state (Ukraine's cities)"
    )
    actor_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "agents that stand for their owner (Putin's armed forces)"
    )
    light_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs that pass their subject to an event noun object (held talks)"
    )
    agent_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions of a nominal event's agent (criticism by X)"
    )
    membership_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "nouns that name a member of a group (NATO members)"
    )
    fellow_words: frozenset[str] = _declare(
        Kind.LEMMAS, "modifiers that make a membership noun's owner a member too (fellow)"
    )
    constituent_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "membership nouns that also name a constituent of a polity"
    )
    membership_aspirations: frozenset[str] = _declare(
        Kind.LEMMAS, "words that make membership a goal (applied to join)"
    )
    membership_contests: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs whose object is a membership argued over (blocked its membership)"
    )
    person_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "nouns for a person: a name in apposition is a person's"
    )
    event_predicates: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs that say an event noun happens (the summit took place)"
    )
    naming_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs that also name things (called, dubbed)"
    )
    container_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "nouns that package an event noun (a wave of strikes)"
    )
    verbal_attack_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "attack verbs that are verbal between people (Trump attacked the BBC)"
    )
    figurative_targets: frozenset[str] = _declare(
        Kind.LEMMAS, "things one attacks only in words (attacking Canada's economy)"
    )
    motion_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs of travel whose for-phrase is the event (flew to Moscow for talks)"
    )
    relational_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "people related to someone, who never stand for them (Ukraine's allies)"
    )
    hostile_target_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "nouns that stand for their demonym's state only as hostile targets"
    )
    threat_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "threats whose infinitive names the target (threatened to impose ... on)"
    )
    appeal_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "appeals for someone to be punished (called for X to be banned)"
    )
    punitive_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "punishments in an appeal's passive infinitive"
    )
    punitive_predicates: frozenset[str] = _declare(
        Kind.WORDS, "predicates of a punitive passive hold (held accountable)"
    )
    punitive_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "punishments as nouns (demanded Putin's arrest)"
    )
    copulas: frozenset[str] = _declare(
        Kind.LEMMAS, "copulas whose adjective takes their subject and context"
    )
    group_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "definite nouns that refer back to the group just named (the alliance)"
    )
    pejorative_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "names that criticise whom a naming verb gives them to"
    )
    laudatory_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "names that praise whom a naming verb gives them to"
    )
    pejorative_adjectives: frozenset[str] = _declare(
        Kind.LEMMAS, "predicate adjectives a speaker criticises someone with (disrespectful)"
    )
    laudatory_adjectives: frozenset[str] = _declare(
        Kind.LEMMAS, "predicate adjectives a speaker praises someone with (brave)"
    )
    credit_adjectives: frozenset[str] = _declare(
        Kind.LEMMAS, "predicate adjectives whose denial criticises (not serious about peace)"
    )
    receiving_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs whose subject undergoes an event noun (faced criticism from X)"
    )
    targeting_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "participles that give an event noun its target (sanctions targeting X)"
    )
    posture_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs of posture that state an attitude unless placed (stand with)"
    )
    locative_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions that place a posture verb"
    )
    named_place_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions that place a posture verb only with a named object"
    )
    jurisdiction_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "acts of an authority whose place is the actor (banned in Russia)"
    )
    threat_target_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions of a threatened act's target (threatened tariffs on X)"
    )
    stance_prefix_relations: Mapping[str, str] = _declare(
        Kind.MAPPING,
        "prefixes whose modified actor stands on the name after them (a pro-Kyiv band)",
        families=(Family.SUPPORT, Family.OPPOSE),
    )


@dataclass(frozen=True, slots=True)
class EntityWords:
    """Words the entity resolver and the POST_IN patterns read (entities, posts, gazetteer)."""

    FILE: ClassVar[str] = "gazetteer/words.yaml"

    honorifics: frozenset[str] = _declare(
        Kind.FORMS, "titles and honorifics dropped from the front of a name"
    )
    name_titles: frozenset[str] = _declare(
        Kind.FORMS, "titles that introduce a name the NER misses (President Zelensky)"
    )
    given_name_honorifics: frozenset[str] = _declare(
        Kind.FORMS, "honorifics after which a given name is the person (Sir Keir)"
    )
    name_particles: frozenset[str] = _declare(
        Kind.WORDS, "lower-case particles inside a name the NER may cut it at (bin, ibn)"
    )
    state_actor_nouns: frozenset[str] = _declare(
        Kind.PHRASES, "heads that make a demonym or state name the actor (British forces)"
    )
    role_nouns: frozenset[str] = _declare(
        Kind.PHRASES, "nouns that name a person by role without a title (the Russian leader)"
    )
    role_determiners: frozenset[str] = _declare(
        Kind.WORDS, "determiners of a role noun that make it a mention (his counterpart)"
    )
    articles: frozenset[str] = _declare(Kind.WORDS, "articles dropped from the front of a name")
    state_anaphors: frozenset[str] = _declare(
        Kind.WORDS, "nouns that after the refer back to the state just named"
    )
    possessive_relatives: frozenset[str] = _declare(
        Kind.WORDS, "relatives whose state anaphor is the state named in the described phrase"
    )
    person_pronouns: frozenset[str] = _declare(Kind.WORDS, "subject pronouns resolved to a person")
    plural_pronouns: frozenset[str] = _declare(
        Kind.WORDS, "plural pronouns resolved to a group or a pair (they, their)"
    )
    first_person_pronouns: frozenset[str] = _declare(
        Kind.WORDS, "first-person pronouns: the speaker of a quote (I, my)"
    )
    first_person_plural_pronouns: frozenset[str] = _declare(
        Kind.WORDS, "first-person plural pronouns: the speaker's state or group (we, our)"
    )
    definite_determiners: frozenset[str] = _declare(
        Kind.WORDS, "determiners that make a group or pair noun refer back (the, these)"
    )
    pair_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "nouns that as the two ... name the last two people (the two leaders)"
    )
    state_pair_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "nouns that as both ... name the last two states (both countries)"
    )
    reciprocal_pronouns: frozenset[str] = _declare(
        Kind.PHRASES, "objects that stand for each subject toward the others (each other)"
    )
    distributive_determiners: frozenset[str] = _declare(
        Kind.WORDS, "determiners of a pair noun naming each of the pair (each side)"
    )
    object_pronouns: frozenset[str] = _declare(Kind.WORDS, "object pronouns of a person (him, her)")
    possessive_pronouns: frozenset[str] = _declare(
        Kind.WORDS, "possessive pronouns (his, her, its)"
    )
    group_counts: Mapping[str, int] = _declare(
        Kind.COUNTS, "numbers of people named last that the few leaders names (the three leaders)"
    )
    male_possessives: frozenset[str] = _declare(
        Kind.WORDS, "possessive pronouns of a man (his term as mayor)"
    )
    female_possessives: frozenset[str] = _declare(
        Kind.WORDS, "possessive pronouns of a woman (her term as mayor)"
    )
    name_prefixes: frozenset[str] = _declare(
        Kind.FORMS, "styles between a title and a name (Emir Sheikh X)"
    )
    male_words: frozenset[str] = _declare(Kind.FORMS, "pronouns and titles of a man")
    female_words: frozenset[str] = _declare(Kind.FORMS, "pronouns and titles of a woman")
    institution_words: frozenset[str] = _declare(
        Kind.FORMS, "last words that make a name an institution (National Assembly)"
    )
    office_determiners: frozenset[str] = _declare(
        Kind.WORDS, "determiners before an office title (the president, his minister)"
    )
    office_modifiers: frozenset[str] = _declare(
        Kind.WORDS, "words between a determiner and a title that keep the post (the former)"
    )
    office_place_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions of the place after a title (President of X, minister for X)"
    )
    office_complement_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions of a title's complement that is no place (president of a club)"
    )
    stance_prefixes: frozenset[str] = _declare(
        Kind.WORDS, "prefixes that make a state name an attitude (pro-Russian)"
    )
    state_form_words: frozenset[str] = _declare(
        Kind.WORDS, "a state's formal style before of (the State of Palestine)"
    )
    former_words: frozenset[str] = _declare(
        Kind.WORDS, "words that say a post or stance no longer holds (former, ex-)"
    )
    ended_preps: frozenset[str] = _declare(
        Kind.WORDS, "prepositions that date the end of a past post (until 2021)"
    )
    relative_subjects: frozenset[str] = _declare(
        Kind.WORDS, "relative pronouns whose clause is about the noun before (X, who served as)"
    )
    hold_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs whose subject holds the office in their complement (became)"
    )
    elect_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "hold verbs whose object holds the office (elected X president)"
    )
    succession_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs of succession in a post (X succeeded Y as president)"
    )
    tenure_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "a time in office whose possessor holds it (his tenure as premier)"
    )
    coalition_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "group nouns only a coalition answers to, however far back (the alliance)"
    )
    bloc_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "group nouns a coalition or an organisation answers to (the bloc)"
    )
    saying_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs whose of-phrase says whom a quotation is about (said of Putin)"
    )
    region_types: frozenset[str] = _declare(
        Kind.FORMS, "pycountry subdivision types that are a state's first-level regions"
    )


@dataclass(frozen=True, slots=True)
class PredicateWords:
    """Word lists of the predicate-argument layer (graphbuild.extract.predicates)."""

    FILE: ClassVar[str] = "predicates.yaml"

    event_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "nouns that name an event with parties (talks, summit)"
    )
    event_light_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs that lend their subject to an event noun (held talks)", "light_verbs"
    )
    distributive_words: frozenset[str] = _declare(
        Kind.WORDS, "words that make a plural argument distributive (separate calls)"
    )
    mediation_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs whose subject arranges an event between others (brokered)"
    )
    representative_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "people that stand for what they represent (the leaders of A and B)"
    )
    representative_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions of what a representative noun stands for (of, from)"
    )
    indefinite_articles: frozenset[str] = _declare(
        Kind.WORDS, "articles of an appositive description (X, a group set up by)"
    )
    relative_pronouns: frozenset[str] = _declare(Kind.WORDS, "relative pronouns")
    possessive_relative_pronouns: frozenset[str] = _declare(
        Kind.WORDS, "relative pronouns of an owner (X, whose allies): their noun is the owner"
    )
    example_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions whose examples stand in the argument (leaders including)"
    )
    comitative_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions of a comitative argument (with X)"
    )
    target_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions of a target argument (sanctions on X)"
    )
    recipient_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions of a recipient argument"
    )
    beneficiary_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions of a beneficiary argument (aid for X)"
    )


@dataclass(frozen=True, slots=True)
class RuleWords:
    """Words of the relation rules that read roles (graphbuild.extract.role_rules)."""

    FILE: ClassVar[str] = "role-rules.yaml"

    joint_verbs: Mapping[str, str] = _declare(
        Kind.MAPPING,
        "joint predicates of a coordinated subject (A and B met)",
        families=(Family.COOPERATE,),
    )
    meeting_nouns: Mapping[str, str] = _declare(
        Kind.MAPPING,
        "event nouns whose holder meets their with-party (talks with X)",
        families=(Family.COOPERATE,),
    )
    agreement_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "what two parties agree together (a truce)"
    )
    agreement_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "joint verbs that need an agreement noun (agreed a truce)"
    )
    chairing_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "running an event: co-chairs cooperate, the host meets the guests"
    )
    convening_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "convening or founding a group leads it"
    )
    led_group_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "groups one convenes and so leads (a coalition convened by)", "group_nouns"
    )
    message_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "messages whose author took part in the adjunct event (comments after)"
    )
    adjunct_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions of an adjunct event (after talks with X)"
    )
    topic_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions that make an agreement noun a topic (talks on a truce)"
    )
    leader_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "nouns naming who leads the group that owns them (the party's leader)"
    )
    charge_nouns: Mapping[str, str] = _declare(
        Kind.MAPPING,
        "charges whose rejection opposes their maker (rejected X's allegations)",
        families=(Family.OPPOSE,),
    )
    rebuttal_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs of rejecting a charge (denied X's accusations)"
    )
    wrongdoing_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs of wrongdoing whose sayer accuses the doer (said X violated)"
    )
    wrongdoing_acts: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs of wrongdoing whatever their object (obstructed, ripped off)"
    )
    wrongdoing_objects: frozenset[str] = _declare(
        Kind.LEMMAS, "what one violates (a truce, the law)"
    )
    report_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs whose subject asserts their clause (claimed that)"
    )
    threat_words: frozenset[str] = _declare(
        Kind.LEMMAS, "threats with an infinitive that names the target (threatened to annex X)"
    )
    stance_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "measures an anti-X prefix turns into opposition (anti-Russian sanctions)"
    )
    stance_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs whose subject owns such a measure (imposed anti-X sanctions)"
    )
    reduce_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "reducing relations (suspended intelligence sharing with X)"
    )
    cooperation_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "what one suspends with someone (aid, talks, ties)"
    )
    partner_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions of a suspended relation's partner (aid to X, sharing with X)"
    )
    greeting_nouns: Mapping[str, str] = _declare(
        Kind.MAPPING, "verbless praise (Congratulations to X!)", families=(Family.SUPPORT,)
    )
    uttering_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs that lend their subject to a greeting or threat (sent congratulations)"
    )
    proposing_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "proposals whose rejection opposes the proposer (proposed an inquiry)"
    )
    penalty_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "what one threatens (threatening new sanctions)"
    )
    demand_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "demands a threat backs (called on X to ..., threatening)"
    )
    provoking_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "acts that provoke a charge (X did Y, prompting criticism from Z)"
    )
    attendance_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs whose subject attends a group's meeting (took part in its summit)"
    )
    attendance_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions those verbs take the meeting by (at, into, after)"
    )
    member_titles: frozenset[str] = _declare(
        Kind.LEMMAS, "offices held as a party's member (Liberal MP X, a Democratic senator)"
    )
    participation_words: frozenset[str] = _declare(
        Kind.LEMMAS, "taking part in a meeting (engaged in dialogue with X, took part in talks)"
    )
    arrival_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "arriving in a capital visits it (arrived in Kyiv, landed in Riyadh)"
    )
    arrival_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions of the capital arrived in (in, at)"
    )
    exchange_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs of a mutual act (A and B exchanged strikes: each attacked the other)"
    )
    exchange_nouns: Mapping[str, str] = _declare(
        Kind.MAPPING,
        "what is exchanged, and the act each does to the other (strikes: attacks)",
        families=(Family.OPPOSE, Family.ATTACK),
    )
    manner_nouns: Mapping[str, str] = _declare(
        Kind.MAPPING,
        "attitude as the manner of an act (turned to X with praise)",
        families=(Family.SUPPORT, Family.OPPOSE),
    )
    pressure_nouns: Mapping[str, str] = _declare(
        Kind.MAPPING,
        "pressure as a cause (pressure from X kept Y away)",
        families=(Family.OPPOSE,),
    )
    causative_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "what such pressure does to its object (prevent, force)"
    )
    blocking_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "blocking a body's decision opposes the body (vetoed the EU's package)"
    )
    measure_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "what a body decides and another blocks (package, plan)"
    )
    signing_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "signing a text with others: its signers cooperate (signed by A, B and C)"
    )
    participation_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "taking part named by a noun (the summit saw the participation of X)"
    )
    gathering_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "an event's verbs whose object is who took part (brought together A and B)"
    )
    witness_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "an event's verbs of taking part as a noun (saw the participation of X)"
    )
    attending_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs whose subject attends their object event (A attended the talks)"
    )
    escort_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "going along with someone (A accompanied X, X was flanked by A)"
    )
    mediation_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "a mediator's part as a noun (under the mediation of M, M's auspices)"
    )
    mediation_prepositions: frozenset[str] = _declare(
        Kind.WORDS, "prepositions a joint act takes such a noun by (under, with, through)"
    )
    listing_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs whose object lists who their subject names (those ... included A, B)"
    )
    # group rules (graphbuild.extract.rules.groups): membership and leadership of groups
    capacity_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "in its capacity as chair: the verb's agent holds the office"
    )
    appointing_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs whose patient gets the office after 'as' (elected X as chair)"
    )
    construal_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs whose 'as' phrase is a view, not a fact (treated X as its leader)"
    )
    effort_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "efforts one leads toward an end (led efforts to set up the coalition)"
    )
    leading_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs of leading an effort (led, spearheaded the push)"
    )
    founding_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "verbs of founding a group (efforts to establish the coalition)"
    )
    founding_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "nouns of founding a group (the push for the coalition's creation)"
    )
    governing_nouns: frozenset[str] = _declare(
        Kind.LEMMAS, "a party's hold on power (won a Liberal government, a Labour majority)"
    )
    governing_verbs: frozenset[str] = _declare(
        Kind.LEMMAS, "winning or leading a party's government makes one its member"
    )


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Every word list, by section (one section per file under `ontology/`)."""

    cues: CueWords
    entities: EntityWords
    predicates: PredicateWords
    roles: RuleWords


Section = TypeVar("Section", CueWords, EntityWords, PredicateWords, RuleWords)
SECTIONS: dict[str, type[CueWords] | type[EntityWords] | type[PredicateWords] | type[RuleWords]] = {
    "cues": CueWords,
    "entities": EntityWords,
    "predicates": PredicateWords,
    "roles": RuleWords,
}


def declared_lists() -> tuple[WordList, ...]:
    """The declaration of every word list, section by section, in field order."""
    return tuple(
        WordList(
            section=name,
            name=f.name,
            file=cls.FILE,
            key=f.metadata["key"] or f.name,
            kind=f.metadata["kind"],
            purpose=f.metadata["purpose"],
            families=f.metadata["families"],
        )
        for name, cls in SECTIONS.items()
        for f in fields(cls)
    )


def vocabulary_files() -> tuple[Path, ...]:
    """The files the vocabulary is read from (all under `ontology/`)."""
    return tuple(ontology_file(cls.FILE) for cls in SECTIONS.values())


# ---- parsing -------------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """Safe YAML that refuses a key given twice in one mapping (PyYAML keeps the last)."""


def _unique_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[object] = set()
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key = loader.construct_scalar(key_node)
            if key in seen:
                line = key_node.start_mark.line + 1
                raise InputError(f"line {line}: key {key!r} is given twice")
            seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def _flatten(
    data: Mapping[Any, Any], declared: frozenset[str], prefix: str = ""
) -> Iterator[tuple[str, Any]]:
    """(dotted key, value) of every list in `data`; a mapping is descended into when a declared
    key lies below it. Keys that are neither declared nor above a declared key come out as they
    are, for the caller to reject."""
    for key, value in data.items():
        path = f"{prefix}{key}"
        if (
            path not in declared
            and isinstance(value, dict)
            and any(d.startswith(f"{path}.") for d in declared)
        ):
            yield from _flatten(value, declared, f"{path}.")
        else:
            yield path, value


def _entries(value: Any, kind: Kind, where: str) -> frozenset[str]:
    if not isinstance(value, list):
        raise InputError(f"{where}: expected a list of {kind}, not {type(value).__name__}")
    seen: set[str] = set()
    for item in value:
        if isinstance(item, bool):
            raise InputError(f'{where}: {item!r} is YAML\'s boolean: quote it ("no", "on")')
        if not isinstance(item, str):
            raise InputError(f"{where}: {item!r} is not a word (quote it)")
        _check_word(item, kind, where)
        if item in seen:
            raise InputError(f"{where}: {item!r} is listed twice")
        seen.add(item)
    return frozenset(seen)


def _check_word(item: str, kind: Kind, where: str) -> None:
    if not item.strip():
        raise InputError(f"{where}: an empty entry")
    if item != " ".join(item.split()):
        raise InputError(f"{where}: {item!r} has stray spaces")
    if kind in _LOWER and item != item.lower():
        raise InputError(f"{where}: {item!r} must be lower case ({kind} are compared so)")
    if kind in _ONE_WORD and " " in item:
        raise InputError(f"{where}: {item!r} is not one word (declare the list as phrases)")


def _mapping(value: Any, families: tuple[Family, ...], where: str) -> Mapping[str, str]:
    if not isinstance(value, dict) or not value:
        raise InputError(f"{where}: expected a mapping of lemmas to relations")
    table: dict[str, str] = {}
    for word, relation in value.items():
        if not isinstance(word, str):
            raise InputError(f"{where}: {word!r} is not a word (quote it)")
        _check_word(word, Kind.LEMMAS, where)
        try:
            ok = isinstance(relation, str) and family_of(relation) in families
        except KeyError:
            ok = False
        if not ok:
            wanted = " or ".join(str(f) for f in families)
            raise InputError(f"{where}: {word!r} -> {relation!r} is not a {wanted} relation")
        table[word] = relation
    return MappingProxyType(table)


def _counts(value: Any, where: str) -> Mapping[str, int]:
    if not isinstance(value, dict) or not value:
        raise InputError(f"{where}: expected a mapping of words to whole numbers")
    table: dict[str, int] = {}
    for word, count in value.items():
        if not isinstance(word, str):
            raise InputError(f"{where}: {word!r} is not a word (quote it)")
        _check_word(word, Kind.WORDS, where)
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise InputError(f"{where}: {word!r} -> {count!r} is not a whole number")
        table[word] = count
    return MappingProxyType(table)


def parse_section(section: type[Section], data: object, source: str) -> Section:
    """A section record from a parsed YAML document; InputError names the source and the key."""
    if not isinstance(data, dict):
        raise InputError(f"{source}: expected a mapping of word lists")
    by_key = {f.metadata["key"] or f.name: f for f in fields(section)}
    declared = frozenset(by_key)
    found = dict(_flatten(data, declared))
    unknown = [k for k in found if k not in declared]
    if unknown:
        raise InputError(f"{source}: {unknown[0]}: not a declared word list (see vocabulary.py)")
    missing = [k for k in by_key if k not in found]
    if missing:
        raise InputError(f"{source}: {missing[0]}: missing (every declared list must be given)")
    values: dict[str, Any] = {}
    for key, f in by_key.items():
        kind = f.metadata["kind"]
        where = f"{source}: {key}"
        if kind is Kind.MAPPING:
            values[f.name] = _mapping(found[key], f.metadata["families"], where)
        elif kind is Kind.COUNTS:
            values[f.name] = _counts(found[key], where)
        else:
            values[f.name] = _entries(found[key], kind, where)
    return section(**values)


@functools.lru_cache(maxsize=16)
def read_section(section: type[Section], path: Path) -> Section:
    """A section read from `path` and checked, once per process and path."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read the word lists: {str(exc).splitlines()[0]}") from exc
    return parse_section(section, data, str(path))


@functools.cache
def load_vocabulary() -> Vocabulary:
    """Every word list from `ontology/`, read and checked once per process (a --jobs or Dask
    worker reads it once, on its first document)."""
    return Vocabulary(
        cues=read_section(CueWords, ontology_file(CueWords.FILE)),
        entities=read_section(EntityWords, ontology_file(EntityWords.FILE)),
        predicates=read_section(PredicateWords, ontology_file(PredicateWords.FILE)),
        roles=read_section(RuleWords, ontology_file(RuleWords.FILE)),
    )
