"""The coreference oracle: who a pronoun, group noun, pair or proxy names, on sentences of our own."""

from __future__ import annotations

import pytest
from spacy.language import Language

from graphbuild.extract.coref import Coref
from graphbuild.extract.entities import resolve_entities
from graphbuild.extract.gazetteer import load_gazetteer
from graphbuild.extract.lexicon import load_lexicon
from graphbuild.extract.modality import assess, load_cue_words
from graphbuild.records import Document


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
