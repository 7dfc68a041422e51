"""Safe output: a finished write replaces the file, a failed one leaves the old file alone; links,
pipes and devices are written to, never replaced; locks keep two runs apart; temporaries of a
killed run are removed."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from graphbuild.errors import GraphbuildError
from graphbuild.fsutil import (
    Busy,
    atomic_open,
    atomic_write_text,
    lock_path,
    output_lock,
    remove_stale_temporaries,
    temporaries,
    writer_pid,
)


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
    blocker.mkdir()  # a folder where the file should go
    with pytest.raises(GraphbuildError, match=r"graph\.html: cannot write: a folder, not a file"):
        atomic_write_text(blocker, "<!doctype html>")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


def test_a_parent_that_is_a_file_is_named_as_such(tmp_path: Path):
    (tmp_path / "out").write_text("a file", encoding="utf-8")
    with pytest.raises(GraphbuildError, match="cannot write: a parent of it is a file"):
        atomic_write_text(tmp_path / "out" / "graph.ttl", "x")


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path):
    target = tmp_path / "private.ttl"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    atomic_write_text(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_symlink_stays_a_link_and_the_file_it_names_gets_the_text(tmp_path: Path):
    real = tmp_path / "data" / "graph.ttl"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.ttl"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text(encoding="utf-8") == "new"
    assert temporaries(tmp_path) == temporaries(real.parent) == []

    dangling = tmp_path / "next.ttl"
    dangling.symlink_to(tmp_path / "data" / "next-real.ttl")
    atomic_write_text(dangling, "created")  # as `echo > dangling` would: the named file is made
    assert dangling.is_symlink()
    assert (tmp_path / "data" / "next-real.ttl").read_text(encoding="utf-8") == "created"


def test_a_pipe_is_written_through_not_replaced(tmp_path: Path):
    fifo = tmp_path / "results.fifo"
    os.mkfifo(fifo)
    link = tmp_path / "out.csv"
    link.symlink_to(fifo)  # as /dev/stdout links to a pipe
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic_write_text(link, "leader,state\nKeir Starmer,United Kingdom\n")
    reader.join(timeout=30)
    assert got == [b"leader,state\nKeir Starmer,United Kingdom\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode) and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "results.fifo"]


def test_sockets_are_refused_and_left_alone(tmp_path: Path):
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(GraphbuildError, match=r"s\.sock: cannot write: a socket, not a file"):
            atomic_write_text(path, "x")
        assert stat.S_ISSOCK(path.stat().st_mode)
    finally:
        server.close()


def test_nothing_is_created_under_dev(tmp_path: Path):
    with pytest.raises(GraphbuildError, match="creates no files under /dev"):
        atomic_write_text("/dev/graphbuild-test-no-such-device", "x")
    assert not Path("/dev/graphbuild-test-no-such-device").exists()


@pytest.mark.skipif(not os.path.isdir("/dev/shm"), reason="no /dev/shm here")
def test_dev_shm_holds_ordinary_files():
    target = Path("/dev/shm") / f"graphbuild-test-{os.getpid()}.ttl"
    try:
        atomic_write_text(target, "in memory\n")
        atomic_write_text(target, "replaced\n")
        assert target.read_text(encoding="utf-8") == "replaced\n"
        assert temporaries(target.parent, [target.name]) == []
    finally:
        target.unlink(missing_ok=True)


def test_dash_is_standard_output(capfd: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    atomic_write_text("-", "Olaf Scholz\n")
    with atomic_open("-", "wb") as handle:
        handle.write(b"Friedrich Merz\n")
    assert capfd.readouterr().out == "Olaf Scholz\nFriedrich Merz\n"
    assert list(tmp_path.iterdir()) == []  # no file named "-"


_WRITE_DEV_STDOUT = """
import sys
from graphbuild.fsutil import atomic_write_text
print("before", flush=True)
atomic_write_text(sys.argv[1], "through the link\\n")
print("after", flush=True)
"""


@pytest.mark.skipif(not os.path.islink("/dev/stdout"), reason="/dev/stdout is no symlink here")
@pytest.mark.parametrize("redirect", ["pipe", "file"])
def test_dev_stdout_is_our_standard_output_and_stays_a_link(tmp_path: Path, redirect: str):
    before = os.readlink("/dev/stdout")
    out = tmp_path / "stdout.txt"
    with out.open("wb") as sink:
        done = subprocess.run(
            [sys.executable, "-c", _WRITE_DEV_STDOUT, "/dev/stdout"],
            stdout=subprocess.PIPE if redirect == "pipe" else sink,
            check=True,
        )
    text = done.stdout.decode() if redirect == "pipe" else out.read_text(encoding="utf-8")
    assert text == "before\nthrough the link\nafter\n"  # in order: no second stream, no truncation
    assert os.path.islink("/dev/stdout") and os.readlink("/dev/stdout") == before


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temporaries_of_dead_writers_are_removed_and_live_ones_kept(tmp_path: Path):
    dead, live = _dead_pid(), os.getppid()
    names = {
        "dead": f".graph.ttl.{dead}.k2j_x9a1.tmp",
        "live": f".statements.jsonl.{live}.ab12cd34.tmp",
        "old": ".graph.html.q8w7e6r5.tmp",  # written before names held the PID
        "other": ".notes.txt.tmp.bak",
    }
    for name in names.values():
        (tmp_path / name).write_text("partial", encoding="utf-8")
    assert writer_pid(tmp_path / names["dead"]) == dead
    assert writer_pid(tmp_path / names["old"]) is None
    assert [p.name for p in temporaries(tmp_path, ["graph.ttl"])] == [names["dead"]]

    assert remove_stale_temporaries(tmp_path) == 1  # only the dead writer's
    assert not (tmp_path / names["dead"]).exists() and (tmp_path / names["live"]).exists()
    assert remove_stale_temporaries(tmp_path, locked=True) == 2  # under the lock: every one
    assert [p.name for p in tmp_path.iterdir()] == [names["other"]]


def test_a_lock_is_exclusive_and_leaves_nothing_behind(tmp_path: Path):
    out = tmp_path / "out"
    with output_lock(out, folder=True):
        assert out.is_dir()
        assert lock_path(out, folder=True).read_text() == f"{os.getpid()}\n"
        busy = rf"in use by another graphbuild run \(pid {os.getpid()}\)"
        with pytest.raises(Busy, match=busy), output_lock(out, folder=True):
            pass
    assert not out.exists()  # made for the lock and left empty: removed with it

    graph = tmp_path / "g.ttl"
    with output_lock(graph, folder=False) as held:
        assert held == tmp_path / ".g.ttl.lock"
        with pytest.raises(Busy, match=r"g\.ttl: in use"), output_lock(graph, folder=False):
            pass
    assert list(tmp_path.iterdir()) == []


_HOLD = """
import sys, time
from pathlib import Path
from graphbuild.fsutil import output_lock
with output_lock(Path(sys.argv[1]), folder=True):
    print("held", flush=True)
    time.sleep(600)
"""


def test_a_lock_dies_with_its_process(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(out)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(Busy, match=rf"\(pid {holder.pid}\)"), output_lock(out, folder=True):
            pass
    finally:
        holder.kill()
        holder.wait()
    assert lock_path(out, folder=True).exists()  # kill -9 left the file, not the lock
    with output_lock(out, folder=True):
        pass
    assert list(out.iterdir()) == []
