"""Validation of TEI files, in layers.

1. well-formed, read with the hardened parser;
2. (the project's grammar: arrives with the validation issue);
3. (rules with ids: same);
4. conformance with TEI's own tei_all 4.8.0 (RELAX NG), shipped unchanged in
   ``schema/tei_all/``.

Each problem names the file, the line, the XPath of the element and what was wrong.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import EditionError, Problem, XMLInputError
from ..resources import resource_dir
from ..xmlio import parse_xml

__all__ = ["Report", "tei_all_schema", "validate_file", "validate_tree"]


@dataclass(frozen=True)
class Report:
    """The outcome of validating one file.

    Attributes:
        path: the file as the user named it.
        valid: True when no layer found a problem.
        problems: every problem found, with line and XPath.
        layers: the layers that ran (``well-formed``, ``tei_all``).
    """

    path: str
    valid: bool
    problems: tuple[Problem, ...]
    layers: tuple[str, ...]

    def lines(self) -> list[str]:
        """One message per problem: ``file:line: message (at XPath)``."""
        out = []
        for problem in self.problems:
            where = f":{problem.line}" if problem.line else ""
            at = f" (at {problem.xpath})" if problem.xpath else ""
            out.append(f"{self.path}{where}: {problem.message}{at}")
        return out

    def as_dict(self) -> dict:
        return {"path": self.path, "valid": self.valid, "layers": list(self.layers),
                "problems": [p.__dict__ for p in self.problems]}


@functools.cache
def tei_all_schema() -> etree.RelaxNG:
    """TEI P5 4.8.0 tei_all as a compiled RELAX NG (loaded once per process: ~10 s)."""
    path = resource_dir("schema") / "tei_all" / "tei_all.rng"
    try:
        return etree.RelaxNG(etree.parse(str(path), _schema_parser()))
    except (OSError, etree.XMLSyntaxError, etree.RelaxNGParseError) as exc:
        raise EditionError(str(path), [f"cannot load the tei_all schema: {exc}"]) from exc


def _schema_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def validate_tree(tree: etree._ElementTree, name: str, *, tei_all: bool = True) -> Report:
    """Validate a parsed TEI tree.

    Args:
        tree: the document.
        name: how to name it in messages.
        tei_all: check conformance with tei_all.
    """
    problems: list[Problem] = []
    layers = ["well-formed"]
    if tei_all:
        layers.append("tei_all")
        schema = tei_all_schema()
        if not schema.validate(tree):
            problems.extend(_relaxng_problems(schema.error_log, tree))
    return Report(path=name, valid=not problems, problems=tuple(problems), layers=tuple(layers))


def validate_file(path: Path, *, name: str | None = None, tei_all: bool = True) -> Report:
    """Validate a TEI file; a file that cannot be parsed gives a report, not an exception.

    Raises:
        EditionError: the schema itself could not be loaded.
    """
    label = name or str(path)
    try:
        tree = parse_xml(path, name=label)
    except XMLInputError as exc:
        return Report(path=label, valid=False, problems=exc.reasons, layers=("well-formed",))
    return validate_tree(tree, label, tei_all=tei_all)


def _relaxng_problems(log, tree: etree._ElementTree) -> list[Problem]:
    """lxml's RELAX NG log in an editor's words, one problem per element, in file order."""
    seen = set()
    problems = []
    for entry in log:
        key = (entry.line, entry.path)
        if key in seen:
            continue  # libxml2 repeats one fault at each enclosing element
        seen.add(key)
        problems.append(Problem(_plain_message(entry.message), line=entry.line or None,
                                xpath=_named_path(tree, entry.path)))
    return problems


_MESSAGES = [
    (re.compile(r"^Did not expect element (\S+) there$"), r"element <\1> is not allowed here"),
    (re.compile(r"^Expecting element (\S+), got (\S+)$"), r"expected element <\1> here, found <\2>"),
    (re.compile(r"^Element (\S+) has extra content: (\S+)$"),
     r"<\1> holds <\2> where the schema does not allow it"),
    (re.compile(r"^Invalid attribute (\S+) for element (\S+)$"),
     r"attribute @\1 is not allowed on <\2>"),
    (re.compile(r"^Element (\S+) failed to validate attributes$"),
     r"an attribute of <\1> has a value the schema does not allow"),
    (re.compile(r"^Element (\S+) failed to validate content$"),
     r"the content of <\1> does not fit the schema"),
    (re.compile(r"^Expecting an element (\S+), got nothing$"), r"element <\1> is missing here"),
    (re.compile(r"^Type (\S+) doesn't allow value '(.*)'$"), r"'\2' is not a valid \1"),
]


def _plain_message(message: str) -> str:
    """libxml2's RELAX NG wording, made readable for an editor."""
    for pattern, replacement in _MESSAGES:
        if pattern.match(message):
            return pattern.sub(replacement, message) + " (TEI P5 tei_all)"
    return f"{message} (TEI P5 tei_all)"


def _named_path(tree: etree._ElementTree, path: str | None) -> str | None:
    """lxml's positional path (``/*/*[2]/*``) spelled with element names and ids."""
    if not path:
        return None
    try:
        found = tree.xpath(path)
    except etree.XPathError:
        return path
    if not found or not isinstance(found[0], etree._Element):
        return path
    steps = []
    for node in (found[0], *found[0].iterancestors()):
        name = etree.QName(node).localname
        node_id = node.get("{http://www.w3.org/XML/1998/namespace}id")
        steps.append(f"{name}[@xml:id='{node_id}']" if node_id else name)
    return "/" + "/".join(reversed(steps))
