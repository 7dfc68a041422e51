"""The relation lexicon: every row maps to a declared relation of the right family."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.extract.lexicon import LEXICON_FILE, Trigger, load_lexicon, read_lexicon
from graphbuild.graph.ontology import all_relations, family_of
from graphbuild.records import Family
from graphbuild.resources import ontology_file

HEADER = "lemma,pos,relation,cameo,slots,requires,flags,source,notes\n"


def test_every_relation_is_declared_in_the_ontology_with_its_family() -> None:
    lexicon = load_lexicon()
    declared = set(all_relations())
    for trigger in lexicon:
        assert trigger.relation in declared, trigger
        assert trigger.family is family_of(trigger.relation), trigger


def test_lexicon_covers_every_interaction_family_and_membership() -> None:
    families = {t.family for t in load_lexicon()}
    assert families >= {
        Family.MEMBER_OF,
        Family.LEADS,
        Family.COOPERATE,
        Family.SUPPORT,
        Family.OPPOSE,
        Family.ATTACK,
    }
    assert Family.POST_IN not in families  # posts are graphbuild.extract.posts' business


@pytest.mark.parametrize(
    ("lemma", "pos", "relation"),
    [
        ("criticise", "VERB", "criticises"),
        ("meet", "VERB", "meetsWith"),
        ("summit", "NOUN", "meetsWith"),
        ("talk", "NOUN", "talksWith"),
        ("call", "NOUN", "talksWith"),
        ("criticism", "NOUN", "criticises"),
        ("dismissal", "NOUN", "rejects"),
        ("invasion", "NOUN", "invades"),
        ("attack", "NOUN", "attacks"),
        ("support", "NOUN", "supports"),
        ("sanction", "NOUN", "sanctions"),
        ("pound", "VERB", "attacks"),
        ("mock", "VERB", "criticises"),
    ],
)
def test_verbs_and_nominalisations(lemma: str, pos: str, relation: str) -> None:
    assert relation in {t.relation for t in load_lexicon().lookup(lemma, pos)}


def test_phrasal_triggers_carry_their_particle_or_object() -> None:
    lexicon = load_lexicon(ontology_file(LEXICON_FILE))  # the hand rows (CAMEO adds more phrases)
    (set_up,) = lexicon.lookup("set", "VERB")
    assert set_up.requires == ("prt", ("up",)) and set_up.relation == "founds"
    (take_lead,) = lexicon.lookup("take", "VERB")
    assert take_lead.requires == ("dobj", ("lead",)) and take_lead.phrase == "take lead in"
    (meet,) = lexicon.lookup("meet", "VERB")
    assert meet.direct_object and "with" in meet.object_prepositions
    speak, speak_out = lexicon.lookup("speak", "VERB")
    assert not speak.direct_object and "to" in speak.object_prepositions
    assert speak_out.requires == ("prt", ("out",)) and speak_out.relation == "criticises"


def test_trust_is_a_distrust_trigger_only_under_negation() -> None:
    (trust,) = load_lexicon().lookup("trust", "VERB")
    assert trust == Trigger(
        lemma="trust",
        pos="VERB",
        relation="distrusts",
        family=Family.OPPOSE,
        cameo="110",
        direct_object=True,
        negated_only=True,
        source="hand",
    )


def test_inverse_triggers_take_the_member_as_object() -> None:
    (admit,) = load_lexicon(ontology_file(LEXICON_FILE)).lookup("admit", "VERB")
    assert admit.inverse and admit.relation == "joins" and not admit.negated_only


def test_evaluative_adjectives_and_object_restrictions() -> None:
    lexicon = load_lexicon(ontology_file(LEXICON_FILE))
    happy = {t.family: t for t in lexicon.lookup("happy", "ADJ")}
    assert happy[Family.OPPOSE].negated_only and not happy[Family.SUPPORT].negated_only
    assert {t.family for t in lexicon.lookup("angry", "ADJ")} == {Family.OPPOSE}
    welcome = {t.relation: t for t in lexicon.lookup("welcome", "VERB")}
    assert welcome["praises"].owned_object and not welcome["hosts"].owned_object
    assert all(t.person_object for t in lexicon.lookup("brief", "VERB"))


def test_cameo_rows_keep_their_event_code() -> None:
    lexicon = load_lexicon()
    cameo_rows = [t for t in lexicon if t.source == "cameo"]
    assert len(cameo_rows) > 50
    assert all(t.cameo and t.cameo[:2].isdigit() for t in cameo_rows)
    condemn = [t for t in lexicon.lookup("condemn", "VERB") if t.requires is None]
    assert [t.cameo for t in condemn] == ["111"]


def test_load_is_cached() -> None:
    assert load_lexicon() is load_lexicon()


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "relations.csv"
    path.write_text("# comment\n" + HEADER + body, encoding="utf-8")
    return path


def test_unknown_relation_is_a_clear_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "hug,VERB,hugs,,dobj,,,hand,\n")
    with pytest.raises(InputError, match=r"relations\.csv:3: relation 'hugs'"):
        read_lexicon(path)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("meet,ADV,meetsWith,,dobj,,,hand,\n", "part of speech"),
        ("meet,VERB,meetsWith,,,,,hand,\n", "no object slot"),
        ("meet,VERB,meetsWith,,dobj,up,,hand,\n", "dep:lemma"),
        ("meet,VERB,meetsWith,,dobj,,sometimes,hand,\n", "unknown flags"),
        ("meet,VERB,meetsWith\n", "columns"),
    ],
)
def test_malformed_rows_are_rejected(tmp_path: Path, row: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_lexicon(_write(tmp_path, row))


def test_missing_file_and_bad_header(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_lexicon(tmp_path / "absent.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("lemma,relation\nmeet,meetsWith\n", encoding="utf-8")
    with pytest.raises(InputError, match="header"):
        read_lexicon(bad)
