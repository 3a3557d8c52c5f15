"""The archive's other export layouts, on invented inputs (tests/fixtures/layouts/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.encode import EncodeOptions, encode
from pipeline.ingest import ingest, read_source
from pipeline.ingest.roundtrip import check, rendered_body
from pipeline.render import Renderer, TxtOptions
from pipeline.xmlio import NSMAP

from .conftest import SEEDS

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"


def load(name):
    doc = ingest(read_source(LAYOUTS / name))
    edition = encode(doc, options=EncodeOptions(publisher="P", when="2026-01-01"))
    return doc, edition


@pytest.mark.parametrize("name", sorted(p.name for p in LAYOUTS.iterdir() if p.name != "README.md"))
def test_every_layout_gives_valid_tei_and_loses_nothing(tei_all, name):
    doc, edition = load(name)
    assert tei_all.validate(edition.tree), [e.message for e in tei_all.error_log]
    texts = Renderer().txt(edition.tree, edition.id, TxtOptions())
    result = check(doc.source.text, doc.dropped + doc.labels, edition.tree, doc.body_text,
                   rendered_body(texts))
    assert result.ok, result.messages()


def test_stray_lines_before_the_title_are_dropped_and_reported():
    doc, _ = load("stray-lines-unknown-label.md")
    assert doc.metadata.title == "Telegram from the Embassy in Warsaw to the Ministry of Foreign Affairs"
    assert doc.dropped == ("Digital Archive", "Collections")


def test_an_unknown_label_is_kept_in_the_header(tei_all):
    doc, edition = load("stray-lines-unknown-label.md")
    assert doc.metadata.other_fields == (("Keywords", "Trade; Poland; Quotas"),)
    note = edition.tree.xpath("//tei:notesStmt/tei:note[@type='field']", namespaces=NSMAP)[0]
    assert note.xpath("tei:label/text()", namespaces=NSMAP) == ["Keywords"]
    assert note.xpath("tei:p/text()", namespaces=NSMAP) == ["Trade; Poland; Quotas"]


def test_polish_shelfmark_is_parsed_into_units():
    doc, _ = load("stray-lines-unknown-label.md")
    mark = doc.metadata.shelfmark
    assert mark.repository == "Archive of Modern Records (AAN), KC PZPR"
    assert mark.parts == (("signature", "sygn. 2631"), ("folio", "k. 12-14"))


def test_compact_export_with_single_line_breaks():
    doc, _ = load("compact.txt")
    assert doc.shape == "compact-export"
    meta = doc.metadata
    assert meta.title == "Record of Conversation between Comrade Li and the Hungarian Ambassador"
    assert meta.date == "1961-04-12" and meta.record_id == "900002"
    assert meta.original_language.ident == "hu"
    assert meta.classification == "Top Secret"
    assert [r.name for r in meta.responsibilities] == ["Peter Vamos", "Anna Szabo"]
    assert [b.kind for b in doc.versions[0].blocks] == ["opener", "p", "p", "p"]


def test_pdf_export_with_labels_run_together_and_page_numbers():
    doc, _ = load("pdf-export.txt")
    assert doc.shape == "pdf-export"
    meta = doc.metadata
    assert meta.summary == "The committee discusses the visit of a delegation."
    assert meta.original_language.ident == "ro"
    assert meta.funders == ("Leon Levy Foundation",)
    assert meta.shelfmark.parts[0] == ("fond", "fond CC al PCR")
    assert "Page 1 of 2" in doc.dropped
    assert doc.versions[0].label == "Translation - English"
    assert len(doc.versions[0].blocks) == 2


def test_new_web_page_with_unlabelled_source_type_and_empty_record_id():
    doc, edition = load("new-web-unlabelled-source.txt")
    meta = doc.metadata
    assert meta.source_note.startswith("Archive of the Ministry of Foreign Affairs, fond 7")
    assert meta.document_type == "letter"
    assert meta.record_id is None
    assert any("without a value" in w and "Record ID" in w for w in doc.warnings)
    assert [r.name for r in meta.responsibilities] == ["Tran Van An"]
    opener = doc.versions[0].blocks[0]
    assert opener.kind == "opener" and opener.children[0].kind == "salute"
    closer = doc.versions[0].blocks[-1]
    assert [c.kind for c in closer.children] == ["salute", "signed"]
    assert edition.id.startswith("doc-1970-09-09-letter-from-the-ministry")


def test_truncated_export_keeps_what_is_there_and_says_what_is_missing():
    doc, _ = load("new-web-truncated.txt")
    assert doc.metadata.title == "Cable from the Embassy in Budapest on the Situation in the City"
    assert "the 'Document Information' footer is missing" in doc.warnings[0]
    assert any("ends mid-sentence" in w and "compou" in w for w in doc.warnings)
    assert doc.versions[0].blocks[-1].plain().endswith("within the compou")


def test_ingest_report_lists_reader_fields_chrome_and_damage(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["--edition", str(tmp_path), "ingest", str(SEEDS["001"]), str(SEEDS["004"]),
                                  "--out", str(tmp_path / "tei")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "output" / "reports" / "ingest.json").read_text())
    first, second = report["files"]
    assert first["details"]["reader"] == "plain-export"
    assert first["details"]["damage"] == {"zh-Hans": 257}
    assert [v["lang"] for v in first["details"]["versions"]] == ["en", "zh-Hans", "ru"]
    assert "rights" in first["details"]["fields_missing"]
    assert second["details"]["dropped"] == ["Skip to content"]
    assert "record id" in second["details"]["fields_found"]
    assert "citation" in second["details"]["fields_missing"]
