"""Where the project's data files live: the ontology, gazetteer, lexicon and named queries.

In a checkout or an editable install they are the top-level `ontology/` and `queries/` folders;
an installed wheel carries copies inside the package under `graphbuild/_data/`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from graphbuild.errors import InputError

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


def read_data_csv(
    path: Path, what: str, columns: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) of a data CSV whose "#" lines are comments, after checking its header
    and column counts; InputError names the file and line (the lexicon and calibration tables)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the {what}: {exc}") from exc
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and line[0] != "#"]
    if not numbered:
        raise InputError(f"{path}: the {what} is empty")
    reader = csv.DictReader(line for _, line in numbered)
    if tuple(reader.fieldnames or ()) != columns:
        raise InputError(f"{path}:{numbered[0][0]}: header must be {','.join(columns)}")
    for (number, _), row in zip(numbered[1:], reader, strict=True):
        if None in row or any(v is None for v in row.values()):
            raise InputError(f"{path}:{number}: expected {len(columns)} columns")
        yield number, row
