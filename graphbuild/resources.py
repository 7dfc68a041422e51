"""Where the project's data files live: the ontology, gazetteer, lexicon and named queries.

In a checkout or an editable install they are the top-level `ontology/` and `queries/` folders;
an installed wheel carries copies inside the package under `graphbuild/_data/`.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent


def _locate(name: str) -> Path:
    source = ROOT / name
    return (
        source
        if (source.is_dir() and (ROOT / "pyproject.toml").is_file())
        else PACKAGE_DIR / "_data" / name
    )


ONTOLOGY_DIR = _locate("ontology")
QUERIES_DIR = _locate("queries")
EXAMPLES_DIR = ROOT / "examples"


def ontology_file(name: str) -> Path:
    """Path of a file under `ontology/` (ontology, shapes, gazetteer, lexicon)."""
    return ONTOLOGY_DIR / name
