"""Which sentence splitter: ICU alone, pysbd, or ICU with the project's rules.

Run: ``.venv/bin/python bench/bench_segment.py`` (pysbd: ``pip install pysbd``; the column
is skipped without it).

Scores each splitter on the cases of tests/test_segment.py (abbreviations, initials,
Chinese punctuation, other languages: exact sentence lists) and times it on the Russian
and Chinese text of seed 001. Prints a table; asserts nothing.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.align.segment import _icu_spans, sentences  # noqa: E402
from tests.test_segment import CASES  # noqa: E402


def icu_alone(text: str, lang: str) -> list[str]:
    spans = _icu_spans(text, lang.split("-", maxsplit=1)[0])
    return [text[a:b].strip() for a, b in spans if text[a:b].strip()]


def pysbd_splitter():
    try:
        import pysbd
    except ImportError:
        return None
    cache = {}

    def split(text: str, lang: str) -> list[str]:
        code = lang.split("-", maxsplit=1)[0]
        if code not in cache:
            try:
                cache[code] = pysbd.Segmenter(language=code, clean=False)
            except ValueError:  # a language pysbd does not know
                cache[code] = pysbd.Segmenter(language="en", clean=False)
        return [s.strip() for s in cache[code].segment(text) if s.strip()]
    return split


def main() -> None:
    seed = (ROOT / "sources" / "001_51cc26c6852d2ae0.txt").read_text(encoding="utf-8")
    russian = seed[seed.index("По указанию"):]
    chinese = re.sub(r" +", "", seed[seed.index("遵照"):seed.index("По указанию")])
    splitters = {"ICU alone": icu_alone, "pysbd": pysbd_splitter(), "ICU + rules (project)": sentences}
    print(f"{'splitter':<24}{'cases right':>14}{'ms / 1000 chars':>18}")
    for name, split in splitters.items():
        if split is None:
            print(f"{name:<24}{'(not installed)':>14}")
            continue
        right = sum(1 for text, lang, expected in CASES if split(text, lang) == expected)
        start = time.perf_counter()
        for _ in range(5):
            split(russian, "ru")
            split(chinese, "zh-Hans")
        ms = (time.perf_counter() - start) / 5 / (len(russian) + len(chinese)) * 1e6
        print(f"{name:<24}{f'{right}/{len(CASES)}':>14}{ms:>18.2f}")


if __name__ == "__main__":
    main()
