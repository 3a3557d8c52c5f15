"""A synthetic corpus for scale runs: N distinct documents varied from the sample corpus.

Every document starts from one of the samples (``tei/*.xml`` or ``sources/*.txt`` of the
repository, in turn) and gets a new record number (``wilson-<record>``) or, for a record
without one, a new date that no other variant of that sample has; a title variant
("… (copy 4817)"); every English date moved by the same number of days, so that the
header's dates, the title's date words and the datelines agree; the body's paragraphs
shuffled, some dropped and one sometimes repeated; small numbers of the running text
changed; and a line of archival reference with invented names, so that the vocabulary
grows with N as a real archive's does.

In TEI (``--as tei``, the default) a multi-version document keeps all its versions, or
drops one, or keeps one alone; paragraphs move together with their counterparts (the
paragraph alignment links say which), a repeated paragraph gets new ids and copies of
its paragraph and sentence links, and links to what was dropped go. Every document is
valid against the project's grammar and rules. As source texts (``--as sources``) the
files keep their export shape (markdown, plain, web page) and ``tei-edition ingest``
reads them.

Deterministic for a seed, and document i is the same whatever N (a run with N=100
writes the first 100 documents of N=1000).

Example:
    .venv/bin/python bench/synth.py --n 100 --out corpus-100 --as tei --seed 7
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import hashlib
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.encode.ids import slug, unique_id  # noqa: E402
from pipeline.ingest import ingest, read_source  # noqa: E402
from pipeline.validate.rules import POINTER_ATTRIBUTES  # noqa: E402
from pipeline.xmlio import TEI_NS, XML_NS, parse_xml, serialize  # noqa: E402

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
NS = {"tei": TEI_NS}
FIRST_DAY, LAST_DAY = dt.date(1945, 1, 1), dt.date(1991, 12, 31)
FIRST_RECORD, RECORD_SPAN, RECORD_STEP = 200_000, 800_000, 7_919  # STEP is prime: a bijection
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_MONTH = "|".join(MONTHS)
_MDY = re.compile(rf"\b(?P<month>{_MONTH})(?P<s1>\s+)(?P<day>\d{{1,2}})(?P<s2>,\s*)(?P<year>\d{{4}})\b",
                  re.IGNORECASE)
_DMY = re.compile(rf"\b(?P<day>\d{{1,2}})(?P<s1>\s+)(?P<month>{_MONTH})(?P<s2>\s+)(?P<year>\d{{4}})\b",
                  re.IGNORECASE)
_NEAR_MONTH = re.compile(rf"\b({_MONTH})\b", re.IGNORECASE)
_SMALL_NUMBER = re.compile(r"(?<![\w.,/-])\d{1,3}(?![\w/-]|[.,]\d)")
_SYLLABLES = ("ka", "ro", "lin", "zhe", "mo", "va", "shi", "do", "ne", "tu", "gor", "bai", "li", "an",
              "sen", "ya", "pu", "ter", "qi", "xu", "mar", "ov", "el", "dan")
_TITLE_KINDS = ("copy", "draft", "excerpt", "file copy", "second copy")
_SKIP_TEXT = {f"{T}date", f"{T}idno", f"{T}num"}  # their text is tied to an attribute
_DAMAGE = "damage-"


# --------------------------------------------------------------------------- shared pieces

def random_day(rng: random.Random) -> dt.date:
    """A day in the corpus's period (1945–1991)."""
    return FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def coined_name(rng: random.Random) -> str:
    """An invented proper name ("Karovin"), so that every document brings new words."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randrange(2, 5))).capitalize()


def archival_note(rng: random.Random) -> str:
    """A line of archival reference with new numbers and names ("f. 4817, op. 23, …")."""
    return (f"f. {rng.randrange(10**4)}, op. {rng.randrange(100)}, d. {rng.randrange(10**3)}, "
            f"{coined_name(rng)} {coined_name(rng)}")


def title_variant(title: str, rng: random.Random) -> str:
    """The title with a variant mark after it ("… (copy 4817)"); no date, so the date the
    title names stays the one its date rule checks."""
    return f"{title} ({rng.choice(_TITLE_KINDS)} {rng.randrange(1, 10**4)})"


def shift_dates(text: str, days: int) -> str:
    """Every English date with a year in ``text`` ("January 18, 1952", "24 December 1951",
    "1 JANUARY 1950") moved by ``days``, written as it was (case, zero padding)."""
    return _DMY.sub(lambda m: _shifted(m, days, dmy=True), _MDY.sub(lambda m: _shifted(m, days), text))


def _shifted(match: re.Match, days: int, *, dmy: bool = False) -> str:
    month_text, day_text = match["month"], match["day"]
    try:
        old = dt.date(int(match["year"]), MONTHS.index(month_text.capitalize()) + 1, int(day_text))
    except ValueError:
        return match.group(0)
    new = old + dt.timedelta(days=days)
    month = MONTHS[new.month - 1]
    month = month.upper() if month_text.isupper() else month
    day = f"{new.day:02d}" if day_text.startswith("0") else str(new.day)
    if dmy:
        return f"{day}{match['s1']}{month}{match['s2']}{new.year}"
    return f"{month}{match['s1']}{day}{match['s2']}{new.year}"


def vary_numbers(text: str, rng: random.Random, share: float = 0.5) -> str:
    """Small numbers of running text (not years, not a date's day) changed at random."""
    def change(match: re.Match) -> str:
        around = text[max(0, match.start() - 12):match.end() + 12]
        if rng.random() >= share or _NEAR_MONTH.search(around):
            return match.group(0)
        digits = len(match.group(0))
        return str(rng.randrange(10 ** (digits - 1) if digits > 1 else 1, 10**digits))
    return _SMALL_NUMBER.sub(change, text)


# --------------------------------------------------------------------------- the plan

@dataclass(frozen=True)
class Variant:
    """What makes document ``index`` differ from its sample."""

    index: int
    sample: int
    days: int  # every date moves by this many days
    record: str  # the new record number (used where the sample has one)
    seed: str  # of the document's own random choices


def plan(n: int, days_of_samples: list[dt.date], seed: int = 7) -> list[Variant]:
    """N variants, the samples in turn; each variant of a sample gets a day of its own."""
    rng = random.Random(seed)
    taken: list[set[dt.date]] = [set() for _ in days_of_samples]
    variants = []
    for i in range(n):
        k = i % len(days_of_samples)
        day = random_day(rng)
        while day in taken[k]:
            day = random_day(rng)
        taken[k].add(day)
        record = str(FIRST_RECORD + (i * RECORD_STEP) % RECORD_SPAN)
        variants.append(Variant(i, k, (day - days_of_samples[k]).days, record, f"{seed}:{i}"))
    return variants


def _choose(items: list, rng: random.Random, keep: float = 0.8) -> list[tuple[object, int]]:
    """Items kept (each with probability ``keep``, at least one), shuffled, and sometimes
    one repeated: ``(item, repeat)`` with repeat 0 for the original, 1 for the repeat."""
    kept = [item for item in items if rng.random() < keep] or [rng.choice(items)]
    rng.shuffle(kept)
    chosen = [(item, 0) for item in kept]
    if rng.random() < 0.3:
        chosen.insert(rng.randrange(len(chosen) + 1), (rng.choice(kept), 1))
    return chosen


# --------------------------------------------------------------------------- TEI

def tei_samples(folder: Path = ROOT / "tei") -> list[etree._ElementTree]:
    """The sample TEI documents, parsed."""
    return [parse_xml(p) for p in sorted(folder.glob("*.xml"))]


def synth_tei(n: int, seed: int = 7, samples: list[etree._ElementTree] | None = None,
              ) -> Iterator[tuple[str, etree._ElementTree]]:
    """N TEI documents ``(id, tree)`` varied from the samples (see the module's doc)."""
    samples = samples or tei_samples()
    days = [dt.date.fromisoformat(_document_date(s.getroot()).get("when")) for s in samples]
    taken: set[str] = set()
    for variant in plan(n, days, seed):
        tree = vary_tei(samples[variant.sample], variant)
        doc_id = unique_id(tree.getroot().get(XML_ID), taken)
        taken.add(doc_id)
        tree.getroot().set(XML_ID, doc_id)
        yield doc_id, tree


def vary_tei(sample: etree._ElementTree, variant: Variant) -> etree._ElementTree:
    """One variant of a sample TEI document (the sample is not changed)."""
    rng = random.Random(variant.seed)
    root = copy.deepcopy(sample.getroot())
    _redate(root, variant.days)
    title = _retitle(root, rng)
    record = _rerecord(root, variant.record)
    root.set(XML_ID, f"wilson-{record}" if record else
             f"doc-{_document_date(root).get('when')}-{slug(title)}")
    _drop_versions(root, rng)
    _prune_links(root)
    _recombine(root, rng)
    _prune_links(root)
    _prune_pointers(root)
    _vary_body(root, rng)
    return etree.ElementTree(root)


def _document_date(root: etree._Element) -> etree._Element:
    return root.xpath("tei:teiHeader/tei:profileDesc/tei:creation/tei:date[@type='document']",
                      namespaces=NS)[0]


def _header(root: etree._Element) -> etree._Element:
    return root.find(f"{T}teiHeader")


def _map_text(element: etree._Element, func, skip: set[str] = frozenset()) -> None:
    """``func`` applied to every text node under ``element`` (not inside ``skip`` tags)."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag not in skip:
            if child.text:
                child.text = func(child.text)
            _map_text(child, func, skip)
        if child.tail:
            child.tail = func(child.tail)


def _redate(root: etree._Element, days: int) -> None:
    """Every full date moved by ``days``: @when (not the upload's) and the date words of
    header and text, so that they keep agreeing."""
    for date in root.iter(f"{T}date"):
        when = date.get("when") or ""
        if date.get("type") != "uploaded" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", when):
            date.set("when", (dt.date.fromisoformat(when) + dt.timedelta(days=days)).isoformat())
    _map_text(_header(root), lambda s: shift_dates(s, days), {f"{T}revisionDesc"})
    _map_text(root.find(f"{T}text"), lambda s: shift_dates(s, days))


def _retitle(root: etree._Element, rng: random.Random) -> str:
    """The title replaced by a variant wherever the header repeats it; returns it."""
    old = "".join(root.find(f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}title").itertext())
    new = title_variant(old, rng)
    _map_text(_header(root), lambda s: s.replace(old, new), {f"{T}revisionDesc"})
    return new


def _rerecord(root: etree._Element, record: str) -> str | None:
    """The sample's record number replaced by ``record`` in the header; None without one."""
    found = root.xpath("tei:teiHeader//tei:idno[@type='record']", namespaces=NS)
    if not found:
        return None
    old = re.compile(rf"\b{re.escape(found[0].text.strip())}\b")
    _map_text(_header(root), lambda s: old.sub(record, s), {f"{T}revisionDesc"})
    return record


# ----------------------------------------------------------------- TEI: versions

def _versions(root: etree._Element) -> list[etree._Element]:
    return root.xpath("tei:text/tei:group/tei:text[tei:body][@xml:lang]", namespaces=NS)


def _drop_versions(root: etree._Element, rng: random.Random) -> None:
    """Keep every version (half the time), drop one, or keep one alone."""
    versions = _versions(root)
    roll = rng.random()
    if len(versions) < 2 or roll < 0.5:
        return
    keep = 1 if roll > 0.8 or len(versions) == 2 else len(versions) - 1
    kept = set(rng.sample(range(len(versions)), keep))
    for i, version in enumerate(versions):
        if i not in kept:
            _forget_language(root, version.get(XML_LANG))
            version.getparent().remove(version)
    if keep == 1:
        _single_text(root)


def _forget_language(root: etree._Element, lang: str) -> None:
    """A dropped version's language leaves langUsage and its damage note editorialDecl."""
    header = _header(root)
    for language in header.iterfind(f".//{T}langUsage/{T}language"):
        if language.get("ident") == lang and lang != root.get(XML_LANG):
            language.getparent().remove(language)
    for p in header.iterfind(f".//{T}editorialDecl/{T}p"):
        if p.get(XML_ID) == f"{_DAMAGE}{lang}":
            p.getparent().remove(p)


def _single_text(root: etree._Element) -> None:
    """``text/group/text`` with one version left becomes a plain ``text``, without links."""
    outer = root.find(f"{T}text")
    inner = _versions(root)[0]
    for name in (XML_LANG, "type"):
        if inner.get(name):
            outer.set(name, inner.get(name))
    outer.remove(outer.find(f"{T}group"))
    outer.extend(list(inner))
    stand_off = root.find(f"{T}standOff")
    if stand_off is not None:
        root.remove(stand_off)


# ----------------------------------------------------------------- TEI: paragraphs

def _recombine(root: etree._Element, rng: random.Random) -> None:
    """Paragraphs shuffled, dropped and repeated inside each version."""
    if _versions(root):
        _recombine_aligned(root, rng)
        return
    for div in root.xpath("tei:text/tei:body/tei:div", namespaces=NS):
        paragraphs = [c for c in div if c.tag == f"{T}p" and c.get(XML_ID)]
        if paragraphs:
            _reorder(div, paragraphs, [_copy_ids(p, f"-c{repeat}")[0] if repeat else p
                                       for p, repeat in _choose(paragraphs, rng)])


def _reorder(parent: etree._Element, old: list[etree._Element], new: list[etree._Element]) -> None:
    """``old`` children replaced by ``new`` at the place of the first of them."""
    at = parent.index(old[0])
    for element in old:
        parent.remove(element)
    for offset, element in enumerate(new):
        parent.insert(at + offset, element)


def _copy_ids(element: etree._Element, suffix: str) -> tuple[etree._Element, dict[str, str]]:
    """A deep copy with every xml:id given ``suffix``; returns it and old → new ids."""
    twin = copy.deepcopy(element)
    renamed = {}
    for e in twin.iter():
        if isinstance(e.tag, str) and e.get(XML_ID):
            renamed[e.get(XML_ID)] = e.get(XML_ID) + suffix
            e.set(XML_ID, renamed[e.get(XML_ID)])
    return twin, renamed


def _recombine_aligned(root: etree._Element, rng: random.Random) -> None:
    """Beads (paragraph links whose units are all paragraphs) move together in every
    version; a repeated bead gets new ids and copies of its links."""
    ids = {e.get(XML_ID): e for e in root.iter() if isinstance(e.tag, str) and e.get(XML_ID)}
    beads = [link for link in root.xpath("//tei:linkGrp[@subtype='paragraph']/tei:link", namespaces=NS)
             if _movable_bead(link, ids)]
    if not beads:
        return
    chosen = _choose(beads, rng)
    for version in _versions(root):
        for div in version.iterfind(f"{T}body/{T}div"):
            old = [e for e in div if any(e is ids.get(t) for b in beads for t in _targets(b))]
            if old:
                _reorder(div, old, [e for bead, repeat in chosen for e in _bead_in(div, bead, ids, repeat)])
    for bead, repeat in chosen:
        if repeat:
            _copy_links(root, bead, ids, f"-c{repeat}")
    _sort_links(root)


def _targets(link: etree._Element) -> list[str]:
    return [t[1:] for t in (link.get("target") or "").split() if t.startswith("#")]


def _movable_bead(link: etree._Element, ids: dict[str, etree._Element]) -> bool:
    units = [ids.get(t) for t in _targets(link)]
    return all(u is not None and u.tag == f"{T}p" and u.getparent().tag == f"{T}div" for u in units)


def _bead_in(div: etree._Element, bead: etree._Element, ids: dict[str, etree._Element],
             repeat: int) -> list[etree._Element]:
    units = [ids[t] for t in _targets(bead) if ids[t].getparent() is div]
    return [_copy_ids(u, f"-c{repeat}")[0] if repeat else u for u in units]


def _copy_links(root: etree._Element, bead: etree._Element, ids: dict[str, etree._Element],
                suffix: str) -> None:
    """Copies of the links inside a repeated bead, pointing at the repeated units."""
    inside = {e.get(XML_ID) for t in _targets(bead) for e in ids[t].iter()
              if isinstance(e.tag, str) and e.get(XML_ID)}
    for link in list(root.iter(f"{T}link")):
        targets = _targets(link)
        if targets and set(targets) <= inside:
            twin = copy.deepcopy(link)
            twin.set("target", " ".join(f"#{t}{suffix}" for t in targets))
            link.getparent().append(twin)


def _sort_links(root: etree._Element) -> None:
    """The links of each linkGrp in the order of their first targets in the text, as the
    aligner writes them."""
    position = {e.get(XML_ID): k for k, e in enumerate(root.iter()) if isinstance(e.tag, str)}
    for group in root.iter(f"{T}linkGrp"):
        group[:] = sorted(group, key=lambda link: min(position.get(t, 0) for t in _targets(link)))


def _prune_links(root: etree._Element) -> None:
    """Links lose targets that are gone; an alignment link that no longer joins two
    versions goes, and so does a linkGrp or standOff left empty."""
    lang_of = {}
    for e in root.iter():
        if isinstance(e.tag, str) and e.get(XML_ID):
            lang_of[e.get(XML_ID)] = next((a.get(XML_LANG) for a in e.iterancestors(f"{T}text")
                                           if a.get(XML_LANG)), None)
    for link in list(root.iter(f"{T}link")):
        targets = [t for t in _targets(link) if t in lang_of]
        alignment = link.getparent().get("type") == "alignment"
        if len({lang_of[t] for t in targets} if alignment else targets) < 2:
            link.getparent().remove(link)
        else:
            link.set("target", " ".join(f"#{t}" for t in targets))
    for tag in (f"{T}linkGrp", f"{T}standOff"):
        for element in list(root.iter(tag)):
            if len(element) == 0:
                element.getparent().remove(element)


def _prune_pointers(root: etree._Element) -> None:
    """Local pointers (#id) to elements that are gone are removed (an emptied attribute too)."""
    ids = {e.get(XML_ID) for e in root.iter() if isinstance(e.tag, str) and e.get(XML_ID)}
    for e in root.iter():
        for name in POINTER_ATTRIBUTES if isinstance(e.tag, str) else ():
            value = e.get(name)
            if value is None:
                continue
            kept = [t for t in value.split() if not t.startswith("#") or t[1:] in ids]
            if kept:
                e.set(name, " ".join(kept))
            else:
                del e.attrib[name]


def _vary_body(root: etree._Element, rng: random.Random) -> None:
    """Small numbers changed in every version, and an archival line added to the last
    paragraph of the first one (inside its last sentence, where it has sentences)."""
    text = root.find(f"{T}text")
    _map_text(text, lambda s: vary_numbers(s, rng), _SKIP_TEXT)
    paragraphs = text.xpath(".//tei:body//tei:p", namespaces=NS)
    if not paragraphs:
        return
    last = paragraphs[-1]
    sentences = last.findall(f"{T}s")
    target = sentences[-1] if sentences else last
    note = f" Filed with {archival_note(rng)}."
    if len(target):
        target[-1].tail = (target[-1].tail or "") + note
    else:
        target.text = (target.text or "") + note


# --------------------------------------------------------------------------- sources

@dataclass(frozen=True)
class SourceSample:
    """A sample source text with what its ingest found."""

    name: str
    text: str
    title: str
    date: dt.date
    record: str | None
    metadata_text: str  # summary, citation, rights …: paragraphs that are not the body


def source_samples(folder: Path = ROOT / "sources") -> list[SourceSample]:
    """The sample source texts, read and ingested once."""
    samples = []
    for path in sorted(folder.glob("*.txt")):
        source = read_source(path)
        meta = ingest(source).metadata
        fields = (meta.summary, meta.citation, meta.rights, meta.source_note, *meta.credits)
        samples.append(SourceSample(path.name, source.text, meta.title, dt.date.fromisoformat(meta.date),
                                    meta.record_id, _words(" ".join(f for f in fields if f))))
    return samples


def synth_sources(n: int, seed: int = 7, samples: list[SourceSample] | None = None,
                  ) -> Iterator[tuple[str, str]]:
    """N source texts ``(file name, text)`` varied from the samples, in their shapes."""
    samples = samples or source_samples()
    for variant in plan(n, [s.date for s in samples], seed):
        text = vary_source(samples[variant.sample], variant)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        yield f"{variant.index:06d}_{digest}.txt", text


def vary_source(sample: SourceSample, variant: Variant) -> str:
    """One variant of a sample source text, in the sample's export shape."""
    rng = random.Random(variant.seed)
    text = shift_dates(sample.text, variant.days)
    if sample.record:
        text = re.sub(rf"\b{re.escape(sample.record)}\b", variant.record, text)
    title = shift_dates(sample.title, variant.days)
    pattern = r"\s+".join(re.escape(w) for w in title.split())
    new_title = title_variant(title, rng)
    text = re.sub(pattern, lambda _: new_title, text)
    return _recombine_source(text, sample.metadata_text, rng)


def _words(text: str) -> str:
    return " ".join(text.split())


def _recombine_source(text: str, metadata_text: str, rng: random.Random) -> str:
    """Body paragraphs (one-line prose blocks) shuffled, dropped or repeated among the
    places of paragraphs of the same script; numbers varied; an archival line added."""
    parts = re.split(r"(\n[ \t\u00a0]*\n)", text)  # blocks at even indexes, separators between
    places: dict[str, list[int]] = {}
    for i in range(0, len(parts), 2):
        if _is_body_prose(parts[i], metadata_text):
            places.setdefault(_script(parts[i]), []).append(i)
    for where in places.values():
        chosen = [parts[i] for i, _ in _choose(where, rng)]
        chosen = [vary_numbers(p, rng) for p in chosen]
        _refill(parts, where, chosen)
    latin = places.get("Latin")
    if latin:
        last = max(i for i in latin if parts[i] is not None)
        parts[last] = parts[last].rstrip() + f" Filed with {archival_note(rng)}."
    return "".join(_joined(parts))


def _is_body_prose(block: str, metadata_text: str) -> bool:
    line = block.strip()
    return (len(line) >= 60 and "\n" not in line and line[-1] in ".!?。”\"»"
            and not line.startswith(("*", "#", "-", "•", "<", "[", ">", "\"", "“"))
            and _words(line)[:50] not in metadata_text)


def _script(block: str) -> str:
    counts = {"Han": len(re.findall(r"[\u4e00-\u9fff]", block)),
              "Cyrillic": len(re.findall(r"[\u0400-\u04ff]", block)),
              "Latin": len(re.findall(r"[A-Za-z]", block))}
    return max(counts, key=counts.get)


def _refill(parts: list[str | None], places: list[int], blocks: list[str]) -> None:
    """The blocks at ``places`` replaced by ``blocks``: extra ones join the last place,
    places left over are emptied (None, removed with their separator)."""
    for k, i in enumerate(places):
        parts[i] = blocks[k] if k < len(blocks) else None
    if len(blocks) > len(places):
        separator = "\n\n"
        parts[places[-1]] = separator.join([parts[places[-1]], *blocks[len(places):]])


def _joined(parts: list[str | None]) -> Iterator[str]:
    """Blocks and separators, without the emptied blocks and the separator after each."""
    skip_separator = False
    for i, part in enumerate(parts):
        if i % 2 == 0:
            skip_separator = part is None
            if part is not None:
                yield part
        elif not skip_separator:
            yield part


# --------------------------------------------------------------------------- files

def write_corpus(n: int, out: Path, *, seed: int = 7, kind: str = "tei") -> list[Path]:
    """Write N documents into ``out`` (``<id>.xml`` for TEI, ``<nnnnnn>_<hash>.txt`` for
    sources) and return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if kind == "tei":
        for doc_id, tree in synth_tei(n, seed):
            written.append(out / f"{doc_id}.xml")
            written[-1].write_bytes(serialize(tree))
    elif kind == "sources":
        for name, text in synth_sources(n, seed):
            written.append(out / name)
            written[-1].write_text(text, encoding="utf-8")
    else:
        raise ValueError(f"unknown kind {kind!r} (tei or sources)")
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100, help="how many documents (default 100)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write them into")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--as", dest="kind", choices=("tei", "sources"), default="tei",
                        help="TEI files (default) or source texts for tei-edition ingest")
    args = parser.parse_args(argv)
    written = write_corpus(args.n, args.out, seed=args.seed, kind=args.kind)
    print(f"wrote {len(written)} {args.kind} files to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
