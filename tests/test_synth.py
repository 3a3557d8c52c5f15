"""The synthetic corpus of bench/synth.py (issue 8's scale runs): N distinct documents
varied from the sample corpus, deterministic for a seed, every TEI document valid
(grammar and rules) with its alignment links consistent, every source text readable by
ingest under an id of its own.

Run: ``.venv/bin/python -m pytest -q tests/test_synth.py``
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
from lxml import etree

from bench import synth
from pipeline.encode.ids import document_id
from pipeline.ingest import ingest, read_source
from pipeline.ingest.fields import parse_date
from pipeline.validate import validate_tree
from pipeline.validate.rules import POINTER_ATTRIBUTES
from pipeline.xmlio import parse_xml, serialize

NS = synth.NS
T = synth.T
XML_ID, XML_LANG = synth.XML_ID, synth.XML_LANG
MULTI = 1  # the second sample (wilson-110404) has three versions; variants 1, 6, 11 … of it


@cache
def documents(n: int, seed: int = 7) -> tuple[tuple[str, bytes], ...]:
    """Serialised documents, made once per (n, seed) for the whole module."""
    return tuple((doc_id, serialize(tree)) for doc_id, tree in synth.synth_tei(n, seed))


def parsed(n: int) -> list[tuple[str, etree._ElementTree]]:
    return [(doc_id, parse_xml(data)) for doc_id, data in documents(n)]


def multi_version_variants(n: int = 60) -> list[etree._ElementTree]:
    return [tree for i, (_, tree) in enumerate(parsed(n)) if i % 5 == MULTI]


def ids_of(tree: etree._ElementTree) -> dict[str, etree._Element]:
    return {e.get(XML_ID): e for e in tree.iter() if isinstance(e.tag, str) and e.get(XML_ID)}


def lang_of(element: etree._Element) -> str | None:
    return next((a.get(XML_LANG) for a in element.iterancestors(f"{T}text") if a.get(XML_LANG)), None)


# --------------------------------------------------------------------------- TEI

def test_same_seed_gives_the_same_bytes_and_another_seed_other_documents():
    again = tuple((i, serialize(t)) for i, t in synth.synth_tei(12, 7))
    assert again == documents(12)
    assert [d for _, d in documents(12, seed=8)] != [d for _, d in documents(12)]


def test_document_i_is_the_same_whatever_n():
    assert documents(12)[:5] == documents(5)


def test_write_corpus_writes_n_files_named_by_their_unique_ids(tmp_path):
    written = synth.write_corpus(12, tmp_path, seed=7)
    assert len(written) == 12 == len(list(tmp_path.glob("*.xml")))
    ids = [parse_xml(p).getroot().get(XML_ID) for p in written]
    assert len(set(ids)) == 12
    assert [p.name for p in written] == [f"{i}.xml" for i in ids]


def test_documents_differ_from_their_samples_in_id_title_date_and_body():
    samples = synth.tei_samples()
    for i, (doc_id, tree) in enumerate(parsed(12)):
        sample = samples[i % len(samples)].getroot()
        title = "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title/text()"
        assert doc_id != sample.get(XML_ID)
        assert tree.xpath(title, namespaces=NS)[0] != sample.xpath(title, namespaces=NS)[0]
        assert synth._document_date(tree.getroot()).get("when") != synth._document_date(sample).get("when")
        body = "string(tei:text)"
        assert tree.getroot().xpath(body, namespaces=NS) != sample.xpath(body, namespaces=NS)


@pytest.mark.parametrize("n", [12])
def test_every_document_is_valid_against_grammar_and_rules(n):
    for doc_id, tree in parsed(n):
        report = validate_tree(tree, doc_id, profile=True, rules=True)
        assert report.valid, "\n".join(report.lines())


def test_multi_version_variants_are_valid_whether_versions_are_kept_dropped_or_left_alone():
    kinds = set()
    for tree in multi_version_variants():
        versions = tree.xpath("/tei:TEI/tei:text//tei:text[@xml:lang] | /tei:TEI/tei:text[@xml:lang]",
                              namespaces=NS)
        kinds.add(len(versions))
        report = validate_tree(tree, tree.getroot().get(XML_ID))
        assert report.valid, "\n".join(report.lines())
    assert kinds == {1, 2, 3}


def test_every_local_pointer_resolves():
    for doc_id, tree in parsed(12) + [(t.getroot().get(XML_ID), t) for t in multi_version_variants()]:
        ids = ids_of(tree)
        for element in tree.iter():
            for name in POINTER_ATTRIBUTES if isinstance(element.tag, str) else ():
                for token in (element.get(name) or "").split():
                    assert not token.startswith("#") or token[1:] in ids, (doc_id, name, token)


def test_alignment_links_join_units_of_two_or_more_versions_once_each():
    for tree in multi_version_variants():
        ids = ids_of(tree)
        versions = {v.get(XML_LANG) for v in tree.xpath("//tei:group/tei:text", namespaces=NS)}
        links = tree.xpath("//tei:linkGrp[@type='alignment']", namespaces=NS)
        assert bool(links) == (len(versions) > 1)
        for group in links:
            seen: set[str] = set()
            for link in group:
                targets = [t[1:] for t in link.get("target").split()]
                assert not seen & set(targets)
                seen |= set(targets)
                assert len({lang_of(ids[t]) for t in targets}) >= 2
                if group.get("subtype") == "paragraph":
                    assert all(etree.QName(ids[t]).localname != "s" for t in targets)


def test_each_sentence_link_lies_inside_one_paragraph_link():
    for tree in multi_version_variants():
        ids = ids_of(tree)
        bead_of = {}
        for k, link in enumerate(tree.xpath("//tei:linkGrp[@subtype='paragraph']/tei:link", namespaces=NS)):
            for target in link.get("target").split():
                bead_of[target[1:]] = k
        for link in tree.xpath("//tei:linkGrp[@subtype='sentence']/tei:link", namespaces=NS):
            blocks = {next(a for a in ids[t[1:]].iterancestors() if a.get(XML_ID)).get(XML_ID)
                      for t in link.get("target").split()}
            assert len({bead_of.get(b) for b in blocks}) == 1, link.get("target")


def test_paragraphs_move_together_with_their_counterparts():
    """In every version the linked paragraphs come in the order of the paragraph links."""
    for tree in multi_version_variants():
        links = tree.xpath("//tei:linkGrp[@subtype='paragraph']/tei:link", namespaces=NS)
        order = {t[1:]: k for k, link in enumerate(links) for t in link.get("target").split()}
        for version in tree.xpath("//tei:group/tei:text", namespaces=NS):
            placed = [order[p.get(XML_ID)] for p in version.iter(f"{T}p") if p.get(XML_ID) in order]
            assert placed == sorted(placed)


def test_header_dates_and_the_titles_date_words_agree():
    for _, tree in parsed(12):
        for date in tree.xpath("//tei:creation/tei:date[@type='document']", namespaces=NS):
            assert parse_date(date.text) == date.get("when")


@pytest.mark.parametrize(("text", "days", "expected"), [
    ("January 01, 1950", 1, "January 02, 1950"),
    ("on 1 JANUARY 1950 and", 31, "on 1 FEBRUARY 1950 and"),
    ("24 December 1951, January 18, 1952", 10, "3 January 1952, January 28, 1952"),
    ("2013-10-10 and January 1", 5, "2013-10-10 and January 1"),
])
def test_shift_dates_keeps_the_way_a_date_was_written(text, days, expected):
    assert synth.shift_dates(text, days) == expected


def test_plan_gives_each_variant_of_a_sample_a_day_of_its_own():
    days = [dt.date(1950, 1, 1), dt.date(1960, 7, 18)]
    variants = synth.plan(400, days)
    for k, base in enumerate(days):
        moved = [base + dt.timedelta(days=v.days) for v in variants if v.sample == k]
        assert len(set(moved)) == len(moved) == 200
    assert len({v.record for v in variants}) == 400


# --------------------------------------------------------------------------- sources

def test_source_texts_are_read_by_ingest_under_distinct_ids(tmp_path):
    written = synth.write_corpus(10, tmp_path, kind="sources")
    assert len(written) == 10
    samples = {(s.title, s.date.isoformat()) for s in synth.source_samples()}
    ids = set()
    for path in written:
        doc = ingest(read_source(path))
        assert doc.versions and all(v.blocks for v in doc.versions)
        assert (doc.metadata.title, doc.metadata.date) not in samples
        ids.add(document_id(doc.metadata))
    assert len(ids) == 10


def test_source_texts_are_deterministic():
    first = list(synth.synth_sources(5, seed=3))
    assert first == list(synth.synth_sources(5, seed=3))
    assert len({name for name, _ in first}) == 5
