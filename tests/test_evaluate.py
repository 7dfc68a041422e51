"""Scoring statements against gold triples (graphbuild.evaluate)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.documents import read_inputs
from graphbuild.errors import InputError
from graphbuild.evaluate import (
    GoldTriple,
    format_report,
    load_gold,
    normalise_name,
    parse_gold,
    score,
)
from graphbuild.records import Entity, EntityKind, Family, Modality, Polarity, Statement, TextSpan

STARMER = Entity("person/keir-starmer", EntityKind.PERSON, "Keir Starmer", ("Starmer", "Sir Keir"))
MACRON = Entity("person/emmanuel-macron", EntityKind.PERSON, "Emmanuel Macron", ("Macron",))
PUTIN = Entity("person/vladimir-putin", EntityKind.PERSON, "Vladimir Putin", ("Putin",))
TRUMP = Entity("person/donald-trump", EntityKind.PERSON, "Donald Trump", ("Trump", "Mr Trump"))
UK = Entity("state/GBR", EntityKind.STATE, "United Kingdom", ("UK", "Britain"), code="GBR")
FRANCE = Entity("state/FRA", EntityKind.STATE, "France", ("French",), code="FRA")
UKRAINE = Entity("state/UKR", EntityKind.STATE, "Ukraine", (), code="UKR")
RUSSIA = Entity("state/RUS", EntityKind.STATE, "Russian Federation", ("Russia",), code="RUS")
NATO = Entity("coalition/nato", EntityKind.COALITION, "NATO", ("Nato",))

RELATION = {
    Family.POST_IN: "headOfGovernmentOf",
    Family.MEMBER_OF: "memberOf",
    Family.COOPERATE: "meetsWith",
    Family.SUPPORT: "supports",
    Family.OPPOSE: "criticises",
    Family.ATTACK: "invades",
}


def stmt(doc, subject, family, obj, *, polarity=Polarity.POSITIVE, modality=Modality.ASSERTED):
    sentence = f"{subject.label} {RELATION[family]} {obj.label}."
    return Statement(
        doc_id=doc,
        sentence_index=0,
        sentence=TextSpan(0, len(sentence), sentence),
        subject=subject,
        relation=RELATION[family],
        family=family,
        object=obj,
        subject_span=TextSpan(0, 1, "x"),
        object_span=TextSpan(0, 1, "x"),
        trigger=TextSpan(0, 1, "x"),
        rule="test",
        confidence=0.9,
        polarity=polarity,
        modality=modality,
    )


def gold(doc, s, s_aliases, rel, o, o_aliases):
    return GoldTriple(doc, s, tuple(s_aliases), Family(rel), o, tuple(o_aliases))


GOLD = [
    gold("news#1", "Keir Starmer", ["Starmer", "Sir Keir"], "POST_IN", "United Kingdom", ["UK"]),
    gold("news#1", "Emmanuel Macron", ["Macron"], "POST_IN", "France", ["France", "French"]),
    gold("news#1", "Keir Starmer", ["Starmer"], "COOPERATE", "Emmanuel Macron", ["Macron"]),
    gold("news#2", "Vladimir Putin", ["Putin"], "ATTACK", "Ukraine", ["Ukraine"]),
    gold("news#2", "Russia", ["Russia"], "ATTACK", "Ukraine", ["Ukraine"]),
    gold("news#2", "Ukraine", ["Ukraine"], "OPPOSE", "Russia", ["Russia"]),
]


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("President Emmanuel Macron", "emmanuel macron"),
        ("Sir Keir", "keir"),
        ("Mr. Trump", "trump"),
        ("the United Kingdom", "united kingdom"),
        ("U.S.", "us"),
        ("Putin's", "putin"),
        ("Zelenskyy", "zelenskyy"),
        ("Prime Minister Keir Starmer", "keir starmer"),
        ("Secretary of State Marco Rubio", "marco rubio"),
        ("Élysée", "elysee"),
        ("President", "president"),
        ("coalition of the willing", "coalition of the willing"),
        ("  NATO ", "nato"),
    ],
)
def test_normalise_name(name, normal):
    assert normalise_name(name) == normal


def test_exact_scores_per_family_and_micro():
    predicted = [
        stmt("news#1", STARMER, Family.POST_IN, UK),  # correct
        stmt("news#1", MACRON, Family.POST_IN, UK),  # wrong object
        stmt("news#1", MACRON, Family.COOPERATE, STARMER),  # correct, reversed
        stmt("news#2", PUTIN, Family.ATTACK, UKRAINE),  # correct
        stmt("news#2", RUSSIA, Family.ATTACK, UKRAINE),  # correct via alias "Russia"
        stmt("news#1", PUTIN, Family.ATTACK, UKRAINE),  # right triple, wrong document
    ]
    report = score(predicted, GOLD)
    post = report.family(Family.POST_IN)
    assert (post.gold, post.predicted, post.correct, post.found) == (2, 2, 1, 1)
    assert (post.precision, post.recall, post.f1) == (0.5, 0.5, 0.5)
    attack = report.family("ATTACK")
    assert (attack.gold, attack.predicted, attack.correct, attack.found) == (2, 3, 2, 2)
    assert attack.precision == pytest.approx(2 / 3)
    assert attack.recall == 1.0
    assert attack.f1 == pytest.approx(0.8)
    oppose = report.family(Family.OPPOSE)
    assert (oppose.precision, oppose.recall, oppose.f1) == (0.0, 0.0, 0.0)
    overall = report.overall
    assert (overall.gold, overall.predicted, overall.correct, overall.found) == (6, 6, 4, 4)
    assert overall.precision == pytest.approx(4 / 6)
    assert overall.recall == pytest.approx(4 / 6)
    assert {(g.doc, g.s, g.rel) for g in report.misses} == {
        ("news#1", "Emmanuel Macron", Family.POST_IN),
        ("news#2", "Ukraine", Family.OPPOSE),
    }
    assert {(p.doc, p.subject, p.object) for p in report.false_positives} == {
        ("news#1", "Emmanuel Macron", "United Kingdom"),
        ("news#1", "Vladimir Putin", "Ukraine"),
    }


def test_a_former_post_counts_as_a_post_held():
    # Gold data records positions held (Wikidata P39), so a post the text says has ended
    # ("the former prime minister") is found, though the graph asserts no direct triple for it.
    former = stmt("news#1", STARMER, Family.POST_IN, UK, modality=Modality.PAST)
    assert not former.is_fact and former.held_at_some_time
    report = score([former], [GOLD[0]])
    assert report.overall.correct == 1
    denied = stmt("news#1", STARMER, Family.POST_IN, UK, polarity=Polarity.NEGATIVE)
    assert not denied.held_at_some_time


def test_direction_matters_except_for_cooperate():
    gold_rows = [
        gold("d", "Starmer", [], "COOPERATE", "Macron", []),
        gold("d", "Ukraine", [], "OPPOSE", "Russia", []),
    ]
    report = score(
        [stmt("d", MACRON, Family.COOPERATE, STARMER), stmt("d", RUSSIA, Family.OPPOSE, UKRAINE)],
        gold_rows,
    )
    assert report.family(Family.COOPERATE).f1 == 1.0
    assert report.family(Family.OPPOSE).f1 == 0.0


def test_only_facts_count_and_duplicates_collapse():
    predicted = [
        stmt("news#1", STARMER, Family.POST_IN, UK),
        stmt("news#1", STARMER, Family.POST_IN, UK),
        stmt("news#1", MACRON, Family.COOPERATE, STARMER),
        stmt("news#1", STARMER, Family.COOPERATE, MACRON),
        stmt("news#1", MACRON, Family.POST_IN, FRANCE, polarity=Polarity.NEGATIVE),
        stmt("news#1", MACRON, Family.POST_IN, FRANCE, modality=Modality.HYPOTHETICAL),
    ]
    report = score(predicted, [*GOLD, GOLD[0], GOLD[2]])
    assert report.overall.predicted == 2
    assert report.overall.gold == 6
    assert report.overall.correct == 2
    assert report.overall.precision == 1.0


def test_alias_matching_either_side():
    starmer_by_title = Entity("person/keir-starmer", EntityKind.PERSON, "Sir Keir", ())
    britain = Entity("state/GBR", EntityKind.STATE, "Great Britain", ("Britain",))
    report = score([stmt("d", starmer_by_title, Family.POST_IN, britain)], [
        gold("d", "Keir Starmer", ["Prime Minister Keir Starmer", "Keir"], "POST_IN", "UK",
             ["the United Kingdom", "Britain"]),
    ])  # fmt: skip
    assert report.overall.f1 == 1.0


def test_families_default_to_those_in_the_gold_and_can_be_chosen():
    predicted = [stmt("d", STARMER, Family.POST_IN, UK), stmt("d", STARMER, Family.OPPOSE, PUTIN)]
    rows = [gold("d", "Starmer", [], "POST_IN", "UK", [])]
    report = score(predicted, rows)
    assert [f.name for f in report.families] == ["POST_IN"]
    assert report.overall.precision == 1.0
    report = score(predicted, rows, families=[Family.POST_IN, "OPPOSE"])
    assert [f.name for f in report.families] == ["POST_IN", "OPPOSE"]
    assert report.overall.precision == 0.5


def test_doc_ids_restrict_both_sides():
    predicted = [stmt("news#1", STARMER, Family.POST_IN, UK), stmt("x", NATO, Family.ATTACK, UK)]
    report = score(predicted, GOLD, doc_ids=["news#1"])
    assert (report.overall.gold, report.overall.predicted) == (3, 1)


def test_items_of_a_split_page_count_for_the_page_the_gold_annotates_whole():
    whole = [gold("page", "Keir Starmer", ["Starmer"], "POST_IN", "United Kingdom", ["UK"])]
    predicted = [
        stmt("page#1", STARMER, Family.POST_IN, UK),
        stmt("other#1", STARMER, Family.POST_IN, UK),
    ]
    report = score(predicted, whole)
    assert (report.overall.correct, report.overall.found, report.overall.predicted) == (1, 1, 2)
    # gold that names items keeps scoring item by item
    report = score([stmt("news#2", STARMER, Family.POST_IN, UK)], GOLD)
    assert report.overall.correct == 0


def test_format_report_lists_table_misses_and_false_positives():
    report = score(
        [stmt("news#1", STARMER, Family.POST_IN, UK), stmt("news#1", MACRON, Family.POST_IN, UK)],
        GOLD,
    )
    text = format_report(report)
    assert "POST_IN" in text and "micro" in text
    assert "0.500" in text
    assert "news#2  Ukraine --OPPOSE--> Russia" in text
    assert "news#1  Emmanuel Macron --POST_IN/headOfGovernmentOf--> United Kingdom  [test]" in text
    assert "Emmanuel Macron headOfGovernmentOf United Kingdom." in text


def test_load_gold(tmp_path):
    path = tmp_path / "gold.jsonl"
    rows = [
        {"doc": "d1", "s": "Kwame Nkrumah", "s_aliases": ["Nkrumah"], "rel": "POST_IN",
         "o": "Ghana", "o_aliases": ["Ghana"], "wikidata": ["P35"]},
        {"doc": "d2", "s": "Norway", "rel": "MEMBER_OF", "o": "NATO"},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    assert load_gold(path) == [
        GoldTriple("d1", "Kwame Nkrumah", ("Nkrumah",), Family.POST_IN, "Ghana", ("Ghana",)),
        GoldTriple("d2", "Norway", (), Family.MEMBER_OF, "NATO", ()),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"doc": "d"\n', r"^g\.jsonl:1: malformed JSON"),
        ('\n["x"]\n', r"^g\.jsonl:2: expected a JSON object"),
        ("[" * 100_000, r"^g\.jsonl:1: malformed JSON \(RecursionError\)$"),
        ('{"s": "a", "rel": "POST_IN", "o": "b"}', r"^g\.jsonl:1: missing or empty string 'doc'"),
        (
            '{"doc": "d", "s": "a", "rel": "LIKES", "o": "b"}',
            r"^g\.jsonl:1: unknown relation family 'LIKES'",
        ),
        (
            '{"doc": "d", "s": "a", "rel": "LEADS", "o": "b", "o_aliases": "b"}',
            r"^g\.jsonl:1: 'o_aliases' must be a list of strings$",
        ),
        ("\n\n", r"^g\.jsonl: no gold triples$"),
    ],
)
def test_bad_gold_is_a_one_line_input_error(text, message):
    with pytest.raises(InputError, match=message):
        parse_gold(text, where="g.jsonl")


def test_missing_gold_file(tmp_path):
    with pytest.raises(InputError, match=r"nope\.jsonl: no such gold file"):
        load_gold(tmp_path / "nope.jsonl")


def test_binary_gold_file_is_an_input_error(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b'{"doc": "d"}\x00\x01')
    with pytest.raises(InputError, match=r"gold\.jsonl: binary file"):
        load_gold(path)


def test_news_dev_gold_matches_the_split_pages():
    data = Path(__file__).parent / "data"
    rows = load_gold(data / "news-dev-gold.jsonl")
    assert len(rows) >= 60
    assert {g.rel for g in rows} == set(Family)
    split_ids = {d.id for d in read_inputs([str(data / "news-dev")])}
    assert split_ids == {f"news-000#{i}" for i in range(1, 5)} | {
        f"news-002#{i}" for i in range(1, 5)
    }
    assert {g.doc for g in rows} <= split_ids
    assert all(g.s in g.s_aliases and g.o in g.o_aliases for g in rows)
    # no triple twice (COOPERATE counts once in either direction)
    assert len(score([], rows).misses) == len(rows)


@pytest.mark.parametrize(
    ("name", "pages"),
    [
        ("news-heldout", ("page-101", "page-102")),
        ("news-blind", ("page-201",)),
        ("news-blind2", ("page-301",)),
    ],
)
def test_our_news_sets_gold_matches_their_split_pages(name: str, pages: tuple[str, ...]) -> None:
    data = Path(__file__).parent / "data"
    rows = load_gold(data / f"{name}-gold.jsonl")
    split_ids = {d.id for d in read_inputs([str(data / name)])}
    assert {d.rsplit("#", 1)[0] for d in split_ids} == set(pages)
    assert {g.doc for g in rows} <= split_ids
    assert all(g.s in g.s_aliases and g.o in g.o_aliases for g in rows)
    assert len(score([], rows).misses) == len(rows)  # no triple twice


def test_format_report_caps_the_lists():
    report = score([stmt("news#1", MACRON, Family.POST_IN, UK)], GOLD)
    text = format_report(report, max_items=1)
    assert "Misses (6)" in text and "  ... and 5 more" in text
    assert "False positives (1)" in text and text.count("... and") == 1


def test_unknown_family_is_an_input_error():
    with pytest.raises(InputError, match="unknown relation family 'LIKES'"):
        score([], GOLD, families=["LIKES"])


def test_predicted_states_also_go_by_known_names_such_as_demonyms():
    pakistan = Entity("state/PAK", EntityKind.STATE, "Pakistan", (), code="PAK")
    sharif = Entity("person/nawaz-sharif", EntityKind.PERSON, "Nawaz Sharif", ())
    rows = [gold("d", "Nawaz Sharif", ["Nawaz Sharif"], "POST_IN", "Pakistani", ["Pakistani"])]
    predicted = [stmt("d", sharif, Family.POST_IN, pakistan)]
    assert score(predicted, rows, known_names={}).overall.f1 == 0.0
    known = {"state/PAK": ("Pakistan", "Islamic Republic of Pakistan", "Pakistani")}
    assert score(predicted, rows, known_names=known).overall.f1 == 1.0
    assert score(predicted, rows).overall.f1 == 1.0  # the gazetteer knows the demonym
