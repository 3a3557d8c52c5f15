"""Sentence segmentation: the abbreviation, initial and punctuation cases of the corpus."""

from __future__ import annotations

import itertools

import pytest

from pipeline.align.segment import sentence_spans, sentences

# (text, language, expected sentences); bench/bench_segment.py scores other splitters on them.
CASES = [
    # Russian abbreviations and initials
    ("Министр тов. Вышинский прибыл. Беседа началась.", "ru",
     ["Министр тов. Вышинский прибыл.", "Беседа началась."]),
    ("Он согласился, т.е. принял предложение. Затем ушёл.", "ru",
     ["Он согласился, т.е. принял предложение.", "Затем ушёл."]),
    ("Встреча с И.В. Сталиным состоялась. Всё.", "ru", ["Встреча с И.В. Сталиным состоялась.", "Всё."]),
    ("Около 400 тыс. войск взято в плен. Остальные бежали.", "ru",
     ["Около 400 тыс. войск взято в плен.", "Остальные бежали."]),
    ("Первое полугодие 1950 г. на своей территории. Далее.", "ru",
     ["Первое полугодие 1950 г. на своей территории.", "Далее."]),
    # English
    ("USSR Ambassador N.V. ROSHCHIN met Mr. Luo. They talked.", "en",
     ["USSR Ambassador N.V. ROSHCHIN met Mr. Luo.", "They talked."]),
    ("1--Cde. Gromyko, A.A. received a copy. Filed.", "en",
     ["1--Cde. Gromyko, A.A. received a copy.", "Filed."]),
    # Chinese: 。！？； and quotes
    ("他说：“我的健康很好。”然后我们吃饭。", "zh-Hans", ["他说：“我的健康很好。”", "然后我们吃饭。"]),
    ("第一点；第二点！好吗？「是」", "zh-Hans", ["第一点；", "第二点！", "好吗？", "「是」"]),
    # generic rule for other languages: German ordinals, Polish, Hungarian
    ("Die Sitzung am 3. Mai war kurz. Dann ging er.", "de",
     ["Die Sitzung am 3. Mai war kurz.", "Dann ging er."]),
    ("Tow. Gomułka przyjechał. Rozmowa trwała godzinę.", "pl",
     ["Tow. Gomułka przyjechał.", "Rozmowa trwała godzinę."]),
    ("A küldöttség megérkezett. A tárgyalás kezdődött.", "hu",
     ["A küldöttség megérkezett.", "A tárgyalás kezdődött."]),
    ("Delegația a sosit. Discuțiile au început.", "ro", ["Delegația a sosit.", "Discuțiile au început."]),
    ("대표단이 도착했다. 회담이 시작되었다.", "ko", ["대표단이 도착했다.", "회담이 시작되었다."]),
]


@pytest.mark.parametrize(("text", "lang", "expected"), CASES)
def test_sentences(text, lang, expected):
    assert sentences(text, lang) == expected


def test_spans_cover_the_text_without_gaps():
    text = "Первое. Второе предложение!  Третье?"
    spans = sentence_spans(text, "ru")
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))


def test_astral_characters_keep_offsets_right():
    text = "𠀀字。下一句。"
    assert sentences(text, "zh") == ["𠀀字。", "下一句。"]


def test_a_long_paragraph_of_false_ends_is_one_sentence_found_in_linear_time():
    """Merged spans grow; the checks look at their ends only (a 1 MB paragraph from the
    fuzz tests took minutes when each check searched the whole span)."""
    from pipeline.align.segment import sentence_spans

    text = "A. " * 100_000 + "Done."
    assert sentence_spans(text, "en") == [(0, len(text))]
