"""Importing other archives' TEI: hardened parsing, classification, tei_all, a faithful copy.

Other archives' files are untrusted. Each is parsed with the hardened parser (no
network, no DTD, no external entities; an external resource the file asks for is
recorded, never loaded) and then:

1. classified (:func:`classify`): a TEI P5 document, a teiCorpus, TEI P4 or older, TEI
   in the wrong namespace, or not TEI;
2. refused when it declares entities or asks for an external DTD or entity (a hostile
   file can read local files, reach the network or expand to gigabytes that way);
3. with ``xinclude``, its XIncludes expanded, only from files under the input folder;
4. validated against TEI's tei_all (never the project's profile: DESIGN.md), with the
   validation layer's messages;
5. copied into the edition's ``tei/imported/`` as ``<stem>.xml``, byte for byte unless
   ``normalise`` (or XIncludes were expanded, which changes the file by definition).

TEI P5 documents and teiCorpus files are accepted even when they fail tei_all (many
archives validate against their own customisation); the report says so. Everything
else is rejected with what the file is and what to do.

Example::

    run = import_paths([Path("frus/")], Path("tei/imported"), config)
    for record in run.files:
        print(record.path, record.status, record.details["class"])
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from ..encode import ncname
from ..errors import OutputError, XMLInputError
from ..xmlio import TEI_NS, parse_xml, write_atomic

__all__ = ["IMPORT_SUFFIXES", "KINDS", "ImportOptions", "Inspection", "classify", "expand_xincludes",
           "find_import_files", "import_paths", "inspect_bytes"]

IMPORT_SUFFIXES = (".xml", ".tei")
XI_NS = "http://www.w3.org/2001/XInclude"
RECORD = ".imports.json"

# class → what it is, for the report (the classes DESIGN.md and the import issue name).
KINDS = {
    "tei": "TEI P5 document",
    "teiCorpus": "TEI P5 corpus (teiCorpus)",
    "tei-p4": "TEI P4 or older (TEI.2 without namespace)",
    "wrong-namespace": "TEI in the wrong namespace",
    "not-tei": "not TEI",
    "unreadable": "not readable as XML",
}
ACCEPTED = ("tei", "teiCorpus")
_ADVICE = {
    "tei-p4": "convert it to P5 first (e.g. with TEI Stylesheets' p4top5.xsl), then import the result",
    "wrong-namespace": 'its elements must be in the TEI namespace: add xmlns="http://www.tei-c.org/ns/1.0" '
                       "to the root element, then import it again",
    "not-tei": "only TEI documents (<TEI>) and corpora (<teiCorpus>) are imported",
}

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    """Progress sink that says nothing."""


@dataclass(frozen=True)
class ImportOptions:
    """How files are brought in.

    Attributes:
        xinclude: expand XIncludes (local files under the input folder only).
        normalise: write the parsed document (UTF-8, XML declaration, no DOCTYPE)
            instead of the original bytes.
        tei_all: validate against tei_all (≈10 s to load once).
        max_errors: validation errors quoted per file in the report.
    """

    xinclude: bool = False
    normalise: bool = False
    tei_all: bool = True
    max_errors: int = 5


@dataclass(frozen=True)
class Inspection:
    """What one file is, and whether and as what bytes it can be imported.

    Attributes:
        kind: a key of :data:`KINDS`.
        accepted: a TEI P5 document or teiCorpus that was not refused.
        valid: the tei_all verdict (None when not checked: not TEI, refused, unreadable).
        errors: why it was refused or rejected, or its first tei_all errors.
        warnings: what the editor should know (invalid, XIncludes left, DOCTYPE dropped).
        data: the bytes to write when accepted.
    """

    kind: str
    accepted: bool
    valid: bool | None = None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    title: str | None = None
    languages: tuple[str, ...] = ()
    size: int = 0
    data: bytes = field(default=b"", repr=False)

    def details(self) -> dict:
        """The report's per-file facts (JSON-ready)."""
        out = {"class": self.kind, "class_name": KINDS[self.kind], "size": self.size,
               "valid_tei_all": self.valid, "languages": list(self.languages)}
        if self.title:
            out["title"] = self.title
        return out


# --------------------------------------------------------------------------- classify

def classify(root: etree._Element) -> tuple[str, str]:
    """The class of a document from its root element, and a sentence saying why."""
    qname = etree.QName(root)
    local, ns = qname.localname, qname.namespace
    if ns == TEI_NS and local in ("TEI", "teiCorpus"):
        return ("tei" if local == "TEI" else "teiCorpus"), f"root <{local}> in the TEI namespace"
    if local.lower() in ("tei.2", "teicorpus.2"):
        return "tei-p4", f"root <{local}> (TEI P4 or older)"
    if local in ("TEI", "teiCorpus"):
        where = f"namespace {ns}" if ns else "no namespace"
        return "wrong-namespace", f"root <{local}> in {where}, not the TEI namespace"
    if ns == TEI_NS:
        return "not-tei", f"root <{local}> is a TEI element but not a document (<TEI> or <teiCorpus>)"
    where = f" (namespace {ns})" if ns else ""
    return "not-tei", f"root <{local}>{where}"


# --------------------------------------------------------------------------- XInclude

class _IncludeRefused(Exception):
    """An XInclude that must not be followed, with the reason."""


class _IncludeMissing(_IncludeRefused):
    """An XInclude of a file that is not there (its ``xi:fallback`` is used, if any)."""


def expand_xincludes(tree: etree._ElementTree, file: Path, allowed: Path, *, depth: int = 0) -> int:
    """Replace each ``xi:include`` by what it points to; returns how many were expanded.

    Only local files under ``allowed`` are read (relative ``href``, or ``file:`` URLs),
    each with the hardened parser; ``parse="text"`` includes text. A bare-name
    ``xpointer`` (an ``xml:id``) selects one element. Anything else is refused.

    Raises:
        XMLInputError: an include points outside the folder, to a URL, to a missing file
            (without ``xi:fallback``), or loops.
    """
    count = 0
    for include in list(tree.iter(f"{{{XI_NS}}}include")):
        try:
            nodes = _included(include, file, allowed, depth)
        except _IncludeRefused as exc:
            fallback = include.find(f"{{{XI_NS}}}fallback")
            if fallback is None or not isinstance(exc, _IncludeMissing):
                verdict = "cannot include" if isinstance(exc, _IncludeMissing) else "refused: XInclude"
                raise XMLInputError(str(file), [f"{verdict} {exc}"]) from None
            nodes = [_copy(n) for n in fallback]
            if fallback.text:
                nodes.insert(0, fallback.text)
        _replace(include, nodes)
        count += 1
    return count


def _included(include: etree._Element, file: Path, allowed: Path, depth: int) -> list:
    href = include.get("href", "")
    if depth > 10:
        raise _IncludeRefused(f"includes nested more than 10 deep at {href!r} (a loop?)")
    target = _local_target(href, file, allowed)
    if include.get("parse", "xml") == "text":
        return [target.read_text(encoding=include.get("encoding") or "utf-8")]
    sub = parse_xml(target, name=str(target))
    expand_xincludes(sub, target, allowed, depth=depth + 1)
    pointer = include.get("xpointer")
    if pointer is None:
        return [_copy(sub.getroot())]
    name = re.fullmatch(r"(?:element\()?([\w.-]+)\)?", pointer)
    found = sub.xpath("//*[@xml:id = $id]", id=name.group(1)) if name else []
    if not found:
        raise _IncludeMissing(f"xpointer {pointer!r} of {href!r} selects nothing "
                              "(only an xml:id is understood)")
    return [_copy(found[0])]


def _local_target(href: str, file: Path, allowed: Path) -> Path:
    """The file an ``href`` names, when it is a local file under ``allowed``."""
    if not href:
        raise _IncludeRefused("an include without href (a reference to its own document) is not supported")
    parts = urlsplit(href)
    if parts.scheme and parts.scheme != "file" and len(parts.scheme) > 1:
        raise _IncludeRefused(f"{href!r} is a URL; only local files are included, never the network")
    path = Path(unquote(parts.path))
    target = (path if path.is_absolute() else file.parent / path).resolve()
    if not target.is_relative_to(allowed.resolve()):
        raise _IncludeRefused(f"{href!r} is outside the input folder {allowed.name}/; "
                              "only files under the folder being imported are included")
    if not target.is_file():
        raise _IncludeMissing(f"{href!r}: no such file")
    return target


def _copy(node: etree._Element) -> etree._Element:
    copy = deepcopy(node)  # not a re-parse, which refuses duplicate ids
    copy.tail = None
    return copy


def _replace(include: etree._Element, nodes: list) -> None:
    """Put ``nodes`` (elements or strings) where ``include`` stands, keeping its tail."""
    parent = include.getparent()
    if parent is None:
        raise XMLInputError(None, ["an XInclude cannot be the root element"])
    previous = include.getprevious()

    def add_text(text: str) -> None:
        nonlocal previous
        if previous is None:
            parent.text = (parent.text or "") + text
        else:
            previous.tail = (previous.tail or "") + text

    tail = include.tail or ""
    index = parent.index(include)
    parent.remove(include)
    for node in nodes:
        if isinstance(node, str):
            add_text(node)
        else:
            parent.insert(index, node)
            index += 1
            previous = node
    add_text(tail)


# --------------------------------------------------------------------------- inspect

def inspect_bytes(data: bytes, label: str, *, file: Path | None = None, allowed: Path | None = None,
                  options: ImportOptions = ImportOptions()) -> Inspection:
    """Look at one file's bytes: class, refusals, XIncludes, tei_all, the bytes to write.

    Args:
        data: the file's bytes.
        label: how to name the file in messages.
        file, allowed: the file's path and the folder XIncludes must stay in (needed
            only with ``options.xinclude``).
    """
    refused: list[str] = []
    try:
        tree = parse_xml(data, name=label, refused=refused)
    except XMLInputError as exc:
        return Inspection("unreadable", False, errors=tuple(exc.details()), size=len(data))
    root = tree.getroot()
    kind, why = classify(root)
    facts = {"title": _title(root), "languages": _languages(root), "size": len(data)}
    if kind not in ACCEPTED:
        return Inspection(kind, False, errors=(f"{label}: {KINDS[kind]}: {why}; {_ADVICE[kind]}",), **facts)
    problems = _hostile(tree, refused, label, options)
    if problems:
        return Inspection(kind, False, errors=tuple(problems), **facts)
    warnings: list[str] = []
    changed = options.normalise
    includes = sum(1 for _ in root.iter(f"{{{XI_NS}}}include"))
    if includes and options.xinclude and file is not None:
        try:
            expand_xincludes(tree, file, allowed or file.parent)
        except XMLInputError as exc:
            reasons = tuple(f"{label}: {r.message}" for r in exc.reasons)
            return Inspection(kind, False, errors=reasons, **facts)
        warnings.append(f"{includes} XInclude(s) expanded; the imported file holds the "
                        "expanded document, not the original bytes")
        changed = True
    elif includes:
        warnings.append(f"holds {includes} XInclude(s), not expanded; give --xinclude to "
                        "include files under the input folder")
    valid, errors = _tei_all(tree, label, options)
    if valid is False:
        warnings.append(f"not valid against tei_all (first: {errors[0].split(': ', 1)[-1]}); "
                        "imported as it is")
    out = _normalised(tree) if changed else data
    return Inspection(kind, True, valid=valid, errors=tuple(errors), warnings=tuple(warnings), data=out,
                      **facts)


def _hostile(tree: etree._ElementTree, refused: list[str], label: str, options: ImportOptions) -> list[str]:
    """Why the file must not be imported: entity declarations or external resources.

    An external DTD alone (an old ``<!DOCTYPE TEI SYSTEM "tei_all.dtd">``) is harmless
    once dropped, so ``normalise`` lets it through without its DOCTYPE.
    """
    dtd_url = tree.docinfo.system_url
    problems = [f"{label}: refused: asks to load {url} (an external entity); external resources are "
                "never loaded, as they can read local files or reach the network"
                for url in dict.fromkeys(refused) if url and not _is_dtd(dtd_url, url)]
    dtd = tree.docinfo.internalDTD
    names = [entity.name for entity in dtd.iterentities()] if dtd is not None else []
    if names:
        problems.append(f"{label}: refused: the DOCTYPE declares entities ({', '.join(names[:5])}); "
                        "entity declarations from other archives are not accepted (they can read "
                        "local files, reach the network or expand to gigabytes)")
    used = sorted({e.name for e in tree.iter(etree.Entity)})
    if used and not names:
        problems.append(f"{label}: refused: uses entities no DTD here defines ({', '.join(used[:5])})")
    if dtd_url and not problems and not options.normalise:
        problems.append(f"{label}: refused: refers to the external DTD {dtd_url}, which is never "
                        "loaded; give --normalise to import it without the DOCTYPE")
    return problems


def _is_dtd(system_url: str | None, url: str) -> bool:
    """Whether a refused load was the document's external DTD subset."""
    return bool(system_url) and url.endswith(system_url.rsplit("/", 1)[-1])


def _tei_all(tree: etree._ElementTree, label: str, options: ImportOptions) -> tuple[bool | None, list[str]]:
    """The tei_all verdict and the first messages (DESIGN.md: imported files are checked
    against tei_all only, never the project's profile and rules)."""
    if not options.tei_all:
        return None, []
    from ..validate import validate_tree

    report = validate_tree(tree, label, profile=False, rules=False, tei_all=True)
    lines = [f"{label}{':' + str(f.line) if f.line else ''}: {f.message}"
             + (f" (at {f.xpath})" if f.xpath else "") for f in report.errors]
    return report.valid, lines[:options.max_errors]


def _normalised(tree: etree._ElementTree) -> bytes:
    """The document as UTF-8 with an XML declaration, without DOCTYPE; comments and
    processing instructions around the root kept."""
    root = tree.getroot()
    before = list(reversed(list(root.itersiblings(preceding=True))))
    after = list(root.itersiblings())
    parts = [b'<?xml version="1.0" encoding="UTF-8"?>\n']
    parts += [etree.tostring(n, encoding="UTF-8", with_tail=False) + b"\n" for n in before]
    parts.append(etree.tostring(root, encoding="UTF-8", with_tail=False) + b"\n")
    parts += [etree.tostring(n, encoding="UTF-8", with_tail=False) + b"\n" for n in after]
    return b"".join(parts)


def _title(root: etree._Element) -> str | None:
    titles = root.xpath("*[local-name()='teiHeader']/*[local-name()='fileDesc']"
                        "/*[local-name()='titleStmt']/*[local-name()='title']")
    text = " ".join(" ".join(titles[0].itertext()).split()) if titles else ""
    return text or None


def _languages(root: etree._Element) -> tuple[str, ...]:
    declared = root.xpath("*[local-name()='teiHeader']//*[local-name()='langUsage']"
                          "/*[local-name()='language']/@ident")
    used = root.xpath("(*[local-name()='text'] | *[local-name()='TEI']/*[local-name()='text'])"
                      "/descendant-or-self::*/@xml:lang")
    return tuple(dict.fromkeys(str(v) for v in [*declared, *used] if str(v).strip()))[:20]


# --------------------------------------------------------------------------- files

def find_import_files(paths: Iterable[Path]) -> list[tuple[Path, Path]]:
    """(file, folder its XIncludes may reach) for each file named or under a named folder.

    Folders are searched recursively for ``*.xml`` and ``*.tei``; hidden files and
    folders are skipped. A file named directly may reach its own folder.
    """
    found: list[tuple[Path, Path]] = []
    for path in paths:
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                rel = file.relative_to(path).parts
                if (file.is_file() and file.suffix.lower() in IMPORT_SUFFIXES
                        and not any(p.startswith(".") for p in rel)):
                    found.append((file, path))
        else:
            found.append((path, path.parent))
    return found


class _Record:
    """``TEI_DIR/.imports.json``: for each imported file, the name it came under and its hash.

    Re-importing a file of the same name replaces the earlier copy; a different file
    with the same stem gets ``-2``, ``-3`` ….
    """

    def __init__(self, tei_dir: Path):
        self.path = tei_dir / RECORD
        try:
            self.files: dict[str, dict[str, str]] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.files = {}

    def target(self, tei_dir: Path, source: Path, taken: set[str]) -> Path:
        stem = ncname(source.stem)
        for n in range(1, 1000):
            name = f"{stem}.xml" if n == 1 else f"{stem}-{n}.xml"
            if name in taken:
                continue
            known = self.files.get(name)
            if not (tei_dir / name).exists() or (known and known.get("source") == source.name):
                return tei_dir / name
        raise OutputError(str(tei_dir), [f"no free name for {source.name}"])

    def save(self, name: str, source: Path, data: bytes) -> None:
        self.files[name] = {"source": source.name, "sha256": hashlib.sha256(data).hexdigest()}
        write_atomic(self.path, (json.dumps(self.files, indent=2, sort_keys=True) + "\n").encode())


def import_paths(paths: Iterable[Path], tei_dir: Path, *, options: ImportOptions = ImportOptions(),
                 reserved: Iterable[str] = (), display: Callable[[Path], str] = str,
                 progress: Progress = _quiet, max_size: int | None = None):
    """Import every file named or under a named folder into ``tei_dir``.

    Args:
        max_size: refuse a file larger than this many bytes, before reading it
            (:mod:`pipeline.limits`).
        reserved: document ids already used by the edition (its own ``tei/`` files), which
            an imported file's name must not take.
        display: how to name a path in messages and the report.

    Returns:
        A :class:`pipeline.corpus.RunReport` (``import``): per file the status
        (imported, unchanged, rejected, refused, failed) and the facts of :class:`Inspection`.
    """
    from ..corpus import FileReport, RunReport
    from ..limits import LimitError, check_size

    started = time.monotonic()
    run = RunReport("import")
    record = _Record(tei_dir)
    taken = {f"{r}.xml" for r in reserved}
    for file, allowed in find_import_files(paths):
        label = display(file)
        try:
            check_size(file, label, max_size)
            data = file.read_bytes()
        except LimitError as exc:
            run.files.append(FileReport(path=label, status="refused",
                                        problems=(f"{label}: refused: {exc.reasons[0].message}",)))
            progress(f"{'refused':>10}  {label}")
            continue
        except OSError as exc:
            run.files.append(FileReport(path=label, status="failed",
                                        problems=(f"{label}: cannot read the file: {exc.strerror or exc}",)))
            continue
        seen = inspect_bytes(data, label, file=file, allowed=allowed, options=options)
        run.files.append(_import_one(seen, file, label, tei_dir, record, taken, display))
        progress(f"{run.files[-1].status:>10}  {label} ({KINDS[seen.kind]})")
    run.seconds = time.monotonic() - started
    return run


def _import_one(seen: Inspection, file: Path, label: str, tei_dir: Path, record: _Record,
                taken: set[str], display: Callable[[Path], str]):
    from ..corpus import FileReport

    if not seen.accepted:
        if any(": refused:" in e for e in seen.errors):
            status = "refused"
        else:
            status = "failed" if seen.kind == "unreadable" else "rejected"
        return FileReport(path=label, status=status, problems=seen.errors, details=seen.details())
    target = record.target(tei_dir, file, taken)
    taken.add(target.name)
    unchanged = target.is_file() and target.read_bytes() == seen.data
    if not unchanged:
        try:
            write_atomic(target, seen.data)
            record.save(target.name, file, seen.data)
        except OutputError as exc:  # named as the user named the folder
            raise OutputError(display(target), exc.reasons) from exc
    details = {**seen.details(), "tei_all_errors": list(seen.errors)}
    return FileReport(path=label, status="unchanged" if unchanged else "imported", id=target.stem,
                      outputs=(display(target),), warnings=seen.warnings, details=details)

