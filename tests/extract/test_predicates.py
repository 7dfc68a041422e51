"""The predicate-argument layer: roles after passive, reduced relatives, coordination, control,
relative clauses, appositions, possessives and compounds (sentences in our own words)."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from graphbuild.extract.predicates import (
    Predicate,
    Role,
    frame,
    predicate_words,
    predicates,
)

A, P, R, C, B, T = (
    Role.AGENT,
    Role.PATIENT,
    Role.RECIPIENT,
    Role.COMITATIVE,
    Role.BETWEEN,
    Role.TARGET,
)


def _frame(nlp: Language, text: str, word: str) -> tuple[Predicate, dict[Role, set[str]]]:
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    predicate = frame(token)
    assert predicate is not None, f"{word!r} is not a predicate in {text!r}"
    roles: dict[Role, set[str]] = {}
    for argument in predicate.arguments:
        roles.setdefault(argument.role, set()).add(doc[argument.token].text)
    return predicate, roles


# (sentence, predicate word, role -> words that must fill it, role -> words that must not)
FRAMES: list[tuple[str, str, dict[Role, set[str]], dict[Role, set[str]]]] = [
    # active and passive, "by" agents
    ("Ruritania shelled Freedonia overnight.", "shelled", {A: {"Ruritania"}, P: {"Freedonia"}}, {}),
    (
        "Freedonia was shelled by Ruritania overnight.",
        "shelled",
        {A: {"Ruritania"}, P: {"Freedonia"}},
        {A: {"Freedonia"}},
    ),
    # reduced relatives: the noun a participle describes is its patient
    ("The truce brokered by Norway held.", "brokered", {A: {"Norway"}, P: {"truce"}}, {}),
    ("Talks mediated by Oman resumed.", "mediated", {A: {"Oman"}, P: {"Talks"}}, {}),
    # coordination on both sides
    (
        "Ruritania and Freedonia signed a pact.",
        "signed",
        {A: {"Ruritania", "Freedonia"}, P: {"pact"}},
        {},
    ),
    (
        "Macron met Starmer and Merz in Paris.",
        "met",
        {A: {"Macron"}, P: {"Starmer", "Merz"}},
        {A: {"Starmer"}},
    ),
    # control: the controller is the agent of the complement
    ("Putin and Trump agreed to meet in Alaska.", "meet", {A: {"Putin", "Trump"}}, {}),
    (
        "Merz pressed Putin to meet Zelensky.",
        "meet",
        {A: {"Putin"}, P: {"Zelensky"}},
        {A: {"Merz"}},
    ),
    # a coordinated verb shares its subject
    ("Macron flew to Kyiv and met Zelensky.", "met", {A: {"Macron"}, P: {"Zelensky"}}, {}),
    # relative clauses
    ("Tusk, who met Macron on Friday, spoke.", "met", {A: {"Tusk"}, P: {"Macron"}}, {}),
    ("The pact that Ruritania signed collapsed.", "signed", {A: {"Ruritania"}, P: {"pact"}}, {}),
    # event nouns: possessive, compound pair, "with", "between", light verbs
    ("Trump's meeting with Putin ended early.", "meeting", {A: {"Trump"}, C: {"Putin"}}, {}),
    ("The Trump-Putin summit ended early.", "summit", {A: {"Trump", "Putin"}}, {}),
    ("A truce between Ruritania and Freedonia held.", "truce", {B: {"Ruritania", "Freedonia"}}, {}),
    ("Erdogan held talks with Sisi in Cairo.", "talks", {A: {"Erdogan"}, C: {"Sisi"}}, {}),
    (
        "The summit, co-chaired by Macron and Starmer, ended.",
        "summit",
        {A: {"Macron", "Starmer"}},
        {},
    ),
    # a mediator is not a party to what it brokers
    (
        "Qatar brokered a deal between Israel and Hamas.",
        "deal",
        {B: {"Israel", "Hamas"}},
        {A: {"Qatar"}},
    ),
    # appositions and examples stand in the argument
    (
        "Starmer met the two leaders, Macron and Merz.",
        "met",
        {P: {"leaders", "Macron", "Merz"}},
        {},
    ),
    (
        "He joined a call with leaders including Meloni and Carney.",
        "call",
        {C: {"leaders", "Meloni", "Carney"}},
        {},
    ),
    # representatives stand for what they represent
    (
        "Trump and the leaders of Egypt and Qatar signed it.",
        "signed",
        {A: {"Trump", "Egypt", "Qatar"}},
        {A: {"leaders"}},
    ),
    # recipients and targets; dates are never arguments
    ("Britain sent tanks to Ukraine on Monday.", "sent", {R: {"Ukraine"}}, {T: {"Monday"}}),
    ("Brussels imposed sanctions on Moscow.", "imposed", {A: {"Brussels"}}, {}),
    # a description after a comma stands for the noun before it
    (
        "The coalition, a group convened by Britain and France, met.",
        "convened",
        {A: {"Britain", "France"}, P: {"group", "coalition"}},
        {},
    ),
]


@pytest.mark.parametrize(
    ("text", "word", "must", "must_not"), FRAMES, ids=[f[0][:40] for f in FRAMES]
)
def test_frames(
    nlp: Language,
    text: str,
    word: str,
    must: dict[Role, set[str]],
    must_not: dict[Role, set[str]],
) -> None:
    _, roles = _frame(nlp, text, word)
    for role, words in must.items():
        assert words <= roles.get(role, set()), f"{role}: want {words}, got {roles}"
    for role, words in must_not.items():
        assert not words & roles.get(role, set()), f"{role}: unexpected {words}, got {roles}"


def test_passive_is_normalised(nlp: Language) -> None:
    predicate, _ = _frame(nlp, "Freedonia was invaded by Ruritania.", "invaded")
    assert predicate.passive and predicate.kind == "verb"


def test_coordinated_arguments_share_a_group(nlp: Language) -> None:
    predicate, _ = _frame(nlp, "Ruritania and Freedonia signed a pact.", "signed")
    assert [len(g) for g in predicate.groups(Role.AGENT).values()] == [2]


def test_separate_calls_are_distributive(nlp: Language) -> None:
    predicate, roles = _frame(nlp, "Starmer held separate calls with Merz and Tusk.", "calls")
    assert predicate.distributive and predicate.kind == "light"
    assert roles[C] == {"Merz", "Tusk"}


def test_light_verb_lends_its_subject(nlp: Language) -> None:
    predicate, roles = _frame(nlp, "Erdogan held talks with Sisi.", "talks")
    assert predicate.light is not None and roles[A] == {"Erdogan"}


def test_every_predicate_is_listed_in_text_order(nlp: Language) -> None:
    doc = nlp("Macron met Starmer, and the two leaders held talks with Merz.")
    found = predicates(doc)
    assert [doc[p.head].text for p in found] == ["met", "held", "talks"]
    assert all(isinstance(hash(p), int) for p in found)  # frozen records


def test_non_predicates_have_no_frame(nlp: Language) -> None:
    doc = nlp("The old house stood empty.")
    assert frame(doc[2]) is None  # "house" is no event noun


def test_the_layer_reads_its_words() -> None:
    vocabulary = predicate_words()  # the file's checks are in test_vocabulary
    assert "talks" in vocabulary.event_nouns and "broker" in vocabulary.mediation_verbs
    assert "on" in vocabulary.target_prepositions  # YAML would read a bare on as true


def _parsed(nlp: Language, words: list[str], heads: list[int], deps: list[str]) -> Doc:
    """A parse given by hand: the small model's rarer attachments, reproduced exactly."""
    pos = ["VERB" if d == "ROOT" else "CCONJ" if d == "cc" else "PROPN" for d in deps]
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)


def test_nested_appositions_are_arguments(nlp: Language) -> None:
    """ "Thai acting Prime Minister A and Cambodian Prime Minister B met" parsed as Thai <- appos
    Minister <- appos A + conj B: both people are the verb's agents."""
    words = [
        "Thai",
        "Premier",
        "Somchai",
        "Wong",
        "and",
        "Lao",
        "Premier",
        "Sonexay",
        "Siphandone",
        "met",
    ]
    heads = [9, 0, 3, 1, 3, 8, 8, 8, 3, 9]
    deps = ["nsubj", "appos", "compound", "appos", "cc", "amod", "compound", "compound", "conj"]
    doc = _parsed(nlp, words, heads, [*deps, "ROOT"])
    predicate = frame(doc[9])
    assert predicate is not None
    assert {"Wong", "Siphandone"} <= {doc[i].text for i in predicate.tokens(A)}


def test_a_name_modifier_hung_as_apposition_is_not_an_argument(nlp: Language) -> None:
    """ "A, Chancellor B, UK Premier C and D arrived" with "UK" hung on B as an apposition: "UK"
    modifies C (the next word is its compound), it is no one's apposition."""
    words = ["Macron", ",", "Merz", ",", "UK", "Premier", "Starmer", "and", "Tusk", "arrived"]
    heads = [9, 0, 0, 2, 2, 6, 2, 2, 2, 9]
    deps = ["nsubj", "punct", "appos", "punct", "appos", "compound", "conj", "cc", "conj"]
    doc = _parsed(nlp, words, heads, [*deps, "ROOT"])
    predicate = frame(doc[9])
    assert predicate is not None
    agents = {doc[i].text for i in predicate.tokens(A)}
    assert {"Macron", "Merz", "Starmer", "Tusk"} <= agents and "UK" not in agents
