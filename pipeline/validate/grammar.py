"""Grammars: the project's TEI profile (default), TEI's tei_all, or any RELAX NG given.

Each grammar is compiled once per process: the profile in milliseconds, tei_all in about
ten seconds (which is why it is opt-in on the command line).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from lxml import etree

from ..errors import EditionError
from ..resources import resource_dir
from .findings import Finding, element_path

PROFILE = "tei-edition.rng"


def profile_path() -> Path:
    """The project's grammar, ``schema/tei-edition.rng``."""
    return resource_dir("schema") / PROFILE


def tei_all_path() -> Path:
    """TEI P5 4.8.0 tei_all, shipped unchanged in ``schema/tei_all/``."""
    return resource_dir("schema") / "tei_all" / "tei_all.rng"


@functools.cache
def compiled(path: Path) -> etree.RelaxNG:
    """A RELAX NG grammar (XML syntax), compiled once per process.

    Raises:
        EditionError: the file is missing or is not a usable RELAX NG grammar.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.RelaxNG(etree.parse(str(path), parser))
    except OSError as exc:
        raise EditionError(str(path), [f"cannot read the schema: {exc}"]) from exc
    except (etree.XMLSyntaxError, etree.RelaxNGParseError) as exc:
        raise EditionError(str(path), [f"not a RELAX NG grammar (XML syntax): {exc}"]) from exc


_RNG = "http://relaxng.org/ns/structure/1.0"


@functools.cache
def precise(path: Path) -> etree.RelaxNG:
    """The same grammar with attribute-only ``interleave`` written as a plain group.

    The two accept the same documents. The interleaved form validates much faster in
    libxml2, but when it fails it only says "Invalid sequence in interleave"; the group
    form names the attribute. So a document is checked with the fast form, and only a
    failing one again with this one, for the messages.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    tree = etree.parse(str(path), parser)
    unwrapped = 0
    for interleave in tree.iter(f"{{{_RNG}}}interleave"):
        children = [c for c in interleave if isinstance(c.tag, str)]
        if children and all(_attribute_pattern(c) for c in children):
            interleave.tag = f"{{{_RNG}}}group"
            unwrapped += 1
    return etree.RelaxNG(tree) if unwrapped else compiled(path)


def _attribute_pattern(node: etree._Element) -> bool:
    local = etree.QName(node).localname
    if local == "attribute":
        return True
    if local == "optional":
        return all(_attribute_pattern(c) for c in node if isinstance(c.tag, str))
    return local == "ref" and node.get("name", "").startswith("a.")


def check(tree: etree._ElementTree, path: Path, layer: str) -> list[Finding]:
    """Validate ``tree`` against the grammar at ``path``; findings name ``layer``."""
    if compiled(path).validate(tree):
        return []
    schema = precise(path)
    if schema.validate(tree):  # cannot happen: both forms accept the same documents
        return [Finding(message=f"the document fails the grammar but no message was given ({layer})",
                        rule=layer)]
    seen = set()
    findings = []
    for entry in schema.error_log:
        key = (entry.line, entry.path)
        if key in seen:
            continue  # libxml2 repeats one fault at each enclosing element
        seen.add(key)
        element = _element(tree, entry.path)
        message = _bad_value(entry.message, element, path) or entry.message
        findings.append(Finding(message=_plain(message, layer), rule=layer, line=entry.line or None,
                                xpath=element_path(element) if element is not None else entry.path))
    return findings


_INVALID_ATTRIBUTE = re.compile(r"^Invalid attribute (\S+) for element (\S+)$")
_HINTS = {"id": "an id (a letter or _ first; no spaces or colons)",
          "lang": "a language tag such as en, ru or zh-Hans",
          "when": "an ISO date such as 1950-01-01"}


def _bad_value(message: str, element, path: Path) -> str | None:
    """libxml2 calls an attribute with a bad value "invalid"; say what is wrong with it."""
    match = _INVALID_ATTRIBUTE.match(message)
    if not match or element is None:
        return None
    local = match.group(1)
    name, value = next(((k, v) for k, v in element.attrib.items()
                        if etree.QName(k).localname == local), (None, None))
    if name is None or local not in _declared_attributes(path):
        return None
    shown = f"xml:{local}" if name.startswith("{http://www.w3.org/XML/1998/namespace}") else local
    hint = f": expected {_HINTS[local]}" if local in _HINTS else ""
    return f'@{shown}="{value}" on <{match.group(2)}> is not a value the schema allows{hint}'


@functools.cache
def _declared_attributes(path: Path) -> frozenset[str]:
    """Names of the attributes a grammar declares anywhere (local names)."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    names = tree.xpath("//rng:attribute/@name", namespaces={"rng": "http://relaxng.org/ns/structure/1.0"})
    return frozenset(n.split(":")[-1] for n in names)


_MESSAGES = [
    (re.compile(r"^Did not expect element (\S+) there$"), r"element <\1> is not allowed here"),
    (re.compile(r"^Expecting element (\S+), got (\S+)$"), r"expected element <\1> here, found <\2>"),
    (re.compile(r"^Element (\S+) has extra content: (\S+)$"),
     r"<\1> holds <\2> where the schema does not allow it"),
    (re.compile(r"^Invalid attribute (\S+) for element (\S+)$"), r"attribute @\1 is not allowed on <\2>"),
    (re.compile(r"^Element (\S+) failed to validate attributes$"),
     r"an attribute of <\1> is missing or has a value the schema does not allow"),
    (re.compile(r"^Element (\S+) failed to validate content$"),
     r"the content of <\1> does not fit the schema"),
    (re.compile(r"^Expecting an element (\S+), got nothing$"), r"element <\1> is missing here"),
    (re.compile(r"^Expecting an element , got nothing$"), r"an element is missing here"),
    (re.compile(r"^Element (\S+) failed to validate content of type (\S+)$"),
     r"the content of <\1> is not a valid \2"),
    (re.compile(r"^Type (\S+) doesn't allow value '(.*)'$"), r"\"\2\" is not a valid \1"),
    (re.compile(r"^Error validating datatype (\S+)$"), r"a value is not a valid \1"),
    (re.compile(r"^Element (\S+): attribute (\S+) missing$|^Element (\S+) is missing attribute (\S+)$"),
     r"<\1\3> needs attribute @\2\4"),
    (re.compile(r"^Expecting a namespace for element (\S+)$"),
     r"<\1> is not in the TEI namespace (xmlns=\"http://www.tei-c.org/ns/1.0\")"),
    (re.compile(r"^Expecting element (\S+), got (\S+) in namespace.*$"),
     r"expected TEI element <\1>, found <\2>"),
]
_LAYER_NAMES = {"grammar": "tei-edition profile", "tei_all": "TEI P5 tei_all"}


def _plain(message: str, layer: str) -> str:
    """libxml2's RELAX NG wording in an editor's words, naming the grammar."""
    name = _LAYER_NAMES.get(layer, layer)
    for pattern, replacement in _MESSAGES:
        if pattern.match(message):
            return f"{pattern.sub(replacement, message)} ({name})"
    return f"{message} ({name})"


def _element(tree: etree._ElementTree, path: str | None):
    """The element at lxml's positional path (``/*/*[2]/*``), or None."""
    if not path:
        return None
    try:
        found = tree.xpath(path)
    except etree.XPathError:
        return None
    return found[0] if found and isinstance(found[0], etree._Element) else None

