"""The one vocabulary loader: every word list declared, every file checked, every list used."""

from __future__ import annotations

import ast
import functools
import re
import shutil
from pathlib import Path

import pytest
import spacy
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.glossary import GLOSSARY

import graphbuild
from graphbuild.errors import InputError
from graphbuild.extract.vocabulary import (
    SECTIONS,
    CueWords,
    EntityWords,
    Kind,
    PredicateWords,
    RuleWords,
    declared_lists,
    load_vocabulary,
    parse_section,
    read_section,
    vocabulary_files,
)
from graphbuild.resources import ONTOLOGY_DIR, ontology_file

PACKAGE = Path(graphbuild.__file__).resolve().parent
LOADER = PACKAGE / "extract" / "vocabulary.py"


def test_every_declared_list_loads_from_its_file() -> None:
    vocabulary = load_vocabulary()
    assert vocabulary is load_vocabulary()  # read once per process
    for word_list in declared_lists():
        value = getattr(getattr(vocabulary, word_list.section), word_list.name)
        assert value, f"{word_list.file}: {word_list.key} is empty"
        if word_list.kind is Kind.MAPPING:
            assert all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
        elif word_list.kind is Kind.COUNTS:
            assert all(isinstance(k, str) and isinstance(v, int) for k, v in value.items())
        else:
            assert isinstance(value, frozenset)
    assert "never" in vocabulary.cues.negation_words
    assert "no" in vocabulary.cues.negation_words  # quoted in YAML, which reads a bare no as False
    assert "Mr." in vocabulary.entities.honorifics  # forms keep their case
    assert "head of state" in vocabulary.entities.role_nouns  # phrases keep their spaces
    assert vocabulary.roles.joint_verbs["meet"] == "meetsWith"
    assert vocabulary.entities.group_counts["three"] == 3  # counts: words to whole numbers


def test_names_are_unique_and_files_lie_under_the_fingerprinted_folder() -> None:
    names = [w.name for w in declared_lists()]
    assert len(names) == len(set(names))  # one name, one list, whatever its section
    for path in vocabulary_files():
        assert path.is_relative_to(ONTOLOGY_DIR)  # builder.cache fingerprints all of ontology/


def test_a_changed_word_changes_the_cache_fingerprint(tmp_path: Path) -> None:
    from graphbuild.builder.cache import fingerprint

    nlp = spacy.blank("en")  # the fingerprint reads the pipeline's name and components only
    copy = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY_DIR, copy)
    before = fingerprint(nlp, vocabulary=copy)
    for path in vocabulary_files():
        target = copy / path.relative_to(ONTOLOGY_DIR)
        text = target.read_text(encoding="utf-8")
        target.write_text(text + "\n# a comment\n", encoding="utf-8")
        after = fingerprint(nlp, vocabulary=copy)
        assert after != before, path
        before = after


def _data(section: type) -> dict:
    text = ontology_file(section.FILE).read_text(encoding="utf-8")  # type: ignore[attr-defined]
    return yaml.safe_load(text)


# (section, change to the shipped data or the file's text, what the one-line error names)
BAD = [
    (
        CueWords,
        lambda d: d.update(extra_verbs=["x"]),
        r"cue-words\.yaml: extra_verbs: not a declared",
    ),
    (CueWords, lambda d: d["negation"].update(extra=["x"]), r"negation\.extra: not a declared"),
    (CueWords, lambda d: d["negation"].pop("governors"), r"negation\.governors: missing"),
    (
        CueWords,
        lambda d: d.update(reporting_verbs="say"),
        r"reporting_verbs: expected a list of lemmas, not str",
    ),
    (CueWords, lambda d: d.update(reporting_verbs=None), r"reporting_verbs: expected a list"),
    (CueWords, lambda d: d.update(copulas=["be", False]), r"copulas: False is YAML's boolean"),
    (CueWords, lambda d: d.update(copulas=["be", 12]), r"copulas: 12 is not a word"),
    (CueWords, lambda d: d.update(copulas=["be", "Become"]), r"copulas: 'Become' must be lower"),
    (CueWords, lambda d: d.update(copulas=["be", "turn out"]), r"copulas: 'turn out' is not one"),
    (CueWords, lambda d: d.update(copulas=["be", "be"]), r"copulas: 'be' is listed twice"),
    (CueWords, lambda d: d.update(copulas=["be", " "]), r"copulas: an empty entry"),
    (CueWords, lambda d: d.update(copulas=["be", "get "]), r"copulas: 'get ' has stray spaces"),
    (EntityWords, lambda d: d.update(role_nouns=["Leader"]), r"role_nouns: 'Leader' must be lower"),
    (EntityWords, lambda d: d.update(honorifics=["Mr", "Mr"]), r"honorifics: 'Mr' is listed twice"),
    (PredicateWords, lambda d: d.pop("light_verbs"), r"predicates\.yaml: light_verbs: missing"),
    (RuleWords, lambda d: d["joint_verbs"].update(meet="attacks"), r"'meet' -> 'attacks' is not"),
    (RuleWords, lambda d: d["joint_verbs"].update(meet="greets"), r"'meet' -> 'greets' is not"),
    (RuleWords, lambda d: d.update(joint_verbs=["meet"]), r"joint_verbs: expected a mapping"),
    (RuleWords, lambda d: d["meeting_nouns"].update(Summit="meetsWith"), r"'Summit' must be lower"),
    (EntityWords, lambda d: d["group_counts"].update(six="6"), r"'six' -> '6' is not a whole"),
    (EntityWords, lambda d: d["group_counts"].update(six=0), r"'six' -> 0 is not a whole"),
    (EntityWords, lambda d: d.update(group_counts=["three"]), r"expected a mapping of words to"),
    (CueWords, lambda d: d["stance_prefix_relations"].update(pro="attacks"), r"'pro' -> 'attacks'"),
]


@pytest.mark.parametrize(("section", "change", "message"), BAD)
def test_a_bad_list_is_a_one_line_error_naming_file_and_key(
    section: type, change, message: str, tmp_path: Path
) -> None:
    data = _data(section)
    change(data)
    path = tmp_path / Path(section.FILE).name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        read_section(section, path)
    assert "\n" not in str(caught.value) and str(caught.value).startswith(str(path))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hedges: [a]\nhedges: [b]\n", r"line 2: key 'hedges' is given twice"),
        ("negation: [unclosed\n", r"cannot read the word lists"),
        ("- just\n- a list\n", r"expected a mapping of word lists"),
        ("", r"expected a mapping of word lists"),
        ("negation: {words: [not]}\n", r"negation\.correlatives: missing"),
    ],
)
def test_a_bad_file_is_a_one_line_error(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "cue-words.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        read_section(CueWords, path)
    assert "\n" not in str(caught.value) and str(caught.value).startswith(str(path))


def test_a_bare_yaml_boolean_is_no_word(tmp_path: Path) -> None:
    text = ontology_file(CueWords.FILE).read_text(encoding="utf-8")
    assert '"no", neither' in text
    path = tmp_path / "cue-words.yaml"
    path.write_text(text.replace('"no", neither', "no, neither"), encoding="utf-8")
    with pytest.raises(InputError, match=r"negation\.words: False is YAML's boolean: quote it"):
        read_section(CueWords, path)


def test_an_unreadable_file_is_a_one_line_error(tmp_path: Path) -> None:
    binary = tmp_path / "words.yaml"
    binary.write_bytes(b"\xff\xfe\x00honorifics")
    for path in (binary, tmp_path / "missing.yaml"):
        with pytest.raises(InputError, match="cannot read the word lists") as caught:
            read_section(EntityWords, path)
        assert "\n" not in str(caught.value)


# ---- the parser on any YAML document --------------------------------------------------------

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.sampled_from(["be", "Mr."])
)
_documents = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.one_of(st.text(max_size=12), st.booleans()), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=60)
@given(st.sampled_from(list(SECTIONS.values())), _documents)
def test_any_document_parses_or_fails_with_input_error(section: type, data: object) -> None:
    try:
        parse_section(section, data, "x.yaml")
    except InputError as exc:
        assert str(exc).startswith("x.yaml: ") and "\n" not in str(exc)


_lower_words = st.builds(
    str.__add__,
    st.sampled_from("abcdefghijklmnopqrstuvwxyz"),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz'-", max_size=8),
)


@settings(max_examples=40)
@given(st.data())
def test_well_formed_lists_come_back_as_written(data: st.DataObject) -> None:
    """Any lists of well-formed words, written by a YAML dumper, read back as the same sets: YAML's
    booleans (no, on, yes) and numbers among them stay words when quoted."""
    document: dict = {}
    expected: dict[str, frozenset[str]] = {}
    for word_list in (w for w in declared_lists() if w.section == "predicates"):
        words = data.draw(st.lists(_lower_words, unique=True, max_size=5), label=word_list.key)
        node = document
        *parents, last = word_list.key.split(".")
        for parent in parents:
            node = node.setdefault(parent, {})
        node[last] = words
        expected[word_list.name] = frozenset(words)
    parsed = parse_section(PredicateWords, yaml.safe_load(yaml.safe_dump(document)), "x.yaml")
    assert {name: getattr(parsed, name) for name in expected} == expected


# ---- declared lists are used, used lists are declared ---------------------------------------


@functools.cache
def _sources() -> dict[Path, ast.Module]:
    return {
        path: ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != LOADER
    }


def test_every_declared_list_is_read_by_code() -> None:
    read = {
        node.attr
        for tree in _sources().values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
    }
    unread = [f"{w.file}: {w.key}" for w in declared_lists() if w.name not in read]
    assert not unread, f"declared but never read: {unread}"


def test_no_code_reads_a_vocabulary_file_but_the_loader() -> None:
    names = tuple(Path(cls.FILE).name for cls in SECTIONS.values())
    for path, tree in _sources().items():
        named = [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.endswith(names)
        ]
        assert not named, f"{path.name} reads word lists itself: {named}"


# Extraction code declares no word list of its own: a module-level set, tuple, list or dict of
# English words belongs in the vocabulary. The strings of spaCy's glossary (dependency labels,
# part-of-speech tags, entity types) are grammar, not vocabulary, and a few function words tested
# inline by the one rule they shape ("a package of", "without talks") stay in that rule.
_WORD = re.compile(r"[a-z][a-z'-]*\Z")
_NOT_WORD_LISTS = {
    # identifiers of the code's own records and schemas: office kinds, CSV flags
    frozenset({"head_of_state", "head_of_government", "minister", "envoy", "military", "official"}),
    frozenset({"coalition", "organization", "party"}),  # organisations.yaml's kinds
}
# Module-level word lists not moved yet (none: a new one is declared in vocabulary.py).
_PENDING: set[frozenset[str]] = set()


def _strings(node: ast.expr) -> frozenset[str] | None:
    """The strings of a literal collection (or of frozenset(...) / set(...) / tuple(...) of one),
    of a dict's keys unless it is a table of numbers; None for anything else."""
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        return _strings(node.args[0])
    if isinstance(node, ast.Dict):
        if all(isinstance(v, ast.Constant) and isinstance(v.value, float) for v in node.values):
            return None  # a table of rule confidences
        items: list[ast.expr | None] = list(node.keys)
    elif isinstance(node, ast.Set | ast.Tuple | ast.List):
        items = list(node.elts)
    else:
        return None
    values = [i.value for i in items if isinstance(i, ast.Constant)]
    if len(values) < 2 or len(values) < len(items) or not all(isinstance(v, str) for v in values):
        return None
    return frozenset(values)


def _word_lists(tree: ast.Module) -> list[tuple[int, frozenset[str]]]:
    """Module-level constants that are collections of English words."""
    found = []
    for statement in tree.body:
        value = statement.value if isinstance(statement, ast.Assign | ast.AnnAssign) else None
        words = _strings(value) if value is not None else None
        if words and any(_WORD.match(w) and w not in GLOSSARY for w in words):
            found.append((statement.lineno, words))
    return found


def test_extraction_code_declares_no_word_list_of_its_own() -> None:
    extraction = PACKAGE / "extract"
    inline = [
        f"{path.name}:{line}: {sorted(words)}"
        for path, tree in _sources().items()
        if path.is_relative_to(extraction)
        and path.stem not in {"cameo", "lexicon", "calibration", "nlp"}  # table readers, schemas
        for line, words in _word_lists(tree)
        if words not in _NOT_WORD_LISTS and words not in _PENDING
    ]
    present = {
        words
        for path, tree in _sources().items()
        if path.is_relative_to(extraction)
        for _, words in _word_lists(tree)
    }
    stale = [sorted(w) for w in (_PENDING | _NOT_WORD_LISTS) - present]
    assert not stale, f"allowed above but gone from the code: {stale}"
    assert not inline, (
        "word lists in code (declare them in graphbuild/extract/vocabulary.py):\n"
        + "\n".join(inline)
    )
