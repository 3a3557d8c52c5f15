"""Importing other archives' TEI: every file of ../shared/tei/corpora classified and
judged as its folder's README says, accepted files kept byte for byte, the report, the
command line, and a build that renders imported files with the rest.

The corpora come with the project's shared data (../shared/tei/corpora beside the
repository); the tests skip only when that folder is missing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.exchange.importer import ImportOptions, classify, import_paths, inspect_bytes

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "tei" / "corpora"
pytestmark = pytest.mark.skipif(
    not CORPORA.is_dir(),
    reason="needs ../shared/tei/corpora (the project's shared data, checked out beside the repository)")

# The five TEI P4 files the tei-stylesheets-tests README names.
P4 = {"tei-stylesheets-tests/Test/test2.xml", "tei-stylesheets-tests/Test/test17.xml",
      "tei-stylesheets-tests/Test/testoucscourses.xml", "tei-stylesheets-tests/Test/testp4.xml",
      "tei-stylesheets-tests/Test2/inputFiles/testP4Input1.xml"}


def readme_verdicts() -> dict[str, str]:
    """``folder/file`` → the tei_all column of each folder README's table."""
    verdicts = {}
    for readme in sorted(CORPORA.glob("*/README.md")):
        for line in readme.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            match = re.fullmatch(r"`([^`]+\.(?:xml|tei))`", cells[0]) if len(cells) > 2 else None
            if match:
                verdicts[f"{readme.parent.name}/{match.group(1)}"] = cells[-1]
    return verdicts


def _name(path: Path) -> str:
    return str(path.relative_to(CORPORA)) if path.is_relative_to(CORPORA) else str(path)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The whole of ../shared/tei/corpora imported once (no XInclude): (report, folder)."""
    out = tmp_path_factory.mktemp("imported")
    run = import_paths([CORPORA], out, display=_name)
    return {f.path: f for f in run.files}, out


def test_every_corpus_file_is_reported_once(imported):
    files, _ = imported
    on_disk = {_name(p) for p in CORPORA.rglob("*") if p.suffix in (".xml", ".tei")}
    assert set(files) == on_disk
    verdicts = readme_verdicts()
    assert len(verdicts) >= 70 and set(verdicts) <= on_disk  # the READMEs were read


def test_tei_all_verdicts_match_the_folder_readmes(imported):
    files, _ = imported
    mismatches = []
    for name, verdict in readme_verdicts().items():
        record = files[name]
        valid = record.details.get("valid_tei_all")
        if verdict.startswith("valid (jing, after XInclude)"):
            expected = valid is False and "XInclude" in " ".join(record.warnings)
        elif verdict.startswith("valid"):
            expected = record.status == "imported" and valid is True
        elif verdict.startswith("INVALID"):
            expected = record.status == "rejected" or valid is False
        elif verdict.startswith("NOT well-formed"):
            # libxml2 refuses a duplicate xml:id while parsing; the importer parses without
            # the id table and reports the duplicate as a tei_all error instead.
            expected = record.status == "failed" or (
                valid is False and "ids must be unique" in " ".join(record.warnings))
        else:
            pytest.fail(f"unknown README verdict for {name}: {verdict}")
        if not expected:
            mismatches.append(f"{name}: README {verdict[:40]!r}, import {record.status} valid={valid}")
    assert not mismatches, "\n".join(mismatches)


def test_classes_match_what_the_readmes_say(imported):
    files, _ = imported
    classes = {name: record.details.get("class") for name, record in files.items()}
    assert {n for n, c in classes.items() if c == "tei-p4"} == P4
    assert classes["perseus-latinlit/phi0474/__cts__.xml"] == "not-tei"
    assert classes["perseus-latinlit/phi0474/phi012/__cts__.xml"] == "not-tei"
    assert classes["tei-stylesheets-tests/Test/testxi-inc.xml"] == "not-tei"  # a bare <div>
    assert classes["tei-stylesheets-tests/Test2/inputFiles/testCorpus1.xml"] == "teiCorpus"
    assert classes["tei-stylesheets-tests/Test/testrend.xml"] == "unreadable"
    assert classes["frus/frus1964-68v14-d8-excerpt.xml"] == "tei"
    assert files["tei-stylesheets-tests/Test/testrend.xml"].status == "failed"
    assert "tag mismatch" in files["tei-stylesheets-tests/Test/testrend.xml"].problems[0]


def test_rejections_say_what_the_file_is_and_what_to_do(imported):
    files, _ = imported
    p4 = files["tei-stylesheets-tests/Test/testp4.xml"]
    assert p4.status == "rejected" and "TEI P4" in p4.problems[0] and "p4top5" in p4.problems[0]
    cts = files["perseus-latinlit/phi0474/__cts__.xml"]
    assert "not TEI" in cts.problems[0] and "http://chs.harvard.edu/xmlns/cts" in cts.problems[0]


def test_accepted_files_are_copied_byte_for_byte(imported):
    files, out = imported
    accepted = [r for r in files.values() if r.status == "imported"]
    assert len(accepted) >= 60
    for record in accepted:
        copy = out / Path(record.outputs[0]).name
        assert copy.read_bytes() == (CORPORA / record.path).read_bytes(), record.path


def test_report_gives_class_verdict_title_languages_and_size(imported):
    files, _ = imported
    letter = files["schnitzler-briefe/L00001.xml"]
    assert letter.details["class"] == "tei" and letter.details["valid_tei_all"] is False
    assert letter.details["size"] == (CORPORA / "schnitzler-briefe/L00001.xml").stat().st_size
    assert any("schemaLocation" in e or "not allowed" in e for e in letter.details["tei_all_errors"])
    assert letter.details["tei_all_errors"][0].startswith("schnitzler-briefe/L00001.xml:")
    latin = files["perseus-latinlit/phi0474/phi012/phi0474.phi012.perseus-lat2.xml"]
    assert latin.details["title"] == "Pro C. Rabirio Perduellionis Reo Ad Quirites"
    assert "lat" in latin.details["languages"]
    assert files["frus/frus1964-68v14-d8-excerpt.xml"].details["valid_tei_all"] is True


def test_same_stem_twice_gets_a_suffix_and_reserved_ids_are_avoided(tmp_path):
    src = CORPORA / "tei-stylesheets-tests" / "Test"
    run = import_paths([src / "mdtest1.tei", src / "mdtest1.xml", src / "test6.xml"], tmp_path,
                       options=ImportOptions(tei_all=False), reserved={"test6"})
    assert [f.id for f in run.files] == ["mdtest1", "mdtest1-2", "test6-2"]
    again = import_paths([src / "mdtest1.tei", src / "mdtest1.xml"], tmp_path,
                         options=ImportOptions(tei_all=False))
    assert [f.status for f in again.files] == ["unchanged", "unchanged"]
    assert [f.id for f in again.files] == ["mdtest1", "mdtest1-2"]


def test_xinclude_is_expanded_only_when_asked(tmp_path):
    source = CORPORA / "tei-stylesheets-tests" / "Test" / "testxi.xml"
    plain = inspect_bytes(source.read_bytes(), "testxi.xml", file=source)
    assert plain.valid is False and plain.data == source.read_bytes()
    expanded = inspect_bytes(source.read_bytes(), "testxi.xml", file=source,
                             options=ImportOptions(xinclude=True))
    assert expanded.valid is True and expanded.accepted
    tree = etree.fromstring(expanded.data)
    assert "Google Search Appliance" in "".join(tree.itertext())
    assert not tree.xpath("//xi:include", namespaces={"xi": "http://www.w3.org/2001/XInclude"})


def test_normalise_writes_the_same_document_as_utf8_without_doctype(tmp_path):
    original = (b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE TEI>\n<?xml-model href="x.rng"?>\n'
                b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
                b'<title>Caf\xe9</title></titleStmt><publicationStmt><p/></publicationStmt>'
                b'<sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body><p>\xe0 la</p>'
                b'</body></text></TEI>\r\n')
    kept = inspect_bytes(original, "latin1.xml")
    assert kept.accepted and kept.data == original
    normal = inspect_bytes(original, "latin1.xml", options=ImportOptions(normalise=True))
    assert normal.data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<?xml-model')
    assert b"DOCTYPE" not in normal.data and "Café".encode() in normal.data
    assert etree.tostring(etree.fromstring(normal.data), method="c14n") == \
        etree.tostring(etree.fromstring(original), method="c14n")


def test_classify_tells_p4_wrong_namespace_and_fragments_apart():
    def cls(xml: str) -> str:
        return classify(etree.fromstring(xml))[0]

    assert cls('<TEI xmlns="http://www.tei-c.org/ns/1.0"/>') == "tei"
    assert cls('<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"/>') == "teiCorpus"
    assert cls("<TEI.2/>") == "tei-p4" and cls("<tei.2/>") == "tei-p4"
    assert cls("<TEI/>") == "wrong-namespace"
    assert cls('<TEI xmlns="http://www.tei-c.org/ns/2.0"/>') == "wrong-namespace"
    assert cls('<div xmlns="http://www.tei-c.org/ns/1.0"/>') == "not-tei"
    assert cls("<html/>") == "not-tei"


def test_import_command_writes_files_report_and_exit_status(tmp_path):
    runner = CliRunner()
    edition = tmp_path / "ed"
    assert runner.invoke(main, ["init", str(edition)]).exit_code == 0
    good = CORPORA / "frus" / "frus1964-68v14-d8-excerpt.xml"
    result = runner.invoke(main, ["--edition", str(edition), "import", str(good)])
    assert result.exit_code == 0, result.output
    assert (edition / "tei" / "imported" / good.name).read_bytes() == good.read_bytes()
    report = json.loads((edition / "output" / "reports" / "import.json").read_text())
    assert report["counts"] == {"imported": 1}
    p4 = CORPORA / "tei-stylesheets-tests" / "Test" / "testp4.xml"
    result = runner.invoke(main, ["--edition", str(edition), "import", str(p4), str(good)])
    assert result.exit_code == 1
    assert "TEI P4" in result.output and "import: 1 rejected, 1 unchanged" in result.output
    assert not (edition / "tei" / "imported" / "testp4.xml").exists()


def test_import_command_notes_files_that_fail_tei_all(tmp_path):
    edition = tmp_path / "ed"
    runner = CliRunner()
    runner.invoke(main, ["init", str(edition)])
    letter = CORPORA / "schnitzler-briefe" / "L00217.xml"
    result = runner.invoke(main, ["--edition", str(edition), "import", str(letter)])
    assert result.exit_code == 0
    assert "note:" in result.output and "not valid against tei_all" in result.output


def _new_edition(edition: Path, runner: CliRunner, formats: str) -> Path:
    """A new edition (``init``) rendering only ``formats`` (a TOML list)."""
    runner.invoke(main, ["init", str(edition)])
    toml = edition / "edition.toml"
    toml.write_text(toml.read_text().replace('["html", "print", "pdf", "txt"]', formats))
    return edition


def test_build_validates_imported_files_against_tei_all_only_and_renders_them(tmp_path):
    runner = CliRunner()
    edition = _new_edition(tmp_path / "ed", runner, '["html", "txt"]')
    imported = edition / "tei" / "imported"
    imported.mkdir(parents=True)
    for name in ("frus/frus1964-68v14-d8-excerpt.xml", "schnitzler-briefe/L00217.xml"):
        (imported / Path(name).name).write_bytes((CORPORA / name).read_bytes())
    result = runner.invoke(main, ["--edition", str(edition), "build"])
    assert result.exit_code == 0, result.output
    assert "1 nonconformant, 1 valid" in result.output
    validation = json.loads((edition / "output" / "reports" / "validate.json").read_text())
    letter = next(f for f in validation["files"] if f["id"] == "L00217")
    assert letter["status"] == "nonconformant"
    assert all("[tei_all]" in w for w in letter["warnings"])  # never the project's profile
    html = (edition / "output" / "html" / "frus1964-68v14-d8-excerpt.html").read_text()
    assert "wheat" in html
    index = (edition / "output" / "html" / "index.html").read_text()
    assert "L00217.html" in index and "frus1964-68v14-d8-excerpt.html" in index
    assert (imported / "L00217.xml").read_bytes() == (CORPORA / "schnitzler-briefe/L00217.xml").read_bytes()


def test_build_refuses_an_imported_file_whose_id_is_one_of_the_editions_own(tmp_path):
    runner = CliRunner()
    edition = _new_edition(tmp_path / "ed", runner, '["html"]')
    own = Path(__file__).resolve().parents[1] / "tei" / "wilson-110404.xml"
    (edition / "tei" / "imported").mkdir(parents=True)
    (edition / "tei" / own.name).write_bytes(own.read_bytes())
    (edition / "tei" / "imported" / own.name).write_bytes(
        (CORPORA / "frus" / "frus1964-68v14-d8-excerpt.xml").read_bytes())
    result = runner.invoke(main, ["--edition", str(edition), "build"])
    assert result.exit_code == 1
    assert "its id 'wilson-110404' is the id of tei/wilson-110404.xml" in result.output
    page = (edition / "output" / "html" / "wilson-110404.html").read_text()
    assert "wheat" not in page  # the edition's own document, not the FRUS excerpt


def test_the_whole_of_the_shared_corpora_goes_through_import_build_and_export(tmp_path):
    """End to end over every file: nothing crashes, every P5 file gets its pages."""
    runner = CliRunner()
    edition = _new_edition(tmp_path / "ed", runner, '["html", "txt"]')
    imported = runner.invoke(main, ["--edition", str(edition), "import", "--xinclude", str(CORPORA)])
    assert imported.exit_code == 1 and "Traceback" not in imported.output  # P4 and non-TEI files
    accepted = sorted((edition / "tei" / "imported").glob("*.xml"))
    assert len(accepted) == 62
    built = runner.invoke(main, ["--edition", str(edition), "build"])
    assert built.exit_code == 0, built.output
    html = edition / "output" / "html"
    assert all((html / f"{p.stem}.html").is_file() for p in accepted)
    index = html.joinpath("index.html").read_text()
    assert all(f'href="{p.stem}.html"' in index for p in accepted)
    exported = runner.invoke(main, ["--edition", str(edition), "export"])
    assert exported.exit_code == 1 and "Traceback" not in exported.output  # tei_all-invalid ones left out
    assert "export: 40 exported, 22 invalid, 3 written" in exported.output
