"""Compiled XSLT stylesheets, cached once per process.

saxonche runs the stylesheets. One :class:`saxonche.PySaxonProcessor` exists per process
and each stylesheet is compiled at most once per process (the cache is keyed by the
stylesheet's resolved path). Compiled executables cannot be pickled, so they live in this
module's cache only, never on objects that travel to workers: a worker process compiles
its own on first use.

Parameters: a Python name with ``_`` is the XSLT parameter with ``-`` (``edition_title``
→ ``edition-title``). Values map as ``str`` → ``xs:string``, ``bool`` → ``xs:boolean``,
``int`` → ``xs:integer``, a tuple or list of ``str`` → ``xs:string*``, an lxml element →
that element (parsed anew), a :class:`SaxonDocument` → its document node; ``None``
leaves the stylesheet's default.

Inputs: a transform takes an lxml tree, which is serialized and parsed into Saxon for
that one run, or a :class:`SaxonDocument` (:func:`prepare`): a tree parsed into Saxon
once, for the several stylesheets one document goes through (its screen page, print
page, plain text and summary record), which saves that hand-over each time.

Reading: no document can make a transform read a file or reach the network. The
stylesheets call no function that reads a URI (``doc()``, ``unparsed-text()`` …;
tests/test_hostile_render.py checks), and Saxon may read ``file:`` URIs only (its
``allowedProtocols``), never the network. (Nothing narrower: Saxon needs ``file:`` to
load the stylesheets' modules, and once narrowed the setting cannot be widened again
for the next stylesheet to compile.)
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.errors import TransformError
from pipeline.resources import resource_dir

ED_NS = "https://tei-edition.org/ns/ed"

_lock = threading.RLock()
_state: dict[str, Any] = {"pid": None, "processor": None, "xslt": None}
_executables: dict[Path, Any] = {}
_live: dict[int, list[Any]] = {}  # parameter values Saxon still refers to, by executable

# Saxon's configuration feature: the URI schemes it may read (comma-separated; "" none).
_ALLOWED_PROTOCOLS = "http://saxon.sf.net/feature/allowedProtocols"


def stylesheet_path(fmt: str) -> Path:
    """The driver stylesheet of a format: ``xslt/<fmt>/<fmt>.xsl``."""
    return resource_dir("xslt") / fmt / f"{fmt}.xsl"


def processor():
    """The process's Saxon processor (a new one after a fork)."""
    with _lock:
        if _state["pid"] != os.getpid():
            from saxonche import PySaxonProcessor

            _executables.clear()
            _live.clear()
            proc = PySaxonProcessor(license=False)
            proc.set_configuration_property(_ALLOWED_PROTOCOLS, "file")
            _state.update(pid=os.getpid(), processor=proc, xslt=proc.new_xslt30_processor())
        return _state["processor"]


def compiled(path: Path | str):
    """The compiled stylesheet at ``path``, compiling it on first use in this process.

    Raises:
        TransformError: the file is missing or does not compile (with Saxon's message).
    """
    key = Path(path).resolve()
    with _lock:
        processor()
        executable = _executables.get(key)
        if executable is None:
            executable = _compile(key)
            _executables[key] = executable
        return executable


def _compile(path: Path):
    """Compile one stylesheet file with the process's XSLT 3.0 compiler."""
    if not path.is_file():
        raise TransformError(str(path), ["stylesheet not found"])
    try:
        executable = _state["xslt"].compile_stylesheet(stylesheet_file=str(path))
    except Exception as exc:  # saxonche raises PySaxonApiError, not importable by name
        raise TransformError(str(path), [f"stylesheet does not compile: {_message(exc)}"]) from exc
    if executable is None:
        raise TransformError(str(path), ["stylesheet does not compile"])
    executable.set_save_xsl_message(True)
    return executable


def clear_cache() -> None:
    """Forget every compiled stylesheet (they are compiled again on next use)."""
    with _lock:
        _executables.clear()
        _live.clear()


@dataclass(frozen=True, eq=False)
class SaxonDocument:
    """A tree parsed into Saxon once, to run several stylesheets on (:func:`prepare`).

    Belongs to the process that made it (the node is its Saxon processor's): it cannot
    be pickled, and in another process (after a fork) it is parsed again from ``root``.
    Change ``root`` after preparing and the stylesheets still see the tree as it was.

    Attributes:
        root: the lxml root element it was made from (what Python reads of it).
        node: the Saxon document node (a ``saxonche.PyXdmNode``).
    """

    root: etree._Element
    node: Any
    pid: int

    def __reduce__(self):
        raise TypeError("a SaxonDocument belongs to its process; send the tree instead")


Source = etree._ElementTree | etree._Element | SaxonDocument
"""What a transform takes: an lxml tree or element, or a prepared document."""


def prepare(tree: Source) -> SaxonDocument:
    """The tree parsed into Saxon once, for every stylesheet a document goes through
    (a prepared document is returned as it is)."""
    if isinstance(tree, SaxonDocument) and tree.pid == os.getpid():
        return tree
    root = source_root(tree)
    with _lock:
        node = _parse(root)
    return SaxonDocument(root=root, node=node, pid=os.getpid())


def source_root(tree: Source) -> etree._Element:
    """The lxml root element of a transform's input."""
    if isinstance(tree, SaxonDocument):
        return tree.root
    return tree.getroot() if isinstance(tree, etree._ElementTree) else tree


def to_xdm_node(tree: Source):
    """The input as a Saxon document node: a prepared document's own node, else the
    lxml tree parsed from memory (nothing written).

    Only the root element is passed on: a DOCTYPE would make Saxon fetch its DTD.
    """
    if isinstance(tree, SaxonDocument) and tree.pid == os.getpid():
        return tree.node
    return _parse(source_root(tree))


def _parse(root: etree._Element):
    """An lxml element (with its descendants) as a new Saxon document node."""
    return processor().parse_xml(xml_text=etree.tostring(root, encoding="unicode"))


def transform(
    path: Path | str,
    tree: Source,
    params: Mapping[str, Any] | None = None,
    *,
    label: str | None = None,
) -> str:
    """Apply the stylesheet at ``path`` to ``tree`` and return the serialized result.

    Args:
        path: the stylesheet file.
        tree: the input document (an lxml tree or element, or a :class:`SaxonDocument`).
        params: stylesheet parameters by Python name (see the module docstring).
        label: how to name the input in error messages (e.g. the document id).

    Raises:
        TransformError: the stylesheet does not compile, or fails on this input.
    """
    executable = compiled(path)
    with _lock:
        node = to_xdm_node(tree)
        _set_parameters(executable, params or {})
        try:
            result = executable.transform_to_string(xdm_node=node)
        except Exception as exc:
            raise TransformError(str(path), [_run_message(exc, executable, label)]) from exc
        finally:
            executable.clear_xsl_messages()
    if result is None:
        raise TransformError(str(path), [_run_message(None, executable, label)])
    return result


def call_function(path: Path | str, name: str, args: Sequence[Any]) -> Any:
    """Call a public ``ed:`` function of a stylesheet and return its value as Python.

    ``name`` is the local name in the ed: namespace (``format-date``); ``args`` are
    Python values converted as stylesheet parameters are. Atomic results come back as
    Python values (a sequence as a list); mainly for tests.

    Raises:
        TransformError: the stylesheet does not compile or the call fails.
    """
    executable = compiled(path)
    with _lock:
        keep: list[Any] = []
        values = [_xdm(processor(), a, keep) for a in args]
        try:
            result = executable.call_function_returning_value(f"{{{ED_NS}}}{name}", values)
        except Exception as exc:
            raise TransformError(str(path), [f"ed:{name} failed: {_message(exc)}"]) from exc
    return _python(result)


def call_template(
    path: Path | str,
    name: str,
    args: Mapping[str, Any],
    params: Mapping[str, Any] | None = None,
    *,
    label: str | None = None,
) -> list[str]:
    """Call the named template ``ed:{name}`` of a stylesheet with the template
    parameters ``args`` and the stylesheet parameters ``params``, and return every item
    of its result as a string, in order (not serialized).

    ``args`` convert as parameters do (a :class:`SaxonDocument` as its document node).
    Errors read as a transform's (Saxon's message and any xsl:message).

    Raises:
        TransformError: the stylesheet does not compile, or the call fails.
    """
    executable = compiled(path)
    with _lock:
        _set_parameters(executable, params or {})
        keep = _live[id(executable)]
        values = {k.replace("_", "-"): _xdm(processor(), v, keep) for k, v in args.items()}
        # (the template's parameters are cleared with the others by the next run)
        executable.set_initial_template_parameters(False, values)
        executable.set_result_as_raw_value(True)
        try:
            result = executable.call_template_returning_value(f"{{{ED_NS}}}{name}")
        except Exception as exc:
            raise TransformError(str(path), [_run_message(exc, executable, label)]) from exc
        finally:
            executable.set_result_as_raw_value(False)
            executable.clear_xsl_messages()
        if result is None:
            return []
        return [_string(result.item_at(i)) for i in range(result.size)]


def _string(item: Any) -> str:
    """An XDM item's string value (an atomic value's as Saxon writes it)."""
    return item.get_atomic_value().string_value if item.is_atomic else item.string_value


def _set_parameters(executable, params: Mapping[str, Any]) -> None:
    """Reset the executable's parameters and set ``params`` (None keeps the default).

    saxonche does not own the values it is given: a value freed by Python while the
    executable still refers to it crashes the process. The values are therefore kept
    alive in ``_live`` until the executable's parameters are set again.
    """
    executable.clear_parameters()
    proc = processor()
    keep: list[Any] = []
    for key, value in params.items():
        if value is not None:
            executable.set_parameter(key.replace("_", "-"), _xdm(proc, value, keep))
    _live[id(executable)] = keep


def _xdm(proc, value: Any, keep: list[Any]):
    """A Python value as an XDM value (see the module docstring for the mapping).

    Every object made is appended to ``keep`` so that it outlives its use by Saxon.
    """
    if isinstance(value, bool):
        made = proc.make_boolean_value(value)
    elif isinstance(value, int):
        made = proc.make_integer_value(value)
    elif isinstance(value, str):
        made = proc.make_string_value(value)
    elif isinstance(value, SaxonDocument):
        made = to_xdm_node(value)
    elif isinstance(value, (etree._Element, etree._ElementTree)):
        doc = proc.parse_xml(xml_text=etree.tostring(value, encoding="unicode"))
        keep.append(doc)
        made = next(c for c in doc.children if c.node_kind_str == "element")
    elif isinstance(value, (tuple, list)):
        made = proc.empty_sequence()
        for item in value:
            atom = proc.make_string_value(str(item))
            keep.append(atom)
            made.add_xdm_item(atom)
    else:
        raise TypeError(f"cannot pass {type(value).__name__} to a stylesheet: {value!r}")
    keep.append(made)
    return made


def _python(value: Any) -> Any:
    """An XDM result as Python: None, one value, or a list of values."""
    if value is None or value.size == 0:
        return None
    out = [_string(value.item_at(i)) for i in range(value.size)]
    return out[0] if len(out) == 1 else out


def _message(exc: BaseException | None) -> str:
    """Saxon's message, whitespace tidied."""
    text = " ".join(str(exc).split()) if exc is not None else ""
    return text or "no message from Saxon"


def _run_message(exc: BaseException | None, executable, label: str | None) -> str:
    """What went wrong while running: Saxon's error and any xsl:message it left."""
    messages = _xsl_messages(executable)
    where = f" on {label}" if label else ""
    text = f"transformation failed{where}: {_message(exc)}"
    return text + (f" (messages: {'; '.join(messages)})" if messages else "")


def _xsl_messages(executable) -> list[str]:
    """The xsl:message texts saved during the last run."""
    try:
        saved = executable.get_xsl_messages()
    except Exception:  # an executable that saved none may raise
        return []
    if saved is None:
        return []
    return [" ".join(saved.item_at(i).string_value.split()) for i in range(saved.size)]
