"""The gazetteer: pycountry states plus the data files' aliases, demonyms, organisations, offices."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.extract.gazetteer import (
    CAPITAL_PREFIX,
    Gazetteer,
    GazetteerEntry,
    key_slug,
    load_gazetteer,
    normalise,
)
from graphbuild.records import EntityKind


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("United Kingdom", "state/GBR"),
        ("the UK", "state/GBR"),
        ("U.K.", "state/GBR"),
        ("Britain", "state/GBR"),
        ("Great Britain", "state/GBR"),
        ("US", "state/USA"),
        ("the U.S.", "state/USA"),
        ("USA", "state/USA"),
        ("America", "state/USA"),
        ("the United States", "state/USA"),
        ("Russia", "state/RUS"),
        ("Russian Federation", "state/RUS"),
        ("Czechia", "state/CZE"),
        ("Czech Republic", "state/CZE"),
        ("South Korea", "state/KOR"),
        ("North Korea", "state/PRK"),
        ("Iran", "state/IRN"),
        ("Syria", "state/SYR"),
        ("Türkiye", "state/TUR"),
        ("Turkey", "state/TUR"),
        ("Turkiye", "state/TUR"),
        ("Ukraine's", "state/UKR"),
        ("Côte d'Ivoire", "state/CIV"),
        ("Ivory Coast", "state/CIV"),
        ("Kosovo", "state/XKX"),
        ("Taiwan", "state/TWN"),
        ("Palestine", "state/PSE"),
        ("the Vatican", "state/VAT"),
        ("Holy See", "state/VAT"),
        ("Soviet Union", "state/SUN"),
        ("NATO", "coalition/nato"),
        ("Nato", "coalition/nato"),
        ("the North Atlantic Treaty Organization", "coalition/nato"),
        ("the coalition of the willing", "coalition/coalition-of-the-willing"),
        ("Coalition of the Willing", "coalition/coalition-of-the-willing"),
        ("EU", "organization/european-union"),
        ("the European Union", "organization/european-union"),
        ("the UN", "organization/united-nations"),
        ("G7", "organization/g7"),
        ("the Commonwealth", "organization/commonwealth-of-nations"),
        ("OSCE", "organization/osce"),
        ("Five Eyes", "coalition/five-eyes"),
    ],
)
def test_lookup_normalises_case_articles_punctuation_and_diacritics(gaz, text, key):
    entry = gaz.lookup(text)
    assert entry is not None, text
    assert entry.key == key


@pytest.mark.parametrize("text", ["Starmer", "the government", "Calgary", "", "us president"])
def test_lookup_of_unknown_names_is_none(gaz, text):
    assert gaz.lookup(text) is None


def test_every_un_member_style_state_has_code_label_and_demonym(gaz):
    states = [e for e in gaz.entries.values() if e.kind is EntityKind.STATE]
    assert len(states) >= 197
    for entry in states:
        assert entry.key == f"state/{entry.code}"
        assert entry.label
    # "Dominican" and "Congolese" are given to the Dominican Republic and DR Congo only.
    assert {e.code for e in states if not e.demonyms} == {"DMA", "COG"}


@pytest.mark.parametrize(
    ("code", "qid"),
    [
        ("GBR", "Q145"),
        ("USA", "Q30"),
        ("FRA", "Q142"),
        ("RUS", "Q159"),
        ("UKR", "Q212"),
        ("DEU", "Q183"),
        ("CZE", "Q213"),
        ("CAN", "Q16"),
        ("CHN", "Q148"),
    ],
)
def test_state_qids(gaz, code, qid):
    assert gaz.get(f"state/{code}").qid == qid


def test_organisation_qids(gaz):
    assert gaz.get("coalition/nato").qid == "Q7184"
    assert gaz.get("organization/european-union").qid == "Q458"
    assert gaz.get("organization/united-nations").qid == "Q1065"
    assert gaz.get("organization/g7").qid == "Q8333"
    assert gaz.get("organization/g20").qid == "Q19771"
    assert gaz.get("organization/commonwealth-of-nations").qid == "Q7785"


def test_dependent_territories_are_places_not_states(gaz):
    entry = gaz.lookup("Puerto Rico")
    assert entry is not None and entry.kind is EntityKind.PLACE
    assert gaz.lookup("Greenland").kind is EntityKind.PLACE


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("British", "GBR"),
        ("American", "USA"),
        ("French", "FRA"),
        ("Russian", "RUS"),
        ("Ukrainian", "UKR"),
        ("Czech", "CZE"),
        ("German", "DEU"),
        ("US", "USA"),
        ("UK", "GBR"),
        ("Polish", "POL"),
        ("Dutch", "NLD"),
        ("Swiss", "CHE"),
        ("Ukraine", "UKR"),
    ],
)
def test_demonyms(gaz, text, code):
    assert gaz.demonym(text).code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("the Kremlin", "RUS"),
        ("Kremlin", "RUS"),
        ("the White House", "USA"),
        ("Downing Street", "GBR"),
        ("No 10", "GBR"),
        ("the Élysée", "FRA"),
        ("Elysee", "FRA"),
    ],
)
def test_seats_of_government_stand_for_the_state(gaz, text, code):
    assert gaz.metonym(text).code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("Moscow", "RUS"), ("Kyiv", "UKR"), ("Kiev", "UKR"), ("Washington", "USA"), ("London", "GBR")],
)
def test_capitals_are_known_but_not_names_of_the_state(gaz, text, code):
    assert gaz.capital(text).code == code
    assert gaz.lookup(text) is None


@pytest.mark.parametrize(
    ("text", "label", "kind", "relation"),
    [
        ("President", "President", "head_of_state", "headOfStateOf"),
        ("prime minister", "Prime Minister", "head_of_government", "headOfGovernmentOf"),
        ("the Prime Minister", "Prime Minister", "head_of_government", "headOfGovernmentOf"),
        ("premier", "Prime Minister", "head_of_government", "headOfGovernmentOf"),
        ("Foreign Secretary", "Foreign Secretary", "minister", "holdsPostIn"),
        ("foreign minister", "Foreign Minister", "minister", "holdsPostIn"),
        ("Secretary of State", "Secretary of State", "minister", "holdsPostIn"),
        ("Defence Secretary", "Defence Secretary", "minister", "holdsPostIn"),
        ("defense minister", "Defence Minister", "minister", "holdsPostIn"),
        ("Home Secretary", "Home Secretary", "minister", "holdsPostIn"),
        ("special envoy", "Special Envoy", "envoy", "holdsPostIn"),
        ("ambassador", "Ambassador", "envoy", "holdsPostIn"),
        ("Chief of the Defence Staff", "Chief of the Defence Staff", "military", "holdsPostIn"),
        ("Secretary-General", "Secretary General", "official", "holdsPostIn"),
        ("king", "King", "head_of_state", "headOfStateOf"),
        ("Queen", "Queen", "head_of_state", "headOfStateOf"),
        ("mayor", "Mayor", "head_of_government", "headOfGovernmentOf"),
        ("governor", "Governor", "head_of_government", "headOfGovernmentOf"),
        ("chancellor", "Chancellor", "minister", "holdsPostIn"),
    ],
)
def test_offices(gaz, text, label, kind, relation):
    office = gaz.office(text)
    assert (office.label, office.kind, office.relation) == (label, kind, relation)


def test_a_german_chancellor_heads_the_government(gaz):
    office = gaz.office("Chancellor", "DEU")
    assert (office.kind, office.relation) == ("head_of_government", "headOfGovernmentOf")
    assert gaz.office("Chancellor", "GBR").relation == "holdsPostIn"


def test_mayors_and_governors_are_local_offices(gaz):
    assert gaz.office("mayor").local and gaz.office("governor").local
    assert not gaz.office("president").local


@pytest.mark.parametrize("outlet", ["BBC", "the BBC", "ABC", "Sky News", "Reuters", "The Guardian"])
def test_news_outlets_are_media(gaz, outlet):
    assert gaz.is_media(outlet)


def test_actors_are_not_media(gaz):
    assert not gaz.is_media("NATO")
    assert not gaz.is_media("Keir Starmer")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Zelensky", "person/volodymyr-zelensky"),
        ("Zelenskyy", "person/volodymyr-zelensky"),
        ("Zelenskiy", "person/volodymyr-zelensky"),
        ("Keir Starmer", "person/keir-starmer"),
        ("Erdogan", "person/recep-tayyip-erdogan"),
    ],
)
def test_known_people_and_their_variants(gaz, text, key):
    assert gaz.person(text).key == key


def test_ruler_patterns_carry_keys_and_keep_ambiguous_names_out(gaz):
    patterns = gaz.ruler_patterns()
    by_text = {(p["pattern"], p["label"]): p["id"] for p in patterns}
    assert by_text[("Britain", "GPE")] == "state/GBR"
    assert by_text[("British", "NORP")] == "state/GBR"
    assert by_text[("Kremlin", "ORG")] == "state/RUS"
    assert by_text[("Moscow", "GPE")] == CAPITAL_PREFIX + "state/RUS"
    assert by_text[("Keir Starmer", "PERSON")] == "person/keir-starmer"
    texts = {p["pattern"] for p in patterns}
    assert "Jordan" not in texts and "Chad" not in texts  # also given names
    assert "Trump" not in texts  # lone surnames could belong to another person
    assert "Puerto Rico" not in texts  # territories are left to the NER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Kremlin's", "kremlin"),
        ("U.S.", "us"),
        ("Élysée", "elysee"),
        ("  Coalition  of the Willing ", "coalition of the willing"),
        ("Zelenskyy’s", "zelenskyy"),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_entries_are_frozen(gaz):
    entry = gaz.lookup("France")
    assert isinstance(entry, GazetteerEntry)
    with pytest.raises(AttributeError):
        entry.label = "x"  # type: ignore[misc]


def test_missing_directory_is_a_clear_error(tmp_path: Path):
    with pytest.raises(InputError, match="not found"):
        load_gazetteer(tmp_path / "nope")


def test_bad_state_code_names_file_and_line(tmp_path: Path):
    (tmp_path / "states.csv").write_text("alpha3,label,qid,aliases,demonyms,ambiguous\nGB,,,,,\n")
    with pytest.raises(InputError, match=r"states\.csv:2: bad alpha3"):
        load_gazetteer(tmp_path)


def test_bad_yaml_is_a_clear_error(tmp_path: Path):
    root = Path(__file__).resolve().parents[2] / "ontology" / "gazetteer"
    for name in (
        "states.csv",
        "metonyms.yaml",
        "offices.yaml",
        "media.txt",
        "people.yaml",
        "words.yaml",
    ):
        (tmp_path / name).write_text((root / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "organisations.yaml").write_text("- {slug: [unclosed\n")
    with pytest.raises(InputError, match=r"organisations\.yaml"):
        load_gazetteer(tmp_path)


def test_title_matcher_finds_offices_and_role_nouns(gaz, nlp):
    doc = nlp("The Vice-President met the prime minister and the Russian leader.")
    matcher = gaz.title_matcher(doc.vocab)
    assert matcher is gaz.title_matcher(doc.vocab)  # built once per vocabulary
    found = {(doc.vocab.strings[label], doc[s:e].text) for label, s, e in matcher(doc)}
    assert ("OFFICE", "Vice-President") in found
    assert ("OFFICE", "prime minister") in found
    assert ("ROLE", "leader") in found


@pytest.mark.parametrize("text", ["States", "Member States", "Security Council", "Emirates", "AU"])
def test_ambiguous_short_names_are_not_entries(gaz, text):
    assert gaz.lookup(text) is None


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Gustav Lærum", "gustav-laerum"),
        ("Józef Piłsudski", "jozef-pilsudski"),
        ("Jonas Gahr Støre", "jonas-gahr-store"),
        ("Keir Starmer", "keir-starmer"),
    ],
)
def test_key_slug_spells_out_letters_without_decomposition(name, slug):
    assert key_slug(name) == slug


def test_parties_are_keyed_by_country(gaz):
    uk, canada = "organization/conservative-party-uk", "organization/conservative-party-canada"
    assert {uk, canada} <= gaz.parties
    assert gaz.party_states[uk] == "state/GBR" and gaz.party_states[canada] == "state/CAN"
    assert gaz.shared_party_names["conservatives"] == (uk, canada)  # the first is the default
    assert all(gaz.party_states.get(k) for k in gaz.parties)


def test_a_shared_party_name_is_chosen_by_the_state_before_it_then_by_the_document(gaz):
    uk, canada = "organization/conservative-party-uk", "organization/conservative-party-canada"
    pick = gaz.party_in_context
    assert pick(uk, "Conservatives", "state/CAN", {"state/GBR": 5}) == canada  # "Canada's"
    assert pick(uk, "Conservatives", None, {"state/GBR": 1, "state/CAN": 3}) == canada
    assert pick(uk, "Conservatives", None, {"state/CAN": 1, "state/GBR": 1}) == uk  # a tie
    assert pick(uk, "Conservatives", None, {}) == uk
    assert pick(uk, "Conservatives", "state/FRA", {}) == uk  # no French party by that name
    # a name only one party has is that party, whatever the document says
    labour = "organization/labour-party"
    assert pick(labour, "Labour", "state/CAN", {"state/CAN": 9}) == labour


def _gazetteer_copy(tmp_path: Path) -> Path:
    root = Path(__file__).resolve().parents[2] / "ontology" / "gazetteer"
    for name in (
        "states.csv",
        "metonyms.yaml",
        "offices.yaml",
        "media.txt",
        "people.yaml",
        "words.yaml",
        "places.txt",
    ):
        if (root / name).exists():
            (tmp_path / name).write_text((root / name).read_text(encoding="utf-8"), "utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "entry",
    [
        "- {slug: p, kind: party, label: P Party, names: [P Party]}",  # no country
        "- {slug: p, kind: party, country: XXX, label: P Party, names: [P Party]}",  # no such state
        "- {slug: nato2, kind: coalition, country: GBR, label: N, names: [N]}",  # not a party
    ],
)
def test_a_party_needs_a_known_country_and_only_a_party_has_one(tmp_path: Path, entry: str):
    (_gazetteer_copy(tmp_path) / "organisations.yaml").write_text(entry + "\n")
    with pytest.raises(InputError, match=r"organisations\.yaml"):
        load_gazetteer(tmp_path)
