"""Encoding: valid TEI with the header fields where DESIGN.md puts them."""

from __future__ import annotations

import pytest

from pipeline.encode import EncodeOptions, encode, slug
from pipeline.xmlio import NSMAP, serialize

from .conftest import SEEDS


def xp(edition, path):
    return edition.tree.xpath(path, namespaces=NSMAP)


def one(edition, path):
    found = xp(edition, path)
    assert len(found) == 1, f"{path}: {len(found)} matches"
    return found[0]


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_every_seed_is_valid_against_tei_all(editions, tei_all, key):
    valid = tei_all.validate(editions[key].tree)
    assert valid, [f"{e.line}: {e.message}" for e in tei_all.error_log]


def test_ids_are_stable_and_follow_the_convention(editions):
    assert editions["000"].id == "wilson-116801"
    assert editions["004"].id == "wilson-118214"
    assert editions["002"].id == "doc-1960-07-18-note-the-soviet-embassy-in-beijing-to"
    assert one(editions["000"], "/tei:TEI/@xml:id") == "wilson-116801"


def test_slug_is_ascii_lowercase_and_at_most_40_characters():
    assert slug("Über die Lage in Xinjiang, 1962: ein Bericht") == "uber-die-lage-in-xinjiang-1962-ein"
    assert len(slug("x" * 100)) <= 40


def test_header_of_seed_000(editions):
    e = editions["000"]
    assert one(e, "//tei:titleStmt/tei:title/text()").startswith("Memorandum of Conversation")
    assert one(e, "//tei:titleStmt/tei:funder/text()") == "Leon Levy Foundation"
    assert xp(e, "//tei:respStmt[tei:resp='translated by']/tei:persName/text()") == ["Austin Jersild"]
    assert xp(e, "//tei:respStmt[tei:resp='obtained by']/tei:persName/text()") == ["Austin Jersild"]
    assert one(e, "//tei:publicationStmt/tei:idno[@type='record']/text()") == "116801"
    uri = one(e, "//tei:sourceDesc/tei:bibl[@type='record']/tei:idno[@type='URI']/text()")
    assert uri.endswith("/116801")
    assert one(e, "//tei:sourceDesc/tei:bibl[@type='citation']/text()").startswith('"Memorandum')
    assert one(e, "//tei:msIdentifier/tei:repository/text()") == "AVPRF"
    shelfmark = one(e, "//tei:msIdentifier/tei:idno[@type='shelfmark']")
    assert "".join(shelfmark.itertext()) == "f. 0100, op. 45, p. 343, d. 12, l. 1-3"  # verbatim
    assert xp(e, "//tei:idno[@type='shelfmark']/tei:idno/@type") == ["fond", "opis", "papka", "delo", "list"]
    assert one(e, "//tei:idno[@type='shelfmark']/tei:idno[@type='delo']/text()") == "d. 12"
    assert one(e, "//tei:msContents/tei:textLang/@mainLang") == "ru"
    assert one(e, "//tei:creation/tei:date[@type='document']/@when") == "1952-01-18"
    assert one(e, "//tei:creation/tei:date[@type='event']/@when") == "1951-12-24"
    assert one(e, "//tei:abstract/tei:p/text()").startswith("In the course of the discussion")
    assert xp(e, "//tei:langUsage/tei:language/@ident") == ["en"]
    assert one(e, "//tei:keywords[@scheme='#classification']/tei:term/text()") == "Secret"
    assert one(e, "//tei:revisionDesc/tei:change/@when") == "2026-01-01"
    assert one(e, "//tei:publicationStmt/tei:publisher/text()") == "Test Publisher"


def test_absent_fields_stay_absent(editions):
    e = editions["002"]
    assert xp(e, "//tei:idno[@type='record']") == []
    assert xp(e, "//tei:textLang") == []
    assert xp(e, "//tei:creation/tei:date[@type='event']") == []
    assert "N/A" not in serialize(e.tree).decode()


def test_seed_004_rights_and_uploaded_date(editions):
    e = editions["004"]
    assert one(e, "//tei:availability/tei:p[1]/text()").startswith("The History and Public Policy Program")
    assert len(xp(e, "//tei:availability/tei:p")) == 2
    assert one(e, "//tei:bibl[@type='record']/tei:date[@type='uploaded']/@when") == "2013-10-10"
    assert xp(e, "//tei:titleStmt/tei:funder/text()") == ["MacArthur Foundation", "Henry Luce Foundation"]


def test_three_versions_of_seed_001_as_group_of_texts(editions):
    e = editions["001"]
    texts = xp(e, "/tei:TEI/tei:text/tei:group/tei:text")
    assert [t.get("{http://www.w3.org/XML/1998/namespace}id") for t in texts] == [
        "en-text", "zh-Hans-text", "ru-text"]
    assert [t.get("type") for t in texts] == ["translation", "translation", "transcription"]
    assert [t.get("corresp") for t in texts] == ["#ru-text", "#ru-text", None]
    assert xp(e, "//tei:langUsage/tei:language/@ident") == ["en", "zh-Hans", "ru"]


def test_block_ids_count_per_version(editions):
    e = editions["001"]
    assert xp(e, "//tei:text[@xml:id='en-text']//tei:div/*[1]/@xml:id") == ["en-p1"]
    assert one(e, "//tei:text[@xml:id='ru-text']//tei:p[1]/@xml:id") == "ru-p1"
    assert one(e, "//tei:text[@xml:id='zh-Hans-text']//tei:note[@type='source']/@xml:id") == "zh-Hans-fn1"


def test_lost_characters_point_to_the_damage_note(editions):
    e = editions["001"]
    gaps = xp(e, "//tei:gap[@reason='lost']")
    assert gaps and {g.get("corresp") for g in gaps} == {"#damage-zh-Hans"}
    damage = one(e, "//tei:editorialDecl/tei:p[@xml:id='damage-zh-Hans']/text()")
    assert damage.startswith("In the Chinese text")


def test_russian_word_split_by_page_break(editions):
    e = editions["001"]
    pb = one(e, "//tei:text[@xml:id='ru-text']//tei:pb[following-sibling::*[1][self::tei:lb[@break='no']]]")
    assert pb.tail == "Ки"
    assert pb.getnext().tail.startswith("тая разгромлены")


def test_editorial_marks_are_elements_without_brackets(editions):
    e = editions["003"]
    assert "Urumqi" in xp(e, "//tei:gloss/text()")
    assert "Suo-fei-da" in xp(e, "//tei:sic/text()")
    assert xp(e, "//tei:div/tei:gap[@reason='omitted']")
    body = "".join(xp(e, "//tei:body//text()"))
    assert "[sic]" not in body and "[Urumqi]" not in body and "[...]" not in body
    assert xp(editions["000"], "//tei:supplied[@reason='clarification']/text()") == ["train"]


def test_opener_and_heading(editions):
    e = editions["000"]
    opener = one(e, "//tei:div/tei:opener")
    assert "".join(opener.itertext()).startswith("From the diary of")
    assert len(opener.findall("{http://www.tei-c.org/ns/1.0}lb")) == 4
    assert one(e, "//tei:div/tei:head/text()") == "MEMORANDUM OF CONVERSATION"


def test_without_publisher_the_publication_statement_says_so(documents, tei_all):
    e = encode(documents["000"], options=EncodeOptions(when="2026-01-01"))
    assert "no publisher" in one(e, "//tei:publicationStmt/tei:p/text()")
    assert tei_all.validate(e.tree)


def test_encoding_is_deterministic(documents):
    options = EncodeOptions(publisher="P", when="2026-01-01")
    assert serialize(encode(documents["001"], options=options).tree) == serialize(
        encode(documents["001"], options=options).tree)


def test_closer_signature_and_distribution_list_of_seed_000(editions):
    e = editions["000"]
    closer = one(e, "//tei:div/tei:closer")
    assert closer.text == "USSR AMBASSDOR IN THE PRC:"
    assert one(e, "//tei:div/tei:closer/tei:signed/text()") == "N.V. ROSHCHIN"
    assert one(e, "//tei:postscript/tei:p/text()") == "3 copies."
    assert xp(e, "//tei:postscript/tei:list[@type='distribution']/tei:item/text()") == [
        "1--Cde. Gromyko, A.A.", "2-1 DVO MID SSSR", "3-to be filed"]
    assert one(e, "//tei:postscript/tei:closer/tei:dateline/tei:date/@when") == "1952-01-18"
    assert one(e, "//tei:opener/tei:dateline/tei:date/@when") == "1952-01-18"


def test_signatures_of_each_version_of_seed_001(editions):
    e = editions["001"]
    assert xp(e, "//tei:closer/tei:signed/text()") == ["/s/ (Roshchin)", "尼·申", "Н. Роцин"]
    archival = one(e, "//tei:text[@xml:id='zh-Hans-text']//tei:note[@type='archival']")
    assert "全宗" in "".join(archival.itertext())
    assert xp(e, "//tei:text[@xml:id='zh-Hans-text']//tei:div/*[last()]/@type") == ["archival"]


def test_addressee_numbered_points_and_dated_signature_of_seed_003(editions):
    e = editions["003"]
    salute = one(e, "//tei:opener/tei:salute")
    assert salute[0].text == "To the" and salute[0].tag.endswith("supplied")
    assert xp(e, "//tei:p/@n") == ["1", "2", "3", "4"]
    assert one(e, "//tei:closer/tei:signed/text()").startswith("Work Team of the Ministries")
    assert one(e, "//tei:closer/tei:dateline/tei:date/@when") == "1962-05-29"


def test_classification_line_standing_first_is_the_opener(editions):
    assert one(editions["002"], "//tei:div/*[1][self::tei:opener]/text()") == "Strictly confidential"


@pytest.mark.parametrize(("key", "kind"), [
    ("000", "memorandum of conversation"), ("001", "memorandum"), ("002", "note"),
    ("003", "report"), ("004", "cable")])
def test_document_type_from_the_title(editions, key, kind):
    assert one(editions[key], "//tei:keywords[@scheme='#documentType']/tei:term/text()") == kind
    assert xp(editions[key], "//tei:classDecl/tei:taxonomy[@xml:id='documentType']")


def test_lost_characters_carry_an_estimated_quantity(editions):
    gap = xp(editions["001"], "//tei:gap[@reason='lost']")[0]
    assert (gap.get("quantity"), gap.get("unit"), gap.get("precision")) == ("1", "chars", "low")


def test_credit_lines_are_kept_verbatim(editions):
    assert one(editions["002"], "//tei:notesStmt/tei:note[@type='credit']/text()") == (
        "This document was made possible with support from the Leon Levy Foundation")


def test_mixed_content_is_not_indented(editions):
    text = serialize(editions["000"].tree).decode()
    closer = '<closer xml:id="en-p13">USSR AMBASSDOR IN THE PRC:<lb/><signed>N.V. ROSHCHIN</signed></closer>'
    assert closer in text


@pytest.mark.parametrize(("key", "lang", "paragraphs", "others"), [
    ("000", "en", 10, ["opener", "head", "closer", "postscript"]),
    ("001", "en", 19, ["opener", "head", "closer"]),
    ("001", "zh-Hans", 18, ["note", "closer", "note"]),  # one paragraph split by the export joined
    ("001", "ru", 19, ["closer"]),
    ("002", "en", 13, ["opener"]),
    ("003", "en", 11, ["gap", "head", "opener", "closer", "gap"]),
    ("004", "en", 4, ["gap", "head", "opener", "closer"]),
])
def test_body_structure_per_version(editions, key, lang, paragraphs, others):
    from lxml import etree

    div = xp(editions[key], f"//tei:text[@xml:lang='{lang}']/tei:body/tei:div")[0]
    names = [etree.QName(child).localname for child in div]
    assert names.count("p") == paragraphs
    assert [n for n in names if n != "p"] == others


def test_chinese_paragraph_split_after_a_comma_is_joined(editions):
    p = one(editions["001"], "//tei:text[@xml:lang='zh-Hans']//tei:p[contains(., '卡尔斯基一起等')]")
    text = "".join(p.itertext())
    assert "我，毛" in text and "已有3天感到自己好多了" in text


def test_a_record_id_that_is_a_paragraph_gives_the_date_and_title_id(documents):
    # Found by tests/test_fuzz.py: a "Record ID:" label followed by a paragraph made a file
    # name too long for the file system (OSError).
    from dataclasses import replace

    from pipeline.encode.ids import document_id

    meta = replace(documents["004"].metadata, record_id="2. In our note dated 30 August " * 20)
    assert document_id(meta) == f"doc-{meta.date}-{slug(meta.title)}"
    assert document_id(replace(meta, record_id="118214")) == "wilson-118214"


def test_sub_makes_the_same_element_in_the_parents_document_as_el_appended():
    """sub() makes a child in its parent's document (faster than el() and append): the
    same markup under TEI's default namespace; under a parent that binds TEI to a prefix,
    or outside TEI, it appends el() as before."""
    from lxml import etree

    from pipeline.encode.tei import el, sub

    def both(make_parent):
        made = make_parent()
        sub(made, "p", "text", xml_id="p1", xml_lang="ru", n=None, rend="b")
        appended = make_parent()
        appended.append(el("p", "text", xml_id="p1", xml_lang="ru", n=None, rend="b"))
        return etree.tostring(made.getroottree()), etree.tostring(appended.getroottree())

    made, appended = both(lambda: sub(sub(el("TEI"), "text"), "div"))
    assert made == appended and b'<p xml:id="p1" xml:lang="ru" rend="b">text</p>' in made
    tei = "http://www.tei-c.org/ns/1.0"
    for parent in (lambda: etree.Element(f"{{{tei}}}div", nsmap={"tei": tei}),
                   lambda: etree.Element("{urn:other}div", nsmap={None: "urn:other"})):
        made, appended = both(parent)
        assert made == appended
    assert b'<p xmlns="http://www.tei-c.org/ns/1.0" xml:id="p1"' in made  # (outside TEI)
