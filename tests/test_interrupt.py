"""A build killed at any moment (issue 9): no half-written file under a real name in
tei/ or output/, and the next run completes with the files a run never killed writes.

Every file is written under a temporary name and renamed once complete; the next run
removes the temporary files a killed run left. The test kills the whole process group
(the command and its workers) with SIGKILL at several moments of a build that ingests
source texts and renders them with two workers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.synth import write_corpus

CLI = [sys.executable, "-m", "pipeline.cli"]
TOML = ('[edition]\ntitle = "Interrupted"\n[align]\naligner = "length"\n'
        '[render]\nformats = ["html", "txt"]\n')
SKIPPED = ("reports", ".cache")  # run records, not outputs (the cache holds timings)


def _edition(folder: Path) -> Path:
    (folder / "tei").mkdir(parents=True)
    (folder / "edition.toml").write_text(TOML)
    write_corpus(24, folder / "sources", seed=3, kind="sources")
    return folder


def _start(edition: Path) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.Popen([*CLI, "--edition", str(edition), "-q", "build", "--jobs", "2"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def _files(edition: Path) -> dict[str, bytes]:
    """Every file under tei/ and output/ but the run records, by relative path."""
    found = {}
    for top in ("tei", "output"):
        for path in (edition / top).rglob("*"):
            rel = path.relative_to(edition)
            if path.is_file() and rel.parts[1] not in SKIPPED:
                found[rel.as_posix()] = path.read_bytes()
    return found


def _temporary(files) -> list[str]:
    return [rel for rel in files if ".tmp" in rel.rsplit("/", 1)[-1]]


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups (POSIX)")
def test_a_build_killed_at_any_moment_leaves_only_whole_files_and_the_next_run_completes(tmp_path):
    whole = _edition(tmp_path / "whole")
    finished = _start(whole)
    assert finished.wait(timeout=300) == 0, finished.stderr.read().decode()
    expected = _files(whole)
    assert len(expected) > 60 and not _temporary(expected)

    killed = _edition(tmp_path / "killed")
    kills = 0
    for delay in (0.6, 1.2, 2.0, 3.0, 4.5):
        process = _start(killed)
        time.sleep(delay)
        if process.poll() is not None:  # finished before the kill: the later moments are past
            break
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        kills += 1
        for rel, data in _files(killed).items():
            name = rel.rsplit("/", 1)[-1]
            if ".tmp" in name:
                continue  # a temporary file: never read as an output, removed by the next run
            if name == ".manifest.json":
                continue  # the ingest's own record (written whole, checked by the last run)
            assert data == expected.get(rel), f"after a kill at {delay} s: {rel} is not whole"
    assert kills >= 2  # the build was really interrupted, more than once
    last = _start(killed)
    assert last.wait(timeout=300) == 0, last.stderr.read().decode()
    after = _files(killed)
    assert not _temporary(after)
    assert after == expected
