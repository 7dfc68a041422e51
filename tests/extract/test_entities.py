"""Mentions and entity resolution on realistic news sentences, with the real pipeline."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphbuild.documents import split_page
from graphbuild.extract.entities import EntityIndex, fold_name, resolve_entities
from graphbuild.extract.gazetteer import load_gazetteer
from graphbuild.records import Document, EntityKind


def resolve(nlp, text: str, doc_id: str = "doc-1") -> EntityIndex:
    return resolve_entities(nlp(text), Document(doc_id, text), load_gazetteer())


def mentions(index: EntityIndex) -> list[tuple[str, str]]:
    return [(m.span.text, m.entity_key) for m in index.mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # gazetteer states, aliases, coalitions, organisations
        (
            "Britain and France will lead the coalition of the willing.",
            [
                ("Britain", "state/GBR"),
                ("France", "state/FRA"),
                ("coalition of the willing", "coalition/coalition-of-the-willing"),
            ],
        ),
        (
            "NATO allies met the EU in Brussels.",
            [("NATO", "coalition/nato"), ("EU", "organization/european-union")],
        ),
        ("The US and the UK signed the deal.", [("US", "state/USA"), ("UK", "state/GBR")]),
        # demonyms used as actors become the state, with the head noun
        ("The British government rejected the plan.", [("British government", "state/GBR")]),
        ("Russian forces attacked the city overnight.", [("Russian forces", "state/RUS")]),
        # seats of government and capitals used as actors
        ("The Kremlin rejected the proposal.", [("Kremlin", "state/RUS")]),
        ("The White House said talks would continue.", [("White House", "state/USA")]),
        ("Downing Street denied the report.", [("Downing Street", "state/GBR")]),
        ("Moscow rejected the ceasefire.", [("Moscow", "state/RUS")]),
        ("Kyiv's allies pledged more air defence.", [("Kyiv", "state/UKR")]),
        # persons: full names, possessives, honorifics, known variants
        ("Putin's envoy arrived on Friday.", [("Putin", "person/vladimir-putin")]),
        ("Zelenskyy thanked the allies.", [("Zelenskyy", "person/volodymyr-zelensky")]),
        (
            "Mr Trump said he wanted peace.",
            [("Trump", "person/donald-trump"), ("he", "person/donald-trump")],
        ),
    ],
)
def test_mentions(nlp, text, expected):
    found = mentions(resolve(nlp, text))
    for item in expected:
        assert item in found, (item, found)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("French troops could join the mission.", "French"),  # demonym, but the troops act
        ("He spoke to the BBC on Sunday.", "BBC"),
        ("Speaking to Sky News, the minister declined to comment.", "Sky News"),
        ("Reuters reported the talks had stalled.", "Reuters"),
        ("The French wine harvest was early.", "French"),  # not an actor
        ("Residents of Kyiv are sceptical.", "Kyiv"),  # a city, not the government
    ],
)
def test_must_not_be_state_or_actor_mentions(nlp, text, surface):
    index = resolve(nlp, text)
    for mention in index.mentions:
        if mention.span.text == surface:
            assert mention.kind in {EntityKind.PLACE}, mention
    if surface in {"BBC", "Sky News", "Reuters"}:
        assert all(surface not in m.span.text for m in index.mentions)


def test_capital_used_as_a_location_is_a_place(nlp):
    index = resolve(nlp, "Residents of Kyiv are sceptical.")
    assert ("Kyiv", "place/kyiv") in mentions(index)


def test_surname_links_to_the_full_name_in_the_same_document(nlp):
    text = (
        "US envoy Steve Witkoff arrived in Moscow on Wednesday. "
        "Witkoff met officials at the Kremlin. Later Witkoff flew home."
    )
    index = resolve(nlp, text)
    witkoffs = [m for m in index.mentions if "Witkoff" in m.span.text]
    assert len(witkoffs) == 3
    assert {m.entity_key for m in witkoffs} == {"person/steve-witkoff"}
    entity = index.entity("person/steve-witkoff")
    assert entity.label == "Steve Witkoff"
    assert "Witkoff" in entity.aliases


def test_unknown_surname_without_full_name_keeps_its_own_key(nlp):
    index = resolve(nlp, "Kowalczyk said the plan was dead.")
    assert ("Kowalczyk", "person/kowalczyk") in mentions(index)


def test_keys_are_stable_across_documents(nlp):
    first = resolve(nlp, "Keir Starmer met Emmanuel Macron.", "a")
    second = resolve(nlp, "Starmer and Macron spoke by phone.", "b")
    keys_a = {m.entity_key for m in first.mentions}
    keys_b = {m.entity_key for m in second.mentions}
    assert {"person/keir-starmer", "person/emmanuel-macron"} <= keys_a & keys_b


def test_resolution_never_crosses_documents(nlp):
    resolve(nlp, "Steve Rosenberg reported from Moscow.", "a")
    later = resolve(nlp, "Rosenberg said the mood was grim.", "b")
    assert ("Rosenberg", "person/rosenberg") in mentions(later)


def test_sir_keir_and_transliterations_resolve_to_one_person(nlp):
    text = (
        "Sir Keir Starmer welcomed Volodymyr Zelensky to London. "
        "Sir Keir said Zelenskyy had his full support."
    )
    index = resolve(nlp, text)
    keys = [m.entity_key for m in index.mentions if m.kind is EntityKind.PERSON]
    assert set(keys) == {"person/keir-starmer", "person/volodymyr-zelensky"}
    zelensky = index.entity("person/volodymyr-zelensky")
    assert "Zelenskyy" in zelensky.aliases


def test_a_name_the_ner_mislabels_is_still_the_person(nlp):
    text = "Steve Witkoff flew to Moscow. Officials said Witkoff and Putin spoke for hours."
    index = resolve(nlp, text)
    assert [m.entity_key for m in index.mentions if m.span.text == "Witkoff"] == [
        "person/steve-witkoff"
    ]


@pytest.mark.parametrize(
    ("text", "role", "key"),
    [
        (
            "Prime Minister Keir Starmer arrived in Washington. The Prime Minister said talks "
            "went well.",
            "Prime Minister",
            "person/keir-starmer",
        ),
        (
            "Vladimir Putin met Donald Trump in Alaska. The Russian leader called it productive.",
            "Russian leader",
            "person/vladimir-putin",
        ),
        (
            "Donald Trump hosted Volodymyr Zelensky. The US president praised the deal.",
            "US president",
            "person/donald-trump",
        ),
        (
            "French President Emmanuel Macron called Keir Starmer. The French president "
            "offered troops.",
            "French president",
            "person/emmanuel-macron",
        ),
        (
            "Keir Starmer spoke to Emmanuel Macron. Starmer told his French counterpart "
            "that Britain was ready.",
            "French counterpart",
            "person/emmanuel-macron",
        ),
        # a minister's counterpart holds the same portfolio, not the head of government
        (
            "Canadian Defence Minister David McGuinty flew in. British Defence Secretary "
            "John Healey met his Canadian counterpart in London.",
            "Canadian counterpart",
            "person/david-mcguinty",
        ),
        (
            "Foreign Minister Radoslaw Sikorski of Poland spoke. Foreign Secretary David Lammy "
            "phoned his Polish counterpart on Friday.",
            "Polish counterpart",
            "person/radoslaw-sikorski",
        ),
    ],
)
def test_role_mentions_resolve_to_the_post_holder_named_in_the_document(nlp, text, role, key):
    index = resolve(nlp, text)
    roles = [(m.span.text, m.entity_key) for m in index.mentions if m.method == "role"]
    assert (role, key) in roles


@pytest.mark.parametrize(
    "text",
    [
        "The Prime Minister said talks went well.",  # nobody named holds the post
        "Keir Starmer met Mark Carney. The prime minister said talks went well.",  # two PMs
        "Donald Trump met officials. The French president was not there.",  # wrong state
        # a Defence Secretary's counterpart is no prime minister
        "Canadian Prime Minister Mark Carney spoke. Defence Secretary John Healey met his "
        "Canadian counterpart.",
        "Canadian Prime Minister Mark Carney spoke. Defence Secretary John Healey, who "
        "travelled with Sir Keir Starmer, met his Canadian counterpart.",
    ],
)
def test_role_mentions_must_not_resolve_when_ambiguous_or_unknown(nlp, text):
    index = resolve(nlp, text)
    assert not [m for m in index.mentions if m.method == "role"]


def test_pronoun_resolves_to_the_only_person_of_the_previous_sentence(nlp):
    index = resolve(nlp, "Keir Starmer arrived in Kyiv on Monday. He promised more aid.")
    assert ("He", "person/keir-starmer") in mentions(index)
    pronoun = next(m for m in index.mentions if m.span.text == "He")
    assert pronoun.method == "pronoun"


def test_pronoun_with_two_candidates_is_left_alone(nlp):
    index = resolve(nlp, "Keir Starmer met Donald Trump in Scotland. He promised more aid.")
    assert all(m.span.text != "He" for m in index.mentions)


def test_entity_aliases_collect_every_surface_form(nlp):
    text = "Donald Trump spoke first. Then Trump left. Mr Trump later returned."
    index = resolve(nlp, text)
    trump = index.entity("person/donald-trump")
    assert trump.label == "Donald Trump"
    assert "Trump" in trump.aliases
    assert trump.qid == "Q22686"


def test_state_entities_carry_code_and_qid(nlp):
    index = resolve(nlp, "Britain and Ukraine signed a pact.")
    uk = index.entity("state/GBR")
    assert (uk.kind, uk.code, uk.qid, uk.label) == (
        EntityKind.STATE,
        "GBR",
        "Q145",
        "United Kingdom",
    )


def test_unknown_organisation_and_place(nlp):
    index = resolve(nlp, "Executives of the Carnegie Endowment met in Anchorage, Alaska.")
    kinds = {m.span.text: (m.kind, m.entity_key) for m in index.mentions}
    assert kinds["Carnegie Endowment"] == (
        EntityKind.ORGANIZATION,
        "organization/carnegie-endowment",
    )
    assert kinds["Anchorage"] == (EntityKind.PLACE, "place/anchorage")


def test_index_lookups(nlp):
    text = "Keir Starmer met NATO leaders."
    index = resolve(nlp, text)
    doc = index.doc
    starmer = index.entity_at(1)
    assert starmer is not None and starmer.key == "person/keir-starmer"
    assert index.at_token(2) is None
    assert [m.entity_key for m in index.in_span(doc[0:4])] == [
        "person/keir-starmer",
        "coalition/nato",
    ]
    assert {e.key for e in index.all_entities()} == {"person/keir-starmer", "coalition/nato"}


def test_mention_tokens_agree_with_the_character_offsets(nlp):
    """Token offsets kept for resolved mentions equal what aligning their characters gives,
    also for a mention the index did not create (an equal copy, as from a cache)."""
    text = "The Kremlin said Russia's President Vladimir Putin met the Chinese leader in Moscow."
    index = resolve(nlp, text)
    doc = index.doc
    assert index.mentions
    for mention in index.mentions:
        aligned = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        assert index.mention_tokens(mention) == (aligned.start, aligned.end)
        copy = replace(mention)
        assert copy is not mention and index.mention_tokens(copy) == (aligned.start, aligned.end)
        assert index.mention_span(mention).text == mention.span.text
        assert all(index.at_token(i) is not None for i in range(aligned.start, aligned.end))


def test_mention_offsets_point_into_the_document_text(nlp):
    text = "In Paris, Emmanuel Macron's aides briefed the French government."
    index = resolve(nlp, text)
    for mention in index.mentions:
        assert text[mention.span.start : mention.span.end] == mention.span.text
        assert mention.doc_id == "doc-1"


@pytest.mark.parametrize(
    ("a", "b"), [("Zelensky", "Zelenskyy"), ("Zelenskiy", "Zelensky"), ("Putin's", "Putin")]
)
def test_fold_name_unifies_transliterations(a, b):
    assert fold_name(a) == fold_name(b)


@pytest.mark.parametrize(
    ("text", "surface", "key"),
    [
        # a title introduces a name the NER mislabels or misses
        (
            "He married the daughter of King Constantine I of Greece.",
            "Constantine I",
            "person/constantine-i",
        ),
        ("King Ferdinand died in 1927.", "Ferdinand", "person/ferdinand"),
        # regnal numerals stay with the name; the bare name then links to it
        (
            "Carol II reigned until 1940. Carol was forced into exile.",
            "Carol",
            "person/carol-ii",
        ),
        # pieces of one name the NER split are merged
        (
            "The first chief minister was Govind Narayan Singh, who defected.",
            "Govind Narayan Singh",
            "person/govind-narayan-singh",
        ),
    ],
)
def test_names_the_ner_gets_wrong(nlp, text, surface, key):
    assert (surface, key) in mentions(resolve(nlp, text))


def test_place_names_the_ner_calls_people_are_places(nlp):
    text = "Digvijaya Singh governed Madhya Pradesh for ten years. Madhya Pradesh grew."
    index = resolve(nlp, text)
    places = {m.entity_key for m in index.mentions if m.span.text == "Madhya Pradesh"}
    assert places == {"place/madhya-pradesh"}


def test_institutions_are_not_places(nlp):
    index = resolve(nlp, "She was president of the Tanzanian National Assembly in Dodoma.")
    assert all(
        m.kind is not EntityKind.PLACE or "Assembly" not in m.span.text for m in index.mentions
    )


def test_demonyms_seen_become_aliases_of_the_state(nlp):
    index = resolve(nlp, "Norway signed the treaty. The Norwegian delegation was pleased.")
    norway = index.entity("state/NOR")
    assert "Norwegian" in norway.aliases


def test_the_country_refers_back_to_the_one_state_just_named(nlp):
    text = "Brazil's courts are busy. Prosecutors in the country charged him."
    index = resolve(nlp, text)
    anaphors = [(m.span.text, m.entity_key) for m in index.mentions if m.method == "anaphor"]
    assert anaphors == [("country", "state/BRA")]


def test_the_country_is_left_alone_when_two_states_were_named(nlp):
    index = resolve(nlp, "Brazil and Argentina met. The country's president spoke.")
    assert not [m for m in index.mentions if m.method == "anaphor"]


@pytest.mark.parametrize(
    ("text", "pronoun", "key"),
    [
        (
            "Giorgia Meloni met Keir Starmer in Rome. She praised the plan.",
            "She",
            "person/giorgia-meloni",
        ),
        ("Mrs Thatcher met Mr Reagan in London. He smiled.", "He", "person/reagan"),
    ],
)
def test_pronoun_gender_leaves_one_candidate(nlp, text, pronoun, key):
    assert (pronoun, key) in mentions(resolve(nlp, text))


def test_pronoun_with_unknown_genders_stays_ambiguous(nlp):
    index = resolve(nlp, "Giorgia Meloni met Anna Kowalczyk in Rome. She praised the plan.")
    assert all(m.span.text != "She" for m in index.mentions)


@pytest.mark.parametrize(
    ("text", "surface", "key"),
    [
        ("President Trump said the talks went well.", "Trump", "person/donald-trump"),
        ("Sir Keir said Britain was ready.", "Keir", "person/keir-starmer"),
        ("Trump's envoy arrived in Moscow.", "Trump", "person/donald-trump"),
        ("Zelenskiy's office declined to comment.", "Zelenskiy", "person/volodymyr-zelensky"),
    ],
)
def test_honorifics_possessives_and_variants_of_known_people(nlp, text, surface, key):
    assert (surface, key) in mentions(resolve(nlp, text))


@pytest.mark.xfail(reason="the small NER labels this name FAC and nothing marks it as a person")
def test_known_gap_name_labelled_as_facility(nlp):
    text = "The first prime minister of Siam was Phraya Manopakorn Nititada."
    assert ("Phraya Manopakorn Nititada", "person/phraya-manopakorn-nititada") in mentions(
        resolve(nlp, text)
    )


@pytest.mark.xfail(reason="plural pronouns ('they', 'their') are not resolved")
def test_known_gap_plural_pronouns(nlp):
    index = resolve(nlp, "Keir Starmer met Emmanuel Macron. They agreed on troops.")
    assert any(m.span.text == "They" for m in index.mentions)


_WORDS = [
    "Keir",
    "Starmer",
    "Sir",
    "Mr",
    "Trump",
    "Putin's",
    "the",
    "Prime",
    "Minister",
    "President",
    "Russian",
    "British",
    "government",
    "forces",
    "NATO",
    "Kremlin",
    "Moscow",
    "Kyiv",
    "he",
    "she",
    "said",
    ",",
    ".",
    "met",
    "of",
    "France",
    "country",
    "leader",
    "his",
    "counterpart",
    "BBC",
    "King",
    "II",
    "Zelenskyy",
    "was",
    "elected",
    "mayor",
    "Calgary",
    "'s",
    "and",
]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25))
def test_any_word_salad_resolves_with_valid_offsets(nlp, words):
    text = " ".join(words)
    index = resolve(nlp, text)
    for mention in index.mentions:
        assert text[mention.span.start : mention.span.end] == mention.span.text
        assert mention.entity_key in index.entities
    keys = [m.entity_key for m in index.mentions]
    assert all("/" in key for key in keys)


def test_role_mention_spans_hold_only_the_title_words(nlp):
    text = (
        "Donald Trump met Vladimir Putin. It was a disappointment for the US president. "
        "The Russian president's aides said so."
    )
    roles = [m.span.text for m in resolve(nlp, text).mentions if m.method == "role"]
    assert roles == ["US president", "Russian president"]


def test_a_monarchs_style_is_an_alias(nlp):
    index = resolve(nlp, "The war followed the ambitions of King Philip V of Spain.")
    assert "Philip V of Spain" in index.entity("person/philip-v").aliases


def test_the_pronoun_i_is_not_a_regnal_numeral(nlp):
    found = mentions(resolve(nlp, "After meeting Putin I said nothing. King Carol I died."))
    assert ("Putin", "person/vladimir-putin") in found
    assert ("Carol I", "person/carol-i") in found


def test_common_words_and_dates_are_not_surnames(nlp):
    text = "Theresa May resigned in June. In May 2019 the party met, and it may meet again."
    found = mentions(resolve(nlp, text))
    assert found.count(("May", "person/theresa-may")) == 0
    assert ("Theresa May", "person/theresa-may") in found


def test_well_known_places_the_ner_mislabels(nlp):
    index = resolve(nlp, "Russia struck Kharkiv and Zaporizhzhia overnight. Kharkov was hit again.")
    found = mentions(index)
    assert ("Kharkiv", "place/kharkiv") in found
    assert ("Kharkov", "place/kharkiv") in found
    assert ("Zaporizhzhia", "place/zaporizhzhia") in found
    assert index.entity("place/kharkiv").kind is EntityKind.PLACE


def test_two_known_people_the_ner_joins_are_split(nlp):
    found = mentions(resolve(nlp, "The Trump Putin summit ended without a deal."))
    assert ("Trump", "person/donald-trump") in found
    assert ("Putin", "person/vladimir-putin") in found


@pytest.mark.parametrize(
    ("text", "surface", "key"),
    [
        # a multi-word proper name that merely begins with a state's name is not the state
        ("Sally Rooney backed Palestine Action.", "Palestine Action", "organization/"),
        (
            "She gave to the Ukraine Solidarity Campaign last year.",
            "Ukraine Solidarity",
            "organization/",
        ),
        # ... but a state before a title, an institution, a name or another state still is
        ("US President Donald Trump spoke.", "US", "state/USA"),
        ("The US Congress met on Monday.", "US", "state/USA"),
        ("The Russia Ukraine war goes on.", "Russia", "state/RUS"),
        ("Ukraine President Zelensky spoke.", "Ukraine", "state/UKR"),
    ],
)
def test_state_name_inside_a_proper_name(nlp, text, surface, key):
    found = {m.span.text: m.entity_key for m in resolve(nlp, text).mentions}
    assert any(s.startswith(surface) and k.startswith(key) for s, k in found.items()), found


@pytest.mark.parametrize(
    "text",
    [
        "Vladimir Putin spoke. The pro-Russian leader said the war would go on.",
        "Vladimir Putin spoke. The pro-Kremlin government of Georgia agreed.",
        "Russia attacked. Anti-Russian protests followed in Tbilisi.",
    ],
)
def test_a_stance_towards_a_state_is_not_the_state(nlp, text):
    index = resolve(nlp, text)
    second = text.index(".") + 1
    late = [m for m in index.mentions if m.span.start > second]
    assert not [m for m in late if m.entity_key in {"state/RUS", "person/vladimir-putin"}], late


@pytest.mark.parametrize(
    ("text", "role", "key"),
    [
        # a former holder's title gives no current post, so the role stays unambiguous
        (
            "Donald Trump spoke. The former US president Barack Obama said little. "
            "The US president laughed.",
            "US president",
            "person/donald-trump",
        ),
        (
            "Vladimir Putin spoke. The Russian leader said the war would go on.",
            "Russian leader",
            "person/vladimir-putin",
        ),
    ],
)
def test_role_mentions(nlp, text, role, key):
    roles = {m.span.text: m.entity_key for m in resolve(nlp, text).mentions if m.method == "role"}
    assert roles.get(role) == key, roles


@pytest.mark.parametrize(
    "text",
    [
        "Donald Trump spoke. The former US president said little.",
        "Donald Trump spoke. The ex-US president said little.",
        "Donald Trump spoke. The former president said little.",
    ],
)
def test_a_former_holder_is_not_the_role(nlp, text):
    roles = [m for m in resolve(nlp, text).mentions if m.method == "role"]
    assert not roles, roles


@pytest.mark.parametrize(
    ("text", "pronoun", "key"),
    [
        # the person named two sentences back, nobody else in between
        (
            "Keir Starmer flew to Washington on Sunday. The talks focused on tariffs and "
            "Ukraine. He said the visit had been worthwhile.",
            "He",
            "person/keir-starmer",
        ),
        # a he/she chain carries the person on
        (
            "Giorgia Meloni arrived in Brussels late on Thursday. She met reporters outside "
            "the summit. The session ran into the night. She said no deal was close.",
            "She",
            "person/giorgia-meloni",
        ),
        # a man and a woman: "she" can only be the woman
        (
            "Kaja Kallas met Marco Rubio in Brussels. The meeting lasted an hour. She said "
            "sanctions would stay.",
            "She",
            "person/kaja-kallas",
        ),
        # the main-clause subject of both sentences is the topic, the other man only an object
        (
            "Keir Starmer spoke to reporters in Kyiv. Starmer later met Volodymyr Zelensky at "
            "his office. He promised more air defence.",
            "He",
            "person/keir-starmer",
        ),
        # inside a quotation, the speaker is not the "he" he talks about
        (
            "Vladimir Putin ordered new strikes on Kyiv overnight. 'He has no interest in "
            "peace,' Keir Starmer said.",
            "He",
            "person/vladimir-putin",
        ),
        # the narrator's "she" after a quote is the speaker, not the person quoted
        (
            "Fiona Hill spoke on Sunday. 'Putin wants to sow chaos,' she said.",
            "she",
            "person/fiona-hill",
        ),
    ],
)
def test_pronoun_reaches_back_over_sentences_when_unambiguous(nlp, text, pronoun, key):
    resolved = [(m.span.text, m.entity_key) for m in resolve(nlp, text).mentions]
    assert (pronoun, key) in resolved


@pytest.mark.parametrize(
    ("text", "pronoun"),
    [
        # two men in the window
        (
            "Keir Starmer met Donald Trump at Chequers. The talks lasted three hours. He said "
            "progress had been made.",
            "He",
        ),
        (
            "Emmanuel Macron flew to Kyiv on Monday. Friedrich Merz stayed in Berlin. The "
            "weather was poor. He said the trip was vital.",
            "He",
        ),
        # a woman and a man: "she" with two women of unknown or female gender around
        (
            "Giorgia Meloni met Mette Frederiksen and Keir Starmer. The leaders ate dinner. "
            "She said the talks went well.",
            "She",
        ),
        # two people of unknown gender
        (
            "Anna Kowalczyk met Jan Nowak in Warsaw. The meeting was short. They agreed. "
            "Later she spoke to the press.",
            "she",
        ),
        # an unnamed office holder is the subject in between
        (
            "Donald Trump arrived in Alaska on Friday. The Russian president was late. He "
            "said the meeting would be productive.",
            "He",
        ),
        # a quoted "he" whose speaker is only a pronoun: whose words they are is unknown
        (
            "Keir Starmer spoke in London. 'He cannot be trusted,' he said.",
            "He",
        ),
        # the speaker of the quote is the only man around: "he" is someone else
        (
            "Keir Starmer spoke in London on Monday. 'He must stop the killing,' Starmer said.",
            "He",
        ),
        # a "he" outside a quote is not the person the quote names
        (
            "'Putin cannot be trusted,' he said.",
            "he",
        ),
    ],
)
def test_pronoun_left_alone_when_another_person_may_be_meant(nlp, text, pronoun):
    index = resolve(nlp, text)
    assert not [m for m in index.mentions if m.span.text == pronoun and m.method == "pronoun"]


def test_pronoun_never_reaches_into_another_document(nlp):
    page = (
        "Keir Starmer arrived in Kyiv on Monday.\n\nRelated Articles\n\nTalks delayed again\n"
        "2 hours ago | BBC News\nThe talks were delayed. He promised more aid.\n"
    )
    first, second = split_page(page, doc_id="page")
    assert second.text.endswith("He promised more aid.")
    gaz = load_gazetteer()
    assert resolve_entities(nlp(first.text), first, gaz).entities
    index = resolve_entities(nlp(second.text), second, gaz)
    assert not [m for m in index.mentions if m.method == "pronoun"]


# Names cut by the NER at a hyphen or a patronymic particle, and names cut off by the end of a
# text (issue 12: "Willem" and "Tru" read as people, one emir read as two people)
@pytest.mark.parametrize(
    ("text", "surface", "key"),
    [
        (
            "The dinner was hosted by Dutch King Willem-Alexander at the palace.",
            "Willem-Alexander",
            "person/willem-alexander",
        ),
        (
            "Joe Biden phoned Emir Tamim bin Hamad al-Thani on Sunday.",
            "Tamim bin Hamad al-Thani",
            "person/tamim-bin-hamad-al-thani",
        ),
        (
            "The ministers met Prince Faisal bin Farhan in Jeddah.",
            "Faisal bin Farhan",
            "person/faisal-bin-farhan",
        ),
    ],
)
def test_names_joined_by_a_hyphen_or_particle_stay_whole(nlp, text, surface, key):
    found = mentions(resolve(nlp, text))
    assert (surface, key) in found, found


@pytest.mark.parametrize(
    "text",
    [
        "The talks ended late. (More on President Obam\n",
        "The talks ended late. Read more: Minister Hendr",
    ],
)
def test_an_unknown_name_cut_off_by_the_end_of_the_text_is_no_person(nlp, text):
    index = resolve(nlp, text)
    assert not [m for m in index.mentions if m.kind is EntityKind.PERSON], index.mentions


def test_a_known_name_at_the_end_of_the_text_is_kept(nlp):
    found = mentions(resolve(nlp, "The summit opened with a speech by Emmanuel Macron"))
    assert ("Emmanuel Macron", "person/emmanuel-macron") in found


# Political parties: names, plurals and the capitalised adjective name one organisation; members
# with a stance are not the party
@pytest.mark.parametrize(
    ("text", "surface", "key"),
    [
        (
            "The Conservative Party lost ten seats.",
            "Conservative Party",
            "organization/conservative-party-uk",
        ),
        ("The Liberals formed a government.", "Liberals", "organization/liberal-party-canada"),
        (
            "Conservative leader Kemi Badenoch spoke.",
            "Conservative",
            "organization/conservative-party-uk",
        ),
        ("Democrats condemned the decision.", "Democrats", "organization/democratic-party"),
        ("The NDP lost its status.", "NDP", "organization/new-democratic-party"),
    ],
)
def test_party_names(nlp, text, surface, key):
    found = mentions(resolve(nlp, text))
    assert (surface, key) in found, found
    assert load_gazetteer().get(key) is not None and key in load_gazetteer().parties


# Parties of different countries that share a name are different entities: the state named
# right before the name decides, else the state the document names most, else the first listed.
@pytest.mark.parametrize(
    ("text", "surface", "key"),
    [
        (
            "Conservative leader Pierre Poilievre lost his seat as Canada voted.",
            "Conservative",
            "organization/conservative-party-canada",
        ),
        (
            "The Tories lost ground in Ontario. Canada's voters backed the Liberals.",
            "Tories",
            "organization/conservative-party-canada",
        ),
        (
            "Canada's Conservatives lost. The British Conservative Party won in London.",
            "Conservatives",
            "organization/conservative-party-canada",
        ),
        (
            "Canada's Conservatives lost. The British Conservative Party won in London.",
            "Conservative Party",
            "organization/conservative-party-uk",
        ),
        (
            "The Conservatives held the seat, Downing Street said after the UK vote.",
            "Conservatives",
            "organization/conservative-party-uk",
        ),
        (
            "The Liberals formed a government in Canberra after the Australian vote.",
            "Liberals",
            "organization/liberal-party-australia",
        ),
        (
            "The Liberal Party of Canada chose a new leader.",
            "Liberal Party of Canada",
            "organization/liberal-party-canada",
        ),
    ],
)
def test_parties_of_different_countries_stay_apart(nlp, text, surface, key):
    found = mentions(resolve(nlp, text))
    assert (surface, key) in found, found


def test_a_shared_party_name_in_two_documents_is_two_entities(nlp):
    canada = mentions(resolve(nlp, "The Conservatives lost in Canada. Canada voted."))
    britain = mentions(resolve(nlp, "The Conservatives lost in Britain. Britain voted."))
    assert ("Conservatives", "organization/conservative-party-canada") in canada
    assert ("Conservatives", "organization/conservative-party-uk") in britain


def test_party_members_with_a_stance_are_not_the_party(nlp):
    found = mentions(resolve(nlp, "The anti-war Republicans of the group wrote a letter."))
    assert not [k for _, k in found if k == "organization/republican-party"], found


def test_a_plural_demonym_after_with_is_the_state(nlp):
    found = mentions(resolve(nlp, "Envoys talked with the Iranians through Oman."))
    assert ("Iranians", "state/IRN") in found, found
    # but a plural demonym elsewhere stays the people ("aid reached the Iranians")
    found = mentions(resolve(nlp, "The aid reached the Iranians in the south."))
    assert ("Iranians", "state/IRN") not in found, found


def test_a_name_cut_off_at_the_end_of_the_text_is_no_entity(nlp):
    index = resolve(nlp, "The truce held on Friday.\n\nCambodia and Th")
    assert all(m.span.text != "Th" for m in index.mentions), index.mentions
    assert ("Cambodia", "state/KHM") in mentions(index)


def test_a_wire_dateline_is_where_the_report_was_filed(nlp):
    text = "WARSAW, Poland (AP) — Donald Tusk rejected the plan on Monday.\nWarsaw agreed later."
    index = resolve(nlp, text)
    dateline = [m for m in index.mentions if m.span.text == "WARSAW"]
    assert all(m.entity_key != "state/POL" for m in dateline), index.mentions
    # the same capital as an actor later in the text is still the state
    assert ("Warsaw", "state/POL") in mentions(index)
    # "THE HAGUE, Netherlands >>": an upper-case article belongs to the dateline too
    index = resolve(nlp, "THE HAGUE, Netherlands >> Mark Rutte praised the plan on Tuesday.")
    assert all(m.entity_key != "state/NLD" for m in index.mentions if m.span.text == "HAGUE")
