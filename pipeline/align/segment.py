"""Sentence segmentation per language.

ICU's sentence break iterator (PyICU) does the work for every language the archive
uses; a few rules after it fix what it gets wrong in diplomatic texts:

- an abbreviation of the language ends no sentence (``тов.``, ``т.е.``, ``тыс.``, ``г.``,
  ``Mr.``, ``Cde.``, ``Jan.`` …);
- initials end no sentence (``И.В. Сталиным``, ``N.V. ROSHCHIN``);
- Chinese and Japanese sentences also end at ``；``, and an opening quote or bracket
  left at the end of a sentence moves to the next one (``好吗？「是」``).

``bench/bench_segment.py`` compares ICU alone, pysbd and this on the cases above.
"""

from __future__ import annotations

import functools
import itertools
import re

# Abbreviations (lowercase, without the final dot) that do not end a sentence.
ABBREVIATIONS = {
    "ru": {"тов", "т.е", "т.к", "т.н", "т.д", "т.п", "тыс", "г", "гг", "млн", "млрд", "руб",
           "коп", "стр", "им", "ул", "см", "др", "пр", "проф", "акад", "ген", "полк", "ст",
           "н.э", "обл", "р", "с", "л", "ф", "оп", "д", "п", "кв", "км", "чел"},
    "en": {"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "capt", "sgt", "cde", "comr",
           "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
           "no", "nos", "vol", "pp", "p", "cf", "e.g", "i.e", "st", "u.s", "u.k", "u.n",
           "u.s.s.r", "p.r", "f", "op", "d", "l", "ll", "fig", "approx", "amb", "min", "gov"},
    "de": {"z.b", "bzw", "dr", "nr", "vgl", "ca", "s", "u.a", "d.h", "hrsg", "jh", "jhd",
           "gen", "prof", "bd", "abs"},
    "fr": {"m", "mm", "mme", "mlle", "dr", "cf", "p", "vol", "etc", "av", "gén"},
    "pl": {"tow", "np", "tzn", "tj", "ob", "dr", "prof", "gen", "r", "w", "ul", "nr", "s", "tys"},
}
_INITIALS = re.compile(r"(?:^|[\s(])(?:[^\W\d_]\.){1,3}\s*$")
_LAST_TOKEN = re.compile(r"([^\W\d_](?:[^\W\d_]|\.)*)\.\s*$")
_ORDINAL = re.compile(r"(?:^|\s)\d{1,2}\.\s*$")
# Languages that write ordinals with a dot ("am 3. Mai", "3. maja").
ORDINAL_DOT = {"de", "pl", "hu", "cs", "sk", "da", "no", "nb", "fi", "et", "lv", "lt", "hr", "sl",
               "sr", "is", "tr"}
_OPENERS = "“‘「『（(《〈[«"
_CJK_EXTRA_END = "；"


@functools.cache
def _break_iterator(lang: str):
    import icu

    return icu.BreakIterator.createSentenceInstance(icu.Locale(lang.replace("-", "_")))


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence boundaries of ``text`` as (start, end) offsets covering it entirely.

    Args:
        text: one paragraph.
        lang: the BCP 47 tag of its language (``zh-Hans`` uses ``zh``'s rules).
    """
    if not text.strip():
        return [(0, len(text))] if text else []
    base = lang.split("-", maxsplit=1)[0].lower()
    spans = _icu_spans(text, base)
    if base in ("zh", "ja"):
        spans = _split_after(text, spans, _CJK_EXTRA_END)
    spans = _move_openers(text, spans)
    spans = _merge_false_ends(text, spans, ABBREVIATIONS.get(base, set()), base in ORDINAL_DOT)
    return spans


def sentences(text: str, lang: str) -> list[str]:
    """The sentences of ``text``, each with its trailing white space removed."""
    return [text[a:b].strip() for a, b in sentence_spans(text, lang) if text[a:b].strip()]


def _icu_spans(text: str, lang: str) -> list[tuple[int, int]]:
    iterator = _break_iterator(lang)
    iterator.setText(text)
    # ICU counts UTF-16 code units; map them back to Python string offsets (the same
    # numbers when no character lies beyond the Basic Multilingual Plane).
    if len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
        bounds = [0, *iterator]
    else:
        units = _utf16_offsets(text)
        bounds = [0, *(units[b] for b in iterator)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _utf16_offsets(text: str) -> dict[int, int]:
    """UTF-16 offset → Python offset for every character boundary."""
    mapping = {0: 0}
    unit = 0
    for index, char in enumerate(text, 1):
        unit += 2 if ord(char) > 0xFFFF else 1
        mapping[unit] = index
    return mapping


def _split_after(text: str, spans: list[tuple[int, int]], marks: str) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        cut = start
        for index in range(start, end - 1):
            if text[index] in marks:
                out.append((cut, index + 1))
                cut = index + 1
        out.append((cut, end))
    return out


def _move_openers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """An opening quote or bracket ending a span belongs to the next one."""
    out = list(spans)
    for k in range(len(out) - 1):
        start, end = out[k]
        cut = end
        while cut > start and (text[cut - 1] in _OPENERS or (text[cut - 1].isspace() and cut < end)):
            if text[cut - 1] in _OPENERS:
                cut -= 1
            else:
                break
        if cut < end and cut > start:
            out[k] = (start, cut)
            out[k + 1] = (cut, out[k + 1][1])
    return out


def _merge_false_ends(text: str, spans: list[tuple[int, int]], abbreviations: set[str],
                      ordinals: bool) -> list[tuple[int, int]]:
    """Join a span to the next when it ends with an abbreviation, an initial or (in
    languages that write them so) an ordinal number."""
    out: list[tuple[int, int]] = []
    for span in spans:
        if out and (_false_end(text, out[-1], span, abbreviations)
                    or (ordinals and _search_end(_ORDINAL, text, *out[-1]))):
            out[-1] = (out[-1][0], span[1])
        else:
            out.append(span)
    return out


# How much of a span's end the checks look at: abbreviations, initials and ordinals are
# short, and searching a whole span that merges grow is quadratic (a 1 MB paragraph
# without a sentence end took minutes).
_TAIL = 256


def _search_end(pattern: re.Pattern, text: str, start: int, end: int) -> re.Match | None:
    """``pattern.search(text[start:end])`` for a pattern anchored at the end (``$``), on
    the last :data:`_TAIL` characters only (``^`` then matches only at ``start``)."""
    if end - start <= _TAIL:
        return pattern.search(text[start:end])
    return pattern.search(text, end - _TAIL, end)


def _false_end(text: str, previous: tuple[int, int], following: tuple[int, int],
               abbreviations: set[str]) -> bool:
    start, end = previous
    while end > start and text[end - 1].isspace():
        end -= 1
    if end == start or text[end - 1] != ".":
        return False
    if _search_end(_INITIALS, text, start, end):
        return True
    token = _search_end(_LAST_TOKEN, text, start, end)
    if not token:
        return False
    word = token.group(1).lower()
    if word in abbreviations:
        # "… in 1950 г." may end a sentence: only join when the next word is not capitalised
        # for single-letter abbreviations; longer ones (тов., Mr.) always join.
        nxt = text[following[0]:following[1]].lstrip()[:1]
        return len(word) > 1 or not nxt.isupper()
    return False
