"""Imported translations shown in the parallel view: Perseus' CTS edition and translation
(separate files of one work) paired section by section, and versions in one file paired
by ``@corresp``.

The Perseus files come with the project's shared data (../shared/tei/corpora); the
tests that need them skip only when that folder is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree, html

from pipeline.cli import main
from pipeline.exchange.pairing import cts_companions, cts_work, paired_view
from pipeline.render import HtmlOptions, Renderer
from pipeline.xmlio import parse_xml

PERSEUS = Path(__file__).resolve().parents[2] / "shared" / "tei" / "corpora" / "perseus-latinlit"
WORK = PERSEUS / "phi0474" / "phi012"
LATIN, ENGLISH = WORK / "phi0474.phi012.perseus-lat2.xml", WORK / "phi0474.phi012.perseus-eng3.xml"
needs_perseus = pytest.mark.skipif(
    not WORK.is_dir(), reason="needs ../shared/tei/corpora/perseus-latinlit (the project's shared data)")
NS = {"tei": "http://www.tei-c.org/ns/1.0"}


def _sections(path: Path) -> list[str]:
    return parse_xml(path).xpath("//tei:div[@type='textpart']/@n", namespaces=NS)


def _rows(page: bytes) -> list:
    return html.fromstring(page).xpath("//div[contains(concat(' ', @class, ' '), ' pv-row ')]")


@needs_perseus
def test_edition_and_translation_are_one_work():
    assert cts_work(parse_xml(LATIN)) == cts_work(parse_xml(ENGLISH)) == "urn:cts:latinLit:phi0474.phi012"
    companions = cts_companions(sorted(PERSEUS.rglob("*.xml")))
    assert companions == {LATIN: [ENGLISH], ENGLISH: [LATIN]}  # the __cts__ files are not TEI


@needs_perseus
def test_sections_with_the_same_citation_are_linked():
    view = paired_view(parse_xml(LATIN), [parse_xml(ENGLISH)])
    texts = view.xpath("tei:text/tei:group/tei:text", namespaces=NS)
    assert [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in texts] == ["lat", "eng"]
    shared = [n for n in _sections(LATIN) if n in set(_sections(ENGLISH))]
    links = view.xpath("tei:standOff/tei:linkGrp[@subtype='paragraph']/tei:link", namespaces=NS)
    assert len(links) == len(shared) == 38
    ids = {i: t for t in texts for i in t.xpath(".//@xml:id")}
    for link in links:
        sides = {ids[target[1:]].get("{http://www.w3.org/XML/1998/namespace}id")
                 for target in link.get("target").split()}
        assert sides == {"v1-text", "v2-text"}


@needs_perseus
def test_parallel_page_puts_a_section_beside_its_translation():
    view = paired_view(parse_xml(LATIN), [parse_xml(ENGLISH)])
    page = Renderer().html(etree.ElementTree(view), "lat", HtmlOptions())
    rows = [r.text_content() for r in _rows(page)]
    [row] = [r for r in _rows(page) if "etsi, Quirites" in r.text_content()]
    assert "Although, O Romans" in row.text_content() and "pv-linked" in row.get("class")
    assert sum("Although, O Romans" in r for r in rows) == 1


def _two_versions(corresp: bool) -> etree._ElementTree:
    link = ' corresp="#la1"' if corresp else ""
    return etree.ElementTree(etree.fromstring(f"""
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
<text><group>
  <text xml:lang="la"><body><p xml:id="la0">Prooemium.</p>
    <p xml:id="la1">Gallia est omnis divisa.</p></body></text>
  <text xml:lang="en"><body><p xml:id="en1"{link}>All Gaul is divided.</p></body></text>
</group></text></TEI>"""))


def test_corresp_between_versions_of_one_file_pairs_their_blocks():
    view = paired_view(_two_versions(corresp=True))
    targets = view.xpath("tei:standOff/tei:linkGrp/tei:link/@target", namespaces=NS)
    assert targets == ["#v1.la1 #v2.en1"]
    page = Renderer().html(etree.ElementTree(view), "caesar", HtmlOptions())
    row = next(r for r in _rows(page) if "All Gaul" in r.text_content())
    assert "Gallia est" in row.text_content() and "Prooemium" not in row.text_content()


def test_nothing_to_pair_leaves_the_document_as_it_is():
    assert paired_view(_two_versions(corresp=False)) is None
    single = etree.ElementTree(etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>x</p></body></text></TEI>'))
    assert paired_view(single) is None


@needs_perseus
def test_build_renders_imported_perseus_files_in_parallel_and_text_per_file(tmp_path):
    runner = CliRunner()
    edition = tmp_path / "ed"
    runner.invoke(main, ["init", str(edition)])
    toml = edition / "edition.toml"
    toml.write_text(toml.read_text().replace('["html", "print", "pdf", "txt"]', '["html", "txt"]'))
    result = runner.invoke(main, ["--edition", str(edition), "import", str(WORK)])
    assert (edition / "tei" / "imported" / LATIN.name).is_file(), result.output
    result = runner.invoke(main, ["--edition", str(edition), "build"])
    assert result.exit_code == 0, result.output
    out = edition / "output"
    page = (out / "html" / "phi0474.phi012.perseus-lat2.html").read_bytes()
    assert sum("pv-linked" in (r.get("class") or "") for r in _rows(page)) == 38
    latin_txt = (out / "txt" / "phi0474.phi012.perseus-lat2.lat.txt").read_text()
    assert "etsi, Quirites" in latin_txt and "Although, O Romans" not in latin_txt
    assert not list((out / "txt").glob("phi0474.phi012.perseus-lat2.eng*"))


def test_a_document_with_duplicate_ids_is_still_viewed_and_paired():
    # TEI Stylesheets' test-tree.xml repeats an xml:id; copying must not re-parse (which
    # would refuse the whole document) on the way to the parallel view.
    tree = _two_versions(corresp=True)
    tree.getroot().find(".//{http://www.tei-c.org/ns/1.0}p").set(
        "{http://www.w3.org/XML/1998/namespace}id", "la1")
    view = paired_view(tree)
    assert view is not None and len(view.findall(".//{http://www.tei-c.org/ns/1.0}link")) == 1
