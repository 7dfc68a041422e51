"""POST_IN statements from titles, appositions and predicates, with the real pipeline."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from graphbuild.extract.entities import resolve_entities
from graphbuild.extract.gazetteer import load_gazetteer
from graphbuild.extract.posts import extract_posts
from graphbuild.records import Document, EntityKind, Family, Modality, Statement


def posts(nlp, text: str) -> list[Statement]:
    doc = nlp(text)
    document = Document("doc-1", text)
    gazetteer = load_gazetteer()
    index = resolve_entities(doc, document, gazetteer)
    return list(extract_posts(doc, document, index, gazetteer))


def triples(statements: list[Statement]) -> set[tuple[str, str, str, str | None]]:
    return {(s.subject.key, s.relation, s.object.key, s.post) for s in statements}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "French President Emmanuel Macron arrived in London.",
            ("person/emmanuel-macron", "headOfStateOf", "state/FRA", "President"),
        ),
        (
            "Ukraine's President Zelensky thanked the allies.",
            ("person/volodymyr-zelensky", "headOfStateOf", "state/UKR", "President"),
        ),
        (
            "The talks were joined by the Czech prime minister, Petr Fiala, on Thursday.",
            ("person/petr-fiala", "headOfGovernmentOf", "state/CZE", "Prime Minister"),
        ),
        (
            "Marco Rubio, the US Secretary of State, said the talks were constructive.",
            ("person/marco-rubio", "holdsPostIn", "state/USA", "Secretary of State"),
        ),
        (
            "The premier of Canada, Mark Carney, announced new sanctions.",
            ("person/mark-carney", "headOfGovernmentOf", "state/CAN", "Prime Minister"),
        ),
        (
            "Keir Starmer, the UK prime minister, hosted the meeting.",
            ("person/keir-starmer", "headOfGovernmentOf", "state/GBR", "Prime Minister"),
        ),
        (
            "Starmer, who is Britain's prime minister, agreed to the plan.",
            ("person/keir-starmer", "headOfGovernmentOf", "state/GBR", "Prime Minister"),
        ),
        (
            "Kwame Nkrumah was elected president of Ghana in 1960.",
            ("person/kwame-nkrumah", "headOfStateOf", "state/GHA", "President"),
        ),
        (
            "Jan Smuts became prime minister of South Africa in 1919.",
            ("person/jan-smuts", "headOfGovernmentOf", "state/ZAF", "Prime Minister"),
        ),
        (
            "Helen Clark served as prime minister of New Zealand from 1999 to 2008.",
            ("person/helen-clark", "headOfGovernmentOf", "state/NZL", "Prime Minister"),
        ),
        (
            "Mayor of Calgary Ross Alger opened the new bridge.",
            ("person/ross-alger", "headOfGovernmentOf", "place/calgary", "Mayor"),
        ),
        (
            "Ross Alger was a politician in the province of Alberta, who served as mayor of "
            "Calgary from 1977 to 1980.",
            ("person/ross-alger", "headOfGovernmentOf", "place/calgary", "Mayor"),
        ),
        (
            "German Chancellor Friedrich Merz backed the plan.",
            ("person/friedrich-merz", "headOfGovernmentOf", "state/DEU", "Chancellor"),
        ),
        (
            "NATO Secretary General Mark Rutte warned Moscow.",
            ("person/mark-rutte", "chairs", "coalition/nato", "Secretary General"),
        ),
        (
            "It comes as President Volodymyr Zelensky of Ukraine is set to visit the White House.",
            ("person/volodymyr-zelensky", "headOfStateOf", "state/UKR", "President"),
        ),
        (
            "Russian President Vladimir Putin told him the election was rigged.",
            ("person/vladimir-putin", "headOfStateOf", "state/RUS", "President"),
        ),
        (
            "The first president of Ghana was Kwame Nkrumah.",
            ("person/kwame-nkrumah", "headOfStateOf", "state/GHA", "President"),
        ),
        (
            "Elizabeth II was Queen of Mauritius from 1968 to 1992.",
            ("person/elizabeth-ii", "headOfStateOf", "state/MUS", "Queen"),
        ),
        (
            "The ceremony was presided over by the future first prime minister of independent "
            "Ghana, Kwame Nkrumah.",
            ("person/kwame-nkrumah", "headOfGovernmentOf", "state/GHA", "Prime Minister"),
        ),
        (
            "US special envoy Steve Witkoff travelled to Moscow.",
            ("person/steve-witkoff", "holdsPostIn", "state/USA", "Special Envoy"),
        ),
        (
            "British Defence Secretary John Healey visited the troops.",
            ("person/john-healey", "holdsPostIn", "state/GBR", "Defence Secretary"),
        ),
    ],
)
def test_post_patterns(nlp, text, expected):
    found = triples(posts(nlp, text))
    assert expected in found, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the title names no state: borrowed from the well-known-people data
        (
            "Prime Minister Keir Starmer said Britain would help.",
            ("person/keir-starmer", "headOfGovernmentOf", "state/GBR", "Prime Minister"),
        ),
        # ... or from the one state the document is about
        (
            "Ghana celebrated independence. Ghana's parliament met. "
            "President Kwame Nkrumah addressed the crowd.",
            ("person/kwame-nkrumah", "headOfStateOf", "state/GHA", "President"),
        ),
    ],
)
def test_post_from_document_context(nlp, text, expected):
    statements = posts(nlp, text)
    assert expected in triples(statements)
    statement = next(s for s in statements if s.subject.key == expected[0])
    assert statement.confidence < 0.9
    assert statement.rule.endswith("-context")


@pytest.mark.parametrize(
    "text",
    [
        # no state in the phrase and the document names several: skip
        "Prime Minister Petr Kowalski spoke to France, Germany and Poland about Ukraine.",
        # not the holder of the office
        "Keir Starmer met the French president on Monday.",
        "Trump ran for president in 2016.",
        # an office of a company or society, not of a state
        "John Smith is vice president of the International Free Press Society.",
        # a ministry portfolio is not a place
        "Eivind Bolle was the Minister of Fisheries from 1973 to 1981.",
        # a title alone is not a person
        "The Queen was also the monarch of the United Kingdom.",
        # a mayor's city is never guessed
        "Mayor Jane Doe opened the bridge in Norway. Norway celebrated.",
    ],
)
def test_post_must_not(nlp, text):
    found = posts(nlp, text)
    assert not found, triples(found)


def test_statement_offsets_rule_family_and_confidence(nlp):
    text = "French President Emmanuel Macron arrived in London."
    (statement,) = posts(nlp, text)
    assert statement.family is Family.POST_IN
    assert statement.subject_span.text == "Emmanuel Macron"
    assert statement.object_span.text == "French"
    assert statement.trigger.text == "President"
    for span in (statement.subject_span, statement.object_span, statement.trigger):
        assert text[span.start : span.end] == span.text
    assert statement.sentence.text == text
    assert statement.sentence_index == 0
    assert statement.rule == "post-title-name"
    assert statement.confidence == 0.9
    assert statement.post == "President"
    assert statement.object.code == "FRA"
    assert statement.is_fact


def test_long_distance_patterns_are_less_confident_than_titles(nlp):
    (title,) = posts(nlp, "French President Emmanuel Macron arrived.")
    (copula,) = posts(nlp, "Kwame Nkrumah was elected president of Ghana in 1960.")
    assert title.confidence > copula.confidence


def test_one_statement_per_fact_and_sentence(nlp):
    text = "Keir Starmer, the UK prime minister, met Prime Minister Keir Starmer's staff."
    statements = posts(nlp, text)
    assert len(statements) == 1


def test_pronoun_holder_from_previous_sentence(nlp):
    text = "Ross Alger moved to Calgary in 1950. He was elected mayor of Calgary in 1977."
    assert ("person/ross-alger", "headOfGovernmentOf", "place/calgary", "Mayor") in triples(
        posts(nlp, text)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ordinals and adjectives inside the office's phrase
        (
            "This is a list of ambassadors appointed by the 45th President of the United "
            "States, Donald Trump.",
            ("person/donald-trump", "headOfStateOf", "state/USA", "President"),
        ),
        (
            "Gregorio Pacheco Leyes was the constitutional President of Bolivia from 1884 to 1888.",
            ("person/gregorio-pacheco-leyes", "headOfStateOf", "state/BOL", "President"),
        ),
        # a title the NER took for a place
        (
            "Carol II reigned as King of Romania from 1930 until his abdication in 1940.",
            ("person/carol-ii", "headOfStateOf", "state/ROU", "King"),
        ),
        # "<title> <name> of <state>"
        (
            "The war followed the ambitions of King Philip V of Spain.",
            ("person/philip-v", "headOfStateOf", "state/ESP", "King"),
        ),
        # an honorific between title and name
        (
            "The forum was proposed by Malaysian Prime Minister Dr. Mahathir Mohamad.",
            ("person/mahathir-mohamad", "headOfGovernmentOf", "state/MYS", "Prime Minister"),
        ),
        # a state's leader; the word alone is not an office
        (
            "He impressed Soviet leader Leonid Brezhnev.",
            ("person/leonid-brezhnev", "holdsPostIn", "state/SUN", "Leader"),
        ),
        # elected with the holder as object
        (
            "The council elected Marc Ravalomanana the president of Madagascar.",
            ("person/marc-ravalomanana", "headOfStateOf", "state/MDG", "President"),
        ),
        # a governor's region is the one the document is about
        (
            "Aramis Ayala was a prosecutor in Florida. Florida law allows it. "
            "Governor Rick Scott reassigned the cases.",
            ("person/rick-scott", "headOfGovernmentOf", "place/florida", "Governor"),
        ),
    ],
)
def test_harder_post_patterns(nlp, text, expected):
    found = triples(posts(nlp, text))
    assert expected in found, found


@pytest.mark.parametrize(
    "text",
    [
        "He was elected as lieutenant governor in 2006 with Governor Martin O'Malley.",
        "Christine served as the president of the Malagasy National Assembly in 2014.",
    ],
)
def test_harder_post_must_not(nlp, text):
    found = posts(nlp, text)
    assert not found, triples(found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the head of an organisation leads it (Wikidata P488), it holds no post in a state
        (
            "The European Commission president, Ursula von der Leyen, said the bloc would act.",
            ("person/ursula-von-der-leyen", "chairs", "organization/european-commission"),
        ),
        (
            "WHO Director-General Tedros Adhanom Ghebreyesus warned of a new wave.",
            (
                "person/tedros-adhanom-ghebreyesus",
                "chairs",
                "organization/world-health-organization",
            ),
        ),
        (
            "Antonio Guterres, the UN secretary-general, called for a ceasefire.",
            ("person/antonio-guterres", "chairs", "organization/united-nations"),
        ),
    ],
)
def test_heads_of_organisations_lead_them(nlp, text, expected):
    found = {(s, r, o) for s, r, o, _ in triples(posts(nlp, text))}
    assert expected in found, found
    assert not {t for t in found if t[2] == expected[2] and t[1] != expected[1]}, found


@pytest.mark.parametrize(
    "text",
    [
        # other posts in an organisation are no post in a state (holdsPostIn's range: a state
        # or place) and no leadership either: nothing is asserted
        "NATO spokesperson Allison Hart said the alliance was ready.",
        "The EU's foreign policy chief, Kaja Kallas, met Marco Rubio.",
        "EU foreign policy chief Kaja Kallas described the package as strong.",
        "Kaja Kallas, the EU's foreign policy chief, said Europe must act.",
        "The African Union's special envoy, Amina Bello, travelled to Khartoum.",
        "Olaf Berg, a spokesman for the United Nations, declined to comment.",
    ],
)
def test_a_post_in_an_organisation_short_of_leading_it_is_no_post_in(nlp, text):
    found = {(s, r, o) for s, r, o, _ in triples(posts(nlp, text))}
    assert not {t for t in found if not t[2].startswith(("state/", "place/"))}, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the same words with a state are posts in it
        (
            "Norway's special envoy, Amina Bello, travelled to Khartoum.",
            ("person/amina-bello", "holdsPostIn", "state/NOR"),
        ),
        (
            "Kremlin spokesman Dmitry Peskov declined to comment.",
            ("person/dmitry-peskov", "holdsPostIn", "state/RUS"),
        ),
    ],
)
def test_the_same_post_in_a_state_is_a_post_in(nlp, text, expected):
    found = {(s, r, o) for s, r, o, _ in triples(posts(nlp, text))}
    assert expected in found, found


PAST, ASSERTED = Modality.PAST, Modality.ASSERTED


@pytest.mark.parametrize(
    ("text", "expected", "modality"),
    [
        (
            "Boris Johnson, the former UK prime minister, met Volodymyr Zelensky in Kyiv.",
            ("person/boris-johnson", "headOfGovernmentOf", "state/GBR"),
            PAST,
        ),
        (
            "The former Italian prime minister Mario Draghi produced a report on Europe.",
            ("person/mario-draghi", "headOfGovernmentOf", "state/ITA"),
            PAST,
        ),
        (
            "Ukraine's ex-president Petro Poroshenko criticised the deal.",
            ("person/petro-poroshenko", "headOfStateOf", "state/UKR"),
            PAST,
        ),
        (
            "Angela Merkel, who was chancellor of Germany until 2021, warned Moscow.",
            ("person/angela-merkel", "headOfGovernmentOf", "state/DEU"),
            PAST,
        ),
        (
            "Mark Rutte served as prime minister of the Netherlands until July 2024.",
            ("person/mark-rutte", "headOfGovernmentOf", "state/NLD"),
            PAST,
        ),
        # an end in the future, or no end, leaves the post held
        (
            "Emmanuel Macron will remain president of France until 2027.",
            ("person/emmanuel-macron", "headOfStateOf", "state/FRA"),
            ASSERTED,
        ),
        (
            "Keir Starmer, the UK prime minister, met Volodymyr Zelensky in Kyiv.",
            ("person/keir-starmer", "headOfGovernmentOf", "state/GBR"),
            ASSERTED,
        ),
    ],
)
def test_a_post_that_has_ended_is_past_not_a_fact(nlp, text, expected, modality):
    found = {(s.subject.key, s.relation, s.object.key): s for s in posts(nlp, text)}
    assert expected in found, found
    assert found[expected].modality is modality
    assert found[expected].is_fact is (modality is ASSERTED)


def test_the_countrys_president(nlp):
    text = (
        "Brazil's courts are busy. They will not drop the prosecution of the country's "
        "former president Jair Bolsonaro."
    )
    assert ("person/jair-bolsonaro", "headOfStateOf", "state/BRA", "President") in triples(
        posts(nlp, text)
    )


def test_a_title_then_a_list_is_not_an_apposition(nlp):
    text = "He wrote for King of the Hill, Kitchen Confidential and South Park."
    assert not posts(nlp, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the state of the head of state whose envoy this is, when the document names it
        (
            "Trump's special envoy Steve Witkoff met Putin in Moscow, the US said.",
            ("person/steve-witkoff", "holdsPostIn", "state/USA", "Special Envoy"),
        ),
        (
            "NATO chief Mark Rutte praised the allies.",
            ("person/mark-rutte", "chairs", "coalition/nato", "Chief"),
        ),
        (
            "Donald Trump met the Finnish president, Alexander Stubb, at the White House.",
            ("person/alexander-stubb", "headOfStateOf", "state/FIN", "President"),
        ),
        (
            "Russia's foreign minister Sergei Lavrov rejected the plan.",
            ("person/sergei-lavrov", "holdsPostIn", "state/RUS", "Foreign Minister"),
        ),
        # a possessor opens the apposition
        (
            "Ukraine's foreign minister, Andrii Sybiha, said Kyiv would not cede territory.",
            ("person/andrii-sybiha", "holdsPostIn", "state/UKR", "Foreign Minister"),
        ),
        # an ambassador's "to <state>" names the host, not the post's state
        (
            "Britain's ambassador to the US, Peter Mandelson, was sacked.",
            ("person/peter-mandelson", "holdsPostIn", "state/GBR", "Ambassador"),
        ),
        # the NER's ORG "Defense" is part of the title
        (
            "US Defense Secretary Pete Hegseth said the Pentagon agreed.",
            ("person/pete-hegseth", "holdsPostIn", "state/USA", "Defence Secretary"),
        ),
        # an office only one state has
        (
            "Home Secretary Shabana Mahmood said Britain would act.",
            ("person/shabana-mahmood", "holdsPostIn", "state/GBR", "Home Secretary"),
        ),
    ],
)
def test_news_post_patterns(nlp, text, expected):
    assert expected in triples(posts(nlp, text))


@pytest.mark.parametrize(
    "text",
    [
        # a known president of another state, and the one state named is not his
        "Mr Zelensky, who was elected president in 2019, thanked Britain.",
        # a predicate with a state named once is not enough context
        "Mr Stubb, who was elected president in 2024, thanked Britain.",
        # "chief" and "leader" need their state or organisation in the phrase
        "The chief executive, John Smith, resigned.",
        # the envoy of someone who holds no known post
        "Smith's special envoy John Doe arrived in France.",
    ],
)
def test_news_post_must_not(nlp, text):
    found = posts(nlp, text)
    assert not found, triples(found)


@pytest.mark.xfail(reason="the small NER labels 'Andry Rajoelina' ORG here, so no person holds it")
def test_known_gap_holder_labelled_as_organisation(nlp):
    text = "The authority elected Andry Rajoelina the president of Madagascar."
    assert ("person/andry-rajoelina", "headOfStateOf", "state/MDG", "President") in triples(
        posts(nlp, text)
    )


def test_a_post_implied_by_an_administration(nlp):
    text = "Chubais was an influential member of Boris Yeltsin's administration in Russia."
    assert ("person/boris-yeltsin", "headOfStateOf", "state/RUS", "President") in triples(
        posts(nlp, text)
    )


_WORDS = [
    "Keir",
    "Starmer",
    "Sir",
    "Dr.",
    "Emmanuel",
    "Macron",
    "the",
    "Prime",
    "Minister",
    "President",
    "French",
    "British",
    "UK",
    "NATO",
    "Secretary",
    "General",
    "of",
    "Ghana",
    ",",
    ".",
    "was",
    "elected",
    "became",
    "served",
    "as",
    "mayor",
    "Calgary",
    "who",
    "is",
    "Britain",
    "'s",
    "King",
    "II",
    "former",
    "45th",
    "leader",
    "chief",
    "envoy",
    "Trump",
    "and",
]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25))
@example(words=["NATO", "leader", "Keir"])  # once found only by chance: a head of a coalition
def test_any_word_salad_gives_well_formed_statements(nlp, words):
    text = " ".join(words)
    for statement in posts(nlp, text):
        for span in (statement.subject_span, statement.object_span, statement.trigger):
            assert text[span.start : span.end] == span.text
        # the head of a coalition or organisation leads it ("NATO leader X": gb:chairs)
        if statement.object.kind in {EntityKind.COALITION, EntityKind.ORGANIZATION}:
            assert (statement.family, statement.relation) in {
                (Family.LEADS, "chairs"),
                (Family.POST_IN, "holdsPostIn"),
            }
        else:
            assert statement.family is Family.POST_IN
            assert statement.relation in {"headOfStateOf", "headOfGovernmentOf", "holdsPostIn"}
        assert statement.subject.key.startswith("person/")
        assert statement.object.key != statement.subject.key
        assert 0 < statement.confidence <= 0.9


def test_the_state_named_as_possessor_of_the_name(nlp):
    text = (
        "Trump threatened tariffs on Brazil if the courts there do not drop the prosecution "
        "of the country's Trump-like former president Jair Bolsonaro."
    )
    assert ("person/jair-bolsonaro", "headOfStateOf", "state/BRA", "President") in triples(
        posts(nlp, text)
    )


@pytest.mark.parametrize(
    "text",
    [
        # the office owns something: Svetlana holds no post
        "She was born after an affair between Putin and her mother, Svetlana, the "
        "president's then-housekeeper.",
        # the document is about Ghana, but Ghana is not named anywhere near the title
        "Ghana held elections. Ghana's parliament met. The weather was fine. Crops grew. "
        "Markets opened. Schools reopened. Roads were built. Later, President John Doe spoke.",
    ],
)
def test_context_must_not(nlp, text):
    found = posts(nlp, text)
    assert not found, triples(found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Zelensky's chief of staff Andriy Yermak met officials in Ukraine.",
            ("person/andriy-yermak", "holdsPostIn", "state/UKR", "Chief of Staff"),
        ),
        (
            "Trump envoy Steve Witkoff flew to Moscow, the US said.",
            ("person/steve-witkoff", "holdsPostIn", "state/USA", "Special Envoy"),
        ),
    ],
)
def test_patron_state_of_a_title(nlp, text, expected):
    assert expected in triples(posts(nlp, text))


def test_an_aide_is_not_a_post(nlp):
    assert not posts(nlp, "Kremlin aide Yuri Ushakov said Russia was ready.")


def test_guessed_context_is_least_confident_and_points_at_the_name(nlp):
    text = (
        "Ghana celebrated independence. Ghana's parliament met. "
        "President Kwame Nkrumah addressed the crowd."
    )
    (statement,) = posts(nlp, text)
    assert statement.object_span.text == "Ghana"
    assert text[statement.object_span.start : statement.object_span.end] == "Ghana"
    assert statement.confidence == 0.6


@pytest.mark.parametrize(
    ("text", "expected", "trigger", "place"),
    [
        (
            "Donald Trump met Vladimir Putin. It was a huge disappointment for the US president.",
            ("person/donald-trump", "headOfStateOf", "state/USA", "President"),
            "president",
            "US",
        ),
        (
            "Keir Starmer welcomed Emmanuel Macron. The French president's state visit to "
            "Britain was a success.",
            ("person/emmanuel-macron", "headOfStateOf", "state/FRA", "President"),
            "president",
            "French",
        ),
        (
            "Volodymyr Zelensky spoke. The Ukrainian president, who has been calling for more "
            "weapons, thanked his allies.",
            ("person/volodymyr-zelensky", "headOfStateOf", "state/UKR", "President"),
            "president",
            "Ukrainian",
        ),
        # "counterpart" and "leader" take the one head post the person is known to hold there
        (
            "Donald Trump met Vladimir Putin in Alaska. His Russian counterpart conceded nothing.",
            ("person/vladimir-putin", "headOfStateOf", "state/RUS", "President"),
            "counterpart",
            "Russian",
        ),
        (
            "Vladimir Putin spoke on Friday. The Russian leader said the war would go on.",
            ("person/vladimir-putin", "headOfStateOf", "state/RUS", "President"),
            "leader",
            "Russian",
        ),
    ],
)
def test_resolved_role_mention_names_the_post(nlp, text, expected, trigger, place):
    found = [s for s in posts(nlp, text) if s.rule == "post-role-mention"]
    assert expected in triples(found)
    (statement,) = [s for s in found if s.subject.key == expected[0]]
    assert statement.trigger.text == trigger
    assert statement.object_span.text == place
    assert statement.confidence == 0.7


@pytest.mark.parametrize(
    "text",
    [
        # no one in the document holds the post: the role mention is not resolved
        "The US president said he would send more weapons.",
        # a role with no state named in it says nothing about where the post is
        "Donald Trump arrived. The president said he would send more weapons.",
        # a former holder does not hold the post
        "Donald Trump spoke. The former US president said little.",
    ],
)
def test_role_mention_post_must_not(nlp, text):
    found = [s for s in posts(nlp, text) if s.rule == "post-role-mention"]
    assert not found, triples(found)


def test_a_patron_must_be_right_before_the_title(nlp):
    # "Trump-like" compares, it does not make the president Trump's; the US is named too
    text = (
        "The US imposed tariffs on Brazil, if the courts there do not drop the prosecution "
        "of the country's Trump-like president Jair Bolsonaro."
    )
    found = triples(posts(nlp, text))  # "the country" is ambiguous here: Brazil or nothing
    assert not [t for t in found if t[2] == "state/USA"], found


@pytest.mark.parametrize(
    "text",
    [
        "The pro-Russian leader Viktor Orban spoke in Budapest.",
        "Vladimir Putin spoke. The pro-Russian president of the region, Ivan Petrov, agreed.",
    ],
)
def test_a_stance_is_not_the_place_of_a_post(nlp, text):
    found = [s for s in posts(nlp, text) if s.object.key == "state/RUS"]
    assert not found, triples(found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a role with no state in its phrase: the state the holder's post is known to be in,
        # when the document names it
        (
            "Keir Starmer flew to Kyiv on behalf of the UK. The Prime Minister told reporters "
            "that the talks went well.",
            ("person/keir-starmer", "headOfGovernmentOf", "state/GBR", "Prime Minister"),
        ),
        # "the State of X": the formal style before the state's name
        (
            "Dr Jilan Wahba Abdalmajid, the ambassador of the state of Palestine in Ireland, "
            "spoke on Monday.",
            ("person/jilan-wahba-abdalmajid", "holdsPostIn", "state/PSE", "Ambassador"),
        ),
    ],
)
def test_role_context_and_state_style(nlp, text, expected):
    assert expected in triples(posts(nlp, text))


def test_role_context_is_less_confident(nlp):
    text = "Keir Starmer spoke for the UK. The Prime Minister told reporters the talks went well."
    (statement,) = [s for s in posts(nlp, text) if s.rule == "post-role-mention-context"]
    assert statement.confidence == 0.5
    assert statement.object_span.text == "UK"


@pytest.mark.parametrize(
    "text",
    [
        # the known state is never named: nothing to point at
        "Keir Starmer arrived in Kyiv. The Prime Minister told reporters the talks went well.",
        # two prime ministers: the role mention is not resolved at all
        "Keir Starmer met Czech Prime Minister Petr Fiala in the UK. The Prime Minister spoke.",
    ],
)
def test_role_context_must_not(nlp, text):
    found = [s for s in posts(nlp, text) if s.rule.startswith("post-role-mention")]
    assert not found, triples(found)


@pytest.mark.parametrize(
    "text", ["Labour leader Keir Starmer spoke.", "Labour leader Keir Starmer spoke in Britain."]
)
def test_a_party_leader_leads_the_party_and_holds_no_post_in_a_state(nlp, text):
    # the gazetteer knows the party (organisations.yaml), so its leader chairs it (LEADS)
    found = triples(posts(nlp, text))
    assert found == {("person/keir-starmer", "chairs", "organization/labour-party", "Leader")}
