"""Atomic output: a finished write replaces the file, a failed one leaves the old file alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuild.errors import GraphbuildError
from graphbuild.fsutil import atomic_open, atomic_write_text


def test_text_is_written_as_given_and_folders_are_made(tmp_path: Path):
    target = tmp_path / "out" / "graph.ttl"
    atomic_write_text(target, "line one\r\nline two\n")
    assert target.read_bytes() == b"line one\r\nline two\n"
    assert [p.name for p in target.parent.iterdir()] == ["graph.ttl"]


def test_binary_mode(tmp_path: Path):
    target = tmp_path / "data.nq"
    with atomic_open(target, "wb") as handle:
        handle.write("Zelenskyy – Kyiv\n".encode())
    assert target.read_text(encoding="utf-8") == "Zelenskyy – Kyiv\n"


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path):
    target = tmp_path / "page.html"
    target.write_text("old page", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write("half a new page")
        raise RuntimeError("renderer crashed")
    assert target.read_text(encoding="utf-8") == "old page"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_an_unwritable_target_is_a_one_line_error(tmp_path: Path):
    blocker = tmp_path / "graph.html"
    blocker.mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(GraphbuildError, match=r"graph\.html: cannot write: "):
        atomic_write_text(blocker, "<!doctype html>")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]
