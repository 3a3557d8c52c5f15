"""The plain-text edition (xslt/txt/, Renderer.txt): one text per version, a header
block, marks in brackets, page breaks shown or read through, notes at the end, the same
bytes in every run.

Real data first: the sample corpus in tei/. The small fixtures in tests/fixtures/render/
have golden outputs beside them (``<stem>.<lang>.expected.txt``), rewritten by
``pytest tests/test_txt.py --update-golden``. How each mark reads in every format is
tested in test_xslt.py; the golden files of the sample corpus are in test_golden.py.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from pipeline.config import Config, RenderSettings, load_config
from pipeline.errors import TransformError
from pipeline.render import Renderer, TxtOptions, options_for, version_languages
from pipeline.xmlio import parse_xml

from .conftest import REPO
from .test_xslt import document

FIXTURES = REPO / "tests" / "fixtures" / "render"
DOCS = sorted(p.stem for p in (REPO / "tei").glob("*.xml"))
NS = {"tei": "http://www.tei-c.org/ns/1.0"}
RULE = "\n\n* * *\n\n"


@cache
def tree(path: Path) -> etree._ElementTree:
    return parse_xml(path.read_bytes())


def sample(doc_id: str) -> etree._ElementTree:
    return tree(REPO / "tei" / f"{doc_id}.xml")


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


@pytest.fixture(scope="module")
def edition_options() -> TxtOptions:
    return options_for(load_config(REPO)).txt


def txt(renderer: Renderer, doc_id: str, lang: str, **options) -> str:
    return renderer.txt(sample(doc_id), doc_id, TxtOptions(version_lang=lang, **options))[lang]


def split(text: str) -> tuple[str, str, str]:
    """(header block, text, notes) of a plain-text edition."""
    head, body = text.removesuffix("\n").split(RULE, 1)
    body, _, notes = body.partition("\n\nNotes\n\n")
    return head, body, notes


def every_sample_text():
    for doc_id in DOCS:
        for lang in version_languages(sample(doc_id)):
            yield pytest.param(doc_id, lang, id=f"{doc_id}.{lang}")


# --------------------------------------------------------------------------- fixtures' golden files


def fixture_cases():
    for path in sorted(FIXTURES.glob("*.xml")):
        for lang in version_languages(tree(path)):
            yield pytest.param(path.stem, lang, id=f"{path.stem}.{lang}")


@pytest.mark.parametrize(("stem", "lang"), list(fixture_cases()))
def test_txt_of_fixture_matches_golden_file(renderer, golden, stem, lang):
    out = renderer.txt(tree(FIXTURES / f"{stem}.xml"), stem,
                       TxtOptions(edition_title="Test Edition", version_lang=lang))
    golden.check(FIXTURES / f"{stem}.{lang}.expected.txt", out[lang])


# --------------------------------------------------------------------------- layout


def test_txt_gives_one_text_per_version_in_document_order(renderer):
    texts = renderer.txt(sample("wilson-110404"), "wilson-110404", TxtOptions())
    assert list(texts) == ["en", "zh-Hans", "ru"]
    assert list(renderer.txt(sample("wilson-116801"), "wilson-116801", TxtOptions())) == ["en"]


@pytest.mark.parametrize("show", [True, False], ids=["page-breaks-shown", "page-breaks-hidden"])
@pytest.mark.parametrize(("doc_id", "lang"), list(every_sample_text()))
def test_txt_is_tidy_one_block_a_paragraph(renderer, doc_id, lang, show):
    text = txt(renderer, doc_id, lang, show_page_breaks=show)
    assert text.endswith("\n") and not text.endswith("\n\n") and "\n\n\n" not in text
    for line in text.split("\n"):
        assert line == line.rstrip(), f"trailing space: {line!r}"
        assert "  " not in line.removeprefix("  "), f"double space: {line!r}"
        assert "\t" not in line and "\r" not in line
    # One block a paragraph: as many blocks as the version has paragraphs, none wrapped.
    version = next(v for v in sample(doc_id).iterfind(".//tei:text", NS)
                   if v.get("{http://www.w3.org/XML/1998/namespace}lang") in (lang, None)
                   and v.find("tei:group", NS) is None)
    paragraphs = version.xpath(".//tei:body//tei:p[parent::tei:div or parent::tei:body]", namespaces=NS)
    blocks = split(text)[1].split("\n\n")
    for p in paragraphs:
        if p.find("tei:lb", NS) is None and (p.text or "").strip():
            start = " ".join(p.text.split())[:30]
            assert any(b.startswith(start) and "\n" not in b for b in blocks), start


@pytest.mark.parametrize(("doc_id", "lang"), list(every_sample_text()))
def test_txt_header_block_has_title_date_citation_archive_and_translators(renderer, doc_id, lang):
    head = split(txt(renderer, doc_id, lang))[0]
    header = sample(doc_id).find("tei:teiHeader", NS)
    title = " ".join(header.findtext("tei:fileDesc/tei:titleStmt/tei:title", namespaces=NS).split())
    lines = head.split("\n")
    assert lines[0] == title and lines[1] == ""
    labels = {line.split(": ", 1)[0] for line in lines[2:] if not line.startswith("  ")}
    assert {"Date", "Archive", "Archival reference", "This version", "Translated by"} <= labels
    # The citation as printed, else the source line the record gives instead.
    citation = header.find("tei:fileDesc/tei:sourceDesc/tei:bibl[@type='citation']", NS)
    assert ("Citation" if citation is not None else "Source") in labels
    translators = header.xpath("//tei:respStmt[tei:resp = 'translated by']/*[not(self::tei:resp)]/text()",
                               namespaces=NS)
    assert f"Translated by: {'; '.join(translators)}" in lines


def test_txt_header_names_this_version_and_the_others(renderer):
    head = split(txt(renderer, "wilson-110404", "ru"))[0]
    assert "This version: Russian transcription (ru)" in head
    assert "Other versions: English translation (en); Chinese translation (zh-Hans)" in head


def test_txt_unknown_version_is_an_error(renderer):
    with pytest.raises(TransformError) as caught:
        renderer.txt(sample("wilson-110404"), "wilson-110404", TxtOptions(version_lang="de"))
    assert 'no version in language "de"' in str(caught.value.details())


# --------------------------------------------------------------------------- editorial marks


def test_txt_marks_read_in_conventional_brackets(renderer):
    assert "Keeping in mind the eleven-day [train] travel to Beijing" in txt(renderer, "wilson-110404", "en")
    assert "In the Szechuan and Xinjiang [Sinkiang] provinces" in txt(renderer, "wilson-110404", "en")
    text = txt(renderer, "wilson-118195", "en")
    assert "as well as Suo-fei-da [sic] of Yining [Gulja] and Mu-kan [sic] of Wulumuqi." in text
    assert "[To the] Party Committee of Xinjiang [Uyghur] Autonomous Region" in text


def test_txt_omissions_read_as_the_source_printed_them(renderer):
    body = split(txt(renderer, "wilson-118195", "en"))[1]
    assert body.startswith("[...]\n\n") and body.endswith("\n\n[...]")
    assert "; [...] = text omitted by the translator or editor;" in txt(renderer, "wilson-118195", "en")
    assert split(txt(renderer, "wilson-118214", "en"))[1].startswith("[…]\n\n")


def test_txt_lost_characters_read_one_box_each(renderer):
    """wilson-110404's Chinese lost 257 characters (one gap each), 10 of them in its notes."""
    head, body, notes = split(txt(renderer, "wilson-110404", "zh-Hans"))
    gaps = sample("wilson-110404").xpath("//tei:text[@xml:lang='zh-Hans']//tei:gap[@reason='lost']",
                                         namespaces=NS)
    assert len(gaps) == 257
    assert body.count("□") + notes.count("□") == 257
    assert "遵照□外交部□辛斯基同志的指示" in body
    assert "Editorial marks: □ = characters lost in the source text" in head


# --------------------------------------------------------------------------- page breaks


def test_russian_page_break_inside_word_reads_as_marker_then_joined_word(renderer):
    text = txt(renderer, "wilson-110404", "ru")
    assert "на материке // Китая разгромлены" in text
    assert "посмотреть метро, // съездить в некоторые колхозы" in text
    assert "Editorial marks: [word] = words supplied by the translator or editor; // = page break" in text


def test_hidden_page_breaks_join_split_words_and_leave_single_spaces(renderer):
    head, body, _ = split(txt(renderer, "wilson-110404", "ru", show_page_breaks=False))
    assert "на материке Китая разгромлены" in body
    assert "посмотреть метро, съездить в некоторые колхозы" in body
    assert "//" not in body and "  " not in body
    assert "// = page break" not in head


def test_hidden_page_breaks_change_nothing_else(renderer):
    shown = txt(renderer, "wilson-110404", "ru")
    hidden = txt(renderer, "wilson-110404", "ru", show_page_breaks=False)
    assert split(hidden)[1] == split(shown)[1].replace(" // ", " ")
    assert split(hidden)[0] == split(shown)[0].replace("; // = page break in the original", "")


def test_page_break_between_blocks_is_a_line_of_its_own_or_nothing(renderer):
    doc = etree.fromstring(document('<p>Один.</p><pb n="2"/><p>Два Ки<pb break="no"/>тая.</p>', lang="ru"))
    shown = renderer.txt(doc, "t", TxtOptions())["ru"]
    hidden = renderer.txt(doc, "t", TxtOptions(show_page_breaks=False))["ru"]
    assert split(shown)[1] == "Один.\n\n//\n\nДва Ки//тая."
    assert split(hidden)[1] == "Один.\n\nДва Китая."


def test_edition_toml_can_hide_page_breaks():
    config = Config(render=RenderSettings(txt_page_breaks=False))
    assert options_for(config).txt.show_page_breaks is False
    assert options_for(Config()).txt.show_page_breaks is True


# --------------------------------------------------------------------------- notes


def test_notes_in_running_text_are_numbered_and_follow_under_notes(renderer):
    doc = etree.fromstring(document(
        '<p>Mao<note type="translator">Mao Zedong.</note> met Roshchin<note>N.V. '
        '<supplied>Roshchin</supplied>.</note>.</p>'
        '<p>Later<note n="*">Dated 2 January.</note> they dined.</p>'))
    _, body, notes = split(renderer.txt(doc, "t", TxtOptions())["en"])
    assert body == "Mao[1] met Roshchin[2].\n\nLater[*] they dined."
    assert notes == "[1] Mao Zedong.\n\n[2] N.V. [Roshchin].\n\n[*] Dated 2 January."


def test_source_and_archival_notes_stay_in_place_labelled_not_in_brackets(renderer):
    _, body, notes = split(txt(renderer, "wilson-110404", "zh-Hans"))
    blocks = body.split("\n\n")
    assert blocks[0] == ("Source: 源：中□与□系文 (1949 年10 月-1951 年12 月) "
                         "(北京：世界知□出版社, 2009), 80-83.")
    assert blocks[-1].startswith("Archival reference: 俄□邦□外□政□策□案□， 0100 全宗")
    assert not any(b.startswith("[") for b in blocks) and notes == ""
    doc = etree.fromstring(document('<note type="source">Source.</note><p>Text<note>Inline.</note>.</p>'
                                    "<note>Other.</note>"))
    assert split(renderer.txt(doc, "t", TxtOptions())["en"])[1:] == (
        "Source: Source.\n\nText[1].\n\nNote: Other.", "[1] Inline.")


def test_versions_have_only_their_own_notes(renderer):
    assert "Notes" not in txt(renderer, "wilson-110404", "en")
    assert "Notes" not in txt(renderer, "wilson-110404", "ru")


# --------------------------------------------------------------------------- stable bytes

RENDER_ALL = """
import hashlib, json, sys
from pathlib import Path
from pipeline.config import load_config
from pipeline.render import Renderer, options_for
from pipeline.xmlio import parse_xml
repo = Path(sys.argv[1])
options = options_for(load_config(repo)).txt
out = {}
for path in sorted((repo / "tei").glob("*.xml")):
    for lang, text in Renderer().txt(parse_xml(path.read_bytes()), path.stem, options).items():
        out[f"{path.stem}.{lang}"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
print(json.dumps(out, sort_keys=True))
"""


def digests(renderer: Renderer, options: TxtOptions) -> dict[str, str]:
    return {f"{d}.{lang}": hashlib.sha256(text.encode("utf-8")).hexdigest()
            for d in DOCS for lang, text in renderer.txt(sample(d), d, options).items()}


def test_txt_is_byte_stable_within_and_across_processes(renderer, edition_options):
    here = digests(renderer, edition_options)
    assert digests(Renderer(), edition_options) == here and len(here) == 7
    for _ in range(2):
        run = subprocess.run([sys.executable, "-c", RENDER_ALL, str(REPO)], capture_output=True,
                             text=True, check=True, cwd=REPO)
        assert json.loads(run.stdout) == here


def test_txt_stylesheets_use_nothing_that_changes_between_runs():
    sources = "".join(p.read_text(encoding="utf-8") for p in (REPO / "xslt" / "txt").glob("*.xsl"))
    assert not re.search(r"generate-id|current-date|current-time|random-number|ed:id\(", sources)
