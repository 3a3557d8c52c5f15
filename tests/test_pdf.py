"""The print edition and its PDFs: every sample document (tei/*.xml) and the combined volume.

Each PDF is rendered once per session (module fixtures; WeasyPrint takes about a second
per document) and inspected from the outside with poppler-utils (pdftotext for the text
of each page, pdffonts for the fonts) and pypdf (the named destinations WeasyPrint writes
for every element id: where a note's call and its body landed).

Sample words are taken from the TEI, never counted by hand, so the tests follow the
corpus. The footnote checks run on the sample documents with a note added to every other
paragraph ("annotated"): the corpus itself has no note inside running text.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import unicodedata
from copy import deepcopy
from dataclasses import dataclass, replace
from functools import cache
from io import BytesIO
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from pipeline.errors import RenderError
from pipeline.render import PrintOptions, Renderer, assets, render_pdf
from pipeline.render.volume import VOLUME_NAME, print_volume, volume_corpus
from pipeline.xmlio import parse_xml

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "render"
SAMPLES = sorted(p.stem for p in (REPO / "tei").glob("*.xml"))
PARALLEL = "wilson-110404"  # the sample document with three versions
TEI = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
OPTIONS = PrintOptions(edition_title="Test Edition", languages=("en", "ru", "zh"))


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} (poppler-utils) is not installed: cannot inspect the PDF")
    return path


@cache
def sample(stem: str) -> etree._ElementTree:
    return parse_xml((REPO / "tei" / f"{stem}.xml").read_bytes())


def fixture(stem: str) -> etree._ElementTree:
    return parse_xml((FIXTURES / f"{stem}.xml").read_bytes())


# --------------------------------------------------------------------------- rendering once


@dataclass(frozen=True)
class Printed:
    """One print page, its PDF and what the PDF shows."""

    html: bytes
    pdf: bytes
    pages: list[str]  # pdftotext per page (form feeds split them)
    destinations: dict[str, int]  # element id → 1-based page
    fonts: list[str]  # pdffonts rows
    warnings: list[str]  # everything WeasyPrint logged at WARNING or above

    @property
    def page(self) -> lxml.html.HtmlElement:
        """The print page, parsed anew on each access."""
        return lxml.html.fromstring(self.html)


class _Log(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def printed(html: bytes, tmp: Path, name: str) -> Printed:
    """Render ``html`` to PDF (SOURCE_DATE_EPOCH set) and read it back."""
    log = _Log()
    logging.getLogger("weasyprint").addHandler(log)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
            pdf = render_pdf(html)
    finally:
        logging.getLogger("weasyprint").removeHandler(log)
    path = tmp / f"{name}.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([tool("pdftotext"), "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, check=True).stdout.decode("utf-8")
    fonts = subprocess.run([tool("pdffonts"), str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    return Printed(html, pdf, text.split("\f")[:-1], destinations(pdf), fonts, log.messages)


def destinations(pdf: bytes) -> dict[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    return {name: reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


@pytest.fixture(scope="module")
def render(renderer, tmp_path_factory):
    """Print page + PDF of a TEI tree, once per (name, options) in this module."""
    done: dict[tuple[str, PrintOptions], Printed] = {}
    tmp = tmp_path_factory.mktemp("pdf")

    def get(name: str, tree: etree._ElementTree, options: PrintOptions = OPTIONS) -> Printed:
        if (name, options) not in done:
            html = renderer.print_html(tree, name.split("+", maxsplit=1)[0], options)
            done[name, options] = printed(html, tmp, f"{name}-{len(done)}")
        return done[name, options]

    return get


def annotated(tree: etree._ElementTree) -> etree._ElementTree:
    """The document with a note at the end of every other paragraph of each version."""
    copy = deepcopy(tree)
    for text in copy.iterfind(".//tei:text", NS):
        if text.find("tei:group", NS) is not None:
            continue
        for n, p in enumerate(text.iterfind(".//tei:div/tei:p", NS)):
            if n % 2 == 0:
                note = etree.SubElement(p, f"{{{TEI}}}note", {XML_ID: f"{p.get(XML_ID)}-test-note"})
                note.text = f"Editorial note on {p.get(XML_ID)}."
    return copy


def flat(text: str) -> str:
    """Page text as one line: words hyphenated at a line end joined, spaces single."""
    text = re.sub(r"(\w)[\u2010\u00ad-]\n(\w)", r"\1\2", text)
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """Page text without any whitespace (Chinese lines break anywhere)."""
    return re.sub(r"\s+", "", re.sub(r"(\w)[\u2010\u00ad-]\n(\w)", r"\1\2", text))


# --------------------------------------------------------------------------- sample words


def script_of(ch: str) -> str | None:
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "CJK"):
        if name.startswith(script):
            return script
    return None


def sample_words(tree: etree._ElementTree, per_script: int = 6) -> dict[str, list[str]]:
    """Words of each script from the versions' paragraphs, spread through the text:
    Latin and Cyrillic words of seven letters or more, runs of four Chinese characters."""
    words: dict[str, list[str]] = {}
    for p in tree.iterfind(".//tei:text//tei:p", NS):
        for t in p.xpath(".//text()[not(ancestor::tei:note)]", namespaces=NS):
            for word in re.findall(r"[^\W\d_]{7,}", t) + re.findall(r"[\u4e00-\u9fff]{4}", t):
                script = script_of(word[0])
                if script and all(script_of(c) == script for c in word):
                    words.setdefault(script, []).append(word)
    return {s: w[:: max(1, len(w) // per_script)][:per_script] for s, w in words.items()}


def expected_scripts(tree: etree._ElementTree) -> set[str]:
    langs = {e.get(XML_LANG) for e in tree.iter() if isinstance(e.tag, str) and e.get(XML_LANG)}
    return {"LATIN"} | {"CYRILLIC" for lang in langs if lang.startswith("ru")} | {
        "CJK" for lang in langs if lang.startswith(("zh", "ja", "ko"))}


# --------------------------------------------------------------------------- print page


@pytest.fixture(scope="module")
def parallel_page(renderer) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(renderer.print_html(sample(PARALLEL), PARALLEL, OPTIONS))


def test_print_page_has_title_block_metadata_and_paged_media_styles(parallel_page):
    head = parallel_page.xpath("//header[@class='doc-head']")[0]
    assert head.get("data-running-title").startswith("Memorandum, Conversation of Mao")
    assert head.get("data-running-date") == "1 January 1950"
    assert parallel_page.xpath("//p[@class='edition-title']/text()") == ["Test Edition"]
    terms = parallel_page.xpath("//section[@class='metadata']//dt/text()")
    assert terms[:3] == ["Date", "Original language", "Versions"] and "Citation" in terms
    assert parallel_page.xpath("//link/@href") == ["assets/print.css"]
    style = parallel_page.xpath("//style/text()")[0]
    assert '@bottom-left { content: "Test Edition"; }' in style
    css = assets()["print/assets/print.css"].decode()
    assert 'counter(page) " of " counter(pages)' in css and "float: footnote" in css
    assert "string(running-title, first-except)" in css


def test_parallel_rows_put_the_paragraphs_of_one_link_in_one_row(parallel_page):
    table = parallel_page.xpath("//table[contains(@class, 'parallel')]")[0]
    assert table.xpath("thead//th/@data-lang") == ["en", "ru", "zh-Hans"]
    links = sample(PARALLEL).xpath("//tei:linkGrp[@subtype='paragraph']/tei:link/@target", namespaces=NS)
    for target in links:
        ids = [t[1:] for t in target.split()]
        where = parallel_page.getroottree().getpath
        rows = {where(parallel_page.get_element_by_id(i).xpath("ancestor::tr")[0]) for i in ids}
        assert len(rows) == 1, f"{target} spread over {len(rows)} rows"
    for tr in table.xpath("tbody/tr"):
        assert [td.get("lang") for td in tr.xpath("td")] == ["en", "ru", "zh-Hans"]
    # Every block of every version is printed once.
    tei_ids = sample(PARALLEL).xpath("//tei:text//tei:div/*/@xml:id", namespaces=NS)
    assert all(len(parallel_page.xpath(f"//*[@id='{i}']")) == 1 for i in tei_ids)
    # The counterparts the screen page's script highlights are not printed.
    assert not parallel_page.xpath("//@data-corresp")


def test_marks_have_no_tooltip_on_paper_where_the_legend_describes_them(parallel_page):
    marks = parallel_page.xpath("//*[contains(concat(' ', @class, ' '), ' mark ')]")
    classes = {c for m in marks for c in m.get("class").split()}
    assert {"lost", "supplied", "pb"} <= classes
    assert [m.get("title") for m in marks if m.get("title") is not None] == []
    legend = parallel_page.xpath("//section[@class='legend']//dd/text()")
    assert "page break in the original" in legend
    assert any(d.startswith("characters lost in the source text") for d in legend)


def test_cjk_fonts_follow_the_language_of_the_text(parallel_page):
    style = parallel_page.xpath("//style/text()")[0]
    rules = dict(re.findall(r":lang\(([\w-]+)\) \{ font-family: \"([^\"]+)\"", style))
    assert rules == {"zh": "Noto Serif CJK SC", "zh-Hans": "Noto Serif CJK SC",
                     "zh-Hant": "Noto Serif CJK TC", "zh-TW": "Noto Serif CJK TC",
                     "zh-HK": "Noto Serif CJK HK", "ja": "Noto Serif CJK JP", "ko": "Noto Serif CJK KR"}


def test_print_hangs_block_notes_of_a_single_version_on_the_title(renderer):
    page = lxml.html.fromstring(renderer.print_html(fixture("single"), "single", PrintOptions()))
    note = page.xpath("//h1/span[@class='footnote note-archival']")
    assert note and note[0].get("id") == "en-fn1" and note[0].get("data-n") == "*"
    assert not page.xpath("//aside")


def test_versions_follow_one_another_with_footnotes_when_not_parallel(renderer):
    options = replace(OPTIONS, parallel=False)
    page = lxml.html.fromstring(renderer.print_html(fixture("multi"), "wilson-110404", options))
    assert not page.xpath("//table")
    assert page.xpath("//section[contains(@class, 'version')]/@lang") == ["en", "ru", "zh-Hans"]
    notes = page.xpath("//span[contains(@class, 'footnote')]")
    assert [(n.get("id"), n.get("data-n")) for n in notes] == [("en-fn1", "1"), ("zh-Hans-fn1", "*")]
    assert notes[1].get("lang") == "zh-Hans" and page.xpath("//span[@id='en-fn1-ref']")


# --------------------------------------------------------------------------- every sample document


@pytest.mark.parametrize("stem", SAMPLES)
def test_pdf_text_holds_sample_words_of_every_script(render, stem):
    doc = render(stem, sample(stem))
    text, squeezed_text = flat(" \n".join(doc.pages)), squeezed("".join(doc.pages))
    words = sample_words(sample(stem))
    assert set(words) == expected_scripts(sample(stem))
    for script, sampled in words.items():
        haystack = squeezed_text if script == "CJK" else text
        missing = [w for w in sampled if w not in haystack]
        assert not missing, f"{script} words not in the PDF's text: {missing}"


@pytest.mark.parametrize("stem", SAMPLES)
def test_pdf_embeds_every_font(render, stem):
    doc = render(stem, sample(stem))
    assert any("Noto-Serif" in row for row in doc.fonts), doc.fonts
    if "CJK" in expected_scripts(sample(stem)):
        assert any("Noto-Serif-CJK-SC" in row for row in doc.fonts), doc.fonts
    for row in doc.fonts:
        assert row.split()[-5] == "yes", f"font not embedded: {row}"


@pytest.mark.parametrize("stem", SAMPLES)
def test_pdf_has_a_glyph_for_every_character(render, stem):
    # render_pdf raises on a missing glyph; nothing else may be logged either.
    assert render(stem, sample(stem)).warnings == []


@pytest.mark.parametrize("stem", SAMPLES)
def test_pdf_pages_carry_running_heads_and_page_x_of_y(render, stem):
    doc = render(stem, sample(stem))
    head = doc.page.xpath("//header[@class='doc-head']")[0]
    title, date = head.get("data-running-title"), head.get("data-running-date")
    n = len(doc.pages)
    assert n >= 2
    for number, page in enumerate(doc.pages, 1):
        lines = flat(page)
        assert f"Page {number} of {n}" in lines and "Test Edition" in lines
        # The title page shows the title block, the following pages the running heads.
        first = page.strip().splitlines()[0]
        if number == 1:
            assert first == "TEST EDITION" or first.replace(" ", "") == "TESTEDITION"
        else:
            assert flat(title.split(" …")[0]) in lines and date in lines


def note_cases():
    for stem in SAMPLES:
        yield pytest.param(stem, OPTIONS, id=stem)
    yield pytest.param(PARALLEL, replace(OPTIONS, parallel=False), id=f"{PARALLEL}-not-parallel")


@pytest.mark.parametrize(("stem", "options"), list(note_cases()))
def test_each_footnote_sits_on_the_page_of_its_call(render, stem, options):
    doc = render(f"{stem}+notes", annotated(sample(stem)), options)
    notes = doc.page.xpath("//span[contains(@class, 'footnote')]")
    if options.parallel and stem == PARALLEL:
        assert not notes  # in parallel columns notes end their cell (next test)
        return
    assert notes
    for note in notes:
        call, body = doc.destinations[f"{note.get('id')}-ref"], doc.destinations[note.get("id")]
        assert body == call, f"note {note.get('id')} on page {body}, its call on page {call}"
        marker = f"{note.get('data-n')}. {flat(note.text_content())}"
        assert marker in flat(doc.pages[body - 1]), marker


def test_notes_of_parallel_columns_end_the_cell_of_their_call(render):
    doc = render(f"{PARALLEL}+notes", annotated(sample(PARALLEL)))
    page = doc.page
    calls = page.xpath("//sup[@class='note-call']")
    assert len(calls) > 10
    where = page.getroottree().getpath
    for call in calls:
        note_id = call.get("id").removesuffix("-ref")
        note = page.get_element_by_id(note_id)
        assert where(note.xpath("ancestor::td")[0]) == where(call.xpath("ancestor::td")[0])
        assert note.text_content().split()[0] == call.text_content()
        assert 0 <= doc.destinations[note_id] - doc.destinations[call.get("id")] <= 1


def test_linked_paragraphs_start_on_the_same_page(render):
    doc = render(PARALLEL, sample(PARALLEL))
    for target in sample(PARALLEL).xpath("//tei:linkGrp[@subtype='paragraph']/tei:link/@target",
                                         namespaces=NS):
        firsts = {}
        for t in target.split():  # the first block of each version in the link
            firsts.setdefault(t.split("-p")[0], t[1:])
        pages = {doc.destinations[i] for i in firsts.values()}
        assert len(pages) == 1, f"{target}: starts on pages {pages}"


# --------------------------------------------------------------------------- fonts and glyphs


@pytest.mark.parametrize(("lang", "face"), [("zh-Hans", "sc"), ("zh-Hant", "tc"), ("ja", "jp"), ("ko", "kr")])
def test_cjk_text_is_set_in_the_face_of_its_language(render, lang, face):
    tree = deepcopy(sample(PARALLEL))
    zh = next(t for t in tree.iterfind(".//tei:group/tei:text", NS) if t.get(XML_LANG) == "zh-Hans")
    for other in tree.findall(".//tei:group/tei:text", NS):
        if other is not zh:
            other.getparent().remove(other)
    zh.set(XML_LANG, lang)
    # Without the legend, whose lost-text mark □ comes from the CJK SC face.
    doc = render(f"cjk-{lang}", tree, replace(OPTIONS, show_legend=False))
    cjk = {re.search(r"Noto-Serif-CJK-(\w\w)", row).group(1).lower() for row in doc.fonts if "CJK" in row}
    assert cjk == {face}, doc.fonts


def test_a_character_without_glyph_is_an_error_naming_it():
    page = "<html><head><meta charset='utf-8'></head><body><p>x \ue000 y</p></body></html>"
    with pytest.raises(RenderError) as caught:
        render_pdf(page.encode(), label="test-page")
    assert "U+E000" in str(caught.value) and caught.value.path == "test-page"


def test_pdf_with_a_missing_stylesheet_is_an_error(tmp_path):
    page = b'<html><head><link rel="stylesheet" href="style/own.css"></head><body>x</body></html>'
    with pytest.raises(RenderError) as caught:
        render_pdf(page, tmp_path.as_uri() + "/")
    assert "own.css" in str(caught.value)


def test_pdf_falls_back_to_bundled_print_css_when_assets_are_not_written(renderer, tmp_path):
    page = renderer.print_html(fixture("single"), "single", OPTIONS)
    pdf = render_pdf(page, tmp_path.as_uri() + "/")
    assert pdf.startswith(b"%PDF") and not (tmp_path / "assets").exists()


def test_pdf_is_byte_identical_with_source_date_epoch(render, renderer):
    from pypdf import PdfReader

    first = render("wilson-116801", sample("wilson-116801")).pdf
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        second = render_pdf(renderer.print_html(sample("wilson-116801"), "wilson-116801", OPTIONS))
    assert first == second
    info = PdfReader(BytesIO(first)).metadata
    assert info.creation_date.year == 2023 and info.title.startswith("Memorandum")


# --------------------------------------------------------------------------- combined volume


@pytest.fixture(scope="module")
def volume(renderer, tmp_path_factory) -> Printed:
    html = print_volume(renderer, [(s, sample(s)) for s in SAMPLES], OPTIONS)
    return printed(html, tmp_path_factory.mktemp("volume"), VOLUME_NAME)


def test_volume_contents_give_the_page_where_each_title_appears(volume):
    entries = volume.page.xpath("//nav[@class='contents']//a")
    assert sorted(a.get("href")[1:] for a in entries) == SAMPLES
    contents = flat(volume.pages[0])
    for a in entries:
        title = flat(a.xpath(".//span[@class='toc-title']")[0].text_content())
        date = a.xpath(".//span[@class='toc-date']")[0].text_content()
        found = re.search(re.escape(date) + r" " + re.escape(title) + r"[ .]*(\d+)", contents)
        assert found, f"{title} not in the contents"
        page = int(found.group(1))
        assert page == volume.destinations[a.get("href")[1:]]
        assert title in flat(volume.pages[page - 1])


def test_volume_orders_documents_by_date_and_heads_pages_with_their_document(volume):
    dates = volume.page.xpath("//article/header/p/time/@datetime")
    assert dates == sorted(dates) and len(dates) == len(SAMPLES)
    articles = volume.page.xpath("//article")
    starts = [volume.destinations[a.get("id")] for a in articles] + [len(volume.pages) + 1]
    for article, start, end in zip(articles, starts, starts[1:], strict=False):
        head = article.xpath("header")[0]
        for number in range(start + 1, end):
            assert head.get("data-running-date") in flat(volume.pages[number - 1])
    assert f"Page 1 of {len(volume.pages)}" in flat(volume.pages[0])
    assert volume.warnings == []


def test_volume_prefixes_ids_so_they_stay_unique(volume):
    ids = volume.page.xpath("//@id")
    assert len(ids) == len(set(ids))
    corpus = volume_corpus([(PARALLEL, sample(PARALLEL))], "T")
    link = corpus.xpath("//tei:link/@target", namespaces=NS)[0]
    assert link.startswith(f"#{PARALLEL}.en-p3 #{PARALLEL}.zh-Hans-p1")
    assert corpus.xpath("//tei:keywords/@scheme", namespaces=NS)[0] == "#classification"


def test_render_writes_the_volume_only_when_pdf_is_among_the_formats(tmp_path):
    from pipeline.config import Config
    from pipeline.corpus import render_paths

    paths = [REPO / "tei" / "wilson-116801.xml", REPO / "tei" / "wilson-118214.xml"]
    run = render_paths(paths, tmp_path / "a", Config(), formats=("pdf",))
    assert not run.failed
    assert sorted(p.name for p in (tmp_path / "a" / "pdf").iterdir()) == [
        f"{VOLUME_NAME}.pdf", "wilson-116801.pdf", "wilson-118214.pdf"]
    render_paths(paths, tmp_path / "b", Config(), formats=("print", "txt"))
    assert not (tmp_path / "b" / "pdf").exists()


def test_pdfs_are_laid_out_with_this_versions_print_css_not_a_stale_one(tmp_path):
    """A print.css left in the output folder by an earlier build must not shape the PDFs."""
    from pypdf import PdfReader

    from pipeline.config import load_config
    from pipeline.corpus import render_paths

    root = Path(__file__).resolve().parents[1]
    stale = tmp_path / "print" / "assets" / "print.css"
    stale.parent.mkdir(parents=True)
    stale.write_text("@page { size: A6; }\n", encoding="utf-8")
    report = render_paths([root / "tei" / "wilson-116801.xml"], tmp_path, load_config(root),
                          formats=("print", "pdf"), index=False)
    assert not report.failed
    assert stale.read_bytes() == assets(["print"])["print/assets/print.css"]
    box = PdfReader(tmp_path / "pdf" / "wilson-116801.pdf").pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 210  # A4 as the edition asks, not A6
