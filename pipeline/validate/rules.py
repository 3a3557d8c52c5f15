"""Rules with ids: what the grammar cannot say, in the spirit of FRUS's Schematron.

Each rule has a stable id, a severity (``error`` makes a file invalid, ``warning`` does
not) and a one-line message that quotes the offending value. Rules are plain Python
over the lxml tree: no Schematron engine for XSLT 2 is packaged for this Python, and
Python keeps the messages in the editor's words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from ..ingest.fields import find_title_date
from ..xmlio import TEI_NS, XML_NS
from .findings import XML_ID, Finding, at

XML_LANG = f"{{{XML_NS}}}lang"
NS = {"tei": TEI_NS}
POINTER_ATTRIBUTES = ("corresp", "target", "ref", "scheme", "resp")
DATE_ATTRIBUTES = ("when", "notBefore", "notAfter", "from", "to")
_ISO = re.compile(r"^-?\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$")
# The blocks alignment links cover (DESIGN.md: "every alignable block").
ALIGNABLE = ("head", "p", "ab", "opener", "closer", "postscript")


@dataclass(frozen=True)
class Rule:
    """A check with a stable id."""

    id: str
    severity: str
    description: str
    check: Callable[[Document], Iterator[Finding]]


class Document:
    """A parsed TEI document with the indexes the rules share (built once)."""

    def __init__(self, tree: etree._ElementTree):
        self.root = tree.getroot()
        self.elements = [e for e in self.root.iter() if isinstance(e.tag, str)]
        self.ids: dict[str, list[etree._Element]] = {}
        for element in self.elements:
            value = element.get(XML_ID)
            if value is not None:
                self.ids.setdefault(value, []).append(element)

    def xpath(self, path: str) -> list:
        return self.root.xpath(path, namespaces=NS)


RULES: list[Rule] = []


def rule(rule_id: str, severity: str, description: str):
    """Register a rule function under a stable id."""
    def register(func: Callable[[Document], Iterator[Finding]]):
        RULES.append(Rule(rule_id, severity, description, func))
        return func
    return register


def run_rules(tree: etree._ElementTree, only: Iterable[str] | None = None) -> list[Finding]:
    """Every rule's findings on one document (or those of the rules ``only`` names), in
    file order."""
    doc = Document(tree)
    wanted = None if only is None else set(only)
    findings = [f for r in RULES if wanted is None or r.id in wanted for f in r.check(doc)]
    return sorted(findings, key=lambda f: (f.line or 0, f.rule))


def _local(element: etree._Element | None) -> str:
    """The element's local name; "" for no element (the root's parent), a comment or a PI."""
    if element is None or not isinstance(element.tag, str):
        return ""
    return etree.QName(element).localname


# --------------------------------------------------------------------------- identity

@rule("id-unique", "error", "Every xml:id is used once in the file.")
def _ids_unique(doc: Document) -> Iterator[Finding]:
    for value, elements in doc.ids.items():
        for element in elements[1:]:
            yield at(element, f"xml:id \"{value}\" is used {len(elements)} times "
                              f"(first at line {elements[0].sourceline}): ids must be unique",
                     "id-unique")


@rule("pointer-resolves", "error",
      "Every local pointer (#id) in @corresp, @target, @ref, @scheme and @resp names an "
      "element of the file; URLs are not checked.")
def _pointers_resolve(doc: Document) -> Iterator[Finding]:
    for element in doc.elements:
        for name in POINTER_ATTRIBUTES:
            for token in (element.get(name) or "").split():
                if token.startswith("#") and token[1:] not in doc.ids:
                    yield at(element, f"{_local(element)}/@{name} points to \"{token}\", but no "
                                      f"element has xml:id \"{token[1:]}\"", "pointer-resolves")


# --------------------------------------------------------------------------- dates

@rule("date-iso", "error", "Date attributes (@when, @notBefore, @notAfter, @from, @to) are ISO 8601.")
def _dates_iso(doc: Document) -> Iterator[Finding]:
    for element in doc.elements:
        for name in DATE_ATTRIBUTES:
            value = element.get(name)
            if value is not None and not _ISO.match(value.strip()):
                yield at(element, f"{_local(element)}/@{name} must be an ISO date like 1950-01-01 "
                                  f"(or 1950, 1950-01); found \"{value}\"", "date-iso")


@rule("date-title", "error",
      "A date the title names agrees with creation/date[@type='event'] (or, without one, "
      "[@type='document']).")
def _date_agrees_with_title(doc: Document) -> Iterator[Finding]:
    titles = doc.xpath("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title")
    if not titles:
        return
    title = " ".join("".join(t.itertext()) for t in titles)
    named = find_title_date(title)  # (what the ingest takes the event date from)
    if named is None:
        return
    creation = doc.xpath("tei:teiHeader/tei:profileDesc/tei:creation")
    dates = (doc.xpath("tei:teiHeader/tei:profileDesc/tei:creation/tei:date[@type='event']")
             or doc.xpath("tei:teiHeader/tei:profileDesc/tei:creation/tei:date[@type='document']"))
    if not dates:
        where = creation[0] if creation else titles[0]
        yield at(where, f"the title names {named[0]} but creation has no date[@type='event'] "
                        f"or [@type='document'] with @when=\"{named[1]}\"", "date-title")
        return
    when = dates[0].get("when")
    if when and when[:10] != named[1]:
        kind = dates[0].get("type")
        yield at(dates[0], f"the title names {named[0]} ({named[1]}) but "
                           f"creation/date[@type='{kind}']/@when is \"{when}\"", "date-title")


# --------------------------------------------------------------------------- languages

@rule("lang-declared", "error", "The language of each version is declared in profileDesc/langUsage.")
def _languages_declared(doc: Document) -> Iterator[Finding]:
    declared = {e.get("ident") for e in doc.xpath("//tei:langUsage/tei:language")}
    for text in doc.xpath("tei:text | tei:text/tei:group//tei:text"):
        lang = text.get(XML_LANG)
        if lang and lang not in declared:
            known = ", ".join(sorted(d for d in declared if d)) or "none"
            yield at(text, f"text/@xml:lang \"{lang}\" is not declared in "
                           f"profileDesc/langUsage (declared: {known})", "lang-declared")


# --------------------------------------------------------------------------- the record

@rule("record-id", "warning",
      "An archive document names its record: idno[@type='record'] or idno[@type='URI'].")
def _record_named(doc: Document) -> Iterator[Finding]:
    archival = doc.xpath("tei:teiHeader/tei:fileDesc/tei:sourceDesc/*[self::tei:bibl or self::tei:msDesc]")
    named = doc.xpath("tei:teiHeader//tei:idno[@type='record' or @type='URI']")
    if archival and not named:
        yield at(archival[0], "neither idno[@type='record'] nor idno[@type='URI'] is given: readers "
                              "cannot find the archive's record (fine if the source shows none)",
                 "record-id", "warning")


# --------------------------------------------------------------------------- damage

@rule("gap-damage", "error",
      "Every gap[@reason='lost'] points (@corresp) to the editorialDecl paragraph "
      "damage-{lang} of its version's language.")
def _lost_gaps_described(doc: Document) -> Iterator[Finding]:
    for gap in doc.xpath("//tei:gap[contains(concat(' ', normalize-space(@reason), ' '), ' lost ')]"):
        lang = next((a.get(XML_LANG) for a in gap.iterancestors() if a.get(XML_LANG)), None)
        expected = f"#damage-{lang}"
        corresp = (gap.get("corresp") or "").split()
        target = doc.ids.get(expected[1:], [])
        if expected not in corresp:
            found = f"@corresp=\"{gap.get('corresp')}\"" if gap.get("corresp") else "no @corresp"
            yield at(gap, f"gap with reason lost (in a {lang} text) must point to {expected}; "
                          f"found {found}", "gap-damage")
        elif not target or _local(target[0].getparent()) != "editorialDecl":
            yield at(gap, f"gap points to {expected}, which must be a p of "
                          f"encodingDesc/editorialDecl describing the damage", "gap-damage")


# --------------------------------------------------------------------------- alignment

@rule("link-targets", "error", "Every link has at least two targets (TEI's own constraint).")
def _links_have_two_targets(doc: Document) -> Iterator[Finding]:
    for link in doc.xpath("//tei:link"):
        targets = (link.get("target") or "").split()
        if len(targets) < 2:
            yield at(link, f"link/@target needs at least two pointers; found \"{link.get('target')}\"",
                     "link-targets")


@rule("alignment-cover", "error",
      "Within one alignment linkGrp every block (paragraph level) or sentence (sentence "
      "level) of each version is linked at most once; unlinked ones are reported.")
def _alignment_covers(doc: Document) -> Iterator[Finding]:
    for group in doc.xpath("//tei:linkGrp[@type='alignment']"):
        level = group.get("subtype") or "paragraph"
        units = _alignable_units(doc, level)
        counts: Counter[str] = Counter()
        for link in group.xpath("tei:link", namespaces=NS):
            for token in (link.get("target") or "").split():
                if token.startswith("#"):
                    counts[token[1:]] += 1
        for unit_id, n in counts.items():
            if n > 1:
                yield at(group, f"{level} \"{unit_id}\" is linked {n} times in this linkGrp: each "
                                f"unit belongs to one bead", "alignment-cover")
        for lang, ids in units.items():
            missing = [i for i in ids if counts[i] == 0]
            if missing:
                shown = ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
                yield at(group, f"{len(missing)} of {len(ids)} {level} units of the {lang} version "
                                f"are not aligned: {shown}", "alignment-cover", "warning")


def _alignable_units(doc: Document, level: str) -> dict[str, list[str]]:
    """Ids of the units a linkGrp of this level should cover, per version language."""
    units: dict[str, list[str]] = {}
    for text in doc.xpath("tei:text[tei:body] | tei:text/tei:group//tei:text[tei:body]"):
        lang = text.get(XML_LANG) or "und"
        if level == "sentence":
            found = text.xpath(".//tei:s[@xml:id]", namespaces=NS)
        else:
            blocks = " or ".join(f"self::tei:{name}" for name in ALIGNABLE)
            found = text.xpath(f"tei:body//tei:div/*[@xml:id][{blocks}] | "
                               "tei:body//tei:div/tei:list/tei:item[@xml:id]", namespaces=NS)
        units[lang] = [e.get(XML_ID) for e in found]
    return units
