"""Lexicon rows derived from the CAMEO verb dictionary: parsing, translation, the committed file,
and the constructions the derived triggers add (must / must-not sentences in our own words)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from graphbuild.errors import InputError
from graphbuild.extract import cameo
from graphbuild.extract.cameo import Pattern, derive, read_patterns, relation_of, render, translate
from graphbuild.extract.entities import resolve_entities
from graphbuild.extract.gazetteer import load_gazetteer
from graphbuild.extract.lexicon import DERIVED_FILE, LEXICON_FILE, load_lexicon, read_lexicon
from graphbuild.extract.relations import extract_relations
from graphbuild.records import Document, Family, Statement
from graphbuild.resources import ontology_file

SYNSETS = {"&WEAPON": ("missile", "rocket_launcher", "shells_", "rifle")}


@pytest.mark.parametrize(
    ("code", "relation"),
    [
        ("042:043", "visits"),
        ("043", "hosts"),
        ("046", "negotiatesWith"),
        ("0311", None),  # intent to cooperate: a promise, not a fact
        ("057", "cooperatesWith"),
        ("051", "praises"),
        ("072", "aids"),
        ("1712", "opposes"),
        ("111", "criticises"),
        ("163", "sanctions"),
        ("195", "strikes"),
        ("202", "attacks"),
        ("020", None),  # appeals: no relation family
        ("090", None),
        (":054", None),  # the target's side of an event
        ("---", None),
    ],
)
def test_cameo_codes_map_to_relations_by_family(code: str, relation: str | None) -> None:
    assert relation_of(code) == relation


def _pattern(verb: str, after: str, code: str = "040", before: str = "") -> Pattern:
    return Pattern((verb,), tuple(before.split()), tuple(after.split()), code, 1, "BLOCK")


@pytest.mark.parametrize(
    ("pattern", "relation", "forms"),
    [
        (_pattern("MEET", "(WITH +)"), None, [("meet", None, "with")]),
        (_pattern("MEET", "(WITH)"), None, [("meet", None, "with")]),
        (_pattern("SNUB", "+", "110"), None, [("snub", None, "dobj")]),
        (_pattern("+MEET_WITH", ""), None, [("meet", None, "with")]),
        (
            _pattern("SEND", "&WEAPON (TO +)", "072"),
            None,
            [("send", ("dobj", ("missile", "shell", "rifle")), "to")],
        ),
        (_pattern("SET", "UP (WITH)"), None, [("set", ("prt", ("up",)), "with")]),
        (
            _pattern("STAGE", "{RAID} (AGAINST +)", "190"),
            None,
            [("stage", ("dobj", ("raid",)), "against")],
        ),
        # an implicit target takes the family's usual prepositions
        (
            _pattern("HOLD", "TALKS", "046"),
            "negotiatesWith",
            [("hold", ("dobj", ("talk",)), "with")],
        ),
        (
            _pattern("CRACK", "DOWN", "170"),
            "opposes",
            [("crack", ("prt", ("down",)), "against")],
        ),
    ],
)
def test_patterns_translate_into_lexicon_forms(
    pattern: Pattern, relation: str | None, forms: list[tuple[object, ...]]
) -> None:
    assert translate(pattern, SYNSETS, relation) == (forms, None)


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (_pattern("MOVE", "TROOPS", "154", before="&MILITARY"), "words before the verb"),
        (_pattern("PUT", "(IN PROTEST)", "140"), "fixed object of a preposition"),
        (_pattern("STAGE", "{MOCK ATTACK}", "150"), "multi-word object phrase"),
        (_pattern("APPOINT", "+ TO HEAD", "060"), "words after the target"),
        (_pattern("PAY", "FIRST VISIT TO ^ +", "042"), "skip or source after the verb"),
        (_pattern("MOVE", "(INTO $)", "0862"), "skip or source after the verb"),
        (_pattern("HOLD", "TALKS", "046"), "no explicit target (+ or a preposition)"),
        (_pattern("BLOCK", "(ALONGSIDE +)", "190"), "phrase not opened by a preposition"),
        (_pattern("PREPARE", "HELP +", "033"), "object word then a bare target"),
    ],
)
def test_patterns_the_lexicon_cannot_express_are_dropped_with_a_reason(
    pattern: Pattern, reason: str
) -> None:
    assert translate(pattern, SYNSETS) == ([], reason)


DICTIONARY = """\
# a made-up excerpt in the dictionary's format
&WEAPON
+MISSILE
+SHELLS_

####### VERB PATTERNS #######

---  PARLEY   [040]  ---
PARLEY
CONVERSE  # an old entry
+PARLEY_WITH [046]
- * (WITH +)                                          [040]         # CONVERSE
- * (ABOUT PEACE)                                     [040]         # PARLEY
- * TRUCE                                             [:030]        # PARLEY
- * (AT)                                              [040]         # NOBODY

---  HURL   [---]  ---
HURL
LOB
- * &WEAPON (AT +)                                    [195]         # LOB
- * &WEAPON (AT +)                                    [042]         # HURL
- * INSULT (AT +)                                     [111]         # HURL
"""


def test_reading_keeps_blocks_codes_and_the_verb_each_pattern_names() -> None:
    synsets, patterns = read_patterns(DICTIONARY)
    assert synsets == {"&WEAPON": ("missile", "shells_")}
    by_line = {p.line: p for p in patterns}
    assert [(p.verbs, p.code) for p in patterns[:3]] == [
        (("PARLEY",), "040"),
        (("CONVERSE",), "040"),
        (("+PARLEY_WITH",), "046"),  # a verb line's own code beats its block's
    ]
    converse = next(p for p in by_line.values() if p.after == ("(WITH", "+)"))
    assert converse.verbs == ("CONVERSE",) and converse.block == "PARLEY"
    nobody = next(p for p in by_line.values() if p.after == ("(AT)",))
    assert nobody.verbs == ()


def test_derivation_counts_every_line_and_drops_ambiguous_forms() -> None:
    derivation = derive(DICTIONARY, known=[("parley", None)])
    rows = {(r.lemma, r.requires, r.relation, r.slots, r.cameo) for r in derivation.rows}
    assert rows == {
        ("converse", None, "talksWith", ("with",), "040"),
        ("lob", ("dobj", ("missile", "shell")), "strikes", ("at",), "195"),
        ("hurl", ("dobj", ("insult",)), "criticises", ("at",), "111"),
        # hurl &WEAPON at: filed as a visit (042) here and nowhere else, so kept
        ("hurl", ("dobj", ("missile", "shell")), "visits", ("at",), "042"),
    }
    assert derivation.total == 12  # 5 verb lines and 7 patterns
    assert derivation.dropped["single verb under its block's code"] == 2  # PARLEY, CONVERSE
    assert derivation.dropped["code outside the families"] == 2  # HURL, LOB: no block code
    assert derivation.dropped["lemma already in the hand lexicon"] == 1  # +PARLEY_WITH
    assert derivation.dropped["fixed object of a preposition"] == 1
    assert derivation.dropped["target-side code"] == 1
    assert derivation.dropped["comment names no verb of the block"] == 1
    assert derivation.mapped == 4
    assert sum(derivation.dropped.values()) + derivation.mapped == derivation.total


def test_an_implicit_target_is_not_read_through_an_event_of_another_family() -> None:
    blame = _pattern("CONDEMN", "ATTACKS", "111")
    events = {"attack": frozenset({Family.ATTACK}), "talk": frozenset({Family.COOPERATE})}
    assert translate(blame, SYNSETS, "criticises", events) == (
        [],
        "object word an event of another family",
    )
    launch = _pattern("LAUNCH", "ATTACKS", "190")
    assert translate(launch, SYNSETS, "attacks", events)[0] == [
        ("launch", ("dobj", ("attack",)), "against"),
        ("launch", ("dobj", ("attack",)), "on"),
    ]


def test_a_form_filed_under_two_relations_is_left_out() -> None:
    text = DICTIONARY.replace("[042]         # HURL", "[195]         # HURL").replace(
        "- * INSULT (AT +)                                     [111]         # HURL",
        "- * &WEAPON (AT +)                                    [111]         # HURL",
    )
    derivation = derive(text)
    assert not [r for r in derivation.rows if r.lemma == "hurl"]
    assert derivation.dropped["filed under two relations"] == 2  # both of hurl's patterns


@given(st.text(alphabet="-*+$^&(){}[]#:_ ABCDEFGHIWXYZ0123456789\n", max_size=400))
def test_any_text_derives_or_fails_cleanly(text: str) -> None:
    try:
        derivation = derive("####### VERB PATTERNS #######\n" + text)
    except InputError:
        return
    assert sum(derivation.dropped.values()) + derivation.mapped == derivation.total
    for row in derivation.rows:
        assert row.slots and row.relation and row.cameo.isdigit()


def test_a_dictionary_without_a_verb_section_is_refused() -> None:
    with pytest.raises(InputError, match="VERB PATTERNS"):
        derive("&WEAPON\n+MISSILE\n")


def test_the_committed_rows_are_what_the_dictionary_gives(nlp: Language) -> None:
    hand = read_lexicon(ontology_file(LEXICON_FILE))
    text = ontology_file(str(cameo.DICTIONARY)).read_text(encoding="utf-8")
    lemmatizer = nlp.get_pipe("lemmatizer")

    def lemma_of(word: str) -> str:
        from spacy.tokens import Doc

        return str(lemmatizer(Doc(nlp.vocab, words=[word], pos=["VERB"]))[0].lemma_).lower()

    derivation = derive(
        text,
        ((t.lemma, t.requires) for t in hand if t.pos == "VERB"),
        lemma_of,
        events=cameo.event_nouns(hand),
    )
    committed = ontology_file(DERIVED_FILE).read_text(encoding="utf-8")
    assert render(derivation) == committed, "run: python -m graphbuild.extract.cameo"
    assert (Path(ontology_file("cameo")) / "LICENSE").is_file()


def test_the_lexicon_reads_hand_rows_first_then_derived_ones() -> None:
    lexicon = load_lexicon()
    hand = read_lexicon(ontology_file(LEXICON_FILE))
    derived = read_lexicon(ontology_file(DERIVED_FILE))
    assert lexicon.triggers == hand.triggers + derived.triggers
    assert all(t.source == "cameo" and t.cameo for t in derived)
    assert len(derived) > 1000


def test_a_derived_file_repeating_a_hand_verb_is_refused(tmp_path: Path) -> None:
    from graphbuild.extract.lexicon import _load_cached

    hand = tmp_path / "relations.csv"
    hand.write_text(
        "lemma,pos,relation,cameo,slots,requires,flags,source,notes\n"
        "meet,VERB,meetsWith,040,dobj,,,cameo,\n",
        encoding="utf-8",
    )
    derived = tmp_path / "derived.csv"
    derived.write_text(
        "lemma,pos,relation,cameo,slots,requires,flags,source,notes\n"
        "meet,VERB,talksWith,040,with,,,cameo,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="regenerate"):
        _load_cached((hand, derived))


# --- the constructions the derived rows add ------------------------------------------------


def _triples(nlp: Language, text: str) -> set[tuple[str, str, str, str]]:
    document = Document(id="cameo-doc", text=text)
    doc = nlp(text)
    index = resolve_entities(doc, document, load_gazetteer())
    found: list[Statement] = list(extract_relations(doc, document, index))
    return {
        (s.subject.label, s.relation, s.object.label, s.polarity.value)
        for s in found
        if s.modality.value == "asserted"
    }


MUST = [
    (
        "Emmanuel Macron held talks with Olaf Scholz in Paris on Tuesday.",
        ("Emmanuel Macron", "negotiatesWith", "Olaf Scholz"),
    ),
    (
        "Israel launched an attack on Iran early on Friday.",
        ("Israel", "attacks", "Iran"),
    ),
    (
        "Russia mounted a fresh offensive against Ukraine in the east.",
        ("Russia", "attacks", "Ukraine"),
    ),
    (
        "The European Union imposed new sanctions on Belarus last week.",
        ("European Union", "sanctions", "Belarus"),
    ),
    (
        "Sweden lodged a formal protest against China over the detention.",
        ("Sweden", "opposes", "China"),
    ),
    (
        "Japan voiced strong support for the Philippines in the dispute.",
        ("Japan", "praises", "Philippines"),
    ),
    (
        "Canada sent humanitarian aid to Haiti after the storm.",
        ("Canada", "aids", "Haiti"),
    ),
    (
        "North Korean troops opened fire on South Korea across the border.",
        ("North Korea", "attacks", "South Korea"),
    ),
]

MUST_NOT = [
    # the attack's target is its victim, not whom the condemnation is aimed at
    (
        "Germany condemned the attack on Ukraine in the strongest terms.",
        ("Germany", "criticises", "Ukraine"),
    ),
    (
        "Spain condemned the bombing of the hospital by Russia.",
        ("Spain", "criticises", "Russia"),
    ),
    # "on" after a noun of opinion is its topic
    (
        "Germany attacked his comments on Ukraine in a long speech.",
        ("Germany", "criticises", "Ukraine"),
    ),
    # the object of the noun is a topic, not the other party
    (
        "Emmanuel Macron held talks on Ukraine in Paris on Tuesday.",
        ("Emmanuel Macron", "negotiatesWith", "Ukraine"),
    ),
    # a negated support is no praise
    (
        "Hungary did not voice support for Ukraine at the summit.",
        ("Hungary", "praises", "Ukraine"),
    ),
    # the thing sent is not a weapon or aid
    (
        "Canada sent a letter of thanks to the Red Cross in Geneva.",
        ("Canada", "aids", "Red Cross"),
    ),
    # "launched a campaign" for a cause, not against anyone
    (
        "Germany launched a campaign for cleaner energy in Europe.",
        ("Germany", "criticises", "Europe"),
    ),
]


@pytest.mark.parametrize(("sentence", "triple"), MUST)
def test_derived_triggers_find(nlp: Language, sentence: str, triple: tuple[str, str, str]) -> None:
    assert (*triple, "positive") in _triples(nlp, sentence)


@pytest.mark.parametrize(("sentence", "triple"), MUST_NOT)
def test_derived_triggers_do_not_find(
    nlp: Language, sentence: str, triple: tuple[str, str, str]
) -> None:
    assert (*triple, "positive") not in _triples(nlp, sentence)
