"""Rendering: HTML, index, the machinery.

Fixtures are small TEI files in tests/fixtures/render/ written in the encoder's shape.
The ed: functions and each editorial mark in every format: test_xslt.py; the plain
text: test_txt.py; the print edition and its PDFs: test_pdf.py; golden files of the
sample corpus: test_golden.py.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from pipeline.errors import TransformError
from pipeline.render import (
    HtmlOptions,
    PrintOptions,
    Renderer,
    TxtOptions,
    assets,
    options_for,
    resource_dir,
    stylesheets,
)
from pipeline.xmlio import parse_xml

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "render"


def load(stem: str) -> etree._ElementTree:
    return parse_xml((FIXTURES / f"{stem}.xml").read_bytes())


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


@pytest.fixture(scope="module")
def multi() -> etree._ElementTree:
    return load("multi")


@pytest.fixture(scope="module")
def single() -> etree._ElementTree:
    return load("single")


@pytest.fixture(scope="module")
def multi_page(renderer, multi) -> lxml.html.HtmlElement:
    options = HtmlOptions(edition_title="Test Edition", languages=("en", "ru", "zh"))
    return lxml.html.fromstring(renderer.html(multi, "wilson-110404", options))


def text_of(page: lxml.html.HtmlElement, element_id: str) -> str:
    return " ".join(page.get_element_by_id(element_id).text_content().split())


# --------------------------------------------------------------------------- HTML


def test_html_blocks_carry_their_tei_ids(multi_page):
    ids = {
        "en-p1",
        "en-p2",
        "en-p3",
        "en-p4",
        "en-p5",
        "en-p6",
        "en-p7",
        "zh-Hans-fn1",
        "zh-Hans-p1",
        "zh-Hans-p2",
        "ru-p1",
        "ru-p2",
        "ru-p3",
        "en-fn1",
        "damage-zh-Hans",
    }
    assert ids <= set(multi_page.xpath("//@id"))
    assert multi_page.xpath("//h3[@id='en-p2']") and multi_page.xpath("//div[@id='en-p6'][@class='closer']")


def test_html_parallel_view_has_a_column_per_version_in_the_preferred_order(multi_page):
    heads = multi_page.xpath("//div[contains(@class, 'pv-head')]/h2")
    assert [(h.get("id"), h.get("data-column")) for h in heads] == [
        ("en-text", "1"),
        ("ru-text", "2"),
        ("zh-Hans-text", "3"),
    ]
    assert multi_page.get("lang") == "en"
    # Each cell carries its version's language; the English labels say they are English.
    cells = multi_page.xpath("//div[contains(@class, 'pv-row')]/div[contains(@class, 'pv-cell')]")
    assert {c.get("lang") for c in cells if c.get("data-column") == "3"} == {"zh-Hans"}
    assert all(h.get("lang") == "en" for h in heads)


def test_html_parallel_rows_follow_the_paragraph_alignment(multi_page):
    def row_of(block_id):
        return multi_page.get_element_by_id(block_id).xpath("ancestor::div[contains(@class, 'pv-row')]")[0]

    linked = row_of("en-p3")
    assert row_of("zh-Hans-p1") is linked and row_of("ru-p1") is linked
    assert "pv-linked" in linked.get("class")
    # Blocks no link targets stand in their own rows, before the next linked row, in
    # their version's column; nothing of a version is left out or doubled.
    assert row_of("en-p1") is not linked and row_of("zh-Hans-fn1") is not linked
    assert multi_page.xpath("count(//*[@id='en-p1'])") == 1
    assert row_of("en-p1").getnext() is not None
    for block_id, column in (("en-p1", "1"), ("ru-p2", "2"), ("zh-Hans-fn1", "3")):
        cell = multi_page.get_element_by_id(block_id).xpath("ancestor::div[contains(@class, 'pv-cell')]")[0]
        assert cell.get("data-column") == column


def test_html_shows_editorial_marks_in_brackets(multi_page):
    assert "comrade [Andrei] Vyshinskiy" in text_of(multi_page, "en-p3")
    assert "names Suo-fei-da [sic] and Wulumuqi [Urumqi]; […] the rest" in text_of(multi_page, "en-p4")
    assert "на материке // Китая разгромлены" in text_of(multi_page, "ru-p2")
    assert "拜访了中□人民共和□中央" in text_of(multi_page, "zh-Hans-p1")
    assert "在友好和[?]切" in text_of(multi_page, "zh-Hans-p2")
    lost = multi_page.xpath("//*[@id='zh-Hans-p1']//a[contains(@class, 'lost')]")
    assert lost and lost[0].get("href") == "#damage-zh-Hans"


def test_html_marks_carry_their_description_as_a_tooltip(multi_page):
    kinds = {"supplied": "words supplied by the translator or editor",
             "lost": "characters lost in the source text", "pb": "page break in the original"}
    for kind, description in kinds.items():
        marks = multi_page.xpath(f"//*[contains(concat(' ', @class, ' '), ' mark ')]"
                                 f"[contains(concat(' ', @class, ' '), ' {kind} ')]"
                                 "[not(ancestor::section[@class='legend'])]")  # (its examples)
        assert marks and all(m.get("title", "").startswith(description) for m in marks), kind


def test_html_links_aligned_blocks_and_notes(multi_page):
    assert multi_page.get_element_by_id("en-p3").get("data-corresp") == "zh-Hans-p1 ru-p1"
    assert multi_page.xpath("//sup[@id='en-fn1-ref']/a/@href") == ["#en-fn1"]
    assert "USSR Minister of Foreign Affairs" in text_of(multi_page, "en-fn1")


def test_html_has_metadata_panel_and_legend_of_marks_used(multi_page):
    terms = [
        " ".join(dt.text_content().split()) for dt in multi_page.xpath("//section[@class='metadata']//dt")
    ]
    assert terms[:3] == ["Date", "Original language", "Versions"]
    assert {"Citation", "Record", "Obtained by", "Translated by", "Archival reference"} <= set(terms)
    record = multi_page.xpath("//div[contains(@class, 'row-record')]//a")[0]
    assert record.get("href").endswith("/document/110404") and record.text == "110404"
    legend = multi_page.xpath("//section[@class='legend']//dd/text()")
    assert "page break in the original" in legend and len(legend) == 6
    assert multi_page.xpath("//link[@rel='stylesheet']/@href") == ["assets/edition.css"]


def test_html_keeps_text_of_unknown_elements(renderer, single, multi_page):
    page = lxml.html.fromstring(renderer.html(single, "single", HtmlOptions()))
    assert text_of(page, "en-p3") == "An element no stylesheet knows, still shown."
    assert text_of(page, "en-fn1") == "Archival reference Xinjiang Uyghur Autonomous Region Archive."
    assert "In the Szechuan province" in text_of(multi_page, "en-p5")


def test_html_single_version_document_has_no_version_navigation(renderer, single):
    page = lxml.html.fromstring(renderer.html(single, "single", HtmlOptions()))
    assert not page.xpath("//nav[@class='versions-nav']")
    assert page.xpath("//section[@id='en-text'][@lang='en']")
    assert not page.xpath("//*[contains(@class, 'parallel')]")
    assert text_of(page, "en-p2") == "Stores in Wulumuqi [Urumqi] and Yining [Gulja] […] were closed."


def test_index_links_every_document_by_its_id_sorted_by_date(renderer, multi, single):
    options = HtmlOptions(edition_title="Test Edition", languages=("en", "ru"))
    page = lxml.html.fromstring(renderer.index([("single-doc", single), ("wilson-110404", multi)], options))
    assert page.xpath("//tbody//a/@href") == ["wilson-110404.html", "single-doc.html"]
    rows = [[" ".join(td.text_content().split()) for td in tr.xpath("td")] for tr in page.xpath("//tbody/tr")]
    assert rows[0][0] == "1 January 1950"
    assert rows[0][3] == "English, Russian, Chinese"
    assert rows[1][:2] == ["May 1962", "Report of the Work Team on Xinjiang"]
    assert page.xpath("//tbody/tr[1]/@data-language") == ["en ru zh-Hans"]
    assert page.xpath("//select[@id='filter-language']/option/@value") == ["", "zh-Hans", "en", "ru"]
    assert page.xpath("//script/@src") == ["assets/index.js"]


# --------------------------------------------------------------------------- machinery


def write_stylesheet(path, templates: str):
    """An XSLT 3.0 stylesheet holding ``templates``, written to ``path``."""
    path.write_text('<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                    f"{templates}</xsl:stylesheet>", encoding="utf-8")
    return path


def test_broken_stylesheet_raises_transform_error_naming_it(tmp_path, multi):
    broken = write_stylesheet(tmp_path / "broken.xsl",
                              '<xsl:template match="/"><x><xsl:value-of select="$undeclared"/></x>'
                              "</xsl:template>")
    with pytest.raises(TransformError) as caught:
        Renderer({"html": broken}).html(multi, "wilson-110404", HtmlOptions())
    assert caught.value.path == str(broken.resolve())
    assert "XPST0008" in caught.value.reasons[0].message and "undeclared" in str(caught.value)


def test_failing_stylesheet_reports_its_message(tmp_path, multi):
    failing = write_stylesheet(tmp_path / "failing.xsl",
                               '<xsl:template match="/"><xsl:message terminate="yes">cannot go on'
                               "</xsl:message></xsl:template>")
    with pytest.raises(TransformError) as caught:
        Renderer({"html": failing}).html(multi, "wilson-110404", HtmlOptions())
    assert "cannot go on" in str(caught.value) and "wilson-110404" in str(caught.value)


def test_stylesheets_compile_once_and_renderer_pickles(renderer, multi):
    path = stylesheets.stylesheet_path("html")
    assert stylesheets.compiled(path) is stylesheets.compiled(path)
    renderer.html(multi, "wilson-110404", HtmlOptions())
    clone = pickle.loads(pickle.dumps(renderer))
    assert clone.stylesheets == renderer.stylesheets


@pytest.mark.parametrize(
    ("fmt", "options"), [("html", HtmlOptions), ("print", PrintOptions), ("txt", TxtOptions)]
)
def test_options_mirror_the_stylesheet_parameters(fmt, options):
    params_file = resource_dir("xslt") / fmt / f"{fmt}-params.xsl"
    names = etree.parse(str(params_file)).xpath(
        "//xsl:param/@name", namespaces={"xsl": "http://www.w3.org/1999/XSL/Transform"}
    )
    assert sorted(names) == sorted(f.replace("_", "-") for f in options.__dataclass_fields__)


def test_assets_cover_what_pages_link():
    files = assets()
    assert set(files) == {
        "html/assets/edition.css",
        "html/assets/index.js",
        "html/assets/document.js",
        "print/assets/print.css",
    }
    assert all(files.values())
    assert set(assets(["txt", "print"])) == {"print/assets/print.css"}


def test_options_for_takes_edition_settings():
    from pipeline.config import Config, EditionSettings, RenderSettings

    config = Config(
        edition=EditionSettings(title="Cold War", languages=("ru", "en")),
        render=RenderSettings(fonts=("Noto Serif",)),
    )
    opts = options_for(config)
    assert opts.html == HtmlOptions(edition_title="Cold War", languages=("ru", "en"))
    assert opts.print.fonts == ("Noto Serif",) and opts.txt.edition_title == "Cold War"


def test_index_puts_undated_documents_after_the_dated_ones(renderer, multi, single):
    undated = etree.fromstring(etree.tostring(single.getroot()))
    for date in undated.iter("{http://www.tei-c.org/ns/1.0}date"):
        date.getparent().remove(date)
    page = lxml.html.fromstring(renderer.index(
        [("a-undated", etree.ElementTree(undated)), ("single-doc", single), ("wilson-110404", multi)],
        HtmlOptions()))
    assert page.xpath("//tbody//a/@href") == ["wilson-110404.html", "single-doc.html", "a-undated.html"]


def _aligned(links: list[str]) -> bytes:
    """A TEI document of two one-sentence paragraphs a language, linked by ``links``."""
    link_elements = "".join(f'<link target="{t}"/>' for t in links)
    return f"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>
      <titleStmt><title>Aligned</title></titleStmt><publicationStmt><p>x</p></publicationStmt>
      <sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
      <text><group>
        <text xml:lang="en"><body><p xml:id="a"><s xml:id="a1">One.</s></p>
          <p xml:id="b"><s xml:id="b1">Two.</s></p></body></text>
        <text xml:lang="ru"><body><p xml:id="c"><s xml:id="c1">Odin.</s></p>
          <p xml:id="d"><s xml:id="d1">Dva.</s></p></body></text>
      </group></text>
      <standOff><linkGrp type="alignment">{link_elements}</linkGrp></standOff></TEI>""".encode()


def test_counterparts_gather_every_link_of_an_id_once_in_link_order(renderer):
    # Several links name an id (it gets the union, in their order, without repeats and
    # without itself); an id twice in one link; a link naming only its own element.
    tree = parse_xml(_aligned(["#a #c", "#a #d #c", "#b #b #d", "#a1 #c1", "#d1 #d1"]))
    page = lxml.html.fromstring(renderer.html(tree, "aligned", HtmlOptions()))
    corresp = {e.get("id"): e.get("data-corresp") for e in page.xpath("//*[@id]")}
    assert corresp["a"] == "c d" and corresp["c"] == "a d" and corresp["d"] == "a c b"
    assert corresp["b"] == "d" and corresp["a1"] == "c1" and corresp["c1"] == "a1"
    assert corresp["d1"] is None and corresp["b1"] is None


def test_counterparts_of_a_corpus_member_read_as_in_its_own_page(renderer):
    # (A corpus page renders a copy of its members with prefixed ids: the counterparts
    # are then found by the key, not the map made of the transformed file.)
    member = _aligned(["#a #c", "#a #d #c", "#b #b #d"]).decode()
    member = member.replace('<TEI xmlns="http://www.tei-c.org/ns/1.0">', "<TEI>")
    corpus = parse_xml(f"""<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>
      <titleStmt><title>Corpus</title></titleStmt><publicationStmt><p>x</p></publicationStmt>
      <sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>{member}</teiCorpus>""".encode())
    page = lxml.html.fromstring(renderer.html(corpus, "corpus", HtmlOptions()))
    corresp = {e.get("id").rpartition(".")[2]: e.get("data-corresp") for e in page.xpath("//p[@id]")}
    prefix = page.xpath("//p[@id]")[0].get("id").rpartition(".")[0]
    assert prefix and corresp["d"] == " ".join(f"{prefix}.{i}" for i in ("a", "c", "b"))
    assert corresp["a"] == f"{prefix}.c {prefix}.d"
