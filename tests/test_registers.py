"""Registers of persons, places and organisations: rendered where the TEI encodes them.

Uses a letter of the Schnitzler edition in ../shared/tei/corpora/schnitzler-briefe
(listPerson, listPlace, listOrg in <back>, names in the text with @ref). CI has
../shared beside the project; without it these tests skip.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from pipeline.render import HtmlOptions, Renderer, names_entities
from pipeline.xmlio import parse_xml

SHARED = Path(__file__).resolve().parents[2] / "shared"
LETTER = SHARED / "tei" / "corpora" / "schnitzler-briefe" / "L00001.xml"

pytestmark = pytest.mark.skipif(not LETTER.exists(), reason=f"needs ../shared beside the project ({LETTER})")


@pytest.fixture(scope="module")
def renderer():
    return Renderer()


@pytest.fixture(scope="module")
def letter():
    return parse_xml(LETTER.read_bytes())


def test_document_page_lists_entities_with_links_to_their_mentions(renderer, letter):
    page = lxml.html.fromstring(renderer.html(letter, "L00001", HtmlOptions()))
    panel = page.xpath("//section[@class='registers']")[0]
    assert [h.text for h in panel.xpath("h3")] == ["Persons", "Places", "Organisations"]
    entry = page.get_element_by_id("reg-pmb2121")
    assert entry.xpath("string(span[@class='entity-name'])") == "Schnitzler, Arthur"
    assert "15 May 1862" in entry.xpath("string(span[@class='entity-details'])")
    # Each mention link lands on a name in the text that points to the entry.
    for href in entry.xpath(".//span[@class='mentions']/a/@href"):
        name = page.get_element_by_id(href[1:])
        assert "name-person" in name.get("class")
    assert entry.xpath(".//a[@class='entity-uri']/@href")  # authority links kept
    # rs of other kinds (works, events) are not persons.
    names = panel.xpath(".//ul[contains(@class, 'entities-person')]/li/span[@class='entity-name']/text()")
    assert "Weihnachts-Einkäufe" not in names


def test_registers_page_gathers_entities_across_documents(renderer, letter):
    options = HtmlOptions(edition_title="Letters")
    summaries = [renderer.summary(letter, "L00001", options), renderer.summary(letter, "copy", options)]
    page = lxml.html.fromstring(renderer.registers_page(summaries, options))
    items = page.xpath("//ul[contains(@class, 'entities-person')]/li")
    schnitzler = [li for li in items
                  if li.xpath("string(span[@class='entity-name'])") == "Schnitzler, Arthur"]
    assert len(schnitzler) == 1  # one entry, not one per document
    links = schnitzler[0].xpath(".//span[@class='mentioned-in']/a/@href")
    assert [href.split("#")[0] for href in links] == ["L00001.html", "copy.html"]


def test_registers_page_says_so_when_nothing_is_encoded(renderer):
    page = lxml.html.fromstring(renderer.registers_page([], HtmlOptions()))
    assert page.xpath("//p[@class='empty']")


def test_corpus_pages_from_serialized_records_are_those_from_elements(renderer, letter):
    """The build hands the pages its cached records as bytes (one with an XML
    declaration): the same pages; records naming no entity are left off the registers
    page."""
    from pipeline.render.stylesheets import ED_NS

    options = HtmlOptions(edition_title="Letters")
    bare = renderer.summary(letter, "bare", options)
    for entity in bare.findall(f"{{{ED_NS}}}entity"):
        bare.remove(entity)
    records = [renderer.summary(letter, "L00001", options), bare]
    assert [names_entities(r) for r in records] == [True, False]
    serialized = [etree.tostring(r, xml_declaration=i == 0, encoding="UTF-8")
                  for i, r in enumerate(records)]
    assert renderer.index_page(serialized, options, search=True) == \
        renderer.index_page(records, options, search=True)
    assert renderer.registers_page(serialized, options) == renderer.registers_page(records, options)
    assert renderer.registers_page(serialized, options) == renderer.registers_page(serialized[:1], options)
    index = lxml.html.fromstring(renderer.index_page(serialized, options))
    rows = index.xpath("//tbody/tr")
    assert sorted(tr.get("data-doc") for tr in rows) == ["L00001", "bare"]
