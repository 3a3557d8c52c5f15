"""Validation of TEI files, in the layers DESIGN.md names.

1. **well-formed**, read with the hardened parser;
2. **grammar**: the project's TEI profile, ``schema/tei-edition.rng`` (a strict subset of
   tei_all), or another RELAX NG given with ``schema=``;
3. **rules** with ids (:mod:`pipeline.validate.rules`), errors and warnings;
4. **tei_all**: TEI P5 4.8.0, opt-in because it takes ~10 s to load.

Every finding names the line, the XPath of the element, the rule id or grammar, and
says what is wrong in words, quoting the offending value. A file is valid when no layer
found an error; warnings do not make it invalid.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import XMLInputError
from ..xmlio import parse_xml
from . import grammar
from .findings import Finding, element_path
from .rules import RULES, Rule, run_rules

__all__ = ["RULES", "Finding", "Report", "Rule", "element_path", "project_schema",
           "tei_all_schema", "unreadable", "validate_file", "validate_tree"]


@dataclass(frozen=True)
class Report:
    """The outcome of validating one file.

    Attributes:
        path: the file as the user named it.
        findings: every problem found, errors and warnings, in file order.
        layers: the layers that ran.
    """

    path: str
    findings: tuple[Finding, ...]
    layers: tuple[str, ...]

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def line(self, f: Finding) -> str:
        """``file:line: error [rule] message (at XPath)`` for one finding."""
        where = f":{f.line}" if f.line else ""
        at = f" (at {f.xpath})" if f.xpath else ""
        return f"{self.path}{where}: {f.severity} [{f.rule}] {f.message}{at}"

    def lines(self) -> list[str]:
        """One line per finding, in file order."""
        return [self.line(f) for f in self.findings]

    def as_dict(self) -> dict:
        """The report as JSON-ready data: one record per finding, with the file."""
        return {"path": self.path, "valid": self.valid, "layers": list(self.layers),
                "findings": [{"file": self.path, **f.as_dict()} for f in self.findings]}


def project_schema() -> etree.RelaxNG:
    """The project's grammar, compiled (milliseconds; once per process)."""
    return grammar.compiled(grammar.profile_path())


def tei_all_schema() -> etree.RelaxNG:
    """TEI P5 4.8.0 tei_all, compiled (≈10 s; once per process)."""
    return grammar.compiled(grammar.tei_all_path())


def validate_tree(tree: etree._ElementTree, name: str, *, profile: bool = True, rules: bool = True,
                  tei_all: bool = False, schema: Path | None = None) -> Report:
    """Validate a parsed TEI document.

    Args:
        tree: the document.
        name: how to name it in messages.
        profile: check the project's grammar (or ``schema`` instead, when given).
        rules: run the rules with ids.
        tei_all: also check conformance with tei_all.
        schema: a RELAX NG grammar to use instead of the project's.

    Raises:
        EditionError: a grammar could not be loaded.
    """
    findings: list[Finding] = []
    layers = ["well-formed"]
    if schema is not None:
        layers.append(f"schema {Path(schema).name}")
        findings += grammar.check(tree, Path(schema), Path(schema).name)
    elif profile:
        layers.append("grammar")
        findings += grammar.check(tree, grammar.profile_path(), "grammar")
    if rules:
        layers.append("rules")
        findings += run_rules(tree)
    if tei_all:
        layers.append("tei_all")
        findings += grammar.check(tree, grammar.tei_all_path(), "tei_all")
        if not rules:  # libxml2's RELAX NG cannot see a repeated xml:id; jing can (tei_all)
            findings += run_rules(tree, only=("id-unique",))
    findings.sort(key=lambda f: (f.line or 0, f.severity != "error"))
    return Report(path=name, findings=tuple(findings), layers=tuple(layers))


def validate_file(path: Path, *, name: str | None = None, **layers) -> Report:
    """Validate a TEI file; a file that cannot be parsed gives a report, not an exception.

    Keyword arguments are those of :func:`validate_tree`.
    """
    label = name or str(path)
    try:
        tree = parse_xml(path, name=label)
    except XMLInputError as exc:
        return unreadable(label, exc)
    return validate_tree(tree, label, **layers)


def unreadable(name: str, exc: XMLInputError) -> Report:
    """The report of a file the hardened parser refused (not well-formed, or unsafe)."""
    findings = tuple(Finding(message=r.message, rule="well-formed", line=r.line)
                     for r in getattr(exc, "reasons", None) or [])
    return Report(path=name, findings=findings, layers=("well-formed",))
