"""Validation: the project's grammar, each rule by id, and the strict-subset promise."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from pipeline.validate import RULES, project_schema, validate_tree
from pipeline.validate.rules import run_rules
from pipeline.xmlio import NSMAP, TEI_NS, parse_xml, serialize

from .conftest import REPO, SEEDS

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def tree_of(text: str) -> etree._ElementTree:
    return parse_xml(text.encode("utf-8"))


def with_alignment(edition, links: list[str], subtype: str = "paragraph") -> etree._ElementTree:
    """Seed 001 with a standOff linkGrp of the given @target values."""
    tree = copy.deepcopy(edition.tree)
    stand_off = etree.SubElement(tree.getroot(), f"{T}standOff")
    group = etree.SubElement(stand_off, f"{T}linkGrp", type="alignment", subtype=subtype)
    for target in links:
        etree.SubElement(group, f"{T}link", target=target)
    return tree


def rule_ids(tree) -> list[str]:
    return [f.rule for f in run_rules(tree)]


def first(tree, rule_id: str):
    """The first finding of one rule on a document."""
    return next(f for f in run_rules(tree) if f.rule == rule_id)


# --------------------------------------------------------------------------- the corpus

@pytest.mark.parametrize("path", sorted((REPO / "tei").glob("*.xml")), ids=lambda p: p.stem)
def test_every_file_in_tei_is_valid_against_the_profile_the_rules_and_tei_all(path, tei_all):
    report = validate_tree(parse_xml(path), path.name, tei_all=True)
    assert report.valid, report.lines()


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_freshly_encoded_seeds_have_no_rule_errors(editions, key):
    errors = [f for f in run_rules(editions[key].tree) if f.severity == "error"]
    assert errors == []


# --------------------------------------------------------------------------- strict subset

def _profile_valid_variants() -> list[etree._ElementTree]:
    """The all-elements fixture and the sample TEI, as they are and with editor's additions."""
    trees = [parse_xml(FIXTURES / "profile-all.xml")]
    for path in sorted((REPO / "tei").glob("*.xml")):
        tree = parse_xml(path)
        trees.append(tree)
        extra = copy.deepcopy(tree)
        p = extra.xpath("//tei:div/tei:p", namespaces=NSMAP)[0]
        s = etree.SubElement(p, f"{T}s")
        s.text = "An editor's sentence with "
        etree.SubElement(s, f"{T}persName", ref="#x").text = "a name"
        etree.SubElement(p, f"{T}note", type="editorial").text = "An editor's note."
        trees.append(extra)
    return trees


def test_profile_is_a_strict_subset_of_tei_all(tei_all):
    profile = project_schema()
    checked = 0
    for tree in _profile_valid_variants():
        if profile.validate(tree):
            checked += 1
            assert tei_all.validate(tree), [e.message for e in tei_all.error_log]
    assert checked >= 11


def test_the_all_elements_fixture_uses_every_element_and_attribute_of_the_grammar():
    grammar = etree.parse(str(REPO / "schema" / "tei-edition.rng"))
    rng = {"rng": "http://relaxng.org/ns/structure/1.0"}
    fixture = parse_xml(FIXTURES / "profile-all.xml")
    used = {etree.QName(e).localname for e in fixture.iter() if isinstance(e.tag, str)}
    assert set(grammar.xpath("//rng:element/@name", namespaces=rng)) <= used
    used_attributes = {etree.QName(a).localname for e in fixture.iter() if isinstance(e.tag, str)
                       for a in e.attrib}
    declared = {a.removeprefix("xml:") for a in grammar.xpath("//rng:attribute/@name", namespaces=rng)}
    assert declared <= used_attributes
    report = validate_tree(fixture, "profile-all.xml")
    assert report.valid, report.lines()


def test_tei_all_accepts_what_the_profile_refuses(tei_all):
    text = serialize(parse_xml(FIXTURES / "profile-all.xml")).decode()
    tree = tree_of(text.replace("<trailer>", '<trailer xml:space="preserve">'))
    assert tei_all.validate(tree)
    assert not project_schema().validate(tree)


# --------------------------------------------------------------------------- grammar messages

def broken(edition, old: str, new: str) -> etree._ElementTree:
    text = serialize(edition.tree).decode()
    assert old in text
    return tree_of(text.replace(old, new, 1))


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('<head xml:id="en-p2">', '<p>early</p><head xml:id="en-p2">', "element <head> is not allowed here"),
    ("<lb/>", '<lb color="red"/>', "attribute @color is not allowed on <lb>"),
    ("<signed>", "<signature>", "element <signature> is not allowed here"),
    ('<language ident="en">', "<language>", "an attribute of <language> is missing"),
    ('<text xml:id="en-text"', '<text xml:id="en text"',
     '@xml:id="en text" on <text> is not a value the schema allows: expected an id (a letter'),
])
def test_hand_broken_copies_give_the_expected_grammar_message(editions, old, new, expected):
    if new == "<signature>":
        tree = broken(editions["001"], "<signed>/s/ (Roshchin)</signed>",
                      "<signature>/s/ (Roshchin)</signature>")
    else:
        tree = broken(editions["001"], old, new)
    report = validate_tree(tree, "broken.xml", rules=False)
    assert not report.valid
    messages = [f.message for f in report.findings]
    assert any(expected in m and m.endswith("(tei-edition profile)") for m in messages), messages
    assert all(f.line and f.xpath and f.xpath.startswith("/TEI") for f in report.findings)


def test_wrong_namespace_is_named(editions):
    text = serialize(editions["000"].tree).decode().replace('xmlns="http://www.tei-c.org/ns/1.0"', "")
    report = validate_tree(tree_of(text), "nons.xml", rules=False)
    assert any("not in the TEI namespace" in f.message or "TEI" in f.message for f in report.findings)


# --------------------------------------------------------------------------- rules by id

def test_every_rule_has_an_id_severity_and_description():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids)) == 9
    assert all(r.severity in ("error", "warning") and r.description for r in RULES)


def test_rule_id_unique(editions):
    assert "id-unique" not in rule_ids(editions["000"].tree)
    tree = broken(editions["000"], 'xml:id="en-p4"', 'xml:id="en-p3"')
    finding = first(tree, "id-unique")
    assert 'xml:id "en-p3" is used 2 times' in finding.message


def test_rule_pointer_resolves(editions):
    assert "pointer-resolves" not in rule_ids(editions["001"].tree)
    tree = broken(editions["001"], 'corresp="#ru-text"', 'corresp="#ru-txt"')
    finding = first(tree, "pointer-resolves")
    assert finding.message == 'text/@corresp points to "#ru-txt", but no element has xml:id "ru-txt"'
    url = broken(editions["001"], 'corresp="#ru-text"', 'corresp="https://example.org/x#y"')
    assert "pointer-resolves" not in rule_ids(url)


def test_rule_date_iso(editions):
    assert "date-iso" not in rule_ids(editions["000"].tree)
    tree = broken(editions["000"], 'when="1952-01-18">January', 'when="01/18/1952">January')
    finding = first(tree, "date-iso")
    assert finding.message == ('date/@when must be an ISO date like 1950-01-01 (or 1950, 1950-01); '
                               'found "01/18/1952"')


def test_rule_date_title(editions):
    assert "date-title" not in rule_ids(editions["000"].tree)  # event date 1951-12-24 as titled
    assert "date-title" not in rule_ids(editions["001"].tree)  # no event date: document date agrees
    tree = broken(editions["000"], 'type="event" when="1951-12-24"', 'type="event" when="1951-12-25"')
    finding = first(tree, "date-title")
    assert "the title names 24 December 1951 (1951-12-24)" in finding.message
    assert "\"1951-12-25\"" in finding.message


def test_rule_lang_declared(editions):
    assert "lang-declared" not in rule_ids(editions["001"].tree)
    tree = broken(editions["001"], '<language ident="ru">Russian</language>', "")
    finding = first(tree, "lang-declared")
    assert 'text/@xml:lang "ru" is not declared in profileDesc/langUsage' in finding.message


def test_rule_record_id_is_a_warning(editions):
    assert "record-id" not in rule_ids(editions["000"].tree)
    finding = first(editions["002"].tree, "record-id")
    assert finding.severity == "warning"
    assert validate_tree(editions["002"].tree, "002.xml").valid


def test_rule_gap_damage(editions):
    assert "gap-damage" not in rule_ids(editions["001"].tree)
    tree = broken(editions["001"], 'corresp="#damage-zh-Hans"/>', "/>")
    finding = first(tree, "gap-damage")
    assert finding.message == ("gap with reason lost (in a zh-Hans text) must point to "
                               "#damage-zh-Hans; found no @corresp")
    wrong_place = broken(editions["001"], 'corresp="#damage-zh-Hans"/>', 'corresp="#en-p3"/>')
    assert "gap-damage" in rule_ids(wrong_place)


def test_rule_link_targets(editions):
    good = with_alignment(editions["001"], ["#en-p3 #ru-p1"])
    assert "link-targets" not in rule_ids(good)
    bad = with_alignment(editions["001"], ["#en-p3"])
    finding = first(bad, "link-targets")
    assert finding.message == 'link/@target needs at least two pointers; found "#en-p3"'


def _all_blocks(edition, lang):
    return [e.get(XML_ID) for e in edition.tree.xpath(
        f"//tei:text[@xml:lang='{lang}']/tei:body/tei:div/*[@xml:id][not(self::tei:note)]",
        namespaces=NSMAP)]


def test_rule_alignment_cover(editions):
    e = editions["001"]
    every = [*_all_blocks(e, "en"), *_all_blocks(e, "zh-Hans"), *_all_blocks(e, "ru")]
    first = every[0]
    covered = with_alignment(e, [" ".join(f"#{i}" for i in every)])
    assert "alignment-cover" not in rule_ids(covered)
    twice = with_alignment(e, [" ".join(f"#{i}" for i in every), f"#{first} #{every[-1]}"])
    errors = [f for f in run_rules(twice) if f.rule == "alignment-cover" and f.severity == "error"]
    assert len(errors) == 2 and f'paragraph "{first}" is linked 2 times' in errors[0].message
    partial = with_alignment(e, [" ".join(f"#{i}" for i in every[1:])])
    warnings = [f for f in run_rules(partial) if f.rule == "alignment-cover"]
    assert [f.severity for f in warnings] == ["warning"]
    assert f"1 of 22 paragraph units of the en version are not aligned: {first}" in warnings[0].message


def test_sentence_level_alignment_counts_sentences(editions):
    tree = copy.deepcopy(editions["000"].tree)
    p = tree.xpath("//tei:p[@xml:id='en-p3']", namespaces=NSMAP)[0]
    etree.SubElement(p, f"{T}s", {XML_ID: "en-p3-s1"}).text = "One."
    etree.SubElement(p, f"{T}s", {XML_ID: "en-p3-s2"}).text = "Two."
    stand_off = etree.SubElement(tree.getroot(), f"{T}standOff")
    group = etree.SubElement(stand_off, f"{T}linkGrp", type="alignment", subtype="sentence")
    etree.SubElement(group, f"{T}link", target="#en-p3-s1 #en-p3-s2")
    assert [f for f in run_rules(tree) if f.rule == "alignment-cover"] == []


def test_rules_do_not_fail_when_a_damage_id_is_the_root_s(editions):
    # Found by tests/test_fuzz.py: gap-damage looked up the parent of the root (None) and
    # lxml raised ValueError.
    tree = copy.deepcopy(editions["001"].tree)
    tree.getroot().set("{http://www.w3.org/XML/1998/namespace}id", "damage-zh-Hans")
    findings = run_rules(tree)
    assert any(f.rule == "id-unique" for f in findings)


# --------------------------------------------------------------------------- cut-off sources

@pytest.mark.parametrize(("key", "cut"), [
    ("000", "Translation - English"),  # nothing after the Contents label
    ("000", "#### MEMORANDUM OF CONVERSATION"),  # an opener and a heading, no paragraph
    ("002", "Strictly confidential"),  # the classification line only
])
def test_a_source_cut_off_before_its_text_still_encodes_valid_tei_saying_so(key, cut, tei_all):
    """An export that stops before the running text: the version gets a paragraph
    holding gap reason="missing" (a div needs one), and the ingest warns."""
    from pipeline.ingest.document import IngestTask, ingest_document

    text = SEEDS[key].read_text(encoding="utf-8")
    result = ingest_document(IngestTask(name="cut.txt", data=(text[:text.index(cut) + len(cut)]
                                                               + "\n").encode()))
    assert not result.problems, result.problems
    tree = parse_xml(result.data)
    report = validate_tree(tree, "cut.txt", tei_all=True)
    assert report.valid, report.lines()
    gaps = tree.xpath("//tei:div/tei:p/tei:gap[@reason='missing']", namespaces={"tei": TEI_NS})
    assert len(gaps) == 1
    assert any("truncated" in w for w in result.warnings), result.warnings


@pytest.mark.parametrize(("fixture", "why"), [
    ("fuzz-language-returns.txt", "English paragraphs came back after the Russian version "
                                  "(text read as cp1251): two versions had the ids en-text"),
    ("fuzz-postscript-after-date.txt", "a line after the postscript's date: a closer followed "
                                       "by a paragraph"),
    ("fuzz-date-in-title.txt", "the date line joined the title ('August 1, 1963'), which the "
                               "date-title rule reads but the ingest did not"),
])
def test_sources_make_fuzz_found_encode_tei_their_own_profile_accepts(fixture, why):
    """make fuzz's ingest property: a source either fails with a reason or gives TEI valid
    against the project's profile and rules. Each fixture is a case that gave invalid TEI."""
    from pipeline.ingest.document import IngestTask, ingest_document

    path = Path(__file__).parent / "fixtures" / fixture
    result = ingest_document(IngestTask(name=fixture, data=path.read_bytes()))
    assert not result.problems, result.problems
    report = validate_tree(parse_xml(result.data), fixture)
    assert report.valid, (why, report.lines())


def test_a_version_is_one_per_language_and_what_came_back_stays_in_order():
    from pipeline.ingest.document import IngestTask, ingest_document

    path = Path(__file__).parent / "fixtures" / "fuzz-language-returns.txt"
    result = ingest_document(IngestTask(name="x", data=path.read_bytes()))
    tree = parse_xml(result.data)
    ids = tree.xpath("//tei:group/tei:text/@xml:id", namespaces={"tei": TEI_NS})
    assert len(ids) == len(set(ids)) >= 2
    assert any("kept inside that version" in w for w in result.warnings)
