"""Reading and writing XML safely and reproducibly.

Every XML input goes through :func:`parse_xml`: no network, no external entities, no
DTD loading, no entity expansion. Output goes through :func:`serialize` so that two
runs on the same input give the same bytes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from lxml import etree

from .errors import OutputError, Problem, XMLInputError, write_problem

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"tei": TEI_NS}


class _Refused(Exception):
    """The parser was asked to load an external resource (a DTD or an entity)."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class _ExternalResolver(etree.Resolver):
    """Refuses every external resource the parser asks for.

    libxml2 loads an external DTD subset and external parameter entities even with
    ``load_dtd=False`` (a ``<!ENTITY % p SYSTEM "file:…"> %p;`` in the internal subset
    is read); only ``no_network`` stops URLs. So every load comes here: by default it
    stops the parse; with ``record`` it is listed and replaced by nothing.
    """

    def __init__(self, record: list[str] | None = None):
        super().__init__()
        self.record = record

    def resolve(self, url, pubid, context):
        if self.record is None:
            raise _Refused(url or pubid or "")
        self.record.append(url or pubid or "")
        return self.resolve_string("", context)


def hardened_parser(remove_blank_text: bool = False, *,
                    refused: list[str] | None = None) -> etree.XMLParser:
    """A parser that reads nothing but the bytes it is given.

    Args:
        remove_blank_text: drop whitespace-only text between elements.
        refused: when given, an external DTD or entity the document asks for is listed
            here and left out; otherwise asking for one fails the parse.
    """
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        collect_ids=False,  # duplicate xml:id is a validation finding (id-unique), not a parse error
        remove_blank_text=remove_blank_text,
    )
    parser.resolvers.add(_ExternalResolver(refused))
    return parser


def parse_xml(source: bytes | str | os.PathLike, name: str | None = None, *,
              refused: list[str] | None = None) -> etree._ElementTree:
    """Parse XML from bytes or a file path with the hardened parser.

    Args:
        source: the XML bytes, or the path of a file.
        name: how to name the input in messages (defaults to the path).
        refused: see :func:`hardened_parser`; without it, a document that asks for an
            external DTD or entity is refused.

    A DOCTYPE is tolerated but never loaded, and entities are never expanded.

    Raises:
        XMLInputError: not well-formed, or refused (external resources, an entity bomb).
    """
    if isinstance(source, bytes):
        data, label = source, name or "<bytes>"
    else:
        label = name or str(source)
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise XMLInputError(label, [f"cannot read the file: {exc.strerror or exc}"]) from exc
    parser = hardened_parser(refused=refused)
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except _Refused as exc:
        raise XMLInputError(label, [
            f"refused: the document asks to load {exc.url or 'an external resource'} (an external "
            "DTD or entity); external resources are never loaded, as they can read local files "
            "or reach the network"]) from None
    except etree.XMLSyntaxError as exc:
        raise XMLInputError(label, _syntax_problems(exc, parser.error_log)) from exc
    external = _external_entities(tree)
    if external and refused is None:
        raise XMLInputError(label, [
            f"refused: the DOCTYPE declares the external entity {name} ({url}); external "
            "entities are never loaded, as they can read local files or reach the network"
            for name, url in external])
    return tree


def _external_entities(tree: etree._ElementTree) -> list[tuple[str, str]]:
    """(name, system id) of each entity the internal DTD subset declares as external."""
    dtd = tree.docinfo.internalDTD
    if dtd is None:
        return []
    return [(e.name, e.system_url) for e in dtd.iterentities() if e.system_url]


# libxml2's words for its safety limits → what they mean for the editor ({} takes the
# number libxml2 names, if any). Without "huge" mode (never used: it also lifts the guards
# against entity bombs) a text node, attribute value, CDATA section or processing
# instruction holds at most 10,000,000 bytes, a name 50,000 characters, and elements
# nest at most 256 deep.
_LIMIT_MESSAGES = (
    ("amplification", "refused: the document's entities expand to far more text than the "
                      "document holds (an entity expansion bomb)"),
    ("Excessive depth", "refused: elements are nested deeper than {} levels, the most the XML "
                        "parser allows (a hostile or broken file)"),
    ("Detected an entity reference loop", "refused: an entity refers to itself"),
    ("Text node too long", "refused: a text node is longer than 10,000,000 bytes, the most the "
                           "XML parser allows (split the text, or it is a hostile or broken file)"),
    ("Buffer size limit exceeded", "refused: an attribute value, CDATA section or processing "
                                   "instruction is longer than 10,000,000 bytes, the most the XML "
                                   "parser allows"),
    ("Comment too big", "refused: a comment is longer than 10,000,000 bytes, the most the XML "
                        "parser allows"),
    ("Name too long", "refused: an element or attribute name is longer than 50,000 characters, "
                      "the most the XML parser allows"),
)


def _plain(message: str) -> str:
    """libxml2's message in an editor's words when it names one of its limits."""
    for key, plain in _LIMIT_MESSAGES:
        if key in message:
            number = re.search(r"\d+", message.partition(key)[2])
            return plain.format(number.group() if number else 256)
    return message


def _syntax_problems(exc: etree.XMLSyntaxError, log) -> list[Problem]:
    problems = []
    for entry in log:
        message = _plain(entry.message)
        if problems and message == problems[-1].message:
            continue  # a limit is often reported twice for one place
        problems.append(Problem(message, line=entry.line, column=entry.column))
    if not problems:
        line, column = exc.position if exc.position else (None, None)
        problems.append(Problem(_plain(str(exc.msg or exc)), line=line, column=column))
    return problems


def serialize(tree: etree._ElementTree | etree._Element) -> bytes:
    """UTF-8 bytes with an XML declaration and a final newline."""
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    return data if data.endswith(b"\n") else data + b"\n"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, renamed
    over ``path`` once complete: a reader never sees half a file, and neither does the
    next run after a crash or a full disk.

    Raises:
        OutputError: the folder cannot take the file (full, read-only, no permission),
            with what to do about it.
    """
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            tmp.write_bytes(data)
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
    except OSError as exc:
        raise OutputError(str(path), [write_problem(exc)]) from exc
