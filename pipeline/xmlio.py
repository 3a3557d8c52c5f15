"""Reading and writing XML safely and reproducibly.

Every XML input goes through :func:`parse_xml`: no network, no external entities, no
DTD loading, no entity expansion. Output goes through :func:`serialize` so that two
runs on the same input give the same bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from .errors import Problem, XMLInputError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"tei": TEI_NS}


def hardened_parser(remove_blank_text: bool = False) -> etree.XMLParser:
    """A parser that reads nothing but the bytes it is given."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        collect_ids=False,  # duplicate xml:id is a validation finding (id-unique), not a parse error
        remove_blank_text=remove_blank_text,
    )


def parse_xml(source: bytes | str | os.PathLike, name: str | None = None) -> etree._ElementTree:
    """Parse XML from bytes or a file path with the hardened parser.

    Args:
        source: the XML bytes, or the path of a file.
        name: how to name the input in messages (defaults to the path).

    A DOCTYPE is tolerated but never loaded, and entities are never expanded.

    Raises:
        XMLInputError: not well-formed.
    """
    if isinstance(source, bytes):
        data, label = source, name or "<bytes>"
    else:
        label = name or str(source)
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise XMLInputError(label, [f"cannot read the file: {exc.strerror or exc}"]) from exc
    parser = hardened_parser()
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        raise XMLInputError(label, _syntax_problems(exc, parser.error_log)) from exc
    return tree


def _syntax_problems(exc: etree.XMLSyntaxError, log) -> list[Problem]:
    problems = []
    for entry in log:
        problems.append(Problem(entry.message, line=entry.line, column=entry.column))
    if not problems:
        line, column = exc.position if exc.position else (None, None)
        problems.append(Problem(str(exc.msg or exc), line=line, column=column))
    return problems


def serialize(tree: etree._ElementTree | etree._Element) -> bytes:
    """UTF-8 bytes with an XML declaration and a final newline."""
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    return data if data.endswith(b"\n") else data + b"\n"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
