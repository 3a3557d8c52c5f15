"""Text-level helpers shared by the readers: decoding, normalising, paragraphs, scripts."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from ..model import SourceText

# Characters that are spaces in every export but not all are ' '.
_SPACES = "\u00a0\u2002\u2003\u2009\u202f\u3000\ufeff"


def read_source(path: Path, *, name: str | None = None, max_size: int | None = None) -> SourceText:
    """Read and decode a source file (see :func:`decode` for the encodings it reads).

    Raises:
        SourceError: missing, unreadable, too large, binary or in no encoding it can tell.
    """
    label = name or str(path)
    data = read_bytes(path, label, max_size=max_size)
    decoded = decode(data, label)
    return SourceText.from_bytes(label, data, decoded.text, encoding=decoded.encoding,
                                 repairs=decoded.repairs)


def read_bytes(path: Path, label: str, *, max_size: int | None = None) -> bytes:
    """A source file's bytes, undecoded.

    Raises:
        SourceError: missing, a folder, unreadable or larger than ``max_size``.
    """
    try:
        size = path.stat().st_size
        if max_size is not None and size > max_size:
            raise SourceError(label, [f"the file is {size:,} bytes, more than the limit of "
                                      f"{max_size:,} (raise [limits] max_size or --max-size)"])
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise SourceError(label, ["no such file"]) from exc
    except IsADirectoryError as exc:
        raise SourceError(label, ["is a folder, expected a text file"]) from exc
    except OSError as exc:
        raise SourceError(label, [f"cannot read: {exc.strerror or exc}"]) from exc


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes: which encoding, and what was repaired (if anything)."""

    text: str
    encoding: str
    repairs: tuple[str, ...] = ()


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Below this share of undecodable noise, charset-normalizer's guess is trusted.
_MAX_CHAOS = 0.1
# Among encodings that fit equally well, the ones the archive's sources come in.
_PREFERRED = ("cp1252", "cp1251", "gb18030", "big5", "shift_jis", "euc_kr", "koi8_r", "cp1250",
              "iso8859_2", "utf_16")


def decode(data: bytes, label: str) -> Decoded:
    """Decode source bytes; newlines become ``\\n``.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32). Otherwise UTF-8 is tried strictly;
    other encodings (cp1251, GB18030/GBK, Latin-1 …) are told by charset-normalizer, and
    only a confident answer is taken. UTF-8 that was once misread as Latin-1/cp1252
    (mojibake: ``Ð¢Ð¾Ð²`` for ``Тов``) is repaired by ftfy, and the repair is recorded.

    Raises:
        SourceError: binary data, or no encoding fits with confidence.
    """
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data:
        encoding = _detect(data, label, utf16_only=True)
    if encoding is None:
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as exc:
            encoding = _detect(data, label, failure=exc)
    text = _decode_as(data, encoding, label)
    repairs: tuple[str, ...] = ()
    if encoding.startswith("utf-8"):
        text, repairs = _repair_mojibake(text)
    text, removed = _remove_non_xml(text.replace("\r\n", "\n").replace("\r", "\n"))
    return Decoded(text=text, encoding=encoding, repairs=repairs + removed)


def _decode_as(data: bytes, encoding: str, label: str) -> str:
    """``data`` decoded, or a SourceError naming where it stops being ``encoding``
    (a byte-order mark promises UTF-16 that a lone surrogate or odd length breaks)."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(label, [f"byte {exc.start:,}: not valid {encoding} ({exc.reason}), though "
                                  f"the file says it is; save the file as UTF-8"]) from None


# Characters XML 1.0 does not allow (C0 controls but tab and newline, U+FFFE, U+FFFF),
# which no TEI file can hold, and the controls it discourages (DEL and the C1 range,
# left after any mojibake repair), which carry no text but would keep a line that
# holds nothing else from being blank (and so join two paragraphs): they are removed,
# and the removal is recorded.
_NON_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _remove_non_xml(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` without control characters, and the repair in words (or nothing)."""
    found = _NON_XML.findall(text)
    if not found:
        return text, ()
    lines: list[int] = []
    line, seen = 1, 0
    for match in _NON_XML.finditer(text):
        line, seen = line + text.count("\n", seen, match.start()), match.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    kinds = ", ".join(f"U+{ord(c):04X} ×{found.count(c)}" for c in sorted(set(found)))
    shown = ", ".join(map(str, lines[:5])) + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")
    return _NON_XML.sub("", text), (f"removed {len(found)} control characters "
                                    f"({kinds}) on lines {shown}",)


def _detect(data: bytes, label: str, *, utf16_only: bool = False,
            failure: UnicodeDecodeError | None = None) -> str:
    """The encoding charset-normalizer is confident of, or a SourceError saying why not."""
    from charset_normalizer import from_bytes

    results = [r for r in from_bytes(data) if not utf16_only or "16" in r.encoding]
    fitting = [r for r in results if r.chaos <= _MAX_CHAOS]
    if fitting:
        # Single-byte Latin code pages often fit equally well: take the one archives use.
        for preferred in _PREFERRED:
            for result in fitting:
                if preferred in result.could_be_from_charset:
                    return preferred
        return fitting[0].encoding
    best = results[0] if results else None
    reasons = []
    if failure is not None:
        line = data[: failure.start].count(b"\n") + 1
        reasons.append(f"line {line}: not valid UTF-8 (byte 0x{data[failure.start]:02x})")
    if utf16_only:
        reasons.append("holds NUL bytes: a binary file, or UTF-16 without a byte-order mark")
    guess = f"{best.encoding}, {best.chaos:.0%} noise" if best is not None else "none"
    reasons.append(f"no other encoding fits with confidence (best guess: {guess}); "
                   f"save the file as UTF-8")
    raise SourceError(label, reasons)


def _repair_mojibake(text: str) -> tuple[str, tuple[str, ...]]:
    """Undo UTF-8 misread as Latin-1/cp1252, only where ftfy is certain of it."""
    if not may_be_mojibake(text):
        return text, ()  # (what ftfy answers for it, in a fraction of the time)
    import ftfy

    fixed, steps = ftfy.fix_encoding_and_explain(text)
    if fixed == text or not steps:
        return text, ()
    changed = sum(1 for a, b in zip(text.splitlines(), fixed.splitlines(), strict=False) if a != b)
    how = ", ".join(step for _, step in steps)
    return fixed, (f"mojibake repaired in {changed} lines: UTF-8 text that had been read as "
                   f"Latin-1/cp1252 was decoded again (ftfy: {how})",)


def may_be_mojibake(text: str) -> bool:
    """False when ftfy's mojibake test (``ftfy.badness.is_bad``) is certain to find
    nothing in ``text``, in which case ftfy leaves it as it is; True when it may find
    something (then ftfy decides).

    ftfy tests the whole text against one large regex, ~3 ms for a record of 8,000
    characters, which was most of reading one. Every branch of that regex needs, at a
    fixed place, one of a few non-ASCII characters (its "sets"), and no match is longer
    than a few characters. So a branch whose sets are not all in the text cannot match,
    and one that can is looked for only in the short windows around the characters of
    its rarest set in this text. The branches are read from ftfy's own regex
    (:func:`_badness_branches`); a regex of another shape turns this shortcut off.
    """
    if text.isascii():
        return False  # (ftfy's first test: ASCII text is never mojibake)
    shape = _badness_branches()
    if shape is None:
        return True
    branches, width, badness = shape
    present = {c for c in set(text) if c > "\x7f"}
    triggers: set[str] = set()
    for sets in branches:
        found = [s & present for s in sets]
        if all(found):
            triggers |= min(found, key=lambda chars: sum(text.count(c) for c in chars))
    if not triggers:
        return False
    spans: list[list[int]] = []
    for char in triggers:
        start = text.find(char)
        while start != -1:
            spans.append([max(0, start - width + 1), start + width])
            start = text.find(char, start + 1)
    spans.sort()
    merged = [spans[0]]
    for lo, hi in spans[1:]:
        if lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    # (A branch anchored with ``^`` still matches only where the text begins: search()
    # from a later position does not let ``^`` match there.)
    return any(badness.search(text, lo, hi) for lo, hi in merged)


@functools.cache
def _badness_branches():
    """(the non-ASCII character sets each branch of ftfy's mojibake regex needs, the
    longest match, the regex), or None when the regex is not of the shape
    :func:`may_be_mojibake` relies on: one alternation of branches, each a sequence of
    single characters (or optional ones) with at least one set of non-ASCII characters
    it cannot match without, no group, no look-around, no case folding."""
    try:
        import re._constants as sre  # (the regex parser Python compiles with)
        import re._parser as parser

        from ftfy.badness import BADNESS_RE

        parsed = parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
        width = parsed.getwidth()[1]
        if (BADNESS_RE.flags & re.IGNORECASE or len(parsed.data) != 1
                or parsed.data[0][0] is not sre.BRANCH or width > 64):
            return None
        branches = tuple(_branch_sets(sre, branch) for branch in parsed.data[0][1][1])
        return branches, width, BADNESS_RE
    except Exception:  # another Python or ftfy: no shortcut, ftfy tests every text
        return None


def _branch_sets(sre, branch) -> tuple[frozenset[str], ...]:
    """The sets of non-ASCII characters one branch needs (ValueError: not of the shape
    :func:`_badness_branches` describes)."""
    allowed = {sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY, sre.MAX_REPEAT, sre.AT}
    sets = []
    for op, arg in branch.data:
        if (op not in allowed
                or (op is sre.MAX_REPEAT and any(o not in allowed - {sre.MAX_REPEAT}
                                                 for o, _ in arg[2].data))
                or (op is sre.AT and arg is not sre.AT_BEGINNING)):
            raise ValueError(f"a regex item this shortcut cannot reason about: {op}")
        chars = _needed_chars(sre, op, arg)
        if chars:
            sets.append(frozenset(chars))
    if not sets:
        raise ValueError("a branch that needs no non-ASCII character")
    return tuple(sets)


def _needed_chars(sre, op, arg) -> set[str] | None:
    """The characters one regex item matches when they are all non-ASCII, else None."""
    codes: set[int] = set()
    if op is sre.LITERAL:
        codes.add(arg)
    elif op is sre.IN:
        for kind, value in arg:
            if kind is sre.LITERAL:
                codes.add(value)
            elif kind is sre.RANGE:
                codes.update(range(value[0], value[1] + 1))
            else:  # a negated set or a category (\w, \s)
                return None
    if not codes or min(codes) < 0x80:
        return None
    return {chr(c) for c in codes}


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

@functools.lru_cache(maxsize=1 << 14)
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
    for char, n in Counter(text).items():  # (each character once: in order of first use)
        script = script_of(char)
        if script:
            counts[script] = counts.get(script, 0) + n
    if not counts:
        return None
    return max(counts, key=counts.get)
