"""The coreference oracle: who a pronoun, group noun, pair or proxy names, on sentences of our own."""

from __future__ import annotations

import pytest
from spacy.language import Language

from graphbuild.extract.coref import Coref, KeySpan, counterpart, role_holder, state_anaphors
from graphbuild.extract.entities import resolve_entities
from graphbuild.extract.gazetteer import load_gazetteer
from graphbuild.extract.lexicon import load_lexicon
from graphbuild.extract.modality import assess, load_cue_words
from graphbuild.records import Document, EntityKind


def _named(nlp: Language, text: str, word: str, nth: int = 0) -> set[str]:
    """Labels of the entities the `nth` token spelled `word` names, as a relation rule asks."""
    document = Document(id="coref-doc", text=text)
    doc = nlp(text)
    gazetteer = load_gazetteer()
    index = resolve_entities(doc, document, gazetteer)
    coref = Coref(doc, document, index, load_lexicon(), load_cue_words(), gazetteer)
    token = [t for t in doc if t.text == word][nth]
    found = coref.args([token], assess(token, index), target=False, it_subject=True)
    return {arg.entity.label for arg in found}


# (text, word, which occurrence, labels it must name)
MUST: list[tuple[str, str, int, set[str]]] = [
    (
        "Keir Starmer and John Swinney met in Edinburgh. They called for a ceasefire in Gaza.",
        "They",
        0,
        {"Keir Starmer", "John Swinney"},
    ),
    (
        "Donald Trump greeted Vladimir Putin in Alaska, where the two leaders held talks.",
        "leaders",
        0,
        {"Donald Trump", "Vladimir Putin"},
    ),
    (
        "Poland and Germany signed a treaty on Monday. Both countries pledged to defend the border.",
        "countries",
        0,
        {"Poland", "Germany"},
    ),
    (
        "South Sudan became independent in 2011. It is a member of the African Union.",
        "It",
        0,
        {"South Sudan"},
    ),
    (
        "The African Union suspended Niger after the coup. The group said the junta must go.",
        "group",
        0,
        {"African Union"},
    ),
    (
        '"We will support Ukraine for as long as it takes," Keir Starmer said.',
        "We",
        0,
        {"United Kingdom"},
    ),
    ("Russian forces attacked Kharkiv overnight.", "forces", 0, {"Russia"}),
    (
        "Emmanuel Macron said his meeting with Donald Trump went well.",
        "his",
        0,
        {"Emmanuel Macron"},
    ),
]

# Plural "they", "both countries", group nouns and quotes about someone (issue 12 deliver 3)
MUST += [
    # "both countries": the pair of states named together, when the sentence has no two
    (
        "India and Pakistan agreed to a ceasefire after talks mediated by the United States. The"
        " announcement was made by US President Donald Trump, who lauded both countries.",
        "countries",
        0,
        {"India", "Pakistan"},
    ),
    # "the coalition", "the alliance", "the bloc": the last coalition named, even sentences back
    (
        "Keir Starmer and Emmanuel Macron will host a meeting of the coalition of the willing"
        " next week. The two leaders will dial into a call on Thursday. Britain and France have"
        " led efforts to establish the coalition, a peacekeeping force.",
        "coalition",
        1,
        {"coalition of the willing"},
    ),
    ("Finland joined NATO in 2023, and the alliance has grown since.", "alliance", 0, {"NATO"}),
    (
        "NATO and the European Union met in Brussels. The alliance said it was ready.",
        "alliance",
        0,
        {"NATO"},
    ),
    (
        "The European Union adopted new sanctions on Russia. Diplomats said the bloc would"
        " meet again in June.",
        "bloc",
        0,
        {"European Union"},
    ),
    # "the three leaders": the last three people named, never the clause's own subject
    (
        "Donald Trump met Ahmed al-Sharaa in Riyadh. The meeting was joined by Recep Tayyip"
        " Erdogan. Mohammed bin Salman applauded the decision. Al-Sharaa thanked the three"
        " leaders.",
        "leaders",
        0,
        {"Donald Trump", "Recep Tayyip Erdoğan", "Mohammed bin Salman"},
    ),
    (
        "Keir Starmer, Emmanuel Macron and Friedrich Merz arrived in Kyiv. The three leaders met"
        " Volodymyr Zelensky.",
        "leaders",
        0,
        {"Keir Starmer", "Emmanuel Macron", "Friedrich Merz"},
    ),
    (
        "Donald Trump met Vladimir Putin in Alaska. Both leaders praised the talks.",
        "leaders",
        0,
        {"Donald Trump", "Vladimir Putin"},
    ),
    # a subject "they" goes on with the sentence before's subject "they", not the group that
    # sentence names in passing
    (
        "Pedro Sánchez and Olaf Scholz flew to Warsaw. On landing, they were greeted by Andrzej"
        " Duda and Donald Tusk. In the evening, they joined a call with Volodymyr Zelensky.",
        "they",
        1,
        {"Pedro Sánchez", "Olaf Scholz"},
    ),
    (
        "Kenya and Uganda agreed a truce on Monday. UK Prime Minister Keir Starmer and the Japanese"
        " leadership were also in close contact with both countries.",
        "countries",
        0,
        {"Kenya", "Uganda"},
    ),
    # a state's or body's "we" is itself
    ('"We strongly condemn the attacks," the European Union said.', "We", 0, {"European Union"}),
    # a he in a quotation said of someone is that someone, not the speaker
    (
        '"He killed our people, and he did not exchange prisoners," Volodymyr Zelensky said of'
        " Vladimir Putin.",
        "He",
        0,
        {"Vladimir Putin"},
    ),
]

# (text, word, which occurrence): no antecedent fits, so the oracle names nobody
MUST_NOT: list[tuple[str, str, int]] = [
    ("Officials said they would not comment on the talks.", "they", 0),
    ("The Wagner group fought in Mali.", "group", 0),  # a name, not a group noun standing in
    # fewer people named than the number says
    ("Keir Starmer met Emmanuel Macron. Al-Sharaa thanked the three leaders.", "leaders", 0),
    # a "we" with no speaker known
    ('"We will win," said a spokesman.', "We", 0),
    # two coalitions named in the nearest sentence that names any: which one is not known
    ("NATO and AUKUS leaders met in Madrid. The alliance said it was ready.", "alliance", 0),
]

# (text, word, which occurrence, labels it must not name)
MUST_NOT_NAME: list[tuple[str, str, int, set[str]]] = [
    # an object "them" keeps to the nearest group, not the subject group before
    (
        "Emmanuel Macron and Friedrich Merz met Donald Trump and Vladimir Putin. Volodymyr"
        " Zelensky thanked them.",
        "them",
        0,
        {"Emmanuel Macron", "Friedrich Merz"},
    ),
    # a list of three is no pair: "both countries" is not two of its members picked out
    (
        "Russia, Ukraine and Belarus sent delegations. Later, Donald Trump, who met Poland's"
        " president, praised both countries.",
        "countries",
        0,
        {"Russia"},
    ),
    # an alliance is a coalition, never the organisation named last
    (
        "NATO leaders met on Monday. The African Union met in Addis Ababa on Tuesday. The"
        " alliance said it was ready.",
        "alliance",
        0,
        {"African Union"},
    ),
    # "the coalition" with its own name in apposition is that name, not the last one named
    (
        "NATO leaders met on Monday. The coalition, the Joint Expeditionary Force, held drills"
        " in Norway.",
        "coalition",
        0,
        {"NATO"},
    ),
    # an object "they" chain is no subject chain; a subject "they" after a named subject in its
    # own sentence is not chained either
    (
        "Pedro Sánchez and Olaf Scholz flew to Warsaw. On landing, they were greeted by Andrzej"
        " Duda and Donald Tusk. In the evening, they joined a call with Volodymyr Zelensky.",
        "they",
        1,
        {"Andrzej Duda", "Donald Tusk"},
    ),
    # "both countries" after a subject that names two states is not that subject's states
    (
        "Kenya and Uganda agreed a truce on Monday. UK Prime Minister Keir Starmer and the Japanese"
        " leadership were also in close contact with both countries.",
        "countries",
        0,
        {"United Kingdom", "Japan"},
    ),
    # the one said of must fit the pronoun's gender
    ('"She lied to us," Volodymyr Zelensky said of Vladimir Putin.', "She", 0, {"Vladimir Putin"}),
]


@pytest.mark.parametrize(("text", "word", "nth", "expected"), MUST)
def test_names_the_one_antecedent_that_fits(
    nlp: Language, text: str, word: str, nth: int, expected: set[str]
) -> None:
    assert _named(nlp, text, word, nth) == expected


@pytest.mark.parametrize(("text", "word", "nth"), MUST_NOT)
def test_names_nobody_when_no_antecedent_fits(
    nlp: Language, text: str, word: str, nth: int
) -> None:
    assert _named(nlp, text, word, nth) == set()


@pytest.mark.parametrize(("text", "word", "nth", "wrong"), MUST_NOT_NAME)
def test_never_names_the_wrong_antecedent(
    nlp: Language, text: str, word: str, nth: int, wrong: set[str]
) -> None:
    assert not _named(nlp, text, word, nth) & wrong


# ---- role mentions and "the country": pure answers over the posts a document gives ------------

POSTS = {
    "person/keir-starmer": {("Prime Minister", "state/GBR")},
    "person/emmanuel-macron": {("President", "state/FRA")},
    "person/john-healey": {("Defence Secretary", "state/GBR")},
    "person/david-mcguinty": {("Defence Minister", "state/CAN")},
    "person/melanie-joly": {("Foreign Minister", "state/CAN")},
}
NAMED = frozenset(POSTS)


@pytest.mark.parametrize(
    ("office", "place", "expected"),
    [
        ("Prime Minister", None, "person/keir-starmer"),  # "the prime minister"
        (None, "state/FRA", "person/emmanuel-macron"),  # "the French leader": a head of France
        (None, None, None),  # "the leader": two heads named, which one is not known
        ("Prime Minister", "state/FRA", None),  # "the French prime minister": nobody named
        ("Chancellor", None, None),
    ],
)
def test_role_holder_is_the_one_person_named_with_the_post(
    office: str | None, place: str | None, expected: str | None
) -> None:
    assert role_holder(POSTS, NAMED, office, place, load_gazetteer()) == expected


def test_role_holder_needs_the_holder_named_in_the_document() -> None:
    named = NAMED - {"person/keir-starmer"}
    assert role_holder(POSTS, named, "Prime Minister", None, load_gazetteer()) is None


def test_counterpart_holds_the_same_portfolio_in_the_place_named() -> None:
    gazetteer = load_gazetteer()
    # "Defence Secretary John Healey met his Canadian counterpart": Canada's defence minister
    assert (
        counterpart(POSTS, NAMED, {"Defence Secretary"}, "state/CAN", gazetteer)
        == "person/david-mcguinty"
    )
    # never the holder of another portfolio, even in the same place
    assert counterpart(POSTS, NAMED, {"Foreign Secretary"}, "state/GBR", gazetteer) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Poland hosted the summit. The country wants more troops.", "state/POL"),
        ("Germany said the country would spend more on defence.", "state/DEU"),
        # two states in the sentence before: which one is not known
        ("Poland and Germany met. The country wants more troops.", None),
        # "whose country": the state named in the phrase the relative clause describes
        ("Latvian Prime Minister Evika Silina, whose country joined NATO, spoke.", "state/LVA"),
        ("Duda met Latvia's leader Evika Silina, whose country borders Russia.", "state/LVA"),
        # the phrase names no state: not the one named elsewhere in the sentence
        ("Poland hosted Evika Silina, whose country borders Russia.", None),
    ],
)
def test_state_anaphor_is_the_one_state_just_named(
    nlp: Language, text: str, expected: str | None
) -> None:
    document = Document(id="coref-doc", text=text)
    doc = nlp(text)
    index = resolve_entities(doc, document, load_gazetteer())
    country = next(t for t in doc if t.lower_ == "country")
    assert (index.entity_at(country.i).key if index.entity_at(country.i) else None) == expected
    states = [
        KeySpan(*index.mention_tokens(m), m.entity_key)
        for m in index.mentions
        if m.kind is EntityKind.STATE and m.method != "anaphor"
    ]
    found = dict(state_anaphors(doc, states, set(), load_gazetteer()))
    assert found.get(country.i) == expected
