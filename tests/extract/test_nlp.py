"""Loading the extraction pipeline: default choice, clear errors, gazetteer ruler, multiprocessing."""

from __future__ import annotations

import pytest

from graphbuild.errors import ModelError
from graphbuild.extract.nlp import (
    ATTRIBUTE_RULER,
    ATTRIBUTE_TABLE,
    DEFAULT_PIPELINES,
    RULER_NAME,
    LazyPipeline,
    installed_pipelines,
    load_pipeline,
    one_blas_thread,
    use_attribute_table,
)


def test_default_pipeline_is_an_installed_default(nlp):
    assert any(name in installed_pipelines() for name in DEFAULT_PIPELINES)
    assert nlp.meta["name"].startswith("core_web_sm")


def test_unknown_pipeline_names_the_installed_ones():
    with pytest.raises(ModelError) as info:
        load_pipeline("xx_no_such_pipeline")
    message = str(info.value)
    assert "xx_no_such_pipeline" in message
    assert "\n" not in message
    for name in installed_pipelines():
        assert name in message


def test_a_lazy_pipeline_knows_what_it_will_load_without_loading_it(nlp):
    lazy = LazyPipeline()
    assert lazy.pipe_names == nlp.pipe_names  # the extraction cache is keyed by these
    assert {k: lazy.meta[k] for k in ("lang", "name", "version")} == {
        k: nlp.meta[k] for k in ("lang", "name", "version")
    }
    assert lazy._nlp is None
    [doc] = lazy.pipe(["Keir Starmer met Emmanuel Macron."])
    assert [e.text for e in doc.ents] == ["Keir Starmer", "Emmanuel Macron"]
    assert lazy.pipe_names == lazy.load().pipe_names


def test_a_lazy_pipeline_fails_at_once_on_an_unknown_model():
    with pytest.raises(ModelError, match="not installed"):
        LazyPipeline("xx_no_such_model")


def test_components_needed_for_extraction_are_kept(nlp):
    for name in ("tagger", "parser", ATTRIBUTE_TABLE, "lemmatizer", "ner"):
        assert name in nlp.pipe_names
    assert nlp.pipe_names.index(RULER_NAME) < nlp.pipe_names.index("ner")
    assert "senter" not in nlp.component_names


@pytest.mark.parametrize(
    ("text", "surface", "label", "key"),
    [
        ("Britain and France will lead the effort.", "Britain", "GPE", "state/GBR"),
        ("The talks were held in the UK on Friday.", "UK", "GPE", "state/GBR"),
        ("The Kremlin rejected the proposal.", "Kremlin", "ORG", "state/RUS"),
        ("NATO allies met in Brussels.", "NATO", "ORG", "coalition/nato"),
        (
            "Leaders of the coalition of the willing met in Paris.",
            "coalition of the willing",
            "ORG",
            "coalition/coalition-of-the-willing",
        ),
        ("French troops could be deployed.", "French", "NORP", "state/FRA"),
        ("Türkiye offered to host the talks.", "Türkiye", "GPE", "state/TUR"),
    ],
)
def test_gazetteer_names_get_consistent_labels_and_keys(nlp, text, surface, label, key):
    ents = {e.text: (e.label_, e.ent_id_) for e in nlp(text).ents}
    assert ents[surface] == (label, key)


def test_person_names_are_not_swallowed_by_state_names(nlp):
    ents = {e.text: e.label_ for e in nlp("Michael Jordan visited the White House.").ents}
    assert ents.get("Michael Jordan") == "PERSON"


def test_lemmas_are_available_for_triggers(nlp):
    doc = nlp("Starmer criticised Putin.")
    assert doc[1].lemma_ == "criticise"


@pytest.mark.slow
def test_pipeline_works_in_two_processes(nlp):
    texts = ["Keir Starmer met Emmanuel Macron in Paris.", "The Kremlin said Russia would respond."]
    docs = list(nlp.pipe(texts, n_process=2))
    assert [d.text for d in docs] == texts
    assert ("Kremlin", "state/RUS") in {(e.text, e.ent_id_) for e in docs[1].ents}


def test_a_custom_gazetteer_feeds_the_ruler(tmp_path):
    from pathlib import Path

    from graphbuild.extract.gazetteer import load_gazetteer

    source = Path(__file__).resolve().parents[2] / "ontology" / "gazetteer"
    for path in source.iterdir():
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "organisations.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "- {slug: baltic-shield, kind: coalition, label: Baltic Shield, "
            "names: [Baltic Shield]}\n"
        )
    nlp = load_pipeline(gazetteer=load_gazetteer(tmp_path))
    ents = {(e.text, e.ent_id_) for e in nlp("The Baltic Shield met in Riga.").ents}
    assert ("Baltic Shield", "coalition/baltic-shield") in ents


# The attribute_ruler's rules that look past one token or at the parse: contractions ("gonna",
# "gotta", "let's", "y'all", "ain't", "c'mon"), existential "there is", pronoun case by
# dependency, auxiliaries by dependency, white space.
RULE_CORNERS = [
    "I think you're gonna lose the vote, and y'all know it.",
    "Let's be clear: we gotta win this, c'mon.",
    "There is no deal and there were no talks, ain't that so?",
    "It rained.  She said it to me and I told you.\n\nThey did, he had, we'd gone.",
    "That is what he gets, and what she got: 'em all, somethin' ol' nothin'.",
]


def _annotations(doc):
    return [
        (
            *(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i),
            *(t.ent_iob_, t.ent_type_, t.ent_id_, t.is_sent_start),
        )
        for t in doc
    ]


def test_the_attribute_table_annotates_every_token_as_spacys_attribute_ruler(nlp):
    from pathlib import Path

    from graphbuild.documents import read_inputs

    root = Path(__file__).resolve().parents[2]
    stock = load_pipeline(lean=False)
    assert ATTRIBUTE_RULER in stock.pipe_names
    assert ATTRIBUTE_TABLE in nlp.pipe_names and ATTRIBUTE_RULER not in nlp.pipe_names
    inputs = [str(root / "examples" / "articles"), str(root / "tests" / "data" / "news-dev")]
    texts = [d.text for d in read_inputs(inputs)] + RULE_CORNERS
    for expected, lean in zip(stock.pipe(texts), nlp.pipe(texts), strict=True):
        assert _annotations(lean) == _annotations(expected)
    corners = list(nlp.pipe(RULE_CORNERS))
    assert [t.lemma_ for t in corners[0][4:6]] == ["go", "to"]  # a rule on two tokens
    assert corners[2][1].pos_ == "VERB"  # "is" after expletive "There"
    assert {t.pos_ for t in corners[3] if t.is_space} == {"SPACE"}


def test_the_lean_pipeline_multiplies_with_numpy_on_one_blas_thread(nlp):
    # the annotations match BLIS's on every token: the attribute-table test above compares them
    import numpy
    from threadpoolctl import threadpool_info

    def uses_blis(pipeline):
        return {
            node.ops.use_blis
            for _, component in pipeline.pipeline
            if hasattr(component, "model") and hasattr(component.model, "walk")
            for node in component.model.walk()
        }

    assert uses_blis(nlp) == {False}
    assert uses_blis(load_pipeline(lean=False)) == {True}
    assert numpy.dot is not None  # numpy (and its BLAS) loaded, so threadpoolctl sees it
    before = [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]
    with one_blas_thread():
        assert {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"} <= {1}
    assert [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"] == before


def _blank_with_ruler(patterns):
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    return nlp


def test_the_table_follows_rule_order_indices_and_predicates_of_the_ruler():
    from spacy.tokens import Doc

    patterns = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
        {"patterns": [[{"TAG": {"IN": ["NN", "NNS"]}, "LOWER": "talks"}]], "attrs": {"POS": "X"}},
        {"patterns": [[{"LOWER": {"REGEX": "^ta"}}]], "attrs": {"LEMMA": "t-word"}},
        {"patterns": [[{"TAG": {"NOT_IN": ["NN", ""]}}]], "attrs": {"POS": "VERB"}},
        {
            "patterns": [[{"LOWER": "peace"}, {"LOWER": "talks"}]],
            "attrs": {"LEMMA": "pt"},
            "index": -1,
        },
        {"patterns": [[{"DEP": "nsubj"}, {"IS_SPACE": False}]], "attrs": {"MORPH": "Case=Nom"}},
    ]
    ruler_nlp = _blank_with_ruler(patterns)
    table_nlp = _blank_with_ruler(patterns)
    assert use_attribute_table(table_nlp)
    words = ["Peace", "talks", "talks", "resumed", "in", "Doha", "tamely"]
    tags = ["NN", "NNS", "NN", "VBD", "IN", "NNP", ""]
    deps = ["compound", "nsubj", "nsubj", "ROOT", "prep", "pobj", "advmod"]
    heads = [1, 3, 3, 3, 3, 4, 3]

    def doc(vocab):
        return Doc(vocab, words=words, tags=tags, deps=deps, heads=heads)

    expected = ruler_nlp.get_pipe("attribute_ruler")(doc(ruler_nlp.vocab))
    got = table_nlp.get_pipe(ATTRIBUTE_TABLE)(doc(table_nlp.vocab))
    assert _annotations(got) == _annotations(expected)
    assert [t.pos_ for t in got] == ["NOUN", "VERB", "X", "VERB", "VERB", "VERB", ""]
    assert [t.lemma_ for t in got][:3] == ["", "pt", "t-word"]


def test_a_rule_the_table_cannot_express_keeps_spacys_attribute_ruler():
    nlp = _blank_with_ruler(
        [{"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"LEMMA": "very"}}]
    )
    assert not use_attribute_table(nlp)
    assert nlp.pipe_names == [ATTRIBUTE_RULER]


@pytest.mark.parametrize(
    ("text", "word", "starts"),
    [
        # a paragraph after an abbreviation's full stop is a new sentence, not a conjunct
        (
            "Leaders gathered in Oslo on Aug. 18.\nSanchez, in a grey coat, met Scholz.",
            "Sanchez",
            True,
        ),
        ("The talks ended.\n\nnext came lunch with the ministers.", "next", True),  # blank line
        ("A pact was signed:\nKenya and Uganda welcomed it.", "Kenya", True),
        # a hard-wrapped line with no end mark goes on with its sentence
        ("Pedro Sanchez met Olaf\nScholz in Madrid on Friday.", "Scholz", False),
    ],
)
def test_a_line_that_ends_a_sentence_starts_a_new_one(nlp, text, word, starts):
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    assert bool(token.is_sent_start) is starts
