"""Alignment in TEI: sentences that lose nothing, links in standOff, editors' links kept."""

from __future__ import annotations

import copy

import pytest
from lxml import etree

from pipeline.align.scorers import LengthScorer
from pipeline.align.tei import align_tree, segment
from pipeline.validate import validate_tree
from pipeline.xmlio import NSMAP, TEI_NS

T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def text_of(tree) -> str:
    body = tree.xpath("/tei:TEI/tei:text", namespaces=NSMAP)[0]
    return "".join(body.itertext())


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_segmentation_keeps_every_character_and_element(editions, key):
    tree = copy.deepcopy(editions[key].tree)
    before_text = text_of(tree)
    before_marks = [etree.QName(e).localname for e in tree.iter() if isinstance(e.tag, str)]
    segment(tree)
    assert text_of(tree) == before_text
    after_marks = [etree.QName(e).localname for e in tree.iter()
                   if isinstance(e.tag, str) and etree.QName(e).localname != "s"]
    assert sorted(after_marks) == sorted(before_marks)


def test_sentences_get_ids_inside_their_paragraph(editions):
    tree = copy.deepcopy(editions["001"].tree)
    segment(tree)
    ids = tree.xpath("//tei:p[@xml:id='ru-p5']/tei:s/@xml:id", namespaces=NSMAP)
    assert ids[:2] == ["ru-p5-s1", "ru-p5-s2"]
    first = tree.xpath("//tei:s[@xml:id='ru-p5-s1']", namespaces=NSMAP)[0]
    assert "".join(first.itertext()).endswith("разгромлены.")  # Ки|тая stays inside one sentence
    assert first.xpath("tei:lb[@break='no']", namespaces=NSMAP)


@pytest.fixture(scope="module")
def aligned(editions):
    return align_tree(editions["001"].tree, LengthScorer())


def test_alignment_is_valid_tei_with_links_per_level(aligned, tei_all):
    report = validate_tree(aligned, "001.xml", tei_all=True)
    assert report.valid, report.lines()
    groups = aligned.xpath("//tei:standOff/tei:linkGrp[@type='alignment']/@subtype", namespaces=NSMAP)
    assert groups == ["paragraph", "sentence"]
    link = aligned.xpath("//tei:linkGrp[@subtype='paragraph']/tei:link", namespaces=NSMAP)[0]
    assert link.get("resp") == "#aligner-length"
    assert 0.0 <= float(link.get("cert")) <= 1.0
    assert aligned.xpath("//tei:application[@xml:id='aligner-length']", namespaces=NSMAP)


def test_three_way_links_join_all_versions(aligned):
    targets = aligned.xpath("//tei:linkGrp[@subtype='paragraph']/tei:link/@target", namespaces=NSMAP)
    assert any("#en-p" in t and "#zh-Hans-p" in t and "#ru-p" in t for t in targets)
    ids = [i for t in targets for i in t.split()]
    assert len(ids) == len(set(ids))  # each paragraph in one bead


def test_editor_links_survive_realignment(aligned):
    tree = copy.deepcopy(aligned)
    group = tree.xpath("//tei:linkGrp[@subtype='paragraph']", namespaces=NSMAP)[0]
    for link in group.xpath("tei:link", namespaces=NSMAP):
        if "#en-p3" in link.get("target").split() or "#ru-p1" in link.get("target").split():
            group.remove(link)
    tree.xpath("//tei:linkGrp[@subtype='paragraph']", namespaces=NSMAP)[0].append(
        etree.Element(f"{T}link", target="#en-p1 #en-p3 #ru-p1", resp="#editor"))
    again = align_tree(tree, LengthScorer())
    links = again.xpath("//tei:linkGrp[@subtype='paragraph']/tei:link", namespaces=NSMAP)
    editor = [link for link in links if link.get("resp") == "#editor"]
    assert [link.get("target") for link in editor] == ["#en-p1 #en-p3 #ru-p1"]
    others = [t for link in links if link.get("resp") != "#editor" for t in link.get("target").split()]
    assert "#en-p3" not in others and "#ru-p1" not in others


class _Refusing(LengthScorer):
    """A scorer that must not be asked: the links are to be taken over."""

    def prepare(self, *args):
        raise AssertionError("aligned again")


def test_links_of_the_same_texts_are_taken_over_not_computed_again(editions, aligned):
    again = align_tree(editions["001"].tree, _Refusing(), previous=aligned)
    path = "//tei:standOff"
    assert etree.tostring(again.xpath(path, namespaces=NSMAP)[0]) == \
        etree.tostring(aligned.xpath(path, namespaces=NSMAP)[0])
    assert again.xpath("//tei:application[@xml:id='aligner-length']", namespaces=NSMAP)


def test_a_changed_sentence_or_another_aligner_aligns_again(editions, aligned):
    changed = copy.deepcopy(editions["001"].tree)
    p = changed.xpath("//tei:p[starts-with(@xml:id, 'en-p')]", namespaces=NSMAP)[0]
    p.text = (p.text or "") + "An added sentence. "
    with pytest.raises(AssertionError, match="aligned again"):
        align_tree(changed, _Refusing(), previous=aligned)

    class Other(_Refusing):
        name = "embedding"

    with pytest.raises(AssertionError, match="aligned again"):
        align_tree(editions["001"].tree, Other(), previous=aligned)


def test_single_version_documents_are_left_as_they_are(editions):
    tree = align_tree(editions["000"].tree, LengthScorer())
    assert not tree.xpath("//tei:standOff | //tei:s", namespaces=NSMAP)


def test_seed_001_paragraphs_land_in_the_right_beads():
    """Every paragraph of the three versions of seed 001 in its bead (embedding aligner)."""
    from pathlib import Path

    from pipeline.xmlio import parse_xml

    tree = parse_xml(Path(__file__).resolve().parents[1] / "tei" / "wilson-110404.xml")
    targets = tree.xpath("//tei:linkGrp[@subtype='paragraph']/tei:link/@target", namespaces=NSMAP)
    expected = [f"#en-p{e} #zh-Hans-p{z} #ru-p{r}" for e, z, r in
                [(3, 1, 1), (4, 2, 2), (5, 3, 3), (6, 4, 4), (7, 5, 5), (8, 6, 6), (9, 7, 7),
                 (10, 8, 8), (11, 9, 9), (12, 10, 10)]]
    assert targets[:10] == expected
    assert "#en-p13 #en-p14 #zh-Hans-p11 #ru-p11 #ru-p12" in targets  # zh merged two paragraphs
    assert targets[-1] == "#en-p22 #zh-Hans-p19 #ru-p20"  # the signatures
