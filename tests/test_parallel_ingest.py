"""Ingest in worker processes: the same TEI files and manifest as one process, ids that
collide settled in source order, and a source over the time budget stopped wherever it
is stuck while the others are written."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.synth import write_corpus
from pipeline import corpus
from pipeline.cli import main

from .conftest import REPO


def _sources(folder: Path) -> Path:
    """The sample sources, 20 synthetic ones and a copy of one sample under another
    name (whose id collides with the sample's, so it becomes <id>-2)."""
    folder.mkdir(parents=True)
    for path in sorted((REPO / "sources").glob("*.txt")):
        shutil.copy(path, folder / path.name)
    write_corpus(20, folder, seed=3, kind="sources")
    shutil.copy(REPO / "sources" / "000_1a1bf81f1de0107e.txt", folder / "zz-copy-of-000.txt")
    return folder


def _files(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _ingest(edition: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--edition", str(edition), "ingest", str(edition / "sources"),
                                       "--aligner", "length", *args])
    return result.exit_code, result.output


def test_two_workers_write_the_same_tei_files_and_manifest_as_one(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "INLINE_SOURCES", {"length": 0})  # workers however few the sources
    one, two = tmp_path / "one", tmp_path / "two"
    _sources(one / "sources")
    shutil.copytree(one / "sources", two / "sources")
    code, output = _ingest(one, "--jobs", "1")
    assert code == 0 and output.startswith("ingest: 26 written ("), output
    code, output = _ingest(two, "--jobs", "2")
    assert code == 0 and output.startswith("ingest: 26 written ("), output
    files = _files(one / "tei")
    assert len(files) == 27  # 26 TEI files and the manifest
    assert _files(two / "tei") == files
    assert "wilson-116801-2.xml" in files  # the copy: its id was taken, so it was re-encoded
    copy = (two / "tei" / "wilson-116801-2.xml").read_text(encoding="utf-8")
    assert 'xml:id="wilson-116801-2"' in copy
    manifest = json.loads((two / "tei" / ".manifest.json").read_text())["files"]
    assert manifest["wilson-116801-2.xml"]["source"] == "sources/zz-copy-of-000.txt"
    # Again with nothing changed: every source is found unchanged without ingesting it.
    code, output = _ingest(two, "--jobs", "2")
    assert code == 0 and output.startswith("ingest: 26 unchanged ("), output
    assert _files(two / "tei") == files


def test_a_source_over_the_time_budget_is_stopped_in_its_worker_and_the_rest_is_written(
        tmp_path, monkeypatch):
    """A 3 MB source takes seconds to ingest; with a budget of 1 s its worker is killed
    and replaced, wherever it was (the XSLT processor, a regular expression)."""
    monkeypatch.setattr(corpus, "INLINE_SOURCES", {"length": 0})
    edition = tmp_path / "ed"
    sources = edition / "sources"
    sources.mkdir(parents=True)
    for path in sorted((REPO / "sources").glob("*.txt")):
        shutil.copy(path, sources / path.name)
    sample = (REPO / "sources" / "000_1a1bf81f1de0107e.txt").read_text(encoding="utf-8")
    head, mark, body = sample.partition("#### MEMORANDUM")
    (sources / "001a-long.txt").write_text(head.replace("116801", "990001") + mark + body * 800,
                                           encoding="utf-8")
    started = time.monotonic()
    result = CliRunner().invoke(main, ["--edition", str(edition), "--timeout", "1", "ingest",
                                       str(sources), "--aligner", "length", "--jobs", "2"])
    took = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert ("Error: sources/001a-long.txt: took more than the time budget of 1 s and was "
            "stopped") in result.output
    report = json.loads((edition / "output" / "reports" / "ingest.json").read_text())
    statuses = {f["path"]: f["status"] for f in report["files"]}
    assert statuses.pop("sources/001a-long.txt") == "failed"
    assert set(statuses.values()) == {"written"} and len(statuses) == 5
    assert sorted(p.name for p in (edition / "tei").iterdir()) == sorted(
        [".manifest.json", *(f"{f['id']}.xml" for f in report["files"] if f["id"])])
    print(f"ingest with one source stopped: {took:.1f} s")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_unreadable_source_fails_alone(tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(corpus, "INLINE_SOURCES", {"length": 0})
    edition = tmp_path / "ed"
    sources = edition / "sources"
    sources.mkdir(parents=True)
    shutil.copy(REPO / "sources" / "002_7da35b316b2a6c07.txt", sources)
    (sources / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (sources / "folder.txt").mkdir()
    code, output = _ingest(edition, "--jobs", jobs)
    assert code == 1
    assert "ingest: 2 failed, 1 written" in output
    assert "sources/binary.txt:" in output and "sources/folder.txt: is a folder" in output
