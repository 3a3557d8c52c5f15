"""A build renders each new TEI file in the task that ingests it (one parse, the round-trip
check's plain text kept as the txt output, one set of workers): the outputs are those
the render step would write, and a rendering whose TEI file was not written as rendered
(an editor's file kept, an id another source took first) is dropped and made again from
the file."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import corpus
from pipeline.cli import main
from pipeline.render import document as render_document_module

from .conftest import REPO

DUPLICATE = "zz-copy-of-000.txt"  # the sample 000 again: its id collides, it becomes <id>-2


def _edition(folder: Path, formats: str = '"html", "print", "txt"') -> Path:
    (folder / "sources").mkdir(parents=True)
    (folder / "edition.toml").write_text(f'[edition]\ntitle = "Along"\n[render]\nformats = [{formats}]\n')
    for path in sorted((REPO / "sources").glob("*.txt")):
        shutil.copy(path, folder / "sources" / path.name)
    shutil.copy(REPO / "sources" / "000_1a1bf81f1de0107e.txt", folder / "sources" / DUPLICATE)
    return folder


def _outputs(folder: Path) -> dict[str, str]:
    """Hashes of the outputs (not the reports, which time the steps, nor the cache)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] not in (".cache", "reports")}


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*") if ".tmp" in p.name]


def _run(edition: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--edition", str(edition), *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def counted_renders(monkeypatch):
    """How many TEI files the render step rendered itself (in this process)."""
    calls = []
    real = render_document_module._render
    monkeypatch.setattr(render_document_module, "_render", lambda task: calls.append(task.name) or real(task))
    return calls


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_build_from_sources_writes_what_ingest_then_render_writes(tmp_path, monkeypatch, jobs):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(corpus, "INLINE_SOURCES", {"length": 0 if jobs == "2" else 32})
    along, apart = _edition(tmp_path / "along"), _edition(tmp_path / "apart")
    built = _run(along, "build", "--jobs", jobs, "--aligner", "length")
    assert "ingest: 6 written" in built and "render: 6 rendered" in built
    # the same sources ingested first: the build then finds every TEI file made, and its
    # render step renders them all from the files
    _run(apart, "ingest", str(apart / "sources"), "--aligner", "length")
    assert "ingest: 6 unchanged" in _run(apart, "build", "--jobs", jobs)
    assert _outputs(along / "output") == _outputs(apart / "output")
    assert len(_outputs(along / "output")) > 25
    assert (along / "tei" / "wilson-116801-2.xml").is_file()  # (the duplicate's id)
    assert _leftovers(along / "output") == []
    assert "ingest: 6 unchanged" in (again := _run(along, "build", "--jobs", jobs))
    assert "render: 6 unchanged" in again


def test_the_render_step_renders_only_what_was_not_rendered_along(tmp_path, monkeypatch,
                                                                   counted_renders):
    edition = _edition(tmp_path / "ed", '"html", "txt"')
    _run(edition, "build", "--jobs", "1", "--aligner", "length")
    # the duplicate's rendering was made under the id the first source took: dropped, and
    # its file (encoded again under its own id) rendered by the render step
    assert counted_renders == ["tei/wilson-116801-2.xml"]
    page = (edition / "output" / "html" / "wilson-116801-2.html").read_text()
    assert 'id="wilson-116801-2' in page or "wilson-116801-2" in page


def test_an_editors_file_kept_in_place_of_a_new_ingest_is_what_gets_rendered(tmp_path, counted_renders):
    edition = _edition(tmp_path / "ed", '"html", "txt"')
    _run(edition, "build", "--jobs", "1", "--aligner", "length")
    tei = edition / "tei" / "wilson-110404.xml"
    text = tei.read_text()
    assert "Memorandum" in text
    tei.write_text(text.replace("Memorandum", "Memorandvm", 1))  # an editor's correction
    source = next((edition / "sources").glob("001_*.txt"))
    source.write_text(source.read_text() + "\n")  # and the source changed too
    counted_renders.clear()
    output = _run(edition, "-v", "build", "--jobs", "1", "--aligner", "length")
    assert "kept  sources/001_51cc26c6852d2ae0.txt → wilson-110404.xml" in output
    assert counted_renders == ["tei/wilson-110404.xml"]  # the kept file, not the ingest's
    assert "Memorandvm" in (edition / "output" / "html" / "wilson-110404.html").read_text()
    assert _leftovers(edition / "output") == []


def test_a_strict_failure_renders_nothing_and_leaves_no_staged_file(tmp_path, monkeypatch):
    from pipeline.ingest import document

    monkeypatch.setattr(document, "_round_trip", lambda doc, edition, along=None: ["round-trip: lost"])
    edition = _edition(tmp_path / "ed", '"html", "txt"')
    result = CliRunner().invoke(main, ["--edition", str(edition), "build", "--strict", "--jobs", "1",
                                       "--aligner", "length"])
    assert result.exit_code == 1 and "ingest: 6 failed" in result.output
    assert not list((edition / "output").glob("html/wilson-*.html"))
    assert _leftovers(edition / "output") == []


def test_a_staged_output_of_a_killed_run_is_swept_by_the_next(tmp_path):
    staged = render_document_module.staged_path(tmp_path, "html/x.html", ".0123abcd.tmp999999999")
    staged.parent.mkdir(parents=True)
    staged.write_text("half a build")
    assert staged.name == ".x.html.0123abcd.tmp999999999"
    assert corpus.sweep_temporary([tmp_path / "html"]) == 1 and not staged.exists()
