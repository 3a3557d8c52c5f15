"""TEI as other archives write it, beyond the shared corpora: encodings, byte-order marks,
prefixed namespaces, old DOCTYPEs, EpiDoc-style editions. Each is classified, judged and
kept byte for byte (or refused, saying what to do)."""

from __future__ import annotations

from pipeline.exchange.importer import ImportOptions, import_paths, inspect_bytes

OPTIONS = ImportOptions(tei_all=False)
HEADER = ("<teiHeader><fileDesc><titleStmt><title>{title}</title></titleStmt><publicationStmt><p>p</p>"
          "</publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>")


def _tei(body: str = "<p>Text</p>", title: str = "A title", prefix: str = "") -> str:
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
    header = HEADER.format(title=title)
    if prefix:
        header = header.replace("<", f"<{p}").replace(f"<{p}/", f"</{p}")
        body = body.replace("<", f"<{p}").replace(f"<{p}/", f"</{p}")
    return (f'<{p}TEI {xmlns}="http://www.tei-c.org/ns/1.0">{header}<{p}text><{p}body>{body}'
            f"</{p}body></{p}text></{p}TEI>")


def test_utf16_with_byte_order_mark_is_read_and_kept_as_it_came():
    data = ('<?xml version="1.0" encoding="UTF-16"?>\n' + _tei(title="Письмо 書信")).encode("utf-16")
    seen = inspect_bytes(data, "letter16.xml", options=OPTIONS)
    assert seen.accepted and seen.kind == "tei" and seen.title == "Письмо 書信"
    assert seen.data == data


def test_utf8_byte_order_mark_and_latin1_declaration():
    bom = b"\xef\xbb\xbf" + _tei(title="Übersicht").encode()
    assert inspect_bytes(bom, "bom.xml", options=OPTIONS).title == "Übersicht"
    latin1 = b'<?xml version="1.0" encoding="ISO-8859-1"?>' + _tei(title="Caf\xe9").encode("latin-1")
    assert inspect_bytes(latin1, "latin1.xml", options=OPTIONS).title == "Café"


def test_prefixed_tei_namespace_is_tei():
    seen = inspect_bytes(_tei(prefix="tei").encode(), "prefixed.xml", options=OPTIONS)
    assert seen.kind == "tei" and seen.accepted and seen.title == "A title"


def test_tei_without_namespace_says_which_xmlns_to_add():
    seen = inspect_bytes(_tei().replace(' xmlns="http://www.tei-c.org/ns/1.0"', "").encode(), "nons.xml")
    assert seen.kind == "wrong-namespace" and not seen.accepted
    assert 'xmlns="http://www.tei-c.org/ns/1.0"' in seen.errors[0]


def test_bare_doctype_is_kept_and_an_old_dtd_reference_needs_normalise():
    bare = ("<!DOCTYPE TEI>\n" + _tei()).encode()
    assert inspect_bytes(bare, "bare.xml", options=OPTIONS).data == bare
    old = ('<!DOCTYPE TEI SYSTEM "tei_all.dtd">\n' + _tei()).encode()
    refused = inspect_bytes(old, "old.xml", options=OPTIONS)
    assert not refused.accepted and "--normalise" in refused.errors[0] and "tei_all.dtd" in refused.errors[0]
    normal = inspect_bytes(old, "old.xml", options=ImportOptions(tei_all=False, normalise=True))
    assert normal.accepted and b"DOCTYPE" not in normal.data and b"<p>Text</p>" in normal.data


def test_epidoc_style_inscription_is_valid_tei_all():
    body = ('<div type="edition" xml:lang="grc"><ab><lb n="1"/>ἀγαθῇ <supplied reason="lost">τύχῃ</supplied>'
            '<lb n="2"/>ἡ βουλή <gap reason="lost" extent="unknown" unit="character"/></ab></div>'
            '<div type="translation" xml:lang="en"><p>With good fortune, the council …</p></div>')
    seen = inspect_bytes(_tei(body=body).encode(), "inscription.xml")
    assert seen.accepted and seen.valid is True, seen.errors
    assert seen.languages == ("grc", "en")


def test_files_with_odd_names_get_ids_that_are_xml_names(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "1 letter (copy).xml").write_text(_tei())
    (src / "Brief.TEI").write_text(_tei())
    run = import_paths([src], tmp_path / "out", options=OPTIONS)
    assert sorted(f.id for f in run.files) == ["Brief", "d-1-letter--copy-"]
    assert all((tmp_path / "out" / f"{f.id}.xml").is_file() for f in run.files)


def test_a_pdf_no_font_can_set_costs_only_the_pdf(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    runner = CliRunner()
    edition = tmp_path / "ed"
    runner.invoke(main, ["init", str(edition)])
    (edition / "tei" / "imported").mkdir(parents=True)
    # U+F1E6 is a private-use (MUFI) character: no installed font has it, so no PDF.
    (edition / "tei" / "imported" / "mufi.xml").write_text(_tei(body="<p>Ligature \uf1e6 here</p>"))
    result = runner.invoke(main, ["--edition", str(edition), "build"])
    assert result.exit_code == 1 and "U+F1E6" in result.output, result.output
    assert "Error: output/pdf/mufi.pdf: no installed font has a glyph" in result.output
    out = edition / "output"
    assert "Ligature \uf1e6 here" in (out / "txt" / "mufi.und.txt").read_text()
    assert (out / "html" / "mufi.html").is_file() and (out / "print" / "mufi.html").is_file()
    assert not (out / "pdf" / "mufi.pdf").exists()
    assert 'href="mufi.html"' in (out / "html" / "index.html").read_text()
