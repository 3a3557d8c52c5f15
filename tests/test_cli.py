"""The command line through CliRunner: each command's success and error paths."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import __version__
from pipeline.cli import main

from .conftest import SEEDS


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def edition(tmp_path, runner):
    """A fresh edition made by ``init`` holding two seeds."""
    folder = tmp_path / "ed"
    result = runner.invoke(main, ["init", str(folder), "--title", "Test Edition"])
    assert result.exit_code == 0, result.output
    for key in ("000", "003"):
        shutil.copy(SEEDS[key], folder / "sources")
    return folder


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.parametrize("command", ["init", "ingest", "validate", "render", "build"])
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert f"Example: tei-edition {command}" in result.output


def test_init_creates_an_edition_folder_and_refuses_to_overwrite(tmp_path, runner):
    folder = tmp_path / "new"
    assert runner.invoke(main, ["init", str(folder)]).exit_code == 0
    for sub in ("sources", "tei", "output"):
        assert (folder / sub).is_dir()
    assert 'title = "TEI Edition"' in (folder / "edition.toml").read_text()
    again = runner.invoke(main, ["init", str(folder)])
    assert again.exit_code == 2 and "already exists" in again.output


def test_ingest_writes_tei_named_by_id_and_a_manifest(edition, runner):
    result = runner.invoke(main, ["--edition", str(edition), "ingest", str(edition / "sources")])
    assert result.exit_code == 0, result.output
    assert (edition / "tei" / "wilson-116801.xml").is_file()
    assert (edition / "tei" / "wilson-118195.xml").is_file()
    manifest = json.loads((edition / "tei" / ".manifest.json").read_text())
    assert set(manifest["files"]) == {"wilson-116801.xml", "wilson-118195.xml"}
    report = json.loads((edition / "output" / "reports" / "ingest.json").read_text())
    assert report["counts"] == {"written": 2}


def test_ingest_out_option_and_missing_source(edition, tmp_path, runner):
    out = tmp_path / "elsewhere"
    ok = runner.invoke(main, ["--edition", str(edition), "ingest", str(SEEDS["002"]), "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    assert (out / "doc-1960-07-18-note-the-soviet-embassy-in-beijing-to.xml").is_file()
    missing = runner.invoke(main, ["--edition", str(edition), "ingest", "nope.txt"])
    assert missing.exit_code == 1
    assert "Error: nope.txt: no such file" in missing.output
    assert "Traceback" not in missing.output


def test_ingest_leaves_an_editors_file_alone_unless_overwrite(edition, runner):
    args = ["--edition", str(edition), "ingest", str(edition / "sources" / SEEDS["000"].name)]
    assert runner.invoke(main, args).exit_code == 0
    target = edition / "tei" / "wilson-116801.xml"
    edited = target.read_text().replace("MEMORANDUM OF CONVERSATION", "MEMORANDUM OF CONVERSATION (edited)")
    target.write_text(edited)
    kept = runner.invoke(main, ["-v", *args])
    assert kept.exit_code == 0
    assert "edited by hand" in kept.output
    assert target.read_text() == edited
    assert runner.invoke(main, [*args, "--overwrite"]).exit_code == 0
    assert "(edited)" not in target.read_text()


def test_a_new_source_leaves_alone_a_file_already_at_its_place(edition):
    """A TEI file an editor put in tei/ before the source was first ingested is theirs:
    the new source does not replace it (the build reads the folder's listing once for
    these files); a source with no file in the way is written and named as it is."""
    from pipeline import corpus
    from pipeline.config import load_config

    config = load_config(edition)
    tei = edition / "tei"
    tei.mkdir(exist_ok=True)
    theirs = tei / "wilson-116801.xml"
    theirs.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><!-- the editor's --></TEI>")
    sources = [edition / "sources" / SEEDS[key].name for key in ("000", "003")]
    run = corpus.ingest_sources(sources, tei, config, only_changed=True)
    kept, written = run.files
    assert kept.status == "kept" and "edited by hand" in kept.warnings[0]
    assert theirs.read_text().endswith("<!-- the editor's --></TEI>")
    assert written.status == "written" and written.outputs == (f"tei/{written.id}.xml",)
    assert (tei / f"{written.id}.xml").is_file()


def test_build_does_not_ingest_again_the_unchanged_source_of_an_editors_file(edition, monkeypatch):
    from pipeline import corpus
    from pipeline.config import load_config
    from pipeline.ingest import document

    config = load_config(edition)
    source = edition / "sources" / SEEDS["000"].name
    tei = edition / "tei"
    corpus.ingest_sources([source], tei, config)
    (tei / "wilson-116801.xml").write_text((tei / "wilson-116801.xml").read_text() + "<!-- edited -->")
    calls = []
    real = document.ingest
    monkeypatch.setattr(document, "ingest", lambda text: calls.append(text) or real(text))
    first = corpus.ingest_sources([source], tei, config, only_changed=True)
    assert [f.status for f in first.files] == ["kept"] and calls == []  # the source is as written
    assert "edited by hand" in first.files[0].warnings[0]
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second = corpus.ingest_sources([source], tei, config, only_changed=True)
    assert [f.status for f in second.files] == ["kept"] and len(calls) == 1  # a changed source is read
    third = corpus.ingest_sources([source], tei, config, only_changed=True)
    assert [f.status for f in third.files] == ["kept"] and len(calls) == 1  # ... once
    assert (tei / "wilson-116801.xml").read_text().endswith("<!-- edited -->")


def test_a_source_ingested_again_with_the_same_texts_keeps_its_alignment(edition, monkeypatch):
    """Only the summary changed: the links are taken over; a changed text aligns again."""
    from dataclasses import replace

    from pipeline import corpus
    from pipeline.align.scorers import LengthScorer
    from pipeline.config import load_config

    config = load_config(edition)
    config = replace(config, align=replace(config.align, aligner="length"))
    source = edition / "sources" / SEEDS["001"].name
    shutil.copy(SEEDS["001"], source)
    tei = edition / "tei"
    corpus.ingest_sources([source], tei, config)
    target = tei / "wilson-110404.xml"
    links = target.read_text().split("<standOff>")[1]
    calls = []
    real = LengthScorer.prepare
    monkeypatch.setattr(LengthScorer, "prepare", lambda self, *a: calls.append(1) or real(self, *a))
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Mao Zedong informs Roshchin", "Mao Zedong tells Roshchin"),
                      encoding="utf-8")
    again = corpus.ingest_sources([source], tei, config, only_changed=True)
    assert [f.status for f in again.files] == ["written"], again.files
    assert "Mao Zedong tells Roshchin" in target.read_text()
    assert target.read_text().split("<standOff>")[1] == links and calls == []
    source.write_text(text.replace("Mao Zedong informs Roshchin", "Mao Zedong tells Roshchin")
                      .replace("a friendly and warm conversation", "a warm conversation"),
                      encoding="utf-8")
    corpus.ingest_sources([source], tei, config, only_changed=True)
    assert calls  # a paragraph changed: aligned again


def test_ingest_of_an_unknown_shape_names_the_file_and_why(edition, runner):
    bad = edition / "sources" / "letter.txt"
    bad.write_text("Dear Sir,\n\nthank you.\n")
    result = runner.invoke(main, ["--edition", str(edition), "ingest", str(bad)])
    assert result.exit_code == 1
    assert "letter.txt" in result.output and "not a markdown export" in result.output


def test_validate_valid_invalid_and_unreadable(edition, runner):
    assert runner.invoke(main, ["--edition", str(edition), "ingest", str(edition / "sources")]).exit_code == 0
    good = edition / "tei" / "wilson-116801.xml"
    ok = runner.invoke(main, ["--edition", str(edition), "validate", str(good)])
    assert ok.exit_code == 0, ok.output
    assert "1 valid" in ok.output

    bad = edition / "tei" / "bad.xml"
    bad.write_text(good.read_text().replace("<lb/>", '<lb color="red"/>', 1)
                   .replace('when="1951-12-24"', 'when="24/12/1951"'))
    invalid = runner.invoke(main, ["--edition", str(edition), "validate", str(bad)])
    assert invalid.exit_code == 1
    assert "attribute @color is not allowed on <lb> (tei-edition profile)" in invalid.output
    assert "bad.xml:" in invalid.output and "opener" in invalid.output
    assert ("error [date-iso] date/@when must be an ISO date like 1950-01-01 (or 1950, 1950-01); "
            'found "24/12/1951"') in invalid.output

    result = runner.invoke(main, ["--edition", str(edition), "validate", str(bad), "--format", "json"])
    assert result.exit_code == 1
    [report] = json.loads(result.stdout)
    assert report["valid"] is False
    record = next(f for f in report["findings"] if f["rule"] == "date-iso")
    assert record["file"].endswith("bad.xml") and record["severity"] == "error"
    assert record["line"] > 1 and record["xpath"].endswith("creation/date[2]")

    broken = edition / "tei" / "broken.xml"
    broken.write_text("<TEI>\n<teiHeader>\n</TEI>\n")
    result = runner.invoke(main, ["--edition", str(edition), "validate", str(broken), "--format", "json"])
    assert result.exit_code == 1
    [report] = json.loads(result.stdout)
    assert report["findings"][0]["rule"] == "well-formed" and report["findings"][0]["line"] == 3

    missing = runner.invoke(main, ["--edition", str(edition), "validate", "nope.xml"])
    assert missing.exit_code == 2 and "nope.xml: no such file" in missing.output


def test_validate_with_tei_all_and_with_another_schema(edition, runner, tei_all, tmp_path):
    assert runner.invoke(main, ["--edition", str(edition), "ingest", str(edition / "sources")]).exit_code == 0
    good = edition / "tei" / "wilson-118195.xml"
    result = runner.invoke(main, ["--edition", str(edition), "validate", str(good), "--tei-all",
                                  "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["layers"] == ["well-formed", "grammar", "rules", "tei_all"]
    # a paragraph above the heading: both grammars refuse it, each naming itself
    loose = edition / "tei" / "loose.xml"
    loose.write_text(good.read_text().replace('<head xml:id="en-p1">', "<p>x</p><head xml:id=\"en-p1\">"))
    strict = runner.invoke(main, ["--edition", str(edition), "validate", str(loose), "--tei-all"])
    assert strict.exit_code == 1
    assert "(TEI P5 tei_all)" in strict.output and "(tei-edition profile)" in strict.output
    other = tmp_path / "any.rng"
    other.write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element>'
                     '<anyName/><ref name="x"/></element></start><define name="x"><zeroOrMore><choice>'
                     '<attribute><anyName/></attribute><text/><element><anyName/><ref name="x"/>'
                     "</element></choice></zeroOrMore></define></grammar>")
    args = ["--edition", str(edition), "validate"]
    anything = runner.invoke(main, [*args, str(loose), "--schema", str(other)])
    assert anything.exit_code == 0, anything.output
    not_rng = tmp_path / "not.rng"
    not_rng.write_text("<grammar/>")
    refused = runner.invoke(main, [*args, str(good), "--schema", str(not_rng)])
    assert refused.exit_code == 2 and "not.rng" in refused.output and "RELAX NG" in refused.output


def test_render_errors(edition, runner):
    unknown = runner.invoke(main, ["--edition", str(edition), "render", "x.xml", "--format", "docx"])
    assert unknown.exit_code == 2 and "docx" in unknown.output
    missing = runner.invoke(main, ["--edition", str(edition), "render", "nope.xml"])
    assert missing.exit_code == 2 and "nope.xml: no such file" in missing.output
    broken = edition / "tei" / "broken.xml"
    broken.write_text("<TEI>")
    failed = runner.invoke(main, ["--edition", str(edition), "render", str(broken), "--format", "txt"])
    assert failed.exit_code == 1
    assert "broken.xml:1:" in failed.output and "Traceback" not in failed.output


def test_render_one_format(edition, runner):
    assert runner.invoke(main, ["--edition", str(edition), "ingest", str(edition / "sources")]).exit_code == 0
    result = runner.invoke(main, ["--edition", str(edition), "render", str(edition / "tei"),
                                  "--format", "txt", "--format", "html"])
    assert result.exit_code == 0, result.output
    out = edition / "output"
    assert (out / "txt" / "wilson-116801.en.txt").is_file()
    assert (out / "html" / "wilson-116801.html").is_file()
    assert (out / "html" / "index.html").is_file()
    assert not (out / "pdf").exists()


def test_build_runs_ingest_validate_render_and_skips_unchanged(edition, runner):
    result = runner.invoke(main, ["--edition", str(edition), "build"])
    assert result.exit_code == 0, result.output
    out = edition / "output"
    for rel in ("html/index.html", "html/wilson-116801.html", "print/wilson-116801.html",
                "pdf/wilson-116801.pdf", "txt/wilson-118195.en.txt"):
        assert (out / rel).is_file(), rel
    again = runner.invoke(main, ["--edition", str(edition), "build"])
    assert again.exit_code == 0
    assert json.loads((out / "reports" / "ingest.json").read_text())["counts"] == {"unchanged": 2}


def test_bad_edition_toml_is_one_clear_line(tmp_path, runner):
    (tmp_path / "edition.toml").write_text("[edition]\ntitel = 'x'\n")
    result = runner.invoke(main, ["--edition", str(tmp_path), "build"])
    assert result.exit_code == 2
    assert "edition.toml" in result.output and "unknown key 'titel'" in result.output


def test_edition_is_found_upward_from_the_current_folder(edition, runner, monkeypatch):
    from pipeline.config import load_config

    monkeypatch.chdir(edition / "sources")
    assert load_config().edition.title == "Test Edition"
    assert load_config().root == Path(edition).resolve()


def test_build_reports_an_invalid_tei_file_and_renders_the_rest(edition, runner):
    assert runner.invoke(main, ["--edition", str(edition), "build"]).exit_code == 0
    good = edition / "tei" / "wilson-116801.xml"
    bad = edition / "tei" / "hand-made.xml"
    bad.write_text(good.read_text().replace("<lb/>", "<lb><p>x</p></lb>", 1))
    result = runner.invoke(main, ["--edition", str(edition), "build"])
    assert result.exit_code == 1
    assert "Error: tei/hand-made.xml:" in result.output
    assert "element <p> is not allowed here" in result.output
    assert result.output.count("Error: tei/hand-made.xml") == 1  # not again for rendering
    assert "render: 1 failed" in result.output
    assert "Traceback" not in result.output
    assert not (edition / "output" / "html" / "hand-made.html").exists()
    assert (edition / "output" / "html" / "wilson-118195.html").is_file()


def test_two_documents_with_the_same_slug_get_distinct_ids(edition, runner):
    text = SEEDS["002"].read_text(encoding="utf-8")
    (edition / "sources" / "a.txt").write_text(text, encoding="utf-8")
    (edition / "sources" / "b.txt").write_text(text.replace("Strictly confidential", "Secret"),
                                               encoding="utf-8")
    result = runner.invoke(main, ["--edition", str(edition), "ingest", str(edition / "sources")])
    assert result.exit_code == 0, result.output
    stem = "doc-1960-07-18-note-the-soviet-embassy-in-beijing-to"
    assert (edition / "tei" / f"{stem}.xml").is_file()
    assert (edition / "tei" / f"{stem}-2.xml").is_file()
    again = runner.invoke(main, ["--edition", str(edition), "ingest", str(edition / "sources")])
    assert again.exit_code == 0
    assert not (edition / "tei" / f"{stem}-3.xml").exists()  # ids stay with their sources


def _reads(monkeypatch) -> list[str]:
    """The sources an ingest reads from now on."""
    from pipeline.ingest import text

    calls: list[str] = []
    real = text.read_bytes
    monkeypatch.setattr(text, "read_bytes",
                        lambda path, label, **kw: calls.append(label) or real(path, label, **kw))
    return calls


def test_a_build_that_finds_sources_unchanged_by_size_and_time_reads_none(edition, monkeypatch):
    """The build's cache keeps each source's and TEI file's size, time and hash: an
    unchanged source is not read again, nor its TEI file; any change of size or time
    (an edit that keeps the size included) makes the build read it."""
    import os

    from pipeline import corpus
    from pipeline.config import load_config

    config, tei, out = load_config(edition), edition / "tei", edition / "output"
    sources = sorted((edition / "sources").glob("*.txt"))
    stats = out / ".cache" / "sources.json"
    corpus.ingest_sources(sources, tei, config, only_changed=True, stats=stats)
    reads = _reads(monkeypatch)
    again = corpus.ingest_sources(sources, tei, config, only_changed=True, stats=stats)
    assert [f.status for f in again.files] == ["unchanged", "unchanged"] and reads == []
    first = sources[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("the", "THE", 1), encoding="utf-8")  # same size
    os.utime(first, ns=(first.stat().st_atime_ns, first.stat().st_mtime_ns + 10**9))
    changed = corpus.ingest_sources(sources, tei, config, only_changed=True, stats=stats)
    assert reads == [f"sources/{first.name}"] and changed.files[0].status == "written"
    del reads[:]
    target = tei / f"{changed.files[0].id}.xml"
    target.write_text(target.read_text().replace("THE", "The", 1))  # an editor's correction
    kept = corpus.ingest_sources(sources, tei, config, only_changed=True, stats=stats)
    assert [f.status for f in kept.files] == ["kept", "unchanged"] and reads == [f"sources/{first.name}"]
    stats.write_text("{not json")  # a damaged record costs reading every source, no more
    del reads[:]
    damaged = corpus.ingest_sources(sources, tei, config, only_changed=True, stats=stats)
    assert [f.status for f in damaged.files] == ["kept", "unchanged"] and len(reads) == 2


def test_a_linked_source_keeps_the_name_its_link_resolves_to(edition, tmp_path):
    from pipeline import corpus
    from pipeline.config import load_config

    elsewhere = edition / "archive"
    elsewhere.mkdir()
    real = elsewhere / "letter.txt"
    shutil.copy(SEEDS["000"], real)
    link = edition / "sources" / "linked.txt"
    link.symlink_to(real)
    plain = edition / "sources" / "plain.txt"  # (beside it, a file that is no link)
    shutil.copy(SEEDS["001"], plain)
    report = corpus.ingest_sources([link, plain], edition / "tei", load_config(edition))
    assert [f.path for f in report.files] == ["archive/letter.txt", "sources/plain.txt"]


def test_manifest_is_written_as_json_dumps_would_and_not_at_all_when_unchanged(tmp_path):
    """The manifest is assembled from each record's text, encoded once: byte for byte
    what json.dumps(indent=2) makes of it (names and sources beyond ASCII, quotes, an
    empty manifest), also after a record changes; a build that recorded nothing leaves
    the file alone, even when it is not as the pipeline would write it."""
    from pipeline.corpus import Manifest

    def expected(manifest):
        return (json.dumps({"about": Manifest.ABOUT, "files": dict(sorted(manifest.files.items()))},
                           ensure_ascii=False, indent=2) + "\n").encode()

    tei = tmp_path / "tei"
    tei.mkdir()
    manifest = Manifest(tei)
    assert manifest.encode() == expected(manifest)  # (no file yet: "files": {})
    manifest.save()
    assert (tei / ".manifest.json").read_bytes() == expected(manifest)
    for name, source in (("b.xml", "sources/b.txt"), ("a \"q\".xml", "sources/Ки тая.txt"),
                         ("毛.xml", "sources/毛\\x.md")):
        manifest.record(tei / name, name.encode(), source, "0" * 64)
    manifest.save()
    assert (tei / ".manifest.json").read_bytes() == expected(manifest)
    manifest.record(tei / "b.xml", b"changed", "sources/b.txt", "1" * 64)  # encoded again
    manifest.save()
    saved = (tei / ".manifest.json").read_bytes()
    assert saved == expected(manifest) and b"1111" in saved

    again = Manifest(tei)
    assert again.files == manifest.files and again.encode() == saved
    # (records of other shapes, as a hand-edited manifest may hold: json.dumps writes them)
    odd = Manifest(tei)
    odd.files.update({"n.xml": {"sha256": "x", "size": 3, "tags": ["a", {"b": None}]}, "e.xml": {}})
    assert odd.encode() == expected(odd)
    (tei / ".manifest.json").write_bytes(saved.replace(b"  ", b" "))  # an editor re-indented it
    again.save()
    assert (tei / ".manifest.json").read_bytes() == saved.replace(b"  ", b" ")
