"""Text-level helpers shared by the readers: decoding, normalising, paragraphs, scripts."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from ..model import SourceText

# Characters that are spaces in every export but not all are ' '.
_SPACES = "\u00a0\u2002\u2003\u2009\u202f\u3000\ufeff"


def read_source(path: Path, *, name: str | None = None, max_size: int | None = None) -> SourceText:
    """Read and decode a source file (UTF-8, with or without BOM, or UTF-16 with BOM).

    Raises:
        SourceError: missing, unreadable, too large, binary or not in a known encoding.
    """
    label = name or str(path)
    try:
        size = path.stat().st_size
        if max_size is not None and size > max_size:
            raise SourceError(label, [f"the file is {size:,} bytes, more than the limit of "
                                      f"{max_size:,} (raise [limits] max_size or --max-size)"])
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise SourceError(label, ["no such file"]) from exc
    except IsADirectoryError as exc:
        raise SourceError(label, ["is a folder, expected a text file"]) from exc
    except OSError as exc:
        raise SourceError(label, [f"cannot read: {exc.strerror or exc}"]) from exc
    return SourceText.from_bytes(label, data, decode(data, label))


def decode(data: bytes, label: str) -> str:
    """Decode source bytes; newlines become ``\\n``.

    Raises:
        SourceError: the bytes are not text in UTF-8 or UTF-16 (with BOM).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif b"\x00" in data:
        raise SourceError(label, ["holds NUL bytes: a binary file or UTF-16 without a "
                                  "byte-order mark; save it as UTF-8"])
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(label, [f"line {line}: not valid {encoding.upper().replace('-SIG', '')} "
                                  f"(byte 0x{data[exc.start]:02x}); save the file as UTF-8"]) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Para:
    """A run of non-blank lines. ``hard`` marks lines that end in a hard break."""

    lines: tuple[str, ...]
    hard: tuple[bool, ...]
    start: int  # 1-based line number in the source

    def joined(self) -> str:
        """The lines joined with single spaces."""
        return " ".join(line.strip() for line in self.lines)


def is_blank(line: str) -> bool:
    """True for lines holding nothing but spaces of any kind (NBSP-only lines too)."""
    return not line.strip(" \t" + _SPACES)


def paragraphs(text: str) -> list[Para]:
    """Split text into blank-line separated paragraphs, keeping Markdown hard breaks."""
    paras: list[Para] = []
    lines: list[str] = []
    hard: list[bool] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), 1):
        if is_blank(raw):
            if lines:
                paras.append(Para(tuple(lines), tuple(hard), start))
                lines, hard = [], []
            continue
        if not lines:
            start = number
        hard.append(raw.endswith("  "))
        lines.append(clean_line(raw))
    if lines:
        paras.append(Para(tuple(lines), tuple(hard), start))
    return paras


def clean_line(line: str) -> str:
    """A line with exotic spaces made plain, runs of spaces kept (they can be damage)."""
    for ch in _SPACES:
        line = line.replace(ch, " ")
    return line.strip(" \t")


def collapse(text: str) -> str:
    """Text with every run of white space made one space."""
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- scripts

def script_of(char: str) -> str | None:
    """'han', 'cyrillic', 'latin', 'hangul', … for a letter; None for others."""
    if not char.isalpha():
        return None
    code = ord(char)
    if 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FFFF:
        return "han"
    if 0x3040 <= code <= 0x30FF:
        return "kana"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
        return "hangul"
    name = unicodedata.name(char, "")
    for script in ("CYRILLIC", "LATIN", "GREEK", "ARABIC", "HEBREW"):
        if name.startswith(script):
            return script.lower()
    return "other"


def dominant_script(text: str) -> str | None:
    """The script most of the letters of ``text`` are written in."""
    counts: dict[str, int] = {}
    for char in text:
        script = script_of(char)
        if script:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    return max(counts, key=counts.get)
