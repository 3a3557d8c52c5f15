"""Export: the edition as one teiCorpus (valid against tei_all, ids unique, every pointer
as good as in its document), JSON metadata true to the headers, Dublin Core records an
OAI-PMH harvester takes, and the command line.

The edition under test is the sample corpus (tei/*.xml) with, in tei/imported/, other
archives' files from ../shared/tei/corpora: the two FRUS excerpts, a DraCor play, the
two Perseus files, a Schnitzler letter (not valid against tei_all, so left out of the
teiCorpus) and a teiCorpus from the TEI Stylesheets' tests (nested whole).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import xmlschema
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.encode.ids import LOCAL_POINTER, POINTER_ATTRIBUTES, prefix_ids
from pipeline.errors import EditionError
from pipeline.exchange.export import DC_NS, FORMATS, OAI_DC_NS, corpus_name, export_edition
from pipeline.resources import resource_dir
from pipeline.validate import grammar
from pipeline.xmlio import TEI_NS, parse_xml

from .conftest import REPO

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = SHARED / "tei" / "corpora"
IMPORTS = {  # id in the edition → file in ../shared/tei/corpora
    "frus1958-60v02-d1-d3-excerpt": "frus/frus1958-60v02-d1-d3-excerpt.xml",
    "frus1964-68v14-d8-excerpt": "frus/frus1964-68v14-d8-excerpt.xml",
    "buechner-woyzeck": "gerdracor/buechner-woyzeck.xml",
    "phi0474.phi012.perseus-eng3": "perseus-latinlit/phi0474/phi012/phi0474.phi012.perseus-eng3.xml",
    "phi0474.phi012.perseus-lat2": "perseus-latinlit/phi0474/phi012/phi0474.phi012.perseus-lat2.xml",
    "L00001": "schnitzler-briefe/L00001.xml",
    "testCorpus1": "tei-stylesheets-tests/Test2/inputFiles/testCorpus1.xml",
}
INVALID = "L00001"  # tei_all rejects its xsi:schemaLocation and its idno in places
OWN = sorted(p.stem for p in (REPO / "tei").glob("*.xml"))
EPOCH = "1700000000"  # 2023-11-14
needs_shared = pytest.mark.skipif(
    not CORPORA.is_dir(),
    reason="needs ../shared/tei/corpora, the project's shared data: check it out beside the "
           "repository as ../shared")
T = {"t": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def make_edition(folder: Path, imports: dict[str, str]) -> Path:
    """An edition folder: the repository's edition.toml and tei/, plus imported files."""
    (folder / "tei" / "imported").mkdir(parents=True)
    shutil.copy(REPO / "edition.toml", folder / "edition.toml")
    for path in (REPO / "tei").glob("*.xml"):
        shutil.copy(path, folder / "tei" / path.name)
    for rel in imports.values():
        shutil.copy(CORPORA / rel, folder / "tei" / "imported" / Path(rel).name)
    return folder


def run_export(edition: Path, out: Path, formats=FORMATS):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        config = load_config(edition)
        return export_edition(config.tei_dir, out, config, formats=formats,
                              display=lambda p: p.relative_to(edition).as_posix())


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The sample edition with the imports, exported in every format once:
    (report, export folder, edition folder, hashes of tei/ before the export)."""
    if not CORPORA.is_dir():
        pytest.skip("needs ../shared/tei/corpora, the project's shared data: check it out "
                    "beside the repository as ../shared")
    edition = make_edition(tmp_path_factory.mktemp("edition"), IMPORTS)
    before = hashes(edition / "tei")
    out = edition / "output" / "export"
    return run_export(edition, out), out, edition, before


@pytest.fixture(scope="module")
def corpus(exported) -> etree._ElementTree:
    _, out, edition, _ = exported
    return parse_xml(out / f"{corpus_name(load_config(edition))}.xml")


@pytest.fixture(scope="module")
def records(exported) -> dict[str, dict]:
    _, out, _, _ = exported
    return {r["id"]: r for r in json.loads((out / "metadata.json").read_text(encoding="utf-8"))}


def members(corpus: etree._ElementTree) -> dict[str, etree._Element]:
    root = corpus.getroot()
    return {m.get(XML_ID): m for m in root if etree.QName(m).localname in ("TEI", "teiCorpus")}


def original(exported, doc_id: str) -> etree._ElementTree:
    _, _, edition, _ = exported
    folder = edition / "tei" / ("imported" if doc_id in IMPORTS else "")
    return parse_xml(folder / f"{doc_id}.xml")


# --------------------------------------------------------------------------- ids and pointers

def test_pointer_attributes_are_the_attributes_tei_all_declares_as_pointers():
    rng = etree.parse(str(grammar.tei_all_path()))
    ns = {"r": "http://relaxng.org/ns/structure/1.0"}
    declared = {a.get("name") for a in rng.iterfind(".//r:attribute", ns)
                if a.xpath("boolean(.//r:data[@type='anyURI'][r:param[@name='pattern'] = '\\S+'])",
                           namespaces=ns)}
    assert declared - {"xml:base"} == POINTER_ATTRIBUTES


def test_prefix_ids_rewrites_ids_and_local_pointers_only():
    root = etree.fromstring(
        f'<TEI xmlns="{TEI_NS}" xml:id="own"><p xml:id="a" corresp="#a other.xml#b #xpath(//p)" '
        f'ana="#own" rend="#fff"/><cRefPattern replacementPattern="#xpath(/TEI)"/>'
        f'<keywords scheme="#k"/></TEI>')
    copy = prefix_ids(root, "d", keep=frozenset({"scheme"}), root_id="d")
    p, pattern, keywords = copy
    assert copy.get(XML_ID) == "d" and p.get(XML_ID) == "d.a"
    assert p.get("corresp") == "#d.a other.xml#b #xpath(//p)"
    assert p.get("ana") == "#d"  # a pointer to the root follows it to its new id
    assert p.get("rend") == "#fff"  # not a pointer attribute
    assert pattern.get("replacementPattern") == "#xpath(/TEI)"
    assert keywords.get("scheme") == "#k"
    assert root[0].get(XML_ID) == "a"  # the document itself is not changed


# --------------------------------------------------------------------------- teiCorpus

@needs_shared
def test_teicorpus_is_valid_against_tei_all(corpus, tei_all):
    assert grammar.check(corpus, grammar.tei_all_path(), "tei_all") == []


@needs_shared
def test_every_document_is_in_the_corpus_but_the_one_tei_all_rejects(corpus):
    assert sorted(members(corpus)) == sorted(set(OWN) | set(IMPORTS) - {INVALID})
    nested = members(corpus)["testCorpus1"]
    assert etree.QName(nested).localname == "teiCorpus"
    assert [m.get(XML_ID) for m in nested.iterfind("t:TEI", T)] == ["testCorpus1.MyTextNumber1",
                                                                    "testCorpus1.MyTextNumber2"]


@needs_shared
def test_ids_are_unique_and_carry_their_documents_prefix(corpus):
    ids = [e.get(XML_ID) for e in corpus.iter(etree.Element) if e.get(XML_ID)]
    assert len(ids) == len(set(ids))
    for doc_id, member in members(corpus).items():
        for element in member.iter(etree.Element):
            value = element.get(XML_ID)
            assert value is None or value == doc_id or value.startswith(f"{doc_id}."), value
    header_ids = {e.get(XML_ID) for e in corpus.getroot()[0].iter(etree.Element) if e.get(XML_ID)}
    assert header_ids == {"classification", "documentType"}


def _pointers(root: etree._Element, ids: dict[str, etree._Element]) -> list[tuple]:
    """(pointing element, attribute, target element or None when it dangles) per #x."""
    found = []
    for element in root.iter(etree.Element):
        for name, value in element.attrib.items():
            if name not in POINTER_ATTRIBUTES:
                continue
            for token in value.split():
                match = LOCAL_POINTER.fullmatch(token)
                if match:
                    target = ids.get(match.group(1))
                    found.append((etree.QName(element).localname, name,
                                  None if target is None else etree.QName(target).localname))
    return sorted(found, key=repr)


def _ids(root: etree._Element) -> dict[str, etree._Element]:
    return {e.get(XML_ID): e for e in root.iter(etree.Element) if e.get(XML_ID)}


@needs_shared
def test_every_local_pointer_resolves_inside_its_document_as_it_did_in_the_file(exported, corpus):
    header_ids = _ids(corpus.getroot()[0])
    for doc_id, member in members(corpus).items():
        own = _ids(member)
        assert all(i == doc_id or i.startswith(f"{doc_id}.") for i in own)
        before = _pointers(original(exported, doc_id).getroot(), _ids(original(exported, doc_id).getroot()))
        after = _pointers(member, {**header_ids, **own})
        assert after == before, doc_id  # same pointers, same kinds of target; dangling stay so
    # the pointers that matter do resolve: speakers, alignment links, damage notes
    assert ("sp", "who", "person") in _pointers(members(corpus)["buechner-woyzeck"], _ids(corpus.getroot()))
    wilson = members(corpus)["wilson-110404"]
    links = wilson.xpath(".//t:link/@target", namespaces=T)
    assert links and all(t.startswith("#wilson-110404.") for v in links for t in v.split())
    assert ("keywords", "scheme", "taxonomy") in _pointers(wilson, {**header_ids, **_ids(wilson)})


@needs_shared
def test_attributes_that_are_not_pointers_keep_their_hash(corpus):
    patterns = corpus.xpath("//t:cRefPattern/@replacementPattern", namespaces=T)
    assert patterns and all(p.startswith("#xpath(/tei:TEI/") for p in patterns)


@needs_shared
def test_the_letter_tei_all_rejects_is_left_out_and_reported_but_kept_in_json_and_dc(exported, corpus,
                                                                                     records):
    run, out, _, _ = exported
    report = next(f for f in run.files if f.id == INVALID)
    assert report.status == "invalid"
    assert "left out of the teiCorpus" in report.problems[0] and "tei_all" in report.problems[0]
    assert report.details["formats"] == ["json", "dc"]
    assert INVALID in records and (out / "dc" / f"{INVALID}.xml").is_file()
    assert INVALID in " ".join(corpus.xpath("//t:teiCorpus/t:teiHeader//t:sourceDesc/t:p/text()",
                                            namespaces=T))
    assert run.failed == [report]


@needs_shared
def test_corpus_header_names_the_edition_and_the_export_date(exported, corpus):
    _, _, edition, _ = exported
    settings = load_config(edition).edition
    header = corpus.getroot()[0]
    assert header.findtext("t:fileDesc/t:titleStmt/t:title", namespaces=T) == settings.title
    pub = header.find("t:fileDesc/t:publicationStmt", T)
    assert pub.findtext("t:publisher", namespaces=T) == settings.publisher
    assert pub.findtext("t:availability/t:licence", namespaces=T) == settings.licence
    assert pub.find("t:date", T).get("when") == "2023-11-14"  # SOURCE_DATE_EPOCH


@needs_shared
def test_export_never_changes_tei_and_is_reproducible(exported):
    run, out, edition, before = exported
    assert hashes(edition / "tei") == before
    again = run_export(edition, edition / "output" / "again")
    assert again.to_json().replace(b"output/again", b"output/export") == run.to_json()
    assert hashes(edition / "output" / "again") == hashes(out)


# --------------------------------------------------------------------------- JSON

@needs_shared
def test_metadata_json_is_one_record_per_document_in_id_order_pretty_utf8(exported):
    _, out, _, _ = exported
    text = (out / "metadata.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert [r["id"] for r in data] == sorted(set(OWN) | set(IMPORTS))
    assert text.startswith("[\n  {\n") and "Büchner" in text  # indented, not \u-escaped


@needs_shared
def test_absent_fields_stay_absent(records):
    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            assert value
            for item in value:
                walk(item)
        else:
            assert value is not None and value not in {"", "N/A"}
    walk(list(records.values()))
    assert "date" not in records["frus1964-68v14-d8-excerpt"]  # a volume's header has no document date
    assert "summary" not in records["buechner-woyzeck"]


@needs_shared
def test_own_records_are_true_to_their_headers(exported, records):
    for doc_id in OWN:
        tree = original(exported, doc_id)
        record = records[doc_id]
        assert record["imported"] is False and record["file"] == f"tei/{doc_id}.xml"
        assert record["title"] == tree.findtext(".//t:titleStmt/t:title", namespaces=T)
        assert record["languages"] == tree.xpath("//t:langUsage/t:language/@ident", namespaces=T)
        assert record["date"] == tree.xpath("string(//t:creation/t:date[@type='document']/@when)",
                                            namespaces=T)
        record_ids = tree.xpath("//t:publicationStmt/t:idno[@type='record']/text()", namespaces=T)
        assert record.get("record_id") == (record_ids[0] if record_ids else None)
        if doc_id.startswith("wilson-"):
            assert record["record_id"] == doc_id.removeprefix("wilson-")


@needs_shared
def test_seed_record_carries_translator_obtainer_archive_and_classes(records):
    record = records["wilson-110404"]
    assert {"name": "Daniel Rozas", "role": "translator", "resp": "translated by"} in record["contributors"]
    assert {"name": "Odd Arne Westad", "role": "obtainer", "resp": "obtained by"} in record["contributors"]
    assert record["languages"] == ["en", "zh-Hans", "ru"] and record["original_language"] == "ru"
    assert record["date_text"] == "January 01, 1950"
    assert record["uri"] == "http://digitalarchive.wilsoncenter.org/document/110404"
    assert (record["settlement"], record["repository"]) == (
        "Moscow", "Archive of Foreign Policy, Russian Federation (AVP RF)")
    assert record["shelfmark"] == "f. 0100, op. 43, d. 10, papka 302, ll. 1-4"
    assert (record["document_type"], record["classification"]) == ("memorandum", "Secret")
    assert record["citation"].startswith("“Memorandum, Conversation of Mao")
    assert records["wilson-116801"]["event_date"] == "1951-12-24"
    translators = [a["name"] for a in records["doc-1960-07-18-note-the-soviet-embassy-in-beijing-to"]
                   ["contributors"] if a["role"] == "translator"]
    assert translators == ["Dieter Heinzig", "Anna Eckner"]


@needs_shared
def test_imported_records_hold_what_their_headers_hold(records):
    play = records["buechner-woyzeck"]
    assert play["imported"] is True and play["file"] == "tei/imported/buechner-woyzeck.xml"
    assert play["authors"] == [{"name": "Georg Büchner", "role": "author"}]
    assert play["languages"] == ["de"] and play["source_id"] == "ger000564"
    assert (play["licence"], play["publisher"]) == ("CC0 1.0", "DraCor")

    frus = records["frus1964-68v14-d8-excerpt"]
    assert frus["series"] == "Foreign Relations of the United States"
    assert {"name": "David S. Patterson", "role": "editor", "resp": "general"} in frus["contributors"]
    assert {"type": "isbn-13", "value": "9780160505942"} in frus["identifiers"]
    assert frus["published"] == "2001"

    cicero = records["phi0474.phi012.perseus-eng3"]
    assert cicero["authors"][0]["name"] == "M. Tullius Cicero"
    yonge = {"name": "Charles Duke Yonge", "role": "translator", "resp": "translator"}
    assert yonge in cicero["contributors"]
    assert cicero["languages"] == ["eng", "lat", "grc"]
    assert records["phi0474.phi012.perseus-lat2"]["licence_url"] == "https://creativecommons.org/licenses/by-sa/4.0/"

    letter = records["L00001"]
    sent, received = letter["correspondence"]
    assert sent == {"type": "sent", "persons": ["Mamroth, Fedor"], "date": "1889-08-02",
                    "date_text": "2. 8. 1889", "place": "Frankfurt am Main"}
    assert (received["type"], received["persons"], received["place"]) == (
        "received", ["Schnitzler, Arthur"], "Wien")
    assert received["date"] == "1889-08-03/1889-08-07"
    assert letter["date"] == "1889-08-02"
    assert letter["title"] == "Fedor Mamroth an Arthur Schnitzler, 2. 8. 1889"
    assert (letter["repository"], letter["shelfmark"]) == ("University Library", "Schnitzler, B 68")


# --------------------------------------------------------------------------- Dublin Core

@pytest.fixture(scope="module")
def oai_dc() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(resource_dir("schema") / "oai_dc" / "oai_dc.xsd"))


@needs_shared
def test_every_dc_record_validates_against_the_oai_dc_structure(exported, oai_dc):
    _, out, _, _ = exported
    files = sorted((out / "dc").glob("*.xml"))
    assert [f.stem for f in files] == sorted(set(OWN) | set(IMPORTS))
    for path in files:
        errors = [f"{e.path}: {e.reason}" for e in oai_dc.iter_errors(str(path))]
        assert not errors, (path.name, errors)


def test_the_oai_dc_schema_rejects_what_a_harvester_would(oai_dc):
    def errors(body: str) -> list:
        return list(oai_dc.iter_errors(f'<oai_dc:dc xmlns:oai_dc="{OAI_DC_NS}" xmlns:dc="{DC_NS}">'
                                       f"{body}</oai_dc:dc>"))
    assert not errors("<dc:title>T</dc:title><dc:date>1950</dc:date><dc:title xml:lang='en'>U</dc:title>")
    assert errors("<dc:titel>T</dc:titel>")  # not a Dublin Core element
    assert errors("<dc:title> </dc:title>")  # empty
    assert errors("<dc:title>T<dc:date>1950</dc:date></dc:title>")  # nested


@needs_shared
def test_dc_records_carry_title_date_language_identifier(exported, records):
    _, out, _, _ = exported
    dc = {"dc": DC_NS}
    for doc_id in OWN:
        root = etree.parse(str(out / "dc" / f"{doc_id}.xml")).getroot()
        assert root.tag == f"{{{OAI_DC_NS}}}dc"
        record = records[doc_id]
        assert root.xpath("dc:title/text()", namespaces=dc) == [record["title"]]
        assert root.xpath("dc:date/text()", namespaces=dc) == [record["date"]]
        assert root.xpath("dc:language/text()", namespaces=dc) == record["languages"]
        assert doc_id in root.xpath("dc:identifier/text()", namespaces=dc)
    play = etree.parse(str(out / "dc" / "buechner-woyzeck.xml")).getroot()
    assert play.xpath("dc:creator/text()", namespaces=dc) == ["Georg Büchner"]


# --------------------------------------------------------------------------- library and CLI

def test_export_refuses_an_unknown_format(tmp_path):
    (tmp_path / "tei").mkdir()
    shutil.copy(REPO / "tei" / f"{OWN[0]}.xml", tmp_path / "tei")
    with pytest.raises(EditionError, match="unknown export format 'pdf'"):
        export_edition(tmp_path / "tei", tmp_path / "out", load_config(tmp_path), formats=("pdf",))


def test_a_file_whose_id_is_taken_or_that_is_not_tei_fails_alone(tmp_path):
    tei = tmp_path / "tei"
    (tei / "imported").mkdir(parents=True)
    shutil.copy(REPO / "tei" / f"{OWN[0]}.xml", tei)
    shutil.copy(REPO / "tei" / f"{OWN[0]}.xml", tei / "imported")
    (tei / "imported" / "notes.xml").write_text("<notes/>", encoding="utf-8")
    run = run_export(tmp_path, tmp_path / "out", formats=("json",))
    status = {(f.path, f.status) for f in run.files}
    assert (f"tei/{OWN[0]}.xml", "exported") in status
    assert (f"tei/imported/{OWN[0]}.xml", "failed") in status
    assert ("tei/imported/notes.xml", "failed") in status
    data = json.loads((tmp_path / "out" / "metadata.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in data] == [OWN[0]]


@pytest.fixture
def runner():
    return CliRunner()


def test_export_command_has_help_with_examples(runner):
    result = runner.invoke(main, ["export", "--help"])
    assert result.exit_code == 0 and "tei-edition export --format" in result.output
    choices = next(p for p in main.commands["export"].params if p.name == "formats").type.choices
    assert tuple(choices) == FORMATS


def test_export_command_writes_every_format_of_the_sample_edition(tmp_path, runner, tei_all):
    edition = make_edition(tmp_path / "ed", {})
    result = runner.invoke(main, ["--edition", str(edition), "export"])
    assert result.exit_code == 0, result.output
    assert f"export: {len(OWN)} exported, 3 written" in result.stderr
    out = edition / "output" / "export"
    assert (out / f"{corpus_name(load_config(edition))}.xml").is_file()
    assert len(list((out / "dc").glob("*.xml"))) == len(OWN)
    report = json.loads((edition / "output" / "reports" / "export.json").read_text(encoding="utf-8"))
    assert report["counts"] == {"exported": len(OWN), "written": 3}


@needs_shared
def test_export_command_exits_1_when_a_document_is_left_out(tmp_path, runner, tei_all):
    edition = make_edition(tmp_path / "ed", {INVALID: IMPORTS[INVALID]})
    result = runner.invoke(main, ["--edition", str(edition), "export", "--out", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "1 invalid" in result.stderr
    assert f"Error: tei/imported/{INVALID}.xml: left out of the teiCorpus" in result.stderr
    json_only = runner.invoke(main, ["--edition", str(edition), "export", str(edition / "tei"),
                                     "--format", "json", "--out", str(tmp_path / "j")])
    assert json_only.exit_code == 0, json_only.output
    assert sorted(p.name for p in (tmp_path / "j").iterdir()) == ["metadata.json"]


def test_export_command_without_a_tei_folder_could_not_run(tmp_path, runner):
    result = runner.invoke(main, ["--edition", str(tmp_path), "export", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "no such folder" in result.output



def test_an_edition_without_publisher_or_licence_still_exports_a_valid_corpus(tmp_path, runner, tei_all):
    edition = make_edition(tmp_path / "ed", {})
    (edition / "edition.toml").write_text('[edition]\ntitle = "Bare"\n', encoding="utf-8")
    result = runner.invoke(main, ["--edition", str(edition), "export", "--format", "teicorpus"])
    assert result.exit_code == 0, result.output
    corpus = parse_xml(edition / "output" / "export" / "bare.xml")
    assert not grammar.check(corpus, grammar.tei_all_path(), "tei_all")
    statement = corpus.find("t:teiHeader/t:fileDesc/t:publicationStmt", T)
    assert [etree.QName(c).localname for c in statement] == ["p"]
    assert "no publisher" in "".join(statement.itertext())
