"""What validation reports: one finding per problem, located and worded for an editor."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from lxml import etree

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@dataclass(frozen=True)
class Finding:
    """One problem in one file.

    Attributes:
        message: what is wrong, quoting the offending value.
        severity: ``error`` (the file is invalid) or ``warning`` (worth a look).
        rule: the rule id (``pointer-resolves`` …) or the layer's name for grammar
            findings (``grammar``, ``tei_all``, ``well-formed``).
        line: the line in the file, when known.
        xpath: where the element is, spelled with element names and ids.
    """

    message: str
    severity: str = "error"
    rule: str = "grammar"
    line: int | None = None
    xpath: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def element_path(element: etree._Element) -> str:
    """``/TEI/text/group/text[@xml:id='en-text']/body/div/p[@xml:id='en-p3']``."""
    steps = []
    for node in (element, *element.iterancestors()):
        name = etree.QName(node).localname
        node_id = node.get(XML_ID)
        if node_id:
            steps.append(f"{name}[@xml:id='{node_id}']")
        else:
            parent = node.getparent()
            same = [s for s in parent if s.tag == node.tag] if parent is not None else [node]
            steps.append(f"{name}[{same.index(node) + 1}]" if len(same) > 1 else name)
    return "/" + "/".join(reversed(steps))


def at(element: etree._Element, message: str, rule: str, severity: str = "error") -> Finding:
    """A finding located at ``element``."""
    return Finding(message=message, severity=severity, rule=rule, line=element.sourceline,
                   xpath=element_path(element))
