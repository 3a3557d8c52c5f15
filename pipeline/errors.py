"""Errors raised by the pipeline.

Every error carries the data an editor needs to act on it: which file, where in it,
and every reason the step failed (not just the first). The library never exits the
process; the command line turns an :class:`EditionError` into one clear message.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One reason something failed, located as precisely as the step knows."""

    message: str
    line: int | None = None
    column: int | None = None
    xpath: str | None = None

    def where(self) -> str:
        """``12:4`` (line and column, as compilers print them), ``12``, or ``""``."""
        if self.line is None:
            return ""
        return f"{self.line}:{self.column}" if self.column is not None else str(self.line)


class EditionError(Exception):
    """Base class: a step could not do its work on one input.

    Args:
        path: the file the problem is in (as the user named it), or None.
        reasons: every reason, each a :class:`Problem` or a plain message.
    """

    kind = "error"

    def __init__(self, path: str | None, reasons: Iterable[Problem | str]):
        self.path = path
        self.reasons = tuple(r if isinstance(r, Problem) else Problem(r) for r in reasons)
        super().__init__(self.summary())

    def summary(self) -> str:
        """One line: file, first location, first reason, and how many more."""
        head = self.path or "<input>"
        if not self.reasons:
            return f"{head}: {self.kind}"
        first = self.reasons[0]
        where = first.where()
        location = f":{where}" if where else ""
        more = len(self.reasons) - 1
        tail = f" (and {more} more)" if more else ""
        return f"{head}{location}: {first.message}{tail}"

    def details(self) -> list[str]:
        """One line per reason, each with its location."""
        head = self.path or "<input>"
        out = []
        for r in self.reasons:
            where = r.where()
            out.append(f"{head}{':' + where if where else ''}: {r.message}")
        return out


class ConfigError(EditionError):
    """edition.toml is unreadable or holds a value of the wrong kind."""

    kind = "configuration error"


class SourceError(EditionError):
    """A source file cannot be read (missing, not text, too large)."""

    kind = "cannot read source"


class IngestError(EditionError):
    """No reader recognised the source text; ``reasons`` lists each reader's answer."""

    kind = "cannot ingest"


class XMLInputError(EditionError):
    """An XML file is not well-formed or uses a refused construct (DTD, entities)."""

    kind = "not well-formed XML"


class ValidationError(EditionError):
    """A TEI file is well-formed but not valid."""

    kind = "invalid TEI"


class TransformError(EditionError):
    """A stylesheet failed to compile or to run.

    ``path`` names the stylesheet (or the document being transformed).
    """

    kind = "transformation failed"


class RenderError(EditionError):
    """An output could not be produced (e.g. PDF rendering failed)."""

    kind = "rendering failed"


class OutputError(EditionError):
    """An output file or folder cannot be written."""

    kind = "cannot write output"


# What an editor can do when a folder will not take a file.
_NO_PERMISSION = ("no permission to write there: change the folder's permissions or write "
                  "somewhere else (--out)")
_WRITE_HINTS = {
    errno.ENOSPC: "the disk is full: free some space and run again (the files written so far "
                  "are whole, and the next run goes on from them)",
    errno.EDQUOT: "the disk quota is used up: free some space and run again",
    errno.EROFS: "the folder is on a read-only file system: write somewhere else (--out)",
    errno.EACCES: _NO_PERMISSION,
    errno.EPERM: _NO_PERMISSION,
}


def write_problem(exc: OSError) -> str:
    """Why a file could not be written, and what to do about it, in an editor's words."""
    reason = exc.strerror or str(exc)
    hint = _WRITE_HINTS.get(exc.errno)
    return f"{reason}: {hint}" if hint else reason
