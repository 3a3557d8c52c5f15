"""Input limits (issue 9): a file over the size or nesting limit is one clear error for
that file, and the rest of the build goes on."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.limits import LimitError, check_depth, check_size, depth
from pipeline.xmlio import parse_xml

from .conftest import REPO

SMALL = "doc-1960-07-18-note-the-soviet-embassy-in-beijing-to"


def test_depth_counts_the_deepest_nesting():
    assert depth(parse_xml(b"<a><b><c/></b><d/></a>")) == 3
    assert depth(parse_xml(b"<a/>")) == 1


def test_checks_name_the_file_the_size_or_depth_and_how_to_raise_the_limit(tmp_path):
    path = tmp_path / "x.xml"
    path.write_bytes(b"<a>" + b"x" * 100 + b"</a>")
    check_size(path, "tei/x.xml", 200)
    with pytest.raises(LimitError) as caught:
        check_size(path, "tei/x.xml", 50)
    assert str(caught.value) == ("tei/x.xml: the file is 107 bytes, more than the limit of 50 "
                                 "(raise [limits] max_size in edition.toml or --max-size)")
    tree = parse_xml(b"<a><b><c/></b></a>")
    check_depth(tree, "x", 3)
    with pytest.raises(LimitError, match="nested 3 deep, more than the limit of 2"):
        check_depth(tree, "x", 2)


def test_a_max_depth_the_parser_cannot_reach_is_a_configuration_error(tmp_path):
    (tmp_path / "edition.toml").write_text("[limits]\nmax_depth = 100000\n")
    with pytest.raises(ConfigError, match="expected 1 to 256"):
        load_config(tmp_path)


@pytest.fixture
def edition(tmp_path):
    folder = tmp_path / "ed"
    (folder / "tei").mkdir(parents=True)
    (folder / "edition.toml").write_text('[render]\nformats = ["html", "txt"]\n')
    for path in sorted((REPO / "tei").glob("*.xml")):
        shutil.copy(path, folder / "tei" / path.name)
    return folder


def _pad(path, text: bytes) -> None:
    """Insert ``text`` at the start of the body's first paragraph."""
    data = path.read_bytes()
    at = data.index(b">", data.index(b"<p", data.index(b"<body"))) + 1
    path.write_bytes(data[:at] + text + data[at:])


def _statuses(edition, step):
    report = json.loads((edition / "output" / "reports" / f"{step}.json").read_text())
    return {f["id"]: (f["status"], f["problems"]) for f in report["files"] if f["id"]}


def test_a_file_over_the_size_limit_fails_alone_and_the_build_goes_on(edition):
    big = edition / "tei" / f"{SMALL}.xml"
    limit = max(p.stat().st_size for p in (edition / "tei").glob("*.xml") if p != big) + 1
    _pad(big, b"x" * limit)
    result = CliRunner().invoke(main, ["--edition", str(edition), "--max-size", str(limit), "build"])
    assert result.exit_code == 1, result.output
    assert "more than the limit" in result.output and "Traceback" not in result.output
    render = _statuses(edition, "render")
    status, problems = render.pop(SMALL)
    assert status == "failed" and "--max-size" in problems[0]
    assert {s for s, _ in render.values()} == {"rendered"}
    assert not (edition / "output" / "html" / f"{SMALL}.html").exists()
    # Within the limit again (the option not given): built, as a failed document is retried.
    again = CliRunner().invoke(main, ["--edition", str(edition), "build"])
    assert again.exit_code == 0, again.output
    assert _statuses(edition, "render")[SMALL][0] == "rendered"


def test_a_file_nested_deeper_than_the_limit_fails_alone_in_validate_and_build(edition):
    (edition / "edition.toml").write_text('[render]\nformats = ["txt"]\n[limits]\nmax_depth = 12\n')
    deep = edition / "tei" / f"{SMALL}.xml"
    _pad(deep, b"<hi>" * 12 + b"deep" + b"</hi>" * 12)
    checked = CliRunner().invoke(main, ["--edition", str(edition), "validate", str(deep)])
    assert checked.exit_code == 1 and "more than the limit of 12" in checked.output
    built = CliRunner().invoke(main, ["--edition", str(edition), "build"])
    assert built.exit_code == 1, built.output
    render = _statuses(edition, "render")
    assert render.pop(SMALL)[0] == "failed"
    assert {s for s, _ in render.values()} == {"rendered"}
    assert CliRunner().invoke(main, ["--edition", str(edition), "--max-depth", "40", "build"]).exit_code == 0


def test_a_source_over_the_size_limit_is_refused_with_the_option_to_raise_it(tmp_path):
    edition = tmp_path / "ed"
    (edition / "sources").mkdir(parents=True)
    source = sorted((REPO / "sources").glob("*.txt"))[0]
    shutil.copy(source, edition / "sources" / source.name)
    result = CliRunner().invoke(main, ["--edition", str(edition), "--max-size", "1000", "ingest",
                                       str(edition / "sources")])
    assert result.exit_code == 1
    assert "more than the limit of 1,000 (raise [limits] max_size or --max-size)" in result.output


def test_a_document_over_the_time_budget_fails_alone_and_is_tried_again(edition, monkeypatch):
    import time

    from pipeline.render import document

    real = document.render_document

    def stuck(task):
        while task.doc_id == SMALL:
            time.sleep(0.01)
        return real(task)

    monkeypatch.setattr(document, "render_document", stuck)
    result = CliRunner().invoke(main, ["--edition", str(edition), "--timeout", "1", "build",
                                       "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert "took more than the time budget of 1 s and was stopped" in result.output
    render = _statuses(edition, "render")
    assert render.pop(SMALL)[0] == "failed"
    assert {s for s, _ in render.values()} == {"rendered"}
    monkeypatch.undo()
    again = CliRunner().invoke(main, ["--edition", str(edition), "build", "--jobs", "1"])
    assert again.exit_code == 0, again.output
    assert _statuses(edition, "render")[SMALL][0] == "rendered"


def test_a_source_whose_ingest_outruns_the_time_budget_fails_alone(tmp_path, monkeypatch):
    import time

    from pipeline.ingest import document

    edition = tmp_path / "ed"
    (edition / "sources").mkdir(parents=True)
    for path in sorted((REPO / "sources").glob("*.txt"))[:3:2]:  # seeds 000 and 002
        shutil.copy(path, edition / "sources" / path.name)
    stuck_name = sorted((edition / "sources").glob("*.txt"))[0].name
    real = document.ingest

    def stuck(text):
        while stuck_name in text.name:
            time.sleep(0.01)
        return real(text)

    monkeypatch.setattr(document, "ingest", stuck)
    result = CliRunner().invoke(main, ["--edition", str(edition), "--timeout", "1", "ingest",
                                       str(edition / "sources")])
    assert result.exit_code == 1, result.output
    assert "took more than the time budget of 1 s and was stopped" in result.output
    report = json.loads((edition / "output" / "reports" / "ingest.json").read_text())
    assert sorted(f["status"] for f in report["files"]) == ["failed", "written"]
