"""Language names as the archive prints them, BCP 47 tags, and light detection."""

from __future__ import annotations

import re

from ..model import Language

# The languages the archive's records come in (names as printed → BCP 47).
_TAGS = {
    "albanian": "sq", "arabic": "ar", "bulgarian": "bg", "chinese": "zh", "czech": "cs",
    "english": "en", "french": "fr", "german": "de", "hungarian": "hu", "italian": "it",
    "japanese": "ja", "korean": "ko", "mongolian": "mn", "persian": "fa", "polish": "pl",
    "portuguese": "pt", "romanian": "ro", "russian": "ru", "serbian": "sr", "slovak": "sk",
    "spanish": "es", "ukrainian": "uk", "vietnamese": "vi", "hebrew": "he", "hindi": "hi",
    "croatian": "hr", "estonian": "et", "latvian": "lv", "lithuanian": "lt", "greek": "el",
    "turkish": "tr", "dutch": "nl", "swedish": "sv", "finnish": "fi", "danish": "da",
    "norwegian": "no", "georgian": "ka", "armenian": "hy", "azerbaijani": "az",
    "belarusian": "be", "slovenian": "sl", "macedonian": "mk",
}
_NAMES = {tag: name.capitalize() for name, tag in _TAGS.items()}
_NAMES.update({"zh-Hans": "Chinese", "zh-Hant": "Chinese", "und": "Undetermined"})

# Characters that exist only in simplified or only in traditional Chinese (frequent ones).
_SIMPLIFIED = set("这们来个时会说对发经过还进样种关东车门为与见现问间让从书长点无开报边")
_TRADITIONAL = set("這們來個時會說對發經過還進樣種關東車門為與見現問間讓從書長點無開報邊")

_STOPWORDS = {
    "en": {"the", "of", "and", "to", "in", "that", "is", "was", "with", "for"},
    "de": {"der", "die", "und", "das", "nicht", "mit", "sich", "ist", "den", "von"},
    "fr": {"le", "la", "les", "et", "des", "est", "que", "une", "dans", "pour"},
    "pl": {"nie", "się", "jest", "że", "na", "do", "oraz", "przez", "jak", "który"},
    "hu": {"és", "a", "az", "hogy", "nem", "egy", "is", "meg", "volt", "van"},
    "ro": {"și", "în", "este", "care", "pentru", "nu", "din", "cu", "la", "un"},
    "es": {"el", "la", "de", "que", "y", "en", "los", "del", "las", "por"},
}


def tag_for(name: str) -> str | None:
    """The BCP 47 tag of a language name ("Russian" → "ru"), None when unknown."""
    return _TAGS.get(name.strip().lower())


def name_for(tag: str) -> str:
    """An English name for a tag ("zh-Hans" → "Chinese"); the tag itself when unknown."""
    return _NAMES.get(tag, _NAMES.get(tag.split("-", maxsplit=1)[0], tag))


def language(name: str) -> Language:
    """A :class:`Language` for a name as printed."""
    return Language(name=name.strip(), ident=tag_for(name))


def chinese_variant(text: str) -> str:
    """``zh-Hans`` or ``zh-Hant`` by characters found only in one of them, else ``zh``."""
    simplified = sum(1 for ch in text if ch in _SIMPLIFIED)
    traditional = sum(1 for ch in text if ch in _TRADITIONAL)
    if simplified > 2 * traditional and simplified >= 3:
        return "zh-Hans"
    if traditional > 2 * simplified and traditional >= 3:
        return "zh-Hant"
    return "zh"


def guess_latin_language(text: str) -> str | None:
    """The language of Latin-script text by its most frequent function words, or None."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 8:
        return None
    scores = {tag: sum(1 for w in words if w in stop) for tag, stop in _STOPWORDS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] >= max(3, len(words) // 40) else None
