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

# (text, word, which occurrence): no antecedent fits, so the oracle names nobody
MUST_NOT: list[tuple[str, str, int]] = [
    ("Officials said they would not comment on the talks.", "they", 0),
    ("The Wagner group fought in Mali.", "group", 0),  # a name, not a group noun standing in
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
