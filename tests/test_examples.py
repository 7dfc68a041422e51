"""Every examples/*.py script runs as users would run it and prints something meaningful."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graphbuild.resources import EXAMPLES_DIR

SCRIPTS = sorted(EXAMPLES_DIR.glob("*.py"))
EXPECTED = {
    "build_and_query.py": "Keir Starmer",
    "extract_sentences.py": "Emmanuel Macron",
    "network_analysis.py": "Vladimir Putin",
}


def test_every_script_has_an_expectation() -> None:
    assert {p.name for p in SCRIPTS} == set(EXPECTED)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_example_script_runs(script: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert EXPECTED[script.name] in done.stdout
