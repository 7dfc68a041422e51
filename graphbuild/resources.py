"""Where the project's data files live: the ontology, gazetteer, lexicon and named queries."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
QUERIES_DIR = ROOT / "queries"
EXAMPLES_DIR = ROOT / "examples"


def ontology_file(name: str) -> Path:
    """Path of a file under `ontology/` (ontology, shapes, gazetteer, lexicon)."""
    return ONTOLOGY_DIR / name
