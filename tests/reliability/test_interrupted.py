"""kill -9 and SIGTERM at seeded-random points of `build -o`, `build --into`, `build --store` and
`load`: whatever the point, the outputs are either the previous set or the new one (never mixed,
never truncated), and the next run gives the reference outputs with nothing left behind.

Each trial starts the real command in a subprocess, waits until it holds its output's lock (its
work has begun), sleeps a seeded-random part of the time the whole run takes, and sends the
signal. Re-runs and references run in this process (whose extraction worker loads the pipeline
once). GRAPHBUILD_KILL_TRIALS=N sets the trials per
command and signal (1 by default, to keep CI fast); the README's Reliability section reports a
larger run.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic

from graphbuild.builder import manifest
from graphbuild.cli import main
from graphbuild.fsutil import LOCK_SUFFIX, TEMP_SUFFIX, lock_path
from graphbuild.graph.rdfgraph import load_graph
from graphbuild.graph.store import LOADING_MARK

pytestmark = pytest.mark.slow

TRIALS = int(os.environ.get("GRAPHBUILD_KILL_TRIALS", "1"))
SEED = 14
SIGNALS = (signal.SIGKILL, signal.SIGTERM)

_LEADERS = [
    ("Prime Minister", "Keir Starmer", "Britain", "London"),
    ("President", "Emmanuel Macron", "France", "Paris"),
    ("Chancellor", "Olaf Scholz", "Germany", "Berlin"),
    ("President", "Volodymyr Zelenskyy", "Ukraine", "Kyiv"),
    ("Prime Minister", "Giorgia Meloni", "Italy", "Rome"),
    ("Prime Minister", "Justin Trudeau", "Canada", "Ottawa"),
    ("Prime Minister", "Mette Frederiksen", "Denmark", "Copenhagen"),
    ("President", "Andrzej Duda", "Poland", "Warsaw"),
]


def _article(i: int) -> str:
    """A short wire story: two leaders meet, one backs the other's state, one criticises Russia."""
    t1, a, s1, city = _LEADERS[i % len(_LEADERS)]
    t2, b, s2, _ = _LEADERS[(3 * i + 1) % len(_LEADERS)]
    if a == b:
        t2, b, s2, _ = _LEADERS[(i + 1) % len(_LEADERS)]
    day = 1 + i % 28
    return (
        f"{t1} {a} met {t2} {b} in {city} on {day} March 2025. "
        f"{a.split()[-1]} said {s1} would support {s2} in the talks on a ceasefire. "
        f"{b.split()[-1]} criticised Russia over the attacks on Ukrainian ports. "
        f"Both leaders agreed to cooperate on energy, and {s1} joined the coalition of the willing."
    )


def _write_corpus(path: Path, ids: range) -> Path:
    import json

    with path.open("w", encoding="utf-8") as handle:
        for i in ids:
            record = {
                "id": f"wire-{i:03d}",
                "date": f"2025-03-{1 + i % 28:02d}",
                "text": _article(i),
            }
            handle.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("corpus")
    return {
        "all": _write_corpus(root / "all.jsonl", range(16)),
        "half": _write_corpus(root / "half.jsonl", range(8)),
    }


def _run(args: list[str]) -> None:
    assert main(args) == 0, args


@dataclass
class Trial:
    signal: signal.Signals
    moment: str  # "anywhere" (after the lock) or "writing" (once the outputs are being written)
    delay: float
    returncode: int = 0

    @property
    def interrupted(self) -> bool:
        """Stopped in its work: killed, or terminated (exit 143) by the CLI's SIGTERM handler.
        A SIGTERM after the command's work (the handler gone, the process ending) ends it with
        -15: it had finished."""
        return self.returncode in (-signal.SIGKILL, 128 + signal.SIGTERM)


def _trials(name: str) -> Iterator[tuple[int, signal.Signals, str, float]]:
    """(index, signal, moment, random fraction) for each trial of a command, the same every run:
    each signal comes once while the outputs are written, once anywhere after the lock."""
    rng = random.Random(f"{SEED}-{name}")
    for n in range(TRIALS):
        for k, sig in enumerate(SIGNALS):
            yield n, sig, ("writing", "anywhere")[(n + k) % 2], rng.random()


def _any(folder: Path, part: str, suffix: str = "") -> Callable[[], bool]:
    """Whether a file whose name holds `part` (and ends with `suffix`) is in `folder` (polled)."""

    def found() -> bool:
        try:
            return any(
                part in entry.name and entry.name.endswith(suffix) for entry in os.scandir(folder)
            )
        except OSError:
            return False

    return found


def _interrupt(
    args: list[str],
    cwd: Path,
    ready: Callable[[], bool],
    sig: signal.Signals,
    moment: str,
    delay: float,
) -> Trial:
    """Start `graphbuild ARGS`, wait until `ready()` (its lock is taken, or its outputs are being
    written), sleep `delay` seconds, send `sig`, and wait for the process to end."""
    process = subprocess.Popen(
        [sys.executable, "-m", "graphbuild", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300
        while not ready() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(delay)
        if process.poll() is None:
            process.send_signal(sig)
        _, err = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    trial = Trial(sig, moment, delay, process.returncode)
    assert trial.returncode in (0, -sig, 128 + signal.SIGTERM), err
    assert "Traceback" not in err, err
    if sig == signal.SIGTERM and trial.interrupted:
        assert err.strip().splitlines()[-1] == "graphbuild: terminated", err
    return trial


def _note(command: str, trial: Trial, state: str, leftovers: list[str]) -> None:
    """One line per trial (shown with -s; appended to $GRAPHBUILD_KILL_LOG for the README)."""
    outcome = "interrupted" if trial.interrupted else "had finished"
    line = (
        f"{command}: {trial.signal.name} {trial.moment}"
        f" ({trial.delay:.2f}s after {'the lock' if trial.moment == 'anywhere' else 'it began'}),"
        f" {outcome};"
        f" left {state}, {len(leftovers)} leftover(s); the re-run gave the reference"
    )
    print(line)
    log = os.environ.get("GRAPHBUILD_KILL_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def _leftovers(*folders: Path) -> list[str]:
    """Temporaries, staging folders, lock files and loading marks under `folders`."""
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            name = path.name
            if (
                (name.startswith(".") and name.endswith((TEMP_SUFFIX, LOCK_SUFFIX)))
                or name in (manifest.STAGING_NAME, LOADING_MARK)
                or TEMP_SUFFIX + "." in name
            ):
                found.append(str(path.relative_to(folder)))
    return sorted(found)


def _assert_whole(outdir: Path) -> None:
    """The outputs in `outdir` are one build's: the manifest vouches for every file it names."""
    record = manifest.read_manifest(outdir)
    if record is None:  # only a kill inside the commit's few renames leaves no manifest
        return
    for name, digest in record.outputs.items():
        assert manifest.digests(outdir, [name]) == {name: digest}, f"{name} is of another build"


def _timed(action: Callable[[], None]) -> float:
    start = time.monotonic()
    action()
    return time.monotonic() - start


# Seconds a subprocess spends loading spaCy's pipeline on top of what a run here takes.
_MODEL_LOAD = 1.5


def test_build_o_killed_anywhere_then_rerun_gives_the_reference(
    corpus: dict[str, Path], tmp_path: Path
) -> None:
    ref = tmp_path / "ref"
    took = _timed(lambda: _run(["build", str(corpus["all"]), "-o", str(ref), "-q"]))
    previous = tmp_path / "previous"  # a finished build of half the corpus, with its cache
    _run(["build", str(corpus["half"]), "-o", str(previous), "-q"])
    for n, sig, moment, fraction in _trials("build-o"):
        out = tmp_path / f"trial-{n}-{sig.name}"
        shutil.copytree(previous, out)
        args = ["build", str(corpus["all"]), "-o", str(out), "-q"]
        if moment == "anywhere":
            ready, delay = lock_path(out, folder=True).exists, fraction * (took + _MODEL_LOAD)
        else:  # the page is drawn last: then graph.ttl and statements.jsonl are complete
            ready, delay = _any(out / manifest.STAGING_NAME, "graph.html"), fraction * 0.05
        trial = _interrupt(args, tmp_path, ready, sig, moment, delay)
        _assert_whole(out)
        left = _leftovers(out)
        if sig == signal.SIGTERM:
            assert left == [], trial
        jsonl = (out / "statements.jsonl").read_bytes()
        state = {(ref / "statements.jsonl").read_bytes(): "the new set"}.get(jsonl, "the old set")
        if state == "the old set":
            assert jsonl == (previous / "statements.jsonl").read_bytes(), trial
        _run(args)
        for name in ("graph.ttl", "statements.jsonl", "graph.html"):
            assert (out / name).read_bytes() == (ref / name).read_bytes(), (trial, name)
        record = manifest.read_manifest(out)
        assert record is not None and manifest.is_current(record, record.inputs, out)
        assert _leftovers(out) == [], trial
        _note("build -o", trial, state, left)


def test_build_into_killed_anywhere_then_rerun_gives_the_reference(
    corpus: dict[str, Path], tmp_path: Path
) -> None:
    start = tmp_path / "start.nt"
    _run(["build", "--into", str(start), str(corpus["half"]), "-q", "--no-cache"])
    ref = tmp_path / "ref.nt"
    shutil.copyfile(start, ref)
    took = _timed(
        lambda: _run(["build", "--into", str(ref), str(corpus["all"]), "-q", "--no-cache"])
    )
    expected = load_graph(ref)
    for n, sig, moment, fraction in _trials("build-into"):
        folder = tmp_path / f"trial-{n}-{sig.name}"
        folder.mkdir()
        target = folder / "graph.nt"
        shutil.copyfile(start, target)
        args = [
            "build",
            "--into",
            str(target),
            str(corpus["all"]),
            "-q",
            "--cache",
            str(folder / "cache"),
        ]
        if moment == "anywhere":
            ready = lock_path(target, folder=False).exists
            delay = fraction * (took + _MODEL_LOAD)
        else:  # the file's temporary: the graph is being written back
            ready, delay = _any(folder, f".{target.name}.", TEMP_SUFFIX), fraction * 0.05
        trial = _interrupt(args, tmp_path, ready, sig, moment, delay)
        got = load_graph(target)  # the file before the build, or after it: never a part
        state = "the new graph" if isomorphic(got, expected) else "the old graph"
        if state == "the old graph":
            assert isomorphic(got, load_graph(start)), trial
        left = _leftovers(folder)
        if sig == signal.SIGTERM:
            assert left == [], trial
        _run(args)
        assert isomorphic(load_graph(target), expected), trial
        list(ox.parse(path=str(target), format=ox.RdfFormat.N_TRIPLES))  # still N-Triples
        assert _leftovers(folder) == [], trial
        _note("build --into", trial, state, left)


def _store_size(path: Path) -> int:
    store = ox.Store(str(path))
    try:
        return len(store)
    finally:
        del store


def test_build_store_killed_anywhere_then_rerun_gives_the_reference(
    corpus: dict[str, Path], tmp_path: Path
) -> None:
    ref_store, ref_out = tmp_path / "ref-store", tmp_path / "ref-out"
    spec = f"oxigraph:{ref_store}"
    took = _timed(
        lambda: _run(
            ["build", str(corpus["all"]), "--store", spec, "-o", str(ref_out), "-q", "--no-page"]
        )
    )
    triples = _store_size(ref_store)
    for n, sig, moment, fraction in _trials("build-store"):
        folder = tmp_path / f"trial-{n}-{sig.name}"
        store, out = folder / "store", folder / "out"
        spec = f"oxigraph:{store}"
        args = ["build", str(corpus["all"]), "--store", spec, "-o", str(out), "-q", "--no-page"]
        if moment == "anywhere":
            ready, delay = lock_path(store, folder=True).exists, fraction * (took + _MODEL_LOAD)
        else:  # graph.ttl dumped from the store, which is then closed, then the commit
            ready, delay = _any(out / manifest.STAGING_NAME, "graph.ttl"), fraction * 0.05
        trial = _interrupt(args, tmp_path, ready, sig, moment, delay)
        if out.exists():
            _assert_whole(out)
        left = _leftovers(out, store) if store.exists() else []
        if sig == signal.SIGTERM:
            assert left == [], trial
        state = f"{_store_size(store) if store.exists() else 0:,} of {triples:,} triples"
        _run(args)
        assert _store_size(store) == triples, trial
        jsonl = (out / "statements.jsonl").read_bytes()
        assert jsonl == (ref_out / "statements.jsonl").read_bytes(), trial
        assert isomorphic(load_graph(out / "graph.ttl"), load_graph(ref_out / "graph.ttl")), trial
        assert _leftovers(out) == [] and _leftovers(store) == [], trial
        _note("build --store", trial, state, left)


def _write_rdf_with_blank_nodes(path: Path, triples: int) -> Path:
    """N-Triples whose blank nodes would be doubled by loading the file twice."""
    with path.open("w", encoding="utf-8") as handle:
        for i in range(triples):
            if i % 3 == 0:
                handle.write(f'_:b{i} <https://example.org/said> "statement {i}" .\n')
            else:
                handle.write(
                    f"<https://example.org/doc/{i}> <https://example.org/cites> _:b{i - i % 3} .\n"
                )
    return path


def test_load_killed_anywhere_then_rerun_gives_the_reference(tmp_path: Path) -> None:
    data = _write_rdf_with_blank_nodes(tmp_path / "data.nt", 20_000)
    ref = tmp_path / "ref"
    took = _timed(lambda: _run(["load", str(data), "--store", f"oxigraph:{ref}"]))
    triples = _store_size(ref)
    assert triples == 20_000
    for n, sig, moment, fraction in _trials("load"):
        store = tmp_path / f"trial-{n}-{sig.name}"
        args = ["load", str(data), "--store", f"oxigraph:{store}"]
        if moment == "anywhere":
            ready, delay = lock_path(store, folder=True).exists, fraction * (took + 0.5)
        else:  # the mark is made just before the bulk load starts
            ready, delay = (store / LOADING_MARK).exists, fraction * took
        trial = _interrupt(args, tmp_path, ready, sig, moment, delay)
        if sig == signal.SIGTERM and trial.interrupted:
            # a new store is removed again (or complete, when the load had just finished)
            assert not store.exists() or _store_size(store) == triples, trial
        left = _leftovers(store) if store.exists() else []
        state = f"{_store_size(store) if store.exists() else 0:,} of {triples:,} triples"
        _run(args)
        assert _store_size(store) == triples, trial  # not one blank node twice
        assert _leftovers(store) == [], trial
        _note("load", trial, state, left)
