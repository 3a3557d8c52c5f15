"""XSLT unit tests, scenario style (as XSpec writes them): each scenario is a small TEI
context, a call, and the result expected.

Two tables:

- FUNCTIONS: the public functions of xslt/common/. The call is an XPath expression
  evaluated (xsl:evaluate, in a tiny stylesheet importing common.xsl) with the
  scenario's TEI element as context item, so functions taking nodes get real nodes of
  a real tree. Results come back as JSON: strings, numbers, booleans; an element as its
  xml:id (else its string value); always a list.
- MARKS: each editorial mark read in each format (screen HTML, print HTML, plain text
  with page breaks shown and hidden): the mark stands in the only paragraph of a small
  document rendered by the format's driver, and the paragraph's text is compared.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from lxml import etree

from pipeline.render import (
    HtmlOptions,
    PrintOptions,
    Renderer,
    TxtOptions,
    resource_dir,
    stylesheets,
    version_languages,
)
from pipeline.xmlio import parse_xml

TEI = "http://www.tei-c.org/ns/1.0"
COMMON = resource_dir("xslt") / "common" / "common.xsl"


# --------------------------------------------------------------------------- contexts


def document(body: str, *, header: str = "", lang: str = "en", title: str = "A test document") -> str:
    """A TEI document: a title, ``header`` inside teiHeader, ``body`` in text/body/div
    (or, when ``body`` starts with ``<group`` or ``<front``, directly in text)."""
    text = body if body.lstrip().startswith(("<group", "<front")) else (
        f'<body><div type="document">{body}</div></body>')
    return (f'<TEI xmlns="{TEI}" xml:lang="{lang}"><teiHeader><fileDesc><titleStmt>'
            f"<title>{title}</title></titleStmt><publicationStmt><publisher>Test</publisher>"
            f"</publicationStmt><sourceDesc><bibl>Test.</bibl></sourceDesc></fileDesc>{header}</teiHeader>"
            f'<text xml:lang="{lang}">{text}</text></TEI>')


def para(inline: str, lang: str = "en") -> str:
    """A document whose only paragraph (``{lang}-p1``) holds ``inline``."""
    return document(f'<p xml:id="{lang}-p1">{inline}</p>', lang=lang)


# Three versions: en (translation of ru), zh-Hans (named "Chinese" by langUsage), ru.
VERSIONS = document(
    '<group><text xml:id="en-text" xml:lang="en" type="translation"><body><div>'
    '<p xml:id="en-p1">One.</p><p xml:id="en-p2">Two.</p><p xml:id="en-p3">Three.</p></div></body></text>'
    '<text xml:id="zh-Hans-text" xml:lang="zh-Hans" type="translation"><body><div>'
    '<p xml:id="zh-Hans-p1">一。</p></div></body></text>'
    '<text xml:id="ru-text" xml:lang="ru" type="transcription"><body><div>'
    '<p xml:id="ru-p1">Один.</p><p xml:id="ru-p2">Три.</p></div></body></text></group>',
    header='<profileDesc><langUsage><language ident="en">English</language>'
    '<language ident="zh-Hans">Chinese</language><language ident="ru">Russian</language>'
    "</langUsage></profileDesc>",
)


def aligned(*targets: str) -> str:
    """VERSIONS without zh-Hans, with a paragraph linkGrp of these link targets."""
    links = "".join(f'<link target="{t}"/>' for t in targets)
    doc = VERSIONS.replace(VERSIONS[VERSIONS.index('<text xml:id="zh-Hans-text"'):
                                   VERSIONS.index('<text xml:id="ru-text"')], "")
    return doc.replace("</text></TEI>", "</text><standOff><linkGrp type=\"alignment\" "
                       f'subtype="paragraph">{links}</linkGrp></standOff></TEI>')


# The rows of a parallel view, one string each: "L" (linked) or "-", then the ids of
# each column's units.
ROWS = ("ed:parallel-rows(ed:ordered-versions(., ('en', 'ru')), ed:paragraph-links(.)) ! "
        "((if (?linked) then 'L' else '-') || ': ' || string-join(array:for-each(?cells, "
        "function($c) { string-join($c/@xml:id, ' ') })?*, ' | '))")


# --------------------------------------------------------------------------- functions


@dataclass(frozen=True)
class Scenario:
    name: str
    call: str
    expect: Any
    context: str = field(default_factory=lambda: para("x"))


def s(name: str, call: str, expect: Any, context: str | None = None) -> Any:
    scenario = Scenario(name, call, expect, context if context is not None else para("x"))
    return pytest.param(scenario, id=name)


def gap(attributes: str) -> str:
    return para(f"before <gap {attributes}/> after")


GAP_TEXT = "ed:gap-text(//tei:gap)"
LOST_COUNT = "ed:lost-count(//tei:gap)"
IS_BLOCK = "(//tei:div/tei:p, //tei:div/tei:note, //tei:p/tei:note, //tei:div/tei:seg) ! ed:is-block(.)"
HEADER = ('<profileDesc><creation><date type="document" when="1950-01-01"/></creation></profileDesc>')
MS_DESC = '<msDesc><msIdentifier/><msContents><textLang mainLang="ru"/></msContents></msDesc>'

FUNCTIONS = [
    # ed:format-date, ed:date-iso, ed:date-text
    s("format-date-day", "ed:format-date('1950-01-01')", "1 January 1950"),
    s("format-date-month", "ed:format-date('1962-05')", "May 1962"),
    s("format-date-year", "ed:format-date('1951')", "1951"),
    s("format-date-ignores-time", "ed:format-date('1952-01-18T10:00:00')", "18 January 1952"),
    s("format-date-keeps-bad-month", "ed:format-date('1950-13')", "1950-13"),
    s("format-date-keeps-words", "ed:format-date('some day')", "some day"),
    s("format-date-empty", "ed:format-date(())", ""),
    s("date-iso-when", "ed:date-iso(//tei:date)", "1950-01-01",
      para('<date when="1950-01-01">January 01, 1950</date>')),
    s("date-iso-from", "ed:date-iso(//tei:date)", "1950-01", para('<date from="1950-01" to="1950-03"/>')),
    s("date-iso-none", "ed:date-iso(//tei:date)", [], para("<date>spring</date>")),
    s("date-text-formats-iso", "ed:date-text(//tei:date)", "1 January 1950",
      para('<date when="1950-01-01">January 01, 1950</date>')),
    s("date-text-else-text", "ed:date-text(//tei:date)", "early spring",
      para("<date> early\n spring </date>")),
    # ed:language-name, ed:language-rank
    s("language-name-known", "ed:language-name('ru')", "Russian"),
    s("language-name-script", "ed:language-name('zh-Hans')", "Chinese (simplified)"),
    s("language-name-primary-subtag", "ed:language-name('de-AT')", "German"),
    s("language-name-unknown-tag", "ed:language-name('xx-Test')", "xx-Test"),
    s("language-name-empty", "ed:language-name('')", "unknown language"),
    s("language-name-from-header", "ed:language-name('zh-Hans', tei:teiHeader)", "Chinese", VERSIONS),
    s("language-name-header-silent", "ed:language-name('de', tei:teiHeader)", "German", VERSIONS),
    s("language-name-header-repeats-code", "ed:language-name('eng', tei:teiHeader)", "English",
      document("<p>x</p>", header='<profileDesc><langUsage><language ident="eng">eng</language>'
               "</langUsage></profileDesc>")),
    # ed:document-date: the archive's document date, else when a letter was sent
    s("document-date-creation", "ed:date-iso(ed:document-date(.))", "1950-01-01",
      document("<p>x</p>", header=HEADER)),
    s("document-date-letter-sent", "ed:date-iso(ed:document-date(.))", "1889-08-02",
      document("<p>x</p>", header='<profileDesc><correspDesc><correspAction type="received"><date '
               'notBefore="1889-08-03"/></correspAction><correspAction type="sent"><date when="1889-08-02">'
               "2. 8. 1889</date></correspAction></correspDesc></profileDesc>")),
    s("document-date-none", "ed:document-date(.)", [], document("<p>x</p>")),
    s("language-rank-primary-subtag", "ed:language-rank('zh-Hans', ('en', 'zh'))", 2),
    s("language-rank-exact-first", "ed:language-rank('zh-Hans', ('zh', 'zh-Hans'))", 2),
    s("language-rank-unlisted-last", "ed:language-rank('de', 'en')", 1000),
    # ed:gap-text, ed:lost-count
    s("gap-omitted", GAP_TEXT, "[…]", gap('reason="omitted"')),
    s("gap-omitted-as-printed", GAP_TEXT, "[...]", gap('reason="omitted" rend="[...]"')),
    s("gap-omitted-blank-rend", GAP_TEXT, "[…]", gap('reason="omitted" rend=" "')),
    s("gap-lost-counted", GAP_TEXT, "□□□", gap('reason="lost" quantity="3" unit="chars"')),
    s("gap-lost-at-most-marks", GAP_TEXT, "□" * 20, gap('reason="lost" quantity="20"')),
    s("gap-lost-many", GAP_TEXT, "[□ ×40]", gap('reason="lost" quantity="40" unit="chars"')),
    s("gap-lost-unknown", GAP_TEXT, "[?]", gap('reason="lost"')),
    s("gap-lost-in-words", GAP_TEXT, "[?]", gap('reason="lost" quantity="2" unit="words"')),
    s("lost-count-chars", LOST_COUNT, 3, gap('reason="lost" quantity="3" unit="char"')),
    s("lost-count-no-unit", LOST_COUNT, 2, gap('reason="lost" quantity="2"')),
    s("lost-count-zero", LOST_COUNT, [], gap('reason="lost" quantity="0"')),
    s("lost-count-words", LOST_COUNT, [], gap('reason="lost" quantity="2" unit="words"')),
    s("lost-count-unknown", LOST_COUNT, [], gap('reason="lost"')),
    # ed:mark-kind, ed:mark-open, ed:mark-close, ed:pb-text
    s("mark-kind-each", "//tei:p/* ! (ed:mark-kind(.), '-')[1]",
      ["supplied", "lost", "omitted", "omitted", "sic", "gloss", "-", "pb", "-", "-"],
      para('<supplied>a</supplied><gap reason="lost"/><gap reason="omitted"/><gap/><sic>b</sic>'
           '<gloss>c</gloss><gloss target="#t">d</gloss><pb/><lb/><hi>e</hi>')),
    s("mark-open-close-supplied", "//tei:supplied ! (ed:mark-open(.), ed:mark-close(.))", ["[", "]"],
      para("comrade <supplied>Andrei</supplied>")),
    s("mark-open-close-sic", "//tei:sic ! (ed:mark-open(.), ed:mark-close(.))", ["", " [sic]"],
      para("<sic>Suo-fei-da</sic>")),
    s("mark-open-gloss-after-space", "//tei:gloss ! (ed:mark-open(.), ed:mark-close(.))", ["[", "]"],
      para("Wulumuqi <gloss>Urumqi</gloss>")),
    s("mark-open-gloss-adds-space", "//tei:gloss ! (ed:mark-open(.), ed:mark-close(.))", [" [", "]"],
      para("Yining<gloss>Gulja</gloss>")),
    s("mark-open-close-gap-empty", "//tei:gap ! (ed:mark-open(.), ed:mark-close(.))", ["", ""],
      para('<gap reason="omitted"/>')),
    s("pb-text-spaced", "ed:pb-text(//tei:pb)", " // ", para("a <pb/>b")),
    s("pb-text-in-word", "ed:pb-text(//tei:pb)", "//", para('Ки<pb break="no"/>тая')),
    # ed:marks-used, ed:mark-example, ed:mark-description
    s("marks-used-in-legend-order", "ed:marks-used(//tei:p)", ["supplied", "sic", "gloss", "pb"],
      para('<pb/><gloss>a</gloss> <sic>b</sic> <supplied>c</supplied> <sic>d</sic>')),
    s("marks-used-none", "ed:marks-used(//tei:p)", [], para("plain <hi>text</hi>")),
    s("mark-example-each", "('supplied', 'omitted', 'lost', 'sic', 'gloss', 'pb') ! ed:mark-example(.)",
      ["[word]", "[…]", "□□ or [?]", "word [sic]", "term [explanation]", "//"]),
    s("mark-example-unknown", "ed:mark-example('other')", "other"),
    s("mark-description-pb", "ed:mark-description('pb')", "page break in the original"),
    s("mark-description-unknown", "ed:mark-description('other')", "other"),
    # ed:is-block
    s("is-block", IS_BLOCK, [True, True, False, False],
      document('<p>a<note>n</note></p><note type="source">s</note><seg>x</seg>')),
    # ed:versions, ed:ordered-versions, ed:lang, ed:version-label
    s("versions-in-document-order", "ed:versions(.)", ["en-text", "zh-Hans-text", "ru-text"], VERSIONS),
    s("versions-single", "ed:versions(.) ! local-name()", ["text"]),
    s("ordered-versions-preferred-first", "ed:ordered-versions(., ('ru', 'zh'))",
      ["ru-text", "zh-Hans-text", "en-text"], VERSIONS),
    s("lang-nearest", "(//tei:p[@xml:id = 'ru-p1'], tei:teiHeader) ! ed:lang(.)", ["ru", "en"], VERSIONS),
    s("lang-none", "ed:lang(//tei:p)", "und", para("x").replace(' xml:lang="en"', "")),
    s("version-label-type", "ed:versions(.) ! ed:version-label(.)",
      ["English translation", "Chinese translation", "Russian transcription"], VERSIONS),
    s("version-label-no-type", "ed:version-label(tei:text)", "English"),
    # ed:units, ed:paragraph-links, ed:parallel-rows
    s("units-open-divisions", "ed:units(tei:text)", ["h", "p1", "p2", "n", "p3"],
      document('<head xml:id="h">H</head><p xml:id="p1">a</p><div><p xml:id="p2">b</p>'
               '<note xml:id="n" type="source">n</note></div><p xml:id="p3">c</p>')),
    s("units-front-and-back", "ed:units(tei:text)", ["f", "b", "k"],
      document('<front><p xml:id="f">f</p></front><body><p xml:id="b">b</p></body>'
               '<back><div><p xml:id="k">k</p></div></back>')),
    s("paragraph-links", "ed:paragraph-links(.) ! string(@target)", ["#en-p1 #ru-p1", "#en-p3 #ru-p2"],
      aligned("#en-p1 #ru-p1", "#en-p3 #ru-p2")),
    s("parallel-rows-by-links", ROWS, ["L: en-p1 | ru-p1", "-: en-p2 | ", "L: en-p3 | ru-p2"],
      aligned("#en-p1 #ru-p1", "#en-p3 #ru-p2")),
    s("parallel-rows-unlinked-at-end", ROWS, ["L: en-p1 | ru-p1", "-: en-p2 en-p3 | ru-p2"],
      aligned("#en-p1 #ru-p1")),
    s("parallel-rows-crossing-links-one-row", ROWS, ["-: en-p1 en-p2 en-p3 | ru-p1 ru-p2"],
      aligned("#en-p1 #ru-p2", "#en-p3 #ru-p1")),
    s("parallel-rows-no-links-one-row", ROWS, ["-: en-p1 en-p2 en-p3 | ru-p1 ru-p2"], aligned()),
    # ed:plain
    s("plain-every-mark",
      "ed:plain(//tei:p)",
      "comrade [Andrei] Suo-fei-da [sic] Wulumuqi [Urumqi] Yining [Gulja] […] на материке // Китая",
      para('comrade <supplied reason="clarification">Andrei</supplied> <sic>Suo-fei-da</sic> '
           'Wulumuqi <gloss>Urumqi</gloss> Yining<gloss>Gulja</gloss> <gap reason="omitted"/> '
           'на материке <pb/>Ки<lb break="no"/>тая')),
    s("plain-lb-is-newline", "ed:plain(//tei:p)", "In the province\nabout 400",
      para("In the  province <lb/> about 400")),
    s("plain-drops-notes", "ed:plain(//tei:p)", "visited Mao.", para("visited Mao.<note>A note.</note>")),
    s("plain-tidies-space", "ed:plain(//tei:p)", "a b c", para("  a \n\t b   <hi> c </hi> ")),
    # ed:label, ed:title, ed:metadata
    s("label-known", "ed:label('notes')", "Notes"),
    s("label-unknown-is-key", "ed:label('no-such-label')", "no-such-label"),
    s("title-with-marks", "ed:title(.)", "Note to [the] Embassy",
      document("<p/>", title="Note to <supplied>the</supplied>\n Embassy")),
    s("title-missing", "ed:title(.)", "Untitled document", document("<p/>", title="")),
    s("metadata-rows", "ed:metadata(.) ! ?key",
      ["date", "original-language", "language", "source", "publisher"],
      document("<p/>", header=HEADER).replace("</bibl></sourceDesc>", f"</bibl>{MS_DESC}</sourceDesc>")),
]

# Other archives' TEI: readings, transcription marks, examples, parts, header rows.
CORRESP = ('<profileDesc><correspDesc><correspAction type="sent"><persName>Mamroth, Fedor</persName>'
           '<placeName>Frankfurt</placeName><date when="1889-08-02">2. 8. 1889</date></correspAction>'
           '<correspAction type="received"><persName>Schnitzler, Arthur</persName>'
           '<placeName>Wien</placeName></correspAction></correspDesc></profileDesc>')
CAST = ('<profileDesc><particDesc><listPerson><person xml:id="m" sex="MALE"><persName>Der Mann</persName>'
        '</person><personGrp xml:id="g" sex="FEMALE"><name>Die Frauen</name></personGrp></listPerson>'
        '</particDesc></profileDesc>')
MANUSCRIPT = ('<msDesc><msIdentifier><settlement>Cambridge</settlement><repository>University Library'
              '</repository><idno>Schnitzler, B 68</idno></msIdentifier><msContents><summary>A letter.'
              '</summary></msContents><physDesc><objectDesc form="sheet"><supportDesc><extent>1 leaf'
              '</extent></supportDesc></objectDesc></physDesc><history><origin>Frankfurt, 1889</origin>'
              '</history></msDesc>')
LISTED = ('<profileDesc><settingDesc><listPlace><place><placeName>Wien</placeName><location><geo>48.2 16.4'
          '</geo></location></place></listPlace><listPerson><person><persName>Arthur Schnitzler</persName>'
          '<birth when="1862-05-15"/></person></listPerson></settingDesc></profileDesc>')
ANTHOLOGY = document('<group><text><body><p>First poem.</p></body></text>'
                     '<text><body><p>Second poem.</p></body></text></group>')
SOURCE_DOC = document("<p>Edited.</p>").replace(
    "</text></TEI>", "</text><sourceDoc><surface><line>Now in the name</line></surface></sourceDoc></TEI>")


def header_rows(header: str = "", source: str = "", titles: str = "", publication: str = "") -> str:
    """A document whose header holds these extra parts (keys of ed:metadata asked)."""
    doc = document("<p>x</p>", header=header)
    doc = doc.replace("<bibl>Test.</bibl>", f"<bibl>Test.</bibl>{source}")
    doc = doc.replace("</title></titleStmt>", f"</title>{titles}</titleStmt>")
    return doc.replace("<publisher>Test</publisher>", f"<publisher>Test</publisher>{publication}")


ROW = "ed:metadata(.)[?key = '{key}'] ! ?values ! ed:value-text(.)"

FUNCTIONS += [
    # ed:readings, ed:reading-open/-close, ed:sigla
    s("readings-choice-source-first", "ed:readings(//tei:choice) ! local-name()", ["sic", "corr"],
      para("<choice><corr>typo</corr><sic>tyop</sic></choice>")),
    s("readings-app-as-encoded", "ed:readings(//tei:app) ! local-name()", ["lem", "rdg"],
      para('<app><lem>a</lem><rdg wit="#x">b</rdg></app>')),
    s("reading-brackets", "(//tei:expan, //tei:reg) ! (ed:reading-open(.), ed:reading-close(.))",
      [" (", ")", " [", "]"],
      para("<choice><abbr>Dr</abbr><expan>Doctor</expan></choice> "
           "<choice><orig>a</orig><reg>b</reg></choice>")),
    s("reading-open-with-sigla", "ed:reading-open(//tei:rdg)", " [FR GP: ",
      para('<app><lem>butchery</lem><rdg wit="#fr #gp">bûchers</rdg></app>').replace(
          "<bibl>Test.</bibl>",
          '<listWit><witness xml:id="fr" n="FR"/><witness xml:id="gp" n="GP"/></listWit>')),
    s("sigla-fall-back-to-the-id", "ed:sigla(//tei:rdg)", ["fr"],
      para('<app><lem>a</lem><rdg wit="#fr">b</rdg></app>')),
    s("reading-kind-none-for-the-first", "//tei:choice/* ! (ed:reading-kind(.), '-')[1]", ["-", "corr"],
      para("<choice><sic>a</sic><corr>b</corr></choice>")),
    # ed:plain of readings and transcription marks
    s("plain-choice-source-first", "ed:plain(//tei:p)", "a tyop [typo] here",
      para("a <choice><corr>typo</corr><sic>tyop</sic></choice> here")),
    s("plain-app-omission", "ed:plain(//tei:p)", "a [x: om.] b",
      para('<app><lem>a</lem><rdg wit="#x"/></app> b')),
    s("plain-subst", "ed:plain(//tei:p)", "⟦old⟧\\new/", para("<subst><del>old</del><add>new</add></subst>")),
    s("plain-gap-description", "ed:plain(//tei:p)", "R[…]⟨illegible⟩kmo",
      para("R<gap><desc>illegible</desc></gap>kmo")),
    s("plain-cells-of-a-row", "ed:plain(//tei:table)", "a | b\nc | d",
      document("<table><row><cell>a</cell><cell>b</cell></row><row><cell>c</cell><cell>d</cell></row></table>")),
    s("plain-math-spaced", "ed:plain(//tei:formula)", "x = 2",
      para('<formula><math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi><mo>=</mo><mn>2</mn></math></formula>')),
    s("plain-name-parts-spaced", "ed:plain(//tei:persName)", "Nancy Ide",
      para("<persName><forename>Nancy</forename><surname>Ide</surname></persName>")),
    s("example-markup", "ed:example-markup(//*:egXML)", '<hi rend="b">a</hi> b',
      para('<egXML xmlns="http://www.tei-c.org/ns/Examples"><hi rend="b">a</hi> b</egXML>')),
    s("gap-text-content-rend", GAP_TEXT, "••", gap('rend="content:••"')),
    s("gap-text-style-rend-ignored", GAP_TEXT, "[…]", gap('rend="italic"')),
    # ed:is-phrase
    s("is-phrase", "(//tei:hi, //tei:speaker, //tei:closer/tei:persName, //tei:cell) ! ed:is-phrase(.)",
      [True, False, False, False],
      document("<p>a <hi>b</hi></p><sp><speaker>A</speaker><p>c</p></sp><closer><persName>N</persName>"
               "</closer><table><row><cell>d</cell></row></table>")),
    # ed:versions, ed:parts
    s("versions-anthology-is-one-version", "ed:versions(.) ! count(.//tei:p)", [2], ANTHOLOGY),
    s("parts-include-source-transcriptions", "ed:parts(.) ! local-name()", ["text", "sourceDoc"], SOURCE_DOC),
    s("version-label-source-transcription", "ed:version-label(tei:sourceDoc)", "Transcription of the source",
      SOURCE_DOC),
    # header rows
    s("title-prefers-the-article-title", "ed:title(.)", "A letter",
      document("<p/>", title="Letters").replace("</title></titleStmt>",
                                                 '</title><title level="a">A letter</title></titleStmt>')
      .replace("<title>Letters</title>", '<title level="s">Letters</title>')),
    s("metadata-author-and-editors", "(ed:metadata(.)[?key = ('author', 'editor')] ! ?values)",
      ["Mamroth, Fedor", "Müller, Martin", "Susen, Gerd"],
      header_rows(titles="<author>Mamroth, Fedor</author><editor><name>Müller, Martin</name>"
                         "<name>Susen, Gerd</name></editor>")),
    s("metadata-correspondence-actions",
      "ed:metadata(.)[?key = ('sent', 'received')] ! (?label || ': ' || ?values)",
      ["Sent: Mamroth, Fedor, Frankfurt, 2. 8. 1889", "Received: Schnitzler, Arthur, Wien"],
      header_rows(CORRESP)),
    s("metadata-participants-with-sex", ROW.format(key="participants"),
      ["Der Mann (male)", "Die Frauen (female)"],
      header_rows(CAST)),
    s("metadata-listed-persons-and-places", "ed:metadata(.)[?key = ('persons', 'places')] ! ?values",
      ["Arthur Schnitzler (15 May 1862–)", "Wien (48.2 16.4)"], header_rows(LISTED)),
    s("metadata-manuscript", "ed:metadata(.)[?key = ('archive', 'shelfmark', 'ms-contents', 'physical', "
      "'origin')] ! ?values", ["Cambridge, University Library", "Schnitzler, B 68", "A letter.", "1 leaf",
                               "sheet", "Frankfurt, 1889"], header_rows(source=MANUSCRIPT)),
    s("metadata-structured-citation", ROW.format(key="source"), ["Test.", "Ide, Nancy. Proceedings"],
      header_rows(source="<biblStruct><analytic><author>Ide, Nancy</author></analytic><monogr><title>"
                         "Proceedings</title></monogr></biblStruct>")),
    s("metadata-publication",
      "ed:metadata(.)[?key = ('pub-place', 'publication-date', 'identifier')] ! ?values",
      ["Vienna", "2023", "handle: 21.11115/0000"],
      header_rows(publication='<pubPlace>Vienna</pubPlace><date when="2023">2023</date>'
                              '<idno type="handle">21.11115/0000</idno>')),
]

EVALUATOR = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed" xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array" exclude-result-prefixes="#all">
  <xsl:import href="{common}"/>
  <xsl:output method="json" indent="no"/>
  <xsl:param name="call" as="xs:string"/>
  <xsl:template match="/">
    <xsl:variable name="result" as="item()*">
      <xsl:evaluate xpath="$call" context-item="/*"/>
    </xsl:variable>
    <xsl:sequence select="array {{ $result ! (if (. instance of node())
        then (@xml:id, normalize-space(.))[1] ! string(.) else .) }}"/>
  </xsl:template>
</xsl:stylesheet>
"""


@pytest.fixture(scope="session")
def evaluator(tmp_path_factory) -> Path:
    """A stylesheet importing common.xsl that evaluates a scenario's call."""
    path = tmp_path_factory.mktemp("xslt") / "evaluate.xsl"
    path.write_text(EVALUATOR.format(common=COMMON.as_uri()), encoding="utf-8")
    return path


def evaluate(evaluator: Path, context: str, call: str) -> list[Any]:
    out = stylesheets.transform(evaluator, etree.fromstring(context), {"call": call}, label="scenario")
    return json.loads(out)


@pytest.mark.parametrize("scenario", FUNCTIONS)
def test_common_function(evaluator, scenario: Scenario):
    expected = scenario.expect if isinstance(scenario.expect, list) else [scenario.expect]
    assert evaluate(evaluator, scenario.context, scenario.call) == expected


def test_call_function_passes_python_values_to_public_functions():
    """The Python entry point (pipeline.render.stylesheets.call_function) agrees."""
    gap = etree.fromstring(f'<gap xmlns="{TEI}" reason="lost" quantity="3" unit="chars"/>')
    assert stylesheets.call_function(COMMON, "gap-text", [gap]) == "□□□"
    assert stylesheets.call_function(COMMON, "language-rank", ["zh-Hans", ("en", "zh")]) == "2"
    assert stylesheets.call_function(COMMON, "format-date", ["1962-05"]) == "May 1962"


# --------------------------------------------------------------------------- marks per format


@dataclass(frozen=True)
class Mark:
    name: str
    inline: str
    reads: str  # in every format unless overridden below
    hidden: str | None = None  # plain text with page breaks hidden (default: as reads)
    lang: str = "en"


MARKS = [
    Mark("supplied", 'comrade <supplied reason="clarification">Andrei</supplied> Vyshinskiy',
         "comrade [Andrei] Vyshinskiy"),
    Mark("gap-omitted", 'the names; <gap reason="omitted"/> the rest', "the names; […] the rest"),
    Mark("gap-omitted-as-printed", 'the names; <gap reason="omitted" rend="[...]"/> the rest',
         "the names; [...] the rest"),
    Mark("gap-lost-counted", '拜访了中<gap reason="lost" quantity="1" unit="chars"/>人民共和'
         '<gap reason="lost" quantity="2" unit="chars"/>中央', "拜访了中□人民共和□□中央", lang="zh-Hans"),
    Mark("gap-lost-many", '中<gap reason="lost" quantity="30" unit="chars"/>央', "中[□ ×30]央",
         lang="zh-Hans"),
    Mark("gap-lost-unknown", '在友好和<gap reason="lost"/>切的交谈中', "在友好和[?]切的交谈中",
         lang="zh-Hans"),
    Mark("sic", "as well as <sic>Suo-fei-da</sic> of Yining", "as well as Suo-fei-da [sic] of Yining"),
    Mark("gloss-after-space", "arrived in Wulumuqi <gloss>Urumqi</gloss> on 21 May",
         "arrived in Wulumuqi [Urumqi] on 21 May"),
    Mark("gloss-without-space", "Stores in Yining<gloss>Gulja</gloss> were closed",
         "Stores in Yining [Gulja] were closed"),
    Mark("pb-spaced", "посмотреть метро, <pb/>съездить в колхозы", "посмотреть метро, // съездить в колхозы",
         hidden="посмотреть метро, съездить в колхозы", lang="ru"),
    Mark("pb-break-no", 'на материке Ки<pb break="no"/>тая разгромлены', "на материке Ки//тая разгромлены",
         hidden="на материке Китая разгромлены", lang="ru"),
    Mark("lb-break-no", 'на материке Ки<lb break="no"/>тая разгромлены', "на материке Китая разгромлены",
         lang="ru"),
    Mark("pb-then-word-split-by-lb", 'на материке <pb/>Ки<lb break="no"/>тая разгромлены',
         "на материке // Китая разгромлены", hidden="на материке Китая разгромлены", lang="ru"),
]
# Readings and transcription marks of other archives' TEI (common-text.xsl).
MARKS += [
    Mark("choice-sic-corr-source-first", "a <choice><corr>typo</corr><sic>tyop</sic></choice> here",
         "a tyop [typo] here"),
    Mark("choice-abbr-expan", "<choice><abbr>Dr</abbr><expan>Doctor</expan></choice> Who", "Dr (Doctor) Who"),
    Mark("choice-orig-reg", "in <choice><orig>vertue</orig><reg>virtue</reg></choice>", "in vertue [virtue]"),
    Mark("app-lemma-and-reading",
         'and <app><lem wit="#gp">butchery</lem> <rdg wit="#fr">bûchers</rdg></app>.',
         "and butchery [fr: bûchers]."),
    Mark("app-omission", 'a <app><lem>very</lem><rdg wit="#x"/></app> fine', "a very [x: om.] fine"),
    Mark("subst-del-add", "the <subst><del>old</del><add>new</add></subst> one", "the ⟦old⟧\\new/ one"),
    Mark("gap-description", 'R<gap reason="illegible"><desc>illegible</desc></gap>kmo',
         "R[…]⟨illegible⟩kmo"),
]
FORMATS = ("html", "print", "txt", "txt-hidden-page-breaks")


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def reading(renderer: Renderer, fmt: str, mark: Mark) -> str:
    """The text of the mark's paragraph as the format renders it."""
    tree = etree.fromstring(para(mark.inline, mark.lang))
    block = f"{mark.lang}-p1"
    if fmt.startswith("txt"):
        options = TxtOptions(show_page_breaks=fmt == "txt")
        text = renderer.txt(tree, "test", options)[mark.lang]
        return text.split("* * *\n\n", 1)[1].removesuffix("\n")
    page = (renderer.html(tree, "test", HtmlOptions()) if fmt == "html"
            else renderer.print_html(tree, "test", PrintOptions()))
    return " ".join(lxml.html.fromstring(page).get_element_by_id(block).text_content().split())


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("mark", [pytest.param(m, id=m.name) for m in MARKS])
def test_editorial_mark_reads_alike_in_every_format(renderer, mark: Mark, fmt: str):
    expected = mark.hidden if fmt == "txt-hidden-page-breaks" and mark.hidden else mark.reads
    assert reading(renderer, fmt, mark) == expected


# --------------------------------------------------------------------------- other archives' TEI, rendered


@dataclass(frozen=True)
class Shown:
    name: str
    tei: str
    xpath: str  # true of the screen page and of the print page


SHOWN = [
    Shown("unknown-inline-keeps-text-and-name", para("a <foo>strange</foo> word"),
          "//p[@id = 'en-p1']/span[@class = 'tei-unknown tei-foo'] = 'strange'"),
    Shown("unknown-block-is-a-div", document("<foo><bar>x</bar></foo>"),
          "//div[@class = 'tei-unknown tei-foo']/div[@class = 'tei-unknown tei-bar'] = 'x'"),
    Shown("other-namespace-keeps-text", para('a <x:y xmlns:x="urn:x">z</x:y>'),
          "//span[@class = 'tei-unknown tei-y'] = 'z'"),
    Shown("known-phrase-not-unknown", para('on <date when="1950">1950</date>'),
          "//span[@class = 'tei-date'] = '1950'"),
    Shown("egxml-as-escaped-markup",
          document('<egXML xmlns="http://www.tei-c.org/ns/Examples"><p>An <hi>example</hi></p></egXML>'),
          "//pre[@class = 'egXML']/code = '<p>An <hi>example</hi></p>'"),
    Shown("mathml-kept", para('<formula notation="MathML"><math xmlns="http://www.w3.org/1998/Math/MathML">'
                              "<mi>x</mi></math></formula>"),
          "//span[contains(@class, 'formula')]/*[local-name() = 'math'] = 'x'"),
    Shown("speech-speaker-stage",
          document("<sp><speaker>Prinz</speaker><stage>sitzt.</stage><p>Klagen!</p></sp>"),
          "//div[@class = 'sp']/div[@class = 'speaker'] = 'Prinz' "
          "and //div[@class = 'sp']/div[@class = 'stage'] = 'sitzt.'"),
    Shown("verse-lines", document('<lg><l n="1">One</l><l n="2">Two</l></lg>'),
          "count(//div[@class = 'lg']/div[@class = 'l'][@data-n]) = 2"),
    Shown("cast-list", document("<castList><head>Personen</head><castItem><role>Emilia</role>, "
                                "<roleDesc>Tochter</roleDesc></castItem></castList>"),
          "//div[@class = 'castList']/ul[@class = 'cast']/li[@class = 'castItem'] = 'Emilia, Tochter'"),
    Shown("table-caption-label-span", document('<table><head>T</head><row role="label"><cell>A</cell></row>'
                                               '<row><cell cols="2">b</cell></row></table>'),
          "//table[@class = 'table']/caption = 'T' and //th = 'A' and //td[@colspan = '2'] = 'b'"),
    Shown("figure-caption-description", document('<figure><graphic url="a.png"/><head>Map</head>'
                                                 "<figDesc>A map</figDesc></figure>"),
          "(//figure/img[@src = 'a.png'] or //figure/span[@class = 'graphic-ref'] = '[image: a.png]') "
          "and //figure/figcaption = 'Map' and //figure/*[@class = 'figDesc'] = 'A map'"),
    Shown("pointer-to-nowhere-is-no-link",
          para('see <ref target="#nowhere">there</ref> and <ref target="#en-p1">here</ref>'),
          "//span[. = 'there'] and not(//a[@href = '#nowhere']) and //a[@href = '#en-p1'] = 'here'"),
    Shown("truncated-embedded-image-is-named",
          para('<binaryObject mimeType="image/png">iVBORw0K\nGgo</binaryObject>'),
          "//span[@class = 'binaryObject'] = '[image/png]' and not(//img)"),
    Shown("paragraph-holding-blocks-is-a-div", para("see <list><item>a</item></list>"),
          "//div[@class = 'p'][@id = 'en-p1']/ul/li = 'a'"),
    Shown("anthology-one-version-two-texts", ANTHOLOGY,
          "count(//section[contains(@class, 'version')]) = 1 and count(//div[@class = 'text']) = 2"),
    Shown("source-transcription-after-the-text", SOURCE_DOC,
          "//section[contains(@class, 'sourceDoc')]//div[@class = 'line'] = 'Now in the name'"),
    Shown("header-correspondence", header_rows(CORRESP),
          "//div[contains(@class, 'row-sent')]/dd = 'Mamroth, Fedor, Frankfurt, 2. 8. 1889'"),
    Shown("header-participants", header_rows(CAST),
          "//div[contains(@class, 'row-participants')]/dd[1] = 'Der Mann (male)'"),
    Shown("header-manuscript", header_rows(source=MANUSCRIPT),
          "//div[contains(@class, 'row-ms-contents')]/dd = 'A letter.'"),
]


@pytest.mark.parametrize("fmt", ["html", "print"])
@pytest.mark.parametrize("shown", [pytest.param(x, id=x.name) for x in SHOWN])
def test_other_archives_tei_is_shown(renderer, shown: Shown, fmt: str):
    tree = etree.fromstring(shown.tei)
    out = (renderer.html(tree, "test", HtmlOptions()) if fmt == "html"
           else renderer.print_html(tree, "test", PrintOptions()))
    assert lxml.html.fromstring(out).xpath(f"boolean({shown.xpath})"), shown.xpath


PLAIN = [
    ("egxml", document('<egXML xmlns="http://www.tei-c.org/ns/Examples"><p>An <hi>example</hi></p></egXML>'),
     "\n\n<p>An <hi>example</hi></p>\n"),
    ("speech", document("<sp><speaker>Prinz</speaker><stage>sitzt.</stage><p>Klagen!</p></sp>"),
     "\n\nPrinz\nsitzt.\nKlagen!\n"),
    ("cast", document("<castList><castItem><role>Emilia</role>, <roleDesc>Tochter</roleDesc></castItem>"
                      "</castList>"), "\n\nEmilia, Tochter\n"),
    ("anthology", ANTHOLOGY, "\n\nFirst poem.\n\nSecond poem.\n"),
    ("source-transcription", SOURCE_DOC, "\n\nEdited.\n\nTranscription of the source\n\nNow in the name\n"),
    ("header-correspondence", header_rows(CORRESP), "\nSent: Mamroth, Fedor, Frankfurt, 2. 8. 1889\n"),
]


@pytest.mark.parametrize(("tei", "expected"), [pytest.param(t, e, id=n) for n, t, e in PLAIN])
def test_other_archives_tei_in_plain_text(renderer, tei: str, expected: str):
    text = "".join(renderer.txt(etree.fromstring(tei), "test", TxtOptions()).values())
    assert expected in text


def member(title: str, body: str, lang: str = "en") -> str:
    return (f'<TEI xml:lang="{lang}"><teiHeader><fileDesc><titleStmt><title>{title}</title></titleStmt>'
            "<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>"
            f'<text><body><div><p xml:id="p1">{body}<note xml:id="n1">A note.</note></p></div></body>'
            "</text></TEI>")


CORPUS = (f'<teiCorpus xmlns="{TEI}"><teiHeader><fileDesc><titleStmt><title>Letters</title>'
          "<author>An Editor</author></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/>"
          "</sourceDesc></fileDesc></teiHeader>"
          + member("First letter", "Dear friend,") + member("Second letter", "Lieber Freund,", "de")
          + "</teiCorpus>")


def ids_of(page: lxml.html.HtmlElement) -> list[str]:
    return page.xpath("//@id")


@pytest.mark.parametrize("fmt", ["html", "print"])
def test_corpus_is_one_page_header_then_each_member_with_unique_ids(renderer, fmt: str):
    tree = parse_xml(CORPUS.encode())  # the same xml:id in two members: not for etree.fromstring
    out = (renderer.html(tree, "letters", HtmlOptions()) if fmt == "html"
           else renderer.print_html(tree, "letters", PrintOptions()))
    page = lxml.html.fromstring(out)
    ids = ids_of(page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert page.xpath("string((//h1)[1])") == "Letters"
    assert page.xpath("//div[contains(@class, 'row-author')]/dd/text()") == ["An Editor"]
    members = page.xpath("//article[contains(@class, 'corpus-member') or contains(@class, 'document')]")
    assert [m.xpath("string(.//*[contains(@class, 'doc-title')])") for m in members] == ["First letter",
                                                                                      "Second letter"]
    assert page.get_element_by_id("d1.p1").text_content().startswith("Dear friend,")
    assert page.get_element_by_id("d2.p1").text_content().startswith("Lieber Freund,")
    assert "A note." in members[1].text_content()


def test_corpus_plain_text_has_a_file_per_language_with_its_documents(renderer):
    texts = renderer.txt(parse_xml(CORPUS.encode()), "letters", TxtOptions())
    assert list(texts) == ["en", "de"]
    assert texts["en"].startswith("Letters\n\nAuthor: An Editor\n")
    assert "= = =\n\nFirst letter\n" in texts["en"] and "Second letter" not in texts["en"]
    assert "Lieber Freund,[1]" in texts["de"] and "[1] A note." in texts["de"]


def test_version_languages_count_every_part_of_every_document():
    assert version_languages(parse_xml(CORPUS.encode())) == ["en", "de"]
    assert version_languages(etree.fromstring(SOURCE_DOC)) == ["en"]
    assert version_languages(etree.fromstring(ANTHOLOGY)) == ["en"]
    assert version_languages(etree.fromstring(VERSIONS)) == ["en", "zh-Hans", "ru"]


def test_text_split_into_versions_shows_what_stands_outside_them(renderer):
    tei = VERSIONS.replace("<text xml:lang=\"en\"><group>",
                           '<text xml:lang="en"><front><p>Editors\' preface.</p></front><group>')
    tree = etree.fromstring(tei)
    page = lxml.html.fromstring(renderer.html(tree, "test", HtmlOptions()))
    assert page.xpath("//section[contains(@class, 'version-frame')]//p/text()") == ["Editors' preface."]
    assert "Editors' preface." in renderer.txt(tree, "test", TxtOptions())["en"]
