"""Editorial marks in running text → inline model items.

The archive's translators and transcribers write their interventions in square
brackets and page boundaries as ``//``. Each bracket becomes an explicit mark; the
brackets themselves are not kept (rendering puts them back), so nothing is lost.
"""

from __future__ import annotations

import re

from ..model import Gap, Gloss, Inline, LineBreak, PageBreak, Sic, Supplied, Text
from .text import script_of

_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_OMISSION = re.compile(r"^\s*(\.\s*){3}\s*$|^\s*…\s*$")
_PAGE = re.compile(r"\s*(?<!:)//(?!/)\s*")
# Short Russian words that may stand capitalised after a page break without being the
# first half of a split word.
_SHORT_WORDS = {"на", "но", "он", "из", "за", "по", "до", "от", "об", "не", "ни", "их", "ее",
                "её", "мы", "вы", "я", "в", "с", "к", "о", "у", "и", "а", "во", "со", "ко"}
_HAN_OR_PUNCT = r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
_LOST = re.compile(rf"(?<={_HAN_OR_PUNCT}) +(?={_HAN_OR_PUNCT})|^ +(?={_HAN_OR_PUNCT})")


def parse_inline(lines: list[str] | tuple[str, ...], hard: tuple[bool, ...] | None = None,
                 *, damaged_cjk: bool = False) -> tuple[Inline, ...]:
    """Inline content of a block from its source lines.

    Args:
        lines: the block's lines.
        hard: for each line, whether it ends in a hard line break (kept as LineBreak);
            soft-wrapped lines are joined with a space.
        damaged_cjk: treat spaces between Chinese characters as lost characters.
    """
    hard = hard or tuple(False for _ in lines)
    items: list[Inline] = []
    for index, line in enumerate(lines):
        if index:
            items.append(LineBreak() if hard[index - 1] else Text(" "))
        items.extend(_parse_line(line.strip(), damaged_cjk))
    return tuple(_merge_text(items))


def _parse_line(line: str, damaged_cjk: bool) -> list[Inline]:
    items: list[Inline] = []
    pos = 0
    for match in _BRACKET.finditer(line):
        before = line[pos:match.start()]
        after = line[match.end():]
        items.extend(_plain(before, damaged_cjk))
        items.extend(_bracket(match.group(1), items, after))
        pos = match.end()
    items.extend(_plain(line[pos:], damaged_cjk))
    return items


def _bracket(inner: str, items: list[Inline], after: str) -> list[Inline]:
    """One ``[...]`` group; may rewrite the preceding text (for ``[sic]`` and glosses)."""
    if _OMISSION.match(inner):
        return [Gap(reason="omitted", printed=f"[{inner}]")]
    if inner.strip().lower() == "sic":
        word = _take_last_word(items)
        return [Sic(word)] if word else [Text("[sic]")]
    if _is_gloss(inner, items, after):
        return [Gloss(inner.strip())]
    return [Supplied(inner)]


def _is_gloss(inner: str, items: list[Inline], after: str) -> bool:
    """``Wulumuqi [Urumqi]``: a name in brackets right after a capitalised name.

    A bracket between two capitalised words (``Xinjiang [Uyghur] Autonomous``) or after
    a lowercase word (``comrade [Andrei] Vyshinskiy``) is an insertion instead.
    """
    if not items or not isinstance(items[-1], Text) or not items[-1].text.endswith(" "):
        return False
    previous = items[-1].text.rstrip().split(" ")[-1].strip("“”\"'(")
    words = inner.split()
    if not previous or not previous[0].isupper() or not words or len(words) > 3:
        return False
    if not all(w[0].isupper() for w in words):
        return False
    following = after.lstrip()
    return not (following[:1].isupper() and after[:1] == " ")


def _take_last_word(items: list[Inline]) -> str:
    """Remove and return the word just before the cursor (for ``word [sic]``)."""
    if not items or not isinstance(items[-1], Text):
        return ""
    text = items[-1].text.rstrip(" ")
    cut = text.rfind(" ") + 1
    word = text[cut:]
    if text[:cut]:
        items[-1] = Text(text[:cut])
    else:
        items.pop()
    return word


def _plain(text: str, damaged_cjk: bool) -> list[Inline]:
    """Running text with ``//`` page markers (and, if damaged, lost characters)."""
    items: list[Inline] = []
    for index, part in enumerate(_PAGE.split(text)):
        if index:
            items.append(Text(" ") if items else Text(""))
            items.append(PageBreak())
            if _split_word(part):
                first, _, part = part.partition(" ")
                items.extend([Text(first), LineBreak(in_word=True)])
        items.extend(_lost(part) if damaged_cjk else [Text(part)])
    return items


def _split_word(part: str) -> bool:
    """True when the text after a page marker starts with the first half of a split word.

    ``Ки тая`` after ``//``: a capitalised fragment that is no word of its own followed
    by a lowercase continuation.
    """
    first, _, rest = part.partition(" ")
    if not first or not rest or not first.isalpha() or len(first) > 3:
        return False
    if script_of(first[0]) != "cyrillic" or not first[0].isupper():
        return False
    if first.lower() in _SHORT_WORDS:
        return False
    nxt = rest.split(" ")[0]
    return bool(nxt) and nxt[0].islower() and nxt.isalpha()


def _lost(text: str) -> list[Inline]:
    """Split text at spaces standing where Chinese characters were lost."""
    items: list[Inline] = []
    pos = 0
    for match in _LOST.finditer(text):
        items.append(Text(text[pos:match.start()]))
        items.append(Gap(reason="lost", quantity=1, unit="chars", precision="low"))
        pos = match.end()
    items.append(Text(text[pos:]))
    return items


def _merge_text(items: list[Inline]) -> list[Inline]:
    """Join adjacent Text items and drop empty ones."""
    out: list[Inline] = []
    for item in items:
        if isinstance(item, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + item.text)
        else:
            out.append(item)
    return [i for i in out if not (isinstance(i, Text) and not i.text)]
