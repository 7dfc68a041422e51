"""Polarity, modality and attribution of event triggers on realistic sentences."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Token

from graphbuild.extract.entities import EntityIndex, resolve_entities
from graphbuild.extract.gazetteer import load_gazetteer
from graphbuild.extract.modality import (
    assess,
    governing_chain,
    load_cue_words,
    quotation_spans,
)
from graphbuild.records import Document, Modality, Polarity


def _parse(nlp: Language, text: str) -> tuple[Doc, EntityIndex]:
    doc = nlp(text)
    return doc, resolve_entities(doc, Document(id="t", text=text), load_gazetteer())


def _token(doc: Doc, word: str) -> Token:
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("text", "trigger", "polarity", "modality"),
    [
        ("Donald Trump met Vladimir Putin in Alaska.", "met", "positive", "asserted"),
        ("Donald Trump did not meet Vladimir Putin.", "meet", "negative", "asserted"),
        ("Keir Starmer has never backed the plan.", "backed", "negative", "asserted"),
        ("Donald Trump refused to back Volodymyr Zelensky.", "back", "negative", "asserted"),
        ("Britain no longer supports the plan.", "supports", "negative", "asserted"),
        (
            "Britain is yet to spell out any guarantees for Ukraine.",
            "guarantees",
            "negative",
            "asserted",
        ),
        ("The summit ended without talks with Russia.", "talks", "negative", "asserted"),
        ("Keir Starmer will host Volodymyr Zelensky.", "host", "positive", "future"),
        ("There are no plans for Trump to meet Putin.", "meet", "negative", "future"),
        ("Trump threatened Russia with sanctions.", "sanctions", "positive", "hypothetical"),
        (
            "A meeting was called to coincide with Macron's visit to Britain.",
            "visit",
            "positive",
            "asserted",
        ),
        ("There were no talks between Trump and Putin.", "talks", "negative", "asserted"),
        ("Trump dismissed reports that he had met Putin.", "met", "positive", "hypothetical"),
        ("Starmer ruled out sending troops to Ukraine.", "sending", "negative", "asserted"),
        ("US military aid to Ukraine was paused in March.", "aid", "negative", "asserted"),
        ("Trump is unlikely to meet Putin this year.", "meet", "positive", "hypothetical"),
        # a bare conjunct shares the auxiliary and governors; a finite one has its own
        ("The EU will rearm Europe and support Ukraine.", "support", "positive", "future"),
        ("Donald Trump plans to meet Putin and visit Moscow.", "visit", "positive", "future"),
        ("Trump did not meet Putin or speak to him.", "speak", "negative", "asserted"),
        ("Trump did not meet Putin and praised Zelensky.", "praised", "positive", "asserted"),
        ("Emmanuel Macron plans to visit Kyiv.", "visit", "positive", "future"),
        ("Volodymyr Zelensky is set to visit the White House.", "visit", "positive", "future"),
        ("Britain would deploy troops to Ukraine.", "deploy", "positive", "hypothetical"),
        ("Russia may intensify its attacks on Ukraine.", "attacks", "positive", "hypothetical"),
        ("Russia could strike Kyiv again.", "strike", "positive", "hypothetical"),
        ("If Russia attacks Poland, NATO will respond.", "attacks", "positive", "hypothetical"),
        (
            "Even if there were a ceasefire, Britain would not send troops.",
            "send",
            "negative",
            "hypothetical",
        ),
        ("Ukraine hopes to join NATO.", "join", "positive", "hypothetical"),
        ("Donald Trump said he would send more weapons to Kyiv.", "send", "positive", "future"),
        ("Did Donald Trump meet Vladimir Putin?", "meet", "positive", "hypothetical"),
        # an embedded question ("whether", "if") asks and asserts nothing
        ("Macron asked whether Russia had attacked Kyiv.", "attacked", "positive", "hypothetical"),
        ("It is unclear if Germany backs the plan.", "backs", "positive", "hypothetical"),
        ("Scholz wondered whether Putin would meet Trump.", "meet", "positive", "hypothetical"),
        ("Macron asked why Russia had attacked Kyiv.", "attacked", "positive", "asserted"),
        # a stance noun with "former", "ex-" or "once" held and no longer does
        ("Starmer, a former supporter of Corbyn, spoke.", "supporter", "positive", "past"),
        ("Orban was once a critic of Brussels.", "critic", "positive", "past"),
        ("Trump once praised Putin.", "praised", "positive", "asserted"),
        ("Poland, a longtime supporter of Kyiv, spoke.", "supporter", "positive", "asserted"),
        ("Russian forces continue to pound Ukraine's cities.", "pound", "positive", "asserted"),
        ("The two leaders held talks in Alaska.", "talks", "positive", "asserted"),
        ("The two leaders did not hold talks.", "talks", "negative", "asserted"),
        # taking part through a verb (and its object noun) passes the verb's context on
        ("Macron did not take part in talks with Putin.", "talks", "negative", "asserted"),
        ("Merz never participated in the negotiations.", "negotiations", "negative", "asserted"),
        ("Meloni will take part in talks with Zelensky.", "talks", "positive", "future"),
        ("Starmer took part in talks with Zelensky.", "talks", "positive", "asserted"),
        ("A possible summit with Putin was discussed.", "summit", "positive", "hypothetical"),
        (
            "Donald Trump will meet Vladimir Putin if Russia agrees to a ceasefire.",
            "meet",
            "positive",
            "hypothetical",
        ),
        (
            "Trump's meeting with Putin will take place in Budapest.",
            "meeting",
            "positive",
            "future",
        ),
        ("The meeting did not take place.", "meeting", "negative", "asserted"),
        (
            "Vladimir Putin reportedly met Steve Witkoff in secret.",
            "met",
            "positive",
            "hypothetical",
        ),
        ("The alleged attack on Poland was investigated.", "attack", "positive", "hypothetical"),
        (
            "The Kremlin denied that Russian forces had attacked Kyiv.",
            "attacked",
            "negative",
            "asserted",
        ),
        (
            "Neither Keir Starmer nor Emmanuel Macron met Vladimir Putin.",
            "met",
            "negative",
            "asserted",
        ),
        ("Donald Trump has yet to meet Vladimir Putin.", "meet", "negative", "asserted"),
        ("Ukraine is not a member of NATO.", "member", "negative", "asserted"),
        ("Hungary has blocked EU sanctions against Russia.", "sanctions", "negative", "asserted"),
        # an adjective takes the negation and modality of its copula
        ("Donald Trump was not happy with Vladimir Putin.", "happy", "negative", "asserted"),
        ("Donald Trump may be angry at Vladimir Putin.", "angry", "positive", "hypothetical"),
        ("Emmanuel Macron will be furious with Putin.", "furious", "positive", "future"),
        ("Keir Starmer agreed a deal with Emmanuel Macron.", "deal", "positive", "asserted"),
        ("Vladimir Putin agreed to meet Donald Trump.", "meet", "positive", "future"),
        # an infinitive with its own subject shares its governor's context, as xcomp does
        ("Zelensky wanted Putin to meet Trump.", "meet", "positive", "hypothetical"),
        ("Macron did not want Putin to attack Kyiv.", "attack", "negative", "hypothetical"),
    ],
)
def test_polarity_and_modality(
    nlp: Language, text: str, trigger: str, polarity: str, modality: str
) -> None:
    doc, index = _parse(nlp, text)
    context = assess(_token(doc, trigger), index)
    assert (context.polarity, context.modality) == (Polarity(polarity), Modality(modality))


def test_reported_speech_keeps_its_speaker(nlp: Language) -> None:
    doc, index = _parse(nlp, "Volodymyr Zelensky said that Russia attacked Kyiv overnight.")
    context = assess(_token(doc, "attacked"), index)
    assert context.speaker is not None and context.speaker.label == "Volodymyr Zelensky"
    assert not context.quoted


def test_participle_reporter_takes_the_main_subject(nlp: Language) -> None:
    text = "Volodymyr Zelensky thanked Britain, saying that Russia attacked Kyiv overnight."
    doc, index = _parse(nlp, text)
    context = assess(_token(doc, "attacked"), index)
    assert context.speaker is not None and context.speaker.label == "Volodymyr Zelensky"


def test_direct_quotation_speaker_after_the_quote(nlp: Language) -> None:
    text = "'We are ready to support Ukraine,' Keir Starmer told the BBC on Friday."
    doc, index = _parse(nlp, text)
    context = assess(_token(doc, "support"), index)
    assert context.quoted
    assert context.speaker is not None and context.speaker.label == "Keir Starmer"


def test_direct_quotation_speaker_before_the_quote(nlp: Language) -> None:
    text = 'Emmanuel Macron said: "France will never recognise the annexation."'
    doc, index = _parse(nlp, text)
    context = assess(_token(doc, "recognise"), index)
    assert context.quoted
    assert context.speaker is not None and context.speaker.label == "Emmanuel Macron"


def test_quoting_pronoun_continues_the_previous_subject(nlp: Language) -> None:
    text = (
        "Mr Macron warned that Putin could not be trusted."
        ' "I don\'t trust Vladimir Putin," he told reporters in Paris.'
    )
    doc, index = _parse(nlp, text)
    context = assess(_token(doc, "trust"), index)
    assert context.quoted
    assert context.speaker is not None and context.speaker.label == "Emmanuel Macron"


def test_according_to_names_the_source(nlp: Language) -> None:
    text = "Russia struck Kyiv overnight, according to Volodymyr Zelensky."
    doc, index = _parse(nlp, text)
    context = assess(_token(doc, "struck"), index)
    assert context.speaker is not None and context.speaker.label == "Volodymyr Zelensky"


def test_unattributed_statement_has_no_speaker(nlp: Language) -> None:
    doc, index = _parse(nlp, "Russia struck Kyiv overnight.")
    assert assess(_token(doc, "struck"), index).speaker is None


def test_chain_passes_through_complements_and_light_verbs(nlp: Language) -> None:
    doc = nlp("Donald Trump refused to hold talks with Vladimir Putin.")
    chain = governing_chain(_token(doc, "talks"), load_cue_words())
    assert [t.text for t in chain] == ["talks", "hold", "refused"]


def test_quotation_spans_pair_standalone_marks_only(nlp: Language) -> None:
    doc = nlp("'We're ready,' he said. Trump's envoy said \"no deal\" was possible.")
    quotes = [span.text for span in quotation_spans(doc)]
    assert quotes == ["'We're ready,'", '"no deal"']


def test_plural_possessive_apostrophe_is_not_a_quotation_mark(nlp: Language) -> None:
    doc = nlp("The leaders' summit ended. 'We will meet again,' Macron said.")
    assert [span.text for span in quotation_spans(doc)] == ["'We will meet again,'"]


def test_cue_words_are_data() -> None:
    cues = load_cue_words()  # the file's checks are in test_vocabulary
    assert "never" in cues.negation_words
    assert "will" in cues.future_auxiliaries
    assert "say" in cues.reporting_verbs
    assert "no" in cues.negation_words and "on" in cues.locative_prepositions  # quoted in YAML


def test_conditions_and_sources_stay_in_their_sentence(nlp: Language) -> None:
    """The per-document lookups of marks and "according to" do not leak across sentences."""
    text = (
        "If Russia attacks Poland, the alliance will respond. Keir Starmer met Emmanuel Macron"
        " in Paris. Russia struck Kyiv overnight, according to Volodymyr Zelensky. Donald Trump"
        " praised Keir Starmer."
    )
    doc, index = _parse(nlp, text)
    assert assess(_token(doc, "attacks"), index).modality is Modality.HYPOTHETICAL
    assert assess(_token(doc, "met"), index).modality is Modality.ASSERTED
    source = assess(_token(doc, "struck"), index).speaker
    assert source is not None and source.label == "Volodymyr Zelensky"
    assert assess(_token(doc, "praised"), index).speaker is None
